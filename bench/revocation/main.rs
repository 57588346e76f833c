//! How long "sign out" takes to be true everywhere, measured from outside: Marquee instances run as
//! their own processes on one database, and a client holds the devices' connections.
//!
//! - `one` (the default): a phone on instance A signs a TV out; how soon instance B refuses the TV
//!   and pushes `signed-out` to its open event stream.
//! - `all`: thousands of devices of one account hold their event streams, some play a video; one
//!   signs out of all devices. How soon every stream has `signed-out`, every video response has
//!   ended and every token is refused.
//!
//! Run: `cargo run --release --locked --example revocation_latency -- [one | all --help]`
//! (PostgreSQL at `MARQUEE_BENCH_DATABASE_URL`, default `postgres://postgres@127.0.0.1:5432/postgres`).
#![forbid(unsafe_code)]

mod all;
mod devices;
mod fixture;
mod http;
mod instances;
mod one;
mod stats;

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(about = "How long signing out takes to be true everywhere")]
struct Cli {
    #[command(subcommand)]
    mode: Option<Mode>,
}

#[derive(Subcommand)]
enum Mode {
    /// One device signed out from another instance (two instances on PostgreSQL).
    One,
    /// Sign out of all devices with many devices signed in, some playing a video.
    All(all::Options),
    /// Runs a Marquee instance with `marquee`'s own arguments (started by the benchmark itself).
    #[command(hide = true)]
    ServeInstance {
        #[arg(trailing_var_arg = true, allow_hyphen_values = true)]
        args: Vec<String>,
    },
}

fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    if let Some(Mode::ServeInstance { args }) = cli.mode {
        return instances::serve(args);
    }
    // The client runs on one thread: it waits on every socket at once, as a selector-based client does.
    let client = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
    client.block_on(async {
        match cli.mode {
            Some(Mode::All(options)) => all::run(options).await,
            _ => one::run().await,
        }
    })
}
