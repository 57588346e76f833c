//! [`AccountStore`]: accounts, their credentials and their deletion, written once for both databases.

use std::sync::LazyLock;

use async_trait::async_trait;
use sqlx::{Executor, IntoArguments};
use time::OffsetDateTime;
use uuid::Uuid;

use super::activity::{self, ActivityKind, Actor, NewActivity};
use super::column::Column;
use super::records::{Account, AccountCredentials, NewAccount, SessionEventKind};
use super::sessions::LIVE;
use super::sql_store::{SqlBackend, SqlStore};
use super::{
    AccountChange, AlertMail, SignOut, StoreError, StoreResult, account_changes, account_lock, epochs, events,
    is_unique_violation, not_me_links,
};

#[async_trait]
pub trait AccountStore: Send + Sync + 'static {
    async fn create_account(&self, account: NewAccount) -> StoreResult<Account>;
    async fn account_count(&self) -> StoreResult<i64>;
    async fn account_by_id(&self, id: Uuid) -> StoreResult<Option<Account>>;
    async fn account_by_email(&self, email: &str) -> StoreResult<Option<Account>>;
    /// The account, its password hash and credential version, for sign-in only.
    async fn credentials_by_email(&self, email: &str) -> StoreResult<Option<AccountCredentials>>;
    /// The same by account id, for a signed-in person re-entering the password.
    async fn credentials_by_id(&self, account_id: Uuid) -> StoreResult<Option<AccountCredentials>>;
    /// Replaces the password hash, moves the credential version on, signs devices out as asked and
    /// records it in the account's activity as done by `by`, in one transaction. `None` when no such account exists; otherwise the ids of the sessions that ended.
    async fn set_password(
        &self,
        by: &Actor,
        account_id: Uuid,
        password_hash: &str,
        sign_out: SignOut,
        now: OffsetDateTime,
    ) -> StoreResult<Option<Vec<Uuid>>>;
    /// As [`AccountStore::set_password`], and queues `alert` to the owner (with its "Not you?" link)
    /// in the same transaction.
    async fn set_password_telling(
        &self,
        by: &Actor,
        account_id: Uuid,
        password_hash: &str,
        sign_out: SignOut,
        alert: AlertMail,
        now: OffsetDateTime,
    ) -> StoreResult<Option<Vec<Uuid>>>;
    /// Writes one change to the account (only the fields it names) and logs it for other instances'
    /// caches, in one transaction; false when there is no such account. A new email another account
    /// has fails with `Conflict`; it moves the credential version on, and is recorded in the account's
    /// activity as made by `by`.
    async fn change_account(&self, by: &Actor, account_id: Uuid, change: AccountChange<'_>) -> StoreResult<bool>;
    /// Revokes every session of the account, then deletes it with its profiles, in one transaction.
    /// Returns the ids of the sessions that ended.
    async fn delete_account(&self, account_id: Uuid, now: OffsetDateTime) -> StoreResult<Vec<Uuid>>;
}

const INSERT_ACCOUNT: &str = "INSERT INTO accounts (id, email, display_name, password_hash, created_at) \
     VALUES ($1, $2, $3, $4, $5)";
const ACCOUNT_COUNT: &str = "SELECT COUNT(*) FROM accounts";
const ACCOUNT_COLUMNS: &str = "id, email, display_name, created_at, phone, language, autoplay_next, autoplay_previews, \
     confirm_devices_with_password, time_zone, sign_in_alerts";
static ACCOUNT_BY_ID: LazyLock<String> =
    LazyLock::new(|| format!("SELECT {ACCOUNT_COLUMNS} FROM accounts WHERE id = $1"));
static ACCOUNT_BY_EMAIL: LazyLock<String> =
    LazyLock::new(|| format!("SELECT {ACCOUNT_COLUMNS} FROM accounts WHERE email = $1"));
static CREDENTIALS_BY_EMAIL: LazyLock<String> = LazyLock::new(|| {
    format!("SELECT {ACCOUNT_COLUMNS}, password_hash, credential_version FROM accounts WHERE email = $1")
});
static CREDENTIALS_BY_ID: LazyLock<String> = LazyLock::new(|| {
    format!("SELECT {ACCOUNT_COLUMNS}, password_hash, credential_version FROM accounts WHERE id = $1")
});
/// A new password moves the credential version on, so sign-ins that verified the old one cannot land.
const SET_PASSWORD_HASH: &str =
    "UPDATE accounts SET password_hash = $2, credential_version = credential_version + 1 WHERE id = $1";
/// Revokes every live session row by row: only for deleting an account, whose rows then go, so
/// its event log entries must name the sessions themselves.
static REVOKE_ALL_SESSIONS: LazyLock<String> =
    LazyLock::new(|| format!("UPDATE sessions SET revoked_at = $2 WHERE account_id = $1 AND {LIVE} RETURNING id"));
const DELETE_ACCOUNT: &str = "DELETE FROM accounts WHERE id = $1";

#[async_trait]
impl<DB> AccountStore for SqlStore<DB>
where
    DB: SqlBackend,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    DB::Arguments: IntoArguments<DB>,
    Uuid: Column<DB>,
    Option<Uuid>: Column<DB>,
    String: Column<DB>,
    Option<String>: Column<DB>,
    Vec<u8>: Column<DB>,
    bool: Column<DB>,
    i64: Column<DB>,
    OffsetDateTime: Column<DB>,
    (i64,): for<'r> sqlx::FromRow<'r, DB::Row>,
    (Uuid,): for<'r> sqlx::FromRow<'r, DB::Row>,
    Account: for<'r> sqlx::FromRow<'r, DB::Row>,
    AccountCredentials: for<'r> sqlx::FromRow<'r, DB::Row>,
{
    async fn create_account(&self, new: NewAccount) -> StoreResult<Account> {
        let id = Uuid::now_v7();
        let inserted = sqlx::query(INSERT_ACCOUNT)
            .bind(id)
            .bind(new.email.clone())
            .bind(new.display_name.clone())
            .bind(new.password_hash.clone())
            .bind(new.created_at)
            .execute(&self.pool)
            .await;
        match inserted {
            Ok(_) => Ok(Account {
                id,
                email: new.email,
                display_name: new.display_name,
                created_at: new.created_at,
                phone: None,
                language: crate::domain::language::DEFAULT_LANGUAGE.to_string(),
                autoplay_next: true,
                autoplay_previews: true,
                confirm_devices_with_password: false,
                time_zone: None,
                sign_in_alerts: true,
            }),
            Err(error) if is_unique_violation(&error) => Err(StoreError::Conflict("email")),
            Err(error) => Err(error.into()),
        }
    }

    async fn account_count(&self) -> StoreResult<i64> {
        Ok(sqlx::query_scalar(ACCOUNT_COUNT).fetch_one(&self.pool).await?)
    }

    async fn account_by_id(&self, id: Uuid) -> StoreResult<Option<Account>> {
        Ok(sqlx::query_as(ACCOUNT_BY_ID.as_str()).bind(id).fetch_optional(&self.pool).await?)
    }

    async fn account_by_email(&self, email: &str) -> StoreResult<Option<Account>> {
        Ok(sqlx::query_as(ACCOUNT_BY_EMAIL.as_str()).bind(email.to_string()).fetch_optional(&self.pool).await?)
    }

    async fn credentials_by_email(&self, email: &str) -> StoreResult<Option<AccountCredentials>> {
        Ok(sqlx::query_as(CREDENTIALS_BY_EMAIL.as_str()).bind(email.to_string()).fetch_optional(&self.pool).await?)
    }

    async fn credentials_by_id(&self, account_id: Uuid) -> StoreResult<Option<AccountCredentials>> {
        Ok(sqlx::query_as(CREDENTIALS_BY_ID.as_str()).bind(account_id).fetch_optional(&self.pool).await?)
    }

    async fn set_password(
        &self,
        by: &Actor,
        account_id: Uuid,
        password_hash: &str,
        sign_out: SignOut,
        now: OffsetDateTime,
    ) -> StoreResult<Option<Vec<Uuid>>> {
        self.set_password_and_tell(by, account_id, password_hash, sign_out, None, now).await
    }

    async fn set_password_telling(
        &self,
        by: &Actor,
        account_id: Uuid,
        password_hash: &str,
        sign_out: SignOut,
        alert: AlertMail,
        now: OffsetDateTime,
    ) -> StoreResult<Option<Vec<Uuid>>> {
        self.set_password_and_tell(by, account_id, password_hash, sign_out, Some(&alert), now).await
    }

    async fn change_account(&self, by: &Actor, account_id: Uuid, change: AccountChange<'_>) -> StoreResult<bool> {
        let mut tx = self.pool.begin().await?;
        let changed = account_changes::apply::<DB>(&mut tx, account_id, change).await?;
        if changed && let AccountChange::Email(_) = change {
            let entry = NewActivity::of(ActivityKind::EmailChanged, account_id, by, crate::clock::now());
            activity::record::<DB>(&mut tx, entry).await?;
        }
        if changed {
            // Other instances hold the account in their session caches: they hear of it like a revocation.
            let (kind, nobody) = (SessionEventKind::AccountChanged, [Uuid::nil()]);
            events::log::<DB>(&mut tx, kind, account_id, &nobody, crate::clock::now()).await?;
        }
        tx.commit().await?;
        Ok(changed)
    }

    async fn delete_account(&self, account_id: Uuid, now: OffsetDateTime) -> StoreResult<Vec<Uuid>> {
        let mut tx = self.pool.begin().await?;
        // The account row first, as every transaction that locks it does, then the sessions.
        account_lock::lock_account::<DB>(&mut tx, account_id).await?;
        let revoked: Vec<Uuid> =
            sqlx::query_scalar(REVOKE_ALL_SESSIONS.as_str()).bind(account_id).bind(now).fetch_all(&mut *tx).await?;
        events::log::<DB>(&mut tx, SessionEventKind::Revoked, account_id, &revoked, now).await?;
        sqlx::query(DELETE_ACCOUNT).bind(account_id).execute(&mut *tx).await?;
        tx.commit().await?;
        Ok(revoked)
    }
}

impl<DB> SqlStore<DB>
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
{
    /// Sets the password, signs devices out as asked and queues `alert`, in one transaction.
    async fn set_password_and_tell(
        &self,
        by: &Actor,
        account_id: Uuid,
        password_hash: &str,
        sign_out: SignOut,
        alert: Option<&AlertMail>,
        now: OffsetDateTime,
    ) -> StoreResult<Option<Vec<Uuid>>> {
        let mut tx = self.pool.begin().await?;
        // Writes the account row first: a sign-in inserting its session waits, then sees the new version.
        let done =
            sqlx::query(SET_PASSWORD_HASH).bind(account_id).bind(password_hash.to_string()).execute(&mut *tx).await?;
        if DB::rows_affected(&done) != 1 {
            return Ok(None);
        }
        let revoked = match sign_out {
            SignOut::Nobody => Vec::new(),
            SignOut::AllBut(keep) => epochs::end_epoch_logged::<DB>(&mut tx, account_id, Some(keep), now).await?,
            SignOut::Everyone => epochs::end_epoch_logged::<DB>(&mut tx, account_id, None, now).await?,
        };
        if let Some(alert) = alert {
            not_me_links::queue_alert::<DB>(&mut tx, account_id, alert, now).await?;
        }
        activity::record::<DB>(&mut tx, NewActivity::of(ActivityKind::PasswordChanged, account_id, by, now)).await?;
        tx.commit().await?;
        Ok(Some(revoked))
    }
}
