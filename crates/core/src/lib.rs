//! The fonds core: the record model of an archival document and the pure
//! transforms on it.
//!
//! Architecture invariant: this crate does no I/O and knows nothing of files,
//! SQL, HTTP, JSON or search indexes. It takes text and returns values. Parsers
//! here never fail on messy input: they return the best structure they can find
//! together with [`Diagnostic`]s.

pub mod align;
pub mod citation;
pub mod date;
pub mod diagnostic;
pub mod diff;
pub mod finish;
pub mod lang;
pub mod model;
pub mod ocr;
pub mod people;
pub mod plain;
pub mod record;

pub use diagnostic::{DiagCode, Diagnostic, Severity};
pub use lang::Lang;
pub use model::*;
