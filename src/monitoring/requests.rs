//! Counts and times every routed request by its route template (never the raw path, whose ids
//! would make a series per title or session), method and status.

use std::time::Instant;

use axum::extract::{MatchedPath, Request};
use axum::middleware::Next;
use axum::response::Response;

/// `axum::middleware::from_fn` middleware, for `Router::route_layer`.
pub async fn track_requests(request: Request, next: Next) -> Response {
    let started = Instant::now();
    let route = request.extensions().get::<MatchedPath>().map(|path| path.as_str().to_owned());
    let method = request.method().to_string();
    let response = next.run(request).await;
    let labels = [
        ("route", route.unwrap_or_else(|| "unmatched".to_owned())),
        ("method", method),
        ("status", response.status().as_u16().to_string()),
    ];
    metrics::counter!("marquee_http_requests_total", &labels).increment(1);
    metrics::histogram!("marquee_http_request_duration_seconds", &labels).record(started.elapsed().as_secs_f64());
    response
}
