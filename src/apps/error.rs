//! [`JellyfinError`]: how the Jellyfin surface refuses, in the shape its apps understand.
//!
//! A signed-out or unknown token is a plain 401 *without* `X-Application-Error-Code`: Jellyfin's
//! apps read that header as "restricted" and only its absence as "signed out, go back to sign-in".

use axum::Json;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

use crate::error::AppError;
use crate::store::StoreError;

#[derive(Debug)]
pub enum JellyfinError {
    /// 400 with words a person can act on.
    BadRequest(String),
    /// 401: no token, a malformed one, or one whose session has ended.
    Unauthorized(String),
    /// 403: a request Marquee understands but does not take from an app (with where to go instead).
    Forbidden(String),
    /// 404: not there for this profile (never says whether it exists for another).
    NotFound(String),
    /// 405 on a known address.
    MethodNotAllowed,
    /// 429 with the wait.
    TooManyRequests { retry_after_secs: u64, message: String },
    /// 501: part of Jellyfin's API that Marquee does not offer.
    NotImplemented(String),
    /// Anything else Marquee's own API would answer (busy, unavailable…), passed on as it is.
    Other(AppError),
}

impl JellyfinError {
    pub fn not_found(what: &str) -> Self {
        Self::NotFound(format!("{what} was not found."))
    }

    pub fn bad_request(message: impl Into<String>) -> Self {
        Self::BadRequest(message.into())
    }

    pub fn signed_out() -> Self {
        Self::Unauthorized("This device is not signed in (or was signed out). Sign in again.".into())
    }
}

/// RFC 9457 problem details, as Jellyfin answers errors, with the words in `detail`.
#[derive(Serialize)]
struct Problem {
    #[serde(rename = "type")]
    kind: &'static str,
    title: &'static str,
    status: u16,
    detail: String,
}

impl IntoResponse for JellyfinError {
    fn into_response(self) -> Response {
        let (status, detail, retry_after) = match self {
            Self::BadRequest(message) => (StatusCode::BAD_REQUEST, message, None),
            Self::Unauthorized(message) => (StatusCode::UNAUTHORIZED, message, None),
            Self::Forbidden(message) => (StatusCode::FORBIDDEN, message, None),
            Self::NotFound(message) => (StatusCode::NOT_FOUND, message, None),
            Self::MethodNotAllowed => {
                (StatusCode::METHOD_NOT_ALLOWED, "This address does not take that kind of request.".into(), None)
            }
            Self::TooManyRequests { retry_after_secs, message } => {
                (StatusCode::TOO_MANY_REQUESTS, message, Some(retry_after_secs.max(1)))
            }
            Self::NotImplemented(message) => (StatusCode::NOT_IMPLEMENTED, message, None),
            Self::Other(error) => return error.into_response(),
        };
        let title = status.canonical_reason().unwrap_or("Error");
        let problem = Problem { kind: "about:blank", title, status: status.as_u16(), detail };
        let mut response = (status, Json(problem)).into_response();
        response.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("application/problem+json"));
        if let Some(seconds) = retry_after {
            response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(seconds));
        }
        response
    }
}

impl From<AppError> for JellyfinError {
    fn from(error: AppError) -> Self {
        match error {
            AppError::Unauthenticated => Self::signed_out(),
            AppError::InvalidCredentials => Self::Unauthorized("Wrong user name or password.".into()),
            // Jellyfin's sign-in has no second step to ask for.
            AppError::SecondStepRequired => Self::Unauthorized(
                "This account uses two-step sign-in, which this app cannot ask for. Sign in with Quick Connect \
                 instead: choose Quick Connect in the app, then allow its code at /activate on Marquee's website."
                    .into(),
            ),
            AppError::NotFound(what) => Self::not_found(what),
            AppError::BadRequest { message, .. } => Self::BadRequest(message),
            AppError::MethodNotAllowed => Self::MethodNotAllowed,
            error @ AppError::TooManyRequests { retry_after_secs } => {
                Self::TooManyRequests { retry_after_secs, message: error.message() }
            }
            other => Self::Other(other),
        }
    }
}

impl From<StoreError> for JellyfinError {
    fn from(error: StoreError) -> Self {
        Self::Other(error.into())
    }
}
