//! `Store` on PostgreSQL: for several Marquee instances serving the same users behind a load balancer.

use std::str::FromStr;
use std::time::Duration;

use async_trait::async_trait;
use sqlx::PgPool;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use time::OffsetDateTime;
use uuid::Uuid;

use crate::domain::media::Maturity;

use super::records::{
    Account, AccountCredentials, Cleanup, NewAccount, NewProfile, NewSession, Profile, ProfileChanges, SessionEvent,
    SessionEventKind, SessionRecord, StartedSession, ThrottleWindow,
};
use super::{
    AccountChange, RevocationNotice, SessionActivity, SignOut, Store, StoreError, StoreResult, account_changes, epochs,
    events, instances, is_unique_violation, pg_notify, sql, transcode_slots,
};

type Tx<'a> = sqlx::Transaction<'a, sqlx::Postgres>;

/// Held by every transaction that writes session events, from before it draws their sequence
/// numbers until it commits: so numbers are committed in order, and a poll that has seen number n
/// has seen every event numbered below it. Its holder only inserts and commits, so it never waits.
const EVENT_LOG_LOCK: i64 = 0x6d61_7271_7565_6531;

pub struct PgStore {
    pool: PgPool,
    catalog: std::sync::Arc<super::catalog::SqlCatalog<sqlx::Postgres>>,
    grants: std::sync::Arc<super::grants::SqlGrants<sqlx::Postgres>>,
}

impl PgStore {
    /// Connects to the server and runs this backend's migrations.
    pub async fn connect(url: &str) -> StoreResult<Self> {
        let options = PgConnectOptions::from_str(url)?;
        let pool = PgPoolOptions::new()
            .max_connections(16)
            .acquire_timeout(Duration::from_secs(10))
            .connect_with(options)
            .await?;
        sqlx::migrate!("migrations/postgres").run(&pool).await?;
        let catalog = std::sync::Arc::new(super::catalog::SqlCatalog::new(pool.clone()));
        let grants = std::sync::Arc::new(super::grants::SqlGrants::new(pool.clone()));
        Ok(Self { pool, catalog, grants })
    }
}

#[async_trait]
impl Store for PgStore {
    fn backend_name(&self) -> &'static str {
        "PostgreSQL"
    }

    async fn ping(&self) -> StoreResult<()> {
        sqlx::query("SELECT 1").execute(&self.pool).await?;
        Ok(())
    }

    async fn close(&self) {
        self.pool.close().await;
    }

    fn catalog(&self) -> std::sync::Arc<dyn super::catalog::Catalog> {
        self.catalog.clone()
    }

    fn grants(&self) -> std::sync::Arc<dyn super::grants::GrantStore> {
        self.grants.clone()
    }

    async fn create_account(&self, new: NewAccount) -> StoreResult<Account> {
        let id = Uuid::now_v7();
        let inserted = sqlx::query(sql::INSERT_ACCOUNT)
            .bind(id)
            .bind(&new.email)
            .bind(&new.display_name)
            .bind(&new.password_hash)
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
            }),
            Err(error) if is_unique_violation(&error) => Err(StoreError::Conflict("email")),
            Err(error) => Err(error.into()),
        }
    }

    async fn account_count(&self) -> StoreResult<i64> {
        Ok(sqlx::query_scalar(sql::ACCOUNT_COUNT).fetch_one(&self.pool).await?)
    }

    async fn account_by_id(&self, id: Uuid) -> StoreResult<Option<Account>> {
        Ok(sqlx::query_as(sql::ACCOUNT_BY_ID.as_str()).bind(id).fetch_optional(&self.pool).await?)
    }

    async fn account_by_email(&self, email: &str) -> StoreResult<Option<Account>> {
        Ok(sqlx::query_as(sql::ACCOUNT_BY_EMAIL.as_str()).bind(email).fetch_optional(&self.pool).await?)
    }

    async fn credentials_by_email(&self, email: &str) -> StoreResult<Option<AccountCredentials>> {
        Ok(sqlx::query_as(sql::CREDENTIALS_BY_EMAIL.as_str()).bind(email).fetch_optional(&self.pool).await?)
    }

    async fn credentials_by_id(&self, account_id: Uuid) -> StoreResult<Option<AccountCredentials>> {
        Ok(sqlx::query_as(sql::CREDENTIALS_BY_ID.as_str()).bind(account_id).fetch_optional(&self.pool).await?)
    }

    async fn set_password(
        &self,
        account_id: Uuid,
        password_hash: &str,
        sign_out: SignOut,
        now: OffsetDateTime,
    ) -> StoreResult<Option<Vec<Uuid>>> {
        let mut tx = self.pool.begin().await?;
        // Locks the account row: a sign-in inserting its session waits, then sees the new version.
        let done = sqlx::query(sql::SET_PASSWORD_HASH).bind(account_id).bind(password_hash).execute(&mut *tx).await?;
        if done.rows_affected() != 1 {
            return Ok(None);
        }
        let revoked = match sign_out {
            SignOut::Nobody => Vec::new(),
            SignOut::AllBut(keep) => end_epoch(&mut tx, account_id, Some(keep), now).await?,
            SignOut::Everyone => end_epoch(&mut tx, account_id, None, now).await?,
        };
        tx.commit().await?;
        Ok(Some(revoked))
    }

    async fn change_account(&self, account_id: Uuid, change: AccountChange<'_>) -> StoreResult<bool> {
        let mut tx = self.pool.begin().await?;
        let changed = account_changes::apply::<sqlx::Postgres>(&mut tx, account_id, change).await?;
        if changed {
            // Other instances hold the account in their session caches: they hear of it like a revocation.
            log(&mut tx, SessionEventKind::AccountChanged, account_id, &[Uuid::nil()], crate::clock::now()).await?;
        }
        tx.commit().await?;
        Ok(changed)
    }

    async fn create_profile(&self, new: NewProfile, limit: i64) -> StoreResult<Option<Profile>> {
        let id = Uuid::now_v7();
        let maturity = Maturity::default_for(new.is_kids).rank();
        let mut tx = self.pool.begin().await?;
        lock_account(&mut tx, new.account_id).await?;
        let done = sqlx::query(sql::INSERT_PROFILE)
            .bind(id)
            .bind(new.account_id)
            .bind(&new.name)
            .bind(&new.avatar)
            .bind(new.is_kids)
            .bind(new.created_at)
            .bind(limit)
            .bind(maturity)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok((done.rows_affected() == 1).then_some(Profile {
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
        Ok(sqlx::query_as(sql::PROFILES_OF_ACCOUNT.as_str()).bind(account_id).fetch_all(&self.pool).await?)
    }

    async fn profile(&self, account_id: Uuid, profile_id: Uuid) -> StoreResult<Option<Profile>> {
        Ok(sqlx::query_as(sql::PROFILE_OF_ACCOUNT.as_str())
            .bind(account_id)
            .bind(profile_id)
            .fetch_optional(&self.pool)
            .await?)
    }

    async fn update_profile(&self, account_id: Uuid, profile_id: Uuid, changes: &ProfileChanges) -> StoreResult<bool> {
        let done = sqlx::query(sql::UPDATE_PROFILE)
            .bind(account_id)
            .bind(profile_id)
            .bind(&changes.name)
            .bind(&changes.avatar)
            .bind(changes.is_kids)
            .execute(&self.pool)
            .await?;
        Ok(done.rows_affected() == 1)
    }

    async fn set_profile_pin(
        &self,
        account_id: Uuid,
        profile_id: Uuid,
        pin_hash: Option<&str>,
        now: OffsetDateTime,
    ) -> StoreResult<Option<Vec<Uuid>>> {
        let mut tx = self.pool.begin().await?;
        let done = sqlx::query(sql::SET_PROFILE_PIN)
            .bind(account_id)
            .bind(profile_id)
            .bind(pin_hash)
            .execute(&mut *tx)
            .await?;
        if done.rows_affected() != 1 {
            return Ok(None);
        }
        let mut left = Vec::new();
        if pin_hash.is_some() {
            left = sqlx::query_scalar(sql::LEAVE_PROFILE.as_str())
                .bind(account_id)
                .bind(profile_id)
                .fetch_all(&mut *tx)
                .await?;
            log(&mut tx, SessionEventKind::ProfileLeft, account_id, &left, now).await?;
        }
        tx.commit().await?;
        Ok(Some(left))
    }

    async fn delete_profile(&self, account_id: Uuid, profile_id: Uuid) -> StoreResult<bool> {
        let mut tx = self.pool.begin().await?;
        lock_account(&mut tx, account_id).await?;
        let done = sqlx::query(sql::DELETE_PROFILE).bind(account_id).bind(profile_id).execute(&mut *tx).await?;
        tx.commit().await?;
        Ok(done.rows_affected() == 1)
    }

    async fn choose_profile(&self, session_id: Uuid, account_id: Uuid, profile_id: Uuid) -> StoreResult<bool> {
        let mut tx = self.pool.begin().await?;
        let done = sqlx::query(sql::CHOOSE_PROFILE.as_str())
            .bind(session_id)
            .bind(account_id)
            .bind(profile_id)
            .execute(&mut *tx)
            .await?;
        let chosen = done.rows_affected() == 1;
        if chosen {
            // Other instances may hold the session with its old profile: they hear of it like a revocation.
            log(&mut tx, SessionEventKind::ProfileChosen, account_id, &[session_id], crate::clock::now()).await?;
        }
        tx.commit().await?;
        Ok(chosen)
    }

    async fn delete_account(&self, account_id: Uuid, now: OffsetDateTime) -> StoreResult<Vec<Uuid>> {
        let mut tx = self.pool.begin().await?;
        // The account row first, as every transaction that locks it does, then the sessions.
        lock_account(&mut tx, account_id).await?;
        let revoked: Vec<Uuid> = sqlx::query_scalar(sql::REVOKE_ALL_SESSIONS.as_str())
            .bind(account_id)
            .bind(now)
            .fetch_all(&mut *tx)
            .await?;
        log(&mut tx, SessionEventKind::Revoked, account_id, &revoked, now).await?;
        sqlx::query(sql::DELETE_ACCOUNT).bind(account_id).execute(&mut *tx).await?;
        tx.commit().await?;
        Ok(revoked)
    }

    async fn revoke_other_sessions(&self, account_id: Uuid, keep: Uuid, now: OffsetDateTime) -> StoreResult<Vec<Uuid>> {
        let mut tx = self.pool.begin().await?;
        let revoked = end_epoch(&mut tx, account_id, Some(keep), now).await?;
        tx.commit().await?;
        Ok(revoked)
    }

    async fn create_session(&self, new: NewSession) -> StoreResult<Option<StartedSession>> {
        let idle_expires_at = new.created_at + time::Duration::seconds(new.idle_timeout_secs);
        let mut tx = self.pool.begin().await?;
        // Under READ COMMITTED a plain read of the version could be overtaken by a password change
        // whose revocations then miss this session: lock the row, so one of the two waits for the other.
        lock_account(&mut tx, new.account_id).await?;
        if let Some(code) = &new.device_code_hash
            && !super::grants::claim_for_session::<sqlx::Postgres>(&mut tx, code, new.account_id, new.created_at)
                .await?
        {
            return Ok(None);
        }
        let inserted: Option<SessionRecord> = sqlx::query_as(sql::INSERT_SESSION.as_str())
            .bind(Uuid::now_v7())
            .bind(new.account_id)
            .bind(new.token_hash)
            .bind(new.device_name)
            .bind(new.device_kind.as_str())
            .bind(new.remember)
            .bind(new.created_at)
            .bind(new.ip)
            .bind(new.idle_timeout_secs)
            .bind(idle_expires_at)
            .bind(new.expires_at)
            .bind(new.credential_version)
            .bind(new.password_verified_at)
            .fetch_optional(&mut *tx)
            .await?;
        let Some(record) = inserted else {
            return Ok(None);
        };
        let live: Vec<Uuid> = sqlx::query_scalar(sql::LIVE_SESSIONS_BY_USE.as_str())
            .bind(new.account_id)
            .bind(new.created_at)
            .fetch_all(&mut *tx)
            .await?;
        let mut signed_out = Vec::new();
        for id in events::beyond_limit(&live, record.id, new.max_per_account) {
            let revoked: Option<Uuid> = sqlx::query_scalar(sql::REVOKE_SESSION.as_str())
                .bind(new.account_id)
                .bind(id)
                .bind(new.created_at)
                .fetch_optional(&mut *tx)
                .await?;
            signed_out.extend(revoked);
        }
        log(&mut tx, SessionEventKind::Revoked, new.account_id, &signed_out, new.created_at).await?;
        tx.commit().await?;
        Ok(Some(StartedSession { record, signed_out }))
    }

    async fn live_session_by_token_hash(&self, token_hash: &[u8]) -> StoreResult<Option<SessionRecord>> {
        Ok(sqlx::query_as(sql::LIVE_SESSION_BY_TOKEN_HASH.as_str()).bind(token_hash).fetch_optional(&self.pool).await?)
    }

    async fn active_sessions(&self, account_id: Uuid, now: OffsetDateTime) -> StoreResult<Vec<SessionRecord>> {
        Ok(sqlx::query_as(sql::ACTIVE_SESSIONS.as_str()).bind(account_id).bind(now).fetch_all(&self.pool).await?)
    }

    async fn record_session_activity(&self, activity: &[SessionActivity]) -> StoreResult<()> {
        let mut tx = self.pool.begin().await?;
        for seen in activity {
            sqlx::query(sql::RECORD_ACTIVITY)
                .bind(seen.session_id)
                .bind(seen.seen_at)
                .bind(seen.ip.as_deref())
                .bind(seen.idle_expires_at)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    async fn record_password_proof(&self, session_id: Uuid, at: OffsetDateTime) -> StoreResult<()> {
        sqlx::query(sql::RECORD_PASSWORD_PROOF).bind(session_id).bind(at).execute(&self.pool).await?;
        Ok(())
    }

    async fn revoke_session(
        &self,
        account_id: Uuid,
        session_id: Uuid,
        now: OffsetDateTime,
    ) -> StoreResult<Option<Uuid>> {
        let mut tx = self.pool.begin().await?;
        let revoked: Option<Uuid> = sqlx::query_scalar(sql::REVOKE_SESSION.as_str())
            .bind(account_id)
            .bind(session_id)
            .bind(now)
            .fetch_optional(&mut *tx)
            .await?;
        log(&mut tx, SessionEventKind::Revoked, account_id, revoked.as_slice(), now).await?;
        tx.commit().await?;
        Ok(revoked)
    }

    async fn revoke_all_sessions(&self, account_id: Uuid, now: OffsetDateTime) -> StoreResult<Vec<Uuid>> {
        let mut tx = self.pool.begin().await?;
        let revoked = end_epoch(&mut tx, account_id, None, now).await?;
        tx.commit().await?;
        Ok(revoked)
    }

    fn spawn_revocation_listener(
        &self,
        deliver: std::sync::Arc<dyn Fn(RevocationNotice) + Send + Sync>,
    ) -> Option<tokio::task::JoinHandle<()>> {
        Some(pg_notify::spawn_listener(self.pool.clone(), deliver))
    }

    async fn report_instance(&self, id: Uuid, applied_seq: i64, now: OffsetDateTime) -> StoreResult<()> {
        instances::report::<sqlx::Postgres, _>(&self.pool, id, applied_seq, now).await
    }

    async fn instances_behind(&self, seq: i64, alive_since: OffsetDateTime, except: Uuid) -> StoreResult<i64> {
        instances::behind::<sqlx::Postgres, _>(&self.pool, seq, alive_since, except).await
    }

    async fn forget_instance(&self, id: Uuid, now: OffsetDateTime) -> StoreResult<()> {
        instances::forget::<sqlx::Postgres, _>(&self.pool, id, now).await
    }

    async fn record_stream_stopped(&self, account_id: Uuid, session_id: Uuid, now: OffsetDateTime) -> StoreResult<()> {
        let mut tx = self.pool.begin().await?;
        log(&mut tx, SessionEventKind::StreamStopped, account_id, &[session_id], now).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn record_stream_closed(
        &self,
        account_id: Uuid,
        session_id: Uuid,
        media_id: Uuid,
        now: OffsetDateTime,
    ) -> StoreResult<()> {
        let kind = SessionEventKind::StreamClosed;
        let mut tx = self.pool.begin().await?;
        sqlx::query("SELECT pg_advisory_xact_lock($1)").bind(EVENT_LOG_LOCK).execute(&mut *tx).await?;
        let seq: i64 = sqlx::query_scalar(sql::LOG_STREAM_CLOSED)
            .bind(account_id)
            .bind(session_id)
            .bind(kind.as_str())
            .bind(now)
            .bind(media_id)
            .fetch_one(&mut *tx)
            .await?;
        pg_notify::notify(&mut tx, kind, account_id, &[session_id], seq, Some(media_id)).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn take_transcode_slot(
        &self,
        session_id: Uuid,
        instance_id: Uuid,
        limit: i64,
        now: OffsetDateTime,
        fresh_since: OffsetDateTime,
    ) -> StoreResult<bool> {
        let mut tx = self.pool.begin().await?;
        let taken =
            transcode_slots::take::<sqlx::Postgres>(&mut tx, (session_id, instance_id), now, fresh_since, limit)
                .await?;
        tx.commit().await?;
        Ok(taken)
    }

    async fn transcode_room(&self, session_id: Uuid, fresh_since: OffsetDateTime, limit: i64) -> StoreResult<bool> {
        transcode_slots::room::<sqlx::Postgres, _>(&self.pool, session_id, fresh_since, limit).await
    }

    async fn renew_transcode_slots(&self, instance_id: Uuid, now: OffsetDateTime) -> StoreResult<()> {
        transcode_slots::renew::<sqlx::Postgres, _>(&self.pool, instance_id, now).await
    }

    async fn release_transcode_slot(&self, session_id: Uuid, instance_id: Uuid) -> StoreResult<()> {
        transcode_slots::release::<sqlx::Postgres, _>(&self.pool, session_id, instance_id).await
    }

    async fn latest_session_event(&self) -> StoreResult<i64> {
        Ok(sqlx::query_scalar(sql::LATEST_SESSION_EVENT).fetch_one(&self.pool).await?)
    }

    async fn session_events_after(&self, seq: i64, limit: i64) -> StoreResult<Vec<SessionEvent>> {
        let rows = sqlx::query_as(sql::SESSION_EVENTS_AFTER).bind(seq).bind(limit).fetch_all(&self.pool).await?;
        Ok(events::from_rows(rows))
    }

    async fn remember_device(&self, token_hash: &[u8], account_id: Uuid, now: OffsetDateTime) -> StoreResult<()> {
        sqlx::query(sql::REMEMBER_DEVICE).bind(token_hash).bind(account_id).bind(now).execute(&self.pool).await?;
        Ok(())
    }

    async fn is_known_device(&self, token_hash: &[u8], account_id: Uuid) -> StoreResult<bool> {
        let count: i64 =
            sqlx::query_scalar(sql::IS_KNOWN_DEVICE).bind(token_hash).bind(account_id).fetch_one(&self.pool).await?;
        Ok(count > 0)
    }

    async fn clean_up(&self, cleanup: Cleanup) -> StoreResult<u64> {
        let mut deleted = 0;
        for (statement, before) in events::cleanup_steps(&cleanup) {
            deleted += sqlx::query(statement).bind(before).execute(&self.pool).await?.rows_affected();
        }
        Ok(deleted)
    }

    async fn record_sign_in_failure(
        &self,
        key: &str,
        now: OffsetDateTime,
        window_started_after: OffsetDateTime,
    ) -> StoreResult<ThrottleWindow> {
        Ok(sqlx::query_as(sql::RECORD_SIGN_IN_FAILURE)
            .bind(key)
            .bind(now)
            .bind(window_started_after)
            .fetch_one(&self.pool)
            .await?)
    }

    async fn sign_in_failures(&self, key: &str) -> StoreResult<Option<ThrottleWindow>> {
        Ok(sqlx::query_as(sql::SIGN_IN_FAILURES).bind(key).fetch_optional(&self.pool).await?)
    }

    async fn clear_sign_in_failures(&self, key: &str) -> StoreResult<()> {
        sqlx::query(sql::CLEAR_SIGN_IN_FAILURES).bind(key).execute(&self.pool).await?;
        Ok(())
    }

    async fn forget_sign_in_attempt(&self, key: &str) -> StoreResult<()> {
        sqlx::query(sql::FORGET_SIGN_IN_ATTEMPT).bind(key).execute(&self.pool).await?;
        Ok(())
    }
}

/// Holds the account's row until the transaction ends, so checks that count its profiles ("at most
/// five", "not the last one") see every concurrent change. Under READ COMMITTED two transactions could
/// otherwise both count four and both insert a fifth. (SQLite runs one writer at a time.)
async fn lock_account(tx: &mut sqlx::Transaction<'_, sqlx::Postgres>, account_id: Uuid) -> StoreResult<()> {
    sqlx::query(sql::LOCK_ACCOUNT).bind(account_id).execute(&mut **tx).await?;
    Ok(())
}

/// Records events for these sessions in the polled log and queues their notices, under the log's lock.
async fn log(
    tx: &mut Tx<'_>,
    kind: SessionEventKind,
    account_id: Uuid,
    ids: &[Uuid],
    now: OffsetDateTime,
) -> StoreResult<()> {
    if ids.is_empty() {
        return Ok(());
    }
    sqlx::query("SELECT pg_advisory_xact_lock($1)").bind(EVENT_LOG_LOCK).execute(&mut **tx).await?;
    let seq = events::insert_events::<sqlx::Postgres>(tx, kind, account_id, ids, now).await?;
    pg_notify::notify(tx, kind, account_id, ids, seq, None).await
}

/// Signs out every session of the account but `keep` by moving its epoch on (see [`epochs`]): one
/// event in the log and the ended sessions' notices, under the log's lock. Returns the sessions that ended.
async fn end_epoch(
    tx: &mut Tx<'_>,
    account_id: Uuid,
    keep: Option<Uuid>,
    now: OffsetDateTime,
) -> StoreResult<Vec<Uuid>> {
    let Some(ended) = epochs::end_epoch::<sqlx::Postgres>(tx, account_id, keep, now).await? else {
        return Ok(Vec::new());
    };
    if ended.session_ids.is_empty() {
        return Ok(Vec::new());
    }
    sqlx::query("SELECT pg_advisory_xact_lock($1)").bind(EVENT_LOG_LOCK).execute(&mut **tx).await?;
    let seq = epochs::log_ended_epoch::<sqlx::Postgres>(tx, account_id, ended.epoch, now).await?;
    pg_notify::notify(tx, SessionEventKind::Revoked, account_id, &ended.session_ids, seq, None).await?;
    Ok(ended.session_ids)
}
