//! Scans: page images attached to a document, kept byte for byte by
//! SHA-256 like the sources, and served through the IIIF Image API with
//! what was rendered kept on disk as derived, rebuildable files.

use crate::{Archive, ArchiveError};
use fonds_iiif::{Bounds, ImageRequest, RenderError, RequestError};
pub use fonds_store::{NewScan, Scan};
use std::path::PathBuf;

/// A file offered as a scan: its name and bytes.
pub struct ScanFile {
    pub name: String,
    pub bytes: Vec<u8>,
}

/// What attaching scans did: the scans as stored, and what a reader of the
/// result should know (the counts of images and pages differing).
#[derive(Debug, Clone, Default)]
pub struct Attached {
    pub scans: Vec<Scan>,
    /// The pages of the document's original (0: no transcription).
    pub pages: usize,
    pub notes: Vec<String>,
}

/// Why scans could not be attached or an image served.
#[derive(Debug, thiserror::Error)]
pub enum ScanError {
    #[error("there is no document {0}")]
    NoDocument(String),
    #[error("document {doc} has no scan {n}")]
    NoScan { doc: String, n: u32 },
    /// A file offered as a scan cannot be one (nothing was attached).
    #[error("{file}: {error}")]
    File { file: String, error: RenderError },
    #[error(transparent)]
    Request(#[from] RequestError),
    /// A stored scan that cannot be rendered.
    #[error("scan {n} of {doc}: {error}")]
    Render {
        doc: String,
        n: u32,
        error: RenderError,
    },
    #[error(transparent)]
    Archive(#[from] ArchiveError),
}

impl From<fonds_store::StoreError> for ScanError {
    fn from(e: fonds_store::StoreError) -> ScanError {
        ScanError::Archive(e.into())
    }
}

/// An image answered: its bytes and media type.
pub struct Rendered {
    pub bytes: Vec<u8>,
    pub media_type: &'static str,
}

impl Archive {
    /// The bounds every scan is attached and served within.
    pub fn image_bounds(&self) -> Bounds {
        Bounds::default()
    }

    /// Attaches page images to a stored document, after its last scan, in
    /// the order given. Every file is checked first (an image in a format
    /// served, within the bounds): one that fails is named with its reason
    /// and nothing is attached.
    pub async fn attach(&self, doc_id: &str, files: &[ScanFile]) -> Result<Attached, ScanError> {
        if self.read_only() {
            return Err(ArchiveError::from(fonds_search::SearchError::ReadOnly).into());
        }
        let Some(stored) = self.store.get(doc_id).await? else {
            return Err(ScanError::NoDocument(doc_id.to_string()));
        };
        let bounds = self.image_bounds();
        let mut new = Vec::with_capacity(files.len());
        for f in files {
            let error = |error| ScanError::File {
                file: f.name.clone(),
                error,
            };
            let (width, height) =
                fonds_iiif::render::dimensions(&f.bytes, &bounds).map_err(error)?;
            // The whole file must decode, not only its header.
            fonds_iiif::render::decode(&f.bytes, &bounds).map_err(error)?;
            new.push(NewScan {
                sha256: String::new(),
                name: f.name.clone(),
                media_type: fonds_iiif::render::media_type(&f.bytes).to_string(),
                width,
                height,
            });
        }
        for (scan, f) in new.iter_mut().zip(files) {
            scan.sha256 = self.store.put_scan_file(&f.bytes)?;
        }
        self.store.add_scans(doc_id, &new).await?;
        let scans = self.store.scans(doc_id).await?;
        let pages = stored
            .document
            .texts
            .iter()
            .find(|t| t.role == fonds_core::TextRole::Original)
            .map_or(0, |t| t.pages.len());
        let mut notes = Vec::new();
        if pages > 0 && scans.len() != pages {
            notes.push(format!(
                "{doc_id} has {} scans and its original {pages} pages: image n is shown beside page n",
                scans.len()
            ));
        }
        Ok(Attached {
            scans,
            pages,
            notes,
        })
    }

    /// A document's scans in their order.
    pub async fn scans(&self, doc_id: &str) -> Result<Vec<Scan>, ScanError> {
        Ok(self.store.scans(doc_id).await?)
    }

    /// Scan `n` of a document, or why there is none.
    pub async fn scan(&self, doc_id: &str, n: u32) -> Result<Scan, ScanError> {
        self.store
            .scan(doc_id, n)
            .await?
            .ok_or_else(|| ScanError::NoScan {
                doc: doc_id.to_string(),
                n,
            })
    }

    /// The IIIF image information document of scan `n`, served at `id`.
    pub async fn image_info(
        &self,
        doc_id: &str,
        n: u32,
        id: &str,
    ) -> Result<serde_json::Value, ScanError> {
        let scan = self.scan(doc_id, n).await?;
        Ok(fonds_iiif::info_json(
            id,
            scan.width,
            scan.height,
            &self.image_bounds(),
        ))
    }

    /// An IIIF image request on scan `n`: answered from the cache of
    /// rendered images when it holds it, else rendered (on a blocking
    /// thread) and kept there.
    pub async fn image(
        &self,
        doc_id: &str,
        n: u32,
        request: &ImageRequest,
    ) -> Result<Rendered, ScanError> {
        let scan = self.scan(doc_id, n).await?;
        let bounds = self.image_bounds();
        let plan = request.resolve(scan.width, scan.height, &bounds)?;
        let media_type = plan.format.media_type();
        let cached = self.rendered_path(&scan.sha256, &plan.canonical(), plan.format.extension());
        if let Some(path) = &cached {
            if let Ok(bytes) = std::fs::read(path) {
                return Ok(Rendered { bytes, media_type });
            }
        }
        let file = self.store.scan_file(&scan.sha256)?;
        let rendered =
            tokio::task::spawn_blocking(move || fonds_iiif::render(&file, &plan, &bounds))
                .await
                .map_err(|_| ArchiveError::Readers)?
                .map_err(|error| ScanError::Render {
                    doc: doc_id.to_string(),
                    n,
                    error,
                })?;
        if let Some(path) = cached {
            // A cache that cannot be written costs speed, not the answer.
            let _ = path
                .parent()
                .map_or(Ok(()), std::fs::create_dir_all)
                .and_then(|()| fonds_ingest::write_whole(&path, &rendered));
        }
        Ok(Rendered {
            bytes: rendered,
            media_type,
        })
    }

    /// Where a rendering of the scan file `sha256` is kept: under the
    /// archive's `cache/iiif/`, by the file and the canonical request (None
    /// for an archive in memory).
    fn rendered_path(&self, sha256: &str, canonical: &str, extension: &str) -> Option<PathBuf> {
        if self.dir().as_os_str().is_empty() {
            return None;
        }
        let name = fonds_store::sha256_hex(canonical.as_bytes());
        Some(
            self.dir()
                .join("cache/iiif")
                .join(&sha256[..2.min(sha256.len())])
                .join(sha256)
                .join(format!("{}.{extension}", &name[..32])),
        )
    }
}
