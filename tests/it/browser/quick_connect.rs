//! Quick Connect with a real Jellyfin client and a real browser: `jellyfin-apiclient-python` asks for a
//! code and polls, a phone in headless Chromium allows it at `/activate` choosing the profile "Sam",
//! and the client signs in as Sam, once.

use std::path::PathBuf;
use std::process::Stdio;
use std::time::Duration;

use serde_json::Value;
use tokio::io::{AsyncBufReadExt, BufReader};

use super::household::{EMAIL, seed};
use super::journey::sign_in;
use super::{Browser, Viewport};
use crate::jellyfin_support::installed_client;
use crate::support::{TestStore, spawn_app_on};

crate::on_both_test_stores!(the_python_client_signs_in_with_quick_connect_as_the_profile_chosen_in_chromium);

async fn the_python_client_signs_in_with_quick_connect_as_the_profile_chosen_in_chromium(store: TestStore) {
    let python =
        installed_client("jellyfin-apiclient-python", "MARQUEE_JELLYFIN_PYTHON", "jellyfin-clients/py/bin/python");
    let Some(python) = python else { return };
    // Polls every second, so the client hears of the decision quickly.
    let app = spawn_app_on(store, |settings| settings.device_codes.interval = Duration::from_secs(1)).await;
    seed(&app).await;
    let Some(phone) = Browser::open(Viewport::Phone).await else { return };
    let account = app.store.store.account_by_email(EMAIL).await.unwrap().expect("the household");
    let profiles = app.store.store.profiles(account.id).await.unwrap();
    let sam = profiles.iter().find(|profile| profile.name == "Sam").expect("Sam").id;

    let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/jellyfin/quick_connect.py");
    let mut client = tokio::process::Command::new(python)
        .arg(script)
        .env("MARQUEE_URL", &app.base)
        .env("MARQUEE_POLL_SECONDS", "1.2")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .expect("start the client");
    let mut lines = BufReader::new(client.stdout.take().unwrap()).lines();
    let mut stderr = client.stderr.take().unwrap();
    let mut next_step = async || -> Value {
        loop {
            match tokio::time::timeout(Duration::from_secs(60), lines.next_line()).await {
                Ok(Ok(Some(line))) if line.starts_with('{') => {
                    return serde_json::from_str(&line).unwrap_or_else(|_| panic!("not a step: {line}"));
                }
                Ok(Ok(Some(_))) => {}
                Ok(_) => {
                    let mut said = String::new();
                    let _ = tokio::io::AsyncReadExt::read_to_string(&mut stderr, &mut said).await;
                    panic!("the client stopped early: {said}");
                }
                Err(_) => panic!("the client took no step within a minute"),
            }
        }
    };

    let shown = next_step().await;
    assert_eq!(shown["step"], "code", "{shown}");
    let code = shown["code"].as_str().expect("a code").to_string();

    sign_in(&phone, &app.base).await;
    phone.goto(&app.url(&format!("/activate?code={code}"))).await;
    phone.click("form[action='/activate'] button[type=submit]").await;
    phone.wait_for_text("Sign in this device?").await;
    assert!(phone.text("[data-through]").await.contains("Jellyfin"), "the page says a Jellyfin app asks");
    assert!(phone.text("[data-device-name]").await.contains("Marquee quick connect on Living room box"));
    phone.click(&format!("label[for='profile-{sam}']")).await;
    assert_eq!(phone.execute(&format!("return document.getElementById('profile-{sam}').checked")).await, true);
    phone.screenshot("quick-connect-choose-profile").await;
    phone.click("button[value=allow]").await;
    phone.wait_for("[data-outcome=allowed]").await;

    let signed_in = next_step().await;
    assert_eq!(signed_in["step"], "signed-in", "{signed_in}");
    assert_eq!(signed_in["user_id"], sam.simple().to_string());
    assert_eq!(signed_in["user_name"], "Sam");
    assert_eq!(
        (signed_in["me_id"].as_str(), signed_in["me_name"].as_str()),
        (signed_in["user_id"].as_str(), Some("Sam"))
    );
    assert_eq!(next_step().await["step"], "spent");
    let status = tokio::time::timeout(Duration::from_secs(30), client.wait()).await.expect("the client ends").unwrap();
    assert!(status.success(), "the client exits cleanly");
    phone.close().await;
}
