//! Filling in the keyframe times a file's headers did not give (Matroska, AVI, MPEG-TS) after a scan:
//! ffprobe reads each such file once per change of the file, one file at a time, on a blocking thread.
//!
//! Files whose times are known for their present size and modification time are never read again, so a
//! rescan that changed nothing runs no ffprobe. Without ffprobe installed, nothing is done.

use std::path::PathBuf;
use std::sync::Arc;

use uuid::Uuid;

use super::scan;
use crate::store::StoreResult;
use crate::store::catalog::{Catalog, KeyframesWanted};

mod progress;
pub use progress::{FillProgress, FillSnapshot};

/// How many files are asked for at once.
const BATCH: i64 = 100;

/// Reads the keyframe times of every present video file that lacks them, and returns how many files it
/// stored times for (a file ffprobe could not read counts as done, with no times, until it changes).
pub async fn fill_keyframes(catalog: &dyn Catalog) -> StoreResult<usize> {
    fill_keyframes_reporting(catalog, &FillProgress::default()).await
}

/// [`fill_keyframes`], keeping `progress` up to date as it goes.
pub async fn fill_keyframes_reporting(catalog: &dyn Catalog, progress: &FillProgress) -> StoreResult<usize> {
    if !scan::ffprobe_installed() {
        return Ok(0);
    }
    let waiting = catalog.count_media_without_keyframes().await?;
    let pass = progress.start(u64::try_from(waiting).unwrap_or(0));
    let mut filled = 0;
    let mut after = Uuid::nil();
    loop {
        let batch = catalog.media_without_keyframes(after, BATCH).await?;
        let Some(last) = batch.last() else { break };
        after = last.id;
        for wanted in batch {
            if let Some(times) = read(&wanted).await
                && catalog.save_keyframes(wanted.id, wanted.size, wanted.modified_ns, times.as_deref()).await?
            {
                filled += 1;
            }
            pass.one_done();
        }
    }
    pass.finished();
    Ok(filled)
}

/// Runs [`fill_keyframes_reporting`] as a task of its own; a failure is logged, never raised.
pub fn spawn_fill_keyframes(catalog: Arc<dyn Catalog>, progress: Arc<FillProgress>) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        match fill_keyframes_reporting(catalog.as_ref(), &progress).await {
            Ok(0) => {}
            Ok(filled) => tracing::info!(filled, "keyframe times read"),
            Err(error) => tracing::warn!(%error, "keyframe times could not be stored"),
        }
    })
}

/// The file's keyframe times (`Some(None)`: ffprobe could not give any), or `None` when the file on disk
/// is not the version the catalog knows (the next scan reads it afresh) or the reading thread failed.
async fn read(wanted: &KeyframesWanted) -> Option<Option<Vec<i64>>> {
    let path = PathBuf::from(&wanted.path);
    let version = (u64::try_from(wanted.size).ok()?, wanted.modified_ns);
    tokio::task::spawn_blocking(move || {
        if scan::file_version(&path) != Some(version) {
            return None;
        }
        let times = scan::ffprobe_keyframes(&path);
        // A file rewritten while ffprobe read it gives times of neither version.
        (scan::file_version(&path) == Some(version)).then_some(times)
    })
    .await
    .ok()
    .flatten()
}
