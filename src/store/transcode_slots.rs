//! [`TranscodeSlotStore`]: transcode slots shared by every instance on one database, written once for
//! both: `max_transcodes` counts the conversions running anywhere, as stream leases count what plays.

use async_trait::async_trait;
use sqlx::{Executor, IntoArguments};
use time::OffsetDateTime;
use uuid::Uuid;

use super::StoreResult;
use super::column::Column;
use super::sql_store::{SqlBackend, SqlStore};

#[async_trait]
pub trait TranscodeSlotStore: Send + Sync + 'static {
    /// Takes (or keeps) the device's transcode slot for instance `instance_id`, unless `limit` other
    /// devices hold one renewed since `fresh_since`, in one transaction; true when taken.
    async fn take_transcode_slot(
        &self,
        session_id: Uuid,
        instance_id: Uuid,
        limit: i64,
        now: OffsetDateTime,
        fresh_since: OffsetDateTime,
    ) -> StoreResult<bool>;
    /// Whether the device could take a transcode slot now (it may hold its own already).
    async fn transcode_room(&self, session_id: Uuid, fresh_since: OffsetDateTime, limit: i64) -> StoreResult<bool>;
    /// Renews every transcode slot instance `instance_id` holds.
    async fn renew_transcode_slots(&self, instance_id: Uuid, now: OffsetDateTime) -> StoreResult<()>;
    /// Gives back the device's transcode slot, if instance `instance_id` holds it.
    async fn release_transcode_slot(&self, session_id: Uuid, instance_id: Uuid) -> StoreResult<()>;
}

/// Serialises takers: the count and the insert it allows happen under this row's lock.
const LOCK: &str = "UPDATE transcode_slot_lock SET id = id WHERE id = 1";
/// Slots of other devices still renewed since `$2`.
const TAKEN_BY_OTHERS: &str = "SELECT COUNT(*) FROM transcode_slots WHERE session_id <> $1 AND renewed_at >= $2";
const TAKE: &str = "INSERT INTO transcode_slots (session_id, instance_id, renewed_at) VALUES ($1, $2, $3) \
     ON CONFLICT (session_id) DO UPDATE SET instance_id = excluded.instance_id, renewed_at = excluded.renewed_at";
const RENEW: &str = "UPDATE transcode_slots SET renewed_at = $2 WHERE instance_id = $1";
const RELEASE: &str = "DELETE FROM transcode_slots WHERE session_id = $1 AND instance_id = $2";
const FORGET_STALE: &str = "DELETE FROM transcode_slots WHERE renewed_at < $1";

#[async_trait]
impl<DB> TranscodeSlotStore for SqlStore<DB>
where
    DB: SqlBackend,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    DB::Arguments: IntoArguments<DB>,
    Uuid: Column<DB>,
    i64: Column<DB>,
    OffsetDateTime: Column<DB>,
    (i64,): for<'r> sqlx::FromRow<'r, DB::Row>,
{
    async fn take_transcode_slot(
        &self,
        session_id: Uuid,
        instance_id: Uuid,
        limit: i64,
        now: OffsetDateTime,
        fresh_since: OffsetDateTime,
    ) -> StoreResult<bool> {
        let mut tx = self.pool.begin().await?;
        // The count and the insert it allows happen under the lock row's lock.
        sqlx::query(LOCK).execute(&mut *tx).await?;
        sqlx::query(FORGET_STALE).bind(fresh_since).execute(&mut *tx).await?;
        let others: i64 =
            sqlx::query_scalar(TAKEN_BY_OTHERS).bind(session_id).bind(fresh_since).fetch_one(&mut *tx).await?;
        let taken = others < limit;
        if taken {
            sqlx::query(TAKE).bind(session_id).bind(instance_id).bind(now).execute(&mut *tx).await?;
        }
        // Even when refused: the stale slots stay forgotten.
        tx.commit().await?;
        Ok(taken)
    }

    async fn transcode_room(&self, session_id: Uuid, fresh_since: OffsetDateTime, limit: i64) -> StoreResult<bool> {
        let others: i64 =
            sqlx::query_scalar(TAKEN_BY_OTHERS).bind(session_id).bind(fresh_since).fetch_one(&self.pool).await?;
        Ok(others < limit)
    }

    async fn renew_transcode_slots(&self, instance_id: Uuid, now: OffsetDateTime) -> StoreResult<()> {
        sqlx::query(RENEW).bind(instance_id).bind(now).execute(&self.pool).await?;
        Ok(())
    }

    async fn release_transcode_slot(&self, session_id: Uuid, instance_id: Uuid) -> StoreResult<()> {
        sqlx::query(RELEASE).bind(session_id).bind(instance_id).execute(&self.pool).await?;
        Ok(())
    }
}
