//! Starting a session: after a password (and, with two-step sign-in on, its second step), a passkey
//! or an allowed code, with the new-device alert and the devices it pushes out.

use time::OffsetDateTime;
use uuid::Uuid;

use super::{Proof, SessionRequest, Sessions};
use crate::auth::credentials::Verified;
use crate::auth::token::{self, TokenHash};
use crate::domain::time_zone::AccountTimeZone;
use crate::error::AppError;
use crate::store::{NewSession, SecondStepAnswer, SecondStepOutcome, SessionRecord};

impl Sessions {
    /// Starts a new session for a device that just proved the password, or whose code was allowed.
    /// Returns the token, once. Refused as wrong credentials when the password or email changed (or
    /// the account went) since the password was checked or the code allowed, or when the code is not
    /// (or no longer) allowed for the account; signs out the longest-unused devices beyond the limit.
    pub async fn start(
        &self,
        verified: &Verified,
        request: SessionRequest,
    ) -> Result<(String, SessionRecord), AppError> {
        self.start_with(verified, request, None, None).await
    }

    /// Starts a session as [`Sessions::start`] does, already watching as `profile_id` (an app that
    /// signs in as one profile): the profile is stored in the transaction that creates the session,
    /// which is refused as wrong credentials when the profile is not (or no longer) the account's.
    /// `app_device_id` is the id the app gives its device: the account's earlier session from that
    /// app device is signed out in the same transaction, as the app has replaced its token.
    pub async fn start_watching_as(
        &self,
        verified: &Verified,
        request: SessionRequest,
        profile_id: Uuid,
        app_device_id: Option<String>,
    ) -> Result<(String, SessionRecord), AppError> {
        self.start_with(verified, request, Some(profile_id), app_device_id).await
    }

    async fn start_with(
        &self,
        verified: &Verified,
        request: SessionRequest,
        profile_id: Option<Uuid>,
        app_device_id: Option<String>,
    ) -> Result<(String, SessionRecord), AppError> {
        // A password alone does not sign in an account with two-step sign-in on (the store refuses it
        // too, in the transaction that would start the session): say so, so the second step is asked.
        if request.proof == Proof::Password && self.store.two_step_secret(verified.account.id).await?.is_some() {
            return Err(AppError::SecondStepRequired);
        }
        let (token, new, alerted) = self.new_session(verified, request, profile_id, app_device_id)?;
        let started = self.store.create_session(new).await?;
        let started = started.ok_or(AppError::InvalidCredentials)?;
        self.started(verified.account.id, &started, alerted).await;
        Ok((token, started.record))
    }

    /// Starts the session of a sign-in whose second step (a code from the authenticator app, or a
    /// recovery code) was just checked, in the transaction that spends the challenge with the hash
    /// `challenge` and the answer (see [`crate::store::TwoStepStore::finish_second_step`]).
    /// `Ok(Err(outcome))` when no session started: the answer was used already, or the challenge is gone.
    pub async fn start_after_second_step(
        &self,
        verified: &Verified,
        request: SessionRequest,
        challenge: &TokenHash,
        answer: SecondStepAnswer,
        most_wrong: i64,
    ) -> Result<Result<(String, SessionRecord), SecondStepOutcome>, AppError> {
        let (token, new, alerted) = self.new_session(verified, request, None, None)?;
        match self.store.finish_second_step(challenge.as_bytes(), answer, most_wrong, new).await? {
            SecondStepOutcome::Started(started) => {
                let started = *started;
                self.started(verified.account.id, &started, alerted).await;
                Ok(Ok((token, started.record)))
            }
            refused => Ok(Err(refused)),
        }
    }

    /// A new token and the session to store for it, and whether it comes with a new-device alert.
    fn new_session(
        &self,
        verified: &Verified,
        request: SessionRequest,
        profile_id: Option<Uuid>,
        app_device_id: Option<String>,
    ) -> Result<(String, NewSession, bool), AppError> {
        let account = &verified.account;
        let issued = token::issue().map_err(|e| anyhow::anyhow!("the OS random number generator failed: {e}"))?;
        let now = crate::clock::now();
        let alert = match &self.mail {
            Some(mail) => crate::auth::alerts::for_new_device(mail, verified, &request, now)?,
            None => None,
        };
        let alerted = alert.is_some();
        let (idle, longest) = if request.remember {
            (self.policy.remembered_idle, self.policy.remembered_lifetime)
        } else {
            (self.policy.short_idle, self.policy.short_lifetime)
        };
        let chosen_end = request.lifetime.end(now, &AccountTimeZone::of_account(account.time_zone.as_deref()));
        let expires_at = chosen_end.map_or(now + longest, |end| end.min(now + longest));
        let new = NewSession {
            account_id: account.id,
            token_hash: issued.hash.as_bytes().to_vec(),
            device_name: request.device_name,
            device_kind: request.device_kind,
            remember: request.remember,
            created_at: now,
            ip: request.ip,
            idle_timeout_secs: i64::try_from(idle.as_secs()).unwrap_or(i64::MAX),
            expires_at,
            credential_version: verified.credential_version,
            max_per_account: i64::from(self.policy.max_per_account),
            password_verified_at: match request.proof {
                Proof::Password | Proof::Passkey(_) => now,
                Proof::DeviceCode(_) => OffsetDateTime::UNIX_EPOCH,
            },
            device_code_hash: match request.proof {
                Proof::Password | Proof::Passkey(_) => None,
                Proof::DeviceCode(hash) => Some(hash.as_bytes().to_vec()),
            },
            passkey_id: match request.proof {
                Proof::Passkey(id) => Some(id),
                Proof::Password | Proof::DeviceCode(_) => None,
            },
            profile_id,
            app_device_id,
            lifetime: request.lifetime,
            alert,
        };
        Ok((issued.token, new, alerted))
    }

    /// What follows a started session: the ender woken for one that ends by itself, mail sent, and
    /// the devices it pushed out told.
    async fn started(&self, account_id: Uuid, started: &crate::store::StartedSession, alerted: bool) {
        if started.record.lifetime.ends_by_itself() {
            self.ends.notify_one();
        }
        if alerted {
            self.mail_queued();
        }
        if !started.signed_out.is_empty() {
            tracing::info!(account = %account_id, sessions = started.signed_out.len(), "signed out devices this sign-in replaced or pushed out");
            self.announce(account_id, started.signed_out.clone());
            self.settle().await;
        }
    }

    /// Remembers the device that just signed in, so its later sign-ins get their own allowance.
    /// Returns the device token it should keep: the one it presented, or a new one.
    pub async fn remember_device(&self, verified: &Verified, presented: Option<&str>) -> Result<String, AppError> {
        let presented = presented.and_then(|token| token::hash_presented(token).map(|hash| (token, hash)));
        let (token, hash) = match presented {
            Some((token, hash)) => (token.to_string(), hash),
            None => {
                let issued =
                    token::issue().map_err(|e| anyhow::anyhow!("the OS random number generator failed: {e}"))?;
                (issued.token, issued.hash)
            }
        };
        if !verified.known_device {
            self.store.remember_device(hash.as_bytes(), verified.account.id, crate::clock::now()).await?;
        }
        Ok(token)
    }
}
