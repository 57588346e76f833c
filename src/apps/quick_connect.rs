//! Quick Connect, Jellyfin apps' way of signing in without typing a password on the TV: the app shows
//! a code, someone signed in allows it at `/activate` choosing the profile it will watch as, and the
//! app signs in. In Marquee this is the TV code flow: `POST /QuickConnect/Initiate` asks for a device
//! code, `GET /QuickConnect/Connect` is the device's poll (it only says whether the code was allowed),
//! and `POST /Users/AuthenticateWithQuickConnect` collects the session, checked against the account's
//! session epoch in the transaction that starts it.

use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, Uri};
use serde::Serialize;
use serde_json::Value;

use super::caller::AppClient;
use super::device;
use super::error::JellyfinError;
use super::header::ClientInfo;
use super::server::JellyfinServer;
use super::users::{authentication_result, field};
use super::users_json::{AuthenticationResult, when};
use crate::auth::device_code::QUICK_CONNECT_CLIENT;
use crate::auth::device_code::flow::{CodeRequest, NotYet};
use crate::auth::device_code::user_code::UserCode;
use crate::auth::{ClientIp, Identity};

/// `QuickConnectResult`, as Jellyfin answers it. `Secret` is the device code: it never leaves the app
/// that asked for it, and only its hash is stored.
#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct QuickConnectResult {
    authenticated: bool,
    secret: String,
    /// The code as Marquee shows it everywhere: `BCDF-GHJK`.
    code: String,
    device_id: String,
    device_name: String,
    app_name: String,
    app_version: String,
    date_added: String,
}

impl QuickConnectResult {
    fn new(client: &ClientInfo, secret: String, code: &str, asked_at: time::OffsetDateTime, allowed: bool) -> Self {
        let said = |value: &Option<String>| value.clone().unwrap_or_default();
        Self {
            authenticated: allowed,
            secret,
            code: UserCode::parse(code).map(|code| code.display()).unwrap_or_else(|_| code.to_string()),
            device_id: said(&client.device_id),
            device_name: said(&client.device),
            app_name: said(&client.client),
            app_version: said(&client.version),
            date_added: when(asked_at),
        }
    }
}

/// `GET /QuickConnect/Enabled`: yes; codes are allowed at `/activate`.
pub async fn enabled() -> Json<bool> {
    Json(true)
}

/// `POST /QuickConnect/Initiate`: a new code for the app to show, named in the account's device list
/// by the app and device it says it is. Counted per address, as every code.
pub async fn initiate(
    State(app): State<Identity>,
    client_ip: ClientIp,
    AppClient(client): AppClient,
) -> Result<Json<QuickConnectResult>, JellyfinError> {
    let request = CodeRequest {
        client_id: QUICK_CONNECT_CLIENT.to_string(),
        device_name: device::name(&client)?.into_inner(),
        device_kind: device::kind(&client),
        ip: client_ip.as_string(),
        app_device_id: device::id(&client),
    };
    let shown = app.issue_device_code(request).await?;
    let asked_at = app.settings.clock.now();
    Ok(Json(QuickConnectResult::new(&client, shown.device_code, shown.user_code.as_str(), asked_at, false)))
}

/// `GET /QuickConnect/Connect?Secret=…`: whether the code was allowed yet, and nothing else. Apps poll
/// on their own clock and take any error for failure, so every poll gets the plain truth (see
/// [`Identity::device_code_allowed`]); a code unknown, denied, expired or spent is not found, as
/// Jellyfin forgets such requests.
pub async fn connect(
    State(app): State<Identity>,
    AppClient(client): AppClient,
    uri: Uri,
) -> Result<Json<QuickConnectResult>, JellyfinError> {
    let secret = secret_in(&uri)?;
    match app.device_code_allowed(&secret, QUICK_CONNECT_CLIENT).await {
        Ok(state) => {
            Ok(Json(QuickConnectResult::new(&client, secret, &state.user_code, state.asked_at, state.allowed)))
        }
        Err(NotYet::SlowDown(waiting) | NotYet::Pending(waiting)) => Err(JellyfinError::TooManyRequests {
            retry_after_secs: u64::try_from(waiting.interval_secs).unwrap_or(5),
            message: format!("Asked too soon: ask at most every {} seconds.", waiting.interval_secs),
        }),
        Err(NotYet::Denied | NotYet::Expired | NotYet::InvalidGrant) => Err(JellyfinError::NotFound(
            "This Quick Connect code is unknown, expired, denied or already used. Start Quick Connect again for a \
             new code."
                .into(),
        )),
        Err(NotYet::Failed(error)) => Err(error.into()),
    }
}

/// `POST /Users/AuthenticateWithQuickConnect` `{"Secret"}`: the session of an allowed code, watching
/// as the profile chosen when it was allowed; the same `AuthenticationResult` as signing in by name.
/// A code can be collected once, and not after a sign-out of every device since it was allowed.
pub async fn authenticate(
    State(app): State<Identity>,
    State(server): State<JellyfinServer>,
    client_ip: ClientIp,
    AppClient(client): AppClient,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Json<AuthenticationResult>, JellyfinError> {
    let body: Value = serde_json::from_slice(&body)
        .map_err(|_| JellyfinError::bad_request("Send the Quick Connect secret as JSON: {\"Secret\": \"…\"}."))?;
    let secret = field(&body, "secret")
        .filter(|secret| !secret.is_empty())
        .ok_or_else(|| JellyfinError::bad_request("Send the Quick Connect secret as JSON: {\"Secret\": \"…\"}."))?;
    let (token, record) = app
        .collect_device_code(
            secret,
            QUICK_CONNECT_CLIENT,
            client_ip.as_string(),
            crate::web::origin::request_origin(&app, &headers),
        )
        .await
        .map_err(|not_yet| match not_yet {
            NotYet::Pending(_) | NotYet::SlowDown(_) => JellyfinError::Unauthorized(
                "Nobody has allowed this code yet: enter it at /activate on a signed-in phone or computer.".into(),
            ),
            NotYet::Denied => JellyfinError::Unauthorized(
                "This code was denied, or can no longer sign in (the account signed out everywhere or changed its \
                 password since). Start Quick Connect again."
                    .into(),
            ),
            NotYet::Expired => JellyfinError::Unauthorized("This code expired. Start Quick Connect again.".into()),
            NotYet::InvalidGrant => JellyfinError::Unauthorized(
                "This Quick Connect code is unknown or was already used. Start Quick Connect again.".into(),
            ),
            NotYet::Failed(error) => error.into(),
        })?;
    let profile = match record.profile_id {
        Some(profile_id) => app.store.profile(record.account_id, profile_id).await?,
        None => None,
    };
    let Some(profile) = profile else {
        // Started watching as a profile in its own transaction: gone since only if it was deleted.
        app.sessions.revoke(&crate::store::Actor::server(), record.account_id, record.id).await?;
        return Err(JellyfinError::Unauthorized("The profile chosen for this app was deleted. Sign in again.".into()));
    };
    tracing::info!(account = %record.account_id, session = %record.id, "a Jellyfin app signed in with Quick Connect");
    authentication_result(&app, &server, &profile, &record, token, &client).await
}

/// `POST /QuickConnect/Authorize`: apps do not allow codes in Marquee; a person does, at `/activate`,
/// where the profile the new device watches as is chosen.
pub async fn authorize() -> JellyfinError {
    JellyfinError::Forbidden(
        "Marquee allows Quick Connect codes at /activate in a browser signed in to the account, where you choose \
         the profile the new device will watch as. Open /activate and enter the code there."
            .into(),
    )
}

/// The `Secret` query parameter, whatever its letter case.
fn secret_in(uri: &Uri) -> Result<String, JellyfinError> {
    let missing = || JellyfinError::bad_request("Say which Quick Connect request: add ?Secret=… to the address.");
    let pairs: Vec<(String, String)> =
        serde_urlencoded::from_str(uri.query().unwrap_or_default()).map_err(|_| missing())?;
    pairs
        .into_iter()
        .find(|(name, value)| name.eq_ignore_ascii_case("secret") && !value.is_empty())
        .map(|(_, value)| value)
        .ok_or_else(missing)
}
