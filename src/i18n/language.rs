//! The languages Marquee speaks, and the tags an account stores for them.

/// A language Marquee's pages are written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub enum Language {
    #[default]
    English,
    French,
    German,
    Spanish,
}

impl Language {
    /// Every language, English (the reference and the fallback) first.
    pub const ALL: [Language; 4] = [Language::English, Language::French, Language::German, Language::Spanish];

    /// The BCP 47 tag, as stored on an account and written in `<html lang>`.
    pub const fn tag(self) -> &'static str {
        match self {
            Language::English => "en",
            Language::French => "fr",
            Language::German => "de",
            Language::Spanish => "es",
        }
    }

    /// The language's name in itself, for the list a person chooses from.
    pub const fn name(self) -> &'static str {
        match self {
            Language::English => "English",
            Language::French => "Français",
            Language::German => "Deutsch",
            Language::Spanish => "Español",
        }
    }

    /// The language with exactly this tag, if Marquee speaks it.
    pub fn from_tag(tag: &str) -> Option<Language> {
        Self::ALL.into_iter().find(|language| language.tag() == tag)
    }

    /// An account's stored language; a tag Marquee no longer offers (or never did) reads as English.
    pub fn from_stored(tag: &str) -> Language {
        Self::from_tag(tag).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_tags_of_languages_not_offered_read_as_english() {
        assert_eq!(Language::from_stored("de"), Language::German);
        for old in ["it", "nl", "pt", "sv", "", "<script>"] {
            assert_eq!(Language::from_stored(old), Language::English, "{old:?}");
            assert_eq!(Language::from_tag(old), None);
        }
    }
}
