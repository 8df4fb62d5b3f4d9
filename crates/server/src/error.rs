//! The API's one error table: every error a client can receive has a stable
//! code, a type, an HTTP status and a message, answered as
//! `{"message", "code", "type", "link"}`; and the one mapping of an error to
//! the form its address's clients read (JSON, OAI-PMH XML or an HTML page).

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::json;

macro_rules! error_codes {
    ($($variant:ident = $code:literal, $kind:literal, $status:ident;)*) => {
        /// Every error the API answers with.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum ErrorCode {
            $($variant,)*
        }

        impl ErrorCode {
            pub const ALL: &'static [ErrorCode] = &[$(ErrorCode::$variant,)*];

            pub fn code(self) -> &'static str {
                match self { $(ErrorCode::$variant => $code,)* }
            }

            /// `invalid_request` (the client can fix it), `auth`, `not_found`,
            /// `unavailable` (try again later) or `internal`.
            pub fn kind(self) -> &'static str {
                match self { $(ErrorCode::$variant => $kind,)* }
            }

            pub fn status(self) -> StatusCode {
                match self { $(ErrorCode::$variant => StatusCode::$status,)* }
            }
        }
    };
}

error_codes! {
    InvalidQuery = "invalid_query", "invalid_request", BAD_REQUEST;
    InvalidParameter = "invalid_parameter", "invalid_request", BAD_REQUEST;
    InvalidBody = "invalid_body", "invalid_request", BAD_REQUEST;
    EditingDisabled = "editing_disabled", "auth", FORBIDDEN;
    Unauthorized = "unauthorized", "auth", UNAUTHORIZED;
    Forbidden = "forbidden", "auth", FORBIDDEN;
    TooManyAttempts = "too_many_attempts", "auth", TOO_MANY_REQUESTS;
    EditConflict = "edit_conflict", "invalid_request", CONFLICT;
    PreconditionRequired = "precondition_required", "invalid_request", PRECONDITION_REQUIRED;
    DocumentNotFound = "document_not_found", "not_found", NOT_FOUND;
    VersionNotFound = "version_not_found", "not_found", NOT_FOUND;
    TextNotFound = "text_not_found", "not_found", NOT_FOUND;
    PageNotFound = "page_not_found", "not_found", NOT_FOUND;
    PersonNotFound = "person_not_found", "not_found", NOT_FOUND;
    ArchiveNotFound = "archive_not_found", "not_found", NOT_FOUND;
    ScanNotFound = "scan_not_found", "not_found", NOT_FOUND;
    InvalidImageRequest = "invalid_image_request", "invalid_request", BAD_REQUEST;
    ImageTooLarge = "image_too_large", "invalid_request", PAYLOAD_TOO_LARGE;
    RouteNotFound = "route_not_found", "not_found", NOT_FOUND;
    MethodNotAllowed = "method_not_allowed", "invalid_request", METHOD_NOT_ALLOWED;
    PayloadTooLarge = "payload_too_large", "invalid_request", PAYLOAD_TOO_LARGE;
    UriTooLong = "uri_too_long", "invalid_request", URI_TOO_LONG;
    HeadersTooLarge = "headers_too_large", "invalid_request", REQUEST_HEADER_FIELDS_TOO_LARGE;
    Overloaded = "overloaded", "unavailable", SERVICE_UNAVAILABLE;
    Timeout = "timeout", "unavailable", SERVICE_UNAVAILABLE;
    Internal = "internal", "internal", INTERNAL_SERVER_ERROR;
}

/// An error answer.
#[derive(Debug)]
pub struct ApiError {
    pub code: ErrorCode,
    pub message: String,
}

impl ApiError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> ApiError {
        ApiError {
            code,
            message: message.into(),
        }
    }
}

impl ApiError {
    fn body(&self) -> serde_json::Value {
        json!({
            "message": self.message,
            "code": self.code.code(),
            "type": self.code.kind(),
            "link": format!("/api/openapi.json#error-{}", self.code.code()),
        })
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut r = (self.code.status(), axum::Json(self.body())).into_response();
        if self.code.kind() == "unavailable" {
            r.headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from_static(RETRY_AFTER));
        }
        r
    }
}

/// What `Retry-After` says when the server is busy: seconds.
const RETRY_AFTER: &str = "1";

/// The kinds of client the addresses serve, and so the form of their
/// errors: the API's JSON (`/api/...`), an OAI-PMH error document
/// (`/oai`), or an HTML page (everything else).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Family {
    Api,
    Oai,
    Page,
}

impl Family {
    pub fn of(path: &str) -> Family {
        let under = |root: &str| {
            path.strip_prefix(root)
                .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
        };
        if under("/api") || under("/iiif") {
            Family::Api
        } else if under("/oai") {
            Family::Oai
        } else {
            Family::Page
        }
    }

    /// The content type its answers, errors included, carry.
    pub fn content_type(self) -> &'static str {
        match self {
            Family::Api => "application/json",
            Family::Oai => "text/xml; charset=utf-8",
            Family::Page => "text/html; charset=utf-8",
        }
    }
}

/// An error answer in the form of the address it answers: the error
/// table's JSON, an OAI-PMH document, or an HTML page; with the code's
/// status. At `/oai` a client's error is a `badArgument` error, and the
/// server's own (5xx: overloaded, timed out, failed) is the bare envelope,
/// since OAI-PMH has no code for them and every code blames the request:
/// a harvester reads the status, and 503's `Retry-After`. It is built whole, so that code outside the router (the
/// connection limits) can write it onto a socket.
#[derive(Debug)]
pub struct FamilyError {
    family: Family,
    status: StatusCode,
    retry: bool,
    body: String,
}

impl FamilyError {
    /// The error for a request to `path` (from `host`, which an OAI-PMH
    /// answer names in its request element).
    pub fn new(path: &str, host: &str, code: ErrorCode, message: &str) -> FamilyError {
        let family = Family::of(path);
        let status = code.status();
        let body = match family {
            Family::Api => ApiError::new(code, message).body().to_string(),
            Family::Oai if status.is_server_error() => crate::oai::failure_document(host, message),
            Family::Oai => crate::oai::error_document(host, "badArgument", message),
            Family::Page => crate::html::errors::error_page(status, message).into_string(),
        };
        FamilyError {
            family,
            status,
            retry: code.kind() == "unavailable",
            body,
        }
    }

    /// The answer as HTTP/1.1 bytes, closing the connection.
    pub fn to_http(&self) -> Vec<u8> {
        let mut head = format!(
            "HTTP/1.1 {} {}\r\ncontent-type: {}\r\ncontent-length: {}\r\nconnection: close\r\n",
            self.status.as_u16(),
            self.status.canonical_reason().unwrap_or(""),
            self.family.content_type(),
            self.body.len()
        );
        if self.retry {
            head.push_str(&format!("retry-after: {RETRY_AFTER}\r\n"));
        }
        if self.family == Family::Page {
            head.push_str(&format!(
                "content-security-policy: {}\r\nx-content-type-options: nosniff\r\n",
                crate::html::frame::CSP
            ));
        }
        head.push_str("\r\n");
        let mut out = head.into_bytes();
        out.extend_from_slice(self.body.as_bytes());
        out
    }
}

impl IntoResponse for FamilyError {
    fn into_response(self) -> Response {
        let mut r = match self.family {
            Family::Page => crate::html::frame::rendered(self.status, self.body),
            _ => (
                self.status,
                [(header::CONTENT_TYPE, self.family.content_type())],
                self.body,
            )
                .into_response(),
        };
        if self.retry {
            r.headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from_static(RETRY_AFTER));
        }
        r
    }
}

impl From<fonds_archive::scans::ScanError> for ApiError {
    fn from(e: fonds_archive::scans::ScanError) -> ApiError {
        use fonds_archive::scans::ScanError;
        match e {
            ScanError::NoDocument(_) => ApiError::new(ErrorCode::DocumentNotFound, e.to_string()),
            ScanError::NoScan { .. } => ApiError::new(ErrorCode::ScanNotFound, e.to_string()),
            ScanError::Request(r) if r.too_large => {
                ApiError::new(ErrorCode::ImageTooLarge, r.to_string())
            }
            ScanError::Request(r) => ApiError::new(ErrorCode::InvalidImageRequest, r.to_string()),
            ScanError::File { .. } | ScanError::Package(_) => {
                ApiError::new(ErrorCode::InvalidBody, e.to_string())
            }
            ScanError::Render { .. } => {
                eprintln!("fonds serve: {e}");
                ApiError::new(ErrorCode::Internal, "the scan could not be rendered")
            }
            ScanError::Archive(a) => a.into(),
        }
    }
}

impl From<fonds_archive::ArchiveError> for ApiError {
    fn from(e: fonds_archive::ArchiveError) -> ApiError {
        match e {
            fonds_archive::ArchiveError::Query(q) => {
                ApiError::new(ErrorCode::InvalidQuery, q.to_string())
            }
            fonds_archive::ArchiveError::Search(fonds_search::SearchError::Query(q)) => {
                ApiError::new(ErrorCode::InvalidQuery, q.to_string())
            }
            fonds_archive::ArchiveError::Forbidden(why) => ApiError::new(ErrorCode::Forbidden, why),
            fonds_archive::ArchiveError::Invalid(why) | fonds_archive::ArchiveError::Limit(why) => {
                ApiError::new(ErrorCode::InvalidBody, why)
            }
            // Internal details stay in the server's log, not in the answer.
            other => {
                eprintln!("fonds serve: internal error: {other}");
                ApiError::new(
                    ErrorCode::Internal,
                    "the server could not complete the request",
                )
            }
        }
    }
}
