//! The persistence boundary: one trait per area (accounts, the account activity log, profiles, sessions,
//! the session event log, sessions that end by themselves, instances, transcode slots, known devices,
//! throttling, clean-up, the mail outbox, password reset links, "Not you?" links, email changes, the
//! server's id, two-step sign-in and its challenges, passkeys and their ceremonies; the catalog and device codes in their own folders), each implemented once for
//! both databases in its own file with its SQL beside it, and [`Store`], which is all of them on one database.
//!
//! Handlers and services only ever see these traits. What differs between SQLite and PostgreSQL lives in
//! `sqlite.rs`, `postgres.rs` and `pg_notify.rs`. This folder imports only from `domain/` and the small
//! shared modules (clock, i18n, private files).

mod account_changes;
mod account_lock;
mod accounts;
mod activity;
pub mod catalog;
mod cleanup;
mod column;
mod email_changes;
mod epochs;
mod events;
pub mod grants;
mod instances;
mod known_devices;
mod not_me_links;
mod outbox;
mod passkeys;
mod password_resets;
mod pg_notify;
mod postgres;
mod profiles;
mod records;
mod second_steps;
mod server_identity;
mod session_ends;
mod sessions;
mod sql_store;
mod sqlite;
pub mod sqlite_copy;
pub mod sqlite_restore;
mod throttle;
mod transcode_slots;
mod two_step;

pub use account_changes::AccountChange;
pub use accounts::AccountStore;
pub use activity::{
    ActivityCategory, ActivityCursor, ActivityEntry, ActivityKind, ActivityQuery, ActivityStore, Actor, NewActivity,
};
use async_trait::async_trait;
pub use cleanup::CleanupStore;
pub use email_changes::{EmailChangeRefusal, EmailChangeStore, EmailChanged, NewEmailChange};
pub use events::SessionLogStore;
pub use instances::InstanceStore;
pub use known_devices::KnownDeviceStore;
pub use not_me_links::{AlertMail, NotMeFor, NotMeLinkStore, NotMeUsed, OneTimeLink};
pub use outbox::{AccountMail, MailState, NewMail, OutboxStore, QueuedMail};
pub use passkeys::{
    CeremonyClaim, CeremonyPurpose, NewCeremony, NewPasskey, PasskeyRecord, PasskeyStore, PasskeyUse, RemovedPasskey,
    TakenCeremony,
};
pub use password_resets::{NewPasswordReset, PasswordReset, PasswordResetStore, ResetFor};
pub use profiles::ProfileStore;
pub use second_steps::{Challenge, NewChallenge, SecondStepAnswer, SecondStepOutcome, SecondStepStore};
pub use server_identity::ServerIdentityStore;
pub use session_ends::{EndedSession, SessionEndStore};
pub use sessions::SessionStore;
pub use throttle::ThrottleStore;
use time::OffsetDateTime;
pub use transcode_slots::TranscodeSlotStore;
pub use two_step::TwoStepStore;
use uuid::Uuid;

pub use postgres::PgStore;
pub use records::{
    Account, AccountCredentials, Cleanup, ClosedFile, NewAccount, NewProfile, NewSession, PersonalInfo, Preferences,
    Profile, ProfileChanges, SessionEvent, SessionEventKind, SessionRecord, StartedSession, StreamStop, ThrottleWindow,
};
pub use sql_store::{SqlBackend, SqlStore};
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

/// Everything Marquee keeps, phrased as the domain asks for it: every area's storage on one database.
///
/// Times passed in are UTC and whole seconds (see [`crate::clock`]); implementations rely on it.
#[async_trait]
pub trait Store:
    AccountStore
    + ActivityStore
    + ProfileStore
    + SessionStore
    + SessionEndStore
    + SessionLogStore
    + InstanceStore
    + TranscodeSlotStore
    + KnownDeviceStore
    + ThrottleStore
    + CleanupStore
    + OutboxStore
    + PasswordResetStore
    + NotMeLinkStore
    + EmailChangeStore
    + ServerIdentityStore
    + TwoStepStore
    + SecondStepStore
    + PasskeyStore
    + Send
    + Sync
    + 'static
{
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

    /// Delivers session events committed by other processes as they happen, where the backend can
    /// (PostgreSQL: LISTEN/NOTIFY). Without it, instances rely on polling
    /// [`SessionLogStore::session_events_after`].
    fn spawn_revocation_listener(
        &self,
        _deliver: std::sync::Arc<dyn Fn(RevocationNotice) + Send + Sync>,
    ) -> Option<tokio::task::JoinHandle<()>> {
        None
    }
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
