//! Personal information a person can edit: name, phone, language, time zone.

use crate::domain::time_zone::AccountTimeZone;
use crate::i18n::{Language, Msg};
use crate::store::PersonalInfo;

/// Languages offered on the account page, as (tag, name in that language): those Marquee's pages
/// are written in ([`crate::i18n::Language`]).
pub const LANGUAGES: [(&str, &str); 4] = [
    (Language::English.tag(), Language::English.name()),
    (Language::French.tag(), Language::French.name()),
    (Language::German.tag(), Language::German.name()),
    (Language::Spanish.tag(), Language::Spanish.name()),
];

pub const MAX_NAME_CHARS: usize = 50;

/// Checks what the personal-information form sent.
pub fn parse_personal_info(name: &str, phone: &str, language: &str) -> Result<PersonalInfo, PersonalInfoRefusal> {
    let name = name.trim();
    if name.is_empty() {
        return Err(PersonalInfoRefusal::NameMissing);
    }
    if name.chars().count() > MAX_NAME_CHARS {
        return Err(PersonalInfoRefusal::NameTooLong);
    }
    match crate::domain::names::unreadable(name) {
        Some(crate::domain::names::Unreadable::Control) => return Err(PersonalInfoRefusal::NameControl),
        Some(crate::domain::names::Unreadable::Hidden) => return Err(PersonalInfoRefusal::NameHidden),
        None => {}
    }
    let phone = phone.trim();
    let phone = if phone.is_empty() {
        None
    } else {
        let digits = phone.chars().filter(char::is_ascii_digit).count();
        let allowed = phone.chars().all(|c| c.is_ascii_digit() || " +-().".contains(c));
        if !allowed || !(6..=15).contains(&digits) || phone.len() > 25 {
            return Err(PersonalInfoRefusal::Phone);
        }
        Some(phone.to_string())
    };
    if !LANGUAGES.iter().any(|(tag, _)| *tag == language) {
        return Err(PersonalInfoRefusal::Language);
    }
    Ok(PersonalInfo { display_name: name.to_string(), phone, language: language.to_string(), time_zone: None })
}

/// `info` with the time zone the form chose, checked against the zones Marquee knows; none chosen
/// (the field was not sent) keeps the account's zone as it is.
pub fn with_time_zone(info: PersonalInfo, chosen: Option<&str>) -> Result<PersonalInfo, PersonalInfoRefusal> {
    let time_zone = chosen
        .map(|name| AccountTimeZone::parse(name).map(|zone| zone.name().to_string()))
        .transpose()
        .map_err(|_| PersonalInfoRefusal::TimeZone)?;
    Ok(PersonalInfo { time_zone, ..info })
}

/// Why the personal-information form was refused, and which of its fields is at fault.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PersonalInfoRefusal {
    NameMissing,
    NameTooLong,
    NameControl,
    NameHidden,
    Phone,
    Language,
    TimeZone,
}

impl PersonalInfoRefusal {
    /// The id of the form field at fault.
    pub fn field(self) -> &'static str {
        match self {
            Self::Phone => "phone",
            Self::Language => "language",
            Self::TimeZone => "time_zone",
            Self::NameMissing | Self::NameTooLong | Self::NameControl | Self::NameHidden => "name",
        }
    }

    /// What the page says, in the reader's language.
    pub fn message(self) -> Msg {
        match self {
            Self::NameMissing => Msg::new("name-missing"),
            Self::NameTooLong => Msg::new("name-too-long").with("max", MAX_NAME_CHARS),
            Self::NameControl => Msg::new("name-control"),
            Self::NameHidden => Msg::new("name-hidden"),
            Self::Phone => Msg::new("phone-malformed"),
            Self::Language => Msg::new("language-not-offered"),
            Self::TimeZone => Msg::new("time-zone-unknown"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_what_people_type() {
        let info = parse_personal_info("  Ada Lovelace ", "+44 (20) 7946-0958", "fr").unwrap();
        assert_eq!(info.display_name, "Ada Lovelace");
        assert_eq!(info.phone.as_deref(), Some("+44 (20) 7946-0958"));
        assert_eq!(parse_personal_info("Ada", "", "en").unwrap().phone, None);
    }

    #[test]
    fn a_time_zone_is_a_real_one_or_kept_as_it_was() {
        let info = || parse_personal_info("Ada", "", "en").unwrap();
        assert_eq!(with_time_zone(info(), Some("Europe/Paris")).unwrap().time_zone.as_deref(), Some("Europe/Paris"));
        assert_eq!(with_time_zone(info(), None).unwrap().time_zone, None);
        let refused = with_time_zone(info(), Some("Europe/Atlantis")).unwrap_err();
        assert_eq!(refused.field(), "time_zone");
        assert!(with_time_zone(info(), Some("<script>")).is_err());
    }

    #[test]
    fn offers_every_language_marquee_speaks() {
        let offered: Vec<&str> = LANGUAGES.iter().map(|(tag, _)| *tag).collect();
        let spoken: Vec<&str> = Language::ALL.iter().map(|language| language.tag()).collect();
        assert_eq!(offered, spoken);
    }

    #[test]
    fn refuses_what_cannot_be_right() {
        assert!(parse_personal_info("", "", "en").is_err());
        assert!(parse_personal_info(&"a".repeat(51), "", "en").is_err());
        assert!(parse_personal_info("Ada", "call me", "en").is_err());
        assert!(parse_personal_info("Ada", "123", "en").is_err());
        assert!(parse_personal_info("Ada", "", "xx").is_err());
        assert!(parse_personal_info("Ada", "", "it").is_err(), "only languages Marquee speaks are offered");
        assert!(parse_personal_info("Ada", "", "<script>").is_err());
    }

    #[test]
    fn a_refusal_names_the_field_at_fault() {
        assert_eq!(parse_personal_info("Ada", "call me", "en").unwrap_err().field(), "phone");
        assert_eq!(parse_personal_info(" ", "", "en").unwrap_err().field(), "name");
        assert_eq!(parse_personal_info("Ada", "", "xx").unwrap_err().field(), "language");
        let english = crate::i18n::Tr::english();
        let phone = english.say(&parse_personal_info("Ada", "123", "en").unwrap_err().message());
        assert_eq!(phone, "Enter a phone number of 6 to 15 digits, for example +44 20 7946 0958.");
        let long = english.say(&parse_personal_info(&"a".repeat(51), "", "en").unwrap_err().message());
        assert_eq!(long, "Your name is too long: use at most 50 characters.");
    }
}
