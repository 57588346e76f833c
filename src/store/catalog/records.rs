//! What the catalog stores and answers, shaped as the scanner writes it and the pages read it.

use time::OffsetDateTime;
use uuid::Uuid;

/// A media folder the operator added.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct LibraryRecord {
    pub id: Uuid,
    pub path: String,
    /// `movies`, `shows` or `documentaries` (see [`crate::domain::media::LibraryKind`]).
    pub kind: String,
    pub created_at: OffsetDateTime,
    pub scanned_at: Option<OffsetDateTime>,
}

/// What a scan knows of one title folder already, to skip it when nothing in it changed.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct KnownTitle {
    pub id: Uuid,
    pub folder: String,
    pub signature: String,
}

/// What a scan knows of one playable file already.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct KnownMedia {
    pub id: Uuid,
    pub title_id: Uuid,
    pub path: String,
    pub size: i64,
    pub modified_ns: i64,
    pub fingerprint: Option<String>,
    pub missing: bool,
}

/// A title as a scan found it, with all its files: written in one transaction.
#[derive(Debug, Clone)]
pub struct TitleWrite {
    pub folder: String,
    /// `movie`, `show` or `documentary`.
    pub kind: String,
    pub signature: String,
    pub name: String,
    pub sort_name: String,
    pub year: Option<i64>,
    pub plot: Option<String>,
    pub certification: Option<String>,
    pub maturity: i64,
    pub runtime_seconds: Option<i64>,
    pub imdb_id: Option<String>,
    pub genres: Vec<String>,
    /// Cast as JSON (`[{"name","role"}]`), kept whole: it is only ever shown with its title.
    pub cast_json: String,
    pub poster: Option<String>,
    pub backdrop: Option<String>,
    pub search_text: String,
    pub files: Vec<MediaWrite>,
}

/// One playable file of a title.
#[derive(Debug, Clone)]
pub struct MediaWrite {
    pub path: String,
    pub size: i64,
    pub modified_ns: i64,
    pub fingerprint: Option<String>,
    /// A known file that moved here: it keeps its id, and so its watch history.
    pub moved_from: Option<Uuid>,
    pub season: Option<i64>,
    pub episode: Option<i64>,
    pub episode_end: Option<i64>,
    pub name: Option<String>,
    pub plot: Option<String>,
    pub version: Option<String>,
    pub thumb: Option<String>,
    /// `None` when the file is unchanged since the last scan: the stored facts stay.
    pub facts: Option<MediaFactsWrite>,
    pub subtitles: Vec<SubtitleWrite>,
}

#[derive(Debug, Clone, Default)]
pub struct MediaFactsWrite {
    pub container: Option<String>,
    pub duration_seconds: Option<f64>,
    pub video_codec: Option<String>,
    pub audio_codec: Option<String>,
    pub width: Option<i64>,
    pub height: Option<i64>,
    /// The file's sound and subtitle tracks; they replace the stored ones.
    pub tracks: Vec<TrackWrite>,
    /// The keyframe times when the headers give them (MP4); `None` leaves them to be read later.
    pub keyframes: Option<Keyframes>,
}

/// A sound or subtitle track as a scan writes it; see [`TrackRecord`] for what each field holds.
#[derive(Debug, Clone, PartialEq)]
pub struct TrackWrite {
    pub kind: String,
    pub position: i64,
    pub codec: String,
    pub language: Option<String>,
    pub name: Option<String>,
    pub channels: Option<i64>,
    pub is_default: bool,
    pub forced: bool,
}

#[derive(Debug, Clone)]
pub struct SubtitleWrite {
    pub path: String,
    pub language: Option<String>,
    pub forced: bool,
    pub sdh: bool,
}

/// What writing one title did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TitleOutcome {
    Added,
    Changed,
}

/// A title as rows and lists show it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct TitleSummary {
    pub id: Uuid,
    pub kind: String,
    pub name: String,
    pub sort_name: String,
    pub year: Option<i64>,
    pub certification: Option<String>,
    pub maturity: i64,
    pub plot: Option<String>,
    /// Genres joined by `|`; see [`TitleSummary::genres`].
    pub genre_list: String,
    pub has_poster: bool,
    pub has_backdrop: bool,
    pub available: bool,
    /// The file Play starts for a movie or documentary; `None` for a show.
    pub media_id: Option<Uuid>,
    pub added_at: OffsetDateTime,
}

impl TitleSummary {
    pub fn genres(&self) -> Vec<String> {
        self.genre_list.split('|').filter(|g| !g.is_empty()).map(str::to_string).collect()
    }
}

/// Everything a title page shows.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct TitleDetail {
    #[sqlx(flatten)]
    pub summary: TitleSummary,
    pub runtime_seconds: Option<i64>,
    pub cast_json: String,
    pub imdb_id: Option<String>,
    pub poster: Option<String>,
    pub backdrop: Option<String>,
    /// The library folder its pictures must be inside.
    #[sqlx(default)]
    pub library_path: String,
}

/// One playable file, with where it is on disk (never shown to a client).
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct MediaRecord {
    pub id: Uuid,
    pub title_id: Uuid,
    pub path: String,
    pub size: i64,
    pub modified_ns: i64,
    pub season: Option<i64>,
    pub episode: Option<i64>,
    pub episode_end: Option<i64>,
    pub name: Option<String>,
    pub plot: Option<String>,
    pub version: Option<String>,
    pub thumb: Option<String>,
    pub container: Option<String>,
    pub duration_seconds: Option<f64>,
    pub video_codec: Option<String>,
    pub audio_codec: Option<String>,
    pub width: Option<i64>,
    pub height: Option<i64>,
    pub missing: bool,
    /// The library folder the file must be inside (read by [`super::CatalogStore::media`] only).
    #[sqlx(default)]
    pub library_path: String,
}

impl MediaRecord {
    /// Whether this file needs ffmpeg for a device that plays only H.264 and AAC in MP4.
    pub fn needs_ffmpeg_on_baseline(&self) -> bool {
        crate::domain::playability::needs_ffmpeg_on_baseline(
            self.container.as_deref(),
            self.video_codec.as_deref(),
            self.audio_codec.as_deref(),
        )
    }
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct SubtitleRecord {
    pub media_id: Uuid,
    pub track: i64,
    pub path: String,
    pub language: Option<String>,
    pub forced: bool,
    pub sdh: bool,
}

/// A sound or subtitle track inside a file, as its headers list it.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct TrackRecord {
    pub media_id: Uuid,
    /// "audio" or "subtitle".
    pub kind: String,
    /// Its place among the file's tracks of its kind, from 0 (ffmpeg's `0:a:N` / `0:s:N`).
    pub position: i64,
    /// ffmpeg-style codec name: "aac", "ac3", "dts", "subrip", "ass", "webvtt", "mov_text",
    /// "hdmv_pgs_subtitle", "dvd_subtitle", …
    pub codec: String,
    /// Two letters where the file names a common language ("en"), else as written; `None` when
    /// the file says nothing or "und".
    pub language: Option<String>,
    /// The track's own name ("Commentary", "SDH"), if it has one.
    pub name: Option<String>,
    pub channels: Option<i64>,
    pub is_default: bool,
    pub forced: bool,
}

/// The times of a file's keyframes, in milliseconds from its start, in order.
pub type Keyframes = Vec<i64>;

/// A video file whose keyframe times are not known for its present size and modification time.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct KeyframesWanted {
    pub id: Uuid,
    pub path: String,
    pub size: i64,
    pub modified_ns: i64,
}

/// How far a profile got in one file.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ProgressRecord {
    pub media_id: Uuid,
    pub title_id: Uuid,
    pub position_seconds: f64,
    pub watched: bool,
    pub updated_at: OffsetDateTime,
}

/// A Continue Watching entry: the title, and the file and place to resume (or, for a show, the
/// episode just finished, so the next one can follow).
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ResumePoint {
    #[sqlx(flatten)]
    pub title: TitleSummary,
    pub resume_media_id: Uuid,
    pub position_seconds: f64,
    /// A finished episode: its show continues with the next one.
    pub watched: bool,
    pub duration_seconds: Option<f64>,
    pub season: Option<i64>,
    pub episode: Option<i64>,
    pub updated_at: OffsetDateTime,
}

/// Which titles a list asks for, in name order after an optional cursor.
#[derive(Debug, Clone, Default)]
pub struct TitleQuery {
    pub kind: Option<String>,
    pub genre: Option<String>,
    pub max_maturity: i64,
    /// The sort name and id of the last title of the previous page.
    pub after: Option<(String, Uuid)>,
    pub limit: i64,
}

/// A device playing something now.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct StreamLease {
    pub session_id: Uuid,
    pub account_id: Uuid,
    pub profile_id: Option<Uuid>,
    pub media_id: Uuid,
    pub started_at: OffsetDateTime,
    pub expires_at: OffsetDateTime,
    pub device_name: String,
    pub profile_name: Option<String>,
    pub title_name: String,
}

/// Asking to play on a device.
#[derive(Debug, Clone)]
pub struct LeaseRequest {
    pub session_id: Uuid,
    pub account_id: Uuid,
    pub profile_id: Option<Uuid>,
    pub media_id: Uuid,
    pub now: OffsetDateTime,
    pub expires_at: OffsetDateTime,
    /// How many devices of the account may stream at once.
    pub limit: i64,
}

/// The answer: the device may play, or these devices already use every stream.
#[derive(Debug, Clone)]
pub enum LeaseOutcome {
    Granted,
    TooMany(Vec<StreamLease>),
}
