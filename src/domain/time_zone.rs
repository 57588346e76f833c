//! An account's time zone: an IANA name checked against the zone database Marquee carries with it,
//! so "tomorrow morning" and the times a page shows mean the same on every machine.

use jiff::tz::{TimeZone, TimeZoneDatabase};

/// The zone database bundled into the binary (never the machine's, which may be missing or older).
fn database() -> &'static TimeZoneDatabase {
    static DATABASE: std::sync::LazyLock<TimeZoneDatabase> = std::sync::LazyLock::new(TimeZoneDatabase::bundled);
    &DATABASE
}

/// A time zone known by its IANA name ("Europe/Paris").
#[derive(Debug, Clone)]
pub struct AccountTimeZone {
    name: String,
    zone: TimeZone,
}

impl AccountTimeZone {
    /// The zone with this IANA name, or the words saying why it is not one.
    pub fn parse(raw: &str) -> Result<Self, &'static str> {
        let name = raw.trim();
        if name.is_empty() || name.len() > 64 {
            return Err("Choose a time zone from the list, for example Europe/Paris.");
        }
        let zone =
            database().get(name).map_err(|_| "That is not a time zone Marquee knows: choose one from the list.")?;
        // The database's own spelling ("europe/paris" is found, but is shown as "Europe/Paris").
        let name = zone.iana_name().unwrap_or(name).to_string();
        Ok(Self { name, zone })
    }

    /// Coordinated Universal Time.
    pub fn utc() -> Self {
        Self { name: "UTC".to_string(), zone: TimeZone::UTC }
    }

    /// The server's own zone when it names one the bundled database knows, else UTC.
    pub fn server() -> Self {
        static SERVER: std::sync::LazyLock<AccountTimeZone> = std::sync::LazyLock::new(|| {
            TimeZone::try_system()
                .ok()
                .and_then(|zone| zone.iana_name().map(str::to_string))
                .and_then(|name| AccountTimeZone::parse(&name).ok())
                .unwrap_or_else(AccountTimeZone::utc)
        });
        SERVER.clone()
    }

    /// The account's stored choice, or the server's zone when it has made none (or it is no longer known).
    pub fn of_account(stored: Option<&str>) -> Self {
        stored.and_then(|name| Self::parse(name).ok()).unwrap_or_else(Self::server)
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    pub fn zone(&self) -> &TimeZone {
        &self.zone
    }

    /// `at` as the clocks in this zone read it.
    pub fn local(&self, at: time::OffsetDateTime) -> time::OffsetDateTime {
        let offset = jiff::Timestamp::from_second(at.unix_timestamp())
            .ok()
            .and_then(|stamp| time::UtcOffset::from_whole_seconds(self.zone.to_offset(stamp).seconds()).ok());
        offset.map_or(at, |offset| at.to_offset(offset))
    }

    /// Every zone name a person may choose, sorted.
    pub fn all_names() -> Vec<String> {
        let mut names: Vec<String> = database().available().map(|name| name.as_str().to_string()).collect();
        names.sort();
        names
    }
}

impl PartialEq for AccountTimeZone {
    fn eq(&self, other: &Self) -> bool {
        self.name == other.name
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn real_zones_are_taken_in_their_own_spelling() {
        assert_eq!(AccountTimeZone::parse(" Europe/Paris ").unwrap().name(), "Europe/Paris");
        assert_eq!(AccountTimeZone::parse("UTC").unwrap().name(), "UTC");
        assert!(AccountTimeZone::parse("Mars/Olympus").is_err());
        assert!(AccountTimeZone::parse("").is_err());
        assert!(AccountTimeZone::parse(&"A".repeat(200)).is_err());
    }

    #[test]
    fn the_list_holds_real_zones_only() {
        let names = AccountTimeZone::all_names();
        assert!(names.iter().any(|name| name == "America/New_York"), "{} zones", names.len());
        assert!(names.iter().all(|name| AccountTimeZone::parse(name).is_ok()));
    }

    #[test]
    fn times_read_as_the_local_clocks_do_across_a_clock_change() {
        let paris = AccountTimeZone::parse("Europe/Paris").unwrap();
        let winter = paris.local(time::macros::datetime!(2026-03-29 00:30 UTC));
        assert_eq!((winter.hour(), winter.minute()), (1, 30));
        let summer = paris.local(time::macros::datetime!(2026-03-29 01:30 UTC));
        assert_eq!((summer.hour(), summer.minute()), (3, 30));
        assert_eq!(summer, time::macros::datetime!(2026-03-29 01:30 UTC), "the same moment");
    }

    #[test]
    fn an_account_without_a_choice_gets_the_server_zone() {
        assert_eq!(AccountTimeZone::of_account(None), AccountTimeZone::server());
        assert_eq!(AccountTimeZone::of_account(Some("Nowhere/Else")), AccountTimeZone::server());
        assert_eq!(AccountTimeZone::of_account(Some("Asia/Tokyo")).name(), "Asia/Tokyo");
    }
}
