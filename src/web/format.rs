//! Times and addresses as a person reads them in the device list, in their language.

use std::net::IpAddr;

use crate::domain::time_zone::AccountTimeZone;
use crate::i18n::Tr;

pub use crate::i18n::{ago, asked, date, duration, relative};

/// What a signed-in device is, in a word a person uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeviceNoun {
    Phone,
    Tablet,
    Tv,
    Computer,
}

impl DeviceNoun {
    /// The message for "This phone (address)" and the like.
    fn this_one(self) -> &'static str {
        match self {
            Self::Phone => "place-this-phone",
            Self::Tablet => "place-this-tablet",
            Self::Tv => "place-this-tv",
            Self::Computer => "place-this-computer",
        }
    }
}

impl DeviceNoun {
    /// The message naming what the device is, as precisely as its name tells: "iPhone", "Android
    /// phone", "Phone", "iPad", "Android tablet", "Tablet", "TV" or "Computer".
    pub fn called(self, name: &str) -> &'static str {
        let android = name.contains("Android");
        match self {
            Self::Phone if name.contains("iPhone") => "device-iphone",
            Self::Phone if android => "device-android-phone",
            Self::Phone => "device-phone",
            Self::Tablet if name.contains("iPad") => "device-ipad",
            Self::Tablet if android => "device-android-tablet",
            Self::Tablet => "device-tablet",
            Self::Tv => "device-tv",
            Self::Computer => "device-computer",
        }
    }
}

/// What a device is, from its kind and the name its browser's User-Agent gave it ("Safari on iPad").
pub fn device_noun(kind: &str, name: &str) -> DeviceNoun {
    match kind {
        "tv" => DeviceNoun::Tv,
        "mobile" if ["iPad", "Tablet", "tablet"].iter().any(|marker| name.contains(marker)) => DeviceNoun::Tablet,
        "mobile" => DeviceNoun::Phone,
        _ => DeviceNoun::Computer,
    }
}

/// Where a device is, as well as Marquee can tell without a location database.
///
/// `this_device` is what the device asking is (see [`device_noun`]), and `None` for the others;
/// `asking_from` is the address its request came from. Another device is only "this phone" or "this
/// network" in relation to the one asking: sharing an address with it says no more than that they are
/// on the same network (or behind the same router).
pub fn place(tr: Tr, ip: Option<&str>, this_device: Option<DeviceNoun>, asking_from: Option<IpAddr>) -> String {
    let Some(ip) = ip else { return tr.t("place-unknown") };
    let said = |id: &str| tr.t_with(id, "ip", ip);
    let Ok(addr) = ip.parse::<IpAddr>() else { return said("place-address") };
    let addr = addr.to_canonical();
    let home = crate::domain::network::is_home_address(addr);
    if let Some(noun) = this_device.filter(|_| addr.is_loopback()) {
        said(noun.this_one())
    } else if this_device.is_none() && asking_from.is_some_and(|asking| asking.to_canonical() == addr) {
        said("place-same-network")
    } else if addr.is_loopback() {
        said("place-server")
    } else if home {
        said("place-home-network")
    } else {
        said("place-address")
    }
}

/// "Signs out by itself at 04:00 on 8 Dec 2026": when a device let in for a while signs out, as the
/// clocks of `zone` read it.
pub fn signs_out_at(tr: Tr, at: time::OffsetDateTime, zone: &AccountTimeZone) -> String {
    let local = zone.local(at);
    let clock = format!("{:02}:{:02}", local.hour(), local.minute());
    tr.t_args("acct-device-signs-out-at", &[("time", clock.into()), ("date", date(tr, local).into())])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Language;

    const EN: Tr = Tr::english();

    #[test]
    fn places_follow_the_language() {
        let home = |language| place(Tr::new(language), Some("192.168.1.20"), Some(DeviceNoun::Computer), None);
        assert_eq!(home(Language::French), "Réseau domestique (192.168.1.20)");
        assert_eq!(home(Language::German), "Heimnetzwerk (192.168.1.20)");
        assert_eq!(home(Language::Spanish), "Red doméstica (192.168.1.20)");
    }

    #[test]
    fn places_say_what_kind_of_network() {
        let computer = Some(DeviceNoun::Computer);
        assert_eq!(place(EN, Some("127.0.0.1"), computer, None), "This computer (127.0.0.1)");
        assert_eq!(place(EN, Some("127.0.0.1"), Some(DeviceNoun::Phone), None), "This phone (127.0.0.1)");
        assert_eq!(place(EN, Some("192.168.1.20"), computer, None), "Home network (192.168.1.20)");
        assert_eq!(place(EN, Some("fd00::7"), computer, None), "Home network (fd00::7)");
        assert_eq!(place(EN, Some("203.0.113.9"), computer, None), "IP address 203.0.113.9");
        assert_eq!(place(EN, None, computer, None), "Unknown location");
        assert_eq!(place(EN, Some("not an address"), None, None), "IP address not an address");
    }

    #[test]
    fn devices_are_called_what_they_are() {
        assert_eq!(device_noun("mobile", "Chrome on Android"), DeviceNoun::Phone);
        assert_eq!(device_noun("mobile", "Safari on iPad"), DeviceNoun::Tablet);
        assert_eq!(device_noun("tv", "LG TV"), DeviceNoun::Tv);
        assert_eq!(device_noun("browser", "Firefox on Linux"), DeviceNoun::Computer);
        assert_eq!(device_noun("mobile", "Chrome on Android tablet"), DeviceNoun::Tablet);
        let called = |kind, name| EN.t(device_noun(kind, name).called(name));
        assert_eq!(called("mobile", "Chrome on Android"), "Android phone");
        assert_eq!(called("mobile", "Safari on iPhone"), "iPhone");
        assert_eq!(called("mobile", "Firefox"), "Phone");
        assert_eq!(called("mobile", "Safari on iPad"), "iPad");
        assert_eq!(called("mobile", "Chrome on Android tablet"), "Android tablet");
        assert_eq!(called("tv", "LG TV"), "TV");
        assert_eq!(called("browser", "Chrome on Linux"), "Computer");
    }

    #[test]
    fn another_device_is_placed_in_relation_to_the_one_asking() {
        let asking = |ip: &str| Some(ip.parse::<IpAddr>().unwrap());
        let other = |ip, from| place(EN, Some(ip), None, asking(from));
        assert_eq!(other("127.0.0.1", "127.0.0.1"), "Same network as this device (127.0.0.1)");
        assert_eq!(other("192.168.1.20", "192.168.1.20"), "Same network as this device (192.168.1.20)");
        assert_eq!(other("203.0.113.9", "::ffff:203.0.113.9"), "Same network as this device (203.0.113.9)");
        assert_eq!(other("127.0.0.1", "192.168.1.20"), "Same computer as the server (127.0.0.1)");
        assert_eq!(other("::1", "192.168.1.20"), "Same computer as the server (::1)");
        assert_eq!(other("192.168.1.21", "192.168.1.20"), "Home network (192.168.1.21)");
        assert_eq!(other("203.0.113.9", "192.168.1.20"), "IP address 203.0.113.9");
        assert_eq!(place(EN, Some("127.0.0.1"), None, None), "Same computer as the server (127.0.0.1)");
        assert_eq!(place(EN, None, None, asking("127.0.0.1")), "Unknown location");
    }
}
