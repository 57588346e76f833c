//! Rows of posters and search, from the keyboard: each row is one Tab stop whose posters the arrow keys
//! walk, a focused poster is scrolled wholly into its row's view, the homepage's search box shows
//! results as one types, and a screen reader hears how many results there are, not the whole grid.

use std::time::Duration;

use super::journey::sign_in;
use super::watching::{choose_profile, spawn_with_library};
use super::{Browser, Key, Viewport};
use crate::support::spawn_app;

/// Whether the focused poster, with its focus ring, lies wholly inside the part of its row on show.
const WHOLE_IN_ROW: &str = "const link = document.activeElement;
    const row = link.closest('.cards');
    if (!row) return false;
    const box = link.getBoundingClientRect();
    const ring = 6;
    const shows = row.getBoundingClientRect();
    const left = Math.max(shows.left, 0), right = Math.min(shows.right, document.documentElement.clientWidth);
    return box.left - ring >= left - 0.5 && box.right + ring <= right + 0.5
        && box.top - ring >= shows.top - 0.5 && box.bottom + ring <= shows.bottom + 0.5";

#[tokio::test]
async fn each_row_is_one_tab_stop_and_the_arrows_walk_it() {
    let app = spawn_with_library(spawn_app().await).await;
    let Some(browser) = Browser::open(Viewport::Desktop).await else { return };
    sign_in(&browser, &app.base).await;
    choose_profile(&browser, "Ada").await;
    let rows = browser.execute("return document.querySelectorAll('.browse .cards').length").await;
    let rows = rows.as_u64().expect("a number of rows");
    assert!(rows >= 3, "rows of posters on the homepage: {rows}");

    // Tab from the search box to the end of the page: one stop per row.
    browser.execute("document.getElementById('browse-search').focus()").await;
    let mut posters = 0;
    let mut stops = 0;
    while !browser.is_focused(".footer a").await {
        browser.tab().await;
        stops += 1;
        assert!(stops < 40, "Tab never reached the footer");
        if browser.execute("return !!document.activeElement.closest('.cards')").await == true {
            posters += 1;
        }
    }
    assert_eq!(posters, rows, "one Tab stop per row of posters");

    // In a row, Right moves along it, End to its last poster and Home back to the first.
    browser.execute("document.querySelector('.browse .cards .card-title__link[tabindex=\"0\"]').focus()").await;
    let first = browser.execute("return document.activeElement.getAttribute('href')").await;
    browser.press_key(Key::Right).await;
    let second = browser.execute("return document.activeElement.getAttribute('href')").await;
    assert_ne!(first, second, "Right moves to the next poster");
    assert_eq!(
        browser.execute("return document.activeElement.closest('li').previousElementSibling.querySelector('a').getAttribute('href')").await,
        first,
        "the very next one"
    );
    browser.press_key(Key::End).await;
    assert_eq!(
        browser.execute("return !document.activeElement.closest('li').nextElementSibling").await,
        true,
        "End goes to the row's last poster"
    );
    browser.wait_until(WHOLE_IN_ROW, Duration::from_secs(5), "the last poster scrolls wholly into view").await;
    browser.press_key(Key::Home).await;
    assert_eq!(browser.execute("return document.activeElement.getAttribute('href')").await, first);
    browser.close().await;
}

#[tokio::test]
async fn on_a_phone_every_poster_the_keyboard_reaches_is_wholly_in_view() {
    let app = spawn_with_library(spawn_app().await).await;
    let Some(phone) = Browser::open(Viewport::Phone).await else { return };
    sign_in(&phone, &app.base).await;
    choose_profile(&phone, "Ada").await;
    phone.execute("document.querySelector('.browse .cards .card-title__link').focus()").await;
    phone.wait_until(WHOLE_IN_ROW, Duration::from_secs(5), "the first poster is wholly in view").await;
    let count = phone.execute("return document.querySelector('.browse .cards').querySelectorAll('a').length").await;
    for step in 1..count.as_u64().unwrap_or(1) {
        phone.press_key(Key::Right).await;
        let what = format!("poster {} of the row is wholly in view, focus ring and all", step + 1);
        phone.wait_until(WHOLE_IN_ROW, Duration::from_secs(5), &what).await;
    }
    phone.screenshot("poster-rows-phone-last").await;
    phone.close().await;
}

#[tokio::test]
async fn the_homepage_search_box_shows_results_as_one_types_and_announces_only_their_number() {
    let app = spawn_with_library(spawn_app().await).await;
    let Some(browser) = Browser::open(Viewport::Desktop).await else { return };
    sign_in(&browser, &app.base).await;
    choose_profile(&browser, "Ada").await;

    // On the homepage: typing alone, no Enter.
    browser.click("#browse-search").await;
    for key in "soup".chars() {
        browser.press_key(key).await;
    }
    let found = "return [...document.querySelectorAll('.card-title__name')]
        .some(n => n.textContent.trim() === 'Rocket Soup' && n.closest('#browse-results'))";
    browser.wait_until(found, Duration::from_secs(5), "Rocket Soup shows under the homepage's box").await;
    assert_eq!(browser.current_path().await, "/browse");
    assert!(browser.is_focused("#browse-search").await, "the typing goes on in the box");
    browser
        .wait_until(
            "return /^\\d+ results?$/.test(document.querySelector('form [role=status]').textContent.trim())",
            Duration::from_secs(5),
            "the status says how many results",
        )
        .await;
    browser.press_key('x').await;
    browser
        .wait_until(
            "return document.querySelector('form [role=status]').textContent.trim() === 'No results'",
            Duration::from_secs(5),
            "and follows the typing",
        )
        .await;

    // On the search page: what is announced is the number, never the grid.
    browser.goto(&app.url("/search")).await;
    browser.wait_for("#search-query").await;
    for key in "soup".chars() {
        browser.press_key(key).await;
    }
    let shown = "return !!document.querySelector('#search-results .card-title__link')";
    browser.wait_until(shown, Duration::from_secs(5), "results as one types").await;
    let live = browser
        .execute(
            "const regions = [...document.querySelectorAll('[aria-live], [role=status], [role=alert], [role=log]')]
               .filter(r => r.getAttribute('aria-live') !== 'off');
             return regions.map(r => ({ text: r.textContent.trim(), cards: r.querySelectorAll('.card-title').length }))",
        )
        .await;
    let regions = live.as_array().expect("the live regions");
    assert!(!regions.is_empty(), "something tells a screen reader the results changed");
    for region in regions {
        assert_eq!(region["cards"], 0, "a live region holds the grid: {live}");
        assert!(region["text"].as_str().is_some_and(|t| t.len() < 40), "a short summary: {live}");
    }
    browser.close().await;
}
