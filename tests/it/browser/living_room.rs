//! The TV from the sofa, at 1920×1080 with the remote's keys only: the code screen fits the screen, a
//! focused poster leaves its own name readable, rows show no scrollbars, Right from the profile avatar
//! goes nowhere off the screen, the account page can be walked with the arrows, and scrolling obeys a
//! system that asks for less motion.

use std::time::Duration;

use super::journey::sign_in;
use super::tv::{FOCUSED, press_until};
use super::watching::spawn_with_library;
use super::{Browser, Key, Viewport};
use crate::support::spawn_app;

/// Whether the focused element lies wholly on the screen.
const FOCUS_IN_VIEW: &str = "const box = document.activeElement.getBoundingClientRect();
    return document.activeElement !== document.body && box.width > 0 && box.left >= -1 && box.top >= -1
        && box.right <= innerWidth + 1 && box.bottom <= innerHeight + 1";

/// Signs in through the form, then chooses the first profile with OK, as the remote does.
async fn to_the_tv_home(tv: &Browser, base: &str) {
    sign_in(tv, base).await;
    tv.wait_until(
        "return !!document.activeElement?.matches('.profile-tile')",
        Duration::from_secs(5),
        "the focus starts on a profile",
    )
    .await;
    tv.press_key(Key::Enter).await;
    tv.wait_for_path("/browse").await;
}

#[tokio::test]
async fn the_tv_home_fits_the_screen_and_a_focused_poster_keeps_its_name_readable() {
    let app = spawn_with_library(spawn_app().await).await;
    let Some(tv) = Browser::open(Viewport::Tv).await else { return };

    // The code screen, before signing in: all of it on one 1080-pixel screen.
    tv.goto(&app.url("/tv")).await;
    tv.wait_for("[data-user-code]").await;
    let height = tv.execute("return document.documentElement.scrollHeight").await;
    assert!(height.as_f64().is_some_and(|h| h <= 1080.0), "the code screen scrolls: {height} px tall");
    tv.screenshot("living-room-tv-code").await;

    to_the_tv_home(&tv, &app.base).await;
    // Rows of posters scroll sideways with the remote, with no desktop scrollbar under them.
    let rows = tv
        .execute(
            "const rows = [...document.querySelectorAll('.cards')];
             return { rows: rows.length, overflowing: rows.filter(r => r.scrollWidth > r.clientWidth).length,
                      scrollbars: rows.filter(r => r.offsetHeight - r.clientHeight !== 0).length }",
        )
        .await;
    assert!(rows["rows"].as_u64() >= Some(3) && rows["overflowing"].as_u64() >= Some(1), "rows that scroll: {rows}");
    assert_eq!(rows["scrollbars"], 0, "rows show a scrollbar at TV size: {rows}");

    // Down to a poster: once it has grown, its name and year are not under its picture.
    press_until(&tv, Key::Down.into(), ".card-title__link", 6).await;
    tv.press_key(Key::Right).await;
    tv.wait_until(FOCUS_IN_VIEW, Duration::from_secs(5), "the focused poster scrolls into view").await;
    let grown = "const poster = document.activeElement.querySelector('.card-title__poster');
        return getComputedStyle(poster).transform.startsWith('matrix(1.08')";
    tv.wait_until(grown, Duration::from_secs(5), "the focused poster grows").await;
    let covered = tv
        .execute(
            "return [...document.activeElement.querySelectorAll('.card-title__name, .card-title__meta')]
               .map(caption => {
                 const box = caption.getBoundingClientRect();
                 const poster = document.activeElement.querySelector('.card-title__poster').getBoundingClientRect();
                 const middle = (box.left + box.right) / 2;
                 const hits = [(box.top + box.bottom) / 2, box.top + 2]
                   .map(y => document.elementFromPoint(middle, y));
                 return { caption: caption.textContent.trim(), posterBottom: poster.bottom, captionTop: box.top,
                          uncovered: hits.every(hit => !!hit && caption.contains(hit)) && poster.bottom <= box.top + 0.5,
                          hit: hits.map(hit => hit ? hit.className : null) };
               })",
        )
        .await;
    let captions = covered.as_array().expect("the captions");
    assert_eq!(captions.len(), 2, "a name and a line of facts under the poster: {covered}");
    for caption in captions {
        assert_eq!(caption["uncovered"], true, "the focused poster covers its own caption: {caption}");
    }
    tv.screenshot("living-room-tv-focused-poster").await;

    // Up to the top bar and across to the avatar; Right from there stays on what the screen shows.
    press_until(&tv, Key::Up.into(), ".topbar a, .topbar button", 8).await;
    press_until(&tv, Key::Right.into(), "[data-menu-button]", 6).await;
    tv.execute(
        "window.__shown = new Map([...document.querySelectorAll('a[href], button')]
           .map(e => [e, e.getBoundingClientRect()]))",
    )
    .await;
    tv.press_key(Key::Right).await;
    let landed = tv
        .execute(
            "const box = window.__shown.get(document.activeElement);
             return !!box && box.left >= 0 && box.right <= innerWidth && box.top >= 0 && box.bottom <= innerHeight",
        )
        .await;
    let focused = tv.execute(FOCUSED).await;
    assert_eq!(landed, true, "Right from the avatar went to something off the screen: {focused}");
    tv.close().await;
}

#[tokio::test]
async fn the_account_page_on_a_tv_starts_with_the_focus_in_the_page_and_the_arrows_move_it() {
    let app = spawn_with_library(spawn_app().await).await;
    let Some(tv) = Browser::open(Viewport::Tv).await else { return };
    to_the_tv_home(&tv, &app.base).await;
    tv.goto(&app.url("/account")).await;
    tv.wait_for("#sign-out-all").await;
    let in_main = "return !!document.activeElement?.closest('main') && document.activeElement !== document.body";
    tv.wait_until(in_main, Duration::from_secs(5), "the focus starts on a control of the page").await;
    assert_eq!(
        tv.execute("return !!document.activeElement.closest('dialog')").await,
        false,
        "not in the closed dialog"
    );
    let mut seen = vec![tv.execute(FOCUSED).await];
    for _ in 0..4 {
        tv.press_key(Key::Down).await;
        tv.wait_until(FOCUS_IN_VIEW, Duration::from_secs(5), "the focused control scrolls into view").await;
        let now = tv.execute(FOCUSED).await;
        assert!(!seen.contains(&now), "Down moved nowhere new from {:?}: {seen:?}", seen.last());
        seen.push(now);
    }
    tv.press_key(Key::Up).await;
    assert_eq!(tv.execute(FOCUSED).await, seen[3], "Up goes back");
    tv.close().await;
}

#[tokio::test]
async fn with_less_motion_asked_for_the_tv_scrolls_at_once() {
    let app = spawn_with_library(spawn_app().await).await;
    let Some(tv) = Browser::open_with_reduced_motion(Viewport::Tv).await else { return };
    to_the_tv_home(&tv, &app.base).await;
    let asked = tv.execute("return matchMedia('(prefers-reduced-motion: reduce)').matches").await;
    assert_eq!(asked, true, "the browser asks for less motion");
    press_until(&tv, Key::Down.into(), ".card-title__link", 6).await;
    // Down row by row, and along a row: each focused poster is on the screen as soon as the key is up.
    for key in [Key::Down, Key::Down, Key::Right, Key::Right, Key::Right, Key::Right, Key::Right, Key::Right] {
        tv.press_key(key).await;
        let focused = tv.execute(FOCUSED).await;
        let at = tv
            .execute(
                "const b = document.activeElement.getBoundingClientRect(); return [b.left, b.top, b.right, b.bottom]",
            )
            .await;
        assert_eq!(
            tv.execute(FOCUS_IN_VIEW).await,
            true,
            "after {key:?}, {focused} was not on the screen at once: {at}"
        );
    }
    tv.close().await;
}
