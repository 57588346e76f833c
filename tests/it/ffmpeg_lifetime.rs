//! ffmpeg never outlives its server, with the real binary: a server killed outright (`kill -9`, which
//! drops nothing) takes its ffmpeg with it, and a server that starts kills an ffmpeg still working in
//! its streams folder.

use std::path::Path;
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::api_hls::{ffmpeg_processes_in, generated_mkv};
use crate::binary::{create_account, marquee, start_server};
use crate::support::PASSWORD;

const EMAIL: &str = "ada@example.org";

/// Runs `marquee ARGS` to the end and asserts it succeeded.
async fn run_cli(data_dir: &Path, args: &[&str]) {
    let output = marquee(data_dir).args(args).output().await.unwrap();
    assert!(output.status.success(), "{args:?}: {}", String::from_utf8_lossy(&output.stderr));
}

/// Waits up to `within` for `done`.
async fn eventually(within: Duration, mut done: impl FnMut() -> bool) -> bool {
    let deadline = Instant::now() + within;
    while !done() {
        if Instant::now() > deadline {
            return false;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    true
}

#[tokio::test]
async fn a_server_killed_outright_takes_its_ffmpeg_with_it() {
    let data = tempfile::tempdir().unwrap();
    let media = tempfile::tempdir().unwrap();
    let folder = media.path().join("Busy Film (2020)");
    std::fs::create_dir(&folder).unwrap();
    let source = generated_mkv(media.path(), 60, "1280x720");
    std::fs::rename(&source, folder.join("Busy Film (2020).mkv")).unwrap();
    run_cli(data.path(), &["library", "add", media.path().to_str().unwrap(), "--kind", "movies"]).await;
    run_cli(data.path(), &["library", "scan"]).await;
    create_account(data.path(), EMAIL).await;
    let (mut server, base) = start_server(data.path(), &["serve"]).await;

    let client = reqwest::Client::new();
    let signed_in: Value = client
        .post(format!("{base}/api/v1/sessions"))
        .json(&json!({"email": EMAIL, "password": PASSWORD, "device_name": "TV", "device_kind": "tv"}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let token = signed_in["token"].as_str().unwrap().to_string();
    let get = |path: String| client.get(format!("{base}{path}")).bearer_auth(&token).send();
    let profiles: Value = get("/api/v1/profiles".into()).await.unwrap().json().await.unwrap();
    let select = client.post(format!("{base}/api/v1/profiles/{}/select", profiles[0]["id"].as_str().unwrap()));
    assert_eq!(select.bearer_auth(&token).send().await.unwrap().status(), 204);
    let catalog: Value = get("/api/v1/catalog".into()).await.unwrap().json().await.unwrap();
    let media_id = catalog["titles"][0]["media_id"].as_str().unwrap().to_string();
    let answer: Value =
        get(format!("/api/v1/media/{media_id}/playback?video=vp9")).await.unwrap().json().await.unwrap();
    assert_eq!(answer["method"], "transcode", "{answer}");
    let playlist = answer["url"].as_str().unwrap().trim_end_matches("/index.m3u8").to_owned();
    assert_eq!(get(format!("{playlist}/0.ts")).await.unwrap().status(), 200);
    let streams = data.path().join("streams");
    assert_eq!(ffmpeg_processes_in(&streams), 1, "a minute of 720p takes ffmpeg longer than one segment");

    server.start_kill().unwrap();
    server.wait().await.unwrap();
    assert!(
        eventually(Duration::from_secs(5), || ffmpeg_processes_in(&streams) == 0).await,
        "ffmpeg went on converting after its server was killed"
    );
}

#[tokio::test]
async fn a_server_that_starts_kills_an_ffmpeg_left_in_its_streams_folder() {
    let data = tempfile::tempdir().unwrap();
    let streams = data.path().join("streams");
    let left = streams.join("left-behind");
    std::fs::create_dir_all(&left).unwrap();
    // An ffmpeg that would run forever, as one orphaned by a server that died without setpriv would.
    let mut orphan = std::process::Command::new("ffmpeg")
        .args(["-hide_banner", "-loglevel", "error", "-nostdin", "-re", "-f", "lavfi", "-i"])
        .arg("testsrc2=size=160x120:rate=5")
        .args(["-c:v", "mpeg4", "-f", "mpegts"])
        .arg(left.join("out.ts"))
        .spawn()
        .expect("ffmpeg runs");
    assert!(eventually(Duration::from_secs(5), || ffmpeg_processes_in(&streams) == 1).await);

    create_account(data.path(), EMAIL).await;
    let (_server, _base) = start_server(data.path(), &["serve"]).await;
    let ended = eventually(Duration::from_secs(5), || orphan.try_wait().unwrap().is_some()).await;
    if !ended {
        orphan.kill().unwrap();
    }
    assert!(ended, "the server killed the ffmpeg left in its streams folder");
    assert!(!left.exists(), "and emptied the folder");
}
