//! Signing a device in with a code (RFC 8628) over HTTP, on SQLite and on PostgreSQL: a TV app asks
//! for a code, a phone signed in through its browser allows it at `/activate`, the TV collects its
//! session. Every error the token endpoint names, spent codes, expiry with the clock moved forward,
//! throttled guessing, and a code allowed on one instance and collected on another.

use marquee::clock::Clock;
use serde_json::Value;

use crate::support::{PASSWORD, TestApp, TestStore, spawn_app_on};
use crate::web_support::{Page, WebClient};

crate::on_both_test_stores!(
    a_tv_app_signs_in_with_a_code_allowed_on_a_phone,
    every_refusal_has_its_rfc_error,
    codes_expire_by_the_clock,
    guessing_codes_is_throttled_per_session_and_address,
    allowing_can_ask_for_the_password,
    asking_for_the_password_holds_on_every_instance,
    the_tv_page_goes_on_by_itself,
);

pub(crate) const EMAIL: &str = "ada@example.org";
const DEVICE_GRANT: &str = "urn:ietf:params:oauth:grant-type:device_code";

/// A form-encoded POST, as a TV app sends it; the answer's status, headers and JSON.
pub(crate) async fn oauth(
    app: &TestApp,
    path: &str,
    fields: &[(&str, &str)],
) -> (u16, reqwest::header::HeaderMap, Value) {
    let response = app.client.post(app.url(path)).form(fields).send().await.expect("request");
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    let body = response.json().await.expect("a JSON answer");
    (status, headers, body)
}

/// A new code for a TV app called `client`.
pub(crate) async fn ask_for_code(app: &TestApp, client: &str) -> Value {
    let (status, headers, body) =
        oauth(app, "/oauth/device_authorization", &[("client_id", client), ("device_name", "Living room TV")]).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(headers["cache-control"], "no-store");
    body
}

/// The TV app's poll: `Ok(access token)` or `Err(error code)`.
pub(crate) async fn poll(app: &TestApp, client: &str, device_code: &str) -> Result<String, String> {
    let fields = [("grant_type", DEVICE_GRANT), ("device_code", device_code), ("client_id", client)];
    let (status, headers, body) = oauth(app, "/oauth/token", &fields).await;
    assert_eq!(headers["cache-control"], "no-store", "token answers are never cached");
    if status == 200 {
        assert_eq!(body["token_type"], "Bearer");
        assert!(body["expires_in"].as_u64().is_some_and(|s| s > 0), "{body}");
        return Ok(body["access_token"].as_str().expect("a token").to_string());
    }
    assert_eq!(status, 400, "{body}");
    assert!(body["error_description"].as_str().is_some_and(|words| !words.is_empty()), "{body}");
    Err(body["error"].as_str().expect("an error code").to_string())
}

/// A phone whose browser is signed in to the account.
pub(crate) async fn phone(app: &TestApp) -> WebClient {
    let phone = WebClient::new(app);
    phone.sign_in(EMAIL, true).await;
    phone
}

/// Enters `code` at /activate and answers the confirmation with `decision`; returns the final page.
pub(crate) async fn decide(phone: &WebClient, code: &str, decision: &str) -> Page {
    let confirm = phone.submit("/activate", "/activate", &[("code", code)]).await;
    assert_eq!(confirm.status, 200, "the code is found: {}", confirm.body);
    phone.post("/activate/decide", &[("csrf", &confirm.csrf()), ("code", code), ("decision", decision)]).await
}

async fn a_tv_app_signs_in_with_a_code_allowed_on_a_phone(store: TestStore) {
    let app = spawn_app_on(store, |_| {}).await;
    app.create_account(EMAIL).await;
    let code = ask_for_code(&app, "living-room-app").await;
    let user_code = code["user_code"].as_str().unwrap().to_string();
    let device_code = code["device_code"].as_str().unwrap();
    assert_eq!(user_code.len(), 9);
    assert_eq!(&user_code[4..5], "-");
    assert!(user_code.replace('-', "").bytes().all(|b| b"BCDFGHJKLMNPQRSTVWXZ".contains(&b)), "{user_code}");
    assert!(device_code.len() >= 43, "at least 128 random bits: {device_code}");
    assert_eq!(code["verification_uri"], app.url("/activate"));
    assert_eq!(code["verification_uri_complete"], app.url(&format!("/activate?code={user_code}")));
    assert_eq!((code["expires_in"].as_u64(), code["interval"].as_u64()), (Some(600), Some(5)));

    assert_eq!(poll(&app, "living-room-app", device_code).await, Err("authorization_pending".into()));
    // Polling again at once is too fast.
    assert_eq!(poll(&app, "living-room-app", device_code).await, Err("slow_down".into()));

    // The QR code's link fills the code in; typed in lower case without the dash it is the same code.
    let phone = phone(&app).await;
    let prefilled = phone.get(&format!("/activate?code={user_code}")).await;
    assert_eq!(prefilled.status, 200);
    assert!(prefilled.body.contains(&format!("value=\"{user_code}\"")), "the code is filled in");
    let typed = user_code.to_lowercase().replace('-', " ");
    let confirm = phone.submit("/activate", "/activate", &[("code", &typed)]).await;
    assert_eq!(confirm.status, 200, "{}", confirm.body);
    assert!(confirm.body.contains("Living room TV") && confirm.body.contains(">TV<"), "names the device and its kind");
    let allowed =
        phone.post("/activate/decide", &[("csrf", &confirm.csrf()), ("code", &typed), ("decision", "allow")]).await;
    assert_eq!(allowed.status, 200, "{}", allowed.body);
    assert!(allowed.body.contains("data-outcome=\"allowed\""));

    let token = poll(&app, "living-room-app", device_code).await.expect("signed in once allowed");
    let account = app.get("/api/v1/account", &token).await;
    assert_eq!(account.status(), 200, "the token is a session like any other");
    // Listed among the account's devices, as a TV.
    let sessions: Value = app.get("/api/v1/sessions", &token).await.json().await.unwrap();
    let tv = sessions.as_array().unwrap().iter().find(|s| s["current"] == true).expect("the TV is listed").clone();
    assert_eq!((tv["device_name"].as_str(), tv["device_kind"].as_str()), (Some("Living room TV"), Some("tv")));
    let devices = phone.get("/account").await;
    assert!(devices.body.contains("Living room TV"), "the phone's device list shows the TV");

    // The code is spent; and the TV, which never typed the password, cannot sign everyone out without it.
    assert_eq!(poll(&app, "living-room-app", device_code).await, Err("invalid_grant".into()));
    let sign_out_all =
        app.client.post(app.url("/api/v1/sessions/sign-out-all")).bearer_auth(&token).send().await.unwrap();
    assert_eq!(crate::support::error_code(sign_out_all, 403).await, "reauthentication_required");
}

async fn every_refusal_has_its_rfc_error(store: TestStore) {
    let app = spawn_app_on(store, |_| {}).await;
    app.create_account(EMAIL).await;
    let code = ask_for_code(&app, "app").await;
    let device_code = code["device_code"].as_str().unwrap();

    let cases: [(&[(&str, &str)], &str); 7] = [
        (&[("device_code", device_code), ("client_id", "app")], "invalid_request"),
        (&[("grant_type", "password"), ("device_code", device_code), ("client_id", "app")], "unsupported_grant_type"),
        (&[("grant_type", DEVICE_GRANT), ("client_id", "app")], "invalid_request"),
        (&[("grant_type", DEVICE_GRANT), ("device_code", device_code)], "invalid_request"),
        (&[("grant_type", DEVICE_GRANT), ("device_code", "mqd_guess"), ("client_id", "app")], "invalid_grant"),
        (&[("grant_type", DEVICE_GRANT), ("device_code", device_code), ("client_id", "another")], "invalid_grant"),
        (
            &[("grant_type", DEVICE_GRANT), ("device_code", device_code), ("device_code", "x"), ("client_id", "app")],
            "invalid_request",
        ),
    ];
    for (fields, expected) in cases {
        let (status, _, body) = oauth(&app, "/oauth/token", fields).await;
        assert_eq!((status, body["error"].as_str()), (400, Some(expected)), "{fields:?}: {body}");
    }
    // Not form-encoded, or not a form at all.
    let json = app.client.post(app.url("/oauth/token")).json(&serde_json::json!({"grant_type": DEVICE_GRANT}));
    let json = json.send().await.unwrap();
    assert_eq!(json.status(), 400);
    assert_eq!(json.json::<Value>().await.unwrap()["error"], "invalid_request");
    let huge = app.client.post(app.url("/oauth/token")).form(&[("client_id", "x".repeat(100_000))]);
    assert_eq!(huge.send().await.unwrap().status(), 413, "a huge body is refused before it is read");
    for fields in [&[("device_name", "TV")][..], &[("client_id", "app"), ("device_name", "bad\u{7}name")]] {
        let (status, _, body) = oauth(&app, "/oauth/device_authorization", fields).await;
        assert_eq!((status, body["error"].as_str()), (400, Some("invalid_request")), "{body}");
    }

    // Denied on the phone: the device hears so, and the code is not shown for a decision any more.
    let phone = phone(&app).await;
    let denied = decide(&phone, code["user_code"].as_str().unwrap(), "deny").await;
    assert!(denied.body.contains("data-outcome=\"denied\""), "{}", denied.body);
    assert_eq!(poll(&app, "app", device_code).await, Err("access_denied".into()));
    let again = phone.submit("/activate", "/activate", &[("code", code["user_code"].as_str().unwrap())]).await;
    assert_eq!(again.status, 404, "a decided code is not offered again");

    // Another code is allowed and collected: then it is spent, and deciding it again is too late.
    let second = ask_for_code(&app, "app").await;
    let user_code = second["user_code"].as_str().unwrap();
    let confirm = phone.submit("/activate", "/activate", &[("code", user_code)]).await;
    let csrf = confirm.csrf();
    let allowed = phone.post("/activate/decide", &[("csrf", &csrf), ("code", user_code), ("decision", "allow")]).await;
    assert_eq!(allowed.status, 200);
    let late = phone.post("/activate/decide", &[("csrf", &csrf), ("code", user_code), ("decision", "deny")]).await;
    assert_eq!(late.status, 404, "the code was decided already");
    assert!(poll(&app, "app", second["device_code"].as_str().unwrap()).await.is_ok());
    assert_eq!(poll(&app, "app", second["device_code"].as_str().unwrap()).await, Err("invalid_grant".into()));
}

async fn codes_expire_by_the_clock(store: TestStore) {
    let clock = Clock::default();
    let app = spawn_app_on(store, {
        let clock = clock.clone();
        move |settings| settings.clock = clock
    })
    .await;
    app.create_account(EMAIL).await;
    let phone = phone(&app).await;
    let code = ask_for_code(&app, "app").await;
    let device_code = code["device_code"].as_str().unwrap();
    assert_eq!(poll(&app, "app", device_code).await, Err("authorization_pending".into()));

    clock.advance(time::Duration::minutes(10));
    assert_eq!(poll(&app, "app", device_code).await, Err("expired_token".into()));
    let typed = phone.submit("/activate", "/activate", &[("code", code["user_code"].as_str().unwrap())]).await;
    assert_eq!(typed.status, 404, "an expired code cannot be allowed");

    // Allowed in time, but collected after the code's lifetime: expired all the same.
    let late = ask_for_code(&app, "app").await;
    let allowed = decide(&phone, late["user_code"].as_str().unwrap(), "allow").await;
    assert_eq!(allowed.status, 200);
    clock.advance(time::Duration::minutes(11));
    assert_eq!(poll(&app, "app", late["device_code"].as_str().unwrap()).await, Err("expired_token".into()));
}

async fn guessing_codes_is_throttled_per_session_and_address(store: TestStore) {
    let app = spawn_app_on(store, |settings| {
        settings.throttle.per_account = 3;
        settings.throttle.per_address = 5;
    })
    .await;
    app.create_account(EMAIL).await;
    let code = ask_for_code(&app, "app").await;
    let user_code = code["user_code"].as_str().unwrap();
    // A code the TV is not showing (the real one with its last letter changed).
    let wrong = format!("{}{}", &user_code[..8], if user_code.ends_with('B') { 'C' } else { 'B' });

    let first = phone(&app).await;
    // Typos that cannot be codes are explained and not counted.
    for typo in ["ABCD-EFGH", "BCD", "<script>alert(1)</script>"] {
        let page = first.submit("/activate", "/activate", &[("code", typo)]).await;
        assert_eq!(page.status, 400, "{typo}");
        assert!(!page.body.contains("<script>alert"), "what was typed is escaped");
    }
    for _ in 0..3 {
        assert_eq!(first.submit("/activate", "/activate", &[("code", &wrong)]).await.status, 404);
    }
    let refused = first.submit("/activate", "/activate", &[("code", &wrong)]).await;
    assert_eq!(refused.status, 429, "a fourth wrong code from one session is refused");
    let right = first.submit("/activate", "/activate", &[("code", user_code)]).await;
    assert_eq!(right.status, 429, "even the right code, until the window ends");

    // Another session from the same address has its own count, but the address's is nearly spent.
    let second = phone(&app).await;
    assert_eq!(second.submit("/activate", "/activate", &[("code", &wrong)]).await.status, 404);
    assert_eq!(second.submit("/activate", "/activate", &[("code", &wrong)]).await.status, 404);
    assert_eq!(second.submit("/activate", "/activate", &[("code", &wrong)]).await.status, 429, "the address's limit");
    assert_eq!(poll(&app, "app", code["device_code"].as_str().unwrap()).await, Err("authorization_pending".into()));
}

async fn allowing_can_ask_for_the_password(store: TestStore) {
    let app = spawn_app_on(store, |_| {}).await;
    app.create_account(EMAIL).await;
    let phone = phone(&app).await;
    let refused = phone.submit("/account", "/account/device-codes", &[("confirm", "on"), ("password", "wrong")]).await;
    assert_eq!(refused.status, 401, "turning it on or off needs the password");
    let saved = phone.submit("/account", "/account/device-codes", &[("confirm", "on"), ("password", PASSWORD)]).await;
    assert_eq!(saved.location(), Some("/account?saved=device-codes#tv-codes"));

    let code = ask_for_code(&app, "app").await;
    let user_code = code["user_code"].as_str().unwrap();
    let confirm = phone.submit("/activate", "/activate", &[("code", user_code)]).await;
    assert!(confirm.body.contains("name=\"password\""), "the confirmation asks for the password");
    let csrf = confirm.csrf();
    let without = phone.post("/activate/decide", &[("csrf", &csrf), ("code", user_code), ("decision", "allow")]).await;
    assert_eq!(without.status, 401);
    assert_eq!(poll(&app, "app", code["device_code"].as_str().unwrap()).await, Err("authorization_pending".into()));
    let fields = [("csrf", csrf.as_str()), ("code", user_code), ("decision", "allow"), ("password", PASSWORD)];
    assert_eq!(phone.post("/activate/decide", &fields).await.status, 200);
    assert!(poll(&app, "app", code["device_code"].as_str().unwrap()).await.is_ok());
}

/// Turned on through one instance, the setting holds at once on another that cached the phone's
/// session (and its account) from before, as behind a round-robin load balancer.
async fn asking_for_the_password_holds_on_every_instance(store: TestStore) {
    let elsewhere = TestStore::reopen(&store).await;
    let first = spawn_app_on(store, |_| {}).await;
    let second = spawn_app_on(elsewhere, |_| {}).await;
    first.create_account(EMAIL).await;
    let phone = phone(&first).await;
    let phone_elsewhere = WebClient::with_http(phone.http.clone(), &second.base);
    assert_eq!(phone_elsewhere.get("/account").await.status, 200, "the other instance holds the session");
    let saved = phone.submit("/account", "/account/device-codes", &[("confirm", "on"), ("password", PASSWORD)]).await;
    assert_eq!(saved.location(), Some("/account?saved=device-codes#tv-codes"));

    let code = ask_for_code(&second, "app").await;
    let user_code = code["user_code"].as_str().unwrap();
    let confirm = phone_elsewhere.submit("/activate", "/activate", &[("code", user_code)]).await;
    assert!(confirm.body.contains("name=\"password\""), "the other instance asks for the password too");
    let fields = [("csrf", confirm.csrf()), ("code", user_code.into()), ("decision", "allow".into())];
    let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let without = phone_elsewhere.post("/activate/decide", &fields).await;
    assert_eq!(without.status, 401, "not allowed without the password");
    assert_eq!(poll(&second, "app", code["device_code"].as_str().unwrap()).await, Err("authorization_pending".into()));
}

async fn the_tv_page_goes_on_by_itself(store: TestStore) {
    let app = spawn_app_on(store, |_| {}).await;
    app.create_account(EMAIL).await;
    let tv = WebClient::new(&app);
    let screen = tv.get("/tv").await;
    assert_eq!(screen.status, 200, "{}", screen.body);
    let user_code = {
        let start = screen.body.find("data-user-code").expect("the code is shown");
        let code_start = screen.body[start..].find('>').unwrap() + start + 1;
        screen.body[code_start..code_start + 9].to_string()
    };
    assert!(screen.body.contains("<svg class=\"tv-code__qr\""), "a QR code is drawn");
    assert!(!screen.body.contains("mqd_"), "the device code never reaches the page");
    // Reloading shows the same code while it waits.
    assert!(tv.get("/tv").await.body.contains(&user_code));

    let csrf = screen.attribute("data-csrf");
    let waiting = tv.post("/tv/poll", &[("csrf", &csrf)]).await;
    assert!(waiting.body.contains("\"state\":\"waiting\""), "{}", waiting.body);
    let phone = phone(&app).await;
    assert_eq!(decide(&phone, &user_code, "allow").await.status, 200);
    let signed_in = tv.post("/tv/poll", &[("csrf", &csrf)]).await;
    assert!(signed_in.body.contains("\"state\":\"signed-in\""), "{}", signed_in.body);
    assert!(signed_in.set_cookies().iter().any(|c| c.starts_with("marquee_session=")), "the TV gets its cookie");
    let who = tv.get("/profiles").await;
    assert_eq!(who.status, 200, "the TV goes on to Who's watching?");
    assert!(who.body.contains("class=\"tv\""), "in the TV layout");

    // Signed out from the phone: the TV's sign-in page is its code screen again.
    let devices = phone.get("/account").await;
    let tv_row = devices.body.find("device__icon--tv").expect("the TV is listed as a TV");
    let id_start = devices.body[..tv_row].rfind("data-device=\"").unwrap() + 13;
    let id = &devices.body[id_start..id_start + 36];
    let out = phone.post(&format!("/account/devices/{id}/sign-out"), &[("csrf", &devices.csrf())]).await;
    assert_eq!(out.status, 303);
    assert_eq!(tv.get("/profiles").await.location(), Some("/signin"));
    assert_eq!(tv.get("/signin").await.location(), Some("/tv"));
    assert_eq!(tv.get("/signin?with=password").await.status, 200, "unless asked for the password form");
}

#[tokio::test]
async fn someone_signed_out_at_activate_signs_in_and_comes_back_to_the_code() {
    let app = crate::support::spawn_app().await;
    app.create_account(EMAIL).await;
    let phone = WebClient::new(&app);
    let bounced = phone.get("/activate?code=bcdf-ghjk").await;
    assert_eq!(bounced.location(), Some("/signin?next=%2Factivate%3Fcode%3DBCDF-GHJK"));
    let form = phone.get(bounced.location().unwrap()).await;
    assert!(form.body.contains("name=\"next\" value=\"/activate?code=BCDF-GHJK\""), "the form keeps where to go");
    let fields =
        [("email", EMAIL), ("password", PASSWORD), ("next", "/activate?code=BCDF-GHJK"), ("csrf", &form.csrf())];
    let signed_in = phone.post("/signin", &fields).await;
    assert_eq!(signed_in.location(), Some("/activate?code=BCDF-GHJK"));
    assert!(phone.get("/activate?code=BCDF-GHJK").await.body.contains("value=\"BCDF-GHJK\""));

    // Only a path on this site is followed after signing in.
    for elsewhere in ["https://evil.example/", "//evil.example/", "/\\evil.example", "javascript:alert(1)"] {
        let other = WebClient::new(&app);
        let form = other.get("/signin").await;
        let fields = [("email", EMAIL), ("password", PASSWORD), ("next", elsewhere), ("csrf", &form.csrf())];
        assert_eq!(other.post("/signin", &fields).await.location(), Some("/profiles"), "{elsewhere}");
    }
}

#[tokio::test]
async fn a_code_allowed_on_one_instance_is_collected_on_another() {
    let Some(first_store) = crate::support::postgres_store().await else { return };
    let second_store = TestStore::reopen(&first_store).await;
    let first = spawn_app_on(first_store, |_| {}).await;
    let second = spawn_app_on(second_store, |_| {}).await;
    first.create_account(EMAIL).await;

    let code = ask_for_code(&first, "app").await;
    let device_code = code["device_code"].as_str().unwrap();
    assert_eq!(poll(&second, "app", device_code).await, Err("authorization_pending".into()));
    let phone = phone(&second).await;
    assert_eq!(decide(&phone, code["user_code"].as_str().unwrap(), "allow").await.status, 200);
    let token = poll(&first, "app", device_code).await.expect("collected where it was asked for");
    assert_eq!(second.get("/api/v1/account", &token).await.status(), 200, "and good on every instance");
    assert_eq!(poll(&second, "app", device_code).await, Err("invalid_grant".into()));
}
