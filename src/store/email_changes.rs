//! [`EmailChangeStore`]: a new sign-in email that takes effect only once a link sent to it is opened,
//! written once for both databases. Asking stores the link (for the account's credential version and
//! session epoch as they are), queues the link to the new address and tells the old one, in one
//! transaction; opening it is a single winner that changes the email in the same transaction, only
//! while the account's password and sessions are as they were when it was asked for.

use async_trait::async_trait;
use sqlx::{Executor, IntoArguments};
use time::OffsetDateTime;
use uuid::Uuid;

use super::activity::{self, ActivityKind, Actor, NewActivity};
use super::column::Column;
use super::not_me_links::{self, AlertMail, OneTimeLink};
use super::outbox::{self, NewMail};
use super::records::SessionEventKind;
use super::sql_store::{SqlBackend, SqlStore};
use super::{StoreError, StoreResult, account_lock, events, is_unique_violation};

/// A change of email asked for on the account page.
#[derive(Debug, Clone)]
pub struct NewEmailChange {
    pub account_id: Uuid,
    pub new_email: String,
    /// The link sent to the new address.
    pub link: OneTimeLink,
    /// The message with the link, to the new address.
    pub confirm: NewMail,
    /// The message to the account's address as it is, with its "Not you?" link.
    pub tell_old: AlertMail,
    pub now: OffsetDateTime,
}

/// An email change made with its link.
#[derive(Debug, Clone)]
pub struct EmailChanged {
    pub account_id: Uuid,
    pub old_email: String,
    pub new_email: String,
}

/// Why an email change link changed nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EmailChangeRefusal {
    /// Spent, expired or unknown.
    DeadLink,
    /// The password changed, or every device was signed out, since the change was asked for.
    AccountChanged,
    /// Another account has signed up with the new address meanwhile.
    Taken,
}

#[async_trait]
pub trait EmailChangeStore: Send + Sync + 'static {
    /// Stores the change and queues both messages in one transaction. `Conflict("email")` when
    /// another account has the new address; false when there is no such account.
    async fn request_email_change(&self, change: NewEmailChange) -> StoreResult<bool>;
    /// The new address a link would set now: unspent, unexpired, and made for the account's current
    /// credential version and session epoch.
    async fn email_change_for(&self, token_hash: &[u8], now: OffsetDateTime) -> StoreResult<Option<String>>;
    /// Spends the link and, in the same transaction, sets the new email (moving the credential version
    /// on, recording it in the account's activity as done by `by`), while the account's credential
    /// version and session epoch are those it was asked with.
    async fn confirm_email_change(
        &self,
        by: &Actor,
        token_hash: &[u8],
        now: OffsetDateTime,
    ) -> StoreResult<Result<EmailChanged, EmailChangeRefusal>>;
}

const CHANGE_FOR: &str = "SELECT c.new_email FROM email_changes c JOIN accounts a ON a.id = c.account_id \
     WHERE c.token_hash = $1 AND c.used_at IS NULL AND c.expires_at > $2 \
       AND a.credential_version = c.credential_version AND a.session_epoch = c.session_epoch";

const EMAIL_TAKEN: &str = "SELECT COUNT(*) FROM accounts WHERE email = $1";

const STORE_CHANGE: &str = "INSERT INTO email_changes \
     (token_hash, account_id, new_email, credential_version, session_epoch, created_at, expires_at) \
     SELECT $1, id, $2, credential_version, session_epoch, $3, $4 FROM accounts WHERE id = $5";

/// Spends the link: one statement, so of two uses at once exactly one gets its row back.
const SPEND_CHANGE: &str = "UPDATE email_changes SET used_at = $2 \
     WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2 \
     RETURNING account_id, new_email, credential_version, session_epoch";

const OLD_EMAIL: &str = "SELECT email FROM accounts WHERE id = $1";

/// Sets the email only while the account is as the change found it; locks the account's row.
const SET_EMAIL_IF_CURRENT: &str = "UPDATE accounts SET email = $2, credential_version = credential_version + 1 \
     WHERE id = $1 AND credential_version = $3 AND session_epoch = $4 RETURNING id";

#[async_trait]
impl<DB> EmailChangeStore for SqlStore<DB>
where
    DB: SqlBackend,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    DB::Arguments: IntoArguments<DB>,
    Uuid: Column<DB>,
    Option<Uuid>: Column<DB>,
    String: Column<DB>,
    Option<String>: Column<DB>,
    Vec<u8>: Column<DB>,
    i64: Column<DB>,
    OffsetDateTime: Column<DB>,
    (i64,): for<'r> sqlx::FromRow<'r, DB::Row>,
    (Uuid,): for<'r> sqlx::FromRow<'r, DB::Row>,
    (String,): for<'r> sqlx::FromRow<'r, DB::Row>,
    (Uuid, String, i64, i64): for<'r> sqlx::FromRow<'r, DB::Row>,
{
    async fn request_email_change(&self, change: NewEmailChange) -> StoreResult<bool> {
        let mut tx = self.pool.begin().await?;
        // The account first, as every transaction that locks it does (and SQLite's write lock with it).
        account_lock::lock_account::<DB>(&mut tx, change.account_id).await?;
        let taken: i64 = sqlx::query_scalar(EMAIL_TAKEN).bind(change.new_email.clone()).fetch_one(&mut *tx).await?;
        if taken > 0 {
            return Err(StoreError::Conflict("email"));
        }
        let stored = sqlx::query(STORE_CHANGE)
            .bind(change.link.token_hash.clone())
            .bind(change.new_email.clone())
            .bind(change.now)
            .bind(change.link.expires_at)
            .bind(change.account_id)
            .execute(&mut *tx)
            .await?;
        if DB::rows_affected(&stored) != 1 {
            return Ok(false);
        }
        outbox::queue_to::<DB>(&mut tx, &change.confirm, change.now).await?;
        not_me_links::queue_alert::<DB>(&mut tx, change.account_id, &change.tell_old, change.now).await?;
        tx.commit().await?;
        Ok(true)
    }

    async fn email_change_for(&self, token_hash: &[u8], now: OffsetDateTime) -> StoreResult<Option<String>> {
        Ok(sqlx::query_scalar(CHANGE_FOR).bind(token_hash.to_vec()).bind(now).fetch_optional(&self.pool).await?)
    }

    async fn confirm_email_change(
        &self,
        by: &Actor,
        token_hash: &[u8],
        now: OffsetDateTime,
    ) -> StoreResult<Result<EmailChanged, EmailChangeRefusal>> {
        let mut tx = self.pool.begin().await?;
        let spent: Option<(Uuid, String, i64, i64)> =
            sqlx::query_as(SPEND_CHANGE).bind(token_hash.to_vec()).bind(now).fetch_optional(&mut *tx).await?;
        let Some((account_id, new_email, version, epoch)) = spent else {
            return Ok(Err(EmailChangeRefusal::DeadLink));
        };
        let old_email: Option<String> = sqlx::query_scalar(OLD_EMAIL).bind(account_id).fetch_optional(&mut *tx).await?;
        let Some(old_email) = old_email else {
            return Ok(Err(EmailChangeRefusal::DeadLink));
        };
        let changed: Result<Option<Uuid>, sqlx::Error> = sqlx::query_scalar(SET_EMAIL_IF_CURRENT)
            .bind(account_id)
            .bind(new_email.clone())
            .bind(version)
            .bind(epoch)
            .fetch_optional(&mut *tx)
            .await;
        match changed {
            Ok(Some(_)) => {}
            // Rolled back: the link stays unspent, and stays refused by this same check.
            Ok(None) => return Ok(Err(EmailChangeRefusal::AccountChanged)),
            Err(error) if is_unique_violation(&error) => return Ok(Err(EmailChangeRefusal::Taken)),
            Err(error) => return Err(error.into()),
        }
        // Other instances hold the account in their session caches: they hear of it like a revocation.
        events::log::<DB>(&mut tx, SessionEventKind::AccountChanged, account_id, &[Uuid::nil()], now).await?;
        activity::record::<DB>(&mut tx, NewActivity::of(ActivityKind::EmailChanged, account_id, by, now)).await?;
        tx.commit().await?;
        Ok(Ok(EmailChanged { account_id, old_email, new_email }))
    }
}
