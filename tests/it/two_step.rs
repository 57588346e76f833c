//! Two-step sign-in over HTTP, on both databases: turned on through the account pages (the secret read
//! from the page, as a person's app would scan it; codes computed here with totp-rs), then signing in
//! with a code through the pages and through the API's challenge, replays refused, recovery codes
//! spent once, wrong codes throttled, a sign-out of every device ending a challenge, and a race of
//! sign-ins with one code that exactly one wins.

use serde_json::{Value, json};

use crate::support::{PASSWORD, TestApp, TestStore, error_code, spawn_app_on};
use crate::web_support::WebClient;

crate::on_both_test_stores!(
    pages_turn_it_on_and_a_browser_signs_in_with_a_code,
    the_api_asks_for_a_code_and_never_takes_one_twice,
    a_recovery_code_signs_in_once,
    wrong_codes_are_throttled_and_end_the_challenge,
    signing_out_everywhere_ends_a_waiting_challenge,
    of_sign_ins_racing_with_one_code_exactly_one_wins,
);

pub(crate) const EMAIL: &str = "ada@example.org";

/// The six-digit code an authenticator app shows for the 30-second `step` of `secret` (base 32).
pub(crate) fn code_for(secret: &str, step: i64) -> String {
    let secret = totp_rs::Secret::try_from_base32(secret).expect("a base-32 secret");
    let totp = totp_rs::Builder::new().with_secret(secret).with_account_name("test").build().expect("a TOTP");
    totp.generate(u64::try_from(step * 30).unwrap()).to_string()
}

/// The current 30-second step, once at least 18 s of it are left: the codes of this step, the one
/// before and the one after then all hold for the server while the test uses them.
pub(crate) async fn roomy_step() -> i64 {
    loop {
        let now = time::OffsetDateTime::now_utc().unix_timestamp();
        if now % 30 < 12 {
            return now / 30;
        }
        tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    }
}

/// A six-digit code that is not `code`.
pub(crate) fn other_than(code: &str) -> String {
    if code == "000000" { "111111".into() } else { "000000".into() }
}

/// What the text of an element with this id holds, up to its closing tag.
fn text_of(body: &str, id: &str) -> String {
    let marker = format!("id=\"{id}\">");
    let start = body.find(&marker).unwrap_or_else(|| panic!("the page has #{id}: {body}")) + marker.len();
    let end = body[start..].find('<').unwrap() + start;
    body[start..end].to_string()
}

/// Turns two-step sign-in on through the account pages of a browser signed in as [`EMAIL`], with the
/// code of `step`; the secret as the page showed it, and the recovery codes.
pub(crate) async fn turn_on(browser: &WebClient, step: i64) -> (String, Vec<String>) {
    let off = browser.get("/account/two-step").await;
    assert_eq!(off.status, 200);
    assert!(off.body.contains("id=\"start-two-step\""), "offers to turn it on");
    let wrong = browser.post("/account/two-step/start", &[("csrf", &off.csrf()), ("password", "not it")]).await;
    assert_eq!(wrong.status, 401, "the password is needed");
    assert!(!wrong.body.contains("two-step-secret"), "no secret without it");
    let started = browser.post("/account/two-step/start", &[("csrf", &off.csrf()), ("password", PASSWORD)]).await;
    assert_eq!(started.status, 303, "{}", started.body);
    let scan = browser.get("/account/two-step").await;
    assert!(scan.body.contains("<svg class=\"two-step__qr\""), "a QR code to scan");
    let secret = text_of(&scan.body, "two-step-secret").replace(' ', "");
    assert_eq!(secret.len(), 32, "160 bits in base 32: {secret}");
    assert!(!scan.body.contains(&format!("value=\"{secret}\"")), "the secret is in no form field");
    // A wrong code turns nothing on.
    let wrong = other_than(&code_for(&secret, step));
    let bad = browser.post("/account/two-step/confirm", &[("csrf", &scan.csrf()), ("code", &wrong)]).await;
    assert_eq!(bad.status, 400, "{}", bad.body);
    assert!(bad.body.contains("two-step-secret"), "the same secret waits for the right code");
    let codes =
        browser.post("/account/two-step/confirm", &[("csrf", &scan.csrf()), ("code", &code_for(&secret, step))]).await;
    assert_eq!(codes.status, 200, "{}", codes.body);
    assert!(codes.body.contains("id=\"two-step-now-on\""));
    let recovery: Vec<String> =
        codes.body.split("<li><code>").skip(1).map(|rest| rest[..rest.find('<').unwrap()].to_string()).collect();
    assert_eq!(recovery.len(), 10, "ten recovery codes");
    (secret, recovery)
}

/// An app's password sign-in: the answer's status and JSON.
pub(crate) async fn api_sign_in(app: &TestApp) -> (u16, Value) {
    let response = app
        .sign_in_raw(
            json!({"email": EMAIL, "password": PASSWORD, "device_name": "Ada's phone", "device_kind": "mobile"}),
        )
        .await;
    let status = response.status().as_u16();
    (status, response.json().await.expect("JSON"))
}

/// A challenge from a right password.
pub(crate) async fn challenge(app: &TestApp) -> String {
    let (status, body) = api_sign_in(app).await;
    assert_eq!(status, 401, "{body}");
    assert_eq!(body["error"], "second_factor_required");
    assert!(body["message"].as_str().is_some_and(|words| words.contains("code")), "{body}");
    assert_eq!(body["expires_in"], 300);
    assert!(body.get("token").is_none(), "no session for a password alone: {body}");
    body["challenge"].as_str().expect("a challenge").to_string()
}

pub(crate) async fn answer(app: &TestApp, challenge: &str, code: &str) -> reqwest::Response {
    let body = json!({"challenge": challenge, "code": code});
    app.client.post(app.url("/api/v1/sessions/second-factor")).json(&body).send().await.expect("request")
}

/// A server with [`EMAIL`]'s account, a browser signed in to it, and two-step sign-in turned on
/// with the code of the step before `step` (so `step` and the one after are still unused).
pub(crate) async fn with_two_step(
    store: TestStore,
    configure: impl FnOnce(&mut marquee::settings::Settings),
) -> (TestApp, WebClient, String, Vec<String>, i64) {
    let app = spawn_app_on(store, configure).await;
    app.create_account(EMAIL).await;
    let browser = WebClient::new(&app);
    browser.sign_in(EMAIL, true).await;
    let step = roomy_step().await;
    let (secret, codes) = turn_on(&browser, step - 1).await;
    (app, browser, secret, codes, step)
}

async fn live_sessions(app: &TestApp) -> usize {
    let account = app.store.account_by_email(EMAIL).await.unwrap().unwrap();
    app.store.active_sessions(account.id, marquee::clock::now()).await.unwrap().len()
}

async fn pages_turn_it_on_and_a_browser_signs_in_with_a_code(store: TestStore) {
    let (app, browser, secret, _, step) = with_two_step(store, |_| {}).await;
    let account = browser.get("/account").await;
    assert!(account.body.contains("id=\"manage-two-step\""), "the account page says it is on");

    let laptop = WebClient::new(&app);
    let form = laptop.get("/signin").await;
    let password = laptop
        .post("/signin", &[("csrf", &form.csrf()), ("email", EMAIL), ("password", PASSWORD), ("remember", "on")])
        .await;
    assert_eq!(password.status, 303, "{}", password.body);
    assert_eq!(password.location(), Some("/signin/two-step"), "on to the second step, no secret in the address");
    let cookies = password.set_cookies().join("\n");
    assert!(!cookies.contains("marquee_session="), "no session for a password alone: {cookies}");
    let held = cookies.lines().find(|c| c.starts_with("marquee_second_step=")).expect("the challenge in a cookie");
    assert!(held.contains("HttpOnly") && held.contains("SameSite=Strict") && held.contains("Max-Age=300"), "{held}");
    // Another page cannot skip the step.
    assert_eq!(laptop.get("/account").await.location(), Some("/signin"), "not signed in yet");
    assert_eq!(laptop.get("/profiles").await.location(), Some("/signin"), "not signed in yet");

    let ask = laptop.get("/signin/two-step").await;
    assert_eq!(ask.status, 200);
    assert!(ask.body.contains("autocomplete=\"one-time-code\"") && ask.body.contains("id=\"use-recovery-code\""));
    let wrong = laptop.post("/signin/two-step", &[("csrf", &ask.csrf()), ("code", "12345")]).await;
    assert_eq!(wrong.status, 401, "{}", wrong.body);
    assert!(wrong.body.contains("id=\"second-step-error\""));
    let right = laptop.post("/signin/two-step", &[("csrf", &ask.csrf()), ("code", &code_for(&secret, step))]).await;
    assert_eq!(right.status, 303, "{}", right.body);
    assert_eq!(right.location(), Some("/profiles"));
    assert!(right.set_cookies().iter().any(|c| c.starts_with("marquee_session=")), "signed in");
    assert_eq!(laptop.get("/account").await.status, 200, "the laptop is signed in");
    // The cookie went with the sign-in: the step page has nothing to answer now.
    assert_eq!(laptop.get("/signin/two-step").await.status, 410);

    let activity = browser.get("/account/activity").await;
    assert!(activity.body.contains("Two-step sign-in turned on"), "{}", activity.body);
}

async fn the_api_asks_for_a_code_and_never_takes_one_twice(store: TestStore) {
    let (app, _browser, secret, _, step) = with_two_step(store, |_| {}).await;
    let first = challenge(&app).await;
    assert_eq!(live_sessions(&app).await, 1, "only the browser that turned it on");

    let wrong = answer(&app, &first, &other_than(&code_for(&secret, step))).await;
    assert_eq!(error_code(wrong, 401).await, "invalid_code");
    let right = answer(&app, &first, &code_for(&secret, step)).await;
    assert_eq!(right.status(), 201);
    let signed_in: Value = right.json().await.unwrap();
    let token = signed_in["token"].as_str().expect("a session token");
    assert!(signed_in["device_token"].as_str().is_some_and(|t| !t.is_empty()), "{signed_in}");
    assert_eq!(signed_in["session"]["device_name"], "Ada's phone");
    assert_eq!(signed_in["session"]["current"], true);
    let account: Value = app.get("/api/v1/account", token).await.json().await.unwrap();
    assert_eq!(account["two_step"], true, "{account}");
    // The challenge is spent.
    let again = answer(&app, &first, &code_for(&secret, step + 1)).await;
    assert_eq!(error_code(again, 401).await, "challenge_expired");

    // The same code for another sign-in is a replay.
    let second = challenge(&app).await;
    let replayed = answer(&app, &second, &code_for(&secret, step)).await;
    assert_eq!(error_code(replayed, 401).await, "invalid_code");
    let next = answer(&app, &second, &code_for(&secret, step + 1)).await;
    assert_eq!(next.status(), 201, "the next step's code still signs in");
    assert_eq!(live_sessions(&app).await, 3);

    // Garbage is refused with words, and changes nothing.
    let unknown = answer(&app, "mqc_nothing", &code_for(&secret, step + 1)).await;
    assert_eq!(error_code(unknown, 401).await, "challenge_expired");
    let bad_json = app
        .client
        .post(app.url("/api/v1/sessions/second-factor"))
        .header("content-type", "application/json")
        .body("{\"challenge\": 1")
        .send()
        .await
        .unwrap();
    assert_eq!(bad_json.status(), 400);
    assert_eq!(live_sessions(&app).await, 3);
}

async fn a_recovery_code_signs_in_once(store: TestStore) {
    let (app, browser, _, codes, _) = with_two_step(store, |_| {}).await;
    let first = challenge(&app).await;
    // Typed in capitals with a space, it is the same code.
    let typed = codes[3].to_uppercase().replace('-', " ");
    let used = answer(&app, &first, &typed).await;
    assert_eq!(used.status(), 201);
    let second = challenge(&app).await;
    let again = answer(&app, &second, &codes[3]).await;
    assert_eq!(error_code(again, 401).await, "invalid_code");
    let other = answer(&app, &second, &codes[4]).await;
    assert_eq!(other.status(), 201, "the other codes still work");

    let page = browser.get("/account/two-step").await;
    assert!(page.body.contains("You have 8 unused recovery codes."), "{}", page.body);
    let activity = browser.get("/account/activity").await;
    assert_eq!(activity.body.matches("Signed in with a recovery code").count(), 2);

    // New codes replace the old ones.
    let made =
        browser.post("/account/two-step/recovery-codes", &[("csrf", &page.csrf()), ("password", PASSWORD)]).await;
    assert_eq!(made.status, 200, "{}", made.body);
    assert!(!made.body.contains(&codes[5]), "new codes");
    let third = challenge(&app).await;
    let old = answer(&app, &third, &codes[5]).await;
    assert_eq!(error_code(old, 401).await, "invalid_code");

    // Turned off with the password, a password alone signs in again.
    let page = browser.get("/account/two-step").await;
    let wrong = browser.post("/account/two-step/off", &[("csrf", &page.csrf()), ("password", "not it")]).await;
    assert_eq!(wrong.status, 401, "the password is needed");
    let off = browser.post("/account/two-step/off", &[("csrf", &page.csrf()), ("password", PASSWORD)]).await;
    assert_eq!(off.location(), Some("/account?saved=two-step-off#two-step"));
    assert!(browser.get("/account").await.body.contains("Two-step sign-in is off."));
    let (status, body) = api_sign_in(&app).await;
    assert_eq!(status, 201, "{body}");
    let activity = browser.get("/account/activity").await;
    assert!(activity.body.contains("Two-step sign-in turned off") && activity.body.contains("New recovery codes made"));
}

async fn wrong_codes_are_throttled_and_end_the_challenge(store: TestStore) {
    let (app, _browser, secret, _, step) = with_two_step(store, |settings| settings.throttle.per_account = 3).await;
    let wrong = other_than(&code_for(&secret, step));
    // Five wrong answers end a challenge, whatever the throttle says.
    let first = challenge(&app).await;
    for _ in 0..3 {
        assert_eq!(error_code(answer(&app, &first, &wrong).await, 401).await, "invalid_code");
    }
    // The account's allowance is spent: even the right code waits now.
    let throttled = answer(&app, &first, &code_for(&secret, step)).await;
    assert_eq!(throttled.status(), 429);
    assert!(throttled.headers().contains_key("retry-after"));
    let second = challenge(&app).await;
    let also = answer(&app, &second, &code_for(&secret, step)).await;
    assert_eq!(also.status(), 429, "per account, not per challenge");
    assert_eq!(live_sessions(&app).await, 1);
}

async fn signing_out_everywhere_ends_a_waiting_challenge(store: TestStore) {
    let (app, browser, secret, _, step) = with_two_step(store, |_| {}).await;
    let waiting = challenge(&app).await;
    let page = browser.get("/account/sign-out-all").await;
    let signed_out = browser.post("/account/sign-out-all", &[("csrf", &page.csrf()), ("password", PASSWORD)]).await;
    assert_eq!(signed_out.status, 303, "{}", signed_out.body);
    let late = answer(&app, &waiting, &code_for(&secret, step)).await;
    assert_eq!(error_code(late, 401).await, "challenge_expired");
    assert_eq!(live_sessions(&app).await, 0, "nothing came back");
    // A new sign-in after it works, with the code the dead challenge never spent.
    let fresh = challenge(&app).await;
    assert_eq!(answer(&app, &fresh, &code_for(&secret, step)).await.status(), 201);
}

async fn of_sign_ins_racing_with_one_code_exactly_one_wins(store: TestStore) {
    let (app, _browser, secret, _, step) = with_two_step(store, |_| {}).await;
    let mut challenges = Vec::new();
    for _ in 0..5 {
        challenges.push(challenge(&app).await);
    }
    let code = code_for(&secret, step);
    let answers = futures_util::future::join_all(challenges.iter().map(|c| answer(&app, c, &code))).await;
    let statuses: Vec<u16> = answers.iter().map(|a| a.status().as_u16()).collect();
    assert_eq!(statuses.iter().filter(|s| **s == 201).count(), 1, "{statuses:?}");
    assert_eq!(statuses.iter().filter(|s| **s == 401).count(), 4, "{statuses:?}");
    assert_eq!(live_sessions(&app).await, 2, "the browser and the one winner");
}
