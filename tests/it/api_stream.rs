//! The stream through the API: ranges, HEAD, a file that vanished or was swapped for a link out of its
//! library, and a stream that ends within a second of its device being signed out, however slowly
//! its player reads.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::support::{TestApp, error_code, spawn_app};

/// A valid MP4 (the tiny fixture) followed by a large `free` box, so it is `size` bytes in all.
fn big_mp4(path: &Path, size: u64) {
    let tiny = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/media/tiny.mp4")).unwrap();
    let padding = size - tiny.len() as u64;
    let mut file = std::fs::File::create(path).unwrap();
    file.write_all(&tiny).unwrap();
    file.write_all(&u32::try_from(padding).unwrap().to_be_bytes()).unwrap();
    file.write_all(b"free").unwrap();
    file.set_len(size).unwrap();
}

/// An app with one movie of `size` bytes, and a token watching as the account's profile.
async fn one_movie(size: u64) -> (TestApp, tempfile::TempDir, PathBuf, String, String) {
    let app = spawn_app().await;
    let root = tempfile::tempdir().unwrap();
    let folder = root.path().join("Big Film (2020)");
    std::fs::create_dir(&folder).unwrap();
    let file = folder.join("Big Film (2020).mp4");
    big_mp4(&file, size);
    let catalog = app.store.store.catalog();
    let library =
        marquee::catalog::library::add(catalog.as_ref(), root.path(), marquee::domain::media::LibraryKind::Movies)
            .await
            .unwrap();
    let summary = marquee::catalog::library::scan_library(catalog.clone(), &library, |_| {}).await.unwrap();
    assert_eq!(summary.added, 1, "skipped: {:?}", summary.skipped);
    app.create_account("stream@example.com").await;
    let token = app.sign_in("stream@example.com", "Player", "tv").await;
    let profiles: Value = app.get("/api/v1/profiles", &token).await.json().await.unwrap();
    let profile = profiles[0]["id"].as_str().unwrap();
    let selected = app
        .client
        .post(app.url(&format!("/api/v1/profiles/{profile}/select")))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(selected.status(), 204);
    let catalog: Value = app.get("/api/v1/catalog", &token).await.json().await.unwrap();
    let media = catalog["titles"][0]["media_id"].as_str().unwrap().to_string();
    (app, root, file, token, media)
}

#[tokio::test]
async fn ranges_and_head_are_answered_as_http_says() {
    let (app, _root, _file, token, media) = one_movie(1 << 20).await;
    let url = app.url(&format!("/api/v1/media/{media}/stream"));
    let ranged = app.client.get(&url).bearer_auth(&token).header("range", "bytes=100-199").send().await.unwrap();
    assert_eq!(ranged.status(), 206);
    assert_eq!(ranged.headers()["content-range"], "bytes 100-199/1048576");
    assert_eq!(ranged.headers()["accept-ranges"], "bytes");
    assert!(ranged.headers().contains_key("etag") && ranged.headers().contains_key("last-modified"));
    assert_eq!(ranged.bytes().await.unwrap().len(), 100);
    let suffix = app.client.get(&url).bearer_auth(&token).header("range", "bytes=-10").send().await.unwrap();
    assert_eq!(suffix.headers()["content-range"], "bytes 1048566-1048575/1048576");
    let beyond = app.client.get(&url).bearer_auth(&token).header("range", "bytes=2000000-").send().await.unwrap();
    assert_eq!(beyond.status(), 416);
    assert_eq!(beyond.headers()["content-range"], "bytes */1048576");
    for garbage in ["bytes=5-2", "pages=1-2", "bytes=0-1,5-6", "bytes=abc"] {
        let whole = app.client.get(&url).bearer_auth(&token).header("range", garbage).send().await.unwrap();
        assert_eq!(whole.status(), 200, "{garbage} gets the whole file");
    }
    let head = app.client.head(&url).bearer_auth(&token).send().await.unwrap();
    assert_eq!((head.status().as_u16(), head.headers()["content-length"].to_str().unwrap()), (200, "1048576"));
    assert_eq!(error_code(app.client.get(&url).send().await.unwrap(), 401).await, "unauthenticated");
    let unknown = app.url(&format!("/api/v1/media/{}/stream", uuid::Uuid::now_v7()));
    assert_eq!(error_code(app.client.get(unknown).bearer_auth(&token).send().await.unwrap(), 404).await, "not_found");
}

#[tokio::test]
async fn a_stream_ends_within_a_second_of_its_device_signing_out() {
    let (app, _root, _file, token, media) = one_movie(256 << 20).await;
    let url = app.url(&format!("/api/v1/media/{media}/stream"));
    let mut playing = app.client.get(&url).bearer_auth(&token).send().await.unwrap();
    assert_eq!(playing.status(), 200);
    let mut received = playing.chunk().await.unwrap().map_or(0, |c| c.len());
    assert!(received > 0, "the video starts");

    // Signed out (here by the device itself, on another connection) while the body is being read.
    let signed_out = Instant::now();
    assert_eq!(app.delete("/api/v1/sessions/current", &token).await.status(), 204);
    let ended = loop {
        match tokio::time::timeout(Duration::from_secs(5), playing.chunk()).await {
            Ok(Ok(Some(chunk))) => received += chunk.len(),
            Ok(Ok(None) | Err(_)) => break signed_out.elapsed(),
            Err(_) => panic!("the stream neither continued nor ended"),
        }
    };
    assert!(received < 256 << 20, "the stream was cut, not finished ({received} bytes)");
    assert!(ended < Duration::from_secs(2), "the stream ended {ended:?} after sign-out");
    let again = app.client.get(&url).bearer_auth(&token).header("range", "bytes=0-99").send().await.unwrap();
    assert_eq!(error_code(again, 401).await, "unauthenticated");
}

/// A player reads at its own pace, so megabytes of the video wait in the socket buffers and the
/// server cannot send more. Signed out, it must still see its stream end at once, without first
/// reading what was queued: the connection is reset.
#[tokio::test]
async fn a_player_that_reads_slowly_sees_its_stream_cut_at_once() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt, Interest};

    let (app, _root, _file, token, media) = one_movie(256 << 20).await;
    let mut player = tokio::net::TcpStream::connect(app.base.trim_start_matches("http://")).await.unwrap();
    let request =
        format!("GET /api/v1/media/{media}/stream HTTP/1.1\r\nHost: marquee\r\nAuthorization: Bearer {token}\r\n\r\n");
    player.write_all(request.as_bytes()).await.unwrap();
    let mut start = [0u8; 64 * 1024];
    let read = player.read(&mut start).await.unwrap();
    assert!(start[..read].starts_with(b"HTTP/1.1 200"), "{:?}", String::from_utf8_lossy(&start[..read.min(200)]));
    // The player pauses: the buffers fill up and the server waits for room.
    tokio::time::sleep(Duration::from_millis(300)).await;

    assert_eq!(app.delete("/api/v1/sessions/current", &token).await.status(), 204);
    let signed_out = Instant::now();
    let ended = tokio::time::timeout(Duration::from_secs(3), player.ready(Interest::ERROR))
        .await
        .expect("the connection was reset without the player reading on")
        .unwrap();
    assert!(ended.is_error());
    assert!(signed_out.elapsed() < Duration::from_secs(1), "the cut took {:?}", signed_out.elapsed());
}

#[tokio::test]
async fn a_vanished_file_is_not_found_and_its_title_becomes_unavailable() {
    let (app, _root, file, token, media) = one_movie(64 << 10).await;
    std::fs::remove_file(&file).unwrap();
    let gone =
        app.client.get(app.url(&format!("/api/v1/media/{media}/stream"))).bearer_auth(&token).send().await.unwrap();
    assert_eq!(gone.status(), 404);
    let body: Value = gone.json().await.unwrap();
    assert!(body["message"].as_str().unwrap().contains("moved or removed"), "{body}");
    let catalog: Value = app.get("/api/v1/catalog", &token).await.json().await.unwrap();
    let title = catalog["titles"][0]["id"].as_str().unwrap();
    let detail: Value = app.get(&format!("/api/v1/titles/{title}"), &token).await.json().await.unwrap();
    assert_eq!(detail["available"], false, "the title shows as unavailable");
}

#[cfg(unix)]
#[tokio::test]
async fn a_file_swapped_for_a_link_out_of_the_library_is_not_served() {
    let (app, _root, file, token, media) = one_movie(64 << 10).await;
    let outside = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(outside.path(), b"a secret outside the library").unwrap();
    std::fs::remove_file(&file).unwrap();
    std::os::unix::fs::symlink(outside.path(), &file).unwrap();
    let refused =
        app.client.get(app.url(&format!("/api/v1/media/{media}/stream"))).bearer_auth(&token).send().await.unwrap();
    assert_eq!(refused.status(), 404);
    assert!(!refused.text().await.unwrap().contains("secret"));
}
