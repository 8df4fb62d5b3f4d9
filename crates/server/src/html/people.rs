//! The person page (names in every script and why each was linked,
//! documents, a timeline and a network drawn as SVG) and the speakers box of
//! the document page. The pictures are inline SVG with presentation
//! attributes only, so they need neither a script nor a style sheet.

use super::{esc, layout, page};
use crate::http::percent_encode;
use fonds_archive::{Network, PersonDetail};
use fonds_core::Document;
use std::fmt::Write;

/// A bar per year from the first to the last, with the count on hover and
/// the first and last years written under the axis.
pub fn timeline_svg(years: &[(i32, i64)]) -> String {
    let (Some(first), Some(last)) = (years.first(), years.last()) else {
        return String::new();
    };
    let span = (last.0 - first.0 + 1).max(1) as usize;
    let max = years.iter().map(|y| y.1).max().unwrap_or(1).max(1) as f64;
    let (w, h, pad) = (640.0, 120.0, 20.0);
    let bar = ((w - 2.0 * pad) / span as f64).max(1.0);
    let mut s = format!(
        "<svg class=\"timeline\" viewBox=\"0 0 {w} {h}\" role=\"img\" aria-label=\"Documents by year, {} to {}\" xmlns=\"http://www.w3.org/2000/svg\">",
        first.0, last.0
    );
    for (year, n) in years {
        let x = pad + (year - first.0) as f64 * bar;
        let bh = (h - 2.0 * pad) * (*n as f64 / max);
        let _ = write!(
            s,
            "<rect x=\"{x:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{bh:.1}\" fill=\"#4a6b8a\"><title>{year}: {n} document{}</title></rect>",
            h - pad - bh,
            (bar - 1.0).max(1.0),
            if *n == 1 { "" } else { "s" }
        );
    }
    let _ = write!(
        s,
        "<line x1=\"{pad}\" y1=\"{y}\" x2=\"{x2}\" y2=\"{y}\" stroke=\"#333\"/><text x=\"{pad}\" y=\"{ty}\" font-size=\"12\">{}</text><text x=\"{x2}\" y=\"{ty}\" font-size=\"12\" text-anchor=\"end\">{}</text></svg>",
        first.0,
        last.0,
        y = h - pad,
        x2 = w - pad,
        ty = h - 4.0
    );
    s
}

/// The person in the middle and the persons they appear with around them,
/// each line as thick as the documents they share.
pub fn network_svg(name: &str, met: &[(String, String, i64)]) -> String {
    if met.is_empty() {
        return String::new();
    }
    let shown = &met[..met.len().min(16)];
    let (w, h) = (640.0, 420.0);
    let (cx, cy, r) = (w / 2.0, h / 2.0, 160.0);
    let max = shown.iter().map(|m| m.2).max().unwrap_or(1).max(1) as f64;
    let mut lines = String::new();
    let mut nodes = String::new();
    for (i, (id, other, n)) in shown.iter().enumerate() {
        let a = std::f64::consts::TAU * i as f64 / shown.len() as f64 - std::f64::consts::FRAC_PI_2;
        let (x, y) = (cx + r * a.cos(), cy + r * a.sin());
        let width = 1.0 + 5.0 * (*n as f64 / max);
        let _ = write!(
            lines,
            "<line x1=\"{cx}\" y1=\"{cy}\" x2=\"{x:.1}\" y2=\"{y:.1}\" stroke=\"#9ab\" stroke-width=\"{width:.1}\"><title>{} and {}: {n} document{}</title></line>",
            esc(name),
            esc(other),
            if *n == 1 { "" } else { "s" }
        );
        let (anchor, dx) = label_side(x, cx, 10.0);
        let _ = write!(
            nodes,
            "<a href=\"/person/{}\"><circle cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"7\" fill=\"#4a6b8a\"/><text x=\"{:.1}\" y=\"{:.1}\" font-size=\"13\" text-anchor=\"{anchor}\">{} ({n})</text></a>",
            percent_encode(id),
            x + dx,
            y + 4.0,
            esc(other)
        );
    }
    format!(
        "<svg class=\"network\" viewBox=\"0 0 {w} {h}\" role=\"img\" aria-label=\"Persons who appear with {}\" xmlns=\"http://www.w3.org/2000/svg\">{lines}<circle cx=\"{cx}\" cy=\"{cy}\" r=\"11\" fill=\"#8a4a4a\"/><text x=\"{cx}\" y=\"{}\" font-size=\"14\" font-weight=\"bold\" text-anchor=\"middle\">{}</text>{nodes}</svg>",
        esc(name),
        cy - 16.0,
        esc(name)
    )
}

/// How many of a person's documents one person page lists.
pub const PERSON_PAGE: usize = 50;

/// The person page, with one page of their documents.
pub fn person_page(p: &PersonDetail) -> axum::response::Response {
    let name = &p.person.name;
    let mut s = format!(
        "<h1>{}</h1><p class=\"lead\">{} document{} · {} turns · {} words spoken</p>",
        esc(name),
        p.person.documents,
        if p.person.documents == 1 { "" } else { "s" },
        p.person.turns,
        p.person.words
    );
    if !p.notes.is_empty() {
        s.push_str("<div class=\"notes\"><h2>For an editor</h2><ul>");
        for n in &p.notes {
            let _ = write!(s, "<li>{}</li>", esc(n));
        }
        s.push_str("</ul></div>");
    }
    s.push_str("<h2>Names</h2><div class=\"table-wrap\"><table class=\"names\"><thead><tr><th>Name as written</th><th>Documents</th><th>As</th><th>Why it is this person</th></tr></thead><tbody>");
    for f in &p.forms {
        let _ = write!(
            s,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            esc(&f.form),
            f.docs,
            esc(&f.roles.join(", ")),
            esc(&f.why)
        );
    }
    s.push_str("</tbody></table></div>");
    if !p.timeline.is_empty() {
        s.push_str("<h2>Documents by year</h2>");
        s.push_str(&timeline_svg(&p.timeline));
    }
    if !p.met.is_empty() {
        s.push_str("<h2>Appears with</h2>");
        s.push_str(&network_svg(name, &p.met));
    }
    let _ = write!(
        s,
        "<h2>Documents</h2><ol class=\"results\" start=\"{}\">",
        p.offset + 1
    );
    for d in &p.documents {
        let _ = write!(
            s,
            "<li><a href=\"/doc/{}\">{}</a> <span class=\"meta\">{} · {}{}</span></li>",
            percent_encode(&d.id),
            esc(&d.title),
            esc(d.date.as_deref().unwrap_or("undated")),
            esc(&d.roles.join(", ")),
            if d.turns > 0 {
                format!(" · {} turns, {} words", d.turns, d.words)
            } else {
                String::new()
            }
        );
    }
    s.push_str("</ol>");
    let total = p.person.documents.max(0) as usize;
    if total > p.documents.len() {
        let page = p.offset / PERSON_PAGE + 1;
        let link = |n: usize| format!("/person/{}?page={n}", percent_encode(&p.person.id));
        s.push_str("<nav class=\"pagination\" aria-label=\"Pages of documents\">");
        if page > 1 {
            let _ = write!(
                s,
                "<a rel=\"prev\" href=\"{}\">Previous</a> ",
                esc(&link(page - 1))
            );
        }
        let _ = write!(
            s,
            "<span>documents {}–{} of {total}, by date</span>",
            p.offset + 1,
            p.offset + p.documents.len()
        );
        if p.offset + p.documents.len() < total && p.offset + PERSON_PAGE <= crate::MAX_OFFSET {
            let _ = write!(
                s,
                " <a rel=\"next\" href=\"{}\">Next</a>",
                esc(&link(page + 1))
            );
        }
        s.push_str("</nav>");
    }
    let _ = write!(
        s,
        "<p><a href=\"/search?q={}\">Search everything that names {}</a> · <a href=\"/api/persons/{}\">JSON</a></p>",
        percent_encode(&format!("person:\"{name}\"")),
        esc(name),
        percent_encode(&p.person.id)
    );
    page(axum::http::StatusCode::OK, layout(name, "", "", &s))
}

/// Who speaks how much in each text of a document, as a table with a bar
/// per speaker.
pub fn speakers_box(doc: &Document) -> String {
    let texts = fonds_core::people::speaker_shares(doc);
    if texts.is_empty() {
        return String::new();
    }
    let mut s = String::from("<section class=\"speakers\" id=\"speakers\"><h2>Speakers</h2>");
    for t in &texts {
        let _ = write!(
            s,
            "<div class=\"table-wrap\"><table class=\"speakers\"><caption>{} ({}), {} words in turns</caption><thead><tr><th>Speaker</th><th>Turns</th><th>Words</th><th>Share</th></tr></thead><tbody>",
            if t.role == fonds_core::TextRole::Original { "Original" } else { "Translation" },
            esc(&t.language),
            t.words
        );
        for sp in &t.speakers {
            let pct = (sp.share * 100.0).round();
            let labels = if sp.labels.len() > 1 || sp.labels.first() != Some(&sp.name) {
                format!(
                    " <span class=\"meta\">as {}</span>",
                    esc(&sp.labels.join(", "))
                )
            } else {
                String::new()
            };
            let _ = write!(
                s,
                "<tr><td><a href=\"/person/{}\">{}</a>{labels}</td><td>{}</td><td>{}</td><td><svg width=\"100\" height=\"10\" role=\"img\" aria-label=\"{pct}%\" xmlns=\"http://www.w3.org/2000/svg\"><rect width=\"{pct}\" height=\"10\" fill=\"#4a6b8a\"/></svg> {pct}%</td></tr>",
                percent_encode(&sp.name),
                esc(&sp.name),
                sp.turns,
                sp.words
            );
        }
        s.push_str("</tbody></table></div>");
    }
    s.push_str("</section>");
    s
}

/// The archive's network: the most documented persons on a circle, a line
/// between two for the documents they share, as thick as how many.
pub fn archive_network_svg(net: &Network) -> String {
    if net.nodes.len() < 2 {
        return String::new();
    }
    // Room beside the circle for the names written outside it.
    let (w, h) = (960.0, 640.0);
    let (cx, cy, r) = (w / 2.0, h / 2.0, 260.0);
    let n = net.nodes.len();
    let at = |i: usize| {
        let a = std::f64::consts::TAU * i as f64 / n as f64 - std::f64::consts::FRAC_PI_2;
        (cx + r * a.cos(), cy + r * a.sin())
    };
    let index: std::collections::HashMap<&str, usize> = net
        .nodes
        .iter()
        .enumerate()
        .map(|(i, p)| (p.id.as_str(), i))
        .collect();
    let max = net.edges.iter().map(|e| e.2).max().unwrap_or(1).max(1) as f64;
    let mut s = format!(
        "<svg class=\"network\" viewBox=\"0 0 {w} {h}\" role=\"img\" aria-label=\"The {n} most documented persons and the documents they share\" xmlns=\"http://www.w3.org/2000/svg\">"
    );
    for (a, b, docs) in &net.edges {
        let (Some(&i), Some(&j)) = (index.get(a.as_str()), index.get(b.as_str())) else {
            continue;
        };
        let ((x1, y1), (x2, y2)) = (at(i), at(j));
        let _ = write!(
            s,
            "<line x1=\"{x1:.1}\" y1=\"{y1:.1}\" x2=\"{x2:.1}\" y2=\"{y2:.1}\" stroke=\"#9ab\" stroke-width=\"{:.1}\"><title>{} and {}: {docs} document{}</title></line>",
            0.5 + 4.0 * (*docs as f64 / max),
            esc(&net.nodes[i].name),
            esc(&net.nodes[j].name),
            if *docs == 1 { "" } else { "s" }
        );
    }
    let most = net
        .nodes
        .iter()
        .map(|p| p.documents)
        .max()
        .unwrap_or(1)
        .max(1) as f64;
    for (i, p) in net.nodes.iter().enumerate() {
        let (x, y) = at(i);
        let (anchor, dx) = label_side(x, cx, 9.0);
        let _ = write!(
            s,
            "<a href=\"/person/{}\"><circle cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"{:.1}\" fill=\"#4a6b8a\"><title>{}: {} document{}</title></circle><text x=\"{:.1}\" y=\"{:.1}\" font-size=\"12\" text-anchor=\"{anchor}\">{}</text></a>",
            percent_encode(&p.id),
            3.0 + 6.0 * (p.documents as f64 / most).sqrt(),
            esc(&p.name),
            p.documents,
            if p.documents == 1 { "" } else { "s" },
            x + dx,
            y + 4.0,
            esc(&p.name)
        );
    }
    s.push_str("</svg>");
    s
}

/// The persons of the archive, the most documented first, and their network.
pub fn people_page(
    net: &Network,
    rows: &[fonds_archive::PersonRow],
    total: i64,
) -> axum::response::Response {
    let mut s = format!(
        "<h1>People</h1><p class=\"lead\">{total} persons, linked from the names the documents give in every script and spelling.</p>"
    );
    if !net.edges.is_empty() {
        s.push_str("<h2>Who appears with whom</h2>");
        s.push_str(&archive_network_svg(net));
    }
    s.push_str("<h2>The most documented</h2><div class=\"table-wrap\"><table class=\"names\"><thead><tr><th>Person</th><th>Documents</th><th>Turns</th><th>Words spoken</th></tr></thead><tbody>");
    for p in rows {
        let _ = write!(
            s,
            "<tr><td><a href=\"/person/{}\">{}</a></td><td>{}</td><td>{}</td><td>{}</td></tr>",
            percent_encode(&p.id),
            esc(&p.name),
            p.documents,
            p.turns,
            p.words
        );
    }
    s.push_str("</tbody></table></div><p><a href=\"/api/network\">The network as JSON</a> · <a href=\"/api/persons\">The persons as JSON</a></p>");
    page(axum::http::StatusCode::OK, layout("People", "", "", &s))
}

/// Which way a node's label runs from a node at `x` on a ring centred at
/// `cx`, and how far it stands off: outward on either side, centred on top
/// and bottom.
fn label_side(x: f64, cx: f64, gap: f64) -> (&'static str, f64) {
    if x < cx - 1.0 {
        ("end", -gap)
    } else if x > cx + 1.0 {
        ("start", gap)
    } else {
        ("middle", 0.0)
    }
}
