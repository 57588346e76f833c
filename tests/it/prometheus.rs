//! A real Prometheus (Debian's `prometheus`) scraping the real binary with the configuration shipped in
//! `deploy/prometheus/prometheus.yml`, and answering the README's queries with what the test did.

use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use tokio::process::{Child, Command};

use crate::binary::{create_account, free_port, on_path, start_server};
use crate::support::PASSWORD;

/// The target the shipped configuration scrapes, which the test replaces with its server's address.
const SHIPPED_TARGET: &str = "- 127.0.0.1:9464\n";
/// The shipped pace, and the test's: a second, so that rates have samples within moments.
const SHIPPED_INTERVAL: &str = "scrape_interval: 15s";
const TEST_INTERVAL: &str = "scrape_interval: 1s";

/// Prometheus running as a child of the test, killed when dropped.
struct Prometheus {
    _process: Child,
    port: u16,
    log: PathBuf,
    client: reqwest::Client,
}

impl Prometheus {
    /// Starts Prometheus on `config`, keeping its data and log in `dir`.
    fn start(config: &Path, dir: &Path) -> Self {
        let port = free_port();
        let log = dir.join("prometheus.log");
        let process = Command::new("prometheus")
            .arg(format!("--config.file={}", config.display()))
            .arg(format!("--storage.tsdb.path={}", dir.join("data").display()))
            .arg(format!("--web.listen-address=127.0.0.1:{port}"))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(&log).unwrap())
            .kill_on_drop(true)
            .spawn()
            .expect("start prometheus");
        Self { _process: process, port, log, client: reqwest::Client::new() }
    }

    /// The first value `promql` gives now, `None` while Prometheus is starting or has no sample yet.
    async fn query(&self, promql: &str) -> Option<f64> {
        Some(self.vector(promql).await?.first()?.1)
    }

    /// Every series of the instant vector `promql` gives now, as (labels, value).
    async fn vector(&self, promql: &str) -> Option<Vec<(Value, f64)>> {
        let url = reqwest::Url::parse_with_params(
            &format!("http://127.0.0.1:{}/api/v1/query", self.port),
            &[("query", promql)],
        )
        .unwrap();
        let answer: Value = self.client.get(url).send().await.ok()?.json().await.ok()?;
        assert_eq!(answer["status"], "success", "{promql}: {answer}");
        let series = answer["data"]["result"].as_array()?;
        Some(
            series
                .iter()
                .map(|one| (one["metric"].clone(), one["value"][1].as_str().unwrap().parse::<f64>().unwrap()))
                .collect(),
        )
    }

    /// Waits up to 30 s for `promql` to give `wanted`, calling `meanwhile` between tries.
    async fn wait_for(&self, promql: &str, wanted: f64, mut meanwhile: impl AsyncFnMut()) {
        let deadline = Instant::now() + Duration::from_secs(30);
        let mut last = None;
        while Instant::now() < deadline {
            last = self.query(promql).await;
            if last == Some(wanted) {
                return;
            }
            meanwhile().await;
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
        let log = std::fs::read_to_string(&self.log).unwrap_or_default();
        panic!("{promql} gave {last:?}, not {wanted}, within 30 s; Prometheus said:\n{log}");
    }
}

/// The shipped scrape configuration, aimed at `target` and scraping every second.
fn configuration_for(target: &str) -> String {
    let shipped = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/deploy/prometheus/prometheus.yml"))
        .expect("deploy/prometheus/prometheus.yml");
    assert_eq!(shipped.matches(SHIPPED_TARGET).count(), 1, "one target to replace in {shipped}");
    assert!(shipped.contains(SHIPPED_INTERVAL), "{shipped}");
    shipped.replace(SHIPPED_TARGET, &format!("- {target}\n")).replace(SHIPPED_INTERVAL, TEST_INTERVAL)
}

/// Whether Prometheus is installed; never skipped on CI.
fn prometheus_installed() -> bool {
    let installed = on_path("prometheus") && on_path("promtool");
    if !installed {
        assert!(
            std::env::var_os("CI").is_none(),
            "prometheus must be installed on CI (apt-get install prometheus): this test may not be skipped"
        );
        eprintln!("prometheus is not installed: skipping the test against a real Prometheus");
    }
    installed
}

#[tokio::test]
async fn prometheus_scrapes_marquee_and_answers_the_readme_queries() {
    if !prometheus_installed() {
        return;
    }
    let data = tempfile::tempdir().unwrap();
    create_account(data.path(), "ada@example.org").await;
    let metrics_address = format!("127.0.0.1:{}", free_port());
    let (_server, base) = start_server(data.path(), &["serve", "--metrics-listen", &metrics_address]).await;

    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("prometheus.yml");
    std::fs::write(&config, configuration_for(&metrics_address)).unwrap();
    let checked = Command::new("promtool").arg("check").arg("config").arg(&config).output().await.unwrap();
    assert!(checked.status.success(), "promtool: {}", String::from_utf8_lossy(&checked.stderr));
    let prometheus = Prometheus::start(&config, dir.path());
    prometheus.wait_for(r#"up{job="marquee"}"#, 1.0, async || {}).await;

    let client = reqwest::Client::new();
    let sign_in = |password: &'static str| {
        client
            .post(format!("{base}/api/v1/sessions"))
            .json(&json!({"email": "ada@example.org", "password": password, "device_name": "TV", "device_kind": "tv"}))
            .send()
    };
    assert_eq!(sign_in("another horse battery staple 43").await.unwrap().status(), 401);
    let signed_in = sign_in(PASSWORD).await.unwrap();
    assert_eq!(signed_in.status(), 201);
    let token = signed_in.json::<Value>().await.unwrap()["token"].as_str().unwrap().to_string();
    // Requests keep coming while Prometheus is asked, as they would in service, so rates have something
    // to measure between two scrapes.
    let browse = async || {
        let account = client.get(format!("{base}/api/v1/account")).bearer_auth(&token).send().await.unwrap();
        assert_eq!(account.status(), 200);
    };

    let failures = r#"sum(marquee_sign_ins_total{outcome="invalid_credentials"})"#;
    prometheus.wait_for(failures, 1.0, &browse).await;
    prometheus.wait_for(r#"sum(marquee_sign_ins_total{outcome="success"})"#, 1.0, &browse).await;

    let p99 = "histogram_quantile(0.99, sum by (le) (rate(marquee_http_request_duration_seconds_bucket[1m])))";
    let deadline = Instant::now() + Duration::from_secs(30);
    let latency = loop {
        browse().await;
        match prometheus.query(p99).await {
            Some(seconds) if seconds.is_finite() => break seconds,
            other => assert!(Instant::now() < deadline, "{p99} gave {other:?} for 30 s"),
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    };
    assert!(latency > 0.0 && latency <= 10.0, "p99 latency {latency} s");

    let by_route = prometheus.vector("sum by (route) (rate(marquee_http_requests_total[1m]))").await.unwrap();
    let account_rate = by_route.iter().find(|(labels, _)| labels["route"] == "/api/v1/account").map(|(_, rate)| *rate);
    assert!(account_rate.is_some_and(|rate| rate > 0.0), "{by_route:?}");

    let signed_out = client.delete(format!("{base}/api/v1/sessions/current")).bearer_auth(&token).send().await;
    assert_eq!(signed_out.unwrap().status(), 204);
    prometheus.wait_for("sum(marquee_sessions_revoked_total)", 1.0, async || {}).await;
}
