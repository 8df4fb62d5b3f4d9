//! A document as plain text to read, quote or keep beside notes: its title,
//! date, reference and citation, then each text as a reader sees it
//! (editorial marks applied), its pages and folios marked in brackets and
//! each turn opened by its speaker's name.

use crate::citation::format::CitationParts;
use crate::{BlockKind, Document, Text, TextRole};

/// The whole document as plain text, lines ended with `\n`.
pub fn document(doc: &Document) -> String {
    let cite = CitationParts::of(doc);
    let mut out = String::new();
    out.push_str(&doc.title);
    out.push('\n');
    let mut facts: Vec<String> = Vec::new();
    if let Some(d) = doc.date() {
        facts.push(format!("Date: {}", d.stated));
    }
    facts.push(format!("Type: {}", doc.doc_type.as_str()));
    if let Some(r) = &doc.citation.archival_reference {
        match &r.repository {
            Some(repo) if !r.text.contains(repo.as_str()) => {
                facts.push(format!("Reference: {repo}, {}", r.text))
            }
            _ => facts.push(format!("Reference: {}", r.text)),
        }
    }
    if !doc.citation.translators.is_empty() {
        facts.push(format!(
            "Translated by: {}",
            doc.citation.translators.join(", ")
        ));
    }
    for f in facts {
        out.push_str(&f);
        out.push('\n');
    }
    out.push_str(&format!("Cite as: {}\n", cite.chicago_note()));
    if let Some(s) = &doc.summary {
        out.push_str(&format!("\nSummary: {s}\n"));
    }
    for t in &doc.texts {
        text(&mut out, t);
    }
    out
}

fn text(out: &mut String, t: &Text) {
    let role = match t.role {
        TextRole::Original => "Original",
        TextRole::Translation => "Translation",
    };
    out.push_str(&format!("\n== {role} ({}) ==\n", t.language.name()));
    let whole = t.pages.len() == 1 && t.pages[0].number.is_none() && t.pages[0].folio.is_none();
    for (i, page) in t.pages.iter().enumerate() {
        if !whole {
            let n = page.number.unwrap_or(i as u32 + 1);
            match &page.folio {
                Some(f) => out.push_str(&format!("\n[page {n}, f. {}]\n", f.label())),
                None => out.push_str(&format!("\n[page {n}]\n")),
            }
        }
        for b in &page.blocks {
            let words = b.reading_text();
            let words = words.trim();
            out.push('\n');
            match (&b.kind, &b.speaker) {
                (BlockKind::Turn, Some(s)) if !b.continued => {
                    out.push_str(&format!("{}: {words}\n", s.name));
                }
                _ => {
                    out.push_str(words);
                    out.push('\n');
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_record_reads_as_plain_text_with_its_pages_and_speakers() {
        let record = include_str!("../../../fixtures/records/ru_conversation_ocr.txt");
        let doc = crate::record::read_record(record, Some("ru_conversation_ocr.txt"));
        let plain = document(&doc);
        assert!(plain.starts_with(&doc.title), "{plain}");
        assert!(plain.contains("Cite as: "), "{plain}");
        assert!(plain.contains("\n[page 2"), "{plain}");
        assert!(plain.contains("\n== Original (Russian) ==\n"), "{plain}");
        // A turn opens with its speaker's name, the words joined.
        assert!(
            plain.contains(": По поручению Советского правительства передаю"),
            "{plain}"
        );
        // No markup of the record or of HTML is left in the words.
        assert!(!plain.contains('<'), "{plain}");
    }
}
