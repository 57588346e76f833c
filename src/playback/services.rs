//! [`PlaybackState`]: what the player's handlers use beyond [`Identity`]: leases, conversions, subtitles.

use std::ops::Deref;
use std::sync::Arc;

use crate::auth::Identity;
use crate::playback::extractions::Extractions;
use crate::playback::hls::Transcoder;
use crate::playback::leases::StreamLeases;

/// The playback area's services, cheap to clone; they reach [`Identity`]'s through `identity` (or
/// by dereferencing, so `playback.store` reads as it does everywhere else).
#[derive(Clone)]
pub struct PlaybackState(Arc<PlaybackParts>);

pub struct PlaybackParts {
    pub identity: Identity,
    /// Devices playing now, per account.
    pub leases: Arc<StreamLeases>,
    /// The remuxes and transcodes running for devices that cannot play a file as it is.
    pub transcoder: Arc<Transcoder>,
    /// The subtitles ffmpeg reads out of files: how many at once, and what came of each.
    pub subtitles: Extractions,
}

impl PlaybackState {
    pub fn new(parts: PlaybackParts) -> Self {
        Self(Arc::new(parts))
    }
}

impl Deref for PlaybackState {
    type Target = PlaybackParts;

    fn deref(&self) -> &PlaybackParts {
        &self.0
    }
}

impl Deref for PlaybackParts {
    type Target = Identity;

    fn deref(&self) -> &Identity {
        &self.identity
    }
}
