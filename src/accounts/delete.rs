//! Deleting the account: password and an explicit confirmation, then every session ends.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use axum_extra::extract::cookie::CookieJar;
use serde::Deserialize;

use crate::auth::Identity;
use crate::web::reauth::confirm_password;
use crate::web::{AccountHolder, Chrome, CsrfForm, WebError, render};

#[derive(Template)]
#[template(path = "account/delete.html")]
struct DeletePage {
    chrome: Chrome,
    email: String,
    error: Option<String>,
}

/// `GET /account/delete`.
pub async fn confirm(State(app): State<Identity>, AccountHolder(me): AccountHolder) -> Result<Html<String>, WebError> {
    let (chrome, _) = me.chrome(&app).await?;
    render(&DeletePage { chrome, email: me.current.account.email.clone(), error: None })
}

#[derive(Deserialize)]
pub struct DeleteForm {
    #[serde(default)]
    password: String,
    #[serde(default)]
    understood: Option<String>,
}

/// `POST /account/delete`.
pub async fn delete(
    State(app): State<Identity>,
    jar: CookieJar,
    AccountHolder(me): AccountHolder,
    CsrfForm(form): CsrfForm<DeleteForm>,
) -> Result<Response, WebError> {
    let refused = if form.understood.is_none() {
        Some(me.tr().t("delete-tick"))
    } else {
        confirm_password(&app, &me, &form.password).await?.err()
    };
    if let Some(why) = refused {
        let (chrome, _) = me.chrome(&app).await?;
        let page = DeletePage { chrome, email: me.current.account.email.clone(), error: Some(why) };
        return Ok((StatusCode::BAD_REQUEST, render(&page)?).into_response());
    }
    app.sessions.delete_account(me.current.account.id).await?;
    tracing::info!(account = %me.current.account.id, "account deleted");
    Ok(crate::web::cookies::signed_out_redirect(jar, "/signed-out"))
}
