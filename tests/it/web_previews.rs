//! Previews over HTTP: the browse page's muted clips read a bounded part of a file, take no place
//! among the account's streams, follow the profile's maturity level and the account's preference,
//! and end with the session.

use std::io::Write;
use std::path::Path;

use marquee::store::NewProfile;

use crate::support::{TestApp, spawn_app_with};
use crate::web_support::WebClient;

const EMAIL: &str = "previews@example.org";
const MIB: u64 = 1024 * 1024;

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

/// An app (one stream at once per account) with one R-rated film of 64 MiB, an account with a grown-up
/// profile and a kids one, and a browser signed in as the grown-up; answers the film's media id.
async fn household() -> (TestApp, tempfile::TempDir, WebClient, String) {
    let app = spawn_app_with(|settings| settings.streams_per_account = 1).await;
    let root = tempfile::tempdir().unwrap();
    let folder = root.path().join("Grown Film (2020)");
    std::fs::create_dir(&folder).unwrap();
    big_mp4(&folder.join("Grown Film (2020).mp4"), 64 * MIB);
    std::fs::write(folder.join("movie.nfo"), "<movie><title>Grown Film</title><mpaa>R</mpaa></movie>").unwrap();
    let catalog = app.store.store.catalog();
    let library =
        marquee::catalog::library::add(catalog.as_ref(), root.path(), marquee::domain::media::LibraryKind::Movies)
            .await
            .unwrap();
    let summary = marquee::catalog::library::scan_library(catalog.clone(), &library, |_| {}).await.unwrap();
    assert_eq!(summary.added, 1, "skipped: {:?}", summary.skipped);
    let account = app.create_account(EMAIL).await;
    for (name, is_kids) in [("Ada", false), ("Kids", true)] {
        let profile = NewProfile {
            account_id: account.id,
            name: name.into(),
            avatar: "amber".into(),
            is_kids,
            created_at: marquee::clock::now(),
        };
        app.store.store.create_profile(profile, 5).await.unwrap().expect("a profile");
    }
    let browser = WebClient::new(&app);
    choose(&browser, false).await;
    let home = browser.get("/browse").await;
    assert!(home.body.contains("data-previews=\"on\""), "previews are on by default");
    let media = home.attribute("data-preview");
    (app, root, browser, media)
}

/// Signs in and chooses the kids profile or the grown-up one on "Who's watching?".
async fn choose(browser: &WebClient, kids: bool) {
    browser.sign_in(EMAIL, true).await;
    let who = browser.get("/profiles").await;
    let action = who
        .body
        .split("action=\"")
        .skip(1)
        .filter(|form| form.starts_with("/profiles/") && form.contains("/choose\""))
        .find(|form| form.split("</form>").next().unwrap_or("").contains(">Kids<") == kids)
        .and_then(|form| form.split('"').next())
        .expect("the profile's form")
        .to_string();
    let chosen = browser.post(&action, &[("csrf", &who.csrf())]).await;
    assert_eq!(chosen.location(), Some("/browse"));
}

async fn preview(browser: &WebClient, media: &str, range: Option<&str>) -> reqwest::Response {
    let mut request = browser.http.get(format!("{}/watch/{media}/preview", browser.base));
    if let Some(range) = range {
        request = request.header("range", range);
    }
    request.send().await.unwrap()
}

#[tokio::test]
async fn a_preview_reads_only_its_window_of_the_file() {
    let (_app, _root, browser, media) = household().await;
    let start = preview(&browser, &media, Some("bytes=0-")).await;
    assert_eq!(start.status(), 206);
    // The tiny fixture lasts a second, so a minute's worth is the most a preview takes: 32 MiB from a
    // tenth of the way in (6 710 886), which here reaches back to the start.
    assert_eq!(start.headers()["content-range"], "bytes 0-40265317/67108864", "not the whole film");
    assert_eq!(start.bytes().await.unwrap().len(), 40_265_318);
    // A tenth of the way in, where previews start.
    let tenth = preview(&browser, &media, Some("bytes=6710886-6710985")).await;
    assert_eq!(tenth.status(), 206);
    assert_eq!(tenth.bytes().await.unwrap().len(), 100);
    for outside in ["bytes=50000000-", "bytes=40265318-40265417", "bytes=0-1,50000000-50000001", "bytes=abc"] {
        let refused = preview(&browser, &media, Some(outside)).await;
        assert_eq!(refused.status(), 416, "{outside} is outside what a preview reads");
        assert_eq!(refused.headers()["content-range"], "bytes */67108864");
        let body: serde_json::Value = refused.json().await.unwrap();
        assert!(body["message"].as_str().unwrap().contains("play it"), "{body}");
    }
    assert_eq!(preview(&browser, &media, None).await.status(), 416, "no range, no whole film");
    // The end of the file, where some files keep their index.
    let end = preview(&browser, &media, Some("bytes=-100")).await;
    assert_eq!(end.headers()["content-range"], "bytes 67108764-67108863/67108864");
    // The stream itself still answers any range.
    let stream = browser
        .http
        .get(format!("{}/watch/{media}/stream", browser.base))
        .header("range", "bytes=50000000-50000099")
        .send()
        .await
        .unwrap();
    assert_eq!(stream.status(), 206);
}

#[tokio::test]
async fn a_preview_takes_no_stream_and_plays_beside_a_full_account() {
    let (app, _root, browser, media) = household().await;
    let preview_answer = preview(&browser, &media, Some("bytes=0-99")).await;
    assert_eq!(preview_answer.status(), 206);
    let account = app.store.store.account_by_email(EMAIL).await.unwrap().expect("the account");
    let playing = app.store.store.catalog().active_streams(account.id, marquee::clock::now()).await.unwrap();
    assert!(playing.is_empty(), "a preview is not playing: {playing:?}");

    // Another device plays, using the account's only stream: this browser cannot play, yet previews.
    let tv = WebClient::new(&app);
    choose(&tv, false).await;
    let playing_there =
        tv.http.get(format!("{}/watch/{media}/stream", tv.base)).header("range", "bytes=0-99").send().await.unwrap();
    assert_eq!(playing_there.status(), 206);
    let stream_here = browser
        .http
        .get(format!("{}/watch/{media}/stream", browser.base))
        .header("range", "bytes=0-99")
        .send()
        .await
        .unwrap();
    assert_eq!(stream_here.status(), 409, "the account's one stream is taken");
    let preview_here = preview(&browser, &media, Some("bytes=0-99")).await;
    assert_eq!(preview_here.status(), 206, "a preview still plays");
    let playing = app.store.store.catalog().active_streams(account.id, marquee::clock::now()).await.unwrap();
    assert_eq!(playing.len(), 1, "only the other device plays: {playing:?}");
    let other = tv.http.get(format!("{}/watch/{media}/stream", tv.base)).header("range", "bytes=0-99");
    assert_eq!(other.send().await.unwrap().status(), 206, "and it was not pushed out");
}

#[tokio::test]
async fn kids_get_no_grown_up_preview_and_a_turned_off_preference_gets_none() {
    let (app, _root, browser, media) = household().await;
    let kids = WebClient::new(&app);
    choose(&kids, true).await;
    let refused = preview(&kids, &media, Some("bytes=0-99")).await;
    assert_eq!(refused.status(), 404, "a kids profile gets no preview of an R-rated film");

    let saved = browser.submit("/account", "/account/preferences", &[("autoplay_next", "on")]).await;
    assert_eq!(saved.location(), Some("/account?saved=preferences#preferences"));
    assert!(browser.get("/browse").await.body.contains("data-previews=\"off\""), "the page plays no previews");
    let off = preview(&browser, &media, Some("bytes=0-99")).await;
    assert_eq!(off.status(), 404);
    let body: serde_json::Value = off.json().await.unwrap();
    assert!(body["message"].as_str().unwrap().contains("turned off"), "it says why: {body}");
}

#[tokio::test]
async fn a_signed_out_browser_gets_no_preview() {
    let (_app, _root, browser, media) = household().await;
    let mut playing = preview(&browser, &media, Some("bytes=0-")).await;
    assert_eq!(playing.status(), 206);
    let mut received = playing.chunk().await.unwrap().map_or(0, |chunk| chunk.len());
    assert!(received > 0, "the preview starts");
    // Signed out on another connection while the preview is being read: it is cut off.
    let signed_out = browser.submit("/signout", "/signout", &[]).await;
    assert_eq!(signed_out.status, 303, "signed out: {}", signed_out.body);
    loop {
        match tokio::time::timeout(std::time::Duration::from_secs(10), playing.chunk()).await {
            Ok(Ok(Some(chunk))) => received += chunk.len(),
            Ok(Ok(None) | Err(_)) => break,
            Err(_) => panic!("the preview neither continued nor ended"),
        }
    }
    assert!(received < 40_265_318, "the preview was cut, not finished ({received} bytes)");
    let refused = preview(&browser, &media, Some("bytes=0-99")).await;
    assert_ne!(refused.status(), 206, "no bytes after sign-out");
    assert!(refused.status().is_redirection() || refused.status() == 401, "refused: {}", refused.status());
}
