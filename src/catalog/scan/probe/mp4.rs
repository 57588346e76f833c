//! MP4, M4V and MOV headers: the top-level boxes are stepped over by seeking, only `ftyp` and `moov` are
//! read into memory, and `mp4parse` (Firefox's parser) reads the tracks from them.

use std::fs::File;
use std::io::{BufReader, Cursor, Read, Seek, SeekFrom};

use mp4parse::{SampleEntry, TrackType};

use super::mp4_codecs::codec_name;
use super::{mp4_keyframes, mp4_tracks, seconds};
use crate::catalog::scan::MediaFacts;

/// A movie header larger than this is not believed (a long film's is a few MiB).
const MAX_MOOV_BYTES: u64 = 256 * 1024 * 1024;

fn incomplete(why: impl std::fmt::Display) -> String {
    format!("the file is not a complete MP4: {why}")
}

/// The `ftyp` and `moov` boxes of the file, headers included, one after the other.
fn header_boxes(file: File, size: u64) -> Result<Vec<u8>, String> {
    let mut reader = BufReader::new(file);
    let mut pos = 0u64;
    let mut kept = Vec::new();
    let mut found_moov = false;
    while pos < size {
        reader.seek(SeekFrom::Start(pos)).map_err(incomplete)?;
        let mut header = [0u8; 8];
        reader.read_exact(&mut header).map_err(|_| incomplete("it ends inside a box header"))?;
        let mut box_size = u64::from(u32::from_be_bytes([header[0], header[1], header[2], header[3]]));
        let kind = [header[4], header[5], header[6], header[7]];
        let mut header_len = 8u64;
        if box_size == 1 {
            let mut large = [0u8; 8];
            reader.read_exact(&mut large).map_err(|_| incomplete("it ends inside a box header"))?;
            box_size = u64::from_be_bytes(large);
            header_len = 16;
        } else if box_size == 0 {
            box_size = size - pos;
        }
        if box_size < header_len {
            return Err(incomplete(format!("the box at byte {pos} has an impossible size")));
        }
        let end = pos.checked_add(box_size).ok_or_else(|| incomplete("a box has an impossible size"))?;
        if end > size {
            return Err(incomplete(format!(
                "it ends at byte {size}, inside the '{}' box that should run to byte {end}",
                String::from_utf8_lossy(&kind)
            )));
        }
        if &kind == b"ftyp" || &kind == b"moov" {
            if box_size > MAX_MOOV_BYTES {
                return Err(incomplete("its movie header is implausibly large"));
            }
            reader.seek(SeekFrom::Start(pos)).map_err(incomplete)?;
            let start = kept.len();
            kept.resize(start + box_size as usize, 0);
            reader.read_exact(&mut kept[start..]).map_err(incomplete)?;
            found_moov |= &kind == b"moov";
        }
        pos = end;
    }
    if !found_moov {
        return Err(incomplete("it has no movie header ('moov' box)"));
    }
    Ok(kept)
}

fn longest_of(a: Option<f64>, b: Option<f64>) -> Option<f64> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.max(b)),
        (a, b) => a.or(b),
    }
}

/// Sample-entry names that `mp4parse` does not name a codec for (HEVC, Dolby audio), from each `stsd`
/// box: its first entry's four letters sit 16 bytes after the box's name.
fn fourcc_codecs(moov: &[u8]) -> (Option<&'static str>, Option<&'static str>) {
    let mut video = None;
    let mut audio = None;
    for at in moov.windows(4).enumerate().filter(|(_, w)| *w == b"stsd").map(|(i, _)| i) {
        let Some(fourcc) = moov.get(at + 16..at + 20) else { continue };
        match fourcc {
            b"hvc1" | b"hev1" | b"dvh1" | b"dvhe" => video = video.or(Some("hevc")),
            b"avc1" | b"avc3" => video = video.or(Some("h264")),
            b"ac-3" => audio = audio.or(Some("ac3")),
            b"ec-3" => audio = audio.or(Some("eac3")),
            b"mp4a" => audio = audio.or(Some("aac")),
            _ => {}
        }
    }
    (video, audio)
}

/// The picture's size from the track header where the sample entry gave none. The header's size is
/// 16.16 fixed point, and includes the pixel aspect ratio.
fn header_size(track: &mp4parse::Track, facts: &mut MediaFacts) {
    if let Some(tkhd) = &track.tkhd {
        facts.width = facts.width.or(Some(i64::from(tkhd.width >> 16)).filter(|&w| w > 0));
        facts.height = facts.height.or(Some(i64::from(tkhd.height >> 16)).filter(|&h| h > 0));
    }
}

pub(super) fn read(file: File, size: u64, ext: &str) -> Result<MediaFacts, String> {
    let boxes = header_boxes(file, size)?;
    let context = mp4parse::read_mp4(&mut Cursor::new(&boxes)).map_err(incomplete)?;
    let mut facts = MediaFacts::container_only(if ext == "mov" { "mov" } else { "mp4" });
    let mut longest: Option<f64> = None;
    let (mut unnamed_video, mut unnamed_audio) = (false, false);
    for track in context.tracks.iter() {
        let duration = match (&track.duration, &track.timescale) {
            (Some(d), Some(t)) if t.0 > 0 => seconds(d.0 as f64 / t.0 as f64),
            _ => None,
        };
        let entry = track.stsd.as_ref().and_then(|s| s.descriptions.iter().next());
        match (&track.track_type, entry) {
            (TrackType::Video, Some(SampleEntry::Video(v))) if facts.video_codec.is_none() && !unnamed_video => {
                facts.keyframes = mp4_keyframes::keyframes(track);
                facts.video_codec = codec_name(v.codec_type).map(str::to_owned);
                unnamed_video = facts.video_codec.is_none();
                facts.width = Some(i64::from(v.width)).filter(|&w| w > 0);
                facts.height = Some(i64::from(v.height)).filter(|&h| h > 0);
                header_size(track, &mut facts);
                longest = longest_of(longest, duration);
            }
            (TrackType::Audio, Some(SampleEntry::Audio(a))) if facts.audio_codec.is_none() && !unnamed_audio => {
                facts.audio_codec = codec_name(a.codec_type).map(str::to_owned);
                unnamed_audio = facts.audio_codec.is_none();
                longest = longest_of(longest, duration);
            }
            // A codec mp4parse does not read (HEVC, Dolby audio): named from its sample entry below,
            // sized from the track header.
            (TrackType::Video, _) if facts.video_codec.is_none() => {
                if !unnamed_video {
                    facts.keyframes = mp4_keyframes::keyframes(track);
                }
                unnamed_video = true;
                header_size(track, &mut facts);
                longest = longest_of(longest, duration);
            }
            (TrackType::Audio, _) if facts.audio_codec.is_none() => {
                unnamed_audio = true;
                longest = longest_of(longest, duration);
            }
            _ => {}
        }
    }
    if unnamed_video || unnamed_audio {
        let (video, audio) = fourcc_codecs(&boxes);
        if unnamed_video && facts.video_codec.is_none() {
            facts.video_codec = video.map(str::to_owned);
        }
        if unnamed_audio && facts.audio_codec.is_none() {
            facts.audio_codec = audio.map(str::to_owned);
        }
    }
    facts.duration_seconds = longest;
    facts.tracks = mp4_tracks::tracks(&boxes, &context);
    Ok(facts)
}
