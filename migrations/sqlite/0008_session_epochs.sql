-- Signing out of all devices is one write however many devices there are: each account has a session
-- epoch, each session records the epoch it was started in, and a session is live only while its epoch is
-- still the account's. Moving the epoch on ends every session of the old one at once (a password change
-- first moves the session that made it to the new epoch, so that one stays).
ALTER TABLE accounts ADD COLUMN session_epoch INTEGER NOT NULL DEFAULT 0;
ALTER TABLE sessions ADD COLUMN epoch INTEGER NOT NULL DEFAULT 0;

-- Such a sign-out is one row in the event log, not one per session: it names the epoch it ended, and
-- the poll reads the sessions back from that (every session of that epoch not revoked on its own).
ALTER TABLE session_events ADD COLUMN ended_epoch INTEGER;
