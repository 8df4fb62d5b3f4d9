//! A page written in the record format for an editor reads back as the
//! same blocks: what an editor leaves alone stays as it was.

use fonds_core::model::{Block, Inline};
use fonds_core::record::{read_record, write::page_text, write::read_page};
use std::path::Path;

fn records() -> Vec<(String, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/records");
    let mut v: Vec<(String, String)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .map(|p| {
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                std::fs::read_to_string(&p).unwrap(),
            )
        })
        .collect();
    v.sort();
    v
}

/// What a reader sees of a block: its kind, speaker and content.
fn seen(b: &Block) -> (String, Option<String>, bool, Vec<Inline>) {
    let mut content = b.content.clone();
    // Runs of text compare with their spaces as one.
    for i in &mut content {
        if let Inline::Text(t) = i {
            *t = t.split_whitespace().collect::<Vec<_>>().join(" ");
        }
    }
    (
        b.kind.as_str().to_string(),
        b.speaker.as_ref().map(|s| s.label.clone()),
        b.continued,
        content,
    )
}

#[test]
fn every_page_reads_back_as_it_was_written() {
    let mut pages = 0;
    let mut differ = Vec::new();
    for (name, text) in records() {
        let doc = read_record(&text, Some(&name));
        for t in &doc.texts {
            for (i, page) in t.pages.iter().enumerate() {
                pages += 1;
                let written = page_text(page);
                let (back, _) = read_page(t, i, &written);
                let got: Vec<_> = back.blocks.iter().map(seen).collect();
                let want: Vec<_> = page.blocks.iter().map(seen).collect();
                if got != want {
                    differ.push(format!(
                        "{name} {:?} page {}:\n{written}\nwant {want:?}\ngot  {got:?}",
                        t.role,
                        i + 1
                    ));
                }
            }
        }
    }
    assert!(pages > 10);
    assert!(
        differ.is_empty(),
        "{} of {pages} pages differ:\n{}",
        differ.len(),
        differ.join("\n\n")
    );
}
