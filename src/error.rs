//! The one error type handlers return, and how it is shown.
//!
//! Which variant to use:
//! - input a person can fix: `BadRequest` (400) with a `code` a client can switch on and words a person can read;
//! - no or bad credentials on a request: `Unauthenticated`; a wrong email or password: `InvalidCredentials`;
//! - the right session but the password is needed again: `ReauthenticationRequired`;
//! - a right password for an account with two-step sign-in on: `SecondStepRequired`;
//! - anything that is not there *for this account*: `NotFound` (never reveal that it exists for another);
//! - a known address asked with a method it does not take: `MethodNotAllowed`;
//! - throttled: `TooManyRequests`; hashing saturated: `Busy`;
//! - everything unexpected: `Internal`, which logs the cause and shows nothing of it.

use axum::Json;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

use crate::store::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("{message}")]
    BadRequest { code: &'static str, message: String },
    #[error("not signed in")]
    Unauthenticated,
    #[error("wrong email or password")]
    InvalidCredentials,
    #[error("password needed again")]
    ReauthenticationRequired,
    /// The password was right, but the account has two-step sign-in on: a code is needed too.
    #[error("second step needed")]
    SecondStepRequired,
    #[error("{message}")]
    Forbidden { code: &'static str, message: String },
    #[error("{0}")]
    NotFound(&'static str),
    #[error("method not allowed")]
    MethodNotAllowed,
    #[error("{message}")]
    Conflict { code: &'static str, message: String },
    #[error("request body too large")]
    PayloadTooLarge,
    #[error("request body is not JSON")]
    UnsupportedMediaType,
    #[error("too many attempts")]
    TooManyRequests { retry_after_secs: u64 },
    #[error("busy")]
    Busy,
    /// 503 with words: something this server lacks or is short of right now (ffmpeg, room).
    #[error("{message}")]
    Unavailable { code: &'static str, message: String },
    /// 422: the request is understood but what it names cannot be done (a damaged file).
    #[error("{message}")]
    Unprocessable { code: &'static str, message: String },
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

impl AppError {
    pub fn bad_request(code: &'static str, message: impl Into<String>) -> Self {
        Self::BadRequest { code, message: message.into() }
    }

    fn status(&self) -> StatusCode {
        match self {
            Self::BadRequest { .. } => StatusCode::BAD_REQUEST,
            Self::Unauthenticated | Self::InvalidCredentials | Self::SecondStepRequired => StatusCode::UNAUTHORIZED,
            Self::ReauthenticationRequired | Self::Forbidden { .. } => StatusCode::FORBIDDEN,
            Self::NotFound(_) => StatusCode::NOT_FOUND,
            Self::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            Self::Conflict { .. } => StatusCode::CONFLICT,
            Self::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            Self::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            Self::TooManyRequests { .. } => StatusCode::TOO_MANY_REQUESTS,
            Self::Busy | Self::Unavailable { .. } => StatusCode::SERVICE_UNAVAILABLE,
            Self::Unprocessable { .. } => StatusCode::UNPROCESSABLE_ENTITY,
            Self::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn code(&self) -> &'static str {
        match self {
            Self::BadRequest { code, .. }
            | Self::Conflict { code, .. }
            | Self::Forbidden { code, .. }
            | Self::Unavailable { code, .. }
            | Self::Unprocessable { code, .. } => code,
            Self::Unauthenticated => "unauthenticated",
            Self::InvalidCredentials => "invalid_credentials",
            Self::ReauthenticationRequired => "reauthentication_required",
            Self::SecondStepRequired => "second_factor_required",
            Self::NotFound(_) => "not_found",
            Self::MethodNotAllowed => "method_not_allowed",
            Self::PayloadTooLarge => "payload_too_large",
            Self::UnsupportedMediaType => "unsupported_media_type",
            Self::TooManyRequests { .. } => "too_many_requests",
            Self::Busy => "busy",
            Self::Internal(_) => "internal",
        }
    }

    /// Words for a person. Internal causes are never shown.
    pub fn message(&self) -> String {
        match self {
            Self::BadRequest { message, .. }
            | Self::Conflict { message, .. }
            | Self::Forbidden { message, .. }
            | Self::Unavailable { message, .. }
            | Self::Unprocessable { message, .. } => message.clone(),
            Self::Unauthenticated => "You are not signed in on this device. Sign in again.".into(),
            Self::InvalidCredentials => "That email and password do not match an account.".into(),
            Self::ReauthenticationRequired => {
                "For your security, enter your password again to sign out of all devices.".into()
            }
            Self::SecondStepRequired => {
                "This account uses two-step sign-in: enter the six-digit code from your authenticator app too.".into()
            }
            Self::NotFound(what) => format!("{what} was not found."),
            Self::MethodNotAllowed => "This address does not take that kind of request (see the Allow header).".into(),
            Self::PayloadTooLarge => "The request is too large.".into(),
            Self::UnsupportedMediaType => "Send the request body as JSON (Content-Type: application/json).".into(),
            Self::TooManyRequests { retry_after_secs } => {
                format!("Too many failed attempts. Try again in {}.", describe_wait(*retry_after_secs))
            }
            Self::Busy => "Marquee is busy right now. Try again in a few seconds.".into(),
            Self::Internal(_) => "Something went wrong on our side. Please try again.".into(),
        }
    }
}

#[derive(Serialize)]
struct ErrorBody {
    error: &'static str,
    message: String,
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        if let Self::Internal(cause) = &self {
            tracing::error!(error = %format!("{cause:#}"), "request failed");
        }
        let status = self.status();
        let mut response = (status, Json(ErrorBody { error: self.code(), message: self.message() })).into_response();
        let retry_after = match self {
            Self::TooManyRequests { retry_after_secs } => Some(retry_after_secs.max(1)),
            Self::Busy => Some(5),
            _ => None,
        };
        if let Some(seconds) = retry_after {
            response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(seconds));
        }
        if status == StatusCode::UNAUTHORIZED {
            response.headers_mut().insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        response
    }
}

impl From<StoreError> for AppError {
    fn from(error: StoreError) -> Self {
        Self::Internal(error.into())
    }
}

/// "3 minutes", "1 minute", "45 seconds".
pub fn describe_wait(seconds: u64) -> String {
    if seconds >= 90 {
        let minutes = seconds.div_ceil(60);
        format!("{minutes} minutes")
    } else if seconds > 1 {
        format!("{seconds} seconds")
    } else {
        "1 second".into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn waits_read_naturally() {
        assert_eq!(describe_wait(1), "1 second");
        assert_eq!(describe_wait(45), "45 seconds");
        assert_eq!(describe_wait(600), "10 minutes");
        assert_eq!(describe_wait(601), "11 minutes");
    }
}
