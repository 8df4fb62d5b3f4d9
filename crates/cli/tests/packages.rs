//! Packages for preservation, from the command line: BagIt bags and OCFL
//! storage roots written by `fonds export`, checked by the validators the
//! preservation community uses, and read back by `fonds import` with every
//! version.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn fonds(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_fonds"))
        .args(args)
        .output()
        .expect("fonds runs")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A validator script from the validators (`bagit.py`,
/// `ocfl-validate.py`) with the Python that runs it, or `None` (a failure
/// under CI) when they are not installed.
fn validator(script: &str) -> Option<(PathBuf, PathBuf)> {
    let venv = std::env::var_os("FONDS_VALIDATORS")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            Path::new(&std::env::var_os("HOME").unwrap_or_default()).join(".cache/fonds-validators")
        });
    let (python, script_path) = (venv.join("bin/python"), venv.join("bin").join(script));
    if python.exists() && script_path.exists() {
        return Some((python, script_path));
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "{script} is not installed in {}; run scripts/test.sh",
        venv.display()
    );
    eprintln!("{script} not installed: its format is not validated");
    None
}

/// The record given a second version in [`archive_with_history`].
const REVISED: &str = "zh_telegram.txt";

/// An archive under `base` of the fixtures, a second version of one of
/// them ([`REVISED`]) and a printed volume of two documents; returns the
/// archive's folder and the revised record's two texts.
fn archive_with_history(base: &Path) -> (PathBuf, String, String) {
    let _ = std::fs::remove_dir_all(base);
    std::fs::create_dir_all(base.join("records")).unwrap();
    let archive = base.join("archive");
    let a = archive.to_str().unwrap();
    let records = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/records");
    assert!(
        fonds(&["--archive", a, "import", records.to_str().unwrap()])
            .status
            .success()
    );
    // A second version of one record, under the same name.
    let name = REVISED;
    let first = std::fs::read_to_string(records.join(name)).unwrap();
    let changed = base.join("records").join(name);
    let second = first.replacen(
        "#### **Summary:**\n\n",
        "#### **Summary:**\n\nCorrected copy. ",
        1,
    );
    assert_ne!(second, first);
    std::fs::write(&changed, &second).unwrap();
    let r = fonds(&["--archive", a, "import", changed.to_str().unwrap()]);
    assert!(r.status.success(), "{}", stderr(&r));
    // A printed volume: one source file, two documents.
    let volume = base.join("records/vol1931.xml");
    std::fs::write(&volume, TWO_DOCUMENT_VOLUME).unwrap();
    let r = fonds(&["--archive", a, "import", volume.to_str().unwrap()]);
    assert!(r.status.success(), "{}", stderr(&r));
    (archive, first, second)
}

/// Each archive's documents as JSON, file by file (with their versions).
fn documents_as_json(archive: &Path, out: &Path) -> Vec<(String, String)> {
    let r = fonds(&[
        "--archive",
        archive.to_str().unwrap(),
        "export",
        out.to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert!(r.status.success(), "{}", stderr(&r));
    let mut files: Vec<(String, String)> = std::fs::read_dir(out)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.file_name().is_some_and(|n| n != "manifest.json"))
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().to_string();
            (name, std::fs::read_to_string(&p).unwrap())
        })
        .collect();
    files.sort();
    files
}

/// A bag per document: `bagit.py --validate` accepts each; the bags import
/// into another archive as the same documents with the same versions, byte
/// for byte; a bag with a changed byte is refused whole, with its reason.
#[test]
fn bags_validate_and_import_back_with_every_version() {
    let base = std::env::temp_dir().join(format!("fonds-bagit-{}", std::process::id()));
    let (archive, first, second) = archive_with_history(&base);
    let a = archive.to_str().unwrap();
    let name = REVISED;
    let bags = base.join("bags");
    let r = fonds(&[
        "--archive",
        a,
        "export",
        bags.to_str().unwrap(),
        "--format",
        "bagit",
    ]);
    assert!(r.status.success(), "{}", stderr(&r));
    let dirs: Vec<PathBuf> = std::fs::read_dir(&bags)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    // Ten documents' bags, and one of the volume's source, which the
    // volume's documents name instead of each holding a copy.
    assert_eq!(dirs.len(), 11);
    let shared: Vec<&PathBuf> = dirs
        .iter()
        .filter(|d| {
            d.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("source-")
        })
        .collect();
    assert_eq!(shared.len(), 1, "{dirs:?}");
    assert_eq!(
        std::fs::read(shared[0].join("data/sources/v1/vol1931.xml")).unwrap(),
        TWO_DOCUMENT_VOLUME.as_bytes()
    );
    let in_volume = dirs
        .iter()
        .find(|d| {
            d.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("vol1931")
        })
        .expect("a bag of a document of the volume");
    assert!(!in_volume.join("data/sources").exists());
    let info = std::fs::read_to_string(in_volume.join("bag-info.txt")).unwrap();
    assert!(info.contains("Source-Version-1: vol1931.xml"), "{info}");
    if let Some((python, script)) = validator("bagit.py") {
        for d in &dirs {
            let out = std::process::Command::new(&python)
                .arg(&script)
                .arg("--validate")
                .arg(d)
                .output()
                .unwrap();
            assert!(
                out.status.success(),
                "{}: {}",
                d.display(),
                String::from_utf8_lossy(&out.stderr)
            );
        }
    }
    let back = base.join("back");
    let b = back.to_str().unwrap();
    let r = fonds(&["--archive", b, "import", bags.to_str().unwrap()]);
    assert!(r.status.success(), "{}", stderr(&r));
    let (was, is) = (
        documents_as_json(&archive, &base.join("json-a")),
        documents_as_json(&back, &base.join("json-b")),
    );
    assert_eq!(was.len(), 10);
    assert_eq!(was, is, "the documents read back differ");
    // The document with two versions has both, in order, byte for byte.
    let twice = dirs
        .iter()
        .find(|d| d.join("data/sources/v2").is_dir())
        .expect("a bag with two versions");
    for v in ["v1", "v2"] {
        let bytes = std::fs::read(twice.join("data/sources").join(v).join(name)).unwrap();
        let expected = if v == "v1" { &first } else { &second };
        assert_eq!(bytes, expected.as_bytes(), "{v}");
    }
    let out = String::from_utf8_lossy(&fonds(&["--archive", b, "verify"]).stdout).to_string();
    assert!(!out.contains("mismatch"), "{out}");

    // A flipped byte: the bag is refused and said to be so.
    let source = twice.join("data/sources/v1").join(name);
    let mut bytes = std::fs::read(&source).unwrap();
    bytes[0] ^= 1;
    std::fs::write(&source, bytes).unwrap();
    let third = base.join("third");
    let r = fonds(&[
        "--archive",
        third.to_str().unwrap(),
        "import",
        twice.to_str().unwrap(),
    ]);
    let said = format!("{}{}", String::from_utf8_lossy(&r.stdout), stderr(&r));
    assert!(
        said.contains("does not check") && said.contains(name),
        "{said}"
    );
    assert!(said.contains("0 imported"), "{said}");
    let _ = std::fs::remove_dir_all(&base);
}

/// Every file under `dir` (relative path, bytes), in order; `manifest.json`
/// left out.
fn tree(dir: &Path) -> Vec<(String, Vec<u8>)> {
    fn walk(root: &Path, dir: &Path, out: &mut Vec<(String, Vec<u8>)>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                walk(root, &p, out);
            } else if p.file_name().is_some_and(|n| n != "manifest.json") {
                let rel = p.strip_prefix(root).unwrap().to_string_lossy().to_string();
                out.push((rel, std::fs::read(&p).unwrap()));
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out);
    out.sort();
    out
}

/// Runs `ocfl-validate.py` on a root and on each of its objects (named
/// one by one: given a root, it checks the root's structure and does not
/// fail for an invalid object): it must find no error if `valid`, else
/// one.
fn ocfl_validate(root: &Path, valid: bool) {
    let Some((python, script)) = validator("ocfl-validate.py") else {
        return;
    };
    let objects: Vec<PathBuf> = tree(root)
        .into_iter()
        .filter_map(|(p, _)| {
            p.strip_suffix("/0=ocfl_object_1.1")
                .map(|dir| root.join(dir))
        })
        .collect();
    assert!(!objects.is_empty());
    let out = Command::new(&python)
        .arg(&script)
        .arg("-q")
        .arg(root)
        .args(&objects)
        .output()
        .unwrap();
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        out.status.success() && !said.contains("[E"),
        valid,
        "{}: {said}",
        root.display()
    );
}

/// An OCFL storage root: `ocfl-validate.py` accepts it; it imports into
/// another archive with every version, its date and its source, so that
/// the root that archive exports is the same root byte for byte; an export
/// into the root again adds only the versions it lacks; an object with a
/// changed byte is refused, the others read.
#[test]
fn ocfl_roots_validate_and_import_back_with_every_version() {
    let base = std::env::temp_dir().join(format!("fonds-ocfl-{}", std::process::id()));
    let (archive, first, second) = archive_with_history(&base);
    let a = archive.to_str().unwrap();
    let root = base.join("root");
    let export = |archive: &Path, root: &Path| {
        let r = fonds(&[
            "--archive",
            archive.to_str().unwrap(),
            "export",
            root.to_str().unwrap(),
            "--format",
            "ocfl",
        ]);
        assert!(r.status.success(), "{}", stderr(&r));
        String::from_utf8_lossy(&r.stdout).to_string()
    };
    let said = export(&archive, &root);
    assert!(said.contains("11 new"), "{said}");
    ocfl_validate(&root, true);
    let files = tree(&root);
    assert_eq!(
        files
            .iter()
            .find(|(p, _)| p == "0=ocfl_1.1")
            .map(|f| &f.1[..]),
        Some(&b"ocfl_1.1\n"[..])
    );
    // The revised record's object: two versions, each with its source.
    let revised = |v: &str| {
        files
            .iter()
            .find(|(p, _)| p.ends_with(&format!("/{v}/content/source/{REVISED}")))
            .map(|(_, b)| String::from_utf8_lossy(b).to_string())
    };
    assert_eq!(revised("v1").as_deref(), Some(first.as_str()));
    assert_eq!(revised("v2").as_deref(), Some(second.as_str()));
    // The volume's source is an object of its own, held once.
    let volume: Vec<&String> = files
        .iter()
        .map(|(p, _)| p)
        .filter(|p| p.ends_with("/v1/content/vol1931.xml"))
        .collect();
    assert_eq!(volume.len(), 1, "{volume:?}");
    assert!(volume[0].contains("source%3a"), "{volume:?}");

    // Read back: the same documents, and the same root when exported.
    let back = base.join("back");
    let r = fonds(&[
        "--archive",
        back.to_str().unwrap(),
        "import",
        root.to_str().unwrap(),
    ]);
    assert!(r.status.success(), "{}", stderr(&r));
    assert_eq!(
        documents_as_json(&archive, &base.join("json-a")),
        documents_as_json(&back, &base.join("json-b"))
    );
    let again = base.join("again");
    export(&back, &again);
    let (was, is) = (tree(&root), tree(&again));
    assert_eq!(was.len(), is.len());
    for (x, y) in was.iter().zip(&is) {
        assert_eq!(x.0, y.0);
        assert!(x.1 == y.1, "{} differs after the round trip", x.0);
    }

    // A third version: an export into the root adds it alone.
    let third = second.replacen("Corrected copy.", "Corrected twice.", 1);
    let changed = base.join("records").join(REVISED);
    std::fs::write(&changed, &third).unwrap();
    let r = fonds(&["--archive", a, "import", changed.to_str().unwrap()]);
    assert!(r.status.success(), "{}", stderr(&r));
    let said = export(&archive, &root);
    assert!(
        said.contains("0 new, 1 given new versions, 9 already whole"),
        "{said}"
    );
    ocfl_validate(&root, true);
    let files = tree(&root);
    let v3 = files
        .iter()
        .find(|(p, _)| p.ends_with(&format!("/v3/content/source/{REVISED}")))
        .expect("a third version");
    assert_eq!(v3.1, third.as_bytes());

    // A flipped byte: that object is refused, with its reason; the rest
    // is read.
    let mut bytes = v3.1.clone();
    bytes[0] ^= 1;
    std::fs::write(root.join(&v3.0), bytes).unwrap();
    ocfl_validate(&root, false);
    let r = fonds(&[
        "--archive",
        base.join("third").to_str().unwrap(),
        "import",
        root.to_str().unwrap(),
    ]);
    let said = format!("{}{}", String::from_utf8_lossy(&r.stdout), stderr(&r));
    assert!(
        said.contains("an OCFL object that does not check") && said.contains("digest"),
        "{said}"
    );
    assert!(said.contains("9 imported"), "{said}");
    let _ = std::fs::remove_dir_all(&base);
}

/// A printed volume of two documents, in the TEI of a documentary edition.
const TWO_DOCUMENT_VOLUME: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<TEI xmlns="http://www.tei-c.org/ns/1.0" xmlns:frus="http://history.state.gov/frus/ns/1.0" xml:id="vol1931">
  <teiHeader>
    <fileDesc>
      <titleStmt><title type="complete">Papers Relating to an Imagined Series, 1931, Volume I</title></titleStmt>
      <publicationStmt><publisher>Example Printing Office</publisher><date>1946</date></publicationStmt>
      <sourceDesc><p>Written for a test.</p></sourceDesc>
    </fileDesc>
  </teiHeader>
  <text>
    <body>
      <div type="chapter">
        <head>The Harbour</head>
        <div type="document" xml:id="d1" n="1" frus:doc-dateTime-min="1931-03-02T00:00:00" frus:doc-dateTime-max="1931-03-02T23:59:59">
          <head>The Consul at Riverton (Marsh) to the Secretary of State<note rend="inline" type="source">File No. 512.34/1: Telegram</note></head>
          <dateline><placeName>Riverton</placeName>, <date when="1931-03-02">March 2, 1931</date>.</dateline>
          <p>The quarantine of the harbour was lifted this morning.</p>
        </div>
        <div type="document" xml:id="d2" n="2" frus:doc-dateTime-min="1931-03-04T00:00:00" frus:doc-dateTime-max="1931-03-04T23:59:59">
          <head>The Secretary of State to the Consul at Riverton (Marsh)<note rend="inline" type="source">File No. 512.34/2: Telegram</note></head>
          <dateline><placeName>Washington</placeName>, <date when="1931-03-04">March 4, 1931</date>.</dateline>
          <p>Report on the pilots of the harbour.</p>
        </div>
      </div>
    </body>
  </text>
</TEI>
"#;

/// The real holdings in `../shared` (the seed record, the FRUS volumes)
/// and the demo corpus, exported as bags and as an OCFL root: `bagit.py`
/// accepts every bag, `ocfl-validate.py` the root and every object, and
/// each package reads back into an archive of the same documents.
#[test]
fn real_holdings_export_as_valid_packages_and_read_back() {
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    let shared = here.join("../../../shared");
    let base = std::env::temp_dir().join(format!("fonds-real-packages-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&base);
    let archive = base.join("archive");
    let r = fonds(&[
        "--archive",
        archive.to_str().unwrap(),
        "import",
        shared.join("seed").to_str().unwrap(),
        shared.join("corpus/frus").to_str().unwrap(),
        here.join("../../demo/records").to_str().unwrap(),
    ]);
    assert!(r.status.success(), "{}", stderr(&r));
    let documents = documents_as_json(&archive, &base.join("json"));
    assert!(documents.len() > 1400, "{}", documents.len());
    for format in ["bagit", "ocfl"] {
        let out = base.join(format);
        let r = fonds(&[
            "--archive",
            archive.to_str().unwrap(),
            "export",
            out.to_str().unwrap(),
            "--format",
            format,
        ]);
        assert!(r.status.success(), "{}", stderr(&r));
        if format == "ocfl" {
            ocfl_validate(&out, true);
        } else if let Some((python, script)) = validator("bagit.py") {
            let bags: Vec<PathBuf> = std::fs::read_dir(&out)
                .unwrap()
                .map(|e| e.unwrap().path())
                .filter(|p| p.is_dir())
                .collect();
            assert!(bags.len() >= documents.len());
            let v = Command::new(&python)
                .arg(&script)
                .arg("--validate")
                .args(&bags)
                .output()
                .unwrap();
            assert!(v.status.success(), "{}", String::from_utf8_lossy(&v.stderr));
        }
        let back = base.join(format!("back-{format}"));
        let r = fonds(&[
            "--archive",
            back.to_str().unwrap(),
            "import",
            out.to_str().unwrap(),
        ]);
        assert!(r.status.success(), "{}", stderr(&r));
        assert!(
            documents_as_json(&back, &base.join(format!("json-{format}"))) == documents,
            "the documents read back from {format} differ"
        );
    }
    let _ = std::fs::remove_dir_all(&base);
}

/// A document's scans and OCR go into its bag and its OCFL object: each
/// file as attached (the image, once), each OCR file as read, and
/// `scans.json` saying which is which; the validators accept both.
#[test]
fn scans_and_ocr_go_into_bags_and_ocfl_objects() {
    let image = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/iiif/67352ccc-d1b0-11e1-89ae-279075081939.png");
    if !image.is_file() {
        assert!(
            std::env::var_os("CI").is_none(),
            "{} is missing",
            image.display()
        );
        return;
    }
    let base = std::env::temp_dir().join(format!("fonds-package-scans-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&base);
    std::fs::create_dir_all(&base).unwrap();
    let archive = base.join("archive");
    let a = archive.to_str().unwrap();
    let record = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../fixtures/records/ru_conversation_ocr.txt");
    let r = fonds(&["--archive", a, "import", record.to_str().unwrap()]);
    assert!(r.status.success(), "{}", stderr(&r));
    let id = "digitalarchive-umd-edu-document-990101";
    let png = image.to_str().unwrap();
    let r = fonds(&["--archive", a, "attach", id, png, png]);
    assert!(r.status.success(), "{}", stderr(&r));
    let hocr = base.join("p.hocr");
    std::fs::write(
        &hocr,
        "<html><body><div class='ocr_page' title='bbox 0 0 1000 1000'>\
         <span class='ocrx_word' title='bbox 10 10 90 40; x_wconf 88'>Секретно</span></div></body></html>",
    )
    .unwrap();
    let r = fonds(&[
        "--archive",
        a,
        "ocr",
        id,
        "--import",
        hocr.to_str().unwrap(),
        "--first",
        "2",
    ]);
    assert!(r.status.success(), "{}", stderr(&r));

    let bags = base.join("bags");
    let r = fonds(&[
        "--archive",
        a,
        "export",
        bags.to_str().unwrap(),
        "--format",
        "bagit",
    ]);
    assert!(r.status.success(), "{}", stderr(&r));
    let bag = bags.join(id);
    // The image attached twice is kept once; both scans name it.
    let kept: Vec<String> = std::fs::read_dir(bag.join("data/scans"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(kept.len(), 1, "{kept:?}");
    assert_eq!(
        std::fs::read(bag.join("data/scans").join(&kept[0])).unwrap(),
        std::fs::read(&image).unwrap()
    );
    assert_eq!(
        std::fs::read(bag.join("data/ocr/0001.hocr")).unwrap(),
        std::fs::read(&hocr).unwrap()
    );
    let note: serde_json::Value =
        serde_json::from_slice(&std::fs::read(bag.join("data/scans.json")).unwrap()).unwrap();
    assert_eq!(note["scans"].as_array().unwrap().len(), 2);
    assert_eq!(
        note["scans"][1]["file"],
        format!("scans/{}", kept[0]).as_str()
    );
    assert_eq!(note["ocr"][0]["n"], 2);
    if let Some((python, script)) = validator("bagit.py") {
        let out = Command::new(&python)
            .arg(&script)
            .arg("--validate")
            .arg(&bag)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }

    // Imported back, the document has its scans and OCR again: exported
    // once more, its bag holds the same scans and the same OCR.
    let back = base.join("back");
    let r = fonds(&[
        "--archive",
        back.to_str().unwrap(),
        "import",
        bags.to_str().unwrap(),
    ]);
    assert!(r.status.success(), "{}", stderr(&r));
    let again = base.join("again");
    let r = fonds(&[
        "--archive",
        back.to_str().unwrap(),
        "export",
        again.to_str().unwrap(),
        "--format",
        "bagit",
    ]);
    assert!(r.status.success(), "{}", stderr(&r));
    let note_again: serde_json::Value =
        serde_json::from_slice(&std::fs::read(again.join(id).join("data/scans.json")).unwrap())
            .unwrap();
    let same = |v: &serde_json::Value, keys: &[&str]| -> Vec<Vec<String>> {
        v.as_array()
            .unwrap()
            .iter()
            .map(|e| keys.iter().map(|k| e[*k].to_string()).collect())
            .collect()
    };
    let scan_keys = [
        "n",
        "name",
        "sha256",
        "file",
        "file_sha256",
        "file_page",
        "width",
        "height",
    ];
    assert_eq!(
        same(&note["scans"], &scan_keys),
        same(&note_again["scans"], &scan_keys)
    );
    let ocr_keys = ["n", "file", "file_sha256", "format", "engine", "words"];
    assert_eq!(
        same(&note["ocr"], &ocr_keys),
        same(&note_again["ocr"], &ocr_keys)
    );

    let root = base.join("root");
    let r = fonds(&[
        "--archive",
        a,
        "export",
        root.to_str().unwrap(),
        "--format",
        "ocfl",
    ]);
    assert!(r.status.success(), "{}", stderr(&r));
    ocfl_validate(&root, true);
    let files = tree(&root);
    assert!(
        files
            .iter()
            .any(|(p, b)| p.ends_with("/v1/content/scans.json") && !b.is_empty()),
        "{:?}",
        files.iter().map(|f| &f.0).collect::<Vec<_>>()
    );
    assert!(files
        .iter()
        .any(|(p, _)| p.ends_with("/v1/content/ocr/0001.hocr")));
    let _ = std::fs::remove_dir_all(&base);
}
