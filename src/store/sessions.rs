//! [`SessionStore`]: signed-in devices, from sign-in to sign-out, written once for both databases.

use std::sync::LazyLock;

use async_trait::async_trait;
use sqlx::{Executor, IntoArguments};
use time::OffsetDateTime;
use uuid::Uuid;

use super::activity::{self, ActivityKind, Actor, NewActivity};
use super::column::Column;
use super::records::{NewSession, SessionEventKind, SessionRecord, StartedSession};
use super::sql_store::{SqlBackend, SqlStore};
use super::{SessionActivity, StoreResult, account_lock, epochs, events, not_me_links, two_step};

#[async_trait]
pub trait SessionStore: Send + Sync + 'static {
    /// Starts a session, in one transaction with the check that the account still has the credential
    /// version the sign-in verified (`None` when it does not: the password or email changed, or the
    /// account was deleted) and with signing out the longest-unused sessions beyond the limit. Its
    /// new-device alert, if any, is stored and queued only if the session is created.
    async fn create_session(&self, session: NewSession) -> StoreResult<Option<StartedSession>>;
    /// The session with this token hash, if it exists and has not been revoked.
    /// Expiry is judged by the caller, which knows the freshest `last_seen_at`.
    async fn live_session_by_token_hash(&self, token_hash: &[u8]) -> StoreResult<Option<SessionRecord>>;
    /// The token hash of the session with this id, if it has not been revoked: how a stream grant,
    /// which names a session and never carries its token, finds the session in the cache.
    async fn live_session_token_hash(&self, session_id: Uuid) -> StoreResult<Option<Vec<u8>>>;
    /// Sessions of the account that are neither revoked nor expired at `now`, newest first.
    async fn active_sessions(&self, account_id: Uuid, now: OffsetDateTime) -> StoreResult<Vec<SessionRecord>>;
    /// Writes batched activity: `(session id, seen at, ip, idle expiry)`.
    async fn record_session_activity(&self, activity: &[SessionActivity]) -> StoreResult<()>;
    /// Marks that this session proved the account password at `at`.
    async fn record_password_proof(&self, session_id: Uuid, at: OffsetDateTime) -> StoreResult<()>;
    /// Revokes one session of the account, asked by `by` (recorded in the account's activity);
    /// `None` when the account has no such live session.
    async fn revoke_session(
        &self,
        by: &Actor,
        account_id: Uuid,
        session_id: Uuid,
        now: OffsetDateTime,
    ) -> StoreResult<Option<Uuid>>;
    /// Revokes every live session of the account in one statement, asked by `by`; returns their ids.
    async fn revoke_all_sessions(&self, by: &Actor, account_id: Uuid, now: OffsetDateTime) -> StoreResult<Vec<Uuid>>;
    /// Revokes every live session of the account but `keep`, asked by `by`; returns their ids.
    async fn revoke_other_sessions(
        &self,
        by: &Actor,
        account_id: Uuid,
        keep: Uuid,
        now: OffsetDateTime,
    ) -> StoreResult<Vec<Uuid>>;
}

/// A session is live while it has not been revoked on its own and its epoch is still its account's:
/// signing out of all devices moves the account's epoch on (one write, however many devices).
/// A condition on the `sessions` table, unaliased.
pub(super) const LIVE: &str =
    "revoked_at IS NULL AND epoch = (SELECT session_epoch FROM accounts WHERE accounts.id = sessions.account_id)";

const SESSION_COLUMNS: &str = "id, account_id, device_name, device_kind, remember, created_at, last_seen_at, ip, \
     idle_timeout_secs, idle_expires_at, expires_at, password_verified_at, profile_id, lifetime";

/// Inserts only while the account still exists with the credential version the sign-in verified,
/// in the account's current session epoch, with the profile asked for only if it is the account's,
/// and, signing in with a passkey, only while that passkey is still the account's.
static INSERT_SESSION: LazyLock<String> = LazyLock::new(|| {
    format!(
        "INSERT INTO sessions (id, account_id, token_hash, device_name, device_kind, remember, created_at, \
         last_seen_at, ip, idle_timeout_secs, idle_expires_at, expires_at, password_verified_at, epoch, profile_id, \
         app_device_id, lifetime, passkey_id) \
         SELECT $1, $2, $3, $4, $5, $6, $7, $7, $8, $9, $10, $11, $13, session_epoch, $14, $15, $16, $17 FROM accounts \
         WHERE id = $2 AND credential_version = $12 \
         AND ($14 IS NULL OR EXISTS (SELECT 1 FROM profiles WHERE profiles.id = $14 AND profiles.account_id = $2)) \
         AND ($17 IS NULL OR EXISTS (SELECT 1 FROM passkeys WHERE passkeys.id = $17 AND passkeys.account_id = $2)) \
         RETURNING {SESSION_COLUMNS}"
    )
});

/// Signs out the account's other live sessions from the same app device: `$1` the account, `$2` the
/// new session, `$3` the time, `$4` the app's device id.
static REVOKE_SAME_APP_DEVICE: LazyLock<String> = LazyLock::new(|| {
    format!(
        "UPDATE sessions SET revoked_at = $3 WHERE account_id = $1 AND app_device_id = $4 AND id <> $2 AND {LIVE} \
         RETURNING id"
    )
});

/// The account's live sessions, most recently used first: past the limit are the longest unused.
static LIVE_SESSIONS_BY_USE: LazyLock<String> = LazyLock::new(|| {
    format!(
        "SELECT id FROM sessions WHERE account_id = $1 AND {LIVE} AND expires_at > $2 AND idle_expires_at > $2 \
         ORDER BY last_seen_at DESC, created_at DESC, id DESC"
    )
});

static LIVE_SESSION_BY_TOKEN_HASH: LazyLock<String> =
    LazyLock::new(|| format!("SELECT {SESSION_COLUMNS} FROM sessions WHERE token_hash = $1 AND {LIVE}"));

static LIVE_SESSION_TOKEN_HASH: LazyLock<String> =
    LazyLock::new(|| format!("SELECT token_hash FROM sessions WHERE id = $1 AND {LIVE}"));

static ACTIVE_SESSIONS: LazyLock<String> = LazyLock::new(|| {
    format!(
        "SELECT {SESSION_COLUMNS} FROM sessions \
         WHERE account_id = $1 AND {LIVE} AND expires_at > $2 AND idle_expires_at > $2 \
         ORDER BY created_at DESC, id DESC"
    )
});

/// Only moves `last_seen_at` forward, so a late flush never rewinds activity.
const RECORD_ACTIVITY: &str = "UPDATE sessions SET last_seen_at = $2, ip = COALESCE($3, ip), idle_expires_at = $4 \
     WHERE id = $1 AND last_seen_at < $2 AND revoked_at IS NULL";

const RECORD_PASSWORD_PROOF: &str =
    "UPDATE sessions SET password_verified_at = $2 WHERE id = $1 AND revoked_at IS NULL";

static REVOKE_SESSION: LazyLock<String> = LazyLock::new(|| {
    format!("UPDATE sessions SET revoked_at = $3 WHERE account_id = $1 AND id = $2 AND {LIVE} RETURNING id")
});

#[async_trait]
impl<DB> SessionStore for SqlStore<DB>
where
    DB: SqlBackend,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    DB::Arguments: IntoArguments<DB>,
    Uuid: Column<DB>,
    Option<Uuid>: Column<DB>,
    String: Column<DB>,
    Option<String>: Column<DB>,
    Vec<u8>: Column<DB>,
    bool: Column<DB>,
    i64: Column<DB>,
    OffsetDateTime: Column<DB>,
    (i64,): for<'r> sqlx::FromRow<'r, DB::Row>,
    (Uuid,): for<'r> sqlx::FromRow<'r, DB::Row>,
    (Vec<u8>,): for<'r> sqlx::FromRow<'r, DB::Row>,
    (String, Option<OffsetDateTime>): for<'r> sqlx::FromRow<'r, DB::Row>,
    SessionRecord: for<'r> sqlx::FromRow<'r, DB::Row>,
{
    async fn create_session(&self, new: NewSession) -> StoreResult<Option<StartedSession>> {
        let mut tx = self.pool.begin().await?;
        // A plain read of the version could be overtaken by a password change whose revocations then
        // miss this session: the account is locked first, so one of the two waits for the other.
        // (A write first also gives SQLite's transaction the write lock from its first statement.)
        account_lock::lock_account::<DB>(&mut tx, new.account_id).await?;
        // A password alone never signs in an account with two-step sign-in on: that takes the second
        // step too (a passkey is two factors already), which starts its session through `two_step` in the transaction that checks it.
        if new.device_code_hash.is_none()
            && new.passkey_id.is_none()
            && two_step::is_on::<DB>(&mut tx, new.account_id).await?
        {
            return Ok(None);
        }
        let started = start_session::<DB>(&mut tx, new).await?;
        if started.is_some() {
            tx.commit().await?;
        }
        Ok(started)
    }

    async fn live_session_by_token_hash(&self, token_hash: &[u8]) -> StoreResult<Option<SessionRecord>> {
        Ok(sqlx::query_as(LIVE_SESSION_BY_TOKEN_HASH.as_str())
            .bind(token_hash.to_vec())
            .fetch_optional(&self.pool)
            .await?)
    }

    async fn live_session_token_hash(&self, session_id: Uuid) -> StoreResult<Option<Vec<u8>>> {
        let found: Option<(Vec<u8>,)> =
            sqlx::query_as(LIVE_SESSION_TOKEN_HASH.as_str()).bind(session_id).fetch_optional(&self.pool).await?;
        Ok(found.map(|(hash,)| hash))
    }

    async fn active_sessions(&self, account_id: Uuid, now: OffsetDateTime) -> StoreResult<Vec<SessionRecord>> {
        Ok(sqlx::query_as(ACTIVE_SESSIONS.as_str()).bind(account_id).bind(now).fetch_all(&self.pool).await?)
    }

    async fn record_session_activity(&self, activity: &[SessionActivity]) -> StoreResult<()> {
        let mut tx = self.pool.begin().await?;
        for seen in activity {
            sqlx::query(RECORD_ACTIVITY)
                .bind(seen.session_id)
                .bind(seen.seen_at)
                .bind(seen.ip.clone())
                .bind(seen.idle_expires_at)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    async fn record_password_proof(&self, session_id: Uuid, at: OffsetDateTime) -> StoreResult<()> {
        sqlx::query(RECORD_PASSWORD_PROOF).bind(session_id).bind(at).execute(&self.pool).await?;
        Ok(())
    }

    async fn revoke_session(
        &self,
        by: &Actor,
        account_id: Uuid,
        session_id: Uuid,
        now: OffsetDateTime,
    ) -> StoreResult<Option<Uuid>> {
        let mut tx = self.pool.begin().await?;
        let revoked: Option<Uuid> = sqlx::query_scalar(REVOKE_SESSION.as_str())
            .bind(account_id)
            .bind(session_id)
            .bind(now)
            .fetch_optional(&mut *tx)
            .await?;
        events::log::<DB>(&mut tx, SessionEventKind::Revoked, account_id, revoked.as_slice(), now).await?;
        if revoked.is_some() {
            let entry = NewActivity::of(ActivityKind::SignedOut, account_id, by, now).about(Some(session_id));
            activity::record::<DB>(&mut tx, entry).await?;
        }
        tx.commit().await?;
        Ok(revoked)
    }

    async fn revoke_all_sessions(&self, by: &Actor, account_id: Uuid, now: OffsetDateTime) -> StoreResult<Vec<Uuid>> {
        let mut tx = self.pool.begin().await?;
        let revoked = sign_out_everywhere::<DB>(&mut tx, by, account_id, None, now).await?;
        tx.commit().await?;
        Ok(revoked)
    }

    async fn revoke_other_sessions(
        &self,
        by: &Actor,
        account_id: Uuid,
        keep: Uuid,
        now: OffsetDateTime,
    ) -> StoreResult<Vec<Uuid>> {
        let mut tx = self.pool.begin().await?;
        let revoked = sign_out_everywhere::<DB>(&mut tx, by, account_id, Some(keep), now).await?;
        tx.commit().await?;
        Ok(revoked)
    }
}

/// Starts a session in the caller's transaction, which has locked the account: checks the credential
/// version (and the device code, spending it), inserts the session, signs out what it pushes out and
/// records it all in the account's activity; `None` (to be rolled back) when the sign-in no longer holds.
pub(super) async fn start_session<DB>(tx: &mut DB::Connection, new: NewSession) -> StoreResult<Option<StartedSession>>
where
    DB: SqlBackend,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    DB::Arguments: IntoArguments<DB>,
    Uuid: Column<DB>,
    Option<Uuid>: Column<DB>,
    String: Column<DB>,
    Option<String>: Column<DB>,
    Vec<u8>: Column<DB>,
    bool: Column<DB>,
    i64: Column<DB>,
    OffsetDateTime: Column<DB>,
    (i64,): for<'r> sqlx::FromRow<'r, DB::Row>,
    (Uuid,): for<'r> sqlx::FromRow<'r, DB::Row>,
    (String, Option<OffsetDateTime>): for<'r> sqlx::FromRow<'r, DB::Row>,
    SessionRecord: for<'r> sqlx::FromRow<'r, DB::Row>,
{
    let idle_expires_at = new.created_at + time::Duration::seconds(new.idle_timeout_secs);
    let (lifetime, expires_at) = match &new.device_code_hash {
        Some(code) => {
            match super::grants::claim_for_session::<DB>(&mut *tx, code, new.account_id, new.created_at).await? {
                // The code's lifetime, as allowed: it ends the session no later than the end it came to.
                Some(chosen) => chosen.applied_to(new.expires_at),
                None => return Ok(None),
            }
        }
        None => (new.lifetime, new.expires_at),
    };
    let inserted: Option<SessionRecord> = sqlx::query_as(INSERT_SESSION.as_str())
        .bind(Uuid::now_v7())
        .bind(new.account_id)
        .bind(new.token_hash)
        .bind(new.device_name)
        .bind(new.device_kind.as_str().to_string())
        .bind(new.remember)
        .bind(new.created_at)
        .bind(new.ip)
        .bind(new.idle_timeout_secs)
        .bind(idle_expires_at)
        .bind(expires_at)
        .bind(new.credential_version)
        .bind(new.password_verified_at)
        .bind(new.profile_id)
        .bind(new.app_device_id.clone())
        .bind(lifetime.as_str().to_string())
        .bind(new.passkey_id)
        .fetch_optional(&mut *tx)
        .await?;
    let Some(record) = inserted else {
        return Ok(None);
    };
    if let Some(alert) = &new.alert {
        not_me_links::queue_alert::<DB>(&mut *tx, new.account_id, alert, new.created_at).await?;
    }
    let mut signed_out: Vec<Uuid> = match &new.app_device_id {
        Some(app_device) => {
            sqlx::query_scalar(REVOKE_SAME_APP_DEVICE.as_str())
                .bind(new.account_id)
                .bind(record.id)
                .bind(new.created_at)
                .bind(app_device.clone())
                .fetch_all(&mut *tx)
                .await?
        }
        None => Vec::new(),
    };
    let live: Vec<Uuid> = sqlx::query_scalar(LIVE_SESSIONS_BY_USE.as_str())
        .bind(new.account_id)
        .bind(new.created_at)
        .fetch_all(&mut *tx)
        .await?;
    for id in beyond_limit(&live, record.id, new.max_per_account) {
        let revoked: Option<Uuid> = sqlx::query_scalar(REVOKE_SESSION.as_str())
            .bind(new.account_id)
            .bind(id)
            .bind(new.created_at)
            .fetch_optional(&mut *tx)
            .await?;
        signed_out.extend(revoked);
    }
    events::log::<DB>(&mut *tx, SessionEventKind::Revoked, new.account_id, &signed_out, new.created_at).await?;
    let device = Actor { session_id: Some(record.id), address: record.ip.clone() };
    activity::record::<DB>(&mut *tx, NewActivity::of(ActivityKind::SignedIn, new.account_id, &device, new.created_at))
        .await?;
    // The devices it pushed out (past the limit, or the same app device's earlier session) were
    // signed out by this sign-in.
    for pushed_out in &signed_out {
        let entry = NewActivity::of(ActivityKind::SignedOut, new.account_id, &device, new.created_at);
        activity::record::<DB>(&mut *tx, entry.about(Some(*pushed_out))).await?;
    }
    Ok(Some(StartedSession { record, signed_out }))
}

/// Signs out every session of the account but `keep` (one epoch move) and records it in the account's
/// activity as asked by `by`, in the caller's transaction.
async fn sign_out_everywhere<DB>(
    connection: &mut DB::Connection,
    by: &Actor,
    account_id: Uuid,
    keep: Option<Uuid>,
    now: OffsetDateTime,
) -> StoreResult<Vec<Uuid>>
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
    (i64,): for<'r> sqlx::FromRow<'r, DB::Row>,
    (Uuid,): for<'r> sqlx::FromRow<'r, DB::Row>,
{
    let revoked = epochs::end_epoch_logged::<DB>(&mut *connection, account_id, keep, now).await?;
    let entry = NewActivity::of(ActivityKind::SignedOutEverywhere, account_id, by, now);
    activity::record::<DB>(connection, entry).await?;
    Ok(revoked)
}

/// Live sessions to sign out so that at most `limit` remain, given them most recently used first.
/// The session just started is never among them.
fn beyond_limit(live_by_use: &[Uuid], just_started: Uuid, limit: i64) -> Vec<Uuid> {
    let limit = usize::try_from(limit.max(1)).unwrap_or(usize::MAX);
    let others = live_by_use.iter().filter(|id| **id != just_started);
    // The new session takes one of the places.
    others.skip(limit - 1).copied().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

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
