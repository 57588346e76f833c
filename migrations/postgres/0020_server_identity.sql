-- This server's identity as Jellyfin apps know it: one row, written the first time an app asks and
-- never changed, so an app that remembered the server finds it again (whatever instance answers).
CREATE TABLE server_identity (
    singleton   INTEGER PRIMARY KEY NOT NULL CHECK (singleton = 1),
    id          UUID NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL
);
