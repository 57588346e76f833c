//! Cross-site request forgery protection for every cookie-authenticated form.
//!
//! Two checks, both required: the browser must not say the request came from another site
//! (`Sec-Fetch-Site`, `Origin`), and the form must carry the page's CSRF token. Signed-in pages
//! derive the token from the session token (which only the browser holds); the sign-in and
//! setup forms alone use a random pre-session cookie instead.

use axum::extract::{FromRef, FromRequest, Request};
use axum::http::HeaderMap;
use axum::http::header::{HOST, ORIGIN};
use axum_extra::extract::cookie::CookieJar;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde::de::DeserializeOwned;
use sha2::{Digest, Sha256};

use super::cookies;
use super::error::WebError;
use crate::auth::Identity;
use crate::i18n::Msg;

/// The CSRF token for pages of the session whose token is `session_token`.
pub fn token_for_session(session_token: &str) -> String {
    URL_SAFE_NO_PAD.encode(Sha256::digest(format!("marquee csrf v1:{session_token}")))
}

/// A fresh random value for the pre-session cookie.
pub fn new_pre_session_token() -> Result<String, WebError> {
    let mut random = [0u8; 32];
    getrandom::fill(&mut random)
        .map_err(|e| WebError::internal(format!("the OS random number generator failed: {e}")))?;
    Ok(URL_SAFE_NO_PAD.encode(random))
}

/// The pre-session token for a signed-out form, setting its cookie if the browser has none yet.
pub fn ensure_pre_session(jar: CookieJar, https: bool) -> Result<(CookieJar, String), WebError> {
    match cookies::pre_session_token(&jar, https) {
        Some(token) => Ok((jar, token)),
        None => {
            let token = new_pre_session_token()?;
            Ok((cookies::with_pre_session(jar, token.clone(), https), token))
        }
    }
}

/// A signed-in form (`application/x-www-form-urlencoded`) that passed the CSRF checks: it carries the
/// token of the session in this browser's cookie.
pub struct CsrfForm<T>(pub T);

/// The sign-in or first-run setup form, which carries the pre-session cookie's token instead.
///
/// No other form accepts that token: it is not tied to a session, so a signed-in form that took it
/// would let a value planted before sign-in vouch for the account's own forms.
pub struct PreSessionCsrfForm<T>(pub T);

/// A JSON post from a signed-in page's script (`application/json`), which passed the same checks as
/// [`CsrfForm`] with the token in the [`TOKEN_HEADER`] header. A refusal is JSON, for the script.
pub struct CsrfJson<T>(pub T);

/// A JSON post from the sign-in page's script, carrying the pre-session cookie's token in the header.
pub struct PreSessionCsrfJson<T>(pub T);

/// Where a script's JSON post carries the page's CSRF token (a form carries it in its `csrf` field).
pub const TOKEN_HEADER: &str = "x-csrf-token";

/// Which token a form must carry.
#[derive(Clone, Copy)]
enum Expected {
    Session,
    PreSession,
}

#[derive(serde::Deserialize)]
struct TokenField {
    #[serde(default)]
    csrf: String,
}

impl<S, T> FromRequest<S> for CsrfForm<T>
where
    Identity: FromRef<S>,
    S: Send + Sync,
    T: DeserializeOwned,
{
    type Rejection = WebError;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        checked(request, state, Expected::Session).await.map(CsrfForm)
    }
}

impl<S, T> FromRequest<S> for PreSessionCsrfForm<T>
where
    Identity: FromRef<S>,
    S: Send + Sync,
    T: DeserializeOwned,
{
    type Rejection = WebError;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        checked(request, state, Expected::PreSession).await.map(PreSessionCsrfForm)
    }
}

impl<S, T> FromRequest<S> for CsrfJson<T>
where
    Identity: FromRef<S>,
    S: Send + Sync,
    T: DeserializeOwned,
{
    type Rejection = crate::error::AppError;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        checked_json(request, state, Expected::Session).await.map(CsrfJson)
    }
}

impl<S, T> FromRequest<S> for PreSessionCsrfJson<T>
where
    Identity: FromRef<S>,
    S: Send + Sync,
    T: DeserializeOwned,
{
    type Rejection = crate::error::AppError;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        checked_json(request, state, Expected::PreSession).await.map(PreSessionCsrfJson)
    }
}

/// The JSON body, once the post is known to come from this site with the `expected` token in its header.
async fn checked_json<S, T>(request: Request, state: &S, expected: Expected) -> Result<T, crate::error::AppError>
where
    Identity: FromRef<S>,
    S: Send + Sync,
    T: DeserializeOwned,
{
    let stale = || crate::error::AppError::Forbidden {
        code: "stale_form",
        message: "This page is out of date or came from another site. Reload it and try again.".into(),
    };
    if !same_origin(request.headers()) {
        return Err(stale());
    }
    let jar = CookieJar::from_headers(request.headers());
    let https = cookies::is_https(request.headers(), Identity::from_ref(state).settings.trust_forwarded_for);
    let submitted = request.headers().get(TOKEN_HEADER).and_then(|value| value.to_str().ok()).unwrap_or_default();
    let token = match expected {
        Expected::Session => cookies::session_token(&jar, https).map(|token| token_for_session(&token)),
        Expected::PreSession => cookies::pre_session_token(&jar, https),
    };
    let matches = token.is_some_and(|token| constant_time_eq(token.as_bytes(), submitted.as_bytes()));
    if submitted.is_empty() || !matches {
        return Err(stale());
    }
    crate::json::ApiJson::<T>::from_request(request, state).await.map(|crate::json::ApiJson(body)| body)
}

/// The form, once it is known to come from this site and to carry the `expected` token.
async fn checked<S, T>(request: Request, state: &S, expected: Expected) -> Result<T, WebError>
where
    Identity: FromRef<S>,
    S: Send + Sync,
    T: DeserializeOwned,
{
    if !same_origin(request.headers()) {
        return Err(WebError::StaleForm);
    }
    let jar = CookieJar::from_headers(request.headers());
    let https = cookies::is_https(request.headers(), Identity::from_ref(state).settings.trust_forwarded_for);
    let bytes = axum::body::Bytes::from_request(request, state)
        .await
        .map_err(|_| WebError::refused(Msg::new("error-form-too-large")))?;
    let submitted: TokenField =
        serde_urlencoded::from_bytes(&bytes).map_err(|_| WebError::refused(Msg::new("error-form-unreadable")))?;
    let token = match expected {
        Expected::Session => cookies::session_token(&jar, https).map(|token| token_for_session(&token)),
        Expected::PreSession => cookies::pre_session_token(&jar, https),
    };
    let matches = token.is_some_and(|token| constant_time_eq(token.as_bytes(), submitted.csrf.as_bytes()));
    if submitted.csrf.is_empty() || !matches {
        return Err(WebError::StaleForm);
    }
    serde_urlencoded::from_bytes(&bytes).map_err(|_| WebError::refused(Msg::new("error-form-fields")))
}

/// False when the browser tells us the form was posted from another site.
///
/// `Sec-Fetch-Site` is set by the browser itself and cannot be forged by a page, so when it is
/// present it decides. Older browsers only send `Origin`, which must then name this host.
fn same_origin(headers: &HeaderMap) -> bool {
    if let Some(site) = headers.get("sec-fetch-site").and_then(|value| value.to_str().ok()) {
        return site == "same-origin" || site == "none";
    }
    match (headers.get(ORIGIN).and_then(|v| v.to_str().ok()), headers.get(HOST).and_then(|v| v.to_str().ok())) {
        (Some(origin), Some(host)) => origin.split_once("://").is_some_and(|(_, origin_host)| origin_host == host),
        (Some(_), None) => false,
        (None, _) => true,
    }
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |diff, (x, y)| diff | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.insert(*name, HeaderValue::from_static(value));
        }
        map
    }

    #[test]
    fn cross_site_posts_are_refused() {
        assert!(same_origin(&headers(&[("host", "tv.local:8080")])));
        assert!(same_origin(&headers(&[("host", "tv.local:8080"), ("origin", "http://tv.local:8080")])));
        assert!(same_origin(&headers(&[("sec-fetch-site", "same-origin"), ("host", "h")])));
        // Chromium sends `Origin: null` for some same-origin posts; the fetch metadata decides.
        assert!(same_origin(&headers(&[("sec-fetch-site", "same-origin"), ("origin", "null"), ("host", "h")])));
        assert!(!same_origin(&headers(&[("host", "tv.local:8080"), ("origin", "http://evil.example")])));
        assert!(!same_origin(&headers(&[("host", "tv.local:8080"), ("origin", "null")])));
        assert!(!same_origin(&headers(&[("sec-fetch-site", "cross-site"), ("host", "h")])));
        assert!(!same_origin(&headers(&[("sec-fetch-site", "same-site"), ("host", "h")])));
    }

    #[test]
    fn session_tokens_differ_per_session() {
        assert_ne!(token_for_session("mq_a"), token_for_session("mq_b"));
        assert_eq!(token_for_session("mq_a"), token_for_session("mq_a"));
        assert!(constant_time_eq(b"abc", b"abc"));
        assert!(!constant_time_eq(b"abc", b"abd"));
        assert!(!constant_time_eq(b"abc", b"ab"));
    }
}
