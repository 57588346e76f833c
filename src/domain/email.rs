//! Email addresses as Marquee keeps them: trimmed, lowercased, plausibly deliverable.

use std::fmt;

/// An email address that passed [`Email::parse`]; it cannot exist otherwise.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Email(String);

impl Email {
    pub const MAX_LEN: usize = 254;

    /// Accepts what a person types (surrounding spaces, any case) and rejects what cannot be an address.
    /// Lowercasing the whole address is deliberate: no mail provider in use treats the local part
    /// case-sensitively, and two accounts differing only in case would confuse everyone.
    pub fn parse(raw: &str) -> Result<Self, &'static str> {
        let email = raw.trim().to_lowercase();
        if email.is_empty() {
            return Err("Enter your email address.");
        }
        if email.len() > Self::MAX_LEN {
            return Err("That email address is too long.");
        }
        let Some((local, domain)) = email.rsplit_once('@') else {
            return Err("Enter an email address like name@example.com.");
        };
        let plausible = !local.is_empty()
            && local.len() <= 64
            && !domain.is_empty()
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && !local.contains('@')
            && !email.chars().any(|c| c.is_whitespace() || c.is_control());
        if !plausible {
            return Err("Enter an email address like name@example.com.");
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
}
