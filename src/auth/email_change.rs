//! Changing the sign-in email with mail set up: the new address takes effect only once a link sent to
//! it is opened (once, within 24 hours, while the account's password and sessions are as they were
//! when it was asked for), and the old address is told, with a "Not you?" link.

use serde_json::json;

use super::alerts::with_not_me_link;
use super::token;
use crate::auth::Identity;
use crate::domain::email::Email;
use crate::error::AppError;
use crate::mail::MailKind;
use crate::store::{
    Account, Actor, EmailChangeRefusal, EmailChanged, NewEmailChange, NewMail, OneTimeLink, StoreError,
};

/// How long a link that confirms a new email works.
pub const EMAIL_LINK_HOURS: i64 = 24;

/// The path of the link sent to the new address.
pub const EMAIL_LINK_PATH: &str = "/account/email/open";

/// What asking for a new email came to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EmailAsk {
    /// The link is on its way to the new address; the old one was told.
    Sent,
    /// Another account signs in with that address (or it is this account's already).
    Taken,
}

impl Identity {
    /// Sends a link to `new_email` that makes it the account's sign-in email, and tells the account's
    /// address as it is now, in one transaction.
    pub async fn request_email_change(
        &self,
        account: &Account,
        new_email: &Email,
        link_base: &str,
    ) -> Result<EmailAsk, AppError> {
        let issued =
            token::issue_email_token().map_err(|e| anyhow::anyhow!("the OS random number generator failed: {e}"))?;
        let now = self.settings.clock.now();
        let link = format!("{link_base}{EMAIL_LINK_PATH}?token={}", issued.token);
        let confirm = NewMail {
            kind: MailKind::EmailConfirm.as_str().into(),
            recipient: new_email.as_str().to_string(),
            language: account.language.clone(),
            params: json!({ "email": new_email.as_str(), "link": link, "hours": EMAIL_LINK_HOURS }).to_string(),
        };
        let told = json!({ "email": account.email, "new_email": new_email.as_str() });
        let change = NewEmailChange {
            account_id: account.id,
            new_email: new_email.as_str().to_string(),
            link: OneTimeLink {
                token_hash: issued.hash.as_bytes().to_vec(),
                expires_at: now + time::Duration::hours(EMAIL_LINK_HOURS),
            },
            confirm,
            tell_old: with_not_me_link(MailKind::EmailChanging, told, link_base, now)?,
            now,
        };
        match self.store.request_email_change(change).await {
            Ok(true) => {
                self.mail.wake();
                Ok(EmailAsk::Sent)
            }
            Ok(false) => Err(AppError::NotFound("That account")),
            Err(StoreError::Conflict(_)) => Ok(EmailAsk::Taken),
            Err(other) => Err(other.into()),
        }
    }

    /// The address a confirmation secret would make the account's sign-in email now, if it still works.
    pub async fn email_change_for(&self, secret: &str) -> Result<Option<String>, AppError> {
        let Some(hash) = token::hash_email_token(secret) else { return Ok(None) };
        Ok(self.store.email_change_for(hash.as_bytes(), self.settings.clock.now()).await?)
    }

    /// Makes the new address the account's sign-in email with its confirmation secret.
    pub async fn confirm_email_change(
        &self,
        by: &Actor,
        secret: &str,
    ) -> Result<Result<EmailChanged, EmailChangeRefusal>, AppError> {
        let Some(hash) = token::hash_email_token(secret) else { return Ok(Err(EmailChangeRefusal::DeadLink)) };
        let changed = self.store.confirm_email_change(by, hash.as_bytes(), self.settings.clock.now()).await?;
        if let Ok(done) = &changed {
            self.sessions.forget_account(done.account_id);
            tracing::info!(account = %done.account_id, "changed the sign-in email with its link");
        }
        Ok(changed)
    }
}
