//! Who is asking, for pages: the browser's session cookie, and the profile chosen on this device.

use std::sync::Arc;

use axum::extract::{FromRef, FromRequestParts};
use axum::http::header::USER_AGENT;
use axum::http::request::Parts;
use axum_extra::extract::cookie::CookieJar;

use super::chrome::Chrome;
use super::error::WebError;
use super::{cookies, csrf};
use crate::auth::Identity;
use crate::auth::{ClientIp, CurrentSession, token};
use crate::i18n::{Language, Tr};
use crate::store::Profile;

/// Facts about the request that sign-in needs.
pub struct RequestInfo {
    pub https: bool,
    pub ip: Option<String>,
    pub user_agent: String,
}

impl<S> FromRequestParts<S> for RequestInfo
where
    Identity: FromRef<S>,
    S: Send + Sync,
{
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let app = Identity::from_ref(state);
        let Ok(ip) = ClientIp::from_request_parts(parts, state).await;
        Ok(Self {
            https: cookies::is_https(&parts.headers, app.settings.trust_forwarded_for),
            ip: ip.as_string(),
            user_agent: parts.headers.get(USER_AGENT).and_then(|v| v.to_str().ok()).unwrap_or_default().to_string(),
        })
    }
}

/// A browser signed in with a live session cookie. Anything else is sent to the sign-in page.
pub struct BrowserSession {
    pub current: Arc<CurrentSession>,
    /// The CSRF token this session's forms must carry.
    pub csrf: String,
    /// Where the request came from, for throttling password re-entry per address.
    pub ip: Option<std::net::IpAddr>,
    /// The hash of the cookie's token, to ask again later whether the session still lives.
    pub token_hash: token::TokenHash,
}

impl<S> FromRequestParts<S> for BrowserSession
where
    Identity: FromRef<S>,
    S: Send + Sync,
{
    type Rejection = WebError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let app = Identity::from_ref(state);
        let jar = CookieJar::from_headers(&parts.headers);
        let https = cookies::is_https(&parts.headers, app.settings.trust_forwarded_for);
        let raw = cookies::session_token(&jar, https).ok_or(WebError::SignInRequired)?;
        let hash = token::hash_presented(&raw).ok_or(WebError::SignInRequired)?;
        let Ok(ip) = ClientIp::from_request_parts(parts, state).await;
        let current = app.sessions.authenticate(&hash, ip.0).await?;
        let current = current.ok_or(WebError::SignInRequired)?;
        // From here on, this request (its error pages too) speaks the account's language.
        crate::i18n::set_current(Language::from_stored(&current.account.language));
        Ok(Self { current, csrf: csrf::token_for_session(&raw), ip: ip.0, token_hash: hash })
    }
}

impl BrowserSession {
    /// This browser as the one asking for an action, for the account's activity.
    pub fn actor(&self) -> crate::store::Actor {
        self.current.actor(self.ip)
    }

    /// Puts words into the account's language.
    pub fn tr(&self) -> Tr {
        Tr::for_tag(&self.current.account.language)
    }

    /// This session, read again when the cached copy has no profile chosen (see
    /// [`crate::auth::Sessions::with_profile`]).
    pub async fn with_profile(mut self, app: &Identity) -> Result<Self, WebError> {
        let current = app.sessions.with_profile(self.current, &self.token_hash, self.ip).await?;
        self.current = current.ok_or(WebError::SignInRequired)?;
        Ok(self)
    }

    /// The account's profiles and the page frame, with the menu if a profile is chosen.
    pub async fn chrome(&self, app: &Identity) -> Result<(Chrome, Vec<Profile>), WebError> {
        let profiles = app.store.profiles(self.current.account.id).await?;
        let chrome = Chrome::signed_in(
            self.csrf.clone(),
            &self.current.account.language,
            &profiles,
            self.current.session.profile_id,
            self.current.session.device_kind == crate::domain::device::DeviceKind::Tv,
        );
        Ok((chrome, profiles))
    }
}

/// A signed-in browser that may manage the account and its profiles: any device except one
/// watching as a kids profile (which gets a page saying so).
pub struct AccountHolder(pub BrowserSession);

impl<S> FromRequestParts<S> for AccountHolder
where
    Identity: FromRef<S>,
    S: Send + Sync,
{
    type Rejection = WebError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let app = Identity::from_ref(state);
        let session = BrowserSession::from_request_parts(parts, state).await?;
        if crate::auth::watches_as_kids(&app, &session.current).await? {
            return Err(WebError::kids_profile());
        }
        Ok(Self(session))
    }
}

/// A signed-in browser with a profile chosen on this device; otherwise "Who's watching?" first.
pub struct Viewer {
    pub session: BrowserSession,
    pub profile: Profile,
    pub chrome: Chrome,
}

impl<S> FromRequestParts<S> for Viewer
where
    Identity: FromRef<S>,
    S: Send + Sync,
{
    type Rejection = WebError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let app = Identity::from_ref(state);
        let session = BrowserSession::from_request_parts(parts, state).await?.with_profile(&app).await?;
        let chosen = session.current.session.profile_id.ok_or(WebError::ChooseProfile)?;
        let (chrome, profiles) = session.chrome(&app).await?;
        let profile = profiles.into_iter().find(|p| p.id == chosen).ok_or(WebError::ChooseProfile)?;
        Ok(Self { session, profile, chrome })
    }
}

/// A signed-in browser watching as a chosen profile, without the page frame: for the player's
/// requests (the stream, subtitles, art, progress), which must stay cheap.
pub struct Watching {
    pub session: BrowserSession,
    pub profile: Profile,
}

impl<S> FromRequestParts<S> for Watching
where
    Identity: FromRef<S>,
    S: Send + Sync,
{
    type Rejection = WebError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let app = Identity::from_ref(state);
        let session = BrowserSession::from_request_parts(parts, state).await?.with_profile(&app).await?;
        let chosen = session.current.session.profile_id.ok_or(WebError::ChooseProfile)?;
        let profile = app.store.profile(session.current.account.id, chosen).await?;
        let profile = profile.ok_or(WebError::ChooseProfile)?;
        Ok(Self { session, profile })
    }
}
