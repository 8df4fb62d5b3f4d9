//! Editors at work: a page of a text corrected in the record format, a
//! document's title and summary, a pair of turns linked or unlinked, a
//! revert to an earlier version. Every save
//! is a new version with its author, time and comment, whose source is the
//! document in the JSON form (so `verify` and repair treat it as any
//! version), made only on the version the editor started from: a save on a
//! version that is no longer the current one is refused, with the current
//! one, so that the second of two editors sees what the first changed.

use crate::{Archive, ArchiveError, Viewer};
use fonds_core::align::Choice;
use fonds_core::record::write::{page_text, read_page};
use fonds_core::Document;
use fonds_store::{Store, StoreError, StoredDocument};

/// Why an edit was not saved.
#[derive(Debug, thiserror::Error)]
pub enum EditError {
    #[error("there is no document {0}")]
    NoDocument(String),
    #[error("{0}")]
    NoPage(String),
    /// Another save came first: the document as it is now.
    #[error("the document changed meanwhile: it is at version {}", .0.version)]
    Conflict(Box<StoredDocument>),
    #[error("nothing changed")]
    Unchanged,
    #[error(transparent)]
    Archive(#[from] ArchiveError),
}

impl From<StoreError> for EditError {
    fn from(e: StoreError) -> EditError {
        EditError::Archive(e.into())
    }
}

impl From<fonds_search::SearchError> for EditError {
    fn from(e: fonds_search::SearchError) -> EditError {
        EditError::Archive(e.into())
    }
}

/// The longest page an editor may save, in bytes.
pub const MAX_PAGE_BYTES: usize = 1 << 20;
/// The longest comment kept with a version.
pub const MAX_COMMENT_CHARS: usize = 500;

/// A page of a document, by text and page (both from 0).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageAt {
    pub text: usize,
    pub page: usize,
}

/// Page `at` of `doc` in the record format, as an editor corrects it.
pub fn page_source(doc: &Document, at: PageAt) -> Option<String> {
    let page = doc.texts.get(at.text)?.pages.get(at.page)?;
    Some(page_text(page))
}

/// `doc` with page `at` read from `body` (the record format), its turns
/// aligned again: what a save would keep, for a preview.
pub fn with_page(doc: &Document, at: PageAt, body: &str) -> Result<Document, EditError> {
    let text = doc
        .texts
        .get(at.text)
        .ok_or_else(|| EditError::NoPage(format!("the document has no text {}", at.text)))?;
    let old = text.pages.get(at.page).ok_or_else(|| {
        EditError::NoPage(format!(
            "text {} of the document has no page {}",
            at.text,
            at.page + 1
        ))
    })?;
    if body.len() > MAX_PAGE_BYTES {
        return Err(ArchiveError::Limit(format!(
            "a page is at most {MAX_PAGE_BYTES} bytes; this one is {}",
            body.len()
        ))
        .into());
    }
    let (mut page, diagnostics) = read_page(text, at.page, body);
    let first = old.line;
    // The old page's span of lines, where its diagnostics were.
    let next = text.pages.get(at.page + 1).map_or(u32::MAX, |p| p.line);
    for b in &mut page.blocks {
        b.line = first + b.line.saturating_sub(1);
    }
    let mut out = doc.clone();
    out.texts[at.text].pages[at.page] = page;
    out.diagnostics
        .retain(|d| !d.line.is_some_and(|l| l >= first && l < next));
    out.diagnostics.extend(diagnostics.into_iter().map(|mut d| {
        d.line = d.line.map(|l| first + l.saturating_sub(1));
        d
    }));
    fonds_core::align::realign(&mut out);
    Ok(out)
}

fn comment_of(comment: &str) -> String {
    comment.trim().chars().take(MAX_COMMENT_CHARS).collect()
}

impl Archive {
    /// The current document for an editor: refused unless `by` edits and
    /// may read it.
    async fn for_editing(&self, by: &Viewer, id: &str) -> Result<StoredDocument, EditError> {
        if self.read_only() {
            return Err(ArchiveError::Forbidden(
                "this archive is open read-only: edit through a server that opened it for writing"
                    .into(),
            )
            .into());
        }
        if !by.may_edit() {
            return Err(ArchiveError::Forbidden("only an editor or an admin edits".into()).into());
        }
        self.document(by, id)
            .await?
            .ok_or_else(|| EditError::NoDocument(id.to_string()))
    }

    /// Saves `doc` as a new version by `by`, made on version `on`.
    async fn save(
        &self,
        by: &Viewer,
        doc: Document,
        on: i64,
        comment: &str,
        what: &str,
    ) -> Result<i64, EditError> {
        let id = doc.id.clone();
        let json = serde_json::to_vec_pretty(&fonds_json::to_json(&doc))
            .map_err(|e| StoreError::Corrupt(e.to_string()))?;
        let sha = self.store.put_source(&json)?;
        let name = format!("{id}.json");
        let mut prepared = Store::prepare(doc, &sha, &std::sync::Arc::from(json), &name);
        prepared.author = Some(by.name().to_string());
        prepared.comment = Some(comment_of(comment));
        prepared.on_version = Some(on);
        let entry = self
            .index
            .entry_maker()
            .entry(&prepared.document, &prepared.people);
        let outcome = match self.store.put_batch(std::slice::from_ref(&prepared)).await {
            Ok(o) => o,
            Err(StoreError::Stale { .. }) => {
                let now = self
                    .store
                    .get(&id)
                    .await?
                    .ok_or_else(|| EditError::NoDocument(id.clone()))?;
                return Err(EditError::Conflict(Box::new(now)));
            }
            Err(e) => return Err(e.into()),
        };
        match outcome.first() {
            Some(fonds_store::PutOutcome::Updated { seq, version }) => {
                self.index.put_entry(&id, entry)?;
                self.index.commit(*seq)?;
                self.store
                    .audit(
                        by.name(),
                        what,
                        &id,
                        &format!("version {version}: {}", comment_of(comment)),
                    )
                    .await?;
                self.link_people(false).await?;
                Ok(*version)
            }
            _ => Err(EditError::Unchanged),
        }
    }

    /// Page `at` of document `id` in the record format, with the version
    /// it is of, for an editor.
    pub async fn page_for_editing(
        &self,
        by: &Viewer,
        id: &str,
        at: PageAt,
    ) -> Result<(StoredDocument, String), EditError> {
        let stored = self.for_editing(by, id).await?;
        let text = page_source(&stored.document, at).ok_or_else(|| {
            EditError::NoPage(format!(
                "document {id} has no page {} in text {}",
                at.page + 1,
                at.text
            ))
        })?;
        Ok((stored, text))
    }

    /// Saves page `at` of document `id` as `body` reads (the record
    /// format), made on version `on`; the new version's number.
    pub async fn edit_page(
        &self,
        by: &Viewer,
        id: &str,
        on: i64,
        at: PageAt,
        body: &str,
        comment: &str,
    ) -> Result<i64, EditError> {
        let stored = self.for_editing(by, id).await?;
        if stored.version != on {
            return Err(EditError::Conflict(Box::new(stored)));
        }
        let doc = with_page(&stored.document, at, body)?;
        let what = format!("edit-page text {} page {}", at.text, at.page + 1);
        self.save(by, doc, on, comment, &what).await
    }

    /// Saves a document's title and summary, made on version `on`.
    pub async fn edit_metadata(
        &self,
        by: &Viewer,
        id: &str,
        on: i64,
        title: &str,
        summary: &str,
        comment: &str,
    ) -> Result<i64, EditError> {
        let stored = self.for_editing(by, id).await?;
        if stored.version != on {
            return Err(EditError::Conflict(Box::new(stored)));
        }
        let title = title.trim();
        if title.is_empty() {
            return Err(ArchiveError::Invalid("a document needs a title".into()).into());
        }
        let mut doc = stored.document;
        doc.title = title.to_string();
        let summary = summary.trim();
        doc.summary = (!summary.is_empty()).then(|| summary.to_string());
        self.save(by, doc, on, comment, "edit-metadata").await
    }

    /// Links or unlinks original turn `o` and turn `t` of translation text
    /// `translation` (turns from 0), or forgets an editor's decision on the
    /// pair, made on version `on`: the document is aligned again keeping
    /// every decision.
    #[allow(clippy::too_many_arguments)]
    pub async fn edit_alignment(
        &self,
        by: &Viewer,
        id: &str,
        on: i64,
        translation: usize,
        (o, t): (usize, usize),
        choice: Choice,
        comment: &str,
    ) -> Result<i64, EditError> {
        let stored = self.for_editing(by, id).await?;
        if stored.version != on {
            return Err(EditError::Conflict(Box::new(stored)));
        }
        let mut doc = stored.document;
        match fonds_core::align::decide(&mut doc, translation, o, t, choice) {
            Ok(true) => {}
            Ok(false) => return Err(EditError::Unchanged),
            Err(why) => return Err(ArchiveError::Invalid(why).into()),
        }
        let what = format!(
            "{} text {translation} original turn {} translation turn {}",
            match choice {
                Choice::Link => "link-turns",
                Choice::Unlink => "unlink-turns",
                Choice::Forget => "forget-turn-decision",
            },
            o + 1,
            t + 1
        );
        self.save(by, doc, on, comment, &what).await
    }

    /// Makes version `to` the current one again, as a new version, made on
    /// version `on`.
    pub async fn revert(
        &self,
        by: &Viewer,
        id: &str,
        on: i64,
        to: i64,
        comment: &str,
    ) -> Result<i64, EditError> {
        let stored = self.for_editing(by, id).await?;
        if stored.version != on {
            return Err(EditError::Conflict(Box::new(stored)));
        }
        let old = self
            .store
            .get_version(id, to)
            .await?
            .ok_or_else(|| EditError::NoPage(format!("document {id} has no version {to}")))?;
        let comment = if comment.trim().is_empty() {
            format!("back to version {to}")
        } else {
            comment.to_string()
        };
        self.save(by, old.document, on, &comment, &format!("revert to {to}"))
            .await
    }
}
