//! "Manage access and devices" and "Sign out of all devices", from the account page.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum_extra::extract::cookie::CookieJar;
use serde::Deserialize;
use uuid::Uuid;

use crate::auth::reauth::confirm_password;
use crate::auth::web::{EmptyForm, signed_out_response};
use crate::state::AppState;
use crate::web::{AccountHolder, Chrome, CsrfForm, WebError, render};

/// `POST /account/devices/{id}/sign-out`: signs one device out; this device's button signs this browser out.
pub async fn sign_out_device(
    State(app): State<AppState>,
    jar: CookieJar,
    AccountHolder(me): AccountHolder,
    Path(id): Path<String>,
    CsrfForm(_): CsrfForm<EmptyForm>,
) -> Result<Response, WebError> {
    let id = Uuid::parse_str(&id).map_err(|_| WebError::not_found("That device"))?;
    if !app.sessions.revoke(me.current.account.id, id).await? {
        return Err(WebError::not_found("That device"));
    }
    if id == me.current.session.id {
        return Ok(signed_out_response(jar));
    }
    Ok(Redirect::to("/account?saved=device#devices").into_response())
}

#[derive(Template)]
#[template(path = "account/sign_out_all.html")]
struct SignOutAllPage {
    chrome: Chrome,
    needs_password: bool,
    error: Option<String>,
}

/// `GET /account/sign-out-all`: the confirmation page (the dialog's stand-in without JavaScript).
pub async fn confirm(State(app): State<AppState>, AccountHolder(me): AccountHolder) -> Result<Html<String>, WebError> {
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
    State(app): State<AppState>,
    jar: CookieJar,
    AccountHolder(me): AccountHolder,
    CsrfForm(form): CsrfForm<SignOutAllForm>,
) -> Result<Response, WebError> {
    let password = form.password.filter(|p| !p.is_empty());
    let refused = match password {
        Some(password) => confirm_password(&app, &me, &password).await?.err(),
        None if !app.sessions.recently_proved_password(&me.current.session) => {
            Some("For your security, enter your password to sign out of all devices.".to_string())
        }
        None => None,
    };
    if let Some(why) = refused {
        let (chrome, _) = me.chrome(&app).await?;
        let page = render(&SignOutAllPage { chrome, needs_password: true, error: Some(why) })?;
        return Ok((StatusCode::UNAUTHORIZED, page).into_response());
    }
    let ended = app.sessions.revoke_all(me.current.account.id).await?;
    tracing::info!(account = %me.current.account.id, sessions = ended.len(), "signed out of all devices from the web");
    Ok(signed_out_response(jar))
}
