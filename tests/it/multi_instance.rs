//! Two Marquee instances on one database, as behind a load balancer: PostgreSQL, and SQLite where only
//! the poll carries the news between them.

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

/// Devices signed in on one instance, each holding its event stream, are signed out from the other.
/// A device that has been told `signed-out` asks again at once: the instance that told it must
/// refuse it, so the push may never run ahead of the instance's own session cache. Many devices
/// race the push against the refusal, on a multi-threaded runtime; on SQLite the news comes through
/// the once-a-second poll, on PostgreSQL through NOTIFY.
mod told_signed_out_then_refused {
    use futures_util::future::join_all;

    use crate::support::{TestStore, postgres_store, spawn_app_on, sqlite_store};

    const DEVICES: usize = 60;

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn sqlite() {
        told_then_refused(sqlite_store().await).await;
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn postgres() {
        if let Some(store) = postgres_store().await {
            told_then_refused(store).await;
        }
    }

    async fn told_then_refused(store: TestStore) {
        let elsewhere = TestStore::reopen(&store).await;
        let watching = spawn_app_on(store, |settings| settings.sessions.max_per_account = 1000).await;
        let signing_out = spawn_app_on(elsewhere, |settings| settings.sessions.max_per_account = 1000).await;
        watching.create_account("ada@example.org").await;
        let mut tokens = Vec::new();
        // One after the other: sign-ins still being checked count against the account's throttle.
        for i in 0..DEVICES {
            tokens.push(watching.sign_in("ada@example.org", &format!("TV {i}"), "tv").await);
        }
        let streams = join_all(tokens.iter().map(|token| async {
            let stream = watching.get("/api/v1/events", token).await;
            assert_eq!(stream.status(), 200);
            stream
        }))
        .await;
        let devices = streams.into_iter().zip(tokens).map(|(mut stream, token)| {
            let (client, url) = (watching.client.clone(), watching.url("/api/v1/account"));
            tokio::spawn(async move {
                let mut seen = String::new();
                while !seen.contains("signed-out") {
                    let chunk = stream.chunk().await.expect("the stream").expect("signed-out before the end");
                    seen.push_str(&String::from_utf8_lossy(&chunk));
                }
                client.get(url).bearer_auth(token).send().await.expect("request").status().as_u16()
            })
        });
        let devices: Vec<_> = devices.collect();

        let phone = signing_out.sign_in("ada@example.org", "Phone", "mobile").await;
        let response = signing_out
            .client
            .post(signing_out.url("/api/v1/sessions/sign-out-all"))
            .bearer_auth(&phone)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 204);
        for device in devices {
            let status = tokio::time::timeout(std::time::Duration::from_secs(10), device).await.unwrap().unwrap();
            assert_eq!(status, 401, "a device told it is signed out was served on its next request");
        }
    }
}

crate::on_both_test_stores!(a_profile_chosen_on_one_instance_counts_on_the_other);

/// A device chooses a profile through one instance and its next request lands on the other, which
/// held the session from before: it watches as that profile at once (on SQLite the other instance
/// hears of it only by its once-a-second poll), and a later switch to a kids profile reaches the
/// other instance's memory within moments, not after its cache lifetime.
async fn a_profile_chosen_on_one_instance_counts_on_the_other(first_store: crate::support::TestStore) {
    let second_store = crate::support::TestStore::reopen(&first_store).await;
    let first = spawn_app_on(first_store, |_| {}).await;
    let second = spawn_app_on(second_store, |_| {}).await;
    crate::support::scan_demo_library(first.store.store.as_ref()).await;
    let account = first.create_account("ada@example.org").await;
    let tv = first.sign_in("ada@example.org", "TV", "tv").await;
    // The account's first profile is made when its profiles are first listed; then a kids one.
    let profiles: serde_json::Value = second.get("/api/v1/profiles", &tv).await.json().await.unwrap();
    let adult =
        profiles.as_array().unwrap().iter().find(|p| p["kids"] == false).unwrap()["id"].as_str().unwrap().to_string();
    let kids = marquee::store::NewProfile {
        account_id: account.id,
        name: "Kids".into(),
        avatar: "amber".into(),
        is_kids: true,
        created_at: marquee::clock::now(),
    };
    let kids = first.store.store.create_profile(kids, 5).await.unwrap().expect("a kids profile").id;
    let select = |app: &crate::support::TestApp, profile: String| {
        app.client.post(app.url(&format!("/api/v1/profiles/{profile}/select"))).bearer_auth(&tv).send()
    };
    let titles = async |app: &crate::support::TestApp| {
        let catalog = app.get("/api/v1/catalog?limit=200", &tv).await;
        assert_eq!(catalog.status(), 200, "watching as the chosen profile");
        catalog.json::<serde_json::Value>().await.unwrap()["titles"].as_array().unwrap().len()
    };

    assert_eq!(select(&first, adult).await.unwrap().status(), 204);
    let everything = titles(&second).await;
    assert_eq!(select(&first, kids.to_string()).await.unwrap().status(), 204);
    let started = Instant::now();
    while titles(&second).await == everything {
        assert!(started.elapsed() < Duration::from_secs(5), "the other instance kept the adult profile");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}
