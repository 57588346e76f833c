-- A code asked for by a Jellyfin app (Quick Connect) signs the app in as one profile, chosen by the
-- person who allows it: the choice is stored with the decision, checked in the same statement to be a
-- profile of the allowing account. A deleted profile leaves nothing chosen, and so nothing to collect.
ALTER TABLE device_grants ADD COLUMN chosen_profile_id BLOB REFERENCES profiles(id) ON DELETE SET NULL;
-- The device id the app gave (Jellyfin's DeviceId): the session the code turns into replaces the
-- account's earlier session from that app device, as signing in by name does.
ALTER TABLE device_grants ADD COLUMN app_device_id TEXT;
