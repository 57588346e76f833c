-- Transcodes running for devices, on every instance, so max_transcodes holds across all of them as
-- the stream limit does: a device takes a slot before its ffmpeg starts, its instance renews it while
-- ffmpeg runs and gives it back when it stops; a slot not renewed for a minute (its instance died) is
-- free again.
CREATE TABLE transcode_slots (
    session_id   UUID PRIMARY KEY NOT NULL,
    instance_id  UUID NOT NULL,
    renewed_at   TIMESTAMPTZ NOT NULL
);

-- One row, updated to serialise taking slots on every backend: a count and the insert it allows
-- happen under it, so two instances cannot both take the last slot.
CREATE TABLE transcode_slot_lock (
    id INTEGER PRIMARY KEY NOT NULL
);
INSERT INTO transcode_slot_lock (id) VALUES (1);
