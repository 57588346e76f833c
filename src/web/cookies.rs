//! The browser's session cookie and the pre-sign-in CSRF cookie, with the strictest attributes that still
//! work over plain HTTP on a home network.
//!
//! Over HTTPS (seen as `X-Forwarded-Proto: https` from a trusted proxy) cookies get `Secure` and the
//! `__Host-` prefix, which also pins them to this host and path `/`; only that name is then read, so a
//! plain-named cookie planted by a neighbouring host or over plain HTTP is ignored.

use axum::http::{HeaderMap, HeaderValue};
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::cookie::{Cookie, CookieJar, SameSite};

const SESSION: &str = "marquee_session";
const SESSION_SECURE: &str = "__Host-marquee_session";
const PRE_SESSION: &str = "marquee_csrf";
const PRE_SESSION_SECURE: &str = "__Host-marquee_csrf";
const DEVICE: &str = "marquee_device";
const DEVICE_SECURE: &str = "__Host-marquee_device";
/// The device code a TV page polls with until someone allows it in (never shown to its script).
const TV_CODE: &str = "marquee_tv_code";
const TV_CODE_SECURE: &str = "__Host-marquee_tv_code";
/// Marks a browser that signed in as a TV: when its session ends, it goes back to its code screen.
const TV: &str = "marquee_tv";
const TV_SECURE: &str = "__Host-marquee_tv";
/// The secret of a password reset link, moved out of the address bar into a short-lived cookie.
const RESET: &str = "marquee_reset";
const RESET_SECURE: &str = "__Host-marquee_reset";
/// The secret of a "Not you?" or email change link, moved out of the address bar the same way.
const LINK: &str = "marquee_link";
const LINK_SECURE: &str = "__Host-marquee_link";
/// The secret of a sign-in's second step, between the password and the code.
const SECOND_STEP: &str = "marquee_second_step";
const SECOND_STEP_SECURE: &str = "__Host-marquee_second_step";
/// Browsers cap cookie lifetimes at 400 days.
const DEVICE_MAX_AGE: time::Duration = time::Duration::days(400);

/// Whether this request reached Marquee over HTTPS.
pub fn is_https(headers: &HeaderMap, trust_forwarded_for: bool) -> bool {
    trust_forwarded_for
        && headers
            .get("x-forwarded-proto")
            .and_then(|value| value.to_str().ok())
            .is_some_and(|proto| proto.trim().eq_ignore_ascii_case("https"))
}

/// The session token the browser sent under the name this connection uses, if any.
pub fn session_token(jar: &CookieJar, https: bool) -> Option<String> {
    jar.get(if https { SESSION_SECURE } else { SESSION }).map(|cookie| cookie.value().to_string())
}

pub fn pre_session_token(jar: &CookieJar, https: bool) -> Option<String> {
    jar.get(if https { PRE_SESSION_SECURE } else { PRE_SESSION }).map(|cookie| cookie.value().to_string())
}

/// Sets the session cookie. Without "remember me" it has no expiry, so it ends with the browser.
pub fn with_session(jar: CookieJar, token: String, https: bool, max_age: Option<std::time::Duration>) -> CookieJar {
    let mut cookie = base(if https { SESSION_SECURE } else { SESSION }, token, https);
    if let Some(max_age) = max_age {
        cookie.set_max_age(time::Duration::try_from(max_age).ok());
    }
    jar.add(cookie)
}

pub fn with_pre_session(jar: CookieJar, token: String, https: bool) -> CookieJar {
    let mut cookie = base(if https { PRE_SESSION_SECURE } else { PRE_SESSION }, token, https);
    cookie.set_same_site(SameSite::Strict);
    jar.add(cookie)
}

/// The device token this browser got at an earlier sign-in, if any.
pub fn device_token(jar: &CookieJar, https: bool) -> Option<String> {
    jar.get(if https { DEVICE_SECURE } else { DEVICE }).map(|cookie| cookie.value().to_string())
}

/// Keeps the device token for later sign-ins. It is no session: it signs nothing in, it only tells
/// the sign-in throttle that this browser has signed in to the account before. Signing out keeps it.
pub fn with_device(jar: CookieJar, token: String, https: bool) -> CookieJar {
    let mut cookie = base(if https { DEVICE_SECURE } else { DEVICE }, token, https);
    cookie.set_same_site(SameSite::Strict);
    cookie.set_max_age(DEVICE_MAX_AGE);
    jar.add(cookie)
}

/// The device code this TV page is showing the code for, if any.
pub fn tv_code(jar: &CookieJar, https: bool) -> Option<String> {
    jar.get(if https { TV_CODE_SECURE } else { TV_CODE }).map(|cookie| cookie.value().to_string())
}

/// Keeps a new device code on the TV for as long as the code lives.
pub fn with_tv_code(jar: CookieJar, device_code: String, https: bool, lifetime: std::time::Duration) -> CookieJar {
    let mut cookie = base(if https { TV_CODE_SECURE } else { TV_CODE }, device_code, https);
    cookie.set_same_site(SameSite::Strict);
    cookie.set_max_age(time::Duration::try_from(lifetime).ok());
    jar.add(cookie)
}

/// A TV that is signed in: its code is spent, and it is remembered as a TV.
pub fn signed_in_as_tv(jar: CookieJar, https: bool) -> CookieJar {
    let jar = jar.remove(Cookie::build(if https { TV_CODE_SECURE } else { TV_CODE }).path("/").secure(https));
    let mut cookie = base(if https { TV_SECURE } else { TV }, "1".to_string(), https);
    cookie.set_same_site(SameSite::Strict);
    cookie.set_max_age(DEVICE_MAX_AGE);
    jar.add(cookie)
}

/// Whether this browser signed in as a TV before.
pub fn is_tv(jar: &CookieJar, https: bool) -> bool {
    jar.get(if https { TV_SECURE } else { TV }).is_some()
}

/// Forgets that this browser is a TV (it signed in with a password instead).
pub fn not_a_tv(jar: CookieJar) -> CookieJar {
    let jar = jar.remove(Cookie::build(TV).path("/"));
    jar.remove(Cookie::build(TV_SECURE).path("/").secure(true))
}

/// The password reset secret this browser holds, if any.
pub fn reset_token(jar: &CookieJar, https: bool) -> Option<String> {
    jar.get(if https { RESET_SECURE } else { RESET }).map(|cookie| cookie.value().to_string())
}

/// Keeps a password reset secret for the pages that use it: strict, never sent from another site,
/// gone when the link would have expired.
pub fn with_reset(jar: CookieJar, secret: String, https: bool, lifetime: time::Duration) -> CookieJar {
    with_secret(jar, if https { RESET_SECURE } else { RESET }, secret, https, lifetime)
}

/// Forgets the password reset secret (it was spent, or no longer works).
pub fn without_reset(jar: CookieJar) -> CookieJar {
    without_either(jar, RESET, RESET_SECURE)
}

/// The "Not you?" or email change secret this browser holds, if any.
pub fn link_token(jar: &CookieJar, https: bool) -> Option<String> {
    jar.get(if https { LINK_SECURE } else { LINK }).map(|cookie| cookie.value().to_string())
}

/// Keeps a "Not you?" or email change secret for the page that uses it, as [`with_reset`] does.
pub fn with_link(jar: CookieJar, secret: String, https: bool, lifetime: time::Duration) -> CookieJar {
    with_secret(jar, if https { LINK_SECURE } else { LINK }, secret, https, lifetime)
}

/// Forgets the "Not you?" or email change secret.
pub fn without_link(jar: CookieJar) -> CookieJar {
    without_either(jar, LINK, LINK_SECURE)
}

/// The second-step secret this browser holds, if any.
pub fn second_step_token(jar: &CookieJar, https: bool) -> Option<String> {
    jar.get(if https { SECOND_STEP_SECURE } else { SECOND_STEP }).map(|cookie| cookie.value().to_string())
}

/// Keeps a sign-in's second-step secret until the code is typed, as [`with_reset`] does.
pub fn with_second_step(jar: CookieJar, secret: String, https: bool, lifetime: time::Duration) -> CookieJar {
    with_secret(jar, if https { SECOND_STEP_SECURE } else { SECOND_STEP }, secret, https, lifetime)
}

/// Forgets the second-step secret (signed in, or it no longer works).
pub fn without_second_step(jar: CookieJar) -> CookieJar {
    without_either(jar, SECOND_STEP, SECOND_STEP_SECURE)
}

fn with_secret(jar: CookieJar, name: &'static str, secret: String, https: bool, lifetime: time::Duration) -> CookieJar {
    let mut cookie = base(name, secret, https);
    cookie.set_same_site(SameSite::Strict);
    cookie.set_max_age(lifetime);
    jar.add(cookie)
}

fn without_either(jar: CookieJar, plain: &'static str, secure: &'static str) -> CookieJar {
    let jar = jar.remove(Cookie::build(plain).path("/"));
    jar.remove(Cookie::build(secure).path("/").secure(true))
}

/// Removes the session cookie under either name.
pub fn without_session(jar: CookieJar) -> CookieJar {
    let jar = jar.remove(Cookie::build(SESSION).path("/"));
    jar.remove(Cookie::build(SESSION_SECURE).path("/").secure(true))
}

/// The answer to a browser that has just been signed out: the session cookie removed, everything this
/// site cached or stored in it wiped (`Clear-Site-Data`), and a redirect to `to`.
pub fn signed_out_redirect(jar: CookieJar, to: &str) -> Response {
    let mut response = (without_session(jar), Redirect::to(to)).into_response();
    response.headers_mut().insert("clear-site-data", HeaderValue::from_static("\"cache\", \"cookies\", \"storage\""));
    response
}

fn base(name: &'static str, value: String, https: bool) -> Cookie<'static> {
    Cookie::build((name, value)).path("/").http_only(true).same_site(SameSite::Lax).secure(https).build()
}
