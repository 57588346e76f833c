//! Sessions ended by "Sign out of all devices" (their account moved on to its next session epoch,
//! their rows untouched) are deleted once the retention has passed since that sign-out, as sessions
//! signed out one by one are; on SQLite and on PostgreSQL.

use std::sync::Arc;

use marquee::domain::device::DeviceKind;
use marquee::store::{Cleanup, NewAccount, NewSession, Store};
use time::{Duration, OffsetDateTime};
use uuid::Uuid;

crate::on_both_backends!(sessions_ended_with_their_epoch_go_after_the_retention);

fn session(account_id: Uuid, token: u8, at: OffsetDateTime) -> NewSession {
    NewSession {
        account_id,
        token_hash: vec![token; 32],
        device_name: format!("Device {token}"),
        device_kind: DeviceKind::Tv,
        remember: true,
        created_at: at,
        ip: Some("192.0.2.7".into()),
        idle_timeout_secs: 30 * 24 * 3600,
        expires_at: at + Duration::days(90),
        credential_version: 1,
        max_per_account: 100,
        password_verified_at: at,
        device_code_hash: None,
        profile_id: None,
        app_device_id: None,
        lifetime: Default::default(),
        alert: None,
        passkey_id: None,
    }
}

/// Deletes sessions that ended before `before` (and the epochs that ended then), nothing else.
fn sessions_before(before: OffsetDateTime) -> Cleanup {
    Cleanup {
        sessions_ended_before: before,
        events_before: OffsetDateTime::UNIX_EPOCH,
        throttle_windows_before: OffsetDateTime::UNIX_EPOCH,
        devices_before: OffsetDateTime::UNIX_EPOCH,
        grants_before: OffsetDateTime::UNIX_EPOCH,
        mail_before: OffsetDateTime::UNIX_EPOCH,
        activity_before: OffsetDateTime::UNIX_EPOCH,
        one_time_links_before: OffsetDateTime::UNIX_EPOCH,
    }
}

async fn sessions_ended_with_their_epoch_go_after_the_retention(store: Arc<dyn Store>) {
    let now = marquee::clock::now();
    let owner = store
        .create_account(NewAccount {
            email: "ada@example.org".into(),
            display_name: "Ada".into(),
            password_hash: "$argon2id$placeholder".into(),
            created_at: now,
        })
        .await
        .unwrap()
        .id;
    for token in 1..=3 {
        store.create_session(session(owner, token, now)).await.unwrap().expect("signed in");
    }
    // Signed out of all devices 40 days ago (the time is passed in, as the clean-up's is).
    assert_eq!(
        store
            .revoke_all_sessions(&marquee::store::Actor::server(), owner, now - Duration::days(40))
            .await
            .unwrap()
            .len(),
        3
    );
    let kept = store.create_session(session(owner, 4, now)).await.unwrap().expect("signed in again").record;
    // And once more just now, keeping one device.
    let recent = store.create_session(session(owner, 5, now)).await.unwrap().expect("signed in").record;
    assert_eq!(
        store.revoke_other_sessions(&marquee::store::Actor::server(), owner, kept.id, now).await.unwrap(),
        vec![recent.id]
    );

    // Within the retention of the old sign-out nothing goes; past it, its three sessions and its epoch.
    assert_eq!(store.clean_up(sessions_before(now - Duration::days(41))).await.unwrap(), 0);
    assert_eq!(store.clean_up(sessions_before(now - Duration::days(30))).await.unwrap(), 3 + 1);
    assert_eq!(store.clean_up(sessions_before(now - Duration::days(30))).await.unwrap(), 0, "all gone already");
    // The recent sign-out's session goes when its own retention has passed; the kept device stays.
    assert_eq!(store.clean_up(sessions_before(now + Duration::seconds(1))).await.unwrap(), 1 + 1);
    assert!(store.live_session_by_token_hash(&[4; 32]).await.unwrap().is_some());
    let live: Vec<Uuid> = store.active_sessions(owner, now).await.unwrap().iter().map(|s| s.id).collect();
    assert_eq!(live, vec![kept.id]);
}
