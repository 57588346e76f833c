//! Search (`/search?q=`): titles by name, cast or genre, forgiving of case and accents.
//!
//! A plain form without JavaScript; with it, results replace themselves as the person types.

use askama::Template;
use axum::extract::{Query, State};
use axum::response::Html;
use serde::Deserialize;

use super::cards::{Card, Row};
use super::text;
use crate::auth::Identity;
use crate::error::AppError;
use crate::store::catalog::{Catalog, TitleSummary};
use crate::web::{Chrome, Viewer, WebError, render};

/// At most this many results; a longer list means the query should be sharper.
pub const RESULT_LIMIT: i64 = 60;
/// Queries longer than this are cut (a search box, not a document).
const MAX_QUERY_CHARS: usize = 100;

#[derive(Deserialize)]
pub struct SearchQuery {
    #[serde(default)]
    q: String,
}

#[derive(Template)]
#[template(path = "catalog/search.html")]
struct SearchPage {
    chrome: Chrome,
    query: String,
    searched: bool,
    row: Row,
}

/// `GET /search?q=`.
pub async fn page(
    State(app): State<Identity>,
    viewer: Viewer,
    Query(query): Query<SearchQuery>,
) -> Result<Html<String>, WebError> {
    let query: String = query.q.chars().take(MAX_QUERY_CHARS).collect();
    let titles = find(app.store.catalog().as_ref(), &query, viewer.profile.maturity).await?;
    render(&SearchPage {
        chrome: viewer.chrome.clone(),
        searched: !query.trim().is_empty(),
        query,
        row: Row::new(
            "results",
            viewer.chrome.tr.t("search-results-heading"),
            titles.iter().map(Card::from_summary).collect(),
        ),
    })
}

/// The titles matching every word of `query` within the maturity level; nothing for an empty query.
pub async fn find(catalog: &dyn Catalog, query: &str, level: i64) -> Result<Vec<TitleSummary>, AppError> {
    let words = text::query_words(query, crate::store::catalog::SEARCH_WORDS);
    if words.is_empty() {
        return Ok(Vec::new());
    }
    Ok(catalog.search(&words, level, RESULT_LIMIT).await?)
}
