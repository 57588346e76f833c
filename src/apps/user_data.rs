//! What a profile marks on an item from an app: favourites (Marquee's My List, which holds titles, so
//! an episode or season marks its show) and played or not played (`/UserFavoriteItems/{id}`,
//! `/UserPlayedItems/{id}`, and their older `/Users/{userId}/…` forms). Each answers the item's
//! `UserData` as it now stands.

use axum::Json;
use axum::extract::{Path, RawQuery, State};
use axum::http::Method;
use serde_json::Value;
use uuid::Uuid;

use super::caller::Caller;
use super::error::JellyfinError;
use super::ids;
use super::item_json::{self, Item};
use super::item_query::ItemQuery;
use super::library;
use super::server::JellyfinServer;
use crate::auth::Identity;

/// Which mark a route sets.
#[derive(Clone, Copy)]
enum Mark {
    Favourite,
    Played,
}

/// `POST` sets the mark, `DELETE` clears it.
fn setting(method: &Method) -> bool {
    method != Method::DELETE
}

fn parsed(raw: &str, what: &'static str) -> Result<Uuid, JellyfinError> {
    ids::parse(raw).ok_or_else(|| JellyfinError::not_found(what))
}

/// `POST`/`DELETE /UserFavoriteItems/{id}[?userId=]`.
pub async fn favourite(
    State(app): State<Identity>,
    State(server): State<JellyfinServer>,
    caller: Caller,
    method: Method,
    Path(id): Path<String>,
    RawQuery(query): RawQuery,
) -> Result<Json<Value>, JellyfinError> {
    let caller = caller.as_user(ItemQuery::from_query(query.as_deref())?.user)?;
    mark(&app, &server, caller, parsed(&id, "That item")?, Mark::Favourite, setting(&method)).await
}

/// `POST`/`DELETE /Users/{userId}/FavoriteItems/{id}`.
pub async fn user_favourite(
    State(app): State<Identity>,
    State(server): State<JellyfinServer>,
    caller: Caller,
    method: Method,
    Path((user, id)): Path<(String, String)>,
) -> Result<Json<Value>, JellyfinError> {
    let caller = caller.as_user(Some(parsed(&user, "That user")?))?;
    mark(&app, &server, caller, parsed(&id, "That item")?, Mark::Favourite, setting(&method)).await
}

/// `POST`/`DELETE /UserPlayedItems/{id}[?userId=]`.
pub async fn played(
    State(app): State<Identity>,
    State(server): State<JellyfinServer>,
    caller: Caller,
    method: Method,
    Path(id): Path<String>,
    RawQuery(query): RawQuery,
) -> Result<Json<Value>, JellyfinError> {
    let caller = caller.as_user(ItemQuery::from_query(query.as_deref())?.user)?;
    mark(&app, &server, caller, parsed(&id, "That item")?, Mark::Played, setting(&method)).await
}

/// `POST`/`DELETE /Users/{userId}/PlayedItems/{id}`.
pub async fn user_played(
    State(app): State<Identity>,
    State(server): State<JellyfinServer>,
    caller: Caller,
    method: Method,
    Path((user, id)): Path<(String, String)>,
) -> Result<Json<Value>, JellyfinError> {
    let caller = caller.as_user(Some(parsed(&user, "That user")?))?;
    mark(&app, &server, caller, parsed(&id, "That item")?, Mark::Played, setting(&method)).await
}

async fn mark(
    app: &Identity,
    server: &JellyfinServer,
    caller: &Caller,
    id: Uuid,
    which: Mark,
    on: bool,
) -> Result<Json<Value>, JellyfinError> {
    let item = library::resolve(app, caller, id).await?.ok_or_else(|| JellyfinError::not_found("That item"))?;
    let catalog = app.store.catalog();
    let now = crate::clock::now();
    match which {
        Mark::Favourite => {
            let title = match &item {
                Item::Title { summary, .. } => summary.id,
                Item::Season { show, .. } | Item::Episode { show, .. } => show.id,
                Item::View(_) => return Err(JellyfinError::bad_request("A library folder cannot be a favourite.")),
            };
            catalog.set_in_my_list(caller.profile.id, title, on, now).await?;
        }
        Mark::Played => {
            let files = match &item {
                Item::Episode { media, .. } => vec![(**media).clone()],
                Item::Title { summary, .. } => catalog.title_media(summary.id).await?,
                Item::Season { show, number, .. } => {
                    let all = catalog.title_media(show.id).await?;
                    all.into_iter().filter(|media| media.season.unwrap_or(0) == *number).collect()
                }
                Item::View(_) => return Err(JellyfinError::bad_request("A library folder cannot be marked played.")),
            };
            for media in files.iter().filter(|media| !media.missing) {
                let position = if on { media.duration_seconds.unwrap_or(0.0) } else { 0.0 };
                catalog.save_progress(caller.profile.id, media.id, position, on, now).await?;
            }
        }
    }
    let context = library::context(app, caller, server.signing(app).await?).await?;
    Ok(Json(item_json::item(&item, &context)["UserData"].clone()))
}
