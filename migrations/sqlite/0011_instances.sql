-- The instances serving this database, and how far each has applied the session event log. An
-- instance that signs a device out (or records a profile choice) answers only once every instance
-- seen alive lately has applied it (or a short bound has passed), so the device's next request is
-- refused wherever it lands. Each live instance writes its row about once a second.
CREATE TABLE instances (
    id           BLOB PRIMARY KEY NOT NULL,
    applied_seq  INTEGER NOT NULL,
    seen_at      TEXT NOT NULL
);
