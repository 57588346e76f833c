-- Accounts, per-device sessions and sign-in throttling.
CREATE TABLE accounts (
    id            UUID PRIMARY KEY,
    email         TEXT NOT NULL UNIQUE,
    display_name  TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    created_at    TIMESTAMPTZ NOT NULL
);

CREATE TABLE sessions (
    id                   UUID PRIMARY KEY,
    account_id           UUID NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    token_hash           BYTEA NOT NULL UNIQUE,
    device_name          TEXT NOT NULL,
    device_kind          TEXT NOT NULL,
    remember             BOOLEAN NOT NULL,
    created_at           TIMESTAMPTZ NOT NULL,
    last_seen_at         TIMESTAMPTZ NOT NULL,
    ip                   TEXT,
    idle_timeout_secs    BIGINT NOT NULL,
    idle_expires_at      TIMESTAMPTZ NOT NULL,
    expires_at           TIMESTAMPTZ NOT NULL,
    password_verified_at TIMESTAMPTZ NOT NULL,
    revoked_at           TIMESTAMPTZ
);
CREATE INDEX sessions_by_account ON sessions(account_id, created_at);
-- Every instance polls recent revocations as a safety net for missed notifications.
CREATE INDEX sessions_by_revoked_at ON sessions(revoked_at) WHERE revoked_at IS NOT NULL;

CREATE TABLE sign_in_failures (
    throttle_key      TEXT PRIMARY KEY,
    failures          BIGINT NOT NULL,
    window_started_at TIMESTAMPTZ NOT NULL
);
