//! The TypeScript SDK of Jellyfin's own web client, `@jellyfin/sdk`, run by Node, on its journey
//! against a running Marquee through its generated API classes only: discovery, signing in by name
//! (and as a second profile, which signs itself out with `/Sessions/Logout`), browsing, art, playback
//! info, the film's first megabyte, playback reports (seen as the resume point in Marquee's own API),
//! favourite and played marks, next up, Quick Connect (the test allows the code at `/activate` for
//! the second profile), a converted film followed through its HLS playlists and subtitles with no
//! token, and a 401 for every token and stream address once Marquee signs every device out. The
//! journey checks every answer against the SDK's types and enums.
//!
//! `scripts/test` installs the pinned SDK and axios into `target/jellyfin-clients/node` (see
//! `install_jellyfin_sdk`) and says where in `MARQUEE_JELLYFIN_NODE_MODULES`. Without them the test
//! fails on CI and is skipped, with a message, elsewhere.

use std::path::PathBuf;

use serde_json::{Value, json};

use crate::device_code::phone;
use crate::jellyfin_quick_connect::decide;
use crate::jellyfin_support::{Journey, installed_client, progress_seconds_on_marquee};
use crate::support::{PASSWORD, TestStore, scan_demo_library, spawn_app_on};

crate::on_both_test_stores!(the_web_clients_sdk_signs_in_browses_plays_and_is_signed_out);

const EMAIL: &str = crate::device_code::EMAIL;
/// A film of the demo library no device with an MP4-only profile plays as it is (H.264 and AC-3 in
/// Matroska, with subtitles inside).
const CONVERTED_FILM: &str = "The Last Orbit of Vesta Nine";

async fn the_web_clients_sdk_signs_in_browses_plays_and_is_signed_out(store: TestStore) {
    let modules = "@jellyfin/sdk";
    let Some(modules) =
        installed_client(modules, "MARQUEE_JELLYFIN_NODE_MODULES", "jellyfin-clients/node/node_modules")
    else {
        return;
    };
    scan_demo_library(store.store.as_ref()).await;
    let app = spawn_app_on(store, |_| {}).await;
    let account = app.create_account(EMAIL).await;
    // Two profiles: signing in with the email alone watches as the first, `email/Sam` as Sam.
    let mut profiles = Vec::new();
    for name in ["Ada", "Sam"] {
        let profile = marquee::store::NewProfile {
            account_id: account.id,
            name: name.into(),
            avatar: "sky".into(),
            is_kids: false,
            created_at: marquee::clock::now(),
        };
        profiles.push(app.store.create_profile(profile, 5).await.unwrap().expect("a profile").id);
    }
    let sam = profiles[1];
    let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/jellyfin/sdk_journey.mjs");
    let mut command = tokio::process::Command::new("node");
    command
        .arg(script)
        .env("MARQUEE_JELLYFIN_NODE_MODULES", modules)
        .env("MARQUEE_URL", &app.base)
        .env("MARQUEE_EMAIL", EMAIL)
        .env("MARQUEE_PASSWORD", PASSWORD)
        .env("MARQUEE_SECOND_PROFILE", "Sam")
        .env("MARQUEE_CONVERTED_FILM", CONVERTED_FILM);
    let mut journey = Journey::start(command);

    let connected = journey.step("connected").await;
    let info: Value = app.client.get(app.url("/System/Info/Public")).send().await.unwrap().json().await.unwrap();
    assert_eq!(connected["server_id"], info["Id"]);
    let signed_in = journey.step("signed-in").await;
    assert_eq!(signed_in["server_id"], info["Id"]);
    assert_eq!(signed_in["user_name"], "Ada");
    assert_eq!(signed_in["device_name"], "Node runner, desk", "the SDK's percent-encoded header was read");
    let browsed = journey.step("browsed").await;
    assert_eq!(browsed["folders"], json!(["Documentaries", "Movies", "Shows"]));
    assert_eq!(browsed["movies"], 7);
    assert!(browsed["poster_bytes"].as_u64().unwrap() > 0, "{browsed}");
    let film = browsed["film_bytes"].as_u64().unwrap();
    assert!(film > 0 && film <= 1 << 20, "the first megabyte of the film came: {browsed}");
    let played = journey.step("played").await;
    assert_eq!(played["position_ticks"], 40_000_000);
    assert_eq!(played["after_logout"], 401, "the second profile's token ended with /Sessions/Logout");

    // Quick Connect: the app shows a code, which a phone signed in to the account allows for Sam.
    let shown = journey.step("quick-connect-code").await;
    let code = shown["code"].as_str().expect("a code");
    let phone = phone(&app).await;
    let allowed = decide(&phone, code, "allow", Some(&sam.to_string())).await;
    assert_eq!(allowed.status, 200, "{}", allowed.body);
    journey.tell("allowed").await;
    let connected = journey.step("quick-connected").await;
    assert_eq!(connected["user_id"], sam.simple().to_string(), "the app watches as the profile chosen: {connected}");
    assert_eq!((connected["user_name"].as_str(), connected["me"].as_str()), (Some("Sam"), Some("Sam")));
    assert_eq!(connected["device_name"], "Node runner, tv");

    // As Sam, a film the device cannot play as it is: remuxed to HLS, reached with no token.
    let converted = journey.step("converted").await;
    assert_eq!(converted["film"], CONVERTED_FILM);
    let url = converted["transcoding_url"].as_str().unwrap();
    assert!(url.contains("master.m3u8") && url.contains("remux-aac"), "the picture copied, the sound made AAC: {url}");
    let segment = converted["segment_bytes"].as_u64().unwrap();
    assert!(segment > 0 && segment <= 1 << 20, "the first segment's first megabyte came: {converted}");
    assert!(converted["subtitle_cues"].as_u64().unwrap() > 0, "{converted}");

    // The reported position is the resume point Marquee's own API shows for that profile.
    let owner = app.sign_in(EMAIL, "Laptop", "browser").await;
    let (profile, show) = (signed_in["user_id"].as_str().unwrap(), browsed["show_id"].as_str().unwrap());
    let episode = played["episode_id"].as_str().unwrap();
    assert_eq!(progress_seconds_on_marquee(&app, &owner, profile, show, episode).await, 4.0);

    // The SDK's device is in the account's list, the one that signed out is not; sign every device
    // out, as the account's owner would.
    let devices: Value = app.get("/api/v1/sessions", &owner).await.json().await.unwrap();
    let names: Vec<&str> = devices.as_array().unwrap().iter().filter_map(|d| d["device_name"].as_str()).collect();
    assert!(names.contains(&"Marquee SDK journey on Node runner, desk"), "{devices}");
    assert!(names.contains(&"Marquee SDK journey on Node runner, tv"), "signed in with Quick Connect: {devices}");
    assert!(!names.contains(&"Marquee SDK journey on Node runner, sofa"), "the logout ended it: {devices}");
    let all = app.client.post(app.url("/api/v1/sessions/sign-out-all")).bearer_auth(&owner);
    assert_eq!(all.json(&json!({"password": PASSWORD})).send().await.unwrap().status(), 204);
    journey.tell("signed-out").await;
    let after = journey.step("after-sign-out").await;
    assert_eq!(after["refused"], 401, "{after}");
    assert_eq!(after["quick_connect_refused"], 401, "the Quick Connect session ended too: {after}");
    assert_eq!(after["playlist_refused"], 401, "the stream's grant died with its session: {after}");
    journey.finish().await;
}
