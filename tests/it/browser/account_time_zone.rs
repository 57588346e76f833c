//! The account's time zone in real Chromium: an account that never chose one is offered the
//! browser's own (only a proposal until saved); once chosen, the browser's zone no longer moves it.

use std::time::Duration;

use super::household::{EMAIL, seed};
use super::{Browser, Viewport};
use crate::support::spawn_app;

const FIELD_VALUE: &str = "return document.querySelector('#time_zone').value";

#[tokio::test]
async fn the_account_page_proposes_the_browsers_own_time_zone_until_one_is_chosen() {
    let app = spawn_app().await;
    seed(&app).await;
    let Some(browser) = Browser::open(Viewport::Desktop).await else { return };
    browser.emulate_time_zone("Asia/Tokyo").await;
    assert_eq!(browser.execute("return Intl.DateTimeFormat().resolvedOptions().timeZone").await, "Asia/Tokyo");
    super::journey::sign_in(&browser, &app.base).await;
    browser.goto(&app.url("/account#personal")).await;
    browser.wait_until(&format!("{FIELD_VALUE} === 'Asia/Tokyo'"), Duration::from_secs(5), "Tokyo is proposed").await;
    let account = app.store.account_by_email(EMAIL).await.unwrap().unwrap();
    assert_eq!(account.time_zone, None, "a proposal saves nothing");

    browser.click("form[action='/account/personal#personal'] button[type=submit]").await;
    browser.wait_for_text("Personal information saved.").await;
    let account = app.store.account_by_email(EMAIL).await.unwrap().unwrap();
    assert_eq!(account.time_zone.as_deref(), Some("Asia/Tokyo"));

    // Travelling with the laptop does not move the account's zone by itself.
    browser.emulate_time_zone("America/New_York").await;
    browser.goto(&app.url("/account#personal")).await;
    browser.wait_for("#time_zone").await;
    assert_eq!(browser.execute(FIELD_VALUE).await, "Asia/Tokyo");
    browser.close().await;
}
