//! The document page (a bar for moving around, the texts side by side, the
//! description, citation and speakers beside them, the notes for editors)
//! and its citation downloads.

use super::errors::{internal, not_found_page};
use super::frame::{layout, page};
use super::render::{self, Highlighter};
use super::sequence::{self, FromResults, Neighbours};
use crate::auth::Who;
use crate::http;
use axum::extract::{Path as UrlPath, RawQuery, State};
use axum::http::StatusCode;
use axum::response::Response;
use fonds_archive::Viewer;
use fonds_archive::{Archive, StoredDocument};
use fonds_core::citation::format::CitationParts;
use fonds_core::{BlockKind, Document, Inline, MarkKind, Severity, Text, TextRole};
use maud::{html, Markup};
use std::sync::Arc;

type AppState = Arc<Archive>;

pub async fn document(
    State(archive): State<AppState>,
    who: Who,
    UrlPath(id): UrlPath<String>,
    RawQuery(raw): RawQuery,
) -> Response {
    let pairs = http::form_pairs(raw.as_deref());
    let get = |k: &str| pairs.iter().find(|(x, _)| x == k).map(|(_, v)| v.clone());
    let stored = match stored(&archive, &who.viewer, &id).await {
        Ok(s) => s,
        Err(page) => return page,
    };
    let clean = get("clean").is_some_and(|v| v == "1");
    let q = get("q").unwrap_or_default();
    let hl = if q.is_empty() || q == "*" {
        Highlighter::none()
    } else {
        Highlighter::new(&q, archive.tokenizers())
    };
    let d = &stored.document;
    let around = Around {
        results: sequence::from_results(&archive, &who.viewer, &pairs, &d.id).await,
        collection: match sequence::neighbours(&archive, &who.viewer, d).await {
            Ok(n) => n,
            Err(e) => return internal(e),
        },
        // The page's own links keep the search it was opened from.
        carried: http::query_string(
            &pairs
                .iter()
                .filter(|(k, _)| k != "clean")
                .cloned()
                .collect::<Vec<_>>(),
        ),
    };
    let (scans, ocr) = match (
        archive.scans(&who.viewer, &d.id).await,
        archive.ocr_scans(&who.viewer, &d.id).await,
    ) {
        (Ok(s), Ok(o)) => (s, o),
        (Err(e), _) => return internal(e),
        (_, Err(e)) => return internal(e),
    };
    let cite = CitationParts::of(d);
    let head = html! { (meta_tags(d, &cite)) (super::scan::head(&scans)) };
    let scan = super::scan::panel(&d.id, &scans, &ocr, &scan_labels(d, scans.len()));
    let editing = super::edit::editing_box(&who, d);
    let main = document_page(
        d,
        &cite,
        &hl,
        clean,
        &around,
        stored.version,
        Beside { scan, editing },
    );
    page(StatusCode::OK, layout(&d.title, head, "", main))
}

/// What each scan shows: the folio of the original's page of its number
/// ("f. 13"), else the page ("p. 2").
fn scan_labels(d: &Document, scans: usize) -> Vec<String> {
    let pages = d.original().map_or(&[][..], |t| &t.pages[..]);
    (0..scans)
        .map(|i| match pages.get(i) {
            Some(p) => match &p.folio {
                Some(f) => format!("f. {}", f.label()),
                None => format!("p. {}", p.number.unwrap_or(i as u32 + 1)),
            },
            None => format!("p. {}", i + 1),
        })
        .collect()
}

/// Where the document stands: among the results it was opened from, and
/// in its collection.
struct Around {
    results: Option<FromResults>,
    collection: Option<Neighbours>,
    /// The query string of the search the page was opened from.
    carried: String,
}

/// The citation's meta tags (Highwire Press and Dublin Core), which
/// reference managers read, and the link to the document's JSON.
/// The stored document `id`, or the page that says why there is none.
pub(super) async fn stored(
    archive: &Archive,
    viewer: &Viewer,
    id: &str,
) -> Result<StoredDocument, Response> {
    match archive.document(viewer, id).await {
        Ok(Some(s)) => Ok(s),
        Ok(None) => Err(not_found_page(&format!(
            "There is no document with the id \u{201c}{id}\u{201d}."
        ))),
        Err(e) => Err(internal(e)),
    }
}

fn meta_tags(d: &Document, c: &CitationParts) -> Markup {
    let mut tags: Vec<(&str, String)> = vec![("citation_title", d.title.clone())];
    if let Some((y, mo, da)) = c.date {
        let date = match (mo, da) {
            (Some(mo), Some(da)) => format!("{y:04}/{mo:02}/{da:02}"),
            (Some(mo), None) => format!("{y:04}/{mo:02}"),
            _ => format!("{y:04}"),
        };
        tags.push(("citation_date", date.clone()));
        tags.push(("citation_publication_date", date));
    }
    for t in &c.translators {
        tags.push(("citation_translator", t.clone()));
    }
    if let Some(p) = &c.publisher {
        tags.push(("citation_publisher", p.clone()));
    }
    if let Some(a) = &c.archive {
        tags.push(("citation_archive", a.clone()));
        tags.push((
            "DC.source",
            format!("{a}, {}", c.archive_location.clone().unwrap_or_default()),
        ));
    }
    if let Some(l) = &c.archive_location {
        tags.push(("citation_archive_location", l.clone()));
    }
    if let Some(u) = &c.url {
        tags.push(("citation_public_url", u.clone()));
    }
    if let Some(l) = d.original_languages.first() {
        tags.push(("citation_language", l.code().to_string()));
    }
    if let Some(s) = &d.summary {
        tags.push(("description", s.clone()));
    }
    html! {
        @for (name, value) in &tags {
            meta name=(name) content=(value);
        }
        link rel="alternate" type="application/json" href=(http::api_document(&d.id));
    }
}

/// A date in one normalised form, with the words of the source beside it
/// when they differ: `22 April 1919 (“22 April, 1919”)`.
pub(super) fn dated(stated: &str, edtf: Option<&str>) -> Markup {
    let value = edtf.and_then(fonds_core::date::DateValue::parse_edtf);
    html! {
        @match (value, edtf) {
            (Some((v, c)), Some(edtf)) => {
                @let shown = v.display(c);
                time datetime=(edtf.trim_end_matches(['~', '?'])) { (shown) }
                @if !stated.is_empty() && stated.trim_end_matches('.') != shown {
                    " " span.stated.muted title="As the source writes it" { "(\u{201c}" (stated) "\u{201d})" }
                }
            }
            _ => { (stated) }
        }
    }
}

/// The document's dates: the one the archive holds it by (its search,
/// sorting and citation date) first, then any other the sources state, with
/// a word when they disagree.
fn dates_row(d: &Document) -> Markup {
    let held = d.date();
    let disagree = held.and_then(|h| h.value.as_ref()).is_some_and(|hv| {
        d.dates
            .iter()
            .filter_map(|x| x.value.as_ref())
            .any(|v| !v.overlaps(hv))
    });
    html! {
        @for (i, x) in d.dates.iter().enumerate() {
            @if i > 0 { br; }
            @let edtf = x.value.as_ref().map(|v| v.to_edtf(x.certainty));
            (dated(&x.stated, edtf.as_deref()))
            " " span.muted { "(" (x.source.part.as_str()) ")" }
            @if d.dates.len() > 1 && held.is_some_and(|h| std::ptr::eq(h, x)) {
                " " span.date-held { "the date the archive holds it by" }
            }
        }
        @if disagree {
            p.date-conflict role="note" {
                "The sources disagree on the date. The archive holds the document by the first date that could be read; the others are shown as the sources state them."
            }
        }
    }
}

/// A row of the description list, left out when it has nothing to say.
fn row(key: &str, value: Markup) -> Markup {
    html! {
        @if !value.0.is_empty() {
            div { dt { (key) } dd { (value) } }
        }
    }
}

/// The document's description: dates, type, reference, people, version.
fn description(d: &Document, version: i64) -> Markup {
    let languages: Vec<&str> = d.original_languages.iter().map(|l| l.name()).collect();
    let contents: Vec<&str> = d.contents.iter().map(|c| c.label.as_str()).collect();
    html! {
        dl #meta {
            (row("Date", dates_row(d)))
            (row("Type", html! { (d.doc_type.as_str()) }))
            @if let Some(cl) = &d.classification {
                (row("Classification", html! { span lang=[http::script_lang(&cl.text)] { (cl.text) } }))
            }
            @if let Some(r) = &d.citation.archival_reference {
                (row("Archive", html! {
                    @if let Some(x) = &r.repository {
                        a href={ "/archive/" (http::path_segment(x)) } lang=[http::script_lang(x)] { (x) }
                    }
                }))
                (row("Reference", html! { span lang=[http::script_lang(&r.text)] { (r.text) } }))
            }
            (row("Translated by", html! { (d.citation.translators.join(", ")) }))
            (row("Original language", html! { (languages.join(", ")) }))
            @if let Some(e) = &d.citation.edition {
                (row("Printed in", html! {
                    i { (e.title) }
                    @if let Some(n) = &e.number { ", Document " (n) }
                    @let issued: Vec<String> = [e.publisher.clone(), e.year.map(|y| y.to_string())]
                        .into_iter().flatten().collect();
                    @let imprint = match &e.place {
                        Some(p) if !issued.is_empty() => format!("{p}: {}", issued.join(", ")),
                        Some(p) => p.clone(),
                        None => issued.join(", "),
                    };
                    @if !imprint.is_empty() { " (" (imprint) ")" }
                    @if !e.editors.is_empty() { ", edited by " (e.editors.join(", ")) }
                }))
            } @else {
                (row("Published by", html! { (d.citation.publisher.as_deref().unwrap_or("")) }))
            }
            (row("Source", html! {
                @if let Some(u) = &d.citation.url {
                    a href=(u) rel="noopener" { (u) }
                }
            }))
            (row("Contents", html! { (contents.join("; ")) }))
            @if !d.participants.is_empty() {
                (row("Participants", html! {
                    @for (i, p) in d.participants.iter().enumerate() {
                        @if i > 0 { ", " }
                        a href=(http::person_page(&p.name)) lang=[http::script_lang(&p.name)] { (p.name) }
                        @if let Some(r) = &p.role {
                            " " span.muted { "(" (r) ")" }
                        }
                    }
                }))
            }
            (row("Recorded by", html! {
                @for (i, who) in d.recorded_by.iter().enumerate() {
                    @if i > 0 { ", " }
                    span lang=[http::script_lang(who)] { (who) }
                }
            }))
            (row("Version", html! {
                (version) " · " a href=(http::api_document(&d.id)) { "JSON" }
            }))
        }
    }
}

/// The box of citations to copy and download.
fn citation_box(d: &Document, c: &CitationParts) -> Markup {
    let base = http::doc_page(&d.id);
    html! {
        section #cite {
            h2 { "Cite this document" }
            h3 { "Chicago note" }
            p #cite-note .citation { (c.chicago_note()) }
            button.copy type="button" data-copy-target="cite-note" { "Copy" }
            h3 { "Chicago bibliography" }
            p #cite-bib .citation { (c.chicago_bibliography()) }
            button.copy type="button" data-copy-target="cite-bib" { "Copy" }
            p.downloads {
                "Download: "
                a #download-bibtex href={ (base) "/cite.bib" } { "BibTeX" }
                " · "
                a #download-ris href={ (base) "/cite.ris" } { "RIS" }
                " · "
                a #download-csl href={ (base) "/cite.json" } { "CSL-JSON" }
                " · "
                a #download-text href={ (base) "/text.txt" } { "the texts as plain text" }
                " · "
                a #download-tei href={ (base) "/tei.xml" } { "TEI P5" }
                " · "
                a #iiif-manifest href={ "/iiif/manifests/" (http::path_segment(&d.id)) } { "IIIF manifest" }
            }
        }
    }
}

/// The texts: the original beside the first translation, row by row from
/// the turn alignment when there is one, then any further translations.
fn texts(d: &Document, hl: &Highlighter, clean: bool, carried: &str) -> Markup {
    let qpart = if carried.is_empty() {
        String::new()
    } else {
        format!("&{carried}")
    };
    let base = http::doc_page(&d.id);
    let original = d.original();
    let translation = d.translations().next();
    let head = |t: Option<&Text>, class: &str, label: &str| {
        html! {
            @if let Some(t) = t {
                div class={ "cell " (class) } lang=(t.language.code()) {
                    h3 { (label) " (" (t.language.name()) ")" }
                }
            }
        }
    };
    // Each text's notes are numbered and anchored on their own.
    let asides_of = |t: &Text| {
        let i = d.texts.iter().position(|x| std::ptr::eq(x, t)).unwrap_or(0);
        render::Asides::new(format!("n{i}-"))
    };
    let whole = |t: &Text| {
        let asides = asides_of(t);
        html! {
            @for ch in render::chunks(t) {
                (render::chunk(&ch, t, clean, hl, &asides))
            }
        }
    };
    // The legend names only the marks the texts hold; without any there is
    // nothing for a clean reading text to take away.
    let mut marks: Vec<MarkKind> = Vec::new();
    for b in d.texts.iter().flat_map(|t| t.blocks()) {
        for i in &b.content {
            if let Inline::Mark(m) = i {
                if !marks.contains(&m.kind) {
                    marks.push(m.kind);
                }
            }
        }
    }
    let has = |k: MarkKind| marks.contains(&k);
    // Notes and margin headings are not taken away from a clean text.
    let editorial = marks
        .iter()
        .any(|k| !matches!(k, MarkKind::Note | MarkKind::Margin));
    html! {
        section #texts-section {
            h2.visually-hidden { "Texts" }
            p.text-tools {
                a #plain-text href={ (base) "/text.txt" } { "Plain text" }
                button #print .secondary type="button" hidden { "Print or save as PDF" }
            @if editorial {
                    @if clean {
                        a #toggle-clean href={ (base) "?clean=0" (qpart) } { "Show editorial marks" }
                        " "
                    } @else {
                        a #toggle-clean href={ (base) "?clean=1" (qpart) } { "Clean reading text" }
                        " "
                        span.legend {
                            @if has(MarkKind::Insertion) { ins.mark-insertion { "inserted" } " " }
                            @if has(MarkKind::Deletion) { del.mark-deletion { "deleted" } " " }
                            @if has(MarkKind::Supplied) { span.mark-supplied { "[supplied]" } " " }
                            @if has(MarkKind::Illegible) { span.mark-illegible { "[illegible]" } " " }
                            @if has(MarkKind::Uncertain) { span.mark-uncertain { "[?]" } " " }
                            @if has(MarkKind::Sic) { span.mark-sic { "[sic]" } }
                        }
                    }
                }
            }
            div #texts .texts.single[translation.is_none()] {
                // One text alone needs no heading over it: the line under
                // the title says what it is.
                @if translation.is_some() {
                    div.row.head {
                        (head(original, "original", "Original"))
                        (head(translation, "translation", "Translation"))
                    }
                }
                @if let (Some(alignment), Some(o), Some(t)) = (render::alignment(d), original, translation) {
                    (aligned(alignment, o, t, clean, hl, (asides_of(o), asides_of(t))))
                } @else {
                    div.row {
                        @for (t, class) in [(original, "original"), (translation, "translation")] {
                            @if let Some(t) = t {
                                div class={ "cell " (class) } lang=(t.language.code()) { (whole(t)) }
                            }
                        }
                    }
                }
            }
            // Further translations follow, whole.
            @for t in d.translations().skip(1) {
                section.more-translation lang=(t.language.code()) {
                    h3 { "Translation (" (t.language.name()) ")" }
                    (whole(t))
                }
            }
        }
    }
}

/// The front matter, then one row per aligned group of turns: a turn the
/// OCR split in two sits beside the one turn it translates.
fn aligned(
    alignment: &fonds_core::TurnAlignment,
    o: &Text,
    t: &Text,
    clean: bool,
    hl: &Highlighter,
    (ao, at): (render::Asides, render::Asides),
) -> Markup {
    let (co, ct) = (render::chunks(o), render::chunks(t));
    let cell = |chunks: &[render::Chunk], idx: &[usize], text: &Text, asides: &render::Asides| {
        html! {
            @if idx.is_empty() {
                p.gap-note {
                    "(" (if text.role == TextRole::Original { "not in the transcription" } else { "not in the translation" }) ")"
                }
            } @else {
                @for c in idx.iter().filter_map(|i| chunks.get(*i)) {
                    (render::chunk(c, text, clean, hl, asides))
                }
            }
        }
    };
    html! {
        @for (oi, ti) in std::iter::once((vec![0], vec![0])).chain(render::aligned_rows(alignment)) {
            div.row {
                div.cell.original lang=(o.language.code()) { (cell(&co, &oi, o, &ao)) }
                div.cell.translation lang=(t.language.code()) { (cell(&ct, &ti, t, &at)) }
            }
        }
    }
}

/// The editors' panel: what the reader of the record noticed.
fn diagnostics(d: &Document) -> Markup {
    if d.diagnostics.is_empty() {
        return html! {};
    }
    let warnings = d
        .diagnostics
        .iter()
        .filter(|x| x.severity >= Severity::Warning)
        .count();
    html! {
        details #diagnostics {
            summary {
                "Notes for editors (" (warnings) " warning" @if warnings != 1 { "s" } ", "
                (d.diagnostics.len() - warnings) " notes)"
            }
            ul {
                @for x in &d.diagnostics {
                    li class=(x.severity.as_str()) {
                        @match x.line.map(|l| place_of(d, l)) {
                            Some(Place { anchor: Some(a), label }) => {
                                a.note-place href={ "#" (a) } { (label) } ": "
                            }
                            Some(Place { anchor: None, label }) => { span.note-place { (label) } ": " }
                            None => {}
                        }
                        (for_readers(&x.message))
                        " " span.muted { "(" (x.code.as_str()) ")" }
                    }
                }
            }
        }
    }
}

/// Where in the page a line of the record's source is shown: the turn or
/// page it belongs to, with its anchor when the page has one.
struct Place {
    anchor: Option<String>,
    label: String,
}

fn place_of(d: &Document, line: u32) -> Place {
    // The text the line is in: the last to start at or before it.
    let text = d
        .texts
        .iter()
        .filter(|t| t.pages.first().is_some_and(|p| p.line <= line))
        .max_by_key(|t| t.pages.first().map(|p| p.line));
    let Some(t) = text else {
        return Place {
            anchor: None,
            label: "The record's header".into(),
        };
    };
    let (page_prefix, turn_suffix, part) = match t.role {
        TextRole::Original => ("p", "", "Original"),
        TextRole::Translation => ("tp", "-tr", "Translation"),
    };
    let part = format!("{part} ({})", t.language.name());
    // The turn and page the line falls in, counted as the page renders them.
    let (mut turn, mut at_page, mut at_turn) = (0usize, None, None);
    for (i, page) in t.pages.iter().enumerate() {
        if page.line > line {
            break;
        }
        at_page = Some((i, page));
        for b in &page.blocks {
            if b.line > line {
                break;
            }
            if b.kind == BlockKind::Turn && !b.continued {
                turn += 1;
            }
            at_turn = (b.kind == BlockKind::Turn).then_some((turn, b));
        }
    }
    if let Some((n, b)) = at_turn {
        let who = b.speaker.as_ref().map_or("", |s| s.name.as_str());
        return Place {
            anchor: Some(format!("t{n}{turn_suffix}")),
            label: format!("{part}, turn {n} ({who})"),
        };
    }
    match at_page {
        // A single unnumbered page is shown without a break to link to.
        Some((i, page))
            if !(t.pages.len() == 1 && page.number.is_none() && page.folio.is_none()) =>
        {
            let n = page.number.unwrap_or(i as u32 + 1);
            Place {
                anchor: Some(format!("{page_prefix}{n}")),
                label: format!("{part}, page {n}"),
            }
        }
        _ => Place {
            anchor: None,
            label: part,
        },
    }
}

/// A note's words as a reader of the page takes them: without the lines
/// of the source file ("the header (line 3) says" reads "the header
/// says"), which the page does not show, and without the markup of the
/// source they quote (`54<sup>+</sup>` reads `54+`).
fn for_readers(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find(" (line ") {
        out.push_str(&rest[..i]);
        let after = &rest[i + " (line ".len()..];
        let digits = after.chars().take_while(char::is_ascii_digit).count();
        if digits > 0 && after[digits..].starts_with(')') {
            rest = &after[digits + 1..];
        } else {
            out.push_str(" (line ");
            rest = after;
        }
    }
    out.push_str(rest);
    without_tags(&out)
}

fn without_tags(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('<') {
        out.push_str(&rest[..i]);
        let after = &rest[i + 1..];
        let tag_len = after.find('>').filter(|&j| {
            let name = after[..j].trim_start_matches('/');
            !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric())
        });
        match tag_len {
            Some(j) => rest = &after[j + 1..],
            None => {
                out.push('<');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The bar at the top of the page: back to the results and on to the next
/// one, the document's place in its collection, and the matches of the
/// search on the page.
fn doc_bar(around: &Around, matches: u32) -> Markup {
    let mut parts: Vec<Markup> = Vec::new();
    if let Some(r) = &around.results {
        parts.push(html! {
            span.bar-group {
                a #back-to-results href=(r.back(super::search::PAGE_SIZE)) { "\u{2190} Results" }
                " " span.muted { "(" (r.rank + 1) " of " (r.total) ")" }
                @if let Some(p) = &r.previous {
                    " " a #previous-result rel="prev" href=(r.link(p, r.rank - 1)) title=(p.title) { "\u{2039} Previous" span.wide-only { " result" } }
                }
                @if let Some(n) = &r.next {
                    " " a #next-result rel="next" href=(r.link(n, r.rank + 1)) title=(n.title) { "Next" span.wide-only { " result" } " \u{203a}" }
                }
            }
        });
    }
    if let Some(n) = &around.collection {
        parts.push(html! {
            span.bar-group {
                @if let Some(p) = &n.previous {
                    a #previous-document href=(http::doc_page(&p.id)) title=(p.title) { "\u{2039} Previous" }
                    " "
                }
                span.in-collection {
                    a href=(n.href) title=(n.name) { (n.name) }
                    " " span.muted { (n.at) " of " (n.total) }
                }
                @if let Some(x) = &n.next {
                    " " a #next-document href=(http::doc_page(&x.id)) title=(x.title) { "Next \u{203a}" }
                }
            }
        });
    }
    if matches > 0 {
        parts.push(html! {
            span.bar-group #matches {
                span #match-count { (matches) " match" @if matches != 1 { "es" } }
                " " a #previous-match href={ "#hit-" (matches) } title="Previous match" { "\u{2039}" }
                " " a #next-match href="#hit-1" title="Next match" { "\u{203a}" }
            }
        });
    }
    html! {
        @if !parts.is_empty() {
            nav.doc-bar aria-label="Moving around" {
                @for p in parts { (p) }
            }
        }
    }
}

/// The line under the title: the date the archive holds the document by,
/// its kind, its reference and languages, and where to read more.
fn doc_line(d: &Document) -> Markup {
    let languages: Vec<String> = d
        .texts
        .iter()
        .map(|t| match t.role {
            TextRole::Original => format!("{} original", t.language.name()),
            TextRole::Translation => format!("{} translation", t.language.name()),
        })
        .collect();
    html! {
        p.doc-line {
            @match d.date() {
                Some(x) => {
                    @let edtf = x.value.as_ref().map(|v| v.to_edtf(x.certainty));
                    (dated(&x.stated, edtf.as_deref()))
                }
                None => { "Undated" }
            }
            " · " (d.doc_type.as_str())
            @if let Some(r) = &d.citation.archival_reference {
                " · " span lang=[http::script_lang(&r.text)] { (r.text) }
            }
            @if !languages.is_empty() { " · " (languages.join(", ")) }
            " · " a.to-about href="#about" { "Description and citation" }
        }
    }
}

/// The document's contents: its pages (with folios) and turns, each a link.
fn contents(d: &Document) -> Markup {
    let Some(t) = d.original().or(d.texts.first()) else {
        return html! {};
    };
    let (page_prefix, turn_suffix) = match t.role {
        TextRole::Original => ("p", ""),
        TextRole::Translation => ("tp", "-tr"),
    };
    let chunks = render::chunks(t);
    let turns: Vec<(usize, &fonds_core::Block)> = chunks
        .iter()
        .filter(|c| c.turn > 0)
        .filter_map(|c| {
            c.items.iter().find_map(|i| match i {
                render::Item::Block(b) if b.kind == BlockKind::Turn => Some((c.turn, *b)),
                _ => None,
            })
        })
        .collect();
    let pages = if t.pages.len() > 1 { t.pages.len() } else { 0 };
    if pages == 0 && turns.is_empty() {
        return html! {};
    }
    html! {
        details #contents {
            summary {
                "Contents: "
                @if pages > 0 { (pages) " pages" }
                @if pages > 0 && !turns.is_empty() { ", " }
                @if !turns.is_empty() { (turns.len()) " turn" @if turns.len() != 1 { "s" } }
            }
            nav aria-label="Contents" {
                @if pages > 0 {
                    p.contents-pages {
                        "Pages: "
                        @for (i, page) in t.pages.iter().enumerate() {
                            @let n = page.number.unwrap_or(i as u32 + 1);
                            a href={ "#" (page_prefix) (n) } {
                                (n)
                                @if let Some(f) = &page.folio { " (f. " (f.label()) ")" }
                            }
                            " "
                        }
                    }
                }
                @if !turns.is_empty() {
                    ol.contents-turns lang=(t.language.code()) {
                        @for (n, b) in &turns {
                            li value=(n) {
                                a href={ "#t" (n) (turn_suffix) } {
                                    b { (b.speaker.as_ref().map_or("", |s| s.name.as_str())) }
                                    " " (opening_words(b, 8))
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// The first `n` words a block says, with an ellipsis when there are more.
fn opening_words(b: &fonds_core::Block, n: usize) -> String {
    let text = b.reading_text();
    let words: Vec<&str> = text.split_whitespace().take(n + 1).collect();
    if words.len() > n {
        format!("{} \u{2026}", words[..n].join(" "))
    } else {
        words.join(" ")
    }
}

/// What stands beside the texts: the scan, and the box of versions and
/// corrections.
struct Beside {
    scan: Markup,
    editing: Markup,
}

fn document_page(
    d: &Document,
    c: &CitationParts,
    hl: &Highlighter,
    clean: bool,
    around: &Around,
    version: i64,
    beside: Beside,
) -> Markup {
    let Beside { scan, editing } = beside;
    // The texts first: the bar counts the matches they mark.
    let texts = texts(d, hl, clean, &around.carried);
    let with_scan = !scan.0.is_empty();
    html! {
        article.document.with-scan[with_scan] {
            (doc_bar(around, hl.marked()))
            header.doc-head {
                h1 #title lang=[http::script_lang(&d.title)] { (d.title) }
                (doc_line(d))
                (contents(d))
            }
            div.doc-body #texts-panel {
                (texts)
                (diagnostics(d))
            }
            (scan)
            aside #about .doc-about aria-label="About this document" {
                (description(d, version))
                @if let Some(sum) = &d.summary {
                    section.summary { h2 { "Summary" } p { (sum) } }
                }
                (citation_box(d, c))
                (super::people::speakers_box(d))
                (editing)
            }
        }
    }
}
