-- What happened to an account, as its owner reads it on the activity page: written in the transaction
-- of the action it records, kept for `activity_retention_days`. Device names are copied in, so an
-- entry still names its device after the session row is gone.
CREATE TABLE account_activity (
    id              BLOB PRIMARY KEY NOT NULL,
    account_id      BLOB NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    at              TEXT NOT NULL,
    kind            TEXT NOT NULL,
    -- Which filter shows it: 'sign_ins', 'watching' or 'account'.
    category        TEXT NOT NULL,
    -- The device the entry is about, and what it was called then.
    session_id      BLOB,
    device_name     TEXT,
    device_kind     TEXT,
    -- The address the action came from.
    address         TEXT,
    -- The other device that asked for it ("signed out by Parent's phone").
    by_session_id   BLOB,
    by_device_name  TEXT,
    title           TEXT,
    profile_name    TEXT,
    -- How many times it happened under `bucket` (failed passwords: one entry per address and hour).
    attempts        INTEGER NOT NULL DEFAULT 1,
    bucket          TEXT
);
CREATE INDEX account_activity_newest ON account_activity(account_id, at, id);
CREATE UNIQUE INDEX account_activity_buckets ON account_activity(account_id, bucket);
CREATE INDEX account_activity_by_time ON account_activity(at);
