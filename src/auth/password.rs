//! The password policy: long enough, never truncated, not one everybody else uses.

use std::fmt;

use zxcvbn::feedback::Warning;

use crate::i18n::{Msg, Tr};

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
    pub fn new(candidate: &str, context: &[&str]) -> Result<Self, PasswordRefusal> {
        let length = candidate.chars().count();
        if length < Self::MIN_CHARS {
            return Err(PasswordRefusal::TooShort);
        }
        if length > Self::MAX_CHARS {
            return Err(PasswordRefusal::TooLong);
        }
        let mut words: Vec<&str> = vec!["marquee"];
        words.extend_from_slice(context);
        let estimate = zxcvbn::zxcvbn(candidate, &words);
        if is_one_common_password(&estimate) {
            return Err(PasswordRefusal::Common);
        }
        if estimate.score() < zxcvbn::Score::Two {
            let warning = estimate.feedback().and_then(|feedback| feedback.warning());
            return Err(PasswordRefusal::Guessable { hint: warning.map_or("none", hint_key) });
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

/// Why a new password was refused: said in English to the API and the command line (`Display`), in
/// the reader's language on pages ([`PasswordRefusal::message`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PasswordRefusal {
    TooShort,
    TooLong,
    /// One of the most common passwords, whole.
    Common,
    /// Too easy to guess; `hint` says why (a variant of `password-guessable`'s `$hint`), or is `none`.
    Guessable {
        hint: &'static str,
    },
}

impl PasswordRefusal {
    pub fn message(self) -> Msg {
        match self {
            Self::TooShort => Msg::new("password-too-short").with("min", Password::MIN_CHARS),
            Self::TooLong => Msg::new("password-too-long").with("max", Password::MAX_CHARS),
            Self::Common => Msg::new("password-common"),
            Self::Guessable { hint } => Msg::new("password-guessable").with("hint", hint),
        }
    }
}

impl fmt::Display for PasswordRefusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&Tr::english().say(&self.message()))
    }
}

impl std::error::Error for PasswordRefusal {}

/// The `$hint` of `password-guessable` that says what zxcvbn found.
fn hint_key(warning: Warning) -> &'static str {
    match warning {
        Warning::StraightRowsOfKeysAreEasyToGuess => "straight-rows",
        Warning::ShortKeyboardPatternsAreEasyToGuess => "keyboard-patterns",
        Warning::RepeatsLikeAaaAreEasyToGuess => "repeats",
        Warning::RepeatsLikeAbcAbcAreOnlySlightlyHarderToGuess => "repeated-groups",
        Warning::ThisIsATop10Password => "top-10",
        Warning::ThisIsATop100Password => "top-100",
        Warning::ThisIsACommonPassword => "common",
        Warning::ThisIsSimilarToACommonlyUsedPassword => "similar-to-common",
        Warning::SequencesLikeAbcAreEasyToGuess => "sequences",
        Warning::RecentYearsAreEasyToGuess => "recent-years",
        Warning::AWordByItselfIsEasyToGuess => "one-word",
        Warning::DatesAreOftenEasyToGuess => "dates",
        Warning::NamesAndSurnamesByThemselvesAreEasyToGuess => "names",
        Warning::CommonNamesAndSurnamesAreEasyToGuess => "common-names",
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
        let refused = Password::new("qwertyuiopasdfghjkl", &[]).err().expect("a keyboard row is refused").to_string();
        assert!(refused.contains("easy to guess") || refused.contains("commonly used"), "{refused}");
        let listed = Password::new("momsanaladventure", &[]).err().expect("a listed password is refused");
        assert_eq!(listed, PasswordRefusal::Common);
        assert!(Password::new("Q1W2E3R4T5Y6U7I8O9P0", &[]).is_err(), "case does not hide a listed password");
        assert!(Password::new("aaaaaaaaaaaaaaaaaaaa", &[]).is_err());
        assert!(Password::new("123456789012345678", &[]).is_err());
    }

    /// Every warning zxcvbn gives.
    const EVERY_WARNING: [Warning; 14] = [
        Warning::StraightRowsOfKeysAreEasyToGuess,
        Warning::ShortKeyboardPatternsAreEasyToGuess,
        Warning::RepeatsLikeAaaAreEasyToGuess,
        Warning::RepeatsLikeAbcAbcAreOnlySlightlyHarderToGuess,
        Warning::ThisIsATop10Password,
        Warning::ThisIsATop100Password,
        Warning::ThisIsACommonPassword,
        Warning::ThisIsSimilarToACommonlyUsedPassword,
        Warning::SequencesLikeAbcAreEasyToGuess,
        Warning::RecentYearsAreEasyToGuess,
        Warning::AWordByItselfIsEasyToGuess,
        Warning::DatesAreOftenEasyToGuess,
        Warning::NamesAndSurnamesByThemselvesAreEasyToGuess,
        Warning::CommonNamesAndSurnamesAreEasyToGuess,
    ];

    #[test]
    fn refusals_keep_the_words_the_api_and_command_line_have_always_used() {
        let said = |candidate: &str| Password::new(candidate, &[]).err().expect("refused").to_string();
        assert_eq!(
            said("short"),
            "Use at least 15 characters: a short sentence or a few unrelated words is easy to remember."
        );
        assert_eq!(said(&"x".repeat(1025)), "Use at most 1024 characters.");
        assert_eq!(
            said("momsanaladventure"),
            "That is one of the most commonly used passwords, so it is among the first an attacker tries. \
             Choose another."
        );
        assert_eq!(
            said("qwertyuiopasdfghjkl"),
            "That password is too easy to guess (This is similar to a commonly used password.). \
             Add more unrelated words or characters."
        );
        for warning in EVERY_WARNING {
            let hint = hint_key(warning);
            let refusal = PasswordRefusal::Guessable { hint };
            assert!(refusal.to_string().contains(&format!("({warning})")), "{hint} says what zxcvbn says");
        }
        let plain = PasswordRefusal::Guessable { hint: "none" }.to_string();
        assert_eq!(plain, "That password is too easy to guess. Add more unrelated words or characters.");
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
