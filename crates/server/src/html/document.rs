//! The document page (its description, citation, texts side by side, speakers
//! and the notes for editors) and its citation downloads.

use super::errors::{internal, not_found_page};
use super::frame::{layout, page};
use super::render::{self, Highlighter};
use crate::http::{self, percent_encode};
use axum::extract::{Path as UrlPath, RawQuery, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use fonds_archive::{Archive, StoredDocument};
use fonds_core::citation::format::CitationParts;
use fonds_core::{Document, Inline, MarkKind, Severity, Text, TextRole};
use maud::{html, Markup};
use std::sync::Arc;

type AppState = Arc<Archive>;

pub async fn document(
    State(archive): State<AppState>,
    UrlPath(id): UrlPath<String>,
    RawQuery(raw): RawQuery,
) -> Response {
    let pairs = http::form_pairs(raw.as_deref());
    let get = |k: &str| pairs.iter().find(|(x, _)| x == k).map(|(_, v)| v.clone());
    let stored = match stored(&archive, &id).await {
        Ok(s) => s,
        Err(page) => return page,
    };
    let clean = get("clean").is_some_and(|v| v == "1");
    let q = get("q").unwrap_or_default();
    let hl = if q.is_empty() {
        Highlighter::none()
    } else {
        Highlighter::new(&q, archive.tokenizers())
    };
    let d = &stored.document;
    let cite = CitationParts::of(d);
    let head = meta_tags(d, &cite);
    let main = document_page(d, &cite, &hl, clean, &q, stored.version);
    page(StatusCode::OK, layout(&d.title, head, "", main))
}

/// The citation's meta tags (Highwire Press and Dublin Core), which
/// reference managers read, and the link to the document's JSON.
/// The stored document `id`, or the page that says why there is none.
async fn stored(archive: &Archive, id: &str) -> Result<StoredDocument, Response> {
    match archive.document(id).await {
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
                (row("Classification", html! { (cl.text) }))
            }
            @if let Some(r) = &d.citation.archival_reference {
                (row("Archive", html! {
                    @if let Some(x) = &r.repository {
                        a href={ "/archive/" (http::path_segment(x)) } { (x) }
                    }
                }))
                (row("Reference", html! { (r.text) }))
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
                        a href=(http::person_page(&p.name)) { (p.name) }
                        @if let Some(r) = &p.role {
                            " " span.muted { "(" (r) ")" }
                        }
                    }
                }))
            }
            (row("Recorded by", html! { (d.recorded_by.join(", ")) }))
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
            }
        }
    }
}

/// The texts: the original beside the first translation, row by row from
/// the turn alignment when there is one, then any further translations.
fn texts(d: &Document, hl: &Highlighter, clean: bool, q: &str) -> Markup {
    let qpart = if q.is_empty() {
        String::new()
    } else {
        format!("&q={}", percent_encode(q))
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
            h2 { "Texts" }
            @if editorial {
                p.text-tools {
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
                div.row.head {
                    (head(original, "original", "Original"))
                    (head(translation, "translation", "Translation"))
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
                        code { (x.code.as_str()) }
                        " "
                        @if let Some(l) = x.line { "line " (l) ": " }
                        (x.message)
                    }
                }
            }
        }
    }
}

fn document_page(
    d: &Document,
    c: &CitationParts,
    hl: &Highlighter,
    clean: bool,
    q: &str,
    version: i64,
) -> Markup {
    html! {
        article.document {
            h1 #title { (d.title) }
            (description(d, version))
            @if let Some(sum) = &d.summary {
                section.summary { h2 { "Summary" } p { (sum) } }
            }
            (citation_box(d, c))
            (texts(d, hl, clean, q))
            (super::people::speakers_box(d))
            (diagnostics(d))
        }
    }
}

/// Citation downloads: BibTeX, RIS, CSL-JSON.
pub async fn citation(
    State(archive): State<AppState>,
    UrlPath((id, format)): UrlPath<(String, String)>,
) -> Response {
    let stored = match stored(&archive, &id).await {
        Ok(s) => s,
        Err(page) => return page,
    };
    let c = CitationParts::of(&stored.document);
    let (content_type, ext, body) = match format.as_str() {
        "cite.bib" => ("application/x-bibtex; charset=utf-8", "bib", c.bibtex()),
        "cite.ris" => (
            "application/x-research-info-systems; charset=utf-8",
            "ris",
            c.ris(),
        ),
        "cite.json" => (
            "application/vnd.citationstyles.csl+json; charset=utf-8",
            "json",
            crate::wire::csl_json(&c).to_string(),
        ),
        _ => return not_found_page("There is no such citation format."),
    };
    let disposition = format!(
        "attachment; filename=\"{}.{ext}\"",
        id.chars()
            .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
            .collect::<String>()
    );
    (
        StatusCode::OK,
        [
            (header::CONTENT_TYPE, content_type.to_string()),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        body,
    )
        .into_response()
}
