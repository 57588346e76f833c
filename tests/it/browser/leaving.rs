//! Back from the player, on a TV's remote and with a browser's "← Back" and Back buttons: always one step
//! toward home (the player, the page it was started from, browse), and never a history entry that leads
//! into the player again.

use std::time::Duration;

use super::journey::sign_in;
use super::tv::press_until;
use super::watching::{choose_profile, spawn_with_library, wait_until_playing};
use super::{Browser, Key, Viewport};
use crate::support::spawn_app;

/// Where the tab is in its history (the Navigation API's index of the current entry).
pub(super) async fn history_index(browser: &Browser) -> i64 {
    browser.execute("return navigation.currentEntry.index").await.as_i64().expect("a history index")
}

/// Whether any entry of the tab's history, up to the current one, is a player.
async fn player_behind(browser: &Browser) -> bool {
    let script = "return navigation.entries().slice(0, navigation.currentEntry.index + 1)
                    .some(entry => new URL(entry.url).pathname.startsWith('/watch/'))";
    browser.execute(script).await == true
}

/// Waits until the element matching `css` has the focus (the page's scripts have run).
pub(super) async fn wait_for_focus(browser: &Browser, css: &str) {
    let script = format!("return !!document.activeElement && document.activeElement.matches({css:?})");
    browser.wait_until(&script, Duration::from_secs(10), &format!("{css} has the focus")).await;
}

/// Signs in on a TV and chooses the first profile with OK, as a remote would; returns on browse.
pub(super) async fn tv_at_home(tv: &Browser, base: &str) {
    sign_in(tv, base).await;
    wait_for_focus(tv, ".profiles__grid > li:first-child .profile-tile").await;
    tv.press_key(Key::Enter).await;
    tv.wait_for_path("/browse").await;
}

#[tokio::test]
async fn back_on_a_tv_goes_from_the_player_to_its_title_and_then_home() {
    let app = spawn_with_library(spawn_app().await).await;
    let Some(tv) = Browser::open(Viewport::Tv).await else { return };
    tv_at_home(&tv, &app.base).await;
    let home = history_index(&tv).await;

    // Keys only: down to a poster, OK for its page, OK on Play.
    press_until(&tv, Key::Down.into(), ".card-title__link", 8).await;
    tv.press_key(Key::Enter).await;
    tv.wait_for_url(|url| url.contains("/title/")).await;
    let title = tv.current_path().await;
    let title_entry = history_index(&tv).await;
    wait_for_focus(&tv, "[data-play]").await;
    tv.press_key(Key::Enter).await;
    tv.wait_for_url(|url| url.contains("/watch/")).await;
    wait_until_playing(&tv).await;

    // Back: the title, as the entry it already had.
    tv.press_key(Key::Escape).await;
    tv.wait_for_path(&title).await;
    assert_eq!(history_index(&tv).await, title_entry, "Back returned to the title's entry, pushing none");
    wait_for_focus(&tv, "[data-play]").await;

    // Back again: home, not the player.
    tv.press_key(Key::Escape).await;
    tv.wait_for_path("/browse").await;
    assert_eq!(history_index(&tv).await, home, "Back returned to browse's own entry");
    assert!(!player_behind(&tv).await, "no entry behind browse leads into the player");
    tv.close().await;
}

#[tokio::test]
async fn back_on_a_tv_from_a_film_started_at_home_goes_home() {
    let app = spawn_with_library(spawn_app().await).await;
    let Some(tv) = Browser::open(Viewport::Tv).await else { return };
    tv_at_home(&tv, &app.base).await;
    let home = history_index(&tv).await;
    // The banner's Play has the focus first on the homepage.
    wait_for_focus(&tv, ".hero-banner a[href^='/watch/']").await;
    tv.press_key(Key::Enter).await;
    tv.wait_for_url(|url| url.contains("/watch/")).await;
    wait_until_playing(&tv).await;
    tv.press_key(Key::Escape).await;
    tv.wait_for_path("/browse").await;
    assert_eq!(history_index(&tv).await, home, "Back returned to browse's own entry");
    assert!(!player_behind(&tv).await, "no entry behind browse leads into the player");
    tv.close().await;
}

#[tokio::test]
async fn the_players_back_button_leaves_no_way_back_into_the_player_in_a_browser() {
    let app = spawn_with_library(spawn_app().await).await;
    let Some(laptop) = Browser::open(Viewport::Desktop).await else { return };
    sign_in(&laptop, &app.base).await;
    choose_profile(&laptop, "Ada").await;
    laptop.goto(&app.url("/search?q=rocket")).await;
    laptop.click("#search-results .card-title__link").await;
    laptop.wait_for_url(|url| url.contains("/title/")).await;
    let title = laptop.current_path().await;
    laptop.click("[data-play]").await;
    laptop.wait_for_url(|url| url.contains("/watch/")).await;
    wait_until_playing(&laptop).await;

    laptop.click("[data-player-back]").await;
    laptop.wait_for_path(&title).await;
    laptop.wait_for("[data-play]").await;
    // The browser's own Back now goes on toward home: to the search, not into the player.
    laptop.client().back().await.expect("the browser's Back");
    laptop.wait_for_path("/search").await;
    assert!(!player_behind(&laptop).await, "no entry behind the search leads into the player");
    laptop.close().await;
}
