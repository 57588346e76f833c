//! What Play starts: the file to resume, the next episode, or the first one.
//!
//! Pure decisions over a title's files and a profile's progress, so they are tested on their own.

use uuid::Uuid;

use crate::store::catalog::{MediaRecord, ProgressRecord};

/// A file counts as watched once the position is this far in (the credits are left).
const WATCHED_SHARE: f64 = 0.92;
/// In a long file, this many seconds before the end count as the credits too.
const CREDITS_SECONDS: f64 = 120.0;
const LONG_FILE_SECONDS: f64 = 1200.0;

/// Whether a position near the end means the file was watched.
pub fn is_watched(position_seconds: f64, duration_seconds: Option<f64>) -> bool {
    match duration_seconds {
        Some(duration) if duration > 0.0 => {
            position_seconds >= duration * WATCHED_SHARE
                || (duration >= LONG_FILE_SECONDS && duration - position_seconds <= CREDITS_SECONDS)
        }
        _ => false,
    }
}

/// What the Play button does.
#[derive(Debug, Clone, PartialEq)]
pub struct PlayChoice {
    pub media_id: Uuid,
    /// Where playback starts, in seconds (0 from the beginning).
    pub start_seconds: f64,
    pub resuming: bool,
}

/// The file Play starts for this title: the most recently played unfinished file, else the file after
/// the most recently finished one, else the first (specials last). `media` is in season/episode order.
pub fn play_choice(media: &[MediaRecord], progress: &[ProgressRecord]) -> Option<PlayChoice> {
    let playable: Vec<&MediaRecord> = order_for_play(media);
    let latest = progress.iter().filter(|p| playable.iter().any(|m| m.id == p.media_id)).max_by_key(|p| p.updated_at);
    if let Some(latest) = latest {
        if !latest.watched && latest.position_seconds > 0.0 {
            return Some(PlayChoice {
                media_id: latest.media_id,
                start_seconds: latest.position_seconds,
                resuming: true,
            });
        }
        if let Some(index) = playable.iter().position(|m| m.id == latest.media_id)
            && let Some(next) = playable.get(index + 1)
        {
            return Some(PlayChoice { media_id: next.id, start_seconds: 0.0, resuming: false });
        }
    }
    playable.first().map(|first| PlayChoice { media_id: first.id, start_seconds: 0.0, resuming: false })
}

/// The episode after this one in play order, for autoplay.
pub fn next_after(media: &[MediaRecord], current: Uuid) -> Option<&MediaRecord> {
    let playable = order_for_play(media);
    let index = playable.iter().position(|m| m.id == current)?;
    playable.get(index + 1).copied()
}

/// Files that are there, regular seasons first and specials (season 0) last; one version per episode.
fn order_for_play(media: &[MediaRecord]) -> Vec<&MediaRecord> {
    let mut playable: Vec<&MediaRecord> = media.iter().filter(|m| !m.missing).collect();
    playable.sort_by_key(|m| (m.season == Some(0), m.season, m.episode));
    playable.dedup_by_key(|m| (m.season, m.episode));
    if playable.iter().all(|m| m.season.is_none()) {
        playable.truncate(1);
    }
    playable
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::OffsetDateTime;

    fn file(season: Option<i64>, episode: Option<i64>) -> MediaRecord {
        MediaRecord {
            id: Uuid::now_v7(),
            title_id: Uuid::nil(),
            path: String::new(),
            size: 1,
            modified_ns: 0,
            season,
            episode,
            episode_end: None,
            name: None,
            plot: None,
            version: None,
            thumb: None,
            container: None,
            duration_seconds: Some(600.0),
            video_codec: None,
            audio_codec: None,
            width: None,
            height: None,
            missing: false,
            library_path: String::new(),
        }
    }

    fn progress(media: &MediaRecord, position: f64, watched: bool, minutes_ago: i64) -> ProgressRecord {
        ProgressRecord {
            media_id: media.id,
            title_id: Uuid::nil(),
            position_seconds: position,
            watched,
            updated_at: OffsetDateTime::UNIX_EPOCH + time::Duration::days(1) - time::Duration::minutes(minutes_ago),
        }
    }

    #[test]
    fn watched_near_the_end() {
        assert!(!is_watched(30.0, Some(100.0)));
        assert!(is_watched(93.0, Some(100.0)));
        assert!(is_watched(5400.0 - 100.0, Some(5400.0)));
        assert!(!is_watched(5400.0 - 600.0, Some(5400.0)));
        assert!(!is_watched(10.0, None));
    }

    #[test]
    fn a_new_show_starts_at_the_first_regular_episode() {
        let media = vec![file(Some(0), Some(1)), file(Some(1), Some(1)), file(Some(1), Some(2))];
        let choice = play_choice(&media, &[]).unwrap();
        assert_eq!(choice.media_id, media[1].id);
        assert!(!choice.resuming);
    }

    #[test]
    fn an_unfinished_episode_resumes_and_a_finished_one_leads_to_the_next() {
        let media = vec![file(Some(1), Some(1)), file(Some(1), Some(2)), file(Some(2), Some(1))];
        let resume = play_choice(&media, &[progress(&media[1], 42.0, false, 1)]).unwrap();
        assert_eq!((resume.media_id, resume.start_seconds, resume.resuming), (media[1].id, 42.0, true));
        let next = play_choice(&media, &[progress(&media[1], 590.0, true, 1)]).unwrap();
        assert_eq!((next.media_id, next.start_seconds), (media[2].id, 0.0));
        assert_eq!(next_after(&media, media[1].id).map(|m| m.id), Some(media[2].id));
        assert!(next_after(&media, media[2].id).is_none());
    }

    #[test]
    fn a_movie_resumes_and_missing_files_are_skipped() {
        let mut movie = vec![file(None, None)];
        assert_eq!(play_choice(&movie, &[progress(&movie[0], 70.0, false, 3)]).unwrap().start_seconds, 70.0);
        movie[0].missing = true;
        assert!(play_choice(&movie, &[]).is_none());
    }
}
