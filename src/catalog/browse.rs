//! A profile's homepage (`/browse`): a hero banner and rows of titles, all within its maturity level.

use askama::Template;
use axum::extract::State;
use axum::response::Html;
use uuid::Uuid;

use super::cards::{Card, Row, html_key};
use crate::auth::Identity;
use crate::domain::media::LibraryKind;
use crate::error::AppError;
use crate::i18n::{Tr, key};
use crate::store::catalog::{Catalog, TitleQuery, TitleSummary};
use crate::web::{Chrome, Viewer, WebError, render};

/// Cards per row: enough to scroll through, few enough to load at once.
const ROW_LENGTH: i64 = 24;
/// Genre rows after the fixed ones, the most used genres first.
const GENRE_ROWS: usize = 8;

/// The title the banner at the top shows.
pub struct Hero {
    pub id: String,
    pub name: String,
    pub plot: String,
    pub backdrop_url: String,
    pub media_id: String,
    pub meta: String,
}

#[derive(Template)]
#[template(path = "catalog/browse.html")]
struct BrowsePage {
    chrome: Chrome,
    profile_name: String,
    kids: bool,
    hero: Option<Hero>,
    rows: Vec<Row>,
    library_empty: bool,
    /// The account plays muted previews of titles a person rests on.
    previews: bool,
}

/// `GET /browse`: the chosen profile's homepage.
pub async fn home(State(app): State<Identity>, viewer: Viewer) -> Result<Html<String>, WebError> {
    let catalog = app.store.catalog();
    let recent = catalog.recently_added(viewer.profile.maturity, ROW_LENGTH).await.map_err(AppError::from)?;
    let (tr, profile, level) = (viewer.chrome.tr, viewer.profile.id, viewer.profile.maturity);
    let rows = rows(tr, catalog.as_ref(), profile, level, &recent).await.map_err(AppError::from)?;
    let library_empty = rows.iter().all(|row| row.cards.is_empty());
    render(&BrowsePage {
        chrome: viewer.chrome,
        profile_name: viewer.profile.name,
        kids: viewer.profile.is_kids,
        hero: hero(&recent),
        rows: rows.into_iter().filter(|row| !row.cards.is_empty()).collect(),
        library_empty,
        previews: viewer.session.current.account.autoplay_previews,
    })
}

/// The newest title with a backdrop that can be played, or else the newest one.
fn hero(recent: &[TitleSummary]) -> Option<Hero> {
    let chosen = recent
        .iter()
        .find(|t| t.available && t.has_backdrop && t.plot.is_some())
        .or_else(|| recent.iter().find(|t| t.available))?;
    let mut meta: Vec<String> = Vec::new();
    meta.extend(chosen.year.map(|y| y.to_string()));
    meta.extend(chosen.certification.clone());
    meta.extend(chosen.genres().into_iter().take(3));
    Some(Hero {
        id: chosen.id.to_string(),
        name: chosen.name.clone(),
        plot: chosen.plot.clone().unwrap_or_default(),
        backdrop_url: format!("/art/{}/backdrop", chosen.id),
        media_id: chosen.media_id.map(|id| id.to_string()).unwrap_or_default(),
        meta: meta.join(" · "),
    })
}

/// Continue Watching, My List, Recently Added, one row per kind, then the most used genres.
async fn rows(
    tr: Tr,
    catalog: &dyn Catalog,
    profile_id: Uuid,
    level: i64,
    recent: &[TitleSummary],
) -> Result<Vec<Row>, crate::store::StoreError> {
    let mut rows = Vec::new();
    let resume = continue_watching(tr, catalog, profile_id, level).await?;
    rows.push(Row::new("continue", tr.t("row-continue"), resume));
    let my_list = cards(&catalog.my_list(profile_id, level, ROW_LENGTH).await?);
    rows.push(Row::new("my-list", tr.t("row-my-list"), my_list));
    rows.push(Row::new("recent", tr.t("row-recent"), cards(recent)));
    for (kind, heading) in [
        (LibraryKind::Movies, key("row-movies")),
        (LibraryKind::Shows, key("row-shows")),
        (LibraryKind::Documentaries, key("row-documentaries")),
    ] {
        let query = TitleQuery {
            kind: Some(kind.title_kind().to_string()),
            max_maturity: level,
            limit: ROW_LENGTH,
            ..TitleQuery::default()
        };
        rows.push(Row::new(kind.as_str(), tr.t(heading), cards(&catalog.list_titles(&query).await?)));
    }
    for (genre, _) in catalog.genres(level).await?.into_iter().take(GENRE_ROWS) {
        let query =
            TitleQuery { genre: Some(genre.clone()), max_maturity: level, limit: ROW_LENGTH, ..TitleQuery::default() };
        let titles = catalog.list_titles(&query).await?;
        rows.push(Row::new(format!("genre-{}", html_key(&genre)), genre, cards(&titles)));
    }
    Ok(rows)
}

/// The latest place in each title: an unfinished file to resume, or the episode after a finished one.
async fn continue_watching(
    tr: Tr,
    catalog: &dyn Catalog,
    profile_id: Uuid,
    level: i64,
) -> Result<Vec<Card>, crate::store::StoreError> {
    let mut seen = std::collections::HashSet::new();
    let mut cards = Vec::new();
    for point in catalog.continue_watching(profile_id, level, ROW_LENGTH * 2).await? {
        if !seen.insert(point.title.id) || cards.len() >= ROW_LENGTH as usize {
            continue;
        }
        if !point.watched {
            cards.push(Card::from_resume_point(&point));
            continue;
        }
        let episodes = catalog.title_media(point.title.id).await?;
        if let Some(next) = super::next_up::next_after(&episodes, point.resume_media_id) {
            cards.push(Card::up_next(tr, &point.title, next));
        }
    }
    Ok(cards)
}

fn cards(titles: &[TitleSummary]) -> Vec<Card> {
    titles.iter().map(Card::from_summary).collect()
}
