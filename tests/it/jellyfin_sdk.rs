//! The TypeScript SDK of Jellyfin's own web client, `@jellyfin/sdk`, run by Node, on its journey
//! against a running Marquee through its generated API classes only: discovery, signing in by name
//! (and as a second profile, which signs itself out with `/Sessions/Logout`), browsing, art, playback
//! info, the film's first megabyte, playback reports (seen as the resume point in Marquee's own API),
//! favourite and played marks, next up, and a 401 once Marquee signs every device out. The journey
//! checks every answer against the SDK's types and enums.
//!
//! `scripts/test` installs the pinned SDK and axios into `target/jellyfin-clients/node` (see
//! `install_jellyfin_sdk`) and says where in `MARQUEE_JELLYFIN_NODE_MODULES`. Without them the test
//! fails on CI and is skipped, with a message, elsewhere.

use std::path::PathBuf;

use serde_json::{Value, json};

use crate::jellyfin_support::{Journey, installed_client, progress_seconds_on_marquee};
use crate::support::{PASSWORD, TestStore, scan_demo_library, spawn_app_on};

crate::on_both_test_stores!(the_web_clients_sdk_signs_in_browses_plays_and_is_signed_out);

const EMAIL: &str = "ada@example.org";

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
    for name in ["Ada", "Sam"] {
        let profile = marquee::store::NewProfile {
            account_id: account.id,
            name: name.into(),
            avatar: "sky".into(),
            is_kids: false,
            created_at: marquee::clock::now(),
        };
        app.store.create_profile(profile, 5).await.unwrap().expect("a profile");
    }
    let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/jellyfin/sdk_journey.mjs");
    let mut command = tokio::process::Command::new("node");
    command
        .arg(script)
        .env("MARQUEE_JELLYFIN_NODE_MODULES", modules)
        .env("MARQUEE_URL", &app.base)
        .env("MARQUEE_EMAIL", EMAIL)
        .env("MARQUEE_PASSWORD", PASSWORD)
        .env("MARQUEE_SECOND_PROFILE", "Sam");
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
    assert!(!names.contains(&"Marquee SDK journey on Node runner, sofa"), "the logout ended it: {devices}");
    let all = app.client.post(app.url("/api/v1/sessions/sign-out-all")).bearer_auth(&owner);
    assert_eq!(all.json(&json!({"password": PASSWORD})).send().await.unwrap().status(), 204);
    journey.tell("signed-out").await;
    let after = journey.step("after-sign-out").await;
    assert_eq!(after["refused"], 401, "{after}");
    journey.finish().await;
}
