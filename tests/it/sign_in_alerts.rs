//! New-device alerts and their "Not you?" link against a real SMTP server, on SQLite and PostgreSQL:
//! an unknown device is reported (which, what, where, when), a known one is not, nor anything once
//! the owner turns alerts off; a TV allowed by code is reported the same way; the link signs every
//! device out and leads straight to a new password, once, for 7 days; a password changed on the
//! account page is reported with the same way out.

use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::device_code::{ask_for_code, decide, phone, poll};
use crate::mail_outbox::mail_to;
use crate::smtp_server::{Delivered, SmtpServer};
use crate::support::{PASSWORD, TestApp, TestStore, spawn_app_on, sqlite_store};
use crate::web_support::{Page, WebClient};

const EMAIL: &str = "ada@example.org";
const ALERT: &str = "New sign-in to your Marquee account";
const CHANGED: &str = "Your Marquee password was changed";
const NEW_PASSWORD: &str = "seven lanterns drift over the quiet harbour";

crate::on_both_test_stores!(
    an_unknown_device_is_reported_and_a_known_one_is_not,
    no_alert_once_the_owner_turns_them_off,
    a_tv_allowed_by_code_is_reported,
    not_you_signs_every_device_out_and_leads_to_a_new_password_once,
    a_not_me_link_used_twice_at_once_works_once,
    a_password_changed_on_the_account_page_is_reported_with_the_way_out,
);

async fn app_with_mail(store: TestStore, smtp: &SmtpServer) -> TestApp {
    let url = smtp.url();
    spawn_app_on(store, move |settings| {
        mail_to(settings, &url);
        settings.trust_forwarded_for = true;
    })
    .await
}

/// Signs in through the API from `address`, as a new device or the one holding `device_token`;
/// the session's token and the device token to keep.
async fn sign_in_from(app: &TestApp, name: &str, address: &str, device_token: Option<&str>) -> (String, String) {
    let mut body = json!({"email": EMAIL, "password": PASSWORD, "device_name": name, "device_kind": "mobile"});
    if let Some(device_token) = device_token {
        body["device_token"] = json!(device_token);
    }
    let response = app.client.post(app.url("/api/v1/sessions")).header("x-forwarded-for", address);
    let response = response.json(&body).send().await.unwrap();
    assert_eq!(response.status(), 201);
    let body: Value = response.json().await.unwrap();
    (body["token"].as_str().unwrap().to_string(), body["device_token"].as_str().unwrap().to_string())
}

/// Every alert delivered, once everything queued so far has been sent (a sign-in queues its alert in
/// its own transaction, so once the outbox is empty every alert it made has been delivered).
async fn alerts_once_all_is_sent(app: &TestApp, smtp: &SmtpServer) -> Vec<Delivered> {
    let deadline = Instant::now() + Duration::from_secs(30);
    while app.store.unsent_mail_count().await.unwrap() > 0 {
        assert!(Instant::now() < deadline, "the outbox empties");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    smtp.delivered().into_iter().filter(|m| m.subject == ALERT).collect()
}

/// The path (from `/not-me/open`) of the "Not you?" link in a message.
fn not_me_path(message: &Delivered, app: &TestApp) -> String {
    let link = message.link(&app.url("/not-me/open?token=mqn_")).expect("the message holds the \"Not you?\" link");
    link.strip_prefix(&app.base).unwrap().to_string()
}

/// Opens a "Not you?" link in `browser` as a mail reader would, and follows the page it leads to.
async fn open_not_me(browser: &WebClient, path: &str) -> Page {
    let opened = browser.get(path).await;
    assert_eq!(opened.status, 200);
    assert_eq!(opened.headers.get("referrer-policy").unwrap(), "no-referrer");
    assert!(opened.body.contains("url=/not-me\""), "moves on to a clean address: {}", opened.body);
    browser.get("/not-me").await
}

async fn an_unknown_device_is_reported_and_a_known_one_is_not(store: TestStore) {
    let smtp = SmtpServer::start().await;
    let app = app_with_mail(store, &smtp).await;
    let account = app.create_account(EMAIL).await;
    let paris = marquee::store::PersonalInfo {
        display_name: "Ada".into(),
        phone: None,
        language: "en".into(),
        time_zone: Some("Europe/Paris".into()),
    };
    let by = marquee::store::Actor::server();
    let change = marquee::store::AccountChange::PersonalInfo(&paris);
    assert!(app.store.change_account(&by, account.id, change).await.unwrap());
    let (_, device_token) = sign_in_from(&app, "Ada's <b>phone</b>", "192.168.1.20", None).await;
    let alert = smtp.nth_to(1, EMAIL, ALERT).await;
    // When, in the account's own time zone, named.
    for said in ["Ada's <b>phone</b>", "phone or tablet", "Home network (192.168.1.20)", "(Europe/Paris)", "7 days"] {
        assert!(alert.text.contains(said), "the alert says {said:?}: {}", alert.text);
    }
    assert!(!alert.html.contains("<b>phone"), "names are escaped: {}", alert.html);
    assert!(alert.text.contains("Not you? Sign out of all devices and change your password"), "{}", alert.text);
    not_me_path(&alert, &app);

    // The same device again: nothing. Another one from the internet: reported, with its address.
    sign_in_from(&app, "Ada's phone", "192.168.1.20", Some(&device_token)).await;
    sign_in_from(&app, "Hotel TV", "203.0.113.9", None).await;
    let alerts = alerts_once_all_is_sent(&app, &smtp).await;
    assert_eq!(
        alerts.len(),
        2,
        "one alert per unknown device: {:?}",
        alerts.iter().map(|m| &m.text).collect::<Vec<_>>()
    );
    assert!(
        alerts[1].text.contains("Hotel TV") && alerts[1].text.contains("IP address 203.0.113.9"),
        "{}",
        alerts[1].text
    );
}

async fn no_alert_once_the_owner_turns_them_off(store: TestStore) {
    let smtp = SmtpServer::start().await;
    let app = app_with_mail(store, &smtp).await;
    app.create_account(EMAIL).await;
    let browser = WebClient::new(&app);
    browser.sign_in(EMAIL, false).await;
    let page = browser.get("/account").await;
    assert!(page.body.contains("id=\"sign-in-alerts-on\" name=\"alerts\" value=\"on\" checked"), "on by default");
    let saved = browser.post("/account/sign-in-alerts", &[("csrf", &page.csrf())]).await;
    assert_eq!(saved.status, 303, "{}", saved.body);
    let page = browser.get("/account").await;
    assert!(!page.body.contains("name=\"alerts\" value=\"on\" checked"), "now off");

    let (token, _) = sign_in_from(&app, "Ada's phone", "192.168.1.20", None).await;
    let account: Value = app.get("/api/v1/account", &token).await.json().await.unwrap();
    assert_eq!(account["sign_in_alerts"], false, "{account}");
    let alerts = alerts_once_all_is_sent(&app, &smtp).await;
    assert_eq!(alerts.len(), 1, "only the browser's sign-in, from before they were turned off");
    assert!(!alerts[0].text.contains("Ada's phone"));
}

async fn a_tv_allowed_by_code_is_reported(store: TestStore) {
    let smtp = SmtpServer::start().await;
    let app = app_with_mail(store, &smtp).await;
    app.create_account(EMAIL).await;
    let code = ask_for_code(&app, "living-room-app").await;
    let phone = phone(&app).await;
    let allowed = decide(&phone, code["user_code"].as_str().unwrap(), "allow").await;
    assert_eq!(allowed.status, 200, "{}", allowed.body);
    poll(&app, "living-room-app", code["device_code"].as_str().unwrap()).await.expect("the TV is in");
    let alerts = smtp.wait_for_matching(2, |m| m.subject == ALERT).await;
    let tv = alerts.iter().find(|m| m.text.contains("Living room TV")).expect("the TV is reported");
    assert!(tv.text.contains("Living room TV (TV)"), "{}", tv.text);
    not_me_path(tv, &app);
}

async fn not_you_signs_every_device_out_and_leads_to_a_new_password_once(store: TestStore) {
    let smtp = SmtpServer::start().await;
    let app = app_with_mail(store, &smtp).await;
    app.create_account(EMAIL).await;
    let (phone, _) = sign_in_from(&app, "Ada's phone", "192.168.1.20", None).await;
    let (intruder, _) = sign_in_from(&app, "Someone's laptop", "203.0.113.9", None).await;
    let alert = smtp.nth_to(2, EMAIL, ALERT).await;
    let path = not_me_path(&alert, &app);

    let browser = WebClient::new(&app);
    let page = open_not_me(&browser, &path).await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains(EMAIL), "{}", page.body);
    assert_eq!(page.body.matches("type=\"submit\"").count(), 1, "one button: {}", page.body);
    assert_eq!(app.get("/api/v1/account", &intruder).await.status(), 200, "opening alone changes nothing");

    let confirmed = browser.post("/not-me", &[("csrf", &page.csrf())]).await;
    assert_eq!(confirmed.status, 303, "{}", confirmed.body);
    assert_eq!(confirmed.location(), Some("/password-reset/new"));
    for token in [&phone, &intruder] {
        assert_eq!(app.get("/api/v1/account", token).await.status(), 401, "every device is signed out");
    }
    let choose = browser.get("/password-reset/new").await;
    assert_eq!(choose.status, 200, "no other sign-in needed: {}", choose.body);
    let done = browser.post("/password-reset/new", &[("password", NEW_PASSWORD), ("csrf", &choose.csrf())]).await;
    assert_eq!(done.location(), Some("/profiles"), "{}", done.body);
    let old = json!({"email": EMAIL, "password": PASSWORD, "device_name": "Laptop", "device_kind": "browser"});
    assert_eq!(app.sign_in_raw(old).await.status(), 401, "the old password is gone");

    let again = open_not_me(&WebClient::new(&app), &path).await;
    assert_eq!(again.status, 410, "the link works once");
    assert!(again.body.contains("This link no longer works"), "{}", again.body);
}

async fn a_not_me_link_used_twice_at_once_works_once(store: TestStore) {
    let smtp = SmtpServer::start().await;
    let app = app_with_mail(store, &smtp).await;
    app.create_account(EMAIL).await;
    let (phone, _) = sign_in_from(&app, "Ada's phone", "192.168.1.20", None).await;
    let path = not_me_path(&smtp.nth_to(1, EMAIL, ALERT).await, &app);
    let browsers: Vec<WebClient> = (0..4).map(|_| WebClient::new(&app)).collect();
    let mut forms = Vec::new();
    for browser in &browsers {
        forms.push(open_not_me(browser, &path).await.csrf());
    }
    let uses = browsers
        .iter()
        .zip(&forms)
        .map(|(browser, csrf)| async move { browser.post("/not-me", &[("csrf", csrf.as_str())]).await });
    let statuses: Vec<u16> = futures_util::future::join_all(uses).await.iter().map(|page| page.status).collect();
    assert_eq!(statuses.iter().filter(|s| **s == 303).count(), 1, "{statuses:?}");
    assert_eq!(statuses.iter().filter(|s| **s == 410).count(), 3, "{statuses:?}");
    assert_eq!(app.get("/api/v1/account", &phone).await.status(), 401);
}

async fn a_password_changed_on_the_account_page_is_reported_with_the_way_out(store: TestStore) {
    let smtp = SmtpServer::start().await;
    let app = app_with_mail(store, &smtp).await;
    app.create_account(EMAIL).await;
    let browser = WebClient::new(&app);
    browser.sign_in(EMAIL, false).await;
    let page = browser.get("/account").await;
    let fields = [("current", PASSWORD), ("new", NEW_PASSWORD), ("sign_out_others", "on"), ("csrf", &page.csrf())];
    let changed = browser.post("/account/password", &fields).await;
    assert_eq!(changed.status, 303, "{}", changed.body);
    let told = smtp.nth_to(1, EMAIL, CHANGED).await;
    assert!(told.text.contains("was just changed from a signed-in device"), "{}", told.text);
    let path = not_me_path(&told, &app);
    // The way out works even for this browser, which made the change.
    let page = open_not_me(&WebClient::new(&app), &path).await;
    assert_eq!(page.status, 200, "{}", page.body);
    let confirmed = WebClient::new(&app);
    let page = open_not_me(&confirmed, &path).await;
    assert_eq!(confirmed.post("/not-me", &[("csrf", &page.csrf())]).await.location(), Some("/password-reset/new"));
    assert_eq!(browser.get("/account").await.status, 303, "the browser that changed it is signed out too");
}

#[tokio::test]
async fn a_not_me_link_works_for_seven_days() {
    let smtp = SmtpServer::start().await;
    let clock = marquee::clock::Clock::default();
    let moved = clock.clone();
    let url = smtp.url();
    let app = spawn_app_on(sqlite_store().await, move |settings| {
        mail_to(settings, &url);
        settings.clock = moved;
    })
    .await;
    app.create_account(EMAIL).await;
    app.sign_in(EMAIL, "Phone", "mobile").await;
    app.sign_in(EMAIL, "Tablet", "mobile").await;
    let first = not_me_path(&smtp.nth_to(1, EMAIL, ALERT).await, &app);
    let second = not_me_path(&smtp.nth_to(2, EMAIL, ALERT).await, &app);
    clock.advance(time::Duration::days(6) + time::Duration::hours(23));
    assert_eq!(open_not_me(&WebClient::new(&app), &first).await.status, 200, "still works on the seventh day");
    clock.advance(time::Duration::hours(2));
    let expired = open_not_me(&WebClient::new(&app), &second).await;
    assert_eq!(expired.status, 410, "expired after 7 days");
    assert!(expired.body.contains("The link has expired"), "{}", expired.body);
    let garbage = open_not_me(&WebClient::new(&app), "/not-me/open?token=mqn_nothing").await;
    assert_eq!(garbage.status, 410, "an unknown link is refused the same way");
}

#[tokio::test]
async fn without_a_mail_server_the_account_page_says_alerts_are_not_available() {
    let app = crate::support::spawn_app().await;
    app.create_account(EMAIL).await;
    let browser = WebClient::new(&app);
    browser.sign_in(EMAIL, false).await;
    let page = browser.get("/account").await;
    assert!(page.body.contains("id=\"sign-in-alerts-unavailable\""), "{}", page.body);
    assert!(page.body.contains("no mail server set up"), "{}", page.body);
    assert!(!page.body.contains("name=\"alerts\""), "nothing to turn on");
    let refused = browser.post("/account/sign-in-alerts", &[("alerts", "on"), ("csrf", &page.csrf())]).await;
    assert_eq!(refused.status, 503, "{}", refused.body);
    let french = WebClient::asking_for(&app, "fr").get("/not-me").await;
    assert_eq!(french.status, 410);
    assert!(french.body.contains("Ce lien ne fonctionne plus"), "{}", french.body);
}
