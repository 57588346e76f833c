//! Profiles in the API: list them, add one, and choose the one this app or TV watches as.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::choose::check_pin;
use super::{MAX_PROFILES, next_avatar, parse_name, profiles_of};
use crate::auth::Identity;
use crate::auth::{ApiAccountHolder, ClientIp, Password, SignedIn};
use crate::domain::media::Maturity;
use crate::error::AppError;
use crate::i18n::Tr;
use crate::json::{ApiJson, OptionalApiJson};
use crate::store::{NewProfile, Profile};
use crate::web::{JsonPathId, PathId, ProfileId};

#[derive(Serialize)]
pub struct ProfileBody {
    id: Uuid,
    name: String,
    avatar: String,
    kids: bool,
    maturity: &'static str,
    locked: bool,
}

impl From<&Profile> for ProfileBody {
    fn from(profile: &Profile) -> Self {
        Self {
            id: profile.id,
            name: profile.name.clone(),
            avatar: profile.avatar.clone(),
            kids: profile.is_kids,
            maturity: profile.maturity_level().key(),
            locked: profile.is_locked(),
        }
    }
}

/// `GET /api/v1/profiles`.
pub async fn list(State(app): State<Identity>, SignedIn(me): SignedIn) -> Result<Json<Vec<ProfileBody>>, AppError> {
    let profiles = profiles_of(&app, &me.account).await?;
    Ok(Json(profiles.iter().map(ProfileBody::from).collect()))
}

#[derive(Deserialize)]
pub struct NewProfileBody {
    name: String,
    #[serde(default)]
    kids: bool,
    maturity: Option<String>,
    password: Option<String>,
}

/// `POST /api/v1/profiles {"name","kids"?,"maturity"?,"password"?}` → 201 with the profile.
///
/// As on the page, at most five; and a profile that may see more than kids' titles (a non-kids profile,
/// or a maturity above Older Kids) needs the account password, so a child's device cannot make one.
pub async fn create(
    State(app): State<Identity>,
    ApiAccountHolder(me): ApiAccountHolder,
    ip: ClientIp,
    ApiJson(body): ApiJson<NewProfileBody>,
) -> Result<(StatusCode, Json<ProfileBody>), AppError> {
    let name = parse_name(&body.name).map_err(|why| AppError::bad_request("invalid_name", Tr::english().t(why)))?;
    let maturity = match body.maturity.as_deref() {
        None => Maturity::default_for(body.kids),
        Some(key) => Maturity::from_key(key).ok_or_else(|| {
            AppError::bad_request("invalid_maturity", "maturity must be little_kids, older_kids, teens or all.")
        })?,
    };
    if body.kids && maturity > Maturity::OlderKids {
        return Err(AppError::bad_request("invalid_maturity", "A kids profile can be Little Kids or Older Kids."));
    }
    if !body.kids || maturity > Maturity::OlderKids {
        let password = body.password.as_deref().and_then(Password::presented).ok_or_else(|| {
            AppError::bad_request(
                "password_required",
                "Enter the account password to add a profile that is not for kids.",
            )
        })?;
        app.verify_reentry(&me, &password, ip.as_string().as_deref()).await?;
    }
    let existing = profiles_of(&app, &me.account).await?;
    let in_use: Vec<&str> = existing.iter().map(|p| p.avatar.as_str()).collect();
    let new = NewProfile {
        account_id: me.account.id,
        name,
        avatar: next_avatar(&in_use).to_string(),
        is_kids: body.kids,
        created_at: crate::clock::now(),
    };
    let mut profile = app.store.create_profile(new, MAX_PROFILES).await?.ok_or_else(|| AppError::Conflict {
        code: "too_many_profiles",
        message: format!("An account can have at most {MAX_PROFILES} profiles. Delete one to add another."),
    })?;
    if profile.maturity != maturity.rank() {
        app.store.catalog().set_profile_maturity(&me.actor(ip.0), me.account.id, profile.id, maturity.rank()).await?;
        profile.maturity = maturity.rank();
    }
    Ok((StatusCode::CREATED, Json(ProfileBody::from(&profile))))
}

#[derive(Deserialize)]
pub struct SelectBody {
    pin: Option<String>,
}

/// `POST /api/v1/profiles/{id}/select {"pin"?}` → 204: this device now watches as that profile.
pub async fn select(
    State(app): State<Identity>,
    SignedIn(me): SignedIn,
    PathId { id, .. }: JsonPathId<ProfileId>,
    OptionalApiJson(body): OptionalApiJson<SelectBody>,
) -> Result<StatusCode, AppError> {
    let profile = app.store.profile(me.account.id, id).await?.ok_or(AppError::NotFound("That profile"))?;
    if let Some(pin_hash) = &profile.pin_hash {
        let entered = body.and_then(|b| b.pin).unwrap_or_default();
        if let Err(refused) = check_pin(&app, Tr::english(), &profile, pin_hash, &entered).await {
            return Err(match refused.status {
                StatusCode::TOO_MANY_REQUESTS => {
                    AppError::TooManyRequests { retry_after_secs: app.settings.throttle.window.as_secs() }
                }
                StatusCode::SERVICE_UNAVAILABLE => AppError::Busy,
                _ => AppError::Forbidden { code: "invalid_pin", message: refused.message },
            });
        }
    }
    app.sessions.choose_profile(&me, profile.id).await?;
    Ok(StatusCode::NO_CONTENT)
}
