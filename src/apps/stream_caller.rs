//! [`StreamCaller`]: who asks for a stream's playlist, segment or subtitles. A signed-in app sends
//! its token as for anything else; a player fetching the addresses Marquee handed out usually sends
//! nothing, and then the address's stream grant speaks for it: the session it names must still be
//! alive (the session cache answers, so a sign-out ends it at once) and still watch as the profile
//! it names, whose maturity level then decides what exists, as for the app itself.

use axum::extract::{FromRef, FromRequestParts};
use axum::http::request::Parts;
use uuid::Uuid;

use super::caller::{AppClient, Caller};
use super::error::JellyfinError;
use super::server::JellyfinServer;
use super::stream_grant::StreamGrant;
use crate::auth::{ClientIp, Identity};

pub struct StreamCaller {
    pub caller: Caller,
    /// The grant the request came with; `None` when the app sent its token instead.
    pub grant: Option<(StreamGrant, String)>,
}

impl StreamCaller {
    /// Refuses a file the grant does not open (as if it were not there); with a token, anything the
    /// profile sees may be asked for.
    pub fn may_open(&self, media_id: Uuid) -> Result<(), JellyfinError> {
        match &self.grant {
            Some((grant, _)) if grant.media_id != media_id => Err(JellyfinError::not_found("That video")),
            _ => Ok(()),
        }
    }
}

/// The `grant` an address carries (query names arrive in lower case).
pub fn grant_in(query: Option<&str>) -> Option<String> {
    url::form_urlencoded::parse(query?.as_bytes())
        .find(|(name, _)| name == "grant")
        .map(|(_, grant)| grant.into_owned())
}

impl<S> FromRequestParts<S> for StreamCaller
where
    Identity: FromRef<S>,
    JellyfinServer: FromRef<S>,
    S: Send + Sync,
{
    type Rejection = JellyfinError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let AppClient(client) = AppClient::from_request_parts(parts, state).await?;
        let presented = grant_in(parts.uri.query());
        let Some(text) = presented.filter(|_| client.token.is_none()) else {
            return Ok(Self { caller: Caller::from_request_parts(parts, state).await?, grant: None });
        };
        let app = Identity::from_ref(state);
        let grants = JellyfinServer::from_ref(state).stream_grants(&app).await?;
        let grant = grants
            .read(&text, crate::clock::now().unix_timestamp())
            .map_err(|refusal| JellyfinError::Unauthorized(refusal.words().into()))?;
        let Ok(ClientIp(ip)) = ClientIp::from_request_parts(parts, state).await;
        let (current, token_hash) =
            app.sessions.authenticate_by_id(grant.session_id, ip).await?.ok_or_else(JellyfinError::signed_out)?;
        // A device sent back to "Who's watching?" since plays nothing on the profile it left.
        if current.session.profile_id != Some(grant.profile_id) {
            return Err(JellyfinError::signed_out());
        }
        let profile =
            app.store.profile(current.account.id, grant.profile_id).await?.ok_or_else(JellyfinError::signed_out)?;
        Ok(Self { caller: Caller { current, profile, token_hash }, grant: Some((grant, text)) })
    }
}
