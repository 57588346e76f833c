//! Passkeys (WebAuthn): adding one to an account, signing in with one, and proving one on a signed-in
//! device instead of the password. Each ceremony's state waits in the database between its options
//! and its answer (so the two may reach different instances), and is spent by the answer.
//!
//! Signing in lives here; adding a passkey and proving one on a signed-in device, in `account.rs`.
//!
//! The relying party is the host of `public_url`, or else of the address the request came in on:
//! WebAuthn needs a host name there (`localhost` will do), never a bare IP address.

mod account;

use serde_json::Value;
use time::OffsetDateTime;
use uuid::Uuid;
use webauthn_rs::prelude::{DiscoverableAuthentication, Passkey, PublicKeyCredential, Url, Webauthn, WebauthnBuilder};

use super::token::{self, TokenHash};
use super::{CurrentSession, Identity, Verified};
use crate::error::AppError;
use crate::store::{CeremonyClaim, CeremonyPurpose, NewCeremony, PasskeyUse};

/// How long a ceremony's options stay answerable.
const CEREMONY_LIFETIME: time::Duration = time::Duration::minutes(5);
/// How long a passkey proved on a signed-in device stands in for the password, once.
const PROOF_LIFETIME: time::Duration = time::Duration::minutes(2);

/// A ceremony begun: the id its answer must name, and the options for `navigator.credentials`.
pub struct CeremonyStarted {
    pub challenge_id: String,
    /// WebAuthn's `publicKey` options, as JSON (binary fields in base64url).
    pub public_key: Value,
}

/// A passkey sign-in that checked out: the account (as for a password) and the passkey used.
pub struct PasskeySignIn {
    pub verified: Verified,
    pub passkey_id: Uuid,
}

fn unavailable() -> AppError {
    AppError::bad_request(
        "passkeys_unavailable",
        "Passkeys need Marquee to be reached by a host name (such as localhost or marquee.example), \
         not by a bare IP address.",
    )
}

fn ceremony_over() -> AppError {
    AppError::bad_request("passkey_ceremony_over", "That passkey request has expired or was already used. Try again.")
}

fn refused() -> AppError {
    AppError::bad_request("passkey_refused", "The passkey's answer could not be verified. Try again.")
}

fn internal(what: &str, error: impl std::fmt::Display) -> AppError {
    AppError::Internal(anyhow::anyhow!("{what}: {error}"))
}

/// Sets what webauthn-rs leaves open in passkey registration options: the credential must be
/// discoverable (a resident key), so that signing in needs no email.
fn require_resident_key(options: &mut Value) {
    if let Some(public_key) = options.as_object_mut() {
        let selection = public_key.entry("authenticatorSelection").or_insert_with(|| Value::Object(Default::default()));
        if let Some(selection) = selection.as_object_mut() {
            selection.insert("residentKey".into(), Value::String("required".into()));
            selection.insert("requireResidentKey".into(), Value::Bool(true));
            selection.insert("userVerification".into(), Value::String("required".into()));
        }
    }
}

/// The `publicKey` member of what webauthn-rs hands the browser.
fn public_key_of(options: impl serde::Serialize) -> Result<Value, AppError> {
    let mut options = serde_json::to_value(options).map_err(|e| internal("passkey options", e))?;
    options.get_mut("publicKey").map(Value::take).ok_or_else(|| internal("passkey options", "no publicKey"))
}

/// A random WebAuthn user id for an account that has none yet.
fn random_user_id() -> Result<Uuid, AppError> {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes).map_err(|e| internal("the OS random number generator failed", e))?;
    Ok(uuid::Builder::from_random_bytes(bytes).into_uuid())
}

impl Identity {
    /// The relying party for requests that came in on `origin` (`scheme://host`).
    fn relying_party(&self, origin: &str) -> Result<Webauthn, AppError> {
        let base = self.link_base(origin);
        let url = Url::parse(&base).map_err(|_| unavailable())?;
        let host = url.domain().ok_or_else(unavailable)?.to_string();
        WebauthnBuilder::new(&host, &url)
            .and_then(|builder| builder.rp_name("Marquee").build())
            .map_err(|_| unavailable())
    }

    /// Stores a ceremony's state and returns the id its answer must name.
    async fn save_ceremony(
        &self,
        purpose: CeremonyPurpose,
        asked_on: Option<&CurrentSession>,
        name: Option<String>,
        state: impl serde::Serialize,
    ) -> Result<String, AppError> {
        let issued = token::issue_ceremony_id().map_err(|e| internal("the OS random number generator failed", e))?;
        let now = crate::clock::now();
        self.store
            .save_ceremony(NewCeremony {
                id_hash: issued.hash.as_bytes().to_vec(),
                purpose,
                account_id: asked_on.map(|current| current.account.id),
                session_id: asked_on.map(|current| current.session.id),
                name,
                state: serde_json::to_string(&state).map_err(|e| internal("passkey state", e))?,
                created_at: now,
                expires_at: now + CEREMONY_LIFETIME,
            })
            .await?;
        Ok(issued.token)
    }

    /// Spends the ceremony `challenge_id` names, if the claim fits it; `None` when it does not (or
    /// no longer) exist.
    async fn take_ceremony<T: serde::de::DeserializeOwned>(
        &self,
        challenge_id: &str,
        purpose: CeremonyPurpose,
        asked_on: Option<&CurrentSession>,
        signing_in: Option<Uuid>,
    ) -> Result<Option<(T, Option<String>)>, AppError> {
        let Some(hash) = token::hash_ceremony_id(challenge_id) else { return Ok(None) };
        let claim = CeremonyClaim {
            id_hash: hash.as_bytes(),
            purpose,
            asked_on: asked_on.map(|current| (current.account.id, current.session.id)),
            signing_in,
            now: crate::clock::now(),
        };
        let Some(taken) = self.store.take_ceremony(claim).await? else { return Ok(None) };
        let state = serde_json::from_str(&taken.state).map_err(|e| internal("stored passkey state", e))?;
        Ok(Some((state, taken.name)))
    }

    /// Options for signing in with any passkey the browser's authenticators hold. Counted per
    /// address, so nobody can fill the table with ceremonies.
    pub async fn start_passkey_sign_in(&self, origin: &str, ip: Option<&str>) -> Result<CeremonyStarted, AppError> {
        let relying_party = self.relying_party(origin)?;
        if let Some(ip) = ip {
            // Every request counts: there is no right answer to take it back for.
            let counted = self.throttle.begin(None, self.throttle.passkey_options_limit(ip)).await?;
            drop(counted);
        }
        let (options, state) =
            relying_party.start_discoverable_authentication().map_err(|e| internal("starting passkey sign-in", e))?;
        let public_key = public_key_of(options)?;
        let challenge_id = self.save_ceremony(CeremonyPurpose::SignIn, None, None, state).await?;
        Ok(CeremonyStarted { challenge_id, public_key })
    }

    /// Checks a passkey sign-in answer, throttled per address: the account it signs in to, as a
    /// password would. Any wrong, unknown or stale answer is [`AppError::InvalidCredentials`].
    pub async fn verify_passkey_sign_in(
        &self,
        challenge_id: &str,
        credential: &PublicKeyCredential,
        ip: Option<&str>,
        device: Option<&TokenHash>,
        origin: &str,
    ) -> Result<PasskeySignIn, AppError> {
        let relying_party = self.relying_party(origin)?;
        let attempt = self.throttle.begin(None, self.throttle.passkey_address_limit(ip)).await?;
        let outcome = self.check_passkey_sign_in(&relying_party, challenge_id, credential, device).await;
        let outcome_name = match &outcome {
            Ok(_) => "success",
            Err(AppError::InvalidCredentials) => "invalid_credentials",
            Err(_) => "error",
        };
        metrics::counter!("marquee_passkey_sign_ins_total", "outcome" => outcome_name).increment(1);
        match &outcome {
            // A wrong answer stays counted against the address.
            Err(AppError::InvalidCredentials) => {}
            _ => self.throttle.withdraw(attempt).await,
        }
        outcome
    }

    async fn check_passkey_sign_in(
        &self,
        relying_party: &Webauthn,
        challenge_id: &str,
        credential: &PublicKeyCredential,
        device: Option<&TokenHash>,
    ) -> Result<PasskeySignIn, AppError> {
        let (user_id, credential_id) =
            relying_party.identify_discoverable_authentication(credential).map_err(|_| AppError::InvalidCredentials)?;
        let (stored, owner) =
            self.store.passkey_by_credential_id(credential_id).await?.ok_or(AppError::InvalidCredentials)?;
        if owner != user_id {
            return Err(AppError::InvalidCredentials);
        }
        let taken = self
            .take_ceremony::<DiscoverableAuthentication>(
                challenge_id,
                CeremonyPurpose::SignIn,
                None,
                Some(stored.account_id),
            )
            .await?;
        let (state, _) = taken.ok_or(AppError::InvalidCredentials)?;
        let mut passkey: Passkey =
            serde_json::from_str(&stored.credential).map_err(|e| internal("stored passkey", e))?;
        let result =
            relying_party.finish_discoverable_authentication_v2(credential, state, &passkey).map_err(|error| {
                tracing::info!(%error, "a passkey sign-in was refused");
                AppError::InvalidCredentials
            })?;
        if !result.user_verified() {
            return Err(AppError::InvalidCredentials);
        }
        passkey.update_credential(&result);
        self.store.record_passkey_use(passkey_use(stored.id, &passkey, &result, crate::clock::now())?).await?;
        let found = self.store.credentials_by_id(stored.account_id).await?.ok_or(AppError::InvalidCredentials)?;
        let known_device = match device {
            Some(device) => self.store.is_known_device(device.as_bytes(), found.account.id).await.unwrap_or(false),
            None => false,
        };
        Ok(PasskeySignIn {
            verified: Verified { account: found.account, credential_version: found.credential_version, known_device },
            passkey_id: stored.id,
        })
    }
}

/// What a use changed in a passkey, to keep.
fn passkey_use(
    passkey_id: Uuid,
    passkey: &Passkey,
    result: &webauthn_rs::prelude::AuthenticationResult,
    at: OffsetDateTime,
) -> Result<PasskeyUse, AppError> {
    Ok(PasskeyUse {
        passkey_id,
        credential: serde_json::to_string(passkey).map_err(|e| internal("passkey", e))?,
        sign_count: i64::from(result.counter()),
        backup_eligible: result.backup_eligible(),
        backed_up: result.backup_state(),
        at,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn registration_options_ask_for_a_discoverable_credential_and_verification() {
        let mut options = serde_json::json!({"challenge": "x", "authenticatorSelection": {"residentKey": "discouraged",
            "requireResidentKey": false, "userVerification": "preferred"}});
        require_resident_key(&mut options);
        assert_eq!(options["authenticatorSelection"]["residentKey"], "required");
        assert_eq!(options["authenticatorSelection"]["requireResidentKey"], true);
        assert_eq!(options["authenticatorSelection"]["userVerification"], "required");
        let mut bare = serde_json::json!({"challenge": "x"});
        require_resident_key(&mut bare);
        assert_eq!(bare["authenticatorSelection"]["residentKey"], "required");
    }
}
