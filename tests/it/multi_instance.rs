//! Two Marquee instances on one PostgreSQL database, as behind a load balancer.

use std::time::{Duration, Instant};

use crate::support::{postgres_store, spawn_app_on};

#[tokio::test]
async fn signing_out_on_one_instance_is_refused_on_the_other() {
    let Some(first_store) = postgres_store().await else { return };
    let second_store = crate::support::TestStore::reopen(&first_store).await;
    let first = spawn_app_on(first_store, |_| {}).await;
    let second = spawn_app_on(second_store, |_| {}).await;

    first.create_account("ada@example.org").await;
    let tv = first.sign_in("ada@example.org", "TV", "tv").await;
    let phone = second.sign_in("ada@example.org", "Phone", "mobile").await;
    // Both instances now hold the TV's session in their caches.
    assert_eq!(first.get("/api/v1/account", &tv).await.status(), 200);
    assert_eq!(second.get("/api/v1/account", &tv).await.status(), 200);

    let response =
        second.client.post(second.url("/api/v1/sessions/sign-out-all")).bearer_auth(&phone).send().await.unwrap();
    assert_eq!(response.status(), 204);
    assert_eq!(second.get("/api/v1/account", &tv).await.status(), 401, "the instance that revoked refuses at once");

    let started = Instant::now();
    while first.get("/api/v1/account", &tv).await.status() != 401 {
        assert!(started.elapsed() < Duration::from_secs(5), "the other instance never heard of the revocation");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}
