-- Mail waiting to be sent, written in the same transaction as the action it reports. A background
-- task on every instance claims due rows for a while (a lease), sends them and marks them sent, so a
-- mail server that is down delays mail and loses none, and each message is sent once.
CREATE TABLE outbox (
    id               BLOB PRIMARY KEY NOT NULL,
    -- What the message says (password_reset, password_changed, test), in the words of `language`.
    kind             TEXT NOT NULL,
    recipient        TEXT NOT NULL,
    language         TEXT NOT NULL,
    -- What the message is built from (JSON); emptied once sent, since it may hold a one-time link.
    params           TEXT NOT NULL,
    created_at       TEXT NOT NULL,
    -- Not tried before this time: now when queued, later after each failure (exponential backoff).
    next_attempt_at  TEXT NOT NULL,
    attempts         INTEGER NOT NULL DEFAULT 0,
    -- The instance sending it, and until when no other may take it over.
    lease_owner      BLOB,
    leased_until     TEXT,
    sent_at          TEXT,
    -- The mail server's last refusal or why it could not be reached.
    last_error       TEXT,
    -- Set when it will never be sent: the server refused it for good, or it failed too many times.
    given_up_at      TEXT
);
CREATE INDEX outbox_due ON outbox(sent_at, next_attempt_at);
