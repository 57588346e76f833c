//! `--metrics-listen`: Prometheus metrics at `/metrics`, on a listener apart from the service so
//! that it can stay on a private network.
//!
//! Counters and histograms are recorded where things happen (`metrics::counter!` and friends, which
//! do nothing when no listener is set); levels that the server already knows (sessions cached,
//! transcodes running, the password-hashing queue, how far the keyframe reading has come, the log
//! lines dropped) are read at each scrape.
//!
//! It imports only `logging/`: the levels it reads at each scrape are handed to it from the top.

use std::net::SocketAddr;
use std::time::Duration;

use axum::Router;
use axum::extract::State;
use axum::http::header;
use axum::response::IntoResponse;
use axum::routing::get;
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};

mod open;
mod requests;
pub use open::OpenGuard;
pub use requests::track_requests;

/// Event streams (signed-out push) open now.
pub const EVENT_STREAMS_OPEN: &str = "marquee_event_streams_open";
/// Jellyfin apps' WebSockets (`/socket`, told to stop when their session ends) open now.
pub const APP_SOCKETS_OPEN: &str = "marquee_app_sockets_open";
/// Video responses (file bodies) being sent now.
pub const VIDEO_STREAMS_OPEN: &str = "marquee_video_streams_open";
/// Bytes of media files handed to the socket.
pub const STREAMED_BYTES: &str = "marquee_streamed_bytes_total";
/// ffmpeg runs that read subtitles out of a file, by `outcome` (`converted` or `failed`).
pub const SUBTITLE_EXTRACTIONS: &str = "marquee_subtitle_extractions_total";
/// Tries to send a message from the outbox, by `outcome`: `sent`, `retried` (failed, tried again
/// later) or `given_up`.
pub const MAIL_SENDS: &str = "marquee_mail_total";

/// Request latencies, in seconds: from a cached page to a slow sign-in.
const LATENCY_BUCKETS: &[f64] = &[0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0];
/// Histograms are folded this often, so their memory stays bounded between scrapes.
const UPKEEP_EVERY: Duration = Duration::from_secs(5);

/// Installs the process's metrics recorder and serves `/metrics` on `address`. Returns the tasks
/// to stop at shutdown. Fails when the address cannot be bound or a recorder is installed already.
pub async fn start(address: SocketAddr, levels: Levels) -> anyhow::Result<Vec<tokio::task::JoinHandle<()>>> {
    start_on(bind(address).await?, levels).await
}

/// Binds the metrics listener, so a caller can be listening before it says it is running.
pub async fn bind(address: SocketAddr) -> anyhow::Result<tokio::net::TcpListener> {
    tokio::net::TcpListener::bind(address).await.map_err(|e| anyhow::anyhow!("cannot serve metrics on {address}: {e}"))
}

/// [`start`] on a listener already bound.
pub async fn start_on(
    listener: tokio::net::TcpListener,
    levels: Levels,
) -> anyhow::Result<Vec<tokio::task::JoinHandle<()>>> {
    let handle = PrometheusBuilder::new()
        .set_buckets_for_metric(Matcher::Suffix("_seconds".into()), LATENCY_BUCKETS)?
        .install_recorder()
        .map_err(|e| anyhow::anyhow!("cannot record metrics: {e}"))?;
    tracing::info!(address = %listener.local_addr()?, "serving metrics at /metrics");
    let upkeep = handle.clone();
    let upkeeper = tokio::spawn(async move {
        let mut ticks = tokio::time::interval(UPKEEP_EVERY);
        loop {
            ticks.tick().await;
            upkeep.run_upkeep();
        }
    });
    let router = Router::new().route("/metrics", get(scrape)).with_state(Scrape { handle, levels });
    let server = tokio::spawn(async move {
        if let Err(error) = axum::serve(listener, router).await {
            tracing::error!(%error, "the metrics listener stopped");
        }
    });
    Ok(vec![upkeeper, server])
}

#[derive(Clone)]
struct Scrape {
    handle: PrometheusHandle,
    levels: Levels,
}

/// Sets the gauges of levels the server knows (sessions cached, transcodes running …) just before
/// each scrape; the composition root, which holds those services, says how.
pub type Levels = std::sync::Arc<dyn Fn() + Send + Sync>;

async fn scrape(State(scrape): State<Scrape>) -> impl IntoResponse {
    (scrape.levels)();
    metrics::counter!("marquee_log_lines_dropped_total").absolute(crate::logging::lines_dropped());
    ([(header::CONTENT_TYPE, "text/plain; version=0.0.4")], scrape.handle.render())
}
