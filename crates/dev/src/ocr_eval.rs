//! `fonds-dev evaluate-ocr`: the character error rate of fonds's OCR
//! (Tesseract run by fonds, its hOCR read back into words) on real scans
//! with ground truth: the Komi newspaper lines of 1939 (Cyrillic, read with
//! the Russian model) and a typewritten page (read with the English model).
//! Printed, never asserted: it says how noisy the text that search must
//! bear is.

use fonds_archive::tesseract::{self, Layout};
use fonds_core::ocr::edit_distance;
use std::path::Path;
use std::time::Instant;

/// Errors and characters of ground truth, summed.
#[derive(Default, Clone, Copy)]
struct Rate {
    errors: usize,
    chars: usize,
}

impl Rate {
    fn add(&mut self, truth: &str, read: &str) {
        let t: Vec<char> = truth.chars().collect();
        let r: Vec<char> = read.chars().collect();
        self.errors += edit_distance(&t, &r);
        self.chars += t.len();
    }

    fn percent(&self) -> f64 {
        100.0 * self.errors as f64 / self.chars.max(1) as f64
    }
}

/// Whitespace collapsed to single spaces.
fn spaced(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The Komi letters the Russian model cannot know, as the Russian letters
/// they look like.
fn komi_folded(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            'ӧ' => 'о',
            'Ӧ' => 'О',
            'і' => 'и',
            'І' => 'И',
            _ => c,
        })
        .collect()
}

fn read_text(image: &Path, languages: &str, layout: Layout) -> Result<String, String> {
    let bytes = std::fs::read(image).map_err(|e| format!("{}: {e}", image.display()))?;
    let extension = image.extension().and_then(|e| e.to_str()).unwrap_or("png");
    let hocr = tesseract::read(&bytes, extension, languages, layout)?;
    let file = fonds_ingest::ocr::read_ocr(&hocr).map_err(|e| e.to_string())?;
    Ok(file
        .pages
        .iter()
        .map(|p| p.text())
        .collect::<Vec<_>>()
        .join("\n"))
}

pub fn run(scans: &Path, jobs: usize) -> Result<(), String> {
    let engine = tesseract::version()?;
    println!("engine: {engine}, run by fonds ({jobs} at once), hOCR read back into words");
    println!();
    println!("| material | model | units | characters | CER | CER, Komi ӧ і as о и |");
    println!("|---|---|---|---|---|---|");

    // The Komi lines.
    let dir = scans.join("komi-1939/lines");
    let mut lines: Vec<std::path::PathBuf> = std::fs::read_dir(&dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "tif"))
        .collect();
    lines.sort();
    let start = Instant::now();
    let next = std::sync::atomic::AtomicUsize::new(0);
    let results = std::sync::Mutex::new(Vec::new());
    std::thread::scope(|s| {
        for _ in 0..jobs.max(1) {
            s.spawn(|| loop {
                let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                let Some(image) = lines.get(i) else { break };
                let truth = std::fs::read_to_string(image.with_extension("gt.txt"));
                let read = read_text(image, "rus", Layout::Line);
                results.lock().unwrap().push((i, truth, read));
            });
        }
    });
    let (mut plain, mut folded) = (Rate::default(), Rate::default());
    for (i, truth, read) in results.into_inner().unwrap() {
        let truth = truth.map_err(|e| format!("{}: {e}", lines[i].display()))?;
        let read = read?;
        let (t, r) = (spaced(&truth), spaced(&read));
        plain.add(&t, &r);
        folded.add(&komi_folded(&t), &komi_folded(&r));
    }
    let komi_time = start.elapsed();
    println!(
        "| Komi newspaper, 1939 | rus | {} lines | {} | {:.1}% | {:.1}% |",
        lines.len(),
        plain.chars,
        plain.percent(),
        folded.percent()
    );

    // The typewritten page.
    let page = scans.join("typewriter/typewriter.png");
    let truth = std::fs::read_to_string(scans.join("typewriter/typewriter.gt.txt"))
        .map_err(|e| format!("typewriter.gt.txt: {e}"))?;
    let start = Instant::now();
    let read = read_text(&page, "eng", Layout::Page)?;
    let page_time = start.elapsed();
    let mut rate = Rate::default();
    rate.add(&spaced(&truth), &spaced(&read));
    println!(
        "| typewritten page (Dutch) | eng | 1 page | {} | {:.1}% | |",
        rate.chars,
        rate.percent()
    );
    println!();
    println!(
        "time: {:.1} s for the Komi lines, {:.1} s for the page",
        komi_time.as_secs_f64(),
        page_time.as_secs_f64()
    );
    Ok(())
}
