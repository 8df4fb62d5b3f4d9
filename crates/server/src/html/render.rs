//! Turning document structure into HTML: texts, editorial marks, highlights.
//!
//! Everything a record contains is text, escaped on the way out by maud; markup in a
//! transcription is rendered from the parsed marks, never passed through.

use fonds_core::{Block, BlockKind, Document, Inline, MarkKind, Text, TextRole};
use maud::{html, Markup};
use std::cell::{Cell, RefCell};

/// The notes and margin headings of one text as it is rendered. A note
/// becomes a numbered reference in the line and an entry in the list after
/// its block; a margin heading stands beside the start of its block. Neither
/// runs into the words of the text.
pub struct Asides {
    /// Makes the notes' anchors unique on the page ("n0-" for the first text).
    prefix: String,
    next: Cell<u32>,
    notes: RefCell<Vec<(u32, Markup)>>,
    margins: RefCell<Vec<Markup>>,
}

impl Asides {
    pub fn new(prefix: String) -> Asides {
        Asides {
            prefix,
            next: Cell::new(0),
            notes: RefCell::new(Vec::new()),
            margins: RefCell::new(Vec::new()),
        }
    }

    /// Keeps a note; returns its reference in the line.
    fn note(&self, words: Markup) -> Markup {
        let n = self.next.get() + 1;
        self.next.set(n);
        self.notes.borrow_mut().push((n, words));
        let p = &self.prefix;
        html! {
            sup.note-ref {
                a id={ "ref-" (p) (n) } href={ "#" (p) (n) } title="Editorial note" { (n) }
            }
        }
    }

    /// Keeps a margin heading for the start of its block; nothing shows in the line.
    fn margin(&self, words: Markup) -> Markup {
        self.margins.borrow_mut().push(words);
        html! {}
    }

    /// The margin headings kept since the last block, to stand before it.
    fn take_margins(&self) -> Markup {
        let margins = std::mem::take(&mut *self.margins.borrow_mut());
        html! {
            @for m in margins {
                span.margin-heading title="Heading in the margin" { (m) }
            }
        }
    }

    /// The notes kept since the last block, as the list after it.
    fn take_notes(&self) -> Markup {
        let notes = std::mem::take(&mut *self.notes.borrow_mut());
        let p = &self.prefix;
        html! {
            @if !notes.is_empty() {
                ol.footnotes {
                    @for (n, words) in notes {
                        li id={ (p) (n) } value=(n) {
                            (words) " "
                            a.back href={ "#ref-" (p) (n) } title="Back to the text" { "↩" }
                        }
                    }
                }
            }
        }
    }
}

/// Decides which words of a text to mark for a reader arriving from a search.
pub struct Highlighter<'a> {
    /// Query words with their stems and name keys.
    words: Vec<(String, String)>,
    tokenizers: Option<&'a fonds_search::TokenizerManager>,
    /// The words marked so far: each mark is numbered in the order of the
    /// page (`hit-1`, `hit-2`, ...), for the reader to step through them.
    marked: Cell<u32>,
}

impl<'a> Highlighter<'a> {
    pub fn none() -> Highlighter<'a> {
        Highlighter {
            words: Vec::new(),
            tokenizers: None,
            marked: Cell::new(0),
        }
    }

    /// How many words the page marked.
    pub fn marked(&self) -> u32 {
        self.marked.get()
    }

    /// The anchor of the next mark.
    fn next_mark(&self) -> String {
        let n = self.marked.get() + 1;
        self.marked.set(n);
        format!("hit-{n}")
    }

    pub fn new(query: &str, tokenizers: &'a fonds_search::TokenizerManager) -> Highlighter<'a> {
        let Ok(parsed) = fonds_query::parse(query) else {
            return Highlighter::none();
        };
        let words = parsed
            .terms()
            .into_iter()
            .flat_map(|t| {
                t.split(|c: char| !c.is_alphanumeric())
                    .map(str::to_string)
                    .collect::<Vec<_>>()
            })
            .filter(|w| w.chars().count() >= 2)
            .map(|w| {
                let key = fonds_names::key::name_key(&w);
                (w.to_lowercase(), key)
            })
            .collect();
        Highlighter {
            words,
            tokenizers: Some(tokenizers),
            marked: Cell::new(0),
        }
    }

    fn stem(&self, slot: &str, word: &str) -> Option<String> {
        let m = self.tokenizers?;
        fonds_search::analysis::terms(m, &fonds_search::analysis::analyzer_name(slot), word)
            .into_iter()
            .next()
    }

    /// Whether `word` of a text in language slot `slot` matches a query word.
    pub fn matches(&self, slot: &str, word: &str) -> bool {
        if self.words.is_empty() {
            return false;
        }
        let lower = fonds_search::analysis::fold(&word.to_lowercase()).into_owned();
        let key = fonds_names::key::name_key(word);
        let stem = self.stem(slot, word);
        self.words.iter().any(|(w, k)| {
            lower == *w
                || (!k.is_empty() && key.len() >= 3 && *k == key)
                || stem
                    .as_ref()
                    .is_some_and(|s| s.len() >= 3 && Some(s) == self.stem(slot, w).as_ref())
        })
    }
}

/// `s` with `<mark>` around the words the highlighter matches.
pub fn text(s: &str, slot: &str, hl: &Highlighter) -> Markup {
    if hl.words.is_empty() {
        return html! { (s) };
    }
    // Runs of the text, each a word (marked or not) or one other character.
    let mut runs: Vec<(&str, bool)> = Vec::new();
    let mut rest = s;
    while !rest.is_empty() {
        let word_len = rest
            .find(|c: char| !c.is_alphanumeric())
            .unwrap_or(rest.len());
        let len = if word_len > 0 {
            word_len
        } else {
            rest.chars().next().map_or(1, char::len_utf8)
        };
        let run = &rest[..len];
        runs.push((run, word_len > 0 && hl.matches(slot, run)));
        rest = &rest[len..];
    }
    html! {
        @for (run, marked) in runs {
            @if marked { mark id=(hl.next_mark()) { (run) } } @else { (run) }
        }
    }
}

/// Inline content as HTML. In the clean reading text deletions, raised stamp
/// residue and point marks disappear and insertions read as plain text.
/// Notes are listed after their block, unless `notes_in_line`: in a
/// speaker's turn a note is a stage direction ("(laughs)") or a
/// translator's word said at that point, and stays where it is.
pub fn inline(
    content: &[Inline],
    clean: bool,
    slot: &str,
    hl: &Highlighter,
    asides: &Asides,
    notes_in_line: bool,
) -> Markup {
    html! {
        @for item in content {
            @match item {
                Inline::Text(t) => { (text(t, slot, hl)) }
                Inline::Mark(m) => { (mark(m, clean, slot, hl, asides, notes_in_line)) }
            }
        }
    }
}

fn mark(
    m: &fonds_core::Mark,
    clean: bool,
    slot: &str,
    hl: &Highlighter,
    asides: &Asides,
    notes_in_line: bool,
) -> Markup {
    let words = text(&m.text, slot, hl);
    let empty = m.text.is_empty();
    html! {
        @match (m.kind, clean) {
            (MarkKind::Insertion, false) => { ins.mark-insertion title="Inserted" { (words) } }
            (MarkKind::Insertion, true) | (MarkKind::Supplied, true) => { " " (words) " " }
            (MarkKind::Deletion, false) => { del.mark-deletion title="Deleted" { (words) } }
            (MarkKind::Superscript, false) => { sup.mark-superscript { (words) } }
            (MarkKind::Illegible, false) => {
                span.mark-illegible title="Illegible" {
                    "[" @if empty { "illegible" } @else { (words) } "]"
                }
            }
            (MarkKind::Illegible, true) => { "[…]" }
            (MarkKind::Sic, false) => { span.mark-sic title="Reproduced as found" { "[sic]" } }
            (MarkKind::Uncertain, false) => {
                span.mark-uncertain title="Uncertain reading" {
                    "[" @if !empty { (words) } "?]"
                }
            }
            (MarkKind::Supplied, false) => {
                span.mark-supplied title="Supplied by the editor" { "[" (words) "]" }
            }
            (MarkKind::Note, false) if notes_in_line => {
                span.mark-note title="Editorial note" { "(" (words) ")" }
            }
            (MarkKind::Note, true) if notes_in_line => { "(" (words) ")" }
            (MarkKind::Note, _) => { (asides.note(words)) }
            (MarkKind::Margin, _) => { (asides.margin(words)) }
            (MarkKind::Deletion | MarkKind::Superscript | MarkKind::Sic | MarkKind::Uncertain, true) => {}
        }
    }
}

/// Where a text's blocks go: the numbered turns and what precedes each.
pub struct Chunk<'a> {
    /// The turn number this chunk opens (1-based), or 0 for the front matter.
    pub turn: usize,
    pub items: Vec<Item<'a>>,
}

pub enum Item<'a> {
    /// A page starts: (index of the page in the text, the page).
    PageBreak(usize, &'a fonds_core::Page),
    Block(&'a Block),
}

/// Splits a text at its turns: chunk 0 is what comes before the first turn,
/// chunk n holds turn n and everything up to the next turn.
pub fn chunks(t: &Text) -> Vec<Chunk<'_>> {
    let mut out = vec![Chunk {
        turn: 0,
        items: Vec::new(),
    }];
    let mut n = 0;
    for (i, page) in t.pages.iter().enumerate() {
        out.last_mut()
            .expect("one chunk")
            .items
            .push(Item::PageBreak(i, page));
        for b in &page.blocks {
            if b.kind == BlockKind::Turn && !b.continued {
                n += 1;
                out.push(Chunk {
                    turn: n,
                    items: Vec::new(),
                });
            }
            out.last_mut()
                .expect("one chunk")
                .items
                .push(Item::Block(b));
        }
    }
    out
}

/// A text's chunk as HTML, with page anchors (`p3`, or `tp3` in translations)
/// and turn anchors (`t5`, or `t5-tr` in translations).
pub fn chunk(c: &Chunk, t: &Text, clean: bool, hl: &Highlighter, asides: &Asides) -> Markup {
    let slot = fonds_search::analysis::lang_slot(t.language.code());
    let (page_prefix, turn_suffix) = match t.role {
        TextRole::Original => ("p", ""),
        TextRole::Translation => ("tp", "-tr"),
    };
    html! {
        @for item in &c.items {
            @match item {
                Item::PageBreak(i, page) => {
                    // An unnumbered single page is the whole text: no break to show.
                    @if !(page.number.is_none() && page.folio.is_none() && t.pages.len() == 1) {
                        @let n = page.number.unwrap_or(*i as u32 + 1);
                        @let anchor = format!("{page_prefix}{n}");
                        div.page-break id=(anchor) {
                            a.permalink href={ "#" (anchor) } { "page " (n) }
                            @if let Some(f) = &page.folio {
                                " "
                                span.folio title=(if f.read { "stamped folio" } else { "folio inferred from the sequence" }) {
                                    "f. " (f.label()) @if !f.read { "?" }
                                }
                            }
                        }
                    }
                }
                Item::Block(b) => { (block(b, c.turn, turn_suffix, slot, clean, hl, asides)) }
            }
        }
    }
}

fn block(
    b: &Block,
    turn: usize,
    suffix: &str,
    slot: &str,
    clean: bool,
    hl: &Highlighter,
    asides: &Asides,
) -> Markup {
    let body = inline(
        &b.content,
        clean,
        slot,
        hl,
        asides,
        b.kind == BlockKind::Turn,
    );
    let (margins, notes) = (asides.take_margins(), asides.take_notes());
    match b.kind {
        BlockKind::Turn => {
            let speaker = b.speaker.as_ref().expect("turns have speakers");
            if b.continued {
                return html! { div.turn.continued { p { (margins) (body) } (notes) } };
            }
            let anchor = format!("t{turn}{suffix}");
            html! {
                div.turn id=(anchor) {
                    (margins)
                    a.permalink href={ "#" (anchor) } title="Link to this turn" { "¶" }
                    span.speaker title=(speaker.label) { (text(&speaker.name, slot, hl)) }
                    " "
                    span.said { (body) }
                    (notes)
                }
            }
        }
        kind => html! { p class=(kind.as_str()) { (margins) (body) } (notes) },
    }
}

/// The stored alignment of the original with the first translation, when
/// both have turns: rows can pair them.
pub fn alignment(doc: &Document) -> Option<&fonds_core::TurnAlignment> {
    let first = doc
        .texts
        .iter()
        .position(|t| t.role == fonds_core::TextRole::Translation)?;
    doc.alignments.iter().find(|a| a.translation == first)
}

/// The rows of turn chunks (1-based chunk indexes, 0 being the front matter)
/// from the alignment of the two texts: links that share a turn on either
/// side (a turn split in two by the OCR) share a row.
pub fn aligned_rows(alignment: &fonds_core::TurnAlignment) -> Vec<(Vec<usize>, Vec<usize>)> {
    let mut rows: Vec<(Vec<usize>, Vec<usize>)> = Vec::new();
    for link in &alignment.links {
        let o = link.original.map(|i| i + 1);
        let t = link.translation.map(|i| i + 1);
        let joins = rows.last().is_some_and(|(ro, rt)| {
            o.is_some_and(|o| ro.contains(&o)) || t.is_some_and(|t| rt.contains(&t))
        });
        if !joins {
            rows.push((Vec::new(), Vec::new()));
        }
        let (ro, rt) = rows.last_mut().expect("a row");
        if let Some(o) = o {
            if !ro.contains(&o) {
                ro.push(o);
            }
        }
        if let Some(t) = t {
            if !rt.contains(&t) {
                rt.push(t);
            }
        }
    }
    rows
}
