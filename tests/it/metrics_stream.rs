//! The video series, as the real binary reports them: a stream counts as open while its response is
//! being sent, and every byte a player reads was counted as streamed.

use std::io::Write;
use std::path::Path;
use std::time::Duration;

use serde_json::{Value, json};

use crate::binary::{create_account, free_port, marquee, run, start_server};
use crate::metrics::{scrape, value};
use crate::support::PASSWORD;

/// Far more than the sockets between server and player hold, so the response stays open while unread.
const FILM_BYTES: u64 = 64 << 20;
/// What the player reads before looking at the metrics.
const READ_BYTES: usize = 2 << 20;

/// The tiny MP4 fixture followed by a `free` box (sparse on disk), so the file is `size` bytes in all.
pub fn big_mp4(path: &Path, size: u64) {
    let tiny = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/media/tiny.mp4")).unwrap();
    let mut file = std::fs::File::create(path).unwrap();
    file.write_all(&tiny).unwrap();
    file.write_all(&u32::try_from(size - tiny.len() as u64).unwrap().to_be_bytes()).unwrap();
    file.write_all(b"free").unwrap();
    file.set_len(size).unwrap();
}

/// A token watching as the account's first profile.
async fn watching_token(client: &reqwest::Client, base: &str) -> String {
    let signed_in = client
        .post(format!("{base}/api/v1/sessions"))
        .json(&json!({"email": "viewer@example.org", "password": PASSWORD, "device_name": "TV", "device_kind": "tv"}))
        .send()
        .await
        .unwrap();
    assert_eq!(signed_in.status(), 201);
    let token = signed_in.json::<Value>().await.unwrap()["token"].as_str().unwrap().to_string();
    let profiles: Value =
        client.get(format!("{base}/api/v1/profiles")).bearer_auth(&token).send().await.unwrap().json().await.unwrap();
    let profile = profiles[0]["id"].as_str().unwrap();
    let selected =
        client.post(format!("{base}/api/v1/profiles/{profile}/select")).bearer_auth(&token).send().await.unwrap();
    assert_eq!(selected.status(), 204);
    token
}

#[tokio::test]
async fn a_playing_video_is_counted_open_and_its_bytes_streamed() {
    let data = tempfile::tempdir().unwrap();
    let media = tempfile::tempdir().unwrap();
    let folder = media.path().join("Long Film (2020)");
    std::fs::create_dir(&folder).unwrap();
    big_mp4(&folder.join("Long Film (2020).mp4"), FILM_BYTES);
    run(marquee(data.path()).arg("library").arg("add").arg(media.path()).args(["--kind", "movies"])).await;
    run(marquee(data.path()).args(["library", "scan"])).await;
    create_account(data.path(), "viewer@example.org").await;
    let port = free_port();
    let metrics_listen = format!("127.0.0.1:{port}");
    let (_server, base) = start_server(data.path(), &["serve", "--metrics-listen", &metrics_listen]).await;
    let client = reqwest::Client::new();
    let token = watching_token(&client, &base).await;
    let catalog: Value =
        client.get(format!("{base}/api/v1/catalog")).bearer_auth(&token).send().await.unwrap().json().await.unwrap();
    let media_id = catalog["titles"][0]["media_id"].as_str().expect("the film is in the catalog").to_string();

    let before = scrape(&client, port).await;
    assert_eq!(value(&before, "marquee_video_streams_open", &[]).unwrap_or(0.0), 0.0, "{before}");
    let streamed_before = value(&before, "marquee_streamed_bytes_total", &[]).unwrap_or(0.0);

    let stream_url = format!("{base}/api/v1/media/{media_id}/stream");
    let mut playing = client.get(&stream_url).bearer_auth(&token).header("range", "bytes=0-").send().await.unwrap();
    assert_eq!(playing.status(), 206);
    let mut read = 0;
    while read < READ_BYTES {
        read += playing.chunk().await.unwrap().expect("the film goes on").len();
    }
    let during = scrape(&client, port).await;
    assert_eq!(value(&during, "marquee_video_streams_open", &[]), Some(1.0), "{during}");
    let streamed = value(&during, "marquee_streamed_bytes_total", &[]).unwrap_or(0.0) - streamed_before;
    assert!(streamed >= read as f64, "{streamed} bytes counted, {read} read");
    assert!(streamed < FILM_BYTES as f64, "the whole film was counted while {read} bytes were read");

    // The player goes away mid-film: the response ends with its connection, and the gauge falls.
    drop(playing);
    let mut open = None;
    for _ in 0..100 {
        open = value(&scrape(&client, port).await, "marquee_video_streams_open", &[]);
        if open == Some(0.0) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(open, Some(0.0), "the stream still counts as open after its player left");
    let after = scrape(&client, port).await;
    let streamed_after = value(&after, "marquee_streamed_bytes_total", &[]).unwrap() - streamed_before;
    assert!(streamed_after >= streamed, "the counter went back from {streamed} to {streamed_after}");
}
