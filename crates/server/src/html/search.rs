//! The search page: the results of a query with their snippets, the form
//! that refines it and the facets that filter it.

use super::errors::{bad_request_page, internal};
use super::form::{search_url, SearchForm, FILTERS};
use super::frame::{layout, page};
use crate::auth::Who;
use crate::http;
use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use axum::response::Response;
use fonds_archive::Viewer;
use fonds_archive::{Archive, SearchPage};
use fonds_search::SearchRequest;
use maud::{html, Markup};
use std::sync::Arc;

type AppState = Arc<Archive>;

pub(super) const PAGE_SIZE: usize = 20;

pub async fn search(
    State(archive): State<AppState>,
    who: Who,
    RawQuery(raw): RawQuery,
) -> Response {
    let form = SearchForm::read(&http::form_pairs(raw.as_deref()));
    let sort = form.sort_order();
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
    let query = match form.query() {
        Ok(q) => q,
        Err(why) => return bad_request_page(&form.q, &why),
    };
    let found = match archive.search_tree(&who.viewer, query, &req).await {
        Ok(r) => r,
        Err(fonds_archive::ArchiveError::Query(e)) => {
            return bad_request_page(&form.q, &e.to_string())
        }
        Err(e) => return internal(e),
    };
    // Nothing matches with the filters: how much the words alone find.
    let unfiltered = if found.total == 0 && form.narrowed() {
        let bare = SearchForm {
            filters: Vec::new(),
            from: String::new(),
            to: String::new(),
            ..form.clone()
        };
        match bare.query() {
            Ok(q) => archive
                .search_tree(
                    &who.viewer,
                    q,
                    &SearchRequest {
                        limit: 1,
                        ..SearchRequest::default()
                    },
                )
                .await
                .ok()
                .map(|r| (bare, r.total)),
            Err(_) => None,
        }
    } else {
        None
    };
    let suggested = if found.total == 0 {
        suggestion(&archive, &who.viewer, &form).await
    } else {
        None
    };
    let title = format!(
        "{} — search",
        if form.q.is_empty() {
            "All documents"
        } else {
            &form.q
        }
    );
    page(
        StatusCode::OK,
        layout(
            &title,
            html! {},
            &form.q,
            results(&form, &found, unfiltered, suggested),
        ),
    )
}

/// The filters in force, each with a link that takes it away, and one that
/// takes them all away.
fn active_filters(form: &SearchForm) -> Markup {
    let heading = |param: &str| {
        FILTERS
            .iter()
            .find(|f| f.0 == param)
            .map_or(param.to_string(), |f| f.2.to_string())
    };
    let without = |drop: &dyn Fn(&str, &str) -> bool| {
        let pairs: Vec<(String, String)> = form
            .pairs()
            .into_iter()
            .filter(|(k, v)| !drop(k, v))
            .collect();
        search_url(&pairs)
    };
    let years = match (form.from.as_str(), form.to.as_str()) {
        ("", "") => None,
        (from, "") => Some(format!("from {from}")),
        ("", to) => Some(format!("until {to}")),
        (from, to) => Some(format!("{from} to {to}")),
    };
    html! {
        @if form.narrowed() {
            div #active-filters role="region" aria-label="Filters in force" {
                span.label { "Filtered by:" }
                @for (k, v) in &form.filters {
                    a.active-filter href=(without(&|x, y| x == k && y == v))
                        title="Remove this filter" {
                        (heading(k)) ": " (v) span aria-hidden="true" { " ×" }
                    }
                }
                @if let Some(years) = years {
                    a.active-filter href=(without(&|x, _| x == "from" || x == "to"))
                        title="Remove this filter" {
                        "Years: " (years) span aria-hidden="true" { " ×" }
                    }
                }
                a #clear-filters href=(without(&|x, _| x != "q" && x != "sort")) { "Clear all filters" }
            }
        }
    }
}

/// What to try when nothing matches: the words without their filters, a
/// spelling forgiven by a letter, the help.
/// The search with its words spelled as the index spells them, and what it
/// finds, when a word of it is unknown to the index and a word one or two
/// letters away is known.
async fn suggestion(
    archive: &Archive,
    viewer: &Viewer,
    form: &SearchForm,
) -> Option<(SearchForm, usize)> {
    let parsed = fonds_query::parse(&form.q).ok()?;
    let mut q = form.q.clone();
    let mut changed = false;
    for word in parsed.terms().into_iter().take(fonds_query::MAX_TERMS) {
        if !word.chars().all(char::is_alphanumeric) {
            continue;
        }
        if let Some(better) = archive
            .similar_words(viewer, word, 1)
            .await
            .ok()?
            .into_iter()
            .next()
        {
            q = replace_word(&q, word, &better);
            changed = true;
        }
    }
    if !changed {
        return None;
    }
    let better = SearchForm { q, ..form.clone() };
    let req = SearchRequest {
        limit: 1,
        ..SearchRequest::default()
    };
    let n = archive
        .search_tree(viewer, better.query().ok()?, &req)
        .await
        .ok()?
        .total;
    (n > 0).then_some((better, n))
}

/// `text` with each whole word `word` (in any case) written `with`.
fn replace_word(text: &str, word: &str, with: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while !rest.is_empty() {
        let len = rest
            .find(|c: char| !c.is_alphanumeric())
            .unwrap_or(rest.len());
        if len == 0 {
            let c = rest.chars().next().expect("not empty");
            out.push(c);
            rest = &rest[c.len_utf8()..];
            continue;
        }
        let w = &rest[..len];
        if w.to_lowercase() == word.to_lowercase() {
            out.push_str(with);
        } else {
            out.push_str(w);
        }
        rest = &rest[len..];
    }
    out
}

fn nothing_found(
    form: &SearchForm,
    unfiltered: Option<(SearchForm, usize)>,
    suggested: Option<(SearchForm, usize)>,
) -> Markup {
    let single_word = !form.q.is_empty() && !form.q.contains([' ', ':', '"', '~', '*', '(']);
    html! {
        div #no-results {
            p { "Nothing matches " @if form.q.is_empty() { "these filters" } @else { "\u{201c}" (form.q) "\u{201d}" @if form.narrowed() { " with these filters" } } "." }
            ul {
                @if let Some((better, n)) = suggested {
                    li {
                        "Did you mean "
                        a #did-you-mean href=(search_url(&better.pairs())) { "\u{201c}" (better.q) "\u{201d}" }
                        "? It finds " (n) " document" @if n != 1 { "s" } "."
                    }
                }
                @if let Some((bare, n)) = unfiltered {
                    @if n > 0 {
                        li {
                            a #without-filters href=(search_url(&bare.pairs())) {
                                "The same search without its filters"
                            }
                            " finds " (n) " document" @if n != 1 { "s" } "."
                        }
                    }
                }
                @if single_word {
                    li {
                        "A spelling one letter away: "
                        a #fuzzy-search href=(search_url(&[("q".to_string(), format!("{}~", form.q))])) {
                            (form.q) "~"
                        }
                        " (OCR often garbles a letter)."
                    }
                }
                li { a href="/help" { "How to search" } ": names in any script, phrases, fields, dates." }
            }
        }
    }
}

fn results(
    form: &SearchForm,
    r: &SearchPage,
    unfiltered: Option<(SearchForm, usize)>,
    suggested: Option<(SearchForm, usize)>,
) -> Markup {
    html! {
        h1 #results-heading {
            @if form.q.is_empty() { "All documents" } @else { "Search: " (form.q) }
        }
        (active_filters(form))
        form #refine .refine action="/search" method="get" {
            input type="hidden" name="q" value=(form.q);
            @for (k, v) in &form.filters {
                input type="hidden" name=(k) value=(v);
            }
            label { "From year " input name="from" inputmode="numeric" size="5" value=(form.from); }
            " "
            label { "to " input name="to" inputmode="numeric" size="5" value=(form.to); }
            " "
            label {
                "Sort "
                select name="sort" {
                    option value="relevance" selected[form.sort == "relevance"] { "relevance" }
                    option value="date" selected[form.sort == "date"] { "oldest first" }
                    option value="-date" selected[form.sort == "-date"] { "newest first" }
                }
            }
            " "
            button type="submit" { "Apply" }
        }
        div.results-layout {
            nav #facets aria-label="Filters" {
                @if let Some(f) = &r.facets {
                    @for (param, _, heading) in FILTERS {
                        @let values = match param {
                            "origlang" => &f.orig_lang,
                            "translang" => &f.trans_lang,
                            // Any language: a filter, not a list of its own.
                            "lang" => &Vec::new(),
                            "repo" => &f.repo,
                            "type" => &f.doc_type,
                            "person" => &f.person,
                            "collection" => &f.collection,
                            _ => &f.year,
                        };
                        @if !values.is_empty() {
                            section.facet data-facet=(param) {
                                h2 { (heading) }
                                ul {
                                    @for (v, n) in values {
                                        (facet_value(form, param, v, *n))
                                    }
                                }
                            }
                        }
                    }
                }
            }
            section.results {
                p #results-count {
                    (r.total) " document" @if r.total != 1 { "s" }
                    @if r.total > 0 {
                        @let qs = http::query_string(&form.pairs());
                        span.result-downloads {
                            " · Download "
                            @if r.total > super::download::MAX_EXPORTED {
                                "the first " (super::download::MAX_EXPORTED) " "
                            }
                            "as "
                            a #results-csv href={ "/search/results.csv?" (qs) } { "CSV" } ", "
                            a #results-ris href={ "/search/results.ris?" (qs) } { "RIS" } " or "
                            a #results-bib href={ "/search/results.bib?" (qs) } { "BibTeX" }
                        }
                    }
                }
                @if r.total == 0 {
                    (nothing_found(form, unfiltered, suggested))
                }
                ol #results start=((form.page - 1) * PAGE_SIZE + 1) {
                    @for (i, hit) in r.hits.iter().enumerate() {
                        (hit_item(form, (form.page - 1) * PAGE_SIZE + i, hit))
                    }
                }
                (pagination(form, r.total))
            }
        }
    }
}

/// A facet's value, as a link that adds it to the filters or, when it is
/// one already, takes it away.
fn facet_value(form: &SearchForm, param: &str, v: &str, n: u64) -> Markup {
    let selected = form.filters.iter().any(|(k, x)| k == param && x == v);
    let mut pairs = form.pairs();
    if selected {
        pairs.retain(|(k, x)| !(k == param && x == v));
    } else {
        pairs.push((param.to_string(), v.to_string()));
    }
    html! {
        li {
            a.facet-value.selected[selected] href=(search_url(&pairs)) aria-current=[selected.then_some("true")] lang=[http::script_lang(v)] { (v) }
            " "
            span.count { (n) }
        }
    }
}

/// A result, `rank` from the first (0-based): its link carries the search,
/// for the document to lead back to it and on to the next result.
fn hit_item(form: &SearchForm, rank: usize, hit: &fonds_archive::Found) -> Markup {
    let d = &hit.card;
    let reference = d.reference.as_deref().unwrap_or("");
    html! {
        li.hit {
            a.hit-title href={ (http::doc_page(&d.id)) "?" (super::sequence::result_query(form, rank)) } lang=[http::script_lang(&d.title)] { (d.title) }
            div.hit-meta {
                @match &d.date {
                    Some(date) => { (super::document::dated(&date.stated, date.edtf.as_deref())) }
                    None => { "undated" }
                }
                " · " (d.doc_type) " · " (reference)
            }
            @for sn in &hit.snippets {
                @let part = match sn.part {
                    fonds_core::Part::Original => format!("Original ({})", sn.language),
                    fonds_core::Part::Translation => format!("Translation ({})", sn.language),
                    p => capitalise(p.as_str()),
                };
                p.snippet {
                    span.snippet-part {
                        @match turn_anchor(sn) {
                            Some(anchor) => {
                                a href={ (http::doc_page(&d.id)) "#" (anchor) } {
                                    (part) ", turn " (sn.turn.map_or(0, |t| t + 1))
                                }
                            }
                            None => { (part) }
                        }
                    }
                    " "
                    span.fragment lang=(sn.language) { (http::snippet_html(sn)) }
                }
            }
        }
    }
}

fn pagination(form: &SearchForm, total: usize) -> Markup {
    let pages = total.div_ceil(PAGE_SIZE).max(1);
    let link = |p: usize| {
        let mut pairs = form.pairs();
        pairs.push(("page".into(), p.to_string()));
        search_url(&pairs)
    };
    html! {
        nav.pagination aria-label="Pages" {
            @if form.page > 1 {
                a rel="prev" href=(link(form.page - 1)) { "Previous" }
                " "
            }
            span { "page " (form.page) " of " (pages) }
            @if form.page < pages {
                " "
                a rel="next" href=(link(form.page + 1)) { "Next" }
            }
        }
    }
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
