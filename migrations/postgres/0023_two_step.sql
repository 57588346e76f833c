-- Two-step sign-in with an authenticator app. The shared TOTP secret must be kept as it is (the server
-- computes codes from it); `last_step` is the last 30-second step a code was accepted for, so a code
-- is never accepted twice. Recovery codes are kept only as SHA-256 hashes and deleted when used.
CREATE TABLE two_step (
    account_id  UUID PRIMARY KEY REFERENCES accounts(id) ON DELETE CASCADE,
    secret      TEXT NOT NULL,
    enabled_at  TIMESTAMPTZ NOT NULL,
    last_step   BIGINT NOT NULL
);

-- A secret shown to its owner to scan, not yet confirmed with a code from the app.
CREATE TABLE two_step_pending (
    account_id  UUID PRIMARY KEY REFERENCES accounts(id) ON DELETE CASCADE,
    secret      TEXT NOT NULL,
    expires_at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX two_step_pending_by_expiry ON two_step_pending(expires_at);

CREATE TABLE recovery_codes (
    account_id  UUID NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    code_hash   BYTEA NOT NULL,
    PRIMARY KEY (account_id, code_hash)
);

-- A password that was right for an account with two-step sign-in on: no session yet, only this,
-- which the code (or a recovery code) turns into one while the account's credential version and
-- session epoch are still those it was made under. Only the SHA-256 of its secret is kept.
CREATE TABLE second_step_challenges (
    token_hash          BYTEA PRIMARY KEY,
    account_id          UUID NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    credential_version  BIGINT NOT NULL,
    session_epoch       BIGINT NOT NULL,
    known_device        BOOLEAN NOT NULL,
    device_name         TEXT NOT NULL,
    device_kind         TEXT NOT NULL,
    remember            BOOLEAN NOT NULL,
    ip                  TEXT,
    lifetime            TEXT NOT NULL,
    next                TEXT NOT NULL,
    alert_origin        TEXT,
    wrong_answers       BIGINT NOT NULL DEFAULT 0,
    created_at          TIMESTAMPTZ NOT NULL,
    expires_at          TIMESTAMPTZ NOT NULL
);
CREATE INDEX second_step_challenges_by_expiry ON second_step_challenges(expires_at);
CREATE INDEX second_step_challenges_by_account ON second_step_challenges(account_id);
