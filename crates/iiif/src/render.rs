//! A [`Plan`] carried out on an encoded image.

use crate::request::{Format, Plan, Quality};
use crate::Bounds;
use image::imageops::FilterType;
pub use image::{DynamicImage, GrayImage};
use image::{ImageFormat, ImageReader, Limits};
use std::io::Cursor;

/// Why an image could not be rendered.
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    #[error("the image is {width} x {height} pixels, over the {max} pixels served")]
    TooLarge { width: u32, height: u32, max: u64 },
    #[error("the file is not an image in a format served (PNG, JPEG, TIFF, WebP)")]
    NotAnImage,
    #[error("the image cannot be read: {0}")]
    Corrupt(String),
    #[error("the answer cannot be written: {0}")]
    Encode(String),
    #[error("the PDF cannot be rendered: {0}")]
    Pdf(String),
}

fn reader<'a>(
    bytes: &'a [u8],
    bounds: &Bounds,
) -> Result<ImageReader<Cursor<&'a [u8]>>, RenderError> {
    let mut reader = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| RenderError::Corrupt(e.to_string()))?;
    if reader.format().is_none() {
        return Err(RenderError::NotAnImage);
    }
    let mut limits = Limits::default();
    let side = u32::try_from(bounds.max_pixels).unwrap_or(u32::MAX);
    limits.max_image_width = Some(side);
    limits.max_image_height = Some(side);
    // Four bytes a pixel, and the decoder's own buffers beside them.
    limits.max_alloc = Some(bounds.max_pixels.saturating_mul(4) + (64 << 20));
    reader.limits(limits);
    Ok(reader)
}

/// The width and height an image's header gives, checked against the
/// bounds before anything is decoded.
pub fn dimensions(bytes: &[u8], bounds: &Bounds) -> Result<(u32, u32), RenderError> {
    let (width, height) = reader(bytes, bounds)?
        .into_dimensions()
        .map_err(read_error)?;
    if width as u64 * height as u64 > bounds.max_pixels {
        return Err(RenderError::TooLarge {
            width,
            height,
            max: bounds.max_pixels,
        });
    }
    Ok((width, height))
}

fn read_error(e: image::ImageError) -> RenderError {
    match e {
        image::ImageError::Unsupported(_) => RenderError::NotAnImage,
        e => RenderError::Corrupt(e.to_string()),
    }
}

/// Decodes the whole image, after checking its size against the bounds.
pub fn decode(bytes: &[u8], bounds: &Bounds) -> Result<DynamicImage, RenderError> {
    dimensions(bytes, bounds)?;
    reader(bytes, bounds)?.decode().map_err(read_error)
}

/// The media type of an image file, by its first bytes.
pub fn media_type(bytes: &[u8]) -> &'static str {
    match image::guess_format(bytes) {
        Ok(ImageFormat::Png) => "image/png",
        Ok(ImageFormat::Jpeg) => "image/jpeg",
        Ok(ImageFormat::Tiff) => "image/tiff",
        Ok(ImageFormat::WebP) => "image/webp",
        _ => "application/octet-stream",
    }
}

/// Decodes `bytes` (after checking its size against the bounds), carries
/// out `plan` and encodes the answer.
pub fn render(bytes: &[u8], plan: &Plan, bounds: &Bounds) -> Result<Vec<u8>, RenderError> {
    encode(&transform(decode(bytes, bounds)?, plan), plan.format)
}

/// Carries out `plan` on an image decoded before (kept to answer many
/// requests on one scan, such as a viewer's tiles) and encodes the answer:
/// only the region is copied out of it.
pub fn render_decoded(image: &DynamicImage, plan: &Plan) -> Result<Vec<u8>, RenderError> {
    let (x, y, w, h) = plan.crop;
    let cut = if plan.full {
        image.clone()
    } else {
        image.crop_imm(x, y, w, h)
    };
    let whole = Plan {
        full: true,
        ..plan.clone()
    };
    encode(&transform(cut, &whole), plan.format)
}

/// Cuts, scales, mirrors, turns and colours a decoded image as the plan says.
pub fn transform(image: DynamicImage, plan: &Plan) -> DynamicImage {
    let (x, y, w, h) = plan.crop;
    let mut image = if plan.full {
        image
    } else {
        image.crop_imm(x, y, w, h)
    };
    if (plan.width, plan.height) != (w, h) {
        image = if plan.width <= w && plan.height <= h {
            // Downscaling: an average over each target pixel's area.
            image.thumbnail_exact(plan.width, plan.height)
        } else {
            image.resize_exact(plan.width, plan.height, FilterType::CatmullRom)
        };
    }
    if plan.rotation.mirror {
        image = image.fliph();
    }
    image = match plan.rotation.quarters {
        1 => image.rotate90(),
        2 => image.rotate180(),
        3 => image.rotate270(),
        _ => image,
    };
    match plan.quality {
        Quality::Default => image,
        Quality::Color => DynamicImage::ImageRgb8(image.to_rgb8()),
        Quality::Gray => DynamicImage::ImageLuma8(image.to_luma8()),
        Quality::Bitonal => DynamicImage::ImageLuma8(bitonal(&image.to_luma8())),
    }
}

/// Black and white at the middle of the gray scale.
fn bitonal(gray: &GrayImage) -> GrayImage {
    let mut out = gray.clone();
    for p in out.pixels_mut() {
        p.0[0] = if p.0[0] < 128 { 0 } else { 255 };
    }
    out
}

/// The image in `format`; JPEG takes no transparency, so it is dropped.
pub fn encode(image: &DynamicImage, format: Format) -> Result<Vec<u8>, RenderError> {
    let mut out = Cursor::new(Vec::new());
    let result = match format {
        Format::Jpg => {
            let flat = match image {
                DynamicImage::ImageLuma8(_) => image.clone(),
                DynamicImage::ImageLumaA8(_) | DynamicImage::ImageLuma16(_) => {
                    DynamicImage::ImageLuma8(image.to_luma8())
                }
                _ => DynamicImage::ImageRgb8(image.to_rgb8()),
            };
            flat.write_with_encoder(image::codecs::jpeg::JpegEncoder::new_with_quality(
                &mut out, 85,
            ))
        }
        Format::Png => image.write_to(&mut out, ImageFormat::Png),
        Format::Webp => {
            let eight = match image {
                DynamicImage::ImageLuma8(_)
                | DynamicImage::ImageRgb8(_)
                | DynamicImage::ImageRgba8(_) => image.clone(),
                i if i.color().has_alpha() => DynamicImage::ImageRgba8(i.to_rgba8()),
                i => DynamicImage::ImageRgb8(i.to_rgb8()),
            };
            eight.write_to(&mut out, ImageFormat::WebP)
        }
    };
    result.map_err(|e| RenderError::Encode(e.to_string()))?;
    Ok(out.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::request::ImageRequest;
    use image::{Rgb, RgbImage};

    /// A 40 x 20 image: left half red, right half blue, a white pixel at
    /// (0, 0).
    fn sample() -> Vec<u8> {
        let mut img = RgbImage::from_fn(40, 20, |x, _| {
            if x < 20 {
                Rgb([255, 0, 0])
            } else {
                Rgb([0, 0, 255])
            }
        });
        img.put_pixel(0, 0, Rgb([255, 255, 255]));
        encode(&DynamicImage::ImageRgb8(img), Format::Png).unwrap()
    }

    fn go(region: &str, size: &str, rotation: &str, qf: &str) -> DynamicImage {
        let bytes = sample();
        let plan = ImageRequest::parse(region, size, rotation, qf)
            .unwrap()
            .resolve(40, 20, &Bounds::default())
            .unwrap();
        let out = render(&bytes, &plan, &Bounds::default()).unwrap();
        image::load_from_memory(&out).unwrap()
    }

    #[test]
    fn region_size_rotation_and_quality_are_applied_in_order() {
        let full = go("full", "max", "0", "default.png");
        assert_eq!((full.width(), full.height()), (40, 20));
        let right = go("20,0,20,20", "max", "0", "default.png").to_rgb8();
        assert_eq!(right.get_pixel(5, 5), &Rgb([0, 0, 255]));
        let half = go("full", "20,", "0", "default.png");
        assert_eq!((half.width(), half.height()), (20, 10));
        let turned = go("full", "max", "90", "default.png").to_rgb8();
        assert_eq!(turned.dimensions(), (20, 40));
        // The white corner (0, 0) turns to the top right.
        assert_eq!(turned.get_pixel(19, 0), &Rgb([255, 255, 255]));
        let mirrored = go("full", "max", "!0", "default.png").to_rgb8();
        assert_eq!(mirrored.get_pixel(39, 0), &Rgb([255, 255, 255]));
        assert_eq!(mirrored.get_pixel(5, 5), &Rgb([0, 0, 255]));
        let gray = go("full", "max", "0", "gray.png");
        assert!(matches!(gray, DynamicImage::ImageLuma8(_)));
        let bitonal = go("full", "max", "0", "bitonal.png").to_luma8();
        assert!(bitonal.pixels().all(|p| p.0[0] == 0 || p.0[0] == 255));
        for qf in ["default.jpg", "gray.jpg", "color.webp", "bitonal.webp"] {
            let img = go("full", "max", "0", qf);
            assert_eq!((img.width(), img.height()), (40, 20), "{qf}");
        }
    }

    #[test]
    fn a_pixel_bomb_is_refused_from_its_header() {
        // A PNG header claiming 100,000 x 100,000 pixels and no pixels.
        let mut png = sample();
        png[16..20].copy_from_slice(&100_000u32.to_be_bytes());
        png[20..24].copy_from_slice(&100_000u32.to_be_bytes());
        // The header chunk's checksum (CRC-32 of its type and data).
        let crc = png[12..29].iter().fold(!0u32, |mut c, &b| {
            c ^= b as u32;
            for _ in 0..8 {
                c = if c & 1 == 1 {
                    (c >> 1) ^ 0xEDB8_8320
                } else {
                    c >> 1
                };
            }
            c
        });
        png[29..33].copy_from_slice(&(!crc).to_be_bytes());
        let e = dimensions(&png, &Bounds::default()).unwrap_err();
        assert!(
            matches!(e, RenderError::TooLarge { width: 100_000, .. }),
            "{e}"
        );
    }

    #[test]
    fn what_is_not_an_image_or_is_broken_says_so() {
        assert!(matches!(
            dimensions(b"%PDF-1.4 not an image", &Bounds::default()),
            Err(RenderError::NotAnImage)
        ));
        let png = sample();
        let truncated = &png[..png.len() / 2];
        let plan = ImageRequest::parse("full", "max", "0", "default.png")
            .unwrap()
            .resolve(40, 20, &Bounds::default())
            .unwrap();
        assert!(matches!(
            render(truncated, &plan, &Bounds::default()),
            Err(RenderError::Corrupt(_))
        ));
    }
}
