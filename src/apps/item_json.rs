//! `BaseItemDto`: how a library folder, a title, a season or an episode looks to a Jellyfin app.

use std::collections::{HashMap, HashSet};

use serde_json::{Map, Value, json};
use uuid::Uuid;

use super::ids;
use super::picture_tags::PictureTags;
use super::users_json::when;
use crate::domain::media::LibraryKind;
use crate::store::catalog::{MediaRecord, TitleSummary};

/// Jellyfin counts time in ticks of 100 ns.
pub const TICKS_PER_SECOND: f64 = 10_000_000.0;

pub fn ticks(seconds: f64) -> i64 {
    (seconds * TICKS_PER_SECOND).round() as i64
}

/// One thing an app can show.
#[derive(Debug, Clone)]
pub enum Item {
    /// A library folder: every title of one kind.
    View(LibraryKind),
    /// A movie or documentary (played as it is) or a show (a folder of seasons).
    Title {
        summary: TitleSummary,
        runtime_seconds: Option<i64>,
    },
    Season {
        show: TitleSummary,
        number: i64,
        episodes: usize,
    },
    Episode {
        show: TitleSummary,
        media: Box<MediaRecord>,
    },
}

impl Item {
    pub fn id(&self) -> Uuid {
        match self {
            Self::View(kind) => ids::view_id(*kind),
            Self::Title { summary, .. } => summary.id,
            Self::Season { show, number, .. } => ids::season_id(show.id, *number),
            Self::Episode { media, .. } => media.id,
        }
    }

    /// Jellyfin's `Type`.
    pub fn kind(&self) -> &'static str {
        match self {
            Self::View(_) => "CollectionFolder",
            Self::Title { summary, .. } if summary.kind == "show" => "Series",
            Self::Title { .. } => "Movie",
            Self::Season { .. } => "Season",
            Self::Episode { .. } => "Episode",
        }
    }

    pub fn name(&self) -> String {
        match self {
            Self::View(kind) => view_name(*kind).to_string(),
            Self::Title { summary, .. } => summary.name.clone(),
            Self::Season { number, .. } => season_name(*number),
            Self::Episode { media, .. } => {
                media.name.clone().unwrap_or_else(|| format!("Episode {}", media.episode.unwrap_or(0)))
            }
        }
    }

    /// What sorting by name uses.
    pub fn sort_name(&self) -> String {
        match self {
            Self::Title { summary, .. } => summary.sort_name.clone(),
            Self::Season { number, .. } => format!("{number:05}"),
            Self::Episode { media, .. } => {
                format!("{:05}{:05}", media.season.unwrap_or(0), media.episode.unwrap_or(0))
            }
            Self::View(_) => self.name().to_lowercase(),
        }
    }

    /// The title it belongs to (itself for a title), for maturity and My List.
    pub fn title(&self) -> Option<&TitleSummary> {
        match self {
            Self::View(_) => None,
            Self::Title { summary, .. } => Some(summary),
            Self::Season { show, .. } | Self::Episode { show, .. } => Some(show),
        }
    }

    /// The file that plays when this item is played, if it plays.
    pub fn playable_media(&self) -> Option<Uuid> {
        match self {
            Self::Title { summary, .. } => summary.media_id,
            Self::Episode { media, .. } => Some(media.id),
            _ => None,
        }
    }
}

pub fn view_name(kind: LibraryKind) -> &'static str {
    match kind {
        LibraryKind::Movies => "Movies",
        LibraryKind::Shows => "Shows",
        LibraryKind::Documentaries => "Documentaries",
    }
}

fn season_name(number: i64) -> String {
    if number == 0 { "Specials".into() } else { format!("Season {number}") }
}

/// How far the profile got in a file.
#[derive(Debug, Clone, Copy)]
pub struct Progress {
    pub position_seconds: f64,
    pub watched: bool,
    pub at: time::OffsetDateTime,
}

/// What the JSON of a list needs besides the items: the server's id, the profile's My List and its
/// progress in files.
pub struct Context {
    pub server_id: Uuid,
    /// Signs each item's picture tags (see `picture_tags`).
    pub tags: PictureTags,
    pub favourites: HashSet<Uuid>,
    pub progress: HashMap<Uuid, Progress>,
}

impl Context {
    pub fn progress_of(&self, item: &Item) -> Option<Progress> {
        item.playable_media().and_then(|media| self.progress.get(&media).copied())
    }
}

/// The `BaseItemDto` of one item.
pub fn item(item: &Item, context: &Context) -> Value {
    let id = item.id();
    let mut out = Map::new();
    let mut put = |key: &str, value: Value| {
        out.insert(key.to_string(), value);
    };
    put("Name", json!(item.name()));
    put("ServerId", json!(ids::text(context.server_id)));
    put("Id", json!(ids::text(id)));
    put("Type", json!(item.kind()));
    put("SortName", json!(item.sort_name()));
    put("LocationType", json!("FileSystem"));
    put("CanDelete", json!(false));
    put("CanDownload", json!(false));
    let progress = context.progress_of(item);
    // My List holds titles: a season or an episode is a favourite with its show.
    let favourite = item.title().is_some_and(|t| context.favourites.contains(&t.id));
    let position = progress.filter(|p| !p.watched).map_or(0, |p| ticks(p.position_seconds));
    let mut user_data = json!({
        "PlaybackPositionTicks": position,
        "PlayCount": i32::from(progress.is_some_and(|p| p.watched)),
        "IsFavorite": favourite,
        "Played": progress.is_some_and(|p| p.watched),
        "Key": ids::text(id),
        "ItemId": ids::text(id),
    });
    if let Some(at) = progress.map(|p| p.at) {
        user_data["LastPlayedDate"] = json!(when(at));
    }
    match item {
        Item::View(kind) => {
            put("IsFolder", json!(true));
            put("CollectionType", json!(if *kind == LibraryKind::Shows { "tvshows" } else { "movies" }));
            put("ImageTags", json!({}));
            put("BackdropImageTags", json!([]));
        }
        Item::Title { summary, runtime_seconds } => {
            let show = summary.kind == "show";
            put("IsFolder", json!(show));
            if !show {
                put("MediaType", json!("Video"));
                put("VideoType", json!("VideoFile"));
            }
            put("ParentId", json!(ids::text(ids::view_id(kind_of(summary)))));
            put("DateCreated", json!(when(summary.added_at)));
            if let Some(year) = summary.year {
                put("ProductionYear", json!(year));
                put("PremiereDate", json!(format!("{year:04}-01-01T00:00:00.0000000Z")));
            }
            if let Some(rating) = &summary.certification {
                put("OfficialRating", json!(rating));
            }
            if let Some(plot) = &summary.plot {
                put("Overview", json!(plot));
            }
            put("Genres", json!(summary.genres()));
            if let Some(seconds) = runtime_seconds {
                put("RunTimeTicks", json!(ticks(*seconds as f64)));
            }
            put("ImageTags", json!({ "Primary": context.tags.tag(id, "p") }));
            put("PrimaryImageAspectRatio", json!(2.0 / 3.0));
            let backdrops = if summary.has_backdrop { vec![context.tags.tag(id, "b")] } else { Vec::new() };
            put("BackdropImageTags", json!(backdrops));
            if show {
                put("Status", json!("Ended"));
            }
        }
        Item::Season { show, number, episodes } => {
            put("IsFolder", json!(true));
            put("IndexNumber", json!(number));
            put("SeriesId", json!(ids::text(show.id)));
            put("SeriesName", json!(show.name));
            put("ParentId", json!(ids::text(show.id)));
            put("ChildCount", json!(episodes));
            put("ImageTags", json!({ "Primary": context.tags.tag(show.id, "p") }));
            put("SeriesPrimaryImageTag", json!(context.tags.tag(show.id, "p")));
            put("BackdropImageTags", json!([]));
            if show.has_backdrop {
                put("ParentBackdropItemId", json!(ids::text(show.id)));
                put("ParentBackdropImageTags", json!([context.tags.tag(show.id, "b")]));
            }
        }
        Item::Episode { show, media } => {
            let season = media.season.unwrap_or(1);
            put("IsFolder", json!(false));
            put("MediaType", json!("Video"));
            put("VideoType", json!("VideoFile"));
            put("SeriesId", json!(ids::text(show.id)));
            put("SeriesName", json!(show.name));
            put("SeasonId", json!(ids::text(ids::season_id(show.id, season))));
            put("SeasonName", json!(season_name(season)));
            put("ParentId", json!(ids::text(ids::season_id(show.id, season))));
            put("ParentIndexNumber", json!(season));
            if let Some(episode) = media.episode {
                put("IndexNumber", json!(episode));
            }
            if let Some(end) = media.episode_end {
                put("IndexNumberEnd", json!(end));
            }
            if let Some(plot) = &media.plot {
                put("Overview", json!(plot));
            }
            if let Some(seconds) = media.duration_seconds {
                put("RunTimeTicks", json!(ticks(seconds)));
            }
            put("ImageTags", json!({ "Primary": context.tags.tag(id, "t") }));
            put("PrimaryImageAspectRatio", json!(16.0 / 9.0));
            put("SeriesPrimaryImageTag", json!(context.tags.tag(show.id, "p")));
            put("BackdropImageTags", json!([]));
            if show.has_backdrop {
                put("ParentBackdropItemId", json!(ids::text(show.id)));
                put("ParentBackdropImageTags", json!([context.tags.tag(show.id, "b")]));
            }
            if let Some(rating) = &show.certification {
                put("OfficialRating", json!(rating));
            }
        }
    }
    if let Some(progress) = progress
        && let Some(total) = runtime_of(item)
        && total > 0.0
        && !progress.watched
    {
        user_data["PlayedPercentage"] = json!((progress.position_seconds / total * 100.0).clamp(0.0, 100.0));
    }
    put("UserData", user_data);
    Value::Object(out)
}

fn runtime_of(item: &Item) -> Option<f64> {
    match item {
        Item::Title { runtime_seconds, .. } => runtime_seconds.map(|s| s as f64),
        Item::Episode { media, .. } => media.duration_seconds,
        _ => None,
    }
}

/// The library kind a title belongs to.
pub fn kind_of(summary: &TitleSummary) -> LibraryKind {
    LibraryKind::from_title_kind(&summary.kind).unwrap_or(LibraryKind::Movies)
}

/// Jellyfin's answer to a list: `{Items, TotalRecordCount, StartIndex}`.
pub fn page(items: Vec<Value>, total: usize, start: usize) -> Value {
    json!({ "Items": items, "TotalRecordCount": total, "StartIndex": start })
}
