//! What the archive answers besides searches and persons: documents and
//! their versions and sources, the documents in change order, the lists a
//! harvest reads, the archive's counts, and the few things its servers keep
//! in it. Each is named for what it answers; the store and the index behind
//! it stay this crate's own.

use crate::{Archive, ArchiveError, Viewer};
use fonds_store::{ListFilter, ListedDocument, StoreError, StoredDocument, VersionInfo};

/// How many documents the archive holds, and its index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Status {
    /// Current documents in the store.
    pub documents: i64,
    /// Documents in the index as last committed.
    pub indexed: u64,
}

/// The archive's signing key (see [`Archive::signing_key`]).
#[derive(Debug)]
pub struct SigningKey {
    pub key: [u8; 32],
    /// Why the key could not be kept in the archive, when it could not (a
    /// read-only archive or file system): the key is then this process's
    /// own, and what it signed is unknown to other processes.
    pub unkept: Option<ArchiveError>,
}

/// The name the signing key is kept under (it signed OAI-PMH resumption
/// tokens first, and keeps the name so that tokens outlive an upgrade).
const SIGNING_KEY: &str = "oai_token_key";

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn key_of_hex(s: &str) -> Option<[u8; 32]> {
    if s.len() != 64 || !s.is_ascii() {
        return None;
    }
    let mut out = [0; 32];
    for (i, b) in out.iter_mut().enumerate() {
        *b = u8::from_str_radix(&s[2 * i..2 * i + 2], 16).ok()?;
    }
    Some(out)
}

impl Archive {
    /// A document as it was at `version`; None if it never had that
    /// version or `viewer` may not read it.
    pub async fn document_version(
        &self,
        viewer: &Viewer,
        id: &str,
        version: i64,
    ) -> Result<Option<StoredDocument>, ArchiveError> {
        if !self.may_read(viewer, id).await? {
            return Ok(None);
        }
        Ok(self.store.get_version(id, version).await?)
    }

    /// Every version of a document, the first first; empty for an unknown
    /// id or one `viewer` may not read.
    pub async fn versions(
        &self,
        viewer: &Viewer,
        id: &str,
    ) -> Result<Vec<VersionInfo>, ArchiveError> {
        if !self.may_read(viewer, id).await? {
            return Ok(Vec::new());
        }
        Ok(self.store.versions(id).await?)
    }

    /// The source file of a version, byte for byte, checked against its
    /// checksum; [`StoreError::NotFound`] for a version there is not, or
    /// one of a document `viewer` may not read.
    pub async fn source(
        &self,
        viewer: &Viewer,
        id: &str,
        version: i64,
    ) -> Result<Vec<u8>, ArchiveError> {
        if !self.may_read(viewer, id).await? {
            return Err(StoreError::NotFound(format!("{id} version {version}")).into());
        }
        Ok(self.store.source(id, version).await?)
    }

    /// How many documents share the source with this checksum.
    pub async fn source_documents(&self, sha256: &str) -> Result<i64, ArchiveError> {
        Ok(self.store.source_documents(sha256).await?)
    }

    /// The last changed documents `viewer` may read, newest first: id,
    /// title and when.
    pub async fn recent(
        &self,
        viewer: &Viewer,
        n: usize,
    ) -> Result<Vec<fonds_store::Recent>, ArchiveError> {
        let hidden = self.hidden(viewer).await?;
        Ok(self.store.recent(n as i64, &hidden).await?)
    }

    /// Current documents changed after change `seq`, in change order, at
    /// most `limit`: the whole archive, a batch at a time.
    pub async fn documents_after(
        &self,
        seq: i64,
        limit: usize,
    ) -> Result<Vec<StoredDocument>, ArchiveError> {
        Ok(self.store.changed_since(seq, limit as i64).await?)
    }

    /// How many documents the store and the index hold; for a reader who
    /// may not read them all, how many they may read, in both.
    pub async fn status(&self, viewer: &Viewer) -> Result<Status, ArchiveError> {
        let hidden = self.hidden(viewer).await?;
        if hidden.is_empty() {
            return Ok(Status {
                documents: self.store.count().await?,
                indexed: self.index.num_docs(),
            });
        }
        let filter = ListFilter {
            hidden: (*hidden).clone(),
            ..ListFilter::default()
        };
        let hiding = self
            .index
            .hiding(&hidden.ids, &hidden.collections, &hidden.shown);
        let query =
            fonds_search::Index::within(Box::new(fonds_search::AllQuery), Some(hiding.as_ref()));
        let indexed = self
            .index
            .search(query.as_ref(), &fonds_search::SearchRequest::default())?
            .total;
        Ok(Status {
            documents: self.store.count_matching(&filter).await?,
            indexed: indexed as u64,
        })
    }

    /// How many of the store's changes the index's last commit lacks (an
    /// import running or stopped); None when the index is of another layout.
    pub async fn changes_not_indexed(&self) -> Result<Option<i64>, ArchiveError> {
        let last = self.store.max_seq().await?;
        Ok(self.index.indexed_seq().ok().map(|seq| last - seq))
    }

    /// The tokenizers the index reads text with, for showing a query's
    /// words where a document has them.
    pub fn tokenizers(&self) -> &fonds_search::TokenizerManager {
        self.index.index_tokenizers()
    }

    /// Words of the texts `viewer` may read spelled like `word`, for a
    /// search that found nothing ([`fonds_search::Index::similar_words`]).
    pub async fn similar_words(
        &self,
        viewer: &Viewer,
        word: &str,
        max: usize,
    ) -> Result<Vec<String>, ArchiveError> {
        let filter = self.hidden_query(viewer).await?;
        Ok(self.index.similar_words(word, max, filter.as_deref())?)
    }

    /// The last change's sequence number (0 for an empty archive).
    pub async fn last_change(&self) -> Result<i64, ArchiveError> {
        Ok(self.store.max_seq().await?)
    }

    /// When the earliest current document last changed (RFC 3339).
    pub async fn earliest_change(&self) -> Result<Option<String>, ArchiveError> {
        Ok(self.store.earliest_updated().await?)
    }

    /// Every repository, language and document type the current documents
    /// `viewer` may read have, each sorted.
    pub async fn facet_values(
        &self,
        viewer: &Viewer,
    ) -> Result<(Vec<String>, Vec<String>, Vec<String>), ArchiveError> {
        let hidden = self.hidden(viewer).await?;
        Ok(self.store.facet_values(&hidden).await?)
    }

    /// A current document as a harvest lists it, if `viewer` may read it.
    pub async fn listed(
        &self,
        viewer: &Viewer,
        id: &str,
    ) -> Result<Option<ListedDocument>, ArchiveError> {
        if !self.may_read(viewer, id).await? {
            return Ok(None);
        }
        Ok(self.store.listed(id).await?)
    }

    /// `filter` narrowed to what `viewer` may read.
    async fn for_viewer(
        &self,
        viewer: &Viewer,
        filter: &ListFilter,
    ) -> Result<ListFilter, ArchiveError> {
        let hidden = self.hidden(viewer).await?;
        Ok(ListFilter {
            hidden: (*hidden).clone(),
            ..filter.clone()
        })
    }

    /// The current documents `filter` selects that `viewer` may read,
    /// changed after change `seq`, in change order, at most `limit`.
    pub async fn listing(
        &self,
        viewer: &Viewer,
        filter: &ListFilter,
        seq: i64,
        limit: usize,
    ) -> Result<Vec<ListedDocument>, ArchiveError> {
        let filter = self.for_viewer(viewer, filter).await?;
        Ok(self.store.list(&filter, seq, limit as i64).await?)
    }

    /// As [`Archive::listing`], each with its document's stored JSON form.
    pub async fn listing_with_json(
        &self,
        viewer: &Viewer,
        filter: &ListFilter,
        seq: i64,
        limit: usize,
    ) -> Result<Vec<(ListedDocument, String)>, ArchiveError> {
        let filter = self.for_viewer(viewer, filter).await?;
        Ok(self.store.list_json(&filter, seq, limit as i64).await?)
    }

    /// How many current documents `filter` selects that `viewer` may read.
    pub async fn count_listed(
        &self,
        viewer: &Viewer,
        filter: &ListFilter,
    ) -> Result<i64, ArchiveError> {
        let filter = self.for_viewer(viewer, filter).await?;
        Ok(self.store.count_matching(&filter).await?)
    }

    /// The id of the person `name` is one of the names of.
    pub async fn person_of_name(&self, name: &str) -> Result<Option<String>, ArchiveError> {
        Ok(self.store.person_of_form(name).await?)
    }

    /// Whether a person has the id `id` now.
    pub async fn person_exists(&self, id: &str) -> Result<bool, ArchiveError> {
        Ok(self.store.person_head(id).await?.is_some())
    }

    /// Where the person once known by the id `old` went when a rename or a
    /// merge took the id away, if it did.
    pub async fn person_moved(&self, old: &str) -> Result<Option<String>, ArchiveError> {
        Ok(self.store.person_moved(old).await?)
    }

    /// Records that the person `old` is now `new`, so that links to the old
    /// id still lead to them; refused on an archive opened read-only.
    pub async fn record_person_move(&self, old: &str, new: &str) -> Result<(), ArchiveError> {
        if self.read_only() {
            return Err(fonds_search::SearchError::ReadOnly.into());
        }
        Ok(self.store.record_person_move(old, new).await?)
    }

    /// The archive's own key for signing what its servers hand out, the
    /// same for every process that opens it: the one kept in the archive,
    /// else `fresh()` kept, unless another process kept one first, which
    /// is then the key. A kept value that is not a key is replaced (nothing
    /// can have been signed with it). When the archive cannot be written,
    /// the key is `fresh()` with the reason it is not kept.
    pub async fn signing_key(
        &self,
        fresh: impl FnOnce() -> Result<[u8; 32], ArchiveError>,
    ) -> Result<SigningKey, ArchiveError> {
        let kept = self.store.meta(SIGNING_KEY).await?;
        if let Some(key) = kept.as_deref().and_then(key_of_hex) {
            return Ok(SigningKey { key, unkept: None });
        }
        let key = fresh()?;
        let written = if kept.is_some() {
            self.store
                .set_meta(SIGNING_KEY, &hex(&key))
                .await
                .map(|()| hex(&key))
        } else {
            self.store.meta_or_insert(SIGNING_KEY, &hex(&key)).await
        };
        match written {
            Ok(value) => match key_of_hex(&value) {
                Some(key) => Ok(SigningKey { key, unkept: None }),
                None => Err(StoreError::Corrupt(format!(
                    "meta {SIGNING_KEY} is not a 256-bit key in hexadecimal"
                ))
                .into()),
            },
            Err(e) => Ok(SigningKey {
                key,
                unkept: Some(e.into()),
            }),
        }
    }
}
