//! The store's "Not you?" links, new-device alerts and email changes, on SQLite and PostgreSQL: an
//! alert is stored only with its session; a link is spent once (of many at once, one wins), signs
//! every device out in one epoch move and leaves a reset link for the account as it is then; an email
//! change applies once and only while the account is as it was asked with.

use std::sync::Arc;

use marquee::store::{
    AccountMail, ActivityKind, ActivityQuery, AlertMail, Cleanup, EmailChangeRefusal, NewEmailChange, NewMail,
    NewSession, OneTimeLink, SignOut, Store,
};
use time::{Duration, OffsetDateTime};
use uuid::Uuid;

use crate::store_fixtures::{account, signed_in_device};

crate::on_both_backends!(
    an_alert_is_queued_only_with_its_session,
    a_not_me_link_is_spent_once_and_leaves_a_reset_for_the_new_epoch,
    an_email_change_applies_once_and_only_while_the_account_is_as_it_was,
    expired_links_are_cleaned_up_and_live_ones_kept,
);

fn now() -> OffsetDateTime {
    marquee::clock::now()
}

fn link(byte: u8, expires_at: OffsetDateTime) -> OneTimeLink {
    OneTimeLink { token_hash: vec![byte; 32], expires_at }
}

/// Whoever holds a link: no session, an address.
fn holder() -> marquee::store::Actor {
    marquee::store::Actor::at_address(Some("203.0.113.9".into()))
}

/// How many entries of `kind` the account's activity holds.
async fn recorded(store: &dyn Store, account_id: Uuid, kind: ActivityKind) -> usize {
    let query = ActivityQuery { account_id, category: None, after: None, limit: 1000, now: now() };
    store.account_activity(query).await.unwrap().iter().filter(|entry| entry.kind == kind).count()
}

fn alert(byte: u8) -> AlertMail {
    AlertMail {
        mail: AccountMail { kind: "new_sign_in".into(), params: "{}".into() },
        not_me: link(byte, now() + Duration::days(7)),
    }
}

fn session(account_id: Uuid, token: u8, version: i64, alert: Option<AlertMail>) -> NewSession {
    let at = now();
    NewSession {
        idle_timeout_secs: 3600,
        expires_at: at + Duration::days(30),
        credential_version: version,
        alert,
        ..signed_in_device(account_id, token, at)
    }
}

async fn an_alert_is_queued_only_with_its_session(store: Arc<dyn Store>) {
    let owner = account(store.as_ref(), "ada@example.org").await;
    let refused = store.create_session(session(owner, 1, 7, Some(alert(1)))).await.unwrap();
    assert!(refused.is_none(), "a stale credential version starts nothing");
    assert_eq!(store.unsent_mail_count().await.unwrap(), 0, "and queues nothing");
    assert!(store.not_me_link_for(&[1; 32], now()).await.unwrap().is_none(), "nor stores its link");
    store.create_session(session(owner, 2, 1, Some(alert(2)))).await.unwrap().expect("started");
    assert_eq!(store.unsent_mail_count().await.unwrap(), 1);
    let found = store.not_me_link_for(&[2; 32], now()).await.unwrap().expect("the link works");
    assert_eq!((found.account_id, found.email.as_str()), (owner, "ada@example.org"));
}

async fn a_not_me_link_is_spent_once_and_leaves_a_reset_for_the_new_epoch(store: Arc<dyn Store>) {
    let owner = account(store.as_ref(), "ada@example.org").await;
    let other = account(store.as_ref(), "bob@example.org").await;
    let phone = store.create_session(session(owner, 1, 1, Some(alert(1)))).await.unwrap().unwrap().record;
    let bobs = store.create_session(session(other, 2, 1, None)).await.unwrap().unwrap().record;
    let at = now();
    assert!(
        store.use_not_me_link(&holder(), &[1; 32], link(50, at), at + Duration::days(8)).await.unwrap().is_none(),
        "expired"
    );
    assert!(store.use_not_me_link(&holder(), &[9; 32], link(51, at), at).await.unwrap().is_none(), "unknown");
    // Six uses at once: one signs the account out and stores its reset link, the rest find it spent.
    let uses = (0..6u8).map(|n| {
        let store = store.clone();
        async move {
            store.use_not_me_link(&holder(), &[1; 32], link(60 + n, at + Duration::minutes(30)), at).await.unwrap()
        }
    });
    let done: Vec<_> = futures_util::future::join_all(uses).await.into_iter().flatten().collect();
    assert_eq!(done.len(), 1, "one use wins");
    assert_eq!((done[0].account_id, done[0].signed_out.clone()), (owner, vec![phone.id]));
    assert!(store.live_session_by_token_hash(&[1; 32]).await.unwrap().is_none());
    assert!(store.live_session_by_token_hash(&[2; 32]).await.unwrap().is_some(), "another account is untouched");
    assert_eq!(bobs.account_id, other);
    assert!(store.not_me_link_for(&[1; 32], at).await.unwrap().is_none(), "spent");
    let resets: Vec<_> = futures_util::future::join_all((0..6u8).map(|n| {
        let store = store.clone();
        async move { store.password_reset_for(&[60 + n; 32], at).await.unwrap() }
    }))
    .await
    .into_iter()
    .flatten()
    .collect();
    assert_eq!(resets.len(), 1, "only the winner's reset link was stored, and it works in the new epoch");
    assert_eq!(resets[0].account_id, owner);
    assert_eq!(recorded(store.as_ref(), owner, ActivityKind::SignedOutEverywhere).await, 1, "in the activity once");
    assert_eq!(recorded(store.as_ref(), other, ActivityKind::SignedOutEverywhere).await, 0);
}

async fn an_email_change_applies_once_and_only_while_the_account_is_as_it_was(store: Arc<dyn Store>) {
    let owner = account(store.as_ref(), "ada@example.org").await;
    account(store.as_ref(), "taken@example.org").await;
    let at = now();
    let change = |byte: u8, new_email: &str| NewEmailChange {
        account_id: owner,
        new_email: new_email.into(),
        link: link(byte, at + Duration::hours(24)),
        confirm: NewMail {
            kind: "email_confirm".into(),
            recipient: new_email.into(),
            language: "en".into(),
            params: "{}".into(),
        },
        tell_old: alert(byte + 100),
        now: at,
    };
    let taken = store.request_email_change(change(1, "taken@example.org")).await;
    assert!(matches!(taken, Err(marquee::store::StoreError::Conflict(_))), "{taken:?}");
    assert_eq!(store.unsent_mail_count().await.unwrap(), 0, "nothing queued for a taken address");

    assert!(store.request_email_change(change(2, "ada@lovelace.example")).await.unwrap());
    assert_eq!(store.unsent_mail_count().await.unwrap(), 2, "the link to the new address, the word to the old");
    assert_eq!(store.email_change_for(&[2; 32], at).await.unwrap().as_deref(), Some("ada@lovelace.example"));
    assert_eq!(store.account_by_id(owner).await.unwrap().unwrap().email, "ada@example.org", "not yet");
    let late = store.confirm_email_change(&holder(), &[2; 32], at + Duration::hours(25)).await.unwrap();
    assert_eq!(late.unwrap_err(), EmailChangeRefusal::DeadLink, "expired");
    let uses = (0..4).map(|_| {
        let store = store.clone();
        async move { store.confirm_email_change(&holder(), &[2; 32], at).await.unwrap() }
    });
    let results = futures_util::future::join_all(uses).await;
    assert_eq!(results.iter().filter(|r| r.is_ok()).count(), 1, "one use wins: {results:?}");
    let changed = results.into_iter().find_map(Result::ok).unwrap();
    assert_eq!((changed.old_email.as_str(), changed.new_email.as_str()), ("ada@example.org", "ada@lovelace.example"));
    let credentials = store.credentials_by_id(owner).await.unwrap().unwrap();
    assert_eq!(credentials.account.email, "ada@lovelace.example");
    assert_eq!(credentials.credential_version, 2, "sign-ins that verified the old email cannot land");
    assert_eq!(recorded(store.as_ref(), owner, ActivityKind::EmailChanged).await, 1, "in the activity once");

    // Asked, then the password changed: refused, and stays so.
    assert!(store.request_email_change(change(3, "ada@analytical.example")).await.unwrap());
    store.set_password(&marquee::store::Actor::server(), owner, "$argon2id$other", SignOut::Nobody, at).await.unwrap();
    assert!(store.email_change_for(&[3; 32], at).await.unwrap().is_none());
    let refused = store.confirm_email_change(&holder(), &[3; 32], at).await.unwrap();
    assert_eq!(refused.unwrap_err(), EmailChangeRefusal::AccountChanged);
    assert_eq!(store.account_by_id(owner).await.unwrap().unwrap().email, "ada@lovelace.example");
}

async fn expired_links_are_cleaned_up_and_live_ones_kept(store: Arc<dyn Store>) {
    let owner = account(store.as_ref(), "ada@example.org").await;
    let at = now();
    let short = AlertMail { not_me: link(1, at + Duration::hours(1)), ..alert(1) };
    store.create_session(session(owner, 1, 1, Some(short))).await.unwrap().expect("started");
    store.create_session(session(owner, 2, 1, Some(alert(2)))).await.unwrap().expect("started");
    let long_ago = OffsetDateTime::UNIX_EPOCH;
    let cleanup = Cleanup {
        sessions_ended_before: long_ago,
        events_before: long_ago,
        throttle_windows_before: long_ago,
        devices_before: long_ago,
        grants_before: long_ago,
        mail_before: long_ago,
        one_time_links_before: at + Duration::hours(2),
        activity_before: long_ago,
    };
    assert_eq!(store.clean_up(cleanup).await.unwrap(), 1, "only the expired link goes");
    assert!(store.not_me_link_for(&[2; 32], at).await.unwrap().is_some(), "the live one stays");
    assert!(store.not_me_link_for(&[1; 32], at).await.unwrap().is_none());
}
