//! The scan beside the texts on a document page: the page images in a
//! deep-zoom viewer (OpenSeadragon, pinned in `web/package-lock.json`,
//! installed by `scripts/install-viewer.sh` and served by fonds itself at
//! `/static/viewer/`), a search's words highlighted on them, the OCR's words
//! shown on demand, and downloads. Without the script (or the viewer) the
//! first scan is an image with links to every page.

use crate::http;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use fonds_archive::scans::Scan;
use maud::{html, Markup};
use std::path::PathBuf;

/// The viewer's script, as the reader serves it.
pub const VIEWER_JS: &str = "/static/viewer/openseadragon.min.js";

/// Where the viewer's files are: `$FONDS_VIEWER`, else the `web/` folder of
/// the repository this binary was built from.
fn viewer_dir() -> PathBuf {
    match std::env::var_os("FONDS_VIEWER").filter(|v| !v.is_empty()) {
        Some(dir) => PathBuf::from(dir),
        None => PathBuf::from(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../web/node_modules/openseadragon/build/openseadragon"
        )),
    }
}

/// Whether the viewer is installed.
pub fn viewer_installed() -> bool {
    viewer_dir().join("openseadragon.min.js").is_file()
}

/// The viewer's script.
pub async fn viewer_js() -> Response {
    match std::fs::read(viewer_dir().join("openseadragon.min.js")) {
        Ok(bytes) => (
            [
                (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
                (header::CACHE_CONTROL, "public, max-age=86400"),
            ],
            bytes,
        )
            .into_response(),
        Err(_) => super::errors::not_found().await,
    }
}

/// The file scan `n` of a document was attached as, byte for byte: the
/// image, or the whole PDF it is a page of.
pub async fn attached_file(
    axum::extract::State(archive): axum::extract::State<std::sync::Arc<fonds_archive::Archive>>,
    who: crate::auth::Who,
    axum::extract::Path((id, n)): axum::extract::Path<(String, String)>,
) -> Response {
    let missing = || {
        super::errors::not_found_page(&format!(
            "The document \u{201c}{id}\u{201d} has no scan {n}."
        ))
    };
    let Some(n) = n.parse::<u32>().ok().filter(|n| *n > 0) else {
        return missing();
    };
    let (scan, bytes) = match archive.attached_file(&who.viewer, &id, n).await {
        Ok(found) => found,
        Err(
            fonds_archive::scans::ScanError::NoScan { .. }
            | fonds_archive::scans::ScanError::NoDocument(_),
        ) => return missing(),
        Err(e) => return super::errors::internal(e),
    };
    let (media_type, name) = if bytes.starts_with(b"%PDF") {
        let name = scan
            .name
            .rsplit_once(", p. ")
            .map_or(scan.name.as_str(), |(f, _)| f);
        ("application/pdf", name.to_string())
    } else {
        (scan.media_type.as_str(), scan.name.clone())
    };
    let safe: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || ".-_".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect();
    (
        [
            (header::CONTENT_TYPE, media_type.to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{safe}\""),
            ),
        ],
        bytes,
    )
        .into_response()
}

/// The head of a page with scans: the viewer's script, before the page's
/// own (both deferred, so run in this order).
pub fn head(scans: &[Scan]) -> Markup {
    html! {
        @if !scans.is_empty() && viewer_installed() {
            script src=(VIEWER_JS) defer {}
        }
    }
}

/// A IIIF image address of scan `n`.
fn image(doc: &str, n: u32, rest: &str) -> String {
    let id = http::path_segment(&format!("{doc}:{n}")).replace("%3A", ":");
    format!("/iiif/3/{id}/{rest}")
}

/// The scan panel of a document with scans (nothing without).
pub fn panel(doc: &str, scans: &[Scan], ocr: &[u32], labels: &[String]) -> Markup {
    let Some(first) = scans.first() else {
        return html! {};
    };
    let seg = http::path_segment(doc);
    let label = |i: usize| {
        labels
            .get(i)
            .cloned()
            .unwrap_or_else(|| format!("scan {}", i + 1))
    };
    let searchable = !ocr.is_empty();
    let ocr_list = ocr.iter().map(u32::to_string).collect::<Vec<_>>().join(",");
    html! {
        section #scan .doc-scan aria-labelledby="scan-heading"
            data-doc=(doc) data-scans=(scans.len())
            data-search=[searchable.then(|| format!("/iiif/search/2/{seg}"))]
            data-ocr=(ocr_list)
            data-labels=(labels.join("\u{1f}")) {
            h2 #scan-heading { "Scan" }
            div.scan-tools hidden {
                button #scan-prev type="button" { "‹ Previous" }
                span #scan-at aria-live="polite" { "1 of " (scans.len()) }
                button #scan-next type="button" { "Next ›" }
                button #scan-zoom-in type="button" aria-label="Zoom in" { "+" }
                button #scan-zoom-out type="button" aria-label="Zoom out" { "−" }
                button #scan-home type="button" { "Whole page" }
                @if searchable {
                    button #scan-ocr type="button" aria-pressed="false" { "OCR words" }
                }
            }
            p #scan-hits .muted hidden {}
            div #scan-viewer .scan-viewer {
                img src=(image(doc, first.n, "full/!800,800/0/default.jpg"))
                    width=(first.width.min(800)) alt={ "The scan of " (label(0)) };
            }
            p.scan-downloads {
                "Pages: "
                @for (i, s) in scans.iter().enumerate() {
                    @if i > 0 { " · " }
                    a.scan-page href=(image(doc, s.n, "full/max/0/default.jpg")) data-n=(s.n) { (label(i)) }
                }
                br;
                "Download: "
                a #scan-download href=(image(doc, first.n, "full/max/0/default.jpg")) download { "this page (JPEG)" }
                " · "
                a #scan-file href={ "/doc/" (seg) "/scans/" (first.n) } { "the file as attached" }
                " · "
                a #scan-pdf href={ "/doc/" (seg) "/scans.pdf" } { "the whole scan (PDF)" }
                " · "
                a href={ "/iiif/manifests/" (seg) } { "IIIF manifest" }
            }
        }
    }
}
