//! Two-step sign-in in headless Chromium: turned on from the account page (the secret read from the
//! page's text, as a person would type it into an app), the recovery codes shown once, then signed
//! out and in again with the password and a code. Screenshots of the page to scan, the recovery codes
//! and the code page at desktop, phone and TV sizes.

use super::{Browser, Viewport};
use crate::support::{PASSWORD, spawn_app};
use crate::two_step::{EMAIL, code_for, roomy_step};

/// Screenshots of the page as it is now at every size, named `{name}-desktop` and so on.
async fn at_every_size(browser: &Browser, name: &str) {
    for (viewport, size) in [(Viewport::Phone, "phone"), (Viewport::Tv, "tv"), (Viewport::Desktop, "desktop")] {
        browser.set_viewport(viewport).await;
        // From the top of the page, wherever an anchor in its address scrolled it.
        browser.execute("window.scrollTo(0, 0)").await;
        browser.screenshot(&format!("{name}-{size}")).await;
    }
}

#[tokio::test]
async fn turned_on_from_the_account_page_then_signing_in_takes_a_code() {
    let app = spawn_app().await;
    app.create_account(EMAIL).await;
    let Some(browser) = Browser::open(Viewport::Desktop).await else { return };
    browser.goto(&app.url("/signin")).await;
    browser.fill("#email", EMAIL).await;
    browser.fill("#password", PASSWORD).await;
    browser.click("form[action='/signin'] button[type=submit]").await;
    browser.wait_for_path("/profiles").await;

    browser.goto(&app.url("/account#two-step")).await;
    browser.click("#manage-two-step").await;
    browser.wait_for_path("/account/two-step").await;
    browser.fill("#two-step-password", PASSWORD).await;
    browser.click("#start-two-step").await;
    browser.wait_for("#two-step-secret").await;
    assert!(browser.exists("svg.two-step__qr").await, "a QR code to scan");
    at_every_size(&browser, "two-step-scan").await;
    let secret = browser.text("#two-step-secret").await.replace(' ', "");
    let step = roomy_step().await;
    browser.fill("#two-step-code", &code_for(&secret, step - 1)).await;
    browser.click("#confirm-two-step").await;
    browser.wait_for("#two-step-now-on").await;
    assert_eq!(browser.execute("return document.querySelectorAll('#recovery-codes li').length").await, 10);
    assert!(browser.exists("button[data-print]:not([hidden])").await, "the codes can be printed");
    at_every_size(&browser, "two-step-recovery-codes").await;

    browser.goto(&app.url("/signout")).await;
    browser.click("form[action='/signout'] button[type=submit]").await;
    browser.wait_for_path("/signed-out").await;
    browser.goto(&app.url("/signin")).await;
    browser.fill("#email", EMAIL).await;
    browser.fill("#password", PASSWORD).await;
    browser.click("form[action='/signin'] button[type=submit]").await;
    browser.wait_for_path("/signin/two-step").await;
    assert!(browser.cookie("marquee_session").await.is_none(), "no session for the password alone");
    let url = browser.current_url().await;
    assert!(!url.contains("mqc_"), "the challenge is not in the address: {url}");
    at_every_size(&browser, "two-step-code").await;
    browser.fill("#code", &code_for(&secret, step)).await;
    browser.click("form[action='/signin/two-step'] button[type=submit]").await;
    browser.wait_for_path("/profiles").await;
    assert!(browser.cookie("marquee_second_step").await.is_none(), "the challenge's cookie went with it");
    browser.close().await;
}
