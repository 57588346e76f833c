//! The revocation bus: tells everything that holds a session in memory that it has ended.
//!
//! Revoking commits to the database first, then publishes here. Subscribers (the session cache,
//! and later event streams and video responses) act on what they receive. Other instances hear
//! of it through PostgreSQL's NOTIFY, sent in the revoking transaction. Notices can still be
//! missed (another process revoked on SQLite, a notification lost while reconnecting), so every
//! instance also polls the database for recent revocations each second, and a listener that
//! lost its connection tells subscribers to forget everything they hold. A missed notice delays
//! nothing by more than a second, and never brings a session back.

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::broadcast;
use uuid::Uuid;

use crate::store::{RevocationNotice, Store};

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
    /// Notices may have been lost: drop anything held in memory and ask the database again.
    MayHaveMissed,
}

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
        if !revoked.session_ids.is_empty() {
            // No subscribers is fine: nothing live to stop.
            let _ = self.sender.send(Notice::Revoked(revoked));
        }
    }

    pub fn subscribe(&self) -> broadcast::Receiver<Notice> {
        self.sender.subscribe()
    }

    /// Relays what the store's listener hears from other instances, where the backend has one.
    pub fn spawn_listener(&self, store: &dyn Store) -> Option<tokio::task::JoinHandle<()>> {
        let bus = self.clone();
        store.spawn_revocation_listener(std::sync::Arc::new(move |notice| match notice {
            RevocationNotice::Revoked { account_id, session_ids } => bus.publish(Revoked { account_id, session_ids }),
            RevocationNotice::MayHaveMissed => {
                let _ = bus.sender.send(Notice::MayHaveMissed);
            }
        }))
    }

    /// Polls the store for sessions revoked elsewhere and publishes them.
    pub fn spawn_poller(&self, store: Arc<dyn Store>) -> tokio::task::JoinHandle<()> {
        let bus = self.clone();
        tokio::spawn(async move {
            // Overlap the windows: stored times are whole seconds, and clocks of instances differ a little.
            let overlap = time::Duration::seconds(3);
            let mut since = crate::clock::now() - overlap;
            // Ids seen by the previous poll: the windows overlap, so each is published once.
            let mut previous: std::collections::HashSet<Uuid> = Default::default();
            let mut ticks = tokio::time::interval(POLL_EVERY);
            ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            loop {
                ticks.tick().await;
                let polled_at = crate::clock::now();
                match store.sessions_revoked_since(since).await {
                    Ok(rows) => {
                        let mut current = std::collections::HashSet::with_capacity(rows.len());
                        for (account_id, session_id) in rows {
                            current.insert(session_id);
                            if !previous.contains(&session_id) {
                                bus.publish(Revoked { account_id, session_ids: vec![session_id] });
                            }
                        }
                        previous = current;
                        since = polled_at - overlap;
                    }
                    Err(error) => tracing::warn!(%error, "could not poll for revoked sessions"),
                }
            }
        })
    }
}
