//! The record-format reader: turns an archive export (a Markdown-like header
//! with title, date, citation, summary, original language and contents,
//! followed by the original transcription and its translations) into a
//! [`Document`].
//!
//! Reading never fails. Whatever the input, the reader returns the best
//! document it can and says in diagnostics what it could not understand or
//! what disagrees (dates, folios, turn counts).

mod blocks;
mod layout;
mod marks;
mod split;
pub mod write;

pub use blocks::{classification, recorded_by, turn_label, TurnLabel};
pub use layout::page_marker;
pub use marks::parse_inline;
pub use split::{detect_languages, split, Paragraphs, Segment};

use crate::citation::parse::parse_citation;
use crate::date::{find_dates, parse_date};
use crate::diagnostic::{DiagCode, Diagnostic};
use crate::finish::{finish, Finishing};
use crate::lang::Lang;
use crate::model::*;
use blocks::{
    accepted_label, block, join_lines, label_stats, parse_participants, participants_start,
    speaker, turn_content, Labels,
};
use layout::{choose_folios, paginate, Line};

/// The most blocks a text is divided into; the lines after them are kept
/// as one paragraph of plain text. Each block costs the document (and its
/// JSON form, its rows, its index entry) far more than its bytes, so a
/// record of a million one-word paragraphs would cost gigabytes. Real
/// texts have hundreds.
pub const MAX_BLOCKS: usize = 20_000;

/// The most editorial marks a text keeps; the blocks after them keep their
/// words as plain text.
pub const MAX_MARKS: usize = 20_000;

/// Reads one record. `source_name` (a file name) gives the id when the record
/// has no URL of its own.
///
/// The cost in time and memory is linear in the record's size whatever it
/// holds: every pass is bounded (see [`MAX_BLOCKS`], [`MAX_MARKS`],
/// [`crate::finish::MAX_DIAGNOSTICS_PER_CODE`], [`blocks::MAX_PARTICIPANTS`],
/// [`crate::align::MAX_ALIGNED_TURNS`]), and a pass that reaches its bound
/// does less and says so with a [`DiagCode::LimitReached`] diagnostic.
pub fn read_record(input: &str, source_name: Option<&str>) -> Document {
    let text = normalize(input);
    let lines: Vec<Line> = text
        .lines()
        .enumerate()
        .map(|(i, t)| Line {
            no: i as u32 + 1,
            text: t,
        })
        .collect();
    let mut doc = Document::default();
    let header = read_header(&lines, &mut doc);
    let body = &lines[header.body_start.min(lines.len())..];
    read_body(body, &header, &mut doc);
    assemble(&mut doc, &text, source_name);
    finish(
        &mut doc,
        &Finishing {
            title_place: "title heading",
            ..Finishing::default()
        },
    );
    doc
}

fn normalize(input: &str) -> String {
    let s = input.strip_prefix('\u{feff}').unwrap_or(input);
    let s = s.replace("\r\n", "\n").replace('\r', "\n");
    // Control characters other than tab and newline carry nothing readable.
    s.chars()
        .filter(|&c| c == '\n' || c == '\t' || !c.is_control())
        .collect()
}

/// What the header said about the body.
#[derive(Default)]
struct Header {
    body_start: usize,
    /// Languages the record lists as transcripts or translations, in order.
    transcripts: Vec<Lang>,
    translations: Vec<Lang>,
}

/// A Markdown heading: its level and text without emphasis markers.
fn heading(line: &str) -> Option<(usize, String)> {
    let t = line.trim_start();
    let level = t.chars().take_while(|&c| c == '#').count();
    if level == 0 || level > 6 || !t[level..].starts_with(' ') {
        return None;
    }
    let text = t[level..]
        .trim()
        .trim_matches('*')
        .trim()
        .trim_end_matches('*')
        .trim();
    Some((level, text.replace("**", "")))
}

fn section_name(heading: &str) -> Option<String> {
    heading
        .strip_suffix(':')
        .or_else(|| heading.strip_suffix('：'))
        .map(|s| s.trim().to_string())
}

fn content_item(line: &str) -> Option<ContentItem> {
    let t = line.trim().trim_start_matches(['-', '*', '•']).trim();
    let lower = t.to_lowercase();
    let (head, lang) = match t.split_once(" - ").or_else(|| t.split_once(" – ")) {
        Some((h, l)) => (h.trim().to_lowercase(), Lang::from_name(l)),
        None => (lower.clone(), None),
    };
    let kind = match head.as_str() {
        "original scan" | "scan" | "original" | "original document" => ContentKind::Scan,
        "transcript" | "transcription" | "original transcript" => ContentKind::Transcript,
        "translation" | "english translation" => ContentKind::Translation,
        _ if lower.starts_with("translation") => ContentKind::Translation,
        _ if lower.starts_with("transcript") => ContentKind::Transcript,
        _ => return None,
    };
    Some(ContentItem {
        kind,
        language: lang,
        label: t.to_string(),
    })
}

fn read_header(lines: &[Line], doc: &mut Document) -> Header {
    let mut header = Header::default();
    let mut i = 0;
    let next_heading =
        |from: usize| (from..lines.len()).find(|&k| heading(lines[k].text).is_some());
    loop {
        while i < lines.len() && lines[i].text.trim().is_empty() {
            i += 1;
        }
        let Some((_, text)) = lines.get(i).and_then(|l| heading(l.text)) else {
            break;
        };
        let line_no = lines[i].no;
        i += 1;
        let Some(name) = section_name(&text) else {
            // A heading that is not a section: the date or the title.
            if let Some((value, certainty)) = parse_date(&text) {
                doc.dates.push(DateStatement {
                    stated: text.clone(),
                    value: Some(value),
                    certainty,
                    source: Place {
                        part: Part::Header,
                        line: Some(line_no),
                    },
                });
            } else if doc.title.is_empty() {
                doc.title = text;
            } else {
                doc.extra.push(("Heading".into(), text));
            }
            continue;
        };
        // The section's content runs to the next heading; the last section has
        // only its first paragraph (the contents list, its items), and the body
        // follows.
        let end = match next_heading(i) {
            Some(end) => end,
            None => {
                let mut k = i;
                while k < lines.len() && lines[k].text.trim().is_empty() {
                    k += 1;
                }
                let is_contents = name.eq_ignore_ascii_case("contents");
                while k < lines.len()
                    && !lines[k].text.trim().is_empty()
                    && (!is_contents || content_item(lines[k].text).is_some())
                {
                    k += 1;
                }
                k
            }
        };
        let content: Vec<&str> = lines[i..end].iter().map(|l| l.text).collect();
        read_section(&name, &content, line_no, doc, &mut header);
        i = end;
    }
    header.body_start = i;
    header
}

fn paragraphs_text(lines: &[&str]) -> String {
    let mut paras: Vec<String> = Vec::new();
    let mut cur: Vec<&str> = Vec::new();
    for l in lines.iter().chain(std::iter::once(&"")) {
        if l.trim().is_empty() {
            if !cur.is_empty() {
                paras.push(join_lines(&cur));
                cur.clear();
            }
        } else {
            cur.push(l);
        }
    }
    paras.join("\n\n")
}

fn read_section(name: &str, content: &[&str], line: u32, doc: &mut Document, header: &mut Header) {
    let text = paragraphs_text(content);
    let key = name.to_lowercase();
    if text.trim().is_empty() {
        doc.diagnostics.push(Diagnostic::info(
            DiagCode::EmptySection,
            Some(line),
            format!("the section \"{name}\" is empty"),
        ));
    }
    match key.as_str() {
        "citation" | "source" => {
            // Keep the citation's own line breaks out: it is one sentence sequence.
            let joined = content
                .iter()
                .map(|l| l.trim())
                .filter(|l| !l.is_empty())
                .collect::<Vec<_>>()
                .join(" ");
            doc.citation = parse_citation(&joined);
            if let Some(found) = find_dates(&joined).into_iter().next() {
                doc.dates.push(DateStatement {
                    stated: joined[found.span.clone()].to_string(),
                    value: Some(found.value),
                    certainty: found.certainty,
                    source: Place {
                        part: Part::Citation,
                        line: Some(line + 1),
                    },
                });
            }
        }
        "summary" | "description" | "abstract" => {
            doc.summary = Some(text).filter(|t| !t.trim().is_empty());
        }
        "original language" | "original languages" | "language" | "languages" => {
            for name in text
                .split([',', ';', '/', '\n'])
                .flat_map(|s| s.split(" and "))
            {
                let name = name.trim();
                if name.is_empty() {
                    continue;
                }
                match Lang::from_name(name) {
                    Some(l) if !doc.original_languages.contains(&l) => {
                        doc.original_languages.push(l)
                    }
                    Some(_) => {}
                    None => doc.diagnostics.push(Diagnostic::warning(
                        DiagCode::LanguageUnknown,
                        Some(line + 1),
                        format!("unknown language \"{name}\""),
                    )),
                }
            }
        }
        "contents" => {
            for l in content.iter().filter(|l| !l.trim().is_empty()) {
                match content_item(l) {
                    Some(item) => {
                        match (item.kind, &item.language) {
                            (ContentKind::Transcript, Some(lang)) => {
                                header.transcripts.push(lang.clone())
                            }
                            (ContentKind::Translation, Some(lang)) => {
                                header.translations.push(lang.clone())
                            }
                            _ => {}
                        }
                        doc.contents.push(item);
                    }
                    None => doc.diagnostics.push(Diagnostic::info(
                        DiagCode::UnknownSection,
                        Some(line),
                        format!("unrecognised contents item \"{}\"", l.trim()),
                    )),
                }
            }
        }
        _ => {
            doc.diagnostics.push(Diagnostic::info(
                DiagCode::UnknownSection,
                Some(line),
                format!("the section \"{name}\" is kept as is"),
            ));
            doc.extra.push((name.to_string(), text));
        }
    }
}

fn read_body(body: &[Line], header: &Header, doc: &mut Document) {
    let texts: Vec<&str> = body.iter().map(|l| l.text).collect();
    let paragraphs = Paragraphs::of(&texts);
    let detected = detect_languages(&paragraphs);
    let mut expected: Vec<Lang> = Vec::new();
    for lang in doc
        .original_languages
        .iter()
        .chain(&header.transcripts)
        .chain(&header.translations)
    {
        if !expected.contains(lang) {
            expected.push(lang.clone());
        }
    }
    // Detection adds the languages the record does not declare, but only in
    // scripts none of the declared ones covers: function words alone do not
    // outweigh the record's word that a Cyrillic text is Russian, not Bulgarian.
    let declared = expected.clone();
    for lang in &detected {
        if !expected.contains(lang) && !declared.iter().any(|d| d.script() == lang.script()) {
            expected.push(lang.clone());
        }
    }
    // Keep the detected order where the record's lists do not fix it: the
    // transcription comes first in exports.
    expected.sort_by_key(|l| {
        if doc.original_languages.contains(l) || header.transcripts.contains(l) {
            0
        } else {
            1
        }
    });
    if expected.len() > split::MAX_LANGUAGES {
        doc.diagnostics.push(Diagnostic::warning(
            DiagCode::LimitReached,
            None,
            format!(
                "the record names {} languages; the body is divided among the first {}",
                expected.len(),
                split::MAX_LANGUAGES
            ),
        ));
    }
    let segments = split(&paragraphs, &expected);
    let mut have_original = false;
    for seg in segments {
        let listed_translation =
            header.translations.contains(&seg.lang) && !header.transcripts.contains(&seg.lang);
        let is_original = !have_original
            && !listed_translation
            && (doc.original_languages.contains(&seg.lang)
                || header.transcripts.contains(&seg.lang)
                || doc.original_languages.is_empty());
        let role = if is_original {
            TextRole::Original
        } else {
            TextRole::Translation
        };
        have_original |= is_original;
        let text = build_text(&body[seg.start..seg.end], role, seg.lang, doc);
        doc.texts.push(text);
    }
    if doc.texts.is_empty() && body.iter().any(|l| !l.text.trim().is_empty()) {
        // Letters in no script fonds knows, or only numbers: keep them as an
        // undetermined text rather than drop them.
        let lang = doc.original_languages.first().cloned().unwrap_or_default();
        let text = build_text(body, TextRole::Original, lang, doc);
        doc.texts.push(text);
        doc.diagnostics.push(Diagnostic::warning(
            DiagCode::LanguageUnknown,
            body.first().map(|l| l.no),
            "the language of the body could not be identified",
        ));
    }
}

/// A text made from what OCR read on each scan: page `n` holds the `n`th
/// page's text, read into blocks (speaker turns, headings, editorial marks,
/// folio stamps) as a record's body is, whatever page numbers the OCR found
/// on it. Returns the diagnostics of the reading with it.
pub fn text_from_pages(
    pages: &[String],
    role: TextRole,
    language: Lang,
) -> (Text, Vec<Diagnostic>) {
    let mut scratch = Document::default();
    let mut out = Text {
        role,
        language: language.clone(),
        pages: Vec::new(),
    };
    let mut first = 1u32;
    for (i, page) in pages.iter().enumerate() {
        let lines: Vec<Line> = (first..)
            .zip(page.lines())
            .map(|(no, text)| Line { no, text })
            .collect();
        let start = first;
        first += lines.len() as u32 + 1;
        let read = build_text(&lines, role, language.clone(), &mut scratch);
        let mut whole = Page {
            number: Some(i as u32 + 1),
            folio: None,
            line: start,
            blocks: Vec::new(),
        };
        for p in read.pages {
            whole.folio = whole.folio.or(p.folio);
            whole.blocks.extend(p.blocks);
        }
        out.pages.push(whole);
    }
    (out, scratch.diagnostics)
}

/// One page of a text, `pages[at]`, read as a record's body is, the
/// speaker labels of the whole text known (a plain label counts as one when
/// the text says it twice, or holds several certain turns): what an
/// editor's corrected page reads as. Its lines count from 1; returns its
/// blocks and the diagnostics of the reading.
pub fn page_in_text(
    pages: &[String],
    at: usize,
    role: TextRole,
    language: Lang,
) -> (Vec<Block>, Vec<Diagnostic>) {
    let all: Vec<Line> = pages
        .iter()
        .flat_map(|p| p.lines())
        .map(|text| Line { no: 0, text })
        .collect();
    let weak = label_stats(&all);
    let Some(page) = pages.get(at) else {
        return (Vec::new(), Vec::new());
    };
    let lines: Vec<Line> = (1..)
        .zip(page.lines())
        .map(|(no, text)| Line { no, text })
        .collect();
    let mut scratch = Document::default();
    let read = build_text_labelled(&lines, role, language, &mut scratch, &weak);
    let blocks = read.pages.into_iter().flat_map(|p| p.blocks).collect();
    (blocks, scratch.diagnostics)
}

/// Builds one text's pages and blocks from its lines.
fn build_text(lines: &[Line], role: TextRole, language: Lang, doc: &mut Document) -> Text {
    let weak = label_stats(lines);
    build_text_labelled(lines, role, language, doc, &weak)
}

/// As [`build_text`], with the speaker labels of `weak`.
fn build_text_labelled(
    lines: &[Line],
    role: TextRole,
    language: Lang,
    doc: &mut Document,
    weak: &Labels,
) -> Text {
    let raw_pages = paginate(lines);
    let hint = doc
        .citation
        .archival_reference
        .as_ref()
        .and_then(|r| r.folios)
        .map(|f| f.from);
    let stamps: Vec<Vec<String>> = raw_pages
        .iter()
        .map(|p| p.stamps.iter().map(|l| l.text.trim().to_string()).collect())
        .collect();
    let mut folios = choose_folios(&stamps, hint);
    sheet_folios(&raw_pages, &mut folios);
    let part = role.part();
    let mut state = State {
        opening: true,
        speaker: None,
        in_participants: false,
    };
    let mut pages: Vec<Page> = Vec::new();
    let marked = raw_pages.iter().any(|p| p.printed.is_some());
    let (mut blocks_left, mut marks_left) = (MAX_BLOCKS, MAX_MARKS);
    // The lines after the last block the text may have.
    let mut rest: Vec<Line> = Vec::new();
    for (index, (raw, folio)) in raw_pages.into_iter().zip(folios).enumerate() {
        if blocks_left == 0 {
            rest.extend(raw.stamps.iter().chain(&raw.lines).copied());
            continue;
        }
        let number = match raw.printed {
            Some(n) => Some(n),
            None if marked => Some(index as u32 + 1),
            None => None,
        };
        if let Some(f) = &folio {
            if !f.read {
                let what = match &f.raw {
                    Some(raw) => format!("the stamp reads \"{raw}\""),
                    None => "no stamp was found".to_string(),
                };
                doc.diagnostics.push(Diagnostic::info(
                    DiagCode::FolioInferred,
                    Some(raw.line),
                    format!(
                        "{} page {}: {what}; folio {} inferred from the sequence",
                        role.as_str(),
                        number.unwrap_or(index as u32 + 1),
                        f.number
                    ),
                ));
            }
        }
        let mut page = Page {
            number,
            folio: folio.map(|f| Folio {
                number: f.number,
                side: f.side,
                raw: f.raw,
                read: f.read,
            }),
            line: raw.line,
            blocks: Vec::new(),
        };
        for para in paragraphs(&raw.lines, weak) {
            if blocks_left == 0 {
                rest.extend(para);
                continue;
            }
            blocks_left -= 1;
            let mut problems = Vec::new();
            let mut block = classify(&para, weak, &mut state, &mut problems);
            let marks = block
                .content
                .iter()
                .filter(|i| matches!(i, Inline::Mark(_)))
                .count();
            if marks > marks_left {
                if marks_left > 0 {
                    doc.diagnostics.push(Diagnostic::warning(
                        DiagCode::LimitReached,
                        Some(para[0].no),
                        format!(
                            "{}: more than {MAX_MARKS} editorial marks; from here on their words are kept as plain text",
                            part.as_str()
                        ),
                    ));
                }
                marks_left = 0;
                block.content = vec![Inline::Text(inline::plain_text(&block.content))];
            } else {
                marks_left -= marks;
            }
            if block.participants.len() >= blocks::MAX_PARTICIPANTS {
                doc.diagnostics.push(Diagnostic::warning(
                    DiagCode::LimitReached,
                    Some(para[0].no),
                    format!(
                        "{}: a participants list names more than {} people; the first {} are kept",
                        part.as_str(),
                        blocks::MAX_PARTICIPANTS,
                        blocks::MAX_PARTICIPANTS
                    ),
                ));
            }
            for p in problems {
                doc.diagnostics.push(Diagnostic::warning(
                    DiagCode::UnclosedMark,
                    Some(para[0].no),
                    format!("{}: {p}", part.as_str()),
                ));
            }
            page.blocks.push(block);
        }
        pages.push(page);
    }
    if let (Some(first), Some(page)) = (rest.first(), pages.last_mut()) {
        doc.diagnostics.push(Diagnostic::warning(
            DiagCode::LimitReached,
            Some(first.no),
            format!(
                "{}: more than {MAX_BLOCKS} blocks; the rest, from line {}, is kept as one paragraph of plain text",
                part.as_str(),
                first.no
            ),
        ));
        let text: Vec<&str> = rest.iter().map(|l| l.text).collect();
        page.blocks.push(block(
            BlockKind::Paragraph,
            vec![Inline::Text(text.join("\n"))],
            first.no,
        ));
    }
    // Printed page numbers should rise by one.
    let printed: Vec<(u32, u32)> = pages
        .iter()
        .filter_map(|p| p.number.map(|n| (n, p.line)))
        .collect();
    for w in printed.windows(2) {
        if w[1].0 != w[0].0 + 1 {
            doc.diagnostics.push(Diagnostic::info(
                DiagCode::PageOrder,
                Some(w[1].1),
                format!("{}: page {} follows page {}", part.as_str(), w[1].0, w[0].0),
            ));
        }
    }
    Text {
        role,
        language,
        pages,
    }
}

/// Gives the pages their sheet markers' folios ("Bl. 13" is folio 13,
/// whatever a stamp reads), and, in a text that has sheet markers, a page
/// without one the folio after the page before it (or before the page
/// after it), inferred.
fn sheet_folios(pages: &[layout::RawPage], folios: &mut [Option<layout::FolioChoice>]) {
    if pages.iter().all(|p| p.sheet.is_none()) {
        return;
    }
    for (page, folio) in pages.iter().zip(folios.iter_mut()) {
        if let Some((number, side, raw)) = page.sheet {
            *folio = Some(layout::FolioChoice {
                number,
                side,
                raw: Some(raw.to_string()),
                read: true,
            });
        }
    }
    let inferred = |number: u32| layout::FolioChoice {
        number,
        side: None,
        raw: None,
        read: false,
    };
    for i in 1..folios.len() {
        if folios[i].is_none() {
            if let Some(prev) = folios[i - 1].as_ref().filter(|f| f.side.is_none()) {
                folios[i] = Some(inferred(prev.number + 1));
            }
        }
    }
    for i in (0..folios.len().saturating_sub(1)).rev() {
        if folios[i].is_none() {
            if let Some(next) = folios[i + 1]
                .as_ref()
                .filter(|f| f.side.is_none() && f.number > 1)
            {
                folios[i] = Some(inferred(next.number - 1));
            }
        }
    }
}

/// Splits a page's lines into paragraphs at blank lines and before lines that
/// open a turn, a participants list or a signature.
fn paragraphs<'a>(lines: &[Line<'a>], weak: &Labels) -> Vec<Vec<Line<'a>>> {
    let mut out: Vec<Vec<Line<'a>>> = Vec::new();
    let mut cur: Vec<Line<'a>> = Vec::new();
    for &line in lines {
        if line.text.trim().is_empty() {
            if !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            continue;
        }
        // A security marking heads its own block even when the copy number
        // follows on the next line ("Секретно" / "Экз. No 2").
        if cur.len() == 1
            && classification(cur[0].text).is_some()
            && classification(line.text).is_none()
        {
            out.push(std::mem::take(&mut cur));
        }
        let opens = accepted_label(line.text, weak).is_some()
            || participants_start(line.text).is_some()
            || recorded_by(line.text).is_some();
        if opens && !cur.is_empty() {
            out.push(std::mem::take(&mut cur));
        }
        cur.push(line);
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

struct State {
    /// Still in the heading area before the first turn or running text.
    opening: bool,
    /// The speaker of the last turn, whose words a plain paragraph continues.
    speaker: Option<Speaker>,
    in_participants: bool,
}

fn word_count(s: &str) -> usize {
    crate::lang::approx_words(s)
}

fn classify(para: &[Line], weak: &Labels, state: &mut State, problems: &mut Vec<String>) -> Block {
    let texts: Vec<&str> = para.iter().map(|l| l.text).collect();
    let joined = join_lines(&texts);
    let line = para[0].no;
    if state.opening && classification(&joined).is_some() {
        return block(
            BlockKind::Classification,
            parse_inline(&joined, problems),
            line,
        );
    }
    if let Some(start) = participants_start(&joined) {
        let first_line_rest = texts[0]
            .find([':', '：'])
            .map_or("", |c| texts[0][c..].trim_start_matches([':', '：']).trim());
        let items = &texts[1..];
        let per_line = items.len() >= 2
            && first_line_rest.is_empty()
            && items[..items.len() - 1]
                .iter()
                .all(|l| !l.trim_end().ends_with([',', '-', ';']));
        let list = if per_line {
            items
                .iter()
                .map(|l| l.trim())
                .collect::<Vec<_>>()
                .join("\n")
        } else {
            joined[start..].to_string()
        };
        let mut b = block(
            BlockKind::Participants,
            parse_inline(&joined, problems),
            line,
        );
        b.participants = parse_participants(&list, None, per_line);
        state.in_participants = true;
        state.opening = false;
        return b;
    }
    if state.in_participants && state.speaker.is_none() {
        // "The Korean delegation: ..." after the list continues it with a new group.
        if let Some(colon) = joined.find([':', '：']) {
            let label = joined[..colon].trim();
            if (1..=6).contains(&word_count(label))
                && !label.contains(',')
                && accepted_label(&joined, weak).is_none()
            {
                let mut b = block(
                    BlockKind::Participants,
                    parse_inline(&joined, problems),
                    line,
                );
                let rest = &joined[colon..];
                let rest = &rest[rest.chars().next().map_or(1, char::len_utf8)..];
                b.participants = parse_participants(rest, Some(label), false);
                return b;
            }
        }
    }
    state.in_participants = false;
    if recorded_by(&joined).is_some() {
        state.speaker = None;
        return block(BlockKind::Signature, parse_inline(&joined, problems), line);
    }
    if let Some(first) = accepted_label(texts[0], weak) {
        // Read the label again on the joined text, whose offsets differ from
        // the first line's once line ends are mended.
        let label = turn_label(&joined)
            .filter(|l| l.name == first.name)
            .unwrap_or(first);
        let mut at = label.body.min(joined.len());
        while !joined.is_char_boundary(at) {
            at -= 1;
        }
        let body = &joined[at..];
        let mut b = block(BlockKind::Turn, turn_content(body, problems), line);
        let who = speaker(&label);
        b.speaker = Some(who.clone());
        state.speaker = Some(who);
        state.opening = false;
        return b;
    }
    if let Some(who) = &state.speaker {
        let mut b = block(BlockKind::Turn, turn_content(&joined, problems), line);
        b.speaker = Some(who.clone());
        b.continued = true;
        return b;
    }
    let words = word_count(&joined);
    if state.opening && words <= 25 {
        let has_date = !find_dates(&joined).is_empty();
        let kind = if has_date && words <= 8 {
            BlockKind::Dateline
        } else {
            BlockKind::Heading
        };
        return block(kind, parse_inline(&joined, problems), line);
    }
    if words > 25 {
        state.opening = false;
    }
    block(BlockKind::Paragraph, parse_inline(&joined, problems), line)
}

/// Document-wide assembly: dates from the texts, participants, checks across
/// texts. What every reader does last follows in [`finish`].
fn assemble(doc: &mut Document, source: &str, source_name: Option<&str>) {
    doc.id = document_id(doc.citation.url.as_deref(), source_name, source);
    collect_text_dates(doc);
    check_dates(doc);
    collect_participants(doc);
    collect_recorders(doc);
    doc.classification = doc.texts.iter().find_map(|t| {
        t.blocks()
            .find(|b| b.kind == BlockKind::Classification)
            .map(|b| {
                let text = b.plain_text();
                Classification {
                    level: classification(&text),
                    text,
                    source: Place {
                        part: t.role.part(),
                        line: Some(b.line),
                    },
                }
            })
    });
    check_turns(doc);
    check_folios(doc);
    check_contents(doc);
    if doc.citation.text.is_empty() {
        doc.diagnostics.push(Diagnostic::warning(
            DiagCode::MissingSection,
            None,
            "the record has no citation",
        ));
    } else {
        if doc.citation.archival_reference.is_none() {
            doc.diagnostics.push(Diagnostic::warning(
                DiagCode::CitationIncomplete,
                None,
                "the citation names no archival reference",
            ));
        }
        if doc.citation.url.is_none() {
            doc.diagnostics.push(Diagnostic::info(
                DiagCode::CitationIncomplete,
                None,
                "the citation gives no URL",
            ));
        }
    }
    if doc.dates.is_empty() {
        doc.diagnostics.push(Diagnostic::warning(
            DiagCode::MissingSection,
            None,
            "the record states no date",
        ));
    }
}

/// A stable id: the record's URL made path-safe, else its file name, else a
/// hash of its text.
pub fn document_id(url: Option<&str>, source_name: Option<&str>, source: &str) -> String {
    if let Some(url) = url {
        let rest = url.split_once("://").map_or(url, |(_, r)| r);
        let rest = rest.strip_prefix("www.").unwrap_or(rest);
        let slug = slug(rest);
        if !slug.is_empty() {
            return slug;
        }
    }
    if let Some(name) = source_name {
        let file = name.rsplit(['/', '\\']).next().unwrap_or(name);
        let stem = file.rsplit_once('.').map_or(file, |(s, _)| s);
        let slug = slug(stem);
        if !slug.is_empty() {
            return slug;
        }
    }
    // FNV-1a: stable across platforms and releases, unlike the std hasher.
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in source.bytes() {
        h ^= b as u64;
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    format!("doc-{h:016x}")
}

fn slug(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-').chars().take(120).collect()
}

/// The first date in each text's opening blocks becomes a statement.
fn collect_text_dates(doc: &mut Document) {
    let mut found = Vec::new();
    for text in &doc.texts {
        let opening = text
            .blocks()
            .take_while(|b| !matches!(b.kind, BlockKind::Turn | BlockKind::Participants))
            .take(8);
        for b in opening {
            if !matches!(
                b.kind,
                BlockKind::Heading | BlockKind::Dateline | BlockKind::Classification
            ) {
                continue;
            }
            let plain = b.plain_text();
            if let Some(d) = find_dates(&plain).into_iter().next() {
                found.push(DateStatement {
                    stated: plain[d.span.clone()].to_string(),
                    value: Some(d.value),
                    certainty: d.certainty,
                    source: Place {
                        part: text.role.part(),
                        line: Some(b.line),
                    },
                });
                break;
            }
        }
    }
    // A title ending in a date ("..., March 1962") states one too.
    if let Some(d) = find_dates(&doc.title).into_iter().last() {
        found.insert(
            0,
            DateStatement {
                stated: doc.title[d.span.clone()].to_string(),
                value: Some(d.value),
                certainty: d.certainty,
                source: Place {
                    part: Part::Title,
                    line: None,
                },
            },
        );
    }
    for d in found {
        if !doc.dates.iter().any(|e| e.value == d.value) {
            doc.dates.push(d);
        }
    }
    // The citation usually repeats the heading's date; keep it only when it adds one.
    let mut seen: Vec<Option<crate::date::DateValue>> = Vec::new();
    doc.dates.retain(|d| {
        if d.source.part == Part::Citation && seen.contains(&d.value) {
            return false;
        }
        seen.push(d.value.clone());
        true
    });
}

fn describe(d: &DateStatement) -> String {
    let at = d
        .source
        .line
        .map_or(String::new(), |l| format!(" (line {l})"));
    let edtf = d
        .value
        .as_ref()
        .map_or("?".to_string(), |v| v.to_edtf(d.certainty));
    format!(
        "the {}{at} says \"{}\" ({edtf})",
        d.source.part.as_str(),
        d.stated
    )
}

fn check_dates(doc: &mut Document) {
    let Some(first) = doc.dates.iter().find(|d| d.value.is_some()).cloned() else {
        return;
    };
    let pref = first.value.clone().expect("checked");
    for d in &doc.dates {
        if let Some(v) = &d.value {
            if !v.overlaps(&pref) {
                doc.diagnostics.push(Diagnostic::warning(
                    DiagCode::DateConflict,
                    d.source.line,
                    format!(
                        "conflicting dates: {}, but {}",
                        describe(&first),
                        describe(d)
                    ),
                ));
            }
        }
    }
}

/// The document's participants come from the clearest text (an English
/// translation, else any translation, else the original); the other texts'
/// lists give the same people's other spellings, matched by position.
fn collect_participants(doc: &mut Document) {
    let lists: Vec<(TextRole, Lang, Vec<Participant>)> = doc
        .texts
        .iter()
        .map(|t| {
            (
                t.role,
                t.language.clone(),
                t.blocks()
                    .flat_map(|b| b.participants.iter().cloned())
                    .collect::<Vec<_>>(),
            )
        })
        .filter(|(_, _, ps)| !ps.is_empty())
        .collect();
    let preferred = lists
        .iter()
        .position(|(r, l, _)| *r == TextRole::Translation && l.code() == "en")
        .or_else(|| {
            lists
                .iter()
                .position(|(r, _, _)| *r == TextRole::Translation)
        })
        .or(if lists.is_empty() { None } else { Some(0) });
    let Some(p) = preferred else { return };
    let mut people = lists[p].2.clone();
    for (i, (role, _, other)) in lists.iter().enumerate() {
        if i == p {
            continue;
        }
        if other.len() == people.len() {
            for (person, o) in people.iter_mut().zip(other) {
                if o.name != person.name && !person.variants.contains(&o.name) {
                    person.variants.push(o.name.clone());
                }
            }
        } else {
            doc.diagnostics.push(Diagnostic::info(
                DiagCode::ParticipantsMismatch,
                None,
                format!(
                    "the {} names {} participants, the {} {}",
                    lists[p].0.as_str(),
                    people.len(),
                    role.as_str(),
                    other.len()
                ),
            ));
        }
    }
    doc.participants = people;
}

/// Who recorded the conversation, as the clearest text (the one that gave the
/// participants, else a translation) names them.
fn collect_recorders(doc: &mut Document) {
    let preferred = doc
        .texts
        .iter()
        .position(|t| t.role == TextRole::Translation && t.language.code() == "en")
        .or_else(|| {
            doc.texts
                .iter()
                .position(|t| t.role == TextRole::Translation)
        });
    doc.recorded_by = preferred
        .map(|i| signatures(&doc.texts[i..=i]))
        .unwrap_or_default();
    if doc.recorded_by.is_empty() {
        doc.recorded_by = signatures(&doc.texts);
    }
}

fn signatures(texts: &[Text]) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    let found = texts
        .iter()
        .flat_map(|t| t.blocks())
        .filter(|b| b.kind == BlockKind::Signature)
        .filter_map(|b| recorded_by(&b.plain_text()));
    for name in found {
        if !names.contains(&name) {
            names.push(name);
        }
    }
    names
}

fn check_turns(doc: &mut Document) {
    let Some(original) = doc.original() else {
        return;
    };
    let n = original.turns().count();
    let mut out = Vec::new();
    for t in doc.translations() {
        let m = t.turns().count();
        if n > 0 && m > 0 && n != m {
            out.push(Diagnostic::warning(
                DiagCode::TurnCountMismatch,
                t.pages.first().map(|p| p.line),
                format!(
                    "the original has {n} speaker turns, the {} translation {m}",
                    t.language.name()
                ),
            ));
        }
    }
    doc.diagnostics.extend(out);
}

fn check_folios(doc: &mut Document) {
    let Some(range) = doc
        .citation
        .archival_reference
        .as_ref()
        .and_then(|r| r.folios)
    else {
        return;
    };
    let mut out = Vec::new();
    for t in &doc.texts {
        let folios: Vec<u32> = t
            .pages
            .iter()
            .filter_map(|p| p.folio.as_ref().map(|f| f.number))
            .collect();
        let (Some(min), Some(max)) = (folios.iter().min(), folios.iter().max()) else {
            continue;
        };
        if (*min, *max) != (range.from, range.to) {
            out.push(Diagnostic::warning(
                DiagCode::FolioMismatch,
                t.pages.first().map(|p| p.line),
                format!(
                    "the citation gives folios {}-{}, the {} runs from folio {min} to {max}",
                    range.from,
                    range.to,
                    t.role.as_str()
                ),
            ));
        }
    }
    doc.diagnostics.extend(out);
}

fn check_contents(doc: &mut Document) {
    let mut out = Vec::new();
    for item in &doc.contents {
        let Some(lang) = &item.language else { continue };
        let found = doc.texts.iter().any(|t| {
            &t.language == lang
                && (item.kind != ContentKind::Translation || t.role == TextRole::Translation)
        });
        if !found
            && matches!(
                item.kind,
                ContentKind::Transcript | ContentKind::Translation
            )
        {
            out.push(Diagnostic::warning(
                DiagCode::ContentsMismatch,
                None,
                format!(
                    "the contents list \"{}\" but no such text was found",
                    item.label
                ),
            ));
        }
    }
    doc.diagnostics.extend(out);
}
