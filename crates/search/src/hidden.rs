//! What a reader may not read, as the index finds it: a query of a fixed
//! set of documents (the ids and collections that rules hide) whose matches
//! each segment finds once and remembers as a bitset, so that the set costs
//! a search a bitset's copy, not a term lookup for every hidden document
//! in every segment. A segment never changes its documents (deletions do
//! not matter to a set that is only taken away), so what it remembers
//! holds while the segment lives.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use tantivy::index::SegmentId;
use tantivy::query::{
    BitSetDocSet, ConstScorer, EnableScoring, Explanation, Query, Scorer, Weight,
};
use tantivy::{BitSet, DocId, DocSet, Score, SegmentReader, TERMINATED};

/// The most segments remembered; beyond it (segments merged away) the
/// memory starts again.
const SEGMENTS: usize = 1_024;

/// A query whose matches each segment remembers.
#[derive(Clone)]
pub struct Remembered {
    inner: Arc<Inner>,
}

struct Inner {
    query: Box<dyn Query>,
    sets: Mutex<HashMap<SegmentId, Arc<BitSet>>>,
}

impl std::fmt::Debug for Remembered {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Remembered")
            .field("query", &self.inner.query)
            .finish()
    }
}

impl Remembered {
    pub fn new(query: Box<dyn Query>) -> Remembered {
        Remembered {
            inner: Arc::new(Inner {
                query,
                sets: Mutex::default(),
            }),
        }
    }
}

impl Inner {
    /// The documents of `reader`'s segment the query matches.
    fn set(&self, reader: &SegmentReader) -> tantivy::Result<Arc<BitSet>> {
        let id = reader.segment_id();
        if let Some(s) = self.sets.lock().unwrap_or_else(|e| e.into_inner()).get(&id) {
            return Ok(s.clone());
        }
        let weight = self
            .query
            .weight(EnableScoring::disabled_from_schema(reader.schema()))?;
        let mut scorer = weight.scorer(reader, 1.0)?;
        let mut set = BitSet::with_max_value(reader.max_doc());
        let mut doc = scorer.doc();
        while doc != TERMINATED {
            set.insert(doc);
            doc = scorer.advance();
        }
        let set = Arc::new(set);
        let mut sets = self.sets.lock().unwrap_or_else(|e| e.into_inner());
        if sets.len() >= SEGMENTS {
            sets.clear();
        }
        sets.insert(id, set.clone());
        Ok(set)
    }
}

impl Query for Remembered {
    fn weight(&self, _: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        Ok(Box::new(RememberedWeight {
            inner: self.inner.clone(),
        }))
    }
}

struct RememberedWeight {
    inner: Arc<Inner>,
}

impl Weight for RememberedWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        let set = self.inner.set(reader)?;
        Ok(Box::new(ConstScorer::new(
            BitSetDocSet::from((*set).clone()),
            boost,
        )))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        let found = self.inner.set(reader)?.contains(doc);
        Ok(Explanation::new_with_string(
            format!("a document hidden from the reader: {found}"),
            1.0,
        ))
    }
}
