//! The pages for browsing: the home page with the archive's facets and
//! recent additions, the lists of an archive's or a collection's documents
//! (and of a name no person record holds), and the help.

use super::errors::internal;
use super::form::search_url;
use super::frame::{layout, page};
use crate::auth::Who;
use crate::http;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use fonds_archive::Archive;
use fonds_search::SearchRequest;
use maud::{html, Markup};
use std::sync::Arc;

type AppState = Arc<Archive>;

/// A facet's values, each a link made by `href`, with its count.
fn facet_list(name: &str, values: &[(String, u64)], href: impl Fn(&str) -> String) -> Markup {
    html! {
        ul.facet data-facet=(name) {
            @for (v, n) in values {
                li { a href=(href(v)) lang=[http::script_lang(v)] { (v) } " " span.count { (n) } }
            }
        }
    }
}

/// A search for every document with `field` set to the value.
fn search_for(field: &'static str) -> impl Fn(&str) -> String {
    move |v: &str| search_url(&[("q".into(), "*".into()), (field.into(), v.into())])
}

pub async fn home(State(archive): State<AppState>, who: Who) -> Response {
    let req = SearchRequest {
        limit: 1,
        facets: true,
        ..SearchRequest::default()
    };
    let all = match archive.search(&who.viewer, "*", &req).await {
        Ok(p) => p,
        Err(e) => return internal(e),
    };
    let recent = match archive.recent(&who.viewer, 10).await {
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
        form #search .big-search action="/search" method="get" role="search" aria-label="Search in any script" {
            label for="home-q" { "Search in any script" }
            input #home-q name="q" type="search"
                placeholder="Mikoyan, Микоян, \"Ким Ир Сен\", fond:5446, date:1956-09..1956-12" autofocus;
            button type="submit" { "Search" }
        }
        section #browse {
            h2 { a href="/browse" { "Browse" } }
            div.browse-grid {
                section { h3 { "Archives" } (facet_list("repo", &f.repo, |v| format!("/archive/{}", http::path_segment(v)))) }
                section { h3 { "Decades" } (facet_list("decade", &decades, decade)) }
                section { h3 { "Languages" } (facet_list("lang", &f.lang, search_for("lang"))) }
                section { h3 { "Document types" } (facet_list("type", &f.doc_type, |v| format!("/type/{}", http::path_segment(v)))) }
                section { h3 { "Collections" } (facet_list("collection", &f.collection, |v| format!("/collection/{}", http::path_segment(v)))) }
                section { h3 { a href="/people" { "People" } } (facet_list("person", &f.person, http::person_page)) }
            }
        }
        section #recent {
            h2 { "Recent additions" }
            ul {
                @for r in &recent {
                    li {
                        a href=(http::doc_page(&r.id)) lang=[http::script_lang(&r.title)] { (r.title) }
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
