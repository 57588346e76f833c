//! The operator's command line, run as the real binary.

use std::process::{Command, Output, Stdio};

use crate::child_input::feed;
use crate::support::{PASSWORD, spawn_app_on, sqlite_store};

pub(crate) fn marquee(data_dir: &std::path::Path, args: &[&str], stdin: &str) -> Output {
    marquee_under_umask(None, data_dir, args, stdin)
}

/// The `marquee` binary, run with the file mode creation mask `umask` (octal, as the shell takes it)
/// when given, and with this process's otherwise.
pub(crate) fn binary(umask: Option<&str>) -> Command {
    let Some(umask) = umask else { return Command::new(env!("CARGO_BIN_EXE_marquee")) };
    let mut command = Command::new("sh");
    command.arg("-c").arg(format!(r#"umask {umask} && exec "$0" "$@""#)).arg(env!("CARGO_BIN_EXE_marquee"));
    command
}

/// [`marquee`] under a chosen umask.
pub(crate) fn marquee_under_umask(
    umask: Option<&str>,
    data_dir: &std::path::Path,
    args: &[&str],
    stdin: &str,
) -> Output {
    let mut child = binary(umask)
        .arg("--data-dir")
        .arg(data_dir)
        .args(args)
        .env_remove("MARQUEE_DATABASE_URL")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run marquee");
    feed(child.stdin.take().unwrap(), stdin.as_bytes());
    child.wait_with_output().unwrap()
}

pub(crate) fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn account_create_prints_the_id_and_refuses_duplicates_and_weak_passwords() {
    let dir = tempfile::tempdir().unwrap();
    let created = marquee(
        dir.path(),
        &["account", "create", "--email", "ada@example.org", "--password-stdin"],
        &format!("{PASSWORD}\n"),
    );
    assert!(created.status.success(), "{}", text(&created.stderr));
    assert!(text(&created.stdout).trim().parse::<uuid::Uuid>().is_ok(), "prints the id: {}", text(&created.stdout));

    let duplicate =
        marquee(dir.path(), &["account", "create", "--email", "ADA@example.org", "--password-stdin"], PASSWORD);
    assert_eq!(duplicate.status.code(), Some(1));
    assert!(text(&duplicate.stderr).contains("already exists"), "{}", text(&duplicate.stderr));

    let weak =
        marquee(dir.path(), &["account", "create", "--email", "bob@example.org", "--password-stdin"], "password\n");
    assert_eq!(weak.status.code(), Some(1));
    assert!(text(&weak.stderr).contains("at least 15 characters"), "{}", text(&weak.stderr));

    let common = marquee(
        dir.path(),
        &["account", "create", "--email", "bob@example.org", "--password-stdin"],
        "1qaz2wsx3edc4rfv\n",
    );
    assert_eq!(common.status.code(), Some(1));
    assert!(text(&common.stderr).contains("commonly used"), "{}", text(&common.stderr));

    let bad_email = marquee(dir.path(), &["account", "create", "--email", "bob", "--password-stdin"], PASSWORD);
    assert_eq!(bad_email.status.code(), Some(1));
    assert!(dir.path().join("marquee.db").exists(), "the data directory holds the database");
}

#[test]
fn a_password_is_never_taken_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let output = marquee(dir.path(), &["account", "create", "--email", "ada@example.org"], PASSWORD);
    assert_eq!(output.status.code(), Some(2), "clap refuses the missing --password-stdin");
    assert!(text(&output.stderr).contains("--password-stdin"), "it names the flag: {}", text(&output.stderr));
    assert!(!dir.path().join("marquee.db").exists(), "nothing was created");
}

#[tokio::test]
async fn session_list_and_revoke_all_reach_a_running_server() {
    let store = sqlite_store().await;
    let data_dir = std::path::PathBuf::from(store.url.trim_start_matches("sqlite://")).parent().unwrap().to_path_buf();
    let app = spawn_app_on(store, |_| {}).await;
    app.create_account("ada@example.org").await;
    let tv = app.sign_in("ada@example.org", "Living room TV", "tv").await;
    assert_eq!(app.get("/api/v1/account", &tv).await.status(), 200);

    let dir = data_dir.clone();
    let listed =
        tokio::task::spawn_blocking(move || marquee(&dir, &["session", "list", "--email", "ada@example.org"], ""))
            .await
            .unwrap();
    assert!(listed.status.success(), "{}", text(&listed.stderr));
    assert!(text(&listed.stdout).contains("Living room TV"), "{}", text(&listed.stdout));

    let dir = data_dir.clone();
    let revoked = tokio::task::spawn_blocking(move || {
        marquee(&dir, &["session", "revoke-all", "--email", "ada@example.org"], "")
    })
    .await
    .unwrap();
    assert!(revoked.status.success(), "{}", text(&revoked.stderr));
    assert!(text(&revoked.stdout).contains("1 session(s)"), "{}", text(&revoked.stdout));

    // Another process revoked it: the server hears of it through its once-a-second poll.
    let mut status = 200;
    for _ in 0..30 {
        status = app.get("/api/v1/account", &tv).await.status().as_u16();
        if status == 401 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(status, 401, "a revocation from the CLI reaches the running server within seconds");

    let unknown =
        tokio::task::spawn_blocking(move || marquee(&data_dir, &["session", "list", "--email", "zed@example.org"], ""))
            .await
            .unwrap();
    assert_eq!(unknown.status.code(), Some(1));
}

#[test]
fn serve_refuses_an_out_of_range_setting_and_names_its_key() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("marquee.toml");
    std::fs::write(&config, "remembered_lifetime_days = 999999999\n").unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_marquee"))
        .arg("--data-dir")
        .arg(dir.path())
        .arg("--config")
        .arg(&config)
        .args(["serve", "--listen", "127.0.0.1:0"])
        .env_remove("MARQUEE_DATABASE_URL")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run marquee");
    // A server that accepted the file would run until stopped: give it a while, then fail.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    while child.try_wait().unwrap().is_none() {
        if std::time::Instant::now() > deadline {
            child.kill().unwrap();
            panic!("marquee serve started with remembered_lifetime_days = 999999999");
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    let output = child.wait_with_output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(
        text(&output.stderr).contains("remembered_lifetime_days must be 1 to 3650 (got 999999999)"),
        "{}",
        text(&output.stderr)
    );
}

#[test]
fn version_names_the_release_and_the_commit() {
    let dir = tempfile::tempdir().unwrap();
    let output = marquee(dir.path(), &["--version"], "");
    assert!(output.status.success(), "{}", text(&output.stderr));
    let printed = text(&output.stdout);
    let expected = format!("marquee {} (commit ", env!("CARGO_PKG_VERSION"));
    assert!(printed.starts_with(&expected), "{printed}");
    let commit = printed.trim().strip_prefix(&expected).and_then(|rest| rest.strip_suffix(')')).unwrap_or_default();
    let known = commit.len() >= 7 && commit.chars().all(|c| c.is_ascii_hexdigit());
    assert!(known || commit == "unknown", "a short commit hash or \"unknown\": {printed}");
    if let Ok(head) = Command::new("git").args(["rev-parse", "--short", "HEAD"]).output()
        && head.status.success()
    {
        assert_eq!(commit, text(&head.stdout).trim(), "built from this checkout's commit");
    }
}
