//! "Not you?": the link in a security message. Opening it keeps its secret in a short-lived cookie and
//! shows one button; confirming signs the account out of every device and continues straight to
//! choosing a new password (the reset link it made is set for this browser as the reset flow does).

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::cookie::CookieJar;
use serde::Deserialize;

use crate::auth::Identity;
use crate::auth::password_reset::RESET_LINK_MINUTES;
use crate::web::one_time_links::{self, pre_session_page};
use crate::web::{Chrome, PreSessionCsrfForm, RequestInfo, WebError, cookies};

/// Where the link's page sends the browser, with the secret no longer in the address.
const CONFIRM_PATH: &str = "/not-me";

#[derive(Template)]
#[template(path = "auth/not_me.html")]
struct NotMePage {
    chrome: Chrome,
    /// The account's email while the link works; `None` shows why it does not.
    email: Option<String>,
}

#[derive(Deserialize)]
pub struct OpenQuery {
    #[serde(default)]
    token: String,
}

/// `GET /not-me/open?token=…`, the link in the message.
pub async fn open(jar: CookieJar, info: RequestInfo, Query(query): Query<OpenQuery>) -> Result<Response, WebError> {
    let well_formed = crate::auth::token::hash_not_me_token(&query.token).is_some();
    one_time_links::open(jar, info.https, query.token, well_formed, "not-me-title", CONFIRM_PATH)
}

fn dead_link(jar: CookieJar, https: bool) -> Result<Response, WebError> {
    pre_session_page(cookies::without_link(jar), https, StatusCode::GONE, |chrome| NotMePage { chrome, email: None })
}

/// `GET /not-me`: what confirming does, with one button, while the link in this browser's cookie works.
pub async fn show(State(app): State<Identity>, jar: CookieJar, info: RequestInfo) -> Result<Response, WebError> {
    let secret = cookies::link_token(&jar, info.https).unwrap_or_default();
    let Some(account) = app.not_me_link_for(&secret).await? else {
        return dead_link(jar, info.https);
    };
    pre_session_page(jar, info.https, StatusCode::OK, |chrome| NotMePage { chrome, email: Some(account.email) })
}

#[derive(Deserialize)]
pub struct ConfirmForm {}

/// `POST /not-me`: signs every device out and goes on to choose a new password.
pub async fn confirm(
    State(app): State<Identity>,
    jar: CookieJar,
    info: RequestInfo,
    PreSessionCsrfForm(_): PreSessionCsrfForm<ConfirmForm>,
) -> Result<Response, WebError> {
    let secret = cookies::link_token(&jar, info.https).unwrap_or_default();
    let by = crate::store::Actor::at_address(info.ip.clone());
    let Some(reset) = app.use_not_me_link(&by, &secret).await? else {
        return dead_link(jar, info.https);
    };
    let jar = cookies::without_link(jar);
    let jar = cookies::with_reset(jar, reset, info.https, time::Duration::minutes(RESET_LINK_MINUTES));
    Ok((jar, Redirect::to("/password-reset/new")).into_response())
}
