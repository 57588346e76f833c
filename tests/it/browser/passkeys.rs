//! Passkeys in Chromium, with its virtual authenticators (WebDriver's WebAuthn extension) standing in
//! for a phone's or a laptop's: adding one on the account page, signing in with it, removing it from
//! another device (which signs out, and pushes to sign-in, the browser that signed in with it), using
//! one where a form asks for the password again, and a passkey this server never registered refused
//! with words.
//!
//! WebAuthn wants a host name, so these pages are opened at `http://localhost:…` (a secure context,
//! and a relying party id a passkey can be made for), not at the address the server listens on.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use fantoccini::wd::WebDriverCompatibleCommand;
use serde_json::{Value, json};

use super::household::{self, EMAIL};
use super::journey::sign_in;
use super::{Browser, Viewport};
use crate::support::spawn_app;

/// A WebDriver command under the session's WebAuthn extension.
#[derive(Debug)]
struct WebAuthnCommand {
    method: axum::http::Method,
    /// After `/session/{id}/webauthn/`.
    path: String,
    body: Option<Value>,
}

impl WebDriverCompatibleCommand for WebAuthnCommand {
    fn endpoint(&self, base_url: &url::Url, session_id: Option<&str>) -> Result<url::Url, url::ParseError> {
        let session = session_id.unwrap_or_default();
        base_url.join(&format!("session/{session}/webauthn/{}", self.path))
    }

    fn method_and_body(&self, _request_url: &url::Url) -> (axum::http::Method, Option<String>) {
        (self.method.clone(), self.body.as_ref().map(Value::to_string))
    }
}

/// Adds a platform authenticator that keeps passkeys and verifies its user (a fingerprint, say, that
/// always matches); returns its id.
async fn add_authenticator(browser: &Browser) -> String {
    let command = WebAuthnCommand {
        method: axum::http::Method::POST,
        path: "authenticator".into(),
        body: Some(json!({
            "protocol": "ctap2",
            "transport": "internal",
            "hasResidentKey": true,
            "hasUserVerification": true,
            "isUserVerified": true,
        })),
    };
    let id = browser.client().issue_cmd(command).await.expect("add a virtual authenticator");
    id.as_str().expect("the authenticator's id").to_string()
}

async fn remove_authenticator(browser: &Browser, id: &str) {
    let command =
        WebAuthnCommand { method: axum::http::Method::DELETE, path: format!("authenticator/{id}"), body: None };
    browser.client().issue_cmd(command).await.expect("remove the virtual authenticator");
}

/// Puts `credential` (as WebDriver describes one) into the authenticator.
async fn add_credential(browser: &Browser, authenticator: &str, credential: Value) {
    let command = WebAuthnCommand {
        method: axum::http::Method::POST,
        path: format!("authenticator/{authenticator}/credential"),
        body: Some(credential),
    };
    browser.client().issue_cmd(command).await.expect("add a credential to the authenticator");
}

/// The credentials the authenticator holds, private keys included, as WebDriver describes them.
async fn credentials(browser: &Browser, authenticator: &str) -> Vec<Value> {
    let command = WebAuthnCommand {
        method: axum::http::Method::GET,
        path: format!("authenticator/{authenticator}/credentials"),
        body: None,
    };
    let listed = browser.client().issue_cmd(command).await.expect("list the authenticator's credentials");
    listed.as_array().expect("a list").clone()
}

/// A passkey for `localhost` that this server never registered: a key pair made here, with a user
/// handle no account has.
fn unknown_passkey() -> Value {
    let group = openssl::ec::EcGroup::from_curve_name(openssl::nid::Nid::X9_62_PRIME256V1).expect("P-256");
    let key = openssl::pkey::PKey::from_ec_key(openssl::ec::EcKey::generate(&group).expect("a key")).expect("a key");
    let pkcs8 = key.private_key_to_pkcs8().expect("PKCS#8");
    json!({
        "credentialId": URL_SAFE_NO_PAD.encode([7u8; 32]),
        "isResidentCredential": true,
        "rpId": "localhost",
        "privateKey": URL_SAFE_NO_PAD.encode(pkcs8),
        "userHandle": URL_SAFE_NO_PAD.encode([9u8; 16]),
        "signCount": 0,
    })
}

/// The sign-in page with its passkey button shown, and the browser's autofill request waiting:
/// opened while no authenticator holds a passkey (so the autofill has nothing to offer), then
/// `credential` is put into a fresh authenticator and the button is pressed. Returns that authenticator.
async fn press_the_passkey_button(browser: &Browser, base: &str, credential: Value) -> String {
    browser.goto(&format!("{base}/signin")).await;
    browser.wait_for("#passkey-sign-in:not([hidden])").await;
    let authenticator = add_authenticator(browser).await;
    add_credential(browser, &authenticator, credential).await;
    browser.click("#passkey-sign-in-button").await;
    authenticator
}

async fn show(browser: &Browser, id: &str) {
    browser.execute(&format!("document.getElementById('{id}').scrollIntoView({{block: 'start'}}); return true")).await;
}

#[tokio::test]
async fn a_passkey_signs_in_and_removing_it_signs_out_the_browser_that_used_it() {
    let app = spawn_app().await;
    household::seed(&app).await;
    let base = app.base.replace("127.0.0.1", "localhost");
    let Some([laptop, phone]) = Browser::open_all([Viewport::Desktop, Viewport::Phone]).await else { return };
    let first = add_authenticator(&laptop).await;

    sign_in(&laptop, &base).await;
    laptop.goto(&format!("{base}/account#passkeys")).await;
    laptop.wait_for("#passkey-add:not([hidden])").await;
    assert!(laptop.exists("#passkeys-none").await, "no passkeys yet");
    laptop.fill("#passkey-name", "Anna's laptop").await;
    laptop.click("#passkey-add-button").await;
    laptop.wait_for_text("Your passkey was added").await;
    assert_eq!(laptop.text(".passkey__name").await, "Anna's laptop");
    assert!(laptop.text(".passkey__meta").await.contains("Not used yet"));
    for (viewport, size) in [(Viewport::Desktop, "desktop"), (Viewport::Phone, "phone"), (Viewport::Tv, "tv")] {
        laptop.set_viewport(viewport).await;
        show(&laptop, "passkeys").await;
        laptop.screenshot(&format!("passkeys-account-{size}")).await;
    }
    laptop.set_viewport(Viewport::Desktop).await;

    // Signed out, the sign-in page's email field offers the passkey (Chromium's virtual
    // authenticator picks it at once, as a person would from the autofill list): signed in.
    laptop.goto(&format!("{base}/signout")).await;
    laptop.click("form[action='/signout'] button[type=submit]").await;
    laptop.wait_for_path("/signed-out").await;
    laptop.goto(&format!("{base}/signin")).await;
    assert_eq!(
        laptop.execute("return document.getElementById('email').getAttribute('autocomplete')").await,
        "username webauthn",
        "the email field offers passkeys in the browser's autofill"
    );
    laptop.wait_for_path("/profiles").await;
    // As it is now (its signature counter moved on with that use: a copy with an older count would be
    // refused as a clone).
    let kept = credentials(&laptop, &first).await;
    assert_eq!(kept.len(), 1, "one passkey made, and kept on the authenticator (discoverable)");
    assert_eq!(kept[0]["isResidentCredential"], true);
    assert_eq!(kept[0]["rpId"], "localhost");

    // Signed out again, and with the passkey moved to another authenticator after the page opened
    // (so the autofill has nothing to offer): "Sign in with a passkey".
    laptop.goto(&format!("{base}/signout")).await;
    laptop.click("form[action='/signout'] button[type=submit]").await;
    laptop.wait_for_path("/signed-out").await;
    remove_authenticator(&laptop, &first).await;
    let second = press_the_passkey_button(&laptop, &base, kept[0].clone()).await;
    laptop.wait_for_path("/profiles").await;
    laptop.goto(&format!("{base}/account#passkeys")).await;
    laptop.wait_for_text("Last used: Just now").await;

    // A form that asks for the password again takes the passkey instead: "Ask for my password before
    // a TV is allowed in", saved with no password typed.
    laptop.click("form[action='/account/device-codes'] input[name=confirm]").await;
    laptop.click("#tv-codes-password + .passkey-instead").await;
    laptop.wait_for_url(|url| url.contains("saved=device-codes")).await;
    laptop.wait_for_text("Saved.").await;
    let confirm = laptop.execute("return document.querySelector('input[name=confirm]').checked").await;
    assert_eq!(confirm, true, "the box was ticked, and so saved");
    let found = app.store.store.credentials_by_email(EMAIL).await.unwrap().expect("the household's account");
    assert!(found.account.confirm_devices_with_password, "saved in the account");

    // The owner removes it from their phone (after the password): the laptop is signed out at once.
    sign_in(&phone, &base).await;
    phone.goto(&format!("{base}/account#passkeys")).await;
    phone.wait_for(".passkey").await;
    phone.click(".passkey__remove button[type=submit]").await;
    phone.wait_for_text("The passkey was removed").await;
    assert!(phone.exists("#passkeys-none").await, "none left");
    laptop.wait_for_path("/signin").await;
    laptop.goto(&format!("{base}/account")).await;
    laptop.wait_for_path("/signin").await;

    // The authenticator still holds the passkey, but it signs in to nothing now.
    laptop.goto(&format!("{base}/signin")).await;
    laptop.wait_for_text("That passkey does not sign in to any account here").await;
    assert_eq!(laptop.current_path().await, "/signin");
    remove_authenticator(&laptop, &second).await;
    laptop.close().await;
    phone.close().await;
}

#[tokio::test]
async fn a_passkey_this_server_never_registered_is_refused_with_words() {
    let app = spawn_app().await;
    household::seed(&app).await;
    let base = app.base.replace("127.0.0.1", "localhost");
    let Some(browser) = Browser::open(Viewport::Desktop).await else { return };
    for (viewport, size) in [(Viewport::Desktop, "desktop"), (Viewport::Phone, "phone"), (Viewport::Tv, "tv")] {
        browser.set_viewport(viewport).await;
        browser.goto(&format!("{base}/signin")).await;
        browser.wait_for("#passkey-sign-in:not([hidden])").await;
        browser.screenshot(&format!("passkeys-signin-{size}")).await;
    }
    browser.set_viewport(Viewport::Desktop).await;
    let authenticator = press_the_passkey_button(&browser, &base, unknown_passkey()).await;
    browser.wait_for_text("That passkey does not sign in to any account here").await;
    assert_eq!(browser.current_path().await, "/signin", "not signed in");
    assert!(browser.cookie("marquee_session").await.is_none(), "no session cookie");
    // The password form works as before beside it.
    sign_in(&browser, &base).await;
    remove_authenticator(&browser, &authenticator).await;
    browser.close().await;
}
