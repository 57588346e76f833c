//! [`AppState`]: the whole application's services, which the router hands to each area as the
//! part it uses (axum's `FromRef`), so that no area depends on another's services.

use std::sync::Arc;

use axum::extract::FromRef;

use crate::accounts::setup::FirstRun;
use crate::auth::Identity;
use crate::catalog::keyframes::FillProgress;
use crate::catalog::title::FfmpegInstalled;
use crate::jellyfin::JellyfinServer;
use crate::playback::PlaybackState;

/// Everything the handlers and the metrics read, cheap to clone.
#[derive(Clone)]
pub struct AppState {
    pub playback: PlaybackState,
    /// The one-time setup code, when the server started without accounts.
    pub first_run: Arc<FirstRun>,
    /// How far the background reading of keyframe times has come (for the metrics).
    pub keyframes: Arc<FillProgress>,
    /// What Jellyfin apps are told about this server (its id, read once).
    pub jellyfin: JellyfinServer,
}

impl AppState {
    pub fn identity(&self) -> &Identity {
        &self.playback.identity
    }
}

impl FromRef<AppState> for Identity {
    fn from_ref(state: &AppState) -> Self {
        state.playback.identity.clone()
    }
}

impl FromRef<AppState> for PlaybackState {
    fn from_ref(state: &AppState) -> Self {
        state.playback.clone()
    }
}

impl FromRef<AppState> for Arc<FirstRun> {
    fn from_ref(state: &AppState) -> Self {
        state.first_run.clone()
    }
}

impl FromRef<AppState> for FfmpegInstalled {
    fn from_ref(state: &AppState) -> Self {
        FfmpegInstalled(state.playback.transcoder.has_ffmpeg())
    }
}

impl FromRef<AppState> for JellyfinServer {
    fn from_ref(state: &AppState) -> Self {
        state.jellyfin.clone()
    }
}
