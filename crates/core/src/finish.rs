//! What every reader does last, whatever format it read: the kind of
//! document from its title, the title and text a document must have, the
//! alignment of its turns, and its diagnostics in order and within bounds.
//!
//! The record reader ([`crate::record::read_record`]) and the TEI reader
//! (`fonds-tei`) both end with [`finish`], so that a document's kind and its
//! diagnostics about a missing title or text do not depend on the format it
//! came in.

use std::collections::BTreeMap;

use crate::diagnostic::{DiagCode, Diagnostic};
use crate::model::{inline, Block, BlockKind, DocType, Document, Inline, MarkKind};

/// The most diagnostics of one code a document keeps; one more says how
/// many were left out.
pub const MAX_DIAGNOSTICS_PER_CODE: usize = 1_000;

/// What a reader knows about its source that the finishing step uses.
#[derive(Debug, Clone, Copy)]
pub struct Finishing<'a> {
    /// Where the document begins in its source (a FRUS division's line),
    /// for the diagnostics about the whole document.
    pub line: Option<u32>,
    /// Where the source keeps a title, as the diagnostic of a missing one
    /// names it: "title heading", "<head>".
    pub title_place: &'a str,
    /// The kind the source states outright (a TEI `<textClass>` term); the
    /// kind is found from the title only when the source states none.
    pub stated_kind: Option<DocType>,
    /// Short notes that name the kind and are read before the title, such
    /// as FRUS's bracketed source notes ("[Telegram]").
    pub kind_notes: &'a [String],
}

impl Default for Finishing<'_> {
    fn default() -> Self {
        Finishing {
            line: None,
            title_place: "title",
            stated_kind: None,
            kind_notes: &[],
        }
    }
}

/// The last step of every reader: a title from the first heading when the
/// source gives none ([`DiagCode::NoTitle`], an error when no heading can
/// stand in either), [`DiagCode::NoText`] when no text holds a block, the
/// kind of document ([`doc_type`]), the alignment of the turns
/// ([`crate::align::align_document`]), and the diagnostics sorted by line and
/// capped at [`MAX_DIAGNOSTICS_PER_CODE`] per code.
pub fn finish(doc: &mut Document, with: &Finishing) {
    if doc.title.trim().is_empty() {
        let heading = doc
            .texts
            .iter()
            .flat_map(|t| t.blocks())
            .find(|b| b.kind == BlockKind::Heading)
            .map(|b| b.reading_text())
            .filter(|h| !h.trim().is_empty());
        let place = with.title_place;
        doc.diagnostics.push(match heading {
            Some(heading) => {
                doc.title = heading;
                Diagnostic::warning(
                    DiagCode::NoTitle,
                    with.line,
                    format!("the document has no {place}; its first heading stands in"),
                )
            }
            None => Diagnostic::error(
                DiagCode::NoTitle,
                with.line,
                format!("the document has no {place}, and no heading to stand in"),
            ),
        });
    }
    if doc.texts.iter().all(|t| t.blocks().next().is_none()) {
        doc.diagnostics.push(Diagnostic::error(
            DiagCode::NoText,
            with.line,
            "the document has no text: no transcription and no translation",
        ));
    }
    doc.doc_type = with
        .stated_kind
        .unwrap_or_else(|| doc_type(doc, with.kind_notes));
    crate::align::align_document(doc);
    doc.diagnostics
        .sort_by_key(|d| (d.line.unwrap_or(0), d.code));
    cap_diagnostics(doc);
}

/// Keeps the first [`MAX_DIAGNOSTICS_PER_CODE`] diagnostics of each code
/// and says how many of each were left out.
fn cap_diagnostics(doc: &mut Document) {
    let mut seen: BTreeMap<DiagCode, usize> = BTreeMap::new();
    doc.diagnostics.retain(|d| {
        let n = seen.entry(d.code).or_default();
        *n += 1;
        *n <= MAX_DIAGNOSTICS_PER_CODE
    });
    for (code, n) in seen {
        if n > MAX_DIAGNOSTICS_PER_CODE {
            doc.diagnostics.push(Diagnostic::info(
                DiagCode::LimitReached,
                None,
                format!(
                    "{} more {} diagnostics are not listed",
                    n - MAX_DIAGNOSTICS_PER_CODE,
                    code.as_str()
                ),
            ));
        }
    }
}

/// The words that name a kind of document, in the languages of the
/// archive's records. A word matches whole, from the start of a word to its
/// end; one ending in `*` is a stem that matches any ending (Russian,
/// German and Polish titles inflect: "Запись беседы", "Из дневника").
/// Words in scripts without case (Chinese, Korean) match anywhere.
const KIND_WORDS: &[(DocType, &[&str])] = &[
    (
        DocType::Conversation,
        &[
            "conversation",
            "conversations",
            "talks",
            "meeting",
            "бесед*",
            "gespräch*",
            "unterredung*",
            "rozmow*",
            "谈话",
            "会谈",
            "담화",
            "대화",
        ],
    ),
    (
        DocType::Telegram,
        &[
            "telegram",
            "telegrams",
            "cable",
            "телеграмм*",
            "шифротелеграмм*",
            "telegramm*",
            "电报",
            "電報",
            "전보",
        ],
    ),
    (
        DocType::Minutes,
        &[
            "minutes",
            "protokoll*",
            "протокол*",
            "protokół",
            "protokołu",
            "niederschrift*",
            "纪要",
        ],
    ),
    (
        DocType::Memorandum,
        &[
            "memorandum",
            "memo",
            "aide-mémoire",
            "aide-memoire",
            "note verbale",
            "записк*",
            "aktennotiz*",
            "vermerk*",
        ],
    ),
    (
        DocType::Letter,
        &[
            "letter",
            "письмо",
            "письма",
            "brief",
            "schreiben",
            "list",
            "listu",
            "信",
            "서한",
        ],
    ),
    (
        DocType::Report,
        &[
            "report",
            "доклад*",
            "отчет*",
            "отчёт*",
            "информаци*",
            "bericht*",
            "information",
            "sprawozdani*",
            "报告",
            "보고",
        ],
    ),
    (
        DocType::Speech,
        &["speech", "address", "речь", "выступлени*", "rede", "讲话"],
    ),
    (
        DocType::Resolution,
        &[
            "resolution",
            "decision",
            "decree",
            "постановлени*",
            "решени*",
            "beschluss*",
            "决定",
        ],
    ),
    (
        DocType::Diary,
        &["diary", "дневник*", "journal", "tagebuch*"],
    ),
];

/// How many of a text's opening headings (those before its first paragraph
/// or turn: not the heading of an enclosure) are read for the kind.
const HEADINGS_READ: usize = 3;

/// A text with this many speaker turns is a conversation, whatever its
/// title.
const CONVERSATION_TURNS: usize = 4;

/// The kind of document. The notes that name a kind, the title, then each
/// text's opening headings are read in turn, and the first of them with a
/// telling word gives the kind: its earliest one, the head noun of "Record
/// of a Conversation", "Memorandum of Conversation" or "Telegram from ... to
/// ...". Without one, a text of four or more speaker turns is a
/// conversation, and a title that reads "X to Y" is a letter (English titles
/// name despatches and instructions so).
pub fn doc_type(doc: &Document, notes: &[String]) -> DocType {
    let headings = doc.texts.iter().flat_map(|t| {
        t.blocks()
            .take_while(|b| !matches!(b.kind, BlockKind::Paragraph | BlockKind::Turn))
            .filter(|b| b.kind == BlockKind::Heading)
            .take(HEADINGS_READ)
            .map(own_words)
    });
    let read = notes
        .iter()
        .cloned()
        .chain(std::iter::once(doc.title.clone()))
        .chain(headings);
    for text in read {
        if let Some(kind) = kind_named(&text) {
            return kind;
        }
    }
    if doc
        .texts
        .iter()
        .any(|t| t.turns().count() >= CONVERSATION_TURNS)
    {
        return DocType::Conversation;
    }
    if find_word(&doc.title.to_lowercase(), "to").is_some() {
        return DocType::Letter;
    }
    DocType::Other
}

/// A block's words without the editors' notes in it: a FRUS heading's
/// footnote ("Repeated ... as Department's telegram No. 242") says nothing
/// of the document's kind.
fn own_words(b: &Block) -> String {
    let own: Vec<Inline> = b
        .content
        .iter()
        .filter(|i| !matches!(i, Inline::Mark(m) if matches!(m.kind, MarkKind::Note | MarkKind::Margin)))
        .cloned()
        .collect();
    inline::plain_text(&own)
}

/// The kind the earliest telling word of `text` names; of two words at the
/// same place, the longer.
fn kind_named(text: &str) -> Option<DocType> {
    let lower = text.to_lowercase();
    KIND_WORDS
        .iter()
        .flat_map(|(kind, words)| words.iter().map(move |w| (*kind, *w)))
        .filter_map(|(kind, w)| {
            find_word(&lower, w).map(|at| (at, std::cmp::Reverse(w.len()), kind))
        })
        .min_by_key(|(at, len, _)| (*at, *len))
        .map(|(_, _, kind)| kind)
}

/// The byte offset of `word` in `text` as a whole word (a stem, ending in
/// `*`, needs only its start on a word's start). Words in scripts without
/// case match anywhere.
fn find_word(text: &str, word: &str) -> Option<usize> {
    let (word, stem) = match word.strip_suffix('*') {
        Some(stem) => (stem, true),
        None => (word, false),
    };
    let caseless = word.chars().all(|c| !c.is_lowercase() && !c.is_uppercase());
    text.match_indices(word).map(|(at, _)| at).find(|&at| {
        let before = text[..at].chars().next_back();
        let after = text[at + word.len()..].chars().next();
        caseless
            || (!before.is_some_and(char::is_alphanumeric)
                && (stem || !after.is_some_and(char::is_alphanumeric)))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Page, Text, TextRole};
    use crate::Lang;

    fn titled(title: &str) -> Document {
        Document {
            title: title.into(),
            ..Document::default()
        }
    }

    fn kind(title: &str) -> DocType {
        doc_type(&titled(title), &[])
    }

    fn text(blocks: Vec<Block>) -> Text {
        Text {
            role: TextRole::Original,
            language: Lang::from_code("en").unwrap(),
            pages: vec![Page {
                blocks,
                ..Page::default()
            }],
        }
    }

    fn block(kind: BlockKind, words: &str) -> Block {
        Block {
            kind,
            content: vec![Inline::Text(words.into())],
            ..Block::default()
        }
    }

    #[test]
    fn a_title_names_the_kind_in_each_language() {
        let titles = [
            ("Запись беседы с послом КНР", DocType::Conversation),
            ("Из дневника А. А. Громыко", DocType::Diary),
            ("Шифротелеграмма из Пекина", DocType::Telegram),
            ("Niederschrift über das Gespräch", DocType::Minutes),
            ("Aktennotiz über eine Unterredung", DocType::Memorandum),
            ("Bericht über die Lage", DocType::Report),
            ("Notatka z rozmowy z ambasadorem", DocType::Conversation),
            ("Telegram from Beijing to Moscow", DocType::Telegram),
            ("Letter from Khrushchev to Gomułka", DocType::Letter),
            ("关于援助的报告", DocType::Report),
            ("Aide-mémoire of the Soviet Government", DocType::Memorandum),
        ];
        for (title, want) in titles {
            assert_eq!(kind(title), want, "{title}");
        }
    }

    #[test]
    fn the_head_noun_gives_the_kind() {
        assert_eq!(
            kind("Memorandum of Conversation between Dulles and Mikoyan"),
            DocType::Memorandum
        );
        assert_eq!(
            kind("Record of a Conversation with Zhou Enlai"),
            DocType::Conversation
        );
        assert_eq!(
            kind("Report on the Meeting of the Politburo"),
            DocType::Report
        );
    }

    #[test]
    fn a_word_inside_another_names_nothing() {
        assert_eq!(kind("Briefing paper"), DocType::Other);
        assert_eq!(kind("Journalists in Warsaw"), DocType::Other);
        assert_eq!(kind("Notatka, 5 listopada 1956"), DocType::Other);
    }

    #[test]
    fn notes_come_before_the_title() {
        let doc = titled("The Ambassador in France (Sharp) to the Secretary of State");
        assert_eq!(doc_type(&doc, &["[Telegram]".into()]), DocType::Telegram);
        assert_eq!(doc_type(&doc, &[]), DocType::Letter);
    }

    #[test]
    fn without_a_word_the_structure_tells() {
        let mut doc = titled("Untitled notes");
        doc.texts.push(text(
            (0..4).map(|_| block(BlockKind::Turn, "Yes.")).collect(),
        ));
        assert_eq!(doc_type(&doc, &[]), DocType::Conversation);
        assert_eq!(kind("Untitled notes"), DocType::Other);
    }

    #[test]
    fn a_stated_kind_is_kept() {
        let mut doc = titled("Telegram from Moscow");
        doc.texts
            .push(text(vec![block(BlockKind::Paragraph, "Text.")]));
        let with = Finishing {
            stated_kind: Some(DocType::Other),
            ..Finishing::default()
        };
        finish(&mut doc, &with);
        assert_eq!(doc.doc_type, DocType::Other);
    }

    #[test]
    fn a_missing_title_is_taken_from_the_first_heading() {
        let mut doc = Document::default();
        doc.texts.push(text(vec![
            block(BlockKind::Heading, "ТЕЛЕГРАММА"),
            block(BlockKind::Paragraph, "Текст."),
        ]));
        finish(&mut doc, &Finishing::default());
        assert_eq!(doc.title, "ТЕЛЕГРАММА");
        assert_eq!(doc.doc_type, DocType::Telegram);
        let d = doc.diagnostics.iter().find(|d| d.code == DiagCode::NoTitle);
        assert_eq!(d.map(|d| d.severity), Some(crate::Severity::Warning));
    }

    #[test]
    fn a_document_without_title_or_text_says_so() {
        let mut doc = Document::default();
        doc.texts.push(text(Vec::new()));
        let with = Finishing {
            line: Some(7),
            title_place: "<head>",
            ..Finishing::default()
        };
        finish(&mut doc, &with);
        let codes: Vec<(DiagCode, crate::Severity, Option<u32>)> = doc
            .diagnostics
            .iter()
            .map(|d| (d.code, d.severity, d.line))
            .collect();
        assert_eq!(
            codes,
            [
                (DiagCode::NoTitle, crate::Severity::Error, Some(7)),
                (DiagCode::NoText, crate::Severity::Error, Some(7)),
            ]
        );
        assert!(doc.diagnostics[0].message.contains("<head>"));
    }

    #[test]
    fn the_record_reader_ends_with_the_shared_step() {
        let long = "Товарищ посол сообщил, что правительство рассмотрело вопрос о поставках \
                    и готово дать ответ в ближайшие дни, если обе стороны согласятся с \
                    предложенным порядком работы комиссии и сроками её заседаний.";
        let doc = crate::record::read_record(&format!("ЗАПИСЬ БЕСЕДЫ\n\n{long}\n"), None);
        assert_eq!(doc.title, "ЗАПИСЬ БЕСЕДЫ");
        assert_eq!(doc.doc_type, DocType::Conversation);
        let d = doc.diagnostics.iter().find(|d| d.code == DiagCode::NoTitle);
        assert_eq!(d.map(|d| d.severity), Some(crate::Severity::Warning));

        let doc = crate::record::read_record(&format!("{long}\n"), None);
        assert!(doc.title.is_empty());
        let d = doc.diagnostics.iter().find(|d| d.code == DiagCode::NoTitle);
        assert_eq!(d.map(|d| d.severity), Some(crate::Severity::Error));
    }

    #[test]
    fn diagnostics_are_capped_per_code() {
        let mut doc = titled("Letter");
        doc.texts
            .push(text(vec![block(BlockKind::Paragraph, "Text.")]));
        for i in 0..MAX_DIAGNOSTICS_PER_CODE + 5 {
            doc.diagnostics.push(Diagnostic::info(
                DiagCode::Unstructured,
                Some(i as u32),
                "x",
            ));
        }
        finish(&mut doc, &Finishing::default());
        let kept = doc
            .diagnostics
            .iter()
            .filter(|d| d.code == DiagCode::Unstructured)
            .count();
        assert_eq!(kept, MAX_DIAGNOSTICS_PER_CODE);
        assert!(doc
            .diagnostics
            .iter()
            .any(|d| d.code == DiagCode::LimitReached && d.message.starts_with("5 more")));
    }
}
