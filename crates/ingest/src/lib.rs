//! Getting records into fonds: reading files safely, recognising their format,
//! and the JSON interchange form of a document.
//!
//! Architecture invariant: this crate reads files but writes nothing and keeps
//! no state; parsing itself is the core's. Errors here are about inputs that
//! are not records at all (unreadable, binary, not UTF-8, too large, malformed
//! JSON); a messy record is not an error but a document with diagnostics.

pub mod json;
pub mod source;

pub use json::{from_json, to_json, JsonError};
pub use source::{read_entry, read_source, InputProblem, Source, MAX_RECORD_BYTES};

use fonds_core::Document;
use std::path::{Path, PathBuf};

/// Why an input could not be read as a document.
#[derive(Debug, thiserror::Error)]
pub enum IngestError {
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{}: {kind}", path.display())]
    Input { path: PathBuf, kind: InputProblem },
    #[error("{}: not valid JSON: {message} (line {line}, column {column})", path.display())]
    JsonSyntax {
        path: PathBuf,
        message: String,
        line: usize,
        column: usize,
    },
    #[error("{}: not a fonds document: {source}", path.display())]
    JsonForm { path: PathBuf, source: JsonError },
    #[error("{}: not TEI fonds can read: {source}", path.display())]
    Tei {
        path: PathBuf,
        source: fonds_tei::TeiError,
    },
    #[error("{}: holds {count} documents where one was expected", path.display())]
    NotOne { path: PathBuf, count: usize },
}

/// The formats fonds reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// The archive export format (Markdown-like header, then the texts).
    Record,
    /// The fonds JSON interchange form.
    Json,
    /// XML, such as TEI.
    Xml,
}

/// Recognises the format of a text by its first characters.
///
/// A text that opens as JSON does (`{`, or `[` followed by a value) is JSON,
/// and a JSON file that is invalid or nested too deeply is refused as such:
/// it never falls through to the record reader, which would make a
/// document of its brackets. A record opening with a bracketed word
/// ("[Translation]") is still a record.
pub fn sniff(text: &str) -> Format {
    let text = text.trim_start();
    match text.chars().next() {
        Some('{') => Format::Json,
        Some('[') if opens_json_array(text) => Format::Json,
        Some('<')
            if ["<?xml", "<TEI", "<teiCorpus", "<!--", "<!DOCTYPE"]
                .iter()
                .any(|p| text.trim_start().starts_with(p)) =>
        {
            Format::Xml
        }
        _ => Format::Record,
    }
}

/// Whether `text`, which starts with `[`, starts as a JSON array does: a
/// value (or the end of the array) after the bracket.
fn opens_json_array(text: &str) -> bool {
    let rest = text[1..].trim_start();
    match rest.chars().next() {
        None => true,
        Some(c) if "[{]\"-".contains(c) || c.is_ascii_digit() => true,
        Some(_) => ["true", "false", "null"].iter().any(|w| {
            rest.strip_prefix(w)
                .is_some_and(|after| !after.starts_with(|c: char| c.is_alphanumeric()))
        }),
    }
}

/// Reads one file into a document.
pub fn load(path: &Path) -> Result<Document, IngestError> {
    let mut docs = load_all(path)?;
    match docs.len() {
        1 => Ok(docs.remove(0)),
        n => Err(IngestError::NotOne {
            path: path.to_path_buf(),
            count: n,
        }),
    }
}

/// Reads one file into every document it holds (a TEI volume holds many).
pub fn load_all(path: &Path) -> Result<Vec<Document>, IngestError> {
    let source = read_source(path)?;
    parse_all(&source)
}

/// Parses a source already read into the one document it holds.
pub fn parse_source(source: &Source) -> Result<Document, IngestError> {
    let mut docs = parse_all(source)?;
    match docs.len() {
        1 => Ok(docs.remove(0)),
        n => Err(IngestError::NotOne {
            path: source.path.clone(),
            count: n,
        }),
    }
}

/// Parses a source already read into every document it holds.
pub fn parse_all(source: &Source) -> Result<Vec<Document>, IngestError> {
    let name = source.path.file_name().and_then(|n| n.to_str());
    match sniff(&source.text) {
        Format::Record => Ok(vec![fonds_core::record::read_record(&source.text, name)]),
        Format::Json => {
            let value: serde_json::Value =
                serde_json::from_str(&source.text).map_err(|e| IngestError::JsonSyntax {
                    path: source.path.clone(),
                    message: if e.to_string().starts_with("recursion limit exceeded") {
                        // serde_json stops at 128 levels; no document is deeper
                        // than a handful.
                        "arrays or objects nested more than 128 deep".to_string()
                    } else {
                        e.to_string()
                    },
                    line: e.line(),
                    column: e.column(),
                })?;
            from_json(&value)
                .map(|d| vec![d])
                .map_err(|e| IngestError::JsonForm {
                    path: source.path.clone(),
                    source: e,
                })
        }
        Format::Xml => fonds_tei::read_tei(&source.text, name).map_err(|e| IngestError::Tei {
            path: source.path.clone(),
            source: e,
        }),
    }
}

/// File name endings read when walking folders; a file named on the command
/// line is read whatever its name.
pub const RECORD_EXTENSIONS: [&str; 4] = ["txt", "md", "json", "xml"];

/// One file to read, as [`walk`] found it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Input {
    pub path: PathBuf,
    /// The name it is known by in the archive: its path relative to the
    /// folder that was named, or its file name when it was named itself;
    /// never the absolute path of the machine that imported it.
    pub name: String,
    /// Named on the command line (a link to it is followed) rather than found
    /// in a folder (a link is refused when it is opened).
    pub named: bool,
}

impl Input {
    /// Reads the file: [`read_source`] for a named file, [`read_entry`] for
    /// one found in a folder.
    pub fn read(&self) -> Result<Source, IngestError> {
        if self.named {
            read_source(&self.path)
        } else {
            source::read_entry(&self.path)
        }
    }
}

/// What [`walk`] found: the files to read, in a stable order, and what it
/// passed over and why.
#[derive(Debug, Clone, Default)]
pub struct Walk {
    pub files: Vec<Input>,
    /// Entries not read, each with the reason.
    pub skipped: Vec<(PathBuf, Skip)>,
    /// Symbolic links named on the command line, followed, with their targets.
    pub followed: Vec<(PathBuf, PathBuf)>,
}

/// Why [`walk`] passed over an entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Skip {
    /// A symbolic link inside a folder (to this target): never followed, so
    /// that a folder cannot import files from elsewhere on the machine.
    Link(PathBuf),
    /// A link that leads back to itself, or a folder reached a second time.
    Loop,
    /// A FIFO, a device or a socket.
    Special(&'static str),
}

impl std::fmt::Display for Skip {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Skip::Link(target) => write!(
                f,
                "a symbolic link (to {}); links inside folders are not followed",
                target.display()
            ),
            Skip::Loop => write!(f, "a loop (a link or folder leading back to itself)"),
            Skip::Special(kind) => write!(f, "{kind}, not a regular file"),
        }
    }
}

/// Lists the files under `paths`, descending into folders, in a stable order.
///
/// A path named here may be a symbolic link; it is followed and the walk says
/// so. Inside folders nothing is followed: symbolic links, FIFOs, devices and
/// sockets are passed over with a reason, as is a folder reached twice.
/// Hidden entries (starting with '.'), files whose names do not end in one of
/// [`RECORD_EXTENSIONS`] and export manifests (`manifest.json`) are passed
/// over silently. A special file named here is passed over with a reason;
/// a path that does not exist is an error.
pub fn walk(paths: &[PathBuf]) -> Result<Walk, IngestError> {
    let mut out = Walk::default();
    let mut seen = std::collections::HashSet::new();
    for p in paths {
        let io = |e| IngestError::Io {
            path: p.clone(),
            source: e,
        };
        let link = std::fs::symlink_metadata(p).map_err(io)?;
        let meta = match std::fs::metadata(p) {
            Ok(meta) => meta,
            Err(e) if is_loop(&e) => {
                out.skipped.push((p.clone(), Skip::Loop));
                continue;
            }
            Err(e) => return Err(io(e)),
        };
        if link.file_type().is_symlink() {
            let target = std::fs::read_link(p).unwrap_or_default();
            out.followed.push((p.clone(), target));
        }
        if meta.is_dir() {
            walk_dir(p, p, &mut out, &mut seen)?;
        } else if let Some(kind) = source::special(&meta.file_type()) {
            out.skipped.push((p.clone(), Skip::Special(kind)));
        } else {
            let name = p.file_name().map_or_else(
                || p.to_string_lossy().into_owned(),
                |n| n.to_string_lossy().into_owned(),
            );
            out.files.push(Input {
                path: p.clone(),
                name,
                named: true,
            });
        }
    }
    Ok(out)
}

/// Whether a file operation failed on a loop of symbolic links.
fn is_loop(e: &std::io::Error) -> bool {
    #[cfg(unix)]
    {
        e.raw_os_error() == Some(libc::ELOOP)
    }
    #[cfg(not(unix))]
    {
        let _ = e;
        false
    }
}

/// A folder's identity, so that one reached twice (a bind mount, the same
/// folder named twice) is walked once.
fn identity(meta: &std::fs::Metadata) -> Option<(u64, u64)> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        Some((meta.dev(), meta.ino()))
    }
    #[cfg(not(unix))]
    {
        let _ = meta;
        None
    }
}

fn walk_dir(
    root: &Path,
    dir: &Path,
    out: &mut Walk,
    seen: &mut std::collections::HashSet<(u64, u64)>,
) -> Result<(), IngestError> {
    let io = |e| IngestError::Io {
        path: dir.to_path_buf(),
        source: e,
    };
    if let Some(id) = identity(&std::fs::metadata(dir).map_err(io)?) {
        if !seen.insert(id) {
            out.skipped.push((dir.to_path_buf(), Skip::Loop));
            return Ok(());
        }
    }
    let mut entries: Vec<(PathBuf, std::fs::FileType)> = std::fs::read_dir(dir)
        .map_err(io)?
        .filter_map(|e| {
            let e = e.ok()?;
            // The entry itself, not what a link points to.
            Some((e.path(), e.file_type().ok()?))
        })
        .filter(|(p, _)| {
            !p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with('.'))
        })
        .collect();
    entries.sort_by(|a, b| a.0.cmp(&b.0));
    for (p, t) in entries {
        if t.is_symlink() {
            let skip = match std::fs::metadata(&p) {
                Err(e) if is_loop(&e) => Skip::Loop,
                _ => Skip::Link(std::fs::read_link(&p).unwrap_or_default()),
            };
            out.skipped.push((p, skip));
        } else if t.is_dir() {
            walk_dir(root, &p, out, seen)?;
        } else if let Some(kind) = source::special(&t) {
            out.skipped.push((p, Skip::Special(kind)));
        } else if p
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| RECORD_EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
            // The manifest `fonds export` writes beside the documents.
            && p.file_name().is_some_and(|n| n != "manifest.json")
        {
            let name = relative_name(root, &p);
            out.files.push(Input {
                path: p,
                name,
                named: false,
            });
        }
    }
    Ok(())
}

/// `path` relative to `root`, with '/' between its parts whatever the system.
fn relative_name(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}
