-- The zone an account's times are shown in and "tomorrow morning" is counted in, as an IANA name
-- ("Europe/Paris"). NULL until the person chooses one: the server's own zone (or UTC) is used.
ALTER TABLE accounts ADD COLUMN time_zone TEXT;
