//! The link that makes a new address the account's sign-in email: opening it keeps its secret in a
//! short-lived cookie and shows the address with one button; confirming makes the change.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum_extra::extract::cookie::CookieJar;
use serde::Deserialize;

use crate::auth::Identity;
use crate::store::EmailChangeRefusal;
use crate::web::one_time_links::{self, pre_session_page};
use crate::web::{Chrome, PreSessionCsrfForm, RequestInfo, WebError, cookies};

/// Where the link's page sends the browser, with the secret no longer in the address.
const CONFIRM_PATH: &str = "/account/email/confirm";

/// What the page shows.
enum Stage {
    /// The link works: the address it would set.
    Waiting(String),
    /// The address is the account's now.
    Done(String),
    /// Why nothing changed (a message id).
    Refused(&'static str),
}

#[derive(Template)]
#[template(path = "account/email_confirm.html")]
struct EmailConfirmPage {
    chrome: Chrome,
    state: Stage,
}

#[derive(Deserialize)]
pub struct OpenQuery {
    #[serde(default)]
    token: String,
}

/// `GET /account/email/open?token=…`, the link sent to the new address.
pub async fn open(jar: CookieJar, info: RequestInfo, Query(query): Query<OpenQuery>) -> Result<Response, WebError> {
    let well_formed = crate::auth::token::hash_email_token(&query.token).is_some();
    one_time_links::open(jar, info.https, query.token, well_formed, "email-confirm-title", CONFIRM_PATH)
}

fn answer(jar: CookieJar, https: bool, status: StatusCode, state: Stage) -> Result<Response, WebError> {
    pre_session_page(jar, https, status, |chrome| EmailConfirmPage { chrome, state })
}

/// `GET /account/email/confirm`: the new address and one button, while the link works.
pub async fn show(State(app): State<Identity>, jar: CookieJar, info: RequestInfo) -> Result<Response, WebError> {
    let secret = cookies::link_token(&jar, info.https).unwrap_or_default();
    match app.email_change_for(&secret).await? {
        Some(new_email) => answer(jar, info.https, StatusCode::OK, Stage::Waiting(new_email)),
        None => answer(cookies::without_link(jar), info.https, StatusCode::GONE, Stage::Refused("email-confirm-dead")),
    }
}

#[derive(Deserialize)]
pub struct ConfirmForm {}

/// `POST /account/email/confirm`: makes the change, once.
pub async fn confirm(
    State(app): State<Identity>,
    jar: CookieJar,
    info: RequestInfo,
    PreSessionCsrfForm(_): PreSessionCsrfForm<ConfirmForm>,
) -> Result<Response, WebError> {
    let secret = cookies::link_token(&jar, info.https).unwrap_or_default();
    let jar = cookies::without_link(jar);
    let by = crate::store::Actor::at_address(info.ip.clone());
    match app.confirm_email_change(&by, &secret).await? {
        Ok(changed) => answer(jar, info.https, StatusCode::OK, Stage::Done(changed.new_email)),
        Err(EmailChangeRefusal::DeadLink | EmailChangeRefusal::AccountChanged) => {
            answer(jar, info.https, StatusCode::GONE, Stage::Refused("email-confirm-dead"))
        }
        Err(EmailChangeRefusal::Taken) => {
            answer(jar, info.https, StatusCode::CONFLICT, Stage::Refused("email-confirm-taken"))
        }
    }
}
