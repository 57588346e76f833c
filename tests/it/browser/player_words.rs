//! The player speaks the account's language: a French account's TV controls, countdown and end
//! screen are in French, driven by the remote's keys at 1920×1080.

use std::time::Duration;

use super::household::EMAIL;
use super::leaving::{tv_at_home, wait_for_focus};
use super::tv_player::seek_to_the_end;
use super::watching::{VIDEO, spawn_with_library, title_path, wait_until_playing};
use super::{Browser, Key, Viewport};
use crate::support::{TestApp, spawn_app};

/// Sets the household's account to `language`, as its Account page would.
pub(super) async fn speak(app: &TestApp, language: &str) {
    let store = app.store.store.as_ref();
    let account = store.account_by_email(EMAIL).await.unwrap().expect("the household's account");
    let info = marquee::store::PersonalInfo {
        display_name: "Ada".into(),
        phone: None,
        language: language.into(),
        time_zone: None,
    };
    let changed = store
        .change_account(
            &marquee::store::Actor::server(),
            account.id,
            marquee::store::AccountChange::PersonalInfo(&info),
        )
        .await;
    assert!(changed.unwrap(), "the language is saved");
}

/// The text of `css` as written, no-break spaces and all (WebDriver's text turns them into spaces).
async fn written(tv: &Browser, css: &str) -> String {
    let script = format!("return document.querySelector({css:?}).textContent.trim()");
    tv.execute(&script).await.as_str().expect("some text").to_string()
}

#[tokio::test]
async fn a_french_accounts_tv_player_speaks_french() {
    let app = spawn_with_library(spawn_app().await).await;
    speak(&app, "fr").await;
    let Some(tv) = Browser::open(Viewport::Tv).await else { return };
    tv_at_home(&tv, &app.base).await;
    let title = title_path(&tv, &app.base, "harbour", "Harbour Lights").await;
    tv.goto(&format!("{}{title}", app.base)).await;
    wait_for_focus(&tv, "[data-play]").await;
    tv.press_key(Key::Enter).await;
    tv.wait_for_url(|url| url.contains("/watch/")).await;
    wait_until_playing(&tv).await;
    assert_eq!(tv.text("[data-player-back]").await, "← Retour");

    // OK on the progress bar pauses: the controls say so in French.
    wait_for_focus(&tv, "[data-progress]").await;
    tv.press_key(Key::Enter).await;
    tv.wait_until(&format!("return {VIDEO}.paused"), Duration::from_secs(5), "OK pauses").await;
    // The button follows the video's pause event, which comes a moment after its state.
    let offers_play = "return document.querySelector('[data-toggle-play]').textContent === '▶ Lecture'";
    tv.wait_until(offers_play, Duration::from_secs(5), "the button offers to play again, in French").await;
    let left = tv.text("[data-remaining]").await;
    assert!(left.starts_with("encore "), "the time left is French: {left}");
    let of = tv.execute("return document.querySelector('[data-progress]').getAttribute('aria-valuetext')").await;
    assert!(of.as_str().unwrap().contains(" sur "), "the bar's spoken value is French: {of}");
    assert_eq!(written(&tv, "[data-cycle=subtitles]").await, "Sous-titres\u{a0}: Désactivés");

    // Played on to its end: the countdown to the next episode and the end screen's choices.
    tv.press_key(Key::Enter).await;
    tv.wait_until(&format!("return !{VIDEO}.paused"), Duration::from_secs(5), "OK plays on").await;
    seek_to_the_end(&tv).await;
    let panel = written(&tv, "[data-next-panel] p").await;
    assert!(panel.starts_with("Épisode suivant dans "), "the countdown is French: {panel}");
    assert!(panel.contains(" secondes\u{a0}: S1:E2"), "counted in seconds, then the episode: {panel}");
    assert_eq!(tv.text("[data-next-now]").await, "Lire maintenant");
    assert_eq!(tv.text("[data-next-cancel]").await, "Annuler");
    assert_eq!(tv.text("[data-end-again]").await, "Revoir");
    assert_eq!(tv.text("[data-end-back]").await, "Retour au titre");
    let one = "return document.querySelector('[data-next-when]').textContent.trim() === 'dans 1 seconde'";
    tv.wait_until(one, Duration::from_secs(15), "the countdown reaches \"dans 1 seconde\"").await;
    tv.close().await;
}
