-- Accounts, per-device sessions and sign-in throttling.
-- Times are UTC RFC 3339 text truncated to whole seconds, so text order is time order.
CREATE TABLE accounts (
    id            BLOB PRIMARY KEY NOT NULL,
    email         TEXT NOT NULL UNIQUE,
    display_name  TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    created_at    TEXT NOT NULL
);

CREATE TABLE sessions (
    id                   BLOB PRIMARY KEY NOT NULL,
    account_id           BLOB NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    token_hash           BLOB NOT NULL UNIQUE,
    device_name          TEXT NOT NULL,
    device_kind          TEXT NOT NULL,
    remember             INTEGER NOT NULL,
    created_at           TEXT NOT NULL,
    last_seen_at         TEXT NOT NULL,
    ip                   TEXT,
    idle_timeout_secs    INTEGER NOT NULL,
    idle_expires_at      TEXT NOT NULL,
    expires_at           TEXT NOT NULL,
    password_verified_at TEXT NOT NULL,
    revoked_at           TEXT
);
CREATE INDEX sessions_by_account ON sessions(account_id, created_at);
-- Every instance polls recent revocations as a safety net for missed notifications.
CREATE INDEX sessions_by_revoked_at ON sessions(revoked_at) WHERE revoked_at IS NOT NULL;

CREATE TABLE sign_in_failures (
    throttle_key      TEXT PRIMARY KEY NOT NULL,
    failures          INTEGER NOT NULL,
    window_started_at TEXT NOT NULL
);
