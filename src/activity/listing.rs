//! One page of an account's activity, as the page and the API both read it: the filter, the opaque
//! cursor that continues it, and whether an entry came from the reader's own network.

use std::net::IpAddr;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use time::OffsetDateTime;
use uuid::Uuid;

use crate::error::AppError;
use crate::i18n::key;
use crate::store::{ActivityCategory, ActivityCursor, ActivityEntry, ActivityQuery, Store};

/// Entries per page.
pub const PAGE_SIZE: i64 = 50;

/// A filter `?filter=` takes: its name in the address, what it keeps, and the message naming it.
pub struct Filter {
    pub name: &'static str,
    pub category: ActivityCategory,
    pub label: &'static str,
}

pub const FILTERS: [Filter; 2] = [
    Filter { name: "sign-ins", category: ActivityCategory::SignIns, label: key("activity-filter-sign-ins") },
    Filter { name: "watching", category: ActivityCategory::Watching, label: key("activity-filter-watching") },
];

/// The category a `?filter=` names; `Err` for a name that is none of [`FILTERS`].
pub fn parse_filter(text: Option<&str>) -> Result<Option<ActivityCategory>, UnknownFilter> {
    match text.filter(|text| !text.is_empty()) {
        None => Ok(None),
        Some(text) => {
            FILTERS.iter().find(|filter| filter.name == text).map(|filter| Some(filter.category)).ok_or(UnknownFilter)
        }
    }
}

/// The name of a category's filter in the address.
pub fn filter_name(category: ActivityCategory) -> Option<&'static str> {
    FILTERS.iter().find(|filter| filter.category == category).map(|filter| filter.name)
}

/// A `?filter=` that names no filter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UnknownFilter;

/// The cursor as the address carries it: opaque to clients, the last entry's time and id.
pub fn encode_cursor(cursor: ActivityCursor) -> String {
    URL_SAFE_NO_PAD.encode(format!("{}.{}", cursor.at.unix_timestamp(), cursor.id.simple()))
}

/// A cursor read back; `None` for anything [`encode_cursor`] did not make.
pub fn decode_cursor(text: &str) -> Option<ActivityCursor> {
    let bytes = URL_SAFE_NO_PAD.decode(text).ok()?;
    let text = std::str::from_utf8(&bytes).ok()?;
    let (at, id) = text.split_once('.')?;
    let at = OffsetDateTime::from_unix_timestamp(at.parse().ok()?).ok()?;
    Some(ActivityCursor { at, id: Uuid::try_parse(id).ok()? })
}

/// A page of entries and the cursor of the next one, if there is more.
pub struct Page {
    pub entries: Vec<ActivityEntry>,
    pub next_cursor: Option<String>,
}

/// The account's entries in `category` (all when `None`) after `after`, newest first.
pub async fn load(
    store: &dyn Store,
    account_id: Uuid,
    category: Option<ActivityCategory>,
    after: Option<ActivityCursor>,
) -> Result<Page, AppError> {
    let query = ActivityQuery { account_id, category, after, limit: PAGE_SIZE + 1, now: crate::clock::now() };
    let mut entries = store.account_activity(query).await?;
    let more = entries.len() > usize::try_from(PAGE_SIZE).unwrap_or(usize::MAX);
    entries.truncate(usize::try_from(PAGE_SIZE).unwrap_or(usize::MAX));
    let next_cursor = if more { entries.last().map(|last| encode_cursor(last.cursor())) } else { None };
    Ok(Page { entries, next_cursor })
}

/// Whether the entry came from the network of the device reading it.
pub fn same_network(entry: &ActivityEntry, reader: Option<IpAddr>) -> bool {
    let address = entry.address.as_deref().and_then(|address| address.parse().ok());
    crate::domain::network::same_network(address, reader)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cursor_reads_back_and_nothing_else_does() {
        let cursor =
            ActivityCursor { at: OffsetDateTime::from_unix_timestamp(1_800_000_000).unwrap(), id: Uuid::now_v7() };
        assert_eq!(decode_cursor(&encode_cursor(cursor)), Some(cursor));
        for junk in ["", "not a cursor", "MTIz", "%%%", &URL_SAFE_NO_PAD.encode("12.not-a-uuid")] {
            assert_eq!(decode_cursor(junk), None, "{junk}");
        }
    }

    #[test]
    fn filters_are_named_as_in_the_address() {
        assert_eq!(parse_filter(None), Ok(None));
        assert_eq!(parse_filter(Some("")), Ok(None));
        assert_eq!(parse_filter(Some("sign-ins")), Ok(Some(ActivityCategory::SignIns)));
        assert_eq!(parse_filter(Some("watching")), Ok(Some(ActivityCategory::Watching)));
        assert_eq!(parse_filter(Some("everything")), Err(UnknownFilter));
        assert_eq!(filter_name(ActivityCategory::Watching), Some("watching"));
    }
}
