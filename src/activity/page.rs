//! `/account/activity`: the account's activity as a page, with filters, older entries a page at a
//! time, and "Sign out of this device" next to an entry whose device is still signed in.

use askama::Template;
use axum::extract::{Query, State};
use axum::response::Html;
use serde::Deserialize;

use super::listing::{self, FILTERS};
use crate::auth::Identity;
use crate::i18n::{Tr, key};
use crate::store::{ActivityEntry, ActivityKind};
use crate::web::{AccountHolder, BrowserSession, Chrome, WebError, format, render};

#[derive(Deserialize)]
pub struct ActivityParams {
    cursor: Option<String>,
    filter: Option<String>,
}

/// One entry as the page shows it.
pub struct EntryRow {
    pub what: String,
    /// The device's name and what it is ("Living room · TV"), when known.
    pub device: Option<String>,
    pub when: String,
    /// The time in RFC 3339, for `<time datetime>`.
    pub at: String,
    pub place: String,
    /// The device is still signed in, and is not this one: its id, for "Sign out of this device".
    pub sign_out: Option<String>,
    pub this_device: bool,
}

/// A filter's link, and whether it is the one shown.
pub struct FilterLink {
    pub href: String,
    pub label: String,
    pub current: bool,
}

#[derive(Template)]
#[template(path = "account/activity.html")]
struct ActivityPage {
    chrome: Chrome,
    entries: Vec<EntryRow>,
    filters: Vec<FilterLink>,
    /// Why the address was not followed as written (an unknown filter, an old cursor).
    note: Option<String>,
    /// The address of the next, older page.
    older: Option<String>,
    /// Signing another device out needs the password typed again.
    needs_password: bool,
}

/// `GET /account/activity?filter=sign-ins|watching&cursor=`: newest first. An unknown filter or a
/// cursor this server did not hand out is not an error here: the page says so and shows the newest.
pub async fn show(
    State(app): State<Identity>,
    AccountHolder(me): AccountHolder,
    Query(params): Query<ActivityParams>,
) -> Result<Html<String>, WebError> {
    let (chrome, _) = me.chrome(&app).await?;
    let tr = chrome.tr;
    let mut note = None;
    let category = listing::parse_filter(params.filter.as_deref()).unwrap_or_else(|_| {
        note = Some(tr.t("activity-unknown-filter"));
        None
    });
    let after = params.cursor.as_deref().filter(|text| !text.is_empty()).and_then(|text| {
        let cursor = listing::decode_cursor(text);
        if cursor.is_none() {
            note = Some(tr.t("activity-old-cursor"));
        }
        cursor
    });
    let page = listing::load(app.store.as_ref(), me.current.account.id, category, after).await?;
    let filter_name = category.and_then(listing::filter_name);
    let older = page.next_cursor.map(|cursor| match filter_name {
        Some(name) => format!("/account/activity?filter={name}&cursor={cursor}"),
        None => format!("/account/activity?cursor={cursor}"),
    });
    let now = crate::clock::now();
    let entries = page.entries.iter().map(|entry| row(tr, &me, entry, now)).collect();
    let mut filters = vec![FilterLink {
        href: "/account/activity".into(),
        label: tr.t("activity-filter-all"),
        current: filter_name.is_none(),
    }];
    filters.extend(FILTERS.iter().map(|filter| FilterLink {
        href: format!("/account/activity?filter={}", filter.name),
        label: tr.t(filter.label),
        current: filter_name == Some(filter.name),
    }));
    let needs_password = !app.sessions.recently_proved_password(&me.current.session);
    render(&ActivityPage { chrome, entries, filters, note, older, needs_password })
}

fn row(tr: Tr, me: &BrowserSession, entry: &ActivityEntry, now: time::OffsetDateTime) -> EntryRow {
    let device = entry.device_name.as_deref().map(|name| {
        let kind = entry.device_kind.map_or("other", |kind| kind.as_str());
        let what = tr.t(format::device_noun(kind, name).called(name));
        tr.t_args("activity-device", &[("name", name.into()), ("what", what.into())])
    });
    let place = match entry.address.as_deref() {
        Some(ip) if listing::same_network(entry, me.ip) => tr.t_with("place-same-network", "ip", ip),
        address => format::place(tr, address, None, me.ip),
    };
    let this_device = entry.session_id == Some(me.current.session.id);
    EntryRow {
        what: what_happened(tr, entry),
        device,
        when: format::ago(tr, entry.at, now),
        at: entry.at.format(&time::format_description::well_known::Rfc3339).unwrap_or_default(),
        place,
        sign_out: entry.session_id.filter(|_| entry.signed_in && !this_device).map(|id| id.to_string()),
        this_device,
    }
}

/// What happened, in a sentence: "Signed out by Parent's phone", "Started watching Big Film as Ada".
fn what_happened(tr: Tr, entry: &ActivityEntry) -> String {
    let text = |value: &Option<String>| value.clone().unwrap_or_default();
    let by = |alone: &str, with_by: &str| match &entry.by_device {
        Some(by) => tr.t_with(with_by, "device", by.as_str()),
        None => tr.t(alone),
    };
    match entry.kind {
        ActivityKind::SignedIn => tr.t("activity-signed-in"),
        ActivityKind::SignInFailed => tr.t_with("activity-wrong-password", "count", entry.count),
        ActivityKind::SignedOut => by(key("activity-signed-out"), key("activity-signed-out-by")),
        ActivityKind::SignedOutEverywhere => tr.t("activity-signed-out-everywhere"),
        ActivityKind::SignedOutByItself => tr.t("activity-signed-out-by-itself"),
        ActivityKind::PasswordChanged => tr.t("activity-password-changed"),
        ActivityKind::PasswordReset => tr.t("activity-password-reset"),
        ActivityKind::EmailChanged => tr.t("activity-email-changed"),
        ActivityKind::TvCodeAllowed => tr.t("activity-tv-code-allowed"),
        ActivityKind::TvCodeDenied => tr.t("activity-tv-code-denied"),
        ActivityKind::PinChanged => tr.t_with("activity-pin-changed", "profile", text(&entry.profile)),
        ActivityKind::MaturityChanged => tr.t_with("activity-maturity-changed", "profile", text(&entry.profile)),
        ActivityKind::StreamStarted => match &entry.profile {
            Some(profile) => tr.t_args(
                "activity-started-watching",
                &[("title", text(&entry.title).into()), ("profile", profile.as_str().into())],
            ),
            None => tr.t_with("activity-started-watching-no-profile", "title", text(&entry.title)),
        },
        ActivityKind::PlaybackStopped => by(key("activity-playback-stopped"), key("activity-playback-stopped-by")),
        ActivityKind::TwoStepOn => tr.t("activity-two-step-on"),
        ActivityKind::TwoStepOff => tr.t("activity-two-step-off"),
        ActivityKind::RecoveryCodeUsed => tr.t("activity-recovery-code-used"),
        ActivityKind::RecoveryCodesMade => tr.t("activity-recovery-codes-made"),
        ActivityKind::PasskeyAdded => tr.t_with("activity-passkey-added", "name", text(&entry.title)),
        ActivityKind::PasskeyRemoved => tr.t_with("activity-passkey-removed", "name", text(&entry.title)),
    }
}
