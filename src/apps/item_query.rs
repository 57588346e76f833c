//! The query apps send to list items (`/Items`, `/Users/{id}/Items`, `/Shows/{id}/Episodes`…),
//! read with words for every mistake. Keys arrive in lower case (see [`super::paths`]).

use serde::Deserialize;
use uuid::Uuid;

use super::error::JellyfinError;
use super::ids;

/// The most items one answer holds, whatever `Limit` asks.
pub const MAX_LIMIT: usize = 1000;

/// The query as it came: every value text, read by [`ItemQuery::read`].
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct RawQuery {
    parentid: Option<String>,
    includeitemtypes: Option<String>,
    excludeitemtypes: Option<String>,
    recursive: Option<String>,
    sortby: Option<String>,
    sortorder: Option<String>,
    startindex: Option<String>,
    limit: Option<String>,
    searchterm: Option<String>,
    filters: Option<String>,
    isfavorite: Option<String>,
    ids: Option<String>,
    userid: Option<String>,
    seasonid: Option<String>,
    seriesid: Option<String>,
    season: Option<String>,
    mediasourceid: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SortKey {
    Name,
    DateCreated,
    Year,
    DatePlayed,
    /// Seasons and episodes in their own order.
    Natural,
}

/// The query, read.
#[derive(Debug, Default)]
pub struct ItemQuery {
    pub parent: Option<Uuid>,
    /// Jellyfin item types, lower case ("movie", "series", "season", "episode"); empty: any.
    pub include: Vec<String>,
    pub exclude: Vec<String>,
    pub recursive: bool,
    pub sort: Option<SortKey>,
    pub descending: bool,
    pub start: usize,
    pub limit: Option<usize>,
    pub search: Option<String>,
    pub favourites_only: bool,
    pub resumable_only: bool,
    pub played: Option<bool>,
    pub ids: Vec<Uuid>,
    pub user: Option<Uuid>,
    pub season_id: Option<Uuid>,
    pub series_id: Option<Uuid>,
    pub season_number: Option<i64>,
}

fn list(raw: Option<&str>) -> Vec<String> {
    raw.unwrap_or("").split(',').map(|s| s.trim().to_lowercase()).filter(|s| !s.is_empty()).collect()
}

fn flag(raw: Option<&str>, name: &str) -> Result<bool, JellyfinError> {
    match raw.map(str::trim).map(str::to_ascii_lowercase).as_deref() {
        None | Some("") | Some("false") => Ok(false),
        Some("true") => Ok(true),
        Some(_) => Err(JellyfinError::bad_request(format!("{name} must be true or false."))),
    }
}

fn number(raw: Option<&str>, name: &str) -> Result<Option<usize>, JellyfinError> {
    match raw.map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(text) => text
            .parse::<usize>()
            .map(Some)
            .map_err(|_| JellyfinError::bad_request(format!("{name} must be a whole number, 0 or more."))),
    }
}

fn id(raw: Option<&str>, name: &str) -> Result<Option<Uuid>, JellyfinError> {
    match raw.map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(text) => ids::parse(text)
            .map(Some)
            .ok_or_else(|| JellyfinError::bad_request(format!("{name} must be an item id (32 hex digits)."))),
    }
}

impl RawQuery {
    /// The version of a title the app chose (`MediaSourceId`), if it names one.
    pub fn media_source(&self) -> Option<uuid::Uuid> {
        self.mediasourceid.as_deref().and_then(ids::parse)
    }

    /// The query string's pairs, a key given more than once read as one comma-separated list (some
    /// apps repeat `IncludeItemTypes=` where others join the types with commas).
    pub fn parse(query: Option<&str>) -> Result<Self, JellyfinError> {
        let pairs: Vec<(String, String)> = serde_urlencoded::from_str(query.unwrap_or(""))
            .map_err(|_| JellyfinError::bad_request("The query string could not be read."))?;
        let mut joined = serde_json::Map::new();
        for (key, value) in pairs {
            match joined.get_mut(&key) {
                Some(serde_json::Value::String(earlier)) => {
                    earlier.push(',');
                    earlier.push_str(&value);
                }
                _ => {
                    joined.insert(key, serde_json::Value::String(value));
                }
            }
        }
        serde_json::from_value(serde_json::Value::Object(joined))
            .map_err(|_| JellyfinError::bad_request("The query string could not be read."))
    }
}

impl ItemQuery {
    /// Reads the query string of a request (its keys already in lower case).
    pub fn from_query(query: Option<&str>) -> Result<Self, JellyfinError> {
        Self::read(&RawQuery::parse(query)?)
    }

    pub fn read(raw: &RawQuery) -> Result<Self, JellyfinError> {
        let filters = list(raw.filters.as_deref());
        let sort = list(raw.sortby.as_deref()).iter().find_map(|key| match key.as_str() {
            "sortname" | "name" => Some(SortKey::Name),
            "datecreated" => Some(SortKey::DateCreated),
            "productionyear" | "premieredate" => Some(SortKey::Year),
            "dateplayed" | "datelastcontentadded" => Some(SortKey::DatePlayed),
            "indexnumber" | "parentindexnumber" | "airedepisodeorder" => Some(SortKey::Natural),
            _ => None,
        });
        let descending = list(raw.sortorder.as_deref()).first().is_some_and(|order| order == "descending");
        let search = raw.searchterm.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(str::to_string);
        if search.as_ref().is_some_and(|s| s.chars().count() > 100) {
            return Err(JellyfinError::bad_request("SearchTerm must be at most 100 characters."));
        }
        let mut item_ids = Vec::new();
        for text in list(raw.ids.as_deref()) {
            item_ids.push(
                ids::parse(&text)
                    .ok_or_else(|| JellyfinError::bad_request("Ids must be item ids, separated by commas."))?,
            );
        }
        if item_ids.len() > MAX_LIMIT {
            return Err(JellyfinError::bad_request(format!("Ask for at most {MAX_LIMIT} Ids at once.")));
        }
        let season_number = match raw.season.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            None => None,
            Some(text) => {
                Some(text.parse::<i64>().map_err(|_| JellyfinError::bad_request("Season must be a season's number."))?)
            }
        };
        Ok(Self {
            parent: id(raw.parentid.as_deref(), "ParentId")?,
            include: list(raw.includeitemtypes.as_deref()),
            exclude: list(raw.excludeitemtypes.as_deref()),
            recursive: flag(raw.recursive.as_deref(), "Recursive")?,
            sort,
            descending,
            start: number(raw.startindex.as_deref(), "StartIndex")?.unwrap_or(0),
            limit: number(raw.limit.as_deref(), "Limit")?.map(|n| n.min(MAX_LIMIT)),
            search,
            favourites_only: filters.iter().any(|f| f == "isfavorite")
                || flag(raw.isfavorite.as_deref(), "IsFavorite")?,
            resumable_only: filters.iter().any(|f| f == "isresumable"),
            played: if filters.iter().any(|f| f == "isplayed") {
                Some(true)
            } else if filters.iter().any(|f| f == "isunplayed") {
                Some(false)
            } else {
                None
            },
            ids: item_ids,
            user: id(raw.userid.as_deref(), "UserId")?,
            season_id: id(raw.seasonid.as_deref(), "SeasonId")?,
            series_id: id(raw.seriesid.as_deref(), "SeriesId")?,
            season_number,
        })
    }

    /// Whether an item of this Jellyfin type (lower case) is asked for.
    pub fn wants(&self, kind: &str) -> bool {
        (self.include.is_empty() || self.include.iter().any(|k| k == kind)) && !self.exclude.iter().any(|k| k == kind)
    }

    /// Whether the query names episodes among the types it wants.
    pub fn names_episodes(&self) -> bool {
        self.include.iter().any(|k| k == "episode")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(pairs: &str) -> Result<ItemQuery, JellyfinError> {
        ItemQuery::from_query(Some(pairs))
    }

    #[test]
    fn what_apps_send_is_read() {
        let id = Uuid::now_v7();
        let query = read(&format!(
            "parentid={}&includeitemtypes=Movie,Series&recursive=true&sortby=DateCreated,SortName&sortorder=Descending\
             &startindex=5&limit=20&searchterm=orbit&filters=IsResumable",
            ids::text(id)
        ))
        .unwrap();
        assert_eq!(query.parent, Some(id));
        assert!(query.wants("movie") && query.wants("series") && !query.wants("episode"));
        assert!(query.recursive && query.descending && query.resumable_only && !query.favourites_only);
        assert_eq!((query.sort, query.start, query.limit), (Some(SortKey::DateCreated), 5, Some(20)));
        assert_eq!(read("limit=999999").unwrap().limit, Some(MAX_LIMIT));
        let repeated = read("includeitemtypes=Movie&includeitemtypes=Episode&unknown=1").unwrap();
        assert!(repeated.wants("movie") && repeated.wants("episode") && !repeated.wants("series"));
    }

    #[test]
    fn mistakes_are_refused_with_words() {
        for bad in ["limit=-1", "startindex=x", "recursive=maybe", "parentid=nope", "ids=1,2", "season=one"] {
            assert!(matches!(read(bad), Err(JellyfinError::BadRequest(_))), "{bad}");
        }
    }
}
