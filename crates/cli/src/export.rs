//! `fonds export`: the whole archive, or a query's results, written out in
//! bulk. Documents are streamed a batch at a time, so memory stays bounded at
//! any archive size; a manifest lists every file written with its size and
//! SHA-256.

use anyhow::Context;
use fonds_core::citation::format::CitationParts;
use fonds_core::Document;
use fonds_search::SearchRequest;
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
}

const BATCH: usize = 500;

/// Quotes a CSV field when it needs it (RFC 4180).
fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

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
        };
        let single = match format {
            ExportFormat::Csv => Some("documents.csv"),
            ExportFormat::Ris => Some("citations.ris"),
            ExportFormat::Json | ExportFormat::Tei => None,
        };
        if let Some(name) = single {
            let path = dir.join(name);
            let mut f = BufWriter::new(
                File::create(&path).with_context(|| format!("creating {}", path.display()))?,
            );
            if format == ExportFormat::Csv {
                write!(f, "{}\r\n", CSV_COLUMNS.join(","))?;
            }
            w.single = Some(f);
            w.files.push(path);
        }
        Ok(w)
    }

    fn write(&mut self, d: &Document) -> anyhow::Result<()> {
        self.count += 1;
        match self.format {
            ExportFormat::Json => {
                let path = self.dir.join(file_name(&d.id, "json"));
                let mut text = serde_json::to_string_pretty(&fonds_json::to_json(d))?;
                text.push('\n');
                std::fs::write(&path, text)
                    .with_context(|| format!("writing {}", path.display()))?;
                self.files.push(path);
            }
            ExportFormat::Tei => {
                let path = self.dir.join(file_name(&d.id, "xml"));
                std::fs::write(&path, fonds_tei::write_tei(d))
                    .with_context(|| format!("writing {}", path.display()))?;
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
        }
        Ok(())
    }

    /// Closes the files and writes `manifest.json`.
    fn finish(mut self, query: Option<&str>) -> anyhow::Result<usize> {
        if let Some(mut f) = self.single.take() {
            f.flush()?;
        }
        let mut entries = Vec::new();
        for path in &self.files {
            let bytes = std::fs::read(path)?;
            entries.push(serde_json::json!({
                "file": path.file_name().map(|n| n.to_string_lossy().to_string()),
                "bytes": bytes.len(),
                "sha256": fonds_archive::sha256_hex(&bytes),
            }));
        }
        let format = match self.format {
            ExportFormat::Json => "json",
            ExportFormat::Csv => "csv",
            ExportFormat::Ris => "ris",
            ExportFormat::Tei => "tei",
        };
        let manifest = serde_json::json!({
            "format": format,
            "query": query,
            "documents": self.count,
            "created_at": fonds_archive::rfc3339(fonds_archive::Clock::now(&fonds_archive::SystemClock)),
            "fonds_version": env!("CARGO_PKG_VERSION"),
            "files": entries,
        });
        std::fs::write(
            self.dir.join("manifest.json"),
            serde_json::to_string_pretty(&manifest)? + "\n",
        )?;
        Ok(self.count)
    }
}

pub fn run(
    dir: &Path,
    out: &Path,
    format: ExportFormat,
    query: Option<&str>,
) -> anyhow::Result<ExitCode> {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    rt.block_on(async {
        // Exporting only reads: it runs beside a server or an import.
        let archive = crate::archive_cmds::open_reading(dir).await?;
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
                        w.write(&stored.document)?;
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
                    let page = archive.select(q, &req).await?;
                    for stored in &page.documents {
                        w.write(&stored.document)?;
                    }
                    offset += BATCH;
                    if offset >= page.total {
                        break;
                    }
                }
            }
        }
        let n = w.finish(query)?;
        println!("exported {n} documents to {}", out.display());
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
        assert_eq!(file_name("a/b:c", "json"), "a_b_c.json");
    }
}
