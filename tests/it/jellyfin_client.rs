//! A real Jellyfin client, `jellyfin-apiclient-python` (the library behind the Kodi add-on and MPV
//! Shim), on its journey against a running Marquee: finding the server, signing in by name, browsing,
//! art, a converted (HLS) stream followed without a token, reporting playback (seen as the resume
//! point in Marquee's own API), and its own `Unauthorized` callback once Marquee signs every device
//! out, while its WebSocket is told to stop and closed.
//!
//! `scripts/test` installs the pinned client into `target/jellyfin-clients/py` (see
//! `install_jellyfin_clients`) and says where in `MARQUEE_JELLYFIN_PYTHON`. Without it the test fails
//! on CI and is skipped, with a message, elsewhere.

use std::path::PathBuf;

use serde_json::{Value, json};

use crate::jellyfin_support::{Journey, installed_client, progress_seconds_on_marquee};
use crate::support::{PASSWORD, TestStore, scan_demo_library, spawn_app_on};

crate::on_both_test_stores!(the_python_client_signs_in_browses_and_hears_it_was_signed_out);

async fn the_python_client_signs_in_browses_and_hears_it_was_signed_out(store: TestStore) {
    let python = "jellyfin-apiclient-python";
    let Some(python) = installed_client(python, "MARQUEE_JELLYFIN_PYTHON", "jellyfin-clients/py/bin/python") else {
        return;
    };
    scan_demo_library(store.store.as_ref()).await;
    let app = spawn_app_on(store, |_| {}).await;
    app.create_account("ada@example.org").await;
    let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/jellyfin/journey.py");
    let mut command = tokio::process::Command::new(python);
    command
        .arg(script)
        .env("MARQUEE_URL", &app.base)
        .env("MARQUEE_EMAIL", "ada@example.org")
        .env("MARQUEE_PASSWORD", PASSWORD);
    let mut journey = Journey::start(command);

    let connected = journey.next_step().await;
    assert_eq!(connected["step"], "connected");
    let info: Value = app.client.get(app.url("/System/Info/Public")).send().await.unwrap().json().await.unwrap();
    assert_eq!(connected["server_id"], info["Id"]);
    let signed_in = journey.next_step().await;
    assert_eq!(signed_in["step"], "signed-in");
    assert_eq!(signed_in["server_id"], info["Id"]);
    let browsed = journey.next_step().await;
    assert_eq!(browsed["step"], "browsed", "{browsed}");
    assert_eq!(browsed["folders"], json!(["Documentaries", "Movies", "Shows"]));
    assert_eq!(browsed["movies"], 7);
    assert!(browsed["episodes"].as_u64().unwrap() > 0 && browsed["poster_bytes"].as_u64().unwrap() > 0);
    assert!(browsed["film_bytes"].as_u64().unwrap() > 0, "the first megabyte of the film came: {browsed}");
    // A device that plays nothing as it is was given a converted stream without a token in its
    // address, and a player with no token read the first segment through it.
    let hls_url = browsed["hls_url"].as_str().unwrap();
    assert!(hls_url.contains("/master.m3u8?") && hls_url.contains("transcode-"), "{browsed}");
    assert!(!hls_url.to_ascii_lowercase().contains("api_key"), "the journey checked the token is not in it: {hls_url}");
    assert!(browsed["hls_bytes"].as_u64().unwrap() > 0, "the first segment came: {browsed}");

    // The reported position is the resume point Marquee's own pages and API show for that profile.
    let owner = app.sign_in("ada@example.org", "Laptop", "browser").await;
    let (profile, show) = (signed_in["user_id"].as_str().unwrap(), browsed["show_id"].as_str().unwrap());
    let episode = browsed["episode_id"].as_str().unwrap();
    assert_eq!(progress_seconds_on_marquee(&app, &owner, profile, show, episode).await, 4.0);

    // The app is a device of the account: sign every device out in Marquee, as its owner would.
    let devices: Value = app.get("/api/v1/sessions", &owner).await.json().await.unwrap();
    assert!(
        devices.as_array().unwrap().iter().any(|d| d["device_name"] == "Marquee journey on Test runner"),
        "{devices}"
    );
    let all = app.client.post(app.url("/api/v1/sessions/sign-out-all")).bearer_auth(&owner);
    assert_eq!(all.json(&json!({"password": PASSWORD})).send().await.unwrap().status(), 204);
    journey.tell("signed-out").await;
    let after = journey.next_step().await;
    assert_eq!(after["step"], "after-sign-out", "{after}");
    assert_eq!(after["refused"], "Unauthorized", "the client read it as signed out, not restricted: {after}");
    assert!(after["events"].as_array().unwrap().iter().any(|e| e == "Unauthorized"), "its callback fired: {after}");
    assert_eq!(after["token"], Value::Null, "the client dropped its token");
    // The library's own WebSocket was told to stop, then closed (the library reports the close code
    // as an error); opened again, it was refused.
    let socket = journey.next_step().await;
    assert_eq!(socket["step"], "socket", "{socket}");
    let heard = json!([
        ["WebSocketConnect", null],
        ["Playstate", "Stop"],
        ["WebSocketError", 1000],
        ["WebSocketError", 401],
        ["WebSocketDisconnect", null]
    ]);
    assert_eq!(socket["heard"], heard, "what the library's socket heard");
    journey.finish().await;
}
