//! Sessions that sign out by themselves, in the store, on SQLite and on PostgreSQL: ended once when
//! their end comes (however many instances ask at once), logged like any sign-out, never before; a
//! TV code's chosen lifetime given to the session it becomes; the account's time zone kept.

use std::sync::Arc;

use marquee::domain::device::DeviceKind;
use marquee::domain::session_lifetime::SessionLifetime;
use marquee::store::grants::{ChosenLifetime, GrantDecision, NewGrant};
use marquee::store::{AccountChange, ActivityKind, ActivityQuery, NewSession, PersonalInfo, SessionEventKind, Store};
use time::{Duration, OffsetDateTime};
use uuid::Uuid;

use crate::store_fixtures::{account, signed_in_device};

crate::on_both_backends!(
    sessions_with_an_end_are_ended_once_when_it_comes_and_logged,
    many_instances_ending_at_once_end_each_session_once,
    a_codes_lifetime_is_recorded_when_allowed_and_given_to_its_session,
    the_account_time_zone_is_kept_with_the_personal_information,
);

fn now() -> OffsetDateTime {
    marquee::clock::now()
}

/// A session of the account with the token hash `[token; 32]`, let in for `lifetime` until `ends`.
fn session(account_id: Uuid, token: u8, lifetime: SessionLifetime, ends: OffsetDateTime) -> NewSession {
    NewSession {
        device_name: format!("Hotel TV {token}"),
        device_kind: DeviceKind::Tv,
        ip: None,
        expires_at: ends,
        password_verified_at: OffsetDateTime::UNIX_EPOCH,
        lifetime,
        ..signed_in_device(account_id, token, now() - Duration::hours(1))
    }
}

async fn start(store: &dyn Store, new: NewSession) -> Uuid {
    store.create_session(new).await.unwrap().expect("signed in").record.id
}

async fn sessions_with_an_end_are_ended_once_when_it_comes_and_logged(store: Arc<dyn Store>) {
    let owner = account(store.as_ref(), "ada@example.org").await;
    let at = now();
    let due = start(store.as_ref(), session(owner, 1, SessionLifetime::UntilMorning, at - Duration::seconds(1))).await;
    let later = start(store.as_ref(), session(owner, 2, SessionLifetime::Week, at + Duration::minutes(5))).await;
    // A session let in until signed out whose longest life is over is not pushed out: it lapses as before.
    let lapsed =
        start(store.as_ref(), session(owner, 3, SessionLifetime::UntilSignedOut, at - Duration::hours(1))).await;
    let log_before = store.latest_session_event().await.unwrap();

    assert_eq!(store.next_session_end().await.unwrap(), Some(at - Duration::seconds(1)), "the earliest end first");
    let ended = store.end_due_sessions(at).await.unwrap();
    assert_eq!(ended.len(), 1, "{ended:?}");
    assert_eq!((ended[0].account_id, ended[0].session_id), (owner, due));
    assert_eq!(ended[0].device_name, "Hotel TV 1");
    assert_eq!(store.live_session_token_hash(due).await.unwrap(), None, "signed out");
    assert!(store.live_session_token_hash(later).await.unwrap().is_some(), "its end has not come");
    assert!(store.live_session_token_hash(lapsed).await.unwrap().is_some(), "never revoked by the ender");
    let logged = store.session_events_after(log_before, 100).await.unwrap();
    assert_eq!(logged.len(), 1, "one sign-out logged: {logged:?}");
    assert_eq!((logged[0].session_id, logged[0].kind), (due, SessionEventKind::Revoked));
    let query = ActivityQuery { account_id: owner, category: None, after: None, limit: 100, now: at };
    let activity = store.account_activity(query).await.unwrap();
    let by_itself: Vec<_> = activity.iter().filter(|entry| entry.kind == ActivityKind::SignedOutByItself).collect();
    assert_eq!(by_itself.len(), 1, "its end is in the account's activity: {activity:?}");
    assert_eq!(by_itself[0].session_id, Some(due));
    assert_eq!(by_itself[0].device_name.as_deref(), Some("Hotel TV 1"));
    assert_eq!(by_itself[0].by_device, None, "nobody signed it out");

    // Asked again, nothing more: each session ends once.
    assert!(store.end_due_sessions(at).await.unwrap().is_empty());
    assert_eq!(store.next_session_end().await.unwrap(), Some(at + Duration::minutes(5)));
    let ended = store.end_due_sessions(at + Duration::minutes(5)).await.unwrap();
    assert_eq!(ended.iter().map(|s| s.session_id).collect::<Vec<_>>(), vec![later]);
    assert_eq!(store.next_session_end().await.unwrap(), None, "nothing left to end");

    // After signing out of every device, an end still to come is nobody's business.
    let other = start(store.as_ref(), session(owner, 4, SessionLifetime::Week, at + Duration::minutes(9))).await;
    store.revoke_all_sessions(&marquee::store::Actor::server(), owner, at).await.unwrap();
    assert_eq!(store.next_session_end().await.unwrap(), None);
    assert!(store.end_due_sessions(at + Duration::minutes(10)).await.unwrap().is_empty(), "{other} ended already");
}

async fn many_instances_ending_at_once_end_each_session_once(store: Arc<dyn Store>) {
    const SESSIONS: u8 = 20;
    const INSTANCES: usize = 6;
    let owner = account(store.as_ref(), "ada@example.org").await;
    let other = account(store.as_ref(), "bob@example.org").await;
    let at = now();
    let mut started = Vec::new();
    for token in 0..SESSIONS {
        let holder = if token % 2 == 0 { owner } else { other };
        let ends = at - Duration::seconds(i64::from(token));
        started.push(start(store.as_ref(), session(holder, token + 10, SessionLifetime::Week, ends)).await);
    }
    let log_before = store.latest_session_event().await.unwrap();
    let racers: Vec<_> = (0..INSTANCES)
        .map(|_| {
            let store = store.clone();
            tokio::spawn(async move { store.end_due_sessions(at).await.unwrap() })
        })
        .collect();
    let mut ended = Vec::new();
    for racer in racers {
        ended.extend(racer.await.unwrap().into_iter().map(|s| s.session_id));
    }
    ended.sort();
    started.sort();
    assert_eq!(ended, started, "every session ended, and by one instance only");
    let logged = store.session_events_after(log_before, 1000).await.unwrap();
    let mut logged: Vec<Uuid> = logged.into_iter().map(|event| event.session_id).collect();
    logged.sort();
    assert_eq!(logged, started, "one sign-out logged for each");
}

async fn a_codes_lifetime_is_recorded_when_allowed_and_given_to_its_session(store: Arc<dyn Store>) {
    let owner = account(store.as_ref(), "ada@example.org").await;
    let at = now();
    let phone =
        start(store.as_ref(), session(owner, 1, SessionLifetime::UntilSignedOut, at + Duration::days(90))).await;
    let grants = store.grants();
    let mut lifetimes = [
        (SessionLifetime::Week, Some(at + Duration::days(7))),
        (SessionLifetime::UntilMorning, Some(at + Duration::hours(9))),
        (SessionLifetime::UntilSignedOut, None),
    ]
    .into_iter();
    for (code, user_code) in [(21u8, "BCDFGHJK"), (22, "BCDFGHJL"), (23, "BCDFGHJM")] {
        let (lifetime, ends_at) = lifetimes.next().unwrap();
        let grant = NewGrant {
            id: Uuid::now_v7(),
            device_code_hash: vec![code; 32],
            user_code: user_code.into(),
            client_id: "hotel-tv".into(),
            device_name: "Hotel TV".into(),
            device_kind: "tv".into(),
            created_at: at,
            expires_at: at + Duration::minutes(10),
            interval_secs: 5,
            requested_ip: None,
            app_device_id: None,
        };
        assert!(grants.create_grant(&grant).await.unwrap());
        let chosen = ChosenLifetime { lifetime, ends_at };
        let allow = GrantDecision::Allow { account_id: owner, session_id: phone, profile_id: None, lifetime: chosen };
        assert!(grants.decide_grant(&marquee::store::Actor::server(), user_code, allow, at).await.unwrap());
        // The device asks for its usual life; what was chosen when allowing wins.
        let tv = NewSession {
            device_code_hash: Some(vec![code; 32]),
            created_at: at,
            ..session(owner, code, SessionLifetime::UntilSignedOut, at + Duration::days(90))
        };
        let record = store.create_session(tv).await.unwrap().expect("the code signs the TV in").record;
        assert_eq!(record.lifetime, lifetime, "{user_code}");
        assert_eq!(record.expires_at, ends_at.unwrap_or(at + Duration::days(90)), "{user_code}");
    }
}

async fn the_account_time_zone_is_kept_with_the_personal_information(store: Arc<dyn Store>) {
    let owner = account(store.as_ref(), "ada@example.org").await;
    assert_eq!(store.account_by_id(owner).await.unwrap().unwrap().time_zone, None, "the server's zone until chosen");
    let info = |time_zone: Option<&str>| PersonalInfo {
        display_name: "Ada".into(),
        phone: None,
        language: "en".into(),
        time_zone: time_zone.map(str::to_string),
    };
    let tokyo = info(Some("Asia/Tokyo"));
    assert!(
        store
            .change_account(&marquee::store::Actor::server(), owner, AccountChange::PersonalInfo(&tokyo))
            .await
            .unwrap()
    );
    assert_eq!(store.account_by_id(owner).await.unwrap().unwrap().time_zone.as_deref(), Some("Asia/Tokyo"));
    // A save that does not name a zone keeps the one chosen.
    let unnamed = info(None);
    assert!(
        store
            .change_account(&marquee::store::Actor::server(), owner, AccountChange::PersonalInfo(&unnamed))
            .await
            .unwrap()
    );
    assert_eq!(store.account_by_id(owner).await.unwrap().unwrap().time_zone.as_deref(), Some("Asia/Tokyo"));
}
