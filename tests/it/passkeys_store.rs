//! The store's passkeys, on SQLite and PostgreSQL: a credential signs in to one account only; a
//! ceremony is spent once (of many answers at once, one wins), never after it expired, and a sign-in
//! ceremony never after its account signed out everywhere; removing a passkey signs out the sessions
//! that signed in with it (and no session starts with it afterwards); a passkey proof is spent once.

use std::sync::Arc;

use marquee::domain::device::DeviceKind;
use marquee::store::{
    ActivityKind, ActivityQuery, Actor, CeremonyClaim, CeremonyPurpose, Cleanup, NewCeremony, NewPasskey, NewSession,
    PasskeyUse, Store, StoreError,
};
use time::{Duration, OffsetDateTime};
use uuid::Uuid;

use crate::store_fixtures::{account, signed_in_device};

crate::on_both_backends!(
    a_credential_belongs_to_one_account,
    a_ceremony_is_spent_once_and_only_by_whom_it_was_asked_for,
    an_expired_ceremony_is_refused_and_cleaned_up,
    a_sign_in_ceremony_is_refused_once_its_account_signed_out_everywhere,
    removing_a_passkey_signs_out_its_sessions_and_no_session_starts_with_it,
    a_passkey_proof_is_spent_once,
    an_account_keeps_one_webauthn_user_id_and_takes_its_passkeys_when_deleted,
);

fn now() -> OffsetDateTime {
    marquee::clock::now()
}

fn passkey(account_id: Uuid, credential: u8, name: &str) -> NewPasskey {
    NewPasskey {
        account_id,
        credential_id: vec![credential; 16],
        credential: format!("{{\"cred\":{credential}}}"),
        name: name.into(),
        backup_eligible: false,
        backed_up: false,
        created_at: now(),
    }
}

fn session(account_id: Uuid, token: u8, passkey_id: Option<Uuid>) -> NewSession {
    let at = now();
    NewSession {
        device_kind: DeviceKind::Browser,
        idle_timeout_secs: 3600,
        expires_at: at + Duration::days(30),
        passkey_id,
        ..signed_in_device(account_id, token, at)
    }
}

fn ceremony(
    byte: u8,
    purpose: CeremonyPurpose,
    asked_on: Option<(Uuid, Uuid)>,
    created_at: OffsetDateTime,
) -> NewCeremony {
    NewCeremony {
        id_hash: vec![byte; 32],
        purpose,
        account_id: asked_on.map(|(account, _)| account),
        session_id: asked_on.map(|(_, session)| session),
        name: Some("Anna's phone".into()),
        state: format!("{{\"state\":{byte}}}"),
        created_at,
        expires_at: created_at + Duration::minutes(5),
    }
}

fn claim(
    id_hash: &[u8],
    purpose: CeremonyPurpose,
    asked_on: Option<(Uuid, Uuid)>,
    signing_in: Option<Uuid>,
    at: OffsetDateTime,
) -> CeremonyClaim<'_> {
    CeremonyClaim { id_hash, purpose, asked_on, signing_in, now: at }
}

async fn recorded(store: &dyn Store, account_id: Uuid, kind: ActivityKind) -> Vec<Option<String>> {
    let query = ActivityQuery { account_id, category: None, after: None, limit: 1000, now: now() };
    let entries = store.account_activity(query).await.unwrap();
    entries.into_iter().filter(|entry| entry.kind == kind).map(|entry| entry.title).collect()
}

fn owner_device(session_id: Uuid) -> Actor {
    Actor { session_id: Some(session_id), address: Some("192.0.2.7".into()) }
}

async fn a_credential_belongs_to_one_account(store: Arc<dyn Store>) {
    let owner = account(store.as_ref(), "ada@example.org").await;
    let other = account(store.as_ref(), "bob@example.org").await;
    let added = store.add_passkey(&Actor::server(), passkey(owner, 1, "Anna's phone")).await.unwrap();
    assert_eq!((added.account_id, added.name.as_str()), (owner, "Anna's phone"));
    let again = store.add_passkey(&Actor::server(), passkey(other, 1, "Bob's laptop")).await;
    assert!(matches!(again, Err(StoreError::Conflict(_))), "the same credential for another account: {again:?}");
    let twice = store.add_passkey(&Actor::server(), passkey(owner, 1, "Twice")).await;
    assert!(matches!(twice, Err(StoreError::Conflict(_))), "nor twice for the same one");
    assert!(store.account_passkeys(other).await.unwrap().is_empty(), "nothing was added to the other account");
    assert_eq!(recorded(store.as_ref(), owner, ActivityKind::PasskeyAdded).await, vec![Some("Anna's phone".into())]);
    assert!(
        recorded(store.as_ref(), other, ActivityKind::PasskeyAdded).await.is_empty(),
        "a refused add leaves no entry"
    );
    store.add_passkey(&Actor::server(), passkey(owner, 2, "Laptop")).await.unwrap();
    let names: Vec<String> = store.account_passkeys(owner).await.unwrap().into_iter().map(|p| p.name).collect();
    assert_eq!(names, vec!["Anna's phone".to_string(), "Laptop".to_string()], "oldest first");
}

async fn a_ceremony_is_spent_once_and_only_by_whom_it_was_asked_for(store: Arc<dyn Store>) {
    let owner = account(store.as_ref(), "ada@example.org").await;
    let phone = store.create_session(session(owner, 1, None)).await.unwrap().unwrap().record;
    let laptop = store.create_session(session(owner, 2, None)).await.unwrap().unwrap().record;
    let at = now();
    let asked_on = Some((owner, phone.id));
    store.save_ceremony(ceremony(7, CeremonyPurpose::Register, asked_on, at)).await.unwrap();
    let hash = [7u8; 32];
    let elsewhere = claim(&hash, CeremonyPurpose::Register, Some((owner, laptop.id)), None, at);
    assert!(store.take_ceremony(elsewhere).await.unwrap().is_none(), "another session of the account cannot answer it");
    let other_purpose = claim(&hash, CeremonyPurpose::Reauthenticate, asked_on, None, at);
    assert!(store.take_ceremony(other_purpose).await.unwrap().is_none(), "nor can it be used for something else");
    let as_sign_in = claim(&hash, CeremonyPurpose::Register, None, None, at);
    assert!(store.take_ceremony(as_sign_in).await.unwrap().is_none(), "nor without its session");
    // Six answers at once: one gets the state, the others find it spent.
    let answers =
        (0..6).map(|_| {
            let store = store.clone();
            async move {
                store.take_ceremony(claim(&[7u8; 32], CeremonyPurpose::Register, asked_on, None, at)).await.unwrap()
            }
        });
    let taken: Vec<_> = futures_util::future::join_all(answers).await.into_iter().flatten().collect();
    assert_eq!(taken.len(), 1, "exactly one answer wins");
    assert_eq!(taken[0].state, "{\"state\":7}");
    assert_eq!(taken[0].name.as_deref(), Some("Anna's phone"));
    assert!(store.take_ceremony(claim(&hash, CeremonyPurpose::Register, asked_on, None, at)).await.unwrap().is_none());
}

async fn an_expired_ceremony_is_refused_and_cleaned_up(store: Arc<dyn Store>) {
    let started = now() - Duration::minutes(6);
    store.save_ceremony(ceremony(3, CeremonyPurpose::SignIn, None, started)).await.unwrap();
    let late = claim(&[3u8; 32], CeremonyPurpose::SignIn, None, None, now());
    assert!(store.take_ceremony(late).await.unwrap().is_none(), "five minutes are over");
    let at = now();
    let cleanup = Cleanup {
        sessions_ended_before: at - Duration::days(30),
        events_before: at - Duration::hours(1),
        throttle_windows_before: at - Duration::hours(1),
        devices_before: at - Duration::days(400),
        grants_before: at - Duration::hours(1),
        mail_before: at - Duration::days(7),
        activity_before: at - Duration::days(90),
        one_time_links_before: at,
    };
    assert!(store.clean_up(cleanup).await.unwrap() >= 1);
    // Its id is free again: the row is gone.
    store.save_ceremony(ceremony(3, CeremonyPurpose::SignIn, None, at)).await.expect("the expired one was deleted");
    assert!(store.take_ceremony(claim(&[3u8; 32], CeremonyPurpose::SignIn, None, None, at)).await.unwrap().is_some());
}

async fn a_sign_in_ceremony_is_refused_once_its_account_signed_out_everywhere(store: Arc<dyn Store>) {
    let owner = account(store.as_ref(), "ada@example.org").await;
    let other = account(store.as_ref(), "bob@example.org").await;
    store.create_session(session(owner, 1, None)).await.unwrap().unwrap();
    let started = now() - Duration::seconds(30);
    store.save_ceremony(ceremony(4, CeremonyPurpose::SignIn, None, started)).await.unwrap();
    store.save_ceremony(ceremony(5, CeremonyPurpose::SignIn, None, started)).await.unwrap();
    store.revoke_all_sessions(&Actor::server(), owner, now()).await.unwrap();
    let stale = claim(&[4u8; 32], CeremonyPurpose::SignIn, None, Some(owner), now());
    assert!(store.take_ceremony(stale).await.unwrap().is_none(), "begun before the sign-out, it signs nobody in");
    let unaffected = claim(&[5u8; 32], CeremonyPurpose::SignIn, None, Some(other), now());
    assert!(store.take_ceremony(unaffected).await.unwrap().is_some(), "another account's sign-in is not held up");
    let fresh_start = now() + Duration::seconds(1);
    store.save_ceremony(ceremony(6, CeremonyPurpose::SignIn, None, fresh_start)).await.unwrap();
    let fresh = claim(&[6u8; 32], CeremonyPurpose::SignIn, None, Some(owner), fresh_start);
    assert!(store.take_ceremony(fresh).await.unwrap().is_some(), "one begun after the sign-out works");
}

async fn removing_a_passkey_signs_out_its_sessions_and_no_session_starts_with_it(store: Arc<dyn Store>) {
    let owner = account(store.as_ref(), "ada@example.org").await;
    let other = account(store.as_ref(), "bob@example.org").await;
    let phone = store.add_passkey(&Actor::server(), passkey(owner, 1, "Anna's phone")).await.unwrap();
    let laptop = store.add_passkey(&Actor::server(), passkey(owner, 2, "Laptop")).await.unwrap();
    let with_phone = store.create_session(session(owner, 1, Some(phone.id))).await.unwrap().unwrap().record;
    let with_laptop = store.create_session(session(owner, 2, Some(laptop.id))).await.unwrap().unwrap().record;
    let with_password = store.create_session(session(owner, 3, None)).await.unwrap().unwrap().record;
    let stolen = store.create_session(session(other, 4, Some(phone.id))).await.unwrap();
    assert!(stolen.is_none(), "another account cannot sign in with the owner's passkey");

    let by = owner_device(with_password.id);
    assert!(store.remove_passkey(&by, other, phone.id, now()).await.unwrap().is_none(), "not the other account's");
    let removed = store.remove_passkey(&by, owner, phone.id, now()).await.unwrap().expect("removed");
    assert_eq!((removed.name.as_str(), removed.signed_out.clone()), ("Anna's phone", vec![with_phone.id]));
    assert!(store.live_session_by_token_hash(&[1; 32]).await.unwrap().is_none(), "signed in with it: signed out");
    assert!(store.live_session_by_token_hash(&[2; 32]).await.unwrap().is_some(), "another passkey's session stays");
    assert!(store.live_session_by_token_hash(&[3; 32]).await.unwrap().is_some(), "the password's session stays");
    assert_eq!(with_laptop.account_id, owner);
    assert!(store.remove_passkey(&by, owner, phone.id, now()).await.unwrap().is_none(), "gone already");
    let late = store.create_session(session(owner, 5, Some(phone.id))).await.unwrap();
    assert!(late.is_none(), "a sign-in checked before the removal starts no session after it");
    assert_eq!(recorded(store.as_ref(), owner, ActivityKind::PasskeyRemoved).await, vec![Some("Anna's phone".into())]);
    assert_eq!(
        recorded(store.as_ref(), owner, ActivityKind::SignedOut).await.len(),
        1,
        "its sign-out is in the activity"
    );
    let events = store.session_events_after(0, 100).await.unwrap();
    assert!(events.iter().any(|event| event.session_id == with_phone.id), "and in the event log every instance reads");
    assert!(store.rename_passkey(owner, laptop.id, "Work laptop").await.unwrap());
    assert!(!store.rename_passkey(other, laptop.id, "Mine now").await.unwrap(), "only by its own account");
    assert_eq!(store.account_passkeys(owner).await.unwrap()[0].name, "Work laptop");
}

async fn a_passkey_proof_is_spent_once(store: Arc<dyn Store>) {
    let owner = account(store.as_ref(), "ada@example.org").await;
    let phone = store.create_session(session(owner, 1, None)).await.unwrap().unwrap().record;
    let at = now();
    assert!(!store.spend_passkey_proof(phone.id, at).await.unwrap(), "no proof yet");
    assert!(store.grant_passkey_proof(phone.id, at + Duration::minutes(2)).await.unwrap());
    let spends = (0..6).map(|_| {
        let store = store.clone();
        async move { store.spend_passkey_proof(phone.id, at).await.unwrap() }
    });
    let spent = futures_util::future::join_all(spends).await.into_iter().filter(|spent| *spent).count();
    assert_eq!(spent, 1, "two forms sent at once with one proof: one goes through");
    assert!(store.grant_passkey_proof(phone.id, at + Duration::minutes(2)).await.unwrap());
    assert!(!store.spend_passkey_proof(phone.id, at + Duration::minutes(3)).await.unwrap(), "an old proof is no proof");
    store.revoke_session(&Actor::server(), owner, phone.id, at).await.unwrap();
    assert!(
        !store.grant_passkey_proof(phone.id, at + Duration::minutes(2)).await.unwrap(),
        "a signed-out session gets none"
    );
}

async fn an_account_keeps_one_webauthn_user_id_and_takes_its_passkeys_when_deleted(store: Arc<dyn Store>) {
    let owner = account(store.as_ref(), "ada@example.org").await;
    let first = store.webauthn_user_id(owner, Uuid::now_v7()).await.unwrap().expect("an account");
    let second = store.webauthn_user_id(owner, Uuid::now_v7()).await.unwrap().expect("an account");
    assert_eq!(first, second, "made once, then kept");
    assert!(store.webauthn_user_id(Uuid::now_v7(), Uuid::now_v7()).await.unwrap().is_none(), "no such account");
    let added = store.add_passkey(&Actor::server(), passkey(owner, 9, "Key")).await.unwrap();
    let (found, user) = store.passkey_by_credential_id(&[9; 16]).await.unwrap().expect("found by its credential id");
    assert_eq!((found.id, user), (added.id, first));
    store
        .record_passkey_use(PasskeyUse {
            passkey_id: added.id,
            credential: "{\"cred\":\"updated\"}".into(),
            sign_count: 4,
            backup_eligible: true,
            backed_up: true,
            at: now(),
        })
        .await
        .unwrap();
    let used = store.account_passkeys(owner).await.unwrap().remove(0);
    assert_eq!(used.credential, "{\"cred\":\"updated\"}");
    assert!(used.last_used_at.is_some());
    store.delete_account(owner, now()).await.unwrap();
    assert!(store.passkey_by_credential_id(&[9; 16]).await.unwrap().is_none(), "deleted with its account");
}
