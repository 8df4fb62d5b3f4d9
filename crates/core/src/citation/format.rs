//! Citations in the forms scholars use: Chicago notes and bibliography for an
//! archival document, BibTeX and RIS.
//!
//! An archival document is cited by its title, date, the archive and the
//! archival location (with the folio range), the translator and the URL of the
//! publishing archive. The archive and the location stay separate parts, as
//! reference managers expect (CSL `archive` and `archive_location`).

use crate::model::{Document, Edition};

/// The parts of a citation, as a reference manager sees them.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CitationParts {
    pub title: String,
    /// The date as the document states it, for display ("September 17, 1956").
    pub date_text: Option<String>,
    /// (year, month, day) as far as known.
    pub date: Option<(i32, Option<u8>, Option<u8>)>,
    /// The repository holding the original ("GARF").
    pub archive: Option<String>,
    /// Where in the repository ("Fond 5446, Opis 98c, Delo 718, Listy 49-57").
    pub archive_location: Option<String>,
    pub translators: Vec<String>,
    /// The publishing archive ("Wilson Center Digital Archive").
    pub publisher: Option<String>,
    pub url: Option<String>,
    pub language: Option<String>,
    pub id: String,
    /// The printed volume the document is published in, when it is one: the
    /// document is then cited as a part of that book (CSL `chapter`: the
    /// volume's title its `container-title`, its year `issued`, the
    /// document's own date `original-date`), with `publisher` the volume's.
    pub volume: Option<Edition>,
}

use crate::date::ENGLISH_MONTHS as MONTHS;

impl CitationParts {
    pub fn of(doc: &Document) -> CitationParts {
        let r = doc.citation.archival_reference.as_ref();
        let date = doc.date().and_then(|d| d.value.as_ref()).map(|v| {
            let (y, m, d) = v.earliest();
            let (y2, m2, d2) = v.latest();
            // Keep only the precision the value has: a month is not its first day.
            if (y, m, d) == (y2, m2, d2) {
                (y, Some(m), Some(d))
            } else if (y, m) == (y2, m2) {
                (y, Some(m), None)
            } else {
                (y, None, None)
            }
        });
        CitationParts {
            title: doc.title.clone(),
            date_text: date.map(|(y, m, d)| match (m, d) {
                (Some(m), Some(d)) => format!("{} {d}, {y}", MONTHS[m as usize - 1]),
                (Some(m), None) => format!("{} {y}", MONTHS[m as usize - 1]),
                _ => y.to_string(),
            }),
            date,
            archive: r.and_then(|r| r.repository.clone()),
            // A reference that is a repository alone ("Henry White Papers")
            // is its own location, as written.
            archive_location: r.map(|r| match r.locator() {
                l if l.is_empty() => r.text.clone(),
                l => l,
            }),
            translators: doc.citation.translators.clone(),
            publisher: match &doc.citation.edition {
                Some(e) => e.publisher.clone(),
                None => doc.citation.publisher.clone(),
            },
            url: doc.citation.url.clone(),
            language: doc.original_languages.first().map(|l| l.name().to_string()),
            id: doc.id.clone(),
            volume: doc.citation.edition.clone(),
        }
    }

    /// For a document in a printed volume: "Volume, no. 72" (with `number`
    /// the word before the document's number) and the imprint "1917;
    /// Publisher, 1932" (the document's year, then the volume's publisher
    /// and year).
    fn in_volume(&self, v: &Edition, number: &str) -> (String, String) {
        let mut container = v.title.clone();
        if let Some(n) = &v.number {
            container.push_str(&format!(", {number} {n}"));
        }
        let mut imprint: Vec<String> = Vec::new();
        imprint.extend(self.publisher.clone());
        imprint.push(v.year.map_or_else(|| "n.d.".to_string(), |y| y.to_string()));
        let mut imprint = imprint.join(", ");
        if let Some((y, ..)) = self.date {
            imprint = format!("{y}; {imprint}");
        }
        (container, imprint)
    }

    /// The places the original is kept: location, then archive, then URL.
    fn held_at(&self) -> impl Iterator<Item = String> + '_ {
        self.archive_location
            .iter()
            .chain(&self.archive)
            .chain(&self.url)
            .cloned()
    }

    fn translators_text(&self) -> Option<String> {
        match self.translators.len() {
            0 => None,
            1 => Some(self.translators[0].clone()),
            2 => Some(format!(
                "{} and {}",
                self.translators[0], self.translators[1]
            )),
            n => Some(format!(
                "{}, and {}",
                self.translators[..n - 1].join(", "),
                self.translators[n - 1]
            )),
        }
    }

    /// A Chicago full note for an unpublished document, in the order of the
    /// Chicago CSL style: `"Title," trans. X, Publisher, Date, Location,
    /// Archive, URL.`
    pub fn chicago_note(&self) -> String {
        let title = title_core(&self.title);
        if let Some(v) = &self.volume {
            // `"Title," in Volume, no. 72 (1917; Publisher, 1932), Location, Archive, URL.`
            let (container, imprint) = self.in_volume(v, "no.");
            let mut parts = vec![format!("in {container} ({imprint})")];
            parts.extend(self.held_at());
            return format!(
                "\u{201c}{title},\u{201d} {}.",
                parts.join(", ").trim_end_matches('.')
            );
        }
        let mut parts: Vec<String> = Vec::new();
        if let Some(t) = self.translators_text() {
            parts.push(format!("trans. {t}"));
        }
        parts.extend(self.publisher.clone());
        parts.push(self.date_text.clone().unwrap_or_else(|| "n.d.".into()));
        parts.extend(self.held_at());
        if parts.is_empty() {
            return format!("\u{201c}{title}.\u{201d}");
        }
        format!(
            "\u{201c}{title},\u{201d} {}.",
            parts.join(", ").trim_end_matches('.')
        )
    }

    /// A Chicago bibliography entry: `"Title." Translated by X. Publisher,
    /// Date. Location. Archive. URL.`
    pub fn chicago_bibliography(&self) -> String {
        let title = title_core(&self.title);
        let stop = if title.ends_with('.') { "" } else { "." };
        let mut sentences = vec![format!("\u{201c}{title}{stop}\u{201d}")];
        if let Some(t) = self.translators_text() {
            sentences.push(format!("Translated by {t}."));
        }
        if let Some(v) = &self.volume {
            // `In Volume, No. 72. 1917; Publisher, 1932.`
            let (container, imprint) = self.in_volume(v, "No.");
            sentences.push(format!("In {container}."));
            sentences.push(format!("{imprint}."));
        } else {
            let date = self.date_text.clone().unwrap_or_else(|| "n.d.".into());
            let issued: Vec<String> = self
                .publisher
                .iter()
                .cloned()
                .chain(std::iter::once(date))
                .collect();
            sentences.push(format!("{}.", issued.join(", ").trim_end_matches('.')));
        }
        // Each part is a sentence of its own, so it opens with a capital ("F. 52, op. 1").
        sentences.extend(
            self.archive_location
                .as_deref()
                .map(|l| format!("{}.", capitalise(l.trim_end_matches('.')))),
        );
        sentences.extend(
            self.archive
                .as_deref()
                .map(|a| format!("{}.", capitalise(a.trim_end_matches('.')))),
        );
        sentences.extend(self.url.clone().map(|u| format!("{u}.")));
        sentences.join(" ")
    }

    /// A BibTeX `@misc` entry with the archive fields biblatex and Zotero read.
    pub fn bibtex(&self) -> String {
        let key: String = self
            .id
            .chars()
            .filter(|c| c.is_ascii_alphanumeric())
            .collect();
        let mut fields: Vec<(&str, String)> = vec![("title", self.title.clone())];
        let date = self.date.map(|(y, m, d)| {
            let mut date = format!("{y:04}");
            if let Some(m) = m {
                date.push_str(&format!("-{m:02}"));
                if let Some(d) = d {
                    date.push_str(&format!("-{d:02}"));
                }
            }
            date
        });
        match &self.volume {
            // A document in a printed volume: the volume's year is the
            // entry's, the document's date its `origdate`.
            Some(v) => {
                fields.push(("booktitle", v.title.clone()));
                fields.extend(v.number.clone().map(|n| ("number", n)));
                fields.extend(v.place.clone().map(|p| ("address", p)));
                fields.extend(v.year.map(|y| ("year", y.to_string())));
                fields.extend(date.map(|d| ("origdate", d)));
            }
            None => {
                if let Some((y, ..)) = self.date {
                    fields.push(("year", y.to_string()));
                }
                fields.extend(date.map(|d| ("date", d)));
            }
        }
        fields.extend(self.archive.clone().map(|a| ("archive", a)));
        fields.extend(
            self.archive_location
                .clone()
                .map(|a| ("archiveLocation", a)),
        );
        if !self.translators.is_empty() {
            fields.push(("translator", self.translators.join(" and ")));
        }
        fields.extend(self.publisher.clone().map(|p| ("publisher", p)));
        fields.extend(self.url.clone().map(|u| ("url", u)));
        fields.extend(self.language.clone().map(|l| ("language", l)));
        let kind = if self.volume.is_some() {
            "incollection"
        } else {
            "misc"
        };
        let mut out = format!("@{kind}{{{key},\n");
        for (name, value) in fields {
            out.push_str(&format!("  {name} = {{{}}},\n", bibtex_escape(&value)));
        }
        out.push_str("}\n");
        out
    }

    /// An RIS record of type MANSCPT (unpublished manuscript), which Zotero
    /// imports as a manuscript with its archive and location; CHAP (a
    /// section of a book) for a document printed in a volume.
    pub fn ris(&self) -> String {
        let kind = if self.volume.is_some() {
            "CHAP"
        } else {
            "MANSCPT"
        };
        let mut lines = vec![("TY", kind.to_string()), ("TI", self.title.clone())];
        if let Some((y, m, d)) = self.date {
            let m = m.map_or(String::new(), |m| format!("{m:02}"));
            let d = d.map_or(String::new(), |d| format!("{d:02}"));
            lines.push(("DA", format!("{y:04}/{m}/{d}/")));
            if self.volume.is_none() {
                lines.push(("PY", y.to_string()));
            }
        }
        if let Some(v) = &self.volume {
            // A section of a book: the book, its place and year, the number.
            lines.push(("T2", v.title.clone()));
            lines.extend(v.place.clone().map(|p| ("CY", p)));
            lines.extend(v.year.map(|y| ("PY", y.to_string())));
            lines.extend(v.number.clone().map(|n| ("SE", n)));
        }
        for t in &self.translators {
            lines.push(("A4", t.clone()));
        }
        lines.extend(self.archive.clone().map(|a| ("AN", a)));
        lines.extend(self.archive.clone().map(|a| ("DP", a)));
        lines.extend(self.archive_location.clone().map(|a| ("AV", a)));
        lines.extend(self.publisher.clone().map(|p| ("PB", p)));
        lines.extend(self.url.clone().map(|u| ("UR", u)));
        lines.extend(self.language.clone().map(|l| ("LA", l)));
        lines.push(("ID", self.id.clone()));
        let mut out = String::new();
        for (tag, value) in lines {
            out.push_str(&format!(
                "{tag}  - {}\r\n",
                value.replace(['\r', '\n'], " ")
            ));
        }
        out.push_str("ER  - \r\n");
        out
    }
}

/// The title without a closing full stop, unless the stop ends an
/// abbreviation ("…, n.d."), which keeps it.
fn title_core(title: &str) -> &str {
    let last_word = title.rsplit(' ').next().unwrap_or("");
    if last_word.trim_end_matches('.').contains('.') {
        title
    } else {
        title.trim_end_matches('.')
    }
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next().map_or(String::new(), |f| {
        f.to_uppercase().collect::<String>() + c.as_str()
    })
}

/// Protects BibTeX's special characters; non-ASCII letters stay as UTF-8,
/// which biblatex and Zotero read.
fn bibtex_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '{' | '}' | '\\' => {}
            '&' | '%' | '$' | '#' | '_' => {
                out.push('\\');
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts() -> CitationParts {
        CitationParts {
            title: "Record of a Conversation with Comrade X".into(),
            date_text: Some("March 3, 1958".into()),
            date: Some((1958, Some(3), Some(3))),
            archive: Some("RGANI".into()),
            archive_location: Some("f. 5, op. 30, d. 245, ll. 12-19".into()),
            translators: vec!["Jane Roe".into(), "John Doe".into()],
            publisher: Some("Wilson Center Digital Archive".into()),
            url: Some("https://digitalarchive.example.org/document/4711".into()),
            language: Some("Russian".into()),
            id: "example-4711".into(),
            volume: None,
        }
    }

    #[test]
    fn chicago_forms() {
        let p = parts();
        assert_eq!(
            p.chicago_note(),
            "\u{201c}Record of a Conversation with Comrade X,\u{201d} trans. Jane Roe and John Doe, Wilson Center Digital Archive, March 3, 1958, f. 5, op. 30, d. 245, ll. 12-19, RGANI, https://digitalarchive.example.org/document/4711."
        );
        assert_eq!(
            p.chicago_bibliography(),
            "\u{201c}Record of a Conversation with Comrade X.\u{201d} Translated by Jane Roe and John Doe. Wilson Center Digital Archive, March 3, 1958. F. 5, op. 30, d. 245, ll. 12-19. RGANI. https://digitalarchive.example.org/document/4711."
        );
    }

    #[test]
    fn bibtex_and_ris() {
        let p = parts();
        let b = p.bibtex();
        assert!(b.starts_with("@misc{example4711,\n"));
        assert!(
            b.contains("  archive = {RGANI},\n")
                && b.contains("  archiveLocation = {f. 5, op. 30, d. 245, ll. 12-19},\n")
        );
        assert!(b.contains("translator = {Jane Roe and John Doe}"));
        let r = p.ris();
        assert!(r.starts_with("TY  - MANSCPT\r\n") && r.ends_with("ER  - \r\n"));
        assert!(
            r.contains("DA  - 1958/03/03/\r\n")
                && r.contains("AV  - f. 5, op. 30, d. 245, ll. 12-19\r\n")
        );
    }
}
