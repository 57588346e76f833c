//! [`SqlCatalog`]: the catalog's storage over any sqlx backend whose types it needs.
//!
//! The bounds below say what the SQL needs of a database (UUIDs, integers, floats, booleans, text and
//! timestamps that round-trip); SQLite and PostgreSQL both meet them, so each statement is written once.

use sqlx::{Database, Pool};

pub use crate::store::column::Column;

/// The catalog on a connection pool of either database.
pub struct SqlCatalog<DB: Database> {
    pub(super) pool: Pool<DB>,
}

impl<DB: Database> SqlCatalog<DB> {
    pub fn new(pool: Pool<DB>) -> Self {
        Self { pool }
    }
}

/// The columns every list of titles reads, for [`super::TitleSummary`]; `t` is the titles table.
pub(super) const SUMMARY_COLUMNS: &str = "t.id, t.kind, t.name, t.sort_name, t.year, t.certification, t.maturity, \
     t.plot, t.genre_list, (t.poster IS NOT NULL) AS has_poster, (t.backdrop IS NOT NULL) AS has_backdrop, \
     t.available, CASE WHEN t.kind = 'show' THEN NULL ELSE (SELECT m.id FROM media m WHERE m.title_id = t.id \
     AND m.missing_since IS NULL ORDER BY CASE WHEN m.version IS NULL THEN 0 ELSE 1 END, m.path LIMIT 1) END \
     AS media_id, t.added_at";

/// The columns of [`super::MediaRecord`] from the media table `m`.
pub(super) const MEDIA_COLUMNS: &str = "m.id, m.title_id, m.path, m.size, m.modified_ns, m.season, m.episode, \
     m.episode_end, m.name, m.plot, m.version, m.thumb, m.container, m.duration_seconds, m.video_codec, \
     m.audio_codec, m.width, m.height, (m.missing_since IS NOT NULL) AS missing";
