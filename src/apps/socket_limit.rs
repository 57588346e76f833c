//! [`SocketsPerSession`]: how many `/socket` connections one signed-in device may hold open at once.
//! An app needs one (two for a moment while it reconnects); a token used to open hundreds would cost
//! a task and a watch each for as long as they stay open, so past a few more are refused.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use uuid::Uuid;

/// Open sockets one session may hold: room for an app, a reconnect and a second window.
pub const SOCKETS_PER_SESSION: usize = 4;

/// The open sockets of each session, on this instance.
#[derive(Default)]
pub struct SocketsPerSession {
    open: Mutex<HashMap<Uuid, usize>>,
}

/// One open socket's place, given back when it is dropped.
pub struct SocketPlace {
    sockets: Arc<SocketsPerSession>,
    session_id: Uuid,
}

impl SocketsPerSession {
    /// A place for one more socket of `session_id`, or `None` when it already holds the most it may.
    pub fn take(self: &Arc<Self>, session_id: Uuid) -> Option<SocketPlace> {
        let mut open = self.open.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        let held = open.entry(session_id).or_default();
        if *held >= SOCKETS_PER_SESSION {
            return None;
        }
        *held += 1;
        Some(SocketPlace { sockets: self.clone(), session_id })
    }
}

impl Drop for SocketPlace {
    fn drop(&mut self) {
        let mut open = self.sockets.open.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some(held) = open.get_mut(&self.session_id) {
            *held -= 1;
            if *held == 0 {
                open.remove(&self.session_id);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_session_holds_at_most_its_share_and_gets_places_back_as_sockets_close() {
        let sockets = Arc::new(SocketsPerSession::default());
        let (session, other) = (Uuid::now_v7(), Uuid::now_v7());
        let places: Vec<SocketPlace> = (0..SOCKETS_PER_SESSION).map(|_| sockets.take(session).unwrap()).collect();
        assert!(sockets.take(session).is_none(), "one socket more than allowed was let open");
        assert!(sockets.take(other).is_some(), "another device is not held back by this one");
        drop(places);
        let again: Vec<SocketPlace> = (0..SOCKETS_PER_SESSION).map(|_| sockets.take(session).unwrap()).collect();
        assert_eq!(again.len(), SOCKETS_PER_SESSION);
        drop(again);
        assert!(sockets.open.lock().unwrap().is_empty(), "sessions without sockets are forgotten");
    }
}
