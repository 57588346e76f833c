//! The one place Marquee reads the time.
//!
//! Stored times are UTC and whole seconds: SQLite keeps them as RFC 3339 text, and text only
//! sorts like time when every value has the same shape.

use time::OffsetDateTime;

/// Now, in UTC, truncated to the second.
pub fn now() -> OffsetDateTime {
    whole_seconds(OffsetDateTime::now_utc())
}

/// A clock that tests can move forward, for what must expire (device sign-in codes) without waiting.
/// Every copy shares the same offset; in service it is never moved and reads [`now`].
#[derive(Debug, Clone, Default)]
pub struct Clock {
    ahead_secs: std::sync::Arc<std::sync::atomic::AtomicI64>,
}

impl Clock {
    /// Now by this clock, UTC and whole seconds like [`now`].
    pub fn now(&self) -> OffsetDateTime {
        now() + time::Duration::seconds(self.ahead_secs.load(std::sync::atomic::Ordering::Relaxed))
    }

    /// Moves this clock (and every copy of it) forward.
    pub fn advance(&self, by: time::Duration) {
        self.ahead_secs.fetch_add(by.whole_seconds(), std::sync::atomic::Ordering::Relaxed);
    }
}

/// `at` in UTC without its fraction of a second.
pub fn whole_seconds(at: OffsetDateTime) -> OffsetDateTime {
    at.to_offset(time::UtcOffset::UTC).replace_nanosecond(0).unwrap_or(at)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn now_has_no_fraction_and_is_utc() {
        let at = now();
        assert_eq!(at.nanosecond(), 0);
        assert!(at.offset().is_utc());
    }

    #[test]
    fn a_moved_clock_moves_every_copy() {
        let clock = Clock::default();
        let copy = clock.clone();
        clock.advance(time::Duration::minutes(11));
        let ahead = copy.now() - now();
        assert!(ahead >= time::Duration::minutes(11) - time::Duration::seconds(1), "{ahead}");
        assert!(ahead <= time::Duration::minutes(11) + time::Duration::seconds(1), "{ahead}");
    }

    #[test]
    fn other_offsets_become_utc() {
        let at = time::macros::datetime!(2026-01-02 03:04:05.678 +02:00);
        assert_eq!(whole_seconds(at), time::macros::datetime!(2026-01-02 01:04:05 UTC));
    }
}
