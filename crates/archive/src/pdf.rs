//! A PDF's pages as images, rendered by poppler's `pdftoppm` (Debian's
//! `poppler-utils`): a maintained renderer that reads what real PDFs hold
//! (scanned pages in JBIG2, CCITT, JPEG 2000; encryption said plainly) and
//! writes one page at a time to disk, so a long PDF costs the memory of one
//! page. pdfium would need a prebuilt library fetched from outside the
//! package registries.

use crate::child::{bounded, first_line, run, Scratch};
use fonds_iiif::RenderError;
use std::path::PathBuf;
use std::time::Duration;

/// The most pages read from one PDF.
pub const MAX_PAGES: u32 = 5_000;
/// The resolution pages are rendered at: enough for a typescript's OCR.
pub const DPI: u32 = 200;
/// The longest a PDF may take to render.
pub const TIME: Duration = Duration::from_secs(30 * 60);

/// The most memory `pdftoppm` may take: a page of a large map at 200 dpi
/// is a few hundred megabytes.
pub const MEMORY: u64 = 4 << 30;

/// The rendered pages of a PDF, as PNG files in a folder of their own,
/// removed when this is dropped.
pub struct Pages {
    _scratch: Scratch,
    /// The pages in order.
    pub files: Vec<PathBuf>,
}

impl Pages {
    /// Renders every page of the PDF `bytes` (at most [`MAX_PAGES`], within
    /// [`TIME`] and [`MEMORY`]).
    pub fn render(bytes: &[u8]) -> Result<Pages, RenderError> {
        let io = |e: std::io::Error| RenderError::Pdf(e.to_string());
        let scratch = Scratch::new("pdf").map_err(io)?;
        let dir = scratch.dir.clone();
        let input = dir.join("in.pdf");
        std::fs::write(&input, bytes).map_err(io)?;
        let mut cmd = bounded("pdftoppm", MEMORY);
        cmd.args(["-r", &DPI.to_string(), "-png", "-l", &MAX_PAGES.to_string()])
            .arg(&input)
            .arg(dir.join("page"));
        let (status, said) = run(
            &mut cmd,
            &scratch,
            TIME,
            "PDFs are rendered by poppler's pdftoppm, which is not installed (Debian: poppler-utils)",
        )
        .map_err(RenderError::Pdf)?;
        let _ = std::fs::remove_file(&input);
        let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
            .map_err(io)?
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "png"))
            .collect();
        files.sort();
        if !status.success() || files.is_empty() {
            let first = first_line(&said);
            let reason = if said.contains("Incorrect password") || said.contains("encrypted") {
                "it is encrypted (give it without its password)".to_string()
            } else if first.is_empty() {
                "it has no pages pdftoppm could render".to_string()
            } else {
                format!("pdftoppm says: {first}")
            };
            return Err(RenderError::Pdf(reason));
        }
        Ok(Pages {
            _scratch: scratch,
            files,
        })
    }
}
