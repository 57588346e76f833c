-- Signing a TV in with a code (OAuth 2.0 Device Authorization Grant, RFC 8628): one row per code shown
-- on a device, from the moment it is shown until it is used, denied or expires (then cleaned up).

CREATE TABLE device_grants (
    id                  BLOB PRIMARY KEY NOT NULL,
    -- SHA-256 of the device code the device polls with; the code itself is never stored.
    device_code_hash    BLOB NOT NULL UNIQUE,
    -- Eight letters without the separator, as a person types them.
    user_code           TEXT NOT NULL UNIQUE,
    client_id           TEXT NOT NULL,
    device_name         TEXT NOT NULL,
    device_kind         TEXT NOT NULL,
    created_at          TEXT NOT NULL,
    expires_at          TEXT NOT NULL,
    -- The polling interval in seconds; it grows by 5 each time the device polls too fast.
    interval_secs       INTEGER NOT NULL,
    -- Unix seconds before which a poll is too fast, and whether the last poll was.
    next_poll_at        INTEGER NOT NULL,
    slowed              INTEGER NOT NULL DEFAULT 0,
    -- pending, allowed, denied or used.
    status              TEXT NOT NULL DEFAULT 'pending',
    -- Who allowed it, and the account's credential version then: a password change in between
    -- means the device is not signed in.
    account_id          BLOB REFERENCES accounts(id) ON DELETE CASCADE,
    credential_version  INTEGER,
    decided_at          TEXT
);
CREATE INDEX device_grants_by_expiry ON device_grants(expires_at);

-- Ask for the account password before a device is allowed in with a code (off: the person allowing is
-- already signed in on the device they allow it from).
ALTER TABLE accounts ADD COLUMN confirm_devices_with_password INTEGER NOT NULL DEFAULT 0;
