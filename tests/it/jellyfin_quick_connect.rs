//! Quick Connect over HTTP, on SQLite and on PostgreSQL: a Jellyfin app shows a code, a phone signed in
//! through its browser allows it at `/activate` choosing the profile the app will watch as, and the
//! app signs in as that profile. Wrong, denied, spent and throttled secrets, another account's profile,
//! a sign-out of every device in between, and the same app device signing in again.

use marquee::clock::Clock;
use marquee::store::{NewProfile, Store};
use reqwest::Response;
use serde_json::{Value, json};
use uuid::Uuid;

use crate::device_code::{EMAIL, phone};
use crate::jellyfin_support::{get, refused, sign_in_from};
use crate::support::{PASSWORD, TestApp, TestStore, spawn_app_on};
use crate::web_support::{Page, WebClient};

crate::on_both_test_stores!(
    an_app_signs_in_as_the_profile_chosen_when_allowing,
    wrong_spent_denied_and_hurried_secrets_are_refused,
    another_accounts_profile_cannot_be_chosen,
    signing_out_everywhere_after_allowing_keeps_the_app_out,
    quick_connect_from_the_same_device_replaces_its_session,
);

/// What the Android TV app sends about itself, on the device with this `DeviceId`.
fn header(device_id: &str) -> String {
    format!(r#"MediaBrowser Client="Jellyfin Android TV", Device="Shield", DeviceId="{device_id}", Version="0.17.0""#)
}

/// A server whose code clock the test moves, so polls are spaced without waiting.
async fn spawn(store: TestStore) -> (TestApp, Clock) {
    let clock = Clock::default();
    let app = spawn_app_on(store, {
        let clock = clock.clone();
        move |settings| settings.clock = clock
    })
    .await;
    (app, clock)
}

/// Adds a profile to the account; returns its id.
async fn add_profile(store: &dyn Store, account_id: Uuid, name: &str, kids: bool) -> Uuid {
    let profile = NewProfile {
        account_id,
        name: name.into(),
        avatar: "teal".into(),
        is_kids: kids,
        created_at: marquee::clock::now(),
    };
    store.create_profile(profile, 5).await.unwrap().expect("room for a profile").id
}

/// The account with three profiles: Ada, Kids (a kids profile) and Grace (locked with a PIN).
async fn household(app: &TestApp) -> (Uuid, [Uuid; 3]) {
    let account = app.create_account(EMAIL).await;
    let store = app.store.store.as_ref();
    let ada = add_profile(store, account.id, "Ada", false).await;
    let kids = add_profile(store, account.id, "Kids", true).await;
    let grace = add_profile(store, account.id, "Grace", false).await;
    store
        .set_profile_pin(
            &marquee::store::Actor::server(),
            account.id,
            grace,
            Some("$argon2id$placeholder"),
            marquee::clock::now(),
        )
        .await
        .unwrap();
    (account.id, [ada, kids, grace])
}

async fn initiate(app: &TestApp, device_id: &str) -> Value {
    let response =
        app.client.post(app.url("/QuickConnect/Initiate")).header("Authorization", header(device_id)).send().await;
    let response = response.expect("request");
    assert_eq!(response.status(), 200);
    response.json().await.expect("a QuickConnectResult")
}

async fn connect(app: &TestApp, secret: &str) -> Response {
    let url = reqwest::Url::parse_with_params(&app.url("/QuickConnect/Connect"), [("Secret", secret)]).unwrap();
    app.client.get(url).header("Authorization", header("shield-1")).send().await.unwrap()
}

async fn authenticate(app: &TestApp, device_id: &str, secret: &str) -> Response {
    app.client
        .post(app.url("/Users/AuthenticateWithQuickConnect"))
        .header("Authorization", header(device_id))
        .json(&json!({"Secret": secret}))
        .send()
        .await
        .unwrap()
}

/// Whether the code was allowed yet, as the app polls for it (the clock moved on past its interval,
/// which grows when the app asks too soon).
async fn allowed_yet(app: &TestApp, clock: &Clock, secret: &str) -> bool {
    clock.advance(time::Duration::seconds(30));
    let response = connect(app, secret).await;
    assert_eq!(response.status(), 200);
    let state: Value = response.json().await.unwrap();
    assert_eq!(state["Secret"], secret);
    state["Authenticated"].as_bool().expect("Authenticated")
}

/// Enters `code` at /activate and answers with `decision`, choosing `profile` when given.
pub(crate) async fn decide(phone: &WebClient, code: &str, decision: &str, profile: Option<&str>) -> Page {
    let confirm = phone.submit("/activate", "/activate", &[("code", code)]).await;
    assert_eq!(confirm.status, 200, "the code is found: {}", confirm.body);
    let csrf = confirm.csrf();
    let mut fields = vec![("csrf", csrf.as_str()), ("code", code), ("decision", decision)];
    if let Some(profile) = profile {
        fields.push(("profile", profile));
    }
    phone.post("/activate/decide", &fields).await
}

async fn an_app_signs_in_as_the_profile_chosen_when_allowing(store: TestStore) {
    let (app, clock) = spawn(store).await;
    let (_, [ada, kids, grace]) = household(&app).await;
    let enabled: Value = app.client.get(app.url("/QuickConnect/Enabled")).send().await.unwrap().json().await.unwrap();
    assert_eq!(enabled, true);

    let started = initiate(&app, "shield-1").await;
    let secret = started["Secret"].as_str().expect("a secret").to_string();
    let code = started["Code"].as_str().expect("a code").to_string();
    assert_eq!((code.len(), &code[4..5]), (9, "-"), "the code as Marquee shows it: {code}");
    assert_eq!(started["Authenticated"], false);
    assert_eq!(
        (started["DeviceId"].as_str(), started["AppName"].as_str()),
        (Some("shield-1"), Some("Jellyfin Android TV"))
    );
    assert!(started["DateAdded"].as_str().is_some_and(|at| at.contains('T')), "{started}");
    assert!(!allowed_yet(&app, &clock, &secret).await, "nobody allowed it yet");
    let early = refused(authenticate(&app, "shield-1", &secret).await, 401).await;
    assert!(early.contains("/activate"), "{early}");

    // The phone sees a Jellyfin app asking, and every profile to choose from (locked and kids too).
    let phone = phone(&app).await;
    let confirm = phone.submit("/activate", "/activate", &[("code", &code)]).await;
    assert_eq!(confirm.status, 200);
    assert!(confirm.body.contains("Jellyfin Android TV on Shield"), "named by app and device");
    assert!(confirm.body.contains("a Jellyfin app (Quick Connect)"));
    for profile in [ada, kids, grace] {
        assert!(confirm.body.contains(&format!("value=\"{profile}\"")), "{profile} can be chosen");
    }
    // Allowing needs a profile: without one nothing is decided.
    let unchosen = decide(&phone, &code, "allow", None).await;
    assert_eq!(unchosen.status, 400);
    assert!(unchosen.body.contains("Choose who will watch on this device."), "{}", unchosen.body);
    assert!(!allowed_yet(&app, &clock, &secret).await, "still waiting");

    // Grace is locked: choosing her here, signed in to the account, is allowed.
    let allowed = decide(&phone, &code, "allow", Some(&grace.to_string())).await;
    assert_eq!(allowed.status, 200, "{}", allowed.body);
    assert!(allowed_yet(&app, &clock, &secret).await);
    let result = authenticate(&app, "shield-1", &secret).await;
    assert_eq!(result.status(), 200);
    let result: Value = result.json().await.unwrap();
    assert_eq!(result["User"]["Id"], grace.simple().to_string());
    assert_eq!(result["User"]["Name"], "Grace");
    let token = result["AccessToken"].as_str().expect("a token").to_string();
    let me = get(&app, "/Users/Me", &token).await;
    assert_eq!(me.status(), 200);
    assert_eq!(me.json::<Value>().await.unwrap()["Name"], "Grace", "the app watches as Grace");

    // The secret is spent: it signs nothing in again, and the app's poll no longer finds it.
    let again = refused(authenticate(&app, "shield-1", &secret).await, 401).await;
    assert!(again.contains("already used"), "{again}");
    clock.advance(time::Duration::seconds(6));
    refused(connect(&app, &secret).await, 404).await;

    // A kids profile can be chosen as well.
    let second = initiate(&app, "phone-2").await;
    let allowed = decide(&phone, second["Code"].as_str().unwrap(), "allow", Some(&kids.to_string())).await;
    assert_eq!(allowed.status, 200);
    let result: Value = authenticate(&app, "phone-2", second["Secret"].as_str().unwrap()).await.json().await.unwrap();
    assert_eq!(result["User"]["Name"], "Kids");
}

async fn wrong_spent_denied_and_hurried_secrets_are_refused(store: TestStore) {
    let (app, clock) = spawn(store).await;
    let (_, [ada, ..]) = household(&app).await;
    let phone = phone(&app).await;

    let unknown = refused(connect(&app, "not-a-secret").await, 404).await;
    assert!(unknown.contains("Start Quick Connect again"), "{unknown}");
    let unheard = app.client.get(app.url("/QuickConnect/Connect")).header("Authorization", header("shield-1"));
    refused(unheard.send().await.unwrap(), 400).await;
    refused(authenticate(&app, "shield-1", "not-a-secret").await, 401).await;
    let garbled = app.client.post(app.url("/Users/AuthenticateWithQuickConnect")).header("Authorization", header("a"));
    refused(garbled.body("{Secret").send().await.unwrap(), 400).await;

    // Polling faster than the code's interval gets the plain truth: apps cannot hear "slow down".
    let started = initiate(&app, "shield-1").await;
    let secret = started["Secret"].as_str().unwrap();
    for _ in 0..3 {
        let hurried = connect(&app, secret).await;
        assert_eq!(hurried.status(), 200);
        assert_eq!(hurried.json::<Value>().await.unwrap()["Authenticated"], false);
    }

    // Denied: the app is told, and cannot sign in.
    let denied = decide(&phone, started["Code"].as_str().unwrap(), "deny", Some(&ada.to_string())).await;
    assert_eq!(denied.status, 200);
    clock.advance(time::Duration::seconds(30));
    refused(connect(&app, secret).await, 404).await;
    let words = refused(authenticate(&app, "shield-1", secret).await, 401).await;
    assert!(words.contains("denied"), "{words}");

    // Expired: the same.
    let late = initiate(&app, "shield-1").await;
    clock.advance(time::Duration::minutes(11));
    let words = refused(authenticate(&app, "shield-1", late["Secret"].as_str().unwrap()).await, 401).await;
    assert!(words.contains("expired"), "{words}");

    // Jellyfin 10.8's apps ask for a code with GET.
    let by_get = app.client.get(app.url("/QuickConnect/Initiate")).header("Authorization", header("old-app"));
    let by_get: Value = by_get.send().await.unwrap().json().await.unwrap();
    assert_eq!(by_get["Authenticated"], false);
    assert!(by_get["Secret"].as_str().is_some_and(|secret| secret.len() >= 32), "{by_get}");

    // An app cannot allow another's code: that is done at /activate.
    let authorize =
        app.client.post(app.url("/QuickConnect/Authorize?code=BCDF-GHJK")).header("Authorization", header("x"));
    let words = refused(authorize.send().await.unwrap(), 403).await;
    assert!(words.contains("/activate"), "{words}");
}

async fn another_accounts_profile_cannot_be_chosen(store: TestStore) {
    let (app, clock) = spawn(store).await;
    let (_, [ada, ..]) = household(&app).await;
    let stranger = app.create_account("mallory@example.org").await;
    let theirs = add_profile(app.store.store.as_ref(), stranger.id, "Mallory", false).await;
    let phone = phone(&app).await;
    let started = initiate(&app, "shield-1").await;
    let (code, secret) = (started["Code"].as_str().unwrap(), started["Secret"].as_str().unwrap());

    for bad in [theirs.to_string(), "not-a-profile".to_string(), Uuid::now_v7().to_string()] {
        let refused_page = decide(&phone, code, "allow", Some(&bad)).await;
        assert_eq!(refused_page.status, 400, "{bad}");
        assert!(refused_page.body.contains("That profile is not one of this account"), "{}", refused_page.body);
        assert!(!allowed_yet(&app, &clock, secret).await, "nothing was decided with {bad}");
    }
    // The code is still there to allow with one of the account's own profiles.
    assert_eq!(decide(&phone, code, "allow", Some(&ada.to_string())).await.status, 200);
    let result: Value = authenticate(&app, "shield-1", secret).await.json().await.unwrap();
    assert_eq!(result["User"]["Id"], ada.simple().to_string());
}

async fn signing_out_everywhere_after_allowing_keeps_the_app_out(store: TestStore) {
    let (app, clock) = spawn(store).await;
    let (_, [ada, ..]) = household(&app).await;
    let phone = phone(&app).await;
    let started = initiate(&app, "shield-1").await;
    let secret = started["Secret"].as_str().unwrap();
    assert_eq!(decide(&phone, started["Code"].as_str().unwrap(), "allow", Some(&ada.to_string())).await.status, 200);
    assert!(allowed_yet(&app, &clock, secret).await);

    let owner = app.sign_in(EMAIL, "Laptop", "browser").await;
    let all = app.client.post(app.url("/api/v1/sessions/sign-out-all")).bearer_auth(&owner);
    assert_eq!(all.json(&json!({"password": PASSWORD})).send().await.unwrap().status(), 204);

    let words = refused(authenticate(&app, "shield-1", secret).await, 401).await;
    assert!(words.contains("signed out everywhere"), "{words}");
    refused(authenticate(&app, "shield-1", secret).await, 401).await;
}

async fn quick_connect_from_the_same_device_replaces_its_session(store: TestStore) {
    let (app, _) = spawn(store).await;
    let (_, [ada, kids, _]) = household(&app).await;
    let by_name = sign_in_from(&app, "shield-1", &format!("{EMAIL}/Ada"), PASSWORD).await;
    assert_eq!(by_name.status(), 200);
    let before = by_name.json::<Value>().await.unwrap()["AccessToken"].as_str().unwrap().to_string();
    let elsewhere = initiate(&app, "other-tv").await;
    let phone = phone(&app).await;
    assert_eq!(decide(&phone, elsewhere["Code"].as_str().unwrap(), "allow", Some(&ada.to_string())).await.status, 200);
    let other_tv = authenticate(&app, "other-tv", elsewhere["Secret"].as_str().unwrap()).await;
    let other_tv = other_tv.json::<Value>().await.unwrap()["AccessToken"].as_str().unwrap().to_string();

    // The same Shield signs in again with Quick Connect, as Kids: its earlier token is signed out.
    let started = initiate(&app, "shield-1").await;
    assert_eq!(decide(&phone, started["Code"].as_str().unwrap(), "allow", Some(&kids.to_string())).await.status, 200);
    let after = authenticate(&app, "shield-1", started["Secret"].as_str().unwrap()).await;
    let after = after.json::<Value>().await.unwrap()["AccessToken"].as_str().unwrap().to_string();
    refused(get(&app, "/Users/Me", &before).await, 401).await;
    assert_eq!(get(&app, "/Users/Me", &after).await.status(), 200);
    assert_eq!(get(&app, "/Users/Me", &other_tv).await.status(), 200, "another device keeps its session");
}
