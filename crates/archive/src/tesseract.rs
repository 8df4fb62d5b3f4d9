//! Tesseract (Debian's `tesseract-ocr` 5, with a model per language), run
//! as a program on one page image at a time: one process per page, one
//! thread per process (`OMP_THREAD_LIMIT=1`, so that N processes fill N
//! cores without fighting), bounded in time and memory, writing hOCR.

use crate::child::{bounded, first_line, run, Scratch};
use std::time::Duration;

/// The longest one page may take (a dense newspaper page at 400 dpi takes
/// a minute or two on one core).
pub const TIME: Duration = Duration::from_secs(10 * 60);
/// The most memory one Tesseract process may take.
pub const MEMORY: u64 = 2 << 30;

const MISSING: &str =
    "OCR runs Tesseract, which is not installed (Debian: tesseract-ocr and a model per language, such as tesseract-ocr-rus)";

/// The Tesseract that is installed, as hOCR names it ("tesseract 5.3.0").
pub fn version() -> Result<String, String> {
    let out = std::process::Command::new("tesseract")
        .arg("--version")
        .output()
        .map_err(|_| MISSING.to_string())?;
    let text =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    Ok(first_line(&text).to_string())
}

/// The language models installed ("rus", "eng", ...).
pub fn languages() -> Result<Vec<String>, String> {
    let out = std::process::Command::new("tesseract")
        .arg("--list-langs")
        .output()
        .map_err(|_| MISSING.to_string())?;
    let text = String::from_utf8_lossy(&out.stdout);
    Ok(text
        .lines()
        .skip(1)
        .map(str::trim)
        .filter(|l| !l.is_empty() && *l != "osd")
        .map(str::to_string)
        .collect())
}

/// How Tesseract is to see the page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// A whole page: columns, blocks, lines found by Tesseract.
    Page,
    /// The image is one line of text.
    Line,
}

/// Reads one page image (`extension`: png, jpg, tif) in `languages`
/// ("rus+eng"); returns the hOCR Tesseract wrote.
pub fn read(
    image: &[u8],
    extension: &str,
    languages: &str,
    layout: Layout,
) -> Result<Vec<u8>, String> {
    let scratch = Scratch::new("ocr").map_err(|e| e.to_string())?;
    let input = scratch.dir.join(format!("page.{extension}"));
    std::fs::write(&input, image).map_err(|e| e.to_string())?;
    let out = scratch.dir.join("page");
    let mut cmd = bounded("tesseract", MEMORY);
    cmd.arg(&input)
        .arg(&out)
        .args(["-l", languages])
        .args(["--psm", if layout == Layout::Line { "7" } else { "3" }])
        .arg("hocr")
        .env("OMP_THREAD_LIMIT", "1");
    let (status, said) = run(&mut cmd, &scratch, TIME, MISSING)?;
    if !status.success() {
        let first = first_line(&said);
        return Err(if said.contains("Failed loading language") {
            format!(
                "there is no Tesseract model for {languages} (Debian: tesseract-ocr-<language>)"
            )
        } else if first.is_empty() {
            format!("tesseract failed ({status})")
        } else {
            format!("tesseract says: {first}")
        });
    }
    std::fs::read(scratch.dir.join("page.hocr"))
        .map_err(|e| format!("tesseract wrote no hOCR: {e}"))
}
