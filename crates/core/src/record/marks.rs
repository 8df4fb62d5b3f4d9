//! Inline editorial marks: turning the markup of transcriptions and
//! translations into structured [`Inline`] content.
//!
//! Transcriptions carry handwritten insertions as `<sup>...</sup>` and deletions
//! as `~~...~~`; translations carry bracketed notes such as `[Inserted: ...]`,
//! `[?]`, `[illegible]`, `[sic]` and supplied words (`[him]`). Anything that is
//! not a mark the reader knows stays as literal text: an unknown `<tag>` is text,
//! to be escaped by whoever renders it, never markup to pass through.

use crate::model::{Inline, Mark, MarkKind};

/// The most marks one paragraph is read into; the rest of it stays text.
pub const MAX_PARAGRAPH_MARKS: usize = 1_000;

/// Parses one paragraph of text into inline content. `problems` receives a
/// description of each kind of mark that opened but never closed, once.
///
/// The cost is linear in the text whatever it holds: once the closing of a
/// kind of mark is not found in the rest of the text it is not looked for
/// again, so a paragraph of a million unclosed `<sup>` is read in one pass,
/// not a million.
pub fn parse_inline(text: &str, problems: &mut Vec<String>) -> Vec<Inline> {
    let mut out = Builder::default();
    let mut rest = text;
    let mut unclosed = Unclosed::default();
    let mut marks = 0;
    while !rest.is_empty() {
        if marks == MAX_PARAGRAPH_MARKS {
            // Enough marks for one paragraph: the rest is its words.
            out.text_str(rest);
            break;
        }
        if let Some((piece, used)) = next_mark(rest, problems, &mut unclosed) {
            marks += 1;
            match piece {
                Piece::Mark(mark) => out.mark(mark),
                Piece::Text(text) => out.text_str(&text),
            }
            rest = &rest[used..];
            continue;
        }
        let c = rest.chars().next().expect("rest is not empty");
        // Markdown escapes: keep the escaped character as text.
        if c == '\\' {
            if let Some(next) = rest[1..].chars().next() {
                if "\\`*_{}[]()#+-.!<>~|".contains(next) {
                    out.text_char(next);
                    rest = &rest[1 + next.len_utf8()..];
                    continue;
                }
            }
        }
        if c == '&' {
            if let Some((decoded, used)) = entity(rest) {
                out.text_char(decoded);
                rest = &rest[used..];
                continue;
            }
        }
        out.text_char(c);
        rest = &rest[c.len_utf8()..];
    }
    out.finish()
}

#[derive(Default)]
struct Builder {
    items: Vec<Inline>,
    text: String,
}

impl Builder {
    fn text_char(&mut self, c: char) {
        self.text.push(c);
    }

    fn text_str(&mut self, s: &str) {
        self.text.push_str(s);
    }

    fn flush(&mut self) {
        if !self.text.is_empty() {
            self.items
                .push(Inline::Text(std::mem::take(&mut self.text)));
        }
    }

    fn mark(&mut self, mark: Mark) {
        self.flush();
        self.items.push(Inline::Mark(mark));
    }

    fn finish(mut self) -> Vec<Inline> {
        self.flush();
        // Emphasis markers only make noise in an archival text; drop them from runs.
        for item in &mut self.items {
            if let Inline::Text(t) = item {
                if t.contains("**") || t.contains("__") {
                    *t = t.replace("**", "").replace("__", "");
                }
            }
        }
        self.items
            .retain(|i| !matches!(i, Inline::Text(t) if t.is_empty()));
        // A block keeps its content for the document's life: no spare room.
        self.items.shrink_to_fit();
        self.items
    }
}

/// The closings (`~~`, `</sup>`, ...) known to be absent from the rest of
/// the text being parsed: every later search would start further on and
/// fail too.
#[derive(Default)]
struct Unclosed {
    closings: Vec<String>,
}

impl Unclosed {
    fn knows(&self, closing: &str) -> bool {
        self.closings.iter().any(|c| c == closing)
    }

    fn note(&mut self, closing: &str) {
        self.closings.push(closing.to_string());
    }
}

/// What a piece of markup stands for.
enum Piece {
    Mark(Mark),
    /// Markup without editorial meaning (emphasis, links, `<br>`): its words only.
    Text(String),
}

/// Tries to read a mark at the start of `s`, returning it and the bytes used.
fn next_mark(
    s: &str,
    problems: &mut Vec<String>,
    unclosed: &mut Unclosed,
) -> Option<(Piece, usize)> {
    if let Some(rest) = s.strip_prefix("~~") {
        if unclosed.knows("~~") {
            return None;
        }
        return match rest.find("~~") {
            Some(end) => {
                let inner = &rest[..end];
                Some((
                    Piece::Mark(mark(MarkKind::Deletion, &clean(inner))),
                    2 + end + 2,
                ))
            }
            None => {
                unclosed.note("~~");
                problems.push("a deletion opened with ~~ never closes".into());
                None
            }
        };
    }
    if s.starts_with('<') {
        return html_mark(s, problems, unclosed);
    }
    if s.starts_with('[') {
        return bracket_mark(s, unclosed);
    }
    None
}

fn mark(kind: MarkKind, text: &str) -> Mark {
    Mark {
        kind,
        text: text.to_string(),
    }
}

/// Collapses white space and strips nested markup characters from a mark's words.
fn clean(s: &str) -> String {
    let mut problems = Vec::new();
    let inner = parse_inline(s, &mut problems);
    crate::model::inline::plain_text(&inner)
}

/// HTML-like tags that transcriptions use. Unknown tags are left as text.
fn html_mark(
    s: &str,
    problems: &mut Vec<String>,
    unclosed: &mut Unclosed,
) -> Option<(Piece, usize)> {
    let close = head(s, 40).find('>')?;
    let name = s[1..close]
        .trim()
        .trim_end_matches('/')
        .trim()
        .to_ascii_lowercase();
    if name == "br" {
        // A line break inside a paragraph reads as a space.
        return Some((Piece::Text(" ".into()), close + 1));
    }
    let kind = match name.as_str() {
        "sup" | "sub" => None,
        "del" | "s" | "strike" => Some(MarkKind::Deletion),
        "ins" => Some(MarkKind::Insertion),
        "u" | "b" | "i" | "em" | "strong" => Some(MarkKind::Note),
        _ => return None,
    };
    let end_tag = format!("</{name}>");
    if unclosed.knows(&end_tag) {
        return None;
    }
    let body_start = close + 1;
    let Some(rel_end) = find_ascii_ci(&s[body_start..], &end_tag) else {
        unclosed.note(&end_tag);
        problems.push(format!("<{name}> never closes"));
        return None;
    };
    let inner = &s[body_start..body_start + rel_end];
    let used = body_start + rel_end + end_tag.len();
    let words = clean(inner);
    let kind = match kind {
        // A raised word is a handwritten insertion; raised digits or signs are
        // stamp residue or note marks.
        None if words.chars().any(char::is_alphabetic) => MarkKind::Insertion,
        None => MarkKind::Superscript,
        // Emphasis carries no editorial meaning: keep its words as plain text.
        Some(MarkKind::Note) => return Some((Piece::Text(words), used)),
        Some(k) => k,
    };
    Some((Piece::Mark(mark(kind, &words)), used))
}

fn find_ascii_ci(hay: &str, needle: &str) -> Option<usize> {
    let h = hay.as_bytes();
    let n = needle.as_bytes();
    if n.len() > h.len() {
        return None;
    }
    (0..=h.len() - n.len()).find(|&i| h[i..i + n.len()].eq_ignore_ascii_case(n))
}

/// How far a bracket's closing is looked for: a bracketed word or two is
/// short; a note or an insertion named as such (`[Note: ...]`) may run to
/// a long paragraph of its own.
const BRACKET_REACH: usize = 400;
const NAMED_BRACKET_REACH: usize = 20_000;

/// Bracketed editorial notes of translations and transcriptions.
fn bracket_mark(s: &str, unclosed: &mut Unclosed) -> Option<(Piece, usize)> {
    let opening = s[1..].trim_start().to_lowercase();
    let named = PREFIXED.iter().any(|(prefixes, _)| {
        prefixes
            .iter()
            .any(|p| opening.starts_with(p) && opening[p.len()..].trim_start().starts_with(':'))
    });
    // A long search that found no closing is not made again in this
    // paragraph, so that time stays linear.
    let reach = if named && !unclosed.knows("]named") {
        NAMED_BRACKET_REACH
    } else {
        BRACKET_REACH
    };
    // Find the matching bracket on the same paragraph, allowing nesting; a
    // bracket escaped with a backslash is a character, not a bracket.
    let mut depth = 0usize;
    let mut end = None;
    let mut escaped = false;
    for (i, c) in s.char_indices() {
        if escaped {
            escaped = false;
        } else {
            match c {
                '\\' => escaped = true,
                '[' => depth += 1,
                ']' => {
                    depth -= 1;
                    if depth == 0 {
                        end = Some(i);
                        break;
                    }
                }
                _ => {}
            }
        }
        if i > reach {
            break;
        }
    }
    if end.is_none() && reach == NAMED_BRACKET_REACH {
        unclosed.note("]named");
    }
    let end = end?;
    let inner = s[1..end].trim();
    let used = end + 1;
    // A Markdown link: [words](url) keeps its words.
    if s[used..].starts_with('(') {
        if let Some(close) = s[used..].find(')') {
            let target = &s[used + 1..used + close];
            if target.starts_with("http") || target.starts_with('/') || target.starts_with('#') {
                return Some((Piece::Text(clean(inner)), used + close + 1));
            }
        }
    }
    let lower = inner.to_lowercase();
    let words = |prefix_len: usize| clean(inner[prefix_len..].trim_start_matches([':', ' ']));
    for (prefixes, kind) in PREFIXED {
        for p in *prefixes {
            if lower.starts_with(p) && lower[p.len()..].trim_start().starts_with(':') {
                return Some((Piece::Mark(mark(*kind, &words(p.len()))), used));
            }
        }
    }
    let bare = lower.trim_matches(|c: char| c == '.' || c == '!' || c.is_whitespace());
    if bare == "?" || bare == "??" {
        return Some((Piece::Mark(mark(MarkKind::Uncertain, "")), used));
    }
    if bare == "sic" || bare == "так в тексте" || bare == "так в документе" {
        return Some((Piece::Mark(mark(MarkKind::Sic, "")), used));
    }
    if ILLEGIBLE.iter().any(|w| bare.starts_with(w))
        || bare.chars().all(|c| c == '.' || c == '…') && !bare.is_empty()
    {
        // An illegible mark keeps its words only when they say more than "illegible".
        let text = if ILLEGIBLE.contains(&bare) {
            String::new()
        } else {
            words(0)
        };
        return Some((Piece::Mark(mark(MarkKind::Illegible, &text)), used));
    }
    if bare.is_empty() {
        return None;
    }
    // A word or two with a question mark is a doubtful reading.
    if bare.ends_with('?') && bare.split_whitespace().count() <= 4 {
        return Some((
            Piece::Mark(mark(
                MarkKind::Uncertain,
                &clean(inner.trim_end_matches('?').trim()),
            )),
            used,
        ));
    }
    // Otherwise a short bracketed phrase is a word the editor supplied.
    if inner.split_whitespace().count() <= 8 && !inner.contains('[') {
        return Some((Piece::Mark(mark(MarkKind::Supplied, &clean(inner))), used));
    }
    None
}

const PREFIXED: &[(&[&str], MarkKind)] = &[
    (
        &[
            "inserted",
            "insertion",
            "handwritten",
            "handwritten note",
            "added",
            "вписано",
            "вставлено",
            "от руки",
            "eingefügt",
            "handschriftlich",
        ],
        MarkKind::Insertion,
    ),
    (
        &[
            "crossed out",
            "deleted",
            "struck",
            "struck out",
            "strikethrough",
            "зачеркнуто",
            "зачёркнуто",
            "gestrichen",
        ],
        MarkKind::Deletion,
    ),
    (
        &["illegible", "неразборчиво", "unleserlich"],
        MarkKind::Illegible,
    ),
    (
        &["margin", "in the margin", "на полях", "am rand"],
        MarkKind::Margin,
    ),
    (
        &[
            "note",
            "translator's note",
            "editor's note",
            "ed. note",
            "tr. note",
            "примечание",
            "прим.",
            "anmerkung",
        ],
        MarkKind::Note,
    ),
];

const ILLEGIBLE: &[&str] = &[
    "illegible",
    "illeg.",
    "неразб",
    "нрзб",
    "неразборчиво",
    "unleserlich",
    "unles",
    "字迹不清",
    "不清",
];

/// Decodes the HTML entities that exports contain.
fn entity(s: &str) -> Option<(char, usize)> {
    let end = head(s, 10).find(';')?;
    let name = &s[1..end];
    let c = match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" | "#39" => '\'',
        "nbsp" => ' ',
        _ if name.starts_with("#x") || name.starts_with("#X") => {
            char::from_u32(u32::from_str_radix(&name[2..], 16).ok()?)?
        }
        _ if name.starts_with('#') => char::from_u32(name[1..].parse().ok()?)?,
        _ => return None,
    };
    Some((c, end + 1))
}

/// A parenthesised stage note that opens a turn: "(clarifies)", "(французский)".
/// Returns the note's words and the bytes used, leading spaces included.
pub fn leading_note(s: &str) -> Option<(String, usize)> {
    let trimmed = s.trim_start();
    let lead = s.len() - trimmed.len();
    let rest = trimmed.strip_prefix('(')?;
    let close = rest.find(')')?;
    let inner = rest[..close].trim();
    let words = inner.split_whitespace().count();
    let starts_lower = inner.chars().next().is_some_and(|c| c.is_lowercase());
    ((1..=3).contains(&words)
        && starts_lower
        && inner
            .chars()
            .all(|c| c.is_alphabetic() || c == ' ' || c == '-' || c == '.'))
    .then(|| (inner.to_string(), lead + 1 + close + 1))
}

/// At most the first `n` bytes of `s`, cut at a character boundary.
fn head(s: &str, n: usize) -> &str {
    let mut end = n.min(s.len());
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}
