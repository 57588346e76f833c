-- "Forgot password?" links: only the SHA-256 of the secret, which works once, until it expires, and
-- only while the account's credential version and session epoch are those it was made for.
CREATE TABLE password_resets (
    token_hash          BYTEA PRIMARY KEY,
    account_id          UUID NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    credential_version  BIGINT NOT NULL,
    session_epoch       BIGINT NOT NULL,
    created_at          TIMESTAMPTZ NOT NULL,
    expires_at          TIMESTAMPTZ NOT NULL,
    used_at             TIMESTAMPTZ
);
CREATE INDEX password_resets_by_expiry ON password_resets(expires_at);
