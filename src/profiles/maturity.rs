//! A profile's maturity level (`POST /profiles/{id}/maturity`): which titles it may see. Changing it
//! needs the account password, so a child cannot raise their own.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use super::choose::find;
use super::edit_page::edit_page;
use crate::auth::Identity;
use crate::domain::media::Maturity;
use crate::web::reauth::confirm_password;
use crate::web::{AccountHolder, CsrfForm, PathId, ProfileId, WebError};

#[derive(Deserialize)]
pub struct MaturityForm {
    #[serde(default)]
    maturity: String,
    #[serde(default)]
    password: String,
}

pub async fn save(
    State(app): State<Identity>,
    AccountHolder(me): AccountHolder,
    PathId { id, .. }: PathId<ProfileId>,
    CsrfForm(form): CsrfForm<MaturityForm>,
) -> Result<Response, WebError> {
    let profile = find(&app, &me, id).await?;
    let tr = me.tr();
    let refuse =
        |message: &str| edit_page(&app, &me, &profile, Some(message.to_string()), "maturity", StatusCode::BAD_REQUEST);
    let Some(level) = Maturity::from_key(&form.maturity) else {
        return refuse(&tr.t("maturity-unknown")).await;
    };
    if profile.is_kids && level > Maturity::OlderKids {
        return refuse(&tr.t("maturity-kids-limit")).await;
    }
    if let Err(why) = confirm_password(&app, &me, &form.password).await? {
        return refuse(&why).await;
    }
    app.store.catalog().set_profile_maturity(&me.actor(), me.current.account.id, profile.id, level.rank()).await?;
    Ok(Redirect::to(&format!("/profiles/{}/edit?saved=maturity", profile.id)).into_response())
}
