//! Languages: the one an account starts with, as the tag the store keeps, and the names people
//! know a track's language by.

/// A new account's language until its holder picks another (one of [`crate::i18n::Language`]'s tags).
pub const DEFAULT_LANGUAGE: &str = "en";

/// A person's name for a track's language code ("en" is "English"); a code not listed is shown as
/// it is.
pub fn language_name(code: &str) -> &str {
    match code {
        "en" => "English",
        "fr" => "Français",
        "de" => "Deutsch",
        "es" => "Español",
        "it" => "Italiano",
        "pt" => "Português",
        "nl" => "Nederlands",
        "ja" => "日本語",
        other => other,
    }
}
