//! "Manage access and devices" and "Sign out of all devices", from the account page.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum_extra::extract::cookie::CookieJar;
use serde::Deserialize;

use super::page::{Draft, Section, account_page};
use crate::auth::Identity;
use crate::i18n::key;
use crate::store::StreamStop;
use crate::web::reauth::confirm_password;
use crate::web::{AccountHolder, BrowserSession, Chrome, CsrfForm, DeviceId, PathId, WebError, render};

/// `POST /account/devices/{id}/sign-out`: signs one device out; this device's button signs this browser out.
/// Another device needs what "Sign out of all devices" needs (the password, or a recent proof of it):
/// a device that cannot sign everyone out cannot do it one by one either.
pub async fn sign_out_device(
    State(app): State<Identity>,
    jar: CookieJar,
    AccountHolder(me): AccountHolder,
    PathId { id, .. }: PathId<DeviceId>,
    CsrfForm(form): CsrfForm<SignOutAllForm>,
) -> Result<Response, WebError> {
    let missing = || WebError::missing(key("error-device-not-found"));
    if id != me.current.session.id
        && let Some(why) = password_refusal(&app, &me, form.password, key("password-needed-sign-out-device")).await?
    {
        let error = Some((Section::Devices, "", why));
        return account_page(&app, &me, None, error, Draft::default(), StatusCode::UNAUTHORIZED).await;
    }
    if !app.sessions.revoke(&me.actor(), me.current.account.id, id).await? {
        return Err(missing());
    }
    if id == me.current.session.id {
        return Ok(crate::web::cookies::signed_out_redirect(jar, "/signed-out"));
    }
    Ok(Redirect::to("/account?saved=device#devices").into_response())
}

/// A form that carries nothing but its CSRF token.
#[derive(Deserialize)]
pub struct StopPlaybackForm {}

/// `POST /account/devices/{id}/stop-playback`: stops what one device plays, wherever it plays; the
/// device stays signed in and its player says this device stopped it.
pub async fn stop_playback(
    State(app): State<Identity>,
    AccountHolder(me): AccountHolder,
    PathId { id, .. }: PathId<DeviceId>,
    CsrfForm(_): CsrfForm<StopPlaybackForm>,
) -> Result<Response, WebError> {
    let account_id = me.current.account.id;
    match app.sessions.stop_playback(&me.actor(), account_id, id).await? {
        StreamStop::NoSuchSession => Err(WebError::missing(key("error-device-not-found"))),
        StreamStop::Stopped { .. } => Ok(Redirect::to("/account?saved=playback-stopped#devices").into_response()),
    }
}

#[derive(Template)]
#[template(path = "account/sign_out_all.html")]
struct SignOutAllPage {
    chrome: Chrome,
    needs_password: bool,
    error: Option<String>,
}

/// `GET /account/sign-out-all`: the confirmation page (the dialog's stand-in without JavaScript).
pub async fn confirm(State(app): State<Identity>, AccountHolder(me): AccountHolder) -> Result<Html<String>, WebError> {
    let (chrome, _) = me.chrome(&app).await?;
    let needs_password = !app.sessions.recently_proved_password(&me.current.session);
    render(&SignOutAllPage { chrome, needs_password, error: None })
}

#[derive(Deserialize)]
pub struct SignOutAllForm {
    #[serde(default)]
    password: Option<String>,
}

/// `POST /account/sign-out-all`: every device of the account, this one included, then "You've signed out".
pub async fn sign_out_all(
    State(app): State<Identity>,
    jar: CookieJar,
    AccountHolder(me): AccountHolder,
    CsrfForm(form): CsrfForm<SignOutAllForm>,
) -> Result<Response, WebError> {
    if let Some(why) = password_refusal(&app, &me, form.password, key("password-needed-sign-out-all")).await? {
        let (chrome, _) = me.chrome(&app).await?;
        let page = render(&SignOutAllPage { chrome, needs_password: true, error: Some(why) })?;
        return Ok((StatusCode::UNAUTHORIZED, page).into_response());
    }
    let ended = app.sessions.revoke_all(&me.actor(), me.current.account.id).await?;
    tracing::info!(account = %me.current.account.id, sessions = ended.len(), "signed out of all devices from the web");
    Ok(crate::web::cookies::signed_out_redirect(jar, "/signed-out"))
}

/// Why signing devices out is refused (the password is wrong, or neither typed nor proved recently
/// by this session), in words for the page; `None` when it may go ahead. `asking` is the id of the
/// message asking for the password.
async fn password_refusal(
    app: &Identity,
    me: &BrowserSession,
    password: Option<String>,
    asking: &str,
) -> Result<Option<String>, WebError> {
    Ok(match password.filter(|p| !p.is_empty()) {
        Some(password) => confirm_password(app, me, &password).await?.err(),
        None if !app.sessions.recently_proved_password(&me.current.session) => Some(me.tr().t(asking)),
        None => None,
    })
}
