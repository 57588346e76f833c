-- A player that closed names the file it was playing, so that every instance stops that file's
-- conversion for the device, and not the next one the device may already be playing.
ALTER TABLE session_events ADD COLUMN media_id UUID;
