//! The catalog in the API: lists with a cursor, a title with its seasons, search, and My List.

use std::collections::HashMap;

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::search;
use crate::auth::ApiViewer;
use crate::auth::Identity;
use crate::domain::media::LibraryKind;
use crate::error::AppError;
use crate::store::catalog::{TitleQuery, TitleSummary};

const DEFAULT_PAGE: i64 = 50;
const MAX_PAGE: i64 = 200;

/// A title as every list shows it.
#[derive(Serialize)]
pub struct Title {
    id: Uuid,
    kind: String,
    name: String,
    year: Option<i64>,
    rating: Option<String>,
    genres: Vec<String>,
    poster_url: String,
    media_id: Option<Uuid>,
}

impl From<&TitleSummary> for Title {
    fn from(title: &TitleSummary) -> Self {
        Self {
            id: title.id,
            kind: title.kind.clone(),
            name: title.name.clone(),
            year: title.year,
            rating: title.certification.clone(),
            genres: title.genres(),
            poster_url: format!("/api/v1/titles/{}/poster", title.id),
            media_id: title.media_id,
        }
    }
}

#[derive(Deserialize)]
pub struct CatalogParams {
    kind: Option<String>,
    genre: Option<String>,
    cursor: Option<String>,
    limit: Option<String>,
}

#[derive(Serialize)]
pub struct CatalogPage {
    titles: Vec<Title>,
    next: Option<String>,
}

/// `GET /api/v1/catalog[?kind=&genre=&cursor=&limit=]`: titles in name order, a page at a time.
pub async fn list(
    State(app): State<Identity>,
    viewer: ApiViewer,
    Query(params): Query<CatalogParams>,
) -> Result<Json<CatalogPage>, AppError> {
    let limit = match params.limit.as_deref() {
        None | Some("") => DEFAULT_PAGE,
        Some(raw) => raw.parse::<i64>().ok().filter(|n| (1..=MAX_PAGE).contains(n)).ok_or_else(|| {
            AppError::bad_request("invalid_limit", format!("limit must be a whole number from 1 to {MAX_PAGE}."))
        })?,
    };
    let kind = match params.kind.as_deref().map(str::trim).filter(|k| !k.is_empty()) {
        None => None,
        Some(raw) => Some(
            LibraryKind::from_title_kind(raw)
                .or_else(|| raw.parse().ok())
                .ok_or_else(|| AppError::bad_request("invalid_kind", "kind must be movie, show or documentary."))?
                .title_kind()
                .to_string(),
        ),
    };
    let after = params.cursor.as_deref().filter(|c| !c.is_empty()).map(decode_cursor).transpose()?;
    let query = TitleQuery {
        kind,
        genre: params.genre.filter(|g| !g.trim().is_empty()),
        max_maturity: viewer.profile.maturity,
        after,
        limit: limit + 1,
    };
    let mut titles = app.store.catalog().list_titles(&query).await?;
    let more = titles.len() > usize::try_from(limit).unwrap_or(usize::MAX);
    titles.truncate(usize::try_from(limit).unwrap_or(usize::MAX));
    let next = if more { titles.last().map(|t| encode_cursor(&t.sort_name, t.id)) } else { None };
    Ok(Json(CatalogPage { titles: titles.iter().map(Title::from).collect(), next }))
}

fn encode_cursor(sort_name: &str, id: Uuid) -> String {
    URL_SAFE_NO_PAD.encode(format!("{id}{sort_name}"))
}

/// A cursor is only ever one this server handed out; anything else is refused with words.
fn decode_cursor(cursor: &str) -> Result<(String, Uuid), AppError> {
    let invalid = || AppError::bad_request("invalid_cursor", "cursor must be the `next` value of a previous page.");
    let bytes = URL_SAFE_NO_PAD.decode(cursor).map_err(|_| invalid())?;
    let text = String::from_utf8(bytes).map_err(|_| invalid())?;
    if text.len() < 36 || !text.is_char_boundary(36) {
        return Err(invalid());
    }
    let (id, sort_name) = text.split_at(36);
    Ok((sort_name.to_string(), Uuid::parse_str(id).map_err(|_| invalid())?))
}

#[derive(Serialize)]
pub struct TitleDetails {
    #[serde(flatten)]
    title: Title,
    plot: Option<String>,
    cast: serde_json::Value,
    runtime_seconds: Option<i64>,
    available: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    seasons: Option<Vec<Season>>,
}

#[derive(Serialize)]
pub struct Season {
    number: i64,
    episodes: Vec<Episode>,
}

#[derive(Serialize)]
pub struct Episode {
    id: Uuid,
    number: Option<i64>,
    name: Option<String>,
    media_id: Uuid,
    progress_seconds: f64,
}

/// `GET /api/v1/titles/{id}`.
pub async fn title(
    State(app): State<Identity>,
    viewer: ApiViewer,
    Path(id): Path<String>,
) -> Result<Json<TitleDetails>, AppError> {
    let id = parse_id(&id, "That title")?;
    let catalog = app.store.catalog();
    let detail = catalog.title(id, viewer.profile.maturity).await?.ok_or(AppError::NotFound("That title"))?;
    let seasons = if detail.summary.kind == "show" {
        let media = catalog.title_media(id).await?;
        let progress: HashMap<Uuid, f64> = catalog
            .title_progress(viewer.profile.id, id)
            .await?
            .into_iter()
            .map(|p| (p.media_id, p.position_seconds))
            .collect();
        let mut seasons: Vec<Season> = Vec::new();
        for file in media.iter().filter(|m| !m.missing) {
            let number = file.season.unwrap_or(1);
            if seasons.last().is_none_or(|s| s.number != number) {
                seasons.push(Season { number, episodes: Vec::new() });
            }
            if let Some(season) = seasons.last_mut() {
                season.episodes.push(Episode {
                    id: file.id,
                    number: file.episode,
                    name: file.name.clone(),
                    media_id: file.id,
                    progress_seconds: progress.get(&file.id).copied().unwrap_or(0.0),
                });
            }
        }
        Some(seasons)
    } else {
        None
    };
    Ok(Json(TitleDetails {
        title: Title::from(&detail.summary),
        plot: detail.summary.plot.clone(),
        cast: serde_json::from_str(&detail.cast_json).unwrap_or_else(|_| serde_json::json!([])),
        runtime_seconds: detail.runtime_seconds,
        available: detail.summary.available,
        seasons,
    }))
}

#[derive(Deserialize)]
pub struct SearchParams {
    #[serde(default)]
    q: String,
}

#[derive(Serialize)]
pub struct SearchResults {
    titles: Vec<Title>,
}

/// `GET /api/v1/search?q=`.
pub async fn search(
    State(app): State<Identity>,
    viewer: ApiViewer,
    Query(params): Query<SearchParams>,
) -> Result<Json<SearchResults>, AppError> {
    if params.q.chars().count() > 100 {
        return Err(AppError::bad_request("invalid_query", "q must be at most 100 characters."));
    }
    let titles = search::find(app.store.catalog().as_ref(), &params.q, viewer.profile.maturity).await?;
    Ok(Json(SearchResults { titles: titles.iter().map(Title::from).collect() }))
}

/// `PUT /api/v1/my-list/{title_id}`.
pub async fn add_to_my_list(
    State(app): State<Identity>,
    viewer: ApiViewer,
    Path(id): Path<String>,
) -> Result<StatusCode, AppError> {
    set_my_list(&app, &viewer, &id, true).await
}

/// `DELETE /api/v1/my-list/{title_id}`.
pub async fn remove_from_my_list(
    State(app): State<Identity>,
    viewer: ApiViewer,
    Path(id): Path<String>,
) -> Result<StatusCode, AppError> {
    set_my_list(&app, &viewer, &id, false).await
}

async fn set_my_list(app: &Identity, viewer: &ApiViewer, id: &str, on: bool) -> Result<StatusCode, AppError> {
    let id = parse_id(id, "That title")?;
    let catalog = app.store.catalog();
    catalog.title(id, viewer.profile.maturity).await?.ok_or(AppError::NotFound("That title"))?;
    catalog.set_in_my_list(viewer.profile.id, id, on, crate::clock::now()).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// An id from the path; anything that is not one is simply not found.
pub fn parse_id(raw: &str, what: &'static str) -> Result<Uuid, AppError> {
    Uuid::parse_str(raw).map_err(|_| AppError::NotFound(what))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_round_trip_and_refuse_garbage() {
        let id = Uuid::now_v7();
        let cursor = encode_cursor("amelie s garden", id);
        assert_eq!(decode_cursor(&cursor).unwrap(), ("amelie s garden".to_string(), id));
        assert!(decode_cursor("not a cursor").is_err());
        assert!(decode_cursor(&URL_SAFE_NO_PAD.encode("short")).is_err());
    }
}
