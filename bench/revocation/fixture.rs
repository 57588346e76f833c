//! What the measurement needs before it starts: an account, a video long enough to play through a
//! round, and many signed-in devices.
//!
//! Devices are signed in through [`marquee::auth::Sessions::start`], the very call a sign-in makes
//! once the password is verified, so every session is a real one (its own random token, its row, the
//! account's device limit and credential version checked in its transaction). Only the argon2id hash
//! of the password is skipped: at tens of milliseconds per sign-in on two cores, 10,000 of them would
//! take minutes and measure nothing this benchmark is about.

use std::io::{Seek, SeekFrom, Write};
use std::path::Path;
use std::sync::Arc;
use std::time::Instant;

use anyhow::Context as _;
use marquee::auth::{SessionRequest, Sessions, Verified};
use marquee::domain::device::DeviceKind;
use marquee::settings::{SessionPolicy, ThrottlePolicy};
use marquee::store::Store;

pub const EMAIL: &str = "bench@example.org";
pub const PASSWORD: &str = "revocation bench passphrase 2026";

/// The bench's own handle on the database: it signs devices in as a sign-in would.
pub struct Fixture {
    pub store: Arc<dyn Store>,
    sessions: Sessions,
    verified: Verified,
}

/// One signed-in device: its token, sent as `Authorization: Bearer`.
#[derive(Clone)]
pub struct Device {
    pub token: String,
}

impl Fixture {
    /// Opens the database (running its migrations) and creates the account.
    pub async fn new(database_url: &str) -> anyhow::Result<Self> {
        let store = marquee::store::connect(database_url).await?;
        marquee::accounts::register(store.as_ref(), &marquee::auth::PasswordHasher::new(1), EMAIL, PASSWORD, None)
            .await
            .map_err(|e| anyhow::anyhow!("creating the account: {e}"))?;
        let found = store.credentials_by_email(EMAIL).await?.context("the account just created")?;
        let verified =
            Verified { account: found.account, credential_version: found.credential_version, known_device: true };
        let policy = SessionPolicy { max_per_account: 10_000, ..SessionPolicy::default() };
        let sessions = Sessions::new(store.clone(), policy, ThrottlePolicy::default().window);
        Ok(Self { store, sessions, verified })
    }

    /// Signs `count` devices in, one after the other (each is one transaction that also counts the
    /// account's live sessions against the limit).
    pub async fn sign_in(&self, count: usize, kind: DeviceKind) -> anyhow::Result<Vec<Device>> {
        let started = Instant::now();
        let mut devices = Vec::with_capacity(count);
        for i in 0..count {
            let request = SessionRequest {
                device_name: format!("Device {i}"),
                device_kind: kind,
                remember: true,
                ip: None,
                proof: marquee::auth::Proof::Password,
                lifetime: Default::default(),
                alert_origin: None,
            };
            let (token, _) =
                self.sessions.start(&self.verified, request).await.map_err(|e| anyhow::anyhow!("sign-in: {e:?}"))?;
            devices.push(Device { token });
        }
        if count >= 1000 {
            eprintln!("  signed {count} devices in, in {:.1} s", started.elapsed().as_secs_f64());
        }
        Ok(devices)
    }

    /// Adds `root/Movies` as a library and scans it.
    pub async fn scan(&self, root: &Path) -> anyhow::Result<()> {
        marquee::cli::ensure_demo_library(self.store.catalog(), root).await
    }
}

/// Writes a movie folder under `root/Movies`: a demo clip, padded with an MP4 `free` box (which
/// players and the scanner step over) to `size` bytes, so a player reading a few hundred KB/s never
/// reaches its end within a round. The padding is a hole in the file: nothing to write, zeros to read.
pub fn write_long_movie(root: &Path, size: u64) -> anyhow::Result<()> {
    let clip = marquee::cli::demo_library_root().join("Movies/Café des Étoiles (2016)/Café des Étoiles (2016).mp4");
    let clip = std::fs::read(&clip).with_context(|| format!("reading the demo clip {}", clip.display()))?;
    let folder = root.join("Movies").join("Bench Movie (2024)");
    std::fs::create_dir_all(&folder)?;
    let mut file = std::fs::File::create(folder.join("Bench Movie (2024).mp4"))?;
    file.write_all(&clip)?;
    let pad = u32::try_from(size - clip.len() as u64).context("the padding must fit a 32-bit box size")?;
    file.write_all(&pad.to_be_bytes())?;
    file.write_all(b"free")?;
    file.seek(SeekFrom::Start(size - 1))?;
    file.write_all(&[0])?;
    Ok(())
}
