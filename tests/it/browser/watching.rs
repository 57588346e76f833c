//! Watching, in real Chromium with the demo library: finding a title, playing it, seeking, leaving and
//! resuming on another device; a kids profile kept away from adult titles; the account's stream limit;
//! and a playing video sent to sign in when every device is signed out elsewhere.

use std::time::{Duration, Instant};

use serde_json::json;

use super::household;
use super::journey::sign_in;
use super::{Browser, Key, Viewport};
use crate::support::{TestApp, scan_demo_library, spawn_app, spawn_app_with};

/// How long a video may take to start or move on: decoding shares two cores with the server and a
/// second browser.
pub(super) const VIDEO_PATIENCE: Duration = Duration::from_secs(15);
pub(super) const VIDEO: &str = "document.querySelector('video[data-player]')";

/// A running server with the demo library scanned and the household of `household::seed`.
pub(super) async fn spawn_with_library(app: TestApp) -> TestApp {
    scan_demo_library(app.store.store.as_ref()).await;
    household::seed(&app).await;
    app
}

/// Clicks the profile called `name` on "Who's watching?" and waits for its homepage.
pub(super) async fn choose_profile(browser: &Browser, name: &str) {
    browser.wait_for(".profiles__grid").await;
    let script = format!(
        "return [...document.querySelectorAll('.profiles__grid > li')]
           .findIndex(li => li.querySelector('.profile-tile__name').textContent.trim() === {})",
        json!(name)
    );
    let index = browser.execute(&script).await.as_i64().unwrap_or(-1);
    assert!(index >= 0, "{name} is on Who's watching?");
    browser.click(&format!(".profiles__grid > li:nth-child({}) .profile-tile", index + 1)).await;
    browser.wait_for_path("/browse").await;
}

/// Searches for `query` on the search page and returns the address of the result called `name`.
pub(super) async fn title_path(browser: &Browser, base: &str, query: &str, name: &str) -> String {
    browser.goto(&format!("{base}/search?q={query}")).await;
    browser.wait_for("#search-results").await;
    link_to(browser, name).await
}

/// The path of the search result called `name`, waiting for it to appear.
async fn link_to(browser: &Browser, name: &str) -> String {
    let find = format!(
        "const card = [...document.querySelectorAll('#search-results .card-title__link')]
           .find(a => a.querySelector('.card-title__name').textContent.trim() === {});
         return card ? card.pathname : null",
        json!(name)
    );
    let condition = find.replace("return card ? card.pathname : null", "return !!card");
    browser.wait_until(&condition, Duration::from_secs(5), &format!("{name} is among the search results")).await;
    browser.execute(&find).await.as_str().expect("a link").to_string()
}

/// Signs `browser` in as the household, chooses `profile`, and opens the title `search` finds
/// (a query and the result's name); returns the title's path.
async fn title_page_as(browser: &Browser, app: &TestApp, profile: &str, search: (&str, &str)) -> String {
    sign_in(browser, &app.base).await;
    choose_profile(browser, profile).await;
    let title = title_path(browser, &app.base, search.0, search.1).await;
    browser.goto(&app.url(&title)).await;
    title
}

/// Waits until the player's video plays and its position moves on; returns where it got to.
pub(super) async fn wait_until_playing(browser: &Browser) -> f64 {
    let playing = format!("const v = {VIDEO}; return !!v && !v.paused && v.readyState >= 2 && v.currentTime > 0");
    browser.wait_until(&playing, VIDEO_PATIENCE, "the video plays").await;
    let from = position(browser).await;
    let moved = format!("return {VIDEO}.currentTime > {}", from + 0.5);
    browser.wait_until(&moved, VIDEO_PATIENCE, "the video's position moves on").await;
    position(browser).await
}

pub(super) async fn position(browser: &Browser) -> f64 {
    browser.execute(&format!("return {VIDEO}.currentTime")).await.as_f64().expect("a position")
}

#[tokio::test]
async fn a_title_found_by_search_plays_and_resumes_on_another_device() {
    let app = spawn_with_library(spawn_app().await).await;
    let Some(laptop) = Browser::open(Viewport::Desktop).await else { return };
    sign_in(&laptop, &app.base).await;
    choose_profile(&laptop, "Ada").await;

    // The homepage: a hero banner and rows of posters that have loaded.
    let rows = laptop.execute("return [...document.querySelectorAll('.row h2')].map(h => h.textContent)").await;
    for row in ["Recently Added", "Movies", "TV Shows", "Documentaries"] {
        assert!(rows.as_array().unwrap().contains(&json!(row)), "a {row} row on the homepage: {rows}");
    }
    assert!(!rows.as_array().unwrap().contains(&json!("Continue Watching")), "nothing started yet: {rows}");
    laptop.wait_for(".hero-banner h1").await;
    let posters = "const img = document.querySelector('.cards .card-title__poster');
                   return img.complete && img.naturalWidth > 0";
    laptop.wait_until(posters, Duration::from_secs(5), "the first poster shows").await;

    // The search box on the homepage, without accents.
    laptop.fill("#browse-search", "etoiles").await;
    laptop.click("form.search-box button[type=submit]").await;
    laptop.wait_for_path("/search").await;
    assert_eq!(laptop.execute("return document.getElementById('search-query').value").await, "etoiles");
    let title = link_to(&laptop, "Café des Étoiles").await;
    laptop.click(&format!("#search-results a[href='{title}']")).await;
    laptop.wait_for_path(&title).await;
    assert_eq!(laptop.text(".title-page h1").await, "Café des Étoiles");
    assert_eq!(laptop.text("[data-play]").await, "▶ Play");

    // Play: the video starts by itself and its position moves on.
    laptop.click("[data-play]").await;
    laptop.wait_for_url(|url| url.contains("/watch/")).await;
    let watch = laptop.current_path().await;
    assert_eq!(laptop.text(".player__title").await, "Café des Étoiles");
    let playing_at = wait_until_playing(&laptop).await;

    // Seek forward, as the seek bar does, then pause with the keyboard and leave with Back.
    laptop.execute(&format!("{VIDEO}.currentTime = 4")).await;
    let seeked = format!("const v = {VIDEO}; return !v.seeking && v.currentTime >= 4");
    laptop.wait_until(&seeked, VIDEO_PATIENCE, "the video moved to where it was sent").await;
    laptop.press_key('k').await;
    laptop.wait_until(&format!("return {VIDEO}.paused"), Duration::from_secs(5), "k pauses the video").await;
    let left_at = position(&laptop).await;
    assert!(left_at >= 4.0 && left_at > playing_at, "the seek moved the position on: {playing_at} to {left_at}");
    assert!(left_at < 7.0, "paused before the end (8 s): {left_at}");
    laptop.click("[data-player-back]").await;
    laptop.wait_for_path(&title).await;
    laptop.close().await;

    // Later, another device: the same account and profile pick up where the laptop left off.
    let Some(tv) = Browser::open(Viewport::Tv).await else { return };
    sign_in(&tv, &app.base).await;
    choose_profile(&tv, "Ada").await;
    let continuing = "return [...document.querySelectorAll('.row')]
        .some(row => row.querySelector('h2').textContent === 'Continue Watching'
                     && row.textContent.includes('Café des Étoiles'))";
    assert_eq!(tv.execute(continuing).await, true, "Continue Watching offers the title");
    tv.goto(&app.url(&title)).await;
    assert_eq!(tv.text("[data-play]").await, "▶ Resume");
    tv.click("[data-play]").await;
    tv.wait_for_path(&watch).await;
    let start = tv.execute(&format!("return Number({VIDEO}.dataset.start)")).await.as_f64().unwrap();
    assert!((start - left_at).abs() < 0.2, "the place saved on leaving ({left_at}) is where it resumes ({start})");
    // Where it started playing, not where it got to: played from the beginning, it would pass the saved
    // place within seconds too.
    let started = format!("const v = {VIDEO}; return v.readyState >= 2 && !v.seeking && v.played.length > 0");
    tv.wait_until(&started, VIDEO_PATIENCE, "the player starts").await;
    let first_played = tv.execute(&format!("return {VIDEO}.played.start(0)")).await.as_f64().unwrap();
    assert!(first_played >= start - 1.0, "it started playing at {first_played}, the saved place is {start}");
    tv.close().await;
}

#[tokio::test]
async fn a_kids_profile_cannot_reach_an_adult_title_by_its_address() {
    let app = spawn_with_library(spawn_app().await).await;
    let Some(browser) = Browser::open(Viewport::Desktop).await else { return };
    let title = title_page_as(&browser, &app, "Ada", ("quiet%20hours", "The Quiet Hours")).await;
    let meta =
        browser.execute("return [...document.querySelectorAll('.title-page__meta span')].map(s => s.textContent)");
    let meta = meta.await;
    assert!(meta.as_array().unwrap().contains(&json!("R")), "The Quiet Hours is rated R: {meta}");
    let watch = browser.execute("return document.querySelector('[data-play]').pathname").await;
    let watch = watch.as_str().expect("a Play button").to_string();

    // A new kids profile, made on Manage Profiles.
    browser.goto(&app.url("/profiles/manage")).await;
    browser.fill("#new-name", "Milo").await;
    browser.click("form[action='/profiles'] input[name=kids]").await;
    browser.click("form[action='/profiles'] button[type=submit]").await;
    browser.wait_for_text("Milo").await;
    assert!(browser.text(".profiles__grid").await.contains("Milo\nEdit · Kids"), "Milo is a kids profile");
    browser.goto(&app.url("/profiles")).await;
    choose_profile(&browser, "Milo").await;

    let home = browser.page_text().await;
    assert!(home.contains("Paper Kites Over Marlow"), "the kids homepage has its titles: {home}");
    assert!(!home.contains("The Quiet Hours"), "but not the adult one");
    for path in [&title, &watch] {
        browser.goto(&app.url(path)).await;
        browser.wait_for_text("Not found").await;
        assert_eq!(browser.text("main h1").await, "Not found", "{path} for a kids profile");
        assert!(!browser.page_text().await.contains("The Quiet Hours"), "{path} names nothing");
        assert!(!browser.exists("video").await, "{path} plays nothing");
    }
    browser.goto(&app.url("/search?q=quiet")).await;
    browser.wait_for_text("Nothing matches").await;
    browser.close().await;
}

#[tokio::test]
async fn a_device_over_the_stream_limit_sees_what_plays_where_and_can_stop_it() {
    let app = spawn_with_library(spawn_app_with(|settings| settings.streams_per_account = 1).await).await;
    let Some([laptop, phone]) = Browser::open_all([Viewport::Desktop, Viewport::Phone]).await else { return };
    sign_in(&laptop, &app.base).await;
    choose_profile(&laptop, "Ada").await;
    sign_in(&phone, &app.base).await;
    choose_profile(&phone, "Sam").await;

    let title = title_path(&laptop, &app.base, "rocket", "Rocket Soup").await;
    laptop.goto(&app.url(&title)).await;
    laptop.click("[data-play]").await;
    laptop.wait_for_url(|url| url.contains("/watch/")).await;
    let watch = laptop.current_path().await;
    wait_until_playing(&laptop).await;

    phone.goto(&app.url(&watch)).await;
    phone.wait_for_text("Too many people are using your account right now").await;
    assert!(!phone.exists("video").await, "nothing plays on the phone");
    let user_agent = laptop.execute("return navigator.userAgent").await;
    let laptop_name = marquee::auth::describe_browser(user_agent.as_str().unwrap());
    let playing = phone.text(".device-list .device").await;
    assert!(playing.contains(&laptop_name), "the page names the device playing ({laptop_name}): {playing}");
    assert!(playing.contains("Ada is watching Rocket Soup"), "and who watches what: {playing}");
    phone.screenshot("watching-too-many-phone").await;

    phone.click(".device-list form[action^='/streams/'] button[type=submit]").await;
    phone.wait_for_path(&watch).await;
    wait_until_playing(&phone).await;

    // The laptop is told at once, by push, and names the device that stopped it; it stays signed in.
    let phone_agent = phone.execute("return navigator.userAgent").await;
    let phone_name = marquee::auth::describe_browser(phone_agent.as_str().unwrap());
    laptop.wait_for("[data-player-message]:not([hidden])").await;
    laptop.wait_for_text(&format!("Playback was stopped from {phone_name}.")).await;
    assert_eq!(laptop.execute(&format!("return {VIDEO}.paused")).await, true, "and its video stopped");
    // A report afterwards (a seek sends one) leaves the message as it is.
    laptop.press_key(Key::Left).await;
    let message = laptop.text("[data-player-message]").await;
    assert_eq!(message, format!("Playback was stopped from {phone_name}."));
    assert!(laptop.current_path().await.starts_with("/watch/"), "the laptop stays on its page, signed in");
    laptop.close().await;
    phone.close().await;
}

#[tokio::test]
async fn a_playing_video_goes_to_sign_in_when_every_device_is_signed_out_elsewhere() {
    let app = spawn_with_library(spawn_app().await).await;
    let Some([laptop, phone]) = Browser::open_all([Viewport::Desktop, Viewport::Phone]).await else { return };
    sign_in(&laptop, &app.base).await;
    choose_profile(&laptop, "Ada").await;
    sign_in(&phone, &app.base).await;

    let title = title_path(&laptop, &app.base, "vesta", "The Last Orbit of Vesta Nine").await;
    laptop.goto(&app.url(&title)).await;
    laptop.click("[data-play]").await;
    laptop.wait_for_url(|url| url.contains("/watch/")).await;
    let stream = format!("{}/stream", laptop.current_path().await);
    wait_until_playing(&laptop).await;
    let cookie = laptop.cookie("marquee_session").await.expect("the laptop's session cookie");
    let cookie = format!("{}={}", cookie.name(), cookie.value());

    phone.goto(&app.url("/account/sign-out-all")).await;
    phone.wait_for_text("Sign out of all devices?").await;
    if phone.exists("#password").await {
        phone.fill("#password", crate::support::PASSWORD).await;
    }
    phone.click("form[action='/account/sign-out-all'] button[type=submit]").await;
    let signed_out = Instant::now();
    phone.wait_for_path("/signed-out").await;

    // The laptop did nothing: its player goes to the sign-in screen, and the video with it.
    laptop.wait_for_path("/signin").await;
    let took = signed_out.elapsed();
    assert!(took < Duration::from_secs(5), "the playing page left within seconds ({took:?})");
    laptop.wait_for_text("You were signed out on this device").await;
    assert!(!laptop.exists("video").await, "no video on the sign-in screen");

    // The stream itself refuses the laptop's old cookie.
    let client = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
    let refused = client.get(app.url(&stream)).header("Cookie", cookie).send().await.expect("request");
    assert_eq!(refused.status(), 303, "the stream sends a signed-out device to sign in");
    assert_eq!(refused.headers()["location"], "/signin");
    laptop.close().await;
    phone.close().await;
}

#[tokio::test]
async fn a_title_page_says_how_long_the_film_really_lasts_and_the_player_agrees() {
    let app = spawn_with_library(spawn_app().await).await;
    let Some(laptop) = Browser::open(Viewport::Desktop).await else { return };
    // Café des Étoiles' movie.nfo claims 97 minutes; the file the scan measured lasts 8 seconds.
    title_page_as(&laptop, &app, "Ada", ("etoiles", "Café des Étoiles")).await;
    let meta = laptop.text(".title-page__meta").await;
    assert!(meta.contains("8 sec"), "the page gives the file's length: {meta}");
    assert!(!meta.contains("1 h 37 min"), "not the metadata's runtime: {meta}");

    laptop.click("[data-play]").await;
    laptop.wait_for_url(|url| url.contains("/watch/")).await;
    let known = format!("const v = {VIDEO}; return !!v && Number.isFinite(v.duration) && v.duration > 0");
    laptop.wait_until(&known, VIDEO_PATIENCE, "the player knows the video's length").await;
    let length = laptop.execute(&format!("return {VIDEO}.duration")).await.as_f64().expect("a length");
    assert!((7.5..8.5).contains(&length), "the player finds the same 8 seconds: {length}");
    laptop.close().await;
}
