//! Checking a password: at sign-in (by email, throttled per address and per account, or per known
//! device) and when a signed-in person re-enters it (by account id, throttled per session and address).
//!
//! Both return the credential version that was read with the hash: a session is only created, and a
//! sensitive change only made, while that version is still current.

use super::token::TokenHash;
use super::{CurrentSession, Password};
use crate::auth::Identity;
use crate::domain::email::Email;
use crate::error::AppError;
use crate::store::{Account, AccountCredentials};

/// A password that was right, and the account version it was right for.
pub struct Verified {
    pub account: Account,
    pub credential_version: i64,
    /// The device token presented was already known to this account.
    pub known_device: bool,
}

impl Identity {
    /// Checks an email and password under the sign-in throttle. Unknown emails cost the same time
    /// and count the same failures as wrong passwords, so neither gives the other away. A device
    /// that has signed in to this account before (`device`, the hash of its device token) is counted
    /// under an allowance of its own instead of the account's.
    pub async fn verify_sign_in(
        &self,
        email: &Email,
        password: &Password,
        ip: Option<&str>,
        device: Option<&TokenHash>,
    ) -> Result<Verified, AppError> {
        let verified = self.verify_sign_in_throttled(email, password, ip, device).await;
        let outcome = match &verified {
            Ok(_) => "success",
            Err(AppError::InvalidCredentials) => "invalid_credentials",
            Err(AppError::TooManyRequests { .. }) => "throttled",
            Err(AppError::Busy) => "busy",
            Err(_) => "error",
        };
        metrics::counter!("marquee_sign_ins_total", "outcome" => outcome).increment(1);
        verified
    }

    async fn verify_sign_in_throttled(
        &self,
        email: &Email,
        password: &Password,
        ip: Option<&str>,
        device: Option<&TokenHash>,
    ) -> Result<Verified, AppError> {
        let address = self.throttle.address_limit(ip);
        // Refused on the address before the account is even looked up.
        let counted_address = match address.clone() {
            Some(limit) => Some(self.throttle.begin(None, limit).await?),
            None => None,
        };
        let found = match self.store.credentials_by_email(email.as_str()).await {
            Ok(found) => found,
            Err(error) => {
                if let Some(counted) = counted_address {
                    self.throttle.withdraw(counted).await;
                }
                return Err(error.into());
            }
        };
        let known_device = match (&found, device) {
            (Some(found), Some(device)) => {
                self.store.is_known_device(device.as_bytes(), found.account.id).await.unwrap_or(false)
            }
            _ => false,
        };
        let owner = match (&found, device) {
            (Some(found), Some(device)) if known_device => {
                self.throttle.known_device_limit(found.account.id, &short_hex(device))
            }
            _ => self.throttle.account_limit(email.as_str()),
        };
        // The address was counted above; count the owner now, taking the address back if refused.
        let attempt = match self.throttle.begin(None, owner).await {
            Ok(attempt) => attempt,
            Err(error) => {
                if let Some(counted) = counted_address {
                    self.throttle.withdraw(counted).await;
                }
                return Err(error);
            }
        };
        let outcome = self.check(found, password, ip).await;
        self.settle(attempt, counted_address, &outcome).await;
        outcome?
            .map(|found| Verified {
                account: found.account,
                credential_version: found.credential_version,
                known_device,
            })
            .ok_or(AppError::InvalidCredentials)
    }

    /// Checks the account password re-entered on a signed-in session, by account id (never by an
    /// email that may have changed since), throttled per session and per address, so a stranger
    /// guessing at the account cannot keep its owner from changing the password or signing out.
    pub async fn verify_reentry(
        &self,
        current: &CurrentSession,
        password: &Password,
        ip: Option<&str>,
    ) -> Result<Verified, AppError> {
        let attempt = self
            .throttle
            .begin(self.throttle.address_limit(ip), self.throttle.session_limit(current.session.id))
            .await?;
        let found = match self.store.credentials_by_id(current.account.id).await {
            Ok(found) => found,
            Err(error) => {
                self.throttle.withdraw(attempt).await;
                return Err(error.into());
            }
        };
        let outcome = self.check(found, password, ip).await;
        self.settle(attempt, None, &outcome).await;
        outcome?
            .map(|found| Verified {
                account: found.account,
                credential_version: found.credential_version,
                known_device: false,
            })
            .ok_or(AppError::InvalidCredentials)
    }

    /// The credentials if the password is theirs; a wrong password and a missing account cost the same
    /// hash. A wrong password for an account is counted in its activity, under the address `ip`.
    async fn check(
        &self,
        found: Option<AccountCredentials>,
        password: &Password,
        ip: Option<&str>,
    ) -> Result<Option<AccountCredentials>, AppError> {
        match found {
            Some(found) if self.hasher.verify(password, &found.password_hash).await? => Ok(Some(found)),
            Some(found) => {
                self.store.record_wrong_password(found.account.id, ip, crate::clock::now()).await?;
                Ok(None)
            }
            None => {
                self.hasher.verify_against_nothing(password).await?;
                Ok(None)
            }
        }
    }

    /// Right: the owner's count starts again. Wrong: it stays counted. Never checked (hashing was
    /// saturated, or the store failed): not a guess, taken back.
    async fn settle(
        &self,
        attempt: super::throttle::Attempt,
        address: Option<super::throttle::Attempt>,
        outcome: &Result<Option<AccountCredentials>, AppError>,
    ) {
        match outcome {
            Ok(Some(_)) => {
                self.throttle.succeeded(attempt).await;
                if let Some(address) = address {
                    self.throttle.withdraw(address).await;
                }
            }
            Ok(None) => {}
            Err(_) => {
                self.throttle.withdraw(attempt).await;
                if let Some(address) = address {
                    self.throttle.withdraw(address).await;
                }
            }
        }
    }
}

/// Enough of a device token's hash to tell its allowance apart, without storing the hash itself.
fn short_hex(hash: &TokenHash) -> String {
    hash.as_bytes()[..8].iter().map(|byte| format!("{byte:02x}")).collect()
}
