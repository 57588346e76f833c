//! How long "sign out" takes to be true everywhere: two Marquee instances on one PostgreSQL
//! database, as behind a load balancer. A TV is signed in on instance B with an open event
//! stream; a phone on instance A signs it out. Measured from the moment A answers 204:
//! - `refused`: until B refuses the TV's next request (polled as fast as requests go);
//! - `pushed`: until the TV's open event stream on B receives `signed-out`.
//!
//! Run: `cargo run --release --example revocation_latency` (needs PostgreSQL; set
//! `MARQUEE_BENCH_DATABASE_URL`, default `postgres://postgres@127.0.0.1:5432/postgres`).

use std::time::{Duration, Instant};

use marquee::settings::Settings;
use serde_json::{Value, json};
use sqlx::Connection;

const ROUNDS: usize = 30;
const PASSWORD: &str = "latency bench passphrase 2026";

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let admin = std::env::var("MARQUEE_BENCH_DATABASE_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into());
    let url = fresh_database(&admin).await?;
    let a = start(&url).await?;
    let b = start(&url).await?;
    let store = marquee::store::connect(&url).await?;
    marquee::accounts::register(
        store.as_ref(),
        &marquee::auth::PasswordHasher::new(1),
        "bench@example.org",
        PASSWORD,
        None,
    )
    .await?;
    let http = reqwest::Client::new();

    let (mut refused, mut pushed) = (Vec::new(), Vec::new());
    for _ in 0..ROUNDS {
        let tv = sign_in(&http, &b, "tv").await?;
        let phone = sign_in(&http, &a, "mobile").await?;
        // Warm B's cache for the TV, and open the TV's event stream on B.
        assert_eq!(http.get(format!("{b}/api/v1/account")).bearer_auth(&tv).send().await?.status(), 200);
        let mut stream = http.get(format!("{b}/api/v1/events")).bearer_auth(&tv).send().await?;
        let sessions: Vec<Value> =
            http.get(format!("{a}/api/v1/sessions")).bearer_auth(&phone).send().await?.json().await?;
        let tv_id =
            sessions.iter().find(|s| s["device_kind"] == "tv").and_then(|s| s["id"].as_str()).unwrap().to_string();

        let listen = tokio::spawn(async move {
            let mut seen = String::new();
            while let Ok(Some(chunk)) = stream.chunk().await {
                seen.push_str(&String::from_utf8_lossy(&chunk));
                if seen.contains("signed-out") {
                    return Some(Instant::now());
                }
            }
            None
        });
        let revoke = http.delete(format!("{a}/api/v1/sessions/{tv_id}")).bearer_auth(&phone).send().await?;
        anyhow::ensure!(revoke.status() == 204, "revocation failed: {}", revoke.status());
        let answered = Instant::now();
        loop {
            let status = http.get(format!("{b}/api/v1/account")).bearer_auth(&tv).send().await?.status();
            if status == 401 {
                refused.push(answered.elapsed());
                break;
            }
            anyhow::ensure!(answered.elapsed() < Duration::from_secs(5), "instance B never refused the TV");
        }
        let pushed_at = tokio::time::timeout(Duration::from_secs(5), listen).await??.expect("signed-out event");
        pushed.push(pushed_at.saturating_duration_since(answered));
        http.delete(format!("{a}/api/v1/sessions/current")).bearer_auth(&phone).send().await?;
    }
    report("refused by the other instance", &mut refused);
    report("signed-out pushed by the other instance", &mut pushed);
    drop_database(&admin, &url).await
}

async fn start(url: &str) -> anyhow::Result<String> {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let address = listener.local_addr()?;
    let settings = Settings::new(address, url.to_string());
    tokio::spawn(marquee::launch(settings, listener, std::future::pending()));
    let base = format!("http://{address}");
    for _ in 0..100 {
        if reqwest::get(format!("{base}/healthz")).await.is_ok() {
            return Ok(base);
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    anyhow::bail!("instance at {base} did not start")
}

async fn sign_in(http: &reqwest::Client, base: &str, kind: &str) -> anyhow::Result<String> {
    let body = json!({"email": "bench@example.org", "password": PASSWORD, "device_name": kind, "device_kind": kind});
    let answer: Value = http.post(format!("{base}/api/v1/sessions")).json(&body).send().await?.json().await?;
    Ok(answer["token"].as_str().unwrap_or_default().to_string())
}

async fn fresh_database(admin_url: &str) -> anyhow::Result<String> {
    let mut admin = sqlx::PgConnection::connect(admin_url).await?;
    let name = format!("marquee_bench_{}", uuid::Uuid::new_v4().simple());
    sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}"))).execute(&mut admin).await?;
    let base = admin_url.rsplit_once('/').map_or(admin_url, |(base, _)| base);
    Ok(format!("{base}/{name}"))
}

/// Removes the scratch database; `FORCE` ends the two instances' pooled connections to it.
async fn drop_database(admin_url: &str, url: &str) -> anyhow::Result<()> {
    let name = url.rsplit_once('/').map_or(url, |(_, name)| name);
    let mut admin = sqlx::PgConnection::connect(admin_url).await?;
    sqlx::query(sqlx::AssertSqlSafe(format!("DROP DATABASE {name} WITH (FORCE)"))).execute(&mut admin).await?;
    Ok(())
}

fn report(what: &str, samples: &mut [Duration]) {
    samples.sort();
    let at = |q: f64| samples[((samples.len() - 1) as f64 * q).round() as usize];
    println!(
        "{what}: median {:.1} ms, p90 {:.1} ms, max {:.1} ms ({} rounds)",
        at(0.5).as_secs_f64() * 1000.0,
        at(0.9).as_secs_f64() * 1000.0,
        at(1.0).as_secs_f64() * 1000.0,
        samples.len()
    );
}
