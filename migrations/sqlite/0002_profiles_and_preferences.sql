-- Profiles ("Who's watching?"), personal information and preferences, and the profile a device last used.
ALTER TABLE accounts ADD COLUMN phone TEXT;
ALTER TABLE accounts ADD COLUMN language TEXT NOT NULL DEFAULT 'en';
ALTER TABLE accounts ADD COLUMN autoplay_next INTEGER NOT NULL DEFAULT 1;
ALTER TABLE accounts ADD COLUMN autoplay_previews INTEGER NOT NULL DEFAULT 1;

CREATE TABLE profiles (
    id         BLOB PRIMARY KEY NOT NULL,
    account_id BLOB NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    name       TEXT NOT NULL,
    avatar     TEXT NOT NULL,
    is_kids    INTEGER NOT NULL,
    pin_hash   TEXT,
    created_at TEXT NOT NULL
);
CREATE INDEX profiles_by_account ON profiles(account_id, created_at);

ALTER TABLE sessions ADD COLUMN profile_id BLOB REFERENCES profiles(id) ON DELETE SET NULL;
