//! What the reader's addresses carry: the search form and its filters read
//! from a query string, and the addresses of searches.

use crate::http;
use fonds_query::{self as query, Field, Query};

/// The facets a visitor can filter by: (URL parameter, query field, heading).
/// A language is offered twice, as the language a document was written in
/// and as one it is translated into; `lang` (any language) stays a filter
/// an address may carry.
pub const FILTERS: [(&str, Field, &str); 8] = [
    ("origlang", Field::OrigLang, "Original language"),
    ("translang", Field::TransLang, "Translated into"),
    ("lang", Field::Lang, "Language"),
    ("repo", Field::Repo, "Archive"),
    ("type", Field::Type, "Document type"),
    ("person", Field::Person, "Person"),
    ("year", Field::Year, "Year"),
    ("collection", Field::Collection, "Collection"),
];

/// The address of a search with these parameters.
pub fn search_url(pairs: &[(String, String)]) -> String {
    format!("/search?{}", http::query_string(pairs))
}

/// The search and its filters, read from the query string.
#[derive(Clone)]
pub struct SearchForm {
    pub q: String,
    pub filters: Vec<(String, String)>,
    pub from: String,
    pub to: String,
    pub sort: String,
    pub page: usize,
}

impl SearchForm {
    pub fn read(pairs: &[(String, String)]) -> SearchForm {
        let get = |k: &str| {
            pairs
                .iter()
                .find(|(x, _)| x == k)
                .map(|(_, v)| v.trim().to_string())
                .unwrap_or_default()
        };
        SearchForm {
            q: get("q"),
            filters: pairs
                .iter()
                .filter(|(k, v)| FILTERS.iter().any(|f| f.0 == k) && !v.is_empty())
                .cloned()
                .collect(),
            from: get("from"),
            to: get("to"),
            sort: get("sort"),
            page: get("page").parse().unwrap_or(1).max(1),
        }
    }

    /// The query the form stands for: the reader's query, parsed, and
    /// each filter's values (any of them) as trees beside it, so that no
    /// query text can reach beyond the filters. An error says what could
    /// not be read.
    pub fn query(&self) -> Result<Query, String> {
        let mut parts = vec![if self.q.is_empty() {
            Query::All
        } else {
            query::parse(&self.q).map_err(|e| e.to_string())?
        }];
        if self.filters.len() > query::MAX_TERMS {
            return Err(format!(
                "a search may have at most {} filters",
                query::MAX_TERMS
            ));
        }
        let value = |field: Field, v: &str| {
            Query::field(field, v).map_err(|e| format!("{field}: {}", e.message))
        };
        for (param, field, _) in FILTERS {
            let mut values = self
                .filters
                .iter()
                .filter(|(k, _)| k == param)
                .map(|(_, v)| value(field, v))
                .collect::<Result<Vec<_>, _>>()?;
            match values.len() {
                0 => {}
                1 => parts.extend(values.pop()),
                _ => parts.extend(Query::or(values)),
            }
        }
        if !self.from.is_empty() || !self.to.is_empty() {
            parts.push(value(Field::Date, &format!("{}..{}", self.from, self.to))?);
        }
        Ok(Query::and(parts))
    }

    /// The order the form asks for: by relevance unless `sort` says by date.
    pub fn sort_order(&self) -> fonds_search::Sort {
        match self.sort.as_str() {
            "date" => fonds_search::Sort::DateAscending,
            "-date" => fonds_search::Sort::DateDescending,
            _ => fonds_search::Sort::Relevance,
        }
    }

    /// Whether filters or a range of years narrow the words.
    pub fn narrowed(&self) -> bool {
        !self.filters.is_empty() || !self.from.is_empty() || !self.to.is_empty()
    }

    /// The form's parameters, for the addresses of its other pages and
    /// filters.
    pub fn pairs(&self) -> Vec<(String, String)> {
        let mut v = vec![("q".to_string(), self.q.clone())];
        v.extend(self.filters.iter().cloned());
        for (k, x) in [("from", &self.from), ("to", &self.to), ("sort", &self.sort)] {
            if !x.is_empty() {
                v.push((k.to_string(), x.clone()));
            }
        }
        v
    }
}
