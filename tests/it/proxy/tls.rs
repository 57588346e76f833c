//! A self-signed certificate for `localhost`, made at test time with Debian's `openssl`.

use std::path::{Path, PathBuf};
use std::process::Command;

/// The certificate and its key, written into `dir`.
pub struct Certificate {
    pub cert: PathBuf,
    pub key: PathBuf,
}

/// Makes a certificate for `localhost` and 127.0.0.1, or `None` when openssl is missing outside CI.
pub fn self_signed(dir: &Path) -> Option<Certificate> {
    let openssl = super::program("openssl", "openssl")?;
    let (cert, key) = (dir.join("cert.pem"), dir.join("key.pem"));
    let made = Command::new(openssl)
        .args(["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "1"])
        .args(["-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1"])
        .arg("-keyout")
        .arg(&key)
        .arg("-out")
        .arg(&cert)
        .output()
        .expect("run openssl");
    assert!(made.status.success(), "openssl made no certificate: {}", String::from_utf8_lossy(&made.stderr));
    Some(Certificate { cert, key })
}
