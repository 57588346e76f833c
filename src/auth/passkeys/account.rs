//! The signed-in side of passkeys: adding one to the account (after the caller checked the password
//! or a recent proof), and proving one of the account's own passkeys instead of the password, which
//! leaves a one-shot proof on the session for the next form that asks.

use uuid::Uuid;
use webauthn_rs::prelude::{
    Passkey, PasskeyAuthentication, PasskeyRegistration, PublicKeyCredential, RegisterPublicKeyCredential, Webauthn,
};

use super::{
    CeremonyStarted, PROOF_LIFETIME, ceremony_over, internal, passkey_use, public_key_of, random_user_id, refused,
    require_resident_key,
};
use crate::auth::{CurrentSession, Identity};
use crate::error::AppError;
use crate::store::{Actor, CeremonyPurpose, NewPasskey, PasskeyRecord, StoreError};

impl Identity {
    /// Options to add a passkey called `name` to the signed-in account (the caller has checked the
    /// name and the re-authentication). Passkeys the account has are excluded.
    pub async fn start_passkey_registration(
        &self,
        current: &CurrentSession,
        name: String,
        origin: &str,
    ) -> Result<CeremonyStarted, AppError> {
        let relying_party = self.relying_party(origin)?;
        let account = &current.account;
        let user_id = self.store.webauthn_user_id(account.id, random_user_id()?).await?;
        let user_id = user_id.ok_or(AppError::Unauthenticated)?;
        let exclude = self
            .store
            .account_passkeys(account.id)
            .await?
            .iter()
            .filter_map(|stored| serde_json::from_str::<Passkey>(&stored.credential).ok())
            .map(|passkey| passkey.cred_id().clone())
            .collect();
        let (options, state) = relying_party
            .start_passkey_registration(user_id, &account.email, &account.display_name, Some(exclude))
            .map_err(|e| internal("starting passkey registration", e))?;
        let mut public_key = public_key_of(options)?;
        require_resident_key(&mut public_key);
        let challenge_id = self.save_ceremony(CeremonyPurpose::Register, Some(current), Some(name), state).await?;
        Ok(CeremonyStarted { challenge_id, public_key })
    }

    /// Verifies the browser's answer to a registration asked on this session and adds the passkey.
    pub async fn finish_passkey_registration(
        &self,
        current: &CurrentSession,
        by: &Actor,
        challenge_id: &str,
        credential: &RegisterPublicKeyCredential,
        origin: &str,
    ) -> Result<PasskeyRecord, AppError> {
        let relying_party = self.relying_party(origin)?;
        let taken = self
            .take_ceremony::<PasskeyRegistration>(challenge_id, CeremonyPurpose::Register, Some(current), None)
            .await?;
        let (state, name) = taken.ok_or_else(ceremony_over)?;
        let passkey = relying_party.finish_passkey_registration(credential, &state).map_err(|error| {
            tracing::info!(%error, "a passkey registration was refused");
            refused()
        })?;
        let added = self
            .store
            .add_passkey(
                by,
                NewPasskey {
                    account_id: current.account.id,
                    credential_id: passkey.cred_id().to_vec(),
                    credential: serde_json::to_string(&passkey).map_err(|e| internal("passkey", e))?,
                    name: name.unwrap_or_default(),
                    backup_eligible: false,
                    backed_up: false,
                    created_at: crate::clock::now(),
                },
            )
            .await;
        match added {
            Ok(record) => Ok(record),
            Err(StoreError::Conflict(_)) => {
                Err(AppError::Conflict { code: "passkey_taken", message: "That passkey is already registered.".into() })
            }
            Err(other) => Err(other.into()),
        }
    }

    /// Options for a signed-in device to prove one of its own account's passkeys.
    pub async fn start_passkey_reauthentication(
        &self,
        current: &CurrentSession,
        origin: &str,
    ) -> Result<CeremonyStarted, AppError> {
        let relying_party = self.relying_party(origin)?;
        let passkeys: Vec<Passkey> = self
            .store
            .account_passkeys(current.account.id)
            .await?
            .iter()
            .filter_map(|stored| serde_json::from_str(&stored.credential).ok())
            .collect();
        if passkeys.is_empty() {
            return Err(AppError::bad_request("no_passkeys", "This account has no passkeys yet."));
        }
        let (options, state) = relying_party
            .start_passkey_authentication(&passkeys)
            .map_err(|e| internal("starting passkey re-authentication", e))?;
        let public_key = public_key_of(options)?;
        let challenge_id = self.save_ceremony(CeremonyPurpose::Reauthenticate, Some(current), None, state).await?;
        Ok(CeremonyStarted { challenge_id, public_key })
    }

    /// Checks a signed-in device's passkey answer (throttled per session and address like a re-entered
    /// password). Right: the session counts as having just proved the password, and holds a
    /// one-shot passkey proof for the next form that asks for it.
    pub async fn finish_passkey_reauthentication(
        &self,
        current: &CurrentSession,
        challenge_id: &str,
        credential: &PublicKeyCredential,
        ip: Option<&str>,
        origin: &str,
    ) -> Result<(), AppError> {
        let relying_party = self.relying_party(origin)?;
        let attempt = self
            .throttle
            .begin(self.throttle.address_limit(ip), self.throttle.session_limit(current.session.id))
            .await?;
        let outcome = self.check_passkey_reauthentication(&relying_party, current, challenge_id, credential).await;
        match &outcome {
            Ok(()) => self.throttle.succeeded(attempt).await,
            Err(AppError::InvalidCredentials) => {}
            Err(_) => self.throttle.withdraw(attempt).await,
        }
        outcome
    }

    async fn check_passkey_reauthentication(
        &self,
        relying_party: &Webauthn,
        current: &CurrentSession,
        challenge_id: &str,
        credential: &PublicKeyCredential,
    ) -> Result<(), AppError> {
        let taken = self
            .take_ceremony::<PasskeyAuthentication>(challenge_id, CeremonyPurpose::Reauthenticate, Some(current), None)
            .await?;
        let (state, _) = taken.ok_or(AppError::InvalidCredentials)?;
        let result = relying_party.finish_passkey_authentication(credential, &state).map_err(|error| {
            tracing::info!(%error, "a passkey re-authentication was refused");
            AppError::InvalidCredentials
        })?;
        let stored = self.store.account_passkeys(current.account.id).await?;
        let now = crate::clock::now();
        for stored in stored {
            let Ok(mut passkey) = serde_json::from_str::<Passkey>(&stored.credential) else { continue };
            if passkey.cred_id() == result.cred_id() {
                passkey.update_credential(&result);
                self.store.record_passkey_use(passkey_use(stored.id, &passkey, &result, now)?).await?;
                self.sessions.record_password_proof(current.session.id).await?;
                if !self.store.grant_passkey_proof(current.session.id, now + PROOF_LIFETIME).await? {
                    return Err(AppError::Unauthenticated);
                }
                return Ok(());
            }
        }
        // Removed while the ceremony was under way.
        Err(AppError::InvalidCredentials)
    }

    /// Spends the passkey proof this session was given a moment ago, if it has one: true once.
    pub async fn spend_passkey_proof(&self, session_id: Uuid) -> Result<bool, AppError> {
        Ok(self.store.spend_passkey_proof(session_id, crate::clock::now()).await?)
    }
}
