//! The Russian romanization systems, and the other Cyrillic alphabets as far
//! as they share letters with Russian.
//!
//! # BGN/PCGN
//!
//! [`cyrillic_to_latin`] writes Russian in the simplified BGN/PCGN style that
//! English-language scholarship reads: Хрущёв is "Khrushchev", Щербаков is
//! "Shcherbakov", ЖУКОВ is "ZHUKOV". The soft sign ь becomes an ASCII
//! apostrophe (Чжоу Энь-лай is "Chzhou En'-lay", Ильич is "Il'ich"): readers
//! of BGN expect it, and it shows where the Russian has a letter. The hard
//! sign ъ is dropped, and the е after it is written "ye" (Подъячев is
//! "Podyachev"). The letter ё is "yo" (Фёдор is "Fyodor"), except after
//! ж, ч, ш and щ, where English usage writes "e" (Горбачёв is "Gorbachev").
//!
//! # ALA-LC and ISO 9
//!
//! ALA-LC writes й "ĭ", э "ė", ё "ë", ъ
//! and ь as the primes ʺ and ʹ (U+02BA, U+02B9), and ц, ю, я as "t͡s", "i͡u",
//! "i͡a" with the tie bar U+0361 (Mikoi͡an, Khrushchëv). ISO 9:1995 gives each
//! letter one Latin letter: ж ž, й j, х h, ц c, ч č, ш š, щ ŝ, ы y, э è,
//! ю û, я â, ё ë (Mikoân, Hruŝëv). A Russian name's key is the
//! [`name_key`](crate::key::name_key) of its surname, which reads these letters, so the three
//! systems, the German, Polish and Czech spellings and the Cyrillic meet.
//! The surname is the word that is neither an initial nor a patronymic;
//! where the order of two plain words is unknown (Anastas Mikoyan) both are
//! keyed. Two full names with one surname agree when their first names or
//! initials start alike (А. И. Микоян = Anastas Mikoyan, but not Микоян С. А.).

/// Transliterates Cyrillic to Latin (BGN/PCGN-like), leaving other characters.
///
/// Russian letters follow BGN/PCGN without diacritics (see the module
/// documentation for ё, ь and ъ); Ukrainian і ї є ґ are "i", "yi", "ye", "g",
/// Belarusian ў is "w", and the Serbian and Macedonian letters take their
/// Latin-alphabet counterparts (ђ "đ", љ "lj", ћ "ć", џ "dž"). A capital that
/// becomes several letters is written "Zh" inside a capitalised word and "ZH"
/// inside a word in capitals (ЖУКОВ is "ZHUKOV").
pub fn cyrillic_to_latin(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let chars: Vec<char> = text.chars().collect();
    let mut prev_lower: Option<char> = None;
    for (i, &c) in chars.iter().enumerate() {
        let lower = to_lower(c);
        match bgn_letter(lower, prev_lower) {
            Some(latin) if c.is_uppercase() => {
                let mut letters = latin.chars();
                let next = chars.get(i + 1).copied();
                let prev = i.checked_sub(1).map(|p| chars[p]);
                // A word in capitals keeps its capitals ("ZHUKOV"); a
                // capitalised word gets one capital ("Zhukov").
                let all_caps = next.is_some_and(char::is_uppercase)
                    || (!next.is_some_and(char::is_alphabetic)
                        && prev.is_some_and(char::is_uppercase));
                if let Some(first) = letters.next() {
                    out.extend(first.to_uppercase());
                }
                for l in letters {
                    if all_caps {
                        out.extend(l.to_uppercase());
                    } else {
                        out.push(l);
                    }
                }
            }
            Some(latin) => out.push_str(latin),
            None => out.push(c),
        }
        prev_lower = Some(lower);
    }
    out
}
/// Lowercase without allocating for the letters that matter here.
pub(crate) fn to_lower(c: char) -> char {
    let mut lower = c.to_lowercase();
    match (lower.next(), lower.next()) {
        (Some(l), None) => l,
        _ => c,
    }
}

/// Whether a Cyrillic е after `prev` starts a syllable (and BGN writes "ye"):
/// at the start of a word, after a vowel and after the hard and soft signs.
fn starts_syllable(prev: Option<char>) -> bool {
    match prev {
        None => true,
        Some(p) => !p.is_alphabetic() || "аеёиоуыэюяіїєъьѐѝ".contains(p),
    }
}

/// The BGN/PCGN-style romanization of one lowercase Cyrillic letter after the
/// lowercase character `prev`; None for any other character.
pub(crate) fn bgn_letter(c: char, prev: Option<char>) -> Option<&'static str> {
    Some(match c {
        'а' => "a",
        'б' => "b",
        'в' => "v",
        'г' => "g",
        'д' => "d",
        'е' | 'ѐ' if starts_syllable(prev) => "ye",
        'е' | 'ѐ' => "e",
        'ё' if matches!(prev, Some('ж' | 'ч' | 'ш' | 'щ')) => "e",
        'ё' => "yo",
        'ж' => "zh",
        'з' => "z",
        'и' | 'ѝ' => "i",
        'й' => "y",
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
        'ц' => "ts",
        'ч' => "ch",
        'ш' => "sh",
        'щ' => "shch",
        'ъ' => "",
        'ы' => "y",
        'ь' => "'",
        'э' => "e",
        'ю' => "yu",
        'я' => "ya",
        // Ukrainian and Belarusian.
        'і' => "i",
        'ї' => "yi",
        'є' => "ye",
        'ґ' => "g",
        'ў' => "w",
        // Serbian and Macedonian, as their own Latin alphabets write them.
        'ђ' => "đ",
        'ј' => "j",
        'љ' => "lj",
        'њ' => "nj",
        'ћ' => "ć",
        'џ' => "dž",
        'ѓ' => "ǵ",
        'ќ' => "ḱ",
        'ѕ' => "dz",
        // The letters the 1918 reform removed.
        'ѣ' => "e",
        'ѳ' => "f",
        'ѵ' => "i",
        // Letters of the Turkic, Mongolian and Tajik Cyrillic alphabets.
        'ә' => "ä",
        'ө' | 'ӧ' => "ö",
        'ү' | 'ӱ' => "ü",
        'ұ' | 'ӯ' => "u",
        'қ' | 'ҡ' => "k",
        'ғ' => "gh",
        'ң' => "ng",
        'һ' => "h",
        'ҳ' => "kh",
        'ҷ' => "j",
        'ӣ' => "i",
        _ => return None,
    })
}

/// A guess at the system of a romanized Russian name, for explanations.
pub(crate) fn latin_russian_system(name: &str) -> &'static str {
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
pub(crate) fn spell(text: &str, table: fn(char) -> Option<&'static str>) -> String {
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
pub(crate) fn ala_lc_letter(c: char) -> Option<&'static str> {
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
pub(crate) fn iso9_letter(c: char) -> Option<&'static str> {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::key::name_key;
    use crate::romanize::{forms, romanize, System};

    #[test]
    fn romanizes_russian() {
        assert_eq!(cyrillic_to_latin("Микоян"), "Mikoyan");
        assert_eq!(cyrillic_to_latin("Хрущёв"), "Khrushchev");
        assert_eq!(cyrillic_to_latin("Щербаков"), "Shcherbakov");
        assert_eq!(cyrillic_to_latin("Чжоу Энь-лай"), "Chzhou En'-lay");
        assert_eq!(cyrillic_to_latin("Жуков"), "Zhukov");
        assert_eq!(cyrillic_to_latin("ЖУКОВ"), "ZHUKOV");
        assert_eq!(cyrillic_to_latin("ЩУКИН и Ж."), "SHCHUKIN i Zh.");
        assert_eq!(cyrillic_to_latin("ЮЖ"), "YUZH");
        assert_eq!(cyrillic_to_latin("Фёдор Пётр"), "Fyodor Pyotr");
        assert_eq!(cyrillic_to_latin("Горбачёв"), "Gorbachev");
        assert_eq!(cyrillic_to_latin("Ельцин Сергеев"), "Yel'tsin Sergeyev");
        assert_eq!(cyrillic_to_latin("Подъячев"), "Podyachev");
        assert_eq!(cyrillic_to_latin("Дмитрий Крылов"), "Dmitriy Krylov");
        assert_eq!(cyrillic_to_latin("Громыко, 1956 г."), "Gromyko, 1956 g.");
        assert_eq!(cyrillic_to_latin("Mikoyan 毛泽东"), "Mikoyan 毛泽东");
    }

    #[test]
    fn romanizes_other_cyrillic_alphabets() {
        // Ukrainian и is read as the Russian letter: the romanization does not
        // guess the language of a word.
        assert_eq!(cyrillic_to_latin("Євген Ґонта Їжак"), "Yevgen Gonta Yizhak");
        assert_eq!(cyrillic_to_latin("Лукашэнка ўлада"), "Lukashenka wlada");
        assert_eq!(cyrillic_to_latin("Ђилас Јосип Тито"), "Đilas Josip Tito");
        assert_eq!(
            cyrillic_to_latin("Милошевић Џаферовић"),
            "Miloshević Džaferović"
        );
        assert_eq!(cyrillic_to_latin("Љубљана Њ"), "Ljubljana Nj");
        assert_eq!(cyrillic_to_latin("Живков"), "Zhivkov");
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
}
