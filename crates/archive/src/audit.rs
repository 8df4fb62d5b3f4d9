//! The record of fixity audits: each `fonds verify` that records its
//! result adds one, with its dates, what it covered and what it found.
//! The audits live in the store (append-only); the log is opened for
//! writing on its own, beside an archive opened read-only for the checks,
//! so that an audit runs while a server serves or an import writes.

use crate::{ArchiveError, Coverage, VerifyReport};
use fonds_store::{rfc3339, Clock, Store, SystemClock};

pub use fonds_store::fixity::Audit;

pub struct AuditLog {
    store: Store,
}

impl AuditLog {
    /// Opens the log of the archive in `dir`, which must exist; its
    /// store's migrations run if it lacks any.
    pub async fn open(place: impl Into<fonds_store::Place>) -> Result<AuditLog, ArchiveError> {
        let place = place.into();
        if !Store::exists(&place) {
            return Err(ArchiveError::Store(fonds_store::StoreError::NotFound(
                format!("an archive in {}", place.dir.display()),
            )));
        }
        Ok(AuditLog {
            store: Store::open(&place).await?,
        })
    }

    /// Records what a verify found (`report`, the problems as JSON):
    /// returns the audit's number.
    pub async fn record(
        &self,
        found: &VerifyReport,
        coverage: Coverage,
        report: String,
    ) -> Result<i64, ArchiveError> {
        let audit = Audit {
            n: 0,
            started_at: found.started_at.clone(),
            finished_at: rfc3339(Clock::now(&SystemClock)),
            scope: match coverage {
                Coverage::Whole => "full",
                Coverage::Share(_) => "sample",
            }
            .into(),
            share_percent: found.share_percent,
            first: found.first_checked.clone(),
            last: found.last_checked.clone(),
            versions_checked: found.versions_checked as i64,
            sources_checked: found.sources_checked as i64,
            problems: (found.problems.len() + found.unlisted_problems) as i64,
            report,
        };
        Ok(self.store.record_audit(&audit).await?)
    }

    /// The audits recorded, the latest first, at most `limit`.
    pub async fn history(&self, limit: i64) -> Result<Vec<Audit>, ArchiveError> {
        Ok(self.store.audits(limit).await?)
    }

    pub async fn close(&self) {
        self.store.close().await;
    }
}
