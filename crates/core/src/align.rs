//! Alignment of an original text's speaker turns with a translation's.
//!
//! The turns are numbered as [`Text::turns`] yields them (continued blocks
//! excluded, 0-based). [`align_turns`] finds the best monotonic alignment by
//! dynamic programming in the manner of Needleman-Wunsch, with five kinds of
//! step: one original turn to one translation turn (1:1), an original turn
//! with no counterpart or a translation turn with no counterpart (a gap, as
//! when the OCR lost a turn), two original turns to one translation turn (2:1,
//! as when the OCR split a turn in two) and one original turn to two
//! translation turns (1:2).
//!
//! A pair of turns is scored from what both sides share:
//!
//! - the speaker: the names are compared through [`name_key`], with a graded
//!   similarity that forgives OCR damage (Миколдн is close to Mikoyan);
//! - the consistency of the speakers: a first alignment tells which
//!   translation speaker each original label stands for, and a second pass
//!   rewards pairs that agree with it, so that Чой Ен Ген and Choe Yong-geon
//!   meet although their keys differ, and a garbled Чань Эн Ген inherits the
//!   mapping of the label it resembles;
//! - numbers written in digits in both turns;
//! - capitalised names inside the text, compared by name key;
//! - the relative length: a translation's length is roughly a constant
//!   multiple of the original's within a document, estimated as the ratio of
//!   the total lengths;
//! - the position: pairs far from the diagonal are penalised.
//!
//! The alignment is bounded whatever a record holds. The dynamic programme
//! keeps only a band around the diagonal (the line from the first turns to
//! the last, scaled by the ratio of the turn counts) of half-width
//! [`BAND`] turns plus that ratio, the scores of three rows of it and one
//! byte per cell for the way back, so that time and memory grow with the
//! number of turns times the band, not with its square; a text of up to
//! [`BAND`] turns is aligned over the whole table, as before. The speaker
//! evidence weighs at most [`MAX_SPEAKER_KEYS`] distinct labels per text
//! (the most frequent) and the first [`MAX_KEY_CHARS`] letters of each, and
//! a turn offers at most [`MAX_TURN_KEYS`] numbers and names. A text with
//! more than [`MAX_ALIGNED_TURNS`] turns is not aligned at all:
//! [`align_document`] says so with a [`DiagCode::LimitReached`] diagnostic.
//!
//! Editors may correct the alignment ([`decide`]): a pair of turns is
//! linked, or is never to be linked. The decisions are kept in the document
//! ([`Document::turn_decisions`]) and every alignment after keeps them: the
//! linked pairs cut the table into parts aligned one by one, and the pairs
//! never linked are steps the path may not take. A decision names its turns
//! by number and by their first words ([`TurnMark`]), so that when a page is
//! corrected and turns come or go the decision finds its turns again; one
//! that cannot, or that would cross another, is set aside with a diagnostic.
//!
//! The module is pure: it reads [`Text`] values and returns values.

use std::collections::HashMap;
use std::ops::Range;

use crate::diagnostic::{DiagCode, Diagnostic};
use crate::model::{
    Block, BlockKind, Document, Text, TextRole, TurnAlignment, TurnDecision, TurnMark,
};
use fonds_names::key::{is_name_like, name_key};

pub use crate::model::TurnLink as Link;

/// The alignment of two texts' turns, in order.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Alignment {
    /// The links in the order of both texts; a 2:1 or 1:2 step gives two links.
    pub links: Vec<Link>,
    /// Remarks on what the alignment had to assume (gaps, merged turns,
    /// speakers known only from the translation), each with the original
    /// turn it concerns where there is one.
    pub diagnostics_hint: Vec<(Option<usize>, String)>,
}

impl Alignment {
    /// For each original turn, the clean speaker name of the translation turn
    /// linked to it (the first, when there are two), or None where the turn is
    /// unlinked or the translation turn has no speaker.
    pub fn speaker_projection(&self, original: &Text, translation: &Text) -> Vec<Option<String>> {
        let n = original.turns().count();
        let names: Vec<Option<String>> = translation
            .turns()
            .map(|b| b.speaker.as_ref().map(|s| s.name.clone()))
            .collect();
        let mut out = vec![None; n];
        for link in &self.links {
            if let (Some(o), Some(t)) = (link.original, link.translation) {
                if o < n && out[o].is_none() {
                    out[o] = names.get(t).cloned().flatten();
                }
            }
        }
        out
    }
}

/// A confidence in 0..1 rounded to thousandths, so that it reads back equal
/// from any form that writes three decimals.
fn thousandths(x: f32) -> f32 {
    (x.clamp(0.0, 1.0) * 1000.0).round() / 1000.0
}

/// Links below this confidence are reported as unsure.
pub const UNSURE: f32 = 0.5;

/// The most turns a text may have to be aligned; longer texts are left
/// unaligned with a diagnostic. Real conversations have hundreds.
pub const MAX_ALIGNED_TURNS: usize = 10_000;

/// The half-width of the band of the alignment table, in turns, on top of
/// the ratio of the turn counts: how far the path may stray from the
/// diagonal, as when the OCR lost turns or split them.
pub const BAND: usize = 100;

/// The most distinct speaker labels per text whose similarities the
/// alignment tables; the turns of rarer labels are scored without a speaker.
pub const MAX_SPEAKER_KEYS: usize = 512;

/// The letters of a speaker key that are compared; no name is longer.
pub const MAX_KEY_CHARS: usize = 64;

/// The most numbers and the most names a turn offers for comparison.
pub const MAX_TURN_KEYS: usize = 64;

/// The most decisions an editor may keep in one document.
pub const MAX_DECISIONS: usize = 2_000;

/// The most words of a turn a [`TurnMark`] keeps.
const MARK_WORDS: usize = 12;

/// How many turns on either side of its number a decision looks at for
/// its turn, when the turn is no longer at its number.
const MARK_REACH: usize = 50;

/// The first words of a turn as a decision names it: the speaker's name and
/// then the reading text, lower-cased, without the punctuation around them.
pub fn turn_words(block: &Block) -> String {
    let speaker = block.speaker.as_ref().map_or("", |s| s.name.as_str());
    let text = block.reading_text();
    speaker
        .split_whitespace()
        .chain(text.split_whitespace())
        .map(|w| {
            w.trim_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase()
        })
        .filter(|w| !w.is_empty())
        .take(MARK_WORDS)
        .collect::<Vec<_>>()
        .join(" ")
}

/// The first words of every turn of a text.
fn words_of(text: &Text) -> Vec<String> {
    text.turns().map(turn_words).collect()
}

/// The turn `mark` names among turns whose first words are `words`: the
/// turn at its number if its words are the same, else the turn near it
/// whose words are most alike (at least half of them shared), the nearest
/// of equals; None when no turn is alike enough.
pub fn find_turn(mark: &TurnMark, words: &[String]) -> Option<usize> {
    if words.get(mark.turn) == Some(&mark.words) {
        return Some(mark.turn);
    }
    let wanted: Vec<&str> = mark.words.split(' ').filter(|w| !w.is_empty()).collect();
    if wanted.is_empty() {
        return None;
    }
    let hi = (mark.turn + MARK_REACH + 1).min(words.len());
    let lo = mark.turn.saturating_sub(MARK_REACH).min(hi);
    let mut best: Option<(f32, usize, usize)> = None;
    for (i, candidate) in words.iter().enumerate().take(hi).skip(lo) {
        let mut have: Vec<&str> = candidate.split(' ').filter(|w| !w.is_empty()).collect();
        let longer = have.len().max(wanted.len());
        let mut shared = 0;
        for w in &wanted {
            if let Some(k) = have.iter().position(|h| h == w) {
                have.swap_remove(k);
                shared += 1;
            }
        }
        let alike = shared as f32 / longer as f32;
        let distance = i.abs_diff(mark.turn);
        if alike >= 0.5 && best.is_none_or(|(a, d, _)| alike > a || (alike == a && distance < d)) {
            best = Some((alike, distance, i));
        }
    }
    best.map(|(_, _, i)| i)
}

/// What editors decided for one alignment, in turn numbers.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Constraints {
    /// Pairs linked (original turn, translation turn), in the order of both
    /// texts: none crosses another.
    pub linked: Vec<(usize, usize)>,
    /// Pairs never linked, sorted.
    pub never: Vec<(usize, usize)>,
}

impl Constraints {
    fn forbids(&self, o: usize, t: usize) -> bool {
        !self.never.is_empty() && self.never.binary_search(&(o, t)).is_ok()
    }

    /// Whether a step from original turn `i` and translation turn `j`
    /// links a pair never to be linked.
    fn forbids_step(&self, step: Step, i: usize, j: usize) -> bool {
        if self.never.is_empty() {
            return false;
        }
        match step {
            Step::OneOne | Step::Fixed => self.forbids(i, j),
            Step::TwoOne => self.forbids(i, j) || self.forbids(i + 1, j),
            Step::OneTwo => self.forbids(i, j) || self.forbids(i, j + 1),
            Step::OriginalGap | Step::TranslationGap => false,
        }
    }
}

/// Two links cross when one comes before the other in one text and after
/// it in the other.
fn crosses(a: (usize, usize), b: (usize, usize)) -> bool {
    (a.0 < b.0 && a.1 > b.1) || (a.0 > b.0 && a.1 < b.1)
}

/// A decision's turns among the turns as they are now, or None.
fn resolve(
    d: &TurnDecision,
    original: &[String],
    translation: &[String],
) -> Option<(usize, usize)> {
    Some((
        find_turn(&d.original_turn, original)?,
        find_turn(&d.translation_turn, translation)?,
    ))
}

/// The constraints the decisions on translation text `ti` make, and
/// warnings for those set aside (turns not found, or a link crossing an
/// earlier one), each with the original turn it concerns where known.
fn constraints_of(
    decisions: &[TurnDecision],
    ti: usize,
    original: &[String],
    translation: &[String],
) -> (Constraints, Vec<(Option<usize>, String)>) {
    let mut c = Constraints::default();
    let mut notes = Vec::new();
    for d in decisions.iter().filter(|d| d.translation == ti) {
        let what = if d.linked { "link" } else { "separation" };
        let Some((o, t)) = resolve(d, original, translation) else {
            notes.push((
                find_turn(&d.original_turn, original),
                format!(
                    "an editor's {what} of original turn {} (\"{}\") and translation turn {} (\"{}\") no longer finds its turns, changed since; it is set aside",
                    d.original_turn.turn + 1,
                    d.original_turn.words,
                    d.translation_turn.turn + 1,
                    d.translation_turn.words
                ),
            ));
            continue;
        };
        if !d.linked {
            c.never.push((o, t));
        } else if let Some(&other) = c.linked.iter().find(|&&l| crosses(l, (o, t))) {
            notes.push((
                Some(o),
                format!(
                    "an editor's link of original turn {} with translation turn {} crosses the link of original turn {} with translation turn {}; it is set aside",
                    o + 1,
                    t + 1,
                    other.0 + 1,
                    other.1 + 1
                ),
            ));
        } else {
            c.linked.push((o, t));
        }
    }
    c.linked.sort_unstable();
    c.linked.dedup();
    c.never.sort_unstable();
    c.never.dedup();
    (c, notes)
}

/// Each editor's decision with the turns it names as the texts are now
/// (original turn, translation turn), or None where its turns are not found.
pub fn decisions_found(doc: &Document) -> Vec<(&TurnDecision, Option<(usize, usize)>)> {
    let Some(original) = doc.original() else {
        return doc.turn_decisions.iter().map(|d| (d, None)).collect();
    };
    let ow = words_of(original);
    let mut translations: HashMap<usize, Vec<String>> = HashMap::new();
    doc.turn_decisions
        .iter()
        .map(|d| {
            let tw = translations.entry(d.translation).or_insert_with(|| {
                doc.texts
                    .get(d.translation)
                    .map(words_of)
                    .unwrap_or_default()
            });
            (d, resolve(d, &ow, tw))
        })
        .collect()
}

/// What an editor does to a pair of turns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Choice {
    /// The two turns are one: link them.
    Link,
    /// The two turns are not one: never link them.
    Unlink,
    /// Drop the editor's decision on the pair: the alignment decides again.
    Forget,
}

impl Choice {
    pub fn parse(s: &str) -> Option<Choice> {
        match s {
            "link" => Some(Choice::Link),
            "unlink" => Some(Choice::Unlink),
            "forget" => Some(Choice::Forget),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Choice::Link => "link",
            Choice::Unlink => "unlink",
            Choice::Forget => "forget",
        }
    }
}

/// Records an editor's decision on original turn `o` and turn `t` of
/// translation text `translation` (turns from 0), in place of any earlier
/// decision on the pair, and aligns the document again. Ok(false) when it
/// changes nothing; Err with what is wrong: no such text or turn, a link
/// that would cross another editor's link, or too many decisions.
pub fn decide(
    doc: &mut Document,
    translation: usize,
    o: usize,
    t: usize,
    choice: Choice,
) -> Result<bool, String> {
    let original = doc
        .texts
        .iter()
        .position(|x| x.role == TextRole::Original)
        .ok_or("the document has no original text to align")?;
    match doc.texts.get(translation) {
        Some(x) if x.role == TextRole::Translation => {}
        Some(_) => return Err(format!("text {translation} is not a translation")),
        None => return Err(format!("the document has no text {translation}")),
    }
    let ow = words_of(&doc.texts[original]);
    let tw = words_of(&doc.texts[translation]);
    if o >= ow.len() {
        return Err(format!(
            "the original has {} turns; there is no turn {}",
            ow.len(),
            o + 1
        ));
    }
    if t >= tw.len() {
        return Err(format!(
            "the translation has {} turns; there is no turn {}",
            tw.len(),
            t + 1
        ));
    }
    let same =
        |d: &TurnDecision| d.translation == translation && resolve(d, &ow, &tw) == Some((o, t));
    let earlier = doc
        .turn_decisions
        .iter()
        .find(|d| same(d))
        .map(|d| d.linked);
    let wanted = match choice {
        Choice::Link => Some(true),
        Choice::Unlink => Some(false),
        Choice::Forget => None,
    };
    if earlier == wanted {
        return Ok(false);
    }
    if choice == Choice::Link {
        let crossing = doc
            .turn_decisions
            .iter()
            .filter(|d| d.translation == translation && d.linked)
            .filter_map(|d| resolve(d, &ow, &tw))
            .find(|&l| crosses(l, (o, t)));
        if let Some((o2, t2)) = crossing {
            return Err(format!(
                "original turn {} and translation turn {} cannot be linked: an editor linked original turn {} with translation turn {}, and links keep the order of both texts; unlink that pair first",
                o + 1,
                t + 1,
                o2 + 1,
                t2 + 1
            ));
        }
    }
    doc.turn_decisions.retain(|d| !same(d));
    if let Some(linked) = wanted {
        if doc.turn_decisions.len() >= MAX_DECISIONS {
            return Err(format!(
                "a document keeps at most {MAX_DECISIONS} decisions on its alignment"
            ));
        }
        doc.turn_decisions.push(TurnDecision {
            translation,
            original_turn: TurnMark {
                turn: o,
                words: ow[o].clone(),
            },
            translation_turn: TurnMark {
                turn: t,
                words: tw[t].clone(),
            },
            linked,
        });
    }
    realign(doc);
    Ok(true)
}

/// Aligns `doc` again after its texts or decisions changed: the
/// alignment's own diagnostics are replaced by the new alignment's.
pub fn realign(doc: &mut Document) {
    doc.diagnostics.retain(|d| {
        !matches!(
            d.code,
            DiagCode::AlignmentUnsure | DiagCode::SpeakerResolved
        )
    });
    align_document(doc);
}

/// Aligns the original's turns with each translation's and stores the result
/// in [`Document::alignments`], replacing what was there, with diagnostics
/// where the alignment had to assume something (a gap, a merged turn, a
/// garbled label resolved through the translation, a weak link). The
/// editors' decisions ([`Document::turn_decisions`]) are kept.
pub fn align_document(doc: &mut Document) {
    doc.alignments.clear();
    let Some(oi) = doc.texts.iter().position(|t| t.role == TextRole::Original) else {
        return;
    };
    let original = &doc.texts[oi];
    let lines: Vec<u32> = original.turns().map(|b| b.line).collect();
    if lines.is_empty() {
        return;
    }
    let original_words = if doc.turn_decisions.is_empty() {
        Vec::new()
    } else {
        words_of(original)
    };
    let mut diagnostics = Vec::new();
    for (ti, translation) in doc.texts.iter().enumerate() {
        if translation.role != TextRole::Translation || translation.turns().next().is_none() {
            continue;
        }
        let lang = translation.language.code();
        let (constraints, set_aside) = if doc.turn_decisions.iter().any(|d| d.translation == ti) {
            constraints_of(
                &doc.turn_decisions,
                ti,
                &original_words,
                &words_of(translation),
            )
        } else {
            Default::default()
        };
        for (o, note) in set_aside {
            diagnostics.push(Diagnostic::warning(
                DiagCode::AlignmentUnsure,
                o.and_then(|o| lines.get(o).copied()),
                format!("turn alignment with the {lang} translation: {note}"),
            ));
        }
        let counts = (lines.len(), translation.turns().count());
        if counts.0.max(counts.1) > MAX_ALIGNED_TURNS {
            diagnostics.push(Diagnostic::warning(
                DiagCode::LimitReached,
                lines.first().copied(),
                format!(
                    "the turns were not aligned with the {lang} translation: the original has {} turns and the translation {}, more than the {MAX_ALIGNED_TURNS} the alignment takes",
                    counts.0, counts.1
                ),
            ));
            continue;
        }
        let alignment = align_turns_with(original, translation, &constraints);
        let speakers = alignment.speaker_projection(original, translation);
        for (line, hint) in &alignment.diagnostics_hint {
            let at = line.and_then(|o| lines.get(o).copied());
            let message = format!("turn alignment with the {lang} translation: {hint}");
            diagnostics.push(if hint.contains("is spoken by") {
                Diagnostic::info(DiagCode::SpeakerResolved, at, message)
            } else {
                Diagnostic::info(DiagCode::AlignmentUnsure, at, message)
            });
        }
        for link in &alignment.links {
            if let (Some(o), Some(t), true) =
                (link.original, link.translation, link.confidence < UNSURE)
            {
                diagnostics.push(Diagnostic::warning(
                    DiagCode::AlignmentUnsure,
                    lines.get(o).copied(),
                    format!(
                        "turn alignment with the {lang} translation: original turn {o} and translation turn {t} are linked with low confidence ({:.2}; {})",
                        link.confidence, link.why
                    ),
                ));
            }
        }
        doc.alignments.push(TurnAlignment {
            original: oi,
            translation: ti,
            links: alignment.links,
            speakers,
        });
    }
    doc.diagnostics.extend(diagnostics);
}

/// The speaker every block of text `text` belongs to: for a turn and the
/// blocks continuing it, the name the turn resolves to (for an original, the
/// name the stored alignment takes from the translation where there is one,
/// else the turn's own label); None outside turns.
pub fn block_speakers(doc: &Document, text: usize) -> Vec<Option<&str>> {
    let projected = doc
        .alignments
        .iter()
        .find(|a| a.original == text)
        .map(|a| a.speakers.as_slice())
        .unwrap_or(&[]);
    let mut out = Vec::new();
    let mut turn = 0usize;
    let mut current: Option<&str> = None;
    for b in doc.texts[text].blocks() {
        if b.kind == BlockKind::Turn && !b.continued {
            current = projected
                .get(turn)
                .and_then(|p| p.as_deref())
                .or_else(|| b.speaker.as_ref().map(|s| s.name.as_str()));
            turn += 1;
        } else if b.kind != BlockKind::Turn {
            current = None;
        }
        out.push(current);
    }
    out
}

/// The penalty for a turn left without counterpart.
const GAP: f32 = 1.5;
/// The penalty for a 2:1 or 1:2 step, on top of the merged pair's score.
const MERGE: f32 = 1.0;
/// The weight of a speaker match.
const SPEAKER: f32 = 3.0;
/// Chars added to both lengths before comparing them, so that short turns
/// ("Please.") are not judged by their exact length.
const LENGTH_SMOOTHING: f32 = 15.0;

/// What one turn offers for comparison.
#[derive(Debug, Clone, Default)]
struct Turn {
    /// The speaker's name as its word keys joined with spaces ("mikoian").
    speaker: String,
    /// The clean speaker name as written.
    speaker_name: Option<String>,
    /// Runs of digits, each once.
    numbers: Vec<String>,
    /// Name keys of capitalised words in the text, each once.
    names: Vec<String>,
    /// Length of the reading text in chars.
    len: f32,
    /// The number of the speaker key among its text's (see [`number_speakers`]).
    sid: Option<usize>,
}

impl Turn {
    fn read(block: &Block) -> Turn {
        let speaker_name = block.speaker.as_ref().map(|s| s.name.clone());
        let speaker = speaker_name
            .as_deref()
            .map(|name| speaker_key(name).chars().take(MAX_KEY_CHARS).collect())
            .unwrap_or_default();
        let text = block.reading_text();
        let mut numbers: Vec<String> = text
            .split(|c: char| !c.is_ascii_digit())
            .filter(|s| !s.is_empty())
            .take(MAX_TURN_KEYS)
            .map(str::to_string)
            .collect();
        numbers.sort();
        numbers.dedup();
        let mut names: Vec<String> = text
            .split(|c: char| c.is_whitespace() || matches!(c, '-' | '/' | '(' | ')'))
            .filter(|w| is_name_like(w))
            .map(name_key)
            .filter(|k| k.chars().count() >= 3)
            .take(MAX_TURN_KEYS)
            .collect();
        names.sort();
        names.dedup();
        Turn {
            speaker,
            speaker_name,
            numbers,
            names,
            len: text.chars().count() as f32,
            sid: None,
        }
    }

    /// Two consecutive turns read as one: the speaker of the first (or of the
    /// second when the first has none), and everything else combined.
    fn merge(a: &Turn, b: &Turn) -> Turn {
        let mut numbers = a.numbers.clone();
        numbers.extend(b.numbers.iter().cloned());
        numbers.sort();
        numbers.dedup();
        let mut names = a.names.clone();
        names.extend(b.names.iter().cloned());
        names.sort();
        names.dedup();
        let first = if a.speaker.is_empty() { b } else { a };
        Turn {
            speaker: first.speaker.clone(),
            speaker_name: first.speaker_name.clone(),
            numbers,
            names,
            len: a.len + b.len,
            sid: first.sid,
        }
    }
}

/// The speaker key of a name: the name key of each word, joined with spaces
/// ("Choe Yong-geon" is "choe iong geon").
pub fn speaker_key(name: &str) -> String {
    name.split(|c: char| c.is_whitespace() || c == '-')
        .map(name_key)
        .filter(|k| !k.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The Levenshtein distance between two strings, by chars.
fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for i in 1..=a.len() {
        cur[0] = i;
        for j in 1..=b.len() {
            let sub = prev[j - 1] + usize::from(a[i - 1] != b[j - 1]);
            cur[j] = sub.min(prev[j] + 1).min(cur[j - 1] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

/// How alike two speaker keys are, from 0 (nothing in common) to 1 (equal).
///
/// The similarity is one minus the edit distance over the longer length, so
/// that one misread letter in a long name costs little and in a short name
/// costs much.
fn key_similarity(a: &str, b: &str) -> f32 {
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    if a == b {
        return 1.0;
    }
    let longer = a.chars().count().max(b.chars().count()) as f32;
    1.0 - edit_distance(a, b) as f32 / longer
}

/// Numbers the distinct speaker keys of a text's turns (in order of first
/// appearance), setting each turn's `sid`; returns the keys. Of more than
/// [`MAX_SPEAKER_KEYS`] keys only the most frequent are numbered; the turns
/// of the others keep no `sid` and are scored as turns without a speaker.
fn number_speakers(turns: &mut [Turn]) -> Vec<String> {
    // Each key with its count and its first appearance.
    let mut seen: HashMap<&str, (usize, usize)> = HashMap::new();
    for t in turns.iter().filter(|t| !t.speaker.is_empty()) {
        let next = seen.len();
        seen.entry(t.speaker.as_str()).or_insert((0, next)).0 += 1;
    }
    let mut kept: Vec<(&str, (usize, usize))> = seen.into_iter().collect();
    if kept.len() > MAX_SPEAKER_KEYS {
        kept.sort_by_key(|&(_, (count, first))| (std::cmp::Reverse(count), first));
        kept.truncate(MAX_SPEAKER_KEYS);
    }
    kept.sort_by_key(|&(_, (_, first))| first);
    let keys: Vec<String> = kept.iter().map(|(k, _)| k.to_string()).collect();
    let ids: HashMap<&str, usize> = keys
        .iter()
        .enumerate()
        .map(|(i, k)| (k.as_str(), i))
        .collect();
    for t in turns.iter_mut() {
        t.sid = ids.get(t.speaker.as_str()).copied();
    }
    keys
}

/// How many strings two sorted lists without repeats share.
fn shared(a: &[String], b: &[String]) -> usize {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
        }
    }
    n
}

/// A value for every pair of speaker keys of two texts, worked out once per
/// alignment rather than for every pair of turns the alignment weighs.
struct KeyTable {
    columns: usize,
    values: Vec<f32>,
}

impl KeyTable {
    fn new(rows: &[String], columns: &[String], f: impl Fn(&str, &str) -> f32) -> KeyTable {
        KeyTable {
            columns: columns.len(),
            values: rows
                .iter()
                .flat_map(|a| columns.iter().map(|b| f(a, b)))
                .collect(),
        }
    }

    /// The value for two turns' speakers; 0 where either has none.
    fn get(&self, a: &Turn, b: &Turn) -> f32 {
        match (a.sid, b.sid) {
            (Some(i), Some(j)) => self.values[i * self.columns + j],
            _ => 0.0,
        }
    }
}

/// Which translation speakers each original speaker key was linked to.
#[derive(Debug, Default)]
struct SpeakerMap {
    /// Original speaker key, then translation speaker key and count, by
    /// their numbers (`sid`).
    counts: HashMap<usize, HashMap<usize, u32>>,
}

impl SpeakerMap {
    fn add(&mut self, o: &Turn, t: &Turn) {
        if let (Some(o), Some(t)) = (o.sid, t.sid) {
            *self.counts.entry(o).or_default().entry(t).or_default() += 1;
        }
    }

    /// For every original key and translation key, the support, in -1..1,
    /// that the original label stands for the translation speaker: the
    /// share of the links of a label seen that went to this speaker, weighed
    /// by how alike the label is to the one seen (`within_original`), the
    /// best over the labels seen. A label seen at least twice and never with
    /// this speaker gives -1. The cost is the number of original keys times
    /// the links, not the cube of the keys.
    fn table(&self, within_original: &KeyTable, rows: usize, columns: usize) -> KeyTable {
        let mut values = vec![0.0f32; rows * columns];
        let totals: Vec<(usize, &HashMap<usize, u32>, u32)> = self
            .counts
            .iter()
            .map(|(&label, to)| (label, to, to.values().sum()))
            .collect();
        let mut against = vec![false; columns];
        for o in 0..rows {
            let row = &mut values[o * columns..(o + 1) * columns];
            against.fill(false);
            for &(label, to, total) in &totals {
                let sim = within_original.values[o * within_original.columns + label];
                if sim < 0.5 {
                    continue;
                }
                // A label seen once is weak evidence; twice or more is trusted.
                let weight = if total >= 2 { 1.0 } else { 0.6 };
                for (&t, &count) in to {
                    let share = count as f32 / total as f32;
                    row[t] = row[t].max(sim * share * weight);
                }
                if label == o && total >= 2 {
                    against.fill(true);
                    for &t in to.keys() {
                        against[t] = false;
                    }
                }
            }
            for (value, &against) in row.iter_mut().zip(&against) {
                if against && *value < 0.3 {
                    *value = -1.0;
                }
            }
        }
        KeyTable { columns, values }
    }
}

/// Everything that scores a pair: the turns, the length ratio and the speaker map.
struct Scorer<'a> {
    original: &'a [Turn],
    translation: &'a [Turn],
    /// Each turn merged with the next (for two-to-one steps), made once
    /// rather than for every cell of the alignment.
    original_pairs: &'a [Turn],
    translation_pairs: &'a [Turn],
    /// Translation chars per original char.
    ratio: f32,
    /// The similarity of the speaker keys: original with translation, and
    /// within each text.
    across: KeyTable,
    within_original: KeyTable,
    within_translation: KeyTable,
    /// In the second pass, the support of the first pass's speaker map for
    /// each original key standing for each translation key.
    speakers: Option<KeyTable>,
}

/// The score of one pair and the evidence that gave it.
#[derive(Debug, Clone, Copy, Default)]
struct PairScore {
    score: f32,
    why: Why,
}

/// The kinds of evidence for a pair, in the order found (at most six).
#[derive(Debug, Clone, Copy, Default)]
struct Why {
    items: [&'static str; 6],
    len: usize,
}

impl Why {
    fn push(&mut self, item: &'static str) {
        if self.len < self.items.len() {
            self.items[self.len] = item;
            self.len += 1;
        }
    }

    fn contains(&self, item: &str) -> bool {
        self.items[..self.len].contains(&item)
    }

    fn join(&self, sep: &str) -> String {
        self.items[..self.len].join(sep)
    }
}

impl Scorer<'_> {
    /// How surely the two turns' speaker labels name one person, from their
    /// keys alone: 0 below a similarity of 0.45, 1 for the same key.
    fn direct_speaker(&self, o: &Turn, t: &Turn) -> f32 {
        ((self.across.get(o, t) - 0.45) / 0.55).clamp(0.0, 1.0)
    }

    /// The score of original turns `o` (merged) against translation turns `t`
    /// (merged), both positions taken from the first turn of each side.
    fn pair(&self, o: &Turn, t: &Turn, oi: usize, ti: usize) -> PairScore {
        let mut why = Why::default();
        let mut score = 0.0;

        // The speaker: the direct key similarity, and in the second pass the
        // consistency with the speaker map of the first.
        let direct = self.direct_speaker(o, t);
        let mapped = self.speakers.as_ref().map_or(0.0, |m| m.get(o, t));
        let speaker = direct.max(mapped);
        if speaker > 0.0 {
            score += SPEAKER * speaker;
            why.push(if direct >= mapped {
                "speaker"
            } else {
                "speaker-sequence"
            });
        } else if mapped < 0.0 {
            score -= 1.0;
        }

        // Numbers in digits.
        let shared_numbers = shared(&o.numbers, &t.numbers);
        if shared_numbers > 0 {
            score += 1.5 * (shared_numbers.min(3) as f32);
            why.push("numbers");
        } else if !o.numbers.is_empty() && !t.numbers.is_empty() {
            score -= 0.5;
        }

        // Names inside the text.
        let shared_names = shared(&o.names, &t.names);
        if shared_names > 0 {
            score += shared_names.min(3) as f32;
            why.push("names");
        }

        // The relative length, against the document's ratio.
        let expected = o.len * self.ratio;
        let log_ratio = ((t.len + LENGTH_SMOOTHING) / (expected + LENGTH_SMOOTHING)).ln();
        let length = (1.0 - 3.0 * log_ratio.abs()).max(-3.0);
        score += length;
        if length > 0.5 {
            why.push("length");
        }

        // The diagonal prior: only a position far from it costs.
        let po = (oi as f32 + 0.5) / self.original.len().max(1) as f32;
        let pt = (ti as f32 + 0.5) / self.translation.len().max(1) as f32;
        score -= 3.0 * ((po - pt).abs() - 0.15).max(0.0);

        PairScore { score, why }
    }
}

/// One step of the alignment path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Step {
    OneOne,
    /// A pair an editor linked (1:1).
    Fixed,
    OriginalGap,
    TranslationGap,
    TwoOne,
    OneTwo,
}

impl Step {
    /// How many original and translation turns the step consumes.
    fn size(self) -> (usize, usize) {
        match self {
            Step::OneOne | Step::Fixed => (1, 1),
            Step::OriginalGap => (1, 0),
            Step::TranslationGap => (0, 1),
            Step::TwoOne => (2, 1),
            Step::OneTwo => (1, 2),
        }
    }
}

/// Aligns the speaker turns of an original with those of a translation.
pub fn align_turns(original: &Text, translation: &Text) -> Alignment {
    align_turns_with(original, translation, &Constraints::default())
}

/// Aligns the speaker turns of an original with those of a translation,
/// keeping what editors decided.
pub fn align_turns_with(original: &Text, translation: &Text, c: &Constraints) -> Alignment {
    let mut o: Vec<Turn> = original.turns().map(Turn::read).collect();
    let mut t: Vec<Turn> = translation.turns().map(Turn::read).collect();
    let (keys_o, keys_t) = (number_speakers(&mut o), number_speakers(&mut t));
    let total_o: f32 = o.iter().map(|x| x.len).sum();
    let total_t: f32 = t.iter().map(|x| x.len).sum();
    let ratio = if total_o > 0.0 && total_t > 0.0 {
        total_t / total_o
    } else {
        1.0
    };
    let pairs = |turns: &[Turn]| -> Vec<Turn> {
        turns
            .windows(2)
            .map(|w| Turn::merge(&w[0], &w[1]))
            .collect()
    };
    let (op, tp) = (pairs(&o), pairs(&t));
    let mut scorer = Scorer {
        original: &o,
        translation: &t,
        original_pairs: &op,
        translation_pairs: &tp,
        ratio,
        across: KeyTable::new(&keys_o, &keys_t, key_similarity),
        within_original: KeyTable::new(&keys_o, &keys_o, key_similarity),
        within_translation: KeyTable::new(&keys_t, &keys_t, key_similarity),
        speakers: None,
    };

    // The first pass learns which translation speaker each label stands for;
    // the second aligns again with that knowledge.
    let first = constrained_path(&scorer, c);
    let mut map = SpeakerMap::default();
    for &(step, i, j, _) in &first {
        if matches!(step, Step::OneOne | Step::Fixed) {
            map.add(&o[i], &t[j]);
        }
    }
    scorer.speakers = Some(map.table(&scorer.within_original, keys_o.len(), keys_t.len()));
    let path = constrained_path(&scorer, c);
    links_of(&scorer, &path)
}

/// The best path that keeps the editors' decisions: the linked pairs cut
/// the table into parts, each aligned in its own band, and the pairs never
/// linked are steps no part takes.
fn constrained_path(s: &Scorer, c: &Constraints) -> Vec<(Step, usize, usize, PairScore)> {
    let (n, m) = (s.original.len(), s.translation.len());
    let mut path = Vec::new();
    let (mut o0, mut t0) = (0, 0);
    for &(o, t) in &c.linked {
        if o >= n || t >= m {
            continue;
        }
        path.extend(best_path(s, o0..o.max(o0), t0..t.max(t0), c));
        path.push((Step::Fixed, o, t, step_score(s, Step::Fixed, o, t)));
        o0 = o0.max(o + 1);
        t0 = t0.max(t + 1);
    }
    path.extend(best_path(s, o0..n, t0..m, c));
    path
}

/// The steps in the order they are tried; a cell keeps the first best.
const STEPS: [Step; 5] = [
    Step::OneOne,
    Step::OriginalGap,
    Step::TranslationGap,
    Step::TwoOne,
    Step::OneTwo,
];

/// The band of the alignment table: for each row (original turns
/// consumed), the columns (translation turns consumed) it keeps, around the
/// diagonal from (0, 0) to (n, m).
struct Band {
    n: usize,
    m: usize,
    half: usize,
}

impl Band {
    fn new(n: usize, m: usize) -> Band {
        // Rows advance the diagonal by m/n columns: the band is at least
        // that wide, so that neighbouring rows overlap.
        let half = BAND + m.div_ceil(n.max(1));
        Band { n, m, half }
    }

    /// The columns `lo..=hi` kept in row `i`.
    fn columns(&self, i: usize) -> (usize, usize) {
        let centre = (i * self.m + self.n / 2).checked_div(self.n).unwrap_or(0);
        (
            centre.saturating_sub(self.half),
            (centre + self.half).min(self.m),
        )
    }
}

/// One row of the band's scores: its first column and the scores from there.
#[derive(Clone, Default)]
struct Row {
    lo: usize,
    best: Vec<f32>,
}

impl Row {
    fn get(&self, j: usize) -> f32 {
        j.checked_sub(self.lo)
            .and_then(|k| self.best.get(k))
            .copied()
            .unwrap_or(f32::NEG_INFINITY)
    }
}

/// The best path through original turns `os` and translation turns `ts`
/// as (step, first original turn, first translation turn, score), found in
/// the band around the diagonal: the scores of the last three rows and one
/// byte per cell of the band for the way back. No step links a pair `c`
/// forbids.
fn best_path(
    s: &Scorer,
    os: Range<usize>,
    ts: Range<usize>,
    c: &Constraints,
) -> Vec<(Step, usize, usize, PairScore)> {
    let (n, m) = (os.len(), ts.len());
    let (oa, ta) = (os.start, ts.start);
    let band = Band::new(n, m);
    // Rows i-2, i-1 and i, reused.
    let mut rows: [Row; 3] = Default::default();
    // For each row, its first column and the step into each of its cells
    // (its index in STEPS plus one; 0 for none).
    let mut back: Vec<(usize, Vec<u8>)> = Vec::with_capacity(n + 1);
    for i in 0..=n {
        let (lo, hi) = band.columns(i);
        let mut current = std::mem::take(&mut rows[2]);
        current.lo = lo;
        current.best.clear();
        let mut steps = Vec::with_capacity(hi + 1 - lo);
        for j in lo..=hi {
            if i == 0 && j == 0 {
                current.best.push(0.0);
                steps.push(0);
                continue;
            }
            let mut cell = f32::NEG_INFINITY;
            let mut from = 0u8;
            for (k, step) in STEPS.into_iter().enumerate() {
                let (di, dj) = step.size();
                if di > i || dj > j {
                    continue;
                }
                let before = match di {
                    0 => current.get(j - dj),
                    1 => rows[1].get(j - dj),
                    _ => rows[0].get(j - dj),
                };
                if before == f32::NEG_INFINITY || c.forbids_step(step, oa + i - di, ta + j - dj) {
                    continue;
                }
                let pair = step_score(s, step, oa + i - di, ta + j - dj);
                if before + pair.score > cell {
                    cell = before + pair.score;
                    from = k as u8 + 1;
                }
            }
            current.best.push(cell);
            steps.push(from);
        }
        back.push((lo, steps));
        rows.rotate_left(1);
        rows[1] = current;
    }
    let mut path = Vec::new();
    let (mut i, mut j) = (n, m);
    while i > 0 || j > 0 {
        let (lo, steps) = &back[i];
        let Some(&code) = j.checked_sub(*lo).and_then(|k| steps.get(k)) else {
            break;
        };
        let Some(&step) = (code as usize).checked_sub(1).and_then(|k| STEPS.get(k)) else {
            break;
        };
        let (di, dj) = step.size();
        i -= di;
        j -= dj;
        path.push((step, oa + i, ta + j, step_score(s, step, oa + i, ta + j)));
    }
    path.reverse();
    path
}

/// The score of one step starting at original turn `i` and translation turn `j`.
fn step_score(s: &Scorer, step: Step, i: usize, j: usize) -> PairScore {
    let mut gap = PairScore {
        score: -GAP,
        why: Why::default(),
    };
    gap.why.push("gap");
    match step {
        Step::OneOne | Step::Fixed => s.pair(&s.original[i], &s.translation[j], i, j),
        Step::OriginalGap | Step::TranslationGap => gap,
        Step::TwoOne => {
            let mut p = s.pair(&s.original_pairs[i], &s.translation[j], i, j);
            p.score -= different_speakers(&s.within_original, &s.original[i], &s.original[i + 1]);
            // The second half may carry the speaker label where the first lost it.
            let second = s.pair(&s.original[i + 1], &s.translation[j], i + 1, j);
            if second.why.contains("speaker") && !p.why.contains("speaker") {
                p.score += SPEAKER * s.direct_speaker(&s.original[i + 1], &s.translation[j]);
                p.why.push("speaker");
            }
            p.score -= MERGE;
            p
        }
        Step::OneTwo => {
            let mut p = s.pair(&s.original[i], &s.translation_pairs[j], i, j);
            p.score -= MERGE
                + different_speakers(
                    &s.within_translation,
                    &s.translation[j],
                    &s.translation[j + 1],
                );
            p
        }
    }
}

/// The extra cost of merging two turns of one text whose labels name
/// different speakers (`within`: the similarity of that text's speaker
/// keys): a turn split in two keeps its speaker, so such a merge is as
/// unlikely as a gap.
fn different_speakers(within: &KeyTable, a: &Turn, b: &Turn) -> f32 {
    if a.sid.is_none() || b.sid.is_none() || within.get(a, b) >= 0.5 {
        0.0
    } else {
        GAP
    }
}

/// The links of a path, with confidences and diagnostics.
fn links_of(s: &Scorer, path: &[(Step, usize, usize, PairScore)]) -> Alignment {
    let mut out = Alignment::default();
    let logistic = |x: f32| 1.0 / (1.0 + (-x).exp());
    // The usual original label of each translation speaker, to tell a
    // garbled label from a name merely written in another script.
    let mut usual: HashMap<&str, HashMap<&str, u32>> = HashMap::new();
    for (step, i, j, _) in path {
        if matches!(step, Step::OneOne | Step::Fixed) {
            *usual
                .entry(s.translation[*j].speaker.as_str())
                .or_default()
                .entry(s.original[*i].speaker.as_str())
                .or_default() += 1;
        }
    }
    let usual: HashMap<&str, &str> = usual
        .into_iter()
        .filter_map(|(t, os)| {
            let best = os
                .into_iter()
                .max_by_key(|&(o, c)| (c, std::cmp::Reverse(o)))?;
            Some((t, best.0))
        })
        .collect();
    for (step, i, j, pair) in path {
        let (i, j) = (*i, *j);
        let evidence = pair.why.join(" ");
        let link = |o: Option<usize>, t: Option<usize>, confidence: f32, kind: &str| Link {
            original: o,
            translation: t,
            confidence: thousandths(confidence),
            why: if evidence.is_empty() || kind == "gap" {
                kind.to_string()
            } else {
                format!("{kind} {evidence}")
            },
        };
        match step {
            Step::OneOne | Step::Fixed => {
                out.links.push(if *step == Step::Fixed {
                    link(Some(i), Some(j), 1.0, "editor")
                } else {
                    link(Some(i), Some(j), logistic(pair.score), "1:1")
                });
                let (ot, tt) = (&s.original[i], &s.translation[j]);
                if let (Some(on), Some(tn)) = (&ot.speaker_name, &tt.speaker_name) {
                    let garbled = usual.get(tt.speaker.as_str()) != Some(&ot.speaker.as_str());
                    if garbled && s.direct_speaker(ot, tt) < 1.0 && pair.score > 1.0 && on != tn {
                        out.diagnostics_hint.push((Some(i), format!(
                            "original turn {} labelled \"{on}\" is spoken by {tn} in the translation (turn {})",
                            i + 1,
                            j + 1
                        )));
                    }
                }
            }
            Step::OriginalGap => {
                out.links.push(link(Some(i), None, 0.5, "gap"));
                out.diagnostics_hint.push((
                    Some(i),
                    format!(
                        "original turn {} has no counterpart in the translation",
                        i + 1
                    ),
                ));
            }
            Step::TranslationGap => {
                out.links.push(link(None, Some(j), 0.5, "gap"));
                out.diagnostics_hint.push((
                    None,
                    format!("translation turn {} has no counterpart in the original (missing from the OCR?)", j + 1),
                ));
            }
            Step::TwoOne => {
                let c = 0.9 * logistic(pair.score);
                out.links.push(link(Some(i), Some(j), c, "2:1"));
                out.links.push(link(Some(i + 1), Some(j), c, "2:1"));
                out.diagnostics_hint.push((Some(i), format!(
                    "original turns {} and {} are one turn in the translation (turn {}): split in two by the OCR?",
                    i + 1,
                    i + 2,
                    j + 1
                )));
            }
            Step::OneTwo => {
                let c = 0.9 * logistic(pair.score);
                out.links.push(link(Some(i), Some(j), c, "1:2"));
                out.links.push(link(Some(i), Some(j + 1), c, "1:2"));
                out.diagnostics_hint.push((
                    Some(i),
                    format!(
                        "original turn {} is two turns in the translation (turns {} and {})",
                        i + 1,
                        j + 1,
                        j + 2
                    ),
                ));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::read_record;

    const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../fixtures/align");
    const SEED: &str = "/work/shared/seed/000_d1706e7d43c0b0d8.txt";

    /// Reads a gold file: one link a line, `o=3 t=2`, `-` for no turn.
    fn read_gold(text: &str) -> Vec<(Option<usize>, Option<usize>)> {
        let side = |field: &str, prefix: &str| -> Option<usize> {
            field.strip_prefix(prefix).and_then(|v| v.parse().ok())
        };
        text.lines()
            .filter(|l| !l.trim().is_empty())
            .map(|l| {
                let mut fields = l.split_whitespace();
                let o = side(fields.next().unwrap_or(""), "o=");
                let t = side(fields.next().unwrap_or(""), "t=");
                (o, t)
            })
            .collect()
    }

    fn align_document(source: &str) -> (crate::model::Document, Alignment) {
        let doc = read_record(source, None);
        let original = doc.original().expect("an original").clone();
        let translation = doc.translations().next().expect("a translation").clone();
        let alignment = align_turns(&original, &translation);
        (doc, alignment)
    }

    #[test]
    fn gold_fixtures_are_aligned() {
        let mut names: Vec<String> = std::fs::read_dir(FIXTURES)
            .expect("the fixtures folder")
            .flatten()
            .filter_map(|e| e.file_name().into_string().ok())
            .filter_map(|n| n.strip_suffix(".gold").map(str::to_string))
            .collect();
        names.sort();
        assert!(names.len() >= 5, "the gold fixtures: {names:?}");
        let (mut found, mut total) = (0, 0);
        for name in &names {
            let gold =
                read_gold(&std::fs::read_to_string(format!("{FIXTURES}/{name}.gold")).unwrap());
            let source = std::fs::read_to_string(format!("{FIXTURES}/{name}.txt")).unwrap();
            let (_, alignment) = align_document(&source);
            let links: Vec<_> = alignment
                .links
                .iter()
                .map(|l| (l.original, l.translation))
                .collect();
            let hits = gold.iter().filter(|g| links.contains(g)).count();
            eprintln!(
                "align {name}: {hits}/{} gold links found ({:.3})",
                gold.len(),
                hits as f32 / gold.len() as f32
            );
            for link in &alignment.links {
                assert!((0.0..=1.0).contains(&link.confidence), "{link:?}");
            }
            found += hits;
            total += gold.len();
        }
        let accuracy = found as f32 / total as f32;
        eprintln!("align fixtures overall: {found}/{total} ({accuracy:.3})");
        assert!(accuracy >= 0.9, "alignment accuracy {accuracy}");
    }

    #[test]
    fn seed_is_aligned_one_to_one_with_projected_speakers() {
        let Ok(source) = std::fs::read_to_string(SEED) else {
            eprintln!("align seed: {SEED} not found, skipped");
            return;
        };
        let (doc, alignment) = align_document(&source);
        let original = doc.original().unwrap();
        let translation = doc.translations().next().unwrap();
        assert_eq!(original.turns().count(), 52);
        assert_eq!(translation.turns().count(), 52);
        let expected: Vec<_> = (0..52).map(|i| (Some(i), Some(i))).collect();
        let links: Vec<_> = alignment
            .links
            .iter()
            .map(|l| (l.original, l.translation))
            .collect();
        let hits = expected.iter().filter(|e| links.contains(e)).count();
        eprintln!("align seed: {hits}/52 one-to-one links found");
        assert_eq!(links, expected);

        let projection = alignment.speaker_projection(original, translation);
        let translated: Vec<Option<String>> = translation
            .turns()
            .map(|b| b.speaker.as_ref().map(|s| s.name.clone()))
            .collect();
        assert_eq!(projection, translated);
        for name in projection.iter().flatten() {
            assert!(
                ["Mikoyan", "Choe Yong-geon", "Rim Hae"].contains(&name.as_str()),
                "{name}"
            );
        }
        // The garbled labels are known by their translation's speaker.
        let labels: Vec<String> = original
            .turns()
            .map(|b| {
                b.speaker
                    .as_ref()
                    .map(|s| s.name.clone())
                    .unwrap_or_default()
            })
            .collect();
        for (garbled, clean) in [
            ("Миколдн", "Mikoyan"),
            ("Мамонин", "Mikoyan"),
            ("Чань Эн Ген", "Choe Yong-geon"),
            ("Уайт Эн Ген", "Choe Yong-geon"),
        ] {
            let at: Vec<usize> = (0..labels.len())
                .filter(|&i| labels[i] == garbled)
                .collect();
            assert!(!at.is_empty(), "{garbled}");
            for i in at {
                assert_eq!(projection[i].as_deref(), Some(clean), "turn {i} {garbled}");
            }
        }
        eprintln!("align seed hints: {:?}", alignment.diagnostics_hint);
    }

    #[test]
    fn empty_and_one_sided_texts() {
        let empty = Text::default();
        assert!(align_turns(&empty, &empty).links.is_empty());
        let (doc, _) =
            align_document(&std::fs::read_to_string(format!("{FIXTURES}/zh_talk.txt")).unwrap());
        let translation = doc.translations().next().unwrap();
        let alignment = align_turns(&empty, translation);
        assert_eq!(alignment.links.len(), translation.turns().count());
        assert!(alignment.links.iter().all(|l| l.original.is_none()));
        assert!(alignment.speaker_projection(&empty, translation).is_empty());
    }

    /// A record of `n` turns by two speakers in Russian and English, the
    /// original without the turns in `lost`.
    fn long_record(n: usize, lost: &[usize]) -> String {
        let mut out = String::from(
            "## **September 17, 1956**\n\n### **A Long Conversation**\n\n#### **Original Language:**\n\nRussian\n\n#### **Contents:**\n\nTranslation - English\n\n",
        );
        for i in (0..n).filter(|i| !lost.contains(i)) {
            let who = if i % 2 == 0 {
                "Микоян"
            } else {
                "Чой Ен Ген"
            };
            out.push_str(&format!("Тов. {who} - Мы обсудили вопрос номер {i}.\n\n"));
        }
        for i in 0..n {
            let who = if i % 2 == 0 {
                "Mikoyan"
            } else {
                "Choe Yong-geon"
            };
            out.push_str(&format!(
                "Cde. {who} - We discussed question number {i}.\n\n"
            ));
        }
        out
    }

    /// Texts of thousands of turns cost memory in proportion to their turns
    /// (a band around the diagonal), not to their square, and still align.
    #[test]
    fn long_texts_align_in_a_band() {
        let lost = [700, 1500, 1501, 2300];
        let doc = read_record(&long_record(3000, &lost), None);
        let alignment = &doc.alignments[0];
        let kept: Vec<usize> = (0..3000).filter(|i| !lost.contains(i)).collect();
        let expected: Vec<_> = kept
            .iter()
            .enumerate()
            .map(|(o, &t)| (Some(o), Some(t)))
            .chain(lost.iter().map(|&t| (None, Some(t))))
            .collect();
        let links: Vec<_> = alignment
            .links
            .iter()
            .map(|l| (l.original, l.translation))
            .collect();
        for e in &expected {
            assert!(links.contains(e), "{e:?}");
        }
        assert_eq!(links.len(), expected.len());
    }

    /// Beyond the cap a text is not aligned, and the document says why.
    #[test]
    fn texts_beyond_the_cap_are_not_aligned() {
        let doc = read_record(&long_record(MAX_ALIGNED_TURNS + 1, &[]), None);
        assert_eq!(doc.texts[0].turns().count(), MAX_ALIGNED_TURNS + 1);
        assert!(doc.alignments.is_empty());
        let limit: Vec<_> = doc
            .diagnostics
            .iter()
            .filter(|d| d.code == DiagCode::LimitReached)
            .collect();
        assert_eq!(limit.len(), 1, "{:?}", doc.diagnostics.len());
        assert!(
            limit[0].message.contains("not aligned"),
            "{}",
            limit[0].message
        );
    }

    #[test]
    fn garbled_keys_are_close() {
        assert!(key_similarity(&speaker_key("Миколдн"), &speaker_key("Mikoyan")) > 0.6);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(key_similarity("", "abc"), 0.0);
    }
}
