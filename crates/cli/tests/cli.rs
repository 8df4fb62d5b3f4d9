//! The `fonds` binary as a user runs it: exit codes, messages, and output.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn fonds(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_fonds"))
        .args(args)
        .output()
        .expect("fonds runs")
}

fn fixture(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../fixtures/records")
        .join(name)
        .to_string_lossy()
        .into_owned()
}

fn scratch(name: &str, bytes: &[u8]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("fonds-cli-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn check_prints_a_summary() {
    let out = fonds(&["check", &fixture("ru_conversation_ocr.txt")]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("AVP RF · fond 0100 · opis 52 · delo 9 · folios 13-16"),
        "{text}"
    );
    assert!(text.contains("date-conflict"), "{text}");
}

#[test]
fn check_json_is_the_document_form() {
    let out = fonds(&["check", "--json", &fixture("zh_telegram.txt")]);
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["format"], "fonds-document");
    assert_eq!(v["texts"][0]["language"], "zh");
    assert_eq!(v["citation"]["archival_reference"]["repository"], "PRC FMA");
}

#[test]
fn several_files_give_json_lines() {
    let out = fonds(&[
        "check",
        "--json",
        &fixture("zh_telegram.txt"),
        &fixture("de_minutes.txt"),
    ]);
    assert!(out.status.success());
    let lines: Vec<&str> = std::str::from_utf8(&out.stdout).unwrap().lines().collect();
    assert_eq!(lines.len(), 2);
}

#[test]
fn convert_then_read_back_gives_the_same_json() {
    let json_path = std::env::temp_dir().join(format!("fonds-convert-{}.json", std::process::id()));
    let out = fonds(&[
        "convert",
        &fixture("pl_two_translations.txt"),
        "--to",
        "json",
        "--output",
        json_path.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let again = fonds(&["convert", json_path.to_str().unwrap(), "--to", "json"]);
    assert!(again.status.success(), "{}", stderr(&again));
    assert_eq!(std::fs::read(&json_path).unwrap(), again.stdout);
}

#[test]
fn bad_inputs_get_clear_errors_and_a_failing_exit() {
    let cases: Vec<(PathBuf, &str)> = vec![
        (scratch("empty.txt", b""), "empty"),
        (
            scratch("binary.txt", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"),
            "binary",
        ),
        (
            scratch("latin1.txt", b"## **1956**\n\nGen\xfcgend"),
            "not UTF-8: invalid byte at line 3, column 4",
        ),
        (
            scratch("broken.json", b"{\"format\": \"fonds-document\", "),
            "not valid JSON",
        ),
        (
            scratch(
                "wrong.json",
                b"{\"format\": \"fonds-document\", \"version\": 1, \"id\": 5}",
            ),
            "id: expected a string",
        ),
        (PathBuf::from("/nonexistent/record.txt"), "No such file"),
        (std::env::temp_dir(), "directory"),
    ];
    for (path, want) in cases {
        let out = fonds(&["check", path.to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(1), "{}", path.display());
        let err = stderr(&out);
        assert!(
            err.contains(want) && err.contains(path.to_str().unwrap()),
            "{}: {err}",
            path.display()
        );
        assert!(!err.contains("panicked"), "{err}");
    }
}

#[test]
fn oversized_input_is_refused() {
    let big = scratch(
        "big.txt",
        &vec![b'a'; (fonds_ingest::MAX_RECORD_BYTES + 1) as usize],
    );
    let out = fonds(&["check", big.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("over the limit"), "{}", stderr(&out));
}

#[test]
fn one_bad_file_does_not_stop_the_others() {
    let bad = scratch("bad.txt", b"\0");
    let out = fonds(&["check", bad.to_str().unwrap(), &fixture("de_minutes.txt")]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stdout).contains("SAPMO-BArch"));
    assert!(stderr(&out).contains("1 of 2 files could not be read"));
}

#[test]
fn usage_errors_exit_2() {
    let out = fonds(&["convert", &fixture("de_minutes.txt"), "--to", "pdf"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn export_writes_every_format_with_a_manifest_and_json_reimports() {
    let base = std::env::temp_dir().join(format!("fonds-export-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&base);
    let archive = base.join("archive");
    let a = archive.to_str().unwrap();
    let records = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/records");
    assert!(
        fonds(&["--archive", a, "import", records.to_str().unwrap()])
            .status
            .success()
    );
    for format in ["json", "csv", "ris"] {
        let out = base.join(format);
        let r = fonds(&[
            "--archive",
            a,
            "export",
            out.to_str().unwrap(),
            "--format",
            format,
        ]);
        assert!(r.status.success(), "{}", stderr(&r));
        let manifest: serde_json::Value =
            serde_json::from_slice(&std::fs::read(out.join("manifest.json")).unwrap()).unwrap();
        assert_eq!(manifest["documents"], 8, "{format}");
        for f in manifest["files"].as_array().unwrap() {
            let bytes = std::fs::read(out.join(f["file"].as_str().unwrap())).unwrap();
            assert_eq!(f["bytes"].as_u64().unwrap() as usize, bytes.len());
        }
    }
    let csv = std::fs::read_to_string(base.join("csv/documents.csv")).unwrap();
    assert_eq!(csv.lines().count(), 9);
    assert!(csv.contains(",AVP RF,0100,52,9,13-16,"), "{csv}");
    assert_eq!(
        std::fs::read_to_string(base.join("ris/citations.ris"))
            .unwrap()
            .matches("ER  - ")
            .count(),
        8
    );
    // The JSON export reads back into another archive as the same documents.
    let again = base.join("again");
    let r = fonds(&[
        "--archive",
        again.to_str().unwrap(),
        "import",
        base.join("json").to_str().unwrap(),
    ]);
    assert!(
        String::from_utf8_lossy(&r.stdout).contains("8 imported"),
        "{}",
        String::from_utf8_lossy(&r.stdout)
    );
    let q = fonds(&[
        "--archive",
        a,
        "export",
        base.join("q").to_str().unwrap(),
        "--format",
        "json",
        "--query",
        "lang:de",
    ]);
    assert!(String::from_utf8_lossy(&q.stdout).contains("exported 1 documents"));
    std::fs::remove_dir_all(base).unwrap();
}

/// `fonds export --query` selects what `fonds search` finds: a name the
/// OCR garbled is widened to the person's other names in both, and a bad
/// query is a usage error in both, said with its place.
#[test]
fn export_selects_what_search_finds() {
    let base = std::env::temp_dir().join(format!("fonds-export-search-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&base);
    std::fs::create_dir_all(&base).unwrap();
    let source = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/align/ru_garbled.txt"),
    )
    .unwrap();
    // One record with the garbled speaker "Сокодав", aligned to Sokolov; a
    // second that names Sokolov only.
    std::fs::write(base.join("garbled.txt"), &source).unwrap();
    let clean = ["Сокодав", "Сокалов", "Сокалоп"]
        .iter()
        .fold(source.clone(), |s, garbled| s.replace(garbled, "Соколов"))
        .replace("example.org/document/3", "example.org/document/4");
    assert!(!clean.contains("Сокодав"));
    std::fs::write(base.join("clean.txt"), clean).unwrap();
    let archive = base.join("archive");
    let a = archive.to_str().unwrap();
    let imported = fonds(&[
        "--archive",
        a,
        "import",
        base.join("garbled.txt").to_str().unwrap(),
        base.join("clean.txt").to_str().unwrap(),
    ]);
    assert!(imported.status.success(), "{}", stderr(&imported));

    let query = "Сокодав";
    let search = fonds(&["--archive", a, "search", query, "--json", "--limit", "100"]);
    assert!(search.status.success(), "{}", stderr(&search));
    let found: serde_json::Value = serde_json::from_slice(&search.stdout).unwrap();
    let mut searched: Vec<String> = found["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["id"].as_str().unwrap().to_string())
        .collect();
    searched.sort();
    // Both records: the second only through the widening.
    assert_eq!(searched.len(), 2, "{searched:?}");

    let out = base.join("export");
    let export = fonds(&[
        "--archive",
        a,
        "export",
        out.to_str().unwrap(),
        "--format",
        "csv",
        "--query",
        query,
    ]);
    assert!(export.status.success(), "{}", stderr(&export));
    let csv = std::fs::read_to_string(out.join("documents.csv")).unwrap();
    let mut exported: Vec<String> = csv
        .lines()
        .skip(1)
        .map(|l| l.split(',').next().unwrap().to_string())
        .collect();
    exported.sort();
    assert_eq!(exported, searched);

    for command in ["search", "export"] {
        let args: Vec<&str> = match command {
            "search" => vec!["--archive", a, "search", "speaker:(Sokolov"],
            _ => vec![
                "--archive",
                a,
                "export",
                out.to_str().unwrap(),
                "--format",
                "csv",
                "--query",
                "speaker:(Sokolov",
            ],
        };
        let bad = fonds(&args);
        assert_eq!(bad.status.code(), Some(2), "{command}: {}", stderr(&bad));
        assert!(
            stderr(&bad).contains("invalid query"),
            "{command}: {}",
            stderr(&bad)
        );
        assert!(stderr(&bad).contains("^"), "{command}: {}", stderr(&bad));
    }
    std::fs::remove_dir_all(base).unwrap();
}

/// An editor's split of a person is kept in the archive and applied again
/// after a changed record is imported; a merge undoes it.
#[test]
fn people_decisions_survive_a_reimport() {
    let base = std::env::temp_dir().join(format!("fonds-people-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&base);
    std::fs::create_dir_all(&base).unwrap();
    let record = base.join("ru_garbled.txt");
    let source = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/align/ru_garbled.txt"),
    )
    .unwrap();
    std::fs::write(&record, &source).unwrap();
    let archive = base.join("archive");
    let a = archive.to_str().unwrap();
    let r = record.to_str().unwrap();
    let show = |who: &str| {
        let out = fonds(&["--archive", a, "people", "show", who]);
        assert!(out.status.success(), "{}", stderr(&out));
        String::from_utf8(out.stdout).unwrap()
    };
    let first_line = |who: &str| show(who).lines().next().unwrap_or("").to_string();
    assert!(fonds(&["--archive", a, "import", r]).status.success());
    assert!(
        first_line("Сокодав").starts_with("Sokolov "),
        "{}",
        show("Сокодав")
    );

    let split = fonds(&["--archive", a, "people", "split", "sokolov", "Сокодав"]);
    assert!(split.status.success(), "{}", stderr(&split));
    assert!(!first_line("Сокодав").starts_with("Sokolov "));

    // A corrected record: a new version, and the names are linked again.
    std::fs::write(
        &record,
        source.replace("Test Translator", "Test Translator, revised"),
    )
    .unwrap();
    let again = fonds(&["--archive", a, "import", r]);
    assert!(
        String::from_utf8_lossy(&again.stdout).contains("1 updated"),
        "{again:?}"
    );
    assert!(
        !first_line("Сокодав").starts_with("Sokolov "),
        "{}",
        show("Сокодав")
    );
    assert!(
        first_line("Сокалов").starts_with("Sokolov "),
        "{}",
        show("Сокалов")
    );

    let merge = fonds(&["--archive", a, "people", "merge", "Сокодав", "sokolov"]);
    assert!(merge.status.success(), "{}", stderr(&merge));
    assert!(show("Sokolov").contains("Сокодав"));
    std::fs::remove_dir_all(base).unwrap();
}

/// Runs fonds, failing the test rather than hanging if it does not finish
/// within a minute.
#[cfg(unix)]
fn fonds_within_a_minute(args: &[&str]) -> Output {
    use std::process::Stdio;
    let mut child = Command::new(env!("CARGO_BIN_EXE_fonds"))
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let start = std::time::Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > std::time::Duration::from_secs(60) {
            child.kill().unwrap();
            panic!(
                "fonds {args:?} did not finish: {:?}",
                child.wait_with_output()
            );
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    child.wait_with_output().unwrap()
}

/// A folder holding a link to a file outside it, a link to a folder, a link
/// loop and a FIFO: none is read, each is reported, the import neither
/// hangs nor fails. A link named on the command line is followed and said.
/// Sources are named relative to what was imported.
#[cfg(unix)]
#[test]
fn import_does_not_follow_links_inside_folders() {
    use std::os::unix::fs::symlink;
    let base = std::env::temp_dir().join(format!("fonds-links-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&base);
    let (outside, records) = (base.join("outside"), base.join("records"));
    std::fs::create_dir_all(&outside).unwrap();
    std::fs::create_dir_all(records.join("sub")).unwrap();
    std::fs::copy(fixture("zh_telegram.txt"), outside.join("secret.txt")).unwrap();
    std::fs::copy(
        fixture("ru_conversation_ocr.txt"),
        records.join("sub/real.txt"),
    )
    .unwrap();
    symlink(outside.join("secret.txt"), records.join("x.txt")).unwrap();
    symlink(&outside, records.join("dir")).unwrap();
    symlink(records.join("loop.txt"), records.join("loop.txt")).unwrap();
    let fifo = Command::new("mkfifo")
        .arg(records.join("pipe.txt"))
        .status()
        .unwrap();
    assert!(fifo.success());
    symlink(outside.join("secret.txt"), base.join("named.txt")).unwrap();
    let archive = base.join("archive");

    let out = fonds_within_a_minute(&[
        "--archive",
        archive.to_str().unwrap(),
        "import",
        records.to_str().unwrap(),
        base.join("named.txt").to_str().unwrap(),
        base.join("pipe-named").to_str().unwrap(),
    ]);
    // A path that does not exist is an error, before anything is read.
    assert!(!out.status.success());
    assert!(stderr(&out).contains("pipe-named"), "{}", stderr(&out));

    let fifo = Command::new("mkfifo")
        .arg(base.join("pipe-named"))
        .status()
        .unwrap();
    assert!(fifo.success());
    let out = fonds_within_a_minute(&[
        "--archive",
        archive.to_str().unwrap(),
        "import",
        records.to_str().unwrap(),
        base.join("named.txt").to_str().unwrap(),
        base.join("pipe-named").to_str().unwrap(),
    ]);
    let (summary, err) = (String::from_utf8_lossy(&out.stdout), stderr(&out));
    assert!(out.status.success(), "{summary}{err}");
    assert!(
        summary.contains("2 imported") && summary.contains("0 failed, 5 skipped"),
        "{summary}"
    );
    for said in [
        "x.txt: a symbolic link (to ",
        "dir: a symbolic link",
        "loop.txt: a loop",
        "pipe.txt: a FIFO",
        "pipe-named: a FIFO",
        "followed the symbolic link",
    ] {
        assert!(err.contains(said), "{said:?} not in {err}");
    }

    // The names the versions keep: relative, never the machine's paths.
    let names = tokio::runtime::Runtime::new().unwrap().block_on(async {
        let store = fonds_store::Store::open(&archive).await.unwrap();
        let mut names: Vec<String> = store
            .changed_since(0, 10)
            .await
            .unwrap()
            .into_iter()
            .map(|d| d.source_name)
            .collect();
        names.sort();
        names
    });
    assert_eq!(names, ["named.txt", "sub/real.txt"]);
    std::fs::remove_dir_all(base).unwrap();
}

/// A `.json` of 100,000 nested arrays is refused as JSON, not imported as
/// a record titled with its brackets.
#[test]
fn deeply_nested_json_is_refused() {
    let p = scratch("deep.json", "[".repeat(100_000).as_bytes());
    let out = fonds(&["check", p.to_str().unwrap()]);
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("not valid JSON") && stderr(&out).contains("nested"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn attach_keeps_scans_and_names_a_file_that_is_none() {
    let image = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/iiif");
    let Some(image) = std::fs::read_dir(&image)
        .ok()
        .and_then(|mut d| d.find_map(|e| e.ok().map(|e| e.path())))
    else {
        assert!(
            std::env::var_os("CI").is_none(),
            "no IIIF test image in {}",
            image.display()
        );
        return;
    };
    let dir = std::env::temp_dir().join(format!("fonds-attach-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let archive = dir.to_string_lossy().into_owned();
    let out = fonds(&[
        "--archive",
        &archive,
        "import",
        &fixture("ru_conversation_ocr.txt"),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let id = "digitalarchive-umd-edu-document-990101";
    let image = image.to_string_lossy().into_owned();
    let out = fonds(&["--archive", &archive, "attach", id, &image, &image]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains(&format!("{id}: scan 1 is ")), "{text}");
    assert!(text.contains(&format!("{id}: scan 2 is ")), "{text}");
    assert!(text.contains("1000 x 1000 pixels"), "{text}");
    // Two images for the original's four pages: said, not refused.
    assert!(
        stderr(&out).contains("2 scans and its original 4 pages"),
        "{}",
        stderr(&out)
    );

    let notes = scratch("notes.png", b"these are notes, not a scan");
    let out = fonds(&[
        "--archive",
        &archive,
        "attach",
        id,
        &image,
        &notes.to_string_lossy(),
    ]);
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("notes.png: the file is not an image"),
        "{}",
        stderr(&out)
    );
    let out = fonds(&["--archive", &archive, "attach", "no-such-document", &image]);
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("there is no document no-such-document"),
        "{}",
        stderr(&out)
    );
    // The archive is whole after the refused commands.
    let out = fonds(&["--archive", &archive, "verify", "--json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let _ = std::fs::remove_dir_all(&dir);
}
