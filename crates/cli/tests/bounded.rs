//! Records of the worst shapes under a memory limit: what a record holds must
//! not make `fonds` grow beyond what its size allows.
//!
//! A 9.6 MB record of 100,000 short speaker turns once made `fonds import`
//! grow to 24 GB (the turn alignment's table had a cell for every pair of
//! turns). These tests write records just under the 16 MiB size limit with
//! the shapes that push each pass of the reader (`fonds_corpus::hostile`) and
//! run the binary with its writable memory limited to 1 GiB.
//!
//! The limit is on data (`ulimit -d`, RLIMIT_DATA: the heap and every private
//! writable mapping), not on address space (`ulimit -v`): mimalloc and
//! tantivy reserve address space they never touch, about 2 GiB for an
//! import of a 16 MiB record whose resident peak is under 500 MB, while a
//! tiny record imports under an address-space limit of 192 MiB.
#![cfg(unix)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use fonds_corpus::hostile::{record, Shape};

/// The size limit of a record, less a little: the largest record a folder
/// may hold.
const NEAR_LIMIT: usize = 16 * 1024 * 1024 - 1024;

/// The writable memory the binary may use, in KiB.
const LIMIT_KIB: u64 = 1024 * 1024;

fn scratch(test: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("fonds-bounded-{}-{test}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Runs `fonds ARGS` with its data limited to [`LIMIT_KIB`].
fn limited(args: &[&str]) -> Output {
    Command::new("sh")
        .arg("-c")
        .arg(format!("ulimit -d {LIMIT_KIB} && exec \"$0\" \"$@\""))
        .arg(env!("CARGO_BIN_EXE_fonds"))
        .args(args)
        .output()
        .expect("sh runs")
}

fn path(p: &Path) -> &str {
    p.to_str().expect("a UTF-8 temporary path")
}

fn assert_ok(out: &Output, what: &str) {
    assert!(
        out.status.success(),
        "{what}: {:?}\n{}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The shape that broke: 16 MiB of short turns (about 200,000 in each text)
/// imports under the limit, the document is searchable, and the reader says
/// that the texts were too long to align.
#[test]
fn memory_does_not_grow_with_the_square_of_the_turns() {
    let dir = scratch("turns");
    let file = dir.join("turns.txt");
    std::fs::write(&file, record(Shape::Turns, NEAR_LIMIT)).unwrap();
    let archive = dir.join("archive");

    let out = limited(&["--archive", path(&archive), "import", path(&file)]);
    assert_ok(&out, "import");
    let out = limited(&["--archive", path(&archive), "search", "Mikoyan"]);
    assert_ok(&out, "search");
    let found = String::from_utf8_lossy(&out.stdout);
    assert!(found.contains("Worst Shape"), "{found}");

    let out = limited(&["check", path(&file)]);
    assert_ok(&out, "check");
    let summary = String::from_utf8_lossy(&out.stdout);
    assert!(summary.contains("[limit-reached]"), "{summary}");
    let _ = std::fs::remove_dir_all(&dir);
}

/// Every other worst shape (distinct speakers, page markers, participants,
/// one long line, deep superscripts, alternating scripts, dates, mentions,
/// unclosed marks) is read under the limit; the ones that once cost the
/// square of their size (speakers, page markers, participants, mentions)
/// are imported too. At 4 MiB, to keep the test short: each of these shapes
/// cost minutes or gigabytes at that size before it was bounded, and
/// `bench/record-memory.sh` measures them all up to 16 MiB.
#[test]
fn no_shape_of_record_escapes_the_memory_limit() {
    let dir = scratch("shapes");
    for shape in Shape::ALL.into_iter().filter(|s| *s != Shape::Turns) {
        let file = dir.join(format!("{}.txt", shape.name()));
        std::fs::write(&file, record(shape, 4 * 1024 * 1024)).unwrap();
        let out = limited(&["check", path(&file)]);
        assert_ok(&out, &format!("check {}", shape.name()));
        if matches!(
            shape,
            Shape::Speakers | Shape::Pages | Shape::Participants | Shape::Mentions
        ) {
            let archive = dir.join(format!("archive-{}", shape.name()));
            let out = limited(&["--archive", path(&archive), "import", path(&file)]);
            assert_ok(&out, &format!("import {}", shape.name()));
            let _ = std::fs::remove_dir_all(&archive);
        }
        let _ = std::fs::remove_file(&file);
    }
    let _ = std::fs::remove_dir_all(&dir);
}
