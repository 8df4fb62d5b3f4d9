//! Sentences: a template with its slots filled, written in any of the five
//! languages, with the editorial marks of its text (insertions and deletions
//! in the original, `[Inserted: ...]`, `[?]`, `[illegible]`, `[sic]` and
//! supplied words in the English translation).

use crate::cast::Person;
use crate::lang::{capitalize, ko_particle, Tr, L};
use crate::phrases::{CITIES, DELETIONS, GOODS, INSERTIONS, TOPICS};

/// The values of a sentence's slots, the same in every language.
#[derive(Clone, Copy)]
pub(crate) struct Slots {
    pub topic: usize,
    pub goods: usize,
    pub city: usize,
    pub n: u32,
    pub q: u32,
    pub r: u32,
    pub w: u32,
    pub year: i32,
    pub person: &'static Person,
    /// Everyone is "Mr." (in US records).
    pub formal: bool,
}

/// An editorial mark of the English translation.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mark {
    None,
    Uncertain,
    Illegible,
    Sic,
}

/// A sentence of the record, ready to be written in each text.
#[derive(Clone, Copy)]
pub(crate) struct Sentence {
    pub template: &'static Tr,
    pub slots: Slots,
    /// Words added above the line (an index into [`INSERTIONS`]).
    pub insertion: Option<usize>,
    /// "[inserted: ...]" rather than "[Inserted: ...]".
    pub lower_insert: bool,
    /// Words struck out before the sentence (an index into [`DELETIONS`]).
    pub deletion: Option<usize>,
    pub mark: Mark,
    /// Whether the translator's supplied words are bracketed.
    pub supplied: bool,
}

/// How a text treats editorial marks.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Role {
    Original,
    /// The first translation, into English: it carries the editor's marks.
    English,
    /// Any other translation: clean.
    Other,
}

/// A person as a sentence mentions them: with the form of address of their
/// side, or "Mr." for everyone when `formal`.
pub(crate) fn mention(p: &Person, lang: L, formal: bool) -> String {
    let n = p.name(lang);
    match (lang, p.side.comrade() && !formal) {
        (L::En, true) => format!("Cde. {n}"),
        (L::En, false) => format!("Mr. {n}"),
        (L::Ru, true) => format!("тов. {n}"),
        (L::Ru, false) => format!("г-н {n}"),
        (L::De, true) => format!("Genosse {n}"),
        (L::De, false) => format!("Herr {n}"),
        (L::Zh, true) => format!("{n}同志"),
        (L::Zh, false) => format!("{n}先生"),
        (L::Ko, true) => format!("{n} 동지"),
        (L::Ko, false) => n.to_string(),
    }
}

/// Fills a template's slots in one language.
pub(crate) fn fill(template: &str, slots: &Slots, lang: L, supplied: bool) -> String {
    let mut out = String::with_capacity(template.len() + 48);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let close = open + rest[open..].find('}').expect("templates close their slots");
        let slot = &rest[open + 1..close];
        rest = &rest[close + 1..];
        let mut chars = slot.chars();
        let head = chars.next().expect("a slot has a name");
        let form = chars.as_str();
        if head == '+' {
            if supplied {
                out.push('[');
                out.push_str(form);
                out.push(']');
            } else {
                out.push_str(form);
            }
            continue;
        }
        let word: String = match head {
            'T' => {
                let t = &TOPICS[slots.topic];
                match lang {
                    L::En => t.en.to_string(),
                    L::Ru => match form {
                        "g" => t.ru[1],
                        "a" => t.ru[2],
                        "p" => t.ru[3],
                        _ => t.ru[0],
                    }
                    .to_string(),
                    L::De => match form {
                        "a" => t.de[1],
                        "d" => t.de[2],
                        _ => t.de[0],
                    }
                    .to_string(),
                    L::Zh => t.zh.to_string(),
                    L::Ko => t.ko.to_string(),
                }
            }
            'G' => GOODS[slots.goods][lang.idx()].to_string(),
            'C' => {
                let c = &CITIES[slots.city];
                match lang {
                    L::En => c.en,
                    L::Ru => match form {
                        "a" => c.ru[1],
                        "g" => c.ru[2],
                        _ => c.ru[0],
                    },
                    L::De => c.de,
                    L::Zh => c.zh,
                    L::Ko => c.ko,
                }
                .to_string()
            }
            'N' => slots.n.to_string(),
            'Q' => slots.q.to_string(),
            'R' => slots.r.to_string(),
            'W' => slots.w.to_string(),
            'Y' => slots.year.to_string(),
            'P' => mention(slots.person, lang, slots.formal),
            'M' => (slots.n / 10).to_string(),
            other => panic!("unknown slot {other}"),
        };
        if lang == L::Ko && !form.is_empty() {
            out.push_str(&ko_particle(&word, form));
        } else {
            out.push_str(&word);
        }
    }
    out.push_str(rest);
    if lang.cased() {
        capitalize(&out)
    } else {
        out
    }
}

/// Splits the final punctuation off a sentence.
fn split_end(s: &str) -> (&str, &str) {
    match s.char_indices().next_back() {
        Some((i, c)) if ".?!。？！".contains(c) => (&s[..i], &s[i..]),
        _ => (s, ""),
    }
}

impl Sentence {
    /// The sentence as the given text writes it.
    pub(crate) fn render(&self, lang: L, role: Role) -> String {
        let mut s = fill(
            self.template[lang.idx()],
            &self.slots,
            lang,
            self.supplied && role == Role::English,
        );
        if role == Role::English {
            s = self.apply_mark(s);
        }
        if let Some(i) = self.insertion {
            let words = INSERTIONS[i][lang.idx()];
            let written = match role {
                Role::Original => format!("<sup>{words}</sup>"),
                Role::English if self.lower_insert => format!("[inserted: {words}]"),
                Role::English => format!("[Inserted: {words}]"),
                Role::Other => words.to_string(),
            };
            s = match lang {
                L::Zh => format!("{written}{s}"),
                L::Ko => format!("{written} {s}"),
                _ => {
                    let (body, end) = split_end(&s);
                    format!("{body} {written}{end}")
                }
            };
        }
        if role == Role::Original {
            if let Some(i) = self.deletion {
                let list = DELETIONS[lang.idx()];
                let gap = lang.sentence_gap();
                s = format!("~~{}~~{gap}{s}", list[i % list.len()]);
            }
        }
        s
    }

    fn apply_mark(&self, s: String) -> String {
        match self.mark {
            Mark::None => s,
            Mark::Uncertain => {
                let (body, end) = split_end(&s);
                format!("{body} [?]{end}")
            }
            Mark::Illegible => {
                let (body, end) = split_end(&s);
                let words: Vec<&str> = body.split(' ').collect();
                if words.len() >= 6 && !words[words.len() - 1].contains(['[', ']']) {
                    format!("{} [illegible]{end}", words[..words.len() - 1].join(" "))
                } else {
                    format!("{body} [illegible]{end}")
                }
            }
            Mark::Sic => {
                let words: Vec<&str> = s.split(' ').collect();
                let at = (2..words.len().saturating_sub(1)).find(|&k| {
                    words[k].chars().count() >= 5 && words[k].chars().all(char::is_alphabetic)
                });
                match at {
                    Some(k) => {
                        let mut out = words[..=k].join(" ");
                        out.push_str(" [sic] ");
                        out.push_str(&words[k + 1..].join(" "));
                        out
                    }
                    None => s,
                }
            }
        }
    }
}
