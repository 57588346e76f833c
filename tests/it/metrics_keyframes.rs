//! The scan progress the server reports: its background reading of keyframe times, which it does at
//! start for the files a scan left without them, as the real binary on real Matroska files.

use std::path::Path;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use crate::binary::{free_port, marquee, on_path, run, start_server};
use crate::metrics::{scrape, value};

/// Matroska files whose keyframe times only ffprobe reads.
const MATROSKA_FILES: usize = 6;

/// The keyframe series, as (running, files, done, last completed), once the server serves them.
async fn keyframe_series(client: &reqwest::Client, port: u16) -> (f64, f64, f64, Option<f64>) {
    let text = scrape(client, port).await;
    let series = |name| value(&text, name, &[]).unwrap_or_else(|| panic!("no {name} in {text}"));
    (
        series("marquee_keyframe_scan_running"),
        series("marquee_keyframe_scan_files"),
        series("marquee_keyframe_scan_files_done"),
        value(&text, "marquee_keyframe_scan_last_completed_timestamp_seconds", &[]),
    )
}

/// Serves until the first pass over the waiting files has finished, checking every scrape on the way, and
/// returns the last (files, done, completed).
async fn serve_until_the_pass_finishes(data: &Path) -> (f64, f64, f64) {
    let port = free_port();
    let metrics_listen = format!("127.0.0.1:{port}");
    let (mut server, _base) = start_server(data, &["serve", "--metrics-listen", &metrics_listen]).await;
    let client = reqwest::Client::new();
    let mut done_before = 0.0;
    for _ in 0..600 {
        let (running, files, done, completed) = keyframe_series(&client, port).await;
        assert!(done <= files, "{done} of {files} files done");
        assert!(done >= done_before, "files done went back from {done_before} to {done}");
        done_before = done;
        if let Some(completed) = completed {
            assert_eq!(running, 0.0, "a pass finished and still running");
            // Stopped for good before returning, so that the next start finds the database free.
            server.kill().await.unwrap();
            return (files, done, completed);
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("the server did not finish reading keyframe times within 30 s");
}

#[tokio::test]
async fn the_server_reports_how_far_its_keyframe_reading_has_come() {
    assert!(on_path("ffprobe"), "ffprobe (Debian's ffmpeg package) reads keyframe times; install it");
    let data = tempfile::tempdir().unwrap();
    let media = tempfile::tempdir().unwrap();
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/media");
    for n in 0..MATROSKA_FILES {
        let folder = media.path().join(format!("Film {n} (2020)"));
        std::fs::create_dir(&folder).unwrap();
        std::fs::copy(fixtures.join("h264-ac3.mkv"), folder.join(format!("Film {n} (2020).mkv"))).unwrap();
    }
    // An MP4's headers list its keyframes: nothing is left for the server to read.
    let mp4 = media.path().join("Headers Film (2021)");
    std::fs::create_dir(&mp4).unwrap();
    std::fs::copy(fixtures.join("hevc-aac.mp4"), mp4.join("Headers Film (2021).mp4")).unwrap();
    run(marquee(data.path()).arg("library").arg("add").arg(media.path()).args(["--kind", "movies"])).await;
    // Scanned where ffprobe is not installed, so the Matroska files wait for the server.
    let no_programs = tempfile::tempdir().unwrap();
    let scanned = run(marquee(data.path()).args(["library", "scan"]).env("PATH", no_programs.path())).await;
    assert!(scanned.contains(&format!("{} added", MATROSKA_FILES + 1)), "{scanned}");
    assert!(!scanned.contains("Keyframe times read"), "{scanned}");

    let started = SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_secs_f64();
    let (files, done, completed) = serve_until_the_pass_finishes(data.path()).await;
    assert_eq!((files, done), (MATROSKA_FILES as f64, MATROSKA_FILES as f64));
    assert!(completed >= started.floor(), "finished at {completed}, before the server started at {started}");

    // The times were stored: the next start finds nothing waiting, and reads nothing again.
    let (files, done, _) = serve_until_the_pass_finishes(data.path()).await;
    assert_eq!((files, done), (0.0, 0.0));
}
