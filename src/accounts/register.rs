//! Creating an account: the one path every front door (CLI, demo, setup page) goes through.

use crate::auth::{Password, PasswordHasher, PasswordRefusal};
use crate::i18n::Msg;
use crate::store::{Account, NewAccount, Store, StoreError};

use crate::domain::email::{Email, EmailRefusal};

#[derive(Debug, thiserror::Error)]
pub enum RegisterError {
    #[error("{0}")]
    InvalidEmail(EmailRefusal),
    #[error("{0}")]
    RejectedPassword(PasswordRefusal),
    #[error("An account with the email {0} already exists.")]
    EmailTaken(String),
    #[error(transparent)]
    Other(#[from] anyhow::Error),
}

impl RegisterError {
    /// What a page says, in the reader's language.
    pub fn message(&self) -> Msg {
        match self {
            Self::InvalidEmail(refusal) => refusal.message(),
            Self::RejectedPassword(refusal) => refusal.message(),
            Self::EmailTaken(email) => Msg::new("setup-email-taken").with("email", email),
            Self::Other(_) => Msg::new("error-internal"),
        }
    }
}

/// Validates the email and password, hashes the password and stores the account.
pub async fn register(
    store: &dyn Store,
    hasher: &PasswordHasher,
    email: &str,
    password: &str,
    display_name: Option<&str>,
) -> Result<Account, RegisterError> {
    let email = Email::parse(email).map_err(RegisterError::InvalidEmail)?;
    let password =
        Password::new(password, &[email.as_str(), email.local_part()]).map_err(RegisterError::RejectedPassword)?;
    let display_name = display_name.map(str::trim).filter(|name| !name.is_empty()).unwrap_or(email.local_part());
    let password_hash = hasher.hash(&password).await.map_err(|e| RegisterError::Other(e.into()))?;
    let created = store
        .create_account(NewAccount {
            email: email.as_str().to_string(),
            display_name: display_name.chars().take(100).collect(),
            password_hash,
            created_at: crate::clock::now(),
        })
        .await;
    match created {
        Ok(account) => Ok(account),
        Err(StoreError::Conflict(_)) => Err(RegisterError::EmailTaken(email.to_string())),
        Err(other) => Err(RegisterError::Other(other.into())),
    }
}
