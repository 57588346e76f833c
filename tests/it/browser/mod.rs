//! Tests that drive real headless Chromium against a running Marquee, and the harness they share.

mod catalog_gallery;
mod converted;
mod devices;
mod gallery;
mod harness;
mod household;
mod journey;
mod keyboard;
mod leaving;
mod no_script;
mod proxied;
mod smoke;
mod tv;
mod tv_player;
mod watching;

pub use harness::{Browser, Key, Viewport};
