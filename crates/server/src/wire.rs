//! The JSON the API answers with, written by hand from core types so that a
//! change inside fonds never silently changes what clients receive.

use crate::http;
use fonds_archive::{Facets, Found, SearchPage};
use fonds_core::Document;
use fonds_search::{Card, Snippet};
use serde::Serialize;
use serde_json::{json, Value};

/// A snippet as the API writes it.
#[derive(Serialize)]
struct SnippetJson<'a> {
    part: &'static str,
    language: &'a str,
    fragment: &'a str,
    highlights: Vec<[usize; 2]>,
    html: String,
    turn: Option<usize>,
}

impl<'a> SnippetJson<'a> {
    fn of(s: &'a Snippet) -> SnippetJson<'a> {
        SnippetJson {
            part: s.part.as_str(),
            language: &s.language,
            fragment: &s.fragment,
            highlights: s.highlights.iter().map(|r| [r.start, r.end]).collect(),
            html: http::snippet_html(s).into_string(),
            turn: s.turn,
        }
    }
}

#[derive(Serialize)]
struct DateJson<'a> {
    stated: &'a str,
    edtf: Option<&'a str>,
}

/// The short description of a document used in lists and hits.
#[derive(Serialize)]
struct CardJson<'a> {
    id: &'a str,
    title: &'a str,
    date: Option<DateJson<'a>>,
    doc_type: &'a str,
    repository: Option<&'a str>,
    reference: Option<&'a str>,
    languages: &'a [String],
    number: Option<&'a str>,
    link: String,
}

impl<'a> CardJson<'a> {
    fn of(card: &'a Card) -> CardJson<'a> {
        CardJson {
            id: &card.id,
            title: &card.title,
            date: card.date.as_ref().map(|d| DateJson {
                stated: &d.stated,
                edtf: d.edtf.as_deref(),
            }),
            doc_type: &card.doc_type,
            repository: card.repository.as_deref(),
            reference: card.reference.as_deref(),
            languages: &card.languages,
            number: card.number.as_deref(),
            link: format!("/api/documents/{}", card.id),
        }
    }
}

/// The short description of a document used in lists.
pub fn summary_json(card: &Card) -> Value {
    serde_json::to_value(CardJson::of(card)).expect("a card is JSON")
}

/// A hit: its card, score and snippets.
#[derive(Serialize)]
struct HitJson<'a> {
    #[serde(flatten)]
    card: CardJson<'a>,
    score: f32,
    snippets: Vec<SnippetJson<'a>>,
}

fn facets_json(f: &Facets) -> Value {
    let dim = |v: &[(String, u64)]| {
        v.iter()
            .map(|(value, count)| json!({"value": value, "count": count}))
            .collect::<Vec<_>>()
    };
    json!({
        "lang": dim(&f.lang),
        "repo": dim(&f.repo),
        "doc_type": dim(&f.doc_type),
        "year": dim(&f.year),
        "person": dim(&f.person),
        "collection": dim(&f.collection),
        "original_lang": dim(&f.orig_lang),
        "translation_lang": dim(&f.trans_lang),
    })
}

/// A page of search results, written straight to the answer's bytes
/// (no JSON tree is built in between).
#[derive(Serialize)]
pub struct SearchJson<'a> {
    query: &'a str,
    total: usize,
    offset: usize,
    limit: usize,
    hits: Vec<HitJson<'a>>,
    facets: Option<Value>,
}

/// A page of search results.
pub fn search_json<'a>(
    query: &'a str,
    offset: usize,
    limit: usize,
    page: &'a SearchPage,
) -> SearchJson<'a> {
    SearchJson {
        query,
        total: page.total,
        offset,
        limit,
        hits: page
            .hits
            .iter()
            .map(|f: &'a Found| HitJson {
                card: CardJson::of(&f.card),
                score: f.score,
                snippets: f.snippets.iter().map(SnippetJson::of).collect(),
            })
            .collect(),
        facets: page.facets.as_ref().map(facets_json),
    }
}

/// A CSL-JSON item (an array of one) for reference managers and CSL
/// processors: an archival manuscript, or a document printed in a volume (a
/// `chapter` of it), with `archive` and `archive_location` kept apart.
pub fn csl_json(c: &fonds_core::citation::format::CitationParts) -> Value {
    let mut item = serde_json::Map::new();
    item.insert("id".into(), json!(c.id));
    item.insert(
        "type".into(),
        json!(if c.volume.is_some() {
            "chapter"
        } else {
            "manuscript"
        }),
    );
    item.insert("title".into(), json!(c.title));
    let date = c.date.map(|(y, m, d)| {
        let mut parts = vec![y as i64];
        if let Some(m) = m {
            parts.push(m as i64);
            if let Some(d) = d {
                parts.push(d as i64);
            }
        }
        json!({"date-parts": [parts]})
    });
    match &c.volume {
        // A document printed in a volume: the volume's year is the item's,
        // the document's date its original date.
        Some(v) => {
            item.insert("container-title".into(), json!(v.title));
            if let Some(n) = &v.number {
                item.insert("number".into(), json!(n));
            }
            if let Some(p) = &v.place {
                item.insert("publisher-place".into(), json!(p));
            }
            if let Some(y) = v.year {
                item.insert("issued".into(), json!({"date-parts": [[y]]}));
            }
            if let Some(d) = date {
                item.insert("original-date".into(), d);
            }
        }
        None => {
            if let Some(d) = date {
                item.insert("issued".into(), d);
            }
        }
    }
    if let Some(a) = &c.archive {
        item.insert("archive".into(), json!(a));
    }
    if let Some(l) = &c.archive_location {
        item.insert("archive_location".into(), json!(l));
    }
    if !c.translators.is_empty() {
        let names: Vec<Value> = c
            .translators
            .iter()
            .map(|t| match t.rsplit_once(' ') {
                Some((given, family)) => json!({"family": family, "given": given}),
                None => json!({"literal": t}),
            })
            .collect();
        item.insert("translator".into(), Value::Array(names));
    }
    if let Some(p) = &c.publisher {
        item.insert("publisher".into(), json!(p));
    }
    if let Some(u) = &c.url {
        item.insert("URL".into(), json!(u));
    }
    if let Some(l) = &c.language {
        item.insert("language".into(), json!(l));
    }
    json!([Value::Object(item)])
}

/// One stored turn alignment: the two texts' languages, the links (0-based
/// turns, null for a turn without counterpart) with confidence and reasons,
/// and the speaker each original turn gets from the translation.
pub fn alignment(doc: &Document, a: &fonds_core::TurnAlignment) -> Value {
    let lang = |i: usize| doc.texts.get(i).map(|t| t.language.code());
    json!({
        "original_text": a.original,
        "translation_text": a.translation,
        "original_language": lang(a.original),
        "translation_language": lang(a.translation),
        "links": a.links.iter().map(fonds_json::link_json).collect::<Vec<_>>(),
        "speakers": a.speakers,
    })
}

/// The editors' decisions on a document's turns, each with the turns it
/// finds now (null where it is set aside).
pub fn turn_decisions(doc: &Document) -> Value {
    let mark = |m: &fonds_core::TurnMark| json!({"turn": m.turn, "words": m.words});
    Value::Array(
        fonds_core::align::decisions_found(doc)
            .into_iter()
            .map(|(d, found)| {
                json!({
                    "translation": d.translation,
                    "original_turn": mark(&d.original_turn),
                    "translation_turn": mark(&d.translation_turn),
                    "linked": d.linked,
                    "found": found.map(|(o, t)| json!({"original_turn": o, "translation_turn": t})),
                })
            })
            .collect(),
    )
}

/// An entry of the audit log.
pub fn audit_entry(e: &fonds_archive::AuditEntry) -> Value {
    json!({
        "seq": e.seq,
        "at": e.at,
        "actor": e.actor,
        "action": e.action,
        "target": e.target,
        "detail": e.detail,
    })
}

/// A person as listed.
pub fn person_row(p: &fonds_archive::PersonRow) -> Value {
    json!({
        "id": p.id,
        "name": p.name,
        "documents": p.documents,
        "turns": p.turns,
        "words": p.words,
        "link": http::api_person(&p.id),
    })
}

/// A person with names, documents, timeline and network.
pub fn person_detail(p: &fonds_archive::PersonDetail) -> Value {
    json!({
        "id": p.person.id,
        "name": p.person.name,
        "documents_count": p.person.documents,
        "documents_offset": p.offset,
        "turns": p.person.turns,
        "words": p.person.words,
        "notes": p.notes,
        "roles": p.roles.iter().map(|(role, n)| json!({"role": role, "documents": n})).collect::<Vec<_>>(),
        "names": p.forms.iter().map(|f| json!({
            "name": f.form,
            "documents": f.docs,
            "roles": f.roles,
            "why": f.why,
        })).collect::<Vec<_>>(),
        "documents": p.documents.iter().map(|d| json!({
            "id": d.id,
            "title": d.title,
            "date": d.date,
            "roles": d.roles,
            "turns": d.turns,
            "words": d.words,
            "link": http::api_document(&d.id),
        })).collect::<Vec<_>>(),
        "timeline": p.timeline.iter().map(|(y, n)| json!({"year": y, "documents": n})).collect::<Vec<_>>(),
        "network": p.met.iter().map(|(id, name, n)| json!({"id": id, "name": name, "documents": n})).collect::<Vec<_>>(),
    })
}

/// The co-occurrence network: nodes and weighted edges.
pub fn network(n: &fonds_archive::Network) -> Value {
    json!({
        "nodes": n.nodes.iter().map(person_row).collect::<Vec<_>>(),
        "edges": n.edges.iter().map(|(a, b, w)| json!({"source": a, "target": b, "documents": w})).collect::<Vec<_>>(),
    })
}

/// The speakers of each text of a document, with turns, words and shares.
pub fn speakers(doc: &Document) -> Value {
    let texts: Vec<Value> = fonds_core::people::mentions::speaker_shares(doc)
        .iter()
        .map(|t| {
            json!({
                "text": t.text,
                "role": t.role.as_str(),
                "language": t.language,
                "words": t.words,
                "speakers": t.speakers.iter().map(|s| json!({
                    "name": s.name,
                    "labels": s.labels,
                    "turns": s.turns,
                    "words": s.words,
                    "share": (f64::from(s.share) * 1000.0).round() / 1000.0,
                })).collect::<Vec<_>>(),
            })
        })
        .collect();
    json!({"id": doc.id, "texts": texts})
}
