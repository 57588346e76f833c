-- A credential version on each account: a sign-in records the version it verified and its session is
-- only inserted while that version is still current, so no session outlives a password change.
ALTER TABLE accounts ADD COLUMN credential_version INTEGER NOT NULL DEFAULT 1;

-- Every revocation (and every device sent back to "Who's watching?"), in commit order. Instances poll
-- it by sequence number as a safety net for missed notifications. It has no foreign keys, so a deleted
-- account's revocations stay visible until they are pruned, long after any cache could hold them.
CREATE TABLE session_events (
    seq         INTEGER PRIMARY KEY AUTOINCREMENT,
    account_id  BLOB NOT NULL,
    session_id  BLOB NOT NULL,
    kind        TEXT NOT NULL,
    recorded_at TEXT NOT NULL
);
CREATE INDEX session_events_by_time ON session_events(recorded_at);

-- Browsers and devices that have signed in to an account before (only the token's hash is kept): their
-- sign-ins get an allowance of their own, so strangers guessing at the account cannot lock them out.
CREATE TABLE known_devices (
    token_hash   BLOB NOT NULL,
    account_id   BLOB NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    created_at   TEXT NOT NULL,
    PRIMARY KEY (token_hash, account_id)
);
CREATE INDEX known_devices_by_time ON known_devices(created_at);

-- Clean-up finds ended sessions and old throttle windows by time.
CREATE INDEX sessions_by_expiry ON sessions(expires_at);
CREATE INDEX sign_in_failures_by_window ON sign_in_failures(window_started_at);
