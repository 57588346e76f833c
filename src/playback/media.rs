//! The video and its subtitles, for the player page (session cookie) and for apps (bearer token):
//! one code path, a media id in, a file from the catalog out. A path is never taken from a request.

use std::path::{Path, PathBuf};

use axum::Extension;
use axum::extract::{Path as UrlPath, State};
use axum::http::{HeaderMap, HeaderValue, Method, header};
use axum::response::{IntoResponse, Response};
use uuid::Uuid;

use super::leases::Player;
use super::stream::{self, StreamError};
use crate::auth::ApiViewer;
use crate::auth::watch::SessionWatch;
use crate::connection::ConnectionCut;
use crate::error::AppError;
use crate::state::AppState;
use crate::store::Profile;
use crate::store::catalog::{LeaseOutcome, MediaRecord};
use crate::web::Watching;

/// Subtitle files larger than this are not served (a feature film's are about 100 KB).
const MAX_SUBTITLE_BYTES: u64 = 4 * 1024 * 1024;

/// Who is asking for a file: the session (to stop the stream when it ends) and the profile.
struct Requester<'a> {
    app: &'a AppState,
    profile: &'a Profile,
    account_id: Uuid,
    session_id: Uuid,
    ends_at: i64,
    token_hash: Option<crate::auth::token::TokenHash>,
    /// Cuts the connection the video goes out on (absent when not served through [`crate::serve`]).
    cut: Option<ConnectionCut>,
}

/// `GET|HEAD /watch/{media_id}/stream` for the player page.
pub async fn page_stream(
    State(app): State<AppState>,
    watching: Watching,
    UrlPath(id): UrlPath<String>,
    cut: Option<Extension<ConnectionCut>>,
    method: Method,
    headers: HeaderMap,
) -> Response {
    let current = &watching.session.current;
    let requester = Requester {
        app: &app,
        profile: &watching.profile,
        account_id: current.account.id,
        session_id: current.session.id,
        ends_at: current.ends_at(),
        token_hash: Some(watching.session.token_hash),
        cut: cut.map(|Extension(cut)| cut),
    };
    stream_media(requester, &id, &method, &headers).await.unwrap_or_else(IntoResponse::into_response)
}

/// `GET|HEAD /api/v1/media/{media_id}/stream` for apps and TVs.
pub async fn api_stream(
    State(app): State<AppState>,
    viewer: ApiViewer,
    UrlPath(id): UrlPath<String>,
    cut: Option<Extension<ConnectionCut>>,
    method: Method,
    headers: HeaderMap,
) -> Response {
    let hash = crate::auth::bearer_hash(&headers);
    let requester = Requester {
        app: &app,
        profile: &viewer.profile,
        account_id: viewer.current.account.id,
        session_id: viewer.current.session.id,
        ends_at: viewer.current.ends_at(),
        token_hash: hash,
        cut: cut.map(|Extension(cut)| cut),
    };
    stream_media(requester, &id, &method, &headers).await.unwrap_or_else(IntoResponse::into_response)
}

async fn stream_media(
    who: Requester<'_>,
    id: &str,
    method: &Method,
    headers: &HeaderMap,
) -> Result<Response, AppError> {
    let media = visible_media(who.app, who.profile, id).await?;
    let path = match contained(Path::new(&media.path), &media.library_path).await {
        Some(path) => path,
        None if tokio::fs::symlink_metadata(&media.path).await.is_err() => return Err(vanished(who.app, &media).await),
        // It now leads out of its library (a link swapped in): as if it did not exist.
        None => return Err(AppError::NotFound("That video's file")),
    };
    let player = Player {
        account_id: who.account_id,
        session_id: who.session_id,
        profile_id: who.profile.id,
        media_id: media.id,
    };
    if let LeaseOutcome::TooMany(playing) = who.app.leases.hold_for_stream(player).await? {
        return Err(super::too_many_streams(who.app.leases.limit(), &playing));
    }
    // Subscribed before the body starts, so a sign-out from now on ends it. The connection is cut
    // as well: the body alone would end only after the player has read what the socket holds.
    let watch = SessionWatch::new(who.app.clone(), who.session_id, who.ends_at, who.token_hash);
    let cut = who.cut;
    let stop = async move {
        watch.ended().await;
        if let Some(cut) = cut {
            cut.cut();
        }
    };
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
    State(app): State<AppState>,
    watching: Watching,
    UrlPath((id, track)): UrlPath<(String, String)>,
) -> Result<Response, AppError> {
    subtitles(&app, &watching.profile, &id, &track).await
}

/// `GET /api/v1/media/{media_id}/subtitles/{track}`.
pub async fn api_subtitles(
    State(app): State<AppState>,
    viewer: ApiViewer,
    UrlPath((id, track)): UrlPath<(String, String)>,
) -> Result<Response, AppError> {
    subtitles(&app, &viewer.profile, &id, &track).await
}

/// A subtitle track as WebVTT (SubRip files are converted).
async fn subtitles(app: &AppState, profile: &Profile, id: &str, track: &str) -> Result<Response, AppError> {
    let media = visible_media(app, profile, id).await?;
    let track: i64 = track.parse().map_err(|_| AppError::NotFound("That subtitle track"))?;
    let tracks = app.store.catalog().subtitles(media.id).await?;
    let found = tracks.iter().find(|t| t.track == track).ok_or(AppError::NotFound("That subtitle track"))?;
    let path = PathBuf::from(&found.path);
    let within = contained(&path, &media.library_path).await.ok_or(AppError::NotFound("That subtitle track"))?;
    let metadata = tokio::fs::metadata(&within).await.map_err(|_| AppError::NotFound("That subtitle track"))?;
    if metadata.len() > MAX_SUBTITLE_BYTES {
        return Err(AppError::NotFound("That subtitle track"));
    }
    let bytes = tokio::fs::read(&within).await.map_err(|_| AppError::NotFound("That subtitle track"))?;
    let text = String::from_utf8_lossy(&bytes);
    let is_vtt = within.extension().and_then(|e| e.to_str()).is_some_and(|e| e.eq_ignore_ascii_case("vtt"));
    let vtt = if is_vtt { text.into_owned() } else { crate::catalog::scan::srt_to_vtt(&text) };
    let mut response = vtt.into_response();
    response.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("text/vtt; charset=utf-8"));
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("private, max-age=3600"));
    Ok(response)
}

/// The file, if the profile may see its title (otherwise it does not exist) and it is in the library.
async fn visible_media(app: &AppState, profile: &Profile, id: &str) -> Result<MediaRecord, AppError> {
    let id = Uuid::parse_str(id).map_err(|_| AppError::NotFound("That video"))?;
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
async fn vanished(app: &AppState, media: &MediaRecord) -> AppError {
    if let Err(error) = app.store.catalog().mark_missing(&[media.id], crate::clock::now()).await {
        tracing::warn!(media = %media.id, %error, "could not mark a vanished file missing");
    }
    missing_file()
}

/// `path` resolved, if it resolves to somewhere inside `library`.
async fn contained(path: &Path, library: &str) -> Option<PathBuf> {
    let real = tokio::fs::canonicalize(path).await.ok()?;
    (!library.is_empty() && real.starts_with(library)).then_some(real)
}
