//! Names across scripts: a person in the archive is written in Russian
//! typescript, in English, German or Korean documents and in Chinese
//! characters, and these are the tools that tell the spellings of one name
//! apart from the names of others.
//!
//! - [`script`]: the script of a letter and the folding of look-alike letters;
//! - [`key`]: the name key of one word (Микоян = Mikoyan = Mikojan);
//! - [`romanize`]: every romanization system, each in the module of its script;
//! - [`matching`]: the keys and the scored match of a person's full name.
//!
//! Architecture invariant: like the core above it, this crate does no I/O
//! and depends on nothing of storage, HTTP or formats.

pub mod key;
pub mod matching;
pub mod romanize;
pub mod script;
