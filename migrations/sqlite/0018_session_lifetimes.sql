-- How long the person signing a device in let it stay: 'until_signed_out' (as before), or
-- 'until_morning' / 'week', when the session signs out by itself at its expires_at, pushed like any
-- other sign-out. Every instance looks for those whose end has come, by this index.
ALTER TABLE sessions ADD COLUMN lifetime TEXT NOT NULL DEFAULT 'until_signed_out';
CREATE INDEX sessions_ending_by_themselves ON sessions(expires_at)
    WHERE lifetime <> 'until_signed_out' AND revoked_at IS NULL;
-- A TV code's lifetime is chosen by the person who allows it, recorded in the statement that allows
-- it, with the end it comes to, and given to the session the code becomes.
ALTER TABLE device_grants ADD COLUMN lifetime TEXT NOT NULL DEFAULT 'until_signed_out';
ALTER TABLE device_grants ADD COLUMN lifetime_ends_at TEXT;
