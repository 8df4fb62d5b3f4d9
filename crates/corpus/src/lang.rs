//! The five languages the generator writes, and what differs between them:
//! names, dates, sentence joining, capitals and Korean particles.

/// A language the generator writes. The order is the order of the columns of
/// every phrase table ([`Tr`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum L {
    En = 0,
    Ru = 1,
    De = 2,
    Zh = 3,
    Ko = 4,
}

/// One phrase in the five languages: English, Russian, German, Chinese, Korean.
pub(crate) type Tr = [&'static str; 5];

impl L {
    pub(crate) fn idx(self) -> usize {
        self as usize
    }

    /// The ISO 639-1 code.
    pub(crate) fn code(self) -> &'static str {
        ["en", "ru", "de", "zh", "ko"][self.idx()]
    }

    /// The English name, as the record header writes it.
    pub(crate) fn name(self) -> &'static str {
        ["English", "Russian", "German", "Chinese", "Korean"][self.idx()]
    }

    /// What joins two sentences of a paragraph.
    pub(crate) fn sentence_gap(self) -> &'static str {
        match self {
            L::Zh => "",
            _ => " ",
        }
    }

    /// Whether the script has capital letters.
    pub(crate) fn cased(self) -> bool {
        matches!(self, L::En | L::Ru | L::De)
    }
}

use fonds_core::date::ENGLISH_MONTHS as MONTHS_EN;

const MONTHS_RU: [&str; 12] = [
    "января",
    "февраля",
    "марта",
    "апреля",
    "мая",
    "июня",
    "июля",
    "августа",
    "сентября",
    "октября",
    "ноября",
    "декабря",
];

const MONTHS_DE: [&str; 12] = [
    "Januar",
    "Februar",
    "März",
    "April",
    "Mai",
    "Juni",
    "Juli",
    "August",
    "September",
    "Oktober",
    "November",
    "Dezember",
];

const ROMAN: [&str; 12] = [
    "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII",
];

/// The English date of headers and citations: "September 17, 1956".
pub(crate) fn date_us(y: i32, m: u8, d: u8) -> String {
    format!("{} {d}, {y}", MONTHS_EN[m as usize - 1])
}

/// A date as a text of the given language writes it; `style` picks one of the
/// customary forms.
pub(crate) fn date_in(lang: L, y: i32, m: u8, d: u8, style: usize) -> String {
    let mi = m as usize - 1;
    match lang {
        L::En => match style % 2 {
            0 => format!("{d} {} {y}", MONTHS_EN[mi]),
            _ => date_us(y, m, d),
        },
        L::Ru => match style % 4 {
            0 => format!("{d} {} {y} г.", MONTHS_RU[mi]),
            1 => format!("{d} {} {y}г.", MONTHS_RU[mi]),
            2 => format!("{d} {} {y} года", MONTHS_RU[mi]),
            _ => format!("{d}.{}.{y} г.", ROMAN[mi]),
        },
        L::De => match style % 3 {
            0 => format!("{d}. {} {y}", MONTHS_DE[mi]),
            1 => format!("{d}.{m}.{y}"),
            _ => format!("{d}.{m:02}.{y}"),
        },
        L::Zh => format!("{y}年{m}月{d}日"),
        L::Ko => format!("{y}년 {m}월 {d}일"),
    }
}

/// Upper-cases the first letter (the texts' sentences start lowercase when a
/// slot opens them).
pub(crate) fn capitalize(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) if c.is_lowercase() => c.to_uppercase().chain(chars).collect(),
        _ => s.to_string(),
    }
}

/// Whether a Korean word ends in a consonant (batchim), which decides the form
/// of the particle after it. Digits are read as Sino-Korean numerals.
fn batchim(word: &str) -> Batchim {
    match word.chars().next_back() {
        Some(c @ '가'..='힣') => {
            let fin = (c as u32 - 0xAC00) % 28;
            match fin {
                0 => Batchim::None,
                8 => Batchim::Rieul,
                _ => Batchim::Other,
            }
        }
        // 영, 일, 이, 삼, 사, 오, 육, 칠, 팔, 구.
        Some('0' | '3' | '6') => Batchim::Other,
        Some('1' | '7' | '8') => Batchim::Rieul,
        _ => Batchim::None,
    }
}

#[derive(PartialEq)]
enum Batchim {
    None,
    Rieul,
    Other,
}

/// Appends a Korean particle written in its after-consonant form (을, 이, 은,
/// 과, 으로...), choosing the form the word needs.
pub(crate) fn ko_particle(word: &str, particle: &str) -> String {
    let b = batchim(word);
    let consonant = b != Batchim::None;
    let form: String = if let Some(rest) = particle.strip_prefix("을") {
        format!("{}{rest}", if consonant { "을" } else { "를" })
    } else if particle == "이" {
        (if consonant { "이" } else { "가" }).to_string()
    } else if let Some(rest) = particle.strip_prefix("은") {
        format!("{}{rest}", if consonant { "은" } else { "는" })
    } else if let Some(rest) = particle.strip_prefix("과") {
        format!("{}{rest}", if consonant { "과" } else { "와" })
    } else if let Some(rest) = particle.strip_prefix("으로") {
        let p = if b == Batchim::Other { "으로" } else { "로" };
        format!("{p}{rest}")
    } else {
        particle.to_string()
    };
    format!("{word}{form}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn korean_particles() {
        assert_eq!(ko_particle("문제", "을"), "문제를");
        assert_eq!(ko_particle("정세", "이"), "정세가");
        assert_eq!(ko_particle("협정", "은"), "협정은");
        assert_eq!(ko_particle("평양", "으로"), "평양으로");
        assert_eq!(ko_particle("베를린", "으로부터"), "베를린으로부터");
        assert_eq!(ko_particle("할빈", "에"), "할빈에");
        assert_eq!(ko_particle("모스크바", "으로"), "모스크바로");
        assert_eq!(ko_particle("서울", "으로"), "서울로");
    }

    #[test]
    fn dates() {
        assert_eq!(date_us(1956, 9, 17), "September 17, 1956");
        assert_eq!(date_in(L::Ru, 1956, 9, 16, 0), "16 сентября 1956 г.");
        assert_eq!(date_in(L::Ru, 1956, 9, 16, 3), "16.IX.1956 г.");
        assert_eq!(date_in(L::Zh, 1958, 3, 5, 0), "1958年3月5日");
    }
}
