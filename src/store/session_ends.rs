//! [`SessionEndStore`]: sessions that sign out by themselves ("until tomorrow morning", "for a
//! week"), ended when their end comes as if signed out from the device list. Written once for both
//! databases.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use async_trait::async_trait;
use sqlx::{Executor, IntoArguments};
use time::OffsetDateTime;
use uuid::Uuid;

use super::activity::{self, ActivityKind, Actor, NewActivity};
use super::column::Column;
use super::records::SessionEventKind;
use super::sessions::LIVE;
use super::sql_store::{SqlBackend, SqlStore};
use super::{StoreResult, events};

/// A session that has just signed out by itself.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct EndedSession {
    pub account_id: Uuid,
    pub session_id: Uuid,
    pub device_name: String,
}

#[async_trait]
pub trait SessionEndStore: Send + Sync + 'static {
    /// Signs out every live session whose chosen end has come by `now`, logs each sign-out and records
    /// it in the account's activity, in one transaction; returns them. Each is ended once, however many instances ask at the same time.
    async fn end_due_sessions(&self, now: OffsetDateTime) -> StoreResult<Vec<EndedSession>>;
    /// The earliest end of a live session that signs out by itself, if any.
    async fn next_session_end(&self) -> StoreResult<Option<OffsetDateTime>>;
}

/// Sessions that end by themselves (the partial index `sessions_ending_by_themselves` holds them).
const ENDS_BY_ITSELF: &str = "lifetime <> 'until_signed_out' AND revoked_at IS NULL";

static END_DUE_SESSIONS: LazyLock<String> = LazyLock::new(|| {
    format!(
        "UPDATE sessions SET revoked_at = $1 WHERE {ENDS_BY_ITSELF} AND expires_at <= $1 AND {LIVE} \
         RETURNING account_id, id AS session_id, device_name"
    )
});

/// Live only: the sessions of an account signed out of every device keep no `revoked_at` (the epoch
/// moved on instead), and their past ends must not count as still to come.
static NEXT_SESSION_END: LazyLock<String> =
    LazyLock::new(|| format!("SELECT MIN(expires_at) FROM sessions WHERE {ENDS_BY_ITSELF} AND {LIVE}"));

#[async_trait]
impl<DB> SessionEndStore for SqlStore<DB>
where
    DB: SqlBackend,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    DB::Arguments: IntoArguments<DB>,
    Uuid: Column<DB>,
    Option<Uuid>: Column<DB>,
    String: Column<DB>,
    Option<String>: Column<DB>,
    i64: Column<DB>,
    OffsetDateTime: Column<DB>,
    Option<OffsetDateTime>: Column<DB>,
    (i64,): for<'r> sqlx::FromRow<'r, DB::Row>,
    (Option<OffsetDateTime>,): for<'r> sqlx::FromRow<'r, DB::Row>,
    EndedSession: for<'r> sqlx::FromRow<'r, DB::Row>,
{
    async fn end_due_sessions(&self, now: OffsetDateTime) -> StoreResult<Vec<EndedSession>> {
        let mut tx = self.pool.begin().await?;
        let ended: Vec<EndedSession> = sqlx::query_as(END_DUE_SESSIONS.as_str()).bind(now).fetch_all(&mut *tx).await?;
        let mut by_account: BTreeMap<Uuid, Vec<Uuid>> = BTreeMap::new();
        for session in &ended {
            by_account.entry(session.account_id).or_default().push(session.session_id);
        }
        for (account_id, ids) in &by_account {
            events::log::<DB>(&mut tx, SessionEventKind::Revoked, *account_id, ids, now).await?;
        }
        let server = Actor::server();
        for session in &ended {
            let entry = NewActivity::of(ActivityKind::SignedOutByItself, session.account_id, &server, now);
            activity::record::<DB>(&mut tx, entry.about(Some(session.session_id))).await?;
        }
        tx.commit().await?;
        Ok(ended)
    }

    async fn next_session_end(&self) -> StoreResult<Option<OffsetDateTime>> {
        let (earliest,): (Option<OffsetDateTime>,) =
            sqlx::query_as(NEXT_SESSION_END.as_str()).fetch_one(&self.pool).await?;
        Ok(earliest)
    }
}
