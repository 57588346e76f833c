//! Passkeys over HTTP, end to end, with a software authenticator written here (a P-256 key from
//! OpenSSL, answers built and signed as a platform authenticator builds them): added from the account
//! page's routes, then signing an app in through the API with the same answer as a password sign-in.
//! Every wrong, stale or replayed answer is refused as the API says, bad input gets words, the
//! relying party is never a bare IP address, the one-shot passkey proof stands in for a password once,
//! and a ceremony begun on one instance may be answered on another.

use std::net::SocketAddr;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use openssl::bn::{BigNum, BigNumContext};
use openssl::ec::{EcGroup, EcKey};
use openssl::hash::MessageDigest;
use openssl::nid::Nid;
use openssl::pkey::{PKey, Private};
use openssl::sign::Signer;
use reqwest::header::CONTENT_TYPE;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use crate::support::{PASSWORD, TestApp, error_code, spawn_app};
use crate::web_support::WebClient;

/// A platform authenticator holding one discoverable credential, which verifies its user.
struct SoftAuthenticator {
    key: PKey<Private>,
    credential_id: Vec<u8>,
    user_handle: Vec<u8>,
    counter: u32,
}

/// CBOR, as much as an authenticator's answers need.
fn cbor_head(major: u8, length: usize) -> Vec<u8> {
    match length {
        0..=23 => vec![(major << 5) | length as u8],
        24..=255 => vec![(major << 5) | 24, length as u8],
        _ => {
            let [high, low] = (length as u16).to_be_bytes();
            vec![(major << 5) | 25, high, low]
        }
    }
}

fn cbor_bytes(bytes: &[u8]) -> Vec<u8> {
    [cbor_head(2, bytes.len()), bytes.to_vec()].concat()
}

fn cbor_text(text: &str) -> Vec<u8> {
    [cbor_head(3, text.len()), text.as_bytes().to_vec()].concat()
}

fn b64(bytes: &[u8]) -> String {
    URL_SAFE_NO_PAD.encode(bytes)
}

impl SoftAuthenticator {
    fn new(seed: u8) -> Self {
        let group = EcGroup::from_curve_name(Nid::X9_62_PRIME256V1).unwrap();
        let key = PKey::from_ec_key(EcKey::generate(&group).unwrap()).unwrap();
        Self { key, credential_id: vec![seed; 32], user_handle: Vec::new(), counter: 0 }
    }

    /// The public key as COSE: EC2, ES256, P-256, x, y.
    fn cose_key(&self) -> Vec<u8> {
        let group = EcGroup::from_curve_name(Nid::X9_62_PRIME256V1).unwrap();
        let ec = self.key.ec_key().unwrap();
        let (mut x, mut y) = (BigNum::new().unwrap(), BigNum::new().unwrap());
        let mut context = BigNumContext::new().unwrap();
        ec.public_key().affine_coordinates(&group, &mut x, &mut y, &mut context).unwrap();
        let mut key = vec![0xa5, 0x01, 0x02, 0x03, 0x26, 0x20, 0x01, 0x21];
        key.extend(cbor_bytes(&x.to_vec_padded(32).unwrap()));
        key.push(0x22);
        key.extend(cbor_bytes(&y.to_vec_padded(32).unwrap()));
        key
    }

    fn client_data(kind: &str, options: &Value, origin: &str) -> Vec<u8> {
        let challenge = options["challenge"].as_str().expect("a challenge");
        json!({"type": kind, "challenge": challenge, "origin": origin, "crossOrigin": false}).to_string().into_bytes()
    }

    /// `navigator.credentials.create`: a new credential for the relying party, user present and verified.
    fn create(&mut self, options: &Value, origin: &str) -> Value {
        assert_eq!(
            options["authenticatorSelection"]["residentKey"], "required",
            "a discoverable credential is asked for"
        );
        assert_eq!(options["authenticatorSelection"]["userVerification"], "required");
        self.user_handle = URL_SAFE_NO_PAD.decode(options["user"]["id"].as_str().unwrap()).unwrap();
        let rp_id = options["rp"]["id"].as_str().expect("the relying party's id");
        let mut auth_data = Sha256::digest(rp_id.as_bytes()).to_vec();
        auth_data.push(0x45); // user present, user verified, attested credential data
        auth_data.extend(self.counter.to_be_bytes());
        auth_data.extend([0u8; 16]);
        auth_data.extend((self.credential_id.len() as u16).to_be_bytes());
        auth_data.extend(&self.credential_id);
        auth_data.extend(self.cose_key());
        let mut attestation = vec![0xa3];
        attestation.extend(cbor_text("fmt"));
        attestation.extend(cbor_text("none"));
        attestation.extend(cbor_text("attStmt"));
        attestation.push(0xa0);
        attestation.extend(cbor_text("authData"));
        attestation.extend(cbor_bytes(&auth_data));
        json!({
            "id": b64(&self.credential_id),
            "rawId": b64(&self.credential_id),
            "type": "public-key",
            "response": {
                "attestationObject": b64(&attestation),
                "clientDataJSON": b64(&Self::client_data("webauthn.create", options, origin)),
            },
            "extensions": {},
        })
    }

    /// `navigator.credentials.get`: an assertion over the challenge, signed, with its user handle.
    fn get(&mut self, options: &Value, origin: &str, rp_id: &str) -> Value {
        self.counter += 1;
        let mut auth_data = Sha256::digest(rp_id.as_bytes()).to_vec();
        auth_data.push(0x05); // user present, user verified
        auth_data.extend(self.counter.to_be_bytes());
        let client_data = Self::client_data("webauthn.get", options, origin);
        let mut signer = Signer::new(MessageDigest::sha256(), &self.key).unwrap();
        signer.update(&auth_data).unwrap();
        signer.update(&Sha256::digest(&client_data)).unwrap();
        let signature = signer.sign_to_vec().unwrap();
        json!({
            "id": b64(&self.credential_id),
            "rawId": b64(&self.credential_id),
            "type": "public-key",
            "response": {
                "authenticatorData": b64(&auth_data),
                "clientDataJSON": b64(&client_data),
                "signature": b64(&signature),
                "userHandle": b64(&self.user_handle),
            },
            "extensions": {},
        })
    }
}

/// What the app's requests reach Marquee at: `http://localhost:<port>`.
fn by_name(app: &TestApp) -> (String, reqwest::Client) {
    let address: SocketAddr = app.base.trim_start_matches("http://").parse().expect("the app's address");
    let base = format!("http://localhost:{}", address.port());
    let http = reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .resolve("localhost", address)
        .build()
        .unwrap();
    (base, http)
}

/// A browser signed in with the password at `base`, and its session's CSRF token.
async fn signed_in_browser(app: &TestApp, email: &str) -> (WebClient, String) {
    let (base, http) = by_name(app);
    let browser = WebClient::with_http(http, &base);
    browser.sign_in(email, true).await;
    let csrf = browser.get("/account").await.csrf();
    (browser, csrf)
}

async fn post_json(browser: &WebClient, path: &str, csrf: &str, body: Value) -> reqwest::Response {
    browser
        .http
        .post(format!("{}{path}", browser.base))
        .header("sec-fetch-site", "same-origin")
        .header("x-csrf-token", csrf)
        .json(&body)
        .send()
        .await
        .expect("POST")
}

/// Adds a passkey named `name` with `authenticator` from a signed-in browser.
async fn add_passkey(browser: &WebClient, csrf: &str, authenticator: &mut SoftAuthenticator, name: &str) {
    let options = post_json(browser, "/account/passkeys/options", csrf, json!({"name": name})).await;
    assert_eq!(options.status(), 200);
    let options: Value = options.json().await.unwrap();
    let credential = authenticator.create(&options["public_key"], &browser.base);
    let body = json!({"challenge_id": options["challenge_id"], "credential": credential});
    let added = post_json(browser, "/account/passkeys", csrf, body).await;
    assert_eq!(added.status(), 200, "{}", added.text().await.unwrap());
}

async fn api_options(http: &reqwest::Client, base: &str) -> Value {
    let answer = http.post(format!("{base}/api/v1/passkeys/sign-in/options")).send().await.unwrap();
    assert_eq!(answer.status(), 200);
    answer.json().await.unwrap()
}

fn api_answer(options: &Value, credential: Value) -> Value {
    json!({
        "challenge_id": options["challenge_id"],
        "credential": credential,
        "device_name": "Anna's phone app",
        "device_kind": "mobile",
    })
}

#[tokio::test]
async fn an_app_signs_in_with_a_passkey_added_on_the_account_page() {
    let app = spawn_app().await;
    let account = app.create_account("ada@example.org").await;
    let (browser, csrf) = signed_in_browser(&app, "ada@example.org").await;
    let mut phone = SoftAuthenticator::new(1);
    add_passkey(&browser, &csrf, &mut phone, "Anna's phone").await;
    let page = browser.get("/account").await;
    assert!(page.body.contains("data-passkey-name>Anna"), "listed on the page");

    let (base, http) = by_name(&app);
    let options = api_options(&http, &base).await;
    assert!(options["challenge_id"].as_str().unwrap().starts_with("mqk_"));
    assert_eq!(options["public_key"]["userVerification"], "required");
    assert_eq!(options["public_key"]["rpId"], "localhost");
    let credential = phone.get(&options["public_key"], &base, "localhost");
    let signed_in = http
        .post(format!("{base}/api/v1/passkeys/sign-in"))
        .json(&api_answer(&options, credential.clone()))
        .send()
        .await
        .unwrap();
    assert_eq!(signed_in.status(), 201);
    let body: Value = signed_in.json().await.unwrap();
    assert!(body["token"].as_str().unwrap().starts_with("mq_"), "{body}");
    assert_eq!(body["session"]["device_name"], "Anna's phone app");
    assert!(body["device_token"].is_string(), "the same answer as a password sign-in: {body}");
    let token = body["token"].as_str().unwrap();
    assert_eq!(app.get("/api/v1/account", token).await.status(), 200, "the token works");
    let proved =
        app.client.post(app.url("/api/v1/sessions/sign-out-all")).bearer_auth(token).send().await.unwrap().status();
    assert_eq!(proved, 204, "a passkey sign-in is as fresh a proof as the password");

    // The same answer again: its ceremony is spent.
    let replayed = http
        .post(format!("{base}/api/v1/passkeys/sign-in"))
        .json(&api_answer(&options, credential))
        .send()
        .await
        .unwrap();
    assert_eq!(error_code(replayed, 401).await, "invalid_credentials");
    let activity = app.store.store.account_activity(marquee::store::ActivityQuery {
        account_id: account.id,
        category: None,
        after: None,
        limit: 100,
        now: marquee::clock::now(),
    });
    let kinds: Vec<_> = activity.await.unwrap().into_iter().map(|entry| entry.kind.as_str()).collect();
    assert!(kinds.contains(&"passkey_added"), "{kinds:?}");
    assert!(kinds.iter().filter(|kind| **kind == "signed_in").count() >= 2, "{kinds:?}");
}

#[tokio::test]
async fn wrong_stale_and_foreign_answers_are_refused() {
    let app = spawn_app().await;
    app.create_account("ada@example.org").await;
    let (browser, csrf) = signed_in_browser(&app, "ada@example.org").await;
    let mut phone = SoftAuthenticator::new(1);
    add_passkey(&browser, &csrf, &mut phone, "Anna's phone").await;
    let (base, http) = by_name(&app);
    let sign_in = |body: Value| http.post(format!("{base}/api/v1/passkeys/sign-in")).json(&body).send();

    // An authenticator this server never registered.
    let mut stranger = SoftAuthenticator::new(2);
    stranger.user_handle = phone.user_handle.clone();
    let options = api_options(&http, &base).await;
    let foreign = stranger.get(&options["public_key"], &base, "localhost");
    assert_eq!(error_code(sign_in(api_answer(&options, foreign)).await.unwrap(), 401).await, "invalid_credentials");

    // The right passkey, signing for another site.
    let options = api_options(&http, &base).await;
    let phishing = phone.get(&options["public_key"], "http://evil.example", "localhost");
    assert_eq!(error_code(sign_in(api_answer(&options, phishing)).await.unwrap(), 401).await, "invalid_credentials");

    // A challenge of its own making.
    let options = api_options(&http, &base).await;
    let made_up = json!({"challenge": b64(b"not the server's challenge")});
    let wrong = phone.get(&made_up, &base, "localhost");
    assert_eq!(error_code(sign_in(api_answer(&options, wrong)).await.unwrap(), 401).await, "invalid_credentials");

    // An unknown ceremony id.
    let options = api_options(&http, &base).await;
    let mut unknown = api_answer(&options, phone.get(&options["public_key"], &base, "localhost"));
    unknown["challenge_id"] = json!("mqk_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
    assert_eq!(error_code(sign_in(unknown).await.unwrap(), 401).await, "invalid_credentials");

    // Signed out everywhere while a ceremony was under way: its answer signs nothing in.
    let options = api_options(&http, &base).await;
    let everywhere = browser
        .http
        .post(format!("{}/account/sign-out-all", browser.base))
        .header("sec-fetch-site", "same-origin")
        .form(&[("csrf", csrf.as_str()), ("password", PASSWORD)])
        .send()
        .await
        .unwrap();
    assert_eq!(everywhere.status(), 303);
    let stale = api_answer(&options, phone.get(&options["public_key"], &base, "localhost"));
    assert_eq!(error_code(sign_in(stale).await.unwrap(), 401).await, "invalid_credentials");
}

#[tokio::test]
async fn bad_input_gets_words_and_a_bare_address_is_no_relying_party() {
    let app = spawn_app().await;
    let by_address = app.client.post(app.url("/api/v1/passkeys/sign-in/options")).send().await.unwrap();
    assert_eq!(error_code(by_address, 400).await, "passkeys_unavailable");

    let (base, http) = by_name(&app);
    let url = format!("{base}/api/v1/passkeys/sign-in");
    let post = |body: &'static str| http.post(&url).header(CONTENT_TYPE, "application/json").body(body).send();
    assert_eq!(error_code(post("{\"challenge_id\": ").await.unwrap(), 400).await, "invalid_json");
    let missing = post("{}").await.unwrap();
    assert_eq!(missing.status(), 400);
    let body: Value = missing.json().await.unwrap();
    assert_eq!(body["error"], "invalid_request");
    assert!(!body["message"].as_str().unwrap().is_empty(), "{body}");
    let garbled =
        post(r#"{"challenge_id": "x", "credential": {"id": 5}, "device_name": "Phone", "device_kind": "mobile"}"#)
            .await
            .unwrap();
    assert_eq!(error_code(garbled, 400).await, "invalid_request");
    let options = api_options(&http, &base).await;
    let mut phone = SoftAuthenticator::new(3);
    let credential = phone.get(&options["public_key"], &base, "localhost");
    let mut toaster = api_answer(&options, credential);
    toaster["device_kind"] = json!("toaster");
    assert_eq!(error_code(http.post(&url).json(&toaster).send().await.unwrap(), 400).await, "invalid_device_kind");
}

#[tokio::test]
async fn a_passkey_proof_stands_in_for_the_password_once() {
    let app = spawn_app().await;
    app.create_account("ada@example.org").await;
    let (browser, csrf) = signed_in_browser(&app, "ada@example.org").await;
    let mut phone = SoftAuthenticator::new(1);
    add_passkey(&browser, &csrf, &mut phone, "Anna's phone").await;
    let change_email = |email: &'static str| {
        browser
            .http
            .post(format!("{}/account/email", browser.base))
            .header("sec-fetch-site", "same-origin")
            .form(&[("csrf", csrf.as_str()), ("email", email), ("password", "")])
            .send()
    };
    assert_eq!(change_email("first@example.org").await.unwrap().status(), 401, "no password, no passkey: refused");

    let options = post_json(&browser, "/account/passkeys/reauth/options", &csrf, json!({})).await;
    let options: Value = options.json().await.unwrap();
    let allowed = options["public_key"]["allowCredentials"].as_array().expect("the account's passkeys");
    assert_eq!(allowed.len(), 1);
    let credential = phone.get(&options["public_key"], &browser.base, "localhost");
    let body = json!({"challenge_id": options["challenge_id"], "credential": credential});
    assert_eq!(post_json(&browser, "/account/passkeys/reauth", &csrf, body).await.status(), 204);
    assert_eq!(change_email("second@example.org").await.unwrap().status(), 303, "the proof stands in once");
    assert_eq!(change_email("third@example.org").await.unwrap().status(), 401, "and only once");
    let account = app.store.store.credentials_by_email("second@example.org").await.unwrap();
    assert!(account.is_some(), "the change went through");
}

#[tokio::test]
async fn passkey_answers_are_throttled_per_address() {
    let app = crate::support::spawn_app_with(|settings| settings.throttle.per_address = 3).await;
    let (base, http) = by_name(&app);
    let mut stranger = SoftAuthenticator::new(4);
    let options = api_options(&http, &base).await;
    for _ in 0..3 {
        let answer = api_answer(&options, stranger.get(&options["public_key"], &base, "localhost"));
        let refused = http.post(format!("{base}/api/v1/passkeys/sign-in")).json(&answer).send().await.unwrap();
        assert_eq!(error_code(refused, 401).await, "invalid_credentials");
    }
    let answer = api_answer(&options, stranger.get(&options["public_key"], &base, "localhost"));
    let throttled = http.post(format!("{base}/api/v1/passkeys/sign-in")).json(&answer).send().await.unwrap();
    assert!(throttled.headers().contains_key("retry-after"));
    assert_eq!(error_code(throttled, 429).await, "too_many_requests");

    // Each ceremony begun is a row until it expires: they are counted per address too.
    api_options(&http, &base).await;
    api_options(&http, &base).await;
    let one_too_many = http.post(format!("{base}/api/v1/passkeys/sign-in/options")).send().await.unwrap();
    assert!(one_too_many.headers().contains_key("retry-after"));
    assert_eq!(error_code(one_too_many, 429).await, "too_many_requests");
}

#[tokio::test]
async fn the_pages_passkey_routes_take_only_their_own_pages_token() {
    let app = spawn_app().await;
    app.create_account("ada@example.org").await;
    let (base, http) = by_name(&app);
    let browser = WebClient::with_http(http, &base);
    let pre_session = browser.get("/signin").await.csrf();
    let post = |path: &'static str, token: &str, site: &'static str| {
        browser
            .http
            .post(format!("{base}{path}"))
            .header("sec-fetch-site", site)
            .header("x-csrf-token", token.to_string())
            .json(&json!({}))
            .send()
    };
    let options = "/signin/passkey/options";
    assert_eq!(error_code(post(options, "", "same-origin").await.unwrap(), 403).await, "stale_form");
    assert_eq!(error_code(post(options, "forged", "same-origin").await.unwrap(), 403).await, "stale_form");
    assert_eq!(error_code(post(options, &pre_session, "cross-site").await.unwrap(), 403).await, "stale_form");
    let started = post(options, &pre_session, "same-origin").await.unwrap();
    assert_eq!(started.status(), 200);
    let started: Value = started.json().await.unwrap();
    assert!(started["public_key"]["challenge"].is_string(), "{started}");

    // Signed in, the account's routes want the session's token, never the pre-session one.
    browser.sign_in("ada@example.org", true).await;
    let session = browser.get("/account").await.csrf();
    let reauth = "/account/passkeys/reauth/options";
    assert_eq!(error_code(post(reauth, &pre_session, "same-origin").await.unwrap(), 403).await, "stale_form");
    assert_eq!(error_code(post(reauth, &session, "same-origin").await.unwrap(), 400).await, "no_passkeys");
    let unnamed = post("/account/passkeys/options", &session, "same-origin").await.unwrap();
    let unnamed: Value = {
        assert_eq!(unnamed.status(), 400);
        unnamed.json().await.unwrap()
    };
    assert_eq!(unnamed["error"], "invalid_name");
    assert!(unnamed["message"].as_str().unwrap().contains("Give the passkey a name"), "{unnamed}");
}

crate::on_both_test_stores!(a_ceremony_begun_on_one_instance_is_answered_on_another);

/// Two instances on one database behind one public address: the options come from one, the answer
/// goes to the other, and a removal on the first signs out the session the second started.
async fn a_ceremony_begun_on_one_instance_is_answered_on_another(store: crate::support::TestStore) {
    const PUBLIC: &str = "http://marquee.example";
    let second_store = crate::support::TestStore::reopen(&store).await;
    let public = |settings: &mut marquee::settings::Settings| settings.mail.public_url = Some(PUBLIC.into());
    let first = crate::support::spawn_app_on(store, public).await;
    let second = crate::support::spawn_app_on(second_store, public).await;
    first.create_account("ada@example.org").await;
    let browser = WebClient::new(&first);
    browser.sign_in("ada@example.org", true).await;
    let csrf = browser.get("/account").await.csrf();
    let mut phone = SoftAuthenticator::new(5);
    let options = post_json(&browser, "/account/passkeys/options", &csrf, json!({"name": "Anna's phone"})).await;
    let options: Value = options.json().await.unwrap();
    assert_eq!(options["public_key"]["rp"]["id"], "marquee.example", "the relying party is public_url's host");
    let credential = phone.create(&options["public_key"], PUBLIC);
    let body = json!({"challenge_id": options["challenge_id"], "credential": credential});
    assert_eq!(post_json(&browser, "/account/passkeys", &csrf, body).await.status(), 200);

    let options = api_options(&first.client, &first.base).await;
    let answer = api_answer(&options, phone.get(&options["public_key"], PUBLIC, "marquee.example"));
    let signed_in = second.client.post(second.url("/api/v1/passkeys/sign-in")).json(&answer).send().await.unwrap();
    assert_eq!(signed_in.status(), 201, "answered on the other instance");
    let token = signed_in.json::<Value>().await.unwrap()["token"].as_str().unwrap().to_string();
    let again = first.client.post(first.url("/api/v1/passkeys/sign-in")).json(&answer).send().await.unwrap();
    assert_eq!(error_code(again, 401).await, "invalid_credentials", "and spent there for both");
    assert_eq!(second.get("/api/v1/account", &token).await.status(), 200);

    let mut events = second.get("/api/v1/events", &token).await;
    assert_eq!(events.status(), 200);
    let page = browser.get("/account").await;
    let start = page.body.find("action=\"/account/passkeys/").expect("the passkey's forms") + 8;
    let id = &page.body[start..start + "/account/passkeys/".len() + 36];
    let removed = browser.post(&format!("{id}/remove"), &[("csrf", csrf.as_str())]).await;
    assert_eq!(removed.location(), Some("/account?saved=passkey-removed#passkeys"));
    // The other instance tells the device (through NOTIFY, or on SQLite its once-a-second poll),
    // and then refuses it.
    let told = tokio::time::timeout(std::time::Duration::from_secs(10), async {
        let mut seen = String::new();
        while !seen.contains("signed-out") {
            let chunk = events.chunk().await.expect("the stream").expect("signed-out before the end");
            seen.push_str(&String::from_utf8_lossy(&chunk));
        }
    });
    told.await.expect("the device is told it was signed out");
    assert_eq!(second.get("/api/v1/account", &token).await.status(), 401, "signed out on the other instance too");
}

/// With two-step sign-in on, a right password still waits for a code, while a passkey (already two
/// factors: the device, and the fingerprint or PIN that unlocks it) signs in without one.
#[tokio::test]
async fn a_passkey_needs_no_code_where_a_password_does() {
    const SECRET: &str = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
    let app = spawn_app().await;
    let account = app.create_account("ada@example.org").await;
    let (browser, csrf) = signed_in_browser(&app, "ada@example.org").await;
    let mut phone = SoftAuthenticator::new(1);
    add_passkey(&browser, &csrf, &mut phone, "Anna's phone").await;
    let store = &app.store.store;
    let now = marquee::clock::now();
    store.set_pending_two_step(account.id, SECRET, now + time::Duration::minutes(5)).await.unwrap();
    assert!(store.enable_two_step(&marquee::store::Actor::server(), account.id, SECRET, 0, &[], now).await.unwrap());

    let by_password = app
        .sign_in_raw(json!({"email": "ada@example.org", "password": PASSWORD, "device_name": "Ada's phone",
            "device_kind": "mobile"}))
        .await;
    assert_eq!(error_code(by_password, 401).await, "second_factor_required");

    let (base, http) = by_name(&app);
    let options = api_options(&http, &base).await;
    let credential = phone.get(&options["public_key"], &base, "localhost");
    let signed_in =
        http.post(format!("{base}/api/v1/passkeys/sign-in")).json(&api_answer(&options, credential)).send().await;
    let signed_in = signed_in.unwrap();
    assert_eq!(signed_in.status(), 201, "{}", signed_in.text().await.unwrap());

    // Turning two-step sign-in off asks the password again; a passkey proved just now does instead.
    let turn_off = || {
        browser
            .http
            .post(format!("{}/account/two-step/off", browser.base))
            .header("sec-fetch-site", "same-origin")
            .form(&[("csrf", csrf.as_str()), ("password", "")])
            .send()
    };
    assert_ne!(turn_off().await.unwrap().status(), 303, "no password, no passkey: refused");
    assert!(store.two_step_secret(account.id).await.unwrap().is_some(), "still on");
    let options = post_json(&browser, "/account/passkeys/reauth/options", &csrf, json!({})).await;
    let options: Value = options.json().await.unwrap();
    let credential = phone.get(&options["public_key"], &browser.base, "localhost");
    let body = json!({"challenge_id": options["challenge_id"], "credential": credential});
    assert_eq!(post_json(&browser, "/account/passkeys/reauth", &csrf, body).await.status(), 204);
    assert_eq!(turn_off().await.unwrap().status(), 303, "the passkey stands in for the password");
    assert!(store.two_step_secret(account.id).await.unwrap().is_none(), "two-step sign-in is off");
}
