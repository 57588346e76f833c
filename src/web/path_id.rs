//! [`PathId`]: the id in a route's path, read as a UUID before the handler runs. Anything else in its
//! place is "not found" (a page, or JSON for what scripts and apps call), never a parse in every handler.

use std::marker::PhantomData;

use axum::extract::{FromRequestParts, RawPathParams};
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};
use uuid::Uuid;

use super::WebError;
use crate::error::AppError;

/// What a path id names: the route's parameter that holds it, and the words for "not found".
pub trait IdOf {
    /// The parameter's name in the route (`/titles/{id}` → `"id"`).
    const PARAM: &'static str = "id";
    /// The subject of "… was not found".
    const WHAT: &'static str;

    /// What the API answers when the path holds no id at all: by default, not found.
    fn api_refusal() -> AppError {
        AppError::NotFound(Self::WHAT)
    }
}

/// A title's id (`/title/{id}`, `/api/v1/titles/{id}`).
pub enum TitleId {}
/// A video file's id (`/watch/{id}`, `/api/v1/media/{id}/…`).
pub enum MediaId {}
/// A profile's id (`/profiles/{id}/…`).
pub enum ProfileId {}
/// A device's session id (`/account/devices/{id}/…`, `/api/v1/sessions/{id}`).
pub enum DeviceId {}
/// The device whose playback is stopped from another one (`/streams/{session_id}/stop`).
pub enum PlayingDeviceId {}
/// The title or file a picture belongs to (`/art/{id}/{kind}`, `/art/media/{id}/thumb`).
pub enum PictureId {}
/// One of the account's passkeys (`/account/passkeys/{id}/…`).
pub enum PasskeyId {}

impl IdOf for TitleId {
    const WHAT: &'static str = "That title";
}
impl IdOf for MediaId {
    const WHAT: &'static str = "That video";
}
impl IdOf for ProfileId {
    const WHAT: &'static str = "That profile";
}
impl IdOf for DeviceId {
    const WHAT: &'static str = "That device";

    /// The sessions API has always said "not a session id" here, and apps rely on it.
    fn api_refusal() -> AppError {
        AppError::bad_request("invalid_id", "That is not a session id (expected a UUID).")
    }
}
impl IdOf for PlayingDeviceId {
    const PARAM: &'static str = "session_id";
    const WHAT: &'static str = "That device";
}
impl IdOf for PictureId {
    const WHAT: &'static str = "That picture";
}
impl IdOf for PasskeyId {
    const WHAT: &'static str = "That passkey";
}

/// How a request with no id where one belongs is answered.
pub trait Refusal {
    fn not_an_id<K: IdOf>() -> Response;
}

/// With an error page in the reader's language, for pages.
pub enum AsPage {}
/// With a JSON error, for the API and what the player's script fetches.
pub enum AsJson {}

impl Refusal for AsPage {
    fn not_an_id<K: IdOf>() -> Response {
        WebError::not_found(K::WHAT).into_response()
    }
}

impl Refusal for AsJson {
    fn not_an_id<K: IdOf>() -> Response {
        K::api_refusal().into_response()
    }
}

/// The id named by `K` in this request's path, refused as `R` says when it is not one.
pub struct PathId<K: IdOf, R: Refusal = AsPage> {
    pub id: Uuid,
    kind: PhantomData<(K, R)>,
}

/// A path id for handlers that answer JSON.
pub type JsonPathId<K> = PathId<K, AsJson>;

impl<S: Send + Sync, K: IdOf, R: Refusal> FromRequestParts<S> for PathId<K, R> {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let params = RawPathParams::from_request_parts(parts, state).await.map_err(IntoResponse::into_response)?;
        let id = params.iter().find(|(name, _)| *name == K::PARAM).and_then(|(_, raw)| Uuid::parse_str(raw).ok());
        id.map(|id| Self { id, kind: PhantomData }).ok_or_else(R::not_an_id::<K>)
    }
}
