//! Scans: page images attached to a document, kept byte for byte by
//! SHA-256 like the sources, and served through the IIIF Image API with
//! what was rendered kept on disk as derived, rebuildable files.

use crate::{Archive, ArchiveError, Viewer};
use fonds_iiif::{Bounds, ImageRequest, RenderError, RequestError};
pub use fonds_store::{NewScan, Scan};
use std::path::{Path, PathBuf};

/// A file offered as a scan: its name and bytes.
pub struct ScanFile {
    pub name: String,
    pub bytes: Vec<u8>,
}

/// The largest file attached as a scan (a PDF of a thousand scanned pages
/// is well under it): it is held in memory while it is checked and kept.
pub const MAX_FILE_BYTES: u64 = 2 << 30;

/// A file offered as a scan: bytes at hand, or a file read when its turn
/// comes.
enum Offered<'a> {
    Bytes(&'a str, &'a [u8]),
    Path(&'a std::path::Path),
}

impl Offered<'_> {
    fn name(&self) -> String {
        match self {
            Offered::Bytes(name, _) => name.to_string(),
            Offered::Path(p) => p.file_name().map_or_else(
                || p.display().to_string(),
                |n| n.to_string_lossy().into_owned(),
            ),
        }
    }

    /// Its bytes; a file over [`MAX_FILE_BYTES`] is refused before it is
    /// read.
    fn read(&self) -> std::io::Result<std::borrow::Cow<'_, [u8]>> {
        match self {
            Offered::Bytes(_, b) => Ok(std::borrow::Cow::Borrowed(b)),
            Offered::Path(p) => {
                let size = std::fs::metadata(p)?.len();
                if size > MAX_FILE_BYTES {
                    return Err(std::io::Error::other(format!(
                        "the file is {} MB, over the {} MB a scan may be",
                        size >> 20,
                        MAX_FILE_BYTES >> 20
                    )));
                }
                std::fs::read(p).map(std::borrow::Cow::Owned)
            }
        }
    }
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
    /// A package's scans that cannot be attached, and why.
    #[error("{0}")]
    Package(String),
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

/// The pages of a TIFF of more than one page (their image directories);
/// None for any other file.
fn several_pages(bytes: &[u8], bounds: &Bounds) -> Result<Option<Vec<usize>>, RenderError> {
    if !fonds_iiif::tiff_pages::is_tiff(bytes) {
        return Ok(None);
    }
    let pages = fonds_iiif::tiff_pages::pages(bytes, bounds)?;
    Ok((pages.len() > 1).then_some(pages))
}

/// Scans decoded to answer image requests, kept in memory for the next
/// request on the same scan (a viewer asks for a page's tiles together),
/// the least recently used dropped first once they pass [`decoded::BUDGET`]
/// bytes. Keyed by the file's SHA-256, so the process's archives share it.
mod decoded {
    use fonds_iiif::render::DynamicImage;
    use std::sync::{Arc, Mutex};

    /// The most bytes of decoded pixels kept: a few pages of 600 dpi colour.
    pub const BUDGET: usize = 512 << 20;

    struct Kept {
        /// (SHA-256, image), the most recently used last.
        images: Vec<(String, Arc<DynamicImage>)>,
        bytes: usize,
    }

    static KEPT: Mutex<Kept> = Mutex::new(Kept {
        images: Vec::new(),
        bytes: 0,
    });

    pub fn get(sha256: &str) -> Option<Arc<DynamicImage>> {
        let mut kept = KEPT.lock().unwrap_or_else(|e| e.into_inner());
        let i = kept.images.iter().position(|(s, _)| s == sha256)?;
        let found = kept.images.remove(i);
        let image = found.1.clone();
        kept.images.push(found);
        Some(image)
    }

    pub fn put(sha256: &str, image: Arc<DynamicImage>) {
        put_within(sha256, image, BUDGET)
    }

    fn put_within(sha256: &str, image: Arc<DynamicImage>, budget: usize) {
        let size = image.as_bytes().len();
        if size > budget {
            return;
        }
        let mut kept = KEPT.lock().unwrap_or_else(|e| e.into_inner());
        if kept.images.iter().any(|(s, _)| s == sha256) {
            return;
        }
        while kept.bytes + size > budget && !kept.images.is_empty() {
            let (_, old) = kept.images.remove(0);
            kept.bytes -= old.as_bytes().len();
        }
        kept.bytes += size;
        kept.images.push((sha256.to_string(), image));
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        fn gray(side: u32) -> Arc<DynamicImage> {
            Arc::new(DynamicImage::ImageLuma8(
                fonds_iiif::render::GrayImage::new(side, side),
            ))
        }

        #[test]
        fn the_least_recently_used_goes_first_within_the_budget() {
            // 100 bytes each, a budget of 250: two fit.
            put_within("decoded-test-a", gray(10), 250);
            put_within("decoded-test-b", gray(10), 250);
            assert!(get("decoded-test-a").is_some());
            put_within("decoded-test-c", gray(10), 250);
            assert!(get("decoded-test-b").is_none(), "b was used least recently");
            assert!(get("decoded-test-a").is_some() && get("decoded-test-c").is_some());
            // An image over the budget is not kept.
            put_within("decoded-test-d", gray(20), 250);
            assert!(get("decoded-test-d").is_none());
        }
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
    /// the order given; a PDF gives its pages, rendered. Every image is
    /// checked (an image in a format served, within the bounds, decoded
    /// whole): one that fails is named with its reason and nothing is
    /// attached. Files are read, checked and kept one at a time, so memory
    /// holds one page whatever the count.
    pub async fn attach(&self, doc_id: &str, files: &[ScanFile]) -> Result<Attached, ScanError> {
        let offered: Vec<Offered> = files
            .iter()
            .map(|f| Offered::Bytes(&f.name, &f.bytes))
            .collect();
        self.attach_offered(doc_id, &offered).await
    }

    /// As [`Archive::attach`], for files on disk, read when their turn comes.
    pub async fn attach_paths(
        &self,
        doc_id: &str,
        paths: &[std::path::PathBuf],
    ) -> Result<Attached, ScanError> {
        let offered: Vec<Offered> = paths.iter().map(|p| Offered::Path(p)).collect();
        self.attach_offered(doc_id, &offered).await
    }

    async fn attach_offered(
        &self,
        doc_id: &str,
        files: &[Offered<'_>],
    ) -> Result<Attached, ScanError> {
        if self.read_only() {
            return Err(ArchiveError::from(fonds_search::SearchError::ReadOnly).into());
        }
        let Some(stored) = self.store.get(doc_id).await? else {
            return Err(ScanError::NoDocument(doc_id.to_string()));
        };
        let bounds = self.image_bounds();
        let mut new = Vec::new();
        for f in files {
            let name = f.name();
            let fail = |error| ScanError::File {
                file: name.clone(),
                error,
            };
            let bytes = f
                .read()
                .map_err(|e| fail(RenderError::Corrupt(e.to_string())))?;
            if bytes.starts_with(b"%PDF") {
                let file_sha256 = self.store.put_scan_file(&bytes)?;
                let pages = crate::pdf::Pages::render(&bytes).map_err(fail)?;
                for (i, page) in pages.files.iter().enumerate() {
                    let page_name = format!("{name}, p. {}", i + 1);
                    let image = std::fs::read(page).map_err(|e| ScanError::File {
                        file: page_name.clone(),
                        error: RenderError::Corrupt(e.to_string()),
                    })?;
                    let mut scan =
                        self.keep_image(&image, &bounds)
                            .map_err(|error| ScanError::File {
                                file: page_name.clone(),
                                error,
                            })?;
                    scan.name = page_name;
                    scan.file_sha256 = file_sha256.clone();
                    scan.file_page = i as u32 + 1;
                    new.push(scan);
                }
            } else if let Some(pages) = several_pages(&bytes, &bounds).map_err(fail)? {
                // A TIFF of several pages: each page kept as a PNG of its
                // own, the TIFF kept whole, as for a PDF.
                let file_sha256 = self.store.put_scan_file(&bytes)?;
                let mut tiff =
                    fonds_iiif::tiff_pages::Reader::new(&bytes, &bounds).map_err(fail)?;
                for (k, &directory) in pages.iter().enumerate() {
                    let page_name = format!("{name}, p. {}", k + 1);
                    let fail_page = |error| ScanError::File {
                        file: page_name.clone(),
                        error,
                    };
                    let png = tiff
                        .page(directory)
                        .and_then(|image| {
                            fonds_iiif::render::encode(&image, fonds_iiif::Format::Png)
                        })
                        .map_err(fail_page)?;
                    let mut scan = self.keep_image(&png, &bounds).map_err(fail_page)?;
                    scan.name = page_name;
                    scan.file_sha256 = file_sha256.clone();
                    scan.file_page = k as u32 + 1;
                    new.push(scan);
                }
            } else {
                let mut scan = self.keep_image(&bytes, &bounds).map_err(fail)?;
                scan.name = name.clone();
                new.push(scan);
            }
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

    /// Checks an image (its size from the header within the bounds, then
    /// decoded whole) and keeps it in the blob store.
    fn keep_image(&self, bytes: &[u8], bounds: &Bounds) -> Result<NewScan, RenderError> {
        let (width, height) = fonds_iiif::render::dimensions(bytes, bounds)?;
        fonds_iiif::render::decode(bytes, bounds)?;
        let sha256 = self
            .store
            .put_scan_file(bytes)
            .map_err(|e| RenderError::Corrupt(e.to_string()))?;
        Ok(NewScan {
            file_sha256: sha256.clone(),
            sha256,
            name: String::new(),
            media_type: fonds_iiif::render::media_type(bytes).to_string(),
            width,
            height,
            file_page: 1,
        })
    }

    /// Attaches the scans found beside each record file of one document
    /// (`X.pdf`, `X.png`, a folder `X/` of images) to its document, when it
    /// has none yet; a scan that cannot be attached is the import's failure
    /// for that file, and the document stays imported.
    pub(crate) async fn attach_beside(
        &self,
        singles: &[(std::path::PathBuf, String)],
        summary: &mut crate::ImportSummary,
    ) -> Result<(), ArchiveError> {
        for (record, id) in singles {
            let found = fonds_ingest::beside::scans_beside(record);
            if found.is_empty() || !self.store.scans(id).await?.is_empty() {
                continue;
            }
            match self.attach_paths(id, &found).await {
                Ok(a) => summary.scans += a.scans.len(),
                Err(ScanError::Archive(e)) => return Err(e),
                Err(e) => summary
                    .failed
                    .push((record.clone(), format!("its scans: {e}"))),
            }
        }
        Ok(())
    }

    /// Attaches the scans a package (a bag's payload) holds to the document
    /// `scans.json` names, when it has none yet: each file as attached, in
    /// the scans' order, checked against its checksum, then the OCR files
    /// on the scans they read. What cannot be attached is that package's
    /// failure; the document stays imported.
    pub(crate) async fn attach_packaged(
        &self,
        payloads: &[std::path::PathBuf],
        summary: &mut crate::ImportSummary,
    ) -> Result<(), ArchiveError> {
        for dir in payloads {
            match self.attach_payload(dir).await {
                Ok(n) => summary.scans += n,
                Err(ScanError::Archive(e)) => return Err(e),
                Err(e) => summary
                    .failed
                    .push((dir.join("scans.json"), format!("the scans it lists: {e}"))),
            }
        }
        Ok(())
    }

    async fn attach_payload(&self, dir: &std::path::Path) -> Result<usize, ScanError> {
        let bad = ScanError::Package;
        let text = std::fs::read(dir.join("scans.json")).map_err(|e| bad(e.to_string()))?;
        let note: serde_json::Value =
            serde_json::from_slice(&text).map_err(|e| bad(e.to_string()))?;
        let doc = note["document"]
            .as_str()
            .ok_or_else(|| bad("it names no document".into()))?;
        if self.store.get(doc).await?.is_none() || !self.store.scans(doc).await?.is_empty() {
            return Ok(0);
        }
        // Each file in the order of the scans: an image once for each scan
        // it is, a PDF or TIFF once for all its pages.
        let safe = |p: &str| {
            !p.is_empty() && !p.starts_with('/') && !p.split('/').any(|s| s == ".." || s.is_empty())
        };
        let mut files: Vec<ScanFile> = Vec::new();
        for s in note["scans"].as_array().map(Vec::as_slice).unwrap_or(&[]) {
            let (Some(file), Some(sha)) = (s["file"].as_str(), s["file_sha256"].as_str()) else {
                return Err(bad("a scan without its file".into()));
            };
            if !safe(file) {
                return Err(bad(format!("{file:?} is not a path inside the package")));
            }
            if s["file_page"].as_u64() != Some(1) {
                continue;
            }
            let bytes = std::fs::read(dir.join(file)).map_err(|e| bad(format!("{file}: {e}")))?;
            if fonds_store::sha256_hex(&bytes) != sha {
                return Err(bad(format!("{file} does not match its checksum")));
            }
            // The name it was attached under (a PDF's page names the PDF).
            let name = s["name"].as_str().unwrap_or(file);
            let name = name.rsplit_once(", p. ").map_or(name, |(f, _)| f);
            files.push(ScanFile {
                name: name.to_string(),
                bytes,
            });
        }
        let attached = self.attach(doc, &files).await?;
        // The OCR files, each on the scan its first page reads.
        let mut read: Vec<&str> = Vec::new();
        for r in note["ocr"].as_array().map(Vec::as_slice).unwrap_or(&[]) {
            let (Some(file), Some(n), Some(page)) =
                (r["file"].as_str(), r["n"].as_u64(), r["file_page"].as_u64())
            else {
                continue;
            };
            if page != 1 || read.contains(&file) || !safe(file) {
                continue;
            }
            read.push(file);
            let bytes = std::fs::read(dir.join(file)).map_err(|e| bad(format!("{file}: {e}")))?;
            if let Err(e) = self.keep_ocr(doc, n as u32, file, &bytes).await {
                return Err(bad(format!("{file}: {e}")));
            }
        }
        Ok(attached.scans.len())
    }

    /// A document's scans in their order.
    pub async fn scans(&self, viewer: &Viewer, doc_id: &str) -> Result<Vec<Scan>, ScanError> {
        if !self.may_read(viewer, doc_id).await? {
            return Ok(Vec::new());
        }
        Ok(self.store.scans(doc_id).await?)
    }

    /// Scan `n` of a document, or why there is none; none of a document
    /// `viewer` may not read.
    pub async fn scan(&self, viewer: &Viewer, doc_id: &str, n: u32) -> Result<Scan, ScanError> {
        if !self.may_read(viewer, doc_id).await? {
            return Err(ScanError::NoDocument(doc_id.to_string()));
        }
        self.store
            .scan(doc_id, n)
            .await?
            .ok_or_else(|| ScanError::NoScan {
                doc: doc_id.to_string(),
                n,
            })
    }

    /// The file scan `n` was attached as, byte for byte (the image, or the
    /// whole PDF it is a page of), checked against its SHA-256.
    pub async fn attached_file(
        &self,
        viewer: &Viewer,
        doc_id: &str,
        n: u32,
    ) -> Result<(Scan, Vec<u8>), ScanError> {
        let scan = self.scan(viewer, doc_id, n).await?;
        let bytes = self.store.blob(&scan.file_sha256).await?;
        Ok((scan, bytes))
    }

    /// The IIIF image information document of scan `n`, served at `id`.
    pub async fn image_info(
        &self,
        viewer: &Viewer,
        doc_id: &str,
        n: u32,
        id: &str,
    ) -> Result<serde_json::Value, ScanError> {
        let scan = self.scan(viewer, doc_id, n).await?;
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
        viewer: &Viewer,
        doc_id: &str,
        n: u32,
        request: &ImageRequest,
    ) -> Result<Rendered, ScanError> {
        let scan = self.scan(viewer, doc_id, n).await?;
        let bounds = self.image_bounds();
        let plan = request.resolve(scan.width, scan.height, &bounds)?;
        let media_type = plan.format.media_type();
        let cached = self.rendered_path(&scan.sha256, &plan.canonical(), plan.format.extension());
        if let Some(path) = &cached {
            if let Ok(bytes) = std::fs::read(path) {
                return Ok(Rendered { bytes, media_type });
            }
        }
        // Rendered by another node: kept in the object storage they share.
        let shared = self.objects().map(|objects| {
            let name = rendered_name(&scan.sha256, &plan.canonical(), plan.format.extension());
            (objects, format!("derived/iiif/{name}"))
        });
        if let Some((objects, name)) = &shared {
            // One that fails its checksum, or is larger than an answer
            // within the bounds can be encoded, is rendered again and
            // replaced.
            let largest = bounds.max_area.saturating_mul(4).saturating_add(1 << 20);
            if let Ok(Some(bytes)) = objects.get_sealed(name, largest).await {
                if let Some(path) = &cached {
                    let _ = keep_rendered(path, &bytes);
                }
                return Ok(Rendered { bytes, media_type });
            }
        }
        let fail = |error| ScanError::Render {
            doc: doc_id.to_string(),
            n,
            error,
        };
        let decoded = self.decoded(&scan, &bounds).await?.map_err(fail)?;
        let rendered = tokio::task::spawn_blocking(move || {
            fonds_iiif::render::render_decoded(&decoded, &plan)
        })
        .await
        .map_err(|_| ArchiveError::Readers)?
        .map_err(fail)?;
        // A cache that cannot be written costs speed, not the answer.
        if let Some(path) = cached {
            let _ = keep_rendered(&path, &rendered);
        }
        if let Some((objects, name)) = shared {
            let _ = objects.put_sealed(&name, &rendered).await;
        }
        Ok(Rendered {
            bytes: rendered,
            media_type,
        })
    }

    /// A scan decoded: kept in memory from an earlier request, else read,
    /// decoded on a blocking thread and kept. The outer error is the
    /// archive's, the inner the scan's.
    async fn decoded(
        &self,
        scan: &Scan,
        bounds: &Bounds,
    ) -> Result<Result<std::sync::Arc<fonds_iiif::render::DynamicImage>, RenderError>, ScanError>
    {
        if let Some(image) = decoded::get(&scan.sha256) {
            return Ok(Ok(image));
        }
        let file = self.store.blob(&scan.sha256).await?;
        let bounds = *bounds;
        let image = tokio::task::spawn_blocking(move || {
            fonds_iiif::render::decode(&file, &bounds).map(std::sync::Arc::new)
        })
        .await
        .map_err(|_| ArchiveError::Readers)?;
        if let Ok(image) = &image {
            decoded::put(&scan.sha256, image.clone());
        }
        Ok(image)
    }

    /// The whole scan of a document as one PDF, a page per scan (each a JPEG
    /// of the scan at its full size), written once under the archive's
    /// `cache/iiif/pdf/` as a derived, rebuildable file named by the scans'
    /// checksums; None for a document without scans. Pages are decoded and
    /// written one at a time.
    pub async fn scans_pdf(
        &self,
        viewer: &Viewer,
        doc_id: &str,
    ) -> Result<Option<PathBuf>, ScanError> {
        let scans = self.scans(viewer, doc_id).await?;
        if scans.is_empty() {
            return Ok(None);
        }
        let key: String = scans
            .iter()
            .map(|s| s.sha256.as_str())
            .collect::<Vec<_>>()
            .join(",");
        let name = format!("{}.pdf", &fonds_store::sha256_hex(key.as_bytes())[..32]);
        let dir = if self.dir().as_os_str().is_empty() {
            std::env::temp_dir().join(format!("fonds-pdf-cache-{}", std::process::id()))
        } else {
            self.dir().join("cache/iiif/pdf")
        };
        let path = dir.join(&name);
        if path.is_file() {
            return Ok(Some(path));
        }
        let io = |e: std::io::Error| ScanError::Render {
            doc: doc_id.to_string(),
            n: 0,
            error: RenderError::Encode(e.to_string()),
        };
        std::fs::create_dir_all(&dir).map_err(io)?;
        let partial = dir.join(format!(".{name}.{}", std::process::id()));
        let file = std::fs::File::create(&partial).map_err(io)?;
        let mut pdf = fonds_iiif::pdf::PdfWriter::new(std::io::BufWriter::new(file), scans.len())
            .map_err(io)?;
        let bounds = self.image_bounds();
        for scan in &scans {
            let fail = |error| ScanError::Render {
                doc: doc_id.to_string(),
                n: scan.n,
                error,
            };
            let decoded = self.decoded(scan, &bounds).await?.map_err(fail)?;
            let page = tokio::task::spawn_blocking(move || {
                let gray = !decoded.color().has_color();
                fonds_iiif::render::encode(&decoded, fonds_iiif::Format::Jpg).map(|jpeg| {
                    fonds_iiif::pdf::PageImage {
                        jpeg,
                        width: decoded.width(),
                        height: decoded.height(),
                        gray,
                    }
                })
            })
            .await
            .map_err(|_| ArchiveError::Readers)?
            .map_err(fail)?;
            pdf.page(&page).map_err(io)?;
        }
        let out = pdf.finish().map_err(io)?;
        out.into_inner()
            .map_err(|e| io(e.into_error()))?
            .sync_all()
            .map_err(io)?;
        std::fs::rename(&partial, &path).map_err(io)?;
        Ok(Some(path))
    }

    /// Where a rendering of the scan file `sha256` is kept: under the
    /// archive's `cache/iiif/`, by the file and the canonical request (None
    /// for an archive in memory).
    fn rendered_path(&self, sha256: &str, canonical: &str, extension: &str) -> Option<PathBuf> {
        if self.dir().as_os_str().is_empty() {
            return None;
        }
        Some(
            self.dir()
                .join("cache/iiif")
                .join(rendered_name(sha256, canonical, extension)),
        )
    }
}

/// The name a rendering of the scan file `sha256` is kept under, in the
/// folder's cache and in object storage: `ab/<sha256>/<request>.ext`.
fn rendered_name(sha256: &str, canonical: &str, extension: &str) -> String {
    let request = fonds_store::sha256_hex(canonical.as_bytes());
    format!(
        "{}/{sha256}/{}.{extension}",
        &sha256[..2.min(sha256.len())],
        &request[..32]
    )
}

/// Keeps a rendering in the folder's cache.
fn keep_rendered(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    path.parent()
        .map_or(Ok(()), std::fs::create_dir_all)
        .and_then(|()| fonds_ingest::write_whole(path, bytes))
}
