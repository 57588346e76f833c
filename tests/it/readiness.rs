//! `/readyz` tells a load balancer when an instance cannot serve well; `/healthz` only that it is alive.

use std::time::{Duration, Instant};

use serde_json::Value;
use sqlx::Connection;

use crate::on_both_test_stores;
use crate::support::{TestApp, TestStore, postgres_store, spawn_app_on};

/// Asks `/readyz` until it answers `status`, for at most `limit`; returns the last body.
async fn readyz_until(app: &TestApp, status: u16, limit: Duration) -> String {
    let start = Instant::now();
    loop {
        let response = app.client.get(app.url("/readyz")).send().await.expect("request");
        let answered = response.status().as_u16();
        let body = response.text().await.unwrap_or_default();
        if answered == status {
            return body;
        }
        assert!(start.elapsed() < limit, "/readyz still answers {answered} ({body}), not {status}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

async fn assert_alive(app: &TestApp) {
    let response = app.client.get(app.url("/healthz")).send().await.expect("request");
    assert_eq!(response.status(), 200);
    assert_eq!(response.text().await.unwrap(), "ok");
}

/// A closed connection pool fails every query as a lost database would: not ready, still alive.
async fn a_database_that_cannot_answer_is_not_ready(store: TestStore) {
    let app = spawn_app_on(store, |_| {}).await;
    assert_eq!(readyz_until(&app, 200, Duration::from_secs(10)).await, "ready");
    assert_alive(&app).await;

    app.store.close().await;
    let body: Value = serde_json::from_str(&readyz_until(&app, 503, Duration::from_secs(5)).await).unwrap();
    assert_eq!(body["error"], "not_ready");
    let message = body["message"].as_str().unwrap();
    assert!(message.contains("database does not answer"), "{message}");
    assert_alive(&app).await;
}

on_both_test_stores!(a_database_that_cannot_answer_is_not_ready);

/// The revocation listener's connection is killed by the server, and the database refuses new
/// connections, so the listener cannot come back: the instance could miss revocations, so it is
/// not ready, though its pool still answers. Once connections are allowed again it is ready again.
#[tokio::test]
async fn an_instance_whose_revocation_listener_is_cut_off_is_not_ready_until_it_reconnects() {
    let Some(store) = postgres_store().await else { return };
    let name = store.url.rsplit('/').next().unwrap().split('?').next().unwrap().to_string();
    let app = spawn_app_on(store, |_| {}).await;
    assert_eq!(readyz_until(&app, 200, Duration::from_secs(10)).await, "ready");

    let admin_url = std::env::var("MARQUEE_TEST_DATABASE_URL").unwrap();
    let mut admin = sqlx::PgConnection::connect(&admin_url).await.unwrap();
    let allow = |allowed: bool| sqlx::AssertSqlSafe(format!("ALTER DATABASE {name} ALLOW_CONNECTIONS {allowed}"));
    sqlx::query(allow(false)).execute(&mut admin).await.unwrap();
    let cut: Vec<bool> = sqlx::query_scalar(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND query ILIKE '%LISTEN %'",
    )
    .bind(&name)
    .fetch_all(&mut admin)
    .await
    .unwrap();
    assert_eq!(cut, vec![true], "the listener's one connection is cut");

    let body: Value = serde_json::from_str(&readyz_until(&app, 503, Duration::from_secs(5)).await).unwrap();
    assert_eq!(body["error"], "not_ready");
    let message = body["message"].as_str().unwrap();
    assert!(message.contains("revocation listener"), "{message}");
    assert_alive(&app).await;

    sqlx::query(allow(true)).execute(&mut admin).await.unwrap();
    assert_eq!(readyz_until(&app, 200, Duration::from_secs(10)).await, "ready");
}
