//! Marquee's integration tests: one binary, one module per layer.

mod api_bad_input;
mod api_catalog;
mod api_load;
mod api_lockout;
mod api_sessions;
mod api_sign_out_all;
mod api_stream;
mod api_throttle;
mod browser;
mod catalog_store;
mod cli;
mod cli_library;
mod conformance;
mod device_code;
mod grant_store;
mod multi_instance;
mod poll_safety_net;
mod scan_tracks;
mod support;
mod web_account;
mod web_catalog;
mod web_profile_locks;
mod web_profiles;
mod web_setup;
mod web_sign_in;
mod web_support;
