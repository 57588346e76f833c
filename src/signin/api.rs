//! The sessions API that phones, TVs and other apps use: sign in, list devices, sign out.

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use uuid::Uuid;

use crate::auth::Identity;
use crate::auth::two_step::SignInStep;
use crate::auth::{ApiAccountHolder, ClientIp, CurrentSession, Password, SessionRequest, SessionView, SignedIn};
use crate::domain::device::{DeviceKind, DeviceName};
use crate::domain::email::Email;
use crate::domain::session_lifetime::SessionLifetime;
use crate::error::AppError;
use crate::json::{ApiJson, OptionalApiJson};
use crate::store::{SessionRecord, StreamStop};
use crate::web::{DeviceId, JsonPathId, PathId};

#[derive(Deserialize)]
pub struct SignInRequest {
    email: String,
    password: String,
    device_name: String,
    device_kind: String,
    /// Apps and TVs stay signed in by default; a browser on a shared computer sends `false`.
    #[serde(default = "remember_by_default")]
    remember_me: bool,
    /// The `device_token` an earlier sign-in on this device handed out: sign-ins from a device that
    /// has signed in to the account before are not held up by strangers guessing at it.
    #[serde(default)]
    device_token: Option<String>,
    /// `until_morning`, `week` or `until_signed_out` (the default): how long this device stays.
    #[serde(default)]
    lifetime: Option<String>,
}

fn remember_by_default() -> bool {
    true
}

#[derive(Serialize)]
pub struct SessionJson {
    id: Uuid,
    device_name: String,
    device_kind: DeviceKind,
    #[serde(with = "time::serde::rfc3339")]
    created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    last_seen_at: OffsetDateTime,
    ip: Option<String>,
    current: bool,
    /// When the session ends at the latest: the end chosen for it, or else how long any session may
    /// last. Every session has one.
    #[serde(with = "time::serde::rfc3339")]
    expires_at: OffsetDateTime,
    /// How long it was let in for: when not `until_signed_out`, it signs out by itself at `expires_at`.
    lifetime: SessionLifetime,
    /// What the device is playing now, if anything (`GET /api/v1/sessions` only).
    #[serde(skip_serializing_if = "Option::is_none")]
    playing: Option<PlayingJson>,
}

/// A title a device is playing, as the device list shows it.
#[derive(Serialize)]
pub struct PlayingJson {
    title: String,
    profile: Option<String>,
    #[serde(with = "time::serde::rfc3339")]
    since: OffsetDateTime,
}

impl SessionJson {
    fn new(record: SessionRecord, last_seen_at: OffsetDateTime, ip: Option<String>, current_id: Uuid) -> Self {
        Self {
            playing: None,
            current: record.id == current_id,
            id: record.id,
            device_name: record.device_name,
            device_kind: record.device_kind,
            created_at: record.created_at,
            last_seen_at,
            ip,
            expires_at: record.expires_at,
            lifetime: record.lifetime,
        }
    }
}

#[derive(Serialize)]
pub struct SignedInJson {
    token: String,
    session: SessionJson,
    /// Kept by the device and sent with its next sign-ins (not a session: it signs nothing in).
    device_token: String,
}

impl SignedInJson {
    /// The answer to a sign-in that just started `record`.
    pub(super) fn new(token: String, record: SessionRecord, device_token: String) -> Self {
        let session = SessionJson::new(record.clone(), record.last_seen_at, record.ip, record.id);
        Self { token, session, device_token }
    }

    /// 201 with this body.
    pub(super) fn created(self) -> Response {
        (StatusCode::CREATED, Json(self)).into_response()
    }
}

/// `POST /api/v1/sessions`: proves the password and starts a session for this device.
pub async fn sign_in(
    State(app): State<Identity>,
    client: ClientIp,
    headers: HeaderMap,
    ApiJson(request): ApiJson<SignInRequest>,
) -> Result<Response, AppError> {
    let device_kind = DeviceKind::parse(&request.device_kind).ok_or_else(|| {
        AppError::bad_request("invalid_device_kind", "device_kind must be one of: browser, mobile, tv, other.")
    })?;
    let device_name =
        DeviceName::parse(&request.device_name).map_err(|why| AppError::bad_request("invalid_device_name", why))?;
    let email = Email::parse(&request.email).map_err(|why| AppError::bad_request("invalid_email", why.to_string()))?;
    let lifetime = match request.lifetime.as_deref() {
        None => SessionLifetime::UntilSignedOut,
        Some(name) => SessionLifetime::parse(name).ok_or_else(|| {
            AppError::bad_request("invalid_lifetime", "lifetime must be one of: until_morning, week, until_signed_out.")
        })?,
    };
    let password = Password::presented(&request.password)
        .ok_or_else(|| AppError::bad_request("invalid_password", "Enter your password (at most 1024 characters)."))?;
    let ip = client.as_string();
    let presented_device_token = request.device_token.clone();
    let device = request.device_token.as_deref().and_then(crate::auth::token::hash_presented);

    let verified = app.verify_sign_in(&email, &password, ip.as_deref(), device.as_ref()).await?;
    let request = SessionRequest {
        device_name: device_name.into_inner(),
        device_kind,
        remember: request.remember_me,
        ip,
        proof: crate::auth::Proof::Password,
        lifetime,
        alert_origin: Some(super::device_code::request_origin(&app, &headers)),
    };
    let (token, record) = match app.start_or_challenge(&verified, request, "").await? {
        SignInStep::SignedIn { token, record } => (token, record),
        SignInStep::SecondStep(challenge) => return Ok(super::second_step_api::code_needed(challenge)),
    };
    let device_token = app.sessions.remember_device(&verified, presented_device_token.as_deref()).await?;
    tracing::info!(account = %verified.account.id, session = %record.id, kind = device_kind.as_str(), "signed in");
    Ok(SignedInJson::new(token, record, device_token).created())
}

/// `GET /api/v1/sessions`: every device signed in to this account, newest first.
pub async fn list(
    State(app): State<Identity>,
    ApiAccountHolder(me): ApiAccountHolder,
) -> Result<Json<Vec<SessionJson>>, AppError> {
    let views = app.sessions.list(me.account.id).await?;
    let mut playing = app.store.catalog().active_streams(me.account.id, crate::clock::now()).await?;
    Ok(Json(
        views
            .into_iter()
            .map(|SessionView { record, last_seen_at, ip }| {
                let lease = playing.iter().position(|lease| lease.session_id == record.id).map(|at| playing.remove(at));
                SessionJson {
                    playing: lease.map(|lease| PlayingJson {
                        title: lease.title_name,
                        profile: lease.profile_name,
                        since: lease.started_at,
                    }),
                    ..SessionJson::new(record, last_seen_at, ip, me.session.id)
                }
            })
            .collect(),
    ))
}

/// `POST /api/v1/sessions/{id}/stop-playback`: stops what one of this account's devices is playing,
/// on whichever instance it plays; the device stays signed in, and its event stream hears
/// `playback-stopped` naming this device. 204 even when it was not playing; 404 for a session that
/// is not a live one of this account.
pub async fn stop_playback(
    State(app): State<Identity>,
    ApiAccountHolder(me): ApiAccountHolder,
    client: ClientIp,
    PathId { id, .. }: JsonPathId<DeviceId>,
) -> Result<StatusCode, AppError> {
    match app.sessions.stop_playback(&me.actor(client.0), me.account.id, id).await? {
        StreamStop::NoSuchSession => Err(AppError::NotFound("That session")),
        StreamStop::Stopped { .. } => Ok(StatusCode::NO_CONTENT),
    }
}

/// `DELETE /api/v1/sessions/current`: signs this device out.
pub async fn sign_out_current(
    State(app): State<Identity>,
    SignedIn(me): SignedIn,
    client: ClientIp,
) -> Result<StatusCode, AppError> {
    app.sessions.revoke(&me.actor(client.0), me.account.id, me.session.id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// `DELETE /api/v1/sessions/{id}` `{"password"?}`: signs one of this account's devices out. Another
/// device than this one needs what signing out of all devices needs (the password, or a recent
/// proof of it), so a device that cannot sign everyone out cannot do it one by one either.
pub async fn sign_out_one(
    State(app): State<Identity>,
    ApiAccountHolder(me): ApiAccountHolder,
    client: ClientIp,
    PathId { id, .. }: JsonPathId<DeviceId>,
    OptionalApiJson(body): OptionalApiJson<SignOutAllRequest>,
) -> Result<StatusCode, AppError> {
    if id != me.session.id {
        prove_password(&app, &me, body.and_then(|body| body.password), &client).await?;
    }
    if app.sessions.revoke(&me.actor(client.0), me.account.id, id).await? {
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(AppError::NotFound("That session"))
    }
}

#[derive(Deserialize)]
pub struct SignOutAllRequest {
    password: Option<String>,
}

/// `POST /api/v1/sessions/sign-out-all`: ends every session of the account, this one included.
/// Needs the password unless this session proved it within the re-authentication window.
pub async fn sign_out_all(
    State(app): State<Identity>,
    ApiAccountHolder(me): ApiAccountHolder,
    client: ClientIp,
    OptionalApiJson(body): OptionalApiJson<SignOutAllRequest>,
) -> Result<StatusCode, AppError> {
    prove_password(&app, &me, body.and_then(|body| body.password), &client).await?;
    let revoked = app.sessions.revoke_all(&me.actor(client.0), me.account.id).await?;
    tracing::info!(account = %me.account.id, sessions = revoked.len(), "signed out of all devices");
    Ok(StatusCode::NO_CONTENT)
}

/// The password given now, or proved by this session within the re-authentication window; otherwise
/// 403 `reauthentication_required` (or 401 for a wrong password, throttled like a sign-in).
async fn prove_password(
    app: &Identity,
    me: &CurrentSession,
    password: Option<String>,
    client: &ClientIp,
) -> Result<(), AppError> {
    match password {
        Some(password) => {
            let password = Password::presented(&password).ok_or(AppError::InvalidCredentials)?;
            app.verify_reentry(me, &password, client.as_string().as_deref()).await?;
            Ok(())
        }
        None if !app.sessions.recently_proved_password(&me.session) => Err(AppError::ReauthenticationRequired),
        None => Ok(()),
    }
}
