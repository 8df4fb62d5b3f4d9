//! Blocks: turning the lines of a page into headings, paragraphs, speaker
//! turns, participants lists and signatures.
//!
//! Speaker turns follow the conventions of several languages: "Тов. Микоян -",
//! "Cde. Mikoyan -", "MAO ZEDONG:", "Genosse Honecker:", "毛泽东：". A label with
//! an honorific, in capitals or in a caseless script is taken at once; a plain
//! capitalised label ("Mikoyan -") only when it recurs in the text, so that an
//! ordinary sentence with a dash is not mistaken for a turn.

use super::layout::Line;
use super::marks::{leading_note, parse_inline};
use crate::model::{Block, BlockKind, Inline, Mark, MarkKind, Participant, SecurityLevel, Speaker};
use std::collections::HashMap;

/// Forms of address that open a speaker label or a name in a list.
const HONORIFICS: &[&str] = &[
    "cde.",
    "cdes.",
    "cde",
    "comrade",
    "comrades",
    "тов.",
    "тов",
    "товарищ",
    "товарищи",
    "т.т.",
    "тт.",
    "т.",
    "г.",
    "г-н",
    "господин",
    "tow.",
    "towarzysz",
    "genosse",
    "genossin",
    "genossen",
    "gen.",
    "mr.",
    "mrs.",
    "ms.",
    "dr.",
    "herr",
    "frau",
    "mr",
    "mrs",
    "m.",
    "mme",
    "monsieur",
    "madame",
    "pan",
    "pani",
    "s.",
    "elvtárs",
    "soudruh",
    "soudružka",
    "drug",
    "другарь",
    "другарят",
];

/// Words that head the fields of telegrams and memoranda, and the sections
/// of minutes, never speakers.
const HEADER_WORDS: &[&str] = &[
    "from",
    "to",
    "no",
    "nr",
    "date",
    "subject",
    "subj",
    "re",
    "ref",
    "cc",
    "copy",
    "copies",
    "distribution",
    "info",
    "action",
    "attention",
    "priority",
    "classification",
    "memorandum",
    "participants",
    "present",
    "note",
    "time",
    "place",
    "secret",
    "confidential",
    "sent",
    "received",
    "drafted",
    "approved",
    "cleared",
    "от",
    "кому",
    "куда",
    "тема",
    "дата",
    "копия",
    "an",
    "von",
    "betreff",
    "betr",
    "datum",
    "verteiler",
    // The sections of minutes: "Beschluss: Die Botschaft wird beauftragt..."
    // recurs as a speaker label would.
    "decision",
    "decisions",
    "resolution",
    "resolved",
    "agenda",
    "beschluss",
    "beschlüsse",
    "tagesordnung",
    "постановили",
    "постановление",
    "решение",
    "решили",
    "слушали",
    "повестка",
    "uchwała",
    "postanowiono",
    "决定",
    "决议",
    "議決",
    "议程",
    "결정",
    "결의",
    "의제",
];

/// Suffixes of address in caseless scripts ("毛泽东同志", "김일성 동지").
const SUFFIXES: &[&str] = &["同志", "동지", "先生", "동무"];

/// Forms of address written after the name ("Kádár János elvtárs:").
const TRAILING_HONORIFICS: &[&str] = &["elvtárs", "elvtársnő", "elvtársak", "soudruh", "soudružka"];

/// Articles that may open a label ("Der Botschafter:", "The Ambassador:").
const ARTICLES: &[&str] = &["der", "die", "das", "the", "le", "la", "l'", "el", "il"];

/// Offices a speaker may be labelled by, alone ("Посол -", "Counselor:",
/// "大使：") or before a name ("Ambassador Thompson:", which is Thompson).
const ROLES: &[&str] = &[
    "посол",
    "советник",
    "посланник",
    "переводчик",
    "председатель",
    "министр",
    "секретарь",
    "ambassador",
    "counselor",
    "counsellor",
    "minister",
    "secretary",
    "chairman",
    "interpreter",
    "botschafter",
    "gesandter",
    "dolmetscher",
    "ambassadeur",
    "l'ambassadeur",
    "conseiller",
    "ambasador",
    "velvyslanec",
    "nagykövet",
    "大使",
    "参赞",
    "翻译",
    "대사",
    "참사",
    "통역",
];

fn is_role(word: &str) -> bool {
    ROLES.contains(&word.to_lowercase().as_str())
}

/// A speaker label found at the start of a line.
#[derive(Debug, Clone, PartialEq)]
pub struct TurnLabel {
    /// The label as written, leading noise removed ("Cde. Cde. Rim Hae").
    pub label: String,
    /// The name without honorifics ("Rim Hae").
    pub name: String,
    /// Byte offset in the line where the spoken words start.
    pub body: usize,
    /// Honorific, capitals or a caseless script: a turn without corroboration.
    pub strong: bool,
}

fn is_honorific(token: &str) -> bool {
    let lower = token.to_lowercase();
    HONORIFICS.contains(&lower.as_str())
}

fn is_name_word(word: &str) -> bool {
    let mut chars = word.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    let chars: Vec<char> = word.chars().collect();
    first.is_alphabetic()
        && !first.is_lowercase()
        && (0..chars.len()).all(|i| {
            let c = chars[i];
            c.is_alphabetic() || matches!(c, '-' | '\'' | '’' | '.') || misread_letter(&chars, i)
        })
}

/// Whether the character at `i` is a "1" or a "0" that the OCR read for a
/// letter inside a word ("U1bricht", "Gr0myko"): between two letters, and
/// a "1" (read for "l") only between Latin ones.
fn misread_letter(chars: &[char], i: usize) -> bool {
    let latin = |c: char| c.is_ascii_alphabetic() || matches!(c, 'À'..='ɏ');
    let letter = |c: char| c.is_alphabetic() && (chars[i] == '0' || latin(c));
    matches!(chars[i], '1' | '0')
        && i > 0
        && letter(chars[i - 1])
        && chars.get(i + 1).is_some_and(|&c| letter(c))
}

/// A name with its misread letters ([`misread_letter`]) given back: "1" is
/// "l" and "0" is "o", in the script of the letters around them.
fn unmisread(name: &str) -> String {
    let chars: Vec<char> = name.chars().collect();
    (0..chars.len())
        .map(|i| {
            if !misread_letter(&chars, i) {
                return chars[i];
            }
            let cyrillic = matches!(chars[i - 1], '\u{400}'..='\u{4FF}');
            match (chars[i], cyrillic) {
                ('0', true) => 'о',
                ('0', false) => 'o',
                _ => 'l',
            }
        })
        .collect()
}

/// Name particles that stay lowercase inside a name ("von", "de").
const PARTICLES: &[&str] = &[
    "von", "van", "de", "der", "den", "du", "la", "le", "da", "di", "ibn", "bin", "al", "y",
];

fn caseless(word: &str) -> bool {
    word.chars()
        .all(|c| c.is_alphabetic() && !c.is_lowercase() && !c.is_uppercase())
}

/// Reads a speaker label at the start of `line`.
pub fn turn_label(line: &str) -> Option<TurnLabel> {
    // OCR puts specks and bullets before labels: "○ тов. Микоян."
    let start = line.find(|c: char| c.is_alphabetic())?;
    if line[..start].chars().any(|c| c.is_ascii_digit()) || line[..start].chars().count() > 3 {
        return None;
    }
    let rest = &line[start..];
    // Caseless scripts without spaces: "毛泽东：", "周恩来同志：".
    if let Some(label) = caseless_label(rest) {
        return Some(TurnLabel {
            body: label.body + start,
            ..label
        });
    }
    let mut pos = 0;
    let mut honorific = false;
    let mut words: Vec<std::borrow::Cow<str>> = Vec::new();
    let mut label_end = 0;
    loop {
        let tail = &rest[pos..];
        let trimmed = tail.trim_start();
        let ws = tail.len() - trimmed.len();
        if trimmed.is_empty() {
            return None;
        }
        // A dash or colon standing alone ends the label.
        if let Some(sep) = separator(trimmed) {
            if words.is_empty() {
                return None;
            }
            let body = pos + ws + sep;
            return Some(finish(rest, label_end, &words, honorific, body + start));
        }
        let token_len = trimmed.find(char::is_whitespace).unwrap_or(trimmed.len());
        let token = &trimmed[..token_len];
        // A token glued to its separator: "Mikoyan:", "Микоян-", "Mikoyan."
        for (cut, kind) in [
            (':', 0u8),
            ('：', 0),
            ('-', 1),
            ('–', 1),
            ('—', 1),
            ('.', 2),
        ] {
            if let Some(word) = token.strip_suffix(cut) {
                if word.is_empty() || !(is_name_word(word) || caseless(word)) {
                    continue;
                }
                if is_honorific(token) && kind == 2 {
                    break;
                }
                let allowed = match kind {
                    0 | 1 => true,
                    // A full stop ends a label only after an honorific or in capitals,
                    // and not after an initial ("V.").
                    _ => {
                        (honorific || (is_caps(word) && !words.is_empty()))
                            && word.chars().count() > 2
                            && !word.contains('.')
                    }
                };
                let after = &trimmed[token_len..];
                // After a full stop the words must open a new sentence.
                let sentence = after.starts_with(' ')
                    && after
                        .trim_start()
                        .chars()
                        .next()
                        .is_some_and(|c| !c.is_lowercase());
                if allowed && (kind != 2 || sentence) {
                    let mut all = words.clone();
                    all.push(word.into());
                    let end = pos + ws + token_len - cut.len_utf8();
                    return Some(finish(
                        rest,
                        end,
                        &all,
                        honorific,
                        start + pos + ws + token_len + (after.len() - after.trim_start().len()),
                    ));
                }
            }
        }
        // A form of address after the name, glued to its separator:
        // "Kádár János elvtárs:".
        if !words.is_empty() {
            if let Some(word) = token.strip_suffix([':', '：']) {
                if TRAILING_HONORIFICS.contains(&word.to_lowercase().as_str()) {
                    let after = &trimmed[token_len..];
                    let body =
                        start + pos + ws + token_len + (after.len() - after.trim_start().len());
                    return Some(finish(rest, pos, &words, true, body));
                }
            }
        }
        // A name the OCR split with a space ("Пу занов -", "Ulb richt:",
        // "Ká dár János"): a lowercase piece glued to a separator, or
        // followed by one or by a name, after a short capitalised piece.
        let piece = token.trim_end_matches([':', '：', '-', '–', '—']);
        // Only a word read from the line itself (not one glued already).
        let from_line = words.last().filter(|w| {
            let (p, base) = (w.as_ptr() as usize, rest.as_ptr() as usize);
            matches!(w, std::borrow::Cow::Borrowed(_))
                && p >= base
                && p + w.len() <= base + rest.len()
        });
        if let Some(last) = from_line {
            let next_opens = {
                let after = trimmed[token_len..].trim_start();
                after.starts_with(['-', '–', '—', ':', '：'])
                    || after
                        .split_whitespace()
                        .next()
                        .is_some_and(|w| is_name_word(w.trim_end_matches([':', '：', '-'])))
            };
            if !piece.is_empty()
                && piece.chars().all(char::is_alphabetic)
                && piece.chars().next().is_some_and(char::is_lowercase)
                && piece.chars().count() <= 5
                && last.chars().count() <= 4
                && is_name_word(last)
                && !PARTICLES.contains(&piece)
                && (piece.len() < token.len() || next_opens)
            {
                let start_of_last = last.as_ptr() as usize - rest.as_ptr() as usize;
                let end = pos + ws + piece.len();
                let glued = &rest[start_of_last..end];
                words.pop();
                // The glued word keeps its space in the label; the name has none.
                words.push(glued.replace(' ', "").into());
                if piece.len() < token.len() {
                    let after = &trimmed[token_len..];
                    let body =
                        start + pos + ws + token_len + (after.len() - after.trim_start().len());
                    return Some(finish(rest, end, &words, honorific, body));
                }
                pos += ws + token_len;
                label_end = pos;
                continue;
            }
        }
        if words.is_empty() && is_honorific(token) {
            honorific = true;
        } else if is_name_word(token)
            || caseless(token)
            || (!words.is_empty() && PARTICLES.contains(&token))
        {
            // Honorifics repeated by the OCR or the typist ("Cde. Cde. Rim Hae").
            if !(words.is_empty() && is_honorific(token)) {
                words.push(token.into());
            }
        } else {
            return None;
        }
        if words.len() > 5 {
            return None;
        }
        pos += ws + token_len;
        label_end = pos;
    }
}

/// Written in capitals: some uppercase letters and no lowercase ones. Words in
/// caseless scripts (Hangul, Han) are not in capitals.
fn is_caps(word: &str) -> bool {
    word.chars().any(char::is_uppercase) && !word.chars().any(char::is_lowercase)
}

/// A separator at the start of `s`: " - ", " – ", ": ". Returns the offset of the body.
fn separator(s: &str) -> Option<usize> {
    let mut chars = s.char_indices();
    let (_, c) = chars.next()?;
    if matches!(c, '-' | '–' | '—' | ':' | '：') {
        let after = &s[c.len_utf8()..];
        let trimmed = after.trim_start_matches(['-', '–', '—']).trim_start();
        // "- -" and "--" happen in typescripts; a hyphen glued to a word does not.
        if matches!(c, ':' | '：')
            || after.is_empty()
            || after.starts_with(char::is_whitespace)
            || after.starts_with(['-', '–', '—'])
        {
            return Some(s.len() - trimmed.len());
        }
    }
    None
}

fn finish(
    rest: &str,
    label_end: usize,
    words: &[std::borrow::Cow<str>],
    honorific: bool,
    body: usize,
) -> TurnLabel {
    let label = rest[..label_end].trim().to_string();
    let all_caps = words.iter().all(|w| is_caps(w))
        && words
            .iter()
            .map(|w| w.chars().filter(|c| c.is_alphabetic()).count())
            .sum::<usize>()
            >= 2;
    let caseless_name = words.iter().all(|w| caseless(w));
    // "Der Botschafter", "The Ambassador": the article goes; "Ambassador
    // Thompson": the office before a name goes.
    let mut named: Vec<&str> = words.iter().map(|w| w.as_ref()).collect();
    if named.len() > 1 && ARTICLES.contains(&named[0].to_lowercase().as_str()) {
        named.remove(0);
    }
    if named.len() > 1 && is_role(named[0]) {
        named.remove(0);
    }
    let mut name = fonds_names::script::fold_homoglyphs(&unmisread(&named.join(" ")));
    if all_caps && !caseless_name {
        name = title_case(&name);
    }
    let (name, suffixed) = strip_suffix(name);
    // In caseless scripts only a form of address makes a label certain: "他说："
    // ("he said:") has the shape of a label too.
    TurnLabel {
        label,
        name,
        body,
        // A name in capitals speaks ("KHRUSHCHEV:"), but the heading words of
        // telegrams and memoranda ("FROM:", "SUBJECT:") do not.
        strong: honorific
            || (all_caps
                && !caseless_name
                && !(words.len() == 1 && HEADER_WORDS.contains(&words[0].to_lowercase().as_str())))
            || (caseless_name && suffixed),
    }
}

/// Removes a trailing form of address ("同志", "동지"), saying whether there was one.
fn strip_suffix(name: String) -> (String, bool) {
    for suffix in SUFFIXES {
        if let Some(stripped) = name.strip_suffix(suffix) {
            if !stripped.trim().is_empty() {
                return (stripped.trim().to_string(), true);
            }
        }
    }
    (name, false)
}

fn caseless_label(s: &str) -> Option<TurnLabel> {
    let colon = s
        .char_indices()
        .take(12)
        .find(|(_, c)| matches!(c, '：' | ':'))?
        .0;
    let label = s[..colon].trim();
    let chars = label.chars().filter(|c| !c.is_whitespace()).count();
    if !(2..=10).contains(&chars)
        || !label.chars().all(|c| {
            c.is_whitespace() || (c.is_alphabetic() && !c.is_lowercase() && !c.is_uppercase())
        })
    {
        return None;
    }
    // Han and Hangul names have no spaces: one is the OCR's ("周恩 来").
    let (name, suffixed) = strip_suffix(label.split_whitespace().collect());
    let after = &s[colon..];
    let colon_len = after.chars().next().map_or(1, char::len_utf8);
    let body =
        colon + colon_len + (after[colon_len..].len() - after[colon_len..].trim_start().len());
    Some(TurnLabel {
        label: label.to_string(),
        name,
        body,
        strong: suffixed,
    })
}

fn title_case(s: &str) -> String {
    s.split(' ')
        .map(|w| {
            let lower = w.to_lowercase();
            // Capitalise after hyphens too: "YONG-GEON" -> "Yong-Geon".
            let mut out = String::new();
            let mut up = true;
            for c in lower.chars() {
                if up {
                    out.extend(c.to_uppercase());
                } else {
                    out.push(c);
                }
                up = c == '-';
            }
            out
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Keywords that open a participants list.
const PARTICIPANT_KEYWORDS: &[&str] = &[
    "при участии",
    "присутствовали",
    "присутствуют",
    "присутствовал",
    "участвовали",
    "участники",
    "present",
    "also present",
    "participants",
    "participating",
    "in attendance",
    "attending",
    "anwesend",
    "teilnehmer",
    "obecni",
    "udział wzięli",
    "obecni byli",
    "出席",
    "出席者",
    "参加者",
    "在座",
    "参加",
    "참석자",
    "참석",
    "jelen vannak",
    "přítomni",
];

/// If `text` opens a participants list, the byte offset where the list starts.
pub fn participants_start(text: &str) -> Option<usize> {
    let lower = lower_head(text, 24);
    for kw in PARTICIPANT_KEYWORDS {
        if let Some(rest) = lower.strip_prefix(kw) {
            let trimmed = rest.trim_start();
            if trimmed.starts_with(':') || trimmed.starts_with('：') {
                // Offsets in `lower` match `text` only while lowercasing kept byte
                // lengths; find the colon in the original instead.
                let colon = text.find([':', '：'])?;
                let c = text[colon..].chars().next()?;
                return Some(colon + c.len_utf8());
            }
        }
    }
    None
}

const RECORDED_BY: &[&str] = &[
    "recorded by",
    "niederschrift:",
    "niederschrift",
    "zapsal",
    "zapsala",
    "zapsali",
    "jegyzőkönyvvezető",
    "lejegyezte",
    "整理",
    "record made by",
    "notes taken by",
    "minutes taken by",
    "minutes recorded by",
    "drafted by",
    "memorandum prepared by",
    "записал",
    "записала",
    "записали",
    "запись вел",
    "запись вёл",
    "запись вела",
    "протокол вел",
    "протокол вёл",
    "протокол вела",
    "протоколировал",
    "aufgezeichnet von",
    "aufgezeichnet",
    "niedergeschrieben von",
    "protokollführer",
    "protokoll geführt von",
    "protokoll:",
    "zapisał",
    "zapisała",
    "protokołował",
    "protokołowała",
    "notował",
    "notowała",
    "记录人",
    "记录",
    "記錄",
    "기록자",
    "기록",
];

/// If `text` is a "recorded by" line, the name it gives.
pub fn recorded_by(text: &str) -> Option<String> {
    let lower = lower_head(text.trim(), 24);
    for kw in RECORDED_BY {
        if lower.starts_with(kw) {
            let kw_chars = kw.chars().count();
            let rest: String = text.trim().chars().skip(kw_chars).collect();
            let name = rest
                .trim_start_matches([':', '：', ' ', '-', '–'])
                .trim()
                .trim_end_matches('.')
                .trim();
            let words = name.split_whitespace().count();
            if words == 0 || words > 8 {
                return None;
            }
            return Some(name.to_string());
        }
    }
    None
}

/// The first `chars` characters of `text`, lowercased: keywords sit at the
/// start of a line, and lowercasing whole lines for each check is costly.
fn lower_head(text: &str, chars: usize) -> String {
    text.chars()
        .take(chars)
        .flat_map(char::to_lowercase)
        .collect()
}

/// Security markings by level, lowercased and without punctuation at the end.
const MARKINGS: &[(&str, SecurityLevel)] = &[
    ("top secret", SecurityLevel::TopSecret),
    ("совершенно секретно", SecurityLevel::TopSecret),
    ("сов. секретно", SecurityLevel::TopSecret),
    ("сов.секретно", SecurityLevel::TopSecret),
    ("строго секретно", SecurityLevel::TopSecret),
    ("особой важности", SecurityLevel::TopSecret),
    ("особая папка", SecurityLevel::TopSecret),
    ("persönliche verschlußsache", SecurityLevel::Secret),
    ("persönliche verschlusssache", SecurityLevel::Secret),
    ("vertrauliche verschlußsache", SecurityLevel::Confidential),
    ("streng geheim", SecurityLevel::TopSecret),
    ("ściśle tajne", SecurityLevel::TopSecret),
    ("绝密", SecurityLevel::TopSecret),
    ("絕密", SecurityLevel::TopSecret),
    ("극비", SecurityLevel::TopSecret),
    ("secret", SecurityLevel::Secret),
    ("секретно", SecurityLevel::Secret),
    ("geheim", SecurityLevel::Secret),
    ("geheime verschlußsache", SecurityLevel::Secret),
    ("tajne", SecurityLevel::Secret),
    ("机密", SecurityLevel::Secret),
    ("機密", SecurityLevel::Secret),
    ("秘密", SecurityLevel::Secret),
    ("비밀", SecurityLevel::Secret),
    ("기밀", SecurityLevel::Secret),
    ("confidential", SecurityLevel::Confidential),
    ("strictly confidential", SecurityLevel::Confidential),
    ("streng vertraulich", SecurityLevel::Confidential),
    ("vertraulich", SecurityLevel::Confidential),
    ("конфиденциально", SecurityLevel::Confidential),
    ("poufne", SecurityLevel::Confidential),
    ("for official use only", SecurityLevel::Restricted),
    ("для служебного пользования", SecurityLevel::Restricted),
    ("nur für den dienstgebrauch", SecurityLevel::Restricted),
    ("restricted", SecurityLevel::Restricted),
];

/// If `text` is a security marking, its level.
pub fn classification(text: &str) -> Option<SecurityLevel> {
    let t = text
        .trim()
        .trim_matches(|c: char| c == '*' || c == '_' || c == '[' || c == ']');
    if t.split_whitespace().count() > 8 {
        return None;
    }
    let lower = t.to_lowercase();
    MARKINGS
        .iter()
        .filter(|(m, _)| {
            lower.starts_with(m)
                && lower[m.len()..]
                    .chars()
                    .next()
                    .is_none_or(|c| !c.is_alphabetic())
        })
        .max_by_key(|(m, _)| m.len())
        .map(|(_, level)| *level)
}

/// What a text's speaker labels look like as a whole: how often each plain
/// label recurs, and how many turns are certain.
#[derive(Debug, Default)]
pub struct Labels {
    weak: HashMap<String, usize>,
    /// Labels with a form of address, in capitals, or recurring.
    established: usize,
}

/// Counts the labels of a text: plain capitalised labels are turns when they
/// recur, or when the text is plainly a conversation and they open a sentence.
pub fn label_stats(lines: &[Line]) -> Labels {
    let mut stats = Labels::default();
    let mut strong = 0;
    for line in lines {
        if let Some(l) = turn_label(line.text) {
            if l.strong {
                strong += 1;
            } else {
                *stats.weak.entry(l.name).or_insert(0) += 1;
            }
        }
    }
    stats.established = strong + stats.weak.values().filter(|n| **n >= 2).sum::<usize>();
    stats
}

/// Words that address a turn to someone: a line "МИД СССР - тов. Громыко" is a
/// telegram's address, not a speaker's words.
fn addressed(body: &str) -> bool {
    let mut words: Vec<&str> = body.split_whitespace().collect();
    // "to Cde. X", "для тов. X": a preposition before the address.
    if words.len() > 1 && ["to", "an", "à", "do", "для"].contains(&words[0].to_lowercase().as_str())
    {
        words.remove(0);
    }
    // Speech often opens by addressing someone ("Тов. Добрынин просил..."); an
    // address line is the address and nothing more: a form of address and a
    // name of capitalised words and initials.
    words.len() >= 2
        && words.len() <= 5
        && is_honorific(words[0])
        && words[1..]
            .iter()
            .all(|w| w.chars().next().is_some_and(char::is_uppercase))
}

/// The label of a line if it starts a turn in this text.
pub fn accepted_label(line: &str, labels: &Labels) -> Option<TurnLabel> {
    let label = turn_label(line)?;
    if participants_start(line).is_some() || recorded_by(line).is_some() {
        return None;
    }
    let body = line[label.body.min(line.len())..].trim();
    if addressed(body) {
        return None;
    }
    if label.strong {
        return Some(label);
    }
    // "Date: ...", "Subject: ..." head a memorandum's fields in any case.
    if !label.name.contains(' ') && HEADER_WORDS.contains(&label.name.to_lowercase().as_str()) {
        return None;
    }
    // A plain label must have words after it on its line: "Beschluss:" alone
    // on a line heads a section, it does not speak. It counts when it recurs,
    // or once in a text with several certain turns when a sentence follows
    // it (a garbled "Даляес - Мы...", "Ambassador Thompson: The...").
    // Caseless scripts show no sentence start, so there a label must recur.
    let opens_sentence = body.chars().next().is_some_and(char::is_uppercase);
    let recurs = labels.weak.get(&label.name).copied().unwrap_or(0) >= 2;
    let conversation = labels.established >= 3
        && (opens_sentence || is_role(&label.name))
        && label.name.split_whitespace().count() <= 3;
    (!body.is_empty() && (recurs || conversation)).then_some(label)
}

/// Joins a paragraph's lines, mending words hyphenated at line ends.
pub fn join_lines(lines: &[&str]) -> String {
    let mut out = String::new();
    for line in lines {
        let t = line.trim();
        if t.is_empty() {
            continue;
        }
        if out.is_empty() {
            out.push_str(t);
            continue;
        }
        let hyphenated = out.ends_with('-')
            && out.chars().rev().nth(1).is_some_and(char::is_alphabetic)
            && t.chars().next().is_some_and(char::is_lowercase);
        if hyphenated {
            out.pop();
        } else {
            out.push(' ');
        }
        out.push_str(t);
    }
    out
}

/// Splits the words of a participants list into people, by group.
pub fn parse_participants(
    text: &str,
    first_group: Option<&str>,
    per_line: bool,
) -> Vec<Participant> {
    let mut out = parse_all_participants(text, first_group, per_line);
    out.truncate(MAX_PARTICIPANTS);
    out
}

/// The most people one participants list gives; real lists name a few dozen.
pub const MAX_PARTICIPANTS: usize = 1_000;

fn parse_all_participants(
    text: &str,
    first_group: Option<&str>,
    per_line: bool,
) -> Vec<Participant> {
    let mut out = Vec::new();
    for (group, content) in groups(text, first_group) {
        if per_line {
            for item in content.lines() {
                out.extend(participant(item, group.clone(), true));
            }
            continue;
        }
        if !top_level_has(&content, ';') {
            out.extend(
                split_top_level(&content)
                    .iter()
                    .filter_map(|i| participant(i, group.clone(), false)),
            );
            continue;
        }
        // Semicolons separate either people whose roles follow a comma
        // ("Ambassador Menshikov, Soviet Embassy; ...") or groups of people
        // ("...; from the Chinese side, Ji Pengfei (...) and Pu Shouchang (...)").
        for piece in content.split(';') {
            let listy = piece.contains('(')
                || names_only(piece)
                || [" and ", " и ", " und ", " i "]
                    .iter()
                    .any(|c| piece.contains(c));
            if !listy {
                out.extend(participant(piece, group.clone(), true));
                continue;
            }
            let mut items = split_top_level(piece);
            let mut piece_group = group.clone();
            if items.len() > 1
                && items[0]
                    .trim()
                    .chars()
                    .next()
                    .is_some_and(char::is_lowercase)
            {
                piece_group = Some(items.remove(0).trim().to_string());
            }
            out.extend(
                items
                    .iter()
                    .filter_map(|i| participant(i, piece_group.clone(), false)),
            );
        }
    }
    out
}

/// Words of titles and offices, which make a comma-separated part a role
/// ("Deputy Assistant Secretary") rather than another person.
const TITLE_WORDS: &[&str] = &[
    "secretary",
    "ambassador",
    "minister",
    "counselor",
    "counsellor",
    "deputy",
    "assistant",
    "director",
    "chairman",
    "bureau",
    "embassy",
    "interpreter",
    "department",
    "division",
    "office",
    "affairs",
    "president",
    "premier",
    "chief",
    "head",
    "member",
    "officer",
    "attaché",
    "attache",
    "consul",
    "general",
    "adviser",
    "advisor",
    "staff",
];

/// A piece made only of names: every comma-separated part is one to four
/// capitalised words or initials, and none is a title.
fn names_only(piece: &str) -> bool {
    let parts: Vec<&str> = piece
        .split(',')
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    parts.len() >= 2
        && parts.iter().all(|p| {
            let words: Vec<&str> = p.split_whitespace().filter(|w| !is_honorific(w)).collect();
            (1..=4).contains(&words.len())
                && words.iter().all(|w| {
                    w.chars().next().is_some_and(|c| c.is_uppercase())
                        && !TITLE_WORDS.contains(&w.to_lowercase().trim_end_matches(['.', ',']))
                })
        })
}

fn top_level_has(s: &str, sep: char) -> bool {
    let mut depth = 0i32;
    s.chars().any(|c| {
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' => depth -= 1,
            _ => {}
        }
        depth <= 0 && c == sep
    })
}

/// Splits "A, B. The Korean delegation: C, D" into labelled groups.
fn groups(text: &str, first_group: Option<&str>) -> Vec<(Option<String>, String)> {
    let mut out: Vec<(Option<String>, String)> = Vec::new();
    let mut label = first_group.map(str::to_string);
    let mut start = 0;
    let mut depth = 0i32;
    let bytes: Vec<(usize, char)> = text.char_indices().collect();
    for (i, &(at, c)) in bytes.iter().enumerate() {
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' => depth -= 1,
            ':' | '：' if depth == 0 => {
                // The label runs back to the previous sentence end.
                let head = &text[start..at];
                let cut = head.rfind(['.', ';', '\n', '；', '。']).map_or(0, |p| {
                    p + head[p..].chars().next().map_or(1, char::len_utf8)
                });
                let candidate = head[cut..].trim();
                let words = candidate.split_whitespace().count();
                if (1..=6).contains(&words) && !candidate.contains([',', '(', ')']) {
                    out.push((label.take(), head[..cut].to_string()));
                    label = Some(candidate.to_string());
                    start = at + c.len_utf8();
                }
            }
            _ => {}
        }
        let _ = i;
    }
    out.push((label, text[start..].to_string()));
    out.retain(|(_, c)| c.chars().any(char::is_alphabetic));
    out
}

/// Splits at commas, semicolons and a final "and", outside brackets.
fn split_top_level(s: &str) -> Vec<String> {
    let mut items = Vec::new();
    let mut depth = 0i32;
    let mut cur = String::new();
    for c in s.chars() {
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' => depth -= 1,
            _ => {}
        }
        if depth <= 0 && matches!(c, ',' | ';' | '，' | '、' | '；') {
            items.push(std::mem::take(&mut cur));
        } else {
            cur.push(c);
        }
    }
    items.push(cur);
    let mut out = Vec::new();
    for item in items {
        // "Yudin, and Satyukov" / "Юдин и Сатюков": split at a conjunction
        // outside brackets, so that roles such as "(Minister of Trade and
        // Industry)" stay whole.
        out.extend(split_conjunctions(&item));
    }
    out
}

fn split_conjunctions(item: &str) -> Vec<String> {
    const CONJUNCTIONS: [&str; 7] = [" and ", " и ", " und ", " i ", " oraz ", " és ", " a "];
    let mut out = Vec::new();
    let mut depth = 0i32;
    let mut start = 0;
    let mut i = 0;
    while i < item.len() {
        let c = item[i..].chars().next().expect("in bounds");
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' => depth -= 1,
            _ => {}
        }
        if depth <= 0 {
            if let Some(conj) = CONJUNCTIONS.iter().find(|cj| item[i..].starts_with(**cj)) {
                out.push(item[start..i].to_string());
                i += conj.len();
                start = i;
                continue;
            }
        }
        i += c.len_utf8();
    }
    out.push(item[start..].to_string());
    out
}

fn participant(item: &str, group: Option<String>, per_line: bool) -> Option<Participant> {
    let mut s = item.trim().trim_end_matches(';').trim().to_string();
    // A closing full stop ends the list, unless it ends an initial ("Н.Г.").
    let initial = s.len() >= 2 && s.ends_with('.') && {
        let before: Vec<char> = s.chars().rev().skip(1).take(2).collect();
        before.first().is_some_and(|c| c.is_uppercase())
            && before.get(1).is_none_or(|c| !c.is_alphabetic())
    };
    if !initial {
        s = s.trim_end_matches('.').trim().to_string();
    }
    for conj in ["and ", "и ", "und ", "i ", "oraz ", "és "] {
        if let Some(rest) = s.strip_prefix(conj) {
            s = rest.trim().to_string();
        }
    }
    let mut role = None;
    if let Some(open) = s.find('(') {
        let close = s.rfind(')').filter(|&c| c > open).unwrap_or(s.len());
        role = Some(s[open + 1..close].trim().to_string()).filter(|r| !r.is_empty());
        s = format!("{}{}", &s[..open], s.get(close + 1..).unwrap_or(""));
    } else if per_line {
        if let Some(comma) = s.find(',') {
            role = Some(s[comma + 1..].trim().to_string()).filter(|r| !r.is_empty());
            s.truncate(comma);
        }
    }
    let mut words: Vec<&str> = s.split_whitespace().collect();
    while words.first().is_some_and(|w| is_honorific(w)) {
        words.remove(0);
    }
    let raw = words.join(" ");
    let mut problems = Vec::new();
    let name = crate::model::inline::plain_text(&parse_inline(&raw, &mut problems));
    let name = name
        .trim_matches(|c: char| !c.is_alphanumeric() && c != '.')
        .to_string();
    if name.is_empty()
        || !name.chars().any(char::is_alphabetic)
        || name.split_whitespace().count() > 8
    {
        return None;
    }
    Some(Participant {
        name,
        role,
        group,
        variants: Vec::new(),
    })
}

/// Parses paragraph text into inline content, opening turns with their stage note.
pub fn turn_content(body: &str, problems: &mut Vec<String>) -> Vec<Inline> {
    match leading_note(body) {
        Some((note, used)) => {
            let mut content = vec![Inline::Mark(Mark {
                kind: MarkKind::Note,
                text: note,
            })];
            let rest = &body[used..];
            if !rest.trim().is_empty() {
                content.push(Inline::Text(" ".into()));
                content.extend(parse_inline(rest.trim_start(), problems));
            }
            content
        }
        None => parse_inline(body, problems),
    }
}

/// A block of a given kind with inline content.
pub fn block(kind: BlockKind, content: Vec<Inline>, line: u32) -> Block {
    Block {
        kind,
        content,
        line,
        ..Block::default()
    }
}

/// A speaker from a label.
pub fn speaker(label: &TurnLabel) -> Speaker {
    Speaker {
        label: label.label.clone(),
        name: label.name.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn name(line: &str) -> Option<(String, String, bool)> {
        turn_label(line).map(|l| (l.name, line[l.body..].to_string(), l.strong))
    }

    #[test]
    fn labels_in_several_conventions() {
        assert_eq!(
            name("Тов. Микоян - Как дела?"),
            Some(("Микоян".into(), "Как дела?".into(), true))
        );
        assert_eq!(
            name("Cde. Cde. Rim Hae - (clarifies) After"),
            Some(("Rim Hae".into(), "(clarifies) After".into(), true))
        );
        assert_eq!(
            name("Cde. Choe Yong-geon - He planned"),
            Some(("Choe Yong-geon".into(), "He planned".into(), true))
        );
        assert_eq!(
            name("MAO ZEDONG: We think"),
            Some(("Mao Zedong".into(), "We think".into(), true))
        );
        assert_eq!(
            name("Genosse Honecker: Wir"),
            Some(("Honecker".into(), "Wir".into(), true))
        );
        assert_eq!(
            name("毛泽东：我们同意"),
            Some(("毛泽东".into(), "我们同意".into(), false))
        );
        assert_eq!(
            name("周恩来同志：好"),
            Some(("周恩来".into(), "好".into(), true))
        );
        assert_eq!(
            name("김일성 동지: 우리는"),
            Some(("김일성".into(), "우리는".into(), true))
        );
        assert_eq!(
            name("○ тов. Микоян. Каменев уже"),
            Some(("Микоян".into(), "Каменев уже".into(), true))
        );
        assert_eq!(
            name("Mikoyan - Yes."),
            Some(("Mikoyan".into(), "Yes.".into(), false))
        );
        assert_eq!(
            name("The Secretary: said"),
            Some(("Secretary".into(), "said".into(), false))
        );
        // A "1" or "0" the OCR read for a letter inside a name.
        assert_eq!(
            name("Genosse U1bricht: Gut."),
            Some(("Ulbricht".into(), "Gut.".into(), true))
        );
        assert_eq!(
            name("Тов. Гр0мыко: Да."),
            Some(("Громыко".into(), "Да.".into(), true))
        );
        assert_eq!(name("Punkt 1: Handel."), None);
        assert_eq!(name("Тов. Х1ан: нет."), None);
    }

    #[test]
    fn the_sections_of_minutes_do_not_speak() {
        let labels = |name: &str| Labels {
            weak: [(name.to_string(), 3)].into_iter().collect(),
            established: 5,
        };
        let mut checked = 0;
        for line in [
            "Beschluss: Die Botschaft wird beauftragt, die Freunde zu informieren.",
            "Постановили: Поручить посольству проинформировать друзей.",
            "Decision: To instruct the embassy to inform the friends.",
            "决定：责成使馆将此决定通知朋友们。",
        ] {
            // Read as a label at all, a section word must not be accepted.
            let name = turn_label(line).map(|l| l.name);
            let Some(name) = name else { continue };
            checked += 1;
            assert_eq!(
                accepted_label(line, &labels(&name)).map(|l| l.name),
                None,
                "{line}"
            );
        }
        assert!(checked >= 3, "only {checked} of the lines read as labels");
        // A recurring plain name still speaks.
        let line = "Ulbricht: Die Botschaft wird beauftragt.";
        assert!(accepted_label(line, &labels("Ulbricht")).is_some());
    }

    #[test]
    fn sentences_are_not_labels() {
        assert_eq!(name("Тов. Ким Ир Сен информировал нашего"), None);
        assert_eq!(
            name("Конференция возникла по следующим трем вопросам:"),
            None
        );
        assert_eq!(name("Во-первых, по вопросу"), None);
        assert_eq!(name("- 2 -"), None);
        assert_eq!(name("Cde. V. Ivanov"), None);
        assert_eq!(name("FROM: Moscow").map(|n| n.2), Some(false));
        assert_eq!(
            name("살림집 건설에 대하여 알려 드리고자 합니다. 이 문제는"),
            None
        );
        assert_eq!(name("Когда Ч. Ким Ир Сен вернулся"), None);
    }

    #[test]
    fn participants_lists() {
        let text = " Cdes. Mikoyan, Mukhitdinov, and Satyukov. The Korean delegation: Choe Yong-geon (Deputy Chairman, leader of the delegation), Ri [Ju-yeon] (Chairman of the Commission), and Ha Ang-cheon (member of the CC).";
        let ps = parse_participants(text, None, false);
        let names: Vec<&str> = ps.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "Mikoyan",
                "Mukhitdinov",
                "Satyukov",
                "Choe Yong-geon",
                "Ri Ju-yeon",
                "Ha Ang-cheon"
            ]
        );
        assert_eq!(ps[3].group.as_deref(), Some("The Korean delegation"));
        assert_eq!(
            ps[3].role.as_deref(),
            Some("Deputy Chairman, leader of the delegation")
        );
        assert_eq!(ps[0].group, None);
    }

    #[test]
    fn markings_and_signatures() {
        assert_eq!(
            classification("Сов. секретно"),
            Some(SecurityLevel::TopSecret)
        );
        assert_eq!(classification("Top Secret"), Some(SecurityLevel::TopSecret));
        assert_eq!(classification("SECRET"), Some(SecurityLevel::Secret));
        assert_eq!(classification("Secretary of State"), None);
        assert_eq!(
            recorded_by("Recorded by V. Kovyshenko"),
            Some("V. Kovyshenko".into())
        );
        assert_eq!(recorded_by("Записал: И. Петров."), Some("И. Петров".into()));
        assert_eq!(
            participants_start("При участии: т.т. Микоян"),
            Some("При участии:".len())
        );
    }

    #[test]
    fn hyphenation_is_mended() {
        assert_eq!(
            join_lines(&["зам. пред-", "седателя ЦК"]),
            "зам. председателя ЦК"
        );
        assert_eq!(join_lines(&["Ким Ир Сен -", "Да"]), "Ким Ир Сен - Да");
    }
}
