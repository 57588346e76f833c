//! Subtitles ffmpeg turns into WebVTT: text tracks inside a video file (SubRip, ASS, WebVTT, MP4
//! text) and ASS/SSA files beside it, converted the first time they are asked for and kept beside
//! the server's streams until the file changes.

use std::path::Path;
use std::process::Stdio;
use std::time::Duration;

use tokio::io::AsyncReadExt;
use tokio::process::Command;

use crate::error::AppError;
use crate::state::AppState;
use crate::store::catalog::MediaRecord;

/// Reading a whole file's subtitles means reading the whole file; a very slow disk gets this long.
const TIME_LIMIT: Duration = Duration::from_secs(120);
/// A feature film's subtitles are about 100 KB; anything past this is not subtitles.
const MAX_BYTES: u64 = 8 * 1024 * 1024;

/// The WebVTT text of text subtitle track `position` (counted among the file's subtitle tracks).
pub async fn webvtt(app: &AppState, media: &MediaRecord, source: &Path, position: u32) -> Result<String, AppError> {
    let name = format!("{}-{position}-{}-{}.vtt", media.id, media.size, media.modified_ns);
    converted(app, source, position, &name).await
}

/// The WebVTT text of an ASS or SSA file beside a video (`track`: its number among them).
pub async fn webvtt_of_file(app: &AppState, media: &MediaRecord, file: &Path, track: i64) -> Result<String, AppError> {
    let metadata = tokio::fs::metadata(file).await.map_err(|_| AppError::NotFound("That subtitle track"))?;
    let modified = metadata.modified().ok().and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok());
    let name = format!("{}-file{track}-{}-{}.vtt", media.id, metadata.len(), modified.map_or(0, |d| d.as_nanos()));
    converted(app, file, 0, &name).await
}

/// Subtitle stream `position` of `source` as WebVTT, from the cache called `name` or from ffmpeg.
async fn converted(app: &AppState, source: &Path, position: u32, name: &str) -> Result<String, AppError> {
    let not_found = || AppError::NotFound("That subtitle track");
    let folder = app.transcoder.work_dir().join("subtitles");
    let cached = folder.join(name);
    if let Ok(text) = tokio::fs::read_to_string(&cached).await {
        return Ok(text);
    }
    let ffmpeg = app.transcoder.ffmpeg().ok_or_else(|| super::hls::routes::refusal(super::hls::Refusal::NoFfmpeg))?;
    let text = extract(ffmpeg, source, position).await.ok_or_else(not_found)?;
    if tokio::fs::create_dir_all(&folder).await.is_ok() {
        let partial = cached.with_extension(format!("{}.part", uuid::Uuid::new_v4()));
        if tokio::fs::write(&partial, &text).await.is_ok() {
            let _ = tokio::fs::rename(&partial, &cached).await;
        }
    }
    Ok(text)
}

async fn extract(ffmpeg: &Path, source: &Path, position: u32) -> Option<String> {
    let mut child = Command::new(ffmpeg)
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
