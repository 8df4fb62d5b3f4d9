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
