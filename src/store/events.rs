//! [`SessionLogStore`]: the session event log every instance polls (and, on PostgreSQL, hears of by
//! NOTIFY), written once for both databases; and how the other areas write to it.

use async_trait::async_trait;
use sqlx::{Executor, IntoArguments};
use time::OffsetDateTime;
use uuid::Uuid;

use super::StoreResult;
use super::activity::{self, ActivityKind, Actor, NewActivity};
use super::column::Column;
use super::records::{ClosedFile, SessionEvent, SessionEventKind, StreamStop};
use super::sql_store::{LoggedEvent, SqlBackend, SqlStore};

#[async_trait]
pub trait SessionLogStore: Send + Sync + 'static {
    /// The number of the latest session event committed (0 when there is none).
    async fn latest_session_event(&self) -> StoreResult<i64>;
    /// Up to `limit` session events numbered after `seq`, in order. Numbers follow commit order, so
    /// a poll that remembers the last number it saw never skips a committed event.
    async fn session_events_after(&self, seq: i64, limit: i64) -> StoreResult<Vec<SessionEvent>>;
    /// Stops this live session's playback, in one transaction: ends its lease and logs the stop for
    /// every instance (which end its video responses and conversions and forget its lease), naming
    /// `by`, the device that asked (also in the account's activity). Nothing for a session that is not
    /// a live one of this account.
    async fn record_stream_stopped(
        &self,
        by: &Actor,
        account_id: Uuid,
        session_id: Uuid,
        now: OffsetDateTime,
    ) -> StoreResult<StreamStop>;
    /// The device that last stopped this session's playback, by name (none when the session itself,
    /// the command line or a sign-out stopped it, or that device's session is gone).
    async fn stream_stopped_by(&self, session_id: Uuid) -> StoreResult<Option<String>>;
    /// Logs that this session's player closed `media_id`, for the other instances (which stop that
    /// file's conversion for the session).
    async fn record_stream_closed(
        &self,
        account_id: Uuid,
        session_id: Uuid,
        media_id: Uuid,
        now: OffsetDateTime,
    ) -> StoreResult<()>;
}

/// `$1` the account, `$2` the session: whether it is a live session of that account.
const LIVE_SESSION: &str = "SELECT COUNT(*) FROM sessions WHERE account_id = $1 AND id = $2 AND revoked_at IS NULL";
/// Ends the session's lease, if it holds one.
const END_LEASE: &str = "DELETE FROM stream_leases WHERE account_id = $1 AND session_id = $2";
/// A stop: `$1` the account, `$2` the session, `$3` the kind, `$4` the time, `$5` who asked.
const LOG_STREAM_STOPPED: &str = "INSERT INTO session_events (account_id, session_id, kind, recorded_at, by_session_id) \
     VALUES ($1, $2, $3, $4, $5) RETURNING seq";
/// `$1` the stopped session, `$2` the kind: the name of the device that stopped it last (none when
/// that stop named nobody).
const STOPPED_BY: &str = "SELECT s.device_name FROM session_events e LEFT JOIN sessions s ON s.id = e.by_session_id \
     WHERE e.session_id = $1 AND e.kind = $2 ORDER BY e.seq DESC LIMIT 1";

const LATEST_SESSION_EVENT: &str = "SELECT COALESCE(MAX(seq), 0) FROM session_events";

/// Up to `$2` events after `$1`, an epoch that ended read back as the sessions it ended (all under
/// its one sequence number; none when they are gone, which leaves the event's own nil session id).
const SESSION_EVENTS_AFTER: &str = "SELECT e.seq, e.account_id, COALESCE(s.id, e.session_id), e.kind, e.media_id, \
     e.recorded_at \
     FROM (SELECT * FROM session_events WHERE seq > $1 ORDER BY seq LIMIT $2) e \
     LEFT JOIN sessions s ON e.ended_epoch IS NOT NULL AND s.account_id = e.account_id \
       AND s.epoch = e.ended_epoch AND s.revoked_at IS NULL \
     ORDER BY e.seq";

/// A player closed: `$1` the account, `$2` the session, `$3` the kind, `$4` the time, `$5` the file.
const LOG_STREAM_CLOSED: &str = "INSERT INTO session_events (account_id, session_id, kind, recorded_at, media_id) \
     VALUES ($1, $2, $3, $4, $5) RETURNING seq";

/// A row of the log as [`SESSION_EVENTS_AFTER`] reads it.
type EventRow = (i64, Uuid, Uuid, String, Option<Uuid>, OffsetDateTime);

#[async_trait]
impl<DB> SessionLogStore for SqlStore<DB>
where
    DB: SqlBackend,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    DB::Arguments: IntoArguments<DB>,
    Uuid: Column<DB>,
    String: Column<DB>,
    Option<String>: Column<DB>,
    i64: Column<DB>,
    OffsetDateTime: Column<DB>,
    Option<Uuid>: Column<DB>,
    (i64,): for<'r> sqlx::FromRow<'r, DB::Row>,
    (Option<String>,): for<'r> sqlx::FromRow<'r, DB::Row>,
    EventRow: for<'r> sqlx::FromRow<'r, DB::Row>,
{
    async fn latest_session_event(&self) -> StoreResult<i64> {
        Ok(sqlx::query_scalar(LATEST_SESSION_EVENT).fetch_one(&self.pool).await?)
    }

    async fn session_events_after(&self, seq: i64, limit: i64) -> StoreResult<Vec<SessionEvent>> {
        let rows: Vec<EventRow> =
            sqlx::query_as(SESSION_EVENTS_AFTER).bind(seq).bind(limit).fetch_all(&self.pool).await?;
        Ok(from_rows(rows))
    }

    async fn record_stream_stopped(
        &self,
        by: &Actor,
        account_id: Uuid,
        session_id: Uuid,
        now: OffsetDateTime,
    ) -> StoreResult<StreamStop> {
        let kind = SessionEventKind::StreamStopped;
        let mut tx = self.pool.begin().await?;
        DB::lock_event_log(&mut tx).await?;
        let live: i64 = sqlx::query_scalar(LIVE_SESSION).bind(account_id).bind(session_id).fetch_one(&mut *tx).await?;
        if live == 0 {
            return Ok(StreamStop::NoSuchSession);
        }
        let ended = sqlx::query(END_LEASE).bind(account_id).bind(session_id).execute(&mut *tx).await?;
        let seq: i64 = sqlx::query_scalar(LOG_STREAM_STOPPED)
            .bind(account_id)
            .bind(session_id)
            .bind(kind.as_str().to_string())
            .bind(now)
            .bind(by.session_id)
            .fetch_one(&mut *tx)
            .await?;
        let session_ids = &[session_id];
        DB::notify(&mut tx, LoggedEvent { kind, account_id, session_ids, seq, media_id: None }).await?;
        let entry = NewActivity::of(ActivityKind::PlaybackStopped, account_id, by, now).about(Some(session_id));
        activity::record::<DB>(&mut tx, entry).await?;
        tx.commit().await?;
        Ok(StreamStop::Stopped { was_playing: DB::rows_affected(&ended) > 0 })
    }

    async fn stream_stopped_by(&self, session_id: Uuid) -> StoreResult<Option<String>> {
        let kind = SessionEventKind::StreamStopped.as_str().to_string();
        let latest: Option<(Option<String>,)> =
            sqlx::query_as(STOPPED_BY).bind(session_id).bind(kind).fetch_optional(&self.pool).await?;
        Ok(latest.and_then(|(name,)| name))
    }

    async fn record_stream_closed(
        &self,
        account_id: Uuid,
        session_id: Uuid,
        media_id: Uuid,
        now: OffsetDateTime,
    ) -> StoreResult<()> {
        let kind = SessionEventKind::StreamClosed;
        let mut tx = self.pool.begin().await?;
        DB::lock_event_log(&mut tx).await?;
        let seq: i64 = sqlx::query_scalar(LOG_STREAM_CLOSED)
            .bind(account_id)
            .bind(session_id)
            .bind(kind.as_str().to_string())
            .bind(now)
            .bind(media_id)
            .fetch_one(&mut *tx)
            .await?;
        let session_ids = &[session_id];
        DB::notify(&mut tx, LoggedEvent { kind, account_id, session_ids, seq, media_id: Some(media_id) }).await?;
        tx.commit().await?;
        Ok(())
    }
}

/// Records events for these sessions in the polled log and queues their notices, under the log's
/// lock, in the caller's transaction. Nothing for no sessions.
pub async fn log<DB>(
    connection: &mut DB::Connection,
    kind: SessionEventKind,
    account_id: Uuid,
    ids: &[Uuid],
    now: OffsetDateTime,
) -> StoreResult<()>
where
    DB: SqlBackend,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    DB::Arguments: IntoArguments<DB>,
    Uuid: Column<DB>,
    String: Column<DB>,
    i64: Column<DB>,
    OffsetDateTime: Column<DB>,
    (i64,): for<'r> sqlx::FromRow<'r, DB::Row>,
{
    if ids.is_empty() {
        return Ok(());
    }
    DB::lock_event_log(&mut *connection).await?;
    let seq = insert_events::<DB>(&mut *connection, kind, account_id, ids, now).await?;
    DB::notify(connection, LoggedEvent { kind, account_id, session_ids: ids, seq, media_id: None }).await
}

/// Sessions recorded per statement of [`insert_events_sql`]: 3 + 500 parameters, under the 999
/// that the most restrictive SQLite builds allow.
const EVENTS_PER_INSERT: usize = 500;

/// One statement that records `count` sessions' events: `$1` the account, `$2` the kind, `$3` the
/// time, then one session id each from `$4` on. A revocation of many sessions is one statement
/// (or a few), not one per session, inside its transaction.
fn insert_events_sql(count: usize) -> String {
    let rows: Vec<String> = (0..count).map(|i| format!("($1, ${}, $2, $3)", i + 4)).collect();
    format!(
        "INSERT INTO session_events (account_id, session_id, kind, recorded_at) VALUES {} RETURNING seq",
        rows.join(", ")
    )
}

/// Records these sessions' events in the polled log, in the caller's transaction, on either backend:
/// one statement per [`EVENTS_PER_INSERT`] sessions. Returns the number of the last (0 for none).
async fn insert_events<DB>(
    connection: &mut DB::Connection,
    kind: SessionEventKind,
    account_id: Uuid,
    ids: &[Uuid],
    now: OffsetDateTime,
) -> StoreResult<i64>
where
    DB: sqlx::Database,
    for<'c> &'c mut DB::Connection: sqlx::Executor<'c, Database = DB>,
    DB::Arguments: sqlx::IntoArguments<DB>,
    Uuid: Column<DB>,
    String: Column<DB>,
    i64: Column<DB>,
    OffsetDateTime: Column<DB>,
    (i64,): for<'r> sqlx::FromRow<'r, DB::Row>,
{
    let mut last = 0;
    for chunk in ids.chunks(EVENTS_PER_INSERT) {
        let statement = insert_events_sql(chunk.len());
        let mut insert = sqlx::query_scalar(sqlx::AssertSqlSafe(statement))
            .bind(account_id)
            .bind(kind.as_str().to_string())
            .bind(now);
        for id in chunk {
            insert = insert.bind(*id);
        }
        let numbers: Vec<i64> = insert.fetch_all(&mut *connection).await?;
        last = numbers.into_iter().fold(last, i64::max);
    }
    Ok(last)
}

/// Log rows as read from either backend; a kind this version does not know is skipped.
fn from_rows(rows: Vec<EventRow>) -> Vec<SessionEvent> {
    rows.into_iter()
        .filter_map(|(seq, account_id, session_id, kind, media_id, at)| {
            let closed = media_id.map(|media_id| ClosedFile { media_id, at });
            SessionEventKind::parse(&kind).map(|kind| SessionEvent { seq, account_id, session_id, kind, closed })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_insert_names_every_session_after_the_shared_values() {
        assert_eq!(
            insert_events_sql(2),
            "INSERT INTO session_events (account_id, session_id, kind, recorded_at) VALUES ($1, $4, $2, $3), ($1, $5, $2, $3) \
             RETURNING seq"
        );
    }
}
