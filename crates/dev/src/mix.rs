//! The query mix of `bench/queries.json`, as far as bare tantivy needs it.
//!
//! Each entry has a name, a kind, the fonds query, a structured filter that
//! every peer applies in its own way (document type, language, a date range,
//! an excluded type) and, per peer, the text part in that peer's terms or the
//! reason it cannot be expressed.

use crate::Result;
use serde_json::Value;
use std::path::Path;

/// What bare tantivy runs for one entry.
#[derive(Debug, Clone)]
pub enum Text {
    /// No text part: the filter alone.
    All,
    /// tantivy's query language over the text fields.
    Parsed(String),
    /// A word within an edit distance, over the text fields.
    Fuzzy(String, u8),
    /// Words starting so, over the text fields.
    Prefix(String),
    /// Not expressible; the reason.
    Unsupported(String),
}

#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub doc_type: Option<String>,
    pub lang: Option<String>,
    pub not_type: Option<String>,
    /// Inclusive yyyy-mm-dd bounds; a document matches when its date overlaps.
    pub date: Option<(String, String)>,
}

#[derive(Debug, Clone)]
pub struct Entry {
    pub name: String,
    pub kind: String,
    pub fonds: String,
    pub filter: Filter,
    pub text: Text,
}

pub struct Mix {
    pub limit: usize,
    pub entries: Vec<Entry>,
}

pub fn load(path: &Path, peer: &str) -> Result<Mix> {
    let raw = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let v: Value = serde_json::from_str(&raw).map_err(|e| format!("{}: {e}", path.display()))?;
    let s = |v: &Value, k: &str| v.get(k).and_then(Value::as_str).map(str::to_string);
    let limit = v.get("limit").and_then(Value::as_u64).unwrap_or(20) as usize;
    let mut entries = Vec::new();
    for q in v
        .get("queries")
        .and_then(Value::as_array)
        .ok_or("queries.json: no \"queries\" list")?
    {
        let name = s(q, "name").ok_or("queries.json: an entry without a name")?;
        let f = q.get("filter").cloned().unwrap_or(Value::Null);
        let date = match (s(&f, "date_from"), s(&f, "date_to")) {
            (None, None) => None,
            (a, b) => Some((
                a.unwrap_or_else(|| "0001-01-01".into()),
                b.unwrap_or_else(|| "9999-12-31".into()),
            )),
        };
        let filter = Filter {
            doc_type: s(&f, "type"),
            lang: s(&f, "lang"),
            not_type: s(&f, "not_type"),
            date,
        };
        let p = q
            .get("peers")
            .and_then(|p| p.get(peer))
            .ok_or_else(|| format!("queries.json: {name} has nothing for {peer}"))?;
        let text = if let Some(why) = s(p, "unsupported") {
            Text::Unsupported(why)
        } else if let Some(w) = s(p, "fuzzy") {
            Text::Fuzzy(
                w,
                p.get("distance").and_then(Value::as_u64).unwrap_or(1) as u8,
            )
        } else if let Some(w) = s(p, "prefix") {
            Text::Prefix(w)
        } else if let Some(t) = s(p, "query") {
            Text::Parsed(t)
        } else {
            Text::All
        };
        entries.push(Entry {
            kind: s(q, "kind").unwrap_or_default(),
            fonds: s(q, "fonds").unwrap_or_default(),
            name,
            filter,
            text,
        });
    }
    Ok(Mix { limit, entries })
}
