//! The fonds HTTP service: a JSON API over an archive, described by an
//! OpenAPI document that the service serves itself.
//!
//! Architecture invariant: only this crate knows HTTP and the API's JSON.
//! Handlers convert core values to wire JSON by hand (`wire.rs`), and every
//! error goes through the one table in `error.rs`.

pub mod error;
pub mod html;
mod oai;
mod openapi;
mod rest;
pub mod wire;

pub use error::{ApiError, ErrorCode};

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

type AppState = Arc<Archive>;

/// The API's routes over an archive.
pub fn router(archive: Arc<Archive>) -> Router {
    Router::new()
        .route("/api/search", get(search))
        .route("/api/documents/{id}", get(document))
        .route("/api/documents/{id}/versions", get(versions))
        .route("/api/documents/{id}/source", get(source))
        .route("/api/documents/{id}/texts", get(rest::texts))
        .route("/api/documents/{id}/texts/{n}", get(rest::text))
        .route("/api/documents/{id}/texts/{n}/pages/{p}", get(rest::page))
        .route("/api/documents/{id}/turns", get(rest::turns))
        .route("/api/documents/{id}/alignment", get(rest::alignment))
        .route("/api/documents/{id}/speakers", get(rest::speakers))
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
        .route("/", get(html::home))
        .route("/search", get(html::search))
        .route("/help", get(html::help))
        .route("/doc/{id}", get(html::document))
        .route("/doc/{id}/{format}", get(html::citation))
        .route("/people", get(html::people))
        .route("/person/{name}", get(html::person))
        .route("/archive/{name}", get(html::repository))
        .route("/collection/{name}", get(html::collection))
        .route("/static/fonds.css", get(html::static_css))
        .route("/static/fonds.js", get(html::static_js))
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .with_state(archive)
}

pub use axum::Router;

/// Serves `app` on an already bound listener (benchmarks and tests bind port 0).
pub async fn serve_on(listener: tokio::net::TcpListener, app: Router) -> std::io::Result<()> {
    axum::serve(listener, app).await
}

/// Serves the API on `addr` until the process is interrupted.
pub async fn serve(archive: Arc<Archive>, addr: SocketAddr) -> std::io::Result<()> {
    let listener = tokio::net::TcpListener::bind(addr).await?;
    eprintln!(
        "fonds: serving {} on http://{}",
        archive.dir().display(),
        listener.local_addr()?
    );
    axum::serve(listener, router(archive))
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await
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

/// Search parameters common to the API and the command line.
pub fn search_request(params: &HashMap<String, String>) -> Result<SearchRequest, ApiError> {
    let limit: usize = param(params, "limit", 10)?;
    let offset: usize = param(params, "offset", 0)?;
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
    Ok(SearchRequest {
        limit,
        offset,
        sort,
        facets,
    })
}

async fn search(
    State(archive): State<AppState>,
    Query(params): Query<HashMap<String, String>>,
) -> Result<Json<Value>, ApiError> {
    let q = params.get("q").map(String::as_str).unwrap_or("");
    if q.trim().is_empty() {
        return Err(ApiError::new(
            ErrorCode::InvalidQuery,
            "parameter `q` is required: the query",
        ));
    }
    let req = search_request(&params)?;
    let page = archive.search(q, &req).await?;
    Ok(Json(wire::search_json(q, req.offset, req.limit, &page)))
}

async fn document(
    State(archive): State<AppState>,
    UrlPath(id): UrlPath<String>,
    Query(params): Query<HashMap<String, String>>,
    headers: axum::http::HeaderMap,
) -> Result<Response, ApiError> {
    let stored = match params.get("version") {
        None => archive.document(&id).await?,
        Some(v) => {
            let v: i64 = v.parse().map_err(|_| {
                ApiError::new(
                    ErrorCode::InvalidParameter,
                    format!("parameter `version`: {v:?} is not a version number"),
                )
            })?;
            let found = archive
                .store()
                .get_version(&id, v)
                .await
                .map_err(fonds_archive::ArchiveError::from)?;
            if found.is_none() && archive.document(&id).await?.is_some() {
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
    let mut body = fonds_ingest::to_json(&stored.document);
    body["fonds"] = json!({
        "version": stored.version,
        "sha256": stored.sha256,
        "imported_at": stored.imported_at,
        "source": format!("/api/documents/{}/source?version={}", stored.document.id, stored.version),
    });
    Ok(rest::conditional(&headers, &stored, body))
}

async fn versions(
    State(archive): State<AppState>,
    UrlPath(id): UrlPath<String>,
) -> Result<Json<Value>, ApiError> {
    let versions = archive
        .store()
        .versions(&id)
        .await
        .map_err(fonds_archive::ArchiveError::from)?;
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
        })).collect::<Vec<_>>(),
    })))
}

async fn source(
    State(archive): State<AppState>,
    UrlPath(id): UrlPath<String>,
    Query(params): Query<HashMap<String, String>>,
) -> Result<Response, ApiError> {
    let current = archive.document(&id).await?.ok_or_else(|| {
        ApiError::new(
            ErrorCode::DocumentNotFound,
            format!("no document with id {id:?}"),
        )
    })?;
    let version: i64 = param(&params, "version", current.version)?;
    let bytes = archive
        .store()
        .source(&id, version)
        .await
        .map_err(|e| match e {
            fonds_store::StoreError::NotFound(_) => ApiError::new(
                ErrorCode::VersionNotFound,
                format!("document {id} has no version {version}"),
            ),
            other => ApiError::from(fonds_archive::ArchiveError::from(other)),
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

async fn health(State(archive): State<AppState>) -> Result<Json<Value>, ApiError> {
    let documents = archive
        .store()
        .count()
        .await
        .map_err(fonds_archive::ArchiveError::from)?;
    Ok(Json(
        json!({"status": "ok", "documents": documents, "indexed": archive.index().num_docs()}),
    ))
}

/// Unknown addresses: a JSON error under /api, a page elsewhere.
async fn not_found(uri: axum::http::Uri) -> Response {
    if uri.path().starts_with("/api") {
        ApiError::new(
            ErrorCode::RouteNotFound,
            "no such endpoint; see /api/openapi.json",
        )
        .into_response()
    } else {
        html::not_found().await
    }
}

async fn method_not_allowed() -> ApiError {
    ApiError::new(
        ErrorCode::MethodNotAllowed,
        "this endpoint does not accept that method",
    )
}
