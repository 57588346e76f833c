//! A TV in real Chromium at 1920×1080: it shows a code, a phone (signed out at first) enters it and
//! allows it, and the TV goes on to "Who's watching?" by itself; then only the remote's keys (arrows,
//! OK, Back) choose a profile, find a title and play it; and "Sign out of all devices" on the phone
//! sends the playing TV back to its code screen.

use std::time::Duration;

use super::household::EMAIL;
use super::watching::{spawn_with_library, wait_until_playing};
use super::{Browser, Key, Viewport};
use crate::support::{PASSWORD, TestApp, spawn_app};

/// The TV polls every 5 seconds; allow for two polls on a busy machine.
const TV_PATIENCE: Duration = Duration::from_secs(15);

/// What has the focus, as a selector-ish description for failure messages.
pub(super) const FOCUSED: &str = "const e = document.activeElement; \
    return e ? e.tagName.toLowerCase() + '.' + e.className + ' ' + (e.textContent || '').trim().slice(0, 40) : ''";

/// Presses `key` until the focused element matches `css`, at most `times` times.
pub(super) async fn press_until(browser: &Browser, key: char, css: &str, times: usize) {
    for _ in 0..times {
        if browser.execute(&format!("return !!document.activeElement?.matches({css:?})")).await == true {
            return;
        }
        browser.press_key(key).await;
    }
    let focused = browser.execute(FOCUSED).await;
    assert_eq!(
        browser.execute(&format!("return !!document.activeElement?.matches({css:?})")).await,
        true,
        "the focus never reached {css}; it is on {focused}"
    );
}

/// Opens the TV's code screen and returns the code it shows ("BCDF-GHJK").
async fn code_screen(tv: &Browser, app: &TestApp) -> String {
    tv.goto(&app.url("/tv")).await;
    tv.wait_for("[data-user-code]").await;
    tv.text("[data-user-code]").await
}

#[tokio::test]
async fn a_tv_signs_in_with_a_code_is_driven_by_the_remote_and_falls_back_when_signed_out() {
    let app = spawn_with_library(spawn_app().await).await;
    let Some([tv, phone]) = Browser::open_all([Viewport::Tv, Viewport::Phone]).await else { return };

    let code = code_screen(&tv, &app).await;
    assert_eq!(code.len(), 9, "a code like BCDF-GHJK: {code}");
    assert!(tv.exists("svg.tv-code__qr").await, "with a QR code");
    tv.screenshot("11-tv-code").await;

    // The phone follows the QR code's link, signs in first, and comes back to the code.
    phone.goto(&app.url(&format!("/activate?code={code}"))).await;
    phone.wait_for_path("/signin").await;
    phone.fill("#email", EMAIL).await;
    phone.fill("#password", PASSWORD).await;
    phone.click("form[action='/signin'] button[type=submit]").await;
    phone.wait_for_path("/activate").await;
    assert_eq!(phone.execute("return document.querySelector('#code').value").await, code.as_str());
    phone.screenshot("12-activate").await;
    phone.click("form[action='/activate'] button[type=submit]").await;
    phone.wait_for_text("Sign in this device?").await;
    assert_eq!(phone.text("[data-device-kind]").await, "TV");
    phone.screenshot("12-activate-allow").await;
    phone.click("button[value=allow]").await;
    phone.wait_for("[data-outcome=allowed]").await;

    // The TV was not touched: it notices within its polling interval.
    tv.wait_until("return location.pathname === '/profiles'", TV_PATIENCE, "the TV goes on to Who's watching?").await;
    assert_eq!(tv.execute("return document.documentElement.classList.contains('tv')").await, true);

    // From here on, only the remote's keys.
    assert!(
        tv.is_focused(".profiles__grid > li:first-child .profile-tile").await,
        "the focus starts on the first profile"
    );
    tv.press_key(Key::Enter).await;
    tv.wait_for_path("/browse").await;
    press_until(&tv, Key::Down.into(), ".card-title__link", 6).await;
    let first_card = tv.execute("return document.activeElement.getAttribute('href')").await;
    tv.press_key(Key::Right).await;
    let second_card = tv.execute("return document.activeElement.getAttribute('href')").await;
    assert_ne!(first_card, second_card, "Right moves to the next card in the row");
    // Let the row finish scrolling the focused poster into view before the picture.
    tokio::time::sleep(Duration::from_millis(600)).await;
    tv.screenshot("13-tv-browse").await;
    tv.press_key(Key::Left).await;
    assert_eq!(tv.execute("return document.activeElement.getAttribute('href')").await, first_card, "and Left back");
    tv.press_key(Key::Enter).await;
    tv.wait_for_url(|url| url.contains("/title/")).await;
    assert!(tv.is_focused("[data-play]").await, "a title page starts on Play");
    tv.press_key(Key::Enter).await;
    tv.wait_for_url(|url| url.contains("/watch/")).await;
    wait_until_playing(&tv).await;
    // OK pauses and plays again.
    tv.press_key(Key::Enter).await;
    tv.wait_until("return document.querySelector('video').paused", Duration::from_secs(5), "OK pauses").await;
    tv.press_key(Key::Enter).await;
    wait_until_playing(&tv).await;

    // Everyone is signed out from the phone while the TV plays: it goes back to its code screen.
    phone.goto(&app.url("/account/sign-out-all")).await;
    phone.wait_for_text("Sign out of all devices?").await;
    if phone.exists("#password").await {
        phone.fill("#password", PASSWORD).await;
    }
    phone.click("form[action='/account/sign-out-all'] button[type=submit]").await;
    phone.wait_for_path("/signed-out").await;
    tv.wait_until("return location.pathname === '/tv'", Duration::from_secs(5), "the TV is back on its code screen")
        .await;
    tv.wait_for("[data-user-code]").await;
    tv.wait_for_text("This TV was signed out").await;
    assert!(!tv.exists("video").await);
    assert_ne!(tv.text("[data-user-code]").await, code, "with a new code");
    tv.close().await;
    phone.close().await;
}

#[tokio::test]
async fn the_tv_signs_itself_out_from_its_menu_with_the_remote() {
    let app = spawn_with_library(spawn_app().await).await;
    let Some([tv, phone]) = Browser::open_all([Viewport::Tv, Viewport::Phone]).await else { return };
    let code = code_screen(&tv, &app).await;
    super::journey::sign_in(&phone, &app.base).await;
    phone.goto(&app.url("/activate")).await;
    phone.fill("#code", &code.to_lowercase()).await;
    phone.click("form[action='/activate'] button[type=submit]").await;
    phone.click("button[value=allow]").await;
    phone.wait_for("[data-outcome=allowed]").await;
    tv.wait_until("return location.pathname === '/profiles'", TV_PATIENCE, "the TV goes on").await;
    tv.press_key(Key::Enter).await;
    tv.wait_for_path("/browse").await;

    // Up to the top bar, right to the profile menu, OK opens it, down to "Sign out", OK, then OK on the
    // confirmation.
    press_until(&tv, Key::Up.into(), ".topbar a, .topbar button", 8).await;
    press_until(&tv, Key::Right.into(), "[data-menu-button]", 6).await;
    tv.press_key(Key::Enter).await;
    press_until(&tv, Key::Down.into(), ".profile-menu__last a", 8).await;
    tv.press_key(Key::Enter).await;
    tv.wait_for_path("/signout").await;
    press_until(&tv, Key::Down.into(), "form[action='/signout'] button[type=submit]", 4).await;
    tv.press_key(Key::Enter).await;
    tv.wait_for_path("/tv").await;
    tv.wait_for("[data-user-code]").await;
    let devices = phone.execute("return fetch('/account').then(r => r.text())").await;
    assert!(!devices.as_str().unwrap_or_default().contains("device__icon--tv"), "the TV left the device list");
    tv.close().await;
    phone.close().await;
}

#[tokio::test]
async fn reloading_the_code_screen_keeps_its_code_its_pace_and_its_age() {
    let app = spawn_with_library(spawn_app().await).await;
    let Some([tv, phone]) = Browser::open_all([Viewport::Tv, Viewport::Phone]).await else { return };
    let code = code_screen(&tv, &app).await;
    let interval = "return document.querySelector('[data-tv-code]').dataset.interval";
    assert_eq!(tv.execute(interval).await, "5");

    // Reloaded twice in quick succession, as someone impatient does: the same code, and still asked
    // every 5 seconds (a reload is not a poll, so it never earns a "slow down").
    for _ in 0..2 {
        tv.client().refresh().await.expect("reload the code screen");
        tv.wait_for("[data-user-code]").await;
        assert_eq!(tv.text("[data-user-code]").await, code, "a reload shows the same code");
        assert_eq!(tv.execute(interval).await, "5", "a reload does not slow the TV down");
    }
    // Note what the screen's own polls are told from here on.
    tv.execute(
        "const fetched = window.fetch; window.pollAnswers = []; \
         window.fetch = async (...asked) => { const response = await fetched(...asked); \
           response.clone().json().then((answer) => window.pollAnswers.push(answer)); return response; }",
    )
    .await;
    tv.wait_until("return window.pollAnswers.length > 0", TV_PATIENCE, "the TV polls once").await;
    let answers = tv.execute("return window.pollAnswers").await;
    assert_eq!(answers[0], serde_json::json!({"state": "waiting", "interval": 5}), "{answers}");

    // The phone is told the code was asked for just now: it was, moments ago, however often shown.
    super::journey::sign_in(&phone, &app.base).await;
    phone.goto(&app.url("/activate")).await;
    phone.fill("#code", &code).await;
    phone.click("form[action='/activate'] button[type=submit]").await;
    phone.wait_for("[data-asked]").await;
    assert_eq!(phone.text("[data-asked]").await, "Just now");
    phone.click("button[value=allow]").await;
    phone.wait_for("[data-outcome=allowed]").await;
    // Still polling every 5 seconds, the TV goes on within one interval or two.
    tv.wait_until("return location.pathname === '/profiles'", TV_PATIENCE, "the TV goes on").await;
    tv.close().await;
    phone.close().await;
}
