//! Records of the worst shapes a reader can be given, for the tests and the
//! benchmark that hold fonds to bounded memory and time per record.
//!
//! Each [`Shape`] is a valid record (header, Russian transcription, English
//! translation) whose body pushes one pass of the reader to its extreme:
//! very many speaker turns, as many distinct speakers, page markers, a
//! participants list of thousands, one line with no newline, nested
//! superscripts, paragraphs that alternate scripts, dates, mentions of
//! people, editorial marks that never close. [`record`] fills a byte budget
//! with the shape, so a test can ask for a record just under the size limit.
//!
//! ```
//! use fonds_corpus::hostile::{record, Shape};
//!
//! let text = record(Shape::Turns, 64 * 1024);
//! assert!(text.len() <= 64 * 1024);
//! assert!(text.contains("Тов. Микоян - "));
//! ```

use std::fmt::Write as _;

/// A worst shape for one pass of the reader.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// Short speaker turns by two speakers, as many in each text: the turn alignment.
    Turns,
    /// A different speaker for every turn: speaker tables and people's pairs.
    Speakers,
    /// A page marker and a folio stamp every line: the folio sequence.
    Pages,
    /// One participants list of thousands of names in each text.
    Participants,
    /// The whole body on one line with no newline.
    Line,
    /// Superscripts nested as deep as the text is long, a tenth never closed.
    Sup,
    /// Short paragraphs alternating Cyrillic and Latin: the language split.
    Scripts,
    /// Dates on every line, in both languages.
    Dates,
    /// Names after honorifics, a different one every few words.
    Mentions,
    /// Editorial marks that open and never close.
    Marks,
}

impl Shape {
    pub const ALL: [Shape; 10] = [
        Shape::Turns,
        Shape::Speakers,
        Shape::Pages,
        Shape::Participants,
        Shape::Line,
        Shape::Sup,
        Shape::Scripts,
        Shape::Dates,
        Shape::Mentions,
        Shape::Marks,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Shape::Turns => "turns",
            Shape::Speakers => "speakers",
            Shape::Pages => "pages",
            Shape::Participants => "participants",
            Shape::Line => "line",
            Shape::Sup => "sup",
            Shape::Scripts => "scripts",
            Shape::Dates => "dates",
            Shape::Mentions => "mentions",
            Shape::Marks => "marks",
        }
    }

    pub fn parse(s: &str) -> Option<Shape> {
        Shape::ALL.into_iter().find(|x| x.name() == s)
    }
}

const HEADER: &str = "\n\n## **September 17, 1956**\n\n### **Conversation of the Worst Shape**\n\n#### **Citation:**\n\n\"Conversation of the Worst Shape\", September 17, 1956, Wilson Center Digital Archive, GARF, Fond 5446, Opis 98c, Delo 718, Listy 49-57. Translated by Gary Goldberg.  \n<https://digitalarchive.umd.edu/document/999999>\n\n#### **Summary:**\n\nA record made to be as hard to read as a record can be.\n\n#### **Original Language:**\n\nRussian\n\n#### **Contents:**\n\nOriginal Scan  \nTranslation - English\n\n";

const RU_SYLLABLES: [&str; 16] = [
    "ми", "ко", "ян", "чой", "ен", "ген", "ха", "ли", "ро", "ва", "су", "те", "ким", "на", "до",
    "пе",
];
const EN_SYLLABLES: [&str; 16] = [
    "mi", "ko", "yan", "choe", "yong", "geon", "ha", "li", "ro", "va", "su", "te", "kim", "na",
    "do", "pe",
];

/// A name made from the digits of `n` in base 16, one syllable each, so that
/// every `n` gives a different name in each script.
fn name(n: usize, syllables: &[&str; 16]) -> String {
    let mut out = String::new();
    let mut x = n + 16;
    while x > 0 {
        out.push_str(syllables[x % 16]);
        x /= 16;
    }
    let mut chars = out.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => out,
    }
}

/// A record of `shape` of at most `bytes` bytes (the header included).
pub fn record(shape: Shape, bytes: usize) -> String {
    let mut out = String::from(HEADER);
    // The original fills the first half of the budget, the translation the second.
    let half = bytes.saturating_sub(out.len()) / 2;
    for english in [false, true] {
        let limit = out.len() + half;
        if shape == Shape::Sup {
            // Every opening first, then the word, then nine closings in
            // ten: 5 + 6 * 9/10 = 10.4 bytes a level.
            let deep = half.saturating_sub(16) * 10 / 104;
            out.push_str(&"<sup>".repeat(deep));
            out.push_str(if english { " yes " } else { " да " });
            out.push_str(&"</sup>".repeat(deep * 9 / 10));
            out.push_str("\n\n");
            continue;
        }
        let mut i = 0usize;
        let mut piece = String::new();
        loop {
            piece.clear();
            write_piece(&mut piece, shape, english, i);
            if out.len() + piece.len() > limit {
                break;
            }
            out.push_str(&piece);
            i += 1;
        }
        if shape == Shape::Line && !english {
            // The texts still part where the script changes.
            if out.len() < bytes {
                out.push(' ');
            }
        }
    }
    out.truncate(floor_char_boundary(&out, bytes));
    out
}

/// A record of the [`Shape::Turns`] shape with `n` turns in each text,
/// whatever its size.
pub fn turns(n: usize) -> String {
    let mut out = String::from(HEADER);
    for english in [false, true] {
        for i in 0..n {
            write_piece(&mut out, Shape::Turns, english, i);
        }
    }
    out
}

fn floor_char_boundary(s: &str, at: usize) -> usize {
    let mut at = at.min(s.len());
    while !s.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// The `i`-th piece of a text of `shape`.
fn write_piece(out: &mut String, shape: Shape, english: bool, i: usize) {
    let ru = !english;
    let _ = match shape {
        Shape::Turns => match (ru, i.is_multiple_of(2)) {
            (true, true) => write!(out, "Тов. Микоян - Да {i}.\n\n"),
            (true, false) => write!(out, "Тов. Чой Ен Ген - Нет.\n\n"),
            (false, true) => write!(out, "Cde. Mikoyan - Yes {i}.\n\n"),
            (false, false) => write!(out, "Cde. Choe Yong-geon - No.\n\n"),
        },
        Shape::Speakers => {
            if ru {
                write!(out, "Тов. {} - Да.\n\n", name(i, &RU_SYLLABLES))
            } else {
                write!(out, "Cde. {} - Yes.\n\n", name(i, &EN_SYLLABLES))
            }
        }
        Shape::Pages => {
            let page = i + 2;
            let folio = (i * 7919) % 9973 + 1;
            if ru {
                write!(out, "- {page} -\n\n{folio}\n\nДа.\n\n")
            } else {
                write!(out, "- {page} -\n\n{folio}\n\nYes.\n\n")
            }
        }
        Shape::Participants => {
            if i == 0 {
                out.push_str(if ru {
                    "При участии: "
                } else {
                    "Present: "
                });
            }
            if ru {
                write!(out, "т. {}, ", name(i, &RU_SYLLABLES))
            } else {
                write!(out, "Cde. {}, ", name(i, &EN_SYLLABLES))
            }
        }
        Shape::Line => {
            if ru {
                write!(out, "т. {} сказал да {i} ", name(i, &RU_SYLLABLES))
            } else {
                write!(out, "Cde. {} said yes {i} ", name(i, &EN_SYLLABLES))
            }
        }
        Shape::Sup => Ok(()),
        Shape::Scripts => {
            if i.is_multiple_of(2) {
                write!(out, "Да {i}.\n\n")
            } else {
                write!(out, "Yes {i}.\n\n")
            }
        }
        Shape::Dates => {
            let day = i % 28 + 1;
            let year = 1945 + i % 47;
            if ru {
                const MONTHS: [&str; 4] = ["января", "марта", "сентября", "декабря"];
                writeln!(out, "{day} {} {year} г.", MONTHS[i % 4])
            } else {
                const MONTHS: [&str; 4] = ["January", "March", "September", "December"];
                writeln!(out, "{} {day}, {year}", MONTHS[i % 4])
            }
        }
        Shape::Mentions => {
            if i.is_multiple_of(64) {
                out.push_str(if ru {
                    "\n\nТов. Микоян - "
                } else {
                    "\n\nCde. Mikoyan - "
                });
            }
            if ru {
                write!(out, "т. {} и ", name(i, &RU_SYLLABLES))
            } else {
                write!(out, "Cde. {} and ", name(i, &EN_SYLLABLES))
            }
        }
        Shape::Marks => {
            if ru {
                write!(out, "~~да <sup>нет [Inserted: ")
            } else {
                write!(out, "[Inserted: yes [? [illegible ")
            }
        }
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_shape_fills_its_budget() {
        for shape in Shape::ALL {
            let text = record(shape, 20_000);
            assert!(text.len() <= 20_000, "{shape:?}");
            assert!(text.len() > 19_000, "{shape:?}: {}", text.len());
            assert_eq!(Shape::parse(shape.name()), Some(shape));
        }
        assert_ne!(name(1, &RU_SYLLABLES), name(2, &RU_SYLLABLES));
    }
}
