//! One device's HLS stream of one file: the ffmpeg run that makes its segments, restarted at any
//! segment the player asks for that is not made yet and not coming soon (a seek), stopped when it
//! runs too far ahead of the player, and its folder kept small.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use tokio::process::Child;
use uuid::Uuid;

use super::command;
use super::plan::Plan;
use super::variant::Variant;

/// A segment this close after what ffmpeg has made is waited for; further on, ffmpeg starts again there.
const WAIT_AHEAD: usize = 3;
/// ffmpeg stops once it is this many segments ahead of the player (about a minute); it starts again
/// when the player gets there.
const RUN_AHEAD: usize = 15;
/// Segments this far behind the player are deleted.
const KEEP_BEHIND: usize = 3;
/// The longest a request waits for its segment.
const WAIT_LIMIT: Duration = Duration::from_secs(30);
const POLL: Duration = Duration::from_millis(40);

/// What a stream is made of and from.
pub struct JobSpec {
    pub media_id: Uuid,
    pub source: PathBuf,
    pub variant: Variant,
    pub plan: Plan,
}

#[derive(Debug)]
pub enum SegmentError {
    /// No such segment in the plan.
    NotInPlan,
    /// ffmpeg could not make it (the file is damaged, or a codec is missing); in words.
    Failed(String),
    /// The stream was stopped (sign-out, another file, the server stopping).
    Stopped,
    /// ffmpeg is too slow for this machine right now.
    TooSlow,
}

pub struct Job {
    pub session_id: Uuid,
    pub media_id: Uuid,
    pub variant: Variant,
    source: PathBuf,
    plan: Plan,
    folder: PathBuf,
    ffmpeg: PathBuf,
    run: tokio::sync::Mutex<Run>,
    last_used: Mutex<Instant>,
    stopped: tokio::sync::watch::Sender<bool>,
}

#[derive(Default)]
struct Run {
    process: Option<Process>,
    runs: u64,
    /// Finished segments: index → file.
    done: BTreeMap<usize, PathBuf>,
    /// The segment the player asked for last.
    playing: usize,
    stopped: bool,
}

struct Process {
    child: Child,
    run: u64,
    /// The segment it started at.
    from: usize,
    /// How many segments it has finished.
    listed: usize,
    /// Set once it has exited: whether it succeeded.
    exited: Option<bool>,
}

impl Job {
    pub fn new(session_id: Uuid, spec: JobSpec, folder: PathBuf, ffmpeg: PathBuf) -> Self {
        Self {
            session_id,
            media_id: spec.media_id,
            variant: spec.variant,
            source: spec.source,
            plan: spec.plan,
            folder,
            ffmpeg,
            run: tokio::sync::Mutex::new(Run::default()),
            last_used: Mutex::new(Instant::now()),
            stopped: tokio::sync::watch::channel(false).0,
        }
    }

    pub fn plan(&self) -> &Plan {
        &self.plan
    }

    pub fn folder(&self) -> &Path {
        &self.folder
    }

    pub fn touch(&self) {
        *self.last_used.lock().unwrap_or_else(|poisoned| poisoned.into_inner()) = Instant::now();
    }

    pub fn idle_for(&self) -> Duration {
        self.last_used.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).elapsed()
    }

    /// Resolves once the stream is stopped.
    pub async fn finished(&self) {
        let mut stopped = self.stopped.subscribe();
        let _ = stopped.wait_for(|stopped| *stopped).await;
    }

    /// The file of segment `index`, once it is made. ffmpeg's words are logged whole and given
    /// back without the server's paths.
    pub async fn segment(&self, index: usize) -> Result<PathBuf, SegmentError> {
        self.made_segment(index).await.map_err(|error| match error {
            SegmentError::Failed(words) => {
                tracing::warn!(media = %self.media_id, variant = %self.variant.slug(), error = %words, "ffmpeg failed");
                SegmentError::Failed(super::words::for_viewer(&words, &self.source))
            }
            other => other,
        })
    }

    async fn made_segment(&self, index: usize) -> Result<PathBuf, SegmentError> {
        if index >= self.plan.len() {
            return Err(SegmentError::NotInPlan);
        }
        let deadline = Instant::now() + WAIT_LIMIT;
        loop {
            // A request waiting for its segment is the stream in use, however slow ffmpeg is.
            self.touch();
            {
                let mut run = self.run.lock().await;
                if run.stopped {
                    return Err(SegmentError::Stopped);
                }
                run.playing = index;
                self.collect(&mut run).await;
                if let Some(path) = run.done.get(&index) {
                    let path = path.clone();
                    self.tidy(&mut run).await;
                    return Ok(path);
                }
                match &run.process {
                    Some(process) if process.from <= index && process.exited == Some(false) => {
                        return Err(SegmentError::Failed(self.log_tail(process.run).await));
                    }
                    // It finished without reaching this segment: the file ends early, or is damaged
                    // there (ffmpeg skips what it cannot read and stops at the end of what it can).
                    Some(process) if process.exited == Some(true) && process.from + process.listed <= index => {
                        let words = self.log_tail(process.run).await;
                        let at = self.plan.get(index).map_or(0.0, |segment| segment.start);
                        return Err(SegmentError::Failed(format!("nothing could be read from {at:.0} s on: {words}")));
                    }
                    Some(process)
                        if process.exited.is_none()
                            && process.from <= index
                            && index < process.from + process.listed + WAIT_AHEAD => {}
                    _ => self.start(&mut run, index).await?,
                }
            }
            if Instant::now() >= deadline {
                return Err(SegmentError::TooSlow);
            }
            tokio::time::sleep(POLL).await;
        }
    }

    /// Ends ffmpeg and removes the folder; later requests get [`SegmentError::Stopped`].
    pub async fn stop(&self) {
        let mut run = self.run.lock().await;
        run.stopped = true;
        if let Some(mut process) = run.process.take() {
            let _ = process.child.kill().await;
        }
        run.done.clear();
        if let Err(error) = tokio::fs::remove_dir_all(&self.folder).await
            && error.kind() != std::io::ErrorKind::NotFound
        {
            tracing::warn!(folder = %self.folder.display(), %error, "could not remove a stream's folder");
        }
        let _ = self.stopped.send(true);
    }

    /// Whether an ffmpeg process runs for this stream now.
    pub async fn is_running(&self) -> bool {
        let mut run = self.run.lock().await;
        self.collect(&mut run).await;
        run.process.as_ref().is_some_and(|process| process.exited.is_none())
    }

    /// Starts ffmpeg at segment `from`, ending the run before.
    async fn start(&self, run: &mut Run, from: usize) -> Result<(), SegmentError> {
        if let Some(mut process) = run.process.take() {
            let _ = process.child.kill().await;
        }
        let number = run.runs;
        run.runs += 1;
        tokio::fs::DirBuilder::new()
            .recursive(true)
            .mode(crate::private_files::DIR_MODE)
            .create(&self.folder)
            .await
            .map_err(|e| SegmentError::Failed(e.to_string()))?;
        let log = tokio::fs::File::create(self.folder.join(format!("g{number}.log")))
            .await
            .map_err(|e| SegmentError::Failed(e.to_string()))?
            .into_std()
            .await;
        let arguments = command::arguments(&self.source, &self.variant, &self.plan, from, &self.folder, number);
        let child = crate::playback::ffmpeg_lifetime::command(&self.ffmpeg)
            .args(arguments)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::from(log))
            .kill_on_drop(true)
            .spawn()
            .map_err(|error| SegmentError::Failed(format!("ffmpeg could not be started: {error}")))?;
        tracing::debug!(session = %self.session_id, media = %self.media_id, from, run = number, "ffmpeg started");
        run.process = Some(Process { child, run: number, from, listed: 0, exited: None });
        Ok(())
    }

    /// Takes in the segments the current run has finished, and whether it has ended.
    async fn collect(&self, run: &mut Run) {
        let Some(process) = run.process.as_mut() else { return };
        // Whether it ended is read first: a list read after that is complete.
        if process.exited.is_none()
            && let Ok(Some(status)) = process.child.try_wait()
        {
            process.exited = Some(status.success());
        }
        let list = self.folder.join(command::segment_list(process.run));
        let Ok(text) = tokio::fs::read_to_string(&list).await else { return };
        let finished: Vec<&str> = text.lines().filter_map(|line| line.split(',').next()).collect();
        let (from, listed) = (process.from, process.listed);
        for (offset, name) in finished.iter().enumerate().skip(listed) {
            // Names are ffmpeg's own, from the pattern; nothing else is trusted.
            if name.starts_with('g') && name.ends_with(".ts") && !name.contains('/') {
                run.done.insert(from + offset, self.folder.join(name));
            }
        }
        if let Some(process) = run.process.as_mut() {
            process.listed = process.listed.max(finished.len());
        }
    }

    /// Deletes segments the player has passed, and stops ffmpeg when it is far enough ahead.
    async fn tidy(&self, run: &mut Run) {
        let behind = run.playing.saturating_sub(KEEP_BEHIND);
        let passed: Vec<usize> = run.done.range(..behind).map(|(index, _)| *index).collect();
        for index in passed {
            if let Some(path) = run.done.remove(&index) {
                let _ = tokio::fs::remove_file(path).await;
            }
        }
        let ahead = run
            .process
            .as_ref()
            .is_some_and(|process| process.exited.is_none() && process.from + process.listed > run.playing + RUN_AHEAD);
        if ahead && let Some(mut process) = run.process.take() {
            let _ = process.child.kill().await;
        }
    }

    /// The end of a run's error output.
    async fn log_tail(&self, run: u64) -> String {
        let text = tokio::fs::read_to_string(self.folder.join(format!("g{run}.log"))).await.unwrap_or_default();
        let tail: String =
            text.lines().rev().take(3).collect::<Vec<_>>().into_iter().rev().collect::<Vec<_>>().join("; ");
        if tail.is_empty() { "ffmpeg stopped without saying why".to_owned() } else { tail }
    }
}
