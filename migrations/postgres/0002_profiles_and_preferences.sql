-- Profiles ("Who's watching?"), personal information and preferences, and the profile a device last used.
ALTER TABLE accounts ADD COLUMN phone TEXT;
ALTER TABLE accounts ADD COLUMN language TEXT NOT NULL DEFAULT 'en';
ALTER TABLE accounts ADD COLUMN autoplay_next BOOLEAN NOT NULL DEFAULT TRUE;
ALTER TABLE accounts ADD COLUMN autoplay_previews BOOLEAN NOT NULL DEFAULT TRUE;

CREATE TABLE profiles (
    id         UUID PRIMARY KEY,
    account_id UUID NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    name       TEXT NOT NULL,
    avatar     TEXT NOT NULL,
    is_kids    BOOLEAN NOT NULL,
    pin_hash   TEXT,
    created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX profiles_by_account ON profiles(account_id, created_at);

ALTER TABLE sessions ADD COLUMN profile_id UUID REFERENCES profiles(id) ON DELETE SET NULL;
