//! Jobs: long work (imports, fixity audits) queued in the database for
//! any worker of the archive to take (migration 0013). A worker claims the
//! oldest job that waits, or one whose worker's lease ran out (it died),
//! and holds it for a lease it renews while it works; only the holder of
//! the lease may say the job is done or failed, so a worker that lost its
//! job to another (stalled past its lease) changes nothing. On PostgreSQL
//! workers claim with `FOR UPDATE SKIP LOCKED`, so that two never wait on
//! or take the same job; on SQLite a claim is one write transaction.

use crate::{rfc3339, Dialect, Store, StoreError};
use sqlx::Row;

/// A job as kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JobRow {
    pub id: i64,
    /// `import`, `verify`, ...
    pub kind: String,
    /// Its arguments, as JSON.
    pub args: String,
    /// `queued`, `running`, `done` or `failed`.
    pub state: String,
    /// How many times a worker took it.
    pub attempts: i64,
    pub max_attempts: i64,
    /// Unix seconds before which it is not taken (after a failure).
    pub not_before: i64,
    /// Unix seconds when the running worker's lease ends.
    pub lease_until: Option<i64>,
    pub worker: Option<String>,
    /// What the worker last said of its progress, or what it did.
    pub progress: String,
    /// The last failure's error.
    pub error: Option<String>,
    pub created_at: String,
    pub updated_at: String,
}

const COLUMNS: &str = "id, kind, args, state, attempts, max_attempts, not_before, lease_until, worker, progress, error, created_at, updated_at";

fn job_row(r: &sqlx::any::AnyRow) -> Result<JobRow, StoreError> {
    Ok(JobRow {
        id: r.try_get(0)?,
        kind: r.try_get(1)?,
        args: r.try_get(2)?,
        state: r.try_get(3)?,
        attempts: r.try_get(4)?,
        max_attempts: r.try_get(5)?,
        not_before: r.try_get(6)?,
        lease_until: r.try_get(7)?,
        worker: r.try_get(8)?,
        progress: r.try_get(9)?,
        error: r.try_get(10)?,
        created_at: r.try_get(11)?,
        updated_at: r.try_get(12)?,
    })
}

/// The wait before a failed job is tried again: 5 s after the first
/// failure, doubling, at most 10 minutes.
pub fn backoff(attempts: i64) -> i64 {
    (5i64 << attempts.clamp(1, 8).saturating_sub(1)).min(600)
}

impl Store {
    /// Queues a job; its number.
    pub async fn add_job(
        &self,
        kind: &str,
        args: &str,
        max_attempts: i64,
    ) -> Result<i64, StoreError> {
        let _write = self.write.lock().await;
        let mut tx = self.begin_write().await?;
        let now = self.clock.now();
        let id: i64 = sqlx::query_scalar("SELECT COALESCE(MAX(id), 0) + 1 FROM jobs")
            .fetch_one(&mut *tx)
            .await?;
        sqlx::query(
            "INSERT INTO jobs (id, kind, args, state, attempts, max_attempts, not_before, progress, created_at, updated_at)
             VALUES ($1, $2, $3, 'queued', 0, $4, $5, '', $6, $6)",
        )
        .bind(id)
        .bind(kind)
        .bind(args)
        .bind(max_attempts.max(1))
        .bind(now)
        .bind(rfc3339(now))
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Claims the oldest job that waits and may run now, or one whose
    /// worker's lease ran out, for `worker`, with a lease of `lease`
    /// seconds. A job whose workers died as many times as it may be tried
    /// is marked failed instead. None when there is nothing to do.
    pub async fn claim_job(&self, worker: &str, lease: i64) -> Result<Option<JobRow>, StoreError> {
        let _write = self.write.lock().await;
        loop {
            let now = self.clock.now();
            let mut tx = match self.dialect {
                Dialect::Sqlite => self.pool.begin_with("BEGIN IMMEDIATE").await?,
                Dialect::Postgres => self.pool.begin().await?,
            };
            let lock = match self.dialect {
                Dialect::Sqlite => "",
                Dialect::Postgres => " FOR UPDATE SKIP LOCKED",
            };
            let found = sqlx::query(sqlx::AssertSqlSafe(format!(
                "SELECT id, state, attempts, max_attempts FROM jobs
                 WHERE (state = 'queued' AND not_before <= $1) OR (state = 'running' AND lease_until < $1)
                 ORDER BY id LIMIT 1{lock}"
            )))
            .bind(now)
            .fetch_optional(&mut *tx)
            .await?;
            let Some(found) = found else {
                tx.commit().await?;
                return Ok(None);
            };
            let (id, state, attempts, max): (i64, String, i64, i64) = (
                found.try_get(0)?,
                found.try_get(1)?,
                found.try_get(2)?,
                found.try_get(3)?,
            );
            if state == "running" && attempts >= max {
                sqlx::query(
                    "UPDATE jobs SET state = 'failed', lease_until = NULL, worker = NULL, updated_at = $2,
                         error = $3 WHERE id = $1",
                )
                .bind(id)
                .bind(rfc3339(now))
                .bind(format!(
                    "its worker stopped before finishing it, {attempts} times"
                ))
                .execute(&mut *tx)
                .await?;
                tx.commit().await?;
                continue;
            }
            sqlx::query(
                "UPDATE jobs SET state = 'running', attempts = attempts + 1, lease_until = $2,
                     worker = $3, updated_at = $4 WHERE id = $1",
            )
            .bind(id)
            .bind(now + lease)
            .bind(worker)
            .bind(rfc3339(now))
            .execute(&mut *tx)
            .await?;
            let row = sqlx::query(sqlx::AssertSqlSafe(format!(
                "SELECT {COLUMNS} FROM jobs WHERE id = $1"
            )))
            .bind(id)
            .fetch_one(&mut *tx)
            .await?;
            tx.commit().await?;
            return job_row(&row).map(Some);
        }
    }

    /// Extends `worker`'s lease on job `id` by `lease` seconds from now and
    /// keeps what it says of its progress; false when the worker no longer
    /// holds the job (its lease ran out and another took it).
    pub async fn renew_job(
        &self,
        id: i64,
        worker: &str,
        lease: i64,
        progress: &str,
    ) -> Result<bool, StoreError> {
        let now = self.clock.now();
        let done = sqlx::query(
            "UPDATE jobs SET lease_until = $3, progress = $4, updated_at = $5
             WHERE id = $1 AND worker = $2 AND state = 'running'",
        )
        .bind(id)
        .bind(worker)
        .bind(now + lease)
        .bind(progress)
        .bind(rfc3339(now))
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// `worker` finished job `id`, having done `what`; false when it no
    /// longer held the job, and nothing is changed.
    pub async fn finish_job(&self, id: i64, worker: &str, what: &str) -> Result<bool, StoreError> {
        let now = self.clock.now();
        let done = sqlx::query(
            "UPDATE jobs SET state = 'done', lease_until = NULL, progress = $3, updated_at = $4
             WHERE id = $1 AND worker = $2 AND state = 'running'",
        )
        .bind(id)
        .bind(worker)
        .bind(what)
        .bind(rfc3339(now))
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Job `id` failed in `worker`'s hands with `error`: queued again after
    /// [`backoff`] if it may be tried again, else failed for good. False
    /// when the worker no longer held it.
    pub async fn fail_job(&self, id: i64, worker: &str, error: &str) -> Result<bool, StoreError> {
        let now = self.clock.now();
        let attempts: Option<i64> = sqlx::query_scalar(
            "SELECT attempts FROM jobs WHERE id = $1 AND worker = $2 AND state = 'running'",
        )
        .bind(id)
        .bind(worker)
        .fetch_optional(&self.pool)
        .await?;
        let Some(attempts) = attempts else {
            return Ok(false);
        };
        let done = sqlx::query(
            "UPDATE jobs SET state = CASE WHEN attempts < max_attempts THEN 'queued' ELSE 'failed' END,
                 not_before = $3, lease_until = NULL, error = $4, updated_at = $5
             WHERE id = $1 AND worker = $2 AND state = 'running'",
        )
        .bind(id)
        .bind(worker)
        .bind(now + backoff(attempts))
        .bind(error)
        .bind(rfc3339(now))
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// The latest `limit` jobs, the newest first.
    pub async fn jobs(&self, limit: i64) -> Result<Vec<JobRow>, StoreError> {
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM jobs ORDER BY id DESC LIMIT $1"
        )))
        .bind(limit)
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(job_row)
        .collect()
    }

    /// How many jobs wait or run.
    pub async fn jobs_pending(&self) -> Result<i64, StoreError> {
        Ok(
            sqlx::query_scalar("SELECT COUNT(*) FROM jobs WHERE state IN ('queued', 'running')")
                .fetch_one(&self.pool)
                .await?,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::FixedClock;
    use std::sync::Arc;

    #[test]
    fn the_wait_doubles_up_to_ten_minutes() {
        assert_eq!(
            (1..=9).map(backoff).collect::<Vec<_>>(),
            [5, 10, 20, 40, 80, 160, 320, 600, 600]
        );
    }

    #[tokio::test]
    async fn a_job_goes_to_one_worker_and_to_another_when_its_lease_runs_out() {
        let clock = Arc::new(FixedClock::new(1_000));
        let store = Store::scratch(clock.clone()).await.unwrap();
        let id = store.add_job("import", "{}", 2).await.unwrap();
        let a = store.claim_job("a", 30).await.unwrap().unwrap();
        assert_eq!((a.id, a.attempts, a.state.as_str()), (id, 1, "running"));
        // Held: no one else takes it.
        assert!(store.claim_job("b", 30).await.unwrap().is_none());
        assert!(store.renew_job(id, "a", 30, "half").await.unwrap());
        // Worker a dies: its lease runs out and b takes the job.
        clock.advance(31);
        let b = store.claim_job("b", 30).await.unwrap().unwrap();
        assert_eq!((b.id, b.attempts, b.progress.as_str()), (id, 2, "half"));
        // a, come back, changes nothing.
        assert!(!store.renew_job(id, "a", 30, "").await.unwrap());
        assert!(!store.finish_job(id, "a", "done by a").await.unwrap());
        assert!(store.finish_job(id, "b", "done by b").await.unwrap());
        let row = &store.jobs(10).await.unwrap()[0];
        assert_eq!(
            (row.state.as_str(), row.progress.as_str()),
            ("done", "done by b")
        );
        assert_eq!(store.jobs_pending().await.unwrap(), 0);
    }

    #[tokio::test]
    async fn a_failed_job_is_tried_again_later_then_kept_as_failed() {
        let clock = Arc::new(FixedClock::new(1_000));
        let store = Store::scratch(clock.clone()).await.unwrap();
        let id = store.add_job("import", "{}", 2).await.unwrap();
        store.claim_job("a", 30).await.unwrap().unwrap();
        assert!(store.fail_job(id, "a", "no such file").await.unwrap());
        // Not before its wait.
        assert!(store.claim_job("a", 30).await.unwrap().is_none());
        clock.advance(backoff(1));
        let again = store.claim_job("a", 30).await.unwrap().unwrap();
        assert_eq!(again.error.as_deref(), Some("no such file"));
        assert!(store.fail_job(id, "a", "still no file").await.unwrap());
        let row = &store.jobs(1).await.unwrap()[0];
        assert_eq!(row.state, "failed");
        assert_eq!(row.error.as_deref(), Some("still no file"));
        // A job whose workers all died is failed, not taken again.
        let dying = store.add_job("import", "{}", 1).await.unwrap();
        clock.advance(10_000);
        store.claim_job("a", 30).await.unwrap().unwrap();
        clock.advance(100);
        assert!(store.claim_job("b", 30).await.unwrap().is_none());
        let row = store
            .jobs(10)
            .await
            .unwrap()
            .into_iter()
            .find(|j| j.id == dying)
            .unwrap();
        assert_eq!(row.state, "failed");
        assert!(row.error.unwrap().contains("stopped before finishing"));
    }
}
