//! `/Items/{id}/Images/{Primary|Backdrop|Thumb}`: the library's art, served as Marquee's own pages
//! serve it (through the one gate every library file passes), within the profile's maturity level.

use axum::extract::{Path, State};
use axum::response::Response;

use super::caller::Caller;
use super::error::JellyfinError;
use super::ids;
use crate::auth::Identity;
use crate::catalog::art::{media_picture, title_picture};

/// `GET /Items/{id}/Images/{type}`.
pub async fn image(
    State(app): State<Identity>,
    caller: Caller,
    Path((id, kind)): Path<(String, String)>,
) -> Result<Response, JellyfinError> {
    picture(&app, &caller, &id, &kind).await
}

/// `GET /Items/{id}/Images/{type}/{index}`: the same (each item has one picture of each type).
pub async fn image_at(
    State(app): State<Identity>,
    caller: Caller,
    Path((id, kind, _index)): Path<(String, String, String)>,
) -> Result<Response, JellyfinError> {
    picture(&app, &caller, &id, &kind).await
}

async fn picture(app: &Identity, caller: &Caller, id: &str, kind: &str) -> Result<Response, JellyfinError> {
    let missing = || JellyfinError::not_found("That image");
    let id = ids::parse(id).ok_or_else(missing)?;
    // A season shows its show's art.
    let (id, season) = match ids::season_of(id) {
        Some(key) => match super::library::resolve(app, caller, id).await? {
            Some(super::item_json::Item::Season { show, .. }) => (show.id, Some(key.number)),
            _ => return Err(missing()),
        },
        None => (id, None),
    };
    let level = caller.level();
    let found = match kind {
        "primary" => match title_picture(app, level, id, "poster").await? {
            Some(found) => Some(found),
            None if season.is_none() => media_picture(app, level, id).await?,
            None => None,
        },
        "backdrop" => title_picture(app, level, id, "backdrop").await?,
        "thumb" => match title_picture(app, level, id, "backdrop").await? {
            Some(found) => Some(found),
            None => media_picture(app, level, id).await?,
        },
        _ => None,
    };
    found.ok_or_else(missing)
}
