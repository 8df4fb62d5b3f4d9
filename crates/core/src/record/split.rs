//! Splitting a record's body into its texts where nothing marks the boundary.
//!
//! Exports put the original transcription and its translations one after the
//! other with no separator. The reader finds the boundaries by language: every
//! paragraph gets a score per expected language (letters of the language's
//! script, weighted by function words between languages of the same script),
//! and a dynamic programme picks the monotone segmentation with the highest
//! total. Paragraphs with no evidence either way go to the later text, so a
//! translation's "Top Secret" heading starts the translation.

use crate::lang::{identify_evidence, Lang, LangEvidence};

/// A stretch of body lines: `start..end` indexes into the body's lines.
#[derive(Debug, Clone, PartialEq)]
pub struct Segment {
    pub lang: Lang,
    pub start: usize,
    pub end: usize,
    /// The language evidence the segment gathered; small means doubtful.
    pub score: f64,
}

/// The most languages a body is split into; a record rarely has more than
/// three texts.
pub const MAX_LANGUAGES: usize = 16;

/// Below this much evidence (about a dozen letters) a segment is not a text.
const MIN_SEGMENT_SCORE: f64 = 12.0;

/// Paragraphs as ranges of line indexes, split at blank lines.
fn paragraphs(lines: &[&str]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, line) in lines.iter().enumerate() {
        match (line.trim().is_empty(), start) {
            (false, None) => start = Some(i),
            (true, Some(s)) => {
                out.push((s, i));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push((s, lines.len()));
    }
    out
}

/// The body's paragraphs (ranges of line indexes) with their language
/// evidence, gathered once for detection and splitting.
pub struct Paragraphs {
    spans: Vec<(usize, usize)>,
    evidence: Vec<LangEvidence>,
    lines: usize,
}

impl Paragraphs {
    pub fn of(lines: &[&str]) -> Paragraphs {
        let spans = paragraphs(lines);
        let evidence = spans
            .iter()
            .map(|&(s, e)| LangEvidence::of(&lines[s..e].join(" ")))
            .collect();
        Paragraphs {
            spans,
            evidence,
            lines: lines.len(),
        }
    }
}

/// The languages the body appears to hold, in order, when the record does not say.
pub fn detect_languages(body: &Paragraphs) -> Vec<Lang> {
    let mut runs: Vec<(Lang, u32)> = Vec::new();
    for ev in &body.evidence {
        let Some(lang) = identify_evidence(ev) else {
            continue;
        };
        let letters = ev.scripts.total();
        match runs.last_mut() {
            Some((last, n)) if *last == lang => *n += letters,
            _ => runs.push((lang, letters)),
        }
    }
    // Short runs are headings or quotations inside a text, not texts of their own.
    runs.retain(|(_, n)| *n >= 200);
    let mut langs: Vec<Lang> = Vec::new();
    for (lang, _) in runs {
        if langs.last() != Some(&lang) {
            langs.push(lang);
        }
    }
    langs
}

/// Splits `lines` into segments, one per expected language in order (the
/// first [`MAX_LANGUAGES`]). Languages that the body does not contain get no
/// segment.
pub fn split(body: &Paragraphs, expected: &[Lang]) -> Vec<Segment> {
    let paras = &body.spans;
    if paras.is_empty() || expected.is_empty() {
        return Vec::new();
    }
    let expected = &expected[..expected.len().min(MAX_LANGUAGES)];
    let k = expected.len();
    // Worked out where needed rather than tabled: a table of a float per
    // paragraph and language would cost more than the record.
    let score = |i: usize, j: usize| body.evidence[i].score(&expected[j]);

    // best[j]: the best total for paragraphs 0..=i with paragraph i in
    // segment j, for the current i only; from[i * k + j]: the segment of
    // paragraph i - 1 on that best path. One byte a cell, and the best
    // predecessor of every j from one running maximum, so that a record of
    // millions of paragraphs and dozens of languages costs their product in
    // bytes and time, not in words and squared languages.
    let n = paras.len();
    let mut best: Vec<f64> = (0..k).map(|j| score(0, j)).collect();
    let mut from = vec![0u8; n * k];
    for i in 1..n {
        // Ties prefer the later predecessor segment, which moves boundaries
        // as early as the evidence allows.
        let (mut pj, mut pv) = (0usize, f64::NEG_INFINITY);
        for j in 0..k {
            if best[j] >= pv {
                (pj, pv) = (j, best[j]);
            }
            best[j] = pv + score(i, j);
            from[i * k + j] = pj as u8;
        }
    }
    let mut j = (0..k).fold(0, |acc, j| if best[j] >= best[acc] { j } else { acc });
    let mut assign = vec![0usize; n];
    for i in (0..n).rev() {
        assign[i] = j;
        if i > 0 {
            j = usize::from(from[i * k + j]);
        }
    }

    let mut segments: Vec<Segment> = Vec::new();
    for (i, &(s, _)) in paras.iter().enumerate() {
        let seg = assign[i];
        match segments.last_mut() {
            Some(last) if last.lang == expected[seg] && i > 0 && assign[i - 1] == seg => {
                last.score += score(i, seg);
            }
            _ => segments.push(Segment {
                lang: expected[seg].clone(),
                start: s,
                end: s,
                score: score(i, seg),
            }),
        }
    }
    // Each segment runs to where the next begins; the last to the end.
    for idx in 0..segments.len() {
        segments[idx].end = segments.get(idx + 1).map_or(body.lines, |n| n.start);
    }
    // Merge segments too weak to be texts into their neighbour.
    let mut merged: Vec<Segment> = Vec::new();
    for seg in segments {
        if seg.score < MIN_SEGMENT_SCORE {
            if let Some(prev) = merged.last_mut() {
                prev.end = seg.end;
                continue;
            }
        }
        match merged.last_mut() {
            Some(prev) if prev.score < MIN_SEGMENT_SCORE => {
                let start = prev.start;
                *prev = Segment { start, ..seg };
            }
            _ => merged.push(seg),
        }
    }
    merged
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lang(c: &str) -> Lang {
        Lang::from_code(c).unwrap()
    }

    #[test]
    fn splits_by_script_at_the_first_line_of_the_next_language() {
        let body = "Совершенно секретно\n\nМы обсудили этот вопрос и пришли к выводу.\n\nзаписал И. Петров\n\n\nSecret\n\nWe discussed this question and came to a conclusion.\n";
        let lines: Vec<&str> = body.lines().collect();
        let segs = split(&Paragraphs::of(&lines), &[lang("ru"), lang("en")]);
        assert_eq!(segs.len(), 2);
        assert_eq!(lines[segs[0].start], "Совершенно секретно");
        assert_eq!(lines[segs[1].start], "Secret");
    }

    #[test]
    fn same_script_languages_split_by_function_words() {
        let body = "Wir haben die Frage mit den Genossen besprochen und sind der Meinung, dass es so ist.\n\nDie Partei ist mit dem Beschluss einverstanden.\n\nWe have discussed the question with the comrades and are of the opinion that it is so.\n\nThe party agrees with the decision.\n";
        let lines: Vec<&str> = body.lines().collect();
        let segs = split(&Paragraphs::of(&lines), &[lang("de"), lang("en")]);
        assert_eq!(segs.len(), 2);
        assert!(lines[segs[1].start].starts_with("We have"));
    }

    #[test]
    fn an_absent_language_gets_no_segment() {
        let body =
            "Top Secret\n\nDear Comrade, we write to you about the matter of the delegation.\n";
        let lines: Vec<&str> = body.lines().collect();
        let segs = split(&Paragraphs::of(&lines), &[lang("ru"), lang("en")]);
        assert_eq!(segs.len(), 1);
        assert_eq!(segs[0].lang, lang("en"));
        assert_eq!(segs[0].start, 0);
    }
}
