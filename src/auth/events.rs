//! Push to open pages and TV apps: a `signed-out` event the moment their session is revoked or
//! expires, and `profile-left` when their profile was locked and they must choose again.
//!
//! Server-sent events, one stream per open page. The stream ends after `signed-out` (or when the
//! server shuts down); the page's script then goes to the sign-in screen.

use std::convert::Infallible;
use std::time::Duration;

use super::SignedIn;
use crate::revocation::Notice;
use crate::state::AppState;
use crate::web::BrowserSession;
use axum::extract::State;
use axum::response::sse::{Event, KeepAlive, Sse};
use futures_util::Stream;
use tokio::sync::broadcast::error::RecvError;

/// `GET /events` for pages signed in with the session cookie.
pub async fn stream(
    State(app): State<AppState>,
    me: BrowserSession,
) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    signed_out_events(app.clone(), (me.current.session.id, me.current.ends_at()), Some(me.token_hash))
}

/// `GET /api/v1/events` for apps and TVs signed in with a bearer token.
pub async fn api_stream(
    State(app): State<AppState>,
    SignedIn(me): SignedIn,
    headers: axum::http::HeaderMap,
) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    let hash = headers
        .get(axum::http::header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split_once(' ').map(|(_, token)| token.trim().to_string()))
        .and_then(|token| super::token::hash_presented(&token));
    signed_out_events(app.clone(), (me.session.id, me.ends_at()), hash)
}

enum Next {
    SignedOut,
    ProfileLeft,
    End,
}

/// The stream's state between events.
struct Watch {
    app: AppState,
    notices: tokio::sync::broadcast::Receiver<Notice>,
    shutdown: tokio::sync::watch::Receiver<bool>,
    /// When the session ends unless it is used again; checked again then.
    ends_at: i64,
}

fn signed_out_events(
    app: AppState,
    (session_id, ends_at): (uuid::Uuid, i64),
    hash: Option<super::token::TokenHash>,
) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    let watch = Watch { notices: app.sessions.notices(), shutdown: app.shutdown.clone(), ends_at, app };
    let events = futures_util::stream::unfold(Some(watch), move |watch| async move {
        let mut watch = watch?;
        let next = loop {
            let wait = u64::try_from(watch.ends_at - crate::clock::now().unix_timestamp()).unwrap_or(0);
            tokio::select! {
                notice = watch.notices.recv() => match notice {
                    Ok(Notice::Revoked(revoked)) if revoked.session_ids.contains(&session_id) => break Next::SignedOut,
                    Ok(Notice::ProfileLeft(left)) if left.session_ids.contains(&session_id) => break Next::ProfileLeft,
                    Ok(Notice::Revoked(_) | Notice::ProfileLeft(_)) => continue,
                    // Notices may be lost: ask the database whether this session still lives.
                    Ok(Notice::MayHaveMissed) | Err(RecvError::Lagged(_)) => match still_alive(&watch.app, &hash).await {
                        Some(ends_at) => watch.ends_at = ends_at,
                        None => break Next::SignedOut,
                    },
                    Err(RecvError::Closed) => break Next::End,
                },
                // The session idles out or reaches its lifetime: unless it was used meanwhile, it is over.
                () = tokio::time::sleep(Duration::from_secs(wait)) => match still_alive(&watch.app, &hash).await {
                    Some(ends_at) => watch.ends_at = ends_at.max(crate::clock::now().unix_timestamp() + 1),
                    None => break Next::SignedOut,
                },
                _ = watch.shutdown.changed() => break Next::End,
            }
        };
        match next {
            Next::SignedOut => Some((Ok(Event::default().event("signed-out").data("signed-out")), None)),
            // The device stays signed in, back at "Who's watching?": the stream goes on.
            Next::ProfileLeft => Some((Ok(Event::default().event("profile-left").data("profile-left")), Some(watch))),
            Next::End => None,
        }
    });
    Sse::new(events).keep_alive(KeepAlive::new().interval(Duration::from_secs(20)))
}

/// When the session ends, if it still lives.
async fn still_alive(app: &AppState, hash: &Option<super::token::TokenHash>) -> Option<i64> {
    let hash = hash.as_ref()?;
    match app.sessions.authenticate(hash, None).await {
        Ok(Some(current)) => Some(current.ends_at()),
        _ => None,
    }
}
