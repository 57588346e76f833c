//! Stopping what one device plays from another: from the API and from the account page's device
//! list. The stopped device's video ends, its event stream hears which device stopped it, it stays
//! signed in, and no other account can do it. On SQLite and on PostgreSQL.

use std::time::Duration;

use serde_json::Value;

use crate::metrics_stream::big_mp4;
use crate::support::{TestApp, TestStore, error_code, postgres_store, spawn_app_on, sqlite_store};
use crate::web_support::WebClient;

const EMAIL: &str = "ada@example.org";
const FILM_BYTES: usize = 128 << 20;

/// An app with one long film, an account, and a TV of that account playing the film through the API.
struct Playing {
    app: TestApp,
    tv: String,
    tv_session: String,
    video: reqwest::Response,
    _library: tempfile::TempDir,
}

async fn a_tv_playing(store: TestStore) -> Playing {
    let app = spawn_app_on(store, |_| {}).await;
    let library = tempfile::tempdir().unwrap();
    let folder = library.path().join("Long Film (2020)");
    std::fs::create_dir(&folder).unwrap();
    big_mp4(&folder.join("Long Film (2020).mp4"), FILM_BYTES as u64);
    let catalog = app.store.store.catalog();
    let added =
        marquee::catalog::library::add(catalog.as_ref(), library.path(), marquee::domain::media::LibraryKind::Movies)
            .await
            .unwrap();
    marquee::catalog::library::scan_library(catalog.clone(), &added, |_| {}).await.unwrap();
    app.create_account(EMAIL).await;

    let tv = app.sign_in(EMAIL, "Living room TV", "tv").await;
    let profiles: Value = app.get("/api/v1/profiles", &tv).await.json().await.unwrap();
    let select = app.client.post(app.url(&format!("/api/v1/profiles/{}/select", profiles[0]["id"].as_str().unwrap())));
    assert_eq!(select.bearer_auth(&tv).send().await.unwrap().status(), 204);
    let listed: Value = app.get("/api/v1/catalog", &tv).await.json().await.unwrap();
    let media = listed["titles"][0]["media_id"].as_str().unwrap().to_string();
    let stream_url = app.url(&format!("/api/v1/media/{media}/stream"));
    let mut video = app.client.get(&stream_url).bearer_auth(&tv).header("range", "bytes=0-").send().await.unwrap();
    assert_eq!(video.status(), 206);
    assert!(video.chunk().await.unwrap().is_some(), "the film is on its way");
    let sessions: Value = app.get("/api/v1/sessions", &tv).await.json().await.unwrap();
    let tv_session = current_id(&sessions);
    Playing { app, tv, tv_session, video, _library: library }
}

fn current_id(sessions: &Value) -> String {
    sessions.as_array().unwrap().iter().find(|s| s["current"] == true).unwrap()["id"].as_str().unwrap().to_string()
}

/// Reads the video until it is cut off (true) or ends normally (false), for at most 30 seconds.
async fn cut_off(video: &mut reqwest::Response) -> (Result<bool, tokio::time::error::Elapsed>, usize) {
    let mut received = 0;
    let cut = tokio::time::timeout(Duration::from_secs(30), async {
        loop {
            match video.chunk().await {
                Ok(Some(bytes)) => received += bytes.len(),
                Ok(None) => return false,
                Err(_) => return true,
            }
        }
    })
    .await;
    (cut, received)
}

/// Reads an event stream until `event` has arrived, for at most 10 seconds; what was read.
async fn read_until(stream: &mut reqwest::Response, event: &str) -> String {
    let mut received = String::new();
    let read = async {
        while let Some(chunk) = stream.chunk().await.expect("stream") {
            received.push_str(&String::from_utf8_lossy(&chunk));
            if received.contains(event) && received.ends_with("\n\n") {
                break;
            }
        }
    };
    tokio::time::timeout(Duration::from_secs(10), read).await.expect("the event arrives");
    received
}

async fn from_the_api(store: TestStore) {
    let Playing { app, tv, tv_session, mut video, .. } = a_tv_playing(store).await;
    let mut tv_events = app.get("/api/v1/events", &tv).await;
    assert_eq!(tv_events.status(), 200);
    let phone = app.sign_in(EMAIL, "Parent's phone", "mobile").await;

    // The device list says what the TV is playing, and as whom.
    let sessions: Value = app.get("/api/v1/sessions", &phone).await.json().await.unwrap();
    let listed = sessions.as_array().unwrap().iter().find(|s| s["id"] == tv_session.as_str()).unwrap();
    assert_eq!(listed["playing"]["title"], "Long Film", "{listed}");
    assert!(listed["playing"]["profile"].is_string(), "{listed}");
    assert!(listed["playing"]["since"].is_string(), "{listed}");
    let phone_listed = sessions.as_array().unwrap().iter().find(|s| s["current"] == true).unwrap();
    assert!(phone_listed.get("playing").is_none(), "the phone plays nothing: {phone_listed}");

    // Another account cannot stop it, nor find out that it exists; garbage is refused plainly.
    app.create_account("eve@example.org").await;
    let eve = app.sign_in("eve@example.org", "Eve's laptop", "browser").await;
    let stop = |token: &str, id: &str| {
        app.client.post(app.url(&format!("/api/v1/sessions/{id}/stop-playback"))).bearer_auth(token).send()
    };
    assert_eq!(error_code(stop(&eve, &tv_session).await.unwrap(), 404).await, "not_found");
    assert_eq!(error_code(stop(&phone, "not-an-id").await.unwrap(), 400).await, "invalid_id");
    assert_eq!(error_code(stop(&phone, &uuid::Uuid::now_v7().to_string()).await.unwrap(), 404).await, "not_found");
    let unauthenticated = app.client.post(app.url(&format!("/api/v1/sessions/{tv_session}/stop-playback")));
    assert_eq!(error_code(unauthenticated.send().await.unwrap(), 401).await, "unauthenticated");
    let still: Value = app.get("/api/v1/sessions", &phone).await.json().await.unwrap();
    assert!(still.as_array().unwrap().iter().any(|s| s["id"] == tv_session.as_str() && s["playing"].is_object()));

    // The phone stops it.
    assert_eq!(stop(&phone, &tv_session).await.unwrap().status(), 204);
    let (cut, received) = cut_off(&mut video).await;
    assert_eq!(cut, Ok(true), "the stopped TV went on receiving its film ({received} bytes more)");
    assert!(received < FILM_BYTES / 2, "{received} bytes arrived after the stop");
    let heard = read_until(&mut tv_events, "event: playback-stopped").await;
    assert!(heard.contains("data: {\"by\":\"Parent's phone\"}"), "{heard}");
    assert_eq!(app.get("/api/v1/account", &tv).await.status(), 200, "the TV stays signed in");
    let after: Value = app.get("/api/v1/sessions", &phone).await.json().await.unwrap();
    let listed = after.as_array().unwrap().iter().find(|s| s["id"] == tv_session.as_str()).unwrap();
    assert!(listed.get("playing").is_none(), "nothing plays there now: {listed}");
    // Stopping a device that plays nothing is no error.
    assert_eq!(stop(&phone, &tv_session).await.unwrap().status(), 204);
}

#[tokio::test]
async fn a_device_stopped_from_the_api_stops_hears_who_stopped_it_and_stays_signed_in() {
    from_the_api(sqlite_store().await).await;
    if let Some(store) = postgres_store().await {
        from_the_api(store).await;
    }
}

async fn from_the_device_list(store: TestStore) {
    let Playing { app, tv, tv_session, mut video, .. } = a_tv_playing(store).await;
    let browser = WebClient::new(&app);
    browser.sign_in_and_choose(EMAIL).await;
    let account = browser.get("/account").await;
    assert_eq!(account.status, 200);
    assert!(account.body.contains("Playing Long Film as"), "{}", account.body);
    let action = format!("/account/devices/{tv_session}/stop-playback");
    assert!(account.body.contains(&action), "a Stop playback button for the TV");

    // Without the form's token nothing happens.
    let forged = browser.post(&action, &[("csrf", "not the token")]).await;
    assert_eq!(forged.status, 403);
    let sessions: Value = app.get("/api/v1/sessions", &tv).await.json().await.unwrap();
    let listed = sessions.as_array().unwrap().iter().find(|s| s["id"] == tv_session.as_str()).unwrap();
    assert!(listed["playing"].is_object(), "the TV still plays after a forged request: {listed}");

    let stopped = browser.post(&action, &[("csrf", &account.csrf())]).await;
    assert_eq!(stopped.location(), Some("/account?saved=playback-stopped#devices"), "{}", stopped.body);
    let (cut, received) = cut_off(&mut video).await;
    assert_eq!(cut, Ok(true), "the stopped TV went on receiving its film ({received} bytes more)");
    let shown = browser.get("/account?saved=playback-stopped").await;
    assert!(shown.body.contains("Playback stopped on that device. It stays signed in."), "{}", shown.body);
    assert!(!shown.body.contains(&action), "no Stop button once it plays nothing");
    assert_eq!(app.get("/api/v1/account", &tv).await.status(), 200, "the TV stays signed in");
    let unknown = format!("/account/devices/{}/stop-playback", uuid::Uuid::now_v7());
    assert_eq!(browser.post(&unknown, &[("csrf", &shown.csrf())]).await.status, 404);
}

#[tokio::test]
async fn the_device_list_shows_what_plays_and_stops_it() {
    from_the_device_list(sqlite_store().await).await;
    if let Some(store) = postgres_store().await {
        from_the_device_list(store).await;
    }
}
