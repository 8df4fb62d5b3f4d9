//! Languages and scripts: ISO 639-1 codes, language names as records write them,
//! and a small identifier that tells which language a line of text is in.
//!
//! The identifier needs no model data: the script of the letters decides between
//! Cyrillic, Latin, Han, Hangul and kana languages, and within a script the share
//! of very common function words decides (English "the", German "der", Polish "się").

use std::fmt;

use fonds_names::script::{Script, ScriptCounts};

/// A language as an ISO 639-1 code ("ru", "en"); "und" when unknown.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Lang(String);

impl Default for Lang {
    fn default() -> Self {
        Lang::und()
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// (code, English name, other names records use for it).
const LANGUAGES: &[(&str, &str, &[&str])] = &[
    ("ru", "Russian", &["русский", "russisch"]),
    ("en", "English", &["английский", "englisch"]),
    ("de", "German", &["немецкий", "deutsch"]),
    (
        "zh",
        "Chinese",
        &["mandarin", "китайский", "chinesisch", "中文", "汉语"],
    ),
    (
        "ko",
        "Korean",
        &["корейский", "koreanisch", "한국어", "조선어"],
    ),
    ("ja", "Japanese", &["японский", "日本語"]),
    ("pl", "Polish", &["польский", "polski"]),
    ("cs", "Czech", &["чешский", "čeština"]),
    ("sk", "Slovak", &[]),
    ("hu", "Hungarian", &["венгерский", "magyar"]),
    ("ro", "Romanian", &["румынский"]),
    ("bg", "Bulgarian", &["болгарский"]),
    ("sr", "Serbian", &["serbo-croatian", "сербский"]),
    ("hr", "Croatian", &[]),
    ("sl", "Slovenian", &[]),
    ("uk", "Ukrainian", &["украинский"]),
    ("be", "Belarusian", &[]),
    ("fr", "French", &["французский", "français"]),
    ("it", "Italian", &["итальянский"]),
    ("es", "Spanish", &["испанский", "español"]),
    ("pt", "Portuguese", &[]),
    ("vi", "Vietnamese", &["вьетнамский"]),
    ("mn", "Mongolian", &["монгольский"]),
    ("sq", "Albanian", &["албанский"]),
    ("fa", "Persian", &["farsi"]),
    ("ar", "Arabic", &["арабский"]),
    ("he", "Hebrew", &[]),
    ("tr", "Turkish", &[]),
    ("el", "Greek", &[]),
    ("fi", "Finnish", &[]),
    ("sv", "Swedish", &[]),
    ("et", "Estonian", &[]),
    ("lv", "Latvian", &[]),
    ("lt", "Lithuanian", &[]),
    ("ka", "Georgian", &[]),
    ("hy", "Armenian", &[]),
    ("hi", "Hindi", &[]),
    ("id", "Indonesian", &[]),
    ("es", "Castilian", &[]),
];

impl Lang {
    pub fn und() -> Lang {
        Lang("und".into())
    }

    /// A language from an ISO 639-1 code; None for anything else.
    pub fn from_code(code: &str) -> Option<Lang> {
        let code = code.trim().to_ascii_lowercase();
        let known = code == "und" || LANGUAGES.iter().any(|(c, _, _)| *c == code);
        known.then_some(Lang(code))
    }

    /// A language from its name as a record writes it ("Russian", "русский").
    pub fn from_name(name: &str) -> Option<Lang> {
        let name = name.trim().trim_end_matches('.').to_lowercase();
        if name.is_empty() {
            return None;
        }
        LANGUAGES
            .iter()
            .find(|(code, english, others)| {
                english.to_lowercase() == name || *code == name || others.contains(&name.as_str())
            })
            .map(|(code, _, _)| Lang((*code).into()))
    }

    pub fn code(&self) -> &str {
        &self.0
    }

    pub fn is_und(&self) -> bool {
        self.0 == "und"
    }

    /// The English name of the language.
    pub fn name(&self) -> &'static str {
        LANGUAGES
            .iter()
            .find(|(c, _, _)| *c == self.0)
            .map(|(_, n, _)| *n)
            .unwrap_or("Undetermined")
    }

    /// The script the language is normally written in.
    pub fn script(&self) -> Script {
        match self.code() {
            "ru" | "uk" | "bg" | "be" | "mn" => Script::Cyrillic,
            "sr" => Script::Cyrillic,
            "zh" => Script::Han,
            "ja" => Script::Kana,
            "ko" => Script::Hangul,
            "ar" | "fa" => Script::Arabic,
            "el" => Script::Greek,
            "he" => Script::Hebrew,
            "und" => Script::Other,
            _ => Script::Latin,
        }
    }
}

/// Very common words of the Latin- and Cyrillic-script languages fonds reads,
/// enough to tell them apart on a line or two of text.
const FUNCTION_WORDS: &[(&str, &[&str])] = &[
    (
        "en",
        &[
            "the", "and", "of", "to", "in", "is", "that", "with", "we", "was", "not", "for",
            "this", "have", "he", "they", "are", "it", "on", "by", "be", "you", "about", "were",
            "has", "but", "at", "from", "which", "our", "would",
        ],
    ),
    (
        "de",
        &[
            "der", "die", "das", "und", "ist", "nicht", "zu", "den", "mit", "von", "wir", "sich",
            "des", "dem", "ein", "eine", "auf", "für", "im", "auch", "es", "dass", "daß", "werden",
            "wird", "sind", "haben", "hat", "über", "aus", "bei",
        ],
    ),
    (
        "fr",
        &[
            "le", "la", "les", "et", "des", "est", "une", "du", "que", "pas", "nous", "dans",
            "qui", "pour", "sur", "au", "avec", "il", "sont", "ce",
        ],
    ),
    (
        "pl",
        &[
            "się", "nie", "jest", "że", "na", "to", "do", "jak", "się", "są", "dla", "oraz", "tak",
            "ale", "tow", "po", "już", "przez", "który", "która", "było", "jego", "tym", "czy",
            "bardzo", "może",
        ],
    ),
    (
        "cs",
        &[
            "se", "je", "že", "na", "to", "jsou", "pro", "ale", "jak", "byl", "bylo", "také",
            "jsme", "které", "který", "než", "podle",
        ],
    ),
    (
        "hu",
        &[
            "a", "az", "és", "hogy", "nem", "is", "egy", "meg", "van", "de", "már", "mint", "csak",
            "volt", "kell",
        ],
    ),
    (
        "es",
        &[
            "el", "los", "las", "y", "que", "en", "por", "una", "con", "para", "es", "del", "se",
            "no", "como",
        ],
    ),
    (
        "it",
        &[
            "il", "di", "che", "e", "non", "per", "una", "sono", "della", "con", "del", "gli",
            "anche",
        ],
    ),
    (
        "ru",
        &[
            "и", "в", "не", "на", "что", "с", "по", "это", "мы", "он", "как", "о", "к", "но", "вы",
            "они", "все", "за", "из", "у", "так", "был", "было", "его", "тов", "нам", "же",
        ],
    ),
    (
        "uk",
        &[
            "і",
            "та",
            "що",
            "це",
            "не",
            "він",
            "як",
            "ми",
            "від",
            "для",
            "його",
            "був",
            "які",
            "також",
        ],
    ),
    (
        "bg",
        &[
            "и", "на", "да", "се", "не", "за", "от", "че", "това", "са", "като", "ще", "си", "във",
        ],
    ),
];

/// The languages with function-word lists, by script.
const LATIN_RIVALS: [&str; 8] = ["en", "de", "fr", "pl", "cs", "hu", "es", "it"];
const CYRILLIC_RIVALS: [&str; 3] = ["ru", "uk", "bg"];

/// Each function word with a bit per language of [`FUNCTION_WORDS`] it belongs to.
fn function_word_table() -> &'static std::collections::HashMap<&'static str, u32> {
    static TABLE: std::sync::OnceLock<std::collections::HashMap<&'static str, u32>> =
        std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        let mut t = std::collections::HashMap::new();
        for (i, (_, words)) in FUNCTION_WORDS.iter().enumerate() {
            for w in *words {
                *t.entry(*w).or_insert(0) |= 1 << i;
            }
        }
        t
    })
}

/// Letters that mark a Latin-script language.
const DIACRITICS: &[(&str, &str)] = &[
    ("de", "äöüßÄÖÜ"),
    ("pl", "ąćęłńśźżĄĆĘŁŃŚŹŻ"),
    ("cs", "ěščřžůňťďĚŠČŘŽŮŇŤĎ"),
    ("hu", "őűŐŰ"),
    ("fr", "àâçèêëîïôùûœÀÂÇÈÊËÎÏÔÙÛŒ"),
    ("es", "ñ¿¡Ñ"),
];

/// The language evidence in a stretch of text: letters per script and
/// function-word hits per language.
#[derive(Debug, Clone, Default)]
pub struct LangEvidence {
    pub scripts: ScriptCounts,
    /// Function-word hits per language, for the languages with any.
    pub word_hits: Vec<(&'static str, u32)>,
    pub words: u32,
}

impl LangEvidence {
    pub fn of(text: &str) -> LangEvidence {
        let scripts = ScriptCounts::of(text);
        let mut hits: Vec<(&'static str, u32)> =
            FUNCTION_WORDS.iter().map(|(c, _)| (*c, 0)).collect();
        let mut words = 0;
        // Letters with diacritics only some languages use are weaker evidence
        // than function words, but they tell a Polish or German name line
        // from an English one. Only Latin letters beyond ASCII can be one.
        for c in text
            .chars()
            .filter(|c| !c.is_ascii() && Script::of(*c) == Some(Script::Latin))
        {
            if let Some(code) = DIACRITICS
                .iter()
                .find(|(_, set)| set.contains(c))
                .map(|(code, _)| *code)
            {
                if let Some(h) = hits.iter_mut().find(|(c, _)| *c == code) {
                    h.1 += 1;
                }
            }
        }
        let table = function_word_table();
        let mut lower = String::new();
        for word in text
            .split(|c: char| !c.is_alphabetic())
            .filter(|w| !w.is_empty())
        {
            words += 1;
            // Function words are short: longer words need no lookup.
            if word.len() > 16 {
                continue;
            }
            lower.clear();
            lower.extend(word.chars().flat_map(char::to_lowercase));
            if let Some(mask) = table.get(lower.as_str()) {
                for (i, h) in hits.iter_mut().enumerate() {
                    if mask & (1 << i) != 0 {
                        h.1 += 1;
                    }
                }
            }
        }
        // Only the languages with hits are kept: a record of a million short
        // paragraphs keeps a million of these.
        hits.retain(|&(_, n)| n > 0);
        hits.shrink_to_fit();
        LangEvidence {
            scripts,
            word_hits: hits,
            words,
        }
    }

    fn hits(&self, code: &str) -> u32 {
        self.word_hits
            .iter()
            .find(|(c, _)| *c == code)
            .map_or(0, |(_, n)| *n)
    }

    /// How strongly this text speaks for `lang`: the letters in the language's
    /// script, weighted by the language's share of function words among the
    /// languages of that script.
    pub fn score(&self, lang: &Lang) -> f64 {
        let script = lang.script();
        let letters = match script {
            // Japanese text is mostly Han with some kana; Chinese has no kana.
            Script::Kana => self.scripts.get(Script::Kana) + self.scripts.get(Script::Han),
            Script::Han if self.scripts.get(Script::Kana) > 0 => self.scripts.get(Script::Han) / 2,
            s => self.scripts.get(s),
        } as f64;
        if letters == 0.0 {
            return 0.0;
        }
        // Languages with a function-word list compete with the others of their script.
        let rivals: &[&str] = match script {
            Script::Latin => &LATIN_RIVALS,
            Script::Cyrillic => &CYRILLIC_RIVALS,
            _ => &[],
        };
        if rivals.len() < 2 || !rivals.contains(&lang.code()) {
            return letters;
        }
        let total: u32 = rivals.iter().map(|c| self.hits(c)).sum();
        if total == 0 {
            // No evidence either way: split the letters evenly but keep them.
            return letters / rivals.len() as f64;
        }
        // Smoothing keeps a lone hit from deciding a long line outright.
        let share =
            (self.hits(lang.code()) as f64 + 0.25) / (total as f64 + 0.25 * rivals.len() as f64);
        letters * share
    }
}

/// Roughly how many words a text holds: space-separated words, and for
/// scripts written without spaces (Chinese, Japanese) one word per two characters.
pub fn approx_words(text: &str) -> usize {
    text.split_whitespace()
        .map(|token| {
            let dense = token
                .chars()
                .filter(|&c| matches!(Script::of(c), Some(Script::Han | Script::Kana)))
                .count();
            if dense > 2 {
                dense.div_ceil(2)
            } else {
                1
            }
        })
        .sum()
}

/// Guesses the language of a stretch of text; None when it has no letters.
pub fn identify(text: &str) -> Option<Lang> {
    identify_evidence(&LangEvidence::of(text))
}

/// Guesses the language from evidence already gathered.
pub fn identify_evidence(evidence: &LangEvidence) -> Option<Lang> {
    let script = evidence.scripts.dominant()?;
    let candidates: Vec<Lang> = match script {
        Script::Latin => ["en", "de", "fr", "pl", "cs", "hu", "es", "it"]
            .iter()
            .map(|c| Lang(c.to_string()))
            .collect(),
        Script::Cyrillic => ["ru", "uk", "bg"]
            .iter()
            .map(|c| Lang(c.to_string()))
            .collect(),
        Script::Han | Script::Kana => {
            if evidence.scripts.get(Script::Kana) > 0 {
                return Lang::from_code("ja");
            }
            return Lang::from_code("zh");
        }
        Script::Hangul => return Lang::from_code("ko"),
        Script::Arabic => return Lang::from_code("ar"),
        Script::Greek => return Lang::from_code("el"),
        Script::Hebrew => return Lang::from_code("he"),
        Script::Other => return None,
    };
    candidates
        .into_iter()
        .map(|l| (evidence.score(&l), l))
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, l)| l)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_codes() {
        assert_eq!(Lang::from_name("Russian").unwrap().code(), "ru");
        assert_eq!(Lang::from_name(" chinese ").unwrap().code(), "zh");
        assert_eq!(Lang::from_name("русский").unwrap().code(), "ru");
        assert_eq!(Lang::from_name("Klingon"), None);
        assert_eq!(Lang::from_code("DE").unwrap().name(), "German");
        assert_eq!(Lang::from_code("xx"), None);
    }

    #[test]
    fn identifies_lines() {
        let id = |s: &str| identify(s).map(|l| l.code().to_string());
        assert_eq!(
            id("Мы хотим обсудить этот вопрос с вами").as_deref(),
            Some("ru")
        );
        assert_eq!(
            id("We wanted to inform you about this.").as_deref(),
            Some("en")
        );
        assert_eq!(
            id("Wir haben die Frage mit den Genossen besprochen.").as_deref(),
            Some("de")
        );
        assert_eq!(
            id("Nie wiem, czy to jest prawda, ale tak się stało.").as_deref(),
            Some("pl")
        );
        assert_eq!(id("我们同意这个意见").as_deref(), Some("zh"));
        assert_eq!(id("우리는 이 문제를 논의했습니다").as_deref(), Some("ko"));
        assert_eq!(id("- 2 -"), None);
    }
}
