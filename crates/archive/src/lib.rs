//! An archive: the store (system of record) and the search index kept in step.
//!
//! Import reads and prepares records on reader threads, writes them to the
//! store in transactions of up to [`BATCH_DOCS`], then to the index; the index
//! is committed every few thousand records and at the end, recording the
//! store's change sequence number it is complete up to. If the
//! process dies at any moment, the store holds every committed document whole,
//! and the next open replays the changes the index lacks. `reindex` rebuilds
//! the index from the store alone.
//!
//! Architecture invariant: this crate is the only one that knows both the
//! store and the index; the command line and the server go through it.

pub mod access;
pub mod accounts;
mod audit;
mod child;
pub mod edit;
pub mod jobs;
pub mod migrate;
pub mod ocr;
mod pdf;
mod people;
mod reading;
pub mod scans;
pub mod snapshot;
pub mod tesseract;
mod widen;

pub use access::{Role, Rule, Scope, State, Viewer};
pub use accounts::Session;
pub use audit::{Audit, AuditLog};
pub use people::{Network, PersonDetail, PersonRow};
pub use reading::{SigningKey, Status};

use fonds_query::parse as parse_query;
use fonds_search::{Index, SearchRequest, Snippet};
pub use fonds_store::{CopyReport, JobRow, Place, StoredDocument};
use fonds_store::{Prepared, PutOutcome, Store};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

pub use fonds_search::{Facets, Sort};
// The store's words for what the archive answers with, so that callers
// name them without depending on the store.
pub use fonds_store::{
    rfc3339, sha256_hex, AccessRow, AuditEntry, Clock, FixedClock, ListFilter, ListedDocument,
    StoreError, SystemClock, TokenRow, UserRow,
};

#[derive(Debug, thiserror::Error)]
pub enum ArchiveError {
    #[error(transparent)]
    Store(#[from] fonds_store::StoreError),
    #[error(transparent)]
    Search(#[from] fonds_search::SearchError),
    #[error("invalid query: {0}")]
    Query(#[from] fonds_query::QueryError),
    #[error(transparent)]
    Ingest(#[from] fonds_ingest::IngestError),
    #[error("the import's readers stopped before every file was read")]
    Readers,
    /// The one asking may not do this.
    #[error("forbidden: {0}")]
    Forbidden(String),
    /// What was asked is not well formed.
    #[error("{0}")]
    Invalid(String),
    /// What was asked is beyond a bound.
    #[error("{0}")]
    Limit(String),
}

/// The archive directory used when none is given: `$FONDS_ARCHIVE`, else
/// `$XDG_DATA_HOME/fonds`, else `~/.local/share/fonds`, else `./fonds-archive`.
pub fn default_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("FONDS_ARCHIVE").filter(|d| !d.is_empty()) {
        return PathBuf::from(dir);
    }
    if let Some(data) = std::env::var_os("XDG_DATA_HOME").filter(|d| !d.is_empty()) {
        return PathBuf::from(data).join("fonds");
    }
    if let Some(home) = std::env::var_os("HOME").filter(|d| !d.is_empty()) {
        return PathBuf::from(home).join(".local/share/fonds");
    }
    PathBuf::from("fonds-archive")
}

pub struct Archive {
    dir: PathBuf,
    store: Store,
    index: Index,
    /// The persons ranked, as last counted ([`people::Ranked`]).
    /// For each of the last few hidden sets (readers' access).
    ranked: tokio::sync::Mutex<Vec<std::sync::Arc<people::Ranked>>>,
    /// The names search widens, as last read ([`widen::NameMap`]).
    names: std::sync::Mutex<Option<std::sync::Arc<widen::NameMap>>>,
    /// Who may read what, as last read ([`access::Rules`]).
    access: std::sync::Mutex<Option<(std::sync::Arc<access::Rules>, std::time::Instant)>>,
    /// The index snapshot this node's index was restored from when opened,
    /// or why the latest could not be (the index was then built from the
    /// store).
    restored: Option<Result<snapshot::Restored, String>>,
}

/// What happened to one input file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileOutcome {
    Imported(String),
    Updated(String),
    Unchanged(String),
}

/// Counts of an import, with each failure's file and reason.
#[derive(Debug, Clone, Default)]
pub struct ImportSummary {
    pub imported: usize,
    pub updated: usize,
    pub unchanged: usize,
    pub failed: Vec<(PathBuf, String)>,
    /// Entries the walk passed over (links inside folders, loops, FIFOs,
    /// devices, sockets), each with the reason.
    pub skipped: Vec<(PathBuf, fonds_ingest::Skip)>,
    /// Symbolic links named among the paths, followed, with their targets.
    pub followed: Vec<(PathBuf, PathBuf)>,
    pub bytes: u64,
    /// Scans found beside the records ([`fonds_ingest::beside`]) and
    /// attached to documents that had none.
    pub scans: usize,
    pub elapsed: Duration,
}

impl ImportSummary {
    pub fn files(&self) -> usize {
        self.imported + self.updated + self.unchanged + self.failed.len()
    }
}

/// What a verify covers of the versions (their sources and stored
/// documents); the index and the persons are checked whole either way.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Coverage {
    /// Every version.
    Whole,
    /// This percentage of the versions (at least one), in their order
    /// from the one after where the last recorded share stopped, going
    /// round to the first after the last: shares of 5% recorded nightly
    /// cover the archive every 20 nights.
    Share(f64),
}

/// The most problems of sources and stored documents a report lists; the
/// rest are counted.
const MAX_LISTED_PROBLEMS: usize = 1_000;

/// What [`Archive::verify`] found.
#[derive(Debug, Clone, Default)]
pub struct VerifyReport {
    pub started_at: String,
    pub documents: i64,
    /// Every version the store holds, and how many were checked (their
    /// stored documents, and their sources, each source once).
    pub versions: i64,
    pub versions_checked: usize,
    pub sources_checked: usize,
    /// The share checked, when not the whole, and the first and last
    /// version it checked (document id, version).
    pub share_percent: Option<f64>,
    pub first_checked: Option<(String, i64)>,
    pub last_checked: Option<(String, i64)>,
    /// Problems of sources and stored documents found beyond the
    /// [`MAX_LISTED_PROBLEMS`] listed.
    pub unlisted_problems: usize,
    pub indexed: u64,
    /// The store's last change.
    pub store_seq: i64,
    /// The last change the index's commit holds; None when the index is of
    /// an older layout.
    pub index_seq: Option<i64>,
    /// The change up to which the persons were last linked, if ever.
    pub people_seq: Option<i64>,
    pub problems: Vec<Problem>,
}

/// One thing [`Archive::verify`] found wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// The index's commit holds changes up to `indexed_up_to`; the store has
    /// `changes` more.
    IndexBehind { changes: i64, indexed_up_to: i64 },
    /// The index was written by an older fonds and must be rebuilt.
    IndexFormat,
    /// Current documents the index lacks (the first few ids, and how many).
    NotIndexed { count: usize, first: Vec<String> },
    /// The index holds a different number of documents than the store.
    IndexCount { indexed: u64, documents: i64 },
    /// The persons were last linked at change `linked_at` (None: never, or
    /// by an older fonds), before the store's last change or the editors'
    /// last decision.
    PeopleBehind { linked_at: Option<i64> },
    /// A version's source file (`file`, the name it was imported under) is
    /// missing or fails its checksum.
    Source {
        id: String,
        version: i64,
        file: String,
        error: String,
    },
    /// A version's stored document fails its checksum or cannot be read.
    Stored {
        id: String,
        version: i64,
        error: String,
    },
    /// Files of the index that fail their checksums: it must be rebuilt.
    IndexFiles { files: Vec<String> },
    /// A document's scan `n` (attached as `file`) is missing or fails its
    /// checksum.
    Scan {
        id: String,
        n: u32,
        file: String,
        error: String,
    },
}

impl Problem {
    /// A stable name for the kind of problem, for JSON.
    pub fn kind(&self) -> &'static str {
        match self {
            Problem::IndexBehind { .. } => "index_behind",
            Problem::IndexFormat => "index_format",
            Problem::NotIndexed { .. } => "not_indexed",
            Problem::IndexCount { .. } => "index_count",
            Problem::PeopleBehind { .. } => "people_behind",
            Problem::Source { .. } => "source",
            Problem::Stored { .. } => "stored_document",
            Problem::IndexFiles { .. } => "index_files",
            Problem::Scan { .. } => "scan",
        }
    }

    /// Whether [`Archive::repair`] can mend it: a lost source cannot be
    /// made again from nothing; a damaged stored document is read again
    /// from its source, if that is whole.
    pub fn repairable(&self) -> bool {
        !matches!(self, Problem::Source { .. } | Problem::Scan { .. })
    }
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Problem::IndexBehind {
                changes,
                indexed_up_to,
            } => write!(
                f,
                "the index is behind the store by {changes} changes (it holds changes up to {indexed_up_to})"
            ),
            Problem::IndexFormat => {
                write!(
                    f,
                    "the index is missing or of another layout and must be rebuilt"
                )
            }
            Problem::NotIndexed { count, first } => write!(
                f,
                "{count} documents are missing from the index ({}{})",
                first.join(", "),
                if *count > first.len() { ", ..." } else { "" }
            ),
            Problem::IndexCount { indexed, documents } => write!(
                f,
                "the index holds {indexed} documents, the store {documents}"
            ),
            Problem::PeopleBehind {
                linked_at: Some(seq),
            } => write!(f, "the persons have not been linked since change {seq}"),
            Problem::PeopleBehind { linked_at: None } => {
                write!(f, "the persons have not been linked by this fonds")
            }
            Problem::Source {
                id,
                version,
                file,
                error,
            } => write!(
                f,
                "document {id}, version {version}: the source file {file}: {error}"
            ),
            Problem::Stored { id, version, error } => {
                write!(f, "document {id}, version {version}: {error}")
            }
            Problem::IndexFiles { files } => write!(
                f,
                "{} files of the index fail their checksums ({}): it must be rebuilt",
                files.len(),
                files.join(", ")
            ),
            Problem::Scan { id, n, file, error } => {
                write!(f, "document {id}, scan {n} ({file}): {error}")
            }
        }
    }
}

/// What [`Archive::repair`] did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Repairs {
    /// Changes indexed to bring the index level with the store (every
    /// document, when it was rebuilt).
    pub indexed: usize,
    /// Whether the index was rebuilt from the store.
    pub rebuilt: bool,
    /// The number of persons, when they were linked again.
    pub linked: Option<usize>,
    /// Stored documents found damaged and read again from their sources.
    pub restored: usize,
}

/// Progress reports during an import.
#[derive(Debug, Clone, Copy)]
pub struct Progress {
    pub done: usize,
    pub total: usize,
    pub elapsed: Duration,
}

/// One search hit with what a reader needs to judge it.
#[derive(Debug, Clone)]
pub struct Found {
    /// What the hit shows of its document, from the index.
    pub card: fonds_search::Card,
    pub score: f32,
    pub snippets: Vec<Snippet>,
}

/// One page of the documents a query selects, and how many it selects.
#[derive(Debug, Clone)]
pub struct Selection {
    pub total: usize,
    pub documents: Vec<StoredDocument>,
}

#[derive(Debug, Clone)]
pub struct SearchPage {
    pub total: usize,
    pub hits: Vec<Found>,
    pub facets: Option<Facets>,
}

/// The version of how documents' people are read; a change rewrites the
/// people rows of every document on the next open.
const PEOPLE_FORMAT: &str = "1";

/// Commit the index at least this often during an import or a rebuild: a
/// process killed loses at most this much of the index's work. The
/// environment's `FONDS_COMMIT_EVERY` sets another count of documents.
const COMMIT_EVERY_DOCS: usize = 10_000;
const COMMIT_EVERY: Duration = Duration::from_secs(10);

/// Documents between the index's commits ([`COMMIT_EVERY_DOCS`] unless
/// `FONDS_COMMIT_EVERY` says otherwise).
fn commit_every_docs() -> usize {
    static EVERY: std::sync::OnceLock<usize> = std::sync::OnceLock::new();
    *EVERY.get_or_init(|| {
        std::env::var("FONDS_COMMIT_EVERY")
            .ok()
            .and_then(|v| v.parse().ok())
            .filter(|n| *n > 0)
            .unwrap_or(COMMIT_EVERY_DOCS)
    })
}

/// When a long run (an import, a rebuild) commits the index: once
/// [`commit_every_docs`] documents or [`COMMIT_EVERY`] have passed since
/// the last commit, whichever comes first.
struct CommitClock {
    /// Documents put in the index since the last commit.
    pending: usize,
    last: Instant,
}

impl CommitClock {
    fn new() -> CommitClock {
        CommitClock {
            pending: 0,
            last: Instant::now(),
        }
    }

    fn due(&self) -> bool {
        self.pending > 0
            && (self.pending >= commit_every_docs() || self.last.elapsed() >= COMMIT_EVERY)
    }

    fn committed(&mut self) {
        self.pending = 0;
        self.last = Instant::now();
    }
}

/// What a rebuild of the index did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rebuild {
    /// Documents indexed by this run.
    pub indexed: usize,
    /// The store change after which this run took up a rebuild that an
    /// earlier run left unfinished; None for a rebuild from the start.
    pub resumed_after: Option<i64>,
}

/// The most documents written to the store in one transaction.
pub const BATCH_DOCS: usize = 64;

/// The most files read ahead of the writer: bounds an import's memory
/// whatever the readers' lead.
const READ_AHEAD: usize = 256;

/// One file as the readers leave it: its size and its documents, each
/// prepared for the store with its index entry.
struct ReadFile {
    bytes: u64,
    docs: Vec<(Prepared, fonds_search::TantivyDocument)>,
}

/// Reads, parses and prepares one file (see [`Archive::import`]).
fn read_file(
    input: &fonds_ingest::Input,
    store: &Store,
    entries: &fonds_search::EntryMaker,
) -> Result<ReadFile, ArchiveError> {
    let source = input.read()?;
    let docs = fonds_ingest::parse_all(&source)?;
    let sha = store.put_source(&source.bytes)?;
    let bytes: std::sync::Arc<[u8]> = source.bytes.into();
    // Relative to what was imported: the machine's own paths stay private.
    let name = &input.name;
    let several = docs.len() > 1;
    let docs = docs
        .into_iter()
        .map(|doc| {
            // A file of several documents (a TEI volume) names each one.
            let name = if several {
                format!("{name}#{}", doc.id)
            } else {
                name.to_string()
            };
            let mut prepared = Store::prepare(doc, &sha, &bytes, &name);
            prepared.imported_at = input.imported_at.clone();
            let entry = entries.entry(&prepared.document, &prepared.people);
            (prepared, entry)
        })
        .collect();
    Ok(ReadFile {
        bytes: bytes.len() as u64,
        docs,
    })
}

/// Counts the files read but not yet written; readers wait while
/// [`READ_AHEAD`] are. Dropping the import stops the readers.
struct Slots {
    state: std::sync::Mutex<(usize, bool)>,
    changed: std::sync::Condvar,
}

impl Slots {
    /// Waits for a slot; false when the import has stopped.
    fn take(&self) -> bool {
        let mut s = self.state.lock().unwrap_or_else(|e| e.into_inner());
        while s.0 >= READ_AHEAD && !s.1 {
            s = self.changed.wait(s).unwrap_or_else(|e| e.into_inner());
        }
        s.0 += 1;
        !s.1
    }

    fn release(&self) {
        let mut s = self.state.lock().unwrap_or_else(|e| e.into_inner());
        s.0 = s.0.saturating_sub(1);
        self.changed.notify_all();
    }

    fn stop(&self) {
        self.state.lock().unwrap_or_else(|e| e.into_inner()).1 = true;
        self.changed.notify_all();
    }
}

/// The readers of an import and what they send back: each file's index in
/// the list with what reading it gave.
struct Readers {
    results: tokio::sync::mpsc::UnboundedReceiver<(usize, Result<ReadFile, ArchiveError>)>,
    slots: std::sync::Arc<Slots>,
}

impl Readers {
    fn start(
        files: std::sync::Arc<Vec<fonds_ingest::Input>>,
        store: Store,
        entries: fonds_search::EntryMaker,
    ) -> Readers {
        let (tx, results) = tokio::sync::mpsc::unbounded_channel();
        let slots = std::sync::Arc::new(Slots {
            state: std::sync::Mutex::new((0, false)),
            changed: std::sync::Condvar::new(),
        });
        let next = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let n = std::thread::available_parallelism()
            .map_or(1, |n| n.get())
            .min(files.len().max(1));
        for _ in 0..n {
            let (files, store, entries, tx, slots, next) = (
                files.clone(),
                store.clone(),
                entries.clone(),
                tx.clone(),
                slots.clone(),
                next.clone(),
            );
            std::thread::spawn(move || loop {
                // A slot first, then a file: the file the writer waits for
                // always has its slot.
                if !slots.take() {
                    break;
                }
                let i = next.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                let Some(path) = files.get(i) else { break };
                if tx.send((i, read_file(path, &store, &entries))).is_err() {
                    break;
                }
            });
        }
        Readers { results, slots }
    }
}

impl Drop for Readers {
    fn drop(&mut self) {
        self.slots.stop();
    }
}

/// The index's problems given the current documents it lacks and its count
/// against the store's.
fn index_problems(not_indexed: Vec<String>, indexed: u64, documents: i64) -> Vec<Problem> {
    let mut problems = Vec::new();
    if !not_indexed.is_empty() {
        problems.push(Problem::NotIndexed {
            count: not_indexed.len(),
            first: not_indexed.into_iter().take(10).collect(),
        });
    }
    if indexed != documents as u64 {
        problems.push(Problem::IndexCount { indexed, documents });
    }
    problems
}

impl Archive {
    /// Opens (creating if needed) the archive in `dir` for reading and
    /// writing, bringing the index level with the store.
    pub async fn open(place: impl Into<Place>) -> Result<Archive, ArchiveError> {
        let archive = Archive::open_behind(&place.into(), true).await?;
        archive.catch_up().await?;
        archive.link_people(false).await?;
        Ok(archive)
    }

    /// Opens the archive and rebuilds its index from the store, once (an
    /// index of an older layout is not first caught up, then rebuilt
    /// again), or finishes a rebuild a killed run left; then links the
    /// persons.
    pub async fn open_and_reindex(
        place: impl Into<Place>,
    ) -> Result<(Archive, Rebuild), ArchiveError> {
        let archive = Archive::open_behind(&place.into(), true).await?;
        let rebuild = archive.reindex().await?;
        archive.link_people(false).await?;
        Ok((archive, rebuild))
    }

    /// Opens the archive for reading and writing as it is: the index
    /// perhaps behind the store, of another layout (neither opened nor
    /// replaced: an empty stand-in holds its writer's lock) or missing, and
    /// the persons not linked, for [`Archive::verify`] to see and
    /// [`Archive::repair`] to mend. The store's migrations are run.
    pub async fn open_unrepaired(place: impl Into<Place>) -> Result<Archive, ArchiveError> {
        Archive::open_behind(&place.into(), false).await
    }

    /// The store and the index as they are, the index perhaps behind; an
    /// index of another layout is replaced by an empty one when `replace`,
    /// else opened as it is ([`Index::open_as_is`]).
    async fn open_behind(place: &Place, replace: bool) -> Result<Archive, ArchiveError> {
        let dir = place.dir.as_path();
        let store = Store::open(place).await?;
        // Documents of an earlier fonds get their collection, which rules
        // of collections select by.
        store.fill_collections().await?;
        // A new node on object storage starts from the latest snapshot of
        // the index, if there is one, rather than from nothing.
        let mut restored = None;
        if let Some(objects) = store.objects().filter(|_| replace) {
            if !dir.join("index/meta.json").exists() {
                restored = snapshot::restore(objects, dir)
                    .await
                    .map_err(|e| e.to_string())
                    .transpose();
            }
        }
        let index = if replace {
            Archive::open_index_replacing(dir)?
        } else {
            Index::open_as_is(&dir.join("index"))?
        };
        let mut archive = Archive::of(dir.to_path_buf(), store, index);
        archive.restored = restored;
        Ok(archive)
    }

    /// The index snapshot this node's index was restored from when it was
    /// opened, if it was; or why the latest snapshot could not be restored
    /// (a file changed in the bucket, say), in which case the index was
    /// built from the store instead.
    pub fn restored(&self) -> Option<Result<&snapshot::Restored, &str>> {
        self.restored
            .as_ref()
            .map(|r| r.as_ref().map_err(String::as_str))
    }

    /// An archive of a store and an index, nothing counted or read yet.
    fn of(dir: PathBuf, store: Store, index: Index) -> Archive {
        Archive {
            dir,
            store,
            index,
            ranked: Default::default(),
            names: Default::default(),
            access: Default::default(),
            restored: None,
        }
    }

    /// Opens the index for writing; one of another layout (derived data) is
    /// removed and created again empty, to be rebuilt from the store.
    fn open_index_replacing(dir: &Path) -> Result<Index, ArchiveError> {
        let path = dir.join("index");
        match Index::open(&path) {
            Ok(index) => Ok(index),
            Err(fonds_search::SearchError::Incompatible(_)) => {
                std::fs::remove_dir_all(&path)
                    .map_err(|e| fonds_store::StoreError::io(&path, e))?;
                Ok(Index::open(&path)?)
            }
            Err(e) => Err(e.into()),
        }
    }

    /// An empty archive in memory (SQLite in memory, the index in a RAM
    /// directory), for tests; its [`Archive::dir`] is empty. With
    /// `FONDS_TEST_DATABASE` set, its store is a new database on that
    /// PostgreSQL server instead ([`Store::scratch`]).
    pub async fn in_memory() -> Result<Archive, ArchiveError> {
        Archive::in_memory_with_clock(std::sync::Arc::new(fonds_store::SystemClock)).await
    }

    /// As [`Archive::in_memory`], on a clock of the caller's.
    pub async fn in_memory_with_clock(
        clock: std::sync::Arc<dyn fonds_store::Clock>,
    ) -> Result<Archive, ArchiveError> {
        Ok(Archive::of(
            PathBuf::new(),
            Store::scratch(clock).await?,
            Index::in_memory()?,
        ))
    }

    /// Opens an existing archive for reading only, while another process
    /// may import: the database is opened read-only (an archive that needs
    /// a migration is refused, [`fonds_store::StoreError::NeedsUpgrade`]),
    /// the index is opened without being created or replaced (one missing
    /// or of another layout is an empty stand-in that `verify` reports),
    /// searches follow the other process's commits, and editors' decisions
    /// are refused. Nothing in the archive's folder is created or changed.
    pub async fn open_read_only(place: impl Into<Place>) -> Result<Archive, ArchiveError> {
        let place = place.into();
        let dir = place.dir.as_path();
        let store = Store::open_read_only(&place).await?;
        let index = Index::open_read_only(&dir.join("index"))?;
        Ok(Archive::of(dir.to_path_buf(), store, index))
    }

    /// Opens an existing archive to change its accounts, access rules and
    /// audit log only, beside a server that holds it for writing: the
    /// store is opened for writing (those are rows of the store alone), the
    /// index for reading. A running server sees a changed rule with its
    /// next request after at most a second.
    pub async fn open_for_accounts(place: impl Into<Place>) -> Result<Archive, ArchiveError> {
        let place = place.into();
        let dir = place.dir.as_path();
        if !Store::exists(&place) {
            let db = dir.join("fonds.db");
            return Err(fonds_store::StoreError::io(
                &db,
                std::io::Error::new(std::io::ErrorKind::NotFound, "there is no archive here"),
            )
            .into());
        }
        let store = Store::open(&place).await?;
        store.fill_collections().await?;
        let index = Index::open_read_only(&dir.join("index"))?;
        Ok(Archive::of(dir.to_path_buf(), store, index))
    }

    /// Whether the archive was opened with [`Archive::open_read_only`].
    pub fn read_only(&self) -> bool {
        !self.index.writable()
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The object storage that keeps the archive's blobs, if any.
    pub fn objects(&self) -> Option<&fonds_store::Objects> {
        self.store.objects()
    }

    /// The store behind the archive, for tests that break it on purpose.
    #[cfg(feature = "testing")]
    pub fn store(&self) -> &Store {
        &self.store
    }

    /// The index behind the archive, for tests that break it on purpose.
    #[cfg(feature = "testing")]
    pub fn index(&self) -> &Index {
        &self.index
    }

    /// Indexes the store's changes the index has not seen, committing every
    /// [`commit_every_docs`] or [`COMMIT_EVERY`]; returns how many. A rebuild
    /// under way stays marked so in each commit until the index reaches
    /// the store.
    pub async fn catch_up(&self) -> Result<usize, ArchiveError> {
        let mut seq = match self.index.indexed_seq() {
            Ok(seq) => seq,
            Err(fonds_search::SearchError::Incompatible(_)) => {
                self.index.clear()?;
                0
            }
            Err(e) => return Err(e.into()),
        };
        let rebuilding = self.index.rebuilding();
        let target = self.store.max_seq().await?;
        let mut n = 0;
        let mut clock = CommitClock::new();
        while seq < target {
            let batch = self.store.changed_since(seq, 500).await?;
            if batch.is_empty() {
                break;
            }
            for stored in &batch {
                self.index.put(&stored.document)?;
                seq = stored.seq;
                n += 1;
                clock.pending += 1;
            }
            // As an import does: a run killed halfway keeps what it did,
            // and the writer never holds more than this uncommitted.
            if seq < target && clock.due() {
                if rebuilding {
                    self.index.commit_rebuilding(seq)?;
                } else {
                    self.index.commit(seq)?;
                }
                clock.committed();
            }
        }
        if n > 0 || rebuilding || self.index.indexed_seq().unwrap_or(-1) != target {
            self.index.commit(target)?;
        }
        Ok(n)
    }

    /// Follows the changes other processes make to the store (other nodes
    /// on one database server): every `every`, the index catches up with
    /// the store's change sequence and, when it took changes, the persons
    /// are linked again. Runs until the process ends; a failed round is
    /// said on stderr and tried again at the next.
    pub async fn follow(&self, every: std::time::Duration) {
        let mut ticks = tokio::time::interval(every);
        ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        // On a database server, a change is told at once (LISTEN/NOTIFY);
        // the rounds on the clock catch what a lost connection missed.
        let mut changes = match self.store.changes().await {
            Ok(c) => c,
            Err(e) => {
                eprintln!("fonds: listening for the store's changes: {e}; looking every {every:?}");
                None
            }
        };
        loop {
            match changes.as_mut() {
                Some(c) => {
                    tokio::select! {
                        _ = ticks.tick() => {}
                        told = c.next() => {
                            if let Err(e) = told {
                                eprintln!("fonds: listening for the store's changes: {e}");
                                ticks.tick().await;
                            }
                        }
                    }
                }
                None => {
                    ticks.tick().await;
                }
            }
            let round = async {
                let behind = self.changes_not_indexed().await?.unwrap_or(0);
                if behind > 0 && self.catch_up().await? > 0 {
                    self.link_people(false).await?;
                }
                Ok::<_, ArchiveError>(())
            };
            if let Err(e) = round.await {
                eprintln!("fonds: following the store's changes: {e}");
            }
        }
    }

    /// Links the archive's names into persons again if documents changed
    /// since the last linking (or always, with `force`): rewrites every
    /// document's people rows first when they were read by an older fonds.
    /// Returns the number of persons, or None when nothing had changed.
    pub async fn link_people(&self, force: bool) -> Result<Option<usize>, ArchiveError> {
        let store = &self.store;
        if store.meta("people_format").await?.as_deref() != Some(PEOPLE_FORMAT) {
            store.rewrite_people().await?;
            store.set_meta("people_format", PEOPLE_FORMAT).await?;
        }
        let seq = store.max_seq().await?.to_string();
        let decisions = store.decisions().await?;
        let made = decisions.len().to_string();
        if !force
            && store.meta("people_seq").await?.as_deref() == Some(seq.as_str())
            && store.meta("people_decisions").await?.as_deref() == Some(made.as_str())
        {
            return Ok(None);
        }
        let (forms, links, apart) = store.people_input().await?;
        let persons = fonds_core::people::link::link(&forms, &links, &apart, &decisions);
        store.replace_persons(&persons).await?;
        self.forget_names();
        store.set_meta("people_seq", &seq).await?;
        store.set_meta("people_decisions", &made).await?;
        Ok(Some(persons.len()))
    }

    /// Records an editor's decision and links the persons again.
    pub async fn decide(
        &self,
        by: &Viewer,
        decision: &fonds_core::people::link::Decision,
    ) -> Result<(), ArchiveError> {
        if self.read_only() {
            return Err(fonds_search::SearchError::ReadOnly.into());
        }
        if !by.may_edit() {
            return Err(ArchiveError::Forbidden(
                "only an editor decides who a person is".into(),
            ));
        }
        self.store.add_decision(decision).await?;
        self.store
            .audit(
                by.name(),
                "person-decision",
                "persons",
                &format!("{decision:?}"),
            )
            .await?;
        self.link_people(true).await?;
        Ok(())
    }

    /// Rebuilds the index from the store, or, when an earlier rebuild was
    /// stopped (its last commit says so), goes on from where it stopped:
    /// the store's changes are indexed in order, so the documents up to the
    /// commit's change are in the index and every later change is still to
    /// come.
    pub async fn reindex(&self) -> Result<Rebuild, ArchiveError> {
        let resumed_after = match self.index.indexed_seq() {
            Ok(seq) if self.index.rebuilding() => Some(seq),
            _ => None,
        };
        if resumed_after.is_none() {
            self.index.clear()?;
            self.index.commit_rebuilding(0)?;
        }
        Ok(Rebuild {
            indexed: self.catch_up().await?,
            resumed_after,
        })
    }

    /// Imports files and folders (recursively). Bad files are reported and
    /// skipped; they never stop the batch.
    ///
    /// Readers on other threads (one per core) read each file, parse it,
    /// keep its source in the blob store and prepare each document's JSON,
    /// people and index entry. Here, in file order, the documents are
    /// written to the store in transactions of up to [`BATCH_DOCS`] and then
    /// handed to the index writer.
    pub async fn import(
        &self,
        paths: &[PathBuf],
        mut progress: impl FnMut(Progress),
    ) -> Result<ImportSummary, ArchiveError> {
        let start = Instant::now();
        let walk = fonds_ingest::walk(paths)?;
        let packaged = walk.scans;
        let files = std::sync::Arc::new(walk.files);
        let mut summary = ImportSummary {
            skipped: walk.skipped,
            followed: walk.followed,
            ..ImportSummary::default()
        };
        let mut readers =
            Readers::start(files.clone(), self.store.clone(), self.index.entry_maker());
        let mut last_seq = self.store.max_seq().await?;
        let mut clock = CommitClock::new();
        let mut ahead: std::collections::BTreeMap<usize, Result<ReadFile, ArchiveError>> =
            Default::default();
        let mut next = 0usize;
        let mut batch: Vec<(Prepared, fonds_search::TantivyDocument)> = Vec::new();
        let mut singles: Vec<(PathBuf, String)> = Vec::new();
        while next < files.len() {
            // Wait for the readers only when there is nothing to write.
            let got = if batch.is_empty() && !ahead.contains_key(&next) {
                match readers.results.recv().await {
                    Some(got) => Some(got),
                    None => return Err(ArchiveError::Readers),
                }
            } else {
                readers.results.try_recv().ok()
            };
            let idle = got.is_none();
            if let Some((i, r)) = got {
                ahead.insert(i, r);
            }
            while let Some(r) = ahead.remove(&next) {
                next += 1;
                readers.slots.release();
                match r {
                    Ok(read) => {
                        summary.bytes += read.bytes;
                        // A file of one document may have its scans beside it.
                        if let [(only, _)] = read.docs.as_slice() {
                            singles.push((files[next - 1].path.clone(), only.document.id.clone()));
                        }
                        for item in read.docs {
                            // An id twice in a batch: the first is written first.
                            if batch
                                .iter()
                                .any(|(p, _)| p.document.id == item.0.document.id)
                            {
                                self.write_batch(
                                    &mut batch,
                                    &mut summary,
                                    &mut last_seq,
                                    &mut clock.pending,
                                )
                                .await?;
                            }
                            batch.push(item);
                        }
                    }
                    // Only problems of the input are the file's; a failing
                    // store or index stops the import.
                    Err(ArchiveError::Ingest(e)) => summary
                        .failed
                        .push((files[next - 1].path.clone(), e.to_string())),
                    Err(e) => {
                        self.write_batch(
                            &mut batch,
                            &mut summary,
                            &mut last_seq,
                            &mut clock.pending,
                        )
                        .await?;
                        self.index.commit(last_seq)?;
                        return Err(e);
                    }
                }
                if batch.len() >= BATCH_DOCS {
                    break;
                }
            }
            if idle || batch.len() >= BATCH_DOCS || next == files.len() {
                self.write_batch(&mut batch, &mut summary, &mut last_seq, &mut clock.pending)
                    .await?;
                progress(Progress {
                    done: next,
                    total: files.len(),
                    elapsed: start.elapsed(),
                });
            }
            if clock.due() {
                self.index.commit(last_seq)?;
                clock.committed();
            }
        }
        self.write_batch(&mut batch, &mut summary, &mut last_seq, &mut clock.pending)
            .await?;
        if clock.pending > 0 || self.index.indexed_seq()? < last_seq {
            self.index.commit(last_seq)?;
        }
        self.attach_beside(&singles, &mut summary).await?;
        self.attach_packaged(&packaged, &mut summary).await?;
        self.link_people(false).await?;
        summary.elapsed = start.elapsed();
        Ok(summary)
    }

    /// Writes a batch of prepared documents to the store in one
    /// transaction, then to the index writer; empties the batch.
    async fn write_batch(
        &self,
        batch: &mut Vec<(Prepared, fonds_search::TantivyDocument)>,
        summary: &mut ImportSummary,
        last_seq: &mut i64,
        pending: &mut usize,
    ) -> Result<(), ArchiveError> {
        if batch.is_empty() {
            return Ok(());
        }
        let items = std::mem::take(batch);
        let (prepared, entries): (Vec<Prepared>, Vec<fonds_search::TantivyDocument>) =
            items.into_iter().unzip();
        let outcomes = match self.store.put_batch(&prepared).await {
            Ok(o) => o,
            Err(e) => {
                self.index.commit(self.store.max_seq().await?).ok();
                return Err(e.into());
            }
        };
        for ((p, entry), outcome) in prepared.iter().zip(entries).zip(outcomes) {
            match outcome {
                PutOutcome::Imported { seq } | PutOutcome::Updated { seq, .. } => {
                    self.index.put_entry(&p.document.id, entry)?;
                    *last_seq = (*last_seq).max(seq);
                    *pending += 1;
                    if matches!(outcome, PutOutcome::Imported { .. }) {
                        summary.imported += 1;
                    } else {
                        summary.updated += 1;
                    }
                }
                PutOutcome::Unchanged => summary.unchanged += 1,
            }
        }
        Ok(())
    }

    /// Checks the whole archive and changes nothing: see
    /// [`Archive::verify_covering`].
    pub async fn verify(&self) -> Result<VerifyReport, ArchiveError> {
        self.verify_covering(Coverage::Whole).await
    }

    /// Checks the archive and changes nothing: the versions `coverage`
    /// says (each one's stored document against its checksum, each one's
    /// source file against its SHA-256, a source several versions share
    /// once), the index's files against their checksums, every current
    /// document against the index, the index's commit and the persons'
    /// linking against the store's last change. A fixity check an
    /// archivist can run at any time, on an archive opened read-only
    /// beside a running server too; [`AuditLog`] records its result.
    pub async fn verify_covering(&self, coverage: Coverage) -> Result<VerifyReport, ArchiveError> {
        let store = &self.store;
        let mut report = VerifyReport {
            started_at: rfc3339(Clock::now(&SystemClock)),
            documents: store.count().await?,
            versions: store.count_versions().await?,
            store_seq: store.max_seq().await?,
            ..VerifyReport::default()
        };
        self.check_versions(coverage, &mut report).await?;
        report.index_seq = match self.index.indexed_seq() {
            Ok(seq) => Some(seq),
            Err(fonds_search::SearchError::Incompatible(_)) => None,
            Err(e) => return Err(e.into()),
        };
        match report.index_seq {
            None => report.problems.push(Problem::IndexFormat),
            Some(seq) if seq < report.store_seq => report.problems.push(Problem::IndexBehind {
                changes: report.store_seq - seq,
                indexed_up_to: seq,
            }),
            Some(_) => {}
        }
        let linked = store
            .meta("people_seq")
            .await?
            .and_then(|s| s.parse::<i64>().ok());
        let current_format = store.meta("people_format").await?.as_deref() == Some(PEOPLE_FORMAT);
        let decisions = store.decisions().await?.len().to_string();
        report.people_seq = linked;
        if !current_format
            || linked != Some(report.store_seq)
            || store.meta("people_decisions").await?.as_deref() != Some(decisions.as_str())
        {
            report.problems.push(Problem::PeopleBehind {
                linked_at: linked.filter(|_| current_format),
            });
        }
        // An index that cannot be used is one problem (`IndexFormat`), not
        // every document missing from its empty stand-in as well.
        if report.index_seq.is_some() {
            let damaged = self.index.damaged_files()?;
            if !damaged.is_empty() {
                report.problems.push(Problem::IndexFiles { files: damaged });
            }
            report.indexed = self.index.num_docs();
            report.problems.extend(self.index_disagrees().await?);
        }
        Ok(report)
    }

    /// Checks the versions `coverage` says into `report`: each one's stored
    /// document, and each one's source, once per source.
    async fn check_versions(
        &self,
        coverage: Coverage,
        report: &mut VerifyReport,
    ) -> Result<(), ArchiveError> {
        let store = &self.store;
        let total = report.versions;
        let (mut after, mut budget) = match coverage {
            Coverage::Whole => (None, total),
            Coverage::Share(percent) => {
                report.share_percent = Some(percent);
                let share = (total as f64 * percent / 100.0).ceil() as i64;
                (store.last_share_end().await?, share.clamp(1, total.max(1)))
            }
        };
        let mut from_the_first = after.is_none();
        let mut sources: HashMap<String, Option<String>> = HashMap::new();
        let mut scanned: std::collections::HashSet<String> = Default::default();
        let mut found = Vec::new();
        while budget > 0 {
            let batch = store
                .versions_after(
                    after
                        .as_ref()
                        .map(|(d, v): &(String, i64)| (d.as_str(), *v)),
                    budget.min(500),
                )
                .await?;
            if batch.is_empty() {
                if from_the_first {
                    break;
                }
                // Round to the first version.
                after = None;
                from_the_first = true;
                continue;
            }
            for v in batch {
                budget -= 1;
                report.versions_checked += 1;
                let place = (v.doc_id.clone(), v.version);
                report.first_checked.get_or_insert_with(|| place.clone());
                report.last_checked = Some(place.clone());
                after = Some(place);
                // The document's scans, with its first version checked.
                if scanned.insert(v.doc_id.clone()) {
                    for scan in store.scans(&v.doc_id).await? {
                        if let Err(e) = store.blob(&scan.sha256).await {
                            found.push(Problem::Scan {
                                id: v.doc_id.clone(),
                                n: scan.n,
                                file: scan.name,
                                error: e.to_string(),
                            });
                        }
                    }
                }
                if let Some(error) = v.document_problem {
                    found.push(Problem::Stored {
                        id: v.doc_id.clone(),
                        version: v.version,
                        error,
                    });
                }
                let error = match sources.get(&v.sha256) {
                    Some(error) => error.clone(),
                    None => {
                        report.sources_checked += 1;
                        let error = store
                            .source_by_checksum(&v.sha256)
                            .await
                            .err()
                            .map(|e| e.to_string());
                        sources.insert(v.sha256.clone(), error.clone());
                        error
                    }
                };
                if let Some(error) = error {
                    found.push(Problem::Source {
                        id: v.doc_id,
                        version: v.version,
                        file: v.source_name,
                        error,
                    });
                }
            }
        }
        report.unlisted_problems = found.len().saturating_sub(MAX_LISTED_PROBLEMS);
        found.truncate(MAX_LISTED_PROBLEMS);
        report.problems.extend(found);
        Ok(())
    }

    /// Reads a version's stored document again from its source (checked
    /// against its checksum) with this fonds's readers, and keeps it in
    /// place of the damaged one.
    async fn restore_document(&self, id: &str, version: i64) -> Result<(), ArchiveError> {
        let info = self
            .store
            .versions(id)
            .await?
            .into_iter()
            .find(|v| v.version == version)
            .ok_or_else(|| StoreError::NotFound(format!("document {id} version {version}")))?;
        let bytes = self.store.source(id, version).await?;
        // A file of several documents names each one after a '#'.
        let name = info
            .source_name
            .strip_suffix(&format!("#{id}"))
            .unwrap_or(&info.source_name);
        let text = fonds_ingest::source::decode(&bytes).map_err(|problem| {
            fonds_ingest::IngestError::Input {
                path: PathBuf::from(name),
                kind: problem,
            }
        })?;
        let source = fonds_ingest::Source {
            path: PathBuf::from(name),
            text,
            bytes,
        };
        let doc = fonds_ingest::parse_all(&source)?
            .into_iter()
            .find(|d| d.id == id)
            .ok_or_else(|| {
                StoreError::Corrupt(format!("{name} no longer gives the document {id}"))
            })?;
        let prepared = Store::prepare(doc, &info.sha256, &source.bytes.into(), name);
        Ok(self
            .store
            .restore_document(id, version, &prepared.packed)
            .await?)
    }

    /// The index checked against the store: the current documents it lacks
    /// and whether its count differs.
    async fn index_disagrees(&self) -> Result<Vec<Problem>, ArchiveError> {
        let mut not_indexed = Vec::new();
        let mut seq = 0;
        loop {
            let batch = self.store.ids_changed_since(seq, 1000).await?;
            let Some(last) = batch.last() else { break };
            seq = last.0;
            let ids: Vec<&str> = batch.iter().map(|(_, id)| id.as_str()).collect();
            not_indexed.extend(self.index.missing(&ids)?);
        }
        Ok(index_problems(
            not_indexed,
            self.index.num_docs(),
            self.store.count().await?,
        ))
    }

    /// Mends what [`Archive::verify`] found that can be mended: indexes the
    /// changes the index lacks, checks the index against the store again
    /// (the documents it lacks, its count) and rebuilds it if it still
    /// disagrees, replaces an index of another layout by one rebuilt from
    /// the store, and links the persons again.
    pub async fn repair(&mut self, found: &VerifyReport) -> Result<Repairs, ArchiveError> {
        let mut done = Repairs::default();
        // Damaged stored documents first: the index is rebuilt from them.
        for p in &found.problems {
            if let Problem::Stored { id, version, .. } = p {
                if self.restore_document(id, *version).await.is_ok() {
                    done.restored += 1;
                }
            }
        }
        let any = |f: fn(&Problem) -> bool| found.problems.iter().any(f);
        let behind = any(|p| matches!(p, Problem::IndexBehind { .. }));
        let wrong = any(|p| matches!(p, Problem::NotIndexed { .. } | Problem::IndexCount { .. }));
        if any(|p| matches!(p, Problem::IndexFormat | Problem::IndexFiles { .. }))
            || self.index.unusable().is_some()
        {
            // The stand-in gives up the old index's lock; the old index is
            // removed and an empty one of this layout takes its place.
            drop(std::mem::replace(&mut self.index, Index::in_memory()?));
            self.index = Archive::open_index_replacing(&self.dir)?;
            done.indexed = self.reindex().await?.indexed;
            done.rebuilt = true;
        } else if behind || wrong {
            if behind {
                done.indexed = self.catch_up().await?;
            }
            // Catching up mends what the lag explains; an index that still
            // disagrees with the store (a document missing, a count that
            // differs) is rebuilt from it.
            if !self.index_disagrees().await?.is_empty() {
                done.indexed = self.reindex().await?.indexed;
                done.rebuilt = true;
            }
        }
        if any(|p| matches!(p, Problem::PeopleBehind { .. })) {
            done.linked = self.link_people(true).await?;
        }
        Ok(done)
    }

    /// The current version of a document, if `viewer` may read it.
    pub async fn document(
        &self,
        viewer: &Viewer,
        id: &str,
    ) -> Result<Option<StoredDocument>, ArchiveError> {
        if !self.may_read(viewer, id).await? {
            return Ok(None);
        }
        Ok(self.store.get(id).await?)
    }

    /// A query in the fonds query language, parsed and widened to the
    /// names of the persons it names, as the index runs it.
    async fn widened(
        &self,
        parsed: fonds_query::Query,
    ) -> Result<(fonds_query::Query, Box<dyn fonds_search::TantivyQuery>), ArchiveError> {
        let mut budget = widen::MAX_PERSON_EXPANSIONS;
        let expanded = self.name_map().await?.widen(parsed, &mut budget);
        let tq = fonds_search::to_tantivy(&self.index, &expanded)
            .map_err(fonds_search::SearchError::from)?;
        Ok((expanded, tq))
    }

    /// The documents a query selects (the same as [`Archive::search`]
    /// finds), one page of them in the request's order, without snippets.
    pub async fn select(
        &self,
        viewer: &Viewer,
        query: &str,
        req: &SearchRequest,
    ) -> Result<Selection, ArchiveError> {
        let (_, tq) = self.widened(parse_query(query)?).await?;
        let filter = self.hidden_query(viewer).await?;
        let tq = Index::within(tq, filter.as_deref());
        let results = self.index.search(tq.as_ref(), req)?;
        let ids: Vec<&str> = results.hits.iter().map(|h| h.card.id.as_str()).collect();
        // As in a search, a hit the store lacks is passed over.
        let documents = self
            .store
            .get_many(&ids)
            .await?
            .into_iter()
            .flatten()
            .collect();
        Ok(Selection {
            total: results.total,
            documents,
        })
    }

    /// Runs a query in the fonds query language.
    pub async fn search(
        &self,
        viewer: &Viewer,
        query: &str,
        req: &SearchRequest,
    ) -> Result<SearchPage, ArchiveError> {
        self.search_tree(viewer, parse_query(query)?, req).await
    }

    /// Runs a query given as a tree: one parsed, or one built from parts
    /// (a reader's query and a form's filters) that no text could escape.
    pub async fn search_tree(
        &self,
        viewer: &Viewer,
        parsed: fonds_query::Query,
        req: &SearchRequest,
    ) -> Result<SearchPage, ArchiveError> {
        let (expanded, tq) = self.widened(parsed).await?;
        let filter = self.hidden_query(viewer).await?;
        // Snippets are cut by the query's own terms; what is found and
        // counted is only what the viewer may read.
        let found = Index::within(tq.box_clone(), filter.as_deref());
        let results = self.index.search(found.as_ref(), req)?;
        let words = expanded.terms();
        // Speakers named beside words: show the turns in which they say them.
        let speakers: Vec<String> = speaker_scopes(&expanded);
        let said: Vec<&str> = words
            .iter()
            .copied()
            .filter(|w| !speakers.contains(&fonds_core::align::speaker_key(w)))
            .collect();
        let mut maker = self
            .index
            .snippet_maker(&results.searcher, tq.as_ref(), 180, &words);
        // Everything a hit shows comes from the index: no store is read.
        let mut hits = Vec::with_capacity(results.hits.len());
        for hit in &results.hits {
            let mut snippets = if speakers.is_empty() {
                Vec::new()
            } else {
                self.index
                    .turn_snippets(&results.searcher, hit, &speakers, &said, 180, 2)?
            };
            if snippets.is_empty() {
                snippets = maker.snippets(hit)?;
            }
            hits.push(Found {
                card: hit.card.clone(),
                score: hit.score,
                snippets,
            });
        }
        let mut facets = results.facets;
        if let Some(f) = facets.as_mut() {
            f.person = self.person_facet(viewer, &expanded, found.as_ref()).await?;
        }
        Ok(SearchPage {
            total: results.total,
            hits,
            facets,
        })
    }
}

/// The speaker keys of every AND in the query that names speakers beside
/// words (see [`fonds_search::speaker_scope`]).
fn speaker_scopes(q: &fonds_query::Query) -> Vec<String> {
    use fonds_query::Query;
    let mut out = Vec::new();
    match q {
        Query::And(children) => {
            if let Some((keys, _)) = fonds_search::speaker_scope(children) {
                out.extend(keys);
            }
            for c in children {
                out.extend(speaker_scopes(c));
            }
        }
        Query::Or(children) => children.iter().for_each(|c| out.extend(speaker_scopes(c))),
        Query::Not(_) => {}
        _ => {}
    }
    out.sort();
    out.dedup();
    out
}

/// The decisions that split `split` off a person whose names are `names`:
/// each split name is kept apart from each name that stays, and the split
/// names stay together. Every split name must be one of the person's, and
/// at least one name must stay.
pub fn split_decisions(
    names: &[String],
    split: &[String],
) -> Result<Vec<fonds_core::people::link::Decision>, String> {
    use fonds_core::people::link::Decision;
    if let Some(stranger) = split.iter().find(|s| !names.contains(s)) {
        return Err(format!("{stranger:?} is not one of this person's names"));
    }
    let stay: Vec<&String> = names.iter().filter(|n| !split.contains(n)).collect();
    if stay.is_empty() {
        return Err("a split must leave the person at least one name".into());
    }
    let mut out = Vec::new();
    for s in split {
        for r in &stay {
            out.push(Decision::Split {
                a: s.clone(),
                b: (*r).clone(),
            });
        }
    }
    for pair in split.windows(2) {
        out.push(Decision::Merge {
            a: pair[0].clone(),
            b: pair[1].clone(),
        });
    }
    Ok(out)
}
