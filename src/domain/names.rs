//! Names people give things (devices, profiles) are shown to other people, sometimes as the only
//! thing that says what is asking to be let in: they must read as they are. Characters that are
//! invisible or that reorder the text around them (bidirectional overrides, zero-width joiners,
//! tag characters) could make "Living room TV" of something else, so names with them are refused.

use unicode_properties::{GeneralCategory, UnicodeGeneralCategory};

/// What makes a name unfit to show.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unreadable {
    /// A control character (a bell, a new line).
    Control,
    /// An invisible character, or one that reorders text.
    Hidden,
}

/// Why `name` cannot be shown as it is, if it cannot: a control character, or one that is invisible
/// or reorders text (Unicode's format characters, line and paragraph separators, and the blank
/// fillers some scripts have).
pub fn unreadable(name: &str) -> Option<Unreadable> {
    for c in name.chars() {
        if c.is_control() {
            return Some(Unreadable::Control);
        }
        let invisible = matches!(
            c.general_category(),
            GeneralCategory::Format | GeneralCategory::LineSeparator | GeneralCategory::ParagraphSeparator
        ) || matches!(c, '\u{115F}' | '\u{1160}' | '\u{3164}' | '\u{FFA0}' | '\u{2800}');
        if invisible {
            return Some(Unreadable::Hidden);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_that_read_as_they_are_pass() {
        for name in ["Living room TV", "Chambre d'Élodie", "Télé 📺", "客厅电视", "تلفزيون", "<script>"]
        {
            assert_eq!(unreadable(name), None, "{name}");
        }
    }

    #[test]
    fn hidden_or_reordering_characters_are_refused() {
        let cases = [
            "TV\u{202E}VT tfel",   // right-to-left override
            "TV\u{2066}x\u{2069}", // isolates
            "Living\u{200B}room",  // zero-width space
            "TV\u{200D}",          // zero-width joiner
            "TV\u{200F}",          // right-to-left mark
            "\u{FEFF}TV",          // byte order mark
            "TV\u{E0041}",         // tag character
            "TV\u{2028}Phone",     // line separator
            "\u{3164}",            // Hangul filler
            "TV\u{00AD}",          // soft hyphen
        ];
        for name in cases {
            assert!(unreadable(name).is_some(), "{name:?}");
        }
        assert_eq!(unreadable("bad\u{7}name"), Some(Unreadable::Control));
        assert_eq!(unreadable("TV\u{202E}"), Some(Unreadable::Hidden));
    }
}
