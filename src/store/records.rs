//! Plain rows that cross the store boundary, shared by both backends.

use time::OffsetDateTime;
use uuid::Uuid;

use crate::auth::DeviceKind;

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Account {
    pub id: Uuid,
    pub email: String,
    pub display_name: String,
    pub created_at: OffsetDateTime,
    pub phone: Option<String>,
    /// A language tag from [`crate::accounts::LANGUAGES`].
    pub language: String,
    pub autoplay_next: bool,
    pub autoplay_previews: bool,
}

/// Personal information a person edits on the account page.
#[derive(Debug, Clone)]
pub struct PersonalInfo {
    pub display_name: String,
    pub phone: Option<String>,
    pub language: String,
}

/// Playback preferences a person edits on the account page.
#[derive(Debug, Clone, Copy)]
pub struct Preferences {
    pub autoplay_next: bool,
    pub autoplay_previews: bool,
}

/// One person's place in an account: "Who's watching?".
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Profile {
    pub id: Uuid,
    pub account_id: Uuid,
    pub name: String,
    pub avatar: String,
    pub is_kids: bool,
    /// argon2id hash of the 4-digit lock PIN; `None` when the profile is not locked.
    pub pin_hash: Option<String>,
    pub created_at: OffsetDateTime,
}

impl Profile {
    pub fn is_locked(&self) -> bool {
        self.pin_hash.is_some()
    }
}

#[derive(Debug, Clone)]
pub struct NewProfile {
    pub account_id: Uuid,
    pub name: String,
    pub avatar: String,
    pub is_kids: bool,
    pub created_at: OffsetDateTime,
}

/// What "Manage Profiles" can change in one save.
#[derive(Debug, Clone)]
pub struct ProfileChanges {
    pub name: String,
    pub avatar: String,
    pub is_kids: bool,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct AccountCredentials {
    #[sqlx(flatten)]
    pub account: Account,
    pub password_hash: String,
}

#[derive(Debug, Clone)]
pub struct NewAccount {
    pub email: String,
    pub display_name: String,
    pub password_hash: String,
    pub created_at: OffsetDateTime,
}

#[derive(Debug, Clone)]
pub struct NewSession {
    pub account_id: Uuid,
    pub token_hash: Vec<u8>,
    pub device_name: String,
    pub device_kind: DeviceKind,
    pub remember: bool,
    pub created_at: OffsetDateTime,
    pub ip: Option<String>,
    pub idle_timeout_secs: i64,
    pub expires_at: OffsetDateTime,
}

/// A session as stored. The token itself is never stored, only its hash.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct SessionRecord {
    pub id: Uuid,
    pub account_id: Uuid,
    pub device_name: String,
    #[sqlx(try_from = "String")]
    pub device_kind: DeviceKind,
    pub remember: bool,
    pub created_at: OffsetDateTime,
    pub last_seen_at: OffsetDateTime,
    pub ip: Option<String>,
    pub idle_timeout_secs: i64,
    pub idle_expires_at: OffsetDateTime,
    pub expires_at: OffsetDateTime,
    pub password_verified_at: OffsetDateTime,
    /// The profile chosen on this device, if any.
    pub profile_id: Option<Uuid>,
}

/// Failed sign-ins counted under one key since `started_at`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, sqlx::FromRow)]
pub struct ThrottleWindow {
    pub failures: i64,
    #[sqlx(rename = "window_started_at")]
    pub started_at: OffsetDateTime,
}
