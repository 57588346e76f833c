//! The instances serving one database and how far each has applied the session event log, on either
//! backend: each live instance reports itself, and one that has just signed a device out asks which
//! live instances have not yet applied it.

use sqlx::{Database, Executor, IntoArguments};
use time::OffsetDateTime;
use uuid::Uuid;

use super::StoreResult;
use super::column::Column;

/// Never moves an instance's applied position back, whatever order its reports land in.
const REPORT: &str = "INSERT INTO instances (id, applied_seq, seen_at) VALUES ($1, $2, $3) \
     ON CONFLICT (id) DO UPDATE SET seen_at = excluded.seen_at, applied_seq = \
       CASE WHEN excluded.applied_seq > instances.applied_seq THEN excluded.applied_seq ELSE instances.applied_seq END";
const BEHIND: &str = "SELECT COUNT(*) FROM instances WHERE applied_seq < $1 AND seen_at >= $2 AND id <> $3";
const FORGET: &str = "DELETE FROM instances WHERE id = $1";
/// Instances not heard from for a day are gone; their rows only clutter.
const FORGET_SILENT: &str = "DELETE FROM instances WHERE seen_at < $1";

/// Records that instance `id` is alive at `now` and has applied the log up to `applied_seq`.
pub async fn report<'e, DB, E>(executor: E, id: Uuid, applied_seq: i64, now: OffsetDateTime) -> StoreResult<()>
where
    DB: Database,
    E: Executor<'e, Database = DB>,
    for<'q> DB::Arguments: IntoArguments<DB>,
    Uuid: Column<DB>,
    i64: Column<DB>,
    OffsetDateTime: Column<DB>,
{
    sqlx::query(REPORT).bind(id).bind(applied_seq).bind(now).execute(executor).await?;
    Ok(())
}

/// How many instances other than `except` reported since `alive_since` and have not applied `seq`.
pub async fn behind<'e, DB, E>(executor: E, seq: i64, alive_since: OffsetDateTime, except: Uuid) -> StoreResult<i64>
where
    DB: Database,
    E: Executor<'e, Database = DB>,
    for<'q> DB::Arguments: IntoArguments<DB>,
    Uuid: Column<DB>,
    i64: Column<DB>,
    OffsetDateTime: Column<DB>,
    (i64,): for<'r> sqlx::FromRow<'r, DB::Row>,
{
    Ok(sqlx::query_scalar(BEHIND).bind(seq).bind(alive_since).bind(except).fetch_one(executor).await?)
}

/// Removes instance `id` (it is stopping: nobody should wait for it), and any silent for a day.
pub async fn forget<'e, DB, E>(executor: E, id: Uuid, now: OffsetDateTime) -> StoreResult<()>
where
    DB: Database,
    E: Executor<'e, Database = DB> + Copy,
    for<'q> DB::Arguments: IntoArguments<DB>,
    Uuid: Column<DB>,
    OffsetDateTime: Column<DB>,
{
    sqlx::query(FORGET).bind(id).execute(executor).await?;
    sqlx::query(FORGET_SILENT).bind(now - time::Duration::days(1)).execute(executor).await?;
    Ok(())
}
