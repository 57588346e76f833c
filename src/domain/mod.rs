//! Value types that storage and several areas share, kept below them so the store knows no area.

pub mod media;
pub mod names;
