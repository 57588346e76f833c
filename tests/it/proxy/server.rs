//! nginx or Caddy running unprivileged in a temporary directory, in front of two instances, with the
//! site configuration read from `deploy/` and only its host name, ports, certificate paths and
//! upstream addresses replaced.

use std::path::Path;
use std::process::Stdio;
use std::time::{Duration, Instant};

use tempfile::TempDir;
use tokio::process::{Child, Command};

use super::Instances;
use super::tls::self_signed;
use crate::binary::free_port;

/// A running proxy; stopped (with its worker processes) when dropped.
pub struct Proxy {
    /// `https://<host>:<port>`, the address a browser would type (nginx's site is named 127.0.0.1, so
    /// that clients bound to other loopback addresses reach it over IPv4; Caddy's is `localhost`).
    pub base: String,
    /// The plain HTTP listener, which only redirects to HTTPS.
    pub http_base: String,
    process: Child,
    dir: TempDir,
}

impl Proxy {
    /// Debian's nginx with `deploy/nginx/marquee.conf` as its only site.
    pub async fn nginx(instances: &Instances) -> Option<Proxy> {
        let nginx = super::program("nginx", "nginx")?;
        let dir = private_dir();
        let certificate = self_signed(dir.path())?;
        let (https, http) = (free_port(), free_port());
        let [first, second] = instances.upstreams();
        let site = configured(
            "deploy/nginx/marquee.conf",
            &[
                ("/etc/letsencrypt/live/marquee.example.org/fullchain.pem", path(&certificate.cert)),
                ("/etc/letsencrypt/live/marquee.example.org/privkey.pem", path(&certificate.key)),
                ("server_name marquee.example.org;", "server_name 127.0.0.1;".into()),
                ("listen 80;", format!("listen {http};")),
                ("listen [::]:80;", format!("listen [::]:{http};")),
                ("listen 443 ssl http2;", format!("listen {https} ssl http2;")),
                ("listen [::]:443 ssl http2;", format!("listen [::]:{https} ssl http2;")),
                ("server 127.0.0.1:8080 ", format!("server {first} ")),
                ("server 127.0.0.1:8081 ", format!("server {second} ")),
            ],
        );
        let root = path(dir.path());
        std::fs::write(dir.path().join("marquee.conf"), site).expect("write the site");
        // What Debian's /etc/nginx/nginx.conf provides around a site, with every path in the temp dir.
        let main = format!(
            "worker_processes 2;\npid {root}/nginx.pid;\nerror_log {root}/error.log;\n\
             events {{ worker_connections 256; }}\n\
             http {{\n  access_log {root}/access.log;\n  client_body_temp_path {root}/client_body;\n  \
             proxy_temp_path {root}/proxy;\n  fastcgi_temp_path {root}/fastcgi;\n  uwsgi_temp_path {root}/uwsgi;\n  \
             scgi_temp_path {root}/scgi;\n  include {root}/marquee.conf;\n}}\n"
        );
        std::fs::write(dir.path().join("nginx.conf"), main).expect("write nginx.conf");
        let mut command = Command::new(nginx);
        command.arg("-p").arg(dir.path()).arg("-e").arg(dir.path().join("error.log"));
        command.arg("-c").arg(dir.path().join("nginx.conf")).args(["-g", "daemon off;"]);
        Some(Proxy::start(command, dir, "127.0.0.1", (https, http)).await)
    }

    /// Debian's Caddy with `deploy/caddy/Caddyfile` after global options of the test's own (no admin
    /// endpoint, the test's ports), its data and configuration kept in the temp dir.
    pub async fn caddy(instances: &Instances) -> Option<Proxy> {
        let caddy = super::program("caddy", "caddy")?;
        let dir = private_dir();
        let certificate = self_signed(dir.path())?;
        let (https, http) = (free_port(), free_port());
        let [first, second] = instances.upstreams();
        let site = configured(
            "deploy/caddy/Caddyfile",
            &[
                ("/etc/ssl/marquee/fullchain.pem", path(&certificate.cert)),
                ("/etc/ssl/marquee/privkey.pem", path(&certificate.key)),
                ("marquee.example.org {", "localhost {".into()),
                ("127.0.0.1:8080 127.0.0.1:8081 {", format!("{first} {second} {{")),
            ],
        );
        let global = format!("{{\n\tadmin off\n\thttp_port {http}\n\thttps_port {https}\n\tskip_install_trust\n}}\n\n");
        let file = dir.path().join("Caddyfile");
        std::fs::write(&file, global + &site).expect("write the Caddyfile");
        let mut command = Command::new(caddy);
        command.args(["run", "--adapter", "caddyfile", "--config"]).arg(&file);
        for variable in ["HOME", "XDG_DATA_HOME", "XDG_CONFIG_HOME"] {
            command.env(variable, dir.path());
        }
        Some(Proxy::start(command, dir, "localhost", (https, http)).await)
    }

    async fn start(mut command: Command, dir: TempDir, host: &str, (https, http): (u16, u16)) -> Proxy {
        let log = std::fs::File::create(dir.path().join("output.log")).expect("a log file");
        command.stdin(Stdio::null()).stdout(log.try_clone().unwrap()).stderr(log).kill_on_drop(true);
        let process = command.spawn().expect("start the proxy");
        let (base, http_base) = (format!("https://{host}:{https}"), format!("http://{host}:{http}"));
        let mut proxy = Proxy { base, http_base, process, dir };
        let client = super::client();
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            if let Ok(response) = client.get(proxy.url("/healthz")).send().await
                && response.status() == 200
            {
                return proxy;
            }
            if let Ok(Some(exit)) = proxy.process.try_wait() {
                panic!("the proxy stopped at start ({exit}):\n{}", proxy.logs());
            }
            assert!(Instant::now() < deadline, "the proxy did not answer within 20 s:\n{}", proxy.logs());
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// What the proxy wrote, for a failure's message.
    pub fn logs(&self) -> String {
        ["output.log", "error.log"]
            .iter()
            .filter_map(|name| std::fs::read_to_string(self.dir.path().join(name)).ok())
            .collect::<Vec<_>>()
            .join("\n")
    }
}

impl Drop for Proxy {
    fn drop(&mut self) {
        // TERM, not KILL: nginx's master then stops its workers, which would otherwise keep the port.
        if let Some(pid) = self.process.id() {
            let _ = std::process::Command::new("kill").args(["-TERM", &pid.to_string()]).status();
            let deadline = Instant::now() + Duration::from_secs(5);
            while matches!(self.process.try_wait(), Ok(None)) && Instant::now() < deadline {
                std::thread::sleep(Duration::from_millis(20));
            }
        }
    }
}

/// A temp dir the proxy's unprivileged worker processes can enter (nginx started by root runs them
/// as `nobody`).
fn private_dir() -> TempDir {
    let dir = tempfile::tempdir().expect("a temp dir");
    let mut permissions = std::fs::metadata(dir.path()).unwrap().permissions();
    std::os::unix::fs::PermissionsExt::set_mode(&mut permissions, 0o755);
    std::fs::set_permissions(dir.path(), permissions).expect("open the temp dir to the workers");
    dir
}

/// The file at `relative` (from the repository root) with each `(from, to)` replaced; every `from`
/// must be there, so the tested configuration is the shipped one and not a drifted copy.
fn configured(relative: &str, replacements: &[(&str, String)]) -> String {
    let file = Path::new(env!("CARGO_MANIFEST_DIR")).join(relative);
    let mut text = std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("read {relative}: {e}"));
    for (from, to) in replacements {
        assert!(text.contains(from), "{relative} no longer has `{from}`: update the test with it");
        text = text.replace(from, to);
    }
    text
}

fn path(path: &Path) -> String {
    path.to_str().expect("a UTF-8 path").to_string()
}
