//! OCR: what Tesseract reads on a document's scans, run as jobs over pages
//! (one process per core), or what another engine read, imported as hOCR or
//! ALTO. Every word is kept with its box and confidence; the file it came
//! from is kept byte for byte. A document with no transcription gets the
//! OCR as its original's text, as a new version.
//!
//! The jobs resume: a page is stored as soon as it is read, and a run reads
//! only the pages not read yet (all of them with `redo`).

use crate::{Archive, ArchiveError, Viewer};
use fonds_core::ocr::{BBox, OcrPage};
use fonds_core::{DiagCode, Diagnostic, Document, Lang, TextRole};
use fonds_store::{NewOcr, OcrRead, Scan, Store};
use std::collections::{HashMap, VecDeque};
use std::time::{Duration, Instant};

/// How `fonds ocr` runs.
#[derive(Debug, Clone)]
pub struct OcrOptions {
    /// Tesseract's languages ("rus+eng"); by default each document's
    /// original languages.
    pub languages: Option<String>,
    /// Pages read at once, one Tesseract process each.
    pub jobs: usize,
    /// Read again the pages read before.
    pub redo: bool,
}

impl Default for OcrOptions {
    fn default() -> Self {
        OcrOptions {
            languages: None,
            jobs: std::thread::available_parallelism().map_or(1, |n| n.get()),
            redo: false,
        }
    }
}

/// How far a run of OCR is.
#[derive(Debug, Clone, Copy)]
pub struct OcrProgress {
    pub done: usize,
    pub total: usize,
    pub failed: usize,
    pub elapsed: Duration,
}

/// What a run of OCR did.
#[derive(Debug, Clone, Default)]
pub struct OcrSummary {
    /// The engine, as it names itself.
    pub engine: String,
    /// Pages read in this run, and their words.
    pub pages: usize,
    pub words: usize,
    /// Pages read before, left as they were.
    pub already: usize,
    /// Pages (or whole documents, page 0) that could not be read, and why.
    pub failed: Vec<(String, u32, String)>,
    /// Documents whose original's text is now what OCR read.
    pub texts: Vec<String>,
    pub elapsed: Duration,
}

/// What importing an OCR file did.
#[derive(Debug, Clone, Default)]
pub struct ImportedOcr {
    /// The scans it gave words to.
    pub scans: Vec<u32>,
    pub words: usize,
    /// Whether the document's original text is now the OCR.
    pub text: bool,
    pub notes: Vec<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum OcrError {
    #[error("there is no document {0}")]
    NoDocument(String),
    /// Tesseract is missing, or a model it needs.
    #[error("{0}")]
    Engine(String),
    /// A file offered as OCR cannot be read as one (nothing was kept).
    #[error("{file}: {error}")]
    File {
        file: String,
        error: fonds_ingest::ocr::OcrError,
    },
    #[error("{file} holds {pages} pages of OCR, but {doc} has {scans} scans: from scan {first} on there are too few")]
    TooManyPages {
        file: String,
        doc: String,
        pages: usize,
        scans: usize,
        first: u32,
    },
    #[error(transparent)]
    Archive(#[from] ArchiveError),
}

impl From<fonds_store::StoreError> for OcrError {
    fn from(e: fonds_store::StoreError) -> OcrError {
        OcrError::Archive(e.into())
    }
}

/// One page to read.
struct Job {
    doc: String,
    scan: Scan,
    languages: String,
}

impl Archive {
    /// The scans of a document that OCR has read, by number.
    pub async fn ocr_scans(&self, viewer: &Viewer, doc_id: &str) -> Result<Vec<u32>, ArchiveError> {
        if !self.may_read(viewer, doc_id).await? {
            return Ok(Vec::new());
        }
        Ok(self.store.ocr_done(doc_id).await?)
    }

    /// What OCR read on scan `n` of a document, if it has been read and
    /// `viewer` may read the document.
    pub async fn ocr_read(
        &self,
        viewer: &Viewer,
        doc_id: &str,
        n: u32,
    ) -> Result<Option<OcrRead>, ArchiveError> {
        if !self.may_read(viewer, doc_id).await? {
            return Ok(None);
        }
        Ok(self.store.ocr_page(doc_id, n).await?)
    }

    /// An OCR file as it was kept, checked against its SHA-256.
    pub fn ocr_file(&self, sha256: &str) -> Result<Vec<u8>, ArchiveError> {
        Ok(self.store.scan_file(sha256)?)
    }

    /// What OCR read on a document's scans, in their order.
    pub async fn ocr_reads(
        &self,
        viewer: &Viewer,
        doc_id: &str,
    ) -> Result<Vec<OcrRead>, ArchiveError> {
        if !self.may_read(viewer, doc_id).await? {
            return Ok(Vec::new());
        }
        Ok(self.store.ocr(doc_id).await?)
    }

    /// Reads the scans of `docs` (every document with scans when empty)
    /// with Tesseract, `options.jobs` pages at once, keeping each page as
    /// soon as it is read. A page that cannot be read is listed and the
    /// others go on; a document whose pages are all read and that has no
    /// transcription gets the OCR as its text.
    pub async fn ocr(
        &self,
        docs: &[String],
        options: &OcrOptions,
        mut progress: impl FnMut(OcrProgress),
    ) -> Result<OcrSummary, OcrError> {
        let start = Instant::now();
        if self.read_only() {
            return Err(ArchiveError::from(fonds_search::SearchError::ReadOnly).into());
        }
        let installed = crate::tesseract::languages().map_err(OcrError::Engine)?;
        let mut summary = OcrSummary {
            engine: crate::tesseract::version().map_err(OcrError::Engine)?,
            ..OcrSummary::default()
        };
        let ids = if docs.is_empty() {
            self.store.scanned_documents().await?
        } else {
            docs.to_vec()
        };
        let mut jobs = VecDeque::new();
        let mut left: HashMap<String, usize> = HashMap::new();
        for id in &ids {
            let Some(stored) = self.store.get(id).await? else {
                return Err(OcrError::NoDocument(id.clone()));
            };
            let languages = match &options.languages {
                Some(l) => l.clone(),
                None => tesseract_languages(&stored.document),
            };
            let done = if options.redo {
                Vec::new()
            } else {
                self.store.ocr_done(id).await?
            };
            let (before, pending): (Vec<Scan>, Vec<Scan>) = self
                .store
                .scans(id)
                .await?
                .into_iter()
                .partition(|s| done.contains(&s.n));
            summary.already += before.len();
            if pending.is_empty() {
                continue;
            }
            if let Some(missing) = languages
                .split('+')
                .find(|l| !installed.iter().any(|i| i == l))
            {
                summary.failed.push((
                    id.clone(),
                    0,
                    format!(
                        "there is no Tesseract model for {missing} (Debian: tesseract-ocr-{})",
                        missing.replace('_', "-")
                    ),
                ));
                continue;
            }
            for scan in pending {
                *left.entry(id.clone()).or_default() += 1;
                jobs.push_back(Job {
                    doc: id.clone(),
                    scan,
                    languages: languages.clone(),
                });
            }
        }
        let total = jobs.len();
        let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
        let mut running = 0usize;
        let mut done = 0usize;
        let mut read_in_run: HashMap<String, usize> = HashMap::new();
        loop {
            while running < options.jobs.max(1) {
                let Some(job) = jobs.pop_front() else { break };
                let bytes = self.store.scan_file(&job.scan.sha256)?;
                let tx = tx.clone();
                std::thread::spawn(move || {
                    let read = read_page(&bytes, &job);
                    let _ = tx.send((job, read));
                });
                running += 1;
            }
            if running == 0 {
                break;
            }
            let Some((job, read)) = rx.recv().await else {
                return Err(ArchiveError::Readers.into());
            };
            running -= 1;
            done += 1;
            match read {
                Ok((hocr, page)) => {
                    let file_sha256 = self.store.put_ocr_file(&hocr)?;
                    summary.words += page.word_count();
                    summary.pages += 1;
                    *read_in_run.entry(job.doc.clone()).or_default() += 1;
                    self.store
                        .put_ocr(
                            &job.doc,
                            &[NewOcr {
                                n: job.scan.n,
                                file_sha256,
                                file_page: 1,
                                format: "hocr".into(),
                                engine: summary.engine.clone(),
                                languages: job.languages.clone(),
                                page,
                            }],
                        )
                        .await?;
                }
                Err(why) => summary.failed.push((job.doc.clone(), job.scan.n, why)),
            }
            let remaining = left.get_mut(&job.doc).expect("a document with jobs");
            *remaining -= 1;
            if *remaining == 0
                && read_in_run.contains_key(&job.doc)
                && self.ocr_as_text(&job.doc).await?
            {
                summary.texts.push(job.doc.clone());
            }
            progress(OcrProgress {
                done,
                total,
                failed: summary.failed.len(),
                elapsed: start.elapsed(),
            });
        }
        // The persons are linked once for the run, not once a document.
        if !summary.texts.is_empty() {
            self.link_people(false).await?;
        }
        summary.elapsed = start.elapsed();
        Ok(summary)
    }

    /// Imports an OCR file (hOCR or ALTO) made elsewhere: its page `i`
    /// reads scan `first + i`, its boxes scaled to the scan where the
    /// engine saw an image of another size. Nothing is kept unless every
    /// page has its scan.
    pub async fn import_ocr(
        &self,
        doc_id: &str,
        first: u32,
        name: &str,
        bytes: &[u8],
    ) -> Result<ImportedOcr, OcrError> {
        let imported = self.keep_ocr(doc_id, first, name, bytes).await?;
        if imported.text {
            self.link_people(false).await?;
        }
        Ok(imported)
    }

    /// [`Archive::import_ocr`] without linking the persons, for a caller
    /// that links them once after many (an import).
    pub(crate) async fn keep_ocr(
        &self,
        doc_id: &str,
        first: u32,
        name: &str,
        bytes: &[u8],
    ) -> Result<ImportedOcr, OcrError> {
        if self.read_only() {
            return Err(ArchiveError::from(fonds_search::SearchError::ReadOnly).into());
        }
        if self.store.get(doc_id).await?.is_none() {
            return Err(OcrError::NoDocument(doc_id.to_string()));
        }
        let file = fonds_ingest::ocr::read_ocr(bytes).map_err(|error| OcrError::File {
            file: name.to_string(),
            error,
        })?;
        let scans = self.store.scans(doc_id).await?;
        let first = first.max(1);
        let from = first as usize - 1;
        if from + file.pages.len() > scans.len() {
            return Err(OcrError::TooManyPages {
                file: name.to_string(),
                doc: doc_id.to_string(),
                pages: file.pages.len(),
                scans: scans.len(),
                first,
            });
        }
        let mut imported = ImportedOcr {
            notes: file.notes.iter().map(|n| format!("{name}: {n}")).collect(),
            ..ImportedOcr::default()
        };
        let file_sha256 = self.store.put_ocr_file(bytes)?;
        let mut reads = Vec::new();
        for (i, mut page) in file.pages.into_iter().enumerate() {
            let scan = &scans[from + i];
            if let Some(note) = fit_to_scan(&mut page, scan) {
                imported
                    .notes
                    .push(format!("{name}, page {}: {note}", i + 1));
            }
            imported.words += page.word_count();
            imported.scans.push(scan.n);
            reads.push(NewOcr {
                n: scan.n,
                file_sha256: file_sha256.clone(),
                file_page: i as u32 + 1,
                format: file.format.name().into(),
                engine: file.engine.clone().unwrap_or_else(|| "unknown".into()),
                languages: String::new(),
                page,
            });
        }
        self.store.put_ocr(doc_id, &reads).await?;
        imported.text = self.ocr_as_text(doc_id).await?;
        Ok(imported)
    }

    /// Makes what OCR read the original's text of a document that has no
    /// transcription (or whose text is OCR already), as a new version whose
    /// source is the document in the JSON form. True if it did.
    async fn ocr_as_text(&self, doc_id: &str) -> Result<bool, ArchiveError> {
        let Some(stored) = self.store.get(doc_id).await? else {
            return Ok(false);
        };
        let mut doc = stored.document;
        let from_ocr = doc.diagnostics.iter().any(|d| d.code == DiagCode::OcrText);
        let transcribed = doc.original().is_some_and(|t| t.blocks().next().is_some());
        if transcribed && !from_ocr {
            return Ok(false);
        }
        let reads = self.store.ocr(doc_id).await?;
        let scans = self.store.scans(doc_id).await?.len();
        let pages: Vec<String> = (1..=scans as u32)
            .map(|n| {
                reads
                    .iter()
                    .find(|r| r.n == n)
                    .map(|r| r.page.text())
                    .unwrap_or_default()
            })
            .collect();
        if pages.iter().all(|p| p.trim().is_empty()) {
            return Ok(false);
        }
        let language = doc
            .original_languages
            .first()
            .cloned()
            .or_else(|| detect(&pages))
            .unwrap_or_else(Lang::und);
        let (text, diagnostics) =
            fonds_core::record::text_from_pages(&pages, TextRole::Original, language);
        doc.texts.retain(|t| t.role != TextRole::Original);
        doc.texts.insert(0, text);
        doc.diagnostics
            .retain(|d| !matches!(d.code, DiagCode::NoText | DiagCode::OcrText));
        doc.diagnostics.extend(diagnostics);
        let engines: Vec<&str> = {
            let mut e: Vec<&str> = reads.iter().map(|r| r.engine.as_str()).collect();
            e.dedup();
            e
        };
        doc.diagnostics.push(Diagnostic::info(
            DiagCode::OcrText,
            None,
            format!(
                "the original's text is what OCR ({}) read on {} of its {scans} scans, not a transcription",
                engines.join(", "),
                reads.len()
            ),
        ));
        doc.alignments.clear();
        fonds_core::align::align_document(&mut doc);
        self.put_made(doc).await?;
        Ok(true)
    }

    /// Stores a document fonds made itself (not read from a file) as a new
    /// version, its source the document in the JSON form, and indexes it;
    /// the caller links the persons.
    async fn put_made(&self, doc: Document) -> Result<(), ArchiveError> {
        let json = serde_json::to_vec_pretty(&fonds_json::to_json(&doc))
            .map_err(|e| fonds_store::StoreError::Corrupt(e.to_string()))?;
        let sha = self.store.put_source(&json)?;
        let name = format!("{}.json", doc.id);
        let prepared = Store::prepare(doc, &sha, &std::sync::Arc::from(json), &name);
        let entry = self
            .index
            .entry_maker()
            .entry(&prepared.document, &prepared.people);
        let mut batch = vec![(prepared, entry)];
        let mut summary = crate::ImportSummary::default();
        let mut last_seq = self.store.max_seq().await?;
        let mut pending = 0;
        self.write_batch(&mut batch, &mut summary, &mut last_seq, &mut pending)
            .await?;
        self.index.commit(last_seq)?;
        Ok(())
    }
}

/// Tesseract's languages for a document: its original languages that have
/// a model name, else English.
fn tesseract_languages(doc: &Document) -> String {
    let mut codes: Vec<&str> = doc
        .original_languages
        .iter()
        .chain(doc.original().map(|t| &t.language))
        .filter_map(fonds_core::ocr::tesseract_code)
        .collect();
    codes.dedup();
    if codes.is_empty() {
        "eng".into()
    } else {
        codes.join("+")
    }
}

/// The language most of the pages are in.
fn detect(pages: &[String]) -> Option<Lang> {
    let all = pages.join("\n\n");
    let lines: Vec<&str> = all.lines().collect();
    fonds_core::record::detect_languages(&fonds_core::record::Paragraphs::of(&lines))
        .into_iter()
        .next()
}

/// Reads one page with Tesseract: its hOCR and the page read from it, fit
/// to the scan.
fn read_page(bytes: &[u8], job: &Job) -> Result<(Vec<u8>, OcrPage), String> {
    let (image, extension) = match job.scan.media_type.as_str() {
        "image/png" => (std::borrow::Cow::Borrowed(bytes), "png"),
        "image/jpeg" => (std::borrow::Cow::Borrowed(bytes), "jpg"),
        "image/tiff" => (std::borrow::Cow::Borrowed(bytes), "tif"),
        // Anything else (WebP) is handed over as PNG.
        _ => {
            let bounds = fonds_iiif::Bounds::default();
            let decoded = fonds_iiif::render::decode(bytes, &bounds).map_err(|e| e.to_string())?;
            let png = fonds_iiif::render::encode(&decoded, fonds_iiif::Format::Png)
                .map_err(|e| e.to_string())?;
            (std::borrow::Cow::Owned(png), "png")
        }
    };
    let hocr = crate::tesseract::read(
        &image,
        extension,
        &job.languages,
        crate::tesseract::Layout::Page,
    )?;
    let file = fonds_ingest::ocr::read_ocr(&hocr).map_err(|e| format!("tesseract's hOCR: {e}"))?;
    let mut page = file.pages.into_iter().next().unwrap_or_default();
    fit_to_scan(&mut page, &job.scan);
    Ok((hocr, page))
}

/// Scales a page's boxes to its scan when the engine saw the image at
/// another size; says so when it did.
fn fit_to_scan(page: &mut OcrPage, scan: &Scan) -> Option<String> {
    let (w, h) = (page.width, page.height);
    page.width = scan.width;
    page.height = scan.height;
    if w == 0 || h == 0 || (w, h) == (scan.width, scan.height) {
        return None;
    }
    let (sx, sy) = (scan.width as f64 / w as f64, scan.height as f64 / h as f64);
    let scale = |v: u32, s: f64, max: u32| ((v as f64 * s).round() as u32).min(max);
    for word in page
        .paragraphs
        .iter_mut()
        .flat_map(|p| p.lines.iter_mut())
        .flat_map(|l| l.words.iter_mut())
    {
        let b = word.bbox;
        word.bbox = BBox {
            x0: scale(b.x0, sx, scan.width),
            y0: scale(b.y0, sy, scan.height),
            x1: scale(b.x1, sx, scan.width),
            y1: scale(b.y1, sy, scan.height),
        };
    }
    Some(format!(
        "the OCR saw an image of {w}x{h}; its boxes are scaled to the scan's {}x{}",
        scan.width, scan.height
    ))
}

/// A word found on a scan by [`Archive::search_scans`].
#[derive(Debug, Clone, PartialEq)]
pub struct ScanHit {
    /// The scan it is on.
    pub n: u32,
    /// Its box on the scan.
    pub bbox: BBox,
    /// The word: as the transcription spells it when the hit came through
    /// the transcription, else as OCR read it.
    pub text: String,
    /// A few words before and after it.
    pub before: String,
    pub after: String,
}

/// The most words one search within a document returns.
pub const MAX_SCAN_HITS: usize = 1_000;
/// The longest query or prefix searched within a document, in characters.
pub const MAX_SCAN_QUERY: usize = 256;

impl Archive {
    /// The words of `query` on a document's scans, each with its box: the
    /// OCR's words that match, and the words of the transcription's page
    /// that match, shown where they meet the OCR's words
    /// ([`fonds_core::ocr::link_words`]). Words match as the search
    /// matches them (the same analysis, look-alike letters folded), and a
    /// long word OCR misread by one letter matches too. At most
    /// [`MAX_SCAN_HITS`], in page order. None if there is no document.
    pub async fn search_scans(
        &self,
        viewer: &Viewer,
        doc_id: &str,
        query: &str,
    ) -> Result<Option<Vec<ScanHit>>, ArchiveError> {
        let Some(stored) = self.document(viewer, doc_id).await? else {
            return Ok(None);
        };
        let doc = &stored.document;
        let reads = self.store.ocr(doc_id).await?;
        let matcher = Matcher::new(doc, query);
        let mut hits = Vec::new();
        if matcher.is_empty() {
            return Ok(Some(hits));
        }
        let transcription = transcription(doc);
        for read in &reads {
            let ocr: Vec<&fonds_core::ocr::OcrWord> = read.page.words().collect();
            let ocr_text: Vec<&str> = ocr.iter().map(|w| w.text.as_str()).collect();
            let page_words = transcription
                .as_ref()
                .and_then(|t| t.get(read.n as usize - 1))
                .cloned()
                .unwrap_or_default();
            let mut found: std::collections::BTreeMap<usize, (String, String, String)> =
                Default::default();
            if !page_words.is_empty() {
                let links = fonds_core::ocr::link_words(&page_words, &ocr_text);
                for (i, w) in page_words.iter().enumerate() {
                    if let (Some(j), true) = (links[i], matcher.matches(w)) {
                        let (before, after) = context(&page_words, i);
                        found.insert(j, (w.clone(), before, after));
                    }
                }
            }
            for (j, w) in ocr_text.iter().enumerate() {
                if !found.contains_key(&j) && matcher.matches(w) {
                    let (before, after) = context(&ocr_text, j);
                    found.insert(j, (w.to_string(), before, after));
                }
            }
            for (j, (text, before, after)) in found {
                if hits.len() == MAX_SCAN_HITS {
                    return Ok(Some(hits));
                }
                hits.push(ScanHit {
                    n: read.n,
                    bbox: ocr[j].bbox,
                    text,
                    before,
                    after,
                });
            }
        }
        Ok(Some(hits))
    }

    /// Words on a document's scans (as OCR read them, and as its
    /// transcription spells them) that begin with `prefix`, with how often
    /// each occurs, the most frequent first; at most `limit`. None if there
    /// is no document.
    pub async fn complete_scans(
        &self,
        viewer: &Viewer,
        doc_id: &str,
        prefix: &str,
        limit: usize,
    ) -> Result<Option<Vec<(String, usize)>>, ArchiveError> {
        let Some(stored) = self.document(viewer, doc_id).await? else {
            return Ok(None);
        };
        let start =
            fonds_core::ocr::match_form(&prefix.chars().take(MAX_SCAN_QUERY).collect::<String>());
        if start.is_empty() {
            return Ok(Some(Vec::new()));
        }
        let reads = self.store.ocr(doc_id).await?;
        let mut counts: HashMap<String, usize> = HashMap::new();
        let mut count = |w: &str| {
            let word: String = w
                .trim_matches(|c: char| !c.is_alphanumeric())
                .chars()
                .flat_map(char::to_lowercase)
                .collect();
            if fonds_core::ocr::match_form(&word).starts_with(&start) {
                *counts.entry(word).or_default() += 1;
            }
        };
        for read in &reads {
            read.page.words().for_each(|w| count(&w.text));
        }
        if !reads.is_empty() {
            for page in transcription(&stored.document).unwrap_or_default() {
                page.iter().for_each(|w| count(w));
            }
        }
        let mut terms: Vec<(String, usize)> = counts.into_iter().collect();
        terms.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        terms.truncate(limit);
        Ok(Some(terms))
    }
}

/// The words of each page of a document's transcription (none when its
/// original's text is the OCR itself).
fn transcription(doc: &Document) -> Option<Vec<Vec<String>>> {
    if doc.diagnostics.iter().any(|d| d.code == DiagCode::OcrText) {
        return None;
    }
    let original = doc.original()?;
    Some(
        original
            .pages
            .iter()
            .map(|p| {
                p.blocks
                    .iter()
                    .flat_map(|b| {
                        let speaker = b
                            .speaker
                            .as_ref()
                            .filter(|_| !b.continued)
                            .map(|s| s.label.clone())
                            .unwrap_or_default();
                        let text = b.reading_text();
                        speaker
                            .split_whitespace()
                            .chain(text.split_whitespace())
                            .map(str::to_string)
                            .collect::<Vec<_>>()
                    })
                    .collect()
            })
            .collect(),
    )
}

/// Four words either side of word `i`.
fn context<S: AsRef<str>>(words: &[S], i: usize) -> (String, String) {
    let join = |ws: &[S]| ws.iter().map(|w| w.as_ref()).collect::<Vec<_>>().join(" ");
    (
        join(&words[i.saturating_sub(4)..i]),
        join(&words[(i + 1).min(words.len())..(i + 5).min(words.len())]),
    )
}

/// Whether a word matches a query, as search would match it.
struct Matcher {
    analyzers: fonds_search::TokenizerManager,
    analyzer: String,
    terms: Vec<String>,
    /// The query's long words, to meet a word OCR misread by a letter.
    long: Vec<Vec<char>>,
}

impl Matcher {
    fn new(doc: &Document, query: &str) -> Matcher {
        let query: String = query.chars().take(MAX_SCAN_QUERY).collect();
        let analyzers = fonds_search::analysis::analyzers();
        let code = doc
            .original()
            .map(|t| t.language.code().to_string())
            .or_else(|| doc.original_languages.first().map(|l| l.code().to_string()))
            .unwrap_or_default();
        let analyzer =
            fonds_search::analysis::analyzer_name(fonds_search::analysis::lang_slot(&code));
        let terms = fonds_search::analysis::terms(&analyzers, &analyzer, &query);
        let long = query
            .split_whitespace()
            .map(|w| {
                fonds_core::ocr::match_form(w)
                    .chars()
                    .collect::<Vec<char>>()
            })
            .filter(|w| w.len() >= 6)
            .collect();
        Matcher {
            analyzers,
            analyzer,
            terms,
            long,
        }
    }

    fn is_empty(&self) -> bool {
        self.terms.is_empty() && self.long.is_empty()
    }

    fn matches(&self, word: &str) -> bool {
        if fonds_search::analysis::terms(&self.analyzers, &self.analyzer, word)
            .iter()
            .any(|t| self.terms.contains(t))
        {
            return true;
        }
        if self.long.is_empty() {
            return false;
        }
        let form: Vec<char> = fonds_core::ocr::match_form(word).chars().collect();
        self.long.iter().any(|q| {
            q.len().abs_diff(form.len()) <= 1 && fonds_core::ocr::edit_distance(q, &form) <= 1
        })
    }
}
