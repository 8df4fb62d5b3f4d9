//! Word-level differences between two texts in any script: what an editor
//! changed between two versions of a document.
//!
//! A text is cut into tokens: a run of letters and digits is a word, except
//! in the scripts written without spaces (Han, Hiragana, Katakana), where
//! each letter is one; a run of spaces is one token, and every other
//! character is one. The tokens are compared with Myers' algorithm
//! (shortest edit script, linear space per step), bounded: past
//! [`MAX_EDITS`] differences the rest is given as one deletion and one
//! insertion, so that time stays bounded on texts that share nothing.

/// What a piece of the difference is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    Same,
    Deleted,
    Inserted,
}

/// A run of tokens that the two texts share, or that one of them has.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Piece {
    pub change: Change,
    pub text: String,
}

/// The most differences worked out token by token.
pub const MAX_EDITS: usize = 2_000;

fn unspaced(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF // Hiragana, Katakana
        | 0x3400..=0x4DBF // CJK extension A
        | 0x4E00..=0x9FFF // CJK unified
        | 0xF900..=0xFAFF // CJK compatibility
        | 0x20000..=0x2FFFF)
}

/// The tokens of `text`, each a slice of it.
pub fn tokens(text: &str) -> Vec<&str> {
    #[derive(PartialEq, Clone, Copy)]
    enum Kind {
        Word,
        Space,
        Other,
    }
    let kind = |c: char| {
        if unspaced(c) {
            Kind::Other
        } else if c.is_alphanumeric() || c == '\u{301}' || c == '\u{308}' {
            Kind::Word
        } else if c.is_whitespace() {
            Kind::Space
        } else {
            Kind::Other
        }
    };
    let mut out = Vec::new();
    let mut start = 0;
    let mut last: Option<Kind> = None;
    for (i, c) in text.char_indices() {
        let k = kind(c);
        let joins = matches!(
            (last, k),
            (Some(Kind::Word), Kind::Word) | (Some(Kind::Space), Kind::Space)
        );
        if !joins && i > start {
            out.push(&text[start..i]);
            start = i;
        }
        last = Some(k);
    }
    if start < text.len() {
        out.push(&text[start..]);
    }
    out
}

/// The difference from `old` to `new`, as runs of shared, deleted and
/// inserted text.
pub fn diff(old: &str, new: &str) -> Vec<Piece> {
    let a = tokens(old);
    let b = tokens(new);
    // The shared head and tail need no search.
    let head = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let tail = a[head..]
        .iter()
        .rev()
        .zip(b[head..].iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let (am, bm) = (&a[head..a.len() - tail], &b[head..b.len() - tail]);
    let mut ops: Vec<(Change, &str)> = a[..head].iter().map(|t| (Change::Same, *t)).collect();
    match myers(am, bm) {
        Some(middle) => ops.extend(middle),
        None => {
            ops.extend(am.iter().map(|t| (Change::Deleted, *t)));
            ops.extend(bm.iter().map(|t| (Change::Inserted, *t)));
        }
    }
    ops.extend(a[a.len() - tail..].iter().map(|t| (Change::Same, *t)));
    join(ops)
}

/// Runs of one change joined, and a lone space between two changes of one
/// kind taken into them, so that "a b" replaced by "c d" reads as one
/// deletion and one insertion.
fn join(ops: Vec<(Change, &str)>) -> Vec<Piece> {
    let mut out: Vec<Piece> = Vec::new();
    for (change, text) in ops {
        match out.last_mut() {
            Some(p) if p.change == change => p.text.push_str(text),
            _ => out.push(Piece {
                change,
                text: text.to_string(),
            }),
        }
    }
    out
}

/// Myers' shortest edit script of `a` into `b`; None past [`MAX_EDITS`].
/// The frontier of each step is kept for the way back, only over the
/// diagonals that step reached: memory grows with the square of the
/// edits, which the bound keeps to a few megabytes.
fn myers<'t>(a: &[&'t str], b: &[&'t str]) -> Option<Vec<(Change, &'t str)>> {
    let (n, m) = (a.len() as i64, b.len() as i64);
    let limit = ((n + m) as usize).min(MAX_EDITS) as i64;
    // v[k + offset]: the furthest x on diagonal k.
    let offset = limit + 1;
    let mut v = vec![0i64; (2 * limit + 3) as usize];
    let at = |k: i64| (k + offset) as usize;
    // trace[d]: the frontier before step d, over diagonals -d..=d.
    let mut trace: Vec<Vec<i64>> = Vec::new();
    let mut end = None;
    'steps: for d in 0..=limit {
        trace.push(v[at(-d)..=at(d)].to_vec());
        for k in (-d..=d).step_by(2) {
            let mut x = if k == -d || (k != d && v[at(k - 1)] < v[at(k + 1)]) {
                v[at(k + 1)]
            } else {
                v[at(k - 1)] + 1
            };
            let mut y = x - k;
            while x < n && y < m && a[x as usize] == b[y as usize] {
                x += 1;
                y += 1;
            }
            v[at(k)] = x;
            if x >= n && y >= m {
                end = Some(d);
                break 'steps;
            }
        }
    }
    let end = end?;
    let mut out = Vec::new();
    let (mut x, mut y) = (n, m);
    for d in (0..=end).rev() {
        let frontier = &trace[d as usize];
        // The frontier of step d, diagonal k, is frontier[k + d].
        let get = |k: i64| frontier[(k + d) as usize];
        let k = x - y;
        let prev_k = if k == -d || (k != d && get(k - 1) < get(k + 1)) {
            k + 1
        } else {
            k - 1
        };
        let (prev_x, prev_y) = if d == 0 {
            (0, 0)
        } else {
            let px = get(prev_k);
            (px, px - prev_k)
        };
        // The shared run that ended this step, then its one edit.
        let (from_x, from_y) = if d == 0 {
            (0, 0)
        } else if prev_k == k + 1 {
            (prev_x, prev_y + 1)
        } else {
            (prev_x + 1, prev_y)
        };
        while x > from_x && y > from_y {
            out.push((Change::Same, a[(x - 1) as usize]));
            x -= 1;
            y -= 1;
        }
        if d > 0 {
            if prev_k == k + 1 {
                out.push((Change::Inserted, b[(y - 1) as usize]));
                y -= 1;
            } else {
                out.push((Change::Deleted, a[(x - 1) as usize]));
                x -= 1;
            }
        }
    }
    out.reverse();
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shown(pieces: &[Piece]) -> String {
        pieces
            .iter()
            .map(|p| match p.change {
                Change::Same => p.text.clone(),
                Change::Deleted => format!("[-{}-]", p.text),
                Change::Inserted => format!("{{+{}+}}", p.text),
            })
            .collect()
    }

    /// Applying a difference gives back both texts.
    fn sides(pieces: &[Piece]) -> (String, String) {
        let mut old = String::new();
        let mut new = String::new();
        for p in pieces {
            if p.change != Change::Inserted {
                old.push_str(&p.text);
            }
            if p.change != Change::Deleted {
                new.push_str(&p.text);
            }
        }
        (old, new)
    }

    #[test]
    fn words_change_in_any_script() {
        let d = diff("Товарищ Микоян сказал", "Товарищ Микоян ответил");
        assert_eq!(shown(&d), "Товарищ Микоян [-сказал-]{+ответил+}");
        let d = diff("The harbour was open.", "The harbor was open again.");
        assert_eq!(shown(&d), "The [-harbour-]{+harbor+} was open{+ again+}.");
        // Han is compared letter by letter.
        let d = diff("周恩来总理说", "周恩来主席说");
        assert_eq!(shown(&d), "周恩来[-总理-]{+主席+}说");
        // A stress mark stays with its word.
        assert_eq!(tokens("вы́шел вон"), ["вы́шел", " ", "вон"]);
    }

    #[test]
    fn both_texts_come_back_whole() {
        let cases = [
            ("", ""),
            ("", "new words"),
            ("old words", ""),
            ("a b c d e f", "a x c y e f z"),
            ("같은 말을 합니다", "다른 말을 합니다"),
            ("one two one two", "two one two one"),
        ];
        for (a, b) in cases {
            let d = diff(a, b);
            assert_eq!(sides(&d), (a.to_string(), b.to_string()), "{a:?} {b:?}");
        }
    }

    #[test]
    fn texts_that_share_nothing_end_in_bounded_time() {
        let a: String = (0..20_000).map(|i| format!("a{i} ")).collect();
        let b: String = (0..20_000).map(|i| format!("b{i} ")).collect();
        let d = diff(&a, &b);
        assert_eq!(sides(&d), (a, b));
    }
}
