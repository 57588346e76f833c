//! What kind of device a session belongs to, and the name a person gave it.

use serde::{Deserialize, Serialize};

use crate::domain::names::{Unreadable, unreadable};

/// The kinds of device a session can be for. Stored as its lowercase name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DeviceKind {
    Browser,
    Mobile,
    Tv,
    Other,
}

impl DeviceKind {
    pub const ALL: [DeviceKind; 4] = [Self::Browser, Self::Mobile, Self::Tv, Self::Other];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Browser => "browser",
            Self::Mobile => "mobile",
            Self::Tv => "tv",
            Self::Other => "other",
        }
    }

    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|kind| kind.as_str() == name)
    }
}

impl TryFrom<String> for DeviceKind {
    type Error = String;

    fn try_from(name: String) -> Result<Self, Self::Error> {
        Self::parse(&name).ok_or_else(|| format!("unknown device kind {name:?}"))
    }
}

/// A device name as a person typed it: trimmed, 1 to 100 characters, no control characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeviceName(String);

impl DeviceName {
    pub const MAX_CHARS: usize = 100;

    pub fn parse(raw: &str) -> Result<Self, &'static str> {
        let name = raw.trim();
        if name.is_empty() {
            return Err("Give the device a name, for example \"Living room TV\".");
        }
        if name.chars().count() > Self::MAX_CHARS {
            return Err("The device name is too long: use at most 100 characters.");
        }
        if let Some(why) = unreadable(name) {
            return Err(match why {
                Unreadable::Control => "The device name cannot contain control characters.",
                Unreadable::Hidden => {
                    "The device name cannot contain invisible characters or characters that reorder text."
                }
            });
        }
        Ok(Self(name.to_string()))
    }

    pub fn into_inner(self) -> String {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_round_trip_through_their_names() {
        for kind in DeviceKind::ALL {
            assert_eq!(DeviceKind::parse(kind.as_str()), Some(kind));
        }
        assert_eq!(DeviceKind::parse("toaster"), None);
        assert_eq!(DeviceKind::parse("TV"), None);
    }

    #[test]
    fn device_names_are_trimmed_and_bounded() {
        assert_eq!(DeviceName::parse("  Kitchen tablet ").unwrap().into_inner(), "Kitchen tablet");
        assert!(DeviceName::parse("   ").is_err());
        assert!(DeviceName::parse(&"x".repeat(101)).is_err());
        assert!(DeviceName::parse(&"é".repeat(100)).is_ok());
        assert!(DeviceName::parse("bad\u{7}name").is_err());
    }
}
