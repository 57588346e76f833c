//! Push to open pages and TV apps: a `signed-out` event the moment their session is revoked or
//! expires, `profile-left` when their profile was locked and they must choose again, and
//! `playback-stopped` (`{"by": device name or null}`) when another device stopped their video.
//!
//! Server-sent events, one stream per open page. The stream ends after `signed-out` (or when the
//! server shuts down); the page's script then goes to the sign-in screen. Every stream says
//! `X-Accel-Buffering: no`, so a reverse proxy that buffers answers (nginx does by default) passes
//! each event on at once instead of holding it until its buffer fills.

use std::convert::Infallible;
use std::time::Duration;

use crate::auth::Identity;
use crate::auth::SignedIn;
use crate::auth::session_end::{SessionWatch, WatchEvent};
use crate::web::BrowserSession;
use axum::extract::State;
use axum::response::IntoResponse;
use axum::response::sse::{Event, KeepAlive, Sse};

/// `GET /events` for pages signed in with the session cookie.
pub async fn stream(State(app): State<Identity>, me: BrowserSession) -> impl IntoResponse {
    signed_out_events(app.clone(), (me.current.session.id, me.current.ends_at()), Some(me.token_hash))
}

/// `GET /api/v1/events` for apps and TVs signed in with a bearer token.
pub async fn api_stream(
    State(app): State<Identity>,
    SignedIn(me): SignedIn,
    headers: axum::http::HeaderMap,
) -> impl IntoResponse {
    let hash = crate::auth::bearer_hash(&headers);
    signed_out_events(app.clone(), (me.session.id, me.ends_at()), hash)
}

fn signed_out_events(
    app: Identity,
    (session_id, ends_at): (uuid::Uuid, i64),
    hash: Option<crate::auth::token::TokenHash>,
) -> impl IntoResponse {
    // Subscribed here, before the handler returns, so a revocation from now on is not missed.
    let store = app.store.clone();
    let watch = SessionWatch::new(app, session_id, ends_at, hash);
    let events = futures_util::stream::unfold(Some(watch), move |watch| {
        let store = store.clone();
        async move {
            let mut watch = watch?;
            match watch.next().await {
                WatchEvent::SignedOut => {
                    Some((Ok::<_, Infallible>(Event::default().event("signed-out").data("signed-out")), None))
                }
                // The device stays signed in, back at "Who's watching?": the stream goes on.
                WatchEvent::ProfileLeft => Some((
                    Ok::<_, Infallible>(Event::default().event("profile-left").data("profile-left")),
                    Some(watch),
                )),
                // The video ends by itself; the player hears who stopped it, and the stream goes on.
                WatchEvent::StreamStopped => {
                    let by = store.stream_stopped_by(session_id).await.ok().flatten();
                    let event = Event::default().event("playback-stopped");
                    let event = event.json_data(serde_json::json!({ "by": by })).unwrap_or_else(|_| Event::default());
                    Some((Ok::<_, Infallible>(event), Some(watch)))
                }
                WatchEvent::End => None,
            }
        }
    });
    let open = crate::monitoring::OpenGuard::new(crate::monitoring::EVENT_STREAMS_OPEN);
    // The guard lives as long as the stream: the gauge falls when the client goes or the stream ends.
    let events = futures_util::StreamExt::map(events, move |event| {
        let _open = &open;
        event
    });
    let unbuffered = [("x-accel-buffering", "no")];
    (unbuffered, Sse::new(events).keep_alive(KeepAlive::new().interval(Duration::from_secs(20))))
}
