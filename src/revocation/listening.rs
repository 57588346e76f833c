//! Whether this instance hears other instances' revocations as they happen, for the readiness check.

use std::sync::Arc;
use std::sync::atomic::{AtomicU8, Ordering};

/// The state of the cross-instance listener, as its last report left it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListenerState {
    /// The backend has no listener (SQLite) or notifications are turned off: the poll is all there is.
    NotUsed,
    /// Started, not connected yet.
    Connecting,
    Connected,
    /// The connection failed or went silent; the listener is trying again.
    Disconnected,
}

impl ListenerState {
    /// Whether an instance in this state hears revocations as promptly as it promises.
    pub fn is_ready(self) -> bool {
        matches!(self, Self::NotUsed | Self::Connected)
    }

    fn from_u8(value: u8) -> Self {
        match value {
            1 => Self::Connecting,
            2 => Self::Connected,
            3 => Self::Disconnected,
            _ => Self::NotUsed,
        }
    }

    fn as_u8(self) -> u8 {
        match self {
            Self::NotUsed => 0,
            Self::Connecting => 1,
            Self::Connected => 2,
            Self::Disconnected => 3,
        }
    }
}

/// Shared between the listener task, which reports, and the readiness check, which reads.
#[derive(Debug, Clone, Default)]
pub struct ListenerHealth(Arc<AtomicU8>);

impl ListenerHealth {
    pub fn set(&self, state: ListenerState) {
        self.0.store(state.as_u8(), Ordering::Relaxed);
    }

    pub fn get(&self) -> ListenerState {
        ListenerState::from_u8(self.0.load(Ordering::Relaxed))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_connected_or_unused_listener_is_ready() {
        let health = ListenerHealth::default();
        assert_eq!(health.get(), ListenerState::NotUsed);
        for (state, ready) in [
            (ListenerState::Connecting, false),
            (ListenerState::Connected, true),
            (ListenerState::Disconnected, false),
            (ListenerState::NotUsed, true),
        ] {
            health.set(state);
            assert_eq!((health.get(), health.get().is_ready()), (state, ready));
        }
    }
}
