//! `fonds import`, `fonds search`, `fonds reindex`, `fonds serve`, `fonds
//! verify`: the commands that work on an archive directory.
//!
//! Commands that only read (search, export, verify, the people listings)
//! open the archive read-only, so that they run beside a server or an
//! import that holds the writer's lock; only commands that write take it.

use anyhow::Context;
use fonds_archive::Place;
use fonds_archive::Viewer;
use fonds_archive::{Archive, AuditLog, Coverage, ImportSummary, Progress};
use std::io::{IsTerminal, Write};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Instant;

pub(crate) fn runtime() -> anyhow::Result<tokio::runtime::Runtime> {
    Ok(tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?)
}

/// Where an archive is, for messages: its folder, and its database server
/// (without a password) when it has one.
pub(crate) fn shown(place: &Place) -> String {
    match place.database_shown() {
        Some(db) => format!("{} (its records in {db})", place.dir.display()),
        None => place.dir.display().to_string(),
    }
}

/// The file in which the process that opened the archive for writing says
/// who it is, so that another writer turned away can name it.
const WRITER_FILE: &str = "writer.pid";

/// Opens the archive for reading and writing, bringing the index and the
/// persons level with the store; refused, naming the process, while
/// another holds it for writing. Keep the note as long as the archive.
pub(crate) async fn open(place: &Place) -> anyhow::Result<(Archive, WriterNote)> {
    let dir = place.dir.as_path();
    let (archive, note) = writer(dir, Archive::open(place))
        .await
        .with_context(|| format!("opening the archive in {}", shown(place)))?;
    match (archive.restored(), archive.objects()) {
        (Some(Ok(r)), Some(objects)) => eprintln!(
            "fonds: the index was restored from the snapshot at change {} in {} ({} files, {:.1} MB), then brought up to date",
            r.seq,
            objects.url(),
            r.files,
            r.bytes as f64 / 1e6
        ),
        (Some(Err(e)), _) => eprintln!(
            "fonds: warning: the index snapshot could not be restored ({e}); the index was built from the database instead. Run `fonds snapshot` to put a good one in its place"
        ),
        _ => {}
    }
    Ok((archive, note))
}

/// `fonds snapshot`: this node's index, caught up, into object storage.
pub fn snapshot(place: &Place) -> anyhow::Result<ExitCode> {
    runtime()?.block_on(async {
        let start = Instant::now();
        let (archive, _note) = open(place).await?;
        let s = archive
            .snapshot_index()
            .await
            .context("putting a snapshot of the index in object storage")?;
        println!(
            "snapshot of the index at change {}: {} files, {:.1} MB ({} sent now, the rest there from an earlier snapshot), manifest {} in {:.1} s",
            s.seq,
            s.files,
            s.bytes as f64 / 1e6,
            s.sent,
            &s.manifest[..12],
            start.elapsed().as_secs_f64()
        );
        Ok(ExitCode::SUCCESS)
    })
}

/// This process's note in `writer.pid`, saying who holds the archive for
/// writing; removed when it is dropped (when the writer is done).
pub(crate) struct WriterNote {
    path: PathBuf,
    line: String,
}

impl WriterNote {
    /// Writes the note whole (a temporary file renamed over the old note),
    /// so that a reader never sees half of it. Only a courtesy for the next
    /// writer: failing to write it fails nothing.
    fn write(dir: &Path) -> WriterNote {
        let args: Vec<String> = std::env::args().skip(1).collect();
        let line = format!("{} fonds {}", std::process::id(), args.join(" "));
        let path = dir.join(WRITER_FILE);
        let temp = dir.join(format!("{WRITER_FILE}.{}.tmp", std::process::id()));
        if std::fs::write(&temp, format!("{line}\n")).is_ok()
            && std::fs::rename(&temp, &path).is_err()
        {
            let _ = std::fs::remove_file(&temp);
        }
        WriterNote { path, line }
    }
}

impl Drop for WriterNote {
    fn drop(&mut self) {
        // Only our own note: a writer that came after us has written its own.
        if std::fs::read_to_string(&self.path).is_ok_and(|t| t.trim_end() == self.line) {
            let _ = std::fs::remove_file(&self.path);
        }
    }
}

/// The process a `writer.pid` note names, if it still runs: on a system
/// with `/proc`, its command line must be the one recorded, so that a
/// process id reused by another program is not named.
fn holder(note: &str) -> Option<String> {
    let (pid, command) = note.trim().split_once(' ')?;
    if !pid.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    if !Path::new("/proc/self").exists() {
        return Some(format!("process {pid} ({command})"));
    }
    let cmdline = std::fs::read(Path::new("/proc").join(pid).join("cmdline")).ok()?;
    let args: Vec<String> = cmdline
        .split(|&b| b == 0)
        .filter(|a| !a.is_empty())
        .skip(1)
        .map(|a| String::from_utf8_lossy(a).into_owned())
        .collect();
    let recorded = command.strip_prefix("fonds").unwrap_or(command).trim();
    (args.join(" ") == recorded).then(|| format!("process {pid} ({command})"))
}

/// Runs `opening` (an open of the archive for writing), says who this
/// process is once it holds the lock (the note is removed when dropped),
/// and names the holder when another process has it.
pub(crate) async fn writer<T>(
    dir: &Path,
    opening: impl std::future::Future<Output = Result<T, fonds_archive::ArchiveError>>,
) -> anyhow::Result<(T, WriterNote)> {
    match opening.await {
        Ok(t) => Ok((t, WriterNote::write(dir))),
        Err(e @ fonds_archive::ArchiveError::Search(fonds_search::SearchError::Busy)) => {
            let holder = std::fs::read_to_string(dir.join(WRITER_FILE))
                .ok()
                .and_then(|text| holder(&text));
            match holder {
                Some(h) => Err(anyhow::Error::new(e).context(format!("it is held by {h}"))),
                None => Err(e.into()),
            }
        }
        Err(e) => Err(e.into()),
    }
}

/// Opens an existing archive for a command that only reads: without the
/// writer's lock, so beside a server or an import. Nothing is brought
/// level here; an index behind the store is said on stderr.
pub(crate) async fn open_reading(place: &Place) -> anyhow::Result<Archive> {
    let dir = place.dir.as_path();
    anyhow::ensure!(
        place.database.is_some() || dir.join("fonds.db").exists(),
        "there is no archive in {} (import into it first)",
        dir.display()
    );
    let archive = Archive::open_read_only(place)
        .await
        .with_context(|| format!("opening the archive in {} read-only", shown(place)))?;
    if let Some(behind) = archive.changes_not_indexed().await?.filter(|n| *n > 0) {
        eprintln!(
            "fonds: note: the index is behind the store by {behind} changes (an import is running, or one was stopped; `fonds verify --repair` brings it level)"
        );
    }
    Ok(archive)
}

pub fn import(place: &Place, paths: &[PathBuf]) -> anyhow::Result<ExitCode> {
    runtime()?.block_on(async {
        let (archive, _note) = open(place).await?;
        let mut bar = Bar::new("files");
        let summary = archive
            .import(paths, |p: Progress| bar.show(p.done, p.total, p.elapsed))
            .await?;
        print_summary(&summary);
        Ok(if summary.failed.is_empty() {
            ExitCode::SUCCESS
        } else {
            ExitCode::FAILURE
        })
    })
}

/// Progress on standard error: a bar on a terminal, a line now and then in
/// a log.
struct Bar {
    unit: &'static str,
    tty: bool,
    last: Instant,
}

impl Bar {
    fn new(unit: &'static str) -> Bar {
        Bar {
            unit,
            tty: std::io::stderr().is_terminal(),
            last: Instant::now(),
        }
    }

    fn show(&mut self, done: usize, total: usize, elapsed: std::time::Duration) {
        let due = self.last.elapsed().as_millis() >= if self.tty { 200 } else { 5_000 };
        if !due && done != total {
            return;
        }
        self.last = Instant::now();
        let rate = done as f64 / elapsed.as_secs_f64().max(1e-3);
        let unit = self.unit;
        if self.tty {
            let width = 30;
            let filled = width * done / total.max(1);
            eprint!(
                "\r[{}{}] {done}/{total} {unit}, {rate:.1}/s ",
                "#".repeat(filled),
                " ".repeat(width - filled),
            );
            if done == total {
                eprintln!();
            }
        } else {
            eprintln!("fonds: {done}/{total} {unit}, {rate:.1}/s");
        }
    }
}

/// What `fonds ocr` is asked to do.
pub struct OcrArgs {
    pub docs: Vec<String>,
    pub languages: Option<String>,
    pub jobs: Option<usize>,
    pub redo: bool,
    /// Import these hOCR or ALTO files into the one document named,
    /// instead of running Tesseract.
    pub import: Vec<PathBuf>,
    /// The scan the first imported page reads.
    pub first: u32,
}

pub fn ocr(place: &Place, args: OcrArgs) -> anyhow::Result<ExitCode> {
    runtime()?.block_on(async {
        let (archive, _note) = open(place).await?;
        if !args.import.is_empty() {
            let [doc] = args.docs.as_slice() else {
                anyhow::bail!("--import reads OCR files into one document: name it once");
            };
            let mut first = args.first;
            for path in &args.import {
                let bytes = std::fs::read(path)
                    .with_context(|| format!("reading {}", path.display()))?;
                let name = path.display().to_string();
                let done = archive
                    .import_ocr(doc, first, &name, &bytes)
                    .await
                    .with_context(|| format!("importing OCR into {doc}"))?;
                for note in &done.notes {
                    eprintln!("note: {note}");
                }
                println!(
                    "{doc}: {name} gave {} words to scans {}{}",
                    done.words,
                    scan_span(&done.scans),
                    if done.text { "; the original's text is now the OCR" } else { "" }
                );
                first += done.scans.len() as u32;
            }
            return Ok(ExitCode::SUCCESS);
        }
        let mut options = fonds_archive::ocr::OcrOptions {
            languages: args.languages,
            redo: args.redo,
            ..Default::default()
        };
        if let Some(jobs) = args.jobs {
            options.jobs = jobs;
        }
        let mut bar = Bar::new("pages");
        let summary = archive
            .ocr(&args.docs, &options, |p| bar.show(p.done, p.total, p.elapsed))
            .await?;
        let secs = summary.elapsed.as_secs_f64().max(1e-3);
        println!(
            "{} pages read in {secs:.1} s ({:.2} pages/s, {} jobs, {}): {} words; {} pages read before; {} failed",
            summary.pages,
            summary.pages as f64 / secs,
            options.jobs,
            summary.engine,
            summary.words,
            summary.already,
            summary.failed.len()
        );
        for doc in &summary.texts {
            println!("{doc}: the original's text is now what OCR read");
        }
        for (doc, n, why) in &summary.failed {
            match n {
                0 => eprintln!("fonds: {doc}: {why}"),
                n => eprintln!("fonds: {doc}, scan {n}: {why}"),
            }
        }
        Ok(if summary.failed.is_empty() {
            ExitCode::SUCCESS
        } else {
            ExitCode::FAILURE
        })
    })
}

/// "3" or "3-7".
fn scan_span(ns: &[u32]) -> String {
    match (ns.first(), ns.last()) {
        (Some(a), Some(b)) if a != b => format!("{a}-{b}"),
        (Some(a), _) => a.to_string(),
        _ => "none".into(),
    }
}

fn print_summary(s: &ImportSummary) {
    let secs = s.elapsed.as_secs_f64().max(1e-3);
    // Skipped entries are counted only when there are some, so that the
    // usual line stays as it was.
    let skipped = if s.skipped.is_empty() {
        String::new()
    } else {
        format!(", {} skipped", s.skipped.len())
    };
    println!(
        "{} files in {:.1} s ({:.0} files/s, {:.1} MB/s): {} imported, {} updated, {} unchanged, {} failed{skipped}",
        s.files(),
        secs,
        s.files() as f64 / secs,
        s.bytes as f64 / 1e6 / secs,
        s.imported,
        s.updated,
        s.unchanged,
        s.failed.len()
    );
    if s.scans > 0 {
        println!("{} scans found beside the records were attached", s.scans);
    }
    for (link, target) in &s.followed {
        eprintln!(
            "fonds: followed the symbolic link {} to {}",
            link.display(),
            target.display()
        );
    }
    for (path, why) in &s.skipped {
        eprintln!("fonds: skipped: {}: {why}", path.display());
    }
    // Each reason names its file.
    for (_, why) in &s.failed {
        eprintln!("fonds: failed: {why}");
    }
}

pub struct SearchArgs {
    pub query: String,
    pub json: bool,
    pub limit: usize,
    pub offset: usize,
    pub facets: bool,
    pub sort: fonds_search::Sort,
}

pub fn search(place: &Place, args: SearchArgs) -> anyhow::Result<ExitCode> {
    runtime()?.block_on(async {
        let archive = open_reading(place).await?;
        let req =
            fonds_server::checked_search_request(args.limit, args.offset, args.sort, args.facets)
                .map_err(|e| anyhow::anyhow!(e.message))?;
        let page = match archive.search(&Viewer::owner(), &args.query, &req).await {
            Ok(page) => page,
            Err(fonds_archive::ArchiveError::Query(e)) => {
                invalid_query(&args.query, &e);
                return Ok(ExitCode::from(2));
            }
            Err(e) => return Err(e.into()),
        };
        let out = std::io::stdout();
        let mut out = out.lock();
        if args.json {
            serde_json::to_writer_pretty(
                &mut out,
                &fonds_server::wire::search_json(&args.query, req.offset, req.limit, &page),
            )?;
            writeln!(out)?;
            return Ok(ExitCode::SUCCESS);
        }
        writeln!(out, "{} documents match", page.total)?;
        for (i, hit) in page.hits.iter().enumerate() {
            let d = &hit.card;
            let date = d
                .date
                .as_ref()
                .and_then(|s| s.edtf.clone())
                .unwrap_or_else(|| "undated".into());
            writeln!(out, "\n{}. {} ({date})", req.offset + i + 1, d.title)?;
            let r = d.reference.clone().unwrap_or_default();
            writeln!(out, "   {}  {}", d.id, r)?;
            for s in &hit.snippets {
                let turn = s
                    .turn
                    .map_or(String::new(), |t| format!(", turn {}", t + 1));
                writeln!(
                    out,
                    "   [{} {}{turn}] {}",
                    s.part.as_str(),
                    s.language,
                    marked(s)
                )?;
            }
        }
        if let Some(f) = &page.facets {
            for (name, values) in [
                ("language", &f.lang),
                ("repository", &f.repo),
                ("type", &f.doc_type),
                ("year", &f.year),
                ("person", &f.person),
            ] {
                let v: Vec<String> = values.iter().map(|(k, n)| format!("{k} ({n})")).collect();
                writeln!(out, "\n{name}: {}", v.join(", "))?;
            }
        }
        Ok(ExitCode::SUCCESS)
    })
}

/// Says where a query is wrong: the message, the query, a caret under the
/// place.
pub(crate) fn invalid_query(query: &str, e: &fonds_query::QueryError) {
    eprintln!("fonds: invalid query: {e}");
    eprintln!("  {query}");
    eprintln!("  {}^", " ".repeat(e.column.saturating_sub(1)));
}

/// A snippet for a terminal: matched words between » and «.
fn marked(s: &fonds_search::Snippet) -> String {
    let mut out = String::new();
    let mut at = 0;
    for r in &s.highlights {
        if r.start < at || r.end > s.fragment.len() {
            continue;
        }
        out.push_str(&s.fragment[at..r.start]);
        out.push('»');
        out.push_str(&s.fragment[r.start..r.end]);
        out.push('«');
        at = r.end;
    }
    out.push_str(&s.fragment[at..]);
    out.replace('\n', " ")
}

pub fn reindex(place: &Place) -> anyhow::Result<ExitCode> {
    let dir = place.dir.as_path();
    runtime()?.block_on(async {
        let start = Instant::now();
        let ((_, rebuild), _note) = writer(dir, Archive::open_and_reindex(place))
            .await
            .with_context(|| format!("reindexing the archive in {}", dir.display()))?;
        let secs = start.elapsed().as_secs_f64();
        match rebuild.resumed_after {
            Some(seq) => println!(
                "resumed the stopped rebuild after change {seq}: indexed {} more documents in {secs:.1} s",
                rebuild.indexed
            ),
            None => println!("reindexed {} documents in {secs:.1} s", rebuild.indexed),
        }
        Ok(ExitCode::SUCCESS)
    })
}

pub fn attach(place: &Place, doc: &str, files: &[PathBuf]) -> anyhow::Result<ExitCode> {
    runtime()?.block_on(async {
        let (archive, _note) = open(place).await?;
        let before = archive
            .scans(&Viewer::owner(), doc)
            .await
            .map_or(0, |s| s.len());
        let attached = archive
            .attach_paths(doc, files)
            .await
            .with_context(|| format!("attaching scans to {doc}"))?;
        let added = &attached.scans[before.min(attached.scans.len())..];
        for s in added {
            println!(
                "{doc}: scan {} is {} ({} x {} pixels, sha256 {})",
                s.n, s.name, s.width, s.height, s.sha256
            );
        }
        for note in &attached.notes {
            eprintln!("note: {note}");
        }
        Ok(ExitCode::SUCCESS)
    })
}

/// `fonds migrate`: the embedded archive in `from` into the database of
/// `to`, its blobs into `to`'s folder; each table said as it is done, then
/// the counts and checks. Exits 1 when the two sides disagree.
pub fn migrate(from: &Path, to: &Place) -> anyhow::Result<ExitCode> {
    runtime()?.block_on(async {
        let report = fonds_archive::migrate::migrate(from, to, |table, rows| {
            eprintln!("fonds: copied {table}: {rows} rows");
        })
        .await
        .with_context(|| format!("moving the archive in {} to {}", from.display(), shown(to)))?;
        let mut out = std::io::stdout().lock();
        writeln!(out, "{:<20} {:>10} {:>10}", "table", "archive", "database")?;
        for (table, a, b) in &report.tables {
            writeln!(out, "{table:<20} {a:>10} {b:>10}")?;
        }
        writeln!(
            out,
            "{} versions and {} sources checked against their checksums in the database",
            report.versions_checked, report.sources_checked
        )?;
        if !report.problems.is_empty() {
            for p in &report.problems {
                writeln!(out, "problem: {p}")?;
            }
            return Ok(ExitCode::FAILURE);
        }
        writeln!(
            out,
            "the archive's records are in the database: from now on run fonds with --database (or FONDS_DATABASE) and --archive {}; {} is left as it was",
            to.dir.display(),
            from.join("fonds.db").display()
        )?;
        Ok(ExitCode::SUCCESS)
    })
}

pub fn serve(place: &Place, addr: SocketAddr, read_only: bool) -> anyhow::Result<ExitCode> {
    runtime()?.block_on(async {
        let (archive, _note) = if read_only {
            (open_reading(place).await?, None)
        } else {
            let (archive, note) = open(place).await?;
            (archive, Some(note))
        };
        let archive = Arc::new(archive);
        if place.database.is_some() && !read_only {
            // Other nodes write the same database: their changes reach
            // this node's index within half a second.
            let follower = archive.clone();
            tokio::spawn(
                async move { follower.follow(std::time::Duration::from_millis(500)).await },
            );
        }
        fonds_server::serve(archive, addr)
            .await
            .with_context(|| format!("serving on {addr}"))?;
        Ok(ExitCode::SUCCESS)
    })
}

/// What `fonds verify` is asked to do.
pub struct VerifyOptions {
    pub json: bool,
    pub repair: bool,
    /// Check this percentage of the versions, from where the last share
    /// stopped (and record the audit).
    pub sample: Option<f64>,
    /// Record the audit in the archive's log.
    pub record: bool,
    /// List the recorded audits instead.
    pub history: bool,
}

/// Reads a share as `--sample` takes it: `5%` or `5`, above 0 and at most
/// 100.
pub fn parse_share(s: &str) -> Result<f64, String> {
    let n: f64 = s
        .trim()
        .trim_end_matches('%')
        .trim()
        .parse()
        .map_err(|_| format!("{s:?} is not a percentage (such as 5%)"))?;
    if n.is_finite() && n > 0.0 && n <= 100.0 {
        Ok(n)
    } else {
        Err(format!(
            "{s:?}: the share must be above 0% and at most 100%"
        ))
    }
}

/// `fonds verify`: reports what it finds and changes nothing; with
/// `repair`, then mends what can be mended and checks again; with `record`
/// or `sample`, adds the result to the archive's audit log. Exits 1 when a
/// problem remains.
pub fn verify(place: &Place, o: VerifyOptions) -> anyhow::Result<ExitCode> {
    let dir = place.dir.as_path();
    runtime()?.block_on(async {
        let coverage = match o.sample {
            Some(p) => Coverage::Share(p),
            None => Coverage::Whole,
        };
        // The log first: opening it brings the store up to date, which a
        // read-only archive cannot do.
        let log = if o.record || o.sample.is_some() || o.history {
            Some(
                AuditLog::open(place)
                    .await
                    .with_context(|| format!("opening the audit log of {}", dir.display()))?,
            )
        } else {
            None
        };
        if o.history {
            let audits = log.as_ref().expect("opened").history(1000).await?;
            print_history(&audits, o.json);
            return Ok(ExitCode::SUCCESS);
        }
        let (found, repaired) = if o.repair {
            let (mut archive, _note) = writer(dir, Archive::open_unrepaired(place))
                .await
                .with_context(|| format!("opening the archive in {}", shown(place)))?;
            let found = archive.verify_covering(coverage).await?;
            if found.problems.iter().any(|p| p.repairable()) {
                let done = archive.repair(&found).await?;
                (
                    archive.verify_covering(coverage).await?,
                    Some((found.problems, done)),
                )
            } else {
                (found, Some((Vec::new(), Default::default())))
            }
        } else {
            (
                open_reading(place).await?.verify_covering(coverage).await?,
                None,
            )
        };
        let r = &found;
        let repaired_json = repaired.as_ref().map(|(before, done)| {
            serde_json::json!({
                "found": before.iter().map(problem_json).collect::<Vec<_>>(),
                "indexed": done.indexed,
                "rebuilt": done.rebuilt,
                "linked_persons": done.linked,
                "restored": done.restored,
            })
        });
        let place = |p: &Option<(String, i64)>| {
            p.as_ref()
                .map(|(id, v)| serde_json::json!({"id": id, "version": v}))
        };
        let mut report = serde_json::json!({
            "started_at": r.started_at,
            "documents": r.documents,
            "versions": r.versions,
            "versions_checked": r.versions_checked,
            "sources_checked": r.sources_checked,
            "share_percent": r.share_percent,
            "first_checked": place(&r.first_checked),
            "last_checked": place(&r.last_checked),
            "indexed": r.indexed,
            "store_seq": r.store_seq,
            "index_seq": r.index_seq,
            "people_seq": r.people_seq,
            "problems": r.problems.iter().map(problem_json).collect::<Vec<_>>(),
            "unlisted_problems": r.unlisted_problems,
            "repaired": repaired_json,
        });
        let recorded = match &log {
            Some(log) => {
                let n = log.record(r, coverage, report.to_string()).await?;
                log.close().await;
                report["audit"] = n.into();
                Some(n)
            }
            None => None,
        };
        if o.json {
            println!("{report}");
        } else {
            if let Some((before, done)) = &repaired {
                if !before.is_empty() {
                    println!("found {} problems:", before.len());
                    for p in before {
                        println!("  {p}");
                    }
                    let mut did = Vec::new();
                    if done.restored > 0 {
                        did.push(format!(
                            "read {} damaged stored documents again from their sources",
                            done.restored
                        ));
                    }
                    if done.rebuilt {
                        did.push(format!("rebuilt the index ({} documents)", done.indexed));
                    } else if done.indexed > 0 {
                        did.push(format!("indexed {} documents", done.indexed));
                    }
                    if let Some(n) = done.linked {
                        did.push(format!("linked the names into {n} persons"));
                    }
                    if !did.is_empty() {
                        println!("repaired: {}", did.join("; "));
                    }
                }
            }
            let share = match (&r.share_percent, &r.first_checked, &r.last_checked) {
                (Some(p), Some(first), Some(last)) => format!(
                    " ({p}%, from {} v{} to {} v{})",
                    first.0, first.1, last.0, last.1
                ),
                _ => String::new(),
            };
            println!(
                "{} documents; {} of {} versions checked{share}, with {} sources; {} indexed; {} problems",
                r.documents,
                r.versions_checked,
                r.versions,
                r.sources_checked,
                r.indexed,
                r.problems.len() + r.unlisted_problems
            );
            for p in &r.problems {
                println!("  {p}");
            }
            if r.unlisted_problems > 0 {
                println!("  ... and {} more", r.unlisted_problems);
            }
            if repaired.is_none() && r.problems.iter().any(|p| p.repairable()) {
                println!("nothing was changed; `fonds verify --repair` mends what can be mended");
            }
            if let Some(n) = recorded {
                println!("recorded as audit {n}");
            }
        }
        Ok(if r.problems.is_empty() {
            ExitCode::SUCCESS
        } else {
            ExitCode::FAILURE
        })
    })
}

/// The recorded audits, the latest first.
fn print_history(audits: &[fonds_archive::Audit], json: bool) {
    if json {
        let list: Vec<serde_json::Value> = audits
            .iter()
            .map(|a| {
                serde_json::json!({
                    "audit": a.n,
                    "started_at": a.started_at,
                    "finished_at": a.finished_at,
                    "scope": a.scope,
                    "share_percent": a.share_percent,
                    "first": a.first.as_ref().map(|(id, v)| serde_json::json!({"id": id, "version": v})),
                    "last": a.last.as_ref().map(|(id, v)| serde_json::json!({"id": id, "version": v})),
                    "versions_checked": a.versions_checked,
                    "sources_checked": a.sources_checked,
                    "problems": a.problems,
                    "report": serde_json::from_str::<serde_json::Value>(&a.report).unwrap_or_default(),
                })
            })
            .collect();
        println!("{}", serde_json::Value::from(list));
        return;
    }
    if audits.is_empty() {
        println!("no audit has been recorded (`fonds verify --record`, or `--sample 5%`)");
    }
    for a in audits {
        let scope = match a.share_percent {
            Some(p) => format!("{p}% share"),
            None => a.scope.clone(),
        };
        println!(
            "{:>4}  {}  {:<10}  {} versions, {} sources checked, {} problems",
            a.n, a.finished_at, scope, a.versions_checked, a.sources_checked, a.problems
        );
    }
}

/// A problem in `fonds verify --json`: its kind, its message, its figures.
fn problem_json(p: &fonds_archive::Problem) -> serde_json::Value {
    use fonds_archive::Problem;
    let mut v = match p {
        Problem::IndexBehind {
            changes,
            indexed_up_to,
        } => serde_json::json!({"changes": changes, "indexed_up_to": indexed_up_to}),
        Problem::IndexFormat => serde_json::json!({}),
        Problem::NotIndexed { count, first } => serde_json::json!({"count": count, "ids": first}),
        Problem::IndexCount { indexed, documents } => {
            serde_json::json!({"indexed": indexed, "documents": documents})
        }
        Problem::PeopleBehind { linked_at } => serde_json::json!({"linked_at": linked_at}),
        Problem::Source {
            id,
            version,
            file,
            error,
        } => serde_json::json!({"id": id, "version": version, "file": file, "error": error}),
        Problem::Stored { id, version, error } => {
            serde_json::json!({"id": id, "version": version, "error": error})
        }
        Problem::IndexFiles { files } => serde_json::json!({"files": files}),
        Problem::Scan { id, n, file, error } => {
            serde_json::json!({"id": id, "scan": n, "file": file, "error": error})
        }
    };
    v["kind"] = p.kind().into();
    v["message"] = p.to_string().into();
    v
}

include!(concat!(env!("OUT_DIR"), "/demo_records.rs"));

/// Builds an archive from the demo corpus shipped in the binary (or the
/// records in `from`, with any scans beside them, read with OCR when
/// Tesseract is installed) and serves it.
pub fn demo(dir: Option<&Path>, addr: SocketAddr, from: Option<&Path>) -> anyhow::Result<ExitCode> {
    let dir = match dir {
        Some(d) => d.to_path_buf(),
        None => {
            // A fresh archive each time: the demo shows what import does.
            let d = std::env::temp_dir().join("fonds-demo");
            if d.exists() {
                std::fs::remove_dir_all(&d).with_context(|| format!("clearing {}", d.display()))?;
            }
            d
        }
    };
    let records = match from {
        Some(f) => f.to_path_buf(),
        None => {
            let records = dir.join("demo-records");
            std::fs::create_dir_all(&records)
                .with_context(|| format!("creating {}", records.display()))?;
            for (name, text) in DEMO_RECORDS {
                std::fs::write(records.join(name), text)
                    .with_context(|| format!("writing {name}"))?;
            }
            records
        }
    };
    runtime()?.block_on(async {
        let (archive, _note) = open(&Place::from(&dir)).await?;
        let summary = archive.import(&[records], |_| {}).await?;
        print_summary(&summary);
        if summary.scans > 0 {
            match fonds_archive::tesseract::version() {
                Ok(engine) => {
                    println!("fonds demo: reading the scans with {engine}");
                    let mut bar = Bar::new("pages");
                    let read = archive
                        .ocr(&[], &Default::default(), |p| {
                            bar.show(p.done, p.total, p.elapsed)
                        })
                        .await?;
                    println!("{} pages read, {} words", read.pages, read.words);
                }
                Err(why) => println!("fonds demo: the scans are not read: {why}"),
            }
        }
        let archive = Arc::new(archive);
        println!("fonds demo: open http://{addr}/ (Ctrl-C to stop)");
        fonds_server::serve(archive, addr)
            .await
            .with_context(|| format!("serving on {addr}"))?;
        Ok(ExitCode::SUCCESS)
    })
}
