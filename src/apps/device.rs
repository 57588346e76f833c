//! How a Jellyfin app appears in the account's device list: named by its app and device, with a
//! kind guessed from them.

use super::error::JellyfinError;
use super::header::ClientInfo;
use crate::domain::device::{DeviceKind, DeviceName};

/// "Jellyfin Android TV on Living room Shield", within the device-name rules (at most 100 characters).
pub fn name(client: &ClientInfo) -> Result<DeviceName, JellyfinError> {
    let (Some(app), Some(device)) = (client.client.as_deref(), client.device.as_deref()) else {
        return Err(JellyfinError::bad_request(
            "Say which app and device this is: send Authorization: MediaBrowser Client=\"…\", Device=\"…\", \
             DeviceId=\"…\", Version=\"…\".",
        ));
    };
    let full = format!("{} on {}", app.trim(), device.trim());
    let shortened: String = full.chars().take(DeviceName::MAX_CHARS).collect();
    DeviceName::parse(&shortened).map_err(JellyfinError::bad_request)
}

/// The id the app gives its device (`DeviceId`), when it gives a usable one: a new sign-in with it
/// replaces the account's earlier session from that device, as Jellyfin does. Ids that are empty,
/// longer than 200 characters or hold control characters are not used (the sign-in still works).
pub fn id(client: &ClientInfo) -> Option<String> {
    let id = client.device_id.as_deref()?.trim();
    let usable = !id.is_empty() && id.chars().count() <= 200 && !id.chars().any(char::is_control);
    usable.then(|| id.to_string())
}

/// TV apps are TVs, phone apps are phones, browsers are browsers; anything else is "other".
pub fn kind(client: &ClientInfo) -> DeviceKind {
    let said =
        format!("{} {}", client.client.as_deref().unwrap_or(""), client.device.as_deref().unwrap_or("")).to_lowercase();
    let has = |words: &[&str]| words.iter().any(|word| said.contains(word));
    if has(&["android tv", "google tv", "fire tv", "firetv", "tvos", "apple tv", "androidtv", "webos", "tizen", "roku"])
    {
        DeviceKind::Tv
    } else if has(&["android", "ios", "iphone", "ipad", "findroid", "streamyfin", "swiftfin", "mobile"]) {
        DeviceKind::Mobile
    } else if has(&["firefox", "chrome", "safari", "edge", "jellyfin web"]) {
        DeviceKind::Browser
    } else {
        DeviceKind::Other
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn client(app: &str, device: &str) -> ClientInfo {
        ClientInfo { client: Some(app.into()), device: Some(device.into()), ..ClientInfo::default() }
    }

    #[test]
    fn apps_are_named_by_app_and_device_and_sorted_into_kinds() {
        let tv = client("Jellyfin Android TV", "Shield");
        assert_eq!(name(&tv).unwrap().into_inner(), "Jellyfin Android TV on Shield");
        assert_eq!(kind(&tv), DeviceKind::Tv);
        assert_eq!(kind(&client("Swiftfin iOS", "iPhone")), DeviceKind::Mobile);
        assert_eq!(kind(&client("Jellyfin Web", "Firefox")), DeviceKind::Browser);
        assert_eq!(kind(&client("Kodi", "living-room")), DeviceKind::Other);
        assert_eq!(name(&client(&"a".repeat(90), &"b".repeat(90))).unwrap().into_inner().chars().count(), 100);
        assert!(name(&ClientInfo::default()).is_err());
    }

    #[test]
    fn only_usable_device_ids_are_kept() {
        let with_id = |id: &str| ClientInfo { device_id: Some(id.into()), ..ClientInfo::default() };
        assert_eq!(id(&with_id(" abc123 ")).as_deref(), Some("abc123"));
        assert_eq!(id(&with_id("")), None);
        assert_eq!(id(&with_id(&"x".repeat(201))), None);
        assert_eq!(id(&with_id("a\u{0}b")), None);
        assert_eq!(id(&ClientInfo::default()), None);
    }
}
