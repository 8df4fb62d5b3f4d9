//! Scans: found beside records at import, attached from PDFs page by page,
//! kept byte for byte; bad files named.

use fonds_archive::scans::ScanError;
use fonds_archive::Archive;
use fonds_archive::Place;
use fonds_archive::Viewer;
use std::path::{Path, PathBuf};

fn shared() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared")
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../fixtures/records")
        .join(name)
}

/// A file of the shared data, or None (a failure under CI) without it.
fn shared_file(path: &str) -> Option<PathBuf> {
    let p = shared().join(path);
    if p.is_file() {
        return Some(p);
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "{} is missing",
        p.display()
    );
    None
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("fonds-scans-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

const ID: &str = "digitalarchive-umd-edu-document-990101";

#[tokio::test]
async fn scans_beside_a_record_are_attached_once() {
    let Some(png) = shared_file("iiif/67352ccc-d1b0-11e1-89ae-279075081939.png") else {
        return;
    };
    let dir = scratch("beside");
    let records = dir.join("records");
    std::fs::create_dir_all(records.join("conversation")).unwrap();
    std::fs::copy(
        fixture("ru_conversation_ocr.txt"),
        records.join("conversation.txt"),
    )
    .unwrap();
    // Name order: f09 before f10, and the notes are no scan.
    std::fs::copy(&png, records.join("conversation/f10.png")).unwrap();
    std::fs::copy(&png, records.join("conversation/f09.png")).unwrap();
    std::fs::write(records.join("conversation/notes.txt"), "not a scan").unwrap();
    let archive = Archive::open(Place::for_tests(&dir.join("archive")).await.unwrap())
        .await
        .unwrap();
    let summary = archive
        .import(std::slice::from_ref(&records), |_| {})
        .await
        .unwrap();
    assert!(summary.failed.is_empty(), "{:?}", summary.failed);
    assert_eq!(summary.scans, 2);
    let scans = archive.scans(&Viewer::owner(), ID).await.unwrap();
    let names: Vec<&str> = scans.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["f09.png", "f10.png"]);
    assert_eq!(scans[0].file_sha256, scans[0].sha256);
    // Imported again, the document keeps its scans and gains none.
    let again = archive.import(&[records], |_| {}).await.unwrap();
    assert_eq!(again.scans, 0);
    assert_eq!(archive.scans(&Viewer::owner(), ID).await.unwrap().len(), 2);

    // A bad scan beside a record is that file's failure; the document stays.
    let more = dir.join("more");
    std::fs::create_dir_all(&more).unwrap();
    std::fs::copy(fixture("zh_telegram.txt"), more.join("telegram.txt")).unwrap();
    std::fs::write(more.join("telegram.png"), b"\x89PNG\r\n\x1a\ntruncated").unwrap();
    let summary = archive.import(&[more], |_| {}).await.unwrap();
    assert_eq!(summary.imported, 1);
    assert_eq!(summary.failed.len(), 1, "{:?}", summary.failed);
    let (file, why) = &summary.failed[0];
    assert!(file.ends_with("telegram.txt"), "{file:?}");
    assert!(why.contains("telegram.png"), "{why}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn a_pdf_gives_its_pages_and_is_kept_whole() {
    let Some(pdf) = shared_file("scans/gutenberg/c03-29.pdf") else {
        return;
    };
    if std::process::Command::new("pdftoppm")
        .arg("-v")
        .output()
        .is_err()
    {
        assert!(
            std::env::var_os("CI").is_none(),
            "pdftoppm is not installed"
        );
        return;
    }
    let dir = scratch("pdf");
    let archive = Archive::open(Place::for_tests(&dir.join("archive")).await.unwrap())
        .await
        .unwrap();
    archive
        .import(&[fixture("ru_conversation_ocr.txt")], |_| {})
        .await
        .unwrap();
    let attached = archive
        .attach_paths(ID, std::slice::from_ref(&pdf))
        .await
        .unwrap();
    assert!(!attached.scans.is_empty());
    let pdf_bytes = std::fs::read(&pdf).unwrap();
    let pdf_sha = fonds_store::sha256_hex(&pdf_bytes);
    for (i, s) in attached.scans.iter().enumerate() {
        assert_eq!(s.file_sha256, pdf_sha);
        assert_eq!(s.file_page, i as u32 + 1);
        assert_eq!(s.name, format!("c03-29.pdf, p. {}", i + 1));
        assert_eq!(s.media_type, "image/png");
        // Rendered at 200 dpi: a printed page is well over a thousand pixels.
        assert!(
            s.width > 1000 && s.height > 1000,
            "{} x {}",
            s.width,
            s.height
        );
    }
    // A file that says it is a PDF and is none.
    let fake = dir.join("fake.pdf");
    std::fs::write(&fake, b"%PDF-1.4\nnothing else").unwrap();
    let before = archive.scans(&Viewer::owner(), ID).await.unwrap().len();
    let err = archive.attach_paths(ID, &[fake]).await.unwrap_err();
    assert!(matches!(err, ScanError::File { .. }), "{err}");
    let message = err.to_string();
    assert!(
        message.starts_with("fake.pdf: the PDF cannot be rendered"),
        "{message}"
    );
    assert_eq!(
        archive.scans(&Viewer::owner(), ID).await.unwrap().len(),
        before
    );
    // A file over the bound is refused before it is read (a sparse file:
    // its size costs no disk).
    let huge = dir.join("huge.tif");
    let f = std::fs::File::create(&huge).unwrap();
    f.set_len(fonds_archive::scans::MAX_FILE_BYTES + 1).unwrap();
    let err = archive.attach_paths(ID, &[huge]).await.unwrap_err();
    assert!(err.to_string().starts_with("huge.tif: "), "{err}");
    assert!(
        err.to_string().contains("over the 2048 MB a scan may be"),
        "{err}"
    );
    assert_eq!(
        archive.scans(&Viewer::owner(), ID).await.unwrap().len(),
        before
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// A TIFF of `pages` grey LZW pages of 40 x 30, each a shade of its own.
fn tiff_of(pages: usize) -> Vec<u8> {
    use tiff::encoder::{colortype, Compression, TiffEncoder};
    let mut out = std::io::Cursor::new(Vec::new());
    let mut e = TiffEncoder::new(&mut out)
        .unwrap()
        .with_compression(Compression::Lzw);
    for p in 0..pages {
        e.write_image::<colortype::Gray8>(40, 30, &vec![(p * 50 % 250) as u8; 40 * 30])
            .unwrap();
    }
    out.into_inner()
}

#[tokio::test]
async fn a_tiff_of_several_pages_gives_its_pages_and_is_kept_whole() {
    let dir = scratch("tiff");
    let archive = Archive::open(Place::for_tests(&dir.join("archive")).await.unwrap())
        .await
        .unwrap();
    archive
        .import(&[fixture("ru_conversation_ocr.txt")], |_| {})
        .await
        .unwrap();
    let bytes = tiff_of(3);
    let file = dir.join("folder.tif");
    std::fs::write(&file, &bytes).unwrap();
    let attached = archive
        .attach_paths(ID, std::slice::from_ref(&file))
        .await
        .unwrap();
    let names: Vec<&str> = attached.scans.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(
        names,
        ["folder.tif, p. 1", "folder.tif, p. 2", "folder.tif, p. 3"]
    );
    let sha = fonds_store::sha256_hex(&bytes);
    for (i, s) in attached.scans.iter().enumerate() {
        assert_eq!(
            (s.file_sha256.as_str(), s.file_page),
            (sha.as_str(), i as u32 + 1)
        );
        assert_eq!(
            (s.width, s.height, s.media_type.as_str()),
            (40, 30, "image/png")
        );
    }
    let (_, kept) = archive
        .attached_file(&Viewer::owner(), ID, 2)
        .await
        .unwrap();
    assert_eq!(kept, bytes);

    // A TIFF of more pages than a scan is read with: named, nothing kept.
    let huge = dir.join("huge.tif");
    std::fs::write(&huge, tiff_of(fonds_iiif::tiff_pages::MAX_PAGES + 1)).unwrap();
    let err = archive
        .attach_paths(ID, std::slice::from_ref(&huge))
        .await
        .unwrap_err();
    assert!(err.to_string().starts_with("huge.tif: "), "{err}");
    assert!(err.to_string().contains("pages"), "{err}");
    assert_eq!(archive.scans(&Viewer::owner(), ID).await.unwrap().len(), 3);
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn the_whole_scan_is_one_pdf_that_poppler_reads() {
    let Some(png) = shared_file("iiif/67352ccc-d1b0-11e1-89ae-279075081939.png") else {
        return;
    };
    let dir = scratch("whole-pdf");
    let archive = Archive::open(Place::for_tests(&dir.join("archive")).await.unwrap())
        .await
        .unwrap();
    archive
        .import(&[fixture("ru_conversation_ocr.txt")], |_| {})
        .await
        .unwrap();
    assert!(archive
        .scans_pdf(&Viewer::owner(), ID)
        .await
        .unwrap()
        .is_none());
    let grey = dir.join("grey.tif");
    std::fs::write(&grey, tiff_of(1)).unwrap();
    archive
        .attach_paths(ID, &[png.clone(), grey])
        .await
        .unwrap();
    let path = archive
        .scans_pdf(&Viewer::owner(), ID)
        .await
        .unwrap()
        .expect("a PDF");
    assert!(
        path.starts_with(dir.join("archive/cache/iiif/pdf")),
        "{}",
        path.display()
    );
    // Asked again, the same file, not written again.
    let modified = std::fs::metadata(&path).unwrap().modified().unwrap();
    assert_eq!(
        archive
            .scans_pdf(&Viewer::owner(), ID)
            .await
            .unwrap()
            .unwrap(),
        path
    );
    assert_eq!(
        std::fs::metadata(&path).unwrap().modified().unwrap(),
        modified
    );
    let info = match std::process::Command::new("pdfinfo").arg(&path).output() {
        Ok(out) => String::from_utf8_lossy(&out.stdout).into_owned(),
        Err(_) => {
            assert!(std::env::var_os("CI").is_none(), "pdfinfo is not installed");
            return;
        }
    };
    let info = info.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(info.contains("Pages: 2"), "{info}");
    // A page is the scan's size at 200 dpi: 1000 pixels are 360 points.
    assert!(info.contains("Page size: 360 x 360 pts"), "{info}");
    // And pdftoppm draws the first page as the scan.
    let out = dir.join("drawn");
    let status = std::process::Command::new("pdftoppm")
        .args(["-r", "200", "-png", "-f", "1", "-l", "1", "-singlefile"])
        .arg(&path)
        .arg(&out)
        .status()
        .unwrap();
    assert!(status.success());
    let drawn = std::fs::read(dir.join("drawn.png")).unwrap();
    let bounds = fonds_iiif::Bounds::default();
    assert_eq!(
        fonds_iiif::render::dimensions(&drawn, &bounds).unwrap(),
        (1000, 1000)
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// A PDF of one blank page under the standard security handler, whose
/// user password is not the empty one: a reader must be given it.
fn encrypted_pdf() -> Vec<u8> {
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_string(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_string(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>".to_string(),
        format!(
            "<< /Filter /Standard /V 1 /R 2 /P -4 /O <{}> /U <{}> >>",
            "41".repeat(32),
            "42".repeat(32)
        ),
    ];
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, o) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n{o}\nendobj\n", i + 1).as_bytes());
    }
    let xref = out.len();
    out.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
    );
    for o in offsets {
        out.extend_from_slice(format!("{o:010} 00000 n \n").as_bytes());
    }
    let id = "00112233445566778899aabbccddeeff";
    out.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R /Encrypt 4 0 R /ID [<{id}> <{id}>] >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    out
}

#[tokio::test]
async fn an_encrypted_pdf_is_refused_plainly() {
    if std::process::Command::new("pdftoppm")
        .arg("-v")
        .output()
        .is_err()
    {
        assert!(
            std::env::var_os("CI").is_none(),
            "pdftoppm is not installed"
        );
        return;
    }
    let dir = scratch("encrypted");
    let archive = Archive::open(Place::for_tests(&dir.join("archive")).await.unwrap())
        .await
        .unwrap();
    archive
        .import(&[fixture("ru_conversation_ocr.txt")], |_| {})
        .await
        .unwrap();
    let file = dir.join("locked.pdf");
    std::fs::write(&file, encrypted_pdf()).unwrap();
    let err = archive
        .attach_paths(ID, std::slice::from_ref(&file))
        .await
        .unwrap_err();
    let said = err.to_string();
    assert!(said.starts_with("locked.pdf: "), "{said}");
    assert!(said.contains("encrypted"), "{said}");
    assert!(archive
        .scans(&Viewer::owner(), ID)
        .await
        .unwrap()
        .is_empty());
    let _ = std::fs::remove_dir_all(&dir);
}
