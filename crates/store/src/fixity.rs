//! Fixity audits: the versions in one fixed order (document id, version),
//! so that an audit can check a share of them at a time and the next one
//! go on from where it stopped; each version's stored document checked
//! against the checksum written with it; and the audits, recorded and
//! never changed.

use crate::{decode, sha256_hex, unpack, Store, StoreError};
use sqlx::Row;

/// A version as an audit sees it: where it is in the order, its source,
/// and what is wrong with its stored document, if anything.
#[derive(Debug, Clone)]
pub struct VersionFixity {
    pub doc_id: String,
    pub version: i64,
    pub sha256: String,
    pub source_name: String,
    pub document_problem: Option<String>,
}

/// An audit as recorded.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Audit {
    /// Its number, counted from 1 (given when recorded).
    pub n: i64,
    pub started_at: String,
    pub finished_at: String,
    /// `full` or `sample`.
    pub scope: String,
    pub share_percent: Option<f64>,
    /// The first and last version it checked (document id, version).
    pub first: Option<(String, i64)>,
    pub last: Option<(String, i64)>,
    pub versions_checked: i64,
    pub sources_checked: i64,
    pub problems: i64,
    /// What it found, as JSON.
    pub report: String,
}

impl Store {
    /// How many versions the store holds.
    pub async fn count_versions(&self) -> Result<i64, StoreError> {
        Ok(sqlx::query_scalar("SELECT COUNT(*) FROM versions")
            .fetch_one(&self.pool)
            .await?)
    }

    /// Up to `limit` versions after `after` (from the first when None), in
    /// the order of document id then version, each with its stored
    /// document checked: against its checksum, or, for a row of an earlier
    /// fonds that has none, by reading it.
    pub async fn versions_after(
        &self,
        after: Option<(&str, i64)>,
        limit: i64,
    ) -> Result<Vec<VersionFixity>, StoreError> {
        let (doc, version) = after.unwrap_or(("", 0));
        let rows = sqlx::query(
            sqlx::AssertSqlSafe(format!("SELECT doc_id, version, sha256, source_name, {doc_plain}, document_sha256 FROM versions
             WHERE (doc_id, version) > ($1, $2) ORDER BY doc_id, version LIMIT $3", doc_plain = crate::blob(self.dialect, "document"))),
        )
        .bind(doc)
        .bind(version)
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .iter()
            .map(|r| {
                let kept = crate::bytes_at(r, 4).unwrap_or_default();
                let sum: Option<String> = r.get(5);
                let document_problem = match sum {
                    Some(sum) if sha256_hex(&kept) == sum => None,
                    Some(sum) => Some(format!(
                        "the stored document does not match its checksum {sum}"
                    )),
                    None => unpack(kept)
                        .and_then(|json| decode(&json))
                        .err()
                        .map(|e| e.to_string()),
                };
                VersionFixity {
                    doc_id: r.get(0),
                    version: r.get(1),
                    sha256: r.get(2),
                    source_name: crate::shown_name(r.get(3)),
                    document_problem,
                }
            })
            .collect())
    }

    /// The current documents' ids changed after `seq`, in change order, at
    /// most `limit`, with each one's change: what the index is checked
    /// against, without reading the documents.
    pub async fn ids_changed_since(
        &self,
        seq: i64,
        limit: i64,
    ) -> Result<Vec<(i64, String)>, StoreError> {
        let rows =
            sqlx::query("SELECT seq, id FROM documents WHERE seq > $1 ORDER BY seq LIMIT $2")
                .bind(seq)
                .bind(limit)
                .fetch_all(&self.pool)
                .await?;
        Ok(rows.iter().map(|r| (r.get(0), r.get(1))).collect())
    }

    /// Replaces a version's stored document (the JSON form as kept, a zstd
    /// frame, [`crate::pack`]) and its checksum: for a stored document
    /// found damaged and read again from its source.
    pub async fn restore_document(
        &self,
        id: &str,
        version: i64,
        packed: &[u8],
    ) -> Result<(), StoreError> {
        let _write = self.write.lock().await;
        let done = sqlx::query(
            "UPDATE versions SET document = $1, document_sha256 = $2 WHERE doc_id = $3 AND version = $4",
        )
        .bind(packed)
        .bind(sha256_hex(packed))
        .bind(id)
        .bind(version)
        .execute(&self.pool)
        .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound(format!(
                "document {id} version {version}"
            )));
        }
        Ok(())
    }

    /// Records an audit; returns its number.
    pub async fn record_audit(&self, a: &Audit) -> Result<i64, StoreError> {
        let _write = self.write.lock().await;
        let mut tx = self.begin_write().await?;
        let n: i64 = sqlx::query_scalar("SELECT COALESCE(MAX(n), 0) + 1 FROM fixity_audits")
            .fetch_one(&mut *tx)
            .await?;
        sqlx::query(
            "INSERT INTO fixity_audits (n, started_at, finished_at, scope, share_percent,
                 first_doc, first_version, last_doc, last_version,
                 versions_checked, sources_checked, problems, report)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
        )
        .bind(n)
        .bind(&a.started_at)
        .bind(&a.finished_at)
        .bind(&a.scope)
        .bind(a.share_percent)
        .bind(a.first.as_ref().map(|f| f.0.clone()))
        .bind(a.first.as_ref().map(|f| f.1))
        .bind(a.last.as_ref().map(|l| l.0.clone()))
        .bind(a.last.as_ref().map(|l| l.1))
        .bind(a.versions_checked)
        .bind(a.sources_checked)
        .bind(a.problems)
        .bind(&a.report)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(n)
    }

    /// The recorded audits, the latest first, at most `limit`.
    pub async fn audits(&self, limit: i64) -> Result<Vec<Audit>, StoreError> {
        let rows = sqlx::query(
            "SELECT n, started_at, finished_at, scope, share_percent, first_doc, first_version,
                 last_doc, last_version, versions_checked, sources_checked, problems, report
             FROM fixity_audits ORDER BY n DESC LIMIT $1",
        )
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .iter()
            .map(|r| {
                let place = |doc: usize| {
                    let id: Option<String> = r.get(doc);
                    let version: Option<i64> = r.get(doc + 1);
                    id.zip(version)
                };
                Audit {
                    n: r.get(0),
                    started_at: r.get(1),
                    finished_at: r.get(2),
                    scope: r.get(3),
                    share_percent: r.get(4),
                    first: place(5),
                    last: place(7),
                    versions_checked: r.get(9),
                    sources_checked: r.get(10),
                    problems: r.get(11),
                    report: r.get(12),
                }
            })
            .collect())
    }

    /// Where the last recorded share stopped: the next share starts after
    /// it.
    pub async fn last_share_end(&self) -> Result<Option<(String, i64)>, StoreError> {
        let row = sqlx::query(
            "SELECT last_doc, last_version FROM fixity_audits
             WHERE scope = 'sample' ORDER BY n DESC LIMIT 1",
        )
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.and_then(|r| {
            let id: Option<String> = r.get(0);
            let version: Option<i64> = r.get(1);
            id.zip(version)
        }))
    }
}
