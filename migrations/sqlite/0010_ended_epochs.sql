-- When each session epoch ended: signing out of all devices leaves the ended sessions' rows as they
-- are (one write however many devices), so the clean-up needs to know when they ended to delete them
-- once the retention has passed, as it deletes sessions revoked one by one.
CREATE TABLE ended_epochs (
    account_id  BLOB NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    epoch       INTEGER NOT NULL,
    ended_at    TEXT NOT NULL,
    PRIMARY KEY (account_id, epoch)
);
CREATE INDEX ended_epochs_by_time ON ended_epochs(ended_at);
CREATE INDEX sessions_by_account_epoch ON sessions(account_id, epoch);
