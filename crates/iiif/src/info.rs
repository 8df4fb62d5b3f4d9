//! The image information document (`info.json`) of a scan.

use crate::Bounds;
use serde_json::{json, Value};

/// The side of the tiles a viewer is told to ask for.
pub const TILE: u32 = 512;

/// The scale factors at which a `width` x `height` image is tiled: powers
/// of two, down to the one at which the whole image fits in one tile.
pub fn scale_factors(width: u32, height: u32) -> Vec<u32> {
    let mut factors = vec![1];
    let longest = width.max(height);
    while longest.div_ceil(*factors.last().unwrap()) > TILE && factors.len() < 16 {
        factors.push(factors.last().unwrap() * 2);
    }
    factors
}

/// The information document of the image served at `id` (the image's base
/// URI, without `/info.json`): its size, the sizes of the whole image a
/// client may ask for without scaling work (the tile levels that fit the
/// bounds, smallest first), its tiles, and what is served beyond level 2.
pub fn info_json(id: &str, width: u32, height: u32, bounds: &Bounds) -> Value {
    let factors = scale_factors(width, height);
    let mut sizes: Vec<Value> = factors
        .iter()
        .rev()
        .map(|f| (width.div_ceil(*f), height.div_ceil(*f)))
        .filter(|(w, h)| {
            *w <= bounds.max_width
                && *h <= bounds.max_height
                && *w as u64 * *h as u64 <= bounds.max_area
        })
        .map(|(w, h)| json!({"type": "Size", "width": w, "height": h}))
        .collect();
    sizes.dedup();
    json!({
        "@context": "http://iiif.io/api/image/3/context.json",
        "id": id,
        "type": "ImageService3",
        "protocol": "http://iiif.io/api/image",
        "profile": "level2",
        "width": width,
        "height": height,
        "maxWidth": bounds.max_width,
        "maxHeight": bounds.max_height,
        "maxArea": bounds.max_area,
        "sizes": sizes,
        "tiles": [{"type": "Tile", "width": TILE, "height": TILE, "scaleFactors": factors}],
        "extraQualities": ["color", "gray", "bitonal"],
        "extraFormats": ["webp"],
        "extraFeatures": ["mirroring", "sizeUpscaling"],
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tiles_reach_one_tile_for_the_whole_image() {
        assert_eq!(scale_factors(512, 300), vec![1]);
        assert_eq!(scale_factors(1000, 1000), vec![1, 2]);
        assert_eq!(scale_factors(5000, 7000), vec![1, 2, 4, 8, 16]);
    }

    #[test]
    fn the_document_says_what_is_served() {
        let info = info_json("http://localhost/iiif/3/x", 1000, 1000, &Bounds::default());
        assert_eq!(info["type"], "ImageService3");
        assert_eq!(info["profile"], "level2");
        assert_eq!(info["width"], 1000);
        assert_eq!(info["tiles"][0]["scaleFactors"], json!([1, 2]));
        assert_eq!(
            info["sizes"],
            json!([{"type": "Size", "width": 500, "height": 500}, {"type": "Size", "width": 1000, "height": 1000}])
        );
    }

    #[test]
    fn sizes_over_the_bounds_are_not_offered() {
        let bounds = Bounds {
            max_area: 1_000_000,
            ..Bounds::default()
        };
        let info = info_json("x", 4000, 4000, &bounds);
        assert!(info["sizes"]
            .as_array()
            .unwrap()
            .iter()
            .all(|s| s["width"].as_u64().unwrap() * s["height"].as_u64().unwrap() <= 1_000_000));
    }
}
