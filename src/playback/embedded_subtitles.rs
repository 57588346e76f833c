//! Subtitles ffmpeg turns into WebVTT: text tracks inside a video file (SubRip, ASS, WebVTT, MP4
//! text) and ASS/SSA files beside it, converted the first time they are asked for and remembered
//! until the file changes (see [`super::extractions`] for how many ffmpeg runs that takes).

use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::sync::Arc;
use std::time::{Duration, UNIX_EPOCH};

use tokio::io::AsyncReadExt;

use super::extractions::{Busy, Key, Track};
use crate::error::AppError;
use crate::playback::PlaybackState;
use crate::store::catalog::MediaRecord;

/// Reading a whole file's subtitles means reading the whole file; a very slow disk gets this long.
const TIME_LIMIT: Duration = Duration::from_secs(120);
/// A feature film's subtitles are about 100 KB; anything past this is not subtitles.
const MAX_BYTES: u64 = 8 * 1024 * 1024;
/// Extractions at once: each reads a whole file, so a few are as many as a disk serves well. They
/// are not counted among the transcodes, which are a device's stream for as long as it plays: a
/// player asking for its subtitles must not be refused for the transcode it is playing.
pub const AT_ONCE: usize = 2;
/// How long a request waits for one of those to be free before it is told the server is busy.
pub const SLOT_WAIT: Duration = Duration::from_secs(10);

/// The WebVTT text of text subtitle track `position` (counted among the file's subtitle tracks).
pub async fn webvtt(
    app: &PlaybackState,
    media: &MediaRecord,
    source: &Path,
    position: u32,
) -> Result<String, AppError> {
    converted(app, media, Track::Embedded(position), source, position).await
}

/// The WebVTT text of an ASS or SSA file beside a video (`track`: its number among them).
pub async fn webvtt_of_file(
    app: &PlaybackState,
    media: &MediaRecord,
    file: &Path,
    track: i64,
) -> Result<String, AppError> {
    converted(app, media, Track::File(track), file, 0).await
}

/// Subtitle stream `position` of `source` as WebVTT, remembered or from ffmpeg.
async fn converted(
    app: &PlaybackState,
    media: &MediaRecord,
    track: Track,
    source: &Path,
    position: u32,
) -> Result<String, AppError> {
    let not_found = || AppError::NotFound("That subtitle track");
    let metadata = tokio::fs::metadata(source).await.map_err(|_| not_found())?;
    let modified = metadata.modified().ok().and_then(|t| t.duration_since(UNIX_EPOCH).ok());
    let key = Key { media: media.id, track, size: metadata.len(), modified_ns: modified.map_or(0, |d| d.as_nanos()) };
    let ffmpeg = app.transcoder.ffmpeg().ok_or_else(|| AppError::from(super::hls::Refusal::NoFfmpeg))?;
    let run = counted(ffmpeg.to_owned(), source.to_owned(), position);
    let text = app.subtitles.outcome(key, run).await.map_err(busy)?;
    text.map(|text| text.to_string()).ok_or_else(not_found)
}

/// One ffmpeg run, counted in the metrics by how it went.
async fn counted(ffmpeg: PathBuf, source: PathBuf, position: u32) -> Option<Arc<str>> {
    let text = extract(&ffmpeg, &source, position).await;
    let outcome = if text.is_some() { "converted" } else { "failed" };
    metrics::counter!(crate::monitoring::SUBTITLE_EXTRACTIONS, "outcome" => outcome).increment(1);
    text.map(Arc::from)
}

/// 503 `subtitles_busy`.
fn busy(Busy { limit }: Busy) -> AppError {
    AppError::Unavailable {
        code: "subtitles_busy",
        message: format!(
            "The server is reading subtitles out of as many videos as it can right now ({limit} at once). Try \
             again in a minute."
        ),
    }
}

async fn extract(ffmpeg: &Path, source: &Path, position: u32) -> Option<String> {
    let mut child = super::ffmpeg_lifetime::command(ffmpeg)
        .args(["-hide_banner", "-nostdin", "-loglevel", "error", "-i"])
        .arg(source)
        .args(["-map", &format!("0:s:{position}"), "-f", "webvtt", "-"])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .ok()?;
    let stdout = child.stdout.take()?;
    let read = async {
        let mut text = String::new();
        stdout.take(MAX_BYTES).read_to_string(&mut text).await.ok()?;
        let status = child.wait().await.ok()?;
        (status.success() && text.starts_with("WEBVTT")).then_some(text)
    };
    tokio::time::timeout(TIME_LIMIT, read).await.ok().flatten()
}
