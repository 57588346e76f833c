//! A file's sound and subtitle tracks as playback sees them: which sound track plays by default,
//! which subtitles are text (sent as WebVTT) and which are pictures (burned in when chosen).

use crate::store::catalog::{MediaRecord, TrackRecord};

/// Subtitles that are text, which ffmpeg turns into WebVTT.
const TEXT_SUBTITLES: [&str; 6] = ["subrip", "ass", "ssa", "webvtt", "mov_text", "text"];
/// Subtitles that are pictures, which can only be drawn onto the video.
const PICTURE_SUBTITLES: [&str; 3] = ["hdmv_pgs_subtitle", "dvd_subtitle", "dvb_subtitle"];

pub fn is_text_subtitle(codec: &str) -> bool {
    TEXT_SUBTITLES.contains(&codec)
}

pub fn is_picture_subtitle(codec: &str) -> bool {
    PICTURE_SUBTITLES.contains(&codec)
}

/// The tracks inside one file.
#[derive(Debug, Clone)]
pub struct FileTracks {
    pub audio: Vec<TrackRecord>,
    pub subtitles: Vec<TrackRecord>,
}

impl FileTracks {
    /// From the stored tracks; a file scanned before tracks were recorded still has its first sound.
    pub fn new(media: &MediaRecord, tracks: Vec<TrackRecord>) -> Self {
        let (mut audio, subtitles): (Vec<_>, Vec<_>) = tracks.into_iter().partition(|track| track.kind == "audio");
        if audio.is_empty()
            && let Some(codec) = &media.audio_codec
        {
            audio.push(TrackRecord {
                media_id: media.id,
                kind: "audio".to_owned(),
                position: 0,
                codec: codec.clone(),
                language: None,
                name: None,
                channels: None,
                is_default: true,
                forced: false,
            });
        }
        let subtitles = subtitles.into_iter().filter(|track| track.kind == "subtitle").collect();
        Self { audio, subtitles }
    }

    pub fn audio_track(&self, position: u32) -> Option<&TrackRecord> {
        self.audio.iter().find(|track| track.position == i64::from(position))
    }

    /// The sound that plays unless another is chosen: the file's default, else its first.
    pub fn default_audio(&self) -> Option<u32> {
        let track = self.audio.iter().find(|track| track.is_default).or(self.audio.first())?;
        u32::try_from(track.position).ok()
    }

    pub fn subtitle_track(&self, position: u32) -> Option<&TrackRecord> {
        self.subtitles.iter().find(|track| track.position == i64::from(position))
    }
}
