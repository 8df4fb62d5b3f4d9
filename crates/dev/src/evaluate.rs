//! `fonds-dev evaluate-alignment`: the turn alignment measured against gold
//! alignments written by hand (`NAME.txt` records with `NAME.gold` links,
//! one `o=3 t=2` per line, `-` for a turn without counterpart), and the
//! linking of names into persons against `people.persons` (one person a line,
//! `Preferred = name | name | ...`), as pairwise precision and recall: of
//! the pairs of gold names the linker put in one person, how many are one
//! person in the gold, and of the gold's pairs, how many it found.

use anyhow::Context;
use std::collections::BTreeSet;
use std::path::Path;

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

pub fn run(dir: &Path) -> anyhow::Result<()> {
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
    let people = dir.join("people.persons");
    if people.exists() {
        let docs = names
            .iter()
            .map(|name| fonds_ingest::load(&dir.join(format!("{name}.txt"))))
            .collect::<Result<Vec<_>, _>>()?;
        names_report(&std::fs::read_to_string(&people)?, &docs);
    }
    Ok(())
}

/// Links the names of `docs` as one archive and prints pairwise precision
/// and recall against the gold persons.
fn names_report(gold: &str, docs: &[fonds_core::Document]) {
    let persons: Vec<Vec<String>> = gold
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .filter_map(|l| l.split_once(" = "))
        .map(|(_, names)| names.split(" | ").map(|n| n.trim().to_string()).collect())
        .collect();
    let mut tally = fonds_core::people::tally::Tally::default();
    for d in docs {
        tally.add(&fonds_core::people::mentions::document_people(d), 1);
    }
    let (forms, links, apart) = tally.into_parts();
    let linked = fonds_core::people::link::link(&forms, &links, &apart, &[]);
    let person_of = |name: &str| {
        linked
            .iter()
            .position(|p| p.forms.iter().any(|f| f.form == name))
    };
    let gold_names: Vec<(usize, &String)> = persons
        .iter()
        .enumerate()
        .flat_map(|(i, names)| names.iter().map(move |n| (i, n)))
        .collect();
    let missing: Vec<&str> = gold_names
        .iter()
        .filter(|(_, n)| person_of(n).is_none())
        .map(|(_, n)| n.as_str())
        .collect();
    let (mut both, mut gold_pairs, mut linked_pairs) = (0usize, 0usize, 0usize);
    for (i, (gi, a)) in gold_names.iter().enumerate() {
        for (gj, b) in &gold_names[i + 1..] {
            let same_gold = gi == gj;
            let same_linked = matches!((person_of(a), person_of(b)), (Some(x), Some(y)) if x == y);
            gold_pairs += usize::from(same_gold);
            linked_pairs += usize::from(same_linked);
            both += usize::from(same_gold && same_linked);
        }
    }
    println!();
    println!(
        "names: {} gold persons, {} gold names ({} not found in the documents)",
        persons.len(),
        gold_names.len(),
        missing.len()
    );
    println!(
        "name pairs: gold {gold_pairs}, linked {linked_pairs}, both {both}; precision {:.3}, recall {:.3}",
        both as f64 / linked_pairs.max(1) as f64,
        both as f64 / gold_pairs.max(1) as f64
    );
    if !missing.is_empty() {
        println!("not found: {}", missing.join(", "));
    }
}
