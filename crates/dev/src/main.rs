//! `fonds-dev`: the developers' tool, kept out of the shipping `fonds`
//! binary: the corpus generator, the benchmarks and the evaluations.
//!
//! `generate` writes synthetic records and their ground truth; `bench`
//! imports them into a fresh archive and measures searches and pages;
//! `evaluate-alignment` measures the turn alignment and the linking of
//! names against gold files. The other two are the Rust half of the peer
//! benchmarks in `bench/`: `corpus` streams the generated corpus as JSON Lines, one
//! document a line holding what every peer engine indexes, read by
//! `fonds_core::record::read_record` exactly as fonds reads it, so every peer
//! indexes the same words fonds does. `tantivy` is the floor: bare tantivy
//! with a minimal schema and no fonds layer, indexing that file and running
//! the query mix of `bench/queries.json` for one client and for several
//! threads. Both print figures; neither asserts anything about time.

mod bench;
mod corpus;
mod crossscript;
mod evaluate;
mod figures;
mod floor;
mod generate;
mod mix;
mod ocr_eval;
mod records;
mod typescript;

use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

// The shipping binary's allocator, so that the benchmarks measure what ships.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Errors end the program with their message; this is a benchmark tool, not a library.
pub type Result<T> = std::result::Result<T, Box<dyn std::error::Error + Send + Sync>>;

#[derive(Parser)]
#[command(
    name = "fonds-dev",
    about = "The developers' tool: generated records, benchmarks, evaluations"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Write synthetic records and their ground truth (truth.jsonl).
    Generate {
        /// Where to write the records and truth.jsonl.
        dir: PathBuf,
        #[arg(long, default_value_t = 1000)]
        count: u64,
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// The number of the first record.
        #[arg(long, default_value_t = 0)]
        start: u64,
    },
    /// Benchmark import, search and the reader's pages on a generated corpus;
    /// prints figures (build with --release).
    Bench {
        #[arg(long, default_value_t = 10_000)]
        count: u64,
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Repetitions of each query and page.
        #[arg(long, default_value_t = 50)]
        rounds: usize,
        /// Measure this archive as it is (cold start, searches, pages)
        /// instead of generating and importing records.
        #[arg(long)]
        archive: Option<PathBuf>,
    },
    /// Measure the turn alignment against gold alignments (NAME.txt with
    /// NAME.gold) and the linking of names against people.persons.
    EvaluateAlignment {
        #[arg(default_value = "fixtures/align")]
        dir: PathBuf,
    },
    /// Measure the record reader against the facts written beside the
    /// fixtures (NAME.expect): accuracy by kind of fact over every record.
    EvaluateRecords {
        /// Folders of NAME.txt with NAME.expect (default: fixtures/records
        /// and fixtures/archives).
        dirs: Vec<PathBuf>,
        /// List every fact missed.
        #[arg(long)]
        misses: bool,
    },
    /// The character error rate of fonds's OCR on the real scans with
    /// ground truth (printed, never asserted).
    EvaluateOcr {
        /// The folder of the shared scans.
        #[arg(default_value = "../shared/scans")]
        scans: PathBuf,
        /// Lines read at once.
        #[arg(long, default_value_t = 2)]
        jobs: usize,
    },
    /// Scans of invented typescript pages: each record's original (in Latin
    /// or Cyrillic letters) typed page by page, turned a little, speckled
    /// and softened, written as DIR/RECORD/NN.png beside each record, where
    /// `fonds import` finds them.
    Typescripts {
        /// A folder of records.
        dir: PathBuf,
        /// A monospace TrueType face (by default FreeMono, else DejaVu Sans Mono).
        #[arg(long)]
        font: Option<PathBuf>,
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
    /// Write the generated corpus as JSON Lines (constant memory at any count),
    /// or, with --from, the documents of real files.
    Corpus {
        /// Read these files and folders (as `fonds import` does) instead of
        /// generating records.
        #[arg(long, num_args = 1..)]
        from: Vec<PathBuf>,
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
        Command::Generate {
            dir,
            count,
            seed,
            start,
        } => generate::run(&dir, count, seed, start).map_err(Into::into),
        Command::Bench {
            count,
            seed,
            rounds,
            archive,
        } => bench::run(count, seed, rounds, archive.as_deref()).map_err(Into::into),
        Command::EvaluateAlignment { dir } => evaluate::run(&dir).map_err(Into::into),
        Command::EvaluateRecords { dirs, misses } => {
            let dirs = if dirs.is_empty() {
                records::default_dirs()
            } else {
                dirs
            };
            records::run(&dirs, misses).map_err(Into::into)
        }
        Command::Typescripts { dir, font, seed } => typescript::run(&dir, font.as_deref(), seed)
            .map(|pages| println!("{pages} pages typed"))
            .map_err(Into::into),
        Command::EvaluateOcr { scans, jobs } => ocr_eval::run(&scans, jobs).map_err(Into::into),
        Command::Corpus {
            from,
            count,
            seed,
            out,
        } if from.is_empty() => corpus::write(count, seed, &out),
        Command::Corpus { from, out, .. } => corpus::write_from(&from, &out),
        Command::Tantivy(options) => floor::run(&options),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("fonds-dev: {e}");
            ExitCode::FAILURE
        }
    }
}
