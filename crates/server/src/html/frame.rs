//! The frame of every page (head, site header with its search box, footer),
//! the headers every page carries, and the stylesheet and the script.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use maud::{html, Markup, PreEscaped};

pub(crate) const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

pub const CSS: &str = include_str!("../../static/fonds.css");
pub const JS: &str = include_str!("../../static/fonds.js");

/// A page as an answer, with the security headers every page carries.
pub fn page(status: StatusCode, body: Markup) -> Response {
    rendered(status, body.into_string())
}

/// An answer of a page rendered before (an error page, which the
/// connection limits write whole), with the headers of every page.
pub(crate) fn rendered(status: StatusCode, body: String) -> Response {
    let mut r = (
        status,
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        body,
    )
        .into_response();
    let h = r.headers_mut();
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CSP),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("same-origin"),
    );
    r
}

/// The frame of every page: `extra` goes into the page's head, `q` into the
/// site's search box, `main` between the header and the footer.
pub fn layout(title: &str, extra: Markup, q: &str, main: Markup) -> Markup {
    html! {
        (PreEscaped("<!doctype html>\n"))
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) " · fonds" }
                link rel="stylesheet" href="/static/fonds.css";
                (extra)
                script src="/static/fonds.js" defer {}
            }
            body {
                a.skip href="#main" { "Skip to content" }
                header.site {
                    a.brand href="/" { "fonds" }
                    form.site-search action="/search" method="get" role="search" aria-label="Search the archive" {
                        label.visually-hidden for="site-q" { "Search the archive" }
                        input #site-q name="q" type="search" value=(q)
                            placeholder="Search: Mikoyan, Микоян, \"Ким Ир Сен\", fond:5446";
                        button type="submit" { "Search" }
                        a.query-help href="/help" { "How to search" }
                        a.query-help href="/browse" { "Browse" }
                    }
                }
                main #main { (main) }
                footer.site { a href="/api/openapi.json" { "API" } " · " a href="/account" { "Account" } " · fonds" }
            }
        }
    }
}

pub async fn static_css() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        CSS,
    )
        .into_response()
}

pub async fn static_js() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        JS,
    )
        .into_response()
}
