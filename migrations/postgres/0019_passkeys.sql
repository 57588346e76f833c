-- Passkeys (WebAuthn discoverable credentials): each account may register several, named by its
-- owner. The credential id is unique across every account, so one passkey never signs two in.
-- The user handle an authenticator keeps is the account's own random WebAuthn id, made once.
ALTER TABLE accounts ADD COLUMN webauthn_user_id UUID;
CREATE UNIQUE INDEX accounts_by_webauthn_user_id ON accounts(webauthn_user_id);

CREATE TABLE passkeys (
    id               UUID PRIMARY KEY,
    account_id       UUID NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    credential_id    BYTEA NOT NULL UNIQUE,
    credential       TEXT NOT NULL,
    name             TEXT NOT NULL,
    created_at       TIMESTAMPTZ NOT NULL,
    last_used_at     TIMESTAMPTZ,
    sign_count       BIGINT NOT NULL DEFAULT 0,
    backup_eligible  BOOLEAN NOT NULL DEFAULT FALSE,
    backed_up        BOOLEAN NOT NULL DEFAULT FALSE
);
CREATE INDEX passkeys_by_account ON passkeys(account_id);

-- A passkey ceremony between its options and its answer, kept in the database so both may reach
-- different instances: only the SHA-256 of the id the browser holds, for five minutes, deleted by
-- the statement that uses it. Adding a passkey and proving one on a signed-in device name the
-- account and session; a sign-in names neither.
CREATE TABLE passkey_ceremonies (
    id_hash     BYTEA PRIMARY KEY,
    purpose     TEXT NOT NULL,
    account_id  UUID REFERENCES accounts(id) ON DELETE CASCADE,
    session_id  UUID,
    name        TEXT,
    state       TEXT NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL,
    expires_at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX passkey_ceremonies_by_expiry ON passkey_ceremonies(expires_at);

-- The passkey a session signed in with (removing it signs the session out), and a passkey proof
-- just given on the session, which the next sensitive form spends in place of the password.
ALTER TABLE sessions ADD COLUMN passkey_id UUID;
ALTER TABLE sessions ADD COLUMN passkey_proof_until TIMESTAMPTZ;
CREATE INDEX sessions_by_passkey ON sessions(passkey_id) WHERE passkey_id IS NOT NULL;
