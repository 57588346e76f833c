//! Listing the library folder: which entries are title folders or loose videos, which files make up a
//! title, and which entries are left out (hidden, extras, links that lead outside the library).
//!
//! Only directory listings and `stat` here: this is the whole cost of a rescan that finds nothing new.

use std::collections::HashSet;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

use super::{LibraryError, Skipped};
use crate::domain::media::LibraryKind;

/// How deep a show's seasons, or a collection of movie folders, may nest.
const MAX_DEPTH: usize = 6;

const VIDEO_EXTENSIONS: [&str; 9] = ["mp4", "m4v", "mov", "mkv", "webm", "avi", "ts", "m2ts", "wmv"];

/// Folders that hold extras rather than the title itself.
const IGNORED_FOLDERS: [&str; 8] =
    ["extras", "trailers", "featurettes", "behind the scenes", "sample", "samples", "deleted scenes", "interviews"];

/// One file that belongs to a title, with what a listing tells about it.
#[derive(Debug, Clone)]
pub(crate) struct ListedFile {
    pub path: PathBuf,
    /// The path below the title folder, with `/` between parts (the file name for a loose video).
    pub rel: String,
    /// The folders between the title folder and the file (empty for files directly in it).
    pub rel_dir: Vec<String>,
    pub size: u64,
    pub modified_ns: i64,
}

impl ListedFile {
    pub fn file_name(&self) -> &str {
        self.rel.rsplit('/').next().unwrap_or(&self.rel)
    }

    pub fn is_video(&self) -> bool {
        is_video_name(self.file_name())
    }
}

/// Something in the library folder that may be a title.
#[derive(Debug)]
pub(crate) struct Candidate {
    pub path: PathBuf,
    /// For a loose video directly in the library folder: the video and the files beside it that share
    /// its name (subtitles, NFO, art). None for a title folder.
    pub loose: Option<Vec<ListedFile>>,
}

pub(crate) struct Candidates {
    pub titles: Vec<Candidate>,
    pub skipped: Vec<Skipped>,
}

/// An I/O error in words.
pub(crate) fn io_words(err: &io::Error) -> String {
    match err.kind() {
        io::ErrorKind::PermissionDenied => "permission denied".to_owned(),
        io::ErrorKind::NotFound => "it no longer exists".to_owned(),
        _ => err.to_string(),
    }
}

pub(crate) fn is_video_name(name: &str) -> bool {
    let Some((stem, ext)) = name.rsplit_once('.') else { return false };
    let stem = stem.to_lowercase();
    VIDEO_EXTENSIONS.iter().any(|v| ext.eq_ignore_ascii_case(v))
        && !stem.ends_with("-sample")
        && !stem.ends_with(".sample")
        && stem != "sample"
}

fn is_hidden(name: &str) -> bool {
    name.starts_with('.')
}

fn is_ignored_folder(name: &str) -> bool {
    IGNORED_FOLDERS.iter().any(|f| name.eq_ignore_ascii_case(f))
}

/// Checks the library folder and returns its real path, which links are measured against.
pub(crate) fn open_root(root: &Path) -> Result<PathBuf, LibraryError> {
    let meta = fs::metadata(root).map_err(|e| match e.kind() {
        io::ErrorKind::NotFound => LibraryError::NotFound(root.to_path_buf()),
        _ => LibraryError::Unreadable(root.to_path_buf(), e),
    })?;
    if !meta.is_dir() {
        return Err(LibraryError::NotAFolder(root.to_path_buf()));
    }
    fs::canonicalize(root).map_err(|e| LibraryError::Unreadable(root.to_path_buf(), e))
}

/// What one directory entry turned out to be.
enum Entry {
    File { size: u64, modified_ns: i64 },
    Folder { real: PathBuf },
    Skip(Option<Skipped>),
}

pub(super) fn modified_ns(meta: &fs::Metadata) -> i64 {
    match meta.modified() {
        Ok(t) => match t.duration_since(UNIX_EPOCH) {
            Ok(d) => i64::try_from(d.as_nanos()).unwrap_or(i64::MAX),
            Err(before) => -i64::try_from(before.duration().as_nanos()).unwrap_or(i64::MAX),
        },
        Err(_) => 0,
    }
}

/// Looks at one entry, following a link only when it leads to a place inside the library.
fn inspect(path: &Path, root_real: &Path) -> Entry {
    let meta = match fs::symlink_metadata(path) {
        Ok(m) => m,
        Err(e) => return Entry::Skip(Some(Skipped::new(path, format!("cannot be read: {}", io_words(&e))))),
    };
    let meta = if meta.file_type().is_symlink() {
        let target = match fs::canonicalize(path) {
            Ok(t) => t,
            Err(_) => return Entry::Skip(Some(Skipped::new(path, "is a link to something that does not exist"))),
        };
        if !target.starts_with(root_real) {
            let reason = format!(
                "is a link to {}, outside the library folder; links are followed only inside it",
                target.display()
            );
            return Entry::Skip(Some(Skipped::new(path, reason)));
        }
        match fs::metadata(path) {
            Ok(m) => m,
            Err(e) => return Entry::Skip(Some(Skipped::new(path, format!("cannot be read: {}", io_words(&e))))),
        }
    } else {
        meta
    };
    if meta.is_dir() {
        match fs::canonicalize(path) {
            Ok(real) => Entry::Folder { real },
            Err(e) => Entry::Skip(Some(Skipped::new(path, format!("cannot be read: {}", io_words(&e))))),
        }
    } else if meta.is_file() {
        Entry::File { size: meta.len(), modified_ns: modified_ns(&meta) }
    } else {
        Entry::Skip(None)
    }
}

/// The visible entries of a folder, sorted by name so that every scan sees them in the same order.
fn read_names(folder: &Path) -> io::Result<Vec<(PathBuf, String)>> {
    let mut names = Vec::new();
    for entry in fs::read_dir(folder)? {
        let entry = entry?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if !is_hidden(&name) {
            names.push((entry.path(), name));
        }
    }
    names.sort_by(|a, b| a.1.cmp(&b.1));
    Ok(names)
}

/// Finds the titles in the library folder: for shows every folder; for movies and documentaries every
/// folder with videos in it (folders without, such as collections, are looked into) and every loose video.
pub(crate) fn title_candidates(root: &Path, root_real: &Path, kind: LibraryKind) -> Result<Candidates, LibraryError> {
    let names = read_names(root).map_err(|e| LibraryError::Unreadable(root.to_path_buf(), e))?;
    let mut out = Candidates { titles: Vec::new(), skipped: Vec::new() };
    let mut root_files = Vec::new();
    let mut visited = HashSet::from([root_real.to_path_buf()]);
    for (path, name) in names {
        match inspect(&path, root_real) {
            Entry::Skip(reason) => out.skipped.extend(reason),
            Entry::File { size, modified_ns } => {
                root_files.push(ListedFile { path, rel: name.clone(), rel_dir: Vec::new(), size, modified_ns })
            }
            Entry::Folder { real } => {
                if is_ignored_folder(&name) || !visited.insert(real) {
                    continue;
                }
                match kind {
                    LibraryKind::Shows => out.titles.push(Candidate { path, loose: None }),
                    LibraryKind::Movies | LibraryKind::Documentaries => {
                        movie_folders(&path, root_real, 1, &mut visited, &mut out)
                    }
                }
            }
        }
    }
    for video in root_files.iter().filter(|f| f.is_video()) {
        if kind == LibraryKind::Shows {
            let reason = "is a video directly in a shows library; an episode belongs in its show's folder";
            out.skipped.push(Skipped::new(&video.path, reason));
            continue;
        }
        let stem = video.file_name().rsplit_once('.').map_or(video.file_name(), |(s, _)| s);
        let beside = root_files
            .iter()
            .filter(|f| {
                let n = f.file_name();
                n == video.file_name()
                    || (!f.is_video() && (n.starts_with(&format!("{stem}.")) || n.starts_with(&format!("{stem}-"))))
            })
            .cloned()
            .collect();
        out.titles.push(Candidate { path: video.path.clone(), loose: Some(beside) });
    }
    Ok(out)
}

/// A movie folder is one with videos directly in it; one without is looked into for movie folders.
fn movie_folders(folder: &Path, root_real: &Path, depth: usize, visited: &mut HashSet<PathBuf>, out: &mut Candidates) {
    let names = match read_names(folder) {
        Ok(n) => n,
        Err(e) => {
            out.skipped.push(Skipped::new(folder, format!("cannot be read: {}", io_words(&e))));
            return;
        }
    };
    if names.iter().any(|(_, n)| is_video_name(n)) {
        out.titles.push(Candidate { path: folder.to_path_buf(), loose: None });
        return;
    }
    if depth >= MAX_DEPTH {
        return;
    }
    for (path, name) in names {
        if is_ignored_folder(&name) {
            continue;
        }
        // Only folders matter here; files in a folder without videos (art, notes) are left alone.
        match inspect(&path, root_real) {
            Entry::Folder { real } => {
                let unseen = visited.insert(real);
                if unseen {
                    movie_folders(&path, root_real, depth + 1, visited, out)
                }
            }
            Entry::Skip(reason) => out.skipped.extend(reason),
            _ => {}
        }
    }
}

/// The files of a title folder: for a movie the files directly in it, for a show everything below it
/// (seasons), leaving out hidden entries and extras.
pub(crate) fn title_files(folder: &Path, root_real: &Path, recursive: bool) -> (Vec<ListedFile>, Vec<Skipped>) {
    let mut files = Vec::new();
    let mut skipped = Vec::new();
    let mut visited = HashSet::new();
    if let Ok(real) = fs::canonicalize(folder) {
        visited.insert(real);
    }
    collect(folder, &[], root_real, recursive, &mut visited, &mut files, &mut skipped);
    (files, skipped)
}

fn collect(
    folder: &Path,
    rel_dir: &[String],
    root_real: &Path,
    recursive: bool,
    visited: &mut HashSet<PathBuf>,
    files: &mut Vec<ListedFile>,
    skipped: &mut Vec<Skipped>,
) {
    let names = match read_names(folder) {
        Ok(n) => n,
        Err(e) => {
            skipped.push(Skipped::new(folder, format!("cannot be read: {}", io_words(&e))));
            return;
        }
    };
    for (path, name) in names {
        match inspect(&path, root_real) {
            Entry::Skip(reason) => skipped.extend(reason),
            Entry::File { size, modified_ns } => {
                let mut rel = rel_dir.join("/");
                if !rel.is_empty() {
                    rel.push('/');
                }
                rel.push_str(&name);
                files.push(ListedFile { path, rel, rel_dir: rel_dir.to_vec(), size, modified_ns });
            }
            Entry::Folder { real } => {
                if !recursive || is_ignored_folder(&name) || rel_dir.len() + 1 >= MAX_DEPTH || !visited.insert(real) {
                    continue;
                }
                let mut below = rel_dir.to_vec();
                below.push(name);
                collect(&path, &below, root_real, recursive, visited, files, skipped);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn videos_are_known_by_extension_in_any_case_and_samples_are_not_videos() {
        assert!(is_video_name("Alien (1979).MKV"));
        assert!(is_video_name("clip.m2ts"));
        assert!(!is_video_name("poster.jpg"));
        assert!(!is_video_name("Alien (1979)-sample.mkv"));
        assert!(!is_video_name("mkv"));
    }

    #[test]
    fn io_errors_are_told_in_words() {
        assert_eq!(io_words(&io::Error::from(io::ErrorKind::PermissionDenied)), "permission denied");
        assert_eq!(io_words(&io::Error::from(io::ErrorKind::NotFound)), "it no longer exists");
    }

    #[test]
    fn extras_folders_are_ignored_whatever_their_case() {
        assert!(is_ignored_folder("Behind The Scenes"));
        assert!(is_ignored_folder("TRAILERS"));
        assert!(!is_ignored_folder("Season 01"));
    }
}
