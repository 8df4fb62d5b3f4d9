//! OCR noise: letters misread as their look-alikes, garbled names in speaker
//! labels. Only letters change, so no noise ever makes a separator, a page
//! marker or markup out of running text.

use crate::rng::Rng;

/// Lowercase letters OCR confuses, by script.
fn confusion(c: char) -> Option<&'static str> {
    Some(match c {
        'и' => "н",
        'н' => "и",
        'е' => "с",
        'с' => "е",
        'о' => "а",
        'а' => "о",
        'л' => "д",
        'д' => "л",
        'ш' => "щ",
        'щ' => "ш",
        'т' => "г",
        'ц' => "щ",
        'п' => "н",
        'в' => "з",
        'к' => "х",
        'ь' => "ъ",
        'e' => "c",
        'c' => "e",
        'n' => "u",
        'u' => "n",
        'i' => "l",
        'l' => "i",
        'a' => "o",
        'o' => "a",
        'h' => "b",
        'm' => "rn",
        'ü' => "ii",
        'ö' => "o",
        'ä' => "a",
        'ß' => "B",
        '己' => "已",
        '已' => "己",
        '未' => "末",
        '末' => "未",
        '日' => "曰",
        '人' => "入",
        '入' => "人",
        '大' => "太",
        '太' => "大",
        '土' => "士",
        '士' => "土",
        '千' => "干",
        '干' => "千",
        '王' => "玉",
        '目' => "自",
        '问' => "间",
        '间' => "问",
        '同' => "向",
        '向' => "同",
        '今' => "令",
        '令' => "今",
        '由' => "田",
        '我' => "找",
        '在' => "左",
        '泽' => "洋",
        '东' => "来",
        '来' => "未",
        '成' => "戌",
        '金' => "全",
        _ => return None,
    })
}

fn is_hangul(c: char) -> bool {
    ('가'..='힣').contains(&c)
}

/// A Hangul syllable read with the wrong final consonant.
fn hangul_misread(c: char, rng: &mut Rng) -> Option<char> {
    if !is_hangul(c) {
        return None;
    }
    let u = c as u32;
    let fin = (u - 0xAC00) % 28;
    let next = match fin {
        0 => 4,
        27 => 26,
        f if rng.chance(0.5) => f + 1,
        f => f - 1,
    };
    char::from_u32(u - fin + next)
}

/// Latin look-alikes that slip into Cyrillic words.
fn homoglyph(c: char) -> Option<char> {
    Some(match c {
        'о' => 'o',
        'а' => 'a',
        'е' => 'e',
        'с' => 'c',
        'р' => 'p',
        _ => return None,
    })
}

/// Misreads each letter of `text` with probability `p`, leaving markup tags alone.
pub(crate) fn ocr(text: &str, p: f64, rng: &mut Rng) -> String {
    if p <= 0.0 {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len() + 8);
    let mut in_tag = false;
    for c in text.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            _ => {}
        }
        if in_tag || !c.is_alphabetic() || !rng.chance(p) {
            out.push(c);
            continue;
        }
        if let Some(h) = hangul_misread(c, rng) {
            out.push(h);
        } else if let Some(h) = homoglyph(c).filter(|_| rng.chance(0.2)) {
            out.push(h);
        } else if let Some(s) = confusion(c) {
            out.push_str(s);
        } else {
            out.push(c);
        }
    }
    out
}

/// Garbles a name as OCR does ("Микоян" read as "Миколн"), keeping its first
/// letter and keeping it a word of letters, so that the label still reads as one.
pub(crate) fn garble_name(name: &str, rng: &mut Rng) -> String {
    let chars: Vec<char> = name.chars().collect();
    let positions: Vec<usize> = (0..chars.len())
        .filter(|&i| {
            let c = chars[i];
            let caseless = c.is_alphabetic() && !c.is_lowercase() && !c.is_uppercase();
            (i > 0 && c.is_lowercase() && confusion(c).is_some_and(|s| s.chars().count() == 1))
                || (caseless && (confusion(c).is_some() || is_hangul(c)))
        })
        .collect();
    if positions.is_empty() {
        return name.to_string();
    }
    let mut out = chars.clone();
    let changes = 1 + usize::from(positions.len() > 3 && rng.chance(0.4));
    for _ in 0..changes {
        let i = *rng.pick(&positions);
        let c = chars[i];
        let replaced = hangul_misread(c, rng)
            .or_else(|| confusion(c).and_then(|s| s.chars().next()))
            .unwrap_or(c);
        out[i] = replaced;
    }
    out.into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_stay_words() {
        let mut rng = Rng::for_record(3, 3);
        for name in ["Микоян", "Ким Ир Сен", "Ulbricht", "毛泽东", "김일성"] {
            for _ in 0..20 {
                let g = garble_name(name, &mut rng);
                let first = name.chars().next().unwrap();
                if first.is_uppercase() {
                    assert_eq!(g.chars().next(), Some(first));
                }
                assert!(g.chars().all(|c| c.is_alphabetic() || c == ' '), "{g}");
            }
        }
    }

    #[test]
    fn tags_survive() {
        let mut rng = Rng::for_record(1, 2);
        let s = ocr("мы <sup>также</sup> согласны", 1.0, &mut rng);
        assert!(s.contains("<sup>") && s.contains("</sup>"), "{s}");
    }
}
