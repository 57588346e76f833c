//! A file's inner tracks and keyframe times: the statements that write and read them, and the text form
//! the times are kept in, shared by the scan's writes and the catalog's reads.

use sqlx::{Database, Executor, IntoArguments};
use uuid::Uuid;

use super::backend::Column;
use super::{Keyframes, MediaFactsWrite};
use crate::store::StoreResult;

const CLEAR_TRACKS: &str = "DELETE FROM media_tracks WHERE media_id = $1";
const INSERT_TRACK: &str = "INSERT INTO media_tracks (media_id, kind, position, codec, language, name, channels, \
     is_default, forced) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)";
const CLEAR_KEYFRAMES: &str = "DELETE FROM media_keyframes WHERE media_id = $1";
const INSERT_KEYFRAMES: &str =
    "INSERT INTO media_keyframes (media_id, size, modified_ns, times) VALUES ($1, $2, $3, $4)";

/// Audio before subtitles; within a kind, the file's order.
pub(super) const TRACKS: &str = "SELECT media_id, kind, position, codec, language, name, channels, is_default, \
     forced FROM media_tracks WHERE media_id = $1 \
     ORDER BY CASE WHEN kind = 'audio' THEN 0 ELSE 1 END, position";
/// Only times read from the file as it is now count.
pub(super) const KEYFRAMES: &str = "SELECT k.times FROM media_keyframes k JOIN media m ON m.id = k.media_id \
     WHERE k.media_id = $1 AND k.size = m.size AND k.modified_ns = m.modified_ns";
pub(super) const WITHOUT_KEYFRAMES: &str = "SELECT m.id, m.path, m.size, m.modified_ns FROM media m \
     LEFT JOIN media_keyframes k ON k.media_id = m.id AND k.size = m.size AND k.modified_ns = m.modified_ns \
     WHERE k.media_id IS NULL AND m.video_codec IS NOT NULL AND m.missing_since IS NULL AND m.id > $1 \
     ORDER BY m.id LIMIT $2";
/// How many files [`WITHOUT_KEYFRAMES`] lists from the start (the same joins and conditions).
pub(super) const COUNT_WITHOUT_KEYFRAMES: &str = "SELECT COUNT(*) FROM media m \
     LEFT JOIN media_keyframes k ON k.media_id = m.id AND k.size = m.size AND k.modified_ns = m.modified_ns \
     WHERE k.media_id IS NULL AND m.video_codec IS NOT NULL AND m.missing_since IS NULL";
/// Checks the file's version and writes in one statement: times read from a file that changed meanwhile
/// are never kept.
pub(super) const SAVE_KEYFRAMES: &str = "INSERT INTO media_keyframes (media_id, size, modified_ns, times) \
     SELECT id, size, modified_ns, $4 FROM media WHERE id = $1 AND size = $2 AND modified_ns = $3 \
     ON CONFLICT (media_id) DO UPDATE SET size = excluded.size, modified_ns = excluded.modified_ns, \
     times = excluded.times RETURNING media_id";

/// Replaces a rewritten file's tracks, and its keyframe times with those its headers gave (if any).
pub(super) async fn replace<DB>(
    tx: &mut sqlx::Transaction<'static, DB>,
    media_id: Uuid,
    size: i64,
    modified_ns: i64,
    facts: &MediaFactsWrite,
) -> StoreResult<()>
where
    DB: Database,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    DB::Arguments: IntoArguments<DB>,
    Uuid: Column<DB>,
    String: Column<DB>,
    i64: Column<DB>,
    bool: Column<DB>,
    Option<String>: Column<DB>,
    Option<i64>: Column<DB>,
{
    sqlx::query(CLEAR_TRACKS).bind(media_id).execute(&mut **tx).await?;
    for track in &facts.tracks {
        sqlx::query(INSERT_TRACK)
            .bind(media_id)
            .bind(track.kind.clone())
            .bind(track.position)
            .bind(track.codec.clone())
            .bind(track.language.clone())
            .bind(track.name.clone())
            .bind(track.channels)
            .bind(track.is_default)
            .bind(track.forced)
            .execute(&mut **tx)
            .await?;
    }
    sqlx::query(CLEAR_KEYFRAMES).bind(media_id).execute(&mut **tx).await?;
    if let Some(times) = &facts.keyframes {
        sqlx::query(INSERT_KEYFRAMES)
            .bind(media_id)
            .bind(size)
            .bind(modified_ns)
            .bind(Some(times_text(times)))
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

/// Milliseconds as the column keeps them: `0,2002,4004`.
pub(super) fn times_text(times: &[i64]) -> String {
    times.iter().map(i64::to_string).collect::<Vec<_>>().join(",")
}

/// The column's text read back; `None` if anything in it is not a number.
pub(super) fn parse_times(text: &str) -> Option<Keyframes> {
    if text.is_empty() {
        return Some(Vec::new());
    }
    text.split(',').map(|t| t.trim().parse().ok()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_round_trip_through_their_text() {
        assert_eq!(times_text(&[0, 2002, 4004]), "0,2002,4004");
        assert_eq!(parse_times("0,2002,4004"), Some(vec![0, 2002, 4004]));
        assert_eq!(parse_times(""), Some(vec![]));
        assert_eq!(parse_times("0,x"), None);
    }
}
