//! Push to open pages and TV apps: a `signed-out` event the moment their session is revoked.
//!
//! Server-sent events, one stream per open page. The stream ends after the event (or when the
//! server shuts down); the page's script then goes to the sign-in screen.

use std::convert::Infallible;
use std::time::Duration;

use axum::extract::State;
use axum::response::sse::{Event, KeepAlive, Sse};
use futures_util::Stream;
use tokio::sync::broadcast::error::RecvError;
use uuid::Uuid;

use super::SignedIn;
use crate::revocation::Notice;
use crate::state::AppState;
use crate::web::BrowserSession;

/// `GET /events` for pages signed in with the session cookie.
pub async fn stream(
    State(app): State<AppState>,
    me: BrowserSession,
) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    signed_out_events(app, me.current.session.id, Some(me.token_hash))
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
    signed_out_events(app, me.session.id, hash)
}

enum Next {
    SignedOut,
    End,
}

fn signed_out_events(
    app: AppState,
    session_id: Uuid,
    hash: Option<super::token::TokenHash>,
) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    let notices = app.sessions.notices();
    let shutdown = app.shutdown.clone();
    let state = Some((app, notices, shutdown));
    let events = futures_util::stream::unfold(state, move |state| async move {
        let (app, mut notices, mut shutdown) = state?;
        let next = loop {
            tokio::select! {
                notice = notices.recv() => match notice {
                    Ok(Notice::Revoked(revoked)) if revoked.session_ids.contains(&session_id) => break Next::SignedOut,
                    Ok(Notice::Revoked(_)) => continue,
                    // Notices may be lost: ask the database whether this session still lives.
                    Ok(Notice::MayHaveMissed) | Err(RecvError::Lagged(_)) => {
                        let alive = match &hash {
                            Some(hash) => matches!(app.sessions.authenticate(hash, None).await, Ok(Some(_))),
                            None => false,
                        };
                        if !alive {
                            break Next::SignedOut;
                        }
                    }
                    Err(RecvError::Closed) => break Next::End,
                },
                _ = shutdown.changed() => break Next::End,
            }
        };
        match next {
            Next::SignedOut => Some((Ok(Event::default().event("signed-out").data("signed-out")), None)),
            Next::End => None,
        }
    });
    Sse::new(events).keep_alive(KeepAlive::new().interval(Duration::from_secs(20)))
}
