//! A title's page (`/title/{id}`): art, facts, cast, Play or Resume, My List, and a show's seasons.

use std::collections::HashMap;

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use serde::Deserialize;
use uuid::Uuid;

use super::next_up::{self, PlayChoice};
use crate::auth::Identity;
use crate::error::AppError;
use crate::i18n::{self, Msg, Tr};
use crate::store::catalog::{MediaRecord, ProgressRecord, TitleDetail};
use crate::web::{Chrome, CsrfForm, Viewer, WebError, render};

pub struct CastView {
    pub name: String,
    pub role: String,
}

pub struct EpisodeView {
    pub media_id: String,
    pub label: String,
    pub name: String,
    pub plot: String,
    pub thumb_url: String,
    pub duration: String,
    pub watched: bool,
    pub progress_percent: Option<u32>,
    pub available: bool,
    /// Its file needs converting for most browsers, and this server has no ffmpeg.
    pub needs_ffmpeg: bool,
}

pub struct SeasonView {
    pub key: String,
    pub heading: String,
    pub episodes: Vec<EpisodeView>,
}

#[derive(Template)]
#[template(path = "catalog/title.html")]
struct TitlePage {
    chrome: Chrome,
    id: String,
    name: String,
    meta: Vec<String>,
    genres: String,
    plot: String,
    cast: Vec<CastView>,
    has_backdrop: bool,
    available: bool,
    play_href: String,
    play_label: String,
    play_percent: Option<u32>,
    seasons: Vec<SeasonView>,
    in_my_list: bool,
    /// Why some files may not play here: they need converting and ffmpeg is not installed.
    ffmpeg_note: String,
}

/// A title id from the address; anything else is simply not found.
pub fn parse_id(raw: &str, what: &str) -> Result<Uuid, WebError> {
    Uuid::parse_str(raw).map_err(|_| WebError::not_found(what))
}

/// `GET /title/{id}`.
/// Whether ffmpeg is installed, so the title page can say when a file cannot play without it.
#[derive(Clone, Copy)]
pub struct FfmpegInstalled(pub bool);

pub async fn show(
    State(app): State<Identity>,
    State(FfmpegInstalled(has_ffmpeg)): State<FfmpegInstalled>,
    viewer: Viewer,
    Path(id): Path<String>,
) -> Result<Html<String>, WebError> {
    let id = parse_id(&id, "That title")?;
    let catalog = app.store.catalog();
    let title = catalog.title(id, viewer.profile.maturity).await.map_err(AppError::from)?;
    let title = title.ok_or_else(|| WebError::not_found("That title"))?;
    let media = catalog.title_media(id).await.map_err(AppError::from)?;
    let progress = catalog.title_progress(viewer.profile.id, id).await.map_err(AppError::from)?;
    let in_my_list = catalog.in_my_list(viewer.profile.id, id).await.map_err(AppError::from)?;
    let choice = next_up::play_choice(&media, &progress);
    let tr = viewer.chrome.tr;
    let (play_href, play_label, play_percent) = play_button(tr, choice.as_ref(), &media, title.summary.kind == "show");
    render(&TitlePage {
        ffmpeg_note: if has_ffmpeg { String::new() } else { ffmpeg_note(tr, &media) },
        chrome: viewer.chrome,
        id: id.to_string(),
        meta: meta(tr, &title, &media),
        genres: title.summary.genres().join(", "),
        plot: title.summary.plot.clone().unwrap_or_default(),
        cast: cast(&title.cast_json),
        has_backdrop: title.summary.has_backdrop,
        available: title.summary.available,
        play_href,
        play_label,
        play_percent,
        seasons: if title.summary.kind == "show" { seasons(tr, &media, &progress, has_ffmpeg) } else { Vec::new() },
        in_my_list,
        name: title.summary.name,
    })
}

/// Says which files need ffmpeg, which this server lacks; empty when none do.
fn ffmpeg_note(tr: Tr, media: &[MediaRecord]) -> String {
    let needing = media.iter().filter(|m| !m.missing && m.needs_ffmpeg_on_baseline()).count();
    let which = match (needing, media.len()) {
        (0, _) => return String::new(),
        (1, 1) => "one-of-one",
        (1, _) => "one",
        (n, total) if n == total => "all",
        _ => "some",
    };
    tr.t_args("ffmpeg-note", &[("which", which.into()), ("count", needing.into())])
}

/// Year, rating, runtime (or seasons) for the line under the name.
fn meta(tr: Tr, title: &TitleDetail, media: &[MediaRecord]) -> Vec<String> {
    let mut meta = Vec::new();
    meta.extend(title.summary.year.map(|y| y.to_string()));
    meta.extend(title.summary.certification.clone());
    if title.summary.kind == "show" {
        let mut seasons: Vec<i64> = media.iter().filter_map(|m| m.season).filter(|s| *s > 0).collect();
        seasons.dedup();
        meta.push(tr.t_with("title-seasons", "count", seasons.len()));
    } else {
        // What the files really last, when a scan measured them, rather than what the metadata says.
        let measured = media.iter().filter_map(|m| m.duration_seconds).filter(|d| *d > 0.0).reduce(f64::max);
        let runtime = measured.or(title.runtime_seconds.map(|s| s as f64));
        meta.extend(runtime.map(|seconds| i18n::duration(tr, seconds)));
    }
    meta
}

fn cast(json: &str) -> Vec<CastView> {
    #[derive(Deserialize)]
    struct Member {
        name: String,
        role: Option<String>,
    }
    serde_json::from_str::<Vec<Member>>(json)
        .unwrap_or_default()
        .into_iter()
        .map(|m| CastView { name: m.name, role: m.role.unwrap_or_default() })
        .collect()
}

fn play_button(
    tr: Tr,
    choice: Option<&PlayChoice>,
    media: &[MediaRecord],
    show: bool,
) -> (String, String, Option<u32>) {
    let Some(choice) = choice else { return (String::new(), String::new(), None) };
    let file = media.iter().find(|m| m.id == choice.media_id);
    let episode = match file {
        Some(MediaRecord { season: Some(s), episode: Some(e), .. }) if show => format!(" S{s}:E{e}"),
        _ => String::new(),
    };
    let verb = tr.t(if choice.resuming { "title-resume" } else { "title-play" });
    let percent = file.and_then(|m| percent(choice.start_seconds, m.duration_seconds)).filter(|_| choice.resuming);
    (format!("/watch/{}", choice.media_id), format!("{verb}{episode}"), percent)
}

fn percent(position: f64, duration: Option<f64>) -> Option<u32> {
    duration.filter(|d| *d > 0.0).map(|d| ((position / d) * 100.0).clamp(0.0, 100.0) as u32)
}

fn seasons(tr: Tr, media: &[MediaRecord], progress: &[ProgressRecord], has_ffmpeg: bool) -> Vec<SeasonView> {
    let by_media: HashMap<Uuid, &ProgressRecord> = progress.iter().map(|p| (p.media_id, p)).collect();
    let mut seasons: Vec<SeasonView> = Vec::new();
    let mut ordered: Vec<&MediaRecord> = media.iter().collect();
    ordered.sort_by_key(|m| (m.season == Some(0), m.season, m.episode));
    for file in ordered {
        let number = file.season.unwrap_or(1);
        let key = format!("season-{number}");
        if seasons.last().is_none_or(|s| s.key != key) {
            let heading =
                if number == 0 { tr.t("title-specials") } else { tr.t_with("title-season", "number", number) };
            seasons.push(SeasonView { key: key.clone(), heading, episodes: Vec::new() });
        }
        let seen = by_media.get(&file.id);
        let label = match (file.episode, file.episode_end) {
            (Some(first), Some(last)) if last > first => format!("{first}–{last}"),
            (Some(first), _) => first.to_string(),
            _ => String::new(),
        };
        let episode = EpisodeView {
            media_id: file.id.to_string(),
            name: file.name.clone().unwrap_or_else(|| tr.t_with("title-episode", "number", &label)),
            label,
            plot: file.plot.clone().unwrap_or_default(),
            thumb_url: format!("/art/media/{}/thumb", file.id),
            duration: file.duration_seconds.map(|seconds| i18n::duration(tr, seconds)).unwrap_or_default(),
            watched: seen.is_some_and(|p| p.watched),
            progress_percent: seen
                .filter(|p| !p.watched && p.position_seconds > 0.0)
                .and_then(|p| percent(p.position_seconds, file.duration_seconds)),
            available: !file.missing,
            needs_ffmpeg: !has_ffmpeg && file.needs_ffmpeg_on_baseline(),
        };
        if let Some(season) = seasons.last_mut() {
            season.episodes.push(episode);
        }
    }
    seasons
}

#[derive(Deserialize)]
pub struct MyListForm {
    /// "add" or "remove".
    action: String,
}

/// `POST /title/{id}/my-list`: adds the title to the profile's list or takes it off.
pub async fn my_list(
    State(app): State<Identity>,
    viewer: Viewer,
    Path(id): Path<String>,
    CsrfForm(form): CsrfForm<MyListForm>,
) -> Result<Response, WebError> {
    let id = parse_id(&id, "That title")?;
    let catalog = app.store.catalog();
    let visible = catalog.title(id, viewer.profile.maturity).await.map_err(AppError::from)?;
    if visible.is_none() {
        return Err(WebError::not_found("That title"));
    }
    let on = match form.action.as_str() {
        "add" => true,
        "remove" => false,
        _ => {
            return Err(WebError::said(StatusCode::BAD_REQUEST, "error-bad-request-title", Msg::new("my-list-choose")));
        }
    };
    catalog.set_in_my_list(viewer.profile.id, id, on, crate::clock::now()).await.map_err(AppError::from)?;
    Ok(Redirect::to(&format!("/title/{id}")).into_response())
}
