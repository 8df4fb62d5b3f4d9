//! `fonds-dev generate`: synthetic records and their ground truth, for
//! tests by hand and for the benchmarks.

use anyhow::Context;
use std::io::Write;
use std::path::Path;
use std::time::Instant;

/// Writes `count` generated records from `start` into `dir`, and their
/// ground truth as JSON lines in `dir/truth.jsonl`.
pub fn run(dir: &Path, count: u64, seed: u64, start: u64) -> anyhow::Result<()> {
    std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    let truth_path = dir.join("truth.jsonl");
    let mut truth = std::io::BufWriter::new(
        std::fs::File::create(&truth_path)
            .with_context(|| format!("creating {}", truth_path.display()))?,
    );
    let started = Instant::now();
    let bytes = fonds_corpus::Generator::new(seed)
        .write(dir, start, count, |g| {
            let t = &g.truth;
            serde_json::to_writer(
                &mut truth,
                &serde_json::json!({
                    "file": g.file_name, "id": t.id, "title": t.title, "year": t.date.0, "doc_type": t.doc_type,
                    "original_language": t.original_language, "translation_languages": t.translation_languages,
                    "repository": t.repository, "fond": t.fond, "speakers": t.speakers, "participants": t.participants,
                }),
            )?;
            writeln!(truth)
        })
        .with_context(|| format!("writing records into {}", dir.display()))?;
    truth.flush()?;
    eprintln!(
        "fonds-dev: wrote {count} records ({:.1} MB) in {:.1} s",
        bytes as f64 / 1e6,
        started.elapsed().as_secs_f64()
    );
    Ok(())
}
