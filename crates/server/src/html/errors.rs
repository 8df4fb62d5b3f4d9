//! The pages of what went wrong: nothing at an address, a search that could
//! not be read, the server's own failure, and any error answer given outside
//! the handlers.

use super::frame::{layout, page};
use axum::http::StatusCode;
use axum::response::Response;
use maud::{html, Markup};

/// A 404 page saying what is not there.
pub fn not_found_page(what: &str) -> Response {
    let main = html! {
        h1 { "Not found" }
        p { (what) }
        p { a href="/" { "Back to the archive" } }
    };
    page(
        StatusCode::NOT_FOUND,
        layout("Not found", html! {}, "", main),
    )
}

/// A 400 page for the search `q`, saying why it could not be read.
pub fn bad_request_page(q: &str, why: &str) -> Response {
    let main = html! {
        h1 { "That search could not be read" }
        p.error { (why) }
        p {
            "The query was " code { (q) } ". See the query language in the "
            a href="/help" { "help" } "."
        }
    };
    page(
        StatusCode::BAD_REQUEST,
        layout("Search error", html! {}, q, main),
    )
}

/// A 500 page; what failed goes to the server's log, not to the reader.
pub fn internal(e: impl std::fmt::Display) -> Response {
    eprintln!("fonds serve: internal error: {e}");
    let main = html! {
        h1 { "Something went wrong" }
        p { "The server could not complete the request." }
    };
    page(
        StatusCode::INTERNAL_SERVER_ERROR,
        layout("Error", html! {}, "", main),
    )
}

/// The page for an error answer outside the handlers (limits, timeouts,
/// requests the router refuses): a title from the status and the message.
pub(crate) fn error_page(status: StatusCode, message: &str) -> Markup {
    let title = status.canonical_reason().unwrap_or("Error");
    let main = html! {
        h1 { (title) }
        p { (message) }
        p { a href="/" { "Back to the archive" } }
    };
    layout(title, html! {}, "", main)
}

pub async fn not_found() -> Response {
    not_found_page("There is no page at this address.")
}
