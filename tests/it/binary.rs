//! Runs the real `marquee` binary as a server, for what only a whole process shows (logs, metrics).

use std::process::Stdio;
use std::time::Duration;

use tokio::io::{AsyncBufReadExt, AsyncReadExt, BufReader};
use tokio::process::{Child, Command};

use crate::child_input::feed_async;
use crate::support::PASSWORD;

pub fn marquee(data_dir: &std::path::Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_marquee"));
    command
        .arg("--data-dir")
        .arg(data_dir)
        .env_remove("MARQUEE_DATABASE_URL")
        .env_remove("MARQUEE_LOG_FORMAT")
        .env_remove("MARQUEE_METRICS_LISTEN")
        .env_remove("RUST_LOG")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true);
    command
}

/// Creates an account with the test password, as an operator would.
pub async fn create_account(data_dir: &std::path::Path, email: &str) {
    let mut create =
        marquee(data_dir).args(["account", "create", "--email", email, "--password-stdin"]).spawn().unwrap();
    feed_async(create.stdin.take().unwrap(), PASSWORD.as_bytes()).await;
    let created = create.wait_with_output().await.unwrap();
    assert!(created.status.success(), "{}", String::from_utf8_lossy(&created.stderr));
}

/// Starts `marquee ARGS --listen 127.0.0.1:0` (ARGS ending with `serve`) and returns it with its base URL.
pub async fn start_server(data_dir: &std::path::Path, args: &[&str]) -> (Child, String) {
    let mut server = marquee(data_dir).args(args).args(["--listen", "127.0.0.1:0"]).spawn().unwrap();
    let mut stdout = BufReader::new(server.stdout.take().unwrap()).lines();
    let base = tokio::time::timeout(Duration::from_secs(30), async {
        while let Some(line) = stdout.next_line().await.unwrap() {
            if let Some(rest) = line.strip_prefix("Marquee is running at ") {
                return rest.split_whitespace().next().unwrap().to_string();
            }
        }
        panic!("the server stopped before saying where it listens");
    })
    .await
    .expect("the server starts");
    // Keep reading: a server whose standard output is closed fails on its next line.
    tokio::spawn(async move { while let Ok(Some(_)) = stdout.next_line().await {} });
    (server, base)
}

/// Stops a server from [`start_server`] as Ctrl-C or a service manager would (SIGTERM), asserts that it
/// exits cleanly, and returns everything it wrote to standard error.
pub async fn stop_server(mut server: Child) -> String {
    let pid = server.id().expect("the server is running").to_string();
    assert!(Command::new("kill").args(["-TERM", &pid]).status().await.unwrap().success());
    let mut stderr = server.stderr.take().unwrap();
    let mut logs = String::new();
    let (read, status) = tokio::time::timeout(Duration::from_secs(30), async {
        tokio::join!(stderr.read_to_string(&mut logs), server.wait())
    })
    .await
    .expect("the server stops");
    read.unwrap();
    assert!(status.unwrap().success(), "the server exits cleanly: {logs}");
    logs
}

/// A port free a moment ago, for a listener the server opens but does not announce.
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// Runs a `marquee` command to its end, asserting it succeeds, and returns what it printed.
pub async fn run(command: &mut Command) -> String {
    let output = command.output().await.unwrap();
    let printed = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(output.status.success(), "{command:?}: {printed}{}", String::from_utf8_lossy(&output.stderr));
    printed
}

/// Whether `program` is on the PATH.
pub fn on_path(program: &str) -> bool {
    std::env::var_os("PATH").is_some_and(|path| std::env::split_paths(&path).any(|dir| dir.join(program).is_file()))
}
