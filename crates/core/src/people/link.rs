//! The linking of an archive's names into persons: union-find over the
//! names with the pairs kept apart, joined in steps from the most to the
//! least certain (the editors' decisions, what documents say, shared name
//! keys, a bare surname's one person, OCR-close spellings), each name
//! keeping why it joined.

use std::collections::{BTreeMap, HashMap};

use crate::people::mentions::{Evidence, Role};
use fonds_names::matching::{name_match, person_keys, surname_keys};

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
///
/// The steps go from the most to the least certain, and a join that a
/// name kept apart forbids is not made: the editors' decisions, what
/// documents say, shared name keys, bare surnames, OCR-close spellings.
pub fn link(
    forms: &[FormInfo],
    links: &[LinkCount],
    apart: &[(String, String)],
    decisions: &[Decision],
) -> Vec<Person> {
    let mut linking = Linking::new(forms, apart);
    let names = linking.apply_decisions(decisions);
    linking.join_what_documents_say(links);
    let keys = Keys::of(forms);
    linking.join_shared_keys(&keys);
    linking.join_bare_surnames(&keys);
    linking.join_ocr_close();
    let mut persons = linking.into_persons(&names);
    assign_ids(&mut persons);
    persons
}

/// A pair that documents say are one person is not joined when the rarer
/// of its names is given by more than `WORD_RATIO` times the documents that
/// say so, and `WORD_SLACK` more.
const WORD_RATIO: u32 = 10;
const WORD_SLACK: u32 = 5;

/// The names of an archive on their way to persons.
struct Linking<'a> {
    forms: &'a [FormInfo],
    index: HashMap<&'a str, usize>,
    clusters: Clusters,
    /// Per name: why it joined its person.
    why: Vec<Option<String>>,
    /// Per name: what an editor should look at.
    notes: HashMap<usize, Vec<String>>,
}

/// The names under each of their person keys and surname keys.
struct Keys {
    by_key: HashMap<String, Vec<usize>>,
    by_surname: HashMap<String, Vec<usize>>,
}

impl Keys {
    fn of(forms: &[FormInfo]) -> Keys {
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
        Keys { by_key, by_surname }
    }
}

impl<'a> Linking<'a> {
    fn new(forms: &'a [FormInfo], apart: &[(String, String)]) -> Linking<'a> {
        let index: HashMap<&str, usize> = forms
            .iter()
            .enumerate()
            .map(|(i, f)| (f.form.as_str(), i))
            .collect();
        let n = forms.len();
        let mut clusters = Clusters::new(n);
        for (a, b) in apart {
            if let (Some(&x), Some(&y)) = (index.get(a.as_str()), index.get(b.as_str())) {
                clusters.keep_apart(x, y);
            }
        }
        Linking {
            forms,
            index,
            clusters,
            why: vec![None; n],
            notes: HashMap::new(),
        }
    }

    /// The indices of two names, when the archive has both.
    fn pair(&self, a: &str, b: &str) -> Option<(usize, usize)> {
        Some((*self.index.get(a)?, *self.index.get(b)?))
    }

    /// Records why `a` and `b` joined: the name that joins is the rarer one,
    /// and it carries the reason.
    fn because(&mut self, a: usize, b: usize, reason: String) {
        let forms = self.forms;
        let (joiner, other) =
            if forms[a].docs < forms[b].docs || (forms[a].docs == forms[b].docs && a > b) {
                (a, b)
            } else {
                (b, a)
            };
        if self.why[joiner].is_none() {
            self.why[joiner] = Some(format!("{reason}: {}", forms[other].form));
        } else if self.why[other].is_none() {
            self.why[other] = Some(format!("{reason}: {}", forms[joiner].form));
        }
    }

    /// The editors' decisions come first and bind everything after them; a
    /// later decision overrides an earlier one about the same two names.
    /// Returns the names editors gave persons, in the order given.
    fn apply_decisions(&mut self, decisions: &[Decision]) -> Vec<(usize, String)> {
        let mut names: Vec<(usize, String)> = Vec::new();
        let mut merges: Vec<(usize, usize)> = Vec::new();
        for d in decisions {
            match d {
                Decision::Merge { a, b } => {
                    if let Some((x, y)) = self.pair(a, b) {
                        self.clusters.forget_apart(x, y);
                        merges.retain(|&(p, q)| !((p == x && q == y) || (p == y && q == x)));
                        merges.push((x, y));
                    }
                }
                Decision::Split { a, b } => {
                    if let Some((x, y)) = self.pair(a, b) {
                        merges.retain(|&(p, q)| !((p == x && q == y) || (p == y && q == x)));
                        self.clusters.keep_apart(x, y);
                    }
                }
                Decision::Name { form, name } => {
                    if let Some(&x) = self.index.get(form.as_str()) {
                        names.push((x, name.clone()));
                    }
                }
            }
        }
        for &(x, y) in &merges {
            if self.clusters.join(x, y) {
                self.because(x, y, "merged by an editor with".into());
            }
        }
        names
    }

    /// What documents say, the best attested first. A pair said by a few
    /// documents does not join a name that many more documents give: a
    /// word that often stands where a name stood in one document ("有些",
    /// "우리" in a turn aligned with a name) is a word of the language, not
    /// that person's name.
    fn join_what_documents_say(&mut self, links: &[LinkCount]) {
        let forms = self.forms;
        let mut said: Vec<&LinkCount> = links.iter().collect();
        said.sort_by(|a, b| b.docs.cmp(&a.docs).then_with(|| a.a.cmp(&b.a)));
        for l in said {
            if let Some((x, y)) = self.pair(&l.a, &l.b) {
                let rarer = forms[x].docs.min(forms[y].docs);
                if rarer > WORD_RATIO * l.docs + WORD_SLACK {
                    continue;
                }
                if self.clusters.join(x, y) {
                    let docs = if l.docs == 1 {
                        "1 document".to_string()
                    } else {
                        format!("{} documents", l.docs)
                    };
                    self.because(x, y, format!("{} ({docs}) with", l.evidence.describe()));
                }
            }
        }
    }

    /// Shared name keys across scripts and systems: full names with full
    /// names; a bare surname is left to [`Linking::join_bare_surnames`].
    fn join_shared_keys(&mut self, keys: &Keys) {
        let forms = self.forms;
        let mut sorted: Vec<(&String, &Vec<usize>)> = keys.by_key.iter().collect();
        sorted.sort();
        for (_, members) in sorted {
            for (p, &x) in members.iter().enumerate() {
                for &y in &members[p + 1..] {
                    let Some(m) = name_match(&forms[x].form, &forms[y].form) else {
                        continue;
                    };
                    if m.why.contains("surname only") {
                        continue;
                    }
                    if m.score >= 0.85 && self.clusters.join(x, y) {
                        self.because(x, y, m.why.clone() + " as");
                    }
                }
            }
        }
    }

    /// Bare surnames ("Kim", "Микоян"): joined to the one person whose full
    /// names carry that surname, flagged where several do.
    fn join_bare_surnames(&mut self, keys: &Keys) {
        let forms = self.forms;
        let c = &mut self.clusters;
        let mut bare: Vec<(usize, String)> = Vec::new();
        let mut members: HashMap<usize, Vec<usize>> = HashMap::new();
        for x in 0..forms.len() {
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
            let c = &mut self.clusters;
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
                let full = keys.by_surname.get(&k).into_iter().flatten();
                for &y in full.chain(keys.by_key.get(&k).into_iter().flatten()) {
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
                        self.because(x, candidates[0], "same surname as".into());
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
            self.notes
                .entry(x)
                .or_default()
                .push(format!("\"{}\" could also be {who}", forms[x].form));
        }
    }

    /// OCR-close spellings: a name left alone, seen only in originals, joins
    /// the one well-attested name of its script it is close to.
    fn join_ocr_close(&mut self) {
        let forms = self.forms;
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
        for x in 0..forms.len() {
            if forms[x].primary_docs > 0 || !alone(&mut self.clusters, x) {
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
                    let r = self.clusters.find(*y);
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
                    if self.clusters.join(x, y) {
                        self.because(x, y, w + " to");
                    }
                }
                _ => self.notes.entry(x).or_default().push(format!(
                    "\"{}\" is OCR-close to several persons' names: {}",
                    forms[x].form,
                    best.iter()
                        .map(|(_, y, _)| forms[*y].form.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                )),
            }
        }
    }

    /// The persons: one per cluster, named by an editor's last name for it
    /// or by [`preferred_name`], without identifiers yet.
    fn into_persons(mut self, names: &[(usize, String)]) -> Vec<Person> {
        let forms = self.forms;
        let mut clusters: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
        for x in 0..forms.len() {
            let r = self.clusters.find(x);
            clusters.entry(r).or_default().push(x);
        }
        clusters
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
                        why: self.why[x].clone().unwrap_or_else(|| {
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
                    .flat_map(|x| self.notes.get(x).cloned().unwrap_or_default())
                    .collect();
                person_notes.sort();
                Person {
                    id: String::new(),
                    name,
                    forms: person_forms,
                    notes: person_notes,
                }
            })
            .collect()
    }
}

/// Identifiers from the names, the best attested person first on a clash.
fn assign_ids(persons: &mut [Person]) {
    persons.sort_by(|a, b| {
        let docs = |p: &Person| p.forms.iter().map(|f| f.docs).max().unwrap_or(0);
        docs(b).cmp(&docs(a)).then_with(|| a.name.cmp(&b.name))
    });
    let mut taken: HashMap<String, u32> = HashMap::new();
    for p in persons.iter_mut() {
        let base = slug(&p.name);
        let n = taken.entry(base.clone()).or_insert(0);
        *n += 1;
        p.id = if *n == 1 { base } else { format!("{base}-{n}") };
    }
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

/// The name a reader expects: a Latin-script name given in a preferred text
/// (a translation), a full name before a bare surname ("Henry White", not
/// "White", however often the surname stands alone), then the one the most
/// documents give there, the fuller one on a tie; else the name the most
/// documents give.
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
            full_words(&f.form) >= 2,
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

#[cfg(test)]
mod tests {
    use super::*;

    fn form(name: &str, docs: u32) -> FormInfo {
        FormInfo {
            form: name.into(),
            docs,
            primary_docs: docs,
            roles: vec![Role::Speaker],
        }
    }

    fn said(a: &str, b: &str, docs: u32) -> LinkCount {
        LinkCount {
            a: a.into(),
            b: b.into(),
            evidence: Evidence::AlignedNames,
            docs,
        }
    }

    fn person_of<'p>(persons: &'p [Person], name: &str) -> &'p Person {
        persons
            .iter()
            .find(|p| p.forms.iter().any(|f| f.form == name))
            .unwrap_or_else(|| panic!("no person has {name}"))
    }

    #[test]
    fn a_common_word_aligned_with_a_name_once_is_not_that_name() {
        let forms = [
            form("Abrasimov", 500),
            form("Абрасимов", 300),
            form("有些", 380),
            form("Абраеимов", 1),
        ];
        let links = [
            said("Abrasimov", "Абрасимов", 200),
            // One document's alignment against a word of 380 documents.
            said("Abrasimov", "有些", 1),
            // An OCR garble seen once, said once: joined.
            said("Abrasimov", "Абраеимов", 1),
        ];
        let persons = link(&forms, &links, &[], &[]);
        let abrasimov = person_of(&persons, "Abrasimov");
        let names: Vec<&str> = abrasimov.forms.iter().map(|f| f.form.as_str()).collect();
        assert!(
            names.contains(&"Абрасимов") && names.contains(&"Абраеимов"),
            "{names:?}"
        );
        assert!(!names.contains(&"有些"), "{names:?}");
    }
}
