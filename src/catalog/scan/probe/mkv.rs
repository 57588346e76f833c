//! Matroska and WebM headers, read with `matroska-demuxer`, which seeks from element to element and so
//! reads only the file's headers, not its clusters of media.

use std::fs::File;
use std::io::BufReader;

use matroska_demuxer::{MatroskaFile, TrackType};

use super::seconds;
use crate::catalog::scan::MediaFacts;

/// Short codec names for Matroska codec ids (`V_MPEG4/ISO/AVC` → `h264`).
fn codec_name(codec_id: &str) -> String {
    let id = codec_id.to_ascii_uppercase();
    let known = match id.as_str() {
        "V_MPEG4/ISO/AVC" => "h264",
        "V_MPEGH/ISO/HEVC" => "hevc",
        "V_VP9" => "vp9",
        "V_VP8" => "vp8",
        "V_AV1" => "av1",
        "V_MPEG2" | "V_MPEG1" => "mpeg2video",
        "A_OPUS" => "opus",
        "A_VORBIS" => "vorbis",
        "A_FLAC" => "flac",
        "A_AC3" => "ac3",
        "A_EAC3" => "eac3",
        "A_MPEG/L3" => "mp3",
        "A_MPEG/L2" => "mp2",
        "A_TRUEHD" => "truehd",
        _ if id.starts_with("A_AAC") => "aac",
        _ if id.starts_with("A_DTS") => "dts",
        _ if id.starts_with("A_PCM") => "pcm",
        _ if id.starts_with("V_MPEG4/") => "mpeg4",
        _ => return id.split_once('_').map_or(id.as_str(), |(_, rest)| rest).to_ascii_lowercase(),
    };
    known.to_owned()
}

pub(super) fn read(file: File) -> Result<MediaFacts, String> {
    let mkv = MatroskaFile::open(BufReader::new(file))
        .map_err(|e| format!("the file is not a complete Matroska file: {e}"))?;
    let container = if mkv.ebml_header().doc_type().eq_ignore_ascii_case("webm") { "webm" } else { "mkv" };
    let info = mkv.info();
    let duration = info.duration().and_then(|d| seconds(d * info.timestamp_scale().get() as f64 / 1e9));
    let mut facts = MediaFacts {
        container: container.to_owned(),
        duration_seconds: duration,
        video_codec: None,
        audio_codec: None,
        width: None,
        height: None,
    };
    for track in mkv.tracks() {
        match track.track_type() {
            TrackType::Video if facts.video_codec.is_none() => {
                facts.video_codec = Some(codec_name(track.codec_id()));
                if let Some(video) = track.video() {
                    facts.width = i64::try_from(video.pixel_width().get()).ok();
                    facts.height = i64::try_from(video.pixel_height().get()).ok();
                }
            }
            TrackType::Audio if facts.audio_codec.is_none() => facts.audio_codec = Some(codec_name(track.codec_id())),
            _ => {}
        }
    }
    Ok(facts)
}
