//! Whether the owner is mailed when the account signs in on a device it has not seen before (on by
//! default; offered only where mail is set up).

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use super::page::{Draft, Section, account_page};
use crate::auth::Identity;
use crate::i18n::key;
use crate::store::AccountChange;
use crate::web::{AccountHolder, CsrfForm, WebError};

#[derive(Deserialize)]
pub struct AlertsForm {
    #[serde(default)]
    alerts: Option<String>,
}

/// `POST /account/sign-in-alerts`.
pub async fn save(
    State(app): State<Identity>,
    AccountHolder(me): AccountHolder,
    CsrfForm(form): CsrfForm<AlertsForm>,
) -> Result<Response, WebError> {
    if !app.mail_configured() {
        let error = Some((Section::Alerts, "", me.tr().t(key("acct-alerts-unavailable"))));
        return account_page(&app, &me, None, error, Draft::default(), StatusCode::SERVICE_UNAVAILABLE).await;
    }
    let account_id = me.current.account.id;
    app.store.change_account(&me.actor(), account_id, AccountChange::SignInAlerts(form.alerts.is_some())).await?;
    app.sessions.forget_account(account_id);
    Ok(Redirect::to("/account?saved=sign-in-alerts#sign-in-alerts").into_response())
}
