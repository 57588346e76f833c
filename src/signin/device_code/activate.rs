//! "Activate a TV", on a phone or computer that is signed in: enter the code a TV shows, see which
//! device is asking, and allow or deny it. Someone not signed in signs in first and comes back here.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use crate::auth::CurrentSession;
use crate::auth::Identity;
use crate::auth::device_code::flow::NotFound;
use crate::auth::device_code::needs_profile;
use crate::auth::device_code::user_code::UserCode;
use crate::domain::device::DeviceKind;
use crate::domain::session_lifetime::SessionLifetime;
use crate::error::AppError;
use crate::i18n::{self, Msg, key};
use crate::store::Profile;
use crate::store::grants::PendingGrant;
use crate::web::reauth::confirm_password;
use crate::web::{AccountHolder, Badge, BrowserSession, Chrome, CsrfForm, WebError, format, render};

#[derive(Template)]
#[template(path = "tv/activate.html")]
struct ActivatePage {
    chrome: Chrome,
    code: String,
    error: Option<String>,
}

#[derive(Template)]
#[template(path = "tv/confirm.html")]
struct ConfirmPage {
    chrome: Chrome,
    code: String,
    device_name: String,
    device_kind: String,
    asked: String,
    /// The address the code was asked for from, as Marquee saw it.
    asked_from: String,
    /// Marquee's own TV page, or the app that asked (by the client id it gave).
    through: String,
    /// Whether that is this device's network; when not, the page warns and Allow is not focused.
    same_network: bool,
    email: String,
    needs_password: bool,
    /// A Jellyfin app's code: the person allowing it chooses the profile it will watch as.
    needs_profile: bool,
    profiles: Vec<Badge>,
    /// The profile id chosen before the page was shown again ("" for none).
    chosen: String,
    /// How long the device may stay, as chosen (or proposed): a device on another network is
    /// proposed "until tomorrow morning", the household's own "until I sign it out".
    lifetime: &'static str,
    error: Option<String>,
}

/// The account's profiles, for choosing the one a device will watch as, and the one chosen already;
/// and the lifetime chosen already (`None`: propose one).
struct ProfileChoice<'a> {
    profiles: &'a [Profile],
    chosen: Option<&'a str>,
    lifetime: Option<SessionLifetime>,
}

#[derive(Template)]
#[template(path = "tv/activated.html")]
struct DecidedPage {
    chrome: Chrome,
    device_name: String,
    outcome: Outcome,
    /// The profile the device will watch as, when one was chosen here.
    watches_as: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Outcome {
    Allowed,
    Denied,
    /// Someone else decided first, the code expired, or this session ended meanwhile.
    TooLate,
}

#[derive(Deserialize)]
pub struct ActivateQuery {
    #[serde(default)]
    code: Option<String>,
}

/// `GET /activate`: the code form, filled in when the QR code's link carried the code.
pub async fn show(
    State(app): State<Identity>,
    me: Result<AccountHolder, WebError>,
    Query(query): Query<ActivateQuery>,
) -> Result<Response, WebError> {
    let typed = query.code.as_deref().map(|code| code.trim().chars().take(20).collect::<String>()).unwrap_or_default();
    let me = match me {
        Ok(AccountHolder(me)) => me,
        Err(WebError::SignInRequired) => {
            // Sign in first, then straight back to this code.
            let back = match UserCode::parse(&typed) {
                Ok(code) => format!("/activate?code={}", code.display()),
                Err(_) => "/activate".to_string(),
            };
            let next: String = url_encode(&back);
            return Ok(Redirect::to(&format!("/signin?next={next}")).into_response());
        }
        Err(other) => return Err(other),
    };
    let (chrome, _) = me.chrome(&app).await?;
    Ok(render(&ActivatePage { chrome, code: typed, error: None })?.into_response())
}

#[derive(Deserialize)]
pub struct CodeForm {
    #[serde(default)]
    code: String,
}

/// `POST /activate`: finds the device showing the code and asks whether to let it in.
pub async fn find(
    State(app): State<Identity>,
    AccountHolder(me): AccountHolder,
    CsrfForm(form): CsrfForm<CodeForm>,
) -> Result<Response, WebError> {
    let (chrome, profiles) = me.chrome(&app).await?;
    let ip = me.ip.map(|ip| ip.to_string());
    match app.find_device_code(&form.code, &me.current, ip.as_deref()).await {
        Ok(grant) => {
            let needs_password = needs_password(&app, &me.current).await?;
            let choice = ProfileChoice { profiles: &profiles, chosen: None, lifetime: None };
            confirm_page(&app, chrome, (&me, needs_password), &grant, choice, None, StatusCode::OK)
        }
        Err(not_found) => code_refused(chrome, &form.code, not_found),
    }
}

#[derive(Deserialize)]
pub struct DecisionForm {
    #[serde(default)]
    code: String,
    #[serde(default)]
    decision: String,
    #[serde(default)]
    password: Option<String>,
    /// The profile the device is to watch as (a Jellyfin app's code needs one).
    #[serde(default)]
    profile: Option<String>,
    /// How long the device may stay ([`SessionLifetime`]'s names); not sent, until signed out.
    #[serde(default)]
    lifetime: Option<String>,
}

/// `POST /activate/decide`: Allow (with the password, if the account asks for it, and for a Jellyfin
/// app the profile it will watch as) or Deny.
pub async fn decide(
    State(app): State<Identity>,
    AccountHolder(me): AccountHolder,
    CsrfForm(form): CsrfForm<DecisionForm>,
) -> Result<Response, WebError> {
    let (chrome, profiles) = me.chrome(&app).await?;
    let ip = me.ip.map(|ip| ip.to_string());
    let allow = match form.decision.as_str() {
        "allow" => true,
        "deny" => false,
        _ => {
            return Err(WebError::refused(Msg::new("activate-choose")));
        }
    };
    let grant = match app.find_device_code(&form.code, &me.current, ip.as_deref()).await {
        Ok(grant) => grant,
        Err(not_found) => return code_refused(chrome, &form.code, not_found),
    };
    let lifetime = form.lifetime.as_deref().map(SessionLifetime::parse);
    let choice =
        || ProfileChoice { profiles: &profiles, chosen: form.profile.as_deref(), lifetime: lifetime.flatten() };
    let lifetime = match lifetime {
        Some(Some(lifetime)) => lifetime,
        Some(None) if allow => {
            let needs_password = needs_password(&app, &me.current).await?;
            let message = Some(chrome.tr.t("lifetime-unknown"));
            let shown = (&me, needs_password);
            return confirm_page(&app, chrome, shown, &grant, choice(), message, StatusCode::BAD_REQUEST);
        }
        // Not sent (as before this choice existed), or a Deny, which lets nothing in.
        _ => SessionLifetime::UntilSignedOut,
    };
    let profile_id = if allow && needs_profile(&grant.client_id) {
        match chosen_profile(&profiles, form.profile.as_deref()) {
            Ok(id) => Some(id),
            Err(why) => {
                let needs_password = needs_password(&app, &me.current).await?;
                let message = Some(chrome.tr.t(why));
                let shown = (&me, needs_password);
                return confirm_page(&app, chrome, shown, &grant, choice(), message, StatusCode::BAD_REQUEST);
            }
        }
    } else {
        None
    };
    if allow && needs_password(&app, &me.current).await? {
        let refused = |message: String, status| {
            confirm_page(&app, chrome.clone(), (&me, true), &grant, choice(), Some(message), status)
        };
        if let Err(why) = confirm_password(&app, &me, form.password.as_deref().unwrap_or_default()).await? {
            return refused(why, StatusCode::UNAUTHORIZED);
        }
    }
    let decided = app.decide_device_code(&grant, &me.current, allow, (profile_id, lifetime)).await?;
    let outcome = match (decided, allow) {
        (true, true) => Outcome::Allowed,
        (true, false) => Outcome::Denied,
        (false, _) => Outcome::TooLate,
    };
    let status = if decided { StatusCode::OK } else { StatusCode::CONFLICT };
    let watches_as = profile_id.and_then(|id| profiles.iter().find(|profile| profile.id == id)).map(|p| p.name.clone());
    let page = DecidedPage { chrome, device_name: grant.device_name, outcome, watches_as };
    Ok((status, render(&page)?).into_response())
}

/// Whether allowing a device needs the password: the setting as stored now, not as this instance's
/// session cache remembers it, since it may have been turned on through another instance a moment ago.
async fn needs_password(app: &Identity, me: &CurrentSession) -> Result<bool, WebError> {
    let account = app.store.account_by_id(me.account.id).await?;
    Ok(account.is_none_or(|account| account.confirm_devices_with_password))
}

/// The profile chosen on the form, if it is one of the account's; else the id of the words saying why.
/// (The store checks it again in the statement that records the decision.)
fn chosen_profile(profiles: &[Profile], chosen: Option<&str>) -> Result<uuid::Uuid, &'static str> {
    let chosen = chosen.map(str::trim).filter(|chosen| !chosen.is_empty()).ok_or(key("activate-choose-profile"))?;
    let id = uuid::Uuid::parse_str(chosen).map_err(|_| key("activate-not-your-profile"))?;
    profiles.iter().find(|profile| profile.id == id).map(|profile| profile.id).ok_or(key("activate-not-your-profile"))
}

fn confirm_page(
    app: &Identity,
    chrome: Chrome,
    (me, needs_password): (&BrowserSession, bool),
    grant: &PendingGrant,
    choice: ProfileChoice<'_>,
    error: Option<String>,
    status: StatusCode,
) -> Result<Response, WebError> {
    let code = UserCode::parse(&grant.user_code).map_err(|_| WebError::internal("a stored user code is malformed"))?;
    let asked_from = grant.requested_ip.as_deref().and_then(|ip| ip.parse().ok());
    let tr = chrome.tr;
    let same_network = crate::domain::network::same_network(asked_from, me.ip);
    let page = ConfirmPage {
        chrome,
        code: code.display(),
        device_name: grant.device_name.clone(),
        device_kind: tr.t(kind_label(&grant.device_kind)),
        asked: format::ago(tr, grant.created_at, app.settings.clock.now()),
        asked_from: grant.requested_ip.clone().unwrap_or_else(|| tr.t("activate-unknown-address")),
        through: if grant.client_id == super::tv::TV_PAGE_CLIENT {
            tr.t("activate-through-tv-page")
        } else if needs_profile(&grant.client_id) {
            tr.t("activate-through-jellyfin")
        } else {
            tr.t_with("activate-through-app", "client", &grant.client_id)
        },
        same_network,
        lifetime: choice.lifetime.unwrap_or(proposed_lifetime(same_network)).as_str(),
        email: me.current.account.email.clone(),
        needs_password,
        needs_profile: needs_profile(&grant.client_id),
        profiles: choice.profiles.iter().map(Badge::from).collect(),
        chosen: choice.chosen.unwrap_or_default().trim().to_string(),
        error,
    };
    Ok((status, render(&page)?).into_response())
}

/// The code form again, saying why the code was not taken.
fn code_refused(chrome: Chrome, typed: &str, not_found: NotFound) -> Result<Response, WebError> {
    let (status, error) = match not_found {
        NotFound::Malformed(why) => (StatusCode::BAD_REQUEST, chrome.tr.t(why)),
        NotFound::NoSuchCode => (StatusCode::NOT_FOUND, chrome.tr.t("activate-no-such-code")),
        NotFound::Failed(AppError::TooManyRequests { retry_after_secs }) => {
            let wait = i18n::wait(chrome.tr, retry_after_secs.max(1));
            (StatusCode::TOO_MANY_REQUESTS, chrome.tr.t_with("activate-too-many", "wait", wait))
        }
        NotFound::Failed(other) => return Err(other.into()),
    };
    let code = typed.trim().chars().take(20).collect();
    Ok((status, render(&ActivatePage { chrome, code, error: Some(error) })?).into_response())
}

/// What the page proposes: a device on this network is most likely the household's own, to stay;
/// one elsewhere (a hotel, a friend's), to go by itself in the morning.
fn proposed_lifetime(same_network: bool) -> SessionLifetime {
    if same_network { SessionLifetime::UntilSignedOut } else { SessionLifetime::UntilMorning }
}

fn kind_label(kind: &str) -> &'static str {
    match DeviceKind::parse(kind) {
        Some(DeviceKind::Tv) => key("activate-kind-tv"),
        Some(DeviceKind::Mobile) => key("activate-kind-mobile"),
        Some(DeviceKind::Browser) => key("activate-kind-browser"),
        Some(DeviceKind::Other) | None => key("activate-kind-other"),
    }
}

/// Percent-encodes a local path for a query parameter.
fn url_encode(text: &str) -> String {
    serde_urlencoded::to_string([("", text)]).map(|pair| pair[1..].to_string()).unwrap_or_default()
}
