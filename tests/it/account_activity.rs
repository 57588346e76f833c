//! `GET /api/v1/account/activity` and `/account/activity`, on SQLite and on PostgreSQL: what a person
//! does shows up with its device and address, wrong passwords are counted by address, filters and
//! cursors work and refuse what they do not know, and no other account (nor a kids profile) sees it.

use marquee::domain::device::DeviceKind;
use marquee::store::NewSession;
use serde_json::{Value, json};

use crate::support::{TestApp, TestStore, error_code, postgres_store, spawn_app_on, sqlite_store};
use crate::web_support::WebClient;

const ADA: &str = "ada@example.org";
const BOB: &str = "bob@example.org";

async fn activity(app: &TestApp, token: &str, query: &str) -> Value {
    let response = app.get(&format!("/api/v1/account/activity{query}"), token).await;
    assert_eq!(response.status(), 200, "{query}");
    response.json().await.unwrap()
}

fn kinds(listed: &Value) -> Vec<String> {
    listed["entries"].as_array().unwrap().iter().map(|entry| entry["kind"].as_str().unwrap().to_string()).collect()
}

fn session_id(sessions: &Value, name: &str) -> String {
    let found = sessions.as_array().unwrap().iter().find(|session| session["device_name"] == name);
    found.expect("the device is listed")["id"].as_str().unwrap().to_string()
}

async fn sign_ins_sign_outs_and_wrong_passwords(store: TestStore) {
    let app = spawn_app_on(store, |_| {}).await;
    app.create_account(ADA).await;
    app.create_account(BOB).await;
    let phone = app.sign_in(ADA, "Parent's phone", "mobile").await;
    let tv = app.sign_in(ADA, "Living room TV", "tv").await;
    let bob = app.sign_in(BOB, "Bob's laptop", "browser").await;
    for _ in 0..3 {
        let wrong =
            json!({"email": ADA, "password": "not the password at all", "device_name": "X", "device_kind": "tv"});
        assert_eq!(app.sign_in_raw(wrong).await.status(), 401);
    }
    let sessions: Value = app.get("/api/v1/sessions", &phone).await.json().await.unwrap();
    let (phone_id, tv_id) = (session_id(&sessions, "Parent's phone"), session_id(&sessions, "Living room TV"));
    assert_eq!(app.delete(&format!("/api/v1/sessions/{tv_id}"), &phone).await.status(), 204);

    let listed = activity(&app, &phone, "").await;
    assert_eq!(kinds(&listed), ["signed_out", "sign_in_failed", "signed_in", "signed_in"], "{listed}");
    assert_eq!(listed["next_cursor"], Value::Null, "one page holds it all");
    let [signed_out, failed, tv_in, phone_in] = &listed["entries"].as_array().unwrap()[..] else { unreachable!() };
    assert_eq!(signed_out["device"], json!({"name": "Living room TV", "kind": "tv"}));
    assert_eq!(signed_out["by_device"], "Parent's phone");
    assert_eq!(signed_out["session_id"], tv_id.as_str());
    assert_eq!(signed_out["signed_in"], false);
    assert_eq!(signed_out["address"], "127.0.0.1");
    assert_eq!(signed_out["same_network"], true, "asked from this very address");
    assert_eq!(failed["count"], 3, "one entry for three guesses from one address");
    assert_eq!(failed["address"], "127.0.0.1");
    assert_eq!(failed["device"], Value::Null);
    assert_eq!(tv_in["device"], json!({"name": "Living room TV", "kind": "tv"}));
    assert_eq!(tv_in["signed_in"], false);
    assert_eq!(phone_in["session_id"], phone_id.as_str());
    assert_eq!(phone_in["signed_in"], true);
    assert_eq!(phone_in["by_device"], Value::Null);
    for entry in listed["entries"].as_array().unwrap() {
        for field in ["id", "at", "kind", "title", "profile", "count", "same_network", "signed_in"] {
            assert!(entry.get(field).is_some(), "{field} is always there: {entry}");
        }
    }

    // Filters.
    assert_eq!(kinds(&activity(&app, &phone, "?filter=sign-ins").await), ["sign_in_failed", "signed_in", "signed_in"]);
    assert!(kinds(&activity(&app, &phone, "?filter=watching").await).is_empty());
    let unknown = app.get("/api/v1/account/activity?filter=everything", &phone).await;
    assert_eq!(error_code(unknown, 400).await, "invalid_filter");
    for cursor in ["nonsense", "MTIzNDU", "%FF%FE"] {
        let bad = app.get(&format!("/api/v1/account/activity?cursor={cursor}"), &phone).await;
        assert_eq!(error_code(bad, 400).await, "invalid_cursor", "{cursor}");
    }

    // Bob sees his own sign-in and nothing of Ada's, by id or by name.
    let response = app.get("/api/v1/account/activity", &bob).await;
    let text = response.text().await.unwrap();
    let bobs: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(kinds(&bobs), ["signed_in"]);
    for entry in listed["entries"].as_array().unwrap() {
        assert!(!text.contains(entry["id"].as_str().unwrap()), "another account's entry id leaked: {text}");
    }
    assert!(!text.contains("Parent's phone") && !text.contains(&tv_id));
    assert_eq!(app.get("/api/v1/account/activity", &tv).await.status(), 401, "a signed-out device sees nothing");
}

#[tokio::test]
async fn sign_ins_sign_outs_and_wrong_passwords_are_listed_for_their_account_only() {
    sign_ins_sign_outs_and_wrong_passwords(sqlite_store().await).await;
    if let Some(store) = postgres_store().await {
        sign_ins_sign_outs_and_wrong_passwords(store).await;
    }
}

async fn paging(store: TestStore) {
    let app = spawn_app_on(store, |_| {}).await;
    let account = app.create_account(ADA).await;
    let phone = app.sign_in(ADA, "Parent's phone", "mobile").await;
    let at = marquee::clock::now();
    for n in 0..70u8 {
        let session = NewSession {
            account_id: account.id,
            token_hash: vec![n; 32],
            device_name: format!("Browser {n}"),
            device_kind: DeviceKind::Browser,
            remember: true,
            created_at: at,
            ip: Some("192.0.2.9".into()),
            idle_timeout_secs: 3600,
            expires_at: at + time::Duration::days(1),
            credential_version: 1,
            max_per_account: 1000,
            password_verified_at: at,
            device_code_hash: None,
            profile_id: None,
            app_device_id: None,
            lifetime: Default::default(),
            alert: None,
            passkey_id: None,
        };
        app.store.store.create_session(session).await.unwrap().expect("signed in");
    }

    let mut ids = Vec::new();
    let mut query = String::new();
    let mut pages = 0;
    loop {
        let page = activity(&app, &phone, &query).await;
        pages += 1;
        ids.extend(page["entries"].as_array().unwrap().iter().map(|entry| entry["id"].as_str().unwrap().to_string()));
        match page["next_cursor"].as_str() {
            Some(cursor) => query = format!("?cursor={cursor}"),
            None => break,
        }
        assert!(pages < 5, "paging ends");
    }
    assert_eq!(pages, 2, "50 a page");
    assert_eq!(ids.len(), 71, "70 browsers and the phone");
    let mut unique = ids.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), 71, "no entry twice");
}

#[tokio::test]
async fn pages_follow_each_other_by_cursor() {
    paging(sqlite_store().await).await;
    if let Some(store) = postgres_store().await {
        paging(store).await;
    }
}

async fn kids_and_the_page(store: TestStore) {
    let app = spawn_app_on(store, |_| {}).await;
    app.create_account(ADA).await;
    let tv = app.sign_in(ADA, "Living room TV", "tv").await;
    let created = app.client.post(app.url("/api/v1/profiles")).bearer_auth(&tv);
    let created = created.json(&json!({"name": "Kids", "kids": true})).send().await.unwrap();
    assert_eq!(created.status(), 201);
    let kids: Value = created.json().await.unwrap();
    let select = app.client.post(app.url(&format!("/api/v1/profiles/{}/select", kids["id"].as_str().unwrap())));
    assert_eq!(select.bearer_auth(&tv).send().await.unwrap().status(), 204);
    let refused = app.get("/api/v1/account/activity", &tv).await;
    assert_eq!(error_code(refused, 403).await, "kids_profile");

    // The page, in the browser's language, with an unknown filter noted rather than refused.
    let web = WebClient::new(&app);
    web.sign_in(ADA, true).await;
    let page = web.get("/account/activity?filter=everything").await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("That filter is not one this page knows"), "{}", page.body);
    assert!(page.body.contains("Living room TV"));
    let old = web.get("/account/activity?cursor=nonsense").await;
    assert!(old.body.contains("That page link is out of date"));
    let account = web.get("/account").await;
    assert!(account.body.contains("href=\"/account/activity\""), "linked from the account page");
    for (language, words) in [
        ("fr", "Activité du compte"),
        ("de", "Kontoaktivität"),
        ("es", "Actividad de la cuenta"),
        ("en", "Account activity"),
    ] {
        let saved = web
            .submit("/account", "/account/personal", &[("name", "Ada"), ("phone", ""), ("language", language)])
            .await;
        assert_eq!(saved.status, 303, "{language}");
        let page = web.get("/account/activity").await;
        assert!(page.body.contains(words), "{language}: {}", page.body);
    }

    // A browser watching as the kids profile is refused the page, in words.
    let kids_id = kids["id"].as_str().unwrap();
    let chose = web.submit("/profiles", &format!("/profiles/{kids_id}/choose"), &[]).await;
    assert_eq!(chose.status, 303);
    let refused = web.get("/account/activity").await;
    assert_eq!(refused.status, 403);
    assert!(refused.body.contains("Kids profiles cannot open this page"), "{}", refused.body);
    assert!(!refused.body.contains("Living room TV"));
}

#[tokio::test]
async fn kids_profiles_are_refused_and_the_page_speaks_every_language() {
    kids_and_the_page(sqlite_store().await).await;
    if let Some(store) = postgres_store().await {
        kids_and_the_page(store).await;
    }
}

async fn watching(store: TestStore) {
    let app = spawn_app_on(store, |_| {}).await;
    let library = tempfile::tempdir().unwrap();
    let folder = library.path().join("Long Film (2020)");
    std::fs::create_dir(&folder).unwrap();
    crate::metrics_stream::big_mp4(&folder.join("Long Film (2020).mp4"), 1 << 20);
    let catalog = app.store.store.catalog();
    let kind = marquee::domain::media::LibraryKind::Movies;
    let added = marquee::catalog::library::add(catalog.as_ref(), library.path(), kind).await.unwrap();
    marquee::catalog::library::scan_library(catalog.clone(), &added, |_| {}).await.unwrap();
    app.create_account(ADA).await;
    let phone = app.sign_in(ADA, "Parent's phone", "mobile").await;
    let tv = app.sign_in(ADA, "Living room TV", "tv").await;
    let profiles: Value = app.get("/api/v1/profiles", &tv).await.json().await.unwrap();
    let select = app.client.post(app.url(&format!("/api/v1/profiles/{}/select", profiles[0]["id"].as_str().unwrap())));
    assert_eq!(select.bearer_auth(&tv).send().await.unwrap().status(), 204);
    let listed: Value = app.get("/api/v1/catalog", &tv).await.json().await.unwrap();
    let media = listed["titles"][0]["media_id"].as_str().unwrap().to_string();
    for _ in 0..2 {
        let video = app.client.get(app.url(&format!("/api/v1/media/{media}/stream"))).bearer_auth(&tv);
        assert_eq!(video.header("range", "bytes=0-99").send().await.unwrap().status(), 206);
    }
    let sessions: Value = app.get("/api/v1/sessions", &phone).await.json().await.unwrap();
    let tv_id = session_id(&sessions, "Living room TV");
    let stop = app.client.post(app.url(&format!("/api/v1/sessions/{tv_id}/stop-playback"))).bearer_auth(&phone);
    assert_eq!(stop.send().await.unwrap().status(), 204);

    let watched = activity(&app, &phone, "?filter=watching").await;
    assert_eq!(
        kinds(&watched),
        ["playback_stopped", "stream_started"],
        "the same film renewed is one start: {watched}"
    );
    let [stopped, started] = &watched["entries"].as_array().unwrap()[..] else { unreachable!() };
    assert!(started["title"].as_str().unwrap().contains("Long Film"), "{started}");
    assert_eq!(started["profile"], profiles[0]["name"]);
    assert_eq!(started["device"], json!({"name": "Living room TV", "kind": "tv"}));
    assert_eq!(started["signed_in"], true);
    assert_eq!(stopped["device"]["name"], "Living room TV");
    assert_eq!(stopped["by_device"], "Parent's phone");
    let sign_ins = kinds(&activity(&app, &phone, "?filter=sign-ins").await);
    assert_eq!(sign_ins, ["signed_in", "signed_in"], "watching is not a sign-in");
}

#[tokio::test]
async fn streams_started_and_stopped_are_listed_under_watching() {
    watching(sqlite_store().await).await;
    if let Some(store) = postgres_store().await {
        watching(store).await;
    }
}
