-- New-device alerts by mail, on unless the owner turns them off.
ALTER TABLE accounts ADD COLUMN sign_in_alerts BOOLEAN NOT NULL DEFAULT TRUE;

-- "Not you?" links in security messages: only the SHA-256 of the secret, which works once, until it
-- expires, whatever happened to the account's sessions meanwhile (that is what it is for).
CREATE TABLE not_me_links (
    token_hash  BYTEA PRIMARY KEY,
    account_id  UUID NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    created_at  TIMESTAMPTZ NOT NULL,
    expires_at  TIMESTAMPTZ NOT NULL,
    used_at     TIMESTAMPTZ
);
CREATE INDEX not_me_links_by_expiry ON not_me_links(expires_at);
