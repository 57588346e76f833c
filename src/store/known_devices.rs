//! [`KnownDeviceStore`]: which devices have signed in to an account before (so a sign-in from a new
//! one can be told apart), written once for both databases.

use async_trait::async_trait;
use sqlx::{Executor, IntoArguments};
use time::OffsetDateTime;
use uuid::Uuid;

use super::StoreResult;
use super::column::Column;
use super::sql_store::{SqlBackend, SqlStore};

#[async_trait]
pub trait KnownDeviceStore: Send + Sync + 'static {
    /// Remembers that the device holding this token has signed in to the account.
    async fn remember_device(&self, token_hash: &[u8], account_id: Uuid, now: OffsetDateTime) -> StoreResult<()>;
    /// Whether the device holding this token has signed in to the account before.
    async fn is_known_device(&self, token_hash: &[u8], account_id: Uuid) -> StoreResult<bool>;
}

const REMEMBER_DEVICE: &str = "INSERT INTO known_devices (token_hash, account_id, created_at) \
     VALUES ($1, $2, $3) ON CONFLICT DO NOTHING";

const IS_KNOWN_DEVICE: &str = "SELECT COUNT(*) FROM known_devices WHERE token_hash = $1 AND account_id = $2";

#[async_trait]
impl<DB> KnownDeviceStore for SqlStore<DB>
where
    DB: SqlBackend,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    DB::Arguments: IntoArguments<DB>,
    Uuid: Column<DB>,
    Vec<u8>: Column<DB>,
    OffsetDateTime: Column<DB>,
    (i64,): for<'r> sqlx::FromRow<'r, DB::Row>,
{
    async fn remember_device(&self, token_hash: &[u8], account_id: Uuid, now: OffsetDateTime) -> StoreResult<()> {
        sqlx::query(REMEMBER_DEVICE).bind(token_hash.to_vec()).bind(account_id).bind(now).execute(&self.pool).await?;
        Ok(())
    }

    async fn is_known_device(&self, token_hash: &[u8], account_id: Uuid) -> StoreResult<bool> {
        let count: i64 = sqlx::query_scalar(IS_KNOWN_DEVICE)
            .bind(token_hash.to_vec())
            .bind(account_id)
            .fetch_one(&self.pool)
            .await?;
        Ok(count > 0)
    }
}
