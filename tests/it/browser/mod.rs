//! Tests that drive real headless Chromium against a running Marquee, and the harness they share.

mod accessibility_audit;
mod account_time_zone;
mod activity;
mod borrowed_tv;
mod catalog_gallery;
mod converted;
mod devices;
mod french_gallery;
mod gallery;
mod harness;
mod household;
mod journey;
mod keyboard;
mod leaving;
mod living_room;
mod no_script;
mod not_me;
mod passkeys;
mod password_reset;
mod phone_layout;
mod player_words;
mod poster_rows;
mod previews;
mod proxied;
mod quick_connect;
mod refused_forms;
mod smoke;
mod tv;
mod tv_player;
mod two_step;
mod watching;

pub use harness::{Browser, Device, Key, Viewport};
