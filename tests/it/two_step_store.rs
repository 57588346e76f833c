//! Two-step sign-in's storage, on SQLite and on PostgreSQL: a password alone never starts a session
//! once it is on, a code's time step is taken once however many sign-ins race for it (and never an
//! older one), and expired challenges and unconfirmed secrets are cleaned up.

use std::sync::Arc;

use marquee::store::{Actor, Cleanup, NewAccount, NewChallenge, SecondStepAnswer, SecondStepOutcome, Store};
use time::{Duration, OffsetDateTime};
use uuid::Uuid;

use crate::store_fixtures::signed_in_device;

crate::on_both_backends!(
    a_password_alone_starts_no_session_while_two_step_is_on,
    a_step_is_taken_once_however_many_race_for_it,
    expired_challenges_and_unconfirmed_secrets_are_cleaned_up,
);

const SECRET: &str = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";

fn challenge(account_id: Uuid, token: u8, at: OffsetDateTime, expires_at: OffsetDateTime) -> NewChallenge {
    NewChallenge {
        token_hash: vec![token; 32],
        account_id,
        credential_version: 1,
        known_device: false,
        device_name: format!("Device {token}"),
        device_kind: "mobile".into(),
        remember: true,
        ip: Some("192.0.2.7".into()),
        lifetime: "until_signed_out".into(),
        next: String::new(),
        alert_origin: None,
        created_at: at,
        expires_at,
    }
}

/// An account with two-step sign-in on (its secret [`SECRET`], codes accepted from step 100 on).
async fn account_with_two_step(store: &dyn Store, now: OffsetDateTime) -> Uuid {
    let account = NewAccount {
        email: "ada@example.org".into(),
        display_name: "Ada".into(),
        password_hash: "$argon2id$placeholder".into(),
        created_at: now,
    };
    let id = store.create_account(account).await.unwrap().id;
    store.set_pending_two_step(id, SECRET, now + Duration::minutes(30)).await.unwrap();
    assert!(
        !store.enable_two_step(&Actor::server(), id, "OTHERSECRET", 99, &[], now).await.unwrap(),
        "only the secret shown"
    );
    assert!(store.enable_two_step(&Actor::server(), id, SECRET, 99, &[vec![1; 32], vec![2; 32]], now).await.unwrap());
    assert!(store.pending_two_step(id, now).await.unwrap().is_none(), "the pending secret is spent");
    assert_eq!(store.two_step_secret(id).await.unwrap().as_deref(), Some(SECRET));
    assert_eq!(store.recovery_codes_left(id).await.unwrap(), 2);
    id
}

async fn a_password_alone_starts_no_session_while_two_step_is_on(store: Arc<dyn Store>) {
    let now = marquee::clock::now();
    let id = account_with_two_step(store.as_ref(), now).await;
    assert!(store.create_session(signed_in_device(id, 1, now)).await.unwrap().is_none(), "the store refuses it");
    assert!(store.active_sessions(id, now).await.unwrap().is_empty());
    assert!(store.disable_two_step(&Actor::server(), id, now).await.unwrap());
    assert!(!store.disable_two_step(&Actor::server(), id, now).await.unwrap(), "off already");
    assert_eq!(store.recovery_codes_left(id).await.unwrap(), 0, "its codes went with it");
    assert!(store.create_session(signed_in_device(id, 2, now)).await.unwrap().is_some(), "a password is enough again");
}

async fn a_step_is_taken_once_however_many_race_for_it(store: Arc<dyn Store>) {
    let now = marquee::clock::now();
    let id = account_with_two_step(store.as_ref(), now).await;
    for token in 1..=6 {
        assert!(store.create_challenge(challenge(id, token, now, now + Duration::minutes(5))).await.unwrap());
    }
    // Step 99 was taken turning it on.
    let older = SecondStepAnswer::Code { secret: SECRET.into(), step: 99 };
    let refused = store.finish_second_step(&[1; 32], older, 5, signed_in_device(id, 11, now)).await.unwrap();
    assert!(matches!(refused, SecondStepOutcome::Refused), "{refused:?}");
    let racing = (2..=6u8).map(|token| {
        let store = store.clone();
        async move {
            let answer = SecondStepAnswer::Code { secret: SECRET.into(), step: 100 };
            store.finish_second_step(&[token; 32], answer, 5, signed_in_device(id, 10 + token, now)).await.unwrap()
        }
    });
    let outcomes = futures_util::future::join_all(racing).await;
    let started = outcomes.iter().filter(|outcome| matches!(outcome, SecondStepOutcome::Started(_))).count();
    let refused = outcomes.iter().filter(|outcome| matches!(outcome, SecondStepOutcome::Refused)).count();
    assert_eq!((started, refused), (1, 4), "{outcomes:?}");
    assert_eq!(store.active_sessions(id, now).await.unwrap().len(), 1);

    // A recovery code is spent once; an unknown one is refused.
    let recovery = |hash: u8| SecondStepAnswer::RecoveryCode { hash: vec![hash; 32] };
    let unknown = store.finish_second_step(&[1; 32], recovery(9), 5, signed_in_device(id, 21, now)).await.unwrap();
    assert!(matches!(unknown, SecondStepOutcome::Refused));
    let spent = store.finish_second_step(&[1; 32], recovery(1), 5, signed_in_device(id, 22, now)).await.unwrap();
    assert!(matches!(spent, SecondStepOutcome::Started(_)));
    assert_eq!(store.recovery_codes_left(id).await.unwrap(), 1);
    let gone = store.finish_second_step(&[1; 32], recovery(2), 5, signed_in_device(id, 23, now)).await.unwrap();
    assert!(matches!(gone, SecondStepOutcome::Gone), "a challenge is answered once");

    // Five wrong answers end a challenge; a sign-out of every device ends the others.
    for _ in 0..5 {
        store.note_wrong_answer(&[3; 32], 5).await.unwrap();
    }
    assert!(store.challenge(&[3; 32], now, 5).await.unwrap().is_none());
    assert!(store.challenge(&[4; 32], now, 5).await.unwrap().is_some());
    store.revoke_all_sessions(&Actor::server(), id, now).await.unwrap();
    let after = SecondStepAnswer::Code { secret: SECRET.into(), step: 101 };
    let ended = store.finish_second_step(&[4; 32], after, 5, signed_in_device(id, 24, now)).await.unwrap();
    assert!(matches!(ended, SecondStepOutcome::Gone), "{ended:?}");
    assert!(store.active_sessions(id, now).await.unwrap().is_empty());
}

async fn expired_challenges_and_unconfirmed_secrets_are_cleaned_up(store: Arc<dyn Store>) {
    let now = marquee::clock::now();
    let earlier = now - Duration::minutes(10);
    let id = account_with_two_step(store.as_ref(), earlier).await;
    store.create_challenge(challenge(id, 1, earlier, now - Duration::minutes(1))).await.unwrap();
    store.create_challenge(challenge(id, 2, now, now + Duration::minutes(5))).await.unwrap();
    let other = store
        .create_account(NewAccount {
            email: "grace@example.org".into(),
            display_name: "Grace".into(),
            password_hash: "$argon2id$placeholder".into(),
            created_at: earlier,
        })
        .await
        .unwrap()
        .id;
    store.set_pending_two_step(other, SECRET, now - Duration::minutes(1)).await.unwrap();
    // Read as of before they expired, both are there.
    assert!(store.challenge(&[1; 32], earlier, 5).await.unwrap().is_some());
    assert!(store.pending_two_step(other, earlier).await.unwrap().is_some());
    let before = OffsetDateTime::UNIX_EPOCH;
    let cleanup = Cleanup {
        sessions_ended_before: before,
        events_before: before,
        throttle_windows_before: before,
        devices_before: before,
        grants_before: before,
        mail_before: before,
        activity_before: before,
        one_time_links_before: now,
    };
    assert_eq!(store.clean_up(cleanup).await.unwrap(), 2);
    assert!(store.challenge(&[1; 32], earlier, 5).await.unwrap().is_none(), "the expired challenge went");
    assert!(store.pending_two_step(other, earlier).await.unwrap().is_none(), "the unconfirmed secret went");
    assert!(store.challenge(&[2; 32], now, 5).await.unwrap().is_some(), "the live one stays");
}
