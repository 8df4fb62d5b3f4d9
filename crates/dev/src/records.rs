//! `fonds-dev evaluate-records`: the reader measured against the facts the
//! team wrote beside its fixtures (`NAME.expect`), counted by kind (pages,
//! folios, reference parts, turns, speakers, dates, texts, header) over
//! every fixture of the folders named, with the facts it missed.

use fonds_corpus::facts::evaluate;
use std::path::{Path, PathBuf};

pub fn run(dirs: &[PathBuf], misses: bool) -> anyhow::Result<()> {
    let e = evaluate(dirs, |p| fonds_ingest::load(p).map_err(|e| e.to_string()))
        .map_err(anyhow::Error::msg)?;
    println!(
        "{} records in {}",
        e.records,
        dirs.iter()
            .map(|d| d.display().to_string())
            .collect::<Vec<_>>()
            .join(", ")
    );
    println!(
        "{:<10} {:>6} {:>6} {:>9}",
        "facts", "held", "of", "accuracy"
    );
    let (mut held, mut total) = (0, 0);
    for (kind, (h, t)) in &e.kinds {
        println!(
            "{kind:<10} {h:>6} {t:>6} {:>8.1}%",
            100.0 * *h as f64 / (*t).max(1) as f64
        );
        held += h;
        total += t;
    }
    println!(
        "{:<10} {held:>6} {total:>6} {:>8.1}%",
        "all",
        100.0 * held as f64 / total.max(1) as f64
    );
    crate::crossscript::print(&crate::crossscript::table()?);
    if misses {
        println!();
        for (record, f) in &e.missed {
            println!("{record}: {}: want {:?}, got {:?}", f.key, f.want, f.got);
        }
    }
    Ok(())
}

/// The default folders: the reader's fixtures and the archives' shapes.
pub fn default_dirs() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    vec![
        root.join("fixtures/records"),
        root.join("fixtures/archives"),
    ]
}
