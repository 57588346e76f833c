//! Each page request's language: the one the browser asks for in `Accept-Language`, until a
//! signed-in session says the account's (see [`super::BrowserSession`]).

use axum::extract::Request;
use axum::http::HeaderValue;
use axum::http::header::{ACCEPT_LANGUAGE, VARY};
use axum::middleware::Next;
use axum::response::Response;

use crate::i18n;

/// Middleware for the pages: answers the request in the browser's language.
pub async fn from_browser(request: Request, next: Next) -> Response {
    let asked = request
        .headers()
        .get(ACCEPT_LANGUAGE)
        .and_then(|value| value.to_str().ok())
        .map(i18n::from_accept_language)
        .unwrap_or_default();
    let mut response = i18n::scope(asked, next.run(request)).await;
    response.headers_mut().append(VARY, HeaderValue::from_static("accept-language"));
    response
}
