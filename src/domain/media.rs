//! What a library holds and who may watch it: library kinds and maturity levels.

use std::fmt;
use std::str::FromStr;

/// What a media folder holds; it decides how the folder's names are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LibraryKind {
    Movies,
    Shows,
    Documentaries,
}

impl LibraryKind {
    pub const ALL: [LibraryKind; 3] = [LibraryKind::Movies, LibraryKind::Shows, LibraryKind::Documentaries];

    pub fn as_str(self) -> &'static str {
        match self {
            LibraryKind::Movies => "movies",
            LibraryKind::Shows => "shows",
            LibraryKind::Documentaries => "documentaries",
        }
    }

    /// The kind of title a folder of this library holds, as the API names it.
    pub fn title_kind(self) -> &'static str {
        match self {
            LibraryKind::Movies => "movie",
            LibraryKind::Shows => "show",
            LibraryKind::Documentaries => "documentary",
        }
    }

    pub fn from_title_kind(kind: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.title_kind() == kind)
    }
}

impl fmt::Display for LibraryKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for LibraryKind {
    type Err = &'static str;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .into_iter()
            .find(|k| k.as_str().eq_ignore_ascii_case(s.trim()))
            .ok_or("the kind must be movies, shows or documentaries")
    }
}

/// A profile's maturity level, and the level a title needs, as Netflix groups ratings.
///
/// Ordered: a profile sees a title when the title's level is at most the profile's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Maturity {
    LittleKids = 0,
    OlderKids = 1,
    Teens = 2,
    All = 3,
}

impl Maturity {
    pub const LEVELS: [Maturity; 4] = [Maturity::LittleKids, Maturity::OlderKids, Maturity::Teens, Maturity::All];

    /// The level a new kids profile starts at.
    pub const KIDS_DEFAULT: Maturity = Maturity::OlderKids;

    /// A new profile's level: kids profiles start at Older Kids, others see everything.
    pub fn default_for(kids: bool) -> Self {
        if kids { Self::KIDS_DEFAULT } else { Self::All }
    }

    pub fn rank(self) -> i64 {
        self as i64
    }

    pub fn from_rank(rank: i64) -> Option<Self> {
        Self::LEVELS.into_iter().find(|m| m.rank() == rank)
    }

    /// The name used in the API and in forms.
    pub fn key(self) -> &'static str {
        match self {
            Maturity::LittleKids => "little_kids",
            Maturity::OlderKids => "older_kids",
            Maturity::Teens => "teens",
            Maturity::All => "all",
        }
    }

    pub fn from_key(key: &str) -> Option<Self> {
        Self::LEVELS.into_iter().find(|m| m.key() == key.trim())
    }

    /// The name a person reads.
    pub fn label(self) -> &'static str {
        match self {
            Maturity::LittleKids => "Little Kids",
            Maturity::OlderKids => "Older Kids",
            Maturity::Teens => "Teens",
            Maturity::All => "All maturity ratings",
        }
    }

    /// The level a US film or TV certification needs. Unknown or missing ratings need `All`, so
    /// titles without a rating stay hidden from kids profiles.
    pub fn for_certification(certification: Option<&str>) -> Self {
        let Some(raw) = certification else { return Maturity::All };
        // NFO files write "Rated PG-13", "US:PG-13" or "TV-14"; compare the bare rating.
        let rating = raw.trim().rsplit(':').next().unwrap_or("").trim();
        let rating = rating.strip_prefix("Rated ").unwrap_or(rating).trim().to_ascii_uppercase();
        match rating.as_str() {
            "G" | "TV-Y" | "TV-G" => Maturity::LittleKids,
            "PG" | "TV-Y7" | "TV-Y7-FV" | "TV-PG" => Maturity::OlderKids,
            "PG-13" | "TV-14" => Maturity::Teens,
            _ => Maturity::All,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn certifications_map_onto_levels() {
        assert_eq!(Maturity::for_certification(Some("G")), Maturity::LittleKids);
        assert_eq!(Maturity::for_certification(Some("TV-Y7-FV")), Maturity::OlderKids);
        assert_eq!(Maturity::for_certification(Some("US:PG-13")), Maturity::Teens);
        assert_eq!(Maturity::for_certification(Some("Rated R")), Maturity::All);
        assert_eq!(Maturity::for_certification(Some("NR")), Maturity::All);
        assert_eq!(Maturity::for_certification(None), Maturity::All);
    }

    #[test]
    fn levels_are_ordered_and_round_trip() {
        assert!(Maturity::OlderKids < Maturity::Teens);
        for level in Maturity::LEVELS {
            assert_eq!(Maturity::from_rank(level.rank()), Some(level));
            assert_eq!(Maturity::from_key(level.key()), Some(level));
        }
    }

    #[test]
    fn library_kinds_parse() {
        assert_eq!("Shows".parse::<LibraryKind>(), Ok(LibraryKind::Shows));
        assert!("music".parse::<LibraryKind>().is_err());
        assert_eq!(LibraryKind::from_title_kind("documentary"), Some(LibraryKind::Documentaries));
    }
}
