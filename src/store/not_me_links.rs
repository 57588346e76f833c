//! [`NotMeLinkStore`]: the "Not you?" links that security messages carry, written once for both
//! databases. A link is stored, and its message queued, in the transaction of the action the message
//! reports; using one is a single winner that, in the same transaction, signs every device out (one
//! epoch move) and makes a password reset link for the account as it is after that move.

use async_trait::async_trait;
use sqlx::{Executor, IntoArguments};
use time::OffsetDateTime;
use uuid::Uuid;

use super::activity::{self, ActivityKind, Actor, NewActivity};
use super::column::Column;
use super::outbox::{self, AccountMail};
use super::sql_store::{SqlBackend, SqlStore};
use super::{StoreResult, epochs};

/// A one-time link's secret (only its SHA-256) and when it stops working.
#[derive(Debug, Clone)]
pub struct OneTimeLink {
    pub token_hash: Vec<u8>,
    pub expires_at: OffsetDateTime,
}

/// A message to the account's owner about something done with the account, with its "Not you?" link.
#[derive(Debug, Clone)]
pub struct AlertMail {
    pub mail: AccountMail,
    pub not_me: OneTimeLink,
}

/// Whose account a live "Not you?" link is for.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct NotMeFor {
    pub account_id: Uuid,
    pub email: String,
}

/// What using a "Not you?" link did.
#[derive(Debug, Clone)]
pub struct NotMeUsed {
    pub account_id: Uuid,
    /// The sessions that ended.
    pub signed_out: Vec<Uuid>,
}

#[async_trait]
pub trait NotMeLinkStore: Send + Sync + 'static {
    /// The account a link is for while it works: unspent and unexpired.
    async fn not_me_link_for(&self, token_hash: &[u8], now: OffsetDateTime) -> StoreResult<Option<NotMeFor>>;
    /// Spends the link and, in the same transaction, signs every device of its account out and stores
    /// `reset` as a password reset link for the account as it is then, and records the sign-out in the
    /// account's activity as done by `by` (whoever holds the link); `None` (nothing changed) when the
    /// link is spent, expired or unknown.
    async fn use_not_me_link(
        &self,
        by: &Actor,
        token_hash: &[u8],
        reset: OneTimeLink,
        now: OffsetDateTime,
    ) -> StoreResult<Option<NotMeUsed>>;
}

const STORE_LINK: &str =
    "INSERT INTO not_me_links (token_hash, account_id, created_at, expires_at) VALUES ($1, $2, $3, $4)";

const LINK_FOR: &str = "SELECT a.id AS account_id, a.email \
     FROM not_me_links l JOIN accounts a ON a.id = l.account_id \
     WHERE l.token_hash = $1 AND l.used_at IS NULL AND l.expires_at > $2";

/// Spends the link: one statement, so of two uses at once exactly one gets its row back.
const SPEND_LINK: &str = "UPDATE not_me_links SET used_at = $2 \
     WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2 RETURNING account_id";

/// A reset link for the account's credential version and session epoch as they are now.
const STORE_RESET_FOR_NOW: &str = "INSERT INTO password_resets \
     (token_hash, account_id, credential_version, session_epoch, created_at, expires_at) \
     SELECT $1, id, credential_version, session_epoch, $2, $3 FROM accounts WHERE id = $4";

/// Stores the message's "Not you?" link and queues the message to the account's owner, in the
/// caller's transaction.
pub(super) async fn queue_alert<DB>(
    connection: &mut DB::Connection,
    account_id: Uuid,
    alert: &AlertMail,
    now: OffsetDateTime,
) -> StoreResult<()>
where
    DB: SqlBackend,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    DB::Arguments: IntoArguments<DB>,
    Uuid: Column<DB>,
    String: Column<DB>,
    Vec<u8>: Column<DB>,
    OffsetDateTime: Column<DB>,
{
    sqlx::query(STORE_LINK)
        .bind(alert.not_me.token_hash.clone())
        .bind(account_id)
        .bind(now)
        .bind(alert.not_me.expires_at)
        .execute(&mut *connection)
        .await?;
    outbox::queue_for_account::<DB>(connection, account_id, &alert.mail, now).await?;
    Ok(())
}

#[async_trait]
impl<DB> NotMeLinkStore for SqlStore<DB>
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
    NotMeFor: for<'r> sqlx::FromRow<'r, DB::Row>,
{
    async fn not_me_link_for(&self, token_hash: &[u8], now: OffsetDateTime) -> StoreResult<Option<NotMeFor>> {
        Ok(sqlx::query_as(LINK_FOR).bind(token_hash.to_vec()).bind(now).fetch_optional(&self.pool).await?)
    }

    async fn use_not_me_link(
        &self,
        by: &Actor,
        token_hash: &[u8],
        reset: OneTimeLink,
        now: OffsetDateTime,
    ) -> StoreResult<Option<NotMeUsed>> {
        let mut tx = self.pool.begin().await?;
        let spent: Option<Uuid> =
            sqlx::query_scalar(SPEND_LINK).bind(token_hash.to_vec()).bind(now).fetch_optional(&mut *tx).await?;
        let Some(account_id) = spent else {
            return Ok(None);
        };
        let signed_out = epochs::end_epoch_logged::<DB>(&mut tx, account_id, None, now).await?;
        sqlx::query(STORE_RESET_FOR_NOW)
            .bind(reset.token_hash)
            .bind(now)
            .bind(reset.expires_at)
            .bind(account_id)
            .execute(&mut *tx)
            .await?;
        let entry = NewActivity::of(ActivityKind::SignedOutEverywhere, account_id, by, now);
        activity::record::<DB>(&mut tx, entry).await?;
        tx.commit().await?;
        Ok(Some(NotMeUsed { account_id, signed_out }))
    }
}
