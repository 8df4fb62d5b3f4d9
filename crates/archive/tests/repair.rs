//! `repair` decides from what the index holds after catching up, not from
//! counts alone. Written after a repair that caught a lagging index up,
//! found the counts equal and left a document out of the index.

use fonds_archive::Place;
use fonds_archive::{Archive, Problem};
use std::path::Path;

fn fixture(name: &str) -> (fonds_core::Document, Vec<u8>) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../fixtures/records")
        .join(name);
    (
        fonds_ingest::load(&path).unwrap(),
        std::fs::read(&path).unwrap(),
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn repair_rebuilds_an_index_that_still_lacks_a_document_after_catching_up() {
    let dir = std::env::temp_dir().join(format!("fonds-archive-repair-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let names = ["zh_telegram.txt", "de_minutes.txt", "ko_conversation.txt"];
    let mut docs: Vec<_> = names.iter().map(|n| fixture(n)).collect();
    let (late, late_bytes) = docs.pop().unwrap();
    let (lost, lost_bytes) = docs.pop().unwrap();
    let place = Place::for_tests(&dir).await.unwrap();
    {
        let archive = Archive::open(&place).await.unwrap();
        let (doc, bytes) = &docs[0];
        archive.store().put(doc, bytes, "a.txt").await.unwrap();
        archive.index().put(doc).unwrap();
        // A document the index's commit claims but does not hold...
        let seq = match archive
            .store()
            .put(&lost, &lost_bytes, "b.txt")
            .await
            .unwrap()
        {
            fonds_store::PutOutcome::Imported { seq } => seq,
            other => panic!("{other:?}"),
        };
        // ...and one the store does not have, so that the counts agree
        // once the lag is caught up.
        let mut ghost = docs[0].0.clone();
        ghost.id = "ghost".into();
        archive.index().put(&ghost).unwrap();
        archive.index().commit(seq).unwrap();
        // A change the index has not seen.
        archive
            .store()
            .put(&late, &late_bytes, "c.txt")
            .await
            .unwrap();
        archive.store().close().await;
    }
    let mut archive = Archive::open_unrepaired(&place).await.unwrap();
    let found = archive.verify().await.unwrap();
    let kinds: Vec<&str> = found.problems.iter().map(Problem::kind).collect();
    assert!(kinds.contains(&"index_behind"), "{kinds:?}");
    assert!(kinds.contains(&"not_indexed"), "{kinds:?}");
    let done = archive.repair(&found).await.unwrap();
    assert!(done.rebuilt, "{done:?}");
    let after = archive.verify().await.unwrap();
    let left: Vec<&str> = after
        .problems
        .iter()
        .map(Problem::kind)
        .filter(|k| k.starts_with("index") || *k == "not_indexed")
        .collect();
    assert!(left.is_empty(), "{:?}", after.problems);
    assert_eq!(
        archive.index().missing(&[lost.id.as_str()]).unwrap().len(),
        0
    );
    archive.store().close().await;
    let _ = std::fs::remove_dir_all(&dir);
}
