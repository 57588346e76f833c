//! Shared state: the services every handler reaches through `State<AppState>`.
//!
//! It sits below the handlers and the router, so nothing imports back up into `app.rs`.

use std::ops::Deref;
use std::sync::Arc;

use crate::accounts::setup::FirstRun;
use crate::auth::{PasswordHasher, Sessions, SignInThrottle};
use crate::playback::leases::StreamLeases;
use crate::settings::Settings;
use crate::store::Store;

/// Everything a handler may need, cheap to clone.
#[derive(Clone)]
pub struct AppState(Arc<Services>);

pub struct Services {
    pub settings: Settings,
    pub store: Arc<dyn Store>,
    pub sessions: Arc<Sessions>,
    /// Devices playing now, per account.
    pub leases: Arc<StreamLeases>,
    pub hasher: PasswordHasher,
    pub throttle: SignInThrottle,
    /// The one-time setup code, when the server started without accounts.
    pub first_run: FirstRun,
    /// The remuxes and transcodes running for devices that cannot play a file as it is.
    pub transcoder: Arc<crate::playback::hls::Transcoder>,
    /// The subtitles ffmpeg reads out of files: how many at once, and what came of each.
    pub subtitles: crate::playback::extractions::Extractions,
    /// How far the background reading of keyframe times has come (for the metrics).
    pub keyframes: Arc<crate::catalog::keyframes::FillProgress>,
    /// Turns true when the server is shutting down, so endless streams can end.
    pub shutdown: tokio::sync::watch::Receiver<bool>,
}

impl AppState {
    pub fn new(services: Services) -> Self {
        Self(Arc::new(services))
    }
}

impl Deref for AppState {
    type Target = Services;

    fn deref(&self) -> &Services {
        &self.0
    }
}
