//! The fonds HTTP service: a JSON API over an archive, described by an
//! OpenAPI document that the service serves itself.
//!
//! Architecture invariant: only this crate knows HTTP and the API's JSON.
//! Handlers convert core values to wire JSON by hand (`wire.rs`), and every
//! error goes through the one table in `error.rs`.

pub mod auth;
pub mod error;
pub mod html;
pub mod http;
mod iiif;
mod negotiate;
mod oai;
mod openapi;
mod persons;
mod rest;
pub mod serve;
pub mod wire;

pub use error::{ApiError, ErrorCode, Family, FamilyError};
pub use oai::parse_request as parse_oai_request;
pub use serve::{serve_with, Limits};

use crate::auth::Who;
use axum::extract::{Path as UrlPath, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Json;
use fonds_archive::{Archive, Sort};
use fonds_search::SearchRequest;
use serde_json::{json, Value};
use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::Arc;

/// The most hits one page may ask for.
pub const MAX_LIMIT: usize = 100;
/// The deepest page one may ask for: deep paging costs the index the sum of
/// all earlier pages.
pub const MAX_OFFSET: usize = 10_000;
/// The largest request body: the bodies the service takes (OAI-PMH
/// arguments by POST, an editor's decision) are a few hundred bytes.
pub const MAX_BODY_BYTES: usize = 64 * 1024;
/// The largest body of an editor's save: a page of up to
/// [`fonds_archive::edit::MAX_PAGE_BYTES`], percent-encoded in a form (a
/// letter outside ASCII becomes up to 12 bytes) or escaped in JSON.
pub const MAX_EDIT_BODY_BYTES: usize = 12 * fonds_archive::edit::MAX_PAGE_BYTES + 64 * 1024;

pub(crate) type AppState = Arc<Archive>;

/// The API's routes over an archive.
pub fn router(archive: Arc<Archive>) -> Router {
    Router::new()
        .route("/api/search", get(search))
        .route("/api/documents/{id}", get(document))
        .route("/api/documents/{id}/versions", get(versions))
        .route("/api/documents/{id}/source", get(source))
        .route("/api/documents/{id}/texts", get(rest::texts))
        .route("/api/documents/{id}/texts/{n}", get(rest::text))
        .route(
            "/api/documents/{id}/texts/{n}/pages/{p}",
            get(rest::page)
                .put(rest::edit_page)
                .layer(axum::extract::DefaultBodyLimit::max(MAX_EDIT_BODY_BYTES)),
        )
        .route("/api/documents/{id}/turns", get(rest::turns))
        .route(
            "/api/documents/{id}/alignment",
            get(rest::alignment).post(rest::edit_alignment),
        )
        .route("/api/documents/{id}/speakers", get(rest::speakers))
        .route(
            "/api/documents/{id}/scans",
            get(rest::scans).post(rest::upload_scan),
        )
        .route("/api/persons", get(rest::persons))
        .route(
            "/api/persons/{name}",
            get(rest::person).post(rest::edit_person),
        )
        .route("/api/network", get(rest::network))
        .route("/api/archives", get(rest::archives))
        .route("/api/archives/{name}", get(rest::archive_docs))
        .route("/api/openapi.json", get(openapi))
        .route("/api/health", get(health))
        .route("/oai", get(oai::handler).post(oai::handler))
        .route("/iiif/manifests/{id}", get(iiif::manifest_of))
        .route("/iiif/collections/{name}", get(iiif::collection))
        .route("/iiif/ocr/{id}", get(iiif::ocr_lines))
        .route("/iiif/search/2/{id}", get(iiif::search2))
        .route("/iiif/search/1/{id}", get(iiif::search1))
        .route("/iiif/autocomplete/2/{id}", get(iiif::autocomplete2))
        .route("/iiif/autocomplete/1/{id}", get(iiif::autocomplete1))
        .route("/iiif/3/{id}", get(iiif::redirect))
        .route("/iiif/3/{id}/info.json", get(iiif::info))
        .route(
            "/iiif/3/{id}/{region}/{size}/{rotation}/{file}",
            get(iiif::image),
        )
        .route("/", get(html::home::home))
        .route("/search", get(html::search::search))
        .route("/help", get(html::home::help))
        .route("/doc/{id}", get(html::document::document))
        .route(
            "/doc/{id}/edit",
            get(html::edit::edit_page)
                .post(html::edit::save_page)
                .layer(axum::extract::DefaultBodyLimit::max(MAX_EDIT_BODY_BYTES)),
        )
        .route(
            "/doc/{id}/metadata",
            get(html::edit::metadata_page).post(html::edit::save_metadata),
        )
        .route(
            "/doc/{id}/align",
            get(html::align::align_page).post(html::align::decide),
        )
        .route("/doc/{id}/history", get(html::edit::history))
        .route("/doc/{id}/diff", get(html::edit::difference_page))
        .route("/doc/{id}/revert", axum::routing::post(html::edit::revert))
        .route("/doc/{id}/{format}", get(html::download::document_file))
        .route("/doc/{id}/scans/{n}", get(html::scan::attached_file))
        .route("/search/{format}", get(html::download::results_file))
        .route("/people", get(html::people::people))
        .route("/person/{name}", get(html::people::person))
        .route(
            "/person/{name}/decide",
            axum::routing::post(html::people::decide),
        )
        .route("/browse", get(html::browse::browse))
        .route("/archive/{name}", get(html::browse::repository))
        .route("/collection/{name}", get(html::browse::collection))
        .route("/type/{name}", get(html::browse::doc_type))
        .route("/year/{year}", get(html::browse::year))
        .route(
            "/login",
            get(html::account::login_page).post(html::account::login),
        )
        .route("/logout", axum::routing::post(html::account::logout))
        .route("/account", get(html::account::account))
        .route("/admin", get(html::account::admin))
        .route("/admin/users", axum::routing::post(html::account::add_user))
        .route(
            "/admin/access",
            axum::routing::post(html::account::set_access),
        )
        .route("/admin/{file}", get(html::account::audit_file))
        .route("/static/fonds.css", get(html::frame::static_css))
        .route("/static/fonds.js", get(html::frame::static_js))
        .route(html::scan::VIEWER_JS, get(html::scan::viewer_js))
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(axum::middleware::from_fn_with_state(
            archive.clone(),
            auth::identify,
        ))
        .layer(axum::Extension(Arc::new(oai::TokenKey::default())))
        .layer(axum::Extension(Arc::new(auth::Attempts::default())))
        .layer(axum::extract::DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(axum::middleware::from_fn(errors_in_family_form))
        .layer(axum::middleware::from_fn(negotiate::representation))
        .with_state(archive)
}

pub use axum::Router;

/// Serves `app` on an already bound listener (benchmarks and tests bind
/// port 0), under the default [`Limits`], until the process ends.
pub async fn serve_on(listener: tokio::net::TcpListener, app: Router) -> std::io::Result<()> {
    serve_with(listener, app, Limits::default(), std::future::pending()).await
}

/// Serves the API on `addr` under the default [`Limits`] until the process
/// is interrupted.
pub async fn serve(archive: Arc<Archive>, addr: SocketAddr) -> std::io::Result<()> {
    let listener = tokio::net::TcpListener::bind(addr).await?;
    eprintln!(
        "fonds: serving {} on http://{}",
        archive.dir().display(),
        listener.local_addr()?
    );
    serve_with(listener, router(archive), Limits::default(), async {
        let _ = tokio::signal::ctrl_c().await;
    })
    .await
}

/// Rewrites an error answer that is not in its address's form (axum's
/// plain-text rejections of a path parameter, a query, a body over the
/// limit or of the wrong type) into that form, keeping its status and
/// using its text as the message.
async fn errors_in_family_form(
    req: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    let path = req.uri().path().to_string();
    let host = http::host(req.headers()).to_string();
    let response = next.run(req).await;
    let status = response.status();
    if !(status.is_client_error() || status.is_server_error()) {
        return response;
    }
    let family = Family::of(&path);
    let content_type = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let wanted = family.content_type();
    let essence = |t: &str| {
        t.split(';')
            .next()
            .unwrap_or("")
            .trim()
            .to_ascii_lowercase()
    };
    if essence(content_type) == essence(wanted) {
        return response;
    }
    let code = match status.as_u16() {
        404 => ErrorCode::RouteNotFound,
        405 => ErrorCode::MethodNotAllowed,
        413 => ErrorCode::PayloadTooLarge,
        414 => ErrorCode::UriTooLong,
        415 | 422 => ErrorCode::InvalidBody,
        431 => ErrorCode::HeadersTooLarge,
        503 => ErrorCode::Overloaded,
        s if s >= 500 => ErrorCode::Internal,
        _ => ErrorCode::InvalidParameter,
    };
    let (parts, body) = response.into_parts();
    let text = axum::body::to_bytes(body, 4096).await.unwrap_or_default();
    let text = String::from_utf8_lossy(&text);
    let message = if text.trim().is_empty() || code == ErrorCode::Internal {
        status.canonical_reason().unwrap_or("error").to_string()
    } else {
        text.trim().to_string()
    };
    let mut fixed = FamilyError::new(&path, &host, code, &message).into_response();
    *fixed.status_mut() = status;
    if let Some(allow) = parts.headers.get(header::ALLOW) {
        fixed.headers_mut().insert(header::ALLOW, allow.clone());
    }
    fixed
}

fn param<T: std::str::FromStr>(
    params: &HashMap<String, String>,
    name: &str,
    default: T,
) -> Result<T, ApiError> {
    match params.get(name) {
        None => Ok(default),
        Some(v) => v.parse().map_err(|_| {
            ApiError::new(
                ErrorCode::InvalidParameter,
                format!("parameter `{name}`: {v:?} is not a valid value"),
            )
        }),
    }
}

/// A search's page within the bounds the API and the command line share:
/// from 1 to [`MAX_LIMIT`] hits, starting at most [`MAX_OFFSET`] in.
pub fn checked_search_request(
    limit: usize,
    offset: usize,
    sort: Sort,
    facets: bool,
) -> Result<SearchRequest, ApiError> {
    if limit == 0 || limit > MAX_LIMIT {
        return Err(ApiError::new(
            ErrorCode::InvalidParameter,
            format!("parameter `limit` must be from 1 to {MAX_LIMIT}"),
        ));
    }
    if offset > MAX_OFFSET {
        return Err(ApiError::new(
            ErrorCode::InvalidParameter,
            format!("parameter `offset` must be at most {MAX_OFFSET}"),
        ));
    }
    Ok(SearchRequest {
        limit,
        offset,
        sort,
        facets,
    })
}

/// The search parameters of a request's query string.
pub fn search_request(params: &HashMap<String, String>) -> Result<SearchRequest, ApiError> {
    let limit: usize = param(params, "limit", 10)?;
    let offset: usize = param(params, "offset", 0)?;
    let sort = match params.get("sort").map(String::as_str) {
        None | Some("relevance") => Sort::Relevance,
        Some("date") => Sort::DateAscending,
        Some("-date") => Sort::DateDescending,
        Some(other) => {
            return Err(ApiError::new(
                ErrorCode::InvalidParameter,
                format!("parameter `sort`: {other:?} is not one of relevance, date, -date"),
            ))
        }
    };
    let facets: bool = param(params, "facets", false)?;
    checked_search_request(limit, offset, sort, facets)
}

async fn search(
    State(archive): State<AppState>,
    who: Who,
    Query(params): Query<HashMap<String, String>>,
) -> Result<Response, ApiError> {
    let q = params.get("q").map(String::as_str).unwrap_or("");
    if q.trim().is_empty() {
        return Err(ApiError::new(
            ErrorCode::InvalidQuery,
            "parameter `q` is required: the query",
        ));
    }
    let req = search_request(&params)?;
    let page = archive.search(&who.viewer, q, &req).await?;
    // Written to bytes here, while the page it borrows from lives.
    Ok(Json(wire::search_json(q, req.offset, req.limit, &page)).into_response())
}

async fn document(
    State(archive): State<AppState>,
    who: Who,
    UrlPath(id): UrlPath<String>,
    Query(params): Query<HashMap<String, String>>,
    headers: axum::http::HeaderMap,
) -> Result<Response, ApiError> {
    let stored = match params.get("version") {
        None => archive.document(&who.viewer, &id).await?,
        Some(v) => {
            let v: i64 = v.parse().map_err(|_| {
                ApiError::new(
                    ErrorCode::InvalidParameter,
                    format!("parameter `version`: {v:?} is not a version number"),
                )
            })?;
            let found = archive.document_version(&who.viewer, &id, v).await?;
            if found.is_none() && archive.document(&who.viewer, &id).await?.is_some() {
                return Err(ApiError::new(
                    ErrorCode::VersionNotFound,
                    format!("document {id} has no version {v}"),
                ));
            }
            found
        }
    };
    let stored = stored.ok_or_else(|| {
        ApiError::new(
            ErrorCode::DocumentNotFound,
            format!("no document with id {id:?}"),
        )
    })?;
    let mut body = fonds_json::to_json(&stored.document);
    body["fonds"] = json!({
        "version": stored.version,
        "sha256": stored.sha256,
        "imported_at": stored.imported_at,
        "source": format!("/api/documents/{}/source?version={}", stored.document.id, stored.version),
    });
    body["manifest"] = json!(format!(
        "http://{}/iiif/manifests/{}",
        http::host(&headers),
        http::path_segment(&stored.document.id)
    ));
    Ok(rest::conditional(&headers, &stored, body))
}

async fn versions(
    State(archive): State<AppState>,
    who: Who,
    UrlPath(id): UrlPath<String>,
) -> Result<Json<Value>, ApiError> {
    let versions = archive.versions(&who.viewer, &id).await?;
    if versions.is_empty() {
        return Err(ApiError::new(
            ErrorCode::DocumentNotFound,
            format!("no document with id {id:?}"),
        ));
    }
    Ok(Json(json!({
        "id": id,
        "versions": versions.iter().map(|v| json!({
            "version": v.version,
            "sha256": v.sha256,
            "source_name": v.source_name,
            "source_size": v.source_size,
            "imported_at": v.imported_at,
            "author": v.author,
            "comment": v.comment,
        })).collect::<Vec<_>>(),
    })))
}

async fn source(
    State(archive): State<AppState>,
    who: Who,
    UrlPath(id): UrlPath<String>,
    Query(params): Query<HashMap<String, String>>,
) -> Result<Response, ApiError> {
    let current = archive.document(&who.viewer, &id).await?.ok_or_else(|| {
        ApiError::new(
            ErrorCode::DocumentNotFound,
            format!("no document with id {id:?}"),
        )
    })?;
    let version: i64 = param(&params, "version", current.version)?;
    let bytes = archive
        .source(&who.viewer, &id, version)
        .await
        .map_err(|e| match e {
            fonds_archive::ArchiveError::Store(fonds_archive::StoreError::NotFound(_)) => {
                ApiError::new(
                    ErrorCode::VersionNotFound,
                    format!("document {id} has no version {version}"),
                )
            }
            other => ApiError::from(other),
        })?;
    // The source is shown as text, never rendered: it may hold markup.
    Ok((
        [
            (header::CONTENT_TYPE, "text/plain; charset=utf-8"),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        ],
        bytes,
    )
        .into_response())
}

async fn openapi() -> Json<Value> {
    Json(openapi::document())
}

async fn health(State(archive): State<AppState>, who: Who) -> Result<Json<Value>, ApiError> {
    let status = archive.status(&who.viewer).await?;
    Ok(Json(
        json!({"status": "ok", "documents": status.documents, "indexed": status.indexed}),
    ))
}

/// Unknown addresses: a JSON error under /api, a page elsewhere (which the
/// middleware turns into an OAI-PMH error under /oai).
async fn not_found(uri: axum::http::Uri) -> Response {
    if Family::of(uri.path()) == Family::Api {
        ApiError::new(
            ErrorCode::RouteNotFound,
            "no such endpoint; see /api/openapi.json",
        )
        .into_response()
    } else {
        html::errors::not_found().await
    }
}

async fn method_not_allowed(
    method: axum::http::Method,
    uri: axum::http::Uri,
    headers: axum::http::HeaderMap,
) -> Response {
    FamilyError::new(
        uri.path(),
        http::host(&headers),
        ErrorCode::MethodNotAllowed,
        &format!("this address does not accept the method {method}"),
    )
    .into_response()
}
