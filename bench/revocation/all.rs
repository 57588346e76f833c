//! "Sign out of all devices" with many devices signed in: how long until every event stream has
//! `signed-out`, every video response has ended and every token is refused, timed from the moment
//! the request is sent.
//!
//! Each round signs `sessions` devices of one account in, spread over the instances; each holds
//! its event stream, and `videos` of them also play the video at a player's pace. After a warm-up,
//! the first device sends `POST /api/v1/sessions/sign-out-all` to the first instance. Per device:
//! `signed-out` read, the next request on that connection answered `401`, and (if it plays) its
//! video response ended; a device is done when all of its own have happened.

use std::net::SocketAddr;
use std::path::Path;
use std::time::{Duration, Instant};

use anyhow::Context as _;
use marquee::domain::device::DeviceKind;
use serde_json::Value;

use crate::devices::{self, End};
use crate::fixture::{Device, Fixture};
use crate::http::Connection;
use crate::instances::{self, Instance, PgScratch};
use crate::stats;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Backend {
    /// One instance on an SQLite file.
    Sqlite,
    /// Two instances on one PostgreSQL database; the sign-out goes to the first.
    Postgres,
}

#[derive(Debug, Clone, clap::Args)]
pub struct Options {
    #[arg(long, value_enum, default_value = "postgres")]
    pub backend: Backend,
    /// Signed-in devices of the one account, each holding its event stream (at most 10,000).
    #[arg(long, default_value_t = 1000)]
    pub sessions: usize,
    /// How many of them also play the video.
    #[arg(long, default_value_t = 50)]
    pub videos: usize,
    /// A player's pace, in KiB/s.
    #[arg(long, default_value_t = 256)]
    pub video_kib_per_second: u64,
    #[arg(long, default_value_t = 5)]
    pub rounds: usize,
    /// How long the devices stay connected before the sign-out, in seconds: longer than the
    /// activity writes' 5 s, so their first use is on record as for devices connected a while, and
    /// long enough for the videos' socket buffers to fill up.
    #[arg(long, default_value_t = 6.0)]
    pub warm_up: f64,
    /// Waits for Enter before each sign-out (to start a profiler on a server's pid).
    #[arg(long)]
    pub pause: bool,
}

/// Gives up on a round when something has not happened this long after the sign-out.
const GIVE_UP: Duration = Duration::from_secs(30);
/// Bytes of the video file: at 256 KiB/s, hours of playing.
const VIDEO_BYTES: u64 = 1 << 30;

pub async fn run(options: Options) -> anyhow::Result<()> {
    anyhow::ensure!(options.sessions >= 1 && options.sessions <= 10_000, "--sessions must be 1 to 10000");
    anyhow::ensure!(
        options.videos < options.sessions && options.videos <= 100,
        "--videos must be below --sessions and at most 100"
    );
    let work = tempfile::tempdir()?;
    let scratch = match options.backend {
        Backend::Sqlite => None,
        Backend::Postgres => Some(PgScratch::create(&instances::admin_url()).await?),
    };
    let url = match &scratch {
        Some(scratch) => scratch.url.clone(),
        None => marquee::settings::sqlite_url_in(&work.path().join("data"))?,
    };
    let measured = measure(&options, &url, work.path()).await;
    if let Some(scratch) = scratch {
        scratch.drop_now().await?;
    }
    measured
}

#[derive(Default)]
struct Samples {
    /// Requests served to devices that had already been told `signed-out`: must stay 0.
    served_after_sign_out: u32,
    answered: Vec<Duration>,
    signed_out: Vec<Duration>,
    refused: Vec<Duration>,
    video_ended: Vec<Duration>,
    done: Vec<Duration>,
}

async fn measure(options: &Options, url: &str, work: &Path) -> anyhow::Result<()> {
    let media_root = work.join("media");
    crate::fixture::write_long_movie(&media_root, VIDEO_BYTES)?;
    let fixture = Fixture::new(url).await?;
    fixture.scan(&media_root).await?;
    let config = work.join("policy.toml");
    std::fs::write(&config, instances::POLICY)?;
    let count = if options.backend == Backend::Postgres { 2 } else { 1 };
    let mut instances = Vec::new();
    for i in 0..count {
        instances.push(Instance::start(url, &config, &work.join(format!("instance-{i}.log"))).await?);
    }
    let addresses: Vec<SocketAddr> = instances.iter().map(|instance| instance.address).collect();
    let (profile, media) = profile_and_media(&fixture, &instances[0]).await?;
    println!(
        "sign out of all devices: {} instance(s) on {:?}, {} devices, {} playing at {} KiB/s, {} rounds; \
         server pids {:?}; {} cores, load average {}",
        count,
        options.backend,
        options.sessions,
        options.videos,
        options.video_kib_per_second,
        options.rounds,
        instances.iter().map(Instance::pid).collect::<Vec<_>>(),
        std::thread::available_parallelism().map_or(0, usize::from),
        instances::load_average()
    );

    let mut all = Samples::default();
    for round in 1..=options.rounds {
        let samples = run_round(options, &fixture, &addresses, profile, media).await?;
        println!("round {round} (load average {}):", instances::load_average());
        print(&samples, "  ");
        all.answered.extend(samples.answered);
        all.signed_out.extend(samples.signed_out);
        all.refused.extend(samples.refused);
        all.video_ended.extend(samples.video_ended);
        all.done.extend(samples.done);
        all.served_after_sign_out += samples.served_after_sign_out;
        // Lets every instance's once-a-second poll read the round's events before the next one.
        tokio::time::sleep(Duration::from_millis(1500)).await;
    }
    println!("all {} rounds:", options.rounds);
    print(&all, "  ");
    anyhow::ensure!(
        all.served_after_sign_out == 0,
        "{} request(s) were served to devices already told signed-out",
        all.served_after_sign_out
    );
    Ok(())
}

fn print(samples: &Samples, indent: &str) {
    if samples.served_after_sign_out > 0 {
        println!("{indent}{} request(s) served after signed-out (must be 0)", samples.served_after_sign_out);
    }
    println!("{indent}{}", stats::line("204 answered", &samples.answered));
    println!("{indent}{}", stats::line("signed-out received", &samples.signed_out));
    println!("{indent}{}", stats::line("next request refused", &samples.refused));
    println!("{indent}{}", stats::line("video response ended", &samples.video_ended));
    println!("{indent}{}", stats::line("device done (all of the above)", &samples.done));
}

/// The account's profile (asking for the list creates it) and the video's media id (the catalog
/// is shown to a chosen profile).
async fn profile_and_media(fixture: &Fixture, instance: &Instance) -> anyhow::Result<(uuid::Uuid, uuid::Uuid)> {
    let setup = fixture.sign_in(1, DeviceKind::Other).await?.remove(0);
    let http = reqwest::Client::new();
    let get = |path: &str| http.get(format!("{}{path}", instance.base())).bearer_auth(&setup.token).send();
    let profiles: Value = get("/api/v1/profiles").await?.error_for_status()?.json().await?;
    let profile = profiles[0]["id"].as_str().context("the account's profile")?.parse()?;
    let select = format!("{}/api/v1/profiles/{profile}/select", instance.base());
    http.post(select).bearer_auth(&setup.token).send().await?.error_for_status()?;
    let catalog: Value = get("/api/v1/catalog").await?.error_for_status()?.json().await?;
    let media = catalog["titles"][0]["media_id"].as_str().context("the video's media id")?.parse()?;
    let url = format!("{}/api/v1/sessions/current", instance.base());
    http.delete(url).bearer_auth(&setup.token).send().await?.error_for_status()?;
    Ok((profile, media))
}

async fn run_round(
    options: &Options,
    fixture: &Fixture,
    addresses: &[SocketAddr],
    profile: uuid::Uuid,
    media: uuid::Uuid,
) -> anyhow::Result<Samples> {
    // The device that signs out everywhere is signed in last, so its password proof is the freshest.
    let mut devices = fixture.sign_in(options.sessions - 1, DeviceKind::Tv).await?;
    devices.insert(0, fixture.sign_in(1, DeviceKind::Mobile).await?.remove(0));
    let address_of = |i: usize| addresses[i % addresses.len()];

    let streams = open_all_events(&devices, &address_of).await?;
    let http = reqwest::Client::new();
    let mut players = Vec::new();
    for (i, device) in devices.iter().enumerate().skip(1).take(options.videos) {
        let select = format!("http://{}/api/v1/profiles/{profile}/select", address_of(i));
        let chosen = http.post(select).bearer_auth(&device.token).send().await?;
        anyhow::ensure!(chosen.status() == 204, "choosing the profile: {}", chosen.status());
        let (stream, already) = devices::start_video(address_of(i), &device.token, media).await?;
        let rate = options.video_kib_per_second * 1024;
        players.push((i, tokio::spawn(devices::play(stream, already, rate))));
    }
    let watchers: Vec<_> = streams
        .into_iter()
        .zip(&devices)
        .map(|(connection, device)| tokio::spawn(devices::await_sign_out(connection, device.token.clone())))
        .collect();
    tokio::time::sleep(Duration::from_secs_f64(options.warm_up)).await;
    if options.pause {
        println!("all {} event streams and {} videos are open; press Enter to sign out", devices.len(), players.len());
        tokio::task::spawn_blocking(|| std::io::stdin().read_line(&mut String::new())).await??;
    }

    let mut command = Connection::open(address_of(0)).await?;
    let sent = Instant::now();
    command.send("POST", "/api/v1/sessions/sign-out-all", &devices[0].token, None).await?;
    let head = command.head().await?;
    let answered = sent.elapsed();
    anyhow::ensure!(head.status == 204, "sign-out-all answered {}", head.status);

    let mut samples = Samples { answered: vec![answered], ..Samples::default() };
    let mut done = vec![Duration::ZERO; devices.len()];
    let mut still_open = Vec::with_capacity(devices.len());
    for (i, watcher) in watchers.into_iter().enumerate() {
        let (stream, connection) = tokio::time::timeout(GIVE_UP, watcher)
            .await
            .with_context(|| format!("device {i} never saw signed-out"))???;
        still_open.push(connection);
        samples.served_after_sign_out += stream.served_after_sign_out;
        samples.signed_out.push(stream.signed_out - sent);
        samples.refused.push(stream.refused - sent);
        done[i] = stream.refused - sent;
    }
    let mut closed_cleanly = 0;
    for (i, player) in players {
        let video = tokio::time::timeout(GIVE_UP, player)
            .await
            .with_context(|| format!("device {i}'s video never ended"))???;
        anyhow::ensure!(video.ended > sent, "device {i}'s video ended before the sign-out ({} bytes)", video.bytes);
        closed_cleanly += usize::from(video.how == End::Closed);
        samples.video_ended.push(video.ended - sent);
        done[i] = done[i].max(video.ended - sent);
    }
    if addresses.len() > 1 {
        for (at, address) in addresses.iter().enumerate() {
            let on_it: Vec<Duration> =
                done.iter().enumerate().filter(|(i, _)| i % addresses.len() == at).map(|(_, d)| *d).collect();
            let which = if at == 0 { "the instance that signed out" } else { "another instance" };
            println!("  {}", stats::line(&format!("devices on {address} ({which}) done"), &on_it));
        }
    }
    if closed_cleanly > 0 {
        println!(
            "  ({closed_cleanly} video response(s) ended by a clean close, seen once the bytes before it were read)"
        );
    }
    samples.done = done;
    Ok(samples)
}

/// Opens every device's event stream, 64 at a time, each on its instance.
async fn open_all_events(
    devices: &[Device],
    address_of: &impl Fn(usize) -> SocketAddr,
) -> anyhow::Result<Vec<Connection>> {
    use futures_util::StreamExt as _;
    let opening = devices.iter().enumerate().map(|(i, device)| devices::open_events(address_of(i), &device.token));
    futures_util::stream::iter(opening).buffered(64).collect::<Vec<_>>().await.into_iter().collect()
}
