//! Lines logged while a request is handled name it, as they would inside a `request` span: the
//! tracing formatter writes the line, and the request's fields go where the span's would be.

use std::fmt;

use tracing::{Event, Subscriber};
use tracing_subscriber::fmt::format::{self, Format, Full, Json, Writer};
use tracing_subscriber::fmt::time::SystemTime;
use tracing_subscriber::fmt::{FmtContext, FormatEvent, FormatFields};
use tracing_subscriber::registry::LookupSpan;

use super::lines::{coloured_text_fields, json_span, text_fields};
use super::request_context::RequestContext;

const BOLD: &str = "\x1b[1m";
const DIM: &str = "\x1b[2m";
const RESET: &str = "\x1b[0m";

/// The default text or JSON format, and the request around each line.
pub struct WithRequest<F> {
    plain: Format<F, SystemTime>,
    coloured: Format<F, SystemTime>,
}

impl WithRequest<Full> {
    pub fn text() -> Self {
        let format = format::format();
        Self { plain: format.clone().with_ansi(false), coloured: format.with_ansi(true) }
    }
}

impl WithRequest<Json> {
    pub fn json() -> Self {
        let format = format::format().json().with_current_span(true).with_span_list(false);
        Self { plain: format.clone(), coloured: format }
    }
}

impl<S, N> FormatEvent<S, N> for WithRequest<Full>
where
    S: Subscriber + for<'a> LookupSpan<'a>,
    N: for<'a> FormatFields<'a> + 'static,
{
    fn format_event(&self, ctx: &FmtContext<'_, S, N>, mut writer: Writer<'_>, event: &Event<'_>) -> fmt::Result {
        let ansi = writer.has_ansi_escapes();
        let format = if ansi { &self.coloured } else { &self.plain };
        let Some(request) = RequestContext::current() else {
            return format.format_event(ctx, writer, event);
        };
        let mut line = String::new();
        format.format_event(ctx, Writer::new(&mut line), event)?;
        // The span goes where the line names its target (after the time, the level and any span).
        let target = event.metadata().target();
        let Some(mut at) = line.find(target) else { return writer.write_str(&line) };
        if ansi && line[..at].ends_with(DIM) {
            at -= DIM.len();
        }
        let mut fields = Vec::new();
        let written =
            if ansi { coloured_text_fields(&mut fields, &request) } else { text_fields(&mut fields, &request) };
        written.map_err(|_| fmt::Error)?;
        let fields = String::from_utf8_lossy(&fields);
        let span = if ansi {
            format!("{BOLD}request{RESET}{BOLD}{{{RESET}{fields}{BOLD}}}{RESET}{DIM}:{RESET} ")
        } else {
            format!("request{{{fields}}}: ")
        };
        line.insert_str(at, &span);
        writer.write_str(&line)
    }
}

impl<S, N> FormatEvent<S, N> for WithRequest<Json>
where
    S: Subscriber + for<'a> LookupSpan<'a>,
    N: for<'a> FormatFields<'a> + 'static,
{
    fn format_event(&self, ctx: &FmtContext<'_, S, N>, mut writer: Writer<'_>, event: &Event<'_>) -> fmt::Result {
        let Some(request) = RequestContext::current() else {
            return self.plain.format_event(ctx, writer, event);
        };
        let mut line = String::new();
        self.plain.format_event(ctx, Writer::new(&mut line), event)?;
        let Some(end) = line.trim_end().strip_suffix('}').map(str::len) else { return writer.write_str(&line) };
        // A span of tracing's own keeps its key; the request then has a key of its own.
        let key = if ctx.lookup_current().is_some() { "request" } else { "span" };
        let mut span = Vec::new();
        json_span(&mut span, &request).map_err(|_| fmt::Error)?;
        line.insert_str(end, &format!(",\"{key}\":{}", String::from_utf8_lossy(&span)));
        writer.write_str(&line)
    }
}

#[cfg(test)]
mod tests {
    use std::io::Write;
    use std::sync::{Arc, Mutex};
    use std::time::{Duration, SystemTime};

    use axum::http::Request;
    use tracing_subscriber::fmt::MakeWriter;

    use super::*;
    use crate::logging::lines::{ANSWERED_TARGET, Answered, Shape, Stamps};

    /// Everything a subscriber writes.
    #[derive(Clone, Default)]
    struct Captured(Arc<Mutex<Vec<u8>>>);

    impl Write for Captured {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(buf);
            Ok(buf.len())
        }

        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    impl<'a> MakeWriter<'a> for Captured {
        type Writer = Captured;

        fn make_writer(&'a self) -> Self::Writer {
            self.clone()
        }
    }

    impl Captured {
        fn text(&self) -> String {
            String::from_utf8(self.0.lock().unwrap().clone()).unwrap()
        }
    }

    const ID: &str = "3f9a0c1e5b7d2a64-42";
    /// A path that needs quoting and escaping, and a made-up method.
    const PATH: &str = "/a%20b/\"q\\";

    fn request() -> Request<()> {
        Request::builder().method("BREW").uri(PATH).header("x-request-id", ID).body(()).unwrap()
    }

    /// The lines as the tracing formatter writes them for events in a real `request` span: what every
    /// line looked like when each request had one.
    fn in_a_span(shape: Shape, ansi: bool, log: impl Fn()) -> String {
        let out = Captured::default();
        let logs = tracing_subscriber::fmt().with_writer(out.clone()).with_ansi(ansi);
        let subscriber: Box<dyn tracing::Subscriber + Send + Sync> = match shape {
            Shape::Text => Box::new(logs.finish()),
            Shape::Json => Box::new(logs.json().with_current_span(true).with_span_list(false).finish()),
        };
        tracing::subscriber::with_default(subscriber, || {
            let span = tracing::info_span!("request", request_id = ID, method = %"BREW", path = PATH);
            span.in_scope(&log);
        });
        out.text()
    }

    /// The same lines logged with the request in the task-local.
    fn in_the_context(shape: Shape, ansi: bool, log: impl Fn()) -> String {
        let out = Captured::default();
        let logs = tracing_subscriber::fmt().with_writer(out.clone()).with_ansi(ansi);
        let subscriber: Box<dyn tracing::Subscriber + Send + Sync> = match shape {
            Shape::Text => Box::new(logs.event_format(WithRequest::text()).finish()),
            Shape::Json => {
                Box::new(logs.fmt_fields(format::JsonFields::new()).event_format(WithRequest::json()).finish())
            }
        };
        let context = Arc::new(RequestContext::of(&request()));
        tracing::subscriber::with_default(subscriber, || context.sync_scope(&log));
        out.text()
    }

    /// A line without its time, which differs from run to run.
    fn timeless(shape: Shape, line: &str) -> String {
        match shape {
            Shape::Text => line.split_once('Z').map_or(line, |(_, rest)| rest).to_string(),
            Shape::Json => {
                let mut line: serde_json::Value = serde_json::from_str(line).unwrap();
                line.as_object_mut().unwrap().remove("timestamp");
                line.to_string()
            }
        }
    }

    #[test]
    fn lines_logged_while_a_request_is_handled_read_as_they_did_in_its_span() {
        let handler = || tracing::warn!(target: "marquee::auth::web", tries = 3, "signed in \"x\"");
        for (shape, ansi) in [(Shape::Text, false), (Shape::Text, true), (Shape::Json, false)] {
            let before = in_a_span(shape, ansi, handler);
            let now = in_the_context(shape, ansi, handler);
            assert_eq!(timeless(shape, &now), timeless(shape, &before), "{shape:?}, colours {ansi}");
        }
        // Outside a request, lines are as they always were.
        let plain = || tracing::info!(target: "marquee::cli", "stopped");
        let out = Captured::default();
        let subscriber =
            tracing_subscriber::fmt().with_writer(out.clone()).with_ansi(false).event_format(WithRequest::text());
        tracing::subscriber::with_default(subscriber.finish(), plain);
        assert!(out.text().ends_with(" INFO marquee::cli: stopped\n"), "{}", out.text());
    }

    #[test]
    fn the_requests_own_line_made_on_the_log_thread_is_the_one_the_formatter_made() {
        let event = || tracing::info!(target: ANSWERED_TARGET, status = 404u16, latency_ms = 7u64, "answered");
        for shape in [Shape::Text, Shape::Json] {
            let before = in_a_span(shape, false, event);
            let answered = Answered {
                context: Arc::new(RequestContext::of(&request())),
                status: 404,
                latency: Duration::from_micros(7_900),
                at: SystemTime::now(),
            };
            let mut line = Vec::new();
            answered.write(shape, &mut line, &mut Stamps::default()).unwrap();
            let line = String::from_utf8(line).unwrap();
            assert_eq!(timeless(shape, &line), timeless(shape, &before), "{shape:?}");
        }
    }

    #[test]
    fn the_time_is_written_as_the_formatter_writes_it() {
        let mut stamps = Stamps::default();
        let mut out = Vec::new();
        let at = SystemTime::UNIX_EPOCH + Duration::from_micros(1_765_000_000_000_042);
        stamps.write(&mut out, at).unwrap();
        stamps.write(&mut out, at + Duration::from_micros(999_000)).unwrap();
        stamps.write(&mut out, at + Duration::from_secs(86_400)).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "2025-12-06T05:46:40.000042Z2025-12-06T05:46:40.999042Z2025-12-07T05:46:40.000042Z"
        );
    }
}
