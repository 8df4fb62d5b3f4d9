//! The system of record: documents and every version of them in a SQL
//! database, and the source files they were read from, byte for byte, by
//! SHA-256: in the database for the embedded store (written in the same
//! transaction as the document), else in a content-addressed blob store.
//!
//! Each change to a document takes the next number of a change sequence. The
//! search index is derived from the store and records the sequence number it is
//! complete up to, so after a crash the index can be brought level with the
//! store by replaying the changes after that number.
//!
//! The database is SQLite in the archive's folder, or a PostgreSQL server
//! ([`Place`], [`Dialect`]), through sqlx's Any driver.
//!
//! Architecture invariant: SQL stays in this crate, written in the subset that
//! SQLite and PostgreSQL share; the few differences (placeholders of long
//! generated statements, bytes columns, the lock a write takes) are decided
//! by [`Dialect`] in one place each.
//! Documents are stored in their JSON form (docs/document-json.md), which has
//! its own version, so the store never depends on the layout of core types.

pub mod accounts;
pub mod blob;
pub mod clock;
pub mod copy;
pub mod fixity;
pub mod jobs;
pub mod objects;
pub mod ocr;
pub mod people;
pub mod scans;

pub use accounts::{AccessRow, AuditEntry, Hidden, SessionRow, TokenRow, UserRow, MAX_HIDDEN};
pub use blob::{sha256_hex, BlobStore, FsBlobStore, MemBlobStore};
pub use clock::{rfc3339, Clock, FixedClock, SystemClock};
pub use copy::CopyReport;
pub use jobs::JobRow;
pub use objects::{ObjectBlobs, Objects};
pub use ocr::{NewOcr, OcrRead};
pub use people::{FormRow, PersonDocument, PersonEntry};
pub use scans::{NewScan, Scan};

use fonds_core::Document;
use sqlx::any::{AnyArguments, AnyPoolOptions, AnyRow};
use sqlx::{Any, AnyConnection, AnyPool, Executor, Row};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Errors of the store, each with what it concerns.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("database: {0}")]
    Database(#[from] sqlx::Error),
    #[error("database migration: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("corrupt archive: {0}")]
    Corrupt(String),
    /// Opened read-only, the database lacks migrations this fonds needs.
    #[error("this archive needs an upgrade ({pending} database migrations to run): run a writing command such as `fonds verify --repair` first")]
    NeedsUpgrade { pending: usize },
    #[error("not found: {0}")]
    NotFound(String),
    /// What was asked contradicts what is kept (a name already taken).
    #[error("{0}")]
    Conflict(String),
    /// An editor's change made on a version that is no longer the current
    /// one: another change came first.
    #[error("document {id} changed meanwhile: it is at version {current}")]
    Stale { id: String, current: i64 },
    /// Object storage refused or did not answer (the message names the
    /// bucket and what was asked).
    #[error("object storage {0}")]
    Objects(String),
    #[error("not a blob address: {0:?}")]
    BadAddress(String),
}

impl StoreError {
    pub fn io(path: &Path, source: std::io::Error) -> StoreError {
        StoreError::Io {
            path: path.to_path_buf(),
            source,
        }
    }
}

/// What storing a document did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PutOutcome {
    /// A document the store did not have.
    Imported { seq: i64 },
    /// A known document whose source changed: a new version, the old kept.
    Updated { seq: i64, version: i64 },
    /// The same source as the current version: nothing changed.
    Unchanged,
}

/// A document made ready for [`Store::put_batch`] by [`Store::prepare`].
#[derive(Debug, Clone)]
pub struct Prepared {
    pub document: Document,
    /// The document in its JSON form.
    pub json: String,
    /// The JSON form as stored: a zstd frame ([`pack`]).
    pub packed: Vec<u8>,
    pub people: fonds_core::people::mentions::DocPeople,
    /// The source's SHA-256, its address in the blob store.
    pub sha256: String,
    /// The source's bytes (shared by the documents of one file).
    pub source: Arc<[u8]>,
    pub source_name: String,
    /// When the version was first imported, for a version read back from
    /// an export (an OCFL object) that keeps it; None for now. A value
    /// that is not an RFC 3339 time is not kept.
    pub imported_at: Option<String>,
    /// Who made the version and why, for an editor's (None for an import).
    pub author: Option<String>,
    pub comment: Option<String>,
    /// The version an editor's change was made on: stored only while it is
    /// still the current one ([`StoreError::Stale`] otherwise).
    pub on_version: Option<i64>,
}

/// The database a store is kept in. The SQL is the subset both read; only
/// the placeholders of long generated statements and the schema's
/// migrations differ.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    /// The embedded store: one file, one process.
    Sqlite,
    /// A database server, for an institution and several nodes.
    Postgres,
}

impl Dialect {
    /// The dialect of an open connection.
    pub(crate) fn of(conn: &AnyConnection) -> Dialect {
        if conn.backend_name() == "PostgreSQL" {
            Dialect::Postgres
        } else {
            Dialect::Sqlite
        }
    }

    /// `rows` groups of `n` placeholders, each in parentheses: anonymous
    /// `?` for SQLite, which looks a numbered one up by walking a list
    /// (binding a long statement would be quadratic), `$1` onwards for
    /// PostgreSQL, which has no other.
    fn marks(self, n: usize, rows: usize) -> String {
        let mut out = String::with_capacity(n * rows * 5);
        for r in 0..rows {
            if r > 0 {
                out.push_str(", ");
            }
            out.push('(');
            for c in 0..n {
                if c > 0 {
                    out.push_str(", ");
                }
                match self {
                    Dialect::Sqlite => out.push('?'),
                    Dialect::Postgres => {
                        out.push('$');
                        out.push_str(&(r * n + c + 1).to_string());
                    }
                }
            }
            out.push(')');
        }
        out
    }
}

/// A column of bytes as a query reads it: on SQLite cast to a BLOB, since a
/// damaged or an old row may hold text there that is not UTF-8, which the
/// driver would refuse to read as text; on PostgreSQL a BYTEA as it is.
pub(crate) fn blob(dialect: Dialect, column: &str) -> String {
    match dialect {
        Dialect::Sqlite => format!("CAST({column} AS BLOB)"),
        Dialect::Postgres => column.to_string(),
    }
}

/// The VALUES list of a multi-row insert: `rows` groups of `cols`
/// placeholders.
pub(crate) fn values(dialect: Dialect, rows: usize, cols: usize) -> String {
    dialect.marks(cols, rows)
}

/// `head` ("SELECT ... WHERE d.id IN", "DELETE FROM t WHERE doc_id IN")
/// followed by the list of `ids`: only placeholders go into the SQL, each id
/// is bound.
pub(crate) fn in_ids<'q>(
    dialect: Dialect,
    head: &str,
    ids: &[&'q str],
) -> sqlx::query::Query<'q, Any, AnyArguments> {
    let sql = format!("{head} {}", dialect.marks(ids.len(), 1));
    ids.iter()
        .fold(sqlx::query(sqlx::AssertSqlSafe(sql)), |q, id| q.bind(*id))
}

type AnyQuery = sqlx::query::Query<'static, Any, AnyArguments>;

/// A column of bytes: a BLOB, or text in rows an earlier fonds wrote (SQLite
/// keeps either in any column).
pub(crate) fn bytes_at(r: &AnyRow, i: usize) -> Result<Vec<u8>, sqlx::Error> {
    r.try_get::<Vec<u8>, _>(i)
        .or_else(|_| r.try_get::<String, _>(i).map(String::into_bytes))
}

/// Rows per statement of a multi-row insert.
const ROWS_PER_INSERT: usize = 32;

/// Inserts `rows` with `head` ("INSERT INTO t (a, b)") and `tail` (an ON
/// CONFLICT clause, or nothing) in statements of [`ROWS_PER_INSERT`] rows,
/// the rest one row each: only two statement texts, each prepared once per
/// connection and then taken from the statement cache.
pub(crate) async fn insert_rows<T>(
    tx: &mut AnyConnection,
    head: &str,
    tail: &str,
    cols: usize,
    rows: &[T],
    bind: impl Fn(AnyQuery, &T) -> AnyQuery,
) -> Result<(), StoreError> {
    let dialect = Dialect::of(tx);
    let full = rows.len() / ROWS_PER_INSERT * ROWS_PER_INSERT;
    for chunk in rows[..full]
        .chunks(ROWS_PER_INSERT)
        .chain(rows[full..].chunks(1))
    {
        let sql = format!("{head} VALUES {}{tail}", values(dialect, chunk.len(), cols));
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
        for r in chunk {
            q = bind(q, r);
        }
        q.execute(&mut *tx).await?;
    }
    Ok(())
}

/// A document as stored, with its version and provenance.
#[derive(Debug, Clone)]
pub struct StoredDocument {
    pub document: Document,
    pub version: i64,
    pub seq: i64,
    pub sha256: String,
    pub source_name: String,
    pub imported_at: String,
    pub updated_at: String,
}

/// One version of a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VersionInfo {
    pub version: i64,
    pub sha256: String,
    pub source_name: String,
    pub source_size: i64,
    pub imported_at: String,
    /// Who made it and why, for an editor's version.
    pub author: Option<String>,
    pub comment: Option<String>,
}

/// The store: a SQL database and a blob store.
#[derive(Clone)]
pub struct Store {
    pool: AnyPool,
    /// The database server's address, for listening to its notifications.
    server: Option<Arc<str>>,
    dialect: Dialect,
    /// Where sources go: the database's `sources` table (the embedded
    /// store), or the blob store (object storage). Sources are read from the
    /// table first, then from the blob store, where an earlier fonds put them.
    sources_in_database: bool,
    blobs: Arc<dyn BlobStore>,
    /// The object storage that keeps the blobs, if any.
    objects: Option<Objects>,
    clock: Arc<dyn Clock>,
    /// SQLite has one writer; serialising writes here avoids lock upgrades
    /// failing with "database is locked" under concurrent imports.
    write: Arc<tokio::sync::Mutex<()>>,
}

/// Notifications of changed documents from a database server.
pub struct Changes {
    listener: sqlx::postgres::PgListener,
}

impl Changes {
    /// Waits for the next change anyone commits (a lost connection is
    /// made again, and said as an error once).
    pub async fn next(&mut self) -> Result<(), StoreError> {
        self.listener.recv().await?;
        Ok(())
    }
}

/// The number of the PostgreSQL advisory lock writes take (an arbitrary
/// constant: "fonds" in ASCII).
const WRITE_LOCK: i64 = 0x66_6f_6e_64_73;

/// The schema of the embedded store, one migration at a time since the first.
static SQLITE_MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations");
/// The schema on PostgreSQL: the embedded store's as of migration 12 in one
/// migration, then each later migration in both folders, numbered alike.
static POSTGRES_MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations-postgres");

/// The address sqlx reads for the SQLite database file `db`, its path
/// percent-encoded, and `mode` (`rwc`, `ro`).
fn sqlite_url(db: &Path, mode: &str) -> String {
    let mut url = String::from("sqlite://");
    for b in db.to_string_lossy().bytes() {
        if b.is_ascii_alphanumeric() || b"/-_.~".contains(&b) {
            url.push(b as char);
        } else {
            url.push_str(&format!("%{b:02X}"));
        }
    }
    url.push_str("?mode=");
    url.push_str(mode);
    url
}

/// A pool of connections to SQLite at `url`, each set up as the store
/// needs: a wait of 10 s for the lock, 64 MiB of page cache per connection
/// rather than SQLite's 2 MB (the indexes of a large archive's people rows
/// are written at random places), foreign keys on, and for writing, WAL
/// with NORMAL sync (it survives a killed process; only a power cut can
/// lose the last transactions, never corrupt the database).
async fn sqlite_pool(url: &str, connections: u32, writing: bool) -> Result<AnyPool, StoreError> {
    sqlx::any::install_default_drivers();
    let pool = AnyPoolOptions::new()
        .max_connections(connections)
        .after_connect(move |conn, _| {
            Box::pin(async move {
                conn.execute("PRAGMA busy_timeout = 10000").await?;
                conn.execute("PRAGMA cache_size = -65536").await?;
                conn.execute("PRAGMA foreign_keys = ON").await?;
                if writing {
                    conn.execute("PRAGMA synchronous = NORMAL").await?;
                }
                Ok(())
            })
        })
        .connect(url)
        .await?;
    if writing {
        sqlx::query("PRAGMA journal_mode = WAL")
            .execute(&pool)
            .await?;
    }
    Ok(pool)
}

/// Where a store is kept: its folder, and the database server that keeps
/// its records, if any. The embedded store keeps its database
/// (`fonds.db`) and its blobs (`blobs/`) in the folder; on a server, the
/// folder keeps the blobs (and the archive's index and caches).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    pub dir: PathBuf,
    /// A PostgreSQL database (`postgres://user@host:port/name`).
    pub database: Option<String>,
    /// Object storage (`s3://bucket/prefix`) that keeps the blobs and
    /// sources instead of the folder.
    pub objects: Option<String>,
}

impl Place {
    pub fn new(dir: impl Into<PathBuf>, database: Option<String>) -> Place {
        Place {
            dir: dir.into(),
            database: database.filter(|d| !d.is_empty()),
            objects: None,
        }
    }

    /// The same place with its blobs in object storage (`s3://...`).
    pub fn with_objects(mut self, objects: Option<String>) -> Place {
        self.objects = objects.filter(|o| !o.is_empty());
        self
    }

    /// Where the place keeps its blobs: its object storage, or the folder's
    /// `blobs/` (made when `create`).
    async fn blobs(
        &self,
        create: bool,
    ) -> Result<(Arc<dyn BlobStore>, Option<Objects>), StoreError> {
        if let Some(url) = &self.objects {
            let objects = Objects::open(url).await?;
            return Ok((Arc::new(ObjectBlobs::new(objects.clone())), Some(objects)));
        }
        let dir = self.dir.join("blobs");
        let blobs = if create {
            FsBlobStore::open(&dir)?
        } else {
            FsBlobStore::at(&dir)
        };
        Ok((Arc::new(blobs), None))
    }

    /// A place for a test in `dir`: the embedded store, or, when the
    /// environment variable `FONDS_TEST_DATABASE` names a database on a
    /// PostgreSQL server, a new database of its own there ([`Store::scratch`]);
    /// and when `FONDS_TEST_OBJECTS` names a bucket (`s3://fonds`), a prefix
    /// of its own there for its blobs.
    pub async fn for_tests(dir: impl Into<PathBuf>) -> Result<Place, StoreError> {
        Ok(Place::new(dir, scratch_database().await?).with_objects(objects::scratch()))
    }

    /// The database's address without its password, for messages.
    pub fn database_shown(&self) -> Option<String> {
        self.database.as_deref().map(without_password)
    }
}

/// A database address with any password replaced by `***`.
pub fn without_password(url: &str) -> String {
    match (url.find("://"), url.find('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            let user = &url[scheme + 3..at];
            match user.split_once(':') {
                Some((name, _)) => format!("{}{name}:***{}", &url[..scheme + 3], &url[at..]),
                None => url.to_string(),
            }
        }
        _ => url.to_string(),
    }
}

impl From<&Path> for Place {
    fn from(dir: &Path) -> Place {
        Place::new(dir, None)
    }
}

impl From<&PathBuf> for Place {
    fn from(dir: &PathBuf) -> Place {
        Place::new(dir.clone(), None)
    }
}

impl From<PathBuf> for Place {
    fn from(dir: PathBuf) -> Place {
        Place::new(dir, None)
    }
}

impl From<&Place> for Place {
    fn from(place: &Place) -> Place {
        place.clone()
    }
}

/// When `FONDS_TEST_DATABASE` names a database on a PostgreSQL server, a
/// new empty database made there for one test, by its address; else None.
async fn scratch_database() -> Result<Option<String>, StoreError> {
    static MADE: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let server = std::env::var("FONDS_TEST_DATABASE").unwrap_or_default();
    if server.is_empty() {
        return Ok(None);
    }
    sqlx::any::install_default_drivers();
    let name = format!(
        "fonds_test_{}_{}_{}",
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_micros()),
        std::process::id(),
        MADE.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
    );
    let mut admin = <AnyConnection as sqlx::Connection>::connect(&server).await?;
    // The name is made of digits and letters here, never of input.
    admin
        .execute(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
        .await?;
    sqlx::Connection::close(admin).await?;
    let (address, query) = server.split_once('?').unwrap_or((server.as_str(), ""));
    let base = address.rsplit_once('/').map_or(address, |(b, _)| b);
    Ok(Some(if query.is_empty() {
        format!("{base}/{name}")
    } else {
        format!("{base}/{name}?{query}")
    }))
}

/// A pool of connections to the PostgreSQL database at `url`, every
/// transaction read-only when `read_only`. One connection is made first, so
/// that a server that cannot be reached is said at once rather than after
/// the pool has tried for its whole timeout.
async fn server_pool(url: &str, read_only: bool) -> Result<AnyPool, StoreError> {
    if !url.starts_with("postgres://") && !url.starts_with("postgresql://") {
        return Err(StoreError::Conflict(format!(
            "a database address begins with postgres:// (postgres://user@host:port/name); {} does not",
            without_password(url)
        )));
    }
    sqlx::any::install_default_drivers();
    let first = <AnyConnection as sqlx::Connection>::connect(url).await?;
    sqlx::Connection::close(first).await?;
    Ok(AnyPoolOptions::new()
        .max_connections(8)
        .acquire_timeout(std::time::Duration::from_secs(10))
        .after_connect(move |conn, _| {
            Box::pin(async move {
                if read_only {
                    conn.execute("SET default_transaction_read_only = on")
                        .await?;
                }
                Ok(())
            })
        })
        .connect(url)
        .await?)
}

impl Store {
    /// Opens (creating if needed) the store at `place`: in its folder,
    /// `fonds.db` and `blobs/`; or on its database server, with the blobs
    /// in the folder.
    ///
    /// With object storage (`place.objects`), blobs and new sources are
    /// kept there instead.
    pub async fn open(place: impl Into<Place>) -> Result<Store, StoreError> {
        let place = place.into();
        let dir = place.dir.as_path();
        std::fs::create_dir_all(dir).map_err(|e| StoreError::io(dir, e))?;
        let (blobs, objects) = place.blobs(true).await?;
        let mut store = match &place.database {
            Some(url) => Store::open_database(url, blobs).await?,
            None => {
                let pool = sqlite_pool(&sqlite_url(&dir.join("fonds.db"), "rwc"), 4, true).await?;
                Store::with_parts(pool, blobs, Arc::new(SystemClock)).await?
            }
        };
        store.sources_in_database = objects.is_none();
        store.objects = objects;
        Ok(store)
    }

    /// The blob `sha256`, checked against it: from object storage without
    /// holding the caller's thread, else from the blob store.
    pub async fn blob(&self, sha256: &str) -> Result<Vec<u8>, StoreError> {
        match &self.objects {
            Some(objects) => ObjectBlobs::new(objects.clone()).fetch(sha256).await,
            None => self.blobs.get(sha256),
        }
    }

    /// Keeps `bytes` in the blob store; returns their SHA-256.
    pub fn put_blob(&self, bytes: &[u8]) -> Result<String, StoreError> {
        self.blobs.put(bytes)
    }

    /// Whether the blob store has the blob `sha256`.
    pub fn has_blob(&self, sha256: &str) -> bool {
        self.blobs.contains(sha256)
    }

    /// The object storage this store keeps its blobs in, if any.
    pub fn objects(&self) -> Option<&Objects> {
        self.objects.as_ref()
    }

    /// Whether there is a store at `place`: the embedded database in its
    /// folder, or (on a server) anything, to be made when first opened.
    pub fn exists(place: &Place) -> bool {
        place.database.is_some() || place.dir.join("fonds.db").is_file()
    }

    /// Opens the store in a PostgreSQL database (`postgres://...`),
    /// running its migrations; sources are kept in the database, blobs
    /// (scans) in `blobs`.
    pub async fn open_database(url: &str, blobs: Arc<dyn BlobStore>) -> Result<Store, StoreError> {
        Store::open_database_with(url, blobs, Arc::new(SystemClock)).await
    }

    /// As [`Store::open_database`], on a clock of the caller's.
    pub async fn open_database_with(
        url: &str,
        blobs: Arc<dyn BlobStore>,
        clock: Arc<dyn Clock>,
    ) -> Result<Store, StoreError> {
        let pool = server_pool(url, false).await?;
        let mut store = Store::with_parts(pool, blobs, clock).await?;
        store.server = Some(Arc::from(url));
        store.sources_in_database = true;
        Ok(store)
    }

    /// A new, empty store for a test: in memory, or, when the environment
    /// variable `FONDS_TEST_DATABASE` names a database on a PostgreSQL
    /// server (`scripts/postgres.sh` starts one), in a database of its own
    /// made on that server, so that the same tests run on both.
    pub async fn scratch(clock: Arc<dyn Clock>) -> Result<Store, StoreError> {
        match scratch_database().await? {
            None => Store::in_memory(clock).await,
            Some(url) => {
                Store::open_database_with(&url, Arc::new(MemBlobStore::default()), clock).await
            }
        }
    }

    /// The database the store is kept in.
    pub fn dialect(&self) -> Dialect {
        self.dialect
    }

    /// A transaction that writes. On a database server several processes
    /// (nodes, workers) write; each write takes one lock of the database's
    /// for its transaction, so that the change sequence and the other
    /// numbers a write takes as the next after the largest stay unique.
    /// On SQLite the transaction takes the database's write lock as it
    /// begins (IMMEDIATE), so that it never has to upgrade a read lock
    /// another writer has made stale.
    pub(crate) async fn begin_write(&self) -> Result<sqlx::Transaction<'_, Any>, StoreError> {
        match self.dialect {
            Dialect::Sqlite => Ok(self.pool.begin_with("BEGIN IMMEDIATE").await?),
            Dialect::Postgres => {
                let mut tx = self.pool.begin().await?;
                sqlx::query("SELECT pg_advisory_xact_lock($1)")
                    .bind(WRITE_LOCK)
                    .execute(&mut *tx)
                    .await?;
                Ok(tx)
            }
        }
    }

    /// Opens the existing store in `dir` for reading only: the database is
    /// opened read-only (nothing created, no migration run, no `blobs/`
    /// made), and refused with [`StoreError::NeedsUpgrade`] when it lacks a
    /// migration this fonds needs. Writes through it fail.
    pub async fn open_read_only(place: impl Into<Place>) -> Result<Store, StoreError> {
        let place = place.into();
        let (pool, dialect) = match &place.database {
            Some(url) => (server_pool(url, true).await?, Dialect::Postgres),
            None => {
                let db = place.dir.join("fonds.db");
                if !db.is_file() {
                    return Err(StoreError::io(
                        &db,
                        std::io::Error::new(
                            std::io::ErrorKind::NotFound,
                            "there is no archive here",
                        ),
                    ));
                }
                (
                    sqlite_pool(&sqlite_url(&db, "ro"), 4, false).await?,
                    Dialect::Sqlite,
                )
            }
        };
        Store::reading(pool, dialect, &place).await
    }

    /// A store opened for reading only on `pool`, refused with
    /// [`StoreError::NeedsUpgrade`] when the database lacks a migration
    /// this fonds needs; its blobs at `place`, nothing created.
    async fn reading(pool: AnyPool, dialect: Dialect, place: &Place) -> Result<Store, StoreError> {
        let applied: Vec<i64> =
            sqlx::query_scalar("SELECT version FROM _sqlx_migrations WHERE success")
                .fetch_all(&pool)
                .await
                .unwrap_or_default();
        let migrator = match dialect {
            Dialect::Sqlite => &SQLITE_MIGRATOR,
            Dialect::Postgres => &POSTGRES_MIGRATOR,
        };
        let pending = migrator
            .iter()
            .filter(|m| !m.migration_type.is_down_migration() && !applied.contains(&m.version))
            .count();
        if pending > 0 {
            pool.close().await;
            return Err(StoreError::NeedsUpgrade { pending });
        }
        let (blobs, objects) = place.blobs(false).await?;
        Ok(Store {
            pool,
            server: place.database.as_deref().map(Arc::from),
            dialect,
            sources_in_database: objects.is_none(),
            blobs,
            objects,
            clock: Arc::new(SystemClock),
            write: Arc::new(tokio::sync::Mutex::new(())),
        })
    }

    /// A listener that wakes when another process changes a document, on a
    /// database server; None for the embedded store (one process writes).
    pub async fn changes(&self) -> Result<Option<Changes>, StoreError> {
        let Some(url) = &self.server else {
            return Ok(None);
        };
        let mut listener = sqlx::postgres::PgListener::connect(url).await?;
        listener.listen("fonds_changes").await?;
        Ok(Some(Changes { listener }))
    }

    /// Now, by the store's clock (Unix seconds).
    pub fn now(&self) -> i64 {
        self.clock.now()
    }

    /// An in-memory store, for tests.
    pub async fn in_memory(clock: Arc<dyn Clock>) -> Result<Store, StoreError> {
        // One connection: every connection to ":memory:" is a different database.
        let pool = sqlite_pool("sqlite::memory:", 1, false).await?;
        Store::with_parts(pool, Arc::new(MemBlobStore::default()), clock).await
    }

    async fn with_parts(
        pool: AnyPool,
        blobs: Arc<dyn BlobStore>,
        clock: Arc<dyn Clock>,
    ) -> Result<Store, StoreError> {
        let dialect = Dialect::of(&*pool.acquire().await?);
        match dialect {
            Dialect::Sqlite => SQLITE_MIGRATOR.run(&pool).await?,
            Dialect::Postgres => POSTGRES_MIGRATOR.run(&pool).await?,
        }
        Ok(Store {
            pool,
            server: None,
            dialect,
            sources_in_database: false,
            blobs,
            objects: None,
            clock,
            write: Arc::new(tokio::sync::Mutex::new(())),
        })
    }

    pub async fn close(&self) {
        self.pool.close().await;
    }

    /// Stores a document read from `source`. The source goes to the blob store
    /// first; the document's rows are then written in one transaction, so a
    /// crash leaves either the whole version or none of it.
    pub async fn put(
        &self,
        doc: &Document,
        source: &[u8],
        source_name: &str,
    ) -> Result<PutOutcome, StoreError> {
        let sha = self.put_source(source)?;
        let prepared = Store::prepare(doc.clone(), &sha, &Arc::from(source), source_name);
        let outcomes = self.put_batch(std::slice::from_ref(&prepared)).await?;
        Ok(outcomes[0])
    }

    /// Keeps a source file's bytes in the blob store (when the store keeps
    /// them there; else they go with the document's rows); returns their
    /// SHA-256. Safe from any thread: a bulk import calls it from its readers.
    pub fn put_source(&self, source: &[u8]) -> Result<String, StoreError> {
        if self.sources_in_database {
            Ok(sha256_hex(source))
        } else {
            self.blobs.put(source)
        }
    }

    /// Everything the store writes for a document that can be worked out
    /// before the write: its JSON and its people. Pure: any thread can do it.
    pub fn prepare(doc: Document, sha256: &str, source: &Arc<[u8]>, source_name: &str) -> Prepared {
        let json = fonds_json::to_json(&doc).to_string();
        Prepared {
            packed: pack(json.as_bytes()),
            json,
            people: fonds_core::people::mentions::document_people(&doc),
            document: doc,
            sha256: sha256.to_string(),
            source: source.clone(),
            source_name: source_name.to_string(),
            imported_at: None,
            author: None,
            comment: None,
            on_version: None,
        }
    }

    /// Stores prepared documents (their sources already in the blob store) in
    /// one transaction: all of them or, if anything fails, none. A document
    /// whose source or JSON is that of its current version is unchanged.
    /// An id may appear once in a batch.
    pub async fn put_batch(&self, batch: &[Prepared]) -> Result<Vec<PutOutcome>, StoreError> {
        if batch.is_empty() {
            return Ok(Vec::new());
        }
        let _guard = self.write.lock().await;
        let mut tx = self.begin_write().await?;
        // The current versions, in one query per chunk of ids.
        let mut current: std::collections::HashMap<String, (i64, String, Vec<u8>)> =
            Default::default();
        for chunk in batch.chunks(500) {
            let ids: Vec<&str> = chunk.iter().map(|p| p.document.id.as_str()).collect();
            let head = format!(
                "SELECT d.id, v.version, v.sha256, {} FROM documents d JOIN versions v ON v.doc_id = d.id AND v.version = d.current_version WHERE d.id IN",
                blob(self.dialect, "v.document")
            );
            let q = in_ids(self.dialect, &head, &ids);
            for r in q.fetch_all(&mut *tx).await? {
                current.insert(r.get(0), (r.get(1), r.get(2), bytes_at(&r, 3)?));
            }
        }
        let mut seq: i64 = sqlx::query("SELECT COALESCE(MAX(seq), 0) FROM documents")
            .fetch_one(&mut *tx)
            .await?
            .get(0);
        let now = rfc3339(self.clock.now());
        let mut outcomes = Vec::with_capacity(batch.len());
        let mut written: Vec<(&Prepared, i64, i64)> = Vec::new();
        for p in batch {
            let cur = current.get(&p.document.id);
            if let Some(on) = p.on_version {
                let now = cur.map_or(0, |(v, _, _)| *v);
                if now != on {
                    return Err(StoreError::Stale {
                        id: p.document.id.clone(),
                        current: now,
                    });
                }
            }
            // Unchanged: the same source, or the same document read from a
            // changed source (one document of a TEI volume whose others changed).
            if cur.is_some_and(|(_, s, d)| {
                *s == p.sha256
                    || *d == p.packed
                    || unpack(d.clone()).is_ok_and(|json| json == p.json)
            }) {
                outcomes.push(PutOutcome::Unchanged);
                continue;
            }
            seq += 1;
            let version = cur.map_or(1, |(v, _, _)| v + 1);
            outcomes.push(match cur {
                None => PutOutcome::Imported { seq },
                Some(_) => PutOutcome::Updated { seq, version },
            });
            written.push((p, seq, version));
        }
        // One statement for a new document and a new version of a known one;
        // SQLite and PostgreSQL both read this upsert.
        insert_rows(
            &mut tx,
            "INSERT INTO documents (id, current_version, seq, title, date_from, date_to, doc_type, repository, languages, updated_at, collection)",
            " ON CONFLICT (id) DO UPDATE SET current_version = excluded.current_version, seq = excluded.seq,
                 title = excluded.title, date_from = excluded.date_from, date_to = excluded.date_to,
                 doc_type = excluded.doc_type, repository = excluded.repository, languages = excluded.languages,
                 updated_at = excluded.updated_at, collection = excluded.collection",
            11,
            &written,
            |q, (p, seq, version)| {
                let doc = &p.document;
                let (from, to) = date_bounds(doc);
                let mut languages: Vec<&str> = doc.texts.iter().map(|t| t.language.code()).collect();
                languages.extend(doc.original_languages.iter().map(|l| l.code()));
                languages.sort_unstable();
                languages.dedup();
                let repository = doc
                    .citation
                    .archival_reference
                    .as_ref()
                    .and_then(|r| r.repository.clone());
                q.bind(doc.id.clone())
                    .bind(*version)
                    .bind(*seq)
                    .bind(doc.title.clone())
                    .bind(from)
                    .bind(to)
                    .bind(doc.doc_type.as_str())
                    .bind(repository)
                    .bind(languages.join(","))
                    .bind(now.clone())
                    .bind(doc.citation.publisher.clone().unwrap_or_default())
            },
        )
        .await?;
        insert_rows(
            &mut tx,
            "INSERT INTO versions (doc_id, version, sha256, source_name, source_size, document, imported_at, document_sha256, author, comment)",
            "",
            10,
            &written,
            |q, (p, _, version)| {
                q.bind(p.document.id.clone())
                    .bind(*version)
                    .bind(p.sha256.clone())
                    .bind(p.source_name.clone())
                    .bind(p.source.len() as i64)
                    .bind(p.packed.clone())
                    .bind(
                        p.imported_at
                            .as_deref()
                            .and_then(|t| t.parse::<jiff::Timestamp>().ok())
                            .map_or_else(|| now.clone(), |t| rfc3339(t.as_second())),
                    )
                    .bind(sha256_hex(&p.packed))
                    .bind(p.author.clone())
                    .bind(p.comment.clone())
            },
        )
        .await?;
        if self.sources_in_database {
            let mut sources: Vec<&Prepared> = written.iter().map(|(p, _, _)| *p).collect();
            sources.sort_by(|a, b| a.sha256.cmp(&b.sha256));
            sources.dedup_by(|a, b| a.sha256 == b.sha256);
            insert_rows(
                &mut tx,
                "INSERT INTO sources (sha256, bytes, zstd)",
                " ON CONFLICT (sha256) DO NOTHING",
                3,
                &sources,
                |q, p| q.bind(p.sha256.clone()).bind(pack(&p.source)).bind(1),
            )
            .await?;
        }
        // A new version replaces the people rows of the old.
        let replaced: Vec<&str> = written
            .iter()
            .filter(|(_, _, version)| *version > 1)
            .map(|(p, _, _)| p.document.id.as_str())
            .collect();
        let people: Vec<(&str, &fonds_core::people::mentions::DocPeople)> = written
            .iter()
            .map(|(p, _, _)| (p.document.id.as_str(), &p.people))
            .collect();
        people::replace_people(&mut tx, &replaced, &people).await?;
        if self.dialect == Dialect::Postgres && !written.is_empty() {
            // Told to every listening node when the transaction commits.
            sqlx::query("SELECT pg_notify('fonds_changes', '')")
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(outcomes)
    }

    /// The current version of a document.
    pub async fn get(&self, id: &str) -> Result<Option<StoredDocument>, StoreError> {
        let row = sqlx::query(
            sqlx::AssertSqlSafe(format!("SELECT {doc}, v.version, d.seq, v.sha256, v.source_name, v.imported_at, d.updated_at
             FROM documents d JOIN versions v ON v.doc_id = d.id AND v.version = d.current_version WHERE d.id = $1", doc = crate::blob(self.dialect, "v.document"))),
        )
        .bind(id)
        .fetch_optional(&self.pool)
        .await?;
        row.map(|r| stored(&r)).transpose()
    }

    /// The current versions of several documents in one query, in the order
    /// of `ids`; None for an id the store lacks.
    pub async fn get_many(&self, ids: &[&str]) -> Result<Vec<Option<StoredDocument>>, StoreError> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let rows = in_ids(
            self.dialect,
            &format!("SELECT {doc}, v.version, d.seq, v.sha256, v.source_name, v.imported_at, d.updated_at, d.id
             FROM documents d JOIN versions v ON v.doc_id = d.id AND v.version = d.current_version WHERE d.id IN", doc = crate::blob(self.dialect, "v.document")),
            ids,
        )
        .fetch_all(&self.pool)
        .await?;
        let mut found: std::collections::HashMap<String, StoredDocument> = rows
            .iter()
            .map(|r| Ok((r.get::<String, _>(7), stored(r)?)))
            .collect::<Result<_, StoreError>>()?;
        Ok(ids.iter().map(|id| found.remove(*id)).collect())
    }

    /// A given version of a document.
    pub async fn get_version(
        &self,
        id: &str,
        version: i64,
    ) -> Result<Option<StoredDocument>, StoreError> {
        let row = sqlx::query(
            sqlx::AssertSqlSafe(format!("SELECT {doc}, v.version, d.seq, v.sha256, v.source_name, v.imported_at, d.updated_at
             FROM documents d JOIN versions v ON v.doc_id = d.id WHERE d.id = $1 AND v.version = $2", doc = crate::blob(self.dialect, "v.document"))),
        )
        .bind(id)
        .bind(version)
        .fetch_optional(&self.pool)
        .await?;
        row.map(|r| stored(&r)).transpose()
    }

    /// Every version of a document, oldest first.
    pub async fn versions(&self, id: &str) -> Result<Vec<VersionInfo>, StoreError> {
        let rows = sqlx::query(
            "SELECT version, sha256, source_name, source_size, imported_at, author, comment FROM versions WHERE doc_id = $1 ORDER BY version",
        )
        .bind(id)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .iter()
            .map(|r| VersionInfo {
                version: r.get(0),
                sha256: r.get(1),
                source_name: shown_name(r.get(2)),
                source_size: r.get(3),
                imported_at: r.get(4),
                author: r.get(5),
                comment: r.get(6),
            })
            .collect())
    }

    /// How many documents have a version read from the source with this
    /// checksum (a printed volume's source is shared by its documents).
    pub async fn source_documents(&self, sha256: &str) -> Result<i64, StoreError> {
        Ok(
            sqlx::query_scalar("SELECT COUNT(DISTINCT doc_id) FROM versions WHERE sha256 = $1")
                .bind(sha256)
                .fetch_one(&self.pool)
                .await?,
        )
    }

    /// The source file of a version, byte for byte, checked against its checksum.
    pub async fn source(&self, id: &str, version: i64) -> Result<Vec<u8>, StoreError> {
        let sha: String =
            sqlx::query("SELECT sha256 FROM versions WHERE doc_id = $1 AND version = $2")
                .bind(id)
                .bind(version)
                .fetch_optional(&self.pool)
                .await?
                .map(|r| r.get(0))
                .ok_or_else(|| StoreError::NotFound(format!("document {id} version {version}")))?;
        self.source_by_checksum(&sha).await.map_err(|e| match e {
            StoreError::Corrupt(why) => {
                StoreError::Corrupt(format!("document {id} version {version}: {why}"))
            }
            e => e,
        })
    }

    /// A source file by its SHA-256, byte for byte, checked against it.
    pub async fn source_by_checksum(&self, sha: &str) -> Result<Vec<u8>, StoreError> {
        let kept: Option<(Vec<u8>, i64)> = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {bytes}, zstd FROM sources WHERE sha256 = $1",
            bytes = crate::blob(self.dialect, "bytes")
        )))
        .bind(sha)
        .fetch_optional(&self.pool)
        .await?
        .map(|r| Ok::<_, sqlx::Error>((bytes_at(&r, 0)?, r.get(1))))
        .transpose()?;
        let kept = match kept {
            Some((bytes, 0)) => Some(bytes),
            Some((packed, _)) => Some(unframe(&packed).map_err(|e| {
                StoreError::Corrupt(format!("the source {sha} does not decompress: {e}"))
            })?),
            None => None,
        };
        match kept {
            Some(bytes) if sha256_hex(&bytes) == sha => Ok(bytes),
            Some(_) => Err(StoreError::Corrupt(format!(
                "the source does not match its checksum {sha}"
            ))),
            None => self.blob(sha).await,
        }
    }

    /// The last change's sequence number (0 for an empty store).
    pub async fn max_seq(&self) -> Result<i64, StoreError> {
        Ok(sqlx::query("SELECT COALESCE(MAX(seq), 0) FROM documents")
            .fetch_one(&self.pool)
            .await?
            .get(0))
    }

    pub async fn count(&self) -> Result<i64, StoreError> {
        Ok(sqlx::query("SELECT COUNT(*) FROM documents")
            .fetch_one(&self.pool)
            .await?
            .get(0))
    }

    /// Documents changed after `seq`, in change order, at most `limit`.
    pub async fn changed_since(
        &self,
        seq: i64,
        limit: i64,
    ) -> Result<Vec<StoredDocument>, StoreError> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {doc}, v.version, d.seq, v.sha256, v.source_name, v.imported_at, d.updated_at
             FROM documents d JOIN versions v ON v.doc_id = d.id AND v.version = d.current_version
             WHERE d.seq > $1 ORDER BY d.seq LIMIT $2",
            doc = crate::blob(self.dialect, "v.document")
        )))
        .bind(seq)
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(stored).collect()
    }

    /// Ids of current documents, newest change first, for listings.
    pub async fn recent(&self, limit: i64, hidden: &Hidden) -> Result<Vec<Recent>, StoreError> {
        let mut args = Vec::new();
        let visible = hidden
            .clause(&mut args, 2)
            .unwrap_or_else(|| "1 = 1".into());
        let sql = format!(
            "SELECT d.id, d.title, d.date_from, d.date_to, d.doc_type, d.repository, d.updated_at
             FROM documents d WHERE {visible} ORDER BY d.seq DESC LIMIT $1"
        );
        // Fixed fragments and placeholders only; every value is bound.
        let query = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(limit);
        let rows = args
            .iter()
            .fold(query, |q, a| q.bind(a))
            .fetch_all(&self.pool)
            .await?;
        Ok(rows
            .iter()
            .map(|r| Recent {
                id: r.get(0),
                title: r.get(1),
                date_from: r.get(2),
                date_to: r.get(3),
                doc_type: r.get(4),
                repository: r.get(5),
                updated_at: r.get(6),
            })
            .collect())
    }
}

/// A document as the list of recent additions shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recent {
    pub id: String,
    pub title: String,
    /// The first and last day of the document's date ("1956-09-17").
    pub date_from: Option<String>,
    pub date_to: Option<String>,
    pub doc_type: String,
    pub repository: Option<String>,
    /// When it was added or last changed (RFC 3339).
    pub updated_at: String,
}

/// A selection of current documents for a harvest: every field that is set
/// must match. Datestamps compare as RFC 3339 UTC strings of one fixed width.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListFilter {
    /// Documents whose repository is one of these; `None` for any.
    pub repositories: Option<Vec<String>>,
    /// Only documents with a repository.
    pub has_repository: bool,
    /// Documents with a text in (or an original in) this ISO 639-1 language.
    pub language: Option<String>,
    /// Documents of this type (`DocType::as_str`).
    pub doc_type: Option<String>,
    /// Documents last changed at or after this time ("1958-03-03T00:00:00Z").
    pub from: Option<String>,
    /// Documents last changed at or before this time.
    pub until: Option<String>,
    /// Documents the one asking may not see.
    pub hidden: Hidden,
}

/// A current document's row as listed for a harvest, with the document itself
/// when it was asked for.
#[derive(Debug, Clone)]
pub struct ListedDocument {
    pub id: String,
    pub seq: i64,
    pub updated_at: String,
    pub doc_type: String,
    pub repository: Option<String>,
    /// ISO 639-1 codes, sorted.
    pub languages: Vec<String>,
    pub document: Option<Document>,
}

impl ListFilter {
    /// The WHERE clause and its arguments, numbered from `$first`.
    fn clause(&self, first: usize) -> (String, Vec<String>) {
        let mut conditions = Vec::new();
        let mut args = Vec::new();
        let next = |value: &str, args: &mut Vec<String>| {
            args.push(value.to_string());
            format!("${}", first + args.len() - 1)
        };
        if let Some(repositories) = &self.repositories {
            if repositories.is_empty() {
                conditions.push("1 = 0".to_string());
            } else {
                let marks: Vec<String> = repositories.iter().map(|r| next(r, &mut args)).collect();
                conditions.push(format!("d.repository IN ({})", marks.join(", ")));
            }
        }
        if self.has_repository {
            conditions.push("d.repository IS NOT NULL".to_string());
        }
        if let Some(language) = &self.language {
            // The languages column is a comma-separated list of codes.
            let mark = next(&format!("%,{language},%"), &mut args);
            conditions.push(format!("(',' || d.languages || ',') LIKE {mark}"));
        }
        if let Some(doc_type) = &self.doc_type {
            let mark = next(doc_type, &mut args);
            conditions.push(format!("d.doc_type = {mark}"));
        }
        if let Some(from) = &self.from {
            let mark = next(from, &mut args);
            conditions.push(format!("d.updated_at >= {mark}"));
        }
        if let Some(until) = &self.until {
            let mark = next(until, &mut args);
            conditions.push(format!("d.updated_at <= {mark}"));
        }
        if let Some(c) = self.hidden.clause(&mut args, first) {
            conditions.push(c);
        }
        if conditions.is_empty() {
            ("1 = 1".to_string(), args)
        } else {
            (conditions.join(" AND "), args)
        }
    }
}

impl Store {
    /// Current documents matching `filter` whose change sequence number is
    /// after `after_seq`, in change order, at most `limit`.
    pub async fn list(
        &self,
        filter: &ListFilter,
        after_seq: i64,
        limit: i64,
    ) -> Result<Vec<ListedDocument>, StoreError> {
        let rows = self.list_rows(filter, after_seq, limit, false).await?;
        Ok(rows.iter().map(|r| listed_row(r, None)).collect())
    }

    /// The rows of [`Store::list`], with each document's stored JSON form
    /// as a seventh column when `with_json`.
    async fn list_rows(
        &self,
        filter: &ListFilter,
        after_seq: i64,
        limit: i64,
        with_json: bool,
    ) -> Result<Vec<AnyRow>, StoreError> {
        let (clause, args) = filter.clause(3);
        let sql = format!(
            "SELECT d.id, d.seq, d.updated_at, d.doc_type, d.repository, d.languages{}
             FROM documents d{}
             WHERE d.seq > $1 AND {clause} ORDER BY d.seq LIMIT $2",
            if with_json {
                format!(", {}", blob(self.dialect, "v.document"))
            } else {
                String::new()
            },
            if with_json {
                " JOIN versions v ON v.doc_id = d.id AND v.version = d.current_version"
            } else {
                ""
            },
        );
        // The SQL is assembled from fixed fragments and numbered placeholders
        // only; every value is bound.
        let mut query = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(after_seq)
            .bind(limit);
        for arg in &args {
            query = query.bind(arg);
        }
        Ok(query.fetch_all(&self.pool).await?)
    }

    /// How many current documents match `filter`.
    pub async fn count_matching(&self, filter: &ListFilter) -> Result<i64, StoreError> {
        let (clause, args) = filter.clause(1);
        let sql = format!("SELECT COUNT(*) FROM documents d WHERE {clause}");
        // Fixed fragments and placeholders only; every value is bound.
        let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
        for arg in &args {
            query = query.bind(arg);
        }
        Ok(query.fetch_one(&self.pool).await?.get(0))
    }

    /// The one current document `id` as listed for a harvest, with its content.
    pub async fn listed(&self, id: &str) -> Result<Option<ListedDocument>, StoreError> {
        let row = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT d.id, d.seq, d.updated_at, d.doc_type, d.repository, d.languages, {doc}
             FROM documents d JOIN versions v ON v.doc_id = d.id AND v.version = d.current_version
             WHERE d.id = $1",
            doc = crate::blob(self.dialect, "v.document")
        )))
        .bind(id)
        .fetch_optional(&self.pool)
        .await?;
        let Some(r) = row else { return Ok(None) };
        let document = decode(&unpack(crate::bytes_at(&r, 6)?)?)?;
        Ok(Some(listed_row(&r, Some(document))))
    }

    /// The earliest last-change time of a current document, if any.
    pub async fn earliest_updated(&self) -> Result<Option<String>, StoreError> {
        Ok(sqlx::query("SELECT MIN(updated_at) FROM documents")
            .fetch_one(&self.pool)
            .await?
            .get(0))
    }

    /// The distinct repositories, language lists and document types of the
    /// current documents, each sorted: the values sets are made of.
    pub async fn facet_values(
        &self,
        hidden: &Hidden,
    ) -> Result<(Vec<String>, Vec<String>, Vec<String>), StoreError> {
        let mut args = Vec::new();
        let visible = hidden
            .clause(&mut args, 1)
            .unwrap_or_else(|| "1 = 1".into());
        let args = &args;
        let column = |select: &'static str, tail: &'static str| {
            let sql = format!("SELECT DISTINCT {select} FROM documents d WHERE {visible}{tail}");
            async move {
                // Fixed fragments and placeholders only; every value is bound.
                let query = sqlx::query(sqlx::AssertSqlSafe(sql));
                let rows = args
                    .iter()
                    .fold(query, |q, a| q.bind(a))
                    .fetch_all(&self.pool)
                    .await?;
                Ok::<Vec<String>, StoreError>(rows.iter().map(|r| r.get(0)).collect())
            }
        };
        let repositories = column(
            "d.repository",
            " AND d.repository IS NOT NULL ORDER BY d.repository",
        )
        .await?;
        let mut languages: Vec<String> = column("d.languages", "")
            .await?
            .iter()
            .flat_map(|l| l.split(',').map(str::to_string).collect::<Vec<_>>())
            .filter(|l| !l.is_empty())
            .collect();
        languages.sort();
        languages.dedup();
        let types = column("d.doc_type", " ORDER BY d.doc_type").await?;
        Ok((repositories, languages, types))
    }
}

/// Harvest listings with the stored JSON form of each document, for readers
/// that need only part of it; and where renamed or merged persons went.
impl Store {
    /// As [`Store::list`], with each document in its stored JSON form,
    /// undecoded.
    pub async fn list_json(
        &self,
        filter: &ListFilter,
        after_seq: i64,
        limit: i64,
    ) -> Result<Vec<(ListedDocument, String)>, StoreError> {
        let rows = self.list_rows(filter, after_seq, limit, true).await?;
        rows.iter()
            .map(|r| Ok((listed_row(r, None), unpack(crate::bytes_at(r, 6)?)?)))
            .collect()
    }

    /// Notes that the person `old` is now `new` (renamed, or merged into
    /// another), so that the old id can send its readers on.
    pub async fn record_person_move(&self, old: &str, new: &str) -> Result<(), StoreError> {
        self.set_meta(&format!("person_moved:{old}"), new).await
    }

    /// Where the person `old` went, if it was renamed or merged.
    pub async fn person_moved(&self, old: &str) -> Result<Option<String>, StoreError> {
        self.meta(&format!("person_moved:{old}")).await
    }
}

/// The zstd level of stored documents and sources: about as fast as the
/// store writes, a fifth to a tenth of the size on records' text and JSON.
const ZSTD_LEVEL: i32 = 3;

/// Bytes as the store keeps them: a zstd frame.
pub fn pack(bytes: &[u8]) -> Vec<u8> {
    zstd::bulk::compress(bytes, ZSTD_LEVEL).expect("compressing into memory cannot fail")
}

/// The bytes of a zstd frame.
fn unframe(packed: &[u8]) -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    let mut out = Vec::new();
    zstd::stream::read::Decoder::new(packed)?
        .take(MAX_UNPACKED + 1)
        .read_to_end(&mut out)?;
    if out.len() as u64 > MAX_UNPACKED {
        return Err(std::io::Error::other(format!(
            "the frame holds more than {MAX_UNPACKED} bytes"
        )));
    }
    Ok(out)
}

/// The most bytes a stored frame may unpack to: far above any record the
/// import takes (16 MiB) and its JSON form, so that a damaged or planted
/// frame cannot take the memory of every reader.
const MAX_UNPACKED: u64 = 1 << 30;

/// A version's stored document as JSON text: a zstd frame, or text (rows
/// written before documents were compressed).
fn unpack(kept: Vec<u8>) -> Result<String, StoreError> {
    let bytes = if kept.starts_with(&zstd::zstd_safe::MAGICNUMBER.to_le_bytes()) {
        unframe(&kept)
            .map_err(|e| StoreError::Corrupt(format!("stored document does not decompress: {e}")))?
    } else {
        kept
    };
    String::from_utf8(bytes)
        .map_err(|e| StoreError::Corrupt(format!("stored document is not UTF-8: {e}")))
}

/// A document from its stored JSON form.
fn decode(json: &str) -> Result<Document, StoreError> {
    let value: serde_json::Value = serde_json::from_str(json)
        .map_err(|e| StoreError::Corrupt(format!("stored document JSON: {e}")))?;
    fonds_json::from_json(&value).map_err(|e| StoreError::Corrupt(format!("stored document: {e}")))
}

/// A harvest listing's row: id, seq, updated_at, doc_type, repository, languages.
fn listed_row(r: &AnyRow, document: Option<Document>) -> ListedDocument {
    let languages: String = r.get(5);
    ListedDocument {
        id: r.get(0),
        seq: r.get(1),
        updated_at: r.get(2),
        doc_type: r.get(3),
        repository: r.get(4),
        languages: languages
            .split(',')
            .filter(|l| !l.is_empty())
            .map(str::to_string)
            .collect(),
        document,
    }
}

fn stored(r: &AnyRow) -> Result<StoredDocument, StoreError> {
    let document = decode(&unpack(crate::bytes_at(r, 0)?)?)?;
    Ok(StoredDocument {
        document,
        version: r.get(1),
        seq: r.get(2),
        sha256: r.get(3),
        source_name: shown_name(r.get(4)),
        imported_at: r.get(5),
        updated_at: r.get(6),
    })
}

/// A version's source name as it is shown. An import names each source
/// relative to what it was given (`sub/a.txt` under the folder named, `a.txt`
/// for a file named itself); an archive made by an earlier fonds kept the
/// path as typed, often absolute. Such a name is shown as its last part, so
/// that no path of the importing machine reaches a reader. Clipped here
/// rather than rewritten by a migration: a migration would rewrite every
/// version row, document and all, of a large archive on its first open, and
/// the rule is exact because new names are never absolute and never climb
/// out of their folder.
pub fn shown_name(stored: String) -> String {
    let absolute = stored.starts_with(['/', '\\'])
        || matches!(stored.as_bytes().get(1..3), Some(b":\\" | b":/"));
    let climbs = stored.split(['/', '\\']).any(|part| part == "..");
    if !(absolute || climbs) {
        return stored;
    }
    // A document of a TEI volume is named `path#id`; the id may hold '/'.
    let (path, fragment) = match stored.find('#') {
        Some(i) => stored.split_at(i),
        None => (stored.as_str(), ""),
    };
    let last = path.rsplit(['/', '\\']).next().unwrap_or(path);
    format!("{last}{fragment}")
}

/// The first and last day of the document's preferred date, as ISO dates.
fn date_bounds(doc: &Document) -> (Option<String>, Option<String>) {
    let Some(v) = doc.date().and_then(|d| d.value.as_ref()) else {
        return (None, None);
    };
    let f = |(y, m, d): (i32, u8, u8)| format!("{y:04}-{m:02}-{d:02}");
    (Some(f(v.earliest())), Some(f(v.latest())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn absolute_source_names_are_shown_as_their_file_name() {
        for (stored, shown) in [
            ("sub/a.txt", "sub/a.txt"),
            ("a.txt", "a.txt"),
            ("vol.xml#d1", "vol.xml#d1"),
            ("/home/someone/records/a.txt", "a.txt"),
            ("/srv/frus/vol.xml#d1", "vol.xml#d1"),
            ("../../records/a.txt", "a.txt"),
            ("C:\\Users\\x\\a.txt", "a.txt"),
        ] {
            assert_eq!(shown_name(stored.to_string()), shown, "{stored}");
        }
    }

    pub(crate) fn doc(id: &str, title: &str) -> Document {
        let text = format!("## **March 3, 1958**\n\n### **{title}**\n\n#### **Citation:**\n\n\"{title}\", March 3, 1958, Wilson Center Digital Archive, RGANI, f. 5, op. 30, d. 245, ll. 1-3.\n\n#### **Original Language:**\n\nEnglish\n\nWe discussed the question of the delegation.\n");
        let mut d = fonds_core::record::read_record(&text, Some(id));
        d.id = id.to_string();
        d
    }

    /// Documents and sources are kept as zstd frames; rows written before
    /// (JSON text, sources as they are) read as they did; a damaged frame
    /// is an error naming the document, never other bytes.
    #[tokio::test]
    async fn documents_and_sources_are_kept_compressed_and_old_rows_still_read() {
        let mut store = Store::in_memory(Arc::new(FixedClock::new(1_000_000_000)))
            .await
            .unwrap();
        // As the embedded store on disk keeps them.
        store.sources_in_database = true;
        let a = doc("a", "Packed");
        let source = "Сов. секретно. ".repeat(200);
        store.put(&a, source.as_bytes(), "a.txt").await.unwrap();
        let (kept, json_len): (Vec<u8>, i64) = {
            let r = sqlx::query("SELECT document, length(CAST(document AS BLOB)) FROM versions")
                .fetch_one(&store.pool)
                .await
                .unwrap();
            (r.get(0), r.get(1))
        };
        assert!(kept.starts_with(&zstd::zstd_safe::MAGICNUMBER.to_le_bytes()));
        let json = fonds_json::to_json(&a).to_string();
        assert!(
            (json_len as usize) < json.len() * 3 / 4,
            "{json_len} of {}",
            json.len()
        );
        let (bytes, packed): (Vec<u8>, i64) = {
            let r = sqlx::query("SELECT bytes, zstd FROM sources")
                .fetch_one(&store.pool)
                .await
                .unwrap();
            (r.get(0), r.get(1))
        };
        assert_eq!(packed, 1);
        assert!(bytes.len() < source.len() / 10);
        assert_eq!(store.get("a").await.unwrap().unwrap().document, a);
        assert_eq!(store.source("a", 1).await.unwrap(), source.as_bytes());

        // A row as an earlier fonds wrote it.
        let b = doc("b", "Plain");
        let old = b"the source as it was".to_vec();
        let sha = sha256_hex(&old);
        for sql in [
            "INSERT INTO documents (id, current_version, seq, title, doc_type, languages, updated_at) VALUES ('b', 1, 2, 'Plain', 'other', 'en', '2001-09-09T01:46:40Z')",
        ] {
            sqlx::query(sql).execute(&store.pool).await.unwrap();
        }
        sqlx::query("INSERT INTO versions (doc_id, version, sha256, source_name, source_size, document, imported_at) VALUES ('b', 1, $1, 'b.txt', $2, $3, '2001-09-09T01:46:40Z')")
            .bind(&sha)
            .bind(old.len() as i64)
            .bind(fonds_json::to_json(&b).to_string())
            .execute(&store.pool)
            .await
            .unwrap();
        sqlx::query("INSERT INTO sources (sha256, bytes) VALUES ($1, $2)")
            .bind(&sha)
            .bind(&old)
            .execute(&store.pool)
            .await
            .unwrap();
        assert_eq!(store.get("b").await.unwrap().unwrap().document, b);
        assert_eq!(store.source("b", 1).await.unwrap(), old);
        // Re-imported unchanged from the same source: still version 1.
        assert_eq!(
            store.put(&b, &old, "b.txt").await.unwrap(),
            PutOutcome::Unchanged
        );

        // A damaged frame.
        sqlx::query("UPDATE sources SET bytes = substr(bytes, 1, 12) WHERE zstd = 1")
            .execute(&store.pool)
            .await
            .unwrap();
        let e = store.source("a", 1).await.unwrap_err().to_string();
        assert!(e.contains("document a version 1"), "{e}");
    }

    #[tokio::test]
    async fn versions_and_unchanged_reimports() {
        let store = Store::scratch(Arc::new(FixedClock::new(1_000_000_000)))
            .await
            .unwrap();
        let a = doc("a", "First");
        assert_eq!(
            store.put(&a, b"one", "a.txt").await.unwrap(),
            PutOutcome::Imported { seq: 1 }
        );
        assert_eq!(
            store.put(&a, b"one", "a.txt").await.unwrap(),
            PutOutcome::Unchanged
        );
        let a2 = doc("a", "First, corrected");
        assert_eq!(
            store.put(&a2, b"two", "a.txt").await.unwrap(),
            PutOutcome::Updated { seq: 2, version: 2 }
        );
        let got = store.get("a").await.unwrap().unwrap();
        assert_eq!(got.document, a2);
        assert_eq!(got.version, 2);
        let old = store.get_version("a", 1).await.unwrap().unwrap();
        assert_eq!(old.document, a);
        assert_eq!(store.source("a", 1).await.unwrap(), b"one");
        assert_eq!(store.versions("a").await.unwrap().len(), 2);
        assert_eq!(store.count().await.unwrap(), 1);
        assert_eq!(store.max_seq().await.unwrap(), 2);
        assert!(store.get("missing").await.unwrap().is_none());
    }

    #[tokio::test]
    async fn changes_are_listed_in_sequence() {
        let store = Store::scratch(Arc::new(FixedClock::new(0))).await.unwrap();
        for (i, id) in ["x", "y", "z"].iter().enumerate() {
            store
                .put(&doc(id, "T"), format!("{i}").as_bytes(), "f")
                .await
                .unwrap();
        }
        let ids: Vec<String> = store
            .changed_since(1, 10)
            .await
            .unwrap()
            .into_iter()
            .map(|d| d.document.id)
            .collect();
        assert_eq!(ids, ["y", "z"]);
        let many = store.get_many(&["z", "missing", "x"]).await.unwrap();
        let got: Vec<Option<&str>> = many
            .iter()
            .map(|d| d.as_ref().map(|d| d.document.id.as_str()))
            .collect();
        assert_eq!(got, [Some("z"), None, Some("x")]);
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn two_stores_on_one_database_write_in_turn() {
        // Two processes' stores (two nodes) on one database: on SQLite a
        // file, on PostgreSQL a database of the test's own.
        let dir = std::env::temp_dir().join(format!("fonds-store-two-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let place = Place::for_tests(&dir).await.unwrap();
        let a = Store::open(&place).await.unwrap();
        let b = Store::open(&place).await.unwrap();
        let write = |store: Store, who: &'static str| async move {
            for i in 0..20 {
                let d = doc(&format!("{who}-{i}"), &format!("By {who}, number {i}"));
                store
                    .put(&d, format!("{who} {i}").as_bytes(), "x.txt")
                    .await
                    .unwrap();
            }
        };
        tokio::join!(write(a.clone(), "a"), write(b.clone(), "b"));
        let listed = a.list(&ListFilter::default(), 0, 100).await.unwrap();
        assert_eq!(listed.len(), 40);
        let mut seqs: Vec<i64> = listed.iter().map(|l| l.seq).collect();
        seqs.dedup();
        assert_eq!(seqs, (1..=40).collect::<Vec<i64>>());
        assert_eq!(b.max_seq().await.unwrap(), 40);
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[tokio::test]
    async fn on_disk_store_reopens_with_its_blobs() {
        let dir = std::env::temp_dir().join(format!("fonds-store-test-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        {
            let store = Store::open(&dir).await.unwrap();
            store
                .put(&doc("d", "On disk"), "исходник".as_bytes(), "d.txt")
                .await
                .unwrap();
            store.close().await;
        }
        let store = Store::open(&dir).await.unwrap();
        assert_eq!(
            store.get("d").await.unwrap().unwrap().document.title,
            "On disk"
        );
        assert_eq!(store.source("d", 1).await.unwrap(), "исходник".as_bytes());
        std::fs::remove_dir_all(&dir).unwrap();
    }

    /// The linker's input, from the counts kept with the documents, is what
    /// counting the current documents' people afresh gives, after new
    /// versions replaced old ones in batches and alone; and the migration's
    /// fill from the stored rows gives the same counts.
    #[tokio::test]
    async fn the_counts_of_names_follow_new_versions() {
        let store = Store::scratch(Arc::new(FixedClock::new(1_000_000_000)))
            .await
            .unwrap();
        let generator = fonds_corpus::Generator::new(7);
        let read = |i: u64, id: &str| {
            let mut d = fonds_core::record::read_record(&generator.record(i).text, Some(id));
            d.id = id.to_string();
            d
        };
        let source: Arc<[u8]> = Arc::from(&b"batch"[..]);
        let first: Vec<Prepared> = (0..12)
            .map(|i| {
                let sha = format!("{i:064}");
                Store::prepare(read(i, &format!("d{i}")), &sha, &source, "d.txt")
            })
            .collect();
        store.put_batch(&first).await.unwrap();
        // New versions: in a batch with a new document, then one at a time,
        // one of them with no people at all.
        let second: Vec<Prepared> = [(0, 20), (3, 21), (5, 22), (12, 23)]
            .iter()
            .map(|&(i, j)| {
                let sha = format!("{j:064}");
                Store::prepare(read(j, &format!("d{i}")), &sha, &source, "d.txt")
            })
            .collect();
        store.put_batch(&second).await.unwrap();
        store
            .put(&read(24, "d3"), b"again", "d3.txt")
            .await
            .unwrap();
        store
            .put(&doc("d7", "Nobody"), b"nobody", "d7.txt")
            .await
            .unwrap();

        let mut afresh = fonds_core::people::tally::Tally::default();
        for i in 0..13 {
            let d = store.get(&format!("d{i}")).await.unwrap().unwrap();
            afresh.add(
                &fonds_core::people::mentions::document_people(&d.document),
                1,
            );
        }
        let mut counts = afresh.forms.clone();
        counts.retain(|_, c| c.docs > 0);
        assert!(counts.values().any(|c| c.turns > 0 && c.words > c.turns));
        let expected = afresh.into_parts();
        assert!(expected.0.len() > 20 && !expected.1.is_empty() && !expected.2.is_empty());
        assert_eq!(store.people_input().await.unwrap(), expected);
        assert_eq!(store.form_counts().await.unwrap(), counts);

        // The fills of migrations 0004 and 0005 from the stored rows.
        let migration = include_str!("../migrations/0004_people_counts.sql");
        // Written before the table had the columns 0005 adds.
        let fill = migration[migration.find("INSERT INTO").unwrap()..].replacen(
            "INSERT INTO person_form_counts\n",
            "INSERT INTO person_form_counts (form, docs, primary_docs, speaker, participant, recorder, mentioned)\n",
            1,
        );
        let spoken = include_str!("../migrations/0005_people_spoken.sql");
        let spoken = &spoken[spoken.find("UPDATE").unwrap()..];
        sqlx::raw_sql("DELETE FROM person_form_counts; DELETE FROM person_link_counts")
            .execute(&store.pool)
            .await
            .unwrap();
        for sql in [fill.as_str(), spoken] {
            sqlx::raw_sql(sqlx::AssertSqlSafe(sql))
                .execute(&store.pool)
                .await
                .unwrap();
        }
        assert_eq!(store.people_input().await.unwrap(), expected);
        assert_eq!(store.form_counts().await.unwrap(), counts);
    }
}
