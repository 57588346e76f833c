//! Reading the headers of real, tiny videos made with ffmpeg (tests/fixtures/media), whole and damaged.

use std::path::{Path, PathBuf};

use super::probe;
use crate::catalog::scan::{FoundTrack, TrackKind};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/media").join(name)
}

fn roughly(duration: Option<f64>, expected: f64) -> bool {
    duration.is_some_and(|d| (d - expected).abs() < 0.15)
}

#[test]
fn mp4_with_h264_and_aac() {
    let facts = probe(&fixture("tiny.mp4")).expect("the MP4 fixture reads");
    assert_eq!(facts.container, "mp4");
    assert_eq!(facts.video_codec.as_deref(), Some("h264"));
    assert_eq!(facts.audio_codec.as_deref(), Some("aac"));
    assert_eq!((facts.width, facts.height), (Some(160), Some(90)));
    assert!(roughly(facts.duration_seconds, 1.0), "{:?}", facts.duration_seconds);
}

#[test]
fn webm_with_vp9_and_opus() {
    let facts = probe(&fixture("tiny.webm")).expect("the WebM fixture reads");
    assert_eq!(facts.container, "webm");
    assert_eq!(facts.video_codec.as_deref(), Some("vp9"));
    assert_eq!(facts.audio_codec.as_deref(), Some("opus"));
    assert_eq!((facts.width, facts.height), (Some(160), Some(90)));
    assert!(roughly(facts.duration_seconds, 1.0), "{:?}", facts.duration_seconds);
}

#[test]
fn mkv_with_h264_and_aac() {
    let facts = probe(&fixture("tiny.mkv")).expect("the MKV fixture reads");
    assert_eq!(facts.container, "mkv");
    assert_eq!(facts.video_codec.as_deref(), Some("h264"));
    assert_eq!(facts.audio_codec.as_deref(), Some("aac"));
    assert_eq!((facts.width, facts.height), (Some(160), Some(90)));
    assert!(roughly(facts.duration_seconds, 1.0), "{:?}", facts.duration_seconds);
}

/// The files browsers cannot play as they are, which the remux and transcode paths are for.
#[test]
fn files_a_browser_cannot_play_are_named_for_what_they_hold() {
    for (name, container, video, audio) in [
        ("h264-ac3.mkv", "mkv", "h264", "ac3"),
        ("hevc-aac.mp4", "mp4", "hevc", "aac"),
        ("two-audio-srt.mkv", "mkv", "h264", "aac"),
    ] {
        let facts = probe(&fixture(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(facts.container, container, "{name}");
        assert_eq!((facts.video_codec.as_deref(), facts.audio_codec.as_deref()), (Some(video), Some(audio)), "{name}");
        assert_eq!((facts.width, facts.height), (Some(320), Some(180)), "{name}");
        assert!(roughly(facts.duration_seconds, 6.0), "{name}: {:?}", facts.duration_seconds);
    }
}

#[test]
fn an_empty_file_says_so() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let empty = dir.path().join("Empty (2020).mp4");
    std::fs::write(&empty, b"").expect("write");
    assert_eq!(probe(&empty), Err("the file is empty".to_owned()));
}

#[test]
fn a_truncated_mp4_is_not_complete() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let whole = std::fs::read(fixture("tiny.mp4")).expect("the fixture");
    let cut = dir.path().join("Cut (2020).mp4");
    std::fs::write(&cut, &whole[..1024]).expect("write");
    let err = probe(&cut).expect_err("a cut file has no complete headers");
    assert!(err.starts_with("the file is not a complete MP4: "), "{err}");
}

#[test]
fn a_truncated_webm_and_noise_are_errors_not_panics() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let whole = std::fs::read(fixture("tiny.webm")).expect("the fixture");
    let cut = dir.path().join("Cut.webm");
    std::fs::write(&cut, &whole[..200]).expect("write");
    assert!(probe(&cut).is_err());
    let noise = dir.path().join("Noise.mkv");
    std::fs::write(&noise, vec![0x5a; 5000]).expect("write");
    let err = probe(&noise).expect_err("noise is not a video");
    assert!(err.contains("not a complete Matroska file"), "{err}");
}

fn tracks(name: &str) -> Vec<FoundTrack> {
    probe(&fixture(name)).unwrap_or_else(|e| panic!("{name}: {e}")).tracks
}

fn track(kind: TrackKind, codec: &str, language: Option<&str>, name: Option<&str>, default: bool) -> FoundTrack {
    FoundTrack {
        kind,
        codec: codec.to_owned(),
        language: language.map(str::to_owned),
        name: name.map(str::to_owned),
        channels: (kind == TrackKind::Audio).then_some(1),
        is_default: default,
        forced: false,
    }
}

#[test]
fn matroska_tracks_come_with_language_name_and_flags() {
    use TrackKind::{Audio, Subtitle};
    assert_eq!(
        tracks("two-audio-srt.mkv"),
        vec![
            track(Audio, "aac", Some("en"), None, true),
            track(Audio, "aac", Some("fr"), Some("Commentary"), false),
            track(Subtitle, "subrip", Some("en"), None, false),
        ]
    );
    assert_eq!(tracks("h264-ac3.mkv"), vec![track(Audio, "ac3", None, None, false)]);
}

#[test]
fn mp4_tracks_and_keyframes_come_from_the_headers() {
    assert_eq!(tracks("hevc-aac.mp4"), vec![track(TrackKind::Audio, "aac", None, None, true)]);
    let facts = probe(&fixture("hevc-aac.mp4")).expect("the MP4 fixture reads");
    assert_eq!(facts.keyframes, Some(vec![0, 2000, 4000]));
}

#[test]
fn mp4_text_subtitles_and_several_sound_tracks() {
    use TrackKind::{Audio, Subtitle};
    let forced = FoundTrack { forced: true, ..track(Subtitle, "mov_text", Some("de"), None, true) };
    assert_eq!(
        tracks("mov-text.mp4"),
        vec![track(Audio, "aac", Some("en"), None, true), track(Audio, "aac", Some("fr"), None, false), forced]
    );
    assert_eq!(probe(&fixture("mov-text.mp4")).expect("the MP4 fixture reads").keyframes, Some(vec![0, 1000]));
}

#[test]
fn matroska_keyframes_are_left_for_later() {
    let facts = probe(&fixture("h264-ac3.mkv")).expect("the MKV fixture reads");
    assert_eq!(facts.keyframes, None);
}
