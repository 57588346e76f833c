//! The password policy: long enough, never truncated, not one everybody else uses.

/// A password that meets the policy. Deliberately has no `Debug` or `Display`.
pub struct Password(String);

impl Password {
    pub const MIN_CHARS: usize = 15;
    pub const MAX_CHARS: usize = 1024;

    /// Checks a new password. `context` holds words a guesser would try first (the email, the name).
    ///
    /// Length is counted in Unicode characters; any character is allowed and there are no
    /// composition rules. Common and trivially patterned passwords are refused using zxcvbn's
    /// embedded ranked lists (about 30,000 common passwords plus words and names).
    pub fn new(candidate: &str, context: &[&str]) -> Result<Self, String> {
        let length = candidate.chars().count();
        if length < Self::MIN_CHARS {
            return Err(format!(
                "Use at least {} characters: a short sentence or a few unrelated words is easy to remember.",
                Self::MIN_CHARS
            ));
        }
        if length > Self::MAX_CHARS {
            return Err(format!("Use at most {} characters.", Self::MAX_CHARS));
        }
        let mut words: Vec<&str> = vec!["marquee"];
        words.extend_from_slice(context);
        let estimate = zxcvbn::zxcvbn(candidate, &words);
        if is_one_common_password(&estimate) {
            return Err("That is one of the most commonly used passwords, so it is among the first an attacker \
                        tries. Choose another."
                .to_string());
        }
        if estimate.score() < zxcvbn::Score::Two {
            let hint = estimate
                .feedback()
                .and_then(|feedback| feedback.warning())
                .map(|warning| format!(" ({warning})"))
                .unwrap_or_default();
            return Err(format!("That password is too easy to guess{hint}. Add more unrelated words or characters."));
        }
        Ok(Self(candidate.to_string()))
    }

    /// A password presented at sign-in: checked against the stored hash, not the policy,
    /// but still bounded so nobody can make the server hash megabytes.
    pub fn presented(candidate: &str) -> Option<Self> {
        (!candidate.is_empty() && candidate.chars().count() <= Self::MAX_CHARS).then(|| Self(candidate.to_string()))
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

/// True when the whole password is a single entry (in any case or l33t spelling) of the common-password list.
fn is_one_common_password(estimate: &zxcvbn::Entropy) -> bool {
    use zxcvbn::matching::patterns::MatchPattern;
    match estimate.sequence() {
        [only] => matches!(
            &only.pattern,
            // zxcvbn does not export its dictionary type; its default variant is the password list.
            MatchPattern::Dictionary(found) if found.dictionary_name == Default::default() && !found.reversed
        ),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn length_is_counted_in_characters_not_bytes() {
        assert!(Password::new("короткий", &[]).is_err());
        assert!(Password::new("ünïcödé pässwörd wörks fïnë", &[]).is_ok());
        assert!(Password::new(&"sixteen-chars-ok-".repeat(61), &[]).is_err(), "over 1024 characters");
    }

    #[test]
    fn common_passwords_are_refused_with_the_reason() {
        let refused = Password::new("qwertyuiopasdfghjkl", &[]).err().expect("a keyboard row is refused");
        assert!(refused.contains("easy to guess") || refused.contains("commonly used"), "{refused}");
        let listed = Password::new("momsanaladventure", &[]).err().expect("a listed password is refused");
        assert!(listed.contains("most commonly used"), "{listed}");
        assert!(Password::new("Q1W2E3R4T5Y6U7I8O9P0", &[]).is_err(), "case does not hide a listed password");
        assert!(Password::new("aaaaaaaaaaaaaaaaaaaa", &[]).is_err());
        assert!(Password::new("123456789012345678", &[]).is_err());
    }

    #[test]
    fn a_long_passphrase_is_accepted() {
        assert!(Password::new("violet kettles hum at dawn", &[]).is_ok());
    }

    #[test]
    fn the_email_counts_as_a_guess() {
        assert!(Password::new("ada.lovelace@example.org", &["ada.lovelace@example.org"]).is_err());
    }

    #[test]
    fn presented_passwords_are_bounded_but_not_judged() {
        assert!(Password::presented("short").is_some());
        assert!(Password::presented("").is_none());
        assert!(Password::presented(&"x".repeat(1025)).is_none());
    }
}
