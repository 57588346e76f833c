//! Transcode slots shared by every instance on one database, on either backend: `max_transcodes`
//! counts the conversions running anywhere, as stream leases count what plays.

use sqlx::{Database, Executor, IntoArguments};
use time::OffsetDateTime;
use uuid::Uuid;

use super::StoreResult;
use super::column::Column;

/// Serialises takers: the count and the insert it allows happen under this row's lock.
const LOCK: &str = "UPDATE transcode_slot_lock SET id = id WHERE id = 1";
/// Slots of other devices still renewed since `$2`.
const TAKEN_BY_OTHERS: &str = "SELECT COUNT(*) FROM transcode_slots WHERE session_id <> $1 AND renewed_at >= $2";
const TAKE: &str = "INSERT INTO transcode_slots (session_id, instance_id, renewed_at) VALUES ($1, $2, $3) \
     ON CONFLICT (session_id) DO UPDATE SET instance_id = excluded.instance_id, renewed_at = excluded.renewed_at";
const RENEW: &str = "UPDATE transcode_slots SET renewed_at = $2 WHERE instance_id = $1";
const RELEASE: &str = "DELETE FROM transcode_slots WHERE session_id = $1 AND instance_id = $2";
const FORGET_STALE: &str = "DELETE FROM transcode_slots WHERE renewed_at < $1";

/// Takes (or keeps) the device's slot for this instance in the caller's transaction, unless
/// `limit` other devices hold one renewed since `fresh_since`. True when taken.
pub async fn take<DB>(
    connection: &mut DB::Connection,
    (session_id, instance_id): (Uuid, Uuid),
    now: OffsetDateTime,
    fresh_since: OffsetDateTime,
    limit: i64,
) -> StoreResult<bool>
where
    DB: Database,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    DB::Arguments: IntoArguments<DB>,
    Uuid: Column<DB>,
    i64: Column<DB>,
    OffsetDateTime: Column<DB>,
    (i64,): for<'r> sqlx::FromRow<'r, DB::Row>,
{
    sqlx::query(LOCK).execute(&mut *connection).await?;
    sqlx::query(FORGET_STALE).bind(fresh_since).execute(&mut *connection).await?;
    let others: i64 =
        sqlx::query_scalar(TAKEN_BY_OTHERS).bind(session_id).bind(fresh_since).fetch_one(&mut *connection).await?;
    if others >= limit {
        return Ok(false);
    }
    sqlx::query(TAKE).bind(session_id).bind(instance_id).bind(now).execute(&mut *connection).await?;
    Ok(true)
}

/// Whether a device could take a slot now (it may hold its own already).
pub async fn room<'e, DB, E>(
    executor: E,
    session_id: Uuid,
    fresh_since: OffsetDateTime,
    limit: i64,
) -> StoreResult<bool>
where
    DB: Database,
    E: Executor<'e, Database = DB>,
    for<'q> DB::Arguments: IntoArguments<DB>,
    Uuid: Column<DB>,
    OffsetDateTime: Column<DB>,
    (i64,): for<'r> sqlx::FromRow<'r, DB::Row>,
{
    let others: i64 =
        sqlx::query_scalar(TAKEN_BY_OTHERS).bind(session_id).bind(fresh_since).fetch_one(executor).await?;
    Ok(others < limit)
}

/// Renews every slot this instance holds.
pub async fn renew<'e, DB, E>(executor: E, instance_id: Uuid, now: OffsetDateTime) -> StoreResult<()>
where
    DB: Database,
    E: Executor<'e, Database = DB>,
    for<'q> DB::Arguments: IntoArguments<DB>,
    Uuid: Column<DB>,
    OffsetDateTime: Column<DB>,
{
    sqlx::query(RENEW).bind(instance_id).bind(now).execute(executor).await?;
    Ok(())
}

/// Gives back the device's slot, if this instance holds it.
pub async fn release<'e, DB, E>(executor: E, session_id: Uuid, instance_id: Uuid) -> StoreResult<()>
where
    DB: Database,
    E: Executor<'e, Database = DB>,
    for<'q> DB::Arguments: IntoArguments<DB>,
    Uuid: Column<DB>,
{
    sqlx::query(RELEASE).bind(session_id).bind(instance_id).execute(executor).await?;
    Ok(())
}
