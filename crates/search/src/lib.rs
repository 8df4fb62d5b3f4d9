//! The search index: documents analysed per language, names indexed across
//! scripts, the fonds query language translated to tantivy queries, facets and
//! snippets that say which text matched.
//!
//! Architecture invariant: the index is derived data. Everything in it can be
//! rebuilt from the store, and each commit records the store's change sequence
//! number it is complete up to (the commit payload), so that a lagging index is
//! detected and caught up on the next start.
//!
//! Architecture invariant: this crate knows tantivy and the core types, and
//! nothing of SQL or HTTP.

pub mod analysis;
mod query;
pub mod schema;

pub use query::{speaker_keys, speaker_scope, to_tantivy, QueryBuildError};
pub use schema::Fields;
pub use tantivy::tokenizer::TokenizerManager;

use fonds_core::{Document, Part, TextRole};
use std::collections::HashMap;
use std::ops::Range;
use std::path::Path;
use std::sync::Mutex;
use tantivy::collector::{Count, FacetCollector, TopDocs};
use tantivy::query::Query as TantivyQuery;
use tantivy::schema::{Field, Value};
use tantivy::snippet::SnippetGenerator;
use tantivy::{
    DocAddress, IndexReader, IndexWriter, Order, ReloadPolicy, Searcher, TantivyDocument, Term,
};

#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    #[error("index: {0}")]
    Tantivy(#[from] tantivy::TantivyError),
    #[error("index directory: {0}")]
    OpenDirectory(#[from] tantivy::directory::error::OpenDirectoryError),
    #[error("index directory: {0}")]
    OpenRead(#[from] tantivy::directory::error::OpenReadError),
    #[error("{path}: {source}")]
    Io {
        path: std::path::PathBuf,
        source: std::io::Error,
    },
    #[error("the index was built by an incompatible version of fonds ({0}); run `fonds reindex`")]
    Incompatible(String),
    #[error("query: {0}")]
    Query(#[from] QueryBuildError),
    #[error("the index is open read-only")]
    ReadOnly,
}

/// The version of the index layout; a different one needs a rebuild.
pub const INDEX_FORMAT: u32 = 3;

/// The index: a tantivy index with fonds's schema and analyzers.
pub struct Index {
    index: tantivy::Index,
    fields: Fields,
    reader: IndexReader,
    writer: Option<Mutex<IndexWriter>>,
}

/// How to order hits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Sort {
    #[default]
    Relevance,
    DateAscending,
    DateDescending,
}

#[derive(Debug, Clone)]
pub struct SearchRequest {
    pub limit: usize,
    pub offset: usize,
    pub sort: Sort,
    pub facets: bool,
}

impl Default for SearchRequest {
    fn default() -> Self {
        SearchRequest {
            limit: 10,
            offset: 0,
            sort: Sort::Relevance,
            facets: false,
        }
    }
}

/// Starts a fragment at a word: tantivy cuts fragments by characters, which
/// can leave the tail of a word ("ста 1957" of "августа 1957") at the start.
fn word_start(
    text: &str,
    fragment: &str,
    highlights: &[Range<usize>],
) -> (String, Vec<Range<usize>>) {
    let mid_word = text.find(fragment).is_some_and(|at| {
        text[..at]
            .chars()
            .next_back()
            .is_some_and(char::is_alphanumeric)
    });
    let cut = if mid_word && fragment.starts_with(char::is_alphanumeric) {
        fragment.find(char::is_whitespace).map_or(0, |i| i + 1)
    } else {
        0
    };
    if highlights.first().is_some_and(|h| h.start < cut) {
        return (fragment.to_string(), highlights.to_vec());
    }
    let shifted = highlights
        .iter()
        .map(|h| h.start - cut..h.end - cut)
        .collect();
    (fragment[cut..].to_string(), shifted)
}

/// A fragment of `text` around the first word whose name key is one of
/// `keys`, with every such word in it highlighted.
fn name_snippet(
    text: &str,
    keys: &[String],
    max_chars: usize,
) -> Option<(String, Vec<Range<usize>>)> {
    if keys.is_empty() {
        return None;
    }
    let matches: Vec<Range<usize>> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty() && fonds_core::translit::is_name_like(w))
        .map(|w| {
            let start = w.as_ptr() as usize - text.as_ptr() as usize;
            (start..start + w.len(), w)
        })
        .filter(|(_, w)| {
            keys.contains(&fonds_core::translit::name_key(
                &fonds_core::lang::fold_homoglyphs(w),
            ))
        })
        .map(|(r, _)| r)
        .collect();
    let first = matches.first()?.clone();
    Some(around(text, first, &matches, max_chars))
}

/// A fragment of at most `max_chars` chars of `text` starting a little
/// before `first`, with the `matches` inside it as highlights.
fn around(
    text: &str,
    first: Range<usize>,
    matches: &[Range<usize>],
    max_chars: usize,
) -> (String, Vec<Range<usize>>) {
    // Start a little before the first match, on a character boundary.
    let mut start = first.start.saturating_sub(max_chars / 4);
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    let mut end = start;
    for (i, (at, c)) in text[start..].char_indices().enumerate() {
        end = start + at + c.len_utf8();
        if i + 1 >= max_chars {
            break;
        }
    }
    let fragment = text[start..end].to_string();
    let highlights = matches
        .iter()
        .filter(|r| r.start >= start && r.end <= end)
        .map(|r| r.start - start..r.end - start)
        .collect();
    (fragment, highlights)
}

#[derive(Debug, Clone)]
pub struct Hit {
    pub id: String,
    pub score: f32,
}

/// Facet counts per dimension, most frequent first.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Facets {
    pub lang: Vec<(String, u64)>,
    pub repo: Vec<(String, u64)>,
    pub doc_type: Vec<(String, u64)>,
    pub year: Vec<(String, u64)>,
    pub person: Vec<(String, u64)>,
    pub collection: Vec<(String, u64)>,
}

#[derive(Debug, Clone)]
pub struct SearchResults {
    pub total: usize,
    pub hits: Vec<Hit>,
    pub facets: Option<Facets>,
}

/// A stretch of a document's text around the words a query matched.
#[derive(Debug, Clone, PartialEq)]
pub struct Snippet {
    /// Which part matched: title, summary, original or translation.
    pub part: Part,
    pub language: String,
    pub fragment: String,
    /// Byte ranges of the matched words in `fragment`.
    pub highlights: Vec<Range<usize>>,
    /// The turn (0-based, as [`fonds_core::Text::turns`] counts) the fragment
    /// comes from, for a fragment of what a speaker said.
    pub turn: Option<usize>,
}

impl Index {
    /// Opens or creates the index in `dir` for reading and writing.
    pub fn open(dir: &Path) -> Result<Index, SearchError> {
        Index::open_mode(dir, true)
    }

    /// Opens an existing index for reading only (a server beside an importer).
    pub fn open_read_only(dir: &Path) -> Result<Index, SearchError> {
        Index::open_mode(dir, false)
    }

    fn open_mode(dir: &Path, writable: bool) -> Result<Index, SearchError> {
        std::fs::create_dir_all(dir).map_err(|source| SearchError::Io {
            path: dir.to_path_buf(),
            source,
        })?;
        let fields = Fields::build();
        let directory = tantivy::directory::MmapDirectory::open(dir)?;
        let index = if tantivy::Index::exists(&directory)? {
            let index = tantivy::Index::open(directory)?;
            if index.schema() != fields.schema {
                return Err(SearchError::Incompatible("its schema differs".into()));
            }
            index
        } else {
            tantivy::Index::create(
                directory,
                fields.schema.clone(),
                tantivy::IndexSettings::default(),
            )?
        };
        Index::from_index(index, fields, writable)
    }

    /// An index in memory, for tests.
    pub fn in_memory() -> Result<Index, SearchError> {
        let fields = Fields::build();
        let index = tantivy::Index::create_in_ram(fields.schema.clone());
        Index::from_index(index, fields, true)
    }

    fn from_index(
        index: tantivy::Index,
        fields: Fields,
        writable: bool,
    ) -> Result<Index, SearchError> {
        analysis::register(index.tokenizers());
        let reader = index
            .reader_builder()
            .reload_policy(if writable {
                ReloadPolicy::Manual
            } else {
                ReloadPolicy::OnCommitWithDelay
            })
            .try_into()?;
        let writer = if writable {
            // One indexing thread: the machine this must run on has two cores,
            // and the other one parses records.
            Some(Mutex::new(index.writer_with_num_threads(1, 128_000_000)?))
        } else {
            None
        };
        Ok(Index {
            index,
            fields,
            reader,
            writer,
        })
    }

    pub fn fields(&self) -> &Fields {
        &self.fields
    }

    /// The analyzers the index was opened with.
    pub fn index_tokenizers(&self) -> &tantivy::tokenizer::TokenizerManager {
        self.index.tokenizers()
    }

    /// The store change sequence number the last commit is complete up to.
    pub fn indexed_seq(&self) -> Result<i64, SearchError> {
        let metas = self.index.load_metas()?;
        let Some(payload) = metas.payload else {
            return Ok(0);
        };
        let mut parts = payload.split(';');
        let format = parts
            .next()
            .and_then(|p| p.strip_prefix("format="))
            .and_then(|v| v.parse::<u32>().ok());
        if format != Some(INDEX_FORMAT) {
            return Err(SearchError::Incompatible(format!("payload {payload:?}")));
        }
        Ok(parts
            .next()
            .and_then(|p| p.strip_prefix("seq="))
            .and_then(|v| v.parse().ok())
            .unwrap_or(0))
    }

    fn writer(&self) -> Result<std::sync::MutexGuard<'_, IndexWriter>, SearchError> {
        let w = self.writer.as_ref().ok_or(SearchError::ReadOnly)?;
        Ok(w.lock().unwrap_or_else(|e| e.into_inner()))
    }

    /// Adds or replaces a document. Not visible until [`Index::commit`].
    pub fn put(&self, doc: &Document) -> Result<(), SearchError> {
        let writer = self.writer()?;
        writer.delete_term(Term::from_field_text(self.fields.id, &doc.id));
        writer.add_document(schema::entry(&self.fields, doc, self.index.tokenizers()))?;
        Ok(())
    }

    /// Removes every document (before a rebuild).
    pub fn clear(&self) -> Result<(), SearchError> {
        self.writer()?.delete_all_documents()?;
        Ok(())
    }

    /// Makes the changes so far durable and visible, recording that the index
    /// is complete up to the store's change `seq`.
    pub fn commit(&self, seq: i64) -> Result<(), SearchError> {
        let mut writer = self.writer()?;
        let mut prepared = writer.prepare_commit()?;
        prepared.set_payload(&format!("format={INDEX_FORMAT};seq={seq}"));
        prepared.commit()?;
        drop(writer);
        self.reader.reload()?;
        Ok(())
    }

    /// Drops changes not yet committed.
    pub fn rollback(&self) -> Result<(), SearchError> {
        self.writer()?.rollback()?;
        Ok(())
    }

    pub fn num_docs(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    pub fn searcher(&self) -> Searcher {
        self.reader.searcher()
    }

    /// Runs a query.
    pub fn search(
        &self,
        query: &dyn TantivyQuery,
        req: &SearchRequest,
    ) -> Result<SearchResults, SearchError> {
        let searcher = self.reader.searcher();
        let limit = req.limit.max(1);
        let (total, addresses): (usize, Vec<(f32, DocAddress)>) = match req.sort {
            Sort::Relevance => searcher.search(
                query,
                &(
                    Count,
                    TopDocs::with_limit(limit)
                        .and_offset(req.offset)
                        .order_by_score(),
                ),
            )?,
            Sort::DateAscending | Sort::DateDescending => {
                let order = if req.sort == Sort::DateAscending {
                    Order::Asc
                } else {
                    Order::Desc
                };
                let (count, docs) = searcher.search(
                    query,
                    &(
                        Count,
                        TopDocs::with_limit(limit)
                            .and_offset(req.offset)
                            .order_by_fast_field::<i64>("date_from", order),
                    ),
                )?;
                (count, docs.into_iter().map(|(_, a)| (0.0, a)).collect())
            }
        };
        let mut hits = Vec::with_capacity(addresses.len());
        for (score, addr) in addresses {
            let stored: TantivyDocument = searcher.doc(addr)?;
            let id = stored
                .get_first(self.fields.id)
                .and_then(|v| v.as_str())
                .unwrap_or_default()
                .to_string();
            hits.push(Hit { id, score });
        }
        let facets = if req.facets {
            Some(self.facets(&searcher, query)?)
        } else {
            None
        };
        Ok(SearchResults {
            total,
            hits,
            facets,
        })
    }

    fn facets(&self, searcher: &Searcher, query: &dyn TantivyQuery) -> Result<Facets, SearchError> {
        let mut collector = FacetCollector::for_field("facets");
        for root in ["/lang", "/repo", "/type", "/year", "/person", "/collection"] {
            collector.add_facet(root);
        }
        let counts = searcher.search(query, &collector)?;
        let dim = |root: &str, k: usize| -> Vec<(String, u64)> {
            let mut v: Vec<(String, u64)> = counts
                .get(root)
                .map(|(facet, n)| {
                    (
                        facet
                            .to_path()
                            .last()
                            .map(|s| s.to_string())
                            .unwrap_or_default(),
                        n,
                    )
                })
                .collect();
            v.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
            v.truncate(k);
            v
        };
        let mut year = dim("/year", usize::MAX);
        year.sort_by(|a, b| a.0.cmp(&b.0));
        Ok(Facets {
            lang: dim("/lang", 50),
            repo: dim("/repo", 50),
            doc_type: dim("/type", 20),
            year,
            person: dim("/person", 30),
            collection: dim("/collection", 50),
        })
    }

    /// A maker of snippets for `query`, for the hits of one search: it keeps
    /// the snippet generator of each field for every hit. `words` are the
    /// query's positive words: a part that matched only through a name in
    /// another script ("Mikoyan" in a Russian text) gets a fragment around
    /// the words with the same name key.
    pub fn snippet_maker<'q>(
        &self,
        query: &'q dyn TantivyQuery,
        max_chars: usize,
        words: &[&str],
    ) -> SnippetMaker<'q> {
        SnippetMaker {
            query,
            searcher: self.reader.searcher(),
            fields: self.fields.clone(),
            max_chars,
            keys: words
                .iter()
                .map(|w| fonds_core::translit::name_key(w))
                .filter(|k| k.len() >= 2)
                .collect(),
            generators: HashMap::new(),
        }
    }

    /// Fragments of the turns in which the speakers `keys` (speaker keys)
    /// say one of `words`, at most `per_text` from each text, each with its
    /// turn number: the snippets of `speaker:Mikoyan терпение`.
    pub fn turn_snippets(
        &self,
        doc: &Document,
        keys: &[String],
        words: &[&str],
        max_chars: usize,
        per_text: usize,
    ) -> Vec<Snippet> {
        let manager = self.index.tokenizers();
        let mut out = Vec::new();
        for (ti, t) in doc.texts.iter().enumerate() {
            let analyzer = analysis::analyzer_name(analysis::lang_slot(t.language.code()));
            let wanted: Vec<String> = words
                .iter()
                .flat_map(|w| analysis::terms(manager, &analyzer, w))
                .collect();
            if wanted.is_empty() {
                continue;
            }
            let Some(mut a) = manager.get(&analyzer) else {
                continue;
            };
            let mut turn = 0usize;
            let mut found = 0;
            for (b, speaker) in t.blocks().zip(schema::turn_speakers(doc, ti)) {
                if b.kind == fonds_core::BlockKind::Turn && !b.continued {
                    turn += 1;
                }
                if found >= per_text || !speaker.is_some_and(|k| keys.contains(&k)) {
                    continue;
                }
                let text = analysis::fold(&b.reading_text()).into_owned();
                let mut matches: Vec<Range<usize>> = Vec::new();
                let mut stream = a.token_stream(&text);
                while let Some(tok) = stream.next() {
                    if wanted.contains(&tok.text) {
                        matches.push(tok.offset_from..tok.offset_to);
                    }
                }
                let Some(first) = matches.first().cloned() else {
                    continue;
                };
                let (fragment, highlights) = around(&text, first, &matches, max_chars);
                out.push(Snippet {
                    part: t.role.part(),
                    language: t.language.code().to_string(),
                    fragment,
                    highlights,
                    turn: Some(turn - 1),
                });
                found += 1;
            }
        }
        out
    }
}

/// Snippets for the hits of one query; see [`Index::snippet_maker`].
pub struct SnippetMaker<'q> {
    query: &'q dyn TantivyQuery,
    searcher: Searcher,
    fields: Fields,
    max_chars: usize,
    keys: Vec<String>,
    generators: HashMap<Field, SnippetGenerator>,
}

impl SnippetMaker<'_> {
    /// The best fragment of each part of `doc` that matched.
    pub fn snippets(&mut self, doc: &Document) -> Result<Vec<Snippet>, SearchError> {
        let max_chars = self.max_chars;
        let mut out = Vec::new();
        let mut parts: Vec<(Part, String, Field, String)> = vec![(
            Part::Title,
            "en".into(),
            self.fields.title,
            doc.title.clone(),
        )];
        if let Some(s) = &doc.summary {
            parts.push((Part::Summary, "en".into(), self.fields.summary, s.clone()));
        }
        for t in &doc.texts {
            let part = if t.role == TextRole::Original {
                Part::Original
            } else {
                Part::Translation
            };
            parts.push((
                part,
                t.language.code().to_string(),
                self.fields.text_field(t.role, t.language.code()),
                t.reading_lines(),
            ));
        }
        for (part, language, field, text) in parts {
            let generator = match self.generators.entry(field) {
                std::collections::hash_map::Entry::Occupied(e) => e.into_mut(),
                std::collections::hash_map::Entry::Vacant(v) => {
                    let mut g = SnippetGenerator::create(&self.searcher, self.query, field)?;
                    g.set_max_num_chars(max_chars);
                    v.insert(g)
                }
            };
            let folded = analysis::fold(&text);
            let snippet = generator.snippet(&folded);
            if snippet.is_empty() {
                if let Some(s) = name_snippet(&text, &self.keys, max_chars) {
                    out.push(Snippet {
                        part,
                        language,
                        fragment: s.0,
                        highlights: s.1,
                        turn: None,
                    });
                }
                continue;
            }
            let (fragment, highlights) =
                word_start(&folded, snippet.fragment(), snippet.highlighted());
            out.push(Snippet {
                part,
                language,
                fragment,
                highlights,
                turn: None,
            });
        }
        Ok(out)
    }
}
