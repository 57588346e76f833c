//! Backend-neutral pieces of the session event log and of the clean-up, shared by both stores.

use time::OffsetDateTime;
use uuid::Uuid;

use super::records::{Cleanup, ClosedFile, SessionEvent, SessionEventKind};

/// A row of the log as [`super::sql::SESSION_EVENTS_AFTER`] reads it.
pub type EventRow = (i64, Uuid, Uuid, String, Option<Uuid>, OffsetDateTime);
use super::sql;

/// Live sessions to sign out so that at most `limit` remain, given them most recently used first.
/// The session just started is never among them.
pub fn beyond_limit(live_by_use: &[Uuid], just_started: Uuid, limit: i64) -> Vec<Uuid> {
    let limit = usize::try_from(limit.max(1)).unwrap_or(usize::MAX);
    let others = live_by_use.iter().filter(|id| **id != just_started);
    // The new session takes one of the places.
    others.skip(limit - 1).copied().collect()
}

/// Sessions recorded per statement of [`insert_events_sql`]: 3 + 500 parameters, under the 999
/// that the most restrictive SQLite builds allow.
pub const EVENTS_PER_INSERT: usize = 500;

/// One statement that records `count` sessions' events: `$1` the account, `$2` the kind, `$3` the
/// time, then one session id each from `$4` on. A revocation of many sessions is one statement
/// (or a few), not one per session, inside its transaction.
pub fn insert_events_sql(count: usize) -> String {
    let rows: Vec<String> = (0..count).map(|i| format!("($1, ${}, $2, $3)", i + 4)).collect();
    format!(
        "INSERT INTO session_events (account_id, session_id, kind, recorded_at) VALUES {} RETURNING seq",
        rows.join(", ")
    )
}

/// Records these sessions' events in the polled log, in the caller's transaction, on either backend:
/// one statement per [`EVENTS_PER_INSERT`] sessions. Returns the number of the last (0 for none).
pub async fn insert_events<DB>(
    connection: &mut DB::Connection,
    kind: SessionEventKind,
    account_id: Uuid,
    ids: &[Uuid],
    now: OffsetDateTime,
) -> super::StoreResult<i64>
where
    DB: sqlx::Database,
    for<'c> &'c mut DB::Connection: sqlx::Executor<'c, Database = DB>,
    DB::Arguments: sqlx::IntoArguments<DB>,
    Uuid: super::column::Column<DB>,
    String: super::column::Column<DB>,
    i64: super::column::Column<DB>,
    OffsetDateTime: super::column::Column<DB>,
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
pub fn from_rows(rows: Vec<EventRow>) -> Vec<SessionEvent> {
    rows.into_iter()
        .filter_map(|(seq, account_id, session_id, kind, media_id, at)| {
            let closed = media_id.map(|media_id| ClosedFile { media_id, at });
            SessionEventKind::parse(&kind).map(|kind| SessionEvent { seq, account_id, session_id, kind, closed })
        })
        .collect()
}

/// Each clean-up statement with the time before which it deletes.
pub fn cleanup_steps(cleanup: &Cleanup) -> [(&'static str, OffsetDateTime); 6] {
    [
        (sql::DELETE_ENDED_SESSIONS, cleanup.sessions_ended_before),
        (sql::DELETE_OLD_ENDED_EPOCHS, cleanup.sessions_ended_before),
        (sql::DELETE_OLD_SESSION_EVENTS, cleanup.events_before),
        (sql::DELETE_OLD_THROTTLE_WINDOWS, cleanup.throttle_windows_before),
        (sql::DELETE_OLD_KNOWN_DEVICES, cleanup.devices_before),
        (sql::DELETE_EXPIRED_DEVICE_GRANTS, cleanup.grants_before),
    ]
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

    #[test]
    fn the_longest_unused_sessions_go_first_and_never_the_new_one() {
        let ids: Vec<Uuid> = (0..5).map(|_| Uuid::now_v7()).collect();
        // Most recently used first; the new session (ids[0]) is among them.
        assert_eq!(beyond_limit(&ids, ids[0], 3), vec![ids[3], ids[4]]);
        assert_eq!(beyond_limit(&ids, ids[0], 5), Vec::<Uuid>::new());
        assert_eq!(beyond_limit(&ids, ids[0], 1), ids[1..].to_vec());
        // Even when the new session sorts last, it stays.
        assert_eq!(beyond_limit(&ids, ids[4], 2), ids[1..4].to_vec());
    }
}
