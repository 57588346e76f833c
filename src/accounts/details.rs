//! Personal information a person can edit: name, phone, language.

use crate::i18n::Language;
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

/// Checks what the personal-information form sent; errors are sentences for the page.
pub fn parse_personal_info(name: &str, phone: &str, language: &str) -> Result<PersonalInfo, &'static str> {
    let name = name.trim();
    if name.is_empty() {
        return Err("Enter your name.");
    }
    if name.chars().count() > MAX_NAME_CHARS {
        return Err("Your name is too long: use at most 50 characters.");
    }
    match crate::domain::names::unreadable(name) {
        Some(crate::domain::names::Unreadable::Control) => {
            return Err("Your name cannot contain control characters.");
        }
        Some(crate::domain::names::Unreadable::Hidden) => {
            return Err("Your name cannot contain invisible characters or characters that reorder text.");
        }
        None => {}
    }
    let phone = phone.trim();
    let phone = if phone.is_empty() {
        None
    } else {
        let digits = phone.chars().filter(char::is_ascii_digit).count();
        let allowed = phone.chars().all(|c| c.is_ascii_digit() || " +-().".contains(c));
        if !allowed || !(6..=15).contains(&digits) || phone.len() > 25 {
            return Err("Enter a phone number of 6 to 15 digits, for example +44 20 7946 0958.");
        }
        Some(phone.to_string())
    };
    if !LANGUAGES.iter().any(|(tag, _)| *tag == language) {
        return Err("Choose one of the languages in the list.");
    }
    Ok(PersonalInfo { display_name: name.to_string(), phone, language: language.to_string() })
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
}
