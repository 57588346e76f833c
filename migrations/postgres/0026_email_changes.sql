-- A new sign-in email waiting for its link to be opened: only the SHA-256 of the secret, which works
-- once, until it expires, and only while the account's credential version and session epoch are
-- those it was asked with.
CREATE TABLE email_changes (
    token_hash          BYTEA PRIMARY KEY,
    account_id          UUID NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    new_email           TEXT NOT NULL,
    credential_version  BIGINT NOT NULL,
    session_epoch       BIGINT NOT NULL,
    created_at          TIMESTAMPTZ NOT NULL,
    expires_at          TIMESTAMPTZ NOT NULL,
    used_at             TIMESTAMPTZ
);
CREATE INDEX email_changes_by_expiry ON email_changes(expires_at);
