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
use super::sql_store::{SqlBackend, SqlStore};
use super::{StoreResult, account_lock, epochs};

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
}
