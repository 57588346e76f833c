//! The journey with JavaScript blocked: every step still works through plain links, forms and CSS,
//! with a confirmation page where scripts would open a dialog.

use super::household::{self, EMAIL};
use super::{Browser, Viewport};
use crate::support::{PASSWORD, spawn_app};

#[tokio::test]
async fn the_whole_journey_works_with_javascript_blocked() {
    let app = spawn_app().await;
    household::seed(&app).await;
    let Some(browser) = Browser::open_without_javascript(Viewport::Phone).await else { return };

    // 1–2. Landing page, then a wrong and a right sign-in.
    browser.goto(&app.url("/")).await;
    browser.click(".topbar a[href='/signin']").await;
    browser.wait_for_path("/signin").await;
    browser.fill("#email", EMAIL).await;
    browser.fill("#password", "this is not the password").await;
    browser.click("form[action='/signin'] button[type=submit]").await;
    browser.wait_for("#signin-error").await;
    browser.fill("#password", PASSWORD).await;
    browser.click("form[action='/signin'] button[type=submit]").await;

    // 3–4. Who's watching, then a profile's home.
    browser.wait_for_path("/profiles").await;
    browser.click(".profiles__grid li:first-child .profile-tile").await;
    browser.wait_for_path("/browse").await;
    browser.wait_for_text("Welcome, Ada").await;

    // 5. The menu opens by tap through CSS alone (focus inside it), without the script's toggle.
    browser.click("[data-menu-button]").await;
    let menu_shown = "return getComputedStyle(document.querySelector('.profile-menu__list')).display !== 'none'";
    assert_eq!(browser.execute(menu_shown).await, true, "tapping the button opens the menu");
    let script_ran = "return document.querySelector('[data-menu]').hasAttribute('data-open')";
    assert_eq!(browser.execute(script_ran).await, false, "the page's script did not run");
    browser.click(".profile-menu__list a[href='/account']").await;

    // 6. The account page saves and confirms.
    browser.wait_for_path("/account").await;
    browser.fill("#name", "Ada Lovelace").await;
    browser.click("form[action^='/account/personal'] button[type=submit]").await;
    browser.wait_for_text("Personal information saved.").await;

    // 8. Without the dialog, "Sign out of all devices" is a confirmation page, and Cancel goes back.
    browser.click("#sign-out-all").await;
    browser.wait_for_path("/account/sign-out-all").await;
    browser.wait_for_text("Sign out of all devices?").await;
    browser.screenshot("13-sign-out-all-without-javascript-phone").await;
    browser.click("a[href='/account#settings']").await;
    browser.wait_for_path("/account").await;
    assert!(browser.cookie("marquee_session").await.is_some(), "Cancel keeps this device signed in");
    browser.click("#sign-out-all").await;
    browser.wait_for_path("/account/sign-out-all").await;
    browser.click("form[action='/account/sign-out-all'] button[type=submit]").await;

    // 9. Signed out everywhere.
    browser.wait_for_path("/signed-out").await;
    browser.wait_for_text("You've signed out").await;
    browser.goto(&app.url("/browse")).await;
    browser.wait_for_path("/signin").await;
    browser.close().await;
}
