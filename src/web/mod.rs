//! What every page shares: the frame, cookies, CSRF, extractors, errors, static files, the language.
//!
//! Under every area and over `auth/`: it imports `auth/`, `error.rs`, `store/`, `domain/` and `i18n/`,
//! never an area.

pub mod assets;
mod chrome;
pub mod cookies;
pub mod csrf;
mod error;
mod extract;
pub mod format;
pub mod language;
pub mod one_time_links;
pub mod origin;
pub mod pages;
mod path_id;
pub mod qr;
pub mod reauth;

pub use chrome::{Badge, Choice, Chrome};
pub use csrf::{CsrfForm, CsrfJson, PreSessionCsrfForm, PreSessionCsrfJson};
pub use error::WebError;
pub use extract::{AccountHolder, BrowserSession, RequestInfo, Viewer, Watching};
pub use origin::Origin;
pub use path_id::{
    DeviceId, IdOf, JsonPathId, MediaId, PasskeyId, PathId, PictureId, PlayingDeviceId, ProfileId, TitleId,
};

use axum::response::Html;

/// Renders a template; a rendering failure is an internal error, never a half page.
pub fn render(template: &impl askama::Template) -> Result<Html<String>, WebError> {
    template.render().map(Html).map_err(|e| WebError::internal(format!("template failed: {e}")))
}
