//! Where an address is: whether two are on one network, and whether one is a home (private) network.
//! One network: a code asked for from the same network as the device
//! allowing it, an account's activity from the network of the device reading it. A TV in the room
//! shares the network of the phone allowing it: the same address behind a home router, or the same
//! local subnet when Marquee runs at home. A code asked for from elsewhere may be a phishing TV:
//! someone far away hoping the owner allows a code they were sent.

use std::net::IpAddr;

/// True when both addresses are known and on one network: the same address, the same IPv4 /24, or
/// the same IPv6 /64 (an IPv4 address mapped into IPv6 counts as the IPv4 one).
pub fn same_network(asked_from: Option<IpAddr>, allowing_from: Option<IpAddr>) -> bool {
    let (Some(a), Some(b)) = (asked_from.map(canonical), allowing_from.map(canonical)) else { return false };
    match (a, b) {
        (IpAddr::V4(a), IpAddr::V4(b)) => a.octets()[..3] == b.octets()[..3],
        (IpAddr::V6(a), IpAddr::V6(b)) => a.octets()[..8] == b.octets()[..8],
        _ => false,
    }
}

fn canonical(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
        v4 => v4,
    }
}

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

    fn ip(text: &str) -> Option<IpAddr> {
        Some(text.parse().unwrap())
    }

    #[test]
    fn one_home_is_one_network() {
        assert!(same_network(ip("203.0.113.9"), ip("203.0.113.9")), "behind one router");
        assert!(same_network(ip("192.168.1.20"), ip("192.168.1.77")), "one local subnet");
        assert!(same_network(ip("127.0.0.1"), ip("::ffff:127.0.0.1")));
        assert!(same_network(ip("2001:db8:1:2::10"), ip("2001:db8:1:2:abcd::1")));
    }

    #[test]
    fn anywhere_else_is_another_network() {
        assert!(!same_network(ip("198.51.100.7"), ip("192.168.1.20")));
        assert!(!same_network(ip("192.168.2.20"), ip("192.168.1.20")));
        assert!(!same_network(ip("2001:db8:1:3::10"), ip("2001:db8:1:2::10")));
        assert!(!same_network(ip("10.0.0.1"), ip("::1")));
        assert!(!same_network(None, ip("192.168.1.20")), "an unknown address is not vouched for");
        assert!(!same_network(ip("192.168.1.20"), None));
    }

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
