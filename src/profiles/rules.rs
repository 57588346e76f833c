//! What a profile may be: its name, avatar, PIN, and how many an account may have.

use crate::domain::names::{Unreadable, unreadable};
use crate::i18n::key;

/// At most this many profiles per account, like the big services.
pub const MAX_PROFILES: i64 = 5;
pub const MAX_NAME_CHARS: usize = 30;

/// The avatars a profile can wear: a colour each, drawn with the profile's initial (and the message
/// id of its name).
pub const AVATARS: [(&str, &str); 8] = [
    ("crimson", key("avatar-crimson")),
    ("amber", key("avatar-amber")),
    ("emerald", key("avatar-emerald")),
    ("sky", key("avatar-sky")),
    ("violet", key("avatar-violet")),
    ("rose", key("avatar-rose")),
    ("teal", key("avatar-teal")),
    ("slate", key("avatar-slate")),
];

// The checks below answer with the id of the message that says what is wrong.

pub fn parse_name(raw: &str) -> Result<String, &'static str> {
    let name = raw.trim();
    if name.is_empty() {
        return Err(key("profile-name-missing"));
    }
    if name.chars().count() > MAX_NAME_CHARS {
        return Err(key("profile-name-too-long"));
    }
    if let Some(why) = unreadable(name) {
        return Err(match why {
            Unreadable::Control => key("profile-name-control"),
            Unreadable::Hidden => key("profile-name-hidden"),
        });
    }
    Ok(name.to_string())
}

pub fn parse_avatar(raw: &str) -> Result<String, &'static str> {
    AVATARS.iter().find(|(key, _)| *key == raw).map(|(key, _)| key.to_string()).ok_or(key("avatar-unknown"))
}

/// The avatar a new profile gets: the first one the account is not using yet.
pub fn next_avatar(in_use: &[&str]) -> &'static str {
    AVATARS.iter().map(|(key, _)| *key).find(|key| !in_use.contains(key)).unwrap_or(AVATARS[0].0)
}

/// A profile lock PIN: exactly four digits.
pub fn parse_pin(raw: &str) -> Result<String, &'static str> {
    let pin = raw.trim();
    if pin.len() == 4 && pin.bytes().all(|b| b.is_ascii_digit()) { Ok(pin.to_string()) } else { Err(key("pin-format")) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_trimmed_and_bounded() {
        assert_eq!(parse_name("  Kids ").unwrap(), "Kids");
        assert!(parse_name(" ").is_err());
        assert!(parse_name(&"n".repeat(31)).is_err());
        assert_eq!(parse_name("<script>alert(1)</script>").unwrap(), "<script>alert(1)</script>");
    }

    #[test]
    fn pins_are_four_digits() {
        assert_eq!(parse_pin("0042").unwrap(), "0042");
        for bad in ["", "123", "12345", "abcd", "12a4", "１２３４"] {
            assert!(parse_pin(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn avatars_come_from_the_list() {
        assert!(parse_avatar("sky").is_ok());
        assert!(parse_avatar("../etc/passwd").is_err());
        assert_eq!(next_avatar(&["crimson", "amber"]), "emerald");
    }
}
