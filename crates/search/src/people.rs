//! Counting people over the index. Every entry holds the names its
//! document's people rows give (the `people` field, indexed and as a
//! column), so that the documents of a person (any of their names), the
//! years of those documents and the persons met in them are counted by one
//! pass over the matching documents, as fast as a search, instead of over
//! every row of the store.
//!
//! This crate knows names, not persons: the caller groups names (a person's
//! names into one group) and gets counts per group.

use crate::{Index, SearchError};
use std::collections::HashMap;
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::Column;
use tantivy::query::{BooleanQuery, Occur, Query, TermQuery};
use tantivy::schema::IndexRecordOption;
use tantivy::{DocId, Score, SegmentOrdinal, SegmentReader, Term};

/// Names put into numbered groups, for [`Index::count_people`].
#[derive(Debug, Clone, Default)]
pub struct Grouping {
    /// The group of each name; names not in it are not counted.
    pub of: HashMap<String, u32>,
    /// How many groups (one more than the largest number).
    pub len: usize,
    /// Count the documents shared by each pair of groups numbered below
    /// this (a table of its square: keep it to a few hundred).
    pub pairs_below: u32,
}

/// What [`Index::count_people`] counts over the matching documents.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PeopleCounts {
    /// The documents that match.
    pub documents: u64,
    /// By group number: the documents that give any name of the group.
    pub groups: Vec<u64>,
    /// Documents by the year of their date, in order; undated ones are not
    /// counted.
    pub years: Vec<(i32, u64)>,
    /// For two groups below [`Grouping::pairs_below`], the lower number
    /// first: the documents that give a name of each.
    pub pairs: HashMap<(u32, u32), u64>,
}

/// Not in any group.
const NONE: u32 = u32::MAX;

impl Index {
    /// The documents that give any of `forms`, as their people rows write
    /// them.
    pub fn people_query(&self, forms: &[&str]) -> Box<dyn Query> {
        let clauses = forms
            .iter()
            .map(|f| {
                let term = Term::from_field_text(self.fields.people, f);
                let q: Box<dyn Query> = Box::new(TermQuery::new(term, IndexRecordOption::Basic));
                (Occur::Should, q)
            })
            .collect();
        Box::new(BooleanQuery::new(clauses))
    }

    /// Counts, over the documents `query` matches, the documents of each
    /// group of names, their years, and the pairs of groups that meet.
    pub fn count_people(
        &self,
        query: &dyn Query,
        grouping: &Grouping,
    ) -> Result<PeopleCounts, SearchError> {
        Ok(self
            .reader
            .searcher()
            .search(query, &PeopleCollector { grouping })?)
    }
}

struct PeopleCollector<'a> {
    grouping: &'a Grouping,
}

struct PeopleSegment {
    names: Option<Column<u64>>,
    /// The group of each of the segment's name ordinals.
    group_of_ord: Vec<u32>,
    dates: Option<Column<i64>>,
    pairs_below: u32,
    seen: Vec<u32>,
    counts: PeopleCounts,
    years: HashMap<i32, u64>,
    /// Pairs as a square table, `pairs_below` on a side.
    pairs: Vec<u64>,
}

impl Collector for PeopleCollector<'_> {
    type Fruit = PeopleCounts;
    type Child = PeopleSegment;

    fn for_segment(
        &self,
        _segment: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<PeopleSegment> {
        let fast = reader.fast_fields();
        let (names, group_of_ord) = match fast.str("people")? {
            Some(column) => {
                let mut group_of_ord = vec![NONE; column.num_terms()];
                let mut terms = column.dictionary().stream()?;
                while terms.advance() {
                    let group = std::str::from_utf8(terms.key())
                        .ok()
                        .and_then(|name| self.grouping.of.get(name));
                    if let Some(&g) = group {
                        group_of_ord[terms.term_ord() as usize] = g;
                    }
                }
                (Some(column.ords().clone()), group_of_ord)
            }
            None => (None, Vec::new()),
        };
        Ok(PeopleSegment {
            names,
            group_of_ord,
            dates: fast.column_opt::<i64>("date_from")?,
            pairs_below: self.grouping.pairs_below,
            seen: Vec::new(),
            counts: PeopleCounts {
                groups: vec![0; self.grouping.len],
                ..PeopleCounts::default()
            },
            years: HashMap::new(),
            pairs: vec![0; (self.grouping.pairs_below as usize).pow(2)],
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<PeopleCounts>) -> tantivy::Result<PeopleCounts> {
        let mut all = PeopleCounts {
            groups: vec![0; self.grouping.len],
            ..PeopleCounts::default()
        };
        let mut years: HashMap<i32, u64> = HashMap::new();
        for f in fruits {
            all.documents += f.documents;
            for (a, b) in all.groups.iter_mut().zip(f.groups) {
                *a += b;
            }
            for (y, n) in f.years {
                *years.entry(y).or_default() += n;
            }
            for (pair, n) in f.pairs {
                *all.pairs.entry(pair).or_default() += n;
            }
        }
        all.years = years.into_iter().collect();
        all.years.sort_unstable();
        Ok(all)
    }
}

impl SegmentCollector for PeopleSegment {
    type Fruit = PeopleCounts;

    fn collect(&mut self, doc: DocId, _score: Score) {
        self.counts.documents += 1;
        if let Some(day) = self.dates.as_ref().and_then(|c| c.first(doc)) {
            // yyyymmdd, so the year is the quotient (negative years too).
            *self.years.entry(day.div_euclid(10_000) as i32).or_default() += 1;
        }
        let Some(names) = &self.names else { return };
        self.seen.clear();
        for ord in names.values_for_doc(doc) {
            let g = self.group_of_ord[ord as usize];
            if g != NONE {
                self.seen.push(g);
            }
        }
        self.seen.sort_unstable();
        self.seen.dedup();
        for &g in &self.seen {
            self.counts.groups[g as usize] += 1;
        }
        let paired = self.seen.partition_point(|&g| g < self.pairs_below);
        let side = self.pairs_below as usize;
        for (i, &a) in self.seen[..paired].iter().enumerate() {
            for &b in &self.seen[i + 1..paired] {
                self.pairs[a as usize * side + b as usize] += 1;
            }
        }
    }

    fn harvest(mut self) -> PeopleCounts {
        self.counts.years = self.years.into_iter().collect();
        let side = self.pairs_below as usize;
        for (i, &n) in self.pairs.iter().enumerate() {
            if n > 0 {
                let pair = ((i / side) as u32, (i % side) as u32);
                self.counts.pairs.insert(pair, n);
            }
        }
        self.counts
    }
}
