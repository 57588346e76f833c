//! How far the server's reading of keyframe times has come, kept where a metrics scrape can read it.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

/// The progress of the latest pass over the files waiting for keyframe times.
#[derive(Debug, Default)]
pub struct FillProgress {
    running: AtomicBool,
    /// Files the pass found waiting (more if files were added while it ran).
    files: AtomicU64,
    /// Of those, files read (or passed over as changed on disk) so far.
    done: AtomicU64,
    /// Unix seconds when a pass last finished, 0 before the first one.
    completed_at: AtomicU64,
}

/// What [`FillProgress`] holds at one moment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FillSnapshot {
    pub running: bool,
    pub files: u64,
    pub done: u64,
    /// Unix seconds when a pass last finished, `None` before the first one.
    pub completed_at: Option<u64>,
}

impl FillProgress {
    pub fn snapshot(&self) -> FillSnapshot {
        let completed_at = self.completed_at.load(Ordering::Relaxed);
        FillSnapshot {
            running: self.running.load(Ordering::Relaxed),
            files: self.files.load(Ordering::Relaxed),
            done: self.done.load(Ordering::Relaxed),
            completed_at: (completed_at > 0).then_some(completed_at),
        }
    }

    /// Sets the keyframe-reading gauges for a metrics scrape: the file work the server does itself
    /// (a library scan runs in `marquee library scan`, a process of its own).
    pub fn report(&self) {
        let progress = self.snapshot();
        metrics::gauge!("marquee_keyframe_scan_running").set(if progress.running { 1.0 } else { 0.0 });
        metrics::gauge!("marquee_keyframe_scan_files").set(progress.files as f64);
        metrics::gauge!("marquee_keyframe_scan_files_done").set(progress.done as f64);
        if let Some(at) = progress.completed_at {
            metrics::gauge!("marquee_keyframe_scan_last_completed_timestamp_seconds").set(at as f64);
        }
    }

    /// Starts a pass over `files` files; it counts as running until the returned guard is dropped.
    pub(super) fn start(&self, files: u64) -> Pass<'_> {
        self.done.store(0, Ordering::Relaxed);
        self.files.store(files, Ordering::Relaxed);
        self.running.store(true, Ordering::Relaxed);
        Pass(self)
    }
}

/// A pass under way: running until dropped, whether it finished or failed.
pub(super) struct Pass<'a>(&'a FillProgress);

impl Pass<'_> {
    /// One more file handled; a file added since the pass started is counted among its files too.
    pub fn one_done(&self) {
        let done = self.0.done.fetch_add(1, Ordering::Relaxed) + 1;
        self.0.files.fetch_max(done, Ordering::Relaxed);
    }

    /// The pass went through every file waiting.
    pub fn finished(self) {
        let now = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |since| since.as_secs());
        self.0.completed_at.store(now.max(1), Ordering::Relaxed);
    }
}

impl Drop for Pass<'_> {
    fn drop(&mut self) {
        self.0.running.store(false, Ordering::Relaxed);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pass_runs_until_it_ends_and_only_a_finished_one_has_a_time() {
        let progress = FillProgress::default();
        let before = progress.snapshot();
        assert_eq!(before, FillSnapshot { running: false, files: 0, done: 0, completed_at: None });

        let pass = progress.start(2);
        pass.one_done();
        assert_eq!(progress.snapshot(), FillSnapshot { running: true, files: 2, done: 1, completed_at: None });
        pass.one_done();
        pass.one_done();
        assert_eq!(progress.snapshot().files, 3, "a file added meanwhile counts too");
        pass.finished();
        let after = progress.snapshot();
        assert!(!after.running);
        assert!(after.completed_at.is_some_and(|at| at > 1_700_000_000), "{after:?}");

        drop(progress.start(5));
        let failed = progress.snapshot();
        assert_eq!((failed.running, failed.files, failed.done), (false, 5, 0));
        assert_eq!(failed.completed_at, after.completed_at, "a pass that failed leaves the last finish time");
    }
}
