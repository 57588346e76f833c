//! Subtitle files beside a video (`<video>.en.forced.srt`, `<video>.eng.cc.vtt`, `<video>.ja.ass`): their language and
//! flags, and turning SubRip into WebVTT, which browsers play.

use super::FoundSubtitle;
use super::sidecars::stem_and_ext;
use super::walk::ListedFile;

/// Three-letter codes of common languages, and their two-letter form.
const THREE_TO_TWO: [(&str, &str); 22] = [
    ("eng", "en"),
    ("fre", "fr"),
    ("fra", "fr"),
    ("ger", "de"),
    ("deu", "de"),
    ("spa", "es"),
    ("ita", "it"),
    ("jpn", "ja"),
    ("por", "pt"),
    ("dut", "nl"),
    ("nld", "nl"),
    ("rus", "ru"),
    ("chi", "zh"),
    ("zho", "zh"),
    ("kor", "ko"),
    ("swe", "sv"),
    ("nor", "no"),
    ("dan", "da"),
    ("fin", "fi"),
    ("pol", "pl"),
    ("ara", "ar"),
    ("hin", "hi"),
];

/// SubRip and WebVTT are turned into WebVTT here; ASS and SSA by ffmpeg, when the player asks.
fn is_subtitle(ext: &str) -> bool {
    ["srt", "vtt", "ass", "ssa"].iter().any(|known| ext.eq_ignore_ascii_case(known))
}

/// The two-letter form of a common three-letter language code, else the code as given.
fn language(token: &str) -> String {
    THREE_TO_TWO
        .iter()
        .find(|(three, _)| *three == token)
        .map_or_else(|| token.to_owned(), |(_, two)| (*two).to_owned())
}

/// A language a track names, in the same form as a sidecar's; `None` for nothing or "und" (undetermined).
pub(crate) fn track_language(code: Option<&str>) -> Option<String> {
    let code = code?.trim().to_ascii_lowercase();
    (!code.is_empty() && code != "und").then(|| language(&code))
}

/// The subtitles among `files` that belong to the video with this stem.
pub(crate) fn subtitles_for(files: &[&ListedFile], video_stem: &str) -> Vec<FoundSubtitle> {
    let mut found = Vec::new();
    for file in files {
        let (stem, ext) = stem_and_ext(file.file_name());
        if !is_subtitle(ext) {
            continue;
        }
        let tags = if stem == video_stem {
            ""
        } else if let Some(tags) = stem.strip_prefix(video_stem).and_then(|rest| rest.strip_prefix('.')) {
            tags
        } else {
            continue;
        };
        let mut subtitle =
            FoundSubtitle { path: file.path.clone(), language: None, forced: false, sdh: false, default: false };
        for token in tags.split('.').map(str::to_ascii_lowercase) {
            match token.as_str() {
                "forced" | "foreign" => subtitle.forced = true,
                "sdh" | "cc" => subtitle.sdh = true,
                "default" => subtitle.default = true,
                t if subtitle.language.is_none()
                    && (2..=3).contains(&t.len())
                    && t.bytes().all(|b| b.is_ascii_alphabetic()) =>
                {
                    subtitle.language = Some(language(t))
                }
                _ => {}
            }
        }
        found.push(subtitle);
    }
    found
}

/// Turns SubRip text into WebVTT: a header, dots for commas in the timings, Unix line ends; the cues'
/// text is kept. Text that is already WebVTT comes back with only its line ends and BOM tidied.
pub fn srt_to_vtt(srt: &str) -> String {
    let text = srt.strip_prefix('\u{feff}').unwrap_or(srt);
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    if text.starts_with("WEBVTT") {
        return text;
    }
    let mut out = String::with_capacity(text.len() + 16);
    out.push_str("WEBVTT\n\n");
    for line in text.trim_start_matches('\n').lines() {
        if line.contains("-->") {
            out.push_str(&line.replace(',', "."));
        } else {
            out.push_str(line);
        }
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;

    fn listed(name: &str) -> ListedFile {
        ListedFile { path: PathBuf::from(name), rel: name.to_owned(), rel_dir: Vec::new(), size: 1, modified_ns: 0 }
    }

    #[test]
    fn languages_and_flags_come_from_the_name() {
        let files = [
            listed("Alien.srt"),
            listed("Alien.en.srt"),
            listed("Alien.en.forced.srt"),
            listed("Alien.en.sdh.vtt"),
            listed("Alien.eng.cc.srt"),
            listed("Alien.fre.default.srt"),
            listed("Alien 2.en.srt"),
            listed("Alien.en.txt"),
        ];
        let refs: Vec<&ListedFile> = files.iter().collect();
        let found = subtitles_for(&refs, "Alien");
        let summary: Vec<(Option<&str>, bool, bool, bool)> =
            found.iter().map(|s| (s.language.as_deref(), s.forced, s.sdh, s.default)).collect();
        assert_eq!(
            summary,
            [
                (None, false, false, false),
                (Some("en"), false, false, false),
                (Some("en"), true, false, false),
                (Some("en"), false, true, false),
                (Some("en"), false, true, false),
                (Some("fr"), false, false, true),
            ]
        );
    }

    #[test]
    fn srt_becomes_webvtt_with_dots_in_the_timings() {
        let srt = "\u{feff}1\r\n00:00:01,000 --> 00:00:02,500\r\nHello, world\r\n\r\n2\r\n00:00:03,000 --> 00:00:04,000\r\nBye\r\n";
        let vtt = srt_to_vtt(srt);
        assert_eq!(
            vtt,
            "WEBVTT\n\n1\n00:00:01.000 --> 00:00:02.500\nHello, world\n\n2\n00:00:03.000 --> 00:00:04.000\nBye\n"
        );
        assert_eq!(
            srt_to_vtt("WEBVTT\r\n\r\n00:01.000 --> 00:02.000\r\nHi\r\n"),
            "WEBVTT\n\n00:01.000 --> 00:02.000\nHi\n"
        );
    }
}
