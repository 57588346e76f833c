//! Marquee in French at phone, desktop and TV sizes: the homepage and a show's page for an account set
//! to Français, checked like the gallery's pages and saved as
//! `target/screenshots/gallery-<size>-french-<page>.png`, which the README shows.

use std::time::Duration;

use super::gallery::Page;
use super::journey::sign_in;
use super::player_words::speak;
use super::watching::{choose_profile, spawn_with_library, title_path};
use super::{Browser, Viewport};
use crate::support::spawn_app;

#[tokio::test]
async fn marquee_reads_well_in_french_on_a_phone() {
    french_gallery(Viewport::Phone, "phone").await;
}

#[tokio::test]
async fn marquee_reads_well_in_french_on_a_desktop() {
    french_gallery(Viewport::Desktop, "desktop").await;
}

#[tokio::test]
async fn marquee_reads_well_in_french_on_a_tv() {
    french_gallery(Viewport::Tv, "tv").await;
}

async fn french_gallery(viewport: Viewport, size: &str) {
    let app = spawn_with_library(spawn_app().await).await;
    speak(&app, "fr").await;
    let Some(browser) = Browser::open(viewport).await else { return };
    let page = Page { browser: &browser, viewport, size };
    let images_loaded = "return [...document.images]
      .filter(img => { const b = img.getBoundingClientRect(); return b.width > 0 && b.bottom > 0 && b.top < innerHeight && b.left < innerWidth; })
      .every(img => img.complete && img.naturalWidth > 0)";
    sign_in(&browser, &app.base).await;
    choose_profile(&browser, "Ada").await;
    assert_eq!(browser.execute("return document.documentElement.lang").await, "fr");
    let rows = "return [...document.querySelectorAll('.row h2')].map(h => h.textContent)";
    let headings = browser.execute(rows).await;
    assert!(headings.as_array().unwrap().iter().any(|h| h == "Ajouts récents"), "French rows: {headings}");
    browser.wait_until(images_loaded, Duration::from_secs(5), "the homepage's images show").await;
    page.check("french-browse").await;

    let show = title_path(&browser, &app.base, "harbour", "Harbour Lights").await;
    browser.goto(&app.url(&show)).await;
    browser.wait_for(".season").await;
    assert_eq!(browser.text(".season h2").await, "Saison 1");
    assert!(browser.text("[data-play]").await.starts_with("▶ Lecture"), "Play is French");
    browser.wait_until(images_loaded, Duration::from_secs(5), "the show's images show").await;
    page.check("french-title").await;
    browser.close().await;
}
