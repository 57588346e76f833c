//! The playlists and segments of an HLS stream, for the player page (session cookie) and for apps
//! (bearer token), under the same rules as the file itself: the profile's maturity level, the
//! account's stream limit, and an end the moment the session ends.

use std::sync::Arc;

use axum::Extension;
use axum::extract::{Path as UrlPath, State};
use axum::http::{HeaderMap, HeaderValue, Method, header};
use axum::response::{IntoResponse, Response};

use super::Transcoder;
use super::job::{Job, JobSpec, SegmentError};
use super::plan::{Plan, master_playlist_to};
use super::variant::Variant;
use crate::auth::ApiViewer;
use crate::connection::ConnectionCut;
use crate::domain::playability::{Method as PlayMethod, Sound};
use crate::error::AppError;
use crate::playback::PlaybackState;
use crate::playback::media::{media_path, visible_media};
use crate::playback::requester::Requester;
use crate::playback::stream;
use crate::playback::tracks::{FileTracks, is_picture_subtitle};
use crate::store::catalog::MediaRecord;
use crate::web::{JsonPathId, MediaId, PathId, Watching};

/// Sound that MPEG-TS segments carry as it is.
const COPYABLE_SOUND: [&str; 4] = ["aac", "mp3", "ac3", "eac3"];
/// Pictures that MPEG-TS segments carry as they are.
const COPYABLE_PICTURE: [&str; 2] = ["h264", "hevc"];

pub const PLAYLIST_TYPE: &str = "application/vnd.apple.mpegurl";

/// `GET /watch/{media_id}/hls/{variant}/{file}` for the player page.
pub async fn page_file(
    State(app): State<PlaybackState>,
    watching: Watching,
    PathId { id, .. }: JsonPathId<MediaId>,
    UrlPath((_, variant, file)): UrlPath<(String, String, String)>,
    cut: Option<Extension<ConnectionCut>>,
    method: Method,
    headers: HeaderMap,
) -> Response {
    let who = Requester::page(&app, &watching, cut);
    hls_file(&who, id, &variant, &file, &PlaylistLinks::default(), &method, &headers)
        .await
        .unwrap_or_else(IntoResponse::into_response)
}

/// `GET /api/v1/media/{media_id}/hls/{variant}/{file}` for apps and TVs.
pub async fn api_file(
    State(app): State<PlaybackState>,
    viewer: ApiViewer,
    PathId { id, .. }: JsonPathId<MediaId>,
    UrlPath((_, variant, file)): UrlPath<(String, String, String)>,
    cut: Option<Extension<ConnectionCut>>,
    method: Method,
    headers: HeaderMap,
) -> Response {
    let who = Requester::api(&app, &viewer, &headers, cut);
    hls_file(&who, id, &variant, &file, &PlaylistLinks::default(), &method, &headers)
        .await
        .unwrap_or_else(IntoResponse::into_response)
}

/// How a stream's playlists name what comes next, relative to the playlist itself: the media
/// playlist (in the multivariant one), and each segment as `{before}{index}.ts{after}`. By default
/// the names the stream's own files go by (`video.m3u8`, `0.ts`), all in one folder.
pub struct PlaylistLinks {
    pub media: String,
    pub segment_before: String,
    pub segment_after: String,
}

impl Default for PlaylistLinks {
    fn default() -> Self {
        Self { media: "video.m3u8".into(), segment_before: String::new(), segment_after: String::new() }
    }
}

enum File {
    Master,
    Media,
    Segment(usize),
}

fn file_named(name: &str) -> Option<File> {
    match name {
        "index.m3u8" => Some(File::Master),
        "video.m3u8" => Some(File::Media),
        _ => {
            let digits = name.strip_suffix(".ts")?;
            let plain = !digits.is_empty() && digits.len() <= 6 && digits.bytes().all(|b| b.is_ascii_digit());
            plain.then(|| digits.parse().ok()).flatten().map(File::Segment)
        }
    }
}

/// One file of stream `variant` of media `id`: `index.m3u8` (multivariant), `video.m3u8` (media)
/// or `{n}.ts`, for whoever `who` is, within their profile's level and their account's limits.
pub async fn hls_file(
    who: &Requester<'_>,
    id: uuid::Uuid,
    variant: &str,
    file: &str,
    links: &PlaylistLinks,
    method: &Method,
    headers: &HeaderMap,
) -> Result<Response, AppError> {
    if *method != Method::GET && *method != Method::HEAD {
        return Err(AppError::MethodNotAllowed);
    }
    let media = visible_media(who.app, who.profile, id).await?;
    let variant = Variant::parse(variant).ok_or(AppError::NotFound("That stream"))?;
    let file = file_named(file).ok_or(AppError::NotFound("That part of the stream"))?;
    let source = media_path(who.app, &media).await?;
    who.hold_stream(media.id).await?;
    let transcoder = &who.app.transcoder;
    // A segment of the stream this device is already playing needs nothing read again.
    if let File::Segment(index) = file
        && let Some(job) = transcoder.current(who.session_id, media.id, &variant)
    {
        return segment(who, &job, index, method, headers).await;
    }
    let tracks = FileTracks::new(&media, who.app.store.catalog().media_tracks(media.id).await?);
    check_variant(&variant, &media, &tracks)?;
    let keyframes = match variant.method {
        PlayMethod::Remux(_) => who.app.store.catalog().keyframes(media.id).await?,
        _ => None,
    };
    let plan = plan_for(&variant, &media, keyframes.as_deref())?;
    match file {
        File::Master => Ok(playlist(master_playlist_to(bandwidth(&media), size(&media), &links.media))),
        File::Media => Ok(playlist(plan.media_playlist_linked(&links.segment_before, &links.segment_after))),
        File::Segment(index) => {
            let spec = JobSpec { media_id: media.id, source, variant, plan };
            let (job, created) = transcoder.start(who.session_id, spec).await?;
            if created {
                watch_session(who, transcoder.clone(), job.clone());
            }
            segment(who, &job, index, method, headers).await
        }
    }
}

/// Ends the stream when the session ends or its playback is stopped, unless it ends first.
fn watch_session(who: &Requester<'_>, transcoder: Arc<Transcoder>, job: Arc<Job>) {
    let session_end = who.playback_end();
    tokio::spawn(async move {
        tokio::select! {
            () = session_end => transcoder.stop_job(&job).await,
            () = job.finished() => {}
        }
    });
}

async fn segment(
    who: &Requester<'_>,
    job: &Job,
    index: usize,
    method: &Method,
    headers: &HeaderMap,
) -> Result<Response, AppError> {
    let path = match job.segment(index).await {
        Ok(path) => path,
        Err(SegmentError::Failed(words)) => {
            who.app.transcoder.remember_failure(job.media_id, &job.variant, &words);
            return Err(conversion_failed(&words));
        }
        Err(error) => return Err(segment_error(error)),
    };
    let stop = who.cut_at_session_end();
    match stream::serve_file(&path, "video/mp2t", method, headers, stop).await {
        Ok(response) => Ok(response),
        Err(_) => Err(AppError::Unavailable {
            code: "stream_interrupted",
            message: "That part of the video was being replaced (the player jumped elsewhere). Try again.".into(),
        }),
    }
}

/// Refuses a variant that does not fit the file: a sound track it lacks, sound or picture that
/// cannot be copied, or subtitles to burn in that are not pictures.
pub fn check_variant(variant: &Variant, media: &MediaRecord, tracks: &FileTracks) -> Result<(), AppError> {
    let not_found = AppError::NotFound("That stream");
    if variant.sound() != Sound::Silent {
        let track = tracks.audio_track(variant.audio_track).ok_or(AppError::NotFound("That sound track"))?;
        if variant.sound() == Sound::Copy && !COPYABLE_SOUND.contains(&track.codec.as_str()) {
            return Err(not_found);
        }
    }
    if let PlayMethod::Remux(_) = variant.method
        && !media.video_codec.as_deref().is_some_and(|codec| COPYABLE_PICTURE.contains(&codec))
    {
        return Err(not_found);
    }
    if let Some(position) = variant.burn_subtitle {
        let track = tracks.subtitle_track(position).ok_or(AppError::NotFound("That subtitle track"))?;
        if !is_picture_subtitle(&track.codec) {
            return Err(not_found);
        }
    }
    Ok(())
}

/// The segments of this variant of the file.
pub fn plan_for(variant: &Variant, media: &MediaRecord, keyframes: Option<&[i64]>) -> Result<Plan, AppError> {
    let duration = media.duration_seconds.unwrap_or(0.0);
    let plan = match variant.method {
        PlayMethod::Remux(_) => Plan::on_keyframes(duration, keyframes),
        _ => Plan::grid(duration),
    };
    plan.ok_or_else(|| AppError::Unprocessable {
        code: "unknown_length",
        message: "This video's length could not be read from its file, so it cannot be converted for this \
                  device. Scan the library again, or convert the file to MP4 (H.264 and AAC)."
            .into(),
    })
}

fn segment_error(error: SegmentError) -> AppError {
    match error {
        SegmentError::NotInPlan => AppError::NotFound("That part of the stream"),
        SegmentError::Failed(words) => conversion_failed(&words),
        SegmentError::Stopped => AppError::Conflict {
            code: "stream_ended",
            message: "This stream has ended (another video started on this device, or it was signed out).".into(),
        },
        SegmentError::TooSlow => AppError::Unavailable {
            code: "transcoding_slow",
            message: "The server is too busy to convert this video in time. Try again in a moment.".into(),
        },
    }
}

/// 422 `conversion_failed`, with ffmpeg's own words.
pub fn conversion_failed(words: &str) -> AppError {
    AppError::Unprocessable {
        code: "conversion_failed",
        message: format!("This video could not be converted for this device; its file may be damaged ({words})."),
    }
}

fn playlist(text: String) -> Response {
    let mut response = text.into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(PLAYLIST_TYPE));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// A rough bit rate for the multivariant playlist: the file's own.
fn bandwidth(media: &MediaRecord) -> u64 {
    let seconds = media.duration_seconds.filter(|d| *d > 0.0).unwrap_or(1.0);
    ((media.size.max(0) as f64 * 8.0 / seconds) as u64).max(100_000)
}

fn size(media: &MediaRecord) -> Option<(i64, i64)> {
    let (width, height) = (media.width?, media.height?);
    (width > 0 && height > 0).then_some((width, height))
}
