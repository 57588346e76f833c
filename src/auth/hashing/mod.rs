//! Password hashing with argon2id, off the async workers and with bounded concurrency and memory.
//!
//! Each hash takes ~19 MiB and tens of milliseconds of CPU. It runs on one of `concurrency`
//! dedicated threads, each reusing its own block buffer, so page and API requests keep flowing
//! and the memory for hashing stays at `concurrency` buffers however many sign-ins arrive. A
//! flood of sign-ins waits for a slot (in order, without holding a thread) and is told the server
//! is busy after [`QUEUE_TIMEOUT`].

mod argon;
mod pool;
#[cfg(test)]
mod tests;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use tokio::sync::{Semaphore, oneshot};

use self::argon::Memory;
use self::pool::{Job, Pool};
use super::password::Password;

/// How long a sign-in may wait for a hashing slot before the server says it is busy.
const QUEUE_TIMEOUT: Duration = Duration::from_secs(20);

#[derive(Debug, thiserror::Error)]
pub enum HashError {
    #[error("password hashing is saturated")]
    Busy,
    #[error("password hashing failed: {0}")]
    Failed(String),
}

impl From<HashError> for crate::error::AppError {
    fn from(error: HashError) -> Self {
        match error {
            HashError::Busy => Self::Busy,
            HashError::Failed(cause) => Self::Internal(anyhow::anyhow!(cause)),
        }
    }
}

#[derive(Clone)]
pub struct PasswordHasher {
    inner: Arc<Inner>,
}

struct Inner {
    /// One slot per hashing thread: a job is handed over only when a thread is free for it.
    slots: Arc<Semaphore>,
    pool: Pool,
    /// Jobs waiting for a slot now: the hashing queue.
    waiting: AtomicUsize,
}

/// Counts a job as waiting for as long as it lives.
struct Waiting<'a>(&'a AtomicUsize);

impl<'a> Waiting<'a> {
    fn new(count: &'a AtomicUsize) -> Self {
        count.fetch_add(1, Ordering::Relaxed);
        Self(count)
    }
}

impl Drop for Waiting<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::Relaxed);
    }
}

impl PasswordHasher {
    /// `concurrency` hashes may run at once, each on its own thread; the rest wait their turn.
    pub fn new(concurrency: usize) -> Self {
        let pool = Pool::start(concurrency.max(1));
        // With no thread at all, every job is refused at once (`Failed`) instead of waiting.
        let slots = Arc::new(Semaphore::new(pool.threads().max(1)));
        Self { inner: Arc::new(Inner { slots, pool, waiting: AtomicUsize::new(0) }) }
    }

    /// How many hashes wait for a free thread now.
    pub fn queue_length(&self) -> usize {
        self.inner.waiting.load(Ordering::Relaxed)
    }

    /// Hashes a new password into a PHC string (`$argon2id$v=19$m=19456,t=2,p=1$…`).
    pub async fn hash(&self, password: &Password) -> Result<String, HashError> {
        let password = password.expose().to_owned();
        self.run(move |memory| argon::hash(password.as_bytes(), memory)).await?
    }

    /// Checks a password against a stored PHC string. A malformed stored hash counts as a mismatch.
    pub async fn verify(&self, password: &Password, stored: &str) -> Result<bool, HashError> {
        let password = password.expose().to_owned();
        let stored = stored.to_owned();
        self.run(move |memory| argon::verify(password.as_bytes(), &stored, memory)).await
    }

    /// Spends the same effort as a real verification, so an unknown email takes as long as a known one.
    pub async fn verify_against_nothing(&self, password: &Password) -> Result<(), HashError> {
        let password = password.expose().to_owned();
        self.run(move |memory| {
            let decoy = argon::decoy(memory);
            argon::verify(password.as_bytes(), decoy, memory);
        })
        .await
    }

    /// Waits for a free hashing thread, hands it `work` and awaits the answer without blocking
    /// an async worker.
    async fn run<T: Send + 'static>(
        &self,
        work: impl FnOnce(&mut Memory) -> T + Send + 'static,
    ) -> Result<T, HashError> {
        let queued = Waiting::new(&self.inner.waiting);
        let slot = tokio::time::timeout(QUEUE_TIMEOUT, self.inner.slots.clone().acquire_owned())
            .await
            .map_err(|_| HashError::Busy)?
            .map_err(|_| HashError::Busy)?;
        drop(queued);
        let (reply, answer) = oneshot::channel();
        let job = Job::new(slot, move |memory| {
            // Nobody waits for the answer any more (the client went away): skip the work.
            if !reply.is_closed() {
                let _ = reply.send(work(memory));
            }
        });
        self.inner.pool.submit(job).map_err(|why| HashError::Failed(why.into()))?;
        answer.await.map_err(|_| HashError::Failed("the hashing thread dropped the job".into()))
    }
}
