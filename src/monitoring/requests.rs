//! Counts and times every request by its route template (never the raw path, whose ids would make
//! a series per title or session), method and status. Every label comes from a fixed set, so what
//! a client sends (a made-up method, a path that names nothing) never adds a series.

use std::time::Instant;

use axum::extract::{MatchedPath, Request};
use axum::http::Method;
use axum::middleware::Next;
use axum::response::Response;

/// The `route` of a request that matched no route (a path that names nothing).
const UNMATCHED: &str = "unmatched";
/// The `method` of a request whose method is none of the standard ones.
const OTHER_METHOD: &str = "other";
/// The methods counted by name: those of RFC 9110 and PATCH.
static KNOWN_METHODS: [Method; 9] = [
    Method::GET,
    Method::HEAD,
    Method::POST,
    Method::PUT,
    Method::DELETE,
    Method::PATCH,
    Method::OPTIONS,
    Method::CONNECT,
    Method::TRACE,
];

/// `axum::middleware::from_fn` middleware, for `Router::layer`.
pub async fn track_requests(request: Request, next: Next) -> Response {
    let started = Instant::now();
    let route = route_label(request.extensions().get::<MatchedPath>().map(MatchedPath::as_str));
    let method = method_label(request.method());
    let response = next.run(request).await;
    let labels = [("route", route), ("method", method.to_owned()), ("status", response.status().as_u16().to_string())];
    metrics::counter!("marquee_http_requests_total", &labels).increment(1);
    metrics::histogram!("marquee_http_request_duration_seconds", &labels).record(started.elapsed().as_secs_f64());
    response
}

/// The method's name if it is a standard one, otherwise `other`.
fn method_label(method: &Method) -> &'static str {
    KNOWN_METHODS.iter().find(|known| *known == method).map_or(OTHER_METHOD, |known| known.as_str())
}

/// The template of the route the request matched, or `unmatched`. A fallback's catch-all (what
/// the router registers for a nested router's fallback) is no route of the application's.
fn route_label(matched: Option<&str>) -> String {
    match matched {
        Some(template) if !template.contains("{*") => template.to_owned(),
        _ => UNMATCHED.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn standard_methods_keep_their_names_and_any_other_is_other() {
        for known in &KNOWN_METHODS {
            assert_eq!(method_label(known), known.as_str());
        }
        for made_up in ["FOO123", "get", "PROPFIND", "X", "GETS", "BREW"] {
            assert_eq!(method_label(&Method::from_bytes(made_up.as_bytes()).unwrap()), "other", "{made_up}");
        }
        let long = "A".repeat(4000);
        assert_eq!(method_label(&Method::from_bytes(long.as_bytes()).unwrap()), "other");
    }

    #[test]
    fn routes_are_templates_and_anything_else_is_unmatched() {
        assert_eq!(route_label(Some("/api/v1/titles/{id}")), "/api/v1/titles/{id}");
        assert_eq!(route_label(Some("/api/v1/{*__private__axum_fallback}")), "unmatched");
        assert_eq!(route_label(None), "unmatched");
    }
}
