//! `marquee library …` run as the real binary on a real folder tree: adding, scanning, rescanning after
//! files move, vanish and come back, and the words for folders that cannot be used.

use std::path::Path;
use std::process::{Command, Output};

fn marquee(data_dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_marquee"))
        .arg("--data-dir")
        .arg(data_dir)
        .args(args)
        .env_remove("MARQUEE_DATABASE_URL")
        .output()
        .expect("run marquee")
}

fn out(output: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr))
}

/// Copies the tiny MP4 fixture to `path`, making its folders.
fn video(path: &Path) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::copy(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/media/tiny.mp4"), path).unwrap();
}

#[test]
fn a_library_is_added_scanned_and_rescanned_cheaply() {
    let data = tempfile::tempdir().unwrap();
    let media = tempfile::tempdir().unwrap();
    let movies = media.path().join("Movies");
    video(&movies.join("Night Train (2018)/Night Train (2018).mp4"));
    video(&movies.join("Amélie's Garden (2001)/Amélie's Garden (2001).mp4"));
    std::fs::write(movies.join("Amélie's Garden (2001)/movie.nfo"), "<movie><title>Broken").unwrap();
    std::fs::create_dir_all(movies.join("Empty (2000)")).unwrap();
    std::fs::write(movies.join("Empty (2000)/Empty (2000).mp4"), b"").unwrap();
    let movies_arg = movies.to_str().unwrap();

    let added = marquee(data.path(), &["library", "add", movies_arg, "--kind", "movies"]);
    assert!(added.status.success(), "{}", out(&added));
    let again = marquee(data.path(), &["library", "add", movies_arg, "--kind", "movies"]);
    assert_eq!(again.status.code(), Some(1));
    assert!(out(&again).contains("already a library"), "{}", out(&again));
    let inside =
        marquee(data.path(), &["library", "add", &format!("{movies_arg}/Night Train (2018)"), "--kind", "movies"]);
    assert!(out(&inside).contains("overlaps"), "{}", out(&inside));
    let nowhere = marquee(data.path(), &["library", "add", "/no/such/folder", "--kind", "movies"]);
    assert!(out(&nowhere).contains("does not exist"), "{}", out(&nowhere));
    let music = marquee(data.path(), &["library", "add", movies_arg, "--kind", "music"]);
    assert_eq!(music.status.code(), Some(2));
    assert!(out(&music).contains("movies, shows or documentaries"), "{}", out(&music));

    let first = marquee(data.path(), &["library", "scan"]);
    let said = out(&first);
    assert!(first.status.success(), "{said}");
    assert!(said.contains("2 added, 0 changed, 0 unchanged, 0 moved, 0 missing"), "{said}");
    assert!(
        said.contains("Empty (2000).mp4") && said.contains("empty"),
        "the empty file is skipped with its reason: {said}"
    );
    assert!(said.contains("movie.nfo") && said.contains("not valid XML"), "the broken NFO is reported: {said}");

    let unchanged = marquee(data.path(), &["library", "scan", movies_arg]);
    assert!(out(&unchanged).contains("0 added, 0 changed, 2 unchanged"), "{}", out(&unchanged));

    // Renamed folder and file: the same file, moved.
    std::fs::rename(movies.join("Night Train (2018)"), movies.join("Night Train (2019)")).unwrap();
    std::fs::rename(
        movies.join("Night Train (2019)/Night Train (2018).mp4"),
        movies.join("Night Train (2019)/Night Train (2019).mp4"),
    )
    .unwrap();
    let moved = marquee(data.path(), &["library", "scan"]);
    assert!(out(&moved).contains("1 moved"), "{}", out(&moved));

    // Gone, then back.
    let garden = movies.join("Amélie's Garden (2001)");
    let aside = media.path().join("aside");
    std::fs::rename(&garden, &aside).unwrap();
    assert!(out(&marquee(data.path(), &["library", "scan"])).contains("1 missing"));
    std::fs::rename(&aside, &garden).unwrap();
    let back = marquee(data.path(), &["library", "scan"]);
    assert!(out(&back).contains("0 missing"), "{}", out(&back));

    let listed = marquee(data.path(), &["library", "list"]);
    assert!(out(&listed).contains(movies_arg) && out(&listed).contains("scanned"), "{}", out(&listed));
    let removed = marquee(data.path(), &["library", "remove", movies_arg]);
    assert!(removed.status.success(), "{}", out(&removed));
    assert!(out(&marquee(data.path(), &["library", "list"])).contains("No media folders yet"));
    let scan_nothing = marquee(data.path(), &["library", "scan"]);
    assert_eq!(scan_nothing.status.code(), Some(1));
    assert!(out(&scan_nothing).contains("No media folders to scan"));
}
