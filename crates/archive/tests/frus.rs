//! The US Office of the Historian's FRUS volumes in TEI, from `../shared`:
//! every document of the three volumes imports, and each volume is a
//! collection a researcher can search and browse.

use fonds_archive::Archive;
use fonds_search::SearchRequest;
use std::path::Path;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_three_frus_volumes_import_and_search() {
    let dir = std::env::temp_dir().join(format!("fonds-frus-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let archive = Archive::open(&dir).await.unwrap();
    let frus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus/frus");
    let summary = archive
        .import(std::slice::from_ref(&frus), |_| {})
        .await
        .unwrap();
    assert!(summary.failed.is_empty(), "{:?}", summary.failed);
    assert_eq!(summary.imported, 1473);

    let req = SearchRequest {
        limit: 5,
        facets: true,
        ..SearchRequest::default()
    };
    let all = archive.search("*", &req).await.unwrap();
    assert_eq!(all.total, 1473);
    let collections = all.facets.unwrap().collection;
    assert_eq!(collections.len(), 3, "{collections:?}");
    assert_eq!(collections.iter().map(|(_, n)| n).sum::<u64>(), 1473);
    let telegrams = archive.search("type:telegram", &req).await.unwrap();
    assert!(telegrams.total > 100, "{}", telegrams.total);
    let in_1918 = archive.search("date:1918", &req).await.unwrap();
    assert!(in_1918.total > 300, "{}", in_1918.total);
    let petrograd = archive.search("Petrograd", &req).await.unwrap();
    assert!(petrograd.total > 50, "{}", petrograd.total);

    // Importing the volumes again changes nothing.
    let again = archive.import(&[frus], |_| {}).await.unwrap();
    assert_eq!(
        (again.imported, again.updated, again.unchanged),
        (0, 0, 1473)
    );
    std::fs::remove_dir_all(dir).unwrap();
}
