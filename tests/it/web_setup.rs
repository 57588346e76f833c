//! The first start: creating the first account in the browser with the one-time setup code.

use marquee::accounts::setup::FirstRun;
use marquee::settings::Settings;

use crate::support::{PASSWORD, TestApp, sqlite_store};
use crate::web_support::WebClient;

async fn spawn_with_setup() -> (TestApp, String) {
    let store = sqlite_store().await;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let settings = Settings::new(address, store.url.clone());
    let first_run = FirstRun::default();
    let code = first_run.issue().unwrap();
    let (shutdown, stopped) = tokio::sync::oneshot::channel::<()>();
    let served = store.store.clone();
    tokio::spawn(async move {
        marquee::serve_with_setup(
            settings,
            served,
            listener,
            async move {
                let _ = stopped.await;
            },
            marquee::Startup { first_run, ..Default::default() },
        )
        .await
        .unwrap();
    });
    (TestApp::from_parts(format!("http://{address}"), store, shutdown), code)
}

#[tokio::test]
async fn the_owner_creates_the_first_account_once() {
    let (app, code) = spawn_with_setup().await;
    let browser = WebClient::new(&app);
    let wrong = browser
        .submit("/setup", "/setup", &[("code", "AAAA-AAAA"), ("email", "owner@example.org"), ("password", PASSWORD)])
        .await;
    assert_eq!(wrong.status, 403);
    assert!(wrong.body.contains("setup code is not right"));
    let weak = browser
        .submit("/setup", "/setup", &[("code", &code), ("email", "owner@example.org"), ("password", "short")])
        .await;
    assert_eq!(weak.status, 400, "a fixable mistake keeps the code usable");
    let created = browser
        .submit(
            "/setup",
            "/setup",
            &[("code", &code), ("name", "Olive"), ("email", "owner@example.org"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(created.location(), Some("/profiles"));
    assert!(browser.get("/profiles").await.body.contains("Olive"), "signed in, with a first profile");

    let stranger = WebClient::new(&app);
    let page = stranger.get("/setup").await;
    assert!(page.body.contains("Setup is closed"));
    let replay = stranger
        .submit("/signin", "/setup", &[("code", &code), ("email", "evil@example.org"), ("password", PASSWORD)])
        .await;
    assert_eq!(replay.status, 403, "single use");
}

#[tokio::test]
async fn setup_refuses_in_the_browsers_language() {
    let (app, code) = spawn_with_setup().await;
    let browser = WebClient::asking_for(&app, "fr");
    let email = [("code", code.as_str()), ("email", "owner"), ("password", PASSWORD)];
    let refused = browser.submit("/setup", "/setup", &email).await;
    assert_eq!(refused.status, 400);
    assert!(refused.body.contains("Saisissez une adresse e-mail de la forme nom@exemple.fr."), "{}", refused.body);
    let short = [("code", code.as_str()), ("email", "owner@example.org"), ("password", "court")];
    let refused = browser.submit("/setup", "/setup", &short).await;
    assert_eq!(refused.status, 400);
    assert!(refused.body.contains("Utilisez au moins 15 caractères"), "{}", refused.body);
    assert!(!refused.body.contains("Use at least") && !refused.body.contains("Enter an email"), "no English");
    assert_eq!(app.store.store.account_count().await.unwrap(), 0, "refusing creates nothing");
}
