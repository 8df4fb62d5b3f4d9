//! Translating the fonds query language (`fonds_query`) into tantivy
//! queries over the fonds schema.
//!
//! A word without a field searches every text field, each through its own
//! language's analyzer (so "перебежать" is stemmed as Russian in Russian
//! texts), and the cross-script name key, so "Mikoyan" finds "Микоян". Fuzzy
//! words and prefixes search the unstemmed `plain` field, where OCR noise is
//! best forgiven.

use crate::analysis::keyword_value;
use crate::Index;
use fonds_query::{Field as QField, Query, Term as QTerm};
use std::ops::Bound;
use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, EmptyQuery, FuzzyTermQuery, Occur, PhraseQuery,
    Query as TantivyQuery, RangeQuery, TermQuery,
};
use tantivy::schema::{Field, FieldType, IndexRecordOption};
use tantivy::Term;

#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct QueryBuildError(pub String);

type Q = Box<dyn TantivyQuery>;

/// Builds the tantivy query for a parsed fonds query.
pub fn to_tantivy(index: &Index, q: &Query) -> Result<Q, QueryBuildError> {
    Builder { index, said: None }.build(q)
}

/// The speakers a query's part names, by speaker key: a `speaker:` word or
/// phrase, or an OR of them; None for anything else.
pub fn speaker_keys(q: &Query) -> Option<Vec<String>> {
    let keys = match q {
        Query::Term(t) if t.field == Some(QField::Speaker) && t.fuzzy == 0 && !t.prefix => {
            Some(vec![fonds_core::align::speaker_key(&t.text)])
        }
        Query::Phrase {
            field: Some(QField::Speaker),
            words,
        } => Some(vec![fonds_core::align::speaker_key(&words.join(" "))]),
        Query::Or(children) => {
            let mut keys = Vec::new();
            for c in children {
                keys.extend(speaker_keys(c)?);
            }
            Some(keys)
        }
        _ => None,
    };
    keys.map(|keys| keys.into_iter().filter(|k| !k.is_empty()).collect())
}

/// The speakers of an AND's children and its other children, when it names
/// speakers beside words: `speaker:Mikoyan терпение` looks for the words in
/// what those speakers say.
pub fn speaker_scope(children: &[Query]) -> Option<(Vec<String>, Vec<&Query>)> {
    let mut keys = Vec::new();
    let mut rest = Vec::new();
    for c in children {
        match speaker_keys(c) {
            Some(k) => keys.extend(k),
            None => rest.push(c),
        }
    }
    keys.sort();
    keys.dedup();
    (!keys.is_empty() && !rest.is_empty()).then_some((keys, rest))
}

struct Builder<'a> {
    index: &'a Index,
    /// Inside an AND that names speakers: their keys, so that words are
    /// looked for in what they say.
    said: Option<Vec<String>>,
}

impl Builder<'_> {
    fn build(&self, q: &Query) -> Result<Q, QueryBuildError> {
        if let Query::And(children) = q {
            if let (None, Some((keys, _))) = (&self.said, speaker_scope(children)) {
                let scoped = Builder {
                    index: self.index,
                    said: Some(keys),
                };
                let mut clauses = Vec::with_capacity(children.len());
                for c in children {
                    // The speakers themselves stay document-level clauses.
                    let b = if speaker_keys(c).is_some() {
                        self
                    } else {
                        &scoped
                    };
                    match c {
                        Query::Not(inner) => clauses.push((Occur::MustNot, b.build(inner)?)),
                        other => clauses.push((Occur::Must, b.build(other)?)),
                    }
                }
                return Ok(Box::new(BooleanQuery::new(clauses)));
            }
        }
        Ok(match q {
            Query::All => Box::new(AllQuery),
            Query::Term(t) => self.term(t),
            Query::Phrase { field, words } => self.phrase(*field, words),
            Query::Filter { field, value } => self.filter(*field, value),
            Query::DateRange { from, to } => self.dates(*from, *to),
            Query::And(children) => {
                let mut clauses = Vec::with_capacity(children.len());
                let mut i = 0;
                while i < children.len() {
                    // Two to four plain words that are a Chinese or Korean
                    // person's name: the words, or the name under its keys
                    // in any script (Лю Шаоци finds Liu Shao-ch'i and 刘少奇).
                    let run = children[i..].iter().take_while(|c| plain_word(c)).count();
                    if (2..=4).contains(&run) {
                        let words: Vec<&str> = children[i..i + run]
                            .iter()
                            .filter_map(|c| match c {
                                Query::Term(t) => Some(t.text.as_str()),
                                _ => None,
                            })
                            .collect();
                        let persons = self.person_terms(&words.join(" "));
                        if !persons.is_empty() {
                            let mut each = Vec::with_capacity(run);
                            for c in &children[i..i + run] {
                                each.push((Occur::Must, self.build(c)?));
                            }
                            let mut either: Vec<(Occur, Q)> =
                                vec![(Occur::Should, Box::new(BooleanQuery::new(each)) as Q)];
                            either.extend(persons);
                            clauses.push((Occur::Must, Box::new(BooleanQuery::new(either)) as Q));
                            i += run;
                            continue;
                        }
                    }
                    match &children[i] {
                        Query::Not(inner) => clauses.push((Occur::MustNot, self.build(inner)?)),
                        other => clauses.push((Occur::Must, self.build(other)?)),
                    }
                    i += 1;
                }
                Box::new(BooleanQuery::new(clauses))
            }
            Query::Or(children) => {
                let clauses = children
                    .iter()
                    .map(|c| Ok((Occur::Should, self.build(c)?)))
                    .collect::<Result<Vec<_>, QueryBuildError>>()?;
                Box::new(BooleanQuery::new(clauses))
            }
            // The parser puts every Not inside an And; alone, it excludes from everything.
            Query::Not(inner) => Box::new(BooleanQuery::new(vec![
                (Occur::Must, Box::new(AllQuery) as Q),
                (Occur::MustNot, self.build(inner)?),
            ])),
        })
    }

    /// How a text field is indexed; None for other fields.
    fn indexing(&self, field: Field) -> Option<&tantivy::schema::TextFieldIndexing> {
        match self
            .index
            .fields()
            .schema
            .get_field_entry(field)
            .field_type()
        {
            FieldType::Str(opts) => opts.get_indexing_options(),
            _ => None,
        }
    }

    fn analyzer(&self, field: Field) -> String {
        self.indexing(field)
            .map_or("raw".to_string(), |o| o.tokenizer().to_string())
    }

    fn has_positions(&self, field: Field) -> bool {
        self.indexing(field)
            .is_some_and(|o| o.index_option().has_positions())
    }

    fn tokens(&self, field: Field, text: &str) -> Vec<Term> {
        let manager = self.index.index_tokenizers();
        crate::analysis::terms(manager, &self.analyzer(field), text)
            .into_iter()
            .map(|t| Term::from_field_text(field, &t))
            .collect()
    }

    /// The words `text` in one field: a term, or a phrase when the analyzer
    /// splits it into several (a Chinese word, "10:30").
    fn words_in(&self, field: Field, text: &str) -> Option<Q> {
        let terms = self.tokens(field, text);
        match terms.len() {
            0 => None,
            1 => Some(Box::new(TermQuery::new(
                terms.into_iter().next().expect("one"),
                IndexRecordOption::WithFreqs,
            ))),
            _ if self.has_positions(field) => Some(Box::new(PhraseQuery::new(terms))),
            _ => Some(Box::new(BooleanQuery::new(
                terms
                    .into_iter()
                    .map(|t| {
                        (
                            Occur::Must,
                            Box::new(TermQuery::new(t, IndexRecordOption::WithFreqs)) as Q,
                        )
                    })
                    .collect(),
            ))),
        }
    }

    /// The fields a word without a field, or with a text field, searches.
    fn text_fields(&self, field: Option<QField>) -> Vec<Field> {
        let f = self.index.fields();
        match field {
            None | Some(QField::Text) => {
                let mut v = f.all_text();
                if field == Some(QField::Text) {
                    v.retain(|x| *x != f.title && *x != f.summary);
                }
                v
            }
            Some(QField::Title) => vec![f.title],
            Some(QField::Summary) => vec![f.summary],
            Some(QField::Original) => f.original.clone(),
            Some(QField::Translation) => f.translation.clone(),
            Some(QField::Speaker) => vec![f.speaker],
            Some(QField::Participant) => vec![f.participant],
            Some(QField::Person) => vec![f.speaker, f.participant],
            Some(QField::Ref) => vec![f.reference],
            Some(_) => Vec::new(),
        }
    }

    /// Whether the name-key field joins the search: for words in the running
    /// text, so that one spelling of a name finds the others.
    fn with_names(field: Option<QField>) -> bool {
        matches!(
            field,
            None | Some(QField::Text) | Some(QField::Original) | Some(QField::Translation)
        )
    }

    /// A word said by one of the speakers in scope: the word analysed as
    /// each language of its script would (Russian, English, German, French
    /// and unstemmed for alphabets; Chinese for Han; Korean for Hangul),
    /// under each speaker's key. An analysis that gives several terms needs
    /// them all.
    fn said(&self, keys: &[String], text: &str) -> Option<Q> {
        let f = self.index.fields();
        let manager = self.index.index_tokenizers();
        let han = text.chars().any(crate::analysis::is_han);
        let hangul = text.chars().any(crate::analysis::is_hangul_syllable);
        let langs: &[&str] = match (han, hangul) {
            (true, _) => &["zh"],
            (_, true) => &["ko"],
            _ => &["ru", "en", "de", "fr", "xx"],
        };
        let mut analyses: Vec<Vec<String>> = langs
            .iter()
            .map(|l| crate::analysis::terms(manager, &crate::analysis::analyzer_name(l), text))
            .filter(|t| !t.is_empty())
            .collect();
        analyses.sort();
        analyses.dedup();
        if analyses.is_empty() {
            return None;
        }
        let term = |k: &str, w: &str| -> Q {
            Box::new(TermQuery::new(
                Term::from_field_text(f.said, &crate::schema::said_term(k, w)),
                IndexRecordOption::WithFreqs,
            ))
        };
        let mut clauses: Vec<(Occur, Q)> = Vec::new();
        for k in keys {
            for words in &analyses {
                let q: Q = if words.len() == 1 {
                    term(k, &words[0])
                } else {
                    Box::new(BooleanQuery::new(
                        words.iter().map(|w| (Occur::Must, term(k, w))).collect(),
                    ))
                };
                clauses.push((Occur::Should, q));
            }
        }
        Some(Box::new(BooleanQuery::new(clauses)))
    }

    /// Whether a word in this field is looked for in the speakers' turns.
    fn in_turns(&self, field: Option<QField>) -> Option<&[String]> {
        match field {
            None | Some(QField::Text) | Some(QField::Original) | Some(QField::Translation) => {
                self.said.as_deref()
            }
            _ => None,
        }
    }

    fn term(&self, t: &QTerm) -> Q {
        let f = self.index.fields();
        if let (Some(keys), 0, false) = (self.in_turns(t.field), t.fuzzy, t.prefix) {
            return self
                .said(keys, &t.text)
                .unwrap_or_else(|| Box::new(EmptyQuery));
        }
        let mut clauses: Vec<(Occur, Q)> = Vec::new();
        if t.fuzzy > 0 || t.prefix {
            // Fuzzy words and prefixes go to unstemmed words: stems are not words.
            let targets = match t.field {
                Some(QField::Speaker) | Some(QField::Participant) | Some(QField::Person) => {
                    self.text_fields(t.field)
                }
                Some(QField::Title) => vec![f.title],
                Some(QField::Summary) => vec![f.summary],
                Some(QField::Ref) => vec![f.reference],
                _ => vec![f.plain],
            };
            for field in targets {
                let terms = self.tokens(field, &t.text);
                // A prefix is not complete: analyse it as it stands, unstemmed.
                let plain_terms = if t.prefix && field != f.plain {
                    crate::analysis::terms(self.index.index_tokenizers(), "fonds_plain", &t.text)
                        .into_iter()
                        .map(|x| Term::from_field_text(field, &x))
                        .collect()
                } else {
                    terms
                };
                let Some(last) = plain_terms.last().cloned() else {
                    continue;
                };
                let q: Q = if t.prefix {
                    Box::new(FuzzyTermQuery::new_prefix(last, 0, false))
                } else {
                    Box::new(FuzzyTermQuery::new(last, t.fuzzy, true))
                };
                clauses.push((Occur::Should, q));
            }
        } else {
            for field in self.text_fields(t.field) {
                if let Some(q) = self.words_in(field, &t.text) {
                    let q: Q = if field == f.title {
                        Box::new(BoostQuery::new(q, 2.0))
                    } else {
                        q
                    };
                    clauses.push((Occur::Should, q));
                }
            }
            if Self::with_names(t.field) {
                if let Some(q) = self.words_in(f.names, &t.text) {
                    clauses.push((Occur::Should, q));
                }
                // A name in Han or Hangul letters, written as one word.
                if t.text.chars().count() >= 2
                    && t.text.chars().all(|c| {
                        crate::analysis::is_han(c) || crate::analysis::is_hangul_syllable(c)
                    })
                {
                    clauses.extend(self.person_terms(&t.text));
                }
            }
        }
        should(clauses)
    }

    /// The name-key field's terms for a Chinese or Korean person's full
    /// name, under which its spellings in every script meet (the index
    /// files them from `analysis::each_person_key`).
    fn person_terms(&self, name: &str) -> Vec<(Occur, Q)> {
        let f = self.index.fields();
        crate::analysis::person_keys(name)
            .map(|k| {
                (
                    Occur::Should,
                    Box::new(TermQuery::new(
                        Term::from_field_text(f.names, &k),
                        IndexRecordOption::WithFreqs,
                    )) as Q,
                )
            })
            .collect()
    }

    fn phrase(&self, field: Option<QField>, words: &[String]) -> Q {
        if let Some(keys) = self.in_turns(field) {
            // The turns' words have no positions: every word of the phrase
            // must be said.
            let clauses: Option<Vec<(Occur, Q)>> = words
                .iter()
                .map(|w| self.said(keys, w).map(|q| (Occur::Must, q)))
                .collect();
            return match clauses {
                Some(c) if !c.is_empty() => Box::new(BooleanQuery::new(c)),
                _ => Box::new(EmptyQuery),
            };
        }
        let text = words.join(" ");
        let mut clauses: Vec<(Occur, Q)> = Vec::new();
        for f in self.text_fields(field) {
            if let Some(q) = self.words_in(f, &text) {
                clauses.push((Occur::Should, q));
            }
        }
        if Self::with_names(field) {
            // A quoted name finds its spellings as the bare words do.
            if let Some(q) = self.words_in(self.index.fields().names, &text) {
                clauses.push((Occur::Should, q));
            }
            clauses.extend(self.person_terms(&text));
        }
        should(clauses)
    }

    fn filter(&self, field: QField, value: &str) -> Q {
        let f = self.index.fields();
        let target = match field {
            QField::Lang => f.lang,
            QField::OrigLang => f.orig_lang,
            QField::TransLang => f.trans_lang,
            QField::Repo => f.repo,
            QField::Fond => f.fond,
            QField::Opis => f.opis,
            QField::Delo => f.delo,
            QField::Type => f.doc_type,
            QField::Collection => f.collection,
            QField::Id => {
                return Box::new(TermQuery::new(
                    Term::from_field_text(f.id, value),
                    IndexRecordOption::Basic,
                ))
            }
            _ => return Box::new(EmptyQuery),
        };
        Box::new(TermQuery::new(
            Term::from_field_text(target, &keyword_value(value)),
            IndexRecordOption::Basic,
        ))
    }

    /// Documents whose date span overlaps the range.
    fn dates(&self, from: Option<(i32, u8, u8)>, to: Option<(i32, u8, u8)>) -> Q {
        let f = self.index.fields();
        let mut clauses: Vec<(Occur, Q)> = Vec::new();
        if let Some(to) = to {
            let bound = Term::from_field_i64(f.date_from, crate::schema::day_number(to));
            clauses.push((
                Occur::Must,
                Box::new(RangeQuery::new(Bound::Unbounded, Bound::Included(bound))),
            ));
        }
        if let Some(from) = from {
            let bound = Term::from_field_i64(f.date_to, crate::schema::day_number(from));
            clauses.push((
                Occur::Must,
                Box::new(RangeQuery::new(Bound::Included(bound), Bound::Unbounded)),
            ));
        }
        if clauses.is_empty() {
            return Box::new(AllQuery);
        }
        Box::new(BooleanQuery::new(clauses))
    }
}

/// A word of the running text, exact: what a name's words are in a query.
fn plain_word(q: &Query) -> bool {
    matches!(q, Query::Term(t) if matches!(t.field, None | Some(QField::Text)) && t.fuzzy == 0 && !t.prefix)
}

fn should(clauses: Vec<(Occur, Q)>) -> Q {
    match clauses.len() {
        0 => Box::new(EmptyQuery),
        _ => Box::new(BooleanQuery::new(clauses)),
    }
}
