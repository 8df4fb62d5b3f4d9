//! `fonds-peers`: the Rust half of the peer benchmarks in `bench/`.
//!
//! Two subcommands. `corpus` streams the generated corpus as JSON Lines, one
//! document a line holding what every peer engine indexes, read by
//! `fonds_core::record::read_record` exactly as fonds reads it, so every peer
//! indexes the same words fonds does. `tantivy` is the floor: bare tantivy
//! with a minimal schema and no fonds layer, indexing that file and running
//! the query mix of `bench/queries.json` for one client and for several
//! threads. Both print figures; neither asserts anything about time.

mod corpus;
mod figures;
mod floor;
mod mix;

use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

/// Errors end the program with their message; this is a benchmark tool, not a library.
pub type Result<T> = std::result::Result<T, Box<dyn std::error::Error + Send + Sync>>;

#[derive(Parser)]
#[command(
    name = "fonds-peers",
    about = "Corpus export and the bare tantivy floor for the peer benchmarks"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Write the generated corpus as JSON Lines (constant memory at any count).
    Corpus {
        #[arg(long, default_value_t = 10_000)]
        count: u64,
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// The output file; `-` for standard output.
        #[arg(long)]
        out: PathBuf,
    },
    /// Index the corpus with bare tantivy and run the query mix; prints figures.
    Tantivy(floor::Options),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Corpus { count, seed, out } => corpus::write(count, seed, &out),
        Command::Tantivy(options) => floor::run(&options),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("fonds-peers: {e}");
            ExitCode::FAILURE
        }
    }
}
