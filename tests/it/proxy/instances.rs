//! Two Marquee instances (the real binary) on one fresh PostgreSQL database, trusting their proxy's
//! `X-Forwarded-For` and `X-Forwarded-Proto`, and a way to tell which of them answered a request.

use tempfile::TempDir;
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::Child;

use crate::binary::start_server;
use crate::support::{PASSWORD, TestStore, postgres_store};

pub struct Instances {
    /// The shared database, to create accounts and scan the library as an operator would.
    pub store: TestStore,
    /// Each instance's own address, for what must reach one of them directly.
    pub bases: [String; 2],
    /// Each instance's request id prefix (`x-request-id` is `<prefix>-<n>`), drawn at its start.
    prefixes: [String; 2],
    _servers: [Child; 2],
    _dirs: [TempDir; 2],
}

impl Instances {
    /// Starts both with `trust_forwarded_for = true` plus `config` (more marquee.toml lines), or
    /// `None` without a test PostgreSQL outside CI.
    pub async fn start(config: &str) -> Option<Instances> {
        let store = postgres_store().await?;
        let mut started = Vec::new();
        for _ in 0..2 {
            let dir = tempfile::tempdir().expect("a data directory");
            let file = dir.path().join("marquee.toml");
            std::fs::write(&file, format!("trust_forwarded_for = true\n{config}\n")).expect("write marquee.toml");
            let file = file.to_str().expect("a UTF-8 path").to_string();
            let args = ["--database-url", &store.url, "--config", &file, "serve"];
            let (mut server, base) = start_server(dir.path(), &args).await;
            // Its log is not read here, but a full pipe would stop the server.
            let mut log = BufReader::new(server.stderr.take().expect("the server's stderr")).lines();
            tokio::spawn(async move { while let Ok(Some(_)) = log.next_line().await {} });
            let prefix = request_id_prefix(&reqwest::get(format!("{base}/healthz")).await.expect("healthz"));
            started.push((server, base, prefix, dir));
        }
        let [(first, first_base, first_prefix, first_dir), (second, second_base, second_prefix, second_dir)]: [_; 2] =
            started.try_into().unwrap_or_else(|_| unreachable!("two instances"));
        assert_ne!(first_prefix, second_prefix, "each instance draws its own request id prefix");
        Some(Instances {
            store,
            bases: [first_base, second_base],
            prefixes: [first_prefix, second_prefix],
            _servers: [first, second],
            _dirs: [first_dir, second_dir],
        })
    }

    /// The upstream addresses, as nginx's `server` lines and Caddy's `reverse_proxy` name them.
    pub fn upstreams(&self) -> [String; 2] {
        self.bases.clone().map(|base| base.trim_start_matches("http://").to_string())
    }

    /// Which instance (0 or 1) answered `response`.
    pub fn answered(&self, response: &reqwest::Response) -> usize {
        let prefix = request_id_prefix(response);
        self.prefixes.iter().position(|p| *p == prefix).unwrap_or_else(|| panic!("no instance has prefix {prefix}"))
    }

    /// Creates an account with the test password (and its first profile), as `marquee account create` does.
    pub async fn create_account(&self, email: &str) -> marquee::store::Account {
        let hasher = marquee::auth::PasswordHasher::new(2);
        marquee::accounts::register(self.store.store.as_ref(), &hasher, email, PASSWORD, None).await.expect("register")
    }
}

fn request_id_prefix(response: &reqwest::Response) -> String {
    let id = response.headers().get("x-request-id").expect("every answer carries its request id");
    let id = id.to_str().expect("an ASCII request id");
    id.rsplit_once('-').expect("a request id like <prefix>-<n>").0.to_string()
}
