//! The settings file the Debian package installs as `/etc/marquee/marquee.toml` must stay valid
//! and complete as keys are added: as shipped it changes nothing, and with every key uncommented it
//! still parses, names every key of [`PolicyFile`] and gives each its real default.

use super::*;

const SHIPPED: &str = include_str!("../../debian/marquee.toml");

/// The shipped file with every commented-out `key = value` line made live; explanations stay comments.
fn uncommented() -> String {
    SHIPPED
        .lines()
        .map(|line| match line.strip_prefix("# ") {
            Some(rest) if is_setting(rest) => rest,
            _ => line,
        })
        .map(|line| format!("{line}\n"))
        .collect()
}

/// `key = value`, where the key is lower case words joined by underscores.
fn is_setting(line: &str) -> bool {
    line.split_once(" = ")
        .is_some_and(|(key, _)| !key.is_empty() && key.chars().all(|c| c.is_ascii_lowercase() || c == '_'))
}

fn base() -> Settings {
    Settings::new("127.0.0.1:0".parse().unwrap(), "sqlite::memory:".into())
}

/// `defaults` with the file `text` applied through the real loader.
fn apply(defaults: &Settings, text: &str) -> anyhow::Result<Settings> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("marquee.toml");
    std::fs::write(&path, text).unwrap();
    defaults.clone().with_policy_file(&path)
}

#[test]
fn the_file_as_installed_is_valid_and_changes_nothing() {
    let defaults = base();
    let applied = apply(&defaults, SHIPPED).unwrap();
    assert_eq!(format!("{applied:?}"), format!("{defaults:?}"));
    assert!(toml::from_str::<toml::Table>(SHIPPED).unwrap().is_empty(), "every setting is commented out");
}

#[test]
fn every_key_is_in_the_file_once_and_uncommented_it_parses() {
    let text = uncommented();
    let file: PolicyFile = toml::from_str(&text).unwrap_or_else(|e| panic!("the uncommented file is refused: {e}"));
    // No `..`: a key added to `PolicyFile` fails to compile here until it is in the file.
    let PolicyFile {
        remembered_idle_days,
        remembered_lifetime_days,
        short_idle_minutes,
        short_lifetime_minutes,
        reauthenticate_after_minutes,
        session_cache_seconds,
        session_retention_days,
        activity_retention_days,
        max_sessions_per_account,
        failed_sign_ins_per_account,
        failed_sign_ins_per_address,
        failed_sign_in_window_minutes,
        trust_forwarded_for,
        hashing_concurrency,
        max_streams_per_account,
        device_code_minutes,
        device_code_interval_seconds,
        max_transcodes,
        smtp_url,
        smtp_password_file,
        mail_from,
        public_url,
    } = file;
    let present = [
        ("remembered_idle_days", remembered_idle_days.is_some()),
        ("remembered_lifetime_days", remembered_lifetime_days.is_some()),
        ("short_idle_minutes", short_idle_minutes.is_some()),
        ("short_lifetime_minutes", short_lifetime_minutes.is_some()),
        ("reauthenticate_after_minutes", reauthenticate_after_minutes.is_some()),
        ("session_cache_seconds", session_cache_seconds.is_some()),
        ("session_retention_days", session_retention_days.is_some()),
        ("activity_retention_days", activity_retention_days.is_some()),
        ("max_sessions_per_account", max_sessions_per_account.is_some()),
        ("failed_sign_ins_per_account", failed_sign_ins_per_account.is_some()),
        ("failed_sign_ins_per_address", failed_sign_ins_per_address.is_some()),
        ("failed_sign_in_window_minutes", failed_sign_in_window_minutes.is_some()),
        ("trust_forwarded_for", trust_forwarded_for.is_some()),
        ("hashing_concurrency", hashing_concurrency.is_some()),
        ("max_streams_per_account", max_streams_per_account.is_some()),
        ("device_code_minutes", device_code_minutes.is_some()),
        ("device_code_interval_seconds", device_code_interval_seconds.is_some()),
        ("max_transcodes", max_transcodes.is_some()),
        ("smtp_url", smtp_url.is_some()),
        ("smtp_password_file", smtp_password_file.is_some()),
        ("mail_from", mail_from.is_some()),
        ("public_url", public_url.is_some()),
    ];
    for (key, is_there) in present {
        assert!(is_there, "{key} is missing from debian/marquee.toml");
    }
}

#[test]
fn the_values_in_the_file_are_the_defaults() {
    let defaults = base();
    // The password file it names is an example that does not exist here.
    let text: String = uncommented()
        .lines()
        .filter(|line| !line.starts_with("smtp_password_file"))
        .map(|l| format!("{l}\n"))
        .collect();
    let mut applied = apply(&defaults, &text).unwrap_or_else(|e| panic!("the uncommented file is refused: {e:#}"));
    // These two follow the machine's cores; the file shows an example value.
    applied.hashing_concurrency = defaults.hashing_concurrency;
    applied.transcoding.max_transcodes = defaults.transcoding.max_transcodes;
    // Mail is off by default; the file shows a working example of each key.
    assert_eq!(applied.mail.smtp_url.as_deref(), Some("smtp://127.0.0.1:25"));
    assert_eq!(applied.mail.public_url.as_deref(), Some("https://tv.example.org"));
    applied.mail = defaults.mail.clone();
    assert_eq!(format!("{applied:?}"), format!("{defaults:?}"));
}

#[test]
fn the_uncommenting_finds_settings_and_leaves_explanations() {
    assert!(is_setting("max_transcodes = 2"));
    assert!(is_setting("trust_forwarded_for = false"));
    assert!(!is_setting("Sessions without \"remember me\" = a borrowed computer"));
    assert!(!is_setting("...and after this many days in any case (1 to 3650)."));
    assert!(!is_setting(" = 3"));
}
