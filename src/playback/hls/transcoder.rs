//! Every HLS stream this server makes: at most one per signed-in device, at most the configured
//! number of transcodes at once, each ended when its viewer stops asking for it, its session ends,
//! or the server stops. Their folders live under one directory, emptied at start.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use time::OffsetDateTime;
use uuid::Uuid;

use super::job::{Job, JobSpec};
use super::refusal::Refusal;
use crate::settings::TranscodePolicy;
use crate::store::ClosedFile;

pub struct Transcoder {
    ffmpeg: Option<PathBuf>,
    max_transcodes: usize,
    idle_timeout: Duration,
    root: PathBuf,
    /// Session → its stream.
    jobs: Mutex<HashMap<Uuid, Arc<Job>>>,
    /// Streams ffmpeg could not make lately, with its words: the player page asks why it stopped.
    failures: Mutex<HashMap<(Uuid, String), (Instant, String)>>,
    /// The transcode count shared with the other instances on the database, when there is one.
    slots: Option<super::SharedSlots>,
}

/// How long a failed conversion is remembered (the file may be replaced and rescanned meanwhile).
const FAILURE_MEMORY: Duration = Duration::from_secs(600);
/// Past this many remembered failures, the oldest are forgotten.
const FAILURES_KEPT: usize = 256;

impl Transcoder {
    /// Removes what an earlier run of the server left in the streams' directory, and makes it again for
    /// the server's user alone (0700): what is being watched is nobody else's business.
    pub fn new(policy: &TranscodePolicy) -> Self {
        crate::playback::ffmpeg_lifetime::kill_leftovers(&policy.work_dir);
        if let Err(error) = std::fs::remove_dir_all(&policy.work_dir)
            && error.kind() != std::io::ErrorKind::NotFound
        {
            tracing::warn!(folder = %policy.work_dir.display(), %error, "could not empty the streams' folder");
        }
        if let Err(error) = crate::private_files::private_dir(&policy.work_dir) {
            tracing::warn!(%error, "could not make the streams' folder");
        }
        Self {
            ffmpeg: policy.ffmpeg.clone(),
            max_transcodes: policy.max_transcodes,
            idle_timeout: policy.idle_timeout,
            root: policy.work_dir.clone(),
            jobs: Mutex::new(HashMap::new()),
            failures: Mutex::new(HashMap::new()),
            slots: None,
        }
    }

    /// Counts transcodes in the database too, so `max_transcodes` holds across every instance.
    pub fn sharing_slots(mut self, slots: super::SharedSlots) -> Self {
        self.slots = Some(slots);
        self
    }

    /// Whether `session_id` could start a stream of this kind now, on this instance and, for a
    /// transcode, among every instance's (it may replace its own).
    pub async fn room(&self, session_id: Uuid, transcode: bool) -> Result<(), Refusal> {
        self.check_room(session_id, transcode)?;
        if transcode
            && let Some(slots) = &self.slots
            && !slots.room(session_id, self.max_transcodes).await
        {
            return Err(Refusal::Busy { limit: self.max_transcodes });
        }
        Ok(())
    }

    /// [`Transcoder::job`], taking the device's slot among every instance's first when it is a new
    /// transcode.
    pub async fn start(&self, session_id: Uuid, spec: JobSpec) -> Result<(Arc<Job>, bool), Refusal> {
        if let Some(job) = self.current(session_id, spec.media_id, &spec.variant) {
            return Ok((job, false));
        }
        let shared = spec.variant.is_transcode().then_some(self.slots.as_ref()).flatten();
        if let Some(slots) = shared
            && !slots.take(session_id, self.max_transcodes).await
        {
            return Err(Refusal::Busy { limit: self.max_transcodes });
        }
        let transcode = spec.variant.is_transcode();
        let started = self.job(session_id, spec);
        // A slot is held only by a running transcode: not by one that could not start, nor by a
        // device whose transcode this remux just replaced.
        if started.is_err() || !transcode {
            self.release_slot(session_id).await;
        }
        started
    }

    /// Keeps the slots of this instance's transcodes counted.
    pub async fn renew_slots(&self) {
        if let Some(slots) = &self.slots {
            slots.renew().await;
        }
    }

    async fn release_slot(&self, session_id: Uuid) {
        if let Some(slots) = &self.slots {
            slots.release(session_id).await;
        }
    }

    pub fn has_ffmpeg(&self) -> bool {
        self.ffmpeg.is_some()
    }

    /// The ffmpeg program, when it is installed.
    pub fn ffmpeg(&self) -> Option<&Path> {
        self.ffmpeg.as_deref()
    }

    pub fn max_transcodes(&self) -> usize {
        self.max_transcodes
    }

    pub fn idle_timeout(&self) -> Duration {
        self.idle_timeout
    }

    pub fn work_dir(&self) -> &Path {
        &self.root
    }

    fn jobs(&self) -> std::sync::MutexGuard<'_, HashMap<Uuid, Arc<Job>>> {
        self.jobs.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Whether `session_id` could start a stream of this kind now (it may replace its own).
    pub fn check_room(&self, session_id: Uuid, transcode: bool) -> Result<(), Refusal> {
        if self.ffmpeg.is_none() {
            return Err(Refusal::NoFfmpeg);
        }
        let jobs = self.jobs();
        let others = jobs.values().filter(|job| job.variant.is_transcode() && job.session_id != session_id).count();
        if transcode && others >= self.max_transcodes {
            return Err(Refusal::Busy { limit: self.max_transcodes });
        }
        Ok(())
    }

    /// The session's stream of this file and variant: the running one, or a new one (then `true`),
    /// which ends the session's previous stream.
    pub fn job(&self, session_id: Uuid, spec: JobSpec) -> Result<(Arc<Job>, bool), Refusal> {
        let ffmpeg = self.ffmpeg.clone().ok_or(Refusal::NoFfmpeg)?;
        let mut jobs = self.jobs();
        if let Some(job) = jobs.get(&session_id)
            && job.media_id == spec.media_id
            && job.variant == spec.variant
        {
            job.touch();
            return Ok((job.clone(), false));
        }
        let others = jobs.values().filter(|job| job.variant.is_transcode() && job.session_id != session_id).count();
        if spec.variant.is_transcode() && others >= self.max_transcodes {
            return Err(Refusal::Busy { limit: self.max_transcodes });
        }
        let folder = self.root.join(Uuid::new_v4().to_string());
        let job = Arc::new(Job::new(session_id, spec, folder, ffmpeg));
        if let Some(old) = jobs.insert(session_id, job.clone()) {
            tokio::spawn(async move { old.stop().await });
        }
        Ok((job, true))
    }

    /// The session's stream, if it is of this file and variant.
    pub fn current(&self, session_id: Uuid, media_id: Uuid, variant: &super::variant::Variant) -> Option<Arc<Job>> {
        let jobs = self.jobs();
        let job = jobs.get(&session_id).filter(|job| job.media_id == media_id && job.variant == *variant)?;
        job.touch();
        Some(job.clone())
    }

    /// Ends a session's stream, if it has one.
    pub async fn stop_session(&self, session_id: Uuid) {
        let job = self.jobs().remove(&session_id);
        if let Some(job) = job {
            job.stop().await;
            self.release_slot(session_id).await;
        }
    }

    /// Ends a session's stream if it is converting the file its player closed and nobody has asked
    /// anything of it since: a stream of another file, which the device went on to, goes on, and so
    /// does one of the same film opened again (clocks of different instances may differ by a few
    /// milliseconds; a stream kept by mistake ends at the idle timeout).
    pub async fn stop_media(&self, session_id: Uuid, closed: ClosedFile) {
        let used_since = |job: &Arc<Job>| {
            let last_used = OffsetDateTime::now_utc() - job.idle_for();
            last_used > closed.at
        };
        let job =
            self.jobs().get(&session_id).filter(|job| job.media_id == closed.media_id && !used_since(job)).cloned();
        if let Some(job) = job {
            self.stop_job(&job).await;
        }
    }

    /// Ends this stream if it is still the session's.
    pub async fn stop_job(&self, job: &Arc<Job>) {
        let removed = {
            let mut jobs = self.jobs();
            let current = jobs.get(&job.session_id).is_some_and(|current| Arc::ptr_eq(current, job));
            if current {
                jobs.remove(&job.session_id);
            }
            current
        };
        job.stop().await;
        if removed {
            self.release_slot(job.session_id).await;
        }
    }

    /// Ends the streams nobody has asked for lately.
    pub async fn stop_idle(&self, idle: Duration) {
        let stale: Vec<Arc<Job>> = {
            let mut jobs = self.jobs();
            let stale: Vec<Uuid> =
                jobs.iter().filter(|(_, job)| job.idle_for() >= idle).map(|(session, _)| *session).collect();
            stale.iter().filter_map(|session| jobs.remove(session)).collect()
        };
        for job in stale {
            job.stop().await;
            self.release_slot(job.session_id).await;
        }
    }

    /// Ends every stream (the server is stopping).
    pub async fn stop_all(&self) {
        let all: Vec<Arc<Job>> = self.jobs().drain().map(|(_, job)| job).collect();
        for job in all {
            job.stop().await;
            self.release_slot(job.session_id).await;
        }
        let _ = tokio::fs::remove_dir_all(&self.root).await;
    }

    /// Remembers that ffmpeg could not make this stream of this file.
    pub fn remember_failure(&self, media_id: Uuid, variant: &super::variant::Variant, words: &str) {
        let mut failures = self.failures.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        failures.retain(|_, (at, _)| at.elapsed() < FAILURE_MEMORY);
        if failures.len() >= FAILURES_KEPT {
            failures.clear();
        }
        failures.insert((media_id, variant.slug()), (Instant::now(), words.to_owned()));
    }

    /// ffmpeg's words, if it failed to make this stream of this file lately.
    pub fn recent_failure(&self, media_id: Uuid, variant: &super::variant::Variant) -> Option<String> {
        let failures = self.failures.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        let (at, words) = failures.get(&(media_id, variant.slug()))?;
        (at.elapsed() < FAILURE_MEMORY).then(|| words.clone())
    }

    /// How many streams exist now.
    pub fn count(&self) -> usize {
        self.jobs().len()
    }
}

impl Drop for Transcoder {
    /// The folder made at start is not left behind empty (a stopping server has removed it already).
    fn drop(&mut self) {
        let _ = std::fs::remove_dir(&self.root);
    }
}
