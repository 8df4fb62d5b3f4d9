//! What the index keeps of each document beside its postings, so that a
//! search answers from the index alone: the card a hit shows (title, date,
//! type, archive, reference, languages), and the texts a snippet is cut
//! from, each with the byte range of every word at its position in the
//! field that indexes it. A snippet then reads the positions of the
//! query's words from the postings and cuts the text around them: nothing
//! is analysed again, nothing is read from the store, no JSON is parsed.
//!
//! The card is one stored string in a layout of our own (`FORMAT` first,
//! then numbers and length-prefixed strings), read back field by field;
//! tantivy's document store compresses it. Its numbers are varints of six
//! bits a byte, every byte ASCII, so that the whole card is valid UTF-8:
//! tantivy reads a stored string in one copy, and a stored bytes value
//! byte by byte.

use fonds_core::{BlockKind, Document, Part, TextRole};
use std::ops::Range;

/// The layout of the stored card; a change is a new `INDEX_FORMAT`.
const FORMAT: u8 = 4;

/// What a hit shows of its document.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Card {
    pub id: String,
    pub title: String,
    pub date: Option<CardDate>,
    pub doc_type: String,
    pub repository: Option<String>,
    /// The archival reference as written.
    pub reference: Option<String>,
    /// The languages of the texts, in the texts' order, each once.
    pub languages: Vec<String>,
    /// The document's number in the printed volume it appears in ("72"),
    /// which orders a volume's table of contents.
    pub number: Option<String>,
    /// The headings of the volume's chapters it stands in, outermost first.
    pub sections: Vec<String>,
}

/// A card's date: as the document states it, and in EDTF.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CardDate {
    pub stated: String,
    pub edtf: Option<String>,
}

impl Card {
    /// The card of a document.
    pub fn of(doc: &Document) -> Card {
        let r = doc.citation.archival_reference.as_ref();
        let mut languages: Vec<String> = Vec::new();
        for t in &doc.texts {
            let code = t.language.code();
            if !languages.iter().any(|l| l == code) {
                languages.push(code.to_string());
            }
        }
        Card {
            id: doc.id.clone(),
            title: doc.title.clone(),
            date: doc.date().map(|d| CardDate {
                stated: d.stated.clone(),
                edtf: d.value.as_ref().map(|v| v.to_edtf(d.certainty)),
            }),
            doc_type: doc.doc_type.as_str().to_string(),
            repository: r.and_then(|r| r.repository.clone()),
            reference: r.map(|r| r.text.clone()),
            languages,
            number: doc.citation.edition.as_ref().and_then(|e| e.number.clone()),
            sections: doc
                .citation
                .edition
                .as_ref()
                .map(|e| e.sections.clone())
                .unwrap_or_default(),
        }
    }
}

/// A word of a stored text: its position in the field and its bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Word {
    pub position: u32,
    pub from: u32,
    pub to: u32,
}

/// A stretch of a text said by one speaker: the bytes of a block's text,
/// the turn it belongs to (0-based, as `Text::turns` counts) and the
/// speaker's key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Said {
    pub range: Range<u32>,
    pub turn: u32,
    pub speaker: String,
}

/// One part of a document as a snippet needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct StoredPart {
    pub part: Part,
    pub language: String,
    /// The id of the field that indexes the part.
    pub field: u32,
    pub text: String,
    /// In position order.
    pub words: Vec<Word>,
    /// The stretches said by a known speaker, in text order (originals
    /// and translations only).
    pub said: Vec<Said>,
}

/// Everything stored of one document.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct Stored {
    pub card: Card,
    pub parts: Vec<StoredPart>,
}

impl StoredPart {
    /// A part of `text`, the role's `part`, before its words are known.
    pub fn new(part: Part, language: &str, field: u32, text: String) -> StoredPart {
        StoredPart {
            part,
            language: language.to_string(),
            field,
            text,
            words: Vec::new(),
            said: Vec::new(),
        }
    }
}

/// The parts of a document's texts, each with the stretches its speakers
/// say (`speakers[i]`: the key of each block's speaker in text `i`).
pub(crate) fn text_parts(
    doc: &Document,
    field_of: impl Fn(TextRole, &str) -> u32,
    speakers: impl Fn(usize) -> Vec<Option<String>>,
) -> Vec<StoredPart> {
    let mut out = Vec::with_capacity(doc.texts.len());
    for (ti, t) in doc.texts.iter().enumerate() {
        let part = match t.role {
            TextRole::Original => Part::Original,
            TextRole::Translation => Part::Translation,
        };
        let code = t.language.code();
        let mut p = StoredPart::new(part, code, field_of(t.role, code), String::new());
        let keys = speakers(ti);
        let mut turn = 0u32;
        // As `Text::reading_lines` writes it, noting where each block's own
        // text lies.
        for (b, key) in t
            .blocks()
            .zip(keys.into_iter().chain(std::iter::repeat(None)))
        {
            if b.kind == BlockKind::Turn && !b.continued {
                turn += 1;
            }
            if let (Some(speaker), false) = (&b.speaker, b.continued) {
                p.text.push_str(&speaker.label);
                p.text.push_str(" - ");
            }
            let from = p.text.len() as u32;
            p.text.push_str(&b.reading_text());
            let to = p.text.len() as u32;
            p.text.push('\n');
            if let Some(key) = key {
                p.said.push(Said {
                    range: from..to,
                    turn: turn.saturating_sub(1),
                    speaker: key,
                });
            }
        }
        out.push(p);
    }
    out
}

/// Six bits a byte, low bits first, 0x40 set on every byte but the last:
/// every byte is ASCII.
fn put_varint(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x40 {
        out.push((v as u8 & 0x3f) | 0x40);
        v >>= 6;
    }
    out.push(v as u8);
}

fn put_str(out: &mut Vec<u8>, s: &str) {
    put_varint(out, s.len() as u64);
    out.extend_from_slice(s.as_bytes());
}

fn put_opt(out: &mut Vec<u8>, s: Option<&str>) {
    match s {
        Some(s) => {
            out.push(1);
            put_str(out, s);
        }
        None => out.push(0),
    }
}

fn part_code(p: Part) -> u8 {
    match p {
        Part::Header => 0,
        Part::Title => 1,
        Part::Citation => 2,
        Part::Summary => 3,
        Part::Original => 4,
        Part::Translation => 5,
    }
}

fn part_of(code: u8) -> Option<Part> {
    Some(match code {
        0 => Part::Header,
        1 => Part::Title,
        2 => Part::Citation,
        3 => Part::Summary,
        4 => Part::Original,
        5 => Part::Translation,
        _ => return None,
    })
}

impl Stored {
    pub fn encode(&self) -> String {
        let size: usize = self
            .parts
            .iter()
            .map(|p| p.text.len() + 4 * p.words.len())
            .sum();
        let mut out = Vec::with_capacity(size + 256);
        out.push(FORMAT);
        let c = &self.card;
        put_str(&mut out, &c.id);
        put_str(&mut out, &c.title);
        match &c.date {
            Some(d) => {
                out.push(1);
                put_str(&mut out, &d.stated);
                put_opt(&mut out, d.edtf.as_deref());
            }
            None => out.push(0),
        }
        put_str(&mut out, &c.doc_type);
        put_opt(&mut out, c.repository.as_deref());
        put_opt(&mut out, c.reference.as_deref());
        put_varint(&mut out, c.languages.len() as u64);
        for l in &c.languages {
            put_str(&mut out, l);
        }
        put_opt(&mut out, c.number.as_deref());
        put_varint(&mut out, c.sections.len() as u64);
        for s in &c.sections {
            put_str(&mut out, s);
        }
        put_varint(&mut out, self.parts.len() as u64);
        for p in &self.parts {
            out.push(part_code(p.part));
            put_str(&mut out, &p.language);
            put_varint(&mut out, p.field as u64);
            put_str(&mut out, &p.text);
            // The words' bytes are preceded by their length, so that a reader
            // can pass over them and decode them only for a part it cuts a
            // snippet from.
            let mut words = Vec::with_capacity(3 * p.words.len());
            let (mut position, mut at) = (0u32, 0u32);
            for w in &p.words {
                // Positions rise; a word mostly starts after the one before,
                // but not always (a segmenter's overlapping words): the
                // start is a signed step, zigzag-coded.
                put_varint(&mut words, (w.position - position) as u64);
                let step = i64::from(w.from) - i64::from(at);
                put_varint(&mut words, ((step << 1) ^ (step >> 63)) as u64);
                put_varint(&mut words, (w.to - w.from) as u64);
                position = w.position;
                at = w.from;
            }
            // The positions the part spans, so that a reader tells its
            // words from another part's in the same field.
            let first = p.words.first().map_or(0, |w| w.position);
            put_varint(&mut out, first as u64);
            put_varint(&mut out, (position - first) as u64);
            put_varint(&mut out, words.len() as u64);
            out.extend_from_slice(&words);
            put_varint(&mut out, p.said.len() as u64);
            for s in &p.said {
                put_varint(&mut out, s.range.start as u64);
                put_varint(&mut out, (s.range.end - s.range.start) as u64);
                put_varint(&mut out, s.turn as u64);
                put_str(&mut out, &s.speaker);
            }
        }
        // Strings are UTF-8 and every other byte is ASCII.
        String::from_utf8(out).expect("a card is UTF-8")
    }
}

/// A card as read back from the index: each part is a place in the stored
/// string, and its words are decoded only when a snippet is cut from it.
#[derive(Debug, Clone, Default)]
pub(crate) struct ReadCard {
    raw: String,
    pub parts: Vec<ReadPart>,
}

#[derive(Debug, Clone)]
pub(crate) struct ReadPart {
    pub part: Part,
    pub language: String,
    pub field: u32,
    text: Range<usize>,
    /// The positions of its first and last words.
    pub positions: std::ops::RangeInclusive<u32>,
    words: Range<usize>,
    pub said: Vec<Said>,
}

impl ReadCard {
    /// Reads a stored card back; None for a string it did not write.
    pub fn decode(raw: String) -> Option<(Card, ReadCard)> {
        let mut r = Reader {
            bytes: raw.as_bytes(),
            at: 0,
        };
        let card = read_card(&mut r)?;
        let n = r.count()?;
        let mut parts = Vec::with_capacity(n);
        for _ in 0..n {
            let part = part_of(r.byte()?)?;
            let language = r.string()?;
            let field = u32::try_from(r.varint()?).ok()?;
            let text = r.span()?;
            // The card is a string: a text that starts and ends on
            // characters is one.
            if !raw.is_char_boundary(text.start) || !raw.is_char_boundary(text.end) {
                return None;
            }
            let first = u32::try_from(r.varint()?).ok()?;
            let last = first.checked_add(u32::try_from(r.varint()?).ok()?)?;
            let words = r.span()?;
            let len = text.len() as u32;
            let n = r.count()?;
            let mut said = Vec::with_capacity(n);
            for _ in 0..n {
                let from = u32::try_from(r.varint()?).ok()?;
                let to = from.checked_add(u32::try_from(r.varint()?).ok()?)?;
                if to > len {
                    return None;
                }
                said.push(Said {
                    range: from..to,
                    turn: u32::try_from(r.varint()?).ok()?,
                    speaker: r.string()?,
                });
            }
            parts.push(ReadPart {
                part,
                language,
                field,
                text,
                positions: first..=last,
                words,
                said,
            });
        }
        Some((card, ReadCard { raw, parts }))
    }

    pub fn text(&self, p: &ReadPart) -> &str {
        &self.raw[p.text.clone()]
    }

    /// A part's words in position order, read as they are asked for; a
    /// damaged stretch ends them.
    pub fn words<'a>(&'a self, p: &ReadPart) -> impl Iterator<Item = Word> + 'a {
        let text = self.text(p);
        let mut r = Reader {
            bytes: &self.raw.as_bytes()[p.words.clone()],
            at: 0,
        };
        let (mut position, mut at) = (0u64, 0i64);
        std::iter::from_fn(move || {
            if r.at == r.bytes.len() {
                return None;
            }
            position += r.varint()?;
            let step = r.varint()?;
            at += (step >> 1) as i64 ^ -((step & 1) as i64);
            let from = usize::try_from(at).ok()?;
            let to = from.checked_add(usize::try_from(r.varint()?).ok()?)?;
            if to > text.len() || !text.is_char_boundary(from) || !text.is_char_boundary(to) {
                return None;
            }
            Some(Word {
                position: u32::try_from(position).ok()?,
                from: from as u32,
                to: to as u32,
            })
        })
    }
}

fn read_card(r: &mut Reader) -> Option<Card> {
    if r.byte()? != FORMAT {
        return None;
    }
    let id = r.string()?;
    let title = r.string()?;
    let date = match r.byte()? {
        0 => None,
        _ => Some(CardDate {
            stated: r.string()?,
            edtf: r.opt()?,
        }),
    };
    let doc_type = r.string()?;
    let repository = r.opt()?;
    let reference = r.opt()?;
    let n = r.count()?;
    let mut languages = Vec::with_capacity(n);
    for _ in 0..n {
        languages.push(r.string()?);
    }
    let number = r.opt()?;
    let n = r.count()?;
    let mut sections = Vec::with_capacity(n);
    for _ in 0..n {
        sections.push(r.string()?);
    }
    Some(Card {
        id,
        title,
        date,
        doc_type,
        repository,
        reference,
        languages,
        number,
        sections,
    })
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Reader<'_> {
    fn byte(&mut self) -> Option<u8> {
        let b = *self.bytes.get(self.at)?;
        self.at += 1;
        Some(b)
    }

    fn varint(&mut self) -> Option<u64> {
        let mut v = 0u64;
        for shift in (0..64).step_by(6) {
            let b = self.byte()?;
            if b >= 0x80 {
                return None;
            }
            v |= ((b & 0x3f) as u64) << shift;
            if b < 0x40 {
                return Some(v);
            }
        }
        None
    }

    /// A count of items that each take at least a byte: never more than
    /// the bytes left, so a damaged count cannot ask for a huge vector.
    fn count(&mut self) -> Option<usize> {
        let n = usize::try_from(self.varint()?).ok()?;
        (n <= self.bytes.len() - self.at).then_some(n)
    }

    /// The place of a length-prefixed run of bytes, passed over.
    fn span(&mut self) -> Option<Range<usize>> {
        let n = self.count()?;
        let at = self.at;
        self.at += n;
        Some(at..at + n)
    }

    fn string(&mut self) -> Option<String> {
        let n = self.count()?;
        let s = std::str::from_utf8(&self.bytes[self.at..self.at + n]).ok()?;
        self.at += n;
        Some(s.to_string())
    }

    fn opt(&mut self) -> Option<Option<String>> {
        match self.byte()? {
            0 => Some(None),
            _ => Some(Some(self.string()?)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stored_card_reads_back_as_written() {
        let stored = Stored {
            card: Card {
                id: "d1".into(),
                title: "Запись беседы".into(),
                date: Some(CardDate {
                    stated: "3 марта 1958".into(),
                    edtf: Some("1958-03-03".into()),
                }),
                doc_type: "conversation".into(),
                repository: Some("GARF".into()),
                reference: None,
                languages: vec!["ru".into(), "en".into()],
                number: Some("72".into()),
                sections: vec!["Chapter I".into(), "Финансы".into()],
            },
            parts: vec![StoredPart {
                part: Part::Original,
                language: "ru".into(),
                field: 7,
                text: "Микоян - Да.\nНет\n".into(),
                words: vec![
                    Word {
                        position: 0,
                        from: 0,
                        to: 12,
                    },
                    Word {
                        position: 1,
                        from: 15,
                        to: 19,
                    },
                    Word {
                        position: 3,
                        from: 21,
                        to: 27,
                    },
                    // A segmenter's word inside the one before it.
                    Word {
                        position: 4,
                        from: 15,
                        to: 17,
                    },
                ],
                said: vec![Said {
                    range: 15..20,
                    turn: 0,
                    speaker: "mikoyan".into(),
                }],
            }],
        };
        let raw = stored.encode();
        let (card, read) = ReadCard::decode(raw.clone()).unwrap();
        assert_eq!(card, stored.card);
        assert_eq!(read.parts.len(), stored.parts.len());
        for (r, p) in read.parts.iter().zip(&stored.parts) {
            assert_eq!(
                (r.part, &r.language, r.field),
                (p.part, &p.language, p.field)
            );
            assert_eq!(read.text(r), p.text);
            assert_eq!(read.words(r).collect::<Vec<_>>(), p.words);
            assert_eq!(r.said, p.said);
        }
        // A card cut short is refused, never read past its end.
        for cut in (0..raw.len()).filter(|&c| raw.is_char_boundary(c)) {
            assert!(
                ReadCard::decode(raw[..cut].to_string()).is_none(),
                "cut at {cut}"
            );
        }
    }
}
