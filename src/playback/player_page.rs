//! The player page (`/watch/{media_id}`): full window, resuming where the profile left off, with
//! subtitles, the next episode, and the "too many devices" page when the account's streams are used up.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use uuid::Uuid;

use super::leases::Player;
use crate::catalog::next_up;
use crate::domain::language::language_name;
use crate::i18n::{Msg, Tr};
use crate::playback::PlaybackState;
use crate::store::StreamStop;
use crate::store::catalog::{LeaseOutcome, MediaRecord, StreamLease, SubtitleRecord};
use crate::web::{Chrome, CsrfForm, MediaId, PathId, PlayingDeviceId, Viewer, WebError, render};

pub struct TrackView {
    pub index: i64,
    pub label: String,
    pub language: String,
}

#[derive(Template)]
#[template(path = "playback/watch.html")]
struct WatchPage {
    chrome: Chrome,
    media_id: String,
    title_id: String,
    title_name: String,
    episode_heading: String,
    /// What plays, for the page's title and the video's accessible name: "Name" or "Name, S1:E2 · Episode".
    video_label: String,
    start_seconds: String,
    /// Every browser plays the file as it is, so it can be the video's source before any script runs.
    plays_directly: bool,
    tracks: Vec<TrackView>,
    next_media_id: String,
    next_label: String,
    autoplay_next: bool,
    /// The scripts' words, as [`super::words::json`] writes them.
    words: String,
}

pub struct PlayingView {
    pub session_id: String,
    pub device: String,
    /// "Ada is watching The Film", or "Playing The Film" when no profile is known.
    pub what: String,
}

#[derive(Template)]
#[template(path = "playback/too_many.html")]
struct TooManyPage {
    chrome: Chrome,
    media_id: String,
    limit: i64,
    playing: Vec<PlayingView>,
}

/// `GET /watch/{media_id}`.
pub async fn page(
    State(app): State<PlaybackState>,
    viewer: Viewer,
    PathId { id, .. }: PathId<MediaId>,
) -> Result<Response, WebError> {
    let catalog = app.store.catalog();
    let level = viewer.profile.maturity;
    let media = catalog.media(id, level).await?.ok_or_else(|| WebError::not_found("That video"))?;
    if media.missing {
        return Err(unavailable());
    }
    let title = catalog.title(media.title_id, level).await?;
    let title = title.ok_or_else(|| WebError::not_found("That video"))?;
    let current = &viewer.session.current;
    let player = Player {
        account_id: current.account.id,
        session_id: current.session.id,
        profile_id: viewer.profile.id,
        media_id: id,
    };
    if let LeaseOutcome::TooMany(playing) = app.leases.hold(player).await? {
        return too_many(viewer.chrome, id, app.leases.limit(), &playing);
    }
    let progress = catalog.title_progress(viewer.profile.id, media.title_id).await?;
    let start = progress.iter().find(|p| p.media_id == id && !p.watched).map(|p| p.position_seconds).unwrap_or(0.0);
    let tracks = catalog.subtitles(id).await?;
    let next = if title.summary.kind == "show" {
        let all = catalog.title_media(media.title_id).await?;
        next_up::next_after(&all, id).map(|next| (next.id.to_string(), episode_heading(next)))
    } else {
        None
    };
    let (next_media_id, next_label) = next.unwrap_or_default();
    let episode_heading = if title.summary.kind == "show" { episode_heading(&media) } else { String::new() };
    let tr = viewer.chrome.tr;
    let page = WatchPage {
        autoplay_next: current.account.autoplay_next,
        words: super::words::json(tr),
        chrome: viewer.chrome,
        media_id: id.to_string(),
        title_id: media.title_id.to_string(),
        video_label: video_label(&title.summary.name, &episode_heading),
        title_name: title.summary.name.clone(),
        episode_heading,
        start_seconds: format!("{start:.1}"),
        plays_directly: !media.needs_ffmpeg_on_baseline(),
        tracks: tracks.iter().map(|track| track_view(tr, track)).collect(),
        next_media_id,
        next_label,
    };
    Ok(render(&page)?.into_response())
}

fn unavailable() -> WebError {
    WebError::said(StatusCode::NOT_FOUND, "video-unavailable-title", Msg::new("video-unavailable"))
}

/// "Name", or for an episode "Name, S1:E2 · The Episode".
fn video_label(title_name: &str, episode_heading: &str) -> String {
    if episode_heading.is_empty() { title_name.to_owned() } else { format!("{title_name}, {episode_heading}") }
}

/// "S1:E2 · The Name".
fn episode_heading(media: &MediaRecord) -> String {
    let mut heading = match (media.season, media.episode) {
        (Some(season), Some(episode)) => format!("S{season}:E{episode}"),
        _ => String::new(),
    };
    if let Some(name) = &media.name {
        if !heading.is_empty() {
            heading.push_str(" · ");
        }
        heading.push_str(name);
    }
    heading
}

fn track_view(tr: Tr, track: &SubtitleRecord) -> TrackView {
    let language = track.language.clone().unwrap_or_default();
    let mut label = match language_name(&language) {
        "" => tr.t("player-subtitles"),
        name => name.to_string(),
    };
    if track.forced {
        label.push_str(&format!(" ({})", tr.t("player-forced")));
    }
    if track.sdh {
        label.push_str(&format!(" ({})", tr.t("player-sdh")));
    }
    TrackView { index: track.track, label, language }
}

fn too_many(chrome: Chrome, media_id: Uuid, limit: i64, playing: &[StreamLease]) -> Result<Response, WebError> {
    let tr = chrome.tr;
    let what = |lease: &StreamLease| match &lease.profile_name {
        Some(profile) if !profile.is_empty() => {
            tr.t_args("too-many-watching", &[("profile", profile.into()), ("title", (&lease.title_name).into())])
        }
        _ => tr.t_with("too-many-playing", "title", &lease.title_name),
    };
    let page = TooManyPage {
        chrome,
        media_id: media_id.to_string(),
        limit,
        playing: playing
            .iter()
            .map(|lease| PlayingView {
                session_id: lease.session_id.to_string(),
                device: lease.device_name.clone(),
                what: what(lease),
            })
            .collect(),
    };
    Ok((StatusCode::CONFLICT, render(&page)?).into_response())
}

#[derive(Deserialize)]
pub struct StopForm {
    /// The video to go back to once the other device has stopped.
    #[serde(default)]
    media: String,
}

/// `POST /streams/{session_id}/stop`: stops playback on another device of the account.
pub async fn stop_other(
    State(app): State<PlaybackState>,
    viewer: Viewer,
    PathId { id: session_id, .. }: PathId<PlayingDeviceId>,
    CsrfForm(form): CsrfForm<StopForm>,
) -> Result<Response, WebError> {
    let account_id = viewer.session.current.account.id;
    // On every instance: its lease ends, its video responses end, its conversions stop.
    let by = viewer.session.actor();
    if app.sessions.stop_playback(&by, account_id, session_id).await? != (StreamStop::Stopped { was_playing: true }) {
        return Err(WebError::not_found("That device's playback"));
    }
    match Uuid::parse_str(&form.media) {
        Ok(media) => Ok(Redirect::to(&format!("/watch/{media}")).into_response()),
        Err(_) => Ok(Redirect::to("/browse").into_response()),
    }
}
