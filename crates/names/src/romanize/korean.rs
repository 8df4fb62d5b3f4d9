//! Korean names: Hangul in McCune-Reischauer, Revised Romanization and
//! Kontsevich, and the Korean reading of a name in Latin or Cyrillic letters.
//!
//! Hangul syllables are split into initial, medial and final by arithmetic on
//! the U+AC00 block. The surname is the first syllable (or the first two
//! for 남궁, 황보, 제갈, 선우, 독고, 사공, 서문, or the first word when the
//! name is spaced); the given name follows, its syllables joined by a hyphen
//! in Latin letters (Kim Il-sŏng) and written apart in Cyrillic (Ким Ир Сон).
//! McCune-Reischauer voices ㄱ, ㄷ, ㅂ, ㅈ inside the given name after a vowel
//! or a nasal (Ch'oe Yong-gŏn), writes ㅅ before i "sh" and 이 as a surname
//! "Yi"; Revised Romanization writes each syllable as it stands (Gim
//! Il-seong). Kontsevich voices like McCune-Reischauer, writes ㅓ and ㅗ
//! both "о", ㄹ closing a syllable "р" before another syllable of the given
//! name and "ль" at its end, and 이 as a surname "Ли". Other sound changes
//! between syllables are not applied.
//!
//! The Korean key is built from three classes per syllable, so that the
//! systems and the conventional and Soviet spellings meet: initials by place
//! of articulation, aspirated and tense with plain (k, g, kk, k' and к, г,
//! кх are one; ch, j, ts and ч, чж, ц are one; r, l and n are one); vowels in
//! seven classes (a; ya; i with ŭi; wa; wi; the w-diphthongs with ㅚ, which
//! Choe, Choi, Чой, Цой and Чхве write; and one class for ㅓ, ㅗ, ㅜ, ㅡ, ㅐ, ㅔ,
//! since Sung, Song, Sŏng, Seong, Сон and Сен all write 성, with ㅕ, ㅛ, ㅠ
//! joining it after a consonant and standing apart, as "yo", only at the
//! start of a syllable: Yong, Ен, Ён for 용); and finals with ㄴ and ㅇ as
//! one, since Cyrillic writes both "н". At the start of the surname and of
//! the given name, ㄹ and ㄴ before i or y are silent, as in South Korean
//! spelling (Ri = Yi = Lee = Ли, Rim = Im = Lim, Ryu = Yu). A name in Latin or
//! Cyrillic letters is read as Korean when its first word is a common Korean
//! surname and the rest makes one or two syllables; the conventional h and r
//! of Ahn, Oh, Roh and Park are dropped. An unhyphenated given name is split
//! with the longest first syllable (Jongil is Jong-il).

use std::collections::HashSet;
use std::sync::OnceLock;

use crate::matching::{Family, Reading};
use crate::romanize::{capitalise, System};
use crate::script::Script;

/// The Hangul syllable block: 19 initials, 21 medials, 28 finals (0 is none).
const HANGUL_FIRST: u32 = 0xAC00;
const HANGUL_LAST: u32 = 0xD7A3;

/// One Hangul syllable as indexes of its initial, medial and final jamo.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Jamo {
    initial: usize,
    medial: usize,
    fin: usize,
}

fn decompose(c: char) -> Option<Jamo> {
    let u = c as u32;
    if !(HANGUL_FIRST..=HANGUL_LAST).contains(&u) {
        return None;
    }
    let i = (u - HANGUL_FIRST) as usize;
    Some(Jamo {
        initial: i / (21 * 28),
        medial: i % (21 * 28) / 28,
        fin: i % 28,
    })
}

/// Indexes of the jamo the rules look at.
const I_K: usize = 0; // ㄱ
const I_T: usize = 3; // ㄷ
const I_R: usize = 5; // ㄹ
const I_P: usize = 7; // ㅂ
const I_S: usize = 9; // ㅅ
const I_ZERO: usize = 11; // ㅇ
const I_CH: usize = 12; // ㅈ
const M_WI: usize = 16; // ㅟ
const M_I: usize = 20; // ㅣ
const F_NONE: usize = 0;
const F_N: usize = 4; // ㄴ
const F_L: usize = 8; // ㄹ
const F_M: usize = 16; // ㅁ
const F_NG: usize = 21; // ㅇ

const RR_INITIAL: [&str; 19] = [
    "g", "kk", "n", "d", "tt", "r", "m", "b", "pp", "s", "ss", "", "j", "jj", "ch", "k", "t", "p",
    "h",
];
const RR_MEDIAL: [&str; 21] = [
    "a", "ae", "ya", "yae", "eo", "e", "yeo", "ye", "o", "wa", "wae", "oe", "yo", "u", "wo", "we",
    "wi", "yu", "eu", "ui", "i",
];
/// The finals as both Latin systems write them before a pause.
const LATIN_FINAL: [&str; 28] = [
    "", "k", "k", "k", "n", "n", "n", "t", "l", "k", "m", "l", "l", "l", "p", "l", "m", "p", "p",
    "t", "t", "ng", "t", "t", "k", "t", "p", "t",
];
const MR_INITIAL: [&str; 19] = [
    "k", "kk", "n", "t", "tt", "r", "m", "p", "pp", "s", "ss", "", "ch", "tch", "ch'", "k'", "t'",
    "p'", "h",
];
const MR_MEDIAL: [&str; 21] = [
    "a", "ae", "ya", "yae", "ŏ", "e", "yŏ", "ye", "o", "wa", "wae", "oe", "yo", "u", "wŏ", "we",
    "wi", "yu", "ŭ", "ŭi", "i",
];
const KO_INITIAL: [&str; 19] = [
    "к", "кк", "н", "т", "тт", "р", "м", "п", "пп", "с", "сс", "", "ч", "чч", "чх", "кх", "тх",
    "пх", "х",
];
/// Kontsevich vowels after a consonant.
const KO_MEDIAL: [&str; 21] = [
    "а", "э", "я", "е", "о", "е", "ё", "е", "о", "ва", "вэ", "ве", "ё", "у", "во", "ве", "ви", "ю",
    "ы", "и", "и",
];
/// Kontsevich vowels with no consonant before them.
const KO_MEDIAL_ZERO: [&str; 21] = [
    "а", "э", "я", "я", "о", "э", "ё", "е", "о", "ва", "вэ", "ве", "ё", "у", "во", "ве", "ви", "ю",
    "ы", "ый", "и",
];
const KO_FINAL: [&str; 28] = [
    "", "к", "к", "к", "н", "н", "н", "т", "ль", "к", "м", "ль", "ль", "ль", "п", "ль", "м", "п",
    "п", "т", "т", "н", "т", "т", "к", "т", "п", "т",
];

/// The classes of the Korean key (see the module documentation): initials,
/// vowels and finals whose spellings the systems confuse share a class.
const KEY_INITIAL: &[u8; 19] = b"kknttnmppss\0cccktph";
const KEY_MEDIAL: &[u8; 21] = b"aoAOooOOoVWWOoWWUOoii";
const KEY_FINAL: &[u8; 28] = b"\0kkknnntlkmlllplmppttnttktpt";

/// The two-syllable Korean surnames.
const KOREAN_COMPOUND_SURNAMES: [&str; 7] =
    ["남궁", "황보", "제갈", "선우", "독고", "사공", "서문"];

/// Common Korean surnames; a romanized name is read as Korean only when it
/// starts with one of them.
const KOREAN_SURNAMES: &str = "김이리박최정강조윤장임림한오서신권황안송류유전홍고문양손배백허남심노로하곽성차주우구민진나라지엄채원천방공현함변염여추도소석선설마길연위표명기반왕금옥육인맹제모탁국어은편용예경봉사부태계피감음두갈군견팽승간상순형빈";

/// Appends the key of one syllable given its classes. At the start of the
/// surname and of the given name (`first`), ㄹ and ㄴ before i or y fall
/// silent as in South Korean spelling (리 = 이, 류 = 유); after a consonant
/// a y-glide before o, u or e is not kept (Soviet Хен for 헌 and 현 alike),
/// and after ㅈ, ㅊ none is.
fn push_key_syllable(out: &mut String, mut initial: u8, mut vowel: u8, fin: u8, first: bool) {
    if first && initial == b'n' && matches!(vowel, b'i' | b'A' | b'O') {
        initial = 0;
    }
    if initial != 0 && vowel == b'O' {
        vowel = b'o';
    }
    if initial == b'c' && vowel == b'A' {
        vowel = b'a';
    }
    for c in [initial, vowel, fin] {
        if c != 0 {
            out.push(c as char);
        }
    }
}

/// A Korean name in Hangul: its syllables and how many belong to the surname.
pub(crate) struct Hangul {
    syllables: Vec<Jamo>,
    surname_len: usize,
}

impl Hangul {
    /// Reads a Hangul name: the first word is the surname when the name has
    /// spaces; otherwise the first syllable is, or the first two when they
    /// are a two-syllable surname (남궁).
    pub(crate) fn parse(name: &str) -> Option<Hangul> {
        let words: Vec<&str> = name.split_whitespace().collect();
        let mut syllables = Vec::with_capacity(4);
        for c in name.chars() {
            if let Some(j) = decompose(c) {
                syllables.push(j);
            } else if c.is_alphabetic() {
                return None;
            }
        }
        if syllables.is_empty() || syllables.len() > 5 {
            return None;
        }
        let surname_len = if words.len() > 1 {
            words[0].chars().filter_map(decompose).count()
        } else if syllables.len() >= 3
            && KOREAN_COMPOUND_SURNAMES
                .iter()
                .any(|s| name.trim().starts_with(s))
        {
            2
        } else {
            1
        };
        (surname_len >= 1 && surname_len <= syllables.len()).then_some(Hangul {
            syllables,
            surname_len,
        })
    }

    fn surname(&self) -> &[Jamo] {
        &self.syllables[..self.surname_len]
    }

    fn given(&self) -> &[Jamo] {
        &self.syllables[self.surname_len..]
    }

    pub(crate) fn render(&self, system: System) -> Option<String> {
        let word = |part: &[Jamo], is_surname: bool, sep: &str| -> String {
            let mut out = String::new();
            for (i, j) in part.iter().enumerate() {
                if i > 0 {
                    out.push_str(sep);
                }
                let prev = i.checked_sub(1).map(|p| part[p].fin);
                let last = i + 1 == part.len();
                let syllable = match system {
                    System::RevisedRomanization => rr_syllable(*j, prev),
                    System::McCuneReischauer => mr_syllable(*j, prev, is_surname),
                    _ => kontsevich_syllable(*j, prev, is_surname, last),
                };
                out.push_str(&capitalise(&syllable, i == 0 || sep == " "));
            }
            out
        };
        let sep = match system {
            System::RevisedRomanization | System::McCuneReischauer => "-",
            System::Kontsevich => " ",
            _ => return None,
        };
        let mut out = word(self.surname(), true, "");
        if !self.given().is_empty() {
            out.push(' ');
            out.push_str(&word(self.given(), false, sep));
        }
        Some(out)
    }

    pub(crate) fn reading(&self) -> Reading {
        let key = |part: &[Jamo]| {
            let mut out = String::new();
            for (i, j) in part.iter().enumerate() {
                push_key_syllable(
                    &mut out,
                    KEY_INITIAL[j.initial],
                    KEY_MEDIAL[j.medial],
                    KEY_FINAL[j.fin],
                    i == 0,
                );
            }
            out
        };
        Reading {
            family: Family::Korean,
            system: "Hangul",
            surname: format!("ko:{}", key(self.surname())),
            given: key(self.given()),
            initial: None,
            swapped: false,
        }
    }
}

/// Whether an initial is voiced after the final `prev` inside a given name
/// (MR and Kontsevich write 용건 "Yong-gŏn", "Ён Гон"): after a vowel, ㄴ, ㅁ
/// and ㅇ, and for ㄱ and ㅂ also after ㄹ (ㄷ and ㅈ there are tense in
/// Sino-Korean words).
fn voiced(initial: usize, prev: Option<usize>) -> bool {
    let Some(prev) = prev else {
        return false;
    };
    match initial {
        I_K | I_P => matches!(prev, F_NONE | F_N | F_M | F_NG | F_L),
        I_T | I_CH => matches!(prev, F_NONE | F_N | F_M | F_NG),
        _ => false,
    }
}

fn rr_syllable(j: Jamo, prev: Option<usize>) -> String {
    let initial = if j.initial == I_R && prev == Some(F_L) {
        "l"
    } else {
        RR_INITIAL[j.initial]
    };
    format!("{initial}{}{}", RR_MEDIAL[j.medial], LATIN_FINAL[j.fin])
}

fn mr_syllable(j: Jamo, prev: Option<usize>, is_surname: bool) -> String {
    // 이 as a surname is "Yi" by long scholarly usage.
    if is_surname
        && j == (Jamo {
            initial: I_ZERO,
            medial: M_I,
            fin: F_NONE,
        })
    {
        return "yi".to_string();
    }
    let initial = match j.initial {
        I_R if prev == Some(F_L) => "l",
        I_S if matches!(j.medial, M_I | M_WI) => "sh",
        i if voiced(i, prev) => match i {
            I_K => "g",
            I_T => "d",
            I_P => "b",
            _ => "j",
        },
        i => MR_INITIAL[i],
    };
    format!("{initial}{}{}", MR_MEDIAL[j.medial], LATIN_FINAL[j.fin])
}

fn kontsevich_syllable(j: Jamo, prev: Option<usize>, is_surname: bool, last: bool) -> String {
    // 이 as a surname is "Ли" in Russian usage.
    if is_surname
        && j == (Jamo {
            initial: I_ZERO,
            medial: M_I,
            fin: F_NONE,
        })
    {
        return "ли".to_string();
    }
    let initial = match j.initial {
        i if voiced(i, prev) => match i {
            I_K => "г",
            I_T => "д",
            I_P => "б",
            _ => "чж",
        },
        i => KO_INITIAL[i],
    };
    let medial = if j.initial == I_ZERO {
        KO_MEDIAL_ZERO[j.medial]
    } else {
        KO_MEDIAL[j.medial]
    };
    // ㄹ closing a syllable of the given name that another follows is "р"
    // (Ким Ир Сон), as Russian usage writes it; elsewhere "ль".
    let fin = if j.fin == F_L && !is_surname && !last {
        "р"
    } else {
        KO_FINAL[j.fin]
    };
    format!("{initial}{medial}{fin}")
}

/// Spellings of Korean initials, vowels and finals in Latin letters (MR, RR
/// and the conventional spellings of names), longest first, with their key
/// classes.
const KO_LATIN_INITIALS: &[(&str, u8)] = &[
    ("tch", b'c'),
    ("kk", b'k'),
    ("tt", b't'),
    ("pp", b'p'),
    ("ss", b's'),
    ("jj", b'c'),
    ("ch", b'c'),
    ("sh", b's'),
    ("k", b'k'),
    ("g", b'k'),
    ("n", b'n'),
    ("t", b't'),
    ("d", b't'),
    ("r", b'n'),
    ("l", b'n'),
    ("m", b'm'),
    ("p", b'p'),
    ("b", b'p'),
    ("s", b's'),
    ("j", b'c'),
    ("h", b'h'),
    ("", 0),
];
const KO_LATIN_VOWELS: &[(&str, u8)] = &[
    ("yae", b'O'),
    ("yeo", b'O'),
    ("yoo", b'O'),
    ("yŏ", b'O'),
    ("ye", b'O'),
    ("yo", b'O'),
    ("yu", b'O'),
    ("ya", b'A'),
    ("yi", b'i'),
    ("wae", b'W'),
    ("weo", b'W'),
    ("woo", b'o'),
    ("wŏ", b'W'),
    ("wo", b'W'),
    ("we", b'W'),
    ("wa", b'V'),
    ("wee", b'U'),
    ("wi", b'U'),
    ("eui", b'i'),
    ("ŭi", b'i'),
    ("ui", b'i'),
    ("oe", b'W'),
    ("oi", b'W'),
    ("ae", b'o'),
    ("ai", b'o'),
    ("eo", b'o'),
    ("eu", b'o'),
    ("ee", b'i'),
    ("oo", b'o'),
    ("a", b'a'),
    ("e", b'o'),
    ("ŏ", b'o'),
    ("o", b'o'),
    ("u", b'o'),
    ("ŭ", b'o'),
    ("i", b'i'),
];
const KO_LATIN_FINALS: &[(&str, u8)] = &[
    ("ng", b'n'),
    ("n", b'n'),
    ("k", b'k'),
    ("t", b't'),
    ("l", b'l'),
    ("m", b'm'),
    ("p", b'p'),
    ("", 0),
];
/// The same for Korean in Cyrillic letters (Kontsevich and the Soviet
/// spellings: Ким Ир Сен, Чой Ен Ген, Цой Ён Гын).
const KO_CYRILLIC_INITIALS: &[(&str, u8)] = &[
    ("кк", b'k'),
    ("кх", b'k'),
    ("тт", b't'),
    ("тх", b't'),
    ("пп", b'p'),
    ("пх", b'p'),
    ("сс", b's'),
    ("чч", b'c'),
    ("чх", b'c'),
    ("чж", b'c'),
    ("дж", b'c'),
    ("к", b'k'),
    ("г", b'k'),
    ("н", b'n'),
    ("р", b'n'),
    ("л", b'n'),
    ("т", b't'),
    ("д", b't'),
    ("м", b'm'),
    ("п", b'p'),
    ("б", b'p'),
    ("с", b's'),
    ("ш", b's'),
    ("щ", b's'),
    ("ч", b'c'),
    ("ц", b'c'),
    ("х", b'h'),
    ("", 0),
];
const KO_CYRILLIC_VOWELS: &[(&str, u8)] = &[
    ("ой", b'W'),
    ("ое", b'W'),
    ("ве", b'W'),
    ("вэ", b'W'),
    ("во", b'W'),
    ("ва", b'V'),
    ("ви", b'U'),
    ("ый", b'i'),
    ("йо", b'O'),
    ("йе", b'O'),
    ("ё", b'O'),
    ("е", b'O'),
    ("ю", b'O'),
    ("я", b'A'),
    ("э", b'o'),
    ("о", b'o'),
    ("у", b'o'),
    ("ы", b'o'),
    ("а", b'a'),
    ("и", b'i'),
];
const KO_CYRILLIC_FINALS: &[(&str, u8)] = &[
    ("ль", b'l'),
    ("нь", b'n'),
    ("нг", b'n'),
    ("н", b'n'),
    ("к", b'k'),
    ("т", b't'),
    ("л", b'l'),
    ("р", b'l'),
    ("м", b'm'),
    ("п", b'p'),
    ("б", b'p'),
    ("", 0),
];

/// The tables for one script.
struct KoreanSpelling {
    initials: &'static [(&'static str, u8)],
    vowels: &'static [(&'static str, u8)],
    finals: &'static [(&'static str, u8)],
}

const KO_LATIN: KoreanSpelling = KoreanSpelling {
    initials: KO_LATIN_INITIALS,
    vowels: KO_LATIN_VOWELS,
    finals: KO_LATIN_FINALS,
};
const KO_CYRILLIC: KoreanSpelling = KoreanSpelling {
    initials: KO_CYRILLIC_INITIALS,
    vowels: KO_CYRILLIC_VOWELS,
    finals: KO_CYRILLIC_FINALS,
};

/// Splits `s` into at most `max` romanized Korean syllables, the longest
/// first syllable that lets the rest parse winning (Jongil is Jong-il), and
/// appends their classes.
fn parse_korean(s: &str, max: usize, spelling: &KoreanSpelling, out: &mut Vec<[u8; 3]>) -> bool {
    if s.is_empty() {
        return true;
    }
    if max == 0 {
        return false;
    }
    for &(ini, ic) in spelling.initials {
        let Some(rest) = s.strip_prefix(ini) else {
            continue;
        };
        for &(vow, vc) in spelling.vowels {
            let Some(rest) = rest.strip_prefix(vow) else {
                continue;
            };
            for &(fin, fc) in spelling.finals {
                let Some(rest) = rest.strip_prefix(fin) else {
                    continue;
                };
                out.push([ic, vc, fc]);
                if parse_korean(rest, max - 1, spelling, out) {
                    return true;
                }
                out.pop();
            }
        }
    }
    false
}

/// The keys of the Korean surnames, computed once.
fn korean_surname_keys() -> &'static HashSet<String> {
    static KEYS: OnceLock<HashSet<String>> = OnceLock::new();
    KEYS.get_or_init(|| {
        let singles = KOREAN_SURNAMES.chars().map(|c| c.to_string());
        let compounds = KOREAN_COMPOUND_SURNAMES.iter().map(|s| s.to_string());
        singles
            .chain(compounds)
            .filter_map(|s| {
                let h = Hangul {
                    syllables: s.chars().filter_map(decompose).collect(),
                    surname_len: s.chars().count(),
                };
                Some(h.reading().surname).filter(|k| k.len() > 3)
            })
            .collect()
    })
}

/// Prepares a Latin word for the Korean tables: lowercase, apostrophes (MR
/// aspiration) dropped, the conventional h after a vowel (Ahn, Oh, Roh) and
/// r before a consonant (Park) dropped, "rh" read as r (Rhee).
fn korean_latin_word(word: &str) -> Option<String> {
    let mut chars: Vec<char> = Vec::with_capacity(word.len());
    for c in word.chars().flat_map(char::to_lowercase) {
        match c {
            'a'..='z' | 'ŏ' | 'ŭ' => chars.push(c),
            'ö' | 'ô' | 'ǒ' => chars.push('ŏ'),
            'ü' | 'ǔ' => chars.push('ŭ'),
            'é' | 'è' | 'ê' => chars.push('e'),
            '\'' | '’' | 'ʼ' | 'ʻ' | '`' | '‘' => {}
            _ => return None,
        }
    }
    let vowel = |c: Option<&char>| matches!(c, Some('a' | 'e' | 'i' | 'o' | 'u' | 'ŏ' | 'ŭ'));
    let glide = |c: Option<&char>| vowel(c) || matches!(c, Some('y' | 'w'));
    let mut out = String::with_capacity(chars.len());
    for i in 0..chars.len() {
        let c = chars[i];
        let (prev, next) = (
            i.checked_sub(1).and_then(|p| chars.get(p)),
            chars.get(i + 1),
        );
        let silent = match c {
            'h' => vowel(prev) && !glide(next) || prev == Some(&'r'),
            'r' => vowel(prev) && next.is_some_and(|n| !glide(Some(n))),
            _ => false,
        };
        if !silent {
            out.push(c);
        }
    }
    Some(out)
}

/// Reads a Korean name written in Latin or Cyrillic letters: the first word
/// is a known surname, and the rest are one or two syllables, separate,
/// joined or hyphenated (Kim Il Sung, Kim Il-sŏng, Gim Ilseong, Ким Ир Сен).
pub(crate) fn korean_romanized(name: &str, script: Script) -> Option<Reading> {
    let spelling = if script == Script::Latin {
        &KO_LATIN
    } else {
        &KO_CYRILLIC
    };
    let prepare = |w: &str| -> Option<String> {
        if script == Script::Latin {
            korean_latin_word(w)
        } else {
            let w: String = w.chars().flat_map(char::to_lowercase).collect();
            w.chars()
                .all(|c| Script::of(c) == Some(Script::Cyrillic))
                .then_some(w)
        }
    };
    let mut words = name.split_whitespace();
    let surname_word = prepare(words.next()?.trim_end_matches(','))?;
    let mut classes = Vec::with_capacity(4);
    let surname_word = surname_word.replace('-', "");
    if !parse_korean(&surname_word, 2, spelling, &mut classes) {
        return None;
    }
    let mut surname = String::from("ko:");
    for (i, c) in classes.iter().enumerate() {
        push_key_syllable(&mut surname, c[0], c[1], c[2], i == 0);
    }
    if !korean_surname_keys().contains(&surname) {
        return None;
    }
    classes.clear();
    for w in words {
        for part in w.split('-').filter(|p| !p.is_empty()) {
            let part = prepare(part)?;
            let room = 2usize.checked_sub(classes.len())?;
            if !parse_korean(&part, room, spelling, &mut classes) {
                return None;
            }
        }
    }
    let mut given = String::new();
    for (i, c) in classes.iter().enumerate() {
        push_key_syllable(&mut given, c[0], c[1], c[2], i == 0);
    }
    let system = if script == Script::Cyrillic {
        "Cyrillic"
    } else if name.contains(['ŏ', 'ŭ', 'Ŏ', 'Ŭ']) {
        "McCune-Reischauer"
    } else if name.to_lowercase().contains("eo") || name.to_lowercase().contains("eu") {
        "Revised Romanization"
    } else {
        "Latin"
    };
    Some(Reading {
        family: Family::Korean,
        system,
        surname,
        given,
        initial: None,
        swapped: false,
    })
}

#[cfg(test)]
mod tests {
    use crate::romanize::{forms, romanize, System};

    #[test]
    fn korean_systems() {
        assert_eq!(
            forms("김일성"),
            vec![
                (System::McCuneReischauer, "Kim Il-sŏng".to_string()),
                (System::RevisedRomanization, "Gim Il-seong".to_string()),
                (System::Kontsevich, "Ким Ир Сон".to_string()),
            ]
        );
        assert_eq!(
            romanize("최용건", System::McCuneReischauer).unwrap(),
            "Ch'oe Yong-gŏn"
        );
        assert_eq!(
            romanize("최용건", System::RevisedRomanization).unwrap(),
            "Choe Yong-geon"
        );
        assert_eq!(
            romanize("최용건", System::Kontsevich).unwrap(),
            "Чхве Ён Гон"
        );
        assert_eq!(
            romanize("박헌영", System::McCuneReischauer).unwrap(),
            "Pak Hŏn-yŏng"
        );
        assert_eq!(
            romanize("김정일", System::McCuneReischauer).unwrap(),
            "Kim Chŏng-il"
        );
        assert_eq!(
            romanize("김정일", System::Kontsevich).unwrap(),
            "Ким Чон Иль"
        );
        assert_eq!(
            romanize("이승만", System::McCuneReischauer).unwrap(),
            "Yi Sŭng-man"
        );
        assert_eq!(
            romanize("남궁석", System::RevisedRomanization).unwrap(),
            "Namgung Seok"
        );
        assert_eq!(romanize("김일성", System::Pinyin), None);
    }
}
