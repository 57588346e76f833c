//! A real Jellyfin client, `jellyfin-apiclient-python` (the library behind the Kodi add-on and MPV
//! Shim), on its journey against a running Marquee: finding the server, signing in by name, browsing,
//! art, reporting playback (seen as the resume point in Marquee's own API), and its own
//! `Unauthorized` callback once Marquee signs every device out, while its WebSocket is told to stop
//! and closed.
//!
//! `scripts/test` installs the pinned client into `target/jellyfin-clients/py` (see
//! `install_jellyfin_clients`) and says where in `MARQUEE_JELLYFIN_PYTHON`. Without it the test fails
//! on CI and is skipped, with a message, elsewhere.

use std::path::PathBuf;
use std::process::Stdio;
use std::time::Duration;

use serde_json::{Value, json};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};

use crate::support::{PASSWORD, TestStore, scan_demo_library, spawn_app_on};

crate::on_both_test_stores!(the_python_client_signs_in_browses_and_hears_it_was_signed_out);

/// The virtual environment's Python with the client installed, or `None` (off CI) when it is missing.
fn client_python() -> Option<PathBuf> {
    let python = std::env::var_os("MARQUEE_JELLYFIN_PYTHON").map(PathBuf::from).unwrap_or_else(|| {
        let target = std::env::var_os("CARGO_TARGET_DIR")
            .map(PathBuf::from)
            .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target"));
        target.join("jellyfin-clients/py/bin/python")
    });
    if python.exists() {
        return Some(python);
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "jellyfin-apiclient-python is missing at {}: scripts/test installs it (install_jellyfin_clients)",
        python.display()
    );
    eprintln!("jellyfin-apiclient-python is not installed ({}): skipping; scripts/test installs it", python.display());
    None
}

async fn the_python_client_signs_in_browses_and_hears_it_was_signed_out(store: TestStore) {
    let Some(python) = client_python() else { return };
    scan_demo_library(store.store.as_ref()).await;
    let app = spawn_app_on(store, |_| {}).await;
    app.create_account("ada@example.org").await;
    let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/jellyfin/journey.py");
    let mut journey = tokio::process::Command::new(python)
        .arg(script)
        .env("MARQUEE_URL", &app.base)
        .env("MARQUEE_EMAIL", "ada@example.org")
        .env("MARQUEE_PASSWORD", PASSWORD)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .expect("start the journey");
    let mut stdin = journey.stdin.take().unwrap();
    let mut lines = BufReader::new(journey.stdout.take().unwrap()).lines();
    let mut stderr = journey.stderr.take().unwrap();
    // The library prints some of its own log lines on stdout too: the steps are the JSON lines.
    let mut next_step = async || -> Value {
        loop {
            let line = tokio::time::timeout(Duration::from_secs(60), lines.next_line()).await;
            match line {
                Ok(Ok(Some(line))) if line.starts_with('{') => {
                    return serde_json::from_str(&line).unwrap_or_else(|_| panic!("not a step: {line}"));
                }
                Ok(Ok(Some(_))) => {}
                Ok(_) => {
                    // It ended: what it said on the way out says why.
                    let mut said = String::new();
                    let _ = tokio::io::AsyncReadExt::read_to_string(&mut stderr, &mut said).await;
                    panic!("the journey stopped early: {said}");
                }
                Err(_) => panic!("the journey took no step within a minute"),
            }
        }
    };

    let connected = next_step().await;
    assert_eq!(connected["step"], "connected");
    let info: Value = app.client.get(app.url("/System/Info/Public")).send().await.unwrap().json().await.unwrap();
    assert_eq!(connected["server_id"], info["Id"]);
    let signed_in = next_step().await;
    assert_eq!(signed_in["step"], "signed-in");
    assert_eq!(signed_in["server_id"], info["Id"]);
    let browsed = next_step().await;
    assert_eq!(browsed["step"], "browsed", "{browsed}");
    assert_eq!(browsed["folders"], json!(["Documentaries", "Movies", "Shows"]));
    assert_eq!(browsed["movies"], 7);
    assert!(browsed["episodes"].as_u64().unwrap() > 0 && browsed["poster_bytes"].as_u64().unwrap() > 0);
    assert!(browsed["film_bytes"].as_u64().unwrap() > 0, "the first megabyte of the film came: {browsed}");

    // The reported position is the resume point Marquee's own pages and API show for that profile.
    let owner = app.sign_in("ada@example.org", "Laptop", "browser").await;
    let profile = signed_in["user_id"].as_str().unwrap();
    let chosen = app.client.post(app.url(&format!("/api/v1/profiles/{profile}/select"))).bearer_auth(&owner);
    assert_eq!(chosen.send().await.unwrap().status(), 204);
    let show = uuid::Uuid::parse_str(browsed["show_id"].as_str().unwrap()).unwrap();
    let title: Value = app.get(&format!("/api/v1/titles/{show}"), &owner).await.json().await.unwrap();
    let episode = uuid::Uuid::parse_str(browsed["episode_id"].as_str().unwrap()).unwrap().to_string();
    let resumed = title["seasons"].as_array().unwrap().iter().flat_map(|s| s["episodes"].as_array().unwrap().iter());
    let resumed: Vec<&Value> = resumed.filter(|e| e["media_id"] == episode.as_str()).collect();
    assert_eq!(resumed[0]["progress_seconds"], 4.0, "{title}");

    // The app is a device of the account: sign every device out in Marquee, as its owner would.
    let devices: Value = app.get("/api/v1/sessions", &owner).await.json().await.unwrap();
    assert!(
        devices.as_array().unwrap().iter().any(|d| d["device_name"] == "Marquee journey on Test runner"),
        "{devices}"
    );
    let all = app.client.post(app.url("/api/v1/sessions/sign-out-all")).bearer_auth(&owner);
    assert_eq!(all.json(&json!({"password": PASSWORD})).send().await.unwrap().status(), 204);
    stdin.write_all(b"signed-out\n").await.unwrap();
    stdin.flush().await.unwrap();
    let after = next_step().await;
    assert_eq!(after["step"], "after-sign-out", "{after}");
    assert_eq!(after["refused"], "Unauthorized", "the client read it as signed out, not restricted: {after}");
    assert!(after["events"].as_array().unwrap().iter().any(|e| e == "Unauthorized"), "its callback fired: {after}");
    assert_eq!(after["token"], Value::Null, "the client dropped its token");
    // The library's own WebSocket was told to stop, then closed (the library reports the close code
    // as an error); opened again, it was refused.
    let socket = next_step().await;
    assert_eq!(socket["step"], "socket", "{socket}");
    let heard = json!([
        ["WebSocketConnect", null],
        ["Playstate", "Stop"],
        ["WebSocketError", 1000],
        ["WebSocketError", 401],
        ["WebSocketDisconnect", null]
    ]);
    assert_eq!(socket["heard"], heard, "what the library's socket heard");
    let status =
        tokio::time::timeout(Duration::from_secs(30), journey.wait()).await.expect("the journey ends").unwrap();
    assert!(status.success(), "the journey exits cleanly");
}
