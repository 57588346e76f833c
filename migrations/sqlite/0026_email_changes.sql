-- A new sign-in email waiting for its link to be opened: only the SHA-256 of the secret, which works
-- once, until it expires, and only while the account's credential version and session epoch are
-- those it was asked with.
CREATE TABLE email_changes (
    token_hash          BLOB PRIMARY KEY NOT NULL,
    account_id          BLOB NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    new_email           TEXT NOT NULL,
    credential_version  INTEGER NOT NULL,
    session_epoch       INTEGER NOT NULL,
    created_at          TEXT NOT NULL,
    expires_at          TEXT NOT NULL,
    used_at             TEXT
);
CREATE INDEX email_changes_by_expiry ON email_changes(expires_at);
