//! A full disk, said plainly: when a command fails, whether a folder it
//! writes to is on a disk that has filled, so that the user reads which
//! one and what to do rather than the error of whichever library met it
//! first (the index's writer thread, SQLite's "disk is full").

use std::path::{Path, PathBuf};

/// Below this many bytes free, a disk counts as full.
const FULL_BELOW: u64 = 1 << 20;

/// What to tell the user when `e` came from a full disk under one of
/// `folders`: the folder, the space left, what was kept and what to do.
pub fn full(folders: &[PathBuf], e: &anyhow::Error) -> Option<String> {
    let said_full = e.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::StorageFull)
            || {
                let text = cause.to_string();
                text.contains("No space left on device") || text.contains("disk is full")
            }
    });
    let (folder, free) = folders
        .iter()
        .filter_map(|f| Some((f, free_bytes(f)?)))
        .min_by_key(|(_, free)| *free)?;
    if free >= FULL_BELOW && !said_full {
        return None;
    }
    Some(format!(
        "the disk holding {} is full ({} KiB free): what was committed before it filled is kept, \
         and nothing was left half-written; free some space and run the command again \
         (`fonds verify` says what the archive holds)",
        folder.display(),
        free / 1024
    ))
}

/// The bytes an unprivileged process may still write on the disk holding
/// `path` (or its nearest existing parent).
#[cfg(unix)]
fn free_bytes(path: &Path) -> Option<u64> {
    use std::os::unix::ffi::OsStrExt;
    let existing = path.ancestors().find(|p| p.exists())?;
    let name = std::ffi::CString::new(existing.as_os_str().as_bytes()).ok()?;
    let mut stats: libc::statvfs = unsafe { std::mem::zeroed() };
    // SAFETY: `name` is a NUL-terminated path and `stats` a statvfs the
    // call fills in.
    if unsafe { libc::statvfs(name.as_ptr(), &mut stats) } != 0 {
        return None;
    }
    Some((stats.f_bavail as u64).saturating_mul(stats.f_frsize as u64))
}

#[cfg(not(unix))]
fn free_bytes(_path: &Path) -> Option<u64> {
    None
}
