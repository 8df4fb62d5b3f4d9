//! What OCR read on a document's scans: the file it came from by SHA-256 in
//! the blob store, its words with their boxes in the `ocr` table.

use crate::{Store, StoreError};
use fonds_core::ocr::OcrPage;
use sqlx::Row;

/// A scan's OCR as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct OcrRead {
    pub doc_id: String,
    /// The scan it reads.
    pub n: u32,
    /// The hOCR or ALTO file, byte for byte in the blob store.
    pub file_sha256: String,
    /// The page of that file this scan is, from 1.
    pub file_page: u32,
    /// `hocr` or `alto`.
    pub format: String,
    /// What read it ("tesseract 5.3.0"; "unknown" when an imported file
    /// does not say).
    pub engine: String,
    /// The engine's languages ("rus+eng"), or empty when not known.
    pub languages: String,
    pub word_count: u32,
    /// The mean of the words' confidences (0 to 100), when the engine gave them.
    pub confidence: Option<f64>,
    pub page: OcrPage,
    pub added_at: String,
}

/// A scan's OCR to keep: its file already in the blob store.
#[derive(Debug, Clone, PartialEq)]
pub struct NewOcr {
    pub n: u32,
    pub file_sha256: String,
    pub file_page: u32,
    pub format: String,
    pub engine: String,
    pub languages: String,
    pub page: OcrPage,
}

impl Store {
    /// Keeps an OCR file byte for byte in the blob store; returns its SHA-256.
    pub fn put_ocr_file(&self, bytes: &[u8]) -> Result<String, StoreError> {
        self.blobs.put(bytes)
    }

    /// Keeps what OCR read on some of a document's scans, in one
    /// transaction, replacing what was read on them before.
    pub async fn put_ocr(&self, doc_id: &str, reads: &[NewOcr]) -> Result<(), StoreError> {
        let _write = self.write.lock().await;
        let mut tx = self.begin_write().await?;
        let added_at = crate::rfc3339(self.clock.now());
        for r in reads {
            sqlx::query(
                "INSERT INTO ocr (doc_id, n, file_sha256, file_page, format, engine,
                                  languages, word_count, confidence, words, added_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
                 ON CONFLICT (doc_id, n) DO UPDATE SET
                     file_sha256 = excluded.file_sha256, file_page = excluded.file_page,
                     format = excluded.format, engine = excluded.engine,
                     languages = excluded.languages, word_count = excluded.word_count,
                     confidence = excluded.confidence, words = excluded.words,
                     added_at = excluded.added_at",
            )
            .bind(doc_id)
            .bind(r.n as i64)
            .bind(&r.file_sha256)
            .bind(r.file_page as i64)
            .bind(&r.format)
            .bind(&r.engine)
            .bind(&r.languages)
            .bind(r.page.word_count() as i64)
            .bind(r.page.mean_confidence())
            .bind(r.page.to_compact())
            .bind(&added_at)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// What OCR read on a document's scans, in the scans' order.
    pub async fn ocr(&self, doc_id: &str) -> Result<Vec<OcrRead>, StoreError> {
        let rows = sqlx::query(
            "SELECT doc_id, n, file_sha256, file_page, format, engine, languages, word_count,
                    confidence, words, added_at
             FROM ocr WHERE doc_id = $1 ORDER BY n",
        )
        .bind(doc_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(ocr_row).collect()
    }

    /// What OCR read on scan `n` of a document, if it has been read.
    pub async fn ocr_page(&self, doc_id: &str, n: u32) -> Result<Option<OcrRead>, StoreError> {
        let row = sqlx::query(
            "SELECT doc_id, n, file_sha256, file_page, format, engine, languages, word_count,
                    confidence, words, added_at
             FROM ocr WHERE doc_id = $1 AND n = $2",
        )
        .bind(doc_id)
        .bind(n as i64)
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref().map(ocr_row).transpose()
    }

    /// The scans of a document that OCR has read, by number.
    pub async fn ocr_done(&self, doc_id: &str) -> Result<Vec<u32>, StoreError> {
        let ns: Vec<i64> = sqlx::query_scalar("SELECT n FROM ocr WHERE doc_id = $1 ORDER BY n")
            .bind(doc_id)
            .fetch_all(&self.pool)
            .await?;
        Ok(ns.into_iter().map(|n| n as u32).collect())
    }
}

fn ocr_row(r: &sqlx::any::AnyRow) -> Result<OcrRead, StoreError> {
    let doc_id: String = r.get("doc_id");
    let n = r.get::<i64, _>("n") as u32;
    let words: String = r.get("words");
    let page = OcrPage::from_compact(&words).ok_or_else(|| {
        StoreError::Corrupt(format!(
            "the OCR words of scan {n} of {doc_id} cannot be read"
        ))
    })?;
    Ok(OcrRead {
        doc_id,
        n,
        file_sha256: r.get("file_sha256"),
        file_page: r.get::<i64, _>("file_page") as u32,
        format: r.get("format"),
        engine: r.get("engine"),
        languages: r.get("languages"),
        word_count: r.get::<i64, _>("word_count") as u32,
        confidence: r.get("confidence"),
        page,
        added_at: r.get("added_at"),
    })
}
