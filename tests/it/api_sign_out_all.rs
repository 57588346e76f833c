//! "Sign out of all devices", with and without the password asked again.

use std::time::Duration;

use serde_json::json;

use crate::support::{PASSWORD, error_code, spawn_app, spawn_app_with};

#[tokio::test]
async fn signing_out_everywhere_refuses_every_device_at_once() {
    let app = spawn_app().await;
    app.create_account("ada@example.org").await;
    app.create_account("bob@example.org").await;
    let tv = app.sign_in("ada@example.org", "TV", "tv").await;
    let phone = app.sign_in("ada@example.org", "Phone", "mobile").await;
    let laptop = app.sign_in("ada@example.org", "Laptop", "browser").await;
    let bob = app.sign_in("bob@example.org", "Bob's phone", "mobile").await;
    for token in [&tv, &phone, &laptop] {
        assert_eq!(app.get("/api/v1/account", token).await.status(), 200);
    }

    let response = app.client.post(app.url("/api/v1/sessions/sign-out-all")).bearer_auth(&phone).send().await.unwrap();
    assert_eq!(response.status(), 204);

    for token in [&tv, &phone, &laptop] {
        assert_eq!(error_code(app.get("/api/v1/sessions", token).await, 401).await, "unauthenticated");
    }
    assert_eq!(app.get("/api/v1/account", &bob).await.status(), 200, "other accounts are untouched");
    let fresh = app.sign_in("ada@example.org", "TV", "tv").await;
    assert_eq!(app.get("/api/v1/account", &fresh).await.status(), 200, "signing in again works");
}

#[tokio::test]
async fn an_old_session_must_give_the_password_again() {
    let app = spawn_app_with(|settings| settings.sessions.reauthenticate_after = Duration::ZERO).await;
    app.create_account("ada@example.org").await;
    let tv = app.sign_in("ada@example.org", "TV", "tv").await;
    let phone = app.sign_in("ada@example.org", "Phone", "mobile").await;
    tokio::time::sleep(Duration::from_millis(1100)).await;
    let url = app.url("/api/v1/sessions/sign-out-all");

    let without = app.client.post(&url).bearer_auth(&phone).send().await.unwrap();
    assert_eq!(error_code(without, 403).await, "reauthentication_required");
    let empty_object = app.client.post(&url).bearer_auth(&phone).json(&json!({})).send().await.unwrap();
    assert_eq!(error_code(empty_object, 403).await, "reauthentication_required");
    let wrong = app.client.post(&url).bearer_auth(&phone).json(&json!({"password": "not my password at all"}));
    assert_eq!(error_code(wrong.send().await.unwrap(), 401).await, "invalid_credentials");
    assert_eq!(app.get("/api/v1/account", &tv).await.status(), 200, "nothing was signed out");
    assert_eq!(app.get("/api/v1/account", &phone).await.status(), 200, "a wrong password does not sign you out");

    let right = app.client.post(&url).bearer_auth(&phone).json(&json!({"password": PASSWORD}));
    assert_eq!(right.send().await.unwrap().status(), 204);
    assert_eq!(app.get("/api/v1/account", &tv).await.status(), 401);
    assert_eq!(app.get("/api/v1/account", &phone).await.status(), 401);
}

#[tokio::test]
async fn sign_out_all_needs_a_session() {
    let app = spawn_app().await;
    let response = app.client.post(app.url("/api/v1/sessions/sign-out-all")).send().await.unwrap();
    assert_eq!(error_code(response, 401).await, "unauthenticated");
}
