//! Two instances on one PostgreSQL, as behind a round-robin load balancer: when one answers a sign-out
//! or a profile choice, the other has applied it already. Hundreds of races between the answer on one
//! instance and requests on the other; not one request sent after the answer is served as before.

use std::sync::Arc;
use std::time::Duration;

use marquee::auth::token;
use marquee::domain::device::DeviceKind;
use marquee::store::{NewProfile, NewSession, Store};
use tokio::time::Instant;
use uuid::Uuid;

use crate::support::{TestApp, TestStore, postgres_store, spawn_app_on};

const EMAIL: &str = "ada@example.org";
const SIGN_OUTS: usize = 250;
const PROFILE_CHOICES: usize = 250;

/// A new session of the account, started straight in the store (no password hashing, so hundreds
/// are cheap); its token.
async fn signed_in(store: &dyn Store, account_id: Uuid, version: i64) -> String {
    let issued = token::issue().unwrap();
    let now = marquee::clock::now();
    let session = NewSession {
        account_id,
        token_hash: issued.hash.as_bytes().to_vec(),
        device_name: "TV".into(),
        device_kind: DeviceKind::Tv,
        remember: true,
        created_at: now,
        ip: None,
        idle_timeout_secs: 3600,
        expires_at: now + time::Duration::days(1),
        credential_version: version,
        max_per_account: 1000,
        password_verified_at: now,
        device_code_hash: None,
        profile_id: None,
        app_device_id: None,
        lifetime: Default::default(),
        alert: None,
        passkey_id: None,
    };
    store.create_session(session).await.unwrap().expect("signed in");
    issued.token
}

/// Both instances, each reporting how far it has applied the event log.
async fn two_instances(store: TestStore) -> (TestApp, TestApp, Uuid, i64) {
    let elsewhere = TestStore::reopen(&store).await;
    let first = spawn_app_on(store, |_| {}).await;
    let second = spawn_app_on(elsewhere, |_| {}).await;
    let account = first.create_account(EMAIL).await;
    let version = first.store.credentials_by_id(account.id).await.unwrap().unwrap().credential_version;
    let deadline = Instant::now() + Duration::from_secs(10);
    let alive_since = marquee::clock::now() - time::Duration::seconds(5);
    while first.store.instances_behind(i64::MAX, alive_since, Uuid::nil()).await.unwrap() < 2 {
        assert!(Instant::now() < deadline, "both instances report themselves");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    (first, second, account.id, version)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sign_out_answered_on_one_instance_is_refused_by_the_other_at_once() {
    let Some(store) = postgres_store().await else { return };
    let (first, second, account_id, version) = two_instances(store).await;
    let second = Arc::new(second);
    let mut late = Vec::new();
    for round in 0..SIGN_OUTS {
        let token = signed_in(first.store.store.as_ref(), account_id, version).await;
        assert_eq!(second.get("/api/v1/account", &token).await.status(), 200, "cached on the other instance");
        // A device keeps asking the other instance while it is signed out here.
        let asking = {
            let (second, token) = (second.clone(), token.clone());
            tokio::spawn(async move {
                let mut answers = Vec::new();
                loop {
                    let sent = Instant::now();
                    let status = second.get("/api/v1/account", &token).await.status().as_u16();
                    answers.push((sent, status));
                    if status == 401 {
                        return answers;
                    }
                }
            })
        };
        tokio::time::sleep(Duration::from_micros(200 * (round as u64 % 10))).await;
        let out = first.client.delete(first.url("/api/v1/sessions/current")).bearer_auth(&token).send().await.unwrap();
        assert_eq!(out.status(), 204);
        let answered = Instant::now();
        assert_eq!(second.get("/api/v1/account", &token).await.status(), 401, "round {round}: the very next request");
        let answers = asking.await.unwrap();
        late.extend(answers.iter().filter(|(sent, status)| *sent > answered && *status == 200).map(|_| round));
    }
    assert!(late.is_empty(), "served after the sign-out was answered, in rounds {late:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_profile_chosen_on_one_instance_holds_on_the_other_at_once() {
    let Some(store) = postgres_store().await else { return };
    let (first, second, account_id, version) = two_instances(store).await;
    let token = signed_in(first.store.store.as_ref(), account_id, version).await;
    let profile = |name: &str, is_kids| NewProfile {
        account_id,
        name: name.into(),
        avatar: "sky".into(),
        is_kids,
        created_at: marquee::clock::now(),
    };
    let adult = first.store.create_profile(profile("Ada", false), 5).await.unwrap().expect("added").id;
    let kids = first.store.create_profile(profile("Milo", true), 5).await.unwrap().expect("added").id;
    let mut missed = Vec::new();
    for round in 0..PROFILE_CHOICES {
        let (profile, expected) = if round % 2 == 0 { (kids, 403) } else { (adult, 200) };
        // The other instance holds the device's session, with the profile chosen before.
        second.get("/api/v1/account", &token).await;
        let url = first.url(&format!("/api/v1/profiles/{profile}/select"));
        assert_eq!(first.client.post(url).bearer_auth(&token).send().await.unwrap().status(), 204);
        // A kids profile sees no account data: the answer tells which profile the other instance applied.
        let status = second.get("/api/v1/account", &token).await.status().as_u16();
        if status != expected {
            missed.push(round);
        }
    }
    assert!(missed.is_empty(), "the other instance served the previous profile in rounds {missed:?}");
}

/// An instance that stops is taken off the list: a sign-out on the one left does not wait for it.
#[tokio::test]
async fn a_stopped_instance_is_not_waited_for() {
    let Some(store) = postgres_store().await else { return };
    let (first, second, _, _) = two_instances(store).await;
    drop(second);
    let alive_since = marquee::clock::now() - time::Duration::seconds(5);
    let deadline = Instant::now() + Duration::from_secs(10);
    while first.store.instances_behind(i64::MAX, alive_since, Uuid::nil()).await.unwrap() > 1 {
        assert!(Instant::now() < deadline, "the stopped instance left the list");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}
