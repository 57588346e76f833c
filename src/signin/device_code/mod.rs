//! The pages and endpoints of signing a device in with a code: a TV shows a short code, a person
//! signed in elsewhere enters it at `/activate` and allows it, the TV is in (RFC 8628's endpoints too).

pub mod activate;
pub mod oauth;
mod qr;
pub mod tv;

use axum::http::HeaderMap;

use crate::auth::Identity;
use crate::auth::device_code::user_code::UserCode;

/// The absolute address of the activation page (with the code filled in, when given), on the host
/// the device reached. A `Host` that is not a plain host name or address falls back to the address
/// Marquee listens on, so nothing odd from a request ends up in a QR code.
pub fn activation_url(app: &Identity, headers: &HeaderMap, https: bool, code: Option<&UserCode>) -> String {
    let origin = origin(app, headers, https);
    match code {
        Some(code) => format!("{origin}/activate?code={}", code.display()),
        None => format!("{origin}/activate"),
    }
}

pub use crate::web::origin::{origin, request_origin};
