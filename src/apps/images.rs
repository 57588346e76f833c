//! `/Items/{id}/Images/{Primary|Backdrop|Thumb}`: the library's art, served as Marquee's own pages
//! serve it (through the one gate every library file passes), within the profile's maturity level.
//! Apps load pictures as plain addresses, often without their token: a request that carries no token
//! is served when its `tag` is one this server signed for that item (see `picture_tags`).

use axum::extract::{Path, RawQuery, State};
use axum::response::Response;

use super::caller::{AppClient, Caller};
use super::error::JellyfinError;
use super::ids;
use super::server::JellyfinServer;
use crate::auth::Identity;
use crate::catalog::art::{media_picture, title_picture};

/// Who may see a picture: a signed-in app (within its profile's level), or an address carrying the
/// tag this server gave out for the item.
enum Viewer {
    App(Caller),
    Tagged,
}

/// The app when the request carries a token (refused as signed out when that token is not live);
/// otherwise the item's signed tag, or 401 as for any request without a token.
async fn viewer(
    app: &Identity,
    server: &JellyfinServer,
    client: AppClient,
    caller: Result<Caller, JellyfinError>,
    id: &str,
    tag: Option<&str>,
) -> Result<Viewer, JellyfinError> {
    let refusal = match caller {
        Ok(caller) => return Ok(Viewer::App(caller)),
        Err(refusal) => refusal,
    };
    let tagged = match (client.0.token.is_none(), tag, ids::parse(id)) {
        (true, Some(tag), Some(id)) => server.picture_tags(app).await?.allows(id, tag),
        _ => false,
    };
    if tagged { Ok(Viewer::Tagged) } else { Err(refusal) }
}

/// The `tag` an address carries (query names arrive in lower case).
fn tag_in(query: Option<&str>) -> Option<String> {
    url::form_urlencoded::parse(query?.as_bytes()).find(|(name, _)| name == "tag").map(|(_, tag)| tag.into_owned())
}

/// `GET /Items/{id}/Images/{type}`.
pub async fn image(
    State(app): State<Identity>,
    State(server): State<JellyfinServer>,
    client: AppClient,
    caller: Result<Caller, JellyfinError>,
    RawQuery(query): RawQuery,
    Path((id, kind)): Path<(String, String)>,
) -> Result<Response, JellyfinError> {
    let viewer = viewer(&app, &server, client, caller, &id, tag_in(query.as_deref()).as_deref()).await?;
    picture(&app, &viewer, &id, &kind).await
}

/// `GET /Items/{id}/Images/{type}/{index}`: the same (each item has one picture of each type).
pub async fn image_at(
    State(app): State<Identity>,
    State(server): State<JellyfinServer>,
    client: AppClient,
    caller: Result<Caller, JellyfinError>,
    RawQuery(query): RawQuery,
    Path((id, kind, _index)): Path<(String, String, String)>,
) -> Result<Response, JellyfinError> {
    let viewer = viewer(&app, &server, client, caller, &id, tag_in(query.as_deref()).as_deref()).await?;
    picture(&app, &viewer, &id, &kind).await
}

async fn picture(app: &Identity, viewer: &Viewer, id: &str, kind: &str) -> Result<Response, JellyfinError> {
    let missing = || JellyfinError::not_found("That image");
    let id = ids::parse(id).ok_or_else(missing)?;
    // A season shows its show's art (found through the app's profile: tags name titles and episodes).
    let (id, season) = match (ids::season_of(id), viewer) {
        (Some(key), Viewer::App(caller)) => match super::library::resolve(app, caller, id).await? {
            Some(super::item_json::Item::Season { show, .. }) => (show.id, Some(key.number)),
            _ => return Err(missing()),
        },
        (Some(_), Viewer::Tagged) => return Err(missing()),
        (None, _) => (id, None),
    };
    // A tag was only given to a device shown the item, so the item's own level does not matter here.
    let level = match viewer {
        Viewer::App(caller) => caller.level(),
        Viewer::Tagged => i64::MAX,
    };
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
