//! Marquee behind real reverse proxies, over HTTPS: Debian's nginx and Caddy in front of two
//! instances of the real binary on one PostgreSQL database, configured with the very files in
//! `deploy/` that the README tells an admin to copy.

mod app_socket;
mod balancing;
mod caddy;
mod instances;
mod playback;
mod readme;
mod server;
mod sign_in;
mod tls;

pub use instances::Instances;
pub use server::Proxy;

use std::path::PathBuf;

/// The program called `name` on the PATH or in the system directories (nginx lives in /usr/sbin,
/// which a user's PATH may leave out), or `None` when it is missing outside CI. On CI a missing
/// program fails the test: the proxy tests may not be skipped.
pub fn program(name: &str, package: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH").unwrap_or_default();
    let mut dirs: Vec<PathBuf> = std::env::split_paths(&path).collect();
    dirs.extend(["/usr/sbin", "/sbin"].map(PathBuf::from));
    let found = dirs.into_iter().map(|dir| dir.join(name)).find(|candidate| candidate.is_file());
    if found.is_none() {
        assert!(
            std::env::var_os("CI").is_none(),
            "{name} must be installed on CI (apt-get install {package}): the proxy tests may not be skipped"
        );
        eprintln!("{name} is not installed: skipping this proxy test");
    }
    found
}

/// A client of the proxy, as a browser: it trusts the test certificate, keeps cookies and does not
/// follow redirects, so tests can see them.
pub fn client() -> reqwest::Client {
    builder().build().expect("a client")
}

/// The same, connecting from `from` (any 127.0.0.0/8 address is this machine), so the proxy sees
/// that address as the client's.
pub fn client_from(from: [u8; 4]) -> reqwest::Client {
    builder().local_address(std::net::IpAddr::from(from)).build().expect("a client")
}

fn builder() -> reqwest::ClientBuilder {
    reqwest::Client::builder()
        .danger_accept_invalid_certs(true)
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .user_agent("Mozilla/5.0 (X11; Linux x86_64) Chrome/156.0 Safari/537.36")
}

/// An app's sign-in through the proxy with `password`.
pub async fn api_sign_in(client: &reqwest::Client, proxy: &Proxy, email: &str, password: &str) -> reqwest::Response {
    let body = serde_json::json!({"email": email, "password": password, "device_name": "TV", "device_kind": "tv"});
    client.post(proxy.url("/api/v1/sessions")).json(&body).send().await.expect("a sign-in")
}

/// An app signed in through the proxy: its token.
pub async fn api_token(client: &reqwest::Client, proxy: &Proxy, email: &str) -> String {
    let response = api_sign_in(client, proxy, email, crate::support::PASSWORD).await;
    assert_eq!(response.status(), 201, "signed in through the proxy");
    let body: serde_json::Value = response.json().await.expect("JSON");
    body["token"].as_str().expect("a token").to_string()
}
