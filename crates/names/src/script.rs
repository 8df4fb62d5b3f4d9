//! Scripts: the writing system of a letter, the letters per script in a
//! stretch of text, and the folding of the Latin and Cyrillic letters that
//! look alike and that OCR swaps freely.

/// The writing system of a character, as far as fonds needs to tell them apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Script {
    Latin,
    Cyrillic,
    Greek,
    Han,
    /// Japanese kana (a text with kana is Japanese even when most letters are Han).
    Kana,
    Hangul,
    Arabic,
    Hebrew,
    Other,
}

impl Script {
    pub const COUNT: usize = 9;

    fn index(self) -> usize {
        self as usize
    }

    /// The script of a letter; None for digits, punctuation and spaces.
    pub fn of(c: char) -> Option<Script> {
        let u = c as u32;
        Some(match u {
            0x41..=0x5A | 0x61..=0x7A | 0xC0..=0x24F | 0x1E00..=0x1EFF => {
                if c == '×' || c == '÷' {
                    return None;
                }
                Script::Latin
            }
            0x400..=0x52F | 0x1C80..=0x1C8F | 0x2DE0..=0x2DFF | 0xA640..=0xA69F => Script::Cyrillic,
            0x370..=0x3FF => Script::Greek,
            0x590..=0x5FF => Script::Hebrew,
            0x600..=0x6FF | 0x750..=0x77F => Script::Arabic,
            0x3040..=0x30FF => Script::Kana,
            0x1100..=0x11FF | 0x3130..=0x318F | 0xAC00..=0xD7AF => Script::Hangul,
            0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FA1F => Script::Han,
            _ if c.is_alphabetic() => Script::Other,
            _ => return None,
        })
    }
}

/// Letters per script in a stretch of text.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ScriptCounts([u32; Script::COUNT]);

impl ScriptCounts {
    pub fn of(text: &str) -> ScriptCounts {
        let mut counts = ScriptCounts::default();
        for c in text.chars() {
            if let Some(s) = Script::of(c) {
                counts.0[s.index()] += 1;
            }
        }
        counts
    }

    pub fn get(&self, s: Script) -> u32 {
        self.0[s.index()]
    }

    pub fn total(&self) -> u32 {
        self.0.iter().sum()
    }

    /// The script with most letters, if any letters at all.
    pub fn dominant(&self) -> Option<Script> {
        const ORDER: [Script; Script::COUNT] = [
            Script::Latin,
            Script::Cyrillic,
            Script::Greek,
            Script::Han,
            Script::Kana,
            Script::Hangul,
            Script::Arabic,
            Script::Hebrew,
            Script::Other,
        ];
        let best = ORDER.into_iter().max_by_key(|s| self.get(*s))?;
        (self.get(best) > 0).then_some(best)
    }
}

/// Latin and Cyrillic letters that look alike, which OCR swaps freely.
const HOMOGLYPHS: &[(char, char)] = &[
    ('a', 'а'),
    ('c', 'с'),
    ('e', 'е'),
    ('o', 'о'),
    ('p', 'р'),
    ('x', 'х'),
    ('y', 'у'),
    ('A', 'А'),
    ('B', 'В'),
    ('C', 'С'),
    ('E', 'Е'),
    ('H', 'Н'),
    ('K', 'К'),
    ('M', 'М'),
    ('O', 'О'),
    ('P', 'Р'),
    ('T', 'Т'),
    ('X', 'Х'),
];

/// Rewrites look-alike letters of the minority script in each word into the
/// word's majority script: OCR reads "Бoти" with a Latin o, which is "Боти".
pub fn fold_homoglyphs(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for (i, word) in text.split(' ').enumerate() {
        if i > 0 {
            out.push(' ');
        }
        fold_word_into(word, &mut out);
    }
    out
}

/// One word with its look-alike letters folded into its majority script.
fn fold_word_into(word: &str, out: &mut String) {
    let counts = ScriptCounts::of(word);
    let (lat, cyr) = (counts.get(Script::Latin), counts.get(Script::Cyrillic));
    if lat == 0 || cyr == 0 {
        out.push_str(word);
        return;
    }
    let to_cyrillic = cyr >= lat;
    for c in word.chars() {
        let mapped = HOMOGLYPHS.iter().find_map(|&(l, k)| match to_cyrillic {
            true if c == l => Some(k),
            false if c == k => Some(l),
            _ => None,
        });
        out.push(mapped.unwrap_or(c));
    }
}

/// One word as OCR-tolerant search and matching read it: a word wholly of
/// letters that Latin and Cyrillic share in shape ("ХХ", "XX", "ор") is
/// written in Latin, any other word with letters of both scripts in its
/// majority script ("пpoлетарий" is all Cyrillic). Tesseract reads the
/// Cyrillic "ХХ" of "ХХ съезд" as Latin "XX": either way it is one word.
pub fn fold_word_look_alikes(word: &str) -> std::borrow::Cow<'_, str> {
    let latin_of = |c: char| {
        HOMOGLYPHS
            .iter()
            .find_map(|&(l, k)| (c == l || c == k).then_some(l))
    };
    let mut any_cyrillic = false;
    let mut all_alike = true;
    for c in word.chars() {
        match Script::of(c) {
            Some(Script::Cyrillic) => {
                any_cyrillic = true;
                all_alike &= latin_of(c).is_some();
            }
            Some(_) => all_alike &= latin_of(c).is_some(),
            None => {}
        }
    }
    if !any_cyrillic {
        return word.into();
    }
    if all_alike {
        return word
            .chars()
            .map(|c| latin_of(c).unwrap_or(c))
            .collect::<String>()
            .into();
    }
    let mut out = String::with_capacity(word.len());
    fold_word_into(word, &mut out);
    out.into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_word_of_look_alike_letters_is_one_word_in_either_script() {
        assert_eq!(fold_word_look_alikes("ХХ"), "XX");
        assert_eq!(fold_word_look_alikes("XX"), "XX");
        assert_eq!(fold_word_look_alikes("хх"), "xx");
        assert_eq!(fold_word_look_alikes("пpoлетарий"), "пролетарий");
        assert_eq!(fold_word_look_alikes("съезд"), "съезд");
        assert_eq!(fold_word_look_alikes("Waterman"), "Waterman");
        assert_eq!(fold_word_look_alikes("Wоrld"), "World");
        // A Cyrillic "р" is a Latin "p" in shape, not an "r".
        assert_eq!(fold_word_look_alikes("Woрld"), "Wopld");
    }
}
