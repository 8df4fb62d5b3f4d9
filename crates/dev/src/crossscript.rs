//! The cross-script table of `fonds-dev evaluate-records`: for each pair of
//! writing systems of one script's names (Han, Pinyin, Wade-Giles, Palladius
//! for Chinese; Hangul, McCune-Reischauer, Revised Romanization, Kontsevich
//! for Korean; Cyrillic, BGN/PCGN, ALA-LC, ISO 9 for Russian), how many
//! searches for a person's name written in one found the document that
//! writes it in the other. Each name in each system is a record of its own
//! in a fresh archive; a search is found when its hits include that record.

use fonds_archive::Archive;
use fonds_archive::Viewer;
use fonds_names::romanize::{forms, System};
use fonds_search::SearchRequest;
use std::collections::BTreeMap;

/// The names tried, in the script each is written in natively.
const NAMES: &[&str] = &[
    "刘少奇",
    "邓小平",
    "周恩来",
    "毛泽东",
    "彭德怀",
    "陈毅",
    "朱德",
    "陈云",
    "李富春",
    "杨尚昆",
    "김일성",
    "박헌영",
    "김두봉",
    "최용건",
    "남일",
    "허가이",
    "박정애",
    "김책",
    "최창익",
    "방학세",
    "Громыко",
    "Микоян",
    "Хрущёв",
    "Молотов",
    "Брежнев",
    "Суслов",
    "Пономарёв",
    "Андропов",
];

/// The native script's name for the first system of a row.
fn native(name: &str) -> &'static str {
    let c = name.chars().next().unwrap_or(' ');
    match c as u32 {
        0xAC00..=0xD7AF => "Hangul",
        0x0400..=0x04FF => "Cyrillic",
        _ => "Han",
    }
}

/// A record of one name written one way.
fn record(n: usize, form: &str) -> String {
    format!(
        "\n\n## **March 3, 1958**\n\n### **Note on a Conversation, No. {n}**\n\n#### **Citation:**\n\n\"Note on a Conversation, No. {n}\", March 3, 1958, Test Archive.\n\n#### **Original Language:**\n\nEnglish\n\n#### **Contents:**\n\nTranscript - English\n\nThe conversation with {form} took place in the morning. The ambassador handed over a note on trade.\n"
    )
}

/// Each name's spellings: (system, form), the native script first.
fn spellings() -> Vec<Vec<(String, String)>> {
    NAMES
        .iter()
        .map(|name| {
            let mut v = vec![(native(name).to_string(), name.to_string())];
            for (system, form) in forms(name) {
                // A Russian name also has Pinyin and Wade-Giles readings
                // when its letters happen to read as Palladius: not its own.
                if native(name) == "Cyrillic"
                    && matches!(system, System::Pinyin | System::WadeGiles)
                {
                    continue;
                }
                v.push((system.as_str().to_string(), form));
            }
            v
        })
        .collect()
}

/// Tried and found, by pair of systems (written in, searched in).
pub fn table() -> anyhow::Result<BTreeMap<(String, String), (usize, usize)>> {
    let base = std::env::temp_dir().join(format!("fonds-crossscript-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&base);
    let records = base.join("records");
    std::fs::create_dir_all(&records)?;
    let all = spellings();
    let mut ids: BTreeMap<(usize, usize), String> = BTreeMap::new();
    let mut n = 0;
    for (i, forms) in all.iter().enumerate() {
        for (j, (_, form)) in forms.iter().enumerate() {
            n += 1;
            std::fs::write(records.join(format!("r{n:04}.txt")), record(n, form))?;
            ids.insert((i, j), format!("r{n:04}"));
        }
    }
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    let out = rt.block_on(async {
        let archive = Archive::open(&base.join("archive")).await?;
        archive
            .import(std::slice::from_ref(&records), |_| {})
            .await?;
        // Each record's id, by the title's number.
        let mut by_number: BTreeMap<String, String> = BTreeMap::new();
        let page = archive
            .search(
                &Viewer::owner(),
                "*",
                &SearchRequest {
                    limit: 10_000,
                    ..SearchRequest::default()
                },
            )
            .await?;
        for hit in page.hits {
            if let Some(no) = hit.card.title.rsplit("No. ").next() {
                by_number.insert(
                    format!("r{:04}", no.trim().parse::<usize>().unwrap_or(0)),
                    hit.card.id,
                );
            }
        }
        let mut table: BTreeMap<(String, String), (usize, usize)> = BTreeMap::new();
        for (i, forms) in all.iter().enumerate() {
            for (a, (written, _)) in forms.iter().enumerate() {
                let Some(target) = ids.get(&(i, a)).and_then(|r| by_number.get(r)) else {
                    continue;
                };
                for (b, (searched, form)) in forms.iter().enumerate() {
                    if a == b {
                        continue;
                    }
                    let hits = archive
                        .search(
                            &Viewer::owner(),
                            form,
                            &SearchRequest {
                                limit: 200,
                                ..SearchRequest::default()
                            },
                        )
                        .await?;
                    let found = hits.hits.iter().any(|h| &h.card.id == target);
                    let slot = table
                        .entry((written.clone(), searched.clone()))
                        .or_insert((0, 0));
                    slot.0 += 1;
                    slot.1 += usize::from(found);
                }
            }
        }
        anyhow::Ok(table)
    })?;
    let _ = std::fs::remove_dir_all(&base);
    Ok(out)
}

pub fn print(table: &BTreeMap<(String, String), (usize, usize)>) {
    println!();
    println!("names across scripts: a record writes a name one way, a search writes it another");
    println!(
        "{:<22} {:<22} {:>6} {:>6}",
        "written in", "searched in", "tried", "found"
    );
    let (mut tried, mut found) = (0, 0);
    for ((a, b), (t, f)) in table {
        println!("{a:<22} {b:<22} {t:>6} {f:>6}");
        tried += t;
        found += f;
    }
    println!("{:<45} {tried:>6} {found:>6}", "all");
}
