//! The once-a-second poll alone, with no notification ever heard: every kind of revocation made
//! elsewhere (another instance, the command line) is refused within the poll interval, also when
//! its transaction committed late. On SQLite and on PostgreSQL.

use std::time::{Duration, Instant};

use marquee::store::SignOut;
use sqlx::Connection;
use uuid::Uuid;

use crate::support::{TestApp, TestStore, spawn_app_on, sqlite_store};

crate::on_both_test_stores!(
    a_sign_out_elsewhere_is_polled,
    signing_out_everywhere_elsewhere_is_polled,
    a_password_change_elsewhere_is_polled,
    an_account_deleted_elsewhere_is_polled,
    a_revocation_committed_late_is_still_polled,
);

/// An instance that never hears notifications, with a TV whose session it has cached.
struct Deaf {
    app: TestApp,
    /// The same database as another process sees it.
    elsewhere: TestStore,
    account_id: Uuid,
    tv: String,
    tv_session: Uuid,
}

async fn deaf_instance(store: TestStore) -> Deaf {
    let elsewhere = TestStore::reopen(&store).await;
    let app = spawn_app_on(store, |settings| settings.revocation_notifications = false).await;
    let account_id = app.create_account("ada@example.org").await.id;
    let tv = app.sign_in("ada@example.org", "TV", "tv").await;
    let me: serde_json::Value = app.get("/api/v1/sessions", &tv).await.json().await.unwrap();
    let tv_session = me[0]["id"].as_str().unwrap().parse().unwrap();
    assert_eq!(app.get("/api/v1/account", &tv).await.status(), 200, "now cached");
    Deaf { app, elsewhere, account_id, tv, tv_session }
}

impl Deaf {
    /// The TV is refused within the poll interval (and a margin for a busy machine) from `since`.
    async fn assert_refused_soon(&self, since: Instant) {
        while self.app.get("/api/v1/account", &self.tv).await.status() != 401 {
            assert!(since.elapsed() < Duration::from_secs(4), "the revocation was never applied");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
}

fn now() -> time::OffsetDateTime {
    marquee::clock::now()
}

async fn a_sign_out_elsewhere_is_polled(store: TestStore) {
    let deaf = deaf_instance(store).await;
    deaf.elsewhere
        .revoke_session(&marquee::store::Actor::server(), deaf.account_id, deaf.tv_session, now())
        .await
        .unwrap();
    deaf.assert_refused_soon(Instant::now()).await;
}

async fn signing_out_everywhere_elsewhere_is_polled(store: TestStore) {
    let deaf = deaf_instance(store).await;
    deaf.elsewhere.revoke_all_sessions(&marquee::store::Actor::server(), deaf.account_id, now()).await.unwrap();
    deaf.assert_refused_soon(Instant::now()).await;
}

async fn a_password_change_elsewhere_is_polled(store: TestStore) {
    let deaf = deaf_instance(store).await;
    deaf.elsewhere
        .set_password(&marquee::store::Actor::server(), deaf.account_id, "$argon2id$new", SignOut::Everyone, now())
        .await
        .unwrap();
    deaf.assert_refused_soon(Instant::now()).await;
}

async fn an_account_deleted_elsewhere_is_polled(store: TestStore) {
    let deaf = deaf_instance(store).await;
    // The sessions' rows go with the account; their revocations stay in the log.
    deaf.elsewhere.delete_account(deaf.account_id, now()).await.unwrap();
    deaf.assert_refused_soon(Instant::now()).await;
}

/// Another client holds the TV's row (PostgreSQL) or the whole database (SQLite) for 5 s, so the
/// revoking transaction commits 5 s after it started: longer than any time-window poll would look back.
async fn a_revocation_committed_late_is_still_polled(store: TestStore) {
    let url = store.url.clone();
    let deaf = deaf_instance(store).await;
    let (held, release) = tokio::sync::oneshot::channel::<()>();
    let (locked, is_locked) = tokio::sync::oneshot::channel::<()>();
    let session = deaf.tv_session;
    let blocker = tokio::spawn(async move {
        if url.starts_with("sqlite:") {
            let mut connection = sqlx::SqliteConnection::connect(&url).await.unwrap();
            sqlx::query("BEGIN IMMEDIATE").execute(&mut connection).await.unwrap();
            let _ = locked.send(());
            let _ = release.await;
            sqlx::query("COMMIT").execute(&mut connection).await.unwrap();
        } else {
            let mut connection = sqlx::PgConnection::connect(&url).await.unwrap();
            let mut tx = connection.begin().await.unwrap();
            sqlx::query("SELECT id FROM sessions WHERE id = $1 FOR UPDATE")
                .bind(session)
                .execute(&mut *tx)
                .await
                .unwrap();
            let _ = locked.send(());
            let _ = release.await;
            tx.commit().await.unwrap();
        }
    });
    is_locked.await.unwrap();
    let elsewhere = TestStore::reopen(&deaf.elsewhere).await;
    let account_id = deaf.account_id;
    let revoking = tokio::spawn(async move {
        elsewhere.revoke_session(&marquee::store::Actor::server(), account_id, session, now()).await.unwrap()
    });
    tokio::time::sleep(Duration::from_secs(5)).await;
    assert_eq!(deaf.app.get("/api/v1/account", &deaf.tv).await.status(), 200, "not revoked yet: still held");
    let _ = held.send(());
    let revoked = revoking.await.unwrap();
    assert_eq!(revoked, Some(session));
    deaf.assert_refused_soon(Instant::now()).await;
    blocker.await.unwrap();
}

#[tokio::test]
async fn sqlite_commits_are_durable_on_power_loss() {
    let store = sqlite_store().await;
    let sqlite = marquee::store::SqliteStore::connect(&store.url).await.unwrap();
    assert_eq!(sqlite.synchronous_level().await.unwrap(), 2, "synchronous=FULL");
}

/// Whoever hears of a revocation first (an event stream, say, that then tells its device) finds it
/// already refused by this instance: the session cache applies each notice before it is broadcast.
/// Here the listener was waiting before the instance's own background work started, so it is the
/// first to be woken when the poll brings the news.
#[tokio::test]
async fn a_polled_revocation_is_refused_before_anyone_hears_of_it() {
    let store = sqlite_store().await;
    let elsewhere = TestStore::reopen(&store).await;
    let policy = marquee::settings::SessionPolicy::default();
    let sessions =
        std::sync::Arc::new(marquee::auth::Sessions::new(store.store.clone(), policy, Duration::from_secs(900)));
    let hasher = marquee::auth::PasswordHasher::new(1);
    marquee::accounts::register(store.store.as_ref(), &hasher, "ada@example.org", crate::support::PASSWORD, None)
        .await
        .unwrap();
    let found = store.credentials_by_email("ada@example.org").await.unwrap().unwrap();
    let account_id = found.account.id;
    let verified = marquee::auth::Verified {
        account: found.account,
        credential_version: found.credential_version,
        known_device: true,
    };
    let request = marquee::auth::SessionRequest {
        device_name: "TV".into(),
        device_kind: marquee::domain::device::DeviceKind::Tv,
        remember: true,
        ip: None,
        proof: marquee::auth::Proof::Password,
        lifetime: Default::default(),
        alert_origin: None,
    };
    let (token, _) = sessions.start(&verified, request).await.unwrap();
    let hash = marquee::auth::token::hash_presented(&token).unwrap();
    assert!(sessions.authenticate(&hash, None).await.unwrap().is_some(), "live, and now cached");

    // A task of its own, so the scheduler runs it in the order it is woken.
    let listening = sessions.clone();
    let first_to_hear = tokio::spawn(async move {
        let notice = listening.notices().recv().await.unwrap();
        (notice, listening.authenticate(&hash, None).await.unwrap().is_none())
    });
    tokio::time::sleep(Duration::from_millis(100)).await;
    let background = sessions.spawn_background(false);
    // The poll notes where the log stands before the revocation.
    tokio::time::sleep(Duration::from_millis(300)).await;
    elsewhere.revoke_all_sessions(&marquee::store::Actor::server(), account_id, now()).await.unwrap();
    let (notice, refused) =
        tokio::time::timeout(Duration::from_secs(5), first_to_hear).await.expect("the poll brings it").unwrap();
    assert!(matches!(notice, marquee::revocation::Notice::Revoked(_)), "{notice:?}");
    assert!(refused, "the session must be refused by the time anyone hears of its revocation");
    for task in background {
        task.abort();
    }
}
