//! A refused form, as a screen reader and a keyboard meet it: the focus is on the field at fault, the
//! message is an alert, and the field says it is invalid and points at the message (even without
//! JavaScript). And each device's Sign out button is named for its own device.

use std::time::Duration;

use super::household::{self, EMAIL};
use super::journey::sign_in;
use super::{Browser, Viewport};
use crate::support::{PASSWORD, spawn_app};

/// What a screen reader learns about the focused field: whether it is invalid, and the text of what
/// describes it, with that element's role.
const FOCUSED_FIELD: &str = "const field = document.activeElement;
    const described = (field.getAttribute('aria-describedby') || '').split(/\\s+/).filter(Boolean)
      .map(id => document.getElementById(id)).filter(Boolean);
    return { marked: [...document.querySelectorAll('[aria-invalid=true]')].map(e => e.id), id: field.id, invalid: field.getAttribute('aria-invalid'),
             alert: described.filter(e => e.getAttribute('role') === 'alert').map(e => e.textContent.trim()) }";

/// The same for the field with `id`, whether or not it has the focus.
fn field(id: &str) -> String {
    FOCUSED_FIELD.replace("document.activeElement", &format!("document.getElementById('{id}')"))
}

/// Waits until the refused form's page has put the focus somewhere (its script does that once loaded).
async fn settled(browser: &Browser) {
    let focused = "return document.readyState === 'complete' && document.activeElement !== document.body";
    browser.wait_until(focused, Duration::from_secs(5), "the focus goes somewhere on the refused form's page").await;
}

async fn assert_refused(browser: &Browser, script: &str, id: &str, says: &str) {
    let found = browser.execute(script).await;
    assert_eq!(found["id"], id, "the field at fault: {found}");
    assert_eq!(found["invalid"], "true", "{id} says it is invalid: {found}");
    let alerts = found["alert"].as_array().cloned().unwrap_or_default();
    assert!(
        alerts.iter().any(|text| text.as_str().is_some_and(|text| text.contains(says))),
        "{id} is described by the alert saying {says:?}: {found}"
    );
}

#[tokio::test]
async fn a_wrong_password_puts_the_focus_on_the_field_that_says_so() {
    let app = spawn_app().await;
    household::seed(&app).await;
    let Some(browser) = Browser::open(Viewport::Desktop).await else { return };

    // Sign-in.
    browser.goto(&app.url("/signin")).await;
    browser.fill("#email", EMAIL).await;
    browser.fill("#password", "this is not the password").await;
    browser.click("form[action='/signin'] button[type=submit]").await;
    browser.wait_for("#signin-error").await;
    settled(&browser).await;
    assert_refused(&browser, FOCUSED_FIELD, "password", "do not match").await;
    assert!(!browser.exists("#email[aria-invalid]").await, "the email it kept is not the problem");

    // The account page: changing the password with a wrong current one.
    browser.fill("#password", PASSWORD).await;
    browser.click("form[action='/signin'] button[type=submit]").await;
    browser.wait_for_path("/profiles").await;
    browser.goto(&app.url("/account")).await;
    browser.click("#password summary").await;
    browser.fill("#current-password", "not my password at all").await;
    browser.fill("#new-password", "a long new password for the test").await;
    browser.click("form[action^='/account/password'] button[type=submit]").await;
    browser.wait_for("#password .alert").await;
    settled(&browser).await;
    assert_refused(&browser, FOCUSED_FIELD, "current-password", "password").await;
    assert!(!browser.exists("#new-password[aria-invalid]").await, "only the field at fault is marked");

    // A PIN: lock Kids, then try a wrong one.
    browser.goto(&app.url("/profiles/manage")).await;
    browser.click(".profiles__grid li:nth-child(3) a").await;
    browser.wait_for_text("Edit profile").await;
    browser.fill("#pin", "2580").await;
    browser.fill("#lock-password", PASSWORD).await;
    browser.click("form[action$='/lock'] button[type=submit]").await;
    browser.wait_for_text("Changes saved.").await;
    browser.goto(&app.url("/profiles")).await;
    browser.click(".profiles__grid li:nth-child(3) a.profile-tile").await;
    browser.fill("#pin", "1111").await;
    browser.click("form[action$='/choose'] button[type=submit]").await;
    browser.wait_for_text("That PIN is not right").await;
    settled(&browser).await;
    assert_refused(&browser, FOCUSED_FIELD, "pin", "That PIN is not right").await;
    browser.close().await;
}

#[tokio::test]
async fn without_javascript_a_refused_field_still_says_it_is_invalid() {
    let app = spawn_app().await;
    household::seed(&app).await;
    let Some(browser) = Browser::open_without_javascript(Viewport::Phone).await else { return };
    sign_in(&browser, &app.base).await;
    browser.goto(&app.url("/account")).await;
    browser.click("#email summary").await;
    browser.fill("#new-email", "ada@new.example").await;
    browser.fill("#email-password", "not the password at all").await;
    browser.click("form[action^='/account/email'] button[type=submit]").await;
    browser.wait_for("#email .alert").await;
    assert_refused(&browser, &field("email-password"), "email-password", "password").await;
    assert!(!browser.exists("#new-email[aria-invalid]").await, "the new email was fine");
    browser.close().await;
}

#[tokio::test]
async fn every_sign_out_button_is_named_for_its_own_device() {
    let app = spawn_app().await;
    household::seed(&app).await;
    // Two TVs of the same make, signed in from the same address at the same time.
    app.sign_in(EMAIL, "Living room TV", "tv").await;
    app.sign_in(EMAIL, "Living room TV", "tv").await;
    let Some(browser) = Browser::open(Viewport::Desktop).await else { return };
    sign_in(&browser, &app.base).await;
    browser.goto(&app.url("/account")).await;
    browser.wait_for(".device").await;
    let names = browser
        .execute(
            "return [...document.querySelectorAll('.device form button')].map(b => (b.getAttribute('aria-labelledby') || '')
               .split(' ').filter(Boolean).map(id => document.getElementById(id).textContent).join(' ')
               .replace(/\\s+/g, ' ').trim() || null)",
        )
        .await;
    let names: Vec<String> = names
        .as_array()
        .expect("the buttons")
        .iter()
        .map(|name| name.as_str().expect("every button has a name").to_string())
        .collect();
    assert_eq!(names.len(), 3, "three devices: {names:?}");
    for name in &names {
        assert!(name.starts_with("Sign out "), "the name starts with what the button says: {name}");
        assert!(name.contains("127.0.0.1"), "and says where the device is: {name}");
        assert!(name.contains("now") || name.contains("ago"), "and when it was last seen: {name}");
    }
    assert!(names.iter().any(|name| name.contains("Living room TV")), "{names:?}");
    let mut unique = names.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), names.len(), "every button has a name of its own: {names:?}");
    browser.close().await;
}
