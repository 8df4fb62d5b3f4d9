//! Inputs a hostile folder can hold: links out of it, loops, FIFOs, sockets,
//! files swapped for links after the walk, and JSON nested beyond reason.
//! Each is passed over or refused with a reason, never read through, never
//! waited on.
#![cfg(unix)]

use fonds_ingest::{walk, IngestError, Input, InputProblem, Skip, Source};
use std::os::unix::fs::symlink;
use std::path::{Path, PathBuf};

const RECORD: &str = "# A record\n\nSome text of a record.\n";

/// A fresh scratch folder for one test.
fn scratch(test: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("fonds-hostile-{}-{test}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn mkfifo(path: &Path) {
    let c = std::ffi::CString::new(path.as_os_str().as_encoded_bytes()).unwrap();
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0, "mkfifo");
}

fn names(inputs: &[Input]) -> Vec<&str> {
    inputs.iter().map(|i| i.name.as_str()).collect()
}

fn skipped(w: &fonds_ingest::Walk, name: &str) -> Skip {
    w.skipped
        .iter()
        .find(|(p, _)| p.file_name().is_some_and(|n| n == name))
        .unwrap_or_else(|| panic!("{name} was not skipped: {:?}", w.skipped))
        .1
        .clone()
}

#[test]
fn links_inside_a_folder_are_not_followed() {
    let base = scratch("links");
    let outside = base.join("outside");
    std::fs::create_dir_all(&outside).unwrap();
    std::fs::write(outside.join("secret.txt"), "root:x:0:0\n").unwrap();
    let folder = base.join("records");
    std::fs::create_dir_all(folder.join("sub")).unwrap();
    std::fs::write(folder.join("sub/real.txt"), RECORD).unwrap();
    symlink(outside.join("secret.txt"), folder.join("x.txt")).unwrap();
    symlink(&outside, folder.join("dir")).unwrap();
    symlink(folder.join("loop.txt"), folder.join("loop.txt")).unwrap();
    symlink(&folder, folder.join("sub/up")).unwrap();

    let w = walk(std::slice::from_ref(&folder)).unwrap();
    assert_eq!(names(&w.files), ["sub/real.txt"]);
    assert!(!w.files[0].named);
    assert!(matches!(skipped(&w, "x.txt"), Skip::Link(t) if t.ends_with("secret.txt")));
    assert!(matches!(skipped(&w, "dir"), Skip::Link(_)));
    assert_eq!(skipped(&w, "loop.txt"), Skip::Loop);
    assert!(matches!(skipped(&w, "up"), Skip::Link(_)));
    assert!(skipped(&w, "x.txt").to_string().contains("not followed"));
    assert!(w.followed.is_empty());
    std::fs::remove_dir_all(base).unwrap();
}

#[test]
fn a_link_named_on_the_command_line_is_followed_and_said() {
    let base = scratch("named");
    std::fs::create_dir_all(base.join("real")).unwrap();
    std::fs::write(base.join("real/a.txt"), RECORD).unwrap();
    std::fs::write(base.join("b.txt"), RECORD).unwrap();
    symlink(base.join("real"), base.join("folder-link")).unwrap();
    symlink(base.join("b.txt"), base.join("file-link.txt")).unwrap();
    symlink(base.join("self"), base.join("self")).unwrap();

    let w = walk(&[
        base.join("folder-link"),
        base.join("file-link.txt"),
        base.join("self"),
    ])
    .unwrap();
    assert_eq!(names(&w.files), ["a.txt", "file-link.txt"]);
    assert!(!w.files[0].named && w.files[1].named);
    assert_eq!(w.followed.len(), 2, "{:?}", w.followed);
    assert_eq!(w.followed[0].1, base.join("real"));
    assert_eq!(skipped(&w, "self"), Skip::Loop);
    // A named link is read through; the file found in the folder is read.
    for input in &w.files {
        assert_eq!(input.read().unwrap().text, RECORD);
    }
    std::fs::remove_dir_all(base).unwrap();
}

#[test]
fn fifos_and_sockets_are_passed_over_without_waiting() {
    let base = scratch("special");
    let folder = base.join("records");
    std::fs::create_dir_all(&folder).unwrap();
    mkfifo(&folder.join("pipe.txt"));
    let _socket = std::os::unix::net::UnixListener::bind(folder.join("sock.txt")).unwrap();
    std::fs::write(folder.join("ok.txt"), RECORD).unwrap();

    let w = walk(std::slice::from_ref(&folder)).unwrap();
    assert_eq!(names(&w.files), ["ok.txt"]);
    assert!(matches!(skipped(&w, "pipe.txt"), Skip::Special(k) if k.contains("FIFO")));
    assert!(matches!(skipped(&w, "sock.txt"), Skip::Special(k) if k.contains("socket")));

    // Named on the command line: passed over too, and reading it directly
    // is refused at once rather than waiting for a writer.
    let w = walk(&[folder.join("pipe.txt")]).unwrap();
    assert!(w.files.is_empty());
    assert!(matches!(skipped(&w, "pipe.txt"), Skip::Special(_)));
    let e = fonds_ingest::read_source(&folder.join("pipe.txt")).unwrap_err();
    assert!(
        matches!(
            e,
            IngestError::Input {
                kind: InputProblem::Special(_),
                ..
            }
        ),
        "{e}"
    );
    assert!(fonds_ingest::load(Path::new("/dev/null")).is_err());
    std::fs::remove_dir_all(base).unwrap();
}

#[test]
fn a_file_swapped_for_a_link_after_the_walk_is_not_read_through_it() {
    let base = scratch("swap");
    let folder = base.join("records");
    std::fs::create_dir_all(&folder).unwrap();
    std::fs::write(base.join("secret.txt"), "root:x:0:0\n").unwrap();
    std::fs::write(folder.join("a.txt"), RECORD).unwrap();
    let w = walk(std::slice::from_ref(&folder)).unwrap();
    assert_eq!(names(&w.files), ["a.txt"]);

    std::fs::remove_file(folder.join("a.txt")).unwrap();
    symlink(base.join("secret.txt"), folder.join("a.txt")).unwrap();
    let e = w.files[0].read().unwrap_err();
    assert!(
        matches!(
            e,
            IngestError::Input {
                kind: InputProblem::SymbolicLink,
                ..
            }
        ),
        "{e}"
    );
    std::fs::remove_dir_all(base).unwrap();
}

fn parse(text: &str) -> Result<Vec<fonds_core::Document>, IngestError> {
    fonds_ingest::parse_all(&Source {
        path: PathBuf::from("deep.json"),
        text: text.to_string(),
        bytes: text.as_bytes().to_vec(),
    })
}

#[test]
fn json_nested_beyond_reason_is_refused_as_json() {
    for (open, close) in [("[", "]"), ("{\"a\":", "}")] {
        for text in [
            open.repeat(100_000),
            open.repeat(100_000) + &close.repeat(100_000),
        ] {
            let e = parse(&text).unwrap_err();
            assert!(
                matches!(&e, IngestError::JsonSyntax { message, .. } if message.contains("nested")),
                "{open}: {e}"
            );
        }
    }
    // Invalid JSON that opens as an array is refused as JSON too.
    assert!(matches!(
        parse("[1, 2,").unwrap_err(),
        IngestError::JsonSyntax { .. }
    ));
    // An array is not a fonds document.
    assert!(matches!(
        parse("[]").unwrap_err(),
        IngestError::JsonForm { .. }
    ));
    // A record that opens with a bracketed word is still a record.
    let docs = parse_named("note.txt", "[Translation]\n\n# A record\n\nText.\n").unwrap();
    assert_eq!(docs.len(), 1);
}

#[test]
fn a_folder_swapped_for_a_link_after_the_walk_is_not_read_through_it() {
    let base = scratch("swap-folder");
    let folder = base.join("records");
    std::fs::create_dir_all(folder.join("sub")).unwrap();
    std::fs::write(folder.join("sub/x.txt"), RECORD).unwrap();
    let outside = base.join("outside");
    std::fs::create_dir_all(&outside).unwrap();
    std::fs::write(outside.join("x.txt"), "root:x:0:0\n").unwrap();
    let w = walk(std::slice::from_ref(&folder)).unwrap();
    assert_eq!(names(&w.files), ["sub/x.txt"]);

    // `sub/` becomes a link to another folder holding a file of that name:
    // O_NOFOLLOW guards only the last part of the path, the identity check
    // the rest.
    std::fs::rename(folder.join("sub"), base.join("old-sub")).unwrap();
    symlink(&outside, folder.join("sub")).unwrap();
    let e = w.files[0].read().unwrap_err();
    assert!(
        matches!(
            e,
            IngestError::Input {
                kind: InputProblem::Moved,
                ..
            }
        ),
        "{e}"
    );
    assert!(e.to_string().contains("swapped"), "{e}");
    std::fs::remove_dir_all(base).unwrap();
}

#[test]
fn an_unreadable_folder_is_passed_over_and_the_walk_goes_on() {
    // Root reads a folder of mode 000 all the same, so the case cannot be
    // made there; the test then has nothing to show and says so.
    if unsafe { libc::geteuid() } == 0 {
        eprintln!("skipped: running as root, which can read a folder of mode 000");
        return;
    }
    use std::os::unix::fs::PermissionsExt;
    let base = scratch("unreadable");
    let folder = base.join("records");
    std::fs::create_dir_all(folder.join("closed")).unwrap();
    std::fs::write(folder.join("closed/x.txt"), RECORD).unwrap();
    std::fs::write(folder.join("open.txt"), RECORD).unwrap();
    std::fs::set_permissions(
        folder.join("closed"),
        std::fs::Permissions::from_mode(0o000),
    )
    .unwrap();
    let w = walk(std::slice::from_ref(&folder));
    std::fs::set_permissions(
        folder.join("closed"),
        std::fs::Permissions::from_mode(0o755),
    )
    .unwrap();
    let w = w.unwrap();
    assert_eq!(names(&w.files), ["open.txt"]);
    let skip = skipped(&w, "closed");
    assert!(matches!(skip, Skip::Unreadable(_)), "{skip:?}");
    assert!(skip.to_string().contains("could not be read"), "{skip}");
    std::fs::remove_dir_all(base).unwrap();
}

fn parse_named(name: &str, text: &str) -> Result<Vec<fonds_core::Document>, IngestError> {
    fonds_ingest::parse_all(&Source {
        path: PathBuf::from(name),
        text: text.to_string(),
        bytes: text.as_bytes().to_vec(),
    })
}

#[test]
fn records_opening_with_a_bracketed_note_are_records() {
    for head in [
        "[1958]",
        "[2]",
        "[[illegible]]",
        "[\"Secret\" stamp]",
        "[\"Secret\"] stamp",
        "[null] page",
        "[Translation]",
    ] {
        let text = format!("{head}\n\n# A record\n\nSome text of a record.\n");
        let docs = parse_named("note.txt", &text).unwrap_or_else(|e| panic!("{head}: {e}"));
        assert_eq!(docs.len(), 1, "{head}");
    }
    // A JSON array, whole or broken after its first line, is JSON.
    assert!(matches!(
        parse_named("a.txt", "[1, 2]").unwrap_err(),
        IngestError::JsonForm { .. }
    ));
    assert!(matches!(
        parse_named("a.txt", "[\n  {\"a\": 1},\n  {\"b\": \n").unwrap_err(),
        IngestError::JsonSyntax { .. }
    ));
    // A `.json` file is JSON whatever it opens with.
    assert!(matches!(
        parse_named("a.json", "[1958]\n\n# A record\n").unwrap_err(),
        IngestError::JsonSyntax { .. }
    ));
}

#[test]
fn a_text_of_brackets_is_refused_not_read_as_a_record_with_a_huge_title() {
    for text in ["[".repeat(100_000), "[x".repeat(100_000)] {
        let e = parse_named("brackets.txt", &text).unwrap_err();
        assert!(
            matches!(&e, IngestError::JsonSyntax { message, line: 1, .. }
                if message.contains("nested more than 128")),
            "{e}"
        );
    }
}
