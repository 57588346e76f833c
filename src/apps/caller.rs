//! [`Caller`]: a request from a signed-in Jellyfin app, watching as one profile. Its token is a
//! Marquee device session like any other: unknown, ended or malformed, or a session that no longer
//! watches as a profile (the profile was locked since), and the answer is a plain 401.

use std::sync::Arc;

use axum::extract::{FromRef, FromRequestParts};
use axum::http::request::Parts;
use uuid::Uuid;

use super::error::JellyfinError;
use super::header::{ClientInfo, client_info};
use crate::auth::token::{self, TokenHash};
use crate::auth::{ClientIp, CurrentSession, Identity};
use crate::store::Profile;

pub struct Caller {
    pub current: Arc<CurrentSession>,
    /// The Jellyfin "user": the profile this device watches as.
    pub profile: Profile,
    /// The hash of the token it presented, to hear when its session ends.
    pub token_hash: TokenHash,
}

impl Caller {
    /// The profile's maturity rank: nothing above it exists for this caller.
    pub fn level(&self) -> i64 {
        self.profile.maturity
    }

    /// The caller itself when `user_id` names its own profile; any other id (another profile of
    /// the account, or of another account) is "not found".
    pub fn as_user(&self, user_id: Option<Uuid>) -> Result<&Self, JellyfinError> {
        match user_id {
            Some(id) if id != self.profile.id => Err(JellyfinError::not_found("That user")),
            _ => Ok(self),
        }
    }
}

/// The app's description of itself, read from any request (signed in or not).
pub struct AppClient(pub ClientInfo);

impl<S: Send + Sync> FromRequestParts<S> for AppClient {
    type Rejection = JellyfinError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        client_info(&parts.headers, parts.uri.query()).map(AppClient).map_err(|why| {
            JellyfinError::bad_request(format!(
                "The Authorization header could not be read ({}). Send it as: MediaBrowser Client=\"…\", \
                 Device=\"…\", DeviceId=\"…\", Version=\"…\", Token=\"…\".",
                why.0
            ))
        })
    }
}

impl<S> FromRequestParts<S> for Caller
where
    Identity: FromRef<S>,
    S: Send + Sync,
{
    type Rejection = JellyfinError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let app = Identity::from_ref(state);
        let AppClient(client) = AppClient::from_request_parts(parts, state).await?;
        let presented = client.token.as_deref().ok_or_else(|| {
            JellyfinError::Unauthorized("Sign in first: this request carries no access token.".into())
        })?;
        let hash = token::hash_presented(presented).ok_or_else(JellyfinError::signed_out)?;
        let Ok(ClientIp(ip)) = ClientIp::from_request_parts(parts, state).await;
        let current = app.sessions.authenticate(&hash, ip).await?.ok_or_else(JellyfinError::signed_out)?;
        let current = app.sessions.with_profile(current, &hash, ip).await?.ok_or_else(JellyfinError::signed_out)?;
        let chosen = current.session.profile_id.ok_or_else(JellyfinError::signed_out)?;
        let profile = app.store.profile(current.account.id, chosen).await?.ok_or_else(JellyfinError::signed_out)?;
        Ok(Self { current, profile, token_hash: hash })
    }
}
