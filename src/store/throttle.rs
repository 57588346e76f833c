//! [`ThrottleStore`]: counted sign-in failures (and other guesses) per key and window, written once for
//! both databases, so every instance counts the same guesses.

use async_trait::async_trait;
use sqlx::{Executor, IntoArguments};
use time::OffsetDateTime;

use super::StoreResult;
use super::column::Column;
use super::records::ThrottleWindow;
use super::sql_store::{SqlBackend, SqlStore};

#[async_trait]
pub trait ThrottleStore: Send + Sync + 'static {
    /// Counts one attempt under `key` (a failure, or a guess not yet judged), starting a new window
    /// when the old one is over; returns the window with this attempt counted.
    async fn record_sign_in_failure(
        &self,
        key: &str,
        now: OffsetDateTime,
        window_started_after: OffsetDateTime,
    ) -> StoreResult<ThrottleWindow>;
    /// The current failure window for `key`, if any.
    async fn sign_in_failures(&self, key: &str) -> StoreResult<Option<ThrottleWindow>>;
    async fn clear_sign_in_failures(&self, key: &str) -> StoreResult<()>;
    /// Takes back one attempt counted under `key` that turned out not to be a wrong guess.
    async fn forget_sign_in_attempt(&self, key: &str) -> StoreResult<()>;
}

/// One statement, so concurrent failures under one key cannot lose a count.
const RECORD_SIGN_IN_FAILURE: &str = "INSERT INTO sign_in_failures (throttle_key, failures, window_started_at) \
     VALUES ($1, 1, $2) \
     ON CONFLICT (throttle_key) DO UPDATE SET \
       failures = CASE WHEN sign_in_failures.window_started_at > $3 THEN sign_in_failures.failures + 1 ELSE 1 END, \
       window_started_at = CASE WHEN sign_in_failures.window_started_at > $3 \
         THEN sign_in_failures.window_started_at ELSE $2 END \
     RETURNING failures, window_started_at";

const SIGN_IN_FAILURES: &str = "SELECT failures, window_started_at FROM sign_in_failures WHERE throttle_key = $1";

const CLEAR_SIGN_IN_FAILURES: &str = "DELETE FROM sign_in_failures WHERE throttle_key = $1";

const FORGET_SIGN_IN_ATTEMPT: &str =
    "UPDATE sign_in_failures SET failures = failures - 1 WHERE throttle_key = $1 AND failures > 0";

#[async_trait]
impl<DB> ThrottleStore for SqlStore<DB>
where
    DB: SqlBackend,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    DB::Arguments: IntoArguments<DB>,
    String: Column<DB>,
    OffsetDateTime: Column<DB>,
    ThrottleWindow: for<'r> sqlx::FromRow<'r, DB::Row>,
{
    async fn record_sign_in_failure(
        &self,
        key: &str,
        now: OffsetDateTime,
        window_started_after: OffsetDateTime,
    ) -> StoreResult<ThrottleWindow> {
        Ok(sqlx::query_as(RECORD_SIGN_IN_FAILURE)
            .bind(key.to_string())
            .bind(now)
            .bind(window_started_after)
            .fetch_one(&self.pool)
            .await?)
    }

    async fn sign_in_failures(&self, key: &str) -> StoreResult<Option<ThrottleWindow>> {
        Ok(sqlx::query_as(SIGN_IN_FAILURES).bind(key.to_string()).fetch_optional(&self.pool).await?)
    }

    async fn clear_sign_in_failures(&self, key: &str) -> StoreResult<()> {
        sqlx::query(CLEAR_SIGN_IN_FAILURES).bind(key.to_string()).execute(&self.pool).await?;
        Ok(())
    }

    async fn forget_sign_in_attempt(&self, key: &str) -> StoreResult<()> {
        sqlx::query(FORGET_SIGN_IN_ATTEMPT).bind(key.to_string()).execute(&self.pool).await?;
        Ok(())
    }
}
