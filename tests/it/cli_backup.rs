//! `marquee backup` and `marquee restore`, run as the real binary against a real server on a data directory.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use sqlx::Connection;

use crate::cli::{binary, marquee, marquee_under_umask, text};
use crate::support::PASSWORD;

const EMAIL: &str = "ada@example.org";

/// A data directory with one account, and a place beside it for backups and logs.
pub(crate) struct Household {
    root: tempfile::TempDir,
    pub(crate) data: PathBuf,
    /// Every command runs with this umask, or with the tests' own when `None`.
    umask: Option<&'static str>,
}

impl Household {
    fn new() -> Self {
        Self::under_umask(None)
    }

    pub(crate) fn under_umask(umask: Option<&'static str>) -> Self {
        let root = tempfile::tempdir().unwrap();
        let data = root.path().join("data");
        let create = ["account", "create", "--email", EMAIL, "--password-stdin"];
        let created = marquee_under_umask(umask, &data, &create, &format!("{PASSWORD}\n"));
        assert!(created.status.success(), "{}", text(&created.stderr));
        Self { root, data, umask }
    }

    pub(crate) fn file(&self, name: &str) -> PathBuf {
        self.root.path().join(name)
    }

    pub(crate) async fn run(&self, args: &[&str]) -> std::process::Output {
        let (umask, data) = (self.umask, self.data.clone());
        let args = args.iter().map(|a| a.to_string()).collect::<Vec<_>>();
        tokio::task::spawn_blocking(move || {
            marquee_under_umask(umask, &data, &args.iter().map(String::as_str).collect::<Vec<_>>(), "")
        })
        .await
        .unwrap()
    }

    /// `marquee serve` on the data directory, answering on a free port.
    pub(crate) async fn serve(&self) -> Server {
        let log = self.file(&format!("serve-{}.log", uuid::Uuid::new_v4().simple()));
        let child = binary(self.umask)
            .arg("--data-dir")
            .arg(&self.data)
            .args(["serve", "--listen", "127.0.0.1:0"])
            .env_remove("MARQUEE_DATABASE_URL")
            .stdout(Stdio::from(std::fs::File::create(&log).unwrap()))
            .stderr(Stdio::from(std::fs::File::create(log.with_extension("err")).unwrap()))
            .spawn()
            .expect("run marquee serve");
        let mut server = Server { child, base: String::new(), client: reqwest::Client::new() };
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            let printed = std::fs::read_to_string(&log).unwrap_or_default();
            if let Some(rest) = printed.split("Marquee is running at ").nth(1) {
                server.base = rest.split_whitespace().next().unwrap().to_string();
                return server;
            }
            let stopped = server.child.try_wait().unwrap();
            assert!(
                stopped.is_none() && Instant::now() < deadline,
                "marquee serve did not start: {printed}{}",
                std::fs::read_to_string(log.with_extension("err")).unwrap_or_default()
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
}

pub(crate) struct Server {
    child: Child,
    base: String,
    client: reqwest::Client,
}

impl Server {
    pub(crate) async fn sign_in(&self, device: &str) -> String {
        let body = json!({"email": EMAIL, "password": PASSWORD, "device_name": device, "device_kind": "tv"});
        let response = self.client.post(format!("{}/api/v1/sessions", self.base)).json(&body).send().await.unwrap();
        assert_eq!(response.status(), 201, "sign-in should succeed");
        let body: Value = response.json().await.unwrap();
        body["token"].as_str().unwrap().to_string()
    }

    async fn status(&self, token: &str) -> u16 {
        let response =
            self.client.get(format!("{}/api/v1/account", self.base)).bearer_auth(token).send().await.unwrap();
        response.status().as_u16()
    }

    /// Stops the server as Ctrl-C or a service manager would, and waits for it to go.
    pub(crate) async fn stop(mut self) {
        let signalled = Command::new("kill").arg("-TERM").arg(self.child.id().to_string()).status().unwrap();
        assert!(signalled.success());
        let deadline = Instant::now() + Duration::from_secs(30);
        while self.child.try_wait().unwrap().is_none() {
            assert!(Instant::now() < deadline, "the server did not stop");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The integrity check's verdict and the accounts, read from the file as any SQLite client would.
async fn open_copy(path: &Path) -> (String, Vec<String>) {
    let mut conn = sqlx::SqliteConnection::connect(&format!("sqlite://{}", path.display())).await.unwrap();
    let verdict: String = sqlx::query_scalar("PRAGMA integrity_check").fetch_one(&mut conn).await.unwrap();
    let emails: Vec<String> = sqlx::query_scalar("SELECT email FROM accounts").fetch_all(&mut conn).await.unwrap();
    (verdict, emails)
}

#[tokio::test]
async fn backup_copies_a_database_that_is_being_written() {
    let household = Household::new();
    let server = std::sync::Arc::new(household.serve().await);
    let token = server.sign_in("Living room TV").await;
    let profiles: Value = server
        .client
        .get(format!("{}/api/v1/profiles", server.base))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let profile = profiles[0]["id"].as_str().unwrap().to_string();

    // Writers: devices signing in (fewer than the hundred an account may have, so none is pushed out),
    // and a device choosing its profile again and again.
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let written = std::sync::Arc::new(std::sync::atomic::AtomicU64::new(0));
    let mut writers = Vec::new();
    for writer in 0..4 {
        let (server, stop, written, token, profile) =
            (server.clone(), stop.clone(), written.clone(), token.clone(), profile.clone());
        writers.push(tokio::spawn(async move {
            let mut round = 0;
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                if writer == 0 && round < 50 {
                    server.sign_in(&format!("Phone {round}")).await;
                } else {
                    let url = format!("{}/api/v1/profiles/{profile}/select", server.base);
                    let chosen = server.client.post(url).bearer_auth(&token).send().await.unwrap();
                    assert_eq!(chosen.status(), 204);
                }
                written.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                round += 1;
            }
        }));
    }
    while written.load(std::sync::atomic::Ordering::Relaxed) < 20 {
        tokio::time::sleep(Duration::from_millis(10)).await;
    }

    let to = household.file("marquee-backup.db");
    let before = written.load(std::sync::atomic::Ordering::Relaxed);
    let backup = household.run(&["backup", "--to", to.to_str().unwrap()]).await;
    let during = written.load(std::sync::atomic::Ordering::Relaxed) - before;
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    for writer in writers {
        writer.await.unwrap();
    }
    assert!(backup.status.success(), "{}", text(&backup.stderr));
    assert!(text(&backup.stdout).contains("1 account(s)"), "{}", text(&backup.stdout));
    assert!(during > 0, "the server went on answering writes while the backup ran");

    let (verdict, emails) = open_copy(&to).await;
    assert_eq!(verdict, "ok");
    assert_eq!(emails, [EMAIL]);
    let leftovers: Vec<_> = std::fs::read_dir(household.root.path())
        .unwrap()
        .filter_map(|entry| entry.ok()?.file_name().into_string().ok())
        .filter(|name| name.contains("partial"))
        .collect();
    assert!(leftovers.is_empty(), "no half-written file is left: {leftovers:?}");

    // Marquee itself opens the copy.
    let url = format!("sqlite://{}", to.display());
    let listed = household.run(&["--database-url", &url, "session", "list", "--email", EMAIL]).await;
    assert!(listed.status.success(), "{}", text(&listed.stderr));
    assert!(text(&listed.stdout).contains("Living room TV"), "{}", text(&listed.stdout));

    // A second backup to the same name is refused and the first is left as it was.
    let size = std::fs::metadata(&to).unwrap().len();
    let again = household.run(&["backup", "--to", to.to_str().unwrap()]).await;
    assert_eq!(again.status.code(), Some(1));
    assert!(text(&again.stderr).contains("already exists"), "{}", text(&again.stderr));
    assert_eq!(std::fs::metadata(&to).unwrap().len(), size);
}

#[tokio::test]
async fn restore_waits_for_the_server_to_stop() {
    let household = Household::new();
    let server = household.serve().await;
    let to = household.file("backup.db");
    let backup = household.run(&["backup", "--to", to.to_str().unwrap()]).await;
    assert!(backup.status.success(), "{}", text(&backup.stderr));

    let refused = household.run(&["restore", "--from", to.to_str().unwrap()]).await;
    assert_eq!(refused.status.code(), Some(1));
    assert!(text(&refused.stderr).contains("Stop the server first"), "{}", text(&refused.stderr));
    // Bounded: were the lock not taken, the second server would run on instead of failing.
    let second =
        tokio::time::timeout(std::time::Duration::from_secs(60), household.run(&["serve", "--listen", "127.0.0.1:0"]))
            .await
            .expect("a second server on the same database stops at once");
    assert_eq!(second.status.code(), Some(1), "a second server on the same database is refused");
    assert!(text(&second.stderr).contains("Another Marquee server is running"), "{}", text(&second.stderr));

    server.stop().await;
    let restored = household.run(&["restore", "--from", to.to_str().unwrap()]).await;
    assert!(restored.status.success(), "{}", text(&restored.stderr));
    let said = text(&restored.stdout);
    assert!(said.contains("Restored") && said.contains("1 account(s)"), "{said}");
    let kept = std::fs::read_dir(&household.data)
        .unwrap()
        .filter_map(|entry| entry.ok()?.file_name().into_string().ok())
        .find(|name| name.starts_with("marquee.db.before-restore-"))
        .expect("the replaced database is kept");
    assert!(said.contains(&kept), "it says where the replaced database is: {said}");
    let (verdict, emails) = open_copy(&household.data.join(&kept)).await;
    assert_eq!(verdict, "ok");
    assert_eq!(emails, [EMAIL]);

    let server = household.serve().await;
    let token = server.sign_in("Phone").await;
    assert_eq!(server.status(&token).await, 200, "the restored database serves");

    // Onto a new machine: nothing to replace, and it says so.
    let fresh = household.file("new-machine");
    let from = to.to_str().unwrap().to_string();
    let moved = tokio::task::spawn_blocking(move || marquee(&fresh, &["restore", "--from", &from], "")).await.unwrap();
    assert!(moved.status.success(), "{}", text(&moved.stderr));
    assert!(text(&moved.stdout).contains("no database here before"), "{}", text(&moved.stdout));
    assert_eq!(open_copy(&household.file("new-machine").join("marquee.db")).await.1, [EMAIL]);
}

#[tokio::test]
async fn a_restored_backup_keeps_the_sign_outs_made_since() {
    let household = Household::new();
    let server = household.serve().await;
    let device_a = server.sign_in("Device A").await;
    let device_b = server.sign_in("Device B").await;
    let device_d = server.sign_in("Device D").await;
    let to = household.file("backup.db");
    let backup = household.run(&["backup", "--to", to.to_str().unwrap()]).await;
    assert!(backup.status.success(), "{}", text(&backup.stderr));

    let signed_out = server
        .client
        .delete(format!("{}/api/v1/sessions/current", server.base))
        .bearer_auth(&device_a)
        .send()
        .await
        .unwrap();
    assert_eq!(signed_out.status(), 204);
    let device_c = server.sign_in("Device C").await;
    // Clean-up deletes sessions once they have ended: the database being replaced no longer has D's.
    let database = household.data.join("marquee.db");
    let mut conn = sqlx::SqliteConnection::connect(&format!("sqlite://{}", database.display())).await.unwrap();
    let deleted = sqlx::query("DELETE FROM sessions WHERE device_name = 'Device D'").execute(&mut conn).await.unwrap();
    assert_eq!(deleted.rows_affected(), 1);
    conn.close().await.unwrap();
    // Killed rather than stopped: the last commits may be only in the write-ahead log, and the restore
    // must still see them.
    drop(server);
    assert!(household.data.join("marquee.db-wal").exists(), "the killed server left its write-ahead log");

    let restored = household.run(&["restore", "--from", to.to_str().unwrap()]).await;
    assert!(restored.status.success(), "{}", text(&restored.stderr));
    assert!(
        text(&restored.stdout).contains("1 session(s) signed out since then stay signed out, and 1 that ended"),
        "it says what became of the sign-outs: {}",
        text(&restored.stdout)
    );

    let server = household.serve().await;
    assert_eq!(server.status(&device_a).await, 401, "a device signed out after the backup stays signed out");
    assert_eq!(server.status(&device_b).await, 200, "a device still signed in stays signed in");
    assert_eq!(server.status(&device_c).await, 401, "a device that signed in after the backup must sign in again");
    assert_eq!(server.status(&device_d).await, 401, "a session cleaned up after the backup stays ended");
}

#[tokio::test]
async fn postgres_is_pointed_to_its_own_tools() {
    let household = Household::new();
    let url = "postgres://marquee@127.0.0.1:1/marquee";
    let to = household.file("pg.db");
    let backup = household.run(&["--database-url", url, "backup", "--to", to.to_str().unwrap()]).await;
    assert_eq!(backup.status.code(), Some(1));
    assert!(text(&backup.stderr).contains("pg_dump -Fc"), "{}", text(&backup.stderr));
    assert!(!to.exists());
    let restore = household.run(&["--database-url", url, "restore", "--from", to.to_str().unwrap()]).await;
    assert_eq!(restore.status.code(), Some(1));
    assert!(text(&restore.stderr).contains("pg_restore"), "{}", text(&restore.stderr));
}
