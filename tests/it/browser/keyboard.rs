//! What the keyboard alone does: where the focus lands on a page or in a dialog, and that the profile
//! menu opens and closes for real (what it shows and what `aria-expanded` says agree).

use super::household::{self, EMAIL};
use super::journey::{menu_is_open, sign_in};
use super::{Browser, Key, Viewport};
use crate::support::{PASSWORD, spawn_app};

/// Whether the menu's button says the menu is open (`aria-expanded`).
async fn menu_says_open(browser: &Browser) -> bool {
    browser.execute("return document.querySelector('[data-menu-button]').getAttribute('aria-expanded')").await == "true"
}

#[tokio::test]
async fn the_profile_menu_works_from_the_keyboard() {
    let app = spawn_app().await;
    household::seed(&app).await;
    let Some(browser) = Browser::open(Viewport::Desktop).await else { return };
    sign_in(&browser, &app.base).await;
    browser.click(".profiles__grid li:first-child .profile-tile").await;
    browser.wait_for_path("/browse").await;
    // Tab from the top of the page: skip link, brand, then the menu button.
    browser.execute("document.activeElement.blur(); window.scrollTo(0, 0)").await;
    for _ in 0..3 {
        browser.tab().await;
    }
    assert!(browser.is_focused("[data-menu-button]").await, "the menu button is reachable by Tab");
    assert!(!menu_is_open(&browser).await && !menu_says_open(&browser).await, "focus alone leaves it closed");

    // Enter opens it, Tab goes into it, Escape closes it and returns to the button.
    browser.press_key(Key::Enter).await;
    assert!(menu_is_open(&browser).await && menu_says_open(&browser).await, "Enter opens the menu");
    browser.tab().await;
    let focused = browser.execute("return document.activeElement.textContent.trim()").await;
    assert!(focused.as_str().is_some_and(|text| text.contains("Sam")), "Tab moves into the menu: {focused}");
    browser.press_key(Key::Escape).await;
    assert!(browser.is_focused("[data-menu-button]").await, "Escape returns to the button");
    assert!(!menu_is_open(&browser).await, "Escape closes the menu, though the focus is still inside it");
    assert!(!menu_says_open(&browser).await, "and the button says it is closed");

    // A second Enter on the button closes it again.
    browser.press_key(Key::Enter).await;
    assert!(menu_is_open(&browser).await && menu_says_open(&browser).await, "Enter opens it again");
    browser.press_key(Key::Enter).await;
    assert!(!menu_is_open(&browser).await && !menu_says_open(&browser).await, "a second Enter closes it");

    // Leaving it with the keyboard closes it too.
    browser.press_key(Key::Enter).await;
    browser.tab().await;
    browser.execute("document.querySelector('.profile-menu__last a').focus()").await;
    browser.tab().await;
    assert!(!menu_is_open(&browser).await && !menu_says_open(&browser).await, "Tab out of the menu closes it");
    browser.close().await;
}

#[tokio::test]
async fn the_sign_out_all_dialog_opens_on_cancel_so_a_stray_enter_signs_nobody_out() {
    let app = spawn_app().await;
    household::seed(&app).await;
    let tv = app.sign_in(EMAIL, "Living room TV", "tv").await;
    let Some(browser) = Browser::open(Viewport::Desktop).await else { return };
    sign_in(&browser, &app.base).await;
    browser.goto(&app.url("/account")).await;
    browser.wait_for("#sign-out-all").await;
    let at_rest = "return document.activeElement === document.body && window.scrollY === 0";
    assert_eq!(browser.execute(at_rest).await, true, "the closed dialog's Cancel takes no focus on load");
    browser.execute("document.getElementById('sign-out-all').focus()").await;
    browser.press_key(Key::Enter).await;
    let dialog_open = "return document.getElementById('sign-out-all-dialog').open";
    assert_eq!(browser.execute(dialog_open).await, true, "Enter on the link opens the dialog");
    assert!(browser.is_focused("#sign-out-all-dialog [data-close]").await, "Cancel has the focus, not Sign Out");

    browser.press_key(Key::Enter).await;
    assert_eq!(browser.execute(dialog_open).await, false, "Enter on Cancel closes the dialog");
    assert_eq!(browser.current_path().await, "/account");
    browser.goto(&app.url("/account")).await;
    browser.wait_for_path("/account").await;
    assert_eq!(browser.execute("return document.querySelectorAll('.device').length").await, 2, "both devices stay");
    assert_eq!(app.get("/api/v1/account", &tv).await.status(), 200, "the TV is still signed in");
    browser.close().await;
}

#[tokio::test]
async fn after_a_wrong_password_the_focus_is_on_the_password() {
    let app = spawn_app().await;
    household::seed(&app).await;
    let Some(browser) = Browser::open(Viewport::Desktop).await else { return };
    browser.goto(&app.url("/signin")).await;
    browser.wait_for("#email").await;
    assert!(browser.is_focused("#email").await, "a fresh form starts at the email");

    browser.fill("#email", EMAIL).await;
    browser.fill("#password", "this is not the password").await;
    browser.click("form[action='/signin'] button[type=submit]").await;
    browser.wait_for("#signin-error").await;
    assert!(browser.is_focused("#password").await, "the email is kept, so the password is next");
    let typed = browser.execute("return document.getElementById('password').value").await;
    assert_eq!(typed, "", "the wrong password is not kept");

    // Typing straight away signs in.
    browser.client().active_element().await.expect("the focused field").send_keys(PASSWORD).await.unwrap();
    browser.press_key(Key::Enter).await;
    browser.wait_for_path("/profiles").await;
    browser.close().await;
}
