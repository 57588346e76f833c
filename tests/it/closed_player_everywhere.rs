//! A player that closes stops its conversion on every instance, as "Stop playback there" does, and
//! only that file's: two instances on one PostgreSQL, a TV converting a film through one of them and
//! telling the other that it closed.

use std::path::Path;
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::api_hls::{generated_mkv, library_of, select_first_profile};
use crate::support::{TestApp, TestStore, postgres_store, spawn_app_on};

const EMAIL: &str = "closer@example.org";

/// The conversions (one folder each) in a work folder.
fn conversions_in(work: &Path) -> Vec<std::ffi::OsString> {
    let Ok(dir) = std::fs::read_dir(work) else { return Vec::new() };
    dir.filter_map(Result::ok).map(|entry| entry.file_name()).filter(|name| name != "subtitles").collect()
}

async fn close(app: &TestApp, token: &str, media: &str) -> u16 {
    let url = app.url(&format!("/api/v1/media/{media}/progress"));
    let body = json!({"position_seconds": 1, "closing": true});
    app.client.put(url).bearer_auth(token).json(&body).send().await.unwrap().status().as_u16()
}

#[tokio::test]
async fn a_closed_player_stops_its_files_conversion_on_the_instance_that_runs_it() {
    let Some(store) = postgres_store().await else { return };
    let elsewhere = TestStore::reopen(&store).await;
    let scratch = tempfile::tempdir().unwrap();
    let work = scratch.path().join("streams");
    let converting = work.clone();
    let idle = Duration::from_secs(600);
    let first = spawn_app_on(store, |settings| settings.transcoding.idle_timeout = idle).await;
    let second = spawn_app_on(elsewhere, move |settings| {
        settings.transcoding.idle_timeout = idle;
        settings.transcoding.work_dir = converting;
    })
    .await;
    let source = generated_mkv(scratch.path(), 60, "640x360");
    let root = tempfile::tempdir().unwrap();
    for name in ["Film One", "Film Two"] {
        let folder = root.path().join(format!("{name} (2020)"));
        std::fs::create_dir(&folder).unwrap();
        std::fs::copy(&source, folder.join(format!("{name} (2020).mkv"))).unwrap();
    }
    let catalog = first.store.store.catalog();
    let library =
        marquee::catalog::library::add(catalog.as_ref(), root.path(), marquee::domain::media::LibraryKind::Movies)
            .await
            .unwrap();
    marquee::catalog::library::scan_library(catalog.clone(), &library, |_| {}).await.unwrap();
    first.create_account(EMAIL).await;
    let tv = second.sign_in(EMAIL, "TV", "tv").await;
    select_first_profile(&second, &tv).await;
    let listed: Value = second.get("/api/v1/catalog", &tv).await.json().await.unwrap();
    let media_of = |name: &str| {
        let titles = listed["titles"].as_array().unwrap();
        titles.iter().find(|t| t["name"] == name).unwrap()["media_id"].as_str().unwrap().to_string()
    };
    let (playing, closed_before) = (media_of("Film One"), media_of("Film Two"));

    // The TV converts Film One through the second instance.
    let answer: Value =
        second.get(&format!("/api/v1/media/{playing}/playback?video=vp9"), &tv).await.json().await.unwrap();
    assert_eq!(answer["method"], "transcode", "{answer}");
    let base = answer["url"].as_str().unwrap().trim_end_matches("/index.m3u8").to_owned();
    assert_eq!(second.get(&format!("{base}/0.ts"), &tv).await.status(), 200);
    let conversion = conversions_in(&work);
    assert_eq!(conversion.len(), 1, "one conversion");

    // News that the player of the film before closed, sent through the first instance, reaches the
    // second (a profile choice answered there waits until every instance has applied the log) and
    // leaves the film now playing alone.
    assert_eq!(close(&first, &tv, &closed_before).await, 204);
    select_first_profile(&first, &tv).await;
    let watched_until = Instant::now() + Duration::from_secs(2);
    while Instant::now() < watched_until {
        assert_eq!(conversions_in(&work), conversion, "the film playing now goes on converting");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }

    // Its own player closes, through the first instance: the conversion on the second ends, long
    // before the idle timeout would have ended it.
    assert_eq!(close(&first, &tv, &playing).await, 204);
    let deadline = Instant::now() + Duration::from_secs(10);
    while !conversions_in(&work).is_empty() && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(conversions_in(&work), Vec::<std::ffi::OsString>::new(), "the conversion ended on the other instance");
}

#[tokio::test]
async fn a_film_closed_and_opened_again_at_once_goes_on_converting() {
    let scratch = tempfile::tempdir().unwrap();
    let source = generated_mkv(scratch.path(), 60, "640x360");
    let work = scratch.path().join("streams");
    let converting = work.clone();
    let (app, _root, tv, media) = library_of(&[("Film Again", &source)], move |settings| {
        settings.transcoding.idle_timeout = Duration::from_secs(600);
        settings.transcoding.work_dir = converting;
    })
    .await;
    let playback = format!("/api/v1/media/{}/playback?video=vp9", media[0]);
    let answer: Value = app.get(&playback, &tv).await.json().await.unwrap();
    let base = answer["url"].as_str().unwrap().trim_end_matches("/index.m3u8").to_owned();
    assert_eq!(app.get(&format!("{base}/0.ts"), &tv).await.status(), 200);

    // The player closes and the same film is opened again straight away: the news of the close,
    // heard again from the log's poll a moment later, must not end the conversion playing now.
    assert_eq!(close(&app, &tv, &media[0]).await, 204);
    let answer: Value = app.get(&playback, &tv).await.json().await.unwrap();
    let base = answer["url"].as_str().unwrap().trim_end_matches("/index.m3u8").to_owned();
    assert_eq!(app.get(&format!("{base}/0.ts"), &tv).await.status(), 200);
    let conversion = conversions_in(&work);
    assert_eq!(conversion.len(), 1, "one conversion");
    // Two polls of the log, a second apart, and then some.
    let watched_until = Instant::now() + Duration::from_secs(3);
    while Instant::now() < watched_until {
        assert_eq!(conversions_in(&work), conversion, "the film opened again goes on converting");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(app.get(&format!("{base}/1.ts"), &tv).await.status(), 200, "and plays on");
}
