//! Moving an embedded archive to a database server: `fonds migrate`.
//! Every record (documents with every version and source, scans, OCR,
//! persons and editors' decisions, accounts, rules and the audit log) is
//! copied into the server's empty database in one transaction, the blobs
//! (scans and the files they came from) into the node's folder or its
//! object storage, and both
//! sides are counted and checked against their checksums.

use crate::{ArchiveError, Place};
use fonds_store::{BlobStore, CopyReport, FsBlobStore, Store, StoreError};
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
    let (blobs, there, problems) = copy_blobs(&from.join("blobs"), &target)?;
    report.tables.push(("blobs".into(), blobs, there));
    report.problems.extend(problems);
    source.close().await;
    target.close().await;
    Ok(report)
}

/// Copies every blob in the folder `from` (`ab/cdef...`, named by its
/// SHA-256) into `to`'s blob store (a folder, or object storage), each read
/// and checked against its checksum on the way; a blob the target already
/// has is the same blob. Returns how many there are, how many the target
/// then has, and what could not be copied.
fn copy_blobs(from: &Path, to: &Store) -> Result<(i64, i64, Vec<String>), StoreError> {
    if !from.is_dir() {
        return Ok((0, 0, Vec::new()));
    }
    let source = FsBlobStore::at(from);
    let (mut n, mut there) = (0, 0);
    let mut problems = Vec::new();
    let mut stack = vec![from.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).map_err(|e| StoreError::io(&dir, e))? {
            let entry = entry.map_err(|e| StoreError::io(&dir, e))?;
            let path = entry.path();
            let kind = entry.file_type().map_err(|e| StoreError::io(&path, e))?;
            if kind.is_dir() {
                stack.push(path);
                continue;
            }
            let Some(sha) = blob_name(from, &path) else {
                // A file that is not a blob (one left half-written).
                continue;
            };
            n += 1;
            if to.has_blob(&sha) {
                there += 1;
                continue;
            }
            match source.get(&sha).and_then(|bytes| to.put_blob(&bytes)) {
                Ok(_) => there += 1,
                Err(e) => problems.push(format!("blob {sha}: {e}")),
            }
        }
    }
    Ok((n, there, problems))
}

/// The SHA-256 a file in a blob folder is named by (`ab/cdef...`), if it
/// is a blob.
fn blob_name(root: &Path, path: &Path) -> Option<String> {
    let rel = path.strip_prefix(root).ok()?;
    let mut parts = rel.iter();
    let (a, b) = (parts.next()?.to_str()?, parts.next()?.to_str()?);
    let sha = format!("{a}{b}");
    (parts.next().is_none() && sha.len() == 64 && sha.bytes().all(|c| c.is_ascii_hexdigit()))
        .then_some(sha)
}
