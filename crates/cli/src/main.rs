//! The `fonds` command: a thin layer over the library crates that parses the
//! command line, runs one subcommand and turns errors into messages and exit
//! codes (0 success, 1 a file or operation failed, 2 a usage error).

mod accounts_cmd;
mod archive_cmds;
mod check;
mod config;
mod disk;
mod export;
mod jobs_cmd;
mod people_cmd;

use clap::{CommandFactory, Parser, Subcommand, ValueEnum};

// Import and search allocate many small strings from several threads; glibc's
// allocator spent a tenth of an import's time in malloc and free.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "fonds",
    version,
    about = "An archive for translated historical documents."
)]
struct Cli {
    /// The archive directory [default: $FONDS_ARCHIVE, else $XDG_DATA_HOME/fonds, else ~/.local/share/fonds]
    #[arg(long, global = true, value_name = "DIR")]
    archive: Option<PathBuf>,
    /// Keep the archive's records in this PostgreSQL database
    /// (postgres://user@host:port/name) instead of the embedded one; the
    /// archive directory then holds the node's index, caches and scans
    /// [default: $FONDS_DATABASE]
    #[arg(long, global = true, value_name = "URL")]
    database: Option<String>,
    /// Keep sources, scans, OCR files and derived files in this
    /// S3-compatible object storage (s3://bucket/prefix) instead of the
    /// archive directory; its endpoint and keys come from AWS_ENDPOINT_URL,
    /// AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_REGION and
    /// AWS_ALLOW_HTTP [default: $FONDS_OBJECTS]
    #[arg(long, global = true, value_name = "URL")]
    objects: Option<String>,
    /// Read options from this TOML file: the global ones at the top, each
    /// command's in a table of its name ([serve], [worker]); the command
    /// line and the environment come first [default: $FONDS_CONFIG]
    #[arg(long, global = true, value_name = "FILE")]
    config: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Read records and show what was understood, with diagnostics.
    Check {
        /// Record files (archive export format or fonds JSON).
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Print the document JSON instead (one document per line for several files).
        #[arg(long)]
        json: bool,
    },
    /// Convert a record to another format.
    Convert {
        file: PathBuf,
        /// The output format.
        #[arg(long, value_enum)]
        to: OutputFormat,
        /// Write to this file instead of standard output.
        #[arg(long, short)]
        output: Option<PathBuf>,
    },
    /// Import records (files, or folders recursively) into the archive.
    Import {
        #[arg(required = true)]
        paths: Vec<PathBuf>,
    },
    /// Search the archive (the query language is described in the README).
    Search {
        query: String,
        /// Print the API's JSON answer.
        #[arg(long)]
        json: bool,
        #[arg(long, default_value_t = 10)]
        limit: usize,
        #[arg(long, default_value_t = 0)]
        offset: usize,
        /// Count matches by language, repository, type, year and person.
        #[arg(long)]
        facets: bool,
        #[arg(long, value_enum)]
        sort: Option<SortOrder>,
    },
    /// Write the archive, or a query's results, to a folder with a manifest.
    Export {
        /// The folder to write to.
        dir: PathBuf,
        #[arg(long, value_enum)]
        format: export::ExportFormat,
        /// Export only the documents this query finds.
        #[arg(long)]
        query: Option<String>,
    },
    /// The persons of the archive: list, show, merge, split, name.
    People {
        #[command(subcommand)]
        command: people_cmd::PeopleCommand,
    },
    /// Rebuild the search index from the stored documents.
    Reindex,
    /// Put a snapshot of this node's index (caught up first) in object
    /// storage (--objects): a new node, opened with no index, starts from
    /// the latest one and indexes only the changes made since.
    Snapshot,
    /// Attach page images (PNG, JPEG, TIFF, WebP) to a stored document,
    /// after its last scan, in the order given: image n is shown beside
    /// page n of the original. Every file is checked before any is kept.
    Attach {
        /// The document's id.
        doc: String,
        /// The image files.
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// Read the scans with OCR (Tesseract, one process per core): every
    /// word kept with its box; a document without a transcription gets the
    /// OCR as its text. Resumes: pages read before are left unless --redo.
    /// With --import, read hOCR or ALTO files made elsewhere instead.
    Ocr {
        /// Documents to read (all with scans when none is named).
        docs: Vec<String>,
        /// Tesseract's languages, such as rus+eng (by default each
        /// document's original languages).
        #[arg(long = "lang")]
        languages: Option<String>,
        /// Pages read at once (by default one per core).
        #[arg(long)]
        jobs: Option<usize>,
        /// Read again the pages read before.
        #[arg(long)]
        redo: bool,
        /// hOCR or ALTO files to import into the one document named, page
        /// after page from --first.
        #[arg(long, num_args = 1..)]
        import: Vec<PathBuf>,
        /// The scan the first imported page reads.
        #[arg(long, default_value_t = 1)]
        first: u32,
    },
    /// Fixity: check every version's source and stored document against
    /// their checksums, the index's files against theirs, and the index and
    /// the persons against the store; changes nothing unless --repair.
    /// Exits 1 when a problem is found (or, with --repair, remains).
    Verify {
        #[arg(long)]
        json: bool,
        /// Bring the index and the persons level with the store (rebuilding
        /// the index if it disagrees or is damaged), then check again.
        #[arg(long)]
        repair: bool,
        /// Check this share of the versions (such as 5%), going on from
        /// where the last recorded share stopped, and record the audit: a
        /// nightly 5% covers the archive every 20 nights.
        #[arg(long, value_name = "PERCENT", value_parser = archive_cmds::parse_share)]
        sample: Option<f64>,
        /// Record the audit (its dates, what it checked and found) in the
        /// archive's audit log.
        #[arg(long)]
        record: bool,
        /// List the recorded audits, the latest first.
        #[arg(long, conflicts_with_all = ["repair", "sample", "record"])]
        history: bool,
    },
    /// Build an archive from the demo corpus and serve it (in a fresh temporary
    /// archive unless --archive is given).
    Demo {
        #[arg(long, default_value = "127.0.0.1:8080")]
        addr: std::net::SocketAddr,
        /// Import this folder of records (with any scans beside them)
        /// instead of the corpus shipped in the binary; scans are read
        /// with OCR when Tesseract is installed.
        #[arg(long)]
        records: Option<PathBuf>,
    },
    /// Accounts: add users (reader, editor, admin), change them, make API
    /// tokens for scripts.
    User {
        #[command(subcommand)]
        command: accounts_cmd::UserCommand,
    },
    /// Who may read a document or a collection: public, restricted (to
    /// roles or users) or embargoed until a day. Enforced on every surface
    /// of every server within a second. Without arguments, the rules.
    Access(accounts_cmd::AccessArgs),
    /// Work queued for the workers (imports, fixity checks, OCR, index
    /// snapshots): without a command, the latest jobs with their state and
    /// progress.
    Jobs {
        #[command(subcommand)]
        command: Option<jobs_cmd::JobsCommand>,
    },
    /// Run the queued jobs, one after another: a node of its own (its own
    /// index in --archive) beside the servers, on the archive's database
    /// server. A worker that dies leaves its job to the next when its lease
    /// runs out.
    Worker {
        /// This worker's name in the jobs list [default: worker-PID].
        #[arg(long)]
        name: Option<String>,
        /// Seconds a job is held without a sign of life before another
        /// worker may take it.
        #[arg(long, default_value_t = 60)]
        lease: u64,
        /// Stop when no job waits or runs, instead of waiting for more.
        #[arg(long)]
        until_idle: bool,
    },
    /// The audit log: who changed what, who logged in, who read material
    /// that is not public. Appended, never changed.
    Audit {
        #[arg(long, value_enum, default_value = "text")]
        format: accounts_cmd::AuditFormat,
        /// Only the entries after this one.
        #[arg(long, default_value_t = 0)]
        after: i64,
    },
    /// Move an embedded archive's records into a PostgreSQL database: every
    /// version, source, scan, person, editor's decision, account, rule and
    /// the audit log, in one transaction; then count both sides and check
    /// every checksum. The archive directory (--archive) becomes the node's
    /// folder; with --objects, the blobs go to object storage. The embedded
    /// database is left as it was.
    Migrate {
        /// The embedded archive to move [default: the archive directory].
        #[arg(long, value_name = "DIR")]
        from: Option<PathBuf>,
        /// The database to move it to (empty): postgres://user@host:port/name.
        #[arg(long, value_name = "URL")]
        to: String,
    },
    /// Serve the archive: the reader at / and the JSON API under /api.
    Serve {
        /// Address to listen on; loopback unless told otherwise.
        #[arg(long, default_value = "127.0.0.1:8080")]
        addr: std::net::SocketAddr,
        /// Serve without writing: another process (`fonds import`) may write
        /// the archive meanwhile, and searches follow its commits. Editing
        /// persons is refused.
        #[arg(long)]
        read_only: bool,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum SortOrder {
    Relevance,
    /// Oldest first.
    Date,
    /// Newest first.
    #[value(name = "-date")]
    DateDesc,
}

#[derive(Clone, Copy, ValueEnum)]
enum OutputFormat {
    /// The fonds document JSON, version 1 (docs/document-json.md).
    Json,
    /// TEI P5 XML (valid against tei_all).
    Tei,
}

fn main() -> ExitCode {
    let args = match config::with_config(Cli::command(), std::env::args_os().collect()) {
        Ok(args) => args,
        Err(e) => {
            eprintln!("fonds: error: {e}");
            return ExitCode::from(2);
        }
    };
    let cli = Cli::parse_from(args);
    let dir = cli
        .archive
        .clone()
        .unwrap_or_else(fonds_archive::default_dir);
    // The folders the command writes to, for saying which disk filled.
    let mut written = vec![dir.clone()];
    let database = cli
        .database
        .clone()
        .or_else(|| std::env::var("FONDS_DATABASE").ok());
    let objects = cli
        .objects
        .clone()
        .or_else(|| std::env::var("FONDS_OBJECTS").ok());
    let dir = fonds_archive::Place::new(dir, database).with_objects(objects);
    let result = match cli.command {
        Command::Import { paths } => archive_cmds::import(&dir, &paths),
        Command::Search {
            query,
            json,
            limit,
            offset,
            facets,
            sort,
        } => {
            let sort = match sort {
                None | Some(SortOrder::Relevance) => fonds_search::Sort::Relevance,
                Some(SortOrder::Date) => fonds_search::Sort::DateAscending,
                Some(SortOrder::DateDesc) => fonds_search::Sort::DateDescending,
            };
            archive_cmds::search(
                &dir,
                archive_cmds::SearchArgs {
                    query,
                    json,
                    limit,
                    offset,
                    facets,
                    sort,
                },
            )
        }
        Command::Reindex => archive_cmds::reindex(&dir),
        Command::Snapshot => archive_cmds::snapshot(&dir),
        Command::Attach { doc, files } => archive_cmds::attach(&dir, &doc, &files),
        Command::Ocr {
            docs,
            languages,
            jobs,
            redo,
            import,
            first,
        } => archive_cmds::ocr(
            &dir,
            archive_cmds::OcrArgs {
                docs,
                languages,
                jobs,
                redo,
                import,
                first,
            },
        ),
        Command::People { command } => people_cmd::run(&dir, command),
        Command::User { command } => accounts_cmd::user(&dir, command),
        Command::Access(args) => accounts_cmd::access(&dir, args),
        Command::Audit { format, after } => accounts_cmd::audit(&dir, format, after),
        Command::Jobs { command } => jobs_cmd::jobs(&dir, command),
        Command::Worker {
            name,
            lease,
            until_idle,
        } => jobs_cmd::worker(&dir, name, lease, until_idle),
        Command::Export {
            dir: out,
            format,
            query,
        } => {
            written.push(out.clone());
            export::run(&dir, &out, format, query.as_deref())
        }
        Command::Verify {
            json,
            repair,
            sample,
            record,
            history,
        } => archive_cmds::verify(
            &dir,
            archive_cmds::VerifyOptions {
                json,
                repair,
                sample,
                record,
                history,
            },
        ),
        Command::Serve { addr, read_only } => archive_cmds::serve(&dir, addr, read_only),
        Command::Migrate { from, to } => {
            let from = from.unwrap_or_else(|| dir.dir.clone());
            let to = fonds_archive::Place::new(dir.dir.clone(), Some(to))
                .with_objects(dir.objects.clone());
            archive_cmds::migrate(&from, &to)
        }
        Command::Demo { addr, records } => {
            archive_cmds::demo(cli.archive.as_deref(), addr, records.as_deref())
        }
        Command::Check { files, json } => check::check(&files, json),
        Command::Convert { file, to, output } => match to {
            OutputFormat::Json => check::convert(&file, false, output.as_deref()),
            OutputFormat::Tei => check::convert(&file, true, output.as_deref()),
        },
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("fonds: error: {e:#}");
            if let Some(note) = disk::full(&written, &e) {
                eprintln!("fonds: {note}");
            }
            ExitCode::FAILURE
        }
    }
}
