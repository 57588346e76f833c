//! Browsing: `/UserViews`, `/Items` (and their `/Users/{userId}/…` forms), one item, the latest
//! additions, a show's seasons and episodes.

use std::collections::HashSet;

use axum::Json;
use axum::extract::{Path, RawQuery, State};
use serde_json::Value;
use uuid::Uuid;

use super::caller::Caller;
use super::error::JellyfinError;
use super::item_json::{self, Context, Item};
use super::item_query::{ItemQuery, SortKey};
use super::server::JellyfinServer;
use super::{ids, library};
use crate::auth::Identity;
use crate::catalog::search;

fn user_id(raw: &str) -> Result<Uuid, JellyfinError> {
    ids::parse(raw).ok_or_else(|| JellyfinError::not_found("That user"))
}

fn item_id(raw: &str) -> Result<Uuid, JellyfinError> {
    ids::parse(raw).ok_or_else(|| JellyfinError::not_found("That item"))
}

/// `GET /UserViews[?userId=]`: the library folders, as an app's home screen lists them.
pub async fn views(
    State(app): State<Identity>,
    State(server): State<JellyfinServer>,
    caller: Caller,
    RawQuery(query): RawQuery,
) -> Result<Json<Value>, JellyfinError> {
    let query = ItemQuery::from_query(query.as_deref())?;
    let caller = caller.as_user(query.user)?;
    let found = library::views(&app).await?;
    answer_page(&app, &server, caller, found, &query).await
}

/// `GET /Users/{userId}/Views`.
pub async fn user_views(
    State(app): State<Identity>,
    State(server): State<JellyfinServer>,
    caller: Caller,
    Path(user): Path<String>,
    RawQuery(query): RawQuery,
) -> Result<Json<Value>, JellyfinError> {
    let query = ItemQuery::from_query(query.as_deref())?;
    let caller = caller.as_user(Some(user_id(&user)?))?;
    let found = library::views(&app).await?;
    answer_page(&app, &server, caller, found, &query).await
}

/// `GET /Items`: a folder's contents, a search, a filtered list (see [`ItemQuery`]).
pub async fn list(
    State(app): State<Identity>,
    State(server): State<JellyfinServer>,
    caller: Caller,
    RawQuery(query): RawQuery,
) -> Result<Json<Value>, JellyfinError> {
    let query = ItemQuery::from_query(query.as_deref())?;
    let caller = caller.as_user(query.user)?;
    let found = find(&app, caller, &query).await?;
    answer_page(&app, &server, caller, found, &query).await
}

/// `GET /Users/{userId}/Items`.
pub async fn user_list(
    State(app): State<Identity>,
    State(server): State<JellyfinServer>,
    caller: Caller,
    Path(user): Path<String>,
    RawQuery(query): RawQuery,
) -> Result<Json<Value>, JellyfinError> {
    let query = ItemQuery::from_query(query.as_deref())?;
    let caller = caller.as_user(Some(user_id(&user)?))?;
    let found = find(&app, caller, &query).await?;
    answer_page(&app, &server, caller, found, &query).await
}

/// `GET /UserItems/Resume`: Continue Watching, most recent first.
pub async fn resume(
    State(app): State<Identity>,
    State(server): State<JellyfinServer>,
    caller: Caller,
    RawQuery(query): RawQuery,
) -> Result<Json<Value>, JellyfinError> {
    let mut query = ItemQuery::from_query(query.as_deref())?;
    query.resumable_only = true;
    let caller = caller.as_user(query.user)?;
    let found = library::resumable(&app, caller).await?;
    answer_page(&app, &server, caller, found, &query).await
}

/// `GET /Shows/NextUp` (`UserId`, `SeriesId`, `StartIndex`, `Limit`): the episode to watch next of
/// each show the profile is following, most recently watched first.
pub async fn next_up(
    State(app): State<Identity>,
    State(server): State<JellyfinServer>,
    caller: Caller,
    RawQuery(query): RawQuery,
) -> Result<Json<Value>, JellyfinError> {
    let mut query = ItemQuery::from_query(query.as_deref())?;
    let caller = caller.as_user(query.user)?;
    let found = library::next_up(&app, caller, query.series_id).await?;
    // Already in watching order; nothing else narrows it.
    query.sort = None;
    query.parent = None;
    answer_page(&app, &server, caller, found, &query).await
}

/// `GET /Users/{userId}/Items/Resume`.
pub async fn user_resume(
    State(app): State<Identity>,
    State(server): State<JellyfinServer>,
    caller: Caller,
    Path(user): Path<String>,
    RawQuery(query): RawQuery,
) -> Result<Json<Value>, JellyfinError> {
    let mut query = ItemQuery::from_query(query.as_deref())?;
    query.resumable_only = true;
    let caller = caller.as_user(Some(user_id(&user)?))?;
    let found = library::resumable(&app, caller).await?;
    answer_page(&app, &server, caller, found, &query).await
}

/// The items a list query names, before filters, sorting and paging.
async fn find(app: &Identity, caller: &Caller, query: &ItemQuery) -> Result<Vec<Item>, JellyfinError> {
    if !query.ids.is_empty() {
        let mut found = Vec::new();
        for id in &query.ids {
            found.extend(library::resolve(app, caller, *id).await?);
        }
        return Ok(found);
    }
    if query.resumable_only {
        return library::resumable(app, caller).await;
    }
    if let Some(parent) = query.parent {
        let parent =
            library::resolve(app, caller, parent).await?.ok_or_else(|| JellyfinError::not_found("That folder"))?;
        return library::children(app, caller, &parent, query.recursive).await;
    }
    let asks_for_titles =
        query.recursive || query.search.is_some() || query.favourites_only || !query.include.is_empty();
    if !asks_for_titles {
        return library::views(app).await;
    }
    let mut found = library::titles(app, caller, None).await?;
    if query.names_episodes() {
        let episodes = library::all_episodes(app, &found).await?;
        found.extend(episodes);
    }
    Ok(found)
}

/// Filters, sorts and pages `found`, and answers `{Items, TotalRecordCount, StartIndex}`.
async fn answer_page(
    app: &Identity,
    server: &JellyfinServer,
    caller: &Caller,
    found: Vec<Item>,
    query: &ItemQuery,
) -> Result<Json<Value>, JellyfinError> {
    let context = library::context(app, caller, server.signing(app).await?).await?;
    let matching = match &query.search {
        Some(term) => Some(search_matches(app, caller, term).await?),
        None => None,
    };
    let mut kept: Vec<Item> = found
        .into_iter()
        .filter(|item| query.wants(&item.kind().to_lowercase()))
        .filter(|item| keeps(item, query, &context, matching.as_ref()))
        .collect();
    sort(&mut kept, query, &context);
    let total = kept.len();
    let shown = kept.iter().skip(query.start).take(query.limit.unwrap_or(super::item_query::MAX_LIMIT));
    let items = shown.map(|item| item_json::item(item, &context)).collect();
    Ok(Json(item_json::page(items, total, query.start)))
}

/// The titles a search term finds, and the term folded for matching episode names.
struct Matches {
    titles: HashSet<Uuid>,
    folded: String,
}

async fn search_matches(app: &Identity, caller: &Caller, term: &str) -> Result<Matches, JellyfinError> {
    let titles = search::find(app.store.catalog().as_ref(), term, caller.level()).await?;
    Ok(Matches { titles: titles.into_iter().map(|t| t.id).collect(), folded: term.to_lowercase() })
}

fn keeps(item: &Item, query: &ItemQuery, context: &Context, matching: Option<&Matches>) -> bool {
    if let Some(matches) = matching {
        let found = match item {
            Item::Title { summary, .. } => matches.titles.contains(&summary.id),
            Item::Episode { .. } => item.name().to_lowercase().contains(&matches.folded),
            _ => false,
        };
        if !found {
            return false;
        }
    }
    if query.favourites_only && !matches!(item, Item::Title { summary, .. } if context.favourites.contains(&summary.id))
    {
        return false;
    }
    if let Some(season) = query.season_number
        && matches!(item, Item::Episode { media, .. } if media.season.unwrap_or(1) != season)
    {
        return false;
    }
    if let Some(played) = query.played {
        let watched = context.progress_of(item).is_some_and(|p| p.watched);
        if watched != played {
            return false;
        }
    }
    true
}

fn sort(items: &mut [Item], query: &ItemQuery, context: &Context) {
    let key = query.sort.unwrap_or(if query.resumable_only { SortKey::DatePlayed } else { SortKey::Natural });
    match key {
        // As found: folders, titles in name order, seasons and episodes in their order.
        SortKey::Natural => {}
        SortKey::Name => items.sort_by_key(Item::sort_name),
        SortKey::DateCreated => items.sort_by_key(|item| item.title().map(|t| t.added_at)),
        SortKey::Year => items.sort_by_key(|item| item.title().and_then(|t| t.year)),
        SortKey::DatePlayed => items.sort_by_key(|item| context.progress_of(item).map(|p| p.at)),
    }
    let newest_first = matches!(key, SortKey::DatePlayed) && query.sort.is_none();
    if query.descending != newest_first {
        items.reverse();
    }
}

/// `GET /Items/{id}`.
pub async fn one(
    State(app): State<Identity>,
    State(server): State<JellyfinServer>,
    caller: Caller,
    Path(id): Path<String>,
    RawQuery(query): RawQuery,
) -> Result<Json<Value>, JellyfinError> {
    let query = ItemQuery::from_query(query.as_deref())?;
    let caller = caller.as_user(query.user)?;
    answer_one(&app, &server, caller, item_id(&id)?).await
}

/// `GET /Users/{userId}/Items/{id}`.
pub async fn user_one(
    State(app): State<Identity>,
    State(server): State<JellyfinServer>,
    caller: Caller,
    Path((user, id)): Path<(String, String)>,
) -> Result<Json<Value>, JellyfinError> {
    let caller = caller.as_user(Some(user_id(&user)?))?;
    answer_one(&app, &server, caller, item_id(&id)?).await
}

async fn answer_one(
    app: &Identity,
    server: &JellyfinServer,
    caller: &Caller,
    id: Uuid,
) -> Result<Json<Value>, JellyfinError> {
    let item = library::resolve(app, caller, id).await?.ok_or_else(|| JellyfinError::not_found("That item"))?;
    let context = library::context(app, caller, server.signing(app).await?).await?;
    let mut json = item_json::item(&item, &context);
    if let Item::Title { summary, .. } = &item
        && summary.kind == "show"
    {
        json["ChildCount"] = Value::from(library::seasons(summary, &library::episodes(app, summary).await?).len());
    }
    Ok(Json(json))
}

/// `GET /Items/Latest[?ParentId=&IncludeItemTypes=&Limit=]`: the newest titles, as a plain array.
pub async fn latest(
    State(app): State<Identity>,
    State(server): State<JellyfinServer>,
    caller: Caller,
    RawQuery(query): RawQuery,
) -> Result<Json<Value>, JellyfinError> {
    let query = ItemQuery::from_query(query.as_deref())?;
    let caller = caller.as_user(query.user)?;
    answer_latest(&app, &server, caller, &query).await
}

/// `GET /Users/{userId}/Items/Latest`.
pub async fn user_latest(
    State(app): State<Identity>,
    State(server): State<JellyfinServer>,
    caller: Caller,
    Path(user): Path<String>,
    RawQuery(query): RawQuery,
) -> Result<Json<Value>, JellyfinError> {
    let query = ItemQuery::from_query(query.as_deref())?;
    let caller = caller.as_user(Some(user_id(&user)?))?;
    answer_latest(&app, &server, caller, &query).await
}

async fn answer_latest(
    app: &Identity,
    server: &JellyfinServer,
    caller: &Caller,
    query: &ItemQuery,
) -> Result<Json<Value>, JellyfinError> {
    let limit = query.limit.unwrap_or(20);
    let kind = match query.parent {
        None => None,
        Some(parent) => Some(ids::view_kind(parent).ok_or_else(|| JellyfinError::not_found("That folder"))?),
    };
    let newest = app.store.catalog().recently_added(caller.level(), 1000).await?;
    let found: Vec<Item> = newest
        .into_iter()
        .filter(|t| kind.is_none_or(|kind| t.kind == kind.title_kind()))
        .map(|summary| Item::Title { summary, runtime_seconds: None })
        .filter(|item| query.wants(&item.kind().to_lowercase()) || query.names_episodes() && item.kind() == "Series")
        .take(limit)
        .collect();
    let context = library::context(app, caller, server.signing(app).await?).await?;
    Ok(Json(Value::Array(found.iter().map(|item| item_json::item(item, &context)).collect())))
}

/// `GET /Shows/{id}/Seasons`.
pub async fn seasons(
    State(app): State<Identity>,
    State(server): State<JellyfinServer>,
    caller: Caller,
    Path(id): Path<String>,
    RawQuery(query): RawQuery,
) -> Result<Json<Value>, JellyfinError> {
    let query = ItemQuery::from_query(query.as_deref())?;
    let caller = caller.as_user(query.user)?;
    let show = show(&app, caller, &id).await?;
    let all = library::episodes(&app, &show).await?;
    answer_page(&app, &server, caller, library::seasons(&show, &all), &query).await
}

/// `GET /Shows/{id}/Episodes[?SeasonId=|Season=]`.
pub async fn episodes(
    State(app): State<Identity>,
    State(server): State<JellyfinServer>,
    caller: Caller,
    Path(id): Path<String>,
    RawQuery(query): RawQuery,
) -> Result<Json<Value>, JellyfinError> {
    let mut query = ItemQuery::from_query(query.as_deref())?;
    let caller = caller.as_user(query.user)?;
    let show = show(&app, caller, &id).await?;
    if let Some(season) = query.season_id {
        let key = ids::season_of(season).filter(|key| key.belongs_to(show.id));
        let key = key.ok_or_else(|| JellyfinError::not_found("That season"))?;
        query.season_number = Some(key.number);
    }
    let all = library::episodes(&app, &show).await?;
    answer_page(&app, &server, caller, all, &query).await
}

async fn show(app: &Identity, caller: &Caller, id: &str) -> Result<crate::store::catalog::TitleSummary, JellyfinError> {
    let id = item_id(id)?;
    match app.store.catalog().title(id, caller.level()).await? {
        Some(detail) if detail.summary.kind == "show" => Ok(detail.summary),
        _ => Err(JellyfinError::not_found("That show")),
    }
}
