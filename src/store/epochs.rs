//! Signing out of every device (or every device but one) as one write, on either backend: the account
//! moves on to its next session epoch, which ends every session of the one before.
//!
//! Revoking session rows one by one cost a write per device inside the revoking transaction (and an
//! index entry per row and index), which with a thousand devices was most of the time before the
//! answer. Now the rows stay as they are; the sessions that ended are read back once, for the
//! notices, and the event log gets one entry that names the ended epoch.

use time::OffsetDateTime;
use uuid::Uuid;

use super::column::Column;
use super::records::SessionEventKind;
use super::{StoreResult, sql};

/// What moving an account's epoch on ended.
pub struct EndedEpoch {
    /// The epoch whose sessions ended.
    pub epoch: i64,
    /// Those sessions.
    pub session_ids: Vec<Uuid>,
}

/// Moves the account to its next session epoch in the caller's transaction, carrying `keep` (one of
/// its live sessions) over, and returns the sessions that ended; `None` when there is no such account.
/// The account row is written first, so on PostgreSQL a sign-in inserting a session waits for this
/// transaction (it locks the same row) and then starts its session in the new epoch.
pub async fn end_epoch<DB>(
    connection: &mut DB::Connection,
    account_id: Uuid,
    keep: Option<Uuid>,
    now: OffsetDateTime,
) -> StoreResult<Option<EndedEpoch>>
where
    DB: sqlx::Database,
    for<'c> &'c mut DB::Connection: sqlx::Executor<'c, Database = DB>,
    DB::Arguments: sqlx::IntoArguments<DB>,
    Uuid: Column<DB>,
    i64: Column<DB>,
    OffsetDateTime: Column<DB>,
    (i64,): for<'r> sqlx::FromRow<'r, DB::Row>,
    (Uuid,): for<'r> sqlx::FromRow<'r, DB::Row>,
{
    let next: Option<i64> =
        sqlx::query_scalar(sql::NEXT_SESSION_EPOCH).bind(account_id).fetch_optional(&mut *connection).await?;
    let Some(next) = next else { return Ok(None) };
    if let Some(keep) = keep {
        sqlx::query(sql::KEEP_SESSION_IN_EPOCH)
            .bind(account_id)
            .bind(keep)
            .bind(next)
            .execute(&mut *connection)
            .await?;
    }
    let session_ids: Vec<Uuid> =
        sqlx::query_scalar(sql::ENDED_BY_EPOCH).bind(account_id).bind(next).fetch_all(&mut *connection).await?;
    // When it ended, so the clean-up deletes its sessions once the retention has passed.
    sqlx::query(sql::RECORD_ENDED_EPOCH).bind(account_id).bind(next - 1).bind(now).execute(&mut *connection).await?;
    Ok(Some(EndedEpoch { epoch: next - 1, session_ids }))
}

/// Records an ended epoch in the polled log as one event, in the caller's transaction, and returns its
/// number. Its session id is nil: the poll reads the sessions back from the epoch.
pub async fn log_ended_epoch<DB>(
    connection: &mut DB::Connection,
    account_id: Uuid,
    epoch: i64,
    now: OffsetDateTime,
) -> StoreResult<i64>
where
    DB: sqlx::Database,
    for<'c> &'c mut DB::Connection: sqlx::Executor<'c, Database = DB>,
    DB::Arguments: sqlx::IntoArguments<DB>,
    Uuid: Column<DB>,
    i64: Column<DB>,
    String: Column<DB>,
    OffsetDateTime: Column<DB>,
    (i64,): for<'r> sqlx::FromRow<'r, DB::Row>,
{
    Ok(sqlx::query_scalar(sql::LOG_ENDED_EPOCH)
        .bind(account_id)
        .bind(Uuid::nil())
        .bind(SessionEventKind::Revoked.as_str().to_string())
        .bind(now)
        .bind(epoch)
        .fetch_one(&mut *connection)
        .await?)
}
