//! How long a person lets a device stay signed in: until they sign it out, until tomorrow morning
//! (for a hotel or a friend's TV), or for a week. Stored and sent as its snake-case name.

use jiff::tz::TimeZone;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use super::time_zone::AccountTimeZone;

/// "Tomorrow morning" is this hour, local time.
const MORNING_HOUR: i8 = 4;
/// ...and at least this far away, so signing in at 02:30 lasts until the next morning, not 90 minutes.
const AT_LEAST: time::Duration = time::Duration::hours(4);
const WEEK: time::Duration = time::Duration::days(7);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SessionLifetime {
    /// Signed in until someone signs it out (or it stops being used for long): how it always was.
    #[default]
    UntilSignedOut,
    /// Until the next 04:00 in the account's time zone that is at least four hours away.
    UntilMorning,
    /// Seven days from now.
    Week,
}

impl SessionLifetime {
    pub const ALL: [SessionLifetime; 3] = [Self::UntilMorning, Self::Week, Self::UntilSignedOut];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::UntilSignedOut => "until_signed_out",
            Self::UntilMorning => "until_morning",
            Self::Week => "week",
        }
    }

    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|lifetime| lifetime.as_str() == name)
    }

    /// Whether a session with this lifetime signs out by itself.
    pub fn ends_by_itself(self) -> bool {
        self != Self::UntilSignedOut
    }

    /// When a session started at `now` signs out by itself; `None` when it does not.
    pub fn end(self, now: OffsetDateTime, zone: &AccountTimeZone) -> Option<OffsetDateTime> {
        match self {
            Self::UntilSignedOut => None,
            Self::UntilMorning => Some(next_morning(now, zone.zone())),
            Self::Week => Some(now + WEEK),
        }
    }
}

impl TryFrom<String> for SessionLifetime {
    type Error = String;

    fn try_from(name: String) -> Result<Self, Self::Error> {
        Self::parse(&name).ok_or_else(|| format!("unknown session lifetime {name:?}"))
    }
}

/// The first 04:00 in `zone` that is at least four hours after `now`. A 04:00 that a clock change
/// skips counts as the moment just after the gap; one that happens twice counts the first time.
fn next_morning(now: OffsetDateTime, zone: &TimeZone) -> OffsetDateTime {
    let earliest = now + AT_LEAST;
    let fallback = now + time::Duration::days(1);
    let Ok(stamp) = jiff::Timestamp::from_second(now.unix_timestamp()) else { return fallback };
    let mut day = stamp.to_zoned_datetime(zone.clone()).date();
    // Today's morning, tomorrow's, or (when today's is past and tomorrow's is near) the day after's.
    for _ in 0..3 {
        let morning = day.at(MORNING_HOUR, 0, 0, 0).to_zoned_datetime(zone.clone()).ok();
        let at = morning.and_then(|zoned| OffsetDateTime::from_unix_timestamp(zoned.timestamp().as_second()).ok());
        match at {
            Some(at) if at >= earliest => return at,
            _ => {}
        }
        match day.tomorrow() {
            Ok(next) => day = next,
            Err(_) => return fallback,
        }
    }
    fallback
}

#[cfg(test)]
mod tests {
    use time::macros::datetime;

    use super::*;

    fn zone(name: &str) -> AccountTimeZone {
        AccountTimeZone::parse(name).unwrap()
    }

    fn morning(now: OffsetDateTime, name: &str) -> OffsetDateTime {
        SessionLifetime::UntilMorning.end(now, &zone(name)).unwrap()
    }

    #[test]
    fn names_round_trip_and_unknown_ones_are_refused() {
        for lifetime in SessionLifetime::ALL {
            assert_eq!(SessionLifetime::parse(lifetime.as_str()), Some(lifetime));
        }
        assert_eq!(SessionLifetime::parse("forever"), None);
        assert_eq!(SessionLifetime::default(), SessionLifetime::UntilSignedOut);
        assert!(!SessionLifetime::UntilSignedOut.ends_by_itself());
    }

    #[test]
    fn the_evening_lasts_until_the_next_morning() {
        // 21:00 in Paris (winter, UTC+1) → 04:00 the next day.
        assert_eq!(morning(datetime!(2026-01-10 20:00 UTC), "Europe/Paris"), datetime!(2026-01-11 03:00 UTC));
        // 23:59 in New York (UTC-5) → 04:00 the next day, 4 h 1 min later.
        assert_eq!(morning(datetime!(2026-01-11 04:59 UTC), "America/New_York"), datetime!(2026-01-11 09:00 UTC));
    }

    #[test]
    fn a_morning_less_than_four_hours_away_is_skipped() {
        // 02:30 in Paris → not 04:00 the same night but the one after.
        assert_eq!(morning(datetime!(2026-01-10 01:30 UTC), "Europe/Paris"), datetime!(2026-01-11 03:00 UTC));
        // 00:00 exactly: 04:00 is four hours away, which is enough.
        assert_eq!(morning(datetime!(2026-01-09 23:00 UTC), "Europe/Paris"), datetime!(2026-01-10 03:00 UTC));
        // 04:00 exactly: today's morning has just come; tomorrow's.
        assert_eq!(morning(datetime!(2026-01-10 03:00 UTC), "Europe/Paris"), datetime!(2026-01-11 03:00 UTC));
        // Midday → the next day's 04:00.
        assert_eq!(morning(datetime!(2026-01-10 11:00 UTC), "Europe/Paris"), datetime!(2026-01-11 03:00 UTC));
    }

    #[test]
    fn the_morning_is_counted_in_the_account_zone() {
        let now = datetime!(2026-01-10 12:00 UTC);
        assert_eq!(morning(now, "UTC"), datetime!(2026-01-11 04:00 UTC));
        assert_eq!(morning(now, "Asia/Tokyo"), datetime!(2026-01-10 19:00 UTC)); // 21:00 there
        assert_eq!(morning(now, "Asia/Kolkata"), datetime!(2026-01-10 22:30 UTC)); // UTC+5:30
        assert_eq!(morning(now, "Pacific/Auckland"), datetime!(2026-01-11 15:00 UTC)); // UTC+13 in summer
    }

    #[test]
    fn clock_changes_are_followed() {
        // Paris springs forward on 2026-03-29 (02:00 → 03:00): 04:00 that morning is UTC+2.
        assert_eq!(morning(datetime!(2026-03-28 21:00 UTC), "Europe/Paris"), datetime!(2026-03-29 02:00 UTC));
        // ...and falls back on 2026-10-25 (03:00 → 02:00): 04:00 that morning is UTC+1.
        assert_eq!(morning(datetime!(2026-10-24 20:00 UTC), "Europe/Paris"), datetime!(2026-10-25 03:00 UTC));
        // New York springs forward on 2026-03-08; the night before is 1 hour shorter than it looks.
        assert_eq!(morning(datetime!(2026-03-08 03:00 UTC), "America/New_York"), datetime!(2026-03-08 08:00 UTC));
        // Lord Howe moves by half an hour (2026-04-05, 02:00 → 01:30): 04:00 is UTC+10:30 after.
        assert_eq!(morning(datetime!(2026-04-04 10:00 UTC), "Australia/Lord_Howe"), datetime!(2026-04-04 17:30 UTC));
    }

    #[test]
    fn a_night_whose_midnight_never_comes_still_ends_at_four() {
        // Santiago springs forward at 00:00 on 2026-09-06 (to 01:00): 04:00 that morning is UTC-3.
        assert_eq!(morning(datetime!(2026-09-05 20:00 UTC), "America/Santiago"), datetime!(2026-09-06 07:00 UTC));
    }

    #[test]
    fn a_week_is_seven_days() {
        let now = datetime!(2026-03-28 21:00 UTC);
        assert_eq!(SessionLifetime::Week.end(now, &zone("Europe/Paris")), Some(datetime!(2026-04-04 21:00 UTC)));
        assert_eq!(SessionLifetime::UntilSignedOut.end(now, &zone("Europe/Paris")), None);
    }
}
