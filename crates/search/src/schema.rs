//! The index schema and how a document becomes an index entry.

use crate::analysis::{
    analyzer_name, each_name_key, each_person_key, fold, lang_slot, lowercase_into, name_like_key,
    terms, Replayed, LANGS,
};
use crate::card::{text_parts, Card, Stored, StoredPart, Word};
use fonds_core::people::mentions::DocPeople;
use fonds_core::{BlockKind, Document, Part, TextRole};
use tantivy::schema::{
    Facet, FacetOptions, Field, IndexRecordOption, NumericOptions, Schema, TextFieldIndexing,
    TextOptions, FAST, STORED, STRING,
};
use tantivy::tokenizer::Token;
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
    /// Every language of the document.
    pub lang: Field,
    /// The languages it was written in, and those it is translated into.
    pub orig_lang: Field,
    pub trans_lang: Field,
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
        let orig_lang = b.add_text_field("orig_lang", keyword());
        let trans_lang = b.add_text_field("trans_lang", keyword());
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
            orig_lang,
            trans_lang,
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

/// Builds the index entry of a document whose people are `people`, with
/// the real analyzers ([`crate::analysis::analyzers`]): every analysed field
/// carries its tokens ([`Replayed`]), which the index reads back.
pub fn entry(
    f: &Fields,
    doc: &Document,
    people: &DocPeople,
    analyzers: &tantivy::tokenizer::TokenizerManager,
) -> TantivyDocument {
    let mut d = TantivyDocument::default();
    let add = |d: &mut TantivyDocument, field: Field, text: &str| {
        d.add_text(field, analysed(f, analyzers, field, text));
    };
    d.add_text(f.id, &doc.id);
    let mut forms: Vec<&str> = people.mentions.iter().map(|m| m.form.as_str()).collect();
    forms.sort_unstable();
    forms.dedup();
    for form in forms {
        d.add_text(f.people, form);
    }
    // Title, summary and texts are analysed once each: the tokens go to
    // their field, the unstemmed words to `plain`, the name-like words'
    // keys to `names`, and the words' positions and bytes to the stored
    // card, from which snippets are cut.
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
    // Per field (two texts of one language and role share one): the
    // position its next value starts at, and its tokens.
    let mut fields: Vec<(u32, usize, Replayed)> = Vec::new();
    let mut plain = Replayed::default();
    let mut names = Replayed::default();
    let mut lower = String::new();
    let mut said: std::collections::HashSet<String> = std::collections::HashSet::new();
    for p in &mut parts {
        let slot = if matches!(p.part, Part::Title | Part::Summary) {
            "en"
        } else {
            lang_slot(&p.language)
        };
        // The word analyzers split, lowercase and stem: their words before
        // stemming are `plain`'s. Chinese and Korean are segmented
        // otherwise, and analysed again for `plain` and `names`.
        let words_analyzer = !matches!(slot, "zh" | "ko");
        let named = p.part != Part::Summary;
        let at = match fields.iter().position(|(id, ..)| *id == p.field) {
            Some(at) => at,
            None => {
                fields.push((p.field, 0, Replayed::default()));
                fields.len() - 1
            }
        };
        let (_, base, tokens) = &mut fields[at];
        let mut end = *base;
        let said_in = &p.said;
        analyse(
            analyzers,
            &analyzer_name(slot),
            &p.text,
            *base,
            &mut p.words,
            |t, folded| {
                end = end.max(t.position + t.position_length);
                tokens.push(t.position, &t.text);
                let at = said_in.partition_point(|s| s.range.end <= t.offset_from as u32);
                if let Some(s) = said_in.get(at) {
                    if s.range.start <= t.offset_from as u32 {
                        let term = said_term(&s.speaker, &t.text);
                        if !said.contains(&term) {
                            said.insert(term);
                        }
                    }
                }
                if words_analyzer {
                    let word = &folded[t.offset_from..t.offset_to];
                    lowercase_into(word, &mut lower);
                    plain.push_next(&lower);
                    if named {
                        if let Some(key) = name_like_key(word) {
                            names.push_next(&key);
                        }
                    }
                }
            },
        );
        // A second value of a field starts past the first, as tantivy
        // places the values of a multi-valued field.
        *base = end + 1;
        if named {
            each_person_key(&p.text, |key| names.push_next(&key));
        }
        if !words_analyzer {
            for t in terms(analyzers, "fonds_plain", &p.text) {
                plain.push_next(&t);
            }
            each_name_key(&fold(&p.text), |key| names.push_next(&key));
        }
    }
    for (id, _, tokens) in fields {
        d.add_text(Field::from_field_id(id), tokens.into_string());
    }
    d.add_text(f.plain, plain.into_string());
    d.add_text(f.names, names.into_string());
    for t in &doc.texts {
        for b in t.blocks() {
            if let Some(s) = &b.speaker {
                if !b.continued {
                    add(&mut d, f.speaker, &s.name);
                }
            }
            if b.kind == BlockKind::Signature {
                add(&mut d, f.participant, &b.plain_text());
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
            add(&mut d, f.speaker, name);
        }
    }
    let mut said: Vec<String> = said.into_iter().collect();
    said.sort_unstable();
    if !said.is_empty() {
        let mut tokens = Replayed::default();
        for term in &said {
            tokens.push_next(term);
        }
        d.add_text(f.said, tokens.into_string());
    }
    for p in &doc.participants {
        add(&mut d, f.participant, &p.name);
        for v in &p.variants {
            add(&mut d, f.participant, v);
        }
    }
    let mut langs: Vec<&str> = doc.texts.iter().map(|t| t.language.code()).collect();
    langs.extend(doc.original_languages.iter().map(|l| l.code()));
    langs.sort_unstable();
    langs.dedup();
    for l in &langs {
        add(&mut d, f.lang, l);
        d.add_facet(f.facets, Facet::from_path(["lang", l]));
    }
    // Written in and translated into, apart: a Russian record with an
    // English translation is Russian, translated into English.
    let mut written: Vec<&str> = doc.original_languages.iter().map(|l| l.code()).collect();
    written.extend(
        doc.texts
            .iter()
            .filter(|t| t.role == TextRole::Original)
            .map(|t| t.language.code()),
    );
    written.retain(|l| *l != "und");
    written.sort_unstable();
    written.dedup();
    let mut translated: Vec<&str> = doc
        .texts
        .iter()
        .filter(|t| t.role == TextRole::Translation && !written.contains(&t.language.code()))
        .map(|t| t.language.code())
        .filter(|l| *l != "und")
        .collect();
    translated.sort_unstable();
    translated.dedup();
    for (field, dimension, langs) in [
        (f.orig_lang, "orig", &written),
        (f.trans_lang, "trans", &translated),
    ] {
        for l in langs {
            add(&mut d, field, l);
            d.add_facet(f.facets, Facet::from_path([dimension, l]));
        }
    }
    if let Some(r) = &doc.citation.archival_reference {
        add(&mut d, f.reference, &r.text);
        if let Some(repo) = &r.repository {
            add(&mut d, f.repo, repo);
            d.add_facet(f.facets, Facet::from_path(["repo", repo.as_str()]));
        }
        for (field, v) in [(f.fond, &r.fond), (f.opis, &r.opis), (f.delo, &r.delo)] {
            if let Some(v) = v {
                add(&mut d, field, v);
            }
        }
    }
    add(&mut d, f.doc_type, doc.doc_type.as_str());
    if let Some(p) = &doc.citation.publisher {
        add(&mut d, f.collection, p);
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

/// A value of an analysed field as the index takes it: its tokens by the
/// analyzer the schema names for the field.
fn analysed(
    f: &Fields,
    analyzers: &tantivy::tokenizer::TokenizerManager,
    field: Field,
    text: &str,
) -> String {
    let mut out = Replayed::default();
    let analyzer = match f.schema.get_field_entry(field).field_type() {
        tantivy::schema::FieldType::Str(o) => o.get_indexing_options().map(|i| i.tokenizer()),
        _ => None,
    };
    if let Some(mut a) = analyzer.and_then(|name| analyzers.get(name)) {
        let folded = fold(text);
        let mut stream = a.token_stream(&folded);
        while let Some(t) = stream.next() {
            out.push(t.position, &t.text);
        }
    }
    out.into_string()
}

/// Analyses a text (folded) once with `analyzer`: each token, placed from
/// `base`, goes to `each` with the folded text its offsets are in, and each
/// word's position and bytes to `words`, kept in position order (a
/// segmenter's overlapping words share none).
fn analyse(
    analyzers: &tantivy::tokenizer::TokenizerManager,
    analyzer: &str,
    text: &str,
    base: usize,
    words: &mut Vec<Word>,
    mut each: impl FnMut(&Token, &str),
) {
    let Some(mut a) = analyzers.get(analyzer) else {
        return;
    };
    let folded = fold(text);
    let mut stream = a.token_stream(&folded);
    let mut ordered = true;
    while stream.advance() {
        let t = stream.token_mut();
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
        each(stream.token(), &folded);
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
        let manager = crate::analysis::analyzers();
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
