//! The request's own line ("answered"), written by the log's thread from its raw parts, and the
//! request's fields as every other line logged for it shows them: byte for byte what the tracing
//! formatter would have written for the same event in the request's span.

use std::io::{self, Write};
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use super::request_context::RequestContext;

/// Where the request's own line is logged from: the target it has always had.
pub const ANSWERED_TARGET: &str = "marquee::request_id";

/// The two shapes a line can take (see `--log-format`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    Text,
    Json,
}

/// A request was answered: what its line says, taken on the request's worker and written out later.
#[derive(Debug)]
pub struct Answered {
    pub context: Arc<RequestContext>,
    pub status: u16,
    pub latency: Duration,
    pub at: SystemTime,
}

impl Answered {
    fn latency_ms(&self) -> u64 {
        u64::try_from(self.latency.as_millis()).unwrap_or(u64::MAX)
    }

    /// The line, with its end of line, as the tracing formatter writes it without colours.
    pub fn write(&self, shape: Shape, out: &mut impl Write, clock: &mut Stamps) -> io::Result<()> {
        let (status, latency_ms) = (self.status, self.latency_ms());
        match shape {
            Shape::Text => {
                clock.write(out, self.at)?;
                out.write_all(b"  INFO request{")?;
                text_fields(out, &self.context)?;
                writeln!(out, "}}: {ANSWERED_TARGET}: answered status={status} latency_ms={latency_ms}")
            }
            Shape::Json => {
                out.write_all(b"{\"timestamp\":\"")?;
                clock.write(out, self.at)?;
                write!(
                    out,
                    "\",\"level\":\"INFO\",\"fields\":{{\"message\":\"answered\",\"status\":{status},\
                     \"latency_ms\":{latency_ms}}},\"target\":\"{ANSWERED_TARGET}\",\"span\":"
                )?;
                json_span(out, &self.context)?;
                out.write_all(b"}\n")
            }
        }
    }
}

/// `request_id="…" method=GET path="/…"`: the request span's fields in text.
pub fn text_fields(out: &mut impl Write, context: &RequestContext) -> io::Result<()> {
    out.write_all(b"request_id=")?;
    debug_str(out, context.id())?;
    write!(out, " method={} path=", context.method())?;
    debug_str(out, context.path())
}

/// [`text_fields`] for a terminal: names in italics, `=` dimmed.
pub fn coloured_text_fields(out: &mut impl Write, context: &RequestContext) -> io::Result<()> {
    const NAME: &[u8] = b"\x1b[3m";
    const EQUALS: &[u8] = b"\x1b[0m\x1b[2m=\x1b[0m";
    out.write_all(NAME)?;
    out.write_all(b"request_id")?;
    out.write_all(EQUALS)?;
    debug_str(out, context.id())?;
    out.write_all(b" ")?;
    out.write_all(NAME)?;
    out.write_all(b"method")?;
    out.write_all(EQUALS)?;
    write!(out, "{} ", context.method())?;
    out.write_all(NAME)?;
    out.write_all(b"path")?;
    out.write_all(EQUALS)?;
    debug_str(out, context.path())
}

/// `{"method":…,"path":…,"request_id":…,"name":"request"}`: the request span in JSON.
pub fn json_span(out: &mut impl Write, context: &RequestContext) -> io::Result<()> {
    out.write_all(b"{\"method\":")?;
    serde_json::to_writer(&mut *out, context.method().as_str())?;
    out.write_all(b",\"path\":")?;
    serde_json::to_writer(&mut *out, context.path())?;
    out.write_all(b",\"request_id\":")?;
    serde_json::to_writer(&mut *out, context.id())?;
    out.write_all(b",\"name\":\"request\"}")
}

/// `text` as Rust's `{:?}` quotes it, without the formatting machinery for the usual plain text.
fn debug_str(out: &mut impl Write, text: &str) -> io::Result<()> {
    let plain = text.bytes().all(|b| (b' '..=b'~').contains(&b) && b != b'"' && b != b'\\');
    if plain {
        out.write_all(b"\"")?;
        out.write_all(text.as_bytes())?;
        out.write_all(b"\"")
    } else {
        write!(out, "{text:?}")
    }
}

/// Timestamps as the tracing formatter writes them (`2026-12-07T02:40:36.888574Z`), the part up to
/// the second made once per second.
#[derive(Default)]
pub struct Stamps {
    second: Option<u64>,
    up_to_second: Vec<u8>,
}

impl Stamps {
    pub fn write(&mut self, out: &mut impl Write, at: SystemTime) -> io::Result<()> {
        let since_epoch = at.duration_since(SystemTime::UNIX_EPOCH).unwrap_or_default();
        let second = since_epoch.as_secs();
        if self.second != Some(second) {
            let date = time::OffsetDateTime::from_unix_timestamp(i64::try_from(second).unwrap_or(i64::MAX))
                .unwrap_or(time::OffsetDateTime::UNIX_EPOCH);
            self.up_to_second.clear();
            write!(
                self.up_to_second,
                "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.",
                date.year(),
                u8::from(date.month()),
                date.day(),
                date.hour(),
                date.minute(),
                date.second()
            )?;
            self.second = Some(second);
        }
        out.write_all(&self.up_to_second)?;
        write!(out, "{:06}Z", since_epoch.subsec_micros())
    }
}
