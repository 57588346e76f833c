//! Marquee instances as separate processes on one database, as behind a load balancer, and the
//! scratch databases they share.
//!
//! Each instance is this benchmark's own executable started again with `serve-instance` and
//! `marquee serve`'s arguments (the server's own code path, `marquee::cli::run`), or the binary
//! named by `MARQUEE_BIN` (an older build, to compare). Separate processes keep the client's
//! sockets out of the servers' file-descriptor limit and let a profiler watch one server alone.

use std::net::{SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use anyhow::Context as _;
use sqlx::Connection as _;

/// Settings every instance reads: room for 10,000 devices of one account and 100 playing at once.
pub const POLICY: &str = "max_sessions_per_account = 10000\nmax_streams_per_account = 100\n";

pub struct Instance {
    child: Child,
    pub address: SocketAddr,
}

impl Instance {
    /// Starts `marquee serve` on a free loopback port and waits until it answers `/healthz`.
    pub async fn start(database_url: &str, config: &Path, log: &Path) -> anyhow::Result<Self> {
        let address = TcpListener::bind("127.0.0.1:0")?.local_addr()?;
        let (program, mut args) = match std::env::var_os("MARQUEE_BIN") {
            Some(bin) => (PathBuf::from(bin), Vec::new()),
            None => (std::env::current_exe()?, vec!["serve-instance".to_string(), "--".to_string()]),
        };
        args.extend([
            "--database-url".to_string(),
            database_url.to_string(),
            "--config".to_string(),
            config.display().to_string(),
            "serve".to_string(),
            "--listen".to_string(),
            address.to_string(),
        ]);
        let log_file = std::fs::File::create(log)?;
        let child = Command::new(&program)
            .args(&args)
            .env("RUST_LOG", std::env::var("MARQUEE_BENCH_SERVER_LOG").unwrap_or_else(|_| "warn".into()))
            .stdout(log_file.try_clone()?)
            .stderr(log_file)
            .stdin(Stdio::null())
            .spawn()
            .with_context(|| format!("starting {}", program.display()))?;
        let mut instance = Self { child, address };
        for _ in 0..200 {
            if let Ok(answer) = reqwest::get(format!("http://{address}/healthz")).await
                && answer.status() == 200
            {
                return Ok(instance);
            }
            if let Some(status) = instance.child.try_wait()? {
                anyhow::bail!("the instance exited ({status}); see {}", log.display());
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        anyhow::bail!("the instance at {address} did not start; see {}", log.display())
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    pub fn base(&self) -> String {
        format!("http://{}", self.address)
    }
}

impl Drop for Instance {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Runs `marquee` with these arguments in this process: the child side of [`Instance::start`].
pub fn serve(args: Vec<String>) -> anyhow::Result<()> {
    use clap::Parser as _;
    tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::from_default_env())
        .with_writer(std::io::stderr)
        .init();
    let cli = marquee::cli::Cli::parse_from(std::iter::once("marquee".to_string()).chain(args));
    tokio::runtime::Builder::new_multi_thread().enable_all().build()?.block_on(marquee::cli::run(cli))
}

/// A scratch PostgreSQL database, dropped (with its connections ended) by [`PgScratch::drop_now`].
pub struct PgScratch {
    admin_url: String,
    pub url: String,
    name: String,
}

impl PgScratch {
    pub async fn create(admin_url: &str) -> anyhow::Result<Self> {
        let mut admin = sqlx::PgConnection::connect(admin_url).await?;
        let name = format!("marquee_bench_{}", uuid::Uuid::new_v4().simple());
        sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}"))).execute(&mut admin).await?;
        let base = admin_url.rsplit_once('/').map_or(admin_url, |(base, _)| base);
        Ok(Self { admin_url: admin_url.to_string(), url: format!("{base}/{name}"), name })
    }

    /// `FORCE` ends the instances' pooled connections to it.
    pub async fn drop_now(&self) -> anyhow::Result<()> {
        let mut admin = sqlx::PgConnection::connect(&self.admin_url).await?;
        let statement = format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", self.name);
        sqlx::query(sqlx::AssertSqlSafe(statement)).execute(&mut admin).await?;
        Ok(())
    }
}

/// The PostgreSQL server to create scratch databases on.
pub fn admin_url() -> String {
    std::env::var("MARQUEE_BENCH_DATABASE_URL").unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into())
}

/// `load average` as the kernel reports it (1, 5 and 15 minutes).
pub fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|text| text.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|_| "unknown".into())
}
