//! Export to TEI: every fixture record and the seed validate against
//! `tei_all.rng` with jing, and read back into the same structure.

use std::path::{Path, PathBuf};
use std::process::Command;

use fonds_core::record::read_record;
use fonds_core::{Block, Document, Inline, Page, Text};
use fonds_tei::{read_tei, write_tei};

fn records() -> Vec<(String, Document)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut paths: Vec<PathBuf> = std::fs::read_dir(root.join("../../fixtures/records"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    paths.sort();
    let seed = root.join("../../../shared/seed/000_d1706e7d43c0b0d8.txt");
    if seed.is_file() {
        paths.push(seed);
    } else if std::env::var_os("CI").is_some() {
        panic!("the seed record is missing at {}", seed.display());
    }
    assert!(paths.len() >= 8, "{paths:?}");
    paths
        .into_iter()
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            let text = std::fs::read_to_string(&p).unwrap();
            let doc = read_record(&text, Some(&name));
            (name, doc)
        })
        .collect()
}

const JING: &str = "/usr/bin/jing";

fn schema() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/schemas/tei_all.rng")
}

/// Validates the exports of `docs` with jing in one run.
fn validate(label: &str, docs: &[(String, Document)]) {
    let schema = schema();
    if !Path::new(JING).exists() || !schema.exists() {
        if std::env::var_os("CI").is_some() {
            panic!(
                "jing ({JING}) or the schema ({}) is missing",
                schema.display()
            );
        }
        eprintln!("note: jing or tei_all.rng is missing; skipping the validation");
        return;
    }
    let dir = std::env::temp_dir().join(format!("fonds-tei-{label}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut files = Vec::new();
    for (name, doc) in docs {
        let path = dir.join(format!("{name}.xml"));
        std::fs::write(&path, write_tei(doc)).unwrap();
        files.push(path);
    }
    let out = Command::new(JING)
        .arg(&schema)
        .args(&files)
        .output()
        .unwrap();
    let report = String::from_utf8_lossy(&out.stdout);
    let shown: Vec<&str> = report.lines().take(30).collect();
    assert!(
        out.status.success(),
        "jing found errors:\n{}",
        shown.join("\n")
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn exports_validate_with_jing() {
    validate("records", &records());
}

fn frus() -> Vec<(String, Document)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus/frus");
    if !dir.is_dir() {
        if std::env::var_os("CI").is_some() {
            panic!("the FRUS corpus is missing at {}", dir.display());
        }
        eprintln!("note: {} is missing; skipping", dir.display());
        return Vec::new();
    }
    let mut out = Vec::new();
    for name in ["frus1918Russiav03", "frus1919Parisv11", "frus1936v03"] {
        let xml = std::fs::read_to_string(dir.join(format!("{name}.xml"))).unwrap();
        for doc in read_tei(&xml, Some(name)).unwrap() {
            out.push((doc.id.clone(), doc));
        }
    }
    out
}

#[test]
fn frus_exports_validate_with_jing_and_read_back() {
    let docs = frus();
    if docs.is_empty() {
        return;
    }
    validate("frus", &docs);
    for (name, doc) in &docs {
        let back = read_tei(&write_tei(doc), Some(name)).unwrap();
        assert_eq!(back.len(), 1, "{name}");
        assert_same(name, doc, &back[0]);
        // The volume, the document's number and the chapters it is in.
        assert_eq!(back[0].citation.edition, doc.citation.edition, "{name}");
    }
}

/// The inline content with whitespace runs collapsed, as TEI reads it back.
fn content(c: &[Inline]) -> Vec<Inline> {
    let mut out: Vec<Inline> = Vec::new();
    for i in c {
        match i {
            Inline::Text(t) => {
                let mut s: String = String::new();
                let mut space = false;
                for ch in t.chars() {
                    if ch.is_whitespace() {
                        space = true;
                    } else {
                        if space {
                            s.push(' ');
                        }
                        space = false;
                        s.push(ch);
                    }
                }
                if space {
                    s.push(' ');
                }
                match out.last_mut() {
                    Some(Inline::Text(prev)) => {
                        if prev.ends_with(' ') && s.starts_with(' ') {
                            s.remove(0);
                        }
                        prev.push_str(&s);
                    }
                    _ => out.push(Inline::Text(s)),
                }
            }
            Inline::Mark(m) => {
                let mut m = m.clone();
                m.text = m.text.split_whitespace().collect::<Vec<_>>().join(" ");
                out.push(Inline::Mark(m));
            }
        }
    }
    if let Some(Inline::Text(t)) = out.first_mut() {
        *t = t.trim_start().to_string();
    }
    if let Some(Inline::Text(t)) = out.last_mut() {
        *t = t.trim_end().to_string();
    }
    out.retain(|i| !matches!(i, Inline::Text(t) if t.is_empty()));
    out
}

/// The structure that must survive the round trip, without source lines.
fn outline(doc: &Document) -> Document {
    let block = |b: &Block| Block {
        line: 0,
        content: content(&b.content),
        ..b.clone()
    };
    let page = |p: &Page| Page {
        line: 0,
        blocks: p.blocks.iter().map(block).collect(),
        ..p.clone()
    };
    let text = |t: &Text| Text {
        pages: t.pages.iter().map(page).collect(),
        ..t.clone()
    };
    let mut d = doc.clone();
    d.texts = doc.texts.iter().map(text).collect();
    d.diagnostics.clear();
    for date in &mut d.dates {
        date.source.line = None;
    }
    if let Some(c) = &mut d.classification {
        c.source.line = None;
    }
    d
}

#[test]
fn export_then_import_gives_the_same_structure() {
    for (name, doc) in records() {
        let xml = write_tei(&doc);
        let back = read_tei(&xml, Some(&name)).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(back.len(), 1, "{name}");
        assert_same(&name, &doc, &back[0]);
    }
}

fn assert_same(name: &str, doc: &Document, back: &Document) {
    {
        let (a, b) = (outline(doc), outline(back));
        assert_eq!(a.texts.len(), b.texts.len(), "{name}");
        for (ta, tb) in a.texts.iter().zip(&b.texts) {
            assert_eq!(ta.role, tb.role, "{name}");
            assert_eq!(ta.language, tb.language, "{name}");
            assert_eq!(ta.pages.len(), tb.pages.len(), "{name}: pages");
            for (pa, pb) in ta.pages.iter().zip(&tb.pages) {
                assert_eq!(pa.number, pb.number, "{name}");
                assert_eq!(pa.folio, pb.folio, "{name}");
                assert_eq!(
                    pa.blocks.len(),
                    pb.blocks.len(),
                    "{name}: blocks of page {:?}",
                    pa.number
                );
                for (ba, bb) in pa.blocks.iter().zip(&pb.blocks) {
                    assert_eq!(ba, bb, "{name}");
                }
            }
        }
        assert_eq!(a, b, "{name}");
    }
}

/// The value of attribute `name` in the attributes that begin `tag` (what
/// follows an element's name in its start tag).
fn attr<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let head = &tag[..tag.find('>')?];
    let at = head
        .match_indices(&format!("{name}=\""))
        .find(|(i, _)| *i == 0 || head[..*i].ends_with(' '))?
        .0
        + name.len()
        + 2;
    Some(&head[at..at + head[at..].find('"')?])
}

#[test]
fn a_turn_over_a_page_break_is_one_sp_and_points_to_its_translations_person() {
    let (name, doc) = records()
        .into_iter()
        .find(|(n, _)| n == "ru_conversation_ocr.txt")
        .unwrap();
    let xml = write_tei(&doc);
    let sps: Vec<&str> = xml
        .split("<sp ")
        .skip(1)
        .map(|s| &s[..s.find("</sp>").unwrap()])
        .collect();
    // Every turn opens an sp, and so does a paragraph continuing it on its
    // own page; a continuation that opens a page is inside its turn's sp.
    let original = &doc.texts[0];
    let mut expected = 0;
    for (pi, page) in original.pages.iter().enumerate() {
        for (bi, b) in page.blocks.iter().enumerate() {
            let over_break = bi == 0
                && b.continued
                && pi > 0
                && original.pages[pi - 1]
                    .blocks
                    .last()
                    .is_some_and(|l| l.kind == b.kind);
            if b.kind == fonds_core::BlockKind::Turn && !over_break {
                expected += 1;
            }
        }
    }
    let in_original = xml.split("type=\"translation\"").next().unwrap();
    assert_eq!(in_original.matches("<sp ").count(), expected, "{name}");
    let across: Vec<&&str> = sps.iter().filter(|s| s.contains("<pb ")).collect();
    assert!(!across.is_empty(), "{name}: no turn runs over a page");
    for s in &across {
        assert!(!s.contains("part=\"F\""), "{name}: {s}");
    }
    // An original turn's person is its translation turn's, garbled labels
    // ("Чжоу Энь-дай", "Червонемко") included.
    let mut pairs = 0;
    for s in &sps {
        let Some(corresp) = attr(s, "corresp") else {
            continue;
        };
        let id = corresp.trim_start_matches('#');
        let there = sps
            .iter()
            .find(|t| attr(t, "xml:id") == Some(id))
            .unwrap_or_else(|| panic!("{name}: no turn {id}"));
        assert_eq!(attr(s, "who"), attr(there, "who"), "{name}: {s}");
        assert!(attr(s, "who").is_some(), "{name}: {s}");
        pairs += 1;
    }
    assert!(pairs >= 10, "{name}: {pairs} aligned turns");
    for garbled in ["Чжоу Энь-дай", "Червонемко", "Червоненно"] {
        assert!(
            sps.iter()
                .any(|s| s.contains(garbled) && attr(s, "corresp").is_some()),
            "{name}: {garbled}"
        );
    }
}
