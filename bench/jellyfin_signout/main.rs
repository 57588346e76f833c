//! How soon "sign out of all devices" reaches a Jellyfin app, measured from outside against a
//! Marquee instance running as its own process. In each of 100 rounds an app signs in by name
//! (`POST /Users/AuthenticateByName`, as Jellyfin's apps do) and opens its `/socket`; the account's
//! owner signs in through Marquee's API and signs out of all devices. From the moment the owner has
//! the `204`:
//! - `refused`: until the app's next request (`GET /Users/Me`) answers 401 (asked as fast as requests go);
//! - `stopped and closed`: until the app's socket has received `Playstate` `Stop` and its close
//!   frame (0 when both were there before the answer reached the owner).
//!
//! Run: `cargo run --release --locked --example jellyfin_signout_latency -- [--backend sqlite|postgres]`
//! (PostgreSQL at `MARQUEE_BENCH_DATABASE_URL`, default `postgres://postgres@127.0.0.1:5432/postgres`).
#![forbid(unsafe_code)]

// Shared with `revocation_latency`, which uses all of them.
#[allow(dead_code)]
#[path = "../revocation/instances.rs"]
mod instances;
#[allow(dead_code)]
#[path = "../revocation/stats.rs"]
mod stats;

use std::time::{Duration, Instant};

use anyhow::Context as _;
use clap::Parser;
use futures_util::StreamExt as _;
use serde_json::{Value, json};
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::client::IntoClientRequest as _;

use crate::instances::{Instance, PgScratch};

const ROUNDS: usize = 100;
const EMAIL: &str = "bench@example.org";
const PASSWORD: &str = "jellyfin sign-out bench passphrase 2026";
/// Gives up on a round when something has not happened this long after the sign-out.
const GIVE_UP: Duration = Duration::from_secs(5);

#[derive(Parser)]
#[command(about = "How soon signing out of all devices reaches a Jellyfin app's requests and socket")]
struct Cli {
    #[arg(long, value_enum, default_value = "sqlite")]
    backend: Backend,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Backend {
    /// One instance on an SQLite file.
    Sqlite,
    /// One instance on a fresh PostgreSQL database.
    Postgres,
}

fn main() -> anyhow::Result<()> {
    // The instance is this executable started again: `serve-instance -- <marquee's arguments>`.
    let mut args = std::env::args().skip(1);
    if args.next().as_deref() == Some("serve-instance") {
        return instances::serve(args.skip_while(|arg| arg == "--").collect());
    }
    let cli = Cli::parse();
    let client = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
    client.block_on(run(cli.backend))
}

async fn run(backend: Backend) -> anyhow::Result<()> {
    let work = tempfile::tempdir()?;
    let scratch = match backend {
        Backend::Sqlite => None,
        Backend::Postgres => Some(PgScratch::create(&instances::admin_url()).await?),
    };
    let url = match &scratch {
        Some(scratch) => scratch.url.clone(),
        None => marquee::settings::sqlite_url_in(&work.path().join("data"))?,
    };
    let measured = measure(&url, work.path()).await;
    if let Some(scratch) = scratch {
        scratch.drop_now().await?;
    }
    measured
}

async fn measure(url: &str, work: &std::path::Path) -> anyhow::Result<()> {
    let store = marquee::store::connect(url).await?;
    marquee::accounts::register(store.as_ref(), &marquee::auth::PasswordHasher::new(1), EMAIL, PASSWORD, None)
        .await
        .map_err(|e| anyhow::anyhow!("creating the account: {e}"))?;
    drop(store);
    let config = work.join("policy.toml");
    std::fs::write(&config, instances::POLICY)?;
    let instance = Instance::start(url, &config, &work.join("server.log")).await?;
    let base = instance.base();
    let http = reqwest::Client::new();
    eprintln!("load average before: {}", instances::load_average());

    let (mut refused, mut closed) = (Vec::new(), Vec::new());
    for round in 0..ROUNDS {
        let app = header(round, None);
        let signed: Value = http
            .post(format!("{base}/Users/AuthenticateByName"))
            .header("Authorization", &app)
            .json(&json!({"Username": EMAIL, "Pw": PASSWORD}))
            .send()
            .await?
            .json()
            .await?;
        let token = signed["AccessToken"].as_str().context("the app's access token")?.to_string();
        let app = header(round, Some(&token));
        let mut request = format!("{}/socket", base.replacen("http://", "ws://", 1)).into_client_request()?;
        request.headers_mut().insert("authorization", app.parse()?);
        let (mut socket, _) = tokio_tungstenite::connect_async(request).await.context("opening the socket")?;
        let first = socket.next().await.context("the socket's first message")??;
        anyhow::ensure!(first.to_text()?.contains("ForceKeepAlive"), "not a keep-alive first: {first}");
        let owner = owner_token(&http, &base).await?;

        let listen = tokio::spawn(async move {
            let mut stopped = false;
            while let Some(Ok(message)) = socket.next().await {
                match message {
                    Message::Text(text) => stopped |= text.contains(r#""Command":"Stop""#),
                    Message::Close(_) if stopped => return Some(Instant::now()),
                    Message::Close(_) => return None,
                    _ => {}
                }
            }
            None
        });
        let all = http.post(format!("{base}/api/v1/sessions/sign-out-all")).bearer_auth(&owner).send().await?;
        anyhow::ensure!(all.status() == 204, "signing out of all devices failed: {}", all.status());
        let answered = Instant::now();
        loop {
            let status = http.get(format!("{base}/Users/Me")).header("Authorization", &app).send().await?.status();
            if status == 401 {
                refused.push(answered.elapsed());
                break;
            }
            anyhow::ensure!(answered.elapsed() < GIVE_UP, "the app's token was never refused");
        }
        let closed_at = tokio::time::timeout(GIVE_UP, listen).await??.context("no Playstate Stop before the close")?;
        closed.push(closed_at.saturating_duration_since(answered));
    }
    eprintln!("load average after: {}", instances::load_average());
    drop(instance);
    println!("{}", stats::line("app's request refused", &refused));
    println!("{}", stats::line("app's socket told Stop and closed", &closed));
    Ok(())
}

/// The `Authorization` header of the app on device `round`, with its token once it has one.
fn header(round: usize, token: Option<&str>) -> String {
    let mut header = format!(
        r#"MediaBrowser Client="Jellyfin Android TV", Device="Bench TV", DeviceId="bench-{round}", Version="0.17.0""#
    );
    if let Some(token) = token {
        header.push_str(&format!(r#", Token="{token}""#));
    }
    header
}

/// Signs the owner in through Marquee's API; the password just given lets it sign out of all devices.
async fn owner_token(http: &reqwest::Client, base: &str) -> anyhow::Result<String> {
    let body = json!({"email": EMAIL, "password": PASSWORD, "device_name": "Laptop", "device_kind": "browser"});
    let answer: Value = http.post(format!("{base}/api/v1/sessions")).json(&body).send().await?.json().await?;
    Ok(answer["token"].as_str().context("the owner's token")?.to_string())
}
