//! SQL text that reads the same on SQLite and PostgreSQL (both take `$n` placeholders).
//!
//! Keeping it in one place means the two backends cannot drift apart by accident;
//! anything dialect-specific stays in the backend's own file.

use std::sync::LazyLock;

pub const INSERT_ACCOUNT: &str = "INSERT INTO accounts (id, email, display_name, password_hash, created_at) \
     VALUES ($1, $2, $3, $4, $5)";

pub const ACCOUNT_COUNT: &str = "SELECT COUNT(*) FROM accounts";

const ACCOUNT_COLUMNS: &str = "id, email, display_name, created_at, phone, language, autoplay_next, autoplay_previews, \
     confirm_devices_with_password";

pub static ACCOUNT_BY_ID: LazyLock<String> =
    LazyLock::new(|| format!("SELECT {ACCOUNT_COLUMNS} FROM accounts WHERE id = $1"));

pub static ACCOUNT_BY_EMAIL: LazyLock<String> =
    LazyLock::new(|| format!("SELECT {ACCOUNT_COLUMNS} FROM accounts WHERE email = $1"));

pub static CREDENTIALS_BY_EMAIL: LazyLock<String> = LazyLock::new(|| {
    format!("SELECT {ACCOUNT_COLUMNS}, password_hash, credential_version FROM accounts WHERE email = $1")
});

pub static CREDENTIALS_BY_ID: LazyLock<String> = LazyLock::new(|| {
    format!("SELECT {ACCOUNT_COLUMNS}, password_hash, credential_version FROM accounts WHERE id = $1")
});

pub const DELETE_ACCOUNT: &str = "DELETE FROM accounts WHERE id = $1";

const PROFILE_COLUMNS: &str = "id, account_id, name, avatar, is_kids, maturity, pin_hash, created_at";

/// `$8` is the new profile's maturity rank.
/// Inserts only while the account has fewer than `$7` profiles: one statement, so the limit holds
/// without a separate count.
pub const INSERT_PROFILE: &str = "INSERT INTO profiles (id, account_id, name, avatar, is_kids, maturity, pin_hash, created_at) \
     SELECT $1, $2, $3, $4, $5, $8, NULL, $6 WHERE (SELECT COUNT(*) FROM profiles WHERE account_id = $2) < $7";

pub static PROFILES_OF_ACCOUNT: LazyLock<String> =
    LazyLock::new(|| format!("SELECT {PROFILE_COLUMNS} FROM profiles WHERE account_id = $1 ORDER BY created_at, id"));

pub static PROFILE_OF_ACCOUNT: LazyLock<String> =
    LazyLock::new(|| format!("SELECT {PROFILE_COLUMNS} FROM profiles WHERE account_id = $1 AND id = $2"));

/// A profile that becomes a kids one sees at most Older Kids titles (rank 1) from then on.
pub const UPDATE_PROFILE: &str = "UPDATE profiles SET name = $3, avatar = $4, is_kids = $5, \
     maturity = CASE WHEN $5 AND maturity > 1 THEN 1 ELSE maturity END WHERE account_id = $1 AND id = $2";

pub const SET_PROFILE_PIN: &str = "UPDATE profiles SET pin_hash = $3 WHERE account_id = $1 AND id = $2";

/// PostgreSQL only: serialises changes to one account (its profiles, its sign-ins, its credentials).
pub const LOCK_ACCOUNT: &str = "SELECT id FROM accounts WHERE id = $1 FOR UPDATE";

/// Never deletes the account's last profile.
pub const DELETE_PROFILE: &str = "DELETE FROM profiles WHERE account_id = $1 AND id = $2 \
     AND (SELECT COUNT(*) FROM profiles WHERE account_id = $1) > 1";

/// A session is live while it has not been revoked on its own and its epoch is still its account's:
/// signing out of all devices moves the account's epoch on (one write, however many devices).
/// A condition on the `sessions` table, unaliased.
const LIVE: &str =
    "revoked_at IS NULL AND epoch = (SELECT session_epoch FROM accounts WHERE accounts.id = sessions.account_id)";

/// Only a profile of the session's own account can be chosen.
pub static CHOOSE_PROFILE: LazyLock<String> = LazyLock::new(|| {
    format!(
        "UPDATE sessions SET profile_id = $3 WHERE id = $1 AND account_id = $2 \
         AND {LIVE} AND EXISTS (SELECT 1 FROM profiles WHERE id = $3 AND account_id = $2)"
    )
});

/// A new password moves the credential version on, so sign-ins that verified the old one cannot land.
pub const SET_PASSWORD_HASH: &str =
    "UPDATE accounts SET password_hash = $2, credential_version = credential_version + 1 WHERE id = $1";

/// Devices in this profile go back to "Who's watching?".
pub static LEAVE_PROFILE: LazyLock<String> = LazyLock::new(|| {
    format!("UPDATE sessions SET profile_id = NULL WHERE account_id = $1 AND profile_id = $2 AND {LIVE} RETURNING id")
});

const SESSION_COLUMNS: &str = "id, account_id, device_name, device_kind, remember, created_at, last_seen_at, ip, \
     idle_timeout_secs, idle_expires_at, expires_at, password_verified_at, profile_id";

/// Inserts only while the account still exists with the credential version the sign-in verified,
/// in the account's current session epoch.
pub static INSERT_SESSION: LazyLock<String> = LazyLock::new(|| {
    format!(
        "INSERT INTO sessions (id, account_id, token_hash, device_name, device_kind, remember, created_at, \
         last_seen_at, ip, idle_timeout_secs, idle_expires_at, expires_at, password_verified_at, epoch) \
         SELECT $1, $2, $3, $4, $5, $6, $7, $7, $8, $9, $10, $11, $13, session_epoch FROM accounts \
         WHERE id = $2 AND credential_version = $12 RETURNING {SESSION_COLUMNS}"
    )
});

/// The account's live sessions, most recently used first: past the limit are the longest unused.
pub static LIVE_SESSIONS_BY_USE: LazyLock<String> = LazyLock::new(|| {
    format!(
        "SELECT id FROM sessions WHERE account_id = $1 AND {LIVE} AND expires_at > $2 AND idle_expires_at > $2 \
         ORDER BY last_seen_at DESC, created_at DESC, id DESC"
    )
});

pub static LIVE_SESSION_BY_TOKEN_HASH: LazyLock<String> =
    LazyLock::new(|| format!("SELECT {SESSION_COLUMNS} FROM sessions WHERE token_hash = $1 AND {LIVE}"));

pub static ACTIVE_SESSIONS: LazyLock<String> = LazyLock::new(|| {
    format!(
        "SELECT {SESSION_COLUMNS} FROM sessions \
         WHERE account_id = $1 AND {LIVE} AND expires_at > $2 AND idle_expires_at > $2 \
         ORDER BY created_at DESC, id DESC"
    )
});

/// Moves the account to its next session epoch, ending every session of the current one.
pub const NEXT_SESSION_EPOCH: &str =
    "UPDATE accounts SET session_epoch = session_epoch + 1 WHERE id = $1 RETURNING session_epoch";

/// Carries one live session (`$2`) of the account into epoch `$3`, before the sessions of `$3 - 1` are read
/// back as ended: the one a password change was made from stays signed in.
pub const KEEP_SESSION_IN_EPOCH: &str = "UPDATE sessions SET epoch = $3 \
     WHERE account_id = $1 AND id = $2 AND revoked_at IS NULL AND epoch = $3 - 1";

/// The sessions that moving the account on to epoch `$2` ended: those of the epoch before it not
/// already revoked on their own.
pub const ENDED_BY_EPOCH: &str =
    "SELECT id FROM sessions WHERE account_id = $1 AND epoch = $2 - 1 AND revoked_at IS NULL";

/// Only moves `last_seen_at` forward, so a late flush never rewinds activity.
pub const RECORD_ACTIVITY: &str = "UPDATE sessions SET last_seen_at = $2, ip = COALESCE($3, ip), idle_expires_at = $4 \
     WHERE id = $1 AND last_seen_at < $2 AND revoked_at IS NULL";

pub const RECORD_PASSWORD_PROOF: &str =
    "UPDATE sessions SET password_verified_at = $2 WHERE id = $1 AND revoked_at IS NULL";

pub static REVOKE_SESSION: LazyLock<String> = LazyLock::new(|| {
    format!("UPDATE sessions SET revoked_at = $3 WHERE account_id = $1 AND id = $2 AND {LIVE} RETURNING id")
});

/// Revokes every live session row by row: only for deleting an account, whose rows then go, so
/// its event log entries must name the sessions themselves.
pub static REVOKE_ALL_SESSIONS: LazyLock<String> =
    LazyLock::new(|| format!("UPDATE sessions SET revoked_at = $2 WHERE account_id = $1 AND {LIVE} RETURNING id"));

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

pub const FORGET_SIGN_IN_ATTEMPT: &str =
    "UPDATE sign_in_failures SET failures = failures - 1 WHERE throttle_key = $1 AND failures > 0";

pub const LATEST_SESSION_EVENT: &str = "SELECT COALESCE(MAX(seq), 0) FROM session_events";

/// One event for an ended epoch: `$2` is the nil session id, `$5` the epoch.
pub const LOG_ENDED_EPOCH: &str = "INSERT INTO session_events (account_id, session_id, kind, recorded_at, ended_epoch) \
     VALUES ($1, $2, $3, $4, $5) RETURNING seq";

/// A player closed: `$1` the account, `$2` the session, `$3` the kind, `$4` the time, `$5` the file.
pub const LOG_STREAM_CLOSED: &str = "INSERT INTO session_events (account_id, session_id, kind, recorded_at, media_id) \
     VALUES ($1, $2, $3, $4, $5) RETURNING seq";

/// Up to `$2` events after `$1`, an epoch that ended read back as the sessions it ended (all under
/// its one sequence number; none when they are gone, which leaves the event's own nil session id).
pub const SESSION_EVENTS_AFTER: &str = "SELECT e.seq, e.account_id, COALESCE(s.id, e.session_id), e.kind, e.media_id, \
     e.recorded_at \
     FROM (SELECT * FROM session_events WHERE seq > $1 ORDER BY seq LIMIT $2) e \
     LEFT JOIN sessions s ON e.ended_epoch IS NOT NULL AND s.account_id = e.account_id \
       AND s.epoch = e.ended_epoch AND s.revoked_at IS NULL \
     ORDER BY e.seq";

pub const REMEMBER_DEVICE: &str = "INSERT INTO known_devices (token_hash, account_id, created_at) \
     VALUES ($1, $2, $3) ON CONFLICT DO NOTHING";

pub const IS_KNOWN_DEVICE: &str = "SELECT COUNT(*) FROM known_devices WHERE token_hash = $1 AND account_id = $2";

/// Sessions revoked on their own, ended with their epoch (by a sign-out of every device), or expired,
/// before `$1`.
pub const DELETE_ENDED_SESSIONS: &str = "DELETE FROM sessions \
     WHERE (revoked_at IS NOT NULL AND revoked_at < $1) OR expires_at < $1 OR idle_expires_at < $1 \
     OR EXISTS (SELECT 1 FROM ended_epochs e WHERE e.account_id = sessions.account_id \
       AND e.epoch = sessions.epoch AND e.ended_at < $1)";

/// After [`DELETE_ENDED_SESSIONS`] with the same time: the epochs whose sessions are all gone.
pub const DELETE_OLD_ENDED_EPOCHS: &str = "DELETE FROM ended_epochs WHERE ended_at < $1";

/// When epoch `$2` of account `$1` ended.
pub const RECORD_ENDED_EPOCH: &str = "INSERT INTO ended_epochs (account_id, epoch, ended_at) VALUES ($1, $2, $3)";

pub const DELETE_OLD_SESSION_EVENTS: &str = "DELETE FROM session_events WHERE recorded_at < $1";

pub const DELETE_OLD_THROTTLE_WINDOWS: &str = "DELETE FROM sign_in_failures WHERE window_started_at < $1";

pub const DELETE_OLD_KNOWN_DEVICES: &str = "DELETE FROM known_devices WHERE created_at < $1";

pub const DELETE_EXPIRED_DEVICE_GRANTS: &str = "DELETE FROM device_grants WHERE expires_at < $1";

/// Spends an allowed device code on the session being created for it (in that transaction, after the
/// account row is locked where the backend locks rows): only one session can ever come of a code, and
/// only while the session that allowed it is still live in the epoch it allowed it in. Signing out of
/// every device (or only the one that allowed the code) in between leaves nothing to collect, and so
/// does a chain of codes each allowed by the device the one before signed in.
pub const CLAIM_DEVICE_GRANT: &str = "UPDATE device_grants SET status = 'used' \
     WHERE device_code_hash = $1 AND account_id = $2 AND status = 'allowed' AND expires_at > $3 \
     AND EXISTS (SELECT 1 FROM sessions s WHERE s.id = device_grants.approved_by AND s.account_id = $2 \
       AND s.revoked_at IS NULL AND s.expires_at > $3 AND s.epoch = device_grants.approved_epoch \
       AND s.epoch = (SELECT session_epoch FROM accounts WHERE accounts.id = $2)) \
     RETURNING id";
