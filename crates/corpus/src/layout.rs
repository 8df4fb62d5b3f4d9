//! Layout: the original as a typescript read by OCR (hard-wrapped lines with
//! hyphenated breaks, page markers, stamped folio numbers with stray digits,
//! misread letters) and the translations as clean paragraphs.

use crate::build::{Block, BlockKind, Spec};
use crate::lang::L;
use crate::noise;
use crate::rng::Rng;

/// The original as laid out, and how many pages it has.
pub(crate) struct Laid {
    pub text: String,
    pub pages: u32,
}

/// Forms of address that never end a line: a line opening with "тов. Микоян."
/// could read as a speaker label.
const GLUED: &[&str] = &[
    "тов.", "Тов.", "т.", "Т.", "т.т.", "тт.", "г-н", "Г-н", "Cde.", "Cdes.", "Comrade",
    "Comrades", "Mr.", "MR.", "Herr", "Genosse", "Genossen", "Genossin", "Gen.",
];

/// Splits a paragraph into the units a line break may fall between: words,
/// with markup spans and forms of address kept whole.
fn units(body: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut open: Option<String> = None;
    for word in body.split(' ').filter(|w| !w.is_empty()) {
        if let Some(cur) = open.as_mut() {
            cur.push(' ');
            cur.push_str(word);
            if word.contains("</sup>") || word.contains("~~") {
                out.push(open.take().expect("open span"));
            }
            continue;
        }
        let opens_sup = word.contains("<sup>") && !word.contains("</sup>");
        let opens_del = word.matches("~~").count() == 1;
        if opens_sup || opens_del {
            open = Some(word.to_string());
        } else {
            out.push(word.to_string());
        }
    }
    if let Some(cur) = open {
        out.push(cur);
    }
    // Glue each form of address to the words around it, so that no line but
    // the first opens with one.
    let mut glued: Vec<String> = Vec::with_capacity(out.len());
    let mut carry: Option<String> = None;
    for u in out {
        let u = match carry.take() {
            Some(c) => format!("{c} {u}"),
            None => u,
        };
        if GLUED.contains(&u.as_str()) {
            carry = Some(match glued.pop() {
                Some(prev) => format!("{prev} {u}"),
                None => u,
            });
        } else {
            glued.push(u);
        }
    }
    if let Some(c) = carry {
        glued.push(c);
    }
    glued
}

/// A word that can be broken with a hyphen: lowercase letters, perhaps with
/// punctuation after them. Returns the number of letters.
fn hyphenable(word: &str) -> Option<usize> {
    let letters = word.trim_end_matches([',', '.', ';', '?', '!']);
    let n = letters.chars().count();
    (n >= 8
        && letters
            .chars()
            .all(|c| c.is_alphabetic() && c.is_lowercase()))
    .then_some(n)
}

/// Hard-wraps a paragraph at `width` characters, its label (if any) opening
/// the first line together with at least one word.
fn wrap(label: &str, body: &str, width: usize, hyphen: f64, rng: &mut Rng) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut cur = label.trim_end().to_string();
    let mut cur_len = cur.chars().count();
    let mut label_only = !cur.is_empty();
    for u in units(body) {
        let len = u.chars().count();
        if cur.is_empty() {
            cur = u;
            cur_len = len;
            continue;
        }
        if cur_len + 1 + len <= width || label_only {
            cur.push(' ');
            cur.push_str(&u);
            cur_len += 1 + len;
            label_only = false;
            continue;
        }
        if let Some(n) = hyphenable(&u).filter(|_| rng.chance(hyphen)) {
            let room = width.saturating_sub(cur_len + 2);
            // At least four letters go to the next line, so that it never opens
            // with what reads as a form of address ("процен-" / "тов. ...").
            let k = room.min(n - 4);
            let split = u.char_indices().nth(k).map_or(u.len(), |(i, _)| i);
            if k >= 3 && !GLUED.contains(&&u[split..]) {
                cur.push(' ');
                cur.push_str(&u[..split]);
                cur.push('-');
                lines.push(std::mem::take(&mut cur));
                cur = u[split..].to_string();
                cur_len = cur.chars().count();
                continue;
            }
        }
        lines.push(std::mem::replace(&mut cur, u));
        cur_len = len;
    }
    if !cur.is_empty() {
        lines.push(cur);
    }
    // A last line of digits alone would look like a folio stamp.
    if lines.len() >= 2 && !lines[lines.len() - 1].chars().any(char::is_alphabetic) {
        let last = lines.pop().expect("two lines");
        let prev = lines.last_mut().expect("one line");
        prev.push(' ');
        prev.push_str(&last);
    }
    lines
}

/// A folio stamp as the OCR read it: mostly plain, sometimes with a stray
/// digit after it, raised or glued.
fn stamp(folio: u32, rng: &mut Rng) -> Option<String> {
    let d = rng.range(1, 9);
    match rng.weighted(&[66, 10, 10, 8, 6]) {
        0 => Some(folio.to_string()),
        1 => Some(format!("{folio}<sup>{d}</sup>")),
        2 => Some(format!("{folio} {d}")),
        3 => Some(format!("{folio}{d}")),
        _ => None,
    }
}

fn marker(page: u32, style: usize, rng: &mut Rng) -> String {
    let tight = match style {
        0 => false,
        1 => true,
        _ => rng.chance(0.5),
    };
    if tight {
        format!("-{page}-")
    } else {
        format!("- {page} -")
    }
}

/// Lays out the original. `folio` is the first folio when the archive stamps
/// its leaves.
pub(crate) fn original(rng: &mut Rng, spec: &Spec, blocks: &[Block], folio: Option<u32>) -> Laid {
    let lang = spec.original();
    let width = (matches!(lang, L::Ru | L::De | L::En) && rng.chance(0.65))
        .then(|| rng.range(38, 64) as usize);
    let hyphen = rng.range(15, 45) as f64 / 100.0;

    // Paragraphs as lines.
    let mut paras: Vec<Vec<String>> = Vec::new();
    let mut opening = usize::MAX;
    let mut first_is_marking = false;
    for b in blocks {
        let body = &b.body[0];
        if body.is_empty() {
            continue;
        }
        if paras.is_empty() {
            first_is_marking = b.kind == BlockKind::Classification;
        }
        if opening == usize::MAX && matches!(b.kind, BlockKind::Turn | BlockKind::Text) {
            opening = paras.len();
        }
        // The original of a US record is its only text, so the facts a reader
        // takes from it (who was present) are left readable.
        let clean = b.kind == BlockKind::Classification
            || (lang == L::En && b.kind == BlockKind::Participants);
        let body = if clean {
            body.clone()
        } else {
            noise::ocr(body, spec.noise, rng)
        };
        let label = b.label.first().map_or("", String::as_str);
        let lines = if body.contains('\n') {
            body.lines().map(str::to_string).collect()
        } else {
            match width {
                Some(w) => wrap(label, &body, w, hyphen, rng),
                None => vec![format!("{label}{body}")],
            }
        };
        paras.push(lines);
    }

    // Pages.
    let page_chars = match lang {
        L::Zh | L::Ko => rng.range(550, 900),
        _ => rng.range(1300, 2000),
    } as usize;
    let style = rng.weighted(&[60, 25, 15]);
    let total_lines: usize = paras.iter().map(Vec::len).sum();
    let mut out: Vec<String> = Vec::new();
    let mut page = 1u32;
    let mut acc = 0usize;
    let mut seen = 0usize;
    if let Some(f) = folio {
        if !first_is_marking {
            if let Some(s) = stamp(f, rng) {
                out.push(s);
                out.push(String::new());
            }
        }
    }
    for (pi, para) in paras.iter().enumerate() {
        for (li, line) in para.iter().enumerate() {
            let remaining = total_lines - seen;
            if acc >= page_chars && pi > opening && remaining >= 3 {
                if li > 0 {
                    out.push(String::new());
                }
                page += 1;
                out.push(marker(page, style, rng));
                out.push(String::new());
                if let Some(f) = folio {
                    if let Some(s) = stamp(f + page - 1, rng) {
                        out.push(s);
                        out.push(String::new());
                    }
                }
                acc = 0;
            }
            out.push(line.clone());
            acc += line.chars().count();
            seen += 1;
        }
        out.push(String::new());
        if pi == 0 && first_is_marking {
            if let Some(s) = folio.and_then(|f| stamp(f, rng)) {
                out.push(s);
                out.push(String::new());
            }
        }
    }
    while out.last().is_some_and(String::is_empty) {
        out.pop();
    }
    Laid {
        text: out.join("\n"),
        pages: page,
    }
}

/// Lays out translation `index` (1 is the first translation): one line per
/// paragraph.
pub(crate) fn translation(blocks: &[Block], index: usize) -> String {
    let mut paras: Vec<String> = Vec::new();
    for b in blocks {
        let body = &b.body[index];
        if body.is_empty() {
            continue;
        }
        match b.label.get(index) {
            Some(l) => paras.push(format!("{l}{body}")),
            None => paras.push(body.clone()),
        }
    }
    paras.join("\n\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapping_keeps_labels_and_marks_whole() {
        let mut rng = Rng::for_record(5, 5);
        let body = "Мы внимательно изучили <sup>в ближайшее время</sup> вопрос и передаем привет тов. Хрущеву. Производство продолжается.";
        for w in [20, 30, 45] {
            let lines = wrap("Тов. Ким Ир Сен - ", body, w, 1.0, &mut rng);
            assert!(lines[0].starts_with("Тов. Ким Ир Сен - "), "{lines:?}");
            for l in &lines[1..] {
                assert!(!l.starts_with("тов."), "{lines:?}");
                assert_eq!(
                    l.matches("<sup>").count(),
                    l.matches("</sup>").count(),
                    "{lines:?}"
                );
            }
        }
    }
}
