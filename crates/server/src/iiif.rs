//! The IIIF Image API 3.0 (level 2) over a document's scans: scan `n` of
//! document `DOC` is the image `DOC:n`, its information document at
//! `/iiif/3/DOC:n/info.json` and its images at
//! `/iiif/3/DOC:n/{region}/{size}/{rotation}/{quality}.{format}`.

use crate::{ApiError, AppState, ErrorCode};
use axum::extract::{Path as UrlPath, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
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
    headers: HeaderMap,
    UrlPath(id): UrlPath<String>,
) -> Result<Response, ApiError> {
    let (doc, n) = identifier(&id)?;
    let info = archive.image_info(doc, n, &base(&headers, &id)).await?;
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
    UrlPath((id, region, size, rotation, file)): UrlPath<(String, String, String, String, String)>,
) -> Result<Response, ApiError> {
    let (doc, n) = identifier(&id)?;
    let request = ImageRequest::parse(&region, &size, &rotation, &file)
        .map_err(fonds_archive::scans::ScanError::from)?;
    let image = archive.image(doc, n, &request).await?;
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
