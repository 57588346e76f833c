-- The catalog (media folders, titles, playable files, subtitles), what each profile watched and saved,
-- the streams playing now, and each profile's maturity level.

-- 0 Little Kids, 1 Older Kids, 2 Teens, 3 All. Kids profiles start at Older Kids.
ALTER TABLE profiles ADD COLUMN maturity BIGINT NOT NULL DEFAULT 3;
UPDATE profiles SET maturity = 1 WHERE is_kids;

CREATE TABLE libraries (
    id           UUID PRIMARY KEY,
    path         TEXT NOT NULL UNIQUE,
    kind         TEXT NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL,
    scanned_at   TIMESTAMPTZ
);

CREATE TABLE titles (
    id              UUID PRIMARY KEY,
    library_id      UUID NOT NULL REFERENCES libraries(id) ON DELETE CASCADE,
    folder          TEXT NOT NULL UNIQUE,
    kind            TEXT NOT NULL,
    signature       TEXT NOT NULL,
    name            TEXT NOT NULL,
    sort_name       TEXT NOT NULL,
    year            BIGINT,
    plot            TEXT,
    certification   TEXT,
    maturity        BIGINT NOT NULL,
    runtime_seconds BIGINT,
    imdb_id         TEXT,
    genre_list      TEXT NOT NULL,
    cast_list       TEXT NOT NULL,
    poster          TEXT,
    backdrop        TEXT,
    search_text     TEXT NOT NULL,
    available       BOOLEAN NOT NULL,
    added_at        TIMESTAMPTZ NOT NULL,
    updated_at      TIMESTAMPTZ NOT NULL
);
CREATE INDEX titles_by_name ON titles(sort_name, id);
CREATE INDEX titles_by_kind ON titles(kind, sort_name, id);
CREATE INDEX titles_by_added ON titles(added_at, id);
CREATE INDEX titles_by_library ON titles(library_id);

CREATE TABLE title_genres (
    title_id UUID NOT NULL REFERENCES titles(id) ON DELETE CASCADE,
    genre    TEXT NOT NULL,
    PRIMARY KEY (title_id, genre)
);
CREATE INDEX title_genres_by_genre ON title_genres(genre, title_id);

CREATE TABLE media (
    id               UUID PRIMARY KEY,
    title_id         UUID NOT NULL REFERENCES titles(id) ON DELETE CASCADE,
    path             TEXT NOT NULL UNIQUE,
    size             BIGINT NOT NULL,
    modified_ns      BIGINT NOT NULL,
    fingerprint      TEXT,
    season           BIGINT,
    episode          BIGINT,
    episode_end      BIGINT,
    name             TEXT,
    plot             TEXT,
    version          TEXT,
    thumb            TEXT,
    container        TEXT,
    duration_seconds DOUBLE PRECISION,
    video_codec      TEXT,
    audio_codec      TEXT,
    width            BIGINT,
    height           BIGINT,
    missing_since    TIMESTAMPTZ,
    added_at         TIMESTAMPTZ NOT NULL
);
CREATE INDEX media_by_title ON media(title_id, season, episode);
CREATE INDEX media_by_fingerprint ON media(fingerprint);

CREATE TABLE subtitles (
    media_id UUID NOT NULL REFERENCES media(id) ON DELETE CASCADE,
    track    BIGINT NOT NULL,
    path     TEXT NOT NULL,
    language TEXT,
    forced   BOOLEAN NOT NULL,
    sdh      BOOLEAN NOT NULL,
    PRIMARY KEY (media_id, track)
);

CREATE TABLE progress (
    profile_id       UUID NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,
    media_id         UUID NOT NULL REFERENCES media(id) ON DELETE CASCADE,
    title_id         UUID NOT NULL REFERENCES titles(id) ON DELETE CASCADE,
    position_seconds DOUBLE PRECISION NOT NULL,
    watched          BOOLEAN NOT NULL,
    updated_at       TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (profile_id, media_id)
);
CREATE INDEX progress_by_recent ON progress(profile_id, updated_at);

CREATE TABLE my_list (
    profile_id UUID NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,
    title_id   UUID NOT NULL REFERENCES titles(id) ON DELETE CASCADE,
    added_at   TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (profile_id, title_id)
);

-- One row per device that is playing something; it lapses unless the player renews it.
CREATE TABLE stream_leases (
    session_id UUID PRIMARY KEY REFERENCES sessions(id) ON DELETE CASCADE,
    account_id UUID NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    profile_id UUID REFERENCES profiles(id) ON DELETE SET NULL,
    media_id   UUID NOT NULL REFERENCES media(id) ON DELETE CASCADE,
    started_at TIMESTAMPTZ NOT NULL,
    expires_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX stream_leases_by_account ON stream_leases(account_id, expires_at);
