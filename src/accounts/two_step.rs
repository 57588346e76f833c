//! The owner's two-step sign-in page (`/account/two-step`): turn it on (the password, then a QR code
//! and the secret as text to add to an authenticator app, then a code from the app to confirm it),
//! the ten recovery codes shown once, new recovery codes, and turning it off. Turning it on or off and
//! making new codes all need the password.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use crate::auth::Identity;
use crate::auth::two_step::{EnableRefusal, PendingSecret};
use crate::i18n::key;
use crate::web::reauth::confirm_password;
use crate::web::{AccountHolder, BrowserSession, Chrome, CsrfForm, WebError, qr, render};

#[derive(Template)]
#[template(path = "account/two_step.html")]
struct TwoStepPage {
    chrome: Chrome,
    on: bool,
    codes_left: i64,
    /// The secret to scan, while one waits for its code.
    pending: Option<PendingSecret>,
    /// The QR code of the pending secret's link, as an `<svg>` element.
    qr: Option<String>,
    /// A message id: what was just done.
    notice: Option<&'static str>,
    /// The id of the field at fault, and why.
    error: Option<(&'static str, String)>,
}

impl TwoStepPage {
    fn invalid(&self, field: &str) -> bool {
        self.error.as_ref().is_some_and(|(at_fault, _)| *at_fault == field)
    }

    fn error_text(&self) -> Option<&str> {
        self.error.as_ref().map(|(_, text)| text.as_str())
    }
}

#[derive(Template)]
#[template(path = "account/recovery_codes.html")]
struct RecoveryCodesPage {
    chrome: Chrome,
    codes: Vec<String>,
    /// Shown right after turning two-step sign-in on (rather than after making new codes).
    just_turned_on: bool,
}

#[derive(Deserialize)]
pub struct Done {
    #[serde(default)]
    done: Option<String>,
}

/// `GET /account/two-step`.
pub async fn show(
    State(app): State<Identity>,
    AccountHolder(me): AccountHolder,
    Query(done): Query<Done>,
) -> Result<Response, WebError> {
    let notice = match done.done.as_deref() {
        Some("scan") => Some(key("two-step-scan-notice")),
        _ => None,
    };
    two_step_page(&app, &me, notice, None, StatusCode::OK).await
}

async fn two_step_page(
    app: &Identity,
    me: &BrowserSession,
    notice: Option<&'static str>,
    error: Option<(&'static str, String)>,
    status: StatusCode,
) -> Result<Response, WebError> {
    let account = app.store.account_by_id(me.current.account.id).await?.ok_or(WebError::SignInRequired)?;
    let (chrome, _) = me.chrome(app).await?;
    let on = app.two_step_on(account.id).await?;
    let codes_left = if on { app.recovery_codes_left(account.id).await? } else { 0 };
    let pending = if on { None } else { app.pending_two_step(&account).await? };
    let qr = pending
        .as_ref()
        .and_then(|pending| pending.link.as_deref())
        .and_then(|link| qr::svg(link, "two-step__qr", &chrome.tr.t("two-step-qr-label")));
    let page = TwoStepPage { chrome, on, codes_left, pending, qr, notice, error };
    Ok((status, render(&page)?).into_response())
}

async fn codes_page(
    app: &Identity,
    me: &BrowserSession,
    codes: Vec<String>,
    just_turned_on: bool,
) -> Result<Response, WebError> {
    let (chrome, _) = me.chrome(app).await?;
    Ok(render(&RecoveryCodesPage { chrome, codes, just_turned_on })?.into_response())
}

#[derive(Deserialize)]
pub struct PasswordForm {
    #[serde(default)]
    password: String,
}

/// `POST /account/two-step/start`: the password, then a new secret to scan.
pub async fn start(
    State(app): State<Identity>,
    AccountHolder(me): AccountHolder,
    CsrfForm(form): CsrfForm<PasswordForm>,
) -> Result<Response, WebError> {
    if let Err(why) = confirm_password(&app, &me, &form.password).await? {
        return two_step_page(&app, &me, None, Some(("two-step-password", why)), StatusCode::UNAUTHORIZED).await;
    }
    if app.two_step_on(me.current.account.id).await? {
        return Ok(Redirect::to("/account/two-step").into_response());
    }
    app.start_two_step(&me.current.account).await?;
    Ok(Redirect::to("/account/two-step?done=scan#confirm").into_response())
}

#[derive(Deserialize)]
pub struct CodeForm {
    #[serde(default)]
    code: String,
}

/// `POST /account/two-step/confirm`: the app's code for the secret shown; right, two-step sign-in is
/// on and the recovery codes are shown, once.
pub async fn confirm(
    State(app): State<Identity>,
    AccountHolder(me): AccountHolder,
    CsrfForm(form): CsrfForm<CodeForm>,
) -> Result<Response, WebError> {
    let tr = me.tr();
    let refused = |field: &'static str, why: &str, status| {
        let error = Some((field, tr.t(why)));
        two_step_page(&app, &me, None, error, status)
    };
    match app.enable_two_step(&me.actor(), &me.current.account, &form.code).await {
        Ok(codes) => codes_page(&app, &me, codes, true).await,
        Err(EnableRefusal::WrongCode) => {
            refused("two-step-code", key("two-step-wrong-setup-code"), StatusCode::BAD_REQUEST).await
        }
        Err(EnableRefusal::NothingPending) => refused("", key("two-step-nothing-pending"), StatusCode::CONFLICT).await,
        Err(EnableRefusal::AlreadyOn) => refused("", key("two-step-already-on"), StatusCode::CONFLICT).await,
        Err(EnableRefusal::Failed(error)) => Err(error.into()),
    }
}

/// `POST /account/two-step/recovery-codes`: the password, then ten new recovery codes (the old ones
/// stop working), shown once.
pub async fn new_codes(
    State(app): State<Identity>,
    AccountHolder(me): AccountHolder,
    CsrfForm(form): CsrfForm<PasswordForm>,
) -> Result<Response, WebError> {
    if let Err(why) = confirm_password(&app, &me, &form.password).await? {
        return two_step_page(&app, &me, None, Some(("codes-password", why)), StatusCode::UNAUTHORIZED).await;
    }
    match app.new_recovery_codes(&me.actor(), me.current.account.id).await? {
        Some(codes) => codes_page(&app, &me, codes, false).await,
        None => {
            let error = Some(("", me.tr().t("two-step-is-off")));
            two_step_page(&app, &me, None, error, StatusCode::CONFLICT).await
        }
    }
}

/// `POST /account/two-step/off`: the password, then two-step sign-in is off.
pub async fn turn_off(
    State(app): State<Identity>,
    AccountHolder(me): AccountHolder,
    CsrfForm(form): CsrfForm<PasswordForm>,
) -> Result<Response, WebError> {
    if let Err(why) = confirm_password(&app, &me, &form.password).await? {
        return two_step_page(&app, &me, None, Some(("off-password", why)), StatusCode::UNAUTHORIZED).await;
    }
    app.disable_two_step(&me.actor(), me.current.account.id).await?;
    Ok(Redirect::to("/account?saved=two-step-off#two-step").into_response())
}
