//! Which profile a Jellyfin sign-in by name means. Apps sign in with one "user name": the account's
//! email alone means its first profile that is neither a kids profile nor locked; `email/Profile
//! name` means that profile (a locked one too: the account password was just given, which is what
//! unlocking a profile on a page also accepts).

use crate::store::Profile;

/// The email and, after the first `/`, the profile's name (as typed; matched without regard to case).
pub fn split(user_name: &str) -> (&str, Option<&str>) {
    match user_name.split_once('/') {
        Some((email, profile)) if !profile.trim().is_empty() => (email.trim(), Some(profile.trim())),
        Some((email, _)) => (email.trim(), None),
        None => (user_name.trim(), None),
    }
}

/// Why no profile could be chosen (said only to someone who gave the right password).
#[derive(Debug, PartialEq, Eq)]
pub enum NoProfile {
    /// No profile of the account has that name.
    Named,
    /// The account has no profile that is neither kids nor locked: a name must be given.
    NoOrdinary,
}

impl NoProfile {
    pub fn message(&self) -> &'static str {
        match self {
            Self::Named => "This account has no profile of that name. Sign in as email/Profile name.",
            Self::NoOrdinary => {
                "Every profile of this account is a kids profile or locked: sign in as email/Profile name."
            }
        }
    }
}

/// The profile meant, among the account's profiles (oldest first).
pub fn choose<'a>(profiles: &'a [Profile], wanted: Option<&str>) -> Result<&'a Profile, NoProfile> {
    match wanted {
        Some(name) => {
            let wanted = name.to_lowercase();
            profiles.iter().find(|p| p.name.to_lowercase() == wanted).ok_or(NoProfile::Named)
        }
        None => profiles.iter().find(|p| !p.is_kids && !p.is_locked()).ok_or(NoProfile::NoOrdinary),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn profile(name: &str, kids: bool, locked: bool) -> Profile {
        Profile {
            id: uuid::Uuid::now_v7(),
            account_id: uuid::Uuid::nil(),
            name: name.into(),
            avatar: "sky".into(),
            is_kids: kids,
            maturity: 4,
            pin_hash: locked.then(|| "$argon2id$x".into()),
            created_at: time::OffsetDateTime::UNIX_EPOCH,
        }
    }

    #[test]
    fn a_user_name_is_an_email_and_perhaps_a_profile() {
        assert_eq!(split("ana@example.com"), ("ana@example.com", None));
        assert_eq!(split(" ana@example.com / Kids "), ("ana@example.com", Some("Kids")));
        assert_eq!(split("ana@example.com/"), ("ana@example.com", None));
        assert_eq!(split("ana@example.com/Ana/2"), ("ana@example.com", Some("Ana/2")));
    }

    #[test]
    fn the_email_alone_skips_kids_and_locked_profiles() {
        let profiles = [profile("Locked", false, true), profile("Kids", true, false), profile("Ana", false, false)];
        assert_eq!(choose(&profiles, None).unwrap().name, "Ana");
        assert_eq!(choose(&profiles, Some("kids")).unwrap().name, "Kids");
        assert_eq!(choose(&profiles, Some("LOCKED")).unwrap().name, "Locked");
        assert_eq!(choose(&profiles, Some("Nobody")).unwrap_err(), NoProfile::Named);
        assert_eq!(choose(&profiles[..2], None).unwrap_err(), NoProfile::NoOrdinary);
    }
}
