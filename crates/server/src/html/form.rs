//! What the reader's addresses carry: the search form and its filters read
//! from a query string, and the addresses of searches.

use crate::http;

/// The facets a visitor can filter by: (URL parameter, query field, heading).
pub const FILTERS: [(&str, &str, &str); 6] = [
    ("lang", "lang", "Language"),
    ("repo", "repo", "Archive"),
    ("type", "type", "Document type"),
    ("person", "person", "Person"),
    ("year", "year", "Year"),
    ("collection", "collection", "Collection"),
];

/// The address of a search with these parameters.
pub fn search_url(pairs: &[(String, String)]) -> String {
    format!("/search?{}", http::query_string(pairs))
}

/// A query value for a field: quoted when it has spaces or quotes.
pub fn field_value(v: &str) -> String {
    if v.chars()
        .all(|c| c.is_alphanumeric() || c == '-' || c == '.')
    {
        v.to_string()
    } else {
        format!("\"{}\"", v.replace('"', " "))
    }
}

/// The search and its filters, read from the query string.
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

    /// The fonds query the form stands for.
    pub fn query(&self) -> String {
        let mut parts = vec![if self.q.is_empty() {
            "*".to_string()
        } else {
            format!("({})", self.q)
        }];
        for (param, field, _) in FILTERS {
            let values: Vec<String> = self
                .filters
                .iter()
                .filter(|(k, _)| k == param)
                .map(|(_, v)| format!("{field}:{}", field_value(v)))
                .collect();
            match values.len() {
                0 => {}
                1 => parts.push(values[0].clone()),
                _ => parts.push(format!("({})", values.join(" OR "))),
            }
        }
        if !self.from.is_empty() || !self.to.is_empty() {
            parts.push(format!("date:{}..{}", self.from, self.to));
        }
        parts.join(" ")
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
