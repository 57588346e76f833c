//! The one place Marquee reads the time.
//!
//! Stored times are UTC and whole seconds: SQLite keeps them as RFC 3339 text, and text only
//! sorts like time when every value has the same shape.

use time::OffsetDateTime;

/// Now, in UTC, truncated to the second.
pub fn now() -> OffsetDateTime {
    whole_seconds(OffsetDateTime::now_utc())
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
    fn other_offsets_become_utc() {
        let at = time::macros::datetime!(2026-01-02 03:04:05.678 +02:00);
        assert_eq!(whole_seconds(at), time::macros::datetime!(2026-01-02 01:04:05 UTC));
    }
}
