//! The store conformance suite: every test runs on SQLite and on PostgreSQL.

use std::sync::Arc;

use marquee::auth::DeviceKind;
use marquee::store::{NewAccount, NewProfile, NewSession, SessionActivity, Store, StoreError};
use time::{Duration, OffsetDateTime};
use uuid::Uuid;

/// Generates `sqlite` and `postgres` test functions for each named scenario.
macro_rules! on_both_backends {
    ($($scenario:ident),* $(,)?) => {$(
        mod $scenario {
            #[tokio::test]
            async fn sqlite() {
                let store = crate::support::sqlite_store().await;
                super::$scenario(store.store.clone()).await;
            }

            #[tokio::test]
            async fn postgres() {
                if let Some(store) = crate::support::postgres_store().await {
                    super::$scenario(store.store.clone()).await;
                }
            }
        }
    )*};
}

on_both_backends!(
    accounts_are_unique_by_email,
    sessions_are_found_by_token_hash_until_revoked,
    active_sessions_are_newest_first_and_exclude_ended_ones,
    revoking_one_session_is_scoped_to_its_account,
    revoking_all_ends_every_session_of_one_account_only,
    activity_only_moves_forward,
    password_proofs_are_recorded,
    failed_sign_ins_are_counted_per_window,
    recent_revocations_can_be_polled,
    passwords_can_be_replaced,
    profiles_stay_between_one_and_the_limit_under_concurrent_changes,
);

fn now() -> OffsetDateTime {
    marquee::clock::now()
}

async fn account(store: &dyn Store, email: &str) -> Uuid {
    store
        .create_account(NewAccount {
            email: email.into(),
            display_name: "Someone".into(),
            password_hash: "$argon2id$placeholder".into(),
            created_at: now(),
        })
        .await
        .expect("create account")
        .id
}

fn new_session(account_id: Uuid, hash: u8, created_at: OffsetDateTime) -> NewSession {
    NewSession {
        account_id,
        token_hash: vec![hash; 32],
        device_name: format!("Device {hash}"),
        device_kind: DeviceKind::Tv,
        remember: true,
        created_at,
        ip: Some("192.0.2.7".into()),
        idle_timeout_secs: 3600,
        expires_at: created_at + Duration::days(90),
    }
}

async fn accounts_are_unique_by_email(store: Arc<dyn Store>) {
    assert_eq!(store.account_count().await.unwrap(), 0);
    let id = account(store.as_ref(), "ada@example.org").await;
    let again = store
        .create_account(NewAccount {
            email: "ada@example.org".into(),
            display_name: "Other".into(),
            password_hash: "x".into(),
            created_at: now(),
        })
        .await;
    assert!(matches!(again, Err(StoreError::Conflict(_))), "duplicate email must conflict");
    assert_eq!(store.account_count().await.unwrap(), 1);
    let found = store.account_by_email("ada@example.org").await.unwrap().expect("by email");
    assert_eq!(found.id, id);
    assert_eq!(store.account_by_id(id).await.unwrap().expect("by id").email, "ada@example.org");
    let credentials = store.credentials_by_email("ada@example.org").await.unwrap().expect("credentials");
    assert_eq!(credentials.password_hash, "$argon2id$placeholder");
    assert!(store.account_by_email("nobody@example.org").await.unwrap().is_none());
    assert!(store.account_by_id(Uuid::now_v7()).await.unwrap().is_none());
}

async fn sessions_are_found_by_token_hash_until_revoked(store: Arc<dyn Store>) {
    let owner = account(store.as_ref(), "ada@example.org").await;
    let created = store.create_session(new_session(owner, 1, now())).await.unwrap();
    assert_eq!(created.account_id, owner);
    assert_eq!(created.device_kind, DeviceKind::Tv);
    assert_eq!(created.last_seen_at, created.created_at);
    assert_eq!(created.password_verified_at, created.created_at);
    assert_eq!(created.idle_expires_at, created.created_at + Duration::hours(1));
    let found = store.live_session_by_token_hash(&[1; 32]).await.unwrap().expect("live");
    assert_eq!(found.id, created.id);
    assert!(store.live_session_by_token_hash(&[2; 32]).await.unwrap().is_none());
    store.revoke_session(owner, created.id, now()).await.unwrap().expect("revoked");
    assert!(store.live_session_by_token_hash(&[1; 32]).await.unwrap().is_none());
}

async fn active_sessions_are_newest_first_and_exclude_ended_ones(store: Arc<dyn Store>) {
    let owner = account(store.as_ref(), "ada@example.org").await;
    let t0 = now() - Duration::minutes(10);
    let oldest = store.create_session(new_session(owner, 1, t0)).await.unwrap();
    let newest = store.create_session(new_session(owner, 2, t0 + Duration::minutes(2))).await.unwrap();
    let middle = store.create_session(new_session(owner, 3, t0 + Duration::minutes(1))).await.unwrap();
    let mut expired = new_session(owner, 4, t0);
    expired.expires_at = t0 + Duration::minutes(1);
    store.create_session(expired).await.unwrap();
    let mut idle = new_session(owner, 5, t0);
    idle.idle_timeout_secs = 60;
    store.create_session(idle).await.unwrap();
    let revoked = store.create_session(new_session(owner, 6, t0)).await.unwrap();
    store.revoke_session(owner, revoked.id, now()).await.unwrap();

    let listed: Vec<Uuid> = store.active_sessions(owner, now()).await.unwrap().into_iter().map(|s| s.id).collect();
    assert_eq!(listed, vec![newest.id, middle.id, oldest.id]);
}

async fn revoking_one_session_is_scoped_to_its_account(store: Arc<dyn Store>) {
    let ada = account(store.as_ref(), "ada@example.org").await;
    let bob = account(store.as_ref(), "bob@example.org").await;
    let adas = store.create_session(new_session(ada, 1, now())).await.unwrap();
    assert_eq!(store.revoke_session(bob, adas.id, now()).await.unwrap(), None, "another account's session");
    assert!(store.live_session_by_token_hash(&[1; 32]).await.unwrap().is_some());
    assert_eq!(store.revoke_session(ada, adas.id, now()).await.unwrap(), Some(adas.id));
    assert_eq!(store.revoke_session(ada, adas.id, now()).await.unwrap(), None, "already revoked");
    assert_eq!(store.revoke_session(ada, Uuid::now_v7(), now()).await.unwrap(), None, "unknown id");
}

async fn revoking_all_ends_every_session_of_one_account_only(store: Arc<dyn Store>) {
    let ada = account(store.as_ref(), "ada@example.org").await;
    let bob = account(store.as_ref(), "bob@example.org").await;
    let mut adas = Vec::new();
    for hash in 1..=3 {
        adas.push(store.create_session(new_session(ada, hash, now())).await.unwrap().id);
    }
    let bobs = store.create_session(new_session(bob, 9, now())).await.unwrap();
    let mut revoked = store.revoke_all_sessions(ada, now()).await.unwrap();
    revoked.sort();
    adas.sort();
    assert_eq!(revoked, adas);
    assert!(store.active_sessions(ada, now()).await.unwrap().is_empty());
    assert_eq!(store.active_sessions(bob, now()).await.unwrap()[0].id, bobs.id);
    assert!(store.revoke_all_sessions(ada, now()).await.unwrap().is_empty(), "nothing left to revoke");
}

async fn activity_only_moves_forward(store: Arc<dyn Store>) {
    let owner = account(store.as_ref(), "ada@example.org").await;
    let start = now() - Duration::minutes(5);
    let session = store.create_session(new_session(owner, 1, start)).await.unwrap();
    let later = start + Duration::minutes(3);
    let activity = |at: OffsetDateTime, ip: &str| SessionActivity {
        session_id: session.id,
        seen_at: at,
        ip: Some(ip.into()),
        idle_expires_at: at + Duration::hours(1),
    };
    store.record_session_activity(&[activity(later, "198.51.100.1")]).await.unwrap();
    store.record_session_activity(&[activity(start + Duration::minutes(1), "203.0.113.9")]).await.unwrap();
    let seen = store.live_session_by_token_hash(&[1; 32]).await.unwrap().unwrap();
    assert_eq!(seen.last_seen_at, later);
    assert_eq!(seen.ip.as_deref(), Some("198.51.100.1"));
    assert_eq!(seen.idle_expires_at, later + Duration::hours(1));
    store.record_session_activity(&[]).await.unwrap();
}

async fn password_proofs_are_recorded(store: Arc<dyn Store>) {
    let owner = account(store.as_ref(), "ada@example.org").await;
    let start = now() - Duration::hours(1);
    let session = store.create_session(new_session(owner, 1, start)).await.unwrap();
    let proved = now();
    store.record_password_proof(session.id, proved).await.unwrap();
    let seen = store.live_session_by_token_hash(&[1; 32]).await.unwrap().unwrap();
    assert_eq!(seen.password_verified_at, proved);
}

async fn failed_sign_ins_are_counted_per_window(store: Arc<dyn Store>) {
    let t0 = now() - Duration::minutes(30);
    let window = Duration::minutes(15);
    assert!(store.sign_in_failures("account:a").await.unwrap().is_none());
    for expected in 1..=3 {
        let at = t0 + Duration::minutes(expected);
        let counted = store.record_sign_in_failure("account:a", at, at - window).await.unwrap();
        assert_eq!(counted.failures, expected);
        assert_eq!(counted.started_at, t0 + Duration::minutes(1));
    }
    store.record_sign_in_failure("account:b", t0, t0 - window).await.unwrap();
    // Past the window the count starts again.
    let later = t0 + Duration::minutes(20);
    let restarted = store.record_sign_in_failure("account:a", later, later - window).await.unwrap();
    assert_eq!((restarted.failures, restarted.started_at), (1, later));
    store.clear_sign_in_failures("account:a").await.unwrap();
    assert!(store.sign_in_failures("account:a").await.unwrap().is_none());
    assert_eq!(store.sign_in_failures("account:b").await.unwrap().unwrap().failures, 1);
    // An attempt that was no wrong guess is taken back, never below zero, and the window stays.
    store.forget_sign_in_attempt("account:b").await.unwrap();
    store.forget_sign_in_attempt("account:b").await.unwrap();
    let taken_back = store.sign_in_failures("account:b").await.unwrap().unwrap();
    assert_eq!((taken_back.failures, taken_back.started_at), (0, t0));
    store.forget_sign_in_attempt("account:nobody").await.unwrap();
    assert!(store.sign_in_failures("account:nobody").await.unwrap().is_none());
}

async fn recent_revocations_can_be_polled(store: Arc<dyn Store>) {
    let owner = account(store.as_ref(), "ada@example.org").await;
    let old = store.create_session(new_session(owner, 1, now())).await.unwrap();
    store.revoke_session(owner, old.id, now() - Duration::minutes(5)).await.unwrap();
    let recent = store.create_session(new_session(owner, 2, now())).await.unwrap();
    store.create_session(new_session(owner, 3, now())).await.unwrap();
    store.revoke_session(owner, recent.id, now()).await.unwrap();
    let polled = store.sessions_revoked_since(now() - Duration::minutes(1)).await.unwrap();
    assert_eq!(polled, vec![(owner, recent.id)]);
}

async fn passwords_can_be_replaced(store: Arc<dyn Store>) {
    let owner = account(store.as_ref(), "ada@example.org").await;
    assert!(store.set_password_hash(owner, "$argon2id$new").await.unwrap());
    let credentials = store.credentials_by_email("ada@example.org").await.unwrap().unwrap();
    assert_eq!(credentials.password_hash, "$argon2id$new");
    assert!(!store.set_password_hash(Uuid::now_v7(), "x").await.unwrap());
}

fn new_profile(account_id: Uuid, name: &str) -> NewProfile {
    NewProfile { account_id, name: name.into(), avatar: "sky".into(), is_kids: false, created_at: now() }
}

async fn profiles_stay_between_one_and_the_limit_under_concurrent_changes(store: Arc<dyn Store>) {
    let ada = account(&*store, "ada@example.org").await;
    let bob = account(&*store, "bob@example.org").await;
    let bobs = store.create_profile(new_profile(bob, "Bob"), 5).await.unwrap().expect("Bob's profile");

    // Ten at once against a limit of five: exactly five are made, each with its own transaction.
    let mut adding = tokio::task::JoinSet::new();
    for i in 0..10 {
        let store = store.clone();
        adding.spawn(async move { store.create_profile(new_profile(ada, &format!("P{i}")), 5).await.unwrap() });
    }
    let made = adding.join_all().await.into_iter().flatten().count();
    assert_eq!(made, 5);
    assert_eq!(store.profiles(ada).await.unwrap().len(), 5);

    // Deleting all five at once leaves exactly one: never the last.
    let mut deleting = tokio::task::JoinSet::new();
    for profile in store.profiles(ada).await.unwrap() {
        let store = store.clone();
        deleting.spawn(async move { store.delete_profile(ada, profile.id).await.unwrap() });
    }
    let deleted = deleting.join_all().await.into_iter().filter(|&gone| gone).count();
    assert_eq!(deleted, 4);
    assert_eq!(store.profiles(ada).await.unwrap().len(), 1);

    // Another account's profile is neither deleted nor counted.
    assert!(!store.delete_profile(ada, bobs.id).await.unwrap());
    assert_eq!(store.profiles(bob).await.unwrap().len(), 1);
}
