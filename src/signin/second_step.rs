//! The second step of a browser's sign-in (`/signin/two-step`): the code from the authenticator app,
//! or a recovery code, for the challenge the right password left in a strict short-lived cookie.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::cookie::CookieJar;
use serde::Deserialize;

use crate::auth::Identity;
use crate::auth::two_step::{CHALLENGE_LIFETIME, IssuedChallenge, SecondStepRefusal};
use crate::i18n::{self, Tr, key};
use crate::web::{Chrome, PreSessionCsrfForm, RequestInfo, WebError, cookies, csrf, render};

const PATH: &str = "/signin/two-step";

#[derive(Template)]
#[template(path = "auth/second_step.html")]
struct SecondStepPage {
    chrome: Chrome,
    /// Asking for a recovery code rather than the app's code.
    recovery: bool,
    /// The sign-in is over (expired, or the account changed): start again.
    expired: bool,
    error: Option<String>,
}

/// The answer to a right password for an account with two-step sign-in on: the challenge's secret in
/// a strict cookie (never in the address), and on to the page asking for the code.
pub fn ask_for_code(jar: CookieJar, challenge: IssuedChallenge, https: bool) -> Response {
    let jar = cookies::with_second_step(jar, challenge.secret, https, CHALLENGE_LIFETIME);
    (jar, Redirect::to(PATH)).into_response()
}

fn page(jar: CookieJar, https: bool, mut page: SecondStepPage, status: StatusCode) -> Result<Response, WebError> {
    let (jar, token) = csrf::ensure_pre_session(jar, https)?;
    page.chrome = Chrome { csrf: token, ..Chrome::bare() };
    let jar = if page.expired { cookies::without_second_step(jar) } else { jar };
    Ok((status, jar, render(&page)?).into_response())
}

#[derive(Deserialize)]
pub struct StepQuery {
    #[serde(default)]
    with: Option<String>,
}

/// `GET /signin/two-step`: the code form, while this browser's sign-in waits for it.
pub async fn show(
    State(app): State<Identity>,
    jar: CookieJar,
    info: RequestInfo,
    Query(query): Query<StepQuery>,
) -> Result<Response, WebError> {
    let secret = cookies::second_step_token(&jar, info.https).unwrap_or_default();
    let expired = app.open_challenge(&secret).await?.is_none();
    let recovery = query.with.as_deref() == Some("recovery");
    let status = if expired { StatusCode::GONE } else { StatusCode::OK };
    page(jar, info.https, SecondStepPage { chrome: Chrome::bare(), recovery, expired, error: None }, status)
}

#[derive(Deserialize)]
pub struct CodeForm {
    #[serde(default)]
    code: String,
    #[serde(default)]
    with: Option<String>,
}

/// `POST /signin/two-step`: the code; right, this browser is signed in and goes where it was going.
pub async fn answer(
    State(app): State<Identity>,
    jar: CookieJar,
    info: RequestInfo,
    PreSessionCsrfForm(form): PreSessionCsrfForm<CodeForm>,
) -> Result<Response, WebError> {
    let tr = Tr::new(i18n::current());
    let recovery = form.with.as_deref() == Some("recovery");
    let refused = |jar, error: String, status| {
        page(
            jar,
            info.https,
            SecondStepPage { chrome: Chrome::bare(), recovery, expired: false, error: Some(error) },
            status,
        )
    };
    if form.code.trim().is_empty() {
        let ask = if recovery { key("two-step-enter-recovery") } else { key("two-step-enter-code") };
        return refused(jar, tr.t(ask), StatusCode::BAD_REQUEST);
    }
    let secret = cookies::second_step_token(&jar, info.https).unwrap_or_default();
    let done = match app.answer_second_step(&secret, &form.code, info.ip.as_deref()).await {
        Ok(done) => done,
        Err(SecondStepRefusal::Expired) => {
            let expired = SecondStepPage { chrome: Chrome::bare(), recovery, expired: true, error: None };
            return page(jar, info.https, expired, StatusCode::GONE);
        }
        Err(SecondStepRefusal::WrongCode) => {
            let wrong = if recovery { key("two-step-wrong-recovery") } else { key("two-step-wrong-code") };
            return refused(jar, tr.t(wrong), StatusCode::UNAUTHORIZED);
        }
        Err(SecondStepRefusal::TooMany { retry_after_secs }) => {
            let wait = i18n::wait(tr, retry_after_secs.max(1));
            return refused(jar, tr.t_with("error-too-many", "wait", wait), StatusCode::TOO_MANY_REQUESTS);
        }
        Err(SecondStepRefusal::Failed(error)) => return Err(error.into()),
    };
    let device_token = cookies::device_token(&jar, info.https);
    let device_token = app.sessions.remember_device(&done.verified, device_token.as_deref()).await?;
    let max_age = done.remember.then_some(app.settings.sessions.remembered_lifetime);
    let jar = cookies::with_session(cookies::without_second_step(jar), done.token, info.https, max_age);
    let jar = cookies::not_a_tv(cookies::with_device(jar, device_token, info.https));
    let next = super::pages::safe_next(&done.next).unwrap_or_else(|| "/profiles".to_string());
    Ok((jar, Redirect::to(&next)).into_response())
}
