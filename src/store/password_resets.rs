//! [`PasswordResetStore`]: "Forgot password?" links, written once for both databases. Asking for one
//! runs the same statements whether or not the email has an account; spending one is a single winner
//! and, in the same transaction, checks that the account's credential version and session epoch are
//! still those the link was made for, sets the password, signs out every device (one epoch move) and
//! queues "Your password was changed" with its "Not you?" link.

use async_trait::async_trait;
use sqlx::{Executor, IntoArguments};
use time::OffsetDateTime;
use uuid::Uuid;

use super::activity::{self, ActivityKind, Actor, NewActivity};
use super::column::Column;
use super::not_me_links::{self, AlertMail};
use super::outbox::{self, AccountMail};
use super::sql_store::{SqlBackend, SqlStore};
use super::{StoreResult, epochs};

/// A reset link asked for: stored (with its message queued) only if the email has an account.
#[derive(Debug, Clone)]
pub struct NewPasswordReset {
    /// SHA-256 of the secret in the link.
    pub token_hash: Vec<u8>,
    pub email: String,
    pub now: OffsetDateTime,
    pub expires_at: OffsetDateTime,
    /// The message with the link.
    pub mail: AccountMail,
}

/// Whose password a live link resets.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ResetFor {
    pub account_id: Uuid,
    pub email: String,
    pub display_name: String,
    pub language: String,
}

/// A password set with a link.
#[derive(Debug, Clone)]
pub struct PasswordReset {
    pub account_id: Uuid,
    /// The account's credential version now: a session may be started for it.
    pub credential_version: i64,
    /// The sessions that ended.
    pub signed_out: Vec<Uuid>,
}

#[async_trait]
pub trait PasswordResetStore: Send + Sync + 'static {
    /// Stores the link and queues its message, in one transaction, when the email has an account;
    /// with the same statements, writes nothing when it has none. True when a link was stored.
    async fn request_password_reset(&self, reset: NewPasswordReset) -> StoreResult<bool>;
    /// The account a link would reset now: unspent, unexpired, and made for the account's current
    /// credential version and session epoch.
    async fn password_reset_for(&self, token_hash: &[u8], now: OffsetDateTime) -> StoreResult<Option<ResetFor>>;
    /// Spends the link and, in the same transaction, sets the password, signs every device out and
    /// queues `mail` with its "Not you?" link, recorded in the account's activity as done by `by`;
    /// `None` (and nothing changed) when the link is spent, expired, unknown, or the
    /// account's password or sessions changed since it was made.
    async fn reset_password(
        &self,
        by: &Actor,
        token_hash: &[u8],
        password_hash: &str,
        mail: AlertMail,
        now: OffsetDateTime,
    ) -> StoreResult<Option<PasswordReset>>;
}

/// Reads the account in the statement that writes, so no account means no row, by the same work.
const STORE_RESET: &str = "INSERT INTO password_resets \
     (token_hash, account_id, credential_version, session_epoch, created_at, expires_at) \
     SELECT $1, id, credential_version, session_epoch, $2, $3 FROM accounts WHERE email = $4";

const RESET_FOR: &str = "SELECT a.id AS account_id, a.email, a.display_name, a.language \
     FROM password_resets r JOIN accounts a ON a.id = r.account_id \
     WHERE r.token_hash = $1 AND r.used_at IS NULL AND r.expires_at > $2 \
       AND a.credential_version = r.credential_version AND a.session_epoch = r.session_epoch";

/// Spends the link: one statement, so of two uses at once exactly one gets its row back.
const SPEND_RESET: &str = "UPDATE password_resets SET used_at = $2 \
     WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2 \
     RETURNING account_id, credential_version, session_epoch";

/// Sets the password only while the account is as the link found it; locks the account's row.
const SET_PASSWORD_IF_CURRENT: &str = "UPDATE accounts \
     SET password_hash = $2, credential_version = credential_version + 1 \
     WHERE id = $1 AND credential_version = $3 AND session_epoch = $4 RETURNING credential_version";

#[async_trait]
impl<DB> PasswordResetStore for SqlStore<DB>
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
    (Uuid, i64, i64): for<'r> sqlx::FromRow<'r, DB::Row>,
    ResetFor: for<'r> sqlx::FromRow<'r, DB::Row>,
{
    async fn request_password_reset(&self, reset: NewPasswordReset) -> StoreResult<bool> {
        let mut tx = self.pool.begin().await?;
        let stored = sqlx::query(STORE_RESET)
            .bind(reset.token_hash)
            .bind(reset.now)
            .bind(reset.expires_at)
            .bind(reset.email.clone())
            .execute(&mut *tx)
            .await?;
        let queued = outbox::queue_for_email::<DB>(&mut tx, &reset.email, &reset.mail, reset.now).await?;
        tx.commit().await?;
        Ok(DB::rows_affected(&stored) == 1 && queued)
    }

    async fn password_reset_for(&self, token_hash: &[u8], now: OffsetDateTime) -> StoreResult<Option<ResetFor>> {
        Ok(sqlx::query_as(RESET_FOR).bind(token_hash.to_vec()).bind(now).fetch_optional(&self.pool).await?)
    }

    async fn reset_password(
        &self,
        by: &Actor,
        token_hash: &[u8],
        password_hash: &str,
        mail: AlertMail,
        now: OffsetDateTime,
    ) -> StoreResult<Option<PasswordReset>> {
        let mut tx = self.pool.begin().await?;
        let spent: Option<(Uuid, i64, i64)> =
            sqlx::query_as(SPEND_RESET).bind(token_hash.to_vec()).bind(now).fetch_optional(&mut *tx).await?;
        let Some((account_id, version, epoch)) = spent else {
            return Ok(None);
        };
        // A sign-in inserting its session locks this row too: it waits, then finds the new version.
        let changed: Option<i64> = sqlx::query_scalar(SET_PASSWORD_IF_CURRENT)
            .bind(account_id)
            .bind(password_hash.to_string())
            .bind(version)
            .bind(epoch)
            .fetch_optional(&mut *tx)
            .await?;
        let Some(credential_version) = changed else {
            // The password changed or every device was signed out since: the link is dead (rolled back,
            // it stays unspent, and stays refused by this same check).
            return Ok(None);
        };
        let signed_out = epochs::end_epoch_logged::<DB>(&mut tx, account_id, None, now).await?;
        not_me_links::queue_alert::<DB>(&mut tx, account_id, &mail, now).await?;
        activity::record::<DB>(&mut tx, NewActivity::of(ActivityKind::PasswordReset, account_id, by, now)).await?;
        tx.commit().await?;
        Ok(Some(PasswordReset { account_id, credential_version, signed_out }))
    }
}
