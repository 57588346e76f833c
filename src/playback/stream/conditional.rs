//! The file's validators (a strong `ETag`, `Last-Modified`) and the conditional requests that use
//! them: `If-None-Match` / `If-Modified-Since` (answer 304) and `If-Range` (a range only if the
//! client's copy is still this file).

use std::fs::Metadata;
use std::os::unix::fs::MetadataExt;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use axum::http::{HeaderMap, HeaderValue, header};
use headers::{ETag, HeaderMapExt, IfModifiedSince, IfNoneMatch};

/// What identifies this version of the file.
#[derive(Debug, Clone)]
pub struct Validators {
    /// Strong: size, modification time to the nanosecond and inode, so a replaced or rewritten
    /// file gets a new one.
    etag: String,
    /// Whole seconds, as HTTP dates have them; `None` where the filesystem keeps no time.
    last_modified: Option<SystemTime>,
}

impl Validators {
    pub fn of(meta: &Metadata) -> Self {
        let modified = meta.modified().ok().and_then(|time| time.duration_since(UNIX_EPOCH).ok());
        let nanos = modified.map_or(0, |since| since.as_nanos());
        let etag = format!("\"{:x}-{:x}-{:x}\"", meta.len(), nanos, meta.ino());
        let last_modified = modified.map(|since| UNIX_EPOCH + Duration::from_secs(since.as_secs()));
        Self { etag, last_modified }
    }

    /// The `ETag` header's value.
    pub fn etag(&self) -> HeaderValue {
        // Only hex digits, dashes and quotes: always a valid header value.
        HeaderValue::from_str(&self.etag).unwrap_or_else(|_| HeaderValue::from_static("\"0\""))
    }

    /// The `Last-Modified` header's value, when known.
    pub fn last_modified(&self) -> Option<HeaderValue> {
        let date = httpdate::fmt_http_date(self.last_modified?);
        HeaderValue::from_str(&date).ok()
    }

    /// Whether the client already has this version (`If-None-Match`, else `If-Modified-Since`):
    /// then the answer is 304 without a body.
    pub fn not_modified(&self, headers: &HeaderMap) -> bool {
        if headers.contains_key(header::IF_NONE_MATCH) {
            let Some(if_none_match) = headers.typed_get::<IfNoneMatch>() else { return false };
            let Ok(etag) = self.etag.parse::<ETag>() else { return false };
            return !if_none_match.precondition_passes(&etag);
        }
        match (headers.typed_get::<IfModifiedSince>(), self.last_modified) {
            (Some(since), Some(modified)) => !since.is_modified(modified),
            _ => false,
        }
    }

    /// Whether a `Range` may be answered: there is no `If-Range`, or it names this very version
    /// (the same strong ETag, or exactly the `Last-Modified` date). Otherwise the client's copy is
    /// stale and gets the whole file.
    pub fn range_applies(&self, headers: &HeaderMap) -> bool {
        let Some(if_range) = headers.get(header::IF_RANGE) else { return true };
        let Ok(if_range) = if_range.to_str() else { return false };
        let if_range = if_range.trim();
        if if_range.starts_with('"') {
            return if_range == self.etag;
        }
        if if_range.starts_with("W/") {
            // A weak tag never matches for a range: the bytes might differ.
            return false;
        }
        match (httpdate::parse_http_date(if_range), self.last_modified) {
            (Ok(date), Some(modified)) => date == modified,
            _ => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn validators() -> Validators {
        Validators { etag: "\"10-abc-7\"".into(), last_modified: Some(UNIX_EPOCH + Duration::from_secs(1_700_000_000)) }
    }

    fn with(name: header::HeaderName, value: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(name, HeaderValue::from_str(value).expect("a test header value"));
        headers
    }

    #[test]
    fn if_none_match_with_the_tag_or_a_star_is_not_modified() {
        let v = validators();
        assert!(v.not_modified(&with(header::IF_NONE_MATCH, "\"10-abc-7\"")));
        assert!(v.not_modified(&with(header::IF_NONE_MATCH, "\"x\", W/\"10-abc-7\"")));
        assert!(v.not_modified(&with(header::IF_NONE_MATCH, "*")));
        assert!(!v.not_modified(&with(header::IF_NONE_MATCH, "\"10-abc-8\"")));
        assert!(!v.not_modified(&with(header::IF_NONE_MATCH, "garbage")));
        assert!(!v.not_modified(&HeaderMap::new()));
    }

    #[test]
    fn if_modified_since_counts_only_without_if_none_match() {
        let v = validators();
        assert!(v.not_modified(&with(header::IF_MODIFIED_SINCE, "Tue, 14 Nov 2023 22:13:20 GMT")));
        assert!(!v.not_modified(&with(header::IF_MODIFIED_SINCE, "Tue, 14 Nov 2023 22:13:19 GMT")));
        let mut both = with(header::IF_MODIFIED_SINCE, "Tue, 14 Nov 2023 22:13:20 GMT");
        both.insert(header::IF_NONE_MATCH, HeaderValue::from_static("\"other\""));
        assert!(!v.not_modified(&both));
    }

    #[test]
    fn if_range_needs_this_very_version() {
        let v = validators();
        assert!(v.range_applies(&HeaderMap::new()));
        assert!(v.range_applies(&with(header::IF_RANGE, "\"10-abc-7\"")));
        assert!(v.range_applies(&with(header::IF_RANGE, "Tue, 14 Nov 2023 22:13:20 GMT")));
        assert!(!v.range_applies(&with(header::IF_RANGE, "W/\"10-abc-7\"")));
        assert!(!v.range_applies(&with(header::IF_RANGE, "\"10-abc-6\"")));
        assert!(!v.range_applies(&with(header::IF_RANGE, "Tue, 14 Nov 2023 22:13:21 GMT")));
        assert!(!v.range_applies(&with(header::IF_RANGE, "yesterday")));
    }

    #[test]
    fn last_modified_is_an_http_date() {
        assert_eq!(
            validators().last_modified().expect("a date"),
            HeaderValue::from_static("Tue, 14 Nov 2023 22:13:20 GMT")
        );
    }
}
