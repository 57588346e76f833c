//! Finding items for a profile: its library folders, titles, a show's seasons and episodes, and one
//! item by id, always within the profile's maturity level (a title above it does not exist here).

use std::collections::{BTreeMap, HashMap, HashSet};

use uuid::Uuid;

use super::caller::Caller;
use super::error::JellyfinError;
use super::ids;
use super::item_json::{Context, Item, Progress};
use super::picture_tags::PictureTags;
use crate::auth::Identity;
use crate::domain::media::LibraryKind;
use crate::store::catalog::{TitleQuery, TitleSummary};

/// Far more titles than a household has: lists are read whole and then filtered and paged.
const ALL_TITLES: i64 = 100_000;
/// How much of Continue Watching and My List the JSON looks at.
const ROWS: i64 = 1000;

/// The library folders there are, in a steady order.
pub async fn views(app: &Identity) -> Result<Vec<Item>, JellyfinError> {
    let libraries = app.store.catalog().libraries().await?;
    let present: HashSet<String> = libraries.into_iter().map(|library| library.kind).collect();
    Ok(LibraryKind::ALL.into_iter().filter(|kind| present.contains(kind.as_str())).map(Item::View).collect())
}

/// Every title the profile may see, of one kind or all.
pub async fn titles(app: &Identity, caller: &Caller, kind: Option<LibraryKind>) -> Result<Vec<Item>, JellyfinError> {
    let query = TitleQuery {
        kind: kind.map(|k| k.title_kind().to_string()),
        genre: None,
        max_maturity: caller.level(),
        after: None,
        limit: ALL_TITLES,
    };
    let found = app.store.catalog().list_titles(&query).await?;
    Ok(found.into_iter().map(|summary| Item::Title { summary, runtime_seconds: None }).collect())
}

/// A show's present episodes, in season and episode order.
pub async fn episodes(app: &Identity, show: &TitleSummary) -> Result<Vec<Item>, JellyfinError> {
    let media = app.store.catalog().title_media(show.id).await?;
    Ok(media
        .into_iter()
        .filter(|file| !file.missing)
        .map(|media| Item::Episode { show: show.clone(), media: Box::new(media) })
        .collect())
}

/// A show's seasons, from its episodes.
pub fn seasons(show: &TitleSummary, episodes: &[Item]) -> Vec<Item> {
    let mut counts: BTreeMap<i64, usize> = BTreeMap::new();
    for episode in episodes {
        if let Item::Episode { media, .. } = episode {
            *counts.entry(media.season.unwrap_or(1)).or_default() += 1;
        }
    }
    counts.into_iter().map(|(number, episodes)| Item::Season { show: show.clone(), number, episodes }).collect()
}

/// The show (within the profile's level) that a season id belongs to, and its number.
async fn season(app: &Identity, caller: &Caller, id: Uuid) -> Result<Option<(TitleSummary, i64)>, JellyfinError> {
    let Some(key) = ids::season_of(id) else { return Ok(None) };
    for show in titles(app, caller, Some(LibraryKind::Shows)).await? {
        if let Item::Title { summary, .. } = show
            && summary.kind == "show"
            && key.belongs_to(summary.id)
        {
            return Ok(Some((summary, key.number)));
        }
    }
    Ok(None)
}

/// The item an id names for this profile, or `None`.
pub async fn resolve(app: &Identity, caller: &Caller, id: Uuid) -> Result<Option<Item>, JellyfinError> {
    if let Some(kind) = ids::view_kind(id) {
        return Ok(views(app).await?.into_iter().find(|view| matches!(view, Item::View(k) if *k == kind)));
    }
    let catalog = app.store.catalog();
    if let Some(detail) = catalog.title(id, caller.level()).await? {
        return Ok(Some(Item::Title { summary: detail.summary, runtime_seconds: detail.runtime_seconds }));
    }
    if let Some(media) = catalog.media(id, caller.level()).await? {
        let Some(title) = catalog.title(media.title_id, caller.level()).await? else { return Ok(None) };
        return Ok(Some(if title.summary.kind == "show" {
            Item::Episode { show: title.summary, media: Box::new(media) }
        } else {
            Item::Title { summary: title.summary, runtime_seconds: title.runtime_seconds }
        }));
    }
    if let Some((show, number)) = season(app, caller, id).await? {
        let all = episodes(app, &show).await?;
        return Ok(seasons(&show, &all)
            .into_iter()
            .find(|s| matches!(s, Item::Season { number: n, .. } if *n == number)));
    }
    Ok(None)
}

/// What is inside an item: a folder's titles, a show's seasons (or, `recursive`, its episodes), a
/// season's episodes. A movie holds nothing.
pub async fn children(
    app: &Identity,
    caller: &Caller,
    parent: &Item,
    recursive: bool,
) -> Result<Vec<Item>, JellyfinError> {
    Ok(match parent {
        Item::View(kind) => {
            let mut found = titles(app, caller, Some(*kind)).await?;
            if recursive && *kind == LibraryKind::Shows {
                found.extend(all_episodes(app, &found).await?);
            }
            found
        }
        Item::Title { summary, .. } if summary.kind == "show" => {
            let all = episodes(app, summary).await?;
            if recursive {
                let mut found = seasons(summary, &all);
                found.extend(all);
                found
            } else {
                seasons(summary, &all)
            }
        }
        Item::Season { show, number, .. } => episodes(app, show)
            .await?
            .into_iter()
            .filter(|e| matches!(e, Item::Episode { media, .. } if media.season.unwrap_or(1) == *number))
            .collect(),
        Item::Title { .. } | Item::Episode { .. } => Vec::new(),
    })
}

/// The episodes of every show among `titles`.
pub async fn all_episodes(app: &Identity, titles: &[Item]) -> Result<Vec<Item>, JellyfinError> {
    let mut found = Vec::new();
    for title in titles {
        if let Item::Title { summary, .. } = title
            && summary.kind == "show"
        {
            found.extend(episodes(app, summary).await?);
        }
    }
    Ok(found)
}

/// Where the profile is in what it started (Continue Watching), as items: the file to resume, most
/// recent first.
pub async fn resumable(app: &Identity, caller: &Caller) -> Result<Vec<Item>, JellyfinError> {
    let catalog = app.store.catalog();
    let points = catalog.continue_watching(caller.profile.id, caller.level(), ROWS).await?;
    let mut found = Vec::new();
    for point in points.into_iter().filter(|p| !p.watched && p.position_seconds > 0.0) {
        if point.title.kind == "show" {
            if let Some(media) = catalog.media(point.resume_media_id, caller.level()).await? {
                found.push(Item::Episode { show: point.title, media: Box::new(media) });
            }
        } else {
            found.push(Item::Title { summary: point.title, runtime_seconds: None });
        }
    }
    Ok(found)
}

/// Next up: for each show the profile finished an episode of last, the episode after it, most
/// recently watched show first (a show whose latest episode is under way is in `resumable` instead).
/// `series` keeps one show only.
pub async fn next_up(app: &Identity, caller: &Caller, series: Option<Uuid>) -> Result<Vec<Item>, JellyfinError> {
    let catalog = app.store.catalog();
    let points = catalog.continue_watching(caller.profile.id, caller.level(), ROWS).await?;
    let mut seen: HashSet<Uuid> = HashSet::new();
    let mut found = Vec::new();
    for point in points {
        let show = point.title;
        if show.kind != "show" || series.is_some_and(|wanted| wanted != show.id) || !seen.insert(show.id) {
            continue;
        }
        if !point.watched {
            continue;
        }
        // The show came within the profile's level, and its episodes share its level.
        let media = catalog.title_media(show.id).await?;
        let Some(next) = crate::catalog::next_up::next_after(&media, point.resume_media_id) else { continue };
        found.push(Item::Episode { media: Box::new(next.clone()), show });
    }
    Ok(found)
}

/// The profile's My List and its progress in every file, for the JSON of items: a finished film in a
/// list says `Played` as it does on its own.
pub async fn context(
    app: &Identity,
    caller: &Caller,
    (server_id, tags): (Uuid, PictureTags),
) -> Result<Context, JellyfinError> {
    let catalog = app.store.catalog();
    let favourites =
        catalog.my_list(caller.profile.id, caller.level(), ROWS).await?.into_iter().map(|t| t.id).collect();
    let progress: HashMap<Uuid, Progress> = catalog
        .profile_progress(caller.profile.id)
        .await?
        .into_iter()
        .map(|record| {
            let at = record.updated_at;
            (record.media_id, Progress { position_seconds: record.position_seconds, watched: record.watched, at })
        })
        .collect();
    Ok(Context { server_id, tags, favourites, progress })
}

/// The file that plays for an item: an episode's own, or a title's (`source`, when the app chose one
/// of its versions, else its first; apps often send the item's own id as its source).
pub async fn playable(
    app: &Identity,
    caller: &Caller,
    item_id: Uuid,
    source: Option<Uuid>,
) -> Result<Uuid, JellyfinError> {
    let item = resolve(app, caller, item_id).await?.ok_or_else(|| JellyfinError::not_found("That item"))?;
    let source = source.filter(|source| *source != item_id);
    match (&item, source) {
        (Item::Episode { media, .. }, _) => Ok(media.id),
        (Item::Title { summary, .. }, Some(source)) if summary.kind != "show" => {
            let versions = app.store.catalog().title_media(summary.id).await?;
            let chosen = versions.iter().find(|m| m.id == source && !m.missing);
            chosen.map(|m| m.id).ok_or_else(|| JellyfinError::not_found("That media source"))
        }
        _ => item.playable_media().ok_or_else(|| JellyfinError::bad_request("That item does not play.")),
    }
}
