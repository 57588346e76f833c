//! Following the links in security messages in headless Chromium, against the real binary: the
//! "Not you?" link of a new-device alert and the link that confirms a new email open on a clean
//! address (no secret in the address bar, the Referer or the request log) and do what they say.

use std::time::Duration;

use super::{Browser, Viewport};
use crate::binary::{create_account, start_server, stop_server};
use crate::smtp_server::SmtpServer;

const EMAIL: &str = "ada@example.org";
const NEW_PASSWORD: &str = "seven lanterns drift over the quiet harbour";

/// The secret of a link starting with `prefix` in a message.
fn secret_of(link: &str) -> String {
    link.split_once("token=").unwrap().1.to_string()
}

#[tokio::test]
async fn not_you_signs_every_device_out_and_continues_to_a_new_password() {
    let smtp = SmtpServer::start().await;
    let dir = tempfile::tempdir().unwrap();
    create_account(dir.path(), EMAIL).await;
    let smtp_url = smtp.url();
    let args = ["--smtp-url", &smtp_url, "--mail-from", "Marquee <marquee@example.org>", "serve"];
    let (server, base) = start_server(dir.path(), &args).await;
    let Some(browser) = Browser::open(Viewport::Desktop).await else {
        stop_server(server).await;
        return;
    };
    let client = reqwest::Client::new();
    let body = serde_json::json!({"email": EMAIL, "password": crate::support::PASSWORD, "device_name": "Someone's laptop",
        "device_kind": "browser"});
    let signed_in: serde_json::Value =
        client.post(format!("{base}/api/v1/sessions")).json(&body).send().await.unwrap().json().await.unwrap();
    let intruder = signed_in["token"].as_str().unwrap().to_string();
    let alert = smtp.wait_for(1, Duration::from_secs(30)).await.remove(0);
    assert_eq!(alert.subject, "New sign-in to your Marquee account");
    assert!(alert.text.contains("Someone's laptop"), "{}", alert.text);
    let link = alert.link(&format!("{base}/not-me/open?token=")).expect("the \"Not you?\" link");
    let secret = secret_of(&link);

    browser.goto(&link).await;
    browser.wait_for_path("/not-me").await;
    let url = browser.current_url().await;
    assert!(!url.contains("token") && !url.contains(&secret), "the address bar is clean: {url}");
    assert_eq!(browser.execute("return document.referrer").await, "", "no Referer carries the secret");
    browser.wait_for_text(EMAIL).await;
    browser.screenshot("not-me-desktop").await;
    for (viewport, name) in [(Viewport::Phone, "not-me-phone"), (Viewport::Tv, "not-me-tv")] {
        browser.set_viewport(viewport).await;
        browser.screenshot(name).await;
    }
    browser.set_viewport(Viewport::Desktop).await;
    browser.click("#not-me-confirm").await;
    browser.wait_for_path("/password-reset/new").await;
    let account = client.get(format!("{base}/api/v1/account")).bearer_auth(&intruder).send().await.unwrap();
    assert_eq!(account.status(), 401, "the other device is signed out");
    browser.fill("#password", NEW_PASSWORD).await;
    browser.click("form[action='/password-reset/new'] button[type=submit]").await;
    browser.wait_for_path("/profiles").await;

    // Used once: opening it again says so.
    browser.goto(&link).await;
    browser.wait_for_path("/not-me").await;
    browser.wait_for("#not-me-dead").await;
    browser.close().await;

    let logs = stop_server(server).await;
    assert!(logs.contains("/not-me/open"), "the link's request is logged: {logs}");
    assert!(!logs.contains(&secret), "the secret is not in the log: {logs}");
}

#[tokio::test]
async fn a_new_email_is_confirmed_from_its_link() {
    let smtp = SmtpServer::start().await;
    let dir = tempfile::tempdir().unwrap();
    create_account(dir.path(), EMAIL).await;
    let smtp_url = smtp.url();
    let args = ["--smtp-url", &smtp_url, "--mail-from", "Marquee <marquee@example.org>", "serve"];
    let (server, base) = start_server(dir.path(), &args).await;
    let Some(browser) = Browser::open(Viewport::Phone).await else {
        stop_server(server).await;
        return;
    };
    browser.goto(&format!("{base}/signin")).await;
    browser.fill("#email", EMAIL).await;
    browser.fill("#password", crate::support::PASSWORD).await;
    browser.click("form[action='/signin'] button[type=submit]").await;
    browser.wait_for_path("/profiles").await;
    browser.goto(&format!("{base}/account#email")).await;
    browser.execute("document.querySelector('#email details').open = true").await;
    browser.fill("#new-email", "ada@lovelace.example").await;
    browser.fill("#email-password", crate::support::PASSWORD).await;
    browser.click("form[action='/account/email#email'] button[type=submit]").await;
    browser.wait_for_text("We sent a link to the new address").await;
    let confirm = smtp
        .wait_for_matching(1, |m| m.to == "ada@lovelace.example" && m.subject == "Confirm your new Marquee email")
        .await
        .remove(0);
    let link = confirm.link(&format!("{base}/account/email/open?token=")).expect("the link");
    let secret = secret_of(&link);

    browser.goto(&link).await;
    browser.wait_for_path("/account/email/confirm").await;
    let url = browser.current_url().await;
    assert!(!url.contains(&secret), "the address bar is clean: {url}");
    browser.wait_for_text("ada@lovelace.example").await;
    browser.screenshot("email-confirm-phone").await;
    for (viewport, name) in [(Viewport::Desktop, "email-confirm-desktop"), (Viewport::Tv, "email-confirm-tv")] {
        browser.set_viewport(viewport).await;
        browser.screenshot(name).await;
    }
    browser.click("#email-confirm").await;
    browser.wait_for("#email-confirm-done").await;
    browser.close().await;
    let logs = stop_server(server).await;
    assert!(!logs.contains(&secret), "the secret is not in the log: {logs}");
}
