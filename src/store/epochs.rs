//! Signing out of every device (or every device but one) as one write, on either backend: the account
//! moves on to its next session epoch, which ends every session of the one before.
//!
//! Revoking session rows one by one cost a write per device inside the revoking transaction (and an
//! index entry per row and index), which with a thousand devices was most of the time before the
//! answer. Now the rows stay as they are; the sessions that ended are read back once, for the
//! notices, and the event log gets one entry that names the ended epoch.

use time::OffsetDateTime;
use uuid::Uuid;

use sqlx::{Executor, IntoArguments};

use super::StoreResult;
use super::column::Column;
use super::records::SessionEventKind;
use super::sql_store::{LoggedEvent, SqlBackend};

/// Moves the account to its next session epoch, ending every session of the current one.
const NEXT_SESSION_EPOCH: &str =
    "UPDATE accounts SET session_epoch = session_epoch + 1 WHERE id = $1 RETURNING session_epoch";

/// Carries one live session (`$2`) of the account into epoch `$3`, before the sessions of `$3 - 1` are read
/// back as ended: the one a password change was made from stays signed in.
const KEEP_SESSION_IN_EPOCH: &str = "UPDATE sessions SET epoch = $3 \
     WHERE account_id = $1 AND id = $2 AND revoked_at IS NULL AND epoch = $3 - 1";

/// The sessions that moving the account on to epoch `$2` ended: those of the epoch before it not
/// already revoked on their own.
const ENDED_BY_EPOCH: &str = "SELECT id FROM sessions WHERE account_id = $1 AND epoch = $2 - 1 AND revoked_at IS NULL";

/// When epoch `$2` of account `$1` ended.
const RECORD_ENDED_EPOCH: &str = "INSERT INTO ended_epochs (account_id, epoch, ended_at) VALUES ($1, $2, $3)";

/// One event for an ended epoch: `$2` is the nil session id, `$5` the epoch.
const LOG_ENDED_EPOCH: &str = "INSERT INTO session_events (account_id, session_id, kind, recorded_at, ended_epoch) \
     VALUES ($1, $2, $3, $4, $5) RETURNING seq";

/// What moving an account's epoch on ended.
struct EndedEpoch {
    /// The epoch whose sessions ended.
    pub epoch: i64,
    /// Those sessions.
    pub session_ids: Vec<Uuid>,
}

/// Moves the account to its next session epoch in the caller's transaction, carrying `keep` (one of
/// its live sessions) over, and returns the sessions that ended; `None` when there is no such account.
/// The account row is written first, so on PostgreSQL a sign-in inserting a session waits for this
/// transaction (it locks the same row) and then starts its session in the new epoch.
async fn end_epoch<DB>(
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
        sqlx::query_scalar(NEXT_SESSION_EPOCH).bind(account_id).fetch_optional(&mut *connection).await?;
    let Some(next) = next else { return Ok(None) };
    if let Some(keep) = keep {
        sqlx::query(KEEP_SESSION_IN_EPOCH).bind(account_id).bind(keep).bind(next).execute(&mut *connection).await?;
    }
    let session_ids: Vec<Uuid> =
        sqlx::query_scalar(ENDED_BY_EPOCH).bind(account_id).bind(next).fetch_all(&mut *connection).await?;
    // When it ended, so the clean-up deletes its sessions once the retention has passed.
    sqlx::query(RECORD_ENDED_EPOCH).bind(account_id).bind(next - 1).bind(now).execute(&mut *connection).await?;
    Ok(Some(EndedEpoch { epoch: next - 1, session_ids }))
}

/// Records an ended epoch in the polled log as one event, in the caller's transaction, and returns its
/// number. Its session id is nil: the poll reads the sessions back from the epoch.
async fn log_ended_epoch<DB>(
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
    Ok(sqlx::query_scalar(LOG_ENDED_EPOCH)
        .bind(account_id)
        .bind(Uuid::nil())
        .bind(SessionEventKind::Revoked.as_str().to_string())
        .bind(now)
        .bind(epoch)
        .fetch_one(&mut *connection)
        .await?)
}

/// Signs out every session of the account but `keep` by moving its epoch on, in the caller's
/// transaction: one event in the log and the ended sessions' notices, under the log's lock.
/// Returns the sessions that ended.
pub async fn end_epoch_logged<DB>(
    connection: &mut DB::Connection,
    account_id: Uuid,
    keep: Option<Uuid>,
    now: OffsetDateTime,
) -> StoreResult<Vec<Uuid>>
where
    DB: SqlBackend,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    DB::Arguments: IntoArguments<DB>,
    Uuid: Column<DB>,
    i64: Column<DB>,
    String: Column<DB>,
    OffsetDateTime: Column<DB>,
    (i64,): for<'r> sqlx::FromRow<'r, DB::Row>,
    (Uuid,): for<'r> sqlx::FromRow<'r, DB::Row>,
{
    let Some(ended) = end_epoch::<DB>(&mut *connection, account_id, keep, now).await? else {
        return Ok(Vec::new());
    };
    if ended.session_ids.is_empty() {
        return Ok(Vec::new());
    }
    DB::lock_event_log(&mut *connection).await?;
    let seq = log_ended_epoch::<DB>(&mut *connection, account_id, ended.epoch, now).await?;
    let kind = SessionEventKind::Revoked;
    DB::notify(connection, LoggedEvent { kind, account_id, session_ids: &ended.session_ids, seq, media_id: None })
        .await?;
    Ok(ended.session_ids)
}
