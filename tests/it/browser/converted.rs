//! Files Chromium cannot play as they are, in real Chromium with the demo library: a Matroska film
//! with AC-3 sound and subtitles inside it (remuxed) and an HEVC documentary (transcoded) both play,
//! seek, resume and, for the film, show its subtitles.

use std::time::Duration;

use super::journey::sign_in;
use super::watching::{VIDEO, VIDEO_PATIENCE, choose_profile, spawn_with_library, title_path, wait_until_playing};
use super::{Browser, Viewport};
use crate::support::spawn_app;

/// Opens a title's player from its page and waits for it to play.
async fn play(browser: &Browser, base: &str, query: &str, name: &str) {
    let title = title_path(browser, base, query, name).await;
    browser.goto(&format!("{base}{title}")).await;
    browser.click("[data-play]").await;
    browser.wait_for_url(|url| url.contains("/watch/")).await;
    wait_until_playing(browser).await;
}

/// Jumps to `target` seconds and waits until the video plays on from there.
async fn seek(browser: &Browser, target: f64) {
    browser.execute(&format!("{VIDEO}.currentTime = {target}; return true")).await;
    let landed = format!(
        "const v = {VIDEO}; return !v.seeking && !v.paused && v.readyState >= 3 && v.currentTime > {target} + 0.3"
    );
    browser.wait_until(&landed, VIDEO_PATIENCE, "the video plays on from where it was sent").await;
    let at = browser.execute(&format!("return {VIDEO}.currentTime")).await.as_f64().unwrap();
    assert!((at - target).abs() < 4.0, "asked for {target} s, playing at {at} s");
}

#[tokio::test]
async fn an_ac3_matroska_film_and_an_hevc_documentary_play_seek_and_show_subtitles() {
    let app = spawn_with_library(spawn_app().await).await;
    let Some(laptop) = Browser::open(Viewport::Desktop).await else { return };
    sign_in(&laptop, &app.base).await;
    choose_profile(&laptop, "Ada").await;

    play(&laptop, &app.base, "vesta", "The Last Orbit of Vesta Nine").await;
    assert_eq!(laptop.execute(&format!("return {VIDEO}.dataset.method")).await, "remux");
    assert!(laptop.execute(&format!("return {VIDEO}.currentSrc")).await.as_str().unwrap().ends_with("/index.m3u8"));
    seek(&laptop, 12.0).await;

    // The English subtitles inside the file, as a WebVTT track.
    let options =
        laptop.execute("return [...document.querySelectorAll('[data-subtitles] option')].map(o => o.value)").await;
    assert_eq!(options, serde_json::json!(["off", "text:0"]), "one text track inside the file");
    laptop
        .execute("const s = document.querySelector('[data-subtitles]'); s.value = 'text:0'; s.dispatchEvent(new Event('change')); return true")
        .await;
    let cues =
        format!("const t = {VIDEO}.textTracks[0]; return t.mode === 'showing' && !!t.cues && t.cues.length === 5");
    laptop.wait_until(&cues, Duration::from_secs(10), "the subtitles are showing, all five lines").await;
    seek(&laptop, 14.0).await;
    let showing = format!("const t = {VIDEO}.textTracks[0]; return !!t.activeCues && t.activeCues.length > 0");
    laptop.wait_until(&showing, Duration::from_secs(5), "a line of the subtitles is on screen").await;
    laptop.screenshot("14-remuxed-with-subtitles").await;

    // Resuming a remuxed stream starts where it was left, not at the beginning.
    play(&laptop, &app.base, "vesta", "The Last Orbit of Vesta Nine").await;
    let resumed = laptop.execute(&format!("return {VIDEO}.currentTime")).await.as_f64().unwrap();
    assert!(resumed > 11.0, "resumed at {resumed} s, after the seek to 12 s");

    play(&laptop, &app.base, "tide", "Kingdom of the Tide Pools").await;
    assert_eq!(laptop.execute(&format!("return {VIDEO}.dataset.method")).await, "transcode");
    seek(&laptop, 10.0).await;
    laptop.close().await;
}
