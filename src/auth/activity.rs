//! Keeps `last_seen_at` and the address of each session fresh without a write per request.
//!
//! A request notes its session here; at most once a minute per session that becomes a pending
//! write, and pending writes are flushed in one batch every few seconds, off the request path.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use time::OffsetDateTime;
use uuid::Uuid;

use crate::store::{SessionActivity, SessionRecord, Store};

/// A session's activity is written at most this often.
pub const WRITE_INTERVAL: time::Duration = time::Duration::minutes(1);
/// How often pending writes are flushed.
pub const FLUSH_EVERY: Duration = Duration::from_secs(5);

#[derive(Default)]
struct Seen {
    /// The latest activity this process knows of, written or not.
    last_noted: Option<OffsetDateTime>,
    pending: Option<SessionActivity>,
}

#[derive(Default)]
pub struct ActivityRecorder {
    seen: Mutex<HashMap<Uuid, Seen>>,
}

impl ActivityRecorder {
    /// Records that `session` was used at `now` from `ip`. Cheap: a map update under a short lock.
    pub fn note(&self, session: &SessionRecord, now: OffsetDateTime, ip: Option<std::net::IpAddr>) {
        let mut seen = self.seen.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        let entry = seen.entry(session.id).or_default();
        let known = entry.last_noted.map_or(session.last_seen_at, |noted| noted.max(session.last_seen_at));
        if now - known < WRITE_INTERVAL {
            return;
        }
        entry.last_noted = Some(now);
        entry.pending = Some(SessionActivity {
            session_id: session.id,
            seen_at: now,
            ip: ip.map(|ip| ip.to_string()),
            idle_expires_at: now + time::Duration::seconds(session.idle_timeout_secs),
        });
    }

    /// The freshest activity known for a session, which may be newer than the database's.
    pub fn last_seen(&self, session: &SessionRecord) -> (OffsetDateTime, Option<String>) {
        let seen = self.seen.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        match seen.get(&session.id).and_then(|entry| entry.pending.as_ref()) {
            Some(pending) if pending.seen_at > session.last_seen_at => {
                (pending.seen_at, pending.ip.clone().or_else(|| session.ip.clone()))
            }
            _ => (session.last_seen_at, session.ip.clone()),
        }
    }

    /// Writes what is pending. On failure the batch is put back for the next flush.
    pub async fn flush(&self, store: &dyn Store, now: OffsetDateTime) {
        let batch: Vec<SessionActivity> = {
            let mut seen = self.seen.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
            // Entries older than the write interval no longer suppress anything: drop them.
            seen.retain(|_, entry| {
                entry.pending.is_some() || entry.last_noted.is_some_and(|at| now - at < WRITE_INTERVAL)
            });
            seen.values_mut().filter_map(|entry| entry.pending.take()).collect()
        };
        if batch.is_empty() {
            return;
        }
        if let Err(error) = store.record_session_activity(&batch).await {
            tracing::warn!(%error, sessions = batch.len(), "could not record session activity; will retry");
            let mut seen = self.seen.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
            for activity in batch {
                let entry = seen.entry(activity.session_id).or_default();
                if entry.pending.is_none() {
                    entry.pending = Some(activity);
                }
            }
        }
    }

    /// Flushes every [`FLUSH_EVERY`] until the process ends.
    pub fn spawn_flusher(self: &Arc<Self>, store: Arc<dyn Store>) -> tokio::task::JoinHandle<()> {
        let recorder = self.clone();
        tokio::spawn(async move {
            let mut ticks = tokio::time::interval(FLUSH_EVERY);
            ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            loop {
                ticks.tick().await;
                recorder.flush(store.as_ref(), crate::clock::now()).await;
            }
        })
    }
}
