//! What OCR read on a scanned page: its words, each with its box and
//! confidence, in lines and paragraphs; and how a transcription's words meet
//! them, so that a word found in the transcription can be shown on the scan.
//!
//! The formats OCR engines write (hOCR, ALTO) are read in `fonds-ingest`;
//! this module holds the model, a compact form of it for storage, and the
//! word linking.

use crate::Lang;

/// A rectangle on the page image, in pixels: left, top, right, bottom
/// (right and bottom exclusive).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct BBox {
    pub x0: u32,
    pub y0: u32,
    pub x1: u32,
    pub y1: u32,
}

impl BBox {
    pub fn width(&self) -> u32 {
        self.x1.saturating_sub(self.x0)
    }

    pub fn height(&self) -> u32 {
        self.y1.saturating_sub(self.y0)
    }

    /// The smallest box holding both.
    pub fn union(&self, other: &BBox) -> BBox {
        BBox {
            x0: self.x0.min(other.x0),
            y0: self.y0.min(other.y0),
            x1: self.x1.max(other.x1),
            y1: self.y1.max(other.y1),
        }
    }
}

/// A word as OCR read it.
#[derive(Debug, Clone, PartialEq)]
pub struct OcrWord {
    pub text: String,
    pub bbox: BBox,
    /// How sure the engine was, from 0 to 100, when it says.
    pub confidence: Option<u8>,
}

/// A line of words.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct OcrLine {
    pub words: Vec<OcrWord>,
}

/// A paragraph (a block of lines the engine kept together).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct OcrParagraph {
    pub lines: Vec<OcrLine>,
}

/// One page as OCR read it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct OcrPage {
    /// The size of the image the boxes refer to, when the file says.
    pub width: u32,
    pub height: u32,
    pub paragraphs: Vec<OcrParagraph>,
}

/// The most words kept from one page: a dense newspaper page holds a few
/// thousand.
pub const MAX_WORDS: usize = 100_000;

impl OcrPage {
    pub fn words(&self) -> impl Iterator<Item = &OcrWord> {
        self.paragraphs
            .iter()
            .flat_map(|p| p.lines.iter())
            .flat_map(|l| l.words.iter())
    }

    pub fn word_count(&self) -> usize {
        self.words().count()
    }

    /// The mean of the words' confidences, if any word has one.
    pub fn mean_confidence(&self) -> Option<f64> {
        let (sum, n) = self
            .words()
            .filter_map(|w| w.confidence)
            .fold((0u64, 0u64), |(s, n), c| (s + u64::from(c), n + 1));
        (n > 0).then(|| sum as f64 / n as f64)
    }

    /// The page's text: words joined by spaces, lines by a newline,
    /// paragraphs by an empty line.
    pub fn text(&self) -> String {
        let mut out = String::new();
        for p in &self.paragraphs {
            let lines: Vec<String> = p
                .lines
                .iter()
                .filter(|l| !l.words.is_empty())
                .map(|l| {
                    l.words
                        .iter()
                        .map(|w| w.text.as_str())
                        .collect::<Vec<_>>()
                        .join(" ")
                })
                .collect();
            if lines.is_empty() {
                continue;
            }
            if !out.is_empty() {
                out.push_str("\n\n");
            }
            out.push_str(&lines.join("\n"));
        }
        out
    }

    /// The page in the compact form the store keeps: a first line
    /// `width height`, then one line per word `x0 y0 x1 y1 confidence text`
    /// (`-` for no confidence), a line `/` closing each line of words and a
    /// line `//` each paragraph. A word's text holds no newline.
    pub fn to_compact(&self) -> String {
        use std::fmt::Write;
        let mut out = format!("{} {}\n", self.width, self.height);
        for p in &self.paragraphs {
            for l in &p.lines {
                for w in &l.words {
                    let b = w.bbox;
                    let _ = write!(out, "{} {} {} {} ", b.x0, b.y0, b.x1, b.y1);
                    match w.confidence {
                        Some(c) => {
                            let _ = write!(out, "{c}");
                        }
                        None => out.push('-'),
                    }
                    out.push(' ');
                    out.push_str(&w.text.replace(['\n', '\r'], " "));
                    out.push('\n');
                }
                out.push_str("/\n");
            }
            out.push_str("//\n");
        }
        out
    }

    /// Reads [`OcrPage::to_compact`]'s form back; None if it is not one.
    pub fn from_compact(s: &str) -> Option<OcrPage> {
        let mut lines = s.lines();
        let (w, h) = lines.next()?.split_once(' ')?;
        let mut page = OcrPage {
            width: w.parse().ok()?,
            height: h.parse().ok()?,
            paragraphs: Vec::new(),
        };
        let mut para = OcrParagraph::default();
        let mut line = OcrLine::default();
        for l in lines {
            match l {
                "/" => para.lines.push(std::mem::take(&mut line)),
                "//" => page.paragraphs.push(std::mem::take(&mut para)),
                _ => {
                    let mut parts = l.splitn(6, ' ');
                    let mut num = || parts.next()?.parse::<u32>().ok();
                    let bbox = BBox {
                        x0: num()?,
                        y0: num()?,
                        x1: num()?,
                        y1: num()?,
                    };
                    let confidence = match parts.next()? {
                        "-" => None,
                        c => Some(c.parse().ok()?),
                    };
                    let text = parts.next().unwrap_or("").to_string();
                    line.words.push(OcrWord {
                        text,
                        bbox,
                        confidence,
                    });
                }
            }
        }
        Some(page)
    }
}

/// A word reduced to what survives OCR's confusions: lowercase, letters and
/// digits only, Latin and Cyrillic look-alikes folded
/// ([`fonds_names::script::fold_word_look_alikes`]), "ё" as "е".
pub fn match_form(word: &str) -> String {
    let kept: String = word
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .map(|c| if c == 'ё' { 'е' } else { c })
        .collect();
    fonds_names::script::fold_word_look_alikes(&kept).into_owned()
}

/// The most words on either side that are linked by alignment between two
/// anchors; a longer stretch without a sure anchor stays unlinked.
const MAX_GAP_CELLS: usize = 40_000;

/// Links each word of a transcription's page to the OCR word it was read
/// as: `out[i]` is the index in `ocr` of word `i`'s reading, if any. The
/// link is monotonic. Words spelled alike once on each side anchor it
/// (found again inside each stretch between anchors); the words between
/// anchors are aligned by their similarity (a transcription is a corrected
/// reading, so most words differ by a letter or two, or not at all).
/// Time is linear in the words but for short stretches between anchors.
pub fn link_words<S: AsRef<str>, T: AsRef<str>>(text: &[S], ocr: &[T]) -> Vec<Option<usize>> {
    let a: Vec<Vec<char>> = text.iter().map(|w| chars(w.as_ref())).collect();
    let b: Vec<Vec<char>> = ocr.iter().map(|w| chars(w.as_ref())).collect();
    let mut out = vec![None; a.len()];
    link_range(&a, &b, 0..a.len(), 0..b.len(), &mut out, 0);
    out
}

fn chars(w: &str) -> Vec<char> {
    match_form(w).chars().collect()
}

fn link_range(
    a: &[Vec<char>],
    b: &[Vec<char>],
    ra: std::ops::Range<usize>,
    rb: std::ops::Range<usize>,
    out: &mut [Option<usize>],
    depth: u32,
) {
    if ra.is_empty() || rb.is_empty() {
        return;
    }
    let anchors = if depth < 8 {
        unique_anchors(a, b, ra.clone(), rb.clone())
    } else {
        Vec::new()
    };
    if anchors.is_empty() {
        if ra.len() * rb.len() <= MAX_GAP_CELLS {
            align_gap(a, b, ra, rb, out);
        }
        return;
    }
    let (mut sa, mut sb) = (ra.start, rb.start);
    for (i, j) in anchors {
        link_range(a, b, sa..i, sb..j, out, depth + 1);
        out[i] = Some(j);
        sa = i + 1;
        sb = j + 1;
    }
    link_range(a, b, sa..ra.end, sb..rb.end, out, depth + 1);
}

/// Pairs of words spelled alike that occur once in each range (and are not
/// empty), the longest increasing chain of them.
fn unique_anchors(
    a: &[Vec<char>],
    b: &[Vec<char>],
    ra: std::ops::Range<usize>,
    rb: std::ops::Range<usize>,
) -> Vec<(usize, usize)> {
    use std::collections::HashMap;
    let mut count: HashMap<&[char], (u32, u32, usize, usize)> = HashMap::new();
    for i in ra {
        if !a[i].is_empty() {
            let e = count.entry(&a[i]).or_insert((0, 0, 0, 0));
            e.0 += 1;
            e.2 = i;
        }
    }
    for j in rb {
        if let Some(e) = count.get_mut(b[j].as_slice()) {
            e.1 += 1;
            e.3 = j;
        }
    }
    let mut pairs: Vec<(usize, usize)> = count
        .values()
        .filter(|e| e.0 == 1 && e.1 == 1)
        .map(|e| (e.2, e.3))
        .collect();
    pairs.sort_unstable();
    longest_increasing(&pairs)
}

/// The longest chain of pairs increasing in both (pairs sorted by the first).
fn longest_increasing(pairs: &[(usize, usize)]) -> Vec<(usize, usize)> {
    // Patience sorting on the second element.
    let mut tails: Vec<usize> = Vec::new();
    let mut prev: Vec<Option<usize>> = vec![None; pairs.len()];
    for (k, &(_, j)) in pairs.iter().enumerate() {
        let pos = tails.partition_point(|&t| pairs[t].1 < j);
        if pos > 0 {
            prev[k] = Some(tails[pos - 1]);
        }
        if pos == tails.len() {
            tails.push(k);
        } else {
            tails[pos] = k;
        }
    }
    let mut chain = Vec::with_capacity(tails.len());
    let mut at = tails.last().copied();
    while let Some(k) = at {
        chain.push(pairs[k]);
        at = prev[k];
    }
    chain.reverse();
    chain
}

/// Aligns a short stretch by similarity (a word may be left out on either
/// side), linking pairs at least half alike.
fn align_gap(
    a: &[Vec<char>],
    b: &[Vec<char>],
    ra: std::ops::Range<usize>,
    rb: std::ops::Range<usize>,
    out: &mut [Option<usize>],
) {
    let (n, m) = (ra.len(), rb.len());
    let mut score = vec![0f32; (n + 1) * (m + 1)];
    let at = |i: usize, j: usize| i * (m + 1) + j;
    for i in 1..=n {
        for j in 1..=m {
            let s = similarity(&a[ra.start + i - 1], &b[rb.start + j - 1]);
            let diag = if s >= 0.5 {
                score[at(i - 1, j - 1)] + s
            } else {
                f32::MIN
            };
            score[at(i, j)] = diag.max(score[at(i - 1, j)]).max(score[at(i, j - 1)]);
        }
    }
    let (mut i, mut j) = (n, m);
    while i > 0 && j > 0 {
        let here = score[at(i, j)];
        if here == score[at(i - 1, j)] {
            i -= 1;
        } else if here == score[at(i, j - 1)] {
            j -= 1;
        } else {
            out[ra.start + i - 1] = Some(rb.start + j - 1);
            i -= 1;
            j -= 1;
        }
    }
}

/// One minus the edit distance over the longer length: 1 for the same
/// word, 0 for nothing in common.
pub fn similarity(a: &[char], b: &[char]) -> f32 {
    let longest = a.len().max(b.len());
    if longest == 0 {
        return 0.0;
    }
    1.0 - edit_distance(a, b) as f32 / longest as f32
}

/// Levenshtein distance in characters.
pub fn edit_distance(a: &[char], b: &[char]) -> usize {
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut diag = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let next = (diag + usize::from(ca != cb))
                .min(row[j] + 1)
                .min(row[j + 1] + 1);
            diag = row[j + 1];
            row[j + 1] = next;
        }
    }
    row[b.len()]
}

/// The language codes Tesseract names its models by, for the languages it
/// reads ("rus" for Russian); None for a language with no model named here.
pub fn tesseract_code(lang: &Lang) -> Option<&'static str> {
    Some(match lang.code() {
        "ru" => "rus",
        "en" => "eng",
        "de" => "deu",
        "fr" => "fra",
        "ko" => "kor",
        "zh" => "chi_sim",
        "uk" => "ukr",
        "pl" => "pol",
        "cs" => "ces",
        "hu" => "hun",
        "ro" => "ron",
        "vi" => "vie",
        "bg" => "bul",
        "sr" => "srp",
        "es" => "spa",
        "it" => "ita",
        "ja" => "jpn",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn word(text: &str, x: u32) -> OcrWord {
        OcrWord {
            text: text.into(),
            bbox: BBox {
                x0: x,
                y0: 10,
                x1: x + 50,
                y1: 30,
            },
            confidence: Some(90),
        }
    }

    #[test]
    fn the_compact_form_reads_back() {
        let page = OcrPage {
            width: 100,
            height: 200,
            paragraphs: vec![
                OcrParagraph {
                    lines: vec![
                        OcrLine {
                            words: vec![word("Тов.", 0), word("Микоян", 60)],
                        },
                        OcrLine {
                            words: vec![OcrWord {
                                confidence: None,
                                ..word("a b", 0)
                            }],
                        },
                    ],
                },
                OcrParagraph {
                    lines: vec![OcrLine {
                        words: vec![word("XX", 5)],
                    }],
                },
            ],
        };
        assert_eq!(
            OcrPage::from_compact(&page.to_compact()),
            Some(page.clone())
        );
        assert_eq!(page.text(), "Тов. Микоян\na b\n\nXX");
        assert_eq!(OcrPage::from_compact("oops"), None);
    }

    #[test]
    fn a_transcription_meets_its_misread_words() {
        let text = [
            "Тов.",
            "Ульбрихт",
            "сказал,",
            "что",
            "ХХ",
            "съезд",
            "был",
            "важен.",
        ];
        let ocr = ["Тов", "Ульбрнхт", "сказал", "чго", "XX", "съезд", "важен"];
        let links = link_words(&text, &ocr);
        assert_eq!(
            links,
            vec![
                Some(0),
                Some(1),
                Some(2),
                Some(3),
                Some(4),
                Some(5),
                None,
                Some(6)
            ]
        );
    }

    #[test]
    fn nothing_alike_stays_unlinked() {
        assert_eq!(
            link_words(&["один", "два"], &["zzz", "qqq"]),
            vec![None, None]
        );
        assert_eq!(
            link_words::<&str, &str>(&[], &["a"]),
            Vec::<Option<usize>>::new()
        );
    }
}
