//! Waits for one session to end, for everything that stays open on its behalf: event streams,
//! video responses, later transcodes.
//!
//! A session ends when it is revoked (news of it on the revocation bus), when it idles out or
//! reaches its lifetime, or — as far as an open response is concerned — when the server shuts
//! down. Notices can be missed, so on `MayHaveMissed` the database is asked again.

use std::time::Duration;

use uuid::Uuid;

use super::token::TokenHash;
use crate::auth::Identity;
use crate::revocation::{Heard, Watching};

/// What happened to the watched session.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WatchEvent {
    /// The session is over: revoked, idled out or past its lifetime.
    SignedOut,
    /// The session lives on, but its profile was locked: the device goes back to "Who's watching?".
    ProfileLeft,
    /// The session lives on, but its playback was stopped (from another device, or its player closed).
    StreamStopped,
    /// The server is shutting down: stop watching, nothing more will come.
    End,
}

/// Watches one session. Starts at creation, so nothing published after [`SessionWatch::new`]
/// returns is missed, even if the first [`SessionWatch::next`] comes later.
pub struct SessionWatch {
    app: Identity,
    /// The presented token's hash, to ask the database again; without it, doubt means signed out.
    hash: Option<TokenHash>,
    news: Watching,
    shutdown: tokio::sync::watch::Receiver<bool>,
    /// When the session ends unless it is used again; checked again then.
    ends_at: i64,
}

impl SessionWatch {
    /// Starts watching `session_id`, which ends at `ends_at` (unix seconds) unless used again.
    pub fn new(app: Identity, session_id: Uuid, ends_at: i64, hash: Option<TokenHash>) -> Self {
        Self { news: app.sessions.watch(session_id), shutdown: app.shutdown.clone(), app, hash, ends_at }
    }

    /// Waits for the next thing that concerns this session. After `SignedOut` or `End` there is
    /// nothing more to wait for; after `ProfileLeft` the session goes on.
    pub async fn next(&mut self) -> WatchEvent {
        if *self.shutdown.borrow() {
            return WatchEvent::End;
        }
        loop {
            let wait = u64::try_from(self.ends_at - crate::clock::now().unix_timestamp()).unwrap_or(0);
            tokio::select! {
                heard = self.news.next() => match heard {
                    Heard::SignedOut => return WatchEvent::SignedOut,
                    Heard::ProfileLeft => return WatchEvent::ProfileLeft,
                    Heard::StreamStopped => return WatchEvent::StreamStopped,
                    // Notices may be lost: ask the database whether this session still lives.
                    Heard::MayHaveMissed => match self.still_alive().await {
                        Some(ends_at) => self.ends_at = ends_at,
                        None => return WatchEvent::SignedOut,
                    },
                },
                // The session idles out or reaches its lifetime: unless it was used meanwhile, it is over.
                () = tokio::time::sleep(Duration::from_secs(wait)) => match self.still_alive().await {
                    Some(ends_at) => self.ends_at = ends_at.max(crate::clock::now().unix_timestamp() + 1),
                    None => return WatchEvent::SignedOut,
                },
                changed = self.shutdown.changed() => {
                    // A dropped sender means the server is gone as well.
                    if changed.is_err() || *self.shutdown.borrow() {
                        return WatchEvent::End;
                    }
                }
            }
        }
    }

    /// Resolves when the session is over (signed out or expired) or the server shuts down; a
    /// profile being left does not end it.
    pub async fn ended(mut self) {
        loop {
            match self.next().await {
                WatchEvent::SignedOut | WatchEvent::End => return,
                WatchEvent::ProfileLeft | WatchEvent::StreamStopped => continue,
            }
        }
    }

    /// Resolves when what the session plays must stop: the session is over, its playback was
    /// stopped, or the server shuts down.
    pub async fn playback_ended(mut self) {
        loop {
            match self.next().await {
                WatchEvent::SignedOut | WatchEvent::End | WatchEvent::StreamStopped => return,
                WatchEvent::ProfileLeft => continue,
            }
        }
    }

    /// When the session ends, if it still lives.
    async fn still_alive(&self) -> Option<i64> {
        let hash = self.hash.as_ref()?;
        match self.app.sessions.authenticate(hash, None).await {
            Ok(Some(current)) => Some(current.ends_at()),
            _ => None,
        }
    }
}
