//! Where a request reached Marquee (`scheme://host`): the start of links made for it, when
//! `public_url` is unset (TV codes' QR codes, links in messages).

use axum::extract::{FromRef, FromRequestParts};
use axum::http::request::Parts;
use axum::http::{HeaderMap, header};

use crate::auth::Identity;

/// [`request_origin`] as an extractor.
pub struct Origin(pub String);

impl<S> FromRequestParts<S> for Origin
where
    Identity: FromRef<S>,
    S: Send + Sync,
{
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        Ok(Self(request_origin(&Identity::from_ref(state), &parts.headers)))
    }
}

/// `scheme://host` as the request reached Marquee (a `Host` that is not a plain host name
/// or address falls back to the address Marquee listens on, so nothing odd from a request ends up in a
/// link or a QR code).
pub fn origin(app: &Identity, headers: &HeaderMap, https: bool) -> String {
    let host = headers
        .get(header::HOST)
        .and_then(|value| value.to_str().ok())
        .filter(|host| is_plain_host(host))
        .map_or_else(|| app.settings.listen.to_string(), str::to_string);
    format!("{}://{host}", if https { "https" } else { "http" })
}

/// [`origin`] with the scheme as the request's headers (and the proxy settings) tell it.
pub fn request_origin(app: &Identity, headers: &HeaderMap) -> String {
    origin(app, headers, super::cookies::is_https(headers, app.settings.trust_forwarded_for))
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
