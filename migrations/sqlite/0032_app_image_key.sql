-- The key that signs the picture tags Jellyfin apps are given, so that an app may fetch the art of an
-- item it was shown without sending its token (apps load pictures as plain addresses). One row,
-- made the first time it is needed and never changed, the same for every instance.
CREATE TABLE app_image_key (
    singleton   INTEGER PRIMARY KEY NOT NULL CHECK (singleton = 1),
    key         BLOB NOT NULL,
    created_at  TEXT NOT NULL
);
