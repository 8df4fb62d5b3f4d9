//! The pages of a multi-page TIFF (a scanned file or folder, often 1-bit
//! CCITT Group 4 as archives' scanners write them), each decoded on its own
//! within the bounds, so that a file of many pages costs the memory of one.
//! A TIFF of one page is an image like any other ([`crate::render`]).

use crate::render::RenderError;
use crate::Bounds;
use image::{DynamicImage, GrayImage, ImageBuffer, RgbImage, RgbaImage};
use std::io::Cursor;
use tiff::decoder::{Decoder, DecodingResult, Limits};
use tiff::tags::Tag;
use tiff::ColorType;

/// The most pages read from one TIFF.
pub const MAX_PAGES: usize = 5_000;

fn corrupt(page: usize) -> impl Fn(tiff::TiffError) -> RenderError {
    move |e| RenderError::Corrupt(format!("page {}: {e}", page + 1))
}

fn decoder<'a>(bytes: &'a [u8], bounds: &Bounds) -> Result<Decoder<Cursor<&'a [u8]>>, RenderError> {
    let mut limits = Limits::default();
    limits.decoding_buffer_size =
        usize::try_from(bounds.max_pixels.saturating_mul(4)).unwrap_or(usize::MAX);
    limits.intermediate_buffer_size = limits.decoding_buffer_size;
    Ok(Decoder::new(Cursor::new(bytes))
        .map_err(corrupt(0))?
        .with_limits(limits))
}

/// Whether `bytes` is a TIFF.
pub fn is_tiff(bytes: &[u8]) -> bool {
    bytes.starts_with(b"II*\0") || bytes.starts_with(b"MM\0*")
}

/// The pages a TIFF holds, as the indices of their image directories:
/// every directory but those that say they are a reduced-resolution copy
/// of another (the levels of a pyramidal TIFF, a thumbnail). A file of
/// more than [`MAX_PAGES`] is refused before any page is decoded.
pub fn pages(bytes: &[u8], bounds: &Bounds) -> Result<Vec<usize>, RenderError> {
    let mut d = decoder(bytes, bounds)?;
    let mut found = Vec::new();
    let mut index = 0;
    loop {
        let reduced = d
            .find_tag_unsigned::<u32>(Tag::NewSubfileType)
            .map_err(corrupt(index))?
            .is_some_and(|kind| kind & 1 == 1);
        if !reduced {
            if found.len() >= MAX_PAGES {
                return Err(RenderError::Corrupt(format!(
                    "the TIFF holds more than {MAX_PAGES} pages, more than a scan is read with"
                )));
            }
            found.push(index);
        }
        if !d.more_images() {
            return Ok(found);
        }
        index += 1;
        d.next_image().map_err(corrupt(index))?;
    }
}

/// Decodes the page of image directory `k` (from 0) of a TIFF, its size
/// checked against the bounds first.
pub fn page(bytes: &[u8], k: usize, bounds: &Bounds) -> Result<DynamicImage, RenderError> {
    Reader::new(bytes, bounds)?.page(k)
}

/// A TIFF's pages read with one decoder, which keeps where each directory
/// it has passed is: reading the pages in order walks the directories
/// once, not once for every page.
pub struct Reader<'a> {
    d: Decoder<Cursor<&'a [u8]>>,
    bounds: Bounds,
}

impl<'a> Reader<'a> {
    pub fn new(bytes: &'a [u8], bounds: &Bounds) -> Result<Reader<'a>, RenderError> {
        Ok(Reader {
            d: decoder(bytes, bounds)?,
            bounds: *bounds,
        })
    }

    /// Decodes the page of image directory `k`, as [`page`] does.
    pub fn page(&mut self, k: usize) -> Result<DynamicImage, RenderError> {
        read_page(&mut self.d, k, &self.bounds)
    }
}

fn read_page(
    d: &mut Decoder<Cursor<&[u8]>>,
    k: usize,
    bounds: &Bounds,
) -> Result<DynamicImage, RenderError> {
    d.seek_to_image(k).map_err(corrupt(k))?;
    let (width, height) = d.dimensions().map_err(corrupt(k))?;
    if width as u64 * height as u64 > bounds.max_pixels {
        return Err(RenderError::TooLarge {
            width,
            height,
            max: bounds.max_pixels,
        });
    }
    let colour = d.colortype().map_err(corrupt(k))?;
    // The decoder turns a page that says 0 is white (as fax scans do) the
    // usual way round itself.
    let data = d.read_image().map_err(corrupt(k))?;
    let (w, h) = (width as usize, height as usize);
    let unsupported =
        || RenderError::Corrupt(format!("page {}: a TIFF of {colour:?} is not read", k + 1));
    let image = match (colour, data) {
        (ColorType::Gray(1), DecodingResult::U8(packed)) => {
            let row = w.div_ceil(8);
            let mut gray = vec![0u8; w * h];
            for y in 0..h {
                for x in 0..w {
                    let bit = packed
                        .get(y * row + x / 8)
                        .map_or(0, |b| (b >> (7 - x % 8)) & 1);
                    gray[y * w + x] = if bit == 1 { 255 } else { 0 };
                }
            }
            DynamicImage::ImageLuma8(gray_image(width, height, gray, k)?)
        }
        (ColorType::Gray(8), DecodingResult::U8(gray)) => {
            DynamicImage::ImageLuma8(gray_image(width, height, gray, k)?)
        }
        (ColorType::Gray(16), DecodingResult::U16(wide)) => {
            let gray = wide.iter().map(|v| (v >> 8) as u8).collect();
            DynamicImage::ImageLuma8(gray_image(width, height, gray, k)?)
        }
        (ColorType::RGB(8), DecodingResult::U8(rgb)) => {
            DynamicImage::ImageRgb8(RgbImage::from_raw(width, height, rgb).ok_or_else(|| short(k))?)
        }
        (ColorType::RGBA(8), DecodingResult::U8(rgba)) => DynamicImage::ImageRgba8(
            RgbaImage::from_raw(width, height, rgba).ok_or_else(|| short(k))?,
        ),
        _ => return Err(unsupported()),
    };
    Ok(image)
}

fn short(k: usize) -> RenderError {
    RenderError::Corrupt(format!("page {}: fewer pixels than its size says", k + 1))
}

fn gray_image(width: u32, height: u32, gray: Vec<u8>, k: usize) -> Result<GrayImage, RenderError> {
    ImageBuffer::from_raw(width, height, gray).ok_or_else(|| short(k))
}

#[cfg(test)]
mod tests {
    use super::*;
    use tiff::encoder::{colortype, Compression, DeflateLevel, TiffEncoder};

    /// A TIFF of `pages` grey pages, compressed as said, each a shade of
    /// its own.
    fn tiff_with(pages: usize, compression: Compression) -> Vec<u8> {
        let mut out = Cursor::new(Vec::new());
        let mut e = TiffEncoder::new(&mut out)
            .unwrap()
            .with_compression(compression);
        for p in 0..pages {
            let shade = (p * 40 % 250) as u8;
            e.write_image::<colortype::Gray8>(30, 20, &vec![shade; 30 * 20])
                .unwrap();
        }
        out.into_inner()
    }

    fn tiff_of(pages: usize) -> Vec<u8> {
        tiff_with(pages, Compression::Lzw)
    }

    #[test]
    fn every_page_of_a_tiff_is_read() {
        let bytes = tiff_of(3);
        assert!(is_tiff(&bytes));
        let bounds = Bounds::default();
        assert_eq!(pages(&bytes, &bounds).unwrap(), [0, 1, 2]);
        for k in 0..3 {
            let img = page(&bytes, k, &bounds).unwrap().to_luma8();
            assert_eq!(img.dimensions(), (30, 20));
            assert_eq!(img.get_pixel(5, 5).0[0], (k * 40) as u8);
        }
        assert!(page(&bytes, 3, &bounds).is_err());
        let deflated = tiff_with(2, Compression::Deflate(DeflateLevel::default()));
        assert_eq!(
            page(&deflated, 1, &bounds)
                .unwrap()
                .to_luma8()
                .get_pixel(0, 0)
                .0[0],
            40
        );
    }

    /// A TIFF of 1-bit CCITT Group 4 pages, as a fax scanner writes them
    /// (0 is white), each `width` x `height` with a black square at `at`.
    fn fax_tiff(pages: &[(u32, u32, u32)]) -> Vec<u8> {
        let marked: Vec<(u32, u32, u32, u32)> =
            pages.iter().map(|&(w, h, at)| (w, h, at, 0)).collect();
        fax_tiff_of(&marked)
    }

    /// As [`fax_tiff`], each directory with its NewSubfileType (1: a
    /// reduced-resolution copy).
    fn fax_tiff_of(pages: &[(u32, u32, u32, u32)]) -> Vec<u8> {
        let mut out = b"II*\0".to_vec();
        out.extend_from_slice(&0u32.to_le_bytes());
        let mut link = 4usize;
        for &(width, height, at, kind) in pages {
            let mut encoder = fax::encoder::Encoder::new(fax::VecWriter::new());
            for y in 0..height {
                let row = (0..width).map(|x| {
                    if (at..at + 10).contains(&x) && (at..at + 10).contains(&y) {
                        fax::Color::Black
                    } else {
                        fax::Color::White
                    }
                });
                encoder.encode_line(row, width as u16).unwrap();
            }
            let strip = encoder.finish().unwrap().finish();
            let strip_at = out.len() as u32;
            out.extend_from_slice(&strip);
            if out.len() % 2 == 1 {
                out.push(0);
            }
            let ifd_at = out.len();
            out[link..link + 4].copy_from_slice(&(ifd_at as u32).to_le_bytes());
            let entries: [(u16, u16, u32); 9] = [
                (254, 4, kind),
                (256, 4, width),
                (257, 4, height),
                (258, 3, 1),
                (259, 3, 4),
                (262, 3, 0),
                (273, 4, strip_at),
                (278, 4, height),
                (279, 4, strip.len() as u32),
            ];
            out.extend_from_slice(&(entries.len() as u16).to_le_bytes());
            for (tag, kind, value) in entries {
                out.extend_from_slice(&tag.to_le_bytes());
                out.extend_from_slice(&kind.to_le_bytes());
                out.extend_from_slice(&1u32.to_le_bytes());
                out.extend_from_slice(&value.to_le_bytes());
            }
            link = out.len();
            out.extend_from_slice(&0u32.to_le_bytes());
        }
        out
    }

    #[test]
    fn fax_pages_are_read_black_on_white() {
        let bytes = fax_tiff(&[(64, 48, 5), (40, 40, 20)]);
        let bounds = Bounds::default();
        assert_eq!(pages(&bytes, &bounds).unwrap(), [0, 1]);
        let first = page(&bytes, 0, &bounds).unwrap().to_luma8();
        // The first page as the single-page reader reads it.
        assert_eq!(
            first,
            crate::render::decode(&bytes, &bounds).unwrap().to_luma8()
        );
        assert_eq!(first.dimensions(), (64, 48));
        assert_eq!(first.get_pixel(8, 8).0[0], 0, "the square is black");
        assert_eq!(first.get_pixel(40, 30).0[0], 255, "the page is white");
        let second = page(&bytes, 1, &bounds).unwrap().to_luma8();
        assert_eq!(second.get_pixel(25, 25).0[0], 0);
        assert_eq!(second.get_pixel(5, 5).0[0], 255);
    }

    #[test]
    fn the_levels_of_a_pyramid_are_no_pages() {
        let bounds = Bounds::default();
        let pyramid = fax_tiff_of(&[(64, 48, 5, 0), (32, 24, 2, 1), (16, 12, 1, 1)]);
        assert_eq!(pages(&pyramid, &bounds).unwrap(), [0]);
        let two = fax_tiff_of(&[(64, 48, 5, 0), (32, 24, 2, 1), (64, 48, 9, 0)]);
        assert_eq!(pages(&two, &bounds).unwrap(), [0, 2]);
        assert_eq!(
            page(&two, 2, &bounds)
                .unwrap()
                .to_luma8()
                .get_pixel(12, 12)
                .0[0],
            0
        );
    }

    #[test]
    fn a_tiff_of_too_many_pages_is_refused_before_decoding() {
        let bytes = tiff_of(MAX_PAGES + 1);
        let err = pages(&bytes, &Bounds::default()).unwrap_err();
        assert!(err.to_string().contains("more than 5000 pages"), "{err}");
    }

    #[test]
    fn a_page_over_the_bounds_is_refused() {
        let bytes = tiff_of(2);
        let small = Bounds {
            max_pixels: 100,
            ..Bounds::default()
        };
        assert!(matches!(
            page(&bytes, 1, &small),
            Err(RenderError::TooLarge { .. })
        ));
    }
}
