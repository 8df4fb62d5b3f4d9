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
pub use source::{read_source, InputProblem, Source, MAX_RECORD_BYTES};

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

/// Lists the files under `paths`, descending into folders, in a stable order.
/// In folders, hidden entries (starting with '.'), files whose names do not
/// end in one of [`RECORD_EXTENSIONS`] and export manifests (`manifest.json`)
/// are skipped.
pub fn walk(paths: &[PathBuf]) -> Result<Vec<PathBuf>, IngestError> {
    let mut out = Vec::new();
    for p in paths {
        let meta = std::fs::metadata(p).map_err(|e| IngestError::Io {
            path: p.clone(),
            source: e,
        })?;
        if meta.is_dir() {
            walk_dir(p, &mut out)?;
        } else {
            out.push(p.clone());
        }
    }
    Ok(out)
}

fn walk_dir(dir: &Path, out: &mut Vec<PathBuf>) -> Result<(), IngestError> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| IngestError::Io {
            path: dir.to_path_buf(),
            source: e,
        })?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            !p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with('.'))
        })
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            walk_dir(&p, out)?;
        } else if p
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| RECORD_EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
            // The manifest `fonds export` writes beside the documents.
            && p.file_name().is_some_and(|n| n != "manifest.json")
        {
            out.push(p);
        }
    }
    Ok(())
}
