//! The range each number in the policy file accepts, checked before it becomes a duration.
//!
//! The bounds keep every setting sensible, and keep `now + lifetime` far from the end of the
//! calendar, so no value in a file can make signing in fail.

use std::fmt::Display;
use std::time::Duration;

use serde::Deserialize;

/// A number in the policy file: its key, the unit it counts in, and the whole numbers it accepts.
#[derive(Debug, Clone, Copy)]
pub(super) struct Key {
    pub(super) name: &'static str,
    pub(super) unit: Unit,
    pub(super) min: u64,
    pub(super) max: u64,
}

#[derive(Debug, Clone, Copy)]
pub(super) enum Unit {
    Days,
    Minutes,
    Seconds,
    Count,
}

const DAY: u64 = 24 * 3600;
const TEN_YEARS_IN_DAYS: u64 = 3650;
const WEEK_IN_MINUTES: u64 = 7 * 24 * 60;
const DAY_IN_MINUTES: u64 = 24 * 60;

impl Key {
    pub(super) const REMEMBERED_IDLE: Key = Key::new("remembered_idle_days", Unit::Days, 1, TEN_YEARS_IN_DAYS);
    pub(super) const REMEMBERED_LIFETIME: Key = Key::new("remembered_lifetime_days", Unit::Days, 1, TEN_YEARS_IN_DAYS);
    pub(super) const SHORT_IDLE: Key = Key::new("short_idle_minutes", Unit::Minutes, 1, WEEK_IN_MINUTES);
    pub(super) const SHORT_LIFETIME: Key = Key::new("short_lifetime_minutes", Unit::Minutes, 1, WEEK_IN_MINUTES);
    /// Zero asks for the password every time.
    pub(super) const REAUTHENTICATE_AFTER: Key =
        Key::new("reauthenticate_after_minutes", Unit::Minutes, 0, DAY_IN_MINUTES);
    /// Zero asks the database on every request.
    pub(super) const SESSION_CACHE: Key = Key::new("session_cache_seconds", Unit::Seconds, 0, 300);
    pub(super) const SESSION_RETENTION: Key = Key::new("session_retention_days", Unit::Days, 1, TEN_YEARS_IN_DAYS);
    pub(super) const ACTIVITY_RETENTION: Key = Key::new("activity_retention_days", Unit::Days, 1, TEN_YEARS_IN_DAYS);
    pub(super) const MAX_SESSIONS: Key = Key::new("max_sessions_per_account", Unit::Count, 1, 10_000);
    pub(super) const FAILED_PER_ACCOUNT: Key = Key::new("failed_sign_ins_per_account", Unit::Count, 1, 100);
    pub(super) const FAILED_PER_ADDRESS: Key = Key::new("failed_sign_ins_per_address", Unit::Count, 1, 100_000);
    pub(super) const FAILED_WINDOW: Key = Key::new("failed_sign_in_window_minutes", Unit::Minutes, 1, DAY_IN_MINUTES);
    pub(super) const HASHING_CONCURRENCY: Key = Key::new("hashing_concurrency", Unit::Count, 1, 64);
    pub(super) const MAX_STREAMS: Key = Key::new("max_streams_per_account", Unit::Count, 1, 100);
    /// How long a code shown on a TV can be entered; at most an hour, so a photo of it soon goes stale.
    pub(super) const DEVICE_CODE_LIFETIME: Key = Key::new("device_code_minutes", Unit::Minutes, 1, 60);
    pub(super) const DEVICE_CODE_INTERVAL: Key = Key::new("device_code_interval_seconds", Unit::Seconds, 1, 60);
    pub(super) const MAX_TRANSCODES: Key = Key::new("max_transcodes", Unit::Count, 1, 64);

    const fn new(name: &'static str, unit: Unit, min: u64, max: u64) -> Self {
        Self { name, unit, min, max }
    }

    /// `value` if the key accepts it; otherwise an error that names the key and its range.
    pub(super) fn check<N: TryInto<u64> + Copy + Display>(self, value: N) -> anyhow::Result<u64> {
        value.try_into().ok().filter(|n| (self.min..=self.max).contains(n)).ok_or_else(|| self.refuse(value))
    }

    /// A duration from the file: checked first, so the conversion cannot overflow.
    pub(super) fn duration(self, value: Option<Number>) -> anyhow::Result<Option<Duration>> {
        value.map(|Number(n)| Ok(Duration::from_secs(self.check(n)?.saturating_mul(self.unit.seconds())))).transpose()
    }

    /// A count from the file, in the type the setting uses.
    pub(super) fn count<T: TryFrom<u64>>(self, value: Option<Number>) -> anyhow::Result<Option<T>> {
        value.map(|Number(n)| T::try_from(self.check(n)?).map_err(|_| self.refuse(n))).transpose()
    }

    /// A duration however it was set. Code may use a finer unit than the file (tests use seconds),
    /// so below the maximum only zero is refused, and only when the key's minimum is above zero.
    pub(super) fn allows(self, value: Duration) -> anyhow::Result<()> {
        let longest = Duration::from_secs(self.max.saturating_mul(self.unit.seconds()));
        if (value.is_zero() && self.min > 0) || value > longest {
            return Err(self.refuse(self.unit.describe(value)));
        }
        Ok(())
    }

    fn refuse(self, got: impl Display) -> anyhow::Error {
        anyhow::anyhow!("{} must be {} to {} (got {got})", self.name, self.min, self.max)
    }
}

impl Unit {
    pub(super) const fn seconds(self) -> u64 {
        match self {
            Unit::Days => DAY,
            Unit::Minutes => 60,
            Unit::Seconds | Unit::Count => 1,
        }
    }

    /// A duration in this unit when it is a whole number of them, otherwise as Rust prints it.
    pub(super) fn describe(self, value: Duration) -> String {
        let unit = self.seconds();
        if value.subsec_nanos() == 0 && value.as_secs().is_multiple_of(unit) {
            (value.as_secs() / unit).to_string()
        } else {
            format!("{value:?}")
        }
    }
}

/// Any whole number the TOML parser hands over, negative or past `i64::MAX`, so that every one of
/// them is refused with its key's range rather than with a message about Rust's integer types.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Number(pub(super) i128);

impl<'de> Deserialize<'de> for Number {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Whole;
        impl serde::de::Visitor<'_> for Whole {
            type Value = Number;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a whole number")
            }
            fn visit_i64<E>(self, n: i64) -> Result<Number, E> {
                Ok(Number(n.into()))
            }
            fn visit_u64<E>(self, n: u64) -> Result<Number, E> {
                Ok(Number(n.into()))
            }
        }
        deserializer.deserialize_any(Whole)
    }
}

/// `n` days; saturates rather than overflowing (the bounds keep real values far below).
pub(super) const fn days(n: u64) -> Duration {
    Duration::from_secs(n.saturating_mul(DAY))
}

/// `n` minutes; saturates rather than overflowing.
pub(super) const fn minutes(n: u64) -> Duration {
    Duration::from_secs(n.saturating_mul(60))
}
