//! `GET …/playback`: how this device plays a file (as it is, remuxed or transcoded), decided from
//! what the device says it plays, with the file's sound tracks and subtitles to choose from.

use axum::Json;
use axum::extract::{Query, State};
use serde::{Deserialize, Serialize};

use super::hls::routes::{PLAYLIST_TYPE, check_variant, conversion_failed, plan_for};
use super::hls::variant::Variant;
use super::media::visible_media;
use super::tracks::{FileTracks, is_picture_subtitle, is_text_subtitle};
use crate::auth::ApiViewer;
use crate::domain::playability::{DeviceCaps, FileFacts, Method, Sound, decide};
use crate::error::AppError;
use crate::playback::PlaybackState;
use crate::store::Profile;
use crate::store::catalog::{SubtitleRecord, TrackRecord};
use crate::web::{JsonPathId, MediaId, PathId, Watching};

/// What a device says it plays, and the tracks it wants.
#[derive(Debug, Default, Deserialize)]
pub struct PlaybackQuery {
    video: Option<String>,
    audio: Option<String>,
    container: Option<String>,
    /// The sound track, counted from 0 among the file's sound tracks.
    audio_track: Option<String>,
    /// A picture subtitle track to draw onto the video (forces a transcode).
    burn_subtitle: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct Playback {
    pub method: &'static str,
    pub url: String,
    pub mime: String,
    pub audio_tracks: Vec<AudioTrackView>,
    pub subtitles: Vec<SubtitleView>,
    pub duration_seconds: Option<f64>,
}

#[derive(Debug, Serialize)]
pub struct AudioTrackView {
    pub index: i64,
    pub codec: String,
    pub language: Option<String>,
    pub name: Option<String>,
    pub channels: Option<i64>,
    pub default: bool,
    pub selected: bool,
}

#[derive(Debug, Serialize)]
pub struct SubtitleView {
    /// A file beside the video ("3") or a track inside it ("e0").
    pub id: String,
    /// "text" (a WebVTT `url`) or "picture" (drawn onto the video: ask again with `burn_subtitle`).
    pub kind: &'static str,
    pub language: Option<String>,
    pub name: Option<String>,
    pub forced: bool,
    pub url: Option<String>,
    pub burn_subtitle: Option<i64>,
    pub selected: bool,
}

/// `GET /api/v1/media/{media_id}/playback`.
pub async fn api_playback(
    State(app): State<PlaybackState>,
    viewer: ApiViewer,
    PathId { id, .. }: JsonPathId<MediaId>,
    query: Result<Query<PlaybackQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Json<Playback>, AppError> {
    let query = query.map_err(|_| AppError::bad_request("invalid_query", "The query string could not be read."))?;
    let base = format!("/api/v1/media/{id}");
    playback(&app, &viewer.profile, viewer.current.session.id, id, &query, &base).await.map(Json)
}

/// `GET /watch/{media_id}/playback` for the player page.
pub async fn page_playback(
    State(app): State<PlaybackState>,
    watching: Watching,
    PathId { id, .. }: JsonPathId<MediaId>,
    query: Result<Query<PlaybackQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Json<Playback>, AppError> {
    let query = query.map_err(|_| AppError::bad_request("invalid_query", "The query string could not be read."))?;
    let base = format!("/watch/{id}");
    let session_id = watching.session.current.session.id;
    playback(&app, &watching.profile, session_id, id, &query, &base).await.map(Json)
}

async fn playback(
    app: &PlaybackState,
    profile: &Profile,
    session_id: uuid::Uuid,
    id: uuid::Uuid,
    query: &PlaybackQuery,
    base: &str,
) -> Result<Playback, AppError> {
    let caps = DeviceCaps::from_lists(query.video.as_deref(), query.audio.as_deref(), query.container.as_deref())
        .map_err(|message| AppError::bad_request("unknown_codec", message))?;
    let audio_track = track_number(query.audio_track.as_deref(), "audio_track")?;
    let burn = track_number(query.burn_subtitle.as_deref(), "burn_subtitle")?;
    let media = visible_media(app, profile, id).await?;
    let catalog = app.store.catalog();
    let tracks = FileTracks::new(&media, catalog.media_tracks(media.id).await?);
    let chosen_audio = match audio_track {
        Some(position) => Some(tracks.audio_track(position).ok_or(AppError::NotFound("That sound track"))?),
        None => tracks.default_audio().and_then(|position| tracks.audio_track(position)),
    };
    let facts = FileFacts {
        container: media.container.as_deref().unwrap_or("unknown"),
        video: media.video_codec.as_deref(),
        audio: chosen_audio.map(|track| track.codec.as_str()),
        first_audio: chosen_audio.is_none_or(|track| track.position == 0),
    };
    let method = method_for(&facts, &caps, burn.is_some());
    let (url, mime) = if method == Method::Direct {
        (format!("{base}/stream"), super::stream::content_type_for(std::path::Path::new(&media.path)).to_owned())
    } else {
        let audio = chosen_audio.and_then(|track| u32::try_from(track.position).ok()).unwrap_or(0);
        let variant = Variant { method, audio_track: audio, burn_subtitle: burn };
        check_variant(&variant, &media, &tracks)?;
        plan_for(&variant, &media, None)?;
        if let Some(words) = app.transcoder.recent_failure(media.id, &variant) {
            return Err(conversion_failed(&words));
        }
        app.transcoder.room(session_id, variant.is_transcode()).await?;
        (format!("{base}/hls/{}/index.m3u8", variant.slug()), PLAYLIST_TYPE.to_owned())
    };
    let sidecars = catalog.subtitles(media.id).await?;
    Ok(Playback {
        method: method.name(),
        url,
        mime,
        audio_tracks: tracks.audio.iter().map(|track| audio_view(track, chosen_audio)).collect(),
        subtitles: subtitle_views(base, &sidecars, &tracks, burn),
        duration_seconds: media.duration_seconds,
    })
}

/// How a device plays a file: [`decide`], but always a transcode when picture subtitles are to be
/// drawn onto the video (`burn`), keeping what the sound would have been.
pub fn method_for(facts: &FileFacts<'_>, caps: &DeviceCaps, burn: bool) -> Method {
    let method = decide(facts, caps);
    if !burn {
        return method;
    }
    let sound = match method {
        Method::Direct if facts.audio.is_some() => Sound::ToAac,
        Method::Direct => Sound::Silent,
        Method::Remux(sound) | Method::Transcode(sound) => sound,
    };
    Method::Transcode(sound)
}

/// A track number from the query: digits only.
fn track_number(value: Option<&str>, name: &str) -> Result<Option<u32>, AppError> {
    let Some(value) = value.filter(|value| !value.is_empty()) else { return Ok(None) };
    let plain = value.len() <= 3 && value.bytes().all(|b| b.is_ascii_digit());
    plain
        .then(|| value.parse().ok())
        .flatten()
        .map(Some)
        .ok_or_else(|| AppError::bad_request("invalid_track", format!("{name} must be a track number (0, 1, 2, …).")))
}

fn audio_view(track: &TrackRecord, chosen: Option<&TrackRecord>) -> AudioTrackView {
    AudioTrackView {
        index: track.position,
        codec: track.codec.clone(),
        language: track.language.clone(),
        name: track.name.clone(),
        channels: track.channels,
        default: track.is_default,
        selected: chosen.is_some_and(|chosen| chosen.position == track.position),
    }
}

fn subtitle_views(
    base: &str,
    sidecars: &[SubtitleRecord],
    tracks: &FileTracks,
    burn: Option<u32>,
) -> Vec<SubtitleView> {
    let beside = sidecars.iter().map(|file| SubtitleView {
        id: file.track.to_string(),
        kind: "text",
        language: file.language.clone(),
        name: file.sdh.then(|| "SDH".to_owned()),
        forced: file.forced,
        url: Some(format!("{base}/subtitles/{}", file.track)),
        burn_subtitle: None,
        selected: false,
    });
    let inside = tracks.subtitles.iter().filter_map(|track| {
        let picture = is_picture_subtitle(&track.codec);
        if !picture && !is_text_subtitle(&track.codec) {
            return None;
        }
        Some(SubtitleView {
            id: format!("e{}", track.position),
            kind: if picture { "picture" } else { "text" },
            language: track.language.clone(),
            name: track.name.clone(),
            forced: track.forced,
            url: (!picture).then(|| format!("{base}/subtitles/e{}", track.position)),
            burn_subtitle: picture.then_some(track.position),
            selected: picture && burn.is_some_and(|burn| i64::from(burn) == track.position),
        })
    });
    beside.chain(inside).collect()
}
