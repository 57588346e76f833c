-- The sound and subtitle tracks inside each file, and the times of its video's keyframes, which remuxing
-- to HLS cuts segments at.

-- One row per track, in the file's order within its kind (ffmpeg's 0:a:N and 0:s:N); rewritten with the
-- file's other facts whenever the file changes.
CREATE TABLE media_tracks (
    media_id   UUID NOT NULL REFERENCES media(id) ON DELETE CASCADE,
    kind       TEXT NOT NULL,
    position   BIGINT NOT NULL,
    codec      TEXT NOT NULL,
    language   TEXT,
    name       TEXT,
    channels   BIGINT,
    is_default BOOLEAN NOT NULL,
    forced     BOOLEAN NOT NULL,
    PRIMARY KEY (media_id, kind, position)
);

-- A table of its own rather than columns on media: the times are filled later than the rest of a file's
-- facts (by ffprobe, in the background, for Matroska), and a long film's list is tens of kilobytes that
-- no page reads. size and modified_ns name the version of the file the times were read from: a row that
-- no longer matches its file is stale, and the file is read again. times is NULL when the file was read
-- and no keyframe times could be found, so it is not read again until it changes.
CREATE TABLE media_keyframes (
    media_id    UUID PRIMARY KEY REFERENCES media(id) ON DELETE CASCADE,
    size        BIGINT NOT NULL,
    modified_ns BIGINT NOT NULL,
    -- Milliseconds from the start, ascending, separated by commas.
    times       TEXT
);

-- Files scanned before tracks were recorded have none listed: the next scan reads their headers again
-- (a title whose signature differs is read afresh, and so are the headers of a file whose modification
-- time differs from the one on disk). Paths, ids and sizes stay, so files keep everyone's progress and a
-- file that moved meanwhile is still recognised.
UPDATE titles SET signature = '';
UPDATE media SET modified_ns = -1;
