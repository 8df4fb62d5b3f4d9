//! What every part of the service shares about HTTP: a search snippet as
//! HTML, the percent codec of URLs and forms, the host a request names,
//! redirects, and the addresses of documents and persons. Text written into
//! HTML or XML by hand is escaped with the workspace's one XML escaping,
//! [`fonds_tei::xml`]; maud escapes the pages' templates on its own.
//!
//! The API (`rest`), OAI-PMH (`oai`) and the reader (`html`) each use these
//! and none of them uses another.

use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use fonds_tei::xml::{escape, Context};
use maud::{html, Markup, PreEscaped};
use percent_encoding::{percent_decode_str, utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

/// A snippet as HTML: the fragment, matched words in `<mark>`.
pub fn snippet_html(s: &fonds_search::Snippet) -> Markup {
    let mut parts: Vec<(&str, bool)> = Vec::new();
    let mut at = 0;
    for r in &s.highlights {
        if r.start < at
            || r.end > s.fragment.len()
            || !s.fragment.is_char_boundary(r.start)
            || !s.fragment.is_char_boundary(r.end)
        {
            continue;
        }
        parts.push((&s.fragment[at..r.start], false));
        parts.push((&s.fragment[r.start..r.end], true));
        at = r.end;
    }
    parts.push((&s.fragment[at..], false));
    // The one escaping, as the API's JSON has always given the snippet.
    html! {
        @for (text, marked) in parts {
            @if marked { mark { (PreEscaped(escape(text, Context::Text))) } } @else { (PreEscaped(escape(text, Context::Text))) }
        }
    }
}

/// Everything but the unreserved characters of RFC 3986 is encoded.
const COMPONENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// The language tag of a name or a phrase written in a script other than
/// Latin, for its `lang` attribute (the page is English): `ko` for Hangul,
/// else the script alone when it says no language for sure (`und-Cyrl`,
/// `und-Hani`, `und-Grek`). None for Latin letters and for no letters.
pub fn script_lang(s: &str) -> Option<&'static str> {
    use fonds_names::script::Script;
    let mut found = None;
    for c in s.chars() {
        match Script::of(c) {
            Some(Script::Hangul) => return Some("ko"),
            Some(Script::Kana) => return Some("ja"),
            Some(Script::Han) => found = Some("und-Hani"),
            Some(Script::Cyrillic) if found.is_none() => found = Some("und-Cyrl"),
            Some(Script::Greek) if found.is_none() => found = Some("und-Grek"),
            _ => {}
        }
    }
    found
}

/// Encodes `s` for a path segment: unreserved characters stay, every other
/// byte (a space and a `+` among them) is `%XX`, as a path is read back.
pub fn path_segment(s: &str) -> String {
    utf8_percent_encode(s, COMPONENT).to_string()
}

/// Encodes `s` for a form value in a query string: unreserved characters
/// stay, a space becomes `+`, every other byte `%XX`. Not for a path, where
/// `+` is a plus sign.
pub fn percent_encode(s: &str) -> String {
    s.split(' ')
        .map(|part| utf8_percent_encode(part, COMPONENT).to_string())
        .collect::<Vec<_>>()
        .join("+")
}

/// Decodes a form value: `+` is a space, `%XX` a byte; a `%` that starts no
/// escape stays, and bytes that are not UTF-8 become U+FFFD.
pub fn percent_decode(s: &str) -> String {
    percent_decode_str(&s.replace('+', " "))
        .decode_utf8_lossy()
        .into_owned()
}

/// Decodes a form value strictly: `None` when a `%` starts no escape of two
/// hex digits or the bytes are not UTF-8, for protocols that must refuse
/// such an argument (OAI-PMH's badArgument).
pub fn percent_decode_strict(s: &str) -> Option<String> {
    let b = s.as_bytes();
    let escapes_whole = b
        .iter()
        .enumerate()
        .filter(|(_, c)| **c == b'%')
        .all(|(i, _)| {
            b.get(i + 1..i + 3)
                .is_some_and(|h| h.iter().all(u8::is_ascii_hexdigit))
        });
    if !escapes_whole {
        return None;
    }
    percent_decode_str(&s.replace('+', " "))
        .decode_utf8()
        .ok()
        .map(|s| s.into_owned())
}

/// Decodes an `application/x-www-form-urlencoded` query string into pairs.
pub fn form_pairs(raw: Option<&str>) -> Vec<(String, String)> {
    let Some(raw) = raw else { return Vec::new() };
    raw.split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (percent_decode(k), percent_decode(v))
        })
        .collect()
}

/// A query string of `pairs`, each key and value encoded.
pub fn query_string(pairs: &[(String, String)]) -> String {
    pairs
        .iter()
        .map(|(k, v)| format!("{}={}", percent_encode(k), percent_encode(v)))
        .collect::<Vec<_>>()
        .join("&")
}

/// The host a request names, which OAI-PMH answers and permanent links are
/// made of; `localhost` when it names none readable.
pub fn host(headers: &HeaderMap) -> &str {
    headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("localhost")
}

/// A permanent redirect (308, so that the method is kept) to `path` with
/// the request's query.
pub fn redirect(path: &str, query: Option<&str>) -> Response {
    let target = match query {
        Some(q) if !q.is_empty() => format!("{path}?{q}"),
        _ => path.to_string(),
    };
    let mut r = StatusCode::PERMANENT_REDIRECT.into_response();
    if let Ok(v) = HeaderValue::from_str(&target) {
        r.headers_mut().insert(header::LOCATION, v);
    }
    r
}

/// The reader's page of a document.
pub fn doc_page(id: &str) -> String {
    format!("/doc/{}", path_segment(id))
}

/// The reader's page of a person.
pub fn person_page(id: &str) -> String {
    format!("/person/{}", path_segment(id))
}

/// A document in the API.
pub fn api_document(id: &str) -> String {
    format!("/api/documents/{}", path_segment(id))
}

/// A person in the API.
pub fn api_person(id: &str) -> String {
    format!("/api/persons/{}", path_segment(id))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_codec_round_trips_forms() {
        for s in ["Ким Ир Сен", "a+b&c=d", "100%", "x) OR (y", "~-_.", ""] {
            assert_eq!(percent_decode(&percent_encode(s)), s);
        }
        assert_eq!(percent_encode("a b/ü*~"), "a+b%2F%C3%BC%2A~");
        assert_eq!(
            path_segment("Paris Peace Conf+x/ü"),
            "Paris%20Peace%20Conf%2Bx%2F%C3%BC"
        );
        assert_eq!(percent_decode("%zz%4"), "%zz%4");
        assert_eq!(
            percent_decode_strict("a+b%2B%C3%BC").as_deref(),
            Some("a b+ü")
        );
        for bad in ["%zz", "%4", "%+1", "%FF"] {
            assert_eq!(percent_decode_strict(bad), None, "{bad}");
        }
        assert_eq!(
            form_pairs(Some("q=a+b&&lang=ru&x")),
            vec![
                ("q".into(), "a b".into()),
                ("lang".into(), "ru".into()),
                ("x".into(), String::new())
            ]
        );
    }
}
