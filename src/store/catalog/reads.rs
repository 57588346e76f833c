//! [`CatalogStore`] for both databases: lists, search, title pages and files, within a maturity level.

use std::sync::LazyLock;

use async_trait::async_trait;
use sqlx::{Database, Executor, FromRow, IntoArguments};
use time::OffsetDateTime;
use uuid::Uuid;

use super::backend::{Column, MEDIA_COLUMNS, SUMMARY_COLUMNS, SqlCatalog};
use super::{
    CatalogStore, Keyframes, MediaRecord, SubtitleRecord, TitleDetail, TitleQuery, TitleSummary, TrackRecord, tracks,
};
use crate::store::StoreResult;

/// The most words a search matches on; more are ignored.
pub const SEARCH_WORDS: usize = 4;

/// One statement per combination of filters (kind, genre, cursor), indexed by [`list_variant`]: a
/// condition such as `($2 IS NULL OR t.kind = $2)` would keep SQLite from using the index on kind.
static LIST_TITLES: LazyLock<Vec<String>> = LazyLock::new(|| {
    (0..8)
        .map(|variant| {
            let (kind, genre, cursor) = (variant & 1 != 0, variant & 2 != 0, variant & 4 != 0);
            let mut next = 1;
            let mut param = || {
                next += 1;
                format!("${next}")
            };
            let mut sql = format!("SELECT {SUMMARY_COLUMNS} FROM titles t WHERE t.maturity <= $1");
            if kind {
                sql += &format!(" AND t.kind = {}", param());
            }
            if genre {
                sql += &format!(
                    " AND EXISTS (SELECT 1 FROM title_genres g WHERE g.title_id = t.id AND g.genre = {})",
                    param()
                );
            }
            if cursor {
                let (name, id) = (param(), param());
                sql += &format!(" AND (t.sort_name > {name} OR (t.sort_name = {name} AND t.id > {id}))");
            }
            sql + &format!(" ORDER BY t.sort_name, t.id LIMIT {}", param())
        })
        .collect()
});

/// Which of [`LIST_TITLES`] answers a query.
fn list_variant(query: &TitleQuery) -> usize {
    usize::from(query.kind.is_some())
        | usize::from(query.genre.is_some()) << 1
        | usize::from(query.after.is_some()) << 2
}
static RECENTLY_ADDED: LazyLock<String> = LazyLock::new(|| {
    format!(
        "SELECT {SUMMARY_COLUMNS} FROM titles t WHERE t.maturity <= $1 ORDER BY t.added_at DESC, t.id DESC LIMIT $2"
    )
});
/// Read from the index on (genre, maturity) alone: each entry carries its title's maturity.
const GENRES: &str = "SELECT genre, COUNT(*) AS titles FROM title_genres WHERE maturity <= $1 \
     GROUP BY genre ORDER BY COUNT(*) DESC, genre";
/// Every word must appear (`$2`…`$5` are `%word%` patterns, `%` when unused); names that start with the
/// whole query come first.
static SEARCH: LazyLock<String> = LazyLock::new(|| {
    format!(
        "SELECT {SUMMARY_COLUMNS} FROM titles t WHERE t.maturity <= $1 AND t.search_text LIKE $2 ESCAPE '\\' \
         AND t.search_text LIKE $3 ESCAPE '\\' AND t.search_text LIKE $4 ESCAPE '\\' \
         AND t.search_text LIKE $5 ESCAPE '\\' \
         ORDER BY CASE WHEN t.search_text LIKE $6 ESCAPE '\\' THEN 0 ELSE 1 END, t.sort_name, t.id LIMIT $7"
    )
});
static TITLE: LazyLock<String> = LazyLock::new(|| {
    format!(
        "SELECT {SUMMARY_COLUMNS}, t.runtime_seconds, t.cast_list AS cast_json, t.imdb_id, t.poster, t.backdrop, \
         l.path AS library_path FROM titles t JOIN libraries l ON l.id = t.library_id \
         WHERE t.id = $1 AND t.maturity <= $2"
    )
});
static TITLE_MEDIA: LazyLock<String> = LazyLock::new(|| {
    format!(
        "SELECT {MEDIA_COLUMNS} FROM media m WHERE m.title_id = $1 \
         ORDER BY m.season, m.episode, CASE WHEN m.version IS NULL THEN 0 ELSE 1 END, m.path"
    )
});
static MEDIA: LazyLock<String> = LazyLock::new(|| {
    format!(
        "SELECT {MEDIA_COLUMNS}, l.path AS library_path FROM media m JOIN titles t ON t.id = m.title_id \
         JOIN libraries l ON l.id = t.library_id WHERE m.id = $1 AND t.maturity <= $2"
    )
});
const SUBTITLES: &str =
    "SELECT media_id, track, path, language, forced, sdh FROM subtitles WHERE media_id = $1 ORDER BY track";
const TITLE_COUNT: &str = "SELECT COUNT(*) FROM titles";

#[async_trait]
impl<DB> CatalogStore for SqlCatalog<DB>
where
    DB: Database,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    DB::Arguments: IntoArguments<DB>,
    Uuid: Column<DB>,
    String: Column<DB>,
    i64: Column<DB>,
    Option<String>: Column<DB>,
    Option<Uuid>: Column<DB>,
    OffsetDateTime: Column<DB>,
    (i64,): for<'r> FromRow<'r, DB::Row>,
    (String, i64): for<'r> FromRow<'r, DB::Row>,
    TitleSummary: for<'r> FromRow<'r, DB::Row>,
    TitleDetail: for<'r> FromRow<'r, DB::Row>,
    MediaRecord: for<'r> FromRow<'r, DB::Row>,
    SubtitleRecord: for<'r> FromRow<'r, DB::Row>,
    TrackRecord: for<'r> FromRow<'r, DB::Row>,
    (Option<String>,): for<'r> FromRow<'r, DB::Row>,
{
    async fn list_titles(&self, query: &TitleQuery) -> StoreResult<Vec<TitleSummary>> {
        let mut statement = sqlx::query_as(LIST_TITLES[list_variant(query)].as_str()).bind(query.max_maturity);
        if let Some(kind) = &query.kind {
            statement = statement.bind(kind.clone());
        }
        if let Some(genre) = &query.genre {
            statement = statement.bind(genre.clone());
        }
        if let Some((name, id)) = &query.after {
            statement = statement.bind(name.clone()).bind(*id);
        }
        Ok(statement.bind(query.limit).fetch_all(&self.pool).await?)
    }

    async fn recently_added(&self, max_maturity: i64, limit: i64) -> StoreResult<Vec<TitleSummary>> {
        Ok(sqlx::query_as(RECENTLY_ADDED.as_str()).bind(max_maturity).bind(limit).fetch_all(&self.pool).await?)
    }

    async fn genres(&self, max_maturity: i64) -> StoreResult<Vec<(String, i64)>> {
        Ok(sqlx::query_as(GENRES).bind(max_maturity).fetch_all(&self.pool).await?)
    }

    async fn search(&self, words: &[String], max_maturity: i64, limit: i64) -> StoreResult<Vec<TitleSummary>> {
        let mut patterns: Vec<String> =
            words.iter().take(SEARCH_WORDS).map(|w| format!("%{}%", escape_like(w))).collect();
        patterns.resize(SEARCH_WORDS, "%".to_string());
        let prefix = format!("{}%", escape_like(&words.join(" ")));
        let mut query = sqlx::query_as(SEARCH.as_str()).bind(max_maturity);
        for pattern in patterns {
            query = query.bind(pattern);
        }
        Ok(query.bind(prefix).bind(limit).fetch_all(&self.pool).await?)
    }

    async fn title(&self, id: Uuid, max_maturity: i64) -> StoreResult<Option<TitleDetail>> {
        Ok(sqlx::query_as(TITLE.as_str()).bind(id).bind(max_maturity).fetch_optional(&self.pool).await?)
    }

    async fn title_media(&self, title_id: Uuid) -> StoreResult<Vec<MediaRecord>> {
        Ok(sqlx::query_as(TITLE_MEDIA.as_str()).bind(title_id).fetch_all(&self.pool).await?)
    }

    async fn media(&self, id: Uuid, max_maturity: i64) -> StoreResult<Option<MediaRecord>> {
        Ok(sqlx::query_as(MEDIA.as_str()).bind(id).bind(max_maturity).fetch_optional(&self.pool).await?)
    }

    async fn subtitles(&self, media_id: Uuid) -> StoreResult<Vec<SubtitleRecord>> {
        Ok(sqlx::query_as(SUBTITLES).bind(media_id).fetch_all(&self.pool).await?)
    }

    async fn media_tracks(&self, media_id: Uuid) -> StoreResult<Vec<TrackRecord>> {
        Ok(sqlx::query_as(tracks::TRACKS).bind(media_id).fetch_all(&self.pool).await?)
    }

    async fn keyframes(&self, media_id: Uuid) -> StoreResult<Option<Keyframes>> {
        let row: Option<(Option<String>,)> =
            sqlx::query_as(tracks::KEYFRAMES).bind(media_id).fetch_optional(&self.pool).await?;
        Ok(row.and_then(|(times,)| times).and_then(|times| tracks::parse_times(&times)))
    }

    async fn title_count(&self) -> StoreResult<i64> {
        let (count,): (i64,) = sqlx::query_as(TITLE_COUNT).fetch_one(&self.pool).await?;
        Ok(count)
    }
}

/// Makes `%`, `_` and `\` match themselves in a LIKE pattern that uses `ESCAPE '\'`.
fn escape_like(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '%' | '_' | '\\') {
            escaped.push('\\');
        }
        escaped.push(c);
    }
    escaped
}

#[cfg(test)]
mod tests {
    #[test]
    fn like_patterns_escape_wildcards() {
        assert_eq!(super::escape_like(r"50%_off\"), r"50\%\_off\\");
    }
}
