//! Whether an address is on a home (private) network, as well as Marquee can tell without a location
//! database: the device list and the new-device alert say so the same way.

use std::net::IpAddr;

/// True for a private or link-local address (IPv4 RFC 1918 and link-local, IPv6 unique and link-local).
pub fn is_home_address(addr: IpAddr) -> bool {
    match addr.to_canonical() {
        IpAddr::V4(v4) => v4.is_private() || v4.is_link_local(),
        IpAddr::V6(v6) => v6.is_unique_local() || v6.is_unicast_link_local(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn private_addresses_are_home_and_public_ones_are_not() {
        let home = |text: &str| is_home_address(text.parse().unwrap());
        assert!(home("192.168.1.20"));
        assert!(home("10.0.0.7"));
        assert!(home("fd00::7"));
        assert!(home("::ffff:192.168.1.20"));
        assert!(!home("203.0.113.9"));
        assert!(!home("2001:db8::1"));
        assert!(!home("127.0.0.1"), "the server itself is said apart");
    }
}
