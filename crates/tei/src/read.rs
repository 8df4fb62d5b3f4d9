//! Reading TEI into documents: FRUS volumes and single TEI documents.

use std::collections::{BTreeSet, HashMap};

use fonds_core::citation::parse::parse_reference;
use fonds_core::date::{find_dates, parse_date, Certainty, DateValue};
use fonds_core::finish::{finish, Finishing};
use fonds_core::{
    ArchivalReference, Block, BlockKind, Citation, Classification, ContentItem, ContentKind,
    DateStatement, DiagCode, Diagnostic, DocType, Document, Edition, Folio, FolioRange, Inline,
    Lang, Mark, MarkKind, Page, Part, Participant, Place, SecurityLevel, Speaker, Text, TextRole,
};

use crate::dom::{collapse, El, Node};

/// What the volume (or the single file) says about the people it names.
#[derive(Debug, Clone, Default)]
struct Person {
    name: String,
    role: Option<String>,
    group: Option<String>,
    variants: Vec<String>,
    /// Declared only to name a speaker, not as a participant.
    speaker_only: bool,
}

#[derive(Default)]
struct Persons {
    by_id: HashMap<String, Person>,
    /// Ids in the order of declaration.
    order: Vec<String>,
}

impl Persons {
    fn of(root: &El) -> Persons {
        let mut persons = Persons::default();
        for e in root.descendants() {
            match e.name.as_str() {
                "person" => {
                    let Some(id) = e.attr("xml:id") else { continue };
                    let names: Vec<&El> = e.elements().filter(|c| c.name == "persName").collect();
                    let main = names.iter().find(|n| n.attr("type") != Some("variant"));
                    let p = Person {
                        name: main.map(|n| n.text()).unwrap_or_default(),
                        role: e
                            .elements()
                            .find(|c| c.name == "note" && c.attr("type") == Some("role"))
                            .map(El::text),
                        group: e.child("affiliation").map(El::text),
                        variants: names
                            .iter()
                            .filter(|n| n.attr("type") == Some("variant"))
                            .map(|n| n.text())
                            .collect(),
                        speaker_only: e.attr("role") == Some("speaker"),
                    };
                    persons.insert(id, p);
                }
                "item" => {
                    // A FRUS list of persons: "<persName xml:id>Baker, Newton D.</persName>,
                    // Secretary of War."
                    let Some(pn) = e
                        .elements()
                        .find(|c| c.name == "persName" && c.attr("xml:id").is_some())
                    else {
                        continue;
                    };
                    let role = e
                        .text_without(&["persName", "note"])
                        .trim_matches(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | '.'))
                        .to_string();
                    let p = Person {
                        name: natural_order(&pn.text()),
                        role: (!role.is_empty()).then_some(role),
                        ..Person::default()
                    };
                    persons.insert(pn.attr("xml:id").unwrap_or_default(), p);
                }
                "persName" => {
                    if let Some(id) = e.attr("xml:id") {
                        if !persons.by_id.contains_key(id) {
                            let p = Person {
                                name: natural_order(&e.text()),
                                ..Person::default()
                            };
                            persons.insert(id, p);
                        }
                    }
                }
                _ => {}
            }
        }
        persons
    }

    fn insert(&mut self, id: &str, p: Person) {
        if p.name.is_empty() || self.by_id.contains_key(id) {
            return;
        }
        self.order.push(id.to_string());
        self.by_id.insert(id.to_string(), p);
    }

    fn get(&self, pointer: &str) -> Option<&Person> {
        let id = pointer.trim();
        let id = id.rsplit_once('#').map_or(id, |(_, id)| id);
        self.by_id.get(id)
    }
}

/// "Baker, Newton D." as "Newton D. Baker"; other forms unchanged.
fn natural_order(name: &str) -> String {
    match name.split_once(", ") {
        Some((last, first)) if !first.contains(',') && !first.is_empty() => {
            format!("{first} {last}")
        }
        _ => name.to_string(),
    }
}

fn participant(p: &Person) -> Participant {
    Participant {
        name: p.name.clone(),
        role: p.role.clone(),
        group: p.group.clone(),
        variants: p.variants.clone(),
    }
}

/// Reads one `TEI` element.
pub fn tei(root: &El, source_name: Option<&str>) -> Vec<Document> {
    let persons = Persons::of(root);
    let is_volume = root.descendants().into_iter().any(is_document_div);
    if is_volume {
        volume(root, &persons, source_name)
    } else {
        vec![single(root, &persons, source_name)]
    }
}

fn is_document_div(e: &El) -> bool {
    e.name == "div" && e.attr("type") == Some("document")
}

// ---------------------------------------------------------------------------
// FRUS volumes.

struct Volume<'a> {
    id: String,
    title: Option<String>,
    /// The printed volume as its header describes it (no document number).
    edition: Option<Edition>,
    persons: &'a Persons,
}

/// The page the walk through the volume is on: its `n` and the line of its `<pb>`.
#[derive(Clone, Default)]
struct PageState {
    number: Option<u32>,
    line: u32,
}

fn volume(root: &El, persons: &Persons, source_name: Option<&str>) -> Vec<Document> {
    let header = root.child("teiHeader");
    let id = root
        .attr("xml:id")
        .map(str::to_string)
        .or_else(|| {
            header
                .into_iter()
                .flat_map(|h| h.descendants())
                .find(|e| e.name == "idno" && e.attr("type") == Some("frus"))
                .map(El::text)
                .filter(|t| !t.is_empty())
        })
        .or_else(|| source_name.map(file_stem))
        .unwrap_or_else(|| "tei".to_string());
    let title = header
        .and_then(|h| h.path(&["fileDesc", "titleStmt"]))
        .and_then(|ts| {
            let titles: Vec<&El> = ts.elements().filter(|e| e.name == "title").collect();
            titles
                .iter()
                .find(|t| t.attr("type") == Some("complete"))
                .or(titles.first())
                .map(|t| t.text())
        });
    let edition = title.as_ref().map(|title| edition(header, title));
    let volume = Volume {
        id,
        title,
        edition,
        persons,
    };
    let mut out = Vec::new();
    let mut page = PageState::default();
    if let Some(text) = root.child("text") {
        walk_volume(text, &volume, &mut page, &mut Vec::new(), &mut out);
    }
    out
}

/// The printed volume a header describes: its title, editors and imprint.
fn edition(header: Option<&El>, title: &str) -> Edition {
    let file_desc = header.and_then(|h| h.child("fileDesc"));
    let editors = file_desc
        .and_then(|f| f.child("titleStmt"))
        .into_iter()
        .flat_map(|t| t.elements())
        .filter(|e| e.name == "editor")
        .map(|e| e.text())
        .filter(|t| !t.is_empty())
        .collect();
    let imprint = |name: &str| {
        file_desc
            .and_then(|f| f.child("publicationStmt"))
            .and_then(|p| p.child(name))
            .map(|e| e.text())
            .filter(|t| !t.is_empty())
    };
    Edition {
        title: title.to_string(),
        editors,
        publisher: imprint("publisher"),
        place: imprint("pubPlace"),
        year: imprint("date").and_then(|d| {
            let digits: String = d.trim().chars().take_while(char::is_ascii_digit).collect();
            (digits.len() == 4).then(|| digits.parse().ok()).flatten()
        }),
        number: None,
        sections: Vec::new(),
    }
}

fn file_stem(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
    base.rsplit_once('.')
        .map_or(base, |(stem, _)| stem)
        .to_string()
}

/// Walks a volume's body for its documents; `sections` holds the headings
/// of the chapters the walk is in, outermost first.
fn walk_volume(
    el: &El,
    volume: &Volume,
    page: &mut PageState,
    sections: &mut Vec<String>,
    out: &mut Vec<Document>,
) {
    for child in el.elements() {
        if child.name == "pb" {
            *page = PageState {
                number: page_number(child),
                line: child.line,
            };
        } else if is_document_div(child) {
            let mut doc = frus_document(child, volume, page);
            if let Some(e) = doc.citation.edition.as_mut() {
                e.sections = sections.clone();
            }
            out.push(doc);
        } else {
            // A part of the volume with a heading of its own (a chapter, a
            // compilation) heads the documents inside it.
            let heading = (child.name == "div")
                .then(|| child.child("head"))
                .flatten()
                .map(|h| h.text_without(&["note"]))
                .map(|h| h.split_whitespace().collect::<Vec<_>>().join(" "))
                .filter(|h| !h.is_empty());
            let pushed = heading.map(|h| sections.push(h)).is_some();
            walk_volume(child, volume, page, sections, out);
            if pushed {
                sections.pop();
            }
        }
    }
}

fn page_number(pb: &El) -> Option<u32> {
    pb.attr("n").and_then(|n| n.trim().parse().ok())
}

fn frus_document(div: &El, volume: &Volume, page: &mut PageState) -> Document {
    let xml_id = div
        .attr("xml:id")
        .map(str::to_string)
        .or_else(|| div.attr("n").map(|n| format!("d{n}")))
        .unwrap_or_else(|| format!("line{}", div.line));
    let mut doc = Document {
        id: format!("{}-{}", volume.id, xml_id),
        original_languages: vec![lang("en")],
        ..Document::default()
    };

    let mut b = Builder::new(volume.persons, Some(page.clone()));
    b.blocks(div);
    let last = b.page_state();
    *page = last;

    // The title: the document's head, notes left out.
    if let Some(head) = div.child("head") {
        doc.title = head.text_without(&["note"]);
    }

    // The date: the frus:doc-dateTime attributes, else the dateline's <date>.
    let dateline_date = div
        .descendants()
        .into_iter()
        .filter(|e| e.name == "dateline")
        .find_map(|d| d.descendants().into_iter().find(|e| e.name == "date"));
    let min = div.attr("frus:doc-dateTime-min");
    let max = div.attr("frus:doc-dateTime-max");
    let stated = dateline_date.map(|d| d.text()).unwrap_or_default();
    let line = dateline_date.map_or(div.line, |d| d.line);
    let from_attrs = match (min.and_then(iso_day), max.and_then(iso_day)) {
        (Some(a), Some(b)) if a == b => Some(a),
        (Some(a), Some(b)) => Some(DateValue::Interval(Box::new(a), Box::new(b))),
        (Some(a), None) | (None, Some(a)) => Some(a),
        (None, None) => None,
    };
    let value = from_attrs
        .map(|v| (v, Certainty::Stated))
        .or_else(|| dateline_date.and_then(date_attrs))
        .or_else(|| (!stated.is_empty()).then(|| parse_date(&stated)).flatten());
    if dateline_date.is_some() || value.is_some() {
        if value.is_none() {
            doc.diagnostics.push(Diagnostic::warning(
                DiagCode::DateUnreadable,
                Some(line),
                format!("the date \"{stated}\" could not be read"),
            ));
        }
        let (value, certainty) = match value {
            Some((v, c)) => (Some(v), c),
            None => (None, Certainty::Stated),
        };
        doc.dates.push(DateStatement {
            stated: if stated.is_empty() {
                min.or(max).unwrap_or_default().to_string()
            } else {
                stated
            },
            value,
            certainty,
            source: header_place(line),
        });
    } else if let Some(found) = find_dates(&doc.title).into_iter().next() {
        doc.dates.push(DateStatement {
            stated: doc.title[found.span.clone()].to_string(),
            value: Some(found.value),
            certainty: found.certainty,
            source: Place {
                part: Part::Title,
                line: Some(div.line),
            },
        });
    } else {
        doc.diagnostics.push(Diagnostic::info(
            DiagCode::MissingSection,
            Some(div.line),
            "the document has no dated dateline",
        ));
    }

    // The citation: the source notes, the volume as publisher, the permalink.
    let sources = std::mem::take(&mut b.source_notes);
    let reference = sources
        .iter()
        .find(|s| !(s.starts_with('[') && s.ends_with(']')))
        .map(|s| {
            // The reference without the kind after it ("711.90H/41: Telegram").
            let reference = match (source_kind(s), s.rsplit_once(':')) {
                (Some(_), Some((reference, _))) => reference,
                _ => s.as_str(),
            };
            crate::source_note::source_reference(reference)
        });
    if reference.is_none() {
        doc.diagnostics.push(Diagnostic::info(
            DiagCode::CitationIncomplete,
            Some(div.line),
            "the document has no source note",
        ));
    }
    doc.citation = Citation {
        text: sources.join(" "),
        publisher: volume.title.clone(),
        archival_reference: reference,
        translators: Vec::new(),
        url: Some(format!(
            "https://history.state.gov/historicaldocuments/{}/{}",
            volume.id, xml_id
        )),
        edition: volume.edition.clone().map(|e| Edition {
            number: div
                .attr("n")
                .map(|n| n.trim().to_string())
                .filter(|n| !n.is_empty()),
            ..e
        }),
    };

    // People: those the document points to, then those its lists name.
    let mut people: Vec<Participant> = Vec::new();
    for id in &b.referenced {
        if let Some(p) = volume.persons.get(id) {
            if !people.iter().any(|q| q.name == p.name) {
                people.push(participant(p));
            }
        }
    }
    for p in b
        .pages
        .iter()
        .flat_map(|p| &p.blocks)
        .flat_map(|b| &b.participants)
    {
        if !people.iter().any(|q| q.name == p.name) {
            people.push(p.clone());
        }
    }
    doc.participants = people;

    let (pages, diagnostics) = b.finish();
    doc.diagnostics.extend(diagnostics);
    doc.texts.push(Text {
        role: TextRole::Original,
        language: lang("en"),
        pages,
    });
    // A source note names the kind before the title: in brackets
    // ("[Telegram]") or after the reference ("711.90H/41: Telegram").
    let kind_notes: Vec<String> = sources.iter().filter_map(|s| source_kind(s)).collect();
    finish(
        &mut doc,
        &Finishing {
            line: Some(div.line),
            title_place: "<head>",
            kind_notes: &kind_notes,
            ..Finishing::default()
        },
    );
    doc
}

/// What a source note says of the document's kind: a bracketed note
/// whole, or the few words after the reference's last colon. A note with
/// nothing after its colon, or a long clause there, says nothing.
fn source_kind(note: &str) -> Option<String> {
    let note = note.trim();
    if note.starts_with('[') {
        return Some(note.to_string());
    }
    let (_, kind) = note.rsplit_once(':')?;
    let kind = kind.trim();
    (!kind.is_empty() && kind.split_whitespace().count() <= 4).then(|| kind.to_string())
}

/// The day of an ISO date or date-time ("1917-04-03T18:00:00").
fn iso_day(s: &str) -> Option<DateValue> {
    let day = s.trim().split('T').next()?;
    DateValue::parse_edtf(day).map(|(v, _)| v)
}

/// The value a `<date>` states in its attributes: `when`, `from`/`to`,
/// `notBefore`/`notAfter` (a decade when they span one), with the certainty
/// from `subtype` (as fonds writes it) or `cert`.
fn date_attrs(d: &El) -> Option<(DateValue, Certainty)> {
    let value = if let Some(when) = d.attr("when") {
        iso_day(when)?
    } else {
        let a = d.attr("from").or(d.attr("notBefore")).and_then(iso_day);
        let b = d.attr("to").or(d.attr("notAfter")).and_then(iso_day);
        match (a, b) {
            (Some(DateValue::Year(a)), Some(DateValue::Year(b)))
                if d.attr("notBefore").is_some() && a % 10 == 0 && b == a + 9 =>
            {
                DateValue::Decade(a)
            }
            (Some(a), Some(b)) => DateValue::Interval(Box::new(a), Box::new(b)),
            (Some(a), None) | (None, Some(a)) => a,
            (None, None) => return None,
        }
    };
    let certainty = d
        .attr("subtype")
        .and_then(Certainty::parse)
        .unwrap_or(match d.attr("cert") {
            Some("medium") => Certainty::Approximate,
            Some("low") => Certainty::Uncertain,
            _ => Certainty::Stated,
        });
    Some((value, certainty))
}

/// A place in the header of the record, at a line of the XML.
fn header_place(line: u32) -> Place {
    Place {
        part: Part::Header,
        line: Some(line),
    }
}

fn lang(code: &str) -> Lang {
    Lang::from_code(code).unwrap_or_default()
}

// ---------------------------------------------------------------------------
// Single documents (what write_tei writes, and TEI in general).

fn single(root: &El, persons: &Persons, source_name: Option<&str>) -> Document {
    let mut doc = Document::default();
    let header = root.child("teiHeader");
    let file_desc = header.and_then(|h| h.child("fileDesc"));
    let title_stmt = file_desc.and_then(|f| f.child("titleStmt"));
    let pub_stmt = file_desc.and_then(|f| f.child("publicationStmt"));
    let source_desc = file_desc.and_then(|f| f.child("sourceDesc"));
    let profile = header.and_then(|h| h.child("profileDesc"));

    doc.title = title_stmt
        .and_then(|t| t.child("title"))
        .map(El::text)
        .unwrap_or_default();
    let mut translators = Vec::new();
    for resp in title_stmt.into_iter().flat_map(|t| t.elements()) {
        if resp.name != "respStmt" {
            continue;
        }
        let what = resp
            .child("resp")
            .map(El::text)
            .unwrap_or_default()
            .to_lowercase();
        let names = resp
            .elements()
            .filter(|e| matches!(e.name.as_str(), "persName" | "name" | "orgName"))
            .map(El::text);
        if what.contains("transl") {
            translators.extend(names);
        } else if what.contains("record") {
            doc.recorded_by.extend(names);
        }
    }

    let idno = |t: &str| {
        pub_stmt
            .into_iter()
            .flat_map(|p| p.elements())
            .find(|e| e.name == "idno" && e.attr("type") == Some(t))
            .map(El::text)
    };
    doc.id = idno("fonds")
        .or_else(|| root.attr("xml:id").map(str::to_string))
        .or_else(|| source_name.map(file_stem))
        .unwrap_or_else(|| "tei".to_string());
    let url = idno("URI").or_else(|| idno("url"));
    let publisher = pub_stmt.and_then(|p| p.child("publisher")).map(El::text);

    // Notes on the file: summary, classification, kept sections, contents.
    for note in file_desc
        .and_then(|f| f.child("notesStmt"))
        .into_iter()
        .flat_map(|n| n.elements())
    {
        let text = note.text();
        match note.attr("type") {
            Some("summary") => doc.summary = Some(text),
            Some("classification") => {
                doc.classification = Some(Classification {
                    text,
                    level: note.attr("subtype").and_then(SecurityLevel::parse),
                    source: Place {
                        part: note.attr("n").and_then(Part::parse).unwrap_or(Part::Header),
                        line: None,
                    },
                })
            }
            Some("extra") => doc
                .extra
                .push((note.attr("n").unwrap_or_default().to_string(), text)),
            Some("contents") => {
                let (kind, language) = note
                    .attr("n")
                    .map(|n| n.split_once(':').unwrap_or((n, "")))
                    .unwrap_or(("other", ""));
                doc.contents.push(ContentItem {
                    kind: ContentKind::parse(kind).unwrap_or(ContentKind::Other),
                    language: Lang::from_code(language),
                    label: text,
                });
            }
            _ => {}
        }
    }

    // The source: the citation and the manuscript's identifiers.
    let mut citation_text = String::new();
    let mut reference = None;
    let mut printed_in = None;
    for part in source_desc.into_iter().flat_map(|s| s.elements()) {
        match part.name.as_str() {
            "biblStruct" if part.attr("type") == Some("edition") => {
                printed_in = part.child("monogr").map(edition_of)
            }
            "bibl" | "biblStruct" | "p" if citation_text.is_empty() => {
                citation_text = part.text();
            }
            "msDesc" => reference = Some(ms_reference(part)),
            _ => {}
        }
    }
    doc.citation = Citation {
        text: citation_text,
        publisher,
        archival_reference: reference,
        translators,
        url,
        edition: printed_in,
    };

    // The profile: dates, languages, kind, people.
    let mut stated_kind = None;
    for part in profile.into_iter().flat_map(|p| p.elements()) {
        match part.name.as_str() {
            "creation" => {
                for d in part.descendants().into_iter().filter(|e| e.name == "date") {
                    let stated = d.text();
                    let value = date_attrs(d).or_else(|| parse_date(&stated));
                    let (value, certainty) = match value {
                        Some((v, c)) => (Some(v), c),
                        None => (
                            None,
                            d.attr("subtype")
                                .and_then(Certainty::parse)
                                .unwrap_or_default(),
                        ),
                    };
                    doc.dates.push(DateStatement {
                        stated,
                        value,
                        certainty,
                        source: Place {
                            part: d.attr("type").and_then(Part::parse).unwrap_or(Part::Header),
                            line: None,
                        },
                    });
                }
            }
            "langUsage" => {
                for l in part.elements().filter(|e| e.name == "language") {
                    if l.attr("n") == Some("original") {
                        if let Some(code) = l.attr("ident").and_then(Lang::from_code) {
                            doc.original_languages.push(code);
                        }
                    }
                }
            }
            "textClass" => {
                stated_kind = stated_kind.or(part
                    .descendants()
                    .into_iter()
                    .filter(|e| e.name == "term")
                    .find_map(|t| DocType::parse(&t.text())));
            }
            _ => {}
        }
    }
    for id in &persons.order {
        let p = &persons.by_id[id];
        if !p.speaker_only {
            doc.participants.push(participant(p));
        }
    }

    // The texts: the divisions typed original and translation, else the body.
    let body = root.path(&["text", "body"]);
    let inherited = root
        .attr("xml:lang")
        .or(root.child("text").and_then(|t| t.attr("xml:lang")))
        .or(body.and_then(|b| b.attr("xml:lang")));
    if let Some(body) = body {
        let divs: Vec<&El> = body
            .elements()
            .filter(|e| {
                e.name == "div" && matches!(e.attr("type"), Some("original" | "translation"))
            })
            .collect();
        let parts: Vec<(&El, TextRole)> = if divs.is_empty() {
            vec![(body, TextRole::Original)]
        } else {
            divs.iter()
                .map(|d| {
                    let role = match d.attr("type") {
                        Some("translation") => TextRole::Translation,
                        _ => TextRole::Original,
                    };
                    (*d, role)
                })
                .collect()
        };
        for (el, role) in parts {
            let mut b = Builder::new(persons, None);
            b.blocks(el);
            let (pages, diagnostics) = b.finish();
            doc.diagnostics.extend(diagnostics);
            if divs.is_empty() && pages.iter().all(|p| p.blocks.is_empty()) {
                continue;
            }
            let code = el.attr("xml:lang").or(inherited);
            let language = match code.and_then(Lang::from_code) {
                Some(l) => l,
                None => {
                    doc.diagnostics.push(Diagnostic::info(
                        DiagCode::LanguageUnknown,
                        Some(el.line),
                        match code {
                            Some(c) => format!("the language \"{c}\" is not one fonds knows"),
                            None => "the text does not say its language".to_string(),
                        },
                    ));
                    Lang::und()
                }
            };
            doc.texts.push(Text {
                role,
                language,
                pages,
            });
        }
    }
    finish(
        &mut doc,
        &Finishing {
            title_place: "title in its TEI header",
            stated_kind,
            ..Finishing::default()
        },
    );
    doc
}

/// A printed volume as fonds writes it: a `<monogr>` with its title,
/// editors, imprint and the document's number.
fn edition_of(monogr: &El) -> Edition {
    let text = |e: &El| Some(e.text()).filter(|t| !t.is_empty());
    let imprint = monogr.child("imprint");
    Edition {
        title: monogr.child("title").map(El::text).unwrap_or_default(),
        editors: monogr
            .elements()
            .filter(|e| e.name == "editor")
            .filter_map(text)
            .collect(),
        publisher: imprint.and_then(|i| i.child("publisher")).and_then(text),
        place: imprint.and_then(|i| i.child("pubPlace")).and_then(text),
        year: imprint
            .and_then(|i| i.child("date"))
            .and_then(|d| d.attr("when"))
            .and_then(|y| y.trim().parse().ok()),
        number: monogr
            .elements()
            .find(|e| e.name == "biblScope" && e.attr("unit") == Some("document"))
            .and_then(|e| e.attr("n").map(str::to_string).or_else(|| text(e))),
        sections: monogr
            .elements()
            .filter(|e| e.name == "biblScope" && e.attr("unit") == Some("chapter"))
            .filter_map(text)
            .collect(),
    }
}

/// The archival reference from an `msDesc`: repository, the typed `idno`s, the
/// folio range of a `locus`.
fn ms_reference(ms: &El) -> ArchivalReference {
    let id = ms.child("msIdentifier");
    let idno = |t: &str| {
        id.into_iter()
            .flat_map(|i| i.elements())
            .find(|e| e.name == "idno" && e.attr("type") == Some(t))
            .map(El::text)
    };
    let text = idno("reference").unwrap_or_default();
    let mut r = if text.is_empty() {
        ArchivalReference::default()
    } else {
        ArchivalReference {
            text: text.clone(),
            ..ArchivalReference::default()
        }
    };
    r.repository = id.and_then(|i| i.child("repository")).map(El::text);
    r.fond = idno("fond");
    r.opis = idno("opis");
    r.delo = idno("delo");
    r.location = idno("location");
    r.folios = ms
        .descendants()
        .into_iter()
        .find(|e| e.name == "locus")
        .and_then(|l| {
            let from: u32 = l.attr("from")?.trim().parse().ok()?;
            let to: u32 = l.attr("to")?.trim().parse().ok()?;
            // A range that runs backwards is no range a reader can trust.
            (from <= to).then_some(FolioRange { from, to })
        });
    if r.text.is_empty() {
        // A reference without its written form: rebuild one from the parts.
        let parts: Vec<String> = [r.repository.clone(), r.location.clone()]
            .into_iter()
            .flatten()
            .collect();
        r = ArchivalReference {
            text: parts.join(", "),
            ..r
        };
        if r.fond.is_none() && r.location.is_some() {
            let parsed = parse_reference(&r.text);
            r.fond = parsed.fond;
            r.opis = parsed.opis;
            r.delo = parsed.delo;
            r.folios = r.folios.or(parsed.folios);
        }
    }
    r
}

// ---------------------------------------------------------------------------
// Blocks and inline content, shared by both readers.

/// Builds the pages of one text from the elements of a division.
struct Builder<'p> {
    persons: &'p Persons,
    pages: Vec<Page>,
    open: Option<Block>,
    /// A list label ("1.") waiting for the item it numbers.
    label: Option<String>,
    source_notes: Vec<String>,
    /// Person ids the text points to (`corresp`, `who`).
    referenced: Vec<String>,
    /// Elements read as plain paragraphs for want of a better reading.
    unknown: BTreeSet<String>,
    unknown_line: Option<u32>,
}

/// Elements that hold blocks rather than running text.
const BLOCK_ELEMENTS: &[&str] = &[
    "p",
    "ab",
    "head",
    "list",
    "table",
    "div",
    "sp",
    "closer",
    "opener",
    "dateline",
    "quote",
    "postscript",
    "attachment",
    "floatingText",
    "lg",
    "salute",
    "signed",
];

impl<'p> Builder<'p> {
    fn new(persons: &'p Persons, first: Option<PageState>) -> Self {
        let first = first.unwrap_or_default();
        Builder {
            persons,
            pages: vec![Page {
                number: first.number,
                folio: None,
                line: first.line.max(1),
                blocks: Vec::new(),
            }],
            open: None,
            label: None,
            source_notes: Vec::new(),
            referenced: Vec::new(),
            unknown: BTreeSet::new(),
            unknown_line: None,
        }
    }

    /// The page the text ended on, for the next FRUS document.
    fn page_state(&self) -> PageState {
        let last = self.pages.last().expect("there is always a page");
        PageState {
            number: last.number,
            line: last.line,
        }
    }

    fn finish(mut self) -> (Vec<Page>, Vec<Diagnostic>) {
        self.close();
        let mut diagnostics = Vec::new();
        if !self.unknown.is_empty() {
            let names: Vec<String> = self.unknown.iter().map(|n| format!("<{n}>")).collect();
            diagnostics.push(Diagnostic::info(
                DiagCode::Unstructured,
                self.unknown_line,
                format!("read as plain paragraphs: {}", names.join(", ")),
            ));
        }
        let mut pages = self.pages;
        // The page in force before the first <pb> (inherited from the volume,
        // or unmarked) is a page of the text only when something is written on it.
        if pages[0].blocks.is_empty() && pages[0].folio.is_none() {
            pages.remove(0);
        }
        (pages, diagnostics)
    }

    fn page(&mut self) -> &mut Page {
        self.pages.last_mut().expect("there is always a page")
    }

    fn new_page(&mut self, pb: &El) {
        self.pages.push(Page {
            number: page_number(pb),
            folio: None,
            line: pb.line,
            blocks: Vec::new(),
        });
    }

    fn begin(&mut self, kind: BlockKind, line: u32) {
        self.close();
        let mut content = Vec::new();
        if let Some(label) = self.label.take() {
            content.push(Inline::Text(format!("{label} ")));
        }
        self.open = Some(Block {
            kind,
            line,
            content,
            ..Block::default()
        });
    }

    fn close(&mut self) {
        if let Some(mut b) = self.open.take() {
            tidy(&mut b.content);
            self.page().blocks.push(b);
        }
    }

    fn content(&mut self) -> &mut Vec<Inline> {
        &mut self.open.as_mut().expect("a block is open").content
    }

    fn folio(&mut self, fw: &El) {
        let raw = fw.text();
        // "13", or "2v" / "2r" with the side of the sheet.
        let split = |s: &str| -> Option<(u32, Option<fonds_core::Side>)> {
            let s = s.trim();
            let (digits, side) = match s.char_indices().last() {
                Some((i, c)) if c == 'r' || c == 'v' => (&s[..i], fonds_core::Side::parse(&s[i..])),
                _ => (s, None),
            };
            Some((digits.trim().parse().ok()?, side))
        };
        let number = fw.attr("n").and_then(split).or_else(|| split(&raw));
        if let Some((number, side)) = number {
            self.page().folio = Some(Folio {
                number,
                side,
                raw: (!raw.is_empty()).then_some(raw),
                read: fw.attr("cert") != Some("low"),
            });
        }
    }

    /// Reads the children of a division or container as blocks.
    fn blocks(&mut self, el: &El) {
        for child in &el.children {
            match child {
                Node::Text(t) => {
                    if !t.trim().is_empty() {
                        if self.open.is_none() {
                            self.begin(BlockKind::Paragraph, el.line);
                        }
                        push_text(self.content(), t);
                    }
                }
                Node::El(e) => {
                    // Mixed content: phrases between blocks run on in a paragraph.
                    let inline = is_phrase(e);
                    if self.open.is_some() && (inline || e.name == "pb") {
                        self.inline_child(e);
                    } else if inline && e.name != "note" {
                        if !KNOWN_PHRASES.contains(&e.name.as_str()) {
                            self.unknown.insert(e.name.clone());
                            self.unknown_line.get_or_insert(e.line);
                        }
                        self.begin(BlockKind::Paragraph, e.line);
                        self.inline_child(e);
                    } else {
                        self.block(e);
                    }
                }
            }
        }
        self.close();
    }

    fn block(&mut self, e: &El) {
        match e.name.as_str() {
            "pb" => {
                self.close();
                self.new_page(e);
            }
            "fw" if e.attr("type") == Some("folio") => self.folio(e),
            "fw" | "lb" | "cb" | "milestone" | "anchor" | "figure" | "graphic" | "gap" => {}
            "note" if e.attr("type") == Some("source") => self.source_notes.push(e.text()),
            "note" => {
                self.begin(BlockKind::Paragraph, e.line);
                self.inline_el(e);
                self.close();
            }
            "label" => {
                self.close();
                let text = e.text();
                if !text.is_empty() {
                    self.label = Some(text);
                }
            }
            "head" => self.leaf(e, BlockKind::Heading),
            "dateline" => self.leaf(e, BlockKind::Dateline),
            "closer" | "signed" => self.leaf(e, BlockKind::Signature),
            "ab" => {
                let kind = match e.attr("type") {
                    Some("classification") => BlockKind::Classification,
                    Some("heading" | "head") => BlockKind::Heading,
                    Some("dateline") => BlockKind::Dateline,
                    Some("signature") => BlockKind::Signature,
                    _ => BlockKind::Paragraph,
                };
                self.leaf(e, kind);
            }
            "p" => self.leaf(e, BlockKind::Paragraph),
            "list" if e.attr("type") == Some("participants") => self.participants(e),
            "list" => self.list(e),
            "table" => self.table(e),
            "sp" => self.turn(e),
            "div" | "postscript" | "attachment" | "floatingText" | "opener" | "quote" | "lg"
            | "body" | "group" | "text" | "front" | "back" | "item" | "salute" | "trailer"
            | "byline" | "epigraph" | "argument" => {
                if has_block_children(e) {
                    self.blocks(e);
                } else {
                    self.leaf(e, BlockKind::Paragraph);
                }
            }
            _ => {
                if has_block_children(e) {
                    self.blocks(e);
                } else {
                    self.unknown.insert(e.name.clone());
                    self.unknown_line.get_or_insert(e.line);
                    self.leaf(e, BlockKind::Paragraph);
                }
            }
        }
    }

    /// One block from an element's running text.
    fn leaf(&mut self, e: &El, kind: BlockKind) {
        self.begin(kind, e.line);
        if is_fragment(e) {
            if let Some(b) = self.open.as_mut() {
                b.continued = true;
            }
        }
        self.inline_el(e);
        self.close();
    }

    fn list(&mut self, e: &El) {
        for child in e.elements() {
            match child.name.as_str() {
                "item" => {
                    if has_block_children(child) {
                        self.blocks(child);
                    } else {
                        self.leaf(child, BlockKind::Paragraph);
                    }
                }
                _ => self.block(child),
            }
        }
        self.label = None;
    }

    fn table(&mut self, e: &El) {
        for child in e.elements() {
            match child.name.as_str() {
                "row" => {
                    self.begin(BlockKind::Paragraph, child.line);
                    for (i, cell) in child.elements().enumerate() {
                        if i > 0 {
                            push_text(self.content(), " | ");
                        }
                        self.inline_el(cell);
                    }
                    self.close();
                }
                _ => self.block(child),
            }
        }
    }

    fn turn(&mut self, e: &El) {
        self.begin(BlockKind::Turn, e.line);
        let label = e.child("speaker").map(El::text);
        let who = e.attr("who");
        if let Some(who) = who {
            for id in who.split_whitespace() {
                self.referenced.push(id.trim_start_matches('#').to_string());
            }
        }
        // The speaker's name is the person's that `who` points to, where the
        // label spells it ("Genosse Ulbricht" for Walter Ulbricht); else the
        // label's own, as the record reader takes it (an original turn points
        // to the person its translation names, in another spelling).
        let person = who
            .and_then(|w| w.split_whitespace().next())
            .and_then(|w| self.persons.get(w))
            .map(|p| p.name.clone());
        let name = match (label.as_deref().map(name_of_label), person) {
            (Some(l), Some(p)) if spells(&l, &p) => Some(p),
            (Some(l), _) => {
                Some(fonds_core::record::turn_label(&format!("{l}: …")).map_or(l, |t| t.name))
            }
            (None, p) => p,
        };
        let continued = e.elements().any(is_fragment);
        if let Some(b) = self.open.as_mut() {
            b.continued = continued;
            if let (Some(label), Some(name)) = (label, name) {
                b.speaker = Some(Speaker { label, name });
            }
        }
        let mut first = true;
        for child in &e.children {
            match child {
                Node::El(c) if c.name == "speaker" => {}
                Node::El(c) if c.name == "pb" => self.page_break_inline(c),
                Node::El(c) if matches!(c.name.as_str(), "p" | "ab" | "l" | "lg" | "stage") => {
                    if !first {
                        push_text(self.content(), " ");
                    }
                    first = false;
                    if c.name == "stage" {
                        self.mark(c, MarkKind::Note);
                    } else {
                        self.inline_el(c);
                    }
                }
                Node::El(c) => self.inline_child(c),
                Node::Text(t) => push_text(self.content(), t),
            }
        }
        self.close();
    }

    fn participants(&mut self, e: &El) {
        self.begin(BlockKind::Participants, e.line);
        let mut people = Vec::new();
        match e.child("head") {
            Some(head) => self.inline_el(head),
            None => {
                let text = list_text(e);
                push_text(self.content(), &text);
            }
        }
        self.items(e, None, &mut people);
        if let Some(b) = self.open.as_mut() {
            b.participants = people;
        }
        self.close();
    }

    fn items(&mut self, list: &El, group: Option<&str>, out: &mut Vec<Participant>) {
        for item in list.elements().filter(|c| c.name == "item") {
            for pn in item.descendants() {
                if let Some(c) = pn.attr("corresp") {
                    self.referenced.extend(
                        c.split_whitespace()
                            .map(|s| s.trim_start_matches('#').to_string()),
                    );
                }
            }
            if let Some(sub) = item.child("list") {
                let label = item.text_without(&["list", "note"]);
                let label = label.trim_end_matches(':').trim();
                let group = match label.to_lowercase().as_str() {
                    "" | "present" | "also present" => group.map(str::to_string),
                    _ => Some(label.to_string()),
                };
                self.items(sub, group.as_deref(), out);
                continue;
            }
            let names: Vec<&El> = item.elements().filter(|c| c.name == "persName").collect();
            let main = names.iter().find(|n| n.attr("type") != Some("variant"));
            let (name, role) = match main {
                Some(n) => {
                    let role = item
                        .child("roleName")
                        .map(El::text)
                        .filter(|r| !r.is_empty());
                    (n.text(), role)
                }
                None => (item.text_without(&["note"]), None),
            };
            if name.is_empty() {
                continue;
            }
            out.push(Participant {
                name,
                role,
                group: group.map(str::to_string),
                variants: names
                    .iter()
                    .filter(|n| n.attr("type") == Some("variant"))
                    .map(|n| n.text())
                    .collect(),
            });
        }
    }

    /// A page break inside a block: the block ends on this page and carries on
    /// as a continued block of the same kind on the next.
    fn page_break_inline(&mut self, pb: &El) {
        let carried = self.open.take().map(|mut b| {
            tidy(&mut b.content);
            let next = Block {
                kind: b.kind,
                speaker: b.speaker.clone(),
                continued: true,
                line: pb.line,
                ..Block::default()
            };
            self.page().blocks.push(b);
            next
        });
        self.new_page(pb);
        self.open = carried;
    }

    fn inline_el(&mut self, e: &El) {
        for child in &e.children {
            match child {
                Node::Text(t) => push_text(self.content(), t),
                Node::El(c) => self.inline_child(c),
            }
        }
    }

    fn mark(&mut self, e: &El, kind: MarkKind) {
        let text = if kind == MarkKind::Illegible {
            e.child("desc").map(El::text).unwrap_or_default()
        } else {
            e.text_without(&["note"])
        };
        self.content().push(Inline::Mark(Mark { kind, text }));
    }

    fn inline_child(&mut self, c: &El) {
        match c.name.as_str() {
            "note" if c.attr("type") == Some("source") => self.source_notes.push(c.text()),
            "note" if c.attr("place").is_some_and(|p| p.contains("margin")) => {
                self.mark(c, MarkKind::Margin)
            }
            "seg" if c.attr("type") == Some("margin") => self.mark(c, MarkKind::Margin),
            "note" => self.mark(c, MarkKind::Note),
            "pb" => self.page_break_inline(c),
            "fw" if c.attr("type") == Some("folio") => self.folio(c),
            "fw" | "figure" | "graphic" | "anchor" | "milestone" | "cb" => {}
            "lb" => push_text(self.content(), " "),
            "add" => self.mark(c, MarkKind::Insertion),
            "del" => self.mark(c, MarkKind::Deletion),
            "supplied" => self.mark(c, MarkKind::Supplied),
            "unclear" => self.mark(c, MarkKind::Uncertain),
            "sic" => self.mark(c, MarkKind::Sic),
            "gap" => self.mark(c, MarkKind::Illegible),
            "hi" if c
                .attr("rend")
                .is_some_and(|r| r.contains("sup") || r.contains("superscript")) =>
            {
                self.mark(c, MarkKind::Superscript)
            }
            "p" | "ab" | "item" | "row" | "cell" | "l" | "list" | "table" | "quote" | "signed"
            | "salute" => {
                push_text(self.content(), " ");
                self.inline_el(c);
                push_text(self.content(), " ");
            }
            _ => {
                if let Some(corresp) = c.attr("corresp") {
                    if c.name == "persName" {
                        self.referenced.extend(
                            corresp
                                .split_whitespace()
                                .map(|s| s.trim_start_matches('#').to_string()),
                        );
                    }
                }
                self.inline_el(c);
            }
        }
    }
}

/// TEI phrase elements whose text the reader keeps as running text.
const KNOWN_PHRASES: &[&str] = &[
    "hi",
    "seg",
    "persName",
    "placeName",
    "orgName",
    "name",
    "roleName",
    "ref",
    "ptr",
    "date",
    "time",
    "gloss",
    "foreign",
    "emph",
    "term",
    "title",
    "q",
    "said",
    "num",
    "measure",
    "rs",
    "abbr",
    "expan",
    "choice",
    "sic",
    "corr",
    "reg",
    "orig",
    "add",
    "del",
    "supplied",
    "unclear",
    "gap",
    "lb",
    "idno",
    "signed",
    "stage",
    "speaker",
    "mentioned",
    "soCalled",
];

/// Elements that are not blocks and hold no blocks: phrases of running text.
fn is_phrase(e: &El) -> bool {
    const NOT_PHRASES: &[&str] = &[
        "pb",
        "fw",
        "label",
        "item",
        "row",
        "cell",
        "figure",
        "graphic",
        "milestone",
        "cb",
        "anchor",
    ];
    let name = e.name.as_str();
    let source_note = name == "note" && e.attr("type") == Some("source");
    let structural = BLOCK_ELEMENTS.contains(&name) || NOT_PHRASES.contains(&name);
    !(structural || source_note || has_block_children(e))
}

fn has_block_children(e: &El) -> bool {
    e.elements()
        .any(|c| BLOCK_ELEMENTS.contains(&c.name.as_str()))
}

fn is_fragment(e: &El) -> bool {
    matches!(e.attr("part"), Some("F" | "M"))
}

/// A participants list as one line: "Present: Mr. Lansing, Mr. White".
fn list_text(list: &El) -> String {
    let items: Vec<String> = list
        .elements()
        .filter(|i| i.name == "item")
        .map(|item| match item.child("list") {
            Some(sub) => {
                let label = item.text_without(&["list", "note"]);
                format!("{label} {}", list_text(sub)).trim().to_string()
            }
            None => item.text_without(&["note"]),
        })
        .filter(|t| !t.is_empty())
        .collect();
    items.join(", ")
}

/// The name in a speaker label: the label without its trailing dash or colon.
/// Whether a label spells a person's name: it holds the name's last word.
fn spells(label: &str, name: &str) -> bool {
    let label = label.to_lowercase();
    name.split_whitespace()
        .last()
        .is_some_and(|w| label.contains(&w.to_lowercase()))
}

fn name_of_label(label: &str) -> String {
    label
        .trim()
        .trim_end_matches(|c: char| {
            c.is_whitespace() || matches!(c, ':' | '-' | '–' | '—' | '.' | '：')
        })
        .to_string()
}

/// Appends text, collapsing runs of whitespace to one space.
fn push_text(content: &mut Vec<Inline>, text: &str) {
    if text.is_empty() {
        return;
    }
    let mut s = String::with_capacity(text.len());
    let mut space = false;
    for c in text.chars() {
        if c.is_whitespace() {
            space = true;
        } else {
            if space {
                s.push(' ');
            }
            space = false;
            s.push(c);
        }
    }
    if space {
        s.push(' ');
    }
    if let Some(Inline::Text(last)) = content.last_mut() {
        if last.ends_with(' ') && s.starts_with(' ') {
            s.remove(0);
        }
        last.push_str(&s);
    } else {
        content.push(Inline::Text(s));
    }
}

/// Trims the block's ends and drops empty text runs.
fn tidy(content: &mut Vec<Inline>) {
    if let Some(Inline::Text(first)) = content.first_mut() {
        *first = first.trim_start().to_string();
    }
    if let Some(Inline::Text(last)) = content.last_mut() {
        *last = last.trim_end().to_string();
    }
    content.retain(|i| !matches!(i, Inline::Text(t) if t.is_empty()));
    for i in content.iter_mut() {
        if let Inline::Mark(m) = i {
            m.text = collapse(&m.text);
        }
    }
}
