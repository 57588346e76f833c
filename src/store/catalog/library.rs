//! [`LibraryStore`] for both databases: libraries, and writing what a scan found.

use std::collections::HashSet;

use async_trait::async_trait;
use sqlx::{Database, Executor, FromRow, IntoArguments};
use time::OffsetDateTime;
use uuid::Uuid;

use super::backend::{Column, SqlCatalog};
use super::{
    KeyframesWanted, KnownMedia, KnownTitle, LibraryRecord, LibraryStore, MediaWrite, TitleOutcome, TitleWrite, tracks,
};
use crate::store::{StoreError, StoreResult, is_unique_violation};

const INSERT_LIBRARY: &str = "INSERT INTO libraries (id, path, kind, created_at, scanned_at) \
     VALUES ($1, $2, $3, $4, NULL) RETURNING id, path, kind, created_at, scanned_at";
const LIBRARIES: &str = "SELECT id, path, kind, created_at, scanned_at FROM libraries ORDER BY path";
const DELETE_LIBRARY: &str = "DELETE FROM libraries WHERE path = $1 RETURNING id";
const KNOWN_TITLES: &str = "SELECT id, folder, signature FROM titles WHERE library_id = $1";
const KNOWN_MEDIA: &str = "SELECT m.id, m.title_id, m.path, m.size, m.modified_ns, m.fingerprint, \
     (m.missing_since IS NOT NULL) AS missing FROM media m JOIN titles t ON t.id = m.title_id WHERE t.library_id = $1";

const UPSERT_TITLE: &str = "INSERT INTO titles (id, library_id, folder, kind, signature, name, sort_name, year, plot, \
     certification, maturity, runtime_seconds, imdb_id, genre_list, cast_list, poster, backdrop, search_text, \
     available, added_at, updated_at) \
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, FALSE, $19, $19) \
     ON CONFLICT (folder) DO UPDATE SET library_id = excluded.library_id, kind = excluded.kind, \
     signature = excluded.signature, name = excluded.name, sort_name = excluded.sort_name, year = excluded.year, \
     plot = excluded.plot, certification = excluded.certification, maturity = excluded.maturity, \
     runtime_seconds = excluded.runtime_seconds, imdb_id = excluded.imdb_id, genre_list = excluded.genre_list, \
     cast_list = excluded.cast_list, poster = excluded.poster, backdrop = excluded.backdrop, \
     search_text = excluded.search_text, updated_at = excluded.updated_at \
     RETURNING id";
const CLEAR_GENRES: &str = "DELETE FROM title_genres WHERE title_id = $1";
/// A genre entry repeats its title's maturity, so genres can be counted per level from one index.
const INSERT_GENRE: &str =
    "INSERT INTO title_genres (title_id, genre, maturity) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING";
const TITLE_MEDIA_PATHS: &str = "SELECT id, path FROM media WHERE title_id = $1";

/// A file that moved keeps its id (and so every profile's progress in it).
const MOVE_MEDIA: &str = "UPDATE media SET title_id = $2, path = $3, size = $4, modified_ns = $5, \
     fingerprint = COALESCE($6, fingerprint), season = $7, episode = $8, episode_end = $9, name = $10, plot = $11, \
     version = $12, thumb = $13, missing_since = NULL WHERE id = $1 RETURNING id";
/// Progress names its title too, for Continue Watching: it follows a file that moved to another title.
const MOVE_PROGRESS: &str = "UPDATE progress SET title_id = $2 WHERE media_id = $1";
const UPSERT_MEDIA: &str = "INSERT INTO media (id, title_id, path, size, modified_ns, fingerprint, season, episode, \
     episode_end, name, plot, version, thumb, missing_since, added_at) \
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, NULL, $14) \
     ON CONFLICT (path) DO UPDATE SET title_id = excluded.title_id, size = excluded.size, \
     modified_ns = excluded.modified_ns, fingerprint = COALESCE(excluded.fingerprint, media.fingerprint), \
     season = excluded.season, episode = excluded.episode, episode_end = excluded.episode_end, \
     name = excluded.name, plot = excluded.plot, version = excluded.version, thumb = excluded.thumb, \
     missing_since = NULL RETURNING id";
const SET_FACTS: &str = "UPDATE media SET container = $2, duration_seconds = $3, video_codec = $4, \
     audio_codec = $5, width = $6, height = $7 WHERE id = $1";
const CLEAR_SUBTITLES: &str = "DELETE FROM subtitles WHERE media_id = $1";
const INSERT_SUBTITLE: &str =
    "INSERT INTO subtitles (media_id, track, path, language, forced, sdh) VALUES ($1, $2, $3, $4, $5, $6)";
const MARK_MISSING: &str =
    "UPDATE media SET missing_since = COALESCE(missing_since, $2) WHERE id = $1 RETURNING title_id";
/// A title is available while at least one of its files is there.
const REFRESH_AVAILABLE: &str = "UPDATE titles SET available = EXISTS (SELECT 1 FROM media m \
     WHERE m.title_id = titles.id AND m.missing_since IS NULL) WHERE id = $1";
const FINISH_SCAN: &str = "UPDATE libraries SET scanned_at = $2 WHERE id = $1";
/// A title left with no file at all (its files moved to another folder) is gone, not unavailable.
const PRUNE_EMPTY_TITLES: &str = "DELETE FROM titles WHERE library_id = $1 \
     AND NOT EXISTS (SELECT 1 FROM media m WHERE m.title_id = titles.id)";

#[async_trait]
impl<DB> LibraryStore for SqlCatalog<DB>
where
    DB: Database,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    DB::Arguments: IntoArguments<DB>,
    Uuid: Column<DB>,
    String: Column<DB>,
    i64: Column<DB>,
    Option<String>: Column<DB>,
    Option<i64>: Column<DB>,
    Option<f64>: Column<DB>,
    f64: Column<DB>,
    bool: Column<DB>,
    OffsetDateTime: Column<DB>,
    (Uuid,): for<'r> FromRow<'r, DB::Row>,
    (Uuid, String): for<'r> FromRow<'r, DB::Row>,
    LibraryRecord: for<'r> FromRow<'r, DB::Row>,
    KnownTitle: for<'r> FromRow<'r, DB::Row>,
    KnownMedia: for<'r> FromRow<'r, DB::Row>,
    KeyframesWanted: for<'r> FromRow<'r, DB::Row>,
    (i64,): for<'r> FromRow<'r, DB::Row>,
{
    async fn add_library(&self, path: &str, kind: &str, now: OffsetDateTime) -> StoreResult<LibraryRecord> {
        sqlx::query_as(INSERT_LIBRARY)
            .bind(Uuid::now_v7())
            .bind(path.to_string())
            .bind(kind.to_string())
            .bind(now)
            .fetch_one(&self.pool)
            .await
            .map_err(|error| match error {
                error if is_unique_violation(&error) => StoreError::Conflict("library"),
                error => error.into(),
            })
    }

    async fn libraries(&self) -> StoreResult<Vec<LibraryRecord>> {
        Ok(sqlx::query_as(LIBRARIES).fetch_all(&self.pool).await?)
    }

    async fn remove_library(&self, path: &str) -> StoreResult<bool> {
        let removed: Option<(Uuid,)> =
            sqlx::query_as(DELETE_LIBRARY).bind(path.to_string()).fetch_optional(&self.pool).await?;
        Ok(removed.is_some())
    }

    async fn known_titles(&self, library_id: Uuid) -> StoreResult<Vec<KnownTitle>> {
        Ok(sqlx::query_as(KNOWN_TITLES).bind(library_id).fetch_all(&self.pool).await?)
    }

    async fn known_media(&self, library_id: Uuid) -> StoreResult<Vec<KnownMedia>> {
        Ok(sqlx::query_as(KNOWN_MEDIA).bind(library_id).fetch_all(&self.pool).await?)
    }

    async fn write_title(
        &self,
        library_id: Uuid,
        title: &TitleWrite,
        now: OffsetDateTime,
    ) -> StoreResult<TitleOutcome> {
        let proposed = Uuid::now_v7();
        // The upsert comes first, so an SQLite transaction holds the write lock from its first statement.
        let mut tx = self.pool.begin().await?;
        let (title_id,): (Uuid,) = sqlx::query_as(UPSERT_TITLE)
            .bind(proposed)
            .bind(library_id)
            .bind(title.folder.clone())
            .bind(title.kind.clone())
            .bind(title.signature.clone())
            .bind(title.name.clone())
            .bind(title.sort_name.clone())
            .bind(title.year)
            .bind(title.plot.clone())
            .bind(title.certification.clone())
            .bind(title.maturity)
            .bind(title.runtime_seconds)
            .bind(title.imdb_id.clone())
            .bind(title.genres.join("|"))
            .bind(title.cast_json.clone())
            .bind(title.poster.clone())
            .bind(title.backdrop.clone())
            .bind(title.search_text.clone())
            .bind(now)
            .fetch_one(&mut *tx)
            .await?;
        sqlx::query(CLEAR_GENRES).bind(title_id).execute(&mut *tx).await?;
        for genre in &title.genres {
            sqlx::query(INSERT_GENRE).bind(title_id).bind(genre.clone()).bind(title.maturity).execute(&mut *tx).await?;
        }
        let before: Vec<(Uuid, String)> = sqlx::query_as(TITLE_MEDIA_PATHS).bind(title_id).fetch_all(&mut *tx).await?;
        let mut kept = HashSet::new();
        for file in &title.files {
            let media_id = match file.moved_from {
                Some(from) => {
                    let moved: Option<(Uuid,)> =
                        media_binds(sqlx::query_as(MOVE_MEDIA).bind(from).bind(title_id), file)
                            .fetch_optional(&mut *tx)
                            .await?;
                    match moved {
                        Some((id,)) => {
                            sqlx::query(MOVE_PROGRESS).bind(id).bind(title_id).execute(&mut *tx).await?;
                            id
                        }
                        None => upsert_media(&mut tx, title_id, file, now).await?,
                    }
                }
                None => upsert_media(&mut tx, title_id, file, now).await?,
            };
            kept.insert(media_id);
            if let Some(facts) = &file.facts {
                sqlx::query(SET_FACTS)
                    .bind(media_id)
                    .bind(facts.container.clone())
                    .bind(facts.duration_seconds)
                    .bind(facts.video_codec.clone())
                    .bind(facts.audio_codec.clone())
                    .bind(facts.width)
                    .bind(facts.height)
                    .execute(&mut *tx)
                    .await?;
                tracks::replace(&mut tx, media_id, file.size, file.modified_ns, facts).await?;
            }
            sqlx::query(CLEAR_SUBTITLES).bind(media_id).execute(&mut *tx).await?;
            for (track, subtitle) in (0_i64..).zip(&file.subtitles) {
                sqlx::query(INSERT_SUBTITLE)
                    .bind(media_id)
                    .bind(track)
                    .bind(subtitle.path.clone())
                    .bind(subtitle.language.clone())
                    .bind(subtitle.forced)
                    .bind(subtitle.sdh)
                    .execute(&mut *tx)
                    .await?;
            }
        }
        for (id, _) in before.iter().filter(|(id, _)| !kept.contains(id)) {
            sqlx::query(MARK_MISSING).bind(*id).bind(now).execute(&mut *tx).await?;
        }
        sqlx::query(REFRESH_AVAILABLE).bind(title_id).execute(&mut *tx).await?;
        tx.commit().await?;
        Ok(if title_id == proposed { TitleOutcome::Added } else { TitleOutcome::Changed })
    }

    async fn mark_missing(&self, media_ids: &[Uuid], now: OffsetDateTime) -> StoreResult<()> {
        let mut tx = self.pool.begin().await?;
        for id in media_ids {
            let title: Option<(Uuid,)> =
                sqlx::query_as(MARK_MISSING).bind(*id).bind(now).fetch_optional(&mut *tx).await?;
            if let Some((title_id,)) = title {
                sqlx::query(REFRESH_AVAILABLE).bind(title_id).execute(&mut *tx).await?;
            }
        }
        tx.commit().await?;
        Ok(())
    }

    async fn finish_scan(&self, library_id: Uuid, now: OffsetDateTime) -> StoreResult<()> {
        let mut tx = self.pool.begin().await?;
        sqlx::query(FINISH_SCAN).bind(library_id).bind(now).execute(&mut *tx).await?;
        sqlx::query(PRUNE_EMPTY_TITLES).bind(library_id).execute(&mut *tx).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn media_without_keyframes(&self, after: Uuid, limit: i64) -> StoreResult<Vec<KeyframesWanted>> {
        Ok(sqlx::query_as(tracks::WITHOUT_KEYFRAMES).bind(after).bind(limit).fetch_all(&self.pool).await?)
    }

    async fn count_media_without_keyframes(&self) -> StoreResult<i64> {
        let (count,): (i64,) = sqlx::query_as(tracks::COUNT_WITHOUT_KEYFRAMES).fetch_one(&self.pool).await?;
        Ok(count)
    }

    async fn save_keyframes(
        &self,
        media_id: Uuid,
        size: i64,
        modified_ns: i64,
        times: Option<&[i64]>,
    ) -> StoreResult<bool> {
        let written: Option<(Uuid,)> = sqlx::query_as(tracks::SAVE_KEYFRAMES)
            .bind(media_id)
            .bind(size)
            .bind(modified_ns)
            .bind(times.map(tracks::times_text))
            .fetch_optional(&self.pool)
            .await?;
        Ok(written.is_some())
    }
}

/// Binds `$3`… of [`MOVE_MEDIA`] and [`UPSERT_MEDIA`], which list a file's columns in the same order.
fn media_binds<'q, DB, O>(
    query: sqlx::query::QueryAs<'q, DB, O, DB::Arguments>,
    file: &MediaWrite,
) -> sqlx::query::QueryAs<'q, DB, O, DB::Arguments>
where
    DB: Database,
    String: Column<DB>,
    i64: Column<DB>,
    Option<String>: Column<DB>,
    Option<i64>: Column<DB>,
    Option<f64>: Column<DB>,
{
    query
        .bind(file.path.clone())
        .bind(file.size)
        .bind(file.modified_ns)
        .bind(file.fingerprint.clone())
        .bind(file.season)
        .bind(file.episode)
        .bind(file.episode_end)
        .bind(file.name.clone())
        .bind(file.plot.clone())
        .bind(file.version.clone())
        .bind(file.thumb.clone())
}

async fn upsert_media<DB>(
    tx: &mut sqlx::Transaction<'static, DB>,
    title_id: Uuid,
    file: &MediaWrite,
    now: OffsetDateTime,
) -> StoreResult<Uuid>
where
    DB: Database,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    DB::Arguments: IntoArguments<DB>,
    Uuid: Column<DB>,
    String: Column<DB>,
    i64: Column<DB>,
    Option<String>: Column<DB>,
    Option<i64>: Column<DB>,
    Option<f64>: Column<DB>,
    OffsetDateTime: Column<DB>,
    (Uuid,): for<'r> FromRow<'r, DB::Row>,
{
    let (id,): (Uuid,) = media_binds(sqlx::query_as(UPSERT_MEDIA).bind(Uuid::now_v7()).bind(title_id), file)
        .bind(now)
        .fetch_one(&mut **tx)
        .await?;
    Ok(id)
}
