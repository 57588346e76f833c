//! Sign-in throttling per account and per client address.

use serde_json::{Value, json};

use crate::support::{PASSWORD, error_code, spawn_app_with};

fn attempt(email: &str, password: &str) -> Value {
    json!({"email": email, "password": password, "device_name": "Phone", "device_kind": "mobile"})
}

#[tokio::test]
async fn too_many_failures_on_one_account_answer_429_until_the_window_ends() {
    let app = spawn_app_with(|settings| settings.throttle.per_account = 3).await;
    app.create_account("ada@example.org").await;
    app.create_account("bob@example.org").await;
    for _ in 0..3 {
        let response = app.sign_in_raw(attempt("ada@example.org", "wrong password, wrong")).await;
        assert_eq!(error_code(response, 401).await, "invalid_credentials");
    }
    let throttled = app.sign_in_raw(attempt("ada@example.org", PASSWORD)).await;
    assert_eq!(throttled.status(), 429, "even the right password waits");
    let retry_after: u64 = throttled.headers()["retry-after"].to_str().unwrap().parse().unwrap();
    assert!((1..=15 * 60).contains(&retry_after), "{retry_after}");
    assert_eq!(error_code(throttled, 429).await, "too_many_requests");

    assert_eq!(app.sign_in_raw(attempt("bob@example.org", PASSWORD)).await.status(), 201, "other accounts unaffected");
}

#[tokio::test]
async fn unknown_emails_are_throttled_like_real_ones() {
    let app = spawn_app_with(|settings| settings.throttle.per_account = 2).await;
    for _ in 0..2 {
        assert_eq!(app.sign_in_raw(attempt("ghost@example.org", PASSWORD)).await.status(), 401);
    }
    assert_eq!(app.sign_in_raw(attempt("ghost@example.org", PASSWORD)).await.status(), 429);
}

#[tokio::test]
async fn one_address_guessing_across_accounts_is_throttled() {
    let app = spawn_app_with(|settings| {
        settings.throttle.per_account = 100;
        settings.throttle.per_address = 4;
    })
    .await;
    app.create_account("ada@example.org").await;
    for i in 0..4 {
        let response = app.sign_in_raw(attempt(&format!("user{i}@example.org"), PASSWORD)).await;
        assert_eq!(response.status(), 401);
    }
    let response = app.sign_in_raw(attempt("ada@example.org", PASSWORD)).await;
    assert_eq!(error_code(response, 429).await, "too_many_requests");
}

#[tokio::test]
async fn a_successful_sign_in_clears_the_accounts_failures() {
    let app = spawn_app_with(|settings| settings.throttle.per_account = 3).await;
    app.create_account("ada@example.org").await;
    for _ in 0..2 {
        assert_eq!(app.sign_in_raw(attempt("ada@example.org", "wrong password, wrong")).await.status(), 401);
    }
    assert_eq!(app.sign_in_raw(attempt("ada@example.org", PASSWORD)).await.status(), 201);
    for _ in 0..2 {
        assert_eq!(app.sign_in_raw(attempt("ada@example.org", "wrong password, wrong")).await.status(), 401);
    }
    assert_eq!(app.sign_in_raw(attempt("ada@example.org", PASSWORD)).await.status(), 201);
}
