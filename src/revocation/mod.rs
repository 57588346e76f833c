//! The revocation bus: tells everything that holds a session in memory that it has ended (or has
//! been sent back to "Who's watching?").
//!
//! Revoking commits to the database first, then publishes here. The session cache applies each
//! notice first, so that when anyone else acts on it, this instance already refuses the session: a
//! device told `signed-out` is refused on its very next request. Then the notice goes to those
//! waiting on the sessions it names (event streams, video responses: see [`Watching`]), and to
//! subscribers of every notice. Other instances hear of it
//! through PostgreSQL's NOTIFY, sent in the revoking transaction. Notices can still be missed
//! (another process revoked on SQLite, a notification lost while reconnecting, a connection gone
//! silent), so every instance also polls the database's session event log each second. The log is
//! numbered in commit order and the poll remembers the last number it saw, so no committed event is
//! skipped whatever the commit delay or the clocks say; a deleted account's events stay in the log,
//! and a listener that lost its connection tells subscribers to forget everything they hold. A
//! missed notice delays nothing by more than a second, and never brings a session back.

use std::sync::{Arc, OnceLock};
use std::time::Duration;

use tokio::sync::broadcast;
use uuid::Uuid;

use crate::store::{ClosedFile, RevocationNotice, SessionEvent, SessionEventKind, Store};

mod listening;
pub mod progress;
mod watchers;

pub use listening::{ListenerHealth, ListenerState};
use progress::Progress;
use watchers::Watchers;
pub use watchers::{Heard, Watching};

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
    Revoked(SessionSet),
    /// These sessions no longer have a profile chosen: they go back to "Who's watching?".
    ProfileLeft(SessionSet),
    /// These sessions chose a profile (perhaps on another instance): a cached copy is stale.
    ProfileChosen(SessionSet),
    /// This account's details or settings changed (perhaps on another instance): cached copies of
    /// it are stale.
    AccountChanged(Uuid),
    /// These sessions' playback was stopped (perhaps on another instance): their video responses and
    /// conversions end; the sessions live on.
    StreamStopped(SessionSet),
    /// These sessions' players closed this file (perhaps on another instance): its conversions for
    /// them stop; whatever they play next goes on.
    StreamClosed(SessionSet, ClosedFile),
    /// Notices may have been lost: drop anything held in memory and ask the database again.
    MayHaveMissed,
}

/// The sessions a notice is about. Every subscriber receives a copy of each notice, so the ids are
/// shared rather than copied, and sorted, so that each subscriber finds its own session by binary
/// search: with thousands of devices signed out at once and as many listening, neither the copies
/// nor the look-ups grow with the square of their number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionSet {
    pub account_id: Uuid,
    ids: Arc<[Uuid]>,
}

impl SessionSet {
    pub fn new(account_id: Uuid, mut ids: Vec<Uuid>) -> Self {
        ids.sort_unstable();
        ids.dedup();
        Self { account_id, ids: ids.into() }
    }

    pub fn contains(&self, session_id: &Uuid) -> bool {
        self.ids.binary_search(session_id).is_ok()
    }

    /// The ids, in ascending order.
    pub fn ids(&self) -> &[Uuid] {
        &self.ids
    }
}

/// Events read from the log per poll at most; a longer backlog is read over the next polls.
const POLL_BATCH: i64 = 1000;

/// What [`RevocationBus::apply_first`] runs on every notice.
type Apply = Arc<dyn Fn(&Notice) + Send + Sync>;

#[derive(Clone)]
pub struct RevocationBus {
    sender: broadcast::Sender<Notice>,
    first: Arc<OnceLock<Apply>>,
    watchers: Arc<Watchers>,
    listener: ListenerHealth,
    progress: Arc<Progress>,
}

impl Default for RevocationBus {
    fn default() -> Self {
        Self::new()
    }
}

impl RevocationBus {
    pub fn new() -> Self {
        let (sender, _) = broadcast::channel(1024);
        Self {
            sender,
            first: Arc::default(),
            watchers: Arc::default(),
            listener: ListenerHealth::default(),
            progress: Arc::default(),
        }
    }

    /// Runs `apply` on every notice, in the publishing thread, before any subscriber can receive
    /// it. For the session cache's evictions; there is one. Returns false (and changes nothing)
    /// when one was set already.
    pub fn apply_first(&self, apply: impl Fn(&Notice) + Send + Sync + 'static) -> bool {
        self.first.set(Arc::new(apply)).is_ok()
    }

    /// Announces ended sessions to every subscriber in this process.
    pub fn publish(&self, revoked: Revoked) {
        metrics::counter!("marquee_sessions_revoked_total").increment(revoked.session_ids.len() as u64);
        self.send(SessionEventKind::Revoked, revoked, None);
    }

    /// Announces that these sessions' playback was stopped.
    pub fn publish_stream_stopped(&self, stopped: Revoked) {
        self.send(SessionEventKind::StreamStopped, stopped, None);
    }

    /// Announces that these sessions' players closed a file.
    pub fn publish_stream_closed(&self, sessions: Revoked, closed: ClosedFile) {
        self.send(SessionEventKind::StreamClosed, sessions, Some(closed));
    }

    /// Announces that an account's details or settings changed.
    pub fn publish_account_changed(&self, account_id: Uuid) {
        self.broadcast(Notice::AccountChanged(account_id));
    }

    /// Announces sessions sent back to "Who's watching?".
    pub fn publish_profile_left(&self, left: Revoked) {
        self.send(SessionEventKind::ProfileLeft, left, None);
    }

    /// `closed`: the file of a `StreamClosed` event (one without it names nothing to stop).
    fn send(&self, kind: SessionEventKind, sessions: Revoked, closed: Option<ClosedFile>) {
        if kind == SessionEventKind::AccountChanged {
            return self.broadcast(Notice::AccountChanged(sessions.account_id));
        }
        if sessions.session_ids.is_empty() {
            return;
        }
        let sessions = SessionSet::new(sessions.account_id, sessions.session_ids);
        self.broadcast(match kind {
            SessionEventKind::Revoked => Notice::Revoked(sessions),
            SessionEventKind::ProfileLeft => Notice::ProfileLeft(sessions),
            SessionEventKind::ProfileChosen => Notice::ProfileChosen(sessions),
            SessionEventKind::AccountChanged => Notice::AccountChanged(sessions.account_id),
            SessionEventKind::StreamStopped => Notice::StreamStopped(sessions),
            SessionEventKind::StreamClosed => match closed {
                Some(closed) => Notice::StreamClosed(sessions, closed),
                None => return,
            },
        });
    }

    fn broadcast(&self, notice: Notice) {
        if let Some(apply) = self.first.get() {
            apply(&notice);
        }
        self.watchers.deliver(&notice);
        // No subscribers is fine: nothing live to stop.
        let _ = self.sender.send(notice);
    }

    /// Every notice, from now on.
    pub fn subscribe(&self) -> broadcast::Receiver<Notice> {
        self.sender.subscribe()
    }

    /// News of one session only, from now on.
    pub fn watch(&self, session_id: Uuid) -> Watching {
        self.watchers.watch(session_id)
    }

    /// Relays what the store's listener hears from other instances, where the backend has one.
    pub fn spawn_listener(&self, store: &dyn Store) -> Option<tokio::task::JoinHandle<()>> {
        let bus = self.clone();
        // Set before the task starts, so that it cannot overwrite a report the listener has made already.
        self.listener.set(ListenerState::Connecting);
        let task = store.spawn_revocation_listener(std::sync::Arc::new(move |notice| match notice {
            RevocationNotice::Event { kind, account_id, session_ids, seq, closed } => {
                bus.send(kind, Revoked { account_id, session_ids }, closed);
                if let Some(seq) = seq {
                    bus.progress.applied_up_to(seq);
                }
            }
            RevocationNotice::MayHaveMissed => bus.broadcast(Notice::MayHaveMissed),
            RevocationNotice::Connected => bus.listener.set(ListenerState::Connected),
            RevocationNotice::Disconnected => bus.listener.set(ListenerState::Disconnected),
        }));
        if task.is_none() {
            self.listener.set(ListenerState::NotUsed);
        }
        task
    }

    /// This instance's place in the session event log.
    pub fn progress(&self) -> &Arc<Progress> {
        &self.progress
    }

    /// How the cross-instance listener is doing.
    pub fn listener_state(&self) -> ListenerState {
        self.listener.get()
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
            bus.progress.applied_up_to(seen);
            let mut ticks = tokio::time::interval(POLL_EVERY);
            ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            loop {
                ticks.tick().await;
                match store.session_events_after(seen, POLL_BATCH).await {
                    Ok(events) => {
                        seen = events.iter().map(|event| event.seq).fold(seen, i64::max);
                        for (kind, sessions, closed) in runs(&events) {
                            bus.send(kind, sessions, closed);
                        }
                        bus.progress.applied_up_to(seen);
                    }
                    Err(error) => tracing::warn!(%error, "could not poll the session event log"),
                }
            }
        })
    }
}

/// Polled events as notices: one per run of events of one kind and account (a revocation of many
/// sessions is one run), not one per session, which would wake every subscriber once per session.
/// The nil id of an ended epoch whose sessions are all gone names nobody.
fn runs(events: &[SessionEvent]) -> impl Iterator<Item = (SessionEventKind, Revoked, Option<ClosedFile>)> + '_ {
    events.chunk_by(|a, b| a.kind == b.kind && a.account_id == b.account_id && a.closed == b.closed).map(|run| {
        let session_ids = run.iter().map(|event| event.session_id).filter(|id| !id.is_nil()).collect();
        (run[0].kind, Revoked { account_id: run[0].account_id, session_ids }, run[0].closed)
    })
}

#[cfg(test)]
mod tests {
    use std::sync::Mutex;

    use super::*;

    #[test]
    fn a_session_set_finds_its_members_and_nothing_else() {
        let ids: Vec<Uuid> = (0..50).map(|_| Uuid::new_v4()).collect();
        let mut given = ids.clone();
        given.push(ids[7]);
        given.reverse();
        let set = SessionSet::new(Uuid::now_v7(), given);
        assert_eq!(set.ids().len(), 50, "each session once");
        assert!(set.ids().is_sorted());
        assert!(ids.iter().all(|id| set.contains(id)));
        assert!(!set.contains(&Uuid::new_v4()));
    }

    #[tokio::test]
    async fn what_is_applied_first_has_happened_before_any_subscriber_can_hear() {
        let bus = RevocationBus::new();
        let mut subscriber = bus.subscribe();
        let probe = Mutex::new(bus.subscribe());
        let applied = Arc::new(Mutex::new(Vec::new()));
        let record = applied.clone();
        assert!(bus.apply_first(move |notice| {
            let nothing_broadcast_yet = probe.lock().unwrap().try_recv().is_err();
            record.lock().unwrap().push((notice.clone(), nothing_broadcast_yet));
        }));
        assert!(!bus.apply_first(|_| {}), "there is one");
        let session = Uuid::now_v7();
        bus.publish(Revoked { account_id: Uuid::now_v7(), session_ids: vec![session] });
        let heard = subscriber.recv().await.unwrap();
        assert!(matches!(&heard, Notice::Revoked(set) if set.contains(&session)));
        assert_eq!(*applied.lock().unwrap(), vec![(heard, true)]);
    }

    #[test]
    fn the_poll_makes_one_notice_per_run_of_one_kind_account_and_file() {
        let (ada, bob) = (Uuid::now_v7(), Uuid::now_v7());
        let ids: Vec<Uuid> = (0..5).map(|_| Uuid::now_v7()).collect();
        let at = time::OffsetDateTime::UNIX_EPOCH;
        let (film, episode) =
            (ClosedFile { media_id: Uuid::now_v7(), at }, ClosedFile { media_id: Uuid::now_v7(), at });
        let event =
            |seq, account_id, session_id, kind| SessionEvent { seq, account_id, session_id, kind, closed: None };
        let closed = |seq, session_id, file| SessionEvent {
            closed: Some(file),
            ..event(seq, bob, session_id, SessionEventKind::StreamClosed)
        };
        let events = [
            event(1, ada, ids[0], SessionEventKind::Revoked),
            event(2, ada, ids[1], SessionEventKind::Revoked),
            event(3, ada, ids[2], SessionEventKind::ProfileLeft),
            event(4, bob, ids[3], SessionEventKind::ProfileLeft),
            event(5, bob, ids[4], SessionEventKind::ProfileLeft),
            closed(6, ids[3], film),
            closed(7, ids[4], film),
            closed(8, ids[4], episode),
        ];
        let notices: Vec<_> = runs(&events).collect();
        let closing = |session_ids: &[Uuid], file| {
            (SessionEventKind::StreamClosed, Revoked { account_id: bob, session_ids: session_ids.to_vec() }, Some(file))
        };
        assert_eq!(
            notices,
            vec![
                (SessionEventKind::Revoked, Revoked { account_id: ada, session_ids: ids[..2].to_vec() }, None),
                (SessionEventKind::ProfileLeft, Revoked { account_id: ada, session_ids: vec![ids[2]] }, None),
                (SessionEventKind::ProfileLeft, Revoked { account_id: bob, session_ids: ids[3..].to_vec() }, None),
                closing(&ids[3..], film),
                closing(&ids[4..], episode),
            ]
        );
    }
}
