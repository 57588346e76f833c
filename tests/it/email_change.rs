//! Changing the sign-in email with mail set up, against a real SMTP server on SQLite and PostgreSQL:
//! the new address takes effect only once the link sent to it is opened, the old one is told with a
//! "Not you?" link and stays until then; the link works once, and not after the password changed.

use serde_json::{Value, json};

use crate::mail_outbox::mail_to;
use crate::smtp_server::{Delivered, SmtpServer};
use crate::support::{PASSWORD, TestApp, TestStore, spawn_app_on};
use crate::web_support::{Page, WebClient};

const OLD: &str = "ada@example.org";
const NEW: &str = "ada@lovelace.example";
const CONFIRM: &str = "Confirm your new Marquee email";
const TOLD: &str = "Your Marquee sign-in email is about to change";

crate::on_both_test_stores!(
    a_new_email_takes_effect_once_its_link_is_opened_and_the_old_one_is_told,
    a_link_opened_after_the_password_changed_is_refused,
    not_you_from_the_old_address_stops_the_change,
);

async fn app_with_mail(store: TestStore, smtp: &SmtpServer) -> TestApp {
    let url = smtp.url();
    spawn_app_on(store, move |settings| mail_to(settings, &url)).await
}

/// Asks for `NEW` on the account page of a browser signed in as `OLD`.
async fn ask_for_new_email(app: &TestApp) -> WebClient {
    let browser = WebClient::new(app);
    browser.sign_in(OLD, false).await;
    let asked = browser.submit("/account", "/account/email", &[("email", NEW), ("password", PASSWORD)]).await;
    assert_eq!(asked.status, 303, "{}", asked.body);
    assert_eq!(asked.location(), Some("/account?saved=email-link-sent#email"));
    let page = browser.get("/account?saved=email-link-sent").await;
    assert!(page.body.contains("We sent a link to the new address"), "{}", page.body);
    browser
}

/// The path of the confirmation link in the message to the new address.
fn confirm_path(message: &Delivered, app: &TestApp) -> String {
    let link = message.link(&app.url("/account/email/open?token=mqe_")).expect("the message holds the link");
    link.strip_prefix(&app.base).unwrap().to_string()
}

/// Opens the confirmation link in a browser that is not signed in, and follows the page it leads to.
async fn open_link(app: &TestApp, path: &str) -> (WebClient, Page) {
    let browser = WebClient::new(app);
    let opened = browser.get(path).await;
    assert_eq!(opened.status, 200);
    assert_eq!(opened.headers.get("referrer-policy").unwrap(), "no-referrer");
    assert!(opened.body.contains("url=/account/email/confirm\""), "{}", opened.body);
    let page = browser.get("/account/email/confirm").await;
    (browser, page)
}

async fn sign_in_status(app: &TestApp, email: &str) -> u16 {
    let body = json!({"email": email, "password": PASSWORD, "device_name": "Phone", "device_kind": "mobile"});
    app.sign_in_raw(body).await.status().as_u16()
}

async fn a_new_email_takes_effect_once_its_link_is_opened_and_the_old_one_is_told(store: TestStore) {
    let smtp = SmtpServer::start().await;
    let app = app_with_mail(store, &smtp).await;
    let account = app.create_account(OLD).await;
    ask_for_new_email(&app).await;
    let told = smtp.nth_to(1, OLD, TOLD).await;
    assert!(told.text.contains(NEW), "the old address hears which new one: {}", told.text);
    assert!(told.text.contains(&app.url("/not-me/open?token=mqn_")), "with the way out: {}", told.text);
    let confirm = smtp.nth_to(1, NEW, CONFIRM).await;
    let path = confirm_path(&confirm, &app);
    assert!(confirm.text.contains("24 hours"), "{}", confirm.text);
    assert_eq!(app.store.account_by_id(account.id).await.unwrap().unwrap().email, OLD, "the old one stays until then");
    assert_eq!(sign_in_status(&app, NEW).await, 401);

    let (browser, page) = open_link(&app, &path).await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains(NEW), "{}", page.body);
    assert_eq!(page.body.matches("type=\"submit\"").count(), 1, "one button: {}", page.body);
    assert_eq!(app.store.account_by_id(account.id).await.unwrap().unwrap().email, OLD, "opening alone changes nothing");
    let done = browser.post("/account/email/confirm", &[("csrf", &page.csrf())]).await;
    assert_eq!(done.status, 200, "{}", done.body);
    assert!(done.body.contains(&format!("From now on you sign in with {NEW}")), "{}", done.body);
    assert_eq!(sign_in_status(&app, NEW).await, 201, "the new email signs in");
    assert_eq!(sign_in_status(&app, OLD).await, 401, "the old one no longer does");

    // Used once: a second use changes nothing.
    let (again, page) = open_link(&app, &path).await;
    assert_eq!(page.status, 410, "{}", page.body);
    let csrf = again.get("/signin").await.csrf();
    let late = again.post("/account/email/confirm", &[("csrf", &csrf)]).await;
    assert_eq!(late.status, 410, "{}", late.body);
}

async fn a_link_opened_after_the_password_changed_is_refused(store: TestStore) {
    let smtp = SmtpServer::start().await;
    let app = app_with_mail(store, &smtp).await;
    let account = app.create_account(OLD).await;
    ask_for_new_email(&app).await;
    let path = confirm_path(&smtp.nth_to(1, NEW, CONFIRM).await, &app);
    let (browser, page) = open_link(&app, &path).await;
    assert_eq!(page.status, 200, "the link works at first");
    app.store
        .set_password(
            &marquee::store::Actor::server(),
            account.id,
            "$argon2id$other",
            marquee::store::SignOut::Nobody,
            marquee::clock::now(),
        )
        .await
        .unwrap();
    let refused = browser.post("/account/email/confirm", &[("csrf", &page.csrf())]).await;
    assert_eq!(refused.status, 410, "{}", refused.body);
    assert!(refused.body.contains("the password was changed"), "{}", refused.body);
    assert_eq!(app.store.account_by_id(account.id).await.unwrap().unwrap().email, OLD);
    let (_, page) = open_link(&app, &path).await;
    assert_eq!(page.status, 410, "and stays refused");
}

#[tokio::test]
async fn the_account_api_names_the_alert_setting() {
    let app = crate::support::spawn_app().await;
    app.create_account(OLD).await;
    let token = app.sign_in(OLD, "Phone", "mobile").await;
    let account: Value = app.get("/api/v1/account", &token).await.json().await.unwrap();
    assert_eq!(account["sign_in_alerts"], true, "on by default: {account}");
}

async fn not_you_from_the_old_address_stops_the_change(store: TestStore) {
    let smtp = SmtpServer::start().await;
    let app = app_with_mail(store, &smtp).await;
    let account = app.create_account(OLD).await;
    let asking = ask_for_new_email(&app).await;
    let told = smtp.nth_to(1, OLD, TOLD).await;
    let path = confirm_path(&smtp.nth_to(1, NEW, CONFIRM).await, &app);
    let not_me = told.link(&app.url("/not-me/open?token=mqn_")).expect("the way out");

    let owner = WebClient::new(&app);
    assert_eq!(owner.get(not_me.strip_prefix(&app.base).unwrap()).await.status, 200);
    let page = owner.get("/not-me").await;
    let confirmed = owner.post("/not-me", &[("csrf", &page.csrf())]).await;
    assert_eq!(confirmed.location(), Some("/password-reset/new"), "{}", confirmed.body);
    assert_eq!(asking.get("/account").await.status, 303, "the browser that asked is signed out");

    let (_, page) = open_link(&app, &path).await;
    assert_eq!(page.status, 410, "the change asked for before is dead: {}", page.body);
    assert_eq!(app.store.account_by_id(account.id).await.unwrap().unwrap().email, OLD);
}
