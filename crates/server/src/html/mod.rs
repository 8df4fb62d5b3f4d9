//! The reader: HTML pages rendered on the server, usable without JavaScript.
//!
//! Every page is written in maud's `html!`, checked when the crate compiles:
//! text goes in escaped, and only `Markup` (maud's type for HTML already
//! made safe) goes in as markup. The Content-Security-Policy allows scripts
//! and styles only from this server's `/static/`, so nothing in a record can
//! run.
//!
//! `frame` is the frame and headers of every page, `errors` the pages of
//! what went wrong, `form` the search form and the addresses of searches;
//! `home` the home page, the lists and the help, `search` the search page,
//! `document` the document page and its citations, `scan` the scan beside
//! its texts, `people` the person pages; `account` logging in and out and the admin
//! pages; `edit` correcting a document and its history, `align` its
//! alignment of turns; `post`
//! what their forms share; `render` turns a document's texts
//! into HTML.

pub mod account;
pub mod align;
pub mod browse;
pub mod document;
pub mod download;
pub mod edit;
pub mod errors;
pub mod form;
pub mod frame;
pub mod home;
pub mod people;
mod post;
mod render;
pub mod scan;
pub mod search;
mod sequence;
