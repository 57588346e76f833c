//! Signing in for a while ("until tomorrow morning", "for a week") over HTTP, on SQLite and on
//! PostgreSQL: the sessions API takes a lifetime and says when each session ends; a TV code allowed
//! for a week gets a token that says so and a row in the device list that says when it goes; a
//! session whose end comes is signed out by itself, refused on its next request, and its open event
//! stream is told; the sign-in page and the account's time zone.

use std::time::Duration;

use marquee::domain::session_lifetime::SessionLifetime;
use marquee::domain::time_zone::AccountTimeZone;
use marquee::store::{AccountChange, NewSession, PersonalInfo};
use serde_json::{Value, json};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;
use tokio::time::Instant;

use crate::device_code::{EMAIL, ask_for_code, oauth, phone};
use crate::support::{PASSWORD, TestApp, TestStore, error_code, spawn_app, spawn_app_on};
use crate::web_support::WebClient;

crate::on_both_test_stores!(
    the_api_takes_a_lifetime_and_says_when_each_session_ends,
    an_unknown_lifetime_is_refused_and_signs_nothing_in,
    a_session_whose_end_comes_is_signed_out_and_its_stream_is_told,
    a_session_started_with_an_end_wakes_the_ender_early,
    a_tv_code_allowed_for_a_week_says_so_in_its_token_and_the_device_list,
);

const DEVICE_GRANT: &str = "urn:ietf:params:oauth:grant-type:device_code";
const WEEK: time::Duration = time::Duration::days(7);

fn at(value: &Value) -> OffsetDateTime {
    OffsetDateTime::parse(value.as_str().unwrap_or_else(|| panic!("a time: {value}")), &Rfc3339).expect("RFC 3339")
}

/// Signs in through the API for `lifetime` (none sent: the default); the token and the session answer.
async fn sign_in_for(app: &TestApp, device: &str, lifetime: Option<&str>) -> (String, Value) {
    let mut body = json!({"email": EMAIL, "password": PASSWORD, "device_name": device, "device_kind": "tv"});
    if let Some(lifetime) = lifetime {
        body["lifetime"] = json!(lifetime);
    }
    let response = app.sign_in_raw(body).await;
    assert_eq!(response.status(), 201);
    let answer: Value = response.json().await.unwrap();
    (answer["token"].as_str().unwrap().to_string(), answer["session"].clone())
}

async fn set_time_zone(app: &TestApp, account_id: uuid::Uuid, zone: &str) {
    let info =
        PersonalInfo { display_name: "Ada".into(), phone: None, language: "en".into(), time_zone: Some(zone.into()) };
    assert!(
        app.store
            .change_account(&marquee::store::Actor::server(), account_id, AccountChange::PersonalInfo(&info))
            .await
            .unwrap()
    );
}

async fn the_api_takes_a_lifetime_and_says_when_each_session_ends(store: TestStore) {
    let app = spawn_app_on(store, |_| {}).await;
    let account = app.create_account(EMAIL).await;
    set_time_zone(&app, account.id, "Pacific/Auckland").await;
    let auckland = AccountTimeZone::parse("Pacific/Auckland").unwrap();

    let before = marquee::clock::now();
    let (_, week) = sign_in_for(&app, "Hotel TV", Some("week")).await;
    let (_, morning) = sign_in_for(&app, "Friend's TV", Some("until_morning")).await;
    let (token, always) = sign_in_for(&app, "Living room TV", None).await;
    let (_, said) = sign_in_for(&app, "Bedroom TV", Some("until_signed_out")).await;
    let after = marquee::clock::now();

    assert_eq!(week["lifetime"], "week");
    let ends = at(&week["expires_at"]);
    assert!(ends >= before + WEEK && ends <= after + WEEK, "a week from now: {ends}");
    assert_eq!(morning["lifetime"], "until_morning");
    let ends = at(&morning["expires_at"]);
    let expected = [before, after].map(|now| SessionLifetime::UntilMorning.end(now, &auckland).unwrap());
    assert!(expected.contains(&ends), "the next 04:00 in Auckland at least 4 hours away: {ends} not in {expected:?}");
    let local = auckland.local(ends);
    assert_eq!((local.hour(), local.minute()), (4, 0), "04:00 on Auckland's clocks");
    // Without a lifetime, as before: until signed out, and the longest any session may last.
    for session in [&always, &said] {
        assert_eq!(session["lifetime"], "until_signed_out");
        let ends = at(&session["expires_at"]);
        let longest = time::Duration::days(90);
        assert!(ends >= before + longest && ends <= after + longest, "{ends}");
    }

    // The device list says the same of each.
    let listed: Vec<Value> = app.get("/api/v1/sessions", &token).await.json().await.unwrap();
    assert_eq!(listed.len(), 4);
    for session in [&week, &morning, &always] {
        let entry = listed.iter().find(|entry| entry["id"] == session["id"]).expect("listed");
        assert_eq!((&entry["lifetime"], &entry["expires_at"]), (&session["lifetime"], &session["expires_at"]));
    }
}

async fn an_unknown_lifetime_is_refused_and_signs_nothing_in(store: TestStore) {
    let app = spawn_app_on(store, |_| {}).await;
    app.create_account(EMAIL).await;
    for lifetime in [json!("forever"), json!("WEEK"), json!(""), json!(7)] {
        let body = json!({"email": EMAIL, "password": PASSWORD, "device_name": "TV", "device_kind": "tv",
                          "lifetime": lifetime});
        let response = app.sign_in_raw(body).await;
        assert_eq!(response.status(), 400, "{lifetime}");
        if lifetime.is_string() {
            let text = response.text().await.unwrap();
            assert!(text.contains("\"invalid_lifetime\""), "{text}");
            assert!(text.contains("until_morning, week, until_signed_out"), "says what is allowed: {text}");
        }
    }
    let (token, _) = sign_in_for(&app, "Phone", None).await;
    let listed: Vec<Value> = app.get("/api/v1/sessions", &token).await.json().await.unwrap();
    assert_eq!(listed.len(), 1, "nothing was signed in by the refused requests");
}

/// Waits, up to `within`, until `done` answers true.
async fn wait_until<F: std::future::Future<Output = bool>>(within: Duration, what: &str, mut done: impl FnMut() -> F) {
    let deadline = Instant::now() + within;
    while !done().await {
        assert!(Instant::now() < deadline, "{what}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// A hotel TV let in for a week, a week ago, started straight in the store (so no instance knows of it
/// yet): its end comes in `seconds`. Its id and token.
async fn hotel_tv_ending_in(app: &TestApp, account_id: uuid::Uuid, seconds: i64) -> (uuid::Uuid, String) {
    let credentials = app.store.credentials_by_id(account_id).await.unwrap().unwrap();
    let issued = marquee::auth::token::issue().unwrap();
    let now = marquee::clock::now();
    let hotel_tv = NewSession {
        account_id,
        token_hash: issued.hash.as_bytes().to_vec(),
        device_name: "Hotel TV".into(),
        device_kind: marquee::domain::device::DeviceKind::Tv,
        remember: true,
        created_at: now,
        ip: None,
        idle_timeout_secs: 3600,
        expires_at: now + time::Duration::seconds(seconds),
        credential_version: credentials.credential_version,
        max_per_account: 100,
        password_verified_at: OffsetDateTime::UNIX_EPOCH,
        device_code_hash: None,
        profile_id: None,
        app_device_id: None,
        lifetime: SessionLifetime::Week,
        alert: None,
        passkey_id: None,
    };
    let id = app.store.create_session(hotel_tv).await.unwrap().expect("signed in").record.id;
    (id, issued.token)
}

async fn a_session_whose_end_comes_is_signed_out_and_its_stream_is_told(store: TestStore) {
    // Looks at least every second (the shortest allowed), so the test never waits a minute.
    let app = spawn_app_on(store, |settings| settings.sessions.end_check_every = Duration::from_secs(1)).await;
    let account = app.create_account(EMAIL).await;
    let (phone, _) = sign_in_for(&app, "Phone", None).await;
    let (tv_id, tv) = hotel_tv_ending_in(&app, account.id, 2).await;
    assert_eq!(app.get("/api/v1/account", &tv).await.status(), 200, "signed in until its end");
    let mut stream = app.get("/api/v1/events", &tv).await;
    assert_eq!(stream.status(), 200);

    // Signed out in the database, as from the device list: revoked, not merely lapsed.
    let store = app.store.store.clone();
    wait_until(Duration::from_secs(10), "the TV is signed out by itself", || {
        let store = store.clone();
        async move { store.live_session_token_hash(tv_id).await.unwrap().is_none() }
    })
    .await;
    let mut received = String::new();
    let read = async {
        while let Some(chunk) = stream.chunk().await.expect("stream") {
            received.push_str(&String::from_utf8_lossy(&chunk));
            if received.contains("signed-out") {
                break;
            }
        }
    };
    tokio::time::timeout(Duration::from_secs(5), read).await.expect("the stream hears it");
    assert!(received.contains("event: signed-out"), "{received}");
    assert_eq!(error_code(app.get("/api/v1/account", &tv).await, 401).await, "unauthenticated");
    // The phone, let in until signed out, stays; the TV is gone from its list.
    let listed: Vec<Value> = app.get("/api/v1/sessions", &phone).await.json().await.unwrap();
    assert_eq!(listed.iter().map(|s| s["device_name"].as_str().unwrap()).collect::<Vec<_>>(), vec!["Phone"]);
}

async fn a_tv_code_allowed_for_a_week_says_so_in_its_token_and_the_device_list(store: TestStore) {
    let app = spawn_app_on(store, |_| {}).await;
    app.create_account(EMAIL).await;
    let code = ask_for_code(&app, "hotel-app").await;
    let (user_code, device_code) = (code["user_code"].as_str().unwrap(), code["device_code"].as_str().unwrap());
    let phone = phone(&app).await;
    let confirm = phone.submit("/activate", "/activate", &[("code", user_code)]).await;
    assert_eq!(confirm.status, 200, "{}", confirm.body);
    assert!(confirm.body.contains("name=\"lifetime\""), "the page asks how long");
    // Asked from this very network, it is most likely the household's own: proposed to stay.
    assert!(confirm.body.contains("value=\"until_signed_out\" selected"), "{}", confirm.body);

    let refused = phone
        .post(
            "/activate/decide",
            &[("csrf", &confirm.csrf()), ("code", user_code), ("decision", "allow"), ("lifetime", "forever")],
        )
        .await;
    assert_eq!(refused.status, 400);
    assert!(refused.body.contains("Choose how long to stay signed in from the list."), "{}", refused.body);
    let fields = [("grant_type", DEVICE_GRANT), ("device_code", device_code), ("client_id", "hotel-app")];
    let (status, _, body) = oauth(&app, "/oauth/token", &fields).await;
    assert_eq!((status, body["error"].as_str()), (400, Some("authorization_pending")), "nothing was allowed");

    let before = marquee::clock::now();
    let allowed = phone
        .post(
            "/activate/decide",
            &[("csrf", &confirm.csrf()), ("code", user_code), ("decision", "allow"), ("lifetime", "week")],
        )
        .await;
    assert_eq!(allowed.status, 200, "{}", allowed.body);
    let (status, _, body) = oauth(&app, "/oauth/token", &fields).await;
    let after = marquee::clock::now();
    assert_eq!(status, 200, "{body}");
    let ends = at(&body["expires_at"]);
    assert!(ends >= before + WEEK && ends <= after + WEEK, "a week from when it was allowed: {ends}");
    let expires_in = body["expires_in"].as_i64().unwrap();
    assert!((WEEK.whole_seconds() - 5..=WEEK.whole_seconds()).contains(&expires_in), "{expires_in}");
    let token = body["access_token"].as_str().unwrap();
    let listed: Vec<Value> = app.get("/api/v1/sessions", token).await.json().await.unwrap();
    let tv = listed.iter().find(|s| s["current"] == true).unwrap();
    assert_eq!((&tv["lifetime"], at(&tv["expires_at"])), (&json!("week"), ends));

    // The device list says when, on the account's clocks (the server's zone until one is chosen).
    let local = AccountTimeZone::server().local(ends);
    let when = format!("Signs out by itself at {:02}:{:02} on", local.hour(), local.minute());
    let devices = phone.get("/account").await;
    assert!(devices.body.contains(&when), "{when}: {}", devices.body);
    assert_eq!(devices.body.matches("data-device-ends").count(), 1, "only the TV goes by itself");
}

#[tokio::test]
async fn the_sign_in_page_lets_a_borrowed_computer_go_by_itself_in_the_morning() {
    let app = spawn_app().await;
    app.create_account(EMAIL).await;
    let browser = WebClient::new(&app);
    let form = browser.get("/signin").await;
    assert!(form.body.contains("name=\"lifetime\"") && form.body.contains("Until tomorrow morning (4:00)"));

    let fields = [("email", EMAIL), ("password", PASSWORD), ("lifetime", "tonight")];
    let refused = browser.submit("/signin", "/signin", &fields).await;
    assert_eq!(refused.status, 400);
    assert!(refused.body.contains("Choose how long to stay signed in from the list."), "{}", refused.body);
    assert!(refused.set_cookies().iter().all(|cookie| !cookie.contains("marquee_session=")), "not signed in");

    let fields = [("email", EMAIL), ("password", PASSWORD), ("remember", "on"), ("lifetime", "until_morning")];
    let signed_in = browser.submit("/signin", "/signin", &fields).await;
    assert_eq!(signed_in.status, 303, "{}", signed_in.body);
    let devices = browser.get("/account").await;
    // Tomorrow morning is 04:00 on the account's clocks, whatever the zone.
    assert!(devices.body.contains("Signs out by itself at 04:00 on"), "{}", devices.body);
    let help = browser.get("/help").await;
    assert!(help.body.contains("id=\"for-a-while\">On a TV that is not yours"), "the help page explains it");
}

#[tokio::test]
async fn the_account_time_zone_is_chosen_from_real_zones() {
    let app = spawn_app().await;
    let account = app.create_account(EMAIL).await;
    let browser = WebClient::new(&app);
    browser.sign_in(EMAIL, true).await;
    let page = browser.get("/account").await;
    let server = AccountTimeZone::server();
    assert!(page.body.contains(&format!("name=\"time_zone\" value=\"{}\"", server.name())), "the server's zone");
    assert!(page.body.contains("<option value=\"America/Argentina/Buenos_Aires\">"), "a list of real zones");

    let fields = [("name", "Ada"), ("phone", ""), ("language", "en"), ("time_zone", "Mars/Olympus_Mons")];
    let refused = browser.submit("/account", "/account/personal", &fields).await;
    assert_eq!(refused.status, 400);
    assert!(refused.body.contains("That is not a time zone Marquee knows"), "{}", refused.body);
    assert!(refused.body.contains("id=\"time_zone\""), "the page is shown again");
    assert_eq!(app.store.account_by_id(account.id).await.unwrap().unwrap().time_zone, None, "nothing saved");

    let fields = [("name", "Ada"), ("phone", ""), ("language", "en"), ("time_zone", "asia/tokyo")];
    let saved = browser.submit("/account", "/account/personal", &fields).await;
    assert_eq!(saved.location(), Some("/account?saved=personal#personal"));
    let stored = app.store.account_by_id(account.id).await.unwrap().unwrap().time_zone;
    assert_eq!(stored.as_deref(), Some("Asia/Tokyo"), "in the zone database's own spelling");
    assert!(browser.get("/account").await.body.contains("name=\"time_zone\" value=\"Asia/Tokyo\""));
}

async fn a_session_started_with_an_end_wakes_the_ender_early(store: TestStore) {
    // The longest wait between looks, as in service: only being woken ends the TV in time.
    let app = spawn_app_on(store, |settings| settings.sessions.end_check_every = Duration::from_secs(60)).await;
    let account = app.create_account(EMAIL).await;
    let (tv_id, _) = hotel_tv_ending_in(&app, account.id, 2).await;
    // A sign-in for a week wakes this instance's ender, which then learns of the nearer end.
    sign_in_for(&app, "Phone", Some("week")).await;
    let store = app.store.store.clone();
    wait_until(Duration::from_secs(15), "the TV is signed out well before the next minute's look", || {
        let store = store.clone();
        async move { store.live_session_token_hash(tv_id).await.unwrap().is_none() }
    })
    .await;
}
