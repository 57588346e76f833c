//! The second step of a sign-in: a right password for an account with two-step sign-in on leaves a
//! short-lived challenge (its secret held by the device, its hash and what the session will be in the
//! database) instead of a session; the code from the app, or a recovery code, turns it into one.

use super::{authenticator, recovery};
use crate::auth::token::{self, TokenHash};
use crate::auth::{Identity, Proof, SessionRequest, Verified};
use crate::domain::device::DeviceKind;
use crate::domain::session_lifetime::SessionLifetime;
use crate::error::AppError;
use crate::store::{Challenge, NewChallenge, SecondStepAnswer, SecondStepOutcome, SessionRecord};

/// How long the second step waits for its code.
pub const CHALLENGE_LIFETIME: time::Duration = time::Duration::minutes(5);
/// Wrong codes one challenge takes before it is over (the account's throttle counts them too).
pub const MOST_WRONG: i64 = 5;

/// Where a right password leads.
pub enum SignInStep {
    SignedIn {
        token: String,
        record: SessionRecord,
    },
    /// The account has two-step sign-in on: the device is to answer this challenge with a code.
    SecondStep(IssuedChallenge),
}

/// A challenge's secret, given to the device once, and the seconds it lasts.
pub struct IssuedChallenge {
    pub secret: String,
    pub expires_in: i64,
}

/// A sign-in whose second step was just answered.
pub struct SecondStepDone {
    pub token: String,
    pub record: SessionRecord,
    pub verified: Verified,
    /// Where the browser asked to go once signed in (empty: "Who's watching?").
    pub next: String,
    pub remember: bool,
}

/// Why a second step did not sign in.
#[derive(Debug)]
pub enum SecondStepRefusal {
    /// The challenge is unknown, expired, answered wrong too often, or the account's password or
    /// sessions changed since (or two-step sign-in was turned off): sign in again.
    Expired,
    /// The code is not right now, or was used already.
    WrongCode,
    TooMany {
        retry_after_secs: u64,
    },
    Failed(AppError),
}

impl From<AppError> for SecondStepRefusal {
    fn from(error: AppError) -> Self {
        match error {
            AppError::TooManyRequests { retry_after_secs } => Self::TooMany { retry_after_secs },
            other => Self::Failed(other),
        }
    }
}

impl From<crate::store::StoreError> for SecondStepRefusal {
    fn from(error: crate::store::StoreError) -> Self {
        Self::Failed(error.into())
    }
}

impl Identity {
    /// Starts a session for a right password, or, for an account with two-step sign-in on, the
    /// second step. `next` is where a browser goes once signed in.
    pub async fn start_or_challenge(
        &self,
        verified: &Verified,
        request: SessionRequest,
        next: &str,
    ) -> Result<SignInStep, AppError> {
        match self.sessions.start(verified, request.clone()).await {
            Ok((token, record)) => Ok(SignInStep::SignedIn { token, record }),
            Err(AppError::SecondStepRequired) => {
                Ok(SignInStep::SecondStep(self.begin_second_step(verified, request, next).await?))
            }
            Err(other) => Err(other),
        }
    }

    /// Stores a challenge for a right password; refused as wrong credentials when the password
    /// changed since it was checked.
    pub async fn begin_second_step(
        &self,
        verified: &Verified,
        request: SessionRequest,
        next: &str,
    ) -> Result<IssuedChallenge, AppError> {
        let issued =
            token::issue_challenge().map_err(|e| anyhow::anyhow!("the OS random number generator failed: {e}"))?;
        let now = crate::clock::now();
        let created = self
            .store
            .create_challenge(NewChallenge {
                token_hash: issued.hash.as_bytes().to_vec(),
                account_id: verified.account.id,
                credential_version: verified.credential_version,
                known_device: verified.known_device,
                device_name: request.device_name,
                device_kind: request.device_kind.as_str().to_string(),
                remember: request.remember,
                ip: request.ip,
                lifetime: request.lifetime.as_str().to_string(),
                next: next.to_string(),
                alert_origin: request.alert_origin,
                created_at: now,
                expires_at: now + CHALLENGE_LIFETIME,
            })
            .await?;
        if !created {
            return Err(AppError::InvalidCredentials);
        }
        tracing::info!(account = %verified.account.id, "password right; waiting for the second step");
        Ok(IssuedChallenge { secret: issued.token, expires_in: CHALLENGE_LIFETIME.whole_seconds() })
    }

    /// The challenge a device holds, while it may still be answered.
    pub async fn open_challenge(&self, secret: &str) -> Result<Option<Challenge>, AppError> {
        let Some(hash) = token::hash_challenge(secret) else { return Ok(None) };
        Ok(self.store.challenge(hash.as_bytes(), crate::clock::now(), MOST_WRONG).await?)
    }

    /// Answers the challenge with `code` (six digits from the app, or a recovery code), throttled per
    /// account and per address as passwords are, and starts the session in the transaction that
    /// spends the challenge and the code.
    pub async fn answer_second_step(
        &self,
        secret: &str,
        code: &str,
        ip: Option<&str>,
    ) -> Result<SecondStepDone, SecondStepRefusal> {
        let Some(hash) = token::hash_challenge(secret) else { return Err(SecondStepRefusal::Expired) };
        let now = crate::clock::now();
        let Some(challenge) = self.store.challenge(hash.as_bytes(), now, MOST_WRONG).await? else {
            return Err(SecondStepRefusal::Expired);
        };
        let attempt = self
            .throttle
            .begin(self.throttle.address_limit(ip), self.throttle.second_step_limit(challenge.account_id))
            .await?;
        let answer = match self.answer_of(challenge.account_id, code, now.unix_timestamp()).await {
            Ok(answer) => answer,
            Err(error) => {
                self.throttle.withdraw(attempt).await;
                return Err(error.into());
            }
        };
        let Some(answer) = answer else {
            // A wrong guess: it stays counted.
            drop(attempt);
            return self.wrong_answer(&hash).await;
        };
        let account = match self.store.account_by_id(challenge.account_id).await {
            Ok(Some(account)) => account,
            Ok(None) => {
                self.throttle.withdraw(attempt).await;
                return Err(SecondStepRefusal::Expired);
            }
            Err(error) => {
                self.throttle.withdraw(attempt).await;
                return Err(error.into());
            }
        };
        let verified = Verified {
            account,
            credential_version: challenge.credential_version,
            known_device: challenge.known_device,
        };
        let request = SessionRequest {
            device_name: challenge.device_name,
            device_kind: DeviceKind::parse(&challenge.device_kind).unwrap_or(DeviceKind::Other),
            remember: challenge.remember,
            // Where the device answering is now.
            ip: ip.map(str::to_string).or(challenge.ip),
            proof: Proof::Password,
            lifetime: SessionLifetime::parse(&challenge.lifetime).unwrap_or_default(),
            alert_origin: challenge.alert_origin,
        };
        match self.sessions.start_after_second_step(&verified, request, &hash, answer, MOST_WRONG).await {
            Ok(Ok((token, record))) => {
                self.throttle.succeeded(attempt).await;
                tracing::info!(account = %verified.account.id, session = %record.id, "signed in with a second step");
                Ok(SecondStepDone { token, record, verified, next: challenge.next, remember: challenge.remember })
            }
            Ok(Err(SecondStepOutcome::Refused)) => {
                drop(attempt);
                self.wrong_answer(&hash).await
            }
            Ok(Err(_)) => {
                self.throttle.withdraw(attempt).await;
                Err(SecondStepRefusal::Expired)
            }
            Err(error) => {
                self.throttle.withdraw(attempt).await;
                Err(error.into())
            }
        }
    }

    /// What `code` answers for the account at `unix_time`: the step of a right code from the app, or
    /// a well-formed recovery code (checked when spent); `None` when it is neither.
    async fn answer_of(
        &self,
        account_id: uuid::Uuid,
        code: &str,
        unix_time: i64,
    ) -> Result<Option<SecondStepAnswer>, AppError> {
        if authenticator::six_digits(code).is_some() {
            let Some(secret) = self.store.two_step_secret(account_id).await? else { return Ok(None) };
            return Ok(
                authenticator::step_of(&secret, code, unix_time).map(|step| SecondStepAnswer::Code { secret, step })
            );
        }
        Ok(recovery::hash(code).map(|hash| SecondStepAnswer::RecoveryCode { hash }))
    }

    async fn wrong_answer(&self, challenge: &TokenHash) -> Result<SecondStepDone, SecondStepRefusal> {
        self.store.note_wrong_answer(challenge.as_bytes(), MOST_WRONG).await?;
        Err(SecondStepRefusal::WrongCode)
    }
}
