//! `fonds evaluate-alignment`: the turn alignment measured against gold
//! alignments written by hand (`NAME.txt` records with `NAME.gold` links,
//! one `o=3 t=2` per line, `-` for a turn without counterpart).

use anyhow::Context;
use std::collections::BTreeSet;
use std::path::Path;
use std::process::ExitCode;

fn side(s: &str) -> Option<Option<usize>> {
    match s {
        "-" => Some(None),
        n => n.parse().ok().map(Some),
    }
}

fn read_gold(text: &str) -> BTreeSet<(Option<usize>, Option<usize>)> {
    text.lines()
        .filter_map(|l| {
            let mut o = None;
            let mut t = None;
            for part in l.split_whitespace() {
                if let Some(v) = part.strip_prefix("o=") {
                    o = side(v);
                } else if let Some(v) = part.strip_prefix("t=") {
                    t = side(v);
                }
            }
            Some((o?, t?))
        })
        .collect()
}

pub fn run(dir: &Path) -> anyhow::Result<ExitCode> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .with_context(|| format!("reading {}", dir.display()))?
        .filter_map(|e| {
            e.ok()?
                .file_name()
                .to_str()?
                .strip_suffix(".gold")
                .map(str::to_string)
        })
        .collect();
    names.sort();
    anyhow::ensure!(
        !names.is_empty(),
        "{} holds no NAME.gold files",
        dir.display()
    );
    let (mut found_all, mut gold_all, mut predicted_all) = (0, 0, 0);
    println!(
        "{:<16} {:>6} {:>6} {:>9} {:>9}",
        "fixture", "gold", "found", "recall", "precision"
    );
    for name in &names {
        let gold = read_gold(&std::fs::read_to_string(dir.join(format!("{name}.gold")))?);
        let doc = fonds_ingest::load(&dir.join(format!("{name}.txt")))?;
        let (Some(o), Some(t)) = (doc.original(), doc.translations().next()) else {
            anyhow::bail!("{name}: the record needs an original and a translation");
        };
        let predicted: BTreeSet<(Option<usize>, Option<usize>)> =
            fonds_core::align::align_turns(o, t)
                .links
                .iter()
                .map(|l| (l.original, l.translation))
                .collect();
        let found = gold.intersection(&predicted).count();
        println!(
            "{name:<16} {:>6} {found:>6} {:>9.3} {:>9.3}",
            gold.len(),
            found as f64 / gold.len().max(1) as f64,
            found as f64 / predicted.len().max(1) as f64
        );
        found_all += found;
        gold_all += gold.len();
        predicted_all += predicted.len();
    }
    println!(
        "{:<16} {gold_all:>6} {found_all:>6} {:>9.3} {:>9.3}",
        "all",
        found_all as f64 / gold_all.max(1) as f64,
        found_all as f64 / predicted_all.max(1) as f64
    );
    Ok(ExitCode::SUCCESS)
}
