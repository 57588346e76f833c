//! Which bytes of a file a preview may read: the file's start and end (where containers keep their
//! index) and about a minute from a tenth of the way in, where previews start. Never the whole film.

use std::ops::Range;

/// The share of the film a preview starts at, as the browse page's `#t=` fragment asks.
pub const START_FRACTION: f64 = 0.1;
/// Bytes at the start of a file a player reads before anything plays (the header, an MP4's index).
const HEAD_BYTES: u64 = 2 * 1024 * 1024;
/// Bytes at the end, where some MP4 files keep their index.
const TAIL_BYTES: u64 = 2 * 1024 * 1024;
/// How much of the film a preview may play, in seconds.
const PREVIEW_SECONDS: f64 = 60.0;
/// The preview's span in bytes, when the film's length in time is known, stays within these.
const SPAN_BOUNDS: (u64, u64) = (1024 * 1024, 32 * 1024 * 1024);
/// The preview's span in bytes when the film's length in time is not known.
const UNKNOWN_SPAN: u64 = 8 * 1024 * 1024;

/// The parts of a file of `len` bytes (and `duration` seconds, if known) a preview may read, sorted,
/// not overlapping and not touching.
pub fn allowed(len: u64, duration: Option<f64>) -> Vec<Range<u64>> {
    let span = match duration.filter(|d| d.is_finite() && *d > 0.0) {
        Some(seconds) => {
            let per_minute = (len as f64 / seconds * PREVIEW_SECONDS) as u64;
            per_minute.clamp(SPAN_BOUNDS.0, SPAN_BOUNDS.1)
        }
        None => UNKNOWN_SPAN,
    };
    // Bytes are not spread evenly over time: the preview's start may lie a little before a tenth.
    let tenth = (len as f64 * START_FRACTION) as u64;
    let parts = [
        0..HEAD_BYTES.min(len),
        tenth.saturating_sub(span / 2)..tenth.saturating_add(span).min(len),
        len.saturating_sub(TAIL_BYTES)..len,
    ];
    let mut merged: Vec<Range<u64>> = Vec::new();
    for part in parts.into_iter().filter(|part| !part.is_empty()) {
        match merged.last_mut() {
            Some(last) if part.start <= last.end => last.end = last.end.max(part.end),
            _ => merged.push(part),
        }
    }
    merged
}

/// The bytes to send for a request from `start` to `end` (inclusive): from `start` to the end of
/// the allowed part it lies in, at most to `end`; `None` when `start` is in no allowed part.
pub fn clip(parts: &[Range<u64>], start: u64, end: u64) -> Option<(u64, u64)> {
    let part = parts.iter().find(|part| part.contains(&start))?;
    Some((start, end.min(part.end - 1)))
}

#[cfg(test)]
mod tests {
    use super::*;

    const MIB: u64 = 1024 * 1024;

    #[test]
    fn a_small_file_is_allowed_whole() {
        assert_eq!(allowed(3 * MIB, Some(30.0)), vec![0..3 * MIB]);
        assert_eq!(allowed(0, None), Vec::<Range<u64>>::new());
    }

    #[test]
    fn a_film_allows_its_ends_and_a_minute_from_a_tenth_in() {
        // Two hours in 6 000 MiB: 50 MiB a minute, bounded to 32 MiB.
        let len = 6000 * MIB;
        let parts = allowed(len, Some(7200.0));
        assert_eq!(parts, vec![0..2 * MIB, 584 * MIB..632 * MIB, len - 2 * MIB..len]);
        let total: u64 = parts.iter().map(|part| part.end - part.start).sum();
        assert!(total < 60 * MIB, "far less than the film: {total}");
    }

    #[test]
    fn a_film_of_unknown_length_allows_a_fixed_span() {
        let len = 1000 * MIB;
        assert_eq!(allowed(len, None), vec![0..2 * MIB, 96 * MIB..108 * MIB, len - 2 * MIB..len]);
    }

    #[test]
    fn requests_are_cut_to_their_part_and_refused_outside_every_part() {
        let parts = vec![0..100, 500..600];
        assert_eq!(clip(&parts, 0, u64::MAX), Some((0, 99)));
        assert_eq!(clip(&parts, 10, 20), Some((10, 20)));
        assert_eq!(clip(&parts, 550, 10_000), Some((550, 599)));
        assert_eq!(clip(&parts, 100, 200), None);
        assert_eq!(clip(&parts, 700, 800), None);
    }
}
