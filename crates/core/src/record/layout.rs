//! Pages and folios: finding the typescript's page markers ("- 2 -") and the
//! archive's stamped folio numbers inside OCR noise.
//!
//! A folio stamp is a short line of digits near the top of a page, and OCR
//! often garbles it: "51 7", "52<sup>6</sup>", "508" for 50. The reader takes
//! every number a stamp could be read as, then chooses the reading of all pages
//! together that best forms a sequence rising by one leaf per page (a Viterbi
//! pass), so one misread stamp is corrected from its neighbours and reported.

use crate::model::Side;

/// A line of a text with its 1-based line number in the source.
#[derive(Debug, Clone, Copy)]
pub struct Line<'a> {
    pub no: u32,
    pub text: &'a str,
}

/// A page of lines before block analysis.
#[derive(Debug, Clone)]
pub struct RawPage<'a> {
    /// The printed page number, if a marker started the page.
    pub printed: Option<u32>,
    /// The sheet a sheet marker gave the page ("Bl. 13"), with its side and
    /// the marker as written.
    pub sheet: Option<(u32, Option<Side>, &'a str)>,
    /// Line where the page starts (its marker, or its first line).
    pub line: u32,
    pub lines: Vec<Line<'a>>,
    /// Stamp-like lines found at the top of the page, removed from `lines`.
    pub stamps: Vec<Line<'a>>,
}

/// A page number marker on its own line: "- 2 -", "-3-", "— 4 —", "Page 5",
/// "Стр. 6", "Seite 7", "[Page 8]", "第9页", "－2－".
pub fn page_marker(line: &str) -> Option<u32> {
    let t = line.trim().trim_matches(|c| c == '*' || c == '_').trim();
    if t.is_empty() || t.len() > 24 {
        return None;
    }
    let dashes = |c: char| matches!(c, '-' | '–' | '—' | '－' | '‒');
    if t.starts_with(dashes) && t.ends_with(dashes) {
        let inner = t.trim_matches(dashes).trim();
        return number(inner);
    }
    let inner = t.trim_start_matches('[').trim_end_matches(']');
    let lower = inner.to_lowercase();
    for prefix in [
        "page",
        "p.",
        "стр.",
        "стр",
        "страница",
        "seite",
        "s.",
        "str.",
        "strona",
    ] {
        if let Some(rest) = lower.strip_prefix(prefix) {
            if rest.starts_with(|c: char| c.is_whitespace() || c.is_ascii_digit())
                || prefix.ends_with('.')
            {
                return number(rest.trim());
            }
        }
    }
    if let Some(rest) = t.strip_prefix('第') {
        return number(
            rest.strip_suffix('页')
                .or_else(|| rest.strip_suffix('頁'))?
                .trim(),
        );
    }
    None
}

/// A sheet marker on its own line, which archives stamp on each sheet (the
/// folio, not the typescript's page): German "Bl. 2" / "Blatt 2", English
/// "Sheet 2", Russian "л. 2" / "Лист 2" (and "л. 2 об." for the back),
/// French and Latin "f. 2" / "fol. 2v", Polish "k. 2", Czech "l. 2" / "list 2";
/// an 'r' or 'v' after the number gives the side.
pub fn sheet_marker(line: &str) -> Option<(u32, Option<Side>)> {
    let t = line
        .trim()
        .trim_matches(|c| matches!(c, '*' | '_' | '[' | ']' | '(' | ')'))
        .trim();
    if t.is_empty() || t.chars().count() > 24 {
        return None;
    }
    let lower = t.to_lowercase();
    for prefix in [
        "blatt", "bl.", "bl", "sheet", "лист", "л.", "folio", "fol.", "fo.", "f.", "karta", "k.",
        "list", "l.",
    ] {
        let Some(rest) = lower.strip_prefix(prefix) else {
            continue;
        };
        let after = rest.trim_start();
        // A word needs a space before its number; an abbreviation's dot will do.
        if !prefix.ends_with('.') && after.len() == rest.len() {
            continue;
        }
        let digits: String = after
            .chars()
            .map(fullwidth_digit)
            .take_while(|c| c.is_ascii_digit())
            .collect();
        let n = number(&digits)?;
        let tail = after[after
            .char_indices()
            .nth(digits.chars().count())
            .map_or(after.len(), |(i, _)| i)..]
            .trim()
            .trim_end_matches('.')
            .trim();
        let side = match tail {
            "" => None,
            "r" | "ro" | "rº" | "recto" => Some(Side::Recto),
            "v" | "vo" | "vº" | "verso" | "об" | "оборот" => Some(Side::Verso),
            _ => return None,
        };
        return (n > 0).then_some((n, side));
    }
    None
}

fn number(s: &str) -> Option<u32> {
    let digits: String = s.chars().map(fullwidth_digit).collect();
    if digits.is_empty() || digits.len() > 4 || !digits.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

fn fullwidth_digit(c: char) -> char {
    match c {
        '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
        _ => c,
    }
}

/// A line that can only be a stamp: digits, spaces, superscripts and a few signs.
pub fn is_stamp_like(line: &str) -> bool {
    let t = line.trim();
    let without_tags = t.replace("<sup>", " ").replace("</sup>", " ");
    let core = without_tags.trim();
    !core.is_empty()
        && core.chars().count() <= 12
        && core.chars().any(|c| c.is_ascii_digit())
        && core
            .chars()
            .all(|c| c.is_ascii_digit() || c.is_whitespace() || "+*'\"°.,/".contains(c))
        && page_marker(t).is_none()
        // "03.03.1958" is a dateline, not a stamp.
        && crate::date::parse_date(core).is_none()
}

/// The numbers a stamp can be read as, with a prior weight for each: the first
/// whole number is the likeliest, other whole numbers and prefixes (a stray
/// digit glued on: "508") less so.
pub fn stamp_readings(line: &str) -> Vec<(u32, f64)> {
    let t = line.trim();
    let base = match t.find("<sup>") {
        Some(i) => &t[..i],
        None => t,
    };
    let mut out: Vec<(u32, f64)> = Vec::new();
    let mut push = |n: u32, w: f64| {
        if n == 0 {
            return;
        }
        match out.iter_mut().find(|(m, _)| *m == n) {
            Some(existing) => existing.1 = existing.1.max(w),
            None => out.push((n, w)),
        }
    };
    let tokens: Vec<&str> = base
        .split(|c: char| !c.is_ascii_digit())
        .filter(|s| !s.is_empty() && s.len() <= 5)
        .collect();
    for (i, tok) in tokens.iter().enumerate() {
        let whole = if i == 0 { 1.0 } else { 0.5 };
        if let Ok(n) = tok.parse() {
            push(n, whole);
        }
        for len in 1..tok.len() {
            if let Ok(n) = tok[..len].parse() {
                push(n, 0.4);
            }
        }
    }
    out
}

/// Whether the lines a first page has so far are only what heads a
/// typescript above its first page's own marker: at most three short lines
/// (a security marking, a copy number).
fn only_a_heading(lines: &[Line]) -> bool {
    let words: Vec<&str> = lines
        .iter()
        .map(|l| l.text.trim())
        .filter(|t| !t.is_empty())
        .collect();
    words.len() <= 3 && words.iter().all(|t| t.chars().count() <= 40)
}

/// Splits a text's lines into pages at page and sheet markers and lifts the
/// stamp-like lines from the top of each page. A page number and a sheet
/// marker one after the other mark one page; a first page's own marker
/// ("-1-", or a sheet's, under a security marking) does not start a second.
pub fn paginate<'a>(lines: &[Line<'a>]) -> Vec<RawPage<'a>> {
    let mut pages: Vec<RawPage<'a>> = Vec::new();
    let mut current = RawPage {
        printed: None,
        sheet: None,
        line: lines.first().map_or(1, |l| l.no),
        lines: Vec::new(),
        stamps: Vec::new(),
    };
    // No words since the page's last marker (or the text's start).
    let mut fresh = true;
    for &line in lines {
        let printed = page_marker(line.text);
        let sheet = match printed {
            Some(_) => None,
            None => sheet_marker(line.text),
        };
        if printed.is_none() && sheet.is_none() {
            fresh &= line.text.trim().is_empty();
            current.lines.push(line);
            continue;
        }
        let nothing_yet = current.lines.iter().all(|l| l.text.trim().is_empty());
        // The marker belongs to the page under way: a page that has only
        // its other marker so far (no words since it), or the first page,
        // headed by no more than a security marking, meeting its own first
        // marker.
        let marked = current.printed.is_some() || current.sheet.is_some();
        let same_page = if nothing_yet || (fresh && marked) {
            (printed.is_some() && current.printed.is_none())
                || (sheet.is_some() && current.sheet.is_none())
        } else {
            pages.is_empty()
                && current.printed.is_none()
                && current.sheet.is_none()
                && only_a_heading(&current.lines)
                && (printed == Some(1) || sheet.is_some())
        };
        if !same_page
            && (!nothing_yet
                || current.printed.is_some()
                || current.sheet.is_some()
                || !pages.is_empty())
        {
            pages.push(std::mem::replace(
                &mut current,
                RawPage {
                    printed: None,
                    sheet: None,
                    line: line.no,
                    lines: Vec::new(),
                    stamps: Vec::new(),
                },
            ));
        }
        if current.printed.is_none() && current.sheet.is_none() && nothing_yet {
            current.line = line.no;
        }
        if let Some(n) = printed {
            current.printed = Some(n);
        }
        if let Some((n, side)) = sheet {
            current.sheet = Some((n, side, line.text.trim()));
        }
        fresh = true;
    }
    pages.push(current);
    pages.retain(|p| {
        p.printed.is_some()
            || p.sheet.is_some()
            || p.lines.iter().any(|l| !l.text.trim().is_empty())
    });
    for (i, page) in pages.iter_mut().enumerate() {
        // The first page carries a heading block before its stamp; later pages
        // have the stamp right under the page number.
        let window = if i == 0 { 8 } else { 4 };
        let mut seen = 0;
        let mut k = 0;
        while k < page.lines.len() && seen < window {
            let text = page.lines[k].text;
            if text.trim().is_empty() {
                k += 1;
                continue;
            }
            seen += 1;
            // On the first page a year on its own line is a dateline, not a stamp.
            let year_alone = i == 0
                && text
                    .trim()
                    .parse::<u32>()
                    .is_ok_and(|y| (1800..=2099).contains(&y));
            if is_stamp_like(text) && !year_alone {
                page.stamps.push(page.lines.remove(k));
            } else {
                k += 1;
                if i > 0 {
                    // Below the first words of a later page, a number is text.
                    break;
                }
            }
        }
    }
    pages
}

/// The most readings of folios the sequence keeps per page, the likeliest:
/// without a bound each page would add the readings of the page before it,
/// one more each, and a text of many pages would cost the square of them.
const MAX_STATES: usize = 64;

/// The folio chosen for a page.
#[derive(Debug, Clone, PartialEq)]
pub struct FolioChoice {
    pub number: u32,
    pub side: Option<Side>,
    /// The stamp that was read, whole.
    pub raw: Option<String>,
    /// False when the number comes from the sequence, not from the stamp.
    pub read: bool,
}

/// Chooses one folio per page from the stamps' readings so that the folios
/// rise by one per page wherever the evidence allows. `first_hint` is the
/// citation's first folio, when known. A beam of the [`MAX_STATES`] best
/// readings per page keeps the cost linear in the pages.
pub fn choose_folios(stamps: &[Vec<String>], first_hint: Option<u32>) -> Vec<Option<FolioChoice>> {
    let n = stamps.len();
    let readings: Vec<Vec<(u32, f64)>> = stamps
        .iter()
        .map(|lines| {
            let mut all: Vec<(u32, f64)> = Vec::new();
            for (idx, l) in lines.iter().enumerate() {
                // A stamp's own line beats a stray digit line above it.
                let damp = if idx + 1 == lines.len() { 1.0 } else { 0.8 };
                for (v, w) in stamp_readings(l) {
                    all.push((v, w * damp));
                }
            }
            all
        })
        .collect();
    let with_stamps = readings.iter().filter(|r| !r.is_empty()).count();
    if n == 0 || with_stamps == 0 || with_stamps * 2 < n {
        // Too few stamps to trust a sequence: report only what was read plainly.
        return stamps
            .iter()
            .zip(&readings)
            .map(|(lines, r)| {
                r.iter().find(|(_, w)| *w >= 1.0).map(|(v, _)| FolioChoice {
                    number: *v,
                    side: None,
                    raw: lines.last().cloned(),
                    read: true,
                })
            })
            .collect();
    }

    // States per page: each reading, plus "inferred" (the previous + 1).
    #[derive(Clone, Copy)]
    struct State {
        value: u32,
        read: bool,
        score: f64,
        back: usize,
    }
    const STEP: f64 = 2.0;
    const BACKWARDS: f64 = -3.0;
    let mut layers: Vec<Vec<State>> = Vec::with_capacity(n);
    for (i, options) in readings.iter().enumerate() {
        let mut layer: Vec<State> = Vec::new();
        if i == 0 {
            for &(v, w) in options {
                let bonus = if first_hint == Some(v) { 1.0 } else { 0.0 };
                layer.push(State {
                    value: v,
                    read: true,
                    score: w + bonus,
                    back: 0,
                });
            }
            if let Some(h) = first_hint {
                if !options.iter().any(|(v, _)| *v == h) {
                    layer.push(State {
                        value: h,
                        read: false,
                        score: 0.3,
                        back: 0,
                    });
                }
            }
            if layer.is_empty() {
                // Nothing to anchor the first page: it stays without a folio,
                // signalled by value 0.
                layer.push(State {
                    value: 0,
                    read: false,
                    score: 0.0,
                    back: 0,
                });
            }
        } else {
            let prev = &layers[i - 1];
            for &(v, w) in options {
                let (back, score) = prev
                    .iter()
                    .enumerate()
                    .map(|(b, p)| {
                        let t = if p.value == 0 {
                            0.0
                        } else if v == p.value + 1 {
                            STEP
                        } else if v > p.value {
                            0.0
                        } else {
                            BACKWARDS
                        };
                        (b, p.score + w + t)
                    })
                    .fold((0, f64::NEG_INFINITY), |a, x| if x.1 > a.1 { x } else { a });
                layer.push(State {
                    value: v,
                    read: true,
                    score,
                    back,
                });
            }
            // Inferred states continue each previous state's sequence.
            for (b, p) in prev.iter().enumerate() {
                if p.value == 0 {
                    continue;
                }
                let v = p.value + 1;
                let score = p.score + STEP - 0.1;
                match layer.iter_mut().find(|s| s.value == v && !s.read) {
                    Some(s) if s.score >= score => {}
                    Some(s) => {
                        *s = State {
                            value: v,
                            read: false,
                            score,
                            back: b,
                        }
                    }
                    None => layer.push(State {
                        value: v,
                        read: false,
                        score,
                        back: b,
                    }),
                }
            }
            if layer.is_empty() {
                layer.push(State {
                    value: 0,
                    read: false,
                    score: prev
                        .iter()
                        .map(|p| p.score)
                        .fold(f64::NEG_INFINITY, f64::max),
                    back: 0,
                });
            }
        }
        if layer.len() > MAX_STATES {
            layer.sort_by(|a, b| b.score.total_cmp(&a.score));
            layer.truncate(MAX_STATES);
        }
        layers.push(layer);
    }
    let mut idx = layers[n - 1]
        .iter()
        .enumerate()
        .fold((0, f64::NEG_INFINITY), |a, (i, s)| {
            if s.score > a.1 {
                (i, s.score)
            } else {
                a
            }
        })
        .0;
    let mut out = vec![None; n];
    for i in (0..n).rev() {
        let s = layers[i][idx];
        if s.value != 0 {
            out[i] = Some(FolioChoice {
                number: s.value,
                side: None,
                raw: stamps[i].last().cloned(),
                read: s.read,
            });
        }
        idx = s.back;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_markers() {
        assert_eq!(page_marker("- 2 -"), Some(2));
        assert_eq!(page_marker("-3-"), Some(3));
        assert_eq!(page_marker("— 12 —"), Some(12));
        assert_eq!(page_marker("Page 4"), Some(4));
        assert_eq!(page_marker("[Page 5]"), Some(5));
        assert_eq!(page_marker("Стр. 6"), Some(6));
        assert_eq!(page_marker("第7页"), Some(7));
        assert_eq!(page_marker("－８－"), Some(8));
        assert_eq!(page_marker("- Мы согласны -"), None);
        assert_eq!(page_marker("49"), None);
    }

    #[test]
    fn sheet_markers() {
        assert_eq!(sheet_marker("Bl. 2"), Some((2, None)));
        assert_eq!(sheet_marker("Blatt 14"), Some((14, None)));
        assert_eq!(sheet_marker("Sheet 3"), Some((3, None)));
        assert_eq!(sheet_marker("л. 4"), Some((4, None)));
        assert_eq!(sheet_marker("Лист 5"), Some((5, None)));
        assert_eq!(sheet_marker("л. 5 об."), Some((5, Some(Side::Verso))));
        assert_eq!(sheet_marker("f. 6"), Some((6, None)));
        assert_eq!(sheet_marker("fol. 2v"), Some((2, Some(Side::Verso))));
        assert_eq!(sheet_marker("Fol. 3r"), Some((3, Some(Side::Recto))));
        assert_eq!(sheet_marker("k. 7"), Some((7, None)));
        assert_eq!(sheet_marker("Bl. 2 und 3"), None);
        assert_eq!(sheet_marker("Blätter"), None);
        assert_eq!(sheet_marker("list of names"), None);
        assert_eq!(sheet_marker("Sheet"), None);
    }

    fn lines(text: &str) -> Vec<Line<'_>> {
        text.lines()
            .enumerate()
            .map(|(i, t)| Line {
                no: i as u32 + 1,
                text: t,
            })
            .collect()
    }

    #[test]
    fn a_first_page_with_its_own_marker_is_one_page() {
        let text = "Секретно\n\n-1-\n\nЗапись беседы\n\n- 2 -\n\nДальше.";
        let pages = paginate(&lines(text));
        let printed: Vec<Option<u32>> = pages.iter().map(|p| p.printed).collect();
        assert_eq!(printed, [Some(1), Some(2)]);
        // A page number and a sheet marker together mark one page.
        let text = "Streng vertraulich\nBl. 12\n\nProtokoll\n\n- 2 -\nBl. 13\n\nWeiter.";
        let pages = paginate(&lines(text));
        let sheets: Vec<(Option<u32>, Option<u32>)> = pages
            .iter()
            .map(|p| (p.printed, p.sheet.map(|s| s.0)))
            .collect();
        assert_eq!(sheets, [(None, Some(12)), (Some(2), Some(13))]);
        // A security marking, the first page's number and its sheet.
        let text = "Секретно\n\n-1-\n\nЛист 16\n\nЗапись\n\n-2-\nЛист 17\nДальше.";
        let sheets: Vec<(Option<u32>, Option<u32>)> = paginate(&lines(text))
            .iter()
            .map(|p| (p.printed, p.sheet.map(|s| s.0)))
            .collect();
        assert_eq!(sheets, [(Some(1), Some(16)), (Some(2), Some(17))]);
        // Text before a first "-2-" is page 1, not a heading of page 2.
        let text = "Запись беседы\nпервая строка\nвторая\nтретья\nчетвёртая\n\n- 2 -\nДальше.";
        assert_eq!(paginate(&lines(text)).len(), 2);
    }

    #[test]
    fn stamps() {
        assert!(is_stamp_like("52<sup>6</sup>"));
        assert!(is_stamp_like("51 7"));
        assert!(!is_stamp_like("- 2 -"));
        assert!(!is_stamp_like("Беседа"));
        assert!(!is_stamp_like("03.03.1958"));
        assert_eq!(stamp_readings("508")[0], (508, 1.0));
        assert!(stamp_readings("508").contains(&(50, 0.4)));
        assert!(stamp_readings("51 7").contains(&(51, 1.0)));
    }

    #[test]
    fn a_misread_stamp_is_inferred_from_the_sequence() {
        let stamps: Vec<Vec<String>> = [
            &["12"][..],
            &["133"],
            &["14<sup>2</sup>"],
            &["11"],
            &["4", "16"],
        ]
        .iter()
        .map(|v| v.iter().map(|s| s.to_string()).collect())
        .collect();
        let got: Vec<(u32, bool)> = choose_folios(&stamps, None)
            .into_iter()
            .map(|c| c.map(|c| (c.number, c.read)).unwrap())
            .collect();
        assert_eq!(
            got,
            vec![(12, true), (13, true), (14, true), (15, false), (16, true)]
        );
    }

    #[test]
    fn no_stamps_no_folios() {
        let stamps = vec![vec![], vec![], vec![]];
        assert_eq!(choose_folios(&stamps, Some(3)), vec![None, None, None]);
    }
}
