//! Containers the crates do not read (AVI, MPEG-TS, WMV): ask `ffprobe` when it is installed, with a time
//! limit. Without it, only the container is known, from the file's extension.

use std::io::Read;
use std::path::Path;
use std::process::{Command, Stdio};
use std::thread;
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::catalog::scan::subtitles::track_language;
use crate::catalog::scan::{FoundTrack, MediaFacts, TrackKind};
use crate::settings::program_on_path;

/// How long one file may take; ffprobe reads only headers, so this is generous.
const TIME_LIMIT: Duration = Duration::from_secs(30);

/// The facts ffprobe reports, or None when it is not installed or cannot read the file.
pub(super) fn read(file: &Path) -> Option<MediaFacts> {
    let mut command = Command::new(program_on_path("ffprobe")?);
    command.args(["-v", "error", "-print_format", "json", "-show_format", "-show_streams"]).arg(file);
    let out = output_within(command, TIME_LIMIT)?;
    facts_from_json(&serde_json::from_slice(&out).ok()?, file)
}

/// Runs a command and returns what it printed, or None when it fails or takes longer than `limit` (it is
/// then killed).
pub(super) fn output_within(mut command: Command, limit: Duration) -> Option<Vec<u8>> {
    let mut child = command.stdin(Stdio::null()).stdout(Stdio::piped()).stderr(Stdio::null()).spawn().ok()?;
    // Drain the output while waiting, so a long report cannot fill the pipe and stall ffprobe.
    let mut stdout = child.stdout.take()?;
    let reader = thread::spawn(move || {
        let mut out = Vec::new();
        stdout.read_to_end(&mut out).map(|_| out)
    });
    let started = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if started.elapsed() < limit => thread::sleep(Duration::from_millis(20)),
            _ => {
                let _ = child.kill();
                let _ = child.wait();
                return None;
            }
        }
    };
    let out = reader.join().ok()?.ok()?;
    status.success().then_some(out)
}

fn facts_from_json(report: &Value, file: &Path) -> Option<MediaFacts> {
    let format = report.get("format")?;
    let ext = file.extension().map(|e| e.to_string_lossy().to_ascii_lowercase()).unwrap_or_default();
    let container =
        if ext.is_empty() { format.get("format_name")?.as_str()?.split(',').next()?.to_owned() } else { ext };
    let mut facts = MediaFacts {
        duration_seconds: format
            .get("duration")
            .and_then(Value::as_str)
            .and_then(|d| d.parse::<f64>().ok())
            .and_then(super::seconds),
        ..MediaFacts::container_only(container)
    };
    for stream in report.get("streams").and_then(Value::as_array).into_iter().flatten() {
        let codec = stream.get("codec_name").and_then(Value::as_str).map(str::to_owned);
        match stream.get("codec_type").and_then(Value::as_str) {
            Some("video") if facts.video_codec.is_none() => {
                facts.video_codec = codec;
                facts.width = stream.get("width").and_then(Value::as_i64);
                facts.height = stream.get("height").and_then(Value::as_i64);
            }
            Some("audio") => {
                if facts.audio_codec.is_none() {
                    facts.audio_codec.clone_from(&codec);
                }
                facts.tracks.extend(track(stream, TrackKind::Audio, codec));
            }
            Some("subtitle") => facts.tracks.extend(track(stream, TrackKind::Subtitle, codec)),
            _ => {}
        }
    }
    Some(facts)
}

/// A sound or subtitle stream of the report; `None` when ffprobe names no codec for it.
fn track(stream: &Value, kind: TrackKind, codec: Option<String>) -> Option<FoundTrack> {
    let tag = |name: &str| stream.get("tags").and_then(|tags| tags.get(name)).and_then(Value::as_str);
    let flag = |name: &str| {
        stream.get("disposition").and_then(|d| d.get(name)).and_then(Value::as_i64).is_some_and(|v| v != 0)
    };
    Some(FoundTrack {
        kind,
        codec: codec?,
        language: track_language(tag("language")),
        name: tag("title").map(str::trim).filter(|t| !t.is_empty()).map(str::to_owned),
        channels: stream.get("channels").and_then(Value::as_i64).filter(|&c| c > 0),
        is_default: flag("default"),
        forced: flag("forced"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_report_gives_codecs_size_and_duration() {
        let report = serde_json::json!({
            "streams": [
                {"codec_type": "video", "codec_name": "mpeg4", "width": 640, "height": 360},
                {"codec_type": "audio", "codec_name": "mp3", "channels": 2,
                 "disposition": {"default": 1, "forced": 0}, "tags": {"language": "ger"}},
                {"codec_type": "subtitle", "codec_name": "dvd_subtitle",
                 "disposition": {"default": 0, "forced": 1}, "tags": {"language": "und", "title": " Signs "}},
                {"codec_type": "subtitle"}
            ],
            "format": {"format_name": "avi", "duration": "12.5"}
        });
        let facts = facts_from_json(&report, Path::new("Old Film.avi")).expect("facts");
        assert_eq!(facts.container, "avi");
        assert_eq!(facts.video_codec.as_deref(), Some("mpeg4"));
        assert_eq!(facts.audio_codec.as_deref(), Some("mp3"));
        assert_eq!((facts.width, facts.height), (Some(640), Some(360)));
        assert_eq!(facts.duration_seconds, Some(12.5));
        let tracks: Vec<_> = facts
            .tracks
            .iter()
            .map(|t| {
                (t.kind, t.codec.as_str(), t.language.as_deref(), t.name.as_deref(), t.channels, t.is_default, t.forced)
            })
            .collect();
        assert_eq!(
            tracks,
            [
                (TrackKind::Audio, "mp3", Some("de"), None, Some(2), true, false),
                (TrackKind::Subtitle, "dvd_subtitle", None, Some("Signs"), None, false, true),
            ]
        );
    }
}
