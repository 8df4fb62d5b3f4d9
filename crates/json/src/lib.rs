//! The JSON interchange form of a document, version 1.
//!
//! This is a published format: `fonds convert` writes it, `fonds check --json`
//! prints it and the importer reads it back. It is written and read by hand
//! from the core types so that the core can change without changing what users
//! rely on. Its fields are described in `docs/document-json.md`; reading a
//! document from its JSON and writing it again gives the same JSON.

use fonds_core::date::{Certainty, DateValue};
use fonds_core::*;
use serde_json::{json, Map, Value};

/// The value of the `format` field.
pub const FORMAT: &str = "fonds-document";
/// The version this code writes and reads.
pub const VERSION: u64 = 1;

/// A problem in a JSON document, with the path to the offending value.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{path}: {message}")]
pub struct JsonError {
    /// Where in the document, as a JSON pointer-like path ("texts[0].pages[2].number").
    pub path: String,
    pub message: String,
}

pub fn to_json(doc: &Document) -> Value {
    json!({
        "format": FORMAT,
        "version": VERSION,
        "id": doc.id,
        "title": doc.title,
        "dates": doc.dates.iter().map(date_json).collect::<Vec<_>>(),
        "doc_type": doc.doc_type.as_str(),
        "classification": doc.classification.as_ref().map(|c| json!({
            "text": c.text,
            "level": c.level.map(|l| l.as_str()),
            "source": place_json(&c.source),
        })),
        "summary": doc.summary,
        "citation": citation_json(&doc.citation),
        "original_languages": doc.original_languages.iter().map(|l| l.code()).collect::<Vec<_>>(),
        "contents": doc.contents.iter().map(|c| json!({
            "kind": c.kind.as_str(),
            "language": c.language.as_ref().map(|l| l.code()),
            "label": c.label,
        })).collect::<Vec<_>>(),
        "texts": doc.texts.iter().map(text_json).collect::<Vec<_>>(),
        "participants": doc.participants.iter().map(participant_json).collect::<Vec<_>>(),
        "recorded_by": doc.recorded_by,
        "extra": doc.extra.iter().map(|(name, text)| json!({"name": name, "text": text})).collect::<Vec<_>>(),
        "alignments": doc.alignments.iter().map(alignment_json).collect::<Vec<_>>(),
        "turn_decisions": doc.turn_decisions.iter().map(decision_json).collect::<Vec<_>>(),
        "diagnostics": doc.diagnostics.iter().map(|d| json!({
            "severity": d.severity.as_str(),
            "code": d.code.as_str(),
            "line": d.line,
            "message": d.message,
        })).collect::<Vec<_>>(),
    })
}

fn place_json(p: &Place) -> Value {
    json!({"part": p.part.as_str(), "line": p.line})
}

fn date_json(d: &DateStatement) -> Value {
    json!({
        "stated": d.stated,
        "edtf": d.value.as_ref().map(|v| v.to_edtf(d.certainty)),
        "certainty": d.certainty.as_str(),
        "source": place_json(&d.source),
    })
}

fn citation_json(c: &Citation) -> Value {
    json!({
        "text": c.text,
        "publisher": c.publisher,
        "archival_reference": c.archival_reference.as_ref().map(|r| json!({
            "text": r.text,
            "repository": r.repository,
            "fond": r.fond,
            "opis": r.opis,
            "delo": r.delo,
            "folios": r.folios.map(|f| json!({"from": f.from, "to": f.to})),
            "location": r.location,
        })),
        "translators": c.translators,
        "url": c.url,
        "edition": c.edition.as_ref().map(|e| json!({
            "title": e.title,
            "editors": e.editors,
            "publisher": e.publisher,
            "place": e.place,
            "year": e.year,
            "number": e.number,
            "sections": e.sections,
        })),
    })
}

/// One text of a document in the JSON form (the elements of `texts`).
pub fn text_json(t: &Text) -> Value {
    json!({
        "role": t.role.as_str(),
        "language": t.language.code(),
        "pages": t.pages.iter().map(page_json).collect::<Vec<_>>(),
    })
}

/// One page of a text in the JSON form.
pub fn page_json(p: &Page) -> Value {
    json!({
        "number": p.number,
        "folio": p.folio.as_ref().map(|f| {
            let mut v = json!({"number": f.number, "raw": f.raw, "read": f.read});
            if let Some(side) = f.side {
                v["side"] = side.as_str().into();
            }
            v
        }),
        "line": p.line,
        "blocks": p.blocks.iter().map(block_json).collect::<Vec<_>>(),
    })
}

/// One block in the JSON form.
pub fn block_json(b: &Block) -> Value {
    let mut m = Map::new();
    m.insert("kind".into(), b.kind.as_str().into());
    if let Some(s) = &b.speaker {
        m.insert("speaker".into(), json!({"label": s.label, "name": s.name}));
    }
    if b.continued {
        m.insert("continued".into(), true.into());
    }
    m.insert("line".into(), b.line.into());
    m.insert(
        "content".into(),
        b.content.iter().map(inline_json).collect::<Vec<_>>().into(),
    );
    if !b.participants.is_empty() {
        m.insert(
            "participants".into(),
            b.participants
                .iter()
                .map(participant_json)
                .collect::<Vec<_>>()
                .into(),
        );
    }
    Value::Object(m)
}

fn inline_json(i: &Inline) -> Value {
    match i {
        Inline::Text(t) => Value::String(t.clone()),
        Inline::Mark(m) => json!({"mark": m.kind.as_str(), "text": m.text}),
    }
}

fn participant_json(p: &Participant) -> Value {
    json!({"name": p.name, "role": p.role, "group": p.group, "variants": p.variants})
}

/// Reads a document from its JSON form.
pub fn from_json(v: &Value) -> Result<Document, JsonError> {
    let r = Reader::root();
    let obj = r.object(v)?;
    let format = r.field(obj, "format").and_then(|(r, v)| r.string(v))?;
    if format != FORMAT {
        return Err(r
            .at("format")
            .error(format!("expected \"{FORMAT}\", found \"{format}\"")));
    }
    let version = r.field(obj, "version").and_then(|(r, v)| r.u64(v))?;
    if version != VERSION {
        return Err(r.at("version").error(format!(
            "version {version} is not supported (this fonds reads version {VERSION})"
        )));
    }
    let mut doc = Document {
        id: r.req_string(obj, "id")?,
        title: r.req_string(obj, "title")?,
        dates: r.list(obj, "dates", read_date)?,
        doc_type: r.enumerated(obj, "doc_type", DocType::parse)?,
        classification: r.opt(obj, "classification", |r, v| {
            let o = r.object(v)?;
            Ok(Classification {
                text: r.req_string(o, "text")?,
                level: r.opt(o, "level", |r, v| r.parsed(v, SecurityLevel::parse))?,
                source: r.field(o, "source").and_then(|(r, v)| read_place(&r, v))?,
            })
        })?,
        summary: r.opt(obj, "summary", |r, v| r.string(v))?,
        citation: r
            .field(obj, "citation")
            .and_then(|(r, v)| read_citation(&r, v))?,
        original_languages: r.list(obj, "original_languages", read_lang)?,
        contents: r.list(obj, "contents", |r, v| {
            let o = r.object(v)?;
            Ok(ContentItem {
                kind: r.enumerated(o, "kind", ContentKind::parse)?,
                language: r.opt(o, "language", read_lang)?,
                label: r.req_string(o, "label")?,
            })
        })?,
        texts: r.list(obj, "texts", read_text)?,
        participants: r.list(obj, "participants", read_participant)?,
        recorded_by: r.list(obj, "recorded_by", |r, v| r.string(v))?,
        extra: r.list(obj, "extra", |r, v| {
            let o = r.object(v)?;
            Ok((r.req_string(o, "name")?, r.req_string(o, "text")?))
        })?,
        diagnostics: r.list(obj, "diagnostics", |r, v| {
            let o = r.object(v)?;
            Ok(Diagnostic {
                severity: r.enumerated(o, "severity", Severity::parse)?,
                code: r.enumerated(o, "code", DiagCode::parse)?,
                line: r.opt(o, "line", |r, v| r.u32(v))?,
                message: r.req_string(o, "message")?,
            })
        })?,
        alignments: Vec::new(),
        turn_decisions: Vec::new(),
    };
    doc.turn_decisions = r.list(obj, "turn_decisions", |r, v| read_decision(r, v, &doc))?;
    if doc.turn_decisions.len() > fonds_core::align::MAX_DECISIONS {
        return Err(r.at("turn_decisions").error(format!(
            "{} decisions; a document keeps at most {}",
            doc.turn_decisions.len(),
            fonds_core::align::MAX_DECISIONS
        )));
    }
    match obj.get("alignments") {
        // Written before alignments were stored: align now.
        None => fonds_core::align::align_document(&mut doc),
        Some(_) => doc.alignments = r.list(obj, "alignments", |r, v| read_alignment(r, v, &doc))?,
    }
    Ok(doc)
}

fn decision_json(d: &TurnDecision) -> Value {
    let mark = |m: &TurnMark| json!({"turn": m.turn, "words": m.words});
    json!({
        "translation": d.translation,
        "original_turn": mark(&d.original_turn),
        "translation_turn": mark(&d.translation_turn),
        "linked": d.linked,
    })
}

/// An editor's decision on two turns: the translation it names exists and
/// is one. Its turns are found by their words when the document is aligned,
/// so a number past the end is not an error here.
fn read_decision(r: &Reader, v: &Value, doc: &Document) -> Result<TurnDecision, JsonError> {
    let o = r.object(v)?;
    let (rt, vt) = r.field(o, "translation")?;
    let translation = rt.u32(vt)? as usize;
    match doc.texts.get(translation) {
        Some(t) if t.role == TextRole::Translation => {}
        Some(_) => return Err(rt.error(format!("text {translation} is not a translation"))),
        None => return Err(rt.error(format!("there is no text {translation}"))),
    }
    let mark = |key: &str| -> Result<TurnMark, JsonError> {
        let (r, v) = r.field(o, key)?;
        let m = r.object(v)?;
        let (rn, vn) = r.field(m, "turn")?;
        Ok(TurnMark {
            turn: rn.u32(vn)? as usize,
            words: r.req_string(m, "words")?,
        })
    };
    let (rl, vl) = r.field(o, "linked")?;
    Ok(TurnDecision {
        translation,
        original_turn: mark("original_turn")?,
        translation_turn: mark("translation_turn")?,
        linked: rl.bool(vl)?,
    })
}

fn alignment_json(a: &TurnAlignment) -> Value {
    json!({
        "original": a.original,
        "translation": a.translation,
        "links": a.links.iter().map(link_json).collect::<Vec<_>>(),
        "speakers": a.speakers,
    })
}

/// One link of a turn alignment as the JSON form writes it (the API serves
/// the same): both turns, the confidence in thousandths, the evidence.
pub fn link_json(l: &TurnLink) -> Value {
    json!({
        "original": l.original,
        "translation": l.translation,
        // Thousandths, as the model keeps them.
        "confidence": (f64::from(l.confidence) * 1000.0).round() / 1000.0,
        "why": l.why,
    })
}

/// An alignment, checked against the document's texts: the texts it names
/// exist and have the right roles, and every turn it names exists.
fn read_alignment(r: &Reader, v: &Value, doc: &Document) -> Result<TurnAlignment, JsonError> {
    let o = r.object(v)?;
    let text = |key: &str, role: TextRole| -> Result<(usize, usize), JsonError> {
        let (r, v) = r.field(o, key)?;
        let i = r.u32(v)? as usize;
        match doc.texts.get(i) {
            Some(t) if t.role == role => Ok((i, t.turns().count())),
            Some(_) => Err(r.error(format!(
                "text {i} is not {} text",
                match role {
                    TextRole::Original => "an original",
                    TextRole::Translation => "a translation",
                }
            ))),
            None => Err(r.error(format!("there is no text {i}"))),
        }
    };
    let (original, original_turns) = text("original", TextRole::Original)?;
    let (translation, translation_turns) = text("translation", TextRole::Translation)?;
    let turn = |r: &Reader, v: &Value, count: usize| -> Result<usize, JsonError> {
        let n = r.u32(v)? as usize;
        if n < count {
            Ok(n)
        } else {
            Err(r.error(format!(
                "turn {n} does not exist (the text has {count} turns)"
            )))
        }
    };
    let links = r.list(o, "links", |r, v| {
        let l = r.object(v)?;
        let confidence = r.field(l, "confidence").and_then(|(r, v)| {
            v.as_f64()
                .filter(|c| (0.0..=1.0).contains(c))
                .map(|c| c as f32)
                .ok_or_else(|| r.error(format!("expected a number from 0 to 1, found {v}")))
        })?;
        Ok(TurnLink {
            original: r.opt(l, "original", |r, v| turn(r, v, original_turns))?,
            translation: r.opt(l, "translation", |r, v| turn(r, v, translation_turns))?,
            confidence,
            why: r.opt(l, "why", |r, v| r.string(v))?.unwrap_or_default(),
        })
    })?;
    let speakers = r.list(o, "speakers", |r, v| match v {
        Value::Null => Ok(None),
        v => r.string(v).map(Some),
    })?;
    if speakers.len() > original_turns {
        return Err(r.at("speakers").error(format!(
            "{} speakers for {original_turns} original turns",
            speakers.len()
        )));
    }
    Ok(TurnAlignment {
        original,
        translation,
        links,
        speakers,
    })
}

fn read_lang(r: &Reader, v: &Value) -> Result<Lang, JsonError> {
    let code = r.string(v)?;
    Lang::from_code(&code).ok_or_else(|| {
        r.error(format!(
            "\"{code}\" is not an ISO 639-1 language code fonds knows"
        ))
    })
}

fn read_place(r: &Reader, v: &Value) -> Result<Place, JsonError> {
    let o = r.object(v)?;
    Ok(Place {
        part: r.enumerated(o, "part", Part::parse)?,
        line: r.opt(o, "line", |r, v| r.u32(v))?,
    })
}

fn read_date(r: &Reader, v: &Value) -> Result<DateStatement, JsonError> {
    let o = r.object(v)?;
    let value = r.opt(o, "edtf", |r, v| {
        let s = r.string(v)?;
        DateValue::parse_edtf(&s)
            .map(|(v, _)| v)
            .ok_or_else(|| r.error(format!("\"{s}\" is not an EDTF date fonds reads")))
    })?;
    Ok(DateStatement {
        stated: r.req_string(o, "stated")?,
        value,
        certainty: r.enumerated(o, "certainty", Certainty::parse)?,
        source: r.field(o, "source").and_then(|(r, v)| read_place(&r, v))?,
    })
}

fn read_citation(r: &Reader, v: &Value) -> Result<Citation, JsonError> {
    let o = r.object(v)?;
    Ok(Citation {
        text: r.req_string(o, "text")?,
        publisher: r.opt(o, "publisher", |r, v| r.string(v))?,
        archival_reference: r.opt(o, "archival_reference", |r, v| {
            let o = r.object(v)?;
            let s = |name: &str| r.opt(o, name, |r, v| r.string(v));
            Ok(ArchivalReference {
                text: r.req_string(o, "text")?,
                repository: s("repository")?,
                fond: s("fond")?,
                opis: s("opis")?,
                delo: s("delo")?,
                folios: r.opt(o, "folios", |r, v| {
                    let f = r.object(v)?;
                    let from = r.field(f, "from").and_then(|(r, v)| r.u32(v))?;
                    let to = r.field(f, "to").and_then(|(r, v)| r.u32(v))?;
                    if from > to {
                        return Err(r.error(format!("folio range runs backwards ({from} to {to})")));
                    }
                    Ok(FolioRange { from, to })
                })?,
                location: s("location")?,
            })
        })?,
        translators: r.list(o, "translators", |r, v| r.string(v))?,
        url: r.opt(o, "url", |r, v| r.string(v))?,
        edition: r.opt(o, "edition", |r, v| {
            let o = r.object(v)?;
            let s = |name: &str| r.opt(o, name, |r, v| r.string(v));
            Ok(Edition {
                title: r.req_string(o, "title")?,
                editors: r.list(o, "editors", |r, v| r.string(v))?,
                publisher: s("publisher")?,
                place: s("place")?,
                year: r.opt(o, "year", |r, v| r.i32(v))?,
                number: s("number")?,
                sections: r.list(o, "sections", |r, v| r.string(v))?,
            })
        })?,
    })
}

fn read_text(r: &Reader, v: &Value) -> Result<Text, JsonError> {
    let o = r.object(v)?;
    Ok(Text {
        role: r.enumerated(o, "role", TextRole::parse)?,
        language: r.field(o, "language").and_then(|(r, v)| read_lang(&r, v))?,
        pages: r.list(o, "pages", |r, v| {
            let p = r.object(v)?;
            Ok(Page {
                number: r.opt(p, "number", |r, v| r.u32(v))?,
                folio: r.opt(p, "folio", |r, v| {
                    let f = r.object(v)?;
                    Ok(Folio {
                        number: r.field(f, "number").and_then(|(r, v)| r.u32(v))?,
                        side: r.opt(f, "side", |r, v| {
                            let s = r.string(v)?;
                            fonds_core::Side::parse(&s)
                                .ok_or_else(|| r.error(format!("{s:?} is not a side (r or v)")))
                        })?,
                        raw: r.opt(f, "raw", |r, v| r.string(v))?,
                        read: r.field(f, "read").and_then(|(r, v)| r.bool(v))?,
                    })
                })?,
                line: r.field(p, "line").and_then(|(r, v)| r.u32(v))?,
                blocks: r.list(p, "blocks", read_block)?,
            })
        })?,
    })
}

fn read_block(r: &Reader, v: &Value) -> Result<Block, JsonError> {
    let o = r.object(v)?;
    Ok(Block {
        kind: r.enumerated(o, "kind", BlockKind::parse)?,
        speaker: r.opt(o, "speaker", |r, v| {
            let s = r.object(v)?;
            Ok(Speaker {
                label: r.req_string(s, "label")?,
                name: r.req_string(s, "name")?,
            })
        })?,
        continued: r.opt(o, "continued", |r, v| r.bool(v))?.unwrap_or(false),
        content: r.list(o, "content", |r, v| match v {
            Value::String(s) => Ok(Inline::Text(s.clone())),
            _ => {
                let m = r.object(v)?;
                Ok(Inline::Mark(Mark {
                    kind: r.enumerated(m, "mark", MarkKind::parse)?,
                    text: r.req_string(m, "text")?,
                }))
            }
        })?,
        participants: r
            .opt(o, "participants", |r, v| r.array(v, read_participant))?
            .unwrap_or_default(),
        line: r.field(o, "line").and_then(|(r, v)| r.u32(v))?,
    })
}

fn read_participant(r: &Reader, v: &Value) -> Result<Participant, JsonError> {
    let o = r.object(v)?;
    Ok(Participant {
        name: r.req_string(o, "name")?,
        role: r.opt(o, "role", |r, v| r.string(v))?,
        group: r.opt(o, "group", |r, v| r.string(v))?,
        variants: r
            .opt(o, "variants", |r, v| r.array(v, |r, v| r.string(v)))?
            .unwrap_or_default(),
    })
}

/// Walks a JSON value, keeping the way to where it is for error messages:
/// each step borrows the one before, and the path is written out only when
/// there is an error to report.
struct Reader<'a> {
    parent: Option<&'a Reader<'a>>,
    step: Step<'a>,
}

enum Step<'a> {
    Root,
    Key(&'a str),
    Index(usize),
}

impl Reader<'_> {
    fn root() -> Reader<'static> {
        Reader {
            parent: None,
            step: Step::Root,
        }
    }

    fn at<'s>(&'s self, key: &'s str) -> Reader<'s> {
        Reader {
            parent: Some(self),
            step: Step::Key(key),
        }
    }

    fn index(&self, i: usize) -> Reader<'_> {
        Reader {
            parent: Some(self),
            step: Step::Index(i),
        }
    }

    /// "texts[0].pages[2].blocks[5].kind"
    fn path(&self) -> String {
        let mut steps = Vec::new();
        let mut at = Some(self);
        while let Some(r) = at {
            steps.push(&r.step);
            at = r.parent;
        }
        let mut out = String::new();
        for step in steps.into_iter().rev() {
            match step {
                Step::Root => {}
                Step::Key(k) => {
                    if !out.is_empty() {
                        out.push('.');
                    }
                    out.push_str(k);
                }
                Step::Index(i) => out.push_str(&format!("[{i}]")),
            }
        }
        out
    }

    fn error(&self, message: impl Into<String>) -> JsonError {
        let path = self.path();
        JsonError {
            path: if path.is_empty() {
                "(document)".to_string()
            } else {
                path
            },
            message: message.into(),
        }
    }

    fn object<'v>(&self, v: &'v Value) -> Result<&'v Map<String, Value>, JsonError> {
        v.as_object()
            .ok_or_else(|| self.error(format!("expected an object, found {}", kind(v))))
    }

    fn field<'s, 'v>(
        &'s self,
        o: &'v Map<String, Value>,
        key: &'s str,
    ) -> Result<(Reader<'s>, &'v Value), JsonError> {
        let r = self.at(key);
        match o.get(key) {
            Some(v) => Ok((r, v)),
            None => Err(r.error("missing field")),
        }
    }

    fn string(&self, v: &Value) -> Result<String, JsonError> {
        v.as_str()
            .map(str::to_string)
            .ok_or_else(|| self.error(format!("expected a string, found {}", kind(v))))
    }

    fn req_string(&self, o: &Map<String, Value>, key: &str) -> Result<String, JsonError> {
        self.field(o, key).and_then(|(r, v)| r.string(v))
    }

    fn bool(&self, v: &Value) -> Result<bool, JsonError> {
        v.as_bool()
            .ok_or_else(|| self.error(format!("expected true or false, found {}", kind(v))))
    }

    fn u64(&self, v: &Value) -> Result<u64, JsonError> {
        v.as_u64()
            .ok_or_else(|| self.error(format!("expected a whole number, found {}", kind(v))))
    }

    fn u32(&self, v: &Value) -> Result<u32, JsonError> {
        let n = self.u64(v)?;
        u32::try_from(n).map_err(|_| self.error(format!("{n} is too large")))
    }

    fn i32(&self, v: &Value) -> Result<i32, JsonError> {
        let n = v
            .as_i64()
            .ok_or_else(|| self.error(format!("expected a whole number, found {}", kind(v))))?;
        i32::try_from(n).map_err(|_| self.error(format!("{n} is out of range")))
    }

    fn parsed<T>(&self, v: &Value, parse: fn(&str) -> Option<T>) -> Result<T, JsonError> {
        let s = self.string(v)?;
        parse(&s).ok_or_else(|| self.error(format!("\"{s}\" is not one of the allowed values")))
    }

    fn enumerated<T>(
        &self,
        o: &Map<String, Value>,
        key: &str,
        parse: fn(&str) -> Option<T>,
    ) -> Result<T, JsonError> {
        self.field(o, key).and_then(|(r, v)| r.parsed(v, parse))
    }

    /// An optional field: absent or null is None.
    fn opt<T>(
        &self,
        o: &Map<String, Value>,
        key: &str,
        read: impl Fn(&Reader, &Value) -> Result<T, JsonError>,
    ) -> Result<Option<T>, JsonError> {
        match o.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(v) => read(&self.at(key), v).map(Some),
        }
    }

    fn array<T>(
        &self,
        v: &Value,
        read: impl Fn(&Reader, &Value) -> Result<T, JsonError>,
    ) -> Result<Vec<T>, JsonError> {
        let items = v
            .as_array()
            .ok_or_else(|| self.error(format!("expected an array, found {}", kind(v))))?;
        items
            .iter()
            .enumerate()
            .map(|(i, item)| read(&self.index(i), item))
            .collect()
    }

    /// A list field: absent or null is empty.
    fn list<T>(
        &self,
        o: &Map<String, Value>,
        key: &str,
        read: impl Fn(&Reader, &Value) -> Result<T, JsonError>,
    ) -> Result<Vec<T>, JsonError> {
        match o.get(key) {
            None | Some(Value::Null) => Ok(Vec::new()),
            Some(v) => self.at(key).array(v, read),
        }
    }
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record() -> Value {
        let text = "## **March 3, 1958**\n\n### **Minutes**\n\n#### **Citation:**\n\n\"Minutes\", March 3, 1958, Wilson Center Digital Archive, RGANI, f. 5, op. 30, d. 245, ll. 1-3.\n\n#### **Original Language:**\n\nRussian\n\nМикоян - Мы обсудили вопрос.\n\nТов. Громыко - Согласен.\n";
        to_json(&fonds_core::record::read_record(text, Some("minutes")))
    }

    #[test]
    fn reads_back_what_it_writes() {
        let v = record();
        assert_eq!(to_json(&from_json(&v).unwrap()), v);
    }

    #[test]
    fn editors_decisions_on_turns_read_back() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../fixtures/align/ru_missing.txt"
        );
        let source = std::fs::read_to_string(path).unwrap();
        let mut doc = fonds_core::record::read_record(&source, None);
        let ti = doc.alignments[0].translation;
        fonds_core::align::decide(&mut doc, ti, 4, 4, fonds_core::align::Choice::Link).unwrap();
        fonds_core::align::decide(&mut doc, ti, 6, 7, fonds_core::align::Choice::Unlink).unwrap();
        let v = to_json(&doc);
        let back = from_json(&v).unwrap();
        assert_eq!(back.turn_decisions, doc.turn_decisions);
        assert_eq!(to_json(&back), v);

        // A decision that names the original as its translation is refused.
        let mut bad = v.clone();
        bad["turn_decisions"][1]["translation"] = json!(0);
        let e = from_json(&bad).unwrap_err();
        assert_eq!(e.path, "turn_decisions[1].translation");
        assert!(e.message.contains("not a translation"), "{e}");
    }

    /// An error names the path to the value at fault and says what is wrong.
    #[test]
    fn errors_say_where() {
        let mut v = record();
        v["texts"][0]["pages"][0]["blocks"][1]["line"] = json!("seven");
        let e = from_json(&v).unwrap_err();
        assert_eq!(e.path, "texts[0].pages[0].blocks[1].line");
        assert_eq!(e.message, "expected a whole number, found a string");

        let mut v = record();
        v["texts"][0]["language"] = json!("xx");
        let e = from_json(&v).unwrap_err();
        assert_eq!(
            e.to_string(),
            "texts[0].language: \"xx\" is not an ISO 639-1 language code fonds knows"
        );

        let mut v = record();
        v.as_object_mut().unwrap().remove("title");
        assert_eq!(from_json(&v).unwrap_err().path, "title");
        assert_eq!(from_json(&json!([])).unwrap_err().path, "(document)");
    }
}
