//! A page of a text written back in the record format, for an editor to
//! correct: what [`super::text_from_pages`] reads into the same blocks.
//!
//! Each block is a paragraph of its own, separated by a blank line; a turn
//! opens with its speaker's label as written and a colon; editorial marks
//! are written in the notation the reader reads (`[Inserted: ...]`,
//! `~~...~~`, `<sup>...</sup>`, `[illegible]`, `[sic]`, `[?]`, `[word?]`,
//! `[word]`, `[Note: ...]`, `[Margin: ...]`), and the characters that would
//! open a mark are escaped with a backslash. A page's number and folio are
//! not written: they stay the page's. A turn that carries on from the page
//! before is written with its speaker too, and [`read_page`] makes it carry
//! on again.

use crate::diagnostic::Diagnostic;
use crate::model::{Block, BlockKind, Inline, MarkKind, Page, Text};

/// The characters a mark opens with, and the escape character.
const ESCAPED: &[char] = &['\\', '[', ']', '<', '>', '~'];

/// Text as the reader reads it back as that text, not as marks.
fn escape(out: &mut String, text: &str) {
    for c in text.chars() {
        if ESCAPED.contains(&c) {
            out.push('\\');
        } else if c == '&' {
            out.push_str("&amp;");
            continue;
        }
        out.push(c);
    }
}

/// Inline content in the record notation.
pub fn inline_text(content: &[Inline]) -> String {
    let mut out = String::new();
    for item in content {
        match item {
            Inline::Text(t) => escape(&mut out, t),
            Inline::Mark(m) => {
                let mut words = String::new();
                escape(&mut words, &m.text);
                let written = match m.kind {
                    MarkKind::Insertion => format!("[Inserted: {words}]"),
                    MarkKind::Deletion => format!("~~{words}~~"),
                    MarkKind::Superscript => format!("<sup>{words}</sup>"),
                    MarkKind::Illegible if words.is_empty() => "[illegible]".to_string(),
                    MarkKind::Illegible => format!("[illegible: {words}]"),
                    MarkKind::Sic => "[sic]".to_string(),
                    MarkKind::Uncertain if words.is_empty() => "[?]".to_string(),
                    MarkKind::Uncertain => format!("[{words}?]"),
                    MarkKind::Supplied => format!("[{words}]"),
                    MarkKind::Note => format!("[Note: {words}]"),
                    MarkKind::Margin => format!("[Margin: {words}]"),
                };
                out.push_str(&written);
            }
        }
    }
    // One paragraph: its lines joined.
    out.split('\n')
        .map(str::trim_end)
        .collect::<Vec<_>>()
        .join(" ")
}

/// One block as a paragraph; a turn that carries on from the block before
/// without its speaker unless `first` on its page.
pub fn block_text(block: &Block, first: bool) -> String {
    let body = inline_text(&block.content);
    match (&block.kind, &block.speaker) {
        (BlockKind::Turn, Some(s)) if first || !block.continued => {
            let mut label = String::new();
            escape(&mut label, &s.label);
            format!("{label}: {body}")
        }
        _ => body,
    }
}

/// A page's blocks in the record format.
pub fn page_text(page: &Page) -> String {
    let mut out = String::new();
    for (i, b) in page.blocks.iter().enumerate() {
        let text = block_text(b, i == 0);
        if text.trim().is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push_str("\n\n");
        }
        out.push_str(&text);
    }
    out.push('\n');
    out
}

/// Page `at` of `text` as an editor's `body` (the record format, as
/// [`page_text`] writes it) reads, among the text's other pages (whose
/// speakers tell a plain label from a heading): its blocks read again,
/// with lines counted from 1 in `body`, its number and folio kept; a first
/// turn of the speaker whose turn the old page carried on from the page
/// before carries on again.
pub fn read_page(text: &Text, at: usize, body: &str) -> (Page, Vec<Diagnostic>) {
    let mut pages: Vec<String> = text.pages.iter().map(page_text).collect();
    let Some(old) = text.pages.get(at) else {
        return (Page::default(), Vec::new());
    };
    pages[at] = body.to_string();
    let (blocks, diagnostics) = super::page_in_text(&pages, at, text.role, text.language.clone());
    let mut page = old.clone();
    page.blocks = keep_structure(&old.blocks, blocks);
    let carried = old
        .blocks
        .first()
        .filter(|b| b.kind == BlockKind::Turn && b.continued)
        .and_then(|b| b.speaker.as_ref());
    if let (Some(was), Some(first)) = (carried, page.blocks.first_mut()) {
        if first.kind == BlockKind::Turn
            && first.speaker.as_ref().is_some_and(|s| s.label == was.label)
        {
            first.continued = true;
            first.speaker = Some(was.clone());
        }
    }
    (page, diagnostics)
}

/// A block's words and speaker, to tell whether an editor changed it.
/// A turn's words count with its label: a paragraph that reads "Mr. Baruch:
/// We discussed ..." is the turn the page reads back, unchanged.
fn key(b: &Block) -> String {
    let words = b.plain_text();
    let whole = match (&b.speaker, b.continued) {
        (Some(s), false) => format!("{}: {words}", s.label),
        _ => words,
    };
    whole.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The most blocks of a page whose structure is kept (the matching costs
/// their product).
const MAX_KEPT_BLOCKS: usize = 2_000;

/// The blocks `new` read from an editor's page, with what the source said
/// of the blocks the editor did not change kept: a block whose words and
/// speaker are an old block's is that block (its kind, as a TEI's markup or
/// the first reading gave it: a dateline, a signature, a paragraph carried
/// on from the page before); a changed block that stands where one old
/// block stood keeps that block's kind and carrying on, with its new words.
/// The blocks are matched in order (a longest common subsequence).
fn keep_structure(old: &[Block], new: Vec<Block>) -> Vec<Block> {
    let (n, m) = (old.len(), new.len());
    if n == 0 || m == 0 || n.saturating_mul(m) > MAX_KEPT_BLOCKS * MAX_KEPT_BLOCKS / 4 {
        return new;
    }
    let ko: Vec<_> = old.iter().map(key).collect();
    let kn: Vec<_> = new.iter().map(key).collect();
    // lcs[i][j]: the longest common run of old[i..] and new[j..].
    let mut lcs = vec![vec![0u32; m + 1]; n + 1];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            lcs[i][j] = if ko[i] == kn[j] {
                lcs[i + 1][j + 1] + 1
            } else {
                lcs[i + 1][j].max(lcs[i][j + 1])
            };
        }
    }
    let mut out = Vec::with_capacity(m);
    let (mut i, mut j) = (0, 0);
    let mut gap: (Vec<&Block>, Vec<Block>) = (Vec::new(), Vec::new());
    let flush = |gap: &mut (Vec<&Block>, Vec<Block>), out: &mut Vec<Block>| {
        let (olds, news) = (std::mem::take(&mut gap.0), std::mem::take(&mut gap.1));
        if olds.len() == news.len() {
            for (was, mut now) in olds.into_iter().zip(news) {
                let turn_now = now.kind == BlockKind::Turn && now.speaker.is_some();
                if !turn_now {
                    now.speaker = was.speaker.clone();
                }
                if was.kind != now.kind && !turn_now {
                    now.participants = was.participants.clone();
                }
                now.kind = if turn_now { BlockKind::Turn } else { was.kind };
                now.continued = was.continued && now.kind == was.kind;
                out.push(now);
            }
        } else {
            out.extend(news);
        }
    };
    let mut news = new.into_iter();
    while i < n || j < m {
        if i < n && j < m && ko[i] == kn[j] {
            flush(&mut gap, &mut out);
            let now = news.next().expect("a block");
            let mut kept = old[i].clone();
            kept.line = now.line;
            out.push(kept);
            i += 1;
            j += 1;
        } else if j < m && (i == n || lcs[i][j + 1] >= lcs[i + 1][j]) {
            gap.1.push(news.next().expect("a block"));
            j += 1;
        } else {
            gap.0.push(&old[i]);
            i += 1;
        }
    }
    flush(&mut gap, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::read_record;

    #[test]
    fn a_corrected_word_changes_its_block_alone() {
        let record = include_str!("../../../../fixtures/records/de_minutes.txt");
        let doc = read_record(record, Some("de_minutes.txt"));
        let text = &doc.texts[0];
        let page = &text.pages[0];
        let written = page_text(page);
        let edited = written.replacen("Schlachtvieh", "Rindern", 1);
        assert_ne!(edited, written);
        let (back, _) = read_page(text, 0, &edited);
        assert_eq!(back.blocks.len(), page.blocks.len());
        let mut changed = 0;
        for (a, b) in page.blocks.iter().zip(&back.blocks) {
            assert_eq!(
                (a.kind, &a.speaker, a.continued),
                (b.kind, &b.speaker, b.continued)
            );
            if a.content != b.content {
                changed += 1;
                assert!(b.plain_text().contains("Rindern"));
            }
        }
        assert_eq!(changed, 1);
    }
}
