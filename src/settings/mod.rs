//! Typed settings: flags and `MARQUEE_*` variables for where things are, an optional TOML file for policy.
//!
//! Everything is validated once, at start-up, against each key's bounds (in `bounds`); the rest of
//! the program reads plain values that cannot overflow a date or starve the server.
//!
//! Foundation: it imports only `clock` and `private_files`.

mod bounds;
mod mail;
#[cfg(test)]
mod packaged_file;

pub use mail::{MailSettings, SmtpPassword, trimmed_public_url};

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::Deserialize;

use self::bounds::{Key, Number, days, minutes};

/// The settings a running Marquee reads.
#[derive(Debug, Clone)]
pub struct Settings {
    pub listen: SocketAddr,
    pub database_url: String,
    pub sessions: SessionPolicy,
    pub throttle: ThrottlePolicy,
    /// Take the client address from the last `X-Forwarded-For` hop (only behind a proxy you run).
    pub trust_forwarded_for: bool,
    /// How many password hashes may run at once.
    pub hashing_concurrency: usize,
    /// Hear other instances' revocations at once (PostgreSQL NOTIFY). Always on in service; the
    /// tests turn it off to prove that the once-a-second poll alone catches every revocation.
    pub revocation_notifications: bool,
    /// Devices of one account that may play at once ("too many people are using your account").
    pub streams_per_account: u32,
    /// Signing a TV in with a code shown on it.
    pub device_codes: DeviceCodePolicy,
    /// What device sign-in codes read the time from; tests move it forward to see codes expire.
    pub clock: crate::clock::Clock,
    /// Remuxing and transcoding with ffmpeg for devices that cannot play a file as it is.
    pub transcoding: TranscodePolicy,
    /// Where to serve Prometheus metrics at `/metrics`, apart from the service; off when `None`.
    pub metrics_listen: Option<SocketAddr>,
    /// The mail server, the sender and the address links in messages start with.
    pub mail: MailSettings,
}

/// Where ffmpeg is, how many transcodes may run at once, and where their segments are written.
#[derive(Debug, Clone)]
pub struct TranscodePolicy {
    /// `None` when ffmpeg is not installed: files then play only as they are.
    pub ffmpeg: Option<PathBuf>,
    pub max_transcodes: usize,
    /// Emptied when the server starts: give each server its own.
    pub work_dir: PathBuf,
    /// A stream nobody has asked anything of for this long is ended (its player was closed or
    /// paused); playing again starts ffmpeg again where the player is.
    pub idle_timeout: Duration,
}

impl Default for TranscodePolicy {
    fn default() -> Self {
        let cores = std::thread::available_parallelism().map_or(2, usize::from);
        Self {
            ffmpeg: program_on_path("ffmpeg"),
            // One per two cores: a 1080p transcode takes about a core and a half at its fastest.
            max_transcodes: (cores / 2).clamp(1, 64),
            work_dir: std::env::temp_dir().join(format!("marquee-streams-{}", uuid::Uuid::new_v4())),
            idle_timeout: Duration::from_secs(20),
        }
    }
}

/// The first executable file of this name on `PATH`.
pub fn program_on_path(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path).map(|dir| dir.join(name)).find(|candidate| candidate.is_file())
}

/// How long a code shown on a TV lives, and how often the TV may ask whether it was allowed.
#[derive(Debug, Clone)]
pub struct DeviceCodePolicy {
    pub lifetime: Duration,
    pub interval: Duration,
}

impl Default for DeviceCodePolicy {
    fn default() -> Self {
        Self { lifetime: minutes(10), interval: Duration::from_secs(5) }
    }
}

/// How long sessions live, and when a sensitive action needs the password again.
#[derive(Debug, Clone)]
pub struct SessionPolicy {
    /// "Remember me" sessions, and every app or TV: signed out after this long unused…
    pub remembered_idle: Duration,
    /// …and after this long in any case.
    pub remembered_lifetime: Duration,
    /// Sessions without "remember me" (a borrowed computer): much shorter.
    pub short_idle: Duration,
    pub short_lifetime: Duration,
    /// Signing out everywhere needs the password if it was last proved longer ago than this.
    pub reauthenticate_after: Duration,
    /// How long a validated session may be served from memory before the database is asked again.
    /// Revocations evict at once; this only bounds a missed notification.
    pub cache_lifetime: Duration,
    /// How long expired and revoked sessions are kept, for the record ("signed out on…"), before
    /// they are deleted.
    pub retention: Duration,
    /// How long the account activity page's entries are kept before they are deleted.
    pub activity_retention: Duration,
    /// Signed-in devices per account; signing in beyond it signs out the device unused the longest.
    pub max_per_account: u32,
    /// At most this long between two looks for sessions whose chosen end has come ("until tomorrow
    /// morning", "for a week"); an instance also wakes for the nearest end it knows of. A minute in
    /// service; not in the settings file (tests shorten it, to no less than [`MIN_END_CHECK`]).
    pub end_check_every: Duration,
}

/// The shortest [`SessionPolicy::end_check_every`]: more often would only load the database.
pub const MIN_END_CHECK: Duration = Duration::from_secs(1);

/// Failed sign-ins allowed per window before answering 429.
#[derive(Debug, Clone)]
pub struct ThrottlePolicy {
    pub per_account: u32,
    pub per_address: u32,
    pub window: Duration,
}

impl Default for SessionPolicy {
    fn default() -> Self {
        Self {
            remembered_idle: days(30),
            remembered_lifetime: days(90),
            short_idle: minutes(120),
            short_lifetime: minutes(12 * 60),
            reauthenticate_after: minutes(10),
            cache_lifetime: Duration::from_secs(30),
            retention: days(30),
            activity_retention: days(90),
            max_per_account: 100,
            end_check_every: Duration::from_secs(60),
        }
    }
}

impl Default for ThrottlePolicy {
    fn default() -> Self {
        Self { per_account: 10, per_address: 100, window: minutes(15) }
    }
}

impl Settings {
    /// Defaults for a database URL and listen address; policy comes from [`PolicyFile`].
    pub fn new(listen: SocketAddr, database_url: String) -> Self {
        Self {
            listen,
            database_url,
            sessions: SessionPolicy::default(),
            throttle: ThrottlePolicy::default(),
            trust_forwarded_for: false,
            // One per core, within the key's bounds (a machine with more than 64 cores still starts).
            hashing_concurrency: std::thread::available_parallelism().map_or(2, usize::from).min(64),
            revocation_notifications: true,
            streams_per_account: 4,
            device_codes: DeviceCodePolicy::default(),
            clock: crate::clock::Clock::default(),
            transcoding: TranscodePolicy::default(),
            metrics_listen: None,
            mail: MailSettings::default(),
        }
    }

    /// Keeps account activity this many days (from the command line), within the key's bounds.
    pub fn set_activity_retention_days(&mut self, days: u64) -> anyhow::Result<()> {
        let key = Key::ACTIVITY_RETENTION;
        self.sessions.activity_retention = Duration::from_secs(key.check(days)?.saturating_mul(key.unit.seconds()));
        Ok(())
    }

    /// Applies a TOML policy file over the defaults.
    pub fn with_policy_file(mut self, path: &Path) -> anyhow::Result<Self> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| anyhow::anyhow!("cannot read the settings file {}: {e}", path.display()))?;
        let file: PolicyFile = toml::from_str(&text)
            .map_err(|e| anyhow::anyhow!("the settings file {} is invalid: {e}", path.display()))?;
        file.apply(&mut self).map_err(|e| anyhow::anyhow!("the settings file {} is invalid: {e}", path.display()))?;
        Ok(self)
    }

    /// Refuses settings that would make Marquee insecure or unusable, or overflow a date, however
    /// they were made: every value within its key's bounds.
    pub fn validate(&self) -> anyhow::Result<()> {
        let s = &self.sessions;
        Key::REMEMBERED_IDLE.allows(s.remembered_idle)?;
        Key::REMEMBERED_LIFETIME.allows(s.remembered_lifetime)?;
        Key::SHORT_IDLE.allows(s.short_idle)?;
        Key::SHORT_LIFETIME.allows(s.short_lifetime)?;
        Key::REAUTHENTICATE_AFTER.allows(s.reauthenticate_after)?;
        Key::SESSION_CACHE.allows(s.cache_lifetime)?;
        Key::SESSION_RETENTION.allows(s.retention)?;
        Key::ACTIVITY_RETENTION.allows(s.activity_retention)?;
        Key::MAX_SESSIONS.check(s.max_per_account)?;
        anyhow::ensure!(
            (MIN_END_CHECK..=Duration::from_secs(60)).contains(&s.end_check_every),
            "the time between looks for sessions that end by themselves must be 1 to 60 seconds"
        );
        let t = &self.throttle;
        Key::FAILED_PER_ACCOUNT.check(t.per_account)?;
        Key::FAILED_PER_ADDRESS.check(t.per_address)?;
        Key::FAILED_WINDOW.allows(t.window)?;
        Key::HASHING_CONCURRENCY.check(self.hashing_concurrency)?;
        Key::MAX_STREAMS.check(self.streams_per_account)?;
        Key::DEVICE_CODE_LIFETIME.allows(self.device_codes.lifetime)?;
        Key::DEVICE_CODE_INTERVAL.allows(self.device_codes.interval)?;
        Key::MAX_TRANSCODES.check(self.transcoding.max_transcodes)?;
        self.mail.validate()?;
        Ok(())
    }
}

/// The optional TOML file. Every key is optional; see the README for the list.
///
/// Numbers are read whatever their size or sign, so a negative or huge one is refused with its
/// key's bounds rather than a type error.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PolicyFile {
    remembered_idle_days: Option<Number>,
    remembered_lifetime_days: Option<Number>,
    short_idle_minutes: Option<Number>,
    short_lifetime_minutes: Option<Number>,
    reauthenticate_after_minutes: Option<Number>,
    session_cache_seconds: Option<Number>,
    session_retention_days: Option<Number>,
    activity_retention_days: Option<Number>,
    max_sessions_per_account: Option<Number>,
    failed_sign_ins_per_account: Option<Number>,
    failed_sign_ins_per_address: Option<Number>,
    failed_sign_in_window_minutes: Option<Number>,
    trust_forwarded_for: Option<bool>,
    hashing_concurrency: Option<Number>,
    max_streams_per_account: Option<Number>,
    device_code_minutes: Option<Number>,
    device_code_interval_seconds: Option<Number>,
    max_transcodes: Option<Number>,
    smtp_url: Option<String>,
    smtp_password_file: Option<PathBuf>,
    mail_from: Option<String>,
    public_url: Option<String>,
}

impl PolicyFile {
    fn apply(self, settings: &mut Settings) -> anyhow::Result<()> {
        let s = &mut settings.sessions;
        set(&mut s.remembered_idle, Key::REMEMBERED_IDLE.duration(self.remembered_idle_days)?);
        set(&mut s.remembered_lifetime, Key::REMEMBERED_LIFETIME.duration(self.remembered_lifetime_days)?);
        set(&mut s.short_idle, Key::SHORT_IDLE.duration(self.short_idle_minutes)?);
        set(&mut s.short_lifetime, Key::SHORT_LIFETIME.duration(self.short_lifetime_minutes)?);
        set(&mut s.reauthenticate_after, Key::REAUTHENTICATE_AFTER.duration(self.reauthenticate_after_minutes)?);
        set(&mut s.cache_lifetime, Key::SESSION_CACHE.duration(self.session_cache_seconds)?);
        set(&mut s.retention, Key::SESSION_RETENTION.duration(self.session_retention_days)?);
        set(&mut s.activity_retention, Key::ACTIVITY_RETENTION.duration(self.activity_retention_days)?);
        set(&mut s.max_per_account, Key::MAX_SESSIONS.count(self.max_sessions_per_account)?);
        // Code may set an idle timeout past the lifetime (the lifetime wins; tests do it to see
        // the lifetime alone), but in a file it is a mistake worth pointing out.
        at_most(Key::REMEMBERED_IDLE, s.remembered_idle, Key::REMEMBERED_LIFETIME, s.remembered_lifetime)?;
        at_most(Key::SHORT_IDLE, s.short_idle, Key::SHORT_LIFETIME, s.short_lifetime)?;
        let t = &mut settings.throttle;
        set(&mut t.per_account, Key::FAILED_PER_ACCOUNT.count(self.failed_sign_ins_per_account)?);
        set(&mut t.per_address, Key::FAILED_PER_ADDRESS.count(self.failed_sign_ins_per_address)?);
        set(&mut t.window, Key::FAILED_WINDOW.duration(self.failed_sign_in_window_minutes)?);
        set(&mut settings.trust_forwarded_for, self.trust_forwarded_for);
        set(&mut settings.hashing_concurrency, Key::HASHING_CONCURRENCY.count(self.hashing_concurrency)?);
        set(&mut settings.streams_per_account, Key::MAX_STREAMS.count(self.max_streams_per_account)?);
        let d = &mut settings.device_codes;
        set(&mut d.lifetime, Key::DEVICE_CODE_LIFETIME.duration(self.device_code_minutes)?);
        set(&mut d.interval, Key::DEVICE_CODE_INTERVAL.duration(self.device_code_interval_seconds)?);
        set(&mut settings.transcoding.max_transcodes, Key::MAX_TRANSCODES.count(self.max_transcodes)?);
        let mail = &mut settings.mail;
        set(&mut mail.smtp_url, self.smtp_url.map(Some));
        if let Some(path) = &self.smtp_password_file {
            mail.smtp_password = Some(MailSettings::read_password_file(path)?);
        }
        set(&mut mail.mail_from, self.mail_from.map(Some));
        set(&mut mail.public_url, self.public_url.map(Some));
        settings.validate()
    }
}

/// Refuses an idle timeout longer than its lifetime.
fn at_most(idle: Key, idle_value: Duration, lifetime: Key, lifetime_value: Duration) -> anyhow::Result<()> {
    anyhow::ensure!(
        idle_value <= lifetime_value,
        "{} must be at most {} (got {} and {})",
        idle.name,
        lifetime.name,
        idle.unit.describe(idle_value),
        lifetime.unit.describe(lifetime_value),
    );
    Ok(())
}

/// The SQLite URL for a data directory, creating the directory if needed. It holds every account, so it is
/// its owner's alone (0700), even when an earlier version left it open.
pub fn sqlite_url_in(data_dir: &Path) -> anyhow::Result<String> {
    crate::private_files::private_dir(data_dir)
        .map_err(|e| anyhow::anyhow!("the data directory cannot be used: {e}"))?;
    let file: PathBuf = data_dir.join("marquee.db");
    Ok(format!("sqlite://{}", file.display()))
}

fn set<T>(slot: &mut T, value: Option<T>) {
    if let Some(value) = value {
        *slot = value;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every number the file accepts.
    const KEYS: [Key; 16] = [
        Key::REMEMBERED_IDLE,
        Key::REMEMBERED_LIFETIME,
        Key::SHORT_IDLE,
        Key::SHORT_LIFETIME,
        Key::REAUTHENTICATE_AFTER,
        Key::SESSION_CACHE,
        Key::SESSION_RETENTION,
        Key::ACTIVITY_RETENTION,
        Key::MAX_SESSIONS,
        Key::FAILED_PER_ACCOUNT,
        Key::FAILED_PER_ADDRESS,
        Key::FAILED_WINDOW,
        Key::HASHING_CONCURRENCY,
        Key::MAX_STREAMS,
        Key::DEVICE_CODE_LIFETIME,
        Key::DEVICE_CODE_INTERVAL,
    ];

    fn base() -> Settings {
        Settings::new("127.0.0.1:0".parse().unwrap(), "sqlite::memory:".into())
    }

    fn from_file(text: &str) -> anyhow::Result<Settings> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("marquee.toml");
        std::fs::write(&path, text).unwrap();
        base().with_policy_file(&path)
    }

    /// The value a key ended up as, in the key's unit.
    fn value_of(settings: &Settings, key: Key) -> u64 {
        let (s, t) = (&settings.sessions, &settings.throttle);
        let duration = match key.name {
            "remembered_idle_days" => s.remembered_idle,
            "remembered_lifetime_days" => s.remembered_lifetime,
            "short_idle_minutes" => s.short_idle,
            "short_lifetime_minutes" => s.short_lifetime,
            "reauthenticate_after_minutes" => s.reauthenticate_after,
            "session_cache_seconds" => s.cache_lifetime,
            "session_retention_days" => s.retention,
            "activity_retention_days" => s.activity_retention,
            "failed_sign_in_window_minutes" => t.window,
            "device_code_minutes" => settings.device_codes.lifetime,
            "device_code_interval_seconds" => settings.device_codes.interval,
            "max_sessions_per_account" => return s.max_per_account.into(),
            "failed_sign_ins_per_account" => return t.per_account.into(),
            "failed_sign_ins_per_address" => return t.per_address.into(),
            "hashing_concurrency" => return settings.hashing_concurrency as u64,
            "max_streams_per_account" => return settings.streams_per_account.into(),
            other => panic!("no such key {other}"),
        };
        duration.as_secs() / key.unit.seconds()
    }

    /// A file setting `key` to `value`; an idle timeout and its lifetime move together, so that
    /// only the bounds are tested.
    fn file_with(key: Key, value: impl std::fmt::Display) -> String {
        let partner = match key.name {
            "remembered_idle_days" => Some("remembered_lifetime_days"),
            "remembered_lifetime_days" => Some("remembered_idle_days"),
            "short_idle_minutes" => Some("short_lifetime_minutes"),
            "short_lifetime_minutes" => Some("short_idle_minutes"),
            _ => None,
        };
        let mut text = format!("{} = {value}\n", key.name);
        if let Some(partner) = partner {
            text.push_str(&format!("{partner} = {value}\n"));
        }
        text
    }

    #[test]
    fn defaults_are_valid() {
        let settings = base();
        settings.validate().unwrap();
        assert_eq!(settings.sessions.retention, days(30));
        assert_eq!(settings.sessions.max_per_account, 100);
    }

    #[test]
    fn a_policy_file_overrides_defaults() {
        let settings = from_file(
            "reauthenticate_after_minutes = 5\nfailed_sign_ins_per_account = 3\n\
             session_retention_days = 7\nmax_sessions_per_account = 3\n",
        )
        .unwrap();
        assert_eq!(settings.sessions.reauthenticate_after, Duration::from_secs(300));
        assert_eq!(settings.throttle.per_account, 3);
        assert_eq!(settings.sessions.retention, Duration::from_secs(7 * 24 * 3600));
        assert_eq!(settings.sessions.max_per_account, 3);
    }

    #[test]
    fn every_key_accepts_both_of_its_bounds() {
        for key in KEYS {
            for value in [key.min, key.max] {
                let settings = from_file(&file_with(key, value))
                    .unwrap_or_else(|e| panic!("{} = {value} is refused: {e:#}", key.name));
                assert_eq!(value_of(&settings, key), value, "{} = {value} is applied", key.name);
            }
        }
    }

    /// The error for a file that sets only `key`, which must name the key, its range and `value`.
    fn assert_refused(key: Key, value: impl std::fmt::Display) {
        let error = from_file(&format!("{} = {value}\n", key.name)).expect_err(&format!("{} = {value}", key.name));
        let expected = format!("{} must be {} to {} (got {value})", key.name, key.min, key.max);
        assert!(error.to_string().contains(&expected), "{error:#}");
    }

    #[test]
    fn one_past_either_bound_is_refused_with_the_key_name() {
        for key in KEYS {
            assert_refused(key, i128::from(key.min) - 1);
            assert_refused(key, i128::from(key.max) + 1);
        }
    }

    #[test]
    fn gigantic_values_are_refused_without_panicking() {
        for key in KEYS {
            assert_refused(key, u64::MAX);
            assert_refused(key, i64::MAX);
            assert_refused(key, i64::MIN);
            let error = key.check(u64::MAX).unwrap_err();
            assert!(error.to_string().contains(&format!("{} must be", key.name)), "{error:#}");
        }
        let file = PolicyFile { remembered_lifetime_days: Some(Number(u64::MAX.into())), ..PolicyFile::default() };
        let error = file.apply(&mut base()).unwrap_err();
        assert!(error.to_string().contains("remembered_lifetime_days must be 1 to 3650"), "{error:#}");
    }

    #[test]
    fn an_idle_timeout_longer_than_its_lifetime_is_refused() {
        let error = from_file("remembered_idle_days = 100\n").unwrap_err();
        assert!(
            error
                .to_string()
                .contains("remembered_idle_days must be at most remembered_lifetime_days (got 100 and 90)"),
            "{error:#}"
        );
        let error = from_file("short_lifetime_minutes = 60\n").unwrap_err();
        assert!(error.to_string().contains("short_idle_minutes must be at most short_lifetime_minutes"), "{error:#}");
        from_file("short_idle_minutes = 60\nshort_lifetime_minutes = 60\n").unwrap();
    }

    #[test]
    fn the_new_session_keys_have_their_own_bounds() {
        let settings = from_file("session_retention_days = 3650\nmax_sessions_per_account = 10000\n").unwrap();
        assert_eq!(settings.sessions.retention, days(3650));
        assert_eq!(settings.sessions.max_per_account, 10_000);
        let error = from_file("session_retention_days = 0\n").unwrap_err();
        assert!(error.to_string().contains("session_retention_days must be 1 to 3650 (got 0)"), "{error:#}");
        let error = from_file("max_sessions_per_account = 10001\n").unwrap_err();
        assert!(error.to_string().contains("max_sessions_per_account must be 1 to 10000 (got 10001)"), "{error:#}");
    }

    #[test]
    fn settings_made_in_code_are_bounded_too() {
        let mut settings = base();
        settings.sessions.short_idle = Duration::from_secs(2);
        settings.validate().expect("a finer unit than the file's is fine");
        settings.sessions.remembered_lifetime = Duration::MAX;
        let error = settings.validate().unwrap_err();
        assert!(error.to_string().contains("remembered_lifetime_days must be 1 to 3650"), "{error:#}");
        let mut settings = base();
        settings.sessions.retention = Duration::ZERO;
        assert!(settings.validate().unwrap_err().to_string().contains("session_retention_days"));
        let mut settings = base();
        settings.sessions.max_per_account = 0;
        assert!(settings.validate().unwrap_err().to_string().contains("max_sessions_per_account"));
    }

    #[test]
    fn the_helpers_saturate_instead_of_overflowing() {
        assert_eq!(days(u64::MAX), Duration::from_secs(u64::MAX));
        assert_eq!(minutes(u64::MAX), Duration::from_secs(u64::MAX));
    }

    #[test]
    fn unknown_or_mistyped_keys_are_refused() {
        assert!(from_file("no_such_setting = 1\n").is_err());
        let error = from_file("failed_sign_ins_per_account = \"ten\"\n").unwrap_err();
        assert!(error.to_string().contains("failed_sign_ins_per_account"), "{error:#}");
    }
}
