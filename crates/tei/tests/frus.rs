//! The three FRUS volumes in ../shared/corpus/frus import whole: every
//! `<div type="document">` becomes a document, with title, date, pages and
//! citation. The volumes are read from there, never copied.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

use fonds_core::date::DateValue;
use fonds_core::{BlockKind, DocType, Document, Inline, MarkKind};
use fonds_tei::read_tei;

fn corpus() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus/frus");
    if dir.is_dir() {
        Some(dir)
    } else if std::env::var_os("CI").is_some() {
        panic!("the FRUS corpus is missing at {}", dir.display());
    } else {
        eprintln!("note: {} is missing; skipping", dir.display());
        None
    }
}

fn volume(dir: &Path, name: &str) -> Vec<Document> {
    let path = dir.join(format!("{name}.xml"));
    let xml = std::fs::read_to_string(&path).unwrap();
    read_tei(&xml, Some(&format!("{name}.xml"))).unwrap()
}

fn find<'a>(docs: &'a [Document], id: &str) -> &'a Document {
    docs.iter()
        .find(|d| d.id == id)
        .unwrap_or_else(|| panic!("no document {id}"))
}

#[test]
fn every_document_of_the_three_volumes_imports() {
    let Some(dir) = corpus() else { return };
    let names = ["frus1918Russiav03", "frus1919Parisv11", "frus1936v03"];
    // The counts of `<div type="document"` in the files (grep -c).
    let expected = [478, 409, 586];
    let start = Instant::now();
    let mut total = 0;
    let mut codes: BTreeMap<&str, usize> = BTreeMap::new();
    let mut types: BTreeMap<&str, usize> = BTreeMap::new();
    for (name, want) in names.iter().zip(expected) {
        let docs = volume(&dir, name);
        assert_eq!(docs.len(), want, "{name}");
        total += docs.len();
        for d in &docs {
            assert!(d.id.starts_with(name), "{}", d.id);
            *types.entry(d.doc_type.as_str()).or_default() += 1;
            for diag in &d.diagnostics {
                *codes.entry(diag.code.as_str()).or_default() += 1;
            }
        }
        let titled = docs.iter().filter(|d| !d.title.is_empty()).count();
        let dated = docs.iter().filter(|d| d.date().is_some()).count();
        let paged = docs
            .iter()
            .filter(|d| d.texts[0].pages.iter().any(|p| p.number.is_some()))
            .count();
        let referenced = docs
            .iter()
            .filter(|d| d.citation.archival_reference.is_some())
            .count();
        eprintln!(
            "{name}: {} documents, {titled} titled, {dated} dated, {paged} with page numbers, {referenced} with a source note",
            docs.len()
        );
        assert_eq!(titled, docs.len(), "{name}: every FRUS document has a head");
        assert!(dated * 10 >= docs.len() * 9, "{name}: {dated} dated");
        assert_eq!(
            paged,
            docs.len(),
            "{name}: every document is on a numbered page"
        );
        assert!(
            referenced * 10 >= docs.len() * 8,
            "{name}: {referenced} referenced"
        );
    }
    eprintln!(
        "FRUS: {total} documents in {:.2?}; diagnostics by code: {codes:?}; kinds: {types:?}",
        start.elapsed()
    );
    assert_eq!(total, 1473);
}

/// A source note that names the kind after its reference ("711.94/1234:
/// Telegram") types the document as a bracketed note ("[Telegram]") does:
/// most of the 1936 volume's documents are telegrams noted so.
#[test]
fn a_kind_named_after_the_reference_types_the_document() {
    let Some(dir) = corpus() else { return };
    let docs = volume(&dir, "frus1936v03");
    let noted: Vec<&Document> = docs
        .iter()
        .filter(|d| d.citation.text.trim_end().ends_with(": Telegram"))
        .collect();
    assert!(noted.len() > 300, "{} noted as telegrams", noted.len());
    let typed = noted
        .iter()
        .filter(|d| d.doc_type == DocType::Telegram)
        .count();
    assert_eq!(
        typed,
        noted.len(),
        "{typed} of {} typed as telegrams",
        noted.len()
    );
}

#[test]
fn spot_checks_1936() {
    let Some(dir) = corpus() else { return };
    let docs = volume(&dir, "frus1936v03");
    let d1 = find(&docs, "frus1936v03-d1");
    assert_eq!(
        d1.title,
        "The Secretary of State to the Chargé in France (Marriner)"
    );
    // The chapters the document stands in, outermost first, their notes
    // left out.
    let sections = &d1.citation.edition.as_ref().unwrap().sections;
    assert_eq!(sections.len(), 2, "{sections:?}");
    assert!(sections[0].starts_with("Afghanistan"), "{sections:?}");
    assert!(
        sections[1].starts_with("Provisional agreement regarding friendship")
            && sections[1].ends_with("March 26, 1936"),
        "{sections:?}"
    );
    let date = d1.date().unwrap();
    assert_eq!(date.stated, "February 13, 1936");
    assert_eq!(
        date.value,
        Some(DateValue::Day {
            year: 1936,
            month: 2,
            day: 13
        })
    );
    let pages: Vec<Option<u32>> = d1.texts[0].pages.iter().map(|p| p.number).collect();
    assert_eq!(pages, [Some(1), Some(2), Some(3)]);
    assert_eq!(d1.citation.text, "711.90H/41");
    assert_eq!(
        d1.citation.url.as_deref(),
        Some("https://history.state.gov/historicaldocuments/frus1936v03/d1")
    );
    assert!(d1
        .citation
        .publisher
        .as_deref()
        .unwrap()
        .starts_with("Foreign Relations of the United States"));
    assert_eq!(d1.doc_type, DocType::Letter);
    let text = &d1.texts[0];
    assert_eq!(text.language.code(), "en");
    let kinds: Vec<BlockKind> = text.blocks().map(|b| b.kind).collect();
    assert_eq!(kinds.first(), Some(&BlockKind::Heading));
    assert!(kinds.contains(&BlockKind::Dateline));
    assert_eq!(kinds.last(), Some(&BlockKind::Signature));
    let last = text.blocks().last().unwrap();
    assert!(last.plain_text().contains("William Phillips"));
    // Footnotes stay where they are, as notes.
    let notes: Vec<&str> = text
        .blocks()
        .flat_map(|b| &b.content)
        .filter_map(|i| match i {
            Inline::Mark(m) if m.kind == MarkKind::Note => Some(m.text.as_str()),
            _ => None,
        })
        .collect();
    assert!(notes.contains(&"Not printed."), "{notes:?}");
    assert!(notes.iter().any(|n| n.contains("Foreign Relations, 1935")));
    // A paragraph broken by a page break carries on on the next page.
    let page3 = &text.pages[2];
    assert!(page3.blocks[0].continued);
    assert!(page3.blocks[0]
        .plain_text()
        .starts_with("possible restrictions"));
}

#[test]
fn spot_checks_1918_and_1919() {
    let Some(dir) = corpus() else { return };
    let docs = volume(&dir, "frus1918Russiav03");
    let d1 = find(&docs, "frus1918Russiav03-d1");
    assert_eq!(d1.doc_type, DocType::Telegram);
    assert_eq!(
        d1.date().unwrap().value,
        Some(DateValue::Day {
            year: 1917,
            month: 4,
            day: 3
        })
    );
    let names: Vec<&str> = d1.participants.iter().map(|p| p.name.as_str()).collect();
    assert!(names.iter().any(|n| n.contains("Francis")), "{names:?}");
    assert!(names.iter().any(|n| n.contains("Lansing")), "{names:?}");
    let reference = d1.citation.archival_reference.as_ref().unwrap();
    assert!(reference.text.contains("861.51/131"), "{reference:?}");

    let docs = volume(&dir, "frus1919Parisv11");
    let d1 = find(&docs, "frus1919Parisv11-d1");
    assert_eq!(d1.doc_type, DocType::Minutes);
    // The minutes are dated by their title only.
    assert_eq!(
        d1.date().unwrap().value,
        Some(DateValue::Day {
            year: 1919,
            month: 1,
            day: 31
        })
    );
    let list = d1.texts[0]
        .blocks()
        .find(|b| b.kind == BlockKind::Participants)
        .expect("a participants list");
    let names: Vec<&str> = list.participants.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "Mr. Lansing",
            "Mr. White",
            "General Bliss",
            "Colonel House",
            "Mr. Herter"
        ]
    );
    assert!(d1.participants.iter().any(|p| p.name == "General Bliss"));
}

/// A source note is an archival reference: a decimal file number belongs
/// to the Department's central files (record group 59), a delegation's
/// files are one repository however OCR spelled their name, and no
/// document is held by an archive called "File".
#[test]
fn source_notes_name_the_records_they_come_from() {
    let Some(dir) = corpus() else { return };
    let mut repositories: BTreeMap<String, usize> = BTreeMap::new();
    for name in ["frus1918Russiav03", "frus1919Parisv11", "frus1936v03"] {
        for d in volume(&dir, name) {
            if let Some(r) = d.citation.archival_reference.as_ref() {
                *repositories
                    .entry(r.repository.clone().unwrap_or_default())
                    .or_default() += 1;
            }
        }
    }
    eprintln!("{repositories:#?}");
    for bad in ["File", "Paris Peace Conf", "Paris Peace Cont", ""] {
        assert!(!repositories.contains_key(bad), "{bad:?}: {repositories:?}");
    }
    let central = repositories["Department of State, Central Decimal File"];
    assert!(central > 900, "{central}");
    assert!(repositories["American Commission to Negotiate Peace"] > 250);

    let docs = volume(&dir, "frus1918Russiav03");
    let d = docs
        .iter()
        .find(|d| {
            d.citation
                .archival_reference
                .as_ref()
                .is_some_and(|r| r.text == "File No. 861.51/142")
        })
        .expect("the document filed as 861.51/142");
    let r = d.citation.archival_reference.as_ref().unwrap();
    assert_eq!(r.location.as_deref(), Some("RG 59, 861.51/142"));
    let e = d.citation.edition.as_ref().expect("printed in the volume");
    assert_eq!(
        e.title,
        "Papers Relating to the Foreign Relations of the United States, 1918, Russia, Volume III"
    );
    assert_eq!(
        e.publisher.as_deref(),
        Some("United States Government Printing Office")
    );
    assert_eq!(e.place.as_deref(), Some("Washington"));
    assert_eq!(e.year, Some(1932));
    let n = e.number.as_deref().expect("a document number");
    assert_eq!(
        d.citation.url.as_deref(),
        Some(
            format!("https://history.state.gov/historicaldocuments/frus1918Russiav03/d{n}")
                .as_str()
        )
    );
    let note = fonds_core::citation::format::CitationParts::of(d).chicago_note();
    assert!(
        note.contains(&format!(
            "in Papers Relating to the Foreign Relations of the United States, 1918, Russia, Volume III, no. {n} ("
        )) && note.contains("; United States Government Printing Office, 1932), RG 59, 861.51/142, Department of State, Central Decimal File, https://"),
        "{note}"
    );
}

/// What a reader sees of a block, its spaces as one.
fn seen(b: &fonds_core::Block) -> (String, Option<String>, bool, String) {
    (
        b.kind.as_str().to_string(),
        b.speaker.as_ref().map(|s| s.label.clone()),
        b.continued,
        b.plain_text()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" "),
    )
}

/// An editor opens a page of a FRUS document in the record format and saves
/// it untouched: it reads back as the same blocks, for nearly every page of
/// the three volumes (the rest are counted and shown).
#[test]
fn frus_pages_written_for_an_editor_read_back() {
    use fonds_core::record::write::{page_text, read_page};
    let Some(dir) = corpus() else { return };
    let (mut pages, mut differ) = (0, Vec::new());
    for name in ["frus1918Russiav03", "frus1919Parisv11", "frus1936v03"] {
        for doc in volume(&dir, name) {
            for t in &doc.texts {
                for (i, page) in t.pages.iter().enumerate() {
                    pages += 1;
                    let (back, _) = read_page(t, i, &page_text(page));
                    let got: Vec<_> = back.blocks.iter().map(seen).collect();
                    let want: Vec<_> = page.blocks.iter().map(seen).collect();
                    if got != want {
                        let first = got.iter().zip(&want).position(|(a, b)| a != b).unwrap_or(0);
                        differ.push(format!(
                            "{} page {}: got {:?} want {:?}",
                            doc.id,
                            i + 1,
                            got.get(first),
                            want.get(first)
                        ));
                    }
                }
            }
        }
    }
    eprintln!("{} of {pages} pages differ", differ.len());
    assert!(pages > 1000, "{pages}");
    assert!(
        differ.len() * 100 <= pages,
        "{} of {pages} differ: {:?}",
        differ.len(),
        &differ[..differ.len().min(20)]
    );
}
