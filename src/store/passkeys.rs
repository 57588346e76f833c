//! [`PasskeyStore`]: an account's passkeys, the ceremonies between a passkey's options and its answer,
//! and the one-shot passkey proof a signed-in device may spend instead of its password, written once
//! for both databases.

use async_trait::async_trait;
use sqlx::{Executor, IntoArguments};
use time::OffsetDateTime;
use uuid::Uuid;

use super::activity::{self, ActivityKind, Actor, NewActivity};
use super::column::Column;
use super::records::SessionEventKind;
use super::sessions::LIVE;
use super::sql_store::{SqlBackend, SqlStore};
use super::{StoreError, StoreResult, account_lock, events, is_unique_violation};

/// A passkey as stored: its WebAuthn credential (serialised by the caller) and what its owner sees.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct PasskeyRecord {
    pub id: Uuid,
    pub account_id: Uuid,
    pub credential_id: Vec<u8>,
    /// The credential as webauthn-rs serialises it (JSON), kept up to date after each use.
    pub credential: String,
    pub name: String,
    pub created_at: OffsetDateTime,
    pub last_used_at: Option<OffsetDateTime>,
}

/// A passkey just registered.
#[derive(Debug, Clone)]
pub struct NewPasskey {
    pub account_id: Uuid,
    pub credential_id: Vec<u8>,
    pub credential: String,
    pub name: String,
    pub backup_eligible: bool,
    pub backed_up: bool,
    pub created_at: OffsetDateTime,
}

/// What a passkey's use changed in it: the credential (its counter), and the flags it reported.
#[derive(Debug, Clone)]
pub struct PasskeyUse {
    pub passkey_id: Uuid,
    pub credential: String,
    pub sign_count: i64,
    pub backup_eligible: bool,
    pub backed_up: bool,
    pub at: OffsetDateTime,
}

/// What a ceremony is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CeremonyPurpose {
    /// Adding a passkey to the signed-in account.
    Register,
    /// Signing in: no account is known until the answer names one.
    SignIn,
    /// A signed-in device proving one of its account's passkeys instead of the password.
    Reauthenticate,
}

impl CeremonyPurpose {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Register => "register",
            Self::SignIn => "sign_in",
            Self::Reauthenticate => "reauthenticate",
        }
    }
}

/// A ceremony between its options and its answer.
#[derive(Debug, Clone)]
pub struct NewCeremony {
    /// SHA-256 of the id the browser holds.
    pub id_hash: Vec<u8>,
    pub purpose: CeremonyPurpose,
    /// The account and session that asked (`None` for a sign-in).
    pub account_id: Option<Uuid>,
    pub session_id: Option<Uuid>,
    /// The name chosen for a passkey being added.
    pub name: Option<String>,
    /// The webauthn-rs state, serialised.
    pub state: String,
    pub created_at: OffsetDateTime,
    pub expires_at: OffsetDateTime,
}

/// Who may use a ceremony: it is taken only when all of this matches it.
#[derive(Debug, Clone, Copy)]
pub struct CeremonyClaim<'a> {
    pub id_hash: &'a [u8],
    pub purpose: CeremonyPurpose,
    /// The account and session it was asked on (`None` for a sign-in).
    pub asked_on: Option<(Uuid, Uuid)>,
    /// For a sign-in, the account the answer names: refused if it signed out of every device since
    /// the ceremony began.
    pub signing_in: Option<Uuid>,
    pub now: OffsetDateTime,
}

/// A ceremony's state and chosen name, once taken (and so deleted).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TakenCeremony {
    pub state: String,
    pub name: Option<String>,
}

/// A passkey removed, and the sessions signed in with it that its removal signed out.
#[derive(Debug, Clone)]
pub struct RemovedPasskey {
    pub name: String,
    pub signed_out: Vec<Uuid>,
}

#[async_trait]
pub trait PasskeyStore: Send + Sync + 'static {
    /// The account's WebAuthn user id, made (at random) the first time it is asked for; `None`
    /// when there is no such account.
    async fn webauthn_user_id(&self, account_id: Uuid, fresh: Uuid) -> StoreResult<Option<Uuid>>;
    /// The account's passkeys, oldest first.
    async fn account_passkeys(&self, account_id: Uuid) -> StoreResult<Vec<PasskeyRecord>>;
    /// The passkey with this credential id, whichever account it is, and that account's WebAuthn user id.
    async fn passkey_by_credential_id(&self, credential_id: &[u8]) -> StoreResult<Option<(PasskeyRecord, Uuid)>>;
    /// Stores a ceremony until its answer comes (or it expires).
    async fn save_ceremony(&self, ceremony: NewCeremony) -> StoreResult<()>;
    /// Deletes and returns the ceremony the claim names, if it is unexpired and the claim's; one
    /// statement, so of several answers to one ceremony exactly one gets it.
    async fn take_ceremony(&self, claim: CeremonyClaim<'_>) -> StoreResult<Option<TakenCeremony>>;
    /// Adds a passkey and its activity entry (asked by `by`) in one transaction;
    /// [`StoreError::Conflict`] when its credential id is registered already (to any account).
    async fn add_passkey(&self, by: &Actor, passkey: NewPasskey) -> StoreResult<PasskeyRecord>;
    /// Renames one of the account's passkeys; false when it has no such passkey.
    async fn rename_passkey(&self, account_id: Uuid, passkey_id: Uuid, name: &str) -> StoreResult<bool>;
    /// Removes one of the account's passkeys and signs out every live session signed in with it,
    /// with the activity entries and session events, in one transaction; `None` when it has no such passkey.
    async fn remove_passkey(
        &self,
        by: &Actor,
        account_id: Uuid,
        passkey_id: Uuid,
        now: OffsetDateTime,
    ) -> StoreResult<Option<RemovedPasskey>>;
    /// Keeps a passkey's counter and flags as its last use reported them.
    async fn record_passkey_use(&self, used: PasskeyUse) -> StoreResult<()>;
    /// Leaves a passkey proof on a live session, good until `until`.
    async fn grant_passkey_proof(&self, session_id: Uuid, until: OffsetDateTime) -> StoreResult<bool>;
    /// Spends the session's passkey proof if it is still good at `now`; true once per proof.
    async fn spend_passkey_proof(&self, session_id: Uuid, now: OffsetDateTime) -> StoreResult<bool>;
}

const GIVE_WEBAUTHN_USER_ID: &str =
    "UPDATE accounts SET webauthn_user_id = COALESCE(webauthn_user_id, $2) WHERE id = $1 RETURNING webauthn_user_id";

const PASSKEY_COLUMNS: &str = "id, account_id, credential_id, credential, name, created_at, last_used_at";

static ACCOUNT_PASSKEYS: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
    format!("SELECT {PASSKEY_COLUMNS} FROM passkeys WHERE account_id = $1 ORDER BY created_at, id")
});

const PASSKEY_BY_CREDENTIAL_ID: &str = "SELECT p.id, p.account_id, p.credential_id, p.credential, p.name, p.created_at, p.last_used_at, \
     a.webauthn_user_id FROM passkeys p JOIN accounts a ON a.id = p.account_id \
     WHERE p.credential_id = $1 AND a.webauthn_user_id IS NOT NULL";

const SAVE_CEREMONY: &str = "INSERT INTO passkey_ceremonies \
     (id_hash, purpose, account_id, session_id, name, state, created_at, expires_at) \
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)";

/// `$3`/`$4` the account and session it was asked on (nil for a sign-in); `$5` the account a
/// sign-in answer names (nil otherwise), which must not have signed out everywhere since it began.
const TAKE_CEREMONY: &str = "DELETE FROM passkey_ceremonies \
     WHERE id_hash = $1 AND purpose = $2 AND expires_at > $6 \
     AND COALESCE(account_id, $7) = $3 AND COALESCE(session_id, $7) = $4 \
     AND NOT EXISTS (SELECT 1 FROM ended_epochs e WHERE e.account_id = $5 \
       AND e.ended_at >= passkey_ceremonies.created_at) \
     RETURNING state, name";

static INSERT_PASSKEY: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
    format!(
        "INSERT INTO passkeys (id, account_id, credential_id, credential, name, created_at, backup_eligible, \
         backed_up) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING {PASSKEY_COLUMNS}"
    )
});

const RENAME_PASSKEY: &str = "UPDATE passkeys SET name = $3 WHERE account_id = $1 AND id = $2";

const DELETE_PASSKEY: &str = "DELETE FROM passkeys WHERE account_id = $1 AND id = $2 RETURNING name";

static REVOKE_SIGNED_IN_WITH: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
    format!("UPDATE sessions SET revoked_at = $3 WHERE account_id = $1 AND passkey_id = $2 AND {LIVE} RETURNING id")
});

const RECORD_PASSKEY_USE: &str = "UPDATE passkeys SET credential = $2, sign_count = $3, backup_eligible = $4, \
     backed_up = $5, last_used_at = $6 WHERE id = $1";

const GRANT_PASSKEY_PROOF: &str = "UPDATE sessions SET passkey_proof_until = $2 WHERE id = $1 AND revoked_at IS NULL";

/// One statement: of two forms sent at once with the same proof, one spends it.
const SPEND_PASSKEY_PROOF: &str = "UPDATE sessions SET passkey_proof_until = NULL \
     WHERE id = $1 AND revoked_at IS NULL AND passkey_proof_until >= $2";

#[async_trait]
impl<DB> PasskeyStore for SqlStore<DB>
where
    DB: SqlBackend,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    DB::Arguments: IntoArguments<DB>,
    Uuid: Column<DB>,
    Option<Uuid>: Column<DB>,
    String: Column<DB>,
    Option<String>: Column<DB>,
    Vec<u8>: Column<DB>,
    bool: Column<DB>,
    i64: Column<DB>,
    OffsetDateTime: Column<DB>,
    (i64,): for<'r> sqlx::FromRow<'r, DB::Row>,
    (Uuid,): for<'r> sqlx::FromRow<'r, DB::Row>,
    (String,): for<'r> sqlx::FromRow<'r, DB::Row>,
    (Option<Uuid>,): for<'r> sqlx::FromRow<'r, DB::Row>,
    (String, Option<String>): for<'r> sqlx::FromRow<'r, DB::Row>,
    PasskeyRecord: for<'r> sqlx::FromRow<'r, DB::Row>,
    PasskeyWithUser: for<'r> sqlx::FromRow<'r, DB::Row>,
{
    async fn webauthn_user_id(&self, account_id: Uuid, fresh: Uuid) -> StoreResult<Option<Uuid>> {
        let given: Option<Option<Uuid>> =
            sqlx::query_scalar(GIVE_WEBAUTHN_USER_ID).bind(account_id).bind(fresh).fetch_optional(&self.pool).await?;
        Ok(given.flatten())
    }

    async fn account_passkeys(&self, account_id: Uuid) -> StoreResult<Vec<PasskeyRecord>> {
        Ok(sqlx::query_as(ACCOUNT_PASSKEYS.as_str()).bind(account_id).fetch_all(&self.pool).await?)
    }

    async fn passkey_by_credential_id(&self, credential_id: &[u8]) -> StoreResult<Option<(PasskeyRecord, Uuid)>> {
        let found: Option<PasskeyWithUser> =
            sqlx::query_as(PASSKEY_BY_CREDENTIAL_ID).bind(credential_id.to_vec()).fetch_optional(&self.pool).await?;
        Ok(found.and_then(|row| {
            let user = row.webauthn_user_id?;
            Some((
                PasskeyRecord {
                    id: row.id,
                    account_id: row.account_id,
                    credential_id: row.credential_id,
                    credential: row.credential,
                    name: row.name,
                    created_at: row.created_at,
                    last_used_at: row.last_used_at,
                },
                user,
            ))
        }))
    }

    async fn save_ceremony(&self, ceremony: NewCeremony) -> StoreResult<()> {
        sqlx::query(SAVE_CEREMONY)
            .bind(ceremony.id_hash)
            .bind(ceremony.purpose.as_str().to_string())
            .bind(ceremony.account_id)
            .bind(ceremony.session_id)
            .bind(ceremony.name)
            .bind(ceremony.state)
            .bind(ceremony.created_at)
            .bind(ceremony.expires_at)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    async fn take_ceremony(&self, claim: CeremonyClaim<'_>) -> StoreResult<Option<TakenCeremony>> {
        let (account_id, session_id) = claim.asked_on.unwrap_or((Uuid::nil(), Uuid::nil()));
        let taken: Option<(String, Option<String>)> = sqlx::query_as(TAKE_CEREMONY)
            .bind(claim.id_hash.to_vec())
            .bind(claim.purpose.as_str().to_string())
            .bind(account_id)
            .bind(session_id)
            .bind(claim.signing_in.unwrap_or(Uuid::nil()))
            .bind(claim.now)
            .bind(Uuid::nil())
            .fetch_optional(&self.pool)
            .await?;
        Ok(taken.map(|(state, name)| TakenCeremony { state, name }))
    }

    async fn add_passkey(&self, by: &Actor, passkey: NewPasskey) -> StoreResult<PasskeyRecord> {
        let mut tx = self.pool.begin().await?;
        let inserted: Result<PasskeyRecord, sqlx::Error> = sqlx::query_as(INSERT_PASSKEY.as_str())
            .bind(Uuid::now_v7())
            .bind(passkey.account_id)
            .bind(passkey.credential_id)
            .bind(passkey.credential)
            .bind(passkey.name.clone())
            .bind(passkey.created_at)
            .bind(passkey.backup_eligible)
            .bind(passkey.backed_up)
            .fetch_one(&mut *tx)
            .await;
        let record = match inserted {
            Ok(record) => record,
            Err(error) if is_unique_violation(&error) => return Err(StoreError::Conflict("passkey")),
            Err(error) => return Err(error.into()),
        };
        let entry = NewActivity::of(ActivityKind::PasskeyAdded, passkey.account_id, by, passkey.created_at)
            .naming(Some(passkey.name), None);
        activity::record::<DB>(&mut tx, entry).await?;
        tx.commit().await?;
        Ok(record)
    }

    async fn rename_passkey(&self, account_id: Uuid, passkey_id: Uuid, name: &str) -> StoreResult<bool> {
        let done = sqlx::query(RENAME_PASSKEY)
            .bind(account_id)
            .bind(passkey_id)
            .bind(name.to_string())
            .execute(&self.pool)
            .await?;
        Ok(DB::rows_affected(&done) == 1)
    }

    async fn remove_passkey(
        &self,
        by: &Actor,
        account_id: Uuid,
        passkey_id: Uuid,
        now: OffsetDateTime,
    ) -> StoreResult<Option<RemovedPasskey>> {
        let mut tx = self.pool.begin().await?;
        // A sign-in with this passkey either committed before (and is signed out here) or waits and
        // then finds it gone.
        account_lock::lock_account::<DB>(&mut tx, account_id).await?;
        let name: Option<String> =
            sqlx::query_scalar(DELETE_PASSKEY).bind(account_id).bind(passkey_id).fetch_optional(&mut *tx).await?;
        let Some(name) = name else {
            return Ok(None);
        };
        let signed_out: Vec<Uuid> = sqlx::query_scalar(REVOKE_SIGNED_IN_WITH.as_str())
            .bind(account_id)
            .bind(passkey_id)
            .bind(now)
            .fetch_all(&mut *tx)
            .await?;
        events::log::<DB>(&mut tx, SessionEventKind::Revoked, account_id, &signed_out, now).await?;
        let entry = NewActivity::of(ActivityKind::PasskeyRemoved, account_id, by, now).naming(Some(name.clone()), None);
        activity::record::<DB>(&mut tx, entry).await?;
        for session in &signed_out {
            let entry = NewActivity::of(ActivityKind::SignedOut, account_id, by, now).about(Some(*session));
            activity::record::<DB>(&mut tx, entry).await?;
        }
        tx.commit().await?;
        Ok(Some(RemovedPasskey { name, signed_out }))
    }

    async fn record_passkey_use(&self, used: PasskeyUse) -> StoreResult<()> {
        sqlx::query(RECORD_PASSKEY_USE)
            .bind(used.passkey_id)
            .bind(used.credential)
            .bind(used.sign_count)
            .bind(used.backup_eligible)
            .bind(used.backed_up)
            .bind(used.at)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    async fn grant_passkey_proof(&self, session_id: Uuid, until: OffsetDateTime) -> StoreResult<bool> {
        let done = sqlx::query(GRANT_PASSKEY_PROOF).bind(session_id).bind(until).execute(&self.pool).await?;
        Ok(DB::rows_affected(&done) == 1)
    }

    async fn spend_passkey_proof(&self, session_id: Uuid, now: OffsetDateTime) -> StoreResult<bool> {
        let done = sqlx::query(SPEND_PASSKEY_PROOF).bind(session_id).bind(now).execute(&self.pool).await?;
        Ok(DB::rows_affected(&done) == 1)
    }
}

/// A passkey with its account's WebAuthn user id, as [`PASSKEY_BY_CREDENTIAL_ID`] reads it.
#[derive(sqlx::FromRow)]
pub struct PasskeyWithUser {
    id: Uuid,
    account_id: Uuid,
    credential_id: Vec<u8>,
    credential: String,
    name: String,
    created_at: OffsetDateTime,
    last_used_at: Option<OffsetDateTime>,
    webauthn_user_id: Option<Uuid>,
}
