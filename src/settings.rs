//! Typed settings: flags and `MARQUEE_*` variables for where things are, an optional TOML file for policy.
//!
//! Everything is validated once, at start-up; the rest of the program reads plain values.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::Deserialize;

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
    /// Expired and revoked sessions are kept this long (for the record), then deleted.
    pub retention: Duration,
    /// Signed-in devices per account; signing in beyond it signs out the longest-unused one.
    pub max_per_account: u32,
}

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
            max_per_account: 100,
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
            hashing_concurrency: std::thread::available_parallelism().map_or(2, usize::from),
        }
    }

    /// Applies a TOML policy file over the defaults.
    pub fn with_policy_file(mut self, path: &Path) -> anyhow::Result<Self> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| anyhow::anyhow!("cannot read the settings file {}: {e}", path.display()))?;
        let file: PolicyFile = toml::from_str(&text)
            .map_err(|e| anyhow::anyhow!("the settings file {} is invalid: {e}", path.display()))?;
        file.apply(&mut self)?;
        Ok(self)
    }
}

/// The optional TOML file. Every key is optional; see the README for the list.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PolicyFile {
    remembered_idle_days: Option<u64>,
    remembered_lifetime_days: Option<u64>,
    short_idle_minutes: Option<u64>,
    short_lifetime_minutes: Option<u64>,
    reauthenticate_after_minutes: Option<u64>,
    session_cache_seconds: Option<u64>,
    failed_sign_ins_per_account: Option<u32>,
    failed_sign_ins_per_address: Option<u32>,
    failed_sign_in_window_minutes: Option<u64>,
    trust_forwarded_for: Option<bool>,
    hashing_concurrency: Option<usize>,
}

impl PolicyFile {
    fn apply(self, settings: &mut Settings) -> anyhow::Result<()> {
        let s = &mut settings.sessions;
        set(&mut s.remembered_idle, self.remembered_idle_days.map(days));
        set(&mut s.remembered_lifetime, self.remembered_lifetime_days.map(days));
        set(&mut s.short_idle, self.short_idle_minutes.map(minutes));
        set(&mut s.short_lifetime, self.short_lifetime_minutes.map(minutes));
        set(&mut s.reauthenticate_after, self.reauthenticate_after_minutes.map(minutes));
        set(&mut s.cache_lifetime, self.session_cache_seconds.map(Duration::from_secs));
        let t = &mut settings.throttle;
        set(&mut t.per_account, self.failed_sign_ins_per_account);
        set(&mut t.per_address, self.failed_sign_ins_per_address);
        set(&mut t.window, self.failed_sign_in_window_minutes.map(minutes));
        set(&mut settings.trust_forwarded_for, self.trust_forwarded_for);
        set(&mut settings.hashing_concurrency, self.hashing_concurrency);
        settings.validate()
    }
}

impl Settings {
    /// Refuses combinations that would make Marquee insecure or unusable.
    pub fn validate(&self) -> anyhow::Result<()> {
        let s = &self.sessions;
        anyhow::ensure!(!s.short_idle.is_zero() && !s.remembered_idle.is_zero(), "session lifetimes must be positive");
        anyhow::ensure!(s.cache_lifetime <= Duration::from_secs(300), "session_cache_seconds may be at most 300");
        let t = &self.throttle;
        anyhow::ensure!((1..=100).contains(&t.per_account), "failed_sign_ins_per_account must be 1 to 100");
        anyhow::ensure!(t.per_address >= 1, "failed_sign_ins_per_address must be at least 1");
        anyhow::ensure!(!t.window.is_zero(), "failed_sign_in_window_minutes must be positive");
        anyhow::ensure!((1..=64).contains(&self.hashing_concurrency), "hashing_concurrency must be 1 to 64");
        Ok(())
    }
}

/// The SQLite URL for a data directory, creating the directory if needed.
pub fn sqlite_url_in(data_dir: &Path) -> anyhow::Result<String> {
    std::fs::create_dir_all(data_dir)
        .map_err(|e| anyhow::anyhow!("cannot create the data directory {}: {e}", data_dir.display()))?;
    let file: PathBuf = data_dir.join("marquee.db");
    Ok(format!("sqlite://{}", file.display()))
}

fn set<T>(slot: &mut T, value: Option<T>) {
    if let Some(value) = value {
        *slot = value;
    }
}

fn days(n: u64) -> Duration {
    Duration::from_secs(n * 24 * 3600)
}

fn minutes(n: u64) -> Duration {
    Duration::from_secs(n * 60)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn base() -> Settings {
        Settings::new("127.0.0.1:0".parse().unwrap(), "sqlite::memory:".into())
    }

    #[test]
    fn defaults_are_valid() {
        base().validate().unwrap();
    }

    #[test]
    fn a_policy_file_overrides_defaults() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("marquee.toml");
        std::fs::write(&path, "reauthenticate_after_minutes = 5\nfailed_sign_ins_per_account = 3\n").unwrap();
        let settings = base().with_policy_file(&path).unwrap();
        assert_eq!(settings.sessions.reauthenticate_after, Duration::from_secs(300));
        assert_eq!(settings.throttle.per_account, 3);
    }

    #[test]
    fn unsafe_or_unknown_policy_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("marquee.toml");
        std::fs::write(&path, "failed_sign_ins_per_account = 1000\n").unwrap();
        assert!(base().with_policy_file(&path).is_err());
        std::fs::write(&path, "no_such_setting = 1\n").unwrap();
        assert!(base().with_policy_file(&path).is_err());
    }
}
