//! `max_transcodes` holds across instances: two instances on one PostgreSQL, each allowing one
//! transcode, let one device in all transcode at a time, and the slot comes back when that device
//! is signed out.

use std::time::{Duration, Instant};

use serde_json::Value;

use crate::api_hls::{generated_mkv, select_first_profile};
use crate::support::{TestStore, error_code, postgres_store, spawn_app_on};

#[tokio::test]
async fn one_transcode_among_every_instance_when_the_limit_is_one() {
    let Some(store) = postgres_store().await else { return };
    let elsewhere = TestStore::reopen(&store).await;
    let first = spawn_app_on(store, |settings| settings.transcoding.max_transcodes = 1).await;
    let second = spawn_app_on(elsewhere, |settings| settings.transcoding.max_transcodes = 1).await;
    let root = tempfile::tempdir().unwrap();
    let folder = root.path().join("Busy Film (2020)");
    std::fs::create_dir(&folder).unwrap();
    let source = generated_mkv(root.path(), 60, "1280x720");
    std::fs::rename(&source, folder.join("Busy Film (2020).mkv")).unwrap();
    let catalog = first.store.store.catalog();
    let library =
        marquee::catalog::library::add(catalog.as_ref(), root.path(), marquee::domain::media::LibraryKind::Movies)
            .await
            .unwrap();
    marquee::catalog::library::scan_library(catalog.clone(), &library, |_| {}).await.unwrap();
    first.create_account("hls@example.com").await;
    let tv = first.sign_in("hls@example.com", "TV", "tv").await;
    select_first_profile(&first, &tv).await;
    let phone = second.sign_in("hls@example.com", "Phone", "mobile").await;
    select_first_profile(&second, &phone).await;
    let listed: Value = first.get("/api/v1/catalog", &tv).await.json().await.unwrap();
    let media = listed["titles"][0]["media_id"].as_str().unwrap().to_string();
    let playback = format!("/api/v1/media/{media}/playback?video=vp9");

    let answer: Value = first.get(&playback, &tv).await.json().await.unwrap();
    assert_eq!(answer["method"], "transcode", "{answer}");
    let base = answer["url"].as_str().unwrap().trim_end_matches("/index.m3u8").to_owned();
    assert_eq!(first.get(&format!("{base}/0.ts"), &tv).await.status(), 200, "the TV transcodes on the first");

    // The second instance runs no transcode of its own, yet the one slot is taken.
    assert_eq!(error_code(second.get(&playback, &phone).await, 503).await, "transcoding_busy");
    assert_eq!(error_code(second.get(&format!("{base}/0.ts"), &phone).await, 503).await, "transcoding_busy");

    assert_eq!(first.delete("/api/v1/sessions/current", &tv).await.status(), 204);
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let answer = second.get(&playback, &phone).await;
        if answer.status() == 200 {
            break;
        }
        assert!(Instant::now() < deadline, "the slot came back after the TV was signed out");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(second.get(&format!("{base}/0.ts"), &phone).await.status(), 200, "the phone transcodes now");
}

crate::on_both_backends!(devices_racing_for_the_last_slots_from_two_instances_get_the_limit);

/// Eight devices on two instances race for two slots: two get one, on either database; a slot not
/// renewed for a minute is free again, and one given back is at once.
async fn devices_racing_for_the_last_slots_from_two_instances_get_the_limit(
    store: std::sync::Arc<dyn marquee::store::Store>,
) {
    let now = marquee::clock::now();
    let fresh_since = now - time::Duration::seconds(60);
    let instances = [uuid::Uuid::now_v7(), uuid::Uuid::now_v7()];
    let devices: Vec<uuid::Uuid> = (0..8).map(|_| uuid::Uuid::now_v7()).collect();
    let racers: Vec<_> = devices
        .iter()
        .enumerate()
        .map(|(n, device)| {
            let (store, device, instance) = (store.clone(), *device, instances[n % 2]);
            tokio::spawn(async move { store.take_transcode_slot(device, instance, 2, now, fresh_since).await })
        })
        .collect();
    let mut taken = Vec::new();
    for (racer, device) in racers.into_iter().zip(&devices) {
        if racer.await.expect("task").expect("no database error") {
            taken.push(*device);
        }
    }
    assert_eq!(taken.len(), 2, "two slots, two devices");
    let late = devices.iter().find(|d| !taken.contains(d)).copied().unwrap();
    assert!(!store.transcode_room(late, fresh_since, 2).await.unwrap());
    assert!(store.transcode_room(taken[0], fresh_since, 2).await.unwrap(), "a device keeps its own slot");

    // Given back, the slot is free at once (only by the instance that holds it).
    for instance in instances {
        store.release_transcode_slot(taken[0], instance).await.unwrap();
    }
    assert!(store.take_transcode_slot(late, instances[0], 2, now, fresh_since).await.unwrap());
    // Not renewed for a minute (its instance died): free again.
    let later = now + time::Duration::seconds(61);
    let another = uuid::Uuid::now_v7();
    assert!(!store.take_transcode_slot(another, instances[1], 2, now, fresh_since).await.unwrap());
    assert!(
        store.take_transcode_slot(another, instances[1], 2, later, later - time::Duration::seconds(60)).await.unwrap()
    );
}
