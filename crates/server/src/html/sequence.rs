//! Where a document stands among others: the reading order of a collection
//! (a printed volume's documents by their numbers, or an archive's by date),
//! which gives a volume its table of contents and a document its previous
//! and next; and the results a reader opened it from.

use super::form::SearchForm;
use crate::http;
use fonds_archive::{Archive, ArchiveError, SearchPage, Sort, Viewer};
use fonds_search::{Card, SearchRequest};
use std::cmp::Ordering;

/// The most documents one table of contents lists, and the most a
/// document's previous and next are looked for among.
pub const MAX_LISTED: usize = 5000;

/// A collection's documents in reading order.
pub struct Sequence {
    /// The documents, at most `MAX_LISTED` of them.
    pub cards: Vec<Card>,
    /// How many documents the collection holds.
    pub total: usize,
    /// The search the collection is: its facets, when asked for.
    pub page: SearchPage,
}

/// What a document's collection is: (the search form's parameter, its
/// value, the page that lists it). A printed volume, else the publishing
/// collection, else the archive that holds it.
pub fn collection_of(d: &fonds_core::Document) -> Option<(&'static str, String, String)> {
    if let Some(c) = &d.citation.publisher {
        return Some((
            "collection",
            c.clone(),
            format!("/collection/{}", http::path_segment(c)),
        ));
    }
    let repo = d
        .citation
        .archival_reference
        .as_ref()?
        .repository
        .as_ref()?;
    Some((
        "repo",
        repo.clone(),
        format!("/archive/{}", http::path_segment(repo)),
    ))
}

/// The documents whose `param` filter (`collection`, `repo`, `type`, ...) is
/// `value` by date, or in reading order when `numbered` (a volume's numbers
/// first). `Ok(None)` when the filter cannot be read.
pub async fn sequence(
    archive: &Archive,
    viewer: &Viewer,
    param: &str,
    value: &str,
    numbered: bool,
    facets: bool,
) -> Result<Option<Sequence>, ArchiveError> {
    let within = [
        ("q".to_string(), "*".to_string()),
        (param.to_string(), value.to_string()),
    ];
    let Ok(query) = SearchForm::read(&within).query() else {
        return Ok(None);
    };
    let req = SearchRequest {
        limit: MAX_LISTED,
        sort: Sort::DateAscending,
        facets,
        ..SearchRequest::default()
    };
    let mut page = match archive.search_tree(viewer, query, &req).await {
        Ok(p) => p,
        Err(ArchiveError::Query(_)) => return Ok(None),
        Err(e) => return Err(e),
    };
    let mut cards: Vec<Card> = page.hits.drain(..).map(|h| h.card).collect();
    // Dated documents come in date order; a volume's numbers come first.
    if numbered {
        cards.sort_by(reading_order);
    }
    Ok(Some(Sequence {
        total: page.total,
        cards,
        page,
    }))
}

/// A printed volume's documents by their numbers ("9" before "10"), then
/// the rest as they came (by date).
fn reading_order(a: &Card, b: &Card) -> Ordering {
    let key = |c: &Card| c.number.as_deref().map(number_key);
    match (key(a), key(b)) {
        (Some(x), Some(y)) => x.cmp(&y),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    }
}

/// A document number for ordering: its leading digits as a number, then
/// the rest ("72a" after "72").
fn number_key(n: &str) -> (u64, String) {
    let digits: String = n.chars().take_while(char::is_ascii_digit).collect();
    (
        digits.parse().unwrap_or(u64::MAX),
        n[digits.len()..].to_string(),
    )
}

/// A document's neighbours in its collection.
pub struct Neighbours {
    /// The collection's name and the page that lists it.
    pub name: String,
    pub href: String,
    /// The document's place (1-based) and the collection's size.
    pub at: usize,
    pub total: usize,
    pub previous: Option<Card>,
    pub next: Option<Card>,
}

pub async fn neighbours(
    archive: &Archive,
    viewer: &Viewer,
    d: &fonds_core::Document,
) -> Result<Option<Neighbours>, ArchiveError> {
    let Some((param, name, href)) = collection_of(d) else {
        return Ok(None);
    };
    let Some(seq) = sequence(archive, viewer, param, &name, true, false).await? else {
        return Ok(None);
    };
    let Some(i) = seq.cards.iter().position(|c| c.id == d.id) else {
        return Ok(None);
    };
    Ok(Some(Neighbours {
        name,
        href,
        at: i + 1,
        total: seq.total,
        previous: i.checked_sub(1).and_then(|p| seq.cards.get(p)).cloned(),
        next: seq.cards.get(i + 1).cloned(),
    }))
}

/// The results a document was opened from: the search, the document's
/// rank in it, and the results on either side.
pub struct FromResults {
    pub form: SearchForm,
    /// 0-based rank of the document among the results.
    pub rank: usize,
    pub total: usize,
    pub previous: Option<Card>,
    pub next: Option<Card>,
}

impl FromResults {
    /// The results page the document is on.
    pub fn back(&self, page_size: usize) -> String {
        let mut pairs = self.form.pairs();
        pairs.push(("page".into(), (self.rank / page_size + 1).to_string()));
        super::form::search_url(&pairs)
    }

    /// The address of a result `rank` opened from the same search.
    pub fn link(&self, card: &Card, rank: usize) -> String {
        format!(
            "{}?{}",
            http::doc_page(&card.id),
            result_query(&self.form, rank)
        )
    }
}

/// The query string a result's link carries: the search, and the rank.
pub fn result_query(form: &SearchForm, rank: usize) -> String {
    let mut pairs = form.pairs();
    pairs.push(("n".into(), rank.to_string()));
    http::query_string(&pairs)
}

/// The results around rank `n` of the search the pairs describe, when the
/// document `id` is still there (the archive may have changed since).
pub async fn from_results(
    archive: &Archive,
    viewer: &Viewer,
    pairs: &[(String, String)],
    id: &str,
) -> Option<FromResults> {
    let rank: usize = pairs
        .iter()
        .find(|(k, _)| k == "n")
        .and_then(|(_, v)| v.parse().ok())?;
    if rank > crate::MAX_OFFSET {
        return None;
    }
    let form = SearchForm::read(pairs);
    let sort = form.sort_order();
    let from = rank.saturating_sub(1);
    let req = SearchRequest {
        limit: rank - from + 2,
        offset: from,
        sort,
        facets: false,
    };
    let found = archive
        .search_tree(viewer, form.query().ok()?, &req)
        .await
        .ok()?;
    let cards: Vec<&Card> = found.hits.iter().map(|h| &h.card).collect();
    let here = cards.iter().position(|c| c.id == id)?;
    Some(FromResults {
        rank: from + here,
        total: found.total,
        previous: here.checked_sub(1).map(|p| cards[p].clone()),
        next: cards.get(here + 1).map(|c| (*c).clone()),
        form,
    })
}
