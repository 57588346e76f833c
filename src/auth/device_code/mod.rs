//! Signing a device in with a code (OAuth 2.0 Device Authorization Grant, RFC 8628): the codes and
//! the rules for allowing and collecting them. The pages and endpoints are in `signin::device_code`.

pub mod flow;
pub mod user_code;
