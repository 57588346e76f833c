//! "Forgot password?": asking for a link (the same answer, by the same work, whether or not the email
//! has an account; throttled per email and per address; never sent inline) and setting a new password
//! with it (once, within 30 minutes, while the account's credential version and session epoch are
//! those it was made for), which signs every device out and queues "Your password was changed" with
//! its "Not you?" link.

use serde_json::json;

use super::credentials::Verified;
use super::token::{self, TokenHash};
use super::{Identity, Password, PasswordRefusal};
use crate::domain::email::Email;
use crate::error::AppError;
use crate::store::{AccountMail, Actor, NewPasswordReset, ResetFor};

/// How long a reset link works.
pub const RESET_LINK_MINUTES: i64 = 30;

/// The path of the link in the message (its secret in the query, which the page takes out of the
/// address bar at once).
pub const RESET_LINK_PATH: &str = "/password-reset/open";

/// Why a new password was not set with a link.
#[derive(Debug)]
pub enum ResetRefusal {
    /// The link is unknown, spent, expired, or the password or sessions changed since it was sent.
    DeadLink,
    /// The new password breaks the usual rules.
    Password(PasswordRefusal),
    Failed(AppError),
}

impl From<AppError> for ResetRefusal {
    fn from(error: AppError) -> Self {
        Self::Failed(error)
    }
}

impl Identity {
    /// Whether mail can be sent: without it, "Forgot password?" says whom to ask instead.
    pub fn mail_configured(&self) -> bool {
        self.mail.configured()
    }

    /// Where links in messages start: `public_url`, else the address the request came in on.
    pub fn link_base(&self, request_origin: &str) -> String {
        self.mail.public_url().unwrap_or_else(|| request_origin.trim_end_matches('/').to_string())
    }

    /// Queues a reset link for the account with this email, if there is one. Both ways the same
    /// throttle counts, the same secret is made and the same statements run; the message goes out
    /// in the background.
    pub async fn request_password_reset(
        &self,
        email: &Email,
        ip: Option<&str>,
        link_base: &str,
    ) -> Result<(), AppError> {
        if !self.mail_configured() {
            return Err(mail_not_configured());
        }
        // Every request counts, whatever it finds: it is never taken back.
        let _counted = self
            .throttle
            .begin(self.throttle.reset_address_limit(ip), self.throttle.reset_email_limit(email.as_str()))
            .await?;
        let issued =
            token::issue_reset_token().map_err(|e| anyhow::anyhow!("the OS random number generator failed: {e}"))?;
        let now = self.settings.clock.now();
        let link = format!("{link_base}{RESET_LINK_PATH}?token={}", issued.token);
        let params = json!({ "link": link, "minutes": RESET_LINK_MINUTES, "email": email.as_str() });
        let reset = NewPasswordReset {
            token_hash: issued.hash.as_bytes().to_vec(),
            email: email.as_str().to_string(),
            now,
            expires_at: now + time::Duration::minutes(RESET_LINK_MINUTES),
            mail: AccountMail {
                kind: crate::mail::MailKind::PasswordReset.as_str().into(),
                params: params.to_string(),
            },
        };
        self.store.request_password_reset(reset).await?;
        self.mail.wake();
        Ok(())
    }

    /// The account a reset secret would set the password of now, if it still works.
    pub async fn password_reset_for(&self, secret: &str) -> Result<Option<(TokenHash, ResetFor)>, AppError> {
        let Some(hash) = token::hash_reset_token(secret) else { return Ok(None) };
        let found = self.store.password_reset_for(hash.as_bytes(), self.settings.clock.now()).await?;
        Ok(found.map(|account| (hash, account)))
    }

    /// Sets a new password with a reset secret: every device is signed out (one epoch move) and the
    /// owner is told by mail; the account's activity says `by` did it. Returns what a session for this
    /// device is started with.
    pub async fn reset_password(
        &self,
        by: &Actor,
        secret: &str,
        new_password: &str,
        link_base: &str,
    ) -> Result<Verified, ResetRefusal> {
        let (hash, account) = self.password_reset_for(secret).await?.ok_or(ResetRefusal::DeadLink)?;
        let password = Password::new(new_password, &[account.email.as_str(), account.display_name.as_str()])
            .map_err(ResetRefusal::Password)?;
        let password_hash = self.hasher.hash(&password).await.map_err(AppError::from)?;
        let now = self.settings.clock.now();
        let mail = super::alerts::password_changed_alert(&account.email, true, link_base, now)?;
        let done = self
            .sessions
            .reset_password(by, hash.as_bytes(), &password_hash, mail, now)
            .await?
            .ok_or(ResetRefusal::DeadLink)?;
        self.mail.wake();
        tracing::info!(account = %done.account_id, sessions = done.signed_out.len(), "password reset with a link");
        let account =
            self.store.account_by_id(done.account_id).await.map_err(AppError::from)?.ok_or(ResetRefusal::DeadLink)?;
        Ok(Verified { account, credential_version: done.credential_version, known_device: false })
    }
}

/// The API's answer when no mail server is set.
pub fn mail_not_configured() -> AppError {
    AppError::Unavailable {
        code: "mail_not_configured",
        message: "This Marquee server sends no mail, so it cannot send reset links. Ask whoever runs it to set \
                  a new password with: marquee account set-password --email … --password-stdin"
            .into(),
    }
}
