//! Dates as archival records write them, and their normalized EDTF-like form.
//!
//! Reads dates written in English, Russian, German, Chinese and Korean
//! ("September 17, 1956", "16 сентября 1957г.", "16. September 1956",
//! "1956年9月16日", "16.IX.1956") into a [`DateValue`], which prints as an
//! EDTF (Library of Congress Extended Date/Time Format) string.
//!
//! # How text is read
//!
//! The text is first cut into tokens (runs of digits, runs of letters, single
//! CJK characters, runs of Chinese numerals and single punctuation marks), each
//! remembering its byte range and whether whitespace or a line break precedes
//! it. The date patterns then look at a handful of tokens from a starting
//! point, so scanning stays linear in the length of the text and never
//! backtracks over characters. Spans are built from token boundaries, which
//! always fall on character boundaries.
//!
//! At every token the longest pattern that starts there wins, and scanning
//! resumes after it, so the dates found are in order and never overlap. A
//! pattern that is complete in form but impossible in value ("February 30,
//! 1956", "13.13.1956") yields nothing, and its words are not searched again
//! for a shorter date.
//!
//! # Bare years
//!
//! A four-digit number from 1000 to 2100 alone is often a folio, a file number
//! or a count, so [`find_dates`] takes it as a year only when:
//!
//! - a word marking a year follows it ("1957г.", "1957 года", "1956 year"), or
//! - it follows "in", "of", "from", "since", "until", "till", "during",
//!   "year", "seit", "Jahr", "в", "во", "с", "до" or a comma, or "Date:" or
//!   "Дата:", or
//! - nothing but markup (`*`, `#`, brackets, quotes, a list dash) precedes it
//!   on its line, or
//! - a qualifier such as "circa" or "около" precedes it.
//!
//! It is never taken when glued to other letters or digits ("A1956",
//! "1956-1234", "12.1956"). [`parse_date`] accepts a bare year when it is the
//! whole text.
//!
//! Two-digit years ("16.IX.56", "1956-57") and month-first numeric dates
//! ("09/17/1956") are not read, since they cannot be told apart reliably.

use std::ops::Range;

/// How far a normalized value can be trusted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Certainty {
    #[default]
    Stated,
    /// "circa", "около", "~": EDTF `~`.
    Approximate,
    /// Marked doubtful in the source ("[?]", "(?)"): EDTF `?`.
    Uncertain,
    /// Not stated but derived (for instance from a range of folios or other dates).
    Inferred,
}

impl Certainty {
    pub fn as_str(self) -> &'static str {
        match self {
            Certainty::Stated => "stated",
            Certainty::Approximate => "approximate",
            Certainty::Uncertain => "uncertain",
            Certainty::Inferred => "inferred",
        }
    }

    pub fn parse(s: &str) -> Option<Certainty> {
        Some(match s {
            "stated" => Certainty::Stated,
            "approximate" => Certainty::Approximate,
            "uncertain" => Certainty::Uncertain,
            "inferred" => Certainty::Inferred,
            _ => return None,
        })
    }
}

/// The English month names, January first: for writing dates as people read them.
pub const ENGLISH_MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// A normalized date, precise to the level the source gives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DateValue {
    Day {
        year: i32,
        month: u8,
        day: u8,
    },
    Month {
        year: i32,
        month: u8,
    },
    Year(i32),
    /// The decade starting at this year ("1950s": 1950), EDTF `195X`.
    Decade(i32),
    /// From one date to another, inclusive (EDTF `1956-09-16/1956-09-17`).
    Interval(Box<DateValue>, Box<DateValue>),
}

/// A date found inside a longer text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoundDate {
    /// Byte range of the date's words in the searched text.
    pub span: Range<usize>,
    pub value: DateValue,
    pub certainty: Certainty,
}

impl DateValue {
    /// The EDTF form, with `~` or `?` for approximate or uncertain dates.
    ///
    /// An interval carries the qualifier on both of its ends
    /// (`1956-09~/1956-10~`), because EDTF qualifies each end separately and a
    /// single trailing mark would only qualify the end date.
    pub fn to_edtf(&self, certainty: Certainty) -> String {
        let mark = match certainty {
            Certainty::Approximate => "~",
            Certainty::Uncertain => "?",
            Certainty::Stated | Certainty::Inferred => "",
        };
        let mut out = String::with_capacity(24);
        match self {
            DateValue::Interval(a, b) => {
                a.write_edtf(&mut out);
                out.push_str(mark);
                out.push('/');
                b.write_edtf(&mut out);
                out.push_str(mark);
            }
            single => {
                single.write_edtf(&mut out);
                out.push_str(mark);
            }
        }
        out
    }

    /// Writes the value without a qualifier.
    fn write_edtf(&self, out: &mut String) {
        use std::fmt::Write;
        // Writing into a String cannot fail, so the results are ignored.
        match *self {
            DateValue::Day { year, month, day } => {
                write_year(out, year);
                let _ = write!(out, "-{month:02}-{day:02}");
            }
            DateValue::Month { year, month } => {
                write_year(out, year);
                let _ = write!(out, "-{month:02}");
            }
            DateValue::Year(year) if year.unsigned_abs() > 9999 => {
                // EDTF writes years of more than four digits with a leading "Y".
                let _ = write!(out, "Y{year}");
            }
            DateValue::Year(year) => write_year(out, year),
            DateValue::Decade(start) => {
                if start < 0 {
                    out.push('-');
                }
                let _ = write!(out, "{:03}X", start.unsigned_abs() / 10);
            }
            DateValue::Interval(ref a, ref b) => {
                a.write_edtf(out);
                out.push('/');
                b.write_edtf(out);
            }
        }
    }

    /// The value whose first and last days are these ([`DateValue::earliest`]
    /// and [`DateValue::latest`] read back): one day, a whole month, a whole
    /// year, or a span of days.
    pub fn spanning(first: (i32, u8, u8), last: (i32, u8, u8)) -> DateValue {
        let day = |(year, month, day): (i32, u8, u8)| DateValue::Day { year, month, day };
        let (y, m, _) = first;
        if first == last {
            day(first)
        } else if (y, m, 1) == first && (y, m, days_in_month(y, m)) == last {
            DateValue::Month { year: y, month: m }
        } else if (y, 1, 1) == first && (y, 12, 31) == last {
            DateValue::Year(y)
        } else {
            DateValue::Interval(Box::new(day(first)), Box::new(day(last)))
        }
    }

    /// One normalised form for people to read, whatever the source wrote:
    /// "22 April 1919", "September 1956", "1956", "the 1950s",
    /// "16–17 September 1956"; "about ..." or "... (uncertain)" as the
    /// certainty says.
    pub fn display(&self, certainty: Certainty) -> String {
        let month = |m: u8| ENGLISH_MONTHS.get(m as usize - 1).copied().unwrap_or("?");
        let one = |v: &DateValue| match *v {
            DateValue::Day {
                year,
                month: m,
                day,
            } => format!("{day} {} {year}", month(m)),
            DateValue::Month { year, month: m } => format!("{} {year}", month(m)),
            DateValue::Year(year) => year.to_string(),
            DateValue::Decade(start) => format!("the {start}s"),
            DateValue::Interval(..) => String::new(),
        };
        let text = match self {
            DateValue::Interval(a, b) => match (a.as_ref(), b.as_ref()) {
                // 16–17 September 1956
                (
                    DateValue::Day {
                        year,
                        month: m,
                        day,
                    },
                    DateValue::Day {
                        year: y2,
                        month: m2,
                        day: d2,
                    },
                ) if year == y2 && m == m2 => format!("{day}–{d2} {} {year}", month(*m)),
                (a, b) => format!("{} – {}", one(a), one(b)),
            },
            single => one(single),
        };
        match certainty {
            Certainty::Approximate => format!("about {text}"),
            Certainty::Uncertain => format!("{text} (uncertain)"),
            Certainty::Stated | Certainty::Inferred => text,
        }
    }

    /// Reads an EDTF string as written by [`DateValue::to_edtf`].
    ///
    /// A value without a qualifier reads as [`Certainty::Stated`]. An interval
    /// must carry the same qualifier on both ends, since one certainty stands
    /// for the whole value.
    pub fn parse_edtf(s: &str) -> Option<(DateValue, Certainty)> {
        match s.split_once('/') {
            Some((a, b)) => {
                let (a, ca) = parse_edtf_single(a)?;
                let (b, cb) = parse_edtf_single(b)?;
                (ca == cb).then(|| (DateValue::Interval(Box::new(a), Box::new(b)), ca))
            }
            None => parse_edtf_single(s),
        }
    }

    /// The first day the value covers, as (year, month, day).
    pub fn earliest(&self) -> (i32, u8, u8) {
        match *self {
            DateValue::Day { year, month, day } => (year, month, day),
            DateValue::Month { year, month } => (year, month, 1),
            DateValue::Year(year) | DateValue::Decade(year) => (year, 1, 1),
            DateValue::Interval(ref a, _) => a.earliest(),
        }
    }

    /// The last day the value covers, as (year, month, day).
    pub fn latest(&self) -> (i32, u8, u8) {
        match *self {
            DateValue::Day { year, month, day } => (year, month, day),
            DateValue::Month { year, month } => (year, month, days_in_month(year, month)),
            DateValue::Year(year) => (year, 12, 31),
            DateValue::Decade(start) => (start.saturating_add(9), 12, 31),
            DateValue::Interval(_, ref b) => b.latest(),
        }
    }

    /// Whether two values can describe the same day (one contains or meets the other).
    pub fn overlaps(&self, other: &DateValue) -> bool {
        self.earliest() <= other.latest() && other.earliest() <= self.latest()
    }
}

/// Reads `text` as one date, ignoring surrounding punctuation and markup.
///
/// Besides the written forms [`find_dates`] knows, a bare year is accepted when
/// it is the whole text, a leading "in", "в", "on", "am", "dated" or "от" is
/// skipped, and an EDTF string ("1956-09", "195X~") with years from 1000 to
/// 2100 is read as a last resort.
pub fn parse_date(text: &str) -> Option<(DateValue, Certainty)> {
    let scan = Scan::new(text);
    let significant = |t: &Tok| !matches!(t.kind, Kind::Punct(_));
    if let (Some(first), Some(last)) = (
        scan.toks.iter().position(significant),
        scan.toks.iter().rposition(significant),
    ) {
        let mut start = first;
        if start < last && scan.word_matches(start, is_leading_word) {
            start += 1;
        }
        if start > 0 && scan.punct(start - 1) == Some('~') {
            // A leading tilde is a qualifier, not markup to trim.
            start -= 1;
        }
        if let Some((hit, certainty)) = scan.match_at(start, true) {
            if hit.end > last {
                return hit.value.map(|v| (v, certainty));
            }
        }
    }
    const MARKUP: &[char] = &[
        '*', '_', '[', ']', '(', ')', '"', '\'', '«', '»', '“', '”', '„', '.', ',', ';', ':',
    ];
    let trimmed = text.trim_matches(|c: char| c.is_whitespace() || MARKUP.contains(&c));
    // EDTF reaches years no archival text means by four digits ("5446" is a
    // file number, not a year), so the fallback keeps to the bare-year range.
    DateValue::parse_edtf(trimmed).filter(|(v, _)| {
        let plausible = 1000..=2100;
        plausible.contains(&v.earliest().0) && plausible.contains(&v.latest().0)
    })
}

/// Finds every date written in `text`, in order.
pub fn find_dates(text: &str) -> Vec<FoundDate> {
    let scan = Scan::new(text);
    let mut found = Vec::new();
    let mut i = 0;
    while i < scan.toks.len() {
        match scan.match_at(i, false) {
            Some((hit, certainty)) => {
                if let Some(value) = hit.value {
                    found.push(FoundDate {
                        span: scan.toks[i].start..scan.toks[hit.end - 1].end,
                        value,
                        certainty,
                    });
                }
                i = hit.end;
            }
            None => i += 1,
        }
    }
    found
}

// Calendar.

fn is_leap(year: i32) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

/// Days in a month of the proleptic Gregorian calendar. An impossible month
/// answers 31 so that [`DateValue::latest`] stays total on malformed values.
fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

fn make_day(year: i32, month: u32, day: u32) -> Option<DateValue> {
    let month = u8::try_from(month).ok().filter(|m| (1..=12).contains(m))?;
    let day = u8::try_from(day)
        .ok()
        .filter(|&d| d >= 1 && d <= days_in_month(year, month))?;
    Some(DateValue::Day { year, month, day })
}

fn make_month(year: i32, month: u32) -> Option<DateValue> {
    let month = u8::try_from(month).ok().filter(|m| (1..=12).contains(m))?;
    Some(DateValue::Month { year, month })
}

/// An interval from `a` to `b`; `None` when either end is impossible or the
/// ends are in the wrong order, and the single value when both ends agree.
fn make_interval(a: Option<DateValue>, b: Option<DateValue>) -> Option<DateValue> {
    let (a, b) = (a?, b?);
    if a == b {
        Some(a)
    } else if a.earliest() <= b.earliest() && a.latest() <= b.latest() {
        Some(DateValue::Interval(Box::new(a), Box::new(b)))
    } else {
        None
    }
}

// EDTF.

fn write_year(out: &mut String, year: i32) {
    use std::fmt::Write;
    if year < 0 {
        out.push('-');
    }
    let _ = write!(out, "{:04}", year.unsigned_abs());
}

/// Reads one EDTF date (no interval) with its optional trailing qualifier.
fn parse_edtf_single(s: &str) -> Option<(DateValue, Certainty)> {
    let (body, certainty) = if let Some(b) = s.strip_suffix('~') {
        (b, Certainty::Approximate)
    } else if let Some(b) = s.strip_suffix('?') {
        (b, Certainty::Uncertain)
    } else {
        (s, Certainty::Stated)
    };
    if let Some(long) = body.strip_prefix('Y') {
        let digits = long.strip_prefix('-').unwrap_or(long);
        if digits.len() <= 4 || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        return Some((DateValue::Year(long.parse().ok()?), certainty));
    }
    let (negative, unsigned) = match body.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, body),
    };
    let signed = |v: i32| if negative { -v } else { v };
    let bytes = unsigned.as_bytes();
    let digits = |r: Range<usize>| -> Option<u32> {
        let part = bytes.get(r)?;
        if part.is_empty() || !part.iter().all(u8::is_ascii_digit) {
            return None;
        }
        Some(part.iter().fold(0, |n, b| n * 10 + u32::from(b - b'0')))
    };
    let value = match bytes.len() {
        4 if bytes[3] == b'X' => DateValue::Decade(signed(digits(0..3)? as i32 * 10)),
        4 => DateValue::Year(signed(digits(0..4)? as i32)),
        7 if bytes[4] == b'-' => make_month(signed(digits(0..4)? as i32), digits(5..7)?)?,
        10 if bytes[4] == b'-' && bytes[7] == b'-' => {
            make_day(signed(digits(0..4)? as i32), digits(5..7)?, digits(8..10)?)?
        }
        _ => return None,
    };
    Some((value, certainty))
}

// Tokens.

#[derive(Debug, Clone, Copy, PartialEq)]
enum Kind {
    /// A run of ASCII or full-width digits: its value (saturating) and digit count.
    Num { value: u32, len: u8 },
    /// A run of letters outside the CJK scripts.
    Word,
    /// A run of Chinese numerals (一九五六, 十六).
    HanNum,
    /// One CJK ideograph, kana or Hangul syllable.
    Cjk(char),
    /// Any other single character.
    Punct(char),
}

#[derive(Debug, Clone, Copy)]
struct Tok {
    start: usize,
    end: usize,
    kind: Kind,
    /// Whitespace (or the start of the text) precedes the token.
    gap: bool,
    /// A line break (or the start of the text) precedes the token.
    line_start: bool,
}

fn digit_value(c: char) -> Option<u32> {
    match c {
        '0'..='9' => Some(c as u32 - '0' as u32),
        '０'..='９' => Some(c as u32 - '０' as u32),
        _ => None,
    }
}

fn is_han_numeral(c: char) -> bool {
    matches!(
        c,
        '〇' | '零'
            | '一'
            | '二'
            | '三'
            | '四'
            | '五'
            | '六'
            | '七'
            | '八'
            | '九'
            | '十'
            | '廿'
            | '卅'
    )
}

/// Scripts written without spaces between words, whose characters each form a token.
fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{1100}'..='\u{11FF}'
        | '\u{3040}'..='\u{30FF}'
        | '\u{3130}'..='\u{318F}'
        | '\u{3400}'..='\u{4DBF}'
        | '\u{4E00}'..='\u{9FFF}'
        | '\u{AC00}'..='\u{D7AF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{20000}'..='\u{3FFFF}')
}

/// Combining diacritics, kept inside words so that decomposed "ё" or "ä" do
/// not split a month name.
fn is_combining(c: char) -> bool {
    ('\u{0300}'..='\u{036F}').contains(&c)
}

fn is_word_char(c: char) -> bool {
    (c.is_alphabetic() || is_combining(c)) && !is_cjk(c) && !is_han_numeral(c)
}

fn tokenize(text: &str) -> Vec<Tok> {
    // Roughly one token per four bytes of prose; the vector grows if needed.
    let mut toks = Vec::with_capacity(text.len() / 4 + 1);
    let mut gap = true;
    let mut line_start = true;
    let mut chars = text.char_indices().peekable();
    while let Some((start, c)) = chars.next() {
        if c.is_whitespace() {
            gap = true;
            if matches!(c, '\n' | '\r' | '\u{85}' | '\u{2028}' | '\u{2029}') {
                line_start = true;
            }
            continue;
        }
        let mut end = start + c.len_utf8();
        let kind = if let Some(first) = digit_value(c) {
            let (mut value, mut len) = (first, 1u8);
            while let Some(&(i, d)) = chars.peek() {
                let Some(v) = digit_value(d) else { break };
                value = value.saturating_mul(10).saturating_add(v);
                len = len.saturating_add(1);
                end = i + d.len_utf8();
                chars.next();
            }
            Kind::Num { value, len }
        } else if is_han_numeral(c) {
            while let Some(&(i, d)) = chars.peek() {
                if !is_han_numeral(d) {
                    break;
                }
                end = i + d.len_utf8();
                chars.next();
            }
            Kind::HanNum
        } else if is_cjk(c) {
            Kind::Cjk(c)
        } else if is_word_char(c) {
            while let Some(&(i, d)) = chars.peek() {
                if !is_word_char(d) {
                    break;
                }
                end = i + d.len_utf8();
                chars.next();
            }
            Kind::Word
        } else {
            Kind::Punct(c)
        };
        toks.push(Tok {
            start,
            end,
            kind,
            gap,
            line_start,
        });
        gap = false;
        line_start = false;
    }
    toks
}

/// Lowercases a word into `buf`, folding "ё" into "е" and dropping combining
/// marks, so that one table of lowercase forms serves every spelling. Words
/// too long to be any form looked up answer `None`; nothing is allocated.
fn normalize<'b>(word: &str, buf: &'b mut [u8; 48]) -> Option<&'b str> {
    let mut n = 0;
    for c in word.chars().filter(|&c| !is_combining(c)) {
        for lower in c.to_lowercase() {
            let lower = if lower == 'ё' { 'е' } else { lower };
            let len = lower.len_utf8();
            if n + len > buf.len() {
                return None;
            }
            lower.encode_utf8(&mut buf[n..n + len]);
            n += len;
        }
    }
    std::str::from_utf8(&buf[..n]).ok()
}

/// The month a word names, and whether it is an abbreviation (which may carry
/// a period). English, German, French and Russian (nominative, genitive,
/// prepositional and instrumental) forms share one table.
fn month_name(w: &str) -> Option<(u32, bool)> {
    Some(match w {
        "january" | "januar" | "jänner" | "jaenner" | "janner" | "janvier" | "январь"
        | "января" | "январе" | "январем" => (1, false),
        "jan" | "janv" | "янв" => (1, true),
        "february" | "februar" | "feber" | "février" | "fevrier" | "февраль" | "февраля"
        | "феврале" | "февралем" => (2, false),
        "feb" | "febr" | "févr" | "fevr" | "фев" | "февр" => (2, true),
        "march" | "märz" | "maerz" | "marz" | "mars" | "март" | "марта" | "марте" | "мартом" => {
            (3, false)
        }
        "mar" | "mär" | "mrz" | "мар" => (3, true),
        "april" | "avril" | "апрель" | "апреля" | "апреле" | "апрелем" => {
            (4, false)
        }
        "apr" | "avr" | "апр" => (4, true),
        "may" | "mai" | "май" | "мая" | "мае" | "маем" => (5, false),
        "june" | "juni" | "juin" | "июнь" | "июня" | "июне" | "июнем" => {
            (6, false)
        }
        "jun" | "июн" => (6, true),
        "july" | "juli" | "juillet" | "июль" | "июля" | "июле" | "июлем" => {
            (7, false)
        }
        "jul" | "juil" | "июл" => (7, true),
        "august" | "août" | "aout" | "август" | "августа" | "августе" | "августом" => {
            (8, false)
        }
        "aug" | "авг" => (8, true),
        "september" | "septembre" | "сентябрь" | "сентября" | "сентябре" | "сентябрем" => {
            (9, false)
        }
        "sep" | "sept" | "сен" | "сент" => (9, true),
        "october" | "oktober" | "octobre" | "октябрь" | "октября" | "октябре" | "октябрем" => {
            (10, false)
        }
        "oct" | "okt" | "окт" => (10, true),
        "november" | "novembre" | "ноябрь" | "ноября" | "ноябре" | "ноябрем" => {
            (11, false)
        }
        "nov" | "ноя" | "нояб" => (11, true),
        "december" | "dezember" | "décembre" | "decembre" | "декабрь" | "декабря" | "декабре"
        | "декабрем" => (12, false),
        "dec" | "dez" | "déc" | "дек" => (12, true),
        _ => return None,
    })
}

fn roman_month(w: &str) -> Option<u32> {
    Some(match w {
        "i" => 1,
        "ii" => 2,
        "iii" => 3,
        "iv" => 4,
        "v" => 5,
        "vi" => 6,
        "vii" => 7,
        "viii" => 8,
        "ix" => 9,
        "x" => 10,
        "xi" => 11,
        "xii" => 12,
        _ => return None,
    })
}

/// Words after which a bare year is read as a year (see the module docs).
fn is_year_context_word(w: &str) -> bool {
    matches!(
        w,
        "in" | "of"
            | "from"
            | "since"
            | "until"
            | "till"
            | "during"
            | "year"
            | "seit"
            | "jahr"
            | "jahre"
            | "jahres"
            | "в"
            | "во"
            | "с"
            | "до"
    )
}

/// Labels that, followed by a colon, introduce a date ("Date: 1956").
fn is_date_label(w: &str) -> bool {
    matches!(
        w,
        "date" | "dated" | "datum" | "дата" | "year" | "год" | "jahr"
    )
}

/// Words that may open a whole-text date and are not part of it.
fn is_leading_word(w: &str) -> bool {
    matches!(
        w,
        "in" | "im" | "on" | "am" | "dated" | "le" | "в" | "во" | "от"
    )
}

/// Markup that may precede a year standing at the start of a line.
fn is_line_markup(c: char) -> bool {
    matches!(
        c,
        '*' | '_'
            | '#'
            | '>'
            | '['
            | '('
            | '"'
            | '\''
            | '«'
            | '“'
            | '„'
            | '‘'
            | '|'
            | '•'
            | '-'
            | '–'
            | '—'
    )
}

/// Characters that bind two numbers into one ("12.1956", "1956-1234", "1,956").
fn is_number_joiner(c: char) -> bool {
    matches!(c, '.' | ',' | '/' | '-' | ':' | '‐' | '‑')
}

fn is_dash(c: char) -> bool {
    matches!(c, '-' | '‐' | '‑' | '‒' | '–' | '—' | '―' | '−')
}

/// A date match: the token index after it, and its value (`None` when the
/// words have the form of a date but name an impossible one).
struct Hit {
    end: usize,
    value: Option<DateValue>,
}

fn hit(end: usize, value: Option<DateValue>) -> Option<Hit> {
    Some(Hit { end, value })
}

/// The tokens of one text and the date patterns over them. Every pattern
/// takes a starting token index and answers the token index after the words
/// it read; all look ahead a bounded number of tokens.
struct Scan<'a> {
    text: &'a str,
    toks: Vec<Tok>,
}

impl<'a> Scan<'a> {
    fn new(text: &'a str) -> Self {
        Scan {
            text,
            toks: tokenize(text),
        }
    }

    fn kind(&self, i: usize) -> Option<Kind> {
        self.toks.get(i).map(|t| t.kind)
    }

    /// Whether token `i` exists and touches the token before it.
    fn glued(&self, i: usize) -> bool {
        self.toks.get(i).is_some_and(|t| !t.gap)
    }

    fn punct(&self, i: usize) -> Option<char> {
        match self.kind(i)? {
            Kind::Punct(c) => Some(c),
            _ => None,
        }
    }

    fn num(&self, i: usize) -> Option<(u32, u8)> {
        match self.kind(i)? {
            Kind::Num { value, len } => Some((value, len)),
            _ => None,
        }
    }

    fn cjk(&self, i: usize) -> Option<char> {
        match self.kind(i)? {
            Kind::Cjk(c) => Some(c),
            _ => None,
        }
    }

    fn slice(&self, i: usize) -> &'a str {
        let t = &self.toks[i];
        &self.text[t.start..t.end]
    }

    /// Applies `f` to the normalized form of word token `i`.
    fn with_word<R>(&self, i: usize, f: impl FnOnce(&str) -> Option<R>) -> Option<R> {
        if self.kind(i)? != Kind::Word {
            return None;
        }
        let mut buf = [0u8; 48];
        f(normalize(self.slice(i), &mut buf)?)
    }

    fn word_matches(&self, i: usize, f: impl FnOnce(&str) -> bool) -> bool {
        self.with_word(i, |w| f(w).then_some(())).is_some()
    }

    fn word_is(&self, i: usize, forms: &[&str]) -> bool {
        self.word_matches(i, |w| forms.contains(&w))
    }

    /// A number at `i` is not the tail of a longer number or code: it is not
    /// glued to letters, digits, "№"/"#", or a "." "," "/" "-" ":" that is
    /// itself glued to a number or word ("A1956", "12.1956", "No.1956").
    fn left_free(&self, i: usize) -> bool {
        if i == 0 || !self.glued(i) {
            return true;
        }
        match self.toks[i - 1].kind {
            Kind::Num { .. } | Kind::Word | Kind::HanNum => false,
            Kind::Cjk(_) => true,
            Kind::Punct('№' | '#' | '+' | '§' | '$' | '€' | '£') => false,
            Kind::Punct(c) if is_number_joiner(c) => {
                !(i >= 2
                    && !self.toks[i - 1].gap
                    && matches!(
                        self.toks[i - 2].kind,
                        Kind::Num { .. } | Kind::Word | Kind::HanNum
                    ))
            }
            Kind::Punct(_) => true,
        }
    }

    /// A number ending before `j` is not the head of a longer number or word
    /// ("1956abc", "1956.5", "1956-1234"). The "T" of an ISO timestamp
    /// ("1956-09-17T10:00") ends a date.
    fn right_free(&self, j: usize) -> bool {
        if !self.glued(j) {
            return true;
        }
        if self.slice(j) == "T" && self.glued(j + 1) && self.num(j + 1).is_some() {
            return true;
        }
        match self.toks[j].kind {
            Kind::Num { .. } | Kind::Word | Kind::HanNum => false,
            Kind::Cjk(_) => true,
            Kind::Punct(c) => {
                !(is_number_joiner(c)
                    && self.glued(j + 1)
                    && matches!(self.toks[j + 1].kind, Kind::Num { .. } | Kind::HanNum))
            }
        }
    }

    /// Whether only markup stands between the line's start and token `i`.
    fn at_line_start(&self, i: usize) -> bool {
        let mut k = i;
        // A few markup characters at most; more is not a line-opening year.
        for _ in 0..8 {
            if self.toks[k].line_start {
                return true;
            }
            match self.toks[k - 1].kind {
                Kind::Punct(c) if is_line_markup(c) => k -= 1,
                _ => return false,
            }
        }
        false
    }

    /// Whether the words before a bare year at `i` mark it as a year.
    fn year_context(&self, i: usize) -> bool {
        if self.at_line_start(i) {
            return true;
        }
        match self.toks[i - 1].kind {
            Kind::Punct(',') => true,
            Kind::Punct(':') => i >= 2 && self.word_matches(i - 2, is_date_label),
            Kind::Word => self.word_matches(i - 1, is_year_context_word),
            _ => false,
        }
    }

    /// A four-digit year from 1000 to 2100 at `i`.
    fn year(&self, i: usize) -> Option<i32> {
        match self.num(i)? {
            (v, 4) if (1000..=2100).contains(&v) => Some(v as i32),
            _ => None,
        }
    }

    /// A range connector at `i` (dashes, "to", "bis", "по", "至"), answering the
    /// token after it.
    fn connector(&self, i: usize) -> Option<usize> {
        if self.punct(i).is_some_and(is_dash) {
            let mut k = i + 1;
            // A doubled hyphen ("--") stands for a dash.
            while self.punct(k).is_some_and(is_dash) && self.glued(k) {
                k += 1;
            }
            return Some(k);
        }
        if matches!(self.punct(i), Some('～' | '〜')) || matches!(self.cjk(i), Some('至' | '到'))
        {
            return Some(i + 1);
        }
        self.word_is(i, &["to", "till", "until", "through", "bis", "по"])
            .then_some(i + 1)
    }

    /// A day number at `i` with its ordinal ending ("17th", "1er", "16-го") or
    /// German period ("16."), answering the day and the token after it. Days up
    /// to 99 are read here and rejected when the date is checked, so that
    /// "32 September 1956" is recognized as an impossible date.
    fn day(&self, i: usize) -> Option<(u32, usize)> {
        let (value, len) = self.num(i)?;
        if len > 2 {
            return None;
        }
        let mut j = i + 1;
        if self.glued(j) {
            if self.word_is(j, &["st", "nd", "rd", "th", "er", "re", "e"]) {
                j += 1;
            } else if self.punct(j) == Some('-')
                && self.glued(j + 1)
                && self.word_is(j + 1, &["го"])
            {
                j += 2;
            }
        }
        if self.punct(j) == Some('.') && self.glued(j) {
            j += 1;
        }
        Some((value, j))
    }

    /// A month name at `i`, with the period of an abbreviation ("Sept.").
    fn month(&self, i: usize) -> Option<(u32, usize)> {
        let (month, abbreviated) = self.with_word(i, month_name)?;
        let mut j = i + 1;
        if abbreviated && self.punct(j) == Some('.') && self.glued(j) {
            j += 1;
        }
        Some((month, j))
    }

    /// A month name after a day, allowing "17th of September".
    fn month_after_day(&self, i: usize) -> Option<(u32, usize)> {
        if self.word_is(i, &["of"]) {
            if let Some(m) = self.month(i + 1) {
                return Some(m);
            }
        }
        self.month(i)
    }

    /// Words after a year that mark it as one ("г.", "года", "-го года").
    fn year_suffix(&self, j: usize) -> usize {
        let mut k = j;
        if self.punct(k) == Some('-')
            && self.glued(k)
            && self.glued(k + 1)
            && self.word_is(k + 1, &["го", "м", "й", "ом"])
        {
            k += 2;
        }
        let short = self.word_is(k, &["г", "гг"]);
        if short
            || self.word_is(
                k,
                &["год", "года", "году", "годом", "годы", "годов", "годах"],
            )
        {
            k += 1;
            if short && self.punct(k) == Some('.') && self.glued(k) {
                k += 1;
            }
        }
        k
    }

    /// The year closing a written date: an optional comma, the year and its suffix.
    fn year_tail(&self, j: usize) -> Option<(i32, usize)> {
        let k = if self.punct(j) == Some(',') { j + 1 } else { j };
        let year = self.year(k)?;
        Some((year, self.year_suffix(k + 1)))
    }

    /// "16 September 1956", "17th of September, 1956", "16. Sept. 1956",
    /// "16 сентября 1957г.", "1er octobre 1956", and the ranges
    /// "16-17 September 1956" and "30 September - 2 October 1956".
    fn day_month_year(&self, i: usize) -> Option<Hit> {
        let (d1, j) = self.day(i)?;
        if let Some(k) = self.connector(j) {
            if let Some((d2, k2)) = self.day(k) {
                if let Some((m, k3)) = self.month_after_day(k2) {
                    if let Some((y, end)) = self.year_tail(k3) {
                        return hit(end, make_interval(make_day(y, m, d1), make_day(y, m, d2)));
                    }
                }
            }
        }
        let (m1, j2) = self.month_after_day(j)?;
        if let Some(k) = self.connector(j2) {
            if let Some((d2, k2)) = self.day(k) {
                if let Some((m2, k3)) = self.month_after_day(k2) {
                    if let Some((y, end)) = self.year_tail(k3) {
                        return hit(end, make_interval(make_day(y, m1, d1), make_day(y, m2, d2)));
                    }
                }
            }
        }
        let (y, end) = self.year_tail(j2)?;
        hit(end, make_day(y, m1, d1))
    }

    /// "September 17, 1956", "Sept. 17th, 1956", "Sep 17 1956",
    /// "September 1956", "сентября 1956 г.", and the ranges
    /// "September 16-17, 1956", "September 30 - October 2, 1956" and
    /// "September-October 1956".
    fn month_first(&self, i: usize) -> Option<Hit> {
        let (m1, j) = self.month(i)?;
        if let Some(k) = self.connector(j) {
            if let Some((m2, k2)) = self.month(k) {
                if let Some((y, end)) = self.year_tail(k2) {
                    return hit(end, make_interval(make_month(y, m1), make_month(y, m2)));
                }
            }
        }
        if let Some((d1, j2)) = self.day(j) {
            if let Some(k) = self.connector(j2) {
                if let Some((d2, k2)) = self.day(k) {
                    if let Some((y, end)) = self.year_tail(k2) {
                        return hit(end, make_interval(make_day(y, m1, d1), make_day(y, m1, d2)));
                    }
                }
                if let Some((m2, k2)) = self.month(k) {
                    if let Some((d2, k3)) = self.day(k2) {
                        if let Some((y, end)) = self.year_tail(k3) {
                            return hit(
                                end,
                                make_interval(make_day(y, m1, d1), make_day(y, m2, d2)),
                            );
                        }
                    }
                }
            }
            if let Some((y, end)) = self.year_tail(j2) {
                return hit(end, make_day(y, m1, d1));
            }
        }
        let (y, end) = self.year_tail(j)?;
        hit(end, make_month(y, m1))
    }

    /// Day-first numeric dates: "17.09.1956", "17.9.1956", "17/09/1956",
    /// "16. 9. 1956" and Roman-numeral months "16.IX.1956".
    fn numeric(&self, i: usize) -> Option<Hit> {
        let (d, dlen) = self.num(i)?;
        if dlen > 2 {
            return None;
        }
        let sep = self.punct(i + 1).filter(|c| matches!(c, '.' | '/'))?;
        // German typing puts a space after each period; slashes stay tight.
        let tight = |k: usize| self.glued(k) || (sep == '.' && self.toks.get(k).is_some());
        if !self.glued(i + 1) || !tight(i + 2) {
            return None;
        }
        let m = match self.num(i + 2) {
            Some((m, len)) if len <= 2 => m,
            Some(_) => return None,
            None => self.with_word(i + 2, roman_month)?,
        };
        if self.punct(i + 3) != Some(sep) || !self.glued(i + 3) || !tight(i + 4) {
            return None;
        }
        let y = self.year(i + 4)?;
        hit(self.year_suffix(i + 5), make_day(y, m, d))
    }

    /// Year-first numeric dates: "1956-09-17", "1956/09/17", "1956.09.17".
    fn iso(&self, i: usize) -> Option<Hit> {
        let y = self.year(i)?;
        let sep = self.punct(i + 1).filter(|c| matches!(c, '-' | '/' | '.'))?;
        let (m, mlen) = self.num(i + 2)?;
        let (d, dlen) = self.num(i + 4)?;
        let tight = (1..=4).all(|k| self.glued(i + k));
        if !tight || self.punct(i + 3) != Some(sep) || mlen > 2 || dlen > 2 {
            return None;
        }
        hit(i + 5, make_day(y, m, d))
    }

    /// A month or day number in a CJK date: digits or Chinese numerals.
    fn cjk_number(&self, i: usize) -> Option<u32> {
        match self.kind(i)? {
            Kind::Num { value, len } if len <= 2 => Some(value),
            Kind::HanNum => han_small(self.slice(i)),
            _ => None,
        }
    }

    /// "1956年9月16日", "1956年9月", "1956年", full-width digits, Chinese
    /// numerals ("一九五六年九月十六日") and Korean "1956년 9월 16일".
    fn cjk_date(&self, i: usize) -> Option<Hit> {
        let y = match self.kind(i)? {
            Kind::Num { .. } => self.year(i)?,
            Kind::HanNum => han_year(self.slice(i)).filter(|y| (1000..=2100).contains(y))?,
            _ => return None,
        };
        if !matches!(self.cjk(i + 1)?, '年' | '년') {
            return None;
        }
        let Some(m) = self.cjk_number(i + 2) else {
            return hit(i + 2, Some(DateValue::Year(y)));
        };
        if !matches!(self.cjk(i + 3), Some('月' | '월')) {
            return hit(i + 2, Some(DateValue::Year(y)));
        }
        if let Some(d) = self.cjk_number(i + 4) {
            if matches!(self.cjk(i + 5), Some('日' | '号' | '號' | '일')) {
                return hit(i + 6, make_day(y, m, d));
            }
        }
        hit(i + 4, make_month(y, m))
    }

    /// Decades: "1950s", "1950's", "1950er", "1950-е годы", "1950-х гг.".
    fn decade(&self, i: usize) -> Option<Hit> {
        let y = self.year(i).filter(|y| y % 10 == 0)?;
        let j = i + 1;
        if !self.glued(j) {
            return None;
        }
        let end = if self.word_is(j, &["s", "er"]) {
            j + 1
        } else if matches!(self.punct(j), Some('\'' | '’'))
            && self.glued(j + 1)
            && self.word_is(j + 1, &["s"])
        {
            j + 2
        } else if self.punct(j) == Some('-')
            && self.glued(j + 1)
            && self.word_is(j + 1, &["е", "х", "ые", "ых", "ми"])
        {
            self.year_suffix(j + 2)
        } else {
            return None;
        };
        hit(end, Some(DateValue::Decade(y)))
    }

    /// A bare year or year range ("1956", "1956-1957", "1957г.", "1956-1957
    /// гг."), read only in a year's context unless `bare_ok`.
    fn bare_year(&self, i: usize, bare_ok: bool) -> Option<Hit> {
        let y = self.year(i)?;
        let mut j = i + 1;
        let mut value = DateValue::Year(y);
        if let Some(k) = self.connector(j) {
            if let Some(y2) = self.year(k).filter(|&y2| y2 > y) {
                value = DateValue::Interval(Box::new(value), Box::new(DateValue::Year(y2)));
                j = k + 1;
            }
        }
        let end = self.year_suffix(j);
        let marked = end > j || self.word_is(end, &["year", "years"]);
        if !(bare_ok || marked || self.year_context(i)) {
            return None;
        }
        hit(end, Some(value))
    }

    /// The longest date starting at `i`, extended into a range when a
    /// connector and a second date follow. `skip_left` trusts the words before
    /// `i` (after a qualifier or a range dash); `bare_ok` admits bare years.
    fn primary(&self, i: usize, skip_left: bool, bare_ok: bool, ranges: bool) -> Option<Hit> {
        let mut best: Option<Hit> = None;
        let mut consider = |candidate: Option<Hit>| {
            if let Some(h) = candidate.and_then(|h| self.finish(h, ranges)) {
                if !matches!(&best, Some(b) if b.end >= h.end) {
                    best = Some(h);
                }
            }
        };
        match self.kind(i)? {
            Kind::Num { .. } => {
                if !skip_left && !self.left_free(i) {
                    return None;
                }
                consider(self.day_month_year(i));
                consider(self.numeric(i));
                consider(self.iso(i));
                consider(self.cjk_date(i));
                consider(self.decade(i));
                consider(self.bare_year(i, bare_ok));
            }
            Kind::Word => consider(self.month_first(i)),
            Kind::HanNum => consider(self.cjk_date(i)),
            Kind::Cjk(_) | Kind::Punct(_) => {}
        }
        best
    }

    /// Extends a hit into a range ("17.09.1956 - 18.09.1956"), or checks that
    /// a hit ending in a number does not run on into a longer number.
    fn finish(&self, h: Hit, ranges: bool) -> Option<Hit> {
        if let (true, Some(first)) = (ranges, &h.value) {
            if !matches!(first, DateValue::Interval(..)) {
                if let Some(second) = self
                    .connector(h.end)
                    .and_then(|k| self.primary(k, true, false, false))
                {
                    if let Some(v2) = second
                        .value
                        .filter(|v| !matches!(v, DateValue::Interval(..)))
                    {
                        if let Some(v) = make_interval(Some(first.clone()), Some(v2)) {
                            return hit(second.end, Some(v));
                        }
                    }
                }
            }
        }
        if matches!(self.toks[h.end - 1].kind, Kind::Num { .. }) && !self.right_free(h.end) {
            return None;
        }
        Some(h)
    }

    /// A qualifier making the following date approximate: "circa", "c.",
    /// "ca.", "approx.", "около", "ок.", "um", "~". Answers the token after it.
    fn qualifier(&self, i: usize) -> Option<usize> {
        if self.punct(i) == Some('~') {
            return self.glued(i + 1).then_some(i + 1);
        }
        let period = self.punct(i + 1) == Some('.') && self.glued(i + 1);
        let after = if period { i + 2 } else { i + 1 };
        self.with_word(i, |w| match w {
            "circa"
            | "approximately"
            | "around"
            | "около"
            | "примерно"
            | "приблизительно"
            | "etwa"
            | "um"
            | "gegen"
            | "vers"
            | "ca"
            | "approx" => Some(after),
            "c" | "circ" | "cca" | "ок" if period => Some(after),
            _ => None,
        })
    }

    /// An uncertainty mark after a date: "[?]", "(?)", or the "?" of "[1956?]".
    fn uncertain_mark(&self, j: usize) -> Option<usize> {
        let closes = |k: usize| matches!(self.punct(k), Some(']' | ')')) && self.glued(k);
        if matches!(self.punct(j), Some('[' | '('))
            && self.punct(j + 1) == Some('?')
            && self.glued(j + 1)
            && closes(j + 2)
        {
            return Some(j + 3);
        }
        (self.punct(j) == Some('?') && self.glued(j) && closes(j + 1)).then_some(j + 1)
    }

    /// A date starting at `i` with its uncertainty mark.
    fn dated(&self, i: usize, skip_left: bool, bare_ok: bool) -> Option<(Hit, Certainty)> {
        let mut h = self.primary(i, skip_left, bare_ok, true)?;
        let mut certainty = Certainty::Stated;
        if let Some(end) = self.uncertain_mark(h.end) {
            h.end = end;
            certainty = Certainty::Uncertain;
        }
        Some((h, certainty))
    }

    /// The date starting at token `i`, including a leading qualifier or "the".
    /// `standalone` admits a bare year without context (for [`parse_date`]).
    fn match_at(&self, i: usize, standalone: bool) -> Option<(Hit, Certainty)> {
        match self.kind(i)? {
            Kind::Num { .. } | Kind::HanNum | Kind::Punct('~') => {}
            // Every date that opens with a word has a number within a few
            // tokens; most words of running text stop here.
            Kind::Word => {
                let mut near = self.toks[i + 1..].iter().take(8);
                if !near.any(|t| matches!(t.kind, Kind::Num { .. })) {
                    return None;
                }
            }
            Kind::Cjk(_) | Kind::Punct(_) => return None,
        }
        if let Some(k) = self.qualifier(i) {
            if let Some((h, certainty)) = self.dated(k, true, true) {
                // Doubt marked in the source outweighs an approximate reading.
                let certainty = match certainty {
                    Certainty::Uncertain => Certainty::Uncertain,
                    _ => Certainty::Approximate,
                };
                return Some((h, certainty));
            }
        }
        if self.word_is(i, &["the"]) {
            if let Some(found) = self.dated(i + 1, false, standalone) {
                return Some(found);
            }
        }
        self.dated(i, standalone, standalone)
    }
}

/// A four-digit year in Chinese numerals, digit by digit ("一九五六").
fn han_year(s: &str) -> Option<i32> {
    let mut year = 0;
    let mut count = 0;
    for c in s.chars() {
        year = year * 10 + han_digit(c)? as i32;
        count += 1;
    }
    (count == 4).then_some(year)
}

fn han_digit(c: char) -> Option<u32> {
    Some(match c {
        '〇' | '零' => 0,
        '一' => 1,
        '二' => 2,
        '三' => 3,
        '四' => 4,
        '五' => 5,
        '六' => 6,
        '七' => 7,
        '八' => 8,
        '九' => 9,
        _ => return None,
    })
}

/// A month or day in Chinese numerals: "九", "十", "十六", "二十", "三十一",
/// and the compact tens "廿" (20) and "卅" (30).
fn han_small(s: &str) -> Option<u32> {
    let mut chars = s.chars();
    let first = chars.next()?;
    let (tens, rest) = match first {
        '十' => (1, chars.as_str()),
        '廿' => (2, chars.as_str()),
        '卅' => (3, chars.as_str()),
        _ => {
            let d = han_digit(first)?;
            match chars.next() {
                None => return Some(d),
                Some('十') if d > 0 => (d, chars.as_str()),
                Some(_) => return None,
            }
        }
    };
    let mut rest = rest.chars();
    let units = match (rest.next(), rest.next()) {
        (None, _) => 0,
        (Some(c), None) => han_digit(c).filter(|&u| u > 0)?,
        _ => return None,
    };
    Some(tens * 10 + units)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn day(year: i32, month: u8, day: u8) -> DateValue {
        DateValue::Day { year, month, day }
    }

    fn month(year: i32, month: u8) -> DateValue {
        DateValue::Month { year, month }
    }

    fn span(a: DateValue, b: DateValue) -> DateValue {
        DateValue::Interval(Box::new(a), Box::new(b))
    }

    #[test]
    fn one_form_to_read_whatever_the_source_wrote() {
        // "22 April, 1919" and "April 22nd, 1919" read alike.
        for stated in ["22 April, 1919", "April 22nd, 1919", "22.04.1919"] {
            let (v, c) = parse_date(stated).unwrap_or_else(|| panic!("{stated}"));
            assert_eq!(v.display(c), "22 April 1919", "{stated}");
        }
        let s = Certainty::Stated;
        assert_eq!(month(1956, 9).display(s), "September 1956");
        assert_eq!(DateValue::Decade(1950).display(s), "the 1950s");
        assert_eq!(
            span(day(1956, 9, 16), day(1956, 9, 17)).display(s),
            "16–17 September 1956"
        );
        assert_eq!(
            span(month(1956, 9), month(1957, 1)).display(Certainty::Approximate),
            "about September 1956 – January 1957"
        );
        assert_eq!(
            DateValue::Year(1958).display(Certainty::Uncertain),
            "1958 (uncertain)"
        );
        // From a value's first and last days back to the value.
        for v in [
            day(1956, 9, 17),
            month(1956, 2),
            DateValue::Year(1958),
            span(day(1956, 9, 16), day(1956, 9, 17)),
        ] {
            assert_eq!(DateValue::spanning(v.earliest(), v.latest()), v);
        }
    }

    /// The value of `text` read as a whole, with stated certainty.
    fn stated(text: &str) -> Option<DateValue> {
        match parse_date(text) {
            Some((v, Certainty::Stated)) => Some(v),
            other => panic!("{text:?} read as {other:?}"),
        }
    }

    /// The dates found in `text`, as (matched words, value).
    fn found(text: &str) -> Vec<(&str, DateValue)> {
        find_dates(text)
            .into_iter()
            .map(|f| (&text[f.span], f.value))
            .collect()
    }

    #[test]
    fn edtf_forms() {
        let s = Certainty::Stated;
        assert_eq!(day(1956, 9, 17).to_edtf(s), "1956-09-17");
        assert_eq!(month(1956, 9).to_edtf(s), "1956-09");
        assert_eq!(DateValue::Year(1956).to_edtf(s), "1956");
        assert_eq!(DateValue::Year(956).to_edtf(s), "0956");
        assert_eq!(DateValue::Year(-44).to_edtf(s), "-0044");
        assert_eq!(DateValue::Year(12345).to_edtf(s), "Y12345");
        assert_eq!(DateValue::Decade(1950).to_edtf(s), "195X");
        assert_eq!(DateValue::Decade(950).to_edtf(s), "095X");
        assert_eq!(
            span(day(1956, 9, 16), day(1956, 9, 17)).to_edtf(s),
            "1956-09-16/1956-09-17"
        );
        assert_eq!(month(1956, 9).to_edtf(Certainty::Approximate), "1956-09~");
        assert_eq!(DateValue::Year(1957).to_edtf(Certainty::Uncertain), "1957?");
        assert_eq!(DateValue::Year(1957).to_edtf(Certainty::Inferred), "1957");
        assert_eq!(
            span(DateValue::Year(1956), DateValue::Year(1957)).to_edtf(Certainty::Approximate),
            "1956~/1957~"
        );
    }

    #[test]
    fn edtf_reading() {
        let read = DateValue::parse_edtf;
        assert_eq!(
            read("1956-09-17"),
            Some((day(1956, 9, 17), Certainty::Stated))
        );
        assert_eq!(
            read("1956-09~"),
            Some((month(1956, 9), Certainty::Approximate))
        );
        assert_eq!(
            read("1957?"),
            Some((DateValue::Year(1957), Certainty::Uncertain))
        );
        assert_eq!(
            read("195X"),
            Some((DateValue::Decade(1950), Certainty::Stated))
        );
        assert_eq!(
            read("0956"),
            Some((DateValue::Year(956), Certainty::Stated))
        );
        assert_eq!(
            read("-0044"),
            Some((DateValue::Year(-44), Certainty::Stated))
        );
        assert_eq!(
            read("Y12345"),
            Some((DateValue::Year(12345), Certainty::Stated))
        );
        assert_eq!(
            read("1956-02-29"),
            Some((day(1956, 2, 29), Certainty::Stated))
        );
        assert_eq!(
            read("1956-09-16/1956-09-17"),
            Some((span(day(1956, 9, 16), day(1956, 9, 17)), Certainty::Stated))
        );
        for bad in [
            "",
            "1956-13",
            "1956-00",
            "1956-02-30",
            "1957-02-29",
            "1900-02-29",
            "1956-9-17",
            "56",
            "19567",
            "abc",
            "1956-09-17T10",
            "195X-01",
            "1956~~",
            "1956/",
            "/1956",
            "1956~/1957",
            "1956/1957/1958",
            "Y123",
            "1956 ",
            "１９５６",
        ] {
            assert_eq!(read(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn calendar_bounds() {
        assert_eq!(month(1956, 2).latest(), (1956, 2, 29));
        assert_eq!(month(1957, 2).latest(), (1957, 2, 28));
        assert_eq!(month(1900, 2).latest(), (1900, 2, 28));
        assert_eq!(month(2000, 2).latest(), (2000, 2, 29));
        assert_eq!(month(1956, 9).latest(), (1956, 9, 30));
        assert_eq!(month(1956, 12).earliest(), (1956, 12, 1));
        assert_eq!(DateValue::Year(1956).latest(), (1956, 12, 31));
        assert_eq!(DateValue::Decade(1950).earliest(), (1950, 1, 1));
        assert_eq!(DateValue::Decade(1950).latest(), (1959, 12, 31));
        let range = span(day(1956, 9, 16), month(1956, 10));
        assert_eq!(range.earliest(), (1956, 9, 16));
        assert_eq!(range.latest(), (1956, 10, 31));
    }

    #[test]
    fn overlapping() {
        let d16 = day(1956, 9, 16);
        let d17 = day(1956, 9, 17);
        assert!(d16.overlaps(&d16));
        assert!(!d16.overlaps(&d17));
        assert!(d16.overlaps(&month(1956, 9)));
        assert!(month(1956, 9).overlaps(&d17));
        assert!(DateValue::Year(1957).overlaps(&DateValue::Decade(1950)));
        assert!(!DateValue::Year(1960).overlaps(&DateValue::Decade(1950)));
        assert!(span(d16.clone(), d17.clone()).overlaps(&d17));
        assert!(!span(d16, d17).overlaps(&day(1956, 9, 18)));
        assert!(!month(1956, 9).overlaps(&month(1956, 10)));
    }

    #[test]
    fn english() {
        let d = Some(day(1956, 9, 17));
        assert_eq!(stated("September 17, 1956"), d);
        assert_eq!(stated("Sept. 17, 1956"), d);
        assert_eq!(stated("Sep 17 1956"), d);
        assert_eq!(stated("SEPTEMBER 17, 1956"), d);
        assert_eq!(stated("September 17th, 1956"), d);
        assert_eq!(stated("17 September 1956"), d);
        assert_eq!(stated("17th September 1956"), d);
        assert_eq!(stated("17th of September, 1956"), d);
        assert_eq!(stated("17  September   1956."), d);
        assert_eq!(stated("September 1956"), Some(month(1956, 9)));
        assert_eq!(stated("May 1956"), Some(month(1956, 5)));
        assert_eq!(stated("1956"), Some(DateValue::Year(1956)));
        assert_eq!(stated("the 1950s"), Some(DateValue::Decade(1950)));
        assert_eq!(stated("1950's"), Some(DateValue::Decade(1950)));
    }

    #[test]
    fn ranges() {
        let both = Some(span(day(1956, 9, 16), day(1956, 9, 17)));
        assert_eq!(stated("September 16-17, 1956"), both);
        assert_eq!(stated("September 16 – 17, 1956"), both);
        assert_eq!(stated("16-17 September 1956"), both);
        assert_eq!(stated("16.-17. September 1956"), both);
        assert_eq!(stated("16-17 сентября 1956 г."), both);
        assert_eq!(stated("1956-09-16/1956-09-17"), both);
        assert_eq!(stated("16.09.1956 - 17.09.1956"), both);
        assert_eq!(
            stated("September 1956 - October 1956"),
            Some(span(month(1956, 9), month(1956, 10)))
        );
        assert_eq!(
            stated("September-October 1956"),
            Some(span(month(1956, 9), month(1956, 10)))
        );
        assert_eq!(
            stated("30 September - 2 October 1956"),
            Some(span(day(1956, 9, 30), day(1956, 10, 2)))
        );
        assert_eq!(
            stated("September 30 to October 2, 1956"),
            Some(span(day(1956, 9, 30), day(1956, 10, 2)))
        );
        assert_eq!(
            stated("1956-1957 гг."),
            Some(span(DateValue::Year(1956), DateValue::Year(1957)))
        );
        // A range running backwards names no date.
        assert_eq!(parse_date("17-16 September 1956"), None);
    }

    #[test]
    fn qualified() {
        for text in [
            "circa 1956",
            "c. 1956",
            "ca. 1956",
            "ca 1956",
            "около 1956 г.",
            "ок. 1956",
        ] {
            assert_eq!(
                parse_date(text),
                Some((DateValue::Year(1956), Certainty::Approximate)),
                "{text}"
            );
        }
        assert_eq!(
            parse_date("circa September 1956"),
            Some((month(1956, 9), Certainty::Approximate))
        );
        assert_eq!(
            parse_date("September 17, 1956 [?]"),
            Some((day(1956, 9, 17), Certainty::Uncertain))
        );
        assert_eq!(
            parse_date("[1957?]"),
            Some((DateValue::Year(1957), Certainty::Uncertain))
        );
        assert_eq!(
            parse_date("1956 (?)"),
            Some((DateValue::Year(1956), Certainty::Uncertain))
        );
        let hits = find_dates("written c.1956 in Moscow");
        assert_eq!(hits.len(), 1);
        assert_eq!(hits[0].certainty, Certainty::Approximate);
        assert_eq!(hits[0].span, 8..14);
    }

    #[test]
    fn numeric() {
        let d = Some(day(1956, 9, 17));
        assert_eq!(stated("1956-09-17"), d);
        assert_eq!(stated("17.09.1956"), d);
        assert_eq!(stated("17.9.1956"), d);
        assert_eq!(stated("17/09/1956"), d);
        assert_eq!(stated("17. 9. 1956"), d);
        assert_eq!(stated("17.IX.1956"), d);
        assert_eq!(stated("17.ix.1956 г."), d);
        assert_eq!(stated("05/06/1956"), Some(day(1956, 6, 5)));
        // Month-first and two-digit years are not guessed.
        assert_eq!(parse_date("09/17/1956"), None);
        assert_eq!(parse_date("16.IX.56"), None);
        assert_eq!(parse_date("17.09.56"), None);
        assert_eq!(stated("1956-09"), Some(month(1956, 9)));
        assert_eq!(
            found("at 1956-09-17T10:00Z"),
            vec![("1956-09-17", day(1956, 9, 17))]
        );
    }

    #[test]
    fn russian() {
        let d = Some(day(1957, 9, 16));
        assert_eq!(stated("16 сентября 1957г."), d);
        assert_eq!(stated("16 сентября 1957 г."), d);
        assert_eq!(stated("16 сентября 1957 года"), d);
        assert_eq!(stated("16 СЕНТЯБРЯ 1957 г"), d);
        assert_eq!(stated("16 сент. 1957"), d);
        assert_eq!(stated("16-го сентября 1957 года"), d);
        assert_eq!(stated("сентябрь 1956"), Some(month(1956, 9)));
        assert_eq!(stated("сентября 1956 г."), Some(month(1956, 9)));
        assert_eq!(stated("в сентябре 1956"), Some(month(1956, 9)));
        assert_eq!(stated("1957г."), Some(DateValue::Year(1957)));
        assert_eq!(stated("1957 года"), Some(DateValue::Year(1957)));
        assert_eq!(stated("1950-е годы"), Some(DateValue::Decade(1950)));
        let months = [
            ["январь", "января", "январе"],
            ["февраль", "февраля", "феврале"],
            ["март", "марта", "марте"],
            ["апрель", "апреля", "апреле"],
            ["май", "мая", "мае"],
            ["июнь", "июня", "июне"],
            ["июль", "июля", "июле"],
            ["август", "августа", "августе"],
            ["сентябрь", "сентября", "сентябре"],
            ["октябрь", "октября", "октябре"],
            ["ноябрь", "ноября", "ноябре"],
            ["декабрь", "декабря", "декабре"],
        ];
        for (m, forms) in months.iter().enumerate() {
            for form in forms {
                let text = format!("{form} 1956");
                assert_eq!(stated(&text), Some(month(1956, m as u8 + 1)), "{text}");
            }
        }
        // "ё", composed or decomposed, reads as "е".
        assert_eq!(stated("в сентябрё 1956"), Some(month(1956, 9)));
        assert_eq!(stated("в сентябре\u{308} 1956"), Some(month(1956, 9)));
        assert_eq!(stated("сентябрём 1956"), Some(month(1956, 9)));
    }

    #[test]
    fn german_and_french() {
        let d = Some(day(1956, 9, 16));
        assert_eq!(stated("16. September 1956"), d);
        assert_eq!(stated("16. Sept. 1956"), d);
        assert_eq!(stated("16. Sep. 1956"), d);
        assert_eq!(stated("am 16. September 1956"), d);
        assert_eq!(stated("September 1956"), Some(month(1956, 9)));
        let months = [
            ("Januar", 1),
            ("Jänner", 1),
            ("Februar", 2),
            ("März", 3),
            ("Maerz", 3),
            ("Ma\u{308}rz", 3),
            ("April", 4),
            ("Mai", 5),
            ("Juni", 6),
            ("Juli", 7),
            ("August", 8),
            ("Oktober", 10),
            ("November", 11),
            ("Dezember", 12),
            ("Jan.", 1),
            ("Feb.", 2),
            ("Okt.", 10),
            ("Dez.", 12),
        ];
        for (name, m) in months {
            let text = format!("3. {name} 1956");
            assert_eq!(stated(&text), Some(day(1956, m, 3)), "{text}");
        }
        assert_eq!(stated("1950er"), Some(DateValue::Decade(1950)));
        assert_eq!(stated("16 septembre 1956"), d);
        assert_eq!(stated("1er octobre 1956"), Some(day(1956, 10, 1)));
        assert_eq!(stated("le 2 août 1956"), Some(day(1956, 8, 2)));
    }

    #[test]
    fn chinese_japanese_korean() {
        let d = Some(day(1956, 9, 16));
        assert_eq!(stated("1956年9月16日"), d);
        assert_eq!(stated("1956 年 9 月 16 日"), d);
        assert_eq!(stated("１９５６年９月１６日"), d);
        assert_eq!(stated("一九五六年九月十六日"), d);
        assert_eq!(stated("一九五六年十月一日"), Some(day(1956, 10, 1)));
        assert_eq!(stated("一九五六年十二月三十一日"), Some(day(1956, 12, 31)));
        assert_eq!(stated("一九五〇年二月二十日"), Some(day(1950, 2, 20)));
        assert_eq!(stated("1956年9月"), Some(month(1956, 9)));
        assert_eq!(stated("1956年"), Some(DateValue::Year(1956)));
        assert_eq!(stated("1956년 9월 16일"), d);
        assert_eq!(stated("1956년 9월"), Some(month(1956, 9)));
        assert_eq!(parse_date("1956年13月"), None);
        assert_eq!(parse_date("1956年2月30日"), None);
        assert_eq!(
            found("中共中央1956年9月16日的会议"),
            vec![("1956年9月16日", day(1956, 9, 16))]
        );
    }

    #[test]
    fn chinese_numerals() {
        assert_eq!(han_small("九"), Some(9));
        assert_eq!(han_small("十"), Some(10));
        assert_eq!(han_small("十六"), Some(16));
        assert_eq!(han_small("二十"), Some(20));
        assert_eq!(han_small("三十一"), Some(31));
        assert_eq!(han_small("廿一"), Some(21));
        assert_eq!(han_small("十十"), None);
        assert_eq!(han_small("〇十"), None);
        assert_eq!(han_year("一九五六"), Some(1956));
        assert_eq!(han_year("一九五"), None);
    }

    #[test]
    fn impossible_dates() {
        for text in [
            "February 30, 1956",
            "30 Feb 1956",
            "13.13.1956",
            "32.01.1956",
            "1956-13-01",
            "1957-02-29",
            "29.02.1957",
            "September 31, 1956",
            "0 September 1956",
        ] {
            assert_eq!(parse_date(text), None, "{text}");
            assert_eq!(find_dates(text), vec![], "{text}");
        }
        assert_eq!(stated("29.02.1956"), Some(day(1956, 2, 29)));
    }

    #[test]
    fn running_text() {
        let text = "\"Conversation between Mao Zedong and Yugoslav delegation\", September 17, 1956, Wilson Center";
        assert_eq!(found(text), vec![("September 17, 1956", day(1956, 9, 17))]);
        let text = "The conversation with the delegation of the Yugoslav League of Communists at the Chinese Communist Party's Eighth National Congress, 16 September 1956";
        assert_eq!(found(text), vec![("16 September 1956", day(1956, 9, 16))]);
        let text = "**Date:** 16. September 1956 (Bonn); see also 17.09.1956 and 1956-09-18.";
        assert_eq!(
            found(text),
            vec![
                ("16. September 1956", day(1956, 9, 16)),
                ("17.09.1956", day(1956, 9, 17)),
                ("1956-09-18", day(1956, 9, 18)),
            ]
        );
        assert_eq!(
            found("Meetings in the 1950s and in 1961."),
            vec![
                ("the 1950s", DateValue::Decade(1950)),
                ("1961", DateValue::Year(1961))
            ]
        );
    }

    #[test]
    fn cyrillic_spans() {
        let text = "Запись беседы, 16 сентября 1957г., Москва. В сентябре 1956 г. было решено.";
        let hits = find_dates(text);
        assert_eq!(hits.len(), 2);
        assert_eq!(&text[hits[0].span.clone()], "16 сентября 1957г.");
        assert_eq!(hits[0].value, day(1957, 9, 16));
        assert_eq!(&text[hits[1].span.clone()], "сентябре 1956 г.");
        assert_eq!(hits[1].value, month(1956, 9));
        assert!(hits[0].span.start > "Запись".len());
        assert!(text.is_char_boundary(hits[0].span.start));
        assert!(text.is_char_boundary(hits[1].span.end));
    }

    #[test]
    fn bare_years() {
        let years = |text: &str| -> Vec<i32> {
            find_dates(text)
                .into_iter()
                .map(|f| match f.value {
                    DateValue::Year(y) => y,
                    other => panic!("{text:?}: {other:?}"),
                })
                .collect()
        };
        assert_eq!(years("1957"), vec![1957]);
        assert_eq!(years("# 1957\n"), vec![1957]);
        assert_eq!(years("Archive\n**1957**"), vec![1957]);
        assert_eq!(years("founded in 1956 by"), vec![1956]);
        assert_eq!(years("the congress of 1956"), vec![1956]);
        assert_eq!(years("Wilson Center, 1956"), vec![1956]);
        assert_eq!(years("решено в 1957 году"), vec![1957]);
        assert_eq!(years("отчёт за 1957г. и план"), vec![1957]);
        assert_eq!(years("Date: 1956"), vec![1956]);
        assert_eq!(years("в 1956-м году"), vec![1956]);
        assert_eq!(years("Fond 1956"), Vec::<i32>::new());
        assert_eq!(years("page 1956 of the file"), Vec::<i32>::new());
        assert_eq!(years("copies: 1956"), Vec::<i32>::new());
        assert_eq!(years("in 1956-1234"), Vec::<i32>::new());
        assert_eq!(years("in A1956"), Vec::<i32>::new());
        assert_eq!(years("in 3000"), Vec::<i32>::new());
        assert_eq!(years("in 12.1956"), Vec::<i32>::new());
        assert_eq!(parse_date("Fond 1956"), None);
        assert_eq!(parse_date("5446"), None);
    }

    #[test]
    fn archival_numbers_are_not_dates() {
        for text in [
            "Fond 5446, Opis 1, Delo 718, Listy 49-57",
            "ГАРФ. Ф. 5446. Оп. 1. Д. 718. Л. 49-57.",
            "Fond 5446",
            "Delo 718",
            "Listy 49-57",
            "III съезд партии",
            "XX съезд КПСС",
            "Tel. +7 (495) 123-45-67",
            "phone 202-691-4000, fax 202 691 4001",
            "8-800-2000-600",
            "No. 1956",
            "Nr. 1956/57",
            "RGANI, f. 3, op. 14, d. 1956, ll. 1-12",
            "version 1.2.3",
            "at 10.30 and 17:45",
            "1,956 copies",
            "ISBN 978-0-19-1956",
        ] {
            assert_eq!(find_dates(text), vec![], "{text}");
        }
    }

    #[test]
    fn found_dates_read_back() {
        let text = "c. 1956; 16-17 сентября 1956 г.; the 1950s; 1956年9月16日; September 1956 - October 1956 [?]";
        let hits = find_dates(text);
        assert_eq!(hits.len(), 5);
        for hit in hits {
            assert_eq!(
                parse_date(&text[hit.span.clone()]),
                Some((hit.value, hit.certainty))
            );
        }
    }

    fn any_value() -> impl Strategy<Value = DateValue> {
        let single = prop_oneof![
            (0i32..=9999, 1u8..=12, 1u8..=31).prop_map(|(y, m, d)| DateValue::Day {
                year: y,
                month: m,
                day: d.min(days_in_month(y, m)),
            }),
            (0i32..=9999, 1u8..=12).prop_map(|(y, m)| DateValue::Month { year: y, month: m }),
            (-9999i32..=99999).prop_map(DateValue::Year),
            (0i32..=999).prop_map(|d| DateValue::Decade(d * 10)),
        ];
        prop_oneof![
            single.clone(),
            (single.clone(), single).prop_map(|(a, b)| span(a, b)),
        ]
    }

    fn any_certainty() -> impl Strategy<Value = Certainty> {
        prop_oneof![
            Just(Certainty::Stated),
            Just(Certainty::Approximate),
            Just(Certainty::Uncertain),
            Just(Certainty::Inferred),
        ]
    }

    proptest! {
        #[test]
        fn edtf_round_trip(value in any_value(), certainty in any_certainty()) {
            let expected = match certainty {
                Certainty::Inferred => Certainty::Stated,
                c => c,
            };
            let text = value.to_edtf(certainty);
            prop_assert_eq!(DateValue::parse_edtf(&text), Some((value, expected)));
        }

        #[test]
        fn find_dates_is_total(text in "\\PC{0,80}") {
            check_spans(&text);
        }

        #[test]
        fn find_dates_on_date_like_text(
            text in "[0-9０-９一九十年月日년월일 .,/\\-–IXсентябряSeptg г.?()\\[\\]~\n]{0,60}"
        ) {
            check_spans(&text);
            let _ = parse_date(&text);
        }
    }

    fn check_spans(text: &str) {
        let mut last = 0;
        for hit in find_dates(text) {
            assert!(hit.span.start >= last, "overlap in {text:?}");
            assert!(hit.span.start < hit.span.end);
            assert!(text.is_char_boundary(hit.span.start));
            assert!(text.is_char_boundary(hit.span.end));
            last = hit.span.end;
        }
    }
}
