//! [`InstanceStore`]: the instances serving one database and how far each has applied the session event
//! log, written once for both databases: each live instance reports itself, and one that has just signed
//! a device out asks which live instances have not yet applied it.

use async_trait::async_trait;
use sqlx::{Executor, IntoArguments};
use time::OffsetDateTime;
use uuid::Uuid;

use super::StoreResult;
use super::column::Column;
use super::sql_store::{SqlBackend, SqlStore};

/// Never moves an instance's applied position back, whatever order its reports land in.
#[async_trait]
pub trait InstanceStore: Send + Sync + 'static {
    /// Records that this instance (`id`) is alive at `now` and has applied the session event log up
    /// to `applied_seq`.
    async fn report_instance(&self, id: Uuid, applied_seq: i64, now: OffsetDateTime) -> StoreResult<()>;
    /// How many instances other than `except`, alive since `alive_since`, have not applied event `seq`.
    async fn instances_behind(&self, seq: i64, alive_since: OffsetDateTime, except: Uuid) -> StoreResult<i64>;
    /// Forgets instance `id`, which is stopping (and any not heard from for a day).
    async fn forget_instance(&self, id: Uuid, now: OffsetDateTime) -> StoreResult<()>;
}

const REPORT: &str = "INSERT INTO instances (id, applied_seq, seen_at) VALUES ($1, $2, $3) \
     ON CONFLICT (id) DO UPDATE SET seen_at = excluded.seen_at, applied_seq = \
       CASE WHEN excluded.applied_seq > instances.applied_seq THEN excluded.applied_seq ELSE instances.applied_seq END";
const BEHIND: &str = "SELECT COUNT(*) FROM instances WHERE applied_seq < $1 AND seen_at >= $2 AND id <> $3";
const FORGET: &str = "DELETE FROM instances WHERE id = $1";
/// Instances not heard from for a day are gone; their rows only clutter.
const FORGET_SILENT: &str = "DELETE FROM instances WHERE seen_at < $1";

#[async_trait]
impl<DB> InstanceStore for SqlStore<DB>
where
    DB: SqlBackend,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    DB::Arguments: IntoArguments<DB>,
    Uuid: Column<DB>,
    i64: Column<DB>,
    OffsetDateTime: Column<DB>,
    (i64,): for<'r> sqlx::FromRow<'r, DB::Row>,
{
    async fn report_instance(&self, id: Uuid, applied_seq: i64, now: OffsetDateTime) -> StoreResult<()> {
        sqlx::query(REPORT).bind(id).bind(applied_seq).bind(now).execute(&self.pool).await?;
        Ok(())
    }

    async fn instances_behind(&self, seq: i64, alive_since: OffsetDateTime, except: Uuid) -> StoreResult<i64> {
        Ok(sqlx::query_scalar(BEHIND).bind(seq).bind(alive_since).bind(except).fetch_one(&self.pool).await?)
    }

    /// Nobody should wait for an instance that is stopping.
    async fn forget_instance(&self, id: Uuid, now: OffsetDateTime) -> StoreResult<()> {
        sqlx::query(FORGET).bind(id).execute(&self.pool).await?;
        sqlx::query(FORGET_SILENT).bind(now - time::Duration::days(1)).execute(&self.pool).await?;
        Ok(())
    }
}
