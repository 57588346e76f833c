//! What every page's frame needs: the header with the profile menu, and the CSRF token for its forms.

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
    /// The `lang` of the page: the account's language.
    pub lang: String,
    /// The TV layout: a TV session (or the TV's code screen). Big type, a remote's arrows move the focus.
    pub tv: bool,
}

impl Chrome {
    /// For signed-out pages: a "Sign In" button at the top right.
    pub fn bare() -> Self {
        Self { lang: "en".into(), ..Self::default() }
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
        Self { signed_in: true, menu, csrf, lang: language.to_string(), tv }
    }
}

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
