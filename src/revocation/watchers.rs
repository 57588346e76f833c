//! Who waits on which session. Every event stream and video response waits for news of its own
//! session only, so a notice wakes the waiters of the sessions it names and no one else.
//!
//! A broadcast would wake every waiter for every notice. Signing 10,000 devices out reaches
//! another instance as about a hundred notices (PostgreSQL's NOTIFY payloads are limited to 8,000
//! bytes), and each would wake all 5,000 streams held there to find that 99 in 100 are not theirs:
//! the profile of that case showed it as a seventh of the instance's time. Here each waiter wakes
//! once for its own news.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};

use tokio::sync::Notify;
use uuid::Uuid;

use super::Notice;

/// What a waiter hears. Signed out comes first: after it, nothing else matters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Heard {
    SignedOut,
    ProfileLeft,
    /// Its playback was stopped: video responses end, the session goes on.
    StreamStopped,
    /// Notices may have been lost: ask the database.
    MayHaveMissed,
}

#[derive(Default)]
pub(super) struct Watchers {
    by_session: Mutex<HashMap<Uuid, Vec<Arc<Inbox>>>>,
}

#[derive(Default)]
struct Inbox {
    pending: Mutex<Pending>,
    /// Wakes the waiter; what it is woken for is in `pending`, which it reads before each wait.
    wake: Notify,
}

#[derive(Default)]
struct Pending {
    signed_out: bool,
    profile_left: u32,
    stream_stopped: bool,
    may_have_missed: bool,
}

impl Watchers {
    /// Starts keeping news of `session_id` for the returned waiter, from now on.
    pub(super) fn watch(self: &Arc<Self>, session_id: Uuid) -> Watching {
        let inbox = Arc::new(Inbox::default());
        self.lock().entry(session_id).or_default().push(inbox.clone());
        Watching { watchers: self.clone(), session_id, inbox }
    }

    /// Passes the notice on to the waiters of the sessions it names (all of them, for `MayHaveMissed`).
    pub(super) fn deliver(&self, notice: &Notice) {
        let by_session = self.lock();
        let (sessions, mark): (_, fn(&mut Pending)) = match notice {
            Notice::Revoked(sessions) => (sessions, |pending| pending.signed_out = true),
            Notice::ProfileLeft(sessions) => (sessions, |pending| pending.profile_left += 1),
            Notice::StreamStopped(sessions) => (sessions, |pending| pending.stream_stopped = true),
            // Nothing live changes: the page already shows the profile it chose; a closed player's
            // device may be playing its next file already.
            Notice::ProfileChosen(_) | Notice::AccountChanged(_) | Notice::StreamClosed(..) => return,
            Notice::MayHaveMissed => {
                by_session.values().flatten().for_each(|inbox| inbox.mark(|pending| pending.may_have_missed = true));
                return;
            }
        };
        // Whichever is smaller: the notice's sessions, or the sessions waited on here.
        if sessions.ids().len() <= by_session.len() {
            sessions.ids().iter().filter_map(|id| by_session.get(id)).flatten().for_each(|inbox| inbox.mark(mark));
        } else {
            by_session
                .iter()
                .filter(|(id, _)| sessions.contains(id))
                .flat_map(|(_, inboxes)| inboxes)
                .for_each(|inbox| inbox.mark(mark));
        }
    }

    fn lock(&self) -> MutexGuard<'_, HashMap<Uuid, Vec<Arc<Inbox>>>> {
        self.by_session.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

impl Inbox {
    fn mark(&self, mark: impl FnOnce(&mut Pending)) {
        mark(&mut self.pending.lock().unwrap_or_else(|poisoned| poisoned.into_inner()));
        self.wake.notify_one();
    }

    fn take(&self) -> Option<Heard> {
        let mut pending = self.pending.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if pending.signed_out {
            Some(Heard::SignedOut)
        } else if pending.profile_left > 0 {
            pending.profile_left -= 1;
            Some(Heard::ProfileLeft)
        } else if pending.stream_stopped {
            pending.stream_stopped = false;
            Some(Heard::StreamStopped)
        } else if pending.may_have_missed {
            pending.may_have_missed = false;
            Some(Heard::MayHaveMissed)
        } else {
            None
        }
    }
}

/// One waiter's news of one session; it stops being kept when this is dropped.
pub struct Watching {
    watchers: Arc<Watchers>,
    session_id: Uuid,
    inbox: Arc<Inbox>,
}

impl Watching {
    /// The next news of the session. Nothing is lost between calls, and dropping the future while
    /// it waits (in a `select!`) loses nothing either: the news stays until taken.
    pub async fn next(&mut self) -> Heard {
        loop {
            if let Some(heard) = self.inbox.take() {
                return heard;
            }
            // A mark made after `take` leaves a permit, so this returns at once.
            self.inbox.wake.notified().await;
        }
    }
}

impl Drop for Watching {
    fn drop(&mut self) {
        let mut by_session = self.watchers.lock();
        if let Some(inboxes) = by_session.get_mut(&self.session_id) {
            inboxes.retain(|inbox| !Arc::ptr_eq(inbox, &self.inbox));
            if inboxes.is_empty() {
                by_session.remove(&self.session_id);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::super::SessionSet;
    use super::*;

    fn revoked(ids: &[Uuid]) -> Notice {
        Notice::Revoked(SessionSet::new(Uuid::now_v7(), ids.to_vec()))
    }

    fn left(ids: &[Uuid]) -> Notice {
        Notice::ProfileLeft(SessionSet::new(Uuid::now_v7(), ids.to_vec()))
    }

    async fn heard_soon(watching: &mut Watching) -> Option<Heard> {
        tokio::time::timeout(Duration::from_millis(50), watching.next()).await.ok()
    }

    #[tokio::test]
    async fn each_waiter_hears_only_of_its_own_session() {
        let watchers = Arc::new(Watchers::default());
        let (a, b) = (Uuid::now_v7(), Uuid::now_v7());
        let (mut on_a, mut also_on_a, mut on_b) = (watchers.watch(a), watchers.watch(a), watchers.watch(b));
        watchers.deliver(&revoked(&[a, Uuid::now_v7()]));
        assert_eq!(heard_soon(&mut on_a).await, Some(Heard::SignedOut));
        assert_eq!(heard_soon(&mut also_on_a).await, Some(Heard::SignedOut));
        assert_eq!(heard_soon(&mut on_b).await, None, "not b's news");
        // With more sessions named than waited on, the other way round finds them too.
        let many: Vec<Uuid> = (0..10).map(|_| Uuid::now_v7()).chain([b]).collect();
        watchers.deliver(&left(&many));
        assert_eq!(heard_soon(&mut on_b).await, Some(Heard::ProfileLeft));
    }

    #[tokio::test]
    async fn news_waits_for_its_waiter_and_signed_out_comes_first() {
        let watchers = Arc::new(Watchers::default());
        let a = Uuid::now_v7();
        let mut on_a = watchers.watch(a);
        watchers.deliver(&left(&[a]));
        watchers.deliver(&left(&[a]));
        watchers.deliver(&Notice::MayHaveMissed);
        assert_eq!(heard_soon(&mut on_a).await, Some(Heard::ProfileLeft));
        assert_eq!(heard_soon(&mut on_a).await, Some(Heard::ProfileLeft), "each profile change is heard");
        watchers.deliver(&revoked(&[a]));
        assert_eq!(heard_soon(&mut on_a).await, Some(Heard::SignedOut), "before the doubt that was still pending");
        assert_eq!(heard_soon(&mut on_a).await, Some(Heard::SignedOut), "and it stays signed out");
    }

    #[tokio::test]
    async fn a_possible_loss_reaches_every_waiter_once() {
        let watchers = Arc::new(Watchers::default());
        let (mut on_a, mut on_b) = (watchers.watch(Uuid::now_v7()), watchers.watch(Uuid::now_v7()));
        watchers.deliver(&Notice::MayHaveMissed);
        assert_eq!(heard_soon(&mut on_a).await, Some(Heard::MayHaveMissed));
        assert_eq!(heard_soon(&mut on_b).await, Some(Heard::MayHaveMissed));
        assert_eq!(heard_soon(&mut on_a).await, None);
    }

    #[tokio::test]
    async fn a_waiter_wakes_when_its_news_comes() {
        let watchers = Arc::new(Watchers::default());
        let a = Uuid::now_v7();
        let mut on_a = watchers.watch(a);
        let waiting = tokio::spawn(async move { on_a.next().await });
        tokio::time::sleep(Duration::from_millis(20)).await;
        watchers.deliver(&revoked(&[a]));
        let heard = tokio::time::timeout(Duration::from_secs(1), waiting).await.expect("woken").unwrap();
        assert_eq!(heard, Heard::SignedOut);
    }

    #[test]
    fn a_dropped_waiter_is_forgotten() {
        let watchers = Arc::new(Watchers::default());
        let a = Uuid::now_v7();
        let first = watchers.watch(a);
        let second = watchers.watch(a);
        drop(first);
        assert_eq!(watchers.lock().get(&a).map(Vec::len), Some(1));
        drop(second);
        assert!(watchers.lock().is_empty());
    }
}
