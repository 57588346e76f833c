//! The `MediaStreams` of a `MediaSourceInfo`, numbered as apps then ask for them: the picture (0),
//! each sound track, then each subtitle track, those inside the file first and the files beside it
//! after. Text subtitles are delivered as files of their own, at an address carrying the stream
//! grant; picture subtitles (PGS, VobSub) can only be drawn onto the video by a transcode
//! (`DeliveryMethod: Encode`), which an app asks for by choosing one (`SubtitleStreamIndex`).
//! Every stream has a `DisplayTitle`, which apps label their track menus with.

use serde_json::{Value, json};

use super::ids;
use crate::domain::language::language_name;
use crate::playback::tracks::{FileTracks, is_picture_subtitle, is_text_subtitle};
use crate::store::catalog::{MediaRecord, SubtitleRecord, TrackRecord};

/// Where a subtitle track is, in the words `playback::media::subtitle_webvtt` reads: "e0" for the
/// first track inside the file, "3" for the file beside it numbered 3.
pub enum SubtitleSource<'a> {
    Inside(&'a TrackRecord),
    Beside(&'a SubtitleRecord),
}

impl SubtitleSource<'_> {
    pub fn key(&self) -> String {
        match self {
            Self::Inside(track) => format!("e{}", track.position),
            Self::Beside(file) => file.track.to_string(),
        }
    }

    fn codec(&self) -> String {
        match self {
            Self::Inside(track) => track.codec.clone(),
            Self::Beside(file) => {
                let extension = std::path::Path::new(&file.path).extension().and_then(|e| e.to_str());
                match extension.map(str::to_ascii_lowercase).as_deref() {
                    Some("vtt") => "webvtt".into(),
                    Some("ass") => "ass".into(),
                    Some("ssa") => "ssa".into(),
                    _ => "subrip".into(),
                }
            }
        }
    }

    pub fn is_text(&self) -> bool {
        is_text_subtitle(&self.codec())
    }

    /// The track's position among the file's subtitle tracks, when it is pictures inside the file.
    pub fn picture_position(&self) -> Option<u32> {
        match self {
            Self::Inside(track) if is_picture_subtitle(&track.codec) => u32::try_from(track.position).ok(),
            _ => None,
        }
    }
}

/// A file's tracks in Jellyfin's numbering.
pub struct MediaStreams<'a> {
    tracks: &'a FileTracks,
    sidecars: &'a [SubtitleRecord],
}

impl<'a> MediaStreams<'a> {
    pub fn new(tracks: &'a FileTracks, sidecars: &'a [SubtitleRecord]) -> Self {
        Self { tracks, sidecars }
    }

    /// The sound track numbered `index`.
    pub fn audio_at(&self, index: usize) -> Option<&'a TrackRecord> {
        self.tracks.audio.get(index.checked_sub(1)?)
    }

    /// The number of the sound track at `position` among the file's sound tracks.
    pub fn audio_index(&self, position: i64) -> Option<usize> {
        self.tracks.audio.iter().position(|track| track.position == position).map(|at| at + 1)
    }

    fn subtitles(&self) -> impl Iterator<Item = (usize, SubtitleSource<'a>)> + use<'a> {
        let (tracks, sidecars): (&'a FileTracks, &'a [SubtitleRecord]) = (self.tracks, self.sidecars);
        let first = 1 + tracks.audio.len();
        let inside = tracks.subtitles.iter().map(SubtitleSource::Inside);
        let beside = sidecars.iter().map(SubtitleSource::Beside);
        inside.chain(beside).enumerate().map(move |(at, source)| (first + at, source))
    }

    /// The subtitle track numbered `index`.
    pub fn subtitle_at(&self, index: usize) -> Option<SubtitleSource<'a>> {
        self.subtitles().find(|(at, _)| *at == index).map(|(_, source)| source)
    }

    /// Every stream as JSON; text subtitles at `/Videos/{item}/{media}/Subtitles/{n}/Stream.vtt`
    /// followed by `query` (which carries the grant).
    pub fn json(&self, media: &MediaRecord, item: uuid::Uuid, query: &str) -> Vec<Value> {
        let picture =
            [media.height.map(|height| format!("{height}p")), media.video_codec.as_deref().map(str::to_uppercase)];
        let mut streams = vec![json!({
            "Type": "Video", "Index": 0, "Codec": media.video_codec, "Width": media.width, "Height": media.height,
            "DisplayTitle": picture.into_iter().flatten().collect::<Vec<_>>().join(" "),
            "IsDefault": true, "IsForced": false, "IsExternal": false, "IsTextSubtitleStream": false,
            "SupportsExternalStream": false,
        })];
        for track in &self.tracks.audio {
            let channels = track.channels.map(|channels| format!("{channels} ch"));
            let flags = [channels.as_deref(), track.is_default.then_some("Default")];
            let display = display_title(track.name.as_deref(), track.language.as_deref(), &track.codec, &flags);
            streams.push(json!({
                "Type": "Audio", "Index": streams.len(), "Codec": track.codec, "Language": track.language,
                "DisplayTitle": display,
                "Title": track.name, "Channels": track.channels, "IsDefault": track.is_default, "IsForced": false,
                "IsExternal": false, "IsTextSubtitleStream": false, "SupportsExternalStream": false,
            }));
        }
        for (index, source) in self.subtitles() {
            let (language, title, default, forced, external) = match &source {
                SubtitleSource::Inside(track) => {
                    (track.language.clone(), track.name.clone(), track.is_default, track.forced, false)
                }
                SubtitleSource::Beside(file) => {
                    (file.language.clone(), file.sdh.then(|| "SDH".to_owned()), false, file.forced, true)
                }
            };
            let flags = [default.then_some("Default"), forced.then_some("Forced"), external.then_some("External")];
            let display = display_title(title.as_deref(), language.as_deref(), &source.codec(), &flags);
            let mut stream = json!({
                "Type": "Subtitle", "Index": index, "Codec": source.codec(), "Language": language, "Title": title,
                "DisplayTitle": display,
                "IsDefault": default, "IsForced": forced, "IsExternal": external,
                "IsTextSubtitleStream": source.is_text(), "SupportsExternalStream": source.is_text(),
            });
            if source.is_text() {
                let (item, media) = (ids::text(item), ids::text(media.id));
                stream["DeliveryMethod"] = json!("External");
                stream["DeliveryUrl"] = json!(format!("/Videos/{item}/{media}/Subtitles/{index}/Stream.vtt?{query}"));
                stream["IsExternalUrl"] = json!(false);
            } else if source.picture_position().is_some() {
                stream["DeliveryMethod"] = json!("Encode");
            }
            streams.push(stream);
        }
        streams
    }
}

/// A track's `DisplayTitle`, as Jellyfin words it: its own name first if it has one, then its
/// language, its codec and what else sets it apart ("Commentary - English - AC3 - 6 ch - Default").
fn display_title(name: Option<&str>, language: Option<&str>, codec: &str, flags: &[Option<&str>]) -> String {
    let language = language.map(language_name).unwrap_or("Undetermined");
    let codec = codec.to_uppercase();
    let parts = name.into_iter().chain([language, codec.as_str()]).chain(flags.iter().flatten().copied());
    parts.filter(|part| !part.is_empty()).collect::<Vec<_>>().join(" - ")
}

#[cfg(test)]
mod tests {
    use super::display_title;

    #[test]
    fn a_track_is_labelled_by_its_name_language_codec_and_flags() {
        assert_eq!(
            display_title(None, Some("en"), "ac3", &[Some("6 ch"), Some("Default")]),
            "English - AC3 - 6 ch - Default"
        );
        assert_eq!(display_title(Some("Commentary"), Some("fr"), "aac", &[None]), "Commentary - Français - AAC");
        assert_eq!(
            display_title(None, None, "subrip", &[None, Some("Forced"), Some("External")]),
            "Undetermined - SUBRIP - Forced - External"
        );
        assert_eq!(
            display_title(Some(""), Some("sv"), "webvtt", &[]),
            "sv - WEBVTT",
            "an unlisted code is shown as it is"
        );
    }
}
