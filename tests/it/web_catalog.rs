//! The catalog's pages: the homepage rows, a title page, search, My List, the player page and the
//! "too many devices" page, with a kids profile kept to its level.

use crate::support::{scan_demo_library, spawn_app, spawn_app_with};
use crate::web_support::WebClient;

/// The first `/title/{id}` link on a page after `marker`.
fn title_link_after(body: &str, marker: &str) -> String {
    let from = body.find(marker).unwrap_or_else(|| panic!("{marker} is on the page"));
    let start = body[from..].find("/title/").expect("a title link") + from;
    let end = body[start..].find('"').unwrap() + start;
    body[start..end].to_string()
}

#[tokio::test]
async fn the_homepage_has_rows_and_a_title_page_plays_and_saves_to_my_list() {
    let app = spawn_app().await;
    scan_demo_library(app.store.store.as_ref()).await;
    app.create_account("home@example.com").await;
    let browser = WebClient::new(&app);
    browser.sign_in_and_choose("home@example.com").await;

    let home = browser.get("/browse").await;
    assert_eq!(home.status, 200);
    for row in ["Recently Added", "Movies", "TV Shows", "Documentaries", "Drama"] {
        assert!(home.body.contains(&format!(">{row}</h2>")), "the homepage has a {row} row");
    }
    assert!(!home.body.contains(">Continue Watching</h2>"), "nothing started yet");
    assert!(home.body.contains("hero-banner"), "a hero banner");

    let harbour = browser.get("/search?q=harbour%20LIGHTS").await;
    assert_eq!(harbour.status, 200);
    let link = title_link_after(&harbour.body, "search-results");
    let page = browser.get(&link).await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("<h1>Harbour Lights</h1>"));
    assert!(page.body.contains("Season 1") && page.body.contains("Season 2"));
    assert!(page.body.contains("▶ Play S1:E1"), "a new show starts at its first episode");

    let saved = browser.submit(&link, &format!("{link}/my-list"), &[("action", "add")]).await;
    assert_eq!(saved.status, 303);
    assert!(browser.get(&link).await.body.contains("✓ In My List"));
    assert!(browser.get("/browse").await.body.contains(">My List</h2>"));
    let refused = browser.submit(&link, &format!("{link}/my-list"), &[("action", "<script>")]).await;
    assert_eq!(refused.status, 400);

    let nothing = browser.get("/search?q=zzzz").await;
    assert!(nothing.body.contains("Nothing matches"));
    assert_eq!(browser.get("/title/not-an-id").await.status, 404);
    assert_eq!(browser.get(&format!("/title/{}", uuid::Uuid::now_v7())).await.status, 404);
}

#[tokio::test]
async fn the_player_resumes_where_the_profile_left_off() {
    let app = spawn_app().await;
    scan_demo_library(app.store.store.as_ref()).await;
    app.create_account("resume@example.com").await;
    let browser = WebClient::new(&app);
    browser.sign_in_and_choose("resume@example.com").await;
    let results = browser.get("/search?q=etoiles").await;
    let link = title_link_after(&results.body, "search-results");
    let title = browser.get(&link).await;
    let start = title.body.find("href=\"/watch/").expect("a Play button") + 6;
    let watch = title.body[start..start + 7 + 36].to_string();
    let player = browser.get(&watch).await;
    assert_eq!(player.status, 200);
    assert!(player.body.contains("data-start=\"0.0\""));
    assert!(player.body.contains("srclang=\"en\""), "its English subtitles are offered");

    let csrf = player.attribute("data-csrf");
    let saved = browser.post(&format!("{watch}/progress"), &[("csrf", &csrf), ("position", "5.0")]).await;
    assert_eq!(saved.status, 204);
    let bad = browser.post(&format!("{watch}/progress"), &[("csrf", &csrf), ("position", "later")]).await;
    assert_eq!(bad.status, 400);
    let forged = browser.post(&format!("{watch}/progress"), &[("csrf", "forged"), ("position", "1")]).await;
    assert_ne!(forged.status, 204, "a progress report needs the session's CSRF token");

    let resumed = browser.get(&watch).await.body;
    assert!(resumed.contains("data-start=\"5.0\""), "{}", &resumed[resumed.find("data-start").unwrap_or(0)..][..40]);
    assert!(browser.get(&link).await.body.contains("▶ Resume"));
    let home = browser.get("/browse").await;
    assert!(home.body.contains(">Continue Watching</h2>"));
    assert!(home.body.contains(&format!("href=\"{watch}\"")), "Continue Watching leads back into the player");
}

#[tokio::test]
async fn a_kids_profile_cannot_open_an_adult_title_by_its_address() {
    let app = spawn_app().await;
    scan_demo_library(app.store.store.as_ref()).await;
    app.create_account("family@example.com").await;
    let browser = WebClient::new(&app);
    browser.sign_in_and_choose("family@example.com").await;
    let quiet = browser.get("/search?q=quiet%20hours").await;
    let link = title_link_after(&quiet.body, "search-results");
    let adult = browser.get(&link).await;
    let start = adult.body.find("href=\"/watch/").unwrap() + 6;
    let watch = adult.body[start..start + 7 + 36].to_string();

    let added = browser.submit("/profiles/manage", "/profiles", &[("name", "Kiddo"), ("kids", "on")]).await;
    assert_eq!(added.status, 303);
    let who = browser.get("/profiles").await;
    let kiddo = who.body.find(">Kiddo<").expect("the kids profile");
    let action_start = who.body[..kiddo].rfind("action=\"/profiles/").unwrap() + 8;
    let action_end = who.body[action_start..].find('"').unwrap() + action_start;
    let chosen = browser.post(&who.body[action_start..action_end], &[("csrf", &who.csrf())]).await;
    assert_eq!(chosen.location(), Some("/browse"));

    let home = browser.get("/browse").await;
    assert!(!home.body.contains("The Quiet Hours"), "not on the kids homepage");
    assert!(home.body.contains("Paper Kites"), "kids titles are");
    for path in
        [link.clone(), watch.clone(), format!("{watch}/stream"), format!("{link}/poster").replace("/title/", "/art/")]
    {
        assert_eq!(browser.get(&path).await.status, 404, "{path} must not exist for a kids profile");
    }
    assert!(browser.get("/search?q=quiet").await.body.contains("Nothing matches"));
}

#[tokio::test]
async fn one_device_too_many_sees_who_is_watching_and_can_stop_them() {
    let app = spawn_app_with(|settings| settings.streams_per_account = 1).await;
    scan_demo_library(app.store.store.as_ref()).await;
    app.create_account("limit@example.com").await;
    let first = WebClient::new(&app);
    first.sign_in_and_choose("limit@example.com").await;
    let second = WebClient::new(&app);
    second.sign_in_and_choose("limit@example.com").await;
    let results = first.get("/search?q=rocket%20soup").await;
    let link = title_link_after(&results.body, "search-results");
    let title = first.get(&link).await;
    let start = title.body.find("href=\"/watch/").unwrap() + 6;
    let watch = title.body[start..start + 7 + 36].to_string();

    assert_eq!(first.get(&watch).await.status, 200);
    let refused = second.get(&watch).await;
    assert_eq!(refused.status, 409);
    assert!(refused.body.contains("Too many people are using your account right now"));
    assert!(refused.body.contains("Rocket Soup"), "it says what plays");
    let stop_start = refused.body.find("action=\"/streams/").unwrap() + 8;
    let stop_end = refused.body[stop_start..].find('"').unwrap() + stop_start;
    let media = &watch["/watch/".len()..];
    let stopped =
        second.post(&refused.body[stop_start..stop_end], &[("csrf", &refused.csrf()), ("media", media)]).await;
    assert_eq!(stopped.status, 303);
    assert_eq!(second.get(&watch).await.status, 200, "the freed stream is this device's now");
    // The first device learns at its next report that its stream was taken.
    let csrf = first.get(&link).await.csrf();
    let report = first.post(&format!("{watch}/progress"), &[("csrf", &csrf), ("position", "1")]).await;
    assert_eq!(report.status, 409);
}

#[tokio::test]
async fn changing_a_profiles_maturity_needs_the_account_password() {
    let app = spawn_app().await;
    let account = app.create_account("levels@example.com").await;
    let browser = WebClient::new(&app);
    browser.sign_in_and_choose("levels@example.com").await;
    let profile = app.store.store.profiles(account.id).await.unwrap().remove(0);
    let edit = format!("/profiles/{}/edit", profile.id);
    let action = format!("/profiles/{}/maturity", profile.id);
    assert!(browser.get(&edit).await.body.contains("All maturity ratings"), "the edit page offers the levels");

    let refused = browser.submit(&edit, &action, &[("maturity", "teens"), ("password", "not the password")]).await;
    assert_eq!(refused.status, 400);
    assert!(refused.body.contains("not your account password"), "{}", refused.body);
    let unknown =
        browser.submit(&edit, &action, &[("maturity", "<script>"), ("password", crate::support::PASSWORD)]).await;
    assert_eq!(unknown.status, 400);
    assert_eq!(app.store.store.profile(account.id, profile.id).await.unwrap().unwrap().maturity, 3, "nothing changed");

    let saved = browser.submit(&edit, &action, &[("maturity", "teens"), ("password", crate::support::PASSWORD)]).await;
    assert_eq!(saved.status, 303);
    assert_eq!(app.store.store.profile(account.id, profile.id).await.unwrap().unwrap().maturity, 2);
}

#[tokio::test]
async fn a_finished_episode_leads_to_the_next_one() {
    let app = spawn_app().await;
    scan_demo_library(app.store.store.as_ref()).await;
    app.create_account("binge@example.com").await;
    let browser = WebClient::new(&app);
    browser.sign_in_and_choose("binge@example.com").await;
    let results = browser.get("/search?q=harbour").await;
    let link = title_link_after(&results.body, "search-results");
    let title = browser.get(&link).await;
    let episodes: Vec<&str> = title
        .body
        .match_indices("class=\"episode__link\" href=\"/watch/")
        .map(|(i, _)| i)
        .map(|i| {
            let start = i + "class=\"episode__link\" href=\"".len();
            &title.body[start..start + 7 + 36]
        })
        .collect();
    assert_eq!(episodes.len(), 5, "Harbour Lights has five episodes");
    let player = browser.get(episodes[0]).await;
    let csrf = player.attribute("data-csrf");
    assert!(player.body.contains("data-next=\"") && player.body.contains("data-autoplay-next=\"true\""));
    let finished = browser.post(&format!("{}/progress", episodes[0]), &[("csrf", &csrf), ("position", "19.9")]).await;
    assert_eq!(finished.status, 204);
    let home = browser.get("/browse").await;
    assert!(home.body.contains("Next: S1:E2"), "Continue Watching offers the next episode");
    assert!(home.body.contains(&format!("href=\"{}\"", episodes[1])));
    assert!(browser.get(&link).await.body.contains("▶ Play S1:E2"));
}

#[tokio::test]
async fn a_title_page_says_how_long_its_file_lasts_rather_than_what_its_metadata_claims() {
    let app = spawn_app().await;
    scan_demo_library(app.store.store.as_ref()).await;
    app.create_account("runtime@example.com").await;
    let browser = WebClient::new(&app);
    browser.sign_in_and_choose("runtime@example.com").await;
    // Café des Étoiles' movie.nfo says 97 minutes; its file lasts 8 seconds.
    let results = browser.get("/search?q=etoiles").await;
    let page = browser.get(&title_link_after(&results.body, "search-results")).await;
    assert_eq!(page.status, 200);
    let meta_start = page.body.find("class=\"title-page__meta\"").expect("the line under the name");
    let meta = &page.body[meta_start..meta_start + page.body[meta_start..].find("</p>").unwrap()];
    assert!(meta.contains("<span>8 sec</span>"), "the file's measured length: {meta}");
    assert!(!meta.contains("1 h 37 min"), "not the metadata's runtime: {meta}");
}

#[tokio::test]
async fn a_player_page_is_named_for_what_plays_and_differs_from_its_title_page() {
    let app = spawn_app().await;
    scan_demo_library(app.store.store.as_ref()).await;
    app.create_account("names@example.com").await;
    let browser = WebClient::new(&app);
    browser.sign_in_and_choose("names@example.com").await;
    let results = browser.get("/search?q=etoiles").await;
    let title = browser.get(&title_link_after(&results.body, "search-results")).await;
    assert!(title.body.contains("<title>Café des Étoiles · Marquee</title>"), "the title page's name");
    let start = title.body.find("href=\"/watch/").expect("a Play button") + 6;
    let player = browser.get(&title.body[start..start + 7 + 36]).await;
    assert_eq!(player.status, 200);
    assert!(player.body.contains("<title>Playing: Café des Étoiles · Marquee</title>"), "the player's own name");
    assert_eq!(video_label(&player.body), "Café des Étoiles", "the video's accessible name");

    let results = browser.get("/search?q=harbour").await;
    let show = browser.get(&title_link_after(&results.body, "search-results")).await;
    let start = show.body.find("class=\"episode__link\" href=\"/watch/").expect("an episode")
        + "class=\"episode__link\" href=\"".len();
    let episode = browser.get(&show.body[start..start + 7 + 36]).await;
    assert!(
        episode.body.contains("<title>Playing: Harbour Lights, S1:E1 · The Dark Harbour · Marquee</title>"),
        "an episode's player names the episode"
    );
    assert_eq!(video_label(&episode.body), "Harbour Lights, S1:E1 · The Dark Harbour");
}

/// The `aria-label` of the page's `<video>`.
fn video_label(body: &str) -> String {
    let video = &body[body.find("<video").expect("a video")..];
    let video = &video[..video.find('>').unwrap()];
    let start = video.find("aria-label=\"").expect("the video has an aria-label") + "aria-label=\"".len();
    video[start..start + video[start..].find('"').unwrap()].to_string()
}
