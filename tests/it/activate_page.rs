//! What the approval page at `/activate` shows, so that a phishing TV gives itself away: where the code
//! was asked for from and whether that is this device's network (with a plain warning, and Allow not
//! focused, when it is not), and what asked (Marquee's own TV page, or an app by its id). Names that
//! hide or reorder their text are refused, and no app may pass for the built-in TV page.

use crate::device_code::{EMAIL, oauth};
use crate::support::{TestApp, spawn_app, spawn_app_with};
use crate::web_support::{Page, WebClient};

const WARNING: &str = "This code was asked for from another network. Allow only a TV you are in front of.";

/// A code asked for by an app, from `address` when the server trusts `X-Forwarded-For`.
async fn code_from(app: &TestApp, client: &str, address: Option<&str>) -> String {
    let mut request = app.client.post(app.url("/oauth/device_authorization"));
    if let Some(address) = address {
        request = request.header("x-forwarded-for", address);
    }
    let response = request.form(&[("client_id", client), ("device_name", "Living room TV")]).send().await.unwrap();
    assert_eq!(response.status(), 200);
    let body: serde_json::Value = response.json().await.unwrap();
    body["user_code"].as_str().unwrap().to_string()
}

/// A phone's browser signed in to the account, seen by the server at `address` when it trusts
/// `X-Forwarded-For`.
async fn phone_at(app: &TestApp, address: Option<&str>) -> WebClient {
    let mut headers = reqwest::header::HeaderMap::new();
    if let Some(address) = address {
        headers.insert("x-forwarded-for", address.parse().unwrap());
    }
    let http = reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .default_headers(headers)
        .build()
        .unwrap();
    let phone = WebClient::with_http(http, &app.base);
    phone.sign_in(EMAIL, true).await;
    phone
}

async fn confirmation(phone: &WebClient, user_code: &str) -> Page {
    let confirm = phone.submit("/activate", "/activate", &[("code", user_code)]).await;
    assert_eq!(confirm.status, 200, "{}", confirm.body);
    confirm
}

/// The attributes of the Allow or Deny button.
fn button<'a>(page: &'a Page, value: &str) -> &'a str {
    let at = page.body.find(&format!("value=\"{value}\"")).expect("the button");
    &page.body[at..at + page.body[at..].find('>').unwrap()]
}

#[tokio::test]
async fn a_code_from_this_network_shows_where_it_came_from_and_allow_is_focused() {
    let app = spawn_app().await;
    app.create_account(EMAIL).await;
    let phone = phone_at(&app, None).await;
    let user_code = code_from(&app, "living-room-app", None).await;
    let confirm = confirmation(&phone, &user_code).await;
    assert!(confirm.body.contains("127.0.0.1 (this network)"), "{}", confirm.body);
    assert!(confirm.body.contains("an app calling itself &#34;living-room-app&#34;"), "{}", confirm.body);
    assert!(!confirm.body.contains("data-other-network"));
    assert!(button(&confirm, "allow").contains("autofocus"));
    assert!(!button(&confirm, "deny").contains("autofocus"));
}

#[tokio::test]
async fn a_code_from_another_network_is_flagged_and_deny_is_focused() {
    let app = spawn_app_with(|settings| settings.trust_forwarded_for = true).await;
    app.create_account(EMAIL).await;
    let phone = phone_at(&app, Some("192.168.1.20")).await;
    let user_code = code_from(&app, "<b>Netflix</b>", Some("198.51.100.7")).await;

    // The QR code's link is still offered, with the warning on the page it leads to.
    let prefilled = phone.get(&format!("/activate?code={user_code}")).await;
    assert!(prefilled.body.contains(&format!("value=\"{user_code}\"")));
    let confirm = confirmation(&phone, &user_code).await;
    assert!(confirm.body.contains("198.51.100.7 (another network)"), "{}", confirm.body);
    assert!(confirm.body.contains(WARNING), "{}", confirm.body);
    assert!(confirm.body.contains("&#60;b&#62;Netflix&#60;/b&#62;"), "the app's id is shown as text");
    assert!(!button(&confirm, "allow").contains("autofocus"), "Allow is not the default");
    assert!(button(&confirm, "deny").contains("autofocus"));
    // Not the household's own TV, most likely: proposed to sign out by itself in the morning.
    assert!(confirm.body.contains("value=\"until_morning\" selected"), "{}", confirm.body);

    // The same home network: no warning.
    let near = code_from(&app, "living-room-app", Some("192.168.1.44")).await;
    let confirm = confirmation(&phone, &near).await;
    assert!(confirm.body.contains("192.168.1.44 (this network)"), "{}", confirm.body);
    assert!(!confirm.body.contains("data-other-network"));
    assert!(confirm.body.contains("value=\"until_signed_out\" selected"), "the household's own TV stays");
}

#[tokio::test]
async fn the_tv_page_is_named_as_itself_and_no_app_may_borrow_its_id() {
    let app = spawn_app().await;
    app.create_account(EMAIL).await;
    let phone = phone_at(&app, None).await;
    let tv = WebClient::new(&app);
    let screen = tv.get("/tv").await;
    let start = screen.body.find("data-user-code").expect("the code is shown");
    let code_start = screen.body[start..].find('>').unwrap() + start + 1;
    let confirm = confirmation(&phone, &screen.body[code_start..code_start + 9]).await;
    assert!(confirm.body.contains("Marquee&#39;s TV page") || confirm.body.contains("Marquee's TV page"));

    let (status, _, body) =
        oauth(&app, "/oauth/device_authorization", &[("client_id", "marquee-tv-page"), ("device_name", "TV")]).await;
    assert_eq!((status, body["error"].as_str()), (400, Some("invalid_client")), "{body}");
}

#[tokio::test]
async fn names_that_hide_or_reorder_their_text_are_refused() {
    let app = spawn_app().await;
    app.create_account(EMAIL).await;
    for name in ["Living room TV\u{202E}VT", "Living\u{200B}room", "TV\u{2066}x\u{2069}", "\u{FEFF}TV"] {
        let (status, _, body) =
            oauth(&app, "/oauth/device_authorization", &[("client_id", "app"), ("device_name", name)]).await;
        assert_eq!((status, body["error"].as_str()), (400, Some("invalid_request")), "{name:?}: {body}");
        assert!(body["error_description"].as_str().unwrap().contains("invisible"), "{body}");
    }
    let signed_in = app
        .sign_in_raw(serde_json::json!({
            "email": EMAIL, "password": crate::support::PASSWORD,
            "device_name": "Phone\u{202E}", "device_kind": "mobile"
        }))
        .await;
    assert_eq!(signed_in.status(), 400, "nor can a sign-in name itself so");

    let browser = WebClient::new(&app);
    browser.sign_in(EMAIL, true).await;
    let added = browser.submit("/profiles/manage", "/profiles", &[("name", "Kids\u{200D}"), ("kids", "on")]).await;
    assert_eq!(added.status, 400);
    assert!(added.body.contains("invisible characters"), "{}", added.body);
}
