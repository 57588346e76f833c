//! Times and addresses as a person reads them in the device list.

use std::net::IpAddr;

use time::OffsetDateTime;

/// "Active now", "12 minutes ago", "3 hours ago", "Yesterday", "4 days ago", "12 Mar 2026".
pub fn relative(at: OffsetDateTime, now: OffsetDateTime) -> String {
    let ago = now - at;
    let minutes = ago.whole_minutes();
    match minutes {
        i64::MIN..=1 => "Active now".into(),
        2..=59 => format!("{minutes} minutes ago"),
        60..=119 => "1 hour ago".into(),
        120..=1439 => format!("{} hours ago", ago.whole_hours()),
        1440..=2879 => "Yesterday".into(),
        2880..=10079 => format!("{} days ago", ago.whole_days()),
        _ => date(at),
    }
}

/// When something was asked for: "Just now", "1 minute ago", "4 minutes ago", then as [`relative`].
pub fn ago(at: OffsetDateTime, now: OffsetDateTime) -> String {
    match (now - at).whole_minutes() {
        i64::MIN..=0 => "Just now".into(),
        1 => "1 minute ago".into(),
        minutes @ 2..=59 => format!("{minutes} minutes ago"),
        _ => relative(at, now),
    }
}

/// What a signed-in device is, in a word a person uses: "phone", "tablet", "TV" or "computer", from its
/// kind and the name its browser's User-Agent gave it ("Safari on iPad").
pub fn device_noun(kind: &str, name: &str) -> &'static str {
    match kind {
        "tv" => "TV",
        "mobile" if ["iPad", "Tablet", "tablet"].iter().any(|marker| name.contains(marker)) => "tablet",
        "mobile" => "phone",
        _ => "computer",
    }
}

/// "23 Nov 2026".
pub fn date(at: OffsetDateTime) -> String {
    let month = &at.month().to_string()[..3];
    format!("{} {month} {}", at.day(), at.year())
}

/// Where a device is, as well as Marquee can tell without a location database.
///
/// `this_device` is what the device asking is (see [`device_noun`]), and `None` for the others;
/// `asking_from` is the address its request came from. Another device is only "this phone" or "this
/// network" in relation to the one asking: sharing an address with it says no more than that they are
/// on the same network (or behind the same router).
pub fn place(ip: Option<&str>, this_device: Option<&str>, asking_from: Option<IpAddr>) -> String {
    let Some(ip) = ip else { return "Unknown location".into() };
    let Ok(addr) = ip.parse::<IpAddr>() else { return format!("IP address {ip}") };
    let addr = addr.to_canonical();
    let home = match addr {
        IpAddr::V4(v4) => v4.is_private() || v4.is_link_local(),
        IpAddr::V6(v6) => v6.is_unique_local() || v6.is_unicast_link_local(),
    };
    if let Some(noun) = this_device.filter(|_| addr.is_loopback()) {
        format!("This {noun} ({ip})")
    } else if this_device.is_none() && asking_from.is_some_and(|asking| asking.to_canonical() == addr) {
        format!("Same network as this device ({ip})")
    } else if addr.is_loopback() {
        format!("Same computer as the server ({ip})")
    } else if home {
        format!("Home network ({ip})")
    } else {
        format!("IP address {ip}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn relative_times_read_naturally() {
        let now = datetime!(2026-11-23 12:00 UTC);
        assert_eq!(relative(now, now), "Active now");
        assert_eq!(relative(now - time::Duration::minutes(12), now), "12 minutes ago");
        assert_eq!(relative(now - time::Duration::hours(3), now), "3 hours ago");
        assert_eq!(relative(now - time::Duration::hours(30), now), "Yesterday");
        assert_eq!(relative(now - time::Duration::days(4), now), "4 days ago");
        assert_eq!(relative(datetime!(2026-03-12 08:00 UTC), now), "12 Mar 2026");
    }

    #[test]
    fn places_say_what_kind_of_network() {
        assert_eq!(place(Some("127.0.0.1"), Some("computer"), None), "This computer (127.0.0.1)");
        assert_eq!(place(Some("127.0.0.1"), Some("phone"), None), "This phone (127.0.0.1)");
        assert_eq!(place(Some("192.168.1.20"), Some("computer"), None), "Home network (192.168.1.20)");
        assert_eq!(place(Some("fd00::7"), Some("computer"), None), "Home network (fd00::7)");
        assert_eq!(place(Some("203.0.113.9"), Some("computer"), None), "IP address 203.0.113.9");
        assert_eq!(place(None, Some("computer"), None), "Unknown location");
        assert_eq!(place(Some("not an address"), None, None), "IP address not an address");
    }

    #[test]
    fn devices_are_called_what_they_are() {
        assert_eq!(device_noun("mobile", "Chrome on Android"), "phone");
        assert_eq!(device_noun("mobile", "Safari on iPad"), "tablet");
        assert_eq!(device_noun("tv", "LG TV"), "TV");
        assert_eq!(device_noun("browser", "Firefox on Linux"), "computer");
    }

    #[test]
    fn another_device_is_placed_in_relation_to_the_one_asking() {
        let asking = |ip: &str| Some(ip.parse::<IpAddr>().unwrap());
        let other = |ip, from| place(Some(ip), None, asking(from));
        assert_eq!(other("127.0.0.1", "127.0.0.1"), "Same network as this device (127.0.0.1)");
        assert_eq!(other("192.168.1.20", "192.168.1.20"), "Same network as this device (192.168.1.20)");
        assert_eq!(other("203.0.113.9", "::ffff:203.0.113.9"), "Same network as this device (203.0.113.9)");
        assert_eq!(other("127.0.0.1", "192.168.1.20"), "Same computer as the server (127.0.0.1)");
        assert_eq!(other("::1", "192.168.1.20"), "Same computer as the server (::1)");
        assert_eq!(other("192.168.1.21", "192.168.1.20"), "Home network (192.168.1.21)");
        assert_eq!(other("203.0.113.9", "192.168.1.20"), "IP address 203.0.113.9");
        assert_eq!(place(Some("127.0.0.1"), None, None), "Same computer as the server (127.0.0.1)");
        assert_eq!(place(None, None, asking("127.0.0.1")), "Unknown location");
    }
}
