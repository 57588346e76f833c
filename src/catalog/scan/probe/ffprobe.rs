//! Containers the crates do not read (AVI, MPEG-TS, WMV): ask `ffprobe` when it is installed, with a time
//! limit. Without it, only the container is known, from the file's extension.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::thread;
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::catalog::scan::MediaFacts;

/// How long one file may take; ffprobe reads only headers, so this is generous.
const TIME_LIMIT: Duration = Duration::from_secs(30);

fn ffprobe_on_path() -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path).map(|dir| dir.join("ffprobe")).find(|p| p.is_file())
}

/// The facts ffprobe reports, or None when it is not installed or cannot read the file.
pub(super) fn read(file: &Path) -> Option<MediaFacts> {
    let program = ffprobe_on_path()?;
    let mut child = Command::new(program)
        .args(["-v", "error", "-print_format", "json", "-show_format", "-show_streams"])
        .arg(file)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .ok()?;
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
            Ok(None) if started.elapsed() < TIME_LIMIT => thread::sleep(Duration::from_millis(20)),
            _ => {
                let _ = child.kill();
                let _ = child.wait();
                return None;
            }
        }
    };
    let out = reader.join().ok()?.ok()?;
    if !status.success() {
        return None;
    }
    facts_from_json(&serde_json::from_slice(&out).ok()?, file)
}

fn facts_from_json(report: &Value, file: &Path) -> Option<MediaFacts> {
    let format = report.get("format")?;
    let ext = file.extension().map(|e| e.to_string_lossy().to_ascii_lowercase()).unwrap_or_default();
    let mut facts = MediaFacts {
        container: if ext.is_empty() {
            format.get("format_name")?.as_str()?.split(',').next()?.to_owned()
        } else {
            ext
        },
        duration_seconds: format
            .get("duration")
            .and_then(Value::as_str)
            .and_then(|d| d.parse::<f64>().ok())
            .and_then(super::seconds),
        video_codec: None,
        audio_codec: None,
        width: None,
        height: None,
    };
    for stream in report.get("streams").and_then(Value::as_array).into_iter().flatten() {
        let codec = stream.get("codec_name").and_then(Value::as_str).map(str::to_owned);
        match stream.get("codec_type").and_then(Value::as_str) {
            Some("video") if facts.video_codec.is_none() => {
                facts.video_codec = codec;
                facts.width = stream.get("width").and_then(Value::as_i64);
                facts.height = stream.get("height").and_then(Value::as_i64);
            }
            Some("audio") if facts.audio_codec.is_none() => facts.audio_codec = codec,
            _ => {}
        }
    }
    Some(facts)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_report_gives_codecs_size_and_duration() {
        let report = serde_json::json!({
            "streams": [
                {"codec_type": "video", "codec_name": "mpeg4", "width": 640, "height": 360},
                {"codec_type": "audio", "codec_name": "mp3"}
            ],
            "format": {"format_name": "avi", "duration": "12.5"}
        });
        let facts = facts_from_json(&report, Path::new("Old Film.avi")).expect("facts");
        assert_eq!(facts.container, "avi");
        assert_eq!(facts.video_codec.as_deref(), Some("mpeg4"));
        assert_eq!(facts.audio_codec.as_deref(), Some("mp3"));
        assert_eq!((facts.width, facts.height), (Some(640), Some(360)));
        assert_eq!(facts.duration_seconds, Some(12.5));
    }
}
