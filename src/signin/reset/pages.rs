//! The "Forgot password?" pages: ask for a link, open it (its secret moves from the address bar into
//! a short-lived strict cookie at once), and choose the new password, which signs this browser in.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::cookie::CookieJar;
use serde::Deserialize;

use crate::auth::password_reset::{RESET_LINK_MINUTES, ResetRefusal};
use crate::auth::two_step::SignInStep;
use crate::auth::{Identity, SessionRequest, describe_browser, kind_of_browser};
use crate::domain::email::Email;
use crate::error::AppError;
use crate::i18n::{self, Tr};
use crate::web::{Chrome, PreSessionCsrfForm, RequestInfo, WebError, cookies, csrf, render};

/// Where the link's page sends the browser, with the secret no longer in the address.
const CHOOSE_PATH: &str = "/password-reset/new";

#[derive(Template)]
#[template(path = "auth/forgot.html")]
struct ForgotPage {
    chrome: Chrome,
    mail: bool,
    email: String,
    error: Option<String>,
    /// The words saying a link is on its way, once asked.
    sent: Option<String>,
}

/// A page for a signed-out browser, with its pre-session CSRF token.
fn page(
    jar: CookieJar,
    https: bool,
    status: StatusCode,
    build: impl FnOnce(Chrome) -> Response,
) -> Result<Response, WebError> {
    let (jar, token) = csrf::ensure_pre_session(jar, https)?;
    Ok((status, jar, build(Chrome { csrf: token, ..Chrome::bare() })).into_response())
}

fn html(template: &impl Template) -> Response {
    match render(template) {
        Ok(page) => page.into_response(),
        Err(error) => error.into_response(),
    }
}

/// `GET /password-reset`: the email form, or, without a mail server, whom to ask instead.
pub async fn show(State(app): State<Identity>, jar: CookieJar, info: RequestInfo) -> Result<Response, WebError> {
    let mail = app.mail_configured();
    page(jar, info.https, StatusCode::OK, |chrome| {
        html(&ForgotPage { chrome, mail, email: String::new(), error: None, sent: None })
    })
}

#[derive(Deserialize)]
pub struct ForgotForm {
    #[serde(default)]
    email: String,
}

/// `POST /password-reset`: the same answer whether or not the email has an account.
pub async fn ask(
    State(app): State<Identity>,
    jar: CookieJar,
    headers: HeaderMap,
    info: RequestInfo,
    PreSessionCsrfForm(form): PreSessionCsrfForm<ForgotForm>,
) -> Result<Response, WebError> {
    let tr = Tr::new(i18n::current());
    let mail = app.mail_configured();
    let typed = form.email.trim().to_string();
    let answer = |jar, status, error: Option<String>, sent: Option<String>| {
        let email = typed.clone();
        page(jar, info.https, status, move |chrome| html(&ForgotPage { chrome, mail, email, error, sent }))
    };
    if !mail {
        return answer(jar, StatusCode::SERVICE_UNAVAILABLE, None, None);
    }
    let Ok(email) = Email::parse(&form.email) else {
        return answer(jar, StatusCode::BAD_REQUEST, Some(tr.t("signin-enter-email")), None);
    };
    let base = app.link_base(&super::super::device_code::origin(&app, &headers, info.https));
    match app.request_password_reset(&email, info.ip.as_deref(), &base).await {
        Ok(()) => {
            let sent = tr.t_args(
                "forgot-sent",
                &[
                    ("email", i18n::Arg::Text(email.as_str().into())),
                    ("minutes", i18n::Arg::Number(RESET_LINK_MINUTES)),
                ],
            );
            answer(jar, StatusCode::OK, None, Some(sent))
        }
        Err(AppError::TooManyRequests { retry_after_secs }) => {
            let wait = i18n::wait(tr, retry_after_secs.max(1));
            answer(jar, StatusCode::TOO_MANY_REQUESTS, Some(tr.t_with("error-too-many", "wait", wait)), None)
        }
        Err(other) => Err(other.into()),
    }
}

#[derive(Template)]
#[template(path = "auth/reset_open.html")]
struct OpeningPage {
    chrome: Chrome,
    next: &'static str,
}

#[derive(Deserialize)]
pub struct OpenQuery {
    #[serde(default)]
    token: String,
}

/// `GET /password-reset/open?token=…`, the link in the message: keeps the secret in a strict cookie
/// and moves on at once to a clean address, sending no Referer. (A page that moves on rather than a
/// redirect: a strict cookie set while arriving from a mail site would not come along on a redirect.)
pub async fn open(jar: CookieJar, info: RequestInfo, Query(query): Query<OpenQuery>) -> Result<Response, WebError> {
    // Only what can be a secret is kept; anything else leads on to "this link no longer works".
    let jar = match crate::auth::token::hash_reset_token(&query.token) {
        Some(_) => cookies::with_reset(jar, query.token, info.https, time::Duration::minutes(RESET_LINK_MINUTES)),
        None => cookies::without_reset(jar),
    };
    let page = render(&OpeningPage { chrome: Chrome::bare(), next: CHOOSE_PATH })?;
    let mut response = (jar, page).into_response();
    response.headers_mut().insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    Ok(response)
}

#[derive(Template)]
#[template(path = "auth/reset_new.html")]
struct ChoosePage {
    chrome: Chrome,
    /// The account's email while the link works; `None` shows why it does not.
    email: Option<String>,
    error: Option<String>,
}

fn dead_link(jar: CookieJar, https: bool) -> Result<Response, WebError> {
    page(cookies::without_reset(jar), https, StatusCode::GONE, |chrome| {
        html(&ChoosePage { chrome, email: None, error: None })
    })
}

/// `GET /password-reset/new`: the new password form, while the link in this browser's cookie works.
pub async fn show_choose(State(app): State<Identity>, jar: CookieJar, info: RequestInfo) -> Result<Response, WebError> {
    let secret = cookies::reset_token(&jar, info.https).unwrap_or_default();
    let Some((_, account)) = app.password_reset_for(&secret).await? else {
        return dead_link(jar, info.https);
    };
    page(jar, info.https, StatusCode::OK, |chrome| {
        html(&ChoosePage { chrome, email: Some(account.email), error: None })
    })
}

#[derive(Deserialize)]
pub struct ChooseForm {
    #[serde(default)]
    password: String,
}

/// `POST /password-reset/new`: sets the password, signs every device out, signs this browser in.
pub async fn choose(
    State(app): State<Identity>,
    jar: CookieJar,
    headers: HeaderMap,
    info: RequestInfo,
    PreSessionCsrfForm(form): PreSessionCsrfForm<ChooseForm>,
) -> Result<Response, WebError> {
    let secret = cookies::reset_token(&jar, info.https).unwrap_or_default();
    let base = app.link_base(&super::super::device_code::origin(&app, &headers, info.https));
    let by = crate::store::Actor::at_address(info.ip.clone());
    let verified = match app.reset_password(&by, &secret, &form.password, &base).await {
        Ok(verified) => verified,
        Err(ResetRefusal::DeadLink) => return dead_link(jar, info.https),
        Err(ResetRefusal::Password(why)) => {
            let tr = Tr::new(i18n::current());
            let email = app.password_reset_for(&secret).await?.map(|(_, account)| account.email);
            let error = Some(tr.say(&why.message()));
            return page(jar, info.https, StatusCode::BAD_REQUEST, |chrome| html(&ChoosePage { chrome, email, error }));
        }
        Err(ResetRefusal::Failed(error)) => return Err(error.into()),
    };
    let request = SessionRequest {
        device_name: describe_browser(&info.user_agent),
        device_kind: kind_of_browser(&info.user_agent),
        remember: false,
        ip: info.ip.clone(),
        proof: crate::auth::Proof::Password,
        lifetime: Default::default(),
        alert_origin: None,
    };
    let jar = cookies::without_reset(jar);
    // The password is set; should the session not start (changed again meanwhile), sign in as usual.
    // With two-step sign-in on, the new password alone signs nothing in: on to the second step.
    let token = match app.start_or_challenge(&verified, request, "").await {
        Ok(SignInStep::SignedIn { token, .. }) => token,
        Ok(SignInStep::SecondStep(challenge)) => {
            return Ok(crate::signin::second_step::ask_for_code(jar, challenge, info.https));
        }
        Err(_) => return Ok((jar, Redirect::to("/signin")).into_response()),
    };
    let jar = cookies::not_a_tv(cookies::with_session(jar, token, info.https, None));
    Ok((jar, Redirect::to("/profiles")).into_response())
}
