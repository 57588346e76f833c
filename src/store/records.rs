//! Plain rows that cross the store boundary, shared by both backends.

use time::OffsetDateTime;
use uuid::Uuid;

use crate::domain::device::DeviceKind;
use crate::domain::session_lifetime::SessionLifetime;

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Account {
    pub id: Uuid,
    pub email: String,
    pub display_name: String,
    pub created_at: OffsetDateTime,
    pub phone: Option<String>,
    /// A language tag from [`crate::i18n::Language`].
    pub language: String,
    pub autoplay_next: bool,
    pub autoplay_previews: bool,
    /// Ask for the account password before allowing a device in with a code.
    pub confirm_devices_with_password: bool,
    /// The IANA zone the account chose (see [`crate::domain::time_zone::AccountTimeZone`]); `None`
    /// until it chooses one: the server's zone.
    pub time_zone: Option<String>,
    /// Mail the owner when the account signs in on a device it has not seen before.
    pub sign_in_alerts: bool,
}

/// Personal information a person edits on the account page.
#[derive(Debug, Clone)]
pub struct PersonalInfo {
    pub display_name: String,
    pub phone: Option<String>,
    pub language: String,
    /// An IANA zone name, checked by [`crate::domain::time_zone::AccountTimeZone`]; `None` keeps
    /// the account's zone as it is.
    pub time_zone: Option<String>,
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
    /// The highest [`crate::domain::media::Maturity`] rank this profile may watch.
    pub maturity: i64,
    /// argon2id hash of the 4-digit lock PIN; `None` when the profile is not locked.
    pub pin_hash: Option<String>,
    pub created_at: OffsetDateTime,
}

impl Profile {
    /// The highest level of titles this profile may see; an unknown rank counts as the lowest.
    pub fn maturity_level(&self) -> crate::domain::media::Maturity {
        crate::domain::media::Maturity::from_rank(self.maturity).unwrap_or(crate::domain::media::Maturity::LittleKids)
    }

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
    /// Moves on with every password or email change; a session is only created while the version
    /// its sign-in verified is still current.
    pub credential_version: i64,
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
    /// The account's credential version that this sign-in verified.
    pub credential_version: i64,
    /// Live sessions the account may have; beyond it the longest-unused ones are signed out.
    pub max_per_account: i64,
    /// When the password was last proved on this device: at sign-in with it, or never
    /// ([`OffsetDateTime::UNIX_EPOCH`]) for a device signed in with a code.
    pub password_verified_at: OffsetDateTime,
    /// The hash of the device code this session is for: the session is only created if that code
    /// was allowed for this account and is unspent, and it spends it.
    pub device_code_hash: Option<Vec<u8>>,
    /// The profile the device watches as from its first request (an app that signs in as one), set
    /// in the same transaction: the session is only created if the profile is the account's.
    pub profile_id: Option<Uuid>,
    /// The id an app gives the device it runs on (Jellyfin's `DeviceId`): the account's live session
    /// from the same app device is signed out in the same transaction, as the app replaces its token.
    pub app_device_id: Option<String>,
    /// How long the person let this device stay. One that ends by itself is signed out (and pushed)
    /// at `expires_at`, which the caller sets to that end. For a device code the lifetime chosen when
    /// the code was allowed wins, applied in the transaction that spends the code.
    pub lifetime: SessionLifetime,
    /// The owner's new-device alert, stored (its "Not you?" link) and queued only if the session is.
    pub alert: Option<super::AlertMail>,
    /// The passkey this device signed in with: the session is only created while the passkey is
    /// still the account's, and removing the passkey signs it out.
    pub passkey_id: Option<Uuid>,
}

/// A session just started, and the sessions it pushed out (the account was at its limit).
#[derive(Debug, Clone)]
pub struct StartedSession {
    pub record: SessionRecord,
    pub signed_out: Vec<Uuid>,
}

/// What happened to a session, as other instances learn of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SessionEventKind {
    /// Signed out: every request with its token is refused from now on.
    Revoked,
    /// Sent back to "Who's watching?": its profile was locked or its PIN changed.
    ProfileLeft,
    /// Watching as another profile now: copies of the session held in memory are stale.
    ProfileChosen,
    /// The account's details or settings changed: copies of the account held in memory are stale.
    /// Logged with the nil session id.
    AccountChanged,
    /// Its playback was stopped from another device: its video responses end and its conversions
    /// stop on every instance, though the session lives on.
    StreamStopped,
    /// Its player closed the file the event names: that file's conversion for the device stops on
    /// every instance (whatever it plays next goes on).
    StreamClosed,
}

impl SessionEventKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Revoked => "revoked",
            Self::ProfileLeft => "profile_left",
            Self::ProfileChosen => "profile_chosen",
            Self::AccountChanged => "account_changed",
            Self::StreamStopped => "stream_stopped",
            Self::StreamClosed => "stream_closed",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "revoked" => Some(Self::Revoked),
            "profile_left" => Some(Self::ProfileLeft),
            "profile_chosen" => Some(Self::ProfileChosen),
            "account_changed" => Some(Self::AccountChanged),
            "stream_stopped" => Some(Self::StreamStopped),
            "stream_closed" => Some(Self::StreamClosed),
            _ => None,
        }
    }
}

/// One entry of the session event log, numbered in commit order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionEvent {
    pub seq: i64,
    pub account_id: Uuid,
    pub session_id: Uuid,
    pub kind: SessionEventKind,
    /// The file a closed player was playing, and when ([`SessionEventKind::StreamClosed`] only).
    pub closed: Option<ClosedFile>,
}

/// What asking to stop a device's playback came to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StreamStop {
    /// Not a live session of the account: nothing was done.
    NoSuchSession,
    /// Stopped on every instance; `was_playing` when it held a lease (it was playing lately).
    Stopped { was_playing: bool },
}

/// A player closed this file at this time: a conversion of it used since (the same film opened again)
/// is not the closed player's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClosedFile {
    pub media_id: Uuid,
    pub at: OffsetDateTime,
}

/// What the periodic clean-up deletes: everything that ended or started before these times.
#[derive(Debug, Clone, Copy)]
pub struct Cleanup {
    /// Sessions revoked or expired before this are deleted.
    pub sessions_ended_before: OffsetDateTime,
    /// Session events recorded before this are deleted (long after any cache could hold them).
    pub events_before: OffsetDateTime,
    /// Throttle windows that started before this are over and deleted.
    pub throttle_windows_before: OffsetDateTime,
    /// Known devices first seen before this are forgotten.
    pub devices_before: OffsetDateTime,
    /// Device sign-in codes that expired before this are deleted.
    pub grants_before: OffsetDateTime,
    /// Mail sent or given up before this, and password reset links that expired before it, are deleted.
    pub mail_before: OffsetDateTime,
    /// Account activity entries from before this are deleted.
    pub activity_before: OffsetDateTime,
    /// "Not you?" and email change links, second-step challenges and two-step secrets shown but never
    /// confirmed, that expired before this, are deleted.
    pub one_time_links_before: OffsetDateTime,
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
    /// How long the person let it stay; one that ends by itself is signed out at `expires_at`.
    #[sqlx(try_from = "String")]
    pub lifetime: SessionLifetime,
}

/// Failed sign-ins counted under one key since `started_at`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, sqlx::FromRow)]
pub struct ThrottleWindow {
    pub failures: i64,
    #[sqlx(rename = "window_started_at")]
    pub started_at: OffsetDateTime,
}
