//! The journey a person takes, in real Chromium at desktop and phone sizes: the landing page, signing
//! in, "Who's watching?", the profile menu, the account page, and signing out of every device.

use fantoccini::Locator;
use fantoccini::actions::{InputSource, MouseActions, PointerAction};

use super::household::{self, EMAIL};
use super::{Browser, Viewport};
use crate::support::{PASSWORD, spawn_app};

#[tokio::test]
async fn the_whole_journey_on_a_desktop() {
    journey(Viewport::Desktop, "desktop").await;
}

#[tokio::test]
async fn the_whole_journey_on_a_phone() {
    journey(Viewport::Phone, "phone").await;
}

async fn journey(viewport: Viewport, size: &str) {
    let app = spawn_app().await;
    household::seed(&app).await;
    let Some(browser) = Browser::open(viewport).await else { return };
    let shot = |step: &str| format!("{step}-{size}");

    // 1. The landing page, with "Sign In" at the top right.
    browser.goto(&app.url("/")).await;
    browser.wait_for_text("Your server.").await;
    browser.screenshot(&shot("01-landing")).await;
    browser.click(".topbar a[href='/signin']").await;
    browser.wait_for_path("/signin").await;

    // 2. Sign in. Wrong details: one message, the email kept.
    browser.fill("#email", EMAIL).await;
    browser.fill("#password", "this is not the password").await;
    browser.click("form[action='/signin'] button[type=submit]").await;
    browser.wait_for("#signin-error").await;
    assert!(browser.text("#signin-error").await.contains("do not match an account"));
    assert_eq!(browser.execute("return document.getElementById('email').value").await, EMAIL);
    browser.screenshot(&shot("02-signin-error")).await;
    browser.fill("#password", PASSWORD).await;
    browser.click("form[action='/signin'] button[type=submit]").await;

    // 3. Who's watching?
    browser.wait_for_path("/profiles").await;
    browser.wait_for_text("Who's watching?").await;
    let names =
        browser.execute("return [...document.querySelectorAll('.profile-tile__name')].map(e => e.textContent)").await;
    assert_eq!(names, serde_json::json!(["Ada", "Sam", "Kids"]));
    assert!(browser.exists("a[href='/profiles/manage']").await, "Manage Profiles");
    let cookie = browser.cookie("marquee_session").await.expect("a session cookie");
    assert_eq!(cookie.http_only(), Some(true));
    assert_eq!(format!("{:?}", cookie.same_site()), "Some(Lax)");
    browser.screenshot(&shot("03-whos-watching")).await;

    // 4. Choosing a profile opens its homepage.
    browser.click(".profiles__grid li:nth-child(2) .profile-tile").await;
    browser.wait_for_path("/browse").await;
    browser.wait_for_text("Welcome, Sam").await;
    browser.screenshot(&shot("04-browse")).await;

    // 5. The profile menu at the top right: hover on a desktop, tap on a phone.
    assert!(!menu_is_open(&browser).await, "the menu starts closed");
    if viewport == Viewport::Desktop {
        let button = browser.client().find(Locator::Css("[data-menu-button]")).await.unwrap();
        let hover = MouseActions::new("mouse".into()).then(PointerAction::MoveToElement {
            element: button,
            duration: None,
            x: 0.0,
            y: 0.0,
        });
        browser.client().perform_actions(hover).await.unwrap();
    } else {
        browser.click("[data-menu-button]").await;
    }
    assert!(menu_is_open(&browser).await, "the menu opens");
    let menu = browser.text(".profile-menu__list").await;
    for item in ["Ada", "Kids", "Manage Profiles", "Account", "Help", "Sign out of Marquee"] {
        assert!(menu.contains(item), "{item} in the menu: {menu}");
    }
    assert!(!menu.contains("Sam"), "the current profile is the button, not an item");
    browser.screenshot(&shot("05-profile-menu")).await;

    // 6. Account: edit personal information, with a visible confirmation.
    browser.click(".profile-menu__list a[href='/account']").await;
    browser.wait_for_path("/account").await;
    assert!(browser.text("#account-email").await.contains(EMAIL));
    browser.fill("#name", "Ada Lovelace").await;
    browser.fill("#phone", "+44 20 7946 0958").await;
    browser.click("form[action^='/account/personal'] button[type=submit]").await;
    browser.wait_for_text("Personal information saved.").await;
    browser.screenshot(&shot("06-account")).await;

    // 7. Manage access and devices: this device, marked, with its profile.
    let this_device = browser.text(".device--this").await;
    assert!(this_device.contains("This device") && this_device.contains("Profile: Sam"), "{this_device}");
    browser.execute("document.getElementById('devices').scrollIntoView()").await;
    browser.screenshot(&shot("07-devices")).await;

    // 8. "Sign out of all devices" opens a real dialog: Sign Out or Cancel.
    browser.click("#sign-out-all").await;
    assert_eq!(browser.execute("return document.getElementById('sign-out-all-dialog').open").await, true);
    browser.screenshot(&shot("08-sign-out-all-dialog")).await;
    browser.click("#sign-out-all-dialog [data-close]").await;
    assert_eq!(browser.execute("return document.getElementById('sign-out-all-dialog').open").await, false);
    assert_eq!(browser.current_path().await, "/account", "Cancel changes nothing");
    browser.click("#sign-out-all").await;
    browser.click("#sign-out-all-dialog button[type=submit]").await;

    // 9. "You've signed out", and the account pages are closed to this browser.
    browser.wait_for_path("/signed-out").await;
    browser.wait_for_text("You've signed out").await;
    browser.screenshot(&shot("09-signed-out")).await;
    assert!(browser.cookie("marquee_session").await.is_none(), "the cookie is gone");
    browser.goto(&app.url("/account")).await;
    browser.wait_for_path("/signin").await;
    browser.close().await;
}

pub async fn menu_is_open(browser: &Browser) -> bool {
    browser.execute("return getComputedStyle(document.querySelector('.profile-menu__list')).display !== 'none'").await
        == true
}

/// Signs in through the form and waits for "Who's watching?".
pub async fn sign_in(browser: &Browser, base: &str) {
    browser.goto(&format!("{base}/signin")).await;
    browser.fill("#email", EMAIL).await;
    browser.fill("#password", PASSWORD).await;
    browser.click("form[action='/signin'] button[type=submit]").await;
    browser.wait_for_path("/profiles").await;
}
