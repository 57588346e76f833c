//! [`TwoStepStore`]: two-step sign-in (a code from an authenticator app after the password), written
//! once for both databases: the shared secret and the last time step a code was accepted for, the
//! secret shown but not yet confirmed, recovery codes (hashes only), and the second-step challenges a
//! right password leaves instead of a session. Answering a challenge is one transaction: the challenge
//! still holds for the account as it is now, the code's step is newer than any accepted before (or the
//! recovery code is spent), the challenge goes and the session starts.

use async_trait::async_trait;
use sqlx::{Executor, IntoArguments};
use time::OffsetDateTime;
use uuid::Uuid;

use super::activity::{self, ActivityKind, Actor, NewActivity};
use super::column::Column;
use super::records::{NewSession, SessionRecord, StartedSession};
use super::sql_store::{SqlBackend, SqlStore};
use super::{StoreResult, account_lock, epochs, sessions};

/// A right password for an account with two-step sign-in on: what the session will be, once answered.
#[derive(Debug, Clone)]
pub struct NewChallenge {
    /// SHA-256 of the challenge's secret.
    pub token_hash: Vec<u8>,
    pub account_id: Uuid,
    /// The credential version the password was right for.
    pub credential_version: i64,
    pub known_device: bool,
    pub device_name: String,
    /// [`crate::domain::device::DeviceKind`]'s name.
    pub device_kind: String,
    pub remember: bool,
    pub ip: Option<String>,
    /// [`crate::domain::session_lifetime::SessionLifetime`]'s name.
    pub lifetime: String,
    /// Where a browser goes once signed in (empty: "Who's watching?").
    pub next: String,
    pub alert_origin: Option<String>,
    pub created_at: OffsetDateTime,
    pub expires_at: OffsetDateTime,
}

/// A challenge as stored, while it may still be answered.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Challenge {
    pub account_id: Uuid,
    pub credential_version: i64,
    pub known_device: bool,
    pub device_name: String,
    pub device_kind: String,
    pub remember: bool,
    pub ip: Option<String>,
    pub lifetime: String,
    pub next: String,
    pub alert_origin: Option<String>,
    pub expires_at: OffsetDateTime,
}

/// The second step, as checked before the transaction that spends it.
#[derive(Debug, Clone)]
pub enum SecondStepAnswer {
    /// A code from the app that is right for `step` (a 30-second step) of `secret`.
    Code { secret: String, step: i64 },
    /// The SHA-256 of a recovery code.
    RecoveryCode { hash: Vec<u8> },
}

/// What answering a challenge came to.
#[derive(Debug)]
pub enum SecondStepOutcome {
    Started(Box<StartedSession>),
    /// The code was used already (or the recovery code is not one of the account's): nothing changed.
    Refused,
    /// The challenge expired, is unknown, or the account's password or sessions changed since it was
    /// made, or two-step sign-in was turned off: nothing changed.
    Gone,
}

#[async_trait]
pub trait TwoStepStore: Send + Sync + 'static {
    /// The account's shared secret while two-step sign-in is on.
    async fn two_step_secret(&self, account_id: Uuid) -> StoreResult<Option<String>>;
    /// How many unused recovery codes the account has.
    async fn recovery_codes_left(&self, account_id: Uuid) -> StoreResult<i64>;
    /// Keeps a secret shown to the owner until `expires_at` (replacing any shown before).
    async fn set_pending_two_step(&self, account_id: Uuid, secret: &str, expires_at: OffsetDateTime)
    -> StoreResult<()>;
    /// The secret shown to the owner and not yet confirmed, if it has not expired.
    async fn pending_two_step(&self, account_id: Uuid, now: OffsetDateTime) -> StoreResult<Option<String>>;
    /// Turns two-step sign-in on with the pending `secret`, whose code was right for `step`, and
    /// stores the recovery codes' hashes, recorded as done by `by`; false (nothing changed) when that
    /// secret is no longer pending or two-step sign-in is on already.
    async fn enable_two_step(
        &self,
        by: &Actor,
        account_id: Uuid,
        secret: &str,
        step: i64,
        recovery_code_hashes: &[Vec<u8>],
        now: OffsetDateTime,
    ) -> StoreResult<bool>;
    /// Turns two-step sign-in off (its secret, recovery codes and open challenges go), recorded as
    /// done by `by`; false when it was off.
    async fn disable_two_step(&self, by: &Actor, account_id: Uuid, now: OffsetDateTime) -> StoreResult<bool>;
    /// Replaces the account's recovery codes; false (nothing changed) when two-step sign-in is off.
    async fn replace_recovery_codes(
        &self,
        by: &Actor,
        account_id: Uuid,
        recovery_code_hashes: &[Vec<u8>],
        now: OffsetDateTime,
    ) -> StoreResult<bool>;
    /// Turns two-step sign-in off and signs every device out (one epoch move), in one transaction,
    /// recorded as done by `by`; the sessions that ended.
    async fn reset_two_step(&self, by: &Actor, account_id: Uuid, now: OffsetDateTime) -> StoreResult<Vec<Uuid>>;
    /// Stores a challenge, made under the account's current session epoch; false when the account's
    /// credential version is no longer `challenge.credential_version`.
    async fn create_challenge(&self, challenge: NewChallenge) -> StoreResult<bool>;
    /// The challenge with this secret's hash, while it may still be answered at `now`.
    async fn challenge(
        &self,
        token_hash: &[u8],
        now: OffsetDateTime,
        most_wrong: i64,
    ) -> StoreResult<Option<Challenge>>;
    /// Counts a wrong answer to the challenge; at `most_wrong` it can no longer be answered.
    async fn note_wrong_answer(&self, token_hash: &[u8], most_wrong: i64) -> StoreResult<()>;
    /// Answers the challenge and starts `session` in one transaction (see [`SecondStepOutcome`]).
    async fn finish_second_step(
        &self,
        token_hash: &[u8],
        answer: SecondStepAnswer,
        most_wrong: i64,
        session: NewSession,
    ) -> StoreResult<SecondStepOutcome>;
}

const IS_ON: &str = "SELECT COUNT(*) FROM two_step WHERE account_id = $1";

const SECRET: &str = "SELECT secret FROM two_step WHERE account_id = $1";

const CODES_LEFT: &str = "SELECT COUNT(*) FROM recovery_codes WHERE account_id = $1";

const SET_PENDING: &str = "INSERT INTO two_step_pending (account_id, secret, expires_at) VALUES ($1, $2, $3) \
     ON CONFLICT (account_id) DO UPDATE SET secret = excluded.secret, expires_at = excluded.expires_at";

const PENDING: &str = "SELECT secret FROM two_step_pending WHERE account_id = $1 AND expires_at > $2";

/// Spends the pending secret: only the one shown, only before it expires.
const TAKE_PENDING: &str =
    "DELETE FROM two_step_pending WHERE account_id = $1 AND secret = $2 AND expires_at > $3 RETURNING account_id";

const ENABLE: &str = "INSERT INTO two_step (account_id, secret, enabled_at, last_step) VALUES ($1, $2, $3, $4) \
     ON CONFLICT (account_id) DO NOTHING";

const DISABLE: &str = "DELETE FROM two_step WHERE account_id = $1";

const DELETE_CODES: &str = "DELETE FROM recovery_codes WHERE account_id = $1";

const INSERT_CODE: &str = "INSERT INTO recovery_codes (account_id, code_hash) VALUES ($1, $2)";

const DELETE_CHALLENGES: &str = "DELETE FROM second_step_challenges WHERE account_id = $1";

const DELETE_PENDING: &str = "DELETE FROM two_step_pending WHERE account_id = $1";

/// Made only while the account still has the credential version the password was right for, under
/// its session epoch of now.
const CREATE_CHALLENGE: &str = "INSERT INTO second_step_challenges (token_hash, account_id, credential_version, \
     session_epoch, known_device, device_name, device_kind, remember, ip, lifetime, next, alert_origin, \
     created_at, expires_at) \
     SELECT $1, id, credential_version, session_epoch, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13 FROM accounts \
     WHERE id = $2 AND credential_version = $3";

const CHALLENGE: &str = "SELECT account_id, credential_version, known_device, device_name, device_kind, remember, \
     ip, lifetime, next, alert_origin, expires_at FROM second_step_challenges \
     WHERE token_hash = $1 AND expires_at > $2 AND wrong_answers < $3";

const COUNT_WRONG: &str = "UPDATE second_step_challenges SET wrong_answers = wrong_answers + 1 WHERE token_hash = $1";

const DELETE_SPENT: &str = "DELETE FROM second_step_challenges WHERE token_hash = $1 AND wrong_answers >= $2";

/// The challenge still holds: unexpired, not answered wrong too often, and the account's credential
/// version and session epoch are those it was made under (a password change or a sign-out of every
/// device in between ends it). Read after the account is locked.
const CHALLENGE_HOLDS: &str = "SELECT COUNT(*) FROM second_step_challenges c JOIN accounts a ON a.id = c.account_id \
     WHERE c.token_hash = $1 AND c.account_id = $2 AND c.expires_at > $3 AND c.wrong_answers < $4 \
     AND a.credential_version = c.credential_version AND a.session_epoch = c.session_epoch";

/// Accepts a code's time step only if it is newer than every step accepted before: of two sign-ins
/// racing with the same code, exactly one writes its row.
const ACCEPT_STEP: &str = "UPDATE two_step SET last_step = $3 WHERE account_id = $1 AND secret = $2 AND last_step < $3";

/// Spends a recovery code, while two-step sign-in is on.
const SPEND_CODE: &str = "DELETE FROM recovery_codes WHERE account_id = $1 AND code_hash = $2 \
     AND EXISTS (SELECT 1 FROM two_step WHERE two_step.account_id = $1)";

const DELETE_CHALLENGE: &str = "DELETE FROM second_step_challenges WHERE token_hash = $1";

/// Whether the account has two-step sign-in on, in the caller's transaction.
pub(super) async fn is_on<DB>(connection: &mut DB::Connection, account_id: Uuid) -> StoreResult<bool>
where
    DB: SqlBackend,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    DB::Arguments: IntoArguments<DB>,
    Uuid: Column<DB>,
    i64: Column<DB>,
    (i64,): for<'r> sqlx::FromRow<'r, DB::Row>,
{
    let count: i64 = sqlx::query_scalar(IS_ON).bind(account_id).fetch_one(connection).await?;
    Ok(count > 0)
}

/// Turns two-step sign-in off in the caller's transaction; whether it was on.
async fn turn_off<DB>(connection: &mut DB::Connection, account_id: Uuid) -> StoreResult<bool>
where
    DB: SqlBackend,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    DB::Arguments: IntoArguments<DB>,
    Uuid: Column<DB>,
{
    let removed = sqlx::query(DISABLE).bind(account_id).execute(&mut *connection).await?;
    for statement in [DELETE_CODES, DELETE_CHALLENGES, DELETE_PENDING] {
        sqlx::query(statement).bind(account_id).execute(&mut *connection).await?;
    }
    Ok(DB::rows_affected(&removed) == 1)
}

/// Stores recovery code hashes in the caller's transaction.
async fn insert_codes<DB>(connection: &mut DB::Connection, account_id: Uuid, hashes: &[Vec<u8>]) -> StoreResult<()>
where
    DB: SqlBackend,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    DB::Arguments: IntoArguments<DB>,
    Uuid: Column<DB>,
    Vec<u8>: Column<DB>,
{
    for hash in hashes {
        sqlx::query(INSERT_CODE).bind(account_id).bind(hash.clone()).execute(&mut *connection).await?;
    }
    Ok(())
}

#[async_trait]
impl<DB> TwoStepStore for SqlStore<DB>
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
    (String, Option<OffsetDateTime>): for<'r> sqlx::FromRow<'r, DB::Row>,
    SessionRecord: for<'r> sqlx::FromRow<'r, DB::Row>,
    Challenge: for<'r> sqlx::FromRow<'r, DB::Row>,
{
    async fn two_step_secret(&self, account_id: Uuid) -> StoreResult<Option<String>> {
        Ok(sqlx::query_scalar(SECRET).bind(account_id).fetch_optional(&self.pool).await?)
    }

    async fn recovery_codes_left(&self, account_id: Uuid) -> StoreResult<i64> {
        Ok(sqlx::query_scalar(CODES_LEFT).bind(account_id).fetch_one(&self.pool).await?)
    }

    async fn set_pending_two_step(
        &self,
        account_id: Uuid,
        secret: &str,
        expires_at: OffsetDateTime,
    ) -> StoreResult<()> {
        sqlx::query(SET_PENDING).bind(account_id).bind(secret.to_string()).bind(expires_at).execute(&self.pool).await?;
        Ok(())
    }

    async fn pending_two_step(&self, account_id: Uuid, now: OffsetDateTime) -> StoreResult<Option<String>> {
        Ok(sqlx::query_scalar(PENDING).bind(account_id).bind(now).fetch_optional(&self.pool).await?)
    }

    async fn enable_two_step(
        &self,
        by: &Actor,
        account_id: Uuid,
        secret: &str,
        step: i64,
        recovery_code_hashes: &[Vec<u8>],
        now: OffsetDateTime,
    ) -> StoreResult<bool> {
        let mut tx = self.pool.begin().await?;
        account_lock::lock_account::<DB>(&mut tx, account_id).await?;
        let taken: Option<Uuid> = sqlx::query_scalar(TAKE_PENDING)
            .bind(account_id)
            .bind(secret.to_string())
            .bind(now)
            .fetch_optional(&mut *tx)
            .await?;
        if taken.is_none() {
            return Ok(false);
        }
        let enabled = sqlx::query(ENABLE)
            .bind(account_id)
            .bind(secret.to_string())
            .bind(now)
            .bind(step)
            .execute(&mut *tx)
            .await?;
        if DB::rows_affected(&enabled) != 1 {
            return Ok(false);
        }
        sqlx::query(DELETE_CODES).bind(account_id).execute(&mut *tx).await?;
        insert_codes::<DB>(&mut tx, account_id, recovery_code_hashes).await?;
        activity::record::<DB>(&mut tx, NewActivity::of(ActivityKind::TwoStepOn, account_id, by, now)).await?;
        tx.commit().await?;
        Ok(true)
    }

    async fn disable_two_step(&self, by: &Actor, account_id: Uuid, now: OffsetDateTime) -> StoreResult<bool> {
        let mut tx = self.pool.begin().await?;
        account_lock::lock_account::<DB>(&mut tx, account_id).await?;
        if !turn_off::<DB>(&mut tx, account_id).await? {
            return Ok(false);
        }
        activity::record::<DB>(&mut tx, NewActivity::of(ActivityKind::TwoStepOff, account_id, by, now)).await?;
        tx.commit().await?;
        Ok(true)
    }

    async fn replace_recovery_codes(
        &self,
        by: &Actor,
        account_id: Uuid,
        recovery_code_hashes: &[Vec<u8>],
        now: OffsetDateTime,
    ) -> StoreResult<bool> {
        let mut tx = self.pool.begin().await?;
        account_lock::lock_account::<DB>(&mut tx, account_id).await?;
        if !is_on::<DB>(&mut tx, account_id).await? {
            return Ok(false);
        }
        sqlx::query(DELETE_CODES).bind(account_id).execute(&mut *tx).await?;
        insert_codes::<DB>(&mut tx, account_id, recovery_code_hashes).await?;
        let entry = NewActivity::of(ActivityKind::RecoveryCodesMade, account_id, by, now);
        activity::record::<DB>(&mut tx, entry).await?;
        tx.commit().await?;
        Ok(true)
    }

    async fn reset_two_step(&self, by: &Actor, account_id: Uuid, now: OffsetDateTime) -> StoreResult<Vec<Uuid>> {
        let mut tx = self.pool.begin().await?;
        // Moving the epoch writes the account's row first, as every transaction that locks it does.
        let signed_out = epochs::end_epoch_logged::<DB>(&mut tx, account_id, None, now).await?;
        turn_off::<DB>(&mut tx, account_id).await?;
        activity::record::<DB>(&mut tx, NewActivity::of(ActivityKind::TwoStepOff, account_id, by, now)).await?;
        let everywhere = NewActivity::of(ActivityKind::SignedOutEverywhere, account_id, by, now);
        activity::record::<DB>(&mut tx, everywhere).await?;
        tx.commit().await?;
        Ok(signed_out)
    }

    async fn create_challenge(&self, challenge: NewChallenge) -> StoreResult<bool> {
        let created = sqlx::query(CREATE_CHALLENGE)
            .bind(challenge.token_hash)
            .bind(challenge.account_id)
            .bind(challenge.credential_version)
            .bind(challenge.known_device)
            .bind(challenge.device_name)
            .bind(challenge.device_kind)
            .bind(challenge.remember)
            .bind(challenge.ip)
            .bind(challenge.lifetime)
            .bind(challenge.next)
            .bind(challenge.alert_origin)
            .bind(challenge.created_at)
            .bind(challenge.expires_at)
            .execute(&self.pool)
            .await?;
        Ok(DB::rows_affected(&created) == 1)
    }

    async fn challenge(
        &self,
        token_hash: &[u8],
        now: OffsetDateTime,
        most_wrong: i64,
    ) -> StoreResult<Option<Challenge>> {
        Ok(sqlx::query_as(CHALLENGE)
            .bind(token_hash.to_vec())
            .bind(now)
            .bind(most_wrong)
            .fetch_optional(&self.pool)
            .await?)
    }

    async fn note_wrong_answer(&self, token_hash: &[u8], most_wrong: i64) -> StoreResult<()> {
        let mut tx = self.pool.begin().await?;
        sqlx::query(COUNT_WRONG).bind(token_hash.to_vec()).execute(&mut *tx).await?;
        sqlx::query(DELETE_SPENT).bind(token_hash.to_vec()).bind(most_wrong).execute(&mut *tx).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn finish_second_step(
        &self,
        token_hash: &[u8],
        answer: SecondStepAnswer,
        most_wrong: i64,
        session: NewSession,
    ) -> StoreResult<SecondStepOutcome> {
        let account_id = session.account_id;
        let now = session.created_at;
        let mut tx = self.pool.begin().await?;
        account_lock::lock_account::<DB>(&mut tx, account_id).await?;
        let holds: i64 = sqlx::query_scalar(CHALLENGE_HOLDS)
            .bind(token_hash.to_vec())
            .bind(account_id)
            .bind(now)
            .bind(most_wrong)
            .fetch_one(&mut *tx)
            .await?;
        if holds == 0 {
            return Ok(SecondStepOutcome::Gone);
        }
        let recovery = matches!(answer, SecondStepAnswer::RecoveryCode { .. });
        let accepted = match answer {
            SecondStepAnswer::Code { secret, step } => {
                sqlx::query(ACCEPT_STEP).bind(account_id).bind(secret).bind(step).execute(&mut *tx).await?
            }
            SecondStepAnswer::RecoveryCode { hash } => {
                sqlx::query(SPEND_CODE).bind(account_id).bind(hash).execute(&mut *tx).await?
            }
        };
        if DB::rows_affected(&accepted) != 1 {
            return Ok(SecondStepOutcome::Refused);
        }
        sqlx::query(DELETE_CHALLENGE).bind(token_hash.to_vec()).execute(&mut *tx).await?;
        let Some(started) = sessions::start_session::<DB>(&mut tx, session).await? else {
            return Ok(SecondStepOutcome::Gone);
        };
        if recovery {
            let device = Actor { session_id: Some(started.record.id), address: started.record.ip.clone() };
            let entry = NewActivity::of(ActivityKind::RecoveryCodeUsed, account_id, &device, now);
            activity::record::<DB>(&mut tx, entry).await?;
        }
        tx.commit().await?;
        Ok(SecondStepOutcome::Started(Box::new(started)))
    }
}
