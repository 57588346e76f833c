//! Helpers for the Jellyfin API tests: what a Jellyfin app sends, and running a real client's journey.

use std::path::PathBuf;
use std::process::Stdio;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use reqwest::Response;
use serde_json::{Value, json};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader, Lines};
use tokio::process::{Child, ChildStderr, ChildStdin, ChildStdout, Command};

use crate::support::{PASSWORD, TestApp};

/// The header a TV app sends before it has a token.
pub const APP: &str =
    r#"MediaBrowser Client="Jellyfin Android TV", Device="Living room", DeviceId="tv-1", Version="0.17.0""#;

/// The header with the app's token added.
pub fn with_token(token: &str) -> String {
    format!(r#"{APP}, Token="{token}""#)
}

/// Signs in as an app on a device of its own: each call is another device (another `DeviceId`), as a
/// sign-in from the same device replaces that device's earlier session.
pub async fn sign_in_as(app: &TestApp, user_name: &str, password: &str) -> Response {
    static DEVICES: AtomicUsize = AtomicUsize::new(1);
    let device = format!("tv-{}", DEVICES.fetch_add(1, Ordering::Relaxed));
    sign_in_from(app, &device, user_name, password).await
}

/// Signs in as the TV app on the device with this `DeviceId`.
pub async fn sign_in_from(app: &TestApp, device_id: &str, user_name: &str, password: &str) -> Response {
    let header = APP.replace(r#"DeviceId="tv-1""#, &format!(r#"DeviceId="{device_id}""#));
    app.client
        .post(app.url("/Users/AuthenticateByName"))
        .header("Authorization", header)
        .json(&json!({"Username": user_name, "Pw": password}))
        .send()
        .await
        .expect("request")
}

/// Signs in by name and returns the `AuthenticationResult`.
pub async fn signed_in(app: &TestApp, user_name: &str) -> Value {
    let response = sign_in_as(app, user_name, PASSWORD).await;
    assert_eq!(response.status(), 200, "signing in as {user_name}");
    response.json().await.expect("an AuthenticationResult")
}

pub fn token(result: &Value) -> String {
    result["AccessToken"].as_str().expect("an access token").to_string()
}

pub async fn get(app: &TestApp, path: &str, token: &str) -> Response {
    app.client.get(app.url(path)).header("Authorization", with_token(token)).send().await.expect("request")
}

/// GETs a JSON answer that must be 200.
pub async fn json_at(app: &TestApp, path: &str, token: &str) -> Value {
    let response = get(app, path, token).await;
    assert_eq!(response.status(), 200, "GET {path}");
    response.json().await.expect("JSON")
}

/// Checks a refusal: its status, Jellyfin's problem shape and words for a person.
pub async fn refused(response: Response, status: u16) -> String {
    assert_eq!(response.status(), status, "status of {}", response.url());
    assert!(!response.headers().contains_key("x-application-error-code"), "never a restriction code");
    let body: Value = response.json().await.expect("a JSON problem");
    let detail = body["detail"].as_str().unwrap_or_default().to_string();
    assert!(!detail.is_empty(), "refusals say why: {body}");
    detail
}

/// Where a real client the tests drive is installed (`scripts/test` installs each one and exports
/// `variable`; otherwise it is looked for at `under_target` in the target directory), or `None`
/// when it is missing: skipped with a message, except on CI, where a missing client fails the test.
pub fn installed_client(what: &str, variable: &str, under_target: &str) -> Option<PathBuf> {
    let path = std::env::var_os(variable).map(PathBuf::from).unwrap_or_else(|| {
        let target = std::env::var_os("CARGO_TARGET_DIR")
            .map(PathBuf::from)
            .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target"));
        target.join(under_target)
    });
    if path.exists() {
        return Some(path);
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "{what} is missing at {}: scripts/test installs it (install_jellyfin_clients)",
        path.display()
    );
    eprintln!("{what} is not installed ({}): skipping; scripts/test installs it", path.display());
    None
}

/// A journey script (`tests/fixtures/jellyfin/`) running against a test server: it prints one JSON
/// object per step on stdout and waits on stdin where the test has something to do first.
pub struct Journey {
    child: Child,
    stdin: ChildStdin,
    lines: Lines<BufReader<ChildStdout>>,
    stderr: ChildStderr,
}

impl Journey {
    pub fn start(mut command: Command) -> Self {
        let mut child = command
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .kill_on_drop(true)
            .spawn()
            .expect("start the journey");
        Self {
            stdin: child.stdin.take().expect("its stdin"),
            lines: BufReader::new(child.stdout.take().expect("its stdout")).lines(),
            stderr: child.stderr.take().expect("its stderr"),
            child,
        }
    }

    /// The next step it took: its next JSON line (a client library may print lines of its own
    /// there too, which are skipped), within a minute.
    pub async fn next_step(&mut self) -> Value {
        loop {
            match tokio::time::timeout(Duration::from_secs(60), self.lines.next_line()).await {
                Ok(Ok(Some(line))) if line.starts_with('{') => {
                    return serde_json::from_str(&line).unwrap_or_else(|_| panic!("not a step: {line}"));
                }
                Ok(Ok(Some(_))) => {}
                Ok(_) => {
                    // It ended: what it said on the way out says why.
                    let mut said = String::new();
                    let _ = self.stderr.read_to_string(&mut said).await;
                    panic!("the journey stopped early: {said}");
                }
                Err(_) => panic!("the journey took no step within a minute"),
            }
        }
    }

    /// The next step, which must be `name`.
    pub async fn step(&mut self, name: &str) -> Value {
        let step = self.next_step().await;
        assert_eq!(step["step"], name, "{step}");
        step
    }

    /// Tells it a line on its stdin (that the test did what it waits for).
    pub async fn tell(&mut self, line: &str) {
        let told = async {
            self.stdin.write_all(format!("{line}\n").as_bytes()).await?;
            self.stdin.flush().await
        };
        if let Err(error) = told.await {
            // It ended before hearing it: what it said on the way out says why.
            let mut said = String::new();
            let _ = self.stderr.read_to_string(&mut said).await;
            panic!("the journey stopped before hearing \"{line}\" ({error}): {said}");
        }
    }

    /// Waits for it to end, which it must do cleanly within 30 seconds.
    pub async fn finish(mut self) {
        let status =
            tokio::time::timeout(Duration::from_secs(30), self.child.wait()).await.expect("the journey ends").unwrap();
        let mut said = String::new();
        let _ = self.stderr.read_to_string(&mut said).await;
        assert!(status.success(), "the journey exits cleanly: {said}");
    }
}

/// The progress Marquee's own API shows for an episode, as the profile an app watched as: the
/// account's owner, signed in elsewhere (`owner`, a token of Marquee's API), chooses that profile and
/// reads the show's page.
pub async fn progress_seconds_on_marquee(
    app: &TestApp,
    owner: &str,
    profile: &str,
    show: &str,
    episode: &str,
) -> Value {
    let chosen = app.client.post(app.url(&format!("/api/v1/profiles/{profile}/select"))).bearer_auth(owner);
    assert_eq!(chosen.send().await.expect("request").status(), 204, "choosing the profile");
    let show = uuid::Uuid::parse_str(show).expect("a show id");
    let title: Value = app.get(&format!("/api/v1/titles/{show}"), owner).await.json().await.expect("the title");
    let episode = uuid::Uuid::parse_str(episode).expect("an episode id").to_string();
    let episodes = title["seasons"].as_array().expect("seasons").iter().flat_map(|s| s["episodes"].as_array().unwrap());
    let found = episodes.into_iter().find(|e| e["media_id"] == episode.as_str());
    found.unwrap_or_else(|| panic!("the episode is on its show's page: {title}"))["progress_seconds"].clone()
}
