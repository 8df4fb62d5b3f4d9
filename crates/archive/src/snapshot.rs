//! Snapshots of a node's index in object storage, so that a new node starts
//! from one instead of indexing every document again.
//!
//! `fonds snapshot` catches the node's index up with the database, links
//! the files of its last commit aside (hard links, so that a merge that
//! ends meanwhile removes nothing the snapshot needs), and sends each file
//! as a blob named by its SHA-256 (a segment already sent by an earlier
//! snapshot is not sent again). A manifest (the index's format, the change
//! it is complete up to, each file's name, size and SHA-256) goes up as a
//! blob too, and then `index/latest`, which names the manifest, is
//! replaced: a snapshot half sent is never the latest.
//!
//! A node opened for writing with object storage and no index restores the
//! latest snapshot of its format, each file checked against its SHA-256 as
//! it arrives, then indexes the changes made since.

use crate::{Archive, ArchiveError};
use fonds_store::{ObjectBlobs, Objects, StoreError};
use serde_json::{json, Value};
use std::path::{Path, PathBuf};

/// The object naming the latest snapshot's manifest.
const LATEST: &str = "index/latest";
/// The largest manifest read (a file's entry is some 130 bytes).
const MAX_MANIFEST: u64 = 16 << 20;

/// What a snapshot sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snapshot {
    /// The change the index is complete up to.
    pub seq: i64,
    pub files: usize,
    pub bytes: u64,
    /// Files sent now (the others were there from an earlier snapshot).
    pub sent: usize,
    /// The manifest's SHA-256.
    pub manifest: String,
}

/// What a restore brought.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Restored {
    pub seq: i64,
    pub files: usize,
    pub bytes: u64,
    pub manifest: String,
}

fn invalid(message: String) -> ArchiveError {
    ArchiveError::Invalid(message)
}

impl Archive {
    /// Puts a snapshot of this node's index in the archive's object
    /// storage, after catching the index up with the store.
    pub async fn snapshot_index(&self) -> Result<Snapshot, ArchiveError> {
        let Some(objects) = self.objects() else {
            return Err(invalid(
                "a snapshot of the index goes to object storage: run with --objects s3://bucket/prefix"
                    .into(),
            ));
        };
        if self.dir().as_os_str().is_empty() {
            return Err(invalid("an index in memory has no files to send".into()));
        }
        self.catch_up().await?;
        let index = self.dir().join("index");
        let staging = self
            .dir()
            .join(format!("index.snapshot.{}", std::process::id()));
        let linked = link_commit(&index, &staging);
        let result = async {
            let (seq, names) = linked?;
            let mut files = Vec::with_capacity(names.len());
            let (mut bytes, mut sent) = (0u64, 0usize);
            for name in &names {
                let (sha, size, new) = objects.upload_file(&staging.join(name)).await?;
                bytes += size;
                sent += usize::from(new);
                files.push(json!({"name": name, "sha256": sha, "size": size}));
            }
            let manifest = json!({
                "format": fonds_search::INDEX_FORMAT,
                "seq": seq,
                "made": fonds_store::rfc3339(self.store.now()),
                "files": files,
            })
            .to_string();
            let sha = fonds_store::sha256_hex(manifest.as_bytes());
            objects
                .put(&ObjectBlobs::name(&sha)?, manifest.into_bytes())
                .await?;
            objects.put(LATEST, sha.clone().into_bytes()).await?;
            Ok(Snapshot {
                seq,
                files: names.len(),
                bytes,
                sent,
                manifest: sha,
            })
        }
        .await;
        let _ = std::fs::remove_dir_all(&staging);
        result
    }
}

/// Links the files of the index's last commit into `staging`; the change
/// it is complete up to and the files' names. Tried again when a merge
/// replaced the commit while its files were being linked.
fn link_commit(index: &Path, staging: &Path) -> Result<(i64, Vec<String>), ArchiveError> {
    let io = |path: &Path, e| ArchiveError::from(StoreError::io(path, e));
    for _ in 0..10 {
        let _ = std::fs::remove_dir_all(staging);
        std::fs::create_dir_all(staging).map_err(|e| io(staging, e))?;
        // The commit first, then every file there may be.
        let meta = index.join("meta.json");
        std::fs::hard_link(&meta, staging.join("meta.json")).map_err(|e| io(&meta, e))?;
        let mut names = vec!["meta.json".to_string()];
        for entry in std::fs::read_dir(index).map_err(|e| io(index, e))? {
            let entry = entry.map_err(|e| io(index, e))?;
            let name = entry.file_name().to_string_lossy().into_owned();
            if name == "meta.json" || name.starts_with(".tantivy") || !entry.path().is_file() {
                continue;
            }
            match std::fs::hard_link(entry.path(), staging.join(&name)) {
                Ok(()) => names.push(name),
                // Removed by a merge since it was listed.
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => return Err(io(&entry.path(), e)),
            }
        }
        let text = std::fs::read_to_string(staging.join("meta.json"))
            .map_err(|e| io(&staging.join("meta.json"), e))?;
        let meta: Value =
            serde_json::from_str(&text).map_err(|e| invalid(format!("{}: {e}", meta.display())))?;
        let seq = meta["payload"]
            .as_str()
            .and_then(|p| p.split(';').find_map(|part| part.strip_prefix("seq=")))
            .and_then(|s| s.parse().ok())
            .ok_or_else(|| invalid(format!("{}: the index has no commit", meta_path(index))))?;
        let whole = meta["segments"].as_array().is_some_and(|segments| {
            segments.iter().all(|s| {
                let id = s["segment_id"].as_str().unwrap_or("").replace('-', "");
                !id.is_empty() && names.iter().any(|n| n.starts_with(&id))
            })
        });
        if whole {
            names.sort();
            return Ok((seq, names));
        }
    }
    Err(invalid(format!(
        "{}: the index kept changing while its files were linked; try again",
        meta_path(index)
    )))
}

fn meta_path(index: &Path) -> String {
    index.join("meta.json").display().to_string()
}

/// Restores the latest snapshot of this fonds' index format into
/// `dir/index`, which has no index; None when there is no such snapshot.
pub(crate) async fn restore(
    objects: &Objects,
    dir: &Path,
) -> Result<Option<Restored>, ArchiveError> {
    // A SHA-256 in hexadecimal, perhaps with a line end.
    let Some(pointer) = objects.get_at_most(LATEST, 1024).await? else {
        return Ok(None);
    };
    let manifest_sha = String::from_utf8_lossy(&pointer).trim().to_string();
    let manifest = ObjectBlobs::new(objects.clone())
        .fetch_at_most(&manifest_sha, MAX_MANIFEST)
        .await?;
    let manifest: Value = serde_json::from_slice(&manifest)
        .map_err(|e| invalid(format!("{}/{LATEST}: the manifest: {e}", objects.url())))?;
    if manifest["format"].as_u64() != Some(u64::from(fonds_search::INDEX_FORMAT)) {
        // Made by a fonds of another index layout: build from the store.
        return Ok(None);
    }
    let seq = manifest["seq"].as_i64().unwrap_or(0);
    let files = manifest["files"].as_array().cloned().unwrap_or_default();
    let target = dir.join("index");
    let partial: PathBuf = dir.join(format!("index.restoring.{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&partial);
    std::fs::create_dir_all(&partial).map_err(|e| StoreError::io(&partial, e))?;
    let fetched = async {
        let mut bytes = 0;
        for file in &files {
            let (Some(name), Some(sha)) = (file["name"].as_str(), file["sha256"].as_str()) else {
                return Err(invalid(format!(
                    "{}: a file without a name or checksum",
                    objects.url()
                )));
            };
            if name.contains('/') || name.starts_with('.') && !name.starts_with(".managed") {
                return Err(invalid(format!(
                    "{}: the file name {name:?}",
                    objects.url()
                )));
            }
            bytes += objects.download_file(sha, &partial.join(name)).await?;
        }
        Ok(bytes)
    }
    .await;
    let bytes = match fetched {
        Ok(bytes) => bytes,
        Err(e) => {
            let _ = std::fs::remove_dir_all(&partial);
            return Err(e);
        }
    };
    // An index folder without a commit (made and left empty) gives way.
    if target.exists() {
        std::fs::remove_dir_all(&target).map_err(|e| StoreError::io(&target, e))?;
    }
    std::fs::rename(&partial, &target).map_err(|e| StoreError::io(&target, e))?;
    Ok(Some(Restored {
        seq,
        files: files.len(),
        bytes,
        manifest: manifest_sha,
    }))
}
