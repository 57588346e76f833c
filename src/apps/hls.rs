//! Remuxed and transcoded playback for Jellyfin apps, through Marquee's own HLS streams: the
//! `TranscodingUrl` PlaybackInfo hands out (`/Videos/{id}/master.m3u8`), the media playlist it
//! names (`main.m3u8`), the segments that one names (`hls/{variant}/{n}.ts`), and
//! `DELETE /Videos/ActiveEncodings`, which apps send when they stop. Every address after the first
//! is relative and carries the stream grant, so players that send no token follow them; the limits,
//! the transcode slots and the end at sign-out are the player page's own.

use axum::Extension;
use axum::extract::{FromRef, FromRequestParts, Path, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, Method, StatusCode};
use axum::response::{IntoResponse, Response};

use super::caller::Caller;
use super::error::JellyfinError;
use super::server::JellyfinServer;
use super::stream_caller::StreamCaller;
use super::stream_grant::{LIFETIME_SECS, StreamGrant};
use super::{ids, library};
use crate::auth::Identity;
use crate::connection::ConnectionCut;
use crate::playback::PlaybackState;
use crate::playback::hls::routes::{PlaylistLinks, hls_file};
use crate::playback::requester::Requester;

/// What the stream's addresses carry in their query (names arrive in lower case).
#[derive(Default)]
struct StreamQuery {
    media_source: Option<uuid::Uuid>,
    variant: Option<String>,
}

impl StreamQuery {
    fn read(query: Option<&str>) -> Self {
        let mut read = Self::default();
        for (name, value) in url::form_urlencoded::parse(query.unwrap_or("").as_bytes()) {
            match &*name {
                "mediasourceid" => read.media_source = ids::parse(&value),
                "variant" => read.variant = Some(value.into_owned()),
                _ => {}
            }
        }
        read
    }

    fn variant(&self) -> Result<&str, JellyfinError> {
        self.variant.as_deref().ok_or_else(|| {
            JellyfinError::bad_request(
                "This stream's address names no variant. Ask for the video again (PlaybackInfo).",
            )
        })
    }
}

/// What a request for one file of a stream needs, read from the request.
pub struct StreamRequest {
    app: PlaybackState,
    server: JellyfinServer,
    who: StreamCaller,
    query: Option<String>,
    cut: Option<ConnectionCut>,
    method: Method,
    headers: HeaderMap,
}

impl<S> FromRequestParts<S> for StreamRequest
where
    Identity: FromRef<S>,
    JellyfinServer: FromRef<S>,
    PlaybackState: FromRef<S>,
    S: Send + Sync,
{
    type Rejection = JellyfinError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let who = StreamCaller::from_request_parts(parts, state).await?;
        Ok(Self {
            app: PlaybackState::from_ref(state),
            server: JellyfinServer::from_ref(state),
            who,
            query: parts.uri.query().map(str::to_owned),
            cut: parts.extensions.get::<ConnectionCut>().cloned(),
            method: parts.method.clone(),
            headers: parts.headers.clone(),
        })
    }
}

impl StreamRequest {
    /// `file` (`index.m3u8`, `video.m3u8` or `{n}.ts`) of stream `variant` of `item`, with the
    /// links `links` makes from the media id, the variant and the grant.
    async fn serve(
        self,
        item: &str,
        variant: Option<String>,
        file: &str,
        links: impl FnOnce(&str, &str, &str) -> PlaylistLinks,
    ) -> Result<Response, JellyfinError> {
        let query = StreamQuery::read(self.query.as_deref());
        let item = ids::parse(item).ok_or_else(|| JellyfinError::not_found("That item"))?;
        let media_id = library::playable(&self.app, &self.who.caller, item, query.media_source).await?;
        self.who.may_open(media_id)?;
        let variant = match variant {
            Some(variant) => variant,
            None => query.variant()?.to_owned(),
        };
        let grant = match &self.who.grant {
            Some((_, text)) => text.clone(),
            // The app sent its token: the player it hands the playlists to may not.
            None => {
                let caller = &self.who.caller;
                let grant = StreamGrant {
                    session_id: caller.current.session.id,
                    profile_id: caller.profile.id,
                    media_id,
                    expires_at: crate::clock::now().unix_timestamp() + LIFETIME_SECS,
                };
                self.server.stream_grants(&self.app).await?.sign(&grant)
            }
        };
        let links = links(&ids::text(media_id), &variant, &grant);
        let caller = &self.who.caller;
        let cut = self.cut.map(Extension);
        let who = Requester::session(&self.app, &caller.current, &caller.profile, caller.token_hash, cut);
        hls_file(&who, media_id, &variant, file, &links, &self.method, &self.headers).await.map_err(JellyfinError::from)
    }
}

/// `GET /Videos/{id}/master.m3u8?MediaSourceId=&Variant=&Grant=`: the multivariant playlist.
pub async fn master(request: StreamRequest, Path(item): Path<String>) -> Result<Response, JellyfinError> {
    let links = |media: &str, variant: &str, grant: &str| PlaylistLinks {
        media: format!("main.m3u8?MediaSourceId={media}&Variant={variant}&Grant={grant}"),
        ..PlaylistLinks::default()
    };
    request.serve(&item, None, "index.m3u8", links).await
}

/// `GET /Videos/{id}/main.m3u8?MediaSourceId=&Variant=&Grant=`: the media playlist.
pub async fn main(request: StreamRequest, Path(item): Path<String>) -> Result<Response, JellyfinError> {
    let links = |media: &str, variant: &str, grant: &str| PlaylistLinks {
        segment_before: format!("hls/{variant}/"),
        segment_after: format!("?MediaSourceId={media}&Grant={grant}"),
        ..PlaylistLinks::default()
    };
    request.serve(&item, None, "video.m3u8", links).await
}

/// `GET /Videos/{id}/hls/{variant}/{n}.ts?MediaSourceId=&Grant=`: one segment.
pub async fn segment(
    request: StreamRequest,
    Path((item, variant, file)): Path<(String, String, String)>,
) -> Result<Response, JellyfinError> {
    if !file.ends_with(".ts") {
        return Err(JellyfinError::not_found("That part of the stream"));
    }
    request.serve(&item, Some(variant), &file, |_, _, _| PlaylistLinks::default()).await
}

/// `DELETE /Videos/ActiveEncodings?DeviceId=&PlaySessionId=`: the app stopped playing, so whatever
/// ffmpeg makes for this device stops now rather than at the idle timeout.
pub async fn stop_encodings(State(app): State<PlaybackState>, caller: Caller) -> Response {
    app.transcoder.stop_session(caller.current.session.id).await;
    StatusCode::NO_CONTENT.into_response()
}
