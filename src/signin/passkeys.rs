//! Signing in with a passkey: the sign-in page's pair of routes (the pre-session CSRF token in a
//! header, the session in a cookie, as the password form does) and the API's pair for apps (the same
//! answer as `POST /api/v1/sessions`).

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum_extra::extract::cookie::CookieJar;
use serde::{Deserialize, Serialize};
use serde_json::json;
use webauthn_rs::prelude::PublicKeyCredential;

use super::api::SignedInJson;
use super::pages::safe_next;
use crate::auth::passkeys::{CeremonyStarted, PasskeySignIn};
use crate::auth::{ClientIp, Identity, Proof, SessionRequest, describe_browser, kind_of_browser};
use crate::domain::device::{DeviceKind, DeviceName};
use crate::domain::session_lifetime::SessionLifetime;
use crate::error::AppError;
use crate::i18n::{self, Tr, key};
use crate::json::{ApiJson, OptionalApiJson};
use crate::web::origin::request_origin;
use crate::web::{PreSessionCsrfJson, RequestInfo, cookies};

/// A ceremony's options: the id the answer names, and WebAuthn's `publicKey` options (binary
/// fields in base64url) for `navigator.credentials.get`.
#[derive(Serialize)]
pub struct OptionsJson {
    challenge_id: String,
    public_key: serde_json::Value,
}

impl From<CeremonyStarted> for OptionsJson {
    fn from(started: CeremonyStarted) -> Self {
        Self { challenge_id: started.challenge_id, public_key: started.public_key }
    }
}

#[derive(Deserialize)]
pub struct NoFields {}

/// `POST /signin/passkey/options`: options for the sign-in page's passkey button (or its autofill).
pub async fn page_options(
    State(app): State<Identity>,
    client: ClientIp,
    headers: HeaderMap,
    PreSessionCsrfJson(_): PreSessionCsrfJson<NoFields>,
) -> Result<Response, AppError> {
    let tr = Tr::new(i18n::current());
    match app.start_passkey_sign_in(&request_origin(&app, &headers), client.as_string().as_deref()).await {
        Ok(started) => Ok(Json(OptionsJson::from(started)).into_response()),
        Err(error) => page_refusal(tr, error),
    }
}

#[derive(Deserialize)]
pub struct PageAnswer {
    challenge_id: String,
    credential: PublicKeyCredential,
    #[serde(default)]
    next: String,
    /// As the password form's: empty (or left out) until signed out.
    #[serde(default)]
    lifetime: String,
}

/// `POST /signin/passkey`: the authenticator's answer. Signed in as the password form signs in (a
/// remembered session, the device cookie), then the page to go to is named.
pub async fn page_sign_in(
    State(app): State<Identity>,
    jar: CookieJar,
    headers: HeaderMap,
    info: RequestInfo,
    PreSessionCsrfJson(answer): PreSessionCsrfJson<PageAnswer>,
) -> Result<Response, AppError> {
    let tr = Tr::new(i18n::current());
    let next = safe_next(&answer.next).unwrap_or_default();
    let lifetime = match answer.lifetime.trim() {
        "" => Some(SessionLifetime::UntilSignedOut),
        name => SessionLifetime::parse(name),
    };
    let Some(lifetime) = lifetime else {
        return Ok(said(StatusCode::BAD_REQUEST, "invalid_lifetime", tr.t("lifetime-unknown")));
    };
    let origin = request_origin(&app, &headers);
    let device_token = cookies::device_token(&jar, info.https);
    let device = device_token.as_deref().and_then(crate::auth::token::hash_presented);
    let signed_in = app
        .verify_passkey_sign_in(&answer.challenge_id, &answer.credential, info.ip.as_deref(), device.as_ref(), &origin)
        .await;
    let PasskeySignIn { verified, passkey_id } = match signed_in {
        Ok(signed_in) => signed_in,
        Err(error) => return page_refusal(tr, error),
    };
    // A session cookie from before belongs to a session that is now replaced: end it.
    if let Some(old) = cookies::session_token(&jar, info.https).and_then(|raw| crate::auth::token::hash_presented(&raw))
        && let Some(previous) = app.sessions.authenticate(&old, None).await?
    {
        app.sessions.revoke(&previous.actor(None), previous.account.id, previous.session.id).await?;
    }
    let request = SessionRequest {
        device_name: describe_browser(&info.user_agent),
        device_kind: kind_of_browser(&info.user_agent),
        // Nothing was typed on this computer that a passer-by could reuse: remembered, as apps are.
        remember: true,
        ip: info.ip.clone(),
        proof: Proof::Passkey(passkey_id),
        lifetime,
        alert_origin: Some(origin),
    };
    let (token, record) = match app.sessions.start(&verified, request).await {
        Ok(started) => started,
        // The passkey was removed, or the password changed, while this was being checked.
        Err(error) => return page_refusal(tr, error),
    };
    tracing::info!(account = %verified.account.id, session = %record.id, "signed in from a browser with a passkey");
    let device_token = app.sessions.remember_device(&verified, device_token.as_deref()).await?;
    let jar = cookies::with_session(jar, token, info.https, Some(app.settings.sessions.remembered_lifetime));
    let jar = cookies::not_a_tv(cookies::with_device(jar, device_token, info.https));
    let redirect = if next.is_empty() { "/profiles".to_string() } else { next };
    Ok((jar, Json(json!({ "redirect": redirect }))).into_response())
}

/// A refusal for the sign-in page's script, in the reader's language; errors that are not about
/// the passkey are passed on.
fn page_refusal(tr: Tr, error: AppError) -> Result<Response, AppError> {
    Ok(match error {
        AppError::InvalidCredentials | AppError::BadRequest { code: "passkey_ceremony_over", .. } => {
            said(StatusCode::UNAUTHORIZED, "invalid_credentials", tr.t(key("passkey-sign-in-refused")))
        }
        AppError::BadRequest { code: "passkeys_unavailable", .. } => {
            said(StatusCode::BAD_REQUEST, "passkeys_unavailable", tr.t(key("passkey-unavailable")))
        }
        AppError::TooManyRequests { retry_after_secs } => {
            let wait = i18n::wait(tr, retry_after_secs.max(1));
            said(StatusCode::TOO_MANY_REQUESTS, "too_many_requests", tr.t_with("error-too-many", "wait", wait))
        }
        other => return Err(other),
    })
}

fn said(status: StatusCode, code: &str, message: String) -> Response {
    (status, Json(json!({ "error": code, "message": message }))).into_response()
}

/// `POST /api/v1/passkeys/sign-in/options` (no body needed): `{"challenge_id", "public_key"}`.
pub async fn api_options(
    State(app): State<Identity>,
    client: ClientIp,
    headers: HeaderMap,
    OptionalApiJson(_): OptionalApiJson<serde_json::Value>,
) -> Result<Json<OptionsJson>, AppError> {
    let started = app.start_passkey_sign_in(&request_origin(&app, &headers), client.as_string().as_deref()).await?;
    Ok(Json(started.into()))
}

#[derive(Deserialize)]
pub struct ApiAnswer {
    challenge_id: String,
    credential: PublicKeyCredential,
    device_name: String,
    device_kind: String,
    #[serde(default = "remember_by_default")]
    remember_me: bool,
    #[serde(default)]
    lifetime: Option<String>,
    #[serde(default)]
    device_token: Option<String>,
}

fn remember_by_default() -> bool {
    true
}

/// `POST /api/v1/passkeys/sign-in`: the authenticator's answer; 201 with the same answer as
/// `POST /api/v1/sessions`. A wrong, unknown or stale answer is 401 `invalid_credentials`.
pub async fn api_sign_in(
    State(app): State<Identity>,
    client: ClientIp,
    headers: HeaderMap,
    ApiJson(answer): ApiJson<ApiAnswer>,
) -> Response {
    match api_signed_in(&app, client, &headers, answer).await {
        Ok(signed_in) => (StatusCode::CREATED, Json(signed_in)).into_response(),
        Err(AppError::InvalidCredentials) => {
            let mut refused = said(
                StatusCode::UNAUTHORIZED,
                "invalid_credentials",
                "That passkey did not sign in: it is not registered here, or its answer was wrong or came too late. \
                 Ask for new options and try again."
                    .into(),
            );
            refused
                .headers_mut()
                .insert(axum::http::header::WWW_AUTHENTICATE, axum::http::HeaderValue::from_static("Bearer"));
            refused
        }
        Err(other) => other.into_response(),
    }
}

async fn api_signed_in(
    app: &Identity,
    client: ClientIp,
    headers: &HeaderMap,
    answer: ApiAnswer,
) -> Result<SignedInJson, AppError> {
    let device_kind = DeviceKind::parse(&answer.device_kind).ok_or_else(|| {
        AppError::bad_request("invalid_device_kind", "device_kind must be one of: browser, mobile, tv, other.")
    })?;
    let device_name =
        DeviceName::parse(&answer.device_name).map_err(|why| AppError::bad_request("invalid_device_name", why))?;
    let lifetime = match answer.lifetime.as_deref() {
        None => SessionLifetime::UntilSignedOut,
        Some(name) => SessionLifetime::parse(name).ok_or_else(|| {
            AppError::bad_request("invalid_lifetime", "lifetime must be one of: until_morning, week, until_signed_out.")
        })?,
    };
    let ip = client.as_string();
    let origin = request_origin(app, headers);
    let device = answer.device_token.as_deref().and_then(crate::auth::token::hash_presented);
    let PasskeySignIn { verified, passkey_id } = app
        .verify_passkey_sign_in(&answer.challenge_id, &answer.credential, ip.as_deref(), device.as_ref(), &origin)
        .await
        .map_err(|error| match error {
            AppError::BadRequest { code: "passkey_ceremony_over", .. } => AppError::InvalidCredentials,
            other => other,
        })?;
    let request = SessionRequest {
        device_name: device_name.into_inner(),
        device_kind,
        remember: answer.remember_me,
        ip,
        proof: Proof::Passkey(passkey_id),
        lifetime,
        alert_origin: Some(origin),
    };
    let (token, record) = app.sessions.start(&verified, request).await?;
    let device_token = app.sessions.remember_device(&verified, answer.device_token.as_deref()).await?;
    tracing::info!(account = %verified.account.id, session = %record.id, kind = device_kind.as_str(), "signed in with a passkey");
    Ok(SignedInJson::new(token, record, device_token))
}
