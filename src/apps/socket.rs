//! `GET /socket`: Jellyfin's WebSocket, which apps keep open to be told things. Marquee tells them
//! one: stop playing. When the device's session ends, by whatever means and on whichever instance,
//! the app hears `Playstate` `Stop` and the socket closes (with a reason); when only its playback was
//! stopped from another device, it hears `Stop` and the socket stays.
//!
//! The token comes as Jellyfin's apps send it (the `Authorization` header, or `api_key` in the
//! address, since browsers cannot set headers on a WebSocket) and is checked as for any request:
//! an unknown or ended one is refused with 401 before any upgrade. Open, the socket costs no
//! database work: keep-alives are answered from memory and the session's end is heard through
//! [`SessionWatch`], as event streams and videos hear it.

use std::pin::pin;
use std::time::Duration;

use axum::extract::State;
use axum::extract::ws::rejection::WebSocketUpgradeRejection;
use axum::extract::ws::{CloseFrame, Message, WebSocket, WebSocketUpgrade, close_code};
use axum::response::Response;
use futures_util::StreamExt as _;
use tokio::time::Instant;

use super::caller::Caller;
use super::error::JellyfinError;
use super::server::JellyfinServer;
use super::socket_limit::{SOCKETS_PER_SESSION, SocketPlace};
use super::socket_messages::{Incoming, Outgoing};
use crate::auth::Identity;
use crate::auth::session_end::{SessionWatch, WatchEvent};
use crate::monitoring::{APP_SOCKETS_OPEN, OpenGuard};

/// What `ForceKeepAlive` says: apps send `KeepAlive` every half of it (15 s), well inside the
/// minute after which proxies (nginx's default `proxy_read_timeout`) drop a quiet connection.
pub const KEEP_ALIVE: Duration = Duration::from_secs(30);
/// A socket that says nothing (no message, no ping) for this long is closed: its app is gone.
const SILENCE_LIMIT: Duration = Duration::from_secs(2 * KEEP_ALIVE.as_secs());
/// An app that does not take a message within this long is not reading: the socket is let go.
const SEND_LIMIT: Duration = Duration::from_secs(10);
/// How long a closing socket waits for the app's own close frame.
const CLOSE_LIMIT: Duration = Duration::from_secs(2);
/// Apps send a few hundred bytes at most; anything far larger is refused by the socket itself.
const MESSAGE_LIMIT: usize = 64 * 1024;

/// Opens the socket for a signed-in app.
pub async fn open(
    State(app): State<Identity>,
    State(server): State<JellyfinServer>,
    caller: Caller,
    upgrade: Result<WebSocketUpgrade, WebSocketUpgradeRejection>,
) -> Result<Response, JellyfinError> {
    let upgrade = upgrade.map_err(|_| {
        JellyfinError::bad_request("/socket is a WebSocket: open it with a WebSocket client, not a plain request.")
    })?;
    let current = &caller.current;
    let place = server.sockets.take(current.session.id).ok_or_else(|| JellyfinError::TooManyRequests {
        retry_after_secs: KEEP_ALIVE.as_secs(),
        message: format!(
            "This device already has {SOCKETS_PER_SESSION} connections open to /socket; close one before opening another."
        ),
    })?;
    let watch = SessionWatch::new(app.clone(), current.session.id, current.ends_at(), Some(caller.token_hash));
    // Watched from here on; asked once more (from memory), so an end between the check that let
    // this request in and the watch's start is not missed.
    let still = app.sessions.authenticate(&caller.token_hash, None).await?;
    if still.is_none_or(|current| current.session.profile_id.is_none()) {
        return Err(JellyfinError::signed_out());
    }
    Ok(upgrade
        .max_message_size(MESSAGE_LIMIT)
        .max_frame_size(MESSAGE_LIMIT)
        .on_upgrade(move |socket| keep(socket, watch, place)))
}

/// Why the server closes a socket.
#[derive(Debug, Clone, Copy)]
enum Closing {
    SignedOut,
    Silent,
    ShuttingDown,
}

/// What one turn of the socket's loop came to.
enum Turn {
    Send(Outgoing),
    Nothing,
    Close(Closing),
    /// The app closed the socket or the connection broke.
    Gone,
}

/// Serves one open socket until the session ends, the app goes or falls silent, or the server stops.
/// `_place` is the socket's place among its device's, held until it closes.
async fn keep(mut socket: WebSocket, watch: SessionWatch, _place: SocketPlace) {
    let _open = OpenGuard::new(APP_SOCKETS_OPEN);
    // One stream of the session's news: waiting on it again after another branch won loses nothing.
    let mut news = pin!(futures_util::stream::unfold(watch, |mut watch| async move {
        let event = watch.next().await;
        Some((event, watch))
    }));
    if !send(&mut socket, Outgoing::ForceKeepAlive { seconds: KEEP_ALIVE.as_secs() }).await {
        return;
    }
    let mut heard_at = Instant::now();
    loop {
        let turn = tokio::select! {
            event = news.next() => match event {
                Some(WatchEvent::StreamStopped) => Turn::Send(Outgoing::PlaystateStop),
                // A locked profile leaves the app signed out as far as Jellyfin goes: its token is refused.
                Some(WatchEvent::SignedOut | WatchEvent::ProfileLeft) => Turn::Close(Closing::SignedOut),
                Some(WatchEvent::End) | None => Turn::Close(Closing::ShuttingDown),
            },
            message = socket.recv() => match message {
                Some(Ok(message)) => {
                    heard_at = Instant::now();
                    match message {
                        Message::Text(text) if Incoming::read(&text) == Incoming::KeepAlive => {
                            Turn::Send(Outgoing::KeepAlive { seconds: KEEP_ALIVE.as_secs() })
                        }
                        // Pings are answered by the socket itself; a close frame is answered as the stream ends.
                        _ => Turn::Nothing,
                    }
                }
                Some(Err(_)) | None => Turn::Gone,
            },
            () = tokio::time::sleep_until(heard_at + SILENCE_LIMIT) => Turn::Close(Closing::Silent),
        };
        match turn {
            Turn::Send(message) => {
                if !send(&mut socket, message).await {
                    return;
                }
            }
            Turn::Nothing => {}
            Turn::Close(why) => return close(socket, why).await,
            Turn::Gone => return,
        }
    }
}

/// Sends one message; false when the app is gone or not reading.
async fn send(socket: &mut WebSocket, message: Outgoing) -> bool {
    let sent = tokio::time::timeout(SEND_LIMIT, socket.send(Message::Text(message.to_text().into()))).await;
    matches!(sent, Ok(Ok(())))
}

/// Says why, closes, and waits a moment for the app's own close frame.
async fn close(mut socket: WebSocket, why: Closing) {
    let (code, reason) = match why {
        Closing::SignedOut => {
            if !send(&mut socket, Outgoing::PlaystateStop).await {
                return;
            }
            (close_code::NORMAL, "This device was signed out.")
        }
        Closing::Silent => (close_code::NORMAL, "Nothing was heard from this app for a minute."),
        Closing::ShuttingDown => (close_code::AWAY, "The server is shutting down."),
    };
    let frame = CloseFrame { code, reason: reason.into() };
    if !matches!(tokio::time::timeout(SEND_LIMIT, socket.send(Message::Close(Some(frame)))).await, Ok(Ok(()))) {
        return;
    }
    let _ = tokio::time::timeout(CLOSE_LIMIT, async {
        while let Some(Ok(message)) = socket.recv().await {
            if matches!(message, Message::Close(_)) {
                break;
            }
        }
    })
    .await;
}
