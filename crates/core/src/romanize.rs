//! Romanization systems for names in Cyrillic, Hangul and Han, and the
//! matching of one name across them.
//!
//! A person in the archive is written in Russian typescript, in English,
//! German or Korean documents and in Chinese characters: Ким Ир Сен, Kim Il
//! Sung, Kim Il-sŏng and 김일성 are one man. [`romanize`] and [`forms`] write
//! a name in the systems that apply to its script; [`person_keys`] gives the
//! keys under which all spellings of one name meet, for blocking candidate
//! pairs; [`name_match`] scores a pair and says why.
//!
//! # Russian
//!
//! BGN/PCGN is [`cyrillic_to_latin`]. ALA-LC writes й "ĭ", э "ė", ё "ë", ъ
//! and ь as the primes ʺ and ʹ (U+02BA, U+02B9), and ц, ю, я as "t͡s", "i͡u",
//! "i͡a" with the tie bar U+0361 (Mikoi͡an, Khrushchëv). ISO 9:1995 gives each
//! letter one Latin letter: ж ž, й j, х h, ц c, ч č, ш š, щ ŝ, ы y, э è,
//! ю û, я â, ё ë (Mikoân, Hruŝëv). A Russian name's key is the
//! [`name_key`] of its surname, which reads these letters, so the three
//! systems, the German, Polish and Czech spellings and the Cyrillic meet.
//! The surname is the word that is neither an initial nor a patronymic;
//! where the order of two plain words is unknown (Anastas Mikoyan) both are
//! keyed. Two full names with one surname agree when their first names or
//! initials start alike (А. И. Микоян = Anastas Mikoyan, but not Микоян С. А.).
//!
//! # Korean
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
//!
//! # Chinese
//!
//! Han characters take their Pinyin from the `pinyin` crate, the surname its
//! reading as a surname (单 Shan, 曾 Zeng, 朴 Piao), and the two-character
//! surnames (司马 Sima, 欧阳 Ouyang) stay one word; a second key is made from
//! the other reading of a given name's characters. Wade-Giles is derived from
//! Pinyin syllable by syllable (zh and j ch, q and ch ch', x hs, r j, z ts,
//! c ts', zi tzu, si ssu, zhi chih, -ong -ung, -ian -ien, -ie -ieh, e after a
//! velar o, uo o), with the apostrophe and ü but without ê and ŭ, as most
//! English texts print it (Teng Hsiao-p'ing). Palladius is derived the same
//! way (zh чж, j and z цз, q and c ц, x and s с, r ж, -n -нь, -ng -н, -ong
//! -ун, e э, ie е, zi цзы, uo о), the given name joined (Чжоу Эньлай). A name
//! in Latin letters is read as Pinyin and as Wade-Giles (where a hyphen joins
//! the given name and an apostrophe marks aspiration), and one in Cyrillic as
//! Palladius, when its first word is a common Chinese surname and the rest is
//! one or two syllables.
//!
//! The Chinese key is the Palladius spelling folded: aspirated and plain
//! initials are one, because Wade-Giles without its apostrophes (Teng
//! Hsiao-ping, Liu Shao-chi) cannot tell them; е and э are one, because
//! Soviet typescript writes Мао Цзе-дун for Цзэдун; spaces and hyphens go.
//!
//! # What meets and what does not
//!
//! These meet by key: Kim Il Sung = Kim Il-sŏng = Gim Il-seong = 김일성 = Ким Ир
//! Сен = Ким Ир Сон; Choe Yong-geon = Ch'oe Yong-gŏn = Choi Yong-kun = 최용건 =
//! Чой Ен Ген = Цой Ён Гын = Чхве Ён Гон; Pak Hon-yong = Pak Hŏn-yŏng = Park
//! Heon-yeong = 박헌영 = Пак Хен Ен; Mao Zedong = Mao Tse-tung = 毛泽东 = Мао
//! Цзэдун = Мао Цзе-дун; Zhou Enlai = Chou En-lai = 周恩来 = Чжоу Эньлай = Чжоу
//! Энь-лай; Deng Xiaoping = Teng Hsiao-p'ing = 邓小平 = 鄧小平 = Дэн Сяопин;
//! Mikoyan = Микоян = Mikoian = Mikojan = Mikoân = Mikoi͡an; Khrushchev =
//! Хрущёв = Chruschtschow = Hruŝëv = Khrushchëv.
//!
//! The accepted collisions follow from the classes: Korean names that differ
//! only in ㅓ, ㅗ, ㅜ, ㅡ, ㅐ, ㅔ (김일성 = 김일송), in ㄴ against ㅇ as a final
//! (산 = 상), in aspiration or tenseness, or in a y-glide after a consonant
//! (헌 = 현); Chinese names that differ only in aspiration (Deng = Teng, Zhou
//! = Chou) or in ie against e after цз, ц, с (Jie = Ze, Xie = Se); and ISO 9
//! â read as я, which Romanian and Vietnamese â also become in the key.
//!
//! These knowingly do not meet: a bare surname and a full name (Kim and Kim
//! Il Sung share only [`surname_keys`], and [`name_match`] says "surname
//! only"); names in Western order (Syngman Rhee), and irregular
//! romanizations that follow neither system (Chiang Kai-shek, Sun Yat-sen);
//! a Palladius name whose soft sign was lost (Чжоу Энлай reads as Zhou
//! Englai);
//! a Korean or Chinese name in Latin letters with a surname outside the
//! built-in lists; Japanese names in kanji, which are read as Chinese. A
//! Korean name in Latin or Cyrillic letters has no [`forms`]: the systems
//! and the conventional spellings lose too much to go back to Hangul.
//!
//! # Closeness without a shared key
//!
//! Where no key is shared, two names in Latin or Cyrillic letters are
//! compared word by word with an edit distance in which the confusions of
//! OCR on typescript (л, д, и, п, н, й, я; ш and щ; е, с, о, э, з; ю, о, н;
//! ч, у, ц; 1, l, i; 0 and o; rn and m; cl and d; ii and n; and a dropped or
//! added soft sign) cost 0.3 and any other edit 1. A one-word name must be
//! three quarters alike with at most one other edit, and only in a word of
//! six letters or more (Миколдн and Микодю are Микоян, Мамонин is not); in a
//! longer name the surname weighs half, and must be half alike, and each
//! word of the given name six tenths (Чань Эн Ген, Уайт Эн Ген and Цай Ен Зен
//! are garblings of Чой Ен Ген, but Kim Il Sung is not Kim Jong Il).

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use pinyin::ToPinyinMulti;

use crate::lang::{fold_homoglyphs, Script, ScriptCounts};
use crate::translit::{cyrillic_to_latin, name_key};

/// A system for writing names of one script in another.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum System {
    /// Russian in Latin letters, as [`cyrillic_to_latin`] writes it (Khrushchev).
    BgnPcgn,
    /// Russian in Latin letters, Library of Congress style (Khrushchëv, Mikoi͡an).
    AlaLc,
    /// Russian in Latin letters, one letter for one letter (Hruŝëv, Mikoân).
    Iso9,
    /// Korean in Latin letters, the scholarly system (Kim Il-sŏng).
    McCuneReischauer,
    /// Korean in Latin letters, the South Korean system of 2000 (Gim Il-seong).
    RevisedRomanization,
    /// Chinese in Latin letters (Mao Zedong).
    Pinyin,
    /// Chinese in Latin letters, the older system (Mao Tse-tung).
    WadeGiles,
    /// Chinese in Cyrillic letters (Мао Цзэдун).
    Palladius,
    /// Korean in Cyrillic letters (Ким Ир Сон).
    Kontsevich,
}

impl System {
    /// Every system, in the order [`forms`] lists them.
    pub const ALL: [System; 9] = [
        System::BgnPcgn,
        System::AlaLc,
        System::Iso9,
        System::McCuneReischauer,
        System::RevisedRomanization,
        System::Kontsevich,
        System::Pinyin,
        System::WadeGiles,
        System::Palladius,
    ];

    /// The usual name of the system.
    pub fn as_str(self) -> &'static str {
        match self {
            System::BgnPcgn => "BGN/PCGN",
            System::AlaLc => "ALA-LC",
            System::Iso9 => "ISO 9",
            System::McCuneReischauer => "McCune-Reischauer",
            System::RevisedRomanization => "Revised Romanization",
            System::Pinyin => "Pinyin",
            System::WadeGiles => "Wade-Giles",
            System::Palladius => "Palladius",
            System::Kontsevich => "Kontsevich",
        }
    }
}

/// How alike two names are as names of one person.
#[derive(Clone, Debug, PartialEq)]
pub struct NameMatch {
    /// From 0 (unrelated) to 1 (the same spelling).
    pub score: f32,
    /// Why, in a few words: "same key (Pinyin = Wade-Giles)", "surname only
    /// (Hangul = Latin)", "OCR-close: 2 confusions".
    pub why: String,
}

/// The name written in `system`, where the system applies to the name's
/// script (None otherwise).
///
/// Cyrillic names take the Russian systems (BGN/PCGN, ALA-LC, ISO 9), and a
/// Chinese name in Palladius Cyrillic also Pinyin and Wade-Giles. Hangul takes
/// McCune-Reischauer, Revised Romanization and Kontsevich; Han takes Pinyin,
/// Wade-Giles and Palladius; a Chinese name in Pinyin or Wade-Giles takes the
/// other two Chinese systems (and its own, normalised).
pub fn romanize(name: &str, system: System) -> Option<String> {
    let name = name.trim();
    match written(name)? {
        Script::Cyrillic => match system {
            System::BgnPcgn => Some(cyrillic_to_latin(name)),
            System::AlaLc => Some(russian(name, ala_lc_letter)),
            System::Iso9 => Some(russian(name, iso9_letter)),
            System::Pinyin | System::WadeGiles => chinese_cyrillic(name)?.render(system),
            _ => None,
        },
        Script::Hangul => Hangul::parse(name)?.render(system),
        Script::Han => han_names(name).into_iter().next()?.render(system),
        Script::Latin => chinese_latin(name).into_iter().next()?.0.render(system),
        _ => None,
    }
}

/// Every rendering of a name in the systems that apply to it, in the order of
/// [`System::ALL`]: for 김일성 Revised Romanization "Gim Il-seong",
/// McCune-Reischauer "Kim Il-sŏng" and Kontsevich "Ким Ир Сон"; for 毛泽东
/// "Mao Zedong", "Mao Tse-tung" and "Мао Цзэдун"; for Хрущёв BGN/PCGN
/// "Khrushchev", ALA-LC "Khrushchëv" and ISO 9 "Hruŝëv".
pub fn forms(name: &str) -> Vec<(System, String)> {
    System::ALL
        .into_iter()
        .filter_map(|s| romanize(name, s).map(|form| (s, form)))
        .collect()
}

/// Matching keys: two spellings of one person's name, in any script and any
/// of these systems, share at least one key. There are one to four keys per
/// name, meant for blocking candidate pairs in a hash join.
///
/// A Korean or Chinese name is keyed whole (surname and given name), so that
/// the many persons named Kim or Wang do not all meet; such a surname written
/// alone is keyed as a surname, and meets the full names through
/// [`surname_keys`]. A Russian or other name is keyed by its surname, which
/// is how documents mostly name a person.
pub fn person_keys(name: &str) -> Vec<String> {
    let mut keys: Vec<String> = Vec::with_capacity(2);
    for r in readings(name) {
        let key = r.key();
        if !keys.contains(&key) && keys.len() < 4 {
            keys.push(key);
        }
    }
    keys
}

/// The keys of a name's surname alone, which equal the [`person_keys`] of
/// that surname written alone ("Kim" and "Kim Il Sung" share "ko:kim"): a
/// caller joins the keys of bare surnames against these to find every full
/// name a bare surname may stand for.
pub fn surname_keys(name: &str) -> Vec<String> {
    let mut keys: Vec<String> = Vec::with_capacity(2);
    for r in readings(name) {
        if !keys.contains(&r.surname) && keys.len() < 4 {
            keys.push(r.surname);
        }
    }
    keys
}

/// How alike two names are as names of one person, in 0..1, and why, or None
/// when they are not plausibly one name.
///
/// Two spellings with a shared key score 0.95 (1 when they are written
/// alike); a bare surname against a full name with that surname scores 0.5
/// and says "surname only", since the caller must decide between the persons
/// who share it. Failing a key, names in one script are compared letter by
/// letter, word by word, with the confusions of OCR on typescript counted as
/// small differences ("OCR-close: 2 confusions"); the surname weighs half.
pub fn name_match(a: &str, b: &str) -> Option<NameMatch> {
    let (a, b) = (a.trim(), b.trim());
    if a.is_empty() || b.is_empty() {
        return None;
    }
    let (ra, rb) = (readings(a), readings(b));
    let mut best: Option<NameMatch> = None;
    fn consider(best: &mut Option<NameMatch>, m: NameMatch) {
        if best.as_ref().is_none_or(|b| m.score > b.score) {
            *best = Some(m);
        }
    }
    let identical = normalise(a) == normalise(b);
    for x in &ra {
        for y in &rb {
            if x.family != y.family || x.surname != y.surname {
                continue;
            }
            let systems = if x.system == y.system {
                x.system.to_string()
            } else {
                format!("{} = {}", x.system, y.system)
            };
            let full_x = x.has_given();
            let full_y = y.has_given();
            if full_x != full_y {
                consider(
                    &mut best,
                    NameMatch {
                        score: 0.5,
                        why: format!("surname only ({systems})"),
                    },
                );
                continue;
            }
            let agree = match x.family {
                Family::Other => match (x.initial, y.initial) {
                    (Some(i), Some(j)) => i == j,
                    _ => true,
                },
                _ => x.given == y.given,
            };
            if agree {
                consider(
                    &mut best,
                    NameMatch {
                        score: if identical { 1.0 } else { 0.95 },
                        why: if identical {
                            "identical".to_string()
                        } else {
                            format!("same key ({systems})")
                        },
                    },
                );
            }
        }
    }
    if best.is_none() {
        best = ocr_match(a, b);
    }
    best
}

// ---------------------------------------------------------------------------
// Scripts and readings

/// The script most of a name's letters are in.
fn written(name: &str) -> Option<Script> {
    ScriptCounts::of(name).dominant()
}

/// The families of names whose keys are built alike.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Family {
    Korean,
    Chinese,
    Other,
}

/// One interpretation of a name: its family, the system it seems written in,
/// and the keys of its surname and given name.
#[derive(Clone, Debug)]
struct Reading {
    family: Family,
    system: &'static str,
    /// The key of the surname, with the family's prefix ("ko:kim").
    surname: String,
    /// The key of the given name, empty when the name is a bare surname.
    given: String,
    /// For Russian and other names: the first sound of the given name or
    /// initial, when there is one.
    initial: Option<char>,
}

impl Reading {
    fn has_given(&self) -> bool {
        !self.given.is_empty() || self.initial.is_some()
    }

    fn key(&self) -> String {
        if self.given.is_empty() {
            self.surname.clone()
        } else {
            format!("{}.{}", self.surname, self.given)
        }
    }
}

/// Every reading of a name: as Korean and as Chinese where it parses as
/// such, and otherwise as a Russian or other name keyed by [`name_key`]. A
/// single word is read in every family it fits, since a bare surname says
/// little about its origin.
fn readings(name: &str) -> Vec<Reading> {
    let name = name.trim();
    let mut out = Vec::with_capacity(2);
    let Some(script) = written(name) else {
        return out;
    };
    match script {
        Script::Hangul => out.extend(Hangul::parse(name).map(|h| h.reading())),
        Script::Han => out.extend(han_names(name).iter().map(|n| n.reading("Han"))),
        Script::Cyrillic | Script::Latin => {
            let folded;
            let name = if has_both_scripts(name) {
                folded = fold_homoglyphs(name);
                folded.as_str()
            } else {
                name
            };
            if let Some(r) = korean_romanized(name, script) {
                out.push(r);
            }
            if script == Script::Latin {
                for (n, system) in chinese_latin(name) {
                    out.push(n.reading(system));
                }
            } else if let Some(n) = chinese_cyrillic(name) {
                out.push(n.reading("Palladius"));
            }
            let words = name.split_whitespace().count();
            if out.is_empty() || words == 1 {
                out.extend(other_readings(name, script));
            }
        }
        _ => {}
    }
    out
}

fn has_both_scripts(name: &str) -> bool {
    let c = ScriptCounts::of(name);
    c.get(Script::Latin) > 0 && c.get(Script::Cyrillic) > 0
}

/// The name lowercased with punctuation and spacing removed, for telling
/// an identical spelling from an equivalent one.
fn normalise(name: &str) -> String {
    name.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

// ---------------------------------------------------------------------------
// Russian and other names

/// Whether a word is an initial ("А.", "N", "А.И.").
fn is_initial(word: &str) -> bool {
    let letters = word.chars().filter(|c| c.is_alphabetic()).count();
    letters == 1 || (word.contains('.') && letters <= 3 && word.chars().count() <= 6)
}

/// Whether a word is a Russian patronymic (Иванович, Sergeyevna).
fn is_patronymic(word: &str) -> bool {
    let w: String = word.chars().flat_map(char::to_lowercase).collect();
    [
        "вич",
        "вна",
        "ична",
        "вича",
        "вичу",
        "вичем",
        "вны",
        "вне",
        "vich",
        "vitch",
        "witsch",
        "vna",
        "wna",
    ]
    .iter()
    .any(|end| w.ends_with(end) && w.chars().count() > end.chars().count() + 2)
}

/// Readings of a Russian (or other European) name: its surname is the word
/// that is neither an initial nor a patronymic; with a patronymic, word order
/// tells which (Анастас Иванович Микоян, Микоян Анастас Иванович); two bare
/// words ("Anastas Mikoyan") give a reading for each.
fn other_readings(name: &str, script: Script) -> Vec<Reading> {
    let words: Vec<&str> = name
        .split_whitespace()
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric() && c != '.'))
        .filter(|w| !w.is_empty())
        .collect();
    let system = if script == Script::Cyrillic {
        "Cyrillic"
    } else {
        latin_russian_system(name)
    };
    let keys: Vec<String> = words.iter().map(|w| name_key(w)).collect();
    let first_sound = |i: usize| keys[i].chars().next();
    let mut initials: Vec<char> = Vec::new();
    let mut plain: Vec<usize> = Vec::new();
    let mut patronymic = None;
    for (i, w) in words.iter().enumerate() {
        if is_initial(w) {
            initials.extend(first_sound(i));
        } else if is_patronymic(w) {
            patronymic = Some(i);
        } else {
            plain.push(i);
        }
    }
    let surnames: Vec<usize> = match (patronymic, plain.as_slice()) {
        (Some(p), [a, b]) => vec![if *a + 1 == p { *b } else { *a }],
        (_, [only]) => vec![*only],
        (_, [a, b]) => vec![*a, *b],
        (_, many) => many
            .first()
            .into_iter()
            .chain(many.last())
            .copied()
            .collect(),
    };
    let mut out = Vec::new();
    for &s in &surnames {
        let key = &keys[s];
        if key.is_empty() {
            continue;
        }
        let given = plain
            .iter()
            .find(|&&i| i != s)
            .and_then(|&i| first_sound(i))
            .or(initials.first().copied());
        out.push(Reading {
            family: Family::Other,
            system,
            surname: format!("ru:{key}"),
            given: String::new(),
            initial: given,
        });
    }
    out
}

/// A guess at the system of a romanized Russian name, for explanations.
fn latin_russian_system(name: &str) -> &'static str {
    if name.contains(['â', 'û', 'ŝ', 'Â', 'Û', 'Ŝ', 'è', 'È']) {
        "ISO 9"
    } else if name.contains(['\u{361}', 'ĭ', 'ė', 'Ĭ', 'Ė']) {
        "ALA-LC"
    } else {
        "Latin"
    }
}

/// Writes Cyrillic with a table of lowercase letters, capitalising as the
/// source does: one capital in a capitalised word, capitals throughout a word
/// in capitals. Characters the table does not know are kept.
fn russian(text: &str, table: fn(char) -> Option<&'static str>) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len() + 8);
    for (i, &c) in chars.iter().enumerate() {
        let lower = c.to_lowercase().next().unwrap_or(c);
        let Some(latin) = table(lower) else {
            out.push(c);
            continue;
        };
        if !c.is_uppercase() {
            out.push_str(latin);
            continue;
        }
        let next = chars.get(i + 1).copied();
        let prev = i.checked_sub(1).map(|p| chars[p]);
        let all_caps = next.is_some_and(char::is_uppercase)
            || (!next.is_some_and(char::is_alphabetic) && prev.is_some_and(char::is_uppercase));
        for (k, l) in latin.chars().enumerate() {
            if k == 0 || all_caps {
                out.extend(l.to_uppercase());
            } else {
                out.push(l);
            }
        }
    }
    out
}

/// ALA-LC for Russian (with the pre-1918 letters), Ukrainian and Belarusian
/// letters; the tie bar U+0361 joins the letters of ц, ю, я.
fn ala_lc_letter(c: char) -> Option<&'static str> {
    Some(match c {
        'а' => "a",
        'б' => "b",
        'в' => "v",
        'г' => "g",
        'д' => "d",
        'е' => "e",
        'ё' => "ë",
        'ж' => "zh",
        'з' => "z",
        'и' => "i",
        'й' => "ĭ",
        'к' => "k",
        'л' => "l",
        'м' => "m",
        'н' => "n",
        'о' => "o",
        'п' => "p",
        'р' => "r",
        'с' => "s",
        'т' => "t",
        'у' => "u",
        'ф' => "f",
        'х' => "kh",
        'ц' => "t\u{361}s",
        'ч' => "ch",
        'ш' => "sh",
        'щ' => "shch",
        'ъ' => "\u{2BA}",
        'ы' => "y",
        'ь' => "\u{2B9}",
        'э' => "ė",
        'ю' => "i\u{361}u",
        'я' => "i\u{361}a",
        'і' => "ī",
        'ѣ' => "ie",
        'ѳ' => "ḟ",
        'ѵ' => "ẏ",
        'є' => "i\u{361}e",
        'ї' => "ï",
        'ґ' => "g",
        'ў' => "ŭ",
        _ => return None,
    })
}

/// ISO 9:1995, one Latin letter (with its marks) for each Cyrillic letter.
fn iso9_letter(c: char) -> Option<&'static str> {
    Some(match c {
        'а' => "a",
        'б' => "b",
        'в' => "v",
        'г' => "g",
        'д' => "d",
        'е' => "e",
        'ё' => "ë",
        'ж' => "ž",
        'з' => "z",
        'и' => "i",
        'й' => "j",
        'к' => "k",
        'л' => "l",
        'м' => "m",
        'н' => "n",
        'о' => "o",
        'п' => "p",
        'р' => "r",
        'с' => "s",
        'т' => "t",
        'у' => "u",
        'ф' => "f",
        'х' => "h",
        'ц' => "c",
        'ч' => "č",
        'ш' => "š",
        'щ' => "ŝ",
        'ъ' => "\u{2BA}",
        'ы' => "y",
        'ь' => "\u{2B9}",
        'э' => "è",
        'ю' => "û",
        'я' => "â",
        'є' => "ê",
        'і' => "ì",
        'ї' => "ï",
        'ґ' => "g\u{300}",
        'ў' => "ŭ",
        'ђ' => "đ",
        'ј' => "ǰ",
        'љ' => "l\u{302}",
        'њ' => "n\u{302}",
        'ћ' => "ć",
        'џ' => "d\u{302}",
        'ѓ' => "ǵ",
        'ќ' => "ḱ",
        'ѕ' => "ẑ",
        'ѣ' => "ě",
        'ѳ' => "f\u{300}",
        'ѵ' => "ỳ",
        _ => return None,
    })
}

// ---------------------------------------------------------------------------
// Korean

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
struct Hangul {
    syllables: Vec<Jamo>,
    surname_len: usize,
}

impl Hangul {
    /// Reads a Hangul name: the first word is the surname when the name has
    /// spaces; otherwise the first syllable is, or the first two when they
    /// are a two-syllable surname (남궁).
    fn parse(name: &str) -> Option<Hangul> {
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

    fn render(&self, system: System) -> Option<String> {
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

    fn reading(&self) -> Reading {
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
fn korean_romanized(name: &str, script: Script) -> Option<Reading> {
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
    })
}

// ---------------------------------------------------------------------------
// Chinese

/// The syllables of Mandarin in toneless Pinyin (ü written ü).
const PINYIN_SYLLABLES: &str = "a ai an ang ao e ei en eng er o ou \
ba bai ban bang bao bei ben beng bi bian biao bie bin bing bo bu \
pa pai pan pang pao pei pen peng pi pian piao pie pin ping po pou pu \
ma mai man mang mao me mei men meng mi mian miao mie min ming miu mo mou mu \
fa fan fang fei fen feng fo fou fu \
da dai dan dang dao de dei deng di dia dian diao die ding diu dong dou du duan dui dun duo \
ta tai tan tang tao te teng ti tian tiao tie ting tong tou tu tuan tui tun tuo \
na nai nan nang nao ne nei nen neng ni nian niang niao nie nin ning niu nong nou nu nuan nuo nü nüe \
la lai lan lang lao le lei leng li lia lian liang liao lie lin ling liu long lou lu luan lun luo lü lüe \
ga gai gan gang gao ge gei gen geng gong gou gu gua guai guan guang gui gun guo \
ka kai kan kang kao ke ken keng kong kou ku kua kuai kuan kuang kui kun kuo \
ha hai han hang hao he hei hen heng hong hou hu hua huai huan huang hui hun huo \
ji jia jian jiang jiao jie jin jing jiong jiu ju juan jue jun \
qi qia qian qiang qiao qie qin qing qiong qiu qu quan que qun \
xi xia xian xiang xiao xie xin xing xiong xiu xu xuan xue xun \
zha zhai zhan zhang zhao zhe zhei zhen zheng zhi zhong zhou zhu zhua zhuai zhuan zhuang zhui zhun zhuo \
cha chai chan chang chao che chen cheng chi chong chou chu chua chuai chuan chuang chui chun chuo \
sha shai shan shang shao she shei shen sheng shi shou shu shua shuai shuan shuang shui shun shuo \
ran rang rao re ren reng ri rong rou ru rua ruan rui run ruo \
za zai zan zang zao ze zei zen zeng zi zong zou zu zuan zui zun zuo \
ca cai can cang cao ce cen ceng ci cong cou cu cuan cui cun cuo \
sa sai san sang sao se sen seng si song sou su suan sui sun suo \
ya yan yang yao ye yi yin ying yong you yu yuan yue yun \
wa wai wan wang wei wen weng wo wu";

/// Common Chinese surnames in Pinyin; a romanized name is read as Chinese
/// only when it starts with one of them.
const CHINESE_SURNAMES: &str = "wang li zhang liu chen yang huang zhao wu zhou xu sun ma zhu hu \
guo he gao lin luo zheng liang xie song tang han feng deng cao peng zeng xiao tian dong yuan pan \
yu jiang cai jia ding wei xue ye yan lu du dai xia zhong fu shen ren yao lü jin cui kong qiu qin \
shi bai tan liao zou xiong mo hou duan lei hao shao long wan gu meng qian yin ni chang wen niu \
fang kang bao zhan shu qi ai geng ou xing an le mao ke ji tao xiang huo guan ling bi ning ruan \
lan bei ban hang quan rao zuo chai tong lian sang ge mu nie she cheng xiang chu che jing";

/// Two-syllable Chinese surnames in Han and Pinyin.
const CHINESE_COMPOUND_SURNAMES: &[(&str, &str, &str)] = &[
    ("司马", "司馬", "si ma"),
    ("欧阳", "歐陽", "ou yang"),
    ("诸葛", "諸葛", "zhu ge"),
    ("上官", "上官", "shang guan"),
    ("司徒", "司徒", "si tu"),
    ("夏侯", "夏侯", "xia hou"),
    ("皇甫", "皇甫", "huang fu"),
    ("东方", "東方", "dong fang"),
    ("公孙", "公孫", "gong sun"),
    ("慕容", "慕容", "mu rong"),
    ("令狐", "令狐", "ling hu"),
    ("尉迟", "尉遲", "yu chi"),
    ("长孙", "長孫", "zhang sun"),
    ("宇文", "宇文", "yu wen"),
    ("端木", "端木", "duan mu"),
    ("西门", "西門", "xi men"),
    ("南宫", "南宮", "nan gong"),
    ("独孤", "獨孤", "du gu"),
    ("轩辕", "軒轅", "xuan yuan"),
    ("呼延", "呼延", "hu yan"),
];

/// Characters whose reading as a surname differs from their most common one.
fn surname_reading(c: char) -> Option<&'static str> {
    Some(match c {
        '单' | '單' => "shan",
        '沈' => "shen",
        '曾' => "zeng",
        '解' => "xie",
        '查' => "zha",
        '区' | '區' => "ou",
        '仇' => "qiu",
        '朴' => "piao",
        '盖' | '蓋' => "ge",
        '乐' | '樂' => "yue",
        '覃' => "qin",
        '种' | '種' => "chong",
        '华' | '華' => "hua",
        '翟' => "zhai",
        '缪' | '繆' => "miao",
        '召' => "shao",
        '长' | '長' => "chang",
        '任' => "ren",
        '曲' => "qu",
        '宁' | '寧' => "ning",
        '柏' => "bai",
        '秘' => "bi",
        '石' => "shi",
        '吕' | '呂' => "lü",
        '薄' => "bo",
        '朝' => "chao",
        '燕' => "yan",
        '那' => "na",
        '员' | '員' => "yun",
        _ => return None,
    })
}

/// A Chinese name as Pinyin syllables.
#[derive(Clone, Debug)]
struct ChineseName {
    surname: Vec<&'static str>,
    given: Vec<&'static str>,
}

impl ChineseName {
    fn render(&self, system: System) -> Option<String> {
        let (sep, f): (&str, fn(&'static str) -> String) = match system {
            System::Pinyin => ("", |s| s.to_string()),
            System::WadeGiles => ("-", wade_giles),
            System::Palladius => ("", palladius),
            _ => return None,
        };
        let word = |part: &[&'static str]| {
            let mut out = String::new();
            for (i, s) in part.iter().enumerate() {
                let syllable = f(s);
                // Pinyin marks a syllable starting with a vowel inside a word (Xi'an).
                if i > 0 && system == System::Pinyin && syllable.starts_with(['a', 'o', 'e']) {
                    out.push('\'');
                }
                if i > 0 {
                    out.push_str(sep);
                }
                out.push_str(&capitalise(&syllable, i == 0));
            }
            out
        };
        let mut out = word(&self.surname);
        if !self.given.is_empty() {
            out.push(' ');
            out.push_str(&word(&self.given));
        }
        Some(out)
    }

    fn reading(&self, system: &'static str) -> Reading {
        let key = |part: &[&'static str]| {
            let mut out = String::new();
            for s in part {
                fold_palladius(&palladius(s), &mut out);
            }
            out
        };
        Reading {
            family: Family::Chinese,
            system,
            surname: format!("zh:{}", key(&self.surname)),
            given: key(&self.given),
            initial: None,
        }
    }
}

/// The Pinyin inventory, computed once.
fn pinyin_set() -> &'static HashSet<&'static str> {
    static SET: OnceLock<HashSet<&'static str>> = OnceLock::new();
    SET.get_or_init(|| PINYIN_SYLLABLES.split_whitespace().collect())
}

fn chinese_surname_set() -> &'static HashSet<&'static str> {
    static SET: OnceLock<HashSet<&'static str>> = OnceLock::new();
    SET.get_or_init(|| CHINESE_SURNAMES.split_whitespace().collect())
}

/// Wade-Giles spellings and their Pinyin, with the lenient spellings that
/// drop the aspiration mark or the umlaut (Teng Hsiao-ping, Chu for chü)
/// where no other syllable is spelled so.
fn wade_giles_map() -> &'static HashMap<String, &'static str> {
    static MAP: OnceLock<HashMap<String, &'static str>> = OnceLock::new();
    MAP.get_or_init(|| {
        let mut map = HashMap::new();
        let syllables: Vec<&'static str> = PINYIN_SYLLABLES.split_whitespace().collect();
        for &s in &syllables {
            map.entry(wade_giles(s)).or_insert(s);
        }
        for &s in &syllables {
            let wg = wade_giles(s);
            for lenient in [
                wg.replace('\'', ""),
                wg.replace('ü', "u"),
                wg.replace('\'', "").replace('ü', "u"),
            ] {
                map.entry(lenient).or_insert(s);
            }
        }
        map.entry("szu".to_string()).or_insert("si");
        map
    })
}

/// Palladius spellings and their Pinyin.
fn palladius_map() -> &'static HashMap<String, &'static str> {
    static MAP: OnceLock<HashMap<String, &'static str>> = OnceLock::new();
    MAP.get_or_init(|| {
        let mut map = HashMap::new();
        for s in PINYIN_SYLLABLES.split_whitespace() {
            map.entry(palladius(s)).or_insert(s);
        }
        map
    })
}

/// The Pinyin of a Palladius syllable, forgiving е for э and э for е, which
/// Soviet typescript confuses (Мао Цзе-дун).
fn lookup_palladius(s: &str) -> Option<&'static str> {
    let map = palladius_map();
    if let Some(py) = map.get(s) {
        return Some(py);
    }
    if s.contains('е') {
        return map.get(&s.replace('е', "э")).copied();
    }
    if s.contains('э') {
        return map.get(&s.replace('э', "е")).copied();
    }
    None
}

/// Splits `part` into one or two syllables that `lookup` knows, the longest
/// first syllable winning.
fn segment(part: &str, lookup: &dyn Fn(&str) -> Option<&'static str>) -> Option<Vec<&'static str>> {
    // No syllable in any of the systems is longer than seven letters
    // (ch'uang), which bounds the work on a word that is no Chinese name.
    const LONGEST: usize = 7;
    let len = part.chars().count();
    if len > 2 * LONGEST {
        return None;
    }
    if len <= LONGEST {
        if let Some(s) = lookup(part) {
            return Some(vec![s]);
        }
    }
    for (at, (k, _)) in part
        .char_indices()
        .enumerate()
        .skip(1)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
    {
        if at > LONGEST || len - at > LONGEST {
            continue;
        }
        if let Some(b) = lookup(&part[k..]) {
            if let Some(a) = lookup(&part[..k]) {
                return Some(vec![a, b]);
            }
        }
    }
    None
}

/// Reads a Chinese name from words: the first is the surname (one syllable
/// in the surname list, or a two-syllable surname), the others one or two
/// syllables of given name.
fn chinese_words(
    words: &[Vec<String>],
    lookup: &dyn Fn(&str) -> Option<&'static str>,
) -> Option<ChineseName> {
    let (first, rest) = words.split_first()?;
    if words.len() > 3 {
        return None;
    }
    let mut surname = Vec::new();
    for part in first {
        surname.extend(segment(part, lookup)?);
    }
    let known = match surname.as_slice() {
        [one] => chinese_surname_set().contains(one),
        [a, b] => CHINESE_COMPOUND_SURNAMES
            .iter()
            .any(|(_, _, py)| py.split(' ').eq([*a, *b])),
        _ => false,
    };
    if !known {
        return None;
    }
    let mut given = Vec::new();
    for part in rest.iter().flatten() {
        given.extend(segment(part, lookup)?);
    }
    (given.len() <= 2).then_some(ChineseName { surname, given })
}

/// Reads a Chinese name in Latin letters as Pinyin and as Wade-Giles, each
/// where it parses (Chou En-lai is both).
fn chinese_latin(name: &str) -> Vec<(ChineseName, &'static str)> {
    let mut out = Vec::new();
    let lower: Vec<String> = name
        .split_whitespace()
        .map(|w| {
            w.trim_end_matches(',')
                .chars()
                .flat_map(char::to_lowercase)
                .map(plain_latin)
                .collect()
        })
        .collect();
    if lower.is_empty() || lower.len() > 3 {
        return out;
    }
    let is_pinyin = |s: &str| pinyin_set().get(s).copied();
    let pinyin_words: Vec<Vec<String>> = lower
        .iter()
        .map(|w| {
            w.split(['-', '\''])
                .filter(|p| !p.is_empty())
                .map(str::to_string)
                .collect()
        })
        .collect();
    if let Some(n) = chinese_words(&pinyin_words, &is_pinyin) {
        out.push((n, "Pinyin"));
    }
    let is_wade = |s: &str| wade_giles_map().get(s).copied();
    let wade_words: Vec<Vec<String>> = lower
        .iter()
        .map(|w| {
            w.split('-')
                .filter(|p| !p.is_empty())
                .map(str::to_string)
                .collect()
        })
        .collect();
    if let Some(n) = chinese_words(&wade_words, &is_wade) {
        let same = out
            .first()
            .is_some_and(|(p, _)| p.surname == n.surname && p.given == n.given);
        if !same {
            out.push((n, "Wade-Giles"));
        }
    }
    out
}

/// A Latin letter without tone marks, with the apostrophes unified.
fn plain_latin(c: char) -> char {
    match c {
        'ā' | 'á' | 'ǎ' | 'à' => 'a',
        'ē' | 'é' | 'ě' | 'è' | 'ê' => 'e',
        'ī' | 'í' | 'ǐ' | 'ì' => 'i',
        'ō' | 'ó' | 'ǒ' | 'ò' => 'o',
        'ū' | 'ú' | 'ǔ' | 'ù' | 'ŭ' => 'u',
        'ǖ' | 'ǘ' | 'ǚ' | 'ǜ' | 'v' => 'ü',
        '’' | 'ʼ' | 'ʻ' | '‘' | '`' => '\'',
        c => c,
    }
}

/// Reads a Chinese name in Palladius Cyrillic (Мао Цзэдун, Чжоу Энь-лай).
fn chinese_cyrillic(name: &str) -> Option<ChineseName> {
    let words: Vec<Vec<String>> = name
        .split_whitespace()
        .map(|w| {
            w.trim_end_matches(',')
                .split('-')
                .filter(|p| !p.is_empty())
                .map(|p| p.chars().flat_map(char::to_lowercase).collect())
                .collect()
        })
        .collect();
    chinese_words(&words, &lookup_palladius)
}

/// Reads a name in Han characters: its first character is the surname, or
/// its first two when they are a two-syllable surname (司马). Each character
/// takes its most common reading, the surname its reading as a surname; a
/// second reading is given where a character of the given name has another.
fn han_names(name: &str) -> Vec<ChineseName> {
    let chars: Vec<char> = name
        .chars()
        .filter(|c| Script::of(*c) == Some(Script::Han))
        .collect();
    if chars.is_empty()
        || chars.len() > 5
        || name
            .chars()
            .any(|c| c.is_alphabetic() && Script::of(c) != Some(Script::Han))
    {
        return Vec::new();
    }
    let head: String = chars.iter().take(2).collect();
    let compound = CHINESE_COMPOUND_SURNAMES
        .iter()
        .find(|(s, t, _)| chars.len() >= 3 && (head == *s || head == *t));
    let (surname, rest): (Vec<&'static str>, &[char]) = match compound {
        Some((_, _, py)) => (py.split(' ').collect(), &chars[2..]),
        None => {
            let c = chars[0];
            let Some(py) =
                surname_reading(c).or_else(|| c.to_pinyin_multi().map(|m| m.get(0).plain()))
            else {
                return Vec::new();
            };
            (vec![py], &chars[1..])
        }
    };
    let mut given = Vec::with_capacity(rest.len());
    let mut other = Vec::with_capacity(rest.len());
    for &c in rest {
        let Some(multi) = c.to_pinyin_multi() else {
            return Vec::new();
        };
        let first = multi.get(0).plain();
        given.push(first);
        let second = multi
            .into_iter()
            .map(|p| p.plain())
            .find(|p| *p != first)
            .unwrap_or(first);
        other.push(second);
    }
    let mut out = vec![ChineseName {
        surname: surname.clone(),
        given,
    }];
    if other != out[0].given {
        out.push(ChineseName {
            surname,
            given: other,
        });
    }
    out
}

/// Splits a toneless Pinyin syllable into its initial and its final as the
/// tables spell them: y and w are glides, not initials (ya is i + a), and u
/// after j, q and x is ü.
fn split_pinyin(s: &'static str) -> (&'static str, &'static str) {
    let glide = match s {
        "yi" => Some("i"),
        "ya" => Some("ia"),
        "yao" => Some("iao"),
        "ye" => Some("ie"),
        "you" => Some("iu"),
        "yan" => Some("ian"),
        "yin" => Some("in"),
        "yang" => Some("iang"),
        "ying" => Some("ing"),
        "yong" => Some("iong"),
        "yo" => Some("io"),
        "yu" => Some("ü"),
        "yue" => Some("üe"),
        "yuan" => Some("üan"),
        "yun" => Some("ün"),
        "wu" => Some("u"),
        "wa" => Some("ua"),
        "wo" => Some("uo"),
        "wai" => Some("uai"),
        "wei" => Some("ui"),
        "wan" => Some("uan"),
        "wen" => Some("un"),
        "wang" => Some("uang"),
        "weng" => Some("ueng"),
        _ => None,
    };
    if let Some(f) = glide {
        return ("", f);
    }
    let initial_len = if s.starts_with("zh") || s.starts_with("ch") || s.starts_with("sh") {
        2
    } else if s.starts_with(|c: char| "bpmfdtnlgkhjqxrzcs".contains(c)) {
        1
    } else {
        0
    };
    let (initial, fin) = s.split_at(initial_len);
    let fin = match (initial, fin) {
        ("j" | "q" | "x", "u") => "ü",
        ("j" | "q" | "x", "ue") => "üe",
        ("j" | "q" | "x", "uan") => "üan",
        ("j" | "q" | "x", "un") => "ün",
        _ => fin,
    };
    (initial, fin)
}

/// One Pinyin syllable in Wade-Giles, lowercase, with the apostrophe of
/// aspiration and the umlaut but without the circumflex of ê and the breve
/// of ŭ, as most English texts print it.
fn wade_giles(s: &'static str) -> String {
    let (i, f) = split_pinyin(s);
    if i.is_empty() {
        return match f {
            "ia" => "ya",
            "iao" => "yao",
            "ie" => "yeh",
            "iu" => "yu",
            "ian" => "yen",
            "in" => "yin",
            "iang" => "yang",
            "ing" => "ying",
            "iong" => "yung",
            "io" => "yo",
            "u" => "wu",
            "ua" => "wa",
            "uo" => "wo",
            "uai" => "wai",
            "ui" => "wei",
            "uan" => "wan",
            "un" => "wen",
            "uang" => "wang",
            "ueng" => "weng",
            "ü" => "yü",
            "üe" => "yüeh",
            "üan" => "yüan",
            "ün" => "yün",
            "e" => "o",
            "er" => "erh",
            other => other,
        }
        .to_string();
    }
    match (i, f) {
        ("z", "i") => return "tzu".to_string(),
        ("c", "i") => return "tz'u".to_string(),
        ("s", "i") => return "ssu".to_string(),
        ("zh", "i") => return "chih".to_string(),
        ("ch", "i") => return "ch'ih".to_string(),
        ("sh", "i") => return "shih".to_string(),
        ("r", "i") => return "jih".to_string(),
        _ => {}
    }
    let initial = match i {
        "b" => "p",
        "p" => "p'",
        "d" => "t",
        "t" => "t'",
        "g" => "k",
        "k" => "k'",
        "j" | "zh" => "ch",
        "q" | "ch" => "ch'",
        "x" => "hs",
        "r" => "j",
        "z" => "ts",
        "c" => "ts'",
        other => other,
    };
    let velar = matches!(i, "g" | "k" | "h");
    let fin = match f {
        "e" if velar => "o",
        "uo" if !(velar || i == "sh") => "o",
        "ui" if matches!(i, "g" | "k") => "uei",
        "ong" => "ung",
        "iong" => "iung",
        "ie" => "ieh",
        "ian" => "ien",
        "üe" => "üeh",
        other => other,
    };
    format!("{initial}{fin}")
}

/// One Pinyin syllable in Palladius Cyrillic, lowercase.
fn palladius(s: &'static str) -> String {
    let (i, f) = split_pinyin(s);
    let zero = i.is_empty();
    let initial = match i {
        "b" => "б",
        "p" => "п",
        "m" => "м",
        "f" => "ф",
        "d" => "д",
        "t" => "т",
        "n" => "н",
        "l" => "л",
        "g" => "г",
        "k" => "к",
        "h" => "х",
        "j" | "z" => "цз",
        "q" | "c" => "ц",
        "x" | "s" => "с",
        "zh" => "чж",
        "ch" => "ч",
        "sh" => "ш",
        "r" => "ж",
        _ => "",
    };
    let fin = match f {
        "a" => "а",
        "o" => "о",
        "e" => "э",
        "ai" => "ай",
        "ei" => "эй",
        "ao" => "ао",
        "ou" => "оу",
        "an" => "ань",
        "en" => "энь",
        "ang" => "ан",
        "eng" => "эн",
        "ong" => "ун",
        "er" => "эр",
        "i" if matches!(i, "z" | "c" | "s") => "ы",
        "i" => "и",
        "ia" => "я",
        "iao" => "яо",
        "ie" => "е",
        "iu" => "ю",
        "ian" => "янь",
        "in" => "инь",
        "iang" => "ян",
        "ing" => "ин",
        "iong" => "юн",
        "io" => "ё",
        "u" => "у",
        "ua" if zero => "ва",
        "ua" => "уа",
        "uo" if zero => "во",
        "uo" => "о",
        "uai" if zero => "вай",
        "uai" => "уай",
        "ui" if zero => "вэй",
        "ui" => "уй",
        "uan" if zero => "вань",
        "uan" => "уань",
        "un" if zero => "вэнь",
        "un" => "унь",
        "uang" if zero => "ван",
        "uang" => "уан",
        "ueng" => "вэн",
        "ü" => "юй",
        "üe" => "юэ",
        "üan" => "юань",
        "ün" => "юнь",
        _ => "",
    };
    format!("{initial}{fin}")
}

/// Appends the Chinese key of Palladius Cyrillic: aspirated and plain
/// initials are one (Wade-Giles without its apostrophes cannot tell them),
/// е and э are one (Soviet typescript writes Цзе-дун for Цзэдун), and the
/// soft sign, which tells -n from -ng, is kept as an apostrophe.
fn fold_palladius(s: &str, out: &mut String) {
    let mut prev = ' ';
    for c in s.chars().flat_map(char::to_lowercase) {
        let pushed = match c {
            'з' if prev == 'ц' => "",
            'ж' if prev == 'ч' => "",
            'а' => "a",
            'б' | 'п' => "b",
            'в' => "v",
            'г' | 'к' => "g",
            'д' | 'т' => "d",
            'е' | 'э' | 'ё' => "e",
            'ж' | 'р' => "r",
            'з' | 'ц' => "z",
            'и' | 'й' => "i",
            'л' => "l",
            'м' => "m",
            'н' => "n",
            'о' => "o",
            'с' => "s",
            'у' => "u",
            'ф' => "f",
            'х' => "h",
            'ч' => "j",
            'ш' | 'щ' => "x",
            'ы' => "y",
            'ь' => "'",
            'ю' => "iu",
            'я' => "ia",
            _ => "",
        };
        out.push_str(pushed);
        prev = c;
    }
}

/// The first letter in capitals when `cap` is set.
fn capitalise(s: &str, cap: bool) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) if cap => first.to_uppercase().chain(chars).collect(),
        _ => s.to_string(),
    }
}

// ---------------------------------------------------------------------------
// OCR closeness

/// Letters that OCR of typescript takes for one another, in Cyrillic and in
/// Latin (with digits); any two letters of one group are a confusion.
const OCR_GROUPS: &[&str] = &[
    "лдипнйя",
    "шщ",
    "есоэзё",
    "юон",
    "чуц",
    "ао",
    "вб",
    "гт",
    "ьъ",
    "1li|!j",
    "0oq",
    "ceo",
    "uv",
    "nhu",
    "hb",
    "ft",
    "ao",
];
/// Letter pairs that OCR reads as one letter, and back.
const OCR_SPLITS: &[(&str, &str)] = &[
    ("rn", "m"),
    ("cl", "d"),
    ("ii", "n"),
    ("ii", "u"),
    ("ri", "n"),
    ("vv", "w"),
    ("ии", "ш"),
    ("ьі", "ы"),
    ("ьi", "ы"),
    ("іо", "ю"),
];
/// Marks OCR drops or adds freely.
fn light(c: char) -> bool {
    matches!(c, 'ь' | 'ъ' | '\'' | '’' | '.')
}

fn confusable(a: char, b: char) -> bool {
    OCR_GROUPS.iter().any(|g| g.contains(a) && g.contains(b))
}

/// The weighted edit distance between two words: a confusion costs 0.3, any
/// other edit 1. Returns the cost, the confusions and the other edits.
fn ocr_cost(a: &[char], b: &[char]) -> (f32, u32, u32) {
    let (n, m) = (a.len(), b.len());
    let mut d = vec![(f32::MAX, 0u32, 0u32); (n + 1) * (m + 1)];
    let at = |i: usize, j: usize| i * (m + 1) + j;
    d[at(0, 0)] = (0.0, 0, 0);
    let step = |(c, x, y): (f32, u32, u32), confusion: bool| {
        if confusion {
            (c + 0.3, x + 1, y)
        } else {
            (c + 1.0, x, y + 1)
        }
    };
    let better = |cur: (f32, u32, u32), new: (f32, u32, u32)| if new.0 < cur.0 { new } else { cur };
    for i in 0..=n {
        for j in 0..=m {
            let here = d[at(i, j)];
            if here.0 == f32::MAX {
                continue;
            }
            if i < n && j < m {
                let next = if a[i] == b[j] {
                    here
                } else {
                    step(here, confusable(a[i], b[j]))
                };
                d[at(i + 1, j + 1)] = better(d[at(i + 1, j + 1)], next);
            }
            if i < n {
                d[at(i + 1, j)] = better(d[at(i + 1, j)], step(here, light(a[i])));
            }
            if j < m {
                d[at(i, j + 1)] = better(d[at(i, j + 1)], step(here, light(b[j])));
            }
            for &(two, one) in OCR_SPLITS {
                for (x, y) in [(two, one), (one, two)] {
                    let (xe, ye) = (i + x.chars().count(), j + y.chars().count());
                    if xe <= n
                        && ye <= m
                        && a[i..xe].iter().copied().eq(x.chars())
                        && b[j..ye].iter().copied().eq(y.chars())
                    {
                        d[at(xe, ye)] = better(d[at(xe, ye)], step(here, true));
                    }
                }
            }
        }
    }
    d[at(n, m)]
}

/// The words of a name for letter comparison: lowercase, split at spaces
/// and hyphens, Cyrillic romanized when the other name is in Latin letters.
fn ocr_words(name: &str, latin: bool) -> Vec<Vec<char>> {
    let name = if has_both_scripts(name) {
        fold_homoglyphs(name)
    } else {
        name.to_string()
    };
    let name = if latin {
        cyrillic_to_latin(&name)
    } else {
        name
    };
    name.split(|c: char| c.is_whitespace() || c == '-' || c == ',')
        .map(|w| {
            w.chars()
                .flat_map(char::to_lowercase)
                .filter(|c| c.is_alphanumeric() || light(*c))
                .collect::<Vec<char>>()
        })
        .filter(|w| w.iter().any(|c| c.is_alphanumeric()))
        .collect()
}

/// Similarity of two words, with the confusions and other edits it took.
fn word_similarity(a: &[char], b: &[char]) -> (f32, u32, u32) {
    let (cost, conf, other) = ocr_cost(a, b);
    let len = a.len().max(b.len()).max(1) as f32;
    ((1.0 - cost / len).max(0.0), conf, other)
}

/// Whether one word alone is close enough to another to be read as it: at
/// least 0.75 alike, with no edit but confusions in a short word and at most
/// one in a word of six letters or more.
fn single_word_close(a: &[char], b: &[char]) -> Option<(f32, u32, u32)> {
    let (sim, conf, other) = word_similarity(a, b);
    let allowed = if a.len().max(b.len()) >= 6 { 1 } else { 0 };
    (sim >= 0.75 && other <= allowed).then_some((sim, conf, other))
}

fn ocr_why(prefix: &str, conf: u32, other: u32) -> String {
    let plural = |n: u32, what: &str| format!("{n} {what}{}", if n == 1 { "" } else { "s" });
    if conf == 0 {
        return format!("{prefix}spelling-close: {}", plural(other, "edit"));
    }
    let mut why = format!("{prefix}OCR-close: {}", plural(conf, "confusion"));
    if other > 0 {
        why.push_str(", ");
        why.push_str(&plural(other, "other edit"));
    }
    why
}

/// Letter-by-letter closeness of two names in the same script (see
/// [`name_match`]).
fn ocr_match(a: &str, b: &str) -> Option<NameMatch> {
    let (sa, sb) = (written(a)?, written(b)?);
    let alphabetic = |s| matches!(s, Script::Latin | Script::Cyrillic);
    if !alphabetic(sa) || !alphabetic(sb) {
        return None;
    }
    let latin = sa != sb;
    let (wa, wb) = (ocr_words(a, latin), ocr_words(b, latin));
    if wa.is_empty() || wb.is_empty() {
        return None;
    }
    if wa.len() == 1 || wb.len() == 1 {
        let (one, many) = if wa.len() == 1 {
            (&wa, &wb)
        } else {
            (&wb, &wa)
        };
        let best = many
            .iter()
            .filter_map(|w| single_word_close(&one[0], w))
            .max_by(|x, y| x.0.total_cmp(&y.0))?;
        if best.1 + best.2 == 0 {
            return None;
        }
        let (score, prefix) = if many.len() == 1 {
            (0.9 * best.0, "")
        } else {
            (0.45 * best.0, "surname only, ")
        };
        return Some(NameMatch {
            score,
            why: ocr_why(prefix, best.1, best.2),
        });
    }
    // Names of different lengths are compared with their given names joined.
    let join = |w: &[Vec<char>]| -> Vec<Vec<char>> { vec![w[0].clone(), w[1..].concat()] };
    let (wa, wb) = if wa.len() == wb.len() {
        (wa, wb)
    } else {
        (join(&wa), join(&wb))
    };
    let given_weight = 0.5 / (wa.len() - 1) as f32;
    let (mut total, mut conf, mut other) = (0.0, 0, 0);
    for (i, (x, y)) in wa.iter().zip(&wb).enumerate() {
        let (sim, c, o) = word_similarity(x, y);
        let floor = if i == 0 { 0.5 } else { 0.6 };
        if sim < floor {
            return None;
        }
        total += sim * if i == 0 { 0.5 } else { given_weight };
        conf += c;
        other += o;
    }
    if total < 0.7 || conf + other == 0 || other > 2 {
        return None;
    }
    Some(NameMatch {
        score: 0.9 * total,
        why: ocr_why("", conf, other),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every two names of a group match by key, and all share a person key.
    fn assert_group(group: &[&str]) {
        for a in group {
            assert!(!person_keys(a).is_empty(), "{a} has no key");
        }
        for (i, a) in group.iter().enumerate() {
            for b in &group[i + 1..] {
                let ka = person_keys(a);
                let kb = person_keys(b);
                assert!(
                    ka.iter().any(|k| kb.contains(k)),
                    "{a} {ka:?} and {b} {kb:?} share no key"
                );
                let m = name_match(a, b).unwrap_or_else(|| panic!("{a} and {b} should match"));
                assert!(m.score >= 0.9, "{a} and {b}: {m:?}");
            }
        }
    }

    fn assert_apart(a: &str, b: &str) {
        let (ka, kb) = (person_keys(a), person_keys(b));
        assert!(
            !ka.iter().any(|k| kb.contains(k)),
            "{a} {ka:?} and {b} {kb:?} share a key"
        );
        assert_eq!(name_match(a, b), None, "{a} and {b} should not match");
    }

    #[test]
    fn russian_systems() {
        assert_eq!(romanize("Хрущёв", System::BgnPcgn).unwrap(), "Khrushchev");
        assert_eq!(romanize("Хрущёв", System::AlaLc).unwrap(), "Khrushchëv");
        assert_eq!(romanize("Хрущёв", System::Iso9).unwrap(), "Hruŝëv");
        assert_eq!(romanize("Микоян", System::Iso9).unwrap(), "Mikoân");
        assert_eq!(romanize("Микоян", System::AlaLc).unwrap(), "Mikoi\u{361}an");
        assert_eq!(
            romanize("Цюрупа Эйхе Ельцин", System::AlaLc).unwrap(),
            "T\u{361}si\u{361}urupa Ėĭkhe El\u{2B9}t\u{361}sin"
        );
        assert_eq!(
            romanize("Цюрупа Эйхе Подъячев", System::Iso9).unwrap(),
            "Cûrupa Èjhe Pod\u{2BA}âčev"
        );
        assert_eq!(romanize("ЩУКИН", System::AlaLc).unwrap(), "SHCHUKIN");
        assert_eq!(romanize("ЩУКИН", System::Iso9).unwrap(), "ŜUKIN");
        assert_eq!(romanize("Хрущёв", System::Pinyin), None);
        assert_eq!(
            forms("Хрущёв"),
            vec![
                (System::BgnPcgn, "Khrushchev".to_string()),
                (System::AlaLc, "Khrushchëv".to_string()),
                (System::Iso9, "Hruŝëv".to_string()),
            ]
        );
    }

    #[test]
    fn russian_forms_meet_their_cyrillic() {
        for word in [
            "Микоян",
            "Хрущёв",
            "Щербаков",
            "Юдин",
            "Эйхе",
            "Подъячев",
            "Ельцин",
        ] {
            let key = name_key(word);
            for (system, form) in forms(word) {
                assert_eq!(
                    name_key(&form),
                    key,
                    "{word} in {}: {form}",
                    system.as_str()
                );
            }
        }
    }

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

    #[test]
    fn chinese_systems() {
        assert_eq!(
            forms("毛泽东"),
            vec![
                (System::Pinyin, "Mao Zedong".to_string()),
                (System::WadeGiles, "Mao Tse-tung".to_string()),
                (System::Palladius, "Мао Цзэдун".to_string()),
            ]
        );
        let cases = [
            ("周恩来", "Zhou Enlai", "Chou En-lai", "Чжоу Эньлай"),
            ("邓小平", "Deng Xiaoping", "Teng Hsiao-p'ing", "Дэн Сяопин"),
            ("刘少奇", "Liu Shaoqi", "Liu Shao-ch'i", "Лю Шаоци"),
            ("朱德", "Zhu De", "Chu Te", "Чжу Дэ"),
            ("司马迁", "Sima Qian", "Ssu-ma Ch'ien", "Сыма Цянь"),
            ("欧阳修", "Ouyang Xiu", "Ou-yang Hsiu", "Оуян Сю"),
        ];
        for (han, py, wg, pal) in cases {
            assert_eq!(romanize(han, System::Pinyin).unwrap(), py, "{han}");
            assert_eq!(romanize(han, System::WadeGiles).unwrap(), wg, "{han}");
            assert_eq!(romanize(han, System::Palladius).unwrap(), pal, "{han}");
            assert_eq!(romanize(py, System::WadeGiles).unwrap(), wg, "{py}");
            assert_eq!(romanize(py, System::Palladius).unwrap(), pal, "{py}");
            assert_eq!(romanize(pal, System::Pinyin).unwrap(), py, "{pal}");
        }
        assert_eq!(
            romanize("Mao Tse-tung", System::Pinyin).unwrap(),
            "Mao Zedong"
        );
        assert_eq!(
            romanize("Мао Цзе-дун", System::Pinyin).unwrap(),
            "Mao Jiedong"
        );
        assert_eq!(romanize("Xi'an Li", System::Pinyin), None);
        assert_eq!(romanize("Li Xi'an", System::Pinyin).unwrap(), "Li Xi'an");
    }

    #[test]
    fn the_brief_groups_meet() {
        assert_group(&[
            "Kim Il Sung",
            "Kim Il-sŏng",
            "Gim Il-seong",
            "김일성",
            "Ким Ир Сен",
            "Ким Ир Сон",
            "KIM IL SUNG",
        ]);
        assert_group(&[
            "Choe Yong-geon",
            "Ch'oe Yong-gŏn",
            "Choi Yong-kun",
            "최용건",
            "Чой Ен Ген",
            "Цой Ён Гын",
            "Чхве Ён Гон",
        ]);
        assert_group(&[
            "Pak Hon-yong",
            "Pak Hŏn-yŏng",
            "박헌영",
            "Пак Хен Ен",
            "Park Heon-yeong",
        ]);
        assert_group(&[
            "Mao Zedong",
            "Mao Tse-tung",
            "毛泽东",
            "Мао Цзэдун",
            "Мао Цзе-дун",
        ]);
        assert_group(&[
            "Zhou Enlai",
            "Chou En-lai",
            "周恩来",
            "Чжоу Эньлай",
            "Чжоу Энь-лай",
        ]);
        assert_group(&[
            "Deng Xiaoping",
            "Teng Hsiao-p'ing",
            "Teng Hsiao-ping",
            "邓小平",
            "鄧小平",
            "Дэн Сяопин",
        ]);
        assert_group(&[
            "Liu Shaoqi",
            "Liu Shao-ch'i",
            "Liu Shao-chi",
            "刘少奇",
            "Лю Шаоци",
        ]);
        assert_group(&[
            "Mikoyan",
            "Микоян",
            "Mikoian",
            "Mikojan",
            "Mikoân",
            "Mikoi\u{361}an",
        ]);
        assert_group(&[
            "Khrushchev",
            "Хрущёв",
            "Chruschtschow",
            "Hruŝëv",
            "Khrushchëv",
        ]);
    }

    #[test]
    fn conventional_spellings_meet() {
        assert_group(&[
            "Yi Sŭng-man",
            "Lee Seung-man",
            "Rhee Sung-man",
            "이승만",
            "Ли Сын Ман",
        ]);
        assert_group(&[
            "Ri Sol Ju",
            "Lee Seol-ju",
            "리설주",
            "이설주",
            "Ри Соль Чжу",
        ]);
        assert_group(&[
            "Rim Chun-chu",
            "Im Chun-chu",
            "Lim Chunchu",
            "림춘추",
            "Рим Чхун Чху",
        ]);
        assert_group(&[
            "Kim Jong Un",
            "Kim Chŏng-ŭn",
            "김정은",
            "Ким Чен Ын",
            "Ким Чон Ын",
        ]);
        assert_group(&["Máo Zédōng", "Mao Zedong", "Mao Tsê-tung", "MAO TSE-TUNG"]);
        assert_group(&["Liu Shaoqi", "Liu Shao-ch'i", "Liu Shao-chi", "劉少奇"]);
        assert_group(&["Ouyang Xiu", "歐陽修", "Ou-yang Hsiu", "Оуян Сю"]);
    }

    #[test]
    fn the_brief_pairs_stay_apart() {
        for (a, b) in [
            ("Kim Il Sung", "Kim Jong Il"),
            ("Kim Il Sung", "Kim Chang-man"),
            ("김일성", "김정일"),
            ("Ким Ир Сен", "Ким Чен Ир"),
            ("Mao Zedong", "Mao Anying"),
            ("毛泽东", "毛岸英"),
            ("Zhou Enlai", "Zhu De"),
            ("Чжоу Эньлай", "Чжу Дэ"),
            ("Mikoyan", "Molotov"),
            ("Микоян", "Молотов"),
            ("Choe Yong-geon", "Choe Chang-ik"),
            ("Pak Hon-yong", "Pak Chang-ok"),
            ("Микоян", "Мамонин"),
        ] {
            assert_apart(a, b);
        }
    }

    #[test]
    fn a_bare_surname_is_only_a_surname() {
        for (bare, full) in [
            ("Kim", "Kim Il Sung"),
            ("Ким", "김일성"),
            ("Mao", "Mao Zedong"),
            ("毛", "Мао Цзэдун"),
            ("Микоян", "Анастас Микоян"),
            ("Mikoyan", "А. И. Микоян"),
            ("Choi", "Чой Ен Ген"),
        ] {
            let m = name_match(bare, full).unwrap_or_else(|| panic!("{bare} ~ {full}"));
            assert!(m.why.starts_with("surname only"), "{bare} ~ {full}: {m:?}");
            assert!(m.score < 0.7, "{bare} ~ {full}: {m:?}");
            let keys = person_keys(bare);
            assert!(
                surname_keys(full).iter().any(|k| keys.contains(k)),
                "{bare} {keys:?} ~ {full} {:?}",
                surname_keys(full)
            );
        }
        // Kim Il Sung and Kim Jong Il share a surname key but no person key.
        assert!(surname_keys("Kim Jong Il").contains(&"ko:kim".to_string()));
    }

    #[test]
    fn russian_names_with_initials_and_patronymics() {
        let m = name_match("Микоян А. И.", "Anastas Mikoyan").unwrap();
        assert_eq!(m.score, 0.95, "{m:?}");
        let m = name_match("Анастас Иванович Микоян", "Mikoyan, Anastas").unwrap();
        assert_eq!(m.score, 0.95, "{m:?}");
        // The son: same surname, another first name.
        assert_eq!(name_match("Микоян А. И.", "Микоян С. А."), None);
        assert_eq!(person_keys("Микоян Анастас Иванович"), vec!["ru:mikoian"]);
        assert_eq!(name_match("Микоян", "Микоян").unwrap().why, "identical");
    }

    #[test]
    fn ocr_garblings_are_close() {
        for (garbled, name) in [
            ("Миколдн", "Микоян"),
            ("Микодю", "Микоян"),
            ("Mikoyau", "Mikoyan"),
            ("Molotov", "Mo1otov"),
            ("Rnalenkov", "Malenkov"),
            ("Stalin", "Sta1in"),
            ("Чань Эн Ген", "Чой Ен Ген"),
            ("Уайт Эн Ген", "Чой Ен Ген"),
            ("Цай Ен Зен", "Чой Ен Ген"),
        ] {
            let m = name_match(garbled, name).unwrap_or_else(|| panic!("{garbled} ~ {name}"));
            assert!(m.why.starts_with("OCR-close"), "{garbled} ~ {name}: {m:?}");
            assert!(m.score < 0.9 && m.score > 0.6, "{garbled} ~ {name}: {m:?}");
        }
        assert_eq!(
            name_match("Микодю", "Микоян").unwrap().why,
            "OCR-close: 2 confusions"
        );
        for (a, b) in [
            ("Мамонин", "Микоян"),
            ("Молотов", "Маленков"),
            ("Зорин", "Корин"),
            ("Чой Ен Ген", "Пак Хен Ен"),
        ] {
            assert_eq!(name_match(a, b), None, "{a} ~ {b}");
        }
    }

    #[test]
    fn keys_are_few() {
        for name in [
            "Kim Il Sung",
            "毛泽东",
            "Li Peng",
            "Chou En-lai",
            "Анастас Иванович Микоян",
            "Anastas Mikoyan",
            "Ли",
        ] {
            let keys = person_keys(name);
            assert!((1..=4).contains(&keys.len()), "{name}: {keys:?}");
        }
        assert!(person_keys("").is_empty());
        assert!(person_keys("— 1956 —").len() <= 1);
    }

    #[test]
    fn odd_input_does_not_panic() {
        for name in [
            "",
            " ",
            "-",
            "'",
            "Ж",
            "가",
            "ㄱ",
            "毛",
            "a-b-c-d-e",
            "Kim--",
            "Li ' Xi",
            "𠀀𠀁",
        ] {
            let _ = forms(name);
            let _ = person_keys(name);
            let _ = surname_keys(name);
            let _ = name_match(name, "Kim Il Sung");
            let _ = name_match(name, name);
        }
    }
}
