//! "Manage Profiles": add, rename, pick an avatar, mark as kids, lock with a PIN, delete.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use super::MAX_PROFILES;
use super::choose::find;
use super::edit_page::edit_page;
use crate::auth::Identity;
use crate::auth::Password;
use crate::i18n::key;
use crate::store::{NewProfile, Profile, ProfileChanges};
use crate::web::reauth::confirm_password;
use crate::web::{AccountHolder, Badge, BrowserSession, Chrome, CsrfForm, PathId, ProfileId, WebError, render};

#[derive(Template)]
#[template(path = "profiles/manage.html")]
struct ManagePage {
    chrome: Chrome,
    profiles: Vec<Badge>,
    can_add: bool,
    max: i64,
    notice: Option<String>,
    error: Option<String>,
    new_name: String,
}

#[derive(Deserialize)]
pub struct Saved {
    #[serde(default)]
    saved: Option<String>,
}

/// The id of the message saying what was just saved.
fn notice_for(saved: &Saved) -> Option<&'static str> {
    match saved.saved.as_deref() {
        Some("added") => Some(key("profile-added")),
        Some("deleted") => Some(key("profile-deleted")),
        Some("saved") => Some(key("changes-saved")),
        _ => None,
    }
}

/// `GET /profiles/manage`.
pub async fn show(
    State(app): State<Identity>,
    AccountHolder(me): AccountHolder,
    Query(saved): Query<Saved>,
) -> Result<Response, WebError> {
    manage_page(&app, &me, notice_for(&saved), None, String::new(), StatusCode::OK).await
}

async fn manage_page(
    app: &Identity,
    me: &BrowserSession,
    notice: Option<&'static str>,
    error: Option<String>,
    new_name: String,
    status: StatusCode,
) -> Result<Response, WebError> {
    let profiles = super::profiles_of(app, &me.current.account).await?;
    let (chrome, _) = me.chrome(app).await?;
    let page = ManagePage {
        notice: notice.map(|id| chrome.tr.t(id)),
        chrome,
        can_add: (profiles.len() as i64) < MAX_PROFILES,
        profiles: profiles.iter().map(Badge::from).collect(),
        max: MAX_PROFILES,
        error,
        new_name,
    };
    Ok((status, render(&page)?).into_response())
}

#[derive(Deserialize)]
pub struct AddForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    kids: Option<String>,
    /// The account password: needed unless the new profile is a kids one.
    #[serde(default)]
    password: String,
}

/// `POST /profiles`: adds a profile, up to five. As over the API, a profile that sees more than kids'
/// titles needs the account password: a device left at "Who's watching?" (the adult profiles locked
/// with PINs) cannot make itself one.
pub async fn add(
    State(app): State<Identity>,
    AccountHolder(me): AccountHolder,
    CsrfForm(form): CsrfForm<AddForm>,
) -> Result<Response, WebError> {
    let tr = me.tr();
    let name = match super::parse_name(&form.name) {
        Ok(name) => name,
        Err(why) => return manage_page(&app, &me, None, Some(tr.t(why)), form.name, StatusCode::BAD_REQUEST).await,
    };
    let is_kids = form.kids.is_some();
    if !is_kids && let Err(why) = confirm_password(&app, &me, &form.password).await? {
        let why = tr.t_with("profile-needs-password", "why", why);
        return manage_page(&app, &me, None, Some(why), form.name, StatusCode::UNAUTHORIZED).await;
    }
    let existing = super::profiles_of(&app, &me.current.account).await?;
    let in_use: Vec<&str> = existing.iter().map(|p| p.avatar.as_str()).collect();
    let new = NewProfile {
        account_id: me.current.account.id,
        name,
        avatar: super::next_avatar(&in_use).to_string(),
        is_kids,
        created_at: crate::clock::now(),
    };
    match app.store.create_profile(new, MAX_PROFILES).await? {
        Some(_) => Ok(Redirect::to("/profiles/manage?saved=added").into_response()),
        None => {
            let why = tr.t_with("profiles-at-most", "max", MAX_PROFILES);
            manage_page(&app, &me, None, Some(why), form.name, StatusCode::CONFLICT).await
        }
    }
}

#[derive(Deserialize)]
pub struct EditForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    avatar: String,
    #[serde(default)]
    kids: Option<String>,
    /// The profile's PIN or the account password, when the profile is locked or stops being a kids one.
    #[serde(default)]
    secret: String,
}

#[derive(Deserialize)]
pub struct SecretForm {
    #[serde(default)]
    secret: String,
}

/// Whether this change to the profile may go ahead. A locked profile changes only with its PIN or the
/// account password; only the account password turns a kids profile into an adult one (a child may
/// know the PIN). `Ok(Err(words))` when the proof is missing or wrong.
async fn authorize_change(
    app: &Identity,
    me: &crate::web::BrowserSession,
    profile: &Profile,
    secret: &str,
    leaves_kids: bool,
) -> Result<Result<(), String>, WebError> {
    let tr = me.tr();
    if leaves_kids {
        return match confirm_password(app, me, secret).await? {
            Ok(()) => Ok(Ok(())),
            Err(_) if secret.is_empty() => Ok(Err(tr.t("kids-off-enter-password"))),
            Err(why) => Ok(Err(why)),
        };
    }
    let Some(pin_hash) = &profile.pin_hash else {
        return Ok(Ok(()));
    };
    if secret.is_empty() {
        return Ok(Err(tr.t("profile-locked-needs-secret")));
    }
    if super::parse_pin(secret).is_ok() {
        return Ok(super::choose::check_pin(app, tr, profile, pin_hash, secret)
            .await
            .map_err(|refused| refused.message));
    }
    confirm_password(app, me, secret).await
}

/// `POST /profiles/{id}/edit`: name, avatar and kids flag.
pub async fn edit(
    State(app): State<Identity>,
    AccountHolder(me): AccountHolder,
    PathId { id, .. }: PathId<ProfileId>,
    CsrfForm(form): CsrfForm<EditForm>,
) -> Result<Response, WebError> {
    let profile = find(&app, &me, id).await?;
    let changes = super::parse_name(&form.name).and_then(|name| {
        super::parse_avatar(&form.avatar).map(|avatar| ProfileChanges { name, avatar, is_kids: form.kids.is_some() })
    });
    match changes {
        Ok(changes) => {
            let leaves_kids = profile.is_kids && !changes.is_kids;
            if let Err(why) = authorize_change(&app, &me, &profile, &form.secret, leaves_kids).await? {
                return edit_page(&app, &me, &profile, Some(why), "details", StatusCode::UNAUTHORIZED).await;
            }
            app.store.update_profile(me.current.account.id, profile.id, &changes).await?;
            Ok(Redirect::to("/profiles/manage?saved=saved").into_response())
        }
        Err(why) => edit_page(&app, &me, &profile, Some(me.tr().t(why)), "details", StatusCode::BAD_REQUEST).await,
    }
}

#[derive(Deserialize)]
pub struct LockForm {
    #[serde(default)]
    pin: String,
    #[serde(default)]
    password: String,
}

/// `POST /profiles/{id}/lock`: sets or changes the 4-digit PIN; needs the account password.
pub async fn lock(
    State(app): State<Identity>,
    AccountHolder(me): AccountHolder,
    PathId { id, .. }: PathId<ProfileId>,
    CsrfForm(form): CsrfForm<LockForm>,
) -> Result<Response, WebError> {
    let profile = find(&app, &me, id).await?;
    let pin = match super::parse_pin(&form.pin) {
        Ok(pin) => pin,
        Err(why) => return edit_page(&app, &me, &profile, Some(me.tr().t(why)), "lock", StatusCode::BAD_REQUEST).await,
    };
    if let Err(why) = confirm_password(&app, &me, &form.password).await? {
        return edit_page(&app, &me, &profile, Some(why), "lock", StatusCode::UNAUTHORIZED).await;
    }
    let pin = Password::presented(&pin).ok_or_else(|| WebError::internal("a 4-digit PIN is always presentable"))?;
    let hash = app.hasher.hash(&pin).await?;
    // Every device watching as this profile goes back to "Who's watching?" at once.
    app.sessions.set_profile_pin(&me.actor(), me.current.account.id, profile.id, Some(&hash)).await?;
    Ok(Redirect::to("/profiles/manage?saved=saved").into_response())
}

#[derive(Deserialize)]
pub struct PasswordForm {
    #[serde(default)]
    password: String,
}

/// `POST /profiles/{id}/unlock`: removes the PIN; needs the account password.
pub async fn unlock(
    State(app): State<Identity>,
    AccountHolder(me): AccountHolder,
    PathId { id, .. }: PathId<ProfileId>,
    CsrfForm(form): CsrfForm<PasswordForm>,
) -> Result<Response, WebError> {
    let profile = find(&app, &me, id).await?;
    if let Err(why) = confirm_password(&app, &me, &form.password).await? {
        return edit_page(&app, &me, &profile, Some(why), "lock", StatusCode::UNAUTHORIZED).await;
    }
    app.sessions.set_profile_pin(&me.actor(), me.current.account.id, profile.id, None).await?;
    Ok(Redirect::to("/profiles/manage?saved=saved").into_response())
}

/// `POST /profiles/{id}/delete`: never the last profile.
pub async fn delete(
    State(app): State<Identity>,
    AccountHolder(me): AccountHolder,
    PathId { id, .. }: PathId<ProfileId>,
    CsrfForm(form): CsrfForm<SecretForm>,
) -> Result<Response, WebError> {
    let profile = find(&app, &me, id).await?;
    if let Err(why) = authorize_change(&app, &me, &profile, &form.secret, false).await? {
        return edit_page(&app, &me, &profile, Some(why), "delete", StatusCode::UNAUTHORIZED).await;
    }
    if app.store.delete_profile(me.current.account.id, profile.id).await? {
        Ok(Redirect::to("/profiles/manage?saved=deleted").into_response())
    } else {
        let why = me.tr().t("profile-last");
        edit_page(&app, &me, &profile, Some(why), "delete", StatusCode::CONFLICT).await
    }
}
