//! The REST API beyond search and whole documents: a document's texts, pages
//! and turns; persons and archives with their documents; and conditional
//! requests (ETag, Last-Modified) so that clients and caches do not fetch
//! twice.

use crate::auth::Who;
use crate::error::{ApiError, ErrorCode};
use crate::persons::{self, Lookup};
use crate::{http, wire};
use axum::extract::{Path as UrlPath, Query, RawQuery, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use fonds_archive::StoredDocument;
use fonds_archive::Viewer;
use fonds_archive::{Archive, Sort};
use fonds_search::SearchRequest;
use serde_json::{json, Value};
use std::collections::HashMap;
use std::sync::Arc;

type AppState = Arc<Archive>;

/// An HTTP date (RFC 9110's IMF-fixdate, "Sat, 28 Nov 2026 14:30:00 GMT")
/// from an RFC 3339 time.
pub fn http_date(rfc3339: &str) -> Option<String> {
    let t: jiff::Timestamp = rfc3339.parse().ok()?;
    jiff::fmt::rfc2822::DateTimePrinter::new()
        .timestamp_to_rfc9110_string(&t)
        .ok()
}

fn etag(stored: &StoredDocument) -> String {
    format!(
        "\"{}-{}\"",
        &stored.sha256[..16.min(stored.sha256.len())],
        stored.version
    )
}

/// Answers 304 when the client's copy is current, else the JSON with validators.
pub fn conditional(headers: &HeaderMap, stored: &StoredDocument, body: Value) -> Response {
    let tag = etag(stored);
    let modified = http_date(&stored.updated_at);
    let fresh = match headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
    {
        Some(inm) => crate::negotiate::none_match(inm, &tag),
        None => {
            modified.is_some()
                && headers
                    .get(header::IF_MODIFIED_SINCE)
                    .and_then(|v| v.to_str().ok())
                    == modified.as_deref()
        }
    };
    let mut r = if fresh {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        Json(body).into_response()
    };
    let h = r.headers_mut();
    if let Ok(v) = HeaderValue::from_str(&tag) {
        h.insert(header::ETAG, v);
    }
    if let Some(v) = modified.and_then(|m| HeaderValue::from_str(&m).ok()) {
        h.insert(header::LAST_MODIFIED, v);
    }
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    r
}

async fn load(archive: &Archive, viewer: &Viewer, id: &str) -> Result<StoredDocument, ApiError> {
    archive.document(viewer, id).await?.ok_or_else(|| {
        ApiError::new(
            ErrorCode::DocumentNotFound,
            format!("no document with id {id:?}"),
        )
    })
}

pub async fn texts(
    State(archive): State<AppState>,
    who: Who,
    UrlPath(id): UrlPath<String>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let stored = load(&archive, &who.viewer, &id).await?;
    let list: Vec<Value> = stored
        .document
        .texts
        .iter()
        .enumerate()
        .map(|(i, t)| {
            json!({
                "index": i,
                "role": t.role.as_str(),
                "language": t.language.code(),
                "pages": t.pages.len(),
                "turns": t.turns().count(),
                "link": format!("/api/documents/{id}/texts/{i}"),
            })
        })
        .collect();
    Ok(conditional(
        &headers,
        &stored,
        json!({"id": id, "texts": list}),
    ))
}

fn text_at(stored: &StoredDocument, n: usize) -> Result<&fonds_core::Text, ApiError> {
    stored.document.texts.get(n).ok_or_else(|| {
        ApiError::new(
            ErrorCode::TextNotFound,
            format!(
                "document {} has {} texts; there is no text {n}",
                stored.document.id,
                stored.document.texts.len()
            ),
        )
    })
}

pub async fn text(
    State(archive): State<AppState>,
    who: Who,
    UrlPath((id, n)): UrlPath<(String, usize)>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let stored = load(&archive, &who.viewer, &id).await?;
    let body = fonds_json::text_json(text_at(&stored, n)?);
    Ok(conditional(&headers, &stored, body))
}

pub async fn page(
    State(archive): State<AppState>,
    who: Who,
    UrlPath((id, n, p)): UrlPath<(String, usize, usize)>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let stored = load(&archive, &who.viewer, &id).await?;
    let t = text_at(&stored, n)?;
    let page = p
        .checked_sub(1)
        .and_then(|i| t.pages.get(i))
        .ok_or_else(|| {
            ApiError::new(
                ErrorCode::PageNotFound,
                format!(
                    "text {n} of document {id} has pages 1 to {}; there is no page {p}",
                    t.pages.len()
                ),
            )
        })?;
    Ok(conditional(&headers, &stored, fonds_json::page_json(page)))
}

/// An editor corrects a page: the body is `{"text": "the page in the
/// record format", "comment": "what changed"}` and `If-Match` carries the
/// ETag of the document as the editor read it. Saved as a new version
/// (its ETag in the answer), or refused with 409 when the document changed
/// since (the current ETag and version in the answer), 428 without
/// `If-Match`.
pub async fn edit_page(
    State(archive): State<AppState>,
    who: Who,
    UrlPath((id, n, p)): UrlPath<(String, usize, usize)>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Result<Response, ApiError> {
    use fonds_archive::edit::{EditError, PageAt};
    check_editor(&archive, &who)?;
    let stored = load(&archive, &who.viewer, &id).await?;
    if let Some(refusal) = precondition(&headers, &stored)? {
        return Ok(refusal);
    }
    let body: Value = serde_json::from_slice(&body)
        .map_err(|e| ApiError::new(ErrorCode::InvalidBody, format!("the body is not JSON: {e}")))?;
    let text = body.get("text").and_then(Value::as_str).ok_or_else(|| {
        ApiError::new(
            ErrorCode::InvalidBody,
            "the body needs `text`: the page in the record format",
        )
    })?;
    let comment = body.get("comment").and_then(Value::as_str).unwrap_or("");
    text_at(&stored, n)?;
    let at = PageAt {
        text: n,
        page: p
            .checked_sub(1)
            .ok_or_else(|| ApiError::new(ErrorCode::PageNotFound, "pages are numbered from 1"))?,
    };
    match archive
        .edit_page(&who.viewer, &id, stored.version, at, text, comment)
        .await
    {
        Ok(_) | Err(EditError::Unchanged) => {
            let now = load(&archive, &who.viewer, &id).await?;
            let page = now.document.texts[n]
                .pages
                .get(at.page)
                .map(fonds_json::page_json);
            let mut r =
                Json(json!({"id": id, "version": now.version, "page": page})).into_response();
            if let Ok(v) = HeaderValue::from_str(&etag(&now)) {
                r.headers_mut().insert(header::ETAG, v);
            }
            Ok(r)
        }
        Err(e) => edit_refusal(e, &id),
    }
}

/// 409 for an edit made on a version that is no longer the current one,
/// with the current ETag.
fn conflict(now: &StoredDocument) -> Response {
    let mut r = ApiError::new(
        ErrorCode::EditConflict,
        format!(
            "the document changed since you read it: it is at version {}; read it again and make your change on that",
            now.version
        ),
    )
    .into_response();
    if let Ok(v) = HeaderValue::from_str(&etag(now)) {
        r.headers_mut().insert(header::ETAG, v);
    }
    r
}

/// The `If-Match` an edit needs: None when it names the document as
/// stored (or is `*`), else the 409 to answer; an error (428) without it.
fn precondition(
    headers: &HeaderMap,
    stored: &StoredDocument,
) -> Result<Option<Response>, ApiError> {
    let Some(asked) = headers
        .get(header::IF_MATCH)
        .and_then(|v| v.to_str().ok())
        .map(str::trim)
    else {
        return Err(ApiError::new(
            ErrorCode::PreconditionRequired,
            "an edit needs `If-Match` with the document's ETag as you read it (GET /api/documents/{id})",
        ));
    };
    Ok((asked != etag(stored) && asked != "*").then(|| conflict(stored)))
}

/// The answer to an edit that was not saved.
fn edit_refusal(e: fonds_archive::edit::EditError, id: &str) -> Result<Response, ApiError> {
    use fonds_archive::edit::EditError;
    match e {
        EditError::Conflict(now) => Ok(conflict(&now)),
        EditError::NoDocument(_) => Err(ApiError::new(
            ErrorCode::DocumentNotFound,
            format!("no document with id {id:?}"),
        )),
        EditError::NoPage(why) => Err(ApiError::new(ErrorCode::PageNotFound, why)),
        EditError::Archive(e) => Err(e.into()),
        EditError::Unchanged => Err(ApiError::new(ErrorCode::InvalidBody, "nothing changed")),
    }
}

/// An editor links or unlinks two turns, or forgets an editor's decision
/// on them: the body is `{"translation": T, "original_turn": O,
/// "translation_turn": N, "choice": "link" | "unlink" | "forget",
/// "comment": "why"}` (texts and turns numbered from 0, as the alignment
/// gives them) and `If-Match` carries the document's ETag as the editor read
/// it. Answers with the alignment as it is now and its ETag; 409 when the
/// document changed since, 428 without `If-Match`, 400 for a link that
/// would cross an editor's link or a turn that does not exist.
pub async fn edit_alignment(
    State(archive): State<AppState>,
    who: Who,
    UrlPath(id): UrlPath<String>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Result<Response, ApiError> {
    use fonds_archive::edit::EditError;
    use fonds_core::align::Choice;
    check_editor(&archive, &who)?;
    let stored = load(&archive, &who.viewer, &id).await?;
    if let Some(refusal) = precondition(&headers, &stored)? {
        return Ok(refusal);
    }
    let body: Value = serde_json::from_slice(&body)
        .map_err(|e| ApiError::new(ErrorCode::InvalidBody, format!("the body is not JSON: {e}")))?;
    let number = |key: &str| -> Result<usize, ApiError> {
        body.get(key)
            .and_then(Value::as_u64)
            .and_then(|n| usize::try_from(n).ok())
            .ok_or_else(|| {
                ApiError::new(
                    ErrorCode::InvalidBody,
                    format!("the body needs `{key}`: a whole number from 0"),
                )
            })
    };
    let (translation, o, t) = (
        number("translation")?,
        number("original_turn")?,
        number("translation_turn")?,
    );
    let choice = body
        .get("choice")
        .and_then(Value::as_str)
        .and_then(Choice::parse)
        .ok_or_else(|| {
            ApiError::new(
                ErrorCode::InvalidBody,
                "the body needs `choice`: \"link\", \"unlink\" or \"forget\"",
            )
        })?;
    let comment = body.get("comment").and_then(Value::as_str).unwrap_or("");
    match archive
        .edit_alignment(
            &who.viewer,
            &id,
            stored.version,
            translation,
            (o, t),
            choice,
            comment,
        )
        .await
    {
        Ok(_) | Err(EditError::Unchanged) => {
            let now = load(&archive, &who.viewer, &id).await?;
            let mut r = Json(alignment_body(&id, &now.document)).into_response();
            if let Ok(v) = HeaderValue::from_str(&etag(&now)) {
                r.headers_mut().insert(header::ETAG, v);
            }
            Ok(r)
        }
        Err(e) => edit_refusal(e, &id),
    }
}

/// Every turn of every text, numbered, with its page: what alignment and
/// speaker statistics start from.
pub async fn turns(
    State(archive): State<AppState>,
    who: Who,
    UrlPath(id): UrlPath<String>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let stored = load(&archive, &who.viewer, &id).await?;
    let mut out = Vec::new();
    for (ti, t) in stored.document.texts.iter().enumerate() {
        let mut n = 0;
        let mut list = Vec::new();
        for (pi, p) in t.pages.iter().enumerate() {
            for b in &p.blocks {
                let Some(s) = &b.speaker else { continue };
                if !b.continued {
                    n += 1;
                    list.push(json!({"turn": n, "page": pi + 1, "line": b.line, "speaker": s.name, "label": s.label, "text": b.reading_text()}));
                } else if let Some(last) = list.last_mut() {
                    let joined = format!(
                        "{} {}",
                        last["text"].as_str().unwrap_or(""),
                        b.reading_text()
                    );
                    last["text"] = json!(joined);
                }
            }
        }
        out.push(json!({"text": ti, "role": t.role.as_str(), "language": t.language.code(), "turns": list}));
    }
    Ok(conditional(
        &headers,
        &stored,
        json!({"id": id, "texts": out}),
    ))
}

async fn facet_list(
    archive: &Archive,
    viewer: &Viewer,
    pick: fn(&fonds_archive::Facets) -> &Vec<(String, u64)>,
    base: &str,
) -> Result<Json<Value>, ApiError> {
    let page = archive
        .search(
            viewer,
            "*",
            &SearchRequest {
                limit: 1,
                facets: true,
                ..SearchRequest::default()
            },
        )
        .await?;
    let facets = page.facets.unwrap_or_default();
    let items: Vec<Value> = pick(&facets)
        .iter()
        .map(|(name, n)| json!({"name": name, "documents": n, "link": format!("{base}/{}", http::path_segment(name))}))
        .collect();
    Ok(Json(json!({"items": items})))
}

/// The persons of the archive, the most documented first, with their
/// documents, turns and words.
pub async fn persons(
    State(archive): State<AppState>,
    who: Who,
    Query(params): Query<HashMap<String, String>>,
) -> Result<Json<Value>, ApiError> {
    let req = crate::search_request(&params)?;
    let rows = archive.persons(&who.viewer, req.limit, req.offset).await?;
    let total = archive.count_persons(&who.viewer).await?;
    let items: Vec<Value> = rows.iter().map(wire::person_row).collect();
    Ok(Json(
        json!({"total": total, "offset": req.offset, "items": items}),
    ))
}

/// The person `key` names ([`Archive::person`]) with `limit` of their
/// documents from `offset`, or a 404.
async fn find_person(
    archive: &Archive,
    viewer: &Viewer,
    key: &str,
    offset: usize,
    limit: usize,
) -> Result<fonds_archive::PersonDetail, ApiError> {
    archive
        .person(viewer, key, offset, limit)
        .await?
        .ok_or_else(|| person_not_found(key))
}

fn person_not_found(key: &str) -> ApiError {
    ApiError::new(
        ErrorCode::PersonNotFound,
        format!("no person is known as {key:?}"),
    )
}

/// One person: names in every script with why each was linked, roles,
/// figures, documents by year, the persons met, and a page of documents
/// (by date; `offset` and `limit` as for a search).
pub async fn person(
    State(archive): State<AppState>,
    who: Who,
    UrlPath(name): UrlPath<String>,
    RawQuery(query): RawQuery,
    Query(mut params): Query<HashMap<String, String>>,
) -> Result<Response, ApiError> {
    params
        .entry("limit".into())
        .or_insert_with(|| crate::MAX_LIMIT.to_string());
    let req = crate::search_request(&params)?;
    match persons::lookup(&archive, &who.viewer, &name, req.offset, req.limit).await? {
        Lookup::Found(p) => Ok(Json(wire::person_detail(&p)).into_response()),
        Lookup::Moved(id) => Ok(http::redirect(&http::api_person(&id), query.as_deref())),
        Lookup::Unknown => Err(person_not_found(&name)),
    }
}

/// The co-occurrence network of the most documented persons.
pub async fn network(
    State(archive): State<AppState>,
    who: Who,
    Query(params): Query<HashMap<String, String>>,
) -> Result<Json<Value>, ApiError> {
    let limit: i64 = match params.get("limit") {
        None => 40,
        Some(v) => v
            .parse()
            .ok()
            .filter(|n| (1..=200).contains(n))
            .ok_or_else(|| {
                ApiError::new(
                    ErrorCode::InvalidParameter,
                    "parameter `limit` must be from 1 to 200",
                )
            })?,
    };
    let net = archive.network(&who.viewer, limit as usize).await?;
    Ok(Json(wire::network(&net)))
}

/// An editor's request: the archive must be open for writing, and the
/// one asking an editor or an admin (an API token's user, or a session's).
pub(crate) fn check_editor(archive: &Archive, who: &Who) -> Result<(), ApiError> {
    if archive.read_only() {
        return Err(ApiError::new(
            ErrorCode::EditingDisabled,
            "this server serves the archive read-only (`fonds serve --read-only`): edit with `fonds people` or through a server that opened it for writing",
        ));
    }
    if !who.viewer.logged_in() {
        return Err(ApiError::new(
            ErrorCode::Unauthorized,
            "an editor's request needs the header `Authorization: Bearer TOKEN` with an editor's API token (`fonds user token NAME`)",
        ));
    }
    if !who.viewer.may_edit() {
        return Err(ApiError::new(
            ErrorCode::Forbidden,
            format!(
                "{} is a reader; editing needs an editor's or an admin's account",
                who.viewer.name()
            ),
        ));
    }
    Ok(())
}

/// Whether `given` is `secret`, in a time that does not depend on where
/// they differ: their SHA-256 digests are compared whole, so that timing
/// the answers tells a client nothing about how much of a guess is right.
pub(crate) fn same_secret(given: &str, secret: &str) -> bool {
    use sha2::Digest;
    let (a, b) = (sha2::Sha256::digest(given), sha2::Sha256::digest(secret));
    a.iter()
        .zip(b.iter())
        .fold(0u8, |acc, (x, y)| acc | (x ^ y))
        == 0
}

fn body_string(body: &Value, key: &str) -> Result<String, ApiError> {
    body.get(key)
        .and_then(Value::as_str)
        .filter(|s| !s.trim().is_empty())
        .map(str::to_string)
        .ok_or_else(|| {
            ApiError::new(
                ErrorCode::InvalidBody,
                format!("the body needs a string field `{key}`"),
            )
        })
}

/// An editor's decision on a person: `{"merge": "other person or name"}`,
/// `{"split": ["name", ...]}` (those names become a person of their own)
/// or `{"name": "Preferred Name"}`. Answers the person as linked after it.
pub async fn edit_person(
    State(archive): State<AppState>,
    who: Who,
    UrlPath(key): UrlPath<String>,
    body: axum::body::Bytes,
) -> Result<Json<Value>, ApiError> {
    check_editor(&archive, &who)?;
    let body: Value = serde_json::from_slice(&body)
        .map_err(|e| ApiError::new(ErrorCode::InvalidBody, format!("the body is not JSON: {e}")))?;
    let asked: Vec<&str> = ["merge", "split", "name"]
        .into_iter()
        .filter(|k| body.get(*k).is_some())
        .collect();
    if asked.len() > 1 {
        return Err(ApiError::new(
            ErrorCode::InvalidBody,
            format!(
                "the body gives {}: one decision per request (merge, split or name), so that each is applied alone and answered",
                asked.join(" and ")
            ),
        ));
    }
    let asked = if body.get("merge").is_some() {
        persons::Asked::Merge(body_string(&body, "merge")?)
    } else if let Some(forms) = body.get("split") {
        persons::Asked::Split(
            forms
                .as_array()
                .map(|a| {
                    a.iter()
                        .filter_map(|v| v.as_str().map(str::to_string))
                        .collect()
                })
                .unwrap_or_default(),
        )
    } else if body.get("name").is_some() {
        persons::Asked::Name(body_string(&body, "name")?)
    } else {
        return Err(ApiError::new(
            ErrorCode::InvalidBody,
            "the body needs `merge`, `split` or `name`",
        ));
    };
    let id = match persons::decide(&archive, &who.viewer, &key, asked).await {
        Ok(id) => id,
        Err(persons::Refused::NoPerson(key)) => return Err(person_not_found(&key)),
        Err(persons::Refused::Invalid(why)) => {
            return Err(ApiError::new(ErrorCode::InvalidBody, why))
        }
        Err(persons::Refused::Archive(e)) => return Err(e.into()),
    };
    Ok(Json(wire::person_detail(
        &find_person(&archive, &who.viewer, &id, 0, crate::MAX_LIMIT).await?,
    )))
}

pub async fn archives(State(archive): State<AppState>, who: Who) -> Result<Json<Value>, ApiError> {
    facet_list(&archive, &who.viewer, |f| &f.repo, "/api/archives").await
}

async fn documents_of(
    archive: &Archive,
    viewer: &Viewer,
    query: String,
    name: &str,
    code: ErrorCode,
) -> Result<Json<Value>, ApiError> {
    let req = SearchRequest {
        limit: crate::MAX_LIMIT,
        sort: Sort::DateAscending,
        ..SearchRequest::default()
    };
    let page = archive.search(viewer, &query, &req).await?;
    if page.total == 0 {
        return Err(ApiError::new(code, format!("no documents for {name:?}")));
    }
    let docs: Vec<Value> = page
        .hits
        .iter()
        .map(|h| wire::summary_json(&h.card))
        .collect();
    Ok(Json(
        json!({"name": name, "total": page.total, "documents": docs}),
    ))
}

pub async fn archive_docs(
    State(archive): State<AppState>,
    who: Who,
    UrlPath(name): UrlPath<String>,
) -> Result<Json<Value>, ApiError> {
    documents_of(
        &archive,
        &who.viewer,
        format!("repo:\"{}\"", name.replace('"', " ")),
        &name,
        ErrorCode::ArchiveNotFound,
    )
    .await
}

/// Who speaks in each text of a document: turns, words and share per
/// speaker, the original's speakers named as the translation names them.
pub async fn speakers(
    State(archive): State<AppState>,
    who: Who,
    UrlPath(id): UrlPath<String>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let stored = load(&archive, &who.viewer, &id).await?;
    let body = wire::speakers(&stored.document);
    Ok(conditional(&headers, &stored, body))
}

/// The stored alignments of the original's turns with each translation's,
/// with each link's confidence and reasons, the speaker each original turn
/// gets from the translation, and the diagnostics the alignment gave. The
/// first alignment's fields also stand at the top level.
pub async fn alignment(
    State(archive): State<AppState>,
    who: Who,
    UrlPath(id): UrlPath<String>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let stored = load(&archive, &who.viewer, &id).await?;
    Ok(conditional(
        &headers,
        &stored,
        alignment_body(&id, &stored.document),
    ))
}

/// A document's alignments, the first one's fields at the top, the notes
/// the alignment made and the editors' decisions.
fn alignment_body(id: &str, doc: &fonds_core::Document) -> Value {
    let alignments: Vec<Value> = doc
        .alignments
        .iter()
        .map(|a| wire::alignment(doc, a))
        .collect();
    let notes: Vec<Value> = doc
        .diagnostics
        .iter()
        .filter(|d| {
            matches!(
                d.code,
                fonds_core::DiagCode::AlignmentUnsure | fonds_core::DiagCode::SpeakerResolved
            )
        })
        .map(|d| json!({"severity": d.severity.as_str(), "code": d.code.as_str(), "line": d.line, "message": d.message}))
        .collect();
    let mut body = json!({"id": id, "links": [], "speakers": []});
    if let Some(Value::Object(first)) = alignments.first() {
        for (k, v) in first {
            body[k] = v.clone();
        }
    }
    body["alignments"] = Value::Array(alignments);
    body["notes"] = Value::Array(notes);
    body["decisions"] = wire::turn_decisions(doc);
    body
}

/// The largest file an editor uploads as a scan through the API; a larger
/// one (a long PDF) is attached with `fonds attach`.
pub const MAX_UPLOAD_BYTES: u64 = 256 << 20;

/// A document's scans: each with its image service and the file it was
/// attached as.
pub async fn scans(
    State(archive): State<AppState>,
    who: Who,
    UrlPath(id): UrlPath<String>,
) -> Result<Json<Value>, ApiError> {
    if archive.document(&who.viewer, &id).await?.is_none() {
        return Err(ApiError::new(
            ErrorCode::DocumentNotFound,
            format!("no document with id {id:?}"),
        ));
    }
    let listed = archive.scans(&who.viewer, &id).await?;
    let ocr = archive.ocr_scans(&who.viewer, &id).await?;
    Ok(Json(serde_json::json!({
        "document": id,
        "scans": listed.iter().map(|s| scan_json(&id, s, ocr.contains(&s.n))).collect::<Vec<_>>(),
    })))
}

fn scan_json(id: &str, s: &fonds_archive::scans::Scan, ocr: bool) -> Value {
    let image = crate::http::path_segment(&format!("{id}:{}", s.n)).replace("%3A", ":");
    serde_json::json!({
        "n": s.n,
        "name": s.name,
        "media_type": s.media_type,
        "width": s.width,
        "height": s.height,
        "sha256": s.sha256,
        "file_sha256": s.file_sha256,
        "file_page": s.file_page,
        "added_at": s.added_at,
        "ocr": ocr,
        "image": format!("/iiif/3/{image}"),
        "file": format!("/doc/{}/scans/{}", crate::http::path_segment(id), s.n),
    })
}

/// An editor uploads a scan: the request's body is the file (an image, a
/// PDF or a multi-page TIFF), `?name=` its name. The body goes to a file of
/// its own as it arrives (at most [`MAX_UPLOAD_BYTES`]) and is attached
/// after the document's last scan, checked as `fonds attach` checks it;
/// answers 201 with the scans added.
pub async fn upload_scan(
    State(archive): State<AppState>,
    who: Who,
    UrlPath(id): UrlPath<String>,
    axum::extract::Query(params): axum::extract::Query<std::collections::HashMap<String, String>>,
    body: axum::body::Body,
) -> Result<axum::response::Response, ApiError> {
    use axum::response::IntoResponse;
    use hyper::body::Body as _;
    use tokio::io::AsyncWriteExt;
    check_editor(&archive, &who)?;
    if !archive.may_read(&who.viewer, &id).await? {
        return Err(ApiError::new(
            ErrorCode::DocumentNotFound,
            format!("no document with id {id:?}"),
        ));
    }
    let name = params
        .get("name")
        .map(|n| n.trim())
        .filter(|n| {
            !n.is_empty()
                && n.len() <= 255
                && !n.contains(['/', '\\', '\0'])
                && *n != "."
                && *n != ".."
        })
        .ok_or_else(|| {
            ApiError::new(
                ErrorCode::InvalidParameter,
                "parameter `name`: the file's name, such as f12.tif (no folders)",
            )
        })?;
    static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let dir = std::env::temp_dir().join(format!(
        "fonds-upload-{}-{}",
        std::process::id(),
        NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
    ));
    struct Removed(std::path::PathBuf);
    impl Drop for Removed {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }
    let _removed = Removed(dir.clone());
    let internal =
        |e: std::io::Error| ApiError::new(ErrorCode::Internal, format!("keeping the upload: {e}"));
    tokio::fs::create_dir_all(&dir).await.map_err(internal)?;
    let path = dir.join(name);
    let mut file = tokio::fs::File::create(&path).await.map_err(internal)?;
    let mut body = body;
    let mut total = 0u64;
    while let Some(frame) =
        std::future::poll_fn(|cx| std::pin::Pin::new(&mut body).poll_frame(cx)).await
    {
        let frame = frame.map_err(|e| {
            ApiError::new(ErrorCode::InvalidBody, format!("the upload broke off: {e}"))
        })?;
        if let Ok(data) = frame.into_data() {
            total += data.len() as u64;
            if total > MAX_UPLOAD_BYTES {
                return Err(ApiError::new(
                    ErrorCode::PayloadTooLarge,
                    format!(
                        "the upload is over the {} MB a scan may be through the API; attach it with `fonds attach`",
                        MAX_UPLOAD_BYTES >> 20
                    ),
                ));
            }
            file.write_all(&data).await.map_err(internal)?;
        }
    }
    file.flush().await.map_err(internal)?;
    drop(file);
    if total == 0 {
        return Err(ApiError::new(
            ErrorCode::InvalidBody,
            "the upload is empty: the body is the file",
        ));
    }
    let before = archive.scans(&who.viewer, &id).await?.len();
    let attached = archive.attach_paths(&id, &[path]).await?;
    archive
        .audit(&who.viewer, "scan-upload", &id, &format!("{total} bytes"))
        .await?;
    let ocr = archive.ocr_scans(&who.viewer, &id).await?;
    let added: Vec<Value> = attached.scans[before.min(attached.scans.len())..]
        .iter()
        .map(|s| scan_json(&id, s, ocr.contains(&s.n)))
        .collect();
    Ok((
        StatusCode::CREATED,
        Json(serde_json::json!({"document": id, "scans": added, "notes": attached.notes})),
    )
        .into_response())
}

#[cfg(test)]
mod tests {
    #[test]
    fn http_dates() {
        assert_eq!(
            super::http_date("2026-11-28T14:30:00Z").as_deref(),
            Some("Sat, 28 Nov 2026 14:30:00 GMT")
        );
        assert_eq!(
            super::http_date("1970-01-01T00:00:00Z").as_deref(),
            Some("Thu, 01 Jan 1970 00:00:00 GMT")
        );
        assert_eq!(
            super::http_date("2024-02-29T23:59:59Z").as_deref(),
            Some("Thu, 29 Feb 2024 23:59:59 GMT")
        );
        assert_eq!(super::http_date("2023-02-29T00:00:00Z"), None);
        assert_eq!(super::http_date("yesterday"), None);
    }
}
