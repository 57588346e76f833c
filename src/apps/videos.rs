//! `GET|HEAD /Videos/{id}/stream` (also `stream.{container}`): the video file as it is, with ranges,
//! through the same path as Marquee's own player: the profile's maturity level, the account's stream
//! limit, the library gate, and an end the moment the device's session ends.

use axum::Extension;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, Method};
use axum::response::Response;

use super::caller::Caller;
use super::error::JellyfinError;
use super::item_query::RawQuery as Query;
use super::{ids, library};
use crate::connection::ConnectionCut;
use crate::playback::PlaybackState;
use crate::playback::media::stream_media;
use crate::playback::requester::Requester;

/// The file as it is, whatever `static` says: Marquee converts only through HLS.
pub async fn stream(
    State(app): State<PlaybackState>,
    caller: Caller,
    Path((id, file)): Path<(String, String)>,
    RawQuery(query): RawQuery,
    cut: Option<Extension<ConnectionCut>>,
    method: Method,
    headers: HeaderMap,
) -> Result<Response, JellyfinError> {
    if file != "stream" && !file.starts_with("stream.") {
        return Err(JellyfinError::NotFound(format!("Marquee does not offer /videos/{{id}}/{file} to Jellyfin apps.")));
    }
    let item = ids::parse(&id).ok_or_else(|| JellyfinError::not_found("That item"))?;
    let source = Query::parse(query.as_deref())?.media_source();
    let media_id = library::playable(&app, &caller, item, source).await?;
    let who = Requester::session(&app, &caller.current, &caller.profile, caller.token_hash, cut);
    stream_media(who, media_id, &method, &headers).await.map_err(JellyfinError::from)
}
