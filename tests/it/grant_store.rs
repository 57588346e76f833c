//! Device sign-in codes in storage, on SQLite and on PostgreSQL: a code is decided once, spent by at
//! most one session (also under a race), slows down a device that polls too fast, and expires. Time is
//! passed in, so expiry is tested without waiting.

use std::sync::Arc;

use marquee::domain::device::DeviceKind;
use marquee::store::grants::{GrantDecision, GrantStatus, NewGrant};
use marquee::store::{Cleanup, NewAccount, NewProfile, NewSession, Store};
use time::{Duration, OffsetDateTime};
use uuid::Uuid;

crate::on_both_backends!(
    an_allowed_code_signs_in_one_session_without_a_password_proof,
    user_codes_are_unique_and_decided_once,
    a_denied_code_or_another_account_signs_nothing_in,
    polling_sooner_than_the_interval_slows_the_device_down,
    codes_expire_and_are_cleaned_up,
    a_password_change_after_allowing_keeps_the_device_out,
    devices_racing_for_one_code_get_one_session,
    signing_out_everywhere_after_allowing_keeps_the_device_out,
    signing_out_the_allowing_device_withdraws_its_code,
    a_chain_of_spare_codes_ends_at_a_sign_out_everywhere,
    deleting_the_account_after_allowing_keeps_the_device_out,
    allowing_signing_out_and_collecting_race_to_no_survivor,
    a_profile_chosen_when_allowing_must_be_the_accounts,
);

/// A fixed moment, so every time in these tests is chosen, never waited for.
fn t0() -> OffsetDateTime {
    marquee::clock::now()
}

async fn account(store: &dyn Store, email: &str) -> (Uuid, i64) {
    let account = store
        .create_account(NewAccount {
            email: email.into(),
            display_name: "Someone".into(),
            password_hash: "$argon2id$placeholder".into(),
            created_at: t0(),
        })
        .await
        .expect("create account");
    let version = store.credentials_by_id(account.id).await.unwrap().expect("account").credential_version;
    (account.id, version)
}

/// A decision to allow, taken on a phone signed in to the account with its password.
async fn allow_as(store: &dyn Store, owner: Uuid, version: i64) -> GrantDecision {
    allow_from_phone(store, owner, version, 200).await
}

/// The same, from a phone whose token is `[token; 32]`.
async fn allow_from_phone(store: &dyn Store, owner: Uuid, version: i64, token: u8) -> GrantDecision {
    let phone = NewSession {
        device_kind: DeviceKind::Mobile,
        password_verified_at: t0(),
        device_code_hash: None,
        profile_id: None,
        ..session_for(owner, version, 0, token, t0())
    };
    let phone = store.create_session(phone).await.unwrap().expect("the phone signs in").record;
    GrantDecision::Allow { account_id: owner, session_id: phone.id, profile_id: None, lifetime: Default::default() }
}

/// The owner's account with a code (device code `[1; 32]`) shown and allowed at [`t0`].
async fn allowed_code(store: &dyn Store) -> (Uuid, i64, OffsetDateTime) {
    let grants = store.grants();
    let (owner, version) = account(store, "owner@example.com").await;
    let at = t0();
    assert!(grants.create_grant(&grant("BCDFGHJK", 1, at)).await.unwrap());
    let allow = allow_as(store, owner, version).await;
    assert!(grants.decide_grant(&marquee::store::Actor::server(), "BCDFGHJK", allow, at).await.unwrap());
    (owner, version, at)
}

fn grant(user_code: &str, device_code: u8, at: OffsetDateTime) -> NewGrant {
    NewGrant {
        id: Uuid::now_v7(),
        device_code_hash: vec![device_code; 32],
        user_code: user_code.into(),
        client_id: "living-room-tv".into(),
        device_name: "Living room TV".into(),
        device_kind: "tv".into(),
        created_at: at,
        expires_at: at + Duration::minutes(10),
        interval_secs: 5,
        requested_ip: None,
        app_device_id: None,
    }
}

fn session_for(account_id: Uuid, version: i64, device_code: u8, token: u8, at: OffsetDateTime) -> NewSession {
    NewSession {
        account_id,
        token_hash: vec![token; 32],
        device_name: "Living room TV".into(),
        device_kind: DeviceKind::Tv,
        remember: true,
        created_at: at,
        ip: None,
        idle_timeout_secs: 3600,
        expires_at: at + Duration::days(90),
        credential_version: version,
        max_per_account: 100,
        password_verified_at: OffsetDateTime::UNIX_EPOCH,
        device_code_hash: Some(vec![device_code; 32]),
        profile_id: None,
        app_device_id: None,
        lifetime: Default::default(),
        alert: None,
        passkey_id: None,
    }
}

async fn an_allowed_code_signs_in_one_session_without_a_password_proof(store: Arc<dyn Store>) {
    let grants = store.grants();
    let (owner, version) = account(store.as_ref(), "owner@example.com").await;
    let at = t0();
    assert!(grants.create_grant(&grant("BCDFGHJK", 1, at)).await.unwrap());

    let pending = grants.pending_grant("BCDFGHJK", at + Duration::seconds(30)).await.unwrap().expect("pending");
    assert_eq!((pending.device_name.as_str(), pending.device_kind.as_str()), ("Living room TV", "tv"));
    assert_eq!(pending.created_at, at);
    // Before anyone decides, the device is told to keep waiting.
    let poll = grants.poll_grant(&[1; 32], at + Duration::seconds(5)).await.unwrap().expect("known code");
    assert_eq!(poll.status(), GrantStatus::Pending);

    let allow = allow_as(store.as_ref(), owner, version).await;
    assert!(
        grants
            .decide_grant(&marquee::store::Actor::server(), "BCDFGHJK", allow, at + Duration::seconds(40))
            .await
            .unwrap()
    );
    assert!(grants.pending_grant("BCDFGHJK", at + Duration::seconds(41)).await.unwrap().is_none());
    let poll = grants.poll_grant(&[1; 32], at + Duration::seconds(45)).await.unwrap().expect("known code");
    assert_eq!(poll.status(), GrantStatus::Allowed);
    assert_eq!((poll.account_id, poll.credential_version), (Some(owner), Some(version)));

    let started = store.create_session(session_for(owner, version, 1, 10, at + Duration::seconds(46))).await.unwrap();
    let record = started.expect("the allowed code signs the device in").record;
    assert_eq!(record.password_verified_at, OffsetDateTime::UNIX_EPOCH, "no password was typed on the TV");
    let live = store.live_session_by_token_hash(&[10; 32]).await.unwrap().expect("live session");
    assert_eq!(live.id, record.id);

    // The code is spent: a second session from it is refused, and the device hears it was used.
    let again = store.create_session(session_for(owner, version, 1, 11, at + Duration::seconds(47))).await.unwrap();
    assert!(again.is_none());
    assert!(store.live_session_by_token_hash(&[11; 32]).await.unwrap().is_none());
    let poll = grants.poll_grant(&[1; 32], at + Duration::seconds(55)).await.unwrap().expect("known code");
    assert_eq!(poll.status(), GrantStatus::Used);
    assert!(grants.poll_grant(&[99; 32], at).await.unwrap().is_none(), "an unknown code is not found");
}

async fn user_codes_are_unique_and_decided_once(store: Arc<dyn Store>) {
    let grants = store.grants();
    let (owner, version) = account(store.as_ref(), "owner@example.com").await;
    let at = t0();
    assert!(grants.create_grant(&grant("BCDFGHJK", 1, at)).await.unwrap());
    assert!(!grants.create_grant(&grant("BCDFGHJK", 2, at)).await.unwrap(), "a taken user code is refused");
    assert!(grants.poll_grant(&[2; 32], at).await.unwrap().is_none(), "and nothing was stored for it");

    assert!(
        grants
            .decide_grant(&marquee::store::Actor::server(), "BCDFGHJK", GrantDecision::Deny { account_id: owner }, at)
            .await
            .unwrap()
    );
    let allow = allow_as(store.as_ref(), owner, version).await;
    assert!(
        !grants.decide_grant(&marquee::store::Actor::server(), "BCDFGHJK", allow, at).await.unwrap(),
        "a decision is final"
    );
    assert!(
        !grants.decide_grant(&marquee::store::Actor::server(), "ZZZZZZZZ", allow, at).await.unwrap(),
        "an unknown code decides nothing"
    );

    // A phone that was signed out meanwhile allows nothing.
    assert!(grants.create_grant(&grant("CDFGHJKL", 2, at)).await.unwrap());
    let GrantDecision::Allow { session_id: phone, .. } = allow else { panic!("allow_as allows") };
    store
        .revoke_session(&marquee::store::Actor::server(), owner, phone, at)
        .await
        .unwrap()
        .expect("the phone was signed in");
    assert!(!grants.decide_grant(&marquee::store::Actor::server(), "CDFGHJKL", allow, at).await.unwrap());
    assert!(grants.pending_grant("CDFGHJKL", at).await.unwrap().is_some(), "the code still waits");
}

async fn a_denied_code_or_another_account_signs_nothing_in(store: Arc<dyn Store>) {
    let grants = store.grants();
    let (owner, version) = account(store.as_ref(), "owner@example.com").await;
    let (stranger, stranger_version) = account(store.as_ref(), "stranger@example.com").await;
    let at = t0();
    assert!(grants.create_grant(&grant("BCDFGHJK", 1, at)).await.unwrap());
    assert!(
        grants
            .decide_grant(&marquee::store::Actor::server(), "BCDFGHJK", GrantDecision::Deny { account_id: owner }, at)
            .await
            .unwrap()
    );
    assert_eq!(grants.poll_grant(&[1; 32], at).await.unwrap().unwrap().status(), GrantStatus::Denied);
    assert!(store.create_session(session_for(owner, version, 1, 10, at)).await.unwrap().is_none());

    assert!(grants.create_grant(&grant("CDFGHJKL", 2, at)).await.unwrap());
    let allow = allow_as(store.as_ref(), owner, version).await;
    assert!(grants.decide_grant(&marquee::store::Actor::server(), "CDFGHJKL", allow, at).await.unwrap());
    let elsewhere = session_for(stranger, stranger_version, 2, 11, at);
    assert!(store.create_session(elsewhere).await.unwrap().is_none(), "a code allowed for one account only");
    assert!(store.active_sessions(stranger, at).await.unwrap().is_empty());
    assert!(store.create_session(session_for(owner, version, 2, 12, at)).await.unwrap().is_some());
}

async fn polling_sooner_than_the_interval_slows_the_device_down(store: Arc<dyn Store>) {
    let grants = store.grants();
    let at = t0();
    assert!(grants.create_grant(&grant("BCDFGHJK", 1, at)).await.unwrap());
    let first = grants.poll_grant(&[1; 32], at + Duration::seconds(5)).await.unwrap().unwrap();
    assert!(!first.slowed);
    assert_eq!(first.interval_secs, 5);
    // Two seconds later is too soon: slow down, and the interval grows by 5 s.
    let early = grants.poll_grant(&[1; 32], at + Duration::seconds(7)).await.unwrap().unwrap();
    assert!(early.slowed);
    assert_eq!(early.interval_secs, 10);
    // The new interval counts from the early poll: 9 s later is still too soon.
    let still_early = grants.poll_grant(&[1; 32], at + Duration::seconds(16)).await.unwrap().unwrap();
    assert!(still_early.slowed);
    assert_eq!(still_early.interval_secs, 15);
    let patient = grants.poll_grant(&[1; 32], at + Duration::seconds(31)).await.unwrap().unwrap();
    assert!(!patient.slowed);
    assert_eq!(patient.interval_secs, 15);
}

async fn codes_expire_and_are_cleaned_up(store: Arc<dyn Store>) {
    let grants = store.grants();
    let (owner, version) = account(store.as_ref(), "owner@example.com").await;
    let at = t0();
    assert!(grants.create_grant(&grant("BCDFGHJK", 1, at)).await.unwrap());
    assert!(grants.create_grant(&grant("CDFGHJKL", 2, at)).await.unwrap());
    let allow = allow_as(store.as_ref(), owner, version).await;
    assert!(
        grants
            .decide_grant(&marquee::store::Actor::server(), "CDFGHJKL", allow, at + Duration::minutes(9))
            .await
            .unwrap()
    );

    let late = at + Duration::minutes(10);
    assert!(grants.pending_grant("BCDFGHJK", late).await.unwrap().is_none(), "expired codes are not shown");
    assert!(
        !grants.decide_grant(&marquee::store::Actor::server(), "BCDFGHJK", allow, late).await.unwrap(),
        "nor allowed"
    );
    let poll = grants.poll_grant(&[1; 32], late).await.unwrap().unwrap();
    assert!(poll.expires_at <= late, "the device can tell it expired");
    // Allowed in time but collected too late: no session.
    assert!(store.create_session(session_for(owner, version, 2, 10, late)).await.unwrap().is_none());

    let cleanup = |grants_before| Cleanup {
        sessions_ended_before: OffsetDateTime::UNIX_EPOCH,
        events_before: OffsetDateTime::UNIX_EPOCH,
        throttle_windows_before: OffsetDateTime::UNIX_EPOCH,
        devices_before: OffsetDateTime::UNIX_EPOCH,
        grants_before,
        mail_before: OffsetDateTime::UNIX_EPOCH,
        activity_before: OffsetDateTime::UNIX_EPOCH,
        one_time_links_before: OffsetDateTime::UNIX_EPOCH,
    };
    assert_eq!(store.clean_up(cleanup(at + Duration::minutes(10))).await.unwrap(), 0, "not expired before then");
    assert_eq!(store.clean_up(cleanup(at + Duration::minutes(11))).await.unwrap(), 2);
    assert!(grants.poll_grant(&[1; 32], late).await.unwrap().is_none());
}

async fn a_password_change_after_allowing_keeps_the_device_out(store: Arc<dyn Store>) {
    let grants = store.grants();
    let (owner, version, at) = allowed_code(store.as_ref()).await;
    store
        .set_password(
            &marquee::store::Actor::server(),
            owner,
            "$argon2id$another",
            marquee::store::SignOut::Everyone,
            at,
        )
        .await
        .unwrap();

    assert!(store.create_session(session_for(owner, version, 1, 10, at)).await.unwrap().is_none());
    assert!(store.active_sessions(owner, at).await.unwrap().is_empty());
    assert!(grants.withdraw_grant(&[1; 32], at).await.unwrap());
    assert!(!grants.withdraw_grant(&[1; 32], at).await.unwrap(), "only an allowed code is withdrawn");
    assert_eq!(grants.poll_grant(&[1; 32], at).await.unwrap().unwrap().status(), GrantStatus::Denied);
}

async fn devices_racing_for_one_code_get_one_session(store: Arc<dyn Store>) {
    let (owner, version, at) = allowed_code(store.as_ref()).await;

    let racers: Vec<_> = (0..8u8)
        .map(|n| {
            let store = store.clone();
            tokio::spawn(async move { store.create_session(session_for(owner, version, 1, 20 + n, at)).await })
        })
        .collect();
    let mut winners = 0;
    for racer in racers {
        if racer.await.expect("task").expect("no database error").is_some() {
            winners += 1;
        }
    }
    assert_eq!(winners, 1, "one code, one session");
    let tvs = store.active_sessions(owner, at).await.unwrap().into_iter().filter(|s| s.device_kind == DeviceKind::Tv);
    assert_eq!(tvs.count(), 1);
}

async fn signing_out_everywhere_after_allowing_keeps_the_device_out(store: Arc<dyn Store>) {
    let grants = store.grants();
    let (owner, version, at) = allowed_code(store.as_ref()).await;
    store.revoke_all_sessions(&marquee::store::Actor::server(), owner, at).await.unwrap();

    let collected = store.create_session(session_for(owner, version, 1, 10, at)).await.unwrap();
    assert!(collected.is_none(), "a code allowed before a sign-out of every device is never collected");
    assert!(store.active_sessions(owner, at).await.unwrap().is_empty());
    assert!(grants.withdraw_grant(&[1; 32], at).await.unwrap(), "the device is told it was denied");
    assert_eq!(grants.poll_grant(&[1; 32], at).await.unwrap().unwrap().status(), GrantStatus::Denied);

    // "Sign out of other devices" from a phone other than the one that allowed the code ends it too.
    assert!(grants.create_grant(&grant("CDFGHJKL", 2, at)).await.unwrap());
    let allow = allow_from_phone(store.as_ref(), owner, version, 201).await;
    assert!(grants.decide_grant(&marquee::store::Actor::server(), "CDFGHJKL", allow, at).await.unwrap());
    let GrantDecision::Allow { session_id: other_phone, .. } =
        allow_from_phone(store.as_ref(), owner, version, 202).await
    else {
        panic!("allow_from_phone allows")
    };
    store.revoke_other_sessions(&marquee::store::Actor::server(), owner, other_phone, at).await.unwrap();
    assert!(store.create_session(session_for(owner, version, 2, 11, at)).await.unwrap().is_none());
    let live: Vec<Uuid> = store.active_sessions(owner, at).await.unwrap().iter().map(|s| s.id).collect();
    assert_eq!(live, vec![other_phone], "only the phone that signed the others out is left");
}

async fn signing_out_the_allowing_device_withdraws_its_code(store: Arc<dyn Store>) {
    let grants = store.grants();
    let (owner, version) = account(store.as_ref(), "owner@example.com").await;
    let at = t0();
    assert!(grants.create_grant(&grant("BCDFGHJK", 1, at)).await.unwrap());
    let allow = allow_from_phone(store.as_ref(), owner, version, 201).await;
    let GrantDecision::Allow { session_id: phone, .. } = allow else { panic!("allow_from_phone allows") };
    let bystander = allow_from_phone(store.as_ref(), owner, version, 202).await;
    assert!(grants.decide_grant(&marquee::store::Actor::server(), "BCDFGHJK", allow, at).await.unwrap());

    store
        .revoke_session(&marquee::store::Actor::server(), owner, phone, at)
        .await
        .unwrap()
        .expect("the phone was signed in");
    assert!(store.create_session(session_for(owner, version, 1, 10, at)).await.unwrap().is_none());
    let GrantDecision::Allow { session_id: bystander, .. } = bystander else { panic!("allow_from_phone allows") };
    let live: Vec<Uuid> = store.active_sessions(owner, at).await.unwrap().iter().map(|s| s.id).collect();
    assert_eq!(live, vec![bystander], "the other devices stay, and no TV came in");
}

async fn a_chain_of_spare_codes_ends_at_a_sign_out_everywhere(store: Arc<dyn Store>) {
    let grants = store.grants();
    let (owner, version, at) = allowed_code(store.as_ref()).await;
    let tv = store.create_session(session_for(owner, version, 1, 10, at)).await.unwrap().expect("the TV signs in");
    // The TV allows a spare code of its own and keeps it for later.
    assert!(grants.create_grant(&grant("CDFGHJKL", 2, at)).await.unwrap());
    let spare = GrantDecision::Allow {
        account_id: owner,
        session_id: tv.record.id,
        profile_id: None,
        lifetime: Default::default(),
    };
    assert!(grants.decide_grant(&marquee::store::Actor::server(), "CDFGHJKL", spare, at).await.unwrap());

    store.revoke_all_sessions(&marquee::store::Actor::server(), owner, at).await.unwrap();
    assert!(store.live_session_by_token_hash(&[10; 32]).await.unwrap().is_none());
    let comeback = store.create_session(session_for(owner, version, 2, 11, at)).await.unwrap();
    assert!(comeback.is_none(), "the spare code dies with the session that allowed it");
    assert!(store.active_sessions(owner, at).await.unwrap().is_empty());
}

async fn deleting_the_account_after_allowing_keeps_the_device_out(store: Arc<dyn Store>) {
    let (owner, version, at) = allowed_code(store.as_ref()).await;
    store.delete_account(owner, at).await.unwrap();
    assert!(store.create_session(session_for(owner, version, 1, 10, at)).await.unwrap().is_none());
    assert!(store.live_session_by_token_hash(&[10; 32]).await.unwrap().is_none());
}

/// Allowing a code, signing out of every device and the TV's collecting it, all at once, over and
/// over: whichever order they land in, no session is left afterwards. A TV that collected before the
/// sign-out was signed out by it; one that came after finds its code dead.
async fn allowing_signing_out_and_collecting_race_to_no_survivor(store: Arc<dyn Store>) {
    let grants = store.grants();
    let (owner, version) = account(store.as_ref(), "owner@example.com").await;
    let at = t0();
    let mut collected = 0;
    for round in 0..40u8 {
        let user_code = format!("RACE{round:04}");
        let device_code = round + 1;
        assert!(grants.create_grant(&grant(&user_code, device_code, at)).await.unwrap());
        let allow = allow_from_phone(store.as_ref(), owner, version, 100 + round).await;
        let allowing = {
            let grants = grants.clone();
            tokio::spawn(
                async move { grants.decide_grant(&marquee::store::Actor::server(), &user_code, allow, at).await },
            )
        };
        let signing_out = {
            let store = store.clone();
            tokio::spawn(async move { store.revoke_all_sessions(&marquee::store::Actor::server(), owner, at).await })
        };
        let collecting = {
            let store = store.clone();
            tokio::spawn(async move {
                // The TV polls until its code is allowed or can never be.
                for _ in 0..50 {
                    match store.create_session(session_for(owner, version, device_code, 150 + round, at)).await? {
                        Some(started) => return Ok(Some(started)),
                        None => tokio::task::yield_now().await,
                    }
                }
                Ok::<_, marquee::store::StoreError>(None)
            })
        };
        allowing.await.expect("task").expect("no database error");
        signing_out.await.expect("task").expect("no database error");
        if collecting.await.expect("task").expect("no database error").is_some() {
            collected += 1;
        }
        let survivors = store.active_sessions(owner, at).await.unwrap();
        assert!(
            survivors.is_empty(),
            "round {round}: {} device(s) outlived the sign-out ({collected} collected)",
            survivors.len()
        );
    }
}

async fn profile_of(store: &dyn Store, account_id: Uuid, name: &str) -> Uuid {
    let profile = NewProfile { account_id, name: name.into(), avatar: "sky".into(), is_kids: false, created_at: t0() };
    store.create_profile(profile, 5).await.unwrap().expect("a profile").id
}

async fn a_profile_chosen_when_allowing_must_be_the_accounts(store: Arc<dyn Store>) {
    let grants = store.grants();
    let (owner, version) = account(store.as_ref(), "owner@example.com").await;
    let (stranger, _) = account(store.as_ref(), "stranger@example.com").await;
    let own = profile_of(store.as_ref(), owner, "Ada").await;
    let theirs = profile_of(store.as_ref(), stranger, "Mallory").await;
    let at = t0();
    let app_code = NewGrant { app_device_id: Some("shield-1".into()), ..grant("BCDFGHJK", 1, at) };
    assert!(grants.create_grant(&app_code).await.unwrap());
    let GrantDecision::Allow { session_id, .. } = allow_as(store.as_ref(), owner, version).await else {
        panic!("allow_as allows")
    };

    let with_theirs =
        GrantDecision::Allow { account_id: owner, session_id, profile_id: Some(theirs), lifetime: Default::default() };
    assert!(
        !grants.decide_grant(&marquee::store::Actor::server(), "BCDFGHJK", with_theirs, at).await.unwrap(),
        "another account's profile"
    );
    let poll = grants.peek_grant(&[1; 32]).await.unwrap().expect("known code");
    assert_eq!((poll.status(), poll.chosen_profile_id), (GrantStatus::Pending, None), "nothing was decided");

    let with_own =
        GrantDecision::Allow { account_id: owner, session_id, profile_id: Some(own), lifetime: Default::default() };
    assert!(grants.decide_grant(&marquee::store::Actor::server(), "BCDFGHJK", with_own, at).await.unwrap());
    let poll = grants.poll_grant(&[1; 32], at + Duration::seconds(5)).await.unwrap().expect("known code");
    assert_eq!(poll.status(), GrantStatus::Allowed);
    assert_eq!(poll.chosen_profile_id, Some(own));
    assert_eq!(poll.app_device_id.as_deref(), Some("shield-1"));
    assert_eq!(poll.created_at, at);

    // A profile deleted after it was chosen leaves nothing chosen (the last one cannot be deleted).
    profile_of(store.as_ref(), owner, "Grace").await;
    assert!(store.delete_profile(owner, own).await.unwrap());
    let poll = grants.peek_grant(&[1; 32]).await.unwrap().expect("known code");
    assert_eq!(poll.chosen_profile_id, None);
}
