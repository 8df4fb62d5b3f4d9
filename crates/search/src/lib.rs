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
mod card;
mod facets;
mod people;
mod query;
pub mod schema;

mod hidden;

pub use card::{Card, CardDate};
pub use people::{Grouping, PeopleCounts};

pub use query::{speaker_keys, speaker_scope, to_tantivy, QueryBuildError};
pub use schema::Fields;
pub use tantivy::query::AllQuery;
pub use tantivy::tokenizer::TokenizerManager;
pub use tantivy::TantivyDocument;

use fonds_core::{Document, Part};
use std::collections::HashMap;
use std::ops::Range;
use std::path::Path;
use std::sync::Mutex;
use tantivy::collector::{Count, TopDocs};
pub use tantivy::query::Query as TantivyQuery;
use tantivy::schema::{Field, Value};
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
    #[error("the index entry at {0:?} has no readable card; run `fonds repair`")]
    Damaged(DocAddress),
    #[error("another fonds process (a server or an import) has the index open for writing; stop it, or serve with `fonds serve --read-only` to import meanwhile")]
    Busy,
}

/// The version of the index layout; a different one needs a rebuild.
pub const INDEX_FORMAT: u32 = 10;

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
    /// What the segments' facet ordinals stand for ([`facets`]).
    facet_cache: std::sync::Arc<facets::FacetCache>,
    /// Name keys of the words snippets looked at.
    name_keys: std::sync::Arc<NameKeys>,
    /// What entries and queries are analysed with; the index's own
    /// tokenizers only read back what entries carry.
    analyzers: TokenizerManager,
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

/// A fragment of a part's text around the first word whose name key is one
/// of `keys`, with every such word in it highlighted. The words are the
/// part's stored words (no text is split again); a word's key is worked
/// out once and kept (`known`), and no word past the fragment's reach is
/// looked at.
fn name_snippet(
    stored: &card::ReadCard,
    part: &card::ReadPart,
    keys: &[String],
    max_chars: usize,
    known: &NameKeys,
) -> Option<(String, Vec<Range<usize>>)> {
    if keys.is_empty() {
        return None;
    }
    let text = stored.text(part);
    let mut matches: Vec<Range<usize>> = Vec::new();
    for word in stored.words(part) {
        let (start, end) = (word.from as usize, word.to as usize);
        // A char is at most 4 bytes: nothing further on can be in the fragment.
        if matches
            .first()
            .is_some_and(|f| start > f.start + 4 * max_chars)
        {
            break;
        }
        let w = &text[start..end];
        // Most words are not name-like, which costs less to see than a
        // look-up.
        if !fonds_names::key::is_name_like(w) {
            continue;
        }
        if known.is(w, keys) {
            matches.push(start..end);
        }
    }
    let first = matches.first()?.clone();
    Some(around(text, first, &matches, max_chars))
}

/// The name keys of the name-like words snippets have looked at, kept
/// across searches (a word's key does not depend on the query), up to
/// [`NameKeys::MAX`] words, then started again.
#[derive(Default)]
struct NameKeys {
    keys: Mutex<HashMap<String, String>>,
}

impl NameKeys {
    const MAX: usize = 100_000;

    /// Whether a word's name key is one of `keys`.
    fn is(&self, word: &str, keys: &[String]) -> bool {
        let mut known = self.keys.lock().expect("name keys");
        if let Some(key) = known.get(word) {
            return keys.contains(key);
        }
        let key = fonds_names::key::name_key(&fonds_names::script::fold_homoglyphs(word));
        let hit = keys.contains(&key);
        if known.len() >= Self::MAX {
            known.clear();
        }
        known.insert(word.to_string(), key);
        hit
    }
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
    // Start where the match's sentence or turn starts, when that is near
    // enough; else a little before the match, on a character boundary, and
    // at a word: not inside one ("ста 1957" of "августа 1957").
    let mut start = first.start.saturating_sub(max_chars / 4);
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    // Half a fragment back, in characters.
    let reach = text[..first.start]
        .char_indices()
        .rev()
        .nth(max_chars / 2)
        .map_or(0, |(i, _)| i);
    if let Some(s) = sentence_start(text, reach, first.start) {
        start = s;
    } else if alnum_before(start) && alnum_at(start) {
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

/// The edits (insertions, deletions, substitutions, swaps of two neighbours)
/// that make `a` into `b`, counted over characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut v = (d[i - 1][j] + 1)
                .min(d[i][j - 1] + 1)
                .min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(d[i - 2][j - 2] + 1);
            }
            d[i][j] = v;
        }
    }
    d[a.len()][b.len()]
}

/// Where the last sentence or line that begins in `text[from..to]` begins:
/// after a line break, or after a sentence's end and the space after it. A
/// full stop after a short word is taken for an abbreviation ("Mr.",
/// "т.", "г."), not for the end of a sentence.
fn sentence_start(text: &str, from: usize, to: usize) -> Option<usize> {
    let window = &text[from..to];
    let mut best = None;
    let mut chars = window.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let next = chars.peek().map(|&(_, n)| n);
        let ends = match c {
            '\n' => true,
            '。' | '！' | '？' => true,
            '!' | '?' => next.is_some_and(char::is_whitespace),
            '.' => {
                next.is_some_and(char::is_whitespace) && {
                    let word = window[..i]
                        .chars()
                        .rev()
                        .take_while(|c| c.is_alphabetic())
                        .count();
                    word >= 4
                }
            }
            _ => false,
        };
        if ends {
            let after = i + c.len_utf8();
            let skip = window[after..]
                .find(|c: char| !c.is_whitespace())
                .unwrap_or(window.len() - after);
            if after + skip < window.len() {
                best = Some(from + after + skip);
            }
        }
    }
    best
}

#[derive(Debug, Clone)]
pub struct Hit {
    /// What the hit shows, from the index (its id among it).
    pub card: Card,
    pub score: f32,
    /// Where the hit is in the searcher of its results.
    pub address: DocAddress,
    /// The texts its snippets are cut from.
    stored: card::ReadCard,
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
    /// The languages documents were written in, and translated into.
    pub orig_lang: Vec<(String, u64)>,
    pub trans_lang: Vec<(String, u64)>,
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
        analysis::register_replay(index.tokenizers());
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
            facet_cache: Default::default(),
            name_keys: Default::default(),
            analyzers: analysis::analyzers(),
        })
    }

    pub fn fields(&self) -> &Fields {
        &self.fields
    }

    /// The analyzers of the index's fields, by the names the schema gives.
    pub fn index_tokenizers(&self) -> &tantivy::tokenizer::TokenizerManager {
        &self.analyzers
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
                &self.analyzers,
            ),
        )
    }

    /// What analyses documents into index entries, apart from the index:
    /// a bulk import's readers use it on their own threads.
    pub fn entry_maker(&self) -> EntryMaker {
        EntryMaker {
            fields: self.fields.clone(),
            tokenizers: self.analyzers.clone(),
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
        self.commit_with(seq, false)
    }

    /// As [`Index::commit`], recording too that a rebuild is under way: the
    /// index holds the store's documents up to `seq` and none after, and
    /// a rebuild started again resumes from there ([`Index::rebuilding`]).
    pub fn commit_rebuilding(&self, seq: i64) -> Result<(), SearchError> {
        self.commit_with(seq, true)
    }

    /// Whether the last commit was made by a rebuild that has not finished.
    pub fn rebuilding(&self) -> bool {
        self.unusable.is_none()
            && self
                .index
                .load_metas()
                .ok()
                .and_then(|m| m.payload)
                .is_some_and(|p| p.split(';').any(|part| part == "rebuilding"))
    }

    fn commit_with(&self, seq: i64, rebuilding: bool) -> Result<(), SearchError> {
        let mut writer = self.writer()?;
        let mut prepared = writer.prepare_commit()?;
        let mut payload = format!("format={INDEX_FORMAT};seq={seq}");
        if rebuilding {
            payload.push_str(";rebuilding");
        }
        prepared.set_payload(&payload);
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

    /// The index's files whose bytes no longer match the checksum each
    /// carries in its footer (the segments' files; the index is derived,
    /// so a damaged one is rebuilt, not mended).
    pub fn damaged_files(&self) -> Result<Vec<String>, SearchError> {
        let mut files: Vec<String> = self
            .index
            .validate_checksum()?
            .into_iter()
            .map(|p| p.display().to_string())
            .collect();
        files.sort();
        Ok(files)
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

    /// Words of the index spelled like `word` (one edit away for a short
    /// word, two for a longer one, a swap of two letters counting as one),
    /// the closest and then the most used first, at most `max`: what a
    /// reader may have meant by a word that found nothing; nothing for a
    /// word the index knows. The words are the texts' unstemmed words, as
    /// the index folds them.
    pub fn similar_words(
        &self,
        word: &str,
        max: usize,
        hidden: Option<&dyn TantivyQuery>,
    ) -> Result<Vec<String>, SearchError> {
        /// The most words of the dictionary looked at for one word.
        const MAX_SEEN: usize = 20_000;
        let folded = match analysis::terms(self.index_tokenizers(), "fonds_plain", word).as_slice()
        {
            [one] => one.clone(),
            _ => return Ok(Vec::new()),
        };
        let chars = folded.chars().count();
        if !(3..=40).contains(&chars) {
            return Ok(Vec::new());
        }
        let distance = if chars <= 4 { 1 } else { 2 };
        let plain = self.fields.plain;
        let automaton = tantivy::query::FuzzyTermQuery::new(
            Term::from_field_text(plain, &folded),
            distance,
            true,
        )
        .automaton()?;
        let searcher = self.searcher();
        let mut found: HashMap<String, u64> = HashMap::new();
        let (mut seen, mut known) = (0, false);
        for segment in searcher.segment_readers() {
            let inverted = segment.inverted_index(plain)?;
            let mut terms = inverted
                .terms()
                .search(&automaton)
                .into_stream()
                .map_err(|e| SearchError::Tantivy(e.into()))?;
            while seen < MAX_SEEN && terms.advance() {
                seen += 1;
                if let Ok(t) = std::str::from_utf8(terms.key()) {
                    if t == folded {
                        known = true;
                    } else {
                        *found.entry(t.to_string()).or_default() +=
                            u64::from(terms.value().doc_freq);
                    }
                }
            }
        }
        // With documents hidden, a word counts only if a document not
        // hidden has it: what is hidden neither is offered nor silences
        // the offer.
        let shown = |t: &str| -> Result<bool, SearchError> {
            let Some(filter) = hidden else {
                return Ok(true);
            };
            let q = Index::within(
                Box::new(tantivy::query::TermQuery::new(
                    Term::from_field_text(plain, t),
                    tantivy::schema::IndexRecordOption::Basic,
                )),
                Some(filter),
            );
            Ok(searcher.search(q.as_ref(), &Count)? > 0)
        };
        if known && shown(&folded)? {
            return Ok(Vec::new());
        }
        if hidden.is_some() {
            let mut kept = HashMap::new();
            for (t, n) in found {
                if shown(&t)? {
                    kept.insert(t, n);
                }
            }
            found = kept;
        }
        let mut ranked: Vec<(usize, u64, String)> = found
            .into_iter()
            .map(|(t, n)| (edit_distance(&folded, &t), n, t))
            .collect();
        ranked.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)).then(a.2.cmp(&b.2)));
        Ok(ranked.into_iter().take(max).map(|(_, _, t)| t).collect())
    }

    /// The documents named in `hidden`, and those of the `collections`
    /// unless named in `shown`: what a reader may not read, as the index
    /// selects it (the store selects the same set in SQL), each segment's
    /// matches found once and remembered by the query ([`hidden`]): keep
    /// the query to search with it again. [`Index::within`] takes them out
    /// of a query.
    pub fn hiding(
        &self,
        hidden: &[String],
        collections: &[String],
        shown: &[String],
    ) -> Box<dyn TantivyQuery> {
        use tantivy::query::{BooleanQuery, Occur, TermSetQuery};
        let ids = |values: &[String]| -> Box<dyn TantivyQuery> {
            Box::new(TermSetQuery::new(
                values
                    .iter()
                    .map(|v| Term::from_field_text(self.fields.id, v)),
            ))
        };
        let mut any: Vec<(Occur, Box<dyn TantivyQuery>)> = Vec::new();
        if !hidden.is_empty() {
            any.push((Occur::Should, ids(hidden)));
        }
        if !collections.is_empty() {
            // A collection is a keyword field: its values are kept normalised.
            let of_collections = Box::new(TermSetQuery::new(collections.iter().map(|v| {
                Term::from_field_text(self.fields.collection, &analysis::keyword_value(v))
            })));
            let mut hidden_there: Vec<(Occur, Box<dyn TantivyQuery>)> =
                vec![(Occur::Must, of_collections)];
            if !shown.is_empty() {
                hidden_there.push((Occur::MustNot, ids(shown)));
            }
            any.push((Occur::Should, Box::new(BooleanQuery::new(hidden_there))));
        }
        Box::new(hidden::Remembered::new(Box::new(BooleanQuery::new(any))))
    }

    /// `query` without the documents `hidden` selects ([`Index::hiding`]),
    /// scored as `query` alone.
    pub fn within(
        query: Box<dyn TantivyQuery>,
        hidden: Option<&dyn TantivyQuery>,
    ) -> Box<dyn TantivyQuery> {
        use tantivy::query::{BooleanQuery, Occur};
        match hidden {
            None => query,
            Some(h) => Box::new(BooleanQuery::new(vec![
                (Occur::Must, query),
                (Occur::MustNot, h.box_clone()),
            ])),
        }
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
        let facets = req.facets.then(|| {
            let live: Vec<tantivy::index::SegmentId> = searcher
                .segment_readers()
                .iter()
                .map(|s| s.segment_id())
                .collect();
            self.facet_cache.keep(&live);
            facets::FacetCounter {
                cache: self.facet_cache.clone(),
            }
        });
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
            let entry: TantivyDocument = searcher.doc(addr)?;
            let (card, stored) = entry
                .get_first(self.fields.card)
                .and_then(|v| v.as_str())
                .and_then(|raw| card::ReadCard::decode(raw.to_string()))
                .ok_or(SearchError::Damaged(addr))?;
            hits.push(Hit {
                card,
                score,
                address: addr,
                stored,
            });
        }
        let facets = counts.map(facets::dimensions);
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
            max_chars,
            keys: keys.clone(),
            key_terms: keys
                .iter()
                .map(|k| Term::from_field_text(self.fields.names, k))
                .collect(),
            terms: HashMap::new(),
            name_keys: self.name_keys.clone(),
        }
    }

    /// Fragments of the turns in which the speakers `keys` (speaker keys)
    /// say one of `words`, at most `per_text` from each text, each with its
    /// turn number: the snippets of `speaker:Mikoyan терпение`. The words
    /// are found where the postings place them, in the hit's stored texts.
    pub fn turn_snippets(
        &self,
        searcher: &Searcher,
        hit: &Hit,
        keys: &[String],
        words: &[&str],
        max_chars: usize,
        per_text: usize,
    ) -> Result<Vec<Snippet>, SearchError> {
        let manager = &self.analyzers;
        let mut out = Vec::new();
        for p in hit.stored.parts.iter().filter(|p| !p.said.is_empty()) {
            let analyzer = analysis::analyzer_name(analysis::lang_slot(&p.language));
            let field = Field::from_field_id(p.field);
            let mut terms: Vec<Term> = Vec::new();
            for w in words {
                for t in analysis::terms(manager, &analyzer, w) {
                    let term = Term::from_field_text(field, &t);
                    if !terms.contains(&term) {
                        terms.push(term);
                    }
                }
            }
            if terms.is_empty() {
                continue;
            }
            let matches: Vec<Range<usize>> =
                matched_words(&hit.stored, p, &positions(searcher, hit.address, &terms)?)
                    .into_iter()
                    .map(|(r, _)| r)
                    .collect();
            let mut found = 0;
            for said in &p.said {
                if found >= per_text {
                    break;
                }
                if !keys.contains(&said.speaker) {
                    continue;
                }
                let (from, to) = (said.range.start as usize, said.range.end as usize);
                let inside: Vec<Range<usize>> = matches
                    .iter()
                    .filter(|r| r.start >= from && r.end <= to)
                    .map(|r| r.start - from..r.end - from)
                    .collect();
                let Some(first) = inside.first().cloned() else {
                    continue;
                };
                let (fragment, highlights) =
                    around(&hit.stored.text(p)[from..to], first, &inside, max_chars);
                out.push(Snippet {
                    part: p.part,
                    language: p.language.clone(),
                    fragment,
                    highlights,
                    turn: Some(said.turn as usize),
                });
                found += 1;
            }
        }
        Ok(out)
    }
}

/// Snippets for the hits of one query; see [`Index::snippet_maker`].
pub struct SnippetMaker<'q> {
    query: &'q dyn TantivyQuery,
    searcher: Searcher,
    max_chars: usize,
    keys: Vec<String>,
    /// The keys as terms of the names field.
    key_terms: Vec<Term>,
    /// Per field (by id), the query's terms in it that some document holds.
    terms: HashMap<u32, Vec<Term>>,
    /// The name keys of words, kept by the index.
    name_keys: std::sync::Arc<NameKeys>,
}

/// The words of those of `terms` the document at `address` holds, read from
/// the postings: no text is analysed to learn that a field did not match.
fn held(
    searcher: &Searcher,
    address: DocAddress,
    terms: &[Term],
) -> Result<Vec<String>, SearchError> {
    let mut out = Vec::new();
    for term in terms {
        if postings_at(
            searcher,
            address,
            term,
            tantivy::schema::IndexRecordOption::Basic,
        )?
        .is_some()
        {
            out.extend(term.value().as_str().map(str::to_string));
        }
    }
    Ok(out)
}

/// A term's postings standing on the document at `address`, if the
/// document holds the term.
fn postings_at(
    searcher: &Searcher,
    address: DocAddress,
    term: &Term,
    option: tantivy::schema::IndexRecordOption,
) -> Result<Option<tantivy::postings::SegmentPostings>, SearchError> {
    use tantivy::DocSet;
    let inverted = searcher
        .segment_reader(address.segment_ord)
        .inverted_index(term.field())?;
    let Some(mut postings) = inverted
        .read_postings(term, option)
        .map_err(tantivy::TantivyError::from)?
    else {
        return Ok(None);
    };
    // A fresh list stands on its first document; seek only goes forward.
    let doc = postings.doc();
    let there = doc == address.doc_id
        || (doc < address.doc_id && postings.seek(address.doc_id) == address.doc_id);
    Ok(there.then_some(postings))
}

/// Where in the document at `address` each of `terms` occurs: (position,
/// the term's index in `terms`), in position order, read from the postings.
fn positions(
    searcher: &Searcher,
    address: DocAddress,
    terms: &[Term],
) -> Result<Vec<(u32, usize)>, SearchError> {
    use tantivy::postings::Postings;
    let mut out = Vec::new();
    let mut buffer = Vec::new();
    for (i, term) in terms.iter().enumerate() {
        let option = tantivy::schema::IndexRecordOption::WithFreqsAndPositions;
        if let Some(mut postings) = postings_at(searcher, address, term, option)? {
            buffer.clear();
            postings.positions(&mut buffer);
            out.extend(buffer.iter().map(|&p| (p, i)));
        }
    }
    out.sort_unstable();
    Ok(out)
}

/// The bytes of the words of a part at `positions` (sorted), each with the
/// index of the term found there, in text order. The part's words are read
/// only up to the last of the positions.
fn matched_words(
    stored: &card::ReadCard,
    part: &card::ReadPart,
    positions: &[(u32, usize)],
) -> Vec<(Range<usize>, usize)> {
    let mut out = Vec::new();
    let Some(&(last, _)) = positions.last() else {
        return out;
    };
    let mut at = 0;
    for word in stored.words(part) {
        if word.position > last {
            break;
        }
        while at < positions.len() && positions[at].0 < word.position {
            at += 1;
        }
        for &(_, term) in positions[at..]
            .iter()
            .take_while(|(p, _)| *p == word.position)
        {
            out.push((word.from as usize..word.to as usize, term));
        }
    }
    out.sort_by_key(|(r, _)| (r.start, r.end));
    out.dedup_by_key(|(r, _)| r.start);
    out
}

/// How many words a fragment holds after its first match, about: three
/// quarters of a fragment of `max_chars` (the rest goes before the match),
/// at about seven characters a word with its space.
fn reach(max_chars: usize) -> u32 {
    (max_chars * 3 / 4 / 7).max(4) as u32
}

/// Of the places where the query's words occur (position, term; in
/// position order), the stretch of `reach` positions to cut a fragment
/// from: the one that holds the most different words, then the most
/// words, the first on a tie. Returns its first and last position.
fn best_stretch(at: &[(u32, usize)], reach: u32) -> (u32, u32) {
    let mut best = (0usize, 0usize, 0usize);
    for (i, &(start, _)) in at.iter().enumerate().take(256) {
        let mut terms: Vec<usize> = Vec::new();
        let mut count = 0;
        for &(_, term) in at[i..].iter().take_while(|(p, _)| *p < start + reach) {
            count += 1;
            if !terms.contains(&term) {
                terms.push(term);
            }
        }
        if (terms.len(), count) > (best.1, best.2) {
            best = (i, terms.len(), count);
        }
    }
    let start = at.get(best.0).map_or(0, |a| a.0);
    (start, start + reach)
}

impl SnippetMaker<'_> {
    /// The query's terms in a field that some document holds, worked out
    /// once per field for every hit.
    fn field_terms(&mut self, field: u32) -> Result<&[Term], SearchError> {
        if !self.terms.contains_key(&field) {
            let mut terms: Vec<Term> = Vec::new();
            self.query.query_terms(&mut |term, _| {
                if term.field().field_id() == field && !terms.contains(term) {
                    terms.push(term.clone());
                }
            });
            let mut held = Vec::with_capacity(terms.len());
            for term in terms {
                if term.value().as_str().is_some() && self.searcher.doc_freq(&term)? > 0 {
                    held.push(term);
                }
            }
            self.terms.insert(field, held);
        }
        Ok(&self.terms[&field])
    }

    /// The best fragment of each part of a hit that matched, cut from its
    /// stored text around the words the postings place there.
    pub fn snippets(&mut self, hit: &Hit) -> Result<Vec<Snippet>, SearchError> {
        let max_chars = self.max_chars;
        let address = hit.address;
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
        let mut found: HashMap<u32, Vec<(u32, usize)>> = HashMap::new();
        for p in &hit.stored.parts {
            let text = hit.stored.text(p);
            if let std::collections::hash_map::Entry::Vacant(e) = found.entry(p.field) {
                let terms = self.field_terms(p.field)?.to_vec();
                e.insert(if terms.is_empty() {
                    Vec::new()
                } else {
                    positions(&self.searcher, address, &terms)?
                });
            }
            // This part's places of the field's words.
            let all = &found[&p.field];
            let from = all.partition_point(|(q, _)| q < p.positions.start());
            let to = all.partition_point(|(q, _)| q <= p.positions.end());
            let at = &all[from..to];
            if at.is_empty() && keys.is_empty() {
                continue;
            }
            // The words are read only as far as the stretch chosen, and a
            // little past it for what the fragment shows beyond it.
            let (start, end) = best_stretch(at, reach(max_chars));
            let near: Vec<(u32, usize)> = at
                .iter()
                .copied()
                .filter(|(q, _)| *q >= start && *q < end + reach(max_chars))
                .collect();
            let matches = matched_words(&hit.stored, p, &near);
            let (fragment, highlights) = match matches.first() {
                Some((first, _)) => {
                    let first = first.clone();
                    let ranges: Vec<Range<usize>> = matches.into_iter().map(|(r, _)| r).collect();
                    around(text, first, &ranges, max_chars)
                }
                None => match name_snippet(&hit.stored, p, &keys, max_chars, &self.name_keys) {
                    Some(s) => s,
                    None => continue,
                },
            };
            out.push(Snippet {
                part: p.part,
                language: p.language.clone(),
                fragment,
                highlights,
                turn: None,
            });
        }
        Ok(out)
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

    #[test]
    fn similar_words_are_offered_for_unknown_words_only() {
        let index = Index::in_memory().unwrap();
        let record = include_str!("../../../fixtures/records/ru_conversation_ocr.txt");
        let doc = fonds_core::record::read_record(record, Some("ru_conversation_ocr.txt"));
        index.put(&doc).unwrap();
        index.commit(1).unwrap();
        // One letter off, and two letters swapped.
        assert_eq!(
            index.similar_words("Червоненка", 3, None).unwrap()[0],
            "червоненко"
        );
        assert_eq!(
            index.similar_words("делегцаии", 3, None).unwrap()[0],
            "делегации"
        );
        // A word of the texts is not corrected, nor one too far from any.
        assert!(index
            .similar_words("Червоненко", 3, None)
            .unwrap()
            .is_empty());
        assert!(index.similar_words("zzzqqqxx", 3, None).unwrap().is_empty());
    }

    #[test]
    fn fragments_start_at_the_sentence_of_the_match() {
        let text = "The ships sailed at noon. Mr. Lansing said the harbour was open again. The rest followed.";
        let at = text.find("harbour").unwrap();
        let first = at..at + "harbour".len();
        let (fragment, _) = around(text, first.clone(), std::slice::from_ref(&first), 60);
        assert!(fragment.starts_with("Mr. Lansing said"), "{fragment:?}");
        // A new line starts a turn.
        let text = "Микоян - Да.\nТестов - Поставки труб начнутся в апреле.";
        let at = text.find("труб").unwrap();
        let first = at..at + "труб".len();
        let (fragment, _) = around(text, first.clone(), std::slice::from_ref(&first), 50);
        assert!(fragment.starts_with("Тестов"), "{fragment:?}");
        // Too far back: the fragment starts near the match, at a word.
        let long = format!("Start. {} harbour end", "word ".repeat(40));
        let at = long.find("harbour").unwrap();
        let first = at..at + "harbour".len();
        let (fragment, _) = around(&long, first.clone(), std::slice::from_ref(&first), 40);
        assert!(!fragment.starts_with("Start"), "{fragment:?}");
        assert!(fragment.contains("harbour"), "{fragment:?}");
    }
}
