//! Content-addressed storage of source files, byte for byte, by SHA-256,
//! outside the database: for object storage, for tests, and for archives made
//! before the embedded store kept sources in its `sources` table.
//!
//! A blob is written to a temporary file and renamed into place, so a blob
//! that exists is whole even if the process dies mid-write. Like the
//! database (WAL with `synchronous=NORMAL`), blobs are not synced one by one:
//! a killed process loses nothing, a power cut can lose the last moments of
//! an import, which `fonds verify` finds and a re-import mends. A crash can
//! leave an orphan blob that no version refers to; that wastes space but
//! harms nothing.

use crate::StoreError;
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// Hex SHA-256 of `bytes`.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

/// Bytes (a digest) in lower-case hexadecimal.
pub fn hex(bytes: &[u8]) -> String {
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        s.push_str(&format!("{b:02x}"));
    }
    s
}

/// Where source files are kept. Implementations store and return bytes
/// unchanged and check them against their address.
pub trait BlobStore: Send + Sync {
    /// Stores `bytes`, returning their SHA-256 address. Storing the same bytes
    /// twice is a no-op.
    fn put(&self, bytes: &[u8]) -> Result<String, StoreError>;
    /// The bytes at `sha256`, verified against the address.
    fn get(&self, sha256: &str) -> Result<Vec<u8>, StoreError>;
    fn contains(&self, sha256: &str) -> bool;
}

/// Blobs as files under `root/ab/cdef...`.
pub struct FsBlobStore {
    root: PathBuf,
}

impl FsBlobStore {
    pub fn open(root: &Path) -> Result<FsBlobStore, StoreError> {
        std::fs::create_dir_all(root).map_err(|e| StoreError::io(root, e))?;
        Ok(FsBlobStore {
            root: root.to_path_buf(),
        })
    }

    /// The blob store at `root` as it is, creating nothing: for a store
    /// opened read-only (a missing folder holds no blobs).
    pub fn at(root: &Path) -> FsBlobStore {
        FsBlobStore {
            root: root.to_path_buf(),
        }
    }

    fn path(&self, sha256: &str) -> Result<PathBuf, StoreError> {
        if sha256.len() != 64 || !sha256.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(StoreError::BadAddress(sha256.to_string()));
        }
        Ok(self.root.join(&sha256[..2]).join(&sha256[2..]))
    }
}

impl BlobStore for FsBlobStore {
    fn put(&self, bytes: &[u8]) -> Result<String, StoreError> {
        let sha = sha256_hex(bytes);
        let path = self.path(&sha)?;
        if path.exists() {
            return Ok(sha);
        }
        let dir = path.parent().expect("blob paths have a parent");
        std::fs::create_dir_all(dir).map_err(|e| StoreError::io(dir, e))?;
        let tmp = dir.join(format!(".{}.{}.tmp", &sha[2..], std::process::id()));
        let write = || -> std::io::Result<()> {
            let mut f = std::fs::File::create(&tmp)?;
            f.write_all(bytes)?;
            std::fs::rename(&tmp, &path)
        };
        write().map_err(|e| {
            let _ = std::fs::remove_file(&tmp);
            StoreError::io(&path, e)
        })?;
        Ok(sha)
    }

    fn get(&self, sha256: &str) -> Result<Vec<u8>, StoreError> {
        let path = self.path(sha256)?;
        let bytes = std::fs::read(&path).map_err(|e| StoreError::io(&path, e))?;
        if sha256_hex(&bytes) != sha256 {
            return Err(StoreError::Corrupt(format!(
                "blob {} does not match its checksum",
                path.display()
            )));
        }
        Ok(bytes)
    }

    fn contains(&self, sha256: &str) -> bool {
        self.path(sha256).is_ok_and(|p| p.exists())
    }
}

/// Blobs in memory, for tests.
#[derive(Default)]
pub struct MemBlobStore {
    blobs: Mutex<HashMap<String, Vec<u8>>>,
}

impl BlobStore for MemBlobStore {
    fn put(&self, bytes: &[u8]) -> Result<String, StoreError> {
        let sha = sha256_hex(bytes);
        self.blobs
            .lock()
            .expect("not poisoned")
            .entry(sha.clone())
            .or_insert_with(|| bytes.to_vec());
        Ok(sha)
    }

    fn get(&self, sha256: &str) -> Result<Vec<u8>, StoreError> {
        self.blobs
            .lock()
            .expect("not poisoned")
            .get(sha256)
            .cloned()
            .ok_or_else(|| StoreError::NotFound(format!("blob {sha256}")))
    }

    fn contains(&self, sha256: &str) -> bool {
        self.blobs
            .lock()
            .expect("not poisoned")
            .contains_key(sha256)
    }
}
