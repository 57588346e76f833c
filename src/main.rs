//! The `marquee` binary: parse the command line, set up logging, hand over to the library.
#![forbid(unsafe_code)]

use std::process::ExitCode;

use clap::Parser;

#[tokio::main]
async fn main() -> ExitCode {
    let cli = marquee::cli::Cli::parse();
    marquee::logging::init(cli.log_format);
    match marquee::cli::run(cli).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::FAILURE
        }
    }
}
