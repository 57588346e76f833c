//! Matroska and WebM headers, read with `matroska-demuxer`, which seeks from element to element and so
//! reads only the file's headers, not its clusters of media.

use std::fs::File;
use std::io::BufReader;

use matroska_demuxer::{MatroskaFile, TrackType};

use super::seconds;
use crate::catalog::scan::subtitles::track_language;
use crate::catalog::scan::{FoundTrack, MediaFacts, TrackKind};

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
        "S_TEXT/UTF8" | "S_TEXT/ASCII" => "subrip",
        "S_TEXT/ASS" | "S_ASS" => "ass",
        "S_TEXT/SSA" | "S_SSA" => "ssa",
        "S_TEXT/WEBVTT" => "webvtt",
        "S_HDMV/PGS" => "hdmv_pgs_subtitle",
        "S_HDMV/TEXTST" => "hdmv_text_subtitle",
        "S_VOBSUB" => "dvd_subtitle",
        "S_DVBSUB" => "dvb_subtitle",
        "S_KATE" => "kate",
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
    let mut facts = MediaFacts { duration_seconds: duration, ..MediaFacts::container_only(container) };
    for track in mkv.tracks() {
        let kind = match track.track_type() {
            TrackType::Video => {
                if facts.video_codec.is_none() {
                    facts.video_codec = Some(codec_name(track.codec_id()));
                    if let Some(video) = track.video() {
                        facts.width = i64::try_from(video.pixel_width().get()).ok();
                        facts.height = i64::try_from(video.pixel_height().get()).ok();
                    }
                }
                continue;
            }
            TrackType::Audio => TrackKind::Audio,
            TrackType::Subtitle => TrackKind::Subtitle,
            _ => continue,
        };
        let codec = codec_name(track.codec_id());
        if kind == TrackKind::Audio && facts.audio_codec.is_none() {
            facts.audio_codec = Some(codec.clone());
        }
        facts.tracks.push(FoundTrack {
            kind,
            codec,
            // A BCP 47 tag, where present, replaces the older element; only the language is kept ("fre-ca").
            language: track_language(
                track.language_bcp47().or(track.language()).map(|tag| tag.split('-').next().unwrap_or(tag)),
            ),
            name: track.name().map(str::trim).filter(|n| !n.is_empty()).map(str::to_owned),
            channels: track.audio().and_then(|audio| i64::try_from(audio.channels().get()).ok()),
            is_default: track.flag_default(),
            forced: track.flag_forced(),
        });
    }
    Ok(facts)
}

#[cfg(test)]
mod tests {
    use super::codec_name;

    #[test]
    fn matroska_codec_ids_get_ffmpeg_names() {
        for (id, name) in [
            ("S_TEXT/UTF8", "subrip"),
            ("S_TEXT/ASS", "ass"),
            ("S_ASS", "ass"),
            ("S_TEXT/SSA", "ssa"),
            ("S_SSA", "ssa"),
            ("S_TEXT/WEBVTT", "webvtt"),
            ("S_HDMV/PGS", "hdmv_pgs_subtitle"),
            ("S_VOBSUB", "dvd_subtitle"),
            ("A_AAC/MPEG4/LC", "aac"),
            ("A_DTS/EXPRESS", "dts"),
            ("A_EAC3", "eac3"),
            ("V_MPEGH/ISO/HEVC", "hevc"),
        ] {
            assert_eq!(codec_name(id), name, "{id}");
        }
    }
}
