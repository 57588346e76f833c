//! Reading one title folder (or loose video): its signature first, and only when that changed its NFO,
//! names, art, subtitles and video headers. One call per title, so titles can be read side by side.

use std::path::Path;

use super::names::{self, TitleName};
use super::nfo::{self, TitleNfo};
use super::sidecars::{self, stem_and_ext};
use super::walk::{self, Candidate, ListedFile};
use super::{FoundFile, FoundTitle, MediaFacts, Skipped, TitleInfo, probe, signature, subtitles};
use crate::domain::media::LibraryKind;

/// The caller's memory of the last scan.
pub(crate) struct Lookups<'a> {
    pub known_signature: &'a dyn Fn(&Path) -> Option<String>,
    pub unchanged: &'a dyn Fn(&Path, u64, i64) -> bool,
}

pub(crate) struct TitleRead {
    pub title: Option<FoundTitle>,
    pub skipped: Vec<Skipped>,
}

pub(crate) fn read_title(root_real: &Path, kind: LibraryKind, candidate: &Candidate, lookups: &Lookups) -> TitleRead {
    let (files, mut skipped) = match &candidate.loose {
        Some(beside) => (beside.clone(), Vec::new()),
        None => walk::title_files(&candidate.path, root_real, kind == LibraryKind::Shows),
    };
    if !files.iter().any(ListedFile::is_video) {
        // A folder of art or notes: nothing to watch, nothing to say.
        return TitleRead { title: None, skipped };
    }
    let signature = signature::signature(&files);
    if (lookups.known_signature)(&candidate.path).as_deref() == Some(signature.as_str()) {
        return TitleRead { title: Some(FoundTitle::Unchanged { folder: candidate.path.clone() }), skipped };
    }
    let info = match kind {
        LibraryKind::Shows => read_show(candidate, &files, signature, lookups, &mut skipped),
        LibraryKind::Movies | LibraryKind::Documentaries => {
            read_movie(candidate, kind, &files, signature, lookups, &mut skipped)
        }
    };
    TitleRead { title: info.map(FoundTitle::Changed), skipped }
}

fn file_stem(file: &ListedFile) -> &str {
    stem_and_ext(file.file_name()).0
}

fn folder_name(path: &Path) -> String {
    path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()
}

/// The listed file with this name (any case) in the given folder below the title.
fn find_named<'a>(files: &'a [ListedFile], rel_dir: &[String], name: &str) -> Option<&'a ListedFile> {
    files.iter().find(|f| f.rel_dir == rel_dir && f.file_name().eq_ignore_ascii_case(name))
}

/// Reads the first NFO that exists among `names`; a broken one is reported and the names are used.
fn title_nfo(files: &[ListedFile], names: &[String], skipped: &mut Vec<Skipped>) -> TitleNfo {
    let Some(file) = names.iter().find_map(|n| find_named(files, &[], n)) else { return TitleNfo::default() };
    nfo::read_title_nfo(&file.path).unwrap_or_else(|reason| {
        skipped.push(Skipped::new(&file.path, format!("{reason}; the title's names are used instead")));
        TitleNfo::default()
    })
}

/// Reads a video's headers unless the caller knows it unchanged. `None` when the file must be left out.
fn facts(
    file: &ListedFile,
    lookups: &Lookups,
    skipped: &mut Vec<Skipped>,
) -> Option<(Option<MediaFacts>, Option<String>)> {
    if (lookups.unchanged)(&file.path, file.size, file.modified_ns) {
        return Some((None, None));
    }
    let read = probe::probe(&file.path).and_then(|facts| {
        let fingerprint =
            signature::fingerprint(&file.path).map_err(|e| format!("cannot be read: {}", walk::io_words(&e)))?;
        Ok((Some(facts), Some(fingerprint)))
    });
    match read {
        Ok(read) => Some(read),
        Err(reason) => {
            skipped.push(Skipped::new(&file.path, reason));
            None
        }
    }
}

fn found_file(file: &ListedFile, facts: Option<MediaFacts>, fingerprint: Option<String>) -> FoundFile {
    FoundFile {
        path: file.path.clone(),
        size: file.size,
        modified_ns: file.modified_ns,
        season: None,
        episode: None,
        episode_end: None,
        name: None,
        plot: None,
        version: None,
        thumb: None,
        facts,
        fingerprint,
        subtitles: Vec::new(),
        aired: None,
    }
}

fn new_title(
    candidate: &Candidate,
    kind: LibraryKind,
    signature: String,
    names: TitleName,
    nfo: TitleNfo,
) -> TitleInfo {
    TitleInfo {
        folder: candidate.path.clone(),
        kind,
        signature,
        original_name: nfo.original_title.filter(|o| nfo.title.as_ref().is_none_or(|t| t != o)),
        name: nfo.title.unwrap_or(names.name),
        year: nfo.year.or(names.year),
        plot: nfo.plot,
        genres: nfo.genres,
        certification: nfo.certification,
        cast: nfo.cast,
        runtime_seconds: nfo.runtime_minutes.map(|m| m * 60),
        imdb_id: nfo.imdb_id.or(names.imdb_id),
        poster: None,
        backdrop: None,
        files: Vec::new(),
    }
}

fn read_movie(
    candidate: &Candidate,
    kind: LibraryKind,
    files: &[ListedFile],
    signature: String,
    lookups: &Lookups,
    skipped: &mut Vec<Skipped>,
) -> Option<TitleInfo> {
    let videos: Vec<&ListedFile> = files.iter().filter(|f| f.is_video()).collect();
    let loose = candidate.loose.is_some();
    let base = match (loose, videos.first()) {
        (true, Some(video)) => names::split_version(file_stem(video), None).0.to_owned(),
        _ => folder_name(&candidate.path),
    };
    let stems: Vec<&str> = videos.iter().map(|v| file_stem(v)).collect();
    let mut nfo_names: Vec<String> = if loose { Vec::new() } else { vec!["movie.nfo".to_owned()] };
    nfo_names.extend(stems.iter().map(|s| format!("{s}.nfo")));
    let nfo = title_nfo(files, &nfo_names, skipped);
    let mut title = new_title(candidate, kind, signature, names::parse_title(&base), nfo);
    let refs: Vec<&ListedFile> = files.iter().collect();
    (title.poster, title.backdrop) = sidecars::title_art(&refs, &stems, !loose);
    for video in videos {
        let Some((facts, fingerprint)) = facts(video, lookups, skipped) else { continue };
        let stem = file_stem(video);
        let mut file = found_file(video, facts, fingerprint);
        file.version = names::split_version(stem, (!loose).then_some(base.as_str())).1;
        file.subtitles = subtitles::subtitles_for(&refs, stem);
        title.files.push(file);
    }
    if title.runtime_seconds.is_none() {
        let longest = title.files.iter().filter_map(|f| f.facts.as_ref()?.duration_seconds).fold(0.0, f64::max);
        title.runtime_seconds = (longest >= 1.0).then(|| longest.round() as i64);
    }
    (!title.files.is_empty()).then_some(title)
}

fn read_show(
    candidate: &Candidate,
    files: &[ListedFile],
    signature: String,
    lookups: &Lookups,
    skipped: &mut Vec<Skipped>,
) -> Option<TitleInfo> {
    let nfo = title_nfo(files, &["tvshow.nfo".to_owned()], skipped);
    let names = names::parse_title(&folder_name(&candidate.path));
    let mut title = new_title(candidate, LibraryKind::Shows, signature, names, nfo);
    let top: Vec<&ListedFile> = files.iter().filter(|f| f.rel_dir.is_empty()).collect();
    (title.poster, title.backdrop) = sidecars::title_art(&top, &[], true);
    for video in files.iter().filter(|f| f.is_video()) {
        let stem = file_stem(video);
        let nfo = find_named(files, &video.rel_dir, &format!("{stem}.nfo")).and_then(|nfo_file| {
            nfo::read_episode_nfo(&nfo_file.path)
                .map_err(|reason| {
                    let reason = format!("{reason}; the episode's file name is used instead");
                    skipped.push(Skipped::new(&nfo_file.path, reason));
                })
                .ok()
        });
        let nfo = nfo.unwrap_or_default();
        let folder_season = video.rel_dir.iter().rev().find_map(|d| names::season_of_folder(d));
        let parsed = names::parse_episode(stem);
        let season = nfo.season.or(parsed.as_ref().and_then(|p| p.season)).or(folder_season);
        let episode = nfo.episode.or(parsed.as_ref().map(|p| p.episode));
        let (Some(season), Some(episode)) = (season, episode) else {
            let reason = "cannot tell which episode this is: its name needs a season and episode such as S01E02";
            skipped.push(Skipped::new(&video.path, reason));
            continue;
        };
        let Some((facts, fingerprint)) = facts(video, lookups, skipped) else { continue };
        let beside: Vec<&ListedFile> = files.iter().filter(|f| f.rel_dir == video.rel_dir).collect();
        let mut file = found_file(video, facts, fingerprint);
        file.season = Some(season);
        file.episode = Some(episode);
        file.episode_end = parsed.as_ref().and_then(|p| p.episode_end).filter(|&end| end > episode);
        file.name = nfo.title.or(parsed.and_then(|p| p.name));
        file.plot = nfo.plot;
        file.aired = nfo.aired;
        file.thumb = sidecars::thumb(&beside, stem);
        file.subtitles = subtitles::subtitles_for(&beside, stem);
        title.files.push(file);
    }
    title.files.sort_by_key(|f| (f.season, f.episode, f.episode_end));
    (!title.files.is_empty()).then_some(title)
}
