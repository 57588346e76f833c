//! [`OutboxStore`]: mail waiting to be sent, written once for both databases. A message is queued in
//! the transaction of the action it reports; every instance's sender claims due messages with a lease
//! (one statement, so two instances never hold the same one), sends them, and marks them sent.

use async_trait::async_trait;
use sqlx::{Executor, IntoArguments};
use time::OffsetDateTime;
use uuid::Uuid;

use super::StoreResult;
use super::column::Column;
use super::sql_store::{SqlBackend, SqlStore};

/// A message to queue for an address.
#[derive(Debug, Clone)]
pub struct NewMail {
    /// What it says (the mail module's kinds).
    pub kind: String,
    pub recipient: String,
    /// A language tag: the message is written in it.
    pub language: String,
    /// What the message is built from, as JSON.
    pub params: String,
}

/// A message to queue for the owner of an account, in the account's language, by the account's email.
#[derive(Debug, Clone)]
pub struct AccountMail {
    pub kind: String,
    pub params: String,
}

/// A message claimed for sending.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct QueuedMail {
    pub id: Uuid,
    pub kind: String,
    pub recipient: String,
    pub language: String,
    pub params: String,
    /// Tries so far, this one counted.
    pub attempts: i64,
}

/// Where a message stands.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct MailState {
    pub attempts: i64,
    pub sent_at: Option<OffsetDateTime>,
    pub given_up_at: Option<OffsetDateTime>,
    pub last_error: Option<String>,
}

#[async_trait]
pub trait OutboxStore: Send + Sync + 'static {
    /// Queues a message, due at once; returns its id.
    async fn queue_mail(&self, mail: NewMail, now: OffsetDateTime) -> StoreResult<Uuid>;
    /// Claims up to `limit` due messages for `owner` until `lease_until`, counting a try for each: no
    /// other claim takes them before the lease ends.
    async fn claim_mail(
        &self,
        owner: Uuid,
        now: OffsetDateTime,
        lease_until: OffsetDateTime,
        limit: i64,
    ) -> StoreResult<Vec<QueuedMail>>;
    /// Marks a claimed message sent (and forgets what it said); false if `owner` no longer holds it.
    async fn mail_sent(&self, id: Uuid, owner: Uuid, now: OffsetDateTime) -> StoreResult<bool>;
    /// A claimed message was not sent: tried again from `retry_at`, or never again (`None`).
    async fn mail_failed(
        &self,
        id: Uuid,
        owner: Uuid,
        error: &str,
        retry_at: Option<OffsetDateTime>,
        now: OffsetDateTime,
    ) -> StoreResult<bool>;
    /// Where a message stands; `None` when there is no such message.
    async fn mail_state(&self, id: Uuid) -> StoreResult<Option<MailState>>;
    /// Messages neither sent nor given up.
    async fn unsent_mail_count(&self) -> StoreResult<i64>;
}

const QUEUE_MAIL: &str = "INSERT INTO outbox (id, kind, recipient, language, params, created_at, next_attempt_at) \
     VALUES ($1, $2, $3, $4, $5, $6, $6)";

/// The account's own address and language, read in the statement that queues; nothing is queued when
/// no account matches, so a caller that runs it either way does the same work either way.
const QUEUE_ACCOUNT_MAIL_BY_EMAIL: &str = "INSERT INTO outbox \
     (id, kind, recipient, language, params, created_at, next_attempt_at) \
     SELECT $1, $2, email, language, $3, $4, $4 FROM accounts WHERE email = $5";

const QUEUE_ACCOUNT_MAIL_BY_ID: &str = "INSERT INTO outbox \
     (id, kind, recipient, language, params, created_at, next_attempt_at) \
     SELECT $1, $2, email, language, $3, $4, $4 FROM accounts WHERE id = $5";

/// The conditions are repeated outside the subquery: under PostgreSQL's READ COMMITTED, a claim that
/// waited for another's row lock checks them again on the row as the other left it, and skips it.
const CLAIM_MAIL: &str = "UPDATE outbox SET lease_owner = $1, leased_until = $3, attempts = attempts + 1 \
     WHERE id IN (SELECT id FROM outbox WHERE sent_at IS NULL AND given_up_at IS NULL \
       AND next_attempt_at <= $2 AND (leased_until IS NULL OR leased_until <= $2) \
       ORDER BY next_attempt_at LIMIT $4) \
     AND sent_at IS NULL AND given_up_at IS NULL AND (leased_until IS NULL OR leased_until <= $2) \
     RETURNING id, kind, recipient, language, params, attempts";

const MAIL_SENT: &str = "UPDATE outbox SET sent_at = $3, params = '', leased_until = NULL, last_error = NULL \
     WHERE id = $1 AND lease_owner = $2 AND sent_at IS NULL";

const MAIL_RETRY: &str = "UPDATE outbox SET next_attempt_at = $3, leased_until = NULL, last_error = $4 \
     WHERE id = $1 AND lease_owner = $2 AND sent_at IS NULL";

const MAIL_GIVEN_UP: &str = "UPDATE outbox SET given_up_at = $3, params = '', leased_until = NULL, last_error = $4 \
     WHERE id = $1 AND lease_owner = $2 AND sent_at IS NULL";

const MAIL_STATE: &str = "SELECT attempts, sent_at, given_up_at, last_error FROM outbox WHERE id = $1";

const UNSENT_MAIL: &str = "SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL AND given_up_at IS NULL";

/// Queues a message to the account with this email in the caller's transaction; queues nothing (with
/// the same statement) when there is none. True when one was queued.
pub(super) async fn queue_for_email<DB>(
    connection: &mut DB::Connection,
    email: &str,
    mail: &AccountMail,
    now: OffsetDateTime,
) -> StoreResult<bool>
where
    DB: SqlBackend,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    DB::Arguments: IntoArguments<DB>,
    Uuid: Column<DB>,
    String: Column<DB>,
    OffsetDateTime: Column<DB>,
{
    let done = sqlx::query(QUEUE_ACCOUNT_MAIL_BY_EMAIL)
        .bind(Uuid::now_v7())
        .bind(mail.kind.clone())
        .bind(mail.params.clone())
        .bind(now)
        .bind(email.to_string())
        .execute(connection)
        .await?;
    Ok(DB::rows_affected(&done) == 1)
}

/// Queues a message to an address (not necessarily an account's yet) in the caller's transaction.
pub(super) async fn queue_to<DB>(
    connection: &mut DB::Connection,
    mail: &NewMail,
    now: OffsetDateTime,
) -> StoreResult<()>
where
    DB: SqlBackend,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    DB::Arguments: IntoArguments<DB>,
    Uuid: Column<DB>,
    String: Column<DB>,
    OffsetDateTime: Column<DB>,
{
    sqlx::query(QUEUE_MAIL)
        .bind(Uuid::now_v7())
        .bind(mail.kind.clone())
        .bind(mail.recipient.clone())
        .bind(mail.language.clone())
        .bind(mail.params.clone())
        .bind(now)
        .execute(connection)
        .await?;
    Ok(())
}

/// Queues a message to the account's owner in the caller's transaction.
pub(super) async fn queue_for_account<DB>(
    connection: &mut DB::Connection,
    account_id: Uuid,
    mail: &AccountMail,
    now: OffsetDateTime,
) -> StoreResult<bool>
where
    DB: SqlBackend,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    DB::Arguments: IntoArguments<DB>,
    Uuid: Column<DB>,
    String: Column<DB>,
    OffsetDateTime: Column<DB>,
{
    let done = sqlx::query(QUEUE_ACCOUNT_MAIL_BY_ID)
        .bind(Uuid::now_v7())
        .bind(mail.kind.clone())
        .bind(mail.params.clone())
        .bind(now)
        .bind(account_id)
        .execute(connection)
        .await?;
    Ok(DB::rows_affected(&done) == 1)
}

#[async_trait]
impl<DB> OutboxStore for SqlStore<DB>
where
    DB: SqlBackend,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    DB::Arguments: IntoArguments<DB>,
    Uuid: Column<DB>,
    String: Column<DB>,
    i64: Column<DB>,
    OffsetDateTime: Column<DB>,
    Option<OffsetDateTime>: Column<DB>,
    (i64,): for<'r> sqlx::FromRow<'r, DB::Row>,
    QueuedMail: for<'r> sqlx::FromRow<'r, DB::Row>,
    MailState: for<'r> sqlx::FromRow<'r, DB::Row>,
{
    async fn queue_mail(&self, mail: NewMail, now: OffsetDateTime) -> StoreResult<Uuid> {
        let id = Uuid::now_v7();
        sqlx::query(QUEUE_MAIL)
            .bind(id)
            .bind(mail.kind)
            .bind(mail.recipient)
            .bind(mail.language)
            .bind(mail.params)
            .bind(now)
            .execute(&self.pool)
            .await?;
        Ok(id)
    }

    async fn claim_mail(
        &self,
        owner: Uuid,
        now: OffsetDateTime,
        lease_until: OffsetDateTime,
        limit: i64,
    ) -> StoreResult<Vec<QueuedMail>> {
        Ok(sqlx::query_as(CLAIM_MAIL).bind(owner).bind(now).bind(lease_until).bind(limit).fetch_all(&self.pool).await?)
    }

    async fn mail_sent(&self, id: Uuid, owner: Uuid, now: OffsetDateTime) -> StoreResult<bool> {
        let done = sqlx::query(MAIL_SENT).bind(id).bind(owner).bind(now).execute(&self.pool).await?;
        Ok(DB::rows_affected(&done) == 1)
    }

    async fn mail_failed(
        &self,
        id: Uuid,
        owner: Uuid,
        error: &str,
        retry_at: Option<OffsetDateTime>,
        now: OffsetDateTime,
    ) -> StoreResult<bool> {
        let error: String = error.chars().take(500).collect();
        let done = match retry_at {
            Some(at) => sqlx::query(MAIL_RETRY).bind(id).bind(owner).bind(at).bind(error).execute(&self.pool).await?,
            None => sqlx::query(MAIL_GIVEN_UP).bind(id).bind(owner).bind(now).bind(error).execute(&self.pool).await?,
        };
        Ok(DB::rows_affected(&done) == 1)
    }

    async fn mail_state(&self, id: Uuid) -> StoreResult<Option<MailState>> {
        Ok(sqlx::query_as(MAIL_STATE).bind(id).fetch_optional(&self.pool).await?)
    }

    async fn unsent_mail_count(&self) -> StoreResult<i64> {
        Ok(sqlx::query_scalar(UNSENT_MAIL).fetch_one(&self.pool).await?)
    }
}
