//! Every other way in, for an account with two-step sign-in on, on both databases: a Jellyfin app's
//! password sign-in (no second step in its protocol) is refused with words pointing to Quick Connect,
//! a TV signing in with a code allowed on a phone is not asked for one, a new password set with a
//! reset link is saved and then the code is asked for, and the command line's
//! `account reset-two-step` turns it off and signs every device out.

use serde_json::Value;

use crate::cli::{marquee, text};
use crate::device_code::{ask_for_code, decide, poll};
use crate::jellyfin_support::sign_in_as;
use crate::mail_outbox::mail_to;
use crate::password_reset::reset_secret;
use crate::smtp_server::SmtpServer;
use crate::support::{PASSWORD, TestStore};
use crate::two_step::{EMAIL, api_sign_in, code_for, with_two_step};
use crate::web_support::WebClient;

crate::on_both_test_stores!(
    jellyfin_apps_are_sent_to_quick_connect_and_tv_codes_still_sign_in,
    a_reset_link_sets_the_password_then_asks_for_the_code,
    the_command_line_turns_it_off_and_signs_everyone_out,
);

async fn jellyfin_apps_are_sent_to_quick_connect_and_tv_codes_still_sign_in(store: TestStore) {
    let (app, phone, _, _, _) = with_two_step(store, |_| {}).await;
    let refused = sign_in_as(&app, EMAIL, PASSWORD).await;
    assert_eq!(refused.status(), 401);
    let problem: Value = refused.json().await.unwrap();
    assert!(problem["detail"].as_str().is_some_and(|words| words.contains("Quick Connect")), "{problem}");
    let wrong = sign_in_as(&app, EMAIL, "not the password at all").await;
    let problem: Value = wrong.json().await.unwrap();
    assert_eq!(problem["detail"], "Wrong user name or password.", "a wrong password learns nothing of it");

    // A TV asks for a code, the signed-in phone allows it: no second step for a device that typed no password.
    let code = ask_for_code(&app, "living-room-app").await;
    let user_code = code["user_code"].as_str().unwrap().to_string();
    let allowed = decide(&phone, &user_code, "allow").await;
    assert_eq!(allowed.status, 200, "{}", allowed.body);
    let token = poll(&app, "living-room-app", code["device_code"].as_str().unwrap()).await.expect("the TV signs in");
    assert_eq!(app.get("/api/v1/account", &token).await.status(), 200);
}

async fn a_reset_link_sets_the_password_then_asks_for_the_code(store: TestStore) {
    let smtp = SmtpServer::start().await;
    let smtp_url = smtp.url();
    let (app, _, secret, _, step) = with_two_step(store, move |settings| mail_to(settings, &smtp_url)).await;
    let link = reset_secret(&app, &smtp, EMAIL).await;
    let stranger = WebClient::new(&app);
    stranger.get(&format!("/password-reset/open?token={link}")).await;
    let page = stranger.get("/password-reset/new").await;
    assert_eq!(page.status, 200, "{}", page.body);
    let new_password = "seven lanterns drift over the quiet harbour";
    let done = stranger.post("/password-reset/new", &[("password", new_password), ("csrf", &page.csrf())]).await;
    assert_eq!(done.location(), Some("/signin/two-step"), "the password is set, then the code is asked");
    assert!(!done.set_cookies().iter().any(|c| c.starts_with("marquee_session=")), "no session for the link alone");
    assert_eq!(stranger.get("/profiles").await.location(), Some("/signin"), "not signed in yet");
    let ask = stranger.get("/signin/two-step").await;
    assert_eq!(ask.status, 200);
    let right = stranger.post("/signin/two-step", &[("csrf", &ask.csrf()), ("code", &code_for(&secret, step))]).await;
    assert_eq!(right.location(), Some("/profiles"), "{}", right.body);
    assert_eq!(stranger.get("/profiles").await.status, 200, "signed in with the new password and the code");
}

async fn the_command_line_turns_it_off_and_signs_everyone_out(store: TestStore) {
    let url = store.url.clone();
    let (app, browser, _, _, _) = with_two_step(store, |_| {}).await;
    let dir = tempfile::tempdir().unwrap();
    let args = ["--database-url", url.as_str(), "account", "reset-two-step", "--email", EMAIL].map(String::from);
    let path = dir.path().to_path_buf();
    let reset = tokio::task::spawn_blocking(move || {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        marquee(&path, &args, "")
    })
    .await
    .unwrap();
    assert!(reset.status.success(), "{}", text(&reset.stderr));
    assert!(text(&reset.stdout).contains("1 session(s) signed out"), "{}", text(&reset.stdout));
    // Another process signed it out: the server hears of it through its once-a-second poll.
    let mut signed_out = false;
    for _ in 0..30 {
        signed_out = browser.get("/account").await.location() == Some("/signin");
        if signed_out {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(signed_out, "the browser was signed out within seconds");
    let (status, body) = api_sign_in(&app).await;
    assert_eq!(status, 201, "a password alone signs in again: {body}");
    let token = body["token"].as_str().unwrap();
    let account: Value = app.get("/api/v1/account", token).await.json().await.unwrap();
    assert_eq!(account["two_step"], false);
    let activity: Value = app.get("/api/v1/account/activity", token).await.json().await.unwrap();
    assert!(activity.to_string().contains("two_step_off"), "{activity}");

    let unknown =
        marquee(dir.path(), &["--database-url", &url, "account", "reset-two-step", "--email", "no@example.org"], "");
    assert_eq!(unknown.status.code(), Some(1), "an unknown email is refused");
}
