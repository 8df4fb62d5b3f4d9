//! IIIF for fonds: what the Image API 3.0 asks of a scan and how it is
//! answered.
//!
//! - [`request`]: an image request's four parameters (region, size,
//!   rotation, quality and format) parsed from the path, and resolved
//!   against an image's width and height into a [`Plan`]: the pixels to cut,
//!   the size to scale them to, the turn and the mirror. Pure; every error
//!   names the parameter and what is wrong with it.
//! - [`info`]: the image information document (`info.json`) of a scan: its
//!   size, the sizes and tiles a viewer should ask for, and what this
//!   server supports (level 2, with gray and bitonal, WebP and mirroring).
//! - [`render`]: a plan carried out on an encoded image (PNG, JPEG, TIFF,
//!   WebP), with the image's size read from its header and refused before
//!   any pixel is decoded when it is over [`Bounds`].
//!
//! The crate knows nothing of documents, storage or HTTP: the server maps
//! its errors to 400 (a request that cannot be served) or 413 (an answer
//! over the bounds) and caches what it renders.

pub mod info;
pub mod pdf;
pub mod render;
pub mod request;
pub mod tiff_pages;

pub use info::info_json;
pub use render::{render, RenderError};
pub use request::{Format, ImageRequest, Plan, Quality, RequestError};

/// What the server will do for one request: the largest image it decodes,
/// and the largest answer it renders. An image over `max_pixels` is refused
/// before decoding (a header can claim 100,000 x 100,000 pixels in a few
/// bytes); an answer over `max_width`, `max_height` or `max_area` is refused
/// when the request is resolved, before the image is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Bounds {
    pub max_pixels: u64,
    pub max_width: u32,
    pub max_height: u32,
    pub max_area: u64,
}

impl Default for Bounds {
    /// A scan of an A3 sheet at 600 dpi (7,000 x 9,900 pixels) decodes; an
    /// answer is at most 10,000 pixels on a side and 25 million in all
    /// (75 MB of RGB before encoding).
    fn default() -> Bounds {
        Bounds {
            max_pixels: 120_000_000,
            max_width: 10_000,
            max_height: 10_000,
            max_area: 25_000_000,
        }
    }
}
