//! Signing in and out as a Jellyfin app, and the user (the profile) it signed in as:
//! `POST /Users/AuthenticateByName`, `POST /Sessions/Logout`, `GET /Users/Me`, `/Users/{id}`,
//! `/Users`, `/Users/Public`.
//!
//! Every Jellyfin access token is a Marquee device session: the same throttled password check as
//! every sign-in, a device-list entry named by the app, the device limit, and every way of signing
//! out ends it.

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use serde_json::Value;

use super::caller::{AppClient, Caller};
use super::error::JellyfinError;
use super::header::ClientInfo;
use super::server::JellyfinServer;
use super::users_json::{self, AuthenticationResult};
use super::{device, ids, user_name};
use crate::auth::{ClientIp, Identity, Password, Proof, SessionRequest};
use crate::domain::email::Email;
use crate::store::{Profile, SessionRecord};

/// A field of a JSON object, whatever its letter case (apps send `Username` and `username`).
pub(super) fn field<'a>(body: &'a Value, name: &str) -> Option<&'a str> {
    body.as_object()?.iter().find(|(key, _)| key.eq_ignore_ascii_case(name)).and_then(|(_, value)| value.as_str())
}

/// `POST /Users/AuthenticateByName` `{"Username", "Pw"}`: the account's email (or `email/Profile
/// name`) and password; answers the `AuthenticationResult` with a new access token.
pub async fn authenticate_by_name(
    State(app): State<Identity>,
    State(server): State<JellyfinServer>,
    client_ip: ClientIp,
    AppClient(client): AppClient,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Json<AuthenticationResult>, JellyfinError> {
    let body: Value = serde_json::from_slice(&body)
        .map_err(|_| JellyfinError::bad_request("Send the user name and password as JSON: {\"Username\", \"Pw\"}."))?;
    let user_name = field(&body, "username").unwrap_or("");
    let (email, wanted_profile) = user_name::split(user_name);
    let email = Email::parse(email).map_err(|_| {
        JellyfinError::Unauthorized("Sign in with your account's email (or email/Profile name) and password.".into())
    })?;
    let password = Password::presented(field(&body, "pw").unwrap_or(""))
        .ok_or_else(|| JellyfinError::bad_request("Enter your password (at most 1024 characters)."))?;
    let device_name = device::name(&client)?;
    let ip = client_ip.as_string();

    let verified = app.verify_sign_in(&email, &password, ip.as_deref(), None).await?;
    // An account signed in for the first time gets its first profile, as on "Who's watching?".
    let profiles = crate::profiles::profiles_of(&app, &verified.account).await?;
    let profile = user_name::choose(&profiles, wanted_profile)
        .map_err(|why| JellyfinError::Unauthorized(why.message().into()))?
        .clone();
    let request = SessionRequest {
        device_name: device_name.into_inner(),
        device_kind: device::kind(&client),
        remember: true,
        ip,
        proof: Proof::Password,
        lifetime: Default::default(),
        alert_origin: Some(crate::web::origin::request_origin(&app, &headers)),
    };
    let (token, record) = app.sessions.start_watching_as(&verified, request, profile.id, device::id(&client)).await?;
    tracing::info!(account = %verified.account.id, session = %record.id, "a Jellyfin app signed in");
    authentication_result(&app, &server, &profile, &record, token, &client).await
}

/// What an app that just signed in reads: its user (the profile), its session and its new token.
pub(super) async fn authentication_result(
    app: &Identity,
    server: &JellyfinServer,
    profile: &Profile,
    record: &SessionRecord,
    token: String,
    client: &ClientInfo,
) -> Result<Json<AuthenticationResult>, JellyfinError> {
    let server_id = server.id(app).await?;
    Ok(Json(AuthenticationResult {
        user: users_json::user(profile, server_id, record.last_seen_at),
        session_info: users_json::session(record, profile, client, server_id),
        access_token: token,
        server_id: ids::text(server_id),
    }))
}

/// `POST /Sessions/Logout`: signs this device out, as signing out anywhere else does.
pub async fn logout(State(app): State<Identity>, caller: Caller) -> Result<StatusCode, JellyfinError> {
    app.sessions.revoke(&caller.current.actor(None), caller.current.account.id, caller.current.session.id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// `GET /Users/Me`: the profile this app watches as.
pub async fn me(
    State(app): State<Identity>,
    State(server): State<JellyfinServer>,
    caller: Caller,
) -> Result<Json<Value>, JellyfinError> {
    let server_id = server.id(&app).await?;
    Ok(Json(users_json::user(&caller.profile, server_id, caller.current.session.last_seen_at)))
}

/// `GET /Users/{id}`: the same, and only for its own id.
pub async fn by_id(
    State(app): State<Identity>,
    State(server): State<JellyfinServer>,
    caller: Caller,
    Path(user_id): Path<String>,
) -> Result<Json<Value>, JellyfinError> {
    let id = ids::parse(&user_id).ok_or_else(|| JellyfinError::not_found("That user"))?;
    let caller = caller.as_user(Some(id))?;
    let server_id = server.id(&app).await?;
    Ok(Json(users_json::user(&caller.profile, server_id, caller.current.session.last_seen_at)))
}

/// `GET /Users`: the profile this app watches as, alone (the others are chosen by signing in as them).
pub async fn list(
    State(app): State<Identity>,
    State(server): State<JellyfinServer>,
    caller: Caller,
) -> Result<Json<Vec<Value>>, JellyfinError> {
    let server_id = server.id(&app).await?;
    Ok(Json(vec![users_json::user(&caller.profile, server_id, caller.current.session.last_seen_at)]))
}

/// `GET /Users/Public`: nobody. Profiles are never listed to someone who has not signed in.
pub async fn public() -> Json<Vec<Value>> {
    Json(Vec::new())
}
