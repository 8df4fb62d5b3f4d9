//! The person page (names in every script and why each was linked,
//! documents, a timeline and a network drawn as SVG), the page of the
//! archive's persons, and the speakers box of the document page. The
//! pictures are inline SVG with presentation attributes only, so they need
//! neither a script nor a style sheet.

use super::browse::{listing, Grouping, Listing};
use super::errors::{bad_request_page, internal, not_found_page};
use super::frame::{layout, page};
use crate::auth::Who;
use crate::http::{self, percent_encode};
use crate::persons::{self, Lookup};
use axum::extract::{Path as UrlPath, RawQuery, State};
use axum::http::StatusCode;
use axum::response::Response;
use fonds_archive::{Archive, Network, PersonDetail};
use fonds_core::Document;
use maud::{html, Markup};
use std::sync::Arc;

type AppState = Arc<Archive>;

/// How many of a person's documents one person page lists.
pub const PERSON_PAGE: usize = 50;

/// A coordinate or a length in a picture, to a tenth.
fn n1(x: f64) -> String {
    format!("{x:.1}")
}

/// "document" or "documents" after a count.
fn documents(n: i64) -> &'static str {
    if n == 1 {
        "document"
    } else {
        "documents"
    }
}

/// A bar per year from the first to the last, with the count on hover and
/// the first and last years written under the axis.
pub fn timeline_svg(years: &[(i32, i64)]) -> Markup {
    let (Some(first), Some(last)) = (years.first(), years.last()) else {
        return html! {};
    };
    let span = (last.0 - first.0 + 1).max(1) as usize;
    let max = years.iter().map(|y| y.1).max().unwrap_or(1).max(1) as f64;
    let (w, h, pad) = (640.0, 120.0, 20.0);
    let bar = ((w - 2.0 * pad) / span as f64).max(1.0);
    html! {
        svg.timeline viewBox={ "0 0 " (w) " " (h) } role="img"
            aria-label={ "Documents by year, " (first.0) " to " (last.0) } xmlns="http://www.w3.org/2000/svg" {
            @for (year, n) in years {
                @let x = pad + (year - first.0) as f64 * bar;
                @let bh = (h - 2.0 * pad) * (*n as f64 / max);
                rect x=(n1(x)) y=(n1(h - pad - bh)) width=(n1((bar - 1.0).max(1.0))) height=(n1(bh)) fill="#4a6b8a" {
                    title { (year) ": " (n) " " (documents(*n)) }
                }
            }
            line x1=(pad) y1=(h - pad) x2=(w - pad) y2=(h - pad) stroke="#333" {}
            text x=(pad) y=(h - 4.0) font-size="12" { (first.0) }
            text x=(w - pad) y=(h - 4.0) font-size="12" text-anchor="end" { (last.0) }
        }
    }
}

/// The person in the middle and the persons they appear with around them,
/// each line as thick as the documents they share.
pub fn network_svg(name: &str, met: &[(String, String, i64)]) -> Markup {
    if met.is_empty() {
        return html! {};
    }
    let shown = &met[..met.len().min(16)];
    // Room on either side for names written outward.
    let (w, h) = (760.0, 420.0);
    let (cx, cy, r) = (w / 2.0, h / 2.0, 160.0);
    let max = shown.iter().map(|m| m.2).max().unwrap_or(1).max(1) as f64;
    let at = |i: usize| two_sided(i, shown.len(), (cx, cy), (r, r));
    html! {
        svg.network viewBox={ "0 0 " (w) " " (h) } role="group"
            aria-label={ "Persons who appear with " (name) } xmlns="http://www.w3.org/2000/svg" {
            @for (i, (_, other, n)) in shown.iter().enumerate() {
                @let (x, y) = at(i);
                line x1=(cx) y1=(cy) x2=(n1(x)) y2=(n1(y)) stroke="#9ab" stroke-width=(n1(1.0 + 5.0 * (*n as f64 / max))) {
                    title { (name) " and " (other) ": " (n) " " (documents(*n)) }
                }
            }
            circle cx=(cx) cy=(cy) r="11" fill="#8a4a4a" {}
            text x=(cx) y=(cy - 16.0) font-size="14" font-weight="bold" text-anchor="middle" lang=[http::script_lang(name)] { (name) }
            @for (i, (id, other, n)) in shown.iter().enumerate() {
                @let (x, y) = at(i);
                @let (anchor, dx) = label_side(x, cx, 10.0);
                a href=(http::person_page(id)) {
                    circle cx=(n1(x)) cy=(n1(y)) r="7" fill="#4a6b8a" {}
                    text x=(n1(x + dx)) y=(n1(y + 4.0)) font-size="13" text-anchor=(anchor) lang=[http::script_lang(other)] { (other) " (" (n) ")" }
                }
            }
        }
    }
}

/// The persons of the archive and their network.
pub async fn people(State(archive): State<AppState>, who: Who) -> Response {
    let loaded = async {
        Ok::<_, fonds_archive::ArchiveError>((
            archive.network(&who.viewer, 40).await?,
            archive.persons(&who.viewer, 100, 0).await?,
            archive.count_persons(&who.viewer).await?,
        ))
    };
    match loaded.await {
        Ok((net, rows, total)) => people_page(&net, &rows, total),
        Err(e) => internal(e),
    }
}

/// A person's page, with a page (`?page=`) of their documents; a name no
/// person record holds yet gets the documents that name it.
pub async fn person(
    State(archive): State<AppState>,
    who: Who,
    UrlPath(name): UrlPath<String>,
    RawQuery(raw): RawQuery,
) -> Response {
    let page: usize = http::form_pairs(raw.as_deref())
        .into_iter()
        .find(|(k, _)| k == "page")
        .and_then(|(_, v)| v.parse().ok())
        .filter(|&p| p >= 1)
        .unwrap_or(1);
    let offset = (page - 1) * PERSON_PAGE;
    if offset > crate::MAX_OFFSET {
        return bad_request_page(
            &format!("person:\"{name}\""),
            &format!(
                "page {page} is past the last one a person page shows (documents up to number {}); search the person's documents to narrow them",
                crate::MAX_OFFSET
            ),
        );
    }
    match persons::lookup(&archive, &who.viewer, &name, offset, PERSON_PAGE).await {
        Ok(Lookup::Found(p)) => person_page(&p, &who),
        // An id a rename or a merge took away sends its readers on.
        Ok(Lookup::Moved(id)) => http::redirect(&http::person_page(&id), raw.as_deref()),
        Ok(Lookup::Unknown) => {
            let l = Listing {
                title: &name,
                kind: "Person",
                param: "person",
                name: &name,
                grouping: Grouping::Months,
            };
            listing(&archive, &who.viewer, l, None).await
        }
        Err(e) => internal(e),
    }
}

/// The person page, with one page of their documents.
pub fn person_page(p: &PersonDetail, who: &Who) -> Response {
    let name = &p.person.name;
    let main = html! {
        h1 lang=[http::script_lang(name)] { (name) }
        p.lead {
            (p.person.documents) " " (documents(p.person.documents))
            // Turns and words where the documents record them speaking.
            @if p.person.turns > 0 {
                " · " (p.person.turns) " turns · " (p.person.words) " words spoken"
            }
        }
        @if !p.roles.is_empty() {
            p #roles {
                "As the documents describe them: "
                @for (i, (role, n)) in p.roles.iter().enumerate() {
                    @if i > 0 { "; " }
                    span lang=[http::script_lang(role)] { (role) }
                    " " span.count { "(" (n) " " (documents(*n)) ")" }
                }
            }
        }
        @if !p.notes.is_empty() {
            div.notes {
                h2 { "For an editor" }
                ul { @for n in &p.notes { li { (n) } } }
            }
        }
        h2 { "Names" }
        div.table-wrap {
            table.names {
                thead { tr { th { "Name as written" } th { "Documents" } th { "As" } th { "Why it is this person" } } }
                tbody {
                    @for f in &p.forms {
                        tr { td lang=[http::script_lang(&f.form)] { (f.form) } td { (f.docs) } td { (f.roles.join(", ")) } td { (f.why) } }
                    }
                }
            }
        }
        @if !p.timeline.is_empty() {
            h2 { "Documents by year" }
            (timeline_svg(&p.timeline))
        }
        @if !p.met.is_empty() {
            h2 { "Appears with" }
            (network_svg(name, &p.met))
        }
        h2 { "Documents" }
        ol.results start=(p.offset + 1) {
            @for d in &p.documents {
                li {
                    a href=(http::doc_page(&d.id)) lang=[http::script_lang(&d.title)] { (d.title) }
                    " "
                    span.meta {
                        (d.date.as_deref().unwrap_or("undated")) " · " (d.roles.join(", "))
                        @if d.turns > 0 { " · " (d.turns) " turns, " (d.words) " words" }
                    }
                }
            }
        }
        (documents_pages(p))
        p {
            a href={ "/search?q=" (percent_encode(&format!("person:\"{name}\""))) } {
                "Search everything that names " (name)
            }
            " · "
            a href=(http::api_person(&p.person.id)) { "JSON" }
        }
        @if who.viewer.may_edit() { (decisions(p, who)) }
    };
    page(StatusCode::OK, layout(name, html! {}, "", main))
}

/// An editor's forms on a person page: merge with another person, split
/// names off, give the preferred name. Each is a decision kept across
/// re-imports.
fn decisions(p: &PersonDetail, who: &Who) -> Markup {
    let action = format!("{}/decide", http::person_page(&p.person.id));
    let csrf = who.csrf();
    html! {
        section.decisions #decide {
            h2 { "Decide who this is" }
            form.edit method="post" action=(action) {
                input type="hidden" name="csrf" value=(csrf);
                input type="hidden" name="decision" value="name";
                label for="decide-name" { "Preferred name" }
                input #decide-name name="name" type="text" value=(p.person.name) required;
                button type="submit" { "Name" }
            }
            form.edit method="post" action=(action) {
                input type="hidden" name="csrf" value=(csrf);
                input type="hidden" name="decision" value="merge";
                label for="decide-merge" { "The same person as (a name or an id)" }
                input #decide-merge name="other" type="text" required;
                button type="submit" { "Merge" }
            }
            @if p.forms.len() > 1 {
                form.edit method="post" action=(action) {
                    input type="hidden" name="csrf" value=(csrf);
                    input type="hidden" name="decision" value="split";
                    fieldset {
                        legend { "These names are someone else" }
                        @for (i, f) in p.forms.iter().enumerate() {
                            label {
                                input type="checkbox" name="names" value=(f.form) id={ "split-" (i) };
                                " " span lang=[http::script_lang(&f.form)] { (f.form) }
                            }
                            br;
                        }
                    }
                    button type="submit" { "Split off" }
                }
            }
        }
    }
}

/// An editor's decision from a person page's form.
pub async fn decide(
    State(archive): State<AppState>,
    who: Who,
    UrlPath(name): UrlPath<String>,
    body: String,
) -> Response {
    use super::post::{checked, field, refused, see_other};
    use crate::persons::{Asked, Refused};
    let here = http::person_page(&name);
    let gate = if !who.viewer.logged_in() {
        Some(see_other(&format!("/login?next={here}")))
    } else if !who.viewer.may_edit() {
        Some(refused(
            StatusCode::FORBIDDEN,
            "Editors only",
            "Deciding who a person is needs an editor's account.",
        ))
    } else {
        None
    };
    let pairs = match checked(&who, &body, gate) {
        Ok(p) => p,
        Err(r) => return *r,
    };
    let asked = match field(&pairs, "decision") {
        "name" => Asked::Name(field(&pairs, "name").to_string()),
        "merge" => Asked::Merge(field(&pairs, "other").trim().to_string()),
        "split" => Asked::Split(
            pairs
                .iter()
                .filter(|(k, _)| k == "names")
                .map(|(_, v)| v.clone())
                .collect(),
        ),
        _ => {
            return refused(
                StatusCode::BAD_REQUEST,
                "Not decided",
                "Choose a decision: name, merge or split.",
            )
        }
    };
    match crate::persons::decide(&archive, &who.viewer, &name, asked).await {
        Ok(id) => see_other(&http::person_page(&id)),
        Err(Refused::NoPerson(key)) => {
            not_found_page(&format!("No person is known as \u{201c}{key}\u{201d}."))
        }
        Err(Refused::Invalid(why)) => refused(StatusCode::BAD_REQUEST, "Not decided", &why),
        Err(Refused::Archive(fonds_archive::ArchiveError::Forbidden(why))) => {
            refused(StatusCode::FORBIDDEN, "Not allowed", &why)
        }
        Err(Refused::Archive(e)) => internal(e),
    }
}

/// The links to a person's other pages of documents, when there are more.
fn documents_pages(p: &PersonDetail) -> Markup {
    let total = p.person.documents.max(0) as usize;
    let page = p.offset / PERSON_PAGE + 1;
    let link = |n: usize| format!("{}?page={n}", http::person_page(&p.person.id));
    html! {
        @if total > p.documents.len() {
            nav.pagination aria-label="Pages of documents" {
                @if page > 1 {
                    a rel="prev" href=(link(page - 1)) { "Previous" }
                    " "
                }
                span { "documents " (p.offset + 1) "–" (p.offset + p.documents.len()) " of " (total) ", by date" }
                @if p.offset + p.documents.len() < total && p.offset + PERSON_PAGE <= crate::MAX_OFFSET {
                    " "
                    a rel="next" href=(link(page + 1)) { "Next" }
                }
            }
        }
    }
}

/// Who speaks how much in each text of a document, as a table with a bar
/// per speaker.
pub fn speakers_box(doc: &Document) -> Markup {
    let texts = fonds_core::people::mentions::speaker_shares(doc);
    html! {
        @if !texts.is_empty() {
            section.speakers #speakers {
                h2 { "Speakers" }
                @for t in &texts {
                    div.table-wrap {
                        table.speakers {
                            caption {
                                (if t.role == fonds_core::TextRole::Original { "Original" } else { "Translation" })
                                " (" (t.language) "), " (t.words) " words in turns"
                            }
                            thead { tr { th { "Speaker" } th { "Turns" } th { "Words" } th { "Share" } } }
                            tbody {
                                @for sp in &t.speakers {
                                    @let pct = (sp.share * 100.0).round();
                                    tr {
                                        td {
                                            a href=(http::person_page(&sp.name)) lang=[http::script_lang(&sp.name)] { (sp.name) }
                                            @if sp.labels.len() > 1 || sp.labels.first() != Some(&sp.name) {
                                                " " span.meta { "as " (sp.labels.join(", ")) }
                                            }
                                        }
                                        td { (sp.turns) }
                                        td { (sp.words) }
                                        td {
                                            svg width="100" height="10" role="img" aria-label={ (pct) "%" } xmlns="http://www.w3.org/2000/svg" {
                                                rect width=(pct) height="10" fill="#4a6b8a" {}
                                            }
                                            " " (pct) "%"
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// The archive's network: the most documented persons on a circle, a line
/// between two for the documents they share, as thick as how many.
pub fn archive_network_svg(net: &Network) -> Markup {
    if net.nodes.len() < 2 {
        return html! {};
    }
    // Room beside the circle for the names written outside it.
    let (w, h) = (960.0, 640.0);
    let (cx, cy, r) = (w / 2.0, h / 2.0, 260.0);
    let n = net.nodes.len();
    let at = |i: usize| two_sided(i, n, (cx, cy), (r, r));
    let index: std::collections::HashMap<&str, usize> = net
        .nodes
        .iter()
        .enumerate()
        .map(|(i, p)| (p.id.as_str(), i))
        .collect();
    let max = net.edges.iter().map(|e| e.2).max().unwrap_or(1).max(1) as f64;
    let most = net
        .nodes
        .iter()
        .map(|p| p.documents)
        .max()
        .unwrap_or(1)
        .max(1) as f64;
    let edges = net
        .edges
        .iter()
        .filter_map(|(a, b, docs)| Some((*index.get(a.as_str())?, *index.get(b.as_str())?, *docs)));
    html! {
        svg.network viewBox={ "0 0 " (w) " " (h) } role="group"
            aria-label={ "The " (n) " most documented persons and the documents they share" } xmlns="http://www.w3.org/2000/svg" {
            @for (i, j, docs) in edges {
                @let ((x1, y1), (x2, y2)) = (at(i), at(j));
                line x1=(n1(x1)) y1=(n1(y1)) x2=(n1(x2)) y2=(n1(y2)) stroke="#9ab" stroke-width=(n1(0.5 + 4.0 * (docs as f64 / max))) {
                    title { (net.nodes[i].name) " and " (net.nodes[j].name) ": " (docs) " " (documents(docs)) }
                }
            }
            @for (i, p) in net.nodes.iter().enumerate() {
                @let (x, y) = at(i);
                @let (anchor, dx) = label_side(x, cx, 9.0);
                a href=(http::person_page(&p.id)) {
                    circle cx=(n1(x)) cy=(n1(y)) r=(n1(3.0 + 6.0 * (p.documents as f64 / most).sqrt())) fill="#4a6b8a" {
                        title { (p.name) ": " (p.documents) " " (documents(p.documents)) }
                    }
                    text x=(n1(x + dx)) y=(n1(y + 4.0)) font-size="12" text-anchor=(anchor) lang=[http::script_lang(&p.name)] { (p.name) }
                }
            }
        }
    }
}

/// The persons of the archive, the most documented first, and their network.
pub fn people_page(net: &Network, rows: &[fonds_archive::PersonRow], total: i64) -> Response {
    let main = html! {
        h1 { "People" }
        p.lead { (total) " persons, linked from the names the documents give in every script and spelling." }
        @if !net.edges.is_empty() {
            h2 { "Who appears with whom" }
            (archive_network_svg(net))
        }
        h2 { "The most documented" }
        div.table-wrap {
            table.names {
                thead { tr { th { "Person" } th { "Documents" } th { "Turns" } th { "Words spoken" } } }
                tbody {
                    @for p in rows {
                        tr {
                            td { a href=(http::person_page(&p.id)) lang=[http::script_lang(&p.name)] { (p.name) } }
                            td { (p.documents) } td { (p.turns) } td { (p.words) }
                        }
                    }
                }
            }
        }
        p {
            a href="/api/network" { "The network as JSON" }
            " · "
            a href="/api/persons" { "The persons as JSON" }
        }
    };
    page(StatusCode::OK, layout("People", html! {}, "", main))
}

/// Which way a node's label runs from a node at `x` on a ring centred at
/// `cx`, and how far it stands off: outward on either side, centred on top
/// and bottom.
/// Where the `i`th of `n` names stands around a centre: half of them down
/// the right of an ellipse, the rest up its left, evenly spaced in height,
/// so that every name is written outward at its own line and none runs
/// into another (on a circle the names at its top and bottom crowd).
fn two_sided(i: usize, n: usize, (cx, cy): (f64, f64), (rx, ry): (f64, f64)) -> (f64, f64) {
    let right = n.div_ceil(2);
    let (k, m, side) = if i < right {
        (i, right, 1.0)
    } else {
        // Up the left: the last name stands at the top.
        (n - 1 - i, n - right, -1.0)
    };
    let t = -1.0 + 2.0 * (k as f64 + 0.5) / m.max(1) as f64;
    (cx + side * rx * (1.0 - t * t).sqrt(), cy + ry * t)
}

fn label_side(x: f64, cx: f64, gap: f64) -> (&'static str, f64) {
    if x < cx - 1.0 {
        ("end", -gap)
    } else if x > cx + 1.0 {
        ("start", gap)
    } else {
        ("middle", 0.0)
    }
}
