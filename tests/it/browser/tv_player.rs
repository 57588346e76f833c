//! The player on a TV at 1920×1080, driven by the remote's keys only: Marquee's own controls (time gone
//! and left, a progress bar that follows seeking, play and pause, subtitles, the next episode) that fade
//! and come back; the end screen of a film; and the countdown to a show's next episode.

use std::time::{Duration, Instant};

use super::leaving::{history_index, tv_at_home, wait_for_focus};
use super::watching::{VIDEO, VIDEO_PATIENCE, spawn_with_library, title_path, wait_until_playing};
use super::{Browser, Key, Viewport};
use crate::support::spawn_app;

const CONTROLS: &str = "document.querySelector('[data-controls]')";
const END: &str = "document.querySelector('[data-end]')";

/// Seconds from "1:05" or "1:02:05".
fn seconds(clock: &str) -> f64 {
    clock.trim().split(':').fold(0.0, |total, part| total * 60.0 + part.parse::<f64>().expect("a clock"))
}

/// Opens a title's page by its address (as a bookmark would), then plays it with OK on Play.
async fn play_title(tv: &Browser, base: &str, query: &str, name: &str) -> String {
    let title = title_path(tv, base, query, name).await;
    tv.goto(&format!("{base}{title}")).await;
    wait_for_focus(tv, "[data-play]").await;
    tv.press_key(Key::Enter).await;
    tv.wait_for_url(|url| url.contains("/watch/")).await;
    wait_until_playing(tv).await;
    title
}

/// Presses Right (ten seconds on) until the video ends and the end screen shows.
pub(super) async fn seek_to_the_end(tv: &Browser) {
    let ended = format!("return {VIDEO}.ended && !{END}.hidden");
    for _ in 0..4 {
        if tv.execute(&ended).await == true {
            return;
        }
        tv.press_key(Key::Right).await;
        let moved = format!("const v = {VIDEO}; return v.ended || (!v.seeking && v.readyState >= 2)");
        tv.wait_until(&moved, VIDEO_PATIENCE, "the seek lands").await;
    }
    tv.wait_until(&ended, VIDEO_PATIENCE, "the video ends and the end screen shows").await;
}

/// Whether the controls can be seen (they fade to nothing while the video plays untouched).
async fn controls_opacity(tv: &Browser) -> f64 {
    let script = format!("return Number(getComputedStyle({CONTROLS}).opacity)");
    tv.execute(&script).await.as_f64().expect("an opacity")
}

#[tokio::test]
async fn the_tv_player_has_its_own_controls_driven_by_the_remote() {
    let app = spawn_with_library(spawn_app().await).await;
    let Some(tv) = Browser::open(Viewport::Tv).await else { return };
    tv_at_home(&tv, &app.base).await;
    // Harbour Lights starts at S1:E1, which lasts 20 seconds and has English subtitles.
    play_title(&tv, &app.base, "harbour", "Harbour Lights").await;
    assert_eq!(tv.execute(&format!("return {VIDEO}.controls")).await, false, "not the browser's small controls");
    assert_eq!(tv.execute(&format!("return {CONTROLS}.hidden")).await, false, "Marquee's own");

    // Untouched while it plays, they fade; any key brings them back, on the progress bar.
    let faded = format!("return Number(getComputedStyle({CONTROLS}).opacity) === 0");
    tv.wait_until(&faded, Duration::from_secs(15), "the controls fade while the video plays").await;
    tv.press_key(Key::Down).await;
    let shown = format!("return Number(getComputedStyle({CONTROLS}).opacity) === 1");
    tv.wait_until(&shown, Duration::from_secs(5), "a key shows the controls").await;
    assert!(tv.is_focused("[data-progress]").await, "the progress bar has the focus");

    // OK pauses; the time gone and the time left add up to the video's length.
    tv.press_key(Key::Enter).await;
    tv.wait_until(&format!("return {VIDEO}.paused"), Duration::from_secs(5), "OK pauses").await;
    // The button follows the video's play and pause events, which come a moment after its state.
    let offers_play = "return document.querySelector('[data-toggle-play]').textContent === '▶ Play'";
    tv.wait_until(offers_play, Duration::from_secs(5), "the button offers to play again").await;
    let at = tv.execute(&format!("return {VIDEO}.currentTime")).await.as_f64().unwrap();
    let elapsed = tv.text("[data-elapsed]").await;
    let left = tv.text("[data-remaining]").await;
    let left = left.strip_suffix(" left").unwrap_or_else(|| panic!("the time left says so: {left}"));
    assert!((seconds(&elapsed) - at).abs() <= 1.0, "{elapsed} gone, at {at} s");
    assert!((seconds(left) - (20.0 - at)).abs() <= 1.0, "{left} left of 20 s, at {at} s");

    // Right: ten seconds on, and the bar and the time follow.
    tv.press_key(Key::Right).await;
    let seeked = format!("const v = {VIDEO}; return !v.seeking && v.currentTime >= {at} + 9.5");
    tv.wait_until(&seeked, VIDEO_PATIENCE, "Right seeks ten seconds on").await;
    let now = tv.execute(&format!("return {VIDEO}.currentTime")).await.as_f64().unwrap();
    assert!(now <= at + 10.5, "ten seconds, not more: {at} to {now}");
    let bar = tv.execute("return Number(document.querySelector('[data-progress]').getAttribute('aria-valuenow'))");
    assert!((bar.await.as_f64().unwrap() - now).abs() <= 1.0, "the progress bar is at {now} s");
    let filled = tv
        .execute("return new DOMMatrix(getComputedStyle(document.querySelector('[data-progress-fill]')).transform).a");
    assert!((filled.await.as_f64().unwrap() - now / 20.0).abs() < 0.06, "the bar is filled to {now} of 20 s");
    assert!((seconds(&tv.text("[data-elapsed]").await) - now).abs() <= 1.0, "the time gone follows the seek");
    assert!(controls_opacity(&tv).await > 0.99, "the controls stay while paused");

    // Down to the buttons, right to the subtitles, OK turns them on.
    tv.press_key(Key::Down).await;
    assert!(tv.is_focused("[data-toggle-play]").await, "Down reaches play and pause");
    tv.press_key(Key::Right).await;
    assert!(tv.is_focused("[data-cycle=subtitles]").await, "Right reaches the subtitles");
    assert_eq!(tv.text("[data-cycle=subtitles]").await, "Subtitles: Off");
    tv.press_key(Key::Enter).await;
    assert_eq!(tv.text("[data-cycle=subtitles]").await, "Subtitles: English");
    let showing = format!("return {VIDEO}.textTracks[0].mode === 'showing'");
    tv.wait_until(&showing, Duration::from_secs(5), "the English subtitles show").await;
    let filled = "return document.querySelector('[data-audio]').options.length === 1";
    tv.wait_until(filled, Duration::from_secs(5), "the sound tracks are known").await;
    let sound = "return document.querySelector('[data-cycle=audio]').getClientRects().length";
    assert_eq!(tv.execute(sound).await, 0, "one sound track: nothing to choose, no button");

    // Left back to play and pause: OK plays on.
    tv.press_key(Key::Left).await;
    tv.press_key(Key::Enter).await;
    tv.wait_until(&format!("return !{VIDEO}.paused"), Duration::from_secs(5), "OK plays").await;
    let offers_pause = "return document.querySelector('[data-toggle-play]').textContent === '❚❚ Pause'";
    tv.wait_until(offers_pause, Duration::from_secs(5), "the button offers to pause").await;

    // Right along the buttons to the next episode, and OK.
    let next = tv.execute(&format!("return '/watch/' + {VIDEO}.dataset.next")).await;
    super::tv::press_until(&tv, Key::Right.into(), "[data-next-episode]", 4).await;
    tv.press_key(Key::Enter).await;
    tv.wait_for_path(next.as_str().unwrap()).await;
    tv.close().await;
}

#[tokio::test]
async fn a_finished_film_offers_back_to_its_title_and_watching_again_on_a_tv() {
    let app = spawn_with_library(spawn_app().await).await;
    let Some(tv) = Browser::open(Viewport::Tv).await else { return };
    tv_at_home(&tv, &app.base).await;
    let title = play_title(&tv, &app.base, "etoiles", "Café des Étoiles").await;
    let title_entry = history_index(&tv).await - 1;

    seek_to_the_end(&tv).await;
    assert!(tv.is_focused("[data-end-back]").await, "Back to title has the focus first");
    assert!(!tv.exists("[data-next-panel]").await, "a film has no next episode");
    tv.press_key(Key::Right).await;
    assert!(tv.is_focused("[data-end-again]").await, "Right reaches Watch again");
    tv.press_key(Key::Enter).await;
    let again =
        format!("const v = {VIDEO}; return {END}.hidden && !v.paused && v.played.length > 0 && v.currentTime < 3");
    tv.wait_until(&again, VIDEO_PATIENCE, "Watch again plays from the start").await;
    let from = tv.execute(&format!("const v = {VIDEO}; return v.played.start(0)")).await.as_f64().unwrap();
    assert!(from < 0.5, "it started again at 0, not at {from}");

    seek_to_the_end(&tv).await;
    assert!(tv.is_focused("[data-end-back]").await, "Back to title has the focus again");
    tv.press_key(Key::Enter).await;
    tv.wait_for_path(&title).await;
    assert_eq!(history_index(&tv).await, title_entry, "back to the title's own entry, pushing none");
    tv.close().await;
}

#[tokio::test]
async fn a_finished_episode_counts_down_to_the_next_and_stops_when_asked_on_a_tv() {
    let app = spawn_with_library(spawn_app().await).await;
    let Some(tv) = Browser::open(Viewport::Tv).await else { return };
    tv_at_home(&tv, &app.base).await;
    let title = play_title(&tv, &app.base, "harbour", "Harbour Lights").await;
    let title_entry = history_index(&tv).await - 1;
    let first = tv.current_path().await;

    // The end of S1:E1: "Play now" has the focus and the countdown runs.
    seek_to_the_end(&tv).await;
    assert!(tv.is_focused("[data-next-now]").await, "Play now has the focus");
    let when = "return document.querySelector('[data-next-when]').textContent.trim()";
    let counting = tv.execute(when).await;
    assert!(
        ["in 10 seconds", "in 9 seconds", "in 8 seconds"].contains(&counting.as_str().unwrap()),
        "the countdown starts at ten: {counting}"
    );

    // Watch again stops it: the episode plays on past the ten seconds, still here.
    super::tv::press_until(&tv, Key::Right.into(), "[data-end-again]", 4).await;
    tv.press_key(Key::Enter).await;
    let past = format!("return {VIDEO}.currentTime > 11.5 && !{VIDEO}.paused");
    tv.wait_until(&past, Duration::from_secs(25), "the episode plays again, past the countdown's ten seconds").await;
    assert_eq!(tv.current_path().await, first, "the countdown stopped when Watch again was chosen");

    // Left alone, the countdown says "1 second" and then plays the next episode.
    let second = tv.execute(&format!("return '/watch/' + {VIDEO}.dataset.next")).await;
    seek_to_the_end(&tv).await;
    let one = "return document.querySelector('[data-next-when]').textContent.trim() === 'in 1 second'";
    tv.wait_until(one, Duration::from_secs(15), "the countdown reaches \"in 1 second\"").await;
    tv.wait_for_path(second.as_str().unwrap()).await;

    // OK on "Play now" plays the next one at once.
    wait_until_playing(&tv).await;
    let third = tv.execute(&format!("return '/watch/' + {VIDEO}.dataset.next")).await;
    seek_to_the_end(&tv).await;
    let ended_at = Instant::now();
    assert!(tv.is_focused("[data-next-now]").await, "Play now has the focus");
    tv.press_key(Key::Enter).await;
    tv.wait_for_path(third.as_str().unwrap()).await;
    assert!(ended_at.elapsed() < Duration::from_secs(9), "OK played it before the countdown ran out");

    // Cancel, at the end of the third: the countdown goes, and "Play now" stays for later.
    wait_until_playing(&tv).await;
    seek_to_the_end(&tv).await;
    tv.press_key(Key::Right).await;
    assert!(tv.is_focused("[data-next-cancel]").await, "Right reaches Cancel");
    tv.press_key(Key::Enter).await;
    let stopped = "return document.querySelector('[data-next-when]').getClientRects().length === 0
                   && document.querySelector('[data-next-cancel]').getClientRects().length === 0";
    tv.wait_until(stopped, Duration::from_secs(5), "Cancel takes the countdown away").await;
    assert!(tv.is_focused("[data-next-now]").await, "and Play now has the focus");
    assert!(tv.text("[data-next-panel] p").await.starts_with("Next episode: S"), "no countdown in the text");

    // Each episode took the last one's place: Back goes to the title.
    tv.press_key(Key::Escape).await;
    tv.wait_for_path(&title).await;
    assert_eq!(history_index(&tv).await, title_entry, "Back from the third episode is the title's entry");
    tv.close().await;
}
