//! A flood of sign-ins queues for password hashing without starving anything else.

use std::time::Instant;

use serde_json::json;

use crate::support::{PASSWORD, spawn_app_with};

#[tokio::test]
async fn other_requests_are_answered_while_sign_ins_wait_for_hashing() {
    // One hashing slot, so eight sign-ins form a queue of eight argon2id hashes.
    let app = spawn_app_with(|settings| settings.hashing_concurrency = 1).await;
    app.create_account("ada@example.org").await;
    let body = json!({"email": "ada@example.org", "password": PASSWORD, "device_name": "TV", "device_kind": "tv"});
    let flood = futures_util::future::join_all((0..8).map(|_| async {
        let response = app.sign_in_raw(body.clone()).await;
        (response.status().as_u16(), Instant::now())
    }));
    let health = async {
        tokio::time::sleep(std::time::Duration::from_millis(5)).await;
        let response = app.client.get(app.url("/healthz")).send().await.unwrap();
        (response.status().as_u16(), Instant::now())
    };
    let (sign_ins, (health_status, health_done)) = tokio::join!(flood, health);
    assert!(sign_ins.iter().all(|(status, _)| *status == 201), "every sign-in succeeds in turn: {sign_ins:?}");
    assert_eq!(health_status, 200);
    // Hashing runs off the async workers, so the health check does not wait for even one hash.
    let first_sign_in = sign_ins.iter().map(|(_, done)| *done).min().unwrap();
    assert!(health_done < first_sign_in, "/healthz was answered before the first queued hash finished");
}
