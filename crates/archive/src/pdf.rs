//! A PDF's pages as images, rendered by poppler's `pdftoppm` (Debian's
//! `poppler-utils`): a maintained renderer that reads what real PDFs hold
//! (scanned pages in JBIG2, CCITT, JPEG 2000; encryption said plainly) and
//! writes one page at a time to disk, so a long PDF costs the memory of one
//! page. pdfium would need a prebuilt library fetched from outside the
//! package registries.

use fonds_iiif::RenderError;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// The most pages read from one PDF.
pub const MAX_PAGES: u32 = 5_000;
/// The resolution pages are rendered at: enough for a typescript's OCR.
pub const DPI: u32 = 200;
/// The longest a PDF may take to render.
pub const TIME: Duration = Duration::from_secs(30 * 60);

/// The rendered pages of a PDF, as PNG files in a folder of their own,
/// removed when this is dropped.
pub struct Pages {
    dir: PathBuf,
    /// The pages in order.
    pub files: Vec<PathBuf>,
}

impl Drop for Pages {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

impl Pages {
    /// Renders every page of the PDF `bytes` (at most [`MAX_PAGES`], within
    /// [`TIME`]).
    pub fn render(bytes: &[u8]) -> Result<Pages, RenderError> {
        static NEXT: AtomicU64 = AtomicU64::new(0);
        let dir = std::env::temp_dir().join(format!(
            "fonds-pdf-{}-{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        ));
        let mut pages = Pages {
            dir: dir.clone(),
            files: Vec::new(),
        };
        let io = |e: std::io::Error| RenderError::Pdf(e.to_string());
        std::fs::create_dir_all(&dir).map_err(io)?;
        let input = dir.join("in.pdf");
        std::fs::write(&input, bytes).map_err(io)?;
        let said = std::fs::File::create(dir.join("stderr")).map_err(io)?;
        let mut child = Command::new("pdftoppm")
            .args(["-r", &DPI.to_string(), "-png", "-l", &MAX_PAGES.to_string()])
            .arg(&input)
            .arg(dir.join("page"))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(said)
            .spawn()
            .map_err(|e| match e.kind() {
                std::io::ErrorKind::NotFound => RenderError::Pdf(
                    "PDFs are rendered by poppler's pdftoppm, which is not installed (Debian: poppler-utils)".into(),
                ),
                _ => io(e),
            })?;
        let start = Instant::now();
        let status = loop {
            if let Some(status) = child.try_wait().map_err(io)? {
                break status;
            }
            if start.elapsed() > TIME {
                let _ = child.kill();
                let _ = child.wait();
                return Err(RenderError::Pdf(format!(
                    "rendering took longer than {} minutes",
                    TIME.as_secs() / 60
                )));
            }
            std::thread::sleep(Duration::from_millis(20));
        };
        let said = std::fs::read_to_string(dir.join("stderr")).unwrap_or_default();
        let _ = std::fs::remove_file(&input);
        pages.files = std::fs::read_dir(&dir)
            .map_err(io)?
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "png"))
            .collect();
        pages.files.sort();
        if !status.success() || pages.files.is_empty() {
            let first = said.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
            let reason = if said.contains("Incorrect password") || said.contains("encrypted") {
                "it is encrypted (give it without its password)".to_string()
            } else if first.is_empty() {
                "it has no pages pdftoppm could render".to_string()
            } else {
                format!("pdftoppm says: {first}")
            };
            return Err(RenderError::Pdf(reason));
        }
        Ok(pages)
    }
}
