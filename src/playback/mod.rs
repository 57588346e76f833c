//! Playing: the player page, the stream (ranges, cut off at sign-out), progress and resume, and how
//! many devices of an account play at once.

pub mod choose;
pub mod embedded_subtitles;
pub mod extractions;
pub mod ffmpeg_lifetime;
pub mod hls;
pub mod leases;
pub mod media;
pub mod player_page;
pub mod preview;
pub mod preview_window;
pub mod progress;
pub mod requester;
mod services;
pub mod stream;
pub mod tracks;
pub mod words;

pub use services::{PlaybackParts, PlaybackState};

use crate::error::AppError;
use crate::store::catalog::StreamLease;

/// 409 `too_many_streams`, naming what plays on which device.
pub fn too_many_streams(limit: i64, playing: &[StreamLease]) -> AppError {
    let devices: Vec<String> =
        playing.iter().map(|lease| format!("{} ({})", lease.device_name, lease.title_name)).collect();
    AppError::Conflict {
        code: "too_many_streams",
        message: format!(
            "Too many people are using this account right now: {limit} may play at once. Playing now: {}. \
             Stop one of them to play here.",
            devices.join(", ")
        ),
    }
}
