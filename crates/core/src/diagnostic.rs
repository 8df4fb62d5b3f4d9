//! Diagnostics: what a parser noticed about its input, with where and how bad.
//!
//! Messy records are normal input, so parsers report what they could not
//! understand or what disagrees instead of failing.

/// One observation about the input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub code: DiagCode,
    /// 1-based line in the source, when the observation has one place.
    pub line: Option<u32>,
    pub message: String,
}

impl Diagnostic {
    pub fn new(
        severity: Severity,
        code: DiagCode,
        line: Option<u32>,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            severity,
            code,
            line,
            message: message.into(),
        }
    }

    pub fn warning(code: DiagCode, line: Option<u32>, message: impl Into<String>) -> Self {
        Self::new(Severity::Warning, code, line, message)
    }

    pub fn info(code: DiagCode, line: Option<u32>, message: impl Into<String>) -> Self {
        Self::new(Severity::Info, code, line, message)
    }

    pub fn error(code: DiagCode, line: Option<u32>, message: impl Into<String>) -> Self {
        Self::new(Severity::Error, code, line, message)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Info,
    Warning,
    /// The record lacks something a document needs (no title, no text at all).
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }

    pub fn parse(s: &str) -> Option<Severity> {
        Some(match s {
            "info" => Severity::Info,
            "warning" => Severity::Warning,
            "error" => Severity::Error,
            _ => return None,
        })
    }
}

macro_rules! diag_codes {
    ($($variant:ident = $name:literal: $doc:literal,)*) => {
        /// What kind of observation a diagnostic is; stable names for machines.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum DiagCode {
            $(#[doc = $doc] $variant,)*
        }

        impl DiagCode {
            pub const ALL: &'static [DiagCode] = &[$(DiagCode::$variant,)*];

            pub fn as_str(self) -> &'static str {
                match self { $(DiagCode::$variant => $name,)* }
            }

            pub fn describe(self) -> &'static str {
                match self { $(DiagCode::$variant => $doc,)* }
            }

            pub fn parse(s: &str) -> Option<DiagCode> {
                match s { $($name => Some(DiagCode::$variant),)* _ => None }
            }
        }
    };
}

diag_codes! {
    DateConflict = "date-conflict": "Two parts of the record state different dates.",
    DateUnreadable = "date-unreadable": "A date was stated but could not be normalized.",
    FolioMismatch = "folio-mismatch": "The folios found in the transcription disagree with the citation's range.",
    FolioInferred = "folio-inferred": "A folio stamp was missing or misread; the number was inferred from its neighbours.",
    PageOrder = "page-order": "Printed page numbers are not in sequence.",
    TurnCountMismatch = "turn-count-mismatch": "The original and a translation have different numbers of speaker turns.",
    ParticipantsMismatch = "participants-mismatch": "The participants lists of the texts name different numbers of people.",
    UnknownSection = "unknown-section": "A metadata section the reader does not interpret; kept as is.",
    MissingSection = "missing-section": "A section a record normally has is absent.",
    EmptySection = "empty-section": "A metadata section has no content.",
    NoTitle = "no-title": "The record has no title.",
    NoText = "no-text": "The record has neither a transcription nor a translation.",
    ContentsMismatch = "contents-mismatch": "The contents the record lists disagree with the texts found.",
    LanguageUnknown = "language-unknown": "A language name or a text's language could not be identified.",
    ReferenceUnparsed = "reference-unparsed": "The archival reference could not be split into its parts.",
    CitationIncomplete = "citation-incomplete": "The citation lacks a part (archive, reference, URL).",
    UnclosedMark = "unclosed-mark": "An editorial mark opens but never closes.",
    Unstructured = "unstructured": "A stretch of text the reader could not place in the structure.",
    AlignmentUnsure = "alignment-unsure": "The turn alignment of the original with a translation had to assume a gap or a merged turn, or links two turns with low confidence.",
    SpeakerResolved = "speaker-resolved": "An original turn's label differs from its speaker's usual label; the speaker was taken from the aligned translation turn.",
    OcrText = "ocr-text": "The original's text is what OCR read on the document's scans, not a transcription; it is read again when the scans are.",
    InvalidInput = "invalid-input": "The input is not a record (binary, wrong encoding, empty).",
    LimitReached = "limit-reached": "The record holds more of something (turns, speakers, pages, names) than a pass of the reader takes; that pass did less for it, as the message says.",
}
