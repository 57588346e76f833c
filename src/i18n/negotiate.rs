//! Choosing a language from the browser's `Accept-Language`, for pages before sign-in.

use fluent_langneg::{NegotiationStrategy, accepted_languages, negotiate_languages};
use unic_langid::LanguageIdentifier;

use super::Language;

/// The best of Marquee's languages for this `Accept-Language` header; English when none fits
/// (or the header cannot be read).
pub fn from_accept_language(header: &str) -> Language {
    let requested = accepted_languages::parse(header);
    let available: Vec<LanguageIdentifier> =
        Language::ALL.iter().filter_map(|language| language.tag().parse().ok()).collect();
    let default = LanguageIdentifier::default();
    let chosen = negotiate_languages(&requested, &available, Some(&default), NegotiationStrategy::Lookup);
    chosen.first().and_then(|tag| Language::from_tag(&tag.to_string())).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_browsers_first_language_that_marquee_speaks_wins() {
        assert_eq!(from_accept_language("fr"), Language::French);
        assert_eq!(from_accept_language("fr-CA,fr;q=0.9,en;q=0.8"), Language::French);
        assert_eq!(from_accept_language("de-AT"), Language::German);
        assert_eq!(from_accept_language("it-IT,it;q=0.9,es;q=0.5"), Language::Spanish);
        assert_eq!(from_accept_language("en-GB,de;q=0.9"), Language::English);
        assert_eq!(from_accept_language("es-419;q=0.7, en;q=0.3"), Language::Spanish);
    }

    #[test]
    fn nothing_usable_means_english() {
        for header in ["", "ja", "*", ";;;q=x", "zz-ZZ,,,"] {
            assert_eq!(from_accept_language(header), Language::English, "{header:?}");
        }
    }
}
