//! The account page: membership, personal information, preferences, email and password, passkeys,
//! devices.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use super::{LANGUAGES, parse_personal_info, with_time_zone};
use crate::auth::alerts::password_changed_alert;
use crate::auth::email_change::EmailAsk;
use crate::auth::{Identity, Password};
use crate::domain::email::Email;
use crate::domain::time_zone::AccountTimeZone;
use crate::i18n::{Tr, key};
use crate::store::{AccountChange, Preferences, SignOut, StoreError};
use crate::web::reauth::confirm_password;
use crate::web::{AccountHolder, BrowserSession, Choice, Chrome, CsrfForm, Origin, WebError, format, render};

/// One signed-in device as the list shows it.
pub struct DeviceRow {
    pub id: String,
    pub kind: &'static str,
    /// What the device is, in the reader's language: "Android phone", "iPad", "TV", "Computer".
    pub what: String,
    pub name: String,
    pub profile: Option<String>,
    pub place: String,
    pub last_active: String,
    pub this_device: bool,
    /// What it is playing now, and for how long ("Playing Big Film as Ada for 12 minutes").
    pub playing: Option<String>,
    /// Tells this device apart from others that read the same in all of the above ("2 of 3"), for its
    /// Sign out button's name; empty when it needs nothing more.
    pub told_apart: String,
    /// "Signs out by itself at 04:00 on 8 Dec 2026" (in the account's zone), for a device let in for a while.
    pub ends_by_itself: Option<String>,
}

/// Numbers the devices that read the same in name, place, profile and last use, so that every Sign out
/// button, named by what its row says, has a name of its own.
fn tell_apart(tr: Tr, rows: &mut [DeviceRow]) {
    let key = |row: &DeviceRow| {
        (row.name.clone(), row.this_device, row.profile.clone(), row.place.clone(), row.last_active.clone())
    };
    let keys: Vec<_> = rows.iter().map(key).collect();
    for (at, row) in rows.iter_mut().enumerate() {
        let same = keys.iter().filter(|other| **other == keys[at]).count();
        if same > 1 {
            let position = keys[..=at].iter().filter(|other| **other == keys[at]).count();
            row.told_apart = tr.t_args("acct-told-apart", &[("position", position.into()), ("count", same.into())]);
        }
    }
}

/// Which form a message belongs to, so it shows next to that form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    None,
    Personal,
    Preferences,
    Email,
    Password,
    Devices,
    DeviceCodes,
    Alerts,
    TwoStep,
    Passkeys,
}

/// What a person typed into a form that was sent back, so they can fix it rather than start again.
#[derive(Default)]
pub(super) struct Draft {
    name: Option<String>,
    phone: Option<String>,
    new_email: Option<String>,
}

#[derive(Template)]
#[template(path = "account/page.html")]
struct AccountPage {
    chrome: Chrome,
    email: String,
    member_since: String,
    name: String,
    phone: String,
    new_email: String,
    languages: Vec<Choice>,
    /// The account's zone (the server's until it chooses one), whether it chose one, and every zone
    /// it may choose.
    time_zone: String,
    time_zone_chosen: bool,
    time_zones: Vec<String>,
    autoplay_next: bool,
    autoplay_previews: bool,
    confirm_devices_with_password: bool,
    /// Whether mail can be sent at all: without it, sign-in alerts are not offered and the page says why.
    mail: bool,
    sign_in_alerts: bool,
    /// Whether signing in takes a code from an authenticator app too.
    two_step: bool,
    devices: Vec<DeviceRow>,
    passkeys: Vec<super::passkeys::PasskeyRow>,
    /// Signed-in devices an account may have at once.
    max_devices: u32,
    needs_password: bool,
    /// A message id: what was just saved.
    notice: Option<(Section, &'static str)>,
    /// The section a refused form is in, the id of the field at fault (empty when no one field is),
    /// and why.
    error: Option<(Section, &'static str, String)>,
}

impl AccountPage {
    fn notice_in(&self, section: Section) -> Option<&'static str> {
        self.notice.filter(|(s, _)| *s == section).map(|(_, text)| text)
    }

    fn error_in(&self, section: Section) -> Option<&str> {
        self.error.as_ref().filter(|(s, _, _)| *s == section).map(|(_, _, text)| text.as_str())
    }

    /// Whether the field with this id is the one a refused form was refused for.
    fn invalid(&self, field: &str) -> bool {
        self.error.as_ref().is_some_and(|(_, at_fault, _)| !at_fault.is_empty() && *at_fault == field)
    }
}

#[derive(Deserialize)]
pub struct Saved {
    #[serde(default)]
    saved: Option<String>,
}

/// `GET /account`.
pub async fn show(
    State(app): State<Identity>,
    AccountHolder(me): AccountHolder,
    Query(saved): Query<Saved>,
) -> Result<Response, WebError> {
    let notice = match saved.saved.as_deref() {
        Some("personal") => Some((Section::Personal, key("acct-saved-personal"))),
        Some("preferences") => Some((Section::Preferences, key("acct-saved-preferences"))),
        Some("email") => Some((Section::Email, key("acct-saved-email"))),
        Some("email-link-sent") => Some((Section::Email, key("acct-email-link-sent"))),
        Some("sign-in-alerts") => Some((Section::Alerts, key("acct-saved"))),
        Some("password") => Some((Section::Password, key("acct-saved-password"))),
        Some("password-others") => Some((Section::Password, key("acct-saved-password-others"))),
        Some("device") => Some((Section::Devices, key("acct-saved-device"))),
        Some("playback-stopped") => Some((Section::Devices, key("acct-saved-playback-stopped"))),
        Some("device-codes") => Some((Section::DeviceCodes, key("acct-saved"))),
        Some("two-step-off") => Some((Section::TwoStep, key("two-step-off-notice"))),
        Some("passkey-added") => Some((Section::Passkeys, key("passkey-saved-added"))),
        Some("passkey-renamed") => Some((Section::Passkeys, key("passkey-saved-renamed"))),
        Some("passkey-removed") => Some((Section::Passkeys, key("passkey-saved-removed"))),
        _ => None,
    };
    account_page(&app, &me, notice, None, Draft::default(), StatusCode::OK).await
}

pub(super) async fn account_page(
    app: &Identity,
    me: &BrowserSession,
    notice: Option<(Section, &'static str)>,
    error: Option<(Section, &'static str, String)>,
    draft: Draft,
    status: StatusCode,
) -> Result<Response, WebError> {
    // The cached session may predate a save: read the account itself.
    let account = app.store.account_by_id(me.current.account.id).await?;
    let account = account.ok_or(WebError::SignInRequired)?;
    let (chrome, profiles) = me.chrome(app).await?;
    let tr = chrome.tr;
    let now = crate::clock::now();
    let playing = app.store.catalog().active_streams(account.id, now).await?;
    let playing_on = |session_id| {
        let lease = playing.iter().find(|lease| lease.session_id == session_id)?;
        let length = format::duration(tr, (now - lease.started_at).as_seconds_f64());
        Some(match &lease.profile_name {
            Some(profile) => tr.t_args(
                "acct-device-playing",
                &[
                    ("title", lease.title_name.as_str().into()),
                    ("profile", profile.as_str().into()),
                    ("duration", length.into()),
                ],
            ),
            None => tr.t_args(
                "acct-device-playing-no-profile",
                &[("title", lease.title_name.as_str().into()), ("duration", length.into())],
            ),
        })
    };
    let zone = AccountTimeZone::of_account(account.time_zone.as_deref());
    let mut devices = app
        .sessions
        .list(account.id)
        .await?
        .into_iter()
        .map(|view| {
            let this_device = view.record.id == me.current.session.id;
            let profile = view.record.profile_id.and_then(|id| profiles.iter().find(|p| p.id == id));
            let noun = format::device_noun(view.record.device_kind.as_str(), &view.record.device_name);
            DeviceRow {
                id: view.record.id.to_string(),
                kind: view.record.device_kind.as_str(),
                what: tr.t(noun.called(&view.record.device_name)),
                name: view.record.device_name.clone(),
                profile: profile.map(|p| p.name.clone()),
                place: format::place(tr, view.ip.as_deref(), this_device.then_some(noun), me.ip),
                last_active: format::relative(tr, view.last_seen_at, now),
                this_device,
                playing: playing_on(view.record.id),
                told_apart: String::new(),
                ends_by_itself: view
                    .record
                    .lifetime
                    .ends_by_itself()
                    .then(|| format::signs_out_at(tr, view.record.expires_at, &zone)),
            }
        })
        .collect::<Vec<_>>();
    tell_apart(tr, &mut devices);
    let page = AccountPage {
        chrome,
        email: account.email.clone(),
        member_since: format::date(tr, account.created_at),
        name: draft.name.unwrap_or_else(|| account.display_name.clone()),
        phone: draft.phone.or_else(|| account.phone.clone()).unwrap_or_default(),
        new_email: draft.new_email.unwrap_or_default(),
        // A language no longer offered reads as English, and the list shows it so.
        languages: Choice::list(&LANGUAGES, crate::i18n::Language::from_stored(&account.language).tag()),
        time_zone: zone.name().to_string(),
        time_zone_chosen: account.time_zone.is_some(),
        time_zones: AccountTimeZone::all_names(),
        autoplay_next: account.autoplay_next,
        confirm_devices_with_password: account.confirm_devices_with_password,
        autoplay_previews: account.autoplay_previews,
        mail: app.mail_configured(),
        sign_in_alerts: account.sign_in_alerts,
        two_step: app.two_step_on(account.id).await?,
        devices,
        passkeys: super::passkeys::rows(app, account.id, tr).await?,
        max_devices: app.settings.sessions.max_per_account,
        needs_password: !app.sessions.recently_proved_password(&me.current.session),
        notice,
        error,
    };
    Ok((status, render(&page)?).into_response())
}

#[derive(Deserialize)]
pub struct PersonalForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    phone: String,
    #[serde(default)]
    language: String,
    /// An IANA zone name; not sent, the account's zone stays as it is.
    #[serde(default)]
    time_zone: Option<String>,
}

/// `POST /account/personal`.
pub async fn save_personal(
    State(app): State<Identity>,
    AccountHolder(me): AccountHolder,
    CsrfForm(form): CsrfForm<PersonalForm>,
) -> Result<Response, WebError> {
    let parsed = parse_personal_info(&form.name, &form.phone, &form.language)
        .and_then(|info| with_time_zone(info, form.time_zone.as_deref()));
    match parsed {
        Ok(info) => {
            app.store.change_account(&me.actor(), me.current.account.id, AccountChange::PersonalInfo(&info)).await?;
            app.sessions.forget_account(me.current.account.id);
            Ok(Redirect::to("/account?saved=personal#personal").into_response())
        }
        Err(why) => {
            let draft = Draft { name: Some(form.name), phone: Some(form.phone), ..Draft::default() };
            let error = Some((Section::Personal, why.field(), me.tr().say(&why.message())));
            account_page(&app, &me, None, error, draft, StatusCode::BAD_REQUEST).await
        }
    }
}

#[derive(Deserialize)]
pub struct PreferencesForm {
    #[serde(default)]
    autoplay_next: Option<String>,
    #[serde(default)]
    autoplay_previews: Option<String>,
}

/// `POST /account/preferences`.
pub async fn save_preferences(
    State(app): State<Identity>,
    AccountHolder(me): AccountHolder,
    CsrfForm(form): CsrfForm<PreferencesForm>,
) -> Result<Response, WebError> {
    let preferences = Preferences {
        autoplay_next: form.autoplay_next.is_some(),
        autoplay_previews: form.autoplay_previews.is_some(),
    };
    app.store.change_account(&me.actor(), me.current.account.id, AccountChange::Preferences(preferences)).await?;
    app.sessions.forget_account(me.current.account.id);
    Ok(Redirect::to("/account?saved=preferences#preferences").into_response())
}

#[derive(Deserialize)]
pub struct EmailForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
}

/// `POST /account/email`: needs the current password. With mail set up, the new address takes effect
/// once a link sent to it is opened (the old one is told); without, at once.
pub async fn change_email(
    State(app): State<Identity>,
    AccountHolder(me): AccountHolder,
    Origin(origin): Origin,
    CsrfForm(form): CsrfForm<EmailForm>,
) -> Result<Response, WebError> {
    let typed = form.email.trim().to_string();
    let fail = |field: &'static str, why: String, status| {
        let draft = Draft { new_email: Some(typed.clone()), ..Draft::default() };
        account_page(&app, &me, None, Some((Section::Email, field, why)), draft, status)
    };
    let email = match Email::parse(&form.email) {
        Ok(email) => email,
        Err(why) => return fail("new-email", me.tr().say(&why.message()), StatusCode::BAD_REQUEST).await,
    };
    if let Err(why) = confirm_password(&app, &me, &form.password).await? {
        return fail("email-password", why, StatusCode::UNAUTHORIZED).await;
    }
    if app.mail_configured() {
        // The new address takes effect only once the link sent to it is opened.
        let base = app.link_base(&origin);
        return match app.request_email_change(&me.current.account, &email, &base).await? {
            EmailAsk::Sent => Ok(Redirect::to("/account?saved=email-link-sent#email").into_response()),
            EmailAsk::Taken => fail("new-email", me.tr().t("acct-email-taken"), StatusCode::CONFLICT).await,
        };
    }
    match app.store.change_account(&me.actor(), me.current.account.id, AccountChange::Email(email.as_str())).await {
        Ok(_) => {
            app.sessions.forget_account(me.current.account.id);
            Ok(Redirect::to("/account?saved=email#email").into_response())
        }
        Err(StoreError::Conflict(_)) => fail("new-email", me.tr().t("acct-email-taken"), StatusCode::CONFLICT).await,
        Err(other) => Err(other.into()),
    }
}

#[derive(Deserialize)]
pub struct PasswordChangeForm {
    #[serde(default)]
    current: String,
    #[serde(default)]
    new: String,
    #[serde(default)]
    sign_out_others: Option<String>,
}

/// `POST /account/password`: needs the current one; signs other devices out unless unticked, and
/// (with mail set up) tells the owner, with a "Not you?" link, in the same transaction.
pub async fn change_password(
    State(app): State<Identity>,
    AccountHolder(me): AccountHolder,
    Origin(origin): Origin,
    CsrfForm(form): CsrfForm<PasswordChangeForm>,
) -> Result<Response, WebError> {
    let account = &me.current.account;
    let fail = |field: &'static str, why: String, status| {
        account_page(&app, &me, None, Some((Section::Password, field, why)), Draft::default(), status)
    };
    let new = match Password::new(&form.new, &[account.email.as_str(), account.display_name.as_str()]) {
        Ok(new) => new,
        Err(why) => return fail("new-password", me.tr().say(&why.message()), StatusCode::BAD_REQUEST).await,
    };
    if let Err(why) = confirm_password(&app, &me, &form.current).await? {
        return fail("current-password", why, StatusCode::UNAUTHORIZED).await;
    }
    let hash = app.hasher.hash(&new).await?;
    let others = form.sign_out_others.is_some();
    let alert = match app.alert_links(&origin) {
        Some(base) => Some(password_changed_alert(&account.email, false, &base, crate::clock::now())?),
        None => None,
    };
    // The new hash, the sign-outs and the message commit together: no device keeps a session from before.
    if others {
        let keep = SignOut::AllBut(me.current.session.id);
        app.sessions.change_password(&me.actor(), account.id, &hash, keep, alert).await?;
        return Ok(Redirect::to("/account?saved=password-others#password").into_response());
    }
    app.sessions.change_password(&me.actor(), account.id, &hash, SignOut::Nobody, alert).await?;
    Ok(Redirect::to("/account?saved=password#password").into_response())
}
