//! A document's scanned pages: their files by SHA-256 in the blob store,
//! their order, names and sizes in the `scans` table.

use crate::{Store, StoreError};
use sqlx::Row;

/// A scanned page as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scan {
    pub doc_id: String,
    /// Its place among the document's scans, from 1: it shows page `n` of
    /// the original.
    pub n: u32,
    pub sha256: String,
    /// The file's name as it was attached ("f12.tif").
    pub name: String,
    pub media_type: String,
    pub width: u32,
    pub height: u32,
    /// The file attached: this image, or the PDF it is a page of.
    pub file_sha256: String,
    /// The page of that file it is, from 1.
    pub file_page: u32,
    pub added_at: String,
}

/// A scanned page to attach: its file already in the blob store
/// ([`Store::put_scan_file`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewScan {
    pub sha256: String,
    pub name: String,
    pub media_type: String,
    pub width: u32,
    pub height: u32,
    pub file_sha256: String,
    pub file_page: u32,
}

impl Store {
    /// Keeps a scan's file byte for byte in the blob store (always there,
    /// never in the database); returns its SHA-256.
    pub fn put_scan_file(&self, bytes: &[u8]) -> Result<String, StoreError> {
        self.blobs.put(bytes)
    }

    /// A scan's file, checked against its SHA-256.
    pub fn scan_file(&self, sha256: &str) -> Result<Vec<u8>, StoreError> {
        self.blobs.get(sha256)
    }

    /// Adds scans after a document's last one, in one transaction; returns
    /// them as stored.
    pub async fn add_scans(
        &self,
        doc_id: &str,
        scans: &[NewScan],
    ) -> Result<Vec<Scan>, StoreError> {
        let _write = self.write.lock().await;
        let mut tx = self.begin_write().await?;
        let last: i64 =
            sqlx::query_scalar("SELECT COALESCE(MAX(n), 0) FROM scans WHERE doc_id = $1")
                .bind(doc_id)
                .fetch_one(&mut *tx)
                .await?;
        let added_at = crate::rfc3339(self.clock.now());
        let mut out = Vec::with_capacity(scans.len());
        for (i, s) in scans.iter().enumerate() {
            let n = last + 1 + i as i64;
            sqlx::query(
                "INSERT INTO scans (doc_id, n, sha256, name, media_type, width, height,
                                    file_sha256, file_page, added_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
            )
            .bind(doc_id)
            .bind(n)
            .bind(&s.sha256)
            .bind(&s.name)
            .bind(&s.media_type)
            .bind(s.width as i64)
            .bind(s.height as i64)
            .bind(&s.file_sha256)
            .bind(s.file_page as i64)
            .bind(&added_at)
            .execute(&mut *tx)
            .await?;
            out.push(Scan {
                doc_id: doc_id.to_string(),
                n: n as u32,
                sha256: s.sha256.clone(),
                name: s.name.clone(),
                media_type: s.media_type.clone(),
                width: s.width,
                height: s.height,
                file_sha256: s.file_sha256.clone(),
                file_page: s.file_page,
                added_at: added_at.clone(),
            });
        }
        tx.commit().await?;
        Ok(out)
    }

    /// A document's scans in their order.
    pub async fn scans(&self, doc_id: &str) -> Result<Vec<Scan>, StoreError> {
        let rows = sqlx::query(
            "SELECT doc_id, n, sha256, name, media_type, width, height, file_sha256, file_page, added_at
             FROM scans WHERE doc_id = $1 ORDER BY n",
        )
        .bind(doc_id)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.iter().map(scan_row).collect())
    }

    /// The documents that have scans, by id.
    pub async fn scanned_documents(&self) -> Result<Vec<String>, StoreError> {
        Ok(
            sqlx::query_scalar("SELECT DISTINCT doc_id FROM scans ORDER BY doc_id")
                .fetch_all(&self.pool)
                .await?,
        )
    }

    /// Scan `n` of a document.
    pub async fn scan(&self, doc_id: &str, n: u32) -> Result<Option<Scan>, StoreError> {
        let row = sqlx::query(
            "SELECT doc_id, n, sha256, name, media_type, width, height, file_sha256, file_page, added_at
             FROM scans WHERE doc_id = $1 AND n = $2",
        )
        .bind(doc_id)
        .bind(n as i64)
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.as_ref().map(scan_row))
    }
}

fn scan_row(r: &sqlx::any::AnyRow) -> Scan {
    Scan {
        doc_id: r.get("doc_id"),
        n: r.get::<i64, _>("n") as u32,
        sha256: r.get("sha256"),
        name: r.get("name"),
        media_type: r.get("media_type"),
        width: r.get::<i64, _>("width") as u32,
        height: r.get::<i64, _>("height") as u32,
        file_sha256: r.get("file_sha256"),
        file_page: r.get::<i64, _>("file_page") as u32,
        added_at: r.get("added_at"),
    }
}
