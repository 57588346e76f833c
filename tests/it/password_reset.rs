//! "Forgot password?" against a real SMTP server: the link in the message sets a new password once,
//! signs every device out, and is refused when spent, expired, or outdated; asking says the same
//! (by the same work) whether or not an account has the email, and is throttled.

use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::mail_outbox::mail_to;
use crate::smtp_server::{Delivered, SmtpServer};
use crate::support::{PASSWORD, TestApp, TestStore, error_code, spawn_app_on, sqlite_store};
use crate::web_support::WebClient;

const NEW_PASSWORD: &str = "seven lanterns drift over the quiet harbour";

pub async fn app_with_mail(store: TestStore, smtp: &SmtpServer) -> TestApp {
    let url = smtp.url();
    spawn_app_on(store, move |settings| mail_to(settings, &url)).await
}

pub async fn ask_for_reset(app: &TestApp, email: &str) -> reqwest::Response {
    app.client.post(app.url("/api/v1/password-reset")).json(&json!({ "email": email })).send().await.unwrap()
}

pub async fn complete(app: &TestApp, token: &str, password: &str) -> reqwest::Response {
    app.client
        .post(app.url("/api/v1/password-reset/complete"))
        .json(&json!({ "token": token, "password": password }))
        .send()
        .await
        .unwrap()
}

/// The secret in a reset message's link.
pub fn secret_in(message: &Delivered, app: &TestApp) -> String {
    let link = message.link(&app.url("/password-reset/open?token=")).expect("the message holds the link");
    link.split_once("token=").unwrap().1.to_string()
}

/// Asks for a link for `email` and returns its secret, read from the delivered message.
pub async fn reset_secret(app: &TestApp, smtp: &SmtpServer, email: &str) -> String {
    let is_reset = |m: &Delivered| m.to == email && m.subject == "Reset your Marquee password";
    let before = smtp.delivered().iter().filter(|m| is_reset(m)).count();
    assert_eq!(ask_for_reset(app, email).await.status(), 202);
    let resets = smtp.wait_for_matching(before + 1, is_reset).await;
    secret_in(&resets[before], app)
}

async fn sign_in_status(app: &TestApp, email: &str, password: &str) -> u16 {
    let body = json!({"email": email, "password": password, "device_name": "Phone", "device_kind": "mobile"});
    app.sign_in_raw(body).await.status().as_u16()
}

crate::on_both_test_stores!(
    a_link_sets_a_new_password_once_and_signs_every_device_out,
    a_link_used_twice_at_once_works_once,
    a_reset_racing_sign_ins_leaves_no_session_made_with_the_old_password,
);

async fn a_link_sets_a_new_password_once_and_signs_every_device_out(store: TestStore) {
    let smtp = SmtpServer::start().await;
    let app = app_with_mail(store, &smtp).await;
    app.create_account("ada@example.org").await;
    let phone = app.sign_in("ada@example.org", "Phone", "mobile").await;
    let secret = reset_secret(&app, &smtp, "ada@example.org").await;
    assert!(secret.starts_with("mqr_"), "{secret}");
    assert_eq!(app.get("/api/v1/account", &phone).await.status(), 200, "asking signs nobody out");

    let weak = complete(&app, &secret, "password").await;
    assert_eq!(error_code(weak, 400).await, "weak_password");
    assert_eq!(complete(&app, &secret, NEW_PASSWORD).await.status(), 204);
    assert_eq!(app.get("/api/v1/account", &phone).await.status(), 401, "every device is signed out");
    assert_eq!(sign_in_status(&app, "ada@example.org", PASSWORD).await, 401);
    assert_eq!(sign_in_status(&app, "ada@example.org", NEW_PASSWORD).await, 201);
    assert_eq!(error_code(complete(&app, &secret, NEW_PASSWORD).await, 400).await, "invalid_reset_token");

    let changed = smtp.nth_to(1, "ada@example.org", "Your Marquee password was changed").await;
    assert!(
        changed.text.contains(&app.url("/not-me/open?token=mqn_")),
        "a way out if it was not you: {}",
        changed.text
    );
    assert!(!changed.text.contains(&secret));
}

async fn a_link_used_twice_at_once_works_once(store: TestStore) {
    let smtp = SmtpServer::start().await;
    let app = app_with_mail(store, &smtp).await;
    app.create_account("ada@example.org").await;
    let secret = reset_secret(&app, &smtp, "ada@example.org").await;
    let uses = (0..6).map(|n| {
        let (app, secret) = (&app, &secret);
        async move { complete(app, secret, &format!("{NEW_PASSWORD} {n}")).await.status().as_u16() }
    });
    let statuses = futures_util::future::join_all(uses).await;
    assert_eq!(statuses.iter().filter(|s| **s == 204).count(), 1, "{statuses:?}");
    assert_eq!(statuses.iter().filter(|s| **s == 400).count(), 5, "{statuses:?}");
    // Exactly one of the passwords works now.
    let mut working = 0;
    for n in 0..6 {
        if sign_in_status(&app, "ada@example.org", &format!("{NEW_PASSWORD} {n}")).await == 201 {
            working += 1;
        }
    }
    assert_eq!(working, 1);
}

async fn a_reset_racing_sign_ins_leaves_no_session_made_with_the_old_password(store: TestStore) {
    let smtp = SmtpServer::start().await;
    let app = app_with_mail(store, &smtp).await;
    let account = app.create_account("ada@example.org").await;
    let secret = reset_secret(&app, &smtp, "ada@example.org").await;
    let sign_ins = (0..8).map(|n| {
        let app = &app;
        async move {
            let body = json!({"email": "ada@example.org", "password": PASSWORD, "device_name": format!("TV {n}"),
                "device_kind": "tv"});
            let response = app.sign_in_raw(body).await;
            let status = response.status().as_u16();
            let token = if status == 201 {
                response.json::<Value>().await.unwrap()["token"].as_str().map(str::to_string)
            } else {
                None
            };
            (status, token)
        }
    });
    let reset = complete(&app, &secret, NEW_PASSWORD);
    let (signed_in, reset) = tokio::join!(futures_util::future::join_all(sign_ins), reset);
    assert_eq!(reset.status(), 204);
    for (status, token) in signed_in {
        assert!(status == 201 || status == 401, "{status}");
        if let Some(token) = token {
            assert_eq!(app.get("/api/v1/account", &token).await.status(), 401, "an old-password session survived");
        }
    }
    let live = app.store.active_sessions(account.id, marquee::clock::now()).await.unwrap();
    assert!(live.is_empty(), "no session made with the old password is live: {live:?}");
}

#[tokio::test]
async fn spent_expired_and_outdated_links_are_refused_with_a_clear_page() {
    let smtp = SmtpServer::start().await;
    let clock = marquee::clock::Clock::default();
    let moved = clock.clone();
    let url = smtp.url();
    let app = spawn_app_on(sqlite_store().await, move |settings| {
        mail_to(settings, &url);
        settings.clock = moved;
    })
    .await;
    let account = app.create_account("ada@example.org").await;
    let browser = WebClient::new(&app);
    let open = |secret: String| {
        let browser = &browser;
        async move {
            let opened = browser.get(&format!("/password-reset/open?token={secret}")).await;
            assert_eq!(opened.status, 200);
            assert_eq!(opened.headers.get("referrer-policy").unwrap(), "no-referrer");
            assert!(opened.body.contains("url=/password-reset/new"), "{}", opened.body);
            browser.get("/password-reset/new").await
        }
    };

    // Expired: 31 minutes later.
    let secret = reset_secret(&app, &smtp, "ada@example.org").await;
    clock.advance(time::Duration::minutes(31));
    let page = open(secret.clone()).await;
    assert_eq!(page.status, 410);
    assert!(page.body.contains("This link no longer works"), "{}", page.body);
    assert_eq!(error_code(complete(&app, &secret, NEW_PASSWORD).await, 400).await, "invalid_reset_token");

    // Outdated: the password was changed another way since.
    let secret = reset_secret(&app, &smtp, "ada@example.org").await;
    assert_eq!(open(secret.clone()).await.status, 200, "the link works at first");
    app.store
        .set_password(
            &marquee::store::Actor::server(),
            account.id,
            "$argon2id$other",
            marquee::store::SignOut::Nobody,
            clock.now(),
        )
        .await
        .unwrap();
    let page = browser.get("/password-reset/new").await;
    assert_eq!(page.status, 410);
    assert_eq!(error_code(complete(&app, &secret, NEW_PASSWORD).await, 400).await, "invalid_reset_token");

    // Spent: used once through the page, which signs this browser in.
    let secret = reset_secret(&app, &smtp, "ada@example.org").await;
    let page = open(secret.clone()).await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("ada@example.org"), "{}", page.body);
    let weak = browser.post("/password-reset/new", &[("password", "short"), ("csrf", &page.csrf())]).await;
    assert_eq!(weak.status, 400, "{}", weak.body);
    let done = browser.post("/password-reset/new", &[("password", NEW_PASSWORD), ("csrf", &page.csrf())]).await;
    assert_eq!(done.status, 303, "{}", done.body);
    assert_eq!(done.location(), Some("/profiles"));
    assert_eq!(browser.get("/profiles").await.status, 200, "this browser is signed in");
    let again = open(secret).await;
    assert_eq!(again.status, 410, "a spent link is refused");
}

#[tokio::test]
async fn asking_answers_the_same_by_the_same_work_whether_or_not_the_account_exists() {
    let smtp = SmtpServer::start().await;
    let app = app_with_mail(sqlite_store().await, &smtp).await;
    const SAMPLES: usize = 12;
    for n in 0..SAMPLES {
        app.create_account(&format!("viewer{n}@example.org")).await;
    }
    let mut known = Vec::new();
    let mut unknown = Vec::new();
    for n in 0..SAMPLES {
        for (email, times) in
            [(format!("viewer{n}@example.org"), &mut known), (format!("nobody{n}@example.org"), &mut unknown)]
        {
            let started = Instant::now();
            let response = ask_for_reset(&app, &email).await;
            times.push(started.elapsed());
            assert_eq!(response.status(), 202, "{email}");
            assert_eq!(response.text().await.unwrap(), "", "{email}: the same (empty) answer");
        }
    }
    // Only the accounts got mail, and only once each.
    smtp.wait_for(SAMPLES, Duration::from_secs(30)).await;
    let deadline = Instant::now() + Duration::from_secs(30);
    while app.store.unsent_mail_count().await.unwrap() > 0 {
        assert!(Instant::now() < deadline);
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let delivered = smtp.delivered();
    assert_eq!(delivered.len(), SAMPLES);
    assert!(delivered.iter().all(|m| m.to.starts_with("viewer")));
    // The same throttle counts were written either way.
    for n in 0..SAMPLES {
        for email in [format!("viewer{n}@example.org"), format!("nobody{n}@example.org")] {
            let counted = app.store.sign_in_failures(&format!("reset:{email}")).await.unwrap();
            assert_eq!(counted.map(|window| window.failures), Some(1), "{email}");
        }
    }
    // The same work takes about the same time: medians within a generous bound (a busy machine
    // slows both alike), never a difference like a password hash or a mail conversation.
    let median = |times: &mut Vec<Duration>| {
        times.sort();
        times[times.len() / 2]
    };
    let (known, unknown) = (median(&mut known), median(&mut unknown));
    let slack = Duration::from_millis(100).max(known.max(unknown));
    assert!(known.abs_diff(unknown) <= slack, "known {known:?}, unknown {unknown:?}");
}

#[tokio::test]
async fn asking_is_throttled_per_email_and_per_address() {
    let smtp = SmtpServer::start().await;
    let url = smtp.url();
    let app = spawn_app_on(sqlite_store().await, move |settings| {
        mail_to(settings, &url);
        settings.throttle.per_address = 10;
    })
    .await;
    app.create_account("ada@example.org").await;
    for email in ["ada@example.org", "nobody@example.org"] {
        for _ in 0..5 {
            assert_eq!(ask_for_reset(&app, email).await.status(), 202);
        }
        let refused = ask_for_reset(&app, email).await;
        assert!(refused.headers().contains_key("retry-after"));
        assert_eq!(error_code(refused, 429).await, "too_many_requests", "the same for {email}");
    }
    // The address has asked ten times that counted (a refused request counts for nothing): another
    // email is refused too.
    assert_eq!(ask_for_reset(&app, "grace@example.org").await.status(), 429);
}

#[tokio::test]
async fn without_a_mail_server_the_page_says_whom_to_ask_and_the_api_says_why() {
    let app = crate::support::spawn_app().await;
    app.create_account("ada@example.org").await;
    let browser = WebClient::new(&app);
    let signin = browser.get("/signin").await;
    assert!(signin.body.contains("href=\"/password-reset\""), "{}", signin.body);
    let page = browser.get("/password-reset").await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("does not send email"), "{}", page.body);
    assert!(page.body.contains("marquee account set-password"), "{}", page.body);
    let answer = ask_for_reset(&app, "ada@example.org").await;
    assert_eq!(error_code(answer, 503).await, "mail_not_configured");
    let french = WebClient::asking_for(&app, "fr").get("/password-reset").await;
    assert!(french.body.contains("n’envoie pas d’e-mails"), "{}", french.body);
}

#[tokio::test]
async fn the_pages_speak_french() {
    let smtp = SmtpServer::start().await;
    let app = app_with_mail(sqlite_store().await, &smtp).await;
    app.create_account("ada@example.org").await;
    let browser = WebClient::asking_for(&app, "fr-FR,fr;q=0.9");
    let signin = browser.get("/signin").await;
    assert!(signin.body.contains("Mot de passe oublié ?"), "{}", signin.body);
    let asked = browser.submit("/password-reset", "/password-reset", &[("email", "ada@example.org")]).await;
    assert_eq!(asked.status, 200, "{}", asked.body);
    assert!(asked.body.contains("Si un compte utilise ada@example.org"), "{}", asked.body);
    let dead = browser.get("/password-reset/new").await;
    assert_eq!(dead.status, 410);
    assert!(dead.body.contains("Ce lien ne fonctionne plus"), "{}", dead.body);
}
