//! The account page: details, preferences, email, password, devices, sign out everywhere, delete.

use std::time::Duration;

use crate::support::{PASSWORD, TestApp, spawn_app, spawn_app_with};
use crate::web_support::{Page, WebClient};

const NEW_PASSWORD: &str = "a brand new passphrase for ada";

#[tokio::test]
async fn personal_information_and_preferences_save_with_a_confirmation() {
    let app = spawn_app().await;
    app.create_account("ada@example.org").await;
    let browser = WebClient::new(&app);
    browser.sign_in_and_choose("ada@example.org").await;
    let account = browser.get("/account").await;
    assert!(account.body.contains("ada@example.org") && account.body.contains("Member since"));

    let saved = browser
        .submit(
            "/account",
            "/account/personal",
            &[("name", "Ada Lovelace"), ("phone", "+44 20 7946 0958"), ("language", "fr")],
        )
        .await;
    assert_eq!(saved.location(), Some("/account?saved=personal#personal"));
    let page = browser.get("/account?saved=personal").await;
    // Saved in French, the page says so in French.
    assert!(page.body.contains("Informations personnelles enregistrées."));
    assert!(page.body.contains("value=\"Ada Lovelace\"") && page.body.contains("+44 20 7946 0958"));
    assert!(page.body.contains("<html lang=\"fr\">"));

    let bad = browser
        .submit("/account", "/account/personal", &[("name", ""), ("phone", "call me"), ("language", "en")])
        .await;
    assert_eq!(bad.status, 400);
    // The account still reads French (nothing was saved), and so does the refusal.
    assert!(bad.body.contains("Saisissez votre nom."), "{}", bad.body);
    assert!(bad.body.contains("value=\"call me\""), "what was typed stays in the form to be fixed");
    assert!(browser.get("/account").await.body.contains("value=\"Ada Lovelace\""), "and nothing was saved");
    let bad_language = browser
        .submit("/account", "/account/personal", &[("name", "Ada"), ("phone", ""), ("language", "<script>")])
        .await;
    assert!(bad_language.body.contains("Choisissez l’une des langues de la liste."));

    let preferences = browser.submit("/account", "/account/preferences", &[("autoplay_next", "on")]).await;
    assert_eq!(preferences.location(), Some("/account?saved=preferences#preferences"));
    let page = browser.get("/account?saved=preferences").await;
    assert!(page.body.contains("Préférences enregistrées."), "still in French");
    assert!(page.body.contains("name=\"autoplay_next\" value=\"on\" checked"));
    assert!(!page.body.contains("name=\"autoplay_previews\" value=\"on\" checked"));
}

#[tokio::test]
async fn changing_the_email_needs_the_current_password() {
    let app = spawn_app().await;
    app.create_account("ada@example.org").await;
    app.create_account("bob@example.org").await;
    let browser = WebClient::new(&app);
    browser.sign_in_and_choose("ada@example.org").await;
    let wrong = browser
        .submit("/account", "/account/email", &[("email", "ada@new.example"), ("password", "nope nope nope")])
        .await;
    assert_eq!(wrong.status, 401);
    let taken =
        browser.submit("/account", "/account/email", &[("email", "bob@example.org"), ("password", PASSWORD)]).await;
    assert_eq!(taken.status, 409);
    assert!(taken.body.contains("already uses that email"));
    assert!(taken.body.contains("value=\"bob@example.org\""), "the typed email stays in the form");
    assert!(taken.body.contains("<details class=\"disclosure\" open>"), "the refused form is open");
    let changed =
        browser.submit("/account", "/account/email", &[("email", "Ada@New.Example"), ("password", PASSWORD)]).await;
    assert_eq!(changed.location(), Some("/account?saved=email#email"));
    assert!(browser.get("/account").await.body.contains("ada@new.example"));
    app.sign_in("ada@new.example", "Phone", "mobile").await;
}

#[tokio::test]
async fn changing_the_password_signs_out_other_devices_by_default() {
    let app = spawn_app().await;
    app.create_account("ada@example.org").await;
    let tv = app.sign_in("ada@example.org", "TV", "tv").await;
    let browser = WebClient::new(&app);
    browser.sign_in_and_choose("ada@example.org").await;
    let account = browser.get("/account").await;
    assert!(account.body.contains("name=\"sign_out_others\" value=\"on\" checked"), "ticked by default");

    let weak = browser
        .submit(
            "/account",
            "/account/password",
            &[("current", PASSWORD), ("new", "password"), ("sign_out_others", "on")],
        )
        .await;
    assert_eq!(weak.status, 400);
    assert!(weak.body.contains("at least 15 characters"));
    let changed = browser
        .submit(
            "/account",
            "/account/password",
            &[("current", PASSWORD), ("new", NEW_PASSWORD), ("sign_out_others", "on")],
        )
        .await;
    assert_eq!(changed.location(), Some("/account?saved=password-others#password"));
    assert_eq!(app.get("/api/v1/account", &tv).await.status(), 401, "the TV was signed out");
    assert_eq!(browser.get("/account").await.status, 200, "this browser stays signed in");
}

#[tokio::test]
async fn the_device_list_shows_every_device_and_signs_one_out() {
    let app = spawn_app().await;
    app.create_account("ada@example.org").await;
    let tv = app.sign_in("ada@example.org", "Living room TV", "tv").await;
    let browser = WebClient::new(&app);
    browser.sign_in_and_choose("ada@example.org").await;
    let page = browser.get("/account").await;
    assert!(page.body.contains("Manage access and devices"));
    assert!(page.body.contains("Living room TV") && page.body.contains("device__icon--tv"));
    assert!(page.body.contains("Up to 100 can be signed in at once"), "the device limit is explained");
    assert!(page.body.contains("Chrome on Linux") && page.body.contains("This device"));
    assert!(page.body.contains("Profile: ada"), "the profile last used on this device");
    assert!(page.body.contains("This computer (127.0.0.1)") && page.body.contains("Active now"));
    assert_eq!(page.body.matches("This computer").count(), 1, "only the device asking is this computer");
    assert!(page.body.contains("Same network as this device (127.0.0.1)"), "the TV shares its address");

    let sessions: Vec<serde_json::Value> = app.get("/api/v1/sessions", &tv).await.json().await.unwrap();
    let tv_id =
        sessions.iter().find(|s| s["device_name"] == "Living room TV").unwrap()["id"].as_str().unwrap().to_string();
    let answer = browser.submit("/account", &format!("/account/devices/{tv_id}/sign-out"), &[]).await;
    assert_eq!(answer.location(), Some("/account?saved=device#devices"));
    assert_eq!(app.get("/api/v1/account", &tv).await.status(), 401);
    let page = browser.get("/account?saved=device").await;
    assert!(page.body.contains("That device was signed out.") && !page.body.contains("Living room TV"));
}

#[tokio::test]
async fn the_device_list_says_where_each_device_is_from_this_ones_point_of_view() {
    let app = spawn_app_with(|settings| settings.trust_forwarded_for = true).await;
    app.create_account("ada@example.org").await;
    let from = |address: &'static str| {
        let body = serde_json::json!({
            "email": "ada@example.org", "password": PASSWORD, "device_name": address, "device_kind": "other",
        });
        app.client.post(app.url("/api/v1/sessions")).header("x-forwarded-for", address).json(&body).send()
    };
    for address in ["192.168.1.50", "192.168.1.51", "203.0.113.9"] {
        assert_eq!(from(address).await.unwrap().status(), 201);
    }
    // A device on the server's own computer, without a proxy in between.
    app.sign_in("ada@example.org", "Server", "other").await;
    // This browser reaches Marquee through the proxy from 192.168.1.50, like the first device.
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert("x-forwarded-for", "192.168.1.50".parse().unwrap());
    let mut browser = WebClient::new(&app);
    browser.http = reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .user_agent("Mozilla/5.0 (X11; Linux x86_64) Chrome/156.0 Safari/537.36")
        .default_headers(headers)
        .build()
        .unwrap();
    browser.sign_in_and_choose("ada@example.org").await;
    let page = browser.get("/account").await;
    let place = |device: &str| {
        let row = page.body.split("<li class=\"device").find(|row| row.contains(device)).expect(device);
        let meta = row.split("<p class=\"device__meta\">").nth(1).expect("the device's details");
        let parts = meta.split(" · ").filter(|part| !part.contains("Profile:") && !part.contains("data-device-what"));
        parts.into_iter().next().unwrap_or_default().trim().to_string()
    };
    assert_eq!(place("Chrome on Linux"), "Home network (192.168.1.50)");
    assert_eq!(place(">192.168.1.50<"), "Same network as this device (192.168.1.50)");
    assert_eq!(place(">192.168.1.51<"), "Home network (192.168.1.51)");
    assert_eq!(place(">203.0.113.9<"), "IP address 203.0.113.9");
    assert_eq!(place(">Server<"), "Same computer as the server (127.0.0.1)");
    assert!(!page.body.contains("This computer"), "no other device is this computer: {}", page.body);
    assert!(page.body.contains("<span data-device-what>Computer</span>"), "each row says what its device is");
}

#[tokio::test]
async fn sign_out_of_all_devices_asks_for_confirmation_and_ends_every_session() {
    let app = spawn_app().await;
    app.create_account("ada@example.org").await;
    let tv = app.sign_in("ada@example.org", "TV", "tv").await;
    let other = WebClient::new(&app);
    other.sign_in_and_choose("ada@example.org").await;
    let browser = WebClient::new(&app);
    browser.sign_in_and_choose("ada@example.org").await;

    let account = browser.get("/account").await;
    assert!(account.body.contains("<dialog id=\"sign-out-all-dialog\""), "a real dialog");
    let confirm = browser.get("/account/sign-out-all").await;
    assert!(confirm.body.contains("Sign out of all devices?") && confirm.body.contains("Cancel"));
    assert!(!confirm.body.contains("name=\"password\""), "a fresh sign-in needs no password");
    let answer = browser.post("/account/sign-out-all", &[("csrf", &confirm.csrf())]).await;
    assert_eq!(answer.location(), Some("/signed-out"));
    assert!(answer.headers.contains_key("clear-site-data"));

    assert_eq!(app.get("/api/v1/account", &tv).await.status(), 401);
    assert_eq!(other.get("/account").await.location(), Some("/signin"), "the other browser is refused");
    assert_eq!(browser.get("/account").await.location(), Some("/signin"));
}

#[tokio::test]
async fn an_old_session_must_enter_the_password_to_sign_out_everywhere() {
    let app = spawn_app_with(|settings| settings.sessions.reauthenticate_after = Duration::ZERO).await;
    let (tv, browser, confirm) = tv_and_a_browser_past_its_password_proof(&app).await;
    assert!(confirm.body.contains("enter your password"));
    let without = browser.post("/account/sign-out-all", &[("csrf", &confirm.csrf())]).await;
    assert_eq!(without.status, 401);
    let wrong =
        browser.post("/account/sign-out-all", &[("csrf", &confirm.csrf()), ("password", "wrong wrong wrong")]).await;
    assert_eq!(wrong.status, 401);
    assert!(wrong.body.contains("not your account password"));
    assert_eq!(app.get("/api/v1/account", &tv).await.status(), 200, "nothing signed out yet");
    let right = browser.post("/account/sign-out-all", &[("csrf", &confirm.csrf()), ("password", PASSWORD)]).await;
    assert_eq!(right.location(), Some("/signed-out"));
    assert_eq!(app.get("/api/v1/account", &tv).await.status(), 401);
}

/// Ada signed in on a TV and in a browser whose password proof is a second old (the app sets
/// `reauthenticate_after` to zero, so that is too old): the token, the browser and its
/// "Sign out of all devices?" page.
async fn tv_and_a_browser_past_its_password_proof(app: &TestApp) -> (String, WebClient, Page) {
    app.create_account("ada@example.org").await;
    let tv = app.sign_in("ada@example.org", "TV", "tv").await;
    let browser = WebClient::new(app);
    browser.sign_in_and_choose("ada@example.org").await;
    tokio::time::sleep(Duration::from_millis(1100)).await;
    let confirm = browser.get("/account/sign-out-all").await;
    (tv, browser, confirm)
}

#[tokio::test]
async fn re_entering_the_password_is_throttled_per_address_too() {
    let app = spawn_app_with(|settings| {
        settings.sessions.reauthenticate_after = Duration::ZERO;
        settings.throttle.per_account = 100;
        settings.throttle.per_address = 3;
    })
    .await;
    let (tv, browser, confirm) = tv_and_a_browser_past_its_password_proof(&app).await;
    for _ in 0..3 {
        let wrong = browser
            .post("/account/sign-out-all", &[("csrf", &confirm.csrf()), ("password", "wrong wrong wrong")])
            .await;
        assert!(wrong.body.contains("not your account password"));
    }
    let right = browser.post("/account/sign-out-all", &[("csrf", &confirm.csrf()), ("password", PASSWORD)]).await;
    assert!(right.body.contains("Too many failed attempts. Try again in "), "the address has used its tries");
    assert_eq!(app.get("/api/v1/account", &tv).await.status(), 200, "nothing signed out");
}

#[tokio::test]
async fn deleting_the_account_needs_password_and_confirmation_and_ends_every_session() {
    let app = spawn_app().await;
    app.create_account("ada@example.org").await;
    let tv = app.sign_in("ada@example.org", "TV", "tv").await;
    let browser = WebClient::new(&app);
    browser.sign_in_and_choose("ada@example.org").await;
    let unticked = browser.submit("/account/delete", "/account/delete", &[("password", PASSWORD)]).await;
    assert_eq!(unticked.status, 400);
    assert!(unticked.body.contains("Tick the box"));
    let wrong =
        browser.submit("/account/delete", "/account/delete", &[("password", "nope nope"), ("understood", "yes")]).await;
    assert_eq!(wrong.status, 400);
    assert_eq!(app.get("/api/v1/account", &tv).await.status(), 200);
    let deleted =
        browser.submit("/account/delete", "/account/delete", &[("password", PASSWORD), ("understood", "yes")]).await;
    assert_eq!(deleted.location(), Some("/signed-out"));
    assert_eq!(app.get("/api/v1/account", &tv).await.status(), 401);
    let again = app
        .sign_in_raw(serde_json::json!({"email": "ada@example.org", "password": PASSWORD, "device_name": "TV", "device_kind": "tv"}))
        .await;
    assert_eq!(again.status(), 401, "the account is gone");
}

#[tokio::test]
async fn help_explains_signing_out() {
    let app = spawn_app().await;
    let page = WebClient::new(&app).get("/help").await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Sign out of all devices") && page.body.contains("Sign out of this device"));
}
