//! The facts a record's reader must find, written beside a team-written
//! fixture in `NAME.expect` (one `key: value` per line), checked against a
//! document: shared by the reader's tests and `fonds-dev evaluate-records`,
//! which counts them by kind over every fixture.

use fonds_core::{Document, Inline, MarkKind, Text};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// One expected fact and what the document gives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fact {
    pub key: String,
    pub want: String,
    pub got: String,
}

impl Fact {
    pub fn holds(&self) -> bool {
        self.want == self.got
    }

    /// The kind of fact, for counting: pages, folios, reference, turns,
    /// speakers, dates, or header (title, type, languages, people, lines).
    pub fn kind(&self) -> &'static str {
        kind(&self.key)
    }
}

/// The kind of a fact's key (see [`Fact::kind`]).
pub fn kind(key: &str) -> &'static str {
    match key {
        "original_pages" => "pages",
        "original_folios" | "folios" => "folios",
        "repository" | "location" | "fond" | "opis" | "delo" => "reference",
        "original_turns" | "translation_turns" => "turns",
        "original_speakers" | "translation_speakers" => "speakers",
        "date" | "date_conflict" => "dates",
        "original_language"
        | "translations"
        | "original_first_line"
        | "original_last_line"
        | "translation_first_line" => "texts",
        _ => "header",
    }
}

/// Every fact `expect` names, with what `doc` (read from `source`) gives;
/// an error names a line that is not `key: value` or a key not known.
pub fn check(source: &str, doc: &Document, expect: &str) -> Result<Vec<Fact>, String> {
    let original = doc.original();
    let translation = doc.translations().next();
    let r = doc.citation.archival_reference.as_ref();
    let mut facts = Vec::new();
    for (n, line) in expect.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let (key, want) = line
            .split_once(':')
            .ok_or_else(|| format!("line {}: not \"key: value\"", n + 1))?;
        let (key, mut want) = (key.trim(), want.trim().to_string());
        let got: String = match key {
            "title" => doc.title.clone(),
            "date" => doc
                .date()
                .and_then(|d| d.value.as_ref().map(|v| v.to_edtf(d.certainty)))
                .unwrap_or_default(),
            "date_conflict" => if doc
                .diagnostics
                .iter()
                .any(|d| d.code == fonds_core::DiagCode::DateConflict)
            {
                "yes"
            } else {
                "no"
            }
            .into(),
            "doc_type" => doc.doc_type.as_str().into(),
            "classification" => doc
                .classification
                .as_ref()
                .map(|c| c.text.clone())
                .unwrap_or_default(),
            "repository" => r.and_then(|r| r.repository.clone()).unwrap_or_default(),
            "location" => r.and_then(|r| r.location.clone()).unwrap_or_default(),
            "fond" => r.and_then(|r| r.fond.clone()).unwrap_or_default(),
            "opis" => r.and_then(|r| r.opis.clone()).unwrap_or_default(),
            "delo" => r.and_then(|r| r.delo.clone()).unwrap_or_default(),
            "folios" => r
                .and_then(|r| r.folios)
                .map(|f| format!("{}-{}", f.from, f.to))
                .unwrap_or_default(),
            "translators" => doc.citation.translators.join("; "),
            "url" => doc.citation.url.clone().unwrap_or_default(),
            "original_language" => doc
                .original_languages
                .first()
                .map_or("none".into(), |l| l.code().to_string()),
            "translations" => {
                let v: Vec<&str> = doc.translations().map(|t| t.language.code()).collect();
                if v.is_empty() {
                    "none".into()
                } else {
                    v.join(",")
                }
            }
            "original_first_line" => original.map(|t| first_line(source, t)).unwrap_or_default(),
            "original_last_line" => original
                .map(|t| last_line(source, doc, t))
                .unwrap_or_default(),
            "translation_first_line" => translation
                .map(|t| first_line(source, t))
                .unwrap_or_default(),
            "original_pages" => original.map_or(0, |t| t.pages.len()).to_string(),
            "original_folios" => original
                .map(|t| {
                    t.pages
                        .iter()
                        // A folio inferred where no stamp or marker was
                        // read at all is "?": the page is unstamped.
                        .map(|p| {
                            p.folio
                                .as_ref()
                                .filter(|f| f.read || f.raw.is_some())
                                .map_or("?".into(), |f| f.label())
                        })
                        .collect::<Vec<_>>()
                        .join(",")
                })
                .unwrap_or_default(),
            "original_turns" => original.map_or(0, |t| t.turns().count()).to_string(),
            "translation_turns" => translation.map_or(0, |t| t.turns().count()).to_string(),
            "translation_speakers" | "original_speakers" => {
                let text = if key == "original_speakers" {
                    original
                } else {
                    translation
                };
                want = speaker_map(&want)?;
                let got = text.map(speakers).unwrap_or_default();
                got.iter()
                    .map(|(k, v)| format!("{k}={v}"))
                    .collect::<Vec<_>>()
                    .join("; ")
            }
            "participants" => doc.participants.len().to_string(),
            "recorded_by" => doc.recorded_by.join("; "),
            "insertions_original" => original
                .map_or(0, |t| marks(t, |k| k == MarkKind::Insertion))
                .to_string(),
            "deletions_original" => original
                .map_or(0, |t| marks(t, |k| k == MarkKind::Deletion))
                .to_string(),
            "marks_translation" => translation
                .map_or(0, |t| {
                    marks(t, |k| k != MarkKind::Superscript && k != MarkKind::Note)
                })
                .to_string(),
            other => return Err(format!("line {}: unknown key {other:?}", n + 1)),
        };
        facts.push(Fact {
            key: key.to_string(),
            want,
            got,
        });
    }
    Ok(facts)
}

/// "A=2; B=1" in a canonical order, so that two maps compare as text.
fn speaker_map(s: &str) -> Result<String, String> {
    let mut m = BTreeMap::new();
    for kv in s.split(';').filter(|kv| !kv.trim().is_empty()) {
        let (k, v) = kv
            .trim()
            .rsplit_once('=')
            .ok_or_else(|| format!("{kv:?} is not NAME=COUNT"))?;
        let v: usize = v
            .trim()
            .parse()
            .map_err(|_| format!("{kv:?}: the count is not a number"))?;
        m.insert(k.trim().to_string(), v);
    }
    Ok(m.iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join("; "))
}

/// A text's turns by speaker name.
pub fn speakers(t: &Text) -> BTreeMap<String, usize> {
    let mut m = BTreeMap::new();
    for b in t.turns() {
        if let Some(s) = &b.speaker {
            *m.entry(s.name.clone()).or_insert(0) += 1;
        }
    }
    m
}

pub fn marks(t: &Text, pred: impl Fn(MarkKind) -> bool) -> usize {
    t.blocks()
        .flat_map(|b| b.content.iter())
        .filter(|i| matches!(i, Inline::Mark(m) if pred(m.kind)))
        .count()
}

/// The first line of a text in the source.
pub fn first_line(source: &str, t: &Text) -> String {
    let line = t.pages.first().map_or(0, |p| p.line) as usize;
    source
        .lines()
        .nth(line.saturating_sub(1))
        .unwrap_or("")
        .trim()
        .to_string()
}

/// The last non-empty line of a text: it runs to the line before the next
/// text starts.
pub fn last_line(source: &str, doc: &Document, t: &Text) -> String {
    let idx = doc
        .texts
        .iter()
        .position(|x| std::ptr::eq(x, t))
        .unwrap_or(0);
    let end = doc
        .texts
        .get(idx + 1)
        .and_then(|n| n.pages.first())
        .map_or(source.lines().count(), |p| p.line as usize - 1);
    source
        .lines()
        .take(end)
        .filter(|l| !l.trim().is_empty())
        .last()
        .unwrap_or("")
        .trim()
        .to_string()
}

/// Held and total facts of each kind over the records of `dirs`, and each
/// record's missed facts.
pub struct Evaluation {
    pub kinds: BTreeMap<&'static str, (usize, usize)>,
    pub records: usize,
    pub missed: Vec<(String, Fact)>,
}

impl Evaluation {
    /// The share of each kind's facts that held.
    pub fn accuracy(&self, kind: &str) -> f64 {
        self.kinds
            .get(kind)
            .map_or(1.0, |&(held, total)| held as f64 / total.max(1) as f64)
    }
}

/// Reads every `NAME.txt` with a `NAME.expect` in `dirs` (with `load`, the
/// reader) and checks it.
pub fn evaluate(
    dirs: &[PathBuf],
    load: impl Fn(&Path) -> Result<Document, String>,
) -> Result<Evaluation, String> {
    let mut e = Evaluation {
        kinds: BTreeMap::new(),
        records: 0,
        missed: Vec::new(),
    };
    for dir in dirs {
        let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
            .map_err(|err| format!("{}: {err}", dir.display()))?
            .filter_map(|entry| entry.ok().map(|x| x.path()))
            .filter(|p| {
                p.extension().is_some_and(|x| x == "txt") && p.with_extension("expect").exists()
            })
            .collect();
        paths.sort();
        for path in paths {
            let read =
                |p: &Path| std::fs::read_to_string(p).map_err(|e| format!("{}: {e}", p.display()));
            let source = read(&path)?;
            let expect = read(&path.with_extension("expect"))?;
            let doc = load(&path)?;
            let facts = check(&source, &doc, &expect)
                .map_err(|err| format!("{}: {err}", path.with_extension("expect").display()))?;
            e.records += 1;
            let name = path
                .file_stem()
                .unwrap_or_default()
                .to_string_lossy()
                .to_string();
            for f in facts {
                let slot = e.kinds.entry(f.kind()).or_insert((0, 0));
                slot.1 += 1;
                if f.holds() {
                    slot.0 += 1;
                } else {
                    e.missed.push((name.clone(), f));
                }
            }
        }
    }
    Ok(e)
}
