//! SQL text that reads the same on SQLite and PostgreSQL (both take `$n` placeholders).
//!
//! Keeping it in one place means the two backends cannot drift apart by accident;
//! anything dialect-specific stays in the backend's own file.

use std::sync::LazyLock;

pub const INSERT_ACCOUNT: &str = "INSERT INTO accounts (id, email, display_name, password_hash, created_at) \
     VALUES ($1, $2, $3, $4, $5)";

pub const ACCOUNT_COUNT: &str = "SELECT COUNT(*) FROM accounts";

pub const ACCOUNT_BY_ID: &str = "SELECT id, email, display_name, created_at FROM accounts WHERE id = $1";

pub const ACCOUNT_BY_EMAIL: &str = "SELECT id, email, display_name, created_at FROM accounts WHERE email = $1";

pub const CREDENTIALS_BY_EMAIL: &str =
    "SELECT id, email, display_name, created_at, password_hash FROM accounts WHERE email = $1";

pub const SET_PASSWORD_HASH: &str = "UPDATE accounts SET password_hash = $2 WHERE id = $1";

const SESSION_COLUMNS: &str = "id, account_id, device_name, device_kind, remember, created_at, last_seen_at, ip, \
     idle_timeout_secs, idle_expires_at, expires_at, password_verified_at";

pub static INSERT_SESSION: LazyLock<String> = LazyLock::new(|| {
    format!(
        "INSERT INTO sessions (id, account_id, token_hash, device_name, device_kind, remember, created_at, \
         last_seen_at, ip, idle_timeout_secs, idle_expires_at, expires_at, password_verified_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $7, $8, $9, $10, $11, $7) RETURNING {SESSION_COLUMNS}"
    )
});

pub static LIVE_SESSION_BY_TOKEN_HASH: LazyLock<String> =
    LazyLock::new(|| format!("SELECT {SESSION_COLUMNS} FROM sessions WHERE token_hash = $1 AND revoked_at IS NULL"));

pub static ACTIVE_SESSIONS: LazyLock<String> = LazyLock::new(|| {
    format!(
        "SELECT {SESSION_COLUMNS} FROM sessions \
         WHERE account_id = $1 AND revoked_at IS NULL AND expires_at > $2 AND idle_expires_at > $2 \
         ORDER BY created_at DESC, id DESC"
    )
});

/// Only moves `last_seen_at` forward, so a late flush never rewinds activity.
pub const RECORD_ACTIVITY: &str = "UPDATE sessions SET last_seen_at = $2, ip = COALESCE($3, ip), idle_expires_at = $4 \
     WHERE id = $1 AND last_seen_at < $2 AND revoked_at IS NULL";

pub const RECORD_PASSWORD_PROOF: &str =
    "UPDATE sessions SET password_verified_at = $2 WHERE id = $1 AND revoked_at IS NULL";

pub const REVOKE_SESSION: &str = "UPDATE sessions SET revoked_at = $3 \
     WHERE account_id = $1 AND id = $2 AND revoked_at IS NULL RETURNING id";

pub const REVOKE_ALL_SESSIONS: &str =
    "UPDATE sessions SET revoked_at = $2 WHERE account_id = $1 AND revoked_at IS NULL RETURNING id";

/// One statement, so concurrent failures under one key cannot lose a count.
pub const RECORD_SIGN_IN_FAILURE: &str = "INSERT INTO sign_in_failures (throttle_key, failures, window_started_at) \
     VALUES ($1, 1, $2) \
     ON CONFLICT (throttle_key) DO UPDATE SET \
       failures = CASE WHEN sign_in_failures.window_started_at > $3 THEN sign_in_failures.failures + 1 ELSE 1 END, \
       window_started_at = CASE WHEN sign_in_failures.window_started_at > $3 \
         THEN sign_in_failures.window_started_at ELSE $2 END \
     RETURNING failures, window_started_at";

pub const SIGN_IN_FAILURES: &str = "SELECT failures, window_started_at FROM sign_in_failures WHERE throttle_key = $1";

pub const CLEAR_SIGN_IN_FAILURES: &str = "DELETE FROM sign_in_failures WHERE throttle_key = $1";

pub const SESSIONS_REVOKED_SINCE: &str =
    "SELECT account_id, id FROM sessions WHERE revoked_at IS NOT NULL AND revoked_at >= $1";
