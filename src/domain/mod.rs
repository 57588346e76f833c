//! Value types that storage and several areas share, kept below them so the store knows no area.
//!
//! Foundation: it imports only `i18n/`.

pub mod device;
pub mod email;
pub mod language;
pub mod media;
pub mod names;
pub mod network;
pub mod playability;
