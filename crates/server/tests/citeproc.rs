//! fonds's Chicago citations compared with a reference CSL processor
//! (citeproc-py with the Chicago notes-bibliography style) on the same
//! CSL-JSON, for the shared seed, every team-written record and a tenth of
//! the documents of each FRUS volume.

use fonds_core::citation::format::CitationParts;
use serde_json::Value;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn records() -> Vec<PathBuf> {
    let mut v = vec![root().join("../shared/seed/000_d1706e7d43c0b0d8.txt")];
    for dir in ["fixtures/records", "demo/records"] {
        let mut files: Vec<PathBuf> = std::fs::read_dir(root().join(dir))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "txt"))
            .collect();
        files.sort();
        v.extend(files);
    }
    v
}

/// The style's names are initialised ("G. Goldberg"); ours are written out.
fn initialised(name: &str) -> String {
    let words: Vec<&str> = name.split_whitespace().collect();
    match words.split_last() {
        Some((family, given)) if !given.is_empty() => {
            let initials: Vec<String> = given
                .iter()
                .map(|g| format!("{}.", g.chars().next().unwrap()))
                .collect();
            format!("{} {family}", initials.join(" "))
        }
        _ => name.to_string(),
    }
}

/// Brings both renderings to one convention: the processor substitutes the
/// translator for the missing author and puts punctuation outside quotes, as
/// its locale says; Chicago puts it inside.
fn normalise(s: &str, parts: &CitationParts) -> String {
    let from_title = s.find('\u{201c}').map_or(s, |i| &s[i..]);
    let mut t = from_title
        .replace(",\u{201d}", "\u{201d},")
        .replace(".\u{201d}", "\u{201d}.")
        .replace("..", ".");
    // Without author or translator the processor puts the title in the
    // author's place too: "“Title”. “Title”. ..." reads once.
    let quoted = format!("\u{201c}{}\u{201d}. ", parts.title.trim_end_matches('.'));
    if t.starts_with(&quoted) && t[quoted.len()..].starts_with(&quoted) {
        t = t[quoted.len()..].to_string();
    }
    for tr in &parts.translators {
        t = t.replace(tr, &initialised(tr));
    }
    t
}

#[test]
fn chicago_citations_agree_with_citeproc() {
    let Some(venv) = std::env::var_os("FONDS_VALIDATORS") else {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must compare citations with citeproc-py: run scripts/test.sh"
        );
        eprintln!("citeproc-py not installed: run scripts/test.sh to compare citations");
        return;
    };
    let mut items = Vec::new();
    let mut ours = Vec::new();
    let mut docs: Vec<fonds_core::Document> = records()
        .iter()
        .map(|p| fonds_ingest::load(p).unwrap())
        .collect();
    // And FRUS documents from each of the three volumes: every tenth one.
    for volume in [
        "frus1918Russiav03.xml",
        "frus1919Parisv11.xml",
        "frus1936v03.xml",
    ] {
        let all =
            fonds_ingest::load_all(&root().join("../shared/corpus/frus").join(volume)).unwrap();
        docs.extend(all.into_iter().step_by(10));
    }
    for doc in &docs {
        let parts = CitationParts::of(doc);
        items.extend(
            fonds_server::wire::csl_json(&parts)
                .as_array()
                .unwrap()
                .iter()
                .cloned(),
        );
        ours.push(parts);
    }
    let dir = std::env::temp_dir().join(format!("fonds-citeproc-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let input = dir.join("items.json");
    std::fs::write(&input, serde_json::to_vec(&items).unwrap()).unwrap();
    let out = std::process::Command::new(Path::new(&venv).join("bin/python"))
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/citeproc_render.py"))
        .arg(&input)
        .arg("chicago-notes-bibliography")
        .output()
        .expect("python runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let rendered: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(rendered.len(), ours.len());
    let mut mismatches = Vec::new();
    for (r, parts) in rendered.iter().zip(&ours) {
        assert_eq!(r["id"], parts.id.as_str());
        for (kind, theirs, mine) in [
            ("note", &r["note"], parts.chicago_note()),
            (
                "bibliography",
                &r["bibliography"],
                parts.chicago_bibliography(),
            ),
        ] {
            let theirs = normalise(theirs.as_str().unwrap(), parts);
            let mine = normalise(&mine, parts);
            if theirs != mine {
                mismatches.push(format!(
                    "{} {kind}:\n  citeproc: {theirs}\n  fonds:    {mine}",
                    parts.id
                ));
            }
        }
    }
    std::fs::remove_dir_all(dir).ok();
    assert!(
        mismatches.is_empty(),
        "{} of {} citations differ:\n{}",
        mismatches.len(),
        2 * ours.len(),
        mismatches.join("\n")
    );
}
