//! The record model: what fonds knows about one archival document.
//!
//! These types are the vocabulary of every other crate. They carry no wire
//! format: the JSON interchange form, the database rows and the HTTP answers are
//! all written by hand from them in the crates that own those formats, so that a
//! renamed field here never silently changes what a user receives.

use crate::date::{Certainty, DateValue};
use crate::diagnostic::Diagnostic;
use crate::lang::Lang;

/// One archival document: its metadata, its texts and what the reader noticed.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Document {
    /// Stable identifier: from the record's own URL or identifier where present.
    pub id: String,
    pub title: String,
    /// Every date the record states, in the order found; the first is preferred.
    pub dates: Vec<DateStatement>,
    pub doc_type: DocType,
    pub classification: Option<Classification>,
    pub summary: Option<String>,
    pub citation: Citation,
    pub original_languages: Vec<Lang>,
    /// The forms the publishing archive offers (scan, transcript, translation).
    pub contents: Vec<ContentItem>,
    /// The original-language transcription first (when there is one), then translations.
    pub texts: Vec<Text>,
    pub participants: Vec<Participant>,
    /// Who recorded the conversation ("Recorded by ...", "Записал ...").
    pub recorded_by: Vec<String>,
    /// Metadata sections the reader kept but does not interpret, in order.
    pub extra: Vec<(String, String)>,
    /// The alignment of the original's speaker turns with each translation's
    /// (see [`crate::align::align_document`]).
    pub alignments: Vec<TurnAlignment>,
    /// What editors decided of pairs of turns (linked, or not the same
    /// turn), which every later alignment keeps.
    pub turn_decisions: Vec<TurnDecision>,
    pub diagnostics: Vec<Diagnostic>,
}

impl Document {
    /// The original-language transcription, if the record carries one.
    pub fn original(&self) -> Option<&Text> {
        self.texts.iter().find(|t| t.role == TextRole::Original)
    }

    pub fn translations(&self) -> impl Iterator<Item = &Text> {
        self.texts
            .iter()
            .filter(|t| t.role == TextRole::Translation)
    }

    /// The preferred date: the first statement that could be normalized.
    pub fn date(&self) -> Option<&DateStatement> {
        self.dates.iter().find(|d| d.value.is_some())
    }
}

/// The alignment of an original's speaker turns with one translation's.
///
/// Turns are numbered from 0 as [`Text::turns`] yields them.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TurnAlignment {
    /// Index in [`Document::texts`] of the original.
    pub original: usize,
    /// Index in [`Document::texts`] of the translation.
    pub translation: usize,
    /// The links in the order of both texts; a 2:1 or 1:2 step gives two links.
    pub links: Vec<TurnLink>,
    /// For each original turn, the speaker the translation names for it (the
    /// clean name of the linked translation turn), or None where unlinked.
    pub speakers: Vec<Option<String>>,
}

/// One link of a turn alignment: an original turn, a translation turn, or both.
#[derive(Debug, Clone, PartialEq)]
pub struct TurnLink {
    /// The original turn, or None for a translation turn without counterpart.
    pub original: Option<usize>,
    /// The translation turn, or None for an original turn without counterpart.
    pub translation: Option<usize>,
    /// How far the link can be trusted, from 0 to 1, in thousandths.
    pub confidence: f32,
    /// The kind of step and the evidence that supports it ("1:1 speaker numbers").
    pub why: String,
}

/// An editor's decision on a turn of the original and a turn of a
/// translation: they are linked, or they are not the same turn. The turns
/// are named by number and by their first words, so that the decision
/// finds its turns again when a page is corrected and the turns move.
#[derive(Debug, Clone, PartialEq)]
pub struct TurnDecision {
    /// Index in [`Document::texts`] of the translation.
    pub translation: usize,
    pub original_turn: TurnMark,
    pub translation_turn: TurnMark,
    /// Linked, or never to be linked.
    pub linked: bool,
}

/// A turn as a decision names it: its number (from 0, as [`Text::turns`]
/// yields them) and its first words as they were when the decision was made.
#[derive(Debug, Clone, PartialEq)]
pub struct TurnMark {
    pub turn: usize,
    pub words: String,
}

impl TurnAlignment {
    /// The translation turns linked to original turn `o`.
    pub fn translation_of(&self, o: usize) -> impl Iterator<Item = usize> + '_ {
        self.links
            .iter()
            .filter(move |l| l.original == Some(o))
            .filter_map(|l| l.translation)
    }
}

/// A date as the record states it, with its normalized value and provenance.
#[derive(Debug, Clone, PartialEq)]
pub struct DateStatement {
    /// The words of the source, unchanged ("16 сентября 1957г.").
    pub stated: String,
    pub value: Option<DateValue>,
    pub certainty: Certainty,
    pub source: Place,
}

/// Where in the record something was found.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Place {
    pub part: Part,
    /// 1-based line in the source file, when known.
    pub line: Option<u32>,
}

/// The parts of a record that a statement can come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Part {
    #[default]
    Header,
    Title,
    Citation,
    Summary,
    Original,
    Translation,
}

impl Part {
    pub fn as_str(self) -> &'static str {
        match self {
            Part::Header => "header",
            Part::Title => "title",
            Part::Citation => "citation",
            Part::Summary => "summary",
            Part::Original => "original",
            Part::Translation => "translation",
        }
    }

    pub fn parse(s: &str) -> Option<Part> {
        Some(match s {
            "header" => Part::Header,
            "title" => Part::Title,
            "citation" => Part::Citation,
            "summary" => Part::Summary,
            "original" => Part::Original,
            "translation" => Part::Translation,
            _ => return None,
        })
    }
}

/// The kind of record, as far as the title and the structure tell.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DocType {
    Conversation,
    Telegram,
    Letter,
    Minutes,
    Report,
    Memorandum,
    Speech,
    Resolution,
    Diary,
    #[default]
    Other,
}

impl DocType {
    pub const ALL: [DocType; 10] = [
        DocType::Conversation,
        DocType::Telegram,
        DocType::Letter,
        DocType::Minutes,
        DocType::Report,
        DocType::Memorandum,
        DocType::Speech,
        DocType::Resolution,
        DocType::Diary,
        DocType::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            DocType::Conversation => "conversation",
            DocType::Telegram => "telegram",
            DocType::Letter => "letter",
            DocType::Minutes => "minutes",
            DocType::Report => "report",
            DocType::Memorandum => "memorandum",
            DocType::Speech => "speech",
            DocType::Resolution => "resolution",
            DocType::Diary => "diary",
            DocType::Other => "other",
        }
    }

    pub fn parse(s: &str) -> Option<DocType> {
        DocType::ALL.into_iter().find(|t| t.as_str() == s)
    }
}

/// A security marking such as "Top Secret" or "Сов. секретно".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Classification {
    /// The marking as written.
    pub text: String,
    pub level: Option<SecurityLevel>,
    pub source: Place,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SecurityLevel {
    TopSecret,
    Secret,
    Confidential,
    Restricted,
}

impl SecurityLevel {
    pub fn as_str(self) -> &'static str {
        match self {
            SecurityLevel::TopSecret => "top_secret",
            SecurityLevel::Secret => "secret",
            SecurityLevel::Confidential => "confidential",
            SecurityLevel::Restricted => "restricted",
        }
    }

    pub fn parse(s: &str) -> Option<SecurityLevel> {
        Some(match s {
            "top_secret" => SecurityLevel::TopSecret,
            "secret" => SecurityLevel::Secret,
            "confidential" => SecurityLevel::Confidential,
            "restricted" => SecurityLevel::Restricted,
            _ => return None,
        })
    }
}

/// The citation as the publisher gives it, and its parts.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Citation {
    /// The citation text, whole.
    pub text: String,
    /// The publishing archive ("Wilson Center Digital Archive").
    pub publisher: Option<String>,
    pub archival_reference: Option<ArchivalReference>,
    pub translators: Vec<String>,
    pub url: Option<String>,
    /// The printed volume the document is published in, when it is one
    /// (a documentary edition such as a FRUS volume).
    pub edition: Option<Edition>,
}

/// A printed volume of documents and a document's number in it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Edition {
    /// The volume's full title ("Papers Relating to the Foreign Relations of
    /// the United States, 1918, Russia, Volume III").
    pub title: String,
    pub editors: Vec<String>,
    pub publisher: Option<String>,
    pub place: Option<String>,
    /// The year the volume was printed.
    pub year: Option<i32>,
    /// The document's number in the volume ("72").
    pub number: Option<String>,
    /// The headings of the parts of the volume the document stands in,
    /// outermost first ("Chapter I: Russia", "Financial Aid").
    pub sections: Vec<String>,
}

/// Where the physical document is held: a repository and a path down its hierarchy.
///
/// Russian archives use fond / opis / delo / folios; other schemes are kept whole
/// in `location` but still separated from the repository.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ArchivalReference {
    /// The reference as written.
    pub text: String,
    pub repository: Option<String>,
    pub fond: Option<String>,
    pub opis: Option<String>,
    pub delo: Option<String>,
    pub folios: Option<FolioRange>,
    /// Everything after the repository, as written ("Fond 5446, Opis 98c, ...").
    pub location: Option<String>,
}

impl ArchivalReference {
    /// Everything after the repository, as written: the location with its
    /// folios ("f. 52, op. 1, d. 587, ll. 41-43"), what a citation gives
    /// after the archive's name.
    pub fn locator(&self) -> String {
        let text = self.text.trim();
        let rest = match &self.repository {
            Some(repo) => text.strip_prefix(repo.as_str()),
            None => Some(text),
        };
        match rest {
            Some(rest) => rest
                .trim_start_matches(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | ':'))
                .to_string(),
            None => self.location.clone().unwrap_or_else(|| text.to_string()),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FolioRange {
    pub from: u32,
    pub to: u32,
}

/// One form of the document the publisher offers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContentItem {
    pub kind: ContentKind,
    pub language: Option<Lang>,
    /// The line as written ("Translation - English").
    pub label: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ContentKind {
    Scan,
    Transcript,
    Translation,
    Other,
}

impl ContentKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ContentKind::Scan => "scan",
            ContentKind::Transcript => "transcript",
            ContentKind::Translation => "translation",
            ContentKind::Other => "other",
        }
    }

    pub fn parse(s: &str) -> Option<ContentKind> {
        Some(match s {
            "scan" => ContentKind::Scan,
            "transcript" => ContentKind::Transcript,
            "translation" => ContentKind::Translation,
            "other" => ContentKind::Other,
            _ => return None,
        })
    }
}

/// One text of the document: the original transcription or a translation.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Text {
    pub role: TextRole,
    pub language: Lang,
    pub pages: Vec<Page>,
}

impl Text {
    pub fn blocks(&self) -> impl Iterator<Item = &Block> {
        self.pages.iter().flat_map(|p| p.blocks.iter())
    }

    /// Speaker turns, counting a turn continued over a page break once.
    pub fn turns(&self) -> impl Iterator<Item = &Block> {
        self.blocks()
            .filter(|b| b.kind == BlockKind::Turn && !b.continued)
    }

    /// The reading text, one block per line, each turn led by its speaker's
    /// label as written ("Тов. Микоян - ..."), so that a search of the text
    /// finds the speakers too.
    pub fn reading_lines(&self) -> String {
        let mut s = String::new();
        for b in self.blocks() {
            if let (Some(speaker), false) = (&b.speaker, b.continued) {
                s.push_str(&speaker.label);
                s.push_str(" - ");
            }
            s.push_str(&b.reading_text());
            s.push('\n');
        }
        s
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TextRole {
    #[default]
    Original,
    Translation,
}

impl TextRole {
    pub fn as_str(self) -> &'static str {
        match self {
            TextRole::Original => "original",
            TextRole::Translation => "translation",
        }
    }

    pub fn parse(s: &str) -> Option<TextRole> {
        Some(match s {
            "original" => TextRole::Original,
            "translation" => TextRole::Translation,
            _ => return None,
        })
    }

    pub fn part(self) -> Part {
        match self {
            TextRole::Original => Part::Original,
            TextRole::Translation => Part::Translation,
        }
    }
}

/// A page of a text: a typescript page of the original, or the whole translation
/// when it has no page markers.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Page {
    /// The page number printed on the page ("- 2 -"), or its position when unprinted.
    pub number: Option<u32>,
    pub folio: Option<Folio>,
    /// 1-based line where the page starts in the source.
    pub line: u32,
    pub blocks: Vec<Block>,
}

/// A stamped archive folio number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Folio {
    pub number: u32,
    /// The side of the sheet, when the marker says ("fol. 2v", "л. 2 об.").
    pub side: Option<Side>,
    /// The stamp as the OCR read it ("52<sup>6</sup>"), if any.
    pub raw: Option<String>,
    /// False when the number was inferred from the sequence rather than read.
    pub read: bool,
}

impl Folio {
    /// The folio as a citation writes it: "13", "2v".
    pub fn label(&self) -> String {
        match self.side {
            Some(side) => format!("{}{}", self.number, side.as_str()),
            None => self.number.to_string(),
        }
    }
}

/// The side of a sheet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    Recto,
    Verso,
}

impl Side {
    pub fn as_str(self) -> &'static str {
        match self {
            Side::Recto => "r",
            Side::Verso => "v",
        }
    }

    pub fn parse(s: &str) -> Option<Side> {
        match s {
            "r" => Some(Side::Recto),
            "v" => Some(Side::Verso),
            _ => None,
        }
    }
}

/// A block of text on a page.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Block {
    pub kind: BlockKind,
    /// For turns: who speaks.
    pub speaker: Option<Speaker>,
    /// A turn that carries on from the previous page or paragraph.
    pub continued: bool,
    pub content: Vec<Inline>,
    /// For participants lists: the people named, grouped by side.
    pub participants: Vec<Participant>,
    /// 1-based line where the block starts in the source.
    pub line: u32,
}

impl Block {
    /// The text a reader sees with editorial marks applied: insertions kept,
    /// deletions dropped, supplied words kept without brackets.
    pub fn reading_text(&self) -> String {
        inline::reading_text(&self.content)
    }

    /// The text with every mark's words, deleted ones included, for search.
    pub fn plain_text(&self) -> String {
        inline::plain_text(&self.content)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum BlockKind {
    Heading,
    #[default]
    Paragraph,
    Turn,
    Participants,
    /// "Recorded by ...", a signature or a closing name.
    Signature,
    Classification,
    /// A line stating place and date of the document.
    Dateline,
}

impl BlockKind {
    pub fn as_str(self) -> &'static str {
        match self {
            BlockKind::Heading => "heading",
            BlockKind::Paragraph => "paragraph",
            BlockKind::Turn => "turn",
            BlockKind::Participants => "participants",
            BlockKind::Signature => "signature",
            BlockKind::Classification => "classification",
            BlockKind::Dateline => "dateline",
        }
    }

    pub fn parse(s: &str) -> Option<BlockKind> {
        Some(match s {
            "heading" => BlockKind::Heading,
            "paragraph" => BlockKind::Paragraph,
            "turn" => BlockKind::Turn,
            "participants" => BlockKind::Participants,
            "signature" => BlockKind::Signature,
            "classification" => BlockKind::Classification,
            "dateline" => BlockKind::Dateline,
            _ => return None,
        })
    }
}

/// The speaker of a turn: the label as written and the name it resolves to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Speaker {
    /// The label as written, honorifics and OCR noise included ("Cde. Cde. Rim Hae").
    pub label: String,
    /// The name with honorifics and noise removed ("Rim Hae").
    pub name: String,
}

/// Inline content: text runs and editorial marks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Inline {
    Text(String),
    Mark(Mark),
}

/// An editorial mark inside a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mark {
    pub kind: MarkKind,
    /// The words inside the mark; empty for point marks such as `[?]` or `[sic]`.
    pub text: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MarkKind {
    /// Words added to the document (handwritten above the line, "[Inserted: ...]").
    Insertion,
    /// Words struck out in the document.
    Deletion,
    /// A raised number or sign that is not an insertion (stamp residue, footnote mark).
    Superscript,
    /// Words the editor could not read.
    Illegible,
    /// The preceding words are reproduced as found.
    Sic,
    /// The editor is unsure of the preceding reading.
    Uncertain,
    /// Words supplied by the editor or translator ("[him]").
    Supplied,
    /// An editorial or stage note ("(clarifies)").
    Note,
    /// A heading or gloss written in the margin beside the words ("Peace
    /// Treaty" beside the minute that deals with it).
    Margin,
}

impl MarkKind {
    pub const ALL: [MarkKind; 9] = [
        MarkKind::Insertion,
        MarkKind::Deletion,
        MarkKind::Superscript,
        MarkKind::Illegible,
        MarkKind::Sic,
        MarkKind::Uncertain,
        MarkKind::Supplied,
        MarkKind::Note,
        MarkKind::Margin,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            MarkKind::Insertion => "insertion",
            MarkKind::Deletion => "deletion",
            MarkKind::Superscript => "superscript",
            MarkKind::Illegible => "illegible",
            MarkKind::Sic => "sic",
            MarkKind::Uncertain => "uncertain",
            MarkKind::Supplied => "supplied",
            MarkKind::Note => "note",
            MarkKind::Margin => "margin",
        }
    }

    pub fn parse(s: &str) -> Option<MarkKind> {
        MarkKind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// A person named in a participants list.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Participant {
    pub name: String,
    pub role: Option<String>,
    /// The side or group the list places them in ("The Korean delegation").
    pub group: Option<String>,
    /// The same person as written in the other texts (by position in the lists).
    pub variants: Vec<String>,
}

pub mod inline {
    //! Reading the words out of inline content.

    use super::{Inline, MarkKind};

    /// Insertions and supplied words kept, deletions and point marks dropped.
    pub fn reading_text(content: &[Inline]) -> String {
        let mut out = String::new();
        for item in content {
            match item {
                Inline::Text(t) => out.push_str(t),
                Inline::Mark(m) => match m.kind {
                    MarkKind::Insertion
                    | MarkKind::Supplied
                    | MarkKind::Note
                    | MarkKind::Margin => push_spaced(&mut out, &m.text),
                    MarkKind::Illegible => push_spaced(&mut out, "[…]"),
                    MarkKind::Deletion
                    | MarkKind::Superscript
                    | MarkKind::Sic
                    | MarkKind::Uncertain => {}
                },
            }
        }
        collapse_spaces(&out)
    }

    /// Every word, deleted ones included: what search should be able to find.
    pub fn plain_text(content: &[Inline]) -> String {
        let mut out = String::new();
        for item in content {
            match item {
                Inline::Text(t) => out.push_str(t),
                Inline::Mark(m) => push_spaced(&mut out, &m.text),
            }
        }
        collapse_spaces(&out)
    }

    fn push_spaced(out: &mut String, s: &str) {
        if s.is_empty() {
            return;
        }
        if !out.is_empty() && !out.ends_with(char::is_whitespace) {
            out.push(' ');
        }
        out.push_str(s);
        out.push(' ');
    }

    fn collapse_spaces(s: &str) -> String {
        let mut out = String::with_capacity(s.len());
        for word in s.split_whitespace() {
            let glue_left = matches!(
                word.chars().next(),
                Some(',' | '.' | ';' | ':' | '?' | '!' | ')')
            );
            if !out.is_empty() && !glue_left {
                out.push(' ');
            }
            out.push_str(word);
        }
        out
    }
}
