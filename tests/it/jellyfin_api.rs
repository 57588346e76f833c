//! The Jellyfin client API over plain HTTP: addresses in any case, identity, signing in and out as
//! a device session, users as profiles, and refusals with words.

use serde_json::{Value, json};

use crate::jellyfin_support::{APP, get, json_at, refused, sign_in_as, sign_in_from, signed_in, token, with_token};
use crate::support::{PASSWORD, TestApp, TestStore, spawn_app, spawn_app_on, spawn_app_with};

crate::on_both_test_stores!(
    an_app_signs_in_as_a_device_and_every_sign_out_ends_it,
    signing_in_again_on_a_device_replaces_its_session
);

#[tokio::test]
async fn jellyfin_addresses_answer_in_any_case_and_marquee_keeps_its_own() {
    let app = spawn_app().await;
    let info: Value = app.client.get(app.url("/System/Info/Public")).send().await.unwrap().json().await.unwrap();
    let id = info["Id"].as_str().expect("an id").to_string();
    assert_eq!(id.len(), 32, "written without dashes: {id}");
    assert!(info["Version"].as_str().unwrap().starts_with("10.10."), "{info}");
    assert_eq!(info["ProductName"], "Jellyfin Server");
    assert_eq!(info["StartupWizardCompleted"], true);
    assert!(info["LocalAddress"].as_str().unwrap().starts_with("http://127.0.0.1:"), "{info}");
    for path in ["/system/info/public", "//SYSTEM/INFO/PUBLIC", "/jellyfin/System/Info/Public", "/System/Info/Public/"]
    {
        let again: Value = app.client.get(app.url(path)).send().await.unwrap().json().await.unwrap();
        assert_eq!(again["Id"].as_str(), Some(id.as_str()), "{path} names the same server");
    }
    for method in [reqwest::Method::GET, reqwest::Method::POST] {
        let ping = app.client.request(method, app.url("/System/Ping")).send().await.unwrap();
        assert_eq!(ping.status(), 200);
    }
    let branding = app.client.get(app.url("/branding/configuration")).send().await.unwrap();
    assert_eq!(branding.status(), 200);
    // Quick Connect is offered: apps show its button (codes are allowed at /activate).
    let quick = app.client.get(app.url("/QuickConnect/Enabled")).send().await.unwrap();
    assert_eq!(quick.json::<Value>().await.unwrap(), Value::Bool(true));
    // What Marquee does not offer answers with words, not a 500 or a hang.
    let detail = refused(app.client.get(app.url("/LiveTv/Channels")).send().await.unwrap(), 404).await;
    assert!(detail.contains("does not offer"), "{detail}");
    refused(app.client.get(app.url("/Items/x/y/z/w")).send().await.unwrap(), 404).await;
    refused(app.client.delete(app.url("/System/Info/Public")).send().await.unwrap(), 405).await;
    // Marquee's own addresses are as they were.
    assert_eq!(app.client.get(app.url("/healthz")).send().await.unwrap().text().await.unwrap(), "ok");
    let own: Value = app.client.get(app.url("/api/v1/nothing")).send().await.unwrap().json().await.unwrap();
    assert_eq!(own["error"], "not_found");
    let own: Value = app.client.get(app.url("/api/v1/catalog")).send().await.unwrap().json().await.unwrap();
    assert_eq!(own["error"], "unauthenticated", "Marquee's API keeps its own errors");
    let landing = app.client.get(app.url("/")).send().await.unwrap();
    assert_eq!(landing.status(), 200);
    assert!(landing.text().await.unwrap().contains("<html"), "the landing page is a page");
    let search_page = app.client.get(app.url("/search")).send().await.unwrap();
    assert_ne!(search_page.status(), 404, "Marquee's own /search is not Jellyfin's");
}

async fn an_app_signs_in_as_a_device_and_every_sign_out_ends_it(store: TestStore) {
    let app = spawn_app_on(store, |_| {}).await;
    let account = app.create_account("ada@example.org").await;
    let signed = sign_in_from(&app, "tv-1", "ADA@example.org", PASSWORD).await;
    assert_eq!(signed.status(), 200);
    let result: Value = signed.json().await.unwrap();
    let app_token = token(&result);
    let info: Value = app.client.get(app.url("/System/Info/Public")).send().await.unwrap().json().await.unwrap();
    assert_eq!(result["ServerId"], info["Id"], "the same server id everywhere");
    let profiles = app.store.profiles(account.id).await.unwrap();
    assert_eq!(profiles.len(), 1, "the account's first profile was made");
    let user_id = profiles[0].id.simple().to_string();
    assert_eq!(result["User"]["Id"], user_id.as_str(), "the user is the profile");
    assert_eq!(result["SessionInfo"]["DeviceId"], "tv-1");

    // The user, by its own id with or without dashes, and by Me.
    let me = json_at(&app, "/Users/Me", &app_token).await;
    assert_eq!((me["Id"].as_str(), me["Policy"]["IsAdministrator"].as_bool()), (Some(user_id.as_str()), Some(false)));
    json_at(&app, &format!("/Users/{user_id}"), &app_token).await;
    json_at(&app, &format!("/users/{}", profiles[0].id), &app_token).await;

    // The device list shows the app by its name and device, as a TV.
    let browser = app.sign_in("ada@example.org", "Laptop", "browser").await;
    let devices: Value = app.get("/api/v1/sessions", &browser).await.json().await.unwrap();
    let tv = devices.as_array().unwrap().iter().find(|d| d["device_name"] == "Jellyfin Android TV on Living room");
    assert_eq!(tv.expect("the app is listed")["device_kind"], "tv", "{devices}");

    // The app's own sign-out ends it; a request with its token is 401 without a restriction code.
    let logout = app.client.post(app.url("/Sessions/Logout")).header("Authorization", with_token(&app_token));
    assert_eq!(logout.send().await.unwrap().status(), 204);
    let detail = refused(get(&app, "/Users/Me", &app_token).await, 401).await;
    assert!(detail.contains("Sign in again"), "{detail}");

    // Signing out of all devices in Marquee ends the next app too, in every form of the token.
    let again = token(&signed_in(&app, "ada@example.org").await);
    json_at(&app, "/UserViews", &again).await;
    let all = app.client.post(app.url("/api/v1/sessions/sign-out-all")).bearer_auth(&browser);
    assert_eq!(all.json(&json!({"password": PASSWORD})).send().await.unwrap().status(), 204);
    refused(get(&app, "/UserViews", &again).await, 401).await;
    let emby = app.client.get(app.url("/UserViews")).header("X-Emby-Token", &again).send().await.unwrap();
    refused(emby, 401).await;
    refused(app.client.get(app.url(&format!("/UserViews?api_key={again}"))).send().await.unwrap(), 401).await;
}

#[tokio::test]
async fn the_token_is_read_wherever_apps_put_it() {
    let app = spawn_app().await;
    app.create_account("ada@example.org").await;
    let app_token = token(&signed_in(&app, "ada@example.org").await);
    let header = |name: &str, value: String| app.client.get(app.url("/Users/Me")).header(name, value).send();
    assert_eq!(header("X-Emby-Token", app_token.clone()).await.unwrap().status(), 200);
    assert_eq!(header("X-MediaBrowser-Token", app_token.clone()).await.unwrap().status(), 200);
    assert_eq!(header("X-Emby-Authorization", with_token(&app_token)).await.unwrap().status(), 200);
    assert_eq!(header("Authorization", format!("Emby Token=\"{app_token}\"")).await.unwrap().status(), 200);
    assert_eq!(header("Authorization", format!("Bearer {app_token}")).await.unwrap().status(), 200);
    let by_query = app.client.get(app.url(&format!("/Users/Me?API_KEY={app_token}"))).send().await.unwrap();
    assert_eq!(by_query.status(), 200, "the query's names in any case too");
}

#[tokio::test]
async fn bad_headers_bodies_and_tokens_are_refused_with_words() {
    let app = spawn_app().await;
    app.create_account("ada@example.org").await;
    let post = |auth: Option<&str>, body: String| {
        let mut request = app.client.post(app.url("/Users/AuthenticateByName")).body(body);
        if let Some(auth) = auth {
            request = request.header("Authorization", auth.to_string());
        }
        request.header("Content-Type", "application/json").send()
    };
    let body = json!({"Username": "ada@example.org", "Pw": PASSWORD}).to_string();
    let detail = refused(post(None, body.clone()).await.unwrap(), 400).await;
    assert!(detail.contains("Client="), "it says what to send: {detail}");
    refused(post(Some(r#"MediaBrowser Client="unclosed"#), body.clone()).await.unwrap(), 400).await;
    refused(post(Some("MediaBrowser Client"), body.clone()).await.unwrap(), 400).await;
    refused(post(Some(r#"MediaBrowser Client="A", Device="B%0Aevil""#), body.clone()).await.unwrap(), 400).await;
    refused(post(Some(APP), "not json".into()).await.unwrap(), 400).await;
    refused(post(Some(APP), json!({"Username": "ada@example.org", "Pw": ""}).to_string()).await.unwrap(), 400).await;
    let wrong = json!({"username": "ada@example.org", "pw": "not the password"}).to_string();
    refused(post(Some(APP), wrong).await.unwrap(), 401).await;
    refused(sign_in_as(&app, "not an email", PASSWORD).await, 401).await;
    refused(sign_in_as(&app, "nobody@example.org", PASSWORD).await, 401).await;
    // Tokens: none, malformed, unknown.
    refused(app.client.get(app.url("/Users/Me")).send().await.unwrap(), 401).await;
    refused(get(&app, "/Users/Me", "garbage").await, 401).await;
    refused(get(&app, "/Users/Me", &format!("mq_{}", "A".repeat(43))).await, 401).await;
    // Bad query values are 400 with words, after the token is checked.
    let app_token = token(&signed_in(&app, "ada@example.org").await);
    for query in ["Limit=-1", "StartIndex=many", "Recursive=perhaps", "ParentId=nothing"] {
        refused(get(&app, &format!("/Items?{query}"), &app_token).await, 400).await;
    }
    refused(get(&app, "/Items/not-an-id", &app_token).await, 404).await;
    refused(get(&app, &format!("/Items/{}", uuid::Uuid::now_v7().simple()), &app_token).await, 404).await;
}

#[tokio::test]
async fn profiles_are_chosen_by_name_and_keep_their_rules() {
    let app = spawn_app().await;
    let account = app.create_account("ada@example.org").await;
    let first = signed_in(&app, "ada@example.org").await;
    let (kids, locked) = add_kids_and_locked(&app, account.id).await;
    // The email alone: the first profile that is neither kids nor locked.
    let again = signed_in(&app, "ada@example.org").await;
    assert_eq!(again["User"]["Id"], first["User"]["Id"]);
    let kid = signed_in(&app, "ada@example.org/kids").await;
    assert_eq!(kid["User"]["Id"], kids.simple().to_string().as_str());
    assert_eq!(kid["User"]["Name"], "Kids");
    // A locked profile with the account password (never with its PIN).
    let with_pin = signed_in(&app, "ada@example.org/Locked").await;
    assert_eq!(with_pin["User"]["Id"], locked.simple().to_string().as_str());
    refused(sign_in_as(&app, "ada@example.org/Locked", "1234").await, 401).await;
    let detail = refused(sign_in_as(&app, "ada@example.org/Nobody", PASSWORD).await, 401).await;
    assert!(detail.contains("email/Profile name"), "{detail}");
    // Nothing lists profiles to someone who has not signed in, nor other profiles to an app.
    let public: Value = app.client.get(app.url("/Users/Public")).send().await.unwrap().json().await.unwrap();
    assert_eq!(public, json!([]));
    let users = json_at(&app, "/Users", &token(&kid)).await;
    assert_eq!(users.as_array().unwrap().len(), 1, "{users}");
    // Another profile's id, or another account's, is not found.
    let other = app.create_account("bob@example.org").await;
    let bobs = token(&signed_in(&app, "bob@example.org").await);
    let bob_profile = app.store.profiles(other.id).await.unwrap()[0].id;
    refused(get(&app, &format!("/Users/{}", bob_profile.simple()), &token(&kid)).await, 404).await;
    refused(get(&app, &format!("/Users/{}/Views", kids.simple()), &bobs).await, 404).await;
    refused(get(&app, &format!("/Users/{}/Items", first["User"]["Id"].as_str().unwrap()), &token(&kid)).await, 404)
        .await;
    // Every profile locked or kids: the email alone is refused with a way forward.
    app.store
        .set_profile_pin(
            &marquee::store::Actor::server(),
            account.id,
            parse(&first["User"]["Id"]),
            Some("$argon2id$x"),
            marquee::clock::now(),
        )
        .await
        .unwrap();
    let detail = refused(sign_in_as(&app, "ada@example.org", PASSWORD).await, 401).await;
    assert!(detail.contains("email/Profile name"), "{detail}");
}

fn parse(id: &Value) -> uuid::Uuid {
    uuid::Uuid::parse_str(id.as_str().expect("an id")).expect("a uuid")
}

/// Adds a kids profile and a PIN-locked one to the account.
pub async fn add_kids_and_locked(app: &TestApp, account_id: uuid::Uuid) -> (uuid::Uuid, uuid::Uuid) {
    let new = |name: &str, kids: bool| marquee::store::NewProfile {
        account_id,
        name: name.into(),
        avatar: "sky".into(),
        is_kids: kids,
        created_at: marquee::clock::now(),
    };
    let kids = app.store.create_profile(new("Kids", true), 5).await.unwrap().expect("a kids profile").id;
    let locked = app.store.create_profile(new("Locked", false), 5).await.unwrap().expect("a profile").id;
    let pin =
        marquee::auth::PasswordHasher::new(1).hash(&marquee::auth::Password::presented("1234").unwrap()).await.unwrap();
    app.store
        .set_profile_pin(&marquee::store::Actor::server(), account_id, locked, Some(&pin), marquee::clock::now())
        .await
        .unwrap();
    (kids, locked)
}

#[tokio::test]
async fn apps_count_against_the_device_limit() {
    let app = spawn_app_with(|settings| settings.sessions.max_per_account = 2).await;
    app.create_account("ada@example.org").await;
    let oldest = token(&signed_in(&app, "ada@example.org").await);
    json_at(&app, "/Users/Me", &oldest).await;
    let second = token(&signed_in(&app, "ada@example.org").await);
    json_at(&app, "/Users/Me", &second).await;
    let third = token(&signed_in(&app, "ada@example.org").await);
    json_at(&app, "/Users/Me", &third).await;
    json_at(&app, "/Users/Me", &second).await;
    refused(get(&app, "/Users/Me", &oldest).await, 401).await;
}

async fn signing_in_again_on_a_device_replaces_its_session(store: TestStore) {
    let app = spawn_app_on(store, |_| {}).await;
    app.create_account("ada@example.org").await;
    app.create_account("grace@example.org").await;
    let signed = |device: &'static str, user: &'static str| {
        let app = &app;
        async move {
            let response = sign_in_from(app, device, user, PASSWORD).await;
            assert_eq!(response.status(), 200);
            token(&response.json::<Value>().await.unwrap())
        }
    };
    let first = signed("shield-1", "ada@example.org").await;
    let elsewhere = signed("phone-7", "ada@example.org").await;
    let graces = signed("shield-1", "grace@example.org").await;
    let again = signed("shield-1", "ada@example.org").await;
    // The app's old token is signed out; the account's other device and another account's session
    // from a device with the same id are not.
    refused(get(&app, "/Users/Me", &first).await, 401).await;
    for live in [&again, &elsewhere, &graces] {
        json_at(&app, "/Users/Me", live).await;
    }
    let laptop = app.sign_in("ada@example.org", "Laptop", "browser").await;
    let devices: Vec<Value> = app.get("/api/v1/sessions", &laptop).await.json().await.unwrap();
    let apps = devices.iter().filter(|d| d["device_name"] == "Jellyfin Android TV on Living room").count();
    assert_eq!(apps, 2, "one entry per app device: {devices:?}");
}

#[tokio::test]
async fn locking_a_profile_signs_its_apps_out_of_it() {
    let app = spawn_app().await;
    let account = app.create_account("ada@example.org").await;
    let laptop = crate::web_support::WebClient::new(&app);
    laptop.sign_in_and_choose("ada@example.org").await;
    let new = marquee::store::NewProfile {
        account_id: account.id,
        name: "Sam".into(),
        avatar: "sky".into(),
        is_kids: false,
        created_at: marquee::clock::now(),
    };
    let sam = app.store.create_profile(new, 5).await.unwrap().expect("Sam's profile").id;
    let sams_tv = token(&signed_in(&app, "ada@example.org/Sam").await);
    let others = token(&signed_in(&app, "ada@example.org").await);
    json_at(&app, "/Users/Me", &sams_tv).await;
    let edit = format!("/profiles/{sam}/edit");
    let locked =
        laptop.submit(&edit, &format!("/profiles/{sam}/lock"), &[("pin", "2580"), ("password", PASSWORD)]).await;
    assert_eq!(locked.location(), Some("/profiles/manage?saved=saved"), "{}", locked.body);
    // The app watching as Sam is refused as signed out (it goes back to its sign-in screen); the
    // app in another profile goes on.
    refused(get(&app, "/Users/Me", &sams_tv).await, 401).await;
    json_at(&app, "/Users/Me", &others).await;
}
