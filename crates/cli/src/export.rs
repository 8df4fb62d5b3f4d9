//! `fonds export`: the whole archive, or a query's results, written out in
//! bulk. Documents are streamed a batch at a time, so memory stays bounded at
//! any archive size; a manifest lists every file written with its size and
//! SHA-256.

use anyhow::Context;
use fonds_archive::Viewer;
use fonds_core::citation::format::CitationParts;
use fonds_core::Document;
use fonds_search::SearchRequest;
// A CSV field, as the reader's downloads write one.
use fonds_archive::Place;
use fonds_server::html::download::csv_cell as csv_field;
use std::collections::HashMap;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormat {
    /// One fonds document JSON file per document.
    Json,
    /// One CSV file, a row per document.
    Csv,
    /// One RIS file, a record per document.
    Ris,
    /// One TEI P5 file per document.
    Tei,
    /// One BagIt bag (RFC 8493) per document: every version's source byte
    /// for byte, the JSON, TEI and plain text, the citation, SHA-256 and
    /// SHA-512 manifests.
    Bagit,
    /// An OCFL 1.1 storage root: an object per document, each stored
    /// version an OCFL version (its source, JSON, TEI, plain text and
    /// citation); an existing root gains the versions it lacks.
    Ocfl,
}

const BATCH: usize = 500;

const CSV_COLUMNS: [&str; 15] = [
    "id",
    "title",
    "date",
    "edtf",
    "doc_type",
    "classification",
    "repository",
    "fond",
    "opis",
    "delo",
    "folios",
    "location",
    "translators",
    "languages",
    "url",
];

fn csv_row(d: &Document) -> String {
    let r = d.citation.archival_reference.as_ref();
    let date = d.date();
    let s = |v: Option<&String>| v.cloned().unwrap_or_default();
    let mut languages: Vec<&str> = d.texts.iter().map(|t| t.language.code()).collect();
    languages.dedup();
    let fields = [
        d.id.clone(),
        d.title.clone(),
        date.map(|x| x.stated.clone()).unwrap_or_default(),
        date.and_then(|x| x.value.as_ref().map(|v| v.to_edtf(x.certainty)))
            .unwrap_or_default(),
        d.doc_type.as_str().to_string(),
        d.classification
            .as_ref()
            .map(|c| c.text.clone())
            .unwrap_or_default(),
        s(r.and_then(|r| r.repository.as_ref())),
        s(r.and_then(|r| r.fond.as_ref())),
        s(r.and_then(|r| r.opis.as_ref())),
        s(r.and_then(|r| r.delo.as_ref())),
        r.and_then(|r| r.folios)
            .map(|f| format!("{}-{}", f.from, f.to))
            .unwrap_or_default(),
        s(r.and_then(|r| r.location.as_ref())),
        d.citation.translators.join("; "),
        languages.join(" "),
        d.citation.url.clone().unwrap_or_default(),
    ];
    fields
        .iter()
        .map(|f| csv_field(f))
        .collect::<Vec<_>>()
        .join(",")
        + "\r\n"
}

/// A document in the forms a package keeps: as JSON, TEI and plain text
/// (`STEM.json`, `.xml`, `.txt`) and its citations (`citation.ris`,
/// `.bib`, `.txt`: Chicago note and bibliography).
fn forms(d: &Document, stem: &str) -> anyhow::Result<Vec<fonds_ingest::bag::PayloadFile>> {
    let c = CitationParts::of(d);
    let mut json = serde_json::to_string_pretty(&fonds_json::to_json(d))?;
    json.push('\n');
    Ok([
        (format!("{stem}.json"), json.into_bytes()),
        (format!("{stem}.xml"), fonds_tei::write_tei(d).into_bytes()),
        (
            format!("{stem}.txt"),
            fonds_core::plain::document(d).into_bytes(),
        ),
        ("citation.ris".into(), c.ris().into_bytes()),
        ("citation.bib".into(), c.bibtex().into_bytes()),
        (
            "citation.txt".into(),
            format!("{}\n\n{}\n", c.chicago_note(), c.chicago_bibliography()).into_bytes(),
        ),
    ]
    .into_iter()
    .map(|(path, bytes)| fonds_ingest::bag::PayloadFile { path, bytes })
    .collect())
}

/// A document's scans as a package keeps them, under `prefix`: each file
/// as it was attached, once (`scans/0001-NAME`: an image, or the PDF or
/// TIFF several scans are pages of), each OCR file as it was read or
/// imported (`ocr/0001.hocr`), and `scans.json`, which says which scan is
/// which page of which file and which OCR reads it. Nothing for a
/// document without scans.
async fn scan_files(
    archive: &fonds_archive::Archive,
    id: &str,
    prefix: &str,
) -> anyhow::Result<Vec<fonds_ingest::bag::PayloadFile>> {
    use fonds_ingest::bag::{safe_path, PayloadFile};
    let scans = archive.scans(&Viewer::owner(), id).await?;
    if scans.is_empty() {
        return Ok(Vec::new());
    }
    let mut files = Vec::new();
    let mut kept: HashMap<String, String> = HashMap::new();
    let mut listed = Vec::new();
    for s in &scans {
        let path = match kept.get(&s.file_sha256) {
            Some(p) => p.clone(),
            None => {
                let (_, bytes) = archive.attached_file(&Viewer::owner(), id, s.n).await?;
                let name = s
                    .name
                    .rsplit_once(", p. ")
                    .map_or(s.name.as_str(), |(f, _)| f);
                let path = format!("scans/{:04}-{}", kept.len() + 1, safe_path(name));
                files.push(PayloadFile {
                    path: format!("{prefix}{path}"),
                    bytes,
                });
                kept.insert(s.file_sha256.clone(), path.clone());
                path
            }
        };
        listed.push(serde_json::json!({
            "n": s.n, "name": s.name, "media_type": s.media_type,
            "width": s.width, "height": s.height, "sha256": s.sha256,
            "file": path, "file_sha256": s.file_sha256, "file_page": s.file_page,
            "added_at": s.added_at,
        }));
    }
    let mut ocr_kept: HashMap<String, String> = HashMap::new();
    let mut ocr = Vec::new();
    for r in archive.ocr_reads(&Viewer::owner(), id).await? {
        let path = match ocr_kept.get(&r.file_sha256) {
            Some(p) => p.clone(),
            None => {
                let path = format!(
                    "ocr/{:04}.{}",
                    ocr_kept.len() + 1,
                    if r.format == "alto" { "xml" } else { "hocr" }
                );
                files.push(PayloadFile {
                    path: format!("{prefix}{path}"),
                    bytes: archive.ocr_file(&r.file_sha256)?,
                });
                ocr_kept.insert(r.file_sha256.clone(), path.clone());
                path
            }
        };
        ocr.push(serde_json::json!({
            "n": r.n, "file": path, "file_sha256": r.file_sha256, "file_page": r.file_page,
            "format": r.format, "engine": r.engine, "languages": r.languages,
            "words": r.word_count, "added_at": r.added_at,
        }));
    }
    let note = serde_json::json!({ "document": id, "scans": listed, "ocr": ocr });
    files.push(PayloadFile {
        path: format!("{prefix}scans.json"),
        bytes: (serde_json::to_string_pretty(&note)? + "\n").into_bytes(),
    });
    Ok(files)
}

/// Writes a file whole or not at all ([`fonds_ingest::write_whole`]).
fn write_whole(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    fonds_ingest::write_whole(path, bytes).with_context(|| format!("writing {}", path.display()))
}

/// A file name safe on every filesystem, from a document id.
fn file_name(id: &str, ext: &str) -> String {
    let safe: String = id
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    format!("{safe}.{ext}")
}

struct Writer {
    dir: PathBuf,
    format: ExportFormat,
    single: Option<BufWriter<File>>,
    files: Vec<PathBuf>,
    count: usize,
    /// The sources shared by several documents (a printed volume) written
    /// so far, by checksum, with the bag that holds each.
    shared: std::collections::HashMap<String, String>,
    /// OCFL objects written new, given versions, left as they were.
    objects: [usize; 3],
}

impl Writer {
    fn new(dir: &Path, format: ExportFormat) -> anyhow::Result<Writer> {
        std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
        let mut w = Writer {
            dir: dir.to_path_buf(),
            format,
            single: None,
            files: Vec::new(),
            count: 0,
            shared: Default::default(),
            objects: [0; 3],
        };
        if format == ExportFormat::Ocfl {
            fonds_ingest::ocfl::init_root(dir)?;
        }
        let single = match format {
            ExportFormat::Csv => Some("documents.csv"),
            ExportFormat::Ris => Some("citations.ris"),
            ExportFormat::Json | ExportFormat::Tei | ExportFormat::Bagit | ExportFormat::Ocfl => {
                None
            }
        };
        if let Some(name) = single {
            // Written under a hidden name and renamed when whole.
            let path = dir.join(name);
            let partial = fonds_ingest::partial_name(&path);
            let mut f = BufWriter::new(
                File::create(&partial)
                    .with_context(|| format!("creating {}", partial.display()))?,
            );
            if format == ExportFormat::Csv {
                write!(f, "{}\r\n", CSV_COLUMNS.join(","))?;
            }
            w.single = Some(f);
            w.files.push(path);
        }
        Ok(w)
    }

    /// Writes a document in the export's format.
    async fn put(&mut self, archive: &fonds_archive::Archive, d: &Document) -> anyhow::Result<()> {
        match self.format {
            ExportFormat::Bagit => self.write_bag(archive, d).await,
            ExportFormat::Ocfl => self.write_ocfl(archive, d).await,
            _ => self.write(d),
        }
    }

    fn write(&mut self, d: &Document) -> anyhow::Result<()> {
        self.count += 1;
        match self.format {
            ExportFormat::Json => {
                let path = self.dir.join(file_name(&d.id, "json"));
                let mut text = serde_json::to_string_pretty(&fonds_json::to_json(d))?;
                text.push('\n');
                write_whole(&path, text.as_bytes())?;
                self.files.push(path);
            }
            ExportFormat::Tei => {
                let path = self.dir.join(file_name(&d.id, "xml"));
                write_whole(&path, fonds_tei::write_tei(d).as_bytes())?;
                self.files.push(path);
            }
            ExportFormat::Csv => self
                .single
                .as_mut()
                .expect("a CSV file")
                .write_all(csv_row(d).as_bytes())?,
            ExportFormat::Ris => self
                .single
                .as_mut()
                .expect("a RIS file")
                .write_all(CitationParts::of(d).ris().as_bytes())?,
            ExportFormat::Bagit | ExportFormat::Ocfl => {
                unreachable!("packages are written by write_bag and write_ocfl")
            }
        }
        Ok(())
    }

    /// Writes a document's bag, its sources read from the archive.
    async fn write_bag(
        &mut self,
        archive: &fonds_archive::Archive,
        d: &Document,
    ) -> anyhow::Result<()> {
        use fonds_ingest::bag::{self, PayloadFile};
        self.count += 1;
        let stem = file_name(&d.id, "x");
        let stem = stem.trim_end_matches(".x");
        let mut payload = Vec::new();
        // A source only this document was read from goes into its bag; one
        // shared by many (a printed volume) into a bag of its own, written
        // once, which the document's bag names.
        let mut elsewhere: Vec<(String, String)> = Vec::new();
        let versions = archive.versions(&Viewer::owner(), &d.id).await?;
        for v in &versions {
            let path = |version: i64| {
                format!(
                    "data/{}/v{version}/{}",
                    bag::SOURCES,
                    bag::safe_path(&v.source_name)
                )
            };
            if archive.source_documents(&v.sha256).await? <= 1 {
                let bytes = archive.source(&Viewer::owner(), &d.id, v.version).await?;
                payload.push(PayloadFile {
                    path: path(v.version),
                    bytes,
                });
                continue;
            }
            let held = match self.shared.get(&v.sha256) {
                Some(name) => name.clone(),
                None => {
                    // Named so that bags sort in the order the sources came in.
                    let stamp: String =
                        v.imported_at.chars().filter(char::is_ascii_digit).collect();
                    let name = format!("source-{stamp}-{}", &v.sha256[..16.min(v.sha256.len())]);
                    let bytes = archive.source(&Viewer::owner(), &d.id, v.version).await?;
                    // The file's own name, without the document it named.
                    let file = v
                        .source_name
                        .strip_suffix(&format!("#{}", d.id))
                        .unwrap_or(&v.source_name);
                    let file = format!("data/{}/v1/{}", bag::SOURCES, bag::safe_path(file));
                    let info = vec![
                        (
                            "External-Identifier".to_string(),
                            format!("sha256:{}", v.sha256),
                        ),
                        (
                            "External-Description".to_string(),
                            format!(
                                "The source file {}, from which several documents were read",
                                v.source_name
                            ),
                        ),
                        (
                            "Bag-Software-Agent".to_string(),
                            concat!("fonds ", env!("CARGO_PKG_VERSION")).to_string(),
                        ),
                    ];
                    let dir = self.dir.join(&name);
                    bag::write(&dir, &[PayloadFile { path: file, bytes }], &info)
                        .with_context(|| format!("writing {}", dir.display()))?;
                    self.files.push(dir.join("manifest-sha256.txt"));
                    self.shared.insert(v.sha256.clone(), name.clone());
                    name
                }
            };
            elsewhere.push((
                format!("Source-Version-{}", v.version),
                format!("{} (sha256:{}) in the bag {held}", v.source_name, v.sha256),
            ));
        }
        payload.extend(scan_files(archive, &d.id, "data/").await?);
        payload.extend(forms(d, &format!("data/{stem}"))?.into_iter().map(|mut f| {
            if f.path.starts_with("citation") {
                f.path = format!("data/{}", f.path);
            }
            f
        }));
        let now = fonds_archive::rfc3339(fonds_archive::Clock::now(&fonds_archive::SystemClock));
        let mut info: Vec<(String, String)> = Vec::new();
        let mut put = |k: &str, v: &str| {
            if !v.trim().is_empty() {
                info.push((k.to_string(), v.to_string()));
            }
        };
        if let Some(p) = &d.citation.publisher {
            put("Source-Organization", p);
        }
        put("External-Identifier", &d.id);
        put("External-Description", &d.title);
        put("Bagging-Date", &now[..10.min(now.len())]);
        put(
            "Bag-Software-Agent",
            concat!("fonds ", env!("CARGO_PKG_VERSION")),
        );
        if let Some(r) = &d.citation.archival_reference {
            put("Archival-Reference", &r.text);
            if let Some(repo) = &r.repository {
                put("Repository", repo);
            }
        }
        if let Some(date) = d.date() {
            put("Document-Date", &date.stated);
            if let Some(v) = &date.value {
                put("Document-Date-EDTF", &v.to_edtf(date.certainty));
            }
        }
        if let Some(u) = &d.citation.url {
            put("Document-URL", u);
        }
        put("Document-Versions", &versions.len().to_string());
        info.extend(elsewhere);
        let dir = self.dir.join(stem);
        if dir.exists() {
            anyhow::bail!(
                "{} already exists: export bags into an empty folder",
                dir.display()
            );
        }
        bag::write(&dir, &payload, &info).with_context(|| format!("writing {}", dir.display()))?;
        self.files.push(dir.join("manifest-sha256.txt"));
        Ok(())
    }

    /// Writes a document's OCFL object: each stored version with its
    /// source (or, for a source several documents share, the object that
    /// holds it, written once), its JSON, TEI and plain text and its
    /// citations, and `fonds/version.json`. An object the root holds gains
    /// the versions it lacks.
    async fn write_ocfl(
        &mut self,
        archive: &fonds_archive::Archive,
        d: &Document,
    ) -> anyhow::Result<()> {
        use fonds_ingest::bag::{safe_path, PayloadFile};
        use fonds_ingest::ocfl::{self, Version, Written};
        self.count += 1;
        let stored = archive.versions(&Viewer::owner(), &d.id).await?;
        let dir = self.dir.join(ocfl::object_path(&d.id));
        // An object the root holds whole is not written again.
        let held = ocfl::held_versions(&self.dir, &d.id);
        if !held.is_empty() && held.iter().eq(stored.iter().map(|v| &v.imported_at)) {
            self.objects[2] += 1;
            self.files.push(dir.join("inventory.json"));
            return Ok(());
        }
        let mut versions = Vec::new();
        for v in stored {
            let Some(stored) = archive
                .document_version(&Viewer::owner(), &d.id, v.version)
                .await?
            else {
                anyhow::bail!("{} version {} could not be read", d.id, v.version);
            };
            let mut files = Vec::new();
            let file_path = |name: &str| {
                let p = safe_path(name);
                if p.is_empty() {
                    "unnamed".to_string()
                } else {
                    p
                }
            };
            let source = if archive.source_documents(&v.sha256).await? > 1 {
                let object = ocfl::source_object_id(&v.sha256);
                // The file's own name, without the document it named.
                let name = v
                    .source_name
                    .strip_suffix(&format!("#{}", d.id))
                    .unwrap_or(&v.source_name)
                    .to_string();
                let path = file_path(&name);
                let there = self.dir.join(ocfl::object_path(&object));
                if !self.shared.contains_key(&v.sha256) && !there.is_dir() {
                    let bytes = archive.source(&Viewer::owner(), &d.id, v.version).await?;
                    ocfl::write_object(
                        &self.dir,
                        &object,
                        &[Version {
                            created: v.imported_at.clone(),
                            message: format!(
                                "The source file {name}, from which several documents were read"
                            ),
                            files: vec![PayloadFile {
                                path: path.clone(),
                                bytes,
                            }],
                        }],
                    )
                    .with_context(|| format!("writing the object {object}"))?;
                    self.objects[0] += 1;
                    self.files.push(there.join("inventory.json"));
                }
                self.shared.insert(v.sha256.clone(), object.clone());
                serde_json::json!({ "name": name, "sha256": v.sha256, "object": object, "path": path })
            } else {
                let path = format!("{}/{}", ocfl::SOURCE_DIR, file_path(&v.source_name));
                files.push(PayloadFile {
                    path: path.clone(),
                    bytes: archive.source(&Viewer::owner(), &d.id, v.version).await?,
                });
                serde_json::json!({ "name": v.source_name, "sha256": v.sha256, "path": path })
            };
            let note = serde_json::json!({
                "document": d.id,
                "version": v.version,
                "imported_at": v.imported_at,
                "source": source,
                "written_by": concat!("fonds ", env!("CARGO_PKG_VERSION")),
            });
            files.push(PayloadFile {
                path: ocfl::VERSION_FILE.into(),
                bytes: (serde_json::to_string_pretty(&note)? + "\n").into_bytes(),
            });
            files.extend(forms(&stored.document, "document")?);
            versions.push(Version {
                created: v.imported_at.clone(),
                message: format!("Version {}, imported from {}", v.version, v.source_name),
                files,
            });
        }
        // The scans, with the newest version: they belong to the document,
        // not to one of its sources.
        if let Some(last) = versions.last_mut() {
            last.files.extend(scan_files(archive, &d.id, "").await?);
        }
        let written = ocfl::write_object(&self.dir, &d.id, &versions)
            .with_context(|| format!("writing the object {}", d.id))?;
        match written {
            Written::New(_) => self.objects[0] += 1,
            Written::Appended(_) => self.objects[1] += 1,
            Written::Unchanged => self.objects[2] += 1,
        }
        self.files.push(dir.join("inventory.json"));
        Ok(())
    }

    /// Closes the files and writes `manifest.json`.
    fn finish(mut self, query: Option<&str>) -> anyhow::Result<usize> {
        if let Some(f) = self.single.take() {
            let file = f.into_inner().map_err(|e| e.into_error())?;
            file.sync_all()?;
            let path = &self.files[0];
            std::fs::rename(fonds_ingest::partial_name(path), path)
                .with_context(|| format!("writing {}", path.display()))?;
        }
        let mut entries = Vec::new();
        for path in &self.files {
            let bytes = std::fs::read(path)?;
            entries.push(serde_json::json!({
                "file": path
                    .strip_prefix(&self.dir)
                    .unwrap_or(path)
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy())
                    .collect::<Vec<_>>()
                    .join("/"),
                "bytes": bytes.len(),
                "sha256": fonds_archive::sha256_hex(&bytes),
            }));
        }
        let format = match self.format {
            ExportFormat::Json => "json",
            ExportFormat::Csv => "csv",
            ExportFormat::Ris => "ris",
            ExportFormat::Tei => "tei",
            ExportFormat::Bagit => "bagit",
            ExportFormat::Ocfl => "ocfl",
        };
        let manifest = serde_json::json!({
            "format": format,
            "query": query,
            "documents": self.count,
            "created_at": fonds_archive::rfc3339(fonds_archive::Clock::now(&fonds_archive::SystemClock)),
            "fonds_version": env!("CARGO_PKG_VERSION"),
            "files": entries,
        });
        write_whole(
            &self.dir.join("manifest.json"),
            (serde_json::to_string_pretty(&manifest)? + "\n").as_bytes(),
        )?;
        Ok(self.count)
    }
}

pub fn run(
    place: &Place,
    out: &Path,
    format: ExportFormat,
    query: Option<&str>,
) -> anyhow::Result<ExitCode> {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    rt.block_on(async {
        // Exporting only reads: it runs beside a server or an import.
        let archive = crate::archive_cmds::open_reading(place).await?;
        // A bad query is a usage error, said before anything is written.
        if let Some(q) = query {
            if let Err(e) = fonds_query::parse(q) {
                crate::archive_cmds::invalid_query(q, &e);
                return Ok(ExitCode::from(2));
            }
        }
        let mut w = Writer::new(out, format)?;
        match query {
            None => {
                let mut seq = 0;
                loop {
                    let batch = archive.documents_after(seq, BATCH).await?;
                    let Some(last) = batch.last() else { break };
                    seq = last.seq;
                    for stored in &batch {
                        w.put(&archive, &stored.document).await?;
                    }
                }
            }
            Some(q) => {
                // The documents `fonds search` finds, names widened alike.
                let mut offset = 0;
                loop {
                    let req = SearchRequest {
                        limit: BATCH,
                        offset,
                        sort: fonds_search::Sort::DateAscending,
                        facets: false,
                    };
                    let page = archive.select(&Viewer::owner(), q, &req).await?;
                    for stored in &page.documents {
                        w.put(&archive, &stored.document).await?;
                    }
                    offset += BATCH;
                    if offset >= page.total {
                        break;
                    }
                }
            }
        }
        let objects = w.objects;
        let ocfl = w.format == ExportFormat::Ocfl;
        let n = w.finish(query)?;
        println!("exported {n} documents to {}", out.display());
        if ocfl {
            println!(
                "OCFL objects: {} new, {} given new versions, {} already whole",
                objects[0], objects[1], objects[2]
            );
        }
        Ok(ExitCode::SUCCESS)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_fields_are_quoted_when_needed() {
        assert_eq!(csv_field("plain"), "plain");
        assert_eq!(csv_field("a, b"), "\"a, b\"");
        assert_eq!(csv_field("say \"no\""), "\"say \"\"no\"\"\"");
        assert_eq!(csv_field("=1+1"), "'=1+1");
        assert_eq!(file_name("a/b:c", "json"), "a_b_c.json");
    }
}
