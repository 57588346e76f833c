//! The revocation bus: tells everything that holds a session in memory that it has ended (or has
//! been sent back to "Who's watching?").
//!
//! Revoking commits to the database first, then publishes here. Subscribers (the session cache,
//! event streams, and later video responses) act on what they receive. Other instances hear of it
//! through PostgreSQL's NOTIFY, sent in the revoking transaction. Notices can still be missed
//! (another process revoked on SQLite, a notification lost while reconnecting, a connection gone
//! silent), so every instance also polls the database's session event log each second. The log is
//! numbered in commit order and the poll remembers the last number it saw, so no committed event is
//! skipped whatever the commit delay or the clocks say; a deleted account's events stay in the log,
//! and a listener that lost its connection tells subscribers to forget everything they hold. A
//! missed notice delays nothing by more than a second, and never brings a session back.

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::broadcast;
use uuid::Uuid;

use crate::store::{RevocationNotice, SessionEventKind, Store};

/// How often the database is asked for revocations this process may not have heard of.
pub const POLL_EVERY: Duration = Duration::from_secs(1);

/// Sessions that have just ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Revoked {
    pub account_id: Uuid,
    pub session_ids: Vec<Uuid>,
}

/// What subscribers receive.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Notice {
    Revoked(Revoked),
    /// These sessions no longer have a profile chosen: they go back to "Who's watching?".
    ProfileLeft(Revoked),
    /// Notices may have been lost: drop anything held in memory and ask the database again.
    MayHaveMissed,
}

/// Events read from the log per poll at most; a longer backlog is read over the next polls.
const POLL_BATCH: i64 = 1000;

#[derive(Clone)]
pub struct RevocationBus {
    sender: broadcast::Sender<Notice>,
}

impl Default for RevocationBus {
    fn default() -> Self {
        Self::new()
    }
}

impl RevocationBus {
    pub fn new() -> Self {
        let (sender, _) = broadcast::channel(1024);
        Self { sender }
    }

    /// Announces ended sessions to every subscriber in this process.
    pub fn publish(&self, revoked: Revoked) {
        self.send(SessionEventKind::Revoked, revoked);
    }

    /// Announces sessions sent back to "Who's watching?".
    pub fn publish_profile_left(&self, left: Revoked) {
        self.send(SessionEventKind::ProfileLeft, left);
    }

    fn send(&self, kind: SessionEventKind, sessions: Revoked) {
        if sessions.session_ids.is_empty() {
            return;
        }
        let notice = match kind {
            SessionEventKind::Revoked => Notice::Revoked(sessions),
            SessionEventKind::ProfileLeft => Notice::ProfileLeft(sessions),
        };
        // No subscribers is fine: nothing live to stop.
        let _ = self.sender.send(notice);
    }

    pub fn subscribe(&self) -> broadcast::Receiver<Notice> {
        self.sender.subscribe()
    }

    /// Relays what the store's listener hears from other instances, where the backend has one.
    pub fn spawn_listener(&self, store: &dyn Store) -> Option<tokio::task::JoinHandle<()>> {
        let bus = self.clone();
        store.spawn_revocation_listener(std::sync::Arc::new(move |notice| match notice {
            RevocationNotice::Event { kind, account_id, session_ids } => {
                bus.send(kind, Revoked { account_id, session_ids })
            }
            RevocationNotice::MayHaveMissed => {
                let _ = bus.sender.send(Notice::MayHaveMissed);
            }
        }))
    }

    /// Polls the store's session event log for what happened elsewhere and publishes it.
    pub fn spawn_poller(&self, store: Arc<dyn Store>) -> tokio::task::JoinHandle<()> {
        let bus = self.clone();
        tokio::spawn(async move {
            // Events before the start concern nothing this process holds yet.
            let mut seen = loop {
                match store.latest_session_event().await {
                    Ok(seq) => break seq,
                    Err(error) => {
                        tracing::warn!(%error, "could not read the session event log; retrying");
                        tokio::time::sleep(POLL_EVERY).await;
                    }
                }
            };
            let mut ticks = tokio::time::interval(POLL_EVERY);
            ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            loop {
                ticks.tick().await;
                match store.session_events_after(seen, POLL_BATCH).await {
                    Ok(events) => {
                        for event in events {
                            seen = seen.max(event.seq);
                            let sessions =
                                Revoked { account_id: event.account_id, session_ids: vec![event.session_id] };
                            bus.send(event.kind, sessions);
                        }
                    }
                    Err(error) => tracing::warn!(%error, "could not poll the session event log"),
                }
            }
        })
    }
}
