-- Passkeys (WebAuthn discoverable credentials): each account may register several, named by its
-- owner. The credential id is unique across every account, so one passkey never signs two in.
-- The user handle an authenticator keeps is the account's own random WebAuthn id, made once.
ALTER TABLE accounts ADD COLUMN webauthn_user_id BLOB;
CREATE UNIQUE INDEX accounts_by_webauthn_user_id ON accounts(webauthn_user_id);

CREATE TABLE passkeys (
    id               BLOB PRIMARY KEY NOT NULL,
    account_id       BLOB NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    credential_id    BLOB NOT NULL UNIQUE,
    credential       TEXT NOT NULL,
    name             TEXT NOT NULL,
    created_at       TEXT NOT NULL,
    last_used_at     TEXT,
    sign_count       INTEGER NOT NULL DEFAULT 0,
    backup_eligible  INTEGER NOT NULL DEFAULT 0,
    backed_up        INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX passkeys_by_account ON passkeys(account_id);

-- A passkey ceremony between its options and its answer, kept in the database so both may reach
-- different instances: only the SHA-256 of the id the browser holds, for five minutes, deleted by
-- the statement that uses it. Adding a passkey and proving one on a signed-in device name the
-- account and session; a sign-in names neither.
CREATE TABLE passkey_ceremonies (
    id_hash     BLOB PRIMARY KEY NOT NULL,
    purpose     TEXT NOT NULL,
    account_id  BLOB REFERENCES accounts(id) ON DELETE CASCADE,
    session_id  BLOB,
    name        TEXT,
    state       TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    expires_at  TEXT NOT NULL
);
CREATE INDEX passkey_ceremonies_by_expiry ON passkey_ceremonies(expires_at);

-- The passkey a session signed in with (removing it signs the session out), and a passkey proof
-- just given on the session, which the next sensitive form spends in place of the password.
ALTER TABLE sessions ADD COLUMN passkey_id BLOB;
ALTER TABLE sessions ADD COLUMN passkey_proof_until TEXT;
CREATE INDEX sessions_by_passkey ON sessions(passkey_id) WHERE passkey_id IS NOT NULL;
