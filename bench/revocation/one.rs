//! Signing one device out from another instance: two Marquee instances on one PostgreSQL database.
//! In each round a TV is signed in on instance B with an open event stream; a phone on instance A
//! signs it out (`DELETE /api/v1/sessions/{id}`). Measured from the moment A answers 204:
//! - `refused`: until B refuses the TV's next request (polled as fast as requests go);
//! - `pushed`: until the TV's open event stream on B receives `signed-out`.

use std::time::{Duration, Instant};

use anyhow::Context as _;
use serde_json::{Value, json};

use crate::fixture::{EMAIL, Fixture};
use crate::instances::{self, Instance, PgScratch};
use crate::stats;

const ROUNDS: usize = 30;

pub async fn run() -> anyhow::Result<()> {
    let scratch = PgScratch::create(&instances::admin_url()).await?;
    let measured = measure(&scratch.url).await;
    scratch.drop_now().await?;
    measured
}

async fn measure(url: &str) -> anyhow::Result<()> {
    let work = tempfile::tempdir()?;
    let fixture = Fixture::new(url).await?;
    let config = work.path().join("policy.toml");
    std::fs::write(&config, instances::POLICY)?;
    let a = Instance::start(url, &config, &work.path().join("a.log")).await?;
    let b = Instance::start(url, &config, &work.path().join("b.log")).await?;
    let (a, b) = (a.base(), b.base());
    let http = reqwest::Client::new();

    let (mut refused, mut pushed) = (Vec::new(), Vec::new());
    for _ in 0..ROUNDS {
        let tv = sign_in(&http, &b, "tv").await?;
        let phone = sign_in(&http, &a, "mobile").await?;
        // Warm B's cache for the TV, and open the TV's event stream on B.
        let warm = http.get(format!("{b}/api/v1/account")).bearer_auth(&tv).send().await?;
        anyhow::ensure!(warm.status() == 200, "the TV's token does not work: {}", warm.status());
        let mut stream = http.get(format!("{b}/api/v1/events")).bearer_auth(&tv).send().await?;
        let sessions: Vec<Value> =
            http.get(format!("{a}/api/v1/sessions")).bearer_auth(&phone).send().await?.json().await?;
        let tv_id = sessions
            .iter()
            .find(|s| s["device_kind"] == "tv")
            .and_then(|s| s["id"].as_str())
            .context("the TV in the device list")?
            .to_string();

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
        let pushed_at = tokio::time::timeout(Duration::from_secs(5), listen).await??.context("no signed-out event")?;
        pushed.push(pushed_at.saturating_duration_since(answered));
        http.delete(format!("{a}/api/v1/sessions/current")).bearer_auth(&phone).send().await?;
    }
    drop(fixture);
    println!("{}", stats::line("refused by the other instance", &refused));
    println!("{}", stats::line("signed-out pushed by the other instance", &pushed));
    Ok(())
}

async fn sign_in(http: &reqwest::Client, base: &str, kind: &str) -> anyhow::Result<String> {
    let body = json!({"email": EMAIL, "password": crate::fixture::PASSWORD, "device_name": kind, "device_kind": kind});
    let answer: Value = http.post(format!("{base}/api/v1/sessions")).json(&body).send().await?.json().await?;
    Ok(answer["token"].as_str().unwrap_or_default().to_string())
}
