//! [`ViewingStore`] for both databases: progress, My List and the leases of devices playing now.

use std::sync::LazyLock;

use async_trait::async_trait;
use sqlx::{Database, Executor, FromRow, IntoArguments};
use time::OffsetDateTime;
use uuid::Uuid;

use super::backend::{Column, SUMMARY_COLUMNS, SqlCatalog};
use super::{LeaseOutcome, LeaseRequest, ProgressRecord, ResumePoint, StreamLease, TitleSummary, ViewingStore};
use crate::store::StoreResult;
use crate::store::activity::{self, ActivityKind, Actor, NewActivity};

const SAVE_PROGRESS: &str = "INSERT INTO progress (profile_id, media_id, title_id, position_seconds, watched, updated_at) \
     SELECT $1, m.id, m.title_id, $3, $4, $5 FROM media m WHERE m.id = $2 \
     ON CONFLICT (profile_id, media_id) DO UPDATE SET position_seconds = excluded.position_seconds, \
     watched = excluded.watched, updated_at = excluded.updated_at RETURNING media_id";
const TITLE_PROGRESS: &str = "SELECT media_id, title_id, position_seconds, watched, updated_at FROM progress \
     WHERE profile_id = $1 AND title_id = $2";
const PROFILE_PROGRESS: &str = "SELECT media_id, title_id, position_seconds, watched, updated_at FROM progress \
     WHERE profile_id = $1";
static CONTINUE_WATCHING: LazyLock<String> = LazyLock::new(|| {
    format!(
        "SELECT {SUMMARY_COLUMNS}, p.media_id AS resume_media_id, p.position_seconds, p.watched AS watched, \
         m.duration_seconds AS duration_seconds, m.season AS season, m.episode AS episode, p.updated_at AS updated_at \
         FROM progress p JOIN titles t ON t.id = p.title_id JOIN media m ON m.id = p.media_id \
         WHERE p.profile_id = $1 AND t.maturity <= $2 \
         AND ((p.watched = FALSE AND p.position_seconds > 0) OR (p.watched = TRUE AND t.kind = 'show')) \
         ORDER BY p.updated_at DESC LIMIT $3"
    )
});
static MY_LIST: LazyLock<String> = LazyLock::new(|| {
    format!(
        "SELECT {SUMMARY_COLUMNS} FROM my_list l JOIN titles t ON t.id = l.title_id \
         WHERE l.profile_id = $1 AND t.maturity <= $2 ORDER BY l.added_at DESC, t.id LIMIT $3"
    )
});
const IN_MY_LIST: &str = "SELECT title_id FROM my_list WHERE profile_id = $1 AND title_id = $2";
const ADD_TO_MY_LIST: &str = "INSERT INTO my_list (profile_id, title_id, added_at) \
     SELECT $1, t.id, $3 FROM titles t WHERE t.id = $2 ON CONFLICT DO NOTHING";
const TITLE_EXISTS: &str = "SELECT id FROM titles WHERE id = $1";
const REMOVE_FROM_MY_LIST: &str = "DELETE FROM my_list WHERE profile_id = $1 AND title_id = $2";

/// Takes the account's row lock (PostgreSQL) or the database's write lock (SQLite) first, so that two
/// devices starting at once are counted one after the other.
const LOCK_ACCOUNT: &str = "UPDATE accounts SET credential_version = credential_version WHERE id = $1";
const DROP_LAPSED: &str = "DELETE FROM stream_leases WHERE account_id = $1 AND expires_at <= $2";
const LEASES: &str = "SELECT l.session_id, l.account_id, l.profile_id, l.media_id, l.started_at, l.expires_at, \
     s.device_name, pr.name AS profile_name, t.name AS title_name \
     FROM stream_leases l JOIN sessions s ON s.id = l.session_id JOIN media m ON m.id = l.media_id \
     JOIN titles t ON t.id = m.title_id LEFT JOIN profiles pr ON pr.id = l.profile_id \
     WHERE l.account_id = $1 AND l.expires_at > $2 AND s.revoked_at IS NULL \
     AND s.epoch = (SELECT session_epoch FROM accounts WHERE accounts.id = s.account_id) \
     ORDER BY l.started_at, l.session_id";
/// A device keeps its start time while it renews the same file.
const UPSERT_LEASE: &str = "INSERT INTO stream_leases (session_id, account_id, profile_id, media_id, started_at, expires_at) \
     VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (session_id) DO UPDATE SET profile_id = excluded.profile_id, \
     media_id = excluded.media_id, expires_at = excluded.expires_at, started_at = CASE \
     WHEN stream_leases.media_id = excluded.media_id THEN stream_leases.started_at ELSE excluded.started_at END";
const SET_MATURITY: &str = "UPDATE profiles SET maturity = $3 WHERE account_id = $1 AND id = $2 RETURNING name";
/// `$1` the file, `$2` the profile: the title's name and the profile's, for the account's activity.
const STARTED_WATCHING: &str = "SELECT t.name, pr.name FROM media m JOIN titles t ON t.id = m.title_id \
     LEFT JOIN profiles pr ON pr.id = $2 WHERE m.id = $1";
const END_LEASE: &str = "DELETE FROM stream_leases WHERE account_id = $1 AND session_id = $2 RETURNING session_id";

#[async_trait]
impl<DB> ViewingStore for SqlCatalog<DB>
where
    DB: Database,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    DB::Arguments: IntoArguments<DB>,
    Uuid: Column<DB>,
    i64: Column<DB>,
    Option<Uuid>: Column<DB>,
    String: Column<DB>,
    Option<String>: Column<DB>,
    f64: Column<DB>,
    bool: Column<DB>,
    OffsetDateTime: Column<DB>,
    (Uuid,): for<'r> FromRow<'r, DB::Row>,
    (String,): for<'r> FromRow<'r, DB::Row>,
    (String, Option<String>): for<'r> FromRow<'r, DB::Row>,
    ProgressRecord: for<'r> FromRow<'r, DB::Row>,
    ResumePoint: for<'r> FromRow<'r, DB::Row>,
    TitleSummary: for<'r> FromRow<'r, DB::Row>,
    StreamLease: for<'r> FromRow<'r, DB::Row>,
{
    async fn save_progress(
        &self,
        profile_id: Uuid,
        media_id: Uuid,
        position_seconds: f64,
        watched: bool,
        now: OffsetDateTime,
    ) -> StoreResult<bool> {
        let saved: Option<(Uuid,)> = sqlx::query_as(SAVE_PROGRESS)
            .bind(profile_id)
            .bind(media_id)
            .bind(position_seconds)
            .bind(watched)
            .bind(now)
            .fetch_optional(&self.pool)
            .await?;
        Ok(saved.is_some())
    }

    async fn title_progress(&self, profile_id: Uuid, title_id: Uuid) -> StoreResult<Vec<ProgressRecord>> {
        Ok(sqlx::query_as(TITLE_PROGRESS).bind(profile_id).bind(title_id).fetch_all(&self.pool).await?)
    }

    async fn profile_progress(&self, profile_id: Uuid) -> StoreResult<Vec<ProgressRecord>> {
        Ok(sqlx::query_as(PROFILE_PROGRESS).bind(profile_id).fetch_all(&self.pool).await?)
    }

    async fn continue_watching(
        &self,
        profile_id: Uuid,
        max_maturity: i64,
        limit: i64,
    ) -> StoreResult<Vec<ResumePoint>> {
        Ok(sqlx::query_as(CONTINUE_WATCHING.as_str())
            .bind(profile_id)
            .bind(max_maturity)
            .bind(limit)
            .fetch_all(&self.pool)
            .await?)
    }

    async fn my_list(&self, profile_id: Uuid, max_maturity: i64, limit: i64) -> StoreResult<Vec<TitleSummary>> {
        Ok(sqlx::query_as(MY_LIST.as_str())
            .bind(profile_id)
            .bind(max_maturity)
            .bind(limit)
            .fetch_all(&self.pool)
            .await?)
    }

    async fn in_my_list(&self, profile_id: Uuid, title_id: Uuid) -> StoreResult<bool> {
        let found: Option<(Uuid,)> =
            sqlx::query_as(IN_MY_LIST).bind(profile_id).bind(title_id).fetch_optional(&self.pool).await?;
        Ok(found.is_some())
    }

    async fn set_in_my_list(
        &self,
        profile_id: Uuid,
        title_id: Uuid,
        on: bool,
        now: OffsetDateTime,
    ) -> StoreResult<bool> {
        let exists: Option<(Uuid,)> = sqlx::query_as(TITLE_EXISTS).bind(title_id).fetch_optional(&self.pool).await?;
        if exists.is_none() {
            return Ok(false);
        }
        if on {
            sqlx::query(ADD_TO_MY_LIST).bind(profile_id).bind(title_id).bind(now).execute(&self.pool).await?;
        } else {
            sqlx::query(REMOVE_FROM_MY_LIST).bind(profile_id).bind(title_id).execute(&self.pool).await?;
        }
        Ok(true)
    }

    async fn start_stream(&self, request: &LeaseRequest) -> StoreResult<LeaseOutcome> {
        let mut tx = self.pool.begin().await?;
        sqlx::query(LOCK_ACCOUNT).bind(request.account_id).execute(&mut *tx).await?;
        sqlx::query(DROP_LAPSED).bind(request.account_id).bind(request.now).execute(&mut *tx).await?;
        let playing: Vec<StreamLease> =
            sqlx::query_as(LEASES).bind(request.account_id).bind(request.now).fetch_all(&mut *tx).await?;
        let (mine, others): (Vec<StreamLease>, Vec<StreamLease>) =
            playing.into_iter().partition(|l| l.session_id == request.session_id);
        if i64::try_from(others.len()).unwrap_or(i64::MAX) >= request.limit {
            tx.rollback().await?;
            return Ok(LeaseOutcome::TooMany(others));
        }
        // The same device renewing the same file started nothing new.
        let renewal = mine.iter().any(|lease| lease.media_id == request.media_id);
        sqlx::query(UPSERT_LEASE)
            .bind(request.session_id)
            .bind(request.account_id)
            .bind(request.profile_id)
            .bind(request.media_id)
            .bind(request.now)
            .bind(request.expires_at)
            .execute(&mut *tx)
            .await?;
        if !renewal {
            let (title, profile): (String, Option<String>) = sqlx::query_as(STARTED_WATCHING)
                .bind(request.media_id)
                .bind(request.profile_id)
                .fetch_one(&mut *tx)
                .await?;
            let device = Actor { session_id: Some(request.session_id), address: None };
            let entry = NewActivity::of(ActivityKind::StreamStarted, request.account_id, &device, request.now);
            activity::record::<DB>(&mut tx, entry.naming(Some(title), profile)).await?;
        }
        tx.commit().await?;
        Ok(LeaseOutcome::Granted)
    }

    async fn end_stream(&self, account_id: Uuid, session_id: Uuid) -> StoreResult<bool> {
        let ended: Option<(Uuid,)> =
            sqlx::query_as(END_LEASE).bind(account_id).bind(session_id).fetch_optional(&self.pool).await?;
        Ok(ended.is_some())
    }

    async fn active_streams(&self, account_id: Uuid, now: OffsetDateTime) -> StoreResult<Vec<StreamLease>> {
        Ok(sqlx::query_as(LEASES).bind(account_id).bind(now).fetch_all(&self.pool).await?)
    }

    async fn set_profile_maturity(
        &self,
        by: &Actor,
        account_id: Uuid,
        profile_id: Uuid,
        rank: i64,
    ) -> StoreResult<bool> {
        let mut tx = self.pool.begin().await?;
        let name: Option<String> = sqlx::query_scalar(SET_MATURITY)
            .bind(account_id)
            .bind(profile_id)
            .bind(rank)
            .fetch_optional(&mut *tx)
            .await?;
        let Some(name) = name else {
            return Ok(false);
        };
        let entry = NewActivity::of(ActivityKind::MaturityChanged, account_id, by, crate::clock::now());
        activity::record::<DB>(&mut tx, entry.naming(None, Some(name))).await?;
        tx.commit().await?;
        Ok(true)
    }
}
