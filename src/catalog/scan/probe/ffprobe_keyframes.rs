//! Keyframe times of containers whose headers do not list them in a form the crates read (Matroska's
//! cues, AVI, MPEG-TS): ffprobe reads every packet of the first video track, which takes a while, so this
//! runs in the background, at low priority, one file at a time.

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use super::ffprobe::output_within;
use crate::settings::program_on_path;

/// ffprobe reads the whole file: a long film on a slow disk takes minutes.
const TIME_LIMIT: Duration = Duration::from_secs(15 * 60);

/// Whether ffprobe is there to ask.
pub fn ffprobe_installed() -> bool {
    program_on_path("ffprobe").is_some()
}

/// Milliseconds from the start of each keyframe of the file's first video track, ascending; `None` when
/// ffprobe is not installed, cannot read the file, takes too long or finds no keyframe.
///
/// This blocks for as long as ffprobe runs; call it on a blocking thread.
pub fn ffprobe_keyframes(file: &Path) -> Option<Vec<i64>> {
    let ffprobe = program_on_path("ffprobe")?;
    // Niced where `nice` is installed, so playback and pages keep the processor first.
    let mut command = match program_on_path("nice") {
        Some(nice) => {
            let mut command = Command::new(nice);
            command.args(["-n", "10"]).arg(ffprobe);
            command
        }
        None => Command::new(ffprobe),
    };
    command
        .args(["-v", "error", "-select_streams", "v:0", "-show_entries", "packet=pts_time,flags", "-of", "csv=p=0"])
        .arg(file);
    let out = output_within(command, TIME_LIMIT)?;
    let times = keyframe_lines(&String::from_utf8_lossy(&out));
    (!times.is_empty()).then_some(times)
}

/// The times of the packets flagged `K` in ffprobe's `pts_time,flags` lines, in milliseconds, ascending
/// (packets come in decoding order).
fn keyframe_lines(report: &str) -> Vec<i64> {
    let mut times: Vec<i64> = report
        .lines()
        .filter_map(|line| {
            let (time, flags) = line.trim().split_once(',')?;
            if !flags.starts_with('K') {
                return None;
            }
            let seconds: f64 = time.parse().ok().filter(|s: &f64| s.is_finite())?;
            // Far beyond any film, and inside i64 once in milliseconds.
            (seconds.abs() < 1e12).then(|| (seconds * 1000.0).round().max(0.0) as i64)
        })
        .collect();
    times.sort_unstable();
    times.dedup();
    times
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_keyframes_with_a_time_are_kept_in_order() {
        let report = "2.023000,K_\n0.023000,K_\n0.063000,__\nN/A,K_\n4.0234,K_\n\ngarbage\n1e400,K_\n";
        assert_eq!(keyframe_lines(report), vec![23, 2023, 4023]);
    }
}
