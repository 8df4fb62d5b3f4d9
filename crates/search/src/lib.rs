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
mod people;
mod query;
pub mod schema;

pub use people::{Grouping, PeopleCounts};

pub use query::{speaker_keys, speaker_scope, to_tantivy, QueryBuildError};
pub use schema::Fields;
pub use tantivy::query::AllQuery;
pub use tantivy::tokenizer::TokenizerManager;
pub use tantivy::TantivyDocument;

use fonds_core::{Document, Part, TextRole};
use std::collections::HashMap;
use std::ops::Range;
use std::path::Path;
use std::sync::Mutex;
use tantivy::collector::{Count, FacetCollector, TopDocs};
pub use tantivy::query::Query as TantivyQuery;
use tantivy::schema::{Field, Value};
use tantivy::snippet::SnippetGenerator;
use tantivy::{DocAddress, IndexReader, IndexWriter, Order, ReloadPolicy, Searcher, Term};

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
    #[error("another fonds process (a server or an import) has the index open for writing; stop it, or serve with `fonds serve --read-only` to import meanwhile")]
    Busy,
}

/// The version of the index layout; a different one needs a rebuild.
pub const INDEX_FORMAT: u32 = 4;

/// Makes index entries from documents; see [`Index::entry_maker`].
#[derive(Clone)]
pub struct EntryMaker {
    fields: Fields,
    tokenizers: TokenizerManager,
}

impl EntryMaker {
    /// The document as the index holds it, given its people.
    pub fn entry(
        &self,
        doc: &Document,
        people: &fonds_core::people::mentions::DocPeople,
    ) -> TantivyDocument {
        schema::entry(&self.fields, doc, people, &self.tokenizers)
    }
}

/// The index: a tantivy index with fonds's schema and analyzers.
pub struct Index {
    index: tantivy::Index,
    fields: Fields,
    reader: IndexReader,
    writer: Option<Mutex<IndexWriter>>,
    /// Why the index on disk cannot be used (none there, or another
    /// layout), when it was opened as it is: an empty index stands in, so
    /// that the archive opens and `verify` can say so.
    unusable: Option<String>,
    /// The writer's lock on an unusable index's folder, held so that no
    /// other writer comes in while it waits to be rebuilt.
    lock: Option<tantivy::directory::DirectoryLock>,
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
/// `at` is the fragment's byte offset in `text`.
fn word_start(
    text: &str,
    at: usize,
    fragment: &str,
    highlights: &[Range<usize>],
) -> (String, Vec<Range<usize>>) {
    let mid_word = text[..at]
        .chars()
        .next_back()
        .is_some_and(char::is_alphanumeric);
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
/// `keys`, with every such word in it highlighted. Each distinct word's key
/// is worked out once, and no word past the fragment's reach is looked at.
fn name_snippet(
    text: &str,
    keys: &[String],
    max_chars: usize,
) -> Option<(String, Vec<Range<usize>>)> {
    if keys.is_empty() {
        return None;
    }
    let mut seen: HashMap<&str, bool> = HashMap::new();
    let mut matches: Vec<Range<usize>> = Vec::new();
    for w in text.split(|c: char| !c.is_alphanumeric()) {
        if w.is_empty() {
            continue;
        }
        let start = w.as_ptr() as usize - text.as_ptr() as usize;
        // A char is at most 4 bytes: nothing further on can be in the fragment.
        if matches
            .first()
            .is_some_and(|f| start > f.start + 4 * max_chars)
        {
            break;
        }
        let hit = *seen.entry(w).or_insert_with(|| {
            fonds_names::key::is_name_like(w)
                && keys.contains(&fonds_names::key::name_key(
                    &fonds_names::script::fold_homoglyphs(w),
                ))
        });
        if hit {
            matches.push(start..start + w.len());
        }
    }
    let first = matches.first()?.clone();
    Some(around(text, first, &matches, max_chars))
}

/// Where in `text` a snippet can be found without analysing all of it: a
/// stretch around each of the first places (at most four, apart) where one
/// of `words` (index terms, lower case) occurs, from a word start. None when
/// lower-casing moves byte offsets or no word occurs as it is written; the
/// caller then analyses the whole text.
fn windows(text: &str, words: &[&str], max_chars: usize) -> Option<Vec<Range<usize>>> {
    let lower = text.to_lowercase();
    if lower.len() != text.len() {
        return None;
    }
    let mut at: Vec<usize> = words
        .iter()
        .filter(|w| !w.is_empty())
        .flat_map(|w| lower.match_indices(*w).take(8).map(|(i, _)| i))
        .filter(|&i| {
            !lower[..i]
                .chars()
                .next_back()
                .is_some_and(char::is_alphanumeric)
        })
        .collect();
    at.sort_unstable();
    let mut out: Vec<Range<usize>> = Vec::new();
    for i in at {
        if out.len() == 4 {
            break;
        }
        if out.last().is_some_and(|r| i < r.end) {
            continue;
        }
        // Back by a fragment's length, forward by two, then out to whitespace.
        let mut start = text[..i]
            .char_indices()
            .rev()
            .nth(max_chars)
            .map_or(0, |(b, _)| b);
        if start > 0 {
            start = text[..start]
                .rfind(char::is_whitespace)
                .map_or(0, |b| b + 1);
        }
        let mut end = text[i..]
            .char_indices()
            .nth(2 * max_chars)
            .map_or(text.len(), |(b, _)| i + b);
        end = text[end..]
            .find(char::is_whitespace)
            .map_or(text.len(), |b| end + b);
        out.push(start..end);
    }
    (!out.is_empty()).then_some(out)
}

/// A fragment of at most `max_chars` chars of `text` starting a little
/// before `first`, with the `matches` inside it as highlights.
fn around(
    text: &str,
    first: Range<usize>,
    matches: &[Range<usize>],
    max_chars: usize,
) -> (String, Vec<Range<usize>>) {
    let alnum_before = |at: usize| {
        text[..at]
            .chars()
            .next_back()
            .is_some_and(char::is_alphanumeric)
    };
    let alnum_at = |at: usize| text[at..].chars().next().is_some_and(char::is_alphanumeric);
    // Start a little before the first match, on a character boundary, and
    // at a word: not inside one ("ста 1957" of "августа 1957").
    let mut start = first.start.saturating_sub(max_chars / 4);
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    if alnum_before(start) && alnum_at(start) {
        start = text[start..first.start]
            .find(char::is_whitespace)
            .map_or(first.start, |i| start + i + 1);
    }
    let mut end = start;
    for (i, (at, c)) in text[start..].char_indices().enumerate() {
        end = start + at + c.len_utf8();
        if i + 1 >= max_chars {
            break;
        }
    }
    // End at a word too, unless that would cut the first match.
    if end < text.len() && alnum_before(end) && alnum_at(end) {
        if let Some(i) = text[first.end.min(end)..end].rfind(char::is_whitespace) {
            end = first.end.min(end) + i;
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
    /// Where the hit is in the searcher of its results.
    pub address: DocAddress,
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
    /// The index as it was searched, for the hits' snippets.
    pub searcher: Searcher,
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
    /// Opens or creates the index in `dir` for reading and writing; one of
    /// another layout is refused ([`SearchError::Incompatible`]).
    pub fn open(dir: &Path) -> Result<Index, SearchError> {
        Index::open_mode(dir, true)
    }

    /// Opens an existing index for reading only (a server beside an importer)
    /// and creates nothing. An index that is missing or of another layout
    /// opens as an empty stand-in saying why ([`Index::unusable`]), so that
    /// `verify` can report it.
    pub fn open_read_only(dir: &Path) -> Result<Index, SearchError> {
        if !dir.is_dir() {
            return Index::stand_in("there is no index".into(), None);
        }
        let directory = tantivy::directory::MmapDirectory::open(dir)?;
        if !tantivy::Index::exists(&directory)? {
            return Index::stand_in("there is no index".into(), None);
        }
        match Index::open_existing(directory) {
            Err(SearchError::Incompatible(why)) => Index::stand_in(why, None),
            Ok(index) => Index::from_index(index, Fields::build(), false),
            Err(e) => Err(e),
        }
    }

    /// Opens the index in `dir` for writing as it is: one of another layout
    /// is neither opened nor replaced, but its writer's lock is taken and an
    /// empty stand-in says why ([`Index::unusable`]); drop it, remove the
    /// folder and [`Index::open`] it to rebuild.
    pub fn open_as_is(dir: &Path) -> Result<Index, SearchError> {
        match Index::open(dir) {
            Err(SearchError::Incompatible(why)) => {
                let directory = tantivy::directory::MmapDirectory::open(dir)?;
                let lock = tantivy::directory::Directory::acquire_lock(
                    &directory,
                    &tantivy::directory::INDEX_WRITER_LOCK,
                )
                .map_err(|e| match e {
                    tantivy::directory::error::LockError::LockBusy => SearchError::Busy,
                    e => tantivy::TantivyError::from(e).into(),
                })?;
                Index::stand_in(why, Some(lock))
            }
            other => other,
        }
    }

    /// Opens the index in `directory`, refusing one of another schema.
    fn open_existing(
        directory: tantivy::directory::MmapDirectory,
    ) -> Result<tantivy::Index, SearchError> {
        let index = tantivy::Index::open(directory)?;
        if index.schema() != Fields::build().schema {
            return Err(SearchError::Incompatible("its schema differs".into()));
        }
        Ok(index)
    }

    /// An empty index in memory standing in for one that cannot be used.
    fn stand_in(
        why: String,
        lock: Option<tantivy::directory::DirectoryLock>,
    ) -> Result<Index, SearchError> {
        let fields = Fields::build();
        let index = tantivy::Index::create_in_ram(fields.schema.clone());
        let mut stand_in = Index::from_index(index, fields, false)?;
        stand_in.unusable = Some(why);
        stand_in.lock = lock;
        Ok(stand_in)
    }

    /// Why the index on disk cannot be used, when it was opened as it is
    /// ([`Index::open_read_only`], [`Index::open_as_is`]) and an empty
    /// stand-in took its place.
    pub fn unusable(&self) -> Option<&str> {
        self.unusable.as_deref()
    }

    fn open_mode(dir: &Path, writable: bool) -> Result<Index, SearchError> {
        std::fs::create_dir_all(dir).map_err(|source| SearchError::Io {
            path: dir.to_path_buf(),
            source,
        })?;
        let fields = Fields::build();
        let directory = tantivy::directory::MmapDirectory::open(dir)?;
        let index = if tantivy::Index::exists(&directory)? {
            Index::open_existing(directory)?
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
            let writer = index
                .writer_with_num_threads(1, 128_000_000)
                .map_err(|e| match e {
                    tantivy::TantivyError::LockFailure(
                        tantivy::directory::error::LockError::LockBusy,
                        _,
                    ) => SearchError::Busy,
                    e => e.into(),
                })?;
            Some(Mutex::new(writer))
        } else {
            None
        };
        Ok(Index {
            index,
            fields,
            reader,
            writer,
            unusable: None,
            lock: None,
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
        if let Some(why) = &self.unusable {
            return Err(SearchError::Incompatible(why.clone()));
        }
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
        if let Some(why) = &self.unusable {
            return Err(SearchError::Incompatible(why.clone()));
        }
        let w = self.writer.as_ref().ok_or(SearchError::ReadOnly)?;
        Ok(w.lock().unwrap_or_else(|e| e.into_inner()))
    }

    /// Adds or replaces a document. Not visible until [`Index::commit`].
    pub fn put(&self, doc: &Document) -> Result<(), SearchError> {
        self.put_entry(
            &doc.id,
            schema::entry(
                &self.fields,
                doc,
                &fonds_core::people::mentions::document_people(doc),
                self.index.tokenizers(),
            ),
        )
    }

    /// What analyses documents into index entries, apart from the index:
    /// a bulk import's readers use it on their own threads.
    pub fn entry_maker(&self) -> EntryMaker {
        EntryMaker {
            fields: self.fields.clone(),
            tokenizers: self.index.tokenizers().clone(),
        }
    }

    /// Adds an entry made by an [`EntryMaker`] for the document `id`,
    /// replacing the one it had.
    pub fn put_entry(&self, id: &str, entry: TantivyDocument) -> Result<(), SearchError> {
        let writer = self.writer()?;
        writer.delete_term(Term::from_field_text(self.fields.id, id));
        writer.add_document(entry)?;
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

    /// Whether this index can be written (else it follows another
    /// process's commits).
    pub fn writable(&self) -> bool {
        self.writer.is_some() || self.lock.is_some()
    }

    /// Which commit the searches see: a new one after each reload.
    pub fn generation(&self) -> u64 {
        self.reader.searcher().generation().generation_id()
    }

    pub fn num_docs(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    /// The ids among `ids` that no document of the searched commit has, for
    /// checking the index against the store.
    pub fn missing(&self, ids: &[&str]) -> Result<Vec<String>, SearchError> {
        let searcher = self.reader.searcher();
        let mut out = Vec::new();
        for id in ids {
            let term = Term::from_field_text(self.fields.id, id);
            let query =
                tantivy::query::TermQuery::new(term, tantivy::schema::IndexRecordOption::Basic);
            if searcher.search(&query, &Count)? == 0 {
                out.push(id.to_string());
            }
        }
        Ok(out)
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
        // The count, the page of hits and the facet counts in one pass over
        // the matching documents.
        let facets = req.facets.then(facet_collector);
        let (total, addresses, counts): (usize, Vec<(f32, DocAddress)>, _) = match req.sort {
            Sort::Relevance => searcher.search(
                query,
                &(
                    Count,
                    TopDocs::with_limit(limit)
                        .and_offset(req.offset)
                        .order_by_score(),
                    facets,
                ),
            )?,
            Sort::DateAscending | Sort::DateDescending => {
                let order = if req.sort == Sort::DateAscending {
                    Order::Asc
                } else {
                    Order::Desc
                };
                let (count, docs, counts) = searcher.search(
                    query,
                    &(
                        Count,
                        TopDocs::with_limit(limit)
                            .and_offset(req.offset)
                            .order_by_fast_field::<i64>("date_from", order),
                        facets,
                    ),
                )?;
                (
                    count,
                    docs.into_iter().map(|(_, a)| (0.0, a)).collect(),
                    counts,
                )
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
            hits.push(Hit {
                id,
                score,
                address: addr,
            });
        }
        let facets = counts.map(|c| facet_dimensions(&c));
        Ok(SearchResults {
            total,
            hits,
            facets,
            searcher,
        })
    }

    /// A maker of snippets for `query`, for the hits of one search (in
    /// `searcher`, the one its results came from): it works out each
    /// field's terms once for every hit. `words` are the query's positive
    /// words: a part that matched only through a name in another script
    /// ("Mikoyan" in a Russian text) gets a fragment around the words with
    /// the same name key.
    pub fn snippet_maker<'q>(
        &self,
        searcher: &Searcher,
        query: &'q dyn TantivyQuery,
        max_chars: usize,
        words: &[&str],
    ) -> SnippetMaker<'q> {
        let keys: Vec<String> = words
            .iter()
            .map(|w| fonds_names::key::name_key(w))
            .filter(|k| k.len() >= 2)
            .collect();
        SnippetMaker {
            query,
            searcher: searcher.clone(),
            fields: self.fields.clone(),
            max_chars,
            keys: keys.clone(),
            key_terms: keys
                .iter()
                .map(|k| Term::from_field_text(self.fields.names, k))
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
    /// The keys as terms of the names field.
    key_terms: Vec<Term>,
    /// Per field, its generator and the query's terms in it; None when the
    /// query has no term the field holds.
    generators: HashMap<Field, Option<FieldTerms>>,
}

/// The words of those of `terms` the document at `address` holds, read from
/// the postings: no text is analysed to learn that a field did not match.
fn held(
    searcher: &Searcher,
    address: DocAddress,
    terms: &[Term],
) -> Result<Vec<String>, SearchError> {
    use tantivy::DocSet;
    let segment = searcher.segment_reader(address.segment_ord);
    let mut out = Vec::new();
    for term in terms {
        let inverted = segment.inverted_index(term.field())?;
        let Some(mut postings) = inverted
            .read_postings(term, tantivy::schema::IndexRecordOption::Basic)
            .map_err(tantivy::TantivyError::from)?
        else {
            continue;
        };
        // A fresh list stands on its first document; seek only goes forward.
        let doc = postings.doc();
        if doc == address.doc_id
            || (doc < address.doc_id && postings.seek(address.doc_id) == address.doc_id)
        {
            out.extend(term.value().as_str().map(str::to_string));
        }
    }
    Ok(out)
}

/// A field's snippet generator and the query's terms in the field.
struct FieldTerms {
    generator: SnippetGenerator,
    terms: Vec<Term>,
}

impl FieldTerms {
    fn new(
        searcher: &Searcher,
        query: &dyn TantivyQuery,
        field: Field,
        max_chars: usize,
    ) -> Result<Option<FieldTerms>, SearchError> {
        let mut terms: Vec<Term> = Vec::new();
        query.query_terms(&mut |term, _| {
            if term.field() == field && !terms.contains(term) {
                terms.push(term.clone());
            }
        });
        let mut scored = std::collections::BTreeMap::new();
        let mut held = Vec::new();
        for term in terms {
            let Some(text) = term.value().as_str().map(str::to_string) else {
                continue;
            };
            let docs = searcher.doc_freq(&term)?;
            if docs > 0 {
                scored.insert(text, 1.0 / (1.0 + docs as f32));
                held.push(term);
            }
        }
        if held.is_empty() {
            return Ok(None);
        }
        let tokenizer = searcher.index().tokenizer_for_field(field)?;
        Ok(Some(FieldTerms {
            generator: SnippetGenerator::new(scored, tokenizer, field, max_chars),
            terms: held,
        }))
    }

    /// The best fragment of `text` (folded) around `words`: looked for in
    /// stretches around where the words occur, else in the whole text.
    /// Returns the fragment, its byte offset in `text` and its highlights.
    fn snippet<'t>(
        &self,
        text: &'t str,
        words: &[&str],
        max_chars: usize,
    ) -> Option<(&'t str, usize, Vec<Range<usize>>)> {
        let pick = |range: Range<usize>| {
            let s = self.generator.snippet(&text[range.clone()]);
            (!s.is_empty()).then(|| {
                let at = range.start + s.fragment_range().start;
                (
                    &text[at..at + s.fragment().len()],
                    at,
                    s.highlighted().to_vec(),
                )
            })
        };
        if let Some(windows) = windows(text, words, max_chars) {
            // The stretch whose fragment highlights the most words, the first on a tie.
            let best = windows.into_iter().filter_map(pick).fold(
                None::<(&str, usize, Vec<Range<usize>>)>,
                |best, s| match best {
                    Some(b) if b.2.len() >= s.2.len() => Some(b),
                    _ => Some(s),
                },
            );
            if best.is_some() {
                return best;
            }
        }
        pick(0..text.len())
    }
}

impl SnippetMaker<'_> {
    /// The best fragment of each part of `doc` (at `address` in the
    /// searcher) that matched.
    pub fn snippets(
        &mut self,
        doc: &Document,
        address: DocAddress,
    ) -> Result<Vec<Snippet>, SearchError> {
        let max_chars = self.max_chars;
        // Look for a name in another script only where the document has one.
        let keys = if self.keys.is_empty() {
            Vec::new()
        } else {
            let held = held(&self.searcher, address, &self.key_terms)?;
            self.keys
                .iter()
                .filter(|k| held.contains(k))
                .cloned()
                .collect()
        };
        let mut out = Vec::new();
        // Each part's text is put together only if the part can give a snippet.
        let mut parts: Vec<(Part, String, Field, Option<&fonds_core::Text>, &str)> = vec![(
            Part::Title,
            "en".into(),
            self.fields.title,
            None,
            &doc.title,
        )];
        if let Some(s) = &doc.summary {
            parts.push((Part::Summary, "en".into(), self.fields.summary, None, s));
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
                Some(t),
                "",
            ));
        }
        for (part, language, field, of_text, plain) in parts {
            let terms = match self.generators.entry(field) {
                std::collections::hash_map::Entry::Occupied(e) => e.into_mut(),
                std::collections::hash_map::Entry::Vacant(v) => v.insert(FieldTerms::new(
                    &self.searcher,
                    self.query,
                    field,
                    max_chars,
                )?),
            };
            let held = match terms {
                Some(t) => held(&self.searcher, address, &t.terms)?,
                None => Vec::new(),
            };
            if held.is_empty() && keys.is_empty() {
                continue;
            }
            let text = match of_text {
                Some(t) => t.reading_lines(),
                None => plain.to_string(),
            };
            let folded = analysis::fold(&text);
            let found = match terms {
                Some(t) if !held.is_empty() => {
                    let words: Vec<&str> = held.iter().map(String::as_str).collect();
                    t.snippet(&folded, &words, max_chars)
                }
                _ => None,
            };
            let Some((fragment, at, highlighted)) = found else {
                if let Some(s) = name_snippet(&text, &keys, max_chars) {
                    out.push(Snippet {
                        part,
                        language,
                        fragment: s.0,
                        highlights: s.1,
                        turn: None,
                    });
                }
                continue;
            };
            let (fragment, highlights) = word_start(&folded, at, fragment, &highlighted);
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

/// Counts the facets of the dimensions a search shows.
fn facet_collector() -> FacetCollector {
    let mut collector = FacetCollector::for_field("facets");
    for root in ["/lang", "/repo", "/type", "/year", "/person", "/collection"] {
        collector.add_facet(root);
    }
    collector
}

/// The facet counts per dimension, the most frequent first (years in order).
fn facet_dimensions(counts: &tantivy::collector::FacetCounts) -> Facets {
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
    Facets {
        lang: dim("/lang", 50),
        repo: dim("/repo", 50),
        doc_type: dim("/type", 20),
        year,
        person: dim("/person", 30),
        collection: dim("/collection", 50),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fragments_around_a_match_start_and_end_at_words() {
        let text =
            "Товарищ Микоян сказал, что терпение и труд всё перетрут, а делегация согласилась";
        let at = text.find("терпение").unwrap();
        let first = at..at + "терпение".len();
        for max_chars in [12, 20, 24, 31, 40] {
            let (fragment, highlights) =
                around(text, first.clone(), std::slice::from_ref(&first), max_chars);
            let from = text.find(&fragment).unwrap();
            let to = from + fragment.len();
            let alnum = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
            assert!(
                !(alnum(text[..from].chars().next_back()) && alnum(fragment.chars().next())),
                "{max_chars}: starts inside a word: {fragment:?}"
            );
            assert!(
                !(alnum(fragment.chars().next_back()) && alnum(text[to..].chars().next())),
                "{max_chars}: ends inside a word: {fragment:?}"
            );
            assert_eq!(&fragment[highlights[0].clone()], "терпение");
        }
    }
}
