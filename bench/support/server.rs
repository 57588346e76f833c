//! What the benchmarks that start a release `marquee serve` share: creating an account, the server
//! process (stopped when dropped), waiting for it, and summarising latencies. Each benchmark uses
//! the part it needs.

#![allow(dead_code)]

use std::io::Write;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The release server binary: `MARQUEE_BIN`, else `target/release/marquee`.
pub fn server_binary() -> anyhow::Result<PathBuf> {
    let bin = std::env::var_os("MARQUEE_BIN")
        .map_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/release/marquee"), PathBuf::from);
    anyhow::ensure!(bin.is_file(), "{} not found: build it first (cargo build --release)", bin.display());
    Ok(bin)
}

/// Runs `marquee account create` on the data directory, the password given on standard input.
pub fn create_account(bin: &Path, data: &Path, email: &str, password: &str) -> anyhow::Result<()> {
    let mut child = Command::new(bin)
        .arg("--data-dir")
        .arg(data)
        .args(["account", "create", "--email", email, "--password-stdin"])
        .env_remove("MARQUEE_DATABASE_URL")
        .env_remove("MARQUEE_CONFIG")
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()?;
    match child.stdin.take().expect("piped stdin").write_all(format!("{password}\n").as_bytes()) {
        // It exited without reading: its exit status, below, says why.
        Err(error) if error.kind() == std::io::ErrorKind::BrokenPipe => {}
        written => written?,
    }
    anyhow::ensure!(child.wait()?.success(), "marquee account create failed");
    Ok(())
}

/// The server under test, with default logging, stopped when dropped.
pub struct Server {
    child: Child,
    pub base: String,
}

impl Server {
    /// `marquee serve` on a free loopback port, with `extra` arguments after `serve`.
    pub fn start(bin: &Path, data: &Path, extra: &[String]) -> anyhow::Result<Self> {
        // A free port on loopback; the server binds it right after.
        let port = TcpListener::bind("127.0.0.1:0")?.local_addr()?.port();
        let child = Command::new(bin)
            .arg("--data-dir")
            .arg(data)
            .args(["serve", "--listen", &format!("127.0.0.1:{port}")])
            .args(extra)
            .env_remove("MARQUEE_DATABASE_URL")
            .env_remove("MARQUEE_CONFIG")
            .env_remove("MARQUEE_LISTEN")
            .env("RUST_LOG", "warn")
            .stdout(Stdio::null())
            .spawn()?;
        Ok(Self { child, base: format!("http://127.0.0.1:{port}") })
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    pub fn is_running(&mut self) -> anyhow::Result<bool> {
        Ok(self.child.try_wait()?.is_none())
    }

    /// Waits until `/healthz` answers, at most 10 s.
    pub async fn wait_until_up(&self) -> anyhow::Result<()> {
        let client = reqwest::Client::builder().timeout(Duration::from_secs(1)).build()?;
        let until = Instant::now() + Duration::from_secs(10);
        while Instant::now() < until {
            if client.get(format!("{}/healthz", self.base)).send().await.is_ok_and(|r| r.status() == 200) {
                return Ok(());
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        anyhow::bail!("the server did not answer /healthz within 10 s")
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// p50, p99 and the largest of the samples.
pub fn percentiles(mut samples: Vec<Duration>) -> (Duration, Duration, Duration) {
    samples.sort();
    let at = |q: f64| samples.get(((samples.len() as f64 * q).ceil() as usize).saturating_sub(1)).copied();
    (at(0.50).unwrap_or_default(), at(0.99).unwrap_or_default(), samples.last().copied().unwrap_or_default())
}

/// The machine's load averages, as `/proc/loadavg` gives them.
pub fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|text| text.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|_| "unknown".into())
}

pub fn verdict(met: bool) -> &'static str {
    if met { "PASS" } else { "FAIL" }
}

pub fn ms(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1000.0
}
