//! The API's one error table: every error a client can receive has a stable
//! code, a type, an HTTP status and a message, answered as
//! `{"message", "code", "type", "link"}`.

use axum::http::StatusCode;
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

            /// `invalid_request` (the client can fix it), `not_found`, or `internal`.
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
    DocumentNotFound = "document_not_found", "not_found", NOT_FOUND;
    VersionNotFound = "version_not_found", "not_found", NOT_FOUND;
    TextNotFound = "text_not_found", "not_found", NOT_FOUND;
    PageNotFound = "page_not_found", "not_found", NOT_FOUND;
    PersonNotFound = "person_not_found", "not_found", NOT_FOUND;
    ArchiveNotFound = "archive_not_found", "not_found", NOT_FOUND;
    RouteNotFound = "route_not_found", "not_found", NOT_FOUND;
    MethodNotAllowed = "method_not_allowed", "invalid_request", METHOD_NOT_ALLOWED;
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

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = json!({
            "message": self.message,
            "code": self.code.code(),
            "type": self.code.kind(),
            "link": format!("/api/openapi.json#error-{}", self.code.code()),
        });
        (self.code.status(), axum::Json(body)).into_response()
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
