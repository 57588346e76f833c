//! The catalog's pages at phone, desktop and TV sizes with the demo library: the homepage's rows, a show's
//! page with its seasons, search results, the player once it has started (with Marquee's own controls on
//! a TV) and its end screen. Each is checked like the gallery's pages (no sideways scrolling, readable,
//! big enough to tap) and saved as
//! `target/screenshots/gallery-<size>-catalog-<page>.png`, which the README shows.

use std::time::Duration;

use super::gallery::Page;
use super::journey::sign_in;
use super::tv::press_until;
use super::tv_player::seek_to_the_end;
use super::watching::{choose_profile, spawn_with_library, title_path, wait_until_playing};
use super::{Browser, Key, Viewport};
use crate::support::spawn_app;

/// Every image in view has loaded and has a picture: a missing poster shows as an empty box.
const IMAGES_IN_VIEW_LOADED: &str = "
return [...document.images]
  .filter(img => { const b = img.getBoundingClientRect(); return b.width > 0 && b.bottom > 0 && b.top < innerHeight && b.left < innerWidth; })
  .every(img => img.complete && img.naturalWidth > 0)";

#[tokio::test]
async fn the_catalog_reads_well_on_a_phone() {
    catalog_gallery(Viewport::Phone, "phone").await;
}

#[tokio::test]
async fn the_catalog_reads_well_on_a_desktop() {
    catalog_gallery(Viewport::Desktop, "desktop").await;
}

#[tokio::test]
async fn the_catalog_reads_well_on_a_tv() {
    catalog_gallery(Viewport::Tv, "tv").await;
}

async fn catalog_gallery(viewport: Viewport, size: &str) {
    let app = spawn_with_library(spawn_app().await).await;
    let Some(browser) = Browser::open(viewport).await else { return };
    let page = Page { browser: &browser, viewport, size };
    let images = async |what: &str| {
        browser.wait_until(IMAGES_IN_VIEW_LOADED, Duration::from_secs(5), &format!("{what}: its images show")).await;
    };
    sign_in(&browser, &app.base).await;
    choose_profile(&browser, "Ada").await;
    images("the homepage").await;
    page.check("catalog-browse").await;
    browser.execute("document.getElementById('row-recent').scrollIntoView()").await;
    images("the homepage's rows").await;
    page.check("catalog-browse-rows").await;
    let aligned = browser
        .execute(
            "const heading = document.getElementById('row-recent').getBoundingClientRect();
             const first = document.querySelector('#row-recent + .cards .card-title').getBoundingClientRect();
             return [heading.left, first.left]",
        )
        .await;
    assert!(
        (aligned[0].as_f64().unwrap() - aligned[1].as_f64().unwrap()).abs() < 1.0,
        "{size}: a row's first poster lines up with the row's heading (left edges {aligned})"
    );

    let show = title_path(&browser, &app.base, "harbour", "Harbour Lights").await;
    browser.goto(&app.url("/search?q=drama")).await;
    browser.wait_for("#search-results .card-title").await;
    images("the search results").await;
    page.check("catalog-search").await;

    browser.goto(&app.url(&show)).await;
    browser.wait_for(".season").await;
    images("the show's page").await;
    page.check("catalog-title").await;
    browser.execute("document.querySelector('.season').scrollIntoView()").await;
    images("the show's seasons").await;
    page.check("catalog-title-seasons").await;

    // The player once it plays, paused so its title and controls show.
    browser.execute("window.scrollTo(0, 0)").await;
    browser.click("[data-play]").await;
    browser.wait_for_url(|url| url.contains("/watch/")).await;
    wait_until_playing(&browser).await;
    browser.press_key('k').await;
    let paused = "return document.querySelector('video[data-player]').paused";
    browser.wait_until(paused, Duration::from_secs(5), "k pauses the video").await;
    page.check("catalog-player").await;
    let heading = browser.execute("return document.querySelector('.player__heading').offsetWidth / innerWidth").await;
    assert!(heading.as_f64().unwrap() > 0.4, "{size}: the player's title has room to be read ({heading} of the width)");
    // On a TV the paused player shows Marquee's own controls; elsewhere the browser's.
    let own = "return !document.querySelector('[data-controls]').hidden";
    assert_eq!(browser.execute(own).await, viewport == Viewport::Tv, "{size}: Marquee's own controls on a TV only");

    // The end of the episode: what comes next, over the last frame.
    let play: char = if viewport == Viewport::Tv { Key::Enter.into() } else { 'k' };
    browser.press_key(play).await;
    wait_until_playing(&browser).await;
    seek_to_the_end(&browser).await;
    page.check("catalog-player-end").await;
    if viewport == Viewport::Tv {
        press_until(&browser, Key::Right.into(), "[data-end-again]", 4).await;
        browser.press_key(Key::Enter).await;
    } else {
        browser.click("[data-end-again]").await;
    }
    let again = "const v = document.querySelector('video[data-player]');
                 return document.querySelector('[data-end]').hidden && !v.paused && v.currentTime < 5";
    browser.wait_until(again, Duration::from_secs(15), &format!("{size}: Watch again plays from the start")).await;
    browser.close().await;
}
