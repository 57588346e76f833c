//! Value types that storage and several areas share, kept below them so the store knows no area.

pub mod device;
pub mod email;
pub mod language;
pub mod media;
pub mod names;
pub mod playability;
