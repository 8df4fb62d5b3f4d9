//! Names widened to the persons they name, from a map held in memory: a
//! search reads no table to learn that "Микоян" is also "Mikoyan".
//!
//! The map is read from the store's persons in one query and kept until
//! the index commits again, the store changes or the persons are linked
//! again. Whether the store moved on is asked at most once a second, so a
//! server beside an importing process sees a new linking within a second
//! of the index, and a search in between reads nothing but the map.

use crate::{Archive, ArchiveError};
use fonds_query::{Field, Query, Term};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// How long a map is trusted without asking the store whether it moved on.
const RECHECK: Duration = Duration::from_secs(1);

/// The most names one query widens; each to at most `MAX_FORMS` names.
pub(crate) const MAX_PERSON_EXPANSIONS: usize = 8;
const MAX_FORMS: usize = 12;

/// Every person's preferred name and names (the best attested first), and
/// the person each name belongs to.
pub(crate) struct NameMap {
    /// (index generation, last change, linking) it was read at.
    version: (u64, i64, i64),
    /// When the store last said it was still true.
    checked: Mutex<Instant>,
    persons: Vec<(String, Vec<(String, i64)>)>,
    of_form: HashMap<String, usize>,
}

impl NameMap {
    fn new(version: (u64, i64, i64), persons: Vec<(String, Vec<(String, i64)>)>) -> NameMap {
        let mut of_form = HashMap::new();
        for (i, (_, forms)) in persons.iter().enumerate() {
            for (form, _) in forms {
                of_form.insert(form.clone(), i);
            }
        }
        NameMap {
            version,
            checked: Mutex::new(Instant::now()),
            persons,
            of_form,
        }
    }

    /// The query with every name that is a known person's (a `person:`,
    /// `speaker:` or `participant:` word or phrase, or a word of the text
    /// written exactly as one of their names) widened to that person's
    /// names, so that any spelling the archive has seen, an OCR garbling
    /// included, finds the person's documents. At most `budget` names are
    /// widened, each to the preferred name and the names at least two
    /// documents give.
    pub(crate) fn widen(&self, q: Query, budget: &mut usize) -> Query {
        let (field, name) = match q {
            Query::Term(ref t) if t.fuzzy == 0 && !t.prefix => (t.field, t.text.clone()),
            Query::Phrase { field, ref words } => (field, words.join(" ")),
            Query::And(children) => {
                return Query::And(
                    children
                        .into_iter()
                        .map(|c| self.widen(c, budget))
                        .collect(),
                )
            }
            Query::Or(children) => {
                return Query::Or(
                    children
                        .into_iter()
                        .map(|c| self.widen(c, budget))
                        .collect(),
                )
            }
            Query::Not(inner) => return Query::Not(Box::new(self.widen(*inner, budget))),
            q => return q,
        };
        let named = matches!(
            field,
            None | Some(Field::Person) | Some(Field::Speaker) | Some(Field::Participant)
        );
        if !named || *budget == 0 {
            return q;
        }
        let Some((preferred, forms)) = self.of_form.get(&name).map(|&i| &self.persons[i]) else {
            return q;
        };
        *budget -= 1;
        // A word of the text widens to the person's names as names.
        let into = field.or(Some(Field::Person));
        let mut alternatives = vec![q];
        for (form, _) in forms
            .iter()
            .filter(|(form, docs)| *form != name && (*docs >= 2 || form == preferred))
            .take(MAX_FORMS)
        {
            let words: Vec<String> = form.split_whitespace().map(str::to_string).collect();
            alternatives.push(match words.len() {
                0 => continue,
                1 => Query::Term(Term {
                    field: into,
                    text: words[0].clone(),
                    fuzzy: 0,
                    prefix: false,
                }),
                _ => Query::Phrase { field: into, words },
            });
        }
        if alternatives.len() == 1 {
            alternatives.pop().expect("one")
        } else {
            Query::Or(alternatives)
        }
    }
}

impl Archive {
    /// The map of names to persons, read again only when the index, the
    /// store or the linking moved on since it was read.
    pub(crate) async fn name_map(&self) -> Result<Arc<NameMap>, ArchiveError> {
        let generation = self.index.generation();
        let held = self.names.lock().expect("name map lock").clone();
        if let Some(m) = &held {
            let checked = *m.checked.lock().expect("name map lock");
            if m.version.0 == generation && checked.elapsed() < RECHECK {
                return Ok(m.clone());
            }
        }
        let (seq, linking) = self.store.people_version().await?;
        let version = (generation, seq, linking);
        if let Some(m) = held.filter(|m| m.version == version) {
            // Still true: trusted for another while.
            *m.checked.lock().expect("name map lock") = Instant::now();
            return Ok(m);
        }
        let map = Arc::new(NameMap::new(version, self.store.person_name_map().await?));
        *self.names.lock().expect("name map lock") = Some(map.clone());
        Ok(map)
    }

    /// Forgets the map, after this process linked the persons again.
    pub(crate) fn forget_names(&self) {
        *self.names.lock().expect("name map lock") = None;
    }
}
