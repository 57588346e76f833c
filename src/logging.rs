//! Where the logs go and in what shape: text for a person at a terminal, JSON lines for a log collector.

use std::io::IsTerminal;

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

/// Sends the process's logs to standard error in `format`. Call once, first thing.
pub fn init(format: LogFormat) {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new(DEFAULT_FILTER));
    let logs = tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr);
    match format {
        LogFormat::Text => logs.with_ansi(std::io::stderr().is_terminal()).init(),
        LogFormat::Json => logs.json().with_current_span(true).with_span_list(false).init(),
    }
}
