//! The scans found beside a record: files sharing its stem.

use std::path::{Path, PathBuf};

/// File name endings of scans, images and PDF.
pub const SCAN_EXTENSIONS: [&str; 7] = ["pdf", "png", "jpg", "jpeg", "tif", "tiff", "webp"];

fn is_scan(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| SCAN_EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
        && path.is_file()
}

/// The scans of the record at `record` (`X.txt`): the files `X.pdf`,
/// `X.png` and the like beside it, then the images in a folder `X/`, each
/// group in name order. Links are not followed, and a folder holds at most
/// [`MAX_SCANS`] scans (the rest are left).
pub fn scans_beside(record: &Path) -> Vec<PathBuf> {
    let (Some(dir), Some(stem)) = (record.parent(), record.file_stem()) else {
        return Vec::new();
    };
    let mut found: Vec<PathBuf> = SCAN_EXTENSIONS
        .iter()
        .flat_map(|e| [e.to_string(), e.to_ascii_uppercase()])
        .map(|e| dir.join(stem).with_extension(e))
        .filter(|p| p.symlink_metadata().is_ok_and(|m| m.is_file()) && is_scan(p))
        .collect();
    found.sort();
    found.dedup();
    let folder = dir.join(stem);
    if folder.symlink_metadata().is_ok_and(|m| m.is_dir()) {
        let mut images: Vec<PathBuf> = std::fs::read_dir(&folder)
            .into_iter()
            .flatten()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
            .map(|e| e.path())
            .filter(|p| is_scan(p))
            .take(MAX_SCANS)
            .collect();
        images.sort();
        found.extend(images);
    }
    found
}

/// The most scans taken from one folder.
pub const MAX_SCANS: usize = 10_000;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_sharing_the_stem_then_the_folder_in_name_order() {
        let dir = std::env::temp_dir().join(format!("fonds-beside-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("rec/sub")).unwrap();
        for f in [
            "rec.txt",
            "rec.pdf",
            "other.png",
            "rec/p10.png",
            "rec/p02.jpg",
            "rec/notes.txt",
        ] {
            std::fs::write(dir.join(f), b"x").unwrap();
        }
        let names: Vec<String> = scans_beside(&dir.join("rec.txt"))
            .iter()
            .map(|p| p.strip_prefix(&dir).unwrap().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names, ["rec.pdf", "rec/p02.jpg", "rec/p10.png"]);
        assert!(scans_beside(&dir.join("other.txt")).len() == 1);
        assert!(scans_beside(&dir.join("none.txt")).is_empty());
        let _ = std::fs::remove_dir_all(&dir);
    }
}
