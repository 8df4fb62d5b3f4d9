//! Writing a document as TEI P5.
//!
//! The header carries the metadata (title, responsibility, publisher and
//! identifiers, the citation, the manuscript's identifiers and folio range,
//! dates, languages, kind, people); the body has one division per text.
//! Blocks are laid out in untyped subdivisions so that headings, datelines and
//! closers always stand where `tei_all` allows them: a heading after running
//! text opens a new subdivision, and so does running text after a closer.

use std::fmt::Write as _;

use crate::xml::{escape_into, Context};
use fonds_core::date::{Certainty, DateValue};
use fonds_core::{
    ArchivalReference, Block, BlockKind, DateStatement, Document, Edition, Inline, MarkKind, Page,
    Participant, Text, TextRole,
};

/// Writes the whole TEI file.
pub fn document(doc: &Document) -> String {
    let mut w = Writer::default();
    w.raw("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    w.raw("<TEI xmlns=\"http://www.tei-c.org/ns/1.0\">\n");
    let people = People::of(doc);
    header(&mut w, doc, &people);
    w.raw("  <text>\n    <body>\n");
    if doc.texts.is_empty() {
        w.raw("      <p/>\n");
    }
    for (i, text) in doc.texts.iter().enumerate() {
        body_text(&mut w, text, &people, &Turns::of(doc, i));
    }
    w.raw("    </body>\n  </text>\n</TEI>\n");
    w.out
}

#[derive(Default)]
struct Writer {
    out: String,
}

impl Writer {
    fn raw(&mut self, s: &str) {
        self.out.push_str(s);
    }

    fn text(&mut self, s: &str) {
        escape_into(&mut self.out, s, Context::Text);
    }

    /// `<name attrs>text</name>` on its own line.
    fn leaf(&mut self, indent: usize, name: &str, attrs: &[(&str, &str)], text: &str) {
        self.indent(indent);
        self.open(name, attrs);
        self.text(text);
        let _ = writeln!(self.out, "</{name}>");
    }

    fn indent(&mut self, n: usize) {
        for _ in 0..n {
            self.out.push_str("  ");
        }
    }

    fn open(&mut self, name: &str, attrs: &[(&str, &str)]) {
        self.out.push('<');
        self.out.push_str(name);
        self.attrs(attrs);
        self.out.push('>');
    }

    fn empty(&mut self, name: &str, attrs: &[(&str, &str)]) {
        self.out.push('<');
        self.out.push_str(name);
        self.attrs(attrs);
        self.out.push_str("/>");
    }

    fn attrs(&mut self, attrs: &[(&str, &str)]) {
        for (k, v) in attrs {
            let _ = write!(self.out, " {k}=\"");
            escape_into(&mut self.out, v, Context::Attribute);
            self.out.push('"');
        }
    }
}

/// The people of the header's `listPerson`: the participants, then speakers
/// who are not among them, each with an `xml:id` the turns point to.
struct People<'a> {
    participants: &'a [Participant],
    speakers: Vec<String>,
}

impl<'a> People<'a> {
    fn of(doc: &'a Document) -> People<'a> {
        let mut speakers: Vec<String> = Vec::new();
        for ti in 0..doc.texts.len() {
            for name in fonds_core::align::block_speakers(doc, ti)
                .into_iter()
                .flatten()
            {
                let known = doc.participants.iter().any(|p| p.name == name);
                if !known && !name.is_empty() && !speakers.iter().any(|s| s == name) {
                    speakers.push(name.to_string());
                }
            }
        }
        People {
            participants: &doc.participants,
            speakers,
        }
    }

    /// The pointer for a speaker's name.
    fn who(&self, name: &str) -> Option<String> {
        if let Some(i) = self.participants.iter().position(|p| p.name == name) {
            return Some(format!("#p{}", i + 1));
        }
        self.speakers
            .iter()
            .position(|s| s == name)
            .map(|i| format!("#s{}", i + 1))
    }

    fn is_empty(&self) -> bool {
        self.participants.is_empty() && self.speakers.is_empty()
    }
}

fn header(w: &mut Writer, doc: &Document, people: &People) {
    w.raw("  <teiHeader>\n    <fileDesc>\n      <titleStmt>\n");
    w.leaf(4, "title", &[], &doc.title);
    let resp = |w: &mut Writer, what: &str, names: &[String]| {
        for name in names {
            w.raw("        <respStmt>\n");
            w.leaf(5, "resp", &[], what);
            w.leaf(5, "persName", &[], name);
            w.raw("        </respStmt>\n");
        }
    };
    resp(w, "translated by", &doc.citation.translators);
    resp(w, "recorded by", &doc.recorded_by);
    w.raw("      </titleStmt>\n      <publicationStmt>\n");
    match &doc.citation.publisher {
        Some(p) => w.leaf(4, "publisher", &[], p),
        None => w.leaf(4, "authority", &[], "fonds"),
    }
    w.leaf(4, "idno", &[("type", "fonds")], &doc.id);
    if let Some(url) = &doc.citation.url {
        w.leaf(4, "idno", &[("type", "URI")], url);
    }
    w.raw("      </publicationStmt>\n");

    let has_notes = doc.summary.is_some()
        || doc.classification.is_some()
        || !doc.extra.is_empty()
        || !doc.contents.is_empty();
    if has_notes {
        w.raw("      <notesStmt>\n");
        if let Some(s) = &doc.summary {
            w.leaf(4, "note", &[("type", "summary")], s);
        }
        if let Some(c) = &doc.classification {
            let mut attrs = vec![("type", "classification"), ("n", c.source.part.as_str())];
            if let Some(level) = c.level {
                attrs.push(("subtype", level.as_str()));
            }
            w.leaf(4, "note", &attrs, &c.text);
        }
        for (name, text) in &doc.extra {
            w.leaf(4, "note", &[("type", "extra"), ("n", name)], text);
        }
        for item in &doc.contents {
            let n = match &item.language {
                Some(l) => format!("{}:{}", item.kind.as_str(), l.code()),
                None => item.kind.as_str().to_string(),
            };
            w.leaf(4, "note", &[("type", "contents"), ("n", &n)], &item.label);
        }
        w.raw("      </notesStmt>\n");
    }

    w.raw("      <sourceDesc>\n");
    let reference = doc.citation.archival_reference.as_ref();
    if doc.citation.text.is_empty() && reference.is_none() {
        w.leaf(4, "p", &[], "Born digital in fonds; no source is recorded.");
    }
    if !doc.citation.text.is_empty() {
        w.leaf(4, "bibl", &[("type", "citation")], &doc.citation.text);
    }
    if let Some(e) = &doc.citation.edition {
        edition(w, e);
    }
    if let Some(r) = reference {
        ms_desc(w, r);
    }
    w.raw("      </sourceDesc>\n    </fileDesc>\n");

    w.raw("    <profileDesc>\n");
    if !doc.dates.is_empty() {
        w.raw("      <creation>");
        for d in &doc.dates {
            date(w, d);
        }
        w.raw("</creation>\n");
    }
    let mut languages: Vec<(&str, bool)> = Vec::new();
    for l in &doc.original_languages {
        if !languages.iter().any(|(c, _)| *c == l.code()) {
            languages.push((l.code(), true));
        }
    }
    for t in &doc.texts {
        if !languages.iter().any(|(c, _)| *c == t.language.code()) {
            languages.push((t.language.code(), false));
        }
    }
    if !languages.is_empty() {
        w.raw("      <langUsage>\n");
        for (code, original) in languages {
            let name = fonds_core::Lang::from_code(code).map_or("", |l| l.name());
            let mut attrs = vec![("ident", code)];
            if original {
                attrs.push(("n", "original"));
            }
            w.leaf(4, "language", &attrs, name);
        }
        w.raw("      </langUsage>\n");
    }
    w.raw("      <textClass>\n        <keywords scheme=\"https://fonds.invalid/doc-type\">\n");
    w.leaf(5, "term", &[], doc.doc_type.as_str());
    w.raw("        </keywords>\n      </textClass>\n");
    if !people.is_empty() {
        w.raw("      <particDesc>\n        <listPerson>\n");
        for (i, p) in people.participants.iter().enumerate() {
            let id = format!("p{}", i + 1);
            w.indent(5);
            w.open("person", &[("xml:id", &id)]);
            w.raw("\n");
            w.leaf(6, "persName", &[], &p.name);
            for v in &p.variants {
                w.leaf(6, "persName", &[("type", "variant")], v);
            }
            if let Some(g) = &p.group {
                w.leaf(6, "affiliation", &[], g);
            }
            if let Some(r) = &p.role {
                w.leaf(6, "note", &[("type", "role")], r);
            }
            w.raw("          </person>\n");
        }
        for (i, s) in people.speakers.iter().enumerate() {
            let id = format!("s{}", i + 1);
            w.indent(5);
            w.open("person", &[("xml:id", &id), ("role", "speaker")]);
            w.raw("\n");
            w.leaf(6, "persName", &[], s);
            w.raw("          </person>\n");
        }
        w.raw("        </listPerson>\n      </particDesc>\n");
    }
    w.raw("    </profileDesc>\n  </teiHeader>\n");
}

/// The printed volume the document is published in, and its number there.
fn edition(w: &mut Writer, e: &Edition) {
    w.raw("        <biblStruct type=\"edition\">\n          <monogr>\n");
    w.leaf(6, "title", &[], &e.title);
    for name in &e.editors {
        w.leaf(6, "editor", &[], name);
    }
    w.raw("            <imprint>\n");
    if let Some(p) = &e.place {
        w.leaf(7, "pubPlace", &[], p);
    }
    if let Some(p) = &e.publisher {
        w.leaf(7, "publisher", &[], p);
    }
    match e.year {
        Some(y) => {
            let y = format!("{y:04}");
            w.leaf(7, "date", &[("when", &y)], &y);
        }
        None => w.leaf(7, "date", &[], ""),
    }
    w.raw("            </imprint>\n");
    for s in &e.sections {
        w.leaf(6, "biblScope", &[("unit", "chapter")], s);
    }
    if let Some(n) = &e.number {
        w.leaf(6, "biblScope", &[("unit", "document"), ("n", n)], n);
    }
    w.raw("          </monogr>\n        </biblStruct>\n");
}

fn ms_desc(w: &mut Writer, r: &ArchivalReference) {
    w.raw("        <msDesc>\n          <msIdentifier>\n");
    if let Some(repo) = &r.repository {
        w.leaf(6, "repository", &[], repo);
    }
    for (kind, value) in [("fond", &r.fond), ("opis", &r.opis), ("delo", &r.delo)] {
        if let Some(v) = value {
            w.leaf(6, "idno", &[("type", kind)], v);
        }
    }
    if let Some(loc) = &r.location {
        w.leaf(6, "idno", &[("type", "location")], loc);
    }
    w.leaf(6, "idno", &[("type", "reference")], &r.text);
    w.raw("          </msIdentifier>\n");
    if let Some(f) = r.folios {
        let (from, to) = (f.from.to_string(), f.to.to_string());
        let label = if f.from == f.to {
            from.clone()
        } else {
            format!("{from}–{to}")
        };
        w.raw("          <msContents>\n            <msItem>\n");
        w.leaf(7, "locus", &[("from", &from), ("to", &to)], &label);
        w.leaf(7, "p", &[], "The folios the document occupies.");
        w.raw("            </msItem>\n          </msContents>\n");
    }
    w.raw("        </msDesc>\n");
}

/// The date as TEI attributes (`when`, `from`/`to`, `notBefore`/`notAfter`),
/// with its provenance in `type` and its certainty in `subtype` and `cert`.
fn date(w: &mut Writer, d: &DateStatement) {
    let mut attrs: Vec<(&str, String)> = vec![
        ("type", d.source.part.as_str().to_string()),
        ("subtype", d.certainty.as_str().to_string()),
    ];
    match d.certainty {
        Certainty::Approximate => attrs.push(("cert", "medium".into())),
        Certainty::Uncertain => attrs.push(("cert", "low".into())),
        Certainty::Stated | Certainty::Inferred => {}
    }
    match &d.value {
        Some(DateValue::Interval(a, b)) => {
            if let (Some(a), Some(b)) = (iso(a), iso(b)) {
                attrs.push(("from", a));
                attrs.push(("to", b));
            }
        }
        Some(DateValue::Decade(start)) if (1..=9990).contains(start) => {
            attrs.push(("notBefore", format!("{start:04}")));
            attrs.push(("notAfter", format!("{:04}", start + 9)));
        }
        Some(v) => {
            if let Some(s) = iso(v) {
                attrs.push(("when", s));
            }
        }
        None => {}
    }
    let attrs: Vec<(&str, &str)> = attrs.iter().map(|(k, v)| (*k, v.as_str())).collect();
    w.open("date", &attrs);
    w.text(&d.stated);
    w.raw("</date>");
}

/// The W3C form of a day, month or year between the years 1 and 9999.
fn iso(v: &DateValue) -> Option<String> {
    let ok = |y: i32| (1..=9999).contains(&y);
    match *v {
        DateValue::Day { year, month, day } if ok(year) => {
            Some(format!("{year:04}-{month:02}-{day:02}"))
        }
        DateValue::Month { year, month } if ok(year) => Some(format!("{year:04}-{month:02}")),
        DateValue::Year(year) if ok(year) => Some(format!("{year:04}")),
        _ => None,
    }
}

/// Where a subdivision is in the order `tei_all` requires of a `div`: its top
/// (headings, datelines), its running text, or its bottom (closers).
#[derive(Clone, Copy, PartialEq, PartialOrd)]
enum Phase {
    Top,
    Body,
    Bottom,
}

struct Divs {
    open: bool,
    phase: Phase,
}

impl Divs {
    /// Makes sure a subdivision is open that can take a block of `need` next.
    fn ready(&mut self, w: &mut Writer, need: Phase) {
        if self.open && need < self.phase {
            w.raw("        </div>\n");
            self.open = false;
        }
        if !self.open {
            w.raw("        <div>\n");
            self.open = true;
            self.phase = Phase::Top;
        }
        if need > self.phase {
            self.phase = need;
        }
    }
}

/// The identifiers of one text's speaker turns (`turn-T-N`, text T, turn N
/// from 0), for an original the translation turns each corresponds to by the
/// stored alignment (`corresp`), and the speaker each block belongs to (for
/// an original, the person the alignment resolved, the same as its
/// translation turn's).
struct Turns<'a> {
    text: usize,
    corresp: Vec<Vec<String>>,
    speakers: Vec<Option<&'a str>>,
    next: std::cell::Cell<usize>,
}

impl<'a> Turns<'a> {
    fn of(doc: &'a Document, text: usize) -> Turns<'a> {
        let count = doc.texts[text].turns().count();
        let mut corresp = vec![Vec::new(); count];
        for a in doc.alignments.iter().filter(|a| a.original == text) {
            for link in &a.links {
                if let (Some(o), Some(t)) = (link.original, link.translation) {
                    if let Some(c) = corresp.get_mut(o) {
                        c.push(turn_id(a.translation, t));
                    }
                }
            }
        }
        Turns {
            text,
            corresp,
            speakers: fonds_core::align::block_speakers(doc, text),
            next: std::cell::Cell::new(0),
        }
    }
}

fn turn_id(text: usize, turn: usize) -> String {
    format!("turn-{text}-{turn}")
}

fn body_text(w: &mut Writer, text: &Text, people: &People, turns: &Turns) {
    let role = match text.role {
        TextRole::Original => "original",
        TextRole::Translation => "translation",
    };
    w.indent(3);
    w.open("div", &[("type", role), ("xml:lang", text.language.code())]);
    w.raw("\n");
    let mut divs = Divs {
        open: false,
        phase: Phase::Top,
    };
    let mut at = 0;
    for (pi, page) in text.pages.iter().enumerate() {
        let mut blocks = page.blocks.iter();
        // A turn that runs over the page break stays one `sp`: the break
        // and the next page's folio stand inside its paragraph.
        let runs_on = pi > 0 && runs_over(&text.pages[pi - 1], page);
        if runs_on {
            page_start(w, page, false);
            if let Some(b) = blocks.next() {
                inline(w, &b.content);
                at += 1;
                close_turn(w, page, 0, &text.pages, pi);
            }
        } else {
            // Page breaks and folio stamps may stand anywhere, so they go
            // into the open subdivision, or open one.
            if !divs.open {
                divs.ready(w, Phase::Top);
            }
            page_start(w, page, true);
        }
        let skip = usize::from(runs_on && !page.blocks.is_empty());
        for (bi, block) in blocks.enumerate() {
            let who = turns
                .speakers
                .get(at)
                .copied()
                .flatten()
                .and_then(|name| people.who(name));
            self::block(w, block, who, &mut divs, turns);
            at += 1;
            close_turn(w, page, skip + bi, &text.pages, pi);
        }
    }
    if divs.open {
        w.raw("        </div>\n");
    }
    w.raw("      </div>\n");
}

/// Whether the last block of `before` is a turn that the first block of
/// `page` carries on.
fn runs_over(before: &Page, page: &Page) -> bool {
    let last = before.blocks.last();
    let first = page.blocks.first();
    matches!((last, first), (Some(a), Some(b))
        if a.kind == BlockKind::Turn && b.kind == BlockKind::Turn && b.continued)
}

/// Closes the turn block `bi` of page `pi` unless it runs over onto the next
/// page (a block that is not a turn has closed itself).
fn close_turn(w: &mut Writer, page: &Page, bi: usize, pages: &[Page], pi: usize) {
    if page.blocks[bi].kind != BlockKind::Turn {
        return;
    }
    let last = bi + 1 == page.blocks.len();
    if last && pages.get(pi + 1).is_some_and(|next| runs_over(page, next)) {
        return;
    }
    w.raw("</p></sp>\n");
}

/// A page's break and its folio stamp: on lines of their own, or inline in
/// a turn that runs over them.
fn page_start(w: &mut Writer, page: &Page, lines: bool) {
    if lines {
        w.indent(5);
    }
    let number = page.number.map(|n| n.to_string());
    match &number {
        Some(n) => w.empty("pb", &[("n", n)]),
        None => w.empty("pb", &[]),
    }
    if lines {
        w.raw("\n");
    }
    if let Some(f) = &page.folio {
        let n = f.label();
        let mut attrs = vec![("type", "folio"), ("n", n.as_str())];
        if !f.read {
            attrs.push(("cert", "low"));
        }
        if lines {
            w.indent(5);
        }
        w.open("fw", &attrs);
        if let Some(raw) = &f.raw {
            w.text(raw);
        }
        w.raw("</fw>");
        if lines {
            w.raw("\n");
        }
    }
}

fn block(w: &mut Writer, b: &Block, who: Option<String>, divs: &mut Divs, turns: &Turns) {
    let part: &[(&str, &str)] = if b.continued { &[("part", "F")] } else { &[] };
    match b.kind {
        BlockKind::Heading => {
            divs.ready(w, Phase::Top);
            // A heading must open its division; one after a dateline starts a new one.
            w.indent(5);
            w.open("head", &[]);
            inline(w, &b.content);
            w.raw("</head>\n");
        }
        BlockKind::Dateline => {
            let need = if divs.open && divs.phase == Phase::Top {
                Phase::Top
            } else {
                Phase::Bottom
            };
            divs.ready(w, need);
            w.indent(5);
            w.open("dateline", &[]);
            inline(w, &b.content);
            w.raw("</dateline>\n");
        }
        BlockKind::Signature => {
            divs.ready(w, Phase::Bottom);
            w.indent(5);
            w.raw("<closer><signed>");
            inline(w, &b.content);
            w.raw("</signed></closer>\n");
        }
        BlockKind::Paragraph => {
            divs.ready(w, Phase::Body);
            w.indent(5);
            w.open("p", part);
            inline(w, &b.content);
            w.raw("</p>\n");
        }
        BlockKind::Classification => {
            divs.ready(w, Phase::Body);
            w.indent(5);
            w.open("ab", &[("type", "classification")]);
            inline(w, &b.content);
            w.raw("</ab>\n");
        }
        BlockKind::Turn => {
            divs.ready(w, Phase::Body);
            w.indent(5);
            let mut attrs: Vec<(&str, &str)> = Vec::new();
            let (id, corresp);
            if !b.continued {
                let n = turns.next.get();
                turns.next.set(n + 1);
                id = turn_id(turns.text, n);
                attrs.push(("xml:id", &id));
                corresp = turns
                    .corresp
                    .get(n)
                    .map(|c| {
                        c.iter()
                            .map(|t| format!("#{t}"))
                            .collect::<Vec<_>>()
                            .join(" ")
                    })
                    .unwrap_or_default();
                if !corresp.is_empty() {
                    attrs.push(("corresp", &corresp));
                }
            }
            if let Some(who) = &who {
                attrs.push(("who", who));
            }
            w.open("sp", &attrs);
            if let Some(s) = &b.speaker {
                w.open("speaker", &[]);
                w.text(&s.label);
                w.raw("</speaker>");
            }
            w.open("p", part);
            inline(w, &b.content);
        }
        BlockKind::Participants => {
            divs.ready(w, Phase::Body);
            w.indent(5);
            w.raw("<list type=\"participants\">\n");
            w.indent(6);
            w.raw("<head>");
            inline(w, &b.content);
            w.raw("</head>\n");
            participants(w, &b.participants);
            w.indent(5);
            w.raw("</list>\n");
        }
    }
}

/// The people of a participants list; a group is an item holding its own list.
fn participants(w: &mut Writer, people: &[Participant]) {
    if people.is_empty() {
        w.indent(6);
        w.raw("<item/>\n");
        return;
    }
    let mut i = 0;
    while i < people.len() {
        match &people[i].group {
            None => {
                person_item(w, &people[i], 6);
                i += 1;
            }
            Some(group) => {
                let end = people[i..]
                    .iter()
                    .position(|p| p.group.as_ref() != Some(group))
                    .map_or(people.len(), |k| i + k);
                w.indent(6);
                w.raw("<item>");
                w.text(group);
                w.raw("<list>\n");
                for p in &people[i..end] {
                    person_item(w, p, 7);
                }
                w.indent(6);
                w.raw("</list></item>\n");
                i = end;
            }
        }
    }
}

fn person_item(w: &mut Writer, p: &Participant, indent: usize) {
    w.indent(indent);
    w.raw("<item><persName>");
    w.text(&p.name);
    w.raw("</persName>");
    for v in &p.variants {
        w.raw(" <persName type=\"variant\">");
        w.text(v);
        w.raw("</persName>");
    }
    if let Some(r) = &p.role {
        w.raw(", <roleName>");
        w.text(r);
        w.raw("</roleName>");
    }
    w.raw("</item>\n");
}

fn inline(w: &mut Writer, content: &[Inline]) {
    for item in content {
        match item {
            Inline::Text(t) => w.text(t),
            Inline::Mark(m) => {
                let (name, attrs): (&str, &[(&str, &str)]) = match m.kind {
                    MarkKind::Insertion => ("add", &[]),
                    MarkKind::Deletion => ("del", &[]),
                    MarkKind::Superscript => ("hi", &[("rend", "sup")]),
                    MarkKind::Sic => ("sic", &[]),
                    MarkKind::Uncertain => ("unclear", &[]),
                    MarkKind::Supplied => ("supplied", &[]),
                    MarkKind::Note => ("note", &[]),
                    MarkKind::Margin => ("note", &[("place", "margin")]),
                    MarkKind::Illegible => {
                        if m.text.is_empty() {
                            w.empty("gap", &[("reason", "illegible")]);
                        } else {
                            w.open("gap", &[("reason", "illegible")]);
                            w.raw("<desc>");
                            w.text(&m.text);
                            w.raw("</desc></gap>");
                        }
                        continue;
                    }
                };
                w.open(name, attrs);
                w.text(&m.text);
                let _ = write!(w.out, "</{name}>");
            }
        }
    }
}
