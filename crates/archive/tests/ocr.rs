//! OCR: Tesseract run over scans as resumable jobs, hOCR and ALTO made
//! elsewhere imported, every word kept with its box; a document without a
//! transcription searched through what OCR read, look-alike letters folded.

use fonds_archive::ocr::{OcrError, OcrOptions};
use fonds_archive::Archive;
use fonds_archive::Place;
use fonds_archive::Viewer;
use fonds_search::SearchRequest;
use std::path::{Path, PathBuf};

fn shared() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared")
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

/// Whether Tesseract is here with the models named (a failure under CI
/// without them: the test script installs them).
fn tesseract_with(models: &[&str]) -> bool {
    let have = fonds_archive::tesseract::languages().unwrap_or_default();
    let ok = models.iter().all(|m| have.iter().any(|h| h == m));
    assert!(
        ok || std::env::var_os("CI").is_none(),
        "Tesseract with {models:?} is not installed"
    );
    ok
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("fonds-ocr-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// A record with its metadata and no transcription: its contents list
/// only the scan.
fn scan_only_record(title: &str, number: u32, language: &str) -> String {
    format!(
        "## **May 2, 1961**\n\n### **{title}**\n\n#### **Citation:**\n\n\"{title}\", May 2, 1961, Test Archive, Fonds 1, Opis 2, Delo {number}.  \n<https://example.org/document/{number}>\n\n#### **Summary:**\n\nA scanned page with no transcription.\n\n#### **Original Language:**\n\n{language}\n\n#### **Contents:**\n\nOriginal Scan\n"
    )
}

async fn found(archive: &Archive, query: &str) -> Vec<String> {
    let page = archive
        .search(&Viewer::owner(), query, &SearchRequest::default())
        .await
        .unwrap();
    page.hits.iter().map(|h| h.card.id.clone()).collect()
}

/// An archive in a scratch folder named `name` holding one record with
/// no transcription, number `number`, and the shared typewritten page as
/// its scan; None (the test skipped) without the page or Tesseract's
/// English model.
async fn typed_recipe(
    name: &str,
    number: u32,
) -> Option<(Archive, PathBuf, fonds_archive::ImportSummary)> {
    let page = shared_file("scans/typewriter/typewriter.png")?;
    if !tesseract_with(&["eng"]) {
        return None;
    }
    let dir = scratch(name);
    let records = dir.join("records");
    std::fs::create_dir_all(&records).unwrap();
    std::fs::write(
        records.join("recipe.txt"),
        scan_only_record("A Typed Recipe", number, "English"),
    )
    .unwrap();
    std::fs::copy(&page, records.join("recipe.png")).unwrap();
    let archive = Archive::open(Place::for_tests(&dir.join("archive")).await.unwrap())
        .await
        .unwrap();
    let summary = archive.import(&[records], |_| {}).await.unwrap();
    Some((archive, dir, summary))
}

#[tokio::test]
async fn tesseract_reads_a_scan_into_words_with_boxes_and_a_searchable_text() {
    let Some((archive, dir, summary)) = typed_recipe("typewriter", 555001).await else {
        return;
    };
    assert_eq!(
        (summary.imported, summary.scans),
        (1, 1),
        "{:?}",
        summary.failed
    );
    let id = "example-org-document-555001";
    assert!(found(&archive, "linzen").await.is_empty());

    let mut seen = Vec::new();
    let options = OcrOptions {
        languages: Some("eng".into()),
        ..OcrOptions::default()
    };
    let run = archive
        .ocr(&[], &options, |p| seen.push((p.done, p.total)))
        .await
        .unwrap();
    assert!(run.failed.is_empty(), "{:?}", run.failed);
    assert_eq!((run.pages, run.already), (1, 0));
    assert!(run.words > 80, "{} words", run.words);
    assert_eq!(seen.last(), Some(&(1, 1)));
    assert_eq!(run.texts, [id]);

    // Every word has its box on the 4000 x 2864 page, and a confidence.
    let reads = archive.ocr_reads(&Viewer::owner(), id).await.unwrap();
    assert_eq!(reads.len(), 1);
    let read = &reads[0];
    assert_eq!((read.page.width, read.page.height), (4000, 2864));
    assert!(read.engine.starts_with("tesseract"), "{}", read.engine);
    let title = read
        .page
        .words()
        .find(|w| w.text == "Linzensoep")
        .expect("the title word");
    assert!(
        title.bbox.x0 < 400 && title.bbox.y0 < 400,
        "{:?}",
        title.bbox
    );
    assert!(title.bbox.width() > 400, "{:?}", title.bbox);
    assert!(read
        .page
        .words()
        .all(|w| w.bbox.x1 <= 4000 && w.bbox.y1 <= 2864));
    assert!(read.confidence.is_some_and(|c| c > 50.0));

    // The document has the OCR as its original's text, as a new version,
    // and is found by the words on its page.
    let stored = archive
        .document(&Viewer::owner(), id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(stored.version, 2);
    let original = stored.document.original().expect("an original text");
    assert_eq!(original.pages.len(), 1);
    assert!(stored
        .document
        .diagnostics
        .iter()
        .any(|d| d.code == fonds_core::DiagCode::OcrText));
    assert_eq!(found(&archive, "linzen").await, [id]);
    assert_eq!(found(&archive, "Waterman").await, [id]);

    // Run again: nothing left to read; with --redo the page is read again
    // and the text stays one version of the same words.
    let again = archive.ocr(&[], &options, |_| {}).await.unwrap();
    assert_eq!((again.pages, again.already), (0, 1));
    let redo = archive
        .ocr(
            &[id.to_string()],
            &OcrOptions {
                redo: true,
                ..options.clone()
            },
            |_| {},
        )
        .await
        .unwrap();
    assert_eq!(redo.pages, 1);
    assert_eq!(
        archive
            .document(&Viewer::owner(), id)
            .await
            .unwrap()
            .unwrap()
            .version,
        2
    );

    // Everything kept checks out.
    let report = archive.verify().await.unwrap();
    assert!(report.problems.is_empty(), "{:?}", report.problems);
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn hocr_made_elsewhere_is_imported_scaled_to_its_scan() {
    let (Some(hocr), Some(png)) = (
        shared_file("scans/komi-1939/kpv_1-7_Vyl_tujod_1939_09_10_0001.hocr"),
        shared_file("iiif/67352ccc-d1b0-11e1-89ae-279075081939.png"),
    ) else {
        return;
    };
    let dir = scratch("komi");
    let archive = Archive::open(Place::for_tests(&dir.join("archive")).await.unwrap())
        .await
        .unwrap();
    std::fs::write(
        dir.join("paper.txt"),
        scan_only_record("A Newspaper Page", 555002, "Russian"),
    )
    .unwrap();
    archive
        .import(&[dir.join("paper.txt")], |_| {})
        .await
        .unwrap();
    let id = "example-org-document-555002";
    archive
        .attach_paths(id, std::slice::from_ref(&png))
        .await
        .unwrap();

    let bytes = std::fs::read(&hocr).unwrap();
    let done = archive
        .import_ocr(id, 1, "page1.hocr", &bytes)
        .await
        .unwrap();
    assert_eq!(done.scans, [1]);
    assert!(done.words > 500, "{} words", done.words);
    assert!(done.text);
    // The page was read at 4350 x 6450; the scan here is 1000 x 1000.
    assert!(
        done.notes.iter().any(|n| n.contains("4350x6450")),
        "{:?}",
        done.notes
    );
    let read = &archive.ocr_reads(&Viewer::owner(), id).await.unwrap()[0];
    assert_eq!(read.engine, "tesseract 4.0.0-beta.3");
    assert_eq!(read.format, "hocr");
    assert_eq!(read.file_sha256, fonds_store::sha256_hex(&bytes));
    assert!(read
        .page
        .words()
        .all(|w| w.bbox.x1 <= 1000 && w.bbox.y1 <= 1000));
    // The OCR's words are searchable, as read.
    assert_eq!(found(&archive, "пролетарийяс").await, [id]);

    // A second page has no scan: refused, nothing kept.
    let err = archive
        .import_ocr(id, 2, "page2.hocr", &bytes)
        .await
        .unwrap_err();
    assert!(matches!(err, OcrError::TooManyPages { .. }), "{err}");
    assert!(err.to_string().contains("page2.hocr"), "{err}");
    // What is not OCR is named and changes nothing.
    let err = archive
        .import_ocr(
            id,
            1,
            "notes.html",
            b"<html><body><p>notes</p></body></html>",
        )
        .await
        .unwrap_err();
    assert!(err.to_string().starts_with("notes.html: "), "{err}");
    assert_eq!(
        archive.ocr_reads(&Viewer::owner(), id).await.unwrap().len(),
        1
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn look_alike_letters_in_ocr_are_one_word_and_a_transcription_is_kept() {
    let Some(png) = shared_file("iiif/67352ccc-d1b0-11e1-89ae-279075081939.png") else {
        return;
    };
    let dir = scratch("alike");
    let archive = Archive::open(Place::for_tests(&dir.join("archive")).await.unwrap())
        .await
        .unwrap();
    std::fs::write(
        dir.join("report.txt"),
        scan_only_record("A Report on the Congress", 555003, "Russian"),
    )
    .unwrap();
    archive
        .import(&[dir.join("report.txt")], |_| {})
        .await
        .unwrap();
    let id = "example-org-document-555003";
    archive
        .attach_paths(id, std::slice::from_ref(&png))
        .await
        .unwrap();
    // OCR read the Cyrillic "ХХ" as Latin "XX", and an "о" and "р" of
    // "пролетарии" as Latin.
    let hocr = r#"<html><body><div class="ocr_page" title="bbox 0 0 1000 1000">
<span class="ocr_line" title="bbox 10 10 900 60">
<span class="ocrx_word" title="bbox 10 10 80 60; x_wconf 80">XX</span>
<span class="ocrx_word" title="bbox 100 10 300 60; x_wconf 90">съезда</span>
<span class="ocrx_word" title="bbox 320 10 700 60; x_wconf 70">пpoлетарии</span>
</span></div></body></html>"#;
    archive
        .import_ocr(id, 1, "report.hocr", hocr.as_bytes())
        .await
        .unwrap();
    assert_eq!(found(&archive, "ХХ").await, [id]);
    assert_eq!(found(&archive, "\"ХХ съезд\"").await, [id]);
    assert_eq!(found(&archive, "пролетарии").await, [id]);
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn ocr_of_a_transcribed_document_keeps_its_transcription() {
    let Some(png) = shared_file("iiif/67352ccc-d1b0-11e1-89ae-279075081939.png") else {
        return;
    };
    let dir = scratch("kept");
    let archive = Archive::open(Place::for_tests(&dir.join("archive")).await.unwrap())
        .await
        .unwrap();
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../fixtures/records/ru_conversation_ocr.txt");
    archive.import(&[fixture], |_| {}).await.unwrap();
    let id = "digitalarchive-umd-edu-document-990101";
    archive
        .attach_paths(id, std::slice::from_ref(&png))
        .await
        .unwrap();
    let before = archive
        .document(&Viewer::owner(), id)
        .await
        .unwrap()
        .unwrap();
    let hocr = r#"<html><body><div class="ocr_page" title="bbox 0 0 1000 1000">
<span class="ocrx_word" title="bbox 10 10 80 60">ошибочно</span></div></body></html>"#;
    let done = archive
        .import_ocr(id, 1, "p.hocr", hocr.as_bytes())
        .await
        .unwrap();
    assert!(!done.text);
    let after = archive
        .document(&Viewer::owner(), id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(after.version, before.version);
    assert_eq!(after.document, before.document);
    let _ = std::fs::remove_dir_all(&dir);
}

/// OCR queued as a job and done by a worker, as `fonds jobs ocr` and
/// `fonds worker` do it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_worker_reads_the_scans_a_job_names() {
    let Some((archive, dir, _)) = typed_recipe("ocr-job", 555002).await else {
        return;
    };
    let id = "example-org-document-555002";
    let job = fonds_archive::jobs::Job::Ocr {
        docs: vec![id.to_string()],
        languages: Some("eng".into()),
        redo: false,
    };
    archive.queue(&Viewer::owner(), &job).await.unwrap();
    let done = archive
        .work("w1", std::time::Duration::from_secs(60), true)
        .await
        .unwrap();
    assert_eq!((done.finished, done.failed), (1, 0));
    let jobs = archive.jobs(&Viewer::owner(), 1).await.unwrap();
    let said = &jobs[0].progress;
    assert!(said.starts_with("1 pages read"), "{said}");
    assert_eq!(found(&archive, "linzen").await, [id]);
    let _ = std::fs::remove_dir_all(&dir);
}
