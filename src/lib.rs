//! Marquee: a self-hosted streaming service where signing out is true at once, on every device.
//!
//! [`launch`] is the whole server; the binary and the tests both start it through here.
#![forbid(unsafe_code)]

pub mod accounts;
pub mod activity;
pub mod app;
pub mod apps;
pub mod auth;
pub mod catalog;
pub mod cli;
pub mod clock;
pub mod connection;
pub mod domain;
pub mod error;
pub mod i18n;
mod json;
pub mod library_files;
pub mod logging;
pub mod mail;
pub mod monitoring;
pub mod playback;
pub mod private_files;
pub mod profiles;
pub mod readiness;
pub mod request_id;
pub mod revocation;
pub mod settings;
pub mod signin;
pub mod store;
pub mod web;

use std::future::Future;
use std::sync::Arc;

use tokio::net::TcpListener;

use crate::accounts::setup::FirstRun;
use crate::app::{AppParts, AppState};
use crate::auth::{Identity, IdentityParts, PasswordHasher, Sessions, SignInThrottle};
use crate::connection::{CuttableListener, PerConnection};
use crate::playback::{PlaybackParts, PlaybackState};
use crate::settings::Settings;

/// Connects to the database (running migrations), then serves on `listener` until `shutdown` resolves.
pub async fn launch(
    settings: Settings,
    listener: TcpListener,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> anyhow::Result<()> {
    let store = store::connect(&settings.database_url).await?;
    serve(settings, store, listener, shutdown).await
}

/// Serves with an already opened store.
pub async fn serve(
    settings: Settings,
    store: Arc<dyn store::Store>,
    listener: TcpListener,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> anyhow::Result<()> {
    serve_with_setup(settings, store, listener, shutdown, Startup::default()).await
}

/// What was prepared before serving: the code `/setup` accepts for the first account, and the
/// progress of the keyframe times read in the background, which the metrics report.
#[derive(Default)]
pub struct Startup {
    pub first_run: FirstRun,
    pub keyframes: Arc<catalog::keyframes::FillProgress>,
    /// The metrics listener, bound already (otherwise `metrics_listen` is bound when serving starts).
    pub metrics: Option<TcpListener>,
}

/// Serves, accepting the first account at `/setup` with the code held by `startup.first_run`.
pub async fn serve_with_setup(
    settings: Settings,
    store: Arc<dyn store::Store>,
    listener: TcpListener,
    shutdown: impl Future<Output = ()> + Send + 'static,
    startup: Startup,
) -> anyhow::Result<()> {
    let Startup { first_run, keyframes, metrics: metrics_listener } = startup;
    let (stop, stopping) = tokio::sync::watch::channel(false);
    let shutdown = async move {
        shutdown.await;
        let _ = stop.send(true);
    };
    // Mail waiting in the outbox (from before a restart too) goes out in the background.
    let mailer = Arc::new(mail::Mailer::new(store.clone(), &settings.mail, settings.clock.clone())?);
    let sessions = Arc::new(
        Sessions::new(store.clone(), settings.sessions.clone(), settings.throttle.window).with_mail(mailer.clone()),
    );
    let background = sessions.spawn_background(settings.revocation_notifications);
    let transcoder = Arc::new(
        playback::hls::Transcoder::new(&settings.transcoding)
            .sharing_slots(playback::hls::SharedSlots::new(store.clone())),
    );
    let reaper = playback::hls::spawn_idle_reaper(transcoder.clone());
    let leases = Arc::new(playback::leases::StreamLeases::new(store.catalog(), settings.streams_per_account));
    // A device's playback stopped, or its player closed a file (on any instance): forget its lease
    // renewals and stop its conversions (of that file only, when a player closed).
    let (forgetting, stopping_conversions) = (leases.clone(), transcoder.clone());
    sessions.on_stream_stopped(move |session_ids, closed_media| {
        forgetting.forget(session_ids);
        for session_id in session_ids.iter().copied() {
            let transcoder = stopping_conversions.clone();
            tokio::spawn(async move {
                match closed_media {
                    Some(closed) => transcoder.stop_media(session_id, closed).await,
                    None => transcoder.stop_session(session_id).await,
                }
            });
        }
    });
    let sending = mailer.spawn();
    let identity = Identity::new(IdentityParts {
        mail: mailer,
        hasher: PasswordHasher::new(settings.hashing_concurrency),
        throttle: SignInThrottle::new(store.clone(), settings.throttle.clone()),
        sessions: sessions.clone(),
        shutdown: stopping,
        store,
        settings,
    });
    let playback = PlaybackState::new(PlaybackParts {
        identity,
        transcoder: transcoder.clone(),
        subtitles: playback::extractions::Extractions::new(
            playback::embedded_subtitles::AT_ONCE,
            playback::embedded_subtitles::SLOT_WAIT,
        ),
        leases: leases.clone(),
    });
    let state = AppState::new(AppParts {
        playback,
        first_run: Arc::new(first_run),
        keyframes,
        jellyfin: apps::JellyfinServer::default(),
    });
    let metrics = match (metrics_listener, state.identity().settings.metrics_listen) {
        (Some(listener), _) => monitoring::start_on(listener, levels(&state)).await?,
        (None, Some(address)) => monitoring::start(address, levels(&state)).await?,
        (None, None) => Vec::new(),
    };
    let router = app::router(state);
    // Every request knows its client's address and can cut its connection (a video whose session ended).
    let served = axum::serve(CuttableListener(listener), PerConnection(router)).with_graceful_shutdown(shutdown).await;
    for task in background.into_iter().chain(metrics).chain(sending) {
        task.abort();
    }
    reaper.abort();
    transcoder.stop_all().await;
    sessions.flush_activity().await;
    sessions.leave().await;
    Ok(served?)
}

/// The gauges a metrics scrape reads from the running services.
fn levels(state: &AppState) -> monitoring::Levels {
    let state = state.clone();
    Arc::new(move || {
        metrics::gauge!("marquee_sessions_cached").set(state.identity().sessions.cached() as f64);
        metrics::gauge!("marquee_transcodes_running").set(state.playback.transcoder.count() as f64);
        metrics::gauge!("marquee_hashing_queue_length").set(state.identity().hasher.queue_length() as f64);
        state.keyframes.report();
    })
}
