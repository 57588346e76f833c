//! [`ServerIdentityStore`]: the id this server shows apps and the key that signs their picture tags,
//! each created once and kept, written once for both databases.

use async_trait::async_trait;
use sqlx::{Executor, IntoArguments};
use time::OffsetDateTime;
use uuid::Uuid;

use super::StoreResult;
use super::column::Column;
use super::sql_store::{SqlBackend, SqlStore};

#[async_trait]
pub trait ServerIdentityStore: Send + Sync + 'static {
    /// The server's id: the one stored, or `candidate` stored now when there is none yet. Every
    /// caller, on every instance, gets the same id however many ask at once.
    async fn server_id(&self, candidate: Uuid, now: OffsetDateTime) -> StoreResult<Uuid>;
    /// The key that signs picture tags: the one stored, or `candidate` stored now when there is none
    /// yet; the same for every caller on every instance.
    async fn image_key(&self, candidate: Vec<u8>, now: OffsetDateTime) -> StoreResult<Vec<u8>>;
}

const INSERT_ONCE: &str =
    "INSERT INTO server_identity (singleton, id, created_at) VALUES (1, $1, $2) ON CONFLICT (singleton) DO NOTHING";
const READ: &str = "SELECT id FROM server_identity WHERE singleton = 1";
const INSERT_KEY_ONCE: &str =
    "INSERT INTO app_image_key (singleton, key, created_at) VALUES (1, $1, $2) ON CONFLICT (singleton) DO NOTHING";
const READ_KEY: &str = "SELECT key FROM app_image_key WHERE singleton = 1";

#[async_trait]
impl<DB> ServerIdentityStore for SqlStore<DB>
where
    DB: SqlBackend,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    DB::Arguments: IntoArguments<DB>,
    Uuid: Column<DB>,
    OffsetDateTime: Column<DB>,
    Vec<u8>: Column<DB>,
    (Uuid,): for<'r> sqlx::FromRow<'r, DB::Row>,
    (Vec<u8>,): for<'r> sqlx::FromRow<'r, DB::Row>,
{
    async fn server_id(&self, candidate: Uuid, now: OffsetDateTime) -> StoreResult<Uuid> {
        sqlx::query(INSERT_ONCE).bind(candidate).bind(now).execute(&self.pool).await?;
        Ok(sqlx::query_scalar(READ).fetch_one(&self.pool).await?)
    }

    async fn image_key(&self, candidate: Vec<u8>, now: OffsetDateTime) -> StoreResult<Vec<u8>> {
        sqlx::query(INSERT_KEY_ONCE).bind(candidate).bind(now).execute(&self.pool).await?;
        Ok(sqlx::query_scalar(READ_KEY).fetch_one(&self.pool).await?)
    }
}
