//! A small element tree built with quick-xml, with the line of every element.
//!
//! The TEI readers walk the tree rather than the event stream, because FRUS
//! documents need their surroundings (the volume's persons, the page break
//! before the document starts). The builder refuses document type
//! declarations with an internal subset and entity declarations outright, so
//! no entity is ever expanded and nothing external is ever fetched.

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

use crate::TeiError;

/// How deeply elements may nest before the input is refused. TEI rarely goes
/// beyond thirty levels; the limit keeps recursion over the tree bounded.
pub const MAX_DEPTH: usize = 256;

/// One element: its name without namespace prefix, its attributes with their
/// prefixes kept (`xml:id`, `frus:doc-dateTime-min`), and its children.
#[derive(Debug, Clone)]
pub struct El {
    pub name: String,
    pub attrs: Vec<(String, String)>,
    pub children: Vec<Node>,
    /// 1-based line where the start tag is.
    pub line: u32,
}

#[derive(Debug, Clone)]
pub enum Node {
    El(El),
    Text(String),
}

impl El {
    /// The value of an attribute, by its qualified name.
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// The child elements, in order.
    pub fn elements(&self) -> impl Iterator<Item = &El> {
        self.children.iter().filter_map(|n| match n {
            Node::El(e) => Some(e),
            Node::Text(_) => None,
        })
    }

    /// The first child element of that name.
    pub fn child(&self, name: &str) -> Option<&El> {
        self.elements().find(|e| e.name == name)
    }

    /// Follows a path of child names.
    pub fn path(&self, names: &[&str]) -> Option<&El> {
        let mut at = self;
        for n in names {
            at = at.child(n)?;
        }
        Some(at)
    }

    /// Every descendant element (not the element itself), depth first.
    pub fn descendants(&self) -> Vec<&El> {
        let mut out = Vec::new();
        let mut stack: Vec<&El> = self.elements().collect();
        stack.reverse();
        while let Some(e) = stack.pop() {
            out.push(e);
            let start = stack.len();
            stack.extend(e.elements());
            stack[start..].reverse();
        }
        out
    }

    /// The text content with every descendant's text, whitespace collapsed.
    pub fn text(&self) -> String {
        self.text_without(&[])
    }

    /// The text content, skipping the elements named in `skip` (with their content).
    pub fn text_without(&self, skip: &[&str]) -> String {
        let mut out = String::new();
        self.collect_text(skip, &mut out);
        collapse(&out)
    }

    fn collect_text(&self, skip: &[&str], out: &mut String) {
        for child in &self.children {
            match child {
                Node::Text(t) => out.push_str(t),
                Node::El(e) if skip.contains(&e.name.as_str()) => {}
                Node::El(e) if e.name == "lb" => out.push(' '),
                Node::El(e) => e.collect_text(skip, out),
            }
        }
    }
}

/// Collapses every run of whitespace to one space and trims both ends.
pub fn collapse(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for word in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// Counts lines incrementally as the reader moves forward through the input.
struct Lines<'a> {
    input: &'a [u8],
    pos: usize,
    line: u32,
    line_start: usize,
}

impl<'a> Lines<'a> {
    fn at(&mut self, pos: usize) -> (u32, u32) {
        let pos = pos.min(self.input.len());
        if pos < self.pos {
            // Positions only move forward in practice; recount if they do not.
            self.pos = 0;
            self.line = 1;
            self.line_start = 0;
        }
        for (i, &b) in self.input[self.pos..pos].iter().enumerate() {
            if b == b'\n' {
                self.line += 1;
                self.line_start = self.pos + i + 1;
            }
        }
        self.pos = pos;
        let column = String::from_utf8_lossy(&self.input[self.line_start..pos])
            .chars()
            .count() as u32
            + 1;
        (self.line, column)
    }
}

/// Parses `xml` into its root element.
pub fn parse(xml: &str) -> Result<El, TeiError> {
    let mut reader = Reader::from_str(xml);
    // The tree keeps whitespace as is; the readers collapse it where they need.
    reader.config_mut().trim_text(false);
    let mut lines = Lines {
        input: xml.as_bytes(),
        pos: 0,
        line: 1,
        line_start: 0,
    };
    let mut stack: Vec<El> = Vec::new();
    let mut root: Option<El> = None;
    loop {
        let before = reader.buffer_position() as usize;
        let event = match reader.read_event() {
            Ok(e) => e,
            Err(err) => {
                let (line, column) = lines.at(reader.error_position() as usize);
                return Err(TeiError::Xml {
                    message: err.to_string(),
                    line,
                    column,
                });
            }
        };
        let xml_error = |lines: &mut Lines, message: String| {
            let (line, column) = lines.at(before);
            TeiError::Xml {
                message,
                line,
                column,
            }
        };
        match event {
            Event::DocType(t) => {
                let body = String::from_utf8_lossy(&t.into_inner()).into_owned();
                if body.contains('[') || body.contains("ENTITY") {
                    let (line, _) = lines.at(before);
                    return Err(TeiError::Dtd { line });
                }
                // An external DTD is named but never fetched.
            }
            Event::Start(s) | Event::Empty(s) if stack.len() >= MAX_DEPTH => {
                drop(s);
                return Err(xml_error(
                    &mut lines,
                    format!("elements nest deeper than {MAX_DEPTH} levels"),
                ));
            }
            Event::Start(s) => {
                let (line, _) = lines.at(before);
                let el = start(&s, line).map_err(|m| xml_error(&mut lines, m))?;
                stack.push(el);
            }
            Event::Empty(s) => {
                let (line, _) = lines.at(before);
                let el = start(&s, line).map_err(|m| xml_error(&mut lines, m))?;
                match stack.last_mut() {
                    Some(parent) => parent.children.push(Node::El(el)),
                    None if root.is_none() => root = Some(el),
                    None => return Err(xml_error(&mut lines, "a second root element".into())),
                }
            }
            Event::End(_) => {
                let Some(el) = stack.pop() else {
                    return Err(xml_error(&mut lines, "an end tag without a start".into()));
                };
                match stack.last_mut() {
                    Some(parent) => parent.children.push(Node::El(el)),
                    None if root.is_none() => root = Some(el),
                    None => return Err(xml_error(&mut lines, "a second root element".into())),
                }
            }
            Event::Text(t) => {
                let text = t
                    .decode()
                    .map_err(|e| xml_error(&mut lines, e.to_string()))?;
                push_text(&mut stack, &text);
            }
            Event::CData(t) => {
                let text = t
                    .decode()
                    .map_err(|e| xml_error(&mut lines, e.to_string()))?;
                push_text(&mut stack, &text);
            }
            Event::GeneralRef(r) => {
                let ch = if r.is_char_ref() {
                    r.resolve_char_ref()
                        .map_err(|e| xml_error(&mut lines, e.to_string()))?
                } else {
                    let name = r
                        .decode()
                        .map_err(|e| xml_error(&mut lines, e.to_string()))?;
                    match name.as_ref() {
                        "lt" => Some('<'),
                        "gt" => Some('>'),
                        "amp" => Some('&'),
                        "apos" => Some('\''),
                        "quot" => Some('"'),
                        other => {
                            // Without a DTD no other entity can be declared, so
                            // the document is not well-formed; nothing is expanded.
                            return Err(xml_error(
                                &mut lines,
                                format!("undeclared entity &{other};"),
                            ));
                        }
                    }
                };
                if let Some(c) = ch {
                    push_text(&mut stack, c.encode_utf8(&mut [0; 4]));
                }
            }
            Event::Eof => break,
            Event::Comment(_) | Event::Decl(_) | Event::PI(_) => {}
        }
    }
    if let Some(open) = stack.last() {
        let (line, column) = lines.at(xml.len());
        return Err(TeiError::Xml {
            message: format!(
                "element <{}> opened on line {} is never closed",
                open.name, open.line
            ),
            line,
            column,
        });
    }
    root.ok_or_else(|| {
        let (line, column) = lines.at(xml.len());
        TeiError::Xml {
            message: "no root element".into(),
            line,
            column,
        }
    })
}

fn push_text(stack: &mut [El], text: &str) {
    // Text outside the root element can only be whitespace in well-formed XML.
    let Some(parent) = stack.last_mut() else {
        return;
    };
    if let Some(Node::Text(last)) = parent.children.last_mut() {
        last.push_str(text);
    } else {
        parent.children.push(Node::Text(text.to_string()));
    }
}

fn start(s: &BytesStart, line: u32) -> Result<El, String> {
    let name = String::from_utf8_lossy(s.local_name().as_ref()).into_owned();
    let mut attrs = Vec::new();
    for a in s.attributes() {
        let a = a.map_err(|e| e.to_string())?;
        let key = String::from_utf8_lossy(a.key.as_ref()).into_owned();
        let value = a.unescape_value().map_err(|e| e.to_string())?.into_owned();
        attrs.push((key, value));
    }
    Ok(El {
        name,
        attrs,
        children: Vec::new(),
        line,
    })
}
