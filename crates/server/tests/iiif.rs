//! The IIIF Image API over a document's scans: the IIIF validator at level
//! 2 against its own test image, attached to a document and served by a
//! real server; bad requests and bad files answered plainly.

mod common;

use common::{exchange, validators_python};
use fonds_archive::scans::{ScanError, ScanFile};
use fonds_archive::Place;
use fonds_archive::Viewer;
use fonds_archive::{Archive, Problem};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;

fn shared() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared")
}

/// The validator's test image, or None (a failure under CI) without it.
fn test_image() -> Option<(String, Vec<u8>)> {
    let dir = shared().join("iiif");
    let found = std::fs::read_dir(&dir)
        .ok()
        .and_then(|mut d| d.find_map(|e| e.ok().map(|e| e.path())));
    match found {
        Some(path) => Some((
            path.file_name().unwrap().to_string_lossy().into_owned(),
            std::fs::read(&path).unwrap(),
        )),
        None => {
            assert!(
                std::env::var_os("CI").is_none(),
                "the IIIF test image is missing from {}",
                dir.display()
            );
            None
        }
    }
}

/// An archive in a fresh folder holding one record, served on loopback.
async fn served(name: &str) -> (Arc<Archive>, String, SocketAddr, PathBuf) {
    let dir = std::env::temp_dir().join(format!("fonds-iiif-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let records = dir.join("records");
    std::fs::create_dir_all(&records).unwrap();
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../fixtures/records/ru_conversation_ocr.txt");
    std::fs::copy(&fixture, records.join("ru_conversation_ocr.txt")).unwrap();
    let archive = Archive::open(Place::for_tests(&dir.join("archive")).await.unwrap())
        .await
        .unwrap();
    let summary = archive.import(&[records], |_| {}).await.unwrap();
    assert!(summary.failed.is_empty(), "{:?}", summary.failed);
    let doc = archive
        .listing(&Viewer::owner(), &Default::default(), 0, 10)
        .await
        .unwrap()
        .remove(0)
        .id;
    let archive = Arc::new(archive);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(fonds_server::serve_on(
        listener,
        fonds_server::router(archive.clone()),
    ));
    (archive, doc, addr, dir)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_iiif_validator_passes_at_level_2() {
    let Some((name, bytes)) = test_image() else {
        return;
    };
    let Some(python) = validators_python("iiif-validator") else {
        return;
    };
    let (archive, doc, addr, dir) = served("validator").await;
    let attached = archive
        .attach(&doc, &[ScanFile { name, bytes }])
        .await
        .unwrap();
    assert_eq!(attached.scans.len(), 1);
    let validator = python.parent().unwrap().join("iiif-validate.py");
    let out = tokio::task::spawn_blocking(move || {
        Command::new(&python)
            .arg(&validator)
            .args(["--server", &addr.to_string(), "--prefix", "iiif/3"])
            .args(["--identifier", &format!("{doc}:1")])
            .args(["--version", "3.0", "--level", "2", "--verbose"])
            .output()
            .unwrap()
    })
    .await
    .unwrap();
    let report = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success(), "iiif-validator failed:\n{report}");
    assert!(!report.contains("FAIL"), "{report}");
    // What was rendered is kept, as derived files.
    let cached = walk(&dir.join("archive/cache/iiif"));
    assert!(cached > 10, "{cached} renderings cached");
    // With object storage, for every node: the same renderings.
    if let Some(objects) = archive.objects() {
        let shared = objects.list("derived/iiif", 10_000).await.unwrap().len();
        assert_eq!(shared, cached);
    }
    let _ = std::fs::remove_dir_all(&dir);
}

fn walk(dir: &Path) -> usize {
    std::fs::read_dir(dir).map_or(0, |d| {
        d.filter_map(Result::ok)
            .map(|e| {
                let p = e.path();
                if p.is_dir() {
                    walk(&p)
                } else {
                    1
                }
            })
            .sum()
    })
}

/// A PNG whose header claims `width` x `height` pixels, and no pixels.
fn claimed_png(width: u32, height: u32) -> Vec<u8> {
    fn crc(bytes: &[u8]) -> u32 {
        let mut c = !0u32;
        for &b in bytes {
            c ^= b as u32;
            for _ in 0..8 {
                c = if c & 1 == 1 {
                    0xEDB8_8320 ^ (c >> 1)
                } else {
                    c >> 1
                };
            }
        }
        !c
    }
    let mut ihdr = b"IHDR".to_vec();
    ihdr.extend(width.to_be_bytes());
    ihdr.extend(height.to_be_bytes());
    ihdr.extend([8, 2, 0, 0, 0]);
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    png.extend(13u32.to_be_bytes());
    png.extend(&ihdr);
    png.extend(crc(&ihdr).to_be_bytes());
    // A few bytes of compressed pixels, all a decoder would get.
    let mut idat = b"IDAT".to_vec();
    idat.extend([0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01]);
    png.extend(8u32.to_be_bytes());
    png.extend(&idat);
    png.extend(crc(&idat).to_be_bytes());
    png.extend(0u32.to_be_bytes());
    png.extend(b"IEND");
    png.extend(crc(b"IEND").to_be_bytes());
    png
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_files_and_bad_requests_are_refused_plainly() {
    let Some((name, bytes)) = test_image() else {
        return;
    };
    let (archive, doc, addr, dir) = served("bad").await;
    archive
        .attach(
            &doc,
            &[ScanFile {
                name,
                bytes: bytes.clone(),
            }],
        )
        .await
        .unwrap();
    // Files that are no scan: each named, and nothing attached with them.
    let truncated = bytes[..bytes.len() / 2].to_vec();
    for (file, bad, says) in [
        ("bomb.png", claimed_png(100_000, 100_000), "over the"),
        (
            "notes.txt",
            b"Not an image at all.".to_vec(),
            "not an image",
        ),
        ("half.png", truncated, "cannot be read"),
    ] {
        // A good image before the bad one is not attached either.
        let good = ScanFile {
            name: "good.png".into(),
            bytes: bytes.clone(),
        };
        let err = archive
            .attach(
                &doc,
                &[
                    good,
                    ScanFile {
                        name: file.into(),
                        bytes: bad,
                    },
                ],
            )
            .await
            .unwrap_err();
        let message = err.to_string();
        assert!(matches!(err, ScanError::File { .. }), "{message}");
        assert!(message.starts_with(&format!("{file}: ")), "{message}");
        assert!(message.contains(says), "{message}");
        assert_eq!(
            archive.scans(&Viewer::owner(), &doc).await.unwrap().len(),
            1,
            "{file}"
        );
    }
    let err = archive.attach("no-such-document", &[]).await.unwrap_err();
    assert!(matches!(err, ScanError::NoDocument(_)), "{err}");

    let get = |path: String| {
        let (head, body) = exchange(addr, "GET", &path, "");
        let status: u16 = head.split(' ').nth(1).unwrap().parse().unwrap();
        (status, head, String::from_utf8_lossy(&body).into_owned())
    };
    let base = format!("/iiif/3/{doc}:1");
    let (status, head, body) = get(format!("{base}/info.json"));
    assert_eq!(status, 200, "{body}");
    assert!(
        head.to_lowercase()
            .contains("access-control-allow-origin: *"),
        "{head}"
    );
    let info: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(info["id"], format!("http://{addr}{base}"));
    assert_eq!(info["profile"], "level2");
    for (path, want, says) in [
        (format!("/iiif/3/{doc}:2/info.json"), 404, "scan_not_found"),
        (format!("/iiif/3/{doc}/info.json"), 404, "scan_not_found"),
        (
            format!("{base}/full/^20000,/0/default.jpg"),
            413,
            "image_too_large",
        ),
        (format!("{base}/full/20000,/0/default.jpg"), 400, "with `^`"),
        (format!("{base}/0,0,-5,10/max/0/default.jpg"), 400, "region"),
        (format!("{base}/full/max/45/default.jpg"), 400, "rotation"),
        (format!("{base}/full/max/0/sepia.jpg"), 400, "quality"),
        (format!("{base}/full/max/0/default.bmp"), 400, "format"),
        (
            format!("{base}/9000,9000,10,10/max/0/default.png"),
            400,
            "region",
        ),
    ] {
        let (status, _, body) = get(path.clone());
        assert_eq!(status, want, "{path}: {body}");
        assert!(body.contains(says), "{path}: {body}");
    }
    let (status, head, _) = get(format!("{base}/full/max/0/default.png"));
    assert_eq!(status, 200);
    assert!(
        head.to_lowercase().contains("content-type: image/png"),
        "{head}"
    );

    // A scan's file damaged on disk is found by the fixity check.
    assert!(archive.verify().await.unwrap().problems.is_empty());
    let scan = archive
        .scans(&Viewer::owner(), &doc)
        .await
        .unwrap()
        .remove(0);
    let name = format!("blobs/{}/{}", &scan.sha256[..2], &scan.sha256[2..]);
    if let Some(objects) = archive.objects() {
        // Kept in object storage: damaged there.
        let mut damaged = objects.get(&name).await.unwrap().unwrap();
        damaged[100] ^= 1;
        objects.put(&name, damaged).await.unwrap();
    } else {
        let blob = dir.join("archive").join(&name);
        let mut damaged = std::fs::read(&blob).unwrap();
        damaged[100] ^= 1;
        let mut perms = std::fs::metadata(&blob).unwrap().permissions();
        #[allow(clippy::permissions_set_readonly_false)]
        perms.set_readonly(false);
        std::fs::set_permissions(&blob, perms).unwrap();
        std::fs::write(&blob, damaged).unwrap();
    }
    let problems = archive.verify().await.unwrap().problems;
    assert!(
        problems
            .iter()
            .any(|p| matches!(p, Problem::Scan { n: 1, .. }) && p.to_string().contains(&scan.name)),
        "{problems:?}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn manifests_validate_and_carry_the_scans_and_texts() {
    let Some((name, bytes)) = test_image() else {
        return;
    };
    let (archive, doc, addr, dir) = served("manifest").await;
    let two = [
        ScanFile {
            name: name.clone(),
            bytes: bytes.clone(),
        },
        ScanFile { name, bytes },
    ];
    archive.attach(&doc, &two).await.unwrap();
    let get = |path: &str| {
        let (head, body) = exchange(addr, "GET", path, "");
        assert!(head.starts_with("HTTP/1.1 200"), "{path}: {head}");
        serde_json::from_slice::<serde_json::Value>(&body).unwrap()
    };
    let api = get(&format!("/api/documents/{doc}"));
    let url = api["manifest"].as_str().unwrap().to_string();
    assert_eq!(url, format!("http://{addr}/iiif/manifests/{doc}"));
    let m = get(url.strip_prefix(&format!("http://{addr}")).unwrap());
    assert_eq!(m["type"], "Manifest");
    assert_eq!(m["id"], url.as_str());
    // Four pages of the original, two of them scanned.
    let canvases = m["items"].as_array().unwrap();
    assert_eq!(canvases.len(), 4);
    assert_eq!(canvases[0]["label"]["none"][0], "f. 13");
    assert_eq!(canvases[0]["width"], 1000);
    let image = &canvases[1]["items"][0]["items"][0];
    assert_eq!(image["motivation"], "painting");
    let service = image["body"]["service"][0]["id"].as_str().unwrap();
    assert_eq!(service, format!("http://{addr}/iiif/3/{doc}:2"));
    assert_eq!(canvases[2]["items"][0]["items"], serde_json::json!([]));
    // Each page's transcription and, through the alignment, its translation.
    let notes = canvases[0]["annotations"][0]["items"].as_array().unwrap();
    let langs: Vec<&str> = notes
        .iter()
        .map(|n| n["body"]["language"].as_str().unwrap())
        .collect();
    assert_eq!(langs, ["ru", "en"]);
    assert!(notes.iter().all(|n| n["motivation"] == "supplementing"));
    let text = |c: usize, k: usize| {
        canvases[c]["annotations"][0]["items"][k]["body"]["value"]
            .as_str()
            .unwrap()
            .to_string()
    };
    assert!(text(0, 0).contains("памятную записку"), "{}", text(0, 0));
    assert!(text(0, 1).contains("memorandum"), "{}", text(0, 1));
    assert!(!text(0, 1).contains("Moscow."), "{}", text(0, 1));
    assert!(
        text(2, 1).contains("report this to Moscow"),
        "{}",
        text(2, 1)
    );
    let labels: Vec<&str> = m["metadata"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["label"]["en"][0].as_str().unwrap())
        .collect();
    for want in [
        "Date",
        "Archive",
        "Archival reference",
        "Folios",
        "Translated by",
    ] {
        assert!(labels.contains(&want), "{want} in {labels:?}");
    }
    // Every rendering it offers is served.
    for r in m["rendering"].as_array().unwrap() {
        let path = r["id"]
            .as_str()
            .unwrap()
            .strip_prefix(&format!("http://{addr}"))
            .unwrap()
            .to_string();
        let (head, _) = exchange(addr, "GET", &path, "");
        assert!(head.starts_with("HTTP/1.1 200"), "{path}: {head}");
    }

    // The JSON Schema and iiif-prezi3 accept it, and a document without scans's.
    let Some(python) = validators_python("jsonschema and iiif-prezi3") else {
        return;
    };
    let with = dir.join("with-scans.json");
    std::fs::write(&with, m.to_string()).unwrap();
    let fixture =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/records/zh_telegram.txt");
    let records = dir.join("more");
    std::fs::create_dir_all(&records).unwrap();
    std::fs::copy(&fixture, records.join("zh_telegram.txt")).unwrap();
    archive.import(&[records], |_| {}).await.unwrap();
    let other = archive
        .listing(&Viewer::owner(), &Default::default(), 0, 10)
        .await
        .unwrap()
        .into_iter()
        .find(|l| l.id != doc)
        .unwrap()
        .id;
    let without = dir.join("without-scans.json");
    std::fs::write(
        &without,
        get(&format!("/iiif/manifests/{other}")).to_string(),
    )
    .unwrap();
    // The archive's collection lists the manifest, which points back to it.
    let part_of = m["partOf"][0]["id"].as_str().unwrap().to_string();
    assert_eq!(part_of, format!("http://{addr}/iiif/collections/AVP%20RF"));
    let c = get("/iiif/collections/AVP%20RF");
    assert_eq!(c["type"], "Collection");
    assert!(
        c["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|i| i["id"] == url.as_str()),
        "{c}"
    );
    let collection = dir.join("collection.json");
    std::fs::write(&collection, c.to_string()).unwrap();
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/iiif_presentation.py");
    let schema = shared().join("schemas/iiif_3_0.json");
    let out = Command::new(python)
        .arg(script)
        .arg(schema)
        .args([&with, &without, &collection])
        .output()
        .unwrap();
    let report = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success(), "{report}");
    assert!(report.contains("3 documents, 0 failed"), "{report}");
    let _ = std::fs::remove_dir_all(&dir);
}

/// An hOCR page of `words`, as a typescript's OCR would read them: ten
/// words a line, each word's box in its place, and every long word misread
/// by one letter ("и" as "н", as Tesseract reads worn type).
fn misread_hocr(words: &[String]) -> (String, Vec<(String, [u32; 4])>) {
    let mut boxes = Vec::new();
    let mut spans = String::new();
    for (i, w) in words.iter().enumerate() {
        let (x, y) = (20 + (i as u32 % 10) * 95, 20 + (i as u32 / 10) * 40);
        let read = if w.chars().count() > 5 {
            w.replacen('и', "н", 1)
        } else {
            w.clone()
        };
        spans.push_str(&format!(
            "<span class='ocrx_word' title='bbox {x} {y} {} {}; x_wconf 77'>{read}</span>\n",
            x + 90,
            y + 30
        ));
        boxes.push((read, [x, y, 90, 30]));
    }
    (
        format!(
            "<html><body><div class='ocr_page' title='bbox 0 0 1000 1000'><p class='ocr_par'><span class='ocr_line'>{spans}</span></p></div></body></html>"
        ),
        boxes,
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn content_search_finds_words_on_the_scan_through_the_transcription() {
    let Some((name, bytes)) = test_image() else {
        return;
    };
    let (archive, doc, addr, dir) = served("content-search").await;
    let get = |path: &str| {
        let (head, body) = exchange(addr, "GET", path, "");
        assert!(head.starts_with("HTTP/1.1 200"), "{path}: {head}");
        assert!(head.contains("access-control-allow-origin: *"), "{head}");
        serde_json::from_slice::<serde_json::Value>(&body).unwrap()
    };
    // Without OCR the manifest offers no search.
    archive
        .attach(&doc, &[ScanFile { name, bytes }])
        .await
        .unwrap();
    let m = get(&format!("/iiif/manifests/{doc}"));
    assert!(m.get("service").is_none(), "{}", m["service"]);

    // The first page's words, read by OCR with its misreadings.
    let stored = archive
        .document(&Viewer::owner(), &doc)
        .await
        .unwrap()
        .unwrap();
    let page = &stored.document.original().unwrap().pages[0];
    let words: Vec<String> = page
        .blocks
        .iter()
        .flat_map(|b| {
            b.reading_text()
                .split_whitespace()
                .map(str::to_string)
                .collect::<Vec<_>>()
        })
        .take(200)
        .collect();
    let (hocr, boxes) = misread_hocr(&words);
    archive
        .import_ocr(&doc, 1, "page1.hocr", hocr.as_bytes())
        .await
        .unwrap();
    let at = |read: &str| {
        boxes
            .iter()
            .find(|(w, _)| w == read)
            .map(|(_, b)| format!("{},{},{},{}", b[0], b[1], b[2], b[3]))
            .unwrap_or_else(|| panic!("{read} is not on the page"))
    };

    // The manifest advertises both versions of the search and autocomplete.
    let m = get(&format!("/iiif/manifests/{doc}"));
    let services = m["service"].as_array().unwrap();
    assert_eq!(services[0]["type"], "SearchService2");
    assert_eq!(services[0]["service"][0]["type"], "AutoCompleteService2");
    assert_eq!(services[1]["@type"], "SearchService1");
    let search2 = services[0]["id"].as_str().unwrap().to_string();
    let search1 = services[1]["@id"].as_str().unwrap().to_string();
    let path = |url: &str| {
        url.strip_prefix(&format!("http://{addr}"))
            .unwrap()
            .to_string()
    };

    // "записку" is misread "запнску" on the scan: found through the
    // transcription, shown at the misread word's box, spelled right.
    let canvas = format!("http://{addr}/iiif/manifests/{doc}/canvas/1");
    let r = get(&format!(
        "{}?q=%D0%B7%D0%B0%D0%BF%D0%B8%D1%81%D0%BA%D1%83",
        path(&search2)
    ));
    assert_eq!(r["type"], "AnnotationPage");
    let items = r["items"].as_array().unwrap();
    // Twice on the page: the memorandum handed over, and the one to study.
    assert_eq!(items.len(), 2, "{r}");
    assert_eq!(items[0]["motivation"], "highlighting");
    assert_eq!(items[0]["body"]["value"], "записку");
    assert_eq!(
        items[0]["target"],
        format!("{canvas}#xywh={}", at("запнску")).as_str()
    );
    let quote = &r["annotations"][0]["items"][0]["target"]["selector"][0];
    assert_eq!(quote["exact"], "записку");
    assert!(
        quote["prefix"].as_str().unwrap().ends_with("Вам памятную"),
        "{quote}"
    );

    // Content Search 1.0 gives the same hit as Mirador reads it.
    let r = get(&format!(
        "{}?q=%D0%B7%D0%B0%D0%BF%D0%B8%D1%81%D0%BA%D1%83",
        path(&search1)
    ));
    assert_eq!(r["@type"], "sc:AnnotationList");
    assert_eq!(r["within"]["total"], 2);
    assert_eq!(
        r["resources"][0]["on"],
        format!("{canvas}#xywh={}", at("запнску")).as_str()
    );
    assert_eq!(r["hits"][0]["match"], "записку");
    assert_eq!(r["hits"][0]["annotations"][0], r["resources"][0]["@id"]);

    // A word OCR read and no transcription has: none. A stem: its forms.
    let r = get(&format!("{}?q=zzzz", path(&search2)));
    assert_eq!(r["items"], serde_json::json!([]));

    // Autocomplete, both versions.
    let auto2 = services[0]["service"][0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let r = get(&format!("{}?q=%D0%B7%D0%B0%D0%BF", path(&auto2)));
    assert_eq!(r["type"], "TermPage");
    let values: Vec<&str> = r["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["value"].as_str().unwrap())
        .collect();
    assert!(values.contains(&"записку"), "{values:?}");
    let auto1 = services[1]["service"][0]["@id"]
        .as_str()
        .unwrap()
        .to_string();
    let r = get(&format!("{}?q=%D0%B7%D0%B0%D0%BF", path(&auto1)));
    assert!(
        r["terms"]
            .as_array()
            .unwrap()
            .iter()
            .any(|t| t["match"] == "записку"),
        "{r}"
    );

    // A document that is not there, and a query too long.
    let (head, body) = exchange(addr, "GET", "/iiif/search/2/no-such-doc?q=a", "");
    assert!(head.starts_with("HTTP/1.1 404"), "{head}");
    assert!(String::from_utf8_lossy(&body).contains("no-such-doc"));
    let long = "a".repeat(300);
    let (head, _) = exchange(addr, "GET", &format!("{}?q={long}", path(&search2)), "");
    assert!(head.starts_with("HTTP/1.1 400"), "{head}");

    // The manifest with its services still validates.
    if let Some(python) = validators_python("jsonschema and iiif-prezi3") {
        let file = dir.join("searchable.json");
        std::fs::write(&file, m.to_string()).unwrap();
        let out = Command::new(python)
            .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/iiif_presentation.py"))
            .arg(shared().join("schemas/iiif_3_0.json"))
            .arg(&file)
            .output()
            .unwrap();
        let report = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(report.contains("1 documents, 0 failed"), "{report}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// Sends `bytes` as the body of a POST, with a bearer token if given, and
/// returns the answer's status line and body.
fn post_bytes(
    addr: SocketAddr,
    path: &str,
    token: Option<&str>,
    bytes: &[u8],
) -> (String, serde_json::Value) {
    use std::io::{Read, Write};
    let mut s = std::net::TcpStream::connect(addr).unwrap();
    let auth = token.map_or(String::new(), |t| format!("Authorization: Bearer {t}\r\n"));
    write!(
        s,
        "POST {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n{auth}Content-Type: application/octet-stream\r\nContent-Length: {}\r\n\r\n",
        bytes.len()
    )
    .unwrap();
    s.write_all(bytes).unwrap();
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).unwrap();
    let split = raw.windows(4).position(|w| w == b"\r\n\r\n").unwrap();
    let head = String::from_utf8_lossy(&raw[..split]).to_string();
    let body = serde_json::from_slice(&raw[split + 4..]).unwrap_or(serde_json::Value::Null);
    (head.lines().next().unwrap_or_default().to_string(), body)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn editors_upload_scans_through_the_api() {
    let Some((_, bytes)) = test_image() else {
        return;
    };
    let (archive, doc, addr, dir) = served("upload").await;
    let path = format!("/api/documents/{doc}/scans?name=f13.png");
    let owner = Viewer::owner();
    archive
        .add_user(
            &owner,
            "ed",
            fonds_archive::Role::Editor,
            "a password long enough",
        )
        .await
        .unwrap();
    let token = archive.new_token(&owner, "ed", "uploads").await.unwrap();
    let token = token.as_str();
    let (status, body) = post_bytes(addr, &path, None, &bytes);
    assert!(status.contains(" 401 "), "{status} {body}");
    let (status, body) = post_bytes(addr, &path, Some(token), &bytes);
    assert!(status.contains(" 201 "), "{status} {body}");
    assert_eq!(body["scans"][0]["n"], 1);
    assert_eq!(body["scans"][0]["name"], "f13.png");
    assert_eq!(body["scans"][0]["width"], 1000);
    assert_eq!(
        archive.scans(&Viewer::owner(), &doc).await.unwrap().len(),
        1
    );
    // What is not a scan is named and nothing is added.
    let (status, body) = post_bytes(
        addr,
        &format!("/api/documents/{doc}/scans?name=notes.txt"),
        Some(token),
        b"just some words",
    );
    assert!(status.contains(" 400 "), "{status} {body}");
    assert!(
        body["message"]
            .as_str()
            .unwrap_or_default()
            .starts_with("notes.txt: "),
        "{body}"
    );
    let (status, _) = post_bytes(
        addr,
        &format!("/api/documents/{doc}/scans?name=../x.png"),
        Some(token),
        &bytes,
    );
    assert!(status.contains(" 400 "), "{status}");
    let (status, _) = post_bytes(
        addr,
        "/api/documents/no-such/scans?name=a.png",
        Some(token),
        &bytes,
    );
    assert!(status.contains(" 404 "), "{status}");
    // The list names the one scan, with its image service.
    let (head, body) = exchange(addr, "GET", &format!("/api/documents/{doc}/scans"), "");
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");
    let listed: serde_json::Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(listed["scans"].as_array().unwrap().len(), 1);
    assert_eq!(
        listed["scans"][0]["image"],
        format!("/iiif/3/{doc}:1").as_str()
    );
    let _ = std::fs::remove_dir_all(&dir);
}
