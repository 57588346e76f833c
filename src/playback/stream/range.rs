//! Which bytes a `Range` header asks for, decided once against the file's length.
//!
//! Parsing is left to `http-range-header`; the decision here is Marquee's policy: one range is
//! answered with it, anything else a server may ignore (garbage, reversed, another unit, several
//! ranges) gets the whole file, and only a well-formed request for bytes past the end gets a 416.

use http_range_header::RangeUnsatisfiableError;

/// What to send for a request against a file of a known length.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    /// The whole file, `200`.
    Full,
    /// Bytes `start..=end` (inclusive, both within the file), `206`.
    Partial { start: u64, end: u64 },
    /// Nothing the request asks for exists, `416`.
    Unsatisfiable,
}

impl Decision {
    /// The decision for the value of a `Range` header (`None`: no header, or not text).
    pub fn for_header(range: Option<&str>, len: u64) -> Self {
        let Some(range) = range else { return Self::Full };
        let parsed = match http_range_header::parse_range_header(range) {
            Ok(parsed) => parsed,
            // Malformed or not worth answering: a server may ignore a Range header it does not take.
            Err(_) => return Self::Full,
        };
        let several = parsed.len() > 1;
        match parsed.validate(len) {
            Ok(ranges) => match ranges.as_slice() {
                [one] if !several => Self::Partial { start: *one.start(), end: *one.end() },
                // Several ranges would need multipart/byteranges, which players do not ask for; an
                // empty file has no ranges to give.
                _ => Self::Full,
            },
            Err(RangeUnsatisfiableError::Unsatisfiable) => Self::Unsatisfiable,
            Err(_) => Self::Full,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Decision::{self, Full, Partial, Unsatisfiable};

    fn decide(header: &str, len: u64) -> Decision {
        Decision::for_header(Some(header), len)
    }

    #[test]
    fn no_header_is_the_whole_file() {
        assert_eq!(Decision::for_header(None, 1000), Full);
    }

    #[test]
    fn single_ranges_are_answered_as_asked() {
        assert_eq!(decide("bytes=0-499", 1000), Partial { start: 0, end: 499 });
        assert_eq!(decide("bytes=500-500", 1000), Partial { start: 500, end: 500 });
        assert_eq!(decide("bytes=999-999", 1000), Partial { start: 999, end: 999 });
    }

    #[test]
    fn open_and_suffix_ranges_reach_the_end() {
        assert_eq!(decide("bytes=100-", 1000), Partial { start: 100, end: 999 });
        assert_eq!(decide("bytes=-500", 1000), Partial { start: 500, end: 999 });
        // A suffix longer than the file is the whole file, as a range.
        assert_eq!(decide("bytes=-5000", 1000), Partial { start: 0, end: 999 });
    }

    #[test]
    fn an_end_past_the_file_is_clamped() {
        assert_eq!(decide("bytes=900-5000", 1000), Partial { start: 900, end: 999 });
        assert_eq!(decide("bytes=0-18446744073709551615", 1000), Partial { start: 0, end: 999 });
        assert_eq!(decide("bytes=0-99999999999999999999999", 1000), Partial { start: 0, end: 999 });
    }

    #[test]
    fn a_start_at_or_past_the_end_is_unsatisfiable() {
        assert_eq!(decide("bytes=1000-", 1000), Unsatisfiable);
        assert_eq!(decide("bytes=1000-2000", 1000), Unsatisfiable);
        assert_eq!(decide("bytes=-0", 1000), Unsatisfiable);
        assert_eq!(decide("bytes=0-", 0), Unsatisfiable);
    }

    #[test]
    fn malformed_headers_are_ignored() {
        for header in [
            "",
            "garbage",
            "bytes=5-2",
            "bytes=",
            "bytes=a-b",
            "bytes=-",
            "bytes=--5",
            "bytes=+1-2",
            "bytes=1-2 ",
            "items=0-10",
            "bytes 0-10",
            "bytes=0-10;x",
            "bytes=\u{e9}-1",
        ] {
            assert_eq!(decide(header, 1000), Full, "{header:?}");
        }
    }

    #[test]
    fn several_ranges_get_the_whole_file_unless_none_fits() {
        assert_eq!(decide("bytes=0-1,5-6", 1000), Full);
        assert_eq!(decide("bytes=0-1,2000-3000", 1000), Full);
        assert_eq!(decide("bytes=0-500,100-200,150-300", 1000), Full);
        assert_eq!(decide("bytes=2000-3000,4000-", 1000), Unsatisfiable);
    }

    #[test]
    fn an_empty_file_is_sent_whole() {
        assert_eq!(decide("bytes=-10", 0), Full);
    }
}
