//! The reader never fails and never panics, whatever it is given: arbitrary
//! strings, record-shaped noise, and team-written records cut and spliced.

use fonds_core::record::read_record;
use proptest::prelude::*;
use std::path::Path;

fn fixture_texts() -> Vec<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/records");
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect();
    v.sort();
    v
}

/// Every structural invariant a reader's output keeps, whatever the input.
fn check_invariants(input: &str) {
    let doc = read_record(input, Some("input.txt"));
    assert!(!doc.id.is_empty());
    let lines = input.lines().count().max(1) as u32 + 1;
    for text in &doc.texts {
        assert!(!text.pages.is_empty());
        for page in &text.pages {
            assert!(
                page.line >= 1 && page.line <= lines,
                "page line {} of {lines}",
                page.line
            );
            for block in &page.blocks {
                assert!(block.line >= 1 && block.line <= lines);
                assert_eq!(
                    block.speaker.is_some(),
                    block.kind == fonds_core::BlockKind::Turn
                );
            }
        }
    }
    if let Some(r) = doc
        .citation
        .archival_reference
        .as_ref()
        .and_then(|r| r.folios)
    {
        assert!(r.from <= r.to);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn arbitrary_strings(s in any::<String>()) {
        check_invariants(&s);
    }

    #[test]
    fn record_shaped_noise(s in "([#*]{0,4} ?[A-Za-zА-Яа-я0-9 .,:\\-–]{0,30}\n{1,2}|<sup>[0-9а-я]{0,5}</sup>|~~[а-я ]{0,10}~~?|\\[[A-Za-z?: ]{0,15}\\]?|- [0-9]{1,3} -\n|Тов\\. [А-Я][а-я]{2,8} - |Cde\\. [A-Z][a-z]{2,8} - |毛泽东：|[0-9]{1,3}<sup>[0-9]</sup>\n){0,60}") {
        check_invariants(&s);
    }

    #[test]
    fn spliced_fixtures(pick in 0usize..8, cut_a in 0.0f64..1.0, cut_b in 0.0f64..1.0, other in 0usize..8) {
        let texts = fixture_texts();
        let a = &texts[pick % texts.len()];
        let b = &texts[other % texts.len()];
        let at = |s: &str, f: f64| {
            let mut i = (s.len() as f64 * f) as usize;
            while !s.is_char_boundary(i) { i -= 1; }
            i
        };
        let spliced = format!("{}{}", &a[..at(a, cut_a)], &b[at(b, cut_b)..]);
        check_invariants(&spliced);
    }
}

#[test]
fn pathological_inputs() {
    for input in [
        String::new(),
        "\n".repeat(10_000),
        "#".repeat(10_000),
        "[".repeat(5_000),
        "~~".repeat(5_000),
        "<sup>".repeat(5_000),
        "Тов. Микоян - ".repeat(2_000),
        "- 2 -\n49\n".repeat(2_000),
        format!(
            "#### **Contents:**\n{}",
            "Translation - English\n".repeat(1000)
        ),
        "\u{feff}\r\n\r\n## **1956**\r\n".to_string(),
    ] {
        check_invariants(&input);
    }
}
