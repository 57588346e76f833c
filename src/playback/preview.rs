//! `GET /watch/{media_id}/preview`: the muted preview the browse page plays on a title a person rests
//! on. The same checks as the stream (a signed-in profile that may see the title, a file inside its
//! library, cut off at sign-out), but it takes no place among the account's streams, so it reads only
//! a bounded part of the file (see [`super::preview_window`]) and cannot stand in for the stream.

use axum::Extension;
use axum::Json;
use axum::extract::{Path as UrlPath, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};

use super::media::{media_path, visible_media};
use super::preview_window::{allowed, clip};
use super::requester::Requester;
use super::stream::{self, Decision, StreamError};
use crate::connection::ConnectionCut;
use crate::error::AppError;
use crate::playback::PlaybackState;
use crate::web::Watching;

/// `GET|HEAD /watch/{media_id}/preview`.
pub async fn page_preview(
    State(app): State<PlaybackState>,
    watching: Watching,
    UrlPath(id): UrlPath<String>,
    cut: Option<Extension<ConnectionCut>>,
    method: Method,
    headers: HeaderMap,
) -> Response {
    if !watching.session.current.account.autoplay_previews {
        return AppError::NotFound(
            "A preview (autoplay previews are turned off in this account's preferences; tick \
             \"Autoplay previews while browsing\" on the account page to have them)",
        )
        .into_response();
    }
    let requester = Requester::page(&app, &watching, cut);
    preview(requester, &id, &method, &headers).await.unwrap_or_else(IntoResponse::into_response)
}

async fn preview(who: Requester<'_>, id: &str, method: &Method, headers: &HeaderMap) -> Result<Response, AppError> {
    let media = visible_media(who.app, who.profile, id).await?;
    let path = media_path(who.app, &media).await?;
    let len = tokio::fs::metadata(&path).await.map_err(|_| AppError::NotFound("That video's file"))?.len();
    let asked = headers.get(header::RANGE).map(|value| value.to_str().unwrap_or(""));
    let parts = allowed(len, media.duration_seconds);
    let span = match Decision::for_header(asked, len) {
        Decision::Partial { start, end } => clip(&parts, start, end),
        Decision::Full | Decision::Unsatisfiable => None,
    };
    let Some((start, end)) = span else { return Ok(outside(len)) };
    // Only the range: validators and `If-Range` could otherwise turn the answer into the whole file.
    let mut only_range = HeaderMap::new();
    let range = HeaderValue::from_str(&format!("bytes={start}-{end}"))
        .map_err(|_| AppError::bad_request("invalid_range", "That range could not be read."))?;
    only_range.insert(header::RANGE, range);
    let stop = who.cut_at_session_end();
    match stream::serve_file(&path, stream::content_type_for(&path), method, &only_range, stop).await {
        Ok(response) => Ok(response),
        Err(StreamError::Vanished) => Err(AppError::NotFound("That video's file")),
        Err(StreamError::Unreadable(error)) => {
            tracing::warn!(media = %media.id, %error, "a media file could not be read for a preview");
            Err(AppError::NotFound("That video's file"))
        }
    }
}

/// 416: the request reaches outside what a preview may read (or asks for no single range).
fn outside(len: u64) -> Response {
    let body = serde_json::json!({
        "error": "outside_preview",
        "message": "A preview reads only the start of the file and about a minute from a tenth of the way in; \
                    ask for one range of bytes within those. To watch the whole film, play it.",
    });
    let mut response = (StatusCode::RANGE_NOT_SATISFIABLE, Json(body)).into_response();
    if let Ok(value) = HeaderValue::from_str(&format!("bytes */{len}")) {
        response.headers_mut().insert(header::CONTENT_RANGE, value);
    }
    response
}
