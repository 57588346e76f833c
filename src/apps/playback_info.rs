//! `POST /Items/{id}/PlaybackInfo`: the item's file as a `MediaSourceInfo`, with its streams and
//! whether this app can play it as it is, decided from the app's `DeviceProfile` by the same rule as
//! Marquee's own player (`domain::playability`). A file the app cannot play as it is is said to need
//! conversion, which Jellyfin apps cannot have from Marquee yet (`NoCompatibleStream`).

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, State};
use serde_json::{Value, json};

use super::caller::Caller;
use super::error::JellyfinError;
use super::item_json::ticks;
use super::{ids, library};
use crate::domain::playability::{DeviceCaps, FileFacts, Method, decide};
use crate::playback::PlaybackState;
use crate::playback::tracks::{FileTracks, is_text_subtitle};

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

/// `POST /Items/{id}/PlaybackInfo` (and `GET`, which has no profile).
pub async fn playback_info(
    State(app): State<PlaybackState>,
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
    let chosen = tracks.default_audio().and_then(|position| tracks.audio_track(position));
    let facts = FileFacts {
        container: media.container.as_deref().unwrap_or("unknown"),
        video: media.video_codec.as_deref(),
        audio: chosen.map(|track| track.codec.as_str()),
        first_audio: chosen.is_none_or(|track| track.position == 0),
    };
    let direct = decide(&facts, &device_caps(&body)) == Method::Direct;
    let mut streams = vec![json!({
        "Type": "Video", "Index": 0, "Codec": media.video_codec, "Width": media.width, "Height": media.height,
        "IsDefault": true, "IsForced": false, "IsExternal": false, "IsTextSubtitleStream": false,
        "SupportsExternalStream": false,
    })];
    for track in &tracks.audio {
        streams.push(json!({
            "Type": "Audio", "Index": streams.len(), "Codec": track.codec, "Language": track.language,
            "Title": track.name, "Channels": track.channels, "IsDefault": track.is_default, "IsForced": false,
            "IsExternal": false, "IsTextSubtitleStream": false, "SupportsExternalStream": false,
        }));
    }
    for track in &tracks.subtitles {
        streams.push(json!({
            "Type": "Subtitle", "Index": streams.len(), "Codec": track.codec, "Language": track.language,
            "Title": track.name, "IsDefault": track.is_default, "IsForced": track.forced, "IsExternal": false,
            "IsTextSubtitleStream": is_text_subtitle(&track.codec), "SupportsExternalStream": false,
        }));
    }
    let source = json!({
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
        "MediaStreams": streams,
        "DefaultAudioStreamIndex": chosen.map(|c| 1 + tracks.audio.iter().position(|t| t.position == c.position).unwrap_or(0)),
        "DirectStreamUrl": format!("/Videos/{}/stream?static=true&MediaSourceId={}", ids::text(item), ids::text(media.id)),
    });
    let mut answer = json!({ "MediaSources": [source], "PlaySessionId": ids::text(uuid::Uuid::new_v4()) });
    if !direct {
        answer["ErrorCode"] = json!("NoCompatibleStream");
    }
    Ok(Json(answer))
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
