//! The IIIF Image API 3.0 (level 2) over a document's scans: scan `n` of
//! document `DOC` is the image `DOC:n`, its information document at
//! `/iiif/3/DOC:n/info.json` and its images at
//! `/iiif/3/DOC:n/{region}/{size}/{rotation}/{quality}.{format}`.

use crate::auth::Who;
use crate::{ApiError, AppState, ErrorCode};
use axum::extract::{Path as UrlPath, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use fonds_archive::Viewer;
use fonds_iiif::ImageRequest;

/// The profile every answer links to.
const PROFILE: &str = "<http://iiif.io/api/image/3/level2.json>;rel=\"profile\"";
const CONTEXT: &str = "http://iiif.io/api/image/3/context.json";

/// The document id and scan number an image identifier names.
fn identifier(id: &str) -> Result<(&str, u32), ApiError> {
    id.rsplit_once(':')
        .and_then(|(doc, n)| Some((doc, n.parse::<u32>().ok().filter(|n| *n > 0)?)))
        .filter(|(doc, _)| !doc.is_empty())
        .ok_or_else(|| {
            ApiError::new(
                ErrorCode::ScanNotFound,
                format!("{id:?} names no scan: an image is DOCUMENT:N, N counted from 1"),
            )
        })
}

/// The image's base URI as the client reached this server.
fn base(headers: &HeaderMap, id: &str) -> String {
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("localhost");
    // The separator of the scan's number stays as the client wrote it.
    let id = crate::http::path_segment(id).replace("%3A", ":");
    format!("http://{host}/iiif/3/{id}")
}

/// What every IIIF answer carries: any site's viewer may read it.
fn iiif_headers(r: &mut Response) {
    let h = r.headers_mut();
    h.insert(
        header::ACCESS_CONTROL_ALLOW_ORIGIN,
        HeaderValue::from_static("*"),
    );
    h.insert(header::LINK, HeaderValue::from_static(PROFILE));
}

/// The base URI sends the client to the information document.
pub async fn redirect(headers: HeaderMap, UrlPath(id): UrlPath<String>) -> Response {
    let mut r = (
        StatusCode::SEE_OTHER,
        [(
            header::LOCATION,
            format!("{}/info.json", base(&headers, &id)),
        )],
    )
        .into_response();
    iiif_headers(&mut r);
    r
}

/// The image information document, as JSON-LD when the client asks for it.
pub async fn info(
    State(archive): State<AppState>,
    who: Who,
    headers: HeaderMap,
    UrlPath(id): UrlPath<String>,
) -> Result<Response, ApiError> {
    let (doc, n) = identifier(&id)?;
    let info = archive
        .image_info(&who.viewer, doc, n, &base(&headers, &id))
        .await?;
    let ld = headers
        .get(header::ACCEPT)
        .and_then(|a| a.to_str().ok())
        .is_some_and(|a| a.contains("application/ld+json"));
    let media = if ld {
        format!("application/ld+json;profile=\"{CONTEXT}\"")
    } else {
        "application/json".to_string()
    };
    let mut r = ([(header::CONTENT_TYPE, media)], info.to_string()).into_response();
    iiif_headers(&mut r);
    Ok(r)
}

/// An image request.
pub async fn image(
    State(archive): State<AppState>,
    who: Who,
    UrlPath((id, region, size, rotation, file)): UrlPath<(String, String, String, String, String)>,
) -> Result<Response, ApiError> {
    let (doc, n) = identifier(&id)?;
    let request = ImageRequest::parse(&region, &size, &rotation, &file)
        .map_err(fonds_archive::scans::ScanError::from)?;
    let image = archive.image(&who.viewer, doc, n, &request).await?;
    let mut r = (
        [
            (header::CONTENT_TYPE, image.media_type),
            // A scan never changes under its identifier's number... unless
            // it is replaced; a day is safe.
            (header::CACHE_CONTROL, "public, max-age=86400"),
        ],
        image.bytes,
    )
        .into_response();
    iiif_headers(&mut r);
    Ok(r)
}

/// The Presentation API 3.0 context.
const PRESENTATION: &str = "http://iiif.io/api/presentation/3/context.json";
/// The rights a manifest states when the archive states none: not
/// evaluated, which is what fonds can honestly say of an imported record.
const RIGHTS: &str = "http://rightsstatements.org/vocab/CNE/1.0/";
/// The size of a canvas with no scan: an A4 sheet's proportions.
const BLANK: (u32, u32) = (1000, 1414);

/// A IIIF language map of one value.
fn lang_map(lang: &str, value: &str) -> serde_json::Value {
    serde_json::json!({ lang: [value] })
}

fn entry(label: &str, value: &str) -> serde_json::Value {
    serde_json::json!({"label": lang_map("en", label), "value": lang_map("none", value)})
}

/// The words of every page of the original, and beside each, for each
/// translation, its words for that page: the translation's page of the
/// same number when it has as many pages, else the translation turns the
/// stored alignment links to the page's turns, else (nothing to go by) the
/// whole translation on the first page.
fn page_texts(doc: &fonds_core::Document) -> Vec<Vec<(String, String)>> {
    use fonds_core::{BlockKind, Text, TextRole};
    let Some(oi) = doc
        .texts
        .iter()
        .position(|t| t.role == TextRole::Original)
        .or((!doc.texts.is_empty()).then_some(0))
    else {
        return Vec::new();
    };
    let original = &doc.texts[oi];
    let page_words = |t: &Text, p: usize| -> String {
        t.pages.get(p).map_or(String::new(), |p| {
            p.blocks
                .iter()
                .map(|b| b.reading_text())
                .collect::<Vec<_>>()
                .join("\n\n")
        })
    };
    // The turns (counted as `Text::turns` counts them) each page holds.
    let turns_of_pages = |t: &Text| -> Vec<Vec<usize>> {
        let mut n = 0usize;
        t.pages
            .iter()
            .map(|p| {
                let mut on = Vec::new();
                for b in p.blocks.iter().filter(|b| b.kind == BlockKind::Turn) {
                    if !b.continued {
                        n += 1;
                    }
                    if n > 0 && on.last() != Some(&(n - 1)) {
                        on.push(n - 1);
                    }
                }
                on
            })
            .collect()
    };
    // Each turn's words, continuations included.
    let turn_words = |t: &Text| -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for b in t.blocks().filter(|b| b.kind == BlockKind::Turn) {
            match (b.continued, out.last_mut()) {
                (true, Some(last)) => {
                    last.push_str("\n\n");
                    last.push_str(&b.reading_text());
                }
                _ => out.push(b.reading_text()),
            }
        }
        out
    };
    let on_page = turns_of_pages(original);
    let mut pages: Vec<Vec<(String, String)>> = (0..original.pages.len())
        .map(|p| {
            vec![(
                original.language.code().to_string(),
                page_words(original, p),
            )]
        })
        .collect();
    for (ti, t) in doc.texts.iter().enumerate() {
        if ti == oi || t.role != TextRole::Translation {
            continue;
        }
        let lang = t.language.code().to_string();
        let alignment = doc
            .alignments
            .iter()
            .find(|a| a.original == oi && a.translation == ti);
        if t.pages.len() == original.pages.len() {
            for (p, texts) in pages.iter_mut().enumerate() {
                texts.push((lang.clone(), page_words(t, p)));
            }
        } else if let Some(a) = alignment {
            let words = turn_words(t);
            for (p, texts) in pages.iter_mut().enumerate() {
                let mut linked: Vec<usize> = a
                    .links
                    .iter()
                    .filter(|l| l.original.is_some_and(|o| on_page[p].contains(&o)))
                    .filter_map(|l| l.translation)
                    .collect();
                linked.dedup();
                let text: Vec<&str> = linked
                    .iter()
                    .filter_map(|&i| words.get(i).map(String::as_str))
                    .collect();
                texts.push((lang.clone(), text.join("\n\n")));
            }
        } else if let Some(first) = pages.first_mut() {
            let all: Vec<String> = (0..t.pages.len()).map(|p| page_words(t, p)).collect();
            first.push((lang, all.join("\n\n")));
        }
    }
    pages
}

/// The Presentation API 3.0 manifest of a document: a canvas for each
/// scan or page of the original (whichever are more), with the scan
/// painted on it and the page's transcription and translation as
/// supplementing annotations in their languages.
pub fn manifest(
    origin: &str,
    doc: &fonds_core::Document,
    scans: &[fonds_archive::scans::Scan],
    ocr: &[u32],
) -> serde_json::Value {
    use serde_json::json;
    let id = crate::http::path_segment(&doc.id);
    let m = format!("{origin}/iiif/manifests/{id}");
    let texts = page_texts(doc);
    let original = doc
        .texts
        .iter()
        .find(|t| t.role == fonds_core::TextRole::Original);
    let canvases = scans.len().max(texts.len()).max(1);
    let mut items = Vec::with_capacity(canvases);
    for i in 0..canvases {
        let c = format!("{m}/canvas/{}", i + 1);
        let page = original.and_then(|t| t.pages.get(i));
        let label = match page.and_then(|p| p.folio.as_ref()) {
            Some(f) => format!("f. {}", f.label()),
            None => format!("p. {}", page.and_then(|p| p.number).unwrap_or(i as u32 + 1)),
        };
        let scan = scans.get(i);
        let (width, height) = scan.map_or(BLANK, |s| (s.width, s.height));
        let mut canvas = json!({
            "id": c,
            "type": "Canvas",
            "label": lang_map("none", &label),
            "width": width,
            "height": height,
        });
        // A canvas without a scan has an empty page to paint on.
        canvas["items"] =
            json!([{"id": format!("{c}/page"), "type": "AnnotationPage", "items": []}]);
        if let Some(s) = scan {
            let image = format!(
                "{origin}/iiif/3/{}",
                crate::http::path_segment(&format!("{}:{}", doc.id, s.n)).replace("%3A", ":")
            );
            canvas["items"] = json!([{
                "id": format!("{c}/page"),
                "type": "AnnotationPage",
                "items": [{
                    "id": format!("{c}/page/image"),
                    "type": "Annotation",
                    "motivation": "painting",
                    "body": {
                        "id": format!("{image}/full/max/0/default.jpg"),
                        "type": "Image",
                        "format": "image/jpeg",
                        "width": s.width,
                        "height": s.height,
                        "service": [{"id": image, "type": "ImageService3", "profile": "level2"}],
                    },
                    "target": c,
                }],
            }]);
        }
        let notes: Vec<serde_json::Value> = texts
            .get(i)
            .into_iter()
            .flatten()
            .enumerate()
            .filter(|(_, (_, words))| !words.trim().is_empty())
            .map(|(k, (lang, words))| {
                json!({
                    "id": format!("{c}/text/{}", k + 1),
                    "type": "Annotation",
                    "motivation": "supplementing",
                    "body": {"type": "TextualBody", "value": words, "format": "text/plain", "language": lang},
                    "target": c,
                })
            })
            .collect();
        let mut pages = Vec::new();
        if !notes.is_empty() {
            pages.push(json!({
                "id": format!("{c}/text"),
                "type": "AnnotationPage",
                "items": notes,
            }));
        }
        // What OCR read on the scan, a page of its own fetched on demand.
        if let Some(s) = scan.filter(|s| ocr.contains(&s.n)) {
            pages.push(json!({"id": ocr_page_id(origin, &doc.id, s.n), "type": "AnnotationPage"}));
        }
        if !pages.is_empty() {
            canvas["annotations"] = json!(pages);
        }
        items.push(canvas);
    }
    let mut metadata = Vec::new();
    if let Some(d) = doc.date() {
        metadata.push(entry("Date", &d.stated));
    }
    let reference = doc.citation.archival_reference.as_ref();
    if let Some(r) = reference.and_then(|r| r.repository.as_deref()) {
        metadata.push(entry("Archive", r));
    }
    if let Some(r) = reference {
        metadata.push(entry("Archival reference", &r.text));
        if let Some(f) = r.folios {
            let folios = if f.from == f.to {
                f.from.to_string()
            } else {
                format!("{}–{}", f.from, f.to)
            };
            metadata.push(entry("Folios", &folios));
        }
    }
    if let Some(t) = original {
        metadata.push(entry("Original language", t.language.name()));
    }
    if !doc.citation.translators.is_empty() {
        metadata.push(entry("Translated by", &doc.citation.translators.join(", ")));
    }
    let citation = fonds_core::citation::format::CitationParts::of(doc).chicago_note();
    let mut out = json!({
        "@context": PRESENTATION,
        "id": m,
        "type": "Manifest",
        "label": lang_map("en", &doc.title),
        "metadata": metadata,
        "requiredStatement": {"label": lang_map("en", "Citation"), "value": lang_map("en", &citation)},
        "rights": RIGHTS,
        "homepage": [{
            "id": format!("{origin}/doc/{id}"),
            "type": "Text",
            "label": lang_map("en", "The document in the reader"),
            "format": "text/html",
        }],
        "rendering": [
            {"id": format!("{origin}/doc/{id}/tei.xml"), "type": "Text", "label": lang_map("en", "TEI P5"), "format": "application/tei+xml"},
            {"id": format!("{origin}/api/documents/{id}"), "type": "Dataset", "label": lang_map("en", "The document as JSON"), "format": "application/json"},
            {"id": format!("{origin}/doc/{id}/text.txt"), "type": "Text", "label": lang_map("en", "Plain text"), "format": "text/plain"},
        ],
        "items": items,
    });
    if let Some(s) = &doc.summary {
        out["summary"] = lang_map("en", s);
    }
    if !ocr.is_empty() {
        out["service"] = search_services(origin, &id);
    }
    if !scans.is_empty() {
        if let Some(r) = out["rendering"].as_array_mut() {
            r.push(json!({
                "id": format!("{origin}/doc/{id}/scans.pdf"),
                "type": "Text",
                "label": lang_map("en", "The scans as one PDF"),
                "format": "application/pdf",
            }));
        }
    }
    if let Some(r) = reference.and_then(|r| r.repository.as_deref()) {
        out["partOf"] = json!([{
            "id": format!("{origin}/iiif/collections/{}", crate::http::path_segment(r)),
            "type": "Collection",
        }]);
    }
    out
}

/// A document's manifest.
pub async fn manifest_of(
    State(archive): State<AppState>,
    who: Who,
    headers: HeaderMap,
    UrlPath(id): UrlPath<String>,
) -> Result<Response, ApiError> {
    let stored = archive.document(&who.viewer, &id).await?.ok_or_else(|| {
        ApiError::new(
            ErrorCode::DocumentNotFound,
            format!("no document with id {id:?}"),
        )
    })?;
    let scans = archive.scans(&who.viewer, &id).await?;
    let ocr = archive.ocr_scans(&who.viewer, &id).await?;
    let origin = format!("http://{}", crate::http::host(&headers));
    Ok(presentation(manifest(
        &origin,
        &stored.document,
        &scans,
        &ocr,
    )))
}

/// A Presentation API answer: JSON-LD of its context, open to any site.
fn presentation(body: serde_json::Value) -> Response {
    json_ld(body, PRESENTATION)
}

/// An answer of JSON-LD in `context`, open to any site; the level 2
/// profile the image answers link to is the Image API's, not this one's.
fn json_ld(body: serde_json::Value, context: &str) -> Response {
    let mut r = (
        [(
            header::CONTENT_TYPE,
            format!("application/ld+json;profile=\"{context}\""),
        )],
        body.to_string(),
    )
        .into_response();
    iiif_headers(&mut r);
    r.headers_mut().remove(header::LINK);
    r
}

/// The most manifests one page of a collection lists; a longer archive's
/// collection ends with the collection of its next documents.
const COLLECTION_PAGE: usize = 500;

/// The collection of an archive's documents (their manifests, in the order
/// they were stored), a page at a time: `?after=SEQ` goes on after a
/// document's change number.
pub async fn collection(
    State(archive): State<AppState>,
    who: Who,
    headers: HeaderMap,
    UrlPath(name): UrlPath<String>,
    axum::extract::Query(params): axum::extract::Query<std::collections::HashMap<String, String>>,
) -> Result<Response, ApiError> {
    use serde_json::json;
    let after: i64 = match params.get("after") {
        None => 0,
        Some(a) => a.parse().map_err(|_| {
            ApiError::new(
                ErrorCode::InvalidParameter,
                format!("parameter `after`: {a:?} is not a change number"),
            )
        })?,
    };
    let filter = fonds_archive::ListFilter {
        repositories: Some(vec![name.clone()]),
        ..Default::default()
    };
    let listed = archive
        .listing_with_json(&who.viewer, &filter, after, COLLECTION_PAGE + 1)
        .await?;
    if listed.is_empty() && after == 0 {
        return Err(ApiError::new(
            ErrorCode::ArchiveNotFound,
            format!("no documents for {name:?}"),
        ));
    }
    let origin = format!("http://{}", crate::http::host(&headers));
    let base = format!(
        "{origin}/iiif/collections/{}",
        crate::http::path_segment(&name)
    );
    let here = if after == 0 {
        base.clone()
    } else {
        format!("{base}?after={after}")
    };
    let more = listed.len() > COLLECTION_PAGE;
    let mut items: Vec<serde_json::Value> = listed
        .iter()
        .take(COLLECTION_PAGE)
        .map(|(l, json)| {
            let title = serde_json::from_str::<serde_json::Value>(json)
                .ok()
                .and_then(|d| d["title"].as_str().map(str::to_string))
                .unwrap_or_else(|| l.id.clone());
            json!({
                "id": format!("{origin}/iiif/manifests/{}", crate::http::path_segment(&l.id)),
                "type": "Manifest",
                "label": lang_map("none", &title),
            })
        })
        .collect();
    if more {
        let last = listed[COLLECTION_PAGE - 1].0.seq;
        items.push(json!({
            "id": format!("{base}?after={last}"),
            "type": "Collection",
            "label": lang_map("en", &format!("More documents of {name}")),
        }));
    }
    let body = json!({
        "@context": PRESENTATION,
        "id": here,
        "type": "Collection",
        "label": lang_map("en", &format!("The documents of {name}")),
        "items": items,
    });
    Ok(presentation(body))
}

/// The Content Search API 2.0 context.
const SEARCH2: &str = "http://iiif.io/api/search/2/context.json";
/// The Content Search API 1.0 context (what Mirador reads).
const SEARCH1: &str = "http://iiif.io/api/search/1/context.json";
/// The most terms an autocomplete answer lists.
const TERMS: usize = 20;

/// The search and autocomplete services a manifest advertises: Content
/// Search 2.0, and 1.0 for the viewers that read only it.
fn search_services(origin: &str, id: &str) -> serde_json::Value {
    serde_json::json!([
        {
            "id": format!("{origin}/iiif/search/2/{id}"),
            "type": "SearchService2",
            "service": [{
                "id": format!("{origin}/iiif/autocomplete/2/{id}"),
                "type": "AutoCompleteService2",
            }],
        },
        {
            "@id": format!("{origin}/iiif/search/1/{id}"),
            "@type": "SearchService1",
            "profile": "http://iiif.io/api/search/1/search",
            "service": [{
                "@id": format!("{origin}/iiif/autocomplete/1/{id}"),
                "@type": "AutoCompleteService1",
                "profile": "http://iiif.io/api/search/1/autocomplete",
            }],
        },
    ])
}

type Params = axum::extract::Query<std::collections::HashMap<String, String>>;

/// The `q` of a search request: what it asks, within bounds.
fn query_of(params: &std::collections::HashMap<String, String>) -> Result<String, ApiError> {
    let q = params.get("q").map(String::as_str).unwrap_or("").trim();
    if q.chars().count() > fonds_archive::ocr::MAX_SCAN_QUERY {
        return Err(ApiError::new(
            ErrorCode::InvalidParameter,
            format!(
                "parameter `q` is longer than {} characters",
                fonds_archive::ocr::MAX_SCAN_QUERY
            ),
        ));
    }
    Ok(q.to_string())
}

fn no_document(id: &str) -> ApiError {
    ApiError::new(
        ErrorCode::DocumentNotFound,
        format!("no document with id {id:?}"),
    )
}

/// The canvas a scan is painted on, and a region of it.
fn canvas_region(origin: &str, id: &str, hit: &fonds_archive::ocr::ScanHit) -> (String, String) {
    let canvas = format!("{origin}/iiif/manifests/{id}/canvas/{}", hit.n);
    let b = hit.bbox;
    let xywh = format!("{},{},{},{}", b.x0, b.y0, b.width(), b.height());
    (canvas, xywh)
}

/// The URL a search answer is at: the request as the client made it.
fn answered_at(origin: &str, path: &str, q: &str) -> String {
    let mut url = format!("{origin}{path}");
    if !q.is_empty() {
        url.push_str("?q=");
        url.push_str(&crate::http::percent_encode(q));
    }
    url
}

/// A Content Search or autocomplete request: its words, and what the
/// answer's addresses start with.
struct Asked {
    q: String,
    origin: String,
    /// The document's id as a path segment.
    seg: String,
}

impl Asked {
    fn of(
        headers: &HeaderMap,
        id: &str,
        params: &std::collections::HashMap<String, String>,
    ) -> Result<Asked, ApiError> {
        Ok(Asked {
            q: query_of(params)?,
            origin: format!("http://{}", crate::http::host(headers)),
            seg: crate::http::path_segment(id),
        })
    }

    /// The address of a search (`what`: `search` or `autocomplete`) of
    /// `version` for `q`.
    fn at(&self, what: &str, version: u8, q: &str) -> String {
        answered_at(
            &self.origin,
            &format!("/iiif/{what}/{version}/{}", self.seg),
            q,
        )
    }
}

/// Content Search 2.0: the words of `q` on a document's scans, each an
/// annotation that highlights its box on its canvas, with the words around
/// it as a contextualizing annotation.
pub async fn search2(
    State(archive): State<AppState>,
    who: Who,
    headers: HeaderMap,
    UrlPath(id): UrlPath<String>,
    axum::extract::Query(params): Params,
) -> Result<Response, ApiError> {
    search(&archive, &who.viewer, &headers, &id, &params, 2).await
}

/// Content Search 1.0: the same hits as an annotation list, each word
/// painted on its canvas region, and the hits with their words around.
pub async fn search1(
    State(archive): State<AppState>,
    who: Who,
    headers: HeaderMap,
    UrlPath(id): UrlPath<String>,
    axum::extract::Query(params): Params,
) -> Result<Response, ApiError> {
    search(&archive, &who.viewer, &headers, &id, &params, 1).await
}

/// The words of `q` on a document's scans, in the terms of Content Search
/// `version` (2 or 1).
async fn search(
    archive: &AppState,
    viewer: &Viewer,
    headers: &HeaderMap,
    id: &str,
    params: &std::collections::HashMap<String, String>,
    version: u8,
) -> Result<Response, ApiError> {
    use serde_json::json;
    let a = Asked::of(headers, id, params)?;
    let hits = archive
        .search_scans(viewer, id, &a.q)
        .await?
        .ok_or_else(|| no_document(id))?;
    let here = a.at("search", version, &a.q);
    // Each hit: its annotation, and (2.0) the words around it or (1.0) the hit.
    let mut items = Vec::with_capacity(hits.len());
    let mut around = Vec::with_capacity(hits.len());
    for hit in &hits {
        let (canvas, xywh) = canvas_region(&a.origin, &a.seg, hit);
        let anno = format!("{canvas}/hits/{xywh}");
        let target = format!("{canvas}#xywh={xywh}");
        if version == 2 {
            items.push(json!({
                "id": anno,
                "type": "Annotation",
                "motivation": "highlighting",
                "body": {"type": "TextualBody", "value": hit.text, "format": "text/plain"},
                "target": target,
            }));
            around.push(json!({
                "id": format!("{anno}/context"),
                "type": "Annotation",
                "motivation": "contextualizing",
                "target": {
                    "type": "SpecificResource",
                    "source": anno,
                    "selector": [{
                        "type": "TextQuoteSelector",
                        "prefix": hit.before,
                        "exact": hit.text,
                        "suffix": hit.after,
                    }],
                },
            }));
        } else {
            items.push(json!({
                "@id": anno,
                "@type": "oa:Annotation",
                "motivation": "sc:painting",
                "resource": {"@type": "cnt:ContentAsText", "chars": hit.text},
                "on": target,
            }));
            around.push(json!({
                "@type": "search:Hit",
                "annotations": [anno],
                "match": hit.text,
                "before": hit.before,
                "after": hit.after,
            }));
        }
    }
    if version == 1 {
        let body = json!({
            "@context": ["http://iiif.io/api/presentation/2/context.json", SEARCH1],
            "@id": here,
            "@type": "sc:AnnotationList",
            "within": {"@type": "sc:Layer", "total": hits.len()},
            "resources": items,
            "hits": around,
        });
        return Ok(json_ld(body, SEARCH1));
    }
    let mut body = json!({
        "@context": SEARCH2,
        "id": here,
        "type": "AnnotationPage",
        "partOf": {"id": here, "type": "AnnotationCollection", "total": hits.len()},
        "items": items,
    });
    if !around.is_empty() {
        body["annotations"] = json!([{"type": "AnnotationPage", "items": around}]);
    }
    Ok(json_ld(body, SEARCH2))
}

/// Autocomplete (Content Search 2.0): the words on the scans that begin
/// with `q`, most frequent first, each with the search that finds it.
pub async fn autocomplete2(
    State(archive): State<AppState>,
    who: Who,
    headers: HeaderMap,
    UrlPath(id): UrlPath<String>,
    axum::extract::Query(params): Params,
) -> Result<Response, ApiError> {
    autocomplete(&archive, &who.viewer, &headers, &id, &params, 2).await
}

/// Autocomplete (Content Search 1.0).
pub async fn autocomplete1(
    State(archive): State<AppState>,
    who: Who,
    headers: HeaderMap,
    UrlPath(id): UrlPath<String>,
    axum::extract::Query(params): Params,
) -> Result<Response, ApiError> {
    autocomplete(&archive, &who.viewer, &headers, &id, &params, 1).await
}

/// The words on a document's scans that begin with `q`, in the terms of
/// Content Search `version` (2 or 1).
async fn autocomplete(
    archive: &AppState,
    viewer: &Viewer,
    headers: &HeaderMap,
    id: &str,
    params: &std::collections::HashMap<String, String>,
    version: u8,
) -> Result<Response, ApiError> {
    use serde_json::json;
    let a = Asked::of(headers, id, params)?;
    let terms = archive
        .complete_scans(viewer, id, &a.q, TERMS)
        .await?
        .ok_or_else(|| no_document(id))?;
    let here = a.at("autocomplete", version, &a.q);
    let body = if version == 2 {
        let items: Vec<serde_json::Value> = terms
            .iter()
            .map(|(term, count)| {
                json!({
                    "value": term,
                    "total": count,
                    "service": [{"id": a.at("search", 2, term), "type": "SearchService2"}],
                })
            })
            .collect();
        json!({"@context": SEARCH2, "id": here, "type": "TermPage", "items": items})
    } else {
        let listed: Vec<serde_json::Value> = terms
            .iter()
            .map(|(term, count)| json!({"match": term, "url": a.at("search", 1, term), "count": count}))
            .collect();
        json!({"@context": SEARCH1, "@id": here, "@type": "search:TermList", "terms": listed})
    };
    Ok(json_ld(body, if version == 2 { SEARCH2 } else { SEARCH1 }))
}

/// What OCR read on a scan, as an annotation page of its lines
/// (`supplementing`, each line's words and its box on the canvas): the
/// layer a viewer shows on demand, which the manifest names on the canvas.
pub async fn ocr_lines(
    State(archive): State<AppState>,
    who: Who,
    headers: HeaderMap,
    UrlPath(id): UrlPath<String>,
) -> Result<Response, ApiError> {
    use serde_json::json;
    let (doc, n) = identifier(&id)?;
    let read = archive
        .ocr_read(&who.viewer, doc, n)
        .await?
        .ok_or_else(|| {
            ApiError::new(
                ErrorCode::ScanNotFound,
                format!("scan {n} of {doc:?} has not been read by OCR"),
            )
        })?;
    let origin = format!("http://{}", crate::http::host(&headers));
    let seg = crate::http::path_segment(doc);
    let canvas = format!("{origin}/iiif/manifests/{seg}/canvas/{n}");
    let here = ocr_page_id(&origin, doc, n);
    let mut items = Vec::new();
    for (p, para) in read.page.paragraphs.iter().enumerate() {
        for (l, line) in para.lines.iter().enumerate() {
            let Some(first) = line.words.first() else {
                continue;
            };
            let b = line
                .words
                .iter()
                .fold(first.bbox, |acc, w| acc.union(&w.bbox));
            let text: Vec<&str> = line.words.iter().map(|w| w.text.as_str()).collect();
            items.push(json!({
                "id": format!("{here}/{}-{}", p + 1, l + 1),
                "type": "Annotation",
                "motivation": "supplementing",
                "body": {"type": "TextualBody", "value": text.join(" "), "format": "text/plain"},
                "target": format!("{canvas}#xywh={},{},{},{}", b.x0, b.y0, b.width(), b.height()),
            }));
        }
    }
    let body = json!({
        "@context": PRESENTATION,
        "id": here,
        "type": "AnnotationPage",
        "label": lang_map("en", &format!("What OCR ({}) read", read.engine)),
        "items": items,
    });
    Ok(presentation(body))
}

/// The address of a scan's OCR lines.
fn ocr_page_id(origin: &str, doc: &str, n: u32) -> String {
    format!(
        "{origin}/iiif/ocr/{}",
        crate::http::path_segment(&format!("{doc}:{n}")).replace("%3A", ":")
    )
}
