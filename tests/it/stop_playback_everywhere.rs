//! "Stop playback there" holds on every instance, as a sign-out does: two instances on one PostgreSQL,
//! a limit of one stream per account, a TV playing through one instance and a browser on the other
//! stopping it. The TV's open video ends, and its next request is refused: the browser has its place.

use std::time::Duration;

use serde_json::Value;

use crate::metrics_stream::big_mp4;
use crate::support::{TestStore, postgres_store, spawn_app_on};
use crate::web_support::WebClient;

const EMAIL: &str = "ada@example.org";
const FILM_BYTES: usize = 256 << 20;

#[tokio::test]
async fn a_device_stopped_from_another_instance_stops_playing_there() {
    let Some(store) = postgres_store().await else { return };
    let elsewhere = TestStore::reopen(&store).await;
    let first = spawn_app_on(store, |settings| settings.streams_per_account = 1).await;
    let second = spawn_app_on(elsewhere, |settings| settings.streams_per_account = 1).await;
    let root = tempfile::tempdir().unwrap();
    let folder = root.path().join("Big Film (2020)");
    std::fs::create_dir(&folder).unwrap();
    big_mp4(&folder.join("Big Film (2020).mp4"), FILM_BYTES as u64);
    let catalog = first.store.store.catalog();
    let library =
        marquee::catalog::library::add(catalog.as_ref(), root.path(), marquee::domain::media::LibraryKind::Movies)
            .await
            .unwrap();
    marquee::catalog::library::scan_library(catalog.clone(), &library, |_| {}).await.unwrap();
    first.create_account(EMAIL).await;

    // The TV plays through the second instance.
    let tv = second.sign_in(EMAIL, "TV", "tv").await;
    let profiles: Value = second.get("/api/v1/profiles", &tv).await.json().await.unwrap();
    let select =
        second.client.post(second.url(&format!("/api/v1/profiles/{}/select", profiles[0]["id"].as_str().unwrap())));
    assert_eq!(select.bearer_auth(&tv).send().await.unwrap().status(), 204);
    let listed: Value = second.get("/api/v1/catalog", &tv).await.json().await.unwrap();
    let media = listed["titles"][0]["media_id"].as_str().unwrap().to_string();
    let stream_url = second.url(&format!("/api/v1/media/{media}/stream"));
    let mut playing = second.client.get(&stream_url).bearer_auth(&tv).header("range", "bytes=0-").send().await.unwrap();
    assert_eq!(playing.status(), 206);
    assert!(playing.chunk().await.unwrap().is_some(), "the film is on its way");
    let sessions: Value = second.get("/api/v1/sessions", &tv).await.json().await.unwrap();
    let tv_session =
        sessions.as_array().unwrap().iter().find(|s| s["current"] == true).unwrap()["id"].as_str().unwrap().to_string();

    // A browser on the first instance finds the one place taken, and stops the TV.
    let browser = WebClient::new(&first);
    browser.sign_in_and_choose(EMAIL).await;
    let refused = browser.get(&format!("/watch/{media}")).await;
    assert_eq!(refused.status, 409, "one stream at a time");
    let stopped =
        browser.post(&format!("/streams/{tv_session}/stop"), &[("csrf", &refused.csrf()), ("media", &media)]).await;
    assert_eq!(stopped.location(), Some(format!("/watch/{media}").as_str()), "{}", stopped.body);

    // The TV's film is cut off on the other instance, long before its end (what its socket already
    // held still arrives).
    let mut received = 0;
    let cut = tokio::time::timeout(Duration::from_secs(30), async {
        loop {
            match playing.chunk().await {
                Ok(Some(bytes)) => received += bytes.len(),
                Ok(None) => return false,
                Err(_) => return true,
            }
        }
    })
    .await;
    assert_eq!(cut, Ok(true), "the stopped device went on receiving its film ({received} bytes more)");
    assert!(received < FILM_BYTES / 2, "{received} bytes arrived after the stop");
    let mine = browser.get(&format!("/watch/{media}")).await;
    assert_eq!(mine.status, 200, "the browser has the place now");
    let again = second.client.get(&stream_url).bearer_auth(&tv).header("range", "bytes=0-99").send().await.unwrap();
    assert_eq!(again.status(), 409, "the stopped device is refused on its next request, on its own instance");
    assert_eq!(second.get("/api/v1/account", &tv).await.status(), 200, "and stays signed in");
}
