//! JSON request bodies with rejections in Marquee's own error shape and words.

use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use axum::http::header::CONTENT_TYPE;
use axum::http::{HeaderMap, StatusCode};
use serde::de::DeserializeOwned;

use crate::error::AppError;

/// Like `axum::Json`, but every way a body can be wrong becomes a clear [`AppError`].
pub struct ApiJson<T>(pub T);

/// A JSON body that may be left out entirely (an empty body means `None`).
pub struct OptionalApiJson<T>(pub Option<T>);

impl<S, T> FromRequest<S> for ApiJson<T>
where
    S: Send + Sync,
    T: DeserializeOwned,
{
    type Rejection = AppError;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        let (headers, body) = read_body(request, state).await?;
        parse(&headers, &body).map(ApiJson)
    }
}

impl<S, T> FromRequest<S> for OptionalApiJson<T>
where
    S: Send + Sync,
    T: DeserializeOwned,
{
    type Rejection = AppError;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        let (headers, body) = read_body(request, state).await?;
        if body.iter().all(u8::is_ascii_whitespace) {
            return Ok(OptionalApiJson(None));
        }
        parse(&headers, &body).map(|value| OptionalApiJson(Some(value)))
    }
}

async fn read_body<S: Send + Sync>(request: Request, state: &S) -> Result<(HeaderMap, Bytes), AppError> {
    let headers = request.headers().clone();
    let body = Bytes::from_request(request, state).await.map_err(|rejection| {
        if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
            AppError::PayloadTooLarge
        } else {
            AppError::bad_request("invalid_body", "The request body could not be read.")
        }
    })?;
    Ok((headers, body))
}

fn parse<T: DeserializeOwned>(headers: &HeaderMap, body: &[u8]) -> Result<T, AppError> {
    let is_json = headers
        .get(CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.split(';').next())
        .is_some_and(|mime| {
            let mime = mime.trim().to_ascii_lowercase();
            mime == "application/json" || (mime.starts_with("application/") && mime.ends_with("+json"))
        });
    if !is_json {
        return Err(AppError::UnsupportedMediaType);
    }
    serde_json::from_slice(body).map_err(|error| match error.classify() {
        serde_json::error::Category::Data => AppError::bad_request(
            "invalid_request",
            format!("The request is missing something or has a wrong value: {}.", describe(&error)),
        ),
        _ => AppError::bad_request("invalid_json", "The request body is not valid JSON."),
    })
}

/// serde's message without the line and column, which mean nothing to a person.
fn describe(error: &serde_json::Error) -> String {
    let text = error.to_string();
    match text.rfind(" at line ") {
        Some(cut) => text[..cut].to_string(),
        None => text,
    }
}
