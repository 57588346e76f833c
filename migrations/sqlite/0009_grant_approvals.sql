-- A code allowed on a device lives only as long as that device's session: the grant records which
-- session allowed it and the account's session epoch then, and collecting it checks, in the
-- transaction that starts the new session, that the session is still live in that same epoch. Signing
-- out of all devices, a password or email change, deleting the account or signing out the one device
-- that allowed the code: each leaves the code with nothing to collect.
ALTER TABLE device_grants ADD COLUMN approved_by BLOB;
ALTER TABLE device_grants ADD COLUMN approved_epoch INTEGER;

-- Where the code was asked for from, so the person allowing it can see whether the TV is on their own
-- network.
ALTER TABLE device_grants ADD COLUMN requested_ip TEXT;
