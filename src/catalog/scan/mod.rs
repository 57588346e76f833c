//! Reading a media folder into plain values: which titles it holds, their files, names, art, subtitles
//! and the facts in each video's headers. No database here; the part that stores the result is separate.
//!
//! Everything in this module blocks (file system reads); run it on blocking threads.

mod names;
mod nfo;
mod probe;
mod sidecars;
mod signature;
mod subtitles;
mod title;
mod walk;

#[cfg(test)]
mod tests;

use std::path::{Path, PathBuf};

use crate::domain::media::LibraryKind;

pub use probe::{ffprobe_installed, ffprobe_keyframes, probe};
pub use signature::fingerprint;
pub use subtitles::srt_to_vtt;

/// Everything found in one library folder.
#[derive(Debug, Default)]
pub struct LibraryTree {
    pub titles: Vec<FoundTitle>,
    /// What was left out, or read with a problem, and why, in words a person understands.
    pub skipped: Vec<Skipped>,
}

/// A file or folder the scan left out (or read only in part), with the reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    pub path: PathBuf,
    pub reason: String,
}

impl Skipped {
    pub(crate) fn new(path: impl Into<PathBuf>, reason: impl Into<String>) -> Self {
        Skipped { path: path.into(), reason: reason.into() }
    }
}

/// A title folder: either known and untouched since the last scan, or read afresh.
#[derive(Debug)]
// Titles are built once and moved into the list; boxing would only add an allocation per title.
#[allow(clippy::large_enum_variant)]
pub enum FoundTitle {
    /// The folder's signature matches the stored one: nothing in it was read.
    Unchanged {
        folder: PathBuf,
    },
    Changed(TitleInfo),
}

impl FoundTitle {
    pub fn folder(&self) -> &Path {
        match self {
            FoundTitle::Unchanged { folder } => folder,
            FoundTitle::Changed(info) => &info.folder,
        }
    }
}

/// One movie, documentary or show, as read from its folder.
#[derive(Debug, Clone)]
pub struct TitleInfo {
    /// The title's identity: its folder, or the file itself for a loose video in the library folder.
    pub folder: PathBuf,
    pub kind: LibraryKind,
    /// A hash of the names, sizes and modification times of every file that makes up the title.
    pub signature: String,
    pub name: String,
    pub year: Option<i32>,
    pub plot: Option<String>,
    pub genres: Vec<String>,
    /// As the NFO writes it ("Rated PG-13", "US:PG-13", "TV-14"); see `Maturity::for_certification`.
    pub certification: Option<String>,
    pub cast: Vec<CastMember>,
    pub runtime_seconds: Option<i64>,
    pub imdb_id: Option<String>,
    pub poster: Option<PathBuf>,
    pub backdrop: Option<PathBuf>,
    /// The title's videos: versions of a movie, or the episodes of a show.
    pub files: Vec<FoundFile>,
    /// The title's original name, when an NFO gives one that differs from `name`.
    pub original_name: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CastMember {
    pub name: String,
    pub role: Option<String>,
}

/// One video file of a title.
#[derive(Debug, Clone)]
pub struct FoundFile {
    pub path: PathBuf,
    pub size: u64,
    /// Modification time, nanoseconds since the Unix epoch.
    pub modified_ns: i64,
    pub season: Option<i64>,
    pub episode: Option<i64>,
    /// The last episode a multi-episode file holds (`S01E01-E02` → episode 1, episode_end 2).
    pub episode_end: Option<i64>,
    /// The episode's name.
    pub name: Option<String>,
    pub plot: Option<String>,
    /// Which version of a movie this is ("1080p", "Director's Cut").
    pub version: Option<String>,
    pub thumb: Option<PathBuf>,
    /// None when the caller said the file is known with this size and time, so its headers were not read.
    pub facts: Option<MediaFacts>,
    /// Computed only when the facts are read.
    pub fingerprint: Option<String>,
    pub subtitles: Vec<FoundSubtitle>,
    /// The day an episode first aired, as the NFO writes it (YYYY-MM-DD).
    pub aired: Option<String>,
}

/// What a video's own headers say about it.
#[derive(Debug, Clone, PartialEq)]
pub struct MediaFacts {
    /// "mp4", "mov", "matroska", "webm", or the file's extension for other kinds.
    pub container: String,
    pub duration_seconds: Option<f64>,
    /// Short lowercase codec names: "h264", "hevc", "vp9", "av1", …
    pub video_codec: Option<String>,
    /// "aac", "opus", "mp3", "ac3", "eac3", "vorbis", "flac", …
    pub audio_codec: Option<String>,
    pub width: Option<i64>,
    pub height: Option<i64>,
    /// Every sound and subtitle track, in the file's order.
    pub tracks: Vec<FoundTrack>,
    /// Milliseconds from the start of each keyframe of the first video track, ascending, when the headers
    /// list them (MP4). Matroska's are read later, in the background.
    pub keyframes: Option<Vec<i64>>,
}

impl MediaFacts {
    /// Facts with only the container known.
    pub(crate) fn container_only(container: impl Into<String>) -> Self {
        MediaFacts {
            container: container.into(),
            duration_seconds: None,
            video_codec: None,
            audio_codec: None,
            width: None,
            height: None,
            tracks: Vec::new(),
            keyframes: None,
        }
    }
}

/// What a track holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TrackKind {
    Audio,
    Subtitle,
}

impl TrackKind {
    pub fn as_str(self) -> &'static str {
        match self {
            TrackKind::Audio => "audio",
            TrackKind::Subtitle => "subtitle",
        }
    }
}

/// A sound or subtitle track inside a video file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoundTrack {
    pub kind: TrackKind,
    /// ffmpeg's name for the codec: "aac", "ac3", "subrip", "ass", "mov_text", "hdmv_pgs_subtitle", …
    pub codec: String,
    /// Two letters for common languages ("en"), else as written; `None` when unknown ("und").
    pub language: Option<String>,
    pub name: Option<String>,
    pub channels: Option<i64>,
    pub is_default: bool,
    pub forced: bool,
}

/// A subtitle file beside a video.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoundSubtitle {
    pub path: PathBuf,
    /// Two letters where the name gives a common language ("en"), else as written.
    pub language: Option<String>,
    pub forced: bool,
    /// For the deaf and hard of hearing (also written "cc").
    pub sdh: bool,
    pub default: bool,
}

/// How far a scan has come, reported after each title folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScanProgress {
    pub folders_done: u64,
    pub folders_total: u64,
    pub current: PathBuf,
}

/// Why a library folder could not be read at all.
#[derive(Debug, thiserror::Error)]
pub enum LibraryError {
    #[error("the library folder {} does not exist", .0.display())]
    NotFound(PathBuf),
    #[error("{} is a file, not a folder", .0.display())]
    NotAFolder(PathBuf),
    #[error("the library folder {} cannot be read: {}", .0.display(), walk::io_words(.1))]
    Unreadable(PathBuf, std::io::Error),
}

/// A file's size and modification time as a scan records them; `None` when it is not a readable file.
pub fn file_version(path: &Path) -> Option<(u64, i64)> {
    let meta = std::fs::metadata(path).ok()?;
    meta.is_file().then(|| (meta.len(), walk::modified_ns(&meta)))
}

/// Reads a library folder: every title in it, with what changed since the last scan read afresh.
///
/// `known_signature` gives the signature stored for a title folder last time; when it matches, the title
/// comes back as [`FoundTitle::Unchanged`] and nothing in it is opened. `unchanged` says whether a video is
/// known with this size and modification time; such files are listed without their headers being read.
pub fn read_library(
    root: &Path,
    kind: LibraryKind,
    known_signature: &dyn Fn(&Path) -> Option<String>,
    unchanged: &dyn Fn(&Path, u64, i64) -> bool,
    progress: &dyn Fn(&ScanProgress),
) -> Result<LibraryTree, LibraryError> {
    let root_real = walk::open_root(root)?;
    let candidates = walk::title_candidates(root, &root_real, kind)?;
    let mut tree = LibraryTree { titles: Vec::new(), skipped: candidates.skipped };
    let total = candidates.titles.len() as u64;
    let lookups = title::Lookups { known_signature, unchanged };
    for (done, candidate) in candidates.titles.into_iter().enumerate() {
        let read = title::read_title(&root_real, kind, &candidate, &lookups);
        tree.titles.extend(read.title);
        tree.skipped.extend(read.skipped);
        progress(&ScanProgress { folders_done: done as u64 + 1, folders_total: total, current: candidate.path });
    }
    Ok(tree)
}
