//! Extractors that answer "who is asking?", so handlers never parse headers themselves.

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;

use axum::extract::{ConnectInfo, FromRef, FromRequestParts};
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;

use super::session_cache::CurrentSession;
use super::token;
use crate::auth::Identity;
use crate::error::AppError;

/// The client's address: the peer, or the last `X-Forwarded-For` hop when that is trusted.
#[derive(Debug, Clone)]
pub struct ClientIp(pub Option<IpAddr>);

impl ClientIp {
    pub fn as_string(&self) -> Option<String> {
        self.0.map(|ip| ip.to_string())
    }
}

impl<S> FromRequestParts<S> for ClientIp
where
    Identity: FromRef<S>,
    S: Send + Sync,
{
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let app = Identity::from_ref(state);
        Ok(ClientIp(client_ip(parts, app.settings.trust_forwarded_for)))
    }
}

fn client_ip(parts: &Parts, trust_forwarded_for: bool) -> Option<IpAddr> {
    if trust_forwarded_for {
        // Only the rightmost hop was added by the trusted proxy; anything left of it is the client's say-so.
        let forwarded = parts
            .headers
            .get_all("x-forwarded-for")
            .iter()
            .next_back()
            .and_then(|value| value.to_str().ok())
            .and_then(|value| value.rsplit(',').next())
            .and_then(|hop| hop.trim().parse::<IpAddr>().ok());
        if forwarded.is_some() {
            return forwarded;
        }
    }
    parts.extensions.get::<ConnectInfo<SocketAddr>>().map(|ConnectInfo(peer)| peer.ip())
}

/// A request from a signed-in device: `Authorization: Bearer <token>` naming a live session.
/// Anything else (no header, another scheme, a malformed, unknown, expired or revoked token)
/// is refused with 401 `unauthenticated`.
#[derive(Clone)]
pub struct SignedIn(pub Arc<CurrentSession>);

impl<S> FromRequestParts<S> for SignedIn
where
    Identity: FromRef<S>,
    S: Send + Sync,
{
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let app = Identity::from_ref(state);
        let hash = bearer_token(parts).and_then(token::hash_presented).ok_or(AppError::Unauthenticated)?;
        let ip = client_ip(parts, app.settings.trust_forwarded_for);
        let current = app.sessions.authenticate(&hash, ip).await?;
        current.map(SignedIn).ok_or(AppError::Unauthenticated)
    }
}

fn bearer_token(parts: &Parts) -> Option<&str> {
    bearer_in(&parts.headers)
}

fn bearer_in(headers: &axum::http::HeaderMap) -> Option<&str> {
    let value = headers.get(AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then(|| token.trim())
}

/// The hash of the bearer token a request carries, to ask later whether its session still lives.
pub fn bearer_hash(headers: &axum::http::HeaderMap) -> Option<token::TokenHash> {
    bearer_in(headers).and_then(token::hash_presented)
}

/// An app or TV that may see and manage the account (its details, its devices, signing them out):
/// any signed-in device except one watching as a kids profile, which gets 403 `kids_profile`, as
/// the account pages refuse it. Only a device with a profile chosen costs a look-up.
pub struct ApiAccountHolder(pub Arc<CurrentSession>);

impl<S> FromRequestParts<S> for ApiAccountHolder
where
    Identity: FromRef<S>,
    S: Send + Sync,
{
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let app = Identity::from_ref(state);
        let SignedIn(current) = SignedIn::from_request_parts(parts, state).await?;
        if watches_as_kids(&app, &current).await? {
            return Err(AppError::Forbidden {
                code: "kids_profile",
                message: "A device watching as a kids profile cannot see or manage the account. \
                          Choose another profile first."
                    .into(),
            });
        }
        Ok(Self(current))
    }
}

/// Whether this device watches as a kids profile, which may not see or manage the account (pages and
/// API alike). Only a device with a profile chosen costs a look-up.
pub async fn watches_as_kids(app: &Identity, current: &CurrentSession) -> Result<bool, AppError> {
    let Some(chosen) = current.session.profile_id else { return Ok(false) };
    Ok(app.store.profile(current.account.id, chosen).await?.is_some_and(|profile| profile.is_kids))
}

/// An app or TV signed in with a bearer token that has chosen a profile to watch as; otherwise
/// 409 `profile_required`.
pub struct ApiViewer {
    pub current: Arc<CurrentSession>,
    pub profile: crate::store::Profile,
}

impl<S> FromRequestParts<S> for ApiViewer
where
    Identity: FromRef<S>,
    S: Send + Sync,
{
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let app = Identity::from_ref(state);
        let SignedIn(current) = SignedIn::from_request_parts(parts, state).await?;
        let hash = bearer_hash(&parts.headers).ok_or(AppError::Unauthenticated)?;
        let ip = client_ip(parts, app.settings.trust_forwarded_for);
        let current = app.sessions.with_profile(current, &hash, ip).await?.ok_or(AppError::Unauthenticated)?;
        let chosen = current.session.profile_id.ok_or_else(profile_required)?;
        let profile = app.store.profile(current.account.id, chosen).await?.ok_or_else(profile_required)?;
        Ok(Self { current, profile })
    }
}

fn profile_required() -> AppError {
    AppError::Conflict {
        code: "profile_required",
        message: "Choose a profile first: POST /api/v1/profiles/{id}/select.".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts(forwarded: &[&str]) -> Parts {
        let mut request = axum::http::Request::builder();
        for value in forwarded {
            request = request.header("x-forwarded-for", *value);
        }
        let (mut parts, ()) = request.body(()).unwrap().into_parts();
        parts.extensions.insert(ConnectInfo(SocketAddr::from(([10, 0, 0, 1], 4000))));
        parts
    }

    #[test]
    fn the_address_is_the_hop_the_proxy_appended_never_one_the_client_claimed() {
        let ip = |text: &str| Some(text.parse::<IpAddr>().unwrap());
        // nginx's $proxy_add_x_forwarded_for: what the client sent, then the address nginx saw.
        assert_eq!(client_ip(&parts(&["203.0.113.7, 127.0.0.2"]), true), ip("127.0.0.2"));
        assert_eq!(client_ip(&parts(&["203.0.113.7", "127.0.0.2"]), true), ip("127.0.0.2"), "the last header");
        assert_eq!(client_ip(&parts(&["2001:db8::1 , 2001:db8::2 "]), true), ip("2001:db8::2"));
        // Not behind a proxy: the header is anyone's say-so and the peer counts.
        assert_eq!(client_ip(&parts(&["203.0.113.7"]), false), ip("10.0.0.1"));
        assert_eq!(client_ip(&parts(&[]), true), ip("10.0.0.1"));
        assert_eq!(client_ip(&parts(&["not an address"]), true), ip("10.0.0.1"));
    }
}
