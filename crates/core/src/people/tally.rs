//! The counts of names and links over the documents of an archive, which
//! the linker reads.

use std::collections::HashMap;

use crate::people::link::{FormInfo, LinkCount};
use crate::people::mentions::{DocPeople, Evidence, Role};

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
