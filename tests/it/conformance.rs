//! The store conformance suite: every test runs on SQLite and on PostgreSQL.

use std::sync::Arc;

use marquee::domain::device::DeviceKind;
use marquee::store::{
    AccountChange, AccountMail, AlertMail, Cleanup, ClosedFile, NewAccount, NewMail, NewPasswordReset, NewProfile,
    NewSession, OneTimeLink, PersonalInfo, Preferences, ProfileChanges, SessionActivity, SessionEventKind,
    SessionRecord, SignOut, Store, StoreError, StreamStop,
};
use time::{Duration, OffsetDateTime};
use uuid::Uuid;

crate::on_both_backends!(
    accounts_are_unique_by_email,
    sessions_are_found_by_token_hash_until_revoked,
    a_sessions_token_hash_is_found_by_its_id_until_it_is_signed_out,
    active_sessions_are_newest_first_and_exclude_ended_ones,
    revoking_one_session_is_scoped_to_its_account,
    revoking_all_ends_every_session_of_one_account_only,
    signing_out_everywhere_is_one_event_read_back_as_its_sessions,
    activity_only_moves_forward,
    password_proofs_are_recorded,
    failed_sign_ins_are_counted_per_window,
    session_events_are_numbered_in_order_and_outlive_the_account,
    a_closed_player_is_logged_with_its_file,
    stopping_playback_is_logged_only_for_a_live_session_of_the_account_and_names_who_asked,
    a_password_change_signs_out_and_stale_sign_ins_cannot_land,
    sign_ins_racing_a_password_change_never_survive_it,
    sign_ins_racing_sign_out_everywhere_are_ended_and_announced_or_live,
    signing_in_past_the_limit_signs_out_the_longest_unused,
    locking_a_profile_sends_its_devices_back_to_choose,
    clean_up_deletes_only_what_has_ended,
    known_devices_belong_to_one_account,
    profiles_stay_between_one_and_the_limit_under_concurrent_changes,
    account_changes_write_only_what_they_name,
    profile_changes_stay_within_their_account,
    mail_is_claimed_by_one_sender_at_a_time_until_its_lease_ends,
    a_reset_link_is_spent_once_and_only_while_the_account_is_as_it_was,
    a_session_starts_in_a_profile_of_its_own_account_only,
    a_sign_in_from_an_app_device_replaces_that_devices_session_in_its_account_only,
    the_server_id_is_made_once_whoever_asks_first,
    the_picture_key_is_made_once_whoever_asks_first,
    a_profiles_progress_is_read_whole_finished_films_included_and_only_its_own,
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
        credential_version: 1,
        max_per_account: 100,
        password_verified_at: created_at,
        device_code_hash: None,
        profile_id: None,
        app_device_id: None,
        lifetime: Default::default(),
        alert: None,
        passkey_id: None,
    }
}

/// Starts a session that must be accepted.
async fn started(store: &dyn Store, session: NewSession) -> SessionRecord {
    store.create_session(session).await.expect("create session").expect("credentials are current").record
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
    let created = started(store.as_ref(), new_session(owner, 1, now())).await;
    assert_eq!(created.account_id, owner);
    assert_eq!(created.device_kind, DeviceKind::Tv);
    assert_eq!(created.last_seen_at, created.created_at);
    assert_eq!(created.password_verified_at, created.created_at);
    assert_eq!(created.idle_expires_at, created.created_at + Duration::hours(1));
    let found = store.live_session_by_token_hash(&[1; 32]).await.unwrap().expect("live");
    assert_eq!(found.id, created.id);
    assert!(store.live_session_by_token_hash(&[2; 32]).await.unwrap().is_none());
    store.revoke_session(&marquee::store::Actor::server(), owner, created.id, now()).await.unwrap().expect("revoked");
    assert!(store.live_session_by_token_hash(&[1; 32]).await.unwrap().is_none());
}

async fn a_sessions_token_hash_is_found_by_its_id_until_it_is_signed_out(store: Arc<dyn Store>) {
    let ada = account(store.as_ref(), "ada@example.org").await;
    let bob = account(store.as_ref(), "bob@example.org").await;
    let first = started(store.as_ref(), new_session(ada, 1, now())).await;
    let second = started(store.as_ref(), new_session(ada, 2, now())).await;
    let other = started(store.as_ref(), new_session(bob, 3, now())).await;
    assert_eq!(store.live_session_token_hash(first.id).await.unwrap(), Some(vec![1; 32]));
    assert_eq!(store.live_session_token_hash(second.id).await.unwrap(), Some(vec![2; 32]));
    assert_eq!(store.live_session_token_hash(Uuid::now_v7()).await.unwrap(), None);
    store.revoke_session(&marquee::store::Actor::server(), ada, first.id, now()).await.unwrap().expect("revoked");
    assert_eq!(store.live_session_token_hash(first.id).await.unwrap(), None, "revoked on its own");
    store.revoke_all_sessions(&marquee::store::Actor::server(), ada, now()).await.unwrap();
    assert_eq!(store.live_session_token_hash(second.id).await.unwrap(), None, "signed out everywhere");
    assert_eq!(store.live_session_token_hash(other.id).await.unwrap(), Some(vec![3; 32]), "another account's stays");
}

async fn active_sessions_are_newest_first_and_exclude_ended_ones(store: Arc<dyn Store>) {
    let owner = account(store.as_ref(), "ada@example.org").await;
    let t0 = now() - Duration::minutes(10);
    let oldest = started(store.as_ref(), new_session(owner, 1, t0)).await;
    let newest = started(store.as_ref(), new_session(owner, 2, t0 + Duration::minutes(2))).await;
    let middle = started(store.as_ref(), new_session(owner, 3, t0 + Duration::minutes(1))).await;
    let mut expired = new_session(owner, 4, t0);
    expired.expires_at = t0 + Duration::minutes(1);
    started(store.as_ref(), expired).await;
    let mut idle = new_session(owner, 5, t0);
    idle.idle_timeout_secs = 60;
    started(store.as_ref(), idle).await;
    let revoked = started(store.as_ref(), new_session(owner, 6, t0)).await;
    store.revoke_session(&marquee::store::Actor::server(), owner, revoked.id, now()).await.unwrap();

    let listed: Vec<Uuid> = store.active_sessions(owner, now()).await.unwrap().into_iter().map(|s| s.id).collect();
    assert_eq!(listed, vec![newest.id, middle.id, oldest.id]);
}

async fn revoking_one_session_is_scoped_to_its_account(store: Arc<dyn Store>) {
    let ada = account(store.as_ref(), "ada@example.org").await;
    let bob = account(store.as_ref(), "bob@example.org").await;
    let adas = started(store.as_ref(), new_session(ada, 1, now())).await;
    assert_eq!(
        store.revoke_session(&marquee::store::Actor::server(), bob, adas.id, now()).await.unwrap(),
        None,
        "another account's session"
    );
    assert!(store.live_session_by_token_hash(&[1; 32]).await.unwrap().is_some());
    assert_eq!(
        store.revoke_session(&marquee::store::Actor::server(), ada, adas.id, now()).await.unwrap(),
        Some(adas.id)
    );
    assert_eq!(
        store.revoke_session(&marquee::store::Actor::server(), ada, adas.id, now()).await.unwrap(),
        None,
        "already revoked"
    );
    assert_eq!(
        store.revoke_session(&marquee::store::Actor::server(), ada, Uuid::now_v7(), now()).await.unwrap(),
        None,
        "unknown id"
    );
}

async fn revoking_all_ends_every_session_of_one_account_only(store: Arc<dyn Store>) {
    let ada = account(store.as_ref(), "ada@example.org").await;
    let bob = account(store.as_ref(), "bob@example.org").await;
    let mut adas = Vec::new();
    for hash in 1..=3 {
        adas.push(started(store.as_ref(), new_session(ada, hash, now())).await.id);
    }
    let bobs = started(store.as_ref(), new_session(bob, 9, now())).await;
    let mut revoked = store.revoke_all_sessions(&marquee::store::Actor::server(), ada, now()).await.unwrap();
    revoked.sort();
    adas.sort();
    assert_eq!(revoked, adas);
    assert!(store.active_sessions(ada, now()).await.unwrap().is_empty());
    assert_eq!(store.active_sessions(bob, now()).await.unwrap()[0].id, bobs.id);
    assert!(
        store.revoke_all_sessions(&marquee::store::Actor::server(), ada, now()).await.unwrap().is_empty(),
        "nothing left to revoke"
    );
}

/// Signing out everywhere writes one event, not one per device; the poll reads it back as exactly the
/// sessions it ended: not one revoked before, not the one kept, not one started after.
async fn signing_out_everywhere_is_one_event_read_back_as_its_sessions(store: Arc<dyn Store>) {
    let ada = account(store.as_ref(), "ada@example.org").await;
    let bob = account(store.as_ref(), "bob@example.org").await;
    let revoked_before = started(store.as_ref(), new_session(ada, 1, now())).await.id;
    store.revoke_session(&marquee::store::Actor::server(), ada, revoked_before, now()).await.unwrap();
    let kept = started(store.as_ref(), new_session(ada, 2, now())).await.id;
    let mut ended: Vec<Uuid> = Vec::new();
    for hash in 3..=6 {
        ended.push(started(store.as_ref(), new_session(ada, hash, now())).await.id);
    }
    started(store.as_ref(), new_session(bob, 9, now())).await;
    let before = store.latest_session_event().await.unwrap();

    let mut revoked = store.revoke_other_sessions(&marquee::store::Actor::server(), ada, kept, now()).await.unwrap();
    revoked.sort();
    ended.sort();
    assert_eq!(revoked, ended);
    let live: Vec<Uuid> = store.active_sessions(ada, now()).await.unwrap().into_iter().map(|s| s.id).collect();
    assert_eq!(live, vec![kept], "only the kept session is live");
    assert!(store.live_session_by_token_hash(&[3; 32]).await.unwrap().is_none());
    assert!(store.live_session_by_token_hash(&[9; 32]).await.unwrap().is_some(), "another account is untouched");
    assert_eq!(
        store.revoke_session(&marquee::store::Actor::server(), ada, ended[0], now()).await.unwrap(),
        None,
        "ended already"
    );

    let events = store.session_events_after(before, 100).await.unwrap();
    assert!(events.iter().all(|e| e.seq == events[0].seq && e.kind == SessionEventKind::Revoked), "{events:?}");
    let mut polled: Vec<Uuid> = events.iter().map(|e| e.session_id).collect();
    polled.sort();
    assert_eq!(polled, ended);
    assert_eq!(store.latest_session_event().await.unwrap(), events[0].seq, "one event");
    assert_eq!(store.session_events_after(before, 1).await.unwrap().len(), ended.len(), "a batch counts events");

    // A session started afterwards is in the new epoch: alive, and not read back as ended.
    let newer = started(store.as_ref(), new_session(ada, 7, now())).await.id;
    assert!(store.live_session_by_token_hash(&[7; 32]).await.unwrap().is_some());
    assert_eq!(store.session_events_after(before, 100).await.unwrap().len(), ended.len());
    // Everyone this time, the kept and the newer session together.
    let mut everyone = store.revoke_all_sessions(&marquee::store::Actor::server(), ada, now()).await.unwrap();
    everyone.sort();
    let mut expected = vec![kept, newer];
    expected.sort();
    assert_eq!(everyone, expected);
    assert!(store.active_sessions(ada, now()).await.unwrap().is_empty());
}

async fn activity_only_moves_forward(store: Arc<dyn Store>) {
    let owner = account(store.as_ref(), "ada@example.org").await;
    let start = now() - Duration::minutes(5);
    let session = started(store.as_ref(), new_session(owner, 1, start)).await;
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
    let session = started(store.as_ref(), new_session(owner, 1, start)).await;
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

async fn session_events_are_numbered_in_order_and_outlive_the_account(store: Arc<dyn Store>) {
    let owner = account(store.as_ref(), "ada@example.org").await;
    let before = store.latest_session_event().await.unwrap();
    let first = started(store.as_ref(), new_session(owner, 1, now())).await;
    let second = started(store.as_ref(), new_session(owner, 2, now())).await;
    // A revocation stamped with a clock far in the past is polled all the same: order is by number.
    store.revoke_session(&marquee::store::Actor::server(), owner, first.id, now() - Duration::days(3)).await.unwrap();
    let events = store.session_events_after(before, 100).await.unwrap();
    assert_eq!(events.len(), 1);
    assert_eq!((events[0].session_id, events[0].kind), (first.id, SessionEventKind::Revoked));
    assert!(store.session_events_after(events[0].seq, 100).await.unwrap().is_empty());
    // Deleting the account deletes its sessions, but their revocations stay in the log.
    store.delete_account(owner, now()).await.unwrap();
    let after_delete = store.session_events_after(events[0].seq, 100).await.unwrap();
    assert_eq!(after_delete.iter().map(|e| e.session_id).collect::<Vec<_>>(), vec![second.id]);
    assert!(store.live_session_by_token_hash(&[2; 32]).await.unwrap().is_none());
    assert_eq!(store.latest_session_event().await.unwrap(), after_delete[0].seq);
    // Reading in small batches sees every event once.
    let all = store.session_events_after(before, 1).await.unwrap();
    assert_eq!(all.len(), 1);
    assert_eq!(all[0].session_id, first.id);
}

async fn a_closed_player_is_logged_with_its_file(store: Arc<dyn Store>) {
    let owner = account(store.as_ref(), "ada@example.org").await;
    let session = started(store.as_ref(), new_session(owner, 1, now())).await;
    let before = store.latest_session_event().await.unwrap();
    let (film, episode) = (Uuid::now_v7(), Uuid::now_v7());
    let (first, then) = (now() - Duration::seconds(5), now());
    store.record_stream_closed(owner, session.id, film, first).await.unwrap();
    store.record_stream_stopped(&marquee::store::Actor::server(), owner, session.id, now()).await.unwrap();
    store.record_stream_closed(owner, session.id, episode, then).await.unwrap();
    let events = store.session_events_after(before, 100).await.unwrap();
    let read: Vec<_> = events.iter().map(|e| (e.session_id, e.kind, e.closed)).collect();
    assert_eq!(
        read,
        vec![
            (session.id, SessionEventKind::StreamClosed, Some(ClosedFile { media_id: film, at: first })),
            (session.id, SessionEventKind::StreamStopped, None),
            (session.id, SessionEventKind::StreamClosed, Some(ClosedFile { media_id: episode, at: then })),
        ]
    );
}

async fn stopping_playback_is_logged_only_for_a_live_session_of_the_account_and_names_who_asked(store: Arc<dyn Store>) {
    let owner = account(store.as_ref(), "ada@example.org").await;
    let other = account(store.as_ref(), "bob@example.org").await;
    let tv = started(store.as_ref(), new_session(owner, 1, now())).await;
    let phone = started(store.as_ref(), new_session(owner, 2, now())).await;
    let ended = started(store.as_ref(), new_session(owner, 3, now())).await;
    store.revoke_session(&marquee::store::Actor::server(), owner, ended.id, now()).await.unwrap().expect("revoked");
    let before = store.latest_session_event().await.unwrap();
    let by_phone = marquee::store::Actor { session_id: Some(phone.id), address: None };

    let refused = [(other, tv.id), (owner, ended.id), (owner, Uuid::now_v7())];
    for (account_id, session_id) in refused {
        let stop = store.record_stream_stopped(&by_phone, account_id, session_id, now()).await.unwrap();
        assert_eq!(stop, StreamStop::NoSuchSession);
    }
    assert_eq!(store.latest_session_event().await.unwrap(), before, "nothing logged for those");

    let stop = store.record_stream_stopped(&by_phone, owner, tv.id, now()).await.unwrap();
    assert_eq!(stop, StreamStop::Stopped { was_playing: false }, "it held no lease");
    let events = store.session_events_after(before, 100).await.unwrap();
    let read: Vec<_> = events.iter().map(|e| (e.session_id, e.kind)).collect();
    assert_eq!(read, vec![(tv.id, SessionEventKind::StreamStopped)]);
    assert_eq!(store.stream_stopped_by(tv.id).await.unwrap().as_deref(), Some("Device 2"));
    assert_eq!(store.stream_stopped_by(phone.id).await.unwrap(), None, "the phone was never stopped");
    // The latest stop counts: one with nobody named leaves nobody to name.
    store.record_stream_stopped(&marquee::store::Actor::server(), owner, tv.id, now()).await.unwrap();
    assert_eq!(store.stream_stopped_by(tv.id).await.unwrap(), None);
}

async fn a_password_change_signs_out_and_stale_sign_ins_cannot_land(store: Arc<dyn Store>) {
    let owner = account(store.as_ref(), "ada@example.org").await;
    let version = store.credentials_by_email("ada@example.org").await.unwrap().unwrap().credential_version;
    let kept = started(store.as_ref(), new_session(owner, 1, now())).await;
    let other = started(store.as_ref(), new_session(owner, 2, now())).await;
    let ended = store
        .set_password(&marquee::store::Actor::server(), owner, "$argon2id$new", SignOut::AllBut(kept.id), now())
        .await
        .unwrap();
    assert_eq!(ended, Some(vec![other.id]));
    let credentials = store.credentials_by_id(owner).await.unwrap().unwrap();
    assert_eq!(credentials.password_hash, "$argon2id$new");
    assert!(credentials.credential_version > version);
    assert!(store.live_session_by_token_hash(&[1; 32]).await.unwrap().is_some());
    // A sign-in that verified the old password finds the version moved on: no session.
    assert!(store.create_session(new_session(owner, 3, now())).await.unwrap().is_none());
    let mut current = new_session(owner, 3, now());
    current.credential_version = credentials.credential_version;
    assert!(store.create_session(current).await.unwrap().is_some());
    // Keeping every device still moves the version on.
    assert_eq!(
        store
            .set_password(&marquee::store::Actor::server(), owner, "$argon2id$newer", SignOut::Nobody, now())
            .await
            .unwrap(),
        Some(vec![])
    );
    let after_keep = store.credentials_by_id(owner).await.unwrap().unwrap().credential_version;
    assert!(after_keep > credentials.credential_version);
    // So does an email change.
    store
        .change_account(
            &marquee::store::Actor::server(),
            owner,
            marquee::store::AccountChange::Email("ada@example.net"),
        )
        .await
        .unwrap();
    let after_email = store.credentials_by_id(owner).await.unwrap().unwrap().credential_version;
    assert!(after_email > after_keep);
    let ended = store
        .set_password(&marquee::store::Actor::server(), owner, "$argon2id$newest", SignOut::Everyone, now())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(ended.len(), 2, "the kept device and the newer one");
    assert!(
        store
            .set_password(&marquee::store::Actor::server(), Uuid::now_v7(), "x", SignOut::Everyone, now())
            .await
            .unwrap()
            .is_none()
    );
    // A deleted account takes no new sessions.
    store.delete_account(owner, now()).await.unwrap();
    let mut late = new_session(owner, 4, now());
    late.credential_version = after_email + 1;
    assert!(store.create_session(late).await.unwrap().is_none());
}

/// Devices keep signing in while the account signs out everywhere, several times: afterwards every
/// session is either live or was named by a sign-out (so its device was told). One that ended
/// without being named would never hear it had been signed out.
async fn sign_ins_racing_sign_out_everywhere_are_ended_and_announced_or_live(store: Arc<dyn Store>) {
    let owner = account(store.as_ref(), "ada@example.org").await;
    let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let mut devices = tokio::task::JoinSet::new();
    for device in 0..4u8 {
        let (store, stop) = (store.clone(), stop.clone());
        devices.spawn(async move {
            let mut got = Vec::new();
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                let mut session = new_session(owner, 0, now());
                session.token_hash = Uuid::now_v7().as_bytes().repeat(2);
                session.device_name = format!("Device {device}");
                session.max_per_account = 10_000;
                if let Some(started) = store.create_session(session).await.unwrap() {
                    got.push(started.record.id);
                }
                tokio::task::yield_now().await;
            }
            got
        });
    }
    let mut announced = std::collections::HashSet::new();
    for _ in 0..8 {
        tokio::time::sleep(std::time::Duration::from_millis(3)).await;
        announced.extend(store.revoke_all_sessions(&marquee::store::Actor::server(), owner, now()).await.unwrap());
    }
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    let started: Vec<Uuid> = devices.join_all().await.into_iter().flatten().collect();
    let live: std::collections::HashSet<Uuid> =
        store.active_sessions(owner, now()).await.unwrap().into_iter().map(|s| s.id).collect();
    assert!(!announced.is_empty() && started.len() > announced.len(), "the race ran: {}", started.len());
    for id in &started {
        assert!(live.contains(id) != announced.contains(id), "session {id}: live or announced, exactly one");
    }
}

/// Four devices keep signing in with what they verified before the change while the password
/// changes: every session they got must be signed out afterwards.
async fn sign_ins_racing_a_password_change_never_survive_it(store: Arc<dyn Store>) {
    for round in 0..6u8 {
        let email = format!("race{round}@example.org");
        let owner = account(store.as_ref(), &email).await;
        let version = store.credentials_by_id(owner).await.unwrap().unwrap().credential_version;
        let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
        let mut devices = Vec::new();
        for device in 0..4u8 {
            let (store, stop) = (store.clone(), stop.clone());
            devices.push(tokio::spawn(async move {
                let mut got = Vec::new();
                for attempt in 0..200u16 {
                    if stop.load(std::sync::atomic::Ordering::Relaxed) && attempt % 8 == 7 {
                        break;
                    }
                    let mut session = new_session(owner, 0, now());
                    session.token_hash = Uuid::now_v7().as_bytes().repeat(2);
                    session.credential_version = version;
                    session.device_name = format!("Device {device}");
                    if let Some(started) = store.create_session(session.clone()).await.unwrap() {
                        got.push(session.token_hash);
                        assert!(started.signed_out.len() <= 100);
                    }
                    tokio::task::yield_now().await;
                }
                got
            }));
        }
        tokio::time::sleep(std::time::Duration::from_millis(5)).await;
        store
            .set_password(&marquee::store::Actor::server(), owner, "$argon2id$changed", SignOut::Everyone, now())
            .await
            .unwrap();
        stop.store(true, std::sync::atomic::Ordering::Relaxed);
        for device in devices {
            for hash in device.await.unwrap() {
                assert!(
                    store.live_session_by_token_hash(&hash).await.unwrap().is_none(),
                    "round {round}: a session that verified the old password survived the change"
                );
            }
        }
    }
}

async fn signing_in_past_the_limit_signs_out_the_longest_unused(store: Arc<dyn Store>) {
    let owner = account(store.as_ref(), "ada@example.org").await;
    let t0 = now() - Duration::hours(1);
    let limited = |hash, at| NewSession { max_per_account: 3, ..new_session(owner, hash, at) };
    let oldest = started(store.as_ref(), limited(1, t0)).await;
    let used_lately = started(store.as_ref(), limited(2, t0 + Duration::minutes(1))).await;
    let newer = started(store.as_ref(), limited(3, t0 + Duration::minutes(2))).await;
    // The oldest was used a minute ago, so the one signed in second is now the longest unused.
    let activity = SessionActivity {
        session_id: oldest.id,
        seen_at: now() - Duration::minutes(1),
        ip: None,
        idle_expires_at: now() + Duration::hours(1),
    };
    store.record_session_activity(&[activity]).await.unwrap();
    let fourth = store.create_session(limited(4, now())).await.unwrap().unwrap();
    assert_eq!(fourth.signed_out, vec![used_lately.id]);
    let live: Vec<Uuid> = store.active_sessions(owner, now()).await.unwrap().into_iter().map(|s| s.id).collect();
    assert_eq!(live.len(), 3);
    assert!(live.contains(&oldest.id) && live.contains(&newer.id) && live.contains(&fourth.record.id));
    let events = store.session_events_after(0, 100).await.unwrap();
    assert!(events.iter().any(|e| e.session_id == used_lately.id && e.kind == SessionEventKind::Revoked));
}

async fn locking_a_profile_sends_its_devices_back_to_choose(store: Arc<dyn Store>) {
    let owner = account(store.as_ref(), "ada@example.org").await;
    let kid = store.create_profile(new_profile(owner, "Kid"), 5).await.unwrap().unwrap();
    let parent = store.create_profile(new_profile(owner, "Parent"), 5).await.unwrap().unwrap();
    let tv = started(store.as_ref(), new_session(owner, 1, now())).await;
    let phone = started(store.as_ref(), new_session(owner, 2, now())).await;
    assert!(store.choose_profile(tv.id, owner, parent.id).await.unwrap());
    assert!(store.choose_profile(phone.id, owner, kid.id).await.unwrap());
    let before = store.latest_session_event().await.unwrap();
    let left = store
        .set_profile_pin(&marquee::store::Actor::server(), owner, parent.id, Some("$argon2id$pin"), now())
        .await
        .unwrap();
    assert_eq!(left, Some(vec![tv.id]));
    assert_eq!(store.live_session_by_token_hash(&[1; 32]).await.unwrap().unwrap().profile_id, None);
    assert_eq!(store.live_session_by_token_hash(&[2; 32]).await.unwrap().unwrap().profile_id, Some(kid.id));
    let events = store.session_events_after(before, 100).await.unwrap();
    assert_eq!(events.len(), 1);
    assert_eq!((events[0].session_id, events[0].kind), (tv.id, SessionEventKind::ProfileLeft));
    // Unlocking sends nobody anywhere; another account's profile is not found.
    assert!(store.choose_profile(tv.id, owner, parent.id).await.unwrap());
    assert_eq!(
        store.set_profile_pin(&marquee::store::Actor::server(), owner, parent.id, None, now()).await.unwrap(),
        Some(vec![])
    );
    let stranger = account(store.as_ref(), "bob@example.org").await;
    assert_eq!(
        store.set_profile_pin(&marquee::store::Actor::server(), stranger, parent.id, Some("x"), now()).await.unwrap(),
        None
    );
}

async fn clean_up_deletes_only_what_has_ended(store: Arc<dyn Store>) {
    let owner = account(store.as_ref(), "ada@example.org").await;
    let long_ago = now() - Duration::days(40);
    let old = started(store.as_ref(), new_session(owner, 1, long_ago)).await;
    store.revoke_session(&marquee::store::Actor::server(), owner, old.id, long_ago).await.unwrap();
    let expired = NewSession { expires_at: long_ago + Duration::days(1), ..new_session(owner, 2, long_ago) };
    started(store.as_ref(), expired).await;
    let recent = started(store.as_ref(), new_session(owner, 3, now())).await;
    store.revoke_session(&marquee::store::Actor::server(), owner, recent.id, now()).await.unwrap();
    started(store.as_ref(), new_session(owner, 4, now())).await;
    store.record_sign_in_failure("address:old", long_ago, long_ago - Duration::minutes(15)).await.unwrap();
    store.record_sign_in_failure("address:new", now(), now() - Duration::minutes(15)).await.unwrap();
    store.remember_device(&[7; 32], owner, long_ago).await.unwrap();
    store.remember_device(&[8; 32], owner, now()).await.unwrap();
    let deleted = store
        .clean_up(Cleanup {
            sessions_ended_before: now() - Duration::days(30),
            events_before: now() - Duration::days(30),
            throttle_windows_before: now() - Duration::hours(1),
            devices_before: now() - Duration::days(30),
            grants_before: now() - Duration::hours(1),
            mail_before: now() - Duration::days(30),
            activity_before: OffsetDateTime::UNIX_EPOCH,
            one_time_links_before: now() - Duration::days(30),
        })
        .await
        .unwrap();
    // Two sessions, one event (the old revocation), one throttle window, one device.
    assert_eq!(deleted, 5);
    assert!(store.live_session_by_token_hash(&[4; 32]).await.unwrap().is_some());
    assert!(store.sign_in_failures("address:old").await.unwrap().is_none());
    assert!(store.sign_in_failures("address:new").await.unwrap().is_some());
    assert!(!store.is_known_device(&[7; 32], owner).await.unwrap());
    assert!(store.is_known_device(&[8; 32], owner).await.unwrap());
    let events = store.session_events_after(0, 100).await.unwrap();
    assert_eq!(events.iter().map(|e| e.session_id).collect::<Vec<_>>(), vec![recent.id]);
}

async fn known_devices_belong_to_one_account(store: Arc<dyn Store>) {
    let ada = account(store.as_ref(), "ada@example.org").await;
    let bob = account(store.as_ref(), "bob@example.org").await;
    store.remember_device(&[5; 32], ada, now()).await.unwrap();
    store.remember_device(&[5; 32], ada, now()).await.unwrap();
    assert!(store.is_known_device(&[5; 32], ada).await.unwrap());
    assert!(!store.is_known_device(&[5; 32], bob).await.unwrap());
    assert!(!store.is_known_device(&[6; 32], ada).await.unwrap());
    store.delete_account(ada, now()).await.unwrap();
    assert!(!store.is_known_device(&[5; 32], ada).await.unwrap());
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

async fn account_changes_write_only_what_they_name(store: Arc<dyn Store>) {
    let owner = account(store.as_ref(), "ada@example.org").await;
    let other = account(store.as_ref(), "grace@example.org").await;
    let info = PersonalInfo {
        display_name: "Ada L.".into(),
        phone: Some("+44 20 7946 0000".into()),
        language: "fr".into(),
        time_zone: None,
    };
    assert!(
        store
            .change_account(&marquee::store::Actor::server(), owner, AccountChange::PersonalInfo(&info))
            .await
            .unwrap()
    );
    let preferences = Preferences { autoplay_next: false, autoplay_previews: false };
    assert!(
        store
            .change_account(&marquee::store::Actor::server(), owner, AccountChange::Preferences(preferences))
            .await
            .unwrap()
    );
    assert!(
        store
            .change_account(&marquee::store::Actor::server(), owner, AccountChange::DeviceCodeConfirmation(true))
            .await
            .unwrap()
    );
    let changed = store.account_by_id(owner).await.unwrap().unwrap();
    assert_eq!((changed.display_name.as_str(), changed.phone.as_deref()), ("Ada L.", Some("+44 20 7946 0000")));
    assert_eq!(changed.language, "fr");
    assert!(!changed.autoplay_next && !changed.autoplay_previews && changed.confirm_devices_with_password);
    assert_eq!(changed.email, "ada@example.org", "a personal-info change leaves the email alone");
    // Taking another account's email is refused and changes nothing.
    let taken =
        store.change_account(&marquee::store::Actor::server(), owner, AccountChange::Email("grace@example.org")).await;
    assert!(matches!(taken, Err(StoreError::Conflict("email"))), "{taken:?}");
    assert_eq!(store.account_by_id(owner).await.unwrap().unwrap().email, "ada@example.org");
    // The other account is untouched throughout, and an unknown account is not found.
    let untouched = store.account_by_id(other).await.unwrap().unwrap();
    assert!(untouched.autoplay_next && untouched.autoplay_previews && !untouched.confirm_devices_with_password);
    assert_eq!(untouched.language, marquee::domain::language::DEFAULT_LANGUAGE);
    assert!(
        !store
            .change_account(&marquee::store::Actor::server(), Uuid::now_v7(), AccountChange::Preferences(preferences))
            .await
            .unwrap()
    );
}

async fn profile_changes_stay_within_their_account(store: Arc<dyn Store>) {
    let owner = account(store.as_ref(), "ada@example.org").await;
    let stranger = account(store.as_ref(), "grace@example.org").await;
    let profile = store.create_profile(new_profile(owner, "Ada"), 5).await.unwrap().expect("room for a profile");
    let changes = ProfileChanges { name: "Little Ada".into(), avatar: "moss".into(), is_kids: true };
    assert!(!store.update_profile(stranger, profile.id, &changes).await.unwrap(), "not another account's");
    assert_eq!(store.profile(owner, profile.id).await.unwrap().unwrap().name, "Ada");
    assert!(store.update_profile(owner, profile.id, &changes).await.unwrap());
    let changed = store.profile(owner, profile.id).await.unwrap().unwrap();
    assert_eq!((changed.name.as_str(), changed.avatar.as_str(), changed.is_kids), ("Little Ada", "moss", true));
    assert!(!store.update_profile(owner, Uuid::now_v7(), &changes).await.unwrap(), "no such profile");
}

fn mail_to(recipient: &str) -> NewMail {
    NewMail { kind: "test".into(), recipient: recipient.into(), language: "en".into(), params: "null".into() }
}

async fn mail_is_claimed_by_one_sender_at_a_time_until_its_lease_ends(store: Arc<dyn Store>) {
    let at = now();
    let mut queued = Vec::new();
    for n in 0..10 {
        queued.push(store.queue_mail(mail_to(&format!("viewer{n}@example.org")), at).await.unwrap());
    }
    assert_eq!(store.unsent_mail_count().await.unwrap(), 10);
    // Eight senders at once, two messages each at most, round after round: each message claimed once.
    let mut claimed: Vec<(Uuid, Uuid, i64)> = Vec::new();
    loop {
        let claims = (0..8).map(|_| {
            let store = store.clone();
            async move {
                let owner = Uuid::new_v4();
                let mail = store.claim_mail(owner, at, at + Duration::minutes(2), 2).await.unwrap();
                mail.into_iter().map(move |m| (owner, m.id, m.attempts)).collect::<Vec<_>>()
            }
        });
        let round: Vec<_> = futures_util::future::join_all(claims).await.into_iter().flatten().collect();
        if round.is_empty() {
            break;
        }
        claimed.extend(round);
    }
    let mut ids: Vec<Uuid> = claimed.iter().map(|(_, id, _)| *id).collect();
    ids.sort();
    let mut expected = queued.clone();
    expected.sort();
    assert_eq!(ids, expected, "each message claimed once");
    assert!(claimed.iter().all(|(_, _, attempts)| *attempts == 1));
    let (owner, first, _) = claimed[0];
    assert!(!store.mail_sent(first, Uuid::new_v4(), at).await.unwrap(), "only its holder marks it");
    assert!(store.mail_sent(first, owner, at).await.unwrap());
    assert!(!store.mail_sent(first, owner, at).await.unwrap(), "sent once");
    let state = store.mail_state(first).await.unwrap().unwrap();
    assert_eq!((state.attempts, state.sent_at), (1, Some(at)));
    // A failure puts it back for later, with the reason.
    let (owner, later, _) = claimed[1];
    assert!(store.mail_failed(later, owner, "421 try later", Some(at + Duration::seconds(30)), at).await.unwrap());
    assert!(store.claim_mail(Uuid::new_v4(), at, at + Duration::minutes(2), 20).await.unwrap().is_empty());
    let again =
        store.claim_mail(Uuid::new_v4(), at + Duration::seconds(30), at + Duration::minutes(3), 1).await.unwrap();
    assert_eq!(again.iter().map(|m| (m.id, m.attempts)).collect::<Vec<_>>(), vec![(later, 2)]);
    assert_eq!(store.mail_state(later).await.unwrap().unwrap().last_error.as_deref(), Some("421 try later"));
    // A sender that stopped mid-way: its lease ends and another takes its messages over.
    let taken_over =
        store.claim_mail(Uuid::new_v4(), at + Duration::minutes(5), at + Duration::minutes(7), 20).await.unwrap();
    assert_eq!(taken_over.len(), 9, "all but the sent one");
    let given_up = taken_over[0].id;
    assert!(store.mail_failed(given_up, Uuid::new_v4(), "x", None, at).await.is_ok_and(|done| !done));
    assert_eq!(store.unsent_mail_count().await.unwrap(), 9);
}

fn reset(token: u8, email: &str, at: OffsetDateTime) -> NewPasswordReset {
    NewPasswordReset {
        token_hash: vec![token; 32],
        email: email.into(),
        now: at,
        expires_at: at + Duration::minutes(30),
        mail: AccountMail { kind: "password_reset".into(), params: "{}".into() },
    }
}

fn changed_mail() -> AlertMail {
    let not_me = OneTimeLink { token_hash: random_hash(), expires_at: now() + Duration::days(7) };
    AlertMail { mail: AccountMail { kind: "password_changed".into(), params: "{}".into() }, not_me }
}

/// 32 random bytes: a one-time link's hash no other test shares.
fn random_hash() -> Vec<u8> {
    [Uuid::new_v4().into_bytes(), Uuid::new_v4().into_bytes()].concat()
}

async fn a_reset_link_is_spent_once_and_only_while_the_account_is_as_it_was(store: Arc<dyn Store>) {
    let owner = account(store.as_ref(), "ada@example.org").await;
    let at = now();
    let device = started(store.as_ref(), new_session(owner, 1, at)).await;
    // Nobody has the email: nothing stored, nothing queued.
    assert!(!store.request_password_reset(reset(9, "nobody@example.org", at)).await.unwrap());
    assert!(store.password_reset_for(&[9; 32], at).await.unwrap().is_none());
    assert_eq!(store.unsent_mail_count().await.unwrap(), 0);
    assert!(store.request_password_reset(reset(1, "ada@example.org", at)).await.unwrap());
    assert_eq!(store.unsent_mail_count().await.unwrap(), 1, "the link's message is queued with it");
    let found = store.password_reset_for(&[1; 32], at).await.unwrap().expect("the link works");
    assert_eq!((found.account_id, found.email.as_str()), (owner, "ada@example.org"));
    assert!(store.password_reset_for(&[1; 32], at + Duration::minutes(31)).await.unwrap().is_none(), "expired");
    assert!(
        store
            .reset_password(
                &marquee::store::Actor::server(),
                &[1; 32],
                "$argon2id$new",
                changed_mail(),
                at + Duration::minutes(31)
            )
            .await
            .unwrap()
            .is_none()
    );

    // Six uses at once: one sets the password and signs the device out, the rest find it spent.
    let uses = (0..6).map(|n| {
        let store = store.clone();
        async move {
            store
                .reset_password(
                    &marquee::store::Actor::server(),
                    &[1; 32],
                    &format!("$argon2id$new{n}"),
                    changed_mail(),
                    at,
                )
                .await
                .unwrap()
        }
    });
    let done: Vec<_> = futures_util::future::join_all(uses).await.into_iter().flatten().collect();
    assert_eq!(done.len(), 1, "one use wins");
    assert_eq!(done[0].signed_out, vec![device.id]);
    assert_eq!(done[0].credential_version, 2);
    assert!(store.live_session_by_token_hash(&[1; 32]).await.unwrap().is_none());
    assert_eq!(store.unsent_mail_count().await.unwrap(), 2, "\"your password was changed\" is queued with it");
    assert!(store.password_reset_for(&[1; 32], at).await.unwrap().is_none(), "spent");

    // A password change, or signing out everywhere, after the link was sent: the link is dead.
    assert!(store.request_password_reset(reset(2, "ada@example.org", at)).await.unwrap());
    store.set_password(&marquee::store::Actor::server(), owner, "$argon2id$other", SignOut::Nobody, at).await.unwrap();
    assert!(store.password_reset_for(&[2; 32], at).await.unwrap().is_none());
    assert!(
        store
            .reset_password(&marquee::store::Actor::server(), &[2; 32], "$argon2id$late", changed_mail(), at)
            .await
            .unwrap()
            .is_none()
    );
    assert!(store.request_password_reset(reset(3, "ada@example.org", at)).await.unwrap());
    started(store.as_ref(), NewSession { credential_version: 3, ..new_session(owner, 3, at) }).await;
    store.revoke_all_sessions(&marquee::store::Actor::server(), owner, at).await.unwrap();
    assert!(
        store
            .reset_password(&marquee::store::Actor::server(), &[3; 32], "$argon2id$late", changed_mail(), at)
            .await
            .unwrap()
            .is_none()
    );
    let credentials = store.credentials_by_id(owner).await.unwrap().unwrap();
    assert_eq!(credentials.password_hash, "$argon2id$other", "no refused link changed the password");
}

async fn a_sign_in_from_an_app_device_replaces_that_devices_session_in_its_account_only(store: Arc<dyn Store>) {
    let owner = account(store.as_ref(), "ada@example.org").await;
    let stranger = account(store.as_ref(), "bob@example.org").await;
    let on = |account_id, hash, device: Option<&str>| NewSession {
        app_device_id: device.map(str::to_string),
        lifetime: Default::default(),
        ..new_session(account_id, hash, now())
    };
    let first = started(store.as_ref(), on(owner, 1, Some("shield"))).await;
    let browser = started(store.as_ref(), on(owner, 2, None)).await;
    let bobs = started(store.as_ref(), on(stranger, 3, Some("shield"))).await;
    let before = store.latest_session_event().await.unwrap();
    let again = store.create_session(on(owner, 4, Some("shield"))).await.unwrap().expect("started");
    assert_eq!(again.signed_out, vec![first.id], "only the same device's session, in the same account");
    assert!(store.live_session_by_token_hash(&[1; 32]).await.unwrap().is_none());
    for (hash, id) in [(2, browser.id), (3, bobs.id), (4, again.record.id)] {
        assert_eq!(store.live_session_by_token_hash(&[hash; 32]).await.unwrap().map(|s| s.id), Some(id));
    }
    let events = store.session_events_after(before, 100).await.unwrap();
    let read: Vec<_> = events.iter().map(|e| (e.session_id, e.kind)).collect();
    assert_eq!(read, vec![(first.id, SessionEventKind::Revoked)], "announced to every instance");
    // Sessions without an app device id never replace each other.
    let plain = store.create_session(on(owner, 5, None)).await.unwrap().expect("started");
    assert!(plain.signed_out.is_empty());
}

async fn a_session_starts_in_a_profile_of_its_own_account_only(store: Arc<dyn Store>) {
    let owner = account(store.as_ref(), "ada@example.org").await;
    let stranger = account(store.as_ref(), "bob@example.org").await;
    let kid = store.create_profile(new_profile(owner, "Kid"), 5).await.unwrap().unwrap();
    let bobs = store.create_profile(new_profile(stranger, "Bob"), 5).await.unwrap().unwrap();
    let tv = started(store.as_ref(), NewSession { profile_id: Some(kid.id), ..new_session(owner, 1, now()) }).await;
    assert_eq!(tv.profile_id, Some(kid.id), "the profile is stored with the session");
    let live = store.live_session_by_token_hash(&[1; 32]).await.unwrap().expect("the session lives");
    assert_eq!(live.profile_id, Some(kid.id));
    // Another account's profile: no session at all, not a session without a profile.
    let refused = store.create_session(NewSession { profile_id: Some(bobs.id), ..new_session(owner, 2, now()) }).await;
    assert!(refused.unwrap().is_none());
    assert!(store.live_session_by_token_hash(&[2; 32]).await.unwrap().is_none());
    let gone = Uuid::now_v7();
    let refused = store.create_session(NewSession { profile_id: Some(gone), ..new_session(owner, 3, now()) }).await;
    assert!(refused.unwrap().is_none(), "a profile that does not exist");
}

async fn the_server_id_is_made_once_whoever_asks_first(store: Arc<dyn Store>) {
    let first = Uuid::new_v4();
    assert_eq!(store.server_id(first, now()).await.unwrap(), first);
    assert_eq!(store.server_id(Uuid::new_v4(), now()).await.unwrap(), first, "kept, never replaced");
    let asked: Vec<_> = (0..8)
        .map(|_| {
            let store = store.clone();
            tokio::spawn(async move { store.server_id(Uuid::new_v4(), now()).await.unwrap() })
        })
        .collect();
    for answer in asked {
        assert_eq!(answer.await.unwrap(), first);
    }
}

async fn the_picture_key_is_made_once_whoever_asks_first(store: Arc<dyn Store>) {
    let asked: Vec<_> = (0..8u8)
        .map(|n| {
            let store = store.clone();
            tokio::spawn(async move { store.image_key(vec![n; 32], now()).await.unwrap() })
        })
        .collect();
    let mut keys = Vec::new();
    for answer in asked {
        keys.push(answer.await.unwrap());
    }
    assert!(keys.windows(2).all(|pair| pair[0] == pair[1]), "one key for everyone: {keys:?}");
    assert_eq!(keys[0].len(), 32);
    assert_eq!(store.image_key(vec![99; 32], now()).await.unwrap(), keys[0], "kept, never replaced");
}

async fn a_profiles_progress_is_read_whole_finished_films_included_and_only_its_own(store: Arc<dyn Store>) {
    let catalog = store.catalog();
    crate::catalog_store::sample(catalog.as_ref()).await;
    let (_, profile) = crate::catalog_store::viewer(store.as_ref(), "whole@example.com").await;
    let (_, other) = crate::catalog_store::viewer(store.as_ref(), "someone-else@example.com").await;
    assert!(catalog.profile_progress(profile).await.unwrap().is_empty(), "nothing watched yet");
    let query = marquee::store::catalog::TitleQuery { max_maturity: 3, limit: 10, ..Default::default() };
    let titles = catalog.list_titles(&query).await.unwrap();
    let film = titles.iter().find(|t| t.kind == "movie").expect("a film");
    let show = titles.iter().find(|t| t.kind == "show").expect("a show");
    let episodes = catalog.title_media(show.id).await.unwrap();
    let t0 = now();
    let film_file = film.media_id.expect("the film's file");
    catalog.save_progress(profile, film_file, 599.0, true, t0).await.unwrap();
    catalog.save_progress(profile, episodes[0].id, 42.0, false, t0 + Duration::seconds(1)).await.unwrap();
    catalog.save_progress(other, episodes[1].id, 7.0, false, t0).await.unwrap();

    let mut read = catalog.profile_progress(profile).await.unwrap();
    read.sort_by_key(|record| record.updated_at);
    let seen: Vec<_> = read.iter().map(|r| (r.media_id, r.title_id, r.position_seconds, r.watched)).collect();
    assert_eq!(
        seen,
        [(film_file, film.id, 599.0, true), (episodes[0].id, show.id, 42.0, false)],
        "the finished film too, which Continue Watching leaves out; never another profile's"
    );
    assert!(catalog.continue_watching(profile, 3, 10).await.unwrap().iter().all(|p| p.title.id != film.id));
    let theirs = catalog.profile_progress(other).await.unwrap();
    assert_eq!(theirs.iter().map(|r| r.media_id).collect::<Vec<_>>(), [episodes[1].id]);
}
