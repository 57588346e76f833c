//! The log's own thread and the bounded queue in front of it: lines already formatted, and the
//! requests' own lines as raw parts, which the thread formats. Nothing that logs ever waits: a line
//! that finds the queue full is dropped and counted.

use std::io::{BufWriter, Write};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use crossbeam_channel::{Receiver, Sender, TrySendError};
use tracing_subscriber::fmt::MakeWriter;

use super::lines::{Answered, Shape, Stamps};

/// Bytes gathered before a write, when a batch is that large.
const BATCH_BYTES: usize = 64 * 1024;
/// How long the thread rests after writing a batch out. The lines that arrive meanwhile wait in the
/// queue for the next batch instead of each waking the thread: on a busy server that wake, a system
/// call per line on the request's worker, cost more than writing the line.
const REST_AFTER_BATCH: Duration = Duration::from_millis(5);
/// How long the end of the process waits for the lines still queued to be written.
const LAST_WORDS_WAIT: Duration = Duration::from_secs(2);

enum Entry {
    /// Formatted by whoever logged it.
    Line(Vec<u8>),
    /// A request's own line, to format here.
    Answered(Answered),
    /// Write what came before, then say so and end.
    Stop(std::sync::mpsc::Sender<()>),
}

/// The sending end: cheap to clone, never blocks.
#[derive(Clone)]
pub struct Queue {
    sender: Sender<Entry>,
    dropped: Arc<AtomicU64>,
}

impl Queue {
    fn push(&self, entry: Entry) {
        if let Err(TrySendError::Full(_) | TrySendError::Disconnected(_)) = self.sender.try_send(entry) {
            self.dropped.fetch_add(1, Ordering::Relaxed);
        }
    }

    /// Queues a request's own line.
    pub fn answered(&self, answered: Answered) {
        self.push(Entry::Answered(answered));
    }

    /// Lines dropped so far because the queue was full.
    pub fn dropped(&self) -> u64 {
        self.dropped.load(Ordering::Relaxed)
    }
}

impl<'a> MakeWriter<'a> for Queue {
    type Writer = LineWriter<'a>;

    fn make_writer(&'a self) -> Self::Writer {
        LineWriter(self)
    }
}

/// Each write is one line from the tracing formatter (it writes a whole line at once).
pub struct LineWriter<'a>(&'a Queue);

impl Write for LineWriter<'_> {
    fn write(&mut self, line: &[u8]) -> std::io::Result<usize> {
        self.0.push(Entry::Line(line.to_vec()));
        Ok(line.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Writes out the lines still queued when dropped: hold it until the process ends.
#[must_use = "dropping it stops the log's thread: hold it until the process ends"]
pub struct Worker {
    sender: Sender<Entry>,
}

impl Drop for Worker {
    fn drop(&mut self) {
        let (done, finished) = std::sync::mpsc::channel();
        if self.sender.send_timeout(Entry::Stop(done), LAST_WORDS_WAIT).is_ok() {
            let _ = finished.recv_timeout(LAST_WORDS_WAIT);
        }
    }
}

/// Starts the thread that writes to `sink`, behind a queue of at most `lines` lines; the requests'
/// own lines are written in `shape`.
pub fn start<W: Write + Send + 'static>(sink: W, lines: usize, shape: Shape) -> (Queue, Worker) {
    let (sender, receiver) = crossbeam_channel::bounded(lines);
    let out = BufWriter::with_capacity(BATCH_BYTES, sink);
    let spawned =
        std::thread::Builder::new().name("marquee-logs".into()).spawn(move || write_out(receiver, out, shape));
    if let Err(error) = spawned {
        // Without its thread the queue fills and every line is counted as dropped.
        eprintln!("cannot start the log's thread: {error}");
    }
    (Queue { sender: sender.clone(), dropped: Arc::default() }, Worker { sender })
}

fn write_out<W: Write>(queue: Receiver<Entry>, mut out: BufWriter<W>, shape: Shape) {
    let mut stamps = Stamps::default();
    // Write errors are not reported: there is nowhere left to report them.
    while let Ok(first) = queue.recv() {
        let mut next = Some(first);
        while let Some(entry) = next {
            match entry {
                Entry::Line(line) => {
                    let _ = out.write_all(&line);
                }
                Entry::Answered(answered) => {
                    let _ = answered.write(shape, &mut out, &mut stamps);
                }
                Entry::Stop(done) => {
                    let _ = out.flush();
                    let _ = done.send(());
                    return;
                }
            }
            next = queue.try_recv().ok();
        }
        let _ = out.flush();
        std::thread::sleep(REST_AFTER_BATCH);
    }
}

#[cfg(test)]
mod tests {
    use std::sync::mpsc::{self, Receiver, Sender};
    use std::sync::{Arc, Mutex};
    use std::time::{Instant, SystemTime};

    use axum::http::Request;

    use super::*;
    use crate::logging::RequestContext;

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

    fn answered(path: &str) -> Answered {
        let request = Request::get(path).header("x-request-id", "r-1").body(()).unwrap();
        Answered {
            context: Arc::new(RequestContext::of(&request)),
            status: 204,
            latency: Duration::from_millis(3),
            at: SystemTime::UNIX_EPOCH + Duration::from_micros(1_765_000_000_000_042),
        }
    }

    #[test]
    fn a_full_queue_drops_and_counts_lines_instead_of_waiting_and_the_rest_go_out_in_one_write() {
        let (entered, stuck) = mpsc::channel();
        let (open, opened) = mpsc::channel();
        let writes = Arc::new(Mutex::new(Vec::new()));
        let sink = StuckSink { entered, open: Some(opened), writes: writes.clone() };
        let (queue, worker) = start(sink, 4, Shape::Text);
        let mut writer = queue.make_writer();

        writer.write_all(b"0\n").unwrap();
        stuck.recv_timeout(Duration::from_secs(30)).expect("the writing thread takes the first line");
        // The thread is stuck with line 0: four lines fill the queue, the next three find it full.
        for line in 1..=3 {
            writer.write_all(format!("{line}\n").as_bytes()).unwrap();
        }
        queue.answered(answered("/fourth"));
        for line in 5..=7 {
            writer.write_all(format!("{line}\n").as_bytes()).unwrap();
        }
        assert_eq!(queue.dropped(), 3);

        open.send(()).unwrap();
        let deadline = Instant::now() + Duration::from_secs(30);
        while writes.lock().unwrap().len() < 2 && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(10));
        }
        drop(worker);
        // The lines that waited are written together, in one system call rather than four, in the
        // order they came; the request's own line formatted by the thread.
        let fourth = "2025-12-06T05:46:40.000042Z  INFO request{request_id=\"r-1\" method=GET path=\"/fourth\"}: \
                      marquee::request_id: answered status=204 latency_ms=3\n";
        assert_eq!(*writes.lock().unwrap(), ["0\n".to_string(), format!("1\n2\n3\n{fourth}")]);
        assert_eq!(queue.dropped(), 3);
    }

    #[test]
    fn lines_still_queued_are_written_when_the_worker_is_dropped() {
        let writes = Arc::new(Mutex::new(Vec::new()));
        let (entered, _stuck) = mpsc::channel();
        let sink = StuckSink { entered, open: None, writes: writes.clone() };
        let (queue, worker) = start(sink, 100, Shape::Json);
        for _ in 0..50 {
            queue.answered(answered("/x"));
        }
        drop(worker);
        let written = writes.lock().unwrap().concat();
        assert_eq!(written.lines().count(), 50, "{written}");
        for line in written.lines() {
            let line: serde_json::Value = serde_json::from_str(line).unwrap();
            assert_eq!(line["span"]["path"], "/x");
        }
    }
}
