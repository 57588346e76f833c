//! A TV code that was allowed but not yet collected dies with every way of signing out, over HTTP on
//! SQLite and on PostgreSQL: "Sign out of all devices" on the account page, from an app, from the
//! command line, and signing out only the device that allowed it. A device signed in by a code cannot
//! leave a spare code of its own behind to come back in with.

use crate::device_code::{EMAIL, ask_for_code, decide, phone, poll};
use crate::support::{TestApp, TestStore, spawn_app_on};
use crate::web_support::WebClient;

crate::on_both_test_stores!(
    an_allowed_code_dies_when_the_account_page_signs_out_everywhere,
    an_allowed_code_dies_when_an_app_signs_out_everywhere,
    an_allowed_code_dies_with_the_device_that_allowed_it,
    a_tv_signed_in_by_code_leaves_no_spare_code_behind,
);

/// A code asked for by a TV app and allowed on `phone`; the device code the app polls with.
async fn allowed_on(app: &TestApp, phone: &WebClient, client: &str) -> String {
    let code = ask_for_code(app, client).await;
    let allowed = decide(phone, code["user_code"].as_str().unwrap(), "allow").await;
    assert!(allowed.body.contains("data-outcome=\"allowed\""), "{}", allowed.body);
    code["device_code"].as_str().unwrap().to_string()
}

async fn an_allowed_code_dies_when_the_account_page_signs_out_everywhere(store: TestStore) {
    let app = spawn_app_on(store, |_| {}).await;
    app.create_account(EMAIL).await;
    let phone = phone(&app).await;
    let device_code = allowed_on(&app, &phone, "living-room-app").await;

    let confirm = phone.get("/account/sign-out-all").await;
    let out = phone.post("/account/sign-out-all", &[("csrf", &confirm.csrf())]).await;
    assert_eq!(out.location(), Some("/signed-out"), "{}", out.body);
    assert_eq!(phone.get("/account").await.location(), Some("/signin"), "the phone itself is signed out");

    assert_eq!(poll(&app, "living-room-app", &device_code).await, Err("access_denied".into()));
    assert_eq!(poll(&app, "living-room-app", &device_code).await, Err("access_denied".into()), "and stays so");
}

async fn an_allowed_code_dies_when_an_app_signs_out_everywhere(store: TestStore) {
    let app = spawn_app_on(store, |_| {}).await;
    app.create_account(EMAIL).await;
    let phone = phone(&app).await;
    let tablet = app.sign_in(EMAIL, "Tablet", "mobile").await;
    let device_code = allowed_on(&app, &phone, "living-room-app").await;

    let out = app.client.post(app.url("/api/v1/sessions/sign-out-all")).bearer_auth(&tablet).send().await.unwrap();
    assert_eq!(out.status(), 204);
    assert_eq!(poll(&app, "living-room-app", &device_code).await, Err("access_denied".into()));
    // Signing in again afterwards is a new decision: a fresh code allowed now works.
    let phone = crate::device_code::phone(&app).await;
    let fresh = allowed_on(&app, &phone, "living-room-app").await;
    let token = poll(&app, "living-room-app", &fresh).await.expect("a code allowed after the sign-out is good");
    assert_eq!(app.get("/api/v1/account", &token).await.status(), 200);
}

async fn an_allowed_code_dies_with_the_device_that_allowed_it(store: TestStore) {
    let app = spawn_app_on(store, |_| {}).await;
    app.create_account(EMAIL).await;
    let borrowed = phone(&app).await;
    let owner = app.sign_in(EMAIL, "Owner's phone", "mobile").await;
    let device_code = allowed_on(&app, &borrowed, "someone-elses-tv").await;

    // The owner signs out just the borrowed phone, from their own.
    let sessions: serde_json::Value = app.get("/api/v1/sessions", &owner).await.json().await.unwrap();
    let borrowed_id = sessions
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["device_kind"] == "browser")
        .and_then(|s| s["id"].as_str())
        .expect("the borrowed phone's browser is listed")
        .to_string();
    let out = app.delete(&format!("/api/v1/sessions/{borrowed_id}"), &owner).await;
    assert_eq!(out.status(), 204);

    assert_eq!(poll(&app, "someone-elses-tv", &device_code).await, Err("access_denied".into()));
    assert_eq!(app.get("/api/v1/account", &owner).await.status(), 200, "the owner's own phone stays signed in");
}

/// The code the built-in TV page shows.
fn shown_code(page: &str) -> String {
    let start = page.find("data-user-code").expect("the code is shown");
    let code_start = page[start..].find('>').unwrap() + start + 1;
    page[code_start..code_start + 9].to_string()
}

/// A TV page signed in by a code allows a spare code for another app and keeps it. After the owner
/// signs out of every device, neither the TV nor the spare code gets back in; before, the spare code
/// would have signed in a device that could allow the next spare code, and so on.
async fn a_tv_signed_in_by_code_leaves_no_spare_code_behind(store: TestStore) {
    let app = spawn_app_on(store, |_| {}).await;
    app.create_account(EMAIL).await;
    let owner = phone(&app).await;
    let tv = WebClient::new(&app);
    let screen = tv.get("/tv").await;
    let csrf = screen.attribute("data-csrf");
    assert_eq!(decide(&owner, &shown_code(&screen.body), "allow").await.status, 200);
    let signed_in = tv.post("/tv/poll", &[("csrf", &csrf)]).await;
    assert!(signed_in.body.contains("\"state\":\"signed-in\""), "{}", signed_in.body);

    let spare = allowed_on(&app, &tv, "spare-app").await;
    let confirm = owner.get("/account/sign-out-all").await;
    let out = owner.post("/account/sign-out-all", &[("csrf", &confirm.csrf())]).await;
    assert_eq!(out.location(), Some("/signed-out"));

    assert_eq!(tv.get("/profiles").await.location(), Some("/signin"), "the TV is signed out");
    assert_eq!(poll(&app, "spare-app", &spare).await, Err("access_denied".into()), "and its spare code is dead");
}

#[tokio::test]
async fn an_allowed_code_dies_when_the_command_line_signs_out_everywhere() {
    let store = crate::support::sqlite_store().await;
    let data_dir = std::path::PathBuf::from(store.url.trim_start_matches("sqlite://")).parent().unwrap().to_path_buf();
    let app = spawn_app_on(store, |_| {}).await;
    app.create_account(EMAIL).await;
    let phone = phone(&app).await;
    let device_code = allowed_on(&app, &phone, "living-room-app").await;

    let revoked = tokio::task::spawn_blocking(move || {
        crate::cli::marquee(&data_dir, &["session", "revoke-all", "--email", EMAIL], "")
    })
    .await
    .unwrap();
    assert!(revoked.status.success(), "{}", crate::cli::text(&revoked.stderr));
    // The server has not even heard of the sign-out yet when the TV polls: the database says no.
    assert_eq!(poll(&app, "living-room-app", &device_code).await, Err("access_denied".into()));
}
