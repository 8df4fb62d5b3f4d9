//! The corpus as JSON Lines: what every peer indexes, one document a line.
//!
//! Record `i` comes from `fonds_corpus::Generator` and is read with
//! `fonds_core::record::read_record`, as `fonds import` reads it, so a peer
//! indexes the texts, languages, dates and names fonds found, not the
//! generator's intentions. Each line also carries the size of the raw record,
//! so every peer's MB/s is computed on the bytes fonds imports. Nothing is
//! kept between records: memory stays constant at any count.
//!
//! [`write_from`] writes the same lines for real files (records, TEI volumes,
//! the JSON form) read as `fonds import` reads them, so that a peer indexes
//! what fonds found in them.

use crate::Result;
use fonds_core::{Document, Text, TextRole};
use serde_json::{json, Value};
use std::io::{BufWriter, Write};
use std::path::Path;
use std::time::Instant;

pub fn write(count: u64, seed: u64, out: &Path) -> Result<()> {
    let sink: Box<dyn Write> = if out.as_os_str() == "-" {
        Box::new(std::io::stdout().lock())
    } else {
        Box::new(std::fs::File::create(out).map_err(|e| format!("{}: {e}", out.display()))?)
    };
    let mut w = BufWriter::with_capacity(1 << 20, sink);
    let generator = fonds_corpus::Generator::new(seed);
    let started = Instant::now();
    let (mut raw, mut written, mut reading) = (0u64, 0u64, 0f64);
    for i in 0..count {
        let g = generator.record(i);
        let t = Instant::now();
        let doc = fonds_core::record::read_record(&g.text, Some(&g.file_name));
        reading += t.elapsed().as_secs_f64();
        let line = serde_json::to_string(&line(&doc, &g.file_name, g.text.len()))?;
        w.write_all(line.as_bytes())?;
        w.write_all(b"\n")?;
        raw += g.text.len() as u64;
        written += line.len() as u64 + 1;
    }
    w.flush()?;
    eprintln!(
        "fonds-peers corpus: {count} records (seed {seed}), {:.1} MB of records, {:.1} MB of JSON Lines, \
         {:.1} s in all, {:.1} s of it reading records",
        raw as f64 / 1e6,
        written as f64 / 1e6,
        started.elapsed().as_secs_f64(),
        reading
    );
    Ok(())
}

/// The lines of every document in the files under `paths`, read as
/// `fonds import` reads them. A file that is not a record is reported and
/// passed over; the size of a file holding several documents is shared out
/// among them by their share of its text.
pub fn write_from(paths: &[std::path::PathBuf], out: &Path) -> Result<()> {
    let mut w = BufWriter::with_capacity(
        1 << 20,
        std::fs::File::create(out).map_err(|e| format!("{}: {e}", out.display()))?,
    );
    let walk = fonds_ingest::walk(paths)?;
    let (mut files, mut documents) = (0u64, 0u64);
    for input in &walk.files {
        let docs = match input
            .read()
            .and_then(|source| fonds_ingest::parse_all(&source))
        {
            Ok(docs) => docs,
            Err(e) => {
                eprintln!(
                    "fonds-dev corpus: {}: {e}; passed over",
                    input.path.display()
                );
                continue;
            }
        };
        let bytes = std::fs::metadata(&input.path)
            .map(|m| m.len() as usize)
            .unwrap_or(0);
        let lengths: Vec<usize> = docs
            .iter()
            .map(|d| {
                d.texts
                    .iter()
                    .map(|t| t.reading_lines().len())
                    .sum::<usize>()
                    + d.title.len()
                    + 1
            })
            .collect();
        let all: usize = lengths.iter().sum::<usize>().max(1);
        for (doc, length) in docs.iter().zip(lengths) {
            let line = serde_json::to_string(&line(doc, &input.name, bytes * length / all))?;
            w.write_all(line.as_bytes())?;
            w.write_all(b"\n")?;
            documents += 1;
        }
        files += 1;
    }
    w.flush()?;
    eprintln!("fonds-dev corpus: {documents} documents from {files} files");
    Ok(())
}

/// One document's line.
fn line(doc: &Document, file: &str, bytes: usize) -> Value {
    let text = |t: &Text| json!({ "lang": t.language.code(), "text": t.reading_lines() });
    let original = doc.texts.iter().find(|t| t.role == TextRole::Original);
    let translations: Vec<Value> = doc
        .texts
        .iter()
        .filter(|t| t.role == TextRole::Translation)
        .map(text)
        .collect();
    let day = |(y, m, d): (i32, u8, u8)| format!("{y:04}-{m:02}-{d:02}");
    let value = doc.date().and_then(|d| d.value.as_ref());
    let mut langs: Vec<String> = Vec::new();
    for code in doc
        .texts
        .iter()
        .map(|t| t.language.code())
        .chain(doc.original_languages.iter().map(|l| l.code()))
    {
        if !code.is_empty() && !langs.iter().any(|l| l == code) {
            langs.push(code.to_string());
        }
    }
    // Speakers under every name the texts give them (Mikoyan and Микоян),
    // as fonds's speaker field holds them.
    let mut speakers: Vec<&str> = Vec::new();
    for t in &doc.texts {
        for s in t
            .blocks()
            .filter(|b| !b.continued)
            .filter_map(|b| b.speaker.as_ref())
        {
            if !speakers.contains(&s.name.as_str()) {
                speakers.push(&s.name);
            }
        }
    }
    let participants: Vec<&str> = doc.participants.iter().map(|p| p.name.as_str()).collect();
    json!({
        "id": doc.id,
        "file": file,
        "bytes": bytes,
        "title": doc.title,
        "summary": doc.summary,
        "original": original.map(text),
        "translations": translations,
        "date": value.map(|v| day(v.earliest())),
        "date_to": value.map(|v| day(v.latest())),
        "year": value.map(|v| v.earliest().0),
        "doc_type": doc.doc_type.as_str(),
        "repository": doc.citation.archival_reference.as_ref().and_then(|r| r.repository.as_deref()),
        "langs": langs,
        "speakers": speakers,
        "participants": participants,
    })
}
