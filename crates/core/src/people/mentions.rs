//! What one document says about people: the names it gives and in which
//! role, the pairs of names it says are one person or shows are two, and
//! how much each speaker says.

use std::collections::{BTreeMap, HashMap, HashSet};

use crate::model::{BlockKind, Document, TextRole};
use crate::people::tally::APART;
use fonds_names::key::is_name_like;
use fonds_names::matching::name_match;

/// How a document names a person.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Role {
    Speaker,
    Participant,
    Recorder,
    /// Named in the running text after an honorific.
    Mentioned,
}

impl Role {
    pub const ALL: [Role; 4] = [
        Role::Speaker,
        Role::Participant,
        Role::Recorder,
        Role::Mentioned,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Speaker => "speaker",
            Role::Participant => "participant",
            Role::Recorder => "recorder",
            Role::Mentioned => "mentioned",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == s)
    }
}

/// One name as one document writes it.
#[derive(Debug, Clone, PartialEq)]
pub struct Mention {
    /// The name as written, without honorifics ("Микоян", "Kim Il Sung").
    pub form: String,
    pub role: Role,
    /// The language of the text it stands in, or "und".
    pub lang: String,
    /// Whether it comes from the document's preferred text (an English
    /// translation, else a translation, else the original): archive figures
    /// count turns and words there only, so that a conversation is not
    /// counted twice.
    pub primary: bool,
    /// Turns and words spoken under this name (speakers).
    pub turns: u32,
    pub words: u32,
    /// The participant's role or group as the list gives it.
    pub detail: Option<String>,
}

/// Why a document says two names are one person.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Evidence {
    /// An original turn's label and the speaker of the aligned translation turn.
    Alignment,
    /// The same place in the participants lists of two texts.
    Participants,
    /// Names after honorifics in two aligned turns.
    AlignedNames,
}

impl Evidence {
    pub const ALL: [Evidence; 3] = [
        Evidence::Alignment,
        Evidence::Participants,
        Evidence::AlignedNames,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Evidence::Alignment => "alignment",
            Evidence::Participants => "participants",
            Evidence::AlignedNames => "aligned-names",
        }
    }

    pub fn parse(s: &str) -> Option<Evidence> {
        Evidence::ALL.into_iter().find(|e| e.as_str() == s)
    }

    pub(crate) fn describe(self) -> &'static str {
        match self {
            Evidence::Alignment => "speaker of aligned turns",
            Evidence::Participants => "same place in the participants lists",
            Evidence::AlignedNames => "named in aligned turns",
        }
    }
}

/// Two names one document gives for one person.
#[derive(Debug, Clone, PartialEq)]
pub struct FormLink {
    pub a: String,
    pub b: String,
    pub evidence: Evidence,
}

/// What one document says about people.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DocPeople {
    pub mentions: Vec<Mention>,
    pub links: Vec<FormLink>,
    /// Names the document shows are different persons: the speakers of its
    /// preferred text, who talk to each other, and the people of one
    /// participants list.
    pub apart: Vec<(String, String)>,
}

impl DocPeople {
    /// The document's links as rows: (name, name, evidence), the names kept
    /// apart with the evidence [`APART`].
    pub fn link_rows(&self) -> impl Iterator<Item = (&str, &str, &str)> {
        self.links
            .iter()
            .map(|l| (l.a.as_str(), l.b.as_str(), l.evidence.as_str()))
            .chain(
                self.apart
                    .iter()
                    .map(|(a, b)| (a.as_str(), b.as_str(), APART)),
            )
    }
}

/// The most names of one list (the speakers of a text, the people of a
/// participants list) whose every pair is kept apart: a list of n names
/// gives n(n-1)/2 pairs. Real lists have a few dozen names.
pub const MAX_APART_NAMES: usize = 64;

/// The most names of each of two aligned turns that are compared pairwise.
const MAX_PAIRED_NAMES: usize = 16;

/// The most comparisons of names of aligned turns one document makes; the
/// turns after them are not paired by name.
const MAX_NAME_COMPARISONS: usize = 20_000;

/// The most distinct names a document gives in one role and language; the
/// others are not counted. Real documents give dozens.
pub const MAX_NAMES_PER_ROLE: usize = 1_000;

/// One speaker's share of one text.
#[derive(Debug, Clone, PartialEq)]
pub struct SpeakerShare {
    /// The speaker's name: for an original, the one its translation gives.
    pub name: String,
    /// The labels the text wrote for this speaker, as found.
    pub labels: Vec<String>,
    pub turns: u32,
    pub words: u32,
    /// The share of the text's spoken words, 0 to 1.
    pub share: f32,
}

/// The speakers of one text.
#[derive(Debug, Clone, PartialEq)]
pub struct TextSpeakers {
    /// Index in [`Document::texts`].
    pub text: usize,
    pub role: TextRole,
    pub language: String,
    /// Words spoken in turns, by all speakers.
    pub words: u32,
    /// Most words first.
    pub speakers: Vec<SpeakerShare>,
}

/// Words in a stretch of text: words between spaces, and each Han character
/// on its own, since Chinese is written without spaces.
pub fn word_count(text: &str) -> u32 {
    let mut n = 0u32;
    for w in text.split_whitespace() {
        let han = w.chars().filter(|c| is_han(*c)).count() as u32;
        if han > 0 {
            n += han + u32::from(w.chars().any(|c| c.is_alphanumeric() && !is_han(c)));
        } else if w.chars().any(char::is_alphanumeric) {
            n += 1;
        }
    }
    n
}

fn is_han(c: char) -> bool {
    matches!(c as u32, 0x4E00..=0x9FFF | 0x3400..=0x4DBF)
}

/// The speaker of every turn of text `ti` as [`crate::model::Text::turns`]
/// counts them, each with the label written and the turn's words (its
/// continuations included): for an original the name the alignment takes
/// from the translation where there is one.
fn turns_of(doc: &Document, ti: usize) -> Vec<(String, String, u32)> {
    let t = &doc.texts[ti];
    let mut out: Vec<(String, String, u32)> = Vec::new();
    let mut open = false;
    for (b, name) in t.blocks().zip(crate::align::block_speakers(doc, ti)) {
        if b.kind != BlockKind::Turn {
            open = false;
            continue;
        }
        let words = word_count(&b.reading_text());
        if b.continued {
            if let (true, Some(last)) = (open, out.last_mut()) {
                last.2 += words;
            }
            continue;
        }
        let label = b
            .speaker
            .as_ref()
            .map(|s| s.name.clone())
            .unwrap_or_default();
        out.push((
            name.map_or_else(|| label.clone(), str::to_string),
            label,
            words,
        ));
        open = true;
    }
    out
}

/// Turns, words and share per speaker in every text that has turns.
pub fn speaker_shares(doc: &Document) -> Vec<TextSpeakers> {
    let mut out = Vec::new();
    for (ti, t) in doc.texts.iter().enumerate() {
        let turns = turns_of(doc, ti);
        if turns.is_empty() {
            continue;
        }
        let total: u32 = turns.iter().map(|x| x.2).sum();
        let mut by: Vec<SpeakerShare> = Vec::new();
        let mut index: HashMap<String, usize> = HashMap::new();
        let mut labelled: HashSet<(usize, String)> = HashSet::new();
        for (name, label, words) in turns {
            if name.is_empty() {
                continue;
            }
            let i = *index.entry(name.clone()).or_insert_with(|| {
                by.push(SpeakerShare {
                    name,
                    labels: Vec::new(),
                    turns: 0,
                    words: 0,
                    share: 0.0,
                });
                by.len() - 1
            });
            let s = &mut by[i];
            s.turns += 1;
            s.words += words;
            if !label.is_empty() && labelled.insert((i, label.clone())) {
                s.labels.push(label);
            }
        }
        for s in &mut by {
            s.share = if total > 0 {
                s.words as f32 / total as f32
            } else {
                0.0
            };
        }
        by.sort_by(|a, b| b.words.cmp(&a.words).then_with(|| a.name.cmp(&b.name)));
        out.push(TextSpeakers {
            text: ti,
            role: t.role,
            language: t.language.code().to_string(),
            words: total,
            speakers: by,
        });
    }
    out
}

/// Words that introduce a person's name in running text, lowercased.
const HONORIFICS: &[&str] = &[
    // Russian
    "т.",
    "тов.",
    "товарищ",
    "товарища",
    "товарищу",
    "товарищем",
    "товарищи",
    "т.т.",
    "тт.",
    "господин",
    "господина",
    "г-н",
    "маршал",
    "маршала",
    "генерал",
    "генерала",
    "посол",
    "посла",
    "премьер",
    // English
    "cde.",
    "cdes.",
    "comrade",
    "comrades",
    "mr.",
    "mrs.",
    "ms.",
    "dr.",
    "general",
    "marshal",
    "premier",
    "chairman",
    "president",
    "ambassador",
    "minister",
    "secretary",
    // German
    "genosse",
    "genossen",
    "genossin",
    "herr",
    "herrn",
    "frau",
    "botschafter",
    // French
    "m.",
    "mme",
    "camarade",
    "général",
    "maréchal",
    "président",
];

/// Ranks and forms of address that stand before a name in a list or a
/// label ("Gen. Bliss", "Col. George H. Emerson", "Sir Edward Grey"),
/// besides the [`HONORIFICS`]; lowercased.
const RANKS: &[&str] = &[
    "gen.",
    "col.",
    "colonel",
    "capt.",
    "captain",
    "lt.",
    "lieut.",
    "lieutenant",
    "maj.",
    "major",
    "adm.",
    "admiral",
    "cmdr.",
    "commander",
    "sgt.",
    "prof.",
    "professor",
    "sir",
    "lord",
    "lady",
    "hon.",
    "sen.",
    "senator",
    "rep.",
    "gov.",
    "governor",
    "judge",
    "count",
    "baron",
    "prince",
    "messrs.",
    "doctor",
    "полковник",
    "полковника",
    "профессор",
    "академик",
    "prof",
    "dr",
    "tow.",
    "towarzysz",
    "generał",
    "pułkownik",
    "the",
    "his",
    "her",
    "honorable",
    "honourable",
    "excellency",
    "me.",
    "maître",
];

/// Words of a title that follow its first word and are not a name
/// ("Minister Resident", "Envoy Extraordinary", "Minister Plenipotentiary",
/// "Secretary General"); lowercased.
const TITLE_WORDS: &[&str] = &[
    "resident",
    "plenipotentiary",
    "extraordinary",
    "designate",
    "general",
    "ad",
    "interim",
    "emeritus",
    "elect",
];

/// Whether a word is a title or a form of address, not a name.
fn is_title(word: &str) -> bool {
    let lower = word.to_lowercase();
    let lower = lower.trim_end_matches([',', ':']);
    HONORIFICS.contains(&lower) || RANKS.contains(&lower) || TITLE_WORDS.contains(&lower)
}

/// A name without the titles and forms of address before it ("Mr. Lansing"
/// is Lansing, "Gen. Tasker H. Bliss" is Tasker H. Bliss); empty when it is
/// all titles.
pub fn without_titles(name: &str) -> String {
    let words: Vec<&str> = name.split_whitespace().collect();
    let first = words
        .iter()
        .position(|w| !is_title(w))
        .unwrap_or(words.len());
    words[first..].join(" ")
}

/// Names in a stretch of running text: up to three capitalised words after
/// an honorific ("т. Ким Ир Сен", "Cde. Kim Il Sung", "Genosse Ulbricht"),
/// initials included ("A. I. Mikoyan"), and Chinese and Korean names before
/// their word for comrade ("毛泽东同志", "김일성 동지").
pub fn names_in_text(text: &str) -> Vec<String> {
    let words: Vec<&str> = text.split_whitespace().collect();
    let mut out: Vec<String> = Vec::new();
    let mut seen: HashSet<String> = HashSet::new();
    let mut push = |name: String, out: &mut Vec<String>| {
        if name.chars().filter(|c| c.is_alphabetic()).count() >= 2 && seen.insert(name.clone()) {
            out.push(name);
        }
    };
    let mut i = 0;
    while i < words.len() {
        let w = words[i].trim_start_matches(['(', '«', '"', '„', '“']);
        let lower = w.to_lowercase();
        if HONORIFICS.contains(&lower.as_str()) {
            let mut name: Vec<&str> = Vec::new();
            let mut full_words = 0;
            let mut j = i + 1;
            while j < words.len() && full_words < 3 {
                let raw = words[j];
                let clean = raw.trim_end_matches([',', ';', ':', '?', '!', ')', '»', '"', '”']);
                let word = clean.trim_end_matches('.');
                let word = word
                    .strip_suffix("'s")
                    .or_else(|| word.strip_suffix("’s"))
                    .unwrap_or(word);
                // Acronyms (ЦК, KWP) are bodies, not people.
                let acronym = word.chars().count() <= 4
                    && word.chars().count() >= 2
                    && word.chars().all(|c| c.is_uppercase());
                if !is_name_like(word) || acronym || word.chars().any(|c| c.is_ascii_digit()) {
                    break;
                }
                // An honorific again ("т. т. Микоян"), a second title or
                // the rest of one ("Minister Resident").
                if is_title(clean) && name.is_empty() {
                    j += 1;
                    continue;
                }
                let initial = word.chars().count() == 1;
                name.push(if initial { clean } else { word });
                let possessive = word.len() != clean.trim_end_matches('.').len();
                if !initial {
                    full_words += 1;
                }
                j += 1;
                // Punctuation after a word ends the name, except an initial's point.
                if possessive || clean.len() != raw.len() || (clean.ends_with('.') && !initial) {
                    break;
                }
            }
            if full_words > 0 {
                push(name.join(" "), &mut out);
            }
            i = j.max(i + 1);
            continue;
        }
        // 毛泽东同志, 김일성 동지: the name stands before the word.
        for (suffix, attached) in [("同志", true), ("동지", false)] {
            if attached {
                if let Some(pos) = w.find(suffix) {
                    let before: String = w[..pos]
                        .chars()
                        .rev()
                        .take_while(|c| is_han(*c))
                        .take(3)
                        .collect::<Vec<_>>()
                        .into_iter()
                        .rev()
                        .collect();
                    if before.chars().count() >= 2 {
                        push(before, &mut out);
                    }
                }
            } else if w.starts_with(suffix) && i > 0 {
                let prev = words[i - 1].trim_matches(|c: char| !c.is_alphanumeric());
                if prev.chars().count() >= 2
                    && prev.chars().all(|c| matches!(c as u32, 0xAC00..=0xD7AF))
                {
                    push(prev.to_string(), &mut out);
                }
            }
        }
        i += 1;
    }
    out
}

/// The index of the text whose figures count: an English translation, else
/// a translation, else the original.
fn preferred_text(doc: &Document) -> Option<usize> {
    let translations = || {
        doc.texts
            .iter()
            .enumerate()
            .filter(|(_, t)| t.role == TextRole::Translation)
    };
    translations()
        .find(|(_, t)| t.language.code() == "en")
        .or_else(|| translations().next())
        .map(|(i, _)| i)
        .or_else(|| doc.texts.iter().position(|t| t.role == TextRole::Original))
}

/// Every name one document gives and the pairs it says are one person.
pub fn document_people(doc: &Document) -> DocPeople {
    let mut out = DocPeople::default();
    let primary = preferred_text(doc);
    // Where each (form, role, language) stands in the mentions, and the links made.
    let mut mentioned: HashMap<(String, Role, String), usize> = HashMap::new();
    let mut per_role: HashMap<(Role, String), usize> = HashMap::new();
    let mut add = |out: &mut DocPeople, m: Mention| {
        if m.form.trim().is_empty() {
            return;
        }
        let key = (m.form.clone(), m.role, m.lang.clone());
        if !mentioned.contains_key(&key) {
            let n = per_role.entry((m.role, m.lang.clone())).or_default();
            if *n >= MAX_NAMES_PER_ROLE {
                return;
            }
            *n += 1;
        }
        match mentioned.entry(key) {
            std::collections::hash_map::Entry::Occupied(e) => {
                let x = &mut out.mentions[*e.get()];
                x.turns += m.turns;
                x.words += m.words;
                x.primary |= m.primary;
            }
            std::collections::hash_map::Entry::Vacant(e) => {
                e.insert(out.mentions.len());
                out.mentions.push(m);
            }
        }
    };
    let mut linked: HashSet<(String, String, Evidence)> = HashSet::new();
    let mut link = |out: &mut DocPeople, a: &str, b: &str, evidence: Evidence| {
        if a.is_empty() || b.is_empty() || a == b {
            return;
        }
        let (a, b) = if a < b { (a, b) } else { (b, a) };
        if linked.insert((a.to_string(), b.to_string(), evidence)) {
            out.links.push(FormLink {
                a: a.to_string(),
                b: b.to_string(),
                evidence,
            });
        }
    };
    // Every text's turns, read once; and for each, whose labels spell the
    // names the alignment gave their turns.
    let all_turns: Vec<Vec<(String, String, u32)>> =
        (0..doc.texts.len()).map(|ti| turns_of(doc, ti)).collect();
    let mut spelling: Vec<Spelling> = all_turns.iter().map(|t| Spelling::new(doc, t)).collect();
    let mut turn_names: Vec<Vec<Vec<String>>> = Vec::with_capacity(doc.texts.len());
    for (ti, t) in doc.texts.iter().enumerate() {
        let lang = t.language.code().to_string();
        // Speakers by their labels, as the text writes them. A label the
        // alignment resolved to a speaker whose name it does not spell
        // ("Николай" for Mikoyan, an OCR garbling) counts the turn for that
        // speaker, and is no name of theirs: it is evidence for the turn, not
        // for the name.
        for (speaker, label, words) in &all_turns[ti] {
            let form = if speaker == label || spelling[ti].spells(label, speaker) {
                label
            } else {
                speaker
            };
            add(
                &mut out,
                Mention {
                    form: form.clone(),
                    role: Role::Speaker,
                    lang: lang.clone(),
                    primary: Some(ti) == primary,
                    turns: 1,
                    words: *words,
                    detail: None,
                },
            );
        }
        // Names after honorifics in the running text, kept per turn for the
        // pairing of aligned turns below.
        let mut names_of_turns = Vec::new();
        for b in t.blocks() {
            let names = names_in_text(&b.reading_text());
            if b.kind == BlockKind::Turn && !b.continued {
                names_of_turns.push(names.clone());
            }
            for name in names {
                add(
                    &mut out,
                    Mention {
                        form: name,
                        role: Role::Mentioned,
                        lang: lang.clone(),
                        primary: Some(ti) == primary,
                        turns: 0,
                        words: 0,
                        detail: None,
                    },
                );
            }
        }
        turn_names.push(names_of_turns);
    }
    for p in &doc.participants {
        let detail = match (&p.role, &p.group) {
            (Some(r), _) => Some(r.clone()),
            (None, Some(g)) => Some(g.clone()),
            _ => None,
        };
        // Linked by the name alone: "Mr. Lansing" of a list is the
        // Lansing of the text.
        for form in std::iter::once(&p.name).chain(&p.variants) {
            add(
                &mut out,
                Mention {
                    form: without_titles(form),
                    role: Role::Participant,
                    lang: "und".into(),
                    primary: form == &p.name,
                    turns: 0,
                    words: 0,
                    detail: detail.clone(),
                },
            );
        }
        for v in &p.variants {
            link(
                &mut out,
                &without_titles(&p.name),
                &without_titles(v),
                Evidence::Participants,
            );
        }
    }
    for r in &doc.recorded_by {
        add(
            &mut out,
            Mention {
                form: without_titles(r),
                role: Role::Recorder,
                lang: "und".into(),
                primary: true,
                turns: 0,
                words: 0,
                detail: None,
            },
        );
    }
    // Different speakers of one text and different people of one list are
    // different persons: the most speaking speakers and the first people
    // listed, so that the pairs stay few.
    let mut distinct: Vec<Vec<String>> = Vec::new();
    if let Some(p) = primary {
        let mut turns: HashMap<String, (usize, usize)> = HashMap::new();
        for (at, (_, label, _)) in all_turns[p].iter().enumerate() {
            if !label.is_empty() {
                turns.entry(label.clone()).or_insert((0, at)).0 += 1;
            }
        }
        let mut names: Vec<(String, (usize, usize))> = turns.into_iter().collect();
        if names.len() > MAX_APART_NAMES {
            names.sort_by_key(|(_, (n, first))| (std::cmp::Reverse(*n), *first));
            names.truncate(MAX_APART_NAMES);
        }
        let mut names: Vec<String> = names.into_iter().map(|(name, _)| name).collect();
        names.sort();
        distinct.push(names);
    }
    let mut seen: HashSet<String> = HashSet::new();
    let mut listed: Vec<String> = doc
        .participants
        .iter()
        .map(|p| without_titles(&p.name))
        .filter(|name| !name.is_empty() && seen.insert(name.clone()))
        .take(MAX_APART_NAMES)
        .collect();
    listed.sort();
    distinct.push(listed);
    for names in distinct {
        let names: Vec<&String> = names.iter().filter(|n| !n.is_empty()).collect();
        for (i, a) in names.iter().enumerate() {
            for b in &names[i + 1..] {
                if name_match(a, b).is_none() {
                    out.apart.push(((*a).clone(), (*b).clone()));
                }
            }
        }
    }
    // What the alignments say: a label and its translation's speaker, and
    // the names after honorifics in aligned turns.
    let mut comparisons = MAX_NAME_COMPARISONS;
    for a in &doc.alignments {
        let mut speakers: BTreeMap<&str, BTreeMap<&str, u32>> = BTreeMap::new();
        let (o, t) = (&doc.texts[a.original], &doc.texts[a.translation]);
        let o_turns: Vec<_> = o.turns().collect();
        let t_turns: Vec<_> = t.turns().collect();
        let none = Vec::new();
        let names = |text: usize, turn: usize| turn_names[text].get(turn).unwrap_or(&none);
        for l in &a.links {
            let (Some(oi), Some(tj)) = (l.original, l.translation) else {
                continue;
            };
            if l.confidence < crate::align::UNSURE {
                continue;
            }
            let (Some(ob), Some(tb)) = (o_turns.get(oi), t_turns.get(tj)) else {
                continue;
            };
            if let (Some(os), Some(ts)) = (&ob.speaker, &tb.speaker) {
                *speakers
                    .entry(os.name.as_str())
                    .or_default()
                    .entry(ts.name.as_str())
                    .or_default() += 1;
            }
            let (on, tn) = (names(a.original, oi), names(a.translation, tj));
            let cost = on.len().min(MAX_PAIRED_NAMES) * tn.len().min(MAX_PAIRED_NAMES);
            if cost > comparisons {
                continue;
            }
            comparisons -= cost;
            for (x, y) in pair_names(on, tn) {
                link(&mut out, x, y, Evidence::AlignedNames);
            }
        }
        // A label stands for the speaker it was aligned with at least two
        // times in three; a label split between speakers links to none.
        for (label, to) in speakers {
            let total: u32 = to.values().sum();
            if let Some((name, n)) = to
                .into_iter()
                .max_by_key(|&(name, n)| (n, std::cmp::Reverse(name)))
            {
                if 3 * n >= 2 * total && spelling[a.original].spells(label, name) {
                    link(&mut out, label, name, Evidence::Alignment);
                }
            }
        }
    }
    out
}

/// Whether the labels of one text's turns plausibly write the names of the
/// speakers the alignment gave the turns: the same name in any script or
/// system, or a spelling OCR could have made of it, of that name, of the
/// same person's name in the other participants list ("Цай Ен Зен" of "Чой
/// Ен Ген", listed beside Choe Yong-geon) or of another label of the text
/// that spells the name. A label in Han or Hangul for a name in an alphabet
/// is taken as written: the matcher reads Chinese and Korean names in every
/// system, but not a foreign name transcribed in characters (科兹洛夫 for
/// Kozlov). Each (label, name) pair is judged once, and at most
/// [`MAX_PAIRED_NAMES`] labels of a speaker stand for their name, so that a
/// document of many turns costs comparisons in proportion to its distinct
/// labels.
struct Spelling<'a> {
    doc: &'a Document,
    /// Per speaker, labels of their turns that spell their name.
    spellers: HashMap<&'a str, Vec<&'a str>>,
    judged: HashMap<(String, String), bool>,
}

impl<'a> Spelling<'a> {
    fn new(doc: &'a Document, turns: &'a [(String, String, u32)]) -> Spelling<'a> {
        let mut spellers: HashMap<&str, Vec<&str>> = HashMap::new();
        let mut seen: HashSet<(&str, &str)> = HashSet::new();
        for (speaker, label, _) in turns {
            if speaker == label || !seen.insert((speaker, label)) {
                continue;
            }
            let spelling = spellers.entry(speaker).or_default();
            if spelling.len() < MAX_PAIRED_NAMES && name_match(label, speaker).is_some() {
                spelling.push(label);
            }
        }
        Spelling {
            doc,
            spellers,
            judged: HashMap::new(),
        }
    }

    fn spells(&mut self, label: &str, name: &str) -> bool {
        let key = (label.to_string(), name.to_string());
        if let Some(&judged) = self.judged.get(&key) {
            return judged;
        }
        let judged = self.judge(label, name);
        self.judged.insert(key, judged);
        judged
    }

    fn judge(&self, label: &str, name: &str) -> bool {
        use fonds_names::script::{Script, ScriptCounts};
        let dominant = |s: &str| ScriptCounts::of(s).dominant();
        if matches!(
            dominant(label),
            Some(Script::Han | Script::Hangul | Script::Kana)
        ) && matches!(dominant(name), Some(Script::Latin | Script::Cyrillic))
        {
            return true;
        }
        let listed = self
            .doc
            .participants
            .iter()
            .filter(|p| p.name == name || p.variants.iter().any(|v| v == name))
            .flat_map(|p| std::iter::once(&p.name).chain(&p.variants))
            .map(String::as_str);
        let others = self.spellers.get(name).into_iter().flatten().copied();
        std::iter::once(name)
            .chain(listed)
            .chain(others.filter(|o| *o != label))
            .any(|n| name_match(label, n).is_some())
    }
}

/// Pairs the names of two aligned turns (the first [`MAX_PAIRED_NAMES`] of
/// each): first the pairs whose spellings match ([`name_match`]), best
/// first; then, when one name is left on each side, those two.
fn pair_names<'a>(a: &'a [String], b: &'a [String]) -> Vec<(&'a str, &'a str)> {
    let (a, b) = (
        &a[..a.len().min(MAX_PAIRED_NAMES)],
        &b[..b.len().min(MAX_PAIRED_NAMES)],
    );
    let mut candidates: Vec<(f32, usize, usize)> = Vec::new();
    for (i, x) in a.iter().enumerate() {
        for (j, y) in b.iter().enumerate() {
            if let Some(m) = name_match(x, y) {
                if m.score >= 0.8 {
                    candidates.push((m.score, i, j));
                }
            }
        }
    }
    candidates.sort_by(|x, y| y.0.total_cmp(&x.0));
    let (mut used_a, mut used_b) = (vec![false; a.len()], vec![false; b.len()]);
    let mut out = Vec::new();
    for (_, i, j) in candidates {
        if !used_a[i] && !used_b[j] {
            used_a[i] = true;
            used_b[j] = true;
            out.push((a[i].as_str(), b[j].as_str()));
        }
    }
    let left_a: Vec<usize> = (0..a.len()).filter(|i| !used_a[*i]).collect();
    let left_b: Vec<usize> = (0..b.len()).filter(|j| !used_b[*j]).collect();
    if left_a.len() == 1 && left_b.len() == 1 && a.len() == b.len() {
        out.push((a[left_a[0]].as_str(), b[left_b[0]].as_str()));
    }
    out
}
