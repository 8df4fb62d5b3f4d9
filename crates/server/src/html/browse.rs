//! Browsing without a query: the index of ways in (archives, volumes and
//! collections, years, kinds of document, people), a collection's table of
//! contents (a printed volume's by its chapters and document numbers), a
//! year by its months, and the documents of an archive, a kind or a name.

use super::errors::{internal, not_found_page};
use super::form::search_url;
use super::frame::{layout, page};
use super::sequence;
use crate::auth::Who;
use crate::http;
use axum::extract::{Path as UrlPath, RawQuery, State};
use axum::http::StatusCode;
use axum::response::Response;
use fonds_archive::Archive;
use fonds_archive::Viewer;
use fonds_search::{Card, SearchRequest};
use maud::{html, Markup};
use std::sync::Arc;

type AppState = Arc<Archive>;

/// The most documents one page of a list shows.
const LIST_PAGE: usize = 1000;

/// How a list's documents are grouped under headings.
#[derive(Clone, Copy, PartialEq)]
pub(super) enum Grouping {
    /// By the chapters of the printed volume they stand in.
    Sections,
    /// By the month of their date.
    Months,
}

/// What a list page lists: the documents whose search-form filter `param`
/// (`repo`, `collection`, `person`, `type`, `year`) is `name`.
pub(super) struct Listing<'a> {
    pub title: &'a str,
    /// What the list is ("Archive", "Collection", ...).
    pub kind: &'a str,
    pub param: &'a str,
    pub name: &'a str,
    pub grouping: Grouping,
}

/// A list page, `raw` its query string (for `page`).
pub(super) async fn listing(
    archive: &Archive,
    viewer: &Viewer,
    l: Listing<'_>,
    raw: Option<&str>,
) -> Response {
    let numbered = l.grouping == Grouping::Sections;
    let seq = match sequence::sequence(archive, viewer, l.param, l.name, numbered, true).await {
        Ok(Some(s)) if s.total > 0 => s,
        Ok(_) => {
            return not_found_page(&format!("The archive holds no documents for {}.", l.title))
        }
        Err(e) => return internal(e),
    };
    let pairs = http::form_pairs(raw);
    let shown = seq.cards.len();
    let pages = shown.div_ceil(LIST_PAGE).max(1);
    let at: usize = pairs
        .iter()
        .find(|(k, _)| k == "page")
        .and_then(|(_, v)| v.parse().ok())
        .unwrap_or(1)
        .clamp(1, pages);
    let cards = &seq.cards[(at - 1) * LIST_PAGE..(at * LIST_PAGE).min(shown)];
    let within = [
        ("q".to_string(), "*".to_string()),
        (l.param.to_string(), l.name.to_string()),
    ];
    let facets = seq.page.facets.as_ref();
    let main = html! {
        h1 { (l.title) }
        p.lead {
            (l.kind) " · " (seq.total) " document" @if seq.total != 1 { "s" }
            " · " a href=(search_url(&within)) { "Search within these documents" }
        }
        @if let Some(f) = facets {
            @if f.year.len() > 1 {
                p.timeline {
                    "By year: "
                    @for (i, (y, n)) in f.year.iter().enumerate() {
                        @if i > 0 { ", " }
                        a href={ "/year/" (y) } { (y) } " (" (n) ")"
                    }
                }
            }
            @if !f.person.is_empty() && l.param != "person" {
                p.listing-people {
                    "People: "
                    @for (i, (p, n)) in f.person.iter().take(15).enumerate() {
                        @if i > 0 { ", " }
                        a href=(http::person_page(p)) lang=[http::script_lang(p)] { (p) } " (" (n) ")"
                    }
                }
            }
        }
        @if seq.total > shown {
            p.note role="note" {
                "The list shows the first " (shown) " documents in order; "
                a href=(search_url(&within)) { "search within them" } " for the rest."
            }
        }
        (toc(cards, l.grouping))
        @if pages > 1 {
            nav.pagination aria-label="Pages" {
                @for p in 1..=pages {
                    @if p == at { span aria-current="page" { (p) } }
                    @else { a href={ "?page=" (p) } { (p) } }
                    " "
                }
            }
        }
    };
    page(StatusCode::OK, layout(l.title, html! {}, "", main))
}

/// The documents under their headings: the chapters they stand in, or
/// the month of their date; a heading shows where the group changes.
fn toc(cards: &[Card], grouping: Grouping) -> Markup {
    let heading = |c: &Card| -> Vec<String> {
        match grouping {
            Grouping::Sections => c.sections.clone(),
            Grouping::Months => vec![month_of(c)],
        }
    };
    // Runs of cards that share their headings.
    let mut groups: Vec<(Vec<String>, Vec<&Card>)> = Vec::new();
    for c in cards {
        let h = heading(c);
        match groups.last_mut() {
            Some((last, run)) if *last == h => run.push(c),
            _ => groups.push((h, vec![c])),
        }
    }
    // Only the headings that change from the group before are shown.
    let mut before: &[String] = &[];
    let mut shown: Vec<Vec<(usize, &str)>> = Vec::new();
    for (headings, _) in &groups {
        let same = headings
            .iter()
            .zip(before)
            .take_while(|(a, b)| a == b)
            .count();
        shown.push(
            headings
                .iter()
                .enumerate()
                .skip(same)
                .map(|(depth, h)| (depth, h.as_str()))
                .collect(),
        );
        before = headings;
    }
    html! {
        div #toc {
            @for ((_, run), heads) in groups.iter().zip(&shown) {
                @for (depth, h) in heads {
                    @if *depth == 0 { h2.toc-heading { (h) } } @else { h3.toc-heading { (h) } }
                }
                ol.toc {
                    @for c in run {
                        li value=[c.number.as_deref().and_then(|n| n.parse::<u32>().ok())] {
                            a href=(http::doc_page(&c.id)) lang=[http::script_lang(&c.title)] { (c.title) }
                            div.toc-meta {
                                @match &c.date {
                                    Some(d) => { (super::document::dated(&d.stated, d.edtf.as_deref())) }
                                    None => { "undated" }
                                }
                                " · " (c.doc_type)
                                @if let Some(r) = &c.reference { " · " (r) }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// The month of a card's date ("March 1919"), or the year when the date
/// gives no month, or "Undated".
fn month_of(c: &Card) -> String {
    use fonds_core::date::{Certainty, DateValue};
    let Some(edtf) = c.date.as_ref().and_then(|d| d.edtf.as_deref()) else {
        return "Undated".into();
    };
    match DateValue::parse_edtf(edtf) {
        Some((v, _)) => {
            let (y, m, _) = v.earliest();
            let (ly, lm, _) = v.latest();
            if (y, m) == (ly, lm) {
                DateValue::Month { year: y, month: m }.display(Certainty::Stated)
            } else {
                format!("{y}, no single month")
            }
        }
        None => "Undated".into(),
    }
}

/// A list page of the documents whose `param` is `name`, titled `title`.
async fn list(
    archive: &Archive,
    viewer: &Viewer,
    (title, kind): (&str, &str),
    (param, name): (&str, &str),
    grouping: Grouping,
    raw: Option<String>,
) -> Response {
    let l = Listing {
        title,
        kind,
        param,
        name,
        grouping,
    };
    listing(archive, viewer, l, raw.as_deref()).await
}

pub async fn collection(
    State(archive): State<AppState>,
    who: Who,
    UrlPath(name): UrlPath<String>,
    RawQuery(raw): RawQuery,
) -> Response {
    let at = ("collection", name.as_str());
    list(
        &archive,
        &who.viewer,
        (&name, "Collection"),
        at,
        Grouping::Sections,
        raw,
    )
    .await
}

pub async fn repository(
    State(archive): State<AppState>,
    who: Who,
    UrlPath(name): UrlPath<String>,
    RawQuery(raw): RawQuery,
) -> Response {
    let at = ("repo", name.as_str());
    list(
        &archive,
        &who.viewer,
        (&name, "Archive"),
        at,
        Grouping::Sections,
        raw,
    )
    .await
}

pub async fn doc_type(
    State(archive): State<AppState>,
    who: Who,
    UrlPath(name): UrlPath<String>,
    RawQuery(raw): RawQuery,
) -> Response {
    let title = format!("Documents of the kind \u{201c}{name}\u{201d}");
    let at = ("type", name.as_str());
    list(
        &archive,
        &who.viewer,
        (&title, "Kind of document"),
        at,
        Grouping::Months,
        raw,
    )
    .await
}

pub async fn year(
    State(archive): State<AppState>,
    who: Who,
    UrlPath(year): UrlPath<String>,
    RawQuery(raw): RawQuery,
) -> Response {
    if year.len() > 6 || year.parse::<i32>().is_err() {
        return not_found_page(&format!("\u{201c}{year}\u{201d} is not a year."));
    }
    let at = ("year", year.as_str());
    list(
        &archive,
        &who.viewer,
        (&year, "Year, by month"),
        at,
        Grouping::Months,
        raw,
    )
    .await
}

/// The ways into the archive without a query.
pub async fn browse(State(archive): State<AppState>, who: Who) -> Response {
    let req = SearchRequest {
        limit: 1,
        facets: true,
        ..SearchRequest::default()
    };
    let (all, persons) = match (
        archive.search(&who.viewer, "*", &req).await,
        archive.persons(&who.viewer, 30, 0).await,
    ) {
        (Ok(p), Ok(persons)) => (p, persons),
        (Err(e), _) | (_, Err(e)) => return internal(e),
    };
    let f = all.facets.unwrap_or_default();
    // Years under their decades, oldest first.
    let mut years: Vec<(i32, u64)> = f
        .year
        .iter()
        .filter_map(|(y, n)| Some((y.parse().ok()?, *n)))
        .collect();
    years.sort();
    let mut decades: Vec<(i32, Vec<(i32, u64)>)> = Vec::new();
    for (y, n) in years {
        let d = y.div_euclid(10) * 10;
        match decades.last_mut() {
            Some((x, ys)) if *x == d => ys.push((y, n)),
            _ => decades.push((d, vec![(y, n)])),
        }
    }
    let list = |values: &[(String, u64)], href: &dyn Fn(&str) -> String| {
        html! {
            ul.browse-list {
                @for (v, n) in values {
                    li { a href=(href(v)) lang=[http::script_lang(v)] { (v) } " " span.count { (n) } }
                }
            }
        }
    };
    let main = html! {
        h1 { "Browse the archive" }
        p.lead { (all.total) " documents. Every list is in reading order: a printed volume's by its document numbers, the rest by date." }
        div.browse-grid {
            section #by-archive {
                h2 { "Archives" }
                (list(&f.repo, &|v| format!("/archive/{}", http::path_segment(v))))
            }
            section #by-collection {
                h2 { "Volumes and collections" }
                (list(&f.collection, &|v| format!("/collection/{}", http::path_segment(v))))
            }
            section #by-type {
                h2 { "Kinds of document" }
                (list(&f.doc_type, &|v| format!("/type/{}", http::path_segment(v))))
            }
            section #by-person {
                h2 { "People" }
                ul.browse-list {
                    @for p in &persons {
                        li { a href=(http::person_page(&p.id)) lang=[http::script_lang(&p.name)] { (p.name) } " " span.count { (p.documents) } }
                    }
                }
                p { a href="/people" { "All people" } }
            }
        }
        section #by-year {
            h2 { "Years" }
            dl.decades {
                @for (d, ys) in &decades {
                    div {
                        dt { (d) "s" }
                        dd {
                            @for (y, n) in ys {
                                a href={ "/year/" (y) } { (y) } " " span.count { "(" (n) ")" } " "
                            }
                        }
                    }
                }
            }
        }
    };
    page(StatusCode::OK, layout("Browse", html! {}, "", main))
}
