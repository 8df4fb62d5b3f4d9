//! Downloads from the reader: a document's citation (BibTeX, RIS, CSL-JSON)
//! and its texts as plain text; a list of results as CSV, RIS or BibTeX
//! for a spreadsheet or a reference manager.

use super::document::stored;
use super::errors::{bad_request_page, internal, not_found_page};
use super::form::SearchForm;
use crate::auth::Who;
use crate::http;
use axum::extract::{Path as UrlPath, RawQuery, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use fonds_archive::Archive;
use fonds_core::citation::format::CitationParts;
use fonds_search::SearchRequest;
use std::sync::Arc;

type AppState = Arc<Archive>;

/// The most results a list download holds: each RIS or BibTeX entry reads
/// its document from the store.
pub const MAX_EXPORTED: usize = 500;

/// A file to save: its type, and a name made of `stem` and `ext`.
fn attachment(content_type: &str, stem: &str, ext: &str, body: String) -> Response {
    let stem: String = stem
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect();
    (
        StatusCode::OK,
        [
            (header::CONTENT_TYPE, content_type.to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{stem}.{ext}\""),
            ),
        ],
        body,
    )
        .into_response()
}

const BIBTEX: &str = "application/x-bibtex; charset=utf-8";
const RIS: &str = "application/x-research-info-systems; charset=utf-8";

/// A document's downloads: `cite.bib`, `cite.ris`, `cite.json` and `text.txt`.
pub async fn document_file(
    State(archive): State<AppState>,
    who: Who,
    UrlPath((id, format)): UrlPath<(String, String)>,
) -> Response {
    let stored = match stored(&archive, &who.viewer, &id).await {
        Ok(s) => s,
        Err(page) => return page,
    };
    let d = &stored.document;
    let c = CitationParts::of(d);
    match format.as_str() {
        "cite.bib" => attachment(BIBTEX, &id, "bib", c.bibtex()),
        "cite.ris" => attachment(RIS, &id, "ris", c.ris()),
        "cite.json" => attachment(
            "application/vnd.citationstyles.csl+json; charset=utf-8",
            &id,
            "json",
            crate::wire::csl_json(&c).to_string(),
        ),
        "tei.xml" => attachment(
            "application/tei+xml; charset=utf-8",
            &id,
            "xml",
            fonds_tei::write_tei(d),
        ),
        "text.txt" => attachment(
            "text/plain; charset=utf-8",
            &id,
            "txt",
            fonds_core::plain::document(d),
        ),
        "scans.pdf" => match archive.scans_pdf(&who.viewer, &id).await {
            Ok(Some(path)) => match std::fs::read(&path) {
                Ok(bytes) => {
                    let stem: String = id
                        .chars()
                        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
                        .collect();
                    (
                        StatusCode::OK,
                        [
                            (header::CONTENT_TYPE, "application/pdf".to_string()),
                            (
                                header::CONTENT_DISPOSITION,
                                format!("attachment; filename=\"{stem}-scans.pdf\""),
                            ),
                        ],
                        bytes,
                    )
                        .into_response()
                }
                Err(e) => internal(e),
            },
            Ok(None) => not_found_page("This document has no scans."),
            Err(e) => internal(e),
        },
        _ => not_found_page("There is no such download of a document."),
    }
}

/// A search's results as a file: `results.csv`, `results.ris` or
/// `results.bib`, the first `MAX_EXPORTED` in the order of the search.
pub async fn results_file(
    State(archive): State<AppState>,
    who: Who,
    UrlPath(format): UrlPath<String>,
    RawQuery(raw): RawQuery,
) -> Response {
    if !matches!(
        format.as_str(),
        "results.csv" | "results.ris" | "results.bib"
    ) {
        return not_found_page("There is no such download of results.");
    }
    let form = SearchForm::read(&http::form_pairs(raw.as_deref()));
    let query = match form.query() {
        Ok(q) => q,
        Err(why) => return bad_request_page(&form.q, &why),
    };
    let req = SearchRequest {
        limit: MAX_EXPORTED,
        sort: form.sort_order(),
        ..SearchRequest::default()
    };
    let found = match archive.search_tree(&who.viewer, query, &req).await {
        Ok(r) => r,
        Err(fonds_archive::ArchiveError::Query(e)) => {
            return bad_request_page(&form.q, &e.to_string())
        }
        Err(e) => return internal(e),
    };
    if format == "results.csv" {
        return attachment(
            "text/csv; charset=utf-8",
            "results",
            "csv",
            csv(found.hits.iter().map(|h| &h.card)),
        );
    }
    let mut out = String::new();
    for hit in &found.hits {
        let doc = match archive.document(&who.viewer, &hit.card.id).await {
            Ok(Some(s)) => s.document,
            // Gone since the search: left out.
            Ok(None) => continue,
            Err(e) => return internal(e),
        };
        let c = CitationParts::of(&doc);
        out.push_str(&if format == "results.ris" {
            c.ris()
        } else {
            c.bibtex()
        });
        out.push('\n');
    }
    if format == "results.ris" {
        attachment(RIS, "results", "ris", out)
    } else {
        attachment(BIBTEX, "results", "bib", out)
    }
}

/// The cards as CSV (RFC 4180), one row per document with its address.
fn csv<'a>(cards: impl Iterator<Item = &'a fonds_search::Card>) -> String {
    let mut out = String::from(
        "id,title,date,date_as_stated,type,archive,reference,languages,volume_number,address\r\n",
    );
    for c in cards {
        let row = [
            c.id.as_str(),
            &c.title,
            c.date
                .as_ref()
                .and_then(|d| d.edtf.as_deref())
                .unwrap_or(""),
            c.date.as_ref().map_or("", |d| d.stated.as_str()),
            &c.doc_type,
            c.repository.as_deref().unwrap_or(""),
            c.reference.as_deref().unwrap_or(""),
            &c.languages.join(" "),
            c.number.as_deref().unwrap_or(""),
            &http::doc_page(&c.id),
        ];
        let cells: Vec<String> = row.iter().map(|v| csv_cell(v)).collect();
        out.push_str(&cells.join(","));
        out.push_str("\r\n");
    }
    out
}

/// A CSV cell (RFC 4180): quoted when it must be, and with a leading
/// apostrophe when a spreadsheet would take it for a formula. The reader's
/// downloads and `fonds export --format csv` both write cells so.
pub fn csv_cell(v: &str) -> String {
    let v = if v.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{v}")
    } else {
        v.to_string()
    };
    if v.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", v.replace('"', "\"\""))
    } else {
        v
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_cells_are_quoted_and_never_formulas() {
        assert_eq!(csv_cell("plain"), "plain");
        assert_eq!(csv_cell("a, b"), "\"a, b\"");
        assert_eq!(csv_cell("say \"no\""), "\"say \"\"no\"\"\"");
        assert_eq!(csv_cell("=HYPERLINK(1)"), "'=HYPERLINK(1)");
        assert_eq!(csv_cell("-1, 2"), "\"'-1, 2\"");
    }
}
