//! How far this instance has applied the session event log, told to the other instances; and, after a
//! sign-out or a profile choice, waiting until every live instance has applied it, so that the
//! device's very next request is refused (or sees its new profile) wherever the load balancer sends it.
//!
//! Each instance reports its position about once a second, and at once whenever a notice from
//! another instance moves it on. An instance not heard from for [`ALIVE_WITHIN`] is taken for gone;
//! one that is alive but does not catch up is waited for at most [`SETTLE_WITHIN`].

use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};
use std::time::Duration;

use tokio::sync::Notify;
use uuid::Uuid;

use crate::store::Store;

/// How often a live instance reports itself, even when nothing happens.
pub const REPORT_EVERY: Duration = Duration::from_secs(1);
/// An instance that has not reported for this long is not waited for.
pub const ALIVE_WITHIN: time::Duration = time::Duration::seconds(5);
/// The longest a sign-out waits for an instance that is alive but has not applied it.
pub const SETTLE_WITHIN: Duration = Duration::from_secs(1);
/// How often the waiting instance looks again.
const LOOK_EVERY: Duration = Duration::from_millis(2);

/// This instance's place in the session event log.
pub struct Progress {
    instance: Uuid,
    applied: AtomicI64,
    moved: Notify,
}

impl Default for Progress {
    fn default() -> Self {
        Self { instance: Uuid::new_v4(), applied: AtomicI64::new(0), moved: Notify::new() }
    }
}

impl Progress {
    /// This process's name among the instances.
    pub fn instance(&self) -> Uuid {
        self.instance
    }

    /// Every event up to `seq` has been applied here.
    pub fn applied_up_to(&self, seq: i64) {
        if self.applied.fetch_max(seq, Ordering::AcqRel) < seq {
            self.moved.notify_one();
        }
    }

    /// Reports this instance and its position until the task is aborted: at once when it moves, and
    /// every [`REPORT_EVERY`] anyway. [`Progress::leave`] takes it off the list at shutdown.
    pub fn spawn_reporter(self: &Arc<Self>, store: Arc<dyn Store>) -> tokio::task::JoinHandle<()> {
        let progress = self.clone();
        tokio::spawn(async move {
            loop {
                let applied = progress.applied.load(Ordering::Acquire);
                if let Err(error) = store.report_instance(progress.instance, applied, crate::clock::now()).await {
                    tracing::warn!(%error, "could not report this instance's progress");
                }
                tokio::select! {
                    _ = progress.moved.notified() => {}
                    _ = tokio::time::sleep(REPORT_EVERY) => {}
                }
            }
        })
    }

    /// Takes this instance off the list (it is stopping), so nobody waits for it.
    pub async fn leave(&self, store: &dyn Store) {
        if let Err(error) = store.forget_instance(self.instance, crate::clock::now()).await {
            tracing::warn!(%error, "could not take this instance off the list");
        }
    }
}

/// Waits until every live instance but `except` has applied the session event log up to its latest
/// event, at most [`SETTLE_WITHIN`]. True when they all have; false (after logging which bound was
/// hit) when the wait ran out or the database could not say.
pub async fn settle(store: &dyn Store, except: Uuid) -> bool {
    let started = tokio::time::Instant::now();
    let latest = match store.latest_session_event().await {
        Ok(seq) => seq,
        Err(error) => {
            tracing::warn!(%error, "could not read the session event log to wait for other instances");
            return false;
        }
    };
    loop {
        let alive_since = crate::clock::now() - ALIVE_WITHIN;
        match store.instances_behind(latest, alive_since, except).await {
            Ok(0) => return true,
            Ok(behind) if started.elapsed() >= SETTLE_WITHIN => {
                tracing::warn!(
                    behind,
                    "answered before every instance applied a sign-out: some did not catch up in time"
                );
                return false;
            }
            Ok(_) => tokio::time::sleep(LOOK_EVERY).await,
            Err(error) => {
                tracing::warn!(%error, "could not ask which instances have applied a sign-out");
                return false;
            }
        }
    }
}
