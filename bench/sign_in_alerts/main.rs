//! What new-device sign-in alerts cost a sign-in when the mail server is slow: two release
//! `marquee serve` processes, each on a fresh SQLite data directory, the same but for mail. One sends
//! mail to a local SMTP server that takes 2 s to accept each message, so every sign-in on a new
//! device queues an alert (alerts are on by default); the other has no mail set up, so it sends none.
//! Each gets a sign-in as a device its account has never seen, in turns, so whatever else the
//! machine does weighs on both alike. Reports both servers' sign-in latencies (p50, p99, max) and
//! checks the target: p99 with alerts on within 10 % of the p99 with them off.
//!
//! Run: `cargo build --release --locked && cargo run --release --locked --example sign_in_alerts`.
//! `ROUNDS` sets the sign-ins per server (default 1000); `MARQUEE_BIN` the server binary.

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use server::{Server, create_account, load_average, ms, percentiles, server_binary, verdict};

#[path = "../support/server.rs"]
mod server;

const EMAIL: &str = "alerts@example.org";
const PASSWORD: &str = "alert bench passphrase that is long enough";
/// How long the mail server takes to accept each message.
const SMTP_DELAY_SECONDS: &str = "2";
/// The p99 with alerts on may be at most this much above the p99 with them off.
const ALLOWED_RATIO: f64 = 1.10;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let rounds: usize = std::env::var("ROUNDS").ok().and_then(|n| n.parse().ok()).unwrap_or(1000);
    let bin = server_binary()?;
    let (alerting_data, quiet_data) = (tempfile::tempdir()?, tempfile::tempdir()?);
    create_account(&bin, alerting_data.path(), EMAIL, PASSWORD)?;
    create_account(&bin, quiet_data.path(), EMAIL, PASSWORD)?;
    let smtp = SlowSmtp::start(alerting_data.path())?;
    let with_mail = [
        "--smtp-url".to_string(),
        format!("smtp://127.0.0.1:{}", smtp.port),
        "--mail-from".to_string(),
        "marquee@example.org".to_string(),
        "--public-url".to_string(),
        "http://marquee.example.org".to_string(),
    ];
    let mut alerting = Server::start(&bin, alerting_data.path(), &with_mail)?;
    let mut quiet = Server::start(&bin, quiet_data.path(), &[])?;
    alerting.wait_until_up().await?;
    quiet.wait_until_up().await?;
    let client = reqwest::Client::builder().timeout(Duration::from_secs(30)).build()?;

    println!(
        "sign-in alerts: {rounds} sign-ins per server as new devices, mail server taking {SMTP_DELAY_SECONDS} s per \
         message; {} cores, load average {}",
        std::thread::available_parallelism().map_or(0, usize::from),
        load_average()
    );
    let (mut on, mut off) = (Vec::with_capacity(rounds), Vec::with_capacity(rounds));
    for round in 1..=rounds {
        // In turns, so whatever else the machine does weighs on both alike.
        on.push(sign_in(&client, &alerting.base, round).await?);
        off.push(sign_in(&client, &quiet.base, round).await?);
    }
    let delivered = smtp.delivered();
    anyhow::ensure!(alerting.is_running()? && quiet.is_running()?, "a server died during the run");
    let (on_p50, on_p99, on_max) = percentiles(on);
    let (off_p50, off_p99, off_max) = percentiles(off);
    println!("alerts on:  p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms", ms(on_p50), ms(on_p99), ms(on_max));
    println!("alerts off: p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms", ms(off_p50), ms(off_p99), ms(off_max));
    println!("messages the slow mail server had accepted by the end: {delivered}");
    let ratio = on_p99.as_secs_f64() / off_p99.as_secs_f64();
    let met = ratio <= ALLOWED_RATIO;
    let mailed = delivered > 0;
    println!("{} p99 on/off = {ratio:.3} (at most {ALLOWED_RATIO})", verdict(met));
    println!("{} alerts were sent while sign-ins went on", verdict(mailed));
    drop((alerting, quiet, smtp));
    drop((alerting_data, quiet_data));
    if !(met && mailed) {
        std::process::exit(1);
    }
    Ok(())
}

/// Signs in as a device the account has never seen (no device token); returns how long the sign-in
/// took, from send to the whole answer.
async fn sign_in(client: &reqwest::Client, base: &str, round: usize) -> anyhow::Result<Duration> {
    let body = json!({
        "email": EMAIL,
        "password": PASSWORD,
        "device_name": format!("Hotel TV {round}"),
        "device_kind": "tv",
    });
    let sent = Instant::now();
    let response = client.post(format!("{base}/api/v1/sessions")).json(&body).send().await?;
    let status = response.status();
    let answer: Value = response.json().await?;
    let took = sent.elapsed();
    anyhow::ensure!(status == 201 && answer["token"].is_string(), "sign-in at {base} failed: {status} {answer}");
    Ok(took)
}

/// `slow_smtp.py` on a free port, counting what it accepted in a file; stopped when dropped.
struct SlowSmtp {
    child: Child,
    port: u16,
    count_file: std::path::PathBuf,
}

impl SlowSmtp {
    fn start(dir: &Path) -> anyhow::Result<Self> {
        let port = std::net::TcpListener::bind("127.0.0.1:0")?.local_addr()?.port();
        let count_file = dir.join("smtp-delivered");
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("bench/sign_in_alerts/slow_smtp.py");
        // Debian's interpreter, which sees Debian's python3-aiosmtpd.
        let mut child = Command::new("/usr/bin/python3")
            .arg(script)
            .arg(port.to_string())
            .arg(SMTP_DELAY_SECONDS)
            .arg(&count_file)
            .stdout(Stdio::piped())
            .spawn()?;
        let mut ready = String::new();
        let stdout = child.stdout.take().expect("piped stdout");
        std::io::BufRead::read_line(&mut std::io::BufReader::new(stdout), &mut ready)?;
        anyhow::ensure!(
            ready.trim() == "listening",
            "the slow mail server did not start (is python3-aiosmtpd installed?)"
        );
        Ok(Self { child, port, count_file })
    }

    fn delivered(&self) -> u64 {
        std::fs::read_to_string(&self.count_file).ok().and_then(|n| n.trim().parse().ok()).unwrap_or(0)
    }
}

impl Drop for SlowSmtp {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
