//! Facet counts in the pass that finds the hits, at the cost of the hits.
//!
//! A document's facets (`/lang/ru`, `/person/Mikoyan`, ...) are ordinals in
//! its segment's facet column. What each ordinal stands for (its dimension
//! and value) is read from the segment's facet dictionary once and kept
//! while the segment lives, so that a search only counts ordinals: it
//! never walks a dictionary, whose size grows with the archive's names and
//! years, not with the documents a query finds.

use crate::Facets;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::fastfield::FacetReader;
use tantivy::index::SegmentId;
use tantivy::{DocId, Score, SegmentOrdinal, SegmentReader};

/// The dimensions counted, in the order of their index in a count.
const DIMENSIONS: [&str; 8] = [
    "lang",
    "repo",
    "type",
    "year",
    "person",
    "collection",
    "orig",
    "trans",
];

/// Not one of [`DIMENSIONS`].
const OTHER: u8 = u8::MAX;

/// What a segment's facet ordinals stand for.
struct SegmentFacets {
    /// Per ordinal, its dimension's index in [`DIMENSIONS`] or [`OTHER`].
    dimension: Vec<u8>,
    /// Per ordinal, its value (the facet's last part).
    value: Vec<String>,
}

impl SegmentFacets {
    fn read(facets: &FacetReader) -> tantivy::Result<SegmentFacets> {
        let n = facets.num_facets();
        let mut dimension = Vec::with_capacity(n);
        let mut value = Vec::with_capacity(n);
        let mut stream = facets.facet_dict().stream()?;
        while stream.advance() {
            // An encoded facet: its parts joined by a zero byte.
            let key = String::from_utf8_lossy(stream.key());
            let mut parts = key.split('\0');
            let dim = parts.next().unwrap_or_default();
            let last = parts.next_back().unwrap_or_default();
            dimension.push(
                DIMENSIONS
                    .iter()
                    .position(|d| *d == dim)
                    .map_or(OTHER, |i| i as u8),
            );
            value.push(last.to_string());
        }
        Ok(SegmentFacets { dimension, value })
    }
}

/// What the segments of an index's facet ordinals stand for, kept for the
/// segments searched last.
#[derive(Default)]
pub(crate) struct FacetCache {
    segments: Mutex<HashMap<SegmentId, Arc<SegmentFacets>>>,
}

impl FacetCache {
    fn of(
        &self,
        segment: &SegmentReader,
        facets: &FacetReader,
    ) -> tantivy::Result<Arc<SegmentFacets>> {
        let id = segment.segment_id();
        if let Some(s) = self.segments.lock().expect("facet cache").get(&id) {
            return Ok(s.clone());
        }
        let read = Arc::new(SegmentFacets::read(facets)?);
        self.segments
            .lock()
            .expect("facet cache")
            .insert(id, read.clone());
        Ok(read)
    }

    /// Forgets the segments not in `live` (merged away or deleted).
    pub(crate) fn keep(&self, live: &[SegmentId]) {
        self.segments
            .lock()
            .expect("facet cache")
            .retain(|id, _| live.contains(id));
    }
}

/// Counts the facets of the documents a query matches.
pub(crate) struct FacetCounter {
    pub cache: Arc<FacetCache>,
}

pub(crate) struct SegmentCounter {
    reader: FacetReader,
    facets: Arc<SegmentFacets>,
    counts: Vec<u32>,
}

/// Per dimension, each value with its count.
pub(crate) type Counted = Vec<HashMap<String, u64>>;

impl Collector for FacetCounter {
    type Fruit = Counted;
    type Child = SegmentCounter;

    fn for_segment(
        &self,
        _: SegmentOrdinal,
        segment: &SegmentReader,
    ) -> tantivy::Result<SegmentCounter> {
        let reader = segment.facet_reader("facets")?;
        let facets = self.cache.of(segment, &reader)?;
        Ok(SegmentCounter {
            counts: vec![0; facets.value.len()],
            reader,
            facets,
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<Counted>) -> tantivy::Result<Counted> {
        let mut all: Counted = vec![HashMap::new(); DIMENSIONS.len()];
        for fruit in fruits {
            for (into, from) in all.iter_mut().zip(fruit) {
                for (value, n) in from {
                    *into.entry(value).or_default() += n;
                }
            }
        }
        Ok(all)
    }
}

impl SegmentCollector for SegmentCounter {
    type Fruit = Counted;

    fn collect(&mut self, doc: DocId, _: Score) {
        let mut last = None;
        for ord in self.reader.facet_ords(doc) {
            // A document counts once for each of its facets.
            if last != Some(ord) {
                if let Some(n) = self.counts.get_mut(ord as usize) {
                    *n += 1;
                }
                last = Some(ord);
            }
        }
    }

    fn harvest(self) -> Counted {
        let mut out: Counted = vec![HashMap::new(); DIMENSIONS.len()];
        for (ord, &n) in self.counts.iter().enumerate() {
            let dim = self.facets.dimension[ord];
            if n > 0 && dim != OTHER {
                out[dim as usize].insert(self.facets.value[ord].clone(), n as u64);
            }
        }
        out
    }
}

/// The counts per dimension, the most frequent first (years in order),
/// each dimension cut to the values a page shows.
pub(crate) fn dimensions(counted: Counted) -> Facets {
    let mut dims = counted.into_iter().map(|values| {
        let mut v: Vec<(String, u64)> = values.into_iter().collect();
        v.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        v
    });
    let mut next = |k: usize| {
        let mut v = dims.next().unwrap_or_default();
        v.truncate(k);
        v
    };
    let lang = next(50);
    let repo = next(50);
    let doc_type = next(20);
    let mut year = next(usize::MAX);
    year.sort_by(|a, b| a.0.cmp(&b.0));
    let person = next(30);
    let collection = next(50);
    let orig_lang = next(50);
    let trans_lang = next(50);
    Facets {
        lang,
        repo,
        doc_type,
        year,
        person,
        collection,
        orig_lang,
        trans_lang,
    }
}
