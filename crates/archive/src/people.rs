//! The figures of persons: the store knows who the persons are and their
//! names (with the turns and words kept per name); the index counts the
//! documents that give any of a person's names, their years and who else
//! they give, in one pass over those documents. Nothing here reads every
//! mention the archive has, so the pages cost what a search costs at any
//! size.

use crate::{Archive, ArchiveError, Viewer};
use fonds_search::{Grouping, SearchRequest, Sort};
use fonds_store::Hidden;
use fonds_store::{FormRow, PersonDocument, PersonEntry};
use std::sync::Arc;

/// A person as listed, with their figures across the archive.
#[derive(Debug, Clone, PartialEq)]
pub struct PersonRow {
    pub id: String,
    pub name: String,
    /// The documents that give any of the person's names.
    pub documents: i64,
    /// Turns and words in the documents' preferred texts.
    pub turns: i64,
    pub words: i64,
}

/// Everything a person page shows, with one page of their documents.
#[derive(Debug, Clone, PartialEq)]
pub struct PersonDetail {
    pub person: PersonRow,
    pub notes: Vec<String>,
    pub forms: Vec<FormRow>,
    /// What documents say the person was ("Secretary of State"), with the
    /// documents that say it, most first.
    pub roles: Vec<(String, i64)>,
    /// Where `documents` starts among all of the person's documents (by
    /// date, the earliest first).
    pub offset: usize,
    pub documents: Vec<PersonDocument>,
    /// Documents by year of their date.
    pub timeline: Vec<(i32, i64)>,
    /// The persons met in the same documents, with how many, most first.
    pub met: Vec<(String, String, i64)>,
}

/// The archive's co-occurrence network: persons and the documents they share.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Network {
    pub nodes: Vec<PersonRow>,
    /// Two persons' ids (in order) and the documents they share.
    pub edges: Vec<(String, String, i64)>,
}

/// How many of what documents say a person was a person page lists.
const ROLES: i64 = 12;

/// How many persons a person page lists as met.
const MET: usize = 30;

/// Each person's names as one group, numbered as `persons` is.
fn grouping(persons: &[PersonEntry], pairs_below: usize) -> Grouping {
    Grouping {
        of: persons
            .iter()
            .enumerate()
            .flat_map(|(i, p)| p.forms.iter().map(move |f| (f.clone(), i as u32)))
            .collect(),
        len: persons.len(),
        pairs_below: pairs_below as u32,
    }
}

fn forms_of(persons: &[PersonEntry]) -> Vec<&str> {
    persons
        .iter()
        .flat_map(|p| p.forms.iter().map(String::as_str))
        .collect()
}

fn row(p: &PersonEntry, documents: u64) -> PersonRow {
    PersonRow {
        id: p.id.clone(),
        name: p.name.clone(),
        documents: documents as i64,
        turns: p.turns,
        words: p.words,
    }
}

/// Every person with their names, and ranked with their figures: counted
/// once per commit of the index, change to the store and linking, and kept
/// until one of them moves on.
pub(crate) struct Ranked {
    /// (index generation, last change, linking) counted at.
    version: (u64, i64, i64),
    /// The documents left out of the counts: what the reader may not read.
    hidden: Arc<Hidden>,
    /// The documents left out of the counts, as the index selects them
    /// (None: none).
    filter: Option<Box<dyn fonds_search::TantivyQuery>>,
    /// In id order.
    entries: Vec<PersonEntry>,
    /// Each person's names as one group, numbered as `entries`.
    grouping: Grouping,
    /// The most documented first (then by name), with the entry of each.
    rows: Vec<(PersonRow, usize)>,
    /// The networks of the most documented, by how many, as counted.
    networks: std::sync::Mutex<std::collections::HashMap<usize, Network>>,
}

impl Archive {
    /// The persons ranked over the documents `viewer` may read, counted
    /// again only when the index, the store, the linking or what the
    /// reader may read changed since they were last counted. A person no
    /// document the reader may read gives is left out.
    async fn ranked(&self, viewer: &Viewer) -> Result<Arc<Ranked>, ArchiveError> {
        /// How many hidden sets' rankings are kept.
        const KEPT: usize = 8;
        let generation = self.index.generation();
        let (seq, linking) = self.store.people_version().await?;
        let version = (generation, seq, linking);
        let hidden = self.hidden(viewer).await?;
        let mut cache = self.ranked.lock().await;
        cache.retain(|r| r.version == version);
        if let Some(r) = cache.iter().find(|r| r.hidden == hidden) {
            return Ok(r.clone());
        }
        let filter = self.hidden_query(viewer).await?;
        let mut entries = self.store.person_index().await?;
        // The turns and words of what the reader may not read are not theirs to count.
        let unseen = self.store.hidden_spoken(&hidden).await?;
        if !unseen.is_empty() {
            for p in &mut entries {
                for form in &p.forms {
                    if let Some(&(turns, words)) = unseen.get(form) {
                        p.turns -= turns;
                        p.words -= words;
                    }
                }
            }
        }
        let grouping = grouping(&entries, 0);
        let all = fonds_search::Index::within(Box::new(fonds_search::AllQuery), filter.as_deref());
        let counts = self.index.count_people(all.as_ref(), &grouping)?;
        let mut rows: Vec<(PersonRow, usize)> = entries
            .iter()
            .zip(&counts.groups)
            .enumerate()
            .map(|(i, (p, &n))| (row(p, n), i))
            .filter(|(r, _)| filter.is_none() || r.documents > 0)
            .collect();
        rows.sort_by(|(a, _), (b, _)| b.documents.cmp(&a.documents).then(a.name.cmp(&b.name)));
        let ranked = Arc::new(Ranked {
            version,
            hidden,
            filter,
            entries,
            grouping,
            rows,
            networks: Default::default(),
        });
        cache.insert(0, ranked.clone());
        cache.truncate(KEPT);
        Ok(ranked)
    }

    /// Persons with their figures, the most documented first.
    pub async fn persons(
        &self,
        viewer: &Viewer,
        limit: usize,
        offset: usize,
    ) -> Result<Vec<PersonRow>, ArchiveError> {
        Ok(self
            .ranked(viewer)
            .await?
            .rows
            .iter()
            .skip(offset)
            .take(limit)
            .map(|(r, _)| r.clone())
            .collect())
    }

    /// How many persons the documents `viewer` may read give.
    pub async fn count_persons(&self, viewer: &Viewer) -> Result<i64, ArchiveError> {
        if self.hidden(viewer).await?.is_empty() {
            return Ok(self.store.count_persons().await?);
        }
        Ok(self.ranked(viewer).await?.rows.len() as i64)
    }

    /// The person `key` names (a person's id, else one of their names, else
    /// the id a name would have: "Kim Il Sung" is `kim-il-sung`), with the
    /// page of `limit` of their documents from `offset`.
    /// None too for a person no document `viewer` may read gives.
    pub async fn person(
        &self,
        viewer: &Viewer,
        key: &str,
        offset: usize,
        limit: usize,
    ) -> Result<Option<PersonDetail>, ArchiveError> {
        let mut ids = vec![key.to_string()];
        ids.extend(self.store.person_of_form(key).await?);
        ids.push(fonds_core::people::link::slug(key));
        for id in ids {
            if let Some((name, notes)) = self.store.person_head(&id).await? {
                let detail = self
                    .person_detail(viewer, id, name, notes, offset, limit)
                    .await?;
                let hidden = !self.hidden(viewer).await?.is_empty();
                return Ok(detail.filter(|d| !hidden || d.person.documents > 0));
            }
        }
        Ok(None)
    }

    async fn person_detail(
        &self,
        viewer: &Viewer,
        id: String,
        name: String,
        notes: Vec<String>,
        offset: usize,
        limit: usize,
    ) -> Result<Option<PersonDetail>, ArchiveError> {
        let ranked = self.ranked(viewer).await?;
        let persons = &ranked.entries;
        let me = persons.binary_search_by(|p| p.id.as_str().cmp(&id)).ok();
        let forms: Vec<&str> = me.map_or_else(Vec::new, |i| forms_of(&persons[i..=i]));
        let query =
            fonds_search::Index::within(self.index.people_query(&forms), ranked.filter.as_deref());
        let counts = self.index.count_people(&*query, &ranked.grouping)?;
        let mut met: Vec<(String, String, i64)> = persons
            .iter()
            .zip(&counts.groups)
            .enumerate()
            .filter(|&(i, (_, &n))| Some(i) != me && n > 0)
            .map(|(_, (p, &n))| (p.id.clone(), p.name.clone(), n as i64))
            .collect();
        met.sort_by(|a, b| b.2.cmp(&a.2).then(a.1.cmp(&b.1)));
        met.truncate(MET);
        // An editor's lookup asks for no documents: no page to search for.
        let documents = if limit == 0 {
            Vec::new()
        } else {
            let page = self.index.search(
                &*query,
                &SearchRequest {
                    limit,
                    offset,
                    sort: Sort::DateAscending,
                    facets: false,
                },
            )?;
            let page_ids: Vec<&str> = page.hits.iter().map(|h| h.card.id.as_str()).collect();
            self.store.person_documents(&page_ids, &forms).await?
        };
        let (turns, words) = me.map_or((0, 0), |i| (persons[i].turns, persons[i].words));
        Ok(Some(PersonDetail {
            forms: self.store.person_forms(&id, &ranked.hidden).await?,
            roles: self.store.person_roles(&id, ROLES, &ranked.hidden).await?,
            person: PersonRow {
                id,
                name,
                documents: counts.documents as i64,
                turns,
                words,
            },
            notes,
            offset,
            documents,
            timeline: counts.years.iter().map(|&(y, n)| (y, n as i64)).collect(),
            met,
        }))
    }

    /// The persons of a search's documents, the most documented first: a
    /// document counts once for a person whatever names it gives them
    /// ("Mr. Lansing" and "Robert Lansing" are one person), where the
    /// index's facet counts each name apart.
    pub(crate) async fn person_facet(
        &self,
        viewer: &Viewer,
        expanded: &fonds_query::Query,
        query: &dyn fonds_search::TantivyQuery,
    ) -> Result<Vec<(String, u64)>, ArchiveError> {
        /// As many as the index's facet of names gives.
        const SHOWN: usize = 30;
        let ranked = self.ranked(viewer).await?;
        let mut persons: Vec<(String, u64)> = if matches!(expanded, fonds_query::Query::All) {
            // Every document: the counts of the ranking.
            ranked
                .rows
                .iter()
                .take(SHOWN)
                .map(|(r, _)| (r.name.clone(), r.documents as u64))
                .collect()
        } else {
            let counts = self.index.count_people(query, &ranked.grouping)?;
            ranked
                .entries
                .iter()
                .zip(&counts.groups)
                .map(|(p, &n)| (p.name.clone(), n))
                .collect()
        };
        persons.retain(|(_, n)| *n > 0);
        persons.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        persons.truncate(SHOWN);
        Ok(persons)
    }

    /// The `limit` most documented persons and the documents each pair shares.
    pub async fn network(&self, viewer: &Viewer, limit: usize) -> Result<Network, ArchiveError> {
        let ranked = self.ranked(viewer).await?;
        if let Some(net) = ranked.networks.lock().expect("not poisoned").get(&limit) {
            return Ok(net.clone());
        }
        let top = &ranked.rows[..limit.min(ranked.rows.len())];
        let nodes: Vec<PersonRow> = top.iter().map(|(r, _)| r.clone()).collect();
        let shown: Vec<PersonEntry> = top
            .iter()
            .map(|&(_, i)| ranked.entries[i].clone())
            .collect();
        let query = fonds_search::Index::within(
            self.index.people_query(&forms_of(&shown)),
            ranked.filter.as_deref(),
        );
        let counts = self
            .index
            .count_people(&*query, &grouping(&shown, shown.len()))?;
        let mut edges: Vec<(String, String, i64)> = counts
            .pairs
            .iter()
            .map(|(&(a, b), &n)| {
                let (a, b) = (&shown[a as usize].id, &shown[b as usize].id);
                let (a, b) = if a < b { (a, b) } else { (b, a) };
                (a.clone(), b.clone(), n as i64)
            })
            .collect();
        edges.sort_by(|x, y| y.2.cmp(&x.2).then_with(|| (&x.0, &x.1).cmp(&(&y.0, &y.1))));
        let net = Network { nodes, edges };
        ranked
            .networks
            .lock()
            .expect("not poisoned")
            .insert(limit, net.clone());
        Ok(net)
    }
}
