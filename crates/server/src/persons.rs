//! Finding a person by an id or a name, for the API and the reader alike:
//! a person that is, one whose id a rename or a merge took away (and where
//! they are now), or none.

use fonds_archive::{Archive, ArchiveError, PersonDetail, Viewer};

/// What a person's id or name leads to.
pub enum Lookup {
    /// The person, with the asked page of their documents.
    Found(Box<PersonDetail>),
    /// No person has this id now; a rename or a merge moved them to this one.
    Moved(String),
    /// No person is known by this id or name.
    Unknown,
}

/// The person `key` names ([`Archive::person`]) with `limit` of their
/// documents from `offset`, or where a person once known by the id `key`
/// went.
pub async fn lookup(
    archive: &Archive,
    viewer: &Viewer,
    key: &str,
    offset: usize,
    limit: usize,
) -> Result<Lookup, ArchiveError> {
    if let Some(p) = archive.person(viewer, key, offset, limit).await? {
        return Ok(Lookup::Found(Box::new(p)));
    }
    Ok(match moved_to(archive, key).await? {
        Some(id) => Lookup::Moved(id),
        None => Lookup::Unknown,
    })
}

/// Where the person once known by the id `old` is now, when a rename or a
/// merge took the id away: followed through later moves, to a person that is.
async fn moved_to(archive: &Archive, old: &str) -> Result<Option<String>, ArchiveError> {
    let mut id = old.to_string();
    // A bounded walk: moves could, in principle, form a loop.
    for _ in 0..16 {
        let Some(next) = archive.person_moved(&id).await? else {
            return Ok(None);
        };
        if archive.person_exists(&next).await? {
            return Ok(Some(next));
        }
        id = next;
    }
    Ok(None)
}

/// An editor's decision on a person, as the API's JSON or a person page's
/// form asks it.
pub enum Asked {
    /// This person and the one a name or id names are one.
    Merge(String),
    /// These names of the person are someone else.
    Split(Vec<String>),
    /// The person's preferred name.
    Name(String),
}

/// Why a decision was not made.
pub enum Refused {
    NoPerson(String),
    Invalid(String),
    Archive(ArchiveError),
}

impl From<ArchiveError> for Refused {
    fn from(e: ArchiveError) -> Refused {
        Refused::Archive(e)
    }
}

/// The person `key` names, for a decision: one `viewer` may see.
async fn person_for(
    archive: &Archive,
    viewer: &Viewer,
    key: &str,
) -> Result<PersonDetail, Refused> {
    archive
        .person(viewer, key, 0, 0)
        .await?
        .ok_or_else(|| Refused::NoPerson(key.to_string()))
}

/// Applies `asked` to the person `key` as `viewer` (an editor): the
/// editors' decisions it makes are kept across re-imports, the persons
/// linked again, and an id a rename or a merge took away recorded as
/// moved. Returns the person's id after it.
pub async fn decide(
    archive: &Archive,
    viewer: &Viewer,
    key: &str,
    asked: Asked,
) -> Result<String, Refused> {
    use fonds_core::people::link::Decision;
    let person = person_for(archive, viewer, key).await?;
    let mut old_ids = vec![person.person.id.clone()];
    let first_form = |p: &PersonDetail| p.forms.first().map(|f| f.form.clone()).unwrap_or_default();
    let anchor = first_form(&person);
    let decisions = match asked {
        Asked::Merge(other) => {
            let with = person_for(archive, viewer, &other).await?;
            if with.person.id == person.person.id {
                return Err(Refused::Invalid(format!(
                    "{other:?} is this same person ({}): a person cannot be merged into itself",
                    person.person.id
                )));
            }
            old_ids.push(with.person.id.clone());
            vec![Decision::Merge {
                a: anchor.clone(),
                b: first_form(&with),
            }]
        }
        Asked::Split(forms) => {
            if forms.is_empty() {
                return Err(Refused::Invalid(
                    "a split needs some of the person's names".into(),
                ));
            }
            let all: Vec<String> = person.forms.iter().map(|f| f.form.clone()).collect();
            fonds_archive::split_decisions(&all, &forms).map_err(Refused::Invalid)?
        }
        Asked::Name(name) => {
            let name = name.trim().to_string();
            if name.is_empty() {
                return Err(Refused::Invalid("a person's name cannot be empty".into()));
            }
            vec![Decision::Name {
                form: anchor.clone(),
                name,
            }]
        }
    };
    for d in &decisions {
        archive.decide(viewer, d).await?;
    }
    let id = archive
        .person_of_name(&anchor)
        .await?
        .unwrap_or(person.person.id);
    for old in old_ids.iter().filter(|old| **old != id) {
        archive.record_person_move(old, &id).await?;
    }
    Ok(id)
}
