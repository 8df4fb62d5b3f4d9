//! Reading input files safely: bounded size, text only, UTF-8, and errors that
//! name the file and the place.

use crate::IngestError;
use std::io::Read;
use std::path::{Path, PathBuf};

/// The largest record file fonds reads: 16 MiB. Real records are a few KB to a
/// few hundred KB; anything far larger is not a record, and refusing it keeps
/// memory bounded whatever a folder holds.
pub const MAX_RECORD_BYTES: u64 = 16 * 1024 * 1024;

/// A file read into memory, known to be UTF-8 text.
#[derive(Debug, Clone)]
pub struct Source {
    pub path: PathBuf,
    pub text: String,
    /// The bytes as read, for checksums and byte-for-byte storage.
    pub bytes: Vec<u8>,
}

/// Reads `path` as a text record, refusing what is not one. A symbolic link
/// is followed (the path was named by the user); use [`read_entry`] for a
/// file found by walking a folder.
pub fn read_source(path: &Path) -> Result<Source, IngestError> {
    read_checked(path, true, None)
}

/// Reads a file found by walking a folder: as [`read_source`], but a
/// symbolic link is refused at the moment of opening, so a file swapped for
/// a link after the walk saw it is not read through the link.
pub fn read_entry(path: &Path) -> Result<Source, IngestError> {
    read_checked(path, false, None)
}

/// Reads `path` (following a final link only if `follow`); when `expected`
/// names a file (device and inode), what was opened must be that file.
/// `O_NOFOLLOW` guards only the last part of the path: this check is what
/// keeps a folder on the path swapped for a link from leading elsewhere.
pub(crate) fn read_checked(
    path: &Path,
    follow: bool,
    expected: Option<(u64, u64)>,
) -> Result<Source, IngestError> {
    let err = |kind| IngestError::Input {
        path: path.to_path_buf(),
        kind,
    };
    let io = |e| IngestError::Io {
        path: path.to_path_buf(),
        source: e,
    };
    let file = open(path, follow).map_err(|e| {
        if !follow && is_link_error(&e) {
            err(InputProblem::SymbolicLink)
        } else {
            io(e)
        }
    })?;
    // What was opened, not what the path named a moment before: a FIFO, a
    // device or a socket is refused here, before anything reads from it.
    let meta = file.metadata().map_err(io)?;
    if expected.is_some() && crate::identity(&meta) != expected {
        return Err(err(InputProblem::Moved));
    }
    if meta.is_dir() {
        return Err(err(InputProblem::Directory));
    }
    if let Some(kind) = special(&meta.file_type()) {
        return Err(err(InputProblem::Special(kind)));
    }
    if meta.len() > MAX_RECORD_BYTES {
        return Err(err(InputProblem::TooLarge { size: meta.len() }));
    }
    // The size can change between stat and read (a growing file): read at
    // most one byte past the limit so memory stays bounded either way.
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.take(MAX_RECORD_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(io)?;
    if bytes.len() as u64 > MAX_RECORD_BYTES {
        return Err(err(InputProblem::TooLarge {
            size: bytes.len() as u64,
        }));
    }
    let text = decode(&bytes).map_err(err)?;
    Ok(Source {
        path: path.to_path_buf(),
        text,
        bytes,
    })
}

/// Opens `path` for reading without blocking (opening a FIFO would wait for
/// a writer) and, unless `follow`, without following a final symbolic link.
fn open(path: &Path, follow: bool) -> std::io::Result<std::fs::File> {
    open_with(path, follow, false)
}

/// Opens a regular file inside a package (a bag, an OCFL object) to read
/// it whole: a link is not followed and anything but a regular file (a
/// FIFO, a device) is refused, never waited on.
pub(crate) fn open_regular(path: &Path) -> std::io::Result<std::fs::File> {
    let f = open(path, false)?;
    if !f.metadata()?.is_file() {
        return Err(std::io::Error::other("not a regular file"));
    }
    Ok(f)
}

/// Opens the folder `path` to list it, without following a final link
/// unless `follow`.
pub(crate) fn open_dir(path: &Path, follow: bool) -> std::io::Result<std::fs::File> {
    open_with(path, follow, true)
}

#[cfg(unix)]
fn open_with(path: &Path, follow: bool, dir: bool) -> std::io::Result<std::fs::File> {
    use std::os::unix::fs::OpenOptionsExt;
    let mut flags = libc::O_NONBLOCK;
    if !follow {
        flags |= libc::O_NOFOLLOW;
    }
    if dir {
        flags |= libc::O_DIRECTORY;
    }
    std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(flags)
        .open(path)
}

#[cfg(not(unix))]
fn open_with(path: &Path, follow: bool, _dir: bool) -> std::io::Result<std::fs::File> {
    if !follow && std::fs::symlink_metadata(path)?.file_type().is_symlink() {
        return Err(std::io::Error::other("a symbolic link"));
    }
    std::fs::File::open(path)
}

/// A path that names the very folder `handle` opened: on Linux its entry in
/// `/proc/self/fd`, elsewhere `path` itself (there a swap between the check
/// and the listing is caught when each file is opened and checked).
pub(crate) fn opened_path(handle: &std::fs::File, path: &Path) -> PathBuf {
    #[cfg(target_os = "linux")]
    {
        use std::os::fd::AsRawFd;
        let fd = PathBuf::from(format!("/proc/self/fd/{}", handle.as_raw_fd()));
        if fd.exists() {
            return fd;
        }
    }
    let _ = handle;
    path.to_path_buf()
}

/// Whether opening with `O_NOFOLLOW` failed because the path is a link.
fn is_link_error(e: &std::io::Error) -> bool {
    #[cfg(unix)]
    {
        e.raw_os_error() == Some(libc::ELOOP)
    }
    #[cfg(not(unix))]
    {
        e.kind() == std::io::ErrorKind::Other
    }
}

/// What kind of special file this is, if it is not a regular file, a folder
/// or a link: nothing fonds reads.
pub(crate) fn special(t: &std::fs::FileType) -> Option<&'static str> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return Some("a FIFO (named pipe)");
        }
        if t.is_socket() {
            return Some("a socket");
        }
        if t.is_block_device() || t.is_char_device() {
            return Some("a device");
        }
    }
    (!t.is_file() && !t.is_dir() && !t.is_symlink()).then_some("not a regular file")
}

/// What is wrong with an input file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InputProblem {
    Empty,
    Directory,
    /// A symbolic link where a file found in a folder was expected.
    SymbolicLink,
    /// Not the file the walk found: a folder on its path (or the file) was
    /// swapped since, perhaps for a link to somewhere else.
    Moved,
    /// A FIFO, a device or a socket: never a record, and reading one could
    /// wait forever.
    Special(&'static str),
    TooLarge {
        size: u64,
    },
    /// NUL bytes or many control characters: an image, an archive, a binary.
    Binary {
        offset: usize,
    },
    /// Not UTF-8 at this line and column (1-based), byte offset.
    NotUtf8 {
        line: usize,
        column: usize,
        offset: usize,
    },
}

impl std::fmt::Display for InputProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            InputProblem::Empty => write!(f, "the file is empty"),
            InputProblem::Directory => write!(f, "this is a directory, not a file"),
            InputProblem::SymbolicLink => write!(
                f,
                "this is a symbolic link; links inside folders are not followed"
            ),
            InputProblem::Moved => write!(
                f,
                "this is not the file the walk found (it or a folder on its path was swapped, perhaps for a link); not read"
            ),
            InputProblem::Special(kind) => write!(f, "this is {kind}, not a regular file"),
            InputProblem::TooLarge { size } => write!(
                f,
                "the file is {size} bytes, over the limit of {MAX_RECORD_BYTES} bytes for one record"
            ),
            InputProblem::Binary { offset } => {
                write!(f, "the file is binary, not text (control byte at offset {offset})")
            }
            InputProblem::NotUtf8 { line, column, offset } => write!(
                f,
                "the file is not UTF-8: invalid byte at line {line}, column {column} (offset {offset}); convert it to UTF-8 first"
            ),
        }
    }
}

/// Checks that `bytes` are UTF-8 text and returns them as a string.
pub fn decode(bytes: &[u8]) -> Result<String, InputProblem> {
    let body = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    if body.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(InputProblem::Empty);
    }
    if let Some(offset) = bytes.iter().position(|&b| b == 0) {
        return Err(InputProblem::Binary { offset });
    }
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let offset = e.valid_up_to();
            let before = &bytes[..offset];
            let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
            let line_start = before
                .iter()
                .rposition(|&b| b == b'\n')
                .map_or(0, |p| p + 1);
            let column = String::from_utf8_lossy(&before[line_start..])
                .chars()
                .count()
                + 1;
            return Err(InputProblem::NotUtf8 {
                line,
                column,
                offset,
            });
        }
    };
    // Text files have few control characters besides tab, newline and return.
    let controls = text
        .chars()
        .filter(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\u{c}'))
        .count();
    if controls > 8 && controls * 100 > text.chars().count() {
        let offset = text
            .char_indices()
            .find(|(_, c)| c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\u{c}'))
            .map_or(0, |(i, _)| i);
        return Err(InputProblem::Binary { offset });
    }
    Ok(text.strip_prefix('\u{feff}').unwrap_or(text).to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_what_is_not_text() {
        assert_eq!(decode(b""), Err(InputProblem::Empty));
        assert_eq!(decode(b"  \n\t"), Err(InputProblem::Empty));
        assert_eq!(decode(b"ab\0cd"), Err(InputProblem::Binary { offset: 2 }));
        assert_eq!(
            decode(b"ok\nbad \xff here"),
            Err(InputProblem::NotUtf8 {
                line: 2,
                column: 5,
                offset: 7
            })
        );
        assert_eq!(decode("Привет".as_bytes()).unwrap(), "Привет");
        assert_eq!(decode(b"\xef\xbb\xbfhello").unwrap(), "hello");
    }
}
