//! Who may sign which device out. One device or all of them, the rule is the same: another device
//! than this one needs the password (or a recent proof of it), so a TV that was let in with a code
//! cannot sign the owner out one device at a time. A device watching as a kids profile sees no device
//! list and no account data, and signs out nobody but itself.

use serde_json::{Value, json};

use crate::device_code::{EMAIL, ask_for_code, decide, phone, poll};
use crate::support::{PASSWORD, TestApp, error_code, spawn_app};
use crate::web_support::WebClient;

/// A TV app signed in with a code allowed on a phone: it never typed the password.
async fn tv_by_code(app: &TestApp, phone: &WebClient) -> String {
    let code = ask_for_code(app, "living-room-app").await;
    assert_eq!(decide(phone, code["user_code"].as_str().unwrap(), "allow").await.status, 200);
    poll(app, "living-room-app", code["device_code"].as_str().unwrap()).await.expect("the TV signs in")
}

/// The id of the session listed with this device kind.
async fn session_id(app: &TestApp, token: &str, kind: &str) -> String {
    let sessions: Value = app.get("/api/v1/sessions", token).await.json().await.unwrap();
    let found = sessions.as_array().unwrap().iter().find(|s| s["device_kind"] == kind);
    found.and_then(|s| s["id"].as_str()).unwrap_or_else(|| panic!("a {kind} in {sessions}")).to_string()
}

async fn delete_with(app: &TestApp, path: &str, token: &str, body: Option<Value>) -> reqwest::Response {
    let request = app.client.delete(app.url(path)).bearer_auth(token);
    let request = match body {
        Some(body) => request.json(&body),
        None => request,
    };
    request.send().await.unwrap()
}

#[tokio::test]
async fn a_device_that_cannot_sign_out_everyone_cannot_do_it_one_by_one() {
    let app = spawn_app().await;
    app.create_account(EMAIL).await;
    let phone = phone(&app).await;
    let tablet = app.sign_in(EMAIL, "Tablet", "mobile").await;
    let tv = tv_by_code(&app, &phone).await;
    let tablet_id = session_id(&app, &tv, "mobile").await;

    let everyone = app.client.post(app.url("/api/v1/sessions/sign-out-all")).bearer_auth(&tv).send().await.unwrap();
    assert_eq!(error_code(everyone, 403).await, "reauthentication_required");
    let one = delete_with(&app, &format!("/api/v1/sessions/{tablet_id}"), &tv, None).await;
    assert_eq!(error_code(one, 403).await, "reauthentication_required", "the same rule for one device");
    let tablet_path = format!("/api/v1/sessions/{tablet_id}");
    let wrong = delete_with(&app, &tablet_path, &tv, Some(json!({"password": "nope"}))).await;
    assert_eq!(error_code(wrong, 401).await, "invalid_credentials");
    assert_eq!(app.get("/api/v1/account", &tablet).await.status(), 200, "the tablet is still signed in");

    let right = delete_with(&app, &tablet_path, &tv, Some(json!({"password": PASSWORD}))).await;
    assert_eq!(right.status(), 204, "with the password it may");
    assert_eq!(app.get("/api/v1/account", &tablet).await.status(), 401);

    // Signing itself out never needs the password, by its id or as "current".
    let tv_id = session_id(&app, &tv, "tv").await;
    assert_eq!(delete_with(&app, &format!("/api/v1/sessions/{tv_id}"), &tv, None).await.status(), 204);
    assert_eq!(app.get("/api/v1/account", &tv).await.status(), 401);
}

#[tokio::test]
async fn a_browser_let_in_by_code_signs_out_other_devices_only_with_the_password() {
    let app = spawn_app().await;
    app.create_account(EMAIL).await;
    let owner = phone(&app).await;
    let laptop = app.sign_in(EMAIL, "Laptop", "browser").await;
    // The built-in TV page, signed in by a code the owner allowed.
    let tv = WebClient::new(&app);
    let screen = tv.get("/tv").await;
    let start = screen.body.find("data-user-code").expect("the code is shown");
    let code_start = screen.body[start..].find('>').unwrap() + start + 1;
    let user_code = screen.body[code_start..code_start + 9].to_string();
    assert_eq!(decide(&owner, &user_code, "allow").await.status, 200);
    let signed_in = tv.post("/tv/poll", &[("csrf", &screen.attribute("data-csrf"))]).await;
    assert!(signed_in.body.contains("\"state\":\"signed-in\""), "{}", signed_in.body);

    let account = tv.get("/account").await;
    assert_eq!(account.status, 200);
    assert!(account.body.contains("aria-label=\"Your password, to sign out Laptop\""), "the form asks for it");
    let laptop_id = session_id(&app, &laptop, "browser").await;
    assert!(account.body.contains(&format!("data-device=\"{laptop_id}\"")), "the laptop is listed");
    let path = format!("/account/devices/{laptop_id}/sign-out");
    let refused = tv.post(&path, &[("csrf", &account.csrf())]).await;
    assert_eq!(refused.status, 401);
    assert!(refused.body.contains("enter your password to sign out another device"), "{}", refused.body);
    let wrong = tv.post(&path, &[("csrf", &account.csrf()), ("password", "not the password")]).await;
    assert_eq!(wrong.status, 401);
    assert_eq!(app.get("/api/v1/account", &laptop).await.status(), 200, "the laptop is still signed in");

    let allowed = tv.post(&path, &[("csrf", &account.csrf()), ("password", PASSWORD)]).await;
    assert_eq!(allowed.location(), Some("/account?saved=device#devices"));
    assert_eq!(app.get("/api/v1/account", &laptop).await.status(), 401);
}

#[tokio::test]
async fn a_kids_device_sees_no_devices_or_account_and_signs_out_only_itself() {
    let app = spawn_app().await;
    app.create_account(EMAIL).await;
    let parent = app.sign_in(EMAIL, "Parent's phone", "mobile").await;
    let kid = app.sign_in(EMAIL, "Kid's tablet", "mobile").await;
    let created = app.client.post(app.url("/api/v1/profiles")).bearer_auth(&parent);
    let created = created.json(&json!({"name": "Milo", "kids": true})).send().await.unwrap();
    assert_eq!(created.status(), 201);
    let milo: Value = created.json().await.unwrap();
    let select = app.client.post(app.url(&format!("/api/v1/profiles/{}/select", milo["id"].as_str().unwrap())));
    assert_eq!(select.bearer_auth(&kid).send().await.unwrap().status(), 204);
    let parent_id = session_id(&app, &parent, "mobile").await;

    assert_eq!(error_code(app.get("/api/v1/sessions", &kid).await, 403).await, "kids_profile");
    let account = app.get("/api/v1/account", &kid).await;
    assert_eq!(account.status(), 403);
    assert!(!account.text().await.unwrap().contains(EMAIL), "no account data");
    let parent_path = format!("/api/v1/sessions/{parent_id}");
    let one = delete_with(&app, &parent_path, &kid, Some(json!({"password": PASSWORD}))).await;
    assert_eq!(error_code(one, 403).await, "kids_profile");
    let everyone = app.client.post(app.url("/api/v1/sessions/sign-out-all")).bearer_auth(&kid);
    let everyone = everyone.json(&json!({"password": PASSWORD})).send().await.unwrap();
    assert_eq!(error_code(everyone, 403).await, "kids_profile");
    assert_eq!(app.get("/api/v1/account", &parent).await.status(), 200, "the parent is still signed in");
    assert_eq!(app.get("/api/v1/catalog", &kid).await.status(), 200, "watching goes on");

    assert_eq!(app.delete("/api/v1/sessions/current", &kid).await.status(), 204, "signing itself out is fine");
    assert_eq!(app.get("/api/v1/catalog", &kid).await.status(), 401);
}
