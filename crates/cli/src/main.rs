//! The `fonds` command: a thin layer over the library crates that parses the
//! command line, runs one subcommand and turns errors into messages and exit
//! codes (0 success, 1 a file or operation failed, 2 a usage error).

mod check;

use clap::{Parser, Subcommand, ValueEnum};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "fonds",
    version,
    about = "An archive for translated historical documents."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Read records and show what was understood, with diagnostics.
    Check {
        /// Record files (archive export format or fonds JSON).
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Print the document JSON instead (one document per line for several files).
        #[arg(long)]
        json: bool,
    },
    /// Convert a record to another format.
    Convert {
        file: PathBuf,
        /// The output format.
        #[arg(long, value_enum)]
        to: OutputFormat,
        /// Write to this file instead of standard output.
        #[arg(long, short)]
        output: Option<PathBuf>,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum OutputFormat {
    /// The fonds document JSON, version 1 (docs/document-json.md).
    Json,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Check { files, json } => check::check(&files, json),
        Command::Convert { file, to, output } => match to {
            OutputFormat::Json => check::convert_json(&file, output.as_deref()),
        },
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("fonds: error: {e:#}");
            ExitCode::FAILURE
        }
    }
}
