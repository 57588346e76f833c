//! HLS streams for devices that cannot play a file as it is: ffmpeg remuxes (picture copied) or
//! transcodes (picture made H.264) into MPEG-TS segments, planned up front so that a player can
//! seek anywhere, and made on demand from wherever the player asks.

mod command;
pub mod job;
pub mod plan;
mod refusal;
pub mod routes;
mod slots;
mod transcoder;
pub mod variant;
mod words;

use std::sync::Arc;
use std::time::Duration;

pub use refusal::Refusal;
pub use slots::SharedSlots;
pub use transcoder::Transcoder;

/// Ends streams nobody asks for, every few seconds, until aborted.
pub fn spawn_idle_reaper(transcoder: Arc<Transcoder>) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let idle = transcoder.idle_timeout();
        let mut tick = tokio::time::interval((idle / 4).clamp(Duration::from_millis(100), Duration::from_secs(2)));
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            transcoder.stop_idle(idle).await;
            transcoder.renew_slots().await;
        }
    })
}
