//! The bytes of a response: a span of an open file, read in large chunks on blocking threads (one
//! chunk ahead of the socket), and ended at once when `stop` resolves.
//!
//! Ending early is how a video stops when its session is signed out: the stream yields an error,
//! so the server drops the connection and the player sees a cut-short response, not a clean end.
//! The body is only polled while the connection takes data, so `stop` is awaited by a task of its
//! own, not by the body: whatever `stop` does when it resolves (cutting the connection, see
//! [`crate::connection`]) happens at once even while the socket is full, and the body yields its
//! error the next time it is polled. The task ends with the body.

use std::fs::File;
use std::future::Future;
use std::io;
use std::os::unix::fs::FileExt;
use std::sync::{Arc, Mutex};

use axum::body::{Body, Bytes};
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

use crate::monitoring::OpenGuard;

/// Bytes read per blocking call: large, so a 1 MiB range is a handful of reads.
const CHUNK: u64 = 512 * 1024;
/// Read buffers kept for reuse once the socket has taken their bytes (at most 16 MiB).
const POOLED: usize = 32;

/// Buffers that were sent, for the next reads: a fresh 512 KiB buffer costs a zeroing and, as glibc
/// maps blocks this large afresh, page faults on every touch; together about an eighth of the
/// server's time when serving 1 MiB ranges from the page cache (bench/stream.sh).
static POOL: Mutex<Vec<Vec<u8>>> = Mutex::new(Vec::new());

/// `len` bytes of `file` from `start`, ending early (with an error) when `stop` resolves.
pub fn file_span(file: File, start: u64, len: u64, stop: impl Future<Output = ()> + Send + 'static) -> Body {
    let reader = Reader { file: Arc::new(file), next: start, end: start.saturating_add(len), ahead: None };
    let (stopped, on_stop) = oneshot::channel::<()>();
    let watcher = AbortOnDrop(tokio::spawn(async move {
        stop.await;
        let _ = stopped.send(());
    }));
    let open = OpenGuard::new(crate::monitoring::VIDEO_STREAMS_OPEN);
    let state = Some((reader, on_stop, (watcher, open)));
    Body::from_stream(futures_util::stream::unfold(state, |state| async move {
        let (mut reader, mut on_stop, watcher) = state?;
        tokio::select! {
            biased;
            // Resolves when `stop` did (or its task failed): either way the stream is over.
            _ = &mut on_stop => Some((Err(io::Error::other("the stream was stopped: its session ended")), None)),
            chunk = reader.next() => match chunk {
                Some(Ok(bytes)) => {
                    metrics::counter!(crate::monitoring::STREAMED_BYTES).increment(bytes.len() as u64);
                    Some((Ok(bytes), Some((reader, on_stop, watcher))))
                }
                Some(Err(error)) => Some((Err(error), None)),
                None => None,
            },
        }
    }))
}

/// Ends the task awaiting `stop` when the body is done or dropped, so nothing is stopped after it.
struct AbortOnDrop(JoinHandle<()>);

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        self.0.abort();
    }
}

/// Reads the span chunk by chunk, keeping one read in flight ahead of what was handed out.
struct Reader {
    file: Arc<File>,
    /// Where the next read not yet started begins.
    next: u64,
    end: u64,
    ahead: Option<JoinHandle<io::Result<Bytes>>>,
}

impl Reader {
    /// The next chunk, `None` at the end of the span.
    async fn next(&mut self) -> Option<io::Result<Bytes>> {
        let pending = match self.ahead.take() {
            Some(pending) => pending,
            None => self.start_read()?,
        };
        let chunk = match pending.await {
            Ok(chunk) => chunk,
            Err(error) => Err(io::Error::other(format!("reading the file stopped unexpectedly: {error}"))),
        };
        if chunk.is_ok() {
            self.ahead = self.start_read();
        }
        Some(chunk)
    }

    fn start_read(&mut self) -> Option<JoinHandle<io::Result<Bytes>>> {
        let len = self.end.saturating_sub(self.next).min(CHUNK);
        if len == 0 {
            return None;
        }
        let (file, offset) = (self.file.clone(), self.next);
        self.next += len;
        Some(tokio::task::spawn_blocking(move || read_chunk(&file, offset, len)))
    }
}

fn read_chunk(file: &File, offset: u64, len: u64) -> io::Result<Bytes> {
    let len = usize::try_from(len).map_err(io::Error::other)?;
    let reused = POOL.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).pop();
    let mut buffer = reused.unwrap_or_else(|| vec![0; CHUNK as usize]);
    if buffer.len() < len {
        buffer.resize(len, 0);
    }
    file.read_exact_at(&mut buffer[..len], offset).map_err(|error| match error.kind() {
        io::ErrorKind::UnexpectedEof => io::Error::new(error.kind(), "the file became shorter while it was being sent"),
        _ => error,
    })?;
    Ok(Bytes::from_owner(Chunk { buffer, len }))
}

/// The first `len` bytes of a pooled buffer, which goes back to the pool when the body is done with it.
struct Chunk {
    buffer: Vec<u8>,
    len: usize,
}

impl AsRef<[u8]> for Chunk {
    fn as_ref(&self) -> &[u8] {
        &self.buffer[..self.len]
    }
}

impl Drop for Chunk {
    fn drop(&mut self) {
        let mut pool = POOL.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if pool.len() < POOLED {
            pool.push(std::mem::take(&mut self.buffer));
        }
    }
}
