//! How a device plays a file: as it is (direct), remuxed into HLS with the video copied (and the sound
//! made AAC when the device cannot play it), or transcoded to H.264 when the picture itself is
//! unplayable. Decided from the file's facts (read at scan time) and what the device says it plays,
//! never guessed.

use std::collections::BTreeSet;

/// Video codecs a device may name, as ffmpeg names them.
pub const VIDEO_CODECS: [&str; 6] = ["h264", "hevc", "vp8", "vp9", "av1", "mpeg4"];
/// Audio codecs a device may name.
pub const AUDIO_CODECS: [&str; 10] = ["aac", "mp3", "opus", "vorbis", "flac", "ac3", "eac3", "dts", "truehd", "pcm"];
/// Containers a device may name.
pub const CONTAINERS: [&str; 4] = ["mp4", "webm", "mkv", "ts"];
/// Sound that an HLS stream (MPEG-TS segments) carries as it is, when the device plays it.
const HLS_AUDIO: [&str; 4] = ["aac", "mp3", "ac3", "eac3"];
/// Pictures that an HLS stream carries as they are; anything else is transcoded even when the
/// device plays it in its own container (VP9 in Matroska, say).
const HLS_VIDEO: [&str; 2] = ["h264", "hevc"];

/// What a device says it can play.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeviceCaps {
    video: BTreeSet<&'static str>,
    audio: BTreeSet<&'static str>,
    containers: BTreeSet<&'static str>,
}

impl DeviceCaps {
    /// What every browser and TV plays, assumed when a device says nothing: H.264 and AAC in MP4.
    pub fn baseline() -> Self {
        Self { video: ["h264"].into(), audio: ["aac"].into(), containers: ["mp4"].into() }
    }

    /// From comma-separated lists (`video=h264,hevc`, `audio=aac,opus`, `container=mp4,webm`); a list
    /// left out keeps the baseline's. An unknown name is refused with words, so a typo is not taken
    /// for "cannot play".
    pub fn from_lists(video: Option<&str>, audio: Option<&str>, containers: Option<&str>) -> Result<Self, String> {
        let baseline = Self::baseline();
        Ok(Self {
            video: names(video, &VIDEO_CODECS, "video codec")?.unwrap_or(baseline.video),
            audio: names(audio, &AUDIO_CODECS, "audio codec")?.unwrap_or(baseline.audio),
            containers: names(containers, &CONTAINERS, "container")?.unwrap_or(baseline.containers),
        })
    }

    pub fn plays_video(&self, codec: &str) -> bool {
        self.video.contains(codec)
    }

    pub fn plays_audio(&self, codec: &str) -> bool {
        self.audio.contains(codec)
    }

    pub fn plays_container(&self, container: &str) -> bool {
        self.containers.contains(same_container(container))
    }
}

fn names(list: Option<&str>, known: &[&'static str], what: &str) -> Result<Option<BTreeSet<&'static str>>, String> {
    let Some(list) = list else { return Ok(None) };
    let mut found = BTreeSet::new();
    for name in list.split(',').map(str::trim).filter(|name| !name.is_empty()) {
        let name = name.to_ascii_lowercase();
        let known_name = known.iter().find(|k| **k == name).ok_or_else(|| {
            let shown: String = name.chars().take(20).collect();
            format!("Unknown {what} \"{shown}\": use any of {}.", known.join(", "))
        })?;
        found.insert(*known_name);
    }
    Ok(Some(found))
}

/// MOV and M4V are MP4 to a player.
fn same_container(container: &str) -> &str {
    match container {
        "mov" | "m4v" => "mp4",
        other => other,
    }
}

/// The file as the decision needs it: its container, its video codec, and the codec of the sound
/// track chosen (`None` for a silent file).
#[derive(Debug, Clone, Copy)]
pub struct FileFacts<'a> {
    pub container: &'a str,
    pub video: Option<&'a str>,
    pub audio: Option<&'a str>,
    /// The chosen sound is the file's first track: a player given the file plays that one.
    pub first_audio: bool,
}

/// What happens to the sound on the way.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sound {
    Copy,
    /// Re-encoded to AAC: the device cannot play it as it is.
    ToAac,
    /// The file has none.
    Silent,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// The file as it is, with ranges.
    Direct,
    /// An HLS stream with the picture copied.
    Remux(Sound),
    /// An HLS stream with the picture re-encoded to H.264.
    Transcode(Sound),
}

impl Method {
    pub fn name(self) -> &'static str {
        match self {
            Method::Direct => "direct",
            Method::Remux(_) => "remux",
            Method::Transcode(_) => "transcode",
        }
    }

    /// Whether ffmpeg is needed.
    pub fn needs_ffmpeg(self) -> bool {
        self != Method::Direct
    }
}

/// Whether a file needs ffmpeg for a device that plays only H.264 and AAC in MP4: what the catalog
/// warns about when ffmpeg is missing, and the player's first guess before the browser says more.
pub fn needs_ffmpeg_on_baseline(container: Option<&str>, video: Option<&str>, audio: Option<&str>) -> bool {
    let facts = FileFacts { container: container.unwrap_or("unknown"), video, audio, first_audio: true };
    decide(&facts, &DeviceCaps::baseline()).needs_ffmpeg()
}

/// The least work that lets `device` play `file`. A codec the scan could not name is treated as one
/// the device cannot play: ffmpeg reads far more than any player.
pub fn decide(file: &FileFacts<'_>, device: &DeviceCaps) -> Method {
    let video_plays = file.video.is_some_and(|codec| device.plays_video(codec));
    let sound_plays = file.audio.is_none_or(|codec| device.plays_audio(codec));
    if video_plays && sound_plays && file.first_audio && device.plays_container(file.container) {
        return Method::Direct;
    }
    let sound = match file.audio {
        None => Sound::Silent,
        Some(codec) if device.plays_audio(codec) && HLS_AUDIO.contains(&codec) => Sound::Copy,
        Some(_) => Sound::ToAac,
    };
    let video_copies = file.video.is_some_and(|codec| HLS_VIDEO.contains(&codec));
    if video_plays && video_copies { Method::Remux(sound) } else { Method::Transcode(sound) }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file<'a>(container: &'a str, video: Option<&'a str>, audio: Option<&'a str>) -> FileFacts<'a> {
        FileFacts { container, video, audio, first_audio: true }
    }

    fn chromium() -> DeviceCaps {
        DeviceCaps::from_lists(Some("h264,vp9,av1,vp8"), Some("aac,opus,mp3,flac,vorbis"), Some("mp4,webm")).unwrap()
    }

    #[test]
    fn the_decision_table() {
        let baseline = DeviceCaps::baseline();
        let tv = DeviceCaps::from_lists(Some("h264,hevc"), Some("aac,ac3,eac3"), Some("mp4,mkv,ts")).unwrap();
        let table: [(FileFacts<'_>, &DeviceCaps, Method); 17] = [
            // Plays as it is.
            (file("mp4", Some("h264"), Some("aac")), &baseline, Method::Direct),
            (file("mov", Some("h264"), Some("aac")), &baseline, Method::Direct),
            (file("webm", Some("vp9"), Some("opus")), &chromium(), Method::Direct),
            (file("mp4", Some("h264"), None), &baseline, Method::Direct),
            (file("mkv", Some("hevc"), Some("ac3")), &tv, Method::Direct),
            // The container alone is the problem: remux, sound copied.
            (file("mkv", Some("h264"), Some("aac")), &baseline, Method::Remux(Sound::Copy)),
            (file("mkv", Some("h264"), Some("mp3")), &chromium(), Method::Remux(Sound::Copy)),
            // The sound is the problem: remux, sound to AAC.
            (file("mkv", Some("h264"), Some("ac3")), &chromium(), Method::Remux(Sound::ToAac)),
            (file("mp4", Some("h264"), Some("eac3")), &baseline, Method::Remux(Sound::ToAac)),
            (file("mkv", Some("h264"), Some("dts")), &tv, Method::Remux(Sound::ToAac)),
            (file("mkv", Some("h264"), Some("flac")), &chromium(), Method::Remux(Sound::ToAac)),
            // The picture is the problem: transcode, whatever the sound.
            (file("mp4", Some("hevc"), Some("aac")), &chromium(), Method::Transcode(Sound::Copy)),
            (file("mkv", Some("hevc"), Some("dts")), &baseline, Method::Transcode(Sound::ToAac)),
            (file("avi", Some("mpeg4"), Some("mp3")), &baseline, Method::Transcode(Sound::ToAac)),
            (file("mkv", Some("mpeg2video"), None), &tv, Method::Transcode(Sound::Silent)),
            // Unknown facts are never guessed playable.
            (file("mkv", None, Some("aac")), &tv, Method::Transcode(Sound::Copy)),
            // HLS segments carry neither VP9 nor Opus.
            (file("mkv", Some("vp9"), Some("opus")), &chromium(), Method::Transcode(Sound::ToAac)),
        ];
        for (facts, device, expected) in table {
            assert_eq!(decide(&facts, device), expected, "{facts:?} on {device:?}");
        }
    }

    #[test]
    fn a_second_sound_track_is_remuxed_even_when_the_file_plays() {
        let second = FileFacts { first_audio: false, ..file("mp4", Some("h264"), Some("aac")) };
        assert_eq!(decide(&second, &DeviceCaps::baseline()), Method::Remux(Sound::Copy));
    }

    #[test]
    fn devices_say_what_they_play_in_any_case_and_typos_are_refused() {
        let caps = DeviceCaps::from_lists(Some(" H264, HEVC ,"), None, Some("MP4")).unwrap();
        assert!(caps.plays_video("hevc") && caps.plays_audio("aac") && !caps.plays_audio("ac3"));
        let refused = DeviceCaps::from_lists(Some("h265"), None, None).unwrap_err();
        assert!(refused.contains("Unknown video codec \"h265\""), "{refused}");
        let refused = DeviceCaps::from_lists(None, Some("<script>aac"), None).unwrap_err();
        assert!(refused.starts_with("Unknown audio codec"), "{refused}");
        assert!(DeviceCaps::from_lists(None, None, Some("avi")).is_err());
    }
}
