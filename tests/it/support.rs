//! Helpers shared by the integration tests: fresh databases on both backends and a running server.

use std::ops::Deref;
use std::sync::Arc;

use marquee::settings::Settings;
use marquee::store::{self, Store};
use serde_json::{Value, json};
use sqlx::Connection;
use tempfile::TempDir;

/// A strong password every test account uses.
pub const PASSWORD: &str = "correct horse battery staple 42";

/// A store on a fresh database, with whatever keeps that database alive.
pub struct TestStore {
    pub store: Arc<dyn Store>,
    pub url: String,
    _dir: Option<TempDir>,
}

impl Deref for TestStore {
    type Target = dyn Store;
    fn deref(&self) -> &Self::Target {
        self.store.as_ref()
    }
}

pub async fn sqlite_store() -> TestStore {
    let dir = tempfile::tempdir().expect("temp dir");
    let url = marquee::settings::sqlite_url_in(dir.path()).expect("sqlite url");
    let store = store::connect(&url).await.expect("open sqlite");
    TestStore { store, url, _dir: Some(dir) }
}

/// A store on a new PostgreSQL database, or `None` when `MARQUEE_TEST_DATABASE_URL` is unset
/// outside CI. On CI a missing URL fails the test: PostgreSQL must never be skipped silently.
pub async fn postgres_store() -> Option<TestStore> {
    let url = fresh_postgres_database().await?;
    let store = store::connect(&url).await.expect("open postgres");
    Some(TestStore { store, url, _dir: None })
}

pub async fn fresh_postgres_database() -> Option<String> {
    let Ok(admin_url) = std::env::var("MARQUEE_TEST_DATABASE_URL") else {
        assert!(
            std::env::var_os("CI").is_none(),
            "MARQUEE_TEST_DATABASE_URL must be set on CI: the PostgreSQL tests may not be skipped"
        );
        eprintln!("MARQUEE_TEST_DATABASE_URL is not set: skipping the PostgreSQL half of this test");
        return None;
    };
    let mut admin = sqlx::PgConnection::connect(&admin_url).await.expect("connect to the test PostgreSQL");
    drop_stale_databases(&mut admin).await;
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs();
    let name = format!("marquee_it_{now}_{}", uuid::Uuid::new_v4().simple());
    sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
        .execute(&mut admin)
        .await
        .expect("create test database");
    Some(replace_database(&admin_url, &name))
}

/// Databases left by runs more than an hour old; names carry their creation time.
async fn drop_stale_databases(admin: &mut sqlx::PgConnection) {
    let names: Vec<String> = sqlx::query_scalar("SELECT datname FROM pg_database WHERE datname LIKE 'marquee_it_%'")
        .fetch_all(&mut *admin)
        .await
        .unwrap_or_default();
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs();
    for name in names {
        let created: u64 = name.split('_').nth(2).and_then(|t| t.parse().ok()).unwrap_or(now);
        if now.saturating_sub(created) > 3600 {
            let _ = sqlx::query(sqlx::AssertSqlSafe(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")))
                .execute(&mut *admin)
                .await;
        }
    }
}

fn replace_database(url: &str, name: &str) -> String {
    let (base, query) = url.split_once('?').map_or((url, None), |(b, q)| (b, Some(q)));
    let scheme_end = base.find("://").map_or(0, |i| i + 3);
    let host_end = base[scheme_end..].find('/').map_or(base.len(), |i| scheme_end + i);
    let mut out = format!("{}/{name}", &base[..host_end]);
    if let Some(query) = query {
        out.push('?');
        out.push_str(query);
    }
    out
}

/// A Marquee server on 127.0.0.1 with a random port, stopped when dropped.
pub struct TestApp {
    pub base: String,
    pub client: reqwest::Client,
    pub store: TestStore,
    _shutdown: tokio::sync::oneshot::Sender<()>,
}

impl TestApp {
    pub fn from_parts(base: String, store: TestStore, shutdown: tokio::sync::oneshot::Sender<()>) -> Self {
        Self { base, client: reqwest::Client::new(), store, _shutdown: shutdown }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// Creates an account directly through the same code path as the CLI.
    pub async fn create_account(&self, email: &str) -> marquee::store::Account {
        let hasher = marquee::auth::PasswordHasher::new(2);
        marquee::accounts::register(self.store.store.as_ref(), &hasher, email, PASSWORD, None).await.expect("register")
    }

    pub async fn sign_in_raw(&self, body: Value) -> reqwest::Response {
        self.client.post(self.url("/api/v1/sessions")).json(&body).send().await.expect("request")
    }

    /// Signs in as a device and returns its token.
    pub async fn sign_in(&self, email: &str, device: &str, kind: &str) -> String {
        let response = self
            .sign_in_raw(json!({"email": email, "password": PASSWORD, "device_name": device, "device_kind": kind}))
            .await;
        assert_eq!(response.status(), 201, "sign-in should succeed");
        let body: Value = response.json().await.unwrap();
        body["token"].as_str().expect("token").to_string()
    }

    pub async fn get(&self, path: &str, token: &str) -> reqwest::Response {
        self.client.get(self.url(path)).bearer_auth(token).send().await.expect("request")
    }

    pub async fn delete(&self, path: &str, token: &str) -> reqwest::Response {
        self.client.delete(self.url(path)).bearer_auth(token).send().await.expect("request")
    }
}

pub async fn spawn_app() -> TestApp {
    spawn_app_with(|_| {}).await
}

pub async fn spawn_app_with(configure: impl FnOnce(&mut Settings)) -> TestApp {
    spawn_app_on(sqlite_store().await, configure).await
}

pub async fn spawn_app_on(store: TestStore, configure: impl FnOnce(&mut Settings)) -> TestApp {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let address = listener.local_addr().unwrap();
    let mut settings = Settings::new(address, store.url.clone());
    configure(&mut settings);
    settings.validate().expect("valid test settings");
    let (shutdown, stopped) = tokio::sync::oneshot::channel::<()>();
    let served = store.store.clone();
    tokio::spawn(async move {
        marquee::serve(settings, served, listener, async move {
            let _ = stopped.await;
        })
        .await
        .expect("server");
    });
    TestApp { base: format!("http://{address}"), client: reqwest::Client::new(), store, _shutdown: shutdown }
}

/// The `error` code of a JSON error response, after checking its status.
pub async fn error_code(response: reqwest::Response, status: u16) -> String {
    assert_eq!(response.status(), status, "unexpected status");
    let body: Value = response.json().await.expect("a JSON error body");
    assert!(body["message"].as_str().is_some_and(|m| !m.is_empty()), "errors carry a message: {body}");
    body["error"].as_str().expect("an error code").to_string()
}

impl TestStore {
    /// A second connection pool on the same database, as another instance would have.
    pub async fn reopen(other: &TestStore) -> TestStore {
        let store = store::connect(&other.url).await.expect("reopen");
        TestStore { store, url: other.url.clone(), _dir: None }
    }
}

/// Generates `sqlite` and `postgres` tests for each scenario that takes a whole [`TestStore`] (to run a
/// server on it, or to open it again as another instance would).
#[macro_export]
macro_rules! on_both_test_stores {
    ($($scenario:ident),* $(,)?) => {$(
        mod $scenario {
            #[tokio::test]
            async fn sqlite() {
                super::$scenario($crate::support::sqlite_store().await).await;
            }

            #[tokio::test]
            async fn postgres() {
                if let Some(store) = $crate::support::postgres_store().await {
                    super::$scenario(store).await;
                }
            }
        }
    )*};
}

/// Generates `sqlite` and `postgres` test functions for each named scenario.
#[macro_export]
macro_rules! on_both_backends {
    ($($scenario:ident),* $(,)?) => {$(
        mod $scenario {
            #[tokio::test]
            async fn sqlite() {
                let store = $crate::support::sqlite_store().await;
                super::$scenario(store.store.clone()).await;
            }

            #[tokio::test]
            async fn postgres() {
                if let Some(store) = $crate::support::postgres_store().await {
                    super::$scenario(store.store.clone()).await;
                }
            }
        }
    )*};
}

/// Adds the demo's media folders (movies, shows, documentaries) and scans them, as `marquee demo` does.
pub async fn scan_demo_library(store: &dyn Store) {
    marquee::cli::ensure_demo_library(store.catalog(), &marquee::cli::demo_library_root()).await.expect("demo library");
}
