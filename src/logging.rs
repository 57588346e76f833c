//! Where the logs go and in what shape: text for a person at a terminal, JSON lines for a log collector.
//!
//! A request never waits for its own line: lines go into a bounded queue that a thread of their own
//! writes to standard error. When the queue is full a line is dropped and counted, never waited for
//! (`marquee_log_lines_dropped_total`); the lines still queued when the process ends are written
//! as the [`LogWriter`] is dropped.

use std::io::{BufWriter, IsTerminal, Write};
use std::sync::OnceLock;
use std::time::Duration;

use tracing_appender::non_blocking::{ErrorCounter, NonBlocking, NonBlockingBuilder, WorkerGuard};
use tracing_subscriber::EnvFilter;

/// `--log-format`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum LogFormat {
    #[default]
    Text,
    /// One JSON object per line, with the fields of the request it was logged in (its id among them).
    Json,
}

/// What is logged unless `RUST_LOG` says otherwise.
const DEFAULT_FILTER: &str = "marquee=info,tower_http=warn,sqlx=warn";

/// Lines waiting to be written, at most: about a second of the busiest traffic measured (one line per
/// request), some 16 MiB at worst. Past it, standard error is not keeping up and lines are dropped.
const QUEUED_LINES: usize = 65_536;

/// The lines this process's log writer has dropped.
static DROPPED: DroppedLines = DroppedLines::new();

/// Writes out the lines still queued when dropped: hold it until the process ends.
#[must_use = "dropping it stops the log writer: hold it until the process ends"]
pub struct LogWriter {
    _worker: WorkerGuard,
}

/// Sends the process's logs to standard error in `format`. Call once, first thing, and hold what it
/// returns until the end.
pub fn init(format: LogFormat) -> LogWriter {
    let (writer, worker) = queue(std::io::stderr(), QUEUED_LINES);
    DROPPED.watch(&writer);
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new(DEFAULT_FILTER));
    let logs = tracing_subscriber::fmt().with_env_filter(filter).with_writer(writer);
    match format {
        LogFormat::Text => logs.with_ansi(std::io::stderr().is_terminal()).init(),
        LogFormat::Json => logs.json().with_current_span(true).with_span_list(false).init(),
    }
    LogWriter { _worker: worker }
}

/// Log lines dropped so far because the queue was full (0 before [`init`], and in a process that
/// never called it).
pub fn lines_dropped() -> u64 {
    DROPPED.count()
}

/// A writer that queues at most `lines` lines for a thread that writes them to `sink`, a batch at a
/// time; a line that finds the queue full is dropped and counted.
fn queue<W: Write + Send + 'static>(sink: W, lines: usize) -> (NonBlocking, WorkerGuard) {
    NonBlockingBuilder::default()
        .lossy(true)
        .buffered_lines_limit(lines)
        .thread_name("marquee-logs")
        .finish(Batches { out: BufWriter::with_capacity(BATCH_BYTES, sink), rest: REST_AFTER_BATCH })
}

/// Bytes gathered before a write to standard error, when a batch is that large.
const BATCH_BYTES: usize = 64 * 1024;
/// How long the writing thread rests after writing a batch out.
const REST_AFTER_BATCH: Duration = Duration::from_millis(5);

/// `out`, written a batch at a time (the queue calls `flush` each time it has emptied), resting a
/// moment after each. The lines that arrive meanwhile wait in the queue for the next batch instead of
/// each waking the thread: on a busy server that wake, a system call per line, cost more than
/// writing the line.
struct Batches<W: Write> {
    out: BufWriter<W>,
    rest: Duration,
}

impl<W: Write> Write for Batches<W> {
    fn write(&mut self, line: &[u8]) -> std::io::Result<usize> {
        self.out.write(line)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.out.flush()?;
        std::thread::sleep(self.rest);
        Ok(())
    }
}

/// The dropped-lines count of one writer, once it is known.
struct DroppedLines(OnceLock<ErrorCounter>);

impl DroppedLines {
    const fn new() -> Self {
        Self(OnceLock::new())
    }

    /// Counts the lines `writer` drops from now on (the first writer watched is the one counted).
    fn watch(&self, writer: &NonBlocking) {
        let _ = self.0.set(writer.error_counter());
    }

    fn count(&self) -> u64 {
        self.0.get().map_or(0, |counter| u64::try_from(counter.dropped_lines()).unwrap_or(u64::MAX))
    }
}

#[cfg(test)]
mod tests {
    use std::sync::mpsc::{self, Receiver, Sender};
    use std::sync::{Arc, Mutex};
    use std::time::Instant;

    use super::*;

    /// Standard error stuck on its first write until `open` receives: what a slow terminal or a
    /// stalled log collector looks like to the writing thread.
    struct StuckSink {
        entered: Sender<()>,
        open: Option<Receiver<()>>,
        writes: Arc<Mutex<Vec<String>>>,
    }

    impl Write for StuckSink {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            if let Some(open) = self.open.take() {
                self.entered.send(()).unwrap();
                open.recv().unwrap();
            }
            self.writes.lock().unwrap().push(String::from_utf8_lossy(buf).into_owned());
            Ok(buf.len())
        }

        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn a_full_queue_drops_and_counts_lines_instead_of_waiting_and_the_rest_go_out_in_one_write() {
        let (entered, stuck) = mpsc::channel();
        let (open, opened) = mpsc::channel();
        let writes = Arc::new(Mutex::new(Vec::new()));
        let sink = StuckSink { entered, open: Some(opened), writes: writes.clone() };
        let (mut writer, worker) = queue(sink, 4);
        let dropped = DroppedLines::new();
        assert_eq!(dropped.count(), 0, "nothing is watched yet");
        dropped.watch(&writer);

        writer.write_all(b"0\n").unwrap();
        stuck.recv_timeout(Duration::from_secs(30)).expect("the writing thread takes the first line");
        // The thread is stuck with line 0: four lines fill the queue, the next three find it full.
        for line in 1..=7 {
            writer.write_all(format!("{line}\n").as_bytes()).unwrap();
        }
        assert_eq!(dropped.count(), 3);

        open.send(()).unwrap();
        let deadline = Instant::now() + Duration::from_secs(30);
        while writes.lock().unwrap().len() < 2 && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(10));
        }
        drop(worker);
        // The lines that waited are written together, in one system call rather than four.
        assert_eq!(*writes.lock().unwrap(), ["0\n", "1\n2\n3\n4\n"]);
        assert_eq!(dropped.count(), 3);
    }
}
