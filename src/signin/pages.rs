//! Signing in and out in a browser: the sign-in page, "Sign out" of this device, and the page after.

use askama::Template;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum_extra::extract::cookie::CookieJar;
use serde::Deserialize;

use crate::auth::Identity;
use crate::auth::two_step::SignInStep;
use crate::auth::{Password, SessionRequest, describe_browser, kind_of_browser};
use crate::domain::device::DeviceKind;
use crate::domain::email::Email;
use crate::domain::session_lifetime::SessionLifetime;
use crate::error::AppError;
use crate::i18n::{self, Tr, key};
use crate::web::{BrowserSession, Chrome, CsrfForm, PreSessionCsrfForm, RequestInfo, WebError, cookies, csrf, render};

#[derive(Template)]
#[template(path = "auth/signin.html")]
struct SignInPage {
    chrome: Chrome,
    email: String,
    remember: bool,
    error: Option<String>,
    /// A message id.
    notice: Option<&'static str>,
    /// Where to go once signed in, when it is not "Who's watching?".
    next: String,
    /// How long this browser is to stay signed in ([`SessionLifetime`]'s name).
    lifetime: &'static str,
}

#[derive(Deserialize)]
pub struct SignInQuery {
    #[serde(default)]
    reason: Option<String>,
    #[serde(default)]
    next: Option<String>,
    /// `password`: sign in here even on a browser that signed in as a TV before.
    #[serde(default)]
    with: Option<String>,
}

/// `GET /signin`: the form, with a fresh pre-session CSRF cookie. Already signed in? Straight on.
/// A TV goes back to its code screen instead, unless asked for the password form.
pub async fn show_sign_in(
    jar: CookieJar,
    info: RequestInfo,
    signed_in: Result<BrowserSession, WebError>,
    axum::extract::Query(query): axum::extract::Query<SignInQuery>,
) -> Result<Response, WebError> {
    let next = query.next.as_deref().and_then(safe_next).unwrap_or_default();
    if signed_in.is_ok() {
        return Ok(Redirect::to(if next.is_empty() { "/profiles" } else { &next }).into_response());
    }
    let signed_out = query.reason.as_deref() == Some("signed-out");
    if cookies::is_tv(&jar, info.https) && query.with.as_deref() != Some("password") {
        return Ok(Redirect::to(if signed_out { "/tv?reason=signed-out" } else { "/tv" }).into_response());
    }
    let notice = signed_out.then_some(key("signin-signed-out"));
    let lifetime = SessionLifetime::UntilSignedOut.as_str();
    let form = SignInPage {
        chrome: Chrome::bare(),
        email: String::new(),
        remember: true,
        error: None,
        notice,
        next,
        lifetime,
    };
    sign_in_page(jar, info.https, form, StatusCode::OK)
}

fn sign_in_page(jar: CookieJar, https: bool, mut page: SignInPage, status: StatusCode) -> Result<Response, WebError> {
    let (jar, token) = csrf::ensure_pre_session(jar, https)?;
    page.chrome = Chrome { csrf: token, ..Chrome::bare() };
    let page = render(&page)?;
    Ok((status, jar, page).into_response())
}

/// `next` if it is a path on this site (never another site, never a scheme), else `None`.
pub fn safe_next(next: &str) -> Option<String> {
    let local = next.starts_with('/') && !next.starts_with("//") && next.len() <= 200;
    let plain = next.bytes().all(|b| b.is_ascii_alphanumeric() || b"/?=&-_.%".contains(&b));
    (local && plain && !next.contains("..")).then(|| next.to_string())
}

#[derive(Deserialize)]
pub struct SignInForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    remember: Option<String>,
    #[serde(default)]
    next: String,
    /// Not sent (or empty), until signed out.
    #[serde(default)]
    lifetime: String,
}

/// `POST /signin`: a new session for this browser (never reusing an old one), then "Who's watching?".
pub async fn sign_in(
    State(app): State<Identity>,
    jar: CookieJar,
    headers: HeaderMap,
    info: RequestInfo,
    PreSessionCsrfForm(form): PreSessionCsrfForm<SignInForm>,
) -> Result<Response, WebError> {
    let remember = form.remember.is_some();
    let next = safe_next(&form.next).unwrap_or_default();
    let lifetime = match form.lifetime.trim() {
        "" => Some(SessionLifetime::UntilSignedOut),
        name => SessionLifetime::parse(name),
    };
    let tr = Tr::new(i18n::current());
    let retry = |jar: CookieJar, error: String, status: StatusCode| {
        let page = SignInPage {
            chrome: Chrome::bare(),
            email: form.email.trim().to_string(),
            remember,
            error: Some(error),
            notice: None,
            next: next.clone(),
            lifetime: lifetime.unwrap_or_default().as_str(),
        };
        sign_in_page(jar, info.https, page, status)
    };
    let Some(lifetime) = lifetime else {
        return retry(jar, tr.t("lifetime-unknown"), StatusCode::BAD_REQUEST);
    };
    let Ok(email) = Email::parse(&form.email) else {
        return retry(jar, tr.t("signin-enter-email"), StatusCode::BAD_REQUEST);
    };
    let Some(password) = Password::presented(&form.password) else {
        return retry(jar, tr.t("signin-enter-password"), StatusCode::BAD_REQUEST);
    };
    let device_token = cookies::device_token(&jar, info.https);
    let device = device_token.as_deref().and_then(crate::auth::token::hash_presented);
    let verified = match app.verify_sign_in(&email, &password, info.ip.as_deref(), device.as_ref()).await {
        Ok(verified) => verified,
        Err(AppError::InvalidCredentials) => {
            return retry(jar, tr.t("signin-no-match"), StatusCode::UNAUTHORIZED);
        }
        Err(AppError::TooManyRequests { retry_after_secs }) => {
            let wait = i18n::wait(tr, retry_after_secs.max(1));
            return retry(jar, tr.t_with("error-too-many", "wait", wait), StatusCode::TOO_MANY_REQUESTS);
        }
        Err(other) => return Err(other.into()),
    };
    // A session cookie from before belongs to a session that is now replaced: end it.
    if let Some(old) = cookies::session_token(&jar, info.https).and_then(|raw| crate::auth::token::hash_presented(&raw))
        && let Some(previous) = app.sessions.authenticate(&old, None).await?
    {
        app.sessions.revoke(&previous.actor(None), previous.account.id, previous.session.id).await?;
    }
    let request = SessionRequest {
        device_name: describe_browser(&info.user_agent),
        device_kind: kind_of_browser(&info.user_agent),
        remember,
        ip: info.ip.clone(),
        proof: crate::auth::Proof::Password,
        lifetime,
        alert_origin: Some(super::device_code::origin(&app, &headers, info.https)),
    };
    let (token, record) = match app.start_or_challenge(&verified, request, &next).await {
        Ok(SignInStep::SignedIn { token, record }) => (token, record),
        // Two-step sign-in: no session yet, only the challenge, held in a strict short-lived cookie.
        Ok(SignInStep::SecondStep(challenge)) => {
            return Ok(super::second_step::ask_for_code(jar, challenge, info.https));
        }
        // The password changed while this one was being checked.
        Err(AppError::InvalidCredentials) => {
            return retry(jar, tr.t("signin-no-match"), StatusCode::UNAUTHORIZED);
        }
        Err(other) => return Err(other.into()),
    };
    tracing::info!(account = %verified.account.id, session = %record.id, "signed in from a browser");
    let device_token = app.sessions.remember_device(&verified, device_token.as_deref()).await?;
    let max_age = remember.then_some(app.settings.sessions.remembered_lifetime);
    let jar = cookies::with_session(jar, token, info.https, max_age);
    let jar = cookies::not_a_tv(cookies::with_device(jar, device_token, info.https));
    Ok((jar, Redirect::to(if next.is_empty() { "/profiles" } else { &next })).into_response())
}

#[derive(Template)]
#[template(path = "auth/signout.html")]
struct SignOutPage {
    chrome: Chrome,
}

/// `GET /signout`: "Sign out of Marquee on this device?"
pub async fn show_sign_out(State(app): State<Identity>, me: BrowserSession) -> Result<Html<String>, WebError> {
    let (chrome, _) = me.chrome(&app).await?;
    render(&SignOutPage { chrome })
}

#[derive(Deserialize)]
pub struct EmptyForm {}

/// `POST /signout`: ends this device's session, clears the cookie and what the browser kept.
pub async fn sign_out(
    State(app): State<Identity>,
    jar: CookieJar,
    me: BrowserSession,
    CsrfForm(_): CsrfForm<EmptyForm>,
) -> Result<Response, WebError> {
    app.sessions.revoke(&me.actor(), me.current.account.id, me.current.session.id).await?;
    if me.current.session.device_kind == DeviceKind::Tv {
        // A TV goes straight back to its code screen, ready for the next person.
        return Ok(cookies::signed_out_redirect(jar, "/tv"));
    }
    Ok(cookies::signed_out_redirect(jar, "/signed-out"))
}

/// The answer after any sign-out of this browser: no cookie, nothing cached, then "You've signed out".
#[derive(Template)]
#[template(path = "auth/signed_out.html")]
struct SignedOutPage {
    chrome: Chrome,
}

/// `GET /signed-out`: "You've signed out".
pub async fn signed_out() -> Result<Html<String>, WebError> {
    render(&SignedOutPage { chrome: Chrome::bare() })
}
