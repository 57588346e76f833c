//! The account activity log in the store, on SQLite and on PostgreSQL: each action writes its entry
//! in its own transaction (an action refused writes none), wrong passwords are counted per address
//! and hour, pages follow each other by cursor, one account never reads another's, and the clean-up
//! deletes only what is past keeping.

use std::sync::Arc;

use marquee::domain::device::DeviceKind;
use marquee::store::grants::{GrantDecision, NewGrant};
use marquee::store::{
    AccountChange, AccountMail, ActivityCategory, ActivityEntry, ActivityKind, ActivityQuery, Actor, AlertMail,
    Cleanup, NewPasswordReset, NewProfile, NewSession, OneTimeLink, SessionRecord, SignOut, Store,
};
use time::{Duration, OffsetDateTime};
use uuid::Uuid;

use crate::store_fixtures::{account, signed_in_device};

crate::on_both_backends!(
    each_action_is_recorded_with_its_device_and_who_asked,
    an_action_refused_leaves_no_entry,
    codes_email_changes_and_resets_are_recorded,
    a_sign_in_past_the_limit_records_the_device_it_pushed_out,
    wrong_passwords_are_one_entry_per_address_and_hour,
    pages_follow_each_other_newest_first_and_stay_in_their_account,
    the_clean_up_deletes_only_entries_past_keeping,
);

fn now() -> OffsetDateTime {
    marquee::clock::now()
}

fn device(account_id: Uuid, hash: u8, name: &str, kind: DeviceKind, at: OffsetDateTime) -> NewSession {
    NewSession {
        device_name: name.into(),
        device_kind: kind,
        ip: Some(format!("192.0.2.{hash}")),
        idle_timeout_secs: 3600 * 24,
        max_per_account: 1000,
        ..signed_in_device(account_id, hash, at)
    }
}

async fn started(store: &dyn Store, session: NewSession) -> SessionRecord {
    store.create_session(session).await.expect("create session").expect("credentials are current").record
}

/// Every entry of the account, newest first (up to 1000).
async fn entries(store: &dyn Store, account_id: Uuid) -> Vec<ActivityEntry> {
    let query = ActivityQuery { account_id, category: None, after: None, limit: 1000, now: now() };
    store.account_activity(query).await.unwrap()
}

fn kinds(entries: &[ActivityEntry]) -> Vec<ActivityKind> {
    entries.iter().map(|entry| entry.kind).collect()
}

fn actor(session: &SessionRecord, address: &str) -> Actor {
    Actor { session_id: Some(session.id), address: Some(address.into()) }
}

async fn each_action_is_recorded_with_its_device_and_who_asked(store: Arc<dyn Store>) {
    let owner = account(store.as_ref(), "ada@example.org").await;
    let at = now();
    let phone = started(store.as_ref(), device(owner, 1, "Parent's phone", DeviceKind::Mobile, at)).await;
    let tv = started(store.as_ref(), device(owner, 2, "Living room TV", DeviceKind::Tv, at)).await;
    let from_phone = actor(&phone, "198.51.100.4");

    let signed_in = entries(store.as_ref(), owner).await;
    assert_eq!(kinds(&signed_in), vec![ActivityKind::SignedIn, ActivityKind::SignedIn]);
    assert_eq!(signed_in[0].device_name.as_deref(), Some("Living room TV"));
    assert_eq!(signed_in[0].device_kind, Some(DeviceKind::Tv));
    assert_eq!(signed_in[0].address.as_deref(), Some("192.0.2.2"), "the address it signed in from");
    assert_eq!(signed_in[0].session_id, Some(tv.id));
    assert!(signed_in.iter().all(|entry| entry.signed_in && entry.by_device.is_none() && entry.count == 1));

    store.record_stream_stopped(&from_phone, owner, tv.id, at).await.unwrap();
    store.revoke_session(&from_phone, owner, tv.id, at).await.unwrap().expect("the TV was signed in");
    let profile =
        NewProfile { account_id: owner, name: "Kids".into(), avatar: "amber".into(), is_kids: true, created_at: at };
    let kids = store.create_profile(profile, 5).await.unwrap().expect("a profile");
    store.set_profile_pin(&from_phone, owner, kids.id, Some("$argon2id$pin"), at).await.unwrap().expect("locked");
    store.catalog().set_profile_maturity(&from_phone, owner, kids.id, 1).await.unwrap();
    store.set_password(&from_phone, owner, "$argon2id$new", SignOut::AllBut(phone.id), at).await.unwrap();
    store.revoke_all_sessions(&from_phone, owner, at).await.unwrap();

    let all = entries(store.as_ref(), owner).await;
    assert_eq!(
        kinds(&all),
        vec![
            ActivityKind::SignedOutEverywhere,
            ActivityKind::PasswordChanged,
            ActivityKind::MaturityChanged,
            ActivityKind::PinChanged,
            ActivityKind::SignedOut,
            ActivityKind::PlaybackStopped,
            ActivityKind::SignedIn,
            ActivityKind::SignedIn,
        ]
    );
    let (stopped, signed_out) = (&all[5], &all[4]);
    for about_the_tv in [stopped, signed_out] {
        assert_eq!(about_the_tv.device_name.as_deref(), Some("Living room TV"));
        assert_eq!(about_the_tv.by_device.as_deref(), Some("Parent's phone"), "{:?}", about_the_tv.kind);
        assert_eq!(about_the_tv.address.as_deref(), Some("198.51.100.4"), "where the asking came from");
        assert!(!about_the_tv.signed_in, "the TV is signed out now");
    }
    assert_eq!(all[3].profile.as_deref(), Some("Kids"));
    assert_eq!(all[2].profile.as_deref(), Some("Kids"));
    for by_itself in &all[..4] {
        assert_eq!(by_itself.device_name.as_deref(), Some("Parent's phone"));
        assert_eq!(by_itself.by_device, None, "a device doing something itself is not another device");
    }
    assert!(all.iter().all(|entry| !entry.signed_in), "every device is signed out now");
}

async fn an_action_refused_leaves_no_entry(store: Arc<dyn Store>) {
    let owner = account(store.as_ref(), "ada@example.org").await;
    let at = now();
    let phone = started(store.as_ref(), device(owner, 1, "Parent's phone", DeviceKind::Mobile, at)).await;
    store.set_password(&Actor::server(), owner, "$argon2id$new", SignOut::Nobody, at).await.unwrap();
    let before = entries(store.as_ref(), owner).await;

    // A sign-in that checked the old password, landing after the change: refused, and not recorded.
    let late = store.create_session(device(owner, 2, "Stranger's laptop", DeviceKind::Browser, at)).await.unwrap();
    assert!(late.is_none(), "the password changed in between");
    // Signing out a device that is not signed in, or another account's: nothing happens.
    let other = account(store.as_ref(), "bob@example.org").await;
    assert!(store.revoke_session(&actor(&phone, "192.0.2.1"), other, phone.id, at).await.unwrap().is_none());
    assert!(store.set_profile_pin(&Actor::server(), other, Uuid::now_v7(), None, at).await.unwrap().is_none());
    assert!(!store.catalog().set_profile_maturity(&Actor::server(), owner, Uuid::now_v7(), 1).await.unwrap());

    assert_eq!(entries(store.as_ref(), owner).await, before, "nothing was written for what did not happen");
    assert!(entries(store.as_ref(), other).await.is_empty());
    assert_eq!(kinds(&before), vec![ActivityKind::PasswordChanged, ActivityKind::SignedIn]);
}

async fn wrong_passwords_are_one_entry_per_address_and_hour(store: Arc<dyn Store>) {
    let owner = account(store.as_ref(), "ada@example.org").await;
    let hour = OffsetDateTime::from_unix_timestamp(now().unix_timestamp() / 3600 * 3600).unwrap();
    for minute in [1, 5, 59] {
        store.record_wrong_password(owner, Some("203.0.113.9"), hour + Duration::minutes(minute)).await.unwrap();
    }
    store.record_wrong_password(owner, Some("198.51.100.4"), hour + Duration::minutes(2)).await.unwrap();
    store.record_wrong_password(owner, Some("203.0.113.9"), hour + Duration::minutes(61)).await.unwrap();

    let found = entries(store.as_ref(), owner).await;
    let counted: Vec<_> = found.iter().map(|entry| (entry.kind, entry.address.as_deref(), entry.count)).collect();
    assert_eq!(
        counted,
        vec![
            (ActivityKind::SignInFailed, Some("203.0.113.9"), 1),
            (ActivityKind::SignInFailed, Some("203.0.113.9"), 3),
            (ActivityKind::SignInFailed, Some("198.51.100.4"), 1),
        ],
        "newest first, one entry per address and hour"
    );
    assert_eq!(found[1].at, hour + Duration::minutes(59), "an entry tells when the latest of its guesses came");
    let sign_ins = ActivityQuery {
        account_id: owner,
        category: Some(ActivityCategory::SignIns),
        after: None,
        limit: 10,
        now: now(),
    };
    assert_eq!(store.account_activity(sign_ins).await.unwrap().len(), 3, "they are sign-ins");
    let watching = ActivityQuery { category: Some(ActivityCategory::Watching), ..sign_ins };
    assert!(store.account_activity(watching).await.unwrap().is_empty());
}

async fn pages_follow_each_other_newest_first_and_stay_in_their_account(store: Arc<dyn Store>) {
    let owner = account(store.as_ref(), "ada@example.org").await;
    let other = account(store.as_ref(), "bob@example.org").await;
    let at = now() - Duration::hours(1);
    // Some in the same second, so the cursor must tell entries of one second apart.
    for n in 0..25u8 {
        let when = at + Duration::seconds(i64::from(n / 3));
        started(store.as_ref(), device(owner, n, &format!("Device {n}"), DeviceKind::Browser, when)).await;
    }
    started(store.as_ref(), device(other, 200, "Bob's phone", DeviceKind::Mobile, at)).await;

    let mut seen: Vec<ActivityEntry> = Vec::new();
    let mut after = None;
    loop {
        let query = ActivityQuery { account_id: owner, category: None, after, limit: 7, now: now() };
        let page = store.account_activity(query).await.unwrap();
        assert!(page.len() <= 7);
        let Some(last) = page.last() else { break };
        after = Some(last.cursor());
        seen.extend(page);
    }
    assert_eq!(seen.len(), 25, "every entry once, across pages");
    let mut names: Vec<String> = seen.iter().map(|entry| entry.device_name.clone().unwrap()).collect();
    assert!(seen.windows(2).all(|pair| (pair[0].at, pair[0].id) > (pair[1].at, pair[1].id)), "newest first");
    names.sort();
    names.dedup();
    assert_eq!(names.len(), 25);
    assert!(!names.contains(&"Bob's phone".to_string()), "another account's entries are never read");
    assert_eq!(entries(store.as_ref(), other).await.len(), 1);
}

async fn the_clean_up_deletes_only_entries_past_keeping(store: Arc<dyn Store>) {
    let owner = account(store.as_ref(), "ada@example.org").await;
    let long_ago = now() - Duration::days(100);
    started(store.as_ref(), device(owner, 1, "Old laptop", DeviceKind::Browser, long_ago)).await;
    store.record_wrong_password(owner, Some("203.0.113.9"), long_ago).await.unwrap();
    started(store.as_ref(), device(owner, 2, "New phone", DeviceKind::Mobile, now())).await;
    let never = OffsetDateTime::UNIX_EPOCH;
    let cleanup = Cleanup {
        sessions_ended_before: never,
        events_before: never,
        throttle_windows_before: never,
        devices_before: never,
        grants_before: never,
        mail_before: never,
        activity_before: now() - Duration::days(90),
        one_time_links_before: never,
    };
    assert_eq!(store.clean_up(cleanup).await.unwrap(), 2, "the two old entries");
    let left = entries(store.as_ref(), owner).await;
    assert_eq!(left.len(), 1);
    assert_eq!(left[0].device_name.as_deref(), Some("New phone"));
    assert_eq!(store.clean_up(cleanup).await.unwrap(), 0, "nothing else is old enough");
}

fn code(user_code: &str, device_code: u8, at: OffsetDateTime) -> NewGrant {
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

async fn codes_email_changes_and_resets_are_recorded(store: Arc<dyn Store>) {
    let owner = account(store.as_ref(), "ada@example.org").await;
    let at = now();
    let phone = started(store.as_ref(), device(owner, 1, "Parent's phone", DeviceKind::Mobile, at)).await;
    let from_phone = actor(&phone, "198.51.100.4");
    let grants = store.grants();
    grants.create_grant(&code("BCDFGHJK", 1, at)).await.unwrap();
    grants.create_grant(&code("CDFGHJKL", 2, at)).await.unwrap();
    let allow = GrantDecision::Allow {
        account_id: owner,
        session_id: phone.id,
        profile_id: None,
        lifetime: Default::default(),
    };
    assert!(grants.decide_grant(&from_phone, "BCDFGHJK", allow, at).await.unwrap());
    assert!(grants.decide_grant(&from_phone, "CDFGHJKL", GrantDecision::Deny { account_id: owner }, at).await.unwrap());
    assert!(!grants.decide_grant(&from_phone, "CDFGHJKL", allow, at).await.unwrap(), "decided already");
    assert!(store.change_account(&from_phone, owner, AccountChange::Email("ada@example.net")).await.unwrap());
    let mail = AccountMail { kind: "password_reset".into(), params: "{}".into() };
    let link = NewPasswordReset {
        token_hash: vec![7; 32],
        email: "ada@example.net".into(),
        now: at,
        expires_at: at + Duration::minutes(30),
        mail: mail.clone(),
    };
    assert!(store.request_password_reset(link).await.unwrap());
    let from_afar = Actor::at_address(Some("203.0.113.9".into()));
    let changed =
        AlertMail { mail, not_me: OneTimeLink { token_hash: vec![8; 32], expires_at: at + Duration::days(7) } };
    assert!(store.reset_password(&from_afar, &[7; 32], "$argon2id$new", changed.clone(), at).await.unwrap().is_some());
    assert!(store.reset_password(&from_afar, &[7; 32], "$argon2id$again", changed, at).await.unwrap().is_none());

    let all = entries(store.as_ref(), owner).await;
    assert_eq!(
        kinds(&all),
        vec![
            ActivityKind::PasswordReset,
            ActivityKind::EmailChanged,
            ActivityKind::TvCodeDenied,
            ActivityKind::TvCodeAllowed,
            ActivityKind::SignedIn,
        ],
        "a link spent once is one reset; a code decided once is one decision"
    );
    assert_eq!((all[0].device_name.as_deref(), all[0].address.as_deref()), (None, Some("203.0.113.9")));
    for by_phone in &all[1..4] {
        assert_eq!(by_phone.device_name.as_deref(), Some("Parent's phone"));
        assert_eq!(by_phone.address.as_deref(), Some("198.51.100.4"));
    }
}

async fn a_sign_in_past_the_limit_records_the_device_it_pushed_out(store: Arc<dyn Store>) {
    let owner = account(store.as_ref(), "ada@example.org").await;
    let at = now();
    let old = started(store.as_ref(), device(owner, 1, "Old laptop", DeviceKind::Browser, at)).await;
    let only_one = NewSession { max_per_account: 1, ..device(owner, 2, "New phone", DeviceKind::Mobile, at) };
    let new = store.create_session(only_one).await.unwrap().expect("signed in");
    assert_eq!(new.signed_out, vec![old.id]);

    let all = entries(store.as_ref(), owner).await;
    assert_eq!(kinds(&all), vec![ActivityKind::SignedOut, ActivityKind::SignedIn, ActivityKind::SignedIn]);
    assert_eq!(all[0].device_name.as_deref(), Some("Old laptop"));
    assert_eq!(all[0].by_device.as_deref(), Some("New phone"));
    assert_eq!(all[0].address.as_deref(), Some("192.0.2.2"), "where the sign-in that pushed it out came from");
    assert!(!all[0].signed_in);
}
