//! Subtitle extractions kept in hand, since each one reads a whole video file: one at a time per
//! file and track (whoever asks meanwhile waits for it and shares what it gives), a few at once in
//! all, and what came of each, a failure too, remembered in memory until the file changes.

use std::future::Future;
use std::sync::Arc;
use std::time::{Duration, Instant};

use moka::Expiry;
use moka::future::Cache;
use tokio::sync::Semaphore;
use uuid::Uuid;

/// Which subtitles of a title: a track inside its video file, or a file beside it.
#[derive(Clone, Copy, Debug, Hash, PartialEq, Eq)]
pub enum Track {
    /// The n-th subtitle track inside the video file.
    Embedded(u32),
    /// The catalog's number of a subtitle file beside the video.
    File(i64),
}

/// One extraction: the title's file and track, and the file's size and modification time as read
/// when it was asked for, so that a replaced file is read again.
#[derive(Clone, Debug, Hash, PartialEq, Eq)]
pub struct Key {
    pub media: Uuid,
    pub track: Track,
    pub size: u64,
    pub modified_ns: u128,
}

/// The WebVTT text, or `None` when ffmpeg could not make it.
pub type Outcome = Option<Arc<str>>;

/// Every extraction slot stayed taken for as long as a request may wait for one.
#[derive(Debug, PartialEq, Eq)]
pub struct Busy {
    pub limit: usize,
}

/// In memory, past this many bytes of WebVTT text, the least used is forgotten.
const REMEMBERED_BYTES: u64 = 32 * 1024 * 1024;
/// What an entry costs beyond its text.
const ENTRY_BYTES: usize = 256;
/// A failure may be passing (a disk too slow for the time limit): it is tried again after this.
const FAILURE_MEMORY: Duration = Duration::from_secs(600);
/// Text nobody has asked for in this long is forgotten.
const UNUSED_MEMORY: Duration = Duration::from_secs(3600);

pub struct Extractions {
    slots: Arc<Semaphore>,
    limit: usize,
    slot_wait: Duration,
    outcomes: Cache<Key, Outcome>,
}

impl Extractions {
    /// At most `limit` extractions at once; a request waits up to `slot_wait` for a slot.
    pub fn new(limit: usize, slot_wait: Duration) -> Self {
        let outcomes = Cache::builder()
            .max_capacity(REMEMBERED_BYTES)
            .weigher(|_, outcome: &Outcome| {
                let bytes = outcome.as_ref().map_or(0, |text| text.len()) + ENTRY_BYTES;
                u32::try_from(bytes).unwrap_or(u32::MAX)
            })
            .time_to_idle(UNUSED_MEMORY)
            .expire_after(ForgetFailures)
            .build();
        Self { slots: Arc::new(Semaphore::new(limit)), limit, slot_wait, outcomes }
    }

    /// What `extract` gave for `key`: remembered, or being made for another request (then waited
    /// for), or made now by `extract` once a slot is free. The making goes on if the request that
    /// started it leaves, so that those waiting with it, and those after, get what it gives.
    pub async fn outcome(
        &self,
        key: Key,
        extract: impl Future<Output = Outcome> + Send + 'static,
    ) -> Result<Outcome, Busy> {
        let (slots, slot_wait, limit) = (self.slots.clone(), self.slot_wait, self.limit);
        let made = async move {
            let slot = tokio::time::timeout(slot_wait, slots.acquire()).await;
            let _slot = slot.ok().and_then(Result::ok).ok_or(Busy { limit })?;
            Ok::<_, Busy>(extract.await)
        };
        let outcomes = self.outcomes.clone();
        match tokio::spawn(async move { outcomes.try_get_with(key, made).await }).await {
            Ok(Ok(outcome)) => Ok(outcome),
            Ok(Err(_)) => Err(Busy { limit }),
            Err(error) => {
                tracing::error!(%error, "a subtitle extraction failed");
                Ok(None)
            }
        }
    }
}

/// Failures are forgotten after [`FAILURE_MEMORY`]; text stays while it is used and fits.
struct ForgetFailures;

impl Expiry<Key, Outcome> for ForgetFailures {
    fn expire_after_create(&self, _: &Key, outcome: &Outcome, _: Instant) -> Option<Duration> {
        outcome.is_none().then_some(FAILURE_MEMORY)
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};

    use super::*;

    fn key(track: u32, size: u64) -> Key {
        Key { media: Uuid::nil(), track: Track::Embedded(track), size, modified_ns: 7 }
    }

    /// An extraction that counts its runs and gives `outcome` once `go` says so.
    fn counted(
        runs: &Arc<AtomicUsize>,
        go: &tokio::sync::watch::Receiver<bool>,
        outcome: Outcome,
    ) -> impl Future<Output = Outcome> + Send + 'static {
        let (runs, mut go) = (runs.clone(), go.clone());
        async move {
            runs.fetch_add(1, Ordering::SeqCst);
            let _ = go.wait_for(|go| *go).await;
            outcome
        }
    }

    #[tokio::test]
    async fn many_asking_at_once_share_one_run_and_its_failure_is_remembered() {
        let extractions = Extractions::new(2, Duration::from_secs(60));
        let runs = Arc::new(AtomicUsize::new(0));
        let (go, wait) = tokio::sync::watch::channel(false);
        let text: Outcome = Some(Arc::from("WEBVTT\n"));
        let asks = (0..8).map(|_| extractions.outcome(key(0, 1), counted(&runs, &wait, text.clone())));
        let all = futures_util::future::join_all(asks);
        let (answers, _) = tokio::join!(all, async { go.send(true) });
        assert!(answers.iter().all(|answer| *answer == Ok(text.clone())), "{answers:?}");
        assert_eq!(runs.load(Ordering::SeqCst), 1);

        let failed = extractions.outcome(key(1, 1), counted(&runs, &wait, None)).await;
        let again = extractions.outcome(key(1, 1), counted(&runs, &wait, Some(Arc::from("late")))).await;
        assert_eq!((failed, again), (Ok(None), Ok(None)));
        assert_eq!(runs.load(Ordering::SeqCst), 2, "a failure is not tried again at once");
        // The same track of a file that changed since is read again.
        let changed = extractions.outcome(key(1, 2), counted(&runs, &wait, text.clone())).await;
        assert_eq!(changed, Ok(text));
        assert_eq!(runs.load(Ordering::SeqCst), 3);
    }

    #[tokio::test]
    async fn past_the_limit_a_request_is_told_the_server_is_busy_and_that_is_not_remembered() {
        let extractions = Arc::new(Extractions::new(1, Duration::from_millis(1)));
        let runs = Arc::new(AtomicUsize::new(0));
        let (go, wait) = tokio::sync::watch::channel(false);
        let (started, has_started) = tokio::sync::oneshot::channel();
        let counting = counted(&runs, &wait, Some(Arc::from("first")));
        let extract = async move {
            let _ = started.send(());
            counting.await
        };
        let first = tokio::spawn({
            let extractions = extractions.clone();
            async move { extractions.outcome(key(0, 1), extract).await }
        });
        has_started.await.unwrap();
        let refused = extractions.outcome(key(1, 1), counted(&runs, &wait, None)).await;
        assert_eq!(refused, Err(Busy { limit: 1 }));
        go.send(true).unwrap();
        assert_eq!(first.await.unwrap(), Ok(Some(Arc::from("first"))));
        let later = extractions.outcome(key(1, 1), counted(&runs, &wait, Some(Arc::from("second")))).await;
        assert_eq!(later, Ok(Some(Arc::from("second"))), "a refusal is not remembered");
        assert_eq!(runs.load(Ordering::SeqCst), 2);
    }

    #[tokio::test]
    async fn an_extraction_whose_asker_left_goes_on_for_the_next() {
        let extractions = Extractions::new(1, Duration::from_secs(60));
        let runs = Arc::new(AtomicUsize::new(0));
        let (go, wait) = tokio::sync::watch::channel(false);
        let (started, has_started) = tokio::sync::oneshot::channel();
        let counting = counted(&runs, &wait, Some(Arc::from("kept")));
        let extract = async move {
            let _ = started.send(());
            counting.await
        };
        let asked = extractions.outcome(key(0, 1), extract);
        tokio::select! {
            _ = asked => panic!("the extraction waits for go"),
            started = has_started => started.unwrap(),
        }
        go.send(true).unwrap();
        let next = extractions.outcome(key(0, 1), counted(&runs, &wait, None)).await;
        assert_eq!(next, Ok(Some(Arc::from("kept"))));
        assert_eq!(runs.load(Ordering::SeqCst), 1);
    }
}
