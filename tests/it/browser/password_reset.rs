//! Following a reset link in headless Chromium, against the real binary: the secret leaves the address
//! bar at once, is sent on as no Referer, never reaches the request log, and the new password signs
//! this browser in.

use std::time::Duration;

use super::{Browser, Viewport};
use crate::binary::{create_account, start_server, stop_server};
use crate::smtp_server::SmtpServer;

#[tokio::test]
async fn a_reset_link_opens_on_a_clean_address_and_leaves_no_secret_in_the_log() {
    let smtp = SmtpServer::start().await;
    let dir = tempfile::tempdir().unwrap();
    create_account(dir.path(), "ada@example.org").await;
    let smtp_url = smtp.url();
    let args = ["--smtp-url", &smtp_url, "--mail-from", "Marquee <marquee@example.org>", "serve"];
    let (server, base) = start_server(dir.path(), &args).await;
    let Some(browser) = Browser::open(Viewport::Desktop).await else {
        stop_server(server).await;
        return;
    };
    let client = reqwest::Client::new();
    let asked = client
        .post(format!("{base}/api/v1/password-reset"))
        .json(&serde_json::json!({ "email": "ada@example.org" }))
        .send()
        .await
        .unwrap();
    assert_eq!(asked.status(), 202);
    let message = smtp.wait_for(1, Duration::from_secs(30)).await.remove(0);
    let link = message.link(&format!("{base}/password-reset/open?token=")).expect("the link");
    let secret = link.split_once("token=").unwrap().1.to_string();

    browser.goto(&link).await;
    browser.wait_for_path("/password-reset/new").await;
    let url = browser.current_url().await;
    assert!(!url.contains("token") && !url.contains(&secret), "the address bar is clean: {url}");
    assert_eq!(browser.execute("return document.referrer").await, "", "no Referer carries the secret");
    browser.wait_for_text("ada@example.org").await;
    browser.screenshot("password-reset-desktop").await;
    browser.fill("#password", "seven lanterns drift over the quiet harbour").await;
    browser.click("form[action='/password-reset/new'] button[type=submit]").await;
    browser.wait_for_path("/profiles").await;
    browser.close().await;

    let logs = stop_server(server).await;
    assert!(logs.contains("/password-reset/open"), "the link's request is logged: {logs}");
    assert!(!logs.contains(&secret), "the secret is not in the log: {logs}");
    assert!(!logs.contains("token="), "no query is logged: {logs}");
}
