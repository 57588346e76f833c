//! What every page shares: the frame, cookies, CSRF, extractors, errors, static files, the language.

pub mod assets;
mod chrome;
pub mod cookies;
pub mod csrf;
mod error;
mod extract;
pub mod format;
pub mod language;
pub mod pages;
pub mod reauth;

pub use chrome::{Badge, Choice, Chrome};
pub use csrf::{CsrfForm, PreSessionCsrfForm};
pub use error::WebError;
pub use extract::{AccountHolder, BrowserSession, RequestInfo, Viewer, Watching};

use axum::response::Html;

/// Renders a template; a rendering failure is an internal error, never a half page.
pub fn render(template: &impl askama::Template) -> Result<Html<String>, WebError> {
    template.render().map(Html).map_err(|e| WebError::internal(format!("template failed: {e}")))
}
