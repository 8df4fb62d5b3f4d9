//! Index snapshots in object storage: a node with no index starts from the
//! latest, and a snapshot whose file was changed in the bucket is refused
//! whole. Runs when the tests have a PostgreSQL server and an S3 bucket
//! (`FONDS_TEST_DATABASE`, `FONDS_TEST_OBJECTS`).

use fonds_archive::Viewer;
use fonds_archive::{Archive, Place};
use fonds_search::SearchRequest;
use std::path::{Path, PathBuf};

async fn found(archive: &Archive, query: &str) -> usize {
    archive
        .search(&Viewer::owner(), query, &SearchRequest::default())
        .await
        .unwrap()
        .total
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_new_node_starts_from_the_latest_snapshot_and_refuses_a_damaged_one() {
    let base = std::env::temp_dir().join(format!("fonds-archive-snapshot-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&base);
    let place = Place::for_tests(base.join("a")).await.unwrap();
    if place.database.is_none() || place.objects.is_none() {
        eprintln!("skipped: needs FONDS_TEST_DATABASE and FONDS_TEST_OBJECTS");
        return;
    }
    let records = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/records");
    let node = |name: &str| {
        Place::new(base.join(name), place.database.clone()).with_objects(place.objects.clone())
    };

    // No snapshot yet: a second node builds its index from the database.
    let a = Archive::open(&place).await.unwrap();
    a.import(std::slice::from_ref(&records), |_| {})
        .await
        .unwrap();
    let b = Archive::open(node("b")).await.unwrap();
    assert!(b.restored().is_none(), "there was no snapshot");
    assert_eq!(found(&b, "Mikoyan").await, 1);
    drop(b);

    let s = a.snapshot_index().await.unwrap();
    assert_eq!(s.seq, 8);
    assert_eq!(s.sent, s.files, "the first snapshot sends every file");
    // Nothing changed: a second snapshot, queued for a worker, sends no
    // file but the manifest.
    a.queue(&Viewer::owner(), &fonds_archive::jobs::Job::Snapshot)
        .await
        .unwrap();
    let done = a
        .work("w1", std::time::Duration::from_secs(60), true)
        .await
        .unwrap();
    assert_eq!((done.finished, done.failed), (1, 0));
    let said = a.jobs(&Viewer::owner(), 1).await.unwrap()[0]
        .progress
        .clone();
    assert_eq!(
        said,
        format!("snapshot at change 8: {} files, 0 sent", s.files)
    );

    // A document stored after the snapshot (here, a record read again
    // under another name).
    let one = std::fs::read_dir(&records)
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    let late = base.join("late");
    std::fs::create_dir_all(&late).unwrap();
    let text = std::fs::read_to_string(&one)
        .unwrap()
        .replace("Mikoyan", "Quillbrook");
    std::fs::write(late.join("late.txt"), text).unwrap();
    a.import(&[late], |_| {}).await.unwrap();

    let c = Archive::open(node("c")).await.unwrap();
    let restored = c.restored().expect("restored").unwrap().clone();
    assert_eq!((restored.seq, restored.files), (8, s.files));
    assert_eq!(found(&c, "*").await, found(&a, "*").await);
    drop(c);

    // One of the snapshot's files changed in the bucket: refused, with the
    // reason, and nothing of it kept: the index is built from the store.
    let objects = a.objects().unwrap().clone();
    let manifest = objects
        .get(&format!("blobs/{}/{}", &s.manifest[..2], &s.manifest[2..]))
        .await
        .unwrap()
        .unwrap();
    let manifest: serde_json::Value = serde_json::from_slice(&manifest).unwrap();
    let sha = manifest["files"][0]["sha256"].as_str().unwrap();
    let name = format!("blobs/{}/{}", &sha[..2], &sha[2..]);
    let mut bytes = objects.get(&name).await.unwrap().unwrap();
    bytes.push(b'!');
    objects.put(&name, bytes).await.unwrap();
    let d = Archive::open(node("d")).await.unwrap();
    let e = d.restored().expect("tried").unwrap_err();
    assert!(
        e.contains("does not match its checksum") && e.contains(&name),
        "{e}"
    );
    assert_eq!(found(&d, "*").await, found(&a, "*").await);
    let left: Vec<PathBuf> = std::fs::read_dir(base.join("d"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("index.")
        })
        .collect();
    assert!(left.is_empty(), "{left:?}");
    let _ = std::fs::remove_dir_all(&base);
}
