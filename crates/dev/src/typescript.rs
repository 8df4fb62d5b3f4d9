//! `fonds-dev typescripts`: scans of invented typescript pages for the
//! demo and the tests. Each record's original text is typed page by page
//! in a monospace face (FreeMono, a typewriter's face, or DejaVu Sans Mono)
//! with uneven ink and a wandering baseline, then the sheet is turned a
//! little, speckled and blurred as a photocopied page is, and written as a
//! PNG in a folder named after the record, beside it, where `fonds import`
//! finds a record's scans.

use ab_glyph::{Font, FontVec, PxScale, ScaleFont};
use image::{GrayImage, Luma};
use std::path::{Path, PathBuf};

/// A sheet of A4 at 150 dpi.
const WIDTH: u32 = 1240;
const HEIGHT: u32 = 1754;
const MARGIN: f32 = 130.0;
const SIZE: f32 = 25.0;
const LINE: f32 = 38.0;

/// The faces tried, a typewriter's first.
const FACES: [&str; 3] = [
    "/usr/share/fonts/truetype/freefont/FreeMono.ttf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationMono-Regular.ttf",
];

/// A small generator of its own, so that a seed gives the same pages.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    /// A number in `[lo, hi)`.
    fn range(&mut self, lo: f32, hi: f32) -> f32 {
        lo + (self.next() % 10_000) as f32 / 10_000.0 * (hi - lo)
    }
}

/// The font at `path`, or the first of [`FACES`] installed.
fn face(path: Option<&Path>) -> anyhow::Result<FontVec> {
    let found: Option<PathBuf> = match path {
        Some(p) => Some(p.to_path_buf()),
        None => FACES.iter().map(PathBuf::from).find(|p| p.is_file()),
    };
    let Some(p) = found else {
        anyhow::bail!(
            "no monospace font: install fonts-freefont-ttf or fonts-dejavu-core, or name one with --font"
        );
    };
    let bytes = std::fs::read(&p).map_err(|e| anyhow::anyhow!("{}: {e}", p.display()))?;
    FontVec::try_from_vec(bytes).map_err(|e| anyhow::anyhow!("{}: {e}", p.display()))
}

/// The lines of one page of a text, wrapped at `width` characters: each
/// block a paragraph, a turn led by its speaker's label.
fn page_lines(page: &fonds_core::Page, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    for b in &page.blocks {
        let mut text = b.reading_text();
        if let (Some(s), false) = (&b.speaker, b.continued) {
            text = format!("{} - {text}", s.label);
        }
        let mut line = String::new();
        for word in text.split_whitespace() {
            if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
                lines.push(std::mem::take(&mut line));
            }
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(word);
        }
        if !line.is_empty() {
            lines.push(line);
        }
        lines.push(String::new());
    }
    lines
}

/// Types `lines` on a sheet.
fn typed(font: &FontVec, lines: &[String], rng: &mut Rng) -> GrayImage {
    let mut sheet = GrayImage::from_pixel(WIDTH, HEIGHT, Luma([246]));
    let scaled = font.as_scaled(PxScale::from(SIZE));
    let advance = scaled.h_advance(font.glyph_id('M'));
    let mut y = MARGIN + SIZE;
    for line in lines {
        if y > HEIGHT as f32 - MARGIN {
            break;
        }
        let mut x = MARGIN;
        for c in line.chars() {
            // A typewriter's key strikes unevenly and its line wanders.
            let ink = rng.range(0.75, 1.0);
            let drop = rng.range(-1.2, 1.2);
            let mut glyph = scaled.scaled_glyph(c);
            glyph.position = ab_glyph::point(x, y + drop);
            if let Some(outline) = font.outline_glyph(glyph) {
                let b = outline.px_bounds();
                outline.draw(|gx, gy, cover| {
                    let (px, py) = (b.min.x as i64 + gx as i64, b.min.y as i64 + gy as i64);
                    if px >= 0 && py >= 0 && (px as u32) < WIDTH && (py as u32) < HEIGHT {
                        let p = sheet.get_pixel_mut(px as u32, py as u32);
                        let dark = (cover * ink * 1.5).min(1.0);
                        p.0[0] = (p.0[0] as f32 * (1.0 - dark) + 25.0 * dark) as u8;
                    }
                });
            }
            x += advance;
        }
        y += LINE;
    }
    sheet
}

/// The sheet as a copier leaves it: turned by `degrees`, speckled, softened.
fn copied(sheet: &GrayImage, degrees: f32, rng: &mut Rng) -> GrayImage {
    let (w, h) = sheet.dimensions();
    let (sin, cos) = degrees.to_radians().sin_cos();
    let (cx, cy) = (w as f32 / 2.0, h as f32 / 2.0);
    let mut out = GrayImage::from_pixel(w, h, Luma([246]));
    for y in 0..h {
        for x in 0..w {
            // Where this pixel comes from on the unturned sheet.
            let (dx, dy) = (x as f32 - cx, y as f32 - cy);
            let (sx, sy) = (cos * dx + sin * dy + cx, -sin * dx + cos * dy + cy);
            if sx < 0.0 || sy < 0.0 || sx >= (w - 1) as f32 || sy >= (h - 1) as f32 {
                continue;
            }
            let (x0, y0) = (sx as u32, sy as u32);
            let (fx, fy) = (sx - x0 as f32, sy - y0 as f32);
            let at = |x: u32, y: u32| sheet.get_pixel(x, y).0[0] as f32;
            let top = at(x0, y0) * (1.0 - fx) + at(x0 + 1, y0) * fx;
            let bottom = at(x0, y0 + 1) * (1.0 - fx) + at(x0 + 1, y0 + 1) * fx;
            out.put_pixel(x, y, Luma([(top * (1.0 - fy) + bottom * fy) as u8]));
        }
    }
    for _ in 0..900 {
        let (x, y) = (rng.next() as u32 % w, rng.next() as u32 % h);
        let size = 1 + rng.next() as u32 % 2;
        for yy in y..(y + size).min(h) {
            for xx in x..(x + size).min(w) {
                out.put_pixel(xx, yy, Luma([rng.range(40.0, 140.0) as u8]));
            }
        }
    }
    image::imageops::blur(&out, 0.6)
}

/// Writes the typescript scans of every record in `dir` whose original is
/// in a script the face has (Latin or Cyrillic); returns how many pages.
pub fn run(dir: &Path, font: Option<&Path>, seed: u64) -> anyhow::Result<usize> {
    let font = face(font)?;
    let mut records: Vec<PathBuf> = std::fs::read_dir(dir)?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    records.sort();
    let mut pages = 0;
    for (i, record) in records.iter().enumerate() {
        let text = std::fs::read_to_string(record)?;
        let doc =
            fonds_core::record::read_record(&text, record.file_name().and_then(|n| n.to_str()));
        let Some(original) = doc.original() else {
            continue;
        };
        let script = original.language.script();
        if !matches!(
            script,
            fonds_names::script::Script::Latin | fonds_names::script::Script::Cyrillic
        ) {
            continue;
        }
        let out = record.with_extension("");
        std::fs::create_dir_all(&out)?;
        let mut rng = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ (i as u64 + 1));
        let chars = ((WIDTH as f32 - 2.0 * MARGIN)
            / font
                .as_scaled(PxScale::from(SIZE))
                .h_advance(font.glyph_id('M'))) as usize;
        for (n, page) in original.pages.iter().enumerate() {
            let sheet = typed(&font, &page_lines(page, chars), &mut rng);
            let turned = rng.range(-0.8, 0.8);
            let scan = copied(&sheet, turned, &mut rng);
            let path = out.join(format!("{:02}.png", n + 1));
            scan.save(&path)
                .map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
            pages += 1;
        }
        println!("{}: {} pages", out.display(), original.pages.len());
    }
    Ok(pages)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_record_is_typed_page_by_page_beside_itself() {
        if face(None).is_err() {
            assert!(
                std::env::var_os("CI").is_none(),
                "no monospace face installed"
            );
            return;
        }
        let dir = std::env::temp_dir().join(format!("fonds-typescripts-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/records");
        for name in ["ru_conversation_ocr.txt", "zh_telegram.txt"] {
            std::fs::copy(fixtures.join(name), dir.join(name)).unwrap();
        }
        let pages = run(&dir, None, 7).unwrap();
        // The Russian original's four pages; no Chinese, which the face lacks.
        assert_eq!(pages, 4);
        assert!(!dir.join("zh_telegram").exists());
        let first = image::open(dir.join("ru_conversation_ocr/01.png"))
            .unwrap()
            .to_luma8();
        assert_eq!(first.dimensions(), (WIDTH, HEIGHT));
        let inked = first.pixels().filter(|p| p.0[0] < 128).count();
        assert!(inked > 5_000, "{inked} dark pixels");
        // The same seed types the same pages.
        let again = dir.join("again");
        std::fs::create_dir_all(&again).unwrap();
        std::fs::copy(
            fixtures.join("ru_conversation_ocr.txt"),
            again.join("ru_conversation_ocr.txt"),
        )
        .unwrap();
        run(&again, None, 7).unwrap();
        assert_eq!(
            std::fs::read(dir.join("ru_conversation_ocr/01.png")).unwrap(),
            std::fs::read(again.join("ru_conversation_ocr/01.png")).unwrap()
        );
        let _ = std::fs::remove_dir_all(&dir);
    }
}
