//! `GET /api/v1/account/activity`: the account's activity for apps, a page at a time.

use axum::Json;
use axum::extract::{Query, State};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use uuid::Uuid;

use super::listing::{self, UnknownFilter};
use crate::auth::{ApiAccountHolder, ClientIp, Identity};
use crate::domain::device::DeviceKind;
use crate::error::AppError;
use crate::store::ActivityEntry;

#[derive(Deserialize)]
pub struct ActivityParams {
    cursor: Option<String>,
    filter: Option<String>,
}

#[derive(Serialize)]
pub struct ActivityJson {
    entries: Vec<EntryJson>,
    next_cursor: Option<String>,
}

/// One entry; see the README's API section for what each field means.
#[derive(Serialize)]
pub struct EntryJson {
    id: Uuid,
    #[serde(with = "time::serde::rfc3339")]
    at: OffsetDateTime,
    kind: &'static str,
    device: Option<DeviceJson>,
    address: Option<String>,
    same_network: bool,
    by_device: Option<String>,
    title: Option<String>,
    profile: Option<String>,
    count: i64,
    session_id: Option<Uuid>,
    signed_in: bool,
}

#[derive(Serialize)]
pub struct DeviceJson {
    name: String,
    kind: Option<DeviceKind>,
}

impl EntryJson {
    fn new(entry: ActivityEntry, reader: Option<std::net::IpAddr>) -> Self {
        Self {
            same_network: listing::same_network(&entry, reader),
            id: entry.id,
            at: entry.at,
            kind: entry.kind.as_str(),
            device: entry.device_name.map(|name| DeviceJson { name, kind: entry.device_kind }),
            address: entry.address,
            by_device: entry.by_device,
            title: entry.title,
            profile: entry.profile,
            count: entry.count,
            session_id: entry.session_id,
            signed_in: entry.signed_in,
        }
    }
}

/// `GET /api/v1/account/activity?cursor=&filter=sign-ins|watching`: newest first, a page at a time.
/// A kids profile is refused (403 `kids_profile`); an unknown filter or a cursor this server did not
/// hand out is 400.
pub async fn list(
    State(app): State<Identity>,
    ApiAccountHolder(me): ApiAccountHolder,
    client: ClientIp,
    Query(params): Query<ActivityParams>,
) -> Result<Json<ActivityJson>, AppError> {
    let category = listing::parse_filter(params.filter.as_deref()).map_err(|UnknownFilter| {
        AppError::bad_request("invalid_filter", "filter must be sign-ins or watching (or left out for everything).")
    })?;
    let after = match params.cursor.as_deref().filter(|cursor| !cursor.is_empty()) {
        None => None,
        Some(text) => Some(listing::decode_cursor(text).ok_or_else(|| {
            AppError::bad_request(
                "invalid_cursor",
                "That cursor is not one this server handed out. Use next_cursor from the previous page, or leave it out to start again.",
            )
        })?),
    };
    let page = listing::load(app.store.as_ref(), me.account.id, category, after).await?;
    let entries = page.entries.into_iter().map(|entry| EntryJson::new(entry, client.0)).collect();
    Ok(Json(ActivityJson { entries, next_cursor: page.next_cursor }))
}
