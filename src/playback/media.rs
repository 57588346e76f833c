//! The video and its subtitles, for the player page (session cookie) and for apps (bearer token):
//! one code path, a media id in, a file from the catalog out. A path is never taken from a request.

use std::path::{Path, PathBuf};

use axum::Extension;
use axum::extract::{Path as UrlPath, State};
use axum::http::{HeaderMap, HeaderValue, Method, header};
use axum::response::{IntoResponse, Response};
use uuid::Uuid;

use super::requester::Requester;
use super::stream::{self, StreamError};
use crate::auth::ApiViewer;
use crate::connection::ConnectionCut;
use crate::error::AppError;
use crate::library_files::inside_library;
use crate::playback::PlaybackState;
use crate::store::Profile;
use crate::store::catalog::MediaRecord;
use crate::web::{JsonPathId, MediaId, PathId, Watching};

/// Subtitle files larger than this are not served (a feature film's are about 100 KB).
const MAX_SUBTITLE_BYTES: u64 = 4 * 1024 * 1024;

/// `GET|HEAD /watch/{media_id}/stream` for the player page.
pub async fn page_stream(
    State(app): State<PlaybackState>,
    watching: Watching,
    PathId { id, .. }: JsonPathId<MediaId>,
    cut: Option<Extension<ConnectionCut>>,
    method: Method,
    headers: HeaderMap,
) -> Response {
    let requester = Requester::page(&app, &watching, cut);
    stream_media(requester, id, &method, &headers).await.unwrap_or_else(IntoResponse::into_response)
}

/// `GET|HEAD /api/v1/media/{media_id}/stream` for apps and TVs.
pub async fn api_stream(
    State(app): State<PlaybackState>,
    viewer: ApiViewer,
    PathId { id, .. }: JsonPathId<MediaId>,
    cut: Option<Extension<ConnectionCut>>,
    method: Method,
    headers: HeaderMap,
) -> Response {
    let requester = Requester::api(&app, &viewer, &headers, cut);
    stream_media(requester, id, &method, &headers).await.unwrap_or_else(IntoResponse::into_response)
}

/// The file, with ranges, for whoever `who` is, ended the moment its playback must stop.
pub async fn stream_media(
    who: Requester<'_>,
    id: Uuid,
    method: &Method,
    headers: &HeaderMap,
) -> Result<Response, AppError> {
    let media = visible_media(who.app, who.profile, id).await?;
    let path = media_path(who.app, &media).await?;
    who.hold_stream(media.id).await?;
    // Subscribed before the body starts, so a sign-out from now on ends it.
    let stop = who.cut_at_session_end();
    match stream::serve_file(&path, stream::content_type_for(&path), method, headers, stop).await {
        Ok(response) => Ok(response),
        Err(StreamError::Vanished) => Err(vanished(who.app, &media).await),
        Err(StreamError::Unreadable(error)) => {
            tracing::warn!(media = %media.id, %error, "a media file could not be read");
            Err(AppError::NotFound("That video's file"))
        }
    }
}

/// `GET /watch/{media_id}/subtitles/{track}` for the player page.
pub async fn page_subtitles(
    State(app): State<PlaybackState>,
    watching: Watching,
    PathId { id, .. }: JsonPathId<MediaId>,
    UrlPath((_, track)): UrlPath<(String, String)>,
) -> Result<Response, AppError> {
    subtitles(&app, &watching.profile, id, &track).await
}

/// `GET /api/v1/media/{media_id}/subtitles/{track}`.
pub async fn api_subtitles(
    State(app): State<PlaybackState>,
    viewer: ApiViewer,
    PathId { id, .. }: JsonPathId<MediaId>,
    UrlPath((_, track)): UrlPath<(String, String)>,
) -> Result<Response, AppError> {
    subtitles(&app, &viewer.profile, id, &track).await
}

/// A subtitle track as a WebVTT response.
async fn subtitles(app: &PlaybackState, profile: &Profile, id: Uuid, track: &str) -> Result<Response, AppError> {
    subtitle_webvtt(app, profile, id, track).await.map(webvtt_response)
}

/// A subtitle track's WebVTT text: a file beside the video (`track` its number, "3") or a track
/// inside it ("e0"). SubRip files are converted here, ASS and SSA files and tracks inside by ffmpeg.
pub async fn subtitle_webvtt(
    app: &PlaybackState,
    profile: &Profile,
    id: Uuid,
    track: &str,
) -> Result<String, AppError> {
    let media = visible_media(app, profile, id).await?;
    if let Some(position) = track.strip_prefix('e') {
        return embedded_subtitles(app, &media, position).await;
    }
    let track: i64 = track.parse().map_err(|_| AppError::NotFound("That subtitle track"))?;
    let tracks = app.store.catalog().subtitles(media.id).await?;
    let found = tracks.iter().find(|t| t.track == track).ok_or(AppError::NotFound("That subtitle track"))?;
    let path = PathBuf::from(&found.path);
    let within = inside_library(&path, &media.library_path).await.ok_or(AppError::NotFound("That subtitle track"))?;
    let extension = within.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase).unwrap_or_default();
    let metadata = tokio::fs::metadata(&within).await.map_err(|_| AppError::NotFound("That subtitle track"))?;
    if metadata.len() > MAX_SUBTITLE_BYTES {
        return Err(AppError::NotFound("That subtitle track"));
    }
    if extension == "ass" || extension == "ssa" {
        return super::embedded_subtitles::webvtt_of_file(app, &media, &within, found.track).await;
    }
    let bytes = tokio::fs::read(&within).await.map_err(|_| AppError::NotFound("That subtitle track"))?;
    let text = String::from_utf8_lossy(&bytes);
    let is_vtt = extension == "vtt";
    Ok(if is_vtt { text.into_owned() } else { crate::catalog::scan::srt_to_vtt(&text) })
}

/// A text subtitle track inside the file, as WebVTT.
async fn embedded_subtitles(app: &PlaybackState, media: &MediaRecord, position: &str) -> Result<String, AppError> {
    let not_found = || AppError::NotFound("That subtitle track");
    let plain = !position.is_empty() && position.len() <= 3 && position.bytes().all(|b| b.is_ascii_digit());
    let position: u32 = if plain { position.parse().map_err(|_| not_found())? } else { return Err(not_found()) };
    let tracks = app.store.catalog().media_tracks(media.id).await?;
    let track = tracks
        .iter()
        .find(|t| t.kind == "subtitle" && t.position == i64::from(position))
        .filter(|t| super::tracks::is_text_subtitle(&t.codec))
        .ok_or_else(not_found)?;
    let source = media_path(app, media).await?;
    let vtt = super::embedded_subtitles::webvtt(app, media, &source, position).await?;
    tracing::debug!(media = %media.id, track = track.position, "subtitles taken from the file");
    Ok(vtt)
}

fn webvtt_response(vtt: String) -> Response {
    let mut response = vtt.into_response();
    response.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("text/vtt; charset=utf-8"));
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("private, max-age=3600"));
    response
}

/// Where a file is on disk, if it is still inside its library.
pub(super) async fn media_path(app: &PlaybackState, media: &MediaRecord) -> Result<PathBuf, AppError> {
    match inside_library(Path::new(&media.path), &media.library_path).await {
        Some(path) => Ok(path),
        None if tokio::fs::symlink_metadata(&media.path).await.is_err() => Err(vanished(app, media).await),
        // It now leads out of its library (a link swapped in): as if it did not exist.
        None => Err(AppError::NotFound("That video's file")),
    }
}

/// The file, if the profile may see its title (otherwise it does not exist) and it is in the library.
pub(super) async fn visible_media(app: &PlaybackState, profile: &Profile, id: Uuid) -> Result<MediaRecord, AppError> {
    let media = app.store.catalog().media(id, profile.maturity).await?.ok_or(AppError::NotFound("That video"))?;
    if media.missing {
        return Err(missing_file());
    }
    Ok(media)
}

fn missing_file() -> AppError {
    AppError::NotFound(
        "That video's file (it was moved or removed from the library; it comes back after a scan finds it)",
    )
}

/// A file that is gone now is marked missing at once, so pages show the title as unavailable.
async fn vanished(app: &PlaybackState, media: &MediaRecord) -> AppError {
    if let Err(error) = app.store.catalog().mark_missing(&[media.id], crate::clock::now()).await {
        tracing::warn!(media = %media.id, %error, "could not mark a vanished file missing");
    }
    missing_file()
}
