//! The sound and subtitle tracks of an MP4, from the boxes of each `trak` that `mp4parse` does not
//! expose: the handler (`hdlr`), the language (`mdhd`), the enabled flag (`tkhd`, which ffmpeg reports
//! as "default"), the track's name and role (`udta/name`, `udta/kind`) and its sample entry's four letters
//! (`stsd`).

use mp4parse::{AudioCodecSpecific, MediaContext, SampleEntry};

use super::mp4_codecs::codec_name;
use crate::catalog::scan::subtitles::track_language;
use crate::catalog::scan::{FoundTrack, TrackKind};

/// The boxes directly inside `data`: each one's four letters and content. Stops at the first box whose
/// size does not fit, so damaged data gives fewer boxes, never a panic.
fn children(data: &[u8]) -> Vec<([u8; 4], &[u8])> {
    let mut found = Vec::new();
    let mut rest = data;
    while rest.len() >= 8 {
        let size32 = u32::from_be_bytes([rest[0], rest[1], rest[2], rest[3]]);
        let kind = [rest[4], rest[5], rest[6], rest[7]];
        let (size, header) = match size32 {
            0 => (rest.len(), 8),
            1 => match rest.get(8..16) {
                Some(large) => {
                    let mut bytes = [0u8; 8];
                    bytes.copy_from_slice(large);
                    (usize::try_from(u64::from_be_bytes(bytes)).unwrap_or(usize::MAX), 16)
                }
                None => break,
            },
            n => (usize::try_from(n).unwrap_or(usize::MAX), 8),
        };
        if size < header || size > rest.len() {
            break;
        }
        found.push((kind, &rest[header..size]));
        rest = &rest[size..];
    }
    found
}

fn child<'a>(data: &'a [u8], kind: &[u8; 4]) -> Option<&'a [u8]> {
    children(data).into_iter().find(|(k, _)| k == kind).map(|(_, content)| content)
}

/// What one `trak` says about itself.
#[derive(Debug, Default, PartialEq)]
struct TrakBoxes {
    handler: Option<[u8; 4]>,
    language: Option<String>,
    enabled: bool,
    name: Option<String>,
    fourcc: Option<[u8; 4]>,
    channels: Option<i64>,
    forced: bool,
}

/// A `kind` box (version and flags, then a scheme and a value, each ending in a zero byte) saying the
/// track holds forced subtitles, as DASH names the role and ffmpeg writes it.
fn is_forced_role(content: &[u8]) -> bool {
    let mut strings = content.get(4..).unwrap_or_default().split(|&b| b == 0);
    strings.next() == Some(b"urn:mpeg:dash:role:2011") && strings.next() == Some(b"forced-subtitle")
}

fn read_trak(trak: &[u8]) -> TrakBoxes {
    let mut found = TrakBoxes::default();
    if let Some(tkhd) = child(trak, b"tkhd") {
        found.enabled = tkhd.get(3).is_some_and(|flags| flags & 1 == 1);
    }
    if let Some(udta) = child(trak, b"udta") {
        if let Some(name) = child(udta, b"name") {
            let text = String::from_utf8_lossy(name);
            let text = text.trim_matches(|c: char| c == '\0' || c.is_whitespace());
            found.name = (!text.is_empty()).then(|| text.to_owned());
        }
        found.forced = children(udta).into_iter().any(|(kind, content)| kind == *b"kind" && is_forced_role(content));
    }
    let Some(mdia) = child(trak, b"mdia") else { return found };
    if let Some(mdhd) = child(mdia, b"mdhd") {
        let at = if mdhd.first() == Some(&1) { 32 } else { 20 };
        found.language = mdhd.get(at..at + 2).and_then(|packed| packed_language([packed[0], packed[1]]));
    }
    found.handler = child(mdia, b"hdlr").and_then(|hdlr| hdlr.get(8..12)).and_then(|h| h.try_into().ok());
    let stsd = child(mdia, b"minf").and_then(|minf| child(minf, b"stbl")).and_then(|stbl| child(stbl, b"stsd"));
    if let Some(entry) = stsd.and_then(|stsd| stsd.get(8..)) {
        found.fourcc = entry.get(4..8).and_then(|f| f.try_into().ok());
        // An audio sample entry: 8 bytes of box header, 8 of reference, 8 reserved, then the channel count.
        if found.handler == Some(*b"soun") {
            found.channels = entry.get(24..26).map(|c| i64::from(u16::from_be_bytes([c[0], c[1]]))).filter(|&c| c > 0);
        }
    }
    found
}

/// `mdhd`'s language: three letters of five bits each, offset from 0x60; `None` for "und" or nothing.
fn packed_language(packed: [u8; 2]) -> Option<String> {
    let bits = u16::from_be_bytes(packed);
    let letters: Option<String> = [10, 5, 0]
        .iter()
        .map(|shift| char::from_u32(u32::from((bits >> shift) & 0x1f) + 0x60).filter(char::is_ascii_lowercase))
        .collect();
    track_language(letters.as_deref())
}

fn audio_codec(fourcc: &[u8; 4]) -> Option<&'static str> {
    Some(match fourcc {
        b"mp4a" => "aac",
        b"ac-3" => "ac3",
        b"ec-3" => "eac3",
        b"ac-4" => "ac4",
        b"Opus" => "opus",
        b"fLaC" => "flac",
        b"alac" => "alac",
        b".mp3" => "mp3",
        b"dtsc" | b"dtsh" | b"dtsl" | b"dtse" | b"dtsx" => "dts",
        b"mlpa" => "truehd",
        b"lpcm" | b"sowt" | b"twos" | b"ipcm" | b"fpcm" => "pcm",
        _ => return None,
    })
}

fn subtitle_codec(fourcc: &[u8; 4]) -> Option<&'static str> {
    Some(match fourcc {
        b"tx3g" | b"text" => "mov_text",
        b"wvtt" => "webvtt",
        b"stpp" => "ttml",
        b"c608" => "eia_608",
        b"dvsb" => "dvd_subtitle",
        _ => return None,
    })
}

/// The file's sound and subtitle tracks, in its order. `context` is what `mp4parse` read from the same
/// boxes; it names audio codecs more exactly than the four letters do (MP3 inside `mp4a`).
pub(super) fn tracks(boxes: &[u8], context: &MediaContext) -> Vec<FoundTrack> {
    let Some(moov) = child(boxes, b"moov") else { return Vec::new() };
    let traks = children(moov).into_iter().filter(|(kind, _)| kind == b"trak");
    let mut found = Vec::new();
    for (index, (_, trak)) in traks.enumerate() {
        let trak = read_trak(trak);
        let Some(fourcc) = trak.fourcc else { continue };
        let mut channels = trak.channels;
        let parsed = context.tracks.get(index).and_then(|t| t.stsd.as_ref()).and_then(|s| s.descriptions.first());
        let (kind, codec) = match trak.handler.as_ref() {
            Some(b"soun") => {
                let named = match parsed {
                    Some(SampleEntry::Audio(audio)) => {
                        // The sample entry's own count is 2 by convention; AAC's configuration has the real one.
                        if let AudioCodecSpecific::ES_Descriptor(esds) = &audio.codec_specific {
                            channels = esds.audio_channel_count.map(i64::from).filter(|&c| c > 0).or(channels);
                        }
                        codec_name(audio.codec_type)
                    }
                    _ => None,
                };
                (TrackKind::Audio, named.or(audio_codec(&fourcc)))
            }
            Some(b"sbtl" | b"text" | b"subt" | b"clcp") => (TrackKind::Subtitle, subtitle_codec(&fourcc)),
            _ => match subtitle_codec(&fourcc) {
                Some(codec) => (TrackKind::Subtitle, Some(codec)),
                None => continue,
            },
        };
        let codec = codec.map_or_else(|| String::from_utf8_lossy(&fourcc).trim().to_ascii_lowercase(), str::to_owned);
        found.push(FoundTrack {
            kind,
            codec,
            language: trak.language,
            name: trak.name,
            channels,
            is_default: trak.enabled,
            forced: trak.forced,
        });
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mdhd_languages_unpack() {
        // 'e' 'n' 'g' → 5, 14, 7 in five bits each.
        let eng = (5u16 << 10) | (14 << 5) | 7;
        assert_eq!(packed_language(eng.to_be_bytes()), Some("en".to_owned()));
        let und = (21u16 << 10) | (14 << 5) | 4;
        assert_eq!(packed_language(und.to_be_bytes()), None);
        assert_eq!(packed_language([0, 0]), None);
    }

    #[test]
    fn four_letters_name_codecs() {
        assert_eq!(subtitle_codec(b"tx3g"), Some("mov_text"));
        assert_eq!(subtitle_codec(b"wvtt"), Some("webvtt"));
        assert_eq!(audio_codec(b"ec-3"), Some("eac3"));
        assert_eq!(audio_codec(b"avc1"), None);
    }

    #[test]
    fn damaged_boxes_end_the_list_without_a_panic() {
        let mut data = Vec::new();
        data.extend_from_slice(&12u32.to_be_bytes());
        data.extend_from_slice(b"free");
        data.extend_from_slice(&[1, 2, 3, 4]);
        data.extend_from_slice(&400u32.to_be_bytes());
        data.extend_from_slice(b"trak");
        let found = children(&data);
        assert_eq!(found, vec![(*b"free", &[1u8, 2, 3, 4][..])]);
        assert_eq!(read_trak(&[0xff; 7]), TrakBoxes::default());
    }
}
