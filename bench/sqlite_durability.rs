//! What `synchronous=FULL` costs on SQLite: sign-ins and sign-outs committed per second with FULL
//! (what Marquee runs) and with NORMAL (what it ran before), on the same disk, one after the other.
//!
//! `cargo run --release --locked --example sqlite_durability` (ROUNDS, default 3; OPS per round, default 400).

use std::time::Instant;

use marquee::domain::device::DeviceKind;
use marquee::store::{NewAccount, NewSession, SqliteStore, Store};
use sqlx::sqlite::SqliteSynchronous;

fn env_number(name: &str, default: usize) -> usize {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

/// Signs a device in and out `ops` times; returns commits per second (two per cycle).
async fn cycles(store: &dyn Store, ops: usize) -> f64 {
    let now = marquee::clock::now();
    let account = store
        .create_account(NewAccount {
            email: format!("{}@example.org", uuid::Uuid::now_v7().simple()),
            display_name: "Bench".into(),
            password_hash: "$argon2id$bench".into(),
            created_at: now,
        })
        .await
        .expect("account");
    let version = store.credentials_by_id(account.id).await.expect("read").expect("account").credential_version;
    let started = Instant::now();
    for _ in 0..ops {
        let session = NewSession {
            account_id: account.id,
            token_hash: uuid::Uuid::now_v7().as_bytes().repeat(2),
            device_name: "Bench".into(),
            device_kind: DeviceKind::Tv,
            remember: true,
            created_at: now,
            ip: None,
            idle_timeout_secs: 3600,
            expires_at: now + time::Duration::days(1),
            credential_version: version,
            max_per_account: 10_000,
            password_verified_at: now,
            device_code_hash: None,
            profile_id: None,
            app_device_id: None,
            lifetime: Default::default(),
            alert: None,
            passkey_id: None,
        };
        let started_session = store.create_session(session).await.expect("sign in").expect("current");
        store
            .revoke_session(&marquee::store::Actor::server(), account.id, started_session.record.id, now)
            .await
            .expect("sign out");
    }
    (2 * ops) as f64 / started.elapsed().as_secs_f64()
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let rounds = env_number("ROUNDS", 3);
    let ops = env_number("OPS", 400);
    let dir = tempfile_dir();
    let mut totals = [(SqliteSynchronous::Full, "FULL", 0.0), (SqliteSynchronous::Normal, "NORMAL", 0.0)];
    for round in 1..=rounds {
        for (mode, name, total) in &mut totals {
            let url = format!("sqlite://{}/{name}-{round}.db", dir.display());
            let store = SqliteStore::connect_with(&url, *mode).await.expect("open");
            let rate = cycles(&store, ops).await;
            println!("round {round}: {name:<6} {rate:>8.0} commits/s");
            *total += rate;
        }
    }
    let full = totals[0].2 / rounds as f64;
    let normal = totals[1].2 / rounds as f64;
    println!("mean: FULL {full:.0} commits/s, NORMAL {normal:.0} commits/s, FULL/NORMAL = {:.2}", full / normal);
    let _ = std::fs::remove_dir_all(&dir);
}

fn tempfile_dir() -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("marquee-durability-{}", uuid::Uuid::now_v7().simple()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}
