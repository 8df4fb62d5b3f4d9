//! The pages for browsing: the home page with the archive's facets and
//! recent additions, the lists of an archive's or a collection's documents
//! (and of a name no person record holds), and the help.

use super::errors::{bad_request_page, internal, not_found_page};
use super::form::{search_url, SearchForm};
use super::frame::{layout, page};
use crate::http;
use axum::extract::{Path as UrlPath, State};
use axum::http::StatusCode;
use axum::response::Response;
use fonds_archive::{Archive, Sort};
use fonds_search::SearchRequest;
use maud::{html, Markup};
use std::sync::Arc;

type AppState = Arc<Archive>;

/// A facet's values, each a link made by `href`, with its count.
fn facet_list(name: &str, values: &[(String, u64)], href: impl Fn(&str) -> String) -> Markup {
    html! {
        ul.facet data-facet=(name) {
            @for (v, n) in values {
                li { a href=(href(v)) { (v) } " " span.count { (n) } }
            }
        }
    }
}

/// A search for every document with `field` set to the value.
fn search_for(field: &'static str) -> impl Fn(&str) -> String {
    move |v: &str| search_url(&[("q".into(), "*".into()), (field.into(), v.into())])
}

pub async fn home(State(archive): State<AppState>) -> Response {
    let req = SearchRequest {
        limit: 1,
        facets: true,
        ..SearchRequest::default()
    };
    let all = match archive.search("*", &req).await {
        Ok(p) => p,
        Err(e) => return internal(e),
    };
    let recent = match archive.recent(10).await {
        Ok(recent) => recent,
        Err(e) => return internal(e),
    };
    let f = all.facets.unwrap_or_default();
    let mut decades: Vec<(String, u64)> = Vec::new();
    for (y, n) in &f.year {
        let d = format!("{}0s", &y[..y.len().saturating_sub(1)]);
        match decades.iter_mut().find(|(x, _)| *x == d) {
            Some(e) => e.1 += n,
            None => decades.push((d, *n)),
        }
    }
    let decade = |d: &str| {
        search_url(&[
            ("q".into(), "*".into()),
            ("from".into(), d[..4].into()),
            ("to".into(), format!("{}9", &d[..3])),
        ])
    };
    let main = html! {
        h1 { "An archive of translated historical documents" }
        p.lead { (all.total) " documents: originals beside their translations, with their archival references." }
        form #search .big-search action="/search" method="get" role="search" {
            label for="home-q" { "Search in any script" }
            input #home-q name="q" type="search"
                placeholder="Mikoyan, Микоян, \"Ким Ир Сен\", fond:5446, date:1956-09..1956-12" autofocus;
            button type="submit" { "Search" }
        }
        section #browse {
            h2 { "Browse" }
            div.browse-grid {
                section { h3 { "Archives" } (facet_list("repo", &f.repo, |v| format!("/archive/{}", http::path_segment(v)))) }
                section { h3 { "Decades" } (facet_list("decade", &decades, decade)) }
                section { h3 { "Languages" } (facet_list("lang", &f.lang, search_for("lang"))) }
                section { h3 { "Document types" } (facet_list("type", &f.doc_type, search_for("type"))) }
                section { h3 { "Collections" } (facet_list("collection", &f.collection, |v| format!("/collection/{}", http::path_segment(v)))) }
                section { h3 { a href="/people" { "People" } } (facet_list("person", &f.person, http::person_page)) }
            }
        }
        section #recent {
            h2 { "Recent additions" }
            ul {
                @for r in &recent {
                    li {
                        a href=(http::doc_page(&r.id)) { (r.title) }
                        div.recent-meta {
                            (span_of_days(r.date_from.as_deref(), r.date_to.as_deref()).unwrap_or_else(|| "undated".into()))
                            " · " (r.doc_type)
                            @if let Some(repo) = &r.repository { " · " (repo) }
                            " · " span.muted { "added " (r.updated_at[..10.min(r.updated_at.len())]) }
                        }
                    }
                }
            }
        }
    };
    page(StatusCode::OK, layout("Home", html! {}, "", main))
}

/// A document's date from its first and last day ("1956-09-01",
/// "1956-09-30"), in the normalised form people read ("September 1956").
fn span_of_days(from: Option<&str>, to: Option<&str>) -> Option<String> {
    use fonds_core::date::{Certainty, DateValue};
    let day = |s: &str| DateValue::parse_edtf(s).map(|(v, _)| v.earliest());
    let (first, last) = (day(from?)?, day(to.or(from)?)?);
    Some(DateValue::spanning(first, last).display(Certainty::Stated))
}

/// A list page: the documents whose `param` filter of the search form
/// (`repo`, `collection`, `person`) is `name`, oldest first.
pub(super) async fn listing(
    archive: &Archive,
    title: &str,
    intro: &str,
    param: &str,
    name: &str,
) -> Response {
    let req = SearchRequest {
        limit: 100,
        sort: Sort::DateAscending,
        facets: true,
        ..SearchRequest::default()
    };
    let within = [
        ("q".to_string(), "*".to_string()),
        (param.to_string(), name.to_string()),
    ];
    let query = match SearchForm::read(&within).query() {
        Ok(q) => q,
        Err(why) => return bad_request_page(&format!("{param}:{name}"), &why),
    };
    let r = match archive.search_tree(query, &req).await {
        Ok(r) => r,
        Err(fonds_archive::ArchiveError::Query(e)) => {
            return bad_request_page(&format!("{param}:{name}"), &e.to_string())
        }
        Err(e) => return internal(e),
    };
    if r.total == 0 {
        return not_found_page(&format!("The archive holds no documents for {title}."));
    }
    let main = html! {
        h1 { (title) }
        p.lead { (intro) " · " (r.total) " document" @if r.total != 1 { "s" } }
        @if let Some(f) = &r.facets {
            p.timeline {
                "By year: "
                @for (i, (y, n)) in f.year.iter().enumerate() {
                    @if i > 0 { ", " }
                    (y) " (" (n) ")"
                }
            }
            p {
                "People: "
                @for (i, (p, n)) in f.person.iter().take(15).enumerate() {
                    @if i > 0 { ", " }
                    a href=(http::person_page(p)) { (p) } " (" (n) ")"
                }
            }
        }
        ol #results {
            @for hit in &r.hits {
                @let d = &hit.card;
                li.hit {
                    a.hit-title href=(http::doc_page(&d.id)) { (d.title) }
                    " "
                    span.muted { (d.date.as_ref().map_or("undated", |x| x.stated.as_str())) }
                }
            }
        }
        p { a href=(search_url(&within)) { "Search within these documents" } }
    };
    page(StatusCode::OK, layout(title, html! {}, "", main))
}

pub async fn collection(
    State(archive): State<AppState>,
    UrlPath(name): UrlPath<String>,
) -> Response {
    listing(&archive, &name, "Collection", "collection", &name).await
}

pub async fn repository(
    State(archive): State<AppState>,
    UrlPath(name): UrlPath<String>,
) -> Response {
    listing(&archive, &name, "Archive", "repo", &name).await
}

pub async fn help() -> Response {
    let main = html! {
        h1 { "Searching the archive" }
        p {
            "Type words in any script: " code { "Mikoyan" } " finds Микоян too. Put phrases in quotes: "
            code { "\"Ким Ир Сен\"" } ". Combine with " code { "AND" } ", " code { "OR" } ", " code { "NOT" }
            " and parentheses. Search one part with a field: " code { "speaker:Mikoyan" } ", "
            code { "title:plenum" } ", " code { "original:терпение" } ", " code { "translation:patience" } ", "
            code { "lang:ru" } ", " code { "repo:GARF" } ", " code { "fond:5446" } ", " code { "type:telegram" } ", "
            code { "date:1956-09..1956-12" } ". For noisy transcriptions, " code { "Mikoyn~" }
            " finds words one letter away and " code { "Mikoy*" } " words that begin so."
        }
    };
    page(StatusCode::OK, layout("Help", html! {}, "", main))
}
