//! Moving an embedded archive to a database server: `fonds migrate`.
//! Every record (documents with every version and source, scans, OCR,
//! persons and editors' decisions, accounts, rules and the audit log) is
//! copied into the server's empty database in one transaction, the blobs
//! (scans and the files they came from) into the node's folder, and both
//! sides are counted and checked against their checksums.

use crate::{ArchiveError, Place};
use fonds_store::{CopyReport, Store, StoreError};
use std::path::Path;

/// Copies the embedded archive in `from` to `to` (a place with a
/// database), reporting each table as it is done.
pub async fn migrate(
    from: &Path,
    to: &Place,
    progress: impl FnMut(&str, i64),
) -> Result<CopyReport, ArchiveError> {
    if to.database.is_none() {
        return Err(ArchiveError::Invalid(
            "say which database to move the archive to: --to postgres://user@host/name".into(),
        ));
    }
    if !from.join("fonds.db").is_file() {
        return Err(StoreError::io(
            &from.join("fonds.db"),
            std::io::Error::new(std::io::ErrorKind::NotFound, "there is no archive here"),
        )
        .into());
    }
    let source = Store::open_read_only(from).await?;
    let target = Store::open(to).await?;
    let mut report = source.copy_into(&target, progress).await?;
    let copied = copy_blobs(&from.join("blobs"), &to.dir.join("blobs"))?;
    report.tables.push(("blobs".into(), copied, copied));
    source.close().await;
    target.close().await;
    Ok(report)
}

/// Copies the blob folder `from` into `to` file by file (a file already
/// there with the same name is the same blob: blobs are named by their
/// SHA-256); the number of blobs in `from`. Nothing to do when both are one
/// folder.
fn copy_blobs(from: &Path, to: &Path) -> Result<i64, StoreError> {
    if !from.is_dir() {
        return Ok(0);
    }
    let same = match (from.canonicalize(), to.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    };
    let mut n = 0;
    let mut stack = vec![from.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).map_err(|e| StoreError::io(&dir, e))? {
            let entry = entry.map_err(|e| StoreError::io(&dir, e))?;
            let path = entry.path();
            let kind = entry.file_type().map_err(|e| StoreError::io(&path, e))?;
            if kind.is_dir() {
                stack.push(path);
            } else if kind.is_file() {
                n += 1;
                if same {
                    continue;
                }
                let rel = path.strip_prefix(from).unwrap_or(&path);
                let dest = to.join(rel);
                if dest.exists() {
                    continue;
                }
                if let Some(parent) = dest.parent() {
                    std::fs::create_dir_all(parent).map_err(|e| StoreError::io(parent, e))?;
                }
                // Written beside and renamed, as every blob is.
                let temp = dest.with_extension("copying");
                std::fs::copy(&path, &temp).map_err(|e| StoreError::io(&temp, e))?;
                std::fs::rename(&temp, &dest).map_err(|e| StoreError::io(&dest, e))?;
            }
        }
    }
    Ok(n)
}
