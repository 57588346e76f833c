//! Signing a device in with a code (OAuth 2.0 Device Authorization Grant, RFC 8628): the codes and
//! the rules for allowing and collecting them. The pages and endpoints are in `signin::device_code`.

pub mod flow;
pub mod user_code;

/// The client id Jellyfin apps' Quick Connect asks for codes under. Such a code must be allowed with
/// a profile chosen, and signs the app in watching as that profile (a Jellyfin user is a profile).
pub const QUICK_CONNECT_CLIENT: &str = "jellyfin-quick-connect";

/// Whether a code asked for under `client_id` can only be allowed with a profile chosen.
pub fn needs_profile(client_id: &str) -> bool {
    client_id == QUICK_CONNECT_CLIENT
}
