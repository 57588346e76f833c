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

/// Guesses sent all at once must not slip past the count: each is counted before its hash is checked.
#[tokio::test]
async fn a_burst_of_parallel_guesses_gets_no_more_tries_than_the_limit() {
    let app = spawn_app_with(|settings| {
        settings.throttle.per_account = 5;
        settings.hashing_concurrency = 2;
    })
    .await;
    app.create_account("ada@example.org").await;
    let guesses = (0..30).map(|_| app.sign_in_raw(attempt("ada@example.org", "wrong password, wrong")));
    let statuses: Vec<u16> =
        futures_util::future::join_all(guesses).await.iter().map(|r| r.status().as_u16()).collect();
    let checked = statuses.iter().filter(|&&status| status == 401).count();
    let refused = statuses.iter().filter(|&&status| status == 429).count();
    assert_eq!((checked, refused), (5, 25), "only the limit's worth of guesses is checked: {statuses:?}");
    assert_eq!(app.sign_in_raw(attempt("ada@example.org", PASSWORD)).await.status(), 429, "still locked");
}

#[tokio::test]
async fn a_right_password_gives_the_address_its_attempt_back() {
    let app = spawn_app_with(|settings| {
        settings.throttle.per_account = 100;
        settings.throttle.per_address = 3;
    })
    .await;
    app.create_account("ada@example.org").await;
    for _ in 0..5 {
        assert_eq!(app.sign_in_raw(attempt("ada@example.org", PASSWORD)).await.status(), 201);
    }
    for _ in 0..3 {
        assert_eq!(app.sign_in_raw(attempt("bob@example.org", PASSWORD)).await.status(), 401);
    }
    assert_eq!(app.sign_in_raw(attempt("ada@example.org", PASSWORD)).await.status(), 429, "three wrong ones count");
}
