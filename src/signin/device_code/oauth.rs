//! RFC 8628's two endpoints, for TV apps and any other device without a keyboard:
//! `POST /oauth/device_authorization` hands out a code, `POST /oauth/token` turns it into a session
//! once a signed-in person allowed it. Form-encoded in, JSON out, never cached.

use std::collections::HashMap;

use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

use super::activation_url;
use super::tv::TV_PAGE_CLIENT;
use crate::auth::ClientIp;
use crate::auth::Identity;
use crate::auth::device_code::QUICK_CONNECT_CLIENT;
use crate::auth::device_code::flow::{CodeRequest, NotYet};
use crate::domain::device::{DeviceKind, DeviceName};
use crate::error::AppError;
use crate::web::cookies;

/// The grant type a device polls with.
pub const DEVICE_CODE_GRANT: &str = "urn:ietf:params:oauth:grant-type:device_code";
/// What a device is called when it does not say.
const DEFAULT_DEVICE_NAME: &str = "TV";
const MAX_CLIENT_ID: usize = 100;

#[derive(Serialize)]
struct DeviceAuthorization {
    device_code: String,
    user_code: String,
    verification_uri: String,
    verification_uri_complete: String,
    expires_in: u64,
    interval: u64,
}

#[derive(Serialize)]
struct AccessToken {
    access_token: String,
    token_type: &'static str,
    expires_in: u64,
    /// When the session ends at the latest (RFC 3339, UTC): the end chosen when the code was allowed
    /// ("until tomorrow morning", "for a week"), or else how long any session may last.
    #[serde(with = "time::serde::rfc3339")]
    expires_at: time::OffsetDateTime,
}

/// `POST /oauth/device_authorization`: a new code for this device to show.
pub async fn device_authorization(
    State(app): State<Identity>,
    client: ClientIp,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let answer = async {
        let mut form = Params::read(&headers, &body)?;
        let client_id = form.client_id()?;
        if client_id == TV_PAGE_CLIENT {
            // The approval page names the built-in TV page by this id: no app may pass for it.
            return Err(OAuthError::new("invalid_client", "That client_id belongs to Marquee's own TV page."));
        }
        if client_id == QUICK_CONNECT_CLIENT {
            // Codes under this id sign Jellyfin apps in as a profile, through their own endpoints.
            return Err(OAuthError::new("invalid_client", "That client_id belongs to Jellyfin apps' Quick Connect."));
        }
        let device_name = match form.take("device_name") {
            None => DEFAULT_DEVICE_NAME.to_string(),
            Some(name) => DeviceName::parse(&name).map_err(OAuthError::invalid_request)?.into_inner(),
        };
        let device_kind = match form.take("device_kind") {
            None => DeviceKind::Tv,
            Some(kind) => DeviceKind::parse(&kind)
                .ok_or(OAuthError::invalid_request("device_kind must be one of: browser, mobile, tv, other."))?,
        };
        let request = CodeRequest { client_id, device_name, device_kind, ip: client.as_string(), app_device_id: None };
        let shown = app.issue_device_code(request).await?;
        let https = cookies::is_https(&headers, app.settings.trust_forwarded_for);
        Ok(Json(DeviceAuthorization {
            verification_uri: activation_url(&app, &headers, https, None),
            verification_uri_complete: activation_url(&app, &headers, https, Some(&shown.user_code)),
            device_code: shown.device_code,
            user_code: shown.user_code.display(),
            expires_in: shown.expires_in.as_secs(),
            interval: shown.interval.as_secs(),
        }))
    };
    not_cached(answer.await)
}

/// `POST /oauth/token`: the device's poll. Its session's token once the code was allowed; until then
/// RFC 8628's `authorization_pending`, `slow_down`, `access_denied` or `expired_token`.
pub async fn token(State(app): State<Identity>, client: ClientIp, headers: HeaderMap, body: Bytes) -> Response {
    let answer = async {
        let mut form = Params::read(&headers, &body)?;
        match form.take("grant_type") {
            None => return Err(OAuthError::invalid_request("grant_type is missing.")),
            Some(grant) if grant != DEVICE_CODE_GRANT => {
                return Err(OAuthError::new(
                    "unsupported_grant_type",
                    format!("Only the device code grant ({DEVICE_CODE_GRANT}) is supported."),
                ));
            }
            Some(_) => {}
        }
        let device_code = form.take("device_code").ok_or(OAuthError::invalid_request("device_code is missing."))?;
        let client_id = form.client_id()?;
        let origin = super::request_origin(&app, &headers);
        let (token, session) = app.collect_device_code(&device_code, &client_id, client.as_string(), origin).await?;
        let left = (session.expires_at - session.created_at).whole_seconds();
        Ok(Json(AccessToken {
            access_token: token,
            token_type: "Bearer",
            expires_in: u64::try_from(left).unwrap_or(0),
            expires_at: session.expires_at,
        }))
    };
    not_cached(answer.await)
}

/// Codes and tokens must never be kept by a cache on the way.
fn not_cached(answer: Result<impl IntoResponse, OAuthError>) -> Response {
    let mut response = match answer {
        Ok(body) => body.into_response(),
        Err(error) => error.into_response(),
    };
    let headers = response.headers_mut();
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(header::PRAGMA, HeaderValue::from_static("no-cache"));
    response
}

/// The form parameters, each given at most once (RFC 6749 §3.1).
struct Params(HashMap<String, String>);

impl Params {
    fn read(headers: &HeaderMap, body: &[u8]) -> Result<Self, OAuthError> {
        let form_encoded = headers
            .get(header::CONTENT_TYPE)
            .and_then(|value| value.to_str().ok())
            .is_some_and(|value| value.trim().to_ascii_lowercase().starts_with("application/x-www-form-urlencoded"));
        if !form_encoded {
            return Err(OAuthError::invalid_request(
                "Send the parameters form-encoded (Content-Type: application/x-www-form-urlencoded).",
            ));
        }
        let pairs: Vec<(String, String)> = serde_urlencoded::from_bytes(body)
            .map_err(|_| OAuthError::invalid_request("The body is not a valid form-encoded list of parameters."))?;
        let mut params = HashMap::new();
        for (name, value) in pairs {
            if params.insert(name.clone(), value).is_some() {
                return Err(OAuthError::invalid_request(format!("{name} is given more than once.")));
            }
        }
        Ok(Self(params))
    }

    /// A parameter, unless it is missing or empty.
    fn take(&mut self, name: &str) -> Option<String> {
        self.0.remove(name).filter(|value| !value.is_empty())
    }

    /// The client id: printable ASCII, as RFC 6749 defines it, and short.
    fn client_id(&mut self) -> Result<String, OAuthError> {
        let id = self.take("client_id").ok_or(OAuthError::invalid_request("client_id is missing."))?;
        if id.len() > MAX_CLIENT_ID || !id.bytes().all(|b| (0x20..=0x7e).contains(&b)) {
            return Err(OAuthError::invalid_request("client_id must be at most 100 printable ASCII characters."));
        }
        Ok(id)
    }
}

/// An RFC 6749 §5.2 error: `{"error": code, "error_description": words}`.
#[derive(Debug)]
pub struct OAuthError {
    status: StatusCode,
    error: &'static str,
    description: String,
    retry_after: Option<u64>,
}

#[derive(Serialize)]
struct ErrorBody<'a> {
    error: &'a str,
    error_description: &'a str,
}

impl OAuthError {
    fn new(error: &'static str, description: impl Into<String>) -> Self {
        Self { status: StatusCode::BAD_REQUEST, error, description: description.into(), retry_after: None }
    }

    fn invalid_request(description: impl Into<String>) -> Self {
        Self::new("invalid_request", description)
    }
}

impl From<NotYet> for OAuthError {
    fn from(not_yet: NotYet) -> Self {
        match not_yet {
            NotYet::Pending(_) => Self::new("authorization_pending", "Nobody has allowed this code yet. Keep asking."),
            NotYet::SlowDown(_) => {
                Self::new("slow_down", "Asked too soon: wait 5 seconds longer between requests from now on.")
            }
            NotYet::Denied => Self::new("access_denied", "The code was denied. Show a new code to try again."),
            NotYet::Expired => Self::new("expired_token", "The code expired. Ask for a new one."),
            NotYet::InvalidGrant => {
                Self::new("invalid_grant", "That device code is unknown, already used, or belongs to another client.")
            }
            NotYet::Failed(error) => error.into(),
        }
    }
}

impl From<AppError> for OAuthError {
    fn from(error: AppError) -> Self {
        match error {
            AppError::TooManyRequests { retry_after_secs } => Self {
                status: StatusCode::TOO_MANY_REQUESTS,
                error: "slow_down",
                description: format!("Too many codes asked for from this address. Try again in {retry_after_secs} s."),
                retry_after: Some(retry_after_secs),
            },
            AppError::Busy => Self {
                status: StatusCode::SERVICE_UNAVAILABLE,
                error: "temporarily_unavailable",
                description: error.message(),
                retry_after: Some(5),
            },
            other => {
                tracing::error!(error = %other, "a device code request failed");
                Self {
                    status: StatusCode::INTERNAL_SERVER_ERROR,
                    error: "server_error",
                    description: "Something went wrong on the server. Try again.".into(),
                    retry_after: None,
                }
            }
        }
    }
}

impl IntoResponse for OAuthError {
    fn into_response(self) -> Response {
        let body = ErrorBody { error: self.error, error_description: &self.description };
        let mut response = (self.status, Json(body)).into_response();
        if let Some(seconds) = self.retry_after
            && let Ok(value) = HeaderValue::from_str(&seconds.to_string())
        {
            response.headers_mut().insert(header::RETRY_AFTER, value);
        }
        response
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form_headers() -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/x-www-form-urlencoded"));
        headers
    }

    #[test]
    fn parameters_are_read_once_each() {
        let mut params = Params::read(&form_headers(), b"client_id=tv&device_name=Living+room").unwrap();
        assert_eq!(params.take("device_name").as_deref(), Some("Living room"));
        assert_eq!(params.client_id().unwrap(), "tv");
        let twice = Params::read(&form_headers(), b"client_id=a&client_id=b").err().unwrap();
        assert_eq!(twice.error, "invalid_request");
        assert!(Params::read(&HeaderMap::new(), b"client_id=a").is_err(), "a form needs its content type");
        let mut odd = Params::read(&form_headers(), "client_id=caf%C3%A9".as_bytes()).unwrap();
        assert_eq!(odd.client_id().unwrap_err().error, "invalid_request");
    }
}
