//! A profile's edit page (`GET /profiles/{id}/edit`): its name, avatar, kids mark, PIN and maturity
//! level, drawn again with a message when a change to any of them is refused.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

use super::AVATARS;
use super::choose::find;
use crate::auth::Identity;
use crate::domain::media::Maturity;
use crate::i18n::key;
use crate::store::Profile;
use crate::web::{AccountHolder, Badge, BrowserSession, Choice, Chrome, WebError, render};

#[derive(Template)]
#[template(path = "profiles/edit.html")]
struct EditPage {
    chrome: Chrome,
    profile: Badge,
    avatars: Vec<Choice>,
    maturity: Vec<Choice>,
    error: Option<String>,
    section: &'static str,
}

/// `GET /profiles/{id}/edit`.
pub async fn show_edit(
    State(app): State<Identity>,
    AccountHolder(me): AccountHolder,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let profile = find(&app, &me, &id).await?;
    edit_page(&app, &me, &profile, None, "", StatusCode::OK).await
}

/// The edit page, with `error` shown in `section` when a change was refused.
pub(super) async fn edit_page(
    app: &Identity,
    me: &BrowserSession,
    profile: &Profile,
    error: Option<String>,
    section: &'static str,
    status: StatusCode,
) -> Result<Response, WebError> {
    let (chrome, _) = me.chrome(app).await?;
    let page = EditPage {
        chrome,
        profile: Badge::from(profile),
        avatars: Choice::list(&AVATARS, &profile.avatar),
        maturity: maturity_choices(profile.maturity_level()),
        error,
        section,
    };
    Ok((status, render(&page)?).into_response())
}

/// The levels as a select shows them (each label a message id).
fn maturity_choices(selected: Maturity) -> Vec<Choice> {
    const OPTIONS: [(&str, &str); 4] = [
        ("little_kids", key("maturity-little-kids")),
        ("older_kids", key("maturity-older-kids")),
        ("teens", key("maturity-teens")),
        ("all", key("maturity-all")),
    ];
    Choice::list(&OPTIONS, selected.key())
}
