//! What every form that changes something shares: its fields, the check
//! that it carries the session's CSRF token, the refusals, and the
//! redirect after it is done.

use super::frame::{layout, page};
use crate::auth::Who;
use crate::http;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use maud::html;

/// A form's field, "" when it is not there.
pub fn field<'a>(pairs: &'a [(String, String)], name: &str) -> &'a str {
    pairs
        .iter()
        .find(|(k, _)| k == name)
        .map_or("", |(_, v)| v.as_str())
}

/// 303 to `to`: where a form's answer is read.
pub fn see_other(to: &str) -> Response {
    let mut r = StatusCode::SEE_OTHER.into_response();
    if let Ok(v) = HeaderValue::from_str(to) {
        r.headers_mut().insert(header::LOCATION, v);
    }
    r
}

/// A page that says why something was not done.
pub fn refused(status: StatusCode, title: &str, why: &str) -> Response {
    let main = html! { h1 { (title) } p { (why) } };
    page(status, layout(title, html! {}, "", main))
}

/// The answer to a form without this session's CSRF token, if it lacks it.
pub fn forged(who: &Who, pairs: &[(String, String)]) -> Option<Response> {
    (!who.csrf_ok(field(pairs, "csrf"))).then(|| {
        refused(
            StatusCode::FORBIDDEN,
            "The form has expired",
            "It did not carry this session's token: it is old, or came from another site. Go back, reload the page and send it again.",
        )
    })
}

/// The fields of a form posted by someone `gate` lets through (its answer
/// when it does not) and carrying the session's CSRF token.
pub fn checked(
    who: &Who,
    body: &str,
    gate: Option<Response>,
) -> Result<Vec<(String, String)>, Box<Response>> {
    if let Some(r) = gate {
        return Err(Box::new(r));
    }
    let pairs = http::form_pairs(Some(body));
    match forged(who, &pairs) {
        Some(r) => Err(Box::new(r)),
        None => Ok(pairs),
    }
}
