//! `POST /Items/{id}/PlaybackInfo`: the item's file as a `MediaSourceInfo`, with its streams and
//! how this app plays it, decided from the app's `DeviceProfile` by the same rule as Marquee's own
//! player (`domain::playability`, through `playback::choose`): as it is, or else remuxed or
//! transcoded to HLS at a `TranscodingUrl` that carries a stream grant, never a token.
//! `NoCompatibleStream` is left only for what Marquee cannot convert.

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, State};
use serde_json::{Value, json};

use super::caller::Caller;
use super::error::JellyfinError;
use super::item_json::ticks;
use super::media_streams::MediaStreams;
use super::server::JellyfinServer;
use super::stream_grant::{self, StreamGrant};
use super::{ids, library};
use crate::domain::playability::{DeviceCaps, FileFacts, Method};
use crate::playback::PlaybackState;
use crate::playback::choose::method_for;
use crate::playback::hls::Refusal;
use crate::playback::hls::routes::{check_variant, plan_for};
use crate::playback::hls::variant::Variant;
use crate::playback::tracks::FileTracks;
use crate::store::catalog::MediaRecord;

/// A field of a JSON object, whatever its letter case.
fn field<'a>(body: &'a Value, name: &str) -> Option<&'a Value> {
    body.as_object()?.iter().find(|(key, _)| key.eq_ignore_ascii_case(name)).map(|(_, value)| value)
}

/// What the app plays, from its `DeviceProfile.DirectPlayProfiles` (video ones); names Marquee does
/// not know are left out. No profile: what every device plays (H.264 and AAC in MP4).
pub fn device_caps(body: &Value) -> DeviceCaps {
    let profiles = field(body, "deviceprofile").and_then(|p| field(p, "directplayprofiles")).and_then(Value::as_array);
    let Some(profiles) = profiles else { return DeviceCaps::baseline() };
    let (mut video, mut audio, mut containers) = (Vec::new(), Vec::new(), Vec::new());
    for profile in profiles.iter().filter(|p| field(p, "type").and_then(Value::as_str).is_none_or(|t| t == "Video")) {
        let names = |key: &str| -> Vec<String> {
            field(profile, key)
                .and_then(Value::as_str)
                .unwrap_or("")
                .split(',')
                .map(|n| n.trim().to_ascii_lowercase())
                .filter(|n| !n.is_empty())
                .collect()
        };
        video.extend(names("videocodec").into_iter().filter(|n| DeviceCaps::from_lists(Some(n), None, None).is_ok()));
        audio.extend(names("audiocodec").into_iter().filter(|n| DeviceCaps::from_lists(None, Some(n), None).is_ok()));
        containers
            .extend(names("container").into_iter().filter(|n| DeviceCaps::from_lists(None, None, Some(n)).is_ok()));
    }
    let list = |names: &Vec<String>| (!names.is_empty()).then(|| names.join(","));
    DeviceCaps::from_lists(list(&video).as_deref(), list(&audio).as_deref(), list(&containers).as_deref())
        .unwrap_or_else(|_| DeviceCaps::baseline())
}

/// A stream number the app chose in its request (`AudioStreamIndex`, `SubtitleStreamIndex`).
fn chosen_index(body: &Value, name: &str) -> Option<usize> {
    let value = field(body, name)?;
    value.as_u64().or_else(|| value.as_str()?.parse().ok()).and_then(|n| usize::try_from(n).ok())
}

/// `POST /Items/{id}/PlaybackInfo` (and `GET`, which has no profile).
pub async fn playback_info(
    State(app): State<PlaybackState>,
    State(server): State<JellyfinServer>,
    caller: Caller,
    Path(id): Path<String>,
    body: Bytes,
) -> Result<Json<Value>, JellyfinError> {
    let body: Value = if body.iter().all(u8::is_ascii_whitespace) {
        json!({})
    } else {
        serde_json::from_slice(&body).map_err(|_| JellyfinError::bad_request("Send the playback request as JSON."))?
    };
    let item = ids::parse(&id).ok_or_else(|| JellyfinError::not_found("That item"))?;
    let source = field(&body, "mediasourceid").and_then(Value::as_str).and_then(ids::parse);
    let media_id = library::playable(&app, &caller, item, source).await?;
    let catalog = app.store.catalog();
    let media = catalog.media(media_id, caller.level()).await?.ok_or_else(|| JellyfinError::not_found("That item"))?;
    let tracks = FileTracks::new(&media, catalog.media_tracks(media.id).await?);
    let sidecars = catalog.subtitles(media.id).await?;
    let streams = MediaStreams::new(&tracks, &sidecars);
    let chosen = chosen_index(&body, "audiostreamindex")
        .and_then(|index| streams.audio_at(index))
        .or_else(|| tracks.default_audio().and_then(|position| tracks.audio_track(position)));
    let burn = chosen_index(&body, "subtitlestreamindex")
        .and_then(|index| streams.subtitle_at(index))
        .and_then(|source| source.picture_position());
    let facts = FileFacts {
        container: media.container.as_deref().unwrap_or("unknown"),
        video: media.video_codec.as_deref(),
        audio: chosen.map(|track| track.codec.as_str()),
        first_audio: chosen.is_none_or(|track| track.position == 0),
    };
    let method = method_for(&facts, &device_caps(&body), burn.is_some());
    let grant = StreamGrant {
        session_id: caller.current.session.id,
        profile_id: caller.profile.id,
        media_id: media.id,
        expires_at: crate::clock::now().unix_timestamp() + stream_grant::LIFETIME_SECS,
    };
    let grant = server.stream_grants(&app).await?.sign(&grant);
    let direct = method == Method::Direct;
    let mut source = json!({
        "Protocol": "File",
        "Id": ids::text(media.id),
        "Type": "Default",
        "Container": media.container,
        "Size": media.size,
        "Name": media.version.clone().or(media.name.clone()).unwrap_or_else(|| "Default".into()),
        "IsRemote": false,
        "RunTimeTicks": media.duration_seconds.map(ticks),
        "SupportsDirectPlay": direct,
        "SupportsDirectStream": direct,
        "SupportsTranscoding": false,
        "IsInfiniteStream": false,
        "RequiresOpening": false,
        "RequiresClosing": false,
        "SupportsProbing": false,
        "VideoType": "VideoFile",
        "MediaStreams": streams.json(&media, item, &format!("Grant={grant}")),
        "DefaultAudioStreamIndex": chosen.and_then(|track| streams.audio_index(track.position)),
        "DirectStreamUrl": format!("/Videos/{}/stream?static=true&MediaSourceId={}", ids::text(item), ids::text(media.id)),
    });
    let mut error = None;
    if !direct {
        let audio_track = chosen.and_then(|track| u32::try_from(track.position).ok()).unwrap_or(0);
        let variant = Variant { method, audio_track, burn_subtitle: burn };
        match convertible(&app, caller.current.session.id, &media, &tracks, &variant).await {
            Ok(()) => {
                source["SupportsTranscoding"] = json!(true);
                source["TranscodingUrl"] = json!(format!(
                    "/videos/{}/master.m3u8?MediaSourceId={}&Variant={}&Grant={grant}",
                    ids::text(item),
                    ids::text(media.id),
                    variant.slug()
                ));
                source["TranscodingSubProtocol"] = json!("hls");
                source["TranscodingContainer"] = json!("ts");
            }
            Err(code) => error = Some(code),
        }
    }
    let mut answer = json!({ "MediaSources": [source], "PlaySessionId": ids::text(uuid::Uuid::new_v4()) });
    if let Some(code) = error {
        answer["ErrorCode"] = json!(code);
    }
    Ok(Json(answer))
}

/// Whether Marquee can convert the file this way for this device now, by the checks the player
/// page's `playback` makes; otherwise Jellyfin's code for why not: `NoCompatibleStream` (no ffmpeg,
/// a file it cannot convert, or one that just failed to) or `RateLimitExceeded` (every transcode
/// slot is taken).
async fn convertible(
    app: &PlaybackState,
    session_id: uuid::Uuid,
    media: &MediaRecord,
    tracks: &FileTracks,
    variant: &Variant,
) -> Result<(), &'static str> {
    const CANNOT: &str = "NoCompatibleStream";
    if !app.transcoder.has_ffmpeg()
        || check_variant(variant, media, tracks).is_err()
        || plan_for(variant, media, None).is_err()
        || app.transcoder.recent_failure(media.id, variant).is_some()
    {
        return Err(CANNOT);
    }
    match app.transcoder.room(session_id, variant.is_transcode()).await {
        Ok(()) => Ok(()),
        Err(Refusal::Busy { .. }) => Err("RateLimitExceeded"),
        Err(Refusal::NoFfmpeg) => Err(CANNOT),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_device_profile_says_what_plays_and_unknown_names_are_left_out() {
        let body = json!({"DeviceProfile": {"DirectPlayProfiles": [
            {"Container": "mkv,mp4,webma", "VideoCodec": "h264,hevc,vc1", "AudioCodec": "aac,ac3,truehd", "Type": "Video"},
            {"Container": "flac", "AudioCodec": "flac", "Type": "Audio"}
        ]}});
        let caps = device_caps(&body);
        assert!(caps.plays_video("hevc") && caps.plays_audio("ac3") && caps.plays_container("mkv"));
        assert!(!caps.plays_audio("flac"), "audio-only profiles are not the video's");
        assert_eq!(device_caps(&json!({})), DeviceCaps::baseline());
    }
}
