//! Whether allowing a device in with a code (`/activate`) asks for the account password. Changing it
//! needs the password either way: someone who borrowed a signed-in phone cannot turn it off.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use super::page::{Draft, Section, account_page};
use crate::auth::Identity;
use crate::store::AccountChange;
use crate::web::reauth::confirm_password;
use crate::web::{AccountHolder, CsrfForm, WebError};

#[derive(Deserialize)]
pub struct DeviceCodesForm {
    #[serde(default)]
    confirm: Option<String>,
    #[serde(default)]
    password: String,
}

/// `POST /account/device-codes`.
pub async fn save(
    State(app): State<Identity>,
    AccountHolder(me): AccountHolder,
    CsrfForm(form): CsrfForm<DeviceCodesForm>,
) -> Result<Response, WebError> {
    if let Err(why) = confirm_password(&app, &me, &form.password).await? {
        let error = Some((Section::DeviceCodes, "tv-codes-password", why));
        return account_page(&app, &me, None, error, Draft::default(), StatusCode::UNAUTHORIZED).await;
    }
    let account_id = me.current.account.id;
    let change = AccountChange::DeviceCodeConfirmation(form.confirm.is_some());
    app.store.change_account(&me.actor(), account_id, change).await?;
    app.sessions.forget_account(account_id);
    Ok(Redirect::to("/account?saved=device-codes#tv-codes").into_response())
}
