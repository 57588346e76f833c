//! The owner's side of two-step sign-in: a secret to scan, kept server-side until a code from the app
//! confirms it; then on, with ten recovery codes shown once; new recovery codes; off.

use super::{authenticator, recovery};
use crate::auth::Identity;
use crate::error::AppError;
use crate::store::{Account, Actor};

/// How long a secret shown to scan waits for its confirming code.
const PENDING_LIFETIME: time::Duration = time::Duration::minutes(30);

/// A secret shown to the owner to add to an authenticator app.
pub struct PendingSecret {
    /// Base 32, in groups of four, to type in.
    pub grouped: String,
    /// The `otpauth://` link the QR code holds (`None` when the email cannot be in one).
    pub link: Option<String>,
}

/// Why two-step sign-in was not turned on.
#[derive(Debug)]
pub enum EnableRefusal {
    /// No secret is waiting to be confirmed (it expired, or was never made): start again.
    NothingPending,
    /// The code is not the app's code now.
    WrongCode,
    /// It is on already.
    AlreadyOn,
    Failed(AppError),
}

impl From<crate::store::StoreError> for EnableRefusal {
    fn from(error: crate::store::StoreError) -> Self {
        Self::Failed(error.into())
    }
}

fn random_failed(error: getrandom::Error) -> AppError {
    AppError::Internal(anyhow::anyhow!("the OS random number generator failed: {error}"))
}

/// New recovery codes and their hashes.
fn recovery_codes() -> Result<(Vec<String>, Vec<Vec<u8>>), AppError> {
    let codes = recovery::issue().map_err(random_failed)?;
    let hashes = codes.iter().filter_map(|code| recovery::hash(code)).collect();
    Ok((codes, hashes))
}

impl Identity {
    /// Whether the account has two-step sign-in on.
    pub async fn two_step_on(&self, account_id: uuid::Uuid) -> Result<bool, AppError> {
        Ok(self.store.two_step_secret(account_id).await?.is_some())
    }

    /// Recovery codes the account has left.
    pub async fn recovery_codes_left(&self, account_id: uuid::Uuid) -> Result<i64, AppError> {
        Ok(self.store.recovery_codes_left(account_id).await?)
    }

    /// The secret waiting to be confirmed, if any.
    pub async fn pending_two_step(&self, account: &Account) -> Result<Option<PendingSecret>, AppError> {
        let secret = self.store.pending_two_step(account.id, crate::clock::now()).await?;
        Ok(secret.map(|secret| PendingSecret {
            grouped: authenticator::grouped(&secret),
            link: authenticator::app_link(&secret, &account.email),
        }))
    }

    /// Makes a new secret to scan (replacing any waiting), kept until confirmed or expired.
    pub async fn start_two_step(&self, account: &Account) -> Result<(), AppError> {
        let secret = authenticator::new_secret().map_err(random_failed)?;
        let expires_at = crate::clock::now() + PENDING_LIFETIME;
        self.store.set_pending_two_step(account.id, &secret, expires_at).await?;
        Ok(())
    }

    /// Turns two-step sign-in on with the waiting secret once `code` is right for it; the recovery
    /// codes, to show once.
    pub async fn enable_two_step(
        &self,
        by: &Actor,
        account: &Account,
        code: &str,
    ) -> Result<Vec<String>, EnableRefusal> {
        if self.store.two_step_secret(account.id).await?.is_some() {
            return Err(EnableRefusal::AlreadyOn);
        }
        let now = crate::clock::now();
        let Some(secret) = self.store.pending_two_step(account.id, now).await? else {
            return Err(EnableRefusal::NothingPending);
        };
        let Some(step) = authenticator::step_of(&secret, code, now.unix_timestamp()) else {
            return Err(EnableRefusal::WrongCode);
        };
        let (codes, hashes) = recovery_codes().map_err(EnableRefusal::Failed)?;
        if !self.store.enable_two_step(by, account.id, &secret, step, &hashes, now).await? {
            return Err(EnableRefusal::NothingPending);
        }
        tracing::info!(account = %account.id, "two-step sign-in turned on");
        Ok(codes)
    }

    /// Turns two-step sign-in off; false when it was off.
    pub async fn disable_two_step(&self, by: &Actor, account_id: uuid::Uuid) -> Result<bool, AppError> {
        let off = self.store.disable_two_step(by, account_id, crate::clock::now()).await?;
        if off {
            tracing::info!(account = %account_id, "two-step sign-in turned off");
        }
        Ok(off)
    }

    /// New recovery codes in place of the old, to show once; `None` when two-step sign-in is off.
    pub async fn new_recovery_codes(
        &self,
        by: &Actor,
        account_id: uuid::Uuid,
    ) -> Result<Option<Vec<String>>, AppError> {
        let (codes, hashes) = recovery_codes()?;
        let made = self.store.replace_recovery_codes(by, account_id, &hashes, crate::clock::now()).await?;
        Ok(made.then_some(codes))
    }
}
