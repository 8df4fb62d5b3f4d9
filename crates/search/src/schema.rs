//! The index schema and how a document becomes an index entry.

use crate::analysis::{analyzer_name, fold, lang_slot, LANGS};
use crate::card::{text_parts, Card, Stored, StoredPart, Word};
use fonds_core::people::mentions::DocPeople;
use fonds_core::{BlockKind, Document, Part, TextRole};
use tantivy::schema::{
    Facet, FacetOptions, Field, IndexRecordOption, NumericOptions, Schema, TextFieldIndexing,
    TextOptions, FAST, STORED, STRING,
};
use tantivy::tokenizer::{PreTokenizedString, Token};
use tantivy::TantivyDocument;

/// The fields of the index, resolved once.
#[derive(Clone)]
pub struct Fields {
    pub schema: Schema,
    pub id: Field,
    pub title: Field,
    pub summary: Field,
    /// `original[i]` and `translation[i]` are analysed by `LANGS[i]`.
    pub original: Vec<Field>,
    pub translation: Vec<Field>,
    /// Every text unstemmed, for fuzzy and prefix queries and noisy OCR.
    pub plain: Field,
    /// Name-like words of every part under their cross-script key.
    pub names: Field,
    pub speaker: Field,
    /// The words of each turn under its speaker: `said_term(speaker, word)`
    /// for every word a speaker says, analysed in the text's language, so
    /// that `speaker:Mikoyan терпение` finds a document where Mikoyan says it.
    pub said: Field,
    pub participant: Field,
    pub lang: Field,
    pub repo: Field,
    pub fond: Field,
    pub opis: Field,
    pub delo: Field,
    pub reference: Field,
    pub doc_type: Field,
    /// The publication the document belongs to (the citation's publisher).
    pub collection: Field,
    /// The preferred date's first and last day as yyyymmdd.
    pub date_from: Field,
    pub date_to: Field,
    pub facets: Field,
    /// Every name the document's people rows give
    /// ([`fonds_core::people::mentions::document_people`]), as written, once each:
    /// indexed and as a column, so that a person's documents, timeline and
    /// the persons they meet are counted here and not over the store's rows.
    pub people: Field,
    /// What a hit shows and the texts snippets are cut from
    /// ([`crate::card`]).
    pub card: Field,
}

fn text(analyzer: &str, positions: bool) -> TextOptions {
    let record = if positions {
        IndexRecordOption::WithFreqsAndPositions
    } else {
        IndexRecordOption::WithFreqs
    };
    TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(analyzer)
            .set_index_option(record),
    )
}

impl Fields {
    pub fn build() -> Fields {
        let mut b = Schema::builder();
        let id = b.add_text_field("id", STRING | STORED);
        let title = b.add_text_field("title", text("fonds_en", true));
        let summary = b.add_text_field("summary", text("fonds_en", true));
        let original = LANGS
            .iter()
            .map(|l| b.add_text_field(&format!("original_{l}"), text(&analyzer_name(l), true)))
            .collect();
        let translation = LANGS
            .iter()
            .map(|l| b.add_text_field(&format!("translation_{l}"), text(&analyzer_name(l), true)))
            .collect();
        let plain = b.add_text_field("plain", text("fonds_plain", false));
        let names = b.add_text_field("names", text("fonds_names", false));
        let speaker = b.add_text_field("speaker", text("fonds_name", false));
        let said = b.add_text_field("said", text("fonds_keyword", false));
        let participant = b.add_text_field("participant", text("fonds_name", false));
        let keyword = || text("fonds_keyword", false);
        let lang = b.add_text_field("lang", keyword());
        let repo = b.add_text_field("repo", keyword());
        let fond = b.add_text_field("fond", keyword());
        let opis = b.add_text_field("opis", keyword());
        let delo = b.add_text_field("delo", keyword());
        let reference = b.add_text_field("reference", text("fonds_plain", true));
        let doc_type = b.add_text_field("doc_type", keyword());
        let collection = b.add_text_field("collection", keyword());
        let num = NumericOptions::default().set_indexed().set_fast();
        let date_from = b.add_i64_field("date_from", num.clone());
        let date_to = b.add_i64_field("date_to", num);
        let facets = b.add_facet_field("facets", FacetOptions::default());
        let people = b.add_text_field("people", STRING | FAST);
        let card = b.add_text_field("card", TextOptions::default().set_stored());
        Fields {
            schema: b.build(),
            id,
            title,
            summary,
            original,
            translation,
            plain,
            names,
            speaker,
            said,
            participant,
            lang,
            repo,
            fond,
            opis,
            delo,
            reference,
            doc_type,
            collection,
            date_from,
            date_to,
            facets,
            people,
            card,
        }
    }

    /// The text field for a text's role and language.
    pub fn text_field(&self, role: TextRole, lang: &str) -> Field {
        let i = LANGS
            .iter()
            .position(|l| *l == lang_slot(lang))
            .expect("xx is in LANGS");
        match role {
            TextRole::Original => self.original[i],
            TextRole::Translation => self.translation[i],
        }
    }

    /// All fields that hold running text, for queries without a field.
    pub fn all_text(&self) -> Vec<Field> {
        let mut v = vec![self.title, self.summary];
        v.extend(&self.original);
        v.extend(&self.translation);
        v
    }
}

/// yyyymmdd as a number, for range queries and sorting.
pub fn day_number((y, m, d): (i32, u8, u8)) -> i64 {
    i64::from(y) * 10_000 + i64::from(m) * 100 + i64::from(d)
}

/// The speakers whose names a reader sees: the preferred text's (a
/// translation when there is one) clean names.
pub fn persons(doc: &Document) -> Vec<String> {
    let preferred = doc
        .translations()
        .find(|t| t.language.code() == "en")
        .or_else(|| doc.translations().next())
        .or(doc.original());
    let mut out: Vec<String> = Vec::new();
    // A set beside the list: a record may name a hundred thousand speakers.
    let mut seen: std::collections::HashSet<&str> = std::collections::HashSet::new();
    let speakers = preferred
        .into_iter()
        .flat_map(|t| t.turns())
        .filter_map(|b| b.speaker.as_ref().map(|s| s.name.as_str()));
    for name in speakers.chain(doc.participants.iter().map(|p| p.name.as_str())) {
        if seen.insert(name) {
            out.push(name.to_string());
        }
    }
    out
}

/// The term of the `said` field for a word (as the text's analyzer gives
/// it) spoken by a speaker (by [`fonds_core::align::speaker_key`]).
pub fn said_term(speaker_key: &str, word: &str) -> String {
    let mut s = String::with_capacity(speaker_key.len() + word.len() + 1);
    for c in speaker_key.chars() {
        s.push(if c == ' ' { '_' } else { c });
    }
    s.push(':');
    s.push_str(word);
    s
}

/// The speaker of each block of a text that belongs to a turn, by the key of
/// the name it resolves to ([`fonds_core::align::block_speakers`]).
pub fn turn_speakers(doc: &Document, text: usize) -> Vec<Option<String>> {
    fonds_core::align::block_speakers(doc, text)
        .into_iter()
        .map(|name| {
            name.map(fonds_core::align::speaker_key)
                .filter(|k| !k.is_empty())
        })
        .collect()
}

/// Builds the index entry of a document whose people are `people`.
pub fn entry(
    f: &Fields,
    doc: &Document,
    people: &DocPeople,
    tokenizers: &tantivy::tokenizer::TokenizerManager,
) -> TantivyDocument {
    let mut d = TantivyDocument::default();
    d.add_text(f.id, &doc.id);
    let mut forms: Vec<&str> = people.mentions.iter().map(|m| m.form.as_str()).collect();
    forms.sort_unstable();
    forms.dedup();
    for form in forms {
        d.add_text(f.people, form);
    }
    // Title, summary and texts are analysed once each: the tokens go to
    // the index pre-tokenized, and the words' positions and bytes to the
    // stored card, from which snippets are cut.
    let mut parts = vec![StoredPart::new(
        Part::Title,
        "en",
        f.title.field_id(),
        doc.title.clone(),
    )];
    if let Some(s) = &doc.summary {
        parts.push(StoredPart::new(
            Part::Summary,
            "en",
            f.summary.field_id(),
            s.clone(),
        ));
    }
    parts.extend(text_parts(
        doc,
        |role, code| f.text_field(role, code).field_id(),
        |ti| turn_speakers(doc, ti),
    ));
    let mut plain = format!("{}\n{}\n", doc.title, doc.summary.as_deref().unwrap_or(""));
    let mut names = format!("{}\n", doc.title);
    for t in &parts[1 + usize::from(doc.summary.is_some())..] {
        plain.push_str(&t.text);
        names.push_str(&t.text);
    }
    // The tokens of each field (two texts of one language and role share
    // one), and what each speaker says.
    // A record of many megabytes would hold a token (some 70 bytes) per
    // word at once: its texts go to the index as text, analysed again there.
    let pretokenize = parts.iter().map(|p| p.text.len()).sum::<usize>() <= PRETOKENIZE_MAX;
    // Per field: the position its next value starts at, and its tokens.
    let mut fields: Vec<(u32, usize, Vec<Token>)> = Vec::new();
    let mut said: std::collections::HashSet<String> = std::collections::HashSet::new();
    for p in &mut parts {
        let analyzer = if matches!(p.part, Part::Title | Part::Summary) {
            analyzer_name("en")
        } else {
            analyzer_name(lang_slot(&p.language))
        };
        let at = match fields.iter().position(|(id, ..)| *id == p.field) {
            Some(at) => at,
            None => {
                fields.push((p.field, 0, Vec::new()));
                fields.len() - 1
            }
        };
        let (_, base, tokens) = &mut fields[at];
        let mut end = *base;
        let said_in = &p.said;
        analyse(tokenizers, &analyzer, &p.text, *base, &mut p.words, |t| {
            end = end.max(t.position + t.position_length);
            let at = said_in.partition_point(|s| s.range.end <= t.offset_from as u32);
            if let Some(s) = said_in.get(at) {
                if s.range.start <= t.offset_from as u32 {
                    let term = said_term(&s.speaker, &t.text);
                    if !said.contains(&term) {
                        said.insert(term);
                    }
                }
            }
            if pretokenize {
                tokens.push(t);
            }
        });
        // A second value of a field starts past the first, as tantivy
        // places the values of a multi-valued field.
        *base = end + 1;
        if !pretokenize {
            d.add_text(Field::from_field_id(p.field), fold(&p.text));
        }
    }
    if pretokenize {
        for (id, _, tokens) in fields {
            d.add_pre_tokenized_text(
                Field::from_field_id(id),
                PreTokenizedString {
                    text: String::new(),
                    tokens,
                },
            );
        }
    }
    for t in &doc.texts {
        for b in t.blocks() {
            if let Some(s) = &b.speaker {
                if !b.continued {
                    d.add_text(f.speaker, &s.name);
                }
            }
            if b.kind == BlockKind::Signature {
                d.add_text(f.participant, b.plain_text());
            }
        }
    }
    // The original's turns also speak under the names the alignment projects
    // from the translation, so speaker:Mikoyan finds a turn the OCR labelled
    // "Миколдн".
    let mut seen: std::collections::HashSet<&str> = std::collections::HashSet::new();
    for name in doc
        .alignments
        .iter()
        .flat_map(|a| a.speakers.iter().flatten())
    {
        if seen.insert(name.as_str()) {
            d.add_text(f.speaker, name);
        }
    }
    let mut said: Vec<String> = said.into_iter().collect();
    said.sort_unstable();
    if !said.is_empty() {
        let tokens = said
            .into_iter()
            .enumerate()
            .map(|(position, text)| Token {
                offset_from: 0,
                offset_to: 0,
                position,
                text,
                position_length: 1,
            })
            .collect();
        d.add_pre_tokenized_text(
            f.said,
            PreTokenizedString {
                text: String::new(),
                tokens,
            },
        );
    }
    d.add_text(f.plain, fold(&plain));
    d.add_text(f.names, &names);
    for p in &doc.participants {
        d.add_text(f.participant, &p.name);
        for v in &p.variants {
            d.add_text(f.participant, v);
        }
    }
    let mut langs: Vec<&str> = doc.texts.iter().map(|t| t.language.code()).collect();
    langs.extend(doc.original_languages.iter().map(|l| l.code()));
    langs.sort_unstable();
    langs.dedup();
    for l in &langs {
        d.add_text(f.lang, l);
        d.add_facet(f.facets, Facet::from_path(["lang", l]));
    }
    if let Some(r) = &doc.citation.archival_reference {
        d.add_text(f.reference, &r.text);
        if let Some(repo) = &r.repository {
            d.add_text(f.repo, repo);
            d.add_facet(f.facets, Facet::from_path(["repo", repo.as_str()]));
        }
        for (field, v) in [(f.fond, &r.fond), (f.opis, &r.opis), (f.delo, &r.delo)] {
            if let Some(v) = v {
                d.add_text(field, v);
            }
        }
    }
    d.add_text(f.doc_type, doc.doc_type.as_str());
    if let Some(p) = &doc.citation.publisher {
        d.add_text(f.collection, p);
        d.add_facet(f.facets, Facet::from_path(["collection", p.as_str()]));
    }
    d.add_facet(f.facets, Facet::from_path(["type", doc.doc_type.as_str()]));
    if let Some(v) = doc.date().and_then(|s| s.value.as_ref()) {
        d.add_i64(f.date_from, day_number(v.earliest()));
        d.add_i64(f.date_to, day_number(v.latest()));
        d.add_facet(
            f.facets,
            Facet::from_path(["year", &v.earliest().0.to_string()]),
        );
    }
    for p in persons(doc) {
        d.add_facet(f.facets, Facet::from_path(["person", &p]));
    }
    let stored = Stored {
        card: Card::of(doc),
        parts,
    };
    d.add_text(f.card, stored.encode());
    d
}

/// The most text (bytes) a document may have for its tokens to be handed
/// to the index as they are made; above it the texts are analysed twice.
const PRETOKENIZE_MAX: usize = 1 << 20;

/// Analyses a text (folded) once with `analyzer`: each token, placed from
/// `base`, goes to `each`, and each word's position and bytes to `words`,
/// kept in position order (a segmenter's overlapping words share none).
fn analyse(
    tokenizers: &tantivy::tokenizer::TokenizerManager,
    analyzer: &str,
    text: &str,
    base: usize,
    words: &mut Vec<Word>,
    mut each: impl FnMut(Token),
) {
    let Some(mut a) = tokenizers.get(analyzer) else {
        return;
    };
    let folded = fold(text);
    let mut stream = a.token_stream(&folded);
    let mut ordered = true;
    while let Some(t) = stream.next() {
        let mut t = t.clone();
        t.position += base;
        let word = Word {
            position: t.position as u32,
            from: t.offset_from as u32,
            to: t.offset_to as u32,
        };
        ordered &= words
            .last()
            .is_none_or(|w| (w.position, w.from) <= (word.position, word.from));
        words.push(word);
        each(t);
    }
    if !ordered {
        words.sort_by_key(|w| (w.position, w.from));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every fixture record's entry carries a card that reads back, whose
    /// words lie on the text's words as its field's analyzer finds them.
    #[test]
    fn every_entry_carries_a_card_with_its_words() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/records");
        let manager = tantivy::tokenizer::TokenizerManager::default();
        crate::analysis::register(&manager);
        let f = Fields::build();
        let mut n = 0;
        for e in std::fs::read_dir(&dir).unwrap() {
            let path = e.unwrap().path();
            if path.extension().is_none_or(|x| x != "txt") {
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            let doc =
                fonds_core::record::read_record(&text, path.file_name().and_then(|n| n.to_str()));
            let people = fonds_core::people::mentions::document_people(&doc);
            let entry = entry(&f, &doc, &people, &manager);
            let bytes = entry
                .get_first(f.card)
                .and_then(|v| tantivy::schema::Value::as_str(&v))
                .unwrap();
            let (card, read) = crate::card::ReadCard::decode(bytes.to_string())
                .unwrap_or_else(|| panic!("{}: the card does not read back", path.display()));
            assert_eq!(card.id, doc.id);
            for p in &read.parts {
                let text = read.text(p);
                let words: Vec<Word> = read.words(p).collect();
                assert!(
                    !words.is_empty() || text.trim().is_empty(),
                    "{}: {:?} has no words",
                    path.display(),
                    p.part
                );
                for w in &words {
                    let word = &text[w.from as usize..w.to as usize];
                    assert!(word.chars().any(char::is_alphanumeric), "{word:?}");
                }
            }
            n += 1;
        }
        assert!(n >= 8, "{n} fixtures");
    }
}
