//! The account API: who is signed in on this device.

use axum::Json;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use time::OffsetDateTime;
use uuid::Uuid;

use crate::auth::{ApiAccountHolder, Identity};
use crate::error::AppError;

#[derive(Serialize)]
struct AccountJson<'a> {
    id: Uuid,
    email: &'a str,
    display_name: &'a str,
    #[serde(with = "time::serde::rfc3339")]
    created_at: OffsetDateTime,
    /// Whether the owner is mailed when the account signs in on a device it has not seen before.
    sign_in_alerts: bool,
    /// Whether signing in takes a code from an authenticator app after the password.
    two_step: bool,
}

/// `GET /api/v1/account`: served from the session cache but for whether two-step sign-in is on (one
/// small look-up; a device with a profile chosen costs one more: a kids profile sees no account data).
pub async fn show(State(app): State<Identity>, ApiAccountHolder(me): ApiAccountHolder) -> Result<Response, AppError> {
    let account = &me.account;
    let two_step = app.two_step_on(account.id).await?;
    Ok(Json(AccountJson {
        id: account.id,
        email: &account.email,
        display_name: &account.display_name,
        created_at: account.created_at,
        sign_in_alerts: account.sign_in_alerts,
        two_step,
    })
    .into_response())
}
