//! What a distributed flood of wrong passwords costs everyone else: a release `marquee serve` on a
//! fresh SQLite data directory gets wrong-password sign-ins from 64 loopback addresses at once for
//! 8 seconds, while a signed-in user keeps asking for `GET /api/v1/account`. Reports the user's
//! latencies (p50, p99, max), the number of hashes done (401 answers) and the server's peak
//! resident memory (`VmHWM`), and checks them against the targets: p99 < 50 ms, peak < 150 MiB.
//!
//! Run: `bash bench/flood.sh` (builds the server and this example in release mode first).
//! `MARQUEE_BIN` names the server binary (default `target/release/marquee`).

use std::net::{IpAddr, Ipv4Addr};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use server::{Server, create_account, load_average, ms, percentiles, server_binary, verdict};

#[path = "support/server.rs"]
mod server;

/// How long the flood lasts.
const FLOOD: Duration = Duration::from_secs(8);
/// Flooding clients, one per source address 127.0.0.2 ..= 127.0.0.65, one request in flight each.
const ADDRESSES: u8 = 64;
/// The signed-in user asks for its account this often.
const USER_EVERY: Duration = Duration::from_millis(20);
/// Longer than the server's 20 s queue timeout, so every request gets the server's own answer.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);
const P99_TARGET: Duration = Duration::from_millis(50);
const PEAK_RSS_TARGET_KIB: u64 = 150 * 1024;

const EMAIL: &str = "flood-bench@example.org";
const PASSWORD: &str = "flood bench passphrase that is long enough";

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let bin = server_binary()?;
    let data = tempfile::tempdir()?;
    create_account(&bin, data.path(), EMAIL, PASSWORD)?;
    let mut server = Server::start(&bin, data.path(), &[])?;
    let base = server.base.clone();
    server.wait_until_up().await?;

    let user = reqwest::Client::builder().timeout(REQUEST_TIMEOUT).build()?;
    let token = sign_in(&user, &base).await?;
    let check = user.get(format!("{base}/api/v1/account")).bearer_auth(&token).send().await?;
    anyhow::ensure!(check.status() == 200, "the signed-in user's token does not work: {}", check.status());
    let before = memory(server.pid())?;

    println!(
        "sign-in flood: {ADDRESSES} addresses for {} s, signed-in user every {} ms; {} cores, load average {}",
        FLOOD.as_secs(),
        USER_EVERY.as_millis(),
        std::thread::available_parallelism().map_or(0, usize::from),
        load_average()
    );
    let started = Instant::now();
    let deadline = started + FLOOD;
    let counts = Arc::new(Counts::default());
    let stop_sampling = Arc::new(AtomicBool::new(false));
    let sampler = tokio::spawn(sample_rss(server.pid(), stop_sampling.clone()));
    let flooders: Vec<_> = (0..ADDRESSES)
        .map(|i| {
            let address = IpAddr::V4(Ipv4Addr::new(127, 0, 0, 2 + i));
            tokio::spawn(flood(address, base.clone(), deadline, counts.clone()))
        })
        .collect();
    let latencies = signed_in_user(&user, &base, &token, deadline).await?;
    for flooder in flooders {
        flooder.await??;
    }
    let flood_took = started.elapsed();
    stop_sampling.store(true, Ordering::Relaxed);
    let sampled_peak_kib = sampler.await?;
    let after = memory(server.pid())?;
    anyhow::ensure!(server.is_running()?, "the server died during the flood");

    let unauthorized = counts.unauthorized.load(Ordering::Relaxed);
    let throttled = counts.throttled.load(Ordering::Relaxed);
    let busy = counts.busy.load(Ordering::Relaxed);
    let unexpected = counts.unexpected.load(Ordering::Relaxed);
    println!(
        "flood: {unauthorized} hashes done (401), {throttled} throttled (429), {busy} busy (503), \
         {unexpected} unexpected; last answer after {:.1} s",
        flood_took.as_secs_f64()
    );
    let (p50, p99, max) = percentiles(latencies.clone());
    println!(
        "signed-in user: {} requests, p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms",
        latencies.len(),
        ms(p50),
        ms(p99),
        ms(max)
    );
    println!(
        "server memory: {} MiB resident before the flood, {} MiB after; highest sample {} MiB; \
         peak (VmHWM) {} MiB; threads {} -> {}",
        mib(before.rss_kib),
        mib(after.rss_kib),
        mib(sampled_peak_kib),
        mib(after.peak_kib),
        before.threads,
        after.threads
    );

    let p99_met = p99 < P99_TARGET;
    let memory_met = after.peak_kib < PEAK_RSS_TARGET_KIB;
    let answers_met = unexpected == 0 && unauthorized > 0;
    println!("{} signed-in user's p99 < {} ms", verdict(p99_met), P99_TARGET.as_millis());
    println!("{} server's peak RSS < {} MiB", verdict(memory_met), PEAK_RSS_TARGET_KIB / 1024);
    println!("{} every flood answer was 401, 429 or 503, and some were 401", verdict(answers_met));
    // Stop the server and remove its data directory before a failing exit skips destructors.
    drop(server);
    drop(data);
    if !(p99_met && memory_met && answers_met) {
        std::process::exit(1);
    }
    Ok(())
}

#[derive(Default)]
struct Counts {
    unauthorized: AtomicU64,
    throttled: AtomicU64,
    busy: AtomicU64,
    unexpected: AtomicU64,
}

/// One client address sending wrong passwords for unknown emails, one at a time, until the deadline.
/// Unknown emails cost the same hash as real ones and are not held back by the per-account limit.
async fn flood(address: IpAddr, base: String, deadline: Instant, counts: Arc<Counts>) -> anyhow::Result<()> {
    let client = reqwest::Client::builder().local_address(address).timeout(REQUEST_TIMEOUT).build()?;
    let run = uuid::Uuid::now_v7().simple().to_string();
    let mut n = 0u64;
    while Instant::now() < deadline {
        n += 1;
        let body = json!({
            "email": format!("nobody-{run}-{n}@example.org"),
            "password": "not the password, but long enough",
            "device_name": "flood",
            "device_kind": "other",
        });
        let counter = match client.post(format!("{base}/api/v1/sessions")).json(&body).send().await {
            Ok(response) => match response.status().as_u16() {
                401 => &counts.unauthorized,
                429 => &counts.throttled,
                503 => &counts.busy,
                other => {
                    eprintln!("{address}: unexpected status {other}");
                    &counts.unexpected
                }
            },
            Err(error) => {
                eprintln!("{address}: request failed: {error}");
                &counts.unexpected
            }
        };
        counter.fetch_add(1, Ordering::Relaxed);
    }
    Ok(())
}

/// The signed-in user's `GET /api/v1/account`, at a steady pace, timed from send to full body.
async fn signed_in_user(
    client: &reqwest::Client,
    base: &str,
    token: &str,
    deadline: Instant,
) -> anyhow::Result<Vec<Duration>> {
    let mut latencies = Vec::new();
    let mut tick = tokio::time::interval(USER_EVERY);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    while Instant::now() < deadline {
        tick.tick().await;
        let sent = Instant::now();
        let response = client.get(format!("{base}/api/v1/account")).bearer_auth(token).send().await?;
        let status = response.status();
        response.bytes().await?;
        latencies.push(sent.elapsed());
        anyhow::ensure!(status == 200, "the signed-in user got {status}");
    }
    Ok(latencies)
}

/// Samples the server's resident memory until told to stop; the true peak is `VmHWM`.
async fn sample_rss(pid: u32, stop: Arc<AtomicBool>) -> u64 {
    let mut peak = 0;
    while !stop.load(Ordering::Relaxed) {
        if let Ok(now) = memory(pid) {
            peak = peak.max(now.rss_kib);
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    peak
}

struct Memory {
    rss_kib: u64,
    peak_kib: u64,
    threads: u64,
}

fn memory(pid: u32) -> anyhow::Result<Memory> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status"))?;
    let field = |name: &str| -> anyhow::Result<u64> {
        let line = status
            .lines()
            .find_map(|line| line.strip_prefix(name))
            .ok_or_else(|| anyhow::anyhow!("no {name} in /proc/{pid}/status"))?;
        let number = line.trim().trim_end_matches("kB").trim();
        Ok(number.parse()?)
    };
    Ok(Memory { rss_kib: field("VmRSS:")?, peak_kib: field("VmHWM:")?, threads: field("Threads:")? })
}

async fn sign_in(client: &reqwest::Client, base: &str) -> anyhow::Result<String> {
    let body = json!({"email": EMAIL, "password": PASSWORD, "device_name": "bench", "device_kind": "other"});
    let response = client.post(format!("{base}/api/v1/sessions")).json(&body).send().await?;
    anyhow::ensure!(response.status() == 201, "sign-in failed: {}", response.status());
    let body: Value = response.json().await?;
    body["token"].as_str().map(str::to_owned).ok_or_else(|| anyhow::anyhow!("no token in {body}"))
}

fn mib(kib: u64) -> u64 {
    kib.div_ceil(1024)
}
