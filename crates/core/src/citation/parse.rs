//! Citations and archival references: splitting the publisher's citation into
//! the parts scholars cite and search by.
//!
//! A publisher's citation reads `"Title", date, publisher, reference. Translated
//! by .... <URL>`. Titles contain commas, references contain abbreviations that
//! end in periods ("f. 52", "ll. 1-33."), and translators' names contain initials,
//! so the parts are found by small, explicit rules rather than by splitting on
//! punctuation: the quoted title is cut off first, the first real sentence end or
//! a closing sentence ("Translated ...", "Obtained ...") ends the main sentence, and
//! the publisher and reference are comma segments of that sentence.

use crate::model::{ArchivalReference, Citation, FolioRange};

/// Splits a citation such as
/// `"Title", March 3, 1958, Wilson Center Digital Archive, RGANI, Fond 5,
/// Opis 30, Delo 245, Listy 12-19. Translated by Jane Roe. <https://...>`
/// into publisher, archival reference, translators and URL.
pub fn parse_citation(text: &str) -> Citation {
    let t = normalize_space(text);
    let url = find_url(&t);
    let body_end = url.as_ref().map_or(t.len(), |u| u.start);
    let title_end = find_title_end(&t[..body_end]);
    let from = title_end.unwrap_or(0);
    let region_end = find_region_end(&t, from, body_end);
    let region = &t[from..region_end];
    let segments = split_segments(region);
    let texts: Vec<&str> = segments.iter().map(|&(a, b)| region[a..b].trim()).collect();
    let has_title = title_end.is_some();

    let (publisher, stretch) = match find_publisher(&texts, has_title) {
        Some(i) => {
            // Some citations name the program and then its archive; the reference
            // only starts after the last of them.
            let mut last = i;
            while texts.get(last + 1).is_some_and(|s| is_known_publisher(s)) {
                last += 1;
            }
            let stretch = segments
                .get(last + 1)
                .map(|&(a, _)| trim_stretch(&region[a..]))
                .filter(|s| s.chars().any(char::is_alphanumeric));
            (Some(clean_name(texts[i]).to_string()), stretch)
        }
        None => {
            // Without a publisher nothing vouches for the stretch, so it must at
            // least carry a number to count as a reference.
            let stretch = reference_start_without_publisher(&texts, has_title)
                .map(|i| trim_stretch(&region[segments[i].0..]))
                .filter(|s| s.chars().any(|c| c.is_ascii_digit()));
            (None, stretch)
        }
    };

    let translators = find_translators(&t, from, url.as_ref().map(|u| (u.start, u.end)));
    Citation {
        text: t.clone(),
        publisher,
        archival_reference: stretch.map(parse_reference),
        translators,
        url: url.map(|u| u.url),
        edition: None,
    }
}

/// Splits an archival reference into repository and location, and for
/// fond/opis/delo/list schemes into those parts.
pub fn parse_reference(text: &str) -> ArchivalReference {
    let t = text
        .trim()
        .trim_end_matches(|c: char| c.is_whitespace() || matches!(c, '.' | ',' | ';' | ':'));
    let mut r = ArchivalReference {
        text: t.to_string(),
        ..ArchivalReference::default()
    };
    let (repository, location_start) = split_repository(t);
    r.repository = repository;
    let location = t[location_start..]
        .trim_start_matches(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | ':' | '.'))
        .trim_end();
    // The folios, in whichever scheme, end the location: what comes before
    // them is where the file is, and the hierarchy is read from that.
    let location = match folio_segment(location) {
        Some((start, folios)) => {
            r.folios = Some(folios);
            location[..start]
                .trim_end_matches(|c: char| c.is_whitespace() || matches!(c, ',' | ';'))
        }
        None => location,
    };
    if !location.is_empty() {
        r.location = Some(location.to_string());
    }
    fill_hierarchy(location, &mut r);
    r
}

/// Words that name a sheet or its range before the numbers: Russian l./ll.
/// (лист, листы), German Bl. (Blatt), Polish k. (karta), English ff./fols.
/// and sheets, Latin folio.
const FOLIO_WORDS: &[&str] = &[
    "l",
    "ll",
    "л",
    "лл",
    "лист",
    "листы",
    "листа",
    "list",
    "listy",
    "bl",
    "bll",
    "blatt",
    "blätter",
    "k",
    "kk",
    "karta",
    "karty",
    "ff",
    "fol",
    "fols",
    "folio",
    "folios",
    "fo",
    "sheet",
    "sheets",
];

/// Where the folios of a location start and what they are: the first
/// comma segment that opens with a sheet word and numbers ("ll. 41-43",
/// "Bl. 12-15", "k. 10-12", "ff. 1-4"; "f. 45-47" where no opis makes "f."
/// a fond and something comes before it), one that closes with it, as
/// Hungarian writes ("12-14. f."), or a last segment of bare numbers
/// after others ("204-00045-02, 3-7").
fn folio_segment(loc: &str) -> Option<(usize, FolioRange)> {
    let segments = split_segments(loc);
    let has_opis = tokens(loc, &[',', ';'])
        .iter()
        .any(|&(a, b)| matches!(classify_key(&loc[a..b]), Some((Level::Opis, _))));
    for (idx, &(a, b)) in segments.iter().enumerate() {
        let seg = &loc[a..b];
        let start = a + (seg.len() - seg.trim_start().len());
        let seg = seg.trim();
        let last = idx + 1 == segments.len();
        let word_end = seg
            .find(|c: char| c.is_ascii_digit() || c.is_whitespace())
            .unwrap_or(seg.len());
        let word = seg[..word_end].trim_end_matches('.').to_lowercase();
        // The numbers may run on past the segment's comma ("ll. 12, 14-16").
        let rest = &loc[start + word_end..];
        let sheet_word =
            FOLIO_WORDS.contains(&word.as_str()) || (word == "f" && !has_opis && idx > 0 && last);
        if sheet_word && rest.trim_start().starts_with(|c: char| c.is_ascii_digit()) {
            if let Some(folios) = parse_folios(rest) {
                return Some((start, folios));
            }
        }
        // "12-14. f.", "5. l."
        let lower = seg.to_lowercase();
        for tail in [" f.", " f", " l.", " lap", " bl."] {
            if let Some(numbers) = lower.strip_suffix(tail) {
                let numbers = numbers.trim_end_matches('.').trim();
                if !numbers.is_empty()
                    && numbers
                        .chars()
                        .all(|c| c.is_ascii_digit() || matches!(c, '-' | '–' | '.' | ' '))
                {
                    if let Some(folios) = parse_folios(&numbers.replace('.', "")) {
                        return Some((start, folios));
                    }
                }
            }
        }
        if last
            && idx > 0
            && seg
                .chars()
                .all(|c| c.is_ascii_digit() || matches!(c, '-' | '–' | ' '))
            && seg.chars().any(|c| c.is_ascii_digit())
        {
            if let Some(folios) = parse_folios(seg) {
                return Some((start, folios));
            }
        }
    }
    None
}

/// Words that open the sentences following the archival reference.
const TRIGGERS: &[&str] = &[
    "translated",
    "translation",
    "obtained",
    "contributed",
    "donated",
    "included in",
    "published in",
];

/// Publishing programs, matched case-insensitively inside a segment.
const KNOWN_PUBLISHERS: &[&str] = &[
    "digital archive",
    "wilson center",
    "wilson centre",
    "cold war international history project",
    "history and public policy program",
    "national security archive",
    "office of the historian",
    "parallel history project",
    "north korea international documentation project",
];

/// The last word of a publishing body's name when it is not a known one.
const PUBLISHER_WORDS: &[&str] = &[
    "Archive",
    "Program",
    "Programme",
    "Project",
    "Office",
    "Library",
    "Center",
    "Centre",
];

/// Words that end in a period without ending a sentence (compared lowercased).
const ABBREVIATIONS: &[&str] = &[
    "f", "op", "d", "l", "ll", "p", "pp", "ff", "fol", "fols", "ob", "ф", "оп", "д", "л", "лл",
    "п", "об", "т", "г", "гг", "им", "ч", "см", "стр", "тов", "sygn", "syg", "sign", "nr", "no",
    "nos", "vol", "vols", "bd", "bde", "bl", "az", "zesp", "ark", "str", "st", "dr", "mr", "mrs",
    "ms", "jr", "sr", "co", "inc", "ltd", "dept", "gen", "col", "lt", "capt", "cde", "amb", "ed",
    "eds", "ca", "cf", "vgl", "etc", "al", "doc", "dok", "fasc", "reg", "rg", "ser", "sec", "art",
    "fig", "ref", "tel", "govt", "univ", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep",
    "sept", "oct", "nov", "dec",
];

const MONTHS: &[&str] = &[
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
];

/// Words that may accompany a date without making the segment something else.
const DATE_WORDS: &[&str] = &[
    "ca", "c", "circa", "early", "late", "mid", "before", "after", "between", "and", "or", "the",
    "of", "around", "about", "spring", "summer", "autumn", "fall", "winter",
];

/// Words that start the location inside a repository's first segment even without
/// a number of their own ("AAN sygn. 2639", "NARA RG 59").
const LOCATION_WORDS: &[&str] = &[
    "sygn", "syg", "nr", "rg", "box", "folder", "vol", "bd", "bestand", "teczka", "zesp", "fasc",
    "reel", "№",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Level {
    Fond,
    Opis,
    Delo,
    Papka,
    Folio,
}

/// Hierarchy words written out in full: read as keys with or without a period.
const FULL_KEYS: &[(&str, Level)] = &[
    ("fond", Level::Fond),
    ("fonds", Level::Fond),
    ("фонд", Level::Fond),
    ("opis", Level::Opis),
    ("опись", Level::Opis),
    ("delo", Level::Delo),
    ("дело", Level::Delo),
    ("papka", Level::Papka),
    ("папка", Level::Papka),
    ("listy", Level::Folio),
    ("list", Level::Folio),
    ("листы", Level::Folio),
    ("лист", Level::Folio),
    ("листа", Level::Folio),
    ("folio", Level::Folio),
    ("folios", Level::Folio),
];

/// Abbreviated hierarchy words: read as keys only with their period, so that a
/// stray letter in a name is not taken for one.
const ABBREVIATED_KEYS: &[(&str, Level)] = &[
    ("f", Level::Fond),
    ("ф", Level::Fond),
    ("op", Level::Opis),
    ("оп", Level::Opis),
    ("d", Level::Delo),
    ("д", Level::Delo),
    ("p", Level::Papka),
    ("п", Level::Papka),
    ("l", Level::Folio),
    ("ll", Level::Folio),
    ("л", Level::Folio),
    ("лл", Level::Folio),
    ("fol", Level::Folio),
    ("fols", Level::Folio),
];

/// Byte range `start..end` inside some string.
type Span = (usize, usize);

struct FoundUrl {
    /// Where the URL starts in the citation, its opening bracket included.
    start: usize,
    /// Where it ends, its closing bracket included.
    end: usize,
    url: String,
}

/// Joins lines and collapses runs of spaces, which is all the normalizing the
/// citation text gets: its wording must stay as the publisher wrote it.
fn normalize_space(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The first `<http...>` link, or failing that the first bare http(s) URL.
fn find_url(t: &str) -> Option<FoundUrl> {
    let mut search = 0;
    while let Some(rel) = t[search..].find('<') {
        let open = search + rel;
        let inner = open + 1;
        if starts_with_ci(&t[inner..], "http://").is_some()
            || starts_with_ci(&t[inner..], "https://").is_some()
        {
            // The search stops at the next space or bracket, so a citation full
            // of unclosed brackets is still read in linear time.
            let inner_end = t[inner..]
                .find(|c: char| c.is_whitespace() || matches!(c, '<' | '>'))
                .map_or(t.len(), |r| inner + r);
            let close = t[inner_end..].starts_with('>').then_some(inner_end);
            let url = strip_url_tail(&t[inner..inner_end]);
            if has_host(url) {
                return Some(FoundUrl {
                    start: open,
                    end: close.map_or(inner_end, |c| c + 1),
                    url: url.to_string(),
                });
            }
        }
        search = inner;
    }
    for (p, _) in t.char_indices() {
        let at = &t[p..];
        if (starts_with_ci(at, "http://").is_some() || starts_with_ci(at, "https://").is_some())
            && !prev_char(t, p).is_some_and(char::is_alphanumeric)
        {
            let end = token_end(t, p);
            let url = strip_url_tail(&t[p..end]);
            if has_host(url) {
                return Some(FoundUrl {
                    start: p,
                    end,
                    url: url.to_string(),
                });
            }
        }
    }
    None
}

/// The end of a URL written without brackets: the next space or bracket.
fn token_end(t: &str, from: usize) -> usize {
    t[from..]
        .find(|c: char| c.is_whitespace() || matches!(c, '<' | '>' | '"' | '«' | '»'))
        .map_or(t.len(), |r| from + r)
}

/// Removes sentence punctuation that follows a URL but is not part of it; a
/// closing parenthesis stays when the URL itself opened one.
fn strip_url_tail(url: &str) -> &str {
    let mut u = url;
    loop {
        let Some(last) = u.chars().next_back() else {
            return u;
        };
        let strip = match last {
            '.' | ',' | ';' | ':' | '!' | '?' | '\'' | '"' | '»' | '”' | '>' => true,
            ')' => u.matches('(').count() < u.matches(')').count(),
            ']' => u.matches('[').count() < u.matches(']').count(),
            _ => false,
        };
        if !strip {
            return u;
        }
        u = &u[..u.len() - last.len_utf8()];
    }
}

fn has_host(url: &str) -> bool {
    url.split_once("://")
        .is_some_and(|(_, rest)| rest.chars().any(char::is_alphanumeric))
}

/// The end of a quoted title at the start of the citation, if there is one.
///
/// A title may quote something itself, so the closing quote preferred is one
/// followed by the comma that separates the title from the date.
fn find_title_end(s: &str) -> Option<usize> {
    let first = s.chars().next()?;
    let closers: &[char] = match first {
        '"' => &['"'],
        '“' => &['”', '"'],
        '„' => &['“', '”', '"'],
        '«' => &['»'],
        '”' => &['”'],
        _ => return None,
    };
    let body = first.len_utf8();
    let mut fallback = None;
    for (i, c) in s[body..].char_indices() {
        if closers.contains(&c) {
            let end = body + i + c.len_utf8();
            let rest = s[end..].trim_start();
            if rest.is_empty() || rest.starts_with([',', '.', ';']) {
                return Some(end);
            }
            fallback.get_or_insert(end);
        }
    }
    fallback
}

/// The end of the main sentence (title, date, publisher, reference): the first
/// real sentence end or closing sentence after some content.
fn find_region_end(t: &str, from: usize, to: usize) -> usize {
    let mut seen_content = false;
    for (i, c) in t[from..to].char_indices() {
        let p = from + i;
        if seen_content && (c == '.' && is_sentence_end(t, p, to) || trigger_at(t, p)) {
            return p;
        }
        seen_content |= c.is_alphanumeric();
    }
    to
}

/// Whether a closing-sentence word ("Translated", "Obtained", ...) starts at `p`.
///
/// It must follow punctuation, or be capitalized after a space: a lowercase
/// "translated" inside a name or title does not end the reference.
fn trigger_at(t: &str, p: usize) -> bool {
    if prev_char(t, p).is_some_and(char::is_alphanumeric) {
        return false;
    }
    let at = &t[p..];
    let matched = TRIGGERS.iter().any(|w| {
        starts_with_ci(at, w).is_some_and(|n| !at[n..].starts_with(char::is_alphanumeric))
    });
    if !matched {
        return false;
    }
    let before = t[..p].trim_end();
    match before.chars().next_back() {
        None => false,
        Some('.' | ',' | ';' | ':' | ')' | ']') => true,
        Some(_) => before.len() < p && at.starts_with(char::is_uppercase),
    }
}

/// Whether the period at `p` ends a sentence, reading up to `limit`.
///
/// The period must be followed by a space and a capital (or the end, or an
/// opening quote or bracket), must not close an abbreviation or an initial, and
/// must not be followed by a hierarchy key ("GARF. F. 5446. Op. 98" is one
/// reference written with periods).
fn is_sentence_end(t: &str, p: usize, limit: usize) -> bool {
    let limit = limit.max(p + 1).min(t.len());
    let after = &t[p + 1..limit];
    let rest = after.trim_start();
    if rest.is_empty() {
        return true;
    }
    if rest.len() == after.len() {
        return false;
    }
    let opens = rest
        .chars()
        .next()
        .is_some_and(|c| c.is_uppercase() || matches!(c, '"' | '“' | '«' | '„' | '<' | '('));
    if !opens {
        return false;
    }
    let before = &t[..p];
    let tok_start = before
        .char_indices()
        .rev()
        .find(|&(_, c)| c.is_whitespace() || matches!(c, ',' | ';' | '(' | '['))
        .map_or(0, |(i, c)| i + c.len_utf8());
    let tok = &before[tok_start..];
    if !tok.is_empty() && tok.chars().all(|c| c.is_alphabetic() || c == '.') {
        if tok.contains('.') || tok.chars().count() == 1 {
            return false;
        }
        if ABBREVIATIONS.contains(&tok.to_lowercase().as_str()) {
            return false;
        }
    }
    let next = rest
        .split(|c: char| c.is_whitespace() || c == ',' || c == ';')
        .next()
        .unwrap_or("");
    classify_key(next).is_none()
}

/// Splits at commas outside brackets; unbalanced brackets are ignored so that a
/// stray "(" does not swallow the rest of the citation.
fn split_segments(s: &str) -> Vec<Span> {
    let balanced = brackets_balanced(s);
    let mut out = Vec::new();
    let mut depth = 0usize;
    let mut start = 0;
    for (i, c) in s.char_indices() {
        match c {
            '(' | '[' if balanced => depth += 1,
            ')' | ']' if balanced => depth = depth.saturating_sub(1),
            ',' if depth == 0 => {
                out.push((start, i));
                start = i + 1;
            }
            _ => {}
        }
    }
    out.push((start, s.len()));
    out
}

fn brackets_balanced(s: &str) -> bool {
    let mut depth = 0i64;
    for c in s.chars() {
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' => {
                depth -= 1;
                if depth < 0 {
                    return false;
                }
            }
            _ => {}
        }
    }
    depth == 0
}

fn is_known_publisher(s: &str) -> bool {
    let lower = s.to_lowercase();
    !s.chars().any(|c| c.is_ascii_digit()) && KNOWN_PUBLISHERS.iter().any(|k| lower.contains(k))
}

/// The segment naming the publisher: a known program anywhere, or otherwise the
/// segment in the publisher's slot (after the title and date) when its name ends
/// like a publishing body's and the next segment does not continue it as a
/// reference ("Archive of ..., f. 3" is a repository, not a publisher).
fn find_publisher(texts: &[&str], has_title: bool) -> Option<usize> {
    if let Some(i) = texts.iter().position(|s| is_known_publisher(s)) {
        return Some(i);
    }
    let slot = if has_title {
        texts
            .iter()
            .position(|s| !s.is_empty() && !is_date_like(s))?
    } else {
        (1..texts.len()).find(|&i| {
            !texts[i].is_empty() && !is_date_like(texts[i]) && is_date_like(texts[i - 1])
        })?
    };
    let s = texts[slot];
    let last_word = s.split_whitespace().next_back().unwrap_or("");
    let generic = !s.chars().any(|c| c.is_ascii_digit())
        && PUBLISHER_WORDS.contains(&last_word.trim_end_matches('.'));
    let next_is_location = texts.get(slot + 1).is_some_and(|n| starts_with_location(n));
    (generic && !next_is_location).then_some(slot)
}

/// Where the reference starts when no publisher was found: after the title and
/// date; without a title, after the last date, or at the repository named just
/// before the first hierarchy key.
fn reference_start_without_publisher(texts: &[&str], has_title: bool) -> Option<usize> {
    if has_title {
        return texts.iter().position(|s| !s.is_empty() && !is_date_like(s));
    }
    if let Some(d) = texts.iter().rposition(|s| is_date_like(s)) {
        return (d + 1 < texts.len()).then_some(d + 1);
    }
    let j = texts
        .iter()
        .position(|s| s.chars().any(|c| c.is_ascii_digit()) || starts_with_location(s))?;
    let previous_is_name =
        j > 0 && !texts[j - 1].is_empty() && !texts[j - 1].chars().any(|c| c.is_ascii_digit());
    Some(if previous_is_name && starts_with_location(texts[j]) {
        j - 1
    } else {
        j
    })
}

/// Whether a segment consists of a date and nothing else ("March 3", "1958",
/// "ca. 1956", "undated").
fn is_date_like(s: &str) -> bool {
    let mut dated = false;
    let mut any = false;
    for word in s.split_whitespace() {
        let w = word
            .trim_matches(|c: char| matches!(c, '.' | ',' | '[' | ']' | '(' | ')' | '?'))
            .to_lowercase();
        if w.is_empty() {
            continue;
        }
        any = true;
        if MONTHS.contains(&w.as_str())
            || is_year(&w)
            || is_year_range(&w)
            || matches!(w.as_str(), "undated" | "n.d")
        {
            dated = true;
        } else if !(is_day(&w) || DATE_WORDS.contains(&w.as_str())) {
            return false;
        }
    }
    any && dated
}

fn is_year(w: &str) -> bool {
    w.len() == 4
        && w.bytes().all(|b| b.is_ascii_digit())
        && (w.starts_with('1') || w.starts_with('2'))
}

fn is_year_range(w: &str) -> bool {
    w.split_once(['-', '–', '/']).is_some_and(|(a, b)| {
        is_year(a) && (is_year(b) || (b.len() == 2 && b.bytes().all(|c| c.is_ascii_digit())))
    })
}

fn is_day(w: &str) -> bool {
    let digits = w.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    let suffix = &w[digits.len()..];
    matches!(suffix, "" | "st" | "nd" | "rd" | "th")
        && !digits.is_empty()
        && digits.len() <= 2
        && digits.bytes().all(|b| b.is_ascii_digit())
        && digits.parse::<u8>().is_ok_and(|d| (1..=31).contains(&d))
}

/// Cuts whitespace and separating punctuation from both ends of a stretch.
fn trim_stretch(s: &str) -> &str {
    s.trim_matches(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | ':'))
}

/// A name without the sentence period that may follow it.
fn clean_name(s: &str) -> &str {
    s.trim()
        .trim_end_matches(|c: char| c.is_whitespace() || matches!(c, '.' | ',' | ';' | ':'))
}

/// Translators from every "Translated ... by" and "Translation by" in the citation.
fn find_translators(t: &str, from: usize, url: Option<Span>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut pos = from;
    while let Some((p, n)) = find_translation_word(t, pos) {
        pos = p + n;
        if url.is_some_and(|(a, b)| p >= a && p < b) {
            continue;
        }
        let Some(names_start) = find_by(t, p + n) else {
            continue;
        };
        let limit = match url {
            Some((a, _)) if a >= names_start => a,
            _ => t.len(),
        };
        let names_end = names_end(t, names_start, limit);
        for name in split_names(&t[names_start..names_end]) {
            if !out.contains(&name) {
                out.push(name);
            }
        }
        pos = pos.max(names_end);
    }
    out
}

/// The next word "translated" or "translation" at or after `from`: its position
/// and length.
fn find_translation_word(t: &str, from: usize) -> Option<(usize, usize)> {
    t[from..].char_indices().find_map(|(i, _)| {
        let p = from + i;
        if prev_char(t, p).is_some_and(char::is_alphanumeric) {
            return None;
        }
        ["translated", "translation"].iter().find_map(|w| {
            let n = starts_with_ci(&t[p..], w)?;
            (!t[p + n..].starts_with(char::is_alphanumeric)).then_some((p, n))
        })
    })
}

/// Where the names start after "translated": after the "by" that follows it
/// within the same sentence, allowing only phrases such as "for the Wilson
/// Center", "from Russian" or "and annotated" in between.
fn find_by(t: &str, from: usize) -> Option<usize> {
    let mut offset = from;
    for (k, word) in t[from..].split(' ').enumerate() {
        let start = offset;
        offset += word.len() + 1;
        if word.is_empty() {
            continue;
        }
        if k > 14 || word.contains(['<', ';']) || starts_with_ci(word, "http").is_some() {
            return None;
        }
        let w = word
            .trim_matches(|c: char| !c.is_alphanumeric())
            .to_lowercase();
        if w == "by" {
            return (offset <= t.len()).then_some(offset.min(t.len()));
        }
        if k <= 1 && !matches!(w.as_str(), "for" | "from" | "into" | "and" | "in" | "with") {
            return None;
        }
        if let Some(dot) = word.rfind('.') {
            if is_sentence_end(t, start + dot, t.len()) {
                return None;
            }
        }
    }
    None
}

/// Where a list of names ends: at the sentence end (initials and "Jr." do not
/// end it), a semicolon, a bracket or the URL.
fn names_end(t: &str, from: usize, limit: usize) -> usize {
    for (i, c) in t[from..limit].char_indices() {
        let p = from + i;
        match c {
            ';' | '<' | '(' | '[' => return p,
            '.' if is_sentence_end(t, p, limit) => return p,
            _ if starts_with_ci(&t[p..], "http").is_some() => return p,
            _ => {}
        }
    }
    limit
}

/// Splits "A", "A and B", "A, B, and C" into names, dropping a trailing
/// "for CWIHP" and keeping "Jr." with its name.
fn split_names(s: &str) -> Vec<String> {
    let s = match find_word_ci(s, "for") {
        Some(p) => &s[..p],
        None => s,
    };
    let mut names: Vec<String> = Vec::new();
    for part in s.split(',') {
        for piece in split_on_conjunction(part) {
            let name = piece
                .trim()
                .trim_end_matches(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | ':'));
            if !name.chars().any(char::is_alphabetic) {
                continue;
            }
            let bare = name.trim_end_matches('.').to_lowercase();
            if matches!(bare.as_str(), "jr" | "sr" | "ii" | "iii" | "phd") {
                if let Some(prev) = names.last_mut() {
                    prev.push_str(", ");
                    prev.push_str(name);
                    continue;
                }
            }
            names.push(name.to_string());
        }
    }
    names
}

/// Splits a comma-free part at the words "and" and "&".
fn split_on_conjunction(part: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = part;
    loop {
        let and = find_word_ci(rest, "and").map(|p| (p, 3));
        let amp = rest.find(" & ").map(|p| (p + 1, 1));
        let cut = match (and, amp) {
            (Some(a), Some(b)) => Some(if a.0 <= b.0 { a } else { b }),
            (a, b) => a.or(b),
        };
        match cut {
            Some((p, n)) => {
                out.push(&rest[..p]);
                rest = &rest[p + n..];
            }
            None => {
                out.push(rest);
                return out;
            }
        }
    }
}

/// The position of `word` as a whole word, compared case-insensitively.
fn find_word_ci(s: &str, word: &str) -> Option<usize> {
    s.char_indices().find_map(|(p, _)| {
        let n = starts_with_ci(&s[p..], word)?;
        let bounded = !prev_char(s, p).is_some_and(char::is_alphanumeric)
            && !s[p + n..].starts_with(char::is_alphanumeric);
        bounded.then_some(p)
    })
}

/// If `s` starts with `pat` (lowercase) ignoring case, the byte length matched.
fn starts_with_ci(s: &str, pat: &str) -> Option<usize> {
    let mut chars = s.char_indices();
    let mut len = 0;
    for p in pat.chars() {
        let (i, c) = chars.next()?;
        let mut lower = c.to_lowercase();
        if lower.next() != Some(p) || lower.next().is_some() {
            return None;
        }
        len = i + c.len_utf8();
    }
    Some(len)
}

fn prev_char(s: &str, p: usize) -> Option<char> {
    s[..p].chars().next_back()
}

/// Whitespace-separated tokens of `s`, also split at the given characters.
fn tokens(s: &str, also: &[char]) -> Vec<Span> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in s.char_indices() {
        if c.is_whitespace() || also.contains(&c) {
            if let Some(a) = start.take() {
                out.push((a, i));
            }
        } else if start.is_none() {
            start = Some(i);
        }
    }
    if let Some(a) = start {
        out.push((a, s.len()));
    }
    out
}

/// Reads a token as a hierarchy key: the level, and where a value written
/// against it starts ("f.5446", "ll.1-33").
fn classify_key(tok: &str) -> Option<(Level, Option<usize>)> {
    let lookup = |table: &[(&str, Level)], w: &str| {
        table.iter().find(|(k, _)| *k == w).map(|&(_, level)| level)
    };
    if let Some(dot) = tok.find('.') {
        let head = tok[..dot].to_lowercase();
        let head = head.trim_end_matches(['\'', '’', 'ʹ', 'ʼ']);
        let level = lookup(ABBREVIATED_KEYS, head).or_else(|| lookup(FULL_KEYS, head))?;
        let tail = &tok[dot + 1..];
        if tail.is_empty() {
            return Some((level, None));
        }
        return tail
            .starts_with(|c: char| c.is_ascii_digit())
            .then_some((level, Some(dot + 1)));
    }
    let head = tok
        .trim_end_matches(['\'', '’', 'ʹ', 'ʼ', ':'])
        .to_lowercase();
    lookup(FULL_KEYS, &head).map(|level| (level, None))
}

/// Whether the token at `k` starts a location: it bears a number, is a
/// hierarchy key with a number after it, or is a word such as "sygn." or "RG".
fn is_location_token(s: &str, toks: &[Span], k: usize) -> bool {
    let (a, b) = toks[k];
    let tok = &s[a..b];
    if tok.chars().any(|c| c.is_ascii_digit()) {
        return true;
    }
    if let Some((_, glued)) = classify_key(tok) {
        let numbered_next = toks
            .get(k + 1)
            .is_some_and(|&(a, b)| s[a..b].chars().any(|c| c.is_ascii_digit()));
        if glued.is_some() || numbered_next {
            return true;
        }
    }
    if tok.starts_with('№') {
        return true;
    }
    let lower = tok.to_lowercase();
    let bare = lower.trim_end_matches('.');
    LOCATION_WORDS.contains(&bare) || (matches!(bare, "no" | "nos") && lower.ends_with('.'))
}

fn starts_with_location(s: &str) -> bool {
    let toks = tokens(s, &[',', ';']);
    !toks.is_empty() && is_location_token(s, &toks, 0)
}

/// The repository and where the location starts: the first comma segment, or the
/// run of name tokens before the first location token inside it.
fn split_repository(t: &str) -> (Option<String>, usize) {
    let first_end = split_segments(t).first().map_or(t.len(), |&(_, b)| b);
    let first = &t[..first_end];
    let toks = tokens(first, &[]);
    let stop = (0..toks.len()).find(|&k| is_location_token(first, &toks, k));
    let (repository, location_start) = match stop {
        Some(0) => return (None, 0),
        Some(k) => (&first[..toks[k].0], toks[k].0),
        None => (first, first_end),
    };
    let repository = repository
        .trim()
        .trim_end_matches(|c: char| c.is_whitespace() || matches!(c, '.' | ',' | ';' | ':'));
    if repository.chars().any(char::is_alphabetic) {
        (Some(repository.to_string()), location_start)
    } else {
        (None, 0)
    }
}

/// Fills fond, opis, delo and folios from the keys found in the location.
fn fill_hierarchy(loc: &str, r: &mut ArchivalReference) {
    let toks = tokens(loc, &[',', ';']);
    for (k, &(a, b)) in toks.iter().enumerate() {
        let Some((level, glued)) = classify_key(&loc[a..b]) else {
            continue;
        };
        let value = match glued {
            Some(off) => Some((a + off, b)),
            None => toks[k + 1..]
                .iter()
                .copied()
                .find(|&(a, b)| !is_number_sign(&loc[a..b])),
        };
        let Some((va, vb)) = value else {
            continue;
        };
        let field = match level {
            Level::Folio => {
                if r.folios.is_none() {
                    r.folios = parse_folios(&loc[va..]);
                }
                continue;
            }
            // The papka (box) number is not kept, but reading it as a key keeps
            // its number from being taken for anything else.
            Level::Papka => continue,
            Level::Fond => &mut r.fond,
            Level::Opis => &mut r.opis,
            Level::Delo => &mut r.delo,
        };
        let v = loc[va..vb]
            .trim_start_matches('№')
            .trim_end_matches(['.', ')', ':']);
        if field.is_none() && v.chars().any(|c| c.is_ascii_digit()) {
            *field = Some(v.to_string());
        }
    }
}

fn is_number_sign(tok: &str) -> bool {
    matches!(tok.to_lowercase().as_str(), "no." | "nr." | "№")
}

/// Reads folios such as "49-57", "49 – 57", "45ob.", "12, 14-16" from the start
/// of `s`. A reversed range or a number too large for u32 gives no folios at all,
/// since any range read from it would be wrong.
fn parse_folios(s: &str) -> Option<FolioRange> {
    let cs: Vec<char> = s.chars().take(200).collect();
    let mut i = 0;
    skip_spaces(&cs, &mut i);
    if cs.get(i) == Some(&'№') {
        i += 1;
        skip_spaces(&cs, &mut i);
    }
    let mut range: Option<FolioRange> = None;
    loop {
        let (from, to) = parse_folio_item(&cs, &mut i).ok()??;
        let r = range.get_or_insert(FolioRange { from, to });
        r.from = r.from.min(from);
        r.to = r.to.max(to);
        let mut j = i;
        skip_spaces(&cs, &mut j);
        if cs.get(j) != Some(&',') {
            break;
        }
        j += 1;
        skip_spaces(&cs, &mut j);
        if !cs.get(j).is_some_and(char::is_ascii_digit) {
            break;
        }
        i = j;
    }
    range
}

/// One folio or range. `Ok(None)` when no number starts here, `Err` when the
/// numbers are unusable.
fn parse_folio_item(cs: &[char], i: &mut usize) -> Result<Option<(u32, u32)>, ()> {
    let Some(a) = parse_folio_number(cs, i)? else {
        return Ok(None);
    };
    let mut j = *i;
    skip_spaces(cs, &mut j);
    if !cs
        .get(j)
        .is_some_and(|c| matches!(c, '-' | '–' | '—' | '‒' | '‑' | '−'))
    {
        return Ok(Some((a, a)));
    }
    j += 1;
    skip_spaces(cs, &mut j);
    match parse_folio_number(cs, &mut j)? {
        Some(b) if a <= b => {
            *i = j;
            Ok(Some((a, b)))
        }
        Some(_) => Err(()),
        None => Ok(Some((a, a))),
    }
}

/// A folio number with an optional verso or letter mark ("45ob.", "45 об.", "12a").
fn parse_folio_number(cs: &[char], i: &mut usize) -> Result<Option<u32>, ()> {
    if !cs.get(*i).is_some_and(char::is_ascii_digit) {
        return Ok(None);
    }
    let mut n: Option<u32> = Some(0);
    while let Some(d) = cs.get(*i).and_then(|c| c.to_digit(10)) {
        n = n
            .and_then(|n| n.checked_mul(10))
            .and_then(|n| n.checked_add(d));
        *i += 1;
    }
    let n = n.ok_or(())?;
    let letters = cs[*i..].iter().take_while(|c| c.is_alphabetic()).count();
    if (1..=3).contains(&letters) {
        *i += letters;
        if cs.get(*i) == Some(&'.') {
            *i += 1;
        }
    } else if letters == 0 {
        let mut j = *i;
        skip_spaces(cs, &mut j);
        let word: String = cs[j..]
            .iter()
            .take_while(|c| c.is_alphabetic())
            .flat_map(|c| c.to_lowercase())
            .collect();
        if matches!(word.as_str(), "ob" | "об") {
            *i = j + 2;
            if cs.get(*i) == Some(&'.') {
                *i += 1;
            }
        }
    }
    Ok(Some(n))
}

fn skip_spaces(cs: &[char], i: &mut usize) {
    while cs.get(*i).is_some_and(|c| c.is_whitespace()) {
        *i += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn folios(from: u32, to: u32) -> Option<FolioRange> {
        Some(FolioRange { from, to })
    }

    #[test]
    fn russian_reference_with_full_words() {
        let c = parse_citation(
            "\"Memorandum of a Conversation with the Ambassador of Ruritania\", October 2, 1957, \
             Wilson Center Digital Archive, GARF, Fond 5446, Opis 120c, Delo 33, Listy 4-11. \
             Translated by Anna Petrova.  \n<https://digitalarchive.example.org/document/1001>",
        );
        assert_eq!(
            c.publisher.as_deref(),
            Some("Wilson Center Digital Archive")
        );
        assert_eq!(c.translators, vec!["Anna Petrova"]);
        assert_eq!(
            c.url.as_deref(),
            Some("https://digitalarchive.example.org/document/1001")
        );
        assert!(!c.text.contains('\n') && !c.text.contains("  "));
        let r = c.archival_reference.expect("reference");
        assert_eq!(r.text, "GARF, Fond 5446, Opis 120c, Delo 33, Listy 4-11");
        assert_eq!(r.repository.as_deref(), Some("GARF"));
        assert_eq!(r.location.as_deref(), Some("Fond 5446, Opis 120c, Delo 33"));
        assert_eq!(r.locator(), "Fond 5446, Opis 120c, Delo 33, Listy 4-11");
        assert_eq!(r.fond.as_deref(), Some("5446"));
        assert_eq!(r.opis.as_deref(), Some("120c"));
        assert_eq!(r.delo.as_deref(), Some("33"));
        assert_eq!(r.folios, folios(4, 11));
    }

    #[test]
    fn russian_reference_with_abbreviations_and_two_translators() {
        let c = parse_citation(
            "\"Record of a Conversation with Comrade X, Minister of Trade\", March 3, 1958, \
             Wilson Center Digital Archive, RGANI, f. 5, op. 30, d. 245, ll. 12-19. Translated \
             by Jane Roe and John Doe.  \n<https://digitalarchive.example.org/document/4711>",
        );
        assert_eq!(c.translators, vec!["Jane Roe", "John Doe"]);
        let r = c.archival_reference.expect("reference");
        assert_eq!(r.repository.as_deref(), Some("RGANI"));
        assert_eq!(
            (r.fond.as_deref(), r.opis.as_deref(), r.delo.as_deref()),
            (Some("5"), Some("30"), Some("245"))
        );
        assert_eq!(r.folios, folios(12, 19));
    }

    #[test]
    fn cyrillic_references() {
        let r = parse_reference("ГАРФ, ф. 5446, оп. 98с, д. 718, лл. 49–57.");
        assert_eq!(r.text, "ГАРФ, ф. 5446, оп. 98с, д. 718, лл. 49–57");
        assert_eq!(r.repository.as_deref(), Some("ГАРФ"));
        assert_eq!(r.fond.as_deref(), Some("5446"));
        assert_eq!(r.opis.as_deref(), Some("98с"));
        assert_eq!(r.delo.as_deref(), Some("718"));
        assert_eq!(r.folios, folios(49, 57));

        // The same scheme written with periods between the levels.
        let r = parse_reference("ГАРФ. Ф. 9401. Оп. 2. Д. 64. Л. 45об.");
        assert_eq!(r.repository.as_deref(), Some("ГАРФ"));
        assert_eq!(r.fond.as_deref(), Some("9401"));
        assert_eq!(r.opis.as_deref(), Some("2"));
        assert_eq!(r.delo.as_deref(), Some("64"));
        assert_eq!(r.folios, folios(45, 45));

        let c = parse_citation(
            "\"Запись беседы с послом\", 1959, Wilson Center Digital Archive, ГАРФ. Ф. 9401. \
             Оп. 2. Д. 64. Л. 3-5. Translated by Ivan Ivanov.",
        );
        let r = c.archival_reference.expect("reference");
        assert_eq!(r.delo.as_deref(), Some("64"));
        assert_eq!(r.folios, folios(3, 5));
    }

    #[test]
    fn papka_and_glued_keys_do_not_confuse_the_levels() {
        let r = parse_reference("AVP RF, f. 0102, op. 11, p. 6, d. 9, ll. 1-3");
        assert_eq!(r.repository.as_deref(), Some("AVP RF"));
        assert_eq!(r.fond.as_deref(), Some("0102"));
        assert_eq!(r.opis.as_deref(), Some("11"));
        assert_eq!(r.delo.as_deref(), Some("9"));
        assert_eq!(r.folios, folios(1, 3));

        let r = parse_reference("AVPRF f.0100, op.46, papka 362, d.12, l.7");
        assert_eq!(r.repository.as_deref(), Some("AVPRF"));
        assert_eq!(
            r.location.as_deref(),
            Some("f.0100, op.46, papka 362, d.12")
        );
        assert_eq!(r.locator(), "f.0100, op.46, papka 362, d.12, l.7");
        assert_eq!(r.fond.as_deref(), Some("0100"));
        assert_eq!(r.delo.as_deref(), Some("12"));
        assert_eq!(r.folios, folios(7, 7));
    }

    #[test]
    fn german_reference_and_translator_for_a_program() {
        let c = parse_citation(
            "\"Minutes of a Meeting of the Politburo\", June 1, 1961, History and Public Policy \
             Program Digital Archive, SAPMO-BArch, DY 30/IV 2/20/442. Translated for CWIHP by \
             Hans Muster. <https://digitalarchive.example.org/document/3003>",
        );
        assert_eq!(
            c.publisher.as_deref(),
            Some("History and Public Policy Program Digital Archive")
        );
        assert_eq!(c.translators, vec!["Hans Muster"]);
        let r = c.archival_reference.expect("reference");
        assert_eq!(r.repository.as_deref(), Some("SAPMO-BArch"));
        assert_eq!(r.location.as_deref(), Some("DY 30/IV 2/20/442"));
        assert_eq!(r.fond, None);
        assert_eq!(r.folios, None);
    }

    #[test]
    fn chinese_reference_with_bare_url() {
        let c = parse_citation(
            "\"Telegram from the Embassy in Ruritania\", April 9, 1960, Wilson Center Digital \
             Archive, PRC FMA 109-00123-04. Obtained and translated by Li Ming and Wang Fang. \
             https://digitalarchive.example.org/document/2002.",
        );
        assert_eq!(
            c.url.as_deref(),
            Some("https://digitalarchive.example.org/document/2002")
        );
        assert_eq!(c.translators, vec!["Li Ming", "Wang Fang"]);
        let r = c.archival_reference.expect("reference");
        assert_eq!(r.repository.as_deref(), Some("PRC FMA"));
        assert_eq!(r.location.as_deref(), Some("109-00123-04"));
    }

    #[test]
    fn polish_reference_and_three_translators() {
        let c = parse_citation(
            "\"Note on a Conversation, with Annexes\", 1956, Wilson Center Digital Archive, AAN, \
             KC PZPR, sygn. 2639, k. 1-5. Translated by Jan Kowalski, Anna Nowak, and Piotr \
             Zielinski.",
        );
        assert_eq!(c.url, None);
        assert_eq!(
            c.translators,
            vec!["Jan Kowalski", "Anna Nowak", "Piotr Zielinski"]
        );
        let r = c.archival_reference.expect("reference");
        assert_eq!(r.repository.as_deref(), Some("AAN"));
        // Polish "k." (karta) is a sheet.
        assert_eq!(r.location.as_deref(), Some("KC PZPR, sygn. 2639"));
        assert_eq!(r.folios, folios(1, 5));
    }

    #[test]
    fn state_department_reference_without_url_or_translator() {
        let c = parse_citation(
            "\"Telegram from the Embassy in Ruritania to the Department of State\", October 20, \
             1956, Office of the Historian, Department of State, Central Files, 748.00/10-2056.",
        );
        assert_eq!(c.publisher.as_deref(), Some("Office of the Historian"));
        assert!(c.translators.is_empty());
        assert_eq!(c.url, None);
        let r = c.archival_reference.expect("reference");
        assert_eq!(r.repository.as_deref(), Some("Department of State"));
        assert_eq!(r.location.as_deref(), Some("Central Files, 748.00/10-2056"));
    }

    #[test]
    fn citations_without_reference() {
        let c = parse_citation(
            "\"Letter from A to B\", May 1, 1950, Wilson Center Digital Archive. Translated by \
             Carl Carlsson. <https://digitalarchive.example.org/document/5>",
        );
        assert_eq!(
            c.publisher.as_deref(),
            Some("Wilson Center Digital Archive")
        );
        assert_eq!(c.archival_reference, None);
        assert_eq!(c.translators, vec!["Carl Carlsson"]);

        let c = parse_citation(
            "\"Letter from A to B\", 1950, Wilson Center Digital Archive, Included in CWIHP \
             Bulletin 3.",
        );
        assert_eq!(c.archival_reference, None);

        let c = parse_citation("\"Speech at a Rally\", July 4, 1955. Translation by Peter Pan.");
        assert_eq!(c.publisher, None);
        assert_eq!(c.archival_reference, None);
        assert_eq!(c.translators, vec!["Peter Pan"]);
    }

    #[test]
    fn translator_phrases() {
        let c = parse_citation(
            "\"Report\", 1960, Wilson Center Digital Archive, RGASPI, f. 17, op. 3, d. 1. \
             Translated from Russian by Olga Ivanova.",
        );
        assert_eq!(c.translators, vec!["Olga Ivanova"]);
        assert_eq!(
            c.archival_reference.and_then(|r| r.delo).as_deref(),
            Some("1")
        );

        let c = parse_citation(
            "\"Report\", 1960, Wilson Center Digital Archive, RGAE, f. 4372, op. 11, d. 7. \
             Translated for the Wilson Center by Mary Major and Gary J. Minor. Contributed by \
             Someone Else.",
        );
        assert_eq!(c.translators, vec!["Mary Major", "Gary J. Minor"]);
    }

    #[test]
    fn citation_without_quoted_title() {
        let c = parse_citation(
            "Conversation with the Premier, 12 June 1962, Wilson Center Digital Archive, APRF, \
             f. 52, op. 1, d. 499, ll. 1-33. Translated by Ann Lee.",
        );
        assert_eq!(
            c.publisher.as_deref(),
            Some("Wilson Center Digital Archive")
        );
        let r = c.archival_reference.expect("reference");
        assert_eq!(r.repository.as_deref(), Some("APRF"));
        assert_eq!(r.folios, folios(1, 33));

        // Neither title nor publisher: the repository before the first key.
        let c = parse_citation("Memo on trade, 1958, TsKhSD, f. 89, op. 2, d. 5");
        let r = c.archival_reference.expect("reference");
        assert_eq!(r.repository.as_deref(), Some("TsKhSD"));
        assert_eq!(r.fond.as_deref(), Some("89"));
    }

    #[test]
    fn unbalanced_title_quote_and_repository_named_in_full() {
        let c = parse_citation(
            "\"Untitled note, 1958, Wilson Center Digital Archive, Archive of Foreign Policy of \
             the Russian Federation (AVP RF), Moscow, fond 0102, opis 14, delo 8, list 3.",
        );
        assert_eq!(
            c.publisher.as_deref(),
            Some("Wilson Center Digital Archive")
        );
        let r = c.archival_reference.expect("reference");
        assert_eq!(
            r.repository.as_deref(),
            Some("Archive of Foreign Policy of the Russian Federation (AVP RF)")
        );
        assert_eq!(r.fond.as_deref(), Some("0102"));
        assert_eq!(r.folios, folios(3, 3));

        // Without a publisher, an archive followed by a fond is the repository.
        let c = parse_citation(
            "\"Note\", 1958, Archive of the President of the Russian Federation, f. 3, op. 65, \
             d. 1, ll. 2-4",
        );
        assert_eq!(c.publisher, None);
        let r = c.archival_reference.expect("reference");
        assert_eq!(
            r.repository.as_deref(),
            Some("Archive of the President of the Russian Federation")
        );
    }

    #[test]
    fn other_repositories() {
        let c = parse_citation(
            "\"Memorandum\", 1962, National Security Archive, National Archives, RG 59, Central \
             Decimal File, 1960-1963, box 5.",
        );
        assert_eq!(c.publisher.as_deref(), Some("National Security Archive"));
        let r = c.archival_reference.expect("reference");
        assert_eq!(r.repository.as_deref(), Some("National Archives"));

        let r = parse_reference(
            "Archives of the Ministry of Foreign Affairs of Ruritania, Political Files, No. 12",
        );
        assert_eq!(
            r.repository.as_deref(),
            Some("Archives of the Ministry of Foreign Affairs of Ruritania")
        );
        assert_eq!(r.location.as_deref(), Some("Political Files, No. 12"));

        let r = parse_reference("Fond 5446, Opis 1, Delo 2");
        assert_eq!(r.repository, None);
        assert_eq!(r.location.as_deref(), Some("Fond 5446, Opis 1, Delo 2"));
    }

    #[test]
    fn folio_shapes() {
        let f = |s: &str| parse_reference(s).folios;
        assert_eq!(f("RGVA, f. 1, op. 2, d. 3, ll. 49 - 57"), folios(49, 57));
        assert_eq!(f("RGVA, f. 1, op. 2, d. 3, l. 45ob."), folios(45, 45));
        assert_eq!(f("RGVA, f. 1, op. 2, d. 3, l. 45 об."), folios(45, 45));
        assert_eq!(f("RGVA, f. 1, op. 2, d. 3, ll. 12, 14-16"), folios(12, 16));
        assert_eq!(f("RGVA, f. 1, op. 2, d. 3, ll. 20, 3-4"), folios(3, 20));
        assert_eq!(f("TsAMO, fond 3, folios 10-12"), folios(10, 12));
        assert_eq!(f("RGALI, f. 1, fols. 8–9"), folios(8, 9));
        assert_eq!(f("RGVA, f. 1, op. 2, d. 3, ll. 57-49"), None);
        assert_eq!(f("RGVA, f. 1, ll. 99999999999"), None);
        assert_eq!(f("RGVA, f. 1, ll. 4-99999999999"), None);
        assert_eq!(f("RGVA, f. 1, list of names"), None);
    }

    /// References of every scheme come apart as repository, location and
    /// folios: the sheets named by their own word in each language, at the
    /// end in Hungarian, or bare after the file's number.
    #[test]
    fn locations_then_folios_in_any_scheme() {
        let parts = |s: &str| {
            let r = parse_reference(s);
            (
                r.repository.unwrap_or_default(),
                r.location.unwrap_or_default(),
                r.folios.map(|f| (f.from, f.to)),
            )
        };
        for (reference, repository, location, from, to) in [
            (
                "BArch, NY 4090/473, Bl. 12-15",
                "BArch",
                "NY 4090/473",
                12,
                15,
            ),
            ("AMFA 204-00045-02, 3-7", "AMFA", "204-00045-02", 3, 7),
            (
                "AAN, KC PZPR, sygn. 2345, k. 10-12",
                "AAN",
                "KC PZPR, sygn. 2345",
                10,
                12,
            ),
            (
                "MAE, Série Europe 1944-1960, URSS, vol. 112, f. 45-47",
                "MAE",
                "Série Europe 1944-1960, URSS, vol. 112",
                45,
                47,
            ),
            (
                "NARA, RG 59, Central Decimal File, Box 3921, ff. 1-4",
                "NARA",
                "RG 59, Central Decimal File, Box 3921",
                1,
                4,
            ),
            (
                "MNL OL, XIX-J-1-j, 4. doboz, 12-14. f.",
                "MNL OL",
                "XIX-J-1-j, 4. doboz",
                12,
                14,
            ),
            (
                "AVP RF, f. 0100, op. 52, d. 9, ll. 13-16",
                "AVP RF",
                "f. 0100, op. 52, d. 9",
                13,
                16,
            ),
        ] {
            assert_eq!(
                parts(reference),
                (
                    repository.to_string(),
                    location.to_string(),
                    Some((from, to))
                ),
                "{reference}"
            );
        }
        // "f." is a fond where an opis follows, or where nothing precedes it.
        let r = parse_reference("TsDA, f. 1-B, op. 6, a.e. 3421, l. 1-9");
        assert_eq!((r.fond.as_deref(), r.folios), (Some("1-B"), folios(1, 9)));
        let r = parse_reference("RGASPI, f. 17");
        assert_eq!((r.fond.as_deref(), r.folios), (Some("17"), None));
        // A single file number is no folio.
        assert_eq!(parse_reference("PRC FMA 109-01234-05").folios, None);
    }

    #[test]
    fn degenerate_input() {
        let c = parse_citation("");
        assert_eq!(c, Citation::default());
        let c = parse_citation(" \"\" , . ; <> < http:// ");
        assert_eq!(c.url, None);
        let r = parse_reference("...,,,");
        assert_eq!(r.repository, None);
        assert_eq!(r.location, None);
        let r = parse_reference("");
        assert_eq!(r, ArchivalReference::default());
    }

    fn check(s: &str) {
        let c = parse_citation(s);
        if let Some(f) = c.archival_reference.and_then(|r| r.folios) {
            assert!(f.from <= f.to);
        }
        if let Some(f) = parse_reference(s).folios {
            assert!(f.from <= f.to);
        }
    }

    proptest! {
        #[test]
        fn never_panics_on_arbitrary_text(s in any::<String>()) {
            check(&s);
        }

        #[test]
        fn never_panics_on_citation_like_text(
            s in "(\"[a-zа-я ,]{0,8}\"?)?((, ?|\\. ?)(f|op|d|l|ll|ф|оп|лл|Fond|Listy|[A-Z]{2,5})\\.?\
                  ( ?[0-9]{1,12}(ob|об)?(( ?[-–] ?| ?, ?)[0-9]{0,12})?)?\
                  |,? Wilson Center Digital Archive|\\.? Translated( for [A-Z]+)? by \
                  [A-Z]\\.? ?[a-z]*(,? and [A-Z][a-z]*)?\\.?| ?<?https?://[a-z./]{0,6}>?\
                  | [«»“”„\"()\\[\\]]){0,10}"
        ) {
            check(&s);
        }
    }
}
