//! An Image API 3.0 request: `{region}/{size}/{rotation}/{quality}.{format}`
//! parsed, then resolved against an image's size into a [`Plan`].
//!
//! Parsing checks each parameter's form; resolving checks what depends on
//! the image (a region outside it, a size of zero pixels, an upscale not
//! asked for with `^`, an answer over the server's [`Bounds`]). Either way
//! an error names the parameter, what was given and what is wrong.

use crate::Bounds;
use std::fmt;

/// A request's parameters, parsed.
#[derive(Debug, Clone, PartialEq)]
pub struct ImageRequest {
    pub region: Region,
    pub size: Size,
    pub rotation: Rotation,
    pub quality: Quality,
    pub format: Format,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Region {
    Full,
    Square,
    Pixels { x: u32, y: u32, w: u32, h: u32 },
    Percent { x: f64, y: f64, w: f64, h: f64 },
}

/// The size parameter; `upscale` is its `^` prefix.
#[derive(Debug, Clone, PartialEq)]
pub struct Size {
    pub upscale: bool,
    pub kind: SizeKind,
}

#[derive(Debug, Clone, PartialEq)]
pub enum SizeKind {
    Max,
    Width(u32),
    Height(u32),
    Percent(f64),
    Exact(u32, u32),
    Fit(u32, u32),
}

/// A turn clockwise by a multiple of 90 degrees, after an optional mirror.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rotation {
    pub mirror: bool,
    /// Quarter turns, 0 to 3.
    pub quarters: u8,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Quality {
    Default,
    Color,
    Gray,
    Bitonal,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Jpg,
    Png,
    Webp,
}

impl Quality {
    pub fn as_str(self) -> &'static str {
        match self {
            Quality::Default => "default",
            Quality::Color => "color",
            Quality::Gray => "gray",
            Quality::Bitonal => "bitonal",
        }
    }
}

impl Format {
    pub fn extension(self) -> &'static str {
        match self {
            Format::Jpg => "jpg",
            Format::Png => "png",
            Format::Webp => "webp",
        }
    }

    pub fn media_type(self) -> &'static str {
        match self {
            Format::Jpg => "image/jpeg",
            Format::Png => "image/png",
            Format::Webp => "image/webp",
        }
    }
}

/// Why a request cannot be served.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestError {
    /// The parameter at fault: `region`, `size`, `rotation`, `quality` or
    /// `format`.
    pub parameter: &'static str,
    pub message: String,
    /// Whether the request is well formed but asks for an answer over the
    /// server's bounds (an HTTP server may answer 413 rather than 400).
    pub too_large: bool,
}

impl fmt::Display for RequestError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.parameter, self.message)
    }
}

impl std::error::Error for RequestError {}

fn bad(parameter: &'static str, message: String) -> RequestError {
    RequestError {
        parameter,
        message,
        too_large: false,
    }
}

/// A whole number of pixels: ASCII digits only, no sign, at most 9 of them.
fn pixels(s: &str) -> Option<u32> {
    (!s.is_empty() && s.len() <= 9 && s.bytes().all(|b| b.is_ascii_digit()))
        .then(|| s.parse().ok())
        .flatten()
}

/// A non-negative decimal number: digits with at most one point, no sign
/// and no exponent.
fn decimal(s: &str) -> Option<f64> {
    let ok = !s.is_empty()
        && s.len() <= 20
        && s.bytes().all(|b| b.is_ascii_digit() || b == b'.')
        && s.bytes().filter(|&b| b == b'.').count() <= 1
        && s.bytes().any(|b| b.is_ascii_digit());
    ok.then(|| s.parse().ok()).flatten()
}

fn four<T>(s: &str, read: impl Fn(&str) -> Option<T>) -> Option<[T; 4]> {
    let parts: Vec<&str> = s.split(',').collect();
    if parts.len() != 4 {
        return None;
    }
    let mut it = parts.into_iter().map(read);
    Some([it.next()??, it.next()??, it.next()??, it.next()??])
}

impl ImageRequest {
    /// Parses the four path segments after the identifier; the last is
    /// `{quality}.{format}`.
    pub fn parse(
        region: &str,
        size: &str,
        rotation: &str,
        quality_format: &str,
    ) -> Result<ImageRequest, RequestError> {
        let (quality, format) = quality_format.rsplit_once('.').ok_or_else(|| {
            bad(
                "format",
                format!("`{quality_format}` has no format: give `{{quality}}.{{format}}`, e.g. `default.jpg`"),
            )
        })?;
        Ok(ImageRequest {
            region: parse_region(region)?,
            size: parse_size(size)?,
            rotation: parse_rotation(rotation)?,
            quality: match quality {
                "default" => Quality::Default,
                "color" => Quality::Color,
                "gray" => Quality::Gray,
                "bitonal" => Quality::Bitonal,
                q => {
                    return Err(bad(
                        "quality",
                        format!("`{q}` is not one of default, color, gray, bitonal"),
                    ))
                }
            },
            format: match format {
                "jpg" => Format::Jpg,
                "png" => Format::Png,
                "webp" => Format::Webp,
                f => {
                    return Err(bad(
                        "format",
                        format!("`{f}` is not served; ask for jpg, png or webp"),
                    ))
                }
            },
        })
    }

    /// The request resolved against an image of `width` x `height` pixels,
    /// within `bounds`.
    pub fn resolve(&self, width: u32, height: u32, bounds: &Bounds) -> Result<Plan, RequestError> {
        let crop = crop(&self.region, width, height)?;
        let (w, h) = scale(&self.size, crop.2, crop.3, bounds)?;
        Ok(Plan {
            crop,
            width: w,
            height: h,
            rotation: self.rotation,
            quality: self.quality,
            format: self.format,
            full: crop == (0, 0, width, height),
        })
    }
}

fn parse_region(s: &str) -> Result<Region, RequestError> {
    let err = || {
        bad(
            "region",
            format!("`{s}` is not full, square, x,y,w,h or pct:x,y,w,h"),
        )
    };
    let region = match s {
        "full" => Region::Full,
        "square" => Region::Square,
        _ => match s.strip_prefix("pct:") {
            Some(p) => {
                let [x, y, w, h] = four(p, decimal).ok_or_else(err)?;
                Region::Percent { x, y, w, h }
            }
            None => {
                let [x, y, w, h] = four(s, pixels).ok_or_else(err)?;
                Region::Pixels { x, y, w, h }
            }
        },
    };
    match region {
        Region::Pixels { w: 0, .. } | Region::Pixels { h: 0, .. } => Err(bad(
            "region",
            format!("`{s}` has a width or height of zero"),
        )),
        Region::Percent { w, h, .. } if w == 0.0 || h == 0.0 => Err(bad(
            "region",
            format!("`{s}` has a width or height of zero"),
        )),
        r => Ok(r),
    }
}

fn parse_size(s: &str) -> Result<Size, RequestError> {
    let (upscale, rest) = match s.strip_prefix('^') {
        Some(r) => (true, r),
        None => (false, s),
    };
    let err = || {
        bad(
            "size",
            format!("`{s}` is not max, w, ,h, pct:n, w,h or !w,h (each may start with ^)"),
        )
    };
    let kind = if rest == "max" {
        SizeKind::Max
    } else if let Some(p) = rest.strip_prefix("pct:") {
        let n = decimal(p).ok_or_else(err)?;
        SizeKind::Percent(n)
    } else {
        let (fit, wh) = match rest.strip_prefix('!') {
            Some(r) => (true, r),
            None => (false, rest),
        };
        let (w, h) = wh.split_once(',').ok_or_else(err)?;
        match (w.is_empty(), h.is_empty(), fit) {
            (false, true, false) => SizeKind::Width(pixels(w).ok_or_else(err)?),
            (true, false, false) => SizeKind::Height(pixels(h).ok_or_else(err)?),
            (false, false, false) => {
                SizeKind::Exact(pixels(w).ok_or_else(err)?, pixels(h).ok_or_else(err)?)
            }
            (false, false, true) => {
                SizeKind::Fit(pixels(w).ok_or_else(err)?, pixels(h).ok_or_else(err)?)
            }
            _ => return Err(err()),
        }
    };
    Ok(Size { upscale, kind })
}

fn parse_rotation(s: &str) -> Result<Rotation, RequestError> {
    let (mirror, n) = match s.strip_prefix('!') {
        Some(n) => (true, n),
        None => (false, s),
    };
    let degrees = decimal(n).filter(|d| *d <= 360.0).ok_or_else(|| {
        bad(
            "rotation",
            format!("`{s}` is not a number of degrees from 0 to 360, optionally after `!`"),
        )
    })?;
    if degrees % 90.0 != 0.0 {
        return Err(bad(
            "rotation",
            format!("`{s}`: only turns by multiples of 90 degrees are served"),
        ));
    }
    Ok(Rotation {
        mirror,
        quarters: ((degrees / 90.0) as u8) % 4,
    })
}

/// The pixels a region cuts from a `width` x `height` image: (x, y, w, h),
/// clipped to the image.
fn crop(region: &Region, width: u32, height: u32) -> Result<(u32, u32, u32, u32), RequestError> {
    let (x, y, w, h) = match *region {
        Region::Full => return Ok((0, 0, width, height)),
        Region::Square => {
            let side = width.min(height);
            return Ok(((width - side) / 2, (height - side) / 2, side, side));
        }
        Region::Pixels { x, y, w, h } => (x as u64, y as u64, w as u64, h as u64),
        Region::Percent { x, y, w, h } => {
            let px = |p: f64, of: u32| (p / 100.0 * of as f64).round().min(u32::MAX as f64) as u64;
            (px(x, width), px(y, height), px(w, width), px(h, height))
        }
    };
    if x >= width as u64 || y >= height as u64 {
        return Err(bad(
            "region",
            format!("the region starts outside the image of {width} x {height} pixels"),
        ));
    }
    let w = w.min(width as u64 - x);
    let h = h.min(height as u64 - y);
    if w == 0 || h == 0 {
        return Err(bad(
            "region",
            "the region is less than a pixel wide or high".to_string(),
        ));
    }
    Ok((x as u32, y as u32, w as u32, h as u32))
}

/// The size a `rw` x `rh` region is scaled to.
fn scale(size: &Size, rw: u32, rh: u32, bounds: &Bounds) -> Result<(u32, u32), RequestError> {
    let (rwf, rhf) = (rw as f64, rh as f64);
    let round = |v: f64| v.round().clamp(0.0, u32::MAX as f64) as u32;
    let (w, h) = match size.kind {
        SizeKind::Max => {
            // As large as the region (or, with ^, as the bounds allow), and
            // within the bounds.
            let mut s: f64 = if size.upscale { f64::INFINITY } else { 1.0 };
            s = s
                .min(bounds.max_width as f64 / rwf)
                .min(bounds.max_height as f64 / rhf)
                .min((bounds.max_area as f64 / (rwf * rhf)).sqrt());
            // Round down, so that the bounds hold.
            let (w, h) = ((rwf * s).floor() as u32, (rhf * s).floor() as u32);
            (w.max(1), h.max(1))
        }
        SizeKind::Width(w) => (w, round(rhf * w as f64 / rwf)),
        SizeKind::Height(h) => (round(rwf * h as f64 / rhf), h),
        SizeKind::Percent(n) => (round(rwf * n / 100.0), round(rhf * n / 100.0)),
        SizeKind::Exact(w, h) => (w, h),
        SizeKind::Fit(w, h) => {
            // A box the region fits only scaled up is an upscale, which
            // takes `^` as every other size does (the IIIF validator holds
            // servers to this).
            let s = (w as f64 / rwf).min(h as f64 / rhf);
            if !size.upscale && s > 1.0 {
                return Err(bad(
                    "size",
                    format!(
                        "the region of {rw} x {rh} pixels fits !{w},{h} only scaled up; ask with `^` (`^!{w},{h}`), or for `max`"
                    ),
                ));
            }
            ((rwf * s).floor() as u32, (rhf * s).floor() as u32)
        }
    };
    if w == 0 || h == 0 {
        return Err(bad("size", format!("the answer would be {w} x {h} pixels")));
    }
    if !size.upscale && (w > rw || h > rh) {
        return Err(bad(
            "size",
            format!(
                "{w} x {h} pixels is larger than the region's {rw} x {rh}; ask with `^` to scale up"
            ),
        ));
    }
    if w > bounds.max_width || h > bounds.max_height || w as u64 * h as u64 > bounds.max_area {
        return Err(RequestError {
            parameter: "size",
            message: format!(
                "{w} x {h} pixels is over what is served: at most {} x {} and {} pixels in all",
                bounds.max_width, bounds.max_height, bounds.max_area
            ),
            too_large: true,
        });
    }
    Ok((w, h))
}

/// What to do to an image: cut `crop` (x, y, w, h), scale it to `width` x
/// `height`, mirror and turn it, and write it in `quality` and `format`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    pub crop: (u32, u32, u32, u32),
    pub width: u32,
    pub height: u32,
    pub rotation: Rotation,
    pub quality: Quality,
    pub format: Format,
    /// Whether the crop is the whole image.
    pub full: bool,
}

impl Plan {
    /// The canonical form of the request (Image API 3.0, "Canonical URI
    /// Syntax"): the same plan always has the same form, so it names a
    /// rendered answer in a cache.
    pub fn canonical(&self) -> String {
        let (x, y, w, h) = self.crop;
        let region = if self.full {
            "full".to_string()
        } else {
            format!("{x},{y},{w},{h}")
        };
        let size = if self.width == w && self.height == h {
            "max".to_string()
        } else {
            format!("{},{}", self.width, self.height)
        };
        format!(
            "{region}/{size}/{}{}/{}.{}",
            if self.rotation.mirror { "!" } else { "" },
            self.rotation.quarters as u32 * 90,
            self.quality.as_str(),
            self.format.extension()
        )
    }

    /// The answer's width and height once turned.
    pub fn output_size(&self) -> (u32, u32) {
        if self.rotation.quarters % 2 == 1 {
            (self.height, self.width)
        } else {
            (self.width, self.height)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan(region: &str, size: &str, w: u32, h: u32) -> Result<Plan, RequestError> {
        ImageRequest::parse(region, size, "0", "default.jpg")?.resolve(w, h, &Bounds::default())
    }

    fn dims(region: &str, size: &str, w: u32, h: u32) -> ((u32, u32, u32, u32), u32, u32) {
        let p = plan(region, size, w, h).unwrap();
        (p.crop, p.width, p.height)
    }

    #[test]
    fn regions() {
        assert_eq!(dims("full", "max", 1000, 800).0, (0, 0, 1000, 800));
        assert_eq!(dims("square", "max", 1000, 800).0, (100, 0, 800, 800));
        assert_eq!(dims("square", "max", 600, 900).0, (0, 150, 600, 600));
        assert_eq!(dims("10,20,30,40", "max", 1000, 800).0, (10, 20, 30, 40));
        // Clipped to the image.
        assert_eq!(
            dims("900,700,500,500", "max", 1000, 800).0,
            (900, 700, 100, 100)
        );
        assert_eq!(
            dims("pct:10,10,50,25", "max", 1000, 800).0,
            (100, 80, 500, 200)
        );
        assert_eq!(
            dims("pct:0,0,100,100", "max", 1000, 800).0,
            (0, 0, 1000, 800)
        );
        assert!(plan("pct:0,0,100,100", "max", 1000, 800).unwrap().full);
    }

    #[test]
    fn bad_regions_name_the_parameter() {
        for (region, why) in [
            ("1000,0,10,10", "outside"),
            ("0,800,10,10", "outside"),
            ("0,0,0,10", "zero"),
            ("pct:0,0,0,10", "zero"),
            ("0,0,10", "x,y,w,h"),
            ("-1,0,10,10", "x,y,w,h"),
            ("1e3,0,10,10", "x,y,w,h"),
            ("pct:1,2,3,x", "x,y,w,h"),
            ("pct:0,0,0.01,0.01", "less than a pixel"),
            ("fullish", "x,y,w,h"),
        ] {
            let e = plan(region, "max", 1000, 800).unwrap_err();
            assert_eq!(e.parameter, "region", "{region}");
            assert!(e.message.contains(why), "{region}: {}", e.message);
        }
    }

    #[test]
    fn sizes() {
        let s = |size| {
            let (_, w, h) = dims("full", size, 1000, 800);
            (w, h)
        };
        assert_eq!(s("max"), (1000, 800));
        assert_eq!(s("500,"), (500, 400));
        assert_eq!(s(",200"), (250, 200));
        assert_eq!(s("pct:50"), (500, 400));
        assert_eq!(s("pct:12.5"), (125, 100));
        assert_eq!(s("300,300"), (300, 300));
        assert_eq!(s("!300,300"), (300, 240));
        assert_eq!(s("!2000,400"), (500, 400));
        // No upscale without ^; with it, allowed.
        assert_eq!(s("^!2000,2000"), (2000, 1600));
        assert_eq!(s("^2000,"), (2000, 1600));
        assert_eq!(s("^pct:150"), (1500, 1200));
        for size in ["2000,", ",900", "pct:101", "1001,800", "!2000,2000"] {
            let e = plan("full", size, 1000, 800).unwrap_err();
            assert_eq!(e.parameter, "size");
            assert!(e.message.contains("with `^`"), "{size}: {e}");
        }
    }

    #[test]
    fn max_stays_within_the_bounds() {
        let bounds = Bounds {
            max_pixels: 1 << 40,
            max_width: 4000,
            max_height: 4000,
            max_area: 4_000_000,
        };
        let p = ImageRequest::parse("full", "max", "0", "default.jpg")
            .unwrap()
            .resolve(10_000, 5_000, &bounds)
            .unwrap();
        assert!(p.width <= 4000 && p.height <= 4000);
        assert!(p.width as u64 * p.height as u64 <= 4_000_000);
        assert_eq!((p.width, p.height), (2828, 1414));
        let up = ImageRequest::parse("full", "^max", "0", "default.jpg")
            .unwrap()
            .resolve(100, 50, &bounds)
            .unwrap();
        assert_eq!((up.width, up.height), (2828, 1414));
    }

    #[test]
    fn absurd_sizes_are_over_the_bounds() {
        let e = plan("full", "^99999,99999", 1000, 800).unwrap_err();
        assert!(e.too_large, "{e}");
        let e = plan("full", "^pct:100000", 1000, 800).unwrap_err();
        assert!(e.too_large, "{e}");
        let e = plan("full", "^999999999,", 1000, 800).unwrap_err();
        assert!(e.too_large, "{e}");
        let e = plan("full", "0,", 1000, 800).unwrap_err();
        assert!(!e.too_large && e.message.contains("0 x 0"), "{e}");
        assert!(plan("full", "9999999999,", 1000, 800).is_err());
    }

    #[test]
    fn rotations_qualities_and_formats() {
        let r = |s| ImageRequest::parse("full", "max", s, "default.jpg").map(|q| q.rotation);
        assert_eq!(
            r("0").unwrap(),
            Rotation {
                mirror: false,
                quarters: 0
            }
        );
        assert_eq!(
            r("90").unwrap(),
            Rotation {
                mirror: false,
                quarters: 1
            }
        );
        assert_eq!(
            r("!270").unwrap(),
            Rotation {
                mirror: true,
                quarters: 3
            }
        );
        assert_eq!(
            r("360").unwrap(),
            Rotation {
                mirror: false,
                quarters: 0
            }
        );
        assert_eq!(r("180.0").unwrap().quarters, 2);
        assert!(r("45").unwrap_err().message.contains("multiples of 90"));
        assert!(r("-90").is_err());
        assert!(r("450").is_err());
        let q = |s| ImageRequest::parse("full", "max", "0", s);
        assert_eq!(q("gray.png").unwrap().quality, Quality::Gray);
        assert_eq!(q("bitonal.webp").unwrap().format, Format::Webp);
        assert_eq!(q("color.jpg").unwrap().quality, Quality::Color);
        assert_eq!(q("sepia.jpg").unwrap_err().parameter, "quality");
        assert_eq!(q("default.gif").unwrap_err().parameter, "format");
        assert_eq!(q("default").unwrap_err().parameter, "format");
    }

    #[test]
    fn the_canonical_form_names_the_same_plan_the_same_way() {
        let c = |region, size, rotation| {
            ImageRequest::parse(region, size, rotation, "default.jpg")
                .unwrap()
                .resolve(1000, 800, &Bounds::default())
                .unwrap()
                .canonical()
        };
        assert_eq!(c("full", "max", "0"), "full/max/0/default.jpg");
        assert_eq!(
            c("pct:0,0,100,100", "1000,", "360"),
            "full/max/0/default.jpg"
        );
        assert_eq!(
            c("0,0,500,400", "pct:50", "!90"),
            "0,0,500,400/250,200/!90/default.jpg"
        );
        assert_eq!(
            c("square", "!100,100", "0"),
            "100,0,800,800/100,100/0/default.jpg"
        );
    }
}
