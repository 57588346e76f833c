//! Where the logs go and in what shape: text for a person at a terminal, JSON lines for a log collector.
//!
//! A request never waits for its own line, nor pays for what it does not log. Lines go into a bounded
//! queue that a thread of their own writes to standard error; when the queue is full a line is
//! dropped and counted, never waited for (`marquee_log_lines_dropped_total`), and the lines still
//! queued when the process ends are written as the [`LogWriter`] is dropped. The request is known to
//! the lines logged while it is handled through a task-local rather than a tracing span, and its own
//! line ("answered") is queued as raw parts that the log's thread formats: the request's worker only
//! takes the time and copies a pointer.

use std::io::IsTerminal;
use std::sync::OnceLock;

use tracing_subscriber::EnvFilter;
use tracing_subscriber::fmt::format::JsonFields;

mod event_format;
mod lines;
mod queue;
mod request_context;
mod requests;

use event_format::WithRequest;
use lines::Shape;
use queue::Queue;
pub use request_context::RequestContext;
pub use requests::RequestLogLayer;

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

/// This process's queue, once [`init`] has made it.
static QUEUE: OnceLock<Queue> = OnceLock::new();
/// Set when the requests' own lines go to the queue in raw parts (not on a terminal, where they are
/// written in colour by the tracing formatter like every other line).
static ANSWERED_QUEUE: OnceLock<Queue> = OnceLock::new();

/// Writes out the lines still queued when dropped: hold it until the process ends.
#[must_use = "dropping it stops the log writer: hold it until the process ends"]
pub struct LogWriter {
    _worker: queue::Worker,
}

/// Sends the process's logs to standard error in `format`. Call once, first thing, and hold what it
/// returns until the end.
pub fn init(format: LogFormat) -> LogWriter {
    let shape = match format {
        LogFormat::Text => Shape::Text,
        LogFormat::Json => Shape::Json,
    };
    let (writer, worker) = queue::start(std::io::stderr(), QUEUED_LINES, shape);
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new(DEFAULT_FILTER));
    let logs = tracing_subscriber::fmt().with_env_filter(filter).with_writer(writer.clone());
    let coloured = format == LogFormat::Text && std::io::stderr().is_terminal();
    match format {
        LogFormat::Text => logs.with_ansi(coloured).event_format(WithRequest::text()).init(),
        LogFormat::Json => logs.fmt_fields(JsonFields::new()).event_format(WithRequest::json()).init(),
    }
    if !coloured {
        let _ = ANSWERED_QUEUE.set(writer.clone());
    }
    let _ = QUEUE.set(writer);
    LogWriter { _worker: worker }
}

/// Where the requests' own lines go in raw parts, if they do.
fn answered_queue() -> Option<&'static Queue> {
    ANSWERED_QUEUE.get()
}

/// Log lines dropped so far because the queue was full (0 before [`init`], and in a process that
/// never called it).
pub fn lines_dropped() -> u64 {
    QUEUE.get().map_or(0, Queue::dropped)
}
