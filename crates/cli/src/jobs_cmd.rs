//! `fonds jobs` and `fonds worker`: long work queued in the archive's
//! database and run by workers, each a node with its own index.

use crate::archive_cmds::{open, runtime, shown};
use anyhow::Context;
use clap::Subcommand;
use fonds_archive::jobs::Job;
use fonds_archive::{Archive, Place, Viewer};
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

#[derive(Subcommand)]
pub enum JobsCommand {
    /// Queue an import of records (files or folders), as every worker's
    /// machine names them.
    Import {
        #[arg(required = true)]
        paths: Vec<PathBuf>,
    },
    /// Queue a fixity check of the archive, or of a share (--sample 5%).
    Verify {
        #[arg(long, value_name = "PERCENT", value_parser = crate::archive_cmds::parse_share)]
        sample: Option<f64>,
    },
    /// Queue OCR of these documents' scans (every scanned document's when
    /// none): what `fonds ocr` does, on a worker.
    Ocr {
        /// Tesseract's languages, such as rus+eng [default: each document's
        /// original languages].
        #[arg(long = "lang", value_name = "LANGS")]
        languages: Option<String>,
        /// Read again the pages read before.
        #[arg(long)]
        redo: bool,
        docs: Vec<String>,
    },
    /// Queue a snapshot of the index in object storage (`fonds snapshot`,
    /// on a worker).
    Snapshot,
}

/// The archive for queueing and listing: its store is written (a job is a
/// row), its index only read, so this runs beside a server or a worker.
async fn open_for_jobs(place: &Place) -> anyhow::Result<Archive> {
    Archive::open_for_accounts(place)
        .await
        .with_context(|| format!("opening the archive in {}", shown(place)))
}

/// `fonds jobs`: the latest jobs; `fonds jobs import|verify`: queue one.
pub fn jobs(place: &Place, command: Option<JobsCommand>) -> anyhow::Result<ExitCode> {
    runtime()?.block_on(async {
        let archive = open_for_jobs(place).await?;
        let owner = Viewer::owner();
        let job = match command {
            Some(JobsCommand::Import { paths }) => Some(Job::Import { paths }),
            Some(JobsCommand::Verify { sample }) => Some(Job::Verify { share: sample }),
            Some(JobsCommand::Ocr {
                languages,
                redo,
                docs,
            }) => Some(Job::Ocr {
                docs,
                languages,
                redo,
            }),
            Some(JobsCommand::Snapshot) => Some(Job::Snapshot),
            None => None,
        };
        let mut out = std::io::stdout().lock();
        if let Some(job) = job {
            let id = archive.queue(&owner, &job).await?;
            writeln!(
                out,
                "queued job {id}: a worker (`fonds worker`) will run it"
            )?;
            return Ok(ExitCode::SUCCESS);
        }
        for j in archive.jobs(&owner, 50).await? {
            let who = j
                .worker
                .as_deref()
                .map(|w| format!(" by {w}"))
                .unwrap_or_default();
            writeln!(
                out,
                "{:>5} {:<7} {:<8} attempt {}/{}{who}, {}  {}{}",
                j.id,
                j.kind,
                j.state,
                j.attempts,
                j.max_attempts,
                j.updated_at,
                j.progress,
                j.error
                    .as_deref()
                    .map(|e| format!("  (error: {e})"))
                    .unwrap_or_default()
            )?;
        }
        Ok(ExitCode::SUCCESS)
    })
}

/// `fonds worker`: runs the queued jobs one after another as `name`, until
/// stopped or, with `until_idle`, until none waits or runs.
pub fn worker(
    place: &Place,
    name: Option<String>,
    lease: u64,
    until_idle: bool,
) -> anyhow::Result<ExitCode> {
    runtime()?.block_on(async {
        let (archive, _note) = open(place).await?;
        let name = name.unwrap_or_else(|| format!("worker-{}", std::process::id()));
        eprintln!("fonds worker {name}: working on {}", shown(place));
        let done = archive
            .work(&name, Duration::from_secs(lease), until_idle)
            .await?;
        println!(
            "{} jobs done, {} failed, {} lost to another worker",
            done.finished, done.failed, done.lost
        );
        Ok(if done.failed > 0 {
            ExitCode::FAILURE
        } else {
            ExitCode::SUCCESS
        })
    })
}
