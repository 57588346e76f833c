//! [`SecondStepStore`]: the second step of a sign-in for an account with two-step sign-in on, written
//! once for both databases. A right password leaves a challenge (the hash of its secret, and what the
//! session will be) instead of a session; answering it is one transaction: the challenge still holds
//! for the account as it is now, the code's time step is newer than any accepted before (or the
//! recovery code is spent), the challenge goes and the session starts.

use async_trait::async_trait;
use sqlx::{Executor, IntoArguments};
use time::OffsetDateTime;
use uuid::Uuid;

use super::activity::{self, ActivityKind, Actor, NewActivity};
use super::column::Column;
use super::records::{NewSession, SessionRecord, StartedSession};
use super::sql_store::{SqlBackend, SqlStore};
use super::{StoreResult, account_lock, sessions};

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
pub trait SecondStepStore: Send + Sync + 'static {
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

#[async_trait]
impl<DB> SecondStepStore for SqlStore<DB>
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
    (String, Option<OffsetDateTime>): for<'r> sqlx::FromRow<'r, DB::Row>,
    SessionRecord: for<'r> sqlx::FromRow<'r, DB::Row>,
    Challenge: for<'r> sqlx::FromRow<'r, DB::Row>,
{
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
