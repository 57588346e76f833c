//! The translator a page or handler speaks through: a message id (and its arguments) in, words out.

use std::borrow::Cow;

use fluent_bundle::{FluentArgs, FluentValue};

use super::Language;
use super::bundles::{Bundle, bundle};

/// Puts messages into one language; cheap to copy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Tr {
    language: Language,
}

/// A value put into a message: words, or a number (which picks the plural form).
#[derive(Debug, Clone, PartialEq)]
pub enum Arg {
    Text(String),
    Number(i64),
}

impl Tr {
    pub const fn new(language: Language) -> Self {
        Self { language }
    }

    /// English, for words that must not change with the reader (logs, the API's messages).
    pub const fn english() -> Self {
        Self::new(Language::English)
    }

    /// For an account's stored language tag.
    pub fn for_tag(tag: &str) -> Self {
        Self::new(Language::from_stored(tag))
    }

    pub const fn language(self) -> Language {
        self.language
    }

    /// The message `id`, without arguments.
    pub fn t(&self, id: &str) -> String {
        self.format(id, None)
    }

    /// The message `id` with one argument, `{ $name }` in the message.
    pub fn t_with(&self, id: &str, name: &str, value: impl Into<Arg>) -> String {
        self.t_args(id, &[(name, value.into())])
    }

    /// The message `id` with several arguments.
    pub fn t_args(&self, id: &str, args: &[(&str, Arg)]) -> String {
        let mut fluent = FluentArgs::new();
        for (name, value) in args {
            let value = match value {
                Arg::Text(text) => FluentValue::from(text.as_str()),
                Arg::Number(number) => FluentValue::from(*number),
            };
            fluent.set(*name, value);
        }
        self.format(id, Some(&fluent))
    }

    /// A message that is a piece of HTML (its id ends in `-html`), to be put on a page unescaped.
    /// Any other id comes back escaped, so a slip cannot open a hole.
    pub fn markup(&self, id: &str) -> String {
        let text = self.t(id);
        if id.ends_with("-html") { text } else { escape(&text) }
    }

    /// A message kept for later, as this language says it.
    pub fn say(&self, message: &Msg) -> String {
        self.t_args(message.id, &message.args)
    }

    fn format(&self, id: &str, args: Option<&FluentArgs>) -> String {
        if let Some(words) = format_in(bundle(self.language), id, args) {
            return words;
        }
        tracing::warn!(language = self.language.tag(), id, "message missing");
        format_in(bundle(Language::English), id, args).unwrap_or_else(|| id.to_string())
    }
}

fn format_in(bundle: &Bundle, id: &str, args: Option<&FluentArgs>) -> Option<String> {
    let (message, attribute) = match id.split_once('.') {
        Some((message, attribute)) => (message, Some(attribute)),
        None => (id, None),
    };
    let message = bundle.get_message(message)?;
    let pattern = match attribute {
        Some(attribute) => message.get_attribute(attribute)?.value(),
        None => message.value()?,
    };
    let mut errors = Vec::new();
    let words = bundle.format_pattern(pattern, args, &mut errors);
    if !errors.is_empty() {
        tracing::warn!(id, ?errors, "message formatted with mistakes");
    }
    Some(match words {
        Cow::Borrowed(words) => words.to_string(),
        Cow::Owned(words) => words,
    })
}

fn escape(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&#39;"),
            c => escaped.push(c),
        }
    }
    escaped
}

/// A sentence decided now and put into words later, in the reader's language.
#[derive(Debug, Clone, PartialEq)]
pub struct Msg {
    pub id: &'static str,
    pub args: Vec<(&'static str, Arg)>,
}

impl Msg {
    pub fn new(id: &'static str) -> Self {
        Self { id, args: Vec::new() }
    }

    pub fn with(mut self, name: &'static str, value: impl Into<Arg>) -> Self {
        self.args.push((name, value.into()));
        self
    }
}

impl From<&str> for Arg {
    fn from(text: &str) -> Self {
        Arg::Text(text.to_string())
    }
}

impl From<String> for Arg {
    fn from(text: String) -> Self {
        Arg::Text(text)
    }
}

impl From<&String> for Arg {
    fn from(text: &String) -> Self {
        Arg::Text(text.clone())
    }
}

impl From<&&String> for Arg {
    fn from(text: &&String) -> Self {
        Arg::Text((*text).clone())
    }
}

impl From<&&str> for Arg {
    fn from(text: &&str) -> Self {
        Arg::Text((*text).to_string())
    }
}

macro_rules! numbers {
    ($($t:ty),*) => {$(
        impl From<$t> for Arg {
            fn from(number: $t) -> Self {
                Arg::Number(i64::try_from(number).unwrap_or(i64::MAX))
            }
        }
        impl From<&$t> for Arg {
            fn from(number: &$t) -> Self {
                Arg::from(*number)
            }
        }
        // Templates hand over a number borrowed twice (a loop's or an `if let`'s binding).
        impl From<&&$t> for Arg {
            fn from(number: &&$t) -> Self {
                Arg::from(**number)
            }
        }
    )*};
}

numbers!(i32, i64, u32, u64, usize);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plurals_follow_the_language() {
        let en = Tr::english();
        assert_eq!(en.t_with("pin-wrong", "count", 1), "That PIN is not right. 1 try left.");
        assert_eq!(en.t_with("pin-wrong", "count", 3), "That PIN is not right. 3 tries left.");
        let fr = Tr::new(Language::French);
        assert_eq!(fr.t_with("pin-wrong", "count", 1), "Ce code PIN n’est pas le bon. Encore 1 essai.");
        assert_eq!(fr.t_with("pin-wrong", "count", 3), "Ce code PIN n’est pas le bon. Encore 3 essais.");
    }

    #[test]
    fn an_unknown_id_shows_itself_rather_than_nothing() {
        assert_eq!(Tr::new(Language::German).t("no-such-message"), "no-such-message");
    }

    #[test]
    fn only_html_messages_go_out_unescaped() {
        let en = Tr::english();
        assert!(en.markup("help-sign-out-device-html").contains("<strong>"));
        assert_eq!(en.markup("who-title"), "Who&#39;s watching?");
    }

    #[test]
    fn a_kept_message_is_said_with_its_arguments() {
        let message = Msg::new("pin-heading").with("name", "<b>Ada</b>");
        assert_eq!(Tr::english().say(&message), "Enter the PIN for <b>Ada</b>");
    }
}
