//! What an HLS stream is made of: the picture copied or made H.264, the sound copied, made AAC or
//! absent, which sound track, and which picture subtitles are burned in. It travels in the stream's
//! URL (`remux-aac-a0`, `transcode-copy-a1-b2`) so that the playlists and segments need no state
//! beyond the signed-in session.

use crate::domain::playability::{Method, Sound};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Variant {
    /// Remux or transcode (never direct).
    pub method: Method,
    /// The sound track, counted among the file's sound tracks from 0.
    pub audio_track: u32,
    /// A picture subtitle track (PGS, VobSub) drawn onto the video, counted among the file's
    /// subtitle tracks from 0. Only with a transcode.
    pub burn_subtitle: Option<u32>,
}

impl Variant {
    /// The URL form.
    pub fn slug(&self) -> String {
        let (method, sound) = match self.method {
            Method::Remux(sound) => ("remux", sound),
            Method::Transcode(sound) => ("transcode", sound),
            Method::Direct => ("direct", Sound::Copy),
        };
        let sound = match sound {
            Sound::Copy => "copy",
            Sound::ToAac => "aac",
            Sound::Silent => "none",
        };
        let mut slug = format!("{method}-{sound}-a{}", self.audio_track);
        if let Some(track) = self.burn_subtitle {
            slug.push_str(&format!("-b{track}"));
        }
        slug
    }

    /// Reads the URL form; `None` for anything else.
    pub fn parse(slug: &str) -> Option<Self> {
        let mut parts = slug.split('-');
        let method = parts.next()?;
        let sound = match parts.next()? {
            "copy" => Sound::Copy,
            "aac" => Sound::ToAac,
            "none" => Sound::Silent,
            _ => return None,
        };
        let audio_track = number(parts.next()?.strip_prefix('a')?)?;
        let burn_subtitle = match parts.next() {
            Some(part) => Some(number(part.strip_prefix('b')?)?),
            None => None,
        };
        if parts.next().is_some() {
            return None;
        }
        let method = match method {
            "remux" if burn_subtitle.is_none() => Method::Remux(sound),
            "transcode" => Method::Transcode(sound),
            _ => return None,
        };
        Some(Self { method, audio_track, burn_subtitle })
    }

    pub fn is_transcode(&self) -> bool {
        matches!(self.method, Method::Transcode(_))
    }

    pub fn sound(&self) -> Sound {
        match self.method {
            Method::Remux(sound) | Method::Transcode(sound) => sound,
            Method::Direct => Sound::Copy,
        }
    }
}

/// A small count written in digits only (no sign, no leading zeros beyond "0").
fn number(text: &str) -> Option<u32> {
    let plain = !text.is_empty() && text.len() <= 3 && text.bytes().all(|b| b.is_ascii_digit());
    if !plain || (text.len() > 1 && text.starts_with('0')) {
        return None;
    }
    text.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_read_back_as_written() {
        let variants = [
            Variant { method: Method::Remux(Sound::ToAac), audio_track: 0, burn_subtitle: None },
            Variant { method: Method::Remux(Sound::Copy), audio_track: 3, burn_subtitle: None },
            Variant { method: Method::Transcode(Sound::Silent), audio_track: 0, burn_subtitle: Some(2) },
        ];
        for variant in variants {
            assert_eq!(Variant::parse(&variant.slug()), Some(variant), "{}", variant.slug());
        }
        assert_eq!(variants[0].slug(), "remux-aac-a0");
        assert_eq!(variants[2].slug(), "transcode-none-a0-b2");
    }

    #[test]
    fn anything_else_is_refused() {
        for slug in [
            "",
            "direct-copy-a0",
            "remux-aac",
            "remux-aac-a",
            "remux-aac-a01",
            "remux-aac-a-1",
            "remux-aac-a0-b1",
            "remux-mp3-a0",
            "transcode-aac-a0-b1-x",
            "transcode-aac-a9999",
            "../../etc/passwd",
            "remux-aac-a0%00",
        ] {
            assert_eq!(Variant::parse(slug), None, "{slug}");
        }
    }
}
