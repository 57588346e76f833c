//! Reading names: a title from a folder or file name (`Title (Year) [imdbid-tt…]`, or a release name such as
//! `The.Matrix.1999.1080p.BluRay.x264`), a movie version (`Title (Year) - 1080p`), a season folder and an
//! episode marker (`S01E02`, `S01E01-E02`).
//!
//! The simple Jellyfin shapes are matched exactly; messy release names go to the `hunch` crate.

use std::sync::LazyLock;

use regex::Regex;

/// A title as its folder or file name gives it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct TitleName {
    pub name: String,
    pub year: Option<i32>,
    pub imdb_id: Option<String>,
}

/// What an episode's file name says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct EpisodeName {
    pub season: Option<i64>,
    pub episode: i64,
    pub episode_end: Option<i64>,
    pub name: Option<String>,
}

fn regex(pattern: &str) -> Regex {
    // The patterns are constants in this file; the tests compile every one of them.
    Regex::new(pattern).unwrap_or_else(|e| panic!("name pattern {pattern} does not compile: {e}"))
}

static IMDB_TAG: LazyLock<Regex> = LazyLock::new(|| regex(r"(?i)[\[{]\s*imdb(?:id)?\s*[-=]\s*(tt\d{5,10})\s*[\]}]"));
static ANY_ID_TAG: LazyLock<Regex> = LazyLock::new(|| regex(r"(?i)\s*[\[{]\s*[a-z]+(?:id)?\s*[-=][^\]}]*[\]}]"));
static TITLE_YEAR: LazyLock<Regex> = LazyLock::new(|| regex(r"^(.+?)\s*\((\d{4})\)$"));
static VERSION_AFTER_YEAR: LazyLock<Regex> =
    LazyLock::new(|| regex(r"^(.*?\(\d{4}\)(?:\s*[\[{][^\]}]*[\]}])*)\s+-\s+(.+)$"));
static SEASON_FOLDER: LazyLock<Regex> = LazyLock::new(|| regex(r"(?i)^(?:season|series|s)[ ._-]*(\d{1,4})$"));
static EPISODE_MARKER: LazyLock<Regex> =
    LazyLock::new(|| regex(r"(?i)(?:^|[^a-z0-9])s(\d{1,4})[ ._-]?e(\d{1,4})(?:[^0-9]|$)"));
static MORE_EPISODES: LazyLock<Regex> =
    LazyLock::new(|| regex(r"(?i)^(?:[ ._]?-?[ ._]?e(\d{1,4})|-(\d{1,3}))(?:[^0-9]|$)"));
static CROSS_MARKER: LazyLock<Regex> = LazyLock::new(|| regex(r"(?i)(?:^|[^a-z0-9])(\d{1,2})x(\d{2,3})(?:[^0-9]|$)"));

/// The IMDb id in a `[imdbid-tt…]` tag, if the name has one.
pub(crate) fn imdb_tag(raw: &str) -> Option<String> {
    IMDB_TAG.captures(raw).map(|c| c[1].to_ascii_lowercase())
}

/// Reads a title from a folder name or a file stem.
pub(crate) fn parse_title(raw: &str) -> TitleName {
    let imdb_id = imdb_tag(raw);
    let cleaned = ANY_ID_TAG.replace_all(raw, "");
    let cleaned = cleaned.trim();
    if let Some(c) = TITLE_YEAR.captures(cleaned) {
        let name = c[1].trim().to_owned();
        if !name.is_empty() {
            return TitleName { name, year: c[2].parse().ok(), imdb_id };
        }
    }
    let guess = hunch::hunch(cleaned);
    let looks_like_release = !cleaned.contains(' ')
        || guess.year().is_some()
        || guess.screen_size().is_some()
        || guess.source().is_some()
        || guess.video_codec().is_some();
    // A plain name with a number in it ("Blade Runner 2049") can look like an episode to a release
    // parser; such names are kept as written.
    if looks_like_release
        && guess.episode().is_none()
        && let Some(title) = guess.title().map(str::trim).filter(|t| !t.is_empty())
    {
        return TitleName { name: title.to_owned(), year: guess.year(), imdb_id };
    }
    let name = if cleaned.is_empty() { raw.trim() } else { cleaned };
    TitleName { name: name.to_owned(), year: None, imdb_id }
}

/// Splits a movie file's stem into the title part and its version: `Title (Year) - 1080p` → `1080p`.
///
/// `title_base` is the title folder's name; a stem that starts with it and goes on with ` - ` names a
/// version. A loose file has no folder, so the year in brackets marks where the title ends.
pub(crate) fn split_version<'a>(stem: &'a str, title_base: Option<&str>) -> (&'a str, Option<String>) {
    if let Some(base) = title_base
        && let Some(head) = stem.get(..base.len()).filter(|h| h.eq_ignore_ascii_case(base))
    {
        let rest = &stem[head.len()..];
        if let Some(version) = rest.trim_start().strip_prefix('-').map(str::trim).filter(|v| !v.is_empty()) {
            return (head, Some(version.to_owned()));
        }
        if rest.trim().is_empty() {
            return (head, None);
        }
    }
    if let Some(c) = VERSION_AFTER_YEAR.captures(stem) {
        let (Some(title), Some(version)) = (c.get(1), c.get(2)) else { return (stem, None) };
        return (&stem[title.range()], Some(version.as_str().trim().to_owned()));
    }
    (stem, None)
}

/// The season a folder holds: `Season 01` → 1, `Specials` → 0.
pub(crate) fn season_of_folder(name: &str) -> Option<i64> {
    let name = name.trim();
    if name.eq_ignore_ascii_case("specials") {
        return Some(0);
    }
    SEASON_FOLDER.captures(name).and_then(|c| c[1].parse().ok())
}

/// Reads an episode's season, number(s) and name from its file stem.
pub(crate) fn parse_episode(stem: &str) -> Option<EpisodeName> {
    if let Some(c) = EPISODE_MARKER.captures(stem) {
        let (Some(season), Some(episode), Some(whole)) = (c.get(1), c.get(2), c.get(0)) else { return None };
        let episode: i64 = episode.as_str().parse().ok()?;
        // The marker's match may have taken one character after the number; start from the number's end.
        let mut tail = &stem[c.get(2).map_or(whole.end(), |m| m.end())..];
        let mut episode_end = None;
        while let Some(more) = MORE_EPISODES.captures(tail) {
            let Some(number) = more.get(1).or_else(|| more.get(2)) else { break };
            let Ok(n) = number.as_str().parse::<i64>() else { break };
            if n <= episode_end.unwrap_or(episode) {
                break;
            }
            episode_end = Some(n);
            tail = &tail[number.end()..];
        }
        return Some(EpisodeName {
            season: season.as_str().parse().ok(),
            episode,
            episode_end,
            name: episode_title(stem, tail),
        });
    }
    if let Some(c) = CROSS_MARKER.captures(stem) {
        let end = c.get(2).map_or(stem.len(), |m| m.end());
        return Some(EpisodeName {
            season: c[1].parse().ok(),
            episode: c[2].parse().ok()?,
            episode_end: None,
            name: episode_title(stem, &stem[end..]),
        });
    }
    let guess = hunch::hunch(stem);
    let episode = i64::from(guess.episode()?);
    let last = guess.all(hunch::Property::Episode).iter().filter_map(|e| e.parse::<i64>().ok()).max();
    Some(EpisodeName {
        season: guess.season().map(i64::from),
        episode,
        episode_end: last.filter(|&l| l > episode),
        name: guess.episode_title().map(str::to_owned),
    })
}

/// The episode's name after its marker: `Show S01E02 - The Name` → `The Name`. A release-style tail
/// (`.720p.HDTV.x264`) is left to the release parser.
fn episode_title(stem: &str, tail: &str) -> Option<String> {
    let trimmed = tail.trim_start();
    if let Some(name) = trimmed.strip_prefix('-').map(str::trim).filter(|n| !n.is_empty()) {
        return Some(name.to_owned());
    }
    if trimmed.is_empty() {
        return None;
    }
    hunch::hunch(stem).episode_title().map(str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn title(raw: &str) -> (String, Option<i32>, Option<String>) {
        let t = parse_title(raw);
        (t.name, t.year, t.imdb_id)
    }

    #[test]
    fn jellyfin_folder_names_give_title_year_and_imdb_id() {
        assert_eq!(title("Alien (1979)"), ("Alien".into(), Some(1979), None));
        assert_eq!(title("Alien (1979) [imdbid-tt0078748]"), ("Alien".into(), Some(1979), Some("tt0078748".into())));
        assert_eq!(title("Blade Runner 2049 (2017)"), ("Blade Runner 2049".into(), Some(2017), None));
        assert_eq!(title("Amélie (2001)"), ("Amélie".into(), Some(2001), None));
    }

    #[test]
    fn names_without_a_year_are_kept_as_written() {
        assert_eq!(title("Night of the Living Dead"), ("Night of the Living Dead".into(), None, None));
        assert_eq!(title("Blade Runner 2049"), ("Blade Runner 2049".into(), None, None));
        assert_eq!(title("The 100"), ("The 100".into(), None, None));
    }

    #[test]
    fn release_names_give_the_title_and_year() {
        assert_eq!(title("The.Matrix.1999.1080p.BluRay.x264"), ("The Matrix".into(), Some(1999), None));
    }

    #[test]
    fn versions_follow_the_title_after_a_dash() {
        assert_eq!(split_version("Alien (1979) - 1080p", Some("Alien (1979)")), ("Alien (1979)", Some("1080p".into())));
        assert_eq!(
            split_version("Alien (1979) - Director's Cut", None),
            ("Alien (1979)", Some("Director's Cut".into()))
        );
        assert_eq!(split_version("Alien (1979)", Some("Alien (1979)")), ("Alien (1979)", None));
        assert_eq!(split_version("Mission - Impossible", None), ("Mission - Impossible", None));
    }

    #[test]
    fn season_folders_and_specials() {
        assert_eq!(season_of_folder("Season 01"), Some(1));
        assert_eq!(season_of_folder("season 12"), Some(12));
        assert_eq!(season_of_folder("Season 00"), Some(0));
        assert_eq!(season_of_folder("Specials"), Some(0));
        assert_eq!(season_of_folder("Artwork"), None);
    }

    #[test]
    fn episode_markers_single_multi_and_named() {
        let e = parse_episode("Show S01E02").expect("an episode");
        assert_eq!((e.season, e.episode, e.episode_end, e.name), (Some(1), 2, None, None));
        let e = parse_episode("Show S01E01-E02").expect("an episode");
        assert_eq!((e.episode, e.episode_end), (1, Some(2)));
        let e = parse_episode("Show S01E01E02E03").expect("an episode");
        assert_eq!((e.episode, e.episode_end), (1, Some(3)));
        let e = parse_episode("Show S02E05 - The Name").expect("an episode");
        assert_eq!((e.season, e.episode, e.name.as_deref()), (Some(2), 5, Some("The Name")));
        let e = parse_episode("Breaking.Bad.S02E03.720p.HDTV.x264-GRP").expect("an episode");
        assert_eq!((e.season, e.episode, e.episode_end), (Some(2), 3, None));
        let e = parse_episode("Show 3x04").expect("an episode");
        assert_eq!((e.season, e.episode), (Some(3), 4));
        assert!(parse_episode("Holiday Video").is_none());
    }
}
