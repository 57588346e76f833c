//! The ffmpeg command that makes a stream's segments, starting at any segment: it seeks there, keeps
//! the source's timestamps (so segments made by different runs line up), and cuts exactly where the
//! plan says, numbering the files it writes from 0.

use std::ffi::OsString;
use std::path::Path;

use super::plan::Plan;
use super::variant::Variant;
use crate::domain::playability::Sound;

/// The tallest picture a transcode makes; larger sources are scaled down.
const MAX_HEIGHT: u32 = 1080;

/// The files one run writes in its folder: `g<run>-00000.ts`, … and the list of finished ones.
pub fn segment_pattern(run: u64) -> String {
    format!("g{run}-%05d.ts")
}

pub fn segment_list(run: u64) -> String {
    format!("g{run}.csv")
}

/// Arguments for ffmpeg (without the program) to make `variant` of `source` from segment `from` on,
/// writing into `folder`.
pub fn arguments(source: &Path, variant: &Variant, plan: &Plan, from: usize, folder: &Path, run: u64) -> Vec<OsString> {
    let mut args: Vec<OsString> = Vec::new();
    let mut push = |items: &[&str]| args.extend(items.iter().map(OsString::from));
    push(&["-hide_banner", "-nostdin", "-loglevel", "error", "-y"]);
    let start = plan.get(from).map_or(0.0, |segment| segment.start);
    if start > 0.0 {
        // A copied picture can only start at a keyframe: aim just past the segment's own keyframe,
        // and the seek goes back to it. A transcode decodes from before and starts exactly there.
        let seek = if variant.is_transcode() { start } else { start + 0.01 };
        push(&["-ss", &format!("{seek:.3}")]);
    }
    push(&["-copyts", "-i"]);
    args.push(source.as_os_str().to_owned());
    let mut push = |items: &[&str]| args.extend(items.iter().map(OsString::from));
    // A millisecond early: stored keyframe times are rounded to the millisecond, and ffmpeg cuts at
    // the first keyframe at or after the time it is given, which must be this one, not the next.
    let cuts: Vec<String> = plan.cuts_from(from).iter().map(|cut| format!("{:.3}", cut - 0.001)).collect();
    let cuts = if cuts.is_empty() { format!("{:.3}", 1.0e9) } else { cuts.join(",") };
    let scale = format!("scale=-2:'min(ih,{MAX_HEIGHT})'");
    // A seek in a copied stream may land on an earlier keyframe (Matroska files often index only
    // some of theirs): what comes before the segment is dropped, or it would overlap the segment
    // before and players refuse it. MPEG-TS counts time in 90 kHz ticks.
    let before_start = format!("noise=drop=lt(pts\\,{})", (start * 90_000.0).round() as i64 - 90);
    match (variant.is_transcode(), variant.burn_subtitle) {
        (false, _) if start > 0.0 => push(&["-map", "0:v:0", "-c:v", "copy", "-bsf:v", &before_start]),
        (false, _) => push(&["-map", "0:v:0", "-c:v", "copy"]),
        (true, None) => push(&["-map", "0:v:0", "-vf", &scale]),
        (true, Some(track)) => {
            let graph = format!("[0:v:0][0:s:{track}]overlay,{scale}[picture]");
            push(&["-filter_complex", &graph, "-map", "[picture]"]);
        }
    }
    if variant.is_transcode() {
        push(&[
            "-c:v",
            "libx264",
            "-preset",
            "veryfast",
            "-crf",
            "21",
            "-maxrate",
            "10M",
            "-bufsize",
            "20M",
            "-profile:v",
            "high",
            "-pix_fmt",
            "yuv420p",
            "-force_key_frames",
            &cuts,
        ]);
    }
    let audio = format!("0:a:{}", variant.audio_track);
    match variant.sound() {
        Sound::Silent => push(&["-an"]),
        Sound::Copy => push(&["-map", &audio, "-c:a", "copy"]),
        Sound::ToAac => push(&["-map", &audio, "-c:a", "aac", "-b:a", "192k", "-ac", "2"]),
    }
    if variant.sound() != Sound::Silent && !variant.is_transcode() && start > 0.0 {
        push(&["-bsf:a", &before_start]);
    }
    push(&[
        "-sn",
        "-dn",
        "-map_metadata",
        "-1",
        "-map_chapters",
        "-1",
        "-max_muxing_queue_size",
        "4096",
        "-f",
        "segment",
        "-segment_format",
        "mpegts",
        "-segment_times",
        &cuts,
        "-segment_list_type",
        "csv",
        "-segment_list",
    ]);
    args.push(folder.join(segment_list(run)).into_os_string());
    args.push(folder.join(segment_pattern(run)).into_os_string());
    args
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::playability::Method;

    fn text(args: &[OsString]) -> String {
        args.iter().map(|a| a.to_string_lossy().into_owned()).collect::<Vec<_>>().join(" ")
    }

    #[test]
    fn a_remux_from_a_later_segment_seeks_past_its_keyframe_and_copies_the_picture() {
        let plan = Plan::on_keyframes(13.0, Some(&[0, 4006, 8006, 12_006])).unwrap();
        let variant = Variant { method: Method::Remux(Sound::ToAac), audio_track: 1, burn_subtitle: None };
        let args = text(&arguments(Path::new("/m/a film.mkv"), &variant, &plan, 1, Path::new("/t/j"), 3));
        assert!(args.contains("-ss 4.016 -copyts -i /m/a film.mkv"), "{args}");
        assert!(args.contains("-map 0:v:0 -c:v copy -bsf:v noise=drop=lt(pts\\,360450)"), "{args}");
        assert!(args.contains("-bsf:a noise=drop=lt(pts\\,360450)"), "{args}");
        assert!(args.contains("-map 0:a:1 -c:a aac"), "{args}");
        assert!(args.contains("-segment_times 8.005"), "{args}");
        assert!(!args.contains("libx264"), "{args}");
        assert!(args.ends_with("/t/j/g3.csv /t/j/g3-%05d.ts"), "{args}");
    }

    #[test]
    fn a_transcode_puts_keyframes_where_it_cuts_and_can_burn_in_subtitles() {
        let plan = Plan::grid(10.0).unwrap();
        let variant = Variant { method: Method::Transcode(Sound::Copy), audio_track: 0, burn_subtitle: Some(2) };
        let args = text(&arguments(Path::new("/m/f.mkv"), &variant, &plan, 0, Path::new("/t"), 0));
        assert!(!args.contains("-ss"), "from the start, no seek: {args}");
        assert!(args.contains("[0:v:0][0:s:2]overlay"), "{args}");
        assert!(args.contains("-force_key_frames 3.999,7.999"), "{args}");
        assert!(args.contains("-segment_times 3.999,7.999"), "{args}");
        assert!(args.contains("-map 0:a:0 -c:a copy"), "{args}");
        let silent = Variant { method: Method::Transcode(Sound::Silent), audio_track: 0, burn_subtitle: None };
        let args = text(&arguments(Path::new("/m/f.mkv"), &silent, &plan, 2, Path::new("/t"), 0));
        assert!(args.contains("-ss 8.000 -copyts"), "{args}");
        assert!(args.contains("-an") && !args.contains("0:a:"), "{args}");
    }
}
