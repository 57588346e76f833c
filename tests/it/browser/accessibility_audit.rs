//! The accessibility audit: axe-core, the checker from the npm registry (installed at a pinned version by
//! `scripts/test`), runs in every main page at phone, desktop and TV sizes and fails on any WCAG 2.2 AA
//! violation, naming each rule, where it was found and what it asks for. One browser per size walks the
//! pages as a household would, so each state (a refused form, a full account, a code to allow) is real.

use std::path::PathBuf;
use std::time::Duration;

use serde_json::{Value, json};

use super::household::EMAIL;
use super::journey::sign_in;
use super::watching::{VIDEO_PATIENCE, choose_profile, spawn_with_library};
use super::{Browser, Viewport};
use crate::device_code::ask_for_code;
use crate::jellyfin_support::APP;
use crate::support::{PASSWORD, TestApp, spawn_app_with};
use crate::web_support::WebClient;

/// The rules of WCAG 2.0, 2.1 and 2.2, levels A and AA.
const STANDARDS: [&str; 5] = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

#[tokio::test]
async fn every_main_page_passes_the_accessibility_audit_on_a_phone() {
    audit(Viewport::Phone, "phone").await;
}

#[tokio::test]
async fn every_main_page_passes_the_accessibility_audit_on_a_desktop() {
    audit(Viewport::Desktop, "desktop").await;
}

#[tokio::test]
async fn every_main_page_passes_the_accessibility_audit_on_a_tv() {
    audit(Viewport::Tv, "tv").await;
}

/// axe-core's script: where `MARQUEE_AXE` says, else where `scripts/test` installs it. `None` when it
/// is not installed, which CI never allows.
fn axe_source() -> Option<String> {
    let path = std::env::var_os("MARQUEE_AXE").map(PathBuf::from).unwrap_or_else(|| {
        let target = std::env::var_os("CARGO_TARGET_DIR")
            .map(PathBuf::from)
            .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target"));
        target.join("axe/node_modules/axe-core/axe.min.js")
    });
    match std::fs::read_to_string(&path) {
        Ok(source) => Some(source),
        Err(error) => {
            assert!(
                std::env::var_os("CI").is_none(),
                "axe-core must be installed on CI for the accessibility audit, which may not be skipped: \
                 {} could not be read ({error}). scripts/test installs it (npm install axe-core into target/axe).",
                path.display()
            );
            eprintln!("axe-core is not installed at {}: skipping the accessibility audit", path.display());
            None
        }
    }
}

/// One browser walking the pages at one size, and what the audit found so far.
struct Auditor<'a> {
    browser: &'a Browser,
    size: &'a str,
    axe: &'a str,
    found: Vec<String>,
    pages: usize,
}

impl Auditor<'_> {
    /// Opens `path` and audits it.
    async fn visit(&mut self, name: &str, path: &str, app: &TestApp) {
        self.browser.goto(&app.url(path)).await;
        self.check(name).await;
    }

    /// Audits the page the browser is on, once it has loaded.
    async fn check(&mut self, name: &str) {
        for violation in self.violations(name).await {
            self.found.push(describe(self.size, name, &violation));
        }
        self.pages += 1;
    }

    /// That the audit sees what it is for: a picture with no text alternative, put in the page for a
    /// moment, is reported.
    async fn proves_it_sees(&mut self) {
        self.browser.execute("document.querySelector('main').insertAdjacentHTML('beforeend', '<img id=audit-probe src=/static/icon.svg>')").await;
        let found = self.violations("the probe").await;
        self.browser.execute("document.getElementById('audit-probe').remove()").await;
        assert!(
            found.iter().any(|violation| violation["id"] == "image-alt"),
            "{}: axe-core did not report a picture without alt text: {found:?}",
            self.size
        );
    }

    async fn violations(&self, name: &str) -> Vec<Value> {
        let loaded = "return document.readyState === 'complete' && !!document.querySelector('main')";
        self.browser.wait_until(loaded, Duration::from_secs(10), &format!("{name} loads")).await;
        if self.browser.execute("return typeof axe === 'undefined'").await == true {
            self.browser.execute(&format!("{};\nreturn true", self.axe)).await;
        }
        let run = "const done = arguments[arguments.length - 1];
            axe.run(document, { runOnly: { type: 'tag', values: arguments[0] }, resultTypes: ['violations'] })
              .then(results => done(results.violations.map(v => ({ id: v.id, help: v.help, impact: v.impact,
                  targets: v.nodes.map(n => n.target.join(' ')) }))))
              .catch(error => done([{ id: 'axe-failed', help: String(error), impact: '', targets: [] }]));";
        let violations = match self.browser.client().execute_async(run, vec![json!(STANDARDS)]).await {
            Ok(violations) => violations,
            Err(error) => panic!("axe-core did not run on {name} at {}: {error}", self.size),
        };
        violations.as_array().cloned().unwrap_or_default()
    }
}

fn describe(size: &str, page: &str, violation: &Value) -> String {
    let targets: Vec<&str> =
        violation["targets"].as_array().map(|t| t.iter().filter_map(Value::as_str).collect()).unwrap_or_default();
    format!(
        "{size} {page}: {} ({}) {}\n    at {}",
        violation["id"].as_str().unwrap_or("?"),
        violation["impact"].as_str().unwrap_or(""),
        violation["help"].as_str().unwrap_or(""),
        targets.join(" | ")
    )
}

/// The address of the video of "Rocket Soup", as a signed-in device finds it.
async fn rocket_soup(device: &WebClient) -> (String, String) {
    let results = device.get("/search?q=rocket%20soup").await;
    let from = results.body.find("search-results").expect("the results");
    let start = results.body[from..].find("/title/").expect("a title link") + from;
    let end = results.body[start..].find('"').unwrap() + start;
    let title = results.body[start..end].to_string();
    let page = device.get(&title).await;
    let start = page.body.find("href=\"/watch/").expect("a Play link") + 6;
    (title, page.body[start..start + 7 + 36].to_string())
}

async fn audit(viewport: Viewport, size: &str) {
    let Some(axe) = axe_source() else { return };
    // One stream at a time, so "Too many people are using your account" can be shown.
    let app = spawn_with_library(spawn_app_with(|settings| settings.streams_per_account = 1).await).await;
    let Some(browser) = Browser::open(viewport).await else { return };
    let mut auditor = Auditor { browser: &browser, size, axe: &axe, found: Vec::new(), pages: 0 };

    // Signed out.
    auditor.visit("landing", "/", &app).await;
    auditor.proves_it_sees().await;
    auditor.visit("setup", "/setup", &app).await;
    auditor.visit("sign-in", "/signin", &app).await;
    browser.fill("#email", EMAIL).await;
    browser.fill("#password", "not the password at all").await;
    browser.click("form[action='/signin'] button[type=submit]").await;
    browser.wait_for("#signin-error").await;
    auditor.check("sign-in-refused").await;
    auditor.visit("help", "/help", &app).await;
    auditor.visit("forgot-password", "/password-reset", &app).await;
    auditor.visit("reset-link-dead", "/password-reset/new", &app).await;
    auditor.visit("tv-code", "/tv", &app).await;
    auditor.visit("not-found", "/no-such-page", &app).await;

    // Signed in: choosing a profile, the catalog.
    sign_in(&browser, &app.base).await;
    auditor.check("whos-watching").await;
    choose_profile(&browser, "Ada").await;
    auditor.check("browse").await;
    auditor.visit("search", "/search?q=soup", &app).await;
    auditor.visit("search-nothing", "/search?q=zzzzzz", &app).await;
    let watching = WebClient::new(&app);
    watching.sign_in_and_choose(EMAIL).await;
    let (title, watch) = rocket_soup(&watching).await;
    auditor.visit("title", &title, &app).await;
    auditor.visit("title-not-found", "/title/not-a-title", &app).await;

    // Another device plays: this one is told there are too many, stops it, and plays.
    assert_eq!(watching.get(&watch).await.status, 200, "another device plays");
    browser.goto(&app.url(&watch)).await;
    browser.wait_for_text("Too many people are using your account").await;
    auditor.check("too-many").await;
    browser.click("form[action^='/streams/'] button[type=submit]").await;
    let playing = "const v = document.querySelector('video'); return !!v && v.readyState >= 2";
    browser.wait_until(playing, VIDEO_PATIENCE, "the video plays here once the other is stopped").await;
    auditor.check("watch").await;

    // The account, profiles, a PIN, allowing a TV.
    auditor.visit("account", "/account", &app).await;
    browser.click("#password summary").await;
    browser.fill("#current-password", "not my password at all").await;
    browser.fill("#new-password", "a long new password for the audit").await;
    browser.click("form[action^='/account/password'] button[type=submit]").await;
    browser.wait_for("#password .alert").await;
    auditor.check("account-refused").await;
    auditor.visit("sign-out-all", "/account/sign-out-all", &app).await;
    auditor.visit("delete-account", "/account/delete", &app).await;
    auditor.visit("manage-profiles", "/profiles/manage", &app).await;
    // Kids, not Ada whom this device watches as: locking her would send this device to choose again.
    let edit = browser
        .execute("return document.querySelector('.profiles__grid li:nth-child(3) a').getAttribute('href')")
        .await;
    let edit = edit.as_str().expect("an edit link").to_string();
    auditor.visit("edit-profile", &edit, &app).await;
    browser.fill("#pin", "2580").await;
    browser.fill("#lock-password", PASSWORD).await;
    browser.click("form[action$='/lock'] button[type=submit]").await;
    browser.wait_for_text("Changes saved.").await;
    auditor.check("edit-profile-locked").await;
    auditor.visit("pin", &edit.replace("/edit", "/pin"), &app).await;
    browser.fill("#pin", "1111").await;
    browser.click("main form[action$='/choose'] button[type=submit]").await;
    browser.wait_for_text("That PIN is not right").await;
    auditor.check("pin-refused").await;
    auditor.visit("activate", "/activate", &app).await;
    let code = ask_for_code(&app, "audit-tv").await;
    browser.fill("#code", code["user_code"].as_str().expect("a code")).await;
    browser.click("form[action='/activate'] button[type=submit]").await;
    browser.wait_for_text("Sign in this device?").await;
    auditor.check("activate-confirm").await;
    browser.click("button[value=allow]").await;
    browser.wait_for("[data-outcome=allowed]").await;
    auditor.check("activate-allowed").await;
    // A Jellyfin app's code: allowing it chooses the profile it will watch as.
    let quick = app.client.post(app.url("/QuickConnect/Initiate")).header("Authorization", APP).send().await;
    let quick: Value = quick.expect("Quick Connect").json().await.expect("a QuickConnectResult");
    auditor.visit("activate-quick-connect", "/activate", &app).await;
    browser.fill("#code", quick["Code"].as_str().expect("a code")).await;
    browser.click("form[action='/activate'] button[type=submit]").await;
    browser.wait_for("input[name=profile]").await;
    auditor.check("activate-choose-profile").await;

    // Two-step sign-in: turning it on, its recovery codes.
    auditor.visit("two-step-off", "/account/two-step", &app).await;
    browser.fill("#two-step-password", PASSWORD).await;
    browser.click("#start-two-step").await;
    browser.wait_for("#two-step-secret").await;
    auditor.check("two-step-scan").await;
    let secret = browser.text("#two-step-secret").await.replace(' ', "");
    let step = crate::two_step::roomy_step().await;
    browser.fill("#two-step-code", &crate::two_step::code_for(&secret, step - 1)).await;
    browser.click("#confirm-two-step").await;
    browser.wait_for("#recovery-codes").await;
    auditor.check("recovery-codes").await;
    auditor.visit("two-step-on", "/account/two-step", &app).await;

    // Signing out, and back in with a code.
    auditor.visit("sign-out", "/signout", &app).await;
    browser.click("form[action='/signout'] button[type=submit]").await;
    browser.wait_for_path("/signed-out").await;
    auditor.check("signed-out").await;
    auditor.visit("sign-in-again", "/signin", &app).await;
    browser.fill("#email", EMAIL).await;
    browser.fill("#password", PASSWORD).await;
    browser.click("form[action='/signin'] button[type=submit]").await;
    browser.wait_for_path("/signin/two-step").await;
    auditor.check("second-step").await;
    browser.fill("#code", "12345").await;
    browser.click("form[action='/signin/two-step'] button[type=submit]").await;
    browser.wait_for("#second-step-error").await;
    auditor.check("second-step-refused").await;

    assert!(auditor.pages >= 25, "{size}: only {} pages were audited", auditor.pages);
    let found = auditor.found;
    assert!(
        found.is_empty(),
        "{size}: {} WCAG 2.2 AA violations found by axe-core:\n{}",
        found.len(),
        found.join("\n")
    );
    browser.close().await;
}
