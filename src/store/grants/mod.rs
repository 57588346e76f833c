//! Codes that sign a device in from another one (RFC 8628): the code a TV shows, the person who
//! allows it elsewhere, and the device's polls until it is signed in.
//!
//! Written once for both databases: [`SqlGrants`] is generic over the sqlx backend. Turning an allowed
//! code into a session happens in [`crate::store::SessionStore::create_session`], in the session's transaction.

mod sql;

use async_trait::async_trait;
use time::OffsetDateTime;
use uuid::Uuid;

pub use sql::{SqlGrants, claim_for_session};

use super::StoreResult;
use crate::domain::session_lifetime::SessionLifetime;

/// How long the person allowing a code let the device stay, and the end that came to when they
/// allowed it (`None` for a device that stays until signed out).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ChosenLifetime {
    pub lifetime: SessionLifetime,
    pub ends_at: Option<OffsetDateTime>,
}

impl ChosenLifetime {
    /// The lifetime and end of the session the code becomes, which would otherwise end at `otherwise`.
    pub fn applied_to(self, otherwise: OffsetDateTime) -> (SessionLifetime, OffsetDateTime) {
        match self.ends_at {
            Some(end) if self.lifetime.ends_by_itself() => (self.lifetime, end.min(otherwise)),
            _ => (SessionLifetime::UntilSignedOut, otherwise),
        }
    }
}
use super::activity::Actor;

/// A code just shown on a device.
#[derive(Debug, Clone)]
pub struct NewGrant {
    pub id: Uuid,
    pub device_code_hash: Vec<u8>,
    /// Eight letters, no separator.
    pub user_code: String,
    pub client_id: String,
    pub device_name: String,
    pub device_kind: String,
    pub created_at: OffsetDateTime,
    pub expires_at: OffsetDateTime,
    pub interval_secs: i64,
    /// The address the device asked from, as the server saw it.
    pub requested_ip: Option<String>,
    /// The id an app gives its device (Jellyfin's `DeviceId`), when it gave a usable one.
    pub app_device_id: Option<String>,
}

/// Where a code stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GrantStatus {
    /// Shown, waiting for someone to allow or deny it.
    Pending,
    /// Allowed; the device's next poll signs it in.
    Allowed,
    Denied,
    /// The device is signed in: the code is spent.
    Used,
}

impl GrantStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Allowed => "allowed",
            Self::Denied => "denied",
            Self::Used => "used",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        [Self::Pending, Self::Allowed, Self::Denied, Self::Used].into_iter().find(|status| status.as_str() == text)
    }
}

/// A code waiting for a decision, as the person deciding sees it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct PendingGrant {
    pub id: Uuid,
    pub user_code: String,
    pub client_id: String,
    pub device_name: String,
    pub device_kind: String,
    pub created_at: OffsetDateTime,
    pub expires_at: OffsetDateTime,
    /// The address the device asked from, when known.
    pub requested_ip: Option<String>,
}

/// A code as the device polling with it finds it, this poll counted.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct GrantPoll {
    pub id: Uuid,
    pub user_code: String,
    pub client_id: String,
    pub device_name: String,
    pub device_kind: String,
    status: String,
    pub created_at: OffsetDateTime,
    pub expires_at: OffsetDateTime,
    /// The interval from now on (grown when this poll came too soon).
    pub interval_secs: i64,
    /// This poll came before the interval had passed since the one before.
    pub slowed: bool,
    pub account_id: Option<Uuid>,
    pub credential_version: Option<i64>,
    /// The profile the person allowing chose for the device to watch as, if they chose one.
    pub chosen_profile_id: Option<Uuid>,
    /// See [`NewGrant::app_device_id`].
    pub app_device_id: Option<String>,
}

impl GrantPoll {
    /// The status; a value this version does not know counts as spent.
    pub fn status(&self) -> GrantStatus {
        GrantStatus::parse(&self.status).unwrap_or(GrantStatus::Used)
    }
}

/// What the person asked decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GrantDecision {
    /// Signs the device in to this account, decided on this (live) session of it. The account's
    /// credential version and session epoch are read in the same statement: a password change, a
    /// sign-out of every device, or signing out this one session after it keeps the device out.
    /// `profile_id`: the profile the device is to watch as, checked in that statement to be one of
    /// the account's (another account's profile decides nothing). `lifetime`: how long the device
    /// may stay, recorded in that statement.
    Allow { account_id: Uuid, session_id: Uuid, profile_id: Option<Uuid>, lifetime: ChosenLifetime },
    /// Keeps the device out; decided by someone signed in to this account.
    Deny { account_id: Uuid },
}

impl GrantDecision {
    /// The account whose activity records the decision.
    pub fn account_id(self) -> Uuid {
        match self {
            Self::Allow { account_id, .. } | Self::Deny { account_id } => account_id,
        }
    }
}

#[async_trait]
pub trait GrantStore: Send + Sync + 'static {
    /// Stores a new code; false when its user code is already taken (pick another).
    async fn create_grant(&self, grant: &NewGrant) -> StoreResult<bool>;
    /// The code waiting for a decision under this user code, unless it expired by `now`.
    async fn pending_grant(&self, user_code: &str, now: OffsetDateTime) -> StoreResult<Option<PendingGrant>>;
    /// Allows or denies a code that is still waiting and unexpired, in one statement; false otherwise
    /// (decided already, expired, unknown, the deciding session has ended, or the profile chosen is
    /// not the account's). A decision made is recorded in the account's activity as made by `by`, in
    /// the same transaction.
    async fn decide_grant(
        &self,
        by: &Actor,
        user_code: &str,
        decision: GrantDecision,
        now: OffsetDateTime,
    ) -> StoreResult<bool>;
    /// Counts a poll by the device holding the code with this hash: a poll sooner than the interval
    /// after the last one is marked `slowed` and grows the interval by 5 s. `None` for an unknown code.
    async fn poll_grant(&self, device_code_hash: &[u8], now: OffsetDateTime) -> StoreResult<Option<GrantPoll>>;
    /// The code with this hash as [`GrantStore::poll_grant`] finds it, without counting a poll: for the
    /// device's own page being loaded again, which shows the code rather than asks about it. Never
    /// `slowed`. `None` for an unknown code.
    async fn peek_grant(&self, device_code_hash: &[u8]) -> StoreResult<Option<GrantPoll>>;
    /// Denies an allowed code that can no longer sign its device in (the password changed since);
    /// false when the code was not waiting to be collected (another poll spent it).
    async fn withdraw_grant(&self, device_code_hash: &[u8], now: OffsetDateTime) -> StoreResult<bool>;
}
