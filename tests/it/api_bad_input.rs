//! Bad input gets a clear 4xx in the documented shape and changes nothing.

use reqwest::header::{AUTHORIZATION, CONTENT_TYPE, HeaderValue};
use serde_json::{Value, json};

use crate::support::{PASSWORD, error_code, spawn_app};

#[tokio::test]
async fn malformed_sign_in_bodies_are_explained() {
    let app = spawn_app().await;
    app.create_account("ada@example.org").await;
    let url = app.url("/api/v1/sessions");
    let post = |body: &'static str, content_type: &'static str| {
        app.client.post(&url).header(CONTENT_TYPE, content_type).body(body).send()
    };

    assert_eq!(error_code(post("{\"email\": ", "application/json").await.unwrap(), 400).await, "invalid_json");
    assert_eq!(error_code(post("", "application/json").await.unwrap(), 400).await, "invalid_json");
    assert_eq!(error_code(post("[1,2,3]", "application/json").await.unwrap(), 400).await, "invalid_request");
    let missing = post(r#"{"email":"ada@example.org"}"#, "application/json").await.unwrap();
    assert_eq!(missing.status(), 400);
    let body: Value = missing.json().await.unwrap();
    assert_eq!(body["error"], "invalid_request");
    assert!(body["message"].as_str().unwrap().contains("password"), "{body}");
    let form = post("email=ada@example.org", "application/x-www-form-urlencoded").await.unwrap();
    assert_eq!(error_code(form, 415).await, "unsupported_media_type");
}

#[tokio::test]
async fn invalid_fields_are_named() {
    let app = spawn_app().await;
    app.create_account("ada@example.org").await;
    let cases = [
        (
            json!({"email": "ada@example.org", "password": PASSWORD, "device_name": "TV", "device_kind": "toaster"}),
            "invalid_device_kind",
        ),
        (
            json!({"email": "ada@example.org", "password": PASSWORD, "device_name": "  ", "device_kind": "tv"}),
            "invalid_device_name",
        ),
        (
            json!({"email": "ada@example.org", "password": PASSWORD, "device_name": "x".repeat(101), "device_kind": "tv"}),
            "invalid_device_name",
        ),
        (
            json!({"email": "not-an-email", "password": PASSWORD, "device_name": "TV", "device_kind": "tv"}),
            "invalid_email",
        ),
        (
            json!({"email": "ada@example.org", "password": "", "device_name": "TV", "device_kind": "tv"}),
            "invalid_password",
        ),
        (
            json!({"email": "ada@example.org", "password": "p".repeat(1025), "device_name": "TV", "device_kind": "tv"}),
            "invalid_password",
        ),
        (json!({"email": 42, "password": PASSWORD, "device_name": "TV", "device_kind": "tv"}), "invalid_request"),
    ];
    for (body, code) in cases {
        assert_eq!(error_code(app.sign_in_raw(body.clone()).await, 400).await, code, "for {body}");
    }
    let token = app.sign_in("ada@example.org", "TV", "tv").await;
    let listed: Vec<Value> = app.get("/api/v1/sessions", &token).await.json().await.unwrap();
    assert_eq!(listed.len(), 1, "none of the bad requests created a session");
}

#[tokio::test]
async fn a_huge_body_is_refused_before_it_is_read() {
    let app = spawn_app().await;
    let huge = format!(r#"{{"email":"{}@example.org"}}"#, "a".repeat(2 * 1024 * 1024));
    let response = app
        .client
        .post(app.url("/api/v1/sessions"))
        .header(CONTENT_TYPE, "application/json")
        .body(huge)
        .send()
        .await
        .unwrap();
    assert_eq!(error_code(response, 413).await, "payload_too_large");
}

#[tokio::test]
async fn garbage_authorization_headers_are_unauthenticated() {
    let app = spawn_app().await;
    app.create_account("ada@example.org").await;
    let token = app.sign_in("ada@example.org", "TV", "tv").await;
    let garbage: Vec<HeaderValue> = vec![
        HeaderValue::from_static("Bearer"),
        HeaderValue::from_static("Bearer "),
        HeaderValue::from_static("Bearer mq_tooshort"),
        HeaderValue::from_static("Basic YWRhOnBhc3N3b3Jk"),
        HeaderValue::from_str(&format!("Token {token}")).unwrap(),
        HeaderValue::from_str(&format!("Bearer {}", "x".repeat(8000))).unwrap(),
        HeaderValue::from_bytes(b"Bearer \xff\xfe\xfd").unwrap(),
        HeaderValue::from_str(&format!("Bearer {}", with_last_character_changed(&token))).unwrap(),
    ];
    for value in garbage {
        let response =
            app.client.get(app.url("/api/v1/account")).header(AUTHORIZATION, value.clone()).send().await.unwrap();
        assert_eq!(error_code(response, 401).await, "unauthenticated", "for {value:?}");
    }
    let no_header = app.client.get(app.url("/api/v1/sessions")).send().await.unwrap();
    assert_eq!(error_code(no_header, 401).await, "unauthenticated");
    let lowercase_scheme = app.client.get(app.url("/api/v1/account")).header(AUTHORIZATION, format!("bearer {token}"));
    assert_eq!(lowercase_scheme.send().await.unwrap().status(), 200, "the scheme is case-insensitive");
}

/// The token with its last character replaced by a different one (a fixed replacement would be
/// the same character one time in sixteen: the last of 43 base64 characters carries four bits).
fn with_last_character_changed(token: &str) -> String {
    let (head, last) = token.split_at(token.len() - 1);
    let replacement = if last == "A" { "B" } else { "A" };
    format!("{head}{replacement}")
}

#[tokio::test]
async fn session_ids_that_are_not_uuids_are_explained() {
    let app = spawn_app().await;
    app.create_account("ada@example.org").await;
    let token = app.sign_in("ada@example.org", "TV", "tv").await;
    for id in ["123", "not-a-uuid", "..%2F..%2Fetc%2Fpasswd", "%3Cscript%3E"] {
        let response = app.delete(&format!("/api/v1/sessions/{id}"), &token).await;
        assert_eq!(error_code(response, 400).await, "invalid_id", "for {id}");
    }
    let unknown = app.delete(&format!("/api/v1/sessions/{}", uuid::Uuid::now_v7()), &token).await;
    assert_eq!(error_code(unknown, 404).await, "not_found");
    assert_eq!(app.get("/api/v1/account", &token).await.status(), 200);
}

#[tokio::test]
async fn unknown_api_paths_and_methods_get_clear_answers() {
    let app = spawn_app().await;
    for path in ["/api/v1/nothing-here", "/api/v1", "/api/v1/", "/api/v1/titles/a/b/c/d"] {
        let response = app.client.get(app.url(path)).send().await.unwrap();
        assert_eq!(response.headers()["cache-control"], "no-store", "for {path}");
        assert_eq!(error_code(response, 404).await, "not_found", "for {path}");
    }
    let posted = app.client.post(app.url("/api/v1/nothing-here")).send().await.unwrap();
    assert_eq!(error_code(posted, 404).await, "not_found");
    let wrong_method = app.client.put(app.url("/api/v1/sessions")).send().await.unwrap();
    let allowed = wrong_method.headers()["allow"].to_str().unwrap().to_string();
    assert!(allowed.contains("GET") && allowed.contains("POST"), "Allow: {allowed}");
    assert_eq!(error_code(wrong_method, 405).await, "method_not_allowed");
}

#[tokio::test]
async fn names_are_stored_as_given_and_returned_as_json_strings() {
    let app = spawn_app().await;
    app.create_account("ada@example.org").await;
    let token = app.sign_in("ada@example.org", "<script>alert(1)</script>", "other").await;
    let response = app.get("/api/v1/sessions", &token).await;
    assert!(response.headers()["content-type"].to_str().unwrap().starts_with("application/json"));
    let listed: Vec<Value> = response.json().await.unwrap();
    assert_eq!(listed[0]["device_name"], "<script>alert(1)</script>");
}
