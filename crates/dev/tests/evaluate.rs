//! `fonds-dev evaluate-alignment` on the gold fixtures prints its table and
//! a total line whose recall says the alignment still finds the gold links.

use std::path::Path;
use std::process::Command;

#[test]
fn the_alignment_evaluation_prints_its_figures() {
    let gold = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/align");
    let out = Command::new(env!("CARGO_BIN_EXE_fonds-dev"))
        .arg("evaluate-alignment")
        .arg(&gold)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    let all = text
        .lines()
        .find(|l| l.starts_with("all"))
        .expect("a total line");
    let recall: f64 = all.split_whitespace().nth(3).unwrap().parse().unwrap();
    assert!(recall >= 0.9, "{text}");
}

/// `generate` writes the records it is asked for and one line of truth
/// each, the same records for the same seed.
#[test]
fn generate_writes_records_and_their_truth() {
    let dir = std::env::temp_dir().join(format!("fonds-dev-generate-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let run = |to: &Path| {
        let out = Command::new(env!("CARGO_BIN_EXE_fonds-dev"))
            .args(["generate", "--count", "5", "--seed", "9", "--start", "3"])
            .arg(to)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    run(&dir.join("a"));
    run(&dir.join("b"));
    let truth = std::fs::read_to_string(dir.join("a/truth.jsonl")).unwrap();
    assert_eq!(truth.lines().count(), 5);
    let records: Vec<_> = std::fs::read_dir(dir.join("a"))
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .filter(|n| n != "truth.jsonl")
        .collect();
    assert_eq!(records.len(), 5);
    for name in &records {
        assert_eq!(
            std::fs::read(dir.join("a").join(name)).unwrap(),
            std::fs::read(dir.join("b").join(name)).unwrap()
        );
    }
    std::fs::remove_dir_all(&dir).unwrap();
}
