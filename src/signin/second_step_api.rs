//! The second step of an app's sign-in: `POST /api/v1/sessions` for an account with two-step sign-in
//! on answers 401 `second_factor_required` with a challenge, and `POST /api/v1/sessions/second-factor`
//! `{"challenge", "code"}` answers it with the code from the authenticator app (or a recovery code),
//! exactly as `POST /api/v1/sessions` answers a sign-in.

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};

use super::api::SignedInJson;
use crate::auth::two_step::{IssuedChallenge, SecondStepRefusal};
use crate::auth::{ClientIp, Identity};
use crate::error::AppError;
use crate::json::ApiJson;

#[derive(Serialize)]
struct Refusal {
    error: &'static str,
    message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    challenge: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    expires_in: Option<i64>,
}

fn unauthorized(body: Refusal) -> Response {
    let mut response = (StatusCode::UNAUTHORIZED, Json(body)).into_response();
    response.headers_mut().insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
    response
}

/// 401 `second_factor_required`: the password was right; answer `challenge` with a code.
pub(super) fn code_needed(challenge: IssuedChallenge) -> Response {
    unauthorized(Refusal {
        error: "second_factor_required",
        message: "This account uses two-step sign-in. Send the six-digit code from your authenticator app \
                  (or a recovery code) to /api/v1/sessions/second-factor with this challenge."
            .into(),
        challenge: Some(challenge.secret),
        expires_in: Some(challenge.expires_in),
    })
}

#[derive(Deserialize)]
pub struct SecondFactorRequest {
    challenge: String,
    code: String,
    /// As in `POST /api/v1/sessions`: the device token an earlier sign-in on this device handed out.
    #[serde(default)]
    device_token: Option<String>,
}

/// `POST /api/v1/sessions/second-factor`: the code for a challenge; 201 with the new session.
pub async fn second_factor(
    State(app): State<Identity>,
    client: ClientIp,
    ApiJson(request): ApiJson<SecondFactorRequest>,
) -> Result<Response, AppError> {
    let ip = client.as_string();
    let done = match app.answer_second_step(&request.challenge, &request.code, ip.as_deref()).await {
        Ok(done) => done,
        Err(SecondStepRefusal::Expired) => {
            return Ok(unauthorized(Refusal {
                error: "challenge_expired",
                message: "This sign-in has expired or no longer holds (it lasts five minutes, and ends when the \
                          password changes or every device is signed out). Sign in again with your password."
                    .into(),
                challenge: None,
                expires_in: None,
            }));
        }
        Err(SecondStepRefusal::WrongCode) => {
            return Ok(unauthorized(Refusal {
                error: "invalid_code",
                message: "That code is not right, or was used already. Enter the code your authenticator app \
                          shows now, or one of your recovery codes."
                    .into(),
                challenge: None,
                expires_in: None,
            }));
        }
        Err(SecondStepRefusal::TooMany { retry_after_secs }) => {
            return Err(AppError::TooManyRequests { retry_after_secs });
        }
        Err(SecondStepRefusal::Failed(error)) => return Err(error),
    };
    let device_token = app.sessions.remember_device(&done.verified, request.device_token.as_deref()).await?;
    tracing::info!(account = %done.verified.account.id, session = %done.record.id, "signed in");
    Ok(SignedInJson::new(done.token, done.record, device_token).created())
}
