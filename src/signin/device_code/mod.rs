//! The pages and endpoints of signing a device in with a code: a TV shows a short code, a person
//! signed in elsewhere enters it at `/activate` and allows it, the TV is in (RFC 8628's endpoints too).

pub mod activate;
pub mod oauth;
mod qr;
pub mod tv;

use axum::http::{HeaderMap, header};

use crate::auth::Identity;
use crate::auth::device_code::user_code::UserCode;

/// The absolute address of the activation page (with the code filled in, when given), on the host
/// the device reached. A `Host` that is not a plain host name or address falls back to the address
/// Marquee listens on, so nothing odd from a request ends up in a QR code.
pub fn activation_url(app: &Identity, headers: &HeaderMap, https: bool, code: Option<&UserCode>) -> String {
    let origin = origin(app, headers, https);
    match code {
        Some(code) => format!("{origin}/activate?code={}", code.display()),
        None => format!("{origin}/activate"),
    }
}

/// `scheme://host` as the request reached Marquee (see [`activation_url`] for what is trusted).
pub fn origin(app: &Identity, headers: &HeaderMap, https: bool) -> String {
    let host = headers
        .get(header::HOST)
        .and_then(|value| value.to_str().ok())
        .filter(|host| is_plain_host(host))
        .map_or_else(|| app.settings.listen.to_string(), str::to_string);
    format!("{}://{host}", if https { "https" } else { "http" })
}

/// A host name, IPv4 address or bracketed IPv6 address, with an optional port: nothing else.
fn is_plain_host(host: &str) -> bool {
    let (name, port) = match host.rsplit_once(':') {
        Some((name, port)) if !name.ends_with(':') && !port.contains(']') => (name, Some(port)),
        _ => (host, None),
    };
    let port_ok =
        port.is_none_or(|port| !port.is_empty() && port.len() <= 5 && port.bytes().all(|b| b.is_ascii_digit()));
    let name_ok = if let Some(inner) = name.strip_prefix('[').and_then(|rest| rest.strip_suffix(']')) {
        inner.parse::<std::net::Ipv6Addr>().is_ok()
    } else {
        !name.is_empty()
            && name.len() <= 253
            && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-')
    };
    port_ok && name_ok
}

#[cfg(test)]
mod tests {
    use super::is_plain_host;

    #[test]
    fn only_plain_hosts_are_trusted() {
        for good in ["marquee.local", "marquee.local:8080", "192.168.1.20:8080", "[::1]:8080", "[fe80::1]", "tv-box"] {
            assert!(is_plain_host(good), "{good}");
        }
        for bad in ["", "evil.com/x", "a b", "host:", "host:123456", "host:80:80", "[::1", "<script>", "user@host"] {
            assert!(!is_plain_host(bad), "{bad}");
        }
    }
}
