//! Getting records into fonds: reading files safely and recognising their
//! format (a record, the JSON form of `fonds-json`, TEI).
//!
//! Architecture invariant: this crate reads files but writes nothing and keeps
//! no state; parsing itself is the core's. Errors here are about inputs that
//! are not records at all (unreadable, binary, not UTF-8, too large, malformed
//! JSON); a messy record is not an error but a document with diagnostics.

pub mod bag;
pub mod beside;
pub mod ocfl;
pub mod ocr;
pub mod source;

use fonds_json::{from_json, JsonError};
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
/// A text that opens with `{` is JSON. One that opens with `[` is JSON when
/// it parses as JSON, when it opens as an array does and breaks only after
/// its first line (a JSON file with a mistake in it), or when its first value
/// nests deeper than [`MAX_JSON_DEPTH`]: such a file is refused as JSON, never
/// read as a record whose title is its brackets. A record that opens with a
/// bracketed editorial note ("[Translation]", "[1958]", "[[illegible]]",
/// `["Secret"]` followed by text) is still a record. [`sniff_named`] also
/// takes the file's name: a `.json` file is JSON whatever it holds.
pub fn sniff(text: &str) -> Format {
    let text = text.trim_start();
    match text.chars().next() {
        Some('{') => Format::Json,
        Some('[') if is_json_array(text) => Format::Json,
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

/// [`sniff`] for a file of this name: a name ending in `.json` is JSON.
pub fn sniff_named(text: &str, name: Option<&str>) -> Format {
    let json_name = name.is_some_and(|n| {
        Path::new(n)
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| e.eq_ignore_ascii_case("json"))
    });
    if json_name {
        Format::Json
    } else {
        sniff(text)
    }
}

/// How deep arrays and objects may nest in the JSON fonds reads (serde_json's
/// own limit; no document is deeper than a handful).
pub const MAX_JSON_DEPTH: usize = 128;

/// Whether `text`, which starts with `[`, is a JSON array (or a broken or
/// too deeply nested one) rather than a record opening with a bracketed note.
fn is_json_array(text: &str) -> bool {
    if too_deep(text).is_some() {
        return true;
    }
    let mut values = serde_json::Deserializer::from_str(text).into_iter::<serde_json::Value>();
    match values.next() {
        // A whole value followed by nothing is JSON; followed by more text,
        // it was a note such as "[1958]" at the head of a record.
        Some(Ok(_)) => values.next().is_none(),
        // A value broken beyond its first line is a JSON file with a
        // mistake; one broken on its first line ("[[illegible]] ...") is text.
        Some(Err(e)) => opens_json_array(text) && e.line() > 1,
        None => false,
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

/// Where (line and column, 1-based) the first value of `text` nests deeper
/// than [`MAX_JSON_DEPTH`], if it does. Only the first value is scanned: the
/// scan ends where its brackets close.
fn too_deep(text: &str) -> Option<(usize, usize)> {
    let (mut depth, mut line, mut column) = (0usize, 1usize, 0usize);
    let (mut in_string, mut escaped) = (false, false);
    for c in text.chars() {
        if c == '\n' {
            line += 1;
            column = 0;
        } else {
            column += 1;
        }
        if in_string {
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match c {
            '"' => in_string = true,
            '[' | '{' => {
                depth += 1;
                if depth > MAX_JSON_DEPTH {
                    return Some((line, column));
                }
            }
            ']' | '}' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return None;
                }
            }
            _ => {}
        }
    }
    None
}

/// The hidden name a file is written under before it is whole
/// (`.NAME.partial` beside it).
pub fn partial_name(path: &Path) -> PathBuf {
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    path.with_file_name(format!(".{name}.partial"))
}

/// Writes a file whole or not at all: under its [`partial_name`], then
/// renamed into place, so that a writer stopped midway (an export, a
/// package) leaves no file half-written.
pub fn write_whole(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let partial = partial_name(path);
    std::fs::write(&partial, bytes)?;
    std::fs::rename(&partial, path)
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
    match sniff_named(&source.text, name) {
        Format::Record => Ok(vec![fonds_core::record::read_record(&source.text, name)]),
        Format::Json => {
            let syntax = |message: String, line, column| IngestError::JsonSyntax {
                path: source.path.clone(),
                message,
                line,
                column,
            };
            if let Some((line, column)) = too_deep(&source.text) {
                return Err(syntax(
                    format!("arrays or objects nested more than {MAX_JSON_DEPTH} deep"),
                    line,
                    column,
                ));
            }
            let value: serde_json::Value = serde_json::from_str(&source.text)
                .map_err(|e| syntax(e.to_string(), e.line(), e.column()))?;
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
    /// The file the walk saw (device and inode): what is opened must be this
    /// file, so a folder on its path swapped for a link after the walk does
    /// not lead the read elsewhere.
    pub id: Option<(u64, u64)>,
    /// When the archive it comes from imported it (RFC 3339), for a source
    /// read back from an OCFL object: its version keeps that date.
    pub imported_at: Option<String>,
}

impl Input {
    /// Reads the file: as [`read_source`] for a named file, as
    /// [`read_entry`] for one found in a folder, and in both cases refuses
    /// a file that is not the one the walk found ([`InputProblem::Moved`]).
    pub fn read(&self) -> Result<Source, IngestError> {
        source::read_checked(&self.path, self.named, self.id)
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
    /// The payload folders of bags that hold a document's scans
    /// (`scans.json` beside `scans/` and `ocr/`), for the archive to attach
    /// them once the document is imported.
    pub scans: Vec<PathBuf>,
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
    /// A folder or entry that could not be opened or listed (the reason):
    /// the rest of the walk goes on.
    Unreadable(String),
    /// A folder that was no longer the one listed when it was opened (it was
    /// swapped, perhaps for a link): not walked.
    Moved,
    /// A package (a BagIt bag, an OCFL object or storage root: the
    /// kind) that does not check (the first thing wrong): none of it is
    /// read.
    Package(&'static str, String),
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
            Skip::Unreadable(reason) => write!(f, "could not be read: {reason}"),
            Skip::Moved => write!(
                f,
                "the folder changed while it was walked (swapped, perhaps for a link); not followed"
            ),
            Skip::Package(kind, why) => write!(
                f,
                "{kind} that does not check ({why}); nothing in it was read"
            ),
        }
    }
}

/// Lists the files under `paths`, descending into folders, in a stable order.
///
/// A path named here may be a symbolic link; it is followed and the walk says
/// so. Inside folders nothing is followed: symbolic links, FIFOs, devices and
/// sockets are passed over with a reason, as is a folder reached twice, one
/// that cannot be opened or listed, and one that is not, when opened, the
/// folder its parent listed. Each file keeps the identity the walk saw, and
/// [`Input::read`] refuses another. Hidden entries (starting with '.'), files
/// whose names do not end in one of [`RECORD_EXTENSIONS`] and export
/// manifests (`manifest.json`) are passed over silently. A special file named
/// here is passed over with a reason; a path that does not exist is an error.
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
            walk_dir(p, p, identity(&meta), true, &mut out, &mut seen);
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
                imported_at: None,
                id: identity(&meta),
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

/// A file's or folder's identity (device and inode): a folder reached twice
/// (a bind mount, the same folder named twice) is walked once, and a file is
/// read only if it is the one the walk found.
pub(crate) fn identity(meta: &std::fs::Metadata) -> Option<(u64, u64)> {
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

/// Walks the folder `dir`, which its parent listed as `expected`. The folder
/// is opened (without following a link unless it was `named`) and checked to
/// be that folder; it is then listed through what was opened where the
/// system allows (`/proc/self/fd` on Linux), so a swap after the check leads
/// nowhere else. What cannot be opened or listed is a skip, not an error.
fn walk_dir(
    root: &Path,
    dir: &Path,
    expected: Option<(u64, u64)>,
    named: bool,
    out: &mut Walk,
    seen: &mut std::collections::HashSet<(u64, u64)>,
) {
    let unreadable = |e: std::io::Error| Skip::Unreadable(e.to_string());
    let handle = match source::open_dir(dir, named) {
        Ok(h) => h,
        Err(e) if !named && is_loop(&e) => {
            // Swapped for a link since its parent was listed.
            out.skipped.push((dir.to_path_buf(), Skip::Moved));
            return;
        }
        Err(e) => {
            out.skipped.push((dir.to_path_buf(), unreadable(e)));
            return;
        }
    };
    let id = match handle.metadata() {
        Ok(meta) if meta.is_dir() => identity(&meta),
        Ok(_) => {
            out.skipped.push((dir.to_path_buf(), Skip::Moved));
            return;
        }
        Err(e) => {
            out.skipped.push((dir.to_path_buf(), unreadable(e)));
            return;
        }
    };
    if expected.is_some() && id != expected {
        out.skipped.push((dir.to_path_buf(), Skip::Moved));
        return;
    }
    if let Some(id) = id {
        if !seen.insert(id) {
            out.skipped.push((dir.to_path_buf(), Skip::Loop));
            return;
        }
    }
    // A bag: its sources, once it checks, under the names they had.
    if bag::is_bag(dir) {
        drop(handle);
        match bag::sources(dir) {
            Ok(sources) => {
                if dir.join("data/scans.json").is_file() {
                    out.scans.push(dir.join("data"));
                }
                for s in sources {
                    match std::fs::symlink_metadata(&s.path) {
                        Ok(meta) if meta.is_file() => out.files.push(Input {
                            id: identity(&meta),
                            path: s.path,
                            name: s.name,
                            named: false,
                            imported_at: None,
                        }),
                        Ok(_) => out
                            .skipped
                            .push((s.path, Skip::Special("a link or a folder"))),
                        Err(e) => out.skipped.push((s.path, unreadable(e))),
                    }
                }
            }
            Err(why) => out
                .skipped
                .push((dir.to_path_buf(), Skip::Package("a BagIt bag", why))),
        }
        return;
    }
    // An OCFL storage root or object: every version's source, once the
    // objects check, in the order they were imported.
    if ocfl::is_root(dir) || ocfl::is_object(dir) {
        drop(handle);
        match ocfl::sources(dir) {
            Ok(reading) => {
                for s in reading.sources {
                    match std::fs::symlink_metadata(&s.path) {
                        Ok(meta) if meta.is_file() => out.files.push(Input {
                            id: identity(&meta),
                            path: s.path,
                            name: s.name,
                            named: false,
                            imported_at: s.imported_at,
                        }),
                        Ok(_) => out
                            .skipped
                            .push((s.path, Skip::Special("a link or a folder"))),
                        Err(e) => out.skipped.push((s.path, unreadable(e))),
                    }
                }
                for (object, why) in reading.refused {
                    out.skipped
                        .push((object, Skip::Package("an OCFL object", why)));
                }
            }
            Err(why) => out.skipped.push((
                dir.to_path_buf(),
                Skip::Package("an OCFL storage root", why),
            )),
        }
        return;
    }
    let listing = match std::fs::read_dir(source::opened_path(&handle, dir)) {
        Ok(listing) => listing,
        Err(e) => {
            out.skipped.push((dir.to_path_buf(), unreadable(e)));
            return;
        }
    };
    let mut entries: Vec<(PathBuf, std::fs::Metadata)> = Vec::new();
    for entry in listing {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => {
                out.skipped.push((dir.to_path_buf(), unreadable(e)));
                continue;
            }
        };
        let path = dir.join(entry.file_name());
        if path
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.starts_with('.'))
        {
            continue;
        }
        // The entry itself (not what a link points to), as the listed
        // folder holds it.
        match entry.metadata() {
            Ok(meta) => entries.push((path, meta)),
            Err(e) => out.skipped.push((path, unreadable(e))),
        }
    }
    drop(handle);
    entries.sort_by(|a, b| a.0.cmp(&b.0));
    for (p, meta) in entries {
        let t = meta.file_type();
        if t.is_symlink() {
            let skip = match std::fs::metadata(&p) {
                Err(e) if is_loop(&e) => Skip::Loop,
                _ => Skip::Link(std::fs::read_link(&p).unwrap_or_default()),
            };
            out.skipped.push((p, skip));
        } else if t.is_dir() {
            walk_dir(root, &p, identity(&meta), false, out, seen);
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
                imported_at: None,
                id: identity(&meta),
            });
        }
    }
}

/// `path` relative to `root`, with '/' between its parts whatever the system.
fn relative_name(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}
