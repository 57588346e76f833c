//! Previews while browsing, in real Chromium: a title resting under the pointer (on a laptop) or the
//! focus (on a TV) plays muted in its place and stops when the pointer or focus moves on; nothing
//! plays with the account's preference off, for a person who asks for less motion, or for a file
//! this browser cannot play as it is.

use std::time::Duration;

use fantoccini::Locator;
use fantoccini::actions::{InputSource, MouseActions, PointerAction};
use serde_json::json;

use super::journey::sign_in;
use super::tv::press_until;
use super::watching::{choose_profile, spawn_with_library};
use super::{Browser, Key, Viewport};
use crate::support::{TestApp, spawn_app};

/// Long enough for the rest before a preview, the playback question and the first frames, on a busy machine.
const PREVIEW_PATIENCE: Duration = Duration::from_secs(30);
/// A film this browser plays as it is (H.264 and AAC in MP4).
const PLAYS_AS_IT_IS: &str = "Rocket Soup";
/// A documentary in HEVC, which Chromium plays only transcoded.
const NEEDS_TRANSCODE: &str = "Kingdom of the Tide Pools";

/// A script expression: the first card on the homepage called `name`.
fn card(name: &str) -> String {
    format!(
        "[...document.querySelectorAll('.browse li[data-preview]')]
           .find(li => li.querySelector('.card-title__name').textContent.trim() === {})",
        json!(name)
    )
}

/// Whether the card called `name` plays a muted preview, and the only one on the page.
fn previewing(name: &str) -> String {
    format!(
        "const li = {}; const v = li && li.querySelector('video.card-title__preview');
         return !!v && v.muted && !v.controls && v.playsInline && !v.paused && v.currentTime > 0
           && v.getAttribute('src').includes('/preview#t=') && li.dataset.previewState === 'playing'
           && document.querySelectorAll('video').length === 1",
        card(name)
    )
}

/// Moves the mouse pointer onto the card called `name`.
async fn hover(browser: &Browser, name: &str) {
    browser
        .execute(&format!("{}.scrollIntoView({{block: 'center', inline: 'center'}}); return true", card(name)))
        .await;
    let links = browser.client().find_all(Locator::Css(".browse li[data-preview] .card-title__link")).await.unwrap();
    for link in links {
        let text = link.find(Locator::Css(".card-title__name")).await.unwrap().text().await.unwrap();
        if text.trim() == name {
            let to = PointerAction::MoveToElement { element: link, duration: None, x: 0.0, y: 0.0 };
            browser.client().perform_actions(MouseActions::new("mouse".into()).then(to)).await.unwrap();
            return;
        }
    }
    panic!("{name} is on the homepage");
}

/// Moves the mouse pointer onto the search box, away from every title.
async fn hover_away(browser: &Browser) {
    let search = browser.client().find(Locator::Css("#browse-search")).await.unwrap();
    let to = PointerAction::MoveToElement { element: search, duration: None, x: 0.0, y: 0.0 };
    browser.client().perform_actions(MouseActions::new("mouse".into()).then(to)).await.unwrap();
}

async fn home(browser: &Browser, app: &TestApp) {
    sign_in(browser, &app.base).await;
    choose_profile(browser, "Ada").await;
}

/// Waits until the card called `name` says `state` in `data-preview-state`.
async fn wait_for_state(browser: &Browser, name: &str, state: &str) {
    let script = format!("const li = {}; return !!li && li.dataset.previewState === {}", card(name), json!(state));
    browser.wait_until(&script, PREVIEW_PATIENCE, &format!("{name}'s preview is {state}")).await;
}

#[tokio::test]
async fn on_a_laptop_a_hovered_card_plays_a_muted_preview_until_the_pointer_moves_on() {
    let app = spawn_with_library(spawn_app().await).await;
    let Some(laptop) = Browser::open(Viewport::Desktop).await else { return };
    home(&laptop, &app).await;
    hover(&laptop, PLAYS_AS_IT_IS).await;
    laptop.wait_until(&previewing(PLAYS_AS_IT_IS), PREVIEW_PATIENCE, "the hovered card plays a muted preview").await;
    laptop.screenshot("previews-hovered-card").await;
    hover_away(&laptop).await;
    laptop
        .wait_until("return document.querySelectorAll('video').length === 0", PREVIEW_PATIENCE, "the preview stops")
        .await;
    assert_eq!(laptop.execute(&format!("return !!{}.dataset.previewState", card(PLAYS_AS_IT_IS))).await, false);

    // A film this browser plays only transcoded has no preview: its poster stays.
    hover(&laptop, NEEDS_TRANSCODE).await;
    wait_for_state(&laptop, NEEDS_TRANSCODE, "still").await;
    assert_eq!(laptop.execute("return document.querySelectorAll('video').length").await, 0);
    laptop.close().await;
}

#[tokio::test]
async fn the_banner_plays_a_preview_of_its_title_while_the_pointer_rests_on_it() {
    let app = spawn_with_library(spawn_app().await).await;
    let Some(laptop) = Browser::open(Viewport::Desktop).await else { return };
    home(&laptop, &app).await;
    let banner = laptop.client().find(Locator::Css(".hero-banner[data-preview] h1")).await.unwrap();
    let to = PointerAction::MoveToElement { element: banner, duration: None, x: 0.0, y: 0.0 };
    laptop.client().perform_actions(MouseActions::new("mouse".into()).then(to)).await.unwrap();
    let playing = "const banner = document.querySelector('.hero-banner');
        const v = banner.querySelector('video.hero-banner__preview');
        return !!v && v.muted && !v.paused && v.currentTime > 0 && banner.dataset.previewState === 'playing'
          && v.getAttribute('src').startsWith('/watch/' + banner.dataset.preview + '/preview#t=')";
    laptop.wait_until(playing, PREVIEW_PATIENCE, "the banner plays a muted preview of its title").await;
    laptop.screenshot("previews-banner").await;
    hover_away(&laptop).await;
    laptop
        .wait_until("return !document.querySelector('.hero-banner video')", PREVIEW_PATIENCE, "the preview stops")
        .await;
    laptop.close().await;
}

#[tokio::test]
async fn on_a_tv_the_focused_card_plays_a_preview_and_moving_on_stops_it() {
    let app = spawn_with_library(spawn_app().await).await;
    let Some(tv) = Browser::open(Viewport::Tv).await else { return };
    home(&tv, &app).await;
    press_until(&tv, Key::Down.into(), ".card-title__link", 8).await;
    let name_of_focused = "return document.activeElement.querySelector('.card-title__name').textContent.trim()";
    let mut steps = 0;
    while tv.execute(name_of_focused).await != json!(PLAYS_AS_IT_IS) {
        let before = tv.execute(name_of_focused).await;
        tv.press_key(Key::Right).await;
        steps += 1;
        if tv.execute(name_of_focused).await == before || steps > 20 {
            // The end of this row: on to the next one.
            tv.press_key(Key::Down).await;
            press_until(&tv, Key::Left.into(), ".cards li:first-child .card-title__link", 20).await;
        }
        assert!(steps < 60, "the remote never reached {PLAYS_AS_IT_IS}");
    }
    let focused = "document.activeElement.closest('li')";
    let playing = format!(
        "const li = {focused}; const v = li.querySelector('video.card-title__preview');
         return !!v && v.muted && !v.paused && v.currentTime > 0 && document.querySelectorAll('video').length === 1"
    );
    tv.wait_until(&playing, PREVIEW_PATIENCE, "the focused card plays a muted preview").await;
    tv.screenshot("previews-tv-focused-card").await;
    tv.execute(&format!("window.previewed = {focused}; return true")).await;
    tv.press_key(Key::Right).await;
    tv.wait_until(
        "return !window.previewed.querySelector('video') && document.activeElement.closest('li') !== window.previewed",
        PREVIEW_PATIENCE,
        "moving on stops the preview",
    )
    .await;
    tv.close().await;
}

#[tokio::test]
async fn with_less_motion_asked_for_nothing_previews() {
    let app = spawn_with_library(spawn_app().await).await;
    let Some(laptop) = Browser::open_with_reduced_motion(Viewport::Desktop).await else { return };
    home(&laptop, &app).await;
    hover(&laptop, PLAYS_AS_IT_IS).await;
    wait_for_state(&laptop, PLAYS_AS_IT_IS, "calm").await;
    assert_eq!(laptop.execute("return document.querySelectorAll('video').length").await, 0);
    laptop.close().await;
}

#[tokio::test]
async fn with_the_preference_unticked_nothing_previews() {
    let app = spawn_with_library(spawn_app().await).await;
    let Some(laptop) = Browser::open(Viewport::Desktop).await else { return };
    home(&laptop, &app).await;
    laptop.goto(&app.url("/account")).await;
    laptop.wait_for("input[name=autoplay_previews]").await;
    assert_eq!(laptop.execute("return document.querySelector('input[name=autoplay_previews]').checked").await, true);
    laptop.click("input[name=autoplay_previews]").await;
    laptop.click("#preferences form button[type=submit]").await;
    laptop.wait_for_url(|url| url.contains("saved=preferences")).await;
    laptop.goto(&app.url("/browse")).await;
    laptop.wait_for(".browse[data-previews=off]").await;
    hover(&laptop, PLAYS_AS_IT_IS).await;
    wait_for_state(&laptop, PLAYS_AS_IT_IS, "off").await;
    assert_eq!(laptop.execute("return document.querySelectorAll('video').length").await, 0);
    laptop.close().await;
}
