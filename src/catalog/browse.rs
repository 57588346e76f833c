//! A profile's homepage (`/browse`).

use askama::Template;
use axum::response::Html;

use crate::web::{Chrome, Viewer, WebError, render};

#[derive(Template)]
#[template(path = "catalog/browse.html")]
struct BrowsePage {
    chrome: Chrome,
    profile_name: String,
    kids: bool,
}

/// `GET /browse`: the chosen profile's homepage.
pub async fn home(viewer: Viewer) -> Result<Html<String>, WebError> {
    render(&BrowsePage { chrome: viewer.chrome, profile_name: viewer.profile.name, kids: viewer.profile.is_kids })
}
