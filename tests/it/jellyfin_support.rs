//! Helpers for the Jellyfin API tests: what a Jellyfin app sends.

use std::sync::atomic::{AtomicUsize, Ordering};

use reqwest::Response;
use serde_json::{Value, json};

use crate::support::{PASSWORD, TestApp};

/// The header a TV app sends before it has a token.
pub const APP: &str =
    r#"MediaBrowser Client="Jellyfin Android TV", Device="Living room", DeviceId="tv-1", Version="0.17.0""#;

/// The header with the app's token added.
pub fn with_token(token: &str) -> String {
    format!(r#"{APP}, Token="{token}""#)
}

/// Signs in as an app on a device of its own: each call is another device (another `DeviceId`), as a
/// sign-in from the same device replaces that device's earlier session.
pub async fn sign_in_as(app: &TestApp, user_name: &str, password: &str) -> Response {
    static DEVICES: AtomicUsize = AtomicUsize::new(1);
    let device = format!("tv-{}", DEVICES.fetch_add(1, Ordering::Relaxed));
    sign_in_from(app, &device, user_name, password).await
}

/// Signs in as the TV app on the device with this `DeviceId`.
pub async fn sign_in_from(app: &TestApp, device_id: &str, user_name: &str, password: &str) -> Response {
    let header = APP.replace(r#"DeviceId="tv-1""#, &format!(r#"DeviceId="{device_id}""#));
    app.client
        .post(app.url("/Users/AuthenticateByName"))
        .header("Authorization", header)
        .json(&json!({"Username": user_name, "Pw": password}))
        .send()
        .await
        .expect("request")
}

/// Signs in by name and returns the `AuthenticationResult`.
pub async fn signed_in(app: &TestApp, user_name: &str) -> Value {
    let response = sign_in_as(app, user_name, PASSWORD).await;
    assert_eq!(response.status(), 200, "signing in as {user_name}");
    response.json().await.expect("an AuthenticationResult")
}

pub fn token(result: &Value) -> String {
    result["AccessToken"].as_str().expect("an access token").to_string()
}

pub async fn get(app: &TestApp, path: &str, token: &str) -> Response {
    app.client.get(app.url(path)).header("Authorization", with_token(token)).send().await.expect("request")
}

/// GETs a JSON answer that must be 200.
pub async fn json_at(app: &TestApp, path: &str, token: &str) -> Value {
    let response = get(app, path, token).await;
    assert_eq!(response.status(), 200, "GET {path}");
    response.json().await.expect("JSON")
}

/// Checks a refusal: its status, Jellyfin's problem shape and words for a person.
pub async fn refused(response: Response, status: u16) -> String {
    assert_eq!(response.status(), status, "status of {}", response.url());
    assert!(!response.headers().contains_key("x-application-error-code"), "never a restriction code");
    let body: Value = response.json().await.expect("a JSON problem");
    let detail = body["detail"].as_str().unwrap_or_default().to_string();
    assert!(!detail.is_empty(), "refusals say why: {body}");
    detail
}
