//! Moving an archive's records from one database to another (the embedded
//! store to a PostgreSQL server): every row of every table the store keeps,
//! in one transaction on the target, so that a copy stopped halfway leaves
//! the target as empty as it was; then both sides counted and every
//! version's document and every source checked against its SHA-256 on the
//! target.

use crate::{sha256_hex, unframe, unpack, Store, StoreError};
use sqlx::Row;

/// What a column holds, for binding it on the target (a NULL is bound with
/// its column's type).
#[derive(Debug, Clone, Copy)]
enum Kind {
    Int,
    Text,
    Bytes,
    Float,
}

use Kind::{Bytes, Float, Int, Text};

/// The tables copied, in an order their references allow, with their
/// columns. Sessions are not copied: a session is of one server, and its
/// user logs in again.
const TABLES: &[(&str, &[(&str, Kind)])] = &[
    (
        "documents",
        &[
            ("id", Text),
            ("current_version", Int),
            ("seq", Int),
            ("title", Text),
            ("date_from", Text),
            ("date_to", Text),
            ("doc_type", Text),
            ("repository", Text),
            ("languages", Text),
            ("updated_at", Text),
            ("collection", Text),
        ],
    ),
    (
        "versions",
        &[
            ("doc_id", Text),
            ("version", Int),
            ("sha256", Text),
            ("source_name", Text),
            ("source_size", Int),
            ("document", Bytes),
            ("imported_at", Text),
            ("document_sha256", Text),
            ("author", Text),
            ("comment", Text),
        ],
    ),
    ("meta", &[("key", Text), ("value", Text)]),
    (
        "sources",
        &[("sha256", Text), ("bytes", Bytes), ("zstd", Int)],
    ),
    (
        "person_mentions",
        &[
            ("doc_id", Text),
            ("form", Text),
            ("role", Text),
            ("lang", Text),
            ("is_primary", Int),
            ("turns", Int),
            ("words", Int),
            ("detail", Text),
        ],
    ),
    (
        "person_links",
        &[
            ("doc_id", Text),
            ("form_a", Text),
            ("form_b", Text),
            ("evidence", Text),
        ],
    ),
    (
        "person_decisions",
        &[
            ("seq", Int),
            ("kind", Text),
            ("form_a", Text),
            ("form_b", Text),
            ("made_at", Text),
        ],
    ),
    ("persons", &[("id", Text), ("name", Text), ("notes", Text)]),
    (
        "person_forms",
        &[
            ("form", Text),
            ("person_id", Text),
            ("docs", Int),
            ("why", Text),
        ],
    ),
    (
        "person_form_counts",
        &[
            ("form", Text),
            ("docs", Int),
            ("primary_docs", Int),
            ("speaker", Int),
            ("participant", Int),
            ("recorder", Int),
            ("mentioned", Int),
            ("turns", Int),
            ("words", Int),
        ],
    ),
    (
        "person_link_counts",
        &[
            ("form_a", Text),
            ("form_b", Text),
            ("evidence", Text),
            ("docs", Int),
        ],
    ),
    (
        "fixity_audits",
        &[
            ("n", Int),
            ("started_at", Text),
            ("finished_at", Text),
            ("scope", Text),
            ("share_percent", Float),
            ("first_doc", Text),
            ("first_version", Int),
            ("last_doc", Text),
            ("last_version", Int),
            ("versions_checked", Int),
            ("sources_checked", Int),
            ("problems", Int),
            ("report", Text),
        ],
    ),
    (
        "scans",
        &[
            ("doc_id", Text),
            ("n", Int),
            ("sha256", Text),
            ("name", Text),
            ("media_type", Text),
            ("width", Int),
            ("height", Int),
            ("file_sha256", Text),
            ("file_page", Int),
            ("added_at", Text),
        ],
    ),
    (
        "ocr",
        &[
            ("doc_id", Text),
            ("n", Int),
            ("file_sha256", Text),
            ("file_page", Int),
            ("format", Text),
            ("engine", Text),
            ("languages", Text),
            ("word_count", Int),
            ("confidence", Float),
            ("words", Text),
            ("added_at", Text),
        ],
    ),
    (
        "users",
        &[
            ("name", Text),
            ("role", Text),
            ("password", Text),
            ("created_at", Text),
            ("disabled", Int),
        ],
    ),
    (
        "api_tokens",
        &[
            ("secret_sha256", Text),
            ("user_name", Text),
            ("label", Text),
            ("created_at", Text),
        ],
    ),
    (
        "access_rules",
        &[
            ("scope", Text),
            ("name", Text),
            ("state", Text),
            ("until", Text),
            ("roles", Text),
            ("users", Text),
            ("reason", Text),
            ("changed", Int),
            ("set_at", Text),
            ("set_by", Text),
        ],
    ),
    (
        "jobs",
        &[
            ("id", Int),
            ("kind", Text),
            ("args", Text),
            ("state", Text),
            ("attempts", Int),
            ("max_attempts", Int),
            ("not_before", Int),
            ("lease_until", Int),
            ("worker", Text),
            ("progress", Text),
            ("error", Text),
            ("created_at", Text),
            ("updated_at", Text),
        ],
    ),
    (
        "audit_log",
        &[
            ("seq", Int),
            ("at", Text),
            ("actor", Text),
            ("action", Text),
            ("target", Text),
            ("detail", Text),
        ],
    ),
];

/// Rows read and written at a time.
const ROWS_AT_ONCE: i64 = 500;

/// What a copy did and found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CopyReport {
    /// Each table with the rows on the source and on the target after.
    pub tables: Vec<(String, i64, i64)>,
    /// Versions whose stored document was checked on the target.
    pub versions_checked: i64,
    /// Sources checked on the target.
    pub sources_checked: i64,
    /// What did not agree: empty when the copy is whole.
    pub problems: Vec<String>,
}

/// One value read from the source, as it is bound on the target.
enum Value {
    Int(Option<i64>),
    Text(Option<String>),
    Bytes(Option<Vec<u8>>),
    Float(Option<f64>),
}

fn read(r: &sqlx::any::AnyRow, i: usize, kind: Kind) -> Result<Value, StoreError> {
    let null = r.try_get_raw(i).map(|v| sqlx::ValueRef::is_null(&v))?;
    Ok(match kind {
        Int => Value::Int(if null { None } else { Some(r.try_get(i)?) }),
        Text => Value::Text(if null { None } else { Some(r.try_get(i)?) }),
        Bytes => Value::Bytes(if null {
            None
        } else {
            Some(crate::bytes_at(r, i)?)
        }),
        Float => Value::Float(if null { None } else { Some(r.try_get(i)?) }),
    })
}

impl Store {
    /// How many rows table `table` (one of the store's) has.
    async fn count_rows(&self, table: &str) -> Result<i64, StoreError> {
        // A table's name from the fixed list above, never input.
        Ok(
            sqlx::query_scalar(sqlx::AssertSqlSafe(format!("SELECT COUNT(*) FROM {table}")))
                .fetch_one(&self.pool)
                .await?,
        )
    }

    /// Copies every record of this store (the embedded one) into `target`,
    /// which must hold no document, in one transaction on the target; then
    /// counts both sides and checks every version's document and every
    /// source on the target against its SHA-256. `progress` is told each
    /// table's name and rows as it is done.
    pub async fn copy_into(
        &self,
        target: &Store,
        mut progress: impl FnMut(&str, i64),
    ) -> Result<CopyReport, StoreError> {
        if self.dialect != crate::Dialect::Sqlite {
            return Err(StoreError::Conflict(
                "records are copied from an embedded archive".into(),
            ));
        }
        if target.max_seq().await? > 0 || target.count_rows("users").await? > 0 {
            return Err(StoreError::Conflict(
                "the target database already holds an archive: copy into an empty one".into(),
            ));
        }
        let _write = target.write.lock().await;
        let mut tx = target.begin_write().await?;
        // The target's own rows of the tables it made at its first opening
        // (none but meta, which the copy brings).
        sqlx::query("DELETE FROM meta").execute(&mut *tx).await?;
        for (table, columns) in TABLES {
            let names: Vec<&str> = columns.iter().map(|(n, _)| *n).collect();
            let selected: Vec<String> = columns
                .iter()
                .map(|(n, kind)| match kind {
                    Bytes => crate::blob(self.dialect, n),
                    _ => n.to_string(),
                })
                .collect();
            let select = format!(
                "SELECT rowid, {} FROM {table} WHERE rowid > $1 ORDER BY rowid LIMIT $2",
                selected.join(", ")
            );
            let head = format!("INSERT INTO {table} ({})", names.join(", "));
            let mut after = 0i64;
            let mut copied = 0i64;
            loop {
                // Fixed names from the list above and placeholders only.
                let rows = sqlx::query(sqlx::AssertSqlSafe(select.clone()))
                    .bind(after)
                    .bind(ROWS_AT_ONCE)
                    .fetch_all(&self.pool)
                    .await?;
                let Some(last) = rows.last() else { break };
                after = last.try_get(0)?;
                let mut values = Vec::with_capacity(rows.len());
                for r in &rows {
                    let row: Vec<Value> = columns
                        .iter()
                        .enumerate()
                        .map(|(i, (_, kind))| read(r, i + 1, *kind))
                        .collect::<Result<_, _>>()?;
                    values.push(row);
                }
                crate::insert_rows(&mut tx, &head, "", columns.len(), &values, |mut q, row| {
                    for v in row {
                        q = match v {
                            Value::Int(x) => q.bind(*x),
                            Value::Text(x) => q.bind(x.clone()),
                            Value::Bytes(x) => q.bind(x.clone()),
                            Value::Float(x) => q.bind(*x),
                        };
                    }
                    q
                })
                .await?;
                copied += rows.len() as i64;
            }
            progress(table, copied);
        }
        tx.commit().await?;
        drop(_write);
        target.check_copy(self).await
    }

    /// Counts every table on both sides and checks what the target holds
    /// against its checksums.
    async fn check_copy(&self, source: &Store) -> Result<CopyReport, StoreError> {
        let mut report = CopyReport::default();
        for (table, _) in TABLES {
            let (from, to) = (
                source.count_rows(table).await?,
                self.count_rows(table).await?,
            );
            if from != to {
                report.problems.push(format!(
                    "{table}: {from} rows in the archive, {to} in the database"
                ));
            }
            report.tables.push((table.to_string(), from, to));
        }
        let mut after = (String::new(), 0i64);
        loop {
            let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
                "SELECT doc_id, version, {}, document_sha256 FROM versions
                 WHERE doc_id > $1 OR (doc_id = $1 AND version > $2)
                 ORDER BY doc_id, version LIMIT $3",
                crate::blob(self.dialect, "document")
            )))
            .bind(after.0.clone())
            .bind(after.1)
            .bind(ROWS_AT_ONCE)
            .fetch_all(&self.pool)
            .await?;
            if rows.is_empty() {
                break;
            }
            for r in &rows {
                let (id, version): (String, i64) = (r.try_get(0)?, r.try_get(1)?);
                let kept = crate::bytes_at(r, 2)?;
                let sum: Option<String> = r.try_get(3)?;
                let whole = match sum {
                    Some(sum) => sha256_hex(&kept) == sum,
                    None => unpack(kept).is_ok(),
                };
                if !whole {
                    report.problems.push(format!(
                        "document {id} version {version}: its stored document does not match its checksum"
                    ));
                }
                report.versions_checked += 1;
                after = (id, version);
            }
        }
        let mut after = String::new();
        loop {
            let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
                "SELECT sha256, {}, zstd FROM sources WHERE sha256 > $1 ORDER BY sha256 LIMIT $2",
                crate::blob(self.dialect, "bytes")
            )))
            .bind(after.clone())
            .bind(ROWS_AT_ONCE)
            .fetch_all(&self.pool)
            .await?;
            if rows.is_empty() {
                break;
            }
            for r in &rows {
                let sha: String = r.try_get(0)?;
                let kept = crate::bytes_at(r, 1)?;
                let zstd: i64 = r.try_get(2)?;
                let bytes = if zstd == 0 { Ok(kept) } else { unframe(&kept) };
                if !bytes.is_ok_and(|b| sha256_hex(&b) == sha) {
                    report.problems.push(format!(
                        "source {sha}: its bytes do not match their checksum"
                    ));
                }
                report.sources_checked += 1;
                after = sha;
            }
        }
        Ok(report)
    }
}
