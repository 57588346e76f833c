//! [`ProfileStore`]: the people in an account ("Who's watching?"), their locks, and which one each
//! device watches as, written once for both databases.

use std::sync::LazyLock;

use async_trait::async_trait;
use sqlx::{Executor, IntoArguments};
use time::OffsetDateTime;
use uuid::Uuid;

use super::activity::{self, ActivityKind, Actor, NewActivity};
use super::column::Column;
use super::records::{NewProfile, Profile, ProfileChanges, SessionEventKind};
use super::sessions::LIVE;
use super::sql_store::{SqlBackend, SqlStore};
use super::{StoreResult, account_lock, events};
use crate::domain::media::Maturity;

#[async_trait]
pub trait ProfileStore: Send + Sync + 'static {
    /// Adds a profile unless the account already has `limit`; `None` when it has.
    async fn create_profile(&self, profile: NewProfile, limit: i64) -> StoreResult<Option<Profile>>;
    /// The account's profiles, oldest first.
    async fn profiles(&self, account_id: Uuid) -> StoreResult<Vec<Profile>>;
    /// One profile, only if it belongs to the account.
    async fn profile(&self, account_id: Uuid, profile_id: Uuid) -> StoreResult<Option<Profile>>;
    async fn update_profile(&self, account_id: Uuid, profile_id: Uuid, changes: &ProfileChanges) -> StoreResult<bool>;
    /// Sets (`Some` hash) or removes (`None`) the profile's lock PIN. Setting one sends every device
    /// in the profile back to "Who's watching?" in the same transaction. `None` when there is no such
    /// profile; otherwise the sessions that left it. Recorded in the account's activity as done by `by`.
    async fn set_profile_pin(
        &self,
        by: &Actor,
        account_id: Uuid,
        profile_id: Uuid,
        pin_hash: Option<&str>,
        now: OffsetDateTime,
    ) -> StoreResult<Option<Vec<Uuid>>>;
    /// Deletes the profile unless it is the account's last one; false when nothing was deleted.
    async fn delete_profile(&self, account_id: Uuid, profile_id: Uuid) -> StoreResult<bool>;
    /// Remembers which profile this device (session) is watching as, and logs the change for other
    /// instances' session caches.
    async fn choose_profile(&self, session_id: Uuid, account_id: Uuid, profile_id: Uuid) -> StoreResult<bool>;
}

const PROFILE_COLUMNS: &str = "id, account_id, name, avatar, is_kids, maturity, pin_hash, created_at";

/// `$8` is the new profile's maturity rank.
/// Inserts only while the account has fewer than `$7` profiles: one statement, so the limit holds
/// without a separate count.
const INSERT_PROFILE: &str = "INSERT INTO profiles (id, account_id, name, avatar, is_kids, maturity, pin_hash, created_at) \
     SELECT $1, $2, $3, $4, $5, $8, NULL, $6 WHERE (SELECT COUNT(*) FROM profiles WHERE account_id = $2) < $7";

static PROFILES_OF_ACCOUNT: LazyLock<String> =
    LazyLock::new(|| format!("SELECT {PROFILE_COLUMNS} FROM profiles WHERE account_id = $1 ORDER BY created_at, id"));

static PROFILE_OF_ACCOUNT: LazyLock<String> =
    LazyLock::new(|| format!("SELECT {PROFILE_COLUMNS} FROM profiles WHERE account_id = $1 AND id = $2"));

/// A profile that becomes a kids one sees at most Older Kids titles (rank 1) from then on.
const UPDATE_PROFILE: &str = "UPDATE profiles SET name = $3, avatar = $4, is_kids = $5, \
     maturity = CASE WHEN $5 AND maturity > 1 THEN 1 ELSE maturity END WHERE account_id = $1 AND id = $2";

const SET_PROFILE_PIN: &str = "UPDATE profiles SET pin_hash = $3 WHERE account_id = $1 AND id = $2 RETURNING name";

/// Never deletes the account's last profile.
const DELETE_PROFILE: &str = "DELETE FROM profiles WHERE account_id = $1 AND id = $2 \
     AND (SELECT COUNT(*) FROM profiles WHERE account_id = $1) > 1";

/// Only a profile of the session's own account can be chosen.
static CHOOSE_PROFILE: LazyLock<String> = LazyLock::new(|| {
    format!(
        "UPDATE sessions SET profile_id = $3 WHERE id = $1 AND account_id = $2 \
         AND {LIVE} AND EXISTS (SELECT 1 FROM profiles WHERE id = $3 AND account_id = $2)"
    )
});

/// Devices in this profile go back to "Who's watching?".
static LEAVE_PROFILE: LazyLock<String> = LazyLock::new(|| {
    format!("UPDATE sessions SET profile_id = NULL WHERE account_id = $1 AND profile_id = $2 AND {LIVE} RETURNING id")
});

#[async_trait]
impl<DB> ProfileStore for SqlStore<DB>
where
    DB: SqlBackend,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    DB::Arguments: IntoArguments<DB>,
    Uuid: Column<DB>,
    Option<Uuid>: Column<DB>,
    String: Column<DB>,
    Option<String>: Column<DB>,
    bool: Column<DB>,
    i64: Column<DB>,
    OffsetDateTime: Column<DB>,
    (i64,): for<'r> sqlx::FromRow<'r, DB::Row>,
    (Uuid,): for<'r> sqlx::FromRow<'r, DB::Row>,
    (String,): for<'r> sqlx::FromRow<'r, DB::Row>,
    Profile: for<'r> sqlx::FromRow<'r, DB::Row>,
{
    async fn create_profile(&self, new: NewProfile, limit: i64) -> StoreResult<Option<Profile>> {
        let id = Uuid::now_v7();
        let maturity = Maturity::default_for(new.is_kids).rank();
        let mut tx = self.pool.begin().await?;
        account_lock::lock_account::<DB>(&mut tx, new.account_id).await?;
        let done = sqlx::query(INSERT_PROFILE)
            .bind(id)
            .bind(new.account_id)
            .bind(new.name.clone())
            .bind(new.avatar.clone())
            .bind(new.is_kids)
            .bind(new.created_at)
            .bind(limit)
            .bind(maturity)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok((DB::rows_affected(&done) == 1).then_some(Profile {
            id,
            account_id: new.account_id,
            name: new.name,
            avatar: new.avatar,
            is_kids: new.is_kids,
            maturity,
            pin_hash: None,
            created_at: new.created_at,
        }))
    }

    async fn profiles(&self, account_id: Uuid) -> StoreResult<Vec<Profile>> {
        Ok(sqlx::query_as(PROFILES_OF_ACCOUNT.as_str()).bind(account_id).fetch_all(&self.pool).await?)
    }

    async fn profile(&self, account_id: Uuid, profile_id: Uuid) -> StoreResult<Option<Profile>> {
        Ok(sqlx::query_as(PROFILE_OF_ACCOUNT.as_str())
            .bind(account_id)
            .bind(profile_id)
            .fetch_optional(&self.pool)
            .await?)
    }

    async fn update_profile(&self, account_id: Uuid, profile_id: Uuid, changes: &ProfileChanges) -> StoreResult<bool> {
        let done = sqlx::query(UPDATE_PROFILE)
            .bind(account_id)
            .bind(profile_id)
            .bind(changes.name.clone())
            .bind(changes.avatar.clone())
            .bind(changes.is_kids)
            .execute(&self.pool)
            .await?;
        Ok(DB::rows_affected(&done) == 1)
    }

    async fn set_profile_pin(
        &self,
        by: &Actor,
        account_id: Uuid,
        profile_id: Uuid,
        pin_hash: Option<&str>,
        now: OffsetDateTime,
    ) -> StoreResult<Option<Vec<Uuid>>> {
        let mut tx = self.pool.begin().await?;
        let name: Option<String> = sqlx::query_scalar(SET_PROFILE_PIN)
            .bind(account_id)
            .bind(profile_id)
            .bind(pin_hash.map(str::to_string))
            .fetch_optional(&mut *tx)
            .await?;
        let Some(name) = name else {
            return Ok(None);
        };
        let entry = NewActivity::of(ActivityKind::PinChanged, account_id, by, now).naming(None, Some(name));
        activity::record::<DB>(&mut tx, entry).await?;
        let mut left = Vec::new();
        if pin_hash.is_some() {
            left = sqlx::query_scalar(LEAVE_PROFILE.as_str())
                .bind(account_id)
                .bind(profile_id)
                .fetch_all(&mut *tx)
                .await?;
            events::log::<DB>(&mut tx, SessionEventKind::ProfileLeft, account_id, &left, now).await?;
        }
        tx.commit().await?;
        Ok(Some(left))
    }

    async fn delete_profile(&self, account_id: Uuid, profile_id: Uuid) -> StoreResult<bool> {
        let mut tx = self.pool.begin().await?;
        account_lock::lock_account::<DB>(&mut tx, account_id).await?;
        let done = sqlx::query(DELETE_PROFILE).bind(account_id).bind(profile_id).execute(&mut *tx).await?;
        tx.commit().await?;
        Ok(DB::rows_affected(&done) == 1)
    }

    async fn choose_profile(&self, session_id: Uuid, account_id: Uuid, profile_id: Uuid) -> StoreResult<bool> {
        let mut tx = self.pool.begin().await?;
        let done = sqlx::query(CHOOSE_PROFILE.as_str())
            .bind(session_id)
            .bind(account_id)
            .bind(profile_id)
            .execute(&mut *tx)
            .await?;
        let chosen = DB::rows_affected(&done) == 1;
        if chosen {
            // Other instances may hold the session with its old profile: they hear of it like a revocation.
            let now = crate::clock::now();
            events::log::<DB>(&mut tx, SessionEventKind::ProfileChosen, account_id, &[session_id], now).await?;
        }
        tx.commit().await?;
        Ok(chosen)
    }
}
