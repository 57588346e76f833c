//! [`ActivityStore`]: what happened to an account, for its owner to read ("signed in on the living
//! room TV", "signed out by Parent's phone"), written once for both databases. Every entry but a
//! wrong password is written by [`record`], in the transaction of the action it tells of, so an
//! action that fails leaves no entry and one that happened always has one.

use async_trait::async_trait;
use sqlx::{Executor, IntoArguments};
use time::OffsetDateTime;
use uuid::Uuid;

use super::StoreResult;
use super::column::Column;
use super::sessions::LIVE;
use super::sql_store::{SqlBackend, SqlStore};
use crate::domain::device::DeviceKind;

/// Who asked for an action: the signed-in device (its session) and the address its request came from.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Actor {
    pub session_id: Option<Uuid>,
    pub address: Option<String>,
}

impl Actor {
    /// The server itself or its command line: no device, no address.
    pub fn server() -> Self {
        Self::default()
    }

    /// Someone with no session yet (a reset link, a sign-in), at this address.
    pub fn at_address(address: Option<String>) -> Self {
        Self { session_id: None, address }
    }
}

/// What an entry of the activity log tells of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ActivityKind {
    SignedIn,
    /// Wrong passwords from one address within one hour, counted.
    SignInFailed,
    SignedOut,
    SignedOutEverywhere,
    /// The time chosen when it signed in came ("until tomorrow morning", "for a week").
    SignedOutByItself,
    PasswordChanged,
    PasswordReset,
    EmailChanged,
    TvCodeAllowed,
    TvCodeDenied,
    PinChanged,
    MaturityChanged,
    StreamStarted,
    PlaybackStopped,
    /// Two-step sign-in was turned on (a code from an authenticator app after the password).
    TwoStepOn,
    /// Two-step sign-in was turned off (by its owner, or reset from the command line).
    TwoStepOff,
    /// A recovery code was used to sign in instead of a code from the app.
    RecoveryCodeUsed,
    /// New recovery codes were made; the old ones no longer work.
    RecoveryCodesMade,
    /// A passkey was added (its name is kept as the entry's title).
    PasskeyAdded,
    /// A passkey was removed (its name is kept as the entry's title).
    PasskeyRemoved,
}

/// Which filter of the activity page shows an entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ActivityCategory {
    SignIns,
    Watching,
    Account,
}

impl ActivityCategory {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::SignIns => "sign_ins",
            Self::Watching => "watching",
            Self::Account => "account",
        }
    }
}

const KINDS: [(ActivityKind, &str); 20] = [
    (ActivityKind::SignedIn, "signed_in"),
    (ActivityKind::SignInFailed, "sign_in_failed"),
    (ActivityKind::SignedOut, "signed_out"),
    (ActivityKind::SignedOutEverywhere, "signed_out_everywhere"),
    (ActivityKind::SignedOutByItself, "signed_out_by_itself"),
    (ActivityKind::PasswordChanged, "password_changed"),
    (ActivityKind::PasswordReset, "password_reset"),
    (ActivityKind::EmailChanged, "email_changed"),
    (ActivityKind::TvCodeAllowed, "tv_code_allowed"),
    (ActivityKind::TvCodeDenied, "tv_code_denied"),
    (ActivityKind::PinChanged, "pin_changed"),
    (ActivityKind::MaturityChanged, "maturity_changed"),
    (ActivityKind::StreamStarted, "stream_started"),
    (ActivityKind::PlaybackStopped, "playback_stopped"),
    (ActivityKind::TwoStepOn, "two_step_on"),
    (ActivityKind::TwoStepOff, "two_step_off"),
    (ActivityKind::RecoveryCodeUsed, "recovery_code_used"),
    (ActivityKind::RecoveryCodesMade, "recovery_codes_made"),
    (ActivityKind::PasskeyAdded, "passkey_added"),
    (ActivityKind::PasskeyRemoved, "passkey_removed"),
];

impl ActivityKind {
    /// The name stored, and used in the API.
    pub fn as_str(self) -> &'static str {
        KINDS.iter().find(|(kind, _)| *kind == self).map_or("unknown", |(_, name)| name)
    }

    pub fn parse(text: &str) -> Option<Self> {
        KINDS.iter().find(|(_, name)| *name == text).map(|(kind, _)| *kind)
    }

    pub fn category(self) -> ActivityCategory {
        match self {
            Self::SignedIn | Self::SignInFailed | Self::TvCodeAllowed | Self::TvCodeDenied => ActivityCategory::SignIns,
            Self::StreamStarted | Self::PlaybackStopped => ActivityCategory::Watching,
            _ => ActivityCategory::Account,
        }
    }
}

/// An entry to write, in the caller's transaction.
#[derive(Debug, Clone)]
pub struct NewActivity<'a> {
    pub account_id: Uuid,
    pub kind: ActivityKind,
    pub at: OffsetDateTime,
    /// The device it is about; its name and kind are copied from its session.
    pub device: Option<Uuid>,
    /// Who asked: a device other than `device` is named as the one that did it.
    pub by: &'a Actor,
    pub title: Option<String>,
    pub profile: Option<String>,
}

impl<'a> NewActivity<'a> {
    /// An entry about the device that asked (its own sign-in, its password change).
    pub fn of(kind: ActivityKind, account_id: Uuid, by: &'a Actor, at: OffsetDateTime) -> Self {
        Self { account_id, kind, at, device: by.session_id, by, title: None, profile: None }
    }

    /// About another device than the one that asked.
    pub fn about(self, device: Option<Uuid>) -> Self {
        Self { device, ..self }
    }

    /// Naming what was watched (`title`), and the profile it concerns.
    pub fn naming(self, title: Option<String>, profile: Option<String>) -> Self {
        Self { title, profile, ..self }
    }
}

/// Where a page of the log starts: just after this entry, newest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ActivityCursor {
    pub at: OffsetDateTime,
    pub id: Uuid,
}

/// One page of an account's log to read.
#[derive(Debug, Clone, Copy)]
pub struct ActivityQuery {
    pub account_id: Uuid,
    pub category: Option<ActivityCategory>,
    pub after: Option<ActivityCursor>,
    pub limit: i64,
    /// Whether an entry's device is still signed in is judged at this time.
    pub now: OffsetDateTime,
}

/// An entry as the activity page and API show it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActivityEntry {
    pub id: Uuid,
    pub at: OffsetDateTime,
    pub kind: ActivityKind,
    pub session_id: Option<Uuid>,
    pub device_name: Option<String>,
    pub device_kind: Option<DeviceKind>,
    pub address: Option<String>,
    /// The other device that did it, by the name it had then.
    pub by_device: Option<String>,
    pub title: Option<String>,
    pub profile: Option<String>,
    /// How many times it happened (wrong passwords from one address within an hour); otherwise 1.
    pub count: i64,
    /// The entry's device is still signed in.
    pub signed_in: bool,
}

impl ActivityEntry {
    pub fn cursor(&self) -> ActivityCursor {
        ActivityCursor { at: self.at, id: self.id }
    }
}

#[async_trait]
pub trait ActivityStore: Send + Sync + 'static {
    /// A page of the account's log, newest first, after `query.after`.
    async fn account_activity(&self, query: ActivityQuery) -> StoreResult<Vec<ActivityEntry>>;
    /// Counts a wrong password for the account from `address` in the entry for that address and hour.
    async fn record_wrong_password(
        &self,
        account_id: Uuid,
        address: Option<&str>,
        at: OffsetDateTime,
    ) -> StoreResult<()>;
}

/// `$6` and `$8` name sessions; their device names (and the first one's kind) are copied in, and the
/// first one's last address stands in when the action's own (`$7`) is not known.
const INSERT_ACTIVITY: &str = "INSERT INTO account_activity (id, account_id, at, kind, category, session_id, \
     device_name, device_kind, address, by_session_id, by_device_name, title, profile_name) \
     VALUES ($1, $2, $3, $4, $5, $6, (SELECT device_name FROM sessions WHERE id = $6), \
     (SELECT device_kind FROM sessions WHERE id = $6), COALESCE($7, (SELECT ip FROM sessions WHERE id = $6)), $8, (SELECT device_name FROM sessions WHERE id = $8), $9, $10)";

/// One row per account, address and hour (`$7`, the bucket); each wrong password counts in it.
const COUNT_WRONG_PASSWORD: &str = "INSERT INTO account_activity (id, account_id, at, kind, category, address, \
     attempts, bucket) VALUES ($1, $2, $3, $4, $5, $6, 1, $7) \
     ON CONFLICT (account_id, bucket) DO UPDATE SET attempts = account_activity.attempts + 1, at = excluded.at";

/// `$1` the account, `$2` now, `$3` the category or null, `$4`/`$5` the cursor (null for the first
/// page), `$6` how many. The live session of an entry's device, if it is still signed in.
static ACCOUNT_ACTIVITY: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
    format!(
        "SELECT a.id, a.at, a.kind, a.session_id, a.device_name, a.device_kind, a.address, a.by_device_name, \
         a.title, a.profile_name, a.attempts, sessions.id AS live_session \
         FROM account_activity a LEFT JOIN sessions ON sessions.id = a.session_id AND {LIVE} \
           AND sessions.expires_at > $2 AND sessions.idle_expires_at > $2 \
         WHERE a.account_id = $1 AND ($3 IS NULL OR a.category = $3) \
           AND ($4 IS NULL OR a.at < $4 OR (a.at = $4 AND a.id < $5)) \
         ORDER BY a.at DESC, a.id DESC LIMIT $6"
    )
});

/// An entry as [`ACCOUNT_ACTIVITY`] reads it.
#[derive(sqlx::FromRow)]
pub struct ActivityRow {
    id: Uuid,
    at: OffsetDateTime,
    kind: String,
    session_id: Option<Uuid>,
    device_name: Option<String>,
    device_kind: Option<String>,
    address: Option<String>,
    by_device_name: Option<String>,
    title: Option<String>,
    profile_name: Option<String>,
    attempts: i64,
    live_session: Option<Uuid>,
}

impl ActivityRow {
    /// `None` for a kind this version does not know.
    fn into_entry(self) -> Option<ActivityEntry> {
        Some(ActivityEntry {
            kind: ActivityKind::parse(&self.kind)?,
            id: self.id,
            at: self.at,
            session_id: self.session_id,
            device_name: self.device_name,
            device_kind: self.device_kind.as_deref().and_then(DeviceKind::parse),
            address: self.address,
            by_device: self.by_device_name,
            title: self.title,
            profile: self.profile_name,
            count: self.attempts,
            signed_in: self.live_session.is_some(),
        })
    }
}

/// Writes an entry in the caller's transaction: call it from the store method that performs the action.
pub(super) async fn record<DB>(connection: &mut DB::Connection, new: NewActivity<'_>) -> StoreResult<()>
where
    DB: sqlx::Database,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    DB::Arguments: IntoArguments<DB>,
    Uuid: Column<DB>,
    Option<Uuid>: Column<DB>,
    String: Column<DB>,
    Option<String>: Column<DB>,
    OffsetDateTime: Column<DB>,
{
    // A device that does something to itself is not "another device".
    let by = new.by.session_id.filter(|by| Some(*by) != new.device);
    sqlx::query(INSERT_ACTIVITY)
        .bind(Uuid::now_v7())
        .bind(new.account_id)
        .bind(new.at)
        .bind(new.kind.as_str().to_string())
        .bind(new.kind.category().as_str().to_string())
        .bind(new.device)
        .bind(new.by.address.clone())
        .bind(by)
        .bind(new.title)
        .bind(new.profile)
        .execute(connection)
        .await?;
    Ok(())
}

/// The bucket wrong passwords from one address within one hour count in.
fn wrong_password_bucket(address: Option<&str>, at: OffsetDateTime) -> String {
    let hour = at.unix_timestamp().div_euclid(3600);
    format!("wrong-password:{hour}:{}", address.unwrap_or("unknown"))
}

#[async_trait]
impl<DB> ActivityStore for SqlStore<DB>
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
    ActivityRow: for<'r> sqlx::FromRow<'r, DB::Row>,
{
    async fn account_activity(&self, query: ActivityQuery) -> StoreResult<Vec<ActivityEntry>> {
        let rows: Vec<ActivityRow> = sqlx::query_as(ACCOUNT_ACTIVITY.as_str())
            .bind(query.account_id)
            .bind(query.now)
            .bind(query.category.map(|category| category.as_str().to_string()))
            .bind(query.after.map(|cursor| cursor.at))
            .bind(query.after.map_or(Uuid::nil(), |cursor| cursor.id))
            .bind(query.limit)
            .fetch_all(&self.pool)
            .await?;
        Ok(rows.into_iter().filter_map(ActivityRow::into_entry).collect())
    }

    async fn record_wrong_password(
        &self,
        account_id: Uuid,
        address: Option<&str>,
        at: OffsetDateTime,
    ) -> StoreResult<()> {
        let kind = ActivityKind::SignInFailed;
        sqlx::query(COUNT_WRONG_PASSWORD)
            .bind(Uuid::now_v7())
            .bind(account_id)
            .bind(at)
            .bind(kind.as_str().to_string())
            .bind(kind.category().as_str().to_string())
            .bind(address.map(str::to_string))
            .bind(wrong_password_bucket(address, at))
            .execute(&self.pool)
            .await?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_reads_back_as_itself() {
        for (kind, name) in KINDS {
            assert_eq!(kind.as_str(), name);
            assert_eq!(ActivityKind::parse(name), Some(kind));
        }
        assert_eq!(ActivityKind::parse("launched_rockets"), None);
    }

    #[test]
    fn wrong_passwords_count_per_address_and_hour() {
        let at = OffsetDateTime::from_unix_timestamp(7200).unwrap();
        let same_hour = at + time::Duration::minutes(59);
        assert_eq!(wrong_password_bucket(Some("192.0.2.1"), at), wrong_password_bucket(Some("192.0.2.1"), same_hour));
        assert_ne!(wrong_password_bucket(Some("192.0.2.1"), at), wrong_password_bucket(Some("192.0.2.2"), at));
        let next_hour = at + time::Duration::hours(1);
        assert_ne!(wrong_password_bucket(Some("192.0.2.1"), at), wrong_password_bucket(Some("192.0.2.1"), next_hour));
    }
}
