//! A PDF of page images: each page a JPEG shown whole on a page of its own
//! size, written as it goes to any writer, so that a long scan costs the
//! memory of one page. Only what a viewer needs: a catalogue, a page tree,
//! and per page its image, its drawing and its page.

use std::io::{self, Write};

/// A page image: JPEG bytes, its size in pixels, and whether it is grey.
pub struct PageImage {
    pub jpeg: Vec<u8>,
    pub width: u32,
    pub height: u32,
    pub gray: bool,
}

/// The resolution pages are laid out at: a pixel is 72/200 of a point.
pub const DPI: f64 = 200.0;

/// Writes a PDF of the `pages` count pages `next` gives in turn.
pub struct PdfWriter<W: Write> {
    out: W,
    at: u64,
    /// The byte offset of each object, by number (from 1).
    offsets: Vec<u64>,
    pages: usize,
    written: usize,
}

impl<W: Write> PdfWriter<W> {
    /// Starts a PDF of `pages` pages.
    pub fn new(out: W, pages: usize) -> io::Result<PdfWriter<W>> {
        let mut w = PdfWriter {
            out,
            at: 0,
            offsets: Vec::new(),
            pages,
            written: 0,
        };
        w.raw(b"%PDF-1.4\n%\xE2\xE3\xCF\xD3\n")?;
        w.object(b"<< /Type /Catalog /Pages 2 0 R >>")?;
        // Page i (from 0) is object 3 + 3i; its image and drawing follow.
        let kids: Vec<String> = (0..pages).map(|i| format!("{} 0 R", 3 + 3 * i)).collect();
        let tree = format!(
            "<< /Type /Pages /Kids [{}] /Count {pages} >>",
            kids.join(" ")
        );
        w.object(tree.as_bytes())?;
        Ok(w)
    }

    fn raw(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.out.write_all(bytes)?;
        self.at += bytes.len() as u64;
        Ok(())
    }

    fn object(&mut self, body: &[u8]) -> io::Result<()> {
        self.offsets.push(self.at);
        let n = self.offsets.len();
        self.raw(format!("{n} 0 obj\n").as_bytes())?;
        self.raw(body)?;
        self.raw(b"\nendobj\n")
    }

    fn stream(&mut self, dict: &str, data: &[u8]) -> io::Result<()> {
        self.offsets.push(self.at);
        let n = self.offsets.len();
        self.raw(format!("{n} 0 obj\n<< {dict} /Length {} >>\nstream\n", data.len()).as_bytes())?;
        self.raw(data)?;
        self.raw(b"\nendstream\nendobj\n")
    }

    /// Adds the next page.
    pub fn page(&mut self, image: &PageImage) -> io::Result<()> {
        if self.written == self.pages {
            return Err(io::Error::other("more pages than the PDF was started with"));
        }
        let (w, h) = (
            image.width as f64 * 72.0 / DPI,
            image.height as f64 * 72.0 / DPI,
        );
        let me = self.offsets.len() + 1;
        let page = format!(
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {w:.2} {h:.2}] /Resources << /XObject << /Im0 {} 0 R >> >> /Contents {} 0 R >>",
            me + 1,
            me + 2
        );
        self.object(page.as_bytes())?;
        let colour = if image.gray {
            "/DeviceGray"
        } else {
            "/DeviceRGB"
        };
        self.stream(
            &format!(
                "/Type /XObject /Subtype /Image /Width {} /Height {} /ColorSpace {colour} /BitsPerComponent 8 /Filter /DCTDecode",
                image.width, image.height
            ),
            &image.jpeg,
        )?;
        self.stream(
            "",
            format!("q {w:.2} 0 0 {h:.2} 0 0 cm /Im0 Do Q").as_bytes(),
        )?;
        self.written += 1;
        Ok(())
    }

    /// Writes the cross-reference table and the trailer; returns the writer.
    pub fn finish(mut self) -> io::Result<W> {
        if self.written != self.pages {
            return Err(io::Error::other(format!(
                "{} pages written of the {} the PDF was started with",
                self.written, self.pages
            )));
        }
        let xref = self.at;
        let mut table = format!("xref\n0 {}\n0000000000 65535 f \n", self.offsets.len() + 1);
        for o in &self.offsets {
            table.push_str(&format!("{o:010} 00000 n \n"));
        }
        table.push_str(&format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            self.offsets.len() + 1
        ));
        self.raw(table.as_bytes())?;
        self.out.flush()?;
        Ok(self.out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn jpeg(gray: bool) -> PageImage {
        let image = if gray {
            image::DynamicImage::ImageLuma8(image::GrayImage::from_pixel(40, 60, image::Luma([90])))
        } else {
            image::DynamicImage::ImageRgb8(image::RgbImage::from_pixel(
                50,
                30,
                image::Rgb([200, 10, 10]),
            ))
        };
        PageImage {
            jpeg: crate::render::encode(&image, crate::Format::Jpg).unwrap(),
            width: image.width(),
            height: image.height(),
            gray,
        }
    }

    #[test]
    fn the_cross_references_point_at_their_objects() {
        let mut w = PdfWriter::new(Vec::new(), 2).unwrap();
        w.page(&jpeg(true)).unwrap();
        w.page(&jpeg(false)).unwrap();
        let pdf = w.finish().unwrap();
        assert!(pdf.starts_with(b"%PDF-1.4"));
        // The end is text: the offset of the table, then the table itself.
        let tail = String::from_utf8_lossy(&pdf[pdf.len() - 40..]).into_owned();
        let at: usize = tail
            .split("startxref\n")
            .nth(1)
            .and_then(|t| t.lines().next())
            .unwrap()
            .parse()
            .unwrap();
        let table = std::str::from_utf8(&pdf[at..]).unwrap();
        assert!(table.starts_with("xref\n0 9\n"), "{table}");
        for (n, line) in table.lines().skip(3).take(8).enumerate() {
            let offset: usize = line[..10].parse().unwrap();
            let object = format!("{} 0 obj", n + 1);
            assert!(
                pdf[offset..].starts_with(object.as_bytes()),
                "object {}",
                n + 1
            );
        }
        assert!(table.contains("/Root 1 0 R"));
    }

    #[test]
    fn the_page_count_is_kept() {
        let w = PdfWriter::new(Vec::new(), 1).unwrap();
        assert!(w.finish().is_err());
        let mut w = PdfWriter::new(Vec::new(), 1).unwrap();
        w.page(&jpeg(true)).unwrap();
        assert!(w.page(&jpeg(true)).is_err());
    }
}
