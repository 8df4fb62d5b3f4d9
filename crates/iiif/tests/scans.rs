//! Real images from ../shared: the IIIF validator's test image and a
//! typewritten page, tiled as a viewer would ask for them.

use fonds_iiif::info::{scale_factors, TILE};
use fonds_iiif::render::{dimensions, render};
use fonds_iiif::{Bounds, ImageRequest};
use std::path::PathBuf;

fn shared(path: &str) -> Option<Vec<u8>> {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared")
        .join(path);
    match std::fs::read(&p) {
        Ok(b) => Some(b),
        Err(e) => {
            eprintln!("note: skipped, {} cannot be read: {e}", p.display());
            None
        }
    }
}

/// Every tile of every level the information document offers renders at
/// the size the tile grid says.
#[test]
fn every_tile_of_the_validator_image_has_its_size() {
    let Some(bytes) = shared("iiif/67352ccc-d1b0-11e1-89ae-279075081939.png") else {
        return;
    };
    let bounds = Bounds::default();
    let (w, h) = dimensions(&bytes, &bounds).unwrap();
    assert_eq!((w, h), (1000, 1000));
    for f in scale_factors(w, h) {
        let span = TILE * f;
        for y in (0..h).step_by(span as usize) {
            for x in (0..w).step_by(span as usize) {
                let (rw, rh) = (span.min(w - x), span.min(h - y));
                let want = (rw.div_ceil(f), rh.div_ceil(f));
                let req = ImageRequest::parse(
                    &format!("{x},{y},{rw},{rh}"),
                    &format!("{},", want.0),
                    "0",
                    "default.jpg",
                )
                .unwrap();
                let plan = req.resolve(w, h, &bounds).unwrap();
                let out =
                    image::load_from_memory(&render(&bytes, &plan, &bounds).unwrap()).unwrap();
                assert_eq!((out.width(), out.height()), want, "tile {x},{y} at {f}");
            }
        }
    }
}

/// A typewritten page in gray and bitonal, turned, as PNG and WebP.
#[test]
fn a_typewritten_page_in_every_quality() {
    let Some(bytes) = shared("scans/typewriter/typewriter.png") else {
        return;
    };
    let bounds = Bounds::default();
    let (w, h) = dimensions(&bytes, &bounds).unwrap();
    for (quality, rotation) in [
        ("gray.png", "90"),
        ("bitonal.webp", "!180"),
        ("color.jpg", "0"),
    ] {
        let plan = ImageRequest::parse("full", "!400,400", rotation, quality)
            .unwrap()
            .resolve(w, h, &bounds)
            .unwrap();
        let out = image::load_from_memory(&render(&bytes, &plan, &bounds).unwrap()).unwrap();
        assert_eq!((out.width(), out.height()), plan.output_size(), "{quality}");
        assert!(out.width().max(out.height()) <= 400);
    }
}
