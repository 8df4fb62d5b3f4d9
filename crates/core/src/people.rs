//! People: who a document names and how much each speaker says, and the
//! linking of the names of an archive into persons across documents,
//! scripts, romanizations and OCR damage.
//!
//! Two stages. [`document_people`] reads one document: every name it gives
//! (speakers, participants, recorders, and names after an honorific in the
//! text, "т. Ким Ир Сен", "Cde. Kim Il Sung"), and the pairs of names the
//! document itself says are one person: a turn's label and the speaker of the
//! translation turn aligned with it (so the OCR's "Мамонин" is Mikoyan), a
//! participant and the same place in the other text's list, and the names
//! after honorifics in two aligned turns. [`link`] then joins the names of a
//! whole archive into persons, from those pairs, from shared name keys
//! across scripts and systems ([`fonds_names::matching`]) and from OCR-close
//! spellings, under the editors' decisions, and says for every name why it
//! joined. A name that could belong to several persons (a bare "Kim") is
//! flagged, never forced.
//!
//! What one document gives is bounded whatever it holds: names are counted
//! through hash tables, not lists searched for each name, and the pairs of
//! names a document keeps apart are made among its [`MAX_APART_NAMES`] most
//! speaking speakers and first participants only, since every pair of a
//! list costs a comparison and a row; at most [`MAX_NAMES_PER_ROLE`] names
//! are counted per role and language.
//!
//! The module is pure: it reads values and returns values.

use std::collections::{BTreeMap, HashMap, HashSet};

use crate::model::{BlockKind, Document, TextRole};
use fonds_names::key::is_name_like;
use fonds_names::matching::{name_match, person_keys, surname_keys};

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

    fn describe(self) -> &'static str {
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
                // An honorific again ("т. т. Микоян") or a second title.
                if HONORIFICS.contains(&clean.to_lowercase().as_str()) && name.is_empty() {
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
    let mut turn_names: Vec<Vec<Vec<String>>> = Vec::with_capacity(doc.texts.len());
    for (ti, t) in doc.texts.iter().enumerate() {
        let lang = t.language.code().to_string();
        // Speakers by their labels, as the text writes them.
        let t_turns = turns_of(doc, ti);
        for (_, label, words) in &t_turns {
            add(
                &mut out,
                Mention {
                    form: label.clone(),
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
        for form in std::iter::once(&p.name).chain(&p.variants) {
            add(
                &mut out,
                Mention {
                    form: form.clone(),
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
            link(&mut out, &p.name, v, Evidence::Participants);
        }
    }
    for r in &doc.recorded_by {
        add(
            &mut out,
            Mention {
                form: r.clone(),
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
        for (at, (_, label, _)) in turns_of(doc, p).into_iter().enumerate() {
            if !label.is_empty() {
                turns.entry(label).or_insert((0, at)).0 += 1;
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
    let mut seen: HashSet<&str> = HashSet::new();
    let mut listed: Vec<String> = doc
        .participants
        .iter()
        .filter(|p| !p.name.is_empty() && seen.insert(p.name.as_str()))
        .take(MAX_APART_NAMES)
        .map(|p| p.name.clone())
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
                if 3 * n >= 2 * total {
                    link(&mut out, label, name, Evidence::Alignment);
                }
            }
        }
    }
    out
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

/// The words of a name that are more than initials ("A. I. Mikoyan" has one).
fn full_words(name: &str) -> usize {
    name.split_whitespace()
        .filter(|w| {
            w.split('.')
                .any(|part| part.chars().filter(|c| c.is_alphabetic()).count() > 1)
        })
        .count()
}

/// What the archive holds of one name, for linking.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FormInfo {
    pub form: String,
    /// Documents naming it.
    pub docs: u32,
    /// Documents naming it in a preferred text (a translation where there is one).
    pub primary_docs: u32,
    pub roles: Vec<Role>,
}

/// A pair of names and the documents that say they are one person.
#[derive(Debug, Clone, PartialEq)]
pub struct LinkCount {
    pub a: String,
    pub b: String,
    pub evidence: Evidence,
    pub docs: u32,
}

/// An editor's decision, applied at every linking, in the order made.
#[derive(Debug, Clone, PartialEq)]
pub enum Decision {
    /// The persons of these two names are one.
    Merge { a: String, b: String },
    /// These two names are not one person.
    Split { a: String, b: String },
    /// The person of this name is called so.
    Name { form: String, name: String },
}

/// A person: a preferred name and every name that stands for them.
#[derive(Debug, Clone, PartialEq)]
pub struct Person {
    /// A stable identifier made from the preferred name ("kim-il-sung").
    pub id: String,
    pub name: String,
    pub forms: Vec<PersonForm>,
    /// What an editor should look at: names that could be someone else too.
    pub notes: Vec<String>,
}

/// One name of a person and why it was linked.
#[derive(Debug, Clone, PartialEq)]
pub struct PersonForm {
    pub form: String,
    pub docs: u32,
    /// Why this name is this person's ("same key (Pinyin = Wade-Giles) as Mao Zedong").
    pub why: String,
}

/// Union-find over names, with the names each cluster must not take in.
struct Clusters {
    parent: Vec<usize>,
    /// Per root: the number of names in its cluster.
    size: Vec<usize>,
    /// Per root: names that must stay out of its cluster.
    apart: Vec<Vec<usize>>,
}

impl Clusters {
    fn new(n: usize) -> Clusters {
        Clusters {
            parent: (0..n).collect(),
            size: vec![1; n],
            apart: vec![Vec::new(); n],
        }
    }

    fn find(&mut self, mut x: usize) -> usize {
        while self.parent[x] != x {
            self.parent[x] = self.parent[self.parent[x]];
            x = self.parent[x];
        }
        x
    }

    fn keep_apart(&mut self, a: usize, b: usize) {
        let (ra, rb) = (self.find(a), self.find(b));
        self.apart[ra].push(b);
        self.apart[rb].push(a);
    }

    fn forget_apart(&mut self, a: usize, b: usize) {
        for set in &mut self.apart {
            if set.contains(&a) || set.contains(&b) {
                set.retain(|&x| x != a && x != b);
            }
        }
    }

    /// Joins the clusters of `a` and `b` unless a name kept out of one is in
    /// the other; returns whether they are one now.
    fn join(&mut self, a: usize, b: usize) -> bool {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra == rb {
            return true;
        }
        let (small, large) = if self.apart[ra].len() <= self.apart[rb].len() {
            (ra, rb)
        } else {
            (rb, ra)
        };
        let conflicts = |c: &mut Clusters, from: usize, other: usize| {
            let set = c.apart[from].clone();
            set.into_iter().any(|x| c.find(x) == other)
        };
        if conflicts(self, small, large) || conflicts(self, large, small) {
            return false;
        }
        let moved = std::mem::take(&mut self.apart[small]);
        self.apart[large].extend(moved);
        self.parent[small] = large;
        self.size[large] += self.size[small];
        true
    }
}

/// Joins the names of an archive into persons. `forms` are every name with
/// its counts, `links` the pairs documents give, `decisions` the editors'.
pub fn link(
    forms: &[FormInfo],
    links: &[LinkCount],
    apart: &[(String, String)],
    decisions: &[Decision],
) -> Vec<Person> {
    let index: HashMap<&str, usize> = forms
        .iter()
        .enumerate()
        .map(|(i, f)| (f.form.as_str(), i))
        .collect();
    let n = forms.len();
    let mut c = Clusters::new(n);
    for (a, b) in apart {
        if let (Some(&x), Some(&y)) = (index.get(a.as_str()), index.get(b.as_str())) {
            c.keep_apart(x, y);
        }
    }
    let mut why: Vec<Option<String>> = vec![None; n];
    let because = |why: &mut Vec<Option<String>>, a: usize, b: usize, reason: String| {
        // The name that joins is the rarer one; it carries the reason.
        let (joiner, other) =
            if forms[a].docs < forms[b].docs || (forms[a].docs == forms[b].docs && a > b) {
                (a, b)
            } else {
                (b, a)
            };
        if why[joiner].is_none() {
            why[joiner] = Some(format!("{reason}: {}", forms[other].form));
        } else if why[other].is_none() {
            why[other] = Some(format!("{reason}: {}", forms[joiner].form));
        }
    };

    // The editors' decisions come first and bind everything after them; a
    // later decision overrides an earlier one about the same two names.
    let mut names: Vec<(usize, String)> = Vec::new();
    let mut merges: Vec<(usize, usize)> = Vec::new();
    for d in decisions {
        match d {
            Decision::Merge { a, b } => {
                if let (Some(&x), Some(&y)) = (index.get(a.as_str()), index.get(b.as_str())) {
                    c.forget_apart(x, y);
                    merges.retain(|&(p, q)| !((p == x && q == y) || (p == y && q == x)));
                    merges.push((x, y));
                }
            }
            Decision::Split { a, b } => {
                if let (Some(&x), Some(&y)) = (index.get(a.as_str()), index.get(b.as_str())) {
                    merges.retain(|&(p, q)| !((p == x && q == y) || (p == y && q == x)));
                    c.keep_apart(x, y);
                }
            }
            Decision::Name { form, name } => {
                if let Some(&x) = index.get(form.as_str()) {
                    names.push((x, name.clone()));
                }
            }
        }
    }
    for &(x, y) in &merges {
        if c.join(x, y) {
            because(&mut why, x, y, "merged by an editor with".into());
        }
    }

    // What documents say, the best attested first.
    let mut said: Vec<&LinkCount> = links.iter().collect();
    said.sort_by(|a, b| b.docs.cmp(&a.docs).then_with(|| a.a.cmp(&b.a)));
    for l in said {
        if let (Some(&x), Some(&y)) = (index.get(l.a.as_str()), index.get(l.b.as_str())) {
            if c.join(x, y) {
                let docs = if l.docs == 1 {
                    "1 document".to_string()
                } else {
                    format!("{} documents", l.docs)
                };
                because(
                    &mut why,
                    x,
                    y,
                    format!("{} ({docs}) with", l.evidence.describe()),
                );
            }
        }
    }

    // Shared name keys across scripts and systems: full names with full
    // names; a bare surname only where one person can have it.
    let mut by_key: HashMap<String, Vec<usize>> = HashMap::new();
    let mut by_surname: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, f) in forms.iter().enumerate() {
        for k in person_keys(&f.form) {
            by_key.entry(k).or_default().push(i);
        }
        for k in surname_keys(&f.form) {
            by_surname.entry(k).or_default().push(i);
        }
    }
    let mut bare: Vec<(usize, String)> = Vec::new();
    let mut keys: Vec<(&String, &Vec<usize>)> = by_key.iter().collect();
    keys.sort();
    for (_, members) in keys {
        for (p, &x) in members.iter().enumerate() {
            for &y in &members[p + 1..] {
                let Some(m) = name_match(&forms[x].form, &forms[y].form) else {
                    continue;
                };
                if m.why.contains("surname only") {
                    continue;
                }
                if m.score >= 0.85 && c.join(x, y) {
                    because(&mut why, x, y, m.why.clone() + " as");
                }
            }
        }
    }
    // Bare surnames ("Kim", "Микоян"): joined to the one person whose full
    // names carry that surname, flagged where several do.
    let mut notes: HashMap<usize, Vec<String>> = HashMap::new();
    let mut members: HashMap<usize, Vec<usize>> = HashMap::new();
    for x in 0..n {
        let r = c.find(x);
        members.entry(r).or_default().push(x);
    }
    for (x, f) in forms.iter().enumerate() {
        // A surname alone, or with initials only ("Микояна А.И.").
        if full_words(&f.form) != 1 {
            continue;
        }
        // Already with a fuller name of this surname: the documents said
        // whose surname it is.
        let rx = c.find(x);
        let words = f.form.split_whitespace().count();
        if members.get(&rx).into_iter().flatten().any(|&y| {
            y != x
                && forms[y].form.split_whitespace().count() > words
                && name_match(&f.form, &forms[y].form).is_some()
        }) {
            continue;
        }
        let mut candidates: Vec<usize> = Vec::new();
        for k in person_keys(&f.form) {
            let full = by_surname.get(&k).into_iter().flatten();
            for &y in full.chain(by_key.get(&k).into_iter().flatten()) {
                if y == x || forms[y].form.split_whitespace().count() <= words {
                    continue;
                }
                let ry = c.find(y);
                if c.find(x) != ry && !candidates.iter().any(|&z| c.find(z) == ry) {
                    candidates.push(y);
                }
            }
        }
        match candidates.len() {
            0 => {}
            1 => {
                if c.join(x, candidates[0]) {
                    because(&mut why, x, candidates[0], "same surname as".into());
                }
            }
            _ => bare.push((
                x,
                candidates
                    .iter()
                    .map(|&y| forms[y].form.clone())
                    .collect::<Vec<_>>()
                    .join(", "),
            )),
        }
    }
    for (x, who) in bare {
        notes
            .entry(x)
            .or_default()
            .push(format!("\"{}\" could also be {who}", forms[x].form));
    }

    // OCR-close spellings: a name left alone, seen only in originals, joins
    // the one well-attested name of its script it is close to.
    let alone = |c: &mut Clusters, x: usize| {
        let r = c.find(x);
        c.size[r] == 1
    };
    let mut attested: HashMap<char, Vec<usize>> = HashMap::new();
    for (i, f) in forms.iter().enumerate() {
        if f.docs >= 2 || f.primary_docs > 0 {
            if let Some(first) = f.form.chars().next() {
                attested
                    .entry(first.to_lowercase().next().unwrap_or(first))
                    .or_default()
                    .push(i);
            }
        }
    }
    for x in 0..n {
        if forms[x].primary_docs > 0 || !alone(&mut c, x) {
            continue;
        }
        let Some(first) = forms[x].form.chars().next() else {
            continue;
        };
        let first = first.to_lowercase().next().unwrap_or(first);
        let mut best: Vec<(f32, usize, String)> = Vec::new();
        for &y in attested.get(&first).into_iter().flatten() {
            if y == x {
                continue;
            }
            if let Some(m) = name_match(&forms[x].form, &forms[y].form) {
                if m.score >= 0.75 && m.why.contains("OCR") {
                    best.push((m.score, y, m.why));
                }
            }
        }
        best.sort_by(|a, b| b.0.total_cmp(&a.0));
        let distinct: Vec<usize> = {
            let mut roots: Vec<usize> = Vec::new();
            for (_, y, _) in &best {
                let r = c.find(*y);
                if !roots.contains(&r) {
                    roots.push(r);
                }
            }
            roots
        };
        match distinct.len() {
            0 => {}
            1 => {
                let (_, y, w) = best.swap_remove(0);
                if c.join(x, y) {
                    because(&mut why, x, y, w + " to");
                }
            }
            _ => notes.entry(x).or_default().push(format!(
                "\"{}\" is OCR-close to several persons' names: {}",
                forms[x].form,
                best.iter()
                    .map(|(_, y, _)| forms[*y].form.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
        }
    }

    // The persons.
    let mut clusters: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for x in 0..n {
        let r = c.find(x);
        clusters.entry(r).or_default().push(x);
    }
    let mut persons: Vec<Person> = clusters
        .into_values()
        .map(|members| {
            let named = names
                .iter()
                .rev()
                .find(|(x, _)| members.contains(x))
                .map(|(_, name)| name.clone());
            let name = named.unwrap_or_else(|| preferred_name(forms, &members));
            let mut person_forms: Vec<PersonForm> = members
                .iter()
                .map(|&x| PersonForm {
                    form: forms[x].form.clone(),
                    docs: forms[x].docs,
                    why: why[x].clone().unwrap_or_else(|| {
                        if forms[x].form == name {
                            "the preferred name".to_string()
                        } else {
                            "linked through the names it was linked with".to_string()
                        }
                    }),
                })
                .collect();
            person_forms.sort_by(|a, b| b.docs.cmp(&a.docs).then_with(|| a.form.cmp(&b.form)));
            let mut person_notes: Vec<String> = members
                .iter()
                .flat_map(|x| notes.get(x).cloned().unwrap_or_default())
                .collect();
            person_notes.sort();
            Person {
                id: String::new(),
                name,
                forms: person_forms,
                notes: person_notes,
            }
        })
        .collect();
    // Identifiers from the names, the best attested person first on a clash.
    persons.sort_by(|a, b| {
        let docs = |p: &Person| p.forms.iter().map(|f| f.docs).max().unwrap_or(0);
        docs(b).cmp(&docs(a)).then_with(|| a.name.cmp(&b.name))
    });
    let mut taken: HashMap<String, u32> = HashMap::new();
    for p in &mut persons {
        let base = slug(&p.name);
        let n = taken.entry(base.clone()).or_insert(0);
        *n += 1;
        p.id = if *n == 1 { base } else { format!("{base}-{n}") };
    }
    persons
}

/// The name a reader expects: the Latin-script name the most documents give
/// in their preferred text (a translation), the fuller one on a tie; else
/// the name the most documents give.
fn preferred_name(forms: &[FormInfo], members: &[usize]) -> String {
    let latin = |s: &str| {
        s.chars()
            .filter(|c| c.is_alphabetic())
            .all(|c| c.is_ascii() || ('\u{00C0}'..='\u{024F}').contains(&c))
    };
    let score = |x: usize| {
        let f = &forms[x];
        (
            latin(&f.form) && f.primary_docs > 0,
            f.primary_docs,
            f.form
                .split_whitespace()
                .filter(|w| w.chars().count() > 2)
                .count(),
            f.docs,
            std::cmp::Reverse(f.form.clone()),
        )
    };
    members
        .iter()
        .copied()
        .max_by_key(|&x| score(x))
        .map(|x| forms[x].form.clone())
        .unwrap_or_default()
}

/// A URL-safe identifier from a name: Latin letters and digits lowercased,
/// other letters kept, everything else a hyphen.
pub fn slug(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars() {
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    if out.is_empty() {
        out.push_str("person");
    }
    out
}

/// How many documents give a name: in all, in a preferred text, and in
/// each role (in [`Role::ALL`] order).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct FormCount {
    pub docs: i64,
    pub primary_docs: i64,
    pub roles: [i64; 4],
    /// Turns and words spoken under the name in preferred texts.
    pub turns: i64,
    pub words: i64,
}

/// One mention as a store's row gives it.
#[derive(Debug, Clone, Copy)]
pub struct MentionRow<'a> {
    pub form: &'a str,
    pub role: Role,
    /// From the document's preferred text.
    pub primary: bool,
    pub turns: i64,
    pub words: i64,
}

/// The counts of names and links over documents, which the linker reads:
/// each document counts a name once and a link once. Counts are signed, so
/// that a store can add a new version's people and take the old version's
/// away, then add the difference to the counts it keeps.
#[derive(Debug, Default)]
pub struct Tally {
    pub forms: HashMap<String, FormCount>,
    /// By (name, name, evidence): "apart" for two names a document shows
    /// are different persons, with the pair in order.
    pub links: HashMap<(String, String, String), i64>,
}

/// The evidence a stored link row gives for two names kept apart.
pub const APART: &str = "apart";

impl Tally {
    /// Counts one document's people `sign` times (1 to add, -1 to remove).
    pub fn add(&mut self, people: &DocPeople, sign: i64) {
        self.add_rows(
            people.mentions.iter().map(|m| MentionRow {
                form: &m.form,
                role: m.role,
                primary: m.primary,
                turns: i64::from(m.turns),
                words: i64::from(m.words),
            }),
            people.link_rows(),
            sign,
        );
    }

    /// Counts one document given as rows: its mentions and its links
    /// (name, name, evidence or [`APART`]).
    pub fn add_rows<'a>(
        &mut self,
        mentions: impl IntoIterator<Item = MentionRow<'a>>,
        links: impl IntoIterator<Item = (&'a str, &'a str, &'a str)>,
        sign: i64,
    ) {
        let mut seen: HashMap<&str, FormCount> = HashMap::new();
        for m in mentions {
            let c = seen.entry(m.form).or_default();
            c.docs = 1;
            if m.primary {
                c.primary_docs = 1;
                c.turns += m.turns;
                c.words += m.words;
            }
            let r = Role::ALL.iter().position(|&x| x == m.role).unwrap_or(3);
            c.roles[r] = 1;
        }
        for (form, c) in seen {
            let t = self.forms.entry(form.to_string()).or_default();
            t.docs += sign * c.docs;
            t.primary_docs += sign * c.primary_docs;
            t.turns += sign * c.turns;
            t.words += sign * c.words;
            for (t, c) in t.roles.iter_mut().zip(c.roles) {
                *t += sign * c;
            }
        }
        let mut said: std::collections::HashSet<(&str, &str, &str)> = Default::default();
        for (a, b, evidence) in links {
            let (a, b) = if evidence == APART && b < a {
                (b, a)
            } else {
                (a, b)
            };
            said.insert((a, b, evidence));
        }
        for (a, b, evidence) in said {
            *self
                .links
                .entry((a.to_string(), b.to_string(), evidence.to_string()))
                .or_default() += sign;
        }
    }

    /// The linker's input: the names in a fixed order, the links and the
    /// names kept apart (only what some document still gives).
    pub fn into_parts(self) -> (Vec<FormInfo>, Vec<LinkCount>, Vec<(String, String)>) {
        let mut forms: Vec<FormInfo> = self
            .forms
            .into_iter()
            .filter(|(_, c)| c.docs > 0)
            .map(|(form, c)| c.info(form))
            .collect();
        forms.sort_by(|a, b| a.form.cmp(&b.form));
        let mut links = Vec::new();
        let mut apart = Vec::new();
        for ((a, b, evidence), docs) in self.links {
            if docs <= 0 {
                continue;
            }
            match Evidence::parse(&evidence) {
                Some(evidence) => links.push(LinkCount {
                    a,
                    b,
                    evidence,
                    docs: docs as u32,
                }),
                None => apart.push((a, b)),
            }
        }
        links.sort_by(|x, y| (&x.a, &x.b, x.evidence).cmp(&(&y.a, &y.b, y.evidence)));
        apart.sort();
        (forms, links, apart)
    }
}

impl FormCount {
    /// The linker's view of a name with these counts.
    pub fn info(&self, form: String) -> FormInfo {
        FormInfo {
            form,
            docs: self.docs.max(0) as u32,
            primary_docs: self.primary_docs.max(0) as u32,
            roles: Role::ALL
                .into_iter()
                .zip(self.roles)
                .filter(|(_, n)| *n > 0)
                .map(|(r, _)| r)
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::read_record;

    const SEED: &str = "/work/shared/seed/000_d1706e7d43c0b0d8.txt";

    #[test]
    fn names_after_honorifics() {
        assert_eq!(
            names_in_text("Как себя чувствовали т. Ким Ир Сен? Тов. Чой Ен Ген сказал"),
            ["Ким Ир Сен", "Чой Ен Ген"]
        );
        assert_eq!(
            names_in_text("where is Cde. Kim Il Sung right now, asked Comrade A. I. Mikoyan."),
            ["Kim Il Sung", "A. I. Mikoyan"]
        );
        assert_eq!(names_in_text("毛泽东同志说"), ["毛泽东"]);
        assert_eq!(names_in_text("김일성 동지는"), ["김일성"]);
        assert!(names_in_text("the general line of the party").is_empty());
        assert_eq!(word_count("毛泽东 said 同志"), 6);
    }

    #[test]
    fn a_bare_surname_shared_by_two_persons_is_flagged_not_forced() {
        let f = |form: &str, docs| FormInfo {
            form: form.into(),
            docs,
            primary_docs: docs,
            roles: vec![Role::Mentioned],
        };
        let forms = [f("Kim Il Sung", 5), f("Kim Chang-man", 3), f("Kim", 2)];
        let persons = link(&forms, &[], &[], &[]);
        assert_eq!(persons.len(), 3, "{persons:#?}");
        let kim = persons.iter().find(|p| p.name == "Kim").unwrap();
        assert!(
            kim.notes.iter().any(|n| n.contains("could also be")),
            "{kim:?}"
        );
        // An editor decides.
        let persons = link(
            &forms,
            &[],
            &[],
            &[Decision::Merge {
                a: "Kim".into(),
                b: "Kim Il Sung".into(),
            }],
        );
        let p = persons.iter().find(|p| p.name == "Kim Il Sung").unwrap();
        assert_eq!(p.forms.len(), 2);
        assert!(p
            .forms
            .iter()
            .any(|f| f.why.starts_with("merged by an editor")));
    }

    #[test]
    fn a_split_keeps_names_apart_whatever_the_documents_say() {
        let f = |form: &str| FormInfo {
            form: form.into(),
            docs: 1,
            primary_docs: 1,
            roles: vec![Role::Speaker],
        };
        let forms = [f("Mikoyan"), f("Микоян"), f("Мамонин")];
        let links = [LinkCount {
            a: "Mikoyan".into(),
            b: "Мамонин".into(),
            evidence: Evidence::Alignment,
            docs: 1,
        }];
        let joined = link(&forms, &links, &[], &[]);
        assert_eq!(joined.len(), 1, "{joined:#?}");
        let split = link(
            &forms,
            &links,
            &[],
            &[Decision::Split {
                a: "Mikoyan".into(),
                b: "Мамонин".into(),
            }],
        );
        assert_eq!(split.len(), 2, "{split:#?}");
    }

    #[test]
    fn the_seed_people() {
        let Ok(source) = std::fs::read_to_string(SEED) else {
            eprintln!("people seed: {SEED} not found, skipped");
            return;
        };
        let doc = read_record(&source, None);
        let people = document_people(&doc);
        let mut tally = Tally::default();
        tally.add(&people, 1);
        let (forms, links, apart) = tally.into_parts();
        let persons = link(&forms, &links, &apart, &[]);
        let find = |name: &str| {
            persons
                .iter()
                .find(|p| p.forms.iter().any(|f| f.form == name))
                .unwrap_or_else(|| panic!("{name} in {persons:#?}"))
        };
        for (person, forms) in [
            ("Mikoyan", &["Mikoyan", "Микоян", "Миколдн", "Мамонин"][..]),
            (
                "Choe Yong-geon",
                &["Choe Yong-geon", "Чой Ен Ген", "Чань Эн Ген", "Уайт Эн Ген"][..],
            ),
            ("Rim Hae", &["Rim Hae"][..]),
            ("Kim Il Sung", &["Kim Il Sung", "Ким Ир Сен"][..]),
        ] {
            let p = find(forms[0]);
            assert_eq!(p.name, person, "{p:#?}");
            for f in forms {
                assert!(p.forms.iter().any(|x| x.form == *f), "{f} not in {p:#?}");
            }
        }
        let shares = speaker_shares(&doc);
        for t in &shares {
            let top: Vec<&str> = t.speakers.iter().take(2).map(|s| s.name.as_str()).collect();
            assert!(
                top.contains(&"Mikoyan") && top.contains(&"Choe Yong-geon"),
                "{t:#?}"
            );
        }
    }
}
