//! Ids in addresses: anything that is not an id is "not found" before a handler looks further, as a
//! page for pages and as JSON for what scripts and apps fetch, and a real id of nothing is the same.

use reqwest::header::CONTENT_TYPE;
use serde_json::Value;

use crate::support::{TestApp, scan_demo_library, spawn_app};
use crate::web_support::{Page, WebClient};

const NOT_IDS: [&str; 4] = ["not-an-id", "123", "..%2F..%2Fetc%2Fpasswd", "%3Cscript%3E"];

fn assert_page_not_found(page: &Page, path: &str) {
    assert_eq!(page.status, 404, "{path}");
    let kind = page.headers.get(CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or_default();
    assert!(kind.starts_with("text/html"), "{path} answers a page, not {kind}");
    assert!(page.body.contains("<h1"), "{path} says so in a heading");
    assert!(!page.body.contains("%3Cscript") && !page.body.contains("<script>alert"), "{path} echoes nothing");
}

fn assert_json_not_found(status: u16, body: &str, path: &str) {
    assert_eq!(status, 404, "{path}");
    let error: Value = serde_json::from_str(body).unwrap_or_else(|_| panic!("{path} answers JSON: {body}"));
    assert_eq!(error["error"], "not_found", "{path}: {body}");
    assert!(error["message"].as_str().is_some_and(|m| m.ends_with("was not found.")), "{path}: {body}");
}

async fn signed_in() -> (TestApp, WebClient, String) {
    let app = spawn_app().await;
    scan_demo_library(app.store.store.as_ref()).await;
    app.create_account("ids@example.com").await;
    let browser = WebClient::new(&app);
    browser.sign_in_and_choose("ids@example.com").await;
    let token = app.sign_in("ids@example.com", "Tablet", "mobile").await;
    let profiles: Value = app.get("/api/v1/profiles", &token).await.json().await.unwrap();
    let profile = profiles[0]["id"].as_str().expect("a profile").to_string();
    let select = app.url(&format!("/api/v1/profiles/{profile}/select"));
    assert_eq!(app.client.post(select).bearer_auth(&token).send().await.unwrap().status(), 204);
    (app, browser, token)
}

#[tokio::test]
async fn pages_answer_not_found_for_what_is_not_an_id() {
    let (_app, browser, _) = signed_in().await;
    for id in NOT_IDS.into_iter().chain([uuid::Uuid::now_v7().to_string().leak() as &str]) {
        for path in [
            format!("/title/{id}"),
            format!("/watch/{id}"),
            format!("/profiles/{id}/edit"),
            format!("/profiles/{id}/pin"),
            format!("/art/{id}/poster"),
            format!("/art/media/{id}/thumb"),
        ] {
            assert_page_not_found(&browser.get(&path).await, &path);
        }
        let device = format!("/account/devices/{id}/sign-out");
        assert_page_not_found(&browser.submit("/account", &device, &[("password", "")]).await, &device);
    }
}

#[tokio::test]
async fn what_scripts_and_apps_fetch_answers_json_not_found() {
    let (app, browser, token) = signed_in().await;
    for id in NOT_IDS {
        for path in [format!("/watch/{id}/stream"), format!("/watch/{id}/playback"), format!("/watch/{id}/subtitles/0")]
        {
            let page = browser.get(&path).await;
            assert_json_not_found(page.status, &page.body, &path);
        }
        for path in [
            format!("/api/v1/titles/{id}"),
            format!("/api/v1/titles/{id}/poster"),
            format!("/api/v1/media/{id}/stream"),
            format!("/api/v1/media/{id}/playback"),
            format!("/api/v1/media/{id}/subtitles/0"),
        ] {
            let response = app.get(&path, &token).await;
            let status = response.status().as_u16();
            assert_json_not_found(status, &response.text().await.unwrap(), &path);
        }
        let select = format!("/api/v1/profiles/{id}/select");
        let response = app.client.post(app.url(&select)).bearer_auth(&token).send().await.unwrap();
        let status = response.status().as_u16();
        assert_json_not_found(status, &response.text().await.unwrap(), &select);
    }
}
