//! Changes to an account's details and settings, on SQLite and on PostgreSQL: each form writes only
//! what it changed, so a save from a stale copy of the account cannot undo "ask for my password before
//! a TV is allowed in"; and every change is logged, so other instances drop their cached copies.

use std::sync::Arc;
use std::time::{Duration, Instant};

use marquee::store::{AccountChange, NewAccount, PersonalInfo, Preferences, SessionEventKind, Store};
use uuid::Uuid;

use crate::device_code::{EMAIL, ask_for_code};
use crate::support::{PASSWORD, TestStore, spawn_app_on};
use crate::web_support::WebClient;

crate::on_both_backends!(each_change_writes_only_its_own_fields_and_is_logged);
crate::on_both_test_stores!(
    a_save_on_another_instance_keeps_the_tv_password_setting,
    a_new_name_shows_on_every_instance,
);

async fn each_change_writes_only_its_own_fields_and_is_logged(store: Arc<dyn Store>) {
    let account = store
        .create_account(NewAccount {
            email: "ada@example.org".into(),
            display_name: "Ada".into(),
            password_hash: "$argon2id$placeholder".into(),
            created_at: marquee::clock::now(),
        })
        .await
        .unwrap();
    let before = store.latest_session_event().await.unwrap();

    assert!(
        store
            .change_account(&marquee::store::Actor::server(), account.id, AccountChange::DeviceCodeConfirmation(true))
            .await
            .unwrap()
    );
    let preferences = Preferences { autoplay_next: false, autoplay_previews: true };
    assert!(
        store
            .change_account(&marquee::store::Actor::server(), account.id, AccountChange::Preferences(preferences))
            .await
            .unwrap()
    );
    let info = PersonalInfo {
        display_name: "Ada L.".into(),
        phone: Some("+44 20 7946 0000".into()),
        language: "fr".into(),
        time_zone: None,
    };
    assert!(
        store
            .change_account(&marquee::store::Actor::server(), account.id, AccountChange::PersonalInfo(&info))
            .await
            .unwrap()
    );

    let now = store.account_by_id(account.id).await.unwrap().expect("the account");
    assert!(now.confirm_devices_with_password, "saving preferences left the TV setting as it was");
    assert_eq!((now.autoplay_next, now.autoplay_previews), (false, true));
    assert_eq!((now.display_name.as_str(), now.language.as_str()), ("Ada L.", "fr"));
    assert_eq!(now.email, "ada@example.org", "the email is its own change");

    let logged = store.session_events_after(before, 100).await.unwrap();
    assert_eq!(logged.len(), 3, "one event per change: {logged:?}");
    assert!(logged.iter().all(|e| e.kind == SessionEventKind::AccountChanged && e.account_id == account.id));
    assert!(logged.iter().all(|e| e.session_id.is_nil()), "an account change names no session");

    // Nothing changed, nothing logged.
    assert!(
        !store
            .change_account(
                &marquee::store::Actor::server(),
                Uuid::now_v7(),
                AccountChange::DeviceCodeConfirmation(false)
            )
            .await
            .unwrap()
    );
    assert_eq!(store.latest_session_event().await.unwrap(), logged.last().unwrap().seq);
}

/// Two instances on one database, the phone's session and account cached on both (as behind a
/// round-robin load balancer): the TV setting turned on through one, then preferences saved through
/// the other, which still held the account from before.
async fn a_save_on_another_instance_keeps_the_tv_password_setting(store: TestStore) {
    let elsewhere = TestStore::reopen(&store).await;
    let first = spawn_app_on(store, |_| {}).await;
    let second = spawn_app_on(elsewhere, |_| {}).await;
    first.create_account(EMAIL).await;
    let phone = crate::device_code::phone(&first).await;
    let phone_elsewhere = WebClient::with_http(phone.http.clone(), &second.base);
    assert_eq!(phone_elsewhere.get("/account").await.status, 200, "the other instance holds the session");

    let saved = phone.submit("/account", "/account/device-codes", &[("confirm", "on"), ("password", PASSWORD)]).await;
    assert_eq!(saved.location(), Some("/account?saved=device-codes#tv-codes"));
    let preferences = phone_elsewhere.submit("/account", "/account/preferences", &[("autoplay_next", "on")]).await;
    assert_eq!(preferences.location(), Some("/account?saved=preferences#preferences"));

    let code = ask_for_code(&first, "app").await;
    let confirm = phone.submit("/activate", "/activate", &[("code", code["user_code"].as_str().unwrap())]).await;
    assert!(confirm.body.contains("name=\"password\""), "allowing a TV still asks for the password");
}

/// A new display name saved through one instance is shown by another that cached the account, as
/// soon as that instance hears of the change (NOTIFY on PostgreSQL, the log's poll on SQLite).
async fn a_new_name_shows_on_every_instance(store: TestStore) {
    let elsewhere = TestStore::reopen(&store).await;
    let first = spawn_app_on(store, |_| {}).await;
    let second = spawn_app_on(elsewhere, |_| {}).await;
    first.create_account(EMAIL).await;
    let tv = first.sign_in(EMAIL, "TV", "tv").await;
    let before: serde_json::Value = second.get("/api/v1/account", &tv).await.json().await.unwrap();
    assert_ne!(before["display_name"], "Ada Lovelace");

    let phone = crate::device_code::phone(&first).await;
    let fields = [("name", "Ada Lovelace"), ("phone", ""), ("language", "en")];
    assert_eq!(
        phone.submit("/account", "/account/personal", &fields).await.location(),
        Some("/account?saved=personal#personal")
    );

    // Well within the cache's own 30 s lifetime: the change is heard, not waited out.
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let now: serde_json::Value = second.get("/api/v1/account", &tv).await.json().await.unwrap();
        if now["display_name"] == "Ada Lovelace" {
            break;
        }
        assert!(Instant::now() < deadline, "the other instance still shows {now}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}
