//! [`GrantStore`] for both databases: every statement is plain SQL that SQLite and PostgreSQL read.

use async_trait::async_trait;
use sqlx::{Database, Executor, FromRow, IntoArguments, Pool};
use time::OffsetDateTime;
use uuid::Uuid;

use super::{ChosenLifetime, GrantDecision, GrantPoll, GrantStore, NewGrant, PendingGrant};
use crate::domain::session_lifetime::SessionLifetime;
use crate::store::StoreResult;
use crate::store::activity::{self, ActivityKind, Actor, NewActivity};
use crate::store::column::Column;

/// Device codes on a connection pool of either database.
pub struct SqlGrants<DB: Database> {
    pool: Pool<DB>,
}

impl<DB: Database> SqlGrants<DB> {
    pub fn new(pool: Pool<DB>) -> Self {
        Self { pool }
    }
}

/// A user code collision (about one in 2^34 per live code) is reported, not an error.
const INSERT_GRANT: &str = "INSERT INTO device_grants (id, device_code_hash, user_code, client_id, device_name, \
     device_kind, created_at, expires_at, interval_secs, next_poll_at, slowed, status, requested_ip, app_device_id) \
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, FALSE, 'pending', $11, $12) ON CONFLICT (user_code) DO NOTHING RETURNING id";
const PENDING_GRANT: &str = "SELECT id, user_code, client_id, device_name, device_kind, created_at, expires_at, \
     requested_ip \
     FROM device_grants WHERE user_code = $1 AND status = 'pending' AND expires_at > $2";
/// Reads the account's credential version and checks the deciding session in the same statement, so
/// a password change (which moves the version on and ends sessions together) is seen whole or not at all.
/// Records the deciding session and the account's session epoch: the code can be collected only while
/// both still stand (see `CLAIM_DEVICE_GRANT`). A profile chosen (`$5`) must be the account's, checked
/// here, in the statement that records it.
const ALLOW_GRANT: &str = "UPDATE device_grants SET status = 'allowed', account_id = $2, \
     credential_version = (SELECT credential_version FROM accounts WHERE id = $2), decided_at = $4, \
     approved_by = $3, approved_epoch = (SELECT session_epoch FROM accounts WHERE id = $2), chosen_profile_id = $5, \
     lifetime = $6, lifetime_ends_at = $7 \
     WHERE user_code = $1 AND status = 'pending' AND expires_at > $4 \
     AND EXISTS (SELECT 1 FROM sessions WHERE id = $3 AND account_id = $2 AND revoked_at IS NULL \
       AND epoch = (SELECT session_epoch FROM accounts WHERE id = $2)) \
     AND ($5 IS NULL OR EXISTS (SELECT 1 FROM profiles WHERE profiles.id = $5 AND profiles.account_id = $2)) \
     RETURNING id";
const DENY_GRANT: &str = "UPDATE device_grants SET status = 'denied', decided_at = $2 \
     WHERE user_code = $1 AND status = 'pending' AND expires_at > $2 RETURNING id";
/// Every right-hand side reads the row as it was, so `slowed` and the new interval judge the same poll.
const POLL_GRANT: &str = "UPDATE device_grants SET slowed = (next_poll_at > $2), \
     interval_secs = interval_secs + CASE WHEN next_poll_at > $2 THEN 5 ELSE 0 END, \
     next_poll_at = $2 + interval_secs + CASE WHEN next_poll_at > $2 THEN 5 ELSE 0 END \
     WHERE device_code_hash = $1 RETURNING id, user_code, client_id, device_name, device_kind, status, created_at, \
     expires_at, interval_secs, slowed, account_id, credential_version, chosen_profile_id, app_device_id";
const PEEK_GRANT: &str = "SELECT id, user_code, client_id, device_name, device_kind, status, created_at, expires_at, \
     interval_secs, slowed, account_id, credential_version, chosen_profile_id, app_device_id \
     FROM device_grants WHERE device_code_hash = $1";
const WITHDRAW_GRANT: &str = "UPDATE device_grants SET status = 'denied', decided_at = $2 \
     WHERE device_code_hash = $1 AND status = 'allowed' RETURNING id";

#[async_trait]
impl<DB> GrantStore for SqlGrants<DB>
where
    DB: Database,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    DB::Arguments: IntoArguments<DB>,
    Uuid: Column<DB>,
    Option<Uuid>: Column<DB>,
    i64: Column<DB>,
    Option<i64>: Column<DB>,
    String: Column<DB>,
    Option<String>: Column<DB>,
    Vec<u8>: Column<DB>,
    OffsetDateTime: Column<DB>,
    Option<OffsetDateTime>: Column<DB>,
    (Uuid,): for<'r> FromRow<'r, DB::Row>,
    PendingGrant: for<'r> FromRow<'r, DB::Row>,
    GrantPoll: for<'r> FromRow<'r, DB::Row>,
{
    async fn create_grant(&self, grant: &NewGrant) -> StoreResult<bool> {
        let created: Option<(Uuid,)> = sqlx::query_as(INSERT_GRANT)
            .bind(grant.id)
            .bind(grant.device_code_hash.clone())
            .bind(grant.user_code.clone())
            .bind(grant.client_id.clone())
            .bind(grant.device_name.clone())
            .bind(grant.device_kind.clone())
            .bind(grant.created_at)
            .bind(grant.expires_at)
            .bind(grant.interval_secs)
            .bind(grant.created_at.unix_timestamp())
            .bind(grant.requested_ip.clone())
            .bind(grant.app_device_id.clone())
            .fetch_optional(&self.pool)
            .await?;
        Ok(created.is_some())
    }

    async fn pending_grant(&self, user_code: &str, now: OffsetDateTime) -> StoreResult<Option<PendingGrant>> {
        Ok(sqlx::query_as(PENDING_GRANT).bind(user_code.to_string()).bind(now).fetch_optional(&self.pool).await?)
    }

    async fn decide_grant(
        &self,
        by: &Actor,
        user_code: &str,
        decision: GrantDecision,
        now: OffsetDateTime,
    ) -> StoreResult<bool> {
        let mut tx = self.pool.begin().await?;
        let (decided, kind): (Option<(Uuid,)>, _) = match decision {
            GrantDecision::Allow { account_id, session_id, profile_id, lifetime } => (
                sqlx::query_as(ALLOW_GRANT)
                    .bind(user_code.to_string())
                    .bind(account_id)
                    .bind(session_id)
                    .bind(now)
                    .bind(profile_id)
                    .bind(lifetime.lifetime.as_str().to_string())
                    .bind(lifetime.ends_at)
                    .fetch_optional(&mut *tx)
                    .await?,
                ActivityKind::TvCodeAllowed,
            ),
            GrantDecision::Deny { .. } => (
                sqlx::query_as(DENY_GRANT).bind(user_code.to_string()).bind(now).fetch_optional(&mut *tx).await?,
                ActivityKind::TvCodeDenied,
            ),
        };
        if decided.is_none() {
            return Ok(false);
        }
        activity::record::<DB>(&mut tx, NewActivity::of(kind, decision.account_id(), by, now)).await?;
        tx.commit().await?;
        Ok(true)
    }

    async fn poll_grant(&self, device_code_hash: &[u8], now: OffsetDateTime) -> StoreResult<Option<GrantPoll>> {
        Ok(sqlx::query_as(POLL_GRANT)
            .bind(device_code_hash.to_vec())
            .bind(now.unix_timestamp())
            .fetch_optional(&self.pool)
            .await?)
    }

    async fn peek_grant(&self, device_code_hash: &[u8]) -> StoreResult<Option<GrantPoll>> {
        let found: Option<GrantPoll> =
            sqlx::query_as(PEEK_GRANT).bind(device_code_hash.to_vec()).fetch_optional(&self.pool).await?;
        // Only a poll can come too soon; looking is not one.
        Ok(found.map(|poll| GrantPoll { slowed: false, ..poll }))
    }

    async fn withdraw_grant(&self, device_code_hash: &[u8], now: OffsetDateTime) -> StoreResult<bool> {
        let withdrawn: Option<(Uuid,)> =
            sqlx::query_as(WITHDRAW_GRANT).bind(device_code_hash.to_vec()).bind(now).fetch_optional(&self.pool).await?;
        Ok(withdrawn.is_some())
    }
}

/// Spends an allowed device code on the session being created for it (in that transaction, after the
/// account row is locked): only one session can ever come of a code, and only while the session that
/// allowed it is still live in the epoch it allowed it in. Signing out of every device (or only the one
/// that allowed the code) in between leaves nothing to collect, and so does a chain of codes each allowed
/// by the device the one before signed in.
const CLAIM_DEVICE_GRANT: &str = "UPDATE device_grants SET status = 'used' \
     WHERE device_code_hash = $1 AND account_id = $2 AND status = 'allowed' AND expires_at > $3 \
     AND EXISTS (SELECT 1 FROM sessions s WHERE s.id = device_grants.approved_by AND s.account_id = $2 \
       AND s.revoked_at IS NULL AND s.expires_at > $3 AND s.epoch = device_grants.approved_epoch \
       AND s.epoch = (SELECT session_epoch FROM accounts WHERE accounts.id = $2)) \
     RETURNING lifetime, lifetime_ends_at";

/// Spends an allowed device code for the session being created in this transaction, after the
/// account's lock, and tells how long the person who allowed it let the device stay; `None` when
/// the code is not allowed for this account (any more), so nothing is created.
pub async fn claim_for_session<DB>(
    connection: &mut DB::Connection,
    device_code_hash: &[u8],
    account_id: Uuid,
    now: OffsetDateTime,
) -> StoreResult<Option<ChosenLifetime>>
where
    DB: Database,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    DB::Arguments: IntoArguments<DB>,
    Uuid: Column<DB>,
    Vec<u8>: Column<DB>,
    OffsetDateTime: Column<DB>,
    (String, Option<OffsetDateTime>): for<'r> FromRow<'r, DB::Row>,
{
    let claimed: Option<(String, Option<OffsetDateTime>)> = sqlx::query_as(CLAIM_DEVICE_GRANT)
        .bind(device_code_hash.to_vec())
        .bind(account_id)
        .bind(now)
        .fetch_optional(connection)
        .await?;
    // A lifetime this version does not know leaves the device signed in as it always was.
    Ok(claimed.map(|(lifetime, ends_at)| ChosenLifetime {
        lifetime: SessionLifetime::parse(&lifetime).unwrap_or_default(),
        ends_at,
    }))
}
