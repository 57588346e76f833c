//! The account activity page in Chromium: reached from the account page, it lists what happened,
//! and an entry's "Sign out of this device" signs that device out at once (its next request is
//! refused). Screenshots at desktop, phone and TV sizes.

use serde_json::Value;

use super::household::{self, EMAIL};
use super::journey::sign_in;
use super::{Browser, Viewport};
use crate::support::spawn_app;

#[tokio::test]
async fn an_entrys_sign_out_button_signs_that_device_out() {
    let app = spawn_app().await;
    household::seed(&app).await;
    let tv = app.sign_in(EMAIL, "Living room TV", "tv").await;
    let sessions: Value = app.get("/api/v1/sessions", &tv).await.json().await.unwrap();
    let tv_id = sessions[0]["id"].as_str().unwrap().to_string();
    for (viewport, name) in [(Viewport::Phone, "account-activity-phone"), (Viewport::Tv, "account-activity-tv")] {
        let Some(screen) = Browser::open(viewport).await else { return };
        sign_in(&screen, &app.base).await;
        screen.goto(&app.url("/account/activity")).await;
        screen.wait_for_text("Living room TV").await;
        screen.screenshot(name).await;
        screen.close().await;
    }
    let Some(browser) = Browser::open(Viewport::Desktop).await else { return };
    sign_in(&browser, &app.base).await;
    browser.goto(&app.url("/account")).await;
    browser.click("#account-activity").await;
    browser.wait_for_path("/account/activity").await;
    browser.wait_for_text("Living room TV").await;
    browser.screenshot("account-activity").await;
    let button = format!("button[data-sign-out='{tv_id}']");
    assert!(browser.exists(&button).await, "the TV is signed in: its entry offers to sign it out");
    assert!(!browser.exists(".device--this button[data-sign-out]").await, "this browser's own entry does not");

    browser.click(&button).await;
    browser.wait_for_text("That device was signed out.").await;
    assert_eq!(app.get("/api/v1/account", &tv).await.status(), 401, "the TV's next request is refused");

    browser.goto(&app.url("/account/activity")).await;
    browser.wait_for_text("Signed out by").await;
    assert!(!browser.exists(&button).await, "a device signed out is offered no button");
    browser.close().await;
}
