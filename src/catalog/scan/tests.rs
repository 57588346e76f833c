//! Reading whole library folders built in temporary folders, as a person would lay them out, with the
//! tiny real videos in tests/fixtures/media.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};

use tempfile::TempDir;

use super::*;

fn fixture(name: &str) -> Vec<u8> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/media").join(name);
    fs::read(&path).unwrap_or_else(|e| panic!("fixture {} is missing: {e}", path.display()))
}

struct Library {
    dir: TempDir,
}

impl Library {
    fn new() -> Self {
        Library { dir: tempfile::tempdir().expect("a temporary folder") }
    }

    fn root(&self) -> &Path {
        self.dir.path()
    }

    fn put(&self, rel: &str, bytes: &[u8]) -> PathBuf {
        let path = self.root().join(rel);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).expect("create folders");
        }
        fs::write(&path, bytes).expect("write a file");
        path
    }

    fn video(&self, rel: &str) -> PathBuf {
        let name = if rel.ends_with(".webm") {
            "tiny.webm"
        } else if rel.ends_with(".mkv") {
            "tiny.mkv"
        } else {
            "tiny.mp4"
        };
        self.put(rel, &fixture(name))
    }

    fn scan(&self, kind: LibraryKind) -> LibraryTree {
        read_library(self.root(), kind, &|_| None, &|_, _, _| false, &|_| {}).expect("the library reads")
    }
}

fn changed(tree: &LibraryTree) -> Vec<&TitleInfo> {
    tree.titles
        .iter()
        .filter_map(|t| match t {
            FoundTitle::Changed(info) => Some(info),
            FoundTitle::Unchanged { .. } => None,
        })
        .collect()
}

fn only_title(tree: &LibraryTree) -> &TitleInfo {
    let titles = changed(tree);
    assert_eq!(titles.len(), 1, "one title expected, found {:?}", titles.iter().map(|t| &t.name).collect::<Vec<_>>());
    titles[0]
}

fn reasons(tree: &LibraryTree) -> Vec<String> {
    tree.skipped.iter().map(|s| format!("{}: {}", s.path.display(), s.reason)).collect()
}

#[test]
fn a_movie_folder_gives_title_year_imdb_id_and_the_video_facts() {
    let lib = Library::new();
    let video = lib.video("Alien (1979) [imdbid-tt0078748]/Alien (1979).mp4");
    let tree = lib.scan(LibraryKind::Movies);
    let title = only_title(&tree);
    assert_eq!((title.name.as_str(), title.year, title.imdb_id.as_deref()), ("Alien", Some(1979), Some("tt0078748")));
    assert_eq!(title.folder, lib.root().join("Alien (1979) [imdbid-tt0078748]"));
    assert_eq!(title.kind, LibraryKind::Movies);
    assert_eq!(title.runtime_seconds, Some(1));
    let file = &title.files[0];
    assert_eq!(file.path, video);
    assert_eq!(file.version, None);
    let facts = file.facts.as_ref().expect("facts read on a first scan");
    assert_eq!((facts.video_codec.as_deref(), facts.audio_codec.as_deref()), (Some("h264"), Some("aac")));
    assert_eq!(file.fingerprint.as_ref().map(String::len), Some(64));
    assert!(tree.skipped.is_empty(), "{:?}", reasons(&tree));
}

#[test]
fn versions_of_a_movie_are_one_title_with_several_files() {
    let lib = Library::new();
    lib.video("Heat (1995)/Heat (1995) - 1080p.mkv");
    lib.video("Heat (1995)/Heat (1995) - Director's Cut.mp4");
    lib.video("Heat (1995)/Heat (1995)-sample.mp4");
    lib.video("Heat (1995)/extras/Making of.mp4");
    lib.video("Heat (1995)/.hidden.mp4");
    let tree = lib.scan(LibraryKind::Movies);
    let title = only_title(&tree);
    assert_eq!(title.name, "Heat");
    let versions: Vec<Option<&str>> = title.files.iter().map(|f| f.version.as_deref()).collect();
    assert_eq!(versions, [Some("1080p"), Some("Director's Cut")]);
}

#[test]
fn names_without_a_year_unicode_and_release_names_are_understood() {
    let lib = Library::new();
    lib.video("Night of the Living Dead/Night of the Living Dead.webm");
    lib.video("Amélie – 千と千尋 (2001)/Amélie – 千と千尋 (2001).mkv");
    lib.video("The.Matrix.1999.1080p.BluRay.x264/The.Matrix.1999.1080p.BluRay.x264.mkv");
    let tree = lib.scan(LibraryKind::Movies);
    let mut found: Vec<(String, Option<i32>)> = changed(&tree).iter().map(|t| (t.name.clone(), t.year)).collect();
    found.sort();
    assert_eq!(
        found,
        [
            ("Amélie – 千と千尋".to_owned(), Some(2001)),
            ("Night of the Living Dead".to_owned(), None),
            ("The Matrix".to_owned(), Some(1999)),
        ]
    );
}

#[test]
fn a_loose_video_is_its_own_title_with_its_own_sidecars() {
    let lib = Library::new();
    let video = lib.video("Up (2009).mp4");
    let subtitle = lib.put("Up (2009).en.srt", b"1\n00:00:00,000 --> 00:00:01,000\nHi\n");
    let poster = lib.put("Up (2009)-poster.jpg", b"jpg");
    lib.put("poster.jpg", b"the library's own art, not Up's");
    lib.video("Heat (1995) - 1080p.mp4");
    let tree = lib.scan(LibraryKind::Documentaries);
    let titles = changed(&tree);
    assert_eq!(titles.len(), 2);
    let up = titles.iter().find(|t| t.name == "Up").expect("Up is found");
    assert_eq!(up.folder, video);
    assert_eq!(up.year, Some(2009));
    assert_eq!(up.poster, Some(poster));
    assert_eq!(up.files[0].subtitles.len(), 1);
    assert_eq!(up.files[0].subtitles[0].path, subtitle);
    assert_eq!(up.files[0].subtitles[0].language.as_deref(), Some("en"));
    let heat = titles.iter().find(|t| t.name == "Heat").expect("Heat is found");
    assert_eq!(heat.files[0].version.as_deref(), Some("1080p"));
    assert_eq!(heat.poster, None);
}

#[test]
fn a_show_with_seasons_specials_multi_episode_files_and_names() {
    let lib = Library::new();
    lib.video("The Office (2005)/Season 01/The Office S01E01.mkv");
    lib.video("The Office (2005)/Season 01/The Office S01E02-E03 - Double Trouble.mkv");
    lib.video("The Office (2005)/Specials/The Office S00E01 - Blooper Reel.mp4");
    lib.video("The Office (2005)/Season 00/The Office S00E02.mp4");
    lib.video("The Office (2005)/The Office S02E01E02.mp4");
    let stray = lib.video("The Office (2005)/Season 01/Holiday Video.mp4");
    lib.video("Loose S01E01.mp4");
    let tree = lib.scan(LibraryKind::Shows);
    let show = only_title(&tree);
    assert_eq!((show.name.as_str(), show.year), ("The Office", Some(2005)));
    type Episode<'a> = (Option<i64>, Option<i64>, Option<i64>, Option<&'a str>);
    let episodes: Vec<Episode> =
        show.files.iter().map(|f| (f.season, f.episode, f.episode_end, f.name.as_deref())).collect();
    assert_eq!(
        episodes,
        [
            (Some(0), Some(1), None, Some("Blooper Reel")),
            (Some(0), Some(2), None, None),
            (Some(1), Some(1), None, None),
            (Some(1), Some(2), Some(3), Some("Double Trouble")),
            (Some(2), Some(1), Some(2), None),
        ]
    );
    let stray_reason = tree.skipped.iter().find(|s| s.path == stray).expect("the stray video is reported");
    assert!(stray_reason.reason.contains("cannot tell which episode"), "{}", stray_reason.reason);
    assert!(
        tree.skipped.iter().any(|s| s.path.ends_with("Loose S01E01.mp4") && s.reason.contains("show's folder")),
        "{:?}",
        reasons(&tree)
    );
}

#[test]
fn nfo_files_win_over_names_for_movies_shows_and_episodes() {
    let lib = Library::new();
    lib.video("Alien (1979)/Alien (1979).mp4");
    lib.put(
        "Alien (1979)/movie.nfo",
        br#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<movie>
  <title>Alien: Director's Cut</title>
  <originaltitle>Alien</originaltitle>
  <premiered>2003-10-31</premiered>
  <plot>In space, no one can hear you scream.</plot>
  <genre>Horror</genre>
  <genre>Science Fiction</genre>
  <mpaa>Rated R</mpaa>
  <runtime>116</runtime>
  <actor><name>Sigourney Weaver</name><role>Ripley</role></actor>
  <actor><name>Tom Skerritt</name></actor>
  <uniqueid type="tmdb">348</uniqueid>
  <uniqueid type="imdb" default="true">tt0078748</uniqueid>
</movie>"#,
    );
    let tree = lib.scan(LibraryKind::Movies);
    let movie = only_title(&tree);
    assert_eq!(movie.name, "Alien: Director's Cut");
    assert_eq!(movie.original_name.as_deref(), Some("Alien"));
    assert_eq!(movie.year, Some(2003));
    assert_eq!(movie.plot.as_deref(), Some("In space, no one can hear you scream."));
    assert_eq!(movie.genres, ["Horror", "Science Fiction"]);
    assert_eq!(movie.certification.as_deref(), Some("Rated R"));
    assert_eq!(movie.runtime_seconds, Some(116 * 60));
    assert_eq!(movie.imdb_id.as_deref(), Some("tt0078748"));
    assert_eq!(
        movie.cast,
        [
            CastMember { name: "Sigourney Weaver".into(), role: Some("Ripley".into()) },
            CastMember { name: "Tom Skerritt".into(), role: None }
        ]
    );

    let lib = Library::new();
    lib.video("office/Season 1/office s01e01.mkv");
    lib.put("office/tvshow.nfo", b"<tvshow><title>The Office</title><year>2005</year><mpaa>TV-14</mpaa></tvshow>");
    lib.put(
        "office/Season 1/office s01e01.nfo",
        b"<episodedetails><title>Pilot</title><season>1</season><episode>1</episode><plot>Cameras arrive.</plot><aired>2005-03-24</aired></episodedetails>",
    );
    // A name with no marker is still an episode when its NFO says which one.
    lib.video("office/Season 1/Christmas Party.mkv");
    lib.put(
        "office/Season 1/Christmas Party.nfo",
        b"<episodedetails><season>2</season><episode>10</episode></episodedetails>",
    );
    let tree = lib.scan(LibraryKind::Shows);
    let show = only_title(&tree);
    assert_eq!(
        (show.name.as_str(), show.year, show.certification.as_deref()),
        ("The Office", Some(2005), Some("TV-14"))
    );
    assert_eq!((show.files[1].season, show.files[1].episode, show.files[1].name.as_deref()), (Some(2), Some(10), None));
    let pilot = &show.files[0];
    assert_eq!(pilot.name.as_deref(), Some("Pilot"));
    assert_eq!(pilot.plot.as_deref(), Some("Cameras arrive."));
    assert_eq!(pilot.aired.as_deref(), Some("2005-03-24"));
}

#[test]
fn a_malformed_nfo_is_a_warning_and_the_names_are_used() {
    let lib = Library::new();
    lib.video("Alien (1979)/Alien (1979).mp4");
    let nfo = lib.put("Alien (1979)/movie.nfo", b"<movie>\n  <title>Alien</title>\n  <plot>unclosed\n</movie>\n");
    let tree = lib.scan(LibraryKind::Movies);
    let movie = only_title(&tree);
    assert_eq!((movie.name.as_str(), movie.year), ("Alien", Some(1979)));
    let warning = tree.skipped.iter().find(|s| s.path == nfo).expect("the broken NFO is reported");
    assert!(warning.reason.starts_with("movie.nfo is not valid XML (line 4)"), "{}", warning.reason);
}

#[test]
fn art_thumbs_and_subtitle_flags_are_found_beside_the_media() {
    let lib = Library::new();
    lib.video("Alien (1979)/Alien (1979).mp4");
    let poster = lib.put("Alien (1979)/folder.jpg", b"jpg");
    let backdrop = lib.put("Alien (1979)/fanart.png", b"png");
    lib.put("Alien (1979)/Alien (1979).en.forced.srt", b"");
    lib.put("Alien (1979)/Alien (1979).eng.cc.srt", b"");
    lib.put("Alien (1979)/Alien (1979).de.default.vtt", b"WEBVTT\n");
    let tree = lib.scan(LibraryKind::Movies);
    let movie = changed(&tree).into_iter().find(|t| t.name == "Alien").expect("Alien");
    assert_eq!((movie.poster.as_ref(), movie.backdrop.as_ref()), (Some(&poster), Some(&backdrop)));
    let subs: Vec<(Option<&str>, bool, bool, bool)> =
        movie.files[0].subtitles.iter().map(|s| (s.language.as_deref(), s.forced, s.sdh, s.default)).collect();
    assert_eq!(
        subs,
        [(Some("de"), false, false, true), (Some("en"), true, false, false), (Some("en"), false, true, false)]
    );

    let lib = Library::new();
    lib.video("Show/Season 01/Show S01E01.mp4");
    let show_poster = lib.put("Show/poster.webp", b"webp");
    let thumb = lib.put("Show/Season 01/Show S01E01-thumb.jpg", b"jpg");
    let shows = lib.scan(LibraryKind::Shows);
    let show = only_title(&shows);
    assert_eq!(show.poster.as_ref(), Some(&show_poster));
    assert_eq!(show.files[0].thumb.as_ref(), Some(&thumb));
}

#[test]
fn empty_and_truncated_videos_are_left_out_with_a_reason() {
    let lib = Library::new();
    let empty = lib.put("Empty (2020)/Empty (2020).mp4", b"");
    lib.video("Cut (2021)/Cut (2021) - 4K.mp4");
    let cut = lib.put("Cut (2021)/Cut (2021) - 1080p.mp4", &fixture("tiny.mp4")[..1024]);
    let tree = lib.scan(LibraryKind::Movies);
    let titles = changed(&tree);
    assert_eq!(titles.len(), 1, "the title whose only video is empty has nothing to play");
    assert_eq!(titles[0].files.iter().map(|f| f.version.as_deref()).collect::<Vec<_>>(), [Some("4K")]);
    let reason = |path: &Path| tree.skipped.iter().find(|s| s.path == path).map(|s| s.reason.clone());
    assert_eq!(reason(&empty).as_deref(), Some("the file is empty"));
    assert!(reason(&cut).is_some_and(|r| r.starts_with("the file is not a complete MP4")), "{:?}", reasons(&tree));
}

#[test]
fn a_known_signature_means_unchanged_without_reading_anything() {
    let lib = Library::new();
    let alien = lib.video("Alien (1979)/Alien (1979).mp4");
    lib.put("Alien (1979)/movie.nfo", b"<movie><broken></movie>");
    lib.video("Heat (1995)/Heat (1995).mp4");
    let first = lib.scan(LibraryKind::Movies);
    let stored: HashMap<PathBuf, String> =
        changed(&first).iter().map(|t| (t.folder.clone(), t.signature.clone())).collect();
    assert_eq!(stored.len(), 2);

    // Heat gains a subtitle: its signature changes; Alien's does not.
    lib.put("Heat (1995)/Heat (1995).en.srt", b"");
    let asked = RefCell::new(Vec::new());
    let reports = Cell::new(0);
    let second = read_library(
        lib.root(),
        LibraryKind::Movies,
        &|folder| stored.get(folder).cloned(),
        &|path, _, _| {
            asked.borrow_mut().push(path.to_path_buf());
            true
        },
        &|p| {
            reports.set(reports.get() + 1);
            assert_eq!(p.folders_total, 2);
        },
    )
    .expect("the library reads");
    assert_eq!(reports.get(), 2);
    assert!(
        second.titles.iter().any(|t| matches!(t, FoundTitle::Unchanged { folder } if folder.ends_with("Alien (1979)"))),
        "Alien is unchanged"
    );
    // The broken NFO was not opened this time, so it is not reported again.
    assert!(second.skipped.is_empty(), "{:?}", reasons(&second));
    assert!(!asked.borrow().contains(&alien));
    let heat = only_title(&second);
    assert_eq!(heat.files[0].subtitles.len(), 1);
    assert_eq!((heat.files[0].facts.as_ref(), heat.files[0].fingerprint.as_ref()), (None, None));
}

#[test]
fn links_that_lead_outside_the_library_are_not_followed() {
    let lib = Library::new();
    let elsewhere = tempfile::tempdir().expect("a temporary folder");
    let outside = elsewhere.path().join("Secret (2000)");
    fs::create_dir_all(&outside).expect("create");
    fs::write(outside.join("Secret (2000).mp4"), fixture("tiny.mp4")).expect("write");
    let link = lib.root().join("Secret (2000)");
    std::os::unix::fs::symlink(&outside, &link).expect("a link");
    let file_link = lib.root().join("Stray (2001).mp4");
    std::os::unix::fs::symlink(outside.join("Secret (2000).mp4"), &file_link).expect("a link");
    lib.video("Inside (2002)/Inside (2002).mp4");
    std::os::unix::fs::symlink(lib.root().join("Inside (2002)"), lib.root().join("Inside again")).expect("a link");
    let tree = lib.scan(LibraryKind::Movies);
    assert_eq!(changed(&tree).iter().map(|t| t.name.as_str()).collect::<Vec<_>>(), ["Inside"]);
    for path in [&link, &file_link] {
        let skipped = tree.skipped.iter().find(|s| &s.path == path).expect("the link is reported");
        assert!(skipped.reason.contains("outside the library folder"), "{}", skipped.reason);
    }
}

#[test]
fn a_library_folder_that_is_missing_or_a_file_is_an_error_in_words() {
    let lib = Library::new();
    let missing = lib.root().join("nope");
    let err = read_library(&missing, LibraryKind::Movies, &|_| None, &|_, _, _| false, &|_| {})
        .expect_err("a missing folder");
    assert!(matches!(err, LibraryError::NotFound(_)));
    assert_eq!(err.to_string(), format!("the library folder {} does not exist", missing.display()));
    let file = lib.put("file.txt", b"");
    let err = read_library(&file, LibraryKind::Movies, &|_| None, &|_, _, _| false, &|_| {})
        .expect_err("a file, not a folder");
    assert!(err.to_string().ends_with("is a file, not a folder"), "{err}");
}
