//! What a browser's `User-Agent` says about the device: a name for the device list, and its kind.

use crate::domain::device::DeviceKind;

/// "Chrome on Linux", "Safari on iPhone": what the device list shows for a browser.
pub fn describe_browser(user_agent: &str) -> String {
    let browser =
        [("Edg/", "Edge"), ("OPR/", "Opera"), ("Firefox/", "Firefox"), ("Chrome/", "Chrome"), ("Safari/", "Safari")]
            .into_iter()
            .find(|(marker, _)| user_agent.contains(marker))
            .map_or("Browser", |(_, name)| name);
    // Android tablets' browsers leave "Mobile" out of the User-Agent; phones' put it in.
    let android = if user_agent.contains("Mobile") { "Android" } else { "Android tablet" };
    let system = [
        ("iPhone", "iPhone"),
        ("iPad", "iPad"),
        ("Android", android),
        ("CrOS", "ChromeOS"),
        ("Windows", "Windows"),
        ("Mac OS X", "macOS"),
        ("Linux", "Linux"),
    ]
    .into_iter()
    .find(|(marker, _)| user_agent.contains(marker))
    .map(|(_, name)| name);
    match system {
        Some(system) => format!("{browser} on {system}"),
        None => browser.to_string(),
    }
}

pub fn kind_of_browser(user_agent: &str) -> DeviceKind {
    if ["SMART-TV", "SmartTV", "Tizen", "Web0S", "AFT"].iter().any(|m| user_agent.contains(m)) {
        DeviceKind::Tv
    } else if ["Mobi", "Android", "iPhone", "iPad"].iter().any(|m| user_agent.contains(m)) {
        DeviceKind::Mobile
    } else {
        DeviceKind::Browser
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn browsers_get_readable_names_and_kinds() {
        let chrome_linux =
            "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0 Safari/537.36";
        assert_eq!(describe_browser(chrome_linux), "Chrome on Linux");
        assert_eq!(kind_of_browser(chrome_linux), DeviceKind::Browser);
        let iphone = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Version/17.0 Mobile/15E148 Safari/604.1";
        assert_eq!(describe_browser(iphone), "Safari on iPhone");
        assert_eq!(kind_of_browser(iphone), DeviceKind::Mobile);
        assert_eq!(describe_browser(""), "Browser");
        let android_phone = "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36";
        assert_eq!(describe_browser(android_phone), "Chrome on Android");
        let android_tablet = "Mozilla/5.0 (Linux; Android 14; SM-X710) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36";
        assert_eq!(describe_browser(android_tablet), "Chrome on Android tablet");
        assert_eq!(kind_of_browser(android_tablet), DeviceKind::Mobile);
    }
}
