-- New-device alerts by mail, on unless the owner turns them off.
ALTER TABLE accounts ADD COLUMN sign_in_alerts INTEGER NOT NULL DEFAULT 1;

-- "Not you?" links in security messages: only the SHA-256 of the secret, which works once, until it
-- expires, whatever happened to the account's sessions meanwhile (that is what it is for).
CREATE TABLE not_me_links (
    token_hash  BLOB PRIMARY KEY NOT NULL,
    account_id  BLOB NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    created_at  TEXT NOT NULL,
    expires_at  TEXT NOT NULL,
    used_at     TEXT
);
CREATE INDEX not_me_links_by_expiry ON not_me_links(expires_at);
