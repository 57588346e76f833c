//! [`AppState`]: the whole application's services, which the router hands to each area as the
//! part it uses (axum's `FromRef`), so that no area depends on another's services.

use std::sync::Arc;

use axum::extract::FromRef;

use crate::accounts::setup::FirstRun;
use crate::apps::JellyfinServer;
use crate::auth::Identity;
use crate::catalog::keyframes::FillProgress;
use crate::catalog::title::FfmpegInstalled;
use crate::playback::PlaybackState;

/// Everything the handlers and the metrics read, cheap to clone: one shared pointer, since every
/// request clones the state into its handler (more pointers, more contended counters to bump).
#[derive(Clone)]
pub struct AppState(Arc<AppParts>);

/// What [`AppState`] shares.
pub struct AppParts {
    pub playback: PlaybackState,
    /// The one-time setup code, when the server started without accounts.
    pub first_run: Arc<FirstRun>,
    /// How far the background reading of keyframe times has come (for the metrics).
    pub keyframes: Arc<FillProgress>,
    /// What Jellyfin apps are told about this server (its id, read once).
    pub jellyfin: JellyfinServer,
}

impl AppState {
    pub fn new(parts: AppParts) -> Self {
        Self(Arc::new(parts))
    }

    pub fn identity(&self) -> &Identity {
        &self.0.playback.identity
    }
}

impl std::ops::Deref for AppState {
    type Target = AppParts;

    fn deref(&self) -> &AppParts {
        &self.0
    }
}

impl FromRef<AppState> for Identity {
    fn from_ref(state: &AppState) -> Self {
        state.0.playback.identity.clone()
    }
}

impl FromRef<AppState> for PlaybackState {
    fn from_ref(state: &AppState) -> Self {
        state.0.playback.clone()
    }
}

impl FromRef<AppState> for Arc<FirstRun> {
    fn from_ref(state: &AppState) -> Self {
        state.0.first_run.clone()
    }
}

impl FromRef<AppState> for FfmpegInstalled {
    fn from_ref(state: &AppState) -> Self {
        FfmpegInstalled(state.0.playback.transcoder.has_ffmpeg())
    }
}

impl FromRef<AppState> for JellyfinServer {
    fn from_ref(state: &AppState) -> Self {
        state.jellyfin.clone()
    }
}
