//! A fixed set of OS threads that do the hashing, each with its own argon2 [`Memory`].
//!
//! Reusing one buffer per thread is what keeps the server's memory bounded under a flood: with a
//! fresh 19 MiB allocation per hash, the allocator kept freed buffers resident, carved up by the
//! small allocations made in between, and the peak grew with the number of hashes instead of the
//! number that run at once. The threads stop when the last handle to the pool is dropped.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::mpsc::{Receiver, SyncSender, TrySendError, sync_channel};
use std::sync::{Arc, Mutex, PoisonError};

use tokio::sync::OwnedSemaphorePermit;

use super::argon::Memory;

/// Work for a hashing thread, holding the hashing slot it was admitted with until it is done.
pub struct Job {
    work: Box<dyn FnOnce(&mut Memory) + Send>,
    _slot: OwnedSemaphorePermit,
}

impl Job {
    pub fn new(slot: OwnedSemaphorePermit, work: impl FnOnce(&mut Memory) + Send + 'static) -> Self {
        Self { work: Box::new(work), _slot: slot }
    }
}

pub struct Pool {
    jobs: SyncSender<Job>,
    threads: usize,
}

impl Pool {
    /// Starts `threads` hashing threads (fewer if the OS refuses some; see [`Pool::threads`]).
    pub fn start(threads: usize) -> Self {
        // Jobs are only sent with a slot, and there are as many slots as threads, so the
        // channel never holds more than this.
        let (jobs, queue) = sync_channel(threads);
        let queue = Arc::new(Mutex::new(queue));
        let started = (0..threads)
            .filter(|n| {
                let queue = queue.clone();
                let spawned = std::thread::Builder::new().name(format!("marquee-hash-{n}")).spawn(move || work(&queue));
                if let Err(error) = &spawned {
                    tracing::error!(%error, "could not start a password hashing thread");
                }
                spawned.is_ok()
            })
            .count();
        Self { jobs, threads: started }
    }

    /// How many threads are hashing, and so how many jobs may be handed over at once.
    pub fn threads(&self) -> usize {
        self.threads
    }

    /// Hands a job to a free thread. Fails only if no thread is running.
    pub fn submit(&self, job: Job) -> Result<(), &'static str> {
        self.jobs.try_send(job).map_err(|error| match error {
            TrySendError::Full(_) => "more hashing jobs than threads",
            TrySendError::Disconnected(_) => "no password hashing thread is running",
        })
    }
}

/// A hashing thread: takes jobs one at a time until the pool is dropped.
fn work(queue: &Mutex<Receiver<Job>>) {
    let mut memory = Memory::default();
    loop {
        // Waiting for a job with the lock held is fine: the others would only wait for it too.
        let next = queue.lock().unwrap_or_else(PoisonError::into_inner).recv();
        let Ok(job) = next else { return };
        let work = job.work;
        // A panic drops the job's reply, which the waiting request sees as a failure; the thread
        // and its buffer stay for the next job (argon2 overwrites every block it uses).
        if catch_unwind(AssertUnwindSafe(|| work(&mut memory))).is_err() {
            tracing::error!("a password hashing job panicked");
        }
    }
}
