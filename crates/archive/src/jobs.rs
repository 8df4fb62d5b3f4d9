//! Workers: long work queued as jobs in the store ([`fonds_store::jobs`])
//! and run by `fonds worker` processes, each a node of the archive with its
//! own index. A worker holds its job by a lease it renews a few times per
//! lease while it works; if it dies, the lease runs out and another worker
//! takes the job from the start. Every kind of job is safe to run again:
//! an import stores a record once (a source already stored is unchanged),
//! a fixity check only reads, OCR goes on from the pages not yet read, and
//! a snapshot of the index sends only what the bucket lacks.

use crate::{Archive, ArchiveError, Coverage, Viewer};
use fonds_store::JobRow;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// How many times a job is tried before it is kept as failed.
pub const MAX_ATTEMPTS: i64 = 3;

/// What a worker may be asked to do.
#[derive(Debug, Clone, PartialEq)]
pub enum Job {
    /// Import the records (files or folders) at these paths, as every
    /// worker's machine names them.
    Import { paths: Vec<PathBuf> },
    /// Check the fixity of the whole archive, or of a share of it.
    Verify { share: Option<f64> },
    /// Read the scans of these documents (every scanned one when none)
    /// with Tesseract, in these languages (each document's own when None);
    /// again when `redo`.
    Ocr {
        docs: Vec<String>,
        languages: Option<String>,
        redo: bool,
    },
    /// Catch the worker's index up and put a snapshot of it in object
    /// storage, for new nodes to start from.
    Snapshot,
}

impl Job {
    fn kind(&self) -> &'static str {
        match self {
            Job::Import { .. } => "import",
            Job::Verify { .. } => "verify",
            Job::Ocr { .. } => "ocr",
            Job::Snapshot => "snapshot",
        }
    }

    fn args(&self) -> serde_json::Value {
        match self {
            Job::Import { paths } => serde_json::json!({
                "paths": paths.iter().map(|p| p.to_string_lossy()).collect::<Vec<_>>(),
            }),
            Job::Verify { share } => serde_json::json!({ "share": share }),
            Job::Ocr {
                docs,
                languages,
                redo,
            } => serde_json::json!({ "docs": docs, "languages": languages, "redo": redo }),
            Job::Snapshot => serde_json::json!({}),
        }
    }

    /// The job a row asks for, or why it cannot be run.
    fn of(row: &JobRow) -> Result<Job, String> {
        let args: serde_json::Value = serde_json::from_str(&row.args)
            .map_err(|e| format!("the job's arguments are not JSON: {e}"))?;
        match row.kind.as_str() {
            "import" => Ok(Job::Import {
                paths: args["paths"]
                    .as_array()
                    .ok_or("an import job names no paths")?
                    .iter()
                    .filter_map(|p| p.as_str().map(PathBuf::from))
                    .collect(),
            }),
            "verify" => Ok(Job::Verify {
                share: args["share"].as_f64(),
            }),
            "ocr" => Ok(Job::Ocr {
                docs: args["docs"]
                    .as_array()
                    .map(|d| {
                        d.iter()
                            .filter_map(|d| d.as_str().map(str::to_string))
                            .collect()
                    })
                    .unwrap_or_default(),
                languages: args["languages"].as_str().map(str::to_string),
                redo: args["redo"].as_bool().unwrap_or(false),
            }),
            "snapshot" => Ok(Job::Snapshot),
            other => Err(format!("no worker knows jobs of the kind {other:?}")),
        }
    }
}

/// What a worker did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WorkDone {
    pub finished: usize,
    pub failed: usize,
    /// Jobs it lost to another worker (its lease ran out while it worked).
    pub lost: usize,
}

impl Archive {
    /// Queues `job` for the workers; its number. Editors and admins queue.
    pub async fn queue(&self, by: &Viewer, job: &Job) -> Result<i64, ArchiveError> {
        if !by.may_edit() {
            return Err(ArchiveError::Forbidden(
                "only an editor or an admin queues work".into(),
            ));
        }
        let job = match job {
            Job::Import { paths } => Job::Import {
                paths: paths
                    .iter()
                    .map(|p| std::path::absolute(p).unwrap_or_else(|_| p.clone()))
                    .collect(),
            },
            other => other.clone(),
        };
        let args = job.args().to_string();
        let id = self.store.add_job(job.kind(), &args, MAX_ATTEMPTS).await?;
        self.store
            .audit(
                by.name(),
                &format!("queue {}", job.kind()),
                &id.to_string(),
                &args,
            )
            .await?;
        Ok(id)
    }

    /// The latest `limit` jobs, the newest first, for editors and admins.
    pub async fn jobs(&self, by: &Viewer, limit: i64) -> Result<Vec<JobRow>, ArchiveError> {
        if !by.may_edit() {
            return Err(ArchiveError::Forbidden(
                "only an editor or an admin sees the jobs".into(),
            ));
        }
        Ok(self.store.jobs(limit).await?)
    }

    /// Runs one job, saying its progress through `say`; what it did.
    async fn run_job(
        &self,
        job: &Job,
        say: &(dyn Fn(String) + Send + Sync),
    ) -> Result<String, ArchiveError> {
        match job {
            Job::Import { paths } => {
                let summary = self
                    .import(paths, |p| say(format!("{} of {} files", p.done, p.total)))
                    .await?;
                self.link_people(false).await?;
                let failed = summary.failed.len();
                let what = format!(
                    "{} files: {} imported, {} updated, {} unchanged, {failed} failed",
                    summary.files(),
                    summary.imported,
                    summary.updated,
                    summary.unchanged
                );
                if failed > 0 && failed == summary.files() {
                    return Err(ArchiveError::Invalid(format!(
                        "no file could be read: {what}; the first: {}: {}",
                        summary.failed[0].0.display(),
                        summary.failed[0].1
                    )));
                }
                Ok(what)
            }
            Job::Verify { share } => {
                let coverage = share.map_or(Coverage::Whole, Coverage::Share);
                say("checking".into());
                let report = self.verify_covering(coverage).await?;
                Ok(format!(
                    "{} versions checked, {} problems",
                    report.versions_checked,
                    report.problems.len()
                ))
            }
            Job::Ocr {
                docs,
                languages,
                redo,
            } => {
                let options = crate::ocr::OcrOptions {
                    languages: languages.clone(),
                    redo: *redo,
                    ..crate::ocr::OcrOptions::default()
                };
                let summary = self
                    .ocr(docs, &options, |p| {
                        say(format!("{} of {} pages", p.done, p.total))
                    })
                    .await
                    .map_err(|e| ArchiveError::Invalid(format!("OCR: {e}")))?;
                Ok(format!(
                    "{} pages read ({} words), {} read before, {} failed",
                    summary.pages,
                    summary.words,
                    summary.already,
                    summary.failed.len()
                ))
            }
            Job::Snapshot => {
                say("catching up and sending".into());
                let s = self.snapshot_index().await?;
                Ok(format!(
                    "snapshot at change {}: {} files, {} sent",
                    s.seq, s.files, s.sent
                ))
            }
        }
    }

    /// Works as `worker`: takes jobs one after another and runs them,
    /// holding each by a lease of `lease` renewed three times per lease;
    /// when there is none, waits a second and looks again, or, when
    /// `until_idle`, returns once no job waits or runs anywhere.
    pub async fn work(
        &self,
        worker: &str,
        lease: Duration,
        until_idle: bool,
    ) -> Result<WorkDone, ArchiveError> {
        let seconds = lease.as_secs().max(3) as i64;
        let mut done = WorkDone::default();
        loop {
            let Some(row) = self.store.claim_job(worker, seconds).await? else {
                if until_idle && self.store.jobs_pending().await? == 0 {
                    return Ok(done);
                }
                tokio::time::sleep(Duration::from_secs(1)).await;
                continue;
            };
            eprintln!(
                "fonds worker {worker}: job {} ({}), attempt {}",
                row.id, row.kind, row.attempts
            );
            let job = match Job::of(&row) {
                Ok(job) => job,
                Err(why) => {
                    self.store.fail_job(row.id, worker, &why).await?;
                    done.failed += 1;
                    continue;
                }
            };
            let progress = Arc::new(Mutex::new(row.progress.clone()));
            let said = progress.clone();
            let say = move |p: String| {
                if let Ok(mut s) = said.lock() {
                    *s = p;
                }
            };
            let heartbeat = async {
                let mut ticks = tokio::time::interval(Duration::from_secs(seconds as u64) / 3);
                ticks.tick().await;
                loop {
                    ticks.tick().await;
                    let now = progress.lock().map(|p| p.clone()).unwrap_or_default();
                    match self.store.renew_job(row.id, worker, seconds, &now).await {
                        Ok(true) => {}
                        Ok(false) => return,
                        Err(e) => eprintln!("fonds worker {worker}: renewing job {}: {e}", row.id),
                    }
                }
            };
            let outcome = tokio::select! {
                outcome = self.run_job(&job, &say) => Some(outcome),
                () = heartbeat => None,
            };
            match outcome {
                None => {
                    eprintln!(
                        "fonds worker {worker}: job {} went to another worker; left",
                        row.id
                    );
                    done.lost += 1;
                }
                Some(Ok(what)) => {
                    if self.store.finish_job(row.id, worker, &what).await? {
                        eprintln!("fonds worker {worker}: job {} done: {what}", row.id);
                        done.finished += 1;
                    } else {
                        done.lost += 1;
                    }
                }
                Some(Err(e)) => {
                    eprintln!("fonds worker {worker}: job {} failed: {e}", row.id);
                    self.store.fail_job(row.id, worker, &e.to_string()).await?;
                    done.failed += 1;
                }
            }
        }
    }
}
