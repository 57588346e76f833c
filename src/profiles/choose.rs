//! "Who's watching?": choosing a profile for this device, with its PIN when it is locked.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use serde::Deserialize;
use uuid::Uuid;

use crate::auth::Identity;
use crate::auth::Password;
use crate::error::AppError;
use crate::i18n::{Tr, key};
use crate::web::{Badge, BrowserSession, Chrome, CsrfForm, WebError, render};

/// Wrong PINs allowed per profile in the throttling window before it refuses to check more.
pub const PIN_ATTEMPTS: i64 = 5;

#[derive(Template)]
#[template(path = "profiles/who.html")]
struct WhoIsWatching {
    chrome: Chrome,
    profiles: Vec<Badge>,
}

/// `GET /profiles`: every profile of the account, and "Manage Profiles".
pub async fn who_is_watching(State(app): State<Identity>, me: BrowserSession) -> Result<Html<String>, WebError> {
    let profiles = super::profiles_of(&app, &me.current.account).await?;
    let (chrome, _) = me.chrome(&app).await?;
    render(&WhoIsWatching { chrome, profiles: profiles.iter().map(Badge::from).collect() })
}

#[derive(Template)]
#[template(path = "profiles/pin.html")]
struct PinPage {
    chrome: Chrome,
    profile: Badge,
    error: Option<String>,
}

/// `GET /profiles/{id}/pin`: the PIN pad for a locked profile.
pub async fn show_pin(
    State(app): State<Identity>,
    me: BrowserSession,
    Path(id): Path<String>,
) -> Result<Html<String>, WebError> {
    let profile = find(&app, &me, &id).await?;
    let (chrome, _) = me.chrome(&app).await?;
    render(&PinPage { chrome, profile: Badge::from(&profile), error: None })
}

#[derive(Deserialize)]
pub struct ChooseForm {
    #[serde(default)]
    pin: Option<String>,
}

/// `POST /profiles/{id}/choose`: watch as this profile on this device (other devices keep theirs).
pub async fn choose(
    State(app): State<Identity>,
    me: BrowserSession,
    Path(id): Path<String>,
    CsrfForm(form): CsrfForm<ChooseForm>,
) -> Result<Response, WebError> {
    let profile = find(&app, &me, &id).await?;
    if let Some(pin_hash) = &profile.pin_hash
        && let Err(error) = check_pin(&app, me.tr(), &profile, pin_hash, form.pin.as_deref().unwrap_or_default()).await
    {
        let (chrome, _) = me.chrome(&app).await?;
        let page = render(&PinPage { chrome, profile: Badge::from(&profile), error: Some(error.message) })?;
        return Ok((error.status, page).into_response());
    }
    app.sessions.choose_profile(&me.current, profile.id).await?;
    Ok(Redirect::to("/browse").into_response())
}

/// The profile with this id, if it belongs to the signed-in account; a 404 page otherwise.
pub async fn find(app: &Identity, me: &BrowserSession, id: &str) -> Result<crate::store::Profile, WebError> {
    let missing = || WebError::missing(key("error-profile-not-found"));
    let id = Uuid::parse_str(id).map_err(|_| missing())?;
    app.store.profile(me.current.account.id, id).await.map_err(AppError::from)?.ok_or_else(missing)
}

/// Why a PIN was not accepted: the words for the page and the status that goes with them.
pub(super) struct PinRefused {
    pub status: StatusCode,
    pub message: String,
}

impl PinRefused {
    fn wrong(message: impl Into<String>) -> Self {
        Self { status: StatusCode::UNAUTHORIZED, message: message.into() }
    }

    fn throttled(tr: Tr, wait_seconds: u64) -> Self {
        let wait = crate::i18n::wait(tr, wait_seconds.max(1));
        Self { status: StatusCode::TOO_MANY_REQUESTS, message: tr.t_with("pin-too-many", "wait", wait) }
    }

    fn busy(tr: Tr) -> Self {
        Self { status: StatusCode::SERVICE_UNAVAILABLE, message: tr.t("pin-busy") }
    }
}

/// Checks a PIN under a per-profile limit, so four digits cannot simply be tried one by one. Why it
/// was refused is said in `tr`'s language.
pub(super) async fn check_pin(
    app: &Identity,
    tr: Tr,
    profile: &crate::store::Profile,
    pin_hash: &str,
    entered: &str,
) -> Result<(), PinRefused> {
    let Some(pin) = super::parse_pin(entered).ok().and_then(|pin| Password::presented(&pin)) else {
        return Err(PinRefused::wrong(tr.t("pin-enter")));
    };
    let limit = crate::auth::Limit { key: format!("pin:{}", profile.id), allowed: PIN_ATTEMPTS };
    let attempt = match app.throttle.begin(None, limit).await {
        Ok(attempt) => attempt,
        Err(AppError::TooManyRequests { retry_after_secs }) => return Err(PinRefused::throttled(tr, retry_after_secs)),
        Err(_) => return Err(PinRefused::busy(tr)),
    };
    match app.hasher.verify(&pin, pin_hash).await {
        Ok(true) => {
            app.throttle.succeeded(attempt).await;
            Ok(())
        }
        Ok(false) => Err(match attempt.left() {
            0 => PinRefused::throttled(tr, app.settings.throttle.window.as_secs()),
            left => PinRefused::wrong(tr.t_with("pin-wrong", "count", left)),
        }),
        Err(_) => {
            app.throttle.withdraw(attempt).await;
            Err(PinRefused::busy(tr))
        }
    }
}
