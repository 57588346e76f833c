//! The persistence boundary: one domain-shaped `Store` trait, one implementation per database.
//!
//! Handlers and services only ever see this trait; SQL and dialects live in the backend files.

mod account_changes;
pub mod catalog;
mod column;
mod epochs;
mod events;
pub mod grants;
mod instances;
mod pg_notify;
mod postgres;
mod records;
mod sql;
mod sqlite;
pub mod sqlite_copy;
pub mod sqlite_restore;
mod transcode_slots;

pub use account_changes::AccountChange;
use async_trait::async_trait;
use time::OffsetDateTime;
use uuid::Uuid;

pub use postgres::PgStore;
pub use records::{
    Account, AccountCredentials, Cleanup, ClosedFile, NewAccount, NewProfile, NewSession, PersonalInfo, Preferences,
    Profile, ProfileChanges, SessionEvent, SessionEventKind, SessionRecord, StartedSession, ThrottleWindow,
};
pub use sqlite::SqliteStore;

/// What can go wrong below the store boundary, in terms the callers can act on.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// A uniqueness rule was broken (for example an email that is already taken).
    #[error("conflict: {0}")]
    Conflict(&'static str),
    /// The URL names no database Marquee can use.
    #[error("unsupported database URL: {0}")]
    UnsupportedUrl(String),
    #[error(transparent)]
    Database(#[from] sqlx::Error),
    #[error(transparent)]
    Migration(#[from] sqlx::migrate::MigrateError),
    /// The database file could not be created or made its owner's alone.
    #[error(transparent)]
    Files(std::io::Error),
}

pub type StoreResult<T> = Result<T, StoreError>;

/// Everything Marquee keeps, phrased as the domain asks for it.
///
/// Times passed in are UTC and whole seconds (see [`crate::clock`]); implementations rely on it.
#[async_trait]
pub trait Store: Send + Sync + 'static {
    /// Which backend this is, for logs and start-up messages.
    fn backend_name(&self) -> &'static str;

    /// Asks the database a trivial question: an error says it cannot answer now.
    async fn ping(&self) -> StoreResult<()>;

    /// Closes every connection; whatever is asked afterwards fails.
    async fn close(&self);

    /// The catalog's storage, on the same database.
    fn catalog(&self) -> std::sync::Arc<dyn catalog::Catalog>;

    /// Codes that sign devices in from another device, on the same database.
    fn grants(&self) -> std::sync::Arc<dyn grants::GrantStore>;

    async fn create_account(&self, account: NewAccount) -> StoreResult<Account>;
    async fn account_count(&self) -> StoreResult<i64>;
    async fn account_by_id(&self, id: Uuid) -> StoreResult<Option<Account>>;
    async fn account_by_email(&self, email: &str) -> StoreResult<Option<Account>>;
    /// The account, its password hash and credential version, for sign-in only.
    async fn credentials_by_email(&self, email: &str) -> StoreResult<Option<AccountCredentials>>;
    /// The same by account id, for a signed-in person re-entering the password.
    async fn credentials_by_id(&self, account_id: Uuid) -> StoreResult<Option<AccountCredentials>>;
    /// Replaces the password hash, moves the credential version on and signs devices out as asked,
    /// in one transaction. `None` when no such account exists; otherwise the ids of the sessions that ended.
    async fn set_password(
        &self,
        account_id: Uuid,
        password_hash: &str,
        sign_out: SignOut,
        now: OffsetDateTime,
    ) -> StoreResult<Option<Vec<Uuid>>>;

    /// Writes one change to the account (only the fields it names) and logs it for other instances'
    /// caches, in one transaction; false when there is no such account. A new email another account
    /// has fails with `Conflict`; it moves the credential version on.
    async fn change_account(&self, account_id: Uuid, change: AccountChange<'_>) -> StoreResult<bool>;
    /// Revokes every session of the account, then deletes it with its profiles, in one transaction.
    /// Returns the ids of the sessions that ended.
    async fn delete_account(&self, account_id: Uuid, now: OffsetDateTime) -> StoreResult<Vec<Uuid>>;

    /// Adds a profile unless the account already has `limit`; `None` when it has.
    async fn create_profile(&self, profile: NewProfile, limit: i64) -> StoreResult<Option<Profile>>;
    /// The account's profiles, oldest first.
    async fn profiles(&self, account_id: Uuid) -> StoreResult<Vec<Profile>>;
    /// One profile, only if it belongs to the account.
    async fn profile(&self, account_id: Uuid, profile_id: Uuid) -> StoreResult<Option<Profile>>;
    async fn update_profile(&self, account_id: Uuid, profile_id: Uuid, changes: &ProfileChanges) -> StoreResult<bool>;
    /// Sets (`Some` hash) or removes (`None`) the profile's lock PIN. Setting one sends every device
    /// in the profile back to "Who's watching?" in the same transaction. `None` when there is no such
    /// profile; otherwise the sessions that left it.
    async fn set_profile_pin(
        &self,
        account_id: Uuid,
        profile_id: Uuid,
        pin_hash: Option<&str>,
        now: OffsetDateTime,
    ) -> StoreResult<Option<Vec<Uuid>>>;
    /// Deletes the profile unless it is the account's last one; false when nothing was deleted.
    async fn delete_profile(&self, account_id: Uuid, profile_id: Uuid) -> StoreResult<bool>;
    /// Remembers which profile this device (session) is watching as, and logs the change for other
    /// instances' session caches.
    async fn choose_profile(&self, session_id: Uuid, account_id: Uuid, profile_id: Uuid) -> StoreResult<bool>;

    /// Starts a session, in one transaction with the check that the account still has the credential
    /// version the sign-in verified (`None` when it does not: the password or email changed, or the
    /// account was deleted) and with signing out the longest-unused sessions beyond the limit.
    async fn create_session(&self, session: NewSession) -> StoreResult<Option<StartedSession>>;
    /// The session with this token hash, if it exists and has not been revoked.
    /// Expiry is judged by the caller, which knows the freshest `last_seen_at`.
    async fn live_session_by_token_hash(&self, token_hash: &[u8]) -> StoreResult<Option<SessionRecord>>;
    /// Sessions of the account that are neither revoked nor expired at `now`, newest first.
    async fn active_sessions(&self, account_id: Uuid, now: OffsetDateTime) -> StoreResult<Vec<SessionRecord>>;
    /// Writes batched activity: `(session id, seen at, ip, idle expiry)`.
    async fn record_session_activity(&self, activity: &[SessionActivity]) -> StoreResult<()>;
    /// Marks that this session proved the account password at `at`.
    async fn record_password_proof(&self, session_id: Uuid, at: OffsetDateTime) -> StoreResult<()>;
    /// Revokes one session of the account; `None` when the account has no such live session.
    async fn revoke_session(
        &self,
        account_id: Uuid,
        session_id: Uuid,
        now: OffsetDateTime,
    ) -> StoreResult<Option<Uuid>>;
    /// Revokes every live session of the account in one statement; returns their ids.
    async fn revoke_all_sessions(&self, account_id: Uuid, now: OffsetDateTime) -> StoreResult<Vec<Uuid>>;
    /// Revokes every live session of the account but `keep`; returns their ids.
    async fn revoke_other_sessions(&self, account_id: Uuid, keep: Uuid, now: OffsetDateTime) -> StoreResult<Vec<Uuid>>;

    /// Delivers session events committed by other processes as they happen, where the backend can
    /// (PostgreSQL: LISTEN/NOTIFY). Without it, instances rely on polling [`Store::session_events_after`].
    fn spawn_revocation_listener(
        &self,
        _deliver: std::sync::Arc<dyn Fn(RevocationNotice) + Send + Sync>,
    ) -> Option<tokio::task::JoinHandle<()>> {
        None
    }

    /// The number of the latest session event committed (0 when there is none).
    async fn latest_session_event(&self) -> StoreResult<i64>;
    /// Up to `limit` session events numbered after `seq`, in order. Numbers follow commit order, so
    /// a poll that remembers the last number it saw never skips a committed event.
    async fn session_events_after(&self, seq: i64, limit: i64) -> StoreResult<Vec<SessionEvent>>;

    /// Records that this instance (`id`) is alive at `now` and has applied the session event log up
    /// to `applied_seq`.
    async fn report_instance(&self, id: Uuid, applied_seq: i64, now: OffsetDateTime) -> StoreResult<()>;
    /// How many instances other than `except`, alive since `alive_since`, have not applied event `seq`.
    async fn instances_behind(&self, seq: i64, alive_since: OffsetDateTime, except: Uuid) -> StoreResult<i64>;
    /// Forgets instance `id`, which is stopping (and any not heard from for a day).
    async fn forget_instance(&self, id: Uuid, now: OffsetDateTime) -> StoreResult<()>;

    /// Logs that this session's playback was stopped, for the other instances (which end its video
    /// responses and conversions and forget its lease).
    async fn record_stream_stopped(&self, account_id: Uuid, session_id: Uuid, now: OffsetDateTime) -> StoreResult<()>;
    /// Logs that this session's player closed `media_id`, for the other instances (which stop that
    /// file's conversion for the session).
    async fn record_stream_closed(
        &self,
        account_id: Uuid,
        session_id: Uuid,
        media_id: Uuid,
        now: OffsetDateTime,
    ) -> StoreResult<()>;

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
    /// Whether the device could take a transcode slot now.
    async fn transcode_room(&self, session_id: Uuid, fresh_since: OffsetDateTime, limit: i64) -> StoreResult<bool>;
    /// Renews every transcode slot instance `instance_id` holds.
    async fn renew_transcode_slots(&self, instance_id: Uuid, now: OffsetDateTime) -> StoreResult<()>;
    /// Gives back the device's transcode slot, if instance `instance_id` holds it.
    async fn release_transcode_slot(&self, session_id: Uuid, instance_id: Uuid) -> StoreResult<()>;

    /// Remembers that the device holding this token has signed in to the account.
    async fn remember_device(&self, token_hash: &[u8], account_id: Uuid, now: OffsetDateTime) -> StoreResult<()>;
    /// Whether the device holding this token has signed in to the account before.
    async fn is_known_device(&self, token_hash: &[u8], account_id: Uuid) -> StoreResult<bool>;

    /// Deletes what has ended: old sessions, session events, throttle windows and known devices.
    /// Returns how many rows went.
    async fn clean_up(&self, cleanup: Cleanup) -> StoreResult<u64>;

    /// Counts one attempt under `key` (a failure, or a guess not yet judged), starting a new window
    /// when the old one is over; returns the window with this attempt counted.
    async fn record_sign_in_failure(
        &self,
        key: &str,
        now: OffsetDateTime,
        window_started_after: OffsetDateTime,
    ) -> StoreResult<ThrottleWindow>;
    /// The current failure window for `key`, if any.
    async fn sign_in_failures(&self, key: &str) -> StoreResult<Option<ThrottleWindow>>;
    async fn clear_sign_in_failures(&self, key: &str) -> StoreResult<()>;
    /// Takes back one attempt counted under `key` that turned out not to be a wrong guess.
    async fn forget_sign_in_attempt(&self, key: &str) -> StoreResult<()>;
}

/// Which devices a password change signs out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignOut {
    Everyone,
    /// Every device but the one making the change.
    AllBut(Uuid),
    /// None: the owner chose to keep them (sign-ins still in flight with the old password still fail).
    Nobody,
}

/// What a backend's revocation listener hears.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RevocationNotice {
    Event {
        kind: SessionEventKind,
        account_id: Uuid,
        session_ids: Vec<Uuid>,
        /// The event's number in the session event log, when the notice says.
        seq: Option<i64>,
        /// The file a closed player was playing, and when (`StreamClosed` only).
        closed: Option<ClosedFile>,
    },
    /// The connection dropped or stopped answering: notices may have been lost in between.
    MayHaveMissed,
    /// The listener is connected and listening.
    Connected,
    /// The listener has no working connection (it keeps trying to reconnect).
    Disconnected,
}

/// One session's activity, as flushed by the activity writer.
#[derive(Debug, Clone)]
pub struct SessionActivity {
    pub session_id: Uuid,
    pub seen_at: OffsetDateTime,
    pub ip: Option<String>,
    pub idle_expires_at: OffsetDateTime,
}

/// Opens the database named by `url` (`sqlite://…` or `postgres://…`) and brings its schema up to date.
pub async fn connect(url: &str) -> StoreResult<std::sync::Arc<dyn Store>> {
    if url.starts_with("sqlite:") {
        Ok(std::sync::Arc::new(SqliteStore::connect(url).await?))
    } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
        Ok(std::sync::Arc::new(PgStore::connect(url).await?))
    } else {
        Err(StoreError::UnsupportedUrl(redact_url(url)))
    }
}

/// The URL without any password, safe to print.
pub fn redact_url(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme_end), Some(at)) if at > scheme_end => {
            format!("{}://…@{}", &url[..scheme_end], &url[at + 1..])
        }
        _ => url.to_string(),
    }
}

/// True when a database error is a violation of a unique constraint.
fn is_unique_violation(error: &sqlx::Error) -> bool {
    matches!(error, sqlx::Error::Database(db) if db.is_unique_violation())
}
