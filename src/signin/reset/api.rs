//! The password reset API: `POST /api/v1/password-reset {email}` (202 whether or not the email has
//! an account) and `POST /api/v1/password-reset/complete {token, password}` (204).

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use serde::Deserialize;

use crate::auth::password_reset::{ResetRefusal, mail_not_configured};
use crate::auth::{ClientIp, Identity};
use crate::domain::email::Email;
use crate::error::AppError;
use crate::json::ApiJson;

#[derive(Deserialize)]
pub struct ResetRequest {
    email: String,
}

/// `POST /api/v1/password-reset`: queues a link for the account with this email, if any.
pub async fn request(
    State(app): State<Identity>,
    client: ClientIp,
    headers: HeaderMap,
    ApiJson(body): ApiJson<ResetRequest>,
) -> Result<StatusCode, AppError> {
    if !app.mail_configured() {
        return Err(mail_not_configured());
    }
    let email = Email::parse(&body.email).map_err(|why| AppError::bad_request("invalid_email", why.to_string()))?;
    let https = crate::web::cookies::is_https(&headers, app.settings.trust_forwarded_for);
    let base = app.link_base(&super::super::device_code::origin(&app, &headers, https));
    app.request_password_reset(&email, client.as_string().as_deref(), &base).await?;
    Ok(StatusCode::ACCEPTED)
}

#[derive(Deserialize)]
pub struct ResetCompletion {
    token: String,
    password: String,
}

/// `POST /api/v1/password-reset/complete`: sets the password and signs every device out.
pub async fn complete(
    State(app): State<Identity>,
    headers: HeaderMap,
    client: ClientIp,
    ApiJson(body): ApiJson<ResetCompletion>,
) -> Result<StatusCode, AppError> {
    let https = crate::web::cookies::is_https(&headers, app.settings.trust_forwarded_for);
    let base = app.link_base(&super::super::device_code::origin(&app, &headers, https));
    let by = crate::store::Actor::at_address(client.as_string());
    match app.reset_password(&by, &body.token, &body.password, &base).await {
        Ok(_) => Ok(StatusCode::NO_CONTENT),
        Err(ResetRefusal::DeadLink) => Err(AppError::bad_request(
            "invalid_reset_token",
            "This reset link has expired, was used already, or the password changed since it was sent. Ask for a new one.",
        )),
        Err(ResetRefusal::Password(why)) => Err(AppError::bad_request("weak_password", why.to_string())),
        Err(ResetRefusal::Failed(error)) => Err(error),
    }
}
