-- Playback stopped from another device names that device's session, so the stopped player can say
-- which device stopped it.
ALTER TABLE session_events ADD COLUMN by_session_id BLOB;
