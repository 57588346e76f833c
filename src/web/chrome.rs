//! What every page's frame needs: the header with the profile menu, the CSRF token for its forms, and
//! the translator its words go through.

use crate::i18n::{Arg, Language, Tr};
use crate::store::Profile;

/// A profile as the header and the profile pages draw it.
#[derive(Debug, Clone)]
pub struct Badge {
    pub id: String,
    pub name: String,
    pub avatar: String,
    pub initial: String,
    pub locked: bool,
    pub kids: bool,
}

impl From<&Profile> for Badge {
    fn from(profile: &Profile) -> Self {
        Self {
            id: profile.id.to_string(),
            name: profile.name.clone(),
            avatar: profile.avatar.clone(),
            initial: profile.name.chars().next().map(|c| c.to_uppercase().collect()).unwrap_or_default(),
            locked: profile.is_locked(),
            kids: profile.is_kids,
        }
    }
}

/// The profile menu at the top right: who is watching, and whom to switch to.
#[derive(Debug, Clone)]
pub struct Menu {
    pub current: Badge,
    pub others: Vec<Badge>,
}

#[derive(Debug, Clone, Default)]
pub struct Chrome {
    pub signed_in: bool,
    pub menu: Option<Menu>,
    pub csrf: String,
    /// The `lang` of the page: the account's language, or the browser's before sign-in.
    pub lang: String,
    /// Puts the page's words into that language.
    pub tr: Tr,
    /// The TV layout: a TV session (or the TV's code screen). Big type, a remote's arrows move the focus.
    pub tv: bool,
}

impl Chrome {
    /// For signed-out pages: a "Sign In" button at the top right, in the language the browser asked for.
    pub fn bare() -> Self {
        Self::bare_in(crate::i18n::current())
    }

    /// For signed-out pages in a given language.
    pub fn bare_in(language: Language) -> Self {
        Self { lang: language.tag().into(), tr: Tr::new(language), ..Self::default() }
    }

    /// For signed-in pages; `current` is the profile chosen on this device, if any.
    pub fn signed_in(
        csrf: String,
        language: &str,
        profiles: &[Profile],
        current: Option<uuid::Uuid>,
        tv: bool,
    ) -> Self {
        let menu = current.and_then(|id| profiles.iter().find(|p| p.id == id)).map(|chosen| Menu {
            current: Badge::from(chosen),
            others: profiles.iter().filter(|p| p.id != chosen.id).map(Badge::from).collect(),
        });
        let language = Language::from_stored(language);
        Self { signed_in: true, menu, csrf, lang: language.tag().to_string(), tr: Tr::new(language), tv }
    }

    /// The message `id` in the page's language: `{{ chrome.t("sign-in") }}`.
    pub fn t(&self, id: &str) -> Words {
        Words(self.tr.t(id))
    }

    /// The message `id` with one argument: `{{ chrome.t_with("pin-heading", "name", profile.name) }}`.
    pub fn t_with(&self, id: &str, name: &str, value: impl Into<Arg>) -> Words {
        Words(self.tr.t_with(id, name, value))
    }

    /// A message that is a piece of HTML (its id ends in `-html`): `{{ chrome.markup("help-tv-html")|safe }}`.
    pub fn markup(&self, id: &str) -> String {
        self.tr.markup(id)
    }
}

/// A message for a page, escaped for HTML text and double-quoted attributes (every attribute in
/// Marquee's templates is), so that "Who's watching?" keeps its apostrophe as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Words(String);

impl std::fmt::Display for Words {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut rest = self.0.as_str();
        while let Some(at) = rest.find(['&', '<', '>', '"']) {
            f.write_str(&rest[..at])?;
            f.write_str(match rest.as_bytes()[at] {
                b'&' => "&amp;",
                b'<' => "&lt;",
                b'>' => "&gt;",
                _ => "&quot;",
            })?;
            rest = &rest[at + 1..];
        }
        f.write_str(rest)
    }
}

impl askama::filters::HtmlSafe for Words {}

/// One option of a select or radio group.
#[derive(Debug, Clone)]
pub struct Choice {
    pub value: &'static str,
    pub label: &'static str,
    pub selected: bool,
}

impl Choice {
    pub fn list(options: &[(&'static str, &'static str)], selected: &str) -> Vec<Self> {
        options.iter().map(|(value, label)| Self { value, label, selected: *value == selected }).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_escaped_for_html_but_keep_their_apostrophes() {
        let words = Words("Who's <b>\"here\"</b> & there".into());
        assert_eq!(words.to_string(), "Who's &lt;b&gt;&quot;here&quot;&lt;/b&gt; &amp; there");
    }

    #[test]
    fn arguments_put_into_a_page_cannot_become_markup() {
        let chrome = Chrome::bare_in(Language::French);
        let heading = chrome.t_with("pin-heading", "name", "<script>x</script>").to_string();
        assert_eq!(heading, "Saisissez le code PIN de &lt;script&gt;x&lt;/script&gt;");
    }
}
