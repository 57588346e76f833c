//! [`JellyfinServer`]: what this server tells Jellyfin apps about itself (its stable id, name and the
//! Jellyfin version it answers as), and the discovery endpoints that say it: `/System/Info/Public`,
//! `/System/Info`, `/System/Ping`, `/Branding/Configuration`.

use std::sync::Arc;

use axum::Json;
use axum::extract::State;
use axum::http::HeaderMap;
use serde::Serialize;
use serde_json::{Value, json};
use uuid::Uuid;

use super::caller::Caller;
use super::error::JellyfinError;
use super::ids;
use super::picture_tags::PictureTags;
use super::stream_grant::StreamGrants;
use crate::auth::Identity;
use crate::error::AppError;

/// The Jellyfin version Marquee answers as: one every current app accepts (they refuse servers
/// older than 10.8 or so, and newer ones they do not know yet only warn about).
pub const JELLYFIN_VERSION: &str = "10.10.7";
/// Apps check this name before they go on (the Kotlin SDK refuses other products).
pub const PRODUCT_NAME: &str = "Jellyfin Server";
/// The name apps show for the server.
pub const SERVER_NAME: &str = "Marquee";

/// The server's id, read (or created) once from the store and then kept; cheap to clone.
#[derive(Clone, Default)]
pub struct JellyfinServer {
    id: Arc<tokio::sync::OnceCell<Uuid>>,
    signing_key: Arc<tokio::sync::OnceCell<Vec<u8>>>,
    /// The `/socket` connections each device holds open on this instance.
    pub(super) sockets: Arc<super::socket_limit::SocketsPerSession>,
}

impl JellyfinServer {
    /// The id every instance on this database gives apps, the same across restarts.
    pub async fn id(&self, app: &Identity) -> Result<Uuid, JellyfinError> {
        let id = self
            .id
            .get_or_try_init(|| async { app.store.server_id(Uuid::new_v4(), crate::clock::now()).await })
            .await?;
        Ok(*id)
    }

    /// The server's id and its picture tags, which every list of items carries.
    pub async fn signing(&self, app: &Identity) -> Result<(Uuid, PictureTags), JellyfinError> {
        Ok((self.id(app).await?, self.picture_tags(app).await?))
    }

    /// What signs and checks picture tags, with the key every instance on this database shares.
    pub async fn picture_tags(&self, app: &Identity) -> Result<PictureTags, JellyfinError> {
        Ok(PictureTags::new(self.signing_key(app).await?))
    }

    /// What signs and checks stream grants, with the same key (grants sign a purpose of their own).
    pub async fn stream_grants(&self, app: &Identity) -> Result<StreamGrants, JellyfinError> {
        Ok(StreamGrants::new(self.signing_key(app).await?))
    }

    /// The key only the server holds, shared by every instance on this database.
    async fn signing_key(&self, app: &Identity) -> Result<Vec<u8>, JellyfinError> {
        let key = self
            .signing_key
            .get_or_try_init(|| async {
                let mut candidate = vec![0u8; 32];
                getrandom::fill(&mut candidate)
                    .map_err(|e| AppError::from(anyhow::anyhow!("the OS random number generator failed: {e}")))?;
                Ok::<_, JellyfinError>(app.store.image_key(candidate, crate::clock::now()).await?)
            })
            .await?;
        Ok(key.clone())
    }
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct PublicSystemInfo {
    local_address: String,
    server_name: &'static str,
    version: &'static str,
    product_name: &'static str,
    operating_system: &'static str,
    id: String,
    startup_wizard_completed: bool,
}

async fn public_info(
    app: &Identity,
    server: &JellyfinServer,
    headers: &HeaderMap,
) -> Result<PublicSystemInfo, JellyfinError> {
    Ok(PublicSystemInfo {
        local_address: local_address(app, headers),
        server_name: SERVER_NAME,
        version: JELLYFIN_VERSION,
        product_name: PRODUCT_NAME,
        operating_system: "Linux",
        id: ids::text(server.id(app).await?),
        startup_wizard_completed: true,
    })
}

/// The address the app reached: its `Host`, behind a trusted proxy with the scheme it says.
fn local_address(app: &Identity, headers: &HeaderMap) -> String {
    let host = headers
        .get(axum::http::header::HOST)
        .and_then(|h| h.to_str().ok())
        .filter(|h| h.chars().all(|c| c.is_ascii_alphanumeric() || "-.:[]".contains(c)))
        .map_or_else(|| app.settings.listen.to_string(), str::to_string);
    let https = app.settings.trust_forwarded_for
        && headers
            .get("x-forwarded-proto")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.eq_ignore_ascii_case("https"));
    format!("{}://{host}", if https { "https" } else { "http" })
}

/// `GET /System/Info/Public`: who this server is, for anyone (nothing in it is private).
pub async fn info_public(
    State(app): State<Identity>,
    State(server): State<JellyfinServer>,
    headers: HeaderMap,
) -> Result<Json<PublicSystemInfo>, JellyfinError> {
    Ok(Json(public_info(&app, &server, &headers).await?))
}

/// `GET /System/Info`: the same and a little more, for a signed-in app.
pub async fn info(
    State(app): State<Identity>,
    State(server): State<JellyfinServer>,
    headers: HeaderMap,
    _caller: Caller,
) -> Result<Json<Value>, JellyfinError> {
    let mut info = serde_json::to_value(public_info(&app, &server, &headers).await?)
        .map_err(|e| JellyfinError::Other(anyhow::Error::from(e).into()))?;
    if let Value::Object(fields) = &mut info {
        for (key, value) in [
            ("HasPendingRestart", json!(false)),
            ("IsShuttingDown", json!(false)),
            ("SupportsLibraryMonitor", json!(false)),
            ("WebSocketPortNumber", json!(app.settings.listen.port())),
            ("CanSelfRestart", json!(false)),
            ("CanLaunchWebBrowser", json!(false)),
            ("HasUpdateAvailable", json!(false)),
            ("TranscodingTempPath", json!("")),
            ("CachePath", json!("")),
            ("LogPath", json!("")),
            ("InternalMetadataPath", json!("")),
            ("ProgramDataPath", json!("")),
            ("WebPath", json!("")),
            ("ItemsByNamePath", json!("")),
            ("CompletedInstallations", json!([])),
            ("CastReceiverApplications", json!([])),
        ] {
            fields.insert(key.to_string(), value);
        }
    }
    Ok(Json(info))
}

/// `GET|POST /System/Ping`: the product's name, as Jellyfin answers.
pub async fn ping() -> Json<&'static str> {
    Json(PRODUCT_NAME)
}

/// `GET /Branding/Configuration`: no login disclaimer, no custom style.
pub async fn branding() -> Json<Value> {
    Json(json!({ "LoginDisclaimer": "", "CustomCss": "", "SplashscreenEnabled": false }))
}
