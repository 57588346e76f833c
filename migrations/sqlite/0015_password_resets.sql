-- "Forgot password?" links: only the SHA-256 of the secret, which works once, until it expires, and
-- only while the account's credential version and session epoch are those it was made for.
CREATE TABLE password_resets (
    token_hash          BLOB PRIMARY KEY NOT NULL,
    account_id          BLOB NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    credential_version  INTEGER NOT NULL,
    session_epoch       INTEGER NOT NULL,
    created_at          TEXT NOT NULL,
    expires_at          TEXT NOT NULL,
    used_at             TEXT
);
CREATE INDEX password_resets_by_expiry ON password_resets(expires_at);
