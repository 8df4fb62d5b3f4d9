//! Citations both ways: [`parse`] reads the citation a publisher gives into
//! its parts and the archival reference; [`format`](mod@format) writes a document's
//! citation in the forms scholars use (Chicago, BibTeX, RIS).

pub mod format;
pub mod parse;
