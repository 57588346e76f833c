//! A real SMTP server for the tests: Debian's `python3-aiosmtpd`, started on a free port with its
//! Maildir handler, so a test reads back exactly what was delivered.

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use mail_parser::MessageParser;
use tempfile::TempDir;

/// Debian's interpreter, which sees Debian's Python packages (a `python3` earlier on the PATH may not).
const PYTHON: &str = "/usr/bin/python3";

/// aiosmtpd listening on 127.0.0.1, storing every message it takes in a Maildir; stopped when dropped.
pub struct SmtpServer {
    child: Option<Child>,
    pub port: u16,
    dir: TempDir,
}

/// One delivered message, decoded.
#[derive(Debug, Clone)]
pub struct Delivered {
    pub subject: String,
    pub to: String,
    pub from: String,
    pub message_id: String,
    pub text: String,
    pub html: String,
}

impl Delivered {
    /// The first link in the text that starts with `prefix`.
    pub fn link(&self, prefix: &str) -> Option<String> {
        let at = self.text.find(prefix)?;
        Some(self.text[at..].split_whitespace().next()?.to_string())
    }
}

/// A port nothing listens on now (the operating system's choice).
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").expect("bind").local_addr().unwrap().port()
}

impl SmtpServer {
    /// A server on a free port.
    pub async fn start() -> Self {
        Self::start_on(free_port(), tempfile::tempdir().expect("temp dir")).await
    }

    /// A server on `port`, keeping its mail in `dir`.
    pub async fn start_on(port: u16, dir: TempDir) -> Self {
        let mut server = Self { child: None, port, dir };
        server.restart().await;
        server
    }

    /// Starts the server again on the same port and Maildir (after [`SmtpServer::stop`]).
    pub async fn restart(&mut self) {
        let child = Command::new(PYTHON)
            .args([
                "-m",
                "aiosmtpd",
                "-n",
                "-l",
                &format!("127.0.0.1:{}", self.port),
                "-c",
                "aiosmtpd.handlers.Mailbox",
            ])
            .arg(self.maildir())
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start aiosmtpd (Debian's python3-aiosmtpd; scripts/test installs it)");
        self.child = Some(child);
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            if tokio::net::TcpStream::connect(("127.0.0.1", self.port)).await.is_ok() {
                return;
            }
            if let Some(status) = self.child.as_mut().and_then(|c| c.try_wait().ok().flatten()) {
                panic!("aiosmtpd stopped at once ({status}); is python3-aiosmtpd installed?");
            }
            assert!(Instant::now() < deadline, "aiosmtpd did not listen on port {} within 30 s", self.port);
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Stops the server (the mail it took stays).
    pub fn stop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    fn maildir(&self) -> PathBuf {
        self.dir.path().join("Maildir")
    }

    /// Every message delivered so far, decoded, oldest first.
    pub fn delivered(&self) -> Vec<Delivered> {
        let mut files = Vec::new();
        for sub in ["new", "cur"] {
            if let Ok(entries) = std::fs::read_dir(self.maildir().join(sub)) {
                files.extend(entries.flatten().map(|e| e.path()));
            }
        }
        files.sort_by_key(|path| std::fs::metadata(path).and_then(|m| m.modified()).ok());
        files
            .iter()
            .map(|path| {
                let raw = std::fs::read(path).expect("read a delivered message");
                let message = MessageParser::default().parse(&raw).expect("a message in the Maildir");
                let first = |list: Option<&mail_parser::Address>| {
                    list.and_then(|a| a.first()).and_then(|a| a.address()).unwrap_or_default().to_string()
                };
                Delivered {
                    subject: message.subject().unwrap_or_default().to_string(),
                    to: first(message.to()),
                    from: first(message.from()),
                    message_id: message.message_id().unwrap_or_default().to_string(),
                    text: message.body_text(0).map(|t| t.to_string()).unwrap_or_default(),
                    html: message.body_html(0).map(|t| t.to_string()).unwrap_or_default(),
                }
            })
            .collect()
    }

    /// Waits (up to `within`) until at least `count` messages were delivered; returns them all.
    pub async fn wait_for(&self, count: usize, within: Duration) -> Vec<Delivered> {
        let deadline = Instant::now() + within;
        loop {
            let delivered = self.delivered();
            if delivered.len() >= count {
                return delivered;
            }
            assert!(
                Instant::now() < deadline,
                "{} message(s) delivered within {within:?}, expected {count}",
                delivered.len()
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
}

impl SmtpServer {
    /// Waits (up to 30 s) until at least `count` delivered messages match; returns those, oldest first.
    pub async fn wait_for_matching(&self, count: usize, matching: impl Fn(&Delivered) -> bool) -> Vec<Delivered> {
        let within = Duration::from_secs(30);
        let deadline = Instant::now() + within;
        loop {
            let found: Vec<Delivered> = self.delivered().into_iter().filter(|m| matching(m)).collect();
            if found.len() >= count {
                return found;
            }
            assert!(
                Instant::now() < deadline,
                "{} matching message(s) within {within:?}, expected {count}",
                found.len()
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Waits for the `count`-th message to `to` with this subject (counting from one); returns it.
    pub async fn nth_to(&self, count: usize, to: &str, subject: &str) -> Delivered {
        let found = self.wait_for_matching(count, |m| m.to == to && m.subject == subject).await;
        found[count - 1].clone()
    }
}

impl Drop for SmtpServer {
    fn drop(&mut self) {
        self.stop();
    }
}
