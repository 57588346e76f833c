//! Why a new stream cannot start, and what the person is told about it.

use crate::error::AppError;

/// Why a new stream cannot start.
#[derive(Debug, PartialEq, Eq)]
pub enum Refusal {
    /// ffmpeg is not installed.
    NoFfmpeg,
    /// As many transcodes as allowed are running.
    Busy { limit: usize },
}

impl From<Refusal> for AppError {
    /// In words a person can act on.
    fn from(refusal: Refusal) -> Self {
        match refusal {
            Refusal::NoFfmpeg => AppError::Unavailable {
                code: "ffmpeg_missing",
                message: "This device cannot play this file as it is, and this server cannot convert it: ffmpeg is \
                          not installed. Whoever runs Marquee can install it (on Debian: apt install ffmpeg)."
                    .into(),
            },
            Refusal::Busy { limit } => AppError::Unavailable {
                code: "transcoding_busy",
                message: format!(
                    "The server is converting as many videos as it can right now ({limit} at once). Try again in a \
                     few minutes, or play it on a device that plays this file as it is."
                ),
            },
        }
    }
}
