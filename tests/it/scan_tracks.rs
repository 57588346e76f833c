//! Scanning real files for their sound and subtitle tracks and keyframe times, on SQLite and PostgreSQL:
//! MP4 times come from the headers during the scan, Matroska's from ffprobe afterwards, once per file
//! version, with the progress the server reports.

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

use marquee::catalog::keyframes::{FillProgress, fill_keyframes, fill_keyframes_reporting};
use marquee::catalog::library::{self, ScanSummary};
use marquee::domain::media::LibraryKind;
use marquee::store::Store;
use marquee::store::catalog::{Catalog, LibraryRecord, TrackRecord};
use uuid::Uuid;

crate::on_both_backends!(tracks_are_read_and_keyframes_filled_once, a_rewritten_file_gets_new_tracks_and_keyframes,);

fn fixture(name: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/media").join(name)
}

/// Puts a fixture in a movie folder of its own, as `<name>/<name>.<ext>`.
fn place(root: &Path, fixture_name: &str, movie: &str) {
    let ext = fixture_name.rsplit('.').next().unwrap();
    let folder = root.join(movie);
    std::fs::create_dir_all(&folder).unwrap();
    std::fs::copy(fixture(fixture_name), folder.join(format!("{movie}.{ext}"))).unwrap();
}

async fn scan(catalog: &Arc<dyn Catalog>, library: &LibraryRecord) -> ScanSummary {
    let summary = library::scan_library(catalog.clone(), library, |_| {}).await.unwrap();
    assert!(summary.skipped.is_empty(), "skipped: {:?}", summary.skipped);
    summary
}

/// Each file's id, by the movie folder it is in.
async fn media_ids(catalog: &Arc<dyn Catalog>, library: &LibraryRecord) -> HashMap<String, Uuid> {
    let known = catalog.known_media(library.id).await.unwrap();
    known
        .into_iter()
        .map(|m| {
            let folder = Path::new(&m.path).parent().unwrap().file_name().unwrap().to_str().unwrap().to_string();
            (folder, m.id)
        })
        .collect()
}

/// (kind, position, codec, language, name, channels, default, forced) of each track, as a line of text.
fn described(tracks: &[TrackRecord]) -> Vec<String> {
    tracks
        .iter()
        .map(|t| {
            format!(
                "{} {} {} {} {} {} {} {}",
                t.kind,
                t.position,
                t.codec,
                t.language.as_deref().unwrap_or("-"),
                t.name.as_deref().unwrap_or("-"),
                t.channels.map_or("-".to_string(), |c| c.to_string()),
                if t.is_default { "default" } else { "-" },
                if t.forced { "forced" } else { "-" },
            )
        })
        .collect()
}

/// Keyframes within a few frames of every two seconds, from the start.
fn every_two_seconds(times: &[i64]) -> bool {
    times.len() == 3 && times.iter().zip([0, 2000, 4000]).all(|(t, expected)| (t - expected).abs() <= 100)
}

async fn library_of(catalog: &Arc<dyn Catalog>, root: &Path) -> LibraryRecord {
    library::add(catalog.as_ref(), root, LibraryKind::Movies).await.unwrap()
}

async fn tracks_are_read_and_keyframes_filled_once(store: Arc<dyn Store>) {
    let catalog = store.catalog();
    let root = tempfile::tempdir().unwrap();
    place(root.path(), "h264-ac3.mkv", "Ac3 Film (2020)");
    place(root.path(), "hevc-aac.mp4", "Hevc Film (2021)");
    place(root.path(), "two-audio-srt.mkv", "Two Tracks (2022)");
    place(root.path(), "mov-text.mp4", "Text Film (2023)");
    let library = library_of(&catalog, root.path()).await;
    assert_eq!(scan(&catalog, &library).await.added, 4);
    let ids = media_ids(&catalog, &library).await;
    let (ac3, hevc, two, text) =
        (ids["Ac3 Film (2020)"], ids["Hevc Film (2021)"], ids["Two Tracks (2022)"], ids["Text Film (2023)"]);

    assert_eq!(described(&catalog.media_tracks(ac3).await.unwrap()), ["audio 0 ac3 - - 1 - -"]);
    assert_eq!(described(&catalog.media_tracks(hevc).await.unwrap()), ["audio 0 aac - - 1 default -"]);
    assert_eq!(
        described(&catalog.media_tracks(two).await.unwrap()),
        ["audio 0 aac en - 1 default -", "audio 1 aac fr Commentary 1 - -", "subtitle 0 subrip en - - - -"]
    );
    assert_eq!(
        described(&catalog.media_tracks(text).await.unwrap()),
        ["audio 0 aac en - 1 default -", "audio 1 aac fr - 1 - -", "subtitle 0 mov_text de - - default forced"]
    );
    assert!(catalog.media_tracks(Uuid::now_v7()).await.unwrap().is_empty());

    // MP4 headers list their keyframes; Matroska's wait for ffprobe.
    assert_eq!(catalog.keyframes(hevc).await.unwrap(), Some(vec![0, 2000, 4000]));
    assert_eq!(catalog.keyframes(text).await.unwrap(), Some(vec![0, 1000]));
    assert_eq!(catalog.keyframes(ac3).await.unwrap(), None);
    assert_eq!(catalog.keyframes(two).await.unwrap(), None);

    assert_eq!(catalog.count_media_without_keyframes().await.unwrap(), 2);
    let progress = FillProgress::default();
    let filled = fill_keyframes_reporting(catalog.as_ref(), &progress).await.unwrap();
    assert_eq!(filled, 2, "only the two Matroska files are read");
    let reported = progress.snapshot();
    assert_eq!((reported.running, reported.files, reported.done), (false, 2, 2));
    assert!(reported.completed_at.is_some());
    assert_eq!(catalog.count_media_without_keyframes().await.unwrap(), 0);
    for id in [ac3, two] {
        let times = catalog.keyframes(id).await.unwrap().expect("keyframes after the background read");
        assert!(every_two_seconds(&times), "{times:?}");
    }
    assert_eq!(fill_keyframes(catalog.as_ref()).await.unwrap(), 0, "nothing is read twice");

    // A rescan that changes nothing keeps every track and time, and leaves nothing for ffprobe.
    assert_eq!(scan(&catalog, &library).await.unchanged, 4);
    assert_eq!(catalog.media_tracks(two).await.unwrap().len(), 3);
    assert!(catalog.keyframes(ac3).await.unwrap().is_some());
    assert_eq!(fill_keyframes(catalog.as_ref()).await.unwrap(), 0);
}

async fn a_rewritten_file_gets_new_tracks_and_keyframes(store: Arc<dyn Store>) {
    let catalog = store.catalog();
    let root = tempfile::tempdir().unwrap();
    place(root.path(), "h264-ac3.mkv", "Changing Film (2020)");
    let library = library_of(&catalog, root.path()).await;
    scan(&catalog, &library).await;
    let id = media_ids(&catalog, &library).await["Changing Film (2020)"];
    assert_eq!(fill_keyframes(catalog.as_ref()).await.unwrap(), 1);
    let known = catalog.known_media(library.id).await.unwrap().remove(0);

    // Times read from another version of the file are refused.
    assert!(!catalog.save_keyframes(id, known.size + 1, known.modified_ns, Some(&[0, 1])).await.unwrap());
    assert!(!catalog.save_keyframes(Uuid::now_v7(), known.size, known.modified_ns, Some(&[0])).await.unwrap());
    assert!(every_two_seconds(&catalog.keyframes(id).await.unwrap().unwrap()));

    // The same name, other contents: its tracks are replaced, its old times no longer count.
    place(root.path(), "two-audio-srt.mkv", "Changing Film (2020)");
    assert_eq!(scan(&catalog, &library).await.changed, 1);
    assert_eq!(media_ids(&catalog, &library).await["Changing Film (2020)"], id, "the file keeps its id");
    assert_eq!(catalog.media_tracks(id).await.unwrap().len(), 3);
    assert_eq!(catalog.keyframes(id).await.unwrap(), None);
    assert_eq!(fill_keyframes(catalog.as_ref()).await.unwrap(), 1);
    assert!(every_two_seconds(&catalog.keyframes(id).await.unwrap().unwrap()));

    // A file that went away is not read.
    std::fs::remove_dir_all(root.path().join("Changing Film (2020)")).unwrap();
    place(root.path(), "h264-ac3.mkv", "Another Film (2024)");
    scan(&catalog, &library).await;
    let before = catalog.known_media(library.id).await.unwrap();
    assert_eq!(before.iter().filter(|m| m.missing).count(), 1);
    assert_eq!(fill_keyframes(catalog.as_ref()).await.unwrap(), 1, "only the new file");
}
