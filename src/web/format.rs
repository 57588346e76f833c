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

/// "23 Nov 2026".
pub fn date(at: OffsetDateTime) -> String {
    let month = &at.month().to_string()[..3];
    format!("{} {month} {}", at.day(), at.year())
}

/// Where a device is, as well as Marquee can tell without a location database.
pub fn place(ip: Option<&str>) -> String {
    match ip.map(|ip| (ip, ip.parse::<IpAddr>())) {
        None => "Unknown location".into(),
        Some((ip, Ok(addr))) if addr.is_loopback() => format!("This computer ({ip})"),
        Some((ip, Ok(IpAddr::V4(v4)))) if v4.is_private() || v4.is_link_local() => format!("Home network ({ip})"),
        Some((ip, Ok(IpAddr::V6(v6)))) if v6.is_unique_local() || v6.is_unicast_link_local() => {
            format!("Home network ({ip})")
        }
        Some((ip, _)) => format!("IP address {ip}"),
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
        assert_eq!(place(Some("127.0.0.1")), "This computer (127.0.0.1)");
        assert_eq!(place(Some("192.168.1.20")), "Home network (192.168.1.20)");
        assert_eq!(place(Some("203.0.113.9")), "IP address 203.0.113.9");
        assert_eq!(place(None), "Unknown location");
    }
}
