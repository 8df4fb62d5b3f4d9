//! `fonds check` and `fonds convert`: read records and report what was understood.

use anyhow::Context;
use fonds_core::{BlockKind, Document, MarkKind, Severity, Text};
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

pub fn check(files: &[PathBuf], json: bool) -> anyhow::Result<ExitCode> {
    let mut failed = 0;
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let mut first = true;
    for path in files {
        match fonds_ingest::load_all(path) {
            Ok(docs) => {
                // One document pretty-printed; several (files, or a TEI volume) as JSON lines.
                let single = files.len() == 1 && docs.len() == 1;
                for doc in &docs {
                    if json {
                        let value = fonds_json::to_json(doc);
                        if single {
                            serde_json::to_writer_pretty(&mut out, &value)?;
                        } else {
                            serde_json::to_writer(&mut out, &value)?;
                        }
                        writeln!(out)?;
                    } else {
                        if !first {
                            writeln!(out)?;
                        }
                        out.write_all(summary(path, doc).as_bytes())?;
                    }
                    first = false;
                }
            }
            Err(e) => {
                failed += 1;
                eprintln!("fonds: error: {e}");
            }
        }
    }
    if failed > 0 {
        if files.len() > 1 {
            eprintln!("fonds: {failed} of {} files could not be read", files.len());
        }
        return Ok(ExitCode::FAILURE);
    }
    Ok(ExitCode::SUCCESS)
}

/// Converts a file to the fonds JSON (an array when it holds several
/// documents) or to TEI (one document).
pub fn convert(file: &Path, tei: bool, output: Option<&Path>) -> anyhow::Result<ExitCode> {
    let docs = fonds_ingest::load_all(file)?;
    let mut text = if tei {
        match docs.as_slice() {
            [doc] => fonds_tei::write_tei(doc),
            _ => anyhow::bail!(
                "{} holds {} documents; `fonds export --format tei` writes one TEI file for each",
                file.display(),
                docs.len()
            ),
        }
    } else {
        match docs.as_slice() {
            [doc] => serde_json::to_string_pretty(&fonds_json::to_json(doc))?,
            _ => serde_json::to_string_pretty(
                &docs.iter().map(fonds_json::to_json).collect::<Vec<_>>(),
            )?,
        }
    };
    text.push('\n');
    match output {
        Some(path) => {
            std::fs::write(path, text).with_context(|| format!("writing {}", path.display()))?
        }
        None => std::io::stdout().lock().write_all(text.as_bytes())?,
    }
    Ok(ExitCode::SUCCESS)
}

/// A readable account of a document, for people checking a record.
pub fn summary(path: &Path, doc: &Document) -> String {
    let mut s = String::new();
    let mut row = |k: &str, v: &str| {
        if !v.is_empty() {
            let _ = writeln!(s, "  {k:<15} {v}");
        }
    };
    let header = format!("{}\n", path.display());
    row("id", &doc.id);
    row("title", &doc.title);
    for (i, d) in doc.dates.iter().enumerate() {
        let edtf = d
            .value
            .as_ref()
            .map_or("(unreadable)".to_string(), |v| v.to_edtf(d.certainty));
        let at = d
            .source
            .line
            .map_or(String::new(), |l| format!(", line {l}"));
        row(
            if i == 0 { "date" } else { "" },
            &format!("{edtf}  \"{}\" ({}{at})", d.stated, d.source.part.as_str()),
        );
    }
    row("type", doc.doc_type.as_str());
    if let Some(c) = &doc.classification {
        row(
            "classification",
            &format!(
                "{} ({})",
                c.text,
                c.level.map_or("unknown level", |l| l.as_str())
            ),
        );
    }
    let c = &doc.citation;
    row("publisher", c.publisher.as_deref().unwrap_or(""));
    if let Some(r) = &c.archival_reference {
        let mut parts = vec![r
            .repository
            .clone()
            .unwrap_or_else(|| "(no repository)".into())];
        for (name, v) in [("fond", &r.fond), ("opis", &r.opis), ("delo", &r.delo)] {
            if let Some(v) = v {
                parts.push(format!("{name} {v}"));
            }
        }
        if let Some(f) = r.folios {
            parts.push(format!("folios {}-{}", f.from, f.to));
        }
        if r.fond.is_none() {
            if let Some(loc) = &r.location {
                parts.push(loc.clone());
            }
        }
        row("reference", &parts.join(" · "));
    }
    row("translators", &c.translators.join("; "));
    row("url", c.url.as_deref().unwrap_or(""));
    let langs: Vec<&str> = doc.original_languages.iter().map(|l| l.name()).collect();
    row("original lang", &langs.join(", "));
    let contents: Vec<&str> = doc.contents.iter().map(|c| c.label.as_str()).collect();
    row("contents", &contents.join("; "));
    for t in &doc.texts {
        row(
            &format!("{} ({})", t.role.as_str(), t.language.code()),
            &describe_text(t),
        );
    }
    if !doc.participants.is_empty() {
        let mut groups: Vec<(Option<&str>, Vec<String>)> = Vec::new();
        for p in &doc.participants {
            let name = match &p.role {
                Some(r) => format!("{} ({r})", p.name),
                None => p.name.clone(),
            };
            match groups.last_mut() {
                Some((g, names)) if *g == p.group.as_deref() => names.push(name),
                _ => groups.push((p.group.as_deref(), vec![name])),
            }
        }
        row("participants", &doc.participants.len().to_string());
        for (g, names) in groups {
            row(
                "",
                &format!("{}: {}", g.unwrap_or("present"), names.join(", ")),
            );
        }
    }
    row("recorded by", &doc.recorded_by.join("; "));
    let count = |sev| doc.diagnostics.iter().filter(|d| d.severity == sev).count();
    row(
        "diagnostics",
        &format!(
            "{} errors, {} warnings, {} notes",
            count(Severity::Error),
            count(Severity::Warning),
            count(Severity::Info)
        ),
    );
    for d in &doc.diagnostics {
        let at = d.line.map_or(String::new(), |l| format!("line {l}: "));
        let _ = writeln!(
            s,
            "    {} {at}{} [{}]",
            d.severity.as_str(),
            d.message,
            d.code.as_str()
        );
    }
    header + &s
}

fn describe_text(t: &Text) -> String {
    let pages = t.pages.len();
    let mut parts = vec![format!("{pages} page{}", if pages == 1 { "" } else { "s" })];
    let folios: Vec<u32> = t
        .pages
        .iter()
        .filter_map(|p| p.folio.as_ref().map(|f| f.number))
        .collect();
    if let (Some(a), Some(b)) = (folios.first(), folios.last()) {
        parts.push(format!("folios {a}-{b}"));
    }
    let mut speakers: BTreeMap<&str, usize> = BTreeMap::new();
    for b in t.turns() {
        if let Some(s) = &b.speaker {
            *speakers.entry(s.name.as_str()).or_default() += 1;
        }
    }
    let turns = t.turns().count();
    if turns > 0 {
        let mut by_count: Vec<(&str, usize)> = speakers.into_iter().collect();
        by_count.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        let top: Vec<String> = by_count
            .iter()
            .take(6)
            .map(|(n, c)| format!("{n} {c}"))
            .collect();
        let more = if by_count.len() > 6 {
            format!(", and {} more", by_count.len() - 6)
        } else {
            String::new()
        };
        parts.push(format!("{turns} turns ({}{more})", top.join(", ")));
    }
    let mut marks: BTreeMap<&str, usize> = BTreeMap::new();
    for b in t.blocks() {
        for i in &b.content {
            if let fonds_core::Inline::Mark(m) = i {
                if m.kind != MarkKind::Superscript {
                    *marks.entry(m.kind.as_str()).or_default() += 1;
                }
            }
        }
    }
    if !marks.is_empty() {
        let m: Vec<String> = marks.iter().map(|(k, n)| format!("{n} {k}")).collect();
        parts.push(format!("marks: {}", m.join(", ")));
    }
    let paragraphs = t
        .blocks()
        .filter(|b| b.kind == BlockKind::Paragraph)
        .count();
    if paragraphs > 0 {
        parts.push(format!("{paragraphs} paragraphs"));
    }
    parts.join(", ")
}
