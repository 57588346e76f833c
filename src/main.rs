//! The `marquee` binary: parse the command line, set up logging, hand over to the library.
#![forbid(unsafe_code)]

use std::process::ExitCode;

use clap::Parser;

/// Every request allocates and frees many small buffers across worker threads; mimalloc's
/// per-thread free lists make that markedly cheaper than the system allocator (see bench/README.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = marquee::cli::Cli::parse();
    let logs = marquee::logging::init(cli.log_format);
    let outcome = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| anyhow::anyhow!("cannot start the async runtime: {e}"))
        .and_then(|runtime| runtime.block_on(marquee::cli::run(cli)));
    // The runtime has stopped, and with it everything that logs: write out the lines still queued,
    // before an error of our own follows them.
    drop(logs);
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::FAILURE
        }
    }
}
