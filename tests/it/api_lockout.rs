//! Strangers guessing cannot lock the owner out, a flood of guesses leaves bounded rows, the device
//! limit signs out the longest-unused device, and an open event stream ends with its session.

use std::time::Duration;

use futures_util::StreamExt;
use serde_json::{Value, json};
use sqlx::Connection;

use crate::support::{PASSWORD, TestStore, error_code, spawn_app_on, spawn_app_with};

fn attempt(email: &str, password: &str, device_token: Option<&str>) -> Value {
    json!({"email": email, "password": password, "device_name": "Phone", "device_kind": "mobile",
           "device_token": device_token})
}

#[tokio::test]
async fn strangers_guessing_cannot_lock_the_owner_out() {
    let app = spawn_app_with(|settings| settings.throttle.per_account = 3).await;
    app.create_account("ada@example.org").await;
    // The owner's phone signed in before: it holds a device token.
    let first: Value = app.sign_in_raw(attempt("ada@example.org", PASSWORD, None)).await.json().await.unwrap();
    let (token, device_token) = (first["token"].as_str().unwrap(), first["device_token"].as_str().unwrap());
    assert!(device_token.starts_with("mq_"), "{first}");

    // A stranger uses up the account's allowance, also with a made-up device token.
    let made_up = "mq_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
    for _ in 0..3 {
        let wrong = app.sign_in_raw(attempt("ada@example.org", "not the password at all", Some(made_up))).await;
        assert_eq!(wrong.status(), 401);
    }
    let stranger = app.sign_in_raw(attempt("ada@example.org", PASSWORD, None)).await;
    assert_eq!(error_code(stranger, 429).await, "too_many_requests", "new devices wait");

    // The owner's phone still signs in, and the same token comes back.
    let again = app.sign_in_raw(attempt("ada@example.org", PASSWORD, Some(device_token))).await;
    assert_eq!(again.status(), 201, "a known device has an allowance of its own");
    let again: Value = again.json().await.unwrap();
    assert_eq!(again["device_token"], device_token);

    // A signed-in owner re-entering the password is counted per session, not per account.
    let response = app
        .client
        .post(app.url("/api/v1/sessions/sign-out-all"))
        .bearer_auth(token)
        .json(&json!({"password": PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 204, "signing out everywhere is never blocked by strangers");
}

#[tokio::test]
async fn a_known_device_gets_its_own_allowance_not_an_endless_one() {
    let app = spawn_app_with(|settings| settings.throttle.per_account = 2).await;
    app.create_account("ada@example.org").await;
    let first: Value = app.sign_in_raw(attempt("ada@example.org", PASSWORD, None)).await.json().await.unwrap();
    let device_token = first["device_token"].as_str().unwrap();
    for _ in 0..2 {
        let wrong = app.sign_in_raw(attempt("ada@example.org", "not the password at all", Some(device_token))).await;
        assert_eq!(wrong.status(), 401);
    }
    let throttled = app.sign_in_raw(attempt("ada@example.org", PASSWORD, Some(device_token))).await;
    assert_eq!(throttled.status(), 429, "the device's own allowance is used up");
    let others = app.sign_in_raw(attempt("ada@example.org", PASSWORD, None)).await;
    assert_eq!(others.status(), 201, "its guesses did not count against the account");
}

/// 10,000 wrong guesses with random emails from one address: the address is refused first, so the
/// throttle table keeps one row per email only up to the address's limit.
async fn random_emails_from_one_address_leave_bounded_rows(store: TestStore) {
    let url = store.url.clone();
    let app = spawn_app_on(store, |settings| settings.throttle.per_address = 20).await;
    let statuses = futures_util::stream::iter(0..10_000)
        .map(|_| {
            let email = format!("{}@example.org", uuid::Uuid::new_v4().simple());
            let client = &app;
            async move { client.sign_in_raw(attempt(&email, "not the password at all", None)).await.status().as_u16() }
        })
        .buffer_unordered(32)
        .collect::<Vec<u16>>()
        .await;
    assert_eq!(statuses.iter().filter(|s| **s == 401).count(), 20, "20 guesses were checked");
    assert_eq!(statuses.iter().filter(|s| **s == 429).count(), 9_980);
    let rows: i64 = if url.starts_with("sqlite:") {
        let mut db = sqlx::SqliteConnection::connect(&url).await.unwrap();
        sqlx::query_scalar("SELECT COUNT(*) FROM sign_in_failures").fetch_one(&mut db).await.unwrap()
    } else {
        let mut db = sqlx::PgConnection::connect(&url).await.unwrap();
        sqlx::query_scalar("SELECT COUNT(*) FROM sign_in_failures").fetch_one(&mut db).await.unwrap()
    };
    assert!(rows <= 21, "one row per checked email and one for the address, not {rows}");
}

mod random_emails_from_one_address_leave_bounded_rows {
    #[tokio::test]
    async fn sqlite() {
        super::random_emails_from_one_address_leave_bounded_rows(crate::support::sqlite_store().await).await;
    }

    #[tokio::test]
    async fn postgres() {
        if let Some(store) = crate::support::postgres_store().await {
            super::random_emails_from_one_address_leave_bounded_rows(store).await;
        }
    }
}

#[tokio::test]
async fn signing_in_past_the_device_limit_signs_out_the_longest_unused() {
    let app = spawn_app_with(|settings| settings.sessions.max_per_account = 2).await;
    app.create_account("ada@example.org").await;
    let tv = app.sign_in("ada@example.org", "TV", "tv").await;
    tokio::time::sleep(Duration::from_millis(1100)).await;
    let phone = app.sign_in("ada@example.org", "Phone", "mobile").await;
    tokio::time::sleep(Duration::from_millis(1100)).await;
    let laptop = app.sign_in("ada@example.org", "Laptop", "browser").await;
    assert_eq!(error_code(app.get("/api/v1/account", &tv).await, 401).await, "unauthenticated");
    assert_eq!(app.get("/api/v1/account", &phone).await.status(), 200);
    let listed: Vec<Value> = app.get("/api/v1/sessions", &laptop).await.json().await.unwrap();
    let names: Vec<&str> = listed.iter().map(|s| s["device_name"].as_str().unwrap()).collect();
    assert_eq!(names, vec!["Laptop", "Phone"]);
}

#[tokio::test]
async fn an_open_event_stream_ends_when_its_session_expires() {
    let app = spawn_app_with(|settings| {
        settings.sessions.short_idle = Duration::from_secs(3600);
        settings.sessions.short_lifetime = Duration::from_secs(3);
    })
    .await;
    app.create_account("ada@example.org").await;
    let body: Value = app
        .sign_in_raw(json!({"email": "ada@example.org", "password": PASSWORD, "device_name": "Kiosk",
                            "device_kind": "other", "remember_me": false}))
        .await
        .json()
        .await
        .unwrap();
    let token = body["token"].as_str().unwrap();
    let mut response = app.get("/api/v1/events", token).await;
    assert_eq!(response.status(), 200);
    let mut received = String::new();
    let ended = tokio::time::timeout(Duration::from_secs(8), async {
        while let Some(chunk) = response.chunk().await.unwrap() {
            received.push_str(&String::from_utf8_lossy(&chunk));
        }
    })
    .await;
    assert!(ended.is_ok(), "the stream ended by itself");
    assert!(received.contains("event: signed-out"), "{received}");
}
