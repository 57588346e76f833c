//! Remuxed and transcoded playback through the API, with the real ffmpeg: what `playback` decides,
//! HLS output that decodes as H.264 and AAC with the source's length, a seek that starts ffmpeg
//! where the player jumped, the transcode limit, and ffmpeg ending when its device is signed out.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::support::{TestApp, error_code, spawn_app_with};

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/media");

/// An app whose library holds `files` (name → source file), each as its own movie, and a token
/// watching as the account's profile. Returns the media ids in the order given.
pub async fn library_of(
    files: &[(&str, &Path)],
    configure: impl FnOnce(&mut marquee::settings::Settings),
) -> (TestApp, tempfile::TempDir, String, Vec<String>) {
    let app = spawn_app_with(configure).await;
    let root = tempfile::tempdir().unwrap();
    for (name, source) in files {
        let folder = root.path().join(format!("{name} (2020)"));
        std::fs::create_dir(&folder).unwrap();
        let ext = source.extension().unwrap().to_str().unwrap();
        std::fs::copy(source, folder.join(format!("{name} (2020).{ext}"))).unwrap();
    }
    let catalog = app.store.store.catalog();
    let library =
        marquee::catalog::library::add(catalog.as_ref(), root.path(), marquee::domain::media::LibraryKind::Movies)
            .await
            .unwrap();
    let summary = marquee::catalog::library::scan_library(catalog.clone(), &library, |_| {}).await.unwrap();
    assert_eq!(summary.added, files.len(), "skipped: {:?}", summary.skipped);
    // As `marquee library scan` does: Matroska keyframe times, which a remux cuts at.
    marquee::catalog::keyframes::fill_keyframes(catalog.as_ref()).await.unwrap();
    app.create_account("hls@example.com").await;
    let token = app.sign_in("hls@example.com", "Player", "tv").await;
    select_first_profile(&app, &token).await;
    let listed: Value = app.get("/api/v1/catalog", &token).await.json().await.unwrap();
    let mut media = Vec::new();
    for (name, _) in files {
        let title = listed["titles"].as_array().unwrap().iter().find(|t| t["name"] == *name).expect("listed");
        media.push(title["media_id"].as_str().unwrap().to_string());
    }
    (app, root, token, media)
}

pub async fn select_first_profile(app: &TestApp, token: &str) {
    let profiles: Value = app.get("/api/v1/profiles", token).await.json().await.unwrap();
    let profile = profiles[0]["id"].as_str().unwrap();
    let url = app.url(&format!("/api/v1/profiles/{profile}/select"));
    let selected = app.client.post(url).bearer_auth(token).send().await.unwrap();
    assert_eq!(selected.status(), 204);
}

pub fn fixture(name: &str) -> PathBuf {
    Path::new(FIXTURES).join(name)
}

/// A test video made here: `seconds` long, `size` (e.g. "320x180"), H.264 with a keyframe every 2 s
/// and AC-3 sound, in Matroska.
pub fn generated_mkv(dir: &Path, seconds: u32, size: &str) -> PathBuf {
    let out = dir.join(format!("generated-{seconds}-{size}.mkv"));
    let status = Command::new("ffmpeg")
        .args(["-hide_banner", "-loglevel", "error", "-nostdin", "-y", "-f", "lavfi", "-i"])
        .arg(format!("testsrc2=size={size}:rate=25:duration={seconds}"))
        .args(["-f", "lavfi", "-i"])
        .arg(format!("sine=frequency=440:duration={seconds}"))
        .args(["-c:v", "libx264", "-preset", "ultrafast", "-g", "50", "-c:a", "ac3", "-b:a", "96k"])
        .arg(&out)
        .status()
        .expect("ffmpeg runs");
    assert!(status.success());
    out
}

/// The whole HLS stream behind a playback answer: every segment, joined, written to `out`.
pub async fn fetch_stream(app: &TestApp, token: &str, playlist_url: &str, out: &Path) -> usize {
    let master = text(app, token, playlist_url).await;
    assert!(master.starts_with("#EXTM3U"), "{master}");
    let variant_name = master.lines().find(|line| !line.starts_with('#') && !line.is_empty()).expect("a variant");
    let base = playlist_url.rsplit_once('/').unwrap().0;
    let media_playlist = text(app, token, &format!("{base}/{variant_name}")).await;
    assert!(media_playlist.contains("#EXT-X-PLAYLIST-TYPE:VOD") && media_playlist.ends_with("#EXT-X-ENDLIST\n"));
    let segments: Vec<&str> = media_playlist.lines().filter(|l| !l.starts_with('#') && !l.is_empty()).collect();
    let mut joined = Vec::new();
    for segment in &segments {
        let response = app.get(&format!("{base}/{segment}"), token).await;
        assert_eq!(response.status(), 200, "{segment}");
        assert_eq!(response.headers()["content-type"], "video/mp2t");
        joined.extend_from_slice(&response.bytes().await.unwrap());
    }
    std::fs::write(out, joined).unwrap();
    segments.len()
}

async fn text(app: &TestApp, token: &str, path: &str) -> String {
    let response = app.get(path, token).await;
    assert_eq!(response.status(), 200, "{path}");
    assert_eq!(response.headers()["content-type"], "application/vnd.apple.mpegurl");
    response.text().await.unwrap()
}

/// (codec names of the streams, duration) as ffprobe reads a file.
pub fn probe(path: &Path) -> (Vec<String>, f64) {
    let out = Command::new("ffprobe")
        .args(["-v", "error", "-show_entries", "stream=codec_name:format=duration", "-of", "json"])
        .arg(path)
        .output()
        .expect("ffprobe runs");
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    let codecs = report["streams"].as_array().unwrap().iter().map(|s| s["codec_name"].as_str().unwrap().to_owned());
    let duration = report["format"]["duration"].as_str().unwrap().parse().unwrap();
    (codecs.collect(), duration)
}

/// The first video timestamp in a segment, in seconds.
fn first_video_time(bytes: &[u8], dir: &Path) -> f64 {
    let file = dir.join(format!("segment-{}.ts", uuid::Uuid::new_v4()));
    std::fs::write(&file, bytes).unwrap();
    let out = Command::new("ffprobe")
        .args(["-v", "error", "-select_streams", "v:0", "-show_entries", "packet=pts_time", "-of", "csv=p=0"])
        .arg(&file)
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    text.lines().filter_map(|line| line.trim_end_matches(',').parse::<f64>().ok()).fold(f64::INFINITY, f64::min)
}

async fn playback(app: &TestApp, token: &str, media: &str, query: &str) -> Value {
    let response = app.get(&format!("/api/v1/media/{media}/playback{query}"), token).await;
    assert_eq!(response.status(), 200);
    response.json().await.unwrap()
}

/// ffmpeg processes whose command line names this folder.
pub fn ffmpeg_processes_in(folder: &Path) -> usize {
    let needle = folder.to_string_lossy().into_owned();
    let Ok(entries) = std::fs::read_dir("/proc") else { return 0 };
    entries
        .filter_map(Result::ok)
        .filter(|entry| entry.file_name().to_string_lossy().bytes().all(|b| b.is_ascii_digit()))
        .filter_map(|entry| std::fs::read(entry.path().join("cmdline")).ok())
        .map(|cmdline| String::from_utf8_lossy(&cmdline).replace('\0', " "))
        .filter(|cmdline| cmdline.contains("ffmpeg") && cmdline.contains(&needle))
        .count()
}

#[tokio::test]
async fn an_ac3_mkv_and_an_hevc_mp4_play_as_h264_and_aac_hls_of_their_whole_length() {
    let files = [("Ac3 Film", fixture("h264-ac3.mkv").as_path().to_owned()), ("Hevc Film", fixture("hevc-aac.mp4"))];
    let named: Vec<(&str, &Path)> = files.iter().map(|(n, p)| (*n, p.as_path())).collect();
    let (app, root, token, media) = library_of(&named, |_| {}).await;
    let remux = playback(&app, &token, &media[0], "").await;
    assert_eq!(remux["method"], "remux", "{remux}");
    assert_eq!(remux["mime"], "application/vnd.apple.mpegurl");
    let url = remux["url"].as_str().unwrap();
    assert!(url.starts_with(&format!("/api/v1/media/{}/hls/", media[0])) && url.ends_with("/index.m3u8"), "{url}");
    let transcode = playback(&app, &token, &media[1], "").await;
    assert_eq!(transcode["method"], "transcode", "{transcode}");
    // A device that says it plays HEVC gets the file as it is.
    let direct = playback(&app, &token, &media[1], "?video=h264,hevc").await;
    assert_eq!(
        (direct["method"].as_str(), direct["url"].as_str()),
        (Some("direct"), Some(&*format!("/api/v1/media/{}/stream", media[1])))
    );
    for answer in [remux, transcode] {
        let out = root.path().join(format!("{}.ts", uuid::Uuid::new_v4()));
        let segments = fetch_stream(&app, &token, answer["url"].as_str().unwrap(), &out).await;
        assert!(segments >= 2, "six seconds make two segments or more");
        let (codecs, duration) = probe(&out);
        assert_eq!(codecs, ["h264", "aac"], "{answer}");
        assert!((duration - 6.0).abs() < 0.5, "the source is 6 s long, the stream {duration} s");
    }
}

#[tokio::test]
async fn a_seek_starts_ffmpeg_at_the_segment_asked_for_and_lands_within_a_second() {
    let scratch = tempfile::tempdir().unwrap();
    let source = generated_mkv(scratch.path(), 21, "320x180");
    let (app, _root, token, media) = library_of(&[("Long Film", &source)], |_| {}).await;
    for (query, method) in [("", "remux"), ("?video=vp9", "transcode")] {
        let answer = playback(&app, &token, &media[0], query).await;
        assert_eq!(answer["method"], method);
        let base = answer["url"].as_str().unwrap().trim_end_matches("/index.m3u8").to_owned();
        let listing = app.get(&format!("{base}/video.m3u8"), &token).await.text().await.unwrap();
        let durations: Vec<f64> = listing
            .lines()
            .filter_map(|line| line.strip_prefix("#EXTINF:"))
            .map(|d| d.trim_end_matches(',').parse().unwrap())
            .collect();
        assert!(durations.len() >= 4, "{listing}");
        // Jump to the fourth segment first, as a player does when it resumes or seeks.
        let target: f64 = durations[..3].iter().sum();
        let started = Instant::now();
        let later = app.get(&format!("{base}/3.ts"), &token).await;
        assert_eq!(later.status(), 200);
        let later = first_video_time(&later.bytes().await.unwrap(), scratch.path());
        assert!(started.elapsed() < Duration::from_secs(10), "the segment came from a fresh start, not from 0");
        let first = app.get(&format!("{base}/0.ts"), &token).await;
        assert_eq!(first.status(), 200);
        let first = first_video_time(&first.bytes().await.unwrap(), scratch.path());
        let landed = later - first;
        assert!((landed - target).abs() < 1.0, "{method}: asked for {target} s, landed at {landed} s");
    }
}

#[tokio::test]
async fn ffmpeg_ends_when_its_device_is_signed_out_and_its_folder_is_removed() {
    let scratch = tempfile::tempdir().unwrap();
    let source = generated_mkv(scratch.path(), 60, "1280x720");
    let work = scratch.path().join("streams");
    let folder = work.clone();
    let (app, _root, token, media) =
        library_of(&[("Busy Film", &source)], move |settings| settings.transcoding.work_dir = folder).await;
    let answer = playback(&app, &token, &media[0], "?video=vp9").await;
    assert_eq!(answer["method"], "transcode");
    let base = answer["url"].as_str().unwrap().trim_end_matches("/index.m3u8").to_owned();
    assert_eq!(app.get(&format!("{base}/0.ts"), &token).await.status(), 200);
    assert_eq!(ffmpeg_processes_in(&work), 1, "a minute of 720p takes ffmpeg longer than one segment");
    let signed_out = app.delete("/api/v1/sessions/current", &token).await;
    assert_eq!(signed_out.status(), 204);
    let streams_left = || -> Vec<std::ffi::OsString> {
        let Ok(dir) = std::fs::read_dir(&work) else { return Vec::new() };
        dir.filter_map(Result::ok).map(|entry| entry.file_name()).filter(|name| name != "subtitles").collect()
    };
    let deadline = Instant::now() + Duration::from_secs(5);
    while (ffmpeg_processes_in(&work) > 0 || !streams_left().is_empty()) && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(ffmpeg_processes_in(&work), 0, "ffmpeg ended with the session");
    assert_eq!(streams_left(), Vec::<std::ffi::OsString>::new(), "the stream's folder is gone");
    assert_eq!(error_code(app.get(&format!("{base}/1.ts"), &token).await, 401).await, "unauthenticated");
}

#[tokio::test]
async fn past_the_transcode_limit_the_player_is_told_the_server_is_busy() {
    let scratch = tempfile::tempdir().unwrap();
    let source = generated_mkv(scratch.path(), 60, "1280x720");
    let (app, _root, first, media) =
        library_of(&[("Busy Film", &source)], |settings| settings.transcoding.max_transcodes = 1).await;
    let second = app.sign_in("hls@example.com", "Second", "tv").await;
    select_first_profile(&app, &second).await;
    let answer = playback(&app, &first, &media[0], "?video=vp9").await;
    let base = answer["url"].as_str().unwrap().trim_end_matches("/index.m3u8").to_owned();
    assert_eq!(app.get(&format!("{base}/0.ts"), &first).await.status(), 200);
    let refused = app.get(&format!("/api/v1/media/{}/playback?video=vp9", media[0]), &second).await;
    assert_eq!(error_code(refused, 503).await, "transcoding_busy");
    let refused = app.get(&format!("{base}/0.ts"), &second).await;
    assert_eq!(error_code(refused, 503).await, "transcoding_busy");
    // A remux costs little and is not limited; the first device asking again is not refused either.
    assert_eq!(playback(&app, &second, &media[0], "").await["method"], "remux");
    assert_eq!(playback(&app, &first, &media[0], "?video=vp9").await["method"], "transcode");
    assert_eq!(app.delete("/api/v1/sessions/current", &first).await.status(), 204);
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        let response = app.get(&format!("/api/v1/media/{}/playback?video=vp9", media[0]), &second).await;
        if response.status() == 200 {
            break;
        }
        assert!(Instant::now() < deadline, "the slot came back after the sign-out");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test]
async fn without_ffmpeg_files_play_as_they_are_and_the_others_say_why() {
    let files = [("Plain Film", fixture("tiny.mp4")), ("Ac3 Film", fixture("h264-ac3.mkv"))];
    let named: Vec<(&str, &Path)> = files.iter().map(|(n, p)| (*n, p.as_path())).collect();
    let (app, _root, token, media) = library_of(&named, |settings| settings.transcoding.ffmpeg = None).await;
    assert_eq!(playback(&app, &token, &media[0], "").await["method"], "direct");
    let refused = app.get(&format!("/api/v1/media/{}/playback", media[1]), &token).await;
    assert_eq!(error_code(refused, 503).await, "ffmpeg_missing");
    let segment = app.get(&format!("/api/v1/media/{}/hls/remux-aac-a0/0.ts", media[1]), &token).await;
    assert_eq!(error_code(segment, 503).await, "ffmpeg_missing");
}

#[tokio::test]
async fn bad_stream_requests_are_refused_with_words() {
    let files = [("Ac3 Film", fixture("h264-ac3.mkv"))];
    let named: Vec<(&str, &Path)> = files.iter().map(|(n, p)| (*n, p.as_path())).collect();
    let (app, _root, token, media) = library_of(&named, |_| {}).await;
    let media = &media[0];
    for (query, code) in [
        ("?video=h265", "unknown_codec"),
        ("?audio=%3Cscript%3E", "unknown_codec"),
        ("?audio_track=-1", "invalid_track"),
        ("?audio_track=1x", "invalid_track"),
        ("?burn_subtitle=99999", "invalid_track"),
    ] {
        let response = app.get(&format!("/api/v1/media/{media}/playback{query}"), &token).await;
        assert_eq!(error_code(response, 400).await, code, "{query}");
    }
    let no_track = app.get(&format!("/api/v1/media/{media}/playback?audio_track=7"), &token).await;
    assert_eq!(error_code(no_track, 404).await, "not_found");
    let no_picture_subtitles = app.get(&format!("/api/v1/media/{media}/playback?burn_subtitle=0"), &token).await;
    assert_eq!(error_code(no_picture_subtitles, 404).await, "not_found");
    for path in [
        "hls/remux-aac-a0/..%2F..%2Fetc%2Fpasswd",
        "hls/remux-aac-a0/-1.ts",
        "hls/remux-aac-a0/99.ts",
        "hls/remux-aac-a0/1.ts.ts",
        "hls/remux-aac-a0/index.m3u",
        "hls/remux-opus-a0/index.m3u8",
        "hls/remux-aac-a5/index.m3u8",
        "hls/direct-copy-a0/index.m3u8",
        "hls/%3Cscript%3E/index.m3u8",
    ] {
        let response = app.get(&format!("/api/v1/media/{media}/{path}"), &token).await;
        assert_eq!(error_code(response, 404).await, "not_found", "{path}");
    }
    let unknown = uuid::Uuid::now_v7();
    let response = app.get(&format!("/api/v1/media/{unknown}/hls/remux-aac-a0/index.m3u8"), &token).await;
    assert_eq!(error_code(response, 404).await, "not_found");
    let anonymous = app.client.get(app.url(&format!("/api/v1/media/{media}/hls/remux-aac-a0/index.m3u8")));
    assert_eq!(error_code(anonymous.send().await.unwrap(), 401).await, "unauthenticated");
}

#[tokio::test]
async fn sound_tracks_are_offered_and_chosen_and_subtitles_inside_the_file_arrive_as_webvtt() {
    let files = [("Two Voices", fixture("two-audio-srt.mkv"))];
    let named: Vec<(&str, &Path)> = files.iter().map(|(n, p)| (*n, p.as_path())).collect();
    let (app, root, token, media) = library_of(&named, |_| {}).await;
    let media = &media[0];
    let answer = playback(&app, &token, media, "").await;
    let tracks = answer["audio_tracks"].as_array().unwrap();
    assert_eq!(tracks.len(), 2, "{answer}");
    assert_eq!((tracks[0]["language"].as_str(), tracks[0]["selected"].as_bool()), (Some("en"), Some(true)));
    assert_eq!((tracks[1]["language"].as_str(), tracks[1]["name"].as_str()), (Some("fr"), Some("Commentary")));
    let subtitles = answer["subtitles"].as_array().unwrap();
    assert_eq!(subtitles.len(), 1, "{answer}");
    assert_eq!((subtitles[0]["id"].as_str(), subtitles[0]["kind"].as_str()), (Some("e0"), Some("text")));
    let url = subtitles[0]["url"].as_str().unwrap();
    assert_eq!(url, format!("/api/v1/media/{media}/subtitles/e0"));
    let vtt = app.get(url, &token).await;
    assert_eq!(vtt.status(), 200);
    assert_eq!(vtt.headers()["content-type"], "text/vtt; charset=utf-8");
    let vtt = vtt.text().await.unwrap();
    assert!(vtt.starts_with("WEBVTT") && vtt.contains("Hello from the subtitles"), "{vtt}");
    for bad in ["e", "e9", "e01", "e-1", "e0.vtt", "e%2F..%2F0"] {
        let response = app.get(&format!("/api/v1/media/{media}/subtitles/{bad}"), &token).await;
        assert_eq!(error_code(response, 404).await, "not_found", "{bad}");
    }

    // The commentary instead of the first track: its AAC is copied, as the first one would be.
    let commentary = playback(&app, &token, media, "?audio_track=1").await;
    assert_eq!(commentary["method"], "remux");
    assert!(commentary["url"].as_str().unwrap().contains("/hls/remux-copy-a1/"), "{commentary}");
    assert_eq!(commentary["audio_tracks"][1]["selected"], true);
    let out = root.path().join("commentary.ts");
    fetch_stream(&app, &token, commentary["url"].as_str().unwrap(), &out).await;
    let (codecs, duration) = probe(&out);
    assert_eq!(codecs, ["h264", "aac"]);
    assert!((duration - 6.0).abs() < 0.5, "{duration}");
}

/// A PGS subtitle file (`.sup`, as Blu-ray discs carry them) with one white bar shown from 1 s to
/// 3 s, for a `width`×`height` video.
pub fn pgs_subtitles(width: u16, height: u16) -> Vec<u8> {
    fn segment(pts: u32, kind: u8, payload: &[u8]) -> Vec<u8> {
        let mut out = b"PG".to_vec();
        out.extend(pts.to_be_bytes());
        out.extend(0u32.to_be_bytes());
        out.push(kind);
        out.extend(u16::try_from(payload.len()).unwrap().to_be_bytes());
        out.extend(payload);
        out
    }
    let (bar_width, bar_height) = (120u16, 20u16);
    let mut rle = Vec::new();
    for _ in 0..bar_height {
        rle.extend(std::iter::repeat_n(1u8, usize::from(bar_width)));
        rle.extend([0, 0]);
    }
    let mut out = Vec::new();
    for (pts, shown) in [(90_000u32, true), (270_000, false)] {
        let mut composition = [width.to_be_bytes(), height.to_be_bytes()].concat();
        composition.extend([0x10, 0, u8::from(shown) + 1, if shown { 0x80 } else { 0 }, 0, 0, u8::from(shown)]);
        if shown {
            composition.extend([0, 0, 0, 0, 0, 100, 0, 140]);
        }
        out.extend(segment(pts, 0x16, &composition));
        out.extend(segment(pts, 0x17, &[1, 0, 0, 100, 0, 140, 0, 120, 0, 20]));
        if shown {
            out.extend(segment(pts, 0x14, &[0, 0, 1, 235, 128, 128, 255]));
            let mut object = vec![0, 0, 0, 0xC0];
            object.extend(&u32::try_from(rle.len() + 4).unwrap().to_be_bytes()[1..]);
            object.extend(bar_width.to_be_bytes());
            object.extend(bar_height.to_be_bytes());
            object.extend(&rle);
            out.extend(segment(pts, 0x15, &object));
        }
        out.extend(segment(pts, 0x80, &[]));
    }
    out
}

#[tokio::test]
async fn picture_subtitles_are_offered_and_burned_in_only_when_chosen() {
    let scratch = tempfile::tempdir().unwrap();
    let sup = scratch.path().join("bar.sup");
    std::fs::write(&sup, pgs_subtitles(320, 180)).unwrap();
    let source = scratch.path().join("with-pgs.mkv");
    let status = Command::new("ffmpeg")
        .args(["-hide_banner", "-loglevel", "error", "-nostdin", "-y", "-i"])
        .arg(fixture("h264-ac3.mkv"))
        .arg("-i")
        .arg(&sup)
        .args(["-map", "0", "-map", "1", "-c", "copy"])
        .arg(&source)
        .status()
        .unwrap();
    assert!(status.success());
    let (app, root, token, media) = library_of(&[("Blu Film", &source)], |_| {}).await;
    let plain = playback(&app, &token, &media[0], "").await;
    assert_eq!(plain["method"], "remux", "nothing is burned in unless chosen");
    let subtitle = &plain["subtitles"][0];
    assert_eq!((subtitle["kind"].as_str(), subtitle["burn_subtitle"].as_i64()), (Some("picture"), Some(0)), "{plain}");
    assert!(subtitle["url"].is_null());
    let burned = playback(&app, &token, &media[0], "?burn_subtitle=0").await;
    assert_eq!(burned["method"], "transcode");
    assert!(burned["url"].as_str().unwrap().contains("-b0/"), "{burned}");
    assert_eq!(burned["subtitles"][0]["selected"], true);
    let out = root.path().join("burned.ts");
    fetch_stream(&app, &token, burned["url"].as_str().unwrap(), &out).await;
    let (codecs, duration) = probe(&out);
    assert_eq!(codecs, ["h264", "aac"]);
    assert!((duration - 6.0).abs() < 0.5, "{duration}");
}

#[tokio::test]
async fn a_damaged_file_says_so_on_the_stream_and_on_the_next_playback_answer() {
    let scratch = tempfile::tempdir().unwrap();
    let mut bytes = std::fs::read(fixture("h264-ac3.mkv")).unwrap();
    // The headers stay readable (the scan takes it), the pictures and sound after them do not.
    let end = bytes.len() - 2000;
    for (index, byte) in bytes.iter_mut().enumerate().take(end).skip(6000) {
        *byte = (index * 7) as u8;
    }
    let source = scratch.path().join("damaged.mkv");
    std::fs::write(&source, bytes).unwrap();
    let work = scratch.path().join("streams");
    let folder = work.clone();
    let (app, root, token, media) =
        library_of(&[("Damaged Film", &source)], move |settings| settings.transcoding.work_dir = folder).await;
    // ffmpeg's words reach the viewer without a path of the server's: the library's, the streams' folder.
    let hidden = [root.path().canonicalize().unwrap(), work, std::env::temp_dir()];
    let no_paths = |message: &str| {
        for path in &hidden {
            assert!(!message.contains(path.to_str().unwrap()), "{message} names {}", path.display());
        }
    };
    let answer = playback(&app, &token, &media[0], "?video=vp9").await;
    assert_eq!(answer["method"], "transcode");
    let base = answer["url"].as_str().unwrap().trim_end_matches("/index.m3u8").to_owned();
    // What could be read comes first; past it, ffmpeg has nothing more to give.
    assert_eq!(app.get(&format!("{base}/0.ts"), &token).await.status(), 200);
    let started = Instant::now();
    let broken: Value = app.get(&format!("{base}/1.ts"), &token).await.json().await.unwrap();
    assert_eq!(broken["error"], "conversion_failed", "{broken}");
    no_paths(broken["message"].as_str().unwrap());
    assert!(started.elapsed() < Duration::from_secs(10), "no waiting for a segment that never comes");
    let asked_again = app.get(&format!("/api/v1/media/{}/playback?video=vp9", media[0]), &token).await;
    assert_eq!(asked_again.status(), 422);
    let body: Value = asked_again.json().await.unwrap();
    assert_eq!(body["error"], "conversion_failed");
    assert!(body["message"].as_str().unwrap().contains("damaged"), "{body}");
    no_paths(body["message"].as_str().unwrap());

    // Damaged from its first byte now (ffmpeg then names the file it cannot open): still no path.
    let in_library = root.path().join("Damaged Film (2020)").join("Damaged Film (2020).mkv");
    std::fs::write(&in_library, vec![0x42; 64 * 1024]).unwrap();
    let unreadable: Value =
        app.get(&format!("/api/v1/media/{}/hls/remux-aac-a0/0.ts", media[0]), &token).await.json().await.unwrap();
    assert_eq!(unreadable["error"], "conversion_failed", "{unreadable}");
    let message = unreadable["message"].as_str().unwrap();
    assert!(message.contains("Damaged Film (2020).mkv"), "the file is named by its name: {message}");
    no_paths(message);
    let remux: Value = app.get(&format!("/api/v1/media/{}/playback", media[0]), &token).await.json().await.unwrap();
    assert_eq!(remux["error"], "conversion_failed", "{remux}");
    no_paths(remux["message"].as_str().unwrap());
}

#[tokio::test]
async fn a_stream_nobody_asks_for_ends_after_the_idle_timeout() {
    let scratch = tempfile::tempdir().unwrap();
    let source = generated_mkv(scratch.path(), 60, "1280x720");
    let work = scratch.path().join("streams");
    let folder = work.clone();
    let (app, _root, token, media) = library_of(&[("Paused Film", &source)], move |settings| {
        settings.transcoding.work_dir = folder;
        settings.transcoding.idle_timeout = Duration::from_secs(1);
    })
    .await;
    let answer = playback(&app, &token, &media[0], "?video=vp9").await;
    let base = answer["url"].as_str().unwrap().trim_end_matches("/index.m3u8").to_owned();
    assert_eq!(app.get(&format!("{base}/0.ts"), &token).await.status(), 200);
    assert_eq!(ffmpeg_processes_in(&work), 1);
    // The player pauses: nothing is asked for, and ffmpeg ends within the timeout and a tick.
    let deadline = Instant::now() + Duration::from_secs(5);
    while ffmpeg_processes_in(&work) > 0 && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(ffmpeg_processes_in(&work), 0, "ffmpeg ended while nobody asked");
    // Playing on starts it again where the player is.
    let again = app.get(&format!("{base}/2.ts"), &token).await;
    assert_eq!(again.status(), 200, "{:?}", again.text().await);
}

const STYLED_SUBTITLES: &str = "[Script Info]\nScriptType: v4.00+\nPlayResX: 320\nPlayResY: 180\n\n\
[V4+ Styles]\nFormat: Name, Fontname, Fontsize, PrimaryColour, SecondaryColour, OutlineColour, BackColour, Bold, \
Italic, Underline, StrikeOut, ScaleX, ScaleY, Spacing, Angle, BorderStyle, Outline, Shadow, Alignment, MarginL, \
MarginR, MarginV, Encoding\n\
Style: Default,DejaVu Sans,20,&H00FFFFFF,&H000000FF,&H00000000,&H00000000,0,0,0,0,100,100,0,0,1,1,0,2,10,10,10,1\n\n\
[Events]\nFormat: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text\n\
Dialogue: 0,0:00:01.00,0:00:03.00,Default,,0,0,0,,{\\i1}Styled words{\\i0}\n";

#[tokio::test]
async fn ass_subtitles_beside_a_video_arrive_as_webvtt() {
    let files = [("Styled Film", fixture("tiny.mp4"))];
    let named: Vec<(&str, &Path)> = files.iter().map(|(n, p)| (*n, p.as_path())).collect();
    let (app, root, token, media) = library_of(&named, |_| {}).await;
    let folder = root.path().join("Styled Film (2020)");
    std::fs::write(folder.join("Styled Film (2020).en.ass"), STYLED_SUBTITLES).unwrap();
    let catalog = app.store.store.catalog();
    let library = marquee::catalog::library::find(catalog.as_ref(), root.path()).await.unwrap().expect("the library");
    marquee::catalog::library::scan_library(catalog.clone(), &library, |_| {}).await.unwrap();
    let answer = playback(&app, &token, &media[0], "").await;
    assert_eq!(answer["method"], "direct");
    let subtitle = &answer["subtitles"][0];
    assert_eq!((subtitle["kind"].as_str(), subtitle["language"].as_str()), (Some("text"), Some("en")), "{answer}");
    let vtt = app.get(subtitle["url"].as_str().unwrap(), &token).await;
    assert_eq!(vtt.status(), 200);
    let vtt = vtt.text().await.unwrap();
    assert!(vtt.starts_with("WEBVTT") && vtt.contains("Styled words") && vtt.contains("00:01.000 --> "), "{vtt:?}");
}

#[tokio::test]
async fn devices_racing_for_the_last_transcode_slot_get_it_once() {
    let scratch = tempfile::tempdir().unwrap();
    let source = generated_mkv(scratch.path(), 60, "640x360");
    let (app, _root, first, media) = library_of(&[("Raced Film", &source)], |settings| {
        settings.transcoding.max_transcodes = 1;
        settings.streams_per_account = 10;
    })
    .await;
    let mut tokens = vec![first];
    for n in 1..6 {
        let token = app.sign_in("hls@example.com", &format!("Racer {n}"), "tv").await;
        select_first_profile(&app, &token).await;
        tokens.push(token);
    }
    let path = format!("/api/v1/media/{}/hls/transcode-aac-a0/0.ts", media[0]);
    let requests = tokens.iter().map(|token| {
        let request = app.client.get(app.url(&path)).bearer_auth(token);
        async move { request.send().await.unwrap().status().as_u16() }
    });
    let mut statuses = futures_util::future::join_all(requests).await;
    statuses.sort_unstable();
    assert_eq!(statuses, [200, 503, 503, 503, 503, 503], "one device gets the only slot");
}
