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

/// Reads `path` as a text record, refusing what is not one.
pub fn read_source(path: &Path) -> Result<Source, IngestError> {
    let err = |kind| IngestError::Input {
        path: path.to_path_buf(),
        kind,
    };
    let meta = std::fs::metadata(path).map_err(|e| IngestError::Io {
        path: path.to_path_buf(),
        source: e,
    })?;
    if meta.is_dir() {
        return Err(err(InputProblem::Directory));
    }
    if meta.len() > MAX_RECORD_BYTES {
        return Err(err(InputProblem::TooLarge { size: meta.len() }));
    }
    let file = std::fs::File::open(path).map_err(|e| IngestError::Io {
        path: path.to_path_buf(),
        source: e,
    })?;
    // The size can change between stat and read (a growing file, a pipe): read
    // at most one byte past the limit so memory stays bounded either way.
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.take(MAX_RECORD_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| IngestError::Io {
            path: path.to_path_buf(),
            source: e,
        })?;
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

/// What is wrong with an input file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InputProblem {
    Empty,
    Directory,
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
