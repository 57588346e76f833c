//! Pictures beside the media are served only while they are still inside their library: a poster,
//! backdrop or episode picture swapped for a link to a file outside after the scan (a secret, the
//! database) is never sent, by the API or the page routes; the drawn card stands in for it.

use std::path::Path;

use serde_json::Value;

use crate::metrics_stream::big_mp4;
use crate::support::{TestApp, spawn_app};
use crate::web_support::WebClient;

const EMAIL: &str = "art@example.com";
const SECRET: &[u8] = b"\xff\xd8\xff not a picture: a secret outside the library";

/// A show with one episode, a poster, a backdrop and the episode's picture, scanned; the library root
/// and a file outside it.
async fn show_with_art(app: &TestApp) -> (tempfile::TempDir, tempfile::TempDir) {
    let root = tempfile::tempdir().unwrap();
    let show = root.path().join("Harbour Watch");
    let season = show.join("Season 01");
    std::fs::create_dir_all(&season).unwrap();
    big_mp4(&season.join("Harbour Watch S01E01.mp4"), 64 << 10);
    for picture in [show.join("poster.jpg"), show.join("fanart.jpg"), season.join("Harbour Watch S01E01-thumb.jpg")] {
        std::fs::write(picture, b"\xff\xd8\xff a real picture").unwrap();
    }
    let catalog = app.store.store.catalog();
    let library =
        marquee::catalog::library::add(catalog.as_ref(), root.path(), marquee::domain::media::LibraryKind::Shows)
            .await
            .unwrap();
    let summary = marquee::catalog::library::scan_library(catalog.clone(), &library, |_| {}).await.unwrap();
    assert_eq!(summary.added, 1, "skipped: {:?}", summary.skipped);
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("secret.jpg"), SECRET).unwrap();
    (root, outside)
}

fn swap_for_link(picture: &Path, target: &Path) {
    std::fs::remove_file(picture).unwrap();
    std::os::unix::fs::symlink(target, picture).unwrap();
}

#[tokio::test]
async fn pictures_swapped_for_links_out_of_the_library_are_never_served() {
    let app = spawn_app().await;
    let (root, outside) = show_with_art(&app).await;
    app.create_account(EMAIL).await;
    let token = app.sign_in(EMAIL, "Living room TV", "tv").await;
    let profiles: Value = app.get("/api/v1/profiles", &token).await.json().await.unwrap();
    let profile = profiles[0]["id"].as_str().unwrap();
    let url = app.url(&format!("/api/v1/profiles/{profile}/select"));
    assert_eq!(app.client.post(url).bearer_auth(&token).send().await.unwrap().status(), 204);
    let catalog: Value = app.get("/api/v1/catalog", &token).await.json().await.unwrap();
    let title = catalog["titles"][0]["id"].as_str().unwrap().to_string();
    let detail: Value = app.get(&format!("/api/v1/titles/{title}"), &token).await.json().await.unwrap();
    let episode = detail["seasons"][0]["episodes"][0]["media_id"].as_str().expect("the episode").to_string();

    let browser = WebClient::new(&app);
    browser.sign_in_and_choose(EMAIL).await;
    let api = [format!("/api/v1/titles/{title}/poster"), format!("/api/v1/titles/{title}/backdrop")];
    let pages =
        [format!("/art/{title}/poster"), format!("/art/{title}/backdrop"), format!("/art/media/{episode}/thumb")];

    // Before the swap, the real pictures.
    for path in &api {
        let answer = app.get(path, &token).await;
        assert_eq!(answer.headers()["content-type"], "image/jpeg", "{path}");
    }
    for path in &pages {
        let answer = browser.get(path).await;
        assert_eq!((answer.status, answer.headers["content-type"].to_str().unwrap()), (200, "image/jpeg"), "{path}");
    }

    let show = root.path().join("Harbour Watch");
    let secret = outside.path().join("secret.jpg");
    swap_for_link(&show.join("poster.jpg"), &secret);
    swap_for_link(&show.join("fanart.jpg"), &secret);
    swap_for_link(&show.join("Season 01/Harbour Watch S01E01-thumb.jpg"), &secret);

    for path in &api {
        let answer = app.get(path, &token).await;
        assert_eq!(answer.headers()["content-type"], "image/svg+xml", "{path}: the drawn card, not the link");
        let body = answer.bytes().await.unwrap();
        assert!(!body.windows(6).any(|w| w == b"secret"), "{path} leaked the file outside");
    }
    for path in &pages {
        let answer = browser.get(path).await;
        assert_eq!(answer.headers["content-type"], "image/svg+xml", "{path}: the drawn card, not the link");
        assert!(!answer.body.contains("secret"), "{path} leaked the file outside");
    }

    // A folder on the way swapped for a link is caught the same way.
    let moved = root.path().join("elsewhere");
    std::fs::rename(&show, &moved).unwrap();
    std::os::unix::fs::symlink(outside.path(), &show).unwrap();
    std::fs::write(outside.path().join("poster.jpg"), SECRET).unwrap();
    let answer = app.get(&format!("/api/v1/titles/{title}/poster"), &token).await;
    assert_eq!(answer.headers()["content-type"], "image/svg+xml");
}
