//! The reader: HTML pages rendered on the server, usable without JavaScript.
//!
//! Every page is built from escaped text and the document's parsed structure.
//! The Content-Security-Policy allows scripts and styles only from this
//! server's `/static/`, so nothing in a record can run.

mod people;
mod render;

use crate::http::{self, escape as esc, form_pairs, percent_encode};
use crate::persons::{self, Lookup};
use axum::extract::{Path as UrlPath, RawQuery, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use fonds_archive::{Archive, SearchPage, Sort};
use fonds_core::cite::CitationParts;
use fonds_core::{Document, Severity};
use fonds_search::SearchRequest;
use render::Highlighter;
use std::fmt::Write as _;
use std::sync::Arc;

type AppState = Arc<Archive>;

pub(crate) const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
const PAGE_SIZE: usize = 20;
/// The facets a visitor can filter by: (URL parameter, query field, heading).
const FILTERS: [(&str, &str, &str); 6] = [
    ("lang", "lang", "Language"),
    ("repo", "repo", "Archive"),
    ("type", "type", "Document type"),
    ("person", "person", "Person"),
    ("year", "year", "Year"),
    ("collection", "collection", "Collection"),
];

pub const CSS: &str = include_str!("../../static/fonds.css");
pub const JS: &str = include_str!("../../static/fonds.js");

/// An HTML answer with the security headers every page carries.
pub fn page(status: StatusCode, body: String) -> Response {
    let mut r = (
        status,
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        body,
    )
        .into_response();
    let h = r.headers_mut();
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CSP),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("same-origin"),
    );
    r
}

/// The frame of every page.
fn layout(title: &str, head_extra: &str, q: &str, main: &str) -> String {
    format!(
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
<title>{title} · fonds</title><link rel=\"stylesheet\" href=\"/static/fonds.css\">{head_extra}<script src=\"/static/fonds.js\" defer></script></head>\
<body><a class=\"skip\" href=\"#main\">Skip to content</a><header class=\"site\"><a class=\"brand\" href=\"/\">fonds</a>\
<form class=\"site-search\" action=\"/search\" method=\"get\" role=\"search\"><label class=\"visually-hidden\" for=\"site-q\">Search the archive</label>\
<input id=\"site-q\" name=\"q\" type=\"search\" value=\"{q}\" placeholder=\"Search: Mikoyan, Микоян, &quot;Ким Ир Сен&quot;, fond:5446\"><button type=\"submit\">Search</button></form></header>\
<main id=\"main\">{main}</main><footer class=\"site\"><a href=\"/api/openapi.json\">API</a> · fonds</footer></body></html>",
        title = esc(title),
        q = esc(q),
    )
}

fn url_with(pairs: &[(String, String)]) -> String {
    format!("/search?{}", http::query_string(pairs))
}

/// A query value for a field: quoted when it has spaces or quotes.
fn field_value(v: &str) -> String {
    if v.chars()
        .all(|c| c.is_alphanumeric() || c == '-' || c == '.')
    {
        v.to_string()
    } else {
        format!("\"{}\"", v.replace('"', " "))
    }
}

fn not_found_page(what: &str) -> Response {
    let main = format!(
        "<h1>Not found</h1><p>{}</p><p><a href=\"/\">Back to the archive</a></p>",
        esc(what)
    );
    page(StatusCode::NOT_FOUND, layout("Not found", "", "", &main))
}

fn bad_request_page(q: &str, why: &str) -> Response {
    let main = format!(
        "<h1>That search could not be read</h1><p class=\"error\">{}</p><p>The query was <code>{}</code>. See the query language in the <a href=\"/help\">help</a>.</p>",
        esc(why),
        esc(q)
    );
    page(
        StatusCode::BAD_REQUEST,
        layout("Search error", "", q, &main),
    )
}

fn internal(e: impl std::fmt::Display) -> Response {
    eprintln!("fonds serve: internal error: {e}");
    page(
        StatusCode::INTERNAL_SERVER_ERROR,
        layout(
            "Error",
            "",
            "",
            "<h1>Something went wrong</h1><p>The server could not complete the request.</p>",
        ),
    )
}

/// The page for an error answer outside the handlers (limits, timeouts,
/// requests the router refuses): a title from the status and the message.
pub(crate) fn error_html(status: StatusCode, message: &str) -> String {
    let title = status.canonical_reason().unwrap_or("Error");
    let main = format!(
        "<h1>{}</h1><p>{}</p><p><a href=\"/\">Back to the archive</a></p>",
        esc(title),
        esc(message)
    );
    layout(title, "", "", &main)
}

pub async fn not_found() -> Response {
    not_found_page("There is no page at this address.")
}

fn facet_list(name: &str, values: &[(String, u64)], href: impl Fn(&str) -> String) -> String {
    let mut out = format!("<ul class=\"facet\" data-facet=\"{name}\">");
    for (v, n) in values {
        let _ = write!(
            out,
            "<li><a href=\"{}\">{}</a> <span class=\"count\">{n}</span></li>",
            esc(&href(v)),
            esc(v)
        );
    }
    out.push_str("</ul>");
    out
}

pub async fn home(State(archive): State<AppState>) -> Response {
    let req = SearchRequest {
        limit: 1,
        facets: true,
        ..SearchRequest::default()
    };
    let page_ = match archive.search("*", &req).await {
        Ok(p) => p,
        Err(e) => return internal(e),
    };
    let f = page_.facets.unwrap_or_default();
    let mut decades: Vec<(String, u64)> = Vec::new();
    for (y, n) in &f.year {
        let d = format!("{}0s", &y[..y.len().saturating_sub(1)]);
        match decades.iter_mut().find(|(x, _)| *x == d) {
            Some(e) => e.1 += n,
            None => decades.push((d, *n)),
        }
    }
    fn search(field: &'static str) -> impl Fn(&str) -> String {
        move |v: &str| url_with(&[("q".into(), "*".into()), (field.into(), v.into())])
    }
    let mut main = format!(
        "<h1>An archive of translated historical documents</h1><p class=\"lead\">{} documents: originals beside their translations, with their archival references.</p>\
<form id=\"search\" class=\"big-search\" action=\"/search\" method=\"get\" role=\"search\"><label for=\"home-q\">Search in any script</label>\
<input id=\"home-q\" name=\"q\" type=\"search\" placeholder=\"Mikoyan, Микоян, &quot;Ким Ир Сен&quot;, fond:5446, date:1956-09..1956-12\" autofocus>\
<button type=\"submit\">Search</button></form><section id=\"browse\"><h2>Browse</h2><div class=\"browse-grid\">",
        page_.total
    );
    let _ = write!(
        main,
        "<section><h3>Archives</h3>{}</section>",
        facet_list("repo", &f.repo, |v| format!(
            "/archive/{}",
            percent_encode(v)
        ))
    );
    let _ = write!(
        main,
        "<section><h3>Decades</h3>{}</section>",
        facet_list("decade", &decades, |d| {
            let start = &d[..4];
            let end = format!("{}9", &d[..3]);
            url_with(&[
                ("q".into(), "*".into()),
                ("from".into(), start.into()),
                ("to".into(), end),
            ])
        })
    );
    let _ = write!(
        main,
        "<section><h3>Languages</h3>{}</section>",
        facet_list("lang", &f.lang, search("lang"))
    );
    let _ = write!(
        main,
        "<section><h3>Document types</h3>{}</section>",
        facet_list("type", &f.doc_type, search("type"))
    );
    let _ = write!(
        main,
        "<section><h3>Collections</h3>{}</section>",
        facet_list("collection", &f.collection, |v| format!(
            "/collection/{}",
            percent_encode(v)
        ))
    );
    let _ = write!(
        main,
        "<section><h3><a href=\"/people\">People</a></h3>{}</section>",
        facet_list("person", &f.person, |v| format!(
            "/person/{}",
            percent_encode(v)
        ))
    );
    main.push_str("</div></section><section id=\"recent\"><h2>Recent additions</h2><ul>");
    match archive.store().recent(10).await {
        Ok(recent) => {
            for (id, title, at) in recent {
                let _ = write!(
                    main,
                    "<li><a href=\"/doc/{}\">{}</a> <span class=\"muted\">{}</span></li>",
                    percent_encode(&id),
                    esc(&title),
                    esc(&at[..10.min(at.len())])
                );
            }
        }
        Err(e) => return internal(e),
    }
    main.push_str("</ul></section>");
    page(StatusCode::OK, layout("Home", "", "", &main))
}

/// The search and its filters, read from the query string.
struct SearchForm {
    q: String,
    filters: Vec<(String, String)>,
    from: String,
    to: String,
    sort: String,
    page: usize,
}

impl SearchForm {
    fn read(pairs: &[(String, String)]) -> SearchForm {
        let get = |k: &str| {
            pairs
                .iter()
                .find(|(x, _)| x == k)
                .map(|(_, v)| v.trim().to_string())
                .unwrap_or_default()
        };
        SearchForm {
            q: get("q"),
            filters: pairs
                .iter()
                .filter(|(k, v)| FILTERS.iter().any(|f| f.0 == k) && !v.is_empty())
                .cloned()
                .collect(),
            from: get("from"),
            to: get("to"),
            sort: get("sort"),
            page: get("page").parse().unwrap_or(1).max(1),
        }
    }

    /// The fonds query the form stands for.
    fn query(&self) -> String {
        let mut parts = vec![if self.q.is_empty() {
            "*".to_string()
        } else {
            format!("({})", self.q)
        }];
        for (param, field, _) in FILTERS {
            let values: Vec<String> = self
                .filters
                .iter()
                .filter(|(k, _)| k == param)
                .map(|(_, v)| format!("{field}:{}", field_value(v)))
                .collect();
            match values.len() {
                0 => {}
                1 => parts.push(values[0].clone()),
                _ => parts.push(format!("({})", values.join(" OR "))),
            }
        }
        if !self.from.is_empty() || !self.to.is_empty() {
            parts.push(format!("date:{}..{}", self.from, self.to));
        }
        parts.join(" ")
    }

    fn pairs(&self) -> Vec<(String, String)> {
        let mut v = vec![("q".to_string(), self.q.clone())];
        v.extend(self.filters.iter().cloned());
        for (k, x) in [("from", &self.from), ("to", &self.to), ("sort", &self.sort)] {
            if !x.is_empty() {
                v.push((k.to_string(), x.clone()));
            }
        }
        v
    }
}

pub async fn search(State(archive): State<AppState>, RawQuery(raw): RawQuery) -> Response {
    let form = SearchForm::read(&form_pairs(raw.as_deref()));
    let sort = match form.sort.as_str() {
        "date" => Sort::DateAscending,
        "-date" => Sort::DateDescending,
        _ => Sort::Relevance,
    };
    let offset = (form.page - 1) * PAGE_SIZE;
    if offset > crate::MAX_OFFSET {
        return bad_request_page(
            &form.q,
            &format!(
                "pages beyond result {} cannot be shown; narrow the search",
                crate::MAX_OFFSET
            ),
        );
    }
    let req = SearchRequest {
        limit: PAGE_SIZE,
        offset,
        sort,
        facets: true,
    };
    let query = form.query();
    let results = match archive.search(&query, &req).await {
        Ok(r) => r,
        Err(fonds_archive::ArchiveError::Query(e)) => {
            return bad_request_page(&form.q, &e.to_string())
        }
        Err(e) => return internal(e),
    };
    page(
        StatusCode::OK,
        layout(
            &format!(
                "{} — search",
                if form.q.is_empty() {
                    "All documents"
                } else {
                    &form.q
                }
            ),
            "",
            &form.q,
            &results_html(&form, &results),
        ),
    )
}

fn results_html(form: &SearchForm, r: &SearchPage) -> String {
    let mut s = String::new();
    let _ = write!(
        s,
        "<form id=\"refine\" class=\"refine\" action=\"/search\" method=\"get\"><input type=\"hidden\" name=\"q\" value=\"{}\">",
        esc(&form.q)
    );
    for (k, v) in &form.filters {
        let _ = write!(
            s,
            "<input type=\"hidden\" name=\"{}\" value=\"{}\">",
            esc(k),
            esc(v)
        );
    }
    let sel = |x: &str| if form.sort == x { " selected" } else { "" };
    let _ = write!(
        s,
        "<label>From year <input name=\"from\" inputmode=\"numeric\" size=\"5\" value=\"{}\"></label> <label>to <input name=\"to\" inputmode=\"numeric\" size=\"5\" value=\"{}\"></label> \
<label>Sort <select name=\"sort\"><option value=\"relevance\"{}>relevance</option><option value=\"date\"{}>oldest first</option><option value=\"-date\"{}>newest first</option></select></label> <button type=\"submit\">Apply</button></form>",
        esc(&form.from),
        esc(&form.to),
        sel("relevance"),
        sel("date"),
        sel("-date")
    );
    s.push_str("<div class=\"results-layout\"><nav id=\"facets\" aria-label=\"Filters\">");
    if let Some(f) = &r.facets {
        for (param, _, heading) in FILTERS {
            let values = match param {
                "lang" => &f.lang,
                "repo" => &f.repo,
                "type" => &f.doc_type,
                "person" => &f.person,
                "collection" => &f.collection,
                _ => &f.year,
            };
            if values.is_empty() {
                continue;
            }
            let _ = write!(
                s,
                "<section class=\"facet\" data-facet=\"{param}\"><h2>{heading}</h2><ul>"
            );
            for (v, n) in values {
                let selected = form.filters.iter().any(|(k, x)| k == param && x == v);
                let mut pairs = form.pairs();
                if selected {
                    pairs.retain(|(k, x)| !(k == param && x == v));
                } else {
                    pairs.push((param.to_string(), v.clone()));
                }
                let _ = write!(
                    s,
                    "<li><a class=\"facet-value{}\" href=\"{}\"{}>{}</a> <span class=\"count\">{n}</span></li>",
                    if selected { " selected" } else { "" },
                    esc(&url_with(&pairs)),
                    if selected { " aria-current=\"true\"" } else { "" },
                    esc(v)
                );
            }
            s.push_str("</ul></section>");
        }
    }
    let _ = write!(s, "</nav><section class=\"results\"><p id=\"results-count\">{} document{}</p><ol id=\"results\" start=\"{}\">", r.total, if r.total == 1 { "" } else { "s" }, (form.page - 1) * PAGE_SIZE + 1);
    for hit in &r.hits {
        let d = &hit.document;
        let date = d
            .date()
            .map(|x| x.stated.clone())
            .unwrap_or_else(|| "undated".into());
        let reference = d
            .citation
            .archival_reference
            .as_ref()
            .map(|x| x.text.clone())
            .unwrap_or_default();
        let _ = write!(
            s,
            "<li class=\"hit\"><a class=\"hit-title\" href=\"/doc/{}?q={}\">{}</a><div class=\"hit-meta\">{} · {} · {}</div>",
            percent_encode(&d.id),
            percent_encode(if form.q.is_empty() { "*" } else { &form.q }),
            esc(&d.title),
            esc(&date),
            esc(d.doc_type.as_str()),
            esc(&reference)
        );
        for sn in &hit.snippets {
            let part = match sn.part {
                fonds_core::Part::Original => format!("Original ({})", sn.language),
                fonds_core::Part::Translation => format!("Translation ({})", sn.language),
                p => capitalise(p.as_str()),
            };
            let label = match turn_anchor(sn) {
                Some(anchor) => format!(
                    "<a href=\"/doc/{}#{anchor}\">{}, turn {}</a>",
                    percent_encode(&d.id),
                    esc(&part),
                    sn.turn.map_or(0, |t| t + 1)
                ),
                None => esc(&part),
            };
            let _ = write!(
                s,
                "<p class=\"snippet\"><span class=\"snippet-part\">{label}</span> {}</p>",
                http::snippet_html(sn)
            );
        }
        s.push_str("</li>");
    }
    s.push_str("</ol>");
    let pages = r.total.div_ceil(PAGE_SIZE).max(1);
    s.push_str("<nav class=\"pagination\" aria-label=\"Pages\">");
    let link = |p: usize| {
        let mut pairs = form.pairs();
        pairs.push(("page".into(), p.to_string()));
        esc(&url_with(&pairs))
    };
    if form.page > 1 {
        let _ = write!(
            s,
            "<a rel=\"prev\" href=\"{}\">Previous</a> ",
            link(form.page - 1)
        );
    }
    let _ = write!(s, "<span>page {} of {pages}</span>", form.page);
    if form.page < pages {
        let _ = write!(
            s,
            " <a rel=\"next\" href=\"{}\">Next</a>",
            link(form.page + 1)
        );
    }
    s.push_str("</nav></section></div>");
    s
}

/// The reader's anchor of a snippet's turn (`t5`, `t5-tr` in a
/// translation), for a snippet of what a speaker said.
fn turn_anchor(s: &fonds_search::Snippet) -> Option<String> {
    let suffix = if s.part == fonds_core::Part::Translation {
        "-tr"
    } else {
        ""
    };
    s.turn.map(|t| format!("t{}{suffix}", t + 1))
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next().map_or(String::new(), |f| {
        f.to_uppercase().collect::<String>() + c.as_str()
    })
}

pub async fn document(
    State(archive): State<AppState>,
    UrlPath(id): UrlPath<String>,
    RawQuery(raw): RawQuery,
) -> Response {
    let pairs = form_pairs(raw.as_deref());
    let get = |k: &str| pairs.iter().find(|(x, _)| x == k).map(|(_, v)| v.clone());
    let stored = match archive.document(&id).await {
        Ok(Some(s)) => s,
        Ok(None) => {
            return not_found_page(&format!(
                "There is no document with the id \u{201c}{id}\u{201d}."
            ))
        }
        Err(e) => return internal(e),
    };
    let clean = get("clean").is_some_and(|v| v == "1");
    let q = get("q").unwrap_or_default();
    let hl = if q.is_empty() {
        Highlighter::none()
    } else {
        Highlighter::new(&q, archive.index().index_tokenizers())
    };
    let d = &stored.document;
    let cite = CitationParts::of(d);
    let head = meta_tags(d, &cite);
    let main = document_html(d, &cite, &hl, clean, &q, stored.version);
    page(StatusCode::OK, layout(&d.title, &head, "", &main))
}

fn meta_tags(d: &Document, c: &CitationParts) -> String {
    let mut m = String::new();
    let mut tag = |name: &str, value: &str| {
        let _ = write!(m, "<meta name=\"{name}\" content=\"{}\">", esc(value));
    };
    tag("citation_title", &d.title);
    if let Some((y, mo, da)) = c.date {
        let date = match (mo, da) {
            (Some(mo), Some(da)) => format!("{y:04}/{mo:02}/{da:02}"),
            (Some(mo), None) => format!("{y:04}/{mo:02}"),
            _ => format!("{y:04}"),
        };
        tag("citation_date", &date);
        tag("citation_publication_date", &date);
    }
    for t in &c.translators {
        tag("citation_translator", t);
    }
    if let Some(p) = &c.publisher {
        tag("citation_publisher", p);
    }
    if let Some(a) = &c.archive {
        tag("citation_archive", a);
        tag(
            "DC.source",
            &format!("{a}, {}", c.archive_location.clone().unwrap_or_default()),
        );
    }
    if let Some(l) = &c.archive_location {
        tag("citation_archive_location", l);
    }
    if let Some(u) = &c.url {
        tag("citation_public_url", u);
    }
    if let Some(l) = d.original_languages.first() {
        tag("citation_language", l.code());
    }
    if let Some(s) = &d.summary {
        tag("description", s);
    }
    let _ = write!(
        m,
        "<link rel=\"alternate\" type=\"application/json\" href=\"/api/documents/{}\">",
        percent_encode(&d.id)
    );
    m
}

fn document_html(
    d: &Document,
    c: &CitationParts,
    hl: &Highlighter,
    clean: bool,
    q: &str,
    version: i64,
) -> String {
    let mut s = String::new();
    let _ = write!(
        s,
        "<article class=\"document\"><h1 id=\"title\">{}</h1><dl id=\"meta\">",
        esc(&d.title)
    );
    let mut row = |k: &str, v: String| {
        if !v.is_empty() {
            let _ = write!(s, "<div><dt>{k}</dt><dd>{v}</dd></div>");
        }
    };
    let dates: Vec<String> = d
        .dates
        .iter()
        .map(|x| {
            let edtf = x
                .value
                .as_ref()
                .map(|v| v.to_edtf(x.certainty))
                .unwrap_or_default();
            format!(
                "{} <span class=\"muted\">({}; {})</span>",
                esc(&x.stated),
                esc(&edtf),
                esc(x.source.part.as_str())
            )
        })
        .collect();
    row("Date", dates.join("<br>"));
    row("Type", esc(d.doc_type.as_str()));
    if let Some(cl) = &d.classification {
        row("Classification", esc(&cl.text));
    }
    if let Some(r) = &d.citation.archival_reference {
        let repo = r.repository.as_ref().map_or(String::new(), |x| {
            format!("<a href=\"/archive/{}\">{}</a>", percent_encode(x), esc(x))
        });
        row("Archive", repo);
        row("Reference", esc(&r.text));
    }
    row("Translated by", esc(&d.citation.translators.join(", ")));
    row(
        "Original language",
        esc(&d
            .original_languages
            .iter()
            .map(|l| l.name())
            .collect::<Vec<_>>()
            .join(", ")),
    );
    row(
        "Published by",
        esc(d.citation.publisher.as_deref().unwrap_or("")),
    );
    row(
        "Source",
        d.citation.url.as_ref().map_or(String::new(), |u| {
            format!("<a href=\"{}\" rel=\"noopener\">{}</a>", esc(u), esc(u))
        }),
    );
    row(
        "Contents",
        esc(&d
            .contents
            .iter()
            .map(|c| c.label.as_str())
            .collect::<Vec<_>>()
            .join("; ")),
    );
    if !d.participants.is_empty() {
        let people: Vec<String> = d
            .participants
            .iter()
            .map(|p| {
                let role = p.role.as_ref().map_or(String::new(), |r| {
                    format!(" <span class=\"muted\">({})</span>", esc(r))
                });
                format!(
                    "<a href=\"/person/{}\">{}</a>{role}",
                    percent_encode(&p.name),
                    esc(&p.name)
                )
            })
            .collect();
        row("Participants", people.join(", "));
    }
    row("Recorded by", esc(&d.recorded_by.join(", ")));
    row(
        "Version",
        format!(
            "{version} · <a href=\"/api/documents/{}\">JSON</a>",
            percent_encode(&d.id)
        ),
    );
    s.push_str("</dl>");
    if let Some(sum) = &d.summary {
        let _ = write!(
            s,
            "<section class=\"summary\"><h2>Summary</h2><p>{}</p></section>",
            esc(sum)
        );
    }
    // The citation box.
    let id = percent_encode(&d.id);
    let _ = write!(
        s,
        "<section id=\"cite\"><h2>Cite this document</h2><h3>Chicago note</h3><p id=\"cite-note\" class=\"citation\">{}</p><button class=\"copy\" type=\"button\" data-copy-target=\"cite-note\">Copy</button>\
<h3>Chicago bibliography</h3><p id=\"cite-bib\" class=\"citation\">{}</p><button class=\"copy\" type=\"button\" data-copy-target=\"cite-bib\">Copy</button>\
<p class=\"downloads\">Download: <a id=\"download-bibtex\" href=\"/doc/{id}/cite.bib\">BibTeX</a> · <a id=\"download-ris\" href=\"/doc/{id}/cite.ris\">RIS</a> · <a id=\"download-csl\" href=\"/doc/{id}/cite.json\">CSL-JSON</a></p></section>",
        esc(&c.chicago_note()),
        esc(&c.chicago_bibliography())
    );
    // The texts, side by side.
    let qpart = if q.is_empty() {
        String::new()
    } else {
        format!("&q={}", percent_encode(q))
    };
    let toggle = if clean {
        format!("<a id=\"toggle-clean\" href=\"/doc/{id}?clean=0{qpart}\">Show editorial marks</a>")
    } else {
        format!("<a id=\"toggle-clean\" href=\"/doc/{id}?clean=1{qpart}\">Clean reading text</a>")
    };
    let legend = "<span class=\"legend\"><ins class=\"mark-insertion\">inserted</ins> <del class=\"mark-deletion\">deleted</del> <span class=\"mark-supplied\">[supplied]</span> <span class=\"mark-illegible\">[illegible]</span> <span class=\"mark-uncertain\">[?]</span></span>";
    let _ = write!(
        s,
        "<section id=\"texts-section\"><h2>Texts</h2><p class=\"text-tools\">{toggle} {}</p>",
        if clean { "" } else { legend }
    );
    let original = d.original();
    let translation = d.translations().next();
    let head = |t: Option<&fonds_core::Text>, class: &str, label: &str| {
        t.map_or(String::new(), |t| {
            format!(
                "<div class=\"cell {class}\" lang=\"{}\"><h3>{label} ({})</h3></div>",
                t.language.code(),
                t.language.name()
            )
        })
    };
    let _ = write!(
        s,
        "<div id=\"texts\" class=\"texts\"><div class=\"row head\">{}{}</div>",
        head(original, "original", "Original"),
        head(translation, "translation", "Translation")
    );
    if let (Some(alignment), Some(o), Some(t)) = (render::alignment(d), original, translation) {
        let (co, ct) = (render::chunks(o), render::chunks(t));
        let cell = |chunks: &[render::Chunk], idx: &[usize], text: &fonds_core::Text| -> String {
            if idx.is_empty() {
                let missing = if text.role == fonds_core::TextRole::Original {
                    "not in the transcription"
                } else {
                    "not in the translation"
                };
                return format!("<p class=\"gap-note\">({missing})</p>");
            }
            idx.iter()
                .filter_map(|i| chunks.get(*i))
                .map(|c| render::chunk(c, text, clean, hl))
                .collect()
        };
        // The front matter, then one row per aligned group of turns: a turn
        // the OCR split in two sits beside the one turn it translates.
        for (oi, ti) in std::iter::once((vec![0], vec![0])).chain(render::aligned_rows(alignment)) {
            let _ = write!(
                s,
                "<div class=\"row\"><div class=\"cell original\" lang=\"{}\">{}</div><div class=\"cell translation\" lang=\"{}\">{}</div></div>",
                o.language.code(),
                cell(&co, &oi, o),
                t.language.code(),
                cell(&ct, &ti, t)
            );
        }
    } else {
        s.push_str("<div class=\"row\">");
        for (t, class) in [(original, "original"), (translation, "translation")] {
            let Some(t) = t else { continue };
            let _ = write!(
                s,
                "<div class=\"cell {class}\" lang=\"{}\">",
                t.language.code()
            );
            for ch in render::chunks(t) {
                s.push_str(&render::chunk(&ch, t, clean, hl));
            }
            s.push_str("</div>");
        }
        s.push_str("</div>");
    }
    s.push_str("</div>");
    // Further translations follow, whole.
    for t in d.translations().skip(1) {
        let _ = write!(
            s,
            "<section class=\"more-translation\" lang=\"{}\"><h3>Translation ({})</h3>",
            t.language.code(),
            t.language.name()
        );
        for ch in render::chunks(t) {
            s.push_str(&render::chunk(&ch, t, clean, hl));
        }
        s.push_str("</section>");
    }
    s.push_str("</section>");
    s.push_str(&people::speakers_box(d));
    // The editors' panel.
    let count = d
        .diagnostics
        .iter()
        .filter(|x| x.severity >= Severity::Warning)
        .count();
    let _ = write!(s, "<details id=\"diagnostics\"><summary>Notes for editors ({} warning{}, {} notes)</summary><ul>", count, if count == 1 { "" } else { "s" }, d.diagnostics.len() - count);
    for x in &d.diagnostics {
        let at = x.line.map_or(String::new(), |l| format!("line {l}: "));
        let _ = write!(
            s,
            "<li class=\"{}\"><code>{}</code> {}{}</li>",
            x.severity.as_str(),
            x.code.as_str(),
            at,
            esc(&x.message)
        );
    }
    s.push_str("</ul></details></article>");
    s
}

/// Citation downloads: BibTeX, RIS, CSL-JSON.
pub async fn citation(
    State(archive): State<AppState>,
    UrlPath((id, format)): UrlPath<(String, String)>,
) -> Response {
    let stored = match archive.document(&id).await {
        Ok(Some(s)) => s,
        Ok(None) => {
            return not_found_page(&format!(
                "There is no document with the id \u{201c}{id}\u{201d}."
            ))
        }
        Err(e) => return internal(e),
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

/// A list page: the documents a query finds, oldest first.
async fn listing(archive: &Archive, title: &str, intro: &str, query: &str) -> Response {
    let req = SearchRequest {
        limit: 100,
        sort: Sort::DateAscending,
        facets: true,
        ..SearchRequest::default()
    };
    let r = match archive.search(query, &req).await {
        Ok(r) => r,
        Err(fonds_archive::ArchiveError::Query(e)) => {
            return bad_request_page(query, &e.to_string())
        }
        Err(e) => return internal(e),
    };
    if r.total == 0 {
        return not_found_page(&format!("The archive holds no documents for {title}."));
    }
    let mut s = format!(
        "<h1>{}</h1><p class=\"lead\">{} · {} document{}</p>",
        esc(title),
        intro,
        r.total,
        if r.total == 1 { "" } else { "s" }
    );
    if let Some(f) = &r.facets {
        let years: Vec<String> = f
            .year
            .iter()
            .map(|(y, n)| format!("{} ({n})", esc(y)))
            .collect();
        let _ = write!(s, "<p class=\"timeline\">By year: {}</p>", years.join(", "));
        let people: Vec<String> = f
            .person
            .iter()
            .take(15)
            .map(|(p, n)| {
                format!(
                    "<a href=\"/person/{}\">{}</a> ({n})",
                    percent_encode(p),
                    esc(p)
                )
            })
            .collect();
        let _ = write!(s, "<p>People: {}</p>", people.join(", "));
    }
    s.push_str("<ol id=\"results\">");
    for hit in &r.hits {
        let d = &hit.document;
        let date = d
            .date()
            .map(|x| x.stated.clone())
            .unwrap_or_else(|| "undated".into());
        let _ = write!(s, "<li class=\"hit\"><a class=\"hit-title\" href=\"/doc/{}\">{}</a> <span class=\"muted\">{}</span></li>", percent_encode(&d.id), esc(&d.title), esc(&date));
    }
    s.push_str("</ol>");
    let more = url_with(&[("q".into(), query.into())]);
    let _ = write!(
        s,
        "<p><a href=\"{}\">Search within these documents</a></p>",
        esc(&more)
    );
    page(StatusCode::OK, layout(title, "", "", &s))
}

/// The persons of the archive and their network.
pub async fn people(State(archive): State<AppState>) -> Response {
    let loaded = async {
        Ok::<_, fonds_archive::ArchiveError>((
            archive.network(40).await?,
            archive.persons(100, 0).await?,
            archive.count_persons().await?,
        ))
    };
    match loaded.await {
        Ok((net, rows, total)) => people::people_page(&net, &rows, total),
        Err(e) => internal(e),
    }
}

/// A person's page, with a page (`?page=`) of their documents; a name no
/// person record holds yet gets the documents that name it.
pub async fn person(
    State(archive): State<AppState>,
    UrlPath(name): UrlPath<String>,
    RawQuery(raw): RawQuery,
) -> Response {
    let page: usize = form_pairs(raw.as_deref())
        .into_iter()
        .find(|(k, _)| k == "page")
        .and_then(|(_, v)| v.parse().ok())
        .filter(|&p| p >= 1)
        .unwrap_or(1);
    let offset = (page - 1) * people::PERSON_PAGE;
    if offset > crate::MAX_OFFSET {
        return bad_request_page(
            &format!("person:\"{name}\""),
            &format!(
                "page {page} is past the last one a person page shows (documents up to number {}); search the person's documents to narrow them",
                crate::MAX_OFFSET
            ),
        );
    }
    match persons::lookup(&archive, &name, offset, people::PERSON_PAGE).await {
        Ok(Lookup::Found(p)) => people::person_page(&p),
        // An id a rename or a merge took away sends its readers on.
        Ok(Lookup::Moved(id)) => http::redirect(&http::person_page(&id), raw.as_deref()),
        Ok(Lookup::Unknown) => {
            listing(
                &archive,
                &name,
                "Person",
                &format!("person:{}", field_value(&name)),
            )
            .await
        }
        Err(e) => internal(e),
    }
}

pub async fn collection(
    State(archive): State<AppState>,
    UrlPath(name): UrlPath<String>,
) -> Response {
    listing(
        &archive,
        &name,
        "Collection",
        &format!("collection:{}", field_value(&name)),
    )
    .await
}

pub async fn repository(
    State(archive): State<AppState>,
    UrlPath(name): UrlPath<String>,
) -> Response {
    listing(
        &archive,
        &name,
        "Archive",
        &format!("repo:{}", field_value(&name)),
    )
    .await
}

pub async fn help() -> Response {
    let main = "<h1>Searching the archive</h1><p>Type words in any script: <code>Mikoyan</code> finds Микоян too. Put phrases in quotes: <code>\"Ким Ир Сен\"</code>. \
Combine with <code>AND</code>, <code>OR</code>, <code>NOT</code> and parentheses. Search one part with a field: <code>speaker:Mikoyan</code>, <code>title:plenum</code>, \
<code>original:терпение</code>, <code>translation:patience</code>, <code>lang:ru</code>, <code>repo:GARF</code>, <code>fond:5446</code>, <code>type:telegram</code>, \
<code>date:1956-09..1956-12</code>. For noisy transcriptions, <code>Mikoyn~</code> finds words one letter away and <code>Mikoy*</code> words that begin so.</p>";
    page(StatusCode::OK, layout("Help", "", "", main))
}

pub async fn static_css() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        CSS,
    )
        .into_response()
}

pub async fn static_js() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        JS,
    )
        .into_response()
}
