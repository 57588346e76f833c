//! `marquee library …`: the operator's commands for media folders, and the demo's own library.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use clap::Subcommand;
use indicatif::{ProgressBar, ProgressStyle};

use crate::catalog::keyframes;
use crate::catalog::library::{self, AddError, ScanSummary};
use crate::domain::media::LibraryKind;
use crate::store::catalog::{Catalog, LibraryRecord};

#[derive(Debug, Subcommand)]
pub enum LibraryCommand {
    /// Add a media folder (named as Jellyfin, Plex and Kodi name them); then run `library scan`.
    Add {
        path: PathBuf,
        /// What the folder holds: movies, shows or documentaries.
        #[arg(long, value_parser = parse_kind)]
        kind: LibraryKind,
    },
    /// List the media folders and when each was last scanned.
    List,
    /// Remove a media folder from the catalog (the files stay where they are; watch history of its titles goes).
    Remove { path: PathBuf },
    /// Scan every media folder, or the one given: only changed files are read again.
    Scan { path: Option<PathBuf> },
}

fn parse_kind(raw: &str) -> Result<LibraryKind, String> {
    raw.parse().map_err(|why: &str| why.to_string())
}

pub async fn run(catalog: Arc<dyn Catalog>, command: &LibraryCommand) -> anyhow::Result<()> {
    match command {
        LibraryCommand::Add { path, kind } => {
            let library = library::add(catalog.as_ref(), path, *kind).await?;
            println!("Added {} ({}). Scan it with: marquee library scan", library.path, library.kind);
        }
        LibraryCommand::List => {
            let libraries = catalog.libraries().await?;
            if libraries.is_empty() {
                println!("No media folders yet. Add one: marquee library add /srv/media/Movies --kind movies");
            }
            for library in libraries {
                let scanned =
                    library.scanned_at.map_or_else(|| "never scanned".to_string(), |at| format!("scanned {at}"));
                println!("{:<14} {}  ({scanned})", library.kind, library.path);
            }
        }
        LibraryCommand::Remove { path } => {
            let library = library::find(catalog.as_ref(), path)
                .await?
                .ok_or_else(|| anyhow::anyhow!("{} is not a library (see: marquee library list)", path.display()))?;
            catalog.remove_library(&library.path).await?;
            println!("Removed {} from the catalog; its files were not touched.", library.path);
        }
        LibraryCommand::Scan { path } => {
            let libraries = match path {
                Some(path) => vec![library::find(catalog.as_ref(), path).await?.ok_or_else(|| {
                    anyhow::anyhow!("{} is not a library (add it first: marquee library add)", path.display())
                })?],
                None => catalog.libraries().await?,
            };
            anyhow::ensure!(
                !libraries.is_empty(),
                "No media folders to scan. Add one: marquee library add /srv/media/Movies --kind movies"
            );
            for library in &libraries {
                let summary = scan_with_progress(catalog.clone(), library).await?;
                print_summary(library, &summary);
            }
            // Keyframe times the headers did not give, read with ffprobe (when installed) from files new or
            // changed since they were last read; nothing at all after a scan that changed nothing.
            let filled = keyframes::fill_keyframes(catalog.as_ref()).await?;
            if filled > 0 {
                println!("Keyframe times read for {filled} file(s).");
            }
        }
    }
    Ok(())
}

/// Scans with a progress bar on a terminal (nothing is drawn when output goes elsewhere).
pub async fn scan_with_progress(catalog: Arc<dyn Catalog>, library: &LibraryRecord) -> anyhow::Result<ScanSummary> {
    let bar = ProgressBar::new(0);
    bar.set_style(
        ProgressStyle::with_template("{spinner} {msg:30!} [{bar:30}] {pos}/{len} folders")
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> "),
    );
    bar.set_message(library.path.clone());
    let shown = bar.clone();
    let summary = library::scan_library(catalog, library, move |progress| {
        shown.set_length(progress.folders_total);
        shown.set_position(progress.folders_done);
    })
    .await;
    bar.finish_and_clear();
    Ok(summary?)
}

fn print_summary(library: &LibraryRecord, summary: &ScanSummary) {
    println!(
        "{} ({}): {} added, {} changed, {} unchanged, {} moved, {} missing, {} skipped",
        library.path,
        library.kind,
        summary.added,
        summary.changed,
        summary.unchanged,
        summary.moved,
        summary.missing,
        summary.skipped.len()
    );
    for skipped in &summary.skipped {
        println!("  skipped {}: {}", skipped.path.display(), skipped.reason);
    }
}

/// The demo's media: `demo/library` in the source tree, as movies, shows and documentaries.
pub fn demo_library_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("demo").join("library")
}

/// Adds the demo's folders (once) and scans them, so `marquee demo` has something to watch.
pub async fn ensure_demo_library(catalog: Arc<dyn Catalog>, root: &Path) -> anyhow::Result<()> {
    if !root.is_dir() {
        println!("No demo media at {}: the catalog starts empty.", root.display());
        return Ok(());
    }
    for (folder, kind) in
        [("Movies", LibraryKind::Movies), ("Shows", LibraryKind::Shows), ("Documentaries", LibraryKind::Documentaries)]
    {
        let path = root.join(folder);
        if !path.is_dir() {
            continue;
        }
        let library = match library::add(catalog.as_ref(), &path, kind).await {
            Ok(library) => library,
            Err(AddError::AlreadyAdded(_)) => match library::find(catalog.as_ref(), &path).await? {
                Some(library) => library,
                None => continue,
            },
            Err(other) => return Err(other.into()),
        };
        let summary = scan_with_progress(catalog.clone(), &library).await?;
        print_summary(&library, &summary);
    }
    Ok(())
}
