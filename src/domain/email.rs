//! Email addresses as Marquee keeps them: trimmed, lowercased, plausibly deliverable.

use std::fmt;

use crate::i18n::{Msg, Tr, key};

/// An email address that passed [`Email::parse`]; it cannot exist otherwise.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Email(String);

impl Email {
    pub const MAX_LEN: usize = 254;

    /// Accepts what a person types (surrounding spaces, any case) and rejects what cannot be an address.
    /// Lowercasing the whole address is deliberate: no mail provider in use treats the local part
    /// case-sensitively, and two accounts differing only in case would confuse everyone.
    pub fn parse(raw: &str) -> Result<Self, EmailRefusal> {
        let email = raw.trim().to_lowercase();
        if email.is_empty() {
            return Err(EmailRefusal::Missing);
        }
        if email.len() > Self::MAX_LEN {
            return Err(EmailRefusal::TooLong);
        }
        let Some((local, domain)) = email.rsplit_once('@') else {
            return Err(EmailRefusal::Malformed);
        };
        let plausible = !local.is_empty()
            && local.len() <= 64
            && !domain.is_empty()
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && !local.contains('@')
            && !email.chars().any(|c| c.is_whitespace() || c.is_control());
        if !plausible {
            return Err(EmailRefusal::Malformed);
        }
        Ok(Self(email))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The part before the `@`, a reasonable first display name.
    pub fn local_part(&self) -> &str {
        self.0.rsplit_once('@').map_or(self.0.as_str(), |(local, _)| local)
    }
}

impl fmt::Display for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Why what was typed cannot be an email address: said in English to the API and the command line
/// (`Display`), in the reader's language on pages ([`EmailRefusal::message`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EmailRefusal {
    Missing,
    TooLong,
    Malformed,
}

impl EmailRefusal {
    pub fn message(self) -> Msg {
        Msg::new(match self {
            Self::Missing => key("email-missing"),
            Self::TooLong => key("email-too-long"),
            Self::Malformed => key("email-malformed"),
        })
    }
}

impl fmt::Display for EmailRefusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&Tr::english().say(&self.message()))
    }
}

impl std::error::Error for EmailRefusal {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalises_case_and_spaces() {
        assert_eq!(Email::parse("  Ada@Example.ORG ").unwrap().as_str(), "ada@example.org");
        assert_eq!(Email::parse("ada@example.org").unwrap().local_part(), "ada");
    }

    #[test]
    fn rejects_what_cannot_be_an_address() {
        for bad in
            ["", "   ", "ada", "@example.org", "ada@", "ada@.org", "a b@example.org", "a@b@c", "ada@example.org."]
        {
            assert!(Email::parse(bad).is_err(), "{bad:?} should be rejected");
        }
        assert!(Email::parse(&format!("{}@example.org", "a".repeat(65))).is_err());
        assert!(Email::parse(&format!("a@{}.org", "b".repeat(250))).is_err());
    }

    #[test]
    fn refusals_keep_the_words_the_api_and_command_line_have_always_used() {
        assert_eq!(Email::parse(" ").unwrap_err().to_string(), "Enter your email address.");
        let long = format!("a@{}.org", "b".repeat(250));
        assert_eq!(Email::parse(&long).unwrap_err().to_string(), "That email address is too long.");
        assert_eq!(Email::parse("ada").unwrap_err().to_string(), "Enter an email address like name@example.com.");
    }
}
