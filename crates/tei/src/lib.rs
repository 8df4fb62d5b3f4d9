//! TEI P5 import and export for fonds documents.
//!
//! [`read_tei`] reads TEI in general and two kinds in particular: the volumes of
//! the Foreign Relations of the United States (FRUS) that the US Office of the
//! Historian publishes, where every `<div type="document">` becomes one
//! [`Document`], and the TEI that [`write_tei`] writes, which reads back into
//! the same structure (pages and folios, block kinds, speakers, editorial
//! marks, languages, the parts of the archival reference).
//!
//! Messy input is normal: the reader returns documents with
//! [`Diagnostic`](fonds_core::Diagnostic)s and fails only for input that is not
//! XML at all, or that declares a DTD with an internal subset or entities.
//! Entities are never expanded and nothing external is ever fetched.

mod dom;
mod read;
mod source_note;
mod write;
pub mod xml;

use fonds_core::Document;

/// Why a TEI file could not be read at all.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TeiError {
    /// The input is not well-formed XML.
    #[error("not well-formed XML at line {line}, column {column}: {message}")]
    Xml {
        message: String,
        line: u32,
        column: u32,
    },
    /// The input declares a document type with an internal subset or entities,
    /// which fonds refuses rather than expands.
    #[error("line {line}: DTDs with an internal subset and entity declarations are refused")]
    Dtd { line: u32 },
    /// The root element is neither `TEI` nor `teiCorpus`.
    #[error("the root element is <{root}>, not <TEI> or <teiCorpus>")]
    NotTei { root: String },
}

/// Reads the documents of a TEI file.
///
/// A file with `<div type="document">` divisions (a FRUS volume) gives one
/// document per division; any other TEI file gives one document, and a
/// `teiCorpus` one per `TEI` member. `source_name` (a file name) stands in for
/// identifiers the file does not give.
pub fn read_tei(xml: &str, source_name: Option<&str>) -> Result<Vec<Document>, TeiError> {
    let root = dom::parse(xml)?;
    match root.name.as_str() {
        "TEI" => Ok(read::tei(&root, source_name)),
        "teiCorpus" => Ok(root
            .elements()
            .filter(|e| e.name == "TEI")
            .flat_map(|e| read::tei(e, source_name))
            .collect()),
        other => Err(TeiError::NotTei {
            root: other.to_string(),
        }),
    }
}

/// Writes a document as a TEI P5 file that validates against `tei_all`.
pub fn write_tei(doc: &Document) -> String {
    write::document(doc)
}
