//! Signing in from several devices, listing them, and signing one out.

use std::time::Duration;

use serde_json::{Value, json};

use crate::support::{PASSWORD, error_code, spawn_app, spawn_app_with};

#[tokio::test]
async fn healthz_answers_once_the_server_is_up() {
    let app = spawn_app().await;
    let response = app.client.get(app.url("/healthz")).send().await.unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(response.text().await.unwrap(), "ok");
}

#[tokio::test]
async fn signing_in_returns_a_token_and_the_new_session() {
    let app = spawn_app().await;
    app.create_account("ada@example.org").await;
    let response = app
        .sign_in_raw(json!({
            "email": "  Ada@Example.org ", "password": PASSWORD,
            "device_name": "Living room TV", "device_kind": "tv"
        }))
        .await;
    assert_eq!(response.status(), 201);
    let body: Value = response.json().await.unwrap();
    let token = body["token"].as_str().unwrap();
    assert!(token.starts_with("mq_") && token.len() >= 40, "{token}");
    let session = &body["session"];
    assert_eq!(session["device_name"], "Living room TV");
    assert_eq!(session["device_kind"], "tv");
    assert_eq!(session["current"], true);
    assert_eq!(session["ip"], "127.0.0.1");
    assert!(session["id"].as_str().unwrap().parse::<uuid::Uuid>().is_ok());
    for field in ["created_at", "last_seen_at"] {
        let at = session[field].as_str().unwrap();
        assert!(time::OffsetDateTime::parse(at, &time::format_description::well_known::Rfc3339).is_ok(), "{at}");
    }

    let account: Value = app.get("/api/v1/account", token).await.json().await.unwrap();
    assert_eq!(account["email"], "ada@example.org");
    assert_eq!(account["display_name"], "ada");
    assert!(account["id"].is_string() && account["created_at"].is_string());
}

#[tokio::test]
async fn every_sign_in_gets_a_new_token() {
    let app = spawn_app().await;
    app.create_account("ada@example.org").await;
    let first = app.sign_in("ada@example.org", "Phone", "mobile").await;
    let second = app.sign_in("ada@example.org", "Phone", "mobile").await;
    assert_ne!(first, second);
}

#[tokio::test]
async fn wrong_password_and_unknown_email_look_exactly_the_same() {
    let app = spawn_app().await;
    app.create_account("ada@example.org").await;
    let wrong_password = app
        .sign_in_raw(json!({"email": "ada@example.org", "password": "not the password at all",
                            "device_name": "Phone", "device_kind": "mobile"}))
        .await;
    let unknown_email = app
        .sign_in_raw(json!({"email": "nobody@example.org", "password": PASSWORD,
                            "device_name": "Phone", "device_kind": "mobile"}))
        .await;
    assert_eq!(wrong_password.status(), 401);
    assert_eq!(unknown_email.status(), 401);
    let a = wrong_password.text().await.unwrap();
    let b = unknown_email.text().await.unwrap();
    assert_eq!(a, b);
    assert!(a.contains("\"invalid_credentials\""), "{a}");
}

#[tokio::test]
async fn devices_are_listed_newest_first_with_this_one_marked() {
    let app = spawn_app().await;
    app.create_account("ada@example.org").await;
    let tv = app.sign_in("ada@example.org", "Living room TV", "tv").await;
    tokio::time::sleep(Duration::from_millis(1100)).await;
    let phone = app.sign_in("ada@example.org", "Ada's phone", "mobile").await;

    let listed: Vec<Value> = app.get("/api/v1/sessions", &tv).await.json().await.unwrap();
    let names: Vec<&str> = listed.iter().map(|s| s["device_name"].as_str().unwrap()).collect();
    assert_eq!(names, ["Ada's phone", "Living room TV"]);
    assert_eq!(listed[0]["current"], false);
    assert_eq!(listed[1]["current"], true);
    let keys: Vec<&String> = listed[0].as_object().unwrap().keys().collect();
    assert_eq!(keys.len(), 9, "Session has exactly the documented fields: {keys:?}");

    let from_phone: Vec<Value> = app.get("/api/v1/sessions", &phone).await.json().await.unwrap();
    assert_eq!(from_phone[0]["current"], true);
}

#[tokio::test]
async fn a_device_signed_out_is_refused_at_its_very_next_request() {
    let app = spawn_app().await;
    app.create_account("ada@example.org").await;
    let tv = app.sign_in("ada@example.org", "TV", "tv").await;
    let phone = app.sign_in("ada@example.org", "Phone", "mobile").await;
    // Warm the cache so revocation has to evict, not just miss.
    assert_eq!(app.get("/api/v1/account", &tv).await.status(), 200);

    let listed: Vec<Value> = app.get("/api/v1/sessions", &phone).await.json().await.unwrap();
    let tv_id = listed.iter().find(|s| s["device_name"] == "TV").unwrap()["id"].as_str().unwrap().to_string();
    let response = app.delete(&format!("/api/v1/sessions/{tv_id}"), &phone).await;
    assert_eq!(response.status(), 204);

    assert_eq!(error_code(app.get("/api/v1/account", &tv).await, 401).await, "unauthenticated");
    assert_eq!(app.get("/api/v1/account", &phone).await.status(), 200, "the other device stays signed in");
    let again = app.delete(&format!("/api/v1/sessions/{tv_id}"), &phone).await;
    assert_eq!(error_code(again, 404).await, "not_found");
}

#[tokio::test]
async fn signing_out_this_device_makes_its_token_worthless() {
    let app = spawn_app().await;
    app.create_account("ada@example.org").await;
    let token = app.sign_in("ada@example.org", "Laptop", "browser").await;
    assert_eq!(app.get("/api/v1/sessions", &token).await.status(), 200);
    assert_eq!(app.delete("/api/v1/sessions/current", &token).await.status(), 204);
    for path in ["/api/v1/account", "/api/v1/sessions"] {
        assert_eq!(error_code(app.get(path, &token).await, 401).await, "unauthenticated");
    }
    assert_eq!(app.delete("/api/v1/sessions/current", &token).await.status(), 401);
}

#[tokio::test]
async fn another_accounts_session_id_is_not_found_and_stays_signed_in() {
    let app = spawn_app().await;
    app.create_account("ada@example.org").await;
    app.create_account("bob@example.org").await;
    let ada = app.sign_in("ada@example.org", "Ada's TV", "tv").await;
    let bob = app.sign_in("bob@example.org", "Bob's TV", "tv").await;
    let bobs: Vec<Value> = app.get("/api/v1/sessions", &bob).await.json().await.unwrap();
    let bob_id = bobs[0]["id"].as_str().unwrap();

    let response = app.delete(&format!("/api/v1/sessions/{bob_id}"), &ada).await;
    assert_eq!(error_code(response, 404).await, "not_found");
    assert_eq!(app.get("/api/v1/account", &bob).await.status(), 200);
    let adas: Vec<Value> = app.get("/api/v1/sessions", &ada).await.json().await.unwrap();
    assert_eq!(adas.len(), 1, "an account only ever sees its own devices");
}

#[tokio::test]
async fn sessions_end_after_their_idle_timeout_and_lifetime() {
    let app = spawn_app_with(|settings| {
        settings.sessions.short_idle = Duration::from_secs(2);
        settings.sessions.short_lifetime = Duration::from_secs(3600);
    })
    .await;
    app.create_account("ada@example.org").await;
    let sign_in = |remember: bool| {
        json!({"email": "ada@example.org", "password": PASSWORD, "device_name": "Library PC",
               "device_kind": "browser", "remember_me": remember})
    };
    // The short session last, so a slow hash on a busy machine cannot idle it out before the first look.
    let long: Value = app.sign_in_raw(sign_in(true)).await.json().await.unwrap();
    let short: Value = app.sign_in_raw(sign_in(false)).await.json().await.unwrap();
    let short = short["token"].as_str().unwrap();
    let long = long["token"].as_str().unwrap();
    assert_eq!(app.get("/api/v1/account", short).await.status(), 200);
    tokio::time::sleep(Duration::from_millis(3100)).await;
    assert_eq!(error_code(app.get("/api/v1/account", short).await, 401).await, "unauthenticated");
    assert_eq!(app.get("/api/v1/account", long).await.status(), 200, "remember me keeps the session");
    let listed: Vec<Value> = app.get("/api/v1/sessions", long).await.json().await.unwrap();
    assert_eq!(listed.len(), 1, "the idled-out session is no longer listed");
}

#[tokio::test]
async fn sessions_end_at_their_absolute_lifetime_even_when_in_use() {
    let app = spawn_app_with(|settings| {
        settings.sessions.short_idle = Duration::from_secs(3600);
        settings.sessions.short_lifetime = Duration::from_secs(2);
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
    let mut last = 200;
    for _ in 0..8 {
        last = app.get("/api/v1/account", token).await.status().as_u16();
        if last == 401 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    assert_eq!(last, 401, "a session in constant use still ends at its lifetime");
}

#[tokio::test]
async fn api_responses_carry_security_headers_and_are_never_cached() {
    let app = spawn_app().await;
    app.create_account("ada@example.org").await;
    let token = app.sign_in("ada@example.org", "TV", "tv").await;
    let response = app.get("/api/v1/account", &token).await;
    let headers = response.headers();
    assert_eq!(headers["cache-control"], "no-store");
    assert_eq!(headers["x-content-type-options"], "nosniff");
    assert_eq!(headers["referrer-policy"], "same-origin");
    assert!(headers["content-security-policy"].to_str().unwrap().contains("frame-ancestors 'none'"));
    assert!(headers.contains_key("x-request-id"));
}

#[tokio::test]
async fn an_open_event_stream_hears_signed_out_the_moment_its_session_is_revoked() {
    let app = spawn_app().await;
    app.create_account("ada@example.org").await;
    let tv = app.sign_in("ada@example.org", "TV", "tv").await;
    let phone = app.sign_in("ada@example.org", "Phone", "mobile").await;
    let mut stream = app.get("/api/v1/events", &tv).await;
    assert_eq!(stream.status(), 200);
    assert!(stream.headers()["content-type"].to_str().unwrap().starts_with("text/event-stream"));
    assert_eq!(stream.headers()["x-accel-buffering"], "no", "a buffering proxy passes each event on at once");
    let mut phone_stream = app.get("/api/v1/events", &phone).await;

    let listed: Vec<Value> = app.get("/api/v1/sessions", &phone).await.json().await.unwrap();
    let tv_id = listed.iter().find(|s| s["device_name"] == "TV").unwrap()["id"].as_str().unwrap().to_string();
    assert_eq!(app.delete(&format!("/api/v1/sessions/{tv_id}"), &phone).await.status(), 204);

    let mut received = String::new();
    let read = async {
        while let Some(chunk) = stream.chunk().await.expect("stream") {
            received.push_str(&String::from_utf8_lossy(&chunk));
            if received.contains("signed-out") {
                break;
            }
        }
    };
    tokio::time::timeout(Duration::from_secs(5), read).await.expect("the event arrives");
    assert!(received.contains("event: signed-out"), "{received}");
    // The phone's stream stays open and quiet: its session was not revoked.
    let quiet = tokio::time::timeout(Duration::from_millis(300), phone_stream.chunk()).await;
    assert!(quiet.is_err(), "nothing was sent to the phone");
    assert_eq!(error_code(app.get("/api/v1/events", &tv).await, 401).await, "unauthenticated");
}
