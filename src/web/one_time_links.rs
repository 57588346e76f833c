//! The pages a one-time link in a message opens ("Not you?", a new email's confirmation): the secret
//! moves from the address bar into a short-lived strict cookie at once and the browser moves on to a
//! clean address, sending no Referer; the page there shows what the link would do, with one button.

use askama::Template;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum_extra::extract::cookie::CookieJar;

use super::{Chrome, WebError, cookies, csrf, render};

/// How long the secret waits in its cookie for the button on the page.
const KEPT_FOR: time::Duration = time::Duration::minutes(30);

#[derive(Template)]
#[template(path = "auth/link_open.html")]
struct OpeningPage {
    chrome: Chrome,
    title: &'static str,
    next: &'static str,
}

/// The answer to opening a link whose secret is `secret` (kept only when `well_formed`): the secret
/// in a cookie and a page that moves on to `next` at once. (A page that moves on rather than a
/// redirect: a strict cookie set while arriving from a mail site would not come along on a redirect.)
pub fn open(
    jar: CookieJar,
    https: bool,
    secret: String,
    well_formed: bool,
    title: &'static str,
    next: &'static str,
) -> Result<Response, WebError> {
    let jar = if well_formed { cookies::with_link(jar, secret, https, KEPT_FOR) } else { cookies::without_link(jar) };
    let page = render(&OpeningPage { chrome: Chrome::bare(), title, next })?;
    let mut response = (jar, page).into_response();
    response.headers_mut().insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    Ok(response)
}

/// A page for a browser that need not be signed in, with its pre-session CSRF token.
pub fn pre_session_page<T: Template>(
    jar: CookieJar,
    https: bool,
    status: StatusCode,
    build: impl FnOnce(Chrome) -> T,
) -> Result<Response, WebError> {
    let (jar, token) = csrf::ensure_pre_session(jar, https)?;
    let page = render(&build(Chrome { csrf: token, ..Chrome::bare() }))?;
    let mut response = (status, jar, page).into_response();
    response.headers_mut().insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    Ok(response)
}
