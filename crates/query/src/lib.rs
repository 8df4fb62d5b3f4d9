//! The fonds query language: what a reader types into the search box, parsed
//! into a syntax tree ([`Query`]), with errors that say where the query went
//! wrong ([`QueryError`]). Turning the tree into an index query is the search
//! crate's business; this crate only reads the text, and builds trees by hand
//! for the conditions a program adds to a reader's query ([`Query::field`],
//! [`Query::and`], [`Query::or`]; see the `build` module).
//!
//! Architecture invariant: like the core it stands on, this crate does no I/O
//! and depends on nothing of storage, HTTP or formats.
//!
//! # The query language
//!
//! ## Words
//!
//! A word is written as it is: `Mikoyan`, `перебежать`, `毛泽东`. Words next to
//! each other must all match: `Mikoyan Mao` finds the documents that mention
//! both. Case, accents and word endings are left to the index, which searches
//! `mikoyan` and `Mikoyan` alike.
//!
//! A hyphen or an apostrophe inside a word belongs to it (`Ким-Ир-Сен`,
//! `O'Brien`). Punctuation around a word is dropped (`Mikoyan,` is `Mikoyan`),
//! and punctuation standing alone (`&`, `—`, a `-` between spaces) is ignored.
//! Other punctuation inside a word is kept and the index splits the word there,
//! looking for the parts next to each other: `10:30` and `U.S.A.` search like
//! the phrases `"10 30"` and `"U S A"`.
//!
//! ## Phrases
//!
//! Words between quotes must appear next to each other and in this order:
//! `"Ким Ир Сен"`. Typographic quotes work too: `“Kim Il Sung”`, `«Ким Ир
//! Сен»`, `„Kim Il Sung“`, `»Kim«`; a phrase ends at the closing quote that
//! belongs to its opening one, so other quotes may appear inside it (`«say
//! "no"»`). Inside a phrase everything is a word or punctuation: `AND`, `(`,
//! `*` and `~` have no special meaning there.
//!
//! ## AND, OR, NOT and parentheses
//!
//! | Query                       | Finds documents that                          |
//! |-----------------------------|-----------------------------------------------|
//! | `Mikoyan Mao`               | mention both (the same as `Mikoyan AND Mao`)  |
//! | `Mikoyan OR Mao`            | mention either                                |
//! | `Mikoyan NOT Mao`           | mention Mikoyan but not Mao                   |
//! | `Mikoyan -Mao`              | the same: `-` directly before a word, phrase or group |
//! | `(Mikoyan OR Mao) Korea`    | mention Korea and one of the two              |
//! | `NOT telegram`              | do not mention "telegram"                     |
//!
//! The operators are written in capitals; `and`, `or` and `not` are ordinary
//! words. `NOT` binds tightest, then `AND` (written or implied), then `OR`:
//! `a OR b c` means `a OR (b AND c)`, and `NOT a b` means `(NOT a) AND b`. Two
//! negations cancel out (`NOT -a` is `a`). A `-` only negates what is attached
//! to it: `Mikoyan - Mao` searches for both words.
//!
//! ## Fields
//!
//! `field:value` searches one part of the documents. The value is a word, a
//! phrase or a group in parentheses, which applies the field to every word in
//! it: `speaker:Mikoyan`, `title:"Ким Ир Сен"`, `speaker:(Mikoyan OR Mao)`.
//! To exclude, put the `-` before the field: `-speaker:Mao`. A group of one
//! field cannot hold another field.
//!
//! | Field          | Searches                                                   |
//! |----------------|------------------------------------------------------------|
//! | `title`        | the title                                                  |
//! | `summary`      | the summary                                                |
//! | `text`         | the texts: the original and the translations               |
//! | `original`     | the original-language transcription                        |
//! | `translation`  | the translations                                           |
//! | `speaker`      | the speakers of the conversation's turns                   |
//! | `participant`  | the participants listed in the record                      |
//! | `person`       | participants and speakers                                  |
//! | `ref`          | the whole archival reference (`ref:"fond 5 opis 30"`)      |
//! | `lang`         | a language of the document: `lang:ru`, `lang:russian`, `lang:русский` |
//! | `type`         | the kind of document: `conversation`, `telegram`, `letter`, `minutes`, `report`, `memorandum`, `speech`, `resolution`, `diary`, `other` (a plural such as `telegrams` works too) |
//! | `repo`         | the repository holding the document (`repo:RGANI`)         |
//! | `fond`, `opis`, `delo` | that part of a Russian archival reference (`fond:5446`) |
//! | `id`           | the document's identifier                                  |
//! | `collection`   | the collection (publication) the document belongs to      |
//! | `date`, `year` | the document's date (see below)                            |
//!
//! Field names may be written in any case (`Title:`). `lang`, `type`, `repo`,
//! `fond`, `opis`, `delo` and `id` take an exact value: no wildcards or fuzzy
//! matching, and a value with spaces is quoted (`delo:"12 a"`).
//!
//! A colon starts a field only when plain Latin letters come before it and a
//! value follows directly; such a name must be one of the fields above, or the
//! query is refused with the list of fields. Any other colon is part of the
//! text: `10:30` and `Мао:Цзэдун` (no Latin name before the colon), `Note:
//! Mikoyan` (nothing directly after it), `https://...` (a `//` after it).
//!
//! ## Dates
//!
//! | Query                       | Means                                        |
//! |-----------------------------|----------------------------------------------|
//! | `date:1956`                 | 1 January to 31 December 1956                |
//! | `date:1956-09`              | 1 to 30 September 1956                       |
//! | `date:1956-09-17`           | 17 September 1956                            |
//! | `date:1956-09..1956-12`     | 1 September to 31 December 1956              |
//! | `date:..1956`               | up to 31 December 1956                       |
//! | `date:1956..`               | from 1 January 1956                          |
//! | `year:1956`, `year:1950..1959` | the same with whole years only            |
//!
//! Years have four digits, months and days two. Both ends of a range are
//! included, and an impossible date (`date:1956-13`, `date:1957-02-29`) or a
//! range that ends before it starts is refused.
//!
//! ## Fuzzy words and wildcards
//!
//! `Mikoyan~` (or `Mikoyan~1`) also finds words one letter away (`Mikojan`),
//! `Mikoyan~2` words up to two letters away; `~0` and more than two are
//! refused, the latter since it matches almost anything. `Mikoy*` finds words that begin with `Mikoy`; the `*` only ends a
//! word, after at least two letters or digits. Both work on single words, not on
//! phrases, groups or exact-value fields, and not together on one word.
//!
//! A `*` standing alone matches every document: `* -type:telegram`.
//!
//! ## Limits
//!
//! To keep every search cheap, a query may have at most
//! [`MAX_QUERY_CHARS`] (2,000) characters, [`MAX_TERMS`] (64) words, phrases,
//! filters and dates, parentheses [`MAX_DEPTH`] (16) deep, [`MAX_PHRASE_WORDS`]
//! (32) words in a phrase and [`MAX_WORD_CHARS`] (128) characters in a word.
//!
//! ## Mistakes
//!
//! A query that cannot be read is refused with the column of the mistake and
//! what is wrong, for example `column 9: unmatched '('`. An empty query ("the
//! query is empty") or one of punctuation alone is a mistake too: there is
//! nothing to search for, and a search box should not answer with every
//! document by accident (`*` asks for them on purpose).
//!
//! # The tree
//!
//! [`parse`] returns a [`Query`] with these properties, which the index layer
//! may rely on:
//!
//! - Words, phrase words and filter values are as typed, trimmed of
//!   surrounding punctuation; only `lang:` values become ISO 639-1 codes and
//!   `type:` values [`DocType::as_str`] names. A [`Term`]'s text may hold inner
//!   punctuation (`10:30`), which the analyzer splits into several tokens to
//!   search as a phrase. A term or phrase without a field (`None`) searches
//!   the default text fields.
//! - Fields are pushed down to the leaves: `speaker:(a OR b)` is
//!   `Or([speaker:a, speaker:b])`. Exact-value fields are [`Query::Filter`]s,
//!   dates (from `date:` or `year:`) are [`Query::DateRange`]s.
//! - `And` and `Or` have at least two children. A `Not` is always a child of
//!   an `And` that also has a child that is not a `Not` (an [`Query::All`] when
//!   the query has nothing positive there), and a `Not` never directly holds
//!   another `Not`. So `NOT a` is `And([All, Not(a)])`, and every `And` can
//!   become a boolean query of required and excluded clauses.
//!
//! The tree prints ([`fmt::Display`]) in a canonical form that parses back to
//! the same tree, for logs and debugging: `speaker:(Mikoyan OR Mao) 1956`
//! prints as `(speaker:Mikoyan OR speaker:Mao) 1956`. Because fields are
//! pushed down, the printed form can be longer than the query, so for a query
//! near [`MAX_QUERY_CHARS`] it may be too long to read back.

use std::fmt;

mod build;

use fonds_core::date::DateValue;
use fonds_core::lang::Lang;
use fonds_core::model::DocType;

/// The longest query read, in characters.
pub const MAX_QUERY_CHARS: usize = 2000;
/// The most words, phrases, filters, dates and `*` a query may hold.
pub const MAX_TERMS: usize = 64;
/// How deep parentheses (including a field's group) may nest.
pub const MAX_DEPTH: usize = 16;
/// The most words in one phrase.
pub const MAX_PHRASE_WORDS: usize = 32;
/// The longest word, in characters.
pub const MAX_WORD_CHARS: usize = 128;
/// The largest edit distance of a fuzzy word.
pub const MAX_FUZZY: u8 = 2;
/// The fewest characters before a trailing `*`.
pub const MIN_PREFIX_CHARS: usize = 2;

/// A calendar day as (year, month, day), as [`DateValue::earliest`] gives it.
pub type Day = (i32, u8, u8);

/// A part of the documents a query can name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Field {
    Title,
    Summary,
    /// The texts: the original transcription and the translations.
    Text,
    Original,
    Translation,
    Speaker,
    /// Participants and speakers.
    Person,
    Participant,
    /// Any language of the document: its original's or a translation's.
    Lang,
    /// The language the document was written in.
    OrigLang,
    /// A language the document is translated into.
    TransLang,
    Repo,
    Fond,
    Opis,
    Delo,
    /// The whole archival reference as written.
    Ref,
    Type,
    Date,
    /// Read as a [`Query::DateRange`] like [`Field::Date`]; never in a tree.
    Year,
    Id,
    /// The collection: the publication the document belongs to (a FRUS
    /// volume, a digital archive).
    Collection,
}

/// How a field's values are searched.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FieldKind {
    /// Analyzed text: words, phrases, fuzzy words and wildcards ([`Query::Term`],
    /// [`Query::Phrase`]).
    Text,
    /// One exact value ([`Query::Filter`]).
    Keyword,
    /// A date or range of dates ([`Query::DateRange`]).
    Date,
}

impl Field {
    pub const ALL: [Field; 21] = [
        Field::Title,
        Field::Summary,
        Field::Text,
        Field::Original,
        Field::Translation,
        Field::Speaker,
        Field::Person,
        Field::Participant,
        Field::Lang,
        Field::OrigLang,
        Field::TransLang,
        Field::Repo,
        Field::Fond,
        Field::Opis,
        Field::Delo,
        Field::Ref,
        Field::Type,
        Field::Date,
        Field::Year,
        Field::Id,
        Field::Collection,
    ];

    /// The name written before the colon.
    pub fn as_str(self) -> &'static str {
        match self {
            Field::Title => "title",
            Field::Summary => "summary",
            Field::Text => "text",
            Field::Original => "original",
            Field::Translation => "translation",
            Field::Speaker => "speaker",
            Field::Person => "person",
            Field::Participant => "participant",
            Field::Lang => "lang",
            Field::OrigLang => "origlang",
            Field::TransLang => "translang",
            Field::Repo => "repo",
            Field::Fond => "fond",
            Field::Opis => "opis",
            Field::Delo => "delo",
            Field::Ref => "ref",
            Field::Type => "type",
            Field::Date => "date",
            Field::Year => "year",
            Field::Id => "id",
            Field::Collection => "collection",
        }
    }

    /// A field from its name, in any case.
    pub fn parse(name: &str) -> Option<Field> {
        Field::ALL
            .into_iter()
            .find(|f| f.as_str().eq_ignore_ascii_case(name))
    }

    /// How the field's values are read and searched.
    pub fn kind(self) -> FieldKind {
        match self {
            Field::Title
            | Field::Summary
            | Field::Text
            | Field::Original
            | Field::Translation
            | Field::Speaker
            | Field::Person
            | Field::Participant
            | Field::Ref => FieldKind::Text,
            Field::Lang
            | Field::OrigLang
            | Field::TransLang
            | Field::Repo
            | Field::Fond
            | Field::Opis
            | Field::Delo
            | Field::Type
            | Field::Id
            | Field::Collection => FieldKind::Keyword,
            Field::Date | Field::Year => FieldKind::Date,
        }
    }
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One word to search for.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Term {
    /// A text field, or `None` for the default fields (all the text).
    pub field: Option<Field>,
    /// The word as typed, trimmed of surrounding punctuation; never empty.
    pub text: String,
    /// The edit distance of a fuzzy word (1 or 2), 0 for an exact word.
    pub fuzzy: u8,
    /// Whether the word is a prefix (`Mikoy*`); never together with `fuzzy`.
    pub prefix: bool,
}

/// A parsed query; see the module documentation for its invariants.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Query {
    Term(Term),
    /// Words that must appear next to each other, in order; at least one.
    Phrase {
        /// A text field, or `None` for the default fields.
        field: Option<Field>,
        words: Vec<String>,
    },
    /// An exact value of a [`FieldKind::Keyword`] field: an ISO 639-1 code for
    /// `lang`, a [`DocType::as_str`] name for `type`, the value as typed
    /// otherwise.
    Filter {
        field: Field,
        value: String,
    },
    /// The document's date lies in these inclusive bounds; `None` is open.
    /// At least one bound is set, and `from <= to`. Documents dated less
    /// precisely (a month, a year) are best matched when their span overlaps.
    DateRange {
        from: Option<Day>,
        to: Option<Day>,
    },
    /// Every child matches; at least two children.
    And(Vec<Query>),
    /// At least one child matches; at least two children.
    Or(Vec<Query>),
    /// The child does not match; always a child of an [`Query::And`].
    Not(Box<Query>),
    /// Every document.
    All,
}

/// A query that cannot be read, with where and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryError {
    /// Byte offset of the mistake in the query.
    pub offset: usize,
    /// The 1-based column of the mistake, counted in characters.
    pub column: usize,
    pub message: String,
}

impl fmt::Display for QueryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "column {}: {}", self.column, self.message)
    }
}

impl std::error::Error for QueryError {}

/// An error at a byte offset of `query`.
fn error(query: &str, offset: usize, message: impl Into<String>) -> QueryError {
    // Offsets come from character positions; flooring guards the column count
    // against a slip, since an error must never panic.
    let mut offset = offset.min(query.len());
    while !query.is_char_boundary(offset) {
        offset -= 1;
    }
    QueryError {
        offset,
        column: query[..offset].chars().count() + 1,
        message: message.into(),
    }
}

/// Reads a query; see the module documentation for the language.
pub fn parse(query: &str) -> Result<Query, QueryError> {
    if let Some((offset, _)) = query.char_indices().nth(MAX_QUERY_CHARS) {
        return Err(error(
            query,
            offset,
            format!("the query is longer than {MAX_QUERY_CHARS} characters"),
        ));
    }
    if query.trim().is_empty() {
        return Err(error(query, 0, "the query is empty"));
    }
    let mut parser = Parser {
        src: query,
        lexer: Lexer {
            src: query,
            pos: 0,
            pending: None,
        },
        peeked: None,
        depth: 0,
        leaves: 0,
        group_field: None,
    };
    let tree = parser.parse_or()?;
    match parser.peek()? {
        None => Ok(tree),
        // The parser stops early only at a closing parenthesis it cannot match.
        Some(t) => Err(error(query, t.at, "unmatched ')'")),
    }
}

impl std::str::FromStr for Query {
    type Err = QueryError;

    fn from_str(s: &str) -> Result<Query, QueryError> {
        parse(s)
    }
}

impl Query {
    /// The words the query looks for, for highlighting: the texts of the
    /// terms and the words of the phrases that are not negated, in order and
    /// without repeats. Prefix and fuzzy words are included as typed (without
    /// `*` or `~`); filters and dates are not words and are left out.
    pub fn terms(&self) -> Vec<&str> {
        let mut out = Vec::new();
        self.collect_terms(&mut out);
        out
    }

    fn collect_terms<'q>(&'q self, out: &mut Vec<&'q str>) {
        let mut add = |w: &'q str| {
            if !out.contains(&w) {
                out.push(w);
            }
        };
        match self {
            Query::Term(t) => add(&t.text),
            Query::Phrase { words, .. } => words.iter().for_each(|w| add(w)),
            Query::And(items) | Query::Or(items) => {
                for item in items {
                    item.collect_terms(out);
                }
            }
            Query::Not(_) | Query::Filter { .. } | Query::DateRange { .. } | Query::All => {}
        }
    }
}

// Characters.

/// Characters that open a phrase.
fn is_quote(c: char) -> bool {
    matches!(c, '"' | '“' | '”' | '„' | '«' | '»')
}

/// Whether `c` closes a phrase opened by `open`. Each quote closes with its
/// partner in the typographic conventions that use it (English “…”, German
/// „…“ and »…«, Polish „…”, Russian «…», Swedish ”…”); other quotes are left
/// inside, since Russian and German nest quotes of another kind.
fn closes(open: char, c: char) -> bool {
    match open {
        '"' => c == '"',
        '“' | '”' => c == '”',
        '„' => c == '“' || c == '”',
        '«' => c == '»',
        '»' => c == '«',
        _ => false,
    }
}

/// Letters, digits and the combining marks that belong to them (a decomposed
/// "й" or "ü" must not split a word).
fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
        || matches!(c,
            '\u{0300}'..='\u{036F}'
            | '\u{0483}'..='\u{0489}'
            | '\u{1AB0}'..='\u{1AFF}'
            | '\u{1DC0}'..='\u{1DFF}'
            | '\u{20D0}'..='\u{20FF}'
            | '\u{3099}'..='\u{309A}'
            | '\u{FE20}'..='\u{FE2F}')
}

/// A single word: letters and digits, with hyphens or apostrophes inside.
fn is_simple_word(s: &str) -> bool {
    s.chars()
        .all(|c| is_word_char(c) || matches!(c, '-' | '\'' | '’'))
}

fn trim_word(s: &str) -> &str {
    s.trim_matches(|c: char| !is_word_char(c))
}

/// Characters that end a run of word-like text.
fn ends_chunk(c: char) -> bool {
    c.is_whitespace() || c == '(' || c == ')' || is_quote(c)
}

fn is_operator(s: &str) -> bool {
    matches!(s, "AND" | "OR" | "NOT")
}

// Tokens.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tok<'a> {
    Open,
    Close,
    And,
    Or,
    Not,
    /// A `-` that negates what follows it directly.
    Minus,
    /// `name:` directly before a phrase or a group.
    FieldPrefix(Field),
    /// A run of text with its own field, if it names one: the value as
    /// written (operators `~` and `*` included) and its byte offset.
    Word {
        field: Option<Field>,
        value: &'a str,
        value_at: usize,
    },
    /// The text between a phrase's quotes.
    Phrase(&'a str),
    /// A `*` standing alone.
    Star,
}

impl Tok<'_> {
    fn starts_operand(self) -> bool {
        !matches!(self, Tok::Close | Tok::And | Tok::Or)
    }

    fn operator_name(self) -> &'static str {
        match self {
            Tok::And => "AND",
            Tok::Or => "OR",
            Tok::Not => "NOT",
            _ => "-",
        }
    }
}

#[derive(Debug, Clone, Copy)]
struct Token<'a> {
    tok: Tok<'a>,
    /// Byte offset of the token's first character.
    at: usize,
}

/// Cuts the query into tokens on demand, so that the first mistake in reading
/// order is the one reported. Each call looks at each character once.
struct Lexer<'a> {
    src: &'a str,
    pos: usize,
    /// The second token of a negated run (`-speaker:Mao` gives `-` and a word).
    pending: Option<Token<'a>>,
}

impl<'a> Lexer<'a> {
    fn next_token(&mut self) -> Result<Option<Token<'a>>, QueryError> {
        if let Some(t) = self.pending.take() {
            return Ok(Some(t));
        }
        let src = self.src;
        loop {
            let rest = &src[self.pos..];
            let rest = rest.trim_start();
            let at = src.len() - rest.len();
            self.pos = at;
            let Some(c) = rest.chars().next() else {
                return Ok(None);
            };
            let tok = match c {
                '(' => {
                    self.pos += 1;
                    Tok::Open
                }
                ')' => {
                    self.pos += 1;
                    Tok::Close
                }
                q if is_quote(q) => {
                    let start = at + q.len_utf8();
                    let Some((i, close)) = src[start..].char_indices().find(|&(_, c)| closes(q, c))
                    else {
                        return Err(error(src, at, format!("unmatched '{q}'")));
                    };
                    self.pos = start + i + close.len_utf8();
                    Tok::Phrase(&src[start..start + i])
                }
                _ => {
                    let len = rest.find(ends_chunk).unwrap_or(rest.len());
                    self.pos = at + len;
                    match self.chunk(at, &rest[..len])? {
                        Some(t) => return Ok(Some(t)),
                        // Punctuation standing alone is skipped.
                        None => continue,
                    }
                }
            };
            return Ok(Some(Token { tok, at }));
        }
    }

    /// Reads a run of text between spaces, parentheses and quotes.
    fn chunk(&mut self, at: usize, chunk: &'a str) -> Result<Option<Token<'a>>, QueryError> {
        let tok = match chunk {
            "AND" => Some(Tok::And),
            "OR" => Some(Tok::Or),
            "NOT" => Some(Tok::Not),
            _ => None,
        };
        if let Some(tok) = tok {
            return Ok(Some(Token { tok, at }));
        }
        let next = self.src[self.pos..].chars().next();
        let opens = next.is_some_and(|c| c == '(' || is_quote(c));
        // A `-` negates only what is attached to it; a dash between spaces
        // or before more punctuation is punctuation.
        let (negated, rest, rest_at) = match chunk.strip_prefix('-') {
            Some(r)
                if (r.is_empty() && opens) || r.chars().any(|c| is_word_char(c) || c == '*') =>
            {
                (true, r, at + 1)
            }
            _ => (false, chunk, at),
        };
        let word = if rest.is_empty() {
            None
        } else {
            self.word(at, rest, rest_at, next, opens)?
        };
        if negated {
            self.pending = word;
            return Ok(Some(Token {
                tok: Tok::Minus,
                at,
            }));
        }
        Ok(word)
    }

    /// Reads a run after its negation: a lone `*`, a field and its value, or
    /// a word; `None` for punctuation alone.
    fn word(
        &self,
        chunk_at: usize,
        rest: &'a str,
        at: usize,
        next: Option<char>,
        opens: bool,
    ) -> Result<Option<Token<'a>>, QueryError> {
        let src = self.src;
        if rest == "*" {
            // Only a `*` standing alone means every document: after a phrase
            // or a group it is a misplaced wildcard.
            let before = src[..chunk_at].chars().next_back();
            let alone_before = before.is_none_or(|c| c.is_whitespace() || c == '(');
            let alone_after = next.is_none_or(|c| c.is_whitespace() || c == ')');
            if alone_before && alone_after {
                return Ok(Some(Token { tok: Tok::Star, at }));
            }
            return Err(error(
                src,
                at,
                "a wildcard '*' must end a word of at least 2 characters",
            ));
        }
        // Punctuation before a word is dropped before looking for a field, so
        // that the word printed back cannot turn into one (`,title:x`).
        let lead = rest.len()
            - rest
                .trim_start_matches(|c: char| !is_word_char(c) && c != '*' && c != '~')
                .len();
        let (rest, at) = (&rest[lead..], at + lead);
        if rest.is_empty() {
            return Ok(None);
        }
        if let Some(colon) = rest.find(':') {
            let (name, value) = (&rest[..colon], &rest[colon + 1..]);
            if !name.is_empty()
                && name.bytes().all(|b| b.is_ascii_alphabetic())
                && !value.starts_with("//")
            {
                let field = Field::parse(name);
                let tok = match (field, value.is_empty()) {
                    (Some(field), false) => Some(Tok::Word {
                        field: Some(field),
                        value,
                        value_at: at + colon + 1,
                    }),
                    (Some(field), true) if opens => Some(Tok::FieldPrefix(field)),
                    (Some(field), true) => return Err(missing_value(src, at, field)),
                    // "Note:" before a space is text with a trailing colon.
                    (None, true) if !opens => None,
                    (None, _) => {
                        let known: Vec<&str> = Field::ALL.iter().map(|f| f.as_str()).collect();
                        return Err(error(
                            src,
                            at,
                            format!(
                                "unknown field '{name}'; the fields are {}",
                                known.join(", ")
                            ),
                        ));
                    }
                };
                if let Some(tok) = tok {
                    return Ok(Some(Token { tok, at }));
                }
            }
        }
        if !rest
            .chars()
            .any(|c| is_word_char(c) || c == '*' || c == '~')
        {
            return Ok(None);
        }
        Ok(Some(Token {
            tok: Tok::Word {
                field: None,
                value: rest,
                value_at: at,
            },
            at,
        }))
    }
}

fn missing_value(src: &str, at: usize, field: Field) -> QueryError {
    error(
        src,
        at,
        format!("'{field}:' needs a value directly after it, as in {field}:word, {field}:\"a phrase\" or {field}:(a OR b)"),
    )
}

// Parsing.

/// A recursive-descent parser over the lexer, one token of lookahead.
/// Recursion happens only at parentheses, whose depth is checked before
/// descending, so no query can exhaust the stack.
struct Parser<'a> {
    src: &'a str,
    lexer: Lexer<'a>,
    peeked: Option<Option<Token<'a>>>,
    /// Parentheses currently open.
    depth: usize,
    /// Words, phrases, filters, dates and `*` read so far.
    leaves: usize,
    /// The field of the group being read (`speaker:( ... )`).
    group_field: Option<Field>,
}

impl<'a> Parser<'a> {
    fn peek(&mut self) -> Result<Option<Token<'a>>, QueryError> {
        if self.peeked.is_none() {
            self.peeked = Some(self.lexer.next_token()?);
        }
        Ok(self.peeked.flatten())
    }

    fn bump(&mut self) {
        self.peeked = None;
    }

    fn err(&self, at: usize, message: impl Into<String>) -> QueryError {
        error(self.src, at, message)
    }

    /// Fails unless an operand follows the operator `op`.
    fn expect_operand(&mut self, op: Token<'a>) -> Result<(), QueryError> {
        match self.peek()? {
            Some(t) if t.tok.starts_operand() => Ok(()),
            _ => Err(self.err(
                op.at,
                format!("'{}' needs a term after it", op.tok.operator_name()),
            )),
        }
    }

    /// `and (OR and)*`
    fn parse_or(&mut self) -> Result<Query, QueryError> {
        let mut items = vec![self.parse_and()?];
        while let Some(t) = self.peek()? {
            if t.tok != Tok::Or {
                break;
            }
            self.bump();
            self.expect_operand(t)?;
            items.push(self.parse_and()?);
        }
        Ok(if items.len() == 1 {
            items.swap_remove(0)
        } else {
            Query::Or(items)
        })
    }

    /// `unary ((AND)? unary)*`, with an [`Query::All`] in front when every
    /// part is negated, so that a negation always has something to remove
    /// documents from.
    fn parse_and(&mut self) -> Result<Query, QueryError> {
        let mut items = vec![self.parse_unary()?];
        while let Some(t) = self.peek()? {
            match t.tok {
                Tok::And => {
                    self.bump();
                    self.expect_operand(t)?;
                }
                tok if tok.starts_operand() => {}
                _ => break,
            }
            items.push(self.parse_unary()?);
        }
        if items.iter().all(|q| matches!(q, Query::Not(_))) {
            items.insert(0, Query::All);
        }
        Ok(if items.len() == 1 {
            items.swap_remove(0)
        } else {
            Query::And(items)
        })
    }

    /// `(NOT | -)* primary`; negations are counted rather than nested, so a
    /// long run of them costs no stack, and two cancel out.
    fn parse_unary(&mut self) -> Result<Query, QueryError> {
        let mut negations = 0usize;
        while let Some(t) = self.peek()? {
            if !matches!(t.tok, Tok::Not | Tok::Minus) {
                break;
            }
            self.bump();
            self.expect_operand(t)?;
            negations += 1;
        }
        let q = self.parse_primary()?;
        Ok(if negations % 2 == 1 {
            Query::Not(Box::new(q))
        } else {
            q
        })
    }

    fn parse_primary(&mut self) -> Result<Query, QueryError> {
        let Some(t) = self.peek()? else {
            // Only a query of punctuation alone has no first token.
            return Err(self.err(0, "the query has no words to search for"));
        };
        match t.tok {
            Tok::Open => self.group(t.at, None),
            Tok::Close => Err(self.err(t.at, "unmatched ')'")),
            Tok::And | Tok::Or => Err(self.err(
                t.at,
                format!("'{}' needs a term before it", t.tok.operator_name()),
            )),
            // The unary loop consumes every negation before calling here.
            Tok::Not | Tok::Minus => self.parse_unary(),
            Tok::FieldPrefix(field) => {
                self.outside_field_group(t.at)?;
                self.bump();
                match self.peek()? {
                    Some(Token { tok: Tok::Open, at }) => self.group(at, Some(field)),
                    Some(Token {
                        tok: Tok::Phrase(content),
                        at,
                    }) => {
                        self.bump();
                        self.count_leaf(at)?;
                        phrase(self.src, Some(field), content, at)
                    }
                    _ => Err(missing_value(self.src, t.at, field)),
                }
            }
            Tok::Word {
                field,
                value,
                value_at,
            } => {
                self.bump();
                self.count_leaf(t.at)?;
                let explicit = field.is_some();
                if explicit {
                    self.outside_field_group(t.at)?;
                }
                word(
                    self.src,
                    field.or(self.group_field),
                    explicit,
                    value,
                    value_at,
                )
            }
            Tok::Phrase(content) => {
                self.bump();
                self.count_leaf(t.at)?;
                phrase(self.src, self.group_field, content, t.at)
            }
            Tok::Star => {
                if let Some(field) = self.group_field {
                    return Err(self.err(
                        t.at,
                        format!(
                            "a lone '*' matches every document and cannot be a value of '{field}:'"
                        ),
                    ));
                }
                self.bump();
                self.count_leaf(t.at)?;
                Ok(Query::All)
            }
        }
    }

    /// A parenthesised group, opening at `open_at`, for `field` if it is a
    /// field's group.
    fn group(&mut self, open_at: usize, field: Option<Field>) -> Result<Query, QueryError> {
        if self.depth >= MAX_DEPTH {
            return Err(self.err(
                open_at,
                format!("parentheses nest more than {MAX_DEPTH} deep"),
            ));
        }
        self.bump();
        if let Some(Token {
            tok: Tok::Close, ..
        }) = self.peek()?
        {
            return Err(self.err(open_at, "empty group '()'"));
        }
        self.depth += 1;
        let outer = self.group_field;
        if field.is_some() {
            self.group_field = field;
        }
        let inner = self.parse_or()?;
        match self.peek()? {
            Some(Token {
                tok: Tok::Close, ..
            }) => self.bump(),
            _ => return Err(self.err(open_at, "unmatched '('")),
        }
        self.depth -= 1;
        self.group_field = outer;
        Ok(inner)
    }

    fn outside_field_group(&self, at: usize) -> Result<(), QueryError> {
        match self.group_field {
            Some(field) => Err(self.err(
                at,
                format!("a field cannot be used inside the group of '{field}:'"),
            )),
            None => Ok(()),
        }
    }

    fn count_leaf(&mut self, at: usize) -> Result<(), QueryError> {
        self.leaves += 1;
        if self.leaves > MAX_TERMS {
            return Err(self.err(
                at,
                format!("the query has more than {MAX_TERMS} words, phrases and filters"),
            ));
        }
        Ok(())
    }
}

fn check_length(src: &str, word: &str, at: usize) -> Result<(), QueryError> {
    if word.chars().count() > MAX_WORD_CHARS {
        return Err(error(
            src,
            at,
            format!("a word may have at most {MAX_WORD_CHARS} characters"),
        ));
    }
    Ok(())
}

/// Reads a word's value (at byte offset `at`) for its field. `explicit` says
/// whether the field was written on the word itself rather than on its group.
fn word(
    src: &str,
    field: Option<Field>,
    explicit: bool,
    value: &str,
    at: usize,
) -> Result<Query, QueryError> {
    match field {
        Some(f) if f.kind() == FieldKind::Date => date_range(src, f == Field::Year, value, at),
        Some(f) if f.kind() == FieldKind::Keyword => {
            if let Some(i) = value.find(['*', '~']) {
                return Err(error(
                    src,
                    at + i,
                    format!(
                        "'{f}:' takes an exact value: wildcards and fuzzy matching do not apply"
                    ),
                ));
            }
            let text = trim_word(value);
            if text.is_empty() {
                return Err(missing_value(src, at, f));
            }
            filter(src, f, text, at)
        }
        _ => text_term(src, field, explicit, value, at),
    }
}

fn text_term(
    src: &str,
    field: Option<Field>,
    explicit: bool,
    value: &str,
    at: usize,
) -> Result<Query, QueryError> {
    let err = |i: usize, message: String| error(src, at + i, message);
    if let (Some(f), true, Some(rest)) = (field, explicit, value.strip_prefix('-')) {
        if rest.starts_with(is_word_char) {
            return Err(err(
                0,
                format!("to exclude, put '-' before the field: -{f}:{rest}"),
            ));
        }
    }
    let tilde = value.find('~');
    let (body, fuzzy) = match tilde {
        None => (value, 0),
        Some(i) => {
            let fuzzy = match &value[i + 1..] {
                "" | "1" => 1,
                "2" => 2,
                d if !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit()) => {
                    return Err(err(
                        i,
                        format!(
                            "a fuzzy word allows 1 or {MAX_FUZZY} letters of difference: write word~ or word~{MAX_FUZZY}"
                        ),
                    ))
                }
                _ => {
                    return Err(err(
                        i,
                        format!("'~' must end a word: write word~ or word~{MAX_FUZZY}"),
                    ))
                }
            };
            (&value[..i], fuzzy)
        }
    };
    let prefix = match body.find('*') {
        None => false,
        Some(i) if i + 1 == body.len() => true,
        Some(i) => return Err(err(i, "a wildcard '*' may only end a word".into())),
    };
    if let (true, Some(i)) = (prefix, tilde) {
        return Err(err(
            i,
            "a word cannot be both fuzzy ('~') and a wildcard ('*')".into(),
        ));
    }
    let core = if prefix {
        &body[..body.len() - 1]
    } else {
        body
    };
    let text = trim_word(core);
    if text.is_empty() {
        return Err(match (prefix, tilde, field) {
            (true, _, _) => err(
                body.len() - 1,
                format!(
                    "a wildcard needs at least {MIN_PREFIX_CHARS} letters or digits before '*'"
                ),
            ),
            (_, Some(i), _) => err(
                i,
                "'~' must directly follow a word; phrases and groups cannot be fuzzy".into(),
            ),
            (_, _, Some(f)) => missing_value(src, at, f),
            // The lexer skips punctuation alone, so a fieldless word has a
            // letter, `*` or `~`; this answer only guards against a slip.
            _ => err(0, "a word is missing here".into()),
        });
    }
    if (prefix || tilde.is_some()) && !is_simple_word(text) {
        return Err(err(
            0,
            format!("fuzzy matching and wildcards apply to a single word, and '{text}' is not one"),
        ));
    }
    if prefix && text.chars().count() < MIN_PREFIX_CHARS {
        return Err(err(
            body.len() - 1,
            format!("a wildcard needs at least {MIN_PREFIX_CHARS} letters or digits before '*'"),
        ));
    }
    if field.is_none() && fuzzy == 0 && !prefix && is_operator(text) {
        // Only `-AND` gets here. Allowing it would let `NOT -AND` make a
        // positive word that no query can print, so it is refused.
        return Err(err(
            0,
            format!("'{text}' is an operator; to search for the word, write it in lowercase"),
        ));
    }
    check_length(src, text, at)?;
    Ok(Query::Term(Term {
        field,
        text: text.to_string(),
        fuzzy,
        prefix,
    }))
}

/// A filter on an exact-value field, normalising languages and document types.
fn filter(src: &str, field: Field, text: &str, at: usize) -> Result<Query, QueryError> {
    let value = match field {
        Field::Lang | Field::OrigLang | Field::TransLang => Lang::from_code(text)
            .or_else(|| Lang::from_name(text))
            .map(|l| l.code().to_string())
            .ok_or_else(|| {
                error(
                    src,
                    at,
                    format!("unknown language '{text}': write an ISO 639-1 code such as ru or a name such as Russian"),
                )
            })?,
        Field::Type => {
            let lower = text.to_lowercase();
            DocType::parse(&lower)
                .or_else(|| lower.strip_suffix('s').and_then(DocType::parse))
                .map(|t| t.as_str().to_string())
                .ok_or_else(|| {
                    let known: Vec<&str> = DocType::ALL.iter().map(|t| t.as_str()).collect();
                    error(
                        src,
                        at,
                        format!(
                            "unknown document type '{text}'; the types are {}",
                            known.join(", ")
                        ),
                    )
                })?
        }
        _ => {
            check_length(src, text, at)?;
            text.to_string()
        }
    };
    Ok(Query::Filter { field, value })
}

/// A phrase whose opening quote is at `at`, for `field`.
fn phrase(src: &str, field: Option<Field>, content: &str, at: usize) -> Result<Query, QueryError> {
    if let Some(f) = field.filter(|f| f.kind() == FieldKind::Date) {
        return Err(error(
            src,
            at,
            format!("a date is written without quotes, as in {f}:1956-09-17"),
        ));
    }
    // Quotes of other kinds inside a phrase are punctuation, which keeps them
    // out of the words and so out of the printed form.
    let words: Vec<&str> = content
        .split(|c: char| c.is_whitespace() || is_quote(c))
        .map(trim_word)
        .filter(|w| !w.is_empty())
        .collect();
    if words.is_empty() {
        return Err(error(src, at, "empty phrase: put words between the quotes"));
    }
    if words.len() > MAX_PHRASE_WORDS {
        return Err(error(
            src,
            at,
            format!("a phrase may have at most {MAX_PHRASE_WORDS} words"),
        ));
    }
    for w in &words {
        check_length(src, w, at)?;
    }
    match field {
        Some(f) if f.kind() == FieldKind::Keyword => filter(src, f, &words.join(" "), at),
        _ => Ok(Query::Phrase {
            field,
            words: words.into_iter().map(String::from).collect(),
        }),
    }
}

/// A date or a range of dates at byte offset `at`; `year_only` for `year:`.
fn date_range(src: &str, year_only: bool, value: &str, at: usize) -> Result<Query, QueryError> {
    let (from, to) = match value.find("..") {
        None => {
            let v = date_bound(src, year_only, value, at)?;
            (Some(v.earliest()), Some(v.latest()))
        }
        Some(i) => {
            let (a, b) = (&value[..i], &value[i + 2..]);
            if a.is_empty() && b.is_empty() {
                return Err(error(
                    src,
                    at,
                    "a range needs at least one end, as in 1956.., ..1956 or 1950..1959",
                ));
            }
            let from = match a {
                "" => None,
                a => Some(date_bound(src, year_only, a, at)?.earliest()),
            };
            let to = match b {
                "" => None,
                b => Some(date_bound(src, year_only, b, at + i + 2)?.latest()),
            };
            if let (Some(f), Some(t)) = (from, to) {
                if f > t {
                    return Err(error(src, at, "the range ends before it starts"));
                }
            }
            (from, to)
        }
    };
    Ok(Query::DateRange { from, to })
}

/// One end of a date range: `YYYY`, `YYYY-MM` or `YYYY-MM-DD` (only `YYYY`
/// when `year_only`).
fn date_bound(src: &str, year_only: bool, s: &str, at: usize) -> Result<DateValue, QueryError> {
    let bad = || {
        let message = if year_only {
            format!("'{s}' is not a year: write year:1956 or year:1950..1959")
        } else {
            format!("'{s}' is not a date: write 1956, 1956-09 or 1956-09-17, or a range such as 1956-09..1956-12")
        };
        error(src, at, message)
    };
    let number = |part: &str, digits: usize| -> Option<u32> {
        if part.len() == digits && part.bytes().all(|b| b.is_ascii_digit()) {
            part.parse().ok()
        } else {
            None
        }
    };
    let mut parts = s.split('-');
    // Four ASCII digits always fit in an i32.
    let year = parts.next().and_then(|p| number(p, 4)).ok_or_else(bad)? as i32;
    let month = match parts.next() {
        None => return Ok(DateValue::Year(year)),
        Some(_) if year_only => return Err(bad()),
        Some(p) => number(p, 2).ok_or_else(bad)?,
    };
    // The month starts after "YYYY-", the day after "YYYY-MM-", all ASCII.
    let month = match u8::try_from(month) {
        Ok(m) if (1..=12).contains(&m) => m,
        _ => return Err(error(src, at + 5, format!("month {month} does not exist"))),
    };
    let day = match parts.next() {
        None => return Ok(DateValue::Month { year, month }),
        Some(p) => number(p, 2).ok_or_else(bad)?,
    };
    if parts.next().is_some() {
        return Err(bad());
    }
    let last = DateValue::Month { year, month }.latest().2;
    match u8::try_from(day) {
        Ok(d) if d >= 1 && d <= last => Ok(DateValue::Day {
            year,
            month,
            day: d,
        }),
        _ => Err(error(
            src,
            at + 8,
            format!("{year:04}-{month:02} has no day {day}"),
        )),
    }
}

// Printing.

/// The last day of a month.
fn month_end(year: i32, month: u8) -> u8 {
    DateValue::Month { year, month }.latest().2
}

/// The shortest form that reads back as the same first day.
fn format_from((y, m, d): Day) -> String {
    match (m, d) {
        (1, 1) => format!("{y:04}"),
        (_, 1) => format!("{y:04}-{m:02}"),
        _ => format!("{y:04}-{m:02}-{d:02}"),
    }
}

/// The shortest form that reads back as the same last day.
fn format_to((y, m, d): Day) -> String {
    if (m, d) == (12, 31) {
        format!("{y:04}")
    } else if d == month_end(y, m) {
        format!("{y:04}-{m:02}")
    } else {
        format!("{y:04}-{m:02}-{d:02}")
    }
}

fn write_field(f: &mut fmt::Formatter<'_>, field: Option<Field>) -> fmt::Result {
    match field {
        Some(field) => write!(f, "{field}:"),
        None => Ok(()),
    }
}

/// Whether a filter's value reads back the same without quotes.
fn is_bare(value: &str) -> bool {
    !value.is_empty()
        && trim_word(value) == value
        && !value.chars().any(|c| ends_chunk(c) || c == '*' || c == '~')
}

/// Writes `q`, in parentheses when `wrap` says its kind needs them here.
fn write_child(f: &mut fmt::Formatter<'_>, q: &Query, wrap: bool) -> fmt::Result {
    if wrap {
        write!(f, "({q})")
    } else {
        write!(f, "{q}")
    }
}

impl fmt::Display for Query {
    /// The canonical form: implied AND, `-` for NOT, dates in their shortest
    /// form, and parentheses only where the tree needs them.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Query::Term(t) => {
                write_field(f, t.field)?;
                f.write_str(&t.text)?;
                if t.prefix {
                    f.write_str("*")?;
                }
                match t.fuzzy {
                    0 => Ok(()),
                    1 => f.write_str("~"),
                    n => write!(f, "~{n}"),
                }
            }
            Query::Phrase { field, words } => {
                write_field(f, *field)?;
                write!(f, "\"{}\"", words.join(" "))
            }
            Query::Filter { field, value } => {
                write_field(f, Some(*field))?;
                if is_bare(value) {
                    f.write_str(value)
                } else {
                    write!(f, "\"{value}\"")
                }
            }
            Query::DateRange { from, to } => {
                f.write_str("date:")?;
                match (from, to) {
                    (Some(a), Some(b)) if a == b => {
                        let (y, m, d) = *a;
                        write!(f, "{y:04}-{m:02}-{d:02}")
                    }
                    (Some(a), Some(b)) => {
                        let (a, b) = (format_from(*a), format_to(*b));
                        if a == b {
                            f.write_str(&a)
                        } else {
                            write!(f, "{a}..{b}")
                        }
                    }
                    (Some(a), None) => write!(f, "{}..", format_from(*a)),
                    (None, Some(b)) => write!(f, "..{}", format_to(*b)),
                    (None, None) => f.write_str(".."),
                }
            }
            Query::All => f.write_str("*"),
            Query::Not(q) => {
                f.write_str("-")?;
                write_child(
                    f,
                    q,
                    matches!(**q, Query::And(_) | Query::Or(_) | Query::Not(_)),
                )
            }
            Query::And(items) => {
                // The `All` the parser puts before negations alone is implied
                // by them when read back.
                let implied = items.len() > 1
                    && items[0] == Query::All
                    && items[1..].iter().all(|q| matches!(q, Query::Not(_)));
                let shown = if implied { &items[1..] } else { &items[..] };
                for (i, item) in shown.iter().enumerate() {
                    if i > 0 {
                        f.write_str(" ")?;
                    }
                    write_child(f, item, matches!(item, Query::And(_) | Query::Or(_)))?;
                }
                Ok(())
            }
            Query::Or(items) => {
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        f.write_str(" OR ")?;
                    }
                    write_child(f, item, matches!(item, Query::Or(_)))?;
                }
                Ok(())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn ok(q: &str) -> Query {
        match parse(q) {
            Ok(tree) => tree,
            Err(e) => panic!("{q:?} failed: {e}"),
        }
    }

    /// The error of a query, as "column N: message".
    fn fail(q: &str) -> QueryError {
        match parse(q) {
            Ok(tree) => panic!("{q:?} parsed as {tree:?}"),
            Err(e) => e,
        }
    }

    fn term(text: &str) -> Query {
        Query::Term(Term {
            field: None,
            text: text.into(),
            fuzzy: 0,
            prefix: false,
        })
    }

    #[test]
    fn a_field_value_is_read_whole_as_its_field_reads_it() {
        let value = |f: Field, v: &str| Query::field(f, v).unwrap_or_else(|e| panic!("{v:?}: {e}"));
        // What the parser reads from the quoted value, where it keeps it whole.
        assert_eq!(value(Field::Lang, "Russian"), ok("lang:ru"));
        assert_eq!(value(Field::Type, "telegrams"), ok("type:telegram"));
        assert_eq!(value(Field::Person, "Mikoyan"), ok("person:Mikoyan"));
        assert_eq!(
            value(Field::Person, "John F. Stevens"),
            ok("person:\"John F. Stevens\"")
        );
        assert_eq!(value(Field::Year, "1956"), ok("year:1956"));
        assert_eq!(
            value(Field::Date, "1956-09..1956-12"),
            ok("date:1956-09..1956-12")
        );
        // A keyword keeps its punctuation: it is matched as a whole.
        assert_eq!(
            value(Field::Collection, "Papers, 1918, Russia"),
            Query::Filter {
                field: Field::Collection,
                value: "Papers, 1918, Russia".into()
            }
        );
        // Query syntax in a value stays in the value.
        assert_eq!(
            value(Field::Repo, "x) OR (y"),
            Query::Filter {
                field: Field::Repo,
                value: "x) OR (y".into()
            }
        );
        assert_eq!(value(Field::Person, "x) OR (y"), ok("person:\"x OR y\""));
        for (f, v) in [
            (Field::Date, "1957 OR *"),
            (Field::Year, "x) OR (y"),
            (Field::Lang, "klingon"),
            (Field::Repo, "  "),
        ] {
            assert!(Query::field(f, v).is_err(), "{f}:{v:?}");
        }
    }

    fn field_term(field: Field, text: &str) -> Query {
        Query::Term(Term {
            field: Some(field),
            text: text.into(),
            fuzzy: 0,
            prefix: false,
        })
    }

    fn phrase_of(field: Option<Field>, words: &[&str]) -> Query {
        Query::Phrase {
            field,
            words: words.iter().map(|w| w.to_string()).collect(),
        }
    }

    fn not(q: Query) -> Query {
        Query::Not(Box::new(q))
    }

    fn range(from: Option<Day>, to: Option<Day>) -> Query {
        Query::DateRange { from, to }
    }

    /// Checks the error's column and that its message contains `part`.
    fn assert_error(q: &str, column: usize, part: &str) {
        let e = fail(q);
        assert_eq!(e.column, column, "{q:?}: {e}");
        assert!(e.message.contains(part), "{q:?}: {e}");
        let prefix: String = q.chars().take(column - 1).collect();
        assert_eq!(e.offset, prefix.len(), "{q:?}: {e}");
    }

    #[test]
    fn words_in_any_script() {
        assert_eq!(ok("Mikoyan"), term("Mikoyan"));
        assert_eq!(ok("  перебежать "), term("перебежать"));
        assert_eq!(ok("毛泽东"), term("毛泽东"));
        assert_eq!(
            ok("Mikoyan Mao"),
            Query::And(vec![term("Mikoyan"), term("Mao")])
        );
    }

    #[test]
    fn punctuation_in_and_around_words() {
        assert_eq!(ok("Ким-Ир-Сен"), term("Ким-Ир-Сен"));
        assert_eq!(ok("O'Brien"), term("O'Brien"));
        assert_eq!(
            ok("Mikoyan, Mao."),
            Query::And(vec![term("Mikoyan"), term("Mao")])
        );
        assert_eq!(
            ok("Mikoyan & Mao — Kim - Il"),
            Query::And(vec![term("Mikoyan"), term("Mao"), term("Kim"), term("Il")])
        );
        assert_eq!(ok("10:30"), term("10:30"));
        assert_eq!(ok("U.S.A."), term("U.S.A"));
        assert_eq!(ok("+Mikoyan"), term("Mikoyan"));
        // Punctuation before a field name is dropped before the field is read,
        // so a word printed back never becomes a field.
        assert_eq!(ok(",speaker:Mao"), field_term(Field::Speaker, "Mao"));
        // A decomposed "й" stays one word.
        assert_eq!(ok("Микоян\u{0306}"), term("Микоян\u{0306}"));
    }

    #[test]
    fn phrases_with_every_kind_of_quote() {
        let kim = phrase_of(None, &["Ким", "Ир", "Сен"]);
        assert_eq!(ok("\"Ким Ир Сен\""), kim);
        assert_eq!(ok("«Ким Ир Сен»"), kim);
        assert_eq!(ok("“Ким Ир Сен”"), kim);
        assert_eq!(ok("„Ким Ир Сен“"), kim);
        assert_eq!(ok("„Ким Ир Сен”"), kim);
        assert_eq!(ok("»Ким Ир Сен«"), kim);
        assert_eq!(ok("”Ким Ир Сен”"), kim);
        assert_eq!(ok("\" Ким,  Ир (Сен) \""), kim);
        // Operators are words inside a phrase; other quotes are punctuation.
        assert_eq!(
            ok("\"war AND peace\""),
            phrase_of(None, &["war", "AND", "peace"])
        );
        assert_eq!(ok("«say \"no\"»"), phrase_of(None, &["say", "no"]));
        assert_eq!(
            ok("Mikoyan\"Ким Ир\""),
            Query::And(vec![term("Mikoyan"), phrase_of(None, &["Ким", "Ир"])])
        );
    }

    #[test]
    fn operators_and_precedence() {
        let (a, b, c) = (term("a"), term("b"), term("c"));
        assert_eq!(ok("a AND b"), Query::And(vec![a.clone(), b.clone()]));
        assert_eq!(ok("a OR b"), Query::Or(vec![a.clone(), b.clone()]));
        assert_eq!(
            ok("a OR b c"),
            Query::Or(vec![a.clone(), Query::And(vec![b.clone(), c.clone()])])
        );
        assert_eq!(
            ok("a b OR c"),
            Query::Or(vec![Query::And(vec![a.clone(), b.clone()]), c.clone()])
        );
        assert_eq!(
            ok("a AND b OR c AND a"),
            Query::Or(vec![
                Query::And(vec![a.clone(), b.clone()]),
                Query::And(vec![c.clone(), a.clone()])
            ])
        );
        assert_eq!(ok("NOT a b"), Query::And(vec![not(a.clone()), b.clone()]));
        assert_eq!(ok("a NOT b"), Query::And(vec![a.clone(), not(b.clone())]));
        assert_eq!(ok("a -b"), Query::And(vec![a.clone(), not(b.clone())]));
        assert_eq!(
            ok("(a OR b) c"),
            Query::And(vec![Query::Or(vec![a.clone(), b.clone()]), c.clone()])
        );
        assert_eq!(
            ok("-(a OR b) c"),
            Query::And(vec![not(Query::Or(vec![a.clone(), b.clone()])), c.clone()])
        );
        assert_eq!(ok("NOT(a)"), Query::And(vec![Query::All, not(a.clone())]));
        assert_eq!(ok("((a))"), a);
        assert_eq!(ok("NOT NOT a"), a);
        assert_eq!(ok("NOT -a"), a);
        assert_eq!(
            ok("a and b or not c"),
            Query::And(vec![
                a.clone(),
                term("and"),
                b.clone(),
                term("or"),
                term("not"),
                c.clone()
            ])
        );
    }

    #[test]
    fn negation_alone_is_representable() {
        assert_eq!(ok("NOT x"), Query::And(vec![Query::All, not(term("x"))]));
        assert_eq!(
            ok("-x -y"),
            Query::And(vec![Query::All, not(term("x")), not(term("y"))])
        );
        assert_eq!(
            ok("a OR -b"),
            Query::Or(vec![
                term("a"),
                Query::And(vec![Query::All, not(term("b"))])
            ])
        );
        assert_eq!(
            ok("-\"Ким Ир\""),
            Query::And(vec![Query::All, not(phrase_of(None, &["Ким", "Ир"]))])
        );
        assert_eq!(ok("*"), Query::All);
        assert_eq!(
            ok("* -type:telegram"),
            Query::And(vec![
                Query::All,
                not(Query::Filter {
                    field: Field::Type,
                    value: "telegram".into()
                })
            ])
        );
    }

    #[test]
    fn fields() {
        assert_eq!(ok("speaker:Mikoyan"), field_term(Field::Speaker, "Mikoyan"));
        assert_eq!(ok("Title:Mikoyan"), field_term(Field::Title, "Mikoyan"));
        assert_eq!(
            ok("title:\"Ким Ир Сен\""),
            phrase_of(Some(Field::Title), &["Ким", "Ир", "Сен"])
        );
        assert_eq!(
            ok("speaker:(Mikoyan OR Mao)"),
            Query::Or(vec![
                field_term(Field::Speaker, "Mikoyan"),
                field_term(Field::Speaker, "Mao")
            ])
        );
        assert_eq!(
            ok("person:(Mikoyan (Mao -\"Kim Il\"))"),
            Query::And(vec![
                field_term(Field::Person, "Mikoyan"),
                Query::And(vec![
                    field_term(Field::Person, "Mao"),
                    not(phrase_of(Some(Field::Person), &["Kim", "Il"]))
                ])
            ])
        );
        assert_eq!(
            ok("-speaker:Mao"),
            Query::And(vec![Query::All, not(field_term(Field::Speaker, "Mao"))])
        );
        assert_eq!(ok("title:10:30"), field_term(Field::Title, "10:30"));
        assert_eq!(ok("ref:f.5"), field_term(Field::Ref, "f.5"));
        for f in Field::ALL {
            assert_eq!(Field::parse(f.as_str()), Some(f));
        }
    }

    #[test]
    fn exact_value_fields() {
        let filter = |field, value: &str| Query::Filter {
            field,
            value: value.into(),
        };
        assert_eq!(ok("lang:ru"), filter(Field::Lang, "ru"));
        assert_eq!(ok("lang:RU"), filter(Field::Lang, "ru"));
        assert_eq!(ok("lang:russian"), filter(Field::Lang, "ru"));
        assert_eq!(ok("lang:русский"), filter(Field::Lang, "ru"));
        assert_eq!(ok("lang:\"Chinese\""), filter(Field::Lang, "zh"));
        assert_eq!(ok("type:telegram"), filter(Field::Type, "telegram"));
        assert_eq!(ok("type:Telegrams"), filter(Field::Type, "telegram"));
        assert_eq!(ok("type:minutes"), filter(Field::Type, "minutes"));
        assert_eq!(ok("fond:5446"), filter(Field::Fond, "5446"));
        assert_eq!(ok("opis:98c"), filter(Field::Opis, "98c"));
        assert_eq!(ok("delo:\"12 a\""), filter(Field::Delo, "12 a"));
        assert_eq!(ok("repo:RGANI"), filter(Field::Repo, "RGANI"));
        assert_eq!(ok("id:rgani-5-30-123"), filter(Field::Id, "rgani-5-30-123"));
        assert_eq!(
            ok("lang:(ru OR de)"),
            Query::Or(vec![filter(Field::Lang, "ru"), filter(Field::Lang, "de")])
        );
        assert_error("lang:klingon", 6, "unknown language 'klingon'");
        assert_error("type:poem", 6, "the types are conversation, telegram");
        assert_error("fond:54*", 8, "exact value");
        assert_error("id:abc~", 7, "exact value");
    }

    #[test]
    fn colons_that_are_not_fields() {
        assert_error(
            "foo:bar",
            1,
            "unknown field 'foo'; the fields are title, summary",
        );
        assert_error("Mikoyan speakers:Mao", 9, "unknown field 'speakers'");
        assert_error("x:(a)", 1, "unknown field 'x'");
        assert_eq!(
            ok("Note: Mikoyan"),
            Query::And(vec![term("Note"), term("Mikoyan")])
        );
        assert_eq!(ok("Мао:Цзэдун"), term("Мао:Цзэдун"));
        assert_eq!(ok("https://example.org/x"), term("https://example.org/x"));
        assert_error("title: Mikoyan", 1, "'title:' needs a value");
        assert_error("(speaker:)", 2, "'speaker:' needs a value");
        assert_error("title:,", 7, "'title:' needs a value");
        assert_error("speaker:-Mao", 9, "put '-' before the field: -speaker:Mao");
        assert_error(
            "speaker:(Mao title:x)",
            14,
            "inside the group of 'speaker:'",
        );
        assert_error("speaker:(title:(x))", 10, "inside the group of 'speaker:'");
        assert_error("speaker:(*)", 10, "cannot be a value of 'speaker:'");
    }

    #[test]
    fn dates() {
        assert_eq!(
            ok("date:1956"),
            range(Some((1956, 1, 1)), Some((1956, 12, 31)))
        );
        assert_eq!(
            ok("date:1956-09"),
            range(Some((1956, 9, 1)), Some((1956, 9, 30)))
        );
        assert_eq!(
            ok("date:1956-02"),
            range(Some((1956, 2, 1)), Some((1956, 2, 29)))
        );
        assert_eq!(
            ok("date:1957-02"),
            range(Some((1957, 2, 1)), Some((1957, 2, 28)))
        );
        assert_eq!(
            ok("date:1900-02"),
            range(Some((1900, 2, 1)), Some((1900, 2, 28)))
        );
        assert_eq!(
            ok("date:1956-09-17"),
            range(Some((1956, 9, 17)), Some((1956, 9, 17)))
        );
        assert_eq!(
            ok("date:1956-09..1956-12"),
            range(Some((1956, 9, 1)), Some((1956, 12, 31)))
        );
        assert_eq!(ok("date:..1956"), range(None, Some((1956, 12, 31))));
        assert_eq!(ok("date:1956.."), range(Some((1956, 1, 1)), None));
        assert_eq!(
            ok("year:1956"),
            range(Some((1956, 1, 1)), Some((1956, 12, 31)))
        );
        assert_eq!(
            ok("year:1950..1959"),
            range(Some((1950, 1, 1)), Some((1959, 12, 31)))
        );
        assert_eq!(
            ok("date:(1956 OR 1958-03)"),
            Query::Or(vec![
                range(Some((1956, 1, 1)), Some((1956, 12, 31))),
                range(Some((1958, 3, 1)), Some((1958, 3, 31)))
            ])
        );
        assert_eq!(
            ok("-date:..1956"),
            Query::And(vec![Query::All, not(range(None, Some((1956, 12, 31))))])
        );
    }

    #[test]
    fn bad_dates() {
        assert_error("date:1956-13", 11, "month 13 does not exist");
        assert_error("date:1956-00", 11, "month 0 does not exist");
        assert_error("Mikoyan date:1957-02-29", 22, "1957-02 has no day 29");
        assert_error("date:1956-09-31", 14, "1956-09 has no day 31");
        assert_error("date:1956..1956-13", 17, "month 13 does not exist");
        assert_error("date:1957..1956", 6, "the range ends before it starts");
        assert_error("date:..", 6, "at least one end");
        assert_error("date:56", 6, "'56' is not a date");
        assert_error("date:1956-9", 6, "'1956-9' is not a date");
        assert_error("date:1956~", 6, "is not a date");
        assert_error("date:1956...1957", 12, "'.1957' is not a date");
        assert_error("year:1956-09", 6, "'1956-09' is not a year");
        assert_error("date:\"1956\"", 6, "without quotes");
        assert_error("date:1956-09-17-01", 6, "is not a date");
    }

    #[test]
    fn fuzzy_words() {
        let fuzzy = |text: &str, d| {
            Query::Term(Term {
                field: None,
                text: text.into(),
                fuzzy: d,
                prefix: false,
            })
        };
        assert_eq!(ok("Mikoyan~"), fuzzy("Mikoyan", 1));
        assert_eq!(ok("Mikoyan~1"), fuzzy("Mikoyan", 1));
        assert_eq!(ok("Mikoyan~2"), fuzzy("Mikoyan", 2));
        assert_eq!(ok("Микоян~"), fuzzy("Микоян", 1));
        assert_error("Mikoyan~3", 8, "1 or 2 letters");
        assert_error("Mikoyan~0", 8, "1 or 2 letters");
        assert_error("Mikoyan~x", 8, "'~' must end a word");
        assert_error("Mik~oyan", 4, "'~' must end a word");
        assert_error("\"Ким Ир\"~2", 9, "phrases and groups cannot be fuzzy");
        assert_error("(a b)~", 6, "phrases and groups cannot be fuzzy");
        assert_error("10:30~", 1, "single word");
        assert_error("Mikoy*~", 7, "both fuzzy");
    }

    #[test]
    fn wildcards() {
        let prefix = |field, text: &str| {
            Query::Term(Term {
                field,
                text: text.into(),
                fuzzy: 0,
                prefix: true,
            })
        };
        assert_eq!(ok("Mikoy*"), prefix(None, "Mikoy"));
        assert_eq!(ok("毛泽*"), prefix(None, "毛泽"));
        assert_eq!(ok("speaker:Mi*"), prefix(Some(Field::Speaker), "Mi"));
        assert_error("M*", 2, "at least 2");
        assert_error("毛*", 2, "at least 2");
        assert_error("*oyan", 1, "may only end a word");
        assert_error("Mi*oyan", 3, "may only end a word");
        assert_error("\"Ким Ир\"*", 9, "must end a word");
        assert_error("a.b*", 1, "single word");
    }

    #[test]
    fn structural_errors_say_where() {
        assert_error("(Mikoyan OR Mao", 1, "unmatched '('");
        assert_error("a (b (c)", 3, "unmatched '('");
        assert_error("Mikoyan)", 8, "unmatched ')'");
        assert_error("\"Ким Ир", 1, "unmatched '\"'");
        assert_error("a «Ким Ир", 3, "unmatched '«'");
        assert_error("«Ким Ир\"", 1, "unmatched '«'");
        assert_error("a ()", 3, "empty group '()'");
        assert_error("\"\"", 1, "empty phrase");
        assert_error("« , »", 1, "empty phrase");
        assert_error("Mikoyan AND", 9, "'AND' needs a term after it");
        assert_error("Mikoyan AND OR Mao", 9, "'AND' needs a term after it");
        assert_error("OR x", 1, "'OR' needs a term before it");
        assert_error("AND", 1, "'AND' needs a term before it");
        assert_error("x OR", 3, "'OR' needs a term after it");
        assert_error("(x OR)", 4, "'OR' needs a term after it");
        assert_error("x NOT", 3, "'NOT' needs a term after it");
        assert_error("-AND", 2, "is an operator");
        assert_error("", 1, "the query is empty");
        assert_error(" \t\n ", 1, "the query is empty");
        assert_error(", & —", 1, "no words to search for");
    }

    #[test]
    fn columns_count_characters() {
        // Each Cyrillic or CJK letter is one column though several bytes.
        let e = fail("Микоян (Мао");
        assert_eq!((e.column, e.offset), (8, 13));
        assert_eq!(e.to_string(), "column 8: unmatched '('");
        let e = fail("毛泽东 OR");
        assert_eq!((e.column, e.offset), (5, 10));
        assert_error("Микоян date:1956-13", 18, "month 13");
    }

    #[test]
    fn limits() {
        let long = "a ".repeat(1001);
        assert_error(&long, 2001, "longer than 2000 characters");
        // The limit counts characters, not bytes.
        let cyrillic = "я".repeat(MAX_WORD_CHARS);
        assert!(parse(&cyrillic).is_ok());
        assert_error(&format!("{cyrillic}я"), 1, "at most 128 characters");

        let terms: Vec<String> = (0..=MAX_TERMS).map(|i| format!("w{i}")).collect();
        assert!(parse(&terms[..MAX_TERMS].join(" ")).is_ok());
        let over = terms.join(" ");
        let column = over.rfind("w64").unwrap() + 1;
        assert_error(&over, column, "more than 64 words");

        let nested = |n: usize| format!("{}a{}", "(".repeat(n), ")".repeat(n));
        assert_eq!(ok(&nested(MAX_DEPTH)), term("a"));
        assert_error(&nested(MAX_DEPTH + 1), 17, "nest more than 16 deep");
        assert_error(&"(".repeat(2000), 17, "nest more than 16 deep");
        assert_error(&"-(".repeat(1000), 34, "nest more than 16 deep");
        assert_eq!(ok(&format!("{}a", "NOT ".repeat(400))), term("a"));

        let words = |n: usize| format!("\"{}\"", vec!["w"; n].join(" "));
        assert!(parse(&words(MAX_PHRASE_WORDS)).is_ok());
        assert_error(&words(MAX_PHRASE_WORDS + 1), 1, "at most 32 words");
    }

    #[test]
    fn hostile_input_is_quick() {
        let start = std::time::Instant::now();
        for q in [
            "(".repeat(2000),
            ")".repeat(2000),
            "\"".repeat(1999),
            "-".repeat(2000),
            "NOT ".repeat(500),
            "a~".repeat(1000),
            "date:".repeat(400),
            "x".repeat(2000),
            "a:".repeat(1000),
        ] {
            let _ = parse(&q);
        }
        assert!(start.elapsed() < std::time::Duration::from_secs(2));
    }

    #[test]
    fn canonical_form() {
        let cases = [
            ("Mikoyan  AND  Mao", "Mikoyan Mao"),
            ("NOT Mao", "-Mao"),
            ("a OR NOT b", "a OR -b"),
            ("(a OR b) (c OR d)", "(a OR b) (c OR d)"),
            ("a (b c)", "a (b c)"),
            ("a OR (b OR c)", "a OR (b OR c)"),
            ("(a b) OR c", "a b OR c"),
            ("-(a b)", "-(a b)"),
            ("x (-y)", "x (-y)"),
            ("NOT (NOT y)", "-(-y)"),
            (
                "speaker:(Mikoyan OR Mao) 1956",
                "(speaker:Mikoyan OR speaker:Mao) 1956",
            ),
            ("«Ким,  Ир Сен»", "\"Ким Ир Сен\""),
            ("Mikoyan~1 Mao~2 Mikoy*", "Mikoyan~ Mao~2 Mikoy*"),
            ("lang:russian type:telegrams", "lang:ru type:telegram"),
            (
                "delo:\"12 a\" id:\"a*b\" fond:\"5446\"",
                "delo:\"12 a\" id:\"a*b\" fond:5446",
            ),
            ("year:1956", "date:1956"),
            ("date:1956-09-01..1956-09-30", "date:1956-09"),
            ("date:1956-09-02..1956-12", "date:1956-09-02..1956"),
            ("date:1956..1957-06-15", "date:1956..1957-06-15"),
            ("date:1956-02-29", "date:1956-02-29"),
            ("date:1956-02-01..1956-02-01", "date:1956-02-01"),
            ("date:..1956-02", "date:..1956-02"),
            ("year:1950..", "date:1950.."),
            ("* -a", "-a"),
            ("a *", "a *"),
            ("-*", "-*"),
        ];
        for (query, canonical) in cases {
            let tree = ok(query);
            assert_eq!(tree.to_string(), canonical, "{query:?}");
            assert_eq!(ok(canonical), tree, "{canonical:?}");
        }
    }

    #[test]
    fn terms_for_highlighting() {
        let q = ok("Mikoyan \"Ким Ир\" OR title:Mikoy* -Mao lang:ru date:1956 speaker:Ким~");
        assert_eq!(q.terms(), vec!["Mikoyan", "Ким", "Ир", "Mikoy"]);
    }

    #[test]
    fn errors_display_their_column() {
        let e = fail("Mikoyan AND");
        assert_eq!(e.to_string(), "column 9: 'AND' needs a term after it");
        let via_from_str: Result<Query, _> = "a OR b".parse();
        assert_eq!(via_from_str, Ok(Query::Or(vec![term("a"), term("b")])));
    }

    /// Fragments that make queries likely to parse, so that the round trip
    /// is tested on many trees.
    fn query_like() -> impl Strategy<Value = String> {
        let pieces = prop::sample::select(vec![
            "Mikoyan",
            "Ким",
            "毛泽东",
            "10:30",
            "AND",
            "OR",
            "NOT",
            "and",
            "(",
            ")",
            "\"",
            "«",
            "»",
            "“",
            "”",
            "„",
            "-",
            "*",
            "~",
            "~2",
            "speaker:",
            "lang:",
            "type:",
            "date:",
            "year:",
            "1956",
            "-09",
            "..",
            "ru",
            "telegram",
            "fond:",
            "x:",
            ",",
            "'",
            "Mikoy*",
            "+",
            "#",
            "\u{301}",
            "id:",
            "*x",
            "~0",
            "title:",
            "-(",
            "Note:",
            "//",
            "speaker:Mao",
            "date:1956-09..1957",
            "year:..1950",
            "lang:russian",
            "title:(",
            "speaker:(",
            "\"Ким Ир\"",
            "«Mao Zedong»",
            "type:letters",
            "delo:\"1 a\"",
            "-Mao",
            "Mikoyan~",
            "date:1956-02-29",
        ]);
        let separator = prop::sample::select(vec!["", " ", " ", " "]);
        prop::collection::vec((pieces, separator), 0..16)
            .prop_map(|v| v.into_iter().flat_map(|(p, s)| [p, s]).collect())
    }

    fn check_round_trip(q: &str) -> Result<(), TestCaseError> {
        if let Ok(tree) = parse(q) {
            let printed = tree.to_string();
            // The printed form pushes fields down and may outgrow the length
            // limit; within it, it must read back as the same tree.
            if printed.chars().count() <= MAX_QUERY_CHARS {
                prop_assert_eq!(
                    parse(&printed),
                    Ok(tree),
                    "{:?} printed as {:?}",
                    q,
                    printed
                );
            }
        }
        Ok(())
    }

    proptest! {
        #[test]
        fn never_panics_and_round_trips(q in "\\PC{0,80}") {
            check_round_trip(&q)?;
        }

        #[test]
        fn any_characters_never_panic(q in ".{0,40}") {
            let _ = parse(&q);
        }

    }

    proptest! {
        // Most of these strings are refused for a stray parenthesis or quote,
        // so more cases are run to reach many trees.
        #![proptest_config(ProptestConfig::with_cases(4096))]

        #[test]
        fn query_like_text_round_trips(q in query_like()) {
            check_round_trip(&q)?;
        }
    }
}
