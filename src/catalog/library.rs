//! Media folders: adding, listing and removing them, and scanning one into the catalog.
//!
//! A scan reads the folder on a blocking thread (see [`super::scan`]), skipping title folders whose
//! files have not changed, then writes each changed title in its own transaction. Files that moved keep
//! their id, and so every profile's progress in them; files that went away are marked missing.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use uuid::Uuid;

use super::scan::{self, FoundTitle, FoundTrack, ScanProgress, Skipped, TitleInfo, TrackKind};
use super::text;
use crate::domain::media::{LibraryKind, Maturity};
use crate::store::catalog::{
    Catalog, KnownMedia, LibraryRecord, MediaFactsWrite, MediaWrite, SubtitleWrite, TitleOutcome, TitleWrite,
    TrackWrite,
};
use crate::store::{StoreError, StoreResult};

/// Why a folder cannot become a library, in words for the operator.
#[derive(Debug, thiserror::Error)]
pub enum AddError {
    #[error("{0} does not exist")]
    NotFound(String),
    #[error("{0} is not a folder")]
    NotAFolder(String),
    #[error("{0} is already a library")]
    AlreadyAdded(String),
    #[error("{0} overlaps the library {1}: a folder can belong to one library only")]
    Overlaps(String, String),
    #[error("{0}: the path is not valid UTF-8; rename the folder")]
    NotUtf8(String),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Adds a folder as a library of `kind`, by its canonical path (symlinks resolved).
pub async fn add(catalog: &dyn Catalog, path: &Path, kind: LibraryKind) -> Result<LibraryRecord, AddError> {
    let shown = path.display().to_string();
    let canonical = tokio::fs::canonicalize(path).await.map_err(|_| AddError::NotFound(shown.clone()))?;
    let metadata = tokio::fs::metadata(&canonical).await.map_err(|_| AddError::NotFound(shown.clone()))?;
    if !metadata.is_dir() {
        return Err(AddError::NotAFolder(shown));
    }
    let canonical_text = canonical.to_str().ok_or(AddError::NotUtf8(shown))?.to_string();
    for library in catalog.libraries().await? {
        let existing = Path::new(&library.path);
        if existing == canonical {
            return Err(AddError::AlreadyAdded(canonical_text));
        }
        if existing.starts_with(&canonical) || canonical.starts_with(existing) {
            return Err(AddError::Overlaps(canonical_text, library.path));
        }
    }
    catalog.add_library(&canonical_text, kind.as_str(), crate::clock::now()).await.map_err(|error| match error {
        StoreError::Conflict(_) => AddError::AlreadyAdded(canonical_text.clone()),
        other => other.into(),
    })
}

/// The library a path names: as given, or canonicalised (it may no longer exist on disk).
pub async fn find(catalog: &dyn Catalog, path: &Path) -> StoreResult<Option<LibraryRecord>> {
    let libraries = catalog.libraries().await?;
    let canonical = tokio::fs::canonicalize(path).await.ok();
    Ok(libraries.into_iter().find(|library| {
        let stored = Path::new(&library.path);
        stored == path || canonical.as_deref() == Some(stored)
    }))
}

/// What one scan did.
#[derive(Debug, Default)]
pub struct ScanSummary {
    pub added: usize,
    pub changed: usize,
    pub unchanged: usize,
    pub moved: usize,
    pub missing: usize,
    pub skipped: Vec<Skipped>,
}

/// Why a scan stopped, in words for the operator.
#[derive(Debug, thiserror::Error)]
pub enum ScanError {
    #[error(transparent)]
    Folder(#[from] scan::LibraryError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("the scan stopped unexpectedly: {0}")]
    Interrupted(String),
}

/// Scans one library; `progress` is called from the blocking thread that reads the folder.
pub async fn scan_library(
    catalog: Arc<dyn Catalog>,
    library: &LibraryRecord,
    progress: impl Fn(&ScanProgress) + Send + 'static,
) -> Result<ScanSummary, ScanError> {
    let kind: LibraryKind = library.kind.parse().map_err(|e: &str| ScanError::Interrupted(e.to_string()))?;
    let known_titles = catalog.known_titles(library.id).await?;
    let known_media = catalog.known_media(library.id).await?;
    let signatures: HashMap<PathBuf, String> =
        known_titles.iter().map(|t| (PathBuf::from(&t.folder), t.signature.clone())).collect();
    let files: HashMap<PathBuf, (u64, i64, bool)> = known_media
        .iter()
        .map(|m| (PathBuf::from(&m.path), (u64::try_from(m.size).unwrap_or(0), m.modified_ns, m.missing)))
        .collect();
    let root = PathBuf::from(&library.path);
    let tree = tokio::task::spawn_blocking(move || {
        scan::read_library(
            &root,
            kind,
            &|folder| signatures.get(folder).cloned(),
            &|path, size, modified| files.get(path).is_some_and(|known| *known == (size, modified, false)),
            &progress,
        )
    })
    .await
    .map_err(|e| ScanError::Interrupted(e.to_string()))??;

    let mut summary = ScanSummary { skipped: tree.skipped, ..ScanSummary::default() };
    let unchanged_folders: HashSet<&str> = tree
        .titles
        .iter()
        .filter_map(|t| match t {
            FoundTitle::Unchanged { folder } => folder.to_str(),
            FoundTitle::Changed(_) => None,
        })
        .collect();
    let unchanged_titles: HashSet<Uuid> =
        known_titles.iter().filter(|t| unchanged_folders.contains(t.folder.as_str())).map(|t| t.id).collect();
    summary.unchanged = unchanged_titles.len();
    let present: HashSet<&str> = tree
        .titles
        .iter()
        .filter_map(|t| match t {
            FoundTitle::Changed(info) => Some(info),
            FoundTitle::Unchanged { .. } => None,
        })
        .flat_map(|info| info.files.iter().filter_map(|f| f.path.to_str()))
        .collect();
    // Files that are gone (or went before): candidates for a move, else missing.
    let mut gone: Vec<&KnownMedia> = known_media
        .iter()
        .filter(|m| !present.contains(m.path.as_str()) && !unchanged_titles.contains(&m.title_id))
        .collect();
    let known_paths: HashSet<&str> = known_media.iter().map(|m| m.path.as_str()).collect();

    let now = crate::clock::now();
    for found in &tree.titles {
        let FoundTitle::Changed(info) = found else { continue };
        let Some(mut write) = title_write(info, &mut summary.skipped) else { continue };
        for file in &mut write.files {
            if known_paths.contains(file.path.as_str()) {
                continue;
            }
            let same =
                |m: &&KnownMedia| m.fingerprint.is_some() && m.fingerprint == file.fingerprint && m.size == file.size;
            if let Some(index) = gone.iter().position(same) {
                file.moved_from = Some(gone.swap_remove(index).id);
                summary.moved += 1;
            }
        }
        match catalog.write_title(library.id, &write, now).await? {
            TitleOutcome::Added => summary.added += 1,
            TitleOutcome::Changed => summary.changed += 1,
        }
    }
    let newly_missing: Vec<Uuid> = gone.iter().filter(|m| !m.missing).map(|m| m.id).collect();
    summary.missing = newly_missing.len();
    catalog.mark_missing(&newly_missing, now).await?;
    catalog.finish_scan(library.id, now).await?;
    Ok(summary)
}

/// What the store keeps of a title the scan found; `None` (with a reason) when its paths are not UTF-8.
fn title_write(info: &TitleInfo, skipped: &mut Vec<Skipped>) -> Option<TitleWrite> {
    let folder = utf8(&info.folder, skipped)?;
    let files: Vec<MediaWrite> = info
        .files
        .iter()
        .filter_map(|file| {
            Some(MediaWrite {
                path: utf8(&file.path, skipped)?,
                size: i64::try_from(file.size).unwrap_or(i64::MAX),
                modified_ns: file.modified_ns,
                fingerprint: file.fingerprint.clone(),
                moved_from: None,
                season: file.season,
                episode: file.episode,
                episode_end: file.episode_end,
                name: file.name.clone(),
                plot: file.plot.clone(),
                version: file.version.clone(),
                thumb: file.thumb.as_deref().and_then(|p| p.to_str()).map(str::to_string),
                facts: file.facts.as_ref().map(|facts| MediaFactsWrite {
                    container: Some(facts.container.clone()),
                    duration_seconds: facts.duration_seconds,
                    video_codec: facts.video_codec.clone(),
                    audio_codec: facts.audio_codec.clone(),
                    width: facts.width,
                    height: facts.height,
                    tracks: track_writes(&facts.tracks),
                    keyframes: facts.keyframes.clone(),
                }),
                subtitles: file
                    .subtitles
                    .iter()
                    .filter_map(|s| {
                        Some(SubtitleWrite {
                            path: s.path.to_str()?.to_string(),
                            language: s.language.clone(),
                            forced: s.forced,
                            sdh: s.sdh,
                        })
                    })
                    .collect(),
            })
        })
        .collect();
    let cast: Vec<serde_json::Value> =
        info.cast.iter().map(|c| serde_json::json!({"name": c.name, "role": c.role})).collect();
    let others = info.genres.iter().map(String::as_str).chain(info.cast.iter().map(|c| c.name.as_str()));
    Some(TitleWrite {
        folder,
        kind: info.kind.title_kind().to_string(),
        signature: info.signature.clone(),
        name: info.name.clone(),
        sort_name: text::sort_name(&info.name),
        year: info.year.map(i64::from),
        plot: info.plot.clone(),
        certification: info.certification.clone(),
        maturity: Maturity::for_certification(info.certification.as_deref()).rank(),
        runtime_seconds: info.runtime_seconds,
        imdb_id: info.imdb_id.clone(),
        genres: info.genres.clone(),
        cast_json: serde_json::Value::Array(cast).to_string(),
        poster: info.poster.as_deref().and_then(|p| p.to_str()).map(str::to_string),
        backdrop: info.backdrop.as_deref().and_then(|p| p.to_str()).map(str::to_string),
        search_text: text::search_text(&info.name, others),
        files,
    })
}

/// The tracks as the store keeps them, each numbered within its kind as ffmpeg numbers them (`0:a:1`).
fn track_writes(tracks: &[FoundTrack]) -> Vec<TrackWrite> {
    let (mut audio, mut subtitle) = (0_i64, 0_i64);
    tracks
        .iter()
        .map(|track| {
            let counter = match track.kind {
                TrackKind::Audio => &mut audio,
                TrackKind::Subtitle => &mut subtitle,
            };
            let position = *counter;
            *counter += 1;
            TrackWrite {
                kind: track.kind.as_str().to_string(),
                position,
                codec: track.codec.clone(),
                language: track.language.clone(),
                name: track.name.clone(),
                channels: track.channels,
                is_default: track.is_default,
                forced: track.forced,
            }
        })
        .collect()
}

fn utf8(path: &Path, skipped: &mut Vec<Skipped>) -> Option<String> {
    match path.to_str() {
        Some(text) => Some(text.to_string()),
        None => {
            skipped.push(Skipped {
                path: path.to_path_buf(),
                reason: "its name is not valid UTF-8; rename it to include it".to_string(),
            });
            None
        }
    }
}
