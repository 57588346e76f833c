-- The device id an app sends (Jellyfin's DeviceId): a new sign-in from the same app on the same device
-- replaces that device's earlier session instead of adding another.
ALTER TABLE sessions ADD COLUMN app_device_id TEXT;
