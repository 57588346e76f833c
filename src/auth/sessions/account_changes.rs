//! Changes to an account that end sessions with them: a new password (by the account page, a reset
//! link or a "Not you?" link), a profile PIN, a removed passkey, the account deleted.

use time::OffsetDateTime;
use uuid::Uuid;

use super::Sessions;
use crate::error::AppError;
use crate::revocation::Revoked;
use crate::store::{Actor, SignOut};

impl Sessions {
    /// Sets a new password hash, signs devices out as asked and queues `alert` (when mail is set up),
    /// in one transaction.
    pub async fn change_password(
        &self,
        by: &Actor,
        account_id: Uuid,
        password_hash: &str,
        sign_out: SignOut,
        alert: Option<crate::store::AlertMail>,
    ) -> Result<Vec<Uuid>, AppError> {
        let now = crate::clock::now();
        let ids = match alert {
            Some(alert) => self.store.set_password_telling(by, account_id, password_hash, sign_out, alert, now).await?,
            None => self.store.set_password(by, account_id, password_hash, sign_out, now).await?,
        };
        let ids = ids.ok_or(AppError::NotFound("That account"))?;
        self.mail_queued();
        self.announce(account_id, ids.clone());
        self.cache.evict_account(account_id);
        self.settle().await;
        Ok(ids)
    }

    /// Sets a new password with a reset link and signs every device out, in one transaction with
    /// spending the link; `None` when the link no longer works.
    pub async fn reset_password(
        &self,
        by: &Actor,
        token_hash: &[u8],
        password_hash: &str,
        mail: crate::store::AlertMail,
        now: OffsetDateTime,
    ) -> Result<Option<crate::store::PasswordReset>, AppError> {
        let Some(done) = self.store.reset_password(by, token_hash, password_hash, mail, now).await? else {
            return Ok(None);
        };
        self.announce(done.account_id, done.signed_out.clone());
        self.cache.evict_account(done.account_id);
        self.settle().await;
        Ok(Some(done))
    }

    /// Spends a "Not you?" link: signs every device of its account out, announced as sign-out-all is,
    /// and stores `reset` for the account as it is then; `None` when the link no longer works.
    pub async fn use_not_me_link(
        &self,
        by: &Actor,
        token_hash: &[u8],
        reset: crate::store::OneTimeLink,
        now: OffsetDateTime,
    ) -> Result<Option<crate::store::NotMeUsed>, AppError> {
        let Some(used) = self.store.use_not_me_link(by, token_hash, reset, now).await? else {
            return Ok(None);
        };
        self.announce(used.account_id, used.signed_out.clone());
        self.cache.evict_account(used.account_id);
        self.settle().await;
        Ok(Some(used))
    }

    /// Locks (`Some` PIN hash) or unlocks a profile. Locking sends every device in it back to
    /// "Who's watching?" at once. False when the account has no such profile.
    pub async fn set_profile_pin(
        &self,
        by: &Actor,
        account_id: Uuid,
        profile_id: Uuid,
        pin_hash: Option<&str>,
    ) -> Result<bool, AppError> {
        let Some(left) = self.store.set_profile_pin(by, account_id, profile_id, pin_hash, crate::clock::now()).await?
        else {
            return Ok(false);
        };
        // Evicted from the cache as it is published.
        self.bus.publish_profile_left(Revoked { account_id, session_ids: left });
        self.settle().await;
        Ok(true)
    }

    /// Deletes the account after ending every one of its sessions.
    pub async fn delete_account(&self, account_id: Uuid) -> Result<(), AppError> {
        let ids = self.store.delete_account(account_id, crate::clock::now()).await?;
        self.announce(account_id, ids);
        self.cache.evict_account(account_id);
        self.settle().await;
        Ok(())
    }

    /// Removes one of the account's passkeys, asked by `by`, signing out (and pushing) every device
    /// that signed in with it, in one transaction. `None` when the account has no such passkey.
    pub async fn remove_passkey(
        &self,
        by: &Actor,
        account_id: Uuid,
        passkey_id: Uuid,
    ) -> Result<Option<crate::store::RemovedPasskey>, AppError> {
        let removed = self.store.remove_passkey(by, account_id, passkey_id, crate::clock::now()).await?;
        if let Some(removed) = &removed
            && !removed.signed_out.is_empty()
        {
            self.announce(account_id, removed.signed_out.clone());
            self.settle().await;
        }
        Ok(removed)
    }
}
