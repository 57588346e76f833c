//! Request ids for the logs: unique within a process and across processes, made without a
//! system call per request (a random prefix drawn once at start, then a counter).

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use axum::http::{HeaderValue, Request};
use tower_http::request_id::{MakeRequestId, RequestId};

/// The header that carries a request's id, in and out.
pub const REQUEST_ID_HEADER: &str = "x-request-id";

/// Makes ids like `3f9a0c1e5b7d2a64-42`: this process's prefix, then the request's number.
#[derive(Clone)]
pub struct RequestIds {
    prefix: Arc<str>,
    next: Arc<AtomicU64>,
}

impl RequestIds {
    /// A new sequence with a random prefix, so two instances behind a load balancer never share ids.
    pub fn new() -> Self {
        let mut random = [0u8; 8];
        // Without the OS generator, the time of start still tells processes apart in practice.
        let prefix = match getrandom::fill(&mut random) {
            Ok(()) => u64::from_le_bytes(random),
            Err(_) => time::OffsetDateTime::now_utc().unix_timestamp_nanos() as u64,
        };
        Self { prefix: format!("{prefix:016x}").into(), next: Arc::new(AtomicU64::new(1)) }
    }
}

impl Default for RequestIds {
    fn default() -> Self {
        Self::new()
    }
}

impl MakeRequestId for RequestIds {
    fn make_request_id<B>(&mut self, _request: &Request<B>) -> Option<RequestId> {
        let number = self.next.fetch_add(1, Ordering::Relaxed);
        HeaderValue::try_from(format!("{}-{number}", self.prefix)).ok().map(RequestId::new)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(ids: &mut RequestIds) -> String {
        let request = Request::new(());
        ids.make_request_id(&request).unwrap().header_value().to_str().unwrap().to_string()
    }

    #[test]
    fn ids_count_up_under_one_prefix_and_clones_share_the_count() {
        let mut ids = RequestIds::new();
        let mut clone = ids.clone();
        let (first, second) = (id(&mut ids), id(&mut clone));
        let (prefix, number) = first.split_once('-').unwrap();
        assert_eq!((prefix.len(), number), (16, "1"));
        assert_eq!(second, format!("{prefix}-2"));
        assert_ne!(RequestIds::new().prefix, ids.prefix, "another process gets another prefix");
    }
}
